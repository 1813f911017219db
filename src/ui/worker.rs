//! A Web Worker the page starts, shared by the workers' clients (the text reader, the layouts,
//! the importer): each keeps its worker in a [`Slot`], and [`start`] starts one, hears its
//! messages and its failure, and sets a deadline for its first message. A worker whose WebAssembly fails to load raises no error event (the failure
//! is a rejected promise inside it), so a client that waits for a worker to say it is ready must
//! give up at some point.

use std::time::Duration;

use leptos::prelude::{set_timeout_with_handle, LocalStorage, StoredValue, UpdateValue};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{ErrorEvent, Event, MessageEvent, Worker};

/// How long a started worker may take to say it is ready.
const START_DEADLINE: Duration = Duration::from_secs(30);

/// A started worker with the handlers it calls, which must live as long as it does.
struct Running {
    worker: Worker,
    /// It has said it is ready (requests posted before would find no handler).
    ready: bool,
    /// Which start this is, so that the deadline of an earlier start does not fail a later one.
    generation: u64,
    _on_message: Closure<dyn Fn(MessageEvent)>,
    _on_error: Closure<dyn Fn(Event)>,
}

impl Running {
    /// Starts the worker whose entry script is `script`: `on_message` hears each message's
    /// data, `on_failure` why the worker stopped.
    fn start(
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
    fn stop(&self) {
        self.worker.set_onmessage(None);
        self.worker.set_onerror(None);
        self.worker.terminate();
    }
}

/// A page's one worker of a kind (the text reader's, the layouts', the importer's): the one
/// running, how many were started, and the handlers of the last one stopped. A worker is stopped
/// when it fails, which is heard inside one of its handlers, and dropping a handler inside its
/// own call would be unsound: a stopped worker's handlers are kept until the next stop.
#[derive(Default)]
pub struct Slot {
    running: Option<Running>,
    retired: Option<Running>,
    generations: u64,
}

impl Slot {
    /// A worker is running (ready or not).
    pub fn is_running(&self) -> bool {
        self.running.is_some()
    }

    /// The running worker, once it has said it is ready.
    pub fn ready(&self) -> Option<&Worker> {
        self.running
            .as_ref()
            .filter(|running| running.ready)
            .map(|running| &running.worker)
    }

    /// The running worker has said it is ready.
    pub fn mark_ready(&mut self) {
        if let Some(running) = self.running.as_mut() {
            running.ready = true;
        }
    }

    /// Stops the running worker, if any: nothing it could still post is heard.
    pub fn stop(&mut self) {
        if let Some(running) = self.running.take() {
            running.stop();
            self.retired = Some(running);
        }
    }

    /// Start number `generation` is running and has not said it is ready.
    fn starting(&self, generation: u64) -> bool {
        self.running
            .as_ref()
            .is_some_and(|running| running.generation == generation && !running.ready)
    }
}

/// Starts the worker whose entry script is `script` in the [`Slot`] that `slot` finds in
/// `state`, in place of the one running: `on_message` hears each message's data, `on_failure`
/// why the worker stopped, a start that fails and one that has not said it is ready after
/// [`START_DEADLINE`] included.
pub fn start<S: 'static>(
    state: StoredValue<S, LocalStorage>,
    slot: fn(&mut S) -> &mut Slot,
    script: &str,
    on_message: impl Fn(JsValue) + 'static,
    on_failure: impl Fn(String) + Clone + 'static,
) {
    let generation = state.try_update_value(|s| {
        let slot = slot(s);
        slot.stop();
        slot.generations += 1;
        slot.generations
    });
    let Some(generation) = generation else { return };
    match Running::start(script, generation, on_message, on_failure.clone()) {
        Ok(running) => state.update_value(|s| slot(s).running = Some(running)),
        Err(why) => {
            on_failure(why);
            return;
        }
    }
    let _ = set_timeout_with_handle(
        move || {
            if state.try_update_value(|s| slot(s).starting(generation)) == Some(true) {
                on_failure("it did not start in time".into());
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
