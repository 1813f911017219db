//! Break-even sweeps of the built-in scenarios, their crossings checked against values derived
//! by hand (the net monthly values below are derived in `scenario_verdicts.rs` and
//! `k8s_storage.rs`).

use expect_test::expect;
use overhead_core::edit::ContextNumber;
use overhead_core::model::FigureName;
use overhead_core::scenario;
use overhead_core::sweep::{sweep, NotSwept, Param, SAMPLES};
use overhead_core::verdict::SEARCH_AT_MOST;

fn close(actual: f64, expected: f64, tolerance: f64) {
    assert!(
        (actual - expected).abs() <= tolerance,
        "{actual} != {expected}"
    );
}

/// NetBox a month at S servers: 7.5 × (0.35 S + 11.75) − 684.375 = 2.625 S − 596.25, zero at
/// S = 227.14: it gains a month from 228 servers.
#[test]
fn netbox_gains_a_month_from_228_servers() {
    let d = scenario::load("inventory").unwrap();
    let swept = sweep(&d, &Param::Context(ContextNumber::Servers)).unwrap();
    assert_eq!((swept.xs[0], *swept.xs.last().unwrap()), (30.0, 3000.0));
    assert_eq!(swept.xs.len(), SAMPLES);
    assert_eq!(swept.crossings.len(), 1);
    let crossing = &swept.crossings[0];
    assert_eq!(crossing.option, "netbox");
    assert_eq!(crossing.x, 228.0);
    assert!(crossing.gains_above);
    // The sampled values lie on the hand-derived line.
    for (x, value) in swept.xs.iter().zip(&swept.lines[1].values) {
        close(value.unwrap(), 2.625 * x - 596.25, 1e-6);
    }
    expect!["Inventory system (NetBox) gains a month at 228 servers or more (today 300 servers, on a fixed fleet with a stateful workload)."]
        .assert_eq(&swept.summary());
}

/// The managed database a month at r dollars an hour: 10.208 33 r − 279.19, zero at r = 27.35,
/// solved exactly (the value is linear in the hourly cost).
#[test]
fn the_managed_database_gains_a_month_above_27_dollars_an_hour_solved_exactly() {
    let d = scenario::load("database").unwrap();
    let swept = sweep(&d, &Param::Context(ContextNumber::HourlyCost)).unwrap();
    assert_eq!(swept.crossings.len(), 1);
    let crossing = &swept.crossings[0];
    assert!(crossing.exact);
    let capacity = 11.7 * 1121.0 * 0.5 / 32.0 + 38.7 * 1121.0 * 0.5 / 128.0;
    let hours = 12.208_333_333_333_334 - 2.0;
    close(crossing.x, (653.59 - capacity) / hours, 1e-9);
    assert!(crossing.gains_above);
}

/// Microservices a month at T teams: −2,021.26 + 300 (T − 3), zero at T = 9.74: from 10 teams.
#[test]
fn microservices_gain_a_month_from_10_teams() {
    let d = scenario::load("microservices").unwrap();
    let swept = sweep(&d, &Param::Context(ContextNumber::Teams)).unwrap();
    assert_eq!(swept.crossings.len(), 1);
    assert_eq!(swept.crossings[0].x, 10.0);
}

