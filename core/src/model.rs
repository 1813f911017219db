//! The decision document: what a user builds, saves, shares and reopens.
//!
//! Everything the numbers depend on is in here (context, options, overrides, the catalog
//! version), so that a document computes the same numbers wherever and whenever it is opened.

use std::collections::BTreeMap;
use std::ops::Deref;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

pub use crate::catalog::{FigureName, Relation, Scope};
use crate::edit::ContextNumber;

/// A decision: the question, the context it is asked in, the options and what was decided.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    /// The catalog version the figures come from.
    pub catalog_version: u32,
    /// The cost model the numbers are computed with (`docs/cost-model.md`). Documents made
    /// before model 2 existed name none, and are model 1.
    #[serde(default = "model_1", skip_serializing_if = "is_model_1")]
    pub cost_model: u32,
    /// The built-in scenario this document started from, if any.
    #[serde(default)]
    pub scenario: Option<String>,
    pub title: String,
    #[serde(default)]
    pub question: String,
    #[serde(default)]
    pub status: Status,
    pub context: Context,
    pub options: Vec<Shared<Alternative>>,
    /// The id of the option every other option is compared with.
    pub baseline: String,
    #[serde(default)]
    pub chosen: Option<String>,
    #[serde(default)]
    pub rationale: String,
    /// Kinds the catalog lacks, defined in the document itself. They travel with it (links,
    /// drafts, exports), so the document still computes the same numbers anywhere.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kinds: Vec<CustomKind>,
    /// Numbers of the context given as ranges, whether the page computes with them, and the
    /// draws it computes with (the overridden figures' ranges are on their components).
    #[serde(default, skip_serializing_if = "Ranges::is_unset")]
    pub ranges: Ranges,
}

/// Ranges (issue 9): a number's low and high, around the value the document holds. Low and
/// high are the 5th and 95th percentiles, not bounds; the value is the median.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Bounds {
    pub low: f64,
    pub high: f64,
}

/// Whether the page computes with ranges, the draws (a seed and a count, so that a link
/// reproduces its numbers exactly), and the context's ranges.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Ranges {
    #[serde(default)]
    pub on: bool,
    #[serde(default = "Ranges::default_seed")]
    pub seed: u32,
    #[serde(default = "Ranges::default_samples")]
    pub samples: u32,
    /// Whether the catalog's ranges (where its sources disagree) are drawn too, for the kinds
    /// whose figures a component does not set itself.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub catalog: bool,
    /// By context number (`ContextNumber::key`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub context: BTreeMap<ContextNumber, Bounds>,
}

impl Ranges {
    pub const DEFAULT_SEED: u32 = 1;
    pub const DEFAULT_SAMPLES: u32 = 2_000;

    fn default_seed() -> u32 {
        Ranges::DEFAULT_SEED
    }

    fn default_samples() -> u32 {
        Ranges::DEFAULT_SAMPLES
    }

    /// Nothing set: the document says nothing of ranges.
    pub fn is_unset(&self) -> bool {
        *self == Ranges::default()
    }
}

impl Default for Ranges {
    fn default() -> Ranges {
        Ranges {
            on: false,
            seed: Ranges::DEFAULT_SEED,
            samples: Ranges::DEFAULT_SAMPLES,
            catalog: true,
            context: BTreeMap::new(),
        }
    }
}

#[derive(Clone, Copy, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    #[default]
    Proposed,
    Accepted,
    Rejected,
    Superseded,
}

impl Status {
    pub const ALL: [Status; 4] = [
        Status::Proposed,
        Status::Accepted,
        Status::Rejected,
        Status::Superseded,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Status::Proposed => "proposed",
            Status::Accepted => "accepted",
            Status::Rejected => "rejected",
            Status::Superseded => "superseded",
        }
    }
}

