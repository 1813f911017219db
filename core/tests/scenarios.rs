//! Every built-in scenario loads and analyses, the catalog states what it must, and each scenario's
//! result points the way its figures say (data/catalog/v1/*.toml, data/scenarios/*.toml).
//!
//! Run with `cargo test --test scenarios -- --nocapture` to see each option's result.

use overhead_core::analysis::{analyse, Analysis, OptionReport};
use overhead_core::catalog::{self, Catalog, Kind};
use overhead_core::layout::layout;
use overhead_core::model::{Decision, FigureName};
use overhead_core::scenario::{list, load, parse_all};

const SCENARIOS: [&str; 5] = [
    "k8s-storage",
    "tracing",
    "inventory",
    "database",
    "microservices",
];

fn catalog() -> &'static Catalog {
    catalog::get(1).expect("catalog v1 is embedded")
}

fn scenario(id: &str) -> Decision {
    load(id).unwrap_or_else(|| panic!("scenario `{id}` loads"))
}

fn option<'a>(analysis: &'a Analysis, id: &str) -> &'a OptionReport {
    analysis
        .options
        .iter()
        .find(|o| o.id == id)
        .unwrap_or_else(|| panic!("option `{id}` exists"))
}

fn kind_ids(analysis: &Analysis, kinds: &[usize]) -> Vec<String> {
    let mut ids: Vec<String> = kinds
        .iter()
        .map(|&k| analysis.catalog.kinds[k].id.to_string())
        .collect();
    ids.sort();
    ids
}

fn figure(kind: &str, name: FigureName) -> f64 {
    let kind = catalog()
        .kind(kind)
        .unwrap_or_else(|| panic!("kind `{kind}`"));
    kind.figures.get(name).map_or(0.0, |f| f.value)
}

/// Added ops hours a month of an option against the baseline, after changing the context.
fn added_hours(id: &str, option_id: &str, change: impl Fn(&mut Decision)) -> f64 {
    let mut decision = scenario(id);
    change(&mut decision);
    let analysis = analyse(&decision).expect("analyses");
    option(&analysis, option_id).versus_baseline.ops_hours_month
}

fn net_month(id: &str, option_id: &str, change: impl Fn(&mut Decision)) -> f64 {
    let mut decision = scenario(id);
    change(&mut decision);
    let analysis = analyse(&decision).expect("analyses");
    option(&analysis, option_id).versus_baseline.net_month
}

#[test]
fn every_scenario_file_parses() {
    for (file, parsed) in parse_all() {
        if let Err(e) = parsed {
            panic!("data/scenarios/{file}.toml: {e}");
        }
    }
}

#[test]
fn there_are_five_scenarios_and_the_storage_one_comes_first() {
    let ids: Vec<String> = list().into_iter().map(|entry| entry.id).collect();
    assert_eq!(ids, SCENARIOS);
}

#[test]
fn every_scenario_analyses_and_prints_its_result() {
    for entry in list() {
        let decision = scenario(&entry.id);
        assert_eq!(decision.catalog_version, 1, "{}", entry.id);
        assert!(
            decision.options.len() >= 2,
            "{}: a baseline and an alternative",
            entry.id
        );
        let analysis = analyse(&decision).unwrap_or_else(|e| panic!("{}: {e}", entry.id));
        println!("{} — {}", entry.id, entry.title);
        for report in &analysis.options {
            let v = &report.versus_baseline;
            println!(
                "  {:<16} {:+} components ({} added, {} removed), {:+.1} h/month, {:+.0} $/month, value {:.0} $/month, net {:+.0} $/month, {:+.2} servers, learning {:.0} h",
                report.id,
                v.managed_delta(),
                kind_ids(&analysis, &v.added_kinds).join(" "),
                kind_ids(&analysis, &v.removed_kinds).join(" "),
                v.ops_hours_month,
                v.money_month,
                v.value_month,
                v.net_month,
                v.servers,
                v.learning_hours + 0.0,
            );
            let edges: Vec<(usize, usize)> =
                report.graph.edges.iter().map(|e| (e.from, e.to)).collect();
            let drawing = layout(report.graph.components.len(), &edges);
            let layers = drawing.nodes.iter().map(|n| n.layer).max().unwrap_or(0) + 1;
            println!(
                "      graph: {} components, {} edges, {} layers, {} crossings",
                report.graph.components.len(),
                edges.len(),
                layers,
                drawing.crossings
            );
            for worth in &v.gained {
                println!(
                    "      + {}: {}",
                    analysis.catalog.capabilities[worth.capability].id, worth.explanation
                );
            }
            assert!(v.net_month.is_finite() && v.money_month.is_finite());
        }
        let baseline = &analysis.baseline().versus_baseline;
        assert_eq!(baseline.managed_delta(), 0);
        assert_eq!(baseline.net_month, 0.0);
    }
}

