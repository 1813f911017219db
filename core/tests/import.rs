//! Imports of what teams run (issue 11): compose files and Kubernetes manifests of different
//! shapes become options whose components, kinds, counts and edges are what the files say.

use expect_test::{expect, Expect};
use overhead_core::catalog;
use overhead_core::edit::{apply, Command};
use overhead_core::import::{image_name, import, ImportError, Imported, Rules};
use overhead_core::model::Decision;

const COMPOSE: &str = include_str!("import/compose-shop.yml");
const MANIFESTS: &str = include_str!("import/k8s-shop.yaml");

/// The import as a reader checks it: each component with its kind and count, each edge, what
/// was not mapped, and the notes.
fn summary(imported: &Imported) -> String {
    let mut out = format!("{} ({})\n", imported.option.name, imported.option.id);
    for c in &imported.option.components {
        out += &format!("  {} = {} {:?}\n", c.id, c.kind, c.count);
    }
    for e in &imported.option.edges {
        out += &format!("  {} -> {}\n", e.from, e.to);
    }
    for u in &imported.unmapped {
        out += &format!(
            "  unmapped {} ({})\n",
            u.component,
            u.image.as_deref().unwrap_or("built from source")
        );
    }
    for n in &imported.notes {
        out += &format!("  note: {n}\n");
    }
    out
}

/// The landing scenario with the compose file imported as its third option, `compose`.
fn landing_with_compose() -> Decision {
    let mut decision: Decision = overhead_core::scenario::landing().unwrap();
    let imported = import(COMPOSE, decision.catalog_version).unwrap();
    apply(
        &mut decision,
        Command::AddMadeOption {
            option: imported.option,
        },
    )
    .unwrap();
    decision
}

fn check(text: &str, expected: Expect) {
    let imported = import(text, catalog::latest_version()).expect("the file imports");
    expected.assert_eq(&summary(&imported));
}

