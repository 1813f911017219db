//! The text worker: reads the model's TOML text for the page, in a Web Worker.
//!
//! The TOML reader (the `toml` crate and the checks that place errors at a line and column) is
//! a fifth of the page's WebAssembly, and the page needs it only once someone edits the text.
//! So it lives in this second binary, which Trunk builds as a worker (`index.html`) and the page
//! starts on first use (`src/ui/text_editor.rs`). The messages and the work itself are the
//! core's ([`overhead_core::text::answer`]), so this file only wires them to the worker's scope.

use overhead_core::text::{answer, WorkerMessage};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

fn main() {
    // Outside a dedicated worker (opened as a page by mistake) there is no one to answer.
    let Ok(scope) = js_sys::global().dyn_into::<DedicatedWorkerGlobalScope>() else {
        return;
    };
    let replies = scope.clone();
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
        // Anything but a string is not a request; `answer` says so as `Unreadable`.
        let request = event.data().as_string().unwrap_or_default();
        let _ = replies.post_message(&JsValue::from_str(&answer(&request)));
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler serves for the worker's whole life.
    on_message.forget();
    // Requests posted before this point would have found no handler: the page waits for this.
    let _ = scope.post_message(&JsValue::from_str(&WorkerMessage::Ready.to_json()));
}
