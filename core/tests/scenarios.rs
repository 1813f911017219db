//! Every built-in scenario loads and analyses, the catalog states what it must, and each scenario's
//! result points the way its figures say (data/catalog/v1/*.toml, data/scenarios/*.toml).
//!
//! Run with `cargo test --test scenarios -- --nocapture` to see each option's result.

use overhead_core::analysis::{analyse, Analysis, OptionReport, Versus};
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

/// The catalog the scenarios use: the newest.
fn catalog() -> &'static Catalog {
    catalog::get(catalog::latest_version()).expect("the newest catalog is embedded")
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

/// The picker's ids and titles are written by the build beside each document: they must be
/// the document's own, as opening the scenario shows them.
#[test]
fn the_pickers_id_and_title_are_the_documents() {
    for entry in list() {
        let decision = scenario(&entry.id);
        assert_eq!(decision.scenario.as_deref(), Some(entry.id.as_str()));
        assert_eq!(decision.title, entry.title, "{}", entry.id);
    }
    assert_eq!(load("k8s-storage"), overhead_core::scenario::landing());
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
        assert_eq!(
            (decision.catalog_version, decision.cost_model),
            (2, 2),
            "{}: new documents use catalog v2 and cost model 2",
            entry.id
        );
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
            for worth in &v.gained {
                println!(
                    "      + {}: {}",
                    analysis.catalog.capabilities[worth.capability].id,
                    worth.explanation(&analysis)
                );
            }
            assert!(v.net_month.is_finite() && v.money_month.is_finite());
        }
        // Every field, not two of them: a baseline that differed from itself in any number,
        // capability or failure point would be compared wrongly with every option.
        assert_eq!(
            analysis.baseline().versus_baseline,
            Versus::default(),
            "{}: the baseline against itself is all zeros",
            entry.id
        );
    }
}

/// Component ids per layer of an option's drawing, bottom layer first, sorted within a layer.
fn layers(report: &OptionReport) -> Vec<Vec<String>> {
    let edges: Vec<(usize, usize)> = report.graph.edges.iter().map(|e| (e.from, e.to)).collect();
    let drawing = layout(report.graph.components.len(), &edges);
    let count = drawing.nodes.iter().map(|n| n.layer + 1).max().unwrap_or(0);
    let mut rows = vec![Vec::new(); count];
    for (node, component) in drawing.nodes.iter().zip(report.graph.components.iter()) {
        rows[node.layer].push(component.id.clone());
    }
    for row in &mut rows {
        row.sort();
    }
    rows
}

