//! An option over `render::OVERVIEW_ABOVE` components is drawn as an overview by kind: one node
//! per kind with its count, one edge per pair of kinds and relation (the busiest, past
//! `render::OVERVIEW_EDGES_AT_MOST`), the note that says so.

use std::collections::{HashMap, HashSet};

use overhead_core::analysis::{analyse, Analysis};
use overhead_core::model::{Alternative, ComponentUse, Edge};
use overhead_core::render::{
    draws_overview, kind_groups, overview_drawing, Drawing, KIND_NODE_PREFIX, OVERVIEW_ABOVE,
    OVERVIEW_EDGES_AT_MOST,
};
use overhead_core::sample::generated_dense_option;
use overhead_core::scenario;

mod support;
use support::{text_content, unescape};

/// The landing scenario with a generated option of `components` components and `edges` edges,
/// analysed, and the generated option's index.
fn with_generated(components: usize, edges: usize) -> (overhead_core::analysis::Analysis, usize) {
    let mut decision = scenario::landing().expect("the landing scenario is built in");
    decision
        .options
        .push(generated_dense_option(components, edges, 7).into());
    let analysis = analyse(&decision).expect("a generated model is valid");
    let index = analysis.options.len() - 1;
    (analysis, index)
}

#[test]
fn only_an_option_over_the_threshold_is_drawn_as_an_overview() {
    let (analysis, index) = with_generated(OVERVIEW_ABOVE - 100, 3_000);
    assert!(analysis.options[index].graph.components.len() <= OVERVIEW_ABOVE);
    assert!(!draws_overview(&analysis, index));
    assert!(
        !draws_overview(&analysis, 0),
        "the landing scenario's options are drawn whole"
    );
    let (analysis, index) = with_generated(OVERVIEW_ABOVE + 100, 3_000);
    assert!(draws_overview(&analysis, index));
}

/// The landing scenario with its last option copied `times` times into one option (ids
/// suffixed by the copy), analysed, and that option's index: many components of a few kinds.
fn with_copies(times: usize) -> (Analysis, usize) {
    let mut decision = scenario::landing().expect("the landing scenario is built in");
    let mut copies = Alternative::clone(decision.options.last().expect("it has options"));
    let (components, edges) = (copies.components.clone(), copies.edges.to_vec());
    let declared: HashSet<String> = components.iter().map(|c| c.id.clone()).collect();
    // An edge to a component the closure pulls in goes to the one it pulls in for all copies.
    let copied = move |id: &str, copy: usize| {
        if declared.contains(id) {
            format!("{id}-{copy}")
        } else {
            id.to_string()
        }
    };
    copies.id = "copies".into();
    copies.components = (0..times)
        .flat_map(|copy| {
            components.iter().map(move |c| ComponentUse {
                id: format!("{}-{copy}", c.id),
                ..c.clone()
            })
        })
        .collect();
    copies.edges = (0..times)
        .flat_map(|copy| {
            let copied = &copied;
            edges.iter().map(move |e| Edge {
                from: copied(&e.from, copy),
                to: copied(&e.to, copy),
                relation: e.relation,
            })
        })
        .collect::<Vec<_>>()
        .into();
    decision.options.push(copies.into());
    let analysis = analyse(&decision).expect("copies of a valid option are valid");
    let index = analysis.options.len() - 1;
    (analysis, index)
}

