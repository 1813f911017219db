//! Edits of the decision document as typed commands.
//!
//! Every change a user makes, in the page or as text, is a [`Command`] applied to the document by
//! [`apply`]. A command checks what it can know on its own (the option or component exists, a
//! value is a finite number, zero or more, a kind exists) and either changes the document or
//! leaves it untouched and says why. What only the whole model can tell (a dependency cycle, a
//! requirement that pulls in too much) is the analysis' business: the edit is applied, and the
//! page shows the model error until the user undoes or mends it.
//!
//! [`Applied::target`] names what an edit changed, so that the page can merge quick successive
//! edits of the same thing (typing a name) into one undo step without merging edits of two
//! different things (renaming two options).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use crate::catalog;
use crate::decimal;
use crate::error::{check_value, limits};
use crate::model::{
    Alternative, Bounds, ComponentUse, Context, Count, CustomKind, Decision, Edge, FigureName,
    KindRequirement, Provider, Scope, Shared, Status,
};

/// A number of the context that a user can set. Documents name it in snake_case
/// (`hourly_cost`), as the context's fields are named.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum ContextNumber {
    Servers,
    CoresPerServer,
    MemoryGibPerServer,
    ServerCostMonth,
    FailuresPerServerYear,
    Engineers,
    HourlyCost,
    Services,
    DeploysPerWeek,
    DemandVariation,
    HorizonMonths,
    // Cost model 2's.
    SpareShare,
    Teams,
    HoursPerDeploy,
}

impl ContextNumber {
    /// Every context number, in the order links code them (frozen: append only).
    pub const ALL: [ContextNumber; 14] = [
        ContextNumber::Servers,
        ContextNumber::CoresPerServer,
        ContextNumber::MemoryGibPerServer,
        ContextNumber::ServerCostMonth,
        ContextNumber::FailuresPerServerYear,
        ContextNumber::Engineers,
        ContextNumber::HourlyCost,
        ContextNumber::Services,
        ContextNumber::DeploysPerWeek,
        ContextNumber::DemandVariation,
        ContextNumber::HorizonMonths,
        ContextNumber::SpareShare,
        ContextNumber::Teams,
        ContextNumber::HoursPerDeploy,
    ];

    /// The name documents give it (its context field's name, as serde writes it).
    pub fn key(self) -> &'static str {
        match self {
            ContextNumber::Servers => "servers",
            ContextNumber::CoresPerServer => "cores_per_server",
            ContextNumber::MemoryGibPerServer => "memory_gib_per_server",
            ContextNumber::ServerCostMonth => "server_cost_month",
            ContextNumber::FailuresPerServerYear => "failures_per_server_year",
            ContextNumber::Engineers => "engineers",
            ContextNumber::HourlyCost => "hourly_cost",
            ContextNumber::Services => "services",
            ContextNumber::DeploysPerWeek => "deploys_per_week",
            ContextNumber::DemandVariation => "demand_variation",
            ContextNumber::HorizonMonths => "horizon_months",
            ContextNumber::SpareShare => "spare_share",
            ContextNumber::Teams => "teams",
            ContextNumber::HoursPerDeploy => "hours_per_deploy",
        }
    }

    /// Whether a document of this cost model has the field.
    pub fn in_model(self, cost_model: u32) -> bool {
        cost_model >= 2
            || !matches!(
                self,
                ContextNumber::SpareShare | ContextNumber::Teams | ContextNumber::HoursPerDeploy
            )
    }

    pub fn read(self, c: &Context) -> f64 {
        match self {
            ContextNumber::Servers => f64::from(c.fleet.servers),
            ContextNumber::CoresPerServer => c.fleet.cores_per_server,
            ContextNumber::MemoryGibPerServer => c.fleet.memory_gib_per_server,
            ContextNumber::ServerCostMonth => c.fleet.server_cost_month,
            ContextNumber::FailuresPerServerYear => c.fleet.failures_per_server_year,
            ContextNumber::Engineers => f64::from(c.team.engineers),
            ContextNumber::HourlyCost => c.team.hourly_cost,
            ContextNumber::Services => f64::from(c.workload.services),
            ContextNumber::DeploysPerWeek => c.workload.deploys_per_week,
            ContextNumber::DemandVariation => c.workload.demand_variation,
            ContextNumber::HorizonMonths => f64::from(c.horizon_months),
            ContextNumber::SpareShare => c.fleet.spare_share,
            ContextNumber::Teams => f64::from(c.team.teams),
            ContextNumber::HoursPerDeploy => c.workload.hours_per_deploy,
        }
    }

    /// The smallest and largest value the field takes, and whether it is a whole number.
    pub fn range(self) -> (f64, f64, bool) {
        match self {
            ContextNumber::Servers => (0.0, f64::from(limits::MAX_SERVERS), true),
            ContextNumber::Engineers => (0.0, 100_000.0, true),
            ContextNumber::Services => (0.0, f64::from(limits::MAX_SERVICES), true),
            ContextNumber::HorizonMonths => (0.0, 600.0, true),
            ContextNumber::CoresPerServer | ContextNumber::MemoryGibPerServer => (1.0, 1e9, false),
            ContextNumber::Teams => (0.0, 100_000.0, true),
            ContextNumber::DemandVariation | ContextNumber::SpareShare => (0.0, 1.0, false),
            ContextNumber::HoursPerDeploy => (0.0, 1e4, false),
            ContextNumber::ServerCostMonth
            | ContextNumber::FailuresPerServerYear
            | ContextNumber::HourlyCost
            | ContextNumber::DeploysPerWeek => (0.0, 1e9, false),
        }
    }

    /// Writes a value already checked by [`ContextNumber::check`] (or, in a search, one made
    /// within [`ContextNumber::range`]).
    pub(crate) fn write(self, c: &mut Context, value: f64) {
        // Whole-number fields were checked to be whole and in range, so the casts are exact.
        match self {
            ContextNumber::Servers => c.fleet.servers = value as u32,
            ContextNumber::CoresPerServer => c.fleet.cores_per_server = value,
            ContextNumber::MemoryGibPerServer => c.fleet.memory_gib_per_server = value,
            ContextNumber::ServerCostMonth => c.fleet.server_cost_month = value,
            ContextNumber::FailuresPerServerYear => c.fleet.failures_per_server_year = value,
            ContextNumber::Engineers => c.team.engineers = value as u32,
            ContextNumber::HourlyCost => c.team.hourly_cost = value,
            ContextNumber::Services => c.workload.services = value as u32,
            ContextNumber::DeploysPerWeek => c.workload.deploys_per_week = value,
            ContextNumber::DemandVariation => c.workload.demand_variation = value,
            ContextNumber::HorizonMonths => c.horizon_months = value as u32,
            ContextNumber::SpareShare => c.fleet.spare_share = value,
            ContextNumber::Teams => c.team.teams = value as u32,
            ContextNumber::HoursPerDeploy => c.workload.hours_per_deploy = value,
        }
    }

    fn check(self, value: f64) -> Result<(), EditError> {
        let (min, max, whole) = self.range();
        if !value.is_finite() || value < min || value > max || (whole && value.fract() != 0.0) {
            return Err(EditError::OutOfRange { field: self, value });
        }
        Ok(())
    }
}

/// A yes/no of the context.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ContextFlag {
    ElasticFleet,
    Stateful,
    /// Cost model 2: the team owns its servers.
    OwnedServers,
}

impl ContextFlag {
    pub fn read(self, c: &Context) -> bool {
        match self {
            ContextFlag::ElasticFleet => c.fleet.elastic,
            ContextFlag::Stateful => c.workload.stateful,
            ContextFlag::OwnedServers => c.fleet.owned,
        }
    }

