//! The page: a thin layer of Leptos components over the core.
//!
//! State is the [`store::Store`] (the open document, its undo history, drafts and notices); the
//! analysis is a memo of the document; every view reads the analysis. Data flows one way:
//! document → graph → analysis → view. Views change the document only through the store.

mod breakeven;
mod browser;
mod component_editor;
mod context_panel;
mod decision_panel;
pub(crate) mod deferred_code;
mod details;
mod drafts;
mod explain;
mod graph_view;
mod html_patch;
mod importer;
mod kind_editor;
mod kind_members;
mod layouts;
mod model_notice;
mod offline;
mod option_panel;
mod palette;
mod ranges;
mod store;
mod svg_patch;
mod text_editor;
mod toolbar;
mod verdicts;
mod walkthrough;
mod worker;

use std::collections::VecDeque;
use std::sync::Arc;

use leptos::ev;
use leptos::prelude::*;
use overhead_core::analysis::{analyse, analyse_after, Analysis};
use overhead_core::catalog::CatalogTexts;
use overhead_core::error::ModelError;
use overhead_core::export;
use overhead_core::model::Decision;
use overhead_core::scenario;

pub use browser::mark_time;
pub use store::{NoticeKind, Opened, Opening, Store};

/// The analysis of the current document, shared by reference; equal only to itself so that the
/// memo notifies on every recomputation.
#[derive(Clone)]
pub struct Computed(pub Arc<Result<Analysis, ModelError>>);

impl PartialEq for Computed {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// The part of the document the numbers and graphs depend on: the record's own words (title,
/// question, status, chosen option, rationale) left out.
fn model_part(decision: &Decision) -> Decision {
    Decision {
        title: String::new(),
        question: String::new(),
        status: Default::default(),
        chosen: None,
        rationale: String::new(),
        scenario: None,
        catalog_version: decision.catalog_version,
        cost_model: decision.cost_model,
        context: decision.context.clone(),
        options: decision.options.clone(),
        baseline: decision.baseline.clone(),
        kinds: decision.kinds.clone(),
        // Ranges change no analysis: the draws follow them on their own (`ranges::Spreads`).
        ranges: Default::default(),
    }
}

/// The component whose details are open: the option's index and the component's id.
#[derive(Clone, Debug, PartialEq)]
pub struct Selection {
    pub option: usize,
    pub component: String,
}

/// What the views share: the store, the analysis and the open details.
#[derive(Clone, Copy)]
pub struct AppState {
    pub store: Store,
    /// The part of the document the numbers depend on (`model_part`).
    pub model: Memo<Decision>,
    pub computed: Memo<Computed>,
    pub selection: RwSignal<Option<Selection>>,
    pub drafts_open: RwSignal<bool>,
    /// The option (by index) whose add-component palette is open.
    pub palette: RwSignal<Option<usize>>,
    /// The guided tour under way, if any.
    pub tour: RwSignal<Option<walkthrough::Tour>>,
    /// The document's ranges, apart from the model: they change no analysis.
    pub ranges: Memo<overhead_core::model::Ranges>,
    /// What waits for the page's first paint (`AfterFirstPaint`).
    pub after_first_paint: FirstPaintQueue,
    /// The words of the catalog (sources' titles, addresses and notes; kinds' summaries and
    /// failures), loaded after the first paint (`load_catalog_texts`): empty until then.
    pub catalog_texts: ReadSignal<CatalogTexts>,
}

/// Where the site serves the catalog's words (copied there by Trunk, `index.html`).
const CATALOG_TEXTS_FILE: &str = "./catalog-texts.json";

/// Loads the catalog's words (46 KB gzip that no number depends on) once the page has painted:
/// only a component's details, its figure overrides, the walkthrough and "How is this
/// computed?" show them. Until they are there, and if they cannot be loaded (the page says
/// why), sources are shown by their ids and kinds by their names alone.
fn load_catalog_texts(store: Store) -> ReadSignal<CatalogTexts> {
    let texts = RwSignal::new(CatalogTexts::default());
    after_next_paint(move || {
        leptos::task::spawn_local(async move {
            let loaded = browser::fetch_text(CATALOG_TEXTS_FILE)
                .await
                .and_then(|json| CatalogTexts::from_json(&json));
            match loaded {
                Ok(loaded) => texts.set(loaded),
                Err(error) => store.say(
                    NoticeKind::Error,
                    format!("The catalog's descriptions could not be loaded ({error}): sources are shown by their ids, kinds by their names."),
                ),
            }
        });
    });
    texts.read_only()
}

/// Builds its children once the page has painted for the first time, and at once from then
/// on: what the first paint does not need (the graphs, the panels below the options) waits
/// a frame, so that opening a document paints its numbers sooner and in a shorter task. At
/// 1,000 components this brought the numbers' first paint from about 340 to about 300-320 ms
/// after the navigation, and the open's longest task from 150-170 to about 135-140 ms.
/// What waits is then built a block a task (`FirstPaintQueue`); `last`, after the others.
#[component]
pub(crate) fn AfterFirstPaint(children: ChildrenFn, #[prop(optional)] last: bool) -> impl IntoView {
    let shown = expect_context::<AppState>().after_first_paint.join(last);
    move || shown.get().then(|| children())
}

/// The blocks `AfterFirstPaint` holds back until the first paint, then built one a task, in
/// the order they were made, those made `last` after the others (the panels below the options,
/// made before the options' graphs): built in one task, those of a 1,000-component link held
/// the page for 80-130 ms.
#[derive(Clone, Copy)]
pub(crate) struct FirstPaintQueue {
    painted: StoredValue<bool>,
    waiting: StoredValue<VecDeque<RwSignal<bool>>>,
    waiting_last: StoredValue<VecDeque<RwSignal<bool>>>,
}

impl FirstPaintQueue {
    fn new() -> FirstPaintQueue {
        let queue = FirstPaintQueue {
            painted: StoredValue::new(false),
            waiting: StoredValue::new(VecDeque::new()),
            waiting_last: StoredValue::new(VecDeque::new()),
        };
        after_next_paint(move || {
            queue.painted.set_value(true);
            queue.release_next();
        });
        queue
    }

