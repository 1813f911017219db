//! Kinds a document defines for what the catalog lacks: they are checked, then used, counted and
//! costed exactly like catalog kinds. The numbers are derived by hand beside the assertions, from
//! the kinds' figures below and the landing scenario as cost model 1 computes it (the golden
//! document `tests/golden/k8s-storage.json`: 12 servers of 32 cores / 128 GiB at $1,121 a month,
//! 4 engineers at $75/h, 36 months). Cost model 2 with kinds of the document: `cost_model_2.rs`.

mod support;

use support::kind;

use std::collections::BTreeMap;
use std::sync::Arc;

use overhead_core::analysis::{analyse, Analysis, OptionReport, Provenance};
use overhead_core::catalog::{self, CatalogTexts, SourceTag};
use overhead_core::error::ModelError;
use overhead_core::graph::Origin;
use overhead_core::model::{
    ComponentUse, Count, CustomKind, Decision, Edge, FigureName, KindRequirement, Relation, Scope,
};

// ----- fixtures --------------------------------------------------------------------------------

fn uses(id: &str, kind: &str, count: Count) -> ComponentUse {
    ComponentUse {
        id: id.into(),
        kind: kind.into(),
        label: None,
        count,
        provider: None,
        overrides: BTreeMap::new(),
        ranges: Default::default(),
    }
}

/// The landing scenario with the given kinds defined (and nothing using them).
fn landing_with(kinds: Vec<CustomKind>) -> Decision {
    let mut d = support::model_1_landing();
    d.kinds = kinds;
    d
}

/// The storage operator: two replicas the team runs, which need a state store on every server
/// (defined here too, run as part of the host: not a component the team manages).
fn operator_kinds() -> Vec<CustomKind> {
    vec![
        kind("storage-operator")
            .figure(FigureName::RoutineHoursMonth, 3.0)
            .figure(FigureName::RoutineHoursPerInstanceMonth, 0.5)
            .figure(FigureName::UpgradesPerYear, 4.0)
            .figure(FigureName::HoursPerUpgrade, 6.0)
            .figure(FigureName::HoursPerUpgradePerInstance, 1.0)
            .figure(FigureName::IncidentsPerYear, 6.0)
            .figure(FigureName::HoursPerIncident, 4.0)
            .figure(FigureName::LearningHours, 24.0)
            .figure(FigureName::Cores, 0.5)
            .figure(FigureName::MemoryGib, 1.0)
            .figure(FigureName::LicenceMonth, 10.0)
            .requires("k8s-control-plane", Relation::ManagedBy)
            .requires("operator-state-store", Relation::DependsOn)
            .provides("automated-failover")
            .build(),
        kind("operator-state-store")
            .scope(Scope::Server)
            .not_managed()
            .figure(FigureName::RoutineHoursPerInstanceMonth, 0.05)
            .figure(FigureName::Cores, 0.1)
            .figure(FigureName::MemoryGib, 0.25)
            .build(),
    ]
}

/// The Kubernetes option as the baseline, and the same plus two operator replicas: everything
/// the second option adds comes from the kinds the document defines.
fn operator_document() -> Decision {
    let mut d = landing_with(operator_kinds());
    let mut operated = d.option("kubernetes").unwrap().clone();
    operated.id = "operator".into();
    operated.name = "Kubernetes with a storage operator".into();
    operated
        .components
        .push(uses("operator", "storage-operator", Count::Fixed(2)));
    operated.edges.make_mut().push(Edge {
        from: "storage".into(),
        to: "operator".into(),
        relation: Relation::ManagedBy,
    });
    d.options.push(operated.into());
    d.baseline = "kubernetes".into();
    d
}

fn option<'a>(analysis: &'a Analysis, id: &str) -> &'a OptionReport {
    analysis.options.iter().find(|o| o.id == id).unwrap()
}

fn close(actual: f64, expected: f64) {
    assert!(
        (actual - expected).abs() < 1e-9 * expected.abs().max(1.0),
        "{actual} != {expected}"
    );
}

// ----- numbers derived by hand -----------------------------------------------------------------

// Operator, 2 instances: routine 3 + 0.5 × 2 + upgrades 4 ÷ 12 × (6 + 1 × 2) + incidents
// 6 ÷ 12 × 4 = 3 + 1 + 8/3 + 2 = 26/3 h a month.
const OPERATOR_HOURS: f64 = 26.0 / 3.0;
// State store, pulled in, one per server (12): 0.05 × 12 = 0.6 h a month.
const STORE_HOURS: f64 = 0.6;
// Cores: operator 0.5 × 2 + store 0.1 × 12 = 2.2; memory: 1 × 2 + 0.25 × 12 = 5 GiB.
const ADDED_CORES: f64 = 2.2;
const ADDED_GIB: f64 = 5.0;
// A core costs $1,121 × 50% ÷ 32 = $17.515625, a GiB $1,121 × 50% ÷ 128 = $4.37890625 a month.
const CORE_MONTH: f64 = 1121.0 * 0.5 / 32.0;
const GIB_MONTH: f64 = 1121.0 * 0.5 / 128.0;
// Licence: $10 × 2 replicas.
const LICENCE: f64 = 20.0;

