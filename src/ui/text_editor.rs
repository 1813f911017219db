//! The whole document as TOML text (the schema of `data/scenarios`), in sync both ways: an edit
//! in the page rewrites the text; typed text that parses and validates replaces the document
//! (debounced, one undo step per burst of typing). Text that does not shows where and why, the
//! last good model stays on screen, and the text stays exactly as typed, saved with the draft.
//!
//! Reading the text is the text worker's job (`src/bin/text_worker.rs`): the TOML reader is too
//! big for the first load. The worker starts when the editor is first focused or typed in, or
//! when a reopened draft holds text that did not parse; the writer (`to_toml`) stays here.
//! A text over 16 KB is written only while the editor is in view or focused, and one over 128 KB
//! only while it is focused: the browser lays out every line of a textarea whose value is set,
//! a tenth of a second for a 1,000-component model. A document whose text is sure to be over
//! 128 KB (`least_toml_len`: 5,042 components and edges) is not even written to be measured.
//! Requests are numbered and only the answer to the latest one is used, so a slow answer about
//! old text never overwrites newer state. A worker that cannot start or dies is reported in the
//! page; the typed text is kept and the next edit starts a new worker.

use std::time::Duration;

use leptos::html;
use leptos::prelude::*;
use overhead_core::edit::Command;
use overhead_core::model::Decision;
use overhead_core::text::{least_toml_len, to_toml, ReadRequest, Reply, WorkerMessage};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{IntersectionObserver, IntersectionObserverEntry, IntersectionObserverInit};

use super::store::Store;
use super::worker::{self, describe, Slot};
use super::AppState;

/// How long typing pauses before the text is read.
const DEBOUNCE: Duration = Duration::from_millis(300);

/// How long after a change the page writes the text, so that the change's numbers are drawn
/// first.
const REWRITE_DELAY: Duration = Duration::from_millis(30);

/// A text longer than this is written into the editor only while the editor is in view (or
/// focused): the browser lays out every line of a textarea whenever its value is set, which
/// takes a tenth of a second for a 1,000-component model and would follow every edit.
const WRITE_WHEN_SEEN_ABOVE: usize = 16 * 1024;

/// A text longer than this is written into the editor only when the editor is focused: at a
/// thousand components (470 KB) writing it costs a tenth of a second of layout, after every
/// edit, for as long as the editor is in view. Until then the editor is empty and says why.
const WRITE_ON_FOCUS_ABOVE: usize = 128 * 1024;

/// How far outside the viewport the editor counts as in view, so that its text is written
/// just before it is scrolled to.
const SEEN_MARGIN: &str = "600px";

/// The worker's entry script, written by Trunk (`data-loader-shim`) beside the page. Workers
/// are not file-hashed, so the name is fixed.
const WORKER_SCRIPT: &str = "./text-worker_loader.js";

/// Why the text was sent to the worker, which decides what its answer does.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Purpose {
    /// The user typed it: a good text replaces the document, a bad one is kept with its error.
    Typed,
    /// A reopened draft holds it, unparsed: only say again why it does not read.
    Reopened,
}

/// The latest request; an answer to any other is stale.
struct Asked {
    seq: u64,
    text: String,
    purpose: Purpose,
}

#[derive(Default)]
struct ReaderState {
    worker: Slot,
    asked: Option<Asked>,
    last_seq: u64,
}

/// The page's side of the text worker: starts it on demand, numbers requests, and hands the
/// answer to the latest one to the editor.
#[derive(Clone, Copy)]
struct TextReader {
    state: StoredValue<ReaderState, LocalStorage>,
    store: Store,
    error: RwSignal<Option<String>>,
    /// The document the text typed by the user stands for: the page does not rewrite text that
    /// already says the document in the user's own layout (and under the user's cursor).
    typed_document: StoredValue<Option<Decision>>,
}

impl TextReader {
    fn new(store: Store, error: RwSignal<Option<String>>) -> TextReader {
        TextReader {
            state: StoredValue::new_local(ReaderState::default()),
            store,
            error,
            typed_document: StoredValue::new(None),
        }
    }

    /// Starts the worker now, if it is not running, so that it is ready by the time the text
    /// is read.
    fn warm_up(self) {
        if self.state.try_with_value(|s| !s.worker.is_running()) == Some(true) {
            self.start();
        }
    }

