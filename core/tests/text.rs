//! The document as TOML text: round trips, the shipped scenario files, the text the page shows
//! for the landing scenario, every kind of error with its position, and input that must not
//! panic.

use std::collections::BTreeMap;
use std::fs;
use std::path::PathBuf;

use expect_test::{expect, Expect};
use overhead_core::analysis::analyse;
use overhead_core::edit::ContextNumber;
use overhead_core::error::limits;
use overhead_core::model::{
    Bounds, ComponentUse, Count, CustomKind, Decision, Edge, FigureName, KindRequirement, PerWhat,
    Provider, Ranges, Relation, Scope, Status,
};
use overhead_core::text::{self, from_toml, to_toml, TextError};
use overhead_core::{sample, scenario};
use proptest::prelude::*;

fn landing() -> Decision {
    scenario::landing().unwrap()
}

/// A component use, built up one field at a time.
struct Use(ComponentUse);

impl Use {
    fn new(id: &str, kind: &str) -> Use {
        Use(ComponentUse {
            id: id.into(),
            kind: kind.into(),
            label: None,
            count: Count::Default,
            provider: None,
            overrides: BTreeMap::new(),
            ranges: Default::default(),
        })
    }

    fn label(mut self, label: &str) -> Use {
        self.0.label = Some(label.into());
        self
    }

    fn count(mut self, count: Count) -> Use {
        self.0.count = count;
        self
    }

    fn provider(mut self, name: &str, price_month: f64) -> Use {
        self.0.provider = Some(Provider {
            name: name.into(),
            price_month,
        });
        self
    }

    fn set(mut self, name: FigureName, value: f64) -> Use {
        self.0.overrides.insert(name, value);
        self
    }
}

/// A custom kind with every field set, and every figure.
fn custom_kind(id: &str) -> CustomKind {
    CustomKind {
        id: id.into(),
        name: "In-house job runner".into(),
        category: "compute".into(),
        summary: "Runs the nightly jobs.\nWritten in 2019; one person knows it.".into(),
        scope: Scope::Server,
        managed: false,
        pages: false,
        requires: vec![
            KindRequirement {
                kind: "server".into(),
                relation: Relation::RunsOn,
            },
            KindRequirement {
                kind: "monitoring".into(),
                relation: Relation::DependsOn,
            },
        ],
        provides: vec!["autoscaling".into(), "rescheduling".into()],
        figures: FigureName::ALL
            .iter()
            .enumerate()
            .map(|(i, name)| (*name, i as f64 * 0.75))
            .collect(),
        source: "ASSUMPTION: \"about like cron\", C:\\jobs".into(),
    }
}

/// The landing scenario with an option that uses every part of the format: labels, providers,
/// every kind of count, overrides, edges of every relation, and custom kinds.
fn every_field() -> Decision {
    let mut d = landing();
    d.status = Status::Accepted;
    d.chosen = Some("kubernetes".into());
    d.rationale = "Two paragraphs.\n\nThe second one, with \"quotes\" and a tab\there.".into();
    let mut option = overhead_core::model::Alternative::clone(&d.options[1]);
    option.id = "managed".into();
    option.name = "Managed pieces".into();
    option.summary = String::new();
    option.components = vec![
        Use::new("server", "server").count(Count::Fixed(7)).0,
        Use::new("systemd", "systemd")
            .count(Count::Per(PerWhat::PerServer))
            .0,
        Use::new("storage", "storage-daemon")
            .label("Ceph OSDs")
            .count(Count::Per(PerWhat::PerService))
            .set(FigureName::Cores, 0.5)
            .set(FigureName::RoutineHoursMonth, 12.25)
            .0,
        Use::new("monitoring", "monitoring")
            .provider("Grafana Cloud", 299.99)
            .set(FigureName::LicenceMonth, 0.0)
            .0,
    ];
    option.edges = vec![
        edge("storage", "systemd", Relation::RunsOn),
        edge("systemd", "server", Relation::RunsOn),
        edge("storage", "monitoring", Relation::DependsOn),
        edge("systemd", "monitoring", Relation::ManagedBy),
    ]
    .into();
    d.options.push(option.into());
    d.kinds = vec![custom_kind("job-runner"), {
        let mut plain = custom_kind("plain");
        plain.managed = true;
        plain.summary = String::new();
        plain.requires.clear();
        plain.provides.clear();
        plain.figures.clear();
        plain.scope = Scope::Cluster;
        plain
    }];
    d.ranges = Ranges {
        on: true,
        catalog: false,
        seed: 7,
        samples: 5_000,
        context: BTreeMap::from([
            (
                ContextNumber::Servers,
                Bounds {
                    low: 20.0,
                    high: 80.5,
                },
            ),
            (
                ContextNumber::HourlyCost,
                Bounds {
                    low: 60.0,
                    high: 150.0,
                },
            ),
        ]),
    };
    d.options[2].make_mut().components[2].ranges.insert(
        FigureName::Cores,
        Bounds {
            low: 0.25,
            high: 2.0,
        },
    );
    d
}

