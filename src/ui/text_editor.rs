//! The whole document as TOML text (the schema of `data/scenarios`), in sync both ways: an edit
//! in the page rewrites the text; typed text that parses and validates replaces the document
//! (debounced, one undo step per burst of typing). Text that does not shows where and why, the
//! last good model stays on screen, and the text stays exactly as typed, saved with the draft.

use std::time::Duration;

use leptos::html;
use leptos::prelude::*;
use overhead_core::edit::Command;
use overhead_core::text::{from_toml, to_toml};

use super::AppState;

/// How long typing pauses before the text is read.
const DEBOUNCE: Duration = Duration::from_millis(300);

#[component]
pub fn TextEditor() -> impl IntoView {
    let state = expect_context::<AppState>();
    let store = state.store;
    let area: NodeRef<html::Textarea> = NodeRef::new();
    let error = RwSignal::new(None::<String>);
    let pending = StoredValue::new(None::<TimeoutHandle>);

    // The page changed the document (or another was opened): show it as text, unless the
    // user's own text does not parse yet — that text is never thrown away.
    Effect::new(move |_| {
        let kept = store.unparsed_text.get();
        let text = match kept {
            Some(text) => text,
            None => store.decision.with(to_toml),
        };
        if let Some(element) = area.get() {
            if element.value() != text {
                element.set_value(&text);
            }
        }
        if store.unparsed_text.with_untracked(Option::is_none) {
            error.set(None);
        } else if let Some(typed) = store.unparsed_text.get_untracked() {
            // Reopened with text that did not parse: say why again.
            if error.with_untracked(Option::is_none) {
                if let Err(e) = from_toml(&typed) {
                    error.set(Some(e.to_string()));
                }
            }
        }
    });

    let read = move |text: String| match from_toml(&text) {
        Ok(decision) => {
            error.set(None);
            let changed = store.decision.with_untracked(|d| *d != decision);
            if changed {
                store.unparsed_text.set(None);
                store.dispatch(Command::Replace(Box::new(decision)));
            } else {
                store.keep_unparsed_text(None);
            }
        }
        Err(e) => {
            error.set(Some(e.to_string()));
            store.keep_unparsed_text(Some(text));
        }
    };

    let on_input = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        if let Some(handle) = pending.get_value() {
            handle.clear();
        }
        let handle = set_timeout_with_handle(move || read(text), DEBOUNCE).ok();
        pending.set_value(handle);
    };

    let reset = move |_| {
        if let Some(handle) = pending.get_value() {
            handle.clear();
        }
        store.keep_unparsed_text(None);
        error.set(None);
    };

    view! {
        <section class="model-text" aria-labelledby="model-text-title">
            <h2 id="model-text-title">"The model as text (TOML)"</h2>
            <p class="hint">
                "The whole decision in the schema of the built-in scenario files: edit it here or paste a scenario. "
                "Valid text updates the page as you type; text with an error says where, and the page keeps the last good model."
            </p>
            {move || error.get().map(|message| view! {
                <div class="error text-error" role="alert">
                    <span data-testid="error">{message}</span>
                    " "
                    <button class="link-button" on:click=reset>"Discard the text and show the model"</button>
                </div>
            })}
            <textarea
                node_ref=area
                data-testid="model-text"
                aria-label="The model as TOML text"
                spellcheck="false"
                autocomplete="off"
                rows="24"
                on:input=on_input
            ></textarea>
        </section>
    }
}
