//! Every `ModelError` a user can cause: a document built to be wrong in one way is refused with
//! that error, carrying what it names, and its message reads as snapshotted here. Update the
//! snapshots with `UPDATE_EXPECT=1 cargo test -p overhead-core --test errors`, and review the
//! diff like code: these are sentences users read.

mod support;

use expect_test::{expect, Expect};
use overhead_core::analysis::analyse;
use overhead_core::error::{limits, ModelError};
use overhead_core::model::{Count, Decision, FigureName, Relation};
use support::DocBuilder;

/// The error the document is refused with.
fn refused(decision: &Decision) -> ModelError {
    match analyse(decision) {
        Ok(_) => panic!("the document analyses, but it should be refused"),
        Err(error) => error,
    }
}

fn check(error: &ModelError, message: Expect) {
    message.assert_eq(&error.to_string());
}

#[test]
fn the_documents_the_errors_start_from_analyse() {
    // Otherwise an error test could pass for a reason other than the one it builds.
    assert!(analyse(&DocBuilder::landing().build()).is_ok());
    let three_servers = DocBuilder::landing()
        .option("loop")
        .add("a", "server")
        .add("b", "server")
        .add("c", "server")
        .connect("a", "b", Relation::RunsOn)
        .connect("b", "c", Relation::RunsOn)
        .build();
    assert!(analyse(&three_servers).is_ok());
}

#[test]
fn a_document_without_options_is_refused() {
    let error = refused(&DocBuilder::empty().build());
    assert_eq!(error, ModelError::NoOptions);
    check(&error, expect!["the document has no options to compare"]);
}

#[test]
fn a_baseline_that_is_no_option_is_refused() {
    let error = refused(&DocBuilder::landing().baseline("managed").build());
    assert_eq!(error, ModelError::UnknownBaseline("managed".into()));
    check(
        &error,
        expect!["the baseline `managed` is not one of the document's options"],
    );
}

#[test]
fn two_options_with_one_id_are_refused() {
    let decision = DocBuilder::landing()
        .push_option("kubernetes")
        .add("server", "server")
        .build();
    let error = refused(&decision);
    assert_eq!(error, ModelError::DuplicateOption("kubernetes".into()));
    check(&error, expect!["two options share the id `kubernetes`"]);
}

#[test]
fn a_component_with_an_empty_or_blank_id_is_refused() {
    for id in ["", "   "] {
        let decision = DocBuilder::landing()
            .option("kubernetes")
            .add(id, "server")
            .build();
        let error = refused(&decision);
        assert_eq!(
            error,
            ModelError::EmptyId {
                option: "kubernetes".into()
            },
            "id {id:?}"
        );
        check(
            &error,
            expect!["option `kubernetes`: a component has an empty id"],
        );
    }
}

#[test]
fn two_components_with_one_id_are_refused() {
    let decision = DocBuilder::landing()
        .option("kubernetes")
        .add("storage", "monitoring")
        .build();
    let error = refused(&decision);
    assert_eq!(
        error,
        ModelError::DuplicateComponent {
            option: "kubernetes".into(),
            id: "storage".into()
        }
    );
    check(
        &error,
        expect!["option `kubernetes`: two components share the id `storage`"],
    );
}

#[test]
fn an_edge_to_or_from_no_component_is_refused_and_names_the_missing_end() {
    let to_nowhere = DocBuilder::landing()
        .option("kubernetes")
        .connect("storage", "nowhere", Relation::DependsOn)
        .build();
    let error = refused(&to_nowhere);
    assert_eq!(
        error,
        ModelError::DanglingEdge {
            option: "kubernetes".into(),
            from: "storage".into(),
            to: "nowhere".into(),
            missing: "nowhere".into(),
        }
    );
    check(
        &error,
        expect!["option `kubernetes`: the edge storage → nowhere points to `nowhere`, which is not a component of this option"],
    );

    // An edge from a component only the other option has.
    let from_elsewhere = DocBuilder::landing()
        .option("init-system")
        .connect("node-agent", "server", Relation::RunsOn)
        .build();
    let error = refused(&from_elsewhere);
    assert!(
        matches!(&error, ModelError::DanglingEdge { option, missing, .. }
            if option == "init-system" && missing == "node-agent"),
        "{error:?}"
    );
    check(
        &error,
        expect!["option `init-system`: the edge node-agent → server points to `node-agent`, which is not a component of this option"],
    );
}

/// The cycle a refused document reports.
fn cycle(decision: &Decision) -> (String, Vec<String>) {
    match refused(decision) {
        ModelError::Cycle { option, path } => (option, path),
        other => panic!("not a cycle: {other:?}"),
    }
}

