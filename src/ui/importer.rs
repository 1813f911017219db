//! Imports of what teams run: a docker-compose file or Kubernetes manifests, chosen as a file
//! (`import-compose`) or pasted (`import-text`), become a new option of the open document. What
//! could not be mapped to a kind is listed, with what else the import has to say.
//!
//! The reading runs in the import worker (`src/bin/import_worker.rs`), started on the first
//! import: the YAML reader is not part of the page's first load. One import at a time; a
//! worker that fails or does not start in time is reported, and the next import starts it anew.

use leptos::prelude::*;
use leptos::wasm_bindgen::JsValue;
use overhead_core::edit::Command;
use overhead_core::import::{ImportMessage, ImportRequest, Imported, Unmapped};
use overhead_core::palette::{first_matching, Findable};

use super::browser;
use super::store::Store;
use super::worker::{self, describe, Slot};
use super::{more_to_find, FindField};

const WORKER_SCRIPT: &str = "./import-worker_loader.js";

/// What the last import came to.
#[derive(Clone, Debug, PartialEq)]
enum Outcome {
    Added {
        option: String,
        unmapped: Vec<Unmapped>,
        notes: Vec<String>,
    },
    Refused(String),
}

#[derive(Default)]
struct Client {
    worker: Slot,
    /// The request waiting for the worker to be ready, and what it imports (for messages).
    waiting: Option<String>,
    source: String,
}

/// The page's importer: the import worker's client, and what the panel shows. Provided by the
/// app, so that a file dropped anywhere on the page is imported here.
#[derive(Clone, Copy)]
pub(crate) struct Importer {
    client: StoredValue<Client, LocalStorage>,
    store: Store,
    outcome: RwSignal<Option<Outcome>>,
    busy: RwSignal<bool>,
    /// The panel is open (an import from a dropped file opens it, to show what came of it).
    open: RwSignal<bool>,
}

/// Whether a file's name says it is YAML (a compose file or manifests), not a JSON document.
pub(crate) fn is_yaml(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    name.ends_with(".yml") || name.ends_with(".yaml")
}

impl Importer {
    pub(crate) fn new(store: Store) -> Importer {
        Importer {
            client: StoredValue::new_local(Client::default()),
            store,
            outcome: RwSignal::new(None),
            busy: RwSignal::new(false),
            open: RwSignal::new(false),
        }
    }

    /// Reads a chosen or dropped file and imports it.
    pub(crate) fn import_file(self, file: web_sys::File) {
        self.open.set(true);
        leptos::task::spawn_local(async move {
            let name = format!("“{}”", file.name());
            match browser::read_text(file).await {
                Ok(text) => self.ask(text, name),
                Err(error) => self.outcome.set(Some(Outcome::Refused(format!(
                    "{name} could not be read: {error}. Nothing was changed."
                )))),
            }
        });
    }

    /// Imports `text`, read from `source` (a file's name, or "the pasted text").
    fn ask(self, text: String, source: String) {
        let catalog_version = self.store.decision.with_untracked(|d| d.catalog_version);
        let request = ImportRequest {
            text,
            catalog_version,
        }
        .to_json();
        self.busy.set(true);
        self.outcome.set(None);
        let ready = self.client.try_update_value(|c| {
            c.waiting = Some(request);
            c.source = source;
            (c.worker.is_running(), c.worker.ready().is_some())
        });
        match ready {
            Some((_, true)) => self.send(),
            Some((true, false)) => {}
            Some((false, _)) => self.start(),
            None => {}
        }
    }

    fn start(self) {
        worker::start(
            self.client,
            |c| &mut c.worker,
            WORKER_SCRIPT,
            move |data| self.receive(data.as_string().unwrap_or_default()),
            move |why| self.fail(&why),
        );
    }

    fn send(self) {
        let posted = self
            .client
            .try_update_value(|c| {
                let request = c.waiting.take()?;
                Some(c.worker.ready()?.post_message(&JsValue::from_str(&request)))
            })
            .flatten();
        if let Some(Err(error)) = posted {
            self.fail(&format!("it refused the text ({})", describe(&error)));
        }
    }

    fn receive(self, json: String) {
        match ImportMessage::from_json(&json) {
            Ok(ImportMessage::Ready) => {
                self.client.update_value(|c| c.worker.mark_ready());
                self.send();
            }
            Ok(ImportMessage::Done(result)) => {
                self.busy.set(false);
                let source = self.client.with_value(|c| c.source.clone());
                match result {
                    Ok(imported) => self.add(imported),
                    Err(error) => self.outcome.set(Some(Outcome::Refused(format!(
                        "{source} was not imported: {error}. Nothing was changed."
                    )))),
                }
            }
            Ok(ImportMessage::Unreadable { message }) => {
                self.fail(&format!("it did not understand the page ({message})"));
            }
            Err(message) => self.fail(&format!("its answer could not be read ({message})")),
        }
    }

    fn add(self, imported: Imported) {
        let Imported {
            option,
            unmapped,
            notes,
        } = imported;
        let name = option.name.clone();
        // A refused option (kinds the document lacks, too many options) is said by the store.
        if self.store.dispatch(Command::AddMadeOption { option }) {
            self.outcome.set(Some(Outcome::Added {
                option: name,
                unmapped,
                notes,
            }));
        }
    }

