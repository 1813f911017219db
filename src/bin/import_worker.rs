//! The import worker: turns a docker-compose file or Kubernetes manifests into an option, in a
//! Web Worker.
//!
//! The YAML reader (serde_norway and its libyaml port) and the import rules are needed only
//! when someone imports, so they live in this binary, which Trunk builds as a worker
//! (`index.html`) and the page starts on first use (`src/ui/importer.rs`). The messages and the
//! work are the core's ([`overhead_core::import::answer`]).

use overhead_core::import::{answer, ImportMessage};
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
    let _ = scope.post_message(&JsValue::from_str(&ImportMessage::Ready.to_json()));
}