    /// Whether a block may be built: at once after the first paint, else in its turn.
    fn join(self, last: bool) -> ReadSignal<bool> {
        let shown = RwSignal::new(self.painted.get_value());
        if !shown.get_untracked() {
            let queue = if last {
                self.waiting_last
            } else {
                self.waiting
            };
            queue.update_value(|waiting| waiting.push_back(shown));
        }
        shown.read_only()
    }

    /// Lets the next block be built (as this task ends, when Leptos runs its effects) and
    /// queues the one after it in a task of its own. A block gone meanwhile (its option
    /// deleted) is skipped.
    fn release_next(self) {
        let pop = |queue: StoredValue<VecDeque<RwSignal<bool>>>| {
            queue.try_update_value(VecDeque::pop_front).flatten()
        };
        while let Some(next) = pop(self.waiting).or_else(|| pop(self.waiting_last)) {
            if next.try_set(true).is_none() {
                set_timeout(move || self.release_next(), std::time::Duration::ZERO);
                return;
            }
        }
    }
}

/// What is wrong with a field, said beside it (`id` for the field's `aria-describedby`).
pub(crate) fn field_error(
    id: Option<&'static str>,
    message: Option<String>,
) -> Option<impl IntoView> {
    message.map(|m| view! { <p id=id class="field-error" data-testid="error" role="alert">{m}</p> })
}

/// The search field over a list cut to its first matches (`palette::first_matching`): what is
/// typed in it is `filter`.
#[component]
pub(crate) fn FindField(
    label: &'static str,
    testid: &'static str,
    #[prop(optional, into)] placeholder: Option<&'static str>,
    #[prop(optional, into)] class: Option<&'static str>,
    filter: RwSignal<String>,
) -> impl IntoView {
    view! {
        <label class=class>
            <span>{label}</span>
            <input
                type="search"
                data-testid=testid
                placeholder=placeholder
                prop:value=move || filter.get()
                on:input=move |ev| filter.set(event_target_value(&ev))
            />
        </label>
    }
}

/// Under a list cut to its first matches (`palette::first_matching`): how many more there are,
/// and that typing finds them.
pub(crate) fn more_to_find(more: usize) -> Option<impl IntoView> {
    (more > 0).then(|| view! { <p class="hint">{format!("and {more} more: type to find one")}</p> })
}

/// Runs `then` in a task after the next frame is painted. An animation frame's callbacks run
/// before that frame's paint, so work put off to one alone still delays what is already on its
/// way to the screen; a task queued from it runs after the paint. During the start, it also
/// waits for the deferred part of the code (`deferred_code`).
pub(crate) fn after_next_paint(then: impl FnOnce() + 'static) {
    after_next_paint_boxed(Box::new(then));
}

/// Not generic: the frame's callback is one closure type, whose code the start runs.
fn after_next_paint_boxed(then: Box<dyn FnOnce()>) {
    request_animation_frame(move || {
        deferred_code::after(std::time::Duration::ZERO, then);
    });
}

/// The page with its state made (the store, the memos, each component's own signals and
/// effects) and its views described, not yet built into the document. The start makes it in
/// a task of its own and builds it in the next (`main.rs`): at 1,000 components, doing both in
/// one task took 55-75 ms, and the build alone 30-35 ms.
pub struct PreparedPage {
    owner: Owner,
    view: AnyView,
}

impl PreparedPage {
    pub fn prepare(opening: Opening) -> PreparedPage {
        // The page's effects run on wasm-bindgen-futures' executor, which `mount_to` would set
        // up: they are made here, before the mount.
        let _ = any_spawner::Executor::init_wasm_bindgen();
        let owner = Owner::new();
        let view = owner.with(|| view! { <App opening/> }.into_any());
        PreparedPage { owner, view }
    }

