//! The page: a thin layer of Leptos components over the core.
//!
//! State is one signal holding the decision document; the analysis is a memo of it; every view
//! reads the analysis. Data flows one way: document → graph → analysis → view. Views change the
//! document only through the setters here, never the analysis.

mod context_panel;
mod details;
mod explain;
mod graph_view;
mod option_panel;

use std::sync::Arc;

use leptos::prelude::*;
use overhead_core::analysis::{analyse, Analysis};
use overhead_core::error::ModelError;
use overhead_core::model::Decision;
use overhead_core::scenario;

/// The analysis of the current document, shared by reference; equal only to itself so that the
/// memo notifies on every recomputation.
#[derive(Clone)]
pub struct Computed(pub Arc<Result<Analysis, ModelError>>);

impl PartialEq for Computed {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// The component whose details are open: the option's index and the component's id.
#[derive(Clone, Debug, PartialEq)]
pub struct Selection {
    pub option: usize,
    pub component: String,
}

/// What the views share: the document, its analysis and the open details.
#[derive(Clone, Copy)]
pub struct AppState {
    pub decision: RwSignal<Decision>,
    pub computed: Memo<Computed>,
    pub selection: RwSignal<Option<Selection>>,
}

#[component]
pub fn App() -> impl IntoView {
    let Some(initial) = scenario::landing() else {
        return view! {
            <p class="error" data-testid="error" role="alert">
                "Overhead could not load its built-in scenarios. This is a bug in this build."
            </p>
        }
        .into_any();
    };
    let decision = RwSignal::new(initial);
    let computed = Memo::new(move |_| Computed(Arc::new(decision.with(analyse))));
    let selection = RwSignal::new(None::<Selection>);
    let state = AppState {
        decision,
        computed,
        selection,
    };
    provide_context(state);

    view! {
        <header class="top">
            <div class="brand">
                <span class="logo" aria-hidden="true">"◧"</span>
                <span class="name">"Overhead"</span>
                <span class="tagline">"what each option adds to operate"</span>
            </div>
            <ScenarioPicker/>
        </header>
        <main class:with-details=move || selection.with(Option::is_some)>
            <section class="decision-head">
                <h1>{move || decision.with(|d| d.title.clone())}</h1>
                <p class="question">{move || decision.with(|d| d.question.clone())}</p>
            </section>
            <div class="workspace">
                <context_panel::ContextPanel/>
                <section class="results" aria-label="Options compared with the baseline">
                    <Results/>
                </section>
            </div>
            <details::DetailsPanel/>
            <explain::HowComputed/>
        </main>
    }
    .into_any()
}

#[component]
fn ScenarioPicker() -> impl IntoView {
    let state = expect_context::<AppState>();
    let scenarios = scenario::list();
    let current = move || {
        state
            .decision
            .with(|d| d.scenario.clone().unwrap_or_default())
    };
    view! {
        <label class="picker">
            <span>"Scenario"</span>
            <select
                data-testid="scenario-picker"
                prop:value=current
                on:change=move |ev| {
                    let id = event_target_value(&ev);
                    if let Some(decision) = scenario::load(&id) {
                        state.selection.set(None);
                        state.decision.set(decision);
                    }
                }
            >
                {scenarios
                    .into_iter()
                    .map(|entry| {
                        let selected = entry.id == current();
                        view! {
                            <option value=entry.id.clone() selected=selected>
                                {entry.title}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </label>
    }
}

#[component]
fn Results() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        let computed = state.computed.get();
        match computed.0.as_ref() {
            Err(error) => view! {
                <div class="error" data-testid="error" role="alert">
                    <strong>"This model cannot be computed: "</strong>
                    {error.to_string()}
                </div>
            }
            .into_any(),
            Ok(analysis) => {
                let columns = analysis.options.len();
                view! {
                    <div class="options" style=format!("--columns: {columns}")>
                        {(0..columns)
                            .map(|index| {
                                view! {
                                    <option_panel::OptionPanel
                                        computed=computed.clone()
                                        index=index
                                    />
                                }
                            })
                            .collect_view()}
                    </div>
                }
                .into_any()
            }
        }
    }
}