#[test]
fn an_overview_has_a_node_per_kind_counting_its_components_and_an_edge_per_pair_of_kinds() {
    let (analysis, index) = with_copies(OVERVIEW_ABOVE / 6);
    assert!(draws_overview(&analysis, index));
    let option = &analysis.options[index];
    let groups = kind_groups(&analysis, index);
    // Every component is in exactly one group, the group of its kind.
    let mut seen = HashSet::new();
    for group in &groups {
        for &member in &group.members {
            assert_eq!(option.graph.components[member].kind, group.kind);
            assert!(seen.insert(member), "component {member} is in two groups");
        }
        let added = group
            .members
            .iter()
            .filter(|&&m| analysis.is_added(index, m))
            .count();
        assert_eq!(group.added, added);
    }
    assert_eq!(seen.len(), option.graph.components.len());
    let kinds: HashSet<usize> = option.graph.components.iter().map(|c| c.kind).collect();
    assert_eq!(groups.len(), kinds.len());

    let drawing = overview_drawing(&analysis, index, None);
    assert_eq!(drawing.nodes.len(), groups.len());
    for (node, group) in drawing.nodes.iter().zip(&groups) {
        let kind = &analysis.catalog.kinds[group.kind];
        assert_eq!(node.key, format!("{KIND_NODE_PREFIX}{}", kind.id));
        let markup = node.markup();
        assert!(markup.as_str().contains("data-group=\"true\""));
        assert!(markup
            .as_str()
            .contains(&format!("data-kind=\"{}\"", kind.id)));
        let count = overhead_core::format::number(group.members.len() as f64);
        assert!(
            markup.as_str().contains(&format!("×{count}")),
            "the node counts its components: {}",
            markup.as_str()
        );
    }
    // The edges: one per pair of kinds and relation that some component edge joins, none from
    // a kind to itself.
    let pairs = kind_pairs(&analysis, index);
    assert!(
        pairs.len() <= OVERVIEW_EDGES_AT_MOST,
        "{} pairs",
        pairs.len()
    );
    let drawn = drawn_keys(&drawing);
    assert_eq!(drawn.len(), pairs.len());
    for key in pairs.keys() {
        assert!(drawn.contains(key), "missing {key:?}");
    }
    let svg = drawing.to_svg();
    assert!(svg.contains("data-overview=\"true\""));
    assert!(svg.contains("data-testid=\"graph-simplified\""));
    assert!(svg.contains(&format!(
        "Overview: {} components of {} kinds",
        overhead_core::format::number(option.graph.components.len() as f64),
        groups.len()
    )));
    assert!(!svg.contains("busiest"), "every link is drawn");
}

/// The component edges between two kinds in an option, by the overview edge's key.
fn kind_pairs(analysis: &Analysis, index: usize) -> HashMap<String, usize> {
    let graph = &analysis.options[index].graph;
    let mut pairs = HashMap::new();
    for edge in &graph.edges {
        let (from, to) = (
            graph.components[edge.from].kind,
            graph.components[edge.to].kind,
        );
        if from != to {
            let key = format!(
                "{KIND_NODE_PREFIX}{}\u{1f}{KIND_NODE_PREFIX}{}\u{1f}{}",
                analysis.catalog.kinds[from].id,
                analysis.catalog.kinds[to].id,
                edge.relation.label()
            );
            *pairs.entry(key).or_insert(0) += 1;
        }
    }
    pairs
}

/// The keys of a drawing's edges, each once.
fn drawn_keys(drawing: &Drawing) -> HashSet<String> {
    let drawn: HashSet<String> = drawing.edges.iter().map(|e| e.key.clone()).collect();
    assert_eq!(drawing.edges.len(), drawn.len(), "no pair is drawn twice");
    drawn
}

#[test]
fn an_overview_of_kinds_joined_every_way_draws_the_busiest_links_and_says_so() {
    let (analysis, index) = with_generated(3_000, 9_000);
    let pairs = kind_pairs(&analysis, index);
    assert!(
        pairs.len() > OVERVIEW_EDGES_AT_MOST,
        "{} pairs",
        pairs.len()
    );
    let drawing = overview_drawing(&analysis, index, None);
    let drawn = drawn_keys(&drawing);
    assert_eq!(drawn.len(), OVERVIEW_EDGES_AT_MOST);
    let least_drawn = drawn.iter().map(|key| pairs[key]).min();
    let most_left = pairs
        .iter()
        .filter(|(key, _)| !drawn.contains(*key))
        .map(|(_, &count)| count)
        .max();
    assert!(
        most_left <= least_drawn,
        "a link of {most_left:?} connections left out, one of {least_drawn:?} drawn"
    );
    assert!(text_content(&drawing.to_svg()).contains(&format!(
        "Only the {OVERVIEW_EDGES_AT_MOST} busiest of {} links between kinds are drawn.",
        overhead_core::format::number(pairs.len() as f64)
    )));
}