/// The situation the options are judged in.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Context {
    pub fleet: Fleet,
    pub team: Team,
    pub workload: Workload,
    /// Months over which one-time costs are weighed against monthly value.
    pub horizon_months: u32,
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Fleet {
    pub servers: u32,
    /// An elastic fleet can add and shed servers; a fixed one cannot grow past `servers`.
    pub elastic: bool,
    pub cores_per_server: f64,
    pub memory_gib_per_server: f64,
    pub server_cost_month: f64,
    /// Hardware or host failures a server suffers in a year.
    pub failures_per_server_year: f64,
    /// Cost model 2: whether the team owns the servers (bought, amortised) rather than renting
    /// them. On a fixed owned fleet, capacity costs money only when it forces a purchase.
    #[serde(default, skip_serializing_if = "is_false")]
    pub owned: bool,
    /// Cost model 2: share of the fleet's capacity free today, which an option can take before
    /// a fixed owned fleet must buy a server.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub spare_share: f64,
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Team {
    pub engineers: u32,
    /// Loaded cost of one productive engineer-hour: what the employer pays a year over the
    /// hours worked on engineering (not the paid hours).
    pub hourly_cost: f64,
    /// Cost model 2: teams that ship the services (value such as independent deploys grows
    /// with teams, not services).
    #[serde(default = "one_team", skip_serializing_if = "is_one")]
    pub teams: u32,
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Workload {
    pub services: u32,
    /// Whether the services keep data on the servers' local disks.
    pub stateful: bool,
    /// Deploys a week, per service.
    pub deploys_per_week: f64,
    /// Share of peak capacity that demand leaves idle on average (0 = flat demand).
    pub demand_variation: f64,
    /// Cost model 2: engineer hours a deploy takes today (preparing, watching, waiting).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub hours_per_deploy: f64,
}

/// A part of a document held by reference count. Copying a document (an undo step, the page's
/// memos) shares its parts; an edit copies only the part it changes ([`Shared::make_mut`]), so
/// that the options an edit did not touch stay the same allocation, and the analysis knows them
/// without comparing them ([`Shared::same`]).
#[derive(Debug, Default)]
pub struct Shared<T>(Arc<T>);

impl<T> Shared<T> {
    pub fn new(value: T) -> Shared<T> {
        Shared(Arc::new(value))
    }

    /// Whether both are the very same allocation: a part no edit has touched since.
    pub fn same(&self, other: &Shared<T>) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl<T: Clone> Shared<T> {
    /// The part to edit: copied first if another document shares it.
    pub fn make_mut(&mut self) -> &mut T {
        Arc::make_mut(&mut self.0)
    }
}

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Shared<T> {
        Shared(Arc::clone(&self.0))
    }
}

impl<T> Deref for Shared<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

/// `for edge in &option.edges`, as over the list itself.
impl<'a, T> IntoIterator for &'a Shared<T>
where
    &'a T: IntoIterator,
{
    type Item = <&'a T as IntoIterator>::Item;
    type IntoIter = <&'a T as IntoIterator>::IntoIter;

    fn into_iter(self) -> Self::IntoIter {
        (&*self.0).into_iter()
    }
}

impl<T> From<T> for Shared<T> {
    fn from(value: T) -> Shared<T> {
        Shared::new(value)
    }
}

/// The same allocation is equal without a look inside: comparing two copies of a big document
/// costs one pointer comparison per untouched option.
impl<T: PartialEq> PartialEq for Shared<T> {
    fn eq(&self, other: &Shared<T>) -> bool {
        self.same(other) || *self.0 == *other.0
    }
}

impl<T: Serialize> Serialize for Shared<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Shared<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Shared<T>, D::Error> {
        T::deserialize(deserializer).map(Shared::new)
    }
}

/// One way of doing it: a component graph.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Alternative {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub summary: String,
    pub components: Vec<ComponentUse>,
    /// Shared on its own: an edit of a component copies the option's components, not its
    /// edges (40,000 at the limits, two ids each).
    #[serde(default)]
    pub edges: Shared<Vec<Edge>>,
}

/// Compared by what tells two options apart cheaply first: an edit's copy of an option of
/// 10,000 components differs from the original mostly by its edges (still shared, the same at
/// once; or of another number) or its number of components, which each list's comparison
/// looks at before its items; comparing the components first took milliseconds.
impl PartialEq for Alternative {
    fn eq(&self, other: &Alternative) -> bool {
        self.id == other.id
            && self.name == other.name
            && self.summary == other.summary
            && self.edges == other.edges
            && self.components == other.components
    }
}

/// A use of a catalog kind in an option.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ComponentUse {
    /// Unique within its option.
    pub id: String,
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    #[serde(default, skip_serializing_if = "Count::is_default")]
    pub count: Count,
    /// Run by a provider (a managed service): the team neither operates it nor hosts it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<Provider>,
    /// Values that replace the catalog's defaults for this use.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub overrides: BTreeMap<FigureName, f64>,
    /// Ranges of overridden figures: the override is the median.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub ranges: BTreeMap<FigureName, Bounds>,
}

impl ComponentUse {
    /// A use of `kind` as the palette adds it: the kind's own count, and no label, provider,
    /// override or range.
    pub fn new(id: String, kind: String) -> ComponentUse {
        ComponentUse {
            id,
            kind,
            label: None,
            count: Count::Default,
            provider: None,
            overrides: BTreeMap::new(),
            ranges: BTreeMap::new(),
        }
    }
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Provider {
    pub name: String,
    /// What the provider charges a month for this component, all instances together.
    pub price_month: f64,
}

/// How many instances a component use has.
#[derive(Clone, Copy, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(untagged)]
pub enum Count {
    /// The kind's default (its scope).
    #[default]
    #[serde(skip)]
    Default,
    Fixed(u32),
    Per(PerWhat),
}

#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum PerWhat {
    PerServer,
    PerService,
}

