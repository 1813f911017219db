//! What each option adds to operate against the baseline, and what its capabilities are worth
//! in the document's context. Every formula here is written out in `docs/cost-model.md` and,
//! shorter, in [`crate::explain`].
//!
//! Invariants: the baseline compared with itself is all zeros; a capability counts once per
//! option, however many components provide it; a provider-run component costs its price and
//! nothing else.

use std::collections::{BTreeSet, VecDeque};
use std::sync::Arc;

use petgraph::graph::NodeIndex;
use petgraph::Direction;

use crate::catalog::{self, Catalog, FootprintRule, HoursPool, Text, ValueRule};
use crate::error::{check_value, limits, ModelError};
use crate::format::{hours, money, number, percent};
use crate::graph::{resolve, Origin, ResolvedGraph};
use crate::model::{Alternative, Context, Decision, FigureName, Relation, Shared};

/// Share of a server's monthly cost attributed to its cores; the rest is attributed to its
/// memory. Makes capacity cost additive across components (see `docs/cost-model.md`).
pub const CORE_SHARE_OF_SERVER_COST: f64 = 0.5;

#[derive(Clone, Debug)]
pub struct Analysis {
    /// The document's catalog version with the kinds the document defines appended (shared,
    /// not copied, when it defines none). Kind indexes in the reports point into it.
    pub catalog: Arc<Catalog>,
    /// The context the numbers were computed in.
    pub context: Context,
    pub options: Vec<OptionReport>,
    /// Index of the baseline in `options`.
    pub baseline: usize,
    /// Kinds the baseline has (catalog indexes): what an option adds is a kind not in here.
    baseline_kinds: BTreeSet<usize>,
}

