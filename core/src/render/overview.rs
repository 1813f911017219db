//! An option too big to draw component by component (over [`OVERVIEW_ABOVE`] components) is
//! drawn as an overview: one node per kind, saying how many components of that kind the option
//! has, and one edge per pair of kinds and relation that its components' edges join, at most
//! [`OVERVIEW_EDGES_AT_MOST`] of them, those that stand for the most component edges. Ten
//! thousand boxes are neither readable nor cheap for a browser to lay out and paint; the kinds
//! of a model are at most the catalog's and the document's. The page lists a kind's components
//! when its node is selected, so a reader can go from the overview to any one component.
//!
//! A kind's node has the id [`KIND_NODE_PREFIX`] and the kind's id (unique in the overview, as
//! kind ids are), the kind in `data-kind` and `data-group="true"`, by which the page tells it
//! from a component's node.

use std::collections::HashMap;

use super::{edge_path, node_place, node_text, push_arrow_marker, push_node_body, relation_style};
use super::{whole_pixels, Drawing, Markup, Part};
use crate::analysis::Analysis;
use crate::export::xml_text;
use crate::format::number;
use crate::layout::layout_sized_straight;
use crate::model::Relation;

/// Options with more components than this are drawn as an overview by kind.
pub const OVERVIEW_ABOVE: usize = 1_500;

/// An overview draws at most this many edges, and says how many more there are. A model whose
/// components join every kind to nearly every other (9,900 components of 35 kinds, generated:
/// 2,619 edges) was a tangle no one could read, and the browser took 30-60 ms to read its
/// markup and 75-110 ms to lay it out, each a task that held the page.
pub const OVERVIEW_EDGES_AT_MOST: usize = 300;

/// The id of a kind's node in an overview is this, then the kind's id.
pub const KIND_NODE_PREFIX: &str = "kind:";

/// Whether the page draws option `option_index` as an overview by kind.
pub fn draws_overview(analysis: &Analysis, option_index: usize) -> bool {
    analysis
        .options
        .get(option_index)
        .is_some_and(|option| option.graph.components.len() > OVERVIEW_ABOVE)
}

/// The components of one kind in an option.
#[derive(Clone, Debug, PartialEq)]
pub struct KindGroup {
    /// The kind's index in the analysis' catalog.
    pub kind: usize,
    /// The components' indexes in the option's graph, in the graph's order.
    pub members: Vec<usize>,
    /// How many of them the option adds (against the baseline).
    pub added: usize,
}

/// The option's components grouped by kind, the kinds in the order their first component comes
/// in the graph.
pub fn kind_groups(analysis: &Analysis, option_index: usize) -> Vec<KindGroup> {
    let graph = &analysis.options[option_index].graph;
    let mut groups: Vec<KindGroup> = Vec::new();
    let mut group_of_kind: HashMap<usize, usize> = HashMap::new();
    for (index, component) in graph.components.iter().enumerate() {
        let group = *group_of_kind.entry(component.kind).or_insert_with(|| {
            groups.push(KindGroup {
                kind: component.kind,
                members: Vec::new(),
                added: 0,
            });
            groups.len() - 1
        });
        groups[group].members.push(index);
        if analysis.is_added(option_index, index) {
            groups[group].added += 1;
        }
    }
    groups
}

/// One drawn edge of an overview: kinds by group position, and how many component edges it
/// stands for.
struct GroupEdge {
    from: usize,
    to: usize,
    relation: Relation,
    count: usize,
}

/// The edges between groups: one per pair of kinds and relation, none from a kind to itself, in
/// the order their first component edge comes.
fn group_edges(analysis: &Analysis, option_index: usize, groups: &[KindGroup]) -> Vec<GroupEdge> {
    let graph = &analysis.options[option_index].graph;
    let mut group_of_component = vec![0; graph.components.len()];
    for (position, group) in groups.iter().enumerate() {
        for &member in &group.members {
            group_of_component[member] = position;
        }
    }
    let mut edges: Vec<GroupEdge> = Vec::new();
    let mut seen: HashMap<(usize, usize, Relation), usize> = HashMap::new();
    for edge in &graph.edges {
        let (from, to) = (group_of_component[edge.from], group_of_component[edge.to]);
        if from == to {
            continue;
        }
        match seen.get(&(from, to, edge.relation)) {
            Some(&at) => edges[at].count += 1,
            None => {
                seen.insert((from, to, edge.relation), edges.len());
                edges.push(GroupEdge {
                    from,
                    to,
                    relation: edge.relation,
                    count: 1,
                });
            }
        }
    }
    edges
}

/// The `at_most` edges that stand for the most component edges (the first of equals), in the
/// order they came.
fn busiest(mut edges: Vec<GroupEdge>, at_most: usize) -> Vec<GroupEdge> {
    if edges.len() > at_most {
        let mut by_count: Vec<usize> = (0..edges.len()).collect();
        crate::order::sort_by_key(&mut by_count, |&at| std::cmp::Reverse(edges[at].count));
        let mut kept = vec![false; edges.len()];
        for &at in &by_count[..at_most] {
            kept[at] = true;
        }
        let mut at = 0;
        edges.retain(|_| {
            at += 1;
            kept[at - 1]
        });
    }
    edges
}