    /// Sends `text` to be read; any earlier request's answer will be ignored.
    fn ask(self, text: String, purpose: Purpose) {
        self.state.update_value(|s| {
            s.last_seq += 1;
            s.asked = Some(Asked {
                seq: s.last_seq,
                text,
                purpose,
            });
        });
        match self
            .state
            .try_with_value(|s| (s.worker.is_running(), s.worker.ready().is_some()))
        {
            Some((_, true)) => self.send_latest(),
            // Sent when the worker says it is ready.
            Some((true, false)) => {}
            Some((false, _)) => self.start(),
            // The editor is gone.
            None => {}
        }
    }

    /// Stops the worker for good (the editor is gone): nothing it could still post is heard.
    fn shut_down(self) {
        self.state.update_value(|s| {
            s.worker.stop();
            s.asked = None;
        });
    }

    /// Forgets the latest request: its answer, when it comes, changes nothing.
    fn forget_request(self) {
        self.state.update_value(|s| s.asked = None);
    }

    fn send_latest(self) {
        let message = self.state.try_with_value(|s| {
            let asked = s.asked.as_ref()?;
            let worker = s.worker.ready()?.clone();
            let request = ReadRequest {
                seq: asked.seq,
                text: asked.text.clone(),
            };
            Some((worker, request.to_json()))
        });
        if let Some(Some((worker, json))) = message {
            if let Err(error) = worker.post_message(&JsValue::from_str(&json)) {
                self.fail(&format!("it refused the text ({})", describe(&error)));
            }
        }
    }

    fn start(self) {
        worker::start(
            self.state,
            |s| &mut s.worker,
            WORKER_SCRIPT,
            move |data| self.receive(data.as_string().unwrap_or_default()),
            move |why| self.fail(&why),
        );
    }

    fn receive(self, json: String) {
        match WorkerMessage::from_json(&json) {
            Ok(WorkerMessage::Ready) => {
                self.state.update_value(|s| s.worker.mark_ready());
                self.send_latest();
            }
            Ok(WorkerMessage::Read { seq, reply }) => {
                let latest = self
                    .state
                    .try_update_value(|s| match &s.asked {
                        Some(asked) if asked.seq == seq => s.asked.take(),
                        _ => None,
                    })
                    .flatten();
                if let Some(asked) = latest {
                    self.apply(asked, reply);
                }
            }
            Ok(WorkerMessage::Unreadable { message }) => {
                self.fail(&format!("it did not understand the page ({message})"));
            }
            Err(message) => {
                self.fail(&format!("its answer could not be read ({message})"));
            }
        }
    }

    /// What `from_toml`'s result does, now that it has come back.
    fn apply(self, asked: Asked, reply: Reply) {
        let Self { store, error, .. } = self;
        match (asked.purpose, reply) {
            (Purpose::Typed, Reply::Parsed(decision)) => {
                error.set(None);
                self.typed_document.set_value(Some((*decision).clone()));
                let changed = store.decision.with_untracked(|d| *d != *decision);
                if changed {
                    store.unparsed_text.set(None);
                    store.dispatch(Command::Replace(decision));
                } else {
                    store.keep_unparsed_text(None);
                }
            }
            (Purpose::Typed, Reply::Refused(e)) => {
                error.set(Some(e.to_string()));
                store.keep_unparsed_text(Some(asked.text));
            }
            (Purpose::Reopened, Reply::Refused(e)) => {
                if store
                    .unparsed_text
                    .with_untracked(|t| t.as_ref() == Some(&asked.text))
                {
                    error.set(Some(e.to_string()));
                }
            }
            // The kept text reads now; it stays as it is until the user edits it.
            (Purpose::Reopened, Reply::Parsed(_)) => {}
        }
    }

    /// The worker is gone: say so, and keep the text it was reading.
    fn fail(self, why: &str) {
        let asked = self
            .state
            .try_update_value(|s| {
                s.worker.stop();
                s.asked.take()
            })
            .flatten();
        self.error.set(Some(format!(
            "The text could not be read: the text reader {why}. Your text is kept; \
             edit it to try again."
        )));
        if let Some(Asked {
            text,
            purpose: Purpose::Typed,
            ..
        }) = asked
        {
            self.store.keep_unparsed_text(Some(text));
        }
    }
}

