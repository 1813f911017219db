//! The guided tour of one option (`walkthrough`): a step per component from the workload down
//! (`walkthrough-step`), each highlighted in the graph (it is selected, so its details open and
//! what its failure takes down is marked), moved by `walkthrough-next`, `walkthrough-back` or
//! the arrow keys. A link with `?walkthrough=<option id>` opens straight into it.

use leptos::ev::KeyboardEvent;
use leptos::html;
use leptos::prelude::*;
use overhead_core::walkthrough::{order, step, Step};

use super::{after_next_paint, browser, AppState, Computed, Selection};

/// The query parameter of a link that opens into an option's tour.
pub const QUERY: &str = "walkthrough";

/// A tour under way: the option's id and the step shown.
#[derive(Clone, Debug, PartialEq)]
pub struct Tour {
    pub option: String,
    pub step: usize,
}

/// Starts the tour of `option` at its first step.
fn start(tour: RwSignal<Option<Tour>>, option: String) {
    tour.set(Some(Tour { option, step: 0 }));
}

/// The tour, which a link with `?walkthrough=<option id>` starts once the page has painted its
/// numbers and the rest of the code is in, if the document it carries has that option. The
/// tour's code (the details, what a failure takes down) is not in the first part of the wasm:
/// started sooner, it had the start fetch and compile the rest in one synchronous step.
pub fn asked_by_link(computed: Memo<Computed>) -> RwSignal<Option<Tour>> {
    let tour = RwSignal::new(None);
    if let Some(asked) = asked_in_address() {
        after_next_paint(move || {
            let found = computed.with_untracked(|c| {
                c.0.as_ref()
                    .as_ref()
                    .is_ok_and(|a| a.options.iter().any(|o| o.id == asked))
            });
            if found {
                start(tour, asked);
            }
        });
    }
    tour
}

/// The option id a link asks to tour (`?walkthrough=<id>`), if it asks.
fn asked_in_address() -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    let params = web_sys::UrlSearchParams::new_with_str(&search).ok()?;
    params.get(QUERY).filter(|id| !id.is_empty())
}

/// The step `tour` is at: its option's index and name, the step's place, the number of steps,
/// and the step. Never inlined into the memo that asks for it, which every start runs (to find
/// no tour): made apart, like `deferred_code::view_apart`'s views, it loads with the deferred
/// part.
#[inline(never)]
fn current_step(state: AppState, tour: &Tour) -> Option<(usize, String, usize, usize, Step)> {
    let computed = state.computed.get();
    let analysis = computed.0.as_ref().as_ref().ok()?;
    let index = analysis.options.iter().position(|o| o.id == tour.option)?;
    let order = order(analysis, index);
    let at = tour.step.min(order.len().checked_sub(1)?);
    Some((
        index,
        analysis.options[index].name.clone(),
        at,
        order.len(),
        state
            .catalog_texts
            .with(|texts| step(analysis, index, order[at], texts)),
    ))
}