#[derive(Clone, Debug)]
pub struct OptionReport {
    pub id: String,
    pub name: String,
    /// The option as the document held it when this report was computed: a later analysis
    /// reuses the report while the option is unchanged ([`analyse_after`]).
    pub source: Shared<Alternative>,
    /// Shared with the reports reused from it, as are `components`.
    pub graph: Arc<ResolvedGraph>,
    /// One per component of `graph`, same order.
    pub components: Arc<Vec<ComponentReport>>,
    pub totals: Totals,
    /// Catalog kind indexes of the components the team operates.
    pub managed_kinds: BTreeSet<usize>,
    /// Catalog capability indexes provided by any component.
    pub capabilities: BTreeSet<usize>,
    /// Kinds of components whose failure stops something else.
    pub failure_point_kinds: BTreeSet<usize>,
    /// Kinds of components whose failure degrades what they manage: it keeps running but can no
    /// longer change, and what stops meanwhile is not started again.
    pub degrading_kinds: BTreeSet<usize>,
    pub versus_baseline: Versus,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Totals {
    pub ops_hours_month: f64,
    pub money_month: f64,
    pub cores: f64,
    pub memory_gib: f64,
    /// Parts of `ops_hours_month`, the hours cost model 2's capabilities cut.
    pub incident_hours_month: f64,
    pub routine_hours_month: f64,
    pub upgrade_hours_month: f64,
    /// One-time work of the components the team operates (cost model 2).
    pub one_time_hours: f64,
    /// Whether a component the team operates pages someone at any hour (cost model 2).
    pub pages: bool,
}

/// Where a number in a cost breakdown comes from.
#[derive(Clone, Debug, PartialEq)]
pub enum Provenance {
    /// A default of the kind (the catalog's, or the document's for a kind it defines), with its
    /// source id.
    Catalog(Text),
    /// Set by the user on this component.
    Override,
    /// The catalog gives no figure: zero.
    NotSet,
    /// Computed from the context (a footprint rule).
    Rule(&'static str),
}

#[derive(Clone, Debug, PartialEq)]
pub struct FigureLine {
    pub name: FigureName,
    pub value: f64,
    pub provenance: Provenance,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ComponentReport {
    pub operated_by_team: bool,
    /// How many instances it has in the context.
    pub instances: u32,
    /// The effective figures of one instance, with where each comes from, in the order of
    /// `FigureName::ALL` (held inline: ten thousand components are ten thousand lists).
    pub figures: [FigureLine; FigureName::ALL.len()],
    pub ops_hours_month: f64,
    /// All instances together.
    pub cores: f64,
    pub memory_gib: f64,
    pub labour_month: f64,
    pub licence_month: f64,
    pub capacity_month: f64,
    pub provider_month: f64,
    pub money_month: f64,
    /// Run once, it stops something else when it fails (what: [`OptionReport::blast_radius`]).
    pub single_point_of_failure: bool,
}

/// An option against the baseline. The baseline against itself is all zeros.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Versus {
    /// Managed kinds this option has and the baseline does not (catalog indexes).
    pub added_kinds: Vec<usize>,
    pub removed_kinds: Vec<usize>,
    pub ops_hours_month: f64,
    pub money_month: f64,
    pub cores: f64,
    pub memory_gib: f64,
    /// Capacity eaten, in servers. Cost model 1: the larger of the cores and memory deltas
    /// over a server's. Cost model 2: the servers the option's totals need (the larger of cores
    /// and memory over a server's) minus the baseline's.
    pub servers: f64,
    /// `servers` as a share of the fleet.
    pub fleet_share: f64,
    /// Hours for the team to learn the added kinds (each engineer learns each).
    pub learning_hours: f64,
    /// Cost model 2: one-time work (migration, build, instrumentation) against the baseline's.
    pub one_time_work_hours: f64,
    /// `(learning_hours + one_time_work_hours) × hourly cost`.
    pub one_time_cost: f64,
    /// Cost model 2: servers to buy for the capacity eaten beyond the fleet's spare capacity
    /// (a fixed owned fleet), already in `money_month` at the server's monthly cost.
    pub servers_to_buy: f64,
    /// Cost model 2: on-call cover hours a month the option adds (negative: removes), already
    /// in `ops_hours_month` and `money_month`.
    pub on_call_hours_month: f64,
    pub gained: Vec<CapabilityWorth>,
    pub lost: Vec<CapabilityWorth>,
    /// Worth of gained capabilities minus worth of lost ones, a month.
    pub value_month: f64,
    /// `value_month − money_month`.
    pub net_month: f64,
    /// `net_month × horizon − one_time_cost`.
    pub net_horizon: f64,
    pub failure_points_added: i64,
    /// Kinds whose failure degrades what they manage, added minus removed (partial failure:
    /// "managed by" does not stop anything, but what it manages cannot change meanwhile).
    pub degrading_points_added: i64,
    /// Ids of single points of failure whose kind is not one in the baseline.
    pub new_single_points: Vec<String>,
}

impl Versus {
    /// Managed components added minus removed, e.g. `+2`.
    pub fn managed_delta(&self) -> i64 {
        self.added_kinds.len() as i64 - self.removed_kinds.len() as i64
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct CapabilityWorth {
    /// Catalog capability index.
    pub capability: usize,
    pub value_month: f64,
    /// What the worth was worked out from beyond the context (hours left in the rule's pool,
    /// capacity eaten), so that its explanation can be written when it is shown.
    from: WorthFrom,
}

/// What a capability's worth depends on beyond the context and its rule.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct WorthFrom {
    pools: [f64; 4],
    servers_eaten: f64,
}

impl CapabilityWorth {
    /// The rule applied to this context, in words and numbers.
    pub fn explanation(&self, analysis: &Analysis) -> String {
        let mut basis = WorthBasis {
            context: &analysis.context,
            cost_model: analysis.catalog.cost_model,
            pools: self.from.pools,
            servers_eaten: self.from.servers_eaten,
        };
        worth(
            &analysis.catalog.capabilities[self.capability].value,
            &mut basis,
            true,
        )
        .1
        .unwrap_or_default()
    }
}

/// Analyses a decision document: resolves every option and compares each with the baseline.
pub fn analyse(decision: &Decision) -> Result<Analysis, ModelError> {
    analyse_reusing(decision, None)
}

/// The same analysis as [`analyse`]'s, reusing from `previous` what holds of every option whose
/// components and edges are unchanged, in the same catalog: its whole report in the same context,
/// its graph in another. An edit recomputes only the options it touches, renaming an option
/// recomputes none, and an edit of the context's numbers resolves no graph again.
pub fn analyse_after(decision: &Decision, previous: &Analysis) -> Result<Analysis, ModelError> {
    analyse_reusing(decision, Some(previous))
}

fn analyse_reusing(
    decision: &Decision,
    previous: Option<&Analysis>,
) -> Result<Analysis, ModelError> {
    let catalog = catalog::for_document(
        decision.catalog_version,
        decision.cost_model,
        &decision.kinds,
    )?;
    check_context(&decision.context)?;
    if decision.options.is_empty() {
        return Err(ModelError::NoOptions);
    }
    if decision.options.len() > limits::MAX_OPTIONS {
        return Err(ModelError::TooLarge {
            what: "options".to_string(),
            count: decision.options.len(),
            limit: limits::MAX_OPTIONS,
        });
    }
    for (i, option) in decision.options.iter().enumerate() {
        if decision.options[..i].iter().any(|o| o.id == option.id) {
            return Err(ModelError::DuplicateOption(option.id.clone()));
        }
    }
    let baseline = decision
        .options
        .iter()
        .position(|o| o.id == decision.baseline)
        .ok_or_else(|| ModelError::UnknownBaseline(decision.baseline.clone()))?;

    let context = &decision.context;
    // Graphs hold in the same catalog whatever the context; whole reports, in the same context.
    let (reusable, same_context) = match previous.filter(|p| p.catalog.same_as(&catalog)) {
        Some(previous) => (&previous.options[..], previous.context == *context),
        None => (&[][..], false),
    };
    let mut options = decision
        .options
        .iter()
        .map(|option| {
            let reused = reusable.iter().find(|r| r.computes_as(option));
            match reused {
                Some(report) if same_context => Ok(OptionReport {
                    id: option.id.clone(),
                    name: option.name.clone(),
                    source: option.clone(),
                    ..report.clone()
                }),
                Some(report) => Ok(report_option(
                    option,
                    Arc::clone(&report.graph),
                    &catalog,
                    context,
                )),
                None => {
                    check_overrides_in_option(option, decision.cost_model)?;
                    let graph = Arc::new(resolve(option, &catalog)?);
                    Ok(report_option(option, graph, &catalog, context))
                }
            }
        })
        .collect::<Result<Vec<_>, ModelError>>()?;

    let comparisons: Vec<Versus> = options
        .iter()
        .map(|option| compare(option, &options[baseline], &catalog, context))
        .collect();
    for (option, versus) in options.iter_mut().zip(comparisons) {
        option.versus_baseline = versus;
    }
    // Extended, not collected: collecting into a B-tree sorts first, with a sort of its own
    // (`order`).
    let mut baseline_kinds = BTreeSet::new();
    baseline_kinds.extend(options[baseline].graph.components.iter().map(|c| c.kind));
    Ok(Analysis {
        catalog,
        context: context.clone(),
        options,
        baseline,
        baseline_kinds,
    })
}

/// A figure of a later cost model set on a component of an earlier one's document is refused:
/// the document's model would silently ignore it.
fn check_overrides_in_option(option: &Alternative, cost_model: u32) -> Result<(), ModelError> {
    let known = FigureName::of_model(cost_model);
    for component in &option.components {
        if let Some(figure) = component.overrides.keys().find(|f| !known.contains(f)) {
            return Err(ModelError::FigureNotInModel {
                place: format!("component `{}` of option `{}`", component.id, option.id),
                figure: *figure,
                cost_model,
            });
        }
    }
    Ok(())
}

fn check_context(context: &Context) -> Result<(), ModelError> {
    let fleet = &context.fleet;
    let positive = |place: &str, value: f64| {
        if value.is_finite() && value > 0.0 {
            Ok(())
        } else {
            Err(ModelError::InvalidValue {
                place: format!("{place} (it must be more than zero)"),
                value,
            })
        }
    };
    positive("cores per server", fleet.cores_per_server)?;
    positive("memory per server", fleet.memory_gib_per_server)?;
    check_value(|| "server cost a month".into(), fleet.server_cost_month)?;
    check_value(
        || "failures per server a year".into(),
        fleet.failures_per_server_year,
    )?;
    check_value(|| "hourly cost".into(), context.team.hourly_cost)?;
    check_value(
        || "deploys a week".into(),
        context.workload.deploys_per_week,
    )?;
    check_value(
        || "demand variation".into(),
        context.workload.demand_variation,
    )?;
    check_value(|| "spare capacity".into(), fleet.spare_share)?;
    check_value(
        || "hours a deploy".into(),
        context.workload.hours_per_deploy,
    )?;
    if fleet.spare_share > 1.0 {
        return Err(ModelError::InvalidValue {
            place: "spare capacity (a share: at most 1)".into(),
            value: fleet.spare_share,
        });
    }
    if context.workload.demand_variation > 1.0 {
        return Err(ModelError::InvalidValue {
            place: "demand variation (a share: at most 1)".into(),
            value: context.workload.demand_variation,
        });
    }
    if fleet.servers > limits::MAX_SERVERS {
        return Err(ModelError::TooLarge {
            what: "servers".into(),
            count: fleet.servers as usize,
            limit: limits::MAX_SERVERS as usize,
        });
    }
    if context.workload.services > limits::MAX_SERVICES {
        return Err(ModelError::TooLarge {
            what: "services".into(),
            count: context.workload.services as usize,
            limit: limits::MAX_SERVICES as usize,
        });
    }
    Ok(())
}

/// A component's effective figures, in the order of `FigureName::ALL`.
type Figures = [FigureLine; FigureName::ALL.len()];

/// A component's effective figures: each its override, else the catalog default, else zero;
/// cores and memory with what the kind's footprint rule reserves in this context.
fn effective_figures(
    catalog: &Catalog,
    component: &crate::graph::Component,
    context: &Context,
) -> Figures {
    let mut figures = FigureName::ALL.map(|name| effective(catalog, component, name));
    if let Some(rule) = catalog.kinds[component.kind].footprint_rule {
        let ((cores, memory), name) = footprint_reserved(rule, context);
        for line in &mut figures {
            let reserved = match line.name {
                FigureName::Cores => cores,
                FigureName::MemoryGib => memory,
                _ => continue,
            };
            if line.provenance != Provenance::Override {
                line.value += reserved;
                line.provenance = Provenance::Rule(name);
            }
        }
    }
    figures
}

/// A component's effective figure: its override, else the catalog default, else zero.
fn effective(
    catalog: &Catalog,
    component: &crate::graph::Component,
    name: FigureName,
) -> FigureLine {
    if let Some(value) = component.overrides.get(&name) {
        return FigureLine {
            name,
            value: *value,
            provenance: Provenance::Override,
        };
    }
    match catalog.kinds[component.kind].figures.get(name) {
        Some(figure) => FigureLine {
            name,
            value: figure.value,
            provenance: Provenance::Catalog(figure.source.clone()),
        },
        None => FigureLine {
            name,
            value: 0.0,
            provenance: Provenance::NotSet,
        },
    }
}

/// Pods a node runs at most, as the EKS reservation formula counts them (Kubernetes' default).
pub const EKS_MAX_PODS: f64 = 110.0;

/// Cores and GiB that the EKS AMI reserves: GKE's CPU tiers; 11 MiB a pod for
/// [`EKS_MAX_PODS`] pods plus 255 MiB, plus 100 MiB for eviction.
pub fn eks_reservation(cores: f64, memory_gib: f64) -> (f64, f64) {
    let (cpu, _) = node_reservation(cores, memory_gib);
    (cpu, (11.0 * EKS_MAX_PODS + 255.0 + 100.0) / 1024.0)
}

/// Cores and GiB that a node reservation takes on a server of this size (GKE's tiers).
pub fn node_reservation(cores: f64, memory_gib: f64) -> (f64, f64) {
    let tiered = |amount: f64, tiers: &[(f64, f64)], rest: f64| -> f64 {
        let mut left = amount;
        let mut total = 0.0;
        for &(size, share) in tiers {
            let take = left.min(size);
            total += take * share;
            left -= take;
            if left <= 0.0 {
                return total;
            }
        }
        total + left * rest
    };
    let cpu = tiered(cores, &[(1.0, 0.06), (1.0, 0.01), (2.0, 0.005)], 0.0025);
    let memory = if memory_gib < 1.0 {
        255.0 / 1024.0
    } else {
        tiered(
            memory_gib,
            &[(4.0, 0.25), (4.0, 0.20), (8.0, 0.10), (112.0, 0.06)],
            0.02,
        )
    } + 100.0 / 1024.0;
    (cpu, memory)
}

/// A component's operating work, by the pool it falls in.
#[derive(Clone, Copy, Debug, Default)]
struct Work {
    routine: f64,
    upgrades: f64,
    incidents: f64,
    one_time: f64,
}

impl Work {
    /// The work of `n` instances with these effective figures (a figure not set is zero, so
    /// a cost-model-1 document, which cannot set model 2's figures, computes as it always did).
    fn of(v: impl Fn(FigureName) -> f64, n: f64) -> Work {
        Work {
            routine: v(FigureName::RoutineHoursMonth)
                + v(FigureName::RoutineHoursPerInstanceMonth) * n,
            upgrades: v(FigureName::UpgradesPerYear) / 12.0
                * (v(FigureName::HoursPerUpgrade) + v(FigureName::HoursPerUpgradePerInstance) * n),
            incidents: (v(FigureName::IncidentsPerYear)
                + v(FigureName::IncidentsPerInstanceYear) * n)
                / 12.0
                * v(FigureName::HoursPerIncident),
            one_time: v(FigureName::OneTimeHours) + v(FigureName::OneTimeHoursPerInstance) * n,
        }
    }