#[component]
pub fn TextEditor() -> impl IntoView {
    let state = expect_context::<AppState>();
    let store = state.store;
    let area: NodeRef<html::Textarea> = NodeRef::new();
    let error = RwSignal::new(None::<String>);
    let pending = StoredValue::new(None::<TimeoutHandle>);
    let reader = TextReader::new(store, error);
    on_cleanup(move || reader.shut_down());

    // The page changed the document (or another was opened): show it as text, unless the
    // user's own text does not parse yet — that text is never thrown away.
    // Writing the text is kept off the edit's own task (a big model's text takes a while to
    // write and lay out): the numbers answer first, the text follows a moment later; a big text
    // waits until the editor is in view or focused (`unseen`).
    let rewrite = StoredValue::new(None::<TimeoutHandle>);
    let unseen = UnseenText::watch(area, store.decision);
    Effect::new(move |_| {
        let kept = store.unparsed_text.get();
        store.decision.track();
        if let Some(handle) = rewrite.get_value() {
            handle.clear();
        }
        let write = move || {
            let text = match store.unparsed_text.get_untracked() {
                Some(text) => Some(text),
                // Text the user typed that says this very document stays as they laid it out.
                None if store.decision.with_untracked(|d| {
                    reader.typed_document.with_value(|t| t.as_ref() == Some(d))
                }) =>
                {
                    None
                }
                None => {
                    reader.typed_document.set_value(None);
                    // A long text already held back stays so without being written again:
                    // at the limits, writing it took 20 ms after every edit. One sure to be
                    // too long is held back unwritten: a model at the limits is 3.9 MB of
                    // text, 25-30 ms to write natively, written only to be measured as the
                    // page opened it.
                    if unseen.holds_back_the_document() || unseen.hold_back_if_sure_too_long() {
                        return;
                    }
                    Some(store.decision.with_untracked(to_toml))
                }
            };
            if let Some(text) = text {
                unseen.write(text, store.unparsed_text.with_untracked(Option::is_some));
            }
        };
        rewrite.set_value(set_timeout_with_handle(write, REWRITE_DELAY).ok());
        if kept.is_none() {
            error.set(None);
        } else if let Some(typed) = kept {
            // Reopened with text that did not parse: say why again.
            if error.with_untracked(Option::is_none) {
                reader.ask(typed, Purpose::Reopened);
            }
        }
    });

    let on_input = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        // An answer about the text before this keystroke would put that older text (or its
        // document) back into the editor under the user's hands: it is obsolete now.
        reader.forget_request();
        if let Some(handle) = pending.get_value() {
            handle.clear();
        }
        let handle =
            set_timeout_with_handle(move || reader.ask(text, Purpose::Typed), DEBOUNCE).ok();
        pending.set_value(handle);
    };

    let reset = move |_| {
        if let Some(handle) = pending.get_value() {
            handle.clear();
        }
        reader.forget_request();
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
                placeholder=move || unseen.placeholder()
                on:focus=move |_| {
                    unseen.show_now();
                    reader.warm_up();
                }
                on:input=on_input
            ></textarea>
        </section>
    }
}

/// The editor's text, written at once when it is short, when the editor is in view if it is
/// long, and when the editor is focused if it is longer still; until then the editor holds no
/// out-of-date text and, for a text held back, says why.
#[derive(Clone, Copy)]
struct UnseenText {
    area: NodeRef<html::Textarea>,
    /// The editor is in view (within `SEEN_MARGIN`), as an intersection observer last said.
    in_view: StoredValue<bool>,
    /// Text waiting for the editor to be seen or focused.
    waiting: StoredValue<Option<Waiting>>,
    /// The page's document, whose text a held-back editor writes when focused.
    document: RwSignal<Decision>,
    /// A text waits for the editor to be focused, which the editor says.
    held_back: RwSignal<bool>,
}

/// What the editor writes when it is seen or focused.
enum Waiting {
    Text(String),
    /// The page's document as it is then: a text too long to write after every edit, found so
    /// when the document had this many components and edges.
    Document {
        held_back_at: usize,
    },
}