    /// The worker failed: stopped, said, and started anew by the next import.
    fn fail(self, why: &str) {
        self.client.update_value(|c| {
            c.worker.stop();
            c.waiting = None;
        });
        self.busy.set(false);
        self.outcome.set(Some(Outcome::Refused(format!(
            "The importer could not run: {why}. Nothing was changed; importing again starts it anew."
        ))));
    }
}

#[component]
pub fn ImportPanel() -> impl IntoView {
    let importer = expect_context::<Importer>();
    // The text area keeps what is pasted; it is read when asked to import. Bound to a signal
    // both ways, every input wrote the whole text back: pasting 20 KB blocked the page 2.6 s.
    let pasted: NodeRef<leptos::html::Textarea> = NodeRef::new();
    let on_file = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        if let Some(file) = input.files().and_then(|files| files.get(0)) {
            // The same file chosen again is a new import.
            input.set_value("");
            importer.import_file(file);
        }
    };
    let on_paste_import = move |_| {
        let text = pasted
            .get_untracked()
            .map(|area| area.value())
            .unwrap_or_default();
        if !text.trim().is_empty() {
            importer.ask(text, "The pasted text".to_string());
        }
    };
    view! {
        <details
            class="import-panel"
            prop:open=move || importer.open.get()
            on:toggle=move |ev| importer.open.set(event_target::<web_sys::HtmlDetailsElement>(&ev).open())
        >
            <summary>"Import what you run: a docker-compose file or Kubernetes manifests"</summary>
            <p class="hint">
                "Each import becomes a new option. Images map to kinds of the catalog; what does not map is listed below and becomes a generic service you can give a kind."
            </p>
            <label class="button">
                "Choose a file"
                <input
                    class="visually-hidden"
                    type="file"
                    accept=".yml,.yaml,.json,text/yaml,application/yaml"
                    data-testid="import-compose"
                    on:change=on_file
                />
            </label>
            <label class="import-text">
                <span>"Or paste it here"</span>
                <textarea
                    data-testid="import-text"
                    rows="8"
                    spellcheck="false"
                    node_ref=pasted
                ></textarea>
            </label>
            <button
                data-testid="import-text-submit"
                disabled=move || importer.busy.get()
                on:click=on_paste_import
            >
                "Import the pasted text"
            </button>
            <div data-testid="import-result" role="status" aria-live="polite">
                {move || importer.busy.get().then(|| view! { <p class="hint">"Importing…"</p> })}
                {move || importer.outcome.get().map(outcome_view)}
            </div>
        </details>
    }
}

fn outcome_view(outcome: Outcome) -> AnyView {
    match outcome {
        Outcome::Refused(message) => view! {
            <p class="field-error" data-testid="error" role="alert">{message}</p>
        }
        .into_any(),
        Outcome::Added {
            option,
            unmapped,
            notes,
        } => {
            let unmapped: Vec<(String, String)> = unmapped
                .into_iter()
                .map(|u| {
                    let image = u.image.unwrap_or_else(|| "built from source".to_string());
                    (u.component, image)
                })
                .collect();
            let unmapped_list = (!unmapped.is_empty()).then(|| {
                view! {
                    <p>"Not mapped to a kind, so added as generic services (open one to give it a kind):"</p>
                    {cut_list(unmapped, "Find a service", "import-unmapped-filter", |(component, image)| {
                        view! { <li data-testid="import-unmapped"><code>{component.clone()}</code> " (" {image.clone()} ")"</li> }
                            .into_any()
                    })}
                }
            });
            view! {
                <p>"Added the option “" {option} "”."</p>
                {unmapped_list}
                {cut_list(notes, "Find a note", "import-notes-filter", |note| {
                    view! { <li class="hint">{note.clone()}</li> }.into_any()
                })}
            }
            .into_any()
        }
    }
}

/// At most this many of an import's unmapped services, or of its notes, are listed at once: an
/// import of thousands of services lists the first and finds the others by what is typed.
const LISTED_AT_MOST: usize = 100;

/// `items` as a list of their first [`LISTED_AT_MOST`] that hold what is typed in a find field,
/// the field shown only when the list is longer than that.
fn cut_list<T: Findable + Send + Sync + 'static>(
    items: Vec<T>,
    filter_label: &'static str,
    filter_testid: &'static str,
    item: impl Fn(&T) -> AnyView + Send + Sync + 'static,
) -> impl IntoView {
    let long = items.len() > LISTED_AT_MOST;
    let filter = RwSignal::new(String::new());
    let listed = move || {
        let (first, more) = filter.with(|typed| first_matching(&items, typed, LISTED_AT_MOST));
        view! {
            <ul class="plain">{first.into_iter().map(&item).collect_view()}</ul>
            {more_to_find(more)}
        }
    };
    view! {
        {long.then(|| view! { <FindField class="field" label=filter_label testid=filter_testid filter=filter/> })}
        {listed}
    }
}