    pub(crate) fn write(self, c: &mut Context, value: bool) {
        match self {
            ContextFlag::ElasticFleet => c.fleet.elastic = value,
            ContextFlag::Stateful => c.workload.stateful = value,
            ContextFlag::OwnedServers => c.fleet.owned = value,
        }
    }

    /// Whether a document of this cost model has the field.
    pub fn in_model(self, cost_model: u32) -> bool {
        cost_model >= 2 || self != ContextFlag::OwnedServers
    }
}

/// One change to the document.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    SetTitle(String),
    SetQuestion(String),
    SetRationale(String),
    SetStatus(Status),
    /// The option decided on, or none.
    Choose(Option<String>),
    SetNumber(ContextNumber, f64),
    SetFlag(ContextFlag, bool),

    /// An empty option with this name.
    AddOption {
        name: String,
    },
    /// An option made elsewhere (an import of a compose file or manifests), added last under an
    /// id of its own; its kinds must be the document's.
    AddMadeOption {
        option: Alternative,
    },
    /// A copy of an option, placed right after it.
    DuplicateOption {
        option: String,
    },
    DeleteOption {
        option: String,
    },
    RenameOption {
        option: String,
        name: String,
    },
    /// Moves an option to position `to` (clamped to the list).
    MoveOption {
        option: String,
        to: usize,
    },
    SetBaseline {
        option: String,
    },

    /// A use of `kind` (catalog or custom); what it requires is pulled in by the analysis.
    AddComponent {
        option: String,
        kind: String,
    },
    /// Gives a declared component another kind (an imported service no rule mapped, say); its
    /// id, label, count, connections and overrides stay.
    SetKind {
        option: String,
        component: String,
        kind: String,
    },
    /// Removes a component the user declared, and the edges that touch it.
    RemoveComponent {
        option: String,
        component: String,
    },
    SetLabel {
        option: String,
        component: String,
        label: String,
    },
    SetCount {
        option: String,
        component: String,
        count: Count,
    },
    /// Run by a provider at a price, or (none) by the team.
    SetProvider {
        option: String,
        component: String,
        provider: Option<Provider>,
    },
    Override {
        option: String,
        component: String,
        figure: FigureName,
        value: f64,
    },
    ResetOverride {
        option: String,
        component: String,
        figure: FigureName,
    },
    Connect {
        option: String,
        edge: Edge,
    },
    Disconnect {
        option: String,
        from: String,
        to: String,
    },

    /// Defines a custom kind, or replaces the one with the same id.
    DefineKind(CustomKind),
    RemoveKind {
        kind: String,
    },

    /// The whole document at once (the text editor, once its text parses and validates).
    Replace(Box<Decision>),
    /// Whether the page computes with ranges (the ranges stay in the document either way).
    SetRangesOn(bool),
    /// A context number's low and high, or none.
    SetContextRange(ContextNumber, Option<Bounds>),
    /// An overridden figure's low and high, or none: the override is the median.
    SetFigureRange {
        option: String,
        component: String,
        figure: FigureName,
        bounds: Option<Bounds>,
    },
    /// The draws ranges are computed with: a seed and a count.
    SetDraws {
        seed: u32,
        samples: u32,
    },
    /// Whether the catalog's ranges are drawn too.
    SetCatalogRanges(bool),
}

/// What an edit changed, for merging quick successive edits into one undo step.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Target {
    Title,
    Question,
    Rationale,
    Status,
    Chosen,
    Number(ContextNumber),
    Flag(ContextFlag),
    OptionName(String),
    Label {
        option: String,
        component: String,
    },
    Count {
        option: String,
        component: String,
    },
    Provider {
        option: String,
        component: String,
    },
    Override {
        option: String,
        component: String,
        figure: FigureName,
    },
    Kind(String),
    Text,
    ContextRange(ContextNumber),
    FigureRange {
        option: String,
        component: String,
        figure: FigureName,
    },
    Ranges,
    /// Adding, removing, connecting, reordering: always a step of its own.
    Structure,
}

impl Target {
    /// Whether an edit of `self` may merge into the step of a previous edit of `previous`.
    pub fn merges_with(&self, previous: &Target) -> bool {
        self == previous
            && !matches!(
                self,
                Target::Structure | Target::Flag(_) | Target::Status | Target::Ranges
            )
    }
}

/// An edit that was applied.
#[derive(Clone, Debug, PartialEq)]
pub struct Applied {
    pub target: Target,
    /// What the user should know about the edit's consequences, if anything (what depended on
    /// a removed component).
    pub note: Option<String>,
}

impl Applied {
    fn quiet(target: Target) -> Applied {
        Applied { target, note: None }
    }
}

/// Why an edit was refused; the document is unchanged.
#[derive(Clone, Debug, PartialEq)]
pub enum EditError {
    UnknownOption(String),
    UnknownComponent {
        option: String,
        component: String,
    },
    /// The component is in the graph because something requires it, not because the user put
    /// it there.
    PulledIn {
        component: String,
    },
    UnknownKind(String),
    OutOfRange {
        field: ContextNumber,
        value: f64,
    },
    InvalidValue {
        what: String,
        value: f64,
    },
    EmptyName,
    LastOption,
    TooMany {
        what: &'static str,
        limit: usize,
    },
    SelfEdge(String),
    EdgeExists {
        from: String,
        to: String,
    },
    NoSuchEdge {
        from: String,
        to: String,
    },
    KindIdTaken(String),
    KindInUse {
        kind: String,
        used_by: Vec<String>,
    },
    CatalogMissing(u32),
    /// A field or figure that the document's cost model does not have.
    NotInModel {
        what: String,
        cost_model: u32,
    },
    /// A range whose low is above its high, or outside the field's values.
    BadRange {
        what: String,
        why: &'static str,
    },
    /// A range of a figure the component does not override.
    RangeWithoutValue {
        what: String,
    },
    /// A draw count outside what the page computes.
    Draws(u32),
}

impl fmt::Display for EditError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EditError::UnknownOption(id) => write!(f, "there is no option `{id}`"),
            EditError::UnknownComponent { option, component } => {
                write!(f, "option `{option}` has no component `{component}`")
            }
            EditError::PulledIn { component } => write!(
                f,
                "`{component}` is there because another component requires it; remove what needs it instead"
            ),
            EditError::UnknownKind(kind) => write!(f, "there is no kind `{kind}`"),
            EditError::OutOfRange { field, value } => {
                let (min, max, whole) = field.range();
                let number = if whole { "a whole number" } else { "a number" };
                write!(f, "{value} is out of range: enter {number} from {min} to {max}")
            }
            EditError::InvalidValue { what, value } => {
                write!(f, "{what} is {value}: it must be a finite number, zero or more")
            }
            EditError::EmptyName => write!(f, "a name cannot be empty"),
            EditError::LastOption => write!(f, "a decision needs at least one option"),
            EditError::TooMany { what, limit } => {
                write!(f, "Overhead computes at most {limit} {what}")
            }
            EditError::SelfEdge(id) => write!(f, "`{id}` cannot be connected to itself"),
            EditError::EdgeExists { from, to } => {
                write!(f, "`{from}` is already connected to `{to}`")
            }
            EditError::NoSuchEdge { from, to } => {
                write!(f, "no edge from `{from}` to `{to}` was drawn in this option")
            }
            EditError::KindIdTaken(id) => {
                write!(f, "`{id}` is already the id of a catalog kind; choose another")
            }
            EditError::KindInUse { kind, used_by } => write!(
                f,
                "the kind `{kind}` is still used by {}; remove those first",
                crate::format::named_few(used_by.iter().map(String::as_str))
            ),
            EditError::CatalogMissing(version) => {
                write!(f, "this build has no catalog version {version}")
            }
            EditError::NotInModel { what, cost_model } => write!(
                f,
                "cost model {cost_model}, which this document uses, has no {what}; see it with today's model to set it"
            ),
            EditError::BadRange { what, why } => write!(f, "the range of {what}: {why}"),
            EditError::RangeWithoutValue { what } => write!(
                f,
                "give {what} this component's own value first: it is the range's median"
            ),
            EditError::Draws(samples) => write!(
                f,
                "{samples} draws: enter {} to {}",
                crate::ranges::MIN_SAMPLES,
                crate::ranges::MAX_SAMPLES
            ),
        }
    }
}

