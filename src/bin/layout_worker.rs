//! The layout worker: lays out big graphs for the page, in a Web Worker, so that a structural
//! edit of a model with hundreds of components answers at once and its drawing follows.
//!
//! Requests and answers are flat `Float64Array`s (the core's `layout_wire`); the layout is the
//! core's, the same function the page runs itself for small graphs, so a graph is drawn the same
//! wherever it was laid out. This file only wires them to the worker's scope.

use overhead_core::layout_wire::{decode_request, encode_layout};
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
        let Some(data) = event
            .data()
            .dyn_ref::<js_sys::Float64Array>()
            .map(|a| a.to_vec())
        else {
            return;
        };
        // A request that does not decode gets no answer; the page lays that graph out itself
        // when the worker does not answer (see `src/ui/layouts.rs`).
        let Some(request) = decode_request(&data) else {
            return;
        };
        let layout = request.input.lay_out();
        let answer = js_sys::Float64Array::from(encode_layout(request.seq, &layout).as_slice());
        let _ = replies.post_message(&answer);
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler serves for the worker's whole life.
    on_message.forget();
    // Requests posted before this point would have found no handler: the page waits for this.
    let _ = scope.post_message(&JsValue::from_str("ready"));
}
