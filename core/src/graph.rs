//! Resolves an option's declared components into its full component graph: everything the
//! components require is pulled in, transitively (the closure). The graph does not depend on
//! the context: a count that follows the fleet or the workload says so ([`Scaling`]), so an edit
//! of the context's numbers reuses the graph ([`crate::analysis::analyse_after`]).
//!
//! Invariants of a [`ResolvedGraph`]: component ids are unique; every edge joins two existing
//! components; the graph is acyclic; a pulled-in component names the components that needed it.

use std::collections::{HashSet, VecDeque};

use petgraph::algo::tarjan_scc;
use petgraph::graph::{DiGraph, NodeIndex};

use crate::catalog::{Catalog, Scope};
use crate::error::{check_value, limits, ModelError};
use crate::id_index::IdIndex;
use crate::model::{
    Alternative, ComponentUse, Context, Count, Edge, FigureName, PerWhat, Provider, Relation,
};
use std::collections::BTreeMap;

/// Why a component is in the graph.
#[derive(Clone, Debug, PartialEq)]
pub enum Origin {
    /// The user put it there.
    Declared,
    /// Another component requires it; `by` lists the ids of those components.
    PulledIn { by: Vec<String> },
}

#[derive(Clone, Debug, PartialEq)]
pub struct Component {
    pub id: String,
    /// Index of the kind in the analysis's catalog (the document's own kinds come after the
    /// catalog's).
    pub kind: usize,
    pub label: String,
    /// How many instances it has: a number of its own, or one per server or per service.
    pub scaling: Scaling,
    pub provider: Option<Provider>,
    pub overrides: BTreeMap<FigureName, f64>,
    pub origin: Origin,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ResolvedEdge {
    pub from: usize,
    pub to: usize,
    pub relation: Relation,
    /// Added by the closure from a kind's `requires`, not drawn by the user.
    pub implied: bool,
}

#[derive(Clone)]
pub struct ResolvedGraph {
    pub components: Vec<Component>,
    pub edges: Vec<ResolvedEdge>,
    /// Node `i` is component `i`; edge weights are indexes into `edges`.
    pub graph: DiGraph<usize, usize>,
    /// Component ids to indexes: a component's details name the thousands that need it.
    by_id: IdIndex,
    /// What each component runs on, depends on or is managed by.
    needs: Adjacency,
    /// What runs on each component, depends on it or is managed by it.
    needed_by: Adjacency,
}

/// One list per component, all in one allocation: ten thousand components are not twenty
/// thousand small lists.
#[derive(Clone)]
struct Adjacency {
    /// Component `i`'s list is `links[start[i]..start[i + 1]]`.
    start: Vec<usize>,
    links: Vec<(usize, Relation)>,
}

impl Adjacency {
    /// Each edge's `(end, relation)` listed under `side(edge)`, latest edge first (as the
    /// graph lists a node's edges). Not inlined (ARCHITECTURE.md, "Hot loops").
    #[inline(never)]
    fn of(
        edges: &[ResolvedEdge],
        component_count: usize,
        side: impl Fn(&ResolvedEdge) -> (usize, usize),
    ) -> Adjacency {
        let listed = edges.iter().rev().map(|edge| {
            let (at, end) = side(edge);
            (at, (end, edge.relation))
        });
        let (start, links) = grouped(listed, component_count);
        Adjacency { start, links }
    }

    fn of_component(&self, component: usize) -> &[(usize, Relation)] {
        &self.links[self.start[component]..self.start[component + 1]]
    }
}

/// Without the index of ids, whose order changes from one map to the next, nor the lists of
/// what each component needs, which the edges say: two graphs resolved alike print alike
/// (`tests/reuse.rs` compares analyses so).
impl std::fmt::Debug for ResolvedGraph {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ResolvedGraph")
            .field("components", &self.components)
            .field("edges", &self.edges)
            .field("graph", &self.graph)
            .finish_non_exhaustive()
    }
}

impl ResolvedGraph {
    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.by_id.get(id)
    }

    /// What component `index` runs on, depends on or is managed by, latest edge first.
    pub fn needs(&self, index: usize) -> &[(usize, Relation)] {
        self.needs.of_component(index)
    }

    /// What runs on component `index`, depends on it or is managed by it, latest edge first.
    pub fn needed_by(&self, index: usize) -> &[(usize, Relation)] {
        self.needed_by.of_component(index)
    }
}

/// What a component's number of instances follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scaling {
    /// A number of its own (a fixed count, or a cluster-scoped kind's default).
    Fixed(u32),
    /// One on every server.
    PerServer,
    /// One for every service.
    PerService,
}

