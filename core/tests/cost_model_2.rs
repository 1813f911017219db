//! Cost model 2's rules, each on a small document whose numbers are derived by hand beside the
//! assertions. The components are kinds the document defines, so that the figures are the
//! test's own; the capabilities and the on-call rule are catalog v2's (their parameters are
//! quoted where they are used).
//!
//! The context, unless a test changes it: 10 servers of 32 cores / 128 GiB at $1,000 a month,
//! fixed and owned, 10% of it spare; 4 engineers at $100/h in 1 team; 21 stateless services
//! deploying once a week, 0.5 h a deploy; demand swing 30%; 12 months.

mod support;

use std::collections::BTreeMap;

use overhead_core::analysis::{analyse, Versus};
use overhead_core::explain;
use overhead_core::model::{
    Alternative, ComponentUse, Context, Count, CustomKind, Decision, FigureName, Fleet, Scope,
    Shared, Status, Team, Workload,
};
use overhead_core::verdict::Verdict;

fn context() -> Context {
    Context {
        fleet: Fleet {
            servers: 10,
            elastic: false,
            cores_per_server: 32.0,
            memory_gib_per_server: 128.0,
            server_cost_month: 1000.0,
            failures_per_server_year: 0.0,
            owned: true,
            spare_share: 0.1,
        },
        team: Team {
            engineers: 4,
            hourly_cost: 100.0,
            teams: 1,
        },
        workload: Workload {
            services: 21,
            stateful: false,
            deploys_per_week: 1.0,
            demand_variation: 0.3,
            hours_per_deploy: 0.5,
        },
        horizon_months: 12,
    }
}

/// A kind of the document: cluster-scoped, operated by the team, no figures.
fn kind(id: &str) -> CustomKind {
    support::kind(id).build()
}

fn with(mut kind: CustomKind, figures: &[(FigureName, f64)]) -> CustomKind {
    kind.figures.extend(figures.iter().copied());
    kind
}

fn providing(mut kind: CustomKind, capabilities: &[&str]) -> CustomKind {
    kind.provides = capabilities.iter().map(|c| c.to_string()).collect();
    kind
}

fn option(id: &str, kinds: &[&str]) -> Shared<Alternative> {
    Shared::new(Alternative {
        id: id.into(),
        name: id.into(),
        summary: String::new(),
        components: kinds
            .iter()
            .map(|kind| ComponentUse {
                id: kind.to_string(),
                kind: kind.to_string(),
                label: None,
                count: Count::Default,
                provider: None,
                overrides: BTreeMap::new(),
                ranges: Default::default(),
            })
            .collect(),
        edges: Default::default(),
    })
}

/// A baseline `today` with the components `today`, and an option `new` with `new`.
fn document(kinds: Vec<CustomKind>, today: &[&str], new: &[&str]) -> Decision {
    Decision {
        catalog_version: 2,
        cost_model: 2,
        scenario: None,
        title: "cost model 2".into(),
        question: String::new(),
        status: Status::Proposed,
        context: context(),
        options: vec![option("today", today), option("new", new)],
        baseline: "today".into(),
        chosen: None,
        rationale: String::new(),
        kinds,
        ranges: Default::default(),
    }
}

fn versus(decision: &Decision) -> Versus {
    analyse(decision).expect("the document analyses").options[1]
        .versus_baseline
        .clone()
}

fn close(actual: f64, expected: f64) {
    assert!(
        (actual - expected).abs() < 1e-9 * expected.abs().max(1.0),
        "{actual} != {expected}"
    );
}

fn worth_of(v: &Versus, decision: &Decision, capability: &str) -> f64 {
    let analysis = analyse(decision).unwrap();
    v.gained
        .iter()
        .find(|c| analysis.catalog.capabilities[c.capability].id == capability)
        .unwrap_or_else(|| panic!("{capability} is gained"))
        .value_month
}

/// 40 cores eaten: 40 ÷ 32 = 1.25 servers.
fn eater() -> CustomKind {
    with(kind("eater"), &[(FigureName::Cores, 40.0)])
}

