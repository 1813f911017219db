//! The few browser services the app uses, each behind a small function that cannot panic:
//! the address bar and history, local storage of drafts, the clipboard, downloads and files.

use gloo_storage::{LocalStorage, SessionStorage, Storage as _};
use js_sys::{JsString, Uint8Array};
use serde::Serialize;
use wasm_bindgen::{prelude::wasm_bindgen, JsCast, JsValue};

fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

// ----- texts the browser holds ----------------------------------------------------------------

// wasm-bindgen copies a text the browser returns into the wasm a character at a time, in
// JavaScript that has not been optimized yet when the page starts: a link of 1,000 components
// (29 KB) took 1-14 ms, and the start reads it twice. These bindings return the browser's text
// as it is, and its own encoder copies it in one step (`copied`). Drafts, read at every start,
// are links too: the browser's JSON reader reads them (`parsed`), so that the first part of the
// page's wasm carries no JSON reader (serde_json's, with its table of powers of ten: 4 KB gzip).
#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = TextEncoder)]
    type Utf8Encoder;
    #[wasm_bindgen(constructor, js_class = "TextEncoder")]
    fn new() -> Utf8Encoder;
    #[wasm_bindgen(method, js_class = "TextEncoder")]
    fn encode(this: &Utf8Encoder, text: &JsString) -> Uint8Array;

    /// A `Location`, read through `hash_text`.
    type AddressText;
    #[wasm_bindgen(method, getter, catch, js_name = hash)]
    fn hash_text(this: &AddressText) -> Result<JsString, JsValue>;

    /// A `Storage`, read through `item_text`.
    type StorageText;
    #[wasm_bindgen(method, catch, js_name = getItem)]
    fn item_text(this: &StorageText, key: &str) -> Result<Option<JsString>, JsValue>;

    #[wasm_bindgen(catch, js_namespace = JSON, js_name = parse)]
    fn parsed(text: &JsString) -> Result<JsValue, JsValue>;

    /// The browser's `DecompressionStream` (web-sys has it only among its unstable APIs): a
    /// `ReadableWritablePair` of itself.
    type DecompressionStream;
    #[wasm_bindgen(constructor, catch)]
    fn new(format: &str) -> Result<DecompressionStream, JsValue>;
}

/// A text of the browser's, as UTF-8 (a lone surrogate, which UTF-8 cannot hold, becomes U+FFFD
/// as wasm-bindgen's own copy makes it).
fn copied(text: &JsString) -> String {
    let bytes = Utf8Encoder::new().encode(text).to_vec();
    String::from_utf8(bytes)
        .unwrap_or_else(|error| String::from_utf8_lossy(error.as_bytes()).into_owned())
}

/// An item of a storage, read as JSON by the browser: none when there is none (or the storage
/// refuses), an error when it is not JSON.
fn stored(storage: &web_sys::Storage, key: &str) -> Option<Result<JsValue, Unreadable>> {
    let text = storage
        .unchecked_ref::<StorageText>()
        .item_text(key)
        .ok()
        .flatten()?;
    Some(parsed(&text).map_err(|_| Unreadable))
}

/// A stored item that is not what the page wrote: not JSON, or a field missing or of another
/// type.
struct Unreadable;

/// A stored text: a JSON string's value, none when it is anything else.
fn stored_text(storage: &web_sys::Storage, key: &str) -> Option<String> {
    let value = stored(storage, key)?.ok()?;
    value.dyn_ref::<JsString>().map(copied)
}

/// Field `name` of a JSON object the browser read: `Ok(None)` when it is absent or `null`,
/// an error when the value is not an object.
fn field(object: &JsValue, name: &str) -> Result<Option<JsValue>, Unreadable> {
    let value = js_sys::Reflect::get(object, &JsValue::from_str(name)).map_err(|_| Unreadable)?;
    Ok((!value.is_undefined() && !value.is_null()).then_some(value))
}

/// Field `name`, a text.
fn text_field(object: &JsValue, name: &str) -> Result<Option<String>, Unreadable> {
    field(object, name)?
        .map(|value| value.dyn_ref::<JsString>().map(copied).ok_or(Unreadable))
        .transpose()
}