fn added_money() -> f64 {
    // (26/3 + 0.6) h × $75 = $695; capacity 2.2 × 17.515625 + 5 × 4.37890625 = $60.42890625.
    (OPERATOR_HOURS + STORE_HOURS) * 75.0
        + ADDED_CORES * CORE_MONTH
        + ADDED_GIB * GIB_MONTH
        + LICENCE
}

#[test]
fn an_option_using_the_documents_kinds_adds_the_hand_derived_numbers() {
    let analysis = analyse(&operator_document()).unwrap();
    let operator = option(&analysis, "operator");
    let versus = &operator.versus_baseline;

    close(versus.ops_hours_month, OPERATOR_HOURS + STORE_HOURS);
    close(versus.ops_hours_month, 9.0 + 4.0 / 15.0);
    close(versus.cores, ADDED_CORES);
    close(versus.memory_gib, ADDED_GIB);
    close(added_money(), 775.42890625);
    close(versus.money_month, added_money());
    // Servers eaten: max(2.2 ÷ 32, 5 ÷ 128) = 0.06875, of a fleet of 12.
    close(versus.servers, 0.06875);
    close(versus.fleet_share, 0.06875 / 12.0);
    // Only the operator is a component to manage: the state store is not managed.
    assert_eq!(versus.managed_delta(), 1);
    let added: Vec<&str> = versus
        .added_kinds
        .iter()
        .map(|&k| &*analysis.catalog.kinds[k].id)
        .collect();
    assert_eq!(added, ["storage-operator"]);
    // Learning: 24 h for each of 4 engineers; once, at $75/h.
    close(versus.learning_hours, 96.0);
    close(versus.one_time_cost, 7200.0);
    // Automated failover (catalog rule: 2 h a month saved) × $75 = $150 a month, gained once.
    assert_eq!(versus.gained.len(), 1);
    close(versus.value_month, 150.0);
    close(versus.net_month, 150.0 - 775.42890625);
    close(versus.net_horizon, (150.0 - 775.42890625) * 36.0 - 7200.0);
}

#[test]
fn the_documents_kinds_pull_in_what_they_require() {
    let analysis = analyse(&operator_document()).unwrap();
    let operator = option(&analysis, "operator");
    let index = operator.graph.index_of("operator-state-store").unwrap();
    let store = &operator.graph.components[index];
    assert_eq!(operator.components[index].instances, 12, "one per server");
    assert_eq!(store.label, "operator-state-store (defined here)");
    let option_index = analysis
        .options
        .iter()
        .position(|o| o.id == "operator")
        .unwrap();
    assert!(analysis.is_pulled_in(option_index, index));
    let replicas = operator.graph.index_of("operator").unwrap();
    let report = &operator.components[replicas];
    close(report.ops_hours_month, OPERATOR_HOURS);
    assert!(operator
        .graph
        .needs(replicas)
        .contains(&(index, Relation::DependsOn)));
    assert!(
        operator.blast_radius(index).contains(&replicas),
        "the operator stops when its store does"
    );
    // The control plane is already there: the requirement joins it instead of adding one.
    let control_planes = operator
        .graph
        .components
        .iter()
        .filter(|c| analysis.catalog.kinds[c.kind].id == "k8s-control-plane")
        .count();
    assert_eq!(control_planes, 1);
}

#[test]
fn figures_of_the_documents_kinds_cite_the_document() {
    let analysis = analyse(&operator_document()).unwrap();
    let operator = option(&analysis, "operator");
    let replicas = operator.graph.index_of("operator").unwrap();
    let line = operator.components[replicas]
        .figures
        .iter()
        .find(|f| f.name == FigureName::HoursPerIncident)
        .unwrap();
    assert_eq!(line.value, 4.0);
    let Provenance::Catalog(source) = &line.provenance else {
        panic!("{:?}", line.provenance);
    };
    assert_eq!(source, "document:storage-operator");
    assert_eq!(
        analysis.catalog.source(source).unwrap().tag,
        SourceTag::Assumption
    );
    // A document's source carries its own words: none need loading.
    let nothing_loaded = CatalogTexts::default();
    let text = analysis
        .catalog
        .source_text(source, &nothing_loaded)
        .unwrap();
    assert_eq!(text.title, "Defined in this document");
    assert_eq!(text.note.as_deref(), Some("ASSUMPTION: a test figure."));
    assert!(analysis
        .catalog
        .is_custom(operator.graph.components[replicas].kind));
    assert!(!analysis
        .catalog
        .is_custom(operator.graph.components[0].kind));
    assert_eq!(analysis.catalog.custom_kinds().len(), 2);
}