#[test]
fn the_catalog_has_at_least_25_kinds() {
    assert!(
        catalog().kinds.len() >= 25,
        "{} kinds",
        catalog().kinds.len()
    );
}

#[test]
fn every_operated_kind_states_every_ops_figure() {
    let required = [
        FigureName::RoutineHoursMonth,
        FigureName::UpgradesPerYear,
        FigureName::HoursPerUpgrade,
        FigureName::IncidentsPerYear,
        FigureName::HoursPerIncident,
        FigureName::LearningHours,
        FigureName::LicenceMonth,
    ];
    let missing = |kind: &Kind, name: FigureName| kind.figures.get(name).is_none();
    for kind in catalog().kinds.iter().filter(|k| k.managed) {
        for name in required {
            assert!(
                !missing(kind, name),
                "kind `{}` does not state {name}",
                kind.id
            );
        }
        // A composite's footprint is the sum of its parts (derived at load time); a kind
        // without parts must state its own.
        let raw = overhead_core::catalog::PARTS_SOURCE;
        for name in [FigureName::Cores, FigureName::MemoryGib] {
            let figure = kind.figures.get(name);
            if kind.parts.is_empty() {
                let stated = figure.is_some_and(|f| f.source != raw);
                assert!(stated, "kind `{}` does not state {name}", kind.id);
            }
        }
    }
}

#[test]
fn every_kind_explains_itself_and_every_source_is_cited_or_described() {
    for kind in catalog().kinds.iter() {
        assert!(
            !kind.summary.trim().is_empty(),
            "kind `{}`: summary",
            kind.id
        );
        assert!(
            !kind.failure.trim().is_empty(),
            "kind `{}`: failure",
            kind.id
        );
        for part in kind.parts.iter() {
            let part = catalog().kind(part).unwrap();
            assert!(
                !part.managed,
                "part `{}` of `{}` is managed",
                part.id, kind.id
            );
        }
    }
    for source in catalog().sources.iter() {
        assert!(!source.title.trim().is_empty(), "source `{}`", source.id);
    }
}

// Scenario 2. Per service, the SDK costs its routine hours plus its share of every upgrade
// (each upgrade bumps, rebuilds and redeploys every service); the rebuilder costs only its
// routine hours per service (its rules change, no service does). So the SDK's added hours grow
// faster with the number of services, while the log pipeline has more components to manage.
#[test]
fn tracing_sdk_hours_grow_faster_with_services_than_rebuilt_traces() {
    let analysis = analyse(&scenario("tracing")).unwrap();
    let sdk = &option(&analysis, "sdk").versus_baseline;
    let logs = &option(&analysis, "from-logs").versus_baseline;
    assert_eq!(
        kind_ids(&analysis, &sdk.added_kinds),
        ["otel-collector", "otel-sdk", "tempo"]
    );
    assert_eq!(
        kind_ids(&analysis, &logs.added_kinds),
        ["log-shipper", "loki", "tempo", "trace-rebuilder"]
    );
    assert!(logs.managed_delta() > sdk.managed_delta());

    let more = |d: &mut Decision| d.context.workload.services += 30;
    let sdk_slope = added_hours("tracing", "sdk", more) - sdk.ops_hours_month;
    let logs_slope = added_hours("tracing", "from-logs", more) - logs.ops_hours_month;
    let per_service = |kind: &str| {
        figure(kind, FigureName::RoutineHoursPerInstanceMonth)
            + figure(kind, FigureName::UpgradesPerYear) / 12.0
                * figure(kind, FigureName::HoursPerUpgradePerInstance)
    };
    assert!((sdk_slope - 30.0 * per_service("otel-sdk")).abs() < 1e-9);
    assert!((logs_slope - 30.0 * per_service("trace-rebuilder")).abs() < 1e-9);
    assert!(sdk_slope > logs_slope);

    // Only the log pipeline makes logs searchable; only the SDK gives full traces.
    let gained = |v: &overhead_core::analysis::Versus| -> Vec<String> {
        v.gained
            .iter()
            .map(|c| analysis.catalog.capabilities[c.capability].id.to_string())
            .collect()
    };
    assert_eq!(gained(sdk), ["distributed-tracing"]);
    assert_eq!(gained(logs), ["rebuilt-traces", "log-search"]);
}

