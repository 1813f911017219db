//! The catalog's data types, its validation and the figures derived from it.
//!
//! This file is shared: the build script includes it (`#[path]`) to read the TOML data files,
//! check them and write them out as Rust statics, and the crate uses the same types at run time.
//! So it depends on nothing but `serde` and `std`. Text and lists are `Cow<'static, _>`: owned
//! while the build script reads the data, borrowed from statics in the app (no parsing at
//! start-up, and no JSON parser for the catalog in the bundle).

use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt;

use serde::{Deserialize, Serialize};

pub type Text = Cow<'static, str>;
pub type List<T> = Cow<'static, [T]>;

/// Where a figure comes from: a public document, or a stated assumption.
///
/// Its words (`text`) are held apart: the catalog's are not in the app's statics but in a file
/// the page loads after its first paint ([`CatalogTexts`]), since no number depends on them.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(from = "SourceEntry")]
pub struct Source {
    pub id: Text,
    pub tag: SourceTag,
    /// Its words when it carries them: a document's sources and the catalog's as read from the
    /// data files; `None` in the app's statics.
    pub text: Option<SourceText>,
}

/// What a source says of itself: its title, its address and a note.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SourceText {
    pub title: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Text>,
}

/// A source as the data files write it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SourceEntry {
    id: Text,
    title: Text,
    #[serde(default)]
    url: Option<Text>,
    tag: SourceTag,
    #[serde(default)]
    note: Option<Text>,
}

impl From<SourceEntry> for Source {
    fn from(entry: SourceEntry) -> Source {
        Source {
            id: entry.id,
            tag: entry.tag,
            text: Some(SourceText {
                title: entry.title,
                url: entry.url,
                note: entry.note,
            }),
        }
    }
}

/// What a kind says to a newcomer: what it is and does, and what stops when it fails.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct KindText {
    pub summary: Text,
    pub failure: Text,
}

/// One catalog version's words: its sources', its kinds' and its capabilities' summaries, by id.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct VersionTexts {
    sources: std::collections::BTreeMap<Text, SourceText>,
    kinds: std::collections::BTreeMap<Text, KindText>,
    #[serde(default)]
    capabilities: std::collections::BTreeMap<Text, Text>,
}

/// The words of every catalog version, by version and id: its sources' titles, addresses and
/// notes, its kinds' summaries and failures, and its capabilities' summaries. No number depends
/// on them, so they are not in the app's statics but in the file the build writes
/// (`catalog-texts.json`, committed as `public/catalog-texts.json`), which the page loads after
/// its first paint.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
pub struct CatalogTexts {
    versions: std::collections::BTreeMap<u32, VersionTexts>,
}

impl CatalogTexts {
    /// The words of these catalogs, which must carry them (as read from the data files).
    pub fn of(catalogs: &[CatalogData]) -> CatalogTexts {
        let versions = catalogs
            .iter()
            .map(|catalog| {
                let sources = catalog
                    .sources
                    .iter()
                    .filter_map(|s| Some((s.id.clone(), s.text.clone()?)))
                    .collect();
                let kinds = catalog
                    .kinds
                    .iter()
                    .map(|k| {
                        let text = KindText {
                            summary: k.summary.clone(),
                            failure: k.failure.clone(),
                        };
                        (k.id.clone(), text)
                    })
                    .collect();
                let capabilities = catalog
                    .capabilities
                    .iter()
                    .map(|c| (c.id.clone(), c.summary.clone()))
                    .collect();
                let texts = VersionTexts {
                    sources,
                    kinds,
                    capabilities,
                };
                (catalog.version, texts)
            })
            .collect();
        CatalogTexts { versions }
    }

    /// The words of this version's source, if they are known.
    pub fn source(&self, version: u32, id: &str) -> Option<&SourceText> {
        self.versions.get(&version)?.sources.get(id)
    }

    /// The words of this version's kind, if they are known.
    pub fn kind(&self, version: u32, id: &str) -> Option<&KindText> {
        self.versions.get(&version)?.kinds.get(id)
    }