    /// Builds the page into the document's body, for as long as the page lives (as
    /// `mount_to_body`). What the page put off until after its next paint while it was
    /// prepared still comes after this: a frame painted in between queues it in a task, behind
    /// this one (`after_next_paint`).
    pub fn mount(self) {
        let PreparedPage { owner, view } = self;
        // index.html has a body; without one there is nowhere to build the page, and no panic.
        let Some(body) = document().body() else {
            return;
        };
        let built = owner.with(|| {
            let mut built = view.build();
            built.mount(&body, None);
            built
        });
        std::mem::forget(built);
        std::mem::forget(owner);
    }
}

/// Work put off until after the next paint, of which only the latest is carried out: a change
/// made meanwhile (put off again, or done at once with [`Latest::now`]) drops what was pending.
#[derive(Clone, Copy)]
pub(crate) struct Latest(StoredValue<u64>);

impl Latest {
    pub(crate) fn new() -> Latest {
        Latest(StoredValue::new(0))
    }

    /// Drops what is pending; for work done at once.
    pub(crate) fn now(self) {
        self.0.update_value(|n| *n += 1);
    }

    /// Runs `then` after the next paint, unless another change comes first.
    pub(crate) fn after_next_paint(self, then: impl FnOnce() + 'static) {
        self.now();
        let generation = self.0.get_value();
        after_next_paint(move || {
            if self.0.try_get_value() == Some(generation) {
                then();
            }
        });
    }
}

/// Focuses option `option_index`'s add-component button: where focus goes when what held it
/// (the palette, a removed component's details) goes away. Moved first, focus is never inside
/// what is removed, which would make the browser lay the page out there and then.
pub(crate) fn focus_add_button(option_index: usize) {
    let selector = format!("#option-{option_index} [data-testid=add-component]");
    if let Some(element) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(&selector).ok().flatten())
        .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
    {
        let _ = element.focus();
    }
}

/// Whether a key press belongs to a text field (which keeps its own undo).
fn typing_in_field(event: &ev::KeyboardEvent) -> bool {
    use wasm_bindgen::JsCast;
    event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|element| {
            let tag = element.tag_name().to_ascii_lowercase();
            let kind = element.get_attribute("type").unwrap_or_default();
            tag == "textarea" || (tag == "input" && kind != "checkbox" && kind != "file")
        })
}