impl Scaling {
    /// What a count of a kind of this scope (and default count) follows.
    pub fn of(count: Count, scope: Scope, default_count: u32) -> Scaling {
        match (count, scope) {
            (Count::Per(PerWhat::PerServer), _) | (Count::Default, Scope::Server) => {
                Scaling::PerServer
            }
            (Count::Per(PerWhat::PerService), _) | (Count::Default, Scope::Service) => {
                Scaling::PerService
            }
            (Count::Fixed(n), _) => Scaling::Fixed(n),
            (Count::Default, Scope::Cluster) => Scaling::Fixed(default_count),
        }
    }

    /// The number of instances in this context.
    pub fn instances(self, context: &Context) -> u32 {
        match self {
            Scaling::Fixed(n) => n,
            Scaling::PerServer => context.fleet.servers,
            Scaling::PerService => context.workload.services,
        }
    }
}

pub fn resolve(option: &Alternative, catalog: &Catalog) -> Result<ResolvedGraph, ModelError> {
    let option_id = option.id.as_str();
    if option.components.len() > limits::MAX_COMPONENTS_PER_OPTION {
        return Err(ModelError::TooLarge {
            what: format!("option `{option_id}`: components"),
            count: option.components.len(),
            limit: limits::MAX_COMPONENTS_PER_OPTION,
        });
    }
    if option.edges.len() > limits::MAX_EDGES_PER_OPTION {
        return Err(ModelError::TooLarge {
            what: format!("option `{option_id}`: edges"),
            count: option.edges.len(),
            limit: limits::MAX_EDGES_PER_OPTION,
        });
    }

    let mut components = Vec::with_capacity(option.components.len());
    let mut by_id = IdIndex::with_capacity(option.components.len());
    for component in &option.components {
        components.push(declared_component(
            option_id, component, catalog, &mut by_id,
        )?);
    }

    // The closure runs first so that the user's edges may name pulled-in components.
    let implied = pull_in_requirements(option_id, catalog, &mut components, &mut by_id)?;

    // The user's edges first, then what requirements imply; one edge per pair of components.
    let mut candidates: Vec<ResolvedEdge> = Vec::with_capacity(option.edges.len() + implied.len());
    for edge in option.edges.iter() {
        candidates.push(user_edge(option_id, edge, &by_id)?);
    }
    candidates.extend(implied);
    let edges = first_edge_of_each_pair(candidates, components.len());

    let mut graph = DiGraph::with_capacity(components.len(), edges.len());
    for index in 0..components.len() {
        graph.add_node(index);
    }
    for (index, edge) in edges.iter().enumerate() {
        graph.add_edge(NodeIndex::new(edge.from), NodeIndex::new(edge.to), index);
    }
    if let Some(path) = find_cycle(&graph) {
        return Err(ModelError::Cycle {
            option: option_id.to_string(),
            path: path.into_iter().map(|i| components[i].id.clone()).collect(),
        });
    }
    let needs = Adjacency::of(&edges, components.len(), |edge| (edge.from, edge.to));
    let needed_by = Adjacency::of(&edges, components.len(), |edge| (edge.to, edge.from));
    Ok(ResolvedGraph {
        components,
        edges,
        graph,
        by_id,
        needs,
        needed_by,
    })
}

/// A component the option declares, checked and indexed by its id. Not inlined: a loop's work
/// is a function of its own (ARCHITECTURE.md, "Hot loops"); here, once a component.
#[inline(never)]
fn declared_component(
    option_id: &str,
    component: &ComponentUse,
    catalog: &Catalog,
    by_id: &mut IdIndex,
) -> Result<Component, ModelError> {
    if component.id.trim().is_empty() {
        return Err(ModelError::EmptyId {
            option: option_id.to_string(),
        });
    }
    let Some(kind_index) = catalog.kind_position(&component.kind) else {
        return Err(ModelError::UnknownKind {
            option: option_id.to_string(),
            component: component.id.clone(),
            kind: component.kind.clone(),
        });
    };
    for (name, value) in &component.overrides {
        check_value(
            || format!("option `{option_id}`, component `{}`: {name}", component.id),
            *value,
        )?;
    }
    if let Some(provider) = &component.provider {
        check_value(
            || {
                format!(
                    "option `{option_id}`, component `{}`: provider price",
                    component.id
                )
            },
            provider.price_month,
        )?;
    }
    let kind = &catalog.kinds[kind_index];
    let scaling = Scaling::of(component.count, kind.scope, kind.default_count);
    // A count that follows the servers or the services is held to the context's limits,
    // which are no more than this.
    if let Scaling::Fixed(count) = scaling {
        if count > limits::MAX_INSTANCES {
            return Err(ModelError::TooLarge {
                what: format!(
                    "option `{option_id}`, component `{}`: instances",
                    component.id
                ),
                count: count as usize,
                limit: limits::MAX_INSTANCES as usize,
            });
        }
    }
    if by_id.add(&component.id).is_err() {
        return Err(ModelError::DuplicateComponent {
            option: option_id.to_string(),
            id: component.id.clone(),
        });
    }
    Ok(Component {
        id: component.id.clone(),
        kind: kind_index,
        label: component
            .label
            .clone()
            .filter(|l| !l.trim().is_empty())
            .unwrap_or_else(|| kind.name.to_string()),
        scaling,
        provider: component.provider.clone(),
        overrides: component.overrides.clone(),
        origin: Origin::Declared,
    })
}