/// A kind defined with a catalog kind's very figures, needs and capabilities gives the very
/// same numbers as the catalog kind, in every option.
#[test]
fn a_kind_defined_like_a_catalog_kind_computes_like_it() {
    let landing = support::model_1_landing();
    let catalog = catalog::get(landing.catalog_version).unwrap();
    let original = analyse(&landing).unwrap();
    // A kind that another kind requires is left out: the requirement names the catalog's kind,
    // so the closure would pull that one in beside the mirror.
    let required: Vec<&str> = catalog
        .kinds
        .iter()
        .flat_map(|k| k.requires.iter().map(|r| r.kind()))
        .collect();
    let mut mirrored_any = 0;
    for id in [
        "systemd",
        "storage-daemon",
        "ansible",
        "monitoring",
        "server",
    ] {
        if required.contains(&id) {
            continue;
        }
        let source = catalog.kind(id).unwrap();
        assert!(
            source.footprint_rule.is_none() && source.default_count == 1,
            "{id}"
        );
        let mirror = CustomKind {
            id: format!("my-{id}"),
            name: source.name.to_string(),
            category: source.category.to_string(),
            summary: source.summary.to_string(),
            scope: source.scope,
            managed: source.managed,
            pages: source.pages,
            requires: source
                .requires
                .iter()
                .map(|r| KindRequirement {
                    kind: r.kind().to_string(),
                    relation: r.relation(),
                })
                .collect(),
            provides: source.provides.iter().map(|c| c.to_string()).collect(),
            figures: FigureName::ALL
                .iter()
                .filter_map(|&name| source.figures.get(name).map(|f| (name, f.value)))
                .collect(),
            source: "copied from the catalog".into(),
        };
        let mut d = landing_with(vec![mirror]);
        for option in &mut d.options {
            for component in &mut option.make_mut().components {
                if component.kind == id {
                    component.kind = format!("my-{id}");
                    mirrored_any += 1;
                }
            }
        }
        let mirrored = analyse(&d).unwrap();
        for (a, b) in original.options.iter().zip(&mirrored.options) {
            assert_eq!(a.totals, b.totals, "{id}: {}", a.id);
            assert_eq!(a.managed_kinds.len(), b.managed_kinds.len(), "{id}");
            assert_eq!(a.capabilities, b.capabilities, "{id}");
            let (a, b) = (&a.versus_baseline, &b.versus_baseline);
            assert_eq!(
                (
                    a.managed_delta(),
                    a.net_month,
                    a.net_horizon,
                    a.learning_hours
                ),
                (
                    b.managed_delta(),
                    b.net_month,
                    b.net_horizon,
                    b.learning_hours
                ),
                "{id}"
            );
        }
    }
    assert!(
        mirrored_any >= 4,
        "two kinds mirrored, in both options: {mirrored_any}"
    );
}

#[test]
fn a_document_without_kinds_of_its_own_shares_the_catalog() {
    let first = analyse(&support::model_1_landing()).unwrap();
    let second = analyse(&support::model_1_landing()).unwrap();
    assert!(
        Arc::ptr_eq(&first.catalog, &second.catalog),
        "no copy per analysis"
    );
    assert!(first.catalog.custom_kinds().is_empty());
    let with_kinds = analyse(&operator_document()).unwrap();
    assert_eq!(
        with_kinds.catalog.kinds.len(),
        first.catalog.kinds.len() + 2
    );
    assert_eq!(
        with_kinds.catalog.sources.len(),
        first.catalog.sources.len() + 2
    );
}

// ----- what a user can get wrong ---------------------------------------------------------------

fn error(kinds: Vec<CustomKind>) -> String {
    analyse(&landing_with(kinds)).unwrap_err().to_string()
}