#[component]
pub fn WalkthroughPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let panel: NodeRef<html::Section> = NodeRef::new();
    // The tour's steps, worked out from the analysis on screen, and the option's place.
    // The step shown: the tour's order, and the words of that one component only.
    let current = Memo::new(move |_| {
        let tour = state.tour.get()?;
        current_step(state, &tour)
    });
    // Each step selects its component: highlighted in the graph, its details open.
    Effect::new(move |_| {
        if let Some((option, _, _, _, step)) = current.get() {
            state.selection.set(Some(Selection {
                option,
                component: step.id.clone(),
            }));
        }
    });
    // The panel takes the focus when a tour starts (once it is on the page), so that the
    // arrow keys move the tour.
    Effect::new(move |focused: Option<bool>| {
        if state.tour.with(Option::is_none) {
            return false;
        }
        if focused == Some(true) {
            return true;
        }
        match panel.get() {
            Some(panel) => {
                let _ = panel.focus();
                true
            }
            None => false,
        }
    });
    let go = move |by: isize| {
        let count = current.with_untracked(|c| c.as_ref().map_or(0, |c| c.3));
        state.tour.update(|tour| {
            if let Some(tour) = tour {
                let next = tour.step as isize + by;
                tour.step = next.clamp(0, count.saturating_sub(1) as isize) as usize;
            }
        });
        // Back to the panel: a button that the move disables would drop the focus to the page,
        // and the arrow keys with it.
        if let Some(panel) = panel.get_untracked() {
            let _ = panel.focus();
        }
    };
    let close = move || {
        state.tour.set(None);
        state.selection.set(None);
    };
    let on_key = move |event: KeyboardEvent| match event.key().as_str() {
        "ArrowRight" | "ArrowDown" => {
            event.prevent_default();
            go(1);
        }
        "ArrowLeft" | "ArrowUp" => {
            event.prevent_default();
            go(-1);
        }
        "Escape" => {
            event.prevent_default();
            close();
        }
        _ => {}
    };
    let link = move || {
        let option = state.tour.with(|t| t.as_ref().map(|t| t.option.clone()))?;
        let query = format!("{QUERY}={}", js_sys::encode_uri_component(&option));
        // The document as the address holds it, which follows its edits a frame later.
        Some(browser::address_with(&query, &state.store.address.get()))
    };
    // The panel stays while the tour runs, so that the focus stays in it from step to step;
    // only what it shows changes.
    let running = Memo::new(move |_| current.with(Option::is_some));
    let name = move || current.with(|c| c.as_ref().map(|c| c.1.clone()).unwrap_or_default());
    let at = move || current.with(|c| c.as_ref().map_or(0, |c| c.2));
    let count = move || current.with(|c| c.as_ref().map_or(0, |c| c.3));
    view! {
        <Show when=move || running.get()>
            <section
                class="walkthrough"
                aria-label=move || format!("Walkthrough of {}", name())
                tabindex="-1"
                node_ref=panel
                on:keydown=on_key
            >
                <p class="walkthrough-head">
                    <strong>{move || format!("Walkthrough of {}", name())}</strong>
                    <span class="muted">
                        {move || format!(" · step {} of {} · arrow keys move, Escape closes", at() + 1, count())}
                    </span>
                </p>
                {move || current.get().map(|c| view! { <StepView step=c.4/> })}
                <div class="walkthrough-tools">
                    <button
                        class="small"
                        data-testid="walkthrough-back"
                        disabled=move || at() == 0
                        on:click=move |_| go(-1)
                    >
                        "← Back"
                    </button>
                    <button
                        class="small primary"
                        data-testid="walkthrough-next"
                        disabled=move || { at() + 1 >= count() }
                        on:click=move |_| go(1)
                    >
                        "Next →"
                    </button>
                    <button class="small" on:click=move |_| close()>"Close"</button>
                    <a class="small" href=link>"Link that opens here"</a>
                </div>
            </section>
        </Show>
    }
}

#[component]
fn StepView(step: Step) -> impl IntoView {
    view! {
        <div class="walkthrough-step" data-testid="walkthrough-step" data-id=step.id.clone() aria-live="polite">
            <h3>
                {step.title.clone()}
                // The kind's name, unless the component is simply called by it.
                {(step.kind != step.title).then(|| view! { <span class="muted">{format!(" · {}", step.kind)}</span> })}
            </h3>
            <p>{step.what}</p>
            <dl>
                <dt>"Why it is here"</dt><dd>{step.why}</dd>
                <dt>"What it needs"</dt><dd>{step.needs}</dd>
                <dt>"What it costs"</dt><dd>{step.costs}</dd>
                <dt>"What breaks without it"</dt><dd>{step.breaks}</dd>
            </dl>
        </div>
    }
}

/// The button of an option panel that starts its tour.
#[component]
pub fn WalkthroughButton(option_id: StoredValue<String>) -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <button
            class="small"
            data-testid="walkthrough"
            on:click=move |_| start(state.tour, option_id.get_value())
        >
            "Walk me through it"
        </button>
    }
}
