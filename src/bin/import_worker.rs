//! The import worker: turns a docker-compose file or Kubernetes manifests into an option, in a
//! Web Worker.
//!
//! The YAML reader (serde_norway and its libyaml port) and the import rules are needed only
//! when someone imports, so they live in this binary, which Trunk builds as a worker
//! (`index.html`) and the page starts on first use (`src/ui/importer.rs`). The messages and the
//! work are the core's ([`overhead_core::import::answer`]).

#[path = "../allocator.rs"]
mod allocator;
#[path = "../worker_scope.rs"]
mod worker_scope;

use overhead_core::import::{answer, ImportMessage};
use wasm_bindgen::JsValue;

fn main() {
    // Anything but a string is not a request; `answer` says so as `Unreadable`.
    worker_scope::serve(
        |data| {
            let request = data.as_string().unwrap_or_default();
            Some(JsValue::from_str(&answer(&request)))
        },
        JsValue::from_str(&ImportMessage::Ready.to_json()),
    );
}