impl Count {
    pub fn is_default(&self) -> bool {
        *self == Count::Default
    }
}

/// `from` relates to `to`: it runs on it, depends on it, or is managed by it.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Edge {
    pub from: String,
    pub to: String,
    #[serde(default)]
    pub relation: Relation,
}

/// A component kind defined in the document, for what the catalog lacks. Its id must not be a
/// catalog kind's id; components use it by that id like any catalog kind.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CustomKind {
    pub id: String,
    pub name: String,
    pub category: String,
    /// What it is, for a newcomer.
    #[serde(default)]
    pub summary: String,
    /// How many instances a use has when it does not say: one per cluster, server or service.
    pub scope: Scope,
    /// Whether the team operates it (false for hardware or what a provider runs).
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub managed: bool,
    /// Cost model 2: whether its failures page someone at any hour (it needs on-call cover).
    #[serde(default, skip_serializing_if = "is_false")]
    pub pages: bool,
    /// Kinds it cannot run without (catalog or custom ids), and how it relates to them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub requires: Vec<KindRequirement>,
    /// Capability ids of the catalog.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub provides: Vec<String>,
    /// Its operational profile and footprint per instance; a figure left out is zero.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub figures: BTreeMap<FigureName, f64>,
    /// Where the figures come from: an address, or "ASSUMPTION: " and the reasoning.
    pub source: String,
}

impl CustomKind {
    /// A new kind with only its name: one per cluster, run by the team, paging no one, needing,
    /// providing and costing nothing yet (its id is given when it is defined).
    pub fn named(name: String) -> CustomKind {
        CustomKind {
            id: String::new(),
            name,
            category: String::new(),
            summary: String::new(),
            scope: Scope::Cluster,
            managed: true,
            pages: false,
            requires: Vec::new(),
            provides: Vec::new(),
            figures: BTreeMap::new(),
            source: String::new(),
        }
    }
}

/// A custom kind's requirement on another kind.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct KindRequirement {
    pub kind: String,
    #[serde(default)]
    pub relation: Relation,
}

fn yes() -> bool {
    true
}

fn model_1() -> u32 {
    1
}

fn is_model_1(model: &u32) -> bool {
    *model == 1
}

fn one_team() -> u32 {
    1
}

fn is_one(count: &u32) -> bool {
    *count == 1
}

fn is_false(value: &bool) -> bool {
    !*value
}

fn is_zero(value: &f64) -> bool {
    *value == 0.0
}

fn is_true(value: &bool) -> bool {
    *value
}

impl Decision {
    pub fn option(&self, id: &str) -> Option<&Alternative> {
        self.options.iter().find(|o| o.id == id).map(|o| &**o)
    }

    /// How big the document is, for choosing how to treat it: its options' components and
    /// edges, all together.
    pub fn components_and_edges(&self) -> usize {
        self.options
            .iter()
            .map(|option| option.components.len() + option.edges.len())
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn option_of(components: &[(&str, &str)], edges: &[(&str, &str)]) -> Alternative {
        Alternative {
            id: "o".into(),
            name: "O".into(),
            summary: String::new(),
            components: components
                .iter()
                .map(|(id, kind)| ComponentUse::new((*id).into(), (*kind).into()))
                .collect(),
            edges: Shared::new(
                edges
                    .iter()
                    .map(|(from, to)| Edge {
                        from: (*from).into(),
                        to: (*to).into(),
                        relation: Relation::DependsOn,
                    })
                    .collect(),
            ),
        }
    }

    /// The cheap checks come first, and every field is still compared.
    #[test]
    fn options_are_equal_exactly_when_every_field_is() {
        let option = option_of(&[("a", "postgresql"), ("b", "patroni")], &[("b", "a")]);
        assert_eq!(option, option.clone());
        assert_eq!(
            option,
            option_of(&[("a", "postgresql"), ("b", "patroni")], &[("b", "a")]),
            "equal without sharing anything"
        );
        let differing = [
            Alternative {
                id: "p".into(),
                ..option.clone()
            },
            Alternative {
                name: "P".into(),
                ..option.clone()
            },
            Alternative {
                summary: "s".into(),
                ..option.clone()
            },
            option_of(&[("a", "postgresql"), ("b", "etcd-cluster")], &[("b", "a")]),
            option_of(&[("a", "postgresql")], &[("b", "a")]),
            option_of(&[("a", "postgresql"), ("b", "patroni")], &[("a", "b")]),
            option_of(&[("a", "postgresql"), ("b", "patroni")], &[]),
        ];
        for other in differing {
            assert_ne!(option, other);
        }
    }
}
