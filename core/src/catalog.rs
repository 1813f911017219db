//! The catalog: the component kinds a model can use, the capabilities they provide, and the
//! sources behind every default figure.
//!
//! Catalogs are data (`data/catalog/v*.toml`), embedded at build time. Every released catalog
//! version stays in the app, so that a decision document made against version N computes the same
//! numbers forever, whatever later versions change.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use crate::model::{FigureName, Relation};

/// Where a figure comes from: a public document, or a stated assumption.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
pub struct Source {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub url: Option<String>,
    pub tag: SourceTag,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
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
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
pub struct Figure {
    #[serde(rename = "v")]
    pub value: f64,
    #[serde(rename = "src")]
    pub source: String,
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
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum FootprintRule {
    /// GKE's node reservation: CPU 6% of the first core, 1% of the second, 0.5% of cores 3–4,
    /// 0.25% above; memory 25% of the first 4 GiB, 20% of the next 4, 10% of the next 8, 6% of
    /// the next 112, 2% above 128 GiB, plus 100 MiB for eviction.
    NodeReservation,
}

/// A kind's requirement on another kind: a plain id means "depends on".
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(untagged)]
pub enum Requirement {
    Kind(String),
    Related { kind: String, relation: Relation },
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

/// The default figures of a kind. Absent figures are zero and are reported as "not set".
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
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
}

impl Figures {
    pub fn get(&self, name: FigureName) -> Option<&Figure> {
        match name {
            FigureName::RoutineHoursMonth => self.routine_hours_month.as_ref(),
            FigureName::RoutineHoursPerInstanceMonth => {
                self.routine_hours_per_instance_month.as_ref()
            }
            FigureName::UpgradesPerYear => self.upgrades_per_year.as_ref(),
            FigureName::HoursPerUpgrade => self.hours_per_upgrade.as_ref(),
            FigureName::HoursPerUpgradePerInstance => self.hours_per_upgrade_per_instance.as_ref(),
            FigureName::IncidentsPerYear => self.incidents_per_year.as_ref(),
            FigureName::HoursPerIncident => self.hours_per_incident.as_ref(),
            FigureName::LearningHours => self.learning_hours.as_ref(),
            FigureName::Cores => self.cores.as_ref(),
            FigureName::MemoryGib => self.memory_gib.as_ref(),
            FigureName::LicenceMonth => self.licence_month.as_ref(),
        }
    }
}

/// A component kind: what it is, what it needs, what it provides and what it costs to run.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Kind {
    pub id: String,
    pub name: String,
    pub category: String,
    /// A short explanation for a newcomer: what it is and what it does.
    pub summary: String,
    /// What stops working when it fails.
    pub failure: String,
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
    pub parts: Vec<String>,
    #[serde(default)]
    pub requires: Vec<Requirement>,
    #[serde(default)]
    pub provides: Vec<String>,
    #[serde(default)]
    pub footprint_rule: Option<FootprintRule>,
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
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
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
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Capability {
    pub id: String,
    pub name: String,
    pub summary: String,
    pub value: ValueRule,
    /// Source of the rule's parameters.
    pub src: String,
}

/// Sourced defaults for the context's assumptions, shown in "how is this computed?".
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
pub struct ContextDefault {
    pub name: String,
    pub value: f64,
    pub unit: String,
    pub src: String,
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct CatalogFile {
    version: u32,
    sources: Vec<Source>,
    kinds: Vec<Kind>,
    capabilities: Vec<Capability>,
    #[serde(default)]
    context_defaults: Vec<ContextDefault>,
}

/// A loaded, validated catalog.
#[derive(Clone, Debug)]
pub struct Catalog {
    pub version: u32,
    pub sources: Vec<Source>,
    pub kinds: Vec<Kind>,
    pub capabilities: Vec<Capability>,
    pub context_defaults: Vec<ContextDefault>,
    kind_index: HashMap<String, usize>,
    capability_index: HashMap<String, usize>,
    source_index: HashMap<String, usize>,
}

/// A catalog file that does not hold together. Only reachable through the data files in the
/// repository, so the tests load every catalog and fail on it.
#[derive(Clone, Debug, PartialEq)]
pub struct CatalogError(pub String);

impl std::fmt::Display for CatalogError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "catalog: {}", self.0)
    }
}

impl Catalog {
    pub fn from_json(json: &str) -> Result<Catalog, CatalogError> {
        let file: CatalogFile =
            serde_json::from_str(json).map_err(|e| CatalogError(e.to_string()))?;
        Catalog::from_file(file)
    }

    fn from_file(mut file: CatalogFile) -> Result<Catalog, CatalogError> {
        file.sources.push(Source {
            id: PARTS_SOURCE.to_string(),
            title: "Sum of the footprints of the parts it is made of".to_string(),
            url: None,
            tag: SourceTag::Derived,
            note: None,
        });
        let mut catalog = Catalog {
            version: file.version,
            kind_index: index_by(&file.kinds, |k| &k.id)?,
            capability_index: index_by(&file.capabilities, |c| &c.id)?,
            source_index: index_by(&file.sources, |s| &s.id)?,
            sources: file.sources,
            kinds: file.kinds,
            capabilities: file.capabilities,
            context_defaults: file.context_defaults,
        };
        catalog.validate()?;
        catalog.derive_composite_footprints();
        Ok(catalog)
    }