    fn hours_month(&self) -> f64 {
        self.routine + self.upgrades + self.incidents
    }
}

/// Whether capacity is money in this context. Cost model 1: always, at the server's price.
/// Cost model 2: except on a fixed fleet the team owns, where capacity is capacity until it
/// forces a purchase.
pub fn capacity_is_money(cost_model: u32, context: &Context) -> bool {
    cost_model < 2 || context.fleet.elastic || !context.fleet.owned
}

/// What an engineer-hour, a core and a GiB of memory cost a month in this context, and
/// whether capacity is money at all.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Rates {
    hourly: f64,
    core_cost: f64,
    gib_cost: f64,
    capacity_is_money: bool,
}

impl Rates {
    pub(crate) fn new(cost_model: u32, context: &Context) -> Rates {
        let fleet = &context.fleet;
        Rates {
            hourly: context.team.hourly_cost,
            core_cost: fleet.server_cost_month * CORE_SHARE_OF_SERVER_COST / fleet.cores_per_server,
            gib_cost: fleet.server_cost_month * (1.0 - CORE_SHARE_OF_SERVER_COST)
                / fleet.memory_gib_per_server,
            capacity_is_money: capacity_is_money(cost_model, context),
        }
    }
}

/// One component's numbers a month, all its instances together: the arithmetic of
/// `docs/cost-model.md`, the same for an analysis and for each draw of a range.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct ComponentNumbers {
    work: Work,
    cores: f64,
    memory_gib: f64,
    licence_month: f64,
    provider_month: f64,
    labour_month: f64,
    capacity_month: f64,
    money_month: f64,
}

/// The numbers of `n` instances with effective figures `v`; a provider-run component (its
/// monthly price given) costs its price, and its team's one-time work (a cutover) only.
pub(crate) fn component_numbers(
    v: impl Fn(FigureName) -> f64,
    n: f64,
    provider_price: Option<f64>,
    rates: &Rates,
) -> ComponentNumbers {
    let all = Work::of(&v, n);
    let (work, cores, memory_gib, licence_month, provider_month) = match provider_price {
        None => (
            all,
            v(FigureName::Cores) * n,
            v(FigureName::MemoryGib) * n,
            v(FigureName::LicenceMonth) * n,
            0.0,
        ),
        Some(price) => (
            Work {
                one_time: all.one_time,
                ..Work::default()
            },
            0.0,
            0.0,
            0.0,
            price,
        ),
    };
    let labour_month = work.hours_month() * rates.hourly;
    let capacity_month = if rates.capacity_is_money {
        cores * rates.core_cost + memory_gib * rates.gib_cost
    } else {
        0.0
    };
    ComponentNumbers {
        work,
        cores,
        memory_gib,
        licence_month,
        provider_month,
        labour_month,
        capacity_month,
        money_month: labour_month + licence_month + capacity_month + provider_month,
    }
}

impl Totals {
    /// Adds one component's numbers; `pages` when the team operates it and it pages someone.
    pub(crate) fn add(&mut self, numbers: &ComponentNumbers, pages: bool) {
        self.incident_hours_month += numbers.work.incidents;
        self.routine_hours_month += numbers.work.routine;
        self.upgrade_hours_month += numbers.work.upgrades;
        self.one_time_hours += numbers.work.one_time;
        self.pages |= pages;
        self.ops_hours_month += numbers.work.hours_month();
        self.money_month += numbers.money_month;
        self.cores += numbers.cores;
        self.memory_gib += numbers.memory_gib;
    }
}

/// The cores and GiB a footprint rule reserves on each server of this context, and the rule's
/// name as a figure's provenance says it.
pub(crate) fn footprint_reserved(
    rule: FootprintRule,
    context: &Context,
) -> ((f64, f64), &'static str) {
    let (cores, memory) = (
        context.fleet.cores_per_server,
        context.fleet.memory_gib_per_server,
    );
    match rule {
        FootprintRule::NodeReservation => (
            node_reservation(cores, memory),
            "node reservation (GKE tiers) + parts",
        ),
        FootprintRule::EksReservation => (
            eks_reservation(cores, memory),
            "node reservation (EKS formula) + parts",
        ),
    }
}

fn report_option(
    option: &Shared<Alternative>,
    graph: Arc<ResolvedGraph>,
    catalog: &Catalog,
    context: &Context,
) -> OptionReport {
    let rates = Rates::new(catalog.cost_model, context);

    let mut components = Vec::with_capacity(graph.components.len());
    let mut totals = Totals::default();
    let mut managed_kinds = BTreeSet::new();
    let mut capabilities = BTreeSet::new();
    let mut failure_point_kinds = BTreeSet::new();
    let mut degrading_kinds = BTreeSet::new();

    for (index, component) in graph.components.iter().enumerate() {
        let kind = &catalog.kinds[component.kind];
        let figures = effective_figures(catalog, component, context);

        let operated_by_team = component.provider.is_none();
        let instances = component.scaling.instances(context);
        let numbers = component_numbers(
            |name| figure_value(&figures, name),
            f64::from(instances),
            component.provider.as_ref().map(|p| p.price_month),
            &rates,
        );
        totals.add(&numbers, operated_by_team && kind.pages);
        if operated_by_team && kind.managed {
            managed_kinds.insert(component.kind);
        }
        for capability in kind.provides.iter() {
            if let Some(position) = catalog.capability_position(capability) {
                capabilities.insert(position);
            }
        }

        let needed_by = graph.needed_by(index);
        // Something stops with it exactly when something runs on it or depends on it; who, is
        // worked out for the component a reader opens (a walk per component would be quadratic).
        let stops_something = needed_by.iter().any(|(_, r)| r.propagates_failure());
        let single_point_of_failure = instances == 1 && stops_something;
        if stops_something {
            failure_point_kinds.insert(component.kind);
        }
        let degrades_something = needed_by.iter().any(|(_, r)| *r == Relation::ManagedBy);
        if degrades_something {
            degrading_kinds.insert(component.kind);
        }

        components.push(ComponentReport {
            operated_by_team,
            instances,
            figures,
            ops_hours_month: numbers.work.hours_month(),
            cores: numbers.cores,
            memory_gib: numbers.memory_gib,
            labour_month: numbers.labour_month,
            licence_month: numbers.licence_month,
            capacity_month: numbers.capacity_month,
            provider_month: numbers.provider_month,
            money_month: numbers.money_month,
            single_point_of_failure,
        });
    }

    OptionReport {
        id: option.id.clone(),
        name: option.name.clone(),
        source: option.clone(),
        graph,
        components: Arc::new(components),
        totals,
        managed_kinds,
        capabilities,
        failure_point_kinds,
        degrading_kinds,
        versus_baseline: Versus::default(),
    }
}

impl OptionReport {
    /// Whether this report holds for `option`: the same components and edges (its id, name
    /// and summary change no number: a copy of an option computes as the option). An option no
    /// edit has touched is the same allocation, known without a look inside.
    fn computes_as(&self, option: &Shared<Alternative>) -> bool {
        self.source.same(option)
            || (self.source.components == option.components && self.source.edges == option.edges)
    }