impl std::error::Error for EditError {}

/// Applies `command` to `decision`. On an error the document is unchanged.
pub fn apply(decision: &mut Decision, command: Command) -> Result<Applied, EditError> {
    match command {
        Command::SetTitle(text) => {
            decision.title = text;
            Ok(Applied::quiet(Target::Title))
        }
        Command::SetQuestion(text) => {
            decision.question = text;
            Ok(Applied::quiet(Target::Question))
        }
        Command::SetRationale(text) => {
            decision.rationale = text;
            Ok(Applied::quiet(Target::Rationale))
        }
        Command::SetStatus(status) => {
            decision.status = status;
            Ok(Applied::quiet(Target::Status))
        }
        Command::Choose(chosen) => {
            if let Some(id) = &chosen {
                option_index(decision, id)?;
            }
            decision.chosen = chosen;
            Ok(Applied::quiet(Target::Chosen))
        }
        Command::SetNumber(field, value) => {
            if !field.in_model(decision.cost_model) {
                return Err(EditError::NotInModel {
                    what: format!("{field:?}"),
                    cost_model: decision.cost_model,
                });
            }
            field.check(value)?;
            field.write(&mut decision.context, value);
            Ok(Applied::quiet(Target::Number(field)))
        }
        Command::SetFlag(flag, value) => {
            if !flag.in_model(decision.cost_model) {
                return Err(EditError::NotInModel {
                    what: format!("{flag:?}"),
                    cost_model: decision.cost_model,
                });
            }
            flag.write(&mut decision.context, value);
            Ok(Applied::quiet(Target::Flag(flag)))
        }
        Command::AddOption { name } => add_option(decision, name),
        Command::AddMadeOption { option } => add_made_option(decision, option),
        Command::DuplicateOption { option } => duplicate_option(decision, &option),
        Command::DeleteOption { option } => delete_option(decision, &option),
        Command::RenameOption { option, name } => {
            option_mut(decision, &option)?.name = name;
            Ok(Applied::quiet(Target::OptionName(option)))
        }
        Command::MoveOption { option, to } => {
            let from = option_index(decision, &option)?;
            let moved = decision.options.remove(from);
            let to = to.min(decision.options.len());
            decision.options.insert(to, moved);
            Ok(Applied::quiet(Target::Structure))
        }
        Command::SetBaseline { option } => {
            option_index(decision, &option)?;
            decision.baseline = option;
            Ok(Applied::quiet(Target::Structure))
        }
        Command::AddComponent { option, kind } => add_component(decision, &option, kind),
        Command::RemoveComponent { option, component } => {
            remove_component(decision, &option, &component)
        }
        Command::SetKind {
            option,
            component,
            kind,
        } => {
            if !kind_exists(decision, &kind)? {
                return Err(EditError::UnknownKind(kind));
            }
            component_mut(decision, &option, &component)?.kind = kind;
            Ok(Applied::quiet(Target::Structure))
        }
        Command::SetLabel {
            option,
            component,
            label,
        } => {
            let trimmed = label.trim();
            component_mut(decision, &option, &component)?.label =
                (!trimmed.is_empty()).then(|| label.clone());
            Ok(Applied::quiet(Target::Label { option, component }))
        }
        Command::SetCount {
            option,
            component,
            count,
        } => {
            if let Count::Fixed(n) = count {
                if n > limits::MAX_INSTANCES {
                    return Err(EditError::TooMany {
                        what: "instances of a component",
                        limit: limits::MAX_INSTANCES as usize,
                    });
                }
            }
            component_mut(decision, &option, &component)?.count = count;
            Ok(Applied::quiet(Target::Count { option, component }))
        }
        Command::SetProvider {
            option,
            component,
            provider,
        } => {
            if let Some(provider) = &provider {
                checked("the provider's price", provider.price_month)?;
            }
            component_mut(decision, &option, &component)?.provider = provider;
            Ok(Applied::quiet(Target::Provider { option, component }))
        }
        Command::Override {
            option,
            component,
            figure,
            value,
        } => {
            if !FigureName::of_model(decision.cost_model).contains(&figure) {
                return Err(EditError::NotInModel {
                    what: format!("figure \"{}\"", figure.label()),
                    cost_model: decision.cost_model,
                });
            }
            checked(figure.label(), value)?;
            component_mut(decision, &option, &component)?
                .overrides
                .insert(figure, value);
            Ok(Applied::quiet(Target::Override {
                option,
                component,
                figure,
            }))
        }
        Command::ResetOverride {
            option,
            component,
            figure,
        } => {
            // The range goes with the value it is around.
            let used = component_mut(decision, &option, &component)?;
            used.overrides.remove(&figure);
            used.ranges.remove(&figure);
            Ok(Applied::quiet(Target::Override {
                option,
                component,
                figure,
            }))
        }
        Command::SetRangesOn(on) => {
            decision.ranges.on = on;
            Ok(Applied::quiet(Target::Ranges))
        }
        Command::SetContextRange(number, bounds) => {
            if !number.in_model(decision.cost_model) {
                return Err(EditError::NotInModel {
                    what: format!("{number:?}"),
                    cost_model: decision.cost_model,
                });
            }
            let (min, max, _) = number.range();
            match bounds {
                Some(bounds) => {
                    check_bounds(crate::sweep::context_name(number), bounds, (min, max))?;
                    decision.ranges.context.insert(number, bounds);
                }
                None => {
                    decision.ranges.context.remove(&number);
                }
            }
            Ok(Applied::quiet(Target::ContextRange(number)))
        }
        Command::SetFigureRange {
            option,
            component,
            figure,
            bounds,
        } => {
            let used = component_mut(decision, &option, &component)?;
            match bounds {
                Some(bounds) => {
                    let what = format!("{} of `{component}`", figure.label());
                    if !used.overrides.contains_key(&figure) {
                        return Err(EditError::RangeWithoutValue { what });
                    }
                    check_bounds(&what, bounds, (0.0, f64::MAX))?;
                    used.ranges.insert(figure, bounds);
                }
                None => {
                    used.ranges.remove(&figure);
                }
            }
            Ok(Applied::quiet(Target::FigureRange {
                option,
                component,
                figure,
            }))
        }
        Command::SetCatalogRanges(drawn) => {
            decision.ranges.catalog = drawn;
            Ok(Applied::quiet(Target::Ranges))
        }
        Command::SetDraws { seed, samples } => {
            if !(crate::ranges::MIN_SAMPLES..=crate::ranges::MAX_SAMPLES).contains(&samples) {
                return Err(EditError::Draws(samples));
            }
            decision.ranges.seed = seed;
            decision.ranges.samples = samples;
            Ok(Applied::quiet(Target::Ranges))
        }
        Command::Connect { option, edge } => connect(decision, &option, edge),
        Command::Disconnect { option, from, to } => {
            let edges = option_mut(decision, &option)?.edges.make_mut();
            let before = edges.len();
            edges.retain(|e| !(e.from == from && e.to == to));
            if edges.len() == before {
                return Err(EditError::NoSuchEdge { from, to });
            }
            Ok(Applied::quiet(Target::Structure))
        }
        Command::DefineKind(kind) => define_kind(decision, kind),
        Command::RemoveKind { kind } => remove_kind(decision, &kind),
        Command::Replace(document) => {
            *decision = *document;
            Ok(Applied::quiet(Target::Text))
        }
    }
}