    /// The summary of this version's capability, if it is known.
    pub fn capability(&self, version: u32, id: &str) -> Option<&str> {
        self.versions
            .get(&version)?
            .capabilities
            .get(id)
            .map(|s| &**s)
    }
}

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum SourceTag {
    /// First-party documentation or code of the vendor or project.
    FirstParty,
    /// A third-party page, survey summary or mirror: usable but weaker.
    ThirdParty,
    /// No public figure exists; the number is reasoned and labelled as such.
    Assumption,
    /// Computed by Overhead from other sourced figures.
    Derived,
}

impl SourceTag {
    pub fn label(self) -> &'static str {
        match self {
            SourceTag::FirstParty => "first-party",
            SourceTag::ThirdParty => "third-party",
            SourceTag::Assumption => "ASSUMPTION",
            SourceTag::Derived => "derived",
        }
    }
}

/// One default value and the source that justifies it.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Figure {
    #[serde(rename = "v")]
    pub value: f64,
    #[serde(rename = "src")]
    pub source: Text,
    /// Where sources disagree: the 5th and 95th percentiles around `value` (the median), which
    /// a document with ranges on draws from. Both or neither.
    #[serde(default)]
    pub low: Option<f64>,
    #[serde(default)]
    pub high: Option<f64>,
}

impl Figure {
    /// Its low and high, when the sources give a range.
    pub fn range(&self) -> Option<(f64, f64)> {
        self.low.zip(self.high)
    }
}

/// How many instances a use of a kind has when the model does not say.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Scope {
    /// A fixed number per cluster (`default_count`, 1 unless stated).
    Cluster,
    /// One on every server of the fleet.
    Server,
    /// One for every service of the workload.
    Service,
}

/// A capacity reservation that depends on the server it runs on, instead of a fixed footprint.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum FootprintRule {
    /// GKE's node reservation: CPU 6% of the first core, 1% of the second, 0.5% of cores 3–4,
    /// 0.25% above; memory 25% of the first 4 GiB, 20% of the next 4, 10% of the next 8, 6% of
    /// the next 112, 2% above 128 GiB, plus 100 MiB for eviction.
    NodeReservation,
    /// The EKS AMI's kube-reserved: the same CPU tiers as GKE; memory 11 MiB for each of 110
    /// pods plus 255 MiB, plus 100 MiB for eviction (cost model 2's managed node pools).
    EksReservation,
}

/// How one component relates to another: `from` runs on, depends on, or is managed by `to`.
#[derive(Clone, Copy, Debug, Default, Deserialize, Serialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "kebab-case")]
pub enum Relation {
    /// Hosted by it: when it fails, `from` stops.
    RunsOn,
    /// Needs it at run time: when it fails, `from` stops.
    #[default]
    DependsOn,
    /// Deployed, configured or scheduled by it: when it fails, `from` keeps running but can no
    /// longer be changed.
    ManagedBy,
}

impl Relation {
    pub const ALL: [Relation; 3] = [Relation::RunsOn, Relation::DependsOn, Relation::ManagedBy];

    pub fn label(self) -> &'static str {
        match self {
            Relation::RunsOn => "runs on",
            Relation::DependsOn => "depends on",
            Relation::ManagedBy => "managed by",
        }
    }

    /// Whether a failure of the target stops the source.
    pub fn propagates_failure(self) -> bool {
        !matches!(self, Relation::ManagedBy)
    }
}

/// A kind's requirement on another kind: a plain id means "depends on".
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(untagged)]
pub enum Requirement {
    Kind(Text),
    Related { kind: Text, relation: Relation },
}

impl Requirement {
    pub fn kind(&self) -> &str {
        match self {
            Requirement::Kind(kind) | Requirement::Related { kind, .. } => kind,
        }
    }

    pub fn relation(&self) -> Relation {
        match self {
            Requirement::Kind(_) => Relation::DependsOn,
            Requirement::Related { relation, .. } => *relation,
        }
    }
}