    /// Components that stop, directly or transitively, when component `index` fails.
    pub fn blast_radius(&self, index: usize) -> Vec<usize> {
        blast_radius(&self.graph, index)
    }

    /// Components that component `index` manages, directly or through what it manages: while
    /// it is down they keep running but cannot change.
    pub fn degraded_by(&self, index: usize) -> Vec<usize> {
        reached_through(&self.graph, index, |relation| {
            relation == Relation::ManagedBy
        })
    }

    /// What component `index` takes down when it fails: what stops, and what only degrades
    /// (managed by it, and not stopped by it).
    pub fn blast(&self, index: usize) -> Blast {
        let stops = self.blast_radius(index);
        let degrades = self
            .degraded_by(index)
            .into_iter()
            .filter(|i| !stops.contains(i))
            .collect();
        Blast { stops, degrades }
    }
}

/// What a component's failure takes down: component indexes of its option.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Blast {
    /// Run on it or depend on it, transitively: they stop.
    pub stops: Vec<usize>,
    /// Managed by it, transitively, and not among `stops`: they run on but cannot change.
    pub degrades: Vec<usize>,
}

/// Components that stop when `index` fails: everything that reaches it through edges whose
/// relation propagates failure (runs on, depends on), in breadth-first order.
fn blast_radius(graph: &ResolvedGraph, index: usize) -> Vec<usize> {
    reached_through(graph, index, Relation::propagates_failure)
}