/// The overview drawing of option `option_index`, laid out here (its nodes are the kinds, a few
/// dozen). `listed` is the kind whose components the page lists, marked as selected.
pub fn overview_drawing(analysis: &Analysis, option_index: usize, listed: Option<&str>) -> Drawing {
    let option = &analysis.options[option_index];
    let groups = kind_groups(analysis, option_index);
    let all_edges = group_edges(analysis, option_index, &groups);
    let edge_count = all_edges.len();
    let edges = busiest(all_edges, OVERVIEW_EDGES_AT_MOST);
    let texts: Vec<_> = groups
        .iter()
        .map(|group| {
            let kind = &analysis.catalog.kinds[group.kind];
            node_text(
                &kind.name,
                &format!(
                    "×{} · {}",
                    number(group.members.len() as f64),
                    kind.category
                ),
            )
        })
        .collect();
    let sizes: Vec<_> = texts.iter().map(|text| text.size).collect();
    let pairs: Vec<(usize, usize)> = edges.iter().map(|e| (e.from, e.to)).collect();
    // Straight: routed through the rows, a few hundred edges between a few dozen nodes made
    // a drawing many screens wide.
    let layout = layout_sized_straight(&sizes, &pairs);
    // The note above the graph.
    let top = 22.0;
    let content = (
        whole_pixels(layout.width.max(520.0)),
        whole_pixels(layout.height + top),
    );
    let name_of = |position: usize| analysis.catalog.kinds[groups[position].kind].name.as_ref();
    let id_of = |position: usize| {
        format!(
            "{KIND_NODE_PREFIX}{}",
            analysis.catalog.kinds[groups[position].kind].id
        )
    };

    let mut note = format!(
        "Overview: {} components of {} kinds, too many to draw one by one. Select a kind to list its components.",
        number(option.graph.components.len() as f64),
        groups.len()
    );
    if edges.len() < edge_count {
        note.push_str(&format!(
            " Only the {} busiest of {} links between kinds are drawn.",
            number(edges.len() as f64),
            number(edge_count as f64)
        ));
    }
    let mut head = String::new();
    push_arrow_marker(&mut head, option_index);

    let edge_parts = edges
        .iter()
        .zip(&layout.edges)
        .map(|(edge, points)| {
            let d = edge_path(points, top);
            let (class, dash) = relation_style(edge.relation);
            let (from, to) = (id_of(edge.from), id_of(edge.to));
            let open = format!(
                "<path class=\"edge {class}\" data-testid=\"graph-edge\" data-from=\"{}\" data-to=\"{}\" data-relation=\"{}\"",
                xml_text(&from),
                xml_text(&to),
                edge.relation.label(),
            );
            let title = format!(
                "{} {} {} ({} connection{})",
                name_of(edge.from),
                edge.relation.label(),
                name_of(edge.to),
                number(edge.count as f64),
                if edge.count == 1 { "" } else { "s" }
            );
            let rest = format!(
                " fill=\"none\" stroke=\"#5b6475\" stroke-width=\"1.4\"{dash} marker-end=\"url(#arrow-{option_index})\"><title>{}</title></path>",
                xml_text(&title)
            );
            Part {
                key: format!("{from}\u{1f}{to}\u{1f}{}", edge.relation.label()),
                place_attribute: "d",
                place: d,
                open: Markup(open),
                rest: Markup(rest),
            }
        })
        .collect();

    let node_parts = groups
        .iter()
        .zip(&texts)
        .enumerate()
        .map(|(position, (group, text))| {
            let kind = &analysis.catalog.kinds[group.kind];
            let node = layout.nodes[position];
            let id = id_of(position);
            let added = group.added > 0;
            let selected = listed == Some(kind.id.as_ref());
            // The accessible name starts with the text the node shows, as a component's does.
            let shown = format!("{} {}", text.label.concat().trim(), text.meta.concat().trim());
            let accessible_name = xml_text(&format!(
                "{shown}. {} of them added by this option. Select to list them.",
                number(group.added as f64)
            ));
            let open = format!(
                "<g class=\"node group{}{}\" data-testid=\"graph-node\" data-id=\"{}\" data-kind=\"{}\" data-group=\"true\"{}",
                if added { " added" } else { "" },
                if selected { " selected" } else { "" },
                xml_text(&id),
                xml_text(&kind.id),
                if added { " data-added=\"true\"" } else { "" },
            );
            let mut rest = format!(" tabindex=\"0\" role=\"button\" aria-label=\"{accessible_name}\"");
            // No tooltip: it would say the name again, and with no other description a screen
            // reader reads a title as one. (axe also counted it as text the node shows, missing
            // from its name, whenever its empty box at the viewport's corner fell inside the
            // scrolled graph.)
            push_node_body(&mut rest, None, &node, text, added, false);
            Part {
                key: id,
                place_attribute: "transform",
                place: node_place(&node, top),
                open: Markup(open),
                rest: Markup(rest),
            }
        })
        .collect();

    let title = format!(
        "Overview of the component graph of {}: its components grouped by kind",
        option.name
    );
    Drawing {
        root: vec![
            ("class", "graph overview".into()),
            ("data-testid", "graph".into()),
            ("data-option-id", option.id.clone()),
            ("data-overview", "true".into()),
            ("role", "group".into()),
            ("aria-label", title),
            ("width", content.0.to_string()),
            ("height", content.1.to_string()),
            ("viewBox", format!("0 0 {} {}", content.0, content.1)),
            ("font-family", "system-ui, sans-serif".into()),
        ],
        canvas: content,
        content,
        fixed_viewport: false,
        head: Markup(head),
        note: Some(note),
        edges: edge_parts,
        nodes: node_parts,
        tail: Markup(String::new()),
    }
}