/// label-content-name-mismatch (axe, serious) on every kind's node of an overview once a kind
/// was selected: its title, the node's name again, counted as text the node shows whenever the
/// title's empty box (at the viewport's corner) fell inside the scrolled graph.
#[test]
fn a_kinds_node_has_no_title_to_say_its_name_again() {
    let (analysis, index) = with_generated(2_000, 4_000);
    let drawing = overview_drawing(&analysis, index, None);
    for node in &drawing.nodes {
        assert!(!node.markup().as_str().contains("<title>"), "{}", node.key);
    }
}

#[test]
fn the_listed_kind_is_marked_selected_and_no_other() {
    let (analysis, index) = with_generated(2_000, 4_000);
    let groups = kind_groups(&analysis, index);
    let listed = analysis.catalog.kinds[groups[1].kind].id.to_string();
    let drawing = overview_drawing(&analysis, index, Some(&listed));
    let selected: Vec<&str> = drawing
        .nodes
        .iter()
        .filter(|n| n.markup().as_str().contains(" selected\""))
        .map(|n| n.key.as_str())
        .collect();
    assert_eq!(
        selected,
        vec![format!("{KIND_NODE_PREFIX}{listed}").as_str()]
    );
}

#[test]
fn a_model_at_the_limits_is_drawn_as_an_overview_of_a_few_dozen_nodes() {
    let (analysis, index) = with_generated(9_900, 40_000);
    let drawing = overview_drawing(&analysis, index, None);
    assert!(drawing.nodes.len() < 200, "{} nodes", drawing.nodes.len());
    assert!(drawing.edges.len() <= OVERVIEW_EDGES_AT_MOST);
    // Every kind joins nearly every other in a generated model: all the links between kinds
    // (2,619 in the fixtures' 9,900-component link) made a drawing of 977 KB; the busiest,
    // drawn straight, are 137 KB and a screen or two wide, not 6,400 px of waypoints' slots.
    assert!(drawing.to_svg().len() < 300_000);
    assert!(drawing.canvas.0 < 2_000, "{:?}", drawing.canvas);
}

/// `label-content-name-mismatch` (axe, serious): a kind's node was named "Kind: N components…"
/// while it shows "Kind ×N · category"; its accessible name now starts with what it shows.
#[test]
fn a_kinds_accessible_name_starts_with_the_text_it_shows() {
    let (analysis, index) = with_generated(2_000, 4_000);
    let drawing = overview_drawing(&analysis, index, None);
    for node in &drawing.nodes {
        let markup = node.markup();
        let markup = markup.as_str();
        let name = markup
            .split("aria-label=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .map(unescape)
            .expect("a kind's node has an accessible name");
        // The text it shows: its <text> elements' content, tags dropped.
        let texts = &markup[markup.find("<text").expect("a node shows text")..];
        let shown = text_content(texts).replace('\u{a0}', " ");
        let shown = shown.split_whitespace().collect::<Vec<_>>().join(" ");
        let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            name.starts_with(&shown),
            "{name:?} does not start with {shown:?}"
        );
    }
}

/// Regression: the count in an overview's note was part of the drawing's head, so adding a
/// component drew the whole overview anew (thousands of elements parsed and laid out again,
/// 76 ms of layout at the limits). The note is text of its own: the page patches it.
#[test]
fn an_overview_with_one_more_component_is_patched_with_its_new_count() {
    let mut decision = scenario::landing().expect("the landing scenario is built in");
    decision
        .options
        .push(generated_dense_option(2_000, 4_000, 7).into());
    let index = decision.options.len() - 1;
    let before = overview_drawing(&analyse(&decision).unwrap(), index, None);
    let kind = decision.options[index].components[0].kind.clone();
    decision.options[index]
        .make_mut()
        .components
        .push(overhead_core::model::ComponentUse {
            id: "one-more".into(),
            kind,
            label: None,
            count: Default::default(),
            provider: None,
            overrides: Default::default(),
            ranges: Default::default(),
        });
    let after = overview_drawing(&analyse(&decision).unwrap(), index, None);
    assert!(
        before.patchable_into(&after),
        "only parts, root and note changed"
    );
    let (was, is) = (
        before.note.as_deref().unwrap(),
        after.note.as_deref().unwrap(),
    );
    assert!(
        was.starts_with("Overview: 2,0") && is != was,
        "{was} → {is}"
    );
    assert!(unescape(&after.to_svg()).contains(&format!(">{is}</text>")));
}