/// Every component that reaches `index` through edges whose relation `follows`, in
/// breadth-first order.
fn reached_through(
    graph: &ResolvedGraph,
    index: usize,
    follows: impl Fn(Relation) -> bool,
) -> Vec<usize> {
    if index >= graph.components.len() {
        return Vec::new();
    }
    let mut seen = vec![false; graph.components.len()];
    seen[index] = true;
    let mut queue = VecDeque::from([index]);
    let mut reached = Vec::new();
    while let Some(current) = queue.pop_front() {
        for edge in graph
            .graph
            .edges_directed(NodeIndex::new(current), Direction::Incoming)
        {
            if !follows(graph.edges[*edge.weight()].relation) {
                continue;
            }
            let source = petgraph::visit::EdgeRef::source(&edge).index();
            if !seen[source] {
                seen[source] = true;
                reached.push(source);
                queue.push_back(source);
            }
        }
    }
    reached
}

/// The components whose kind the team learns for an option: of each kind added, the first
/// the team operates (each engineer learns each kind once).
pub(crate) fn learners<'a>(
    option: &'a OptionReport,
    added_kinds: &'a [usize],
) -> impl Iterator<Item = usize> + 'a {
    added_kinds.iter().filter_map(|&kind| {
        option
            .graph
            .components
            .iter()
            .position(|c| c.kind == kind && c.provider.is_none())
    })
}

/// A figure's value in a component's effective figures, which are in the order of
/// `FigureName::ALL` (read by place: searching the list for each figure was 7% of analysing
/// 10,000 components).
pub(crate) fn figure_value(figures: &Figures, name: FigureName) -> f64 {
    figures[name.index()].value
}

fn compare(
    option: &OptionReport,
    baseline: &OptionReport,
    catalog: &Catalog,
    context: &Context,
) -> Versus {
    let added_kinds: Vec<usize> = option
        .managed_kinds
        .difference(&baseline.managed_kinds)
        .copied()
        .collect();
    let removed_kinds: Vec<usize> = baseline
        .managed_kinds
        .difference(&option.managed_kinds)
        .copied()
        .collect();
    let learning_hours: f64 = learners(option, &added_kinds)
        .map(|index| figure_value(&option.components[index].figures, FigureName::LearningHours))
        .sum::<f64>()
        * f64::from(context.team.engineers);
    let gained_capabilities: Vec<usize> = option
        .capabilities
        .difference(&baseline.capabilities)
        .copied()
        .collect();
    let lost_capabilities: Vec<usize> = baseline
        .capabilities
        .difference(&option.capabilities)
        .copied()
        .collect();
    let (mut gained, mut lost) = (Vec::new(), Vec::new());
    let balance = balance(
        Sides {
            option: &option.totals,
            baseline: &baseline.totals,
            learning_hours,
            gained: &gained_capabilities,
            lost: &lost_capabilities,
        },
        catalog,
        context,
        |is_gained, worth| {
            if is_gained {
                gained.push(worth)
            } else {
                lost.push(worth)
            }
        },
    );

    // Extended, not collected: collecting into a B-tree sorts first, with a sort of its own
    // (`order`).
    let mut baseline_single_kinds = BTreeSet::new();
    baseline_single_kinds.extend(
        baseline
            .graph
            .components
            .iter()
            .zip(baseline.components.iter())
            .filter(|(_, r)| r.single_point_of_failure)
            .map(|(c, _)| c.kind),
    );
    let new_single_points = option
        .graph
        .components
        .iter()
        .zip(option.components.iter())
        .filter(|(c, r)| r.single_point_of_failure && !baseline_single_kinds.contains(&c.kind))
        .map(|(c, _)| c.id.clone())
        .collect();
    let failure_points_added = option
        .failure_point_kinds
        .difference(&baseline.failure_point_kinds)
        .count() as i64
        - baseline
            .failure_point_kinds
            .difference(&option.failure_point_kinds)
            .count() as i64;

    let degrading_points_added = option
        .degrading_kinds
        .difference(&baseline.degrading_kinds)
        .count() as i64
        - baseline
            .degrading_kinds
            .difference(&option.degrading_kinds)
            .count() as i64;

    Versus {
        added_kinds,
        removed_kinds,
        ops_hours_month: balance.ops_hours_month,
        money_month: balance.money_month,
        cores: option.totals.cores - baseline.totals.cores,
        memory_gib: option.totals.memory_gib - baseline.totals.memory_gib,
        servers: balance.servers,
        fleet_share: balance.fleet_share,
        learning_hours,
        one_time_work_hours: balance.one_time_work_hours,
        one_time_cost: balance.one_time_cost,
        servers_to_buy: balance.servers_to_buy,
        on_call_hours_month: balance.on_call_hours_month,
        gained,
        lost,
        value_month: balance.value_month,
        net_month: balance.net_month,
        net_horizon: balance.net_horizon,
        failure_points_added,
        degrading_points_added,
        new_single_points,
    }
}