/// A range's low and high: numbers, in order, within the field's values (a range need not
/// hold its value yet while it is typed; the page says so where the ranges are computed).
fn check_bounds(what: &str, bounds: Bounds, (min, max): (f64, f64)) -> Result<(), EditError> {
    let bad = |why| {
        Err(EditError::BadRange {
            what: what.to_string(),
            why,
        })
    };
    if !bounds.low.is_finite() || !bounds.high.is_finite() {
        return bad("low and high must be numbers");
    }
    if bounds.low > bounds.high {
        return bad("low must not be above high");
    }
    if bounds.low < min || bounds.high > max {
        return bad("low and high must be values the field can take");
    }
    Ok(())
}

fn checked(what: &str, value: f64) -> Result<(), EditError> {
    check_value(String::new, value).map_err(|_| EditError::InvalidValue {
        what: what.to_string(),
        value,
    })
}

fn option_index(decision: &Decision, option: &str) -> Result<usize, EditError> {
    decision
        .options
        .iter()
        .position(|o| o.id == option)
        .ok_or_else(|| EditError::UnknownOption(option.to_string()))
}

/// The option to edit, copied first if an earlier version of the document (an undo step) shares
/// it.
fn option_mut<'a>(
    decision: &'a mut Decision,
    option: &str,
) -> Result<&'a mut Alternative, EditError> {
    let index = option_index(decision, option)?;
    Ok(decision.options[index].make_mut())
}

/// The component `component` of option `option`, to change (the option copied first if another
/// document shares it).
pub(crate) fn component_mut<'a>(
    decision: &'a mut Decision,
    option: &str,
    component: &str,
) -> Result<&'a mut ComponentUse, EditError> {
    option_mut(decision, option)?
        .components
        .iter_mut()
        .find(|c| c.id == component)
        .ok_or_else(|| EditError::UnknownComponent {
            option: option.to_string(),
            component: component.to_string(),
        })
}

/// The id a new kind defined in the document gets from its name: a slug of the name, numbered
/// when it is already a kind's id in the document's catalog version or among `kinds` (a
/// definition with a taken id would replace that kind or be refused, never be added).
pub fn new_kind_id(catalog_version: u32, kinds: &[CustomKind], name: &str) -> String {
    let catalog = catalog::get(catalog_version);
    fresh_id(name, |id| {
        catalog.is_some_and(|c| c.kind_position(id).is_some()) || kinds.iter().any(|k| k.id == id)
    })
}

/// `base` made into an id (lowercase letters, digits and dashes), then numbered until no id in
/// `taken` has it.
pub(crate) fn fresh_id(base: &str, taken: impl Fn(&str) -> bool) -> String {
    numbered_until_free(slug(base), taken)
}

/// `base` made into an id: lowercase letters, digits and single dashes, at most 40 bytes.
fn slug(base: &str) -> String {
    let mut slug: String = base
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    slug = slug
        .split('-')
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    // At a letter's boundary: a name's letters may take up to four bytes each.
    slug.truncate(crate::floor_char_boundary(&slug, 40));
    if slug.is_empty() {
        slug = "item".to_string();
    }
    slug
}

/// `slug`, or `slug-2`, `slug-3`… : the first that `taken` does not have.
fn numbered_until_free(slug: String, taken: impl Fn(&str) -> bool) -> String {
    if !taken(&slug) {
        return slug;
    }
    (2usize..)
        .map(|n| format!("{slug}-{n}"))
        .find(|candidate| !taken(candidate))
        .expect("an unbounded range always yields a free id")
}

fn add_made_option(decision: &mut Decision, mut option: Alternative) -> Result<Applied, EditError> {
    if decision.options.len() >= limits::MAX_OPTIONS {
        return Err(EditError::TooMany {
            what: "options",
            limit: limits::MAX_OPTIONS,
        });
    }
    if option.components.len() > limits::MAX_COMPONENTS_PER_OPTION {
        return Err(EditError::TooMany {
            what: "components in an option",
            limit: limits::MAX_COMPONENTS_PER_OPTION,
        });
    }
    if option.edges.len() > limits::MAX_EDGES_PER_OPTION {
        return Err(EditError::TooMany {
            what: "connections in an option",
            limit: limits::MAX_EDGES_PER_OPTION,
        });
    }
    for component in &option.components {
        if !kind_exists(decision, &component.kind)? {
            return Err(EditError::UnknownKind(component.kind.clone()));
        }
    }
    option.id = fresh_id(&option.id, |id| decision.options.iter().any(|o| o.id == id));
    let note = format!(
        "Added the option “{}”: {} components, {} connections.",
        option.name,
        option.components.len(),
        option.edges.len()
    );
    decision.options.push(Shared::new(option));
    Ok(Applied {
        note: Some(note),
        ..Applied::quiet(Target::Structure)
    })
}

fn add_option(decision: &mut Decision, name: String) -> Result<Applied, EditError> {
    if decision.options.len() >= limits::MAX_OPTIONS {
        return Err(EditError::TooMany {
            what: "options",
            limit: limits::MAX_OPTIONS,
        });
    }
    let name = if name.trim().is_empty() {
        "New option".to_string()
    } else {
        name
    };
    let id = fresh_id(&name, |id| decision.options.iter().any(|o| o.id == id));
    decision.options.push(Shared::new(Alternative {
        id,
        name,
        summary: String::new(),
        components: Vec::new(),
        edges: Shared::default(),
    }));
    Ok(Applied::quiet(Target::Structure))
}

fn duplicate_option(decision: &mut Decision, option: &str) -> Result<Applied, EditError> {
    if decision.options.len() >= limits::MAX_OPTIONS {
        return Err(EditError::TooMany {
            what: "options",
            limit: limits::MAX_OPTIONS,
        });
    }
    let index = option_index(decision, option)?;
    let mut copy = Alternative::clone(&decision.options[index]);
    copy.id = fresh_id(&format!("{}-copy", copy.id), |id| {
        decision.options.iter().any(|o| o.id == id)
    });
    copy.name = format!("{} (copy)", copy.name);
    decision.options.insert(index + 1, Shared::new(copy));
    Ok(Applied::quiet(Target::Structure))
}

fn delete_option(decision: &mut Decision, option: &str) -> Result<Applied, EditError> {
    let index = option_index(decision, option)?;
    if decision.options.len() == 1 {
        return Err(EditError::LastOption);
    }
    let removed = decision.options.remove(index);
    let mut notes = Vec::new();
    if decision.baseline == removed.id {
        decision.baseline = decision.options[0].id.clone();
        notes.push(format!(
            "“{}” is now the baseline.",
            decision.options[0].name
        ));
    }
    if decision.chosen.as_deref() == Some(removed.id.as_str()) {
        decision.chosen = None;
        notes.push("No option is chosen any more.".to_string());
    }
    Ok(Applied {
        target: Target::Structure,
        note: (!notes.is_empty()).then(|| notes.join(" ")),
    })
}

fn kind_exists(decision: &Decision, kind: &str) -> Result<bool, EditError> {
    let catalog = catalog::get(decision.catalog_version)
        .ok_or(EditError::CatalogMissing(decision.catalog_version))?;
    Ok(catalog.kind_position(kind).is_some() || decision.kinds.iter().any(|k| k.id == kind))
}