// Every option's graph, derived by reading data/scenarios/*.toml and the kinds' `requires` in
// data/catalog/v2/*.toml. A component sits one layer above the highest thing it runs on, depends
// on or is managed by (layer = the longest chain of edges below it); what needs nothing is in
// layer 0. The closure pulls in `node-exporter` wherever there is `monitoring` (monitoring →
// node-exporter, monitoring → server, node-exporter → systemd), and `k8s-control-plane` wherever
// there is a node agent (node-agent → control plane → server). Implied edges that repeat a drawn
// one are not counted twice.
#[test]
fn every_option_is_drawn_in_the_layers_its_edges_imply() {
    // (scenario, option, edges drawn and implied, layers from the bottom)
    type Expected = (
        &'static str,
        &'static str,
        usize,
        &'static [&'static [&'static str]],
    );
    let expected: [Expected; 11] = [
        // 4 drawn + 3 implied by monitoring. systemd runs on the server; storage and the node
        // exporter run on systemd; monitoring needs the exporter.
        (
            "k8s-storage",
            "init-system",
            7,
            &[
                &["ansible", "server"],
                &["systemd"],
                &["node-exporter", "storage"],
                &["monitoring"],
            ],
        ),
        // 6 drawn + node-agent → control plane, control plane → server, 3 of monitoring. The
        // control plane runs on the server, beside systemd; the node agent needs both; storage
        // runs on the node agent.
        (
            "k8s-storage",
            "kubernetes",
            11,
            &[
                &["ansible", "server"],
                &["k8s-control-plane", "systemd"],
                &["node-agent", "node-exporter"],
                &["monitoring", "storage"],
            ],
        ),
        // The init-system shape with the services in storage's place.
        (
            "tracing",
            "logs-on-servers",
            7,
            &[
                &["ansible", "server"],
                &["systemd"],
                &["node-exporter", "services"],
                &["monitoring"],
            ],
        ),
        // 9 drawn + 3 of monitoring + tempo → object storage (pulled in: it needs nothing).
        // Tempo runs on the server; the collector sends to tempo; the SDK runs in the services
        // (layer 2) and sends to the collector (layer 2).
        (
            "tracing",
            "sdk",
            13,
            &[
                &["ansible", "cloud-object-storage", "server"],
                &["systemd", "tempo"],
                &["collector", "node-exporter", "services"],
                &["monitoring", "sdk"],
            ],
        ),
        // 12 drawn + 3 of monitoring + loki and tempo → object storage. Loki and tempo run on
        // the server; the shipper (on systemd, to loki) and the rebuilder (loki, tempo) are one
        // above them.
        (
            "tracing",
            "from-logs",
            17,
            &[
                &["ansible", "cloud-object-storage", "server"],
                &["loki", "systemd", "tempo"],
                &["node-exporter", "rebuilder", "services", "shipper"],
                &["monitoring"],
            ],
        ),
        // 9 drawn; the script's requirements (lldpd, bmc, systemd, ansible) are all drawn, and
        // there is no monitoring. The script depends on lldpd, which runs on systemd.
        (
            "inventory",
            "script",
            9,
            &[
                &["ansible", "server"],
                &["bmc", "systemd"],
                &["lldpd"],
                &["script"],
            ],
        ),
        // 15 drawn; NetBox's requirements (postgresql, redis) are drawn. Both run on the server;
        // NetBox is above them, beside lldpd, and the script depends on NetBox.
        (
            "inventory",
            "netbox",
            15,
            &[
                &["ansible", "server"],
                &["bmc", "postgresql", "redis", "systemd"],
                &["lldpd", "netbox"],
                &["script"],
            ],
        ),
        // 12 drawn + 3 of monitoring. The longest chain: services → postgresql → patroni → etcd
        // → systemd → server, six layers; backups depend on postgresql, beside the services.
        (
            "database",
            "self-hosted",
            15,
            &[
                &["ansible", "server"],
                &["systemd"],
                &["etcd", "node-exporter"],
                &["monitoring", "patroni"],
                &["postgresql"],
                &["backups", "services"],
            ],
        ),
        // 6 drawn + 3 of monitoring; the provider-run database pulls nothing in. The upkeep needs
        // nothing; the database is managed by it; the services depend on the database.
        (
            "database",
            "managed",
            9,
            &[
                &["ansible", "server", "upkeep"],
                &["database", "systemd"],
                &["node-exporter", "services"],
                &["monitoring"],
            ],
        ),
        // 7 drawn + node-agent → control plane, control plane → server, 3 of monitoring. The
        // pipeline needs nothing, so it rises to just below its only user, the app, which runs
        // on the node agent.
        (
            "microservices",
            "monolith",
            12,
            &[
                &["ansible", "server"],
                &["k8s-control-plane", "systemd"],
                &["node-agent", "node-exporter", "pipeline"],
                &["app", "monitoring"],
            ],
        ),
        // 18 drawn + node-agent → control plane, istiod → control plane, control plane →
        // server, 3 of monitoring. Above the node agent: tempo and istiod (3), the collector
        // (to tempo) and the sidecars (managed by istiod) (4), the services (on the sidecars)
        // (5), the gateway and the SDK (on the services) (6). The pipelines need nothing and rise
        // to just below their user, the services.
        // Tempo's object storage (pulled in) rises to just below tempo.
        (
            "microservices",
            "microservices",
            25,
            &[
                &["ansible", "server"],
                &["k8s-control-plane", "systemd"],
                &["cloud-object-storage", "node-agent", "node-exporter"],
                &["istiod", "monitoring", "tempo"],
                &["collector", "pipelines", "sidecars"],
                &["services"],
                &["gateway", "sdk"],
            ],
        ),
    ];
    let mut checked = 0;
    for entry in list() {
        let analysis = analyse(&scenario(&entry.id)).unwrap();
        for report in &analysis.options {
            let Some((_, _, edges, rows)) = expected
                .iter()
                .find(|(s, o, ..)| *s == entry.id && *o == report.id)
            else {
                panic!("{} / {}: no expected layers", entry.id, report.id);
            };
            let place = format!("{} / {}", entry.id, report.id);
            assert_eq!(report.graph.edges.len(), *edges, "{place}: edges");
            assert_eq!(layers(report), *rows, "{place}: layers");
            checked += 1;
        }
    }
    assert_eq!(checked, expected.len(), "every expected option exists");
}

#[test]
fn the_catalog_has_at_least_80_kinds() {
    assert!(
        catalog().kinds.len() >= 80,
        "{} kinds",
        catalog().kinds.len()
    );
}

/// A document of an older catalog is read with today's ("see it with today's model") by its
/// kinds' ids: every kind a released catalog had is in the newest one.
#[test]
fn the_newest_catalog_keeps_every_kind_of_the_older_ones() {
    for version in catalog::versions() {
        for kind in catalog::get(version).unwrap().kinds.iter() {
            assert!(
                catalog().kind(&kind.id).is_some(),
                "catalog v{version}'s `{}` is missing from the newest",
                kind.id
            );
        }
    }
}

/// The closure follows kinds' requirements, and the generated models (`sample`) rely on them
/// having no cycle: a kind that (transitively) required itself would make every option using it
/// a cycle error. (The build does not check this yet.)
#[test]
fn no_kind_requires_itself_through_its_requirements() {
    let catalog = catalog();
    let mut graph = petgraph::graph::DiGraph::<(), ()>::new();
    let nodes: Vec<_> = catalog.kinds.iter().map(|_| graph.add_node(())).collect();
    for (index, kind) in catalog.kinds.iter().enumerate() {
        for requirement in kind.requires.iter() {
            let required = catalog
                .kind_position(requirement.kind())
                .unwrap_or_else(|| panic!("`{}` requires a known kind", kind.id));
            graph.add_edge(nodes[index], nodes[required], ());
        }
    }
    assert!(!petgraph::algo::is_cyclic_directed(&graph));
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
    let texts = overhead_core::catalog::embedded_catalog_texts();
    for (index, kind) in catalog().kinds.iter().enumerate() {
        let words = catalog().kind_text(index, texts);
        assert!(
            !words.summary.trim().is_empty(),
            "kind `{}`: summary",
            kind.id
        );
        assert!(
            !words.failure.trim().is_empty(),
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
        let text = catalog().source_text(&source.id, texts);
        assert!(
            text.is_some_and(|t| !t.title.trim().is_empty()),
            "source `{}`",
            source.id
        );
    }
}

/// Hours a month one more instance of a kind adds: its routine hours, its share of every
/// upgrade and its incidents per instance.
fn per_instance_hours(kind: &str) -> f64 {
    figure(kind, FigureName::RoutineHoursPerInstanceMonth)
        + figure(kind, FigureName::UpgradesPerYear) / 12.0
            * figure(kind, FigureName::HoursPerUpgradePerInstance)
        + figure(kind, FigureName::IncidentsPerInstanceYear) / 12.0
            * figure(kind, FigureName::HoursPerIncident)
}

// Scenario 2. Per service, the SDK costs its routine hours, its share of every upgrade (each
// upgrade bumps, rebuilds and redeploys every service) and its incidents; the rebuilder costs
// its routine hours and incidents per service (its rules change, no service does). So the
// SDK's added hours grow faster with the number of services, while the log pipeline has more
// components to manage. Both keep traces in Tempo on object storage.
#[test]
fn tracing_sdk_hours_grow_faster_with_services_than_rebuilt_traces() {
    let analysis = analyse(&scenario("tracing")).unwrap();
    let sdk = &option(&analysis, "sdk").versus_baseline;
    let logs = &option(&analysis, "from-logs").versus_baseline;
    assert_eq!(
        kind_ids(&analysis, &sdk.added_kinds),
        [
            "cloud-object-storage",
            "otel-collector",
            "otel-sdk",
            "tempo"
        ]
    );
    assert_eq!(
        kind_ids(&analysis, &logs.added_kinds),
        [
            "cloud-object-storage",
            "log-shipper",
            "loki",
            "tempo",
            "trace-rebuilder"
        ]
    );
    assert!(logs.managed_delta() > sdk.managed_delta());

    let more = |d: &mut Decision| d.context.workload.services += 30;
    let sdk_slope = added_hours("tracing", "sdk", more) - sdk.ops_hours_month;
    let logs_slope = added_hours("tracing", "from-logs", more) - logs.ops_hours_month;
    assert!((sdk_slope - 30.0 * per_instance_hours("otel-sdk")).abs() < 1e-9);
    assert!((logs_slope - 30.0 * per_instance_hours("trace-rebuilder")).abs() < 1e-9);
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
// database and its cache. Its value is a share of the routine hours the option carries, which
// grow with the fleet (the script's reconciliation per server) while NetBox's cost does not, so
// its net value rises with the fleet.
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
    let routine = |servers: u32| {
        let mut d = scenario("inventory");
        d.context.fleet.servers = servers;
        option(&analyse(&d).unwrap(), "netbox")
            .totals
            .routine_hours_month
    };
    let bigger = net_month("inventory", "netbox", |d| d.context.fleet.servers += 300);
    // inventory-source-of-truth cuts 10% of the routine hours, at $75/h; nothing else that
    // NetBox adds grows with the fleet.
    let more_value = 0.1 * (routine(600) - routine(300)) * 75.0;
    assert!(more_value > 0.0);
    assert!((bigger - base - more_value).abs() < 1e-6, "{bigger} {base}");
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
            "cloud-object-storage",
            "istio-control-plane",
            "istio-sidecar",
            "microservice",
            "otel-collector",
            "otel-sdk",
            "tempo"
        ]
    );
    assert_eq!(kind_ids(&analysis, &split.removed_kinds), ["monolith"]);
    assert_eq!(split.managed_delta(), 7);

    let per_service: f64 = ["microservice", "ci-pipeline", "istio-sidecar", "otel-sdk"]
        .iter()
        .map(|kind| per_instance_hours(kind))
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

/// `docs/catalog-v2-sources.md` extends the team's source sheet with every source catalog v2
/// added: none is left out of it.
#[test]
fn every_source_catalog_v2_added_is_listed_in_the_docs() {
    let listed = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/catalog-v2-sources.md"),
    )
    .expect("docs/catalog-v2-sources.md is there");
    let first = catalog::get(1).unwrap();
    for source in catalog::get(2).unwrap().sources.iter() {
        if first.source(&source.id).is_some() || source.id == overhead_core::catalog::PARTS_SOURCE {
            continue;
        }
        assert!(
            listed.contains(&format!("| `{}` |", source.id)),
            "catalog v2's source `{}` is not in docs/catalog-v2-sources.md",
            source.id
        );
    }
}