#[test]
fn capacity_on_a_fixed_owned_fleet_costs_only_the_servers_it_forces_to_buy() {
    let d = document(vec![eater()], &[], &["eater"]);
    let v = versus(&d);
    close(v.servers, 1.25);
    // Spare: 10 × 10% = 1 server; ⌈1.25 − 1⌉ = 1 server to buy at $1,000.
    close(v.servers_to_buy, 1.0);
    close(v.money_month, 1000.0);
    assert!(!analyse(&d).unwrap().capacity_is_money());
}

#[test]
fn capacity_within_the_spare_costs_nothing_on_a_fixed_owned_fleet() {
    let mut d = document(vec![eater()], &[], &["eater"]);
    d.context.fleet.spare_share = 0.2; // 2 servers spare ≥ 1.25 eaten.
    let v = versus(&d);
    close(v.servers_to_buy, 0.0);
    close(v.money_month, 0.0);
}

#[test]
fn capacity_is_money_on_a_rented_or_an_elastic_fleet() {
    // 40 cores × ($1,000 × 50% ÷ 32 cores) = $625.
    let mut rented = document(vec![eater()], &[], &["eater"]);
    rented.context.fleet.owned = false;
    close(versus(&rented).money_month, 625.0);
    close(versus(&rented).servers_to_buy, 0.0);
    let mut elastic = document(vec![eater()], &[], &["eater"]);
    elastic.context.fleet.elastic = true;
    close(versus(&elastic).money_month, 625.0);
}

#[test]
fn packing_on_a_fixed_owned_fleet_is_worth_the_purchases_it_avoids() {
    // bin-packing: up to 15% saved, full at 20 extra services (21 services: all the way).
    // Freed: 10 servers × 15% × 100% = 1.5 servers. Eaten 1.25: to buy ⌈1.25 − 1⌉ = 1;
    // after packing ⌈1.25 − 1.5 − 1⌉ → 0. Worth 1 × $1,000.
    let packer = providing(eater(), &["bin-packing"]);
    let d = document(vec![packer], &[], &["eater"]);
    let v = versus(&d);
    close(worth_of(&v, &d, "bin-packing"), 1000.0);
    close(v.money_month, 1000.0);
    close(v.net_month, 0.0);
}

#[test]
fn packing_where_capacity_is_money_is_worth_the_servers_it_frees() {
    let mut d = document(
        vec![providing(kind("packer"), &["bin-packing"])],
        &[],
        &["packer"],
    );
    d.context.fleet.owned = false;
    // 1.5 servers freed × $1,000.
    close(worth_of(&versus(&d), &d, "bin-packing"), 1500.0);
    // On an elastic fleet, only the servers still running: 10 × (1 − 30%) × 15% = 1.05.
    d.context.fleet.elastic = true;
    close(worth_of(&versus(&d), &d, "bin-packing"), 1050.0);
    // Stateful storage follows the data: nothing.
    d.context.workload.stateful = true;
    close(worth_of(&versus(&d), &d, "bin-packing"), 0.0);
}

#[test]
fn autoscaling_is_worth_only_the_swing_whole_servers_cannot_follow() {
    let mut d = document(
        vec![providing(kind("scaler"), &["autoscaling"])],
        &[],
        &["scaler"],
    );
    close(worth_of(&versus(&d), &d, "autoscaling"), 0.0);
    d.context.fleet.elastic = true;
    // 10 × $1,000 × 30% × 25% (finer share) = $750.
    close(worth_of(&versus(&d), &d, "autoscaling"), 750.0);
}

#[test]
fn capabilities_cut_shares_of_the_hours_the_option_carries_never_more() {
    // 12 incidents a year × 5 h = 5 h a month of incident hours. Tracing cuts 30%, fault
    // isolation 25%, one after the other: 5 × (1 − 0.7 × 0.75) = 2.375 h, at $100/h.
    let app = with(
        providing(kind("app"), &["distributed-tracing", "fault-isolation"]),
        &[
            (FigureName::IncidentsPerYear, 12.0),
            (FigureName::HoursPerIncident, 5.0),
        ],
    );
    let d = document(vec![app], &[], &["app"]);
    let v = versus(&d);
    close(v.value_month, 237.5);
    let tracing = worth_of(&v, &d, "distributed-tracing");
    let isolation = worth_of(&v, &d, "fault-isolation");
    assert!(tracing <= 500.0 && isolation <= 500.0);
    let explanation = &v.gained[0].explanation(&analyse(&d).unwrap());
    assert!(explanation.contains("incident hours"), "{explanation}");
}