/// A catalog figure that a component use can override.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "snake_case")]
pub enum FigureName {
    RoutineHoursMonth,
    RoutineHoursPerInstanceMonth,
    UpgradesPerYear,
    HoursPerUpgrade,
    HoursPerUpgradePerInstance,
    IncidentsPerYear,
    HoursPerIncident,
    LearningHours,
    Cores,
    MemoryGib,
    LicenceMonth,
    // Cost model 2's figures. Appended, so that the link format's figure indexes of the
    // first eleven stay as they were.
    IncidentsPerInstanceYear,
    OneTimeHours,
    OneTimeHoursPerInstance,
}

impl FigureName {
    /// Its place in [`FigureName::ALL`].
    pub const fn index(self) -> usize {
        self as usize
    }

    /// The figures cost model 1 knows, the first eleven: documents of that model can set no
    /// other.
    pub const MODEL_1: &'static [FigureName] = FigureName::ALL.split_at(11).0;

    /// The figures a document of this cost model can set.
    pub fn of_model(cost_model: u32) -> &'static [FigureName] {
        if cost_model <= 1 {
            FigureName::MODEL_1
        } else {
            &FigureName::ALL
        }
    }

    pub const ALL: [FigureName; 14] = [
        FigureName::RoutineHoursMonth,
        FigureName::RoutineHoursPerInstanceMonth,
        FigureName::UpgradesPerYear,
        FigureName::HoursPerUpgrade,
        FigureName::HoursPerUpgradePerInstance,
        FigureName::IncidentsPerYear,
        FigureName::HoursPerIncident,
        FigureName::LearningHours,
        FigureName::Cores,
        FigureName::MemoryGib,
        FigureName::LicenceMonth,
        FigureName::IncidentsPerInstanceYear,
        FigureName::OneTimeHours,
        FigureName::OneTimeHoursPerInstance,
    ];

    /// The name the document and the data files use (snake_case, as serde writes it).
    pub fn key(self) -> &'static str {
        match self {
            FigureName::RoutineHoursMonth => "routine_hours_month",
            FigureName::RoutineHoursPerInstanceMonth => "routine_hours_per_instance_month",
            FigureName::UpgradesPerYear => "upgrades_per_year",
            FigureName::HoursPerUpgrade => "hours_per_upgrade",
            FigureName::HoursPerUpgradePerInstance => "hours_per_upgrade_per_instance",
            FigureName::IncidentsPerYear => "incidents_per_year",
            FigureName::HoursPerIncident => "hours_per_incident",
            FigureName::LearningHours => "learning_hours",
            FigureName::Cores => "cores",
            FigureName::MemoryGib => "memory_gib",
            FigureName::LicenceMonth => "licence_month",
            FigureName::IncidentsPerInstanceYear => "incidents_per_instance_year",
            FigureName::OneTimeHours => "one_time_hours",
            FigureName::OneTimeHoursPerInstance => "one_time_hours_per_instance",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            FigureName::RoutineHoursMonth => "routine hours a month",
            FigureName::RoutineHoursPerInstanceMonth => "routine hours a month per instance",
            FigureName::UpgradesPerYear => "upgrades a year",
            FigureName::HoursPerUpgrade => "hours per upgrade",
            FigureName::HoursPerUpgradePerInstance => "hours per upgrade per instance",
            FigureName::IncidentsPerYear => "incidents a year",
            FigureName::HoursPerIncident => "hours per incident",
            FigureName::LearningHours => "hours for one engineer to learn it",
            FigureName::Cores => "cores per instance",
            FigureName::MemoryGib => "memory per instance (GiB)",
            FigureName::LicenceMonth => "licence a month per instance",
            FigureName::IncidentsPerInstanceYear => "incidents a year per instance",
            FigureName::OneTimeHours => "one-time work (hours)",
            FigureName::OneTimeHoursPerInstance => "one-time work per instance (hours)",
        }
    }
}

