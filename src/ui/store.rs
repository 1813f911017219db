//! The open document and everything that keeps it safe: edits with undo and redo, autosave to
//! a draft, the address bar and the browser's history, opening links, drafts and imports.
//!
//! Rules: every change goes through [`Store::edit`] (or undo/redo); a link or a built-in
//! scenario is never saved over anything: its first edit forks a new draft; a draft is saved on
//! every change; a failure to save is said in the page and loses nothing on screen.

use leptos::prelude::*;
use overhead_core::analysis::{analyse, Analysis};
use overhead_core::edit::{self, Command, Target};
use overhead_core::error::ModelError;
use overhead_core::model::Decision;
use overhead_core::scenario;
use overhead_core::{catalog, link};

use super::browser::{self, StoredDraft};
use super::{after_next_paint, Latest};

/// Edits of the same target within this many milliseconds are one step of undo and one entry of
/// the browser's history (typing "40" is one change, not two).
const COALESCE_MS: f64 = 1000.0;
const MAX_UNDO: usize = 200;

/// What is open.
#[derive(Clone, Debug, PartialEq)]
pub enum Opened {
    /// A built-in scenario, not saved anywhere yet.
    Scenario(String),
    /// A shared link, not saved anywhere yet.
    Link,
    /// A saved draft.
    Draft(String),
    /// Shown but not saved (its draft was deleted, or it was never saved).
    Unsaved,
}

