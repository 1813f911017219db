//! Work that waits for the deferred part of the page's code.
//!
//! A release build's wasm is split (`scripts/split-wasm.mjs`): its first part holds only the
//! code the start runs until the page has painted its numbers; the rest arrives after that
//! paint. Code of the rest called before it has arrived is fetched and compiled there and then,
//! in one long synchronous step, so the page's own work after its first paint (the graphs, the
//! panels below them, the catalog's words, a link's tour, the flip search) waits here until it
//! has arrived. So do the analysis of a document with kinds of its own (`main.rs`) and the
//! reading of a link the browser could not inflate, through [`loaded`].
//!
//! Everything between the first ask and the arrival must run code the start has already run:
//! that is why the work is boxed before it is put off, and why the timer that runs it is one
//! closure type for every delay ([`after`]): the split's profile saw that code run, and the
//! work's own code runs only once the rest is there.
//!
//! The glue of a split build defines `overheadLoadRest()`, which starts the fetch and returns
//! a promise kept once the rest is in (or has failed to load: its code is then asked for there
//! and then, as before). An unsplit build (a debug build, or one the split left whole) has no
//! such function: the work runs at once.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::time::Duration;

use leptos::prelude::{set_timeout, set_timeout_with_handle, AnyView, IntoAny, TimeoutHandle};
use wasm_bindgen::{JsCast, JsValue};

type Work = Box<dyn FnOnce()>;

/// The name under which the split's glue offers to load the rest of the code.
const LOAD_REST: &str = "overheadLoadRest";

#[derive(Default)]
struct Rest {
    asked: bool,
    loaded: bool,
    /// Work put off until the rest is in, in the order it came; run a piece a task.
    waiting: VecDeque<Work>,
}

thread_local! {
    static REST: RefCell<Rest> = RefCell::new(Rest::default());
}

/// The view `make` makes, made in a function of its own, never inlined where it is called.
///
/// The split keeps in the first part every function the start runs, whole. A closure that
/// shows a view only sometimes (a dialog, a panel, a notice, a range) runs at the start, if only
/// to say that it shows nothing; a view made in it would bring its code into the first load.
/// Made here, as an `AnyView` (whose building the page reaches through a pointer), it goes to
/// the deferred part, unless a start shows it.
#[inline(never)]
pub(crate) fn view_apart<V: IntoAny>(make: impl FnOnce() -> V) -> AnyView {
    make().into_any()
}

/// Runs `then` in a task `delay` from now, and not before the deferred code is in: each timer
/// that may fire before it has arrived puts its work off through here.
pub(crate) fn after(delay: Duration, then: Work) -> Option<TimeoutHandle> {
    set_timeout_with_handle(move || when_loaded(then), delay).ok()
}

/// Once the deferred code is in (through [`after`]): for the start's work that needs it, the
/// analysis of a document with kinds of its own (`main.rs`) and the reading of a link the
/// browser cannot inflate (`store::decoded_at_start`).
pub(crate) async fn loaded() {
    let (arrived, arrival) = futures::channel::oneshot::channel();
    after(
        Duration::ZERO,
        Box::new(move || {
            let _ = arrived.send(());
        }),
    );
    let _ = arrival.await;
}

/// Runs `then` now if the deferred code is in and nothing waits before it; else in a task of
/// its own once it is, after what came before it. The first call asks for the deferred code.
fn when_loaded(then: Work) {
    let (run_now, ask) = REST.with_borrow_mut(|rest| {
        if rest.loaded && rest.waiting.is_empty() {
            return (Some(then), false);
        }
        rest.waiting.push_back(then);
        (None, !std::mem::replace(&mut rest.asked, true))
    });
    if let Some(then) = run_now {
        then();
    }
    if ask {
        ask_for_rest();
    }
}

fn ask_for_rest() {
    let load = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str(LOAD_REST))
        .ok()
        .and_then(|load| load.dyn_into::<js_sys::Function>().ok());
    let arrival = load
        .and_then(|load| load.call0(&JsValue::UNDEFINED).ok())
        .and_then(|promise| promise.dyn_into::<js_sys::Promise>().ok());
    match arrival {
        // Kept or broken, the promise says the rest has come as far as it will. Not Leptos'
        // `spawn_local`: its executor starts with the mount, and a start that waits for the
        // rest before it mounts (`main.rs`) asks sooner.
        Some(arrival) => wasm_bindgen_futures::spawn_local(async move {
            let _ = wasm_bindgen_futures::JsFuture::from(arrival).await;
            arrived();
        }),
        None => arrived(),
    }
}

fn arrived() {
    REST.with_borrow_mut(|rest| rest.loaded = true);
    run_next();
}

/// Runs the first piece of work waiting, and the next in a task of its own.
fn run_next() {
    if let Some(next) = REST.with_borrow_mut(|rest| rest.waiting.pop_front()) {
        next();
    }
    if REST.with_borrow(|rest| !rest.waiting.is_empty()) {
        set_timeout(run_next, Duration::ZERO);
    }
}