/// Reads a dropped or picked JSON file and imports it as a new draft (a dropped YAML file goes
/// to the importer instead: `importer::Importer::import_file`).
pub fn import_file(store: Store, file: web_sys::File) {
    leptos::task::spawn_local(async move {
        let name = file.name();
        let result = match browser::read_text(file).await {
            Ok(text) => export::from_json(&text),
            Err(error) => Err(error),
        };
        match result.and_then(|decision| match analyse(&decision) {
            Ok(_) => Ok(decision),
            Err(error) => Err(format!("its model does not hold together: {error}")),
        }) {
            Ok(decision) => {
                store.import(decision);
                store.say(
                    NoticeKind::Info,
                    format!("Imported “{name}” as a new draft."),
                );
            }
            Err(error) => store.say(
                NoticeKind::Error,
                format!("“{name}” was not imported: {error}. Nothing was changed."),
            ),
        }
    });
}

/// `memo`, worked out at once rather than when first read. Those who follow a memo with
/// `track()` do not work it out; when it is worked out later, they are told it changed and run
/// again: the model, first worked out by the flip search 150 ms after the start, had the
/// analysis and the graphs worked out again, the flip search started over and the break-even
/// sweep put off.
fn worked_out_now<T: Send + Sync + 'static>(memo: Memo<T>) -> Memo<T> {
    memo.with_untracked(|_| ());
    memo
}

/// The page, showing what `opening` found to open at start.
#[component]
pub fn App(mut opening: Opening) -> impl IntoView {
    let analysed = StoredValue::new(opening.take_analysis());
    let Some(store) = Store::start(opening) else {
        return view! {
            <p class="error" data-testid="error" role="alert">
                "Overhead could not load its built-in scenarios. This is a bug in this build."
            </p>
        }
        .into_any();
    };
    // The numbers depend on the model, not on the record's words: typing a title or rationale
    // changes this memo's input not at all, so nothing is analysed, laid out or drawn again.
    // A big document's edit shows before its numbers: while they are held, the model is the
    // one before the edit (`Store::numbers_held`).
    let model = worked_out_now(Memo::new(move |previous: Option<&Decision>| {
        let held = store.numbers_held.get();
        match previous {
            Some(previous) if held => previous.clone(),
            _ => store.decision.with(model_part),
        }
    }));
    // An edit recomputes only the options it touched: the previous analysis lends the others.
    let computed = Memo::new(move |previous: Option<&Computed>| {
        // The first analysis was worked out before the page was built, in a task of its own
        // (`main.rs`), of the document the store starts with.
        if previous.is_none() {
            if let Some(analysis) = analysed.try_update_value(Option::take).flatten() {
                model.track();
                return Computed(Arc::new(analysis));
            }
        }
        let previous = previous.and_then(|p| p.0.as_ref().as_ref().ok());
        // Timed as the "overhead-analysis" measure: one per model the page analyses.
        browser::mark_time("overhead-analysis-start");
        let analysis = model.with(|model| match previous {
            Some(previous) => analyse_after(model, previous),
            None => analyse(model),
        });
        browser::measure_time("overhead-analysis", "overhead-analysis-start");
        Computed(Arc::new(analysis))
    });
    let selection = RwSignal::new(None::<Selection>);
    let ranges = worked_out_now(Memo::new(move |_| {
        store.decision.with(|d| d.ranges.clone())
    }));
    // Before the queue of the other work after the first paint: the tour is what such a link
    // is opened for.
    let tour = walkthrough::asked_by_link(computed);
    provide_context(AppState {
        store,
        model,
        computed,
        selection,
        drafts_open: RwSignal::new(false),
        palette: RwSignal::new(None),
        tour,
        ranges,
        after_first_paint: FirstPaintQueue::new(),
        catalog_texts: load_catalog_texts(store),
    });
    provide_context(layouts::Layouts::new());
    let importer = importer::Importer::new(store);
    provide_context(importer);
    provide_context(verdicts::Flips::follow(model));
    provide_context(ranges::Spreads::follow(store.decision, computed, ranges));
    // A component id can vanish with an undo or another document: close its details then.
    Effect::new(move |_| {
        let computed = computed.get();
        let still_there = selection.with_untracked(|s| {
            s.as_ref().is_none_or(|s| {
                computed.0.as_ref().as_ref().is_ok_and(|a| {
                    a.options
                        .get(s.option)
                        .is_some_and(|o| o.graph.index_of(&s.component).is_some())
                })
            })
        });
        if !still_there {
            selection.set(None);
        }
    });

    offline::keep_offline(store);
    // An edit's save waits a moment (`Store::commit`); leaving or hiding the page does it now.
    let _ = window_event_listener(ev::pagehide, move |_| store.settle(true));
    let _ = window_event_listener(ev::visibilitychange, move |_| {
        if document().hidden() {
            store.settle(true);
        }
    });
    let _ = window_event_listener(ev::popstate, move |_| {
        selection.set(None);
        store.follow_history();
    });
    let _ = window_event_listener(ev::keydown, move |event| {
        let key = event.key().to_ascii_lowercase();
        if !(event.ctrl_key() || event.meta_key()) || typing_in_field(&event) {
            return;
        }
        if key == "z" && !event.shift_key() {
            event.prevent_default();
            store.undo();
        } else if (key == "z" && event.shift_key()) || key == "y" {
            event.prevent_default();
            store.redo();
        }
    });
    let _ = window_event_listener(ev::dragover, move |event| event.prevent_default());
    let _ = window_event_listener(ev::drop, move |event| {
        event.prevent_default();
        if let Some(file) = event
            .data_transfer()
            .and_then(|d| d.files())
            .and_then(|files| files.get(0))
        {
            if importer::is_yaml(&file.name()) {
                importer.import_file(file);
            } else {
                import_file(store, file);
            }
        }
    });

    view! {
        <header class="top">
            <div class="brand">
                <span class="logo" aria-hidden="true">"◧"</span>
                <span class="name">"Overhead"</span>
                <span class="tagline">"what each option adds to operate"</span>
            </div>
            <ScenarioPicker/>
            <toolbar::Toolbar/>
        </header>
        <NoticeBar/>
        <drafts::DraftsPanel/>
        <main class:with-details=room_for_details(selection)>
            <section class="decision-head">
                <h1>{move || store.decision.with(|d| d.title.clone())}</h1>
                <p class="question">{move || store.decision.with(|d| d.question.clone())}</p>
                <OpenedLine/>
                <model_notice::ModelNotice/>
            </section>
            <walkthrough::WalkthroughPanel/>
            <div class="workspace">
                <context_panel::ContextPanel/>
                <section class="results" aria-label="Options compared with the baseline">
                    <Results/>
                </section>
            </div>
            <AfterFirstPaint last=true>
                <breakeven::BreakEven/>
                <decision_panel::DecisionPanel/>
                <importer::ImportPanel/>
                <text_editor::TextEditor/>
            </AfterFirstPaint>
            <details::DetailsPanel/>
            <palette::Palette/>
            <explain::HowComputed/>
        </main>
    }
    .into_any()
}

