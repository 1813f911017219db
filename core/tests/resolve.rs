//! Resolving an option: ids of what is pulled in, and the index of ids the resolved graph keeps.

mod support;

use overhead_core::catalog;
use overhead_core::error::ModelError;
use overhead_core::graph::{resolve, Origin, ResolvedGraph};
use support::DocBuilder;

fn resolved(builder: DocBuilder) -> Result<ResolvedGraph, ModelError> {
    let decision = builder.build();
    let catalog = catalog::get(decision.catalog_version).expect("embedded");
    resolve(&decision.options[0], catalog)
}

#[test]
fn a_pulled_in_component_whose_kind_id_is_taken_gets_the_next_free_id_and_is_found_by_it() {
    let graph = resolved(
        DocBuilder::empty()
            .option("db")
            .add("etcd-cluster", "postgresql")
            .add("etcd-cluster-2", "postgresql")
            .add("ha", "patroni"),
    )
    .expect("resolves");
    let pulled = graph
        .components
        .iter()
        .position(|c| matches!(&c.origin, Origin::PulledIn { by } if by == &["ha"]))
        .expect("patroni pulls in an etcd cluster");
    assert_eq!(graph.components[pulled].id, "etcd-cluster-3");
    for (place, component) in graph.components.iter().enumerate() {
        assert_eq!(
            graph.index_of(&component.id),
            Some(place),
            "{}",
            component.id
        );
    }
    assert_eq!(graph.index_of("nothing"), None);
}

#[test]
fn two_components_with_one_id_are_refused() {
    let error = resolved(
        DocBuilder::empty()
            .option("db")
            .add("pg", "postgresql")
            .add("ha", "patroni")
            .add("pg", "patroni"),
    )
    .map(|_| ())
    .expect_err("a duplicate id");
    assert_eq!(
        error,
        ModelError::DuplicateComponent {
            option: "db".into(),
            id: "pg".into()
        }
    );
}