impl fmt::Display for FigureName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// The default figures of a kind. Absent figures are zero and are reported as "not set".
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Figures {
    pub routine_hours_month: Option<Figure>,
    pub routine_hours_per_instance_month: Option<Figure>,
    pub upgrades_per_year: Option<Figure>,
    pub hours_per_upgrade: Option<Figure>,
    pub hours_per_upgrade_per_instance: Option<Figure>,
    pub incidents_per_year: Option<Figure>,
    pub hours_per_incident: Option<Figure>,
    pub learning_hours: Option<Figure>,
    pub cores: Option<Figure>,
    pub memory_gib: Option<Figure>,
    pub licence_month: Option<Figure>,
    #[serde(default)]
    pub incidents_per_instance_year: Option<Figure>,
    #[serde(default)]
    pub one_time_hours: Option<Figure>,
    #[serde(default)]
    pub one_time_hours_per_instance: Option<Figure>,
}

impl Figures {
    pub fn get(&self, name: FigureName) -> Option<&Figure> {
        self.slot(name).as_ref()
    }

    fn slot(&self, name: FigureName) -> &Option<Figure> {
        match name {
            FigureName::RoutineHoursMonth => &self.routine_hours_month,
            FigureName::RoutineHoursPerInstanceMonth => &self.routine_hours_per_instance_month,
            FigureName::UpgradesPerYear => &self.upgrades_per_year,
            FigureName::HoursPerUpgrade => &self.hours_per_upgrade,
            FigureName::HoursPerUpgradePerInstance => &self.hours_per_upgrade_per_instance,
            FigureName::IncidentsPerYear => &self.incidents_per_year,
            FigureName::HoursPerIncident => &self.hours_per_incident,
            FigureName::LearningHours => &self.learning_hours,
            FigureName::Cores => &self.cores,
            FigureName::MemoryGib => &self.memory_gib,
            FigureName::LicenceMonth => &self.licence_month,
            FigureName::IncidentsPerInstanceYear => &self.incidents_per_instance_year,
            FigureName::OneTimeHours => &self.one_time_hours,
            FigureName::OneTimeHoursPerInstance => &self.one_time_hours_per_instance,
        }
    }
}

/// A component kind: what it is, what it needs, what it provides and what it costs to run.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Kind {
    pub id: Text,
    pub name: Text,
    pub category: Text,
    /// A short explanation for a newcomer: what it is and what it does. Empty in the app's
    /// statics for the catalog's kinds: their words are loaded apart ([`CatalogTexts`]; read
    /// them with `Catalog::kind_text`).
    pub summary: Text,
    /// What stops working when it fails (empty in the statics, as `summary`).
    pub failure: Text,
    pub scope: Scope,
    #[serde(default = "one")]
    pub default_count: u32,
    /// Whether the team operates it when it is used (false for hardware the team does not
    /// run as a service, or for a kind that only exists as a part).
    #[serde(default = "yes")]
    pub managed: bool,
    /// Kinds it is made of, shown when the component is opened. Their footprints add up to the
    /// kind's footprint unless it states its own; their operating effort is counted on the whole.
    #[serde(default)]
    pub parts: List<Text>,
    #[serde(default)]
    pub requires: List<Requirement>,
    #[serde(default)]
    pub provides: List<Text>,
    #[serde(default)]
    pub footprint_rule: Option<FootprintRule>,
    /// Whether its failures page someone at any hour: the team then needs on-call cover
    /// (cost model 2).
    #[serde(default)]
    pub pages: bool,
    #[serde(default)]
    pub figures: Figures,
}

fn one() -> u32 {
    1
}

fn yes() -> bool {
    true
}