/// Whether the page leaves room for the details panel. It follows the selection, but gives the
/// room back only after the next paint: widening the page lays every graph out again (5–7 ms
/// at the limits), which would otherwise fall in the frame that answers the click closing the
/// panel (a component removed, the close button, Escape).
fn room_for_details(selection: RwSignal<Option<Selection>>) -> ReadSignal<bool> {
    let room = RwSignal::new(selection.with_untracked(Option::is_some));
    let latest = Latest::new();
    Effect::new(move |_| {
        if selection.with(Option::is_some) {
            latest.now();
            room.set(true);
        } else {
            latest.after_next_paint(move || room.set(false));
        }
    });
    room.read_only()
}

/// Says what is open, so that nobody mistakes a shared link for their own draft.
#[component]
fn OpenedLine() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        let text = match state.store.opened.get() {
            Opened::Scenario(_) => "A built-in scenario: your first change makes it a draft of your own.".to_string(),
            Opened::Link => "Opened from a link: your first change makes a draft of your own; the link stays as it was.".to_string(),
            Opened::Draft(id) => {
                let name = state.store.drafts.with(|list| {
                    list.iter().find(|(d, _)| *d == id).map(|(_, d)| d.name.clone())
                });
                format!("Your draft “{}”, saved in this browser.", name.unwrap_or_default())
            }
            Opened::Unsaved => "Not saved in this browser.".to_string(),
        };
        view! { <p class="opened" data-testid="opened">{text}</p> }
    }
}

