//! Says when a document was made with an earlier cost model, and offers to see it with today's:
//! both models' numbers side by side, and a draft forked with today's model. The document on
//! screen, and its link, keep computing as they did when they were made.

use leptos::prelude::*;
use overhead_core::format::{signed_count, signed_money};
use overhead_core::upgrade::{self, SideBySide};

use super::deferred_code::view_apart;
use super::AppState;

#[component]
pub fn ModelNotice() -> impl IntoView {
    let state = expect_context::<AppState>();
    let store = state.store;
    let older = Memo::new(move |_| {
        store
            .decision
            .with(|d| upgrade::is_older(d).then_some((d.cost_model, d.catalog_version)))
    });
    // The comparison is worked out when asked for, and dropped when the model changes: another
    // document opened, or this one edited, even with the same cost model and catalog.
    let compared = RwSignal::new(None::<Result<SideBySide, String>>);
    Effect::new(move |_| {
        state.model.track();
        compared.set(None);
    });
    let see_today = move |_| {
        let result = store
            .decision
            .with_untracked(upgrade::side_by_side)
            .map_err(|error| error.to_string());
        compared.set(Some(result));
    };
    let fork = move |_| {
        let upgraded = compared.with_untracked(|c| match c {
            Some(Ok(side_by_side)) => Some(side_by_side.upgraded.clone()),
            _ => None,
        });
        if let Some(decision) = upgraded {
            store.import(decision);
        }
    };
    move || {
        older.get().map(|(model, catalog)| {
            view_apart(move || view! {
                <section class="model-notice" data-testid="older-model" aria-label="Made with an earlier model">
                    <p>
                        {format!(
                            "Made with cost model {model} and catalog v{catalog}: these are the numbers it had when it was made, and its link keeps them. Today's model ({}) fixes rules a design review found wrong.",
                            upgrade::TODAY
                        )}
                        " "
                        <button class="small" data-testid="see-today" on:click=see_today>
                            "See it with today's model"
                        </button>
                    </p>
                    {move || compared.get().map(|result| match result {
                        Ok(side_by_side) => comparison_view(&side_by_side, fork).into_any(),
                        Err(error) => view! {
                            <p class="error" role="alert" data-testid="error">
                                {format!("Today's model cannot compute this document: {error}")}
                            </p>
                        }
                        .into_any(),
                    })}
                </section>
            })
        })
    }
}

/// The comparison, once asked for. Never inlined into the closure that shows it when there is
/// one, which runs whenever the notice does (an older link, opened at the start): the split
/// keeps the code the start runs in the first load, a function at a time, and this is not
/// needed there.
#[inline(never)]
fn comparison_view(
    side_by_side: &SideBySide,
    fork: impl Fn(leptos::ev::MouseEvent) + 'static,
) -> impl IntoView {
    let then = side_by_side.then_model;
    let rows = side_by_side
        .rows
        .iter()
        .map(|row| {
            view! {
                <tr>
                    <th scope="row">{row.option.clone()}</th>
                    <td>{signed_count(row.then.added_components)}</td>
                    <td>{signed_count(row.today.added_components)}</td>
                    <td>{signed_money(row.then.net_month)}</td>
                    <td data-testid="today-net-monthly-value">{signed_money(row.today.net_month)}</td>
                    <td>{row.then.verdict.sentence()}</td>
                    <td>{row.today.verdict.sentence()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="model-comparison" data-testid="model-comparison">
            <caption>"The same document, computed with each model"</caption>
            <thead>
                <tr>
                    <th scope="col">"Option"</th>
                    <th scope="col">{format!("To manage, model {then}")}</th>
                    <th scope="col">{format!("To manage, model {}", upgrade::TODAY)}</th>
                    <th scope="col">{format!("Net a month, model {then}")}</th>
                    <th scope="col">{format!("Net a month, model {}", upgrade::TODAY)}</th>
                    <th scope="col">{format!("Verdict, model {then}")}</th>
                    <th scope="col">{format!("Verdict, model {}", upgrade::TODAY)}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
        <p class="muted">
            "Today's model also asks whether the servers are owned (taken as yes on a fixed fleet), how much capacity is spare (15%), how many teams ship (1) and the hours a deploy takes (0.5): change them in the draft."
        </p>
        <button data-testid="fork-today" on:click=fork>
            "Open a draft with today's model"
        </button>
    }
}
