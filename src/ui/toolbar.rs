//! The page's commands: undo and redo, share, drafts, exports and import.

use leptos::prelude::*;
use overhead_core::{export, link};
use wasm_bindgen::JsCast;

use super::{browser, import_file, AppState, NoticeKind};

#[component]
pub fn Toolbar() -> impl IntoView {
    let state = expect_context::<AppState>();
    let store = state.store;
    let share_url = RwSignal::new(String::new());

    let share = move |_| {
        let url = browser::address_with("", &store.decision.with_untracked(link::encode));
        share_url.set(url.clone());
        leptos::task::spawn_local(async move {
            let length = url.chars().count();
            if browser::copy(url).await {
                store.say(
                    NoticeKind::Info,
                    format!("Link copied to the clipboard ({length} characters). It holds the whole decision; nothing is sent anywhere."),
                );
            } else {
                store.say(
                    NoticeKind::Info,
                    "The clipboard is not available here: the link is in the box beside Share; select it and copy it.",
                );
            }
        });
    };

    let export_markdown = move |_| {
        let decision = store.decision.get_untracked();
        let computed = state.computed.get_untracked();
        let Ok(analysis) = computed.0.as_ref() else {
            store.say(
                NoticeKind::Error,
                "The model has an error (see above): fix it before exporting a record.",
            );
            return;
        };
        let url = browser::address_with("", &link::encode(&decision));
        let text = export::markdown(&decision, analysis, &url);
        store.offer_download("record", &decision.title, "md", "text/markdown", &text);
    };

    let export_json = move |_| {
        let decision = store.decision.get_untracked();
        let text = export::to_json(&decision);
        store.offer_download("JSON", &decision.title, "json", "application/json", &text);
    };

    let import = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        if let Some(file) = input.files().and_then(|files| files.get(0)) {
            import_file(store, file);
        }
        // Let the same file be picked again.
        input.set_value("");
    };

    view! {
        <nav class="toolbar" aria-label="Commands">
            <button
                data-testid="undo"
                title="Undo (Ctrl+Z)"
                disabled=move || !store.can_undo.get()
                on:click=move |_| store.undo()
            >
                "Undo"
            </button>
            <button
                data-testid="redo"
                title="Redo (Ctrl+Shift+Z)"
                disabled=move || !store.can_redo.get()
                on:click=move |_| store.redo()
            >
                "Redo"
            </button>
            <button class="primary" data-testid="share-link" on:click=share>"Share"</button>
            <input
                class="share-url"
                class:hidden=move || share_url.with(String::is_empty)
                data-testid="share-url"
                aria-label="Link to this decision"
                readonly=true
                prop:value=move || share_url.get()
                on:focus=move |ev| {
                    if let Some(input) = ev
                        .target()
                        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
                    {
                        input.select();
                    }
                }
            />
            <button
                data-testid="drafts-toggle"
                aria-expanded=move || state.drafts_open.get().to_string()
                on:click=move |_| state.drafts_open.update(|open| *open = !*open)
            >
                {move || format!("Drafts ({})", store.drafts.with(Vec::len))}
            </button>
            <button data-testid="export-markdown" on:click=export_markdown>"Export record"</button>
            <button data-testid="export-json" on:click=export_json>"Export JSON"</button>
            <label class="button">
                "Import JSON"
                <input
                    class="visually-hidden"
                    type="file"
                    accept=".json,application/json"
                    data-testid="import-json"
                    on:change=import
                />
            </label>
        </nav>
    }
}
