//! Resolving an option: ids of what is pulled in, and the index of ids the resolved graph keeps.

mod support;

use overhead_core::catalog;
use overhead_core::error::ModelError;
use overhead_core::graph::{resolve, Origin, ResolvedGraph};
use overhead_core::model::Relation;
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

#[test]
fn the_first_edge_between_two_components_is_kept_the_users_before_what_a_requirement_implies() {
    let graph = resolved(
        DocBuilder::empty()
            .option("db")
            .add("backup", "pgbackrest")
            .add("pg", "postgresql")
            .add("dns", "coredns")
            .connect("backup", "pg", Relation::RunsOn)
            .connect("backup", "dns", Relation::DependsOn)
            .connect("backup", "pg", Relation::ManagedBy)
            .connect("backup", "dns", Relation::ManagedBy),
    )
    .expect("resolves");
    let [backup, pg, dns] = ["backup", "pg", "dns"].map(|id| graph.index_of(id).unwrap());
    let edges: Vec<_> = graph
        .edges
        .iter()
        .map(|e| (e.from, e.to, e.relation, e.implied))
        .collect();
    // pgBackRest requires PostgreSQL: the user already joined them, so the requirement adds
    // no second edge; each repeated pair is dropped, and the first drawn stays.
    assert_eq!(
        edges,
        [
            (backup, pg, Relation::RunsOn, false),
            (backup, dns, Relation::DependsOn, false),
        ]
    );
    // Latest edge first, as the graph lists a node's edges.
    assert_eq!(
        graph.needs(backup),
        [(dns, Relation::DependsOn), (pg, Relation::RunsOn)]
    );
    assert_eq!(graph.needed_by(pg), [(backup, Relation::RunsOn)]);
    assert_eq!(graph.needed_by(dns), [(backup, Relation::DependsOn)]);
    assert!(graph.needs(pg).is_empty() && graph.needed_by(backup).is_empty());
}

#[test]
fn each_component_lists_what_it_needs_and_what_needs_it_latest_edge_first() {
    let graph = resolved(
        DocBuilder::empty()
            .option("db")
            .add("a", "coredns")
            .add("b", "coredns")
            .add("c", "coredns")
            .add("d", "coredns")
            .connect("a", "b", Relation::RunsOn)
            .connect("c", "b", Relation::DependsOn)
            .connect("a", "d", Relation::ManagedBy)
            .connect("a", "c", Relation::DependsOn)
            .connect("d", "b", Relation::RunsOn),
    )
    .expect("resolves");
    let [a, b, c, d] = ["a", "b", "c", "d"].map(|id| graph.index_of(id).unwrap());
    assert_eq!(
        graph.needs(a),
        [
            (c, Relation::DependsOn),
            (d, Relation::ManagedBy),
            (b, Relation::RunsOn)
        ]
    );
    assert_eq!(
        graph.needed_by(b),
        [
            (d, Relation::RunsOn),
            (c, Relation::DependsOn),
            (a, Relation::RunsOn)
        ]
    );
    assert_eq!(graph.needs(c), [(b, Relation::DependsOn)]);
    assert_eq!(graph.needed_by(c), [(a, Relation::DependsOn)]);
    assert_eq!(graph.needs(d), [(b, Relation::RunsOn)]);
    assert!(graph.needs(b).is_empty() && graph.needed_by(a).is_empty());
}

/// The component a requirement of `requirer` was met by, in `graph`.
fn required_by(graph: &ResolvedGraph, requirer: &str) -> Vec<String> {
    let from = graph.index_of(requirer).expect("the requirer is there");
    graph
        .edges
        .iter()
        .filter(|edge| edge.from == from && edge.implied)
        .map(|edge| graph.components[edge.to].id.clone())
        .collect()
}

#[test]
fn a_requirement_is_met_by_a_component_a_provider_runs_when_the_team_runs_none() {
    let graph = resolved(
        DocBuilder::empty()
            .option("db")
            .add("managed-etcd", "etcd-cluster")
            .provider(300.0)
            .add("ha", "patroni")
            .add("pg", "postgresql"),
    )
    .expect("resolves");
    assert_eq!(required_by(&graph, "ha"), ["managed-etcd"]);
    assert_eq!(graph.components.len(), 3, "nothing is pulled in");
}

#[test]
fn a_requirement_is_met_by_the_first_component_the_team_runs_before_one_a_provider_runs() {
    let graph = resolved(
        DocBuilder::empty()
            .option("db")
            .add("managed-etcd", "etcd-cluster")
            .provider(300.0)
            .add("own-etcd", "etcd-cluster")
            .add("other-etcd", "etcd-cluster")
            .add("ha", "patroni")
            .add("pg", "postgresql"),
    )
    .expect("resolves");
    assert_eq!(required_by(&graph, "ha"), ["own-etcd"]);
}