fn add_component(
    decision: &mut Decision,
    option: &str,
    kind: String,
) -> Result<Applied, EditError> {
    if !kind_exists(decision, &kind)? {
        return Err(EditError::UnknownKind(kind));
    }
    let alternative = option_mut(decision, option)?;
    if alternative.components.len() >= limits::MAX_COMPONENTS_PER_OPTION {
        return Err(EditError::TooMany {
            what: "components in an option",
            limit: limits::MAX_COMPONENTS_PER_OPTION,
        });
    }
    // Only the ids the new one could clash with are gathered, once: the hundredth "postgres"
    // tries a hundred ids, and searching ten thousand components and forty thousand edges for
    // each was millions of comparisons; a set of all their ids took 5 ms.
    let slug = slug(&kind);
    let taken: foldhash::HashSet<&str> = alternative
        .components
        .iter()
        .map(|c| c.id.as_str())
        .chain(
            alternative
                .edges
                .iter()
                .flat_map(|e| [e.from.as_str(), e.to.as_str()]),
        )
        .filter(|id| id.starts_with(&slug))
        .collect();
    let id = numbered_until_free(slug, |id| taken.contains(id));
    alternative.components.push(ComponentUse::new(id, kind));
    Ok(Applied::quiet(Target::Structure))
}

fn remove_component(
    decision: &mut Decision,
    option: &str,
    component: &str,
) -> Result<Applied, EditError> {
    let alternative = option_mut(decision, option)?;
    let Some(position) = alternative
        .components
        .iter()
        .position(|c| c.id == component)
    else {
        // An id named only by edges is a pulled-in component the user connected to.
        return Err(
            if alternative
                .edges
                .iter()
                .any(|e| e.from == component || e.to == component)
            {
                EditError::PulledIn {
                    component: component.to_string(),
                }
            } else {
                EditError::UnknownComponent {
                    option: option.to_string(),
                    component: component.to_string(),
                }
            },
        );
    };
    alternative.components.remove(position);
    let joins = |e: &Edge| e.from == component || e.to == component;
    let cut: Vec<Edge> = alternative
        .edges
        .iter()
        .filter(|e| joins(e))
        .cloned()
        .collect();
    // A component no edge joins leaves the edges shared.
    if !cut.is_empty() {
        alternative.edges.make_mut().retain(|e| !joins(e));
    }
    let dependants: Vec<String> = cut
        .iter()
        .filter(|e| e.to == component)
        .map(|e| format!("`{}` {} it", e.from, e.relation.label()))
        .collect();
    let note = (!dependants.is_empty()).then(|| {
        format!(
            "Removed `{component}`. What depended on it lost that edge: {}. A requirement still unmet pulls its kind back in.",
            crate::format::named_few(dependants.iter().map(String::as_str))
        )
    });
    Ok(Applied {
        target: Target::Structure,
        note,
    })
}

fn connect(decision: &mut Decision, option: &str, edge: Edge) -> Result<Applied, EditError> {
    let index = option_index(decision, option)?;
    if edge.from == edge.to {
        return Err(EditError::SelfEdge(edge.from));
    }
    let alternative = &decision.options[index];
    if alternative.edges.len() >= limits::MAX_EDGES_PER_OPTION {
        return Err(EditError::TooMany {
            what: "edges in an option",
            limit: limits::MAX_EDGES_PER_OPTION,
        });
    }
    if alternative
        .edges
        .iter()
        .any(|e| e.from == edge.from && e.to == edge.to)
    {
        return Err(EditError::EdgeExists {
            from: edge.from,
            to: edge.to,
        });
    }
    decision.options[index]
        .make_mut()
        .edges
        .make_mut()
        .push(edge);
    Ok(Applied::quiet(Target::Structure))
}

fn define_kind(decision: &mut Decision, kind: CustomKind) -> Result<Applied, EditError> {
    let catalog = catalog::get(decision.catalog_version)
        .ok_or(EditError::CatalogMissing(decision.catalog_version))?;
    if kind.id.trim().is_empty() || kind.name.trim().is_empty() {
        return Err(EditError::EmptyName);
    }
    if catalog.kind_position(&kind.id).is_some() {
        return Err(EditError::KindIdTaken(kind.id));
    }
    for (figure, value) in &kind.figures {
        checked(figure.label(), *value)?;
    }
    let target = Target::Kind(kind.id.clone());
    match decision.kinds.iter_mut().find(|k| k.id == kind.id) {
        Some(existing) => *existing = kind,
        None => {
            if decision.kinds.len() >= limits::MAX_CUSTOM_KINDS {
                return Err(EditError::TooMany {
                    what: "custom kinds",
                    limit: limits::MAX_CUSTOM_KINDS,
                });
            }
            decision.kinds.push(kind);
        }
    }
    Ok(Applied::quiet(target))
}

fn remove_kind(decision: &mut Decision, kind: &str) -> Result<Applied, EditError> {
    let Some(position) = decision.kinds.iter().position(|k| k.id == kind) else {
        return Err(EditError::UnknownKind(kind.to_string()));
    };
    let used_by: Vec<String> = decision
        .options
        .iter()
        .flat_map(|o| {
            o.components
                .iter()
                .filter(|c| c.kind == kind)
                .map(move |c| format!("`{}` in “{}”", c.id, o.name))
        })
        .chain(
            decision
                .kinds
                .iter()
                .filter(|k| k.requires.iter().any(|r| r.kind == kind))
                .map(|k| format!("the kind `{}`", k.id)),
        )
        .collect();
    if !used_by.is_empty() {
        return Err(EditError::KindInUse {
            kind: kind.to_string(),
            used_by,
        });
    }
    decision.kinds.remove(position);
    Ok(Applied::quiet(Target::Structure))
}

/// A kind as a person types it in a form, before it is checked: numbers are still text.
#[derive(Clone, Debug, PartialEq)]
pub struct KindForm {
    pub name: String,
    pub category: String,
    pub summary: String,
    pub scope: Scope,
    pub managed: bool,
    /// Cost model 2: whether its failures page someone at any hour.
    pub pages: bool,
    pub figures: BTreeMap<FigureName, String>,
    pub requires: Vec<KindRequirement>,
    pub provides: BTreeSet<String>,
    pub source: String,
}

/// What is wrong with a [`KindForm`], by field, in words for the person who typed it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct KindFormErrors {
    pub name: Option<String>,
    pub category: Option<String>,
    pub source: Option<String>,
    pub figures: BTreeMap<FigureName, String>,
    /// `DefineKind` refused the whole definition (the form shows it under its Save button).
    pub refusal: Option<String>,
}

impl KindFormErrors {
    /// Whether no field is wrong (a refusal is not a field's).
    pub fn is_empty(&self) -> bool {
        self.name.is_none()
            && self.category.is_none()
            && self.source.is_none()
            && self.figures.is_empty()
    }
}

