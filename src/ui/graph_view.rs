//! An option's component graph as SVG: laid out by the core, drawn here. Components the option
//! adds to the baseline have their own colour; components pulled in by a requirement are dashed
//! and say what needed them.

use leptos::ev::KeyboardEvent;
use leptos::prelude::*;
use overhead_core::graph::Origin;
use overhead_core::layout::{layout, NODE_HEIGHT, NODE_WIDTH};
use overhead_core::model::Relation;

use super::{AppState, Computed, Selection};

/// Wider drawings scroll instead of being scaled down to the panel (labels would be unreadable).
const WIDEST_SCALED: f64 = 1100.0;

/// Characters of a label that fit a node at the page's font size.
const LABEL_CHARS: usize = 22;

fn fit(text: &str, chars: usize) -> String {
    if text.chars().count() <= chars {
        text.to_string()
    } else {
        let cut: String = text.chars().take(chars - 1).collect();
        format!("{}…", cut.trim_end())
    }
}

fn points_to_path(points: &[(f64, f64)]) -> String {
    let mut d = String::new();
    for (i, (x, y)) in points.iter().enumerate() {
        d.push_str(if i == 0 { "M" } else { " L" });
        d.push_str(&format!("{x:.1},{y:.1}"));
    }
    d
}

#[component]
pub fn GraphView(computed: Computed, index: usize) -> impl IntoView {
    let state = expect_context::<AppState>();
    let Ok(analysis) = computed.0.as_ref() else {
        return ().into_any();
    };
    let option = &analysis.options[index];
    let graph = &option.graph;
    let edge_pairs: Vec<(usize, usize)> = graph.edges.iter().map(|e| (e.from, e.to)).collect();
    let drawing = layout(graph.components.len(), &edge_pairs);
    let marker = format!("arrow-{index}");
    let marker_url = format!("url(#{marker})");
    let open_marker = format!("arrow-open-{index}");
    let open_marker_url = format!("url(#{open_marker})");

    let edges = graph
        .edges
        .iter()
        .zip(&drawing.edges)
        .map(|(edge, points)| {
            let from = graph.components[edge.from].id.clone();
            let to = graph.components[edge.to].id.clone();
            let class = match edge.relation {
                Relation::RunsOn => "edge runs-on",
                Relation::DependsOn => "edge depends-on",
                Relation::ManagedBy => "edge managed-by",
            };
            let end = if edge.relation == Relation::ManagedBy {
                open_marker_url.clone()
            } else {
                marker_url.clone()
            };
            let title = format!(
                "{} {} {}{}",
                graph.components[edge.from].label,
                edge.relation.label(),
                graph.components[edge.to].label,
                if edge.implied {
                    " (required by its kind)"
                } else {
                    ""
                }
            );
            view! {
                <path
                    class=class
                    class:implied=edge.implied
                    data-testid="graph-edge"
                    data-from=from
                    data-to=to
                    data-relation=edge.relation.label()
                    d=points_to_path(points)
                    marker-end=end
                >
                    <title>{title}</title>
                </path>
            }
        })
        .collect_view();

    let nodes = graph
        .components
        .iter()
        .enumerate()
        .map(|(i, component)| {
            let kind = &analysis.catalog.kinds[component.kind];
            let report = &option.components[i];
            let node = drawing.nodes[i];
            let added = analysis.is_added(index, i);
            let pulled_in = matches!(component.origin, Origin::PulledIn { .. });
            let meta = match (&component.origin, &component.provider) {
                (_, Some(provider)) => format!("run by {}", provider.name),
                (Origin::PulledIn { by }, None) => {
                    let first = by
                        .first()
                        .and_then(|id| graph.components.iter().find(|c| &c.id == id))
                        .map_or(String::new(), |c| c.label.clone());
                    format!("needed by {first}")
                }
                (Origin::Declared, None) => {
                    format!("×{} · {}", component.instances, kind.category)
                }
            };
            let description = format!(
                "{}{}{}. {}. {}",
                component.label,
                if added { ", added by this option" } else { "" },
                if pulled_in { ", pulled in by a requirement" } else { "" },
                meta,
                if report.single_point_of_failure { "Single point of failure." } else { "" }
            );
            let id = component.id.clone();
            let select_id = component.id.clone();
            let key_id = component.id.clone();
            let selected_id = component.id.clone();
            let is_selected = move || {
                state.selection.with(|s| {
                    s.as_ref()
                        .is_some_and(|s| s.option == index && s.component == selected_id)
                })
            };
            let select = move |id: String| {
                state.selection.set(Some(Selection {
                    option: index,
                    component: id,
                }))
            };
            view! {
                <g
                    class="node"
                    class:added=added
                    class:pulled=pulled_in
                    class:spof=report.single_point_of_failure
                    class:selected=is_selected
                    data-testid="graph-node"
                    data-id=id
                    data-kind=kind.id.clone()
                    data-added=added.then_some("true")
                    data-pulled-in=pulled_in.then_some("true")
                    transform=format!("translate({:.1},{:.1})", node.x, node.y)
                    tabindex="0"
                    role="button"
                    aria-label=description
                    on:click=move |_| select(select_id.clone())
                    on:keydown=move |ev: KeyboardEvent| {
                        if ev.key() == "Enter" || ev.key() == " " {
                            ev.prevent_default();
                            select(key_id.clone());
                        }
                    }
                >
                    <title>{description.clone()}</title>
                    <rect width=NODE_WIDTH height=NODE_HEIGHT rx="7"></rect>
                    <text class="node-label" x="10" y="19">{fit(&component.label, LABEL_CHARS)}</text>
                    <text class="node-meta" x="10" y="36">{fit(&meta, LABEL_CHARS + 4)}</text>
                </g>
            }
        })
        .collect_view();

    let label = format!("Component graph of {}", option.name);
    let wide = drawing.width > WIDEST_SCALED;
    view! {
        <figure class="graph-wrap">
            <svg
                class="graph"
                class:wide=wide
                data-testid="graph"
                data-option-id=option.id.clone()
                role="group"
                aria-label=label
                width=format!("{:.0}", drawing.width)
                height=format!("{:.0}", drawing.height)
                viewBox=format!("0 0 {:.0} {:.0}", drawing.width, drawing.height)
            >
                <defs>
                    <marker id=marker viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                        <path d="M0,0 L10,5 L0,10 z" class="arrow"></path>
                    </marker>
                    <marker id=open_marker viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                        <path d="M0,0 L10,5 L0,10" class="arrow-open"></path>
                    </marker>
                </defs>
                <g class="edges">{edges}</g>
                <g class="nodes">{nodes}</g>
            </svg>
            <figcaption class="legend">
                <span class="key added">"added by this option"</span>
                <span class="key pulled">"pulled in by a requirement"</span>
                <span class="key shared">"also in the baseline"</span>
                <span class="key line">"→ runs on / depends on"</span>
                <span class="key dashed">"⇢ managed by"</span>
            </figcaption>
        </figure>
    }
    .into_any()
}
