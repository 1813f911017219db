//! What the workers' binaries share (`src/bin/*_worker.rs`, each including this file): serving
//! the page's messages in a dedicated worker's scope.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

/// Answers each message the page posts with what `answer` makes of its data (nothing, for none),
/// for the worker's whole life, then posts `ready`: a request posted before the handler was
/// set would have found none, so the page waits for it.
pub fn serve(answer: impl Fn(JsValue) -> Option<JsValue> + 'static, ready: JsValue) {
    // Outside a dedicated worker (opened as a page by mistake) there is no one to answer.
    let Ok(scope) = js_sys::global().dyn_into::<DedicatedWorkerGlobalScope>() else {
        return;
    };
    let replies = scope.clone();
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
        if let Some(reply) = answer(event.data()) {
            let _ = replies.post_message(&reply);
        }
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler serves for the worker's whole life.
    on_message.forget();
    let _ = scope.post_message(&ready);
}