#[test]
fn a_compose_file_with_anchors_profiles_extends_and_variables_imports_every_service() {
    check(
        COMPOSE,
        expect![[r#"
            Imported from docker-compose (compose)
              proxy = nginx Default
              web = microservice Default
              api = microservice Fixed(3)
              worker = microservice Fixed(2)
              db = postgresql Default
              backup = postgresql Default
              cache = redis Default
              kafka = kafka-broker Default
              zookeeper = zookeeper Default
              prometheus = prometheus Default
              grafana = grafana Default
              audit = microservice Default
              proxy -> web
              proxy -> api
              web -> api
              web -> cache
              api -> db
              api -> kafka
              worker -> db
              worker -> kafka
              backup -> db
              kafka -> zookeeper
              prometheus -> api
              grafana -> prometheus
              unmapped web (built from source)
              unmapped api (ghcr.io/acme/shop-api:latest)
              unmapped worker (ghcr.io/acme/shop-api:latest)
              unmapped audit (registry.internal:5000/acme/audit@sha256:0123456789abcdef)
              note: `audit` extends a service of another file: only its own settings were read.
        "#]],
    );
}

#[test]
fn multi_document_manifests_import_their_workloads_and_services_connect_them() {
    check(
        MANIFESTS,
        expect![[r#"
            Imported from Kubernetes manifests (kubernetes)
              web = microservice Fixed(2)
              api = microservice Fixed(3)
              postgres = postgresql Fixed(3)
              node-exporter = node-exporter Per(PerServer)
              redis-master = redis Default
              web -> api
              api -> postgres
              api -> redis-master
              unmapped web (ghcr.io/acme/shop-web:1.4.2)
              unmapped api (ghcr.io/acme/shop-api:1.4.2)
              note: Not imported, as they run nothing of their own: 2 ConfigMap, 1 Ingress.
        "#]],
    );
}

#[test]
fn an_imported_option_joins_the_document_under_an_id_of_its_own_and_computes() {
    let mut decision: Decision = overhead_core::scenario::landing().unwrap();
    for text in [COMPOSE, MANIFESTS] {
        let imported = import(text, decision.catalog_version).unwrap();
        let applied = apply(
            &mut decision,
            Command::AddMadeOption {
                option: imported.option,
            },
        )
        .expect("the import is added");
        assert!(applied
            .note
            .is_some_and(|n| n.starts_with("Added the option “Imported from")));
    }
    let ids: Vec<&str> = decision.options.iter().map(|o| o.id.as_str()).collect();
    // The landing scenario has an option `kubernetes` already.
    assert_eq!(
        ids,
        ["init-system", "kubernetes", "compose", "kubernetes-2"]
    );
    overhead_core::analysis::analyse(&decision).expect("the imported options compute");
}

#[test]
fn an_option_of_kinds_the_document_lacks_is_refused() {
    let mut decision: Decision = overhead_core::scenario::landing().unwrap();
    let mut option = import(COMPOSE, decision.catalog_version).unwrap().option;
    option.components[0].kind = "no-such-kind".into();
    let before = decision.clone();
    assert!(apply(&mut decision, Command::AddMadeOption { option }).is_err());
    assert_eq!(decision, before);
}

#[test]
fn broken_yaml_says_where() {
    let error = import("services:\n  web:\n    image: [nginx\n  db: {}\n", 2).unwrap_err();
    let ImportError::Yaml { line, column, .. } = &error else {
        panic!("a YAML error, not {error:?}");
    };
    assert!(*line >= 3, "line {line}");
    assert!(*column >= 1);
    expect!["4:5: did not find expected ',' or ']'"].assert_eq(&error.to_string());
}

#[test]
fn what_is_neither_says_so() {
    expect!["there is nothing to import: the text is empty"].assert_eq(
        &import("# only a comment\n---\n", 2)
            .unwrap_err()
            .to_string(),
    );
    expect!["this is neither a docker-compose file (it has no `services`) nor Kubernetes manifests (no document has an `apiVersion` and a `kind`)"].assert_eq(&import("just: a mapping\n", 2).unwrap_err().to_string());
    expect!["there is nothing to import: the file has no services"]
        .assert_eq(&import("services: {}\n", 2).unwrap_err().to_string());
    expect![
        "there is nothing to import: no Deployment, StatefulSet or DaemonSet among the manifests"
    ]
    .assert_eq(
        &import("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n", 2)
            .unwrap_err()
            .to_string(),
    );
}

#[test]
fn a_cycle_in_the_files_is_left_out_and_said() {
    let text = "services:\n  a:\n    image: x/a\n    environment: [PEER=b]\n  b:\n    image: x/b\n    environment: [PEER=a]\n";
    check(
        text,
        expect![[r#"
        Imported from docker-compose (compose)
          a = microservice Default
          b = microservice Default
          a -> b
          unmapped a (x/a)
          unmapped b (x/b)
          note: Left out: `b` uses `a` (an environment variable names it), which already uses it; the model has no cycles.
    "#]],
    );
}

#[test]
fn image_names_lose_registry_tag_and_digest() {
    assert_eq!(
        image_name("docker.io/library/postgres:16-alpine"),
        "postgres"
    );
    assert_eq!(image_name("bitnami/redis:7"), "bitnami/redis");
    assert_eq!(image_name("localhost:5000/acme/api@sha256:00"), "acme/api");
    assert_eq!(
        image_name("Quay.io/Prometheus/Node-Exporter:v1"),
        "prometheus/node-exporter"
    );
}

#[test]
fn every_kind_the_rules_name_is_in_the_latest_catalog() {
    let rules = Rules::for_catalog(catalog::latest_version());
    let latest = catalog::get(catalog::latest_version()).unwrap();
    let raw = include_str!("../../data/import/images.toml");
    let named = raw.lines().filter(|l| l.starts_with("kind = ")).count();
    // One less: the generic kind is among `kinds()` too.
    assert_eq!(
        rules.kinds().len() - 1,
        named,
        "no rule was dropped for a missing kind"
    );
    for kind in rules.kinds() {
        assert!(latest.kind_position(kind).is_some(), "{kind}");
    }
}

#[test]
fn the_workers_answer_reads_back_as_the_import() {
    use overhead_core::import::{answer, ImportMessage, ImportRequest};
    let request = ImportRequest {
        text: MANIFESTS.to_string(),
        catalog_version: 2,
    };
    let back = ImportMessage::from_json(&answer(&request.to_json())).unwrap();
    assert_eq!(back, ImportMessage::Done(import(MANIFESTS, 2)));
    assert!(matches!(
        ImportMessage::from_json(&answer("not json")).unwrap(),
        ImportMessage::Unreadable { .. }
    ));
}

#[test]
fn an_unmapped_service_takes_the_kind_the_user_gives_it() {
    let mut decision = landing_with_compose();
    let kind_of = |d: &Decision, id: &str| {
        d.option("compose")
            .unwrap()
            .components
            .iter()
            .find(|c| c.id == id)
            .unwrap()
            .kind
            .clone()
    };
    assert_eq!(kind_of(&decision, "web"), "microservice");
    let give = |kind: &str| Command::SetKind {
        option: "compose".into(),
        component: "web".into(),
        kind: kind.into(),
    };
    apply(&mut decision, give("monolith")).unwrap();
    assert_eq!(kind_of(&decision, "web"), "monolith");
    assert!(apply(&mut decision, give("no-such-kind")).is_err());
    assert_eq!(kind_of(&decision, "web"), "monolith");
    overhead_core::analysis::analyse(&decision).expect("it computes with its new kind");
}

#[test]
fn an_imported_service_is_named_in_the_graph_with_its_kind() {
    use overhead_core::render::{graph_svg, GraphStyle};
    let decision = landing_with_compose();
    let analysis = overhead_core::analysis::analyse(&decision).unwrap();
    let index = analysis.options.len() - 1;
    let svg = graph_svg(&analysis, index, &GraphStyle::Page { selected: None });
    let svg = svg.as_str();
    // The visible text first (a name starts with what the node shows), then the kind.
    let web = "aria-label=\"web. one per service · workload. Service (one of many). Added";
    assert!(svg.contains(web), "{svg}");
    assert!(
        svg.contains("aria-label=\"db. ×1 · database. PostgreSQL. Added"),
        "{svg}"
    );
}

/// Regression: a database named after the service that uses it (`POSTGRES_DB=gitea`, as in
/// Gitea's and WordPress's usual compose files) drew an edge from the database to the service,
/// which then left out the real one as a cycle. A setting names a host only by its key or in a
/// host's place.
#[test]
fn regression_a_database_named_after_its_service_draws_no_edge() {
    let text = "services:
  gitea:
    image: gitea/gitea
    environment:
      - GITEA__database__HOST=db:5432
      - GITEA__database__NAME=gitea
  db:
    image: postgres:14
    environment:
      POSTGRES_USER: gitea
      POSTGRES_DB: gitea
      NOTE: café → gitea, ünïcödé
";
    check(
        text,
        expect![[r#"
            Imported from docker-compose (compose)
              gitea = microservice Default
              db = postgresql Default
              gitea -> db
              unmapped gitea (gitea/gitea)
        "#]],
    );
}