/// How a capability's monthly worth follows from the context. Each rule is a formula written in
/// `docs/cost-model.md`; its parameters are data.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(tag = "rule", rename_all = "kebab-case", deny_unknown_fields)]
pub enum ValueRule {
    /// Shedding servers when demand falls: nothing on a fixed fleet.
    /// `servers × server cost × demand variation × (stateful_factor if stateful)`.
    ElasticCapacity { stateful_factor: f64 },
    /// Recovering from a server failure without a person:
    /// `servers × failures a year ÷ 12 × recovery_hours × hourly cost × (stateful_factor if stateful)`.
    FailureRecovery {
        recovery_hours: f64,
        stateful_factor: f64,
    },
    /// Packing many services onto fewer servers:
    /// `servers × server cost × max_saving × min(1, (services − 1) ÷ full_at_services) × (stateful_factor if stateful)`.
    Packing {
        max_saving: f64,
        full_at_services: f64,
        stateful_factor: f64,
    },
    /// Hours saved for every service beyond the first: `(services − 1) × hours × hourly cost`.
    PerExtraService { hours_month: f64 },
    /// Hours saved for every service: `services × hours × hourly cost`.
    PerService { hours_month: f64 },
    /// Hours saved for every server: `servers × hours × hourly cost`.
    PerServer { hours_month: f64 },
    /// Hours saved on every deploy: `services × deploys a week × 52 ÷ 12 × hours × hourly cost`.
    PerDeploy { hours: f64 },
    /// A fixed number of hours saved a month: `hours × hourly cost`.
    FixedHours { hours_month: f64 },
    /// Cost model 2: a share of hours the option already carries, so that the value can never
    /// exceed what it removes: `share × the option's hours in the pool × hourly cost`.
    /// Capabilities that cut the same pool take their shares one after the other.
    CutsHours { pool: HoursPool, share: f64 },
    /// Cost model 2: hours saved for every team beyond the first (coordination, release trains):
    /// `(teams − 1) × hours × hourly cost`.
    PerExtraTeam { hours_month: f64 },
    /// Cost model 2: scaling finer than whole servers. A baseline on an elastic fleet sheds
    /// whole servers too (autoscaling groups), so only the share of the demand swing that
    /// whole servers cannot follow is gained:
    /// `servers × server cost × demand variation × finer_share × (stateful_factor if stateful)`,
    /// nothing on a fixed fleet.
    FinerScaling {
        finer_share: f64,
        stateful_factor: f64,
    },
    /// Cost model 2: packing services onto fewer servers, counted on the servers that still run
    /// once whole-server scaling has shed the idle ones (no slack counted twice):
    /// `running servers × max_saving × min(1, (services − 1) ÷ full_at_services) × (stateful_factor if stateful)`,
    /// in servers; money where capacity is money (see `docs/cost-model.md`).
    PackingFreed {
        max_saving: f64,
        full_at_services: f64,
        stateful_factor: f64,
    },
}

/// The hours of an option that a capability of cost model 2 can cut.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum HoursPool {
    /// Hours spent on incidents by the components the team operates.
    Incidents,
    /// Routine hours of the components the team operates.
    Routine,
    /// Upgrade hours of the components the team operates.
    Upgrades,
    /// Hours people spend on deploys: services × deploys a week × 52 ÷ 12 × hours a deploy.
    Deploys,
}

impl HoursPool {
    pub fn label(self) -> &'static str {
        match self {
            HoursPool::Incidents => "incident hours",
            HoursPool::Routine => "routine hours",
            HoursPool::Upgrades => "upgrade hours",
            HoursPool::Deploys => "deploy hours",
        }
    }
}

impl ValueRule {
    /// The rule's parameters, for validation.
    pub fn parameters(&self) -> Vec<f64> {
        match *self {
            ValueRule::ElasticCapacity { stateful_factor } => vec![stateful_factor],
            ValueRule::FailureRecovery {
                recovery_hours,
                stateful_factor,
            } => vec![recovery_hours, stateful_factor],
            ValueRule::Packing {
                max_saving,
                full_at_services,
                stateful_factor,
            } => vec![max_saving, full_at_services, stateful_factor],
            ValueRule::PerExtraService { hours_month }
            | ValueRule::PerService { hours_month }
            | ValueRule::PerServer { hours_month }
            | ValueRule::FixedHours { hours_month } => vec![hours_month],
            ValueRule::PerDeploy { hours } => vec![hours],
            ValueRule::CutsHours { share, .. } => vec![share],
            ValueRule::PerExtraTeam { hours_month } => vec![hours_month],
            ValueRule::FinerScaling {
                finer_share,
                stateful_factor,
            } => vec![finer_share, stateful_factor],
            ValueRule::PackingFreed {
                max_saving,
                full_at_services,
                stateful_factor,
            } => vec![max_saving, full_at_services, stateful_factor],
        }
    }