impl KindForm {
    /// The kind the fields describe, with this id, or what is wrong with them. A figure left
    /// empty is not set (the model counts it as zero). What only the whole document can tell
    /// (an id taken, a kind in use) is `DefineKind`'s to check.
    pub fn check(self, id: String) -> Result<CustomKind, KindFormErrors> {
        let mut errors = KindFormErrors::default();
        if self.name.trim().is_empty() {
            errors.name = Some("Give the kind a name.".into());
        }
        if self.category.trim().is_empty() {
            errors.category =
                Some("Give it a category: pick one from the list or type your own.".into());
        }
        if self.source.trim().is_empty() {
            errors.source = Some(
                "Say where the figures come from: an address (https://…) or “ASSUMPTION: ” and your reasoning."
                    .into(),
            );
        }
        let mut figures = BTreeMap::new();
        for (figure, text) in &self.figures {
            let text = text.trim();
            if text.is_empty() {
                continue;
            }
            match decimal::parse(text) {
                Some(value) if value.is_finite() && value >= 0.0 => {
                    figures.insert(*figure, value);
                }
                _ => {
                    errors.figures.insert(
                        *figure,
                        format!("“{text}” is not a number: enter a number, zero or more, or leave it empty."),
                    );
                }
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(CustomKind {
            id,
            name: self.name.trim().to_string(),
            category: self.category.trim().to_string(),
            summary: self.summary.trim().to_string(),
            scope: self.scope,
            managed: self.managed,
            pages: self.pages,
            requires: self.requires,
            provides: self.provides.into_iter().collect(),
            figures,
            source: self.source.trim().to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::analyse;
    use crate::error::ModelError;
    use crate::graph::Origin;
    use crate::model::{KindRequirement, PerWhat, Relation, Scope};
    use crate::scenario;

    /// The landing scenario: options `init-system` (baseline) and `kubernetes`.
    fn landing() -> Decision {
        scenario::landing().expect("the landing scenario is built in")
    }

    fn run(decision: &mut Decision, command: Command) -> Applied {
        apply(decision, command).expect("the edit applies")
    }

    fn refused(decision: &Decision, command: Command) -> EditError {
        let mut copy = decision.clone();
        let error = apply(&mut copy, command).expect_err("the edit is refused");
        assert_eq!(
            &copy, decision,
            "a refused edit leaves the document as it was"
        );
        error
    }

    fn component_ids(decision: &Decision, option: &str) -> Vec<String> {
        decision
            .option(option)
            .unwrap()
            .components
            .iter()
            .map(|c| c.id.clone())
            .collect()
    }

    /// An edit copies only the option it changes; the others stay the very allocations the
    /// document before the edit holds (undo steps and the page's memos share them, and the
    /// analysis reuses their reports).
    #[test]
    fn an_edit_copies_only_the_option_it_changes() {
        let before = landing();
        let mut after = before.clone();
        run(
            &mut after,
            Command::AddComponent {
                option: "kubernetes".into(),
                kind: "patroni".into(),
            },
        );
        assert!(after.options[0].same(&before.options[0]));
        assert!(!after.options[1].same(&before.options[1]));
        assert!(
            after.options[1].edges.same(&before.options[1].edges),
            "a component edit copies the option's components, not its edges"
        );
        let mut connected = after.clone();
        run(
            &mut connected,
            Command::Connect {
                option: "kubernetes".into(),
                edge: Edge {
                    from: "patroni".into(),
                    to: "storage".into(),
                    relation: Relation::DependsOn,
                },
            },
        );
        assert!(!connected.options[1].edges.same(&after.options[1].edges));
        assert_eq!(
            after.options[1].edges.len() + 1,
            connected.options[1].edges.len()
        );
        assert_eq!(before.options[1].edges, after.options[1].edges);
        let mut removed = after.clone();
        run(
            &mut removed,
            Command::RemoveComponent {
                option: "kubernetes".into(),
                component: "patroni".into(),
            },
        );
        assert!(
            removed.options[1].edges.same(&after.options[1].edges),
            "removing a component no edge joins copies no edge"
        );

        let mut context_edited = before.clone();
        run(
            &mut context_edited,
            Command::SetNumber(ContextNumber::Servers, 40.0),
        );
        for (edited, original) in context_edited.options.iter().zip(&before.options) {
            assert!(edited.same(original), "a context edit copies no option");
        }

        let mut refused_copy = before.clone();
        apply(
            &mut refused_copy,
            Command::Connect {
                option: "kubernetes".into(),
                edge: Edge {
                    from: "nope".into(),
                    to: "nope".into(),
                    relation: Relation::DependsOn,
                },
            },
        )
        .expect_err("a self edge is refused");
        assert!(refused_copy.options[1].same(&before.options[1]));
    }

    #[test]
    fn adding_patroni_pulls_in_an_etcd_cluster() {
        let mut d = landing();
        let before = analyse(&d).unwrap();
        run(
            &mut d,
            Command::AddComponent {
                option: "kubernetes".into(),
                kind: "patroni".into(),
            },
        );
        assert!(component_ids(&d, "kubernetes").contains(&"patroni".to_string()));
        let after = analyse(&d).unwrap();
        let k8s = &after.options[1];
        let pulled: Vec<&str> = k8s
            .graph
            .components
            .iter()
            .filter(|c| matches!(&c.origin, Origin::PulledIn { by } if by.contains(&"patroni".to_string())))
            .map(|c| c.id.as_str())
            .collect();
        assert!(
            pulled.iter().any(|id| id.contains("etcd")),
            "patroni pulls in etcd, got {pulled:?}"
        );
        assert_ne!(
            before.options[1].totals.ops_hours_month,
            k8s.totals.ops_hours_month
        );
    }

    #[test]
    fn added_ids_stay_unique() {
        let mut d = landing();
        for _ in 0..3 {
            run(
                &mut d,
                Command::AddComponent {
                    option: "kubernetes".into(),
                    kind: "monitoring".into(),
                },
            );
        }
        let ids = component_ids(&d, "kubernetes");
        for id in ["monitoring", "monitoring-2", "monitoring-3", "monitoring-4"] {
            assert!(ids.contains(&id.to_string()), "{id} in {ids:?}");
        }
        analyse(&d).expect("unique ids compute");

        // An edge may name a component the closure pulls in: its id is taken too.
        d.options[1].make_mut().edges.make_mut().push(Edge {
            from: "storage".into(),
            to: "monitoring-5".into(),
            relation: Relation::DependsOn,
        });
        run(
            &mut d,
            Command::AddComponent {
                option: "kubernetes".into(),
                kind: "monitoring".into(),
            },
        );
        assert_eq!(
            component_ids(&d, "kubernetes").last().map(String::as_str),
            Some("monitoring-6")
        );
    }

    #[test]
    fn adding_an_unknown_kind_or_to_an_unknown_option_is_refused() {
        let d = landing();
        let add = |option: &str, kind: &str| Command::AddComponent {
            option: option.into(),
            kind: kind.into(),
        };
        assert_eq!(
            refused(&d, add("kubernetes", "no-such-kind")),
            EditError::UnknownKind("no-such-kind".into())
        );
        assert_eq!(
            refused(&d, add("nowhere", "patroni")),
            EditError::UnknownOption("nowhere".into())
        );
    }

    #[test]
    fn removing_a_component_takes_its_edges_and_says_what_depended_on_it() {
        let mut d = landing();
        let applied = run(
            &mut d,
            Command::RemoveComponent {
                option: "kubernetes".into(),
                component: "ansible".into(),
            },
        );
        let k8s = d.option("kubernetes").unwrap();
        assert!(k8s
            .edges
            .iter()
            .all(|e| e.to != "ansible" && e.from != "ansible"));
        let note = applied.note.expect("a note names what depended on it");
        assert!(note.contains("`node-agent` managed by it"), "{note}");
        assert!(note.contains("`systemd` managed by it"), "{note}");
        analyse(&d).expect("no dangling edge is left behind");
    }

    #[test]
    fn removing_a_pulled_in_component_is_refused_with_the_reason() {
        let d = landing();
        // The control plane is pulled in by the node agent; the scenario's edge names it.
        assert_eq!(
            refused(
                &d,
                Command::RemoveComponent {
                    option: "kubernetes".into(),
                    component: "k8s-control-plane".into(),
                }
            ),
            EditError::PulledIn {
                component: "k8s-control-plane".into()
            }
        );
        assert!(matches!(
            refused(
                &d,
                Command::RemoveComponent {
                    option: "kubernetes".into(),
                    component: "ghost".into(),
                }
            ),
            EditError::UnknownComponent { .. }
        ));
    }

    #[test]
    fn connect_and_disconnect() {
        let mut d = landing();
        let edge = Edge {
            from: "monitoring".into(),
            to: "server".into(),
            relation: Relation::RunsOn,
        };
        run(
            &mut d,
            Command::Connect {
                option: "init-system".into(),
                edge: edge.clone(),
            },
        );
        assert!(d.option("init-system").unwrap().edges.contains(&edge));
        assert_eq!(
            refused(
                &d,
                Command::Connect {
                    option: "init-system".into(),
                    edge: edge.clone(),
                }
            ),
            EditError::EdgeExists {
                from: "monitoring".into(),
                to: "server".into()
            }
        );
        assert_eq!(
            refused(
                &d,
                Command::Connect {
                    option: "init-system".into(),
                    edge: Edge {
                        from: "server".into(),
                        to: "server".into(),
                        relation: Relation::DependsOn,
                    },
                }
            ),
            EditError::SelfEdge("server".into())
        );
        run(
            &mut d,
            Command::Disconnect {
                option: "init-system".into(),
                from: "monitoring".into(),
                to: "server".into(),
            },
        );
        assert!(!d.option("init-system").unwrap().edges.contains(&edge));
        assert!(matches!(
            refused(
                &d,
                Command::Disconnect {
                    option: "init-system".into(),
                    from: "monitoring".into(),
                    to: "server".into(),
                }
            ),
            EditError::NoSuchEdge { .. }
        ));
    }

    #[test]
    fn a_connection_that_closes_a_cycle_applies_and_the_analysis_names_the_path() {
        let mut d = landing();
        run(
            &mut d,
            Command::Connect {
                option: "init-system".into(),
                edge: Edge {
                    from: "server".into(),
                    to: "storage".into(),
                    relation: Relation::DependsOn,
                },
            },
        );
        match analyse(&d) {
            Err(ModelError::Cycle { option, path }) => {
                assert_eq!(option, "init-system");
                assert_eq!(path.first(), path.last());
                for id in ["server", "storage", "systemd"] {
                    assert!(path.contains(&id.to_string()), "{path:?}");
                }
            }
            other => panic!("expected a cycle, got {other:?}"),
        }
    }

    #[test]
    fn count_provider_label_and_overrides() {
        let mut d = landing();
        let (o, c) = ("kubernetes".to_string(), "monitoring".to_string());
        run(
            &mut d,
            Command::SetCount {
                option: o.clone(),
                component: c.clone(),
                count: Count::Per(PerWhat::PerServer),
            },
        );
        run(
            &mut d,
            Command::SetProvider {
                option: o.clone(),
                component: c.clone(),
                provider: Some(Provider {
                    name: "Grafana Cloud".into(),
                    price_month: 300.0,
                }),
            },
        );
        run(
            &mut d,
            Command::SetLabel {
                option: o.clone(),
                component: c.clone(),
                label: "Metrics".into(),
            },
        );
        run(
            &mut d,
            Command::Override {
                option: o.clone(),
                component: c.clone(),
                figure: FigureName::RoutineHoursMonth,
                value: 9.5,
            },
        );
        let used = d
            .option("kubernetes")
            .unwrap()
            .components
            .iter()
            .find(|u| u.id == c)
            .unwrap()
            .clone();
        assert_eq!(used.count, Count::Per(PerWhat::PerServer));
        assert_eq!(used.provider.as_ref().unwrap().price_month, 300.0);
        assert_eq!(used.label.as_deref(), Some("Metrics"));
        assert_eq!(
            used.overrides.get(&FigureName::RoutineHoursMonth),
            Some(&9.5)
        );
        run(
            &mut d,
            Command::ResetOverride {
                option: o.clone(),
                component: c.clone(),
                figure: FigureName::RoutineHoursMonth,
            },
        );
        run(
            &mut d,
            Command::SetLabel {
                option: o.clone(),
                component: c.clone(),
                label: "  ".into(),
            },
        );
        let used = &d.option("kubernetes").unwrap().components[5];
        assert!(used.overrides.is_empty());
        assert_eq!(
            used.label, None,
            "a blank label falls back to the kind's name"
        );
        analyse(&d).unwrap();
    }

    #[test]
    fn bad_values_are_refused() {
        let d = landing();
        let over = |value: f64| Command::Override {
            option: "kubernetes".into(),
            component: "monitoring".into(),
            figure: FigureName::Cores,
            value,
        };
        for value in [-1.0, f64::NAN, f64::INFINITY] {
            assert!(matches!(
                refused(&d, over(value)),
                EditError::InvalidValue { .. }
            ));
        }
        assert!(matches!(
            refused(
                &d,
                Command::SetProvider {
                    option: "kubernetes".into(),
                    component: "monitoring".into(),
                    provider: Some(Provider {
                        name: "x".into(),
                        price_month: -5.0
                    }),
                }
            ),
            EditError::InvalidValue { .. }
        ));
        assert!(matches!(
            refused(
                &d,
                Command::SetCount {
                    option: "kubernetes".into(),
                    component: "monitoring".into(),
                    count: Count::Fixed(limits::MAX_INSTANCES + 1),
                }
            ),
            EditError::TooMany { .. }
        ));
        for (field, value) in [
            (ContextNumber::Servers, -3.0),
            (ContextNumber::Servers, 2.5),
            (ContextNumber::DemandVariation, 1.5),
            (ContextNumber::CoresPerServer, 0.0),
            (ContextNumber::HourlyCost, f64::NAN),
        ] {
            assert!(
                matches!(
                    refused(&d, Command::SetNumber(field, value)),
                    EditError::OutOfRange { .. }
                ),
                "{field:?} = {value}"
            );
        }
    }

    #[test]
    fn context_numbers_and_flags_write_what_they_read() {
        let mut d = landing();
        run(&mut d, Command::SetNumber(ContextNumber::Servers, 40.0));
        run(
            &mut d,
            Command::SetNumber(ContextNumber::DemandVariation, 0.5),
        );
        run(&mut d, Command::SetFlag(ContextFlag::ElasticFleet, true));
        assert_eq!(d.context.fleet.servers, 40);
        assert_eq!(ContextNumber::DemandVariation.read(&d.context), 0.5);
        assert!(ContextFlag::ElasticFleet.read(&d.context));
    }

    #[test]
    fn option_operations() {
        let mut d = landing();
        run(
            &mut d,
            Command::AddOption {
                name: "Nomad!".into(),
            },
        );
        assert_eq!(d.options[2].id, "nomad");
        assert!(d.options[2].components.is_empty());
        run(
            &mut d,
            Command::DuplicateOption {
                option: "kubernetes".into(),
            },
        );
        assert_eq!(d.options[2].id, "kubernetes-copy");
        assert_eq!(d.options[2].name, "Storage daemons on Kubernetes (copy)");
        assert_eq!(d.options[2].components, d.options[1].components);
        run(
            &mut d,
            Command::MoveOption {
                option: "nomad".into(),
                to: 0,
            },
        );
        assert_eq!(d.options[0].id, "nomad");
        run(
            &mut d,
            Command::RenameOption {
                option: "nomad".into(),
                name: "Nomad".into(),
            },
        );
        assert_eq!(d.options[0].name, "Nomad");
        run(
            &mut d,
            Command::SetBaseline {
                option: "kubernetes".into(),
            },
        );
        run(&mut d, Command::Choose(Some("init-system".into())));
        assert_eq!(d.baseline, "kubernetes");
        analyse(&d).expect("an empty option and a copy compute");

        let applied = run(
            &mut d,
            Command::DeleteOption {
                option: "kubernetes".into(),
            },
        );
        assert_eq!(
            d.baseline, "nomad",
            "the baseline moves to the first option"
        );
        assert!(applied.note.unwrap().contains("baseline"));
        let applied = run(
            &mut d,
            Command::DeleteOption {
                option: "init-system".into(),
            },
        );
        assert_eq!(d.chosen, None);
        assert!(applied.note.unwrap().contains("chosen"));
        run(
            &mut d,
            Command::DeleteOption {
                option: "kubernetes-copy".into(),
            },
        );
        assert_eq!(
            refused(
                &d,
                Command::DeleteOption {
                    option: "nomad".into()
                }
            ),
            EditError::LastOption
        );
        assert_eq!(
            refused(&d, Command::Choose(Some("gone".into()))),
            EditError::UnknownOption("gone".into())
        );
    }

    #[test]
    fn options_are_capped() {
        let mut d = landing();
        while d.options.len() < limits::MAX_OPTIONS {
            run(
                &mut d,
                Command::AddOption {
                    name: String::new(),
                },
            );
        }
        assert!(matches!(
            refused(
                &d,
                Command::AddOption {
                    name: "one more".into()
                }
            ),
            EditError::TooMany { .. }
        ));
        assert!(matches!(
            refused(
                &d,
                Command::DuplicateOption {
                    option: "kubernetes".into()
                }
            ),
            EditError::TooMany { .. }
        ));
    }

    fn custom_kind(id: &str) -> CustomKind {
        CustomKind {
            id: id.into(),
            name: "In-house scheduler".into(),
            category: "orchestration".into(),
            summary: String::new(),
            scope: Scope::Cluster,
            managed: true,
            pages: false,
            requires: vec![KindRequirement {
                kind: "server".into(),
                relation: Relation::RunsOn,
            }],
            provides: Vec::new(),
            figures: [(FigureName::RoutineHoursMonth, 4.0)].into_iter().collect(),
            source: "ASSUMPTION: our own estimate".into(),
        }
    }

    #[test]
    fn custom_kinds_are_defined_used_and_removed() {
        let mut d = landing();
        run(&mut d, Command::DefineKind(custom_kind("scheduler")));
        run(
            &mut d,
            Command::AddComponent {
                option: "kubernetes".into(),
                kind: "scheduler".into(),
            },
        );
        let mut renamed = custom_kind("scheduler");
        renamed.name = "Scheduler".into();
        run(&mut d, Command::DefineKind(renamed));
        assert_eq!(d.kinds.len(), 1, "defining the same id replaces it");
        assert_eq!(d.kinds[0].name, "Scheduler");
        assert!(matches!(
            refused(
                &d,
                Command::RemoveKind {
                    kind: "scheduler".into()
                }
            ),
            EditError::KindInUse { .. }
        ));
        run(
            &mut d,
            Command::RemoveComponent {
                option: "kubernetes".into(),
                component: "scheduler".into(),
            },
        );
        run(
            &mut d,
            Command::RemoveKind {
                kind: "scheduler".into(),
            },
        );
        assert!(d.kinds.is_empty());
        assert_eq!(
            refused(&d, Command::DefineKind(custom_kind("patroni"))),
            EditError::KindIdTaken("patroni".into())
        );
        let mut negative = custom_kind("x");
        negative.figures.insert(FigureName::Cores, -1.0);
        assert!(matches!(
            refused(&d, Command::DefineKind(negative)),
            EditError::InvalidValue { .. }
        ));
    }

    fn kind_form() -> KindForm {
        KindForm {
            name: "  Batch runner ".into(),
            category: "compute".into(),
            summary: String::new(),
            scope: Scope::Cluster,
            managed: true,
            pages: false,
            figures: [
                (FigureName::RoutineHoursMonth, " 10 ".to_string()),
                (FigureName::Cores, String::new()),
            ]
            .into_iter()
            .collect(),
            requires: Vec::new(),
            provides: ["autoscaling".to_string()].into_iter().collect(),
            source: "ASSUMPTION: our estimate".into(),
        }
    }

    #[test]
    fn a_kind_form_becomes_a_kind_with_its_figures() {
        let kind = kind_form().check("batch-runner".into()).unwrap();
        assert_eq!(kind.name, "Batch runner");
        assert_eq!(
            kind.figures,
            [(FigureName::RoutineHoursMonth, 10.0)]
                .into_iter()
                .collect(),
            "an empty figure is not set"
        );
        assert_eq!(kind.provides, vec!["autoscaling".to_string()]);
        let mut d = landing();
        run(&mut d, Command::DefineKind(kind));
        assert_eq!(d.kinds.len(), 1);
    }

    #[test]
    fn a_kind_form_says_what_is_wrong_field_by_field() {
        let mut form = kind_form();
        form.name = " ".into();
        form.category = String::new();
        form.source = String::new();
        form.figures.insert(FigureName::Cores, "two".into());
        form.figures.insert(FigureName::MemoryGib, "-1".into());
        let errors = form.check("x".into()).unwrap_err();
        assert!(errors.name.is_some() && errors.category.is_some() && errors.source.is_some());
        assert_eq!(
            errors.figures.keys().copied().collect::<Vec<_>>(),
            vec![FigureName::Cores, FigureName::MemoryGib]
        );
        assert!(errors.figures[&FigureName::Cores].contains("“two” is not a number"));
        assert!(!errors.is_empty());
        assert!(KindFormErrors::default().is_empty());
    }

    #[test]
    fn replace_swaps_the_whole_document() {
        let mut d = landing();
        let other = scenario::list()
            .into_iter()
            .nth(1)
            .and_then(|entry| scenario::load(&entry.id))
            .unwrap();
        let applied = run(&mut d, Command::Replace(Box::new(other.clone())));
        assert_eq!(d, other);
        assert_eq!(applied.target, Target::Text);
    }

    #[test]
    fn undo_steps_merge_by_typed_target() {
        let rename = |option: &str| Target::OptionName(option.into());
        assert!(rename("a").merges_with(&rename("a")));
        assert!(
            !rename("a").merges_with(&rename("b")),
            "renames of two options are two steps"
        );
        assert!(Target::Title.merges_with(&Target::Title));
        assert!(!Target::Title.merges_with(&Target::Question));
        assert!(!Target::Structure.merges_with(&Target::Structure));
        assert!(Target::Number(ContextNumber::Servers)
            .merges_with(&Target::Number(ContextNumber::Servers)));
        assert!(!Target::Number(ContextNumber::Servers)
            .merges_with(&Target::Number(ContextNumber::Services)));
    }

    #[test]
    fn new_kind_ids_avoid_catalog_and_document_kinds() {
        let d = landing();
        assert_eq!(
            new_kind_id(d.catalog_version, &[], "Batch Runner!"),
            "batch-runner"
        );
        // `patroni` is a catalog kind: a document's kind named so is numbered.
        assert_eq!(new_kind_id(d.catalog_version, &[], "Patroni"), "patroni-2");
        let defined = [custom_kind("scheduler"), custom_kind("scheduler-2")];
        assert_eq!(
            new_kind_id(d.catalog_version, &defined, "Scheduler"),
            "scheduler-3"
        );
        assert_eq!(new_kind_id(d.catalog_version, &defined, "  "), "item");
    }

    #[test]
    fn fresh_ids_are_slugs() {
        let none = |_: &str| false;
        assert_eq!(fresh_id("Nomad on VMs!", none), "nomad-on-vms");
        assert_eq!(fresh_id("***", none), "item");
        assert_eq!(fresh_id("a", |id| id == "a" || id == "a-2"), "a-3");
    }

    #[test]
    fn a_slug_cut_at_40_bytes_does_not_split_a_letter() {
        let none = |_: &str| false;
        // 39 ASCII letters, then "é" (2 bytes): the 40th byte is inside it.
        let name = format!("{}é-and-more", "a".repeat(39));
        let id = fresh_id(&name, none);
        assert_eq!(id, "a".repeat(39));
        // Three-byte letters from the start: cut at the last whole letter within 40 bytes.
        assert_eq!(fresh_id(&"日".repeat(20), none), "日".repeat(13));
    }
}