/// What an option's balance against the baseline is computed from: both options' totals and
/// what differs between their components (the learning of the kinds added, the capabilities
/// gained and lost, by catalog index).
pub(crate) struct Sides<'a> {
    pub option: &'a Totals,
    pub baseline: &'a Totals,
    pub learning_hours: f64,
    pub gained: &'a [usize],
    pub lost: &'a [usize],
}

/// The numbers of an option against the baseline that follow from both options' totals and
/// the context: what an analysis computes once and each draw of a range again.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Balance {
    pub servers: f64,
    pub fleet_share: f64,
    pub servers_to_buy: f64,
    pub on_call_hours_month: f64,
    pub ops_hours_month: f64,
    pub money_month: f64,
    pub one_time_work_hours: f64,
    pub one_time_cost: f64,
    pub value_month: f64,
    pub net_month: f64,
    pub net_horizon: f64,
}

/// An option's balance against the baseline; `worths` is told each capability's worth as it
/// is worked out (gained: true), for an analysis to keep.
pub(crate) fn balance(
    sides: Sides,
    catalog: &Catalog,
    context: &Context,
    mut worths: impl FnMut(bool, CapabilityWorth),
) -> Balance {
    let model = catalog.cost_model;
    let (option, baseline) = (sides.option, sides.baseline);
    let in_servers = |cores: f64, memory: f64| {
        (cores / context.fleet.cores_per_server).max(memory / context.fleet.memory_gib_per_server)
    };
    let servers = if model >= 2 {
        in_servers(option.cores, option.memory_gib)
            - in_servers(baseline.cores, baseline.memory_gib)
    } else {
        in_servers(
            option.cores - baseline.cores,
            option.memory_gib - baseline.memory_gib,
        )
    };
    let fleet_share = if context.fleet.servers == 0 {
        0.0
    } else {
        servers / f64::from(context.fleet.servers)
    };
    let servers_to_buy = Purchase::new(model, context).servers_to_buy(servers);
    let on_call_hours_month = on_call_hours(catalog, context, option.pages, baseline.pages);
    let rate = context.team.hourly_cost;
    let ops_hours_month = option.ops_hours_month - baseline.ops_hours_month + on_call_hours_month;
    let money_month = option.money_month - baseline.money_month
        + on_call_hours_month * rate
        + servers_to_buy * context.fleet.server_cost_month;
    let one_time_work_hours = option.one_time_hours - baseline.one_time_hours;
    let one_time_cost = (sides.learning_hours + one_time_work_hours) * rate;

    let mut worth_of = |gained: bool, capabilities: &[usize], basis: &mut WorthBasis| -> f64 {
        let mut sum = 0.0;
        for &capability in capabilities {
            let from = WorthFrom {
                pools: basis.pools,
                servers_eaten: basis.servers_eaten,
            };
            let (value_month, _) = worth(&catalog.capabilities[capability].value, basis, false);
            sum += value_month;
            worths(
                gained,
                CapabilityWorth {
                    capability,
                    value_month,
                    from,
                },
            );
        }
        sum
    };
    let value_month = worth_of(
        true,
        sides.gained,
        &mut WorthBasis::new(context, model, option, servers),
    ) - worth_of(
        false,
        sides.lost,
        &mut WorthBasis::new(context, model, baseline, 0.0),
    );
    let net_month = value_month - money_month;
    Balance {
        servers,
        fleet_share,
        servers_to_buy,
        on_call_hours_month,
        ops_hours_month,
        money_month,
        one_time_work_hours,
        one_time_cost,
        value_month,
        net_month,
        net_horizon: net_month * f64::from(context.horizon_months) - one_time_cost,
    }
}

/// Cost model 2's purchases: on a fixed fleet the team owns, capacity eaten beyond the spare
/// capacity makes the team buy whole servers; elsewhere capacity is money already.
#[derive(Clone, Copy, Debug)]
struct Purchase {
    buys: bool,
    spare_servers: f64,
}

impl Purchase {
    fn new(cost_model: u32, context: &Context) -> Purchase {
        Purchase {
            buys: !capacity_is_money(cost_model, context),
            spare_servers: f64::from(context.fleet.servers) * context.fleet.spare_share,
        }
    }

    /// Whole servers to buy when the option eats this many servers' worth of capacity.
    fn servers_to_buy(self, eaten: f64) -> f64 {
        if !self.buys {
            return 0.0;
        }
        // A hair of tolerance, so that capacity eaten exactly up to the spare buys nothing.
        (eaten - self.spare_servers - 1e-9).max(0.0).ceil()
    }
}

/// Cost model 2's on-call term: an option whose team-operated components page someone, against
/// a baseline whose do not, pays for standing cover (and the reverse saves it). A team smaller
/// than a rotation pays `rotation ÷ engineers` times as much.
fn on_call_hours(
    catalog: &Catalog,
    context: &Context,
    option_pages: bool,
    baseline_pages: bool,
) -> f64 {
    let Some(rule) = &catalog.on_call else {
        return 0.0;
    };
    let cover = rule.cover_hours_month * on_call_understaffing(rule.rotation_size, context);
    match (option_pages, baseline_pages) {
        (true, false) => cover,
        (false, true) => -cover,
        _ => 0.0,
    }
}

