//! The text worker: reads the model's TOML text for the page, in a Web Worker.
//!
//! The TOML reader (the `toml` crate and the checks that place errors at a line and column) is
//! a fifth of the page's WebAssembly, and the page needs it only once someone edits the text.
//! So it lives in this second binary, which Trunk builds as a worker (`index.html`) and the page
//! starts on first use (`src/ui/text_editor.rs`). The messages and the work itself are the
//! core's ([`overhead_core::text::answer`]), so this file only wires them to the worker's scope.

#[path = "../allocator.rs"]
mod allocator;
#[path = "../worker_scope.rs"]
mod worker_scope;

use overhead_core::text::{answer, WorkerMessage};
use wasm_bindgen::JsValue;

fn main() {
    // Anything but a string is not a request; `answer` says so as `Unreadable`.
    worker_scope::serve(
        |data| {
            let request = data.as_string().unwrap_or_default();
            Some(JsValue::from_str(&answer(&request)))
        },
        JsValue::from_str(&WorkerMessage::Ready.to_json()),
    );
}
