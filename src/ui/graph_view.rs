//! An option's component graph in the page: the core draws it (the same SVG as the export), the
//! page listens for clicks and keys on its nodes. Components the option adds have their own
//! colour; components pulled in by a requirement are dashed and say what needed them.

use leptos::ev::{KeyboardEvent, MouseEvent};
use leptos::prelude::*;
use overhead_core::render::{graph_svg, GraphStyle};
use wasm_bindgen::JsCast;

use super::{AppState, Computed, Selection};

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

#[component]
pub fn GraphView(computed: Computed, index: usize) -> impl IntoView {
    let state = expect_context::<AppState>();
    let select = move |id: String| {
        state.selection.set(Some(Selection {
            option: index,
            component: id,
        }))
    };
    let markup = move || {
        let selected = state.selection.with(|s| {
            s.as_ref()
                .filter(|s| s.option == index)
                .map(|s| s.component.clone())
        });
        computed
            .0
            .as_ref()
            .as_ref()
            .map_or(String::new(), |analysis| {
                graph_svg(
                    analysis,
                    index,
                    &GraphStyle::Page {
                        selected: selected.as_deref(),
                    },
                )
            })
    };
    view! {
        <figure class="graph-wrap">
            <div
                class="graph-host"
                inner_html=markup
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