    fn validate(&self) -> Result<(), CatalogError> {
        let fail = |msg: String| Err(CatalogError(msg));
        for kind in &self.kinds {
            for part in &kind.parts {
                if self.kind(part).is_none() {
                    return fail(format!("kind `{}` has unknown part `{part}`", kind.id));
                }
            }
            for req in &kind.requires {
                if self.kind(req.kind()).is_none() {
                    return fail(format!(
                        "kind `{}` requires unknown `{}`",
                        kind.id,
                        req.kind()
                    ));
                }
            }
            for cap in &kind.provides {
                if self.capability(cap).is_none() {
                    return fail(format!("kind `{}` provides unknown `{cap}`", kind.id));
                }
            }
            for name in FigureName::ALL {
                if let Some(figure) = kind.figures.get(name) {
                    if !figure.value.is_finite() || figure.value < 0.0 {
                        return fail(format!("kind `{}`: {name} is {}", kind.id, figure.value));
                    }
                    if self.source(&figure.source).is_none() {
                        return fail(format!(
                            "kind `{}`: {name} cites unknown source `{}`",
                            kind.id, figure.source
                        ));
                    }
                }
            }
        }
        for cap in &self.capabilities {
            if self.source(&cap.src).is_none() {
                return fail(format!(
                    "capability `{}` cites unknown `{}`",
                    cap.id, cap.src
                ));
            }
        }
        for default in &self.context_defaults {
            if self.source(&default.src).is_none() {
                return fail(format!(
                    "context default `{}` cites `{}`",
                    default.name, default.src
                ));
            }
        }
        Ok(())
    }

    /// A composite kind without its own footprint takes the sum of its parts' (parts are one
    /// level deep in the data, which `validate` does not need to enforce: a nested composite
    /// simply contributes what it has).
    fn derive_composite_footprints(&mut self) {
        let snapshot = self.kinds.clone();
        for kind in &mut self.kinds {
            if kind.parts.is_empty() {
                continue;
            }
            let parts: Vec<&Kind> = kind
                .parts
                .iter()
                .filter_map(|p| snapshot.iter().find(|k| &k.id == p))
                .collect();
            let sum = |name: FigureName| -> f64 {
                parts
                    .iter()
                    .filter_map(|p| p.figures.get(name))
                    .map(|f| f.value)
                    .sum()
            };
            if kind.figures.cores.is_none() {
                kind.figures.cores = Some(Figure {
                    value: sum(FigureName::Cores),
                    source: PARTS_SOURCE.to_string(),
                });
            }
            if kind.figures.memory_gib.is_none() {
                kind.figures.memory_gib = Some(Figure {
                    value: sum(FigureName::MemoryGib),
                    source: PARTS_SOURCE.to_string(),
                });
            }
            if kind.footprint_rule.is_none() {
                kind.footprint_rule = parts.iter().find_map(|p| p.footprint_rule);
            }
        }
    }

    pub fn kind(&self, id: &str) -> Option<&Kind> {
        self.kind_index.get(id).map(|&i| &self.kinds[i])
    }

    pub fn kind_position(&self, id: &str) -> Option<usize> {
        self.kind_index.get(id).copied()
    }

    pub fn capability(&self, id: &str) -> Option<&Capability> {
        self.capability_index
            .get(id)
            .map(|&i| &self.capabilities[i])
    }

    pub fn source(&self, id: &str) -> Option<&Source> {
        self.source_index.get(id).map(|&i| &self.sources[i])
    }

    /// The kinds grouped by category, in catalog order, for pickers and the reference page.
    pub fn categories(&self) -> BTreeMap<&str, Vec<&Kind>> {
        let mut map: BTreeMap<&str, Vec<&Kind>> = BTreeMap::new();
        for kind in &self.kinds {
            map.entry(kind.category.as_str()).or_default().push(kind);
        }
        map
    }
}

/// The source id of a footprint that was added up from a kind's parts.
pub const PARTS_SOURCE: &str = "sum-of-parts";

fn index_by<T>(
    items: &[T],
    key: impl Fn(&T) -> &String,
) -> Result<HashMap<String, usize>, CatalogError> {
    let mut index = HashMap::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        if index.insert(key(item).clone(), i).is_some() {
            return Err(CatalogError(format!("duplicate id `{}`", key(item))));
        }
    }
    Ok(index)
}

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

/// Every catalog version this build knows, oldest first.
pub fn catalog_versions() -> impl Iterator<Item = u32> {
    embedded::CATALOGS.iter().map(|(version, _)| *version)
}

/// The newest catalog: what new documents are made against.
pub fn latest_version() -> u32 {
    catalog_versions().max().unwrap_or(0)
}

/// The embedded catalog of that version, loaded once. `None` for a version this build does not
/// have (a document from a newer release).
pub fn get(version: u32) -> Option<Result<&'static Catalog, CatalogError>> {
    static LOADED: std::sync::OnceLock<Vec<(u32, Result<Catalog, CatalogError>)>> =
        std::sync::OnceLock::new();
    let loaded = LOADED.get_or_init(|| {
        embedded::CATALOGS
            .iter()
            .map(|(v, json)| (*v, Catalog::from_json(json)))
            .collect()
    });
    loaded
        .iter()
        .find(|(v, _)| *v == version)
        .map(|(_, result)| result.as_ref().map_err(Clone::clone))
}

/// Loads an embedded catalog version afresh. `None` for a version this build does not have (a link
/// from a newer release).
pub fn load(version: u32) -> Option<Result<Catalog, CatalogError>> {
    embedded::CATALOGS
        .iter()
        .find(|(v, _)| *v == version)
        .map(|(_, json)| Catalog::from_json(json))
}

/// The embedded built-in scenarios as (id, JSON) pairs, in their file-name order.
pub(crate) fn scenario_sources() -> &'static [(&'static str, &'static str)] {
    embedded::SCENARIOS
}