/// An edge the option declares, between components it has (`declared_component`). Not inlined
/// (ARCHITECTURE.md, "Hot loops").
#[inline(never)]
fn user_edge(option_id: &str, edge: &Edge, by_id: &IdIndex) -> Result<ResolvedEdge, ModelError> {
    let endpoint = |id: &str| {
        by_id.get(id).ok_or_else(|| ModelError::DanglingEdge {
            option: option_id.to_string(),
            from: edge.from.clone(),
            to: edge.to.clone(),
            missing: id.to_string(),
        })
    };
    Ok(ResolvedEdge {
        from: endpoint(&edge.from)?,
        to: endpoint(&edge.to)?,
        relation: edge.relation,
        implied: false,
    })
}

/// `edges` in their order, keeping only the first edge between each pair of components.
///
/// Linear, with arrays only: within the edges that leave one component, each target remembers
/// the last source that reached it. A hash set of 40,000 pairs took a third of the resolution of
/// a model at the limits. Not inlined (ARCHITECTURE.md, "Hot loops").
#[inline(never)]
fn first_edge_of_each_pair(edges: Vec<ResolvedEdge>, component_count: usize) -> Vec<ResolvedEdge> {
    let by_source = edges
        .iter()
        .enumerate()
        .map(|(index, edge)| (edge.from, index));
    let (group_start, grouped) = grouped(by_source, component_count);
    let mut reached_last_from = vec![usize::MAX; component_count];
    let mut keep = vec![false; edges.len()];
    for (from, group) in group_start.windows(2).enumerate() {
        for &index in &grouped[group[0]..group[1]] {
            let to = edges[index].to;
            if reached_last_from[to] != from {
                reached_last_from[to] = from;
                keep[index] = true;
            }
        }
    }
    edges
        .into_iter()
        .zip(keep)
        .filter_map(|(edge, kept)| kept.then_some(edge))
        .collect()
}

/// `items`, each `(group, item)` with `group < groups`, grouped and in their order within a
/// group: group `g` is `items[start[g]..start[g + 1]]` of the `(start, items)` returned. A
/// counting sort, linear: no comparisons, one allocation for all the groups.
fn grouped<T: Copy>(
    items: impl Iterator<Item = (usize, T)> + Clone,
    groups: usize,
) -> (Vec<usize>, Vec<T>) {
    let mut start = vec![0usize; groups + 1];
    for (group, _) in items.clone() {
        start[group + 1] += 1;
    }
    for i in 1..start.len() {
        start[i] += start[i - 1];
    }
    let Some((_, fill)) = items.clone().next() else {
        return (start, Vec::new());
    };
    let mut next_slot = start.clone();
    let mut sorted = vec![fill; start[groups]];
    for (group, item) in items {
        sorted[next_slot[group]] = item;
        next_slot[group] += 1;
    }
    (start, sorted)
}

/// The first component of each of a catalog's kinds, by the kind's position.
struct FirstOfKind(Vec<Option<usize>>);

impl FirstOfKind {
    fn new(catalog: &Catalog) -> FirstOfKind {
        FirstOfKind(vec![None; catalog.kinds.len()])
    }

    /// Notes `component` as the first of `kind`, unless one came before it.
    fn note(&mut self, kind: usize, component: usize) {
        if let Some(first) = self.0.get_mut(kind) {
            first.get_or_insert(component);
        }
    }

    fn get(&self, kind: usize) -> Option<usize> {
        self.0.get(kind).copied().flatten()
    }
}