/// How many times the standing cover a team smaller than a rotation pays: at least 1.
pub fn on_call_understaffing(rotation_size: f64, context: &Context) -> f64 {
    (rotation_size / f64::from(context.team.engineers.max(1))).max(1.0)
}

/// What a capability's worth is computed from: the context and, in cost model 2, the hours the
/// option carries (each pool shrinks as capabilities take their share of it) and the capacity
/// it eats.
pub struct WorthBasis<'a> {
    context: &'a Context,
    cost_model: u32,
    /// Hours a month left in each pool, in `HoursPool` order: incidents, routine, upgrades,
    /// deploys.
    pools: [f64; 4],
    servers_eaten: f64,
}

impl<'a> WorthBasis<'a> {
    pub fn new(
        context: &'a Context,
        cost_model: u32,
        totals: &Totals,
        servers_eaten: f64,
    ) -> WorthBasis<'a> {
        let workload = &context.workload;
        let deploy_hours = f64::from(workload.services) * workload.deploys_per_week * 52.0 / 12.0
            * workload.hours_per_deploy;
        WorthBasis {
            context,
            cost_model,
            pools: [
                totals.incident_hours_month,
                totals.routine_hours_month,
                totals.upgrade_hours_month,
                deploy_hours,
            ],
            servers_eaten,
        }
    }

    fn pool(&mut self, pool: HoursPool) -> &mut f64 {
        &mut self.pools[match pool {
            HoursPool::Incidents => 0,
            HoursPool::Routine => 1,
            HoursPool::Upgrades => 2,
            HoursPool::Deploys => 3,
        }]
    }
}

/// A capability's monthly worth in this context, and, when `explain`, the rule applied in words
/// and numbers (the analysis works the worth out without building any text; the explanation is
/// written for what a page or a record shows, `CapabilityWorth::explanation`). A rule that cuts
/// hours takes its share of what is left of its pool.
pub fn worth(rule: &ValueRule, basis: &mut WorthBasis, explain: bool) -> (f64, Option<String>) {
    let context = basis.context;
    let servers = f64::from(context.fleet.servers);
    let services = f64::from(context.workload.services);
    let rate = context.team.hourly_cost;
    let server_cost = context.fleet.server_cost_month;
    let stateful = context.workload.stateful;
    let stateful_note = |factor: f64| {
        if stateful {
            format!(
                " × {} (stateful: data bound to local disks must move first)",
                percent(factor)
            )
        } else {
            String::new()
        }
    };
    let factor = |f: f64| if stateful { f } else { 1.0 };
    match rule {
        ValueRule::ElasticCapacity { stateful_factor } => {
            if !context.fleet.elastic {
                return (
                    0.0,
                    explain.then(|| "Worth nothing: the fleet is fixed, so there are no servers to shed when demand falls or to add when it rises.".into()),
                );
            }
            let value = servers
                * server_cost
                * context.workload.demand_variation
                * factor(*stateful_factor);
            (
                value,
                explain.then(|| {
                    format!(
                        "Elastic fleet: {} servers × {} a month × {} idle on average{} = {}",
                        number(servers),
                        money(server_cost),
                        percent(context.workload.demand_variation),
                        stateful_note(*stateful_factor),
                        money(value)
                    )
                }),
            )
        }
        ValueRule::FailureRecovery {
            recovery_hours,
            stateful_factor,
        } => {
            let failures = servers * context.fleet.failures_per_server_year / 12.0;
            let value = failures * recovery_hours * rate * factor(*stateful_factor);
            (
                value,
                explain.then(|| {
                    format!(
                        "{} server failures a month × {} of manual recovery × {}/h{} = {}",
                        number(failures),
                        hours(*recovery_hours),
                        money(rate),
                        stateful_note(*stateful_factor),
                        money(value)
                    )
                }),
            )
        }
        ValueRule::Packing {
            max_saving,
            full_at_services,
            stateful_factor,
        } => {
            let spread = if *full_at_services > 0.0 {
                ((services - 1.0).max(0.0) / full_at_services).min(1.0)
            } else {
                0.0
            };
            let value = servers * server_cost * max_saving * spread * factor(*stateful_factor);
            let why = if services <= 1.0 {
                " (one service: nothing to pack together)"
            } else {
                ""
            };
            (
                value,
                explain.then(|| {
                    format!(
                        "{} servers × {} × up to {} saved × {} of the way to {} services{}{} = {}",
                        number(servers),
                        money(server_cost),
                        percent(*max_saving),
                        percent(spread),
                        number(*full_at_services + 1.0),
                        why,
                        stateful_note(*stateful_factor),
                        money(value)
                    )
                }),
            )
        }
        ValueRule::PerExtraService { hours_month } => {
            let extra = (services - 1.0).max(0.0);
            let value = extra * hours_month * rate;
            (
                value,
                explain.then(|| {
                    format!(
                        "{} {} beyond the first × {} a month × {}/h = {}",
                        number(extra),
                        if extra == 1.0 { "service" } else { "services" },
                        hours(*hours_month),
                        money(rate),
                        money(value)
                    )
                }),
            )
        }
        ValueRule::PerService { hours_month } => {
            let value = services * hours_month * rate;
            (
                value,
                explain.then(|| {
                    format!(
                        "{} services × {} a month × {}/h = {}",
                        number(services),
                        hours(*hours_month),
                        money(rate),
                        money(value)
                    )
                }),
            )
        }
        ValueRule::PerServer { hours_month } => {
            let value = servers * hours_month * rate;
            (
                value,
                explain.then(|| {
                    format!(
                        "{} servers × {} a month × {}/h = {}",
                        number(servers),
                        hours(*hours_month),
                        money(rate),
                        money(value)
                    )
                }),
            )
        }
        ValueRule::PerDeploy { hours: saved } => {
            let deploys = services * context.workload.deploys_per_week * 52.0 / 12.0;
            let value = deploys * saved * rate;
            (
                value,
                explain.then(|| {
                    format!(
                        "{} deploys a month × {} saved each × {}/h = {}",
                        number(deploys),
                        hours(*saved),
                        money(rate),
                        money(value)
                    )
                }),
            )
        }
        ValueRule::FixedHours { hours_month } => {
            let value = hours_month * rate;
            (
                value,
                explain.then(|| {
                    format!(
                        "{} a month saved × {}/h = {}",
                        hours(*hours_month),
                        money(rate),
                        money(value)
                    )
                }),
            )
        }
        ValueRule::CutsHours { pool, share } => {
            let left = basis.pool(*pool);
            let carried = *left;
            let cut = carried * share.min(1.0);
            *left -= cut;
            let value = cut * rate;
            (
                value,
                explain.then(|| format!(
                    "Cuts {} of the {} a month of {} this option carries (what other capabilities have not already cut) = {} × {}/h = {}",
                    percent(*share),
                    hours(carried),
                    pool.label(),
                    hours(cut),
                    money(rate),
                    money(value)
                )),
            )
        }
        ValueRule::PerExtraTeam { hours_month } => {
            let extra = f64::from(context.team.teams.saturating_sub(1));
            let value = extra * hours_month * rate;
            (
                value,
                explain.then(|| {
                    format!(
                        "{} {} beyond the first × {} a month × {}/h = {}",
                        number(extra),
                        if extra == 1.0 { "team" } else { "teams" },
                        hours(*hours_month),
                        money(rate),
                        money(value)
                    )
                }),
            )
        }
        ValueRule::FinerScaling {
            finer_share,
            stateful_factor,
        } => {
            if !context.fleet.elastic {
                return (
                    0.0,
                    explain.then(|| "Worth nothing: the fleet is fixed, so there are no servers to shed when demand falls or to add when it rises.".into()),
                );
            }
            let value = servers
                * server_cost
                * context.workload.demand_variation
                * finer_share
                * factor(*stateful_factor);
            (
                value,
                explain.then(|| format!(
                    "Elastic fleet: {} servers × {} a month × {} idle on average × {} of that swing, which whole servers (autoscaling groups, open to the baseline too) cannot follow{} = {}",
                    number(servers),
                    money(server_cost),
                    percent(context.workload.demand_variation),
                    percent(*finer_share),
                    stateful_note(*stateful_factor),
                    money(value)
                )),
            )
        }
        ValueRule::PackingFreed {
            max_saving,
            full_at_services,
            stateful_factor,
        } => packing_freed(
            basis,
            *max_saving,
            *full_at_services,
            *stateful_factor,
            explain,
        ),
    }
}

