//! The decision record's own words: title, question, status, the chosen option, rationale.

use leptos::prelude::*;
use overhead_core::edit::Command;
use overhead_core::model::Status;

use super::AppState;

#[component]
pub fn DecisionPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let store = state.store;
    let status_value = move || store.decision.with(|d| d.status.label().to_string());
    let chosen_value = move || {
        store
            .decision
            .with(|d| d.chosen.clone().unwrap_or_default())
    };
    let options = Memo::new(move |_| {
        store.decision.with(|d| {
            d.options
                .iter()
                .map(|o| (o.id.clone(), o.name.clone()))
                .collect::<Vec<_>>()
        })
    });
    view! {
        <section class="decision-panel" aria-label="Decision record">
            <h2>"Decision record"</h2>
            <div class="decision-grid">
                <label class="wide">
                    <span>"Title"</span>
                    <input
                        data-testid="decision-title"
                        prop:value=move || store.decision.with(|d| d.title.clone())
                        on:input=move |ev| {
                            let title = event_target_value(&ev);
                            store.dispatch(Command::SetTitle(title));
                        }
                    />
                </label>
                <label class="wide">
                    <span>"Question"</span>
                    <input
                        data-testid="decision-question"
                        prop:value=move || store.decision.with(|d| d.question.clone())
                        on:input=move |ev| {
                            let question = event_target_value(&ev);
                            store.dispatch(Command::SetQuestion(question));
                        }
                    />
                </label>
                <label>
                    <span>"Status"</span>
                    <select
                        data-testid="decision-status"
                        on:change=move |ev| {
                            let label = event_target_value(&ev);
                            if let Some(status) = Status::ALL.into_iter().find(|s| s.label() == label) {
                                store.dispatch(Command::SetStatus(status));
                            }
                        }
                    >
                        {Status::ALL
                            .into_iter()
                            .map(|s| {
                                view! {
                                    <option value=s.label() prop:selected=move || status_value() == s.label()>
                                        {s.label()}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
                <label>
                    <span>"Chosen option"</span>
                    <select
                        data-testid="decision-chosen"
                        on:change=move |ev| {
                            let id = event_target_value(&ev);
                            store.dispatch(Command::Choose((!id.is_empty()).then_some(id)));
                        }
                    >
                        <option value="" prop:selected=move || chosen_value().is_empty()>
                            "not decided yet"
                        </option>
                        {move || {
                            options
                                .get()
                                .into_iter()
                                .map(|(id, name)| {
                                    let value = id.clone();
                                    view! {
                                        <option value=id prop:selected=move || chosen_value() == value>
                                            {name}
                                        </option>
                                    }
                                })
                                .collect_view()
                        }}
                    </select>
                </label>
                <label class="wide">
                    <span>"Rationale"</span>
                    <textarea
                        data-testid="decision-rationale"
                        rows="4"
                        prop:value=move || store.decision.with(|d| d.rationale.clone())
                        on:input=move |ev| {
                            let rationale = event_target_value(&ev);
                            store.dispatch(Command::SetRationale(rationale));
                        }
                    ></textarea>
                </label>
            </div>
        </section>
    }
}