// Scenario 3. NetBox keeps the discovery script (it discovers nothing) and adds itself, its
// database and its cache. Its value is counted per server while its cost does not depend on the
// fleet, so its net value rises with the fleet.
#[test]
fn inventory_system_adds_three_components_and_pays_more_on_a_larger_fleet() {
    let analysis = analyse(&scenario("inventory")).unwrap();
    let netbox = &option(&analysis, "netbox").versus_baseline;
    assert_eq!(
        kind_ids(&analysis, &netbox.added_kinds),
        ["netbox", "postgresql", "redis"]
    );
    assert!(netbox.removed_kinds.is_empty());
    assert_eq!(netbox.managed_delta(), 3);
    assert!(netbox.ops_hours_month > 0.0 && netbox.learning_hours > 0.0);

    let base = netbox.net_month;
    let bigger = net_month("inventory", "netbox", |d| d.context.fleet.servers += 300);
    let value_per_server = 0.02 * 75.0; // inventory-source-of-truth: 0.02 h per server × $75
    assert!((bigger - base - 300.0 * value_per_server).abs() < 1e-6);
    assert!(bigger > base);
}

// Scenario 4. Both options fail over automatically and recover to a point in time, so no value
// changes hands; the provider's price is below the hours and capacity of the four kinds it
// replaces, so the managed database comes out ahead with three fewer components to manage.
#[test]
fn managed_database_removes_components_and_costs_less_than_running_it() {
    let analysis = analyse(&scenario("database")).unwrap();
    let managed = &option(&analysis, "managed").versus_baseline;
    assert_eq!(
        kind_ids(&analysis, &managed.removed_kinds),
        ["etcd-cluster", "patroni", "pgbackrest", "postgresql"]
    );
    assert_eq!(
        kind_ids(&analysis, &managed.added_kinds),
        ["managed-db-upkeep"]
    );
    assert_eq!(managed.managed_delta(), -3);
    assert!(
        managed.lost.is_empty(),
        "nothing is lost: {:?}",
        managed.lost
    );
    assert_eq!(managed.value_month, 0.0);
    assert!(managed.ops_hours_month < 0.0);
    assert!(managed.cores < 0.0, "the database leaves the fleet");

    let self_hosted = option(&analysis, "self-hosted");
    let replaced: f64 = ["postgresql", "patroni", "etcd", "backups"]
        .iter()
        .map(|id| self_hosted.components[self_hosted.graph.index_of(id).unwrap()].money_month)
        .sum();
    let report = option(&analysis, "managed");
    let kept: f64 = ["database", "upkeep"]
        .iter()
        .map(|id| report.components[report.graph.index_of(id).unwrap()].money_month)
        .sum();
    assert!((managed.money_month - (kept - replaced)).abs() < 1e-6);
    assert!(kept < replaced);
    assert!(managed.net_month > 0.0);
}

// Scenario 5. The split adds a gateway, a mesh (control plane and sidecars) and tracing, and
// swaps the monolith for services; every service adds its own hours (its upkeep, a pipeline, a
// sidecar, an SDK), so the added hours grow with the number of services. At 12 services the
// fixed cost of the gateway, mesh and tracing is not yet paid back: the net value is negative.
#[test]
fn microservices_add_a_gateway_a_mesh_and_tracing_and_cost_more_at_twelve_services() {
    let analysis = analyse(&scenario("microservices")).unwrap();
    let split = &option(&analysis, "microservices").versus_baseline;
    assert_eq!(
        kind_ids(&analysis, &split.added_kinds),
        [
            "api-gateway",
            "istio-control-plane",
            "istio-sidecar",
            "microservice",
            "otel-collector",
            "otel-sdk",
            "tempo"
        ]
    );
    assert_eq!(kind_ids(&analysis, &split.removed_kinds), ["monolith"]);
    assert_eq!(split.managed_delta(), 6);

    let per_service: f64 = ["microservice", "ci-pipeline", "istio-sidecar", "otel-sdk"]
        .iter()
        .map(|kind| {
            figure(kind, FigureName::RoutineHoursPerInstanceMonth)
                + figure(kind, FigureName::UpgradesPerYear) / 12.0
                    * figure(kind, FigureName::HoursPerUpgradePerInstance)
        })
        .sum();
    let more = added_hours("microservices", "microservices", |d| {
        d.context.workload.services += 12
    });
    assert!((more - split.ops_hours_month - 12.0 * per_service).abs() < 1e-9);
    assert!(per_service > 0.0);

    // What the monolith already had is not counted as gained.
    let gained: Vec<&str> = split
        .gained
        .iter()
        .map(|c| &*analysis.catalog.capabilities[c.capability].id)
        .collect();
    assert_eq!(
        gained,
        [
            "independent-deploys",
            "fault-isolation",
            "traffic-management"
        ]
    );
    assert!(split.net_month < 0.0, "net {}", split.net_month);
}