#[test]
fn nothing_crossing_in_the_range_is_said() {
    let d = scenario::landing().unwrap();
    let swept = sweep(&d, &Param::Context(ContextNumber::Services)).unwrap();
    assert!(swept.crossings.is_empty());
    expect![[r#"No option's net monthly value crosses zero between 0 services and 20 services (on a fixed fleet with a stateful workload)."#]]
        .assert_eq(&swept.summary());
}

/// A component's figure: the control plane's incidents a year. Each incident costs 6 h × $75 =
/// $450 a year, $37.50 a month; the option never gains, so nothing crosses, and the line falls
/// by $37.50 a month per incident (with 5% of nothing more to cut: service discovery cuts
/// routine hours only).
#[test]
fn a_components_figure_sweeps_from_zero() {
    let d = scenario::landing().unwrap();
    let param = Param::Figure {
        option: "kubernetes".into(),
        component: "k8s-control-plane".into(),
        figure: FigureName::IncidentsPerYear,
    };
    let swept = sweep(&d, &param);
    // The control plane is pulled in, not a component of the document: it cannot be swept.
    assert_eq!(swept, Err(NotSwept::Unknown));
    let param = Param::Figure {
        option: "kubernetes".into(),
        component: "node-agent".into(),
        figure: FigureName::IncidentsPerYear,
    };
    let swept = sweep(&d, &param).unwrap();
    assert_eq!(swept.now, 1.0);
    assert_eq!((swept.xs[0], *swept.xs.last().unwrap()), (0.0, 4.0));
    let values: Vec<f64> = swept.lines[1].values.iter().map(|v| v.unwrap()).collect();
    let step = values[1] - values[0];
    close(step, -(4.0 / 40.0) * 6.0 / 12.0 * 75.0, 1e-9);
}

#[test]
fn a_model_too_big_is_not_swept() {
    let mut d = scenario::landing().unwrap();
    d.options
        .push(overhead_core::sample::acyclic_option(SEARCH_AT_MOST + 1, 10, 1).into());
    assert!(matches!(
        sweep(&d, &Param::Context(ContextNumber::Servers)),
        Err(NotSwept::TooBig { .. })
    ));
}

/// Where the value is not a straight line (servers are bought whole), the crossing is narrowed
/// down by halving. The option drops the baseline's $2,275 a month of a vendor's price and adds
/// a component eating 40 cores (1.25 servers) of a fixed fleet of 10 owned servers at $3,000 a
/// month: it must buy ⌈1.25 − 10 × spare⌉ servers, one below 12.5% spare (net −$725 a month)
/// and none from it (net +$2,275).
#[test]
fn a_step_is_narrowed_down_by_halving() {
    let mut d = scenario::landing().unwrap();
    d.kinds = vec![overhead_core::model::CustomKind {
        id: "eater".into(),
        name: "Eater".into(),
        category: "test".into(),
        summary: String::new(),
        scope: overhead_core::model::Scope::Cluster,
        managed: false,
        pages: false,
        requires: Vec::new(),
        provides: Vec::new(),
        figures: [(FigureName::Cores, 40.0)].into_iter().collect(),
        source: "ASSUMPTION: a test figure.".into(),
    }];
    d.options.truncate(1);
    let mut eating = overhead_core::model::Alternative::clone(&d.options[0]);
    eating.id = "eating".into();
    eating.name = "Eating".into();
    eating.components.push(overhead_core::model::ComponentUse {
        id: "eater".into(),
        kind: "eater".into(),
        label: None,
        count: Default::default(),
        provider: None,
        overrides: Default::default(),
        ranges: Default::default(),
    });
    d.options.push(eating.into());
    d.context.fleet.servers = 10;
    d.context.fleet.server_cost_month = 3000.0;
    d.context.fleet.cores_per_server = 32.0;
    d.options[0]
        .make_mut()
        .components
        .push(overhead_core::model::ComponentUse {
            id: "licensed".into(),
            kind: "eater".into(),
            label: Some("a licence the option drops".into()),
            count: Default::default(),
            provider: Some(overhead_core::model::Provider {
                name: "a vendor".into(),
                price_month: 2275.0,
            }),
            overrides: Default::default(),
            ranges: Default::default(),
        });
    d.context.fleet.spare_share = 0.05;
    let swept = sweep(&d, &Param::Context(ContextNumber::SpareShare)).unwrap();
    assert_eq!(swept.crossings.len(), 1, "{:?}", swept.crossings);
    let crossing = &swept.crossings[0];
    assert!(!crossing.exact);
    assert!(crossing.gains_above);
    close(crossing.x, 0.125, 1e-9);
}

#[test]
fn the_chart_draws_each_option_the_zero_rule_and_each_crossing() {
    let d = scenario::load("inventory").unwrap();
    let swept = sweep(&d, &Param::Context(ContextNumber::Servers)).unwrap();
    let chart = overhead_core::render::sweep_chart(&swept, None, Some(3));
    let svg = chart.as_str();
    assert_eq!(svg.matches("data-testid=\"sweep-line\"").count(), 2);
    assert!(svg.contains("data-testid=\"sweep-line\" data-option-id=\"netbox\""));
    assert_eq!(svg.matches("data-testid=\"sweep-crossing\"").count(), 1);
    assert!(svg.contains("data-x=\"228\""));
    assert!(svg.contains("class=\"sweep-zero\""));
    assert!(svg.contains("class=\"sweep-cursor\""));
    expect_test::expect_file!["snapshots/netbox-servers-sweep.svg"].assert_eq(svg);
}

#[test]
fn option_names_reach_the_chart_as_text() {
    let mut d = scenario::load("inventory").unwrap();
    d.options[1].make_mut().name = "<img src=x onerror=alert(1)> & \"co\"".into();
    let swept = sweep(&d, &Param::Context(ContextNumber::Servers)).unwrap();
    let svg = overhead_core::render::sweep_chart(&swept, None, None);
    assert!(!svg.as_str().contains("<img"));
    assert!(svg
        .as_str()
        .contains("&lt;img src=x onerror=alert(1)&gt; &amp; &quot;co&quot;"));
}

#[test]
fn the_decision_record_has_a_table_of_the_crossings() {
    let d = scenario::load("inventory").unwrap();
    let analysis = overhead_core::analysis::analyse(&d).unwrap();
    let md = overhead_core::export::markdown(&d, &analysis, "https://example.test/#v3.x");
    let section = md
        .split("## Break-even")
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .expect("a break-even section");
    expect![[r#"


        Where each option's net monthly value crosses zero as one assumption moves from a tenth to ten times today's value, the rest as above.

        | Assumption | Today | Option | Gains a month |
        |---|---|---|---|
        | servers | 300 servers | Inventory system (NetBox) | at 228 servers or more |
        | services | 10 services | every option | no crossing between 1 service and 100 services |
    "#]]
    .assert_eq(section);
}

/// Kubernetes on an elastic fleet of stateless services, by servers. Each server adds: finer
/// scaling $1,121 × 30% × 25% = $84.075; packing 70% running × 15% × 1/20 × $1,121 = $5.885;
/// rescheduling 0.05 ÷ 12 × 6 h × $75 = $1.875; service discovery 5% × (0.25 + 0.1) h × $75 =
/// $1.3125; and costs the node agent's 0.1 + 3 ÷ 12 × 0.25 + 0.1 ÷ 12 × 6 = 0.2125 h × $75 =
/// $15.9375 and its 0.5 cores and 0.875 GiB, money on an elastic fleet: $12.589. Net +$64.62 a
/// server a month: from −$1,056 at 12 servers, it crosses zero between 28 and 29.
#[test]
fn kubernetes_on_an_elastic_stateless_fleet_gains_a_month_from_29_servers() {
    let mut d = scenario::landing().unwrap();
    d.context.fleet.elastic = true;
    d.context.workload.stateful = false;
    let swept = sweep(&d, &Param::Context(ContextNumber::Servers)).unwrap();
    let per_server = 1121.0 * 0.3 * 0.25
        + 0.7 * 0.15 / 20.0 * 1121.0
        + 0.05 / 12.0 * 6.0 * 75.0
        + 0.05 * 0.35 * 75.0
        - 0.2125 * 75.0
        - (0.5 * 1121.0 * 0.5 / 32.0 + 0.875 * 1121.0 * 0.5 / 128.0);
    let line = &swept.lines[1].values;
    let at = |servers: f64| line[swept.xs.iter().position(|x| *x == servers).unwrap()].unwrap();
    // Samples 1, 4, 7 … 120: the step between two is 3 servers (while no whole server is
    // bought or packed differently, which an elastic fleet never does).
    close(at(16.0) - at(13.0), 3.0 * per_server, 1e-6);
    assert_eq!(swept.crossings.len(), 1);
    assert_eq!(swept.crossings[0].x, 29.0);
    expect![[r#"Storage daemons on Kubernetes gains a month at 29 servers or more (today 12 servers, on an elastic fleet with a stateless workload)."#]]
        .assert_eq(&swept.summary());
}
