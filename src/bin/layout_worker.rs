//! The layout worker: lays out big graphs for the page, in a Web Worker, so that a structural
//! edit of a model with hundreds of components answers at once and its drawing follows.
//!
//! Requests and answers are flat `Float64Array`s (the core's `layout_wire`); the layout is the
//! core's, the same function the page runs itself for small graphs, so a graph is drawn the same
//! wherever it was laid out. This file only wires them to the worker's scope.

#[path = "../allocator.rs"]
mod allocator;
#[path = "../worker_scope.rs"]
mod worker_scope;

use overhead_core::layout_wire::{decode_request, encode_layout};
use wasm_bindgen::{JsCast, JsValue};

fn main() {
    worker_scope::serve(
        |data| {
            let data = data.dyn_ref::<js_sys::Float64Array>()?.to_vec();
            // A request that does not decode gets no answer; the page lays that graph out
            // itself when the worker does not answer (see `src/ui/layouts.rs`).
            let request = decode_request(&data)?;
            let layout = request.input.lay_out();
            let answer = js_sys::Float64Array::from(encode_layout(request.seq, &layout).as_slice());
            Some(answer.into())
        },
        JsValue::from_str("ready"),
    );
}