/// The closure: every team-run component's required kinds are satisfied by a component of that
/// kind in the option, or pulled in. Returns the edges the requirements imply (added where the
/// user drew none). A provider-run component's requirements are the provider's business, so
/// they pull nothing in. Not inlined (ARCHITECTURE.md, "Hot loops").
#[inline(never)]
fn pull_in_requirements(
    option_id: &str,
    catalog: &Catalog,
    components: &mut Vec<Component>,
    by_id: &mut IdIndex,
) -> Result<Vec<ResolvedEdge>, ModelError> {
    let mut edges = Vec::new();
    // The first component of each kind, and the first run by the team: a requirement is met by
    // the latter if there is one. Kept by kind (a kind is its position in the catalog) so that
    // a thousand components do not each scan the thousand others.
    let mut first_of_kind = FirstOfKind::new(catalog);
    let mut first_team_run_of_kind = FirstOfKind::new(catalog);
    for (i, component) in components.iter().enumerate() {
        first_of_kind.note(component.kind, i);
        if component.provider.is_none() {
            first_team_run_of_kind.note(component.kind, i);
        }
    }
    let mut queue: VecDeque<usize> = (0..components.len()).collect();
    while let Some(current) = queue.pop_front() {
        if components[current].provider.is_some() {
            continue;
        }
        let kind = &catalog.kinds[components[current].kind];
        for requirement in kind.requires.iter() {
            // Catalog validation (and `Catalog::with_custom_kinds` for a document's kinds)
            // guarantees the kind exists; skipping keeps this panic-free.
            let Some(required_kind) = catalog.kind_position(requirement.kind()) else {
                continue;
            };
            let existing = first_team_run_of_kind
                .get(required_kind)
                .or_else(|| first_of_kind.get(required_kind));
            let target = match existing {
                Some(target) => {
                    let requirer = components[current].id.clone();
                    if let Origin::PulledIn { by } = &mut components[target].origin {
                        // Each component is taken from the queue once, so its requirements are
                        // met one after another: a requirer already listed is the last one.
                        // (Searching the whole list made 9,000 components needing one etcd
                        // cluster quadratic: 71 ms.)
                        if by.last() != Some(&requirer) {
                            by.push(requirer);
                        }
                    }
                    target
                }
                None => {
                    if components.len() >= limits::MAX_COMPONENTS_PER_OPTION {
                        return Err(ModelError::TooLarge {
                            what: format!(
                                "option `{option_id}`: components with what they require"
                            ),
                            count: components.len() + 1,
                            limit: limits::MAX_COMPONENTS_PER_OPTION,
                        });
                    }
                    let required = &catalog.kinds[required_kind];
                    let id = unique_id(&required.id, by_id);
                    // Free by construction: `unique_id` found it so.
                    let _ = by_id.add(&id);
                    components.push(Component {
                        id,
                        kind: required_kind,
                        label: required.name.to_string(),
                        scaling: Scaling::of(
                            Count::Default,
                            required.scope,
                            required.default_count,
                        ),
                        provider: None,
                        overrides: BTreeMap::new(),
                        origin: Origin::PulledIn {
                            by: vec![components[current].id.clone()],
                        },
                    });
                    let pulled = components.len() - 1;
                    first_of_kind.note(required_kind, pulled);
                    first_team_run_of_kind.note(required_kind, pulled);
                    queue.push_back(pulled);
                    pulled
                }
            };
            if target != current {
                edges.push(ResolvedEdge {
                    from: current,
                    to: target,
                    relation: requirement.relation(),
                    implied: true,
                });
            }
        }
    }
    Ok(edges)
}

fn unique_id(base: &str, taken: &IdIndex) -> String {
    if taken.get(base).is_none() {
        return base.to_string();
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|candidate| taken.get(candidate).is_none())
        .expect("an unbounded range always yields a free id")
}

/// A cycle as a node path that starts and ends at the same node, if the graph has one. Not
/// inlined (ARCHITECTURE.md, "Hot loops").
#[inline(never)]
fn find_cycle(graph: &DiGraph<usize, usize>) -> Option<Vec<usize>> {
    // One walk answers for the usual acyclic graph; the strongly connected components, a list
    // for every node, are worked out only to name a cycle's path.
    if !petgraph::algo::is_cyclic_directed(graph) {
        return None;
    }
    cycle_path(graph)
}

/// The path of a cycle `graph` has. Never inlined into `find_cycle`, which every analysis runs:
/// the page's split keeps what its start runs in the first load, a function at a time, and a
/// start with a cycle is rare.
#[inline(never)]
fn cycle_path(graph: &DiGraph<usize, usize>) -> Option<Vec<usize>> {
    for node in graph.node_indices() {
        if graph.find_edge(node, node).is_some() {
            return Some(vec![node.index(), node.index()]);
        }
    }
    let component = tarjan_scc(graph).into_iter().find(|scc| scc.len() > 1)?;
    let members: HashSet<NodeIndex> = component.iter().copied().collect();
    let start = *component.iter().min()?;
    // Depth-first walk inside the strongly connected component until it returns to `start`;
    // one exists because every member reaches every other.
    let mut path = vec![start];
    let mut visited = HashSet::from([start]);
    let mut stack = vec![graph.neighbors(start).collect::<Vec<_>>()];
    while let Some(frontier) = stack.last_mut() {
        let Some(next) = frontier.pop() else {
            stack.pop();
            path.pop();
            continue;
        };
        if next == start {
            path.push(start);
            return Some(path.into_iter().map(NodeIndex::index).collect());
        }
        if members.contains(&next) && visited.insert(next) {
            path.push(next);
            stack.push(graph.neighbors(next).collect());
        }
    }
    None
}