#[test]
fn a_capability_with_no_hours_to_cut_is_worth_nothing() {
    let d = document(
        vec![providing(kind("app"), &["distributed-tracing"])],
        &[],
        &["app"],
    );
    close(versus(&d).value_month, 0.0);
}

#[test]
fn rolling_deploys_cut_deploy_hours() {
    // 21 services × 1 a week × 52 ÷ 12 × 0.5 h = 45.5 h a month; 50% cut = 22.75 h × $100.
    let d = document(
        vec![providing(kind("deployer"), &["rolling-deploys"])],
        &[],
        &["deployer"],
    );
    close(worth_of(&versus(&d), &d, "rolling-deploys"), 2275.0);
}

#[test]
fn incidents_grow_with_instances() {
    // Per server: 2 incidents a year each × 10 servers ÷ 12 × 6 h = 10 h a month.
    let mut agent = with(
        kind("agent"),
        &[
            (FigureName::IncidentsPerInstanceYear, 2.0),
            (FigureName::HoursPerIncident, 6.0),
        ],
    );
    agent.scope = Scope::Server;
    let d = document(vec![agent], &[], &["agent"]);
    close(versus(&d).ops_hours_month, 10.0);
}

#[test]
fn team_shaped_value_grows_with_teams_not_services() {
    let mut d = document(
        vec![providing(kind("split"), &["independent-deploys"])],
        &[],
        &["split"],
    );
    close(worth_of(&versus(&d), &d, "independent-deploys"), 0.0);
    // 4 teams: 3 beyond the first × 4 h a month × $100.
    d.context.team.teams = 4;
    close(worth_of(&versus(&d), &d, "independent-deploys"), 1200.0);
}

#[test]
fn one_time_work_is_costed_beside_learning_and_gives_a_payback() {
    // 40 h once + 2 h per instance × 10 servers = 60 h; learning 5 h × 4 engineers = 20 h.
    // (60 + 20) × $100 = $8,000 once. Value: rolling deploys, $2,275 a month (above).
    let mut migration = with(
        providing(kind("migration"), &["rolling-deploys"]),
        &[
            (FigureName::OneTimeHours, 40.0),
            (FigureName::OneTimeHoursPerInstance, 2.0),
            (FigureName::LearningHours, 5.0),
        ],
    );
    migration.scope = Scope::Server;
    let d = document(vec![migration], &[], &["migration"]);
    let v = versus(&d);
    close(v.one_time_work_hours, 60.0);
    close(v.learning_hours, 20.0);
    close(v.one_time_cost, 8000.0);
    // $8,000 ÷ $2,275 = 3.5: paid back in the 4th month.
    assert_eq!(
        Verdict::of(&v, 12, false),
        Verdict::PaysBack {
            months: 4,
            net_month: 2275.0
        }
    );
}

#[test]
fn a_new_pager_costs_on_call_cover_more_for_a_small_team() {
    // Catalog v2: 20 h a month of cover, a rotation of 8. 4 engineers: × 2 = 40 h × $100.
    let mut pager = kind("pager");
    pager.pages = true;
    let d = document(vec![pager.clone()], &[], &["pager"]);
    let v = versus(&d);
    close(v.on_call_hours_month, 40.0);
    close(v.ops_hours_month, 40.0);
    close(v.money_month, 4000.0);
    // A team of 8 pays the cover once; a baseline that already pages pays nothing more.
    let mut team_of_8 = d.clone();
    team_of_8.context.team.engineers = 8;
    close(versus(&team_of_8).on_call_hours_month, 20.0);
    let already = document(vec![pager], &["pager"], &["pager"]);
    close(versus(&already).on_call_hours_month, 0.0);
}

#[test]
fn servers_eaten_compare_what_each_option_needs() {
    // Baseline: 64 cores (2 servers' worth). Option: 32 cores and 256 GiB (2 servers' worth of
    // memory). Each needs 2 servers: nothing eaten. The larger of the two deltas (−1 server of
    // cores, +2 of memory) would have said 2.
    let cpu = with(kind("cpu"), &[(FigureName::Cores, 64.0)]);
    let mixed = with(
        kind("mixed"),
        &[(FigureName::Cores, 32.0), (FigureName::MemoryGib, 256.0)],
    );
    let d = document(vec![cpu, mixed], &["cpu"], &["mixed"]);
    close(versus(&d).servers, 0.0);
}