impl UnseenText {
    fn watch(area: NodeRef<html::Textarea>, document: RwSignal<Decision>) -> UnseenText {
        let unseen = UnseenText {
            area,
            in_view: StoredValue::new(false),
            waiting: StoredValue::new(None),
            document,
            held_back: RwSignal::new(false),
        };
        let observer =
            StoredValue::new_local(None::<(IntersectionObserver, Closure<dyn Fn(js_sys::Array)>)>);
        Effect::new(move |_| {
            let Some(element) = area.get() else { return };
            let on_change = Closure::<dyn Fn(js_sys::Array)>::new(move |entries: js_sys::Array| {
                let seen = entries
                    .iter()
                    .filter_map(|entry| entry.dyn_into::<IntersectionObserverEntry>().ok())
                    .next_back()
                    .is_some_and(|entry| entry.is_intersecting());
                unseen.in_view.set_value(seen);
                let waiting_fits = unseen.waiting.with_value(|waiting| {
                    matches!(waiting, Some(Waiting::Text(text)) if text.len() <= WRITE_ON_FOCUS_ABOVE)
                });
                if seen && waiting_fits {
                    unseen.show_now();
                }
            });
            let options = IntersectionObserverInit::new();
            options.set_root_margin(SEEN_MARGIN);
            if let Ok(watching) =
                IntersectionObserver::new_with_options(on_change.as_ref().unchecked_ref(), &options)
            {
                watching.observe(&element);
                observer.set_value(Some((watching, on_change)));
            }
        });
        on_cleanup(move || {
            observer.try_update_value(|watching| {
                if let Some((watching, _)) = watching.take() {
                    watching.disconnect();
                }
            });
        });
        unseen
    }

    /// Shows `text` in the editor: now if it is short, the editor is focused, or it is in view
    /// and the text is not too long for that; otherwise later. `typed` says the text is the
    /// user's own, which the editor already shows and never loses.
    fn write(self, text: String, typed: bool) {
        let length = text.len();
        let now = length <= WRITE_WHEN_SEEN_ABOVE
            || self.focused()
            || (length <= WRITE_ON_FOCUS_ABOVE && self.in_view.get_value());
        let long = length > WRITE_ON_FOCUS_ABOVE && !typed;
        if long && !now {
            self.hold_back_document();
            return;
        }
        self.waiting.set_value(Some(Waiting::Text(text)));
        if now {
            self.show_now();
        }
    }

    /// Holds the page's document back, unwritten, if its text is sure to be too long to write
    /// unless the editor is focused (`text::least_toml_len`); says whether it did.
    fn hold_back_if_sure_too_long(self) -> bool {
        let too_long =
            !self.focused() && self.document.with_untracked(least_toml_len) > WRITE_ON_FOCUS_ABOVE;
        if too_long {
            self.hold_back_document();
        }
        too_long
    }

    /// Leaves the editor empty until it is focused, when it writes the page's document as it is
    /// then, and says so.
    fn hold_back_document(self) {
        self.waiting.set_value(Some(Waiting::Document {
            held_back_at: self.document.with_untracked(Decision::components_and_edges),
        }));
        // What the editor shows is out of date: emptied, it costs nothing to keep in view.
        if let Some(element) = self.area.get_untracked() {
            if element.text_length() > 0 {
                element.set_value("");
            }
        }
        self.held_back.set(true);
    }

    /// Whether the editor holds back the page's document, as too long to write unless focused,
    /// and the document is no smaller than when it was held back: then it is written when the
    /// editor is focused, as it is then. (A smaller document is measured again: it may have
    /// become short.)
    fn holds_back_the_document(self) -> bool {
        let now = self.document.with_untracked(Decision::components_and_edges);
        !self.focused()
            && self.waiting.with_value(|waiting| {
                matches!(waiting, Some(Waiting::Document { held_back_at }) if now >= *held_back_at)
            })
    }

    /// Writes the waiting text, if any.
    fn show_now(self) {
        let text = match self.waiting.try_update_value(Option::take) {
            Some(Some(Waiting::Text(text))) => text,
            Some(Some(Waiting::Document { .. })) => self.document.with_untracked(to_toml),
            _ => return,
        };
        if let Some(element) = self.area.get_untracked() {
            if element.value() != text {
                element.set_value(&text);
            }
        }
        if self.held_back.get_untracked() {
            self.held_back.set(false);
        }
    }

    fn focused(self) -> bool {
        let active = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.active_element());
        match (active, self.area.get_untracked()) {
            (Some(active), Some(area)) => {
                let area: &web_sys::Element = area.as_ref();
                active == *area
            }
            _ => false,
        }
    }

    /// What the empty editor says while a long text waits for it to be focused.
    fn placeholder(self) -> Option<String> {
        self.held_back.get().then(|| {
            format!(
                "This model's text is over {} KB: it is written here when you click or tab into this field. Written after every edit, it would slow the page down.",
                WRITE_ON_FOCUS_ABOVE / 1024
            )
        })
    }
}