impl Opened {
    /// The id of the draft shown, if it is one.
    fn draft(&self) -> Option<&str> {
        match self {
            Opened::Draft(id) => Some(id),
            _ => None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum NoticeKind {
    Info,
    Error,
}

#[derive(Clone, Debug, PartialEq)]
pub enum NoticeAction {
    /// Undo a draft's deletion.
    Restore(String, StoredDraft),
    /// Take the new version of the site that is waiting (`offline::take_update`).
    TakeUpdate,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    pub kind: NoticeKind,
    pub text: String,
    pub action: Option<NoticeAction>,
}

#[derive(Default)]
struct EditHistory {
    undo: Vec<Decision>,
    redo: Vec<Decision>,
    last_target: Option<Target>,
    last_ms: f64,
}

/// A document's address (and, after an edit, its save) on their way, with its link once its
/// encoding has started. While there is one, a step of it is waiting for its task.
struct Pending {
    /// Whether the address gets a new history entry.
    push: bool,
    /// Whether the document is saved to its draft too: an edited one is, an opened one is not
    /// (it becomes a draft with its first change).
    save: bool,
    encoding: Option<link::Encoding>,
}

/// A document of at most this many components and edges (all options together) is encoded
/// in about a millisecond: one task after the edit's frame writes its bytes and deflates them.
const ENCODED_IN_ONE_TASK: usize = 1_000;

/// How much of a document's bytes one task deflates: about 6 ms in Chromium (128 KiB took
/// 22 ms); a document of 10,000 components is some 560 KB.
const ENCODED_PER_TASK: usize = 32 * 1024;

/// When an edit changes options of more than this many components and edges together, its
/// numbers are worked out after the frame that shows the edit itself: resolving an option at the
/// limits (50,000) takes about 20 ms in Chromium, so the page answers the input first (the
/// dialog closed, the focus moved, the connection listed) and the numbers follow a frame later.
/// An edit of the context resolves no option, and its numbers come with it.
const NUMBERS_AFTER_PAINT_ABOVE: usize = 20_000;

/// What the page opens at start, read before anything is built: the draft that was on screen
/// (when the page is reloaded), a draft (when this history entry is one), a link, the last
/// draft, or the landing scenario. Reading a link of thousands of components takes tens of
/// milliseconds in the page, and so does analysing it: both run in a task of their own,
/// before the one that builds the page (`main.rs`).
pub struct Opening {
    /// Saved drafts, newest first.
    drafts: Vec<(String, StoredDraft)>,
    /// What to show; none when the built-in scenarios do not load (a bug of this build).
    shown: Option<Shown>,
    /// The document's analysis, once worked out ([`Opening::analyse`]).
    analysis: Option<Result<Analysis, ModelError>>,
    /// What went wrong on the way, in order: the page says the last. A bad link opens the
    /// landing scenario; drafts are never touched.
    errors: Vec<String>,
}

enum Shown {
    /// A link or a draft.
    Decoded(Decoded),
    /// The landing scenario, whose link is encoded after the first paint.
    Landing(Decision),
}

/// A document read from its fragment (a link's or a draft's), which the address bar gets as
/// it is.
struct Decoded {
    decision: Decision,
    opened: Opened,
    fragment: String,
    unparsed_text: Option<String>,
}

impl Opening {
    pub async fn read() -> Opening {
        let (drafts, unreadable) = browser::load_drafts();
        let mut errors = Vec::new();
        if !unreadable.is_empty() {
            errors.push(format!(
                "{} saved draft(s) could not be read; they were left as they are.",
                unreadable.len()
            ));
        }
        if !browser::storage_available() {
            errors.push("This browser does not let the page store drafts: your work is kept only in the address bar and in exports.".to_string());
        }
        let shown = match Opening::decoded(&drafts, &mut errors).await {
            Some(decoded) => Some(Shown::Decoded(decoded)),
            None => scenario::landing().map(Shown::Landing),
        };
        Opening {
            drafts,
            shown,
            analysis: None,
            errors,
        }
    }

    /// Whether the document to show defines kinds of its own. Its analysis checks and adds them
    /// with code that the first part of the page's wasm leaves out (`Catalog::with_custom_kinds`).
    pub fn defines_kinds(&self) -> bool {
        matches!(&self.shown, Some(Shown::Decoded(decoded)) if !decoded.decision.kinds.is_empty())
    }

    /// Works out the analysis of the document to show, for the page's first numbers.
    pub fn analyse(&mut self) {
        self.analysis = self.shown.as_ref().map(|shown| match shown {
            Shown::Decoded(decoded) => analyse(&decoded.decision),
            Shown::Landing(decision) => analyse(decision),
        });
    }

    pub fn take_analysis(&mut self) -> Option<Result<Analysis, ModelError>> {
        self.analysis.take()
    }

    async fn decoded(
        drafts: &[(String, StoredDraft)],
        errors: &mut Vec<String>,
    ) -> Option<Decoded> {
        if let Some(draft) =
            draft_at_start(drafts, browser::draft_shown_before_reload(), errors).await
        {
            return Some(draft);
        }
        let fragment = browser::fragment();
        if fragment.is_empty() {
            return draft_at_start(drafts, browser::last_draft(), errors).await;
        }
        if let Some(draft) = draft_at_start(drafts, browser::history_draft(), errors).await {
            return Some(draft);
        }
        match decoded_at_start(&fragment).await {
            Ok(decision) => Some(Decoded {
                decision,
                opened: Opened::Link,
                fragment,
                unparsed_text: None,
            }),
            Err(error) => {
                errors.push(error.to_string());
                None
            }
        }
    }
}

/// Draft `id` of `drafts`, decoded at the start (`decoded_at_start`); none if there is no such
/// draft (or no id), and if it does not decode, none and why not in `errors`.
async fn draft_at_start(
    drafts: &[(String, StoredDraft)],
    id: Option<String>,
    errors: &mut Vec<String>,
) -> Option<Decoded> {
    let (id, draft) = drafts.iter().find(|(d, _)| Some(d) == id.as_ref())?;
    let decoded = decoded_draft(id, draft, decoded_at_start(&draft.document).await);
    decoded.map_err(|error| errors.push(error)).ok()
}

/// Draft `id` of `drafts`, decoded; none if there is no such draft, and why not if it does not
/// decode.
fn decode_draft(drafts: &[(String, StoredDraft)], id: &str) -> Option<Result<Decoded, String>> {
    let (id, draft) = drafts.iter().find(|(d, _)| d == id)?;
    Some(decoded_draft(id, draft, link::decode(&draft.document)))
}

/// Draft `id` with its document as decoded, or why it could not be.
fn decoded_draft(
    id: &str,
    draft: &StoredDraft,
    decision: Result<Decision, link::LinkError>,
) -> Result<Decoded, String> {
    match decision {
        Ok(decision) => Ok(Decoded {
            decision,
            opened: Opened::Draft(id.to_string()),
            fragment: draft.document.clone(),
            unparsed_text: draft.unparsed_text.clone(),
        }),
        Err(error) => Err(format!(
            "The draft “{}” could not be opened: {error}",
            draft.name
        )),
    }
}

/// A link's document, its body inflated by the browser (`browser::inflated`): the first part of
/// the page's wasm has no inflater. Where the browser does not inflate it (it has no raw-deflate
/// stream, or the bytes are not raw deflate), the core does, once the deferred part of the code
/// is in (fetched as always, so offline too, where calling it sooner would ask for it in one
/// synchronous request, which does not go through the service worker), and says why a damaged
/// link does not open, in the same words as everywhere. A document of an older catalog waits
/// for that part in the same way: the older catalogs are there (`catalog::loaded_older`).
async fn decoded_at_start(fragment: &str) -> Result<Decision, link::LinkError> {
    let envelope = link::Envelope::read(fragment)?;
    let inflated;
    let body = match envelope.deflated() {
        None => envelope.stored(),
        Some(deflated) => match browser::inflated(deflated, link::MAX_DECODED_BYTES).await {
            Ok(body) => {
                inflated = body;
                &inflated
            }
            Err(browser::Inflating::TooLarge) => return Err(link::LinkError::TooLarge),
            Err(browser::Inflating::Failed) => {
                super::deferred_code::loaded().await;
                return envelope.open();
            }
        },
    };
    if link::catalog_version(body).is_some_and(|version| version != catalog::latest_version()) {
        super::deferred_code::loaded().await;
    }
    envelope.open_inflated(body)
}

#[derive(Clone, Copy)]
pub struct Store {
    pub decision: RwSignal<Decision>,
    pub opened: RwSignal<Opened>,
    pub notice: RwSignal<Option<Notice>>,
    /// Saved drafts, newest first.
    pub drafts: RwSignal<Vec<(String, StoredDraft)>>,
    pub can_undo: RwSignal<bool>,
    pub can_redo: RwSignal<bool>,
    /// The model text as typed, while it does not parse or validate (the document keeps the last
    /// good model). Saved with the draft, so that a reload gives it back.
    pub unparsed_text: RwSignal<Option<String>>,
    /// Whether the numbers on the page wait for the frame that shows a big document's edit
    /// (`NUMBERS_AFTER_PAINT_ABOVE`): the page's model keeps the one before until then.
    pub numbers_held: RwSignal<bool>,
    /// The document's fragment as the address bar holds it: an opened or edited document's
    /// comes a frame after it shows (`encode_after_paint`), and is empty until then.
    pub address: RwSignal<String>,
    release_numbers: Latest,
    history: StoredValue<EditHistory>,
    /// An edit's save and address on their way (`commit`).
    pending: StoredValue<Option<Pending>>,
}

impl Store {
    pub fn new(initial: Decision) -> Store {
        Store {
            decision: RwSignal::new(initial),
            opened: RwSignal::new(Opened::Unsaved),
            notice: RwSignal::new(None),
            drafts: RwSignal::new(Vec::new()),
            can_undo: RwSignal::new(false),
            can_redo: RwSignal::new(false),
            unparsed_text: RwSignal::new(None),
            numbers_held: RwSignal::new(false),
            address: RwSignal::new(String::new()),
            release_numbers: Latest::new(),
            history: StoredValue::new(EditHistory::default()),
            pending: StoredValue::new(None),
        }
    }

    /// Offers an export as a download named after `title`; says so if the browser refuses.
    pub fn offer_download(&self, what: &str, title: &str, extension: &str, mime: &str, text: &str) {
        let name = browser::file_name(title, extension);
        if let Err(error) = browser::download(&name, mime, text) {
            self.say(
                NoticeKind::Error,
                format!("The {what} could not be exported: {error}."),
            );
        }
    }

    pub fn say(&self, kind: NoticeKind, text: impl Into<String>) {
        self.notice.set(Some(Notice {
            kind,
            text: text.into(),
            action: None,
        }));
    }

    /// Applies an edit command: one undo step (merged with the previous one when it changed the
    /// same target a moment ago), a save, and the address bar. A refused edit says why and
    /// changes nothing; an edit with consequences the user should know of says them.
    pub fn dispatch(&self, command: Command) -> bool {
        let before = self.decision.get_untracked();
        let mut after = before.clone();
        let applied = match edit::apply(&mut after, command) {
            Ok(applied) => applied,
            Err(error) => {
                self.say(
                    NoticeKind::Error,
                    format!("That change was not made: {error}."),
                );
                return false;
            }
        };
        if let Some(note) = applied.note {
            self.say(NoticeKind::Info, note);
        }
        if after == before {
            return true;
        }
        self.hold_numbers_if_big(&before, &after);
        let now = browser::now_ms();
        let mut merged = false;
        self.history.update_value(|h| {
            merged = h
                .last_target
                .as_ref()
                .is_some_and(|previous| applied.target.merges_with(previous))
                && now - h.last_ms < COALESCE_MS;
            if !merged {
                h.undo.push(before);
                if h.undo.len() > MAX_UNDO {
                    h.undo.remove(0);
                }
            }
            h.redo.clear();
            h.last_target = Some(applied.target);
            h.last_ms = now;
        });
        self.decision.set(after);
        self.refresh_undo_flags();
        self.commit(!merged);
        true
    }

    /// Runs `then` once the numbers of the last edit are painted: after the next paint, or,
    /// while they are held, after the paint that follows them.
    pub fn after_numbers_painted(&self, then: impl FnOnce() + 'static) {
        if self.numbers_held.get_untracked() {
            after_next_paint(move || after_next_paint(then));
        } else {
            after_next_paint(then);
        }
    }

    /// Holds the numbers until the edit from `before` to `after` has painted, when it changes
    /// big options (`NUMBERS_AFTER_PAINT_ABOVE`); a newer edit meanwhile holds them until its
    /// own frame.
    fn hold_numbers_if_big(&self, before: &Decision, after: &Decision) {
        let changed: usize = after
            .options
            .iter()
            .filter(|option| !before.options.iter().any(|o| o.same(option)))
            .map(|option| option.components.len() + option.edges.len())
            .sum();
        if changed <= NUMBERS_AFTER_PAINT_ABOVE {
            return;
        }
        let held = self.numbers_held;
        held.set(true);
        self.release_numbers
            .after_next_paint(move || held.set(false));
    }

    /// Keeps model text that does not parse (or clears it, with `None`) and saves it with the
    /// draft, forking one if a link or scenario is open. The document is not changed.
    pub fn keep_unparsed_text(&self, text: Option<String>) {
        if self.unparsed_text.get_untracked() == text {
            return;
        }
        self.settle(true);
        self.unparsed_text.set(text);
        let fragment = self.encoded();
        self.save(&fragment);
        if matches!(self.opened.get_untracked(), Opened::Draft(_)) {
            self.publish(&fragment, false);
        }
    }

    pub fn undo(&self) {
        self.step(true);
    }

    pub fn redo(&self) {
        self.step(false);
    }

    fn step(&self, back: bool) {
        let current = self.decision.get_untracked();
        let mut target = None;
        self.history.update_value(|h| {
            let (from, to) = if back {
                (&mut h.undo, &mut h.redo)
            } else {
                (&mut h.redo, &mut h.undo)
            };
            if let Some(previous) = from.pop() {
                to.push(current);
                target = Some(previous);
            }
            h.last_target = None;
        });
        if let Some(target) = target {
            self.decision
                .with_untracked(|current| self.hold_numbers_if_big(current, &target));
            self.decision.set(target);
            self.refresh_undo_flags();
            self.commit(false);
        }
    }

    fn refresh_undo_flags(&self) {
        let (undo, redo) = self
            .history
            .with_value(|h| (!h.undo.is_empty(), !h.redo.is_empty()));
        self.can_undo.set(undo);
        self.can_redo.set(redo);
    }

    fn draft_id(&self) -> Option<String> {
        self.opened
            .with_untracked(|opened| opened.draft().map(str::to_string))
    }

    fn encoded(&self) -> String {
        self.decision.with_untracked(link::encode)
    }

    /// Saves the changed document and puts it in the address bar, encoding it once for both,
    /// after the frame that paints the edit: made in the edit's own task, even a small
    /// document's held back the next frame of an edit of 200 components by 6 to 30 ms in
    /// headless Chromium on two cores (`e2e/big-model.mjs`).
    ///
    /// A small document is then encoded in one task. A big one takes milliseconds (30 to 50 at
    /// 10,000 components), so it goes on a slice per task (`ENCODED_PER_TASK`). An edit made
    /// meanwhile starts it again, and is saved with it. Leaving or hiding the page finishes it
    /// at once (`settle`), as does showing another document; a reload meanwhile shows the
    /// draft (`start`).
    fn commit(&self, push: bool) {
        // The document is a draft of its own from its first change, as the page says at once.
        self.own_draft();
        self.encode_after_paint(push, true);
    }

    /// Puts the document in the address bar (and, when `save`, in its draft) after the next
    /// frame, as `commit` says.
    fn encode_after_paint(&self, push: bool, save: bool) {
        let store = *self;
        let on_its_way = self.pending.with_value(Option::is_some);
        self.pending.update_value(|pending| {
            // Edits made while one is on its way are one entry of history, as they are one save.
            let earlier = pending.take();
            *pending = Some(Pending {
                push: push || earlier.as_ref().is_some_and(|p| p.push),
                save: save || earlier.is_some_and(|p| p.save),
                encoding: None,
            });
        });
        if !on_its_way {
            super::after_next_paint(move || store.encode_a_slice());
        }
    }

    /// One task's part of the waiting save: starting the encoding, or a slice of it, or, once it
    /// is done, the save and the address.
    fn encode_a_slice(&self) {
        let store = *self;
        let done = self
            .pending
            .try_update_value(|pending| {
                let waiting = pending.as_mut()?;
                if waiting.encoding.is_none() {
                    waiting.encoding = Some(self.decision.with_untracked(link::Encoding::new));
                    // Writing a big document's bytes is this task's work; deflating starts next.
                    if self.decision.with_untracked(Decision::components_and_edges)
                        > ENCODED_IN_ONE_TASK
                    {
                        return None;
                    }
                }
                let fragment = waiting.encoding.as_mut()?.step(ENCODED_PER_TASK)?;
                let done = pending.take()?;
                Some((fragment, done.push, done.save))
            })
            .flatten();
        match done {
            Some((fragment, push, save)) => {
                if save {
                    self.save(&fragment);
                }
                self.publish(&fragment, push);
            }
            None if self.pending.with_value(Option::is_some) => {
                set_timeout(move || store.encode_a_slice(), std::time::Duration::ZERO);
            }
            None => {}
        }
    }

    /// Does the save of an edit still waiting (and, when `publish`, the address of what is
    /// shown), now.
    pub fn settle(&self, publish: bool) {
        let Some(pending) = self.pending.try_update_value(Option::take).flatten() else {
            return;
        };
        if !pending.save && !publish {
            return;
        }
        let fragment = match pending.encoding {
            Some(encoding) => encoding.finish(),
            None => self.encoded(),
        };
        if pending.save {
            self.save(&fragment);
        }
        if publish {
            self.publish(&fragment, pending.push);
        }
    }

    /// Puts the document's fragment in the address bar; `push` makes it a new entry of the
    /// browser's history (a deliberate state to come back to).
    fn publish(&self, fragment: &str, push: bool) {
        browser::set_address(fragment, self.draft_id().as_deref(), push);
        self.address.set(fragment.to_string());
    }

    /// The id of the open document's draft, forking a new draft if a link or a scenario is
    /// open.
    fn own_draft(&self) -> String {
        match self.opened.get_untracked() {
            Opened::Draft(id) => id,
            _ => {
                let id = browser::new_draft_id();
                self.set_opened(Opened::Draft(id.clone()));
                id
            }
        }
    }

    /// Says what is open, and remembers for this tab which draft it is, if one: a reload shows
    /// that draft again (`browser::remember_shown_draft` says why the address is not enough).
    fn set_opened(&self, opened: Opened) {
        browser::remember_shown_draft(opened.draft());
        self.opened.set(opened);
    }

    /// [`Store::set_opened`] for the start, which remembers the draft after the first paint:
    /// the tab's storage took 1 to 14 ms to open in a fresh headless Chromium, before the
    /// page's numbers. A reload before then finds what the tab remembered before.
    fn set_opened_at_start(&self, opened: Opened) {
        let draft = opened.draft().map(str::to_string);
        super::after_next_paint(move || browser::remember_shown_draft(draft.as_deref()));
        self.opened.set(opened);
    }

    /// Saves the document (as its link fragment) to its draft, forking a new draft if a link or
    /// a scenario is open.
    fn save(&self, fragment: &str) {
        let title = self.decision.with_untracked(|d| d.title.clone());
        let id = self.own_draft();
        let name = self
            .drafts
            .with_untracked(|list| {
                list.iter()
                    .find(|(d, _)| *d == id)
                    .map(|(_, draft)| draft.name.clone())
            })
            .unwrap_or(title);
        let draft = StoredDraft {
            name,
            updated_ms: browser::now_ms(),
            document: fragment.to_string(),
            unparsed_text: self.unparsed_text.get_untracked(),
        };
        match browser::save_draft(&id, &draft) {
            Ok(()) => self.remember(id, draft),
            Err(reason) => self.say(
                NoticeKind::Error,
                format!(
                    "Your changes could not be saved in this browser: {reason}. They are still on screen and in the address bar; export the JSON or delete old drafts to keep them."
                ),
            ),
        }
    }

    fn remember(&self, id: String, draft: StoredDraft) {
        self.drafts.update(|list| {
            list.retain(|(d, _)| *d != id);
            list.insert(0, (id, draft));
        });
    }

    /// Shows another document: a scenario, a link, a draft or an import. The undo history
    /// starts afresh; the address bar gets a new history entry when `push`. Its link is
    /// encoded after the frame that shows it: at start, encoding the landing scenario was a
    /// tenth of the page's first task.
    pub fn open(&self, decision: Decision, opened: Opened, push: bool) {
        self.show(decision, opened);
        self.encode_after_paint(push, false);
    }

    /// Opens a document decoded from `fragment` (a link, a draft): the address gets that very
    /// fragment, not the document encoded again (which took 73 ms at 10,000 components).
    fn open_decoded(&self, decision: Decision, fragment: &str, opened: Opened, push: bool) {
        self.show(decision, opened);
        self.publish(fragment, push);
    }

    /// Replaces what is shown; the undo history starts afresh. An edit of what was shown that
    /// is still waiting is saved to its draft first (its address no longer matters).
    fn show(&self, decision: Decision, opened: Opened) {
        self.settle(false);
        self.unparsed_text.set(None);
        self.history.update_value(|h| *h = EditHistory::default());
        self.refresh_undo_flags();
        self.decision.set(decision);
        self.set_opened(opened);
    }

    pub fn open_scenario(&self, id: &str) {
        if let Some(decision) = scenario::load(id) {
            self.open(decision, Opened::Scenario(id.to_string()), true);
        }
    }

    pub fn open_draft(&self, id: &str, push: bool) -> bool {
        match self.drafts.with_untracked(|list| decode_draft(list, id)) {
            Some(Ok(draft)) => {
                self.open_decoded(draft.decision, &draft.fragment, draft.opened, push);
                self.unparsed_text.set(draft.unparsed_text);
                true
            }
            Some(Err(error)) => {
                self.say(NoticeKind::Error, error);
                false
            }
            None => false,
        }
    }

    /// Imports a document as a new draft (it never replaces one).
    pub fn import(&self, decision: Decision) {
        self.show(decision, Opened::Unsaved);
        self.commit(true);
    }

    pub fn rename_draft(&self, id: &str, name: String) {
        let Some(mut draft) = self.find_draft(id) else {
            return;
        };
        draft.name = name;
        match browser::save_draft(id, &draft) {
            Ok(()) => self.drafts.update(|list| {
                if let Some(entry) = list.iter_mut().find(|(d, _)| d == id) {
                    entry.1 = draft;
                }
            }),
            Err(reason) => self.say(
                NoticeKind::Error,
                format!("The draft could not be renamed: {reason}."),
            ),
        }
    }

    pub fn duplicate_draft(&self, id: &str) {
        let Some(mut draft) = self.find_draft(id) else {
            return;
        };
        draft.name = format!("{} (copy)", draft.name);
        draft.updated_ms = browser::now_ms();
        let copy = browser::new_draft_id();
        match browser::save_draft(&copy, &draft) {
            Ok(()) => self.remember(copy, draft),
            Err(reason) => self.say(
                NoticeKind::Error,
                format!("The draft could not be copied: {reason}."),
            ),
        }
    }

    pub fn delete_draft(&self, id: &str) {
        let Some(draft) = self.find_draft(id) else {
            return;
        };
        browser::delete_draft(id);
        self.drafts.update(|list| list.retain(|(d, _)| d != id));
        if self.draft_id().as_deref() == Some(id) {
            self.set_opened(Opened::Unsaved);
        }
        self.notice.set(Some(Notice {
            kind: NoticeKind::Info,
            text: format!("Deleted the draft “{}”.", draft.name),
            action: Some(NoticeAction::Restore(id.to_string(), draft)),
        }));
    }

    pub fn restore_draft(&self, id: String, draft: StoredDraft) {
        match browser::save_draft(&id, &draft) {
            Ok(()) => {
                self.drafts.update(|list| {
                    list.push((id, draft));
                    browser::newest_first(list);
                });
                self.notice.set(None);
            }
            Err(reason) => self.say(
                NoticeKind::Error,
                format!("The draft could not be restored: {reason}."),
            ),
        }
    }

    fn find_draft(&self, id: &str) -> Option<StoredDraft> {
        self.drafts.with_untracked(|list| {
            list.iter()
                .find(|(d, _)| d == id)
                .map(|(_, draft)| draft.clone())
        })
    }

    /// The page's store, showing what was found to open at start ([`Opening::read`]); none
    /// when the built-in scenarios do not load (a bug of this build).
    pub fn start(opening: Opening) -> Option<Store> {
        let store = match opening.shown? {
            Shown::Decoded(decoded) => {
                let store = Store::new(decoded.decision);
                store.set_opened_at_start(decoded.opened);
                store.unparsed_text.set(decoded.unparsed_text);
                store.publish(&decoded.fragment, false);
                store
            }
            Shown::Landing(decision) => {
                let id = decision.scenario.clone().unwrap_or_default();
                let store = Store::new(decision);
                store.set_opened_at_start(Opened::Scenario(id));
                store.encode_after_paint(false, false);
                store
            }
        };
        store.drafts.set(opening.drafts);
        for error in opening.errors {
            store.say(NoticeKind::Error, error);
        }
        Some(store)
    }

    /// The browser moved through its history (back, forward, or a new fragment typed in):
    /// show that state without adding an entry.
    pub fn follow_history(&self) {
        let fragment = browser::fragment();
        if fragment.is_empty() {
            return;
        }
        match link::decode(&fragment) {
            Ok(decision) => {
                let opened = match browser::history_draft() {
                    Some(id) if self.find_draft(&id).is_some() => Opened::Draft(id),
                    _ => Opened::Link,
                };
                let is_draft = matches!(opened, Opened::Draft(_));
                self.show(decision, opened);
                if is_draft {
                    // The address already holds this very fragment.
                    self.save(&fragment);
                }
                self.address.set(fragment);
            }
            Err(error) => self.say(NoticeKind::Error, error.to_string()),
        }
    }
}
