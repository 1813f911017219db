//! The drafts saved in this browser: open, rename, duplicate, delete (with undo).

use leptos::prelude::*;

use super::deferred_code::view_apart;
use super::{AppState, Opened};

fn when(updated_ms: f64) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(updated_ms));
    let text: String = date
        .to_locale_string("default", &wasm_bindgen::JsValue::UNDEFINED)
        .into();
    text
}

#[component]
pub fn DraftsPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let renaming = RwSignal::new(None::<String>);
    move || {
        state
            .drafts_open
            .get()
            .then(|| view_apart(|| drafts_list(state, renaming)))
    }
}

/// The open panel: each draft with its actions, or a line saying there is none.
fn drafts_list(state: AppState, renaming: RwSignal<Option<String>>) -> impl IntoView {
    let store = state.store;
    let drafts = store.drafts.get();
    let open_id = match store.opened.get() {
        Opened::Draft(id) => Some(id),
        _ => None,
    };
    let rows = drafts
        .into_iter()
        .map(|(id, draft)| {
            let is_open = open_id.as_deref() == Some(id.as_str());
            let (open_id, rename_id, copy_id, delete_id, commit_id) =
                (id.clone(), id.clone(), id.clone(), id.clone(), id.clone());
            let editing = renaming.with(|r| r.as_deref() == Some(id.as_str()));
            let name_view = if editing {
                view! {
                    <input
                        class="rename"
                        data-testid="draft-rename-input"
                        aria-label="New name"
                        value=draft.name.clone()
                        autofocus=true
                        on:change=move |ev| {
                            let name = event_target_value(&ev);
                            if !name.trim().is_empty() {
                                store.rename_draft(&commit_id, name.trim().to_string());
                            }
                            renaming.set(None);
                        }
                    />
                }
                .into_any()
            } else {
                view! { <span class="draft-name">{draft.name.clone()}</span> }.into_any()
            };
            view! {
                <li class="draft" class:current=is_open data-testid="draft" data-draft-id=id.clone()>
                    {name_view}
                    <span class="muted">" · " {when(draft.updated_ms)} {is_open.then_some(" · open")}</span>
                    <span class="draft-actions">
                        <button on:click=move |_| {
                            state.selection.set(None);
                            store.open_draft(&open_id, true);
                        }>"Open"</button>
                        <button on:click=move |_| renaming.set(Some(rename_id.clone()))>"Rename"</button>
                        <button on:click=move |_| store.duplicate_draft(&copy_id)>"Duplicate"</button>
                        <button on:click=move |_| store.delete_draft(&delete_id)>"Delete"</button>
                    </span>
                </li>
            }
        })
        .collect_view();
    let empty = store.drafts.with(Vec::is_empty);
    view! {
        <section class="drafts" data-testid="drafts" aria-label="Drafts saved in this browser">
            <h2>"Drafts saved in this browser"</h2>
            {empty.then(|| view! {
                <p class="muted">"No drafts yet: change anything and it is saved here as a draft."</p>
            })}
            <ul>{rows}</ul>
        </section>
    }
}
