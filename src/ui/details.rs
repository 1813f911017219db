//! The panel a click on a component opens. Its content (what it is, why it is there, what it
//! needs, its parts, its costs with sources, what breaks when it fails) is rendered by the core;
//! the panel adds the label field, focus and closing.

use leptos::ev::KeyboardEvent;
use leptos::html;
use leptos::prelude::*;
use overhead_core::analysis::Analysis;
use overhead_core::edit::Command;
use overhead_core::graph::Origin;
use overhead_core::render::component_details_html;

use super::component_editor::component_editor;
use super::AppState;

#[component]
pub fn DetailsPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let heading: NodeRef<html::H2> = NodeRef::new();
    // Move focus into the panel when it opens, so keyboard and screen-reader users land on it,
    // and keep the chosen component in sight while the page makes room for the panel. Both
    // need the page laid out: they wait for the next frame, whose layout they then share,
    // instead of making the browser lay the page out once more for them now.
    Effect::new(move |_| {
        if let Some(selection) = state.selection.get() {
            request_animation_frame(move || focus_and_reveal(heading, &selection));
        }
    });
    let close = move || state.selection.set(None);
    move || {
        let selection = state.selection.get()?;
        let computed = state.computed.get();
        let analysis = computed.0.as_ref().as_ref().ok()?;
        let option = analysis.options.get(selection.option)?;
        let index = option.graph.index_of(&selection.component)?;
        Some(view! {
            <aside
                class="details"
                data-testid="component-details"
                aria-label="Component details"
                on:keydown=move |ev: KeyboardEvent| {
                    if ev.key() == "Escape" {
                        close();
                    }
                }
            >
                <button class="close" aria-label="Close details" on:click=move |_| close()>"×"</button>
                {details(analysis, selection.option, index, heading, state)}
            </aside>
        })
    }
}

fn focus_and_reveal(heading: NodeRef<html::H2>, selection: &super::Selection) {
    if let Some(h) = heading.get_untracked() {
        let _ = h.focus();
    }
    reveal(selection);
}

/// Scrolls the selected node into the middle of the view.
fn reveal(selection: &super::Selection) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let selector = format!("#option-{} [data-testid=graph-node]", selection.option);
    let Ok(nodes) = document.query_selector_all(&selector) else {
        return;
    };
    for i in 0..nodes.length() {
        let Some(element) = nodes
            .item(i)
            .and_then(|n| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(n).ok())
        else {
            continue;
        };
        if element.get_attribute("data-id").as_deref() == Some(selection.component.as_str()) {
            let options = web_sys::ScrollIntoViewOptions::new();
            options.set_block(web_sys::ScrollLogicalPosition::Center);
            options.set_inline(web_sys::ScrollLogicalPosition::Nearest);
            element.scroll_into_view_with_scroll_into_view_options(&options);
            return;
        }
    }
}

fn details(
    analysis: &Analysis,
    option_index: usize,
    index: usize,
    heading: NodeRef<html::H2>,
    state: AppState,
) -> impl IntoView {
    let option = &analysis.options[option_index];
    let component = &option.graph.components[index];
    let declared = matches!(component.origin, Origin::Declared);
    let target = (option.id.clone(), component.id.clone());
    let relabel = move |ev: leptos::ev::Event| {
        state.store.dispatch(Command::SetLabel {
            option: target.0.clone(),
            component: target.1.clone(),
            label: event_target_value(&ev),
        });
    };
    let body = component_details_html(analysis, option_index, index);
    view! {
        <h2 node_ref=heading tabindex="-1">{component.label.clone()}</h2>
        {declared.then(|| view! {
            <label class="label-edit">
                <span>"Label"</span>
                <input data-testid="component-label" prop:value=component.label.clone() on:change=relabel/>
            </label>
        })}
        {component_editor(analysis, option_index, index)}
        <div inner_html=body></div>
    }
}