    /// Whether the rule belongs to this cost model (a catalog's capabilities use only its own).
    /// Failure recovery is in both: its hours are server failures, which the context carries.
    pub fn in_model(&self, cost_model: u32) -> bool {
        if matches!(self, ValueRule::FailureRecovery { .. }) {
            return true;
        }
        let second = matches!(
            self,
            ValueRule::CutsHours { .. }
                | ValueRule::PerExtraTeam { .. }
                | ValueRule::FinerScaling { .. }
                | ValueRule::PackingFreed { .. }
        );
        second == (cost_model >= 2)
    }
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Capability {
    pub id: Text,
    pub name: Text,
    /// What it is, for the kind editor and "How is this computed?". Empty in the app's statics:
    /// the words are loaded apart ([`CatalogTexts`]; read them with `Catalog::capability_summary`).
    pub summary: Text,
    pub value: ValueRule,
    /// Source of the rule's parameters.
    pub src: Text,
}

/// Sourced defaults for the context's assumptions, shown in "how is this computed?".
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ContextDefault {
    pub name: Text,
    pub value: f64,
    pub unit: Text,
    pub src: Text,
}

/// One catalog version, as the data files give it (with composite footprints derived).
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CatalogData {
    pub version: u32,
    /// The cost model this catalog's figures and rules are written for (documents name both).
    #[serde(default = "one")]
    pub cost_model: u32,
    pub sources: List<Source>,
    pub kinds: List<Kind>,
    pub capabilities: List<Capability>,
    #[serde(default)]
    pub context_defaults: List<ContextDefault>,
    /// Cost model 2: what on-call cover costs a team.
    #[serde(default)]
    pub on_call: Option<OnCallRule>,
}

/// Cost model 2's on-call term: an option that makes the team carry a pager it did not carry
/// before pays for the cover, more when the team is smaller than a rotation.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct OnCallRule {
    /// Hours a month that standing cover costs the team (compensation and interrupted work).
    pub cover_hours_month: f64,
    /// Engineers a rotation needs to be sustainable; a smaller team pays
    /// `cover × rotation ÷ engineers`.
    pub rotation_size: f64,
    pub src: Text,
}

/// The source id of a footprint that was added up from a kind's parts.
pub const PARTS_SOURCE: &str = "sum-of-parts";