#[test]
fn a_figure_of_model_2_is_refused_in_a_model_1_document() {
    let mut d = document(vec![], &[], &[]);
    d.catalog_version = 1;
    d.cost_model = 1;
    d.options[1] = option("new", &["server"]);
    d.options[1].make_mut().components[0]
        .overrides
        .insert(FigureName::OneTimeHours, 4.0);
    let error = analyse(&d).unwrap_err().to_string();
    assert!(error.contains("cost model 1 has no figure"), "{error}");
}

#[test]
fn a_document_must_name_the_cost_model_its_catalog_is_written_for() {
    let mut d = document(vec![], &[], &[]);
    d.cost_model = 1;
    let error = analyse(&d).unwrap_err().to_string();
    assert_eq!(
        error,
        "this document names cost model 1, but its catalog version 2 is written for cost model 2"
    );
}

/// Every term of an option's comparison has its formula in "How is this computed?". The
/// destructuring names every field of `Versus`: a new term does not compile here until it is
/// given the formula that explains it.
#[test]
fn every_term_of_the_comparison_is_explained() {
    let Versus {
        added_kinds: _,
        removed_kinds: _,
        ops_hours_month: _,
        money_month: _,
        cores: _,
        memory_gib: _,
        servers: _,
        fleet_share: _,
        learning_hours: _,
        one_time_work_hours: _,
        one_time_cost: _,
        servers_to_buy: _,
        on_call_hours_month: _,
        gained: _,
        lost: _,
        value_month: _,
        net_month: _,
        net_horizon: _,
        failure_points_added: _,
        degrading_points_added: _,
        new_single_points: _,
    } = Versus::default();
    let explained = [
        ("added_kinds, removed_kinds", "Components to manage"),
        ("ops_hours_month", "Ops hours a month (per component)"),
        ("ops_hours_month, money_month", "Added ops hours and money"),
        ("money_month", "Money a month (per component)"),
        ("cores, memory_gib", "Capacity (per component)"),
        ("servers, fleet_share", "Fleet capacity eaten"),
        ("learning_hours", "Learning hours"),
        ("one_time_work_hours", "One-time work"),
        ("one_time_cost", "One-time cost"),
        ("servers_to_buy", "Servers to buy"),
        ("on_call_hours_month", "On-call cover"),
        ("gained, lost, value_month", "Capability value"),
        ("net_month", "Net monthly value"),
        ("net_horizon", "Net over the horizon"),
        ("failure_points_added", "Failure points added"),
        ("degrading_points_added", "Partial failure points added"),
        ("new_single_points", "Single points of failure"),
    ];
    let formulas = explain::formulas(2);
    for (terms, name) in explained {
        assert!(
            formulas.iter().any(|f| f.name == name),
            "{terms}: no formula named {name:?} in explain::MODEL_2"
        );
    }
    for rule in [
        "capacity is money",
        "replaces",
        "Undiscounted",
        "per component",
        "sum of its parts",
    ] {
        assert!(
            formulas
                .iter()
                .any(|f| f.formula.contains(rule) || f.note.contains(rule)),
            "model 2's formulas do not say {rule:?}"
        );
    }
}

#[test]
fn a_managed_node_pool_reserves_what_its_provider_formula_says() {
    use overhead_core::analysis::{eks_reservation, node_reservation};
    // EKS: 11 MiB × 110 pods + 255 MiB + 100 MiB eviction = 1,565 MiB, whatever the memory;
    // CPU: GKE's tiers, 0.06 + 0.01 + 2 × 0.005 + 28 × 0.0025 = 0.15 of 32 cores.
    let (cpu, memory) = eks_reservation(32.0, 128.0);
    close(cpu, 0.15);
    close(memory, 1565.0 / 1024.0);
    // GKE on the same node: 4 × 25% + 4 × 20% + 8 × 10% + 112 × 6% = 9.32 GiB + 100 MiB.
    close(node_reservation(32.0, 128.0).1, 9.32 + 100.0 / 1024.0);
}