/// Cost model 2's packing: servers freed, counted on the servers still running once whole
/// servers have been shed with demand; money at the server's price where capacity is money, and
/// otherwise only the purchases it avoids.
fn packing_freed(
    basis: &WorthBasis,
    max_saving: f64,
    full_at_services: f64,
    stateful_factor: f64,
    explain: bool,
) -> (f64, Option<String>) {
    let context = basis.context;
    let servers = f64::from(context.fleet.servers);
    let services = f64::from(context.workload.services);
    let server_cost = context.fleet.server_cost_month;
    let spread = if full_at_services > 0.0 {
        ((services - 1.0).max(0.0) / full_at_services).min(1.0)
    } else {
        0.0
    };
    let running = if context.fleet.elastic {
        servers * (1.0 - context.workload.demand_variation)
    } else {
        servers
    };
    let stateful = if context.workload.stateful {
        stateful_factor
    } else {
        1.0
    };
    let freed = running * max_saving * spread * stateful;
    // The words, written only when asked for.
    let frees = || {
        let running_note = if context.fleet.elastic {
            format!(
                " running on average (whole servers shed {} idle)",
                percent(context.workload.demand_variation)
            )
        } else {
            String::new()
        };
        let stateful_note = if context.workload.stateful {
            format!(
                " × {} (stateful: storage servers follow the data, not the load)",
                percent(stateful_factor)
            )
        } else {
            String::new()
        };
        format!(
            "{} servers{running_note} × up to {} saved × {} of the way to {} services{stateful_note} = {} servers freed",
            number(running),
            percent(max_saving),
            percent(spread),
            number(full_at_services + 1.0),
            number(freed)
        )
    };
    if capacity_is_money(basis.cost_model, context) {
        let value = freed * server_cost;
        return (
            value,
            explain.then(|| {
                format!(
                    "{} × {} a month = {}",
                    frees(),
                    money(server_cost),
                    money(value)
                )
            }),
        );
    }
    let purchase = Purchase::new(basis.cost_model, context);
    let avoided = purchase.servers_to_buy(basis.servers_eaten)
        - purchase.servers_to_buy(basis.servers_eaten - freed);
    let value = avoided * server_cost;
    (
        value,
        explain.then(|| {
            format!(
                "{}; on a fixed fleet the team owns, freed capacity is money only where it avoids buying a server: {} fewer to buy × {} a month = {}",
                frees(),
                number(avoided),
                money(server_cost),
                money(value)
            )
        }),
    )
}

impl Analysis {
    pub fn baseline(&self) -> &OptionReport {
        &self.options[self.baseline]
    }

    /// Whether capacity is money in this analysis (see [`capacity_is_money`]).
    pub fn capacity_is_money(&self) -> bool {
        capacity_is_money(self.catalog.cost_model, &self.context)
    }

    /// Whether a component was added by this option: its kind is not in the baseline.
    pub fn is_added(&self, option: usize, component: usize) -> bool {
        if option == self.baseline {
            return false;
        }
        // A set, not a search of the baseline's components: drawing an option against a big
        // baseline asks this for every node.
        let kind = self.options[option].graph.components[component].kind;
        !self.baseline_kinds.contains(&kind)
    }

    /// Whether a component is there because another one requires it.
    pub fn is_pulled_in(&self, option: usize, component: usize) -> bool {
        matches!(
            self.options[option].graph.components[component].origin,
            Origin::PulledIn { .. }
        )
    }
}