impl CatalogData {
    /// Checks that every reference resolves and every figure is a finite number, zero or more.
    pub fn validate(&self) -> Result<(), String> {
        let unique = |ids: Vec<&str>, what: &str| -> Result<HashSet<String>, String> {
            let mut set = HashSet::new();
            for id in ids {
                if !set.insert(id.to_string()) {
                    return Err(format!("duplicate {what} id `{id}`"));
                }
            }
            Ok(set)
        };
        let mut sources = unique(self.sources.iter().map(|s| &*s.id).collect(), "source")?;
        sources.insert(PARTS_SOURCE.to_string());
        let kinds = unique(self.kinds.iter().map(|k| &*k.id).collect(), "kind")?;
        let capabilities = unique(
            self.capabilities.iter().map(|c| &*c.id).collect(),
            "capability",
        )?;
        for kind in self.kinds.iter() {
            let id = &kind.id;
            for part in kind.parts.iter() {
                if !kinds.contains(&**part) {
                    return Err(format!("kind `{id}` has unknown part `{part}`"));
                }
            }
            for requirement in kind.requires.iter() {
                if !kinds.contains(requirement.kind()) {
                    return Err(format!(
                        "kind `{id}` requires unknown `{}`",
                        requirement.kind()
                    ));
                }
            }
            for capability in kind.provides.iter() {
                if !capabilities.contains(&**capability) {
                    return Err(format!("kind `{id}` provides unknown `{capability}`"));
                }
            }
            for name in FigureName::ALL {
                if kind.figures.get(name).is_some()
                    && !FigureName::of_model(self.cost_model).contains(&name)
                {
                    return Err(format!(
                        "kind `{id}`: {name} is not a figure of cost model {}",
                        self.cost_model
                    ));
                }
                if let Some(figure) = kind.figures.get(name) {
                    if !figure.value.is_finite() || figure.value < 0.0 {
                        return Err(format!("kind `{id}`: {name} is {}", figure.value));
                    }
                    match (figure.low, figure.high) {
                        (None, None) => {}
                        (Some(low), Some(high))
                            if low.is_finite()
                                && high.is_finite()
                                && 0.0 <= low
                                && low <= figure.value
                                && figure.value <= high => {}
                        _ => {
                            return Err(format!(
                                "kind `{id}`: {name}'s range needs both low and high, with low ≤ value ≤ high"
                            ))
                        }
                    }
                    if !sources.contains(&*figure.source) {
                        return Err(format!(
                            "kind `{id}`: {name} cites unknown `{}`",
                            figure.source
                        ));
                    }
                }
            }
        }
        for capability in self.capabilities.iter() {
            if !capability.value.in_model(self.cost_model) {
                return Err(format!(
                    "capability `{}`: its rule is not one of cost model {}",
                    capability.id, self.cost_model
                ));
            }
            if !sources.contains(&*capability.src) {
                return Err(format!(
                    "capability `{}` cites unknown `{}`",
                    capability.id, capability.src
                ));
            }
            if capability
                .value
                .parameters()
                .iter()
                .any(|p| !p.is_finite() || *p < 0.0)
            {
                return Err(format!(
                    "capability `{}` has a bad parameter",
                    capability.id
                ));
            }
        }
        if let Some(on_call) = &self.on_call {
            if self.cost_model < 2 {
                return Err("on_call is a rule of cost model 2".into());
            }
            if !sources.contains(&*on_call.src) {
                return Err(format!("on_call cites unknown `{}`", on_call.src));
            }
            let cover_ok =
                on_call.cover_hours_month.is_finite() && on_call.cover_hours_month >= 0.0;
            let rotation_ok = on_call.rotation_size.is_finite() && on_call.rotation_size >= 1.0;
            if !(cover_ok && rotation_ok) {
                return Err("on_call has a bad parameter".into());
            }
        }
        for default in self.context_defaults.iter() {
            if !sources.contains(&*default.src) {
                return Err(format!(
                    "context default `{}` cites `{}`",
                    default.name, default.src
                ));
            }
        }
        Ok(())
    }

    /// Gives each composite kind without its own footprint the sum of its parts', copies a
    /// part's footprint rule up, and adds the source entry those sums cite.
    pub fn derive_composites(&mut self) {
        let snapshot: Vec<Kind> = self.kinds.to_vec();
        let kinds = self.kinds.to_mut();
        for kind in kinds.iter_mut() {
            if kind.parts.is_empty() {
                continue;
            }
            let parts: Vec<&Kind> = kind
                .parts
                .iter()
                .filter_map(|p| snapshot.iter().find(|k| k.id == *p))
                .collect();
            let sum = |name: FigureName| -> f64 {
                parts
                    .iter()
                    .filter_map(|p| p.figures.get(name))
                    .map(|f| f.value)
                    .sum()
            };
            let derived = |value: f64| Figure {
                value,
                source: Cow::Borrowed(PARTS_SOURCE),
                low: None,
                high: None,
            };
            if kind.figures.cores.is_none() {
                kind.figures.cores = Some(derived(sum(FigureName::Cores)));
            }
            if kind.figures.memory_gib.is_none() {
                kind.figures.memory_gib = Some(derived(sum(FigureName::MemoryGib)));
            }
            if kind.footprint_rule.is_none() {
                kind.footprint_rule = parts.iter().find_map(|p| p.footprint_rule);
            }
        }
        if !self.sources.iter().any(|s| s.id == PARTS_SOURCE) {
            self.sources.to_mut().push(Source {
                id: Cow::Borrowed(PARTS_SOURCE),
                tag: SourceTag::Derived,
                text: Some(SourceText {
                    title: Cow::Borrowed("Sum of the footprints of the parts it is made of"),
                    url: None,
                    note: None,
                }),
            });
        }
    }
}