fn edge(from: &str, to: &str, relation: Relation) -> Edge {
    Edge {
        from: from.into(),
        to: to.into(),
        relation,
    }
}

fn assert_round_trip(d: &Decision, what: &str) {
    let text = to_toml(d);
    assert_eq!(from_toml(&text).as_ref(), Ok(d), "{what}:\n{text}");
}

/// A document that cannot be computed still reads back (without the check), and `from_toml`
/// refuses it with the message `analyse` gives.
fn assert_round_trip_of_bad_model(d: &Decision, what: &str) {
    let text = to_toml(d);
    assert_eq!(text::parse(&text).as_ref(), Ok(d), "{what}:\n{text}");
    let model_error = analyse(d).err().unwrap();
    let text_error = from_toml(&text).unwrap_err();
    assert_eq!(text_error.message, model_error.to_string(), "{what}");
    assert!(
        text_error.line > 1,
        "{what}: {text_error} is not positioned"
    );
}

// ----- round trips -------------------------------------------------------------------------------

#[test]
fn built_in_scenarios_round_trip() {
    let all = scenario::parse_all();
    assert!(all.len() >= 5);
    for (file, result) in all {
        assert_round_trip(&result.unwrap(), file);
    }
}

#[test]
fn golden_documents_round_trip() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let mut count = 0;
    for entry in fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            let d: Decision = serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
            // One golden document keeps a model error on purpose (links must carry those too).
            match analyse(&d) {
                Ok(_) => assert_round_trip(&d, &path.display().to_string()),
                Err(_) => assert_round_trip_of_bad_model(&d, &path.display().to_string()),
            }
            count += 1;
        }
    }
    assert!(count >= 7, "only {count} golden documents");
}

#[test]
fn a_document_with_every_field_round_trips() {
    assert_round_trip(&every_field(), "every field");
}

#[test]
fn a_generated_thousand_components_round_trip() {
    let mut d = landing();
    d.options.push(sample::generated_option(1_000, 3).into());
    assert_round_trip(&d, "1,000 components");
}

#[test]
fn the_least_length_is_never_more_than_the_text() {
    let mut generated = landing();
    generated
        .options
        .push(sample::generated_dense_option(1_000, 3_000, 3).into());
    // The shortest lines there are: empty ids, as no reader would accept.
    let mut shortest = landing();
    let option = shortest.options[0].make_mut();
    option.components = (0..50).map(|_| Use::new("", "").0).collect();
    option.edges = vec![edge("", "", Relation::DependsOn); 50].into();
    let mut documents: Vec<(String, Decision)> = scenario::parse_all()
        .into_iter()
        .map(|(file, d)| (file.to_string(), d.unwrap()))
        .collect();
    documents.push(("every field".into(), every_field()));
    documents.push(("1,000 generated components".into(), generated));
    documents.push(("empty ids".into(), shortest.clone()));
    for (what, d) in &documents {
        let (least, written) = (text::least_toml_len(d), to_toml(d).len());
        assert!(least <= written, "{what}: {least} > {written}");
        assert!(least > 0 || d.components_and_edges() == 0, "{what}");
    }
    // The bound is as tight as the shortest line: a component or edge more adds that much.
    let mut one_more = shortest.clone();
    one_more.options[0]
        .make_mut()
        .components
        .push(Use::new("", "").0);
    assert_eq!(
        to_toml(&one_more).len() - to_toml(&shortest).len(),
        text::least_toml_len(&one_more) - text::least_toml_len(&shortest)
    );
}

#[test]
fn a_document_without_options_keeps_its_options_field() {
    let mut d = landing();
    d.options.clear();
    assert_eq!(text::parse(&to_toml(&d)), Ok(d));
}

