//! An option's component graph in the page: the core draws it (the same SVG as the export), the
//! page listens for clicks and keys on its nodes. Components the option adds have their own
//! colour; components pulled in by a requirement are dashed and say what needed them.
//!
//! The drawing is a memo of the analysis with a layout kept between drawings: new numbers
//! redraw text without laying the graph out again, and an unchanged drawing is not touched.
//! The selected node is marked on the drawn SVG, so that selecting draws nothing.

use leptos::ev::{KeyboardEvent, MouseEvent};
use leptos::html;
use leptos::prelude::*;
use overhead_core::render::{graph_svg_cached, GraphStyle, LayoutCache};
use wasm_bindgen::JsCast;

use super::option_panel::{with_option, Shown};
use super::{AppState, Selection};

/// The id of the graph node an event happened in, if any.
fn node_id(event: &web_sys::Event) -> Option<String> {
    event
        .target()?
        .dyn_into::<web_sys::Element>()
        .ok()?
        .closest("[data-testid=graph-node]")
        .ok()??
        .get_attribute("data-id")
}

/// Marks the node with id `selected` (and only it) as selected in the drawn graph.
fn mark_selected(host: &web_sys::Element, selected: Option<&str>) {
    let Ok(nodes) = host.query_selector_all("[data-testid=graph-node]") else {
        return;
    };
    for i in 0..nodes.length() {
        let Some(node) = nodes
            .item(i)
            .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
        else {
            continue;
        };
        let is_selected =
            selected.is_some() && node.get_attribute("data-id").as_deref() == selected;
        let _ = node.class_list().toggle_with_force("selected", is_selected);
    }
}

#[component]
pub fn GraphView(shown: Shown, option_id: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let id = StoredValue::new(option_id);
    let cache = StoredValue::new(LayoutCache::default());
    let host: NodeRef<html::Div> = NodeRef::new();
    let markup = Memo::new(move |_| {
        id.with_value(|id| {
            with_option(shown, id, |analysis, index| {
                let svg = cache
                    .try_update_value(|cache| {
                        graph_svg_cached(
                            analysis,
                            index,
                            &GraphStyle::Page { selected: None },
                            cache,
                        )
                    })
                    .unwrap_or_default();
                (index, svg)
            })
        })
        .unwrap_or_default()
    });
    let selected = Memo::new(move |_| {
        let index = markup.with(|(index, _)| *index);
        state.selection.with(|s| {
            s.as_ref()
                .filter(|s| s.option == index)
                .map(|s| s.component.clone())
        })
    });
    // After each drawing, and on each selection, mark the selected node.
    Effect::new(move |_| {
        markup.track();
        let selected = selected.get();
        if let Some(host) = host.get() {
            mark_selected(&host, selected.as_deref());
        }
    });
    let select = move |component: String| {
        let option = markup.with_untracked(|(index, _)| *index);
        state.selection.set(Some(Selection { option, component }))
    };
    view! {
        <figure class="graph-wrap">
            <div
                class="graph-host"
                node_ref=host
                inner_html=move || markup.with(|(_, svg)| svg.clone())
                on:click=move |event: MouseEvent| {
                    if let Some(id) = node_id(&event) {
                        select(id);
                    }
                }
                on:keydown=move |event: KeyboardEvent| {
                    if event.key() == "Enter" || event.key() == " " {
                        if let Some(id) = node_id(&event) {
                            event.prevent_default();
                            select(id);
                        }
                    }
                }
            ></div>
            <figcaption class="legend">
                <span class="key added">"added by this option"</span>
                <span class="key pulled">"pulled in by a requirement"</span>
                <span class="key shared">"also in the baseline"</span>
                <span class="key line">"→ runs on / depends on"</span>
                <span class="key dashed">"⇢ managed by"</span>
            </figcaption>
        </figure>
    }
}