#[test]
fn a_cycle_is_refused_with_its_path_from_start_back_to_start() {
    // a → b → c → a, and d leading into it without being part of it.
    let decision = DocBuilder::landing()
        .option("loop")
        .add("a", "server")
        .add("b", "server")
        .add("c", "server")
        .add("d", "server")
        .connect("d", "a", Relation::RunsOn)
        .connect("a", "b", Relation::RunsOn)
        .connect("b", "c", Relation::DependsOn)
        .connect("c", "a", Relation::ManagedBy)
        .build();
    let (option, path) = cycle(&decision);
    assert_eq!(option, "loop");
    assert_eq!(path, ["a", "b", "c", "a"]);
    check(
        &refused(&decision),
        expect!["option `loop`: dependency cycle a → b → c → a"],
    );
}

#[test]
fn a_component_on_itself_is_a_cycle_of_one() {
    let decision = DocBuilder::landing()
        .option("loop")
        .add("a", "server")
        .connect("a", "a", Relation::RunsOn)
        .build();
    assert_eq!(
        cycle(&decision),
        ("loop".into(), vec!["a".into(), "a".into()])
    );
    check(
        &refused(&decision),
        expect!["option `loop`: dependency cycle a → a"],
    );
}

#[test]
fn a_cycle_through_an_edge_the_closure_implies_is_found() {
    // The node agent requires the control plane, so the closure adds node-agent →
    // k8s-control-plane; the user's edge back closes the cycle.
    let decision = DocBuilder::landing()
        .option("kubernetes")
        .connect("k8s-control-plane", "node-agent", Relation::DependsOn)
        .build();
    let (option, path) = cycle(&decision);
    assert_eq!(option, "kubernetes");
    assert_eq!(path, ["node-agent", "k8s-control-plane", "node-agent"]);
    check(
        &refused(&decision),
        expect![
            "option `kubernetes`: dependency cycle node-agent → k8s-control-plane → node-agent"
        ],
    );
}

#[test]
fn a_kind_no_catalog_has_is_refused() {
    let decision = DocBuilder::landing()
        .option("kubernetes")
        .add("queue", "rabbitmq-9000")
        .build();
    let error = refused(&decision);
    assert!(matches!(&error, ModelError::UnknownKind { kind, .. } if kind == "rabbitmq-9000"));
    check(
        &error,
        expect!["option `kubernetes`: component `queue` uses the unknown kind `rabbitmq-9000`"],
    );
}

#[test]
fn a_negative_or_non_finite_figure_is_refused() {
    let negative = DocBuilder::landing()
        .option("kubernetes")
        .add("extra", "monitoring")
        .set(FigureName::RoutineHoursMonth, -1.0)
        .build();
    check(
        &refused(&negative),
        expect!["option `kubernetes`, component `extra`: routine hours a month is -1: it must be a finite number, zero or more"],
    );
    let price = DocBuilder::landing()
        .option("kubernetes")
        .add("extra", "monitoring")
        .provider(f64::NAN)
        .build();
    let error = refused(&price);
    assert!(matches!(error, ModelError::InvalidValue { value, .. } if value.is_nan()));
    check(
        &error,
        expect!["option `kubernetes`, component `extra`: provider price is NaN: it must be a finite number, zero or more"],
    );
}

#[test]
fn more_than_the_limits_is_refused() {
    let instances = DocBuilder::landing()
        .option("kubernetes")
        .add("extra", "monitoring")
        .count(Count::Fixed(limits::MAX_INSTANCES + 1))
        .build();
    check(
        &refused(&instances),
        expect!["option `kubernetes`, component `extra`: instances: 1000001 is more than the 1000000 Overhead can compute"],
    );
    let mut many = DocBuilder::landing().option("many");
    for i in 0..=limits::MAX_COMPONENTS_PER_OPTION {
        many = many.add(&format!("server-{i}"), "server");
    }
    let error = refused(&many.build());
    assert_eq!(
        error,
        ModelError::TooLarge {
            what: "option `many`: components".into(),
            count: limits::MAX_COMPONENTS_PER_OPTION + 1,
            limit: limits::MAX_COMPONENTS_PER_OPTION,
        }
    );
}

#[test]
fn a_catalog_version_this_build_lacks_is_refused() {
    let error = refused(&DocBuilder::landing().catalog_version(99).build());
    assert_eq!(error, ModelError::UnknownCatalogVersion(99));
    check(
        &error,
        expect!["this document needs catalog version 99, which this version of Overhead does not have (it may come from a newer release)"],
    );
}
