//! A Web Worker the page starts, shared by the workers' clients (the text reader, the layout
//! worker): starting one, hearing its messages and its failure, stopping it, and a deadline for
//! its first message. A worker whose WebAssembly fails to load raises no error event (the failure
//! is a rejected promise inside it), so a client that waits for a worker to say it is ready must
//! give up at some point.

use std::time::Duration;

use leptos::prelude::set_timeout_with_handle;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{ErrorEvent, Event, MessageEvent, Worker};

/// How long a started worker may take to say it is ready.
pub const START_DEADLINE: Duration = Duration::from_secs(30);

/// A started worker with the handlers it calls, which must live as long as it does.
pub struct Running {
    pub worker: Worker,
    /// It has said it is ready (requests posted before would find no handler).
    pub ready: bool,
    /// Which start this is, so that the deadline of an earlier start does not fail a later one.
    pub generation: u64,
    _on_message: Closure<dyn Fn(MessageEvent)>,
    _on_error: Closure<dyn Fn(Event)>,
}

impl Running {
    /// Starts the worker whose entry script is `script`: `on_message` hears each message's
    /// data, `on_failure` why the worker stopped.
    pub fn start(
        script: &str,
        generation: u64,
        on_message: impl Fn(JsValue) + 'static,
        on_failure: impl Fn(String) + 'static,
    ) -> Result<Running, String> {
        let worker = Worker::new(script)
            .map_err(|error| format!("it could not start ({})", describe(&error)))?;
        let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
            on_message(event.data());
        });
        let on_error = Closure::<dyn Fn(Event)>::new(move |event: Event| {
            // A script that does not load raises a plain event; an exception, an ErrorEvent.
            let detail = event
                .dyn_ref::<ErrorEvent>()
                .map(ErrorEvent::message)
                .filter(|m| !m.is_empty())
                .unwrap_or_else(|| "its script did not load".into());
            on_failure(format!("it stopped ({detail})"));
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Ok(Running {
            worker,
            ready: false,
            generation,
            _on_message: on_message,
            _on_error: on_error,
        })
    }

    /// Stops the worker: nothing it could still post is heard.
    pub fn stop(&self) {
        self.worker.set_onmessage(None);
        self.worker.set_onerror(None);
        self.worker.terminate();
    }
}

/// Calls `give_up` after [`START_DEADLINE`] if `still_starting` says the worker has not yet
/// said it is ready.
pub fn watch_start(still_starting: impl Fn() -> bool + 'static, give_up: impl Fn() + 'static) {
    let _ = set_timeout_with_handle(
        move || {
            if still_starting() {
                give_up();
            }
        },
        START_DEADLINE,
    );
}

/// A thrown JavaScript value in words.
pub fn describe(error: &JsValue) -> String {
    error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "no reason given".into())
}