#[component]
fn NoticeBar() -> impl IntoView {
    let state = expect_context::<AppState>();
    let store = state.store;
    move || {
        let notice = store.notice.get()?;
        let is_error = notice.kind == NoticeKind::Error;
        let action = notice
            .action
            .clone()
            .map(|action| deferred_code::view_apart(move || notice_action(store, action)));
        Some(view! {
            <div class="notice" class:error=is_error role=if is_error { "alert" } else { "status" }>
                <span data-testid=if is_error { "error" } else { "notice" }>{notice.text}</span>
                {action}
                <button class="dismiss" aria-label="Dismiss" on:click=move |_| store.notice.set(None)>"×"</button>
            </div>
        })
    }
}

/// The button that does what a notice offers.
fn notice_action(store: Store, action: store::NoticeAction) -> impl IntoView {
    let (label, test_id) = match action {
        store::NoticeAction::Restore(..) => ("Undo", None),
        store::NoticeAction::TakeUpdate => ("Reload to use it", Some("take-update")),
    };
    let act = move |_| match &action {
        store::NoticeAction::Restore(id, draft) => store.restore_draft(id.clone(), draft.clone()),
        store::NoticeAction::TakeUpdate => offline::take_update(store),
    };
    view! {
        <button class="link-button" data-testid=test_id on:click=act>
            {label}
        </button>
    }
}

#[component]
fn ScenarioPicker() -> impl IntoView {
    let state = expect_context::<AppState>();
    let scenarios = scenario::list();
    let current = move || match state.store.opened.get() {
        Opened::Scenario(id) => id,
        _ => String::new(),
    };
    view! {
        <label class="picker">
            <span>"Scenario"</span>
            <select
                data-testid="scenario-picker"
                prop:value=current
                on:change=move |ev| {
                    let id = event_target_value(&ev);
                    if !id.is_empty() {
                        state.selection.set(None);
                        state.store.open_scenario(&id);
                    }
                }
            >
                <option value="" disabled=true>"Open a built-in scenario…"</option>
                {scenarios
                    .into_iter()
                    .map(|entry| view! { <option value=entry.id.clone()>{entry.title}</option> })
                    .collect_view()}
            </select>
        </label>
    }
}

#[component]
fn Results() -> impl IntoView {
    let state = expect_context::<AppState>();
    let store = state.store;
    // The last analysis that computed stays on screen under the error while the model does not
    // compute, so that a cycle or a bad value never blanks the page.
    let shown = Memo::new(move |previous: Option<&Option<Computed>>| {
        let computed = state.computed.get();
        if computed.0.is_ok() {
            Some(computed)
        } else {
            previous.cloned().flatten()
        }
    });
    let error = Memo::new(move |_| {
        state
            .computed
            .with(|c| c.0.as_ref().as_ref().err().map(ToString::to_string))
    });
    let option_ids = Memo::new(move |_| {
        shown.with(|shown| {
            shown
                .as_ref()
                .and_then(|c| c.0.as_ref().as_ref().ok())
                .map(|a| a.options.iter().map(|o| o.id.clone()).collect::<Vec<_>>())
                .unwrap_or_default()
        })
    });
    view! {
        {move || error.get().map(|message| view! {
            <div class="error" role="alert">
                <strong>"This model cannot be computed: "</strong>
                <span data-testid="error">{message}</span>
                " Undo, or mend it here or in the model text; the numbers below are from the last model that computed."
            </div>
        })}
        <div class="results-tools">
            <button
                class="small"
                data-testid="option-add"
                on:click=move |_| {
                    store.dispatch(overhead_core::edit::Command::AddOption { name: String::new() });
                }
            >
                "+ Add an option"
            </button>
        </div>
        <div
            class=move || format!("options columns-{}", option_ids.with(Vec::len).min(4))
            class:stale=move || error.with(Option::is_some)
            // The numbers of a big document's edit come a frame after it.
            aria-busy=move || store.numbers_held.get().to_string()
        >
            <For
                each=move || option_ids.get()
                key=|id| id.clone()
                children=move |id| view! { <option_panel::OptionPanel shown=shown option_id=id/> }
            />
        </div>
    }
}