#[test]
fn numbers_read_back_exactly() {
    let values = [
        0.1,
        1.0 / 3.0,
        -0.0,
        5e-324,
        1e-7,
        1e300,
        f64::MAX,
        123_456_789_012_345.0,
        999_999_999_999_999.0,
        1e15,
        2f64.powi(60),
    ];
    let mut d = landing();
    let component = &mut d.options[0].make_mut().components[0];
    for (name, value) in FigureName::ALL.iter().zip(values) {
        component.overrides.insert(*name, value);
    }
    let parsed = text::parse(&to_toml(&d)).unwrap();
    let read = &parsed.options[0].components[0].overrides;
    for (name, value) in FigureName::ALL.iter().zip(values) {
        assert_eq!(read[name].to_bits(), value.to_bits(), "{value:e}");
    }
    let line = to_toml(&d)
        .lines()
        .find(|l| l.contains("overrides"))
        .unwrap()
        .to_string();
    expect![[r#"  { id = "server", kind = "server", overrides = { routine_hours_month = 0.1, routine_hours_per_instance_month = 0.3333333333333333, upgrades_per_year = -0.0, hours_per_upgrade = 5e-324, hours_per_upgrade_per_instance = 1e-7, incidents_per_year = 1e300, hours_per_incident = 1.7976931348623157e308, learning_hours = 123456789012345, cores = 999999999999999, memory_gib = 1000000000000000.0, licence_month = 1.152921504606847e18 } },"#]]
        .assert_eq(&line);
}

#[test]
fn every_character_reads_back() {
    let all_controls: String = (0u32..0x20)
        .chain([0x7f, 0x80, 0x85, 0x2028, 0xfeff])
        .filter_map(char::from_u32)
        .collect();
    let texts = [
        all_controls.as_str(),
        "\"\"\"",
        "ends with a quote\"",
        "\"starts with a quote",
        "back\\slash \\n \\u0041 \\",
        "line\r\nbreaks\rand\nmore\n",
        "\n",
        "\"\"\"\n\"\"\"\n",
        "# not a comment\n[table]\nkey = \"value\"",
        "<img src=x onerror=alert(1)> 'single' «guillemets» 日本語 🙂",
    ];
    for s in texts {
        let mut d = every_field();
        d.title = s.into();
        d.rationale = s.into();
        d.question = format!("{s}\n{s}");
        d.options[0].make_mut().name = s.into();
        d.options[0].make_mut().components[0].label = Some(s.into());
        d.kinds[0].source = s.into();
        assert_round_trip(&d, &format!("{s:?}"));
    }
}

// ----- the shipped scenario files --------------------------------------------------------------

#[test]
fn scenario_files_read_as_the_build_reads_them() {
    let files = [
        include_str!("../../data/scenarios/1-k8s-storage.toml"),
        include_str!("../../data/scenarios/2-tracing.toml"),
        include_str!("../../data/scenarios/3-inventory.toml"),
        include_str!("../../data/scenarios/4-database.toml"),
        include_str!("../../data/scenarios/5-microservices.toml"),
    ];
    assert_eq!(
        files.len(),
        scenario::list().len(),
        "a scenario file is missing here"
    );
    for raw in files {
        let d = from_toml(raw).unwrap_or_else(|e| panic!("{e}\n{raw}"));
        let id = d.scenario.clone().unwrap();
        assert_eq!(Some(d), scenario::load(&id), "{id}");
    }
}

#[test]
fn the_landing_scenario_as_text() {
    expect![[r#"
        scenario = "k8s-storage"
        catalog_version = 2
        cost_model = 2
        title = "Run the storage cluster on Kubernetes?"
        question = "Our storage cluster runs on a fixed fleet of servers. Should we move it onto Kubernetes?"
        status = "proposed"
        baseline = "init-system"
        rationale = ""

        [context]
        horizon_months = 36

        [context.fleet]
        servers = 12
        elastic = false
        cores_per_server = 32
        memory_gib_per_server = 128
        server_cost_month = 1121
        failures_per_server_year = 0.05
        owned = true
        spare_share = 0.15

        [context.team]
        engineers = 4
        hourly_cost = 75
        teams = 1

        [context.workload]
        services = 2
        stateful = true
        deploys_per_week = 1
        demand_variation = 0.3
        hours_per_deploy = 1

        [[options]]
        id = "init-system"
        name = "Storage daemons under the init system"
        summary = "Each server runs the storage daemon under systemd; Ansible deploys and configures; Prometheus monitors."
        components = [
          { id = "server", kind = "server" },
          { id = "systemd", kind = "systemd" },
          { id = "storage", kind = "storage-daemon" },
          { id = "ansible", kind = "ansible" },
          { id = "monitoring", kind = "monitoring" },
        ]
        edges = [
          { from = "storage", to = "systemd", relation = "runs-on" },
          { from = "systemd", to = "server", relation = "runs-on" },
          { from = "storage", to = "ansible", relation = "managed-by" },
          { from = "systemd", to = "ansible", relation = "managed-by" },
        ]

        [[options]]
        id = "kubernetes"
        name = "Storage daemons on Kubernetes"
        summary = "The same daemons run as pods; every server becomes a Kubernetes node, and a control plane schedules them. Ansible still prepares the hosts."
        components = [
          { id = "server", kind = "server" },
          { id = "systemd", kind = "systemd" },
          { id = "storage", kind = "storage-daemon", overrides = { one_time_hours = 40 } },
          { id = "node-agent", kind = "k8s-node-agent" },
          { id = "ansible", kind = "ansible" },
          { id = "monitoring", kind = "monitoring" },
        ]
        edges = [
          { from = "storage", to = "node-agent", relation = "runs-on" },
          { from = "storage", to = "k8s-control-plane", relation = "managed-by" },
          { from = "node-agent", to = "systemd", relation = "runs-on" },
          { from = "systemd", to = "server", relation = "runs-on" },
          { from = "node-agent", to = "ansible", relation = "managed-by" },
          { from = "systemd", to = "ansible", relation = "managed-by" },
        ]
    "#]].assert_eq(&to_toml(&landing()));
}

#[test]
fn every_field_as_text() {
    expect![[r#"
        scenario = "k8s-storage"
        catalog_version = 2
        cost_model = 2
        title = "Run the storage cluster on Kubernetes?"
        question = "Our storage cluster runs on a fixed fleet of servers. Should we move it onto Kubernetes?"
        status = "accepted"
        baseline = "init-system"
        chosen = "kubernetes"
        rationale = """
        Two paragraphs.

        The second one, with \"quotes\" and a tab\there."""

        [context]
        horizon_months = 36

        [context.fleet]
        servers = 12
        elastic = false
        cores_per_server = 32
        memory_gib_per_server = 128
        server_cost_month = 1121
        failures_per_server_year = 0.05
        owned = true
        spare_share = 0.15

        [context.team]
        engineers = 4
        hourly_cost = 75
        teams = 1

        [context.workload]
        services = 2
        stateful = true
        deploys_per_week = 1
        demand_variation = 0.3
        hours_per_deploy = 1

        [ranges]
        on = true
        seed = 7
        samples = 5000
        catalog = false

        [ranges.context]
        servers = { low = 20, high = 80.5 }
        hourly_cost = { low = 60, high = 150 }

        [[options]]
        id = "init-system"
        name = "Storage daemons under the init system"
        summary = "Each server runs the storage daemon under systemd; Ansible deploys and configures; Prometheus monitors."
        components = [
          { id = "server", kind = "server" },
          { id = "systemd", kind = "systemd" },
          { id = "storage", kind = "storage-daemon" },
          { id = "ansible", kind = "ansible" },
          { id = "monitoring", kind = "monitoring" },
        ]
        edges = [
          { from = "storage", to = "systemd", relation = "runs-on" },
          { from = "systemd", to = "server", relation = "runs-on" },
          { from = "storage", to = "ansible", relation = "managed-by" },
          { from = "systemd", to = "ansible", relation = "managed-by" },
        ]

        [[options]]
        id = "kubernetes"
        name = "Storage daemons on Kubernetes"
        summary = "The same daemons run as pods; every server becomes a Kubernetes node, and a control plane schedules them. Ansible still prepares the hosts."
        components = [
          { id = "server", kind = "server" },
          { id = "systemd", kind = "systemd" },
          { id = "storage", kind = "storage-daemon", overrides = { one_time_hours = 40 } },
          { id = "node-agent", kind = "k8s-node-agent" },
          { id = "ansible", kind = "ansible" },
          { id = "monitoring", kind = "monitoring" },
        ]
        edges = [
          { from = "storage", to = "node-agent", relation = "runs-on" },
          { from = "storage", to = "k8s-control-plane", relation = "managed-by" },
          { from = "node-agent", to = "systemd", relation = "runs-on" },
          { from = "systemd", to = "server", relation = "runs-on" },
          { from = "node-agent", to = "ansible", relation = "managed-by" },
          { from = "systemd", to = "ansible", relation = "managed-by" },
        ]

        [[options]]
        id = "managed"
        name = "Managed pieces"
        summary = ""
        components = [
          { id = "server", kind = "server", count = 7 },
          { id = "systemd", kind = "systemd", count = "per-server" },
          { id = "storage", kind = "storage-daemon", label = "Ceph OSDs", count = "per-service", overrides = { routine_hours_month = 12.25, cores = 0.5 }, ranges = { cores = { low = 0.25, high = 2 } } },
          { id = "monitoring", kind = "monitoring", provider = { name = "Grafana Cloud", price_month = 299.99 }, overrides = { licence_month = 0 } },
        ]
        edges = [
          { from = "storage", to = "systemd", relation = "runs-on" },
          { from = "systemd", to = "server", relation = "runs-on" },
          { from = "storage", to = "monitoring", relation = "depends-on" },
          { from = "systemd", to = "monitoring", relation = "managed-by" },
        ]

        [[kinds]]
        id = "job-runner"
        name = "In-house job runner"
        category = "compute"
        summary = """
        Runs the nightly jobs.
        Written in 2019; one person knows it."""
        scope = "server"
        managed = false
        requires = [
          { kind = "server", relation = "runs-on" },
          { kind = "monitoring", relation = "depends-on" },
        ]
        provides = ["autoscaling", "rescheduling"]
        source = "ASSUMPTION: \"about like cron\", C:\\jobs"

        [kinds.figures]
        routine_hours_month = 0
        routine_hours_per_instance_month = 0.75
        upgrades_per_year = 1.5
        hours_per_upgrade = 2.25
        hours_per_upgrade_per_instance = 3
        incidents_per_year = 3.75
        hours_per_incident = 4.5
        learning_hours = 5.25
        cores = 6
        memory_gib = 6.75
        licence_month = 7.5
        incidents_per_instance_year = 8.25
        one_time_hours = 9
        one_time_hours_per_instance = 9.75

        [[kinds]]
        id = "plain"
        name = "In-house job runner"
        category = "compute"
        summary = ""
        scope = "cluster"
        source = "ASSUMPTION: \"about like cron\", C:\\jobs"
    "#]].assert_eq(&to_toml(&every_field()));
}

// ----- errors --------------------------------------------------------------------------------------

/// The landing scenario's text with one piece replaced, and the error it gives.
fn error_after(find: &str, replace: &str) -> String {
    let text = to_toml(&landing());
    assert!(text.contains(find), "{find:?} is not in the text");
    let changed = text.replacen(find, replace, 1);
    match from_toml(&changed) {
        Ok(_) => "no error".to_string(),
        Err(error) => {
            // The position is inside the text, and on the line that was changed or near it.
            let line = changed.lines().nth(error.line - 1).unwrap_or_default();
            format!("{error}\n  | {line}\n  | {}^", " ".repeat(error.column - 1))
        }
    }
}

fn check(find: &str, replace: &str, expect: Expect) {
    expect.assert_eq(&error_after(find, replace));
}

#[test]
fn syntax_error() {
    check(
        "title = \"Run",
        "title = Run",
        expect![[r#"
            line 4, column 9: missing opening quote, expected `"`
              | title = Run the storage cluster on Kubernetes?"
              |         ^"#]],
    );
    check(
        "[context.team]",
        "[context.team",
        expect![[r#"
            line 23, column 14: unclosed table, expected `]`
              | [context.team
              |              ^"#]],
    );
    check(
        "rationale = \"\"",
        "rationale = \"never closed",
        expect![[r#"
            line 8, column 26: invalid basic string, expected `"`
              | rationale = "never closed
              |                          ^"#]],
    );
}

#[test]
fn wrong_type() {
    check(
        "servers = 12",
        "servers = \"twelve\"",
        expect![[r#"
            line 14, column 11: invalid type: string "twelve", expected a whole number, zero or more
              | servers = "twelve"
              |           ^"#]],
    );
    check(
        "elastic = false",
        "elastic = 0",
        expect![[r#"
            line 15, column 11: invalid type: integer `0`, expected a boolean
              | elastic = 0
              |           ^"#]],
    );
    check(
        "{ id = \"server\", kind = \"server\" }",
        "{ id = \"server\", kind = \"server\", count = 1.5 }",
        expect![[r#"
            line 40, column 45: a count is a whole number of instances, "per-server" or "per-service"
              |   { id = "server", kind = "server", count = 1.5 },
              |                                             ^"#]],
    );
}

#[test]
fn unknown_field() {
    check(
        "horizon_months = 36",
        "horizon_month = 36",
        expect![[r#"
            line 11, column 1: unknown field `horizon_month`, expected one of `fleet`, `team`, `workload`, `horizon_months`
              | horizon_month = 36
              | ^"#]],
    );
    check(
        "{ id = \"monitoring\", kind = \"monitoring\" }",
        "{ id = \"monitoring\", kind = \"monitoring\", colour = \"red\" }",
        expect![[r#"
            line 44, column 45: unknown field `colour`, expected one of `id`, `kind`, `label`, `count`, `provider`, `overrides`, `ranges`
              |   { id = "monitoring", kind = "monitoring", colour = "red" },
              |                                             ^"#]],
    );
}

#[test]
fn missing_field() {
    check(
        "title = \"Run the storage cluster on Kubernetes?\"\n",
        "",
        expect![[r#"
        line 1, column 1: missing field `title`
          | scenario = "k8s-storage"
          | ^"#]],
    );
}

#[test]
fn negative_value() {
    check(
        "servers = 12",
        "servers = -12",
        expect![[r#"
            line 14, column 11: invalid value: integer `-12`, expected a whole number, zero or more
              | servers = -12
              |           ^"#]],
    );
    check(
        "hourly_cost = 75",
        "hourly_cost = -75",
        expect![[r#"
            line 25, column 15: hourly cost is -75: it must be a finite number, zero or more
              | hourly_cost = -75
              |               ^"#]],
    );
    check(
        "{ id = \"storage\", kind = \"storage-daemon\" }",
        "{ id = \"storage\", kind = \"storage-daemon\", overrides = { cores = -1 } }",
        expect![[r#"
            line 42, column 68: option `init-system`, component `storage`: cores per instance is -1: it must be a finite number, zero or more
              |   { id = "storage", kind = "storage-daemon", overrides = { cores = -1 } },
              |                                                                    ^"#]],
    );
}

#[test]
fn unknown_kind() {
    check(
        "{ id = \"ansible\", kind = \"ansible\" },\n  { id = \"monitoring\", kind = \"monitoring\" },\n]\nedges = [\n  { from = \"storage\", to = \"node-agent\"",
        "{ id = \"ansible\", kind = \"ansibel\" },\n  { id = \"monitoring\", kind = \"monitoring\" },\n]\nedges = [\n  { from = \"storage\", to = \"node-agent\"",
        expect![[r#"
            line 62, column 28: option `kubernetes`: component `ansible` uses the unknown kind `ansibel`
              |   { id = "ansible", kind = "ansibel" },
              |                            ^"#]],
    );
}

#[test]
fn dangling_edge() {
    check(
        "{ from = \"systemd\", to = \"ansible\", relation = \"managed-by\" },\n]\n\n[[options]]",
        "{ from = \"systemd\", to = \"ansibel\", relation = \"managed-by\" },\n]\n\n[[options]]",
        expect![[r#"
            line 50, column 3: option `init-system`: the edge systemd → ansibel points to `ansibel`, which is not a component of this option
              |   { from = "systemd", to = "ansibel", relation = "managed-by" },
              |   ^"#]],
    );
}

#[test]
fn cycle() {
    check(
        "{ from = \"systemd\", to = \"ansible\", relation = \"managed-by\" },\n]\n\n[[options]]",
        "{ from = \"systemd\", to = \"ansible\", relation = \"managed-by\" },\n  { from = \"server\", to = \"storage\", relation = \"depends-on\" },\n]\n\n[[options]]",
        expect![[r#"
            line 51, column 3: option `init-system`: dependency cycle server → storage → systemd → server
              |   { from = "server", to = "storage", relation = "depends-on" },
              |   ^"#]],
    );
}

#[test]
fn unknown_baseline() {
    check(
        "baseline = \"init-system\"",
        "baseline = \"init\"",
        expect![[r#"
            line 7, column 12: the baseline `init` is not one of the document's options
              | baseline = "init"
              |            ^"#]],
    );
}

#[test]
fn other_model_errors_point_at_their_place() {
    check(
        "cost_model = 2",
        "cost_model = 1",
        expect![[r#"
            line 3, column 14: this document names cost model 1, but its catalog version 2 is written for cost model 2
              | cost_model = 1
              |              ^"#]],
    );
    check(
        "catalog_version = 2",
        "catalog_version = 99",
        expect![[r#"
        line 2, column 19: this document needs catalog version 99, which this version of Overhead does not have (it may come from a newer release)
          | catalog_version = 99
          |                   ^"#]],
    );
    check(
        "{ id = \"systemd\", kind = \"systemd\" },\n  { id = \"storage\"",
        "{ id = \"server\", kind = \"systemd\" },\n  { id = \"storage\"",
        expect![[r#"
            line 41, column 10: option `init-system`: two components share the id `server`
              |   { id = "server", kind = "systemd" },
              |          ^"#]],
    );
    check(
        "id = \"kubernetes\"",
        "id = \"init-system\"",
        expect![[r#"
            line 54, column 6: two options share the id `init-system`
              | id = "init-system"
              |      ^"#]],
    );
    check(
        "servers = 12",
        "servers = 2000000",
        expect![[r#"
            line 14, column 11: servers: 2000000 is more than the 1000000 Overhead can compute
              | servers = 2000000
              |           ^"#]],
    );
    check(
        "demand_variation = 0.3",
        "demand_variation = 1.5",
        expect![[r#"
            line 32, column 20: demand variation (a share: at most 1) is 1.5: it must be a finite number, zero or more
              | demand_variation = 1.5
              |                    ^"#]],
    );
    check(
        "{ id = \"monitoring\", kind = \"monitoring\" }",
        "{ id = \"monitoring\", kind = \"monitoring\", provider = { name = \"x\", price_month = nan } }",
        expect![[r#"
            line 44, column 84: option `init-system`, component `monitoring`: provider price is NaN: it must be a finite number, zero or more
              |   { id = "monitoring", kind = "monitoring", provider = { name = "x", price_month = nan } },
              |                                                                                    ^"#]],
    );
    check(
        "{ id = \"monitoring\", kind = \"monitoring\" }",
        "{ id = \"monitoring\", kind = \"monitoring\", count = 4000000 }",
        expect![[r#"
            line 44, column 53: option `init-system`, component `monitoring`: instances: 4000000 is more than the 1000000 Overhead can compute
              |   { id = "monitoring", kind = "monitoring", count = 4000000 },
              |                                                     ^"#]],
    );
}

#[test]
fn text_over_the_limit_is_refused_before_parsing() {
    let mut text = to_toml(&landing());
    text.push_str(&"#".repeat(limits::MAX_DOCUMENT_TEXT_BYTES));
    expect!["line 1, column 1: the text is 8195 KiB; Overhead reads documents up to 8192 KiB"]
        .assert_eq(&from_toml(&text).unwrap_err().to_string());
}

#[test]
fn columns_count_characters() {
    let text = to_toml(&landing()).replacen("title = \"Run", "title = \"Ründ\" x \"", 1);
    let error = from_toml(&text).unwrap_err();
    assert_eq!((error.line, error.column), (4, 16), "{error}");
}

// ----- hostile input -------------------------------------------------------------------------------

fn hostile_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        proptest::collection::vec(
            proptest::sample::select(vec![
                "\"", "\\", "\n", "\r", "\t", "\u{0}", "\u{7f}", "'''", "\"\"\"", "#", "[", "]",
                "{", "}", "=", "é", "🙂", "\\u0000", "a",
            ]),
            0..30
        )
        .prop_map(|parts| parts.concat()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn hostile_strings_round_trip(
        title in hostile_text(),
        rationale in hostile_text(),
        name in hostile_text(),
        label in hostile_text(),
        id in hostile_text(),
    ) {
        let mut d = every_field();
        d.title = title;
        d.rationale = rationale;
        d.options[2].make_mut().name = name;
        d.options[2].make_mut().components[2].label = Some(label);
        d.kinds[1].name = id.clone();
        d.scenario = Some(id);
        let text = to_toml(&d);
        prop_assert_eq!(from_toml(&text), Ok(d), "{}", text);
    }

    #[test]
    fn any_text_returns(text in any::<String>()) {
        let _ = from_toml(&text);
    }

    #[test]
    fn any_single_character_change_returns(
        position in 0usize..10_000,
        replacement in prop_oneof![
            any::<char>(),
            proptest::sample::select(vec!['"', '\\', '\n', '[', ']', '{', '}', '=', ',', '#', '-', '0']),
        ],
        delete in any::<bool>(),
    ) {
        let text = to_toml(&every_field());
        let chars: Vec<char> = text.chars().collect();
        let at = position % chars.len();
        let mut changed: String = chars[..at].iter().collect();
        if !delete {
            changed.push(replacement);
        }
        changed.extend(&chars[at + 1..]);
        if let Err(TextError { line, column, .. }) = from_toml(&changed) {
            prop_assert!(line >= 1 && column >= 1);
            prop_assert!(line <= changed.lines().count().max(1) + 1);
        }
    }
}

// ----- arbitrary documents -------------------------------------------------------------------------

/// Any number but NaN (which equals nothing, so a round trip cannot be compared).
fn number() -> impl Strategy<Value = f64> {
    use proptest::num::f64::{INFINITE, NEGATIVE, NORMAL, POSITIVE, SUBNORMAL, ZERO};
    prop_oneof![
        POSITIVE | NEGATIVE | NORMAL | SUBNORMAL | ZERO | INFINITE,
        (0u32..10_000).prop_map(|n| f64::from(n) / 4.0),
    ]
}

fn figures() -> impl Strategy<Value = BTreeMap<FigureName, f64>> {
    proptest::collection::btree_map(
        proptest::sample::select(FigureName::ALL.to_vec()),
        number(),
        0..4,
    )
}

fn relation() -> impl Strategy<Value = Relation> {
    proptest::sample::select(Relation::ALL.to_vec())
}

fn component() -> impl Strategy<Value = ComponentUse> {
    (
        (hostile_text(), hostile_text()),
        proptest::option::of(hostile_text()),
        prop_oneof![
            Just(Count::Default),
            any::<u32>().prop_map(Count::Fixed),
            Just(Count::Per(PerWhat::PerServer)),
            Just(Count::Per(PerWhat::PerService)),
        ],
        proptest::option::of((hostile_text(), number())),
        figures(),
    )
        .prop_map(
            |((id, kind), label, count, provider, overrides)| ComponentUse {
                id,
                kind,
                label,
                count,
                provider: provider.map(|(name, price_month)| Provider { name, price_month }),
                overrides,
                ranges: Default::default(),
            },
        )
}

fn option() -> impl Strategy<Value = overhead_core::model::Alternative> {
    (
        (hostile_text(), hostile_text(), hostile_text()),
        proptest::collection::vec(component(), 0..4),
        proptest::collection::vec((hostile_text(), hostile_text(), relation()), 0..4),
    )
        .prop_map(|((id, name, summary), components, edges)| {
            overhead_core::model::Alternative {
                id,
                name,
                summary,
                components,
                edges: edges
                    .into_iter()
                    .map(|(from, to, relation)| Edge { from, to, relation })
                    .collect::<Vec<_>>()
                    .into(),
            }
        })
}

fn kind() -> impl Strategy<Value = CustomKind> {
    (
        (
            hostile_text(),
            hostile_text(),
            hostile_text(),
            hostile_text(),
        ),
        proptest::sample::select(vec![Scope::Cluster, Scope::Server, Scope::Service]),
        any::<bool>(),
        proptest::collection::vec((hostile_text(), relation()), 0..3),
        proptest::collection::vec(hostile_text(), 0..3),
        figures(),
        hostile_text(),
    )
        .prop_map(
            |(
                (id, name, category, summary),
                scope,
                managed,
                requires,
                provides,
                figures,
                source,
            )| {
                CustomKind {
                    id,
                    name,
                    category,
                    summary,
                    scope,
                    managed,
                    pages: false,
                    requires: requires
                        .into_iter()
                        .map(|(kind, relation)| KindRequirement { kind, relation })
                        .collect(),
                    provides,
                    figures,
                    source,
                }
            },
        )
}

fn document() -> impl Strategy<Value = Decision> {
    (
        (any::<u32>(), proptest::option::of(hostile_text())),
        (hostile_text(), hostile_text(), hostile_text()),
        proptest::sample::select(Status::ALL.to_vec()),
        (
            any::<u32>(),
            any::<bool>(),
            [number(), number(), number(), number()],
        ),
        (
            any::<u32>(),
            number(),
            any::<u32>(),
            any::<bool>(),
            number(),
            number(),
            any::<u32>(),
        ),
        proptest::collection::vec(option(), 0..3),
        (hostile_text(), proptest::option::of(hostile_text())),
        proptest::collection::vec(kind(), 0..3),
    )
        .prop_map(
            |(
                (catalog_version, scenario),
                (title, question, rationale),
                status,
                (servers, elastic, [cores, memory, cost, failures]),
                (engineers, hourly_cost, services, stateful, deploys, variation, horizon),
                options,
                (baseline, chosen),
                kinds,
            )| {
                let mut d = landing();
                d.catalog_version = catalog_version;
                d.scenario = scenario;
                d.title = title;
                d.question = question;
                d.rationale = rationale;
                d.status = status;
                let fleet = &mut d.context.fleet;
                fleet.servers = servers;
                fleet.elastic = elastic;
                fleet.cores_per_server = cores;
                fleet.memory_gib_per_server = memory;
                fleet.server_cost_month = cost;
                fleet.failures_per_server_year = failures;
                d.context.team.engineers = engineers;
                d.context.team.hourly_cost = hourly_cost;
                let workload = &mut d.context.workload;
                workload.services = services;
                workload.stateful = stateful;
                workload.deploys_per_week = deploys;
                workload.demand_variation = variation;
                d.context.horizon_months = horizon;
                d.options = options.into_iter().map(Into::into).collect();
                d.baseline = baseline;
                d.chosen = chosen;
                d.kinds = kinds;
                d
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Every document reads back as it was written, whether or not it can be computed.
    #[test]
    fn any_document_round_trips(d in document()) {
        let text = to_toml(&d);
        prop_assert_eq!(text::parse(&text), Ok(d), "{}", text);
    }
}

/// The error `from_toml` gives for a document's text, with the line it points at.
fn error_of(d: &Decision) -> String {
    let text = to_toml(d);
    let error = from_toml(&text).unwrap_err();
    let line = text.lines().nth(error.line - 1).unwrap_or_default();
    format!("{error}\n  | {line}")
}

#[test]
fn errors_of_whole_parts_point_at_them() {
    let mut d = landing();
    d.options.clear();
    expect![[r#"
        line 9, column 11: the document has no options to compare
          | options = []"#]]
    .assert_eq(&error_of(&d));

    let mut d = landing();
    d.options[1].make_mut().components[3].id = " ".into();
    expect![[r#"
        line 61, column 10: option `kubernetes`: a component has an empty id
          |   { id = " ", kind = "k8s-node-agent" },"#]]
    .assert_eq(&error_of(&d));

    let mut d = landing();
    d.options[0] = sample::generated_option(limits::MAX_COMPONENTS_PER_OPTION + 1, 1).into();
    d.baseline = d.options[0].id.clone();
    expect![[r#"
        line 39, column 14: option `generated`: components: 10001 is more than the 10000 Overhead can compute
          | components = ["#]].assert_eq(&error_of(&d));

    // A field left out of a nested table: the error points at that table.
    let text = to_toml(&landing()).replacen("engineers = 4\n", "", 1);
    expect!["line 23, column 1: missing field `engineers`"]
        .assert_eq(&from_toml(&text).unwrap_err().to_string());
}

/// Text written by hand for today's catalog need not name the cost model: it is the one the
/// catalog is written for. A model named against its catalog is still an error.
#[test]
fn text_without_a_cost_model_takes_its_catalogs() {
    let text = to_toml(&landing()).replacen("cost_model = 2\n", "", 1);
    assert!(!text.contains("cost_model"));
    let read = from_toml(&text).expect("reads");
    assert_eq!((read.catalog_version, read.cost_model), (2, 2));
    let mut old = landing();
    old.catalog_version = 1;
    old.cost_model = 1;
    old.context.fleet.owned = false;
    old.context.fleet.spare_share = 0.0;
    old.context.team.teams = 1;
    old.context.workload.hours_per_deploy = 0.0;
    for option in &mut old.options {
        for component in &mut option.make_mut().components {
            component.overrides.clear();
        }
    }
    let text = to_toml(&old);
    assert!(!text.contains("cost_model"));
    assert_eq!(from_toml(&text).map(|d| d.cost_model), Ok(1));
}
