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

use super::component_editor::{component_editor, connect_choices, drawn_from, EditorData, Target};
use super::deferred_code::view_apart;
use super::html_patch::PatchedMarkup;
use super::{AppState, Selection};

#[component]
pub fn DetailsPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let heading: NodeRef<html::H2> = NodeRef::new();
    // Move focus into the panel when it opens, so keyboard and screen-reader users land on it,
    // and keep the chosen component in sight while the page makes room for the panel. Both
    // need the page laid out: they wait for the next frame, whose layout they then share,
    // instead of making the browser lay the page out once more for them now.
    // A walkthrough keeps the focus (its arrow keys move it): then the panel is only revealed.
    Effect::new(move |_| {
        if let Some(selection) = state.selection.get() {
            let touring = state.tour.with_untracked(Option::is_some);
            request_animation_frame(move || {
                if touring {
                    reveal(&selection)
                } else {
                    focus_and_reveal(heading, &selection)
                }
            });
        }
    });
    // Focus goes back to the node that opened the panel, before the panel goes: a focused
    // element taken out of the page makes the browser lay the page out there and then.
    let close = move || {
        if let Some(node) = state.selection.get_untracked().as_ref().and_then(node_of) {
            let _ = node.focus();
        }
        state.selection.set(None);
    };
    // The panel is built when another component is chosen, or when its count, provider or
    // figures change; any other edit only updates the label, the explanation, the connections
    // drawn from it and the components it can connect to, each where it is shown. On a model
    // of a thousand components, building the panel again costs the browser a style and layout
    // pass over every field and choice.
    let panel = Memo::new(move |_| {
        with_selected(state, |analysis, option, index| Panel {
            editor: state
                .catalog_texts
                .with(|texts| EditorData::of(analysis, &state.store, option, index, texts)),
            declared: matches!(
                analysis.options[option].graph.components[index].origin,
                Origin::Declared
            ),
        })
    });
    let label = Memo::new(move |_| {
        with_selected(state, |analysis, option, index| {
            analysis.options[option].graph.components[index]
                .label
                .clone()
        })
        .unwrap_or_default()
    });
    let body = Memo::new(move |_| {
        with_selected(state, |analysis, option, index| {
            state
                .catalog_texts
                .with(|texts| component_details_html(analysis, option, index, texts))
        })
        .unwrap_or_default()
    });
    let drawn = Memo::new(move |_| {
        with_selected(state, |analysis, option, index| {
            drawn_from(analysis, &state.store, option, index)
        })
        .unwrap_or_default()
    });
    let choices = Memo::new(move |_| {
        with_selected(state, |analysis, option, index| {
            connect_choices(analysis, option, index)
        })
        .unwrap_or_default()
    });
    move || {
        let panel = panel.get()?;
        keep_focus_in(heading);
        Some(view_apart(|| {
            view! {
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
                    <h2 node_ref=heading tabindex="-1">{move || label.get()}</h2>
                    {panel.declared.then(|| label_field(state, &panel.editor.target, label))}
                    {component_editor(panel.editor, choices, drawn)}
                    <PatchedMarkup class="details-body" markup=body/>
                </aside>
            }
        }))
    }
}

/// What the panel is built from: what its editor shows, which names the chosen component
/// (`EditorData::target`), and whether the option declares it.
#[derive(Clone, PartialEq)]
struct Panel {
    declared: bool,
    editor: EditorData,
}

/// Runs `f` on the analysis with the selected component's option and index, if one is selected
/// and still there.
fn with_selected<T>(state: AppState, f: impl FnOnce(&Analysis, usize, usize) -> T) -> Option<T> {
    let selection = state.selection.get()?;
    state.computed.with(|computed| {
        let analysis = computed.0.as_ref().as_ref().ok()?;
        let option = analysis.options.get(selection.option)?;
        let index = option.graph.index_of(&selection.component)?;
        Some(f(analysis, selection.option, index))
    })
}

/// The field that renames a component the option declares.
fn label_field(state: AppState, target: &Target, label: Memo<String>) -> impl IntoView {
    let target = target.clone();
    let relabel = move |ev: leptos::ev::Event| {
        state.store.dispatch(Command::SetLabel {
            option: target.option.clone(),
            component: target.component.clone(),
            label: event_target_value(&ev),
        });
    };
    view! {
        <label class="label-edit">
            <span>"Label"</span>
            <input data-testid="component-label" prop:value=move || label.get() on:change=relabel/>
        </label>
    }
}

/// Called as the open panel is built again (its component's figures changed, or the catalog's
/// words arrived): if the focus is in it, it goes to the new panel's heading once that is built,
/// not to the page's body with the old panel. Never inlined: the closure that calls it runs at
/// every start, where no panel is open.
#[inline(never)]
fn keep_focus_in(heading: NodeRef<html::H2>) {
    let focus_within = heading.get_untracked().is_some_and(|old| {
        let focused = document().active_element();
        let panel = old
            .closest("[data-testid=component-details]")
            .ok()
            .flatten();
        panel.is_some_and(|panel| panel.contains(focused.as_ref().map(|f| f.as_ref())))
    });
    if focus_within {
        request_animation_frame(move || focus(heading));
    }
}

fn focus_and_reveal(heading: NodeRef<html::H2>, selection: &Selection) {
    focus(heading);
    reveal(selection);
}

/// Focuses the panel's heading, if it is built.
fn focus(heading: NodeRef<html::H2>) {
    if let Some(h) = heading.get_untracked() {
        let _ = h.focus();
    }
}

/// Scrolls the selected node into the middle of the view.
fn reveal(selection: &Selection) {
    if let Some(node) = node_of(selection) {
        let options = web_sys::ScrollIntoViewOptions::new();
        options.set_block(web_sys::ScrollLogicalPosition::Center);
        options.set_inline(web_sys::ScrollLogicalPosition::Nearest);
        node.scroll_into_view_with_scroll_into_view_options(&options);
    }
}

/// The graph node of the selected component, as drawn: found by its id with one selector (the
/// id escaped by the browser's `CSS.escape`), not by reading the id of each of a big graph's
/// thousand nodes.
fn node_of(selection: &Selection) -> Option<web_sys::SvgElement> {
    let document = web_sys::window()?.document()?;
    let selector = format!(
        "#option-{} [data-testid=graph-node][data-id=\"{}\"]",
        selection.option,
        web_sys::css::escape(&selection.component)
    );
    let node = document.query_selector(&selector).ok()??;
    wasm_bindgen::JsCast::dyn_into::<web_sys::SvgElement>(node).ok()
}