fn local_storage() -> Option<web_sys::Storage> {
    window().and_then(|w| w.local_storage().ok().flatten())
}

fn session_storage() -> Option<web_sys::Storage> {
    window().and_then(|w| w.session_storage().ok().flatten())
}

// ----- inflating -----------------------------------------------------------------------------

/// Why the browser did not inflate a body.
pub enum Inflating {
    /// It inflates to more than the limit.
    TooLarge,
    /// The browser has no raw-deflate stream, or the bytes are not raw deflate.
    Failed,
}

/// Raw-deflated bytes inflated by the browser's `DecompressionStream`, a chunk at a time, to at
/// most `limit` bytes. The page's start inflates links and drafts so: the core's inflater is
/// left out of the first part of the page's wasm.
pub async fn inflated(deflated: &[u8], limit: usize) -> Result<Vec<u8>, Inflating> {
    let failed = |_: JsValue| Inflating::Failed;
    let through = DecompressionStream::new("deflate-raw").map_err(failed)?;
    let parts = js_sys::Array::of1(&Uint8Array::from(deflated));
    let source = web_sys::Blob::new_with_u8_array_sequence(&parts).map_err(failed)?;
    let inflating = source.stream().pipe_through(through.unchecked_ref());
    let reader = web_sys::ReadableStreamDefaultReader::new(&inflating).map_err(failed)?;
    let mut body = Vec::new();
    loop {
        let read = wasm_bindgen_futures::JsFuture::from(reader.read())
            .await
            .map_err(failed)?;
        if js_sys::Reflect::get(&read, &JsValue::from_str("done"))
            .map_err(failed)?
            .is_truthy()
        {
            return Ok(body);
        }
        let chunk: Uint8Array = js_sys::Reflect::get(&read, &JsValue::from_str("value"))
            .map_err(failed)?
            .dyn_into()
            .map_err(failed)?;
        let at = body.len();
        let end = at.saturating_add(chunk.length() as usize);
        if end > limit {
            // Cancelling only stops the stream's work: its promise says nothing worth waiting.
            let _ = reader.cancel();
            return Err(Inflating::TooLarge);
        }
        body.resize(end, 0);
        chunk.copy_to(&mut body[at..]);
    }
}

// ----- address bar and history ------------------------------------------------------------

/// The fragment of the address, without `#`.
pub fn fragment() -> String {
    window()
        .and_then(|w| w.location().unchecked_ref::<AddressText>().hash_text().ok())
        .map(|hash| copied(&hash).trim_start_matches('#').to_string())
        .unwrap_or_default()
}

/// The draft this history entry belongs to, if any (kept in the entry's state, so that a reload
/// or a step back reopens the draft rather than a copy of it).
pub fn history_draft() -> Option<String> {
    window()
        .and_then(|w| w.history().ok())
        .and_then(|h| h.state().ok())
        .and_then(|state| state.as_string())
}

/// The page's address with a new query (`name=value`, encoded) and fragment, each left out when
/// empty.
pub fn address_with(query: &str, fragment: &str) -> String {
    let mut address = window()
        .map(|w| w.location())
        .map(|location| {
            location.origin().unwrap_or_default() + &location.pathname().unwrap_or_default()
        })
        .unwrap_or_default();
    if !query.is_empty() {
        address.push('?');
        address.push_str(query);
    }
    if !fragment.is_empty() {
        address.push('#');
        address.push_str(fragment);
    }
    address
}

/// Puts the document's fragment in the address bar: a new history entry when `push`, else the
/// current entry is replaced, unless it already holds that fragment and draft (a link opened
/// from the address: writing a 273 KB address again took 6-16 ms).
pub fn set_address(fragment: &str, draft: Option<&str>, push: bool) {
    let Some(history) = window().and_then(|w| w.history().ok()) else {
        return;
    };
    if !push && history_draft().as_deref() == draft && self::fragment() == fragment {
        return;
    }
    let state = draft.map_or(JsValue::NULL, JsValue::from_str);
    let url = format!("#{fragment}");
    let _ = if push {
        history.push_state_with_url(&state, "", Some(&url))
    } else {
        history.replace_state_with_url(&state, "", Some(&url))
    };
}

pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

// ----- drafts in local storage --------------------------------------------------------------

const DRAFT_PREFIX: &str = "overhead.draft.";
const LAST_DRAFT: &str = "overhead.last-draft";

/// A saved draft: its name, when it was last saved, and the document as a link fragment (the
/// same compact, versioned format as shared links).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StoredDraft {
    pub name: String,
    pub updated_ms: f64,
    pub document: String,
    /// The model text as typed when it does not parse or validate: kept so that nothing typed
    /// is lost on reload; `document` still holds the last good model.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unparsed_text: Option<String>,
}

impl StoredDraft {
    /// A draft as `save_draft` stored it (serde's JSON of `StoredDraft`), read by the browser:
    /// every field but `unparsed_text` is needed, each of its type.
    fn read(object: &JsValue) -> Result<StoredDraft, Unreadable> {
        Ok(StoredDraft {
            name: text_field(object, "name")?.ok_or(Unreadable)?,
            updated_ms: field(object, "updated_ms")?
                .and_then(|value| value.as_f64())
                .ok_or(Unreadable)?,
            document: text_field(object, "document")?.ok_or(Unreadable)?,
            unparsed_text: text_field(object, "unparsed_text")?,
        })
    }
}

/// Why storage failed, in words for the page.
fn storage_message(error: &gloo_storage::errors::StorageError) -> String {
    let text = error.to_string();
    if text.contains("Quota") || text.contains("quota") {
        "the browser's storage for this site is full".to_string()
    } else {
        text
    }
}

/// Whether local storage can be used at all (it can be disabled, or refused in private modes).
pub fn storage_available() -> bool {
    local_storage().is_some()
}

/// Every draft, by id, with the keys that could not be read (left untouched).
pub fn load_drafts() -> (Vec<(String, StoredDraft)>, Vec<String>) {
    let mut drafts = Vec::new();
    let mut unreadable = Vec::new();
    let Some(storage) = local_storage() else {
        return (drafts, unreadable);
    };
    let count = storage.length().unwrap_or(0);
    let keys: Vec<String> = (0..count)
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter(|k| k.starts_with(DRAFT_PREFIX))
        .collect();
    for key in keys {
        match stored(&storage, &key).map(|value| value.and_then(|value| StoredDraft::read(&value)))
        {
            Some(Ok(draft)) => drafts.push((key[DRAFT_PREFIX.len()..].to_string(), draft)),
            // Gone since its key was listed (another tab deleted it): nothing to say.
            None => {}
            Some(Err(Unreadable)) => unreadable.push(key),
        }
    }
    newest_first(&mut drafts);
    (drafts, unreadable)
}

/// Puts the drafts (by id) in the order the drafts panel lists them: the last saved first.
pub fn newest_first(drafts: &mut [(String, StoredDraft)]) {
    overhead_core::order::sort_by(drafts, |a, b| b.1.updated_ms.total_cmp(&a.1.updated_ms));
}

pub fn save_draft(id: &str, draft: &StoredDraft) -> Result<(), String> {
    if !storage_available() {
        return Err("this browser does not allow the page to store anything".into());
    }
    LocalStorage::set(format!("{DRAFT_PREFIX}{id}"), draft).map_err(|e| storage_message(&e))?;
    let _ = LocalStorage::set(LAST_DRAFT, id);
    Ok(())
}

pub fn delete_draft(id: &str) {
    if storage_available() {
        LocalStorage::delete(format!("{DRAFT_PREFIX}{id}"));
    }
}

pub fn last_draft() -> Option<String> {
    stored_text(&local_storage()?, LAST_DRAFT)
}

// ----- what this tab shows, for its reload ----------------------------------------------------

const SHOWN_DRAFT: &str = "overhead.shown-draft";

/// Remembers, for this tab only, the draft on screen (or that none is): a reload shows it again.
/// The address cannot be relied on for that: a change of address made just before the reload
/// (an edit's, or one made as the page goes away) can reach the browser too late for it, and
/// the reload asks for the address as it was.
pub fn remember_shown_draft(draft: Option<&str>) {
    if session_storage().is_none() {
        return;
    }
    match draft {
        // Failing to remember it costs only the reload's choice: the draft has the edits.
        Some(draft) => {
            let _ = SessionStorage::set(SHOWN_DRAFT, draft);
        }
        None => SessionStorage::delete(SHOWN_DRAFT),
    }
}