#[test]
fn bad_kinds_are_refused_with_a_message_that_says_why() {
    let messages = [
        error(vec![kind("  ").build()]),
        error(vec![kind("k8s-control-plane").build()]),
        error(vec![kind("queue").build(), kind("queue").build()]),
        error(vec![kind("queue")
            .requires("broker", Relation::DependsOn)
            .build()]),
        error(vec![kind("queue").provides("teleportation").build()]),
        error(vec![kind("queue")
            .figure(FigureName::HoursPerIncident, -1.0)
            .build()]),
        error(vec![kind("queue")
            .figure(FigureName::Cores, f64::NAN)
            .build()]),
        error(vec![kind("queue")
            .figure(FigureName::LicenceMonth, f64::INFINITY)
            .build()]),
        error(vec![kind("queue")
            .requires("queue", Relation::RunsOn)
            .build()]),
        error(
            (0..201)
                .map(|i| kind(&format!("kind-{i}")).build())
                .collect(),
        ),
        error(vec![(0..65)
            .fold(kind("queue"), |k, _| k.requires("server", Relation::RunsOn))
            .build()]),
    ];
    expect_test::expect![[r#"
        kind 1 defined in the document (`   (defined here)`): it has no id; give it one that no catalog kind has
        the kind `k8s-control-plane` defined in the document has the id of a catalog kind; give it another id, or use the catalog's kind
        two kinds defined in the document share the id `queue`
        the kind `queue` defined in the document requires `broker`, which is neither a catalog kind nor one defined in the document
        the kind `queue` defined in the document provides `teleportation`, which is not a capability of the catalog
        kind `queue` defined in the document: hours per incident is -1: it must be a finite number, zero or more
        kind `queue` defined in the document: cores per instance is NaN: it must be a finite number, zero or more
        kind `queue` defined in the document: licence a month per instance is inf: it must be a finite number, zero or more
        the kind `queue` defined in the document requires itself; a kind can only require other kinds
        kinds defined in the document: 201 is more than the 200 Overhead can compute
        kind `queue` defined in the document: requirements: 65 is more than the 64 Overhead can compute
    "#]]
    .assert_eq(&(messages.join("\n") + "\n"));
}

#[test]
fn the_limit_and_forward_references_are_allowed() {
    // 200 kinds is the limit, not over it; a kind may require one defined after it.
    let mut kinds: Vec<CustomKind> = (0..199)
        .map(|i| kind(&format!("kind-{i}")).build())
        .collect();
    kinds.insert(
        0,
        kind("first")
            .requires("kind-198", Relation::DependsOn)
            .build(),
    );
    assert!(analyse(&landing_with(kinds)).is_ok());
}

#[test]
fn kinds_that_require_each_other_are_a_cycle_once_used() {
    let mut d = landing_with(vec![
        kind("chicken").requires("egg", Relation::DependsOn).build(),
        kind("egg").requires("chicken", Relation::DependsOn).build(),
    ]);
    // Defined but unused: nothing to resolve, nothing wrong.
    assert!(analyse(&d).is_ok());
    d.options[0]
        .make_mut()
        .components
        .push(uses("chicken", "chicken", Count::Default));
    assert_eq!(
        analyse(&d).unwrap_err(),
        ModelError::Cycle {
            option: "init-system".into(),
            path: vec!["chicken".into(), "egg".into(), "chicken".into()],
        }
    );
}

#[test]
fn a_component_of_an_unknown_kind_is_still_an_error() {
    let mut d = landing_with(operator_kinds());
    d.options[0]
        .make_mut()
        .components
        .push(uses("typo", "storage-operatr", Count::Default));
    assert!(matches!(
        analyse(&d).unwrap_err(),
        ModelError::UnknownKind { kind, .. } if kind == "storage-operatr"
    ));
}

/// Regression: every requirer of a pulled-in component was searched for in the list of those
/// already there, so 9,000 components needing one etcd cluster took 71 ms to resolve
/// (quadratic). Each requirer is listed once, in order, even when its kind requires the same
/// kind twice.
#[test]
fn thousands_requiring_one_pulled_in_component_are_each_listed_once() {
    let mut d = landing_with(vec![kind("twice-needing")
        .requires("etcd-cluster", Relation::DependsOn)
        .requires("etcd-cluster", Relation::ManagedBy)
        .build()]);
    let mut many = d.option("kubernetes").unwrap().clone();
    many.id = "many".into();
    let requirers: Vec<String> = (0..9_000).map(|i| format!("needing-{i}")).collect();
    many.components.extend(
        requirers
            .iter()
            .map(|id| uses(id, "twice-needing", Count::Fixed(1))),
    );
    d.options.push(many.into());
    let analysis = analyse(&d).expect("a valid model");
    let many = option(&analysis, "many");
    let pulled: Vec<&Vec<String>> = many
        .graph
        .components
        .iter()
        .filter_map(|c| match &c.origin {
            Origin::PulledIn { by } if analysis.catalog.kinds[c.kind].id == "etcd-cluster" => {
                Some(by)
            }
            _ => None,
        })
        .collect();
    assert_eq!(pulled.len(), 1, "one etcd cluster is pulled in");
    assert_eq!(*pulled[0], requirers);
}