/// The draft this tab showed, when the page is its reload.
pub fn draft_shown_before_reload() -> Option<String> {
    // Reload first: opening the tab's storage is the slow part.
    if !is_reload() {
        return None;
    }
    stored_text(&session_storage()?, SHOWN_DRAFT)
}

// ----- timings read from outside -------------------------------------------------------------

/// Marks a moment in the browser's performance timeline, for anyone to measure from outside
/// (`e2e/measure.mjs`, `e2e/big-model.mjs`). The page's start: `overhead-main` (the wasm is
/// running), `overhead-opened` (the document to show is read: a link, a draft or the landing
/// scenario) and `overhead-interactive` (the page shows its numbers and answers input).
pub fn mark_time(name: &str) {
    if let Some(performance) = window().and_then(|w| w.performance()) {
        let _ = performance.mark(name);
    }
}

/// Measures from the mark `start` to now, as the measure `name` (`mark_time`).
pub fn measure_time(name: &str, start: &str) {
    if let Some(performance) = window().and_then(|w| w.performance()) {
        let _ = performance.measure_with_start_mark(name, start);
    }
}

/// Whether the page was loaded by reloading it.
fn is_reload() -> bool {
    let Some(performance) = window().and_then(|w| w.performance()) else {
        return false;
    };
    performance
        .get_entries_by_type("navigation")
        .get(0)
        .dyn_into::<web_sys::PerformanceNavigationTiming>()
        .is_ok_and(|navigation| navigation.type_() == web_sys::NavigationType::Reload)
}

pub fn new_draft_id() -> String {
    let random = (js_sys::Math::random() * 1e9) as u64;
    format!("{:x}{random:x}", now_ms() as u64)
}

// ----- clipboard, downloads, files ----------------------------------------------------------

/// Copies text; resolves to whether it worked (the clipboard can be refused).
pub async fn copy(text: String) -> bool {
    let Some(window) = window() else {
        return false;
    };
    let promise = window.navigator().clipboard().write_text(&text);
    wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
}

/// Offers text as a file download.
pub fn download(name: &str, mime: &str, text: &str) -> Result<(), String> {
    let fail = |what: &str| format!("the download could not start ({what})");
    let document = window()
        .and_then(|w| w.document())
        .ok_or_else(|| fail("no document"))?;
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|_| fail("blob"))?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| fail("url"))?;
    let anchor = document
        .create_element("a")
        .ok()
        .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok())
        .ok_or_else(|| fail("link"))?;
    anchor.set_href(&url);
    anchor.set_download(name);
    anchor.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// Fetches a file of this site as text; fails with what went wrong (offline, not found).
pub async fn fetch_text(url: &str) -> Result<String, String> {
    let window = window().ok_or("no window")?;
    let response = wasm_bindgen_futures::JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(|_| "it could not be fetched".to_string())?
        .dyn_into::<web_sys::Response>()
        .map_err(|_| "the answer was not a response".to_string())?;
    if !response.ok() {
        return Err(format!("the site answered {}", response.status()));
    }
    let text = response
        .text()
        .map_err(|_| "its body could not be read".to_string())?;
    wasm_bindgen_futures::JsFuture::from(text)
        .await
        .ok()
        .and_then(|value| value.as_string())
        .ok_or_else(|| "its body could not be read".to_string())
}

/// Reads a file's text.
pub async fn read_text(file: web_sys::File) -> Result<String, String> {
    let promise = file.text();
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .ok()
        .and_then(|value| value.as_string())
        .ok_or_else(|| "the file could not be read as text".to_string())
}

/// A file name from a document title: letters, digits and dashes.
pub fn file_name(title: &str, extension: &str) -> String {
    let mut name: String = title
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    while name.contains("--") {
        name = name.replace("--", "-");
    }
    let name = name.trim_matches('-');
    let name = if name.is_empty() { "decision" } else { name };
    let short: String = name.chars().take(60).collect();
    format!("{short}.{extension}")
}
