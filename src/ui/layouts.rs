//! The page's side of the layout worker (`src/bin/layout_worker.rs`): graphs too big to lay out
//! between two frames are laid out there, so that a structural edit of a big model answers at
//! once (its numbers) and its drawing follows a moment later.
//!
//! One worker serves every graph of the page. It starts when the first big graph asks. Requests
//! are numbered; each asker hears the answer to its own request only. When the worker cannot
//! start, stops, or does not say it is ready in time, every asker is told so (`None`) and lays
//! its graph out itself, as do all later askers: a drawing is never lost, only slower.

use std::collections::HashMap;
use std::time::Duration;

use leptos::prelude::*;
use overhead_core::layout::Layout;
use overhead_core::layout_wire::{decode_layout, encode_request};
use overhead_core::render::LayoutInput;
use wasm_bindgen::prelude::*;

use super::worker::{self, Slot};

/// The worker's entry script, written by Trunk (`data-loader-shim`) beside the page.
const WORKER_SCRIPT: &str = "./layout-worker_loader.js";

/// Graphs with more nodes and edges than this are laid out in the worker. The built-in
/// scenarios' graphs (tens of components) are laid out in the page, in well under a
/// millisecond, and are drawn with their numbers in the same frame.
pub const IN_PAGE_AT_MOST: usize = 300;

/// What an asker hears: the layout, or none when the worker failed it.
type Answer = Box<dyn FnOnce(Option<Layout>)>;

#[derive(Default)]
struct State {
    worker: Slot,
    /// The worker failed: graphs are laid out in the page from now on.
    failed: bool,
    last_seq: u64,
    /// Requests not yet posted (the worker is not ready yet), in order.
    unsent: Vec<(u64, Vec<f64>)>,
    waiting: HashMap<u64, Answer>,
}

/// The layout worker, shared by the page's graphs (a context value).
#[derive(Clone, Copy)]
pub struct Layouts {
    state: StoredValue<State, LocalStorage>,
}

impl Layouts {
    pub fn new() -> Layouts {
        Layouts {
            state: StoredValue::new_local(State::default()),
        }
    }

    /// The worker failed: graphs are laid out in the page.
    pub fn failed(self) -> bool {
        self.state.try_with_value(|s| s.failed).unwrap_or(true)
    }

    /// Lays `input` out in the worker; `answer` hears the layout, or none if the worker failed.
    /// It is always called later, never from inside this call (which a memo may make).
    pub fn lay_out(self, input: &LayoutInput, answer: impl FnOnce(Option<Layout>) + 'static) {
        if self.failed() {
            set_timeout(move || answer(None), Duration::ZERO);
            return;
        }
        let needs_start = self
            .state
            .try_update_value(|s| {
                s.last_seq += 1;
                let seq = s.last_seq;
                s.unsent.push((seq, encode_request(seq, input)));
                s.waiting.insert(seq, Box::new(answer));
                !s.worker.is_running()
            })
            .unwrap_or(false);
        if needs_start {
            self.start();
        } else {
            self.send_unsent();
        }
    }

    fn start(self) {
        worker::start(
            self.state,
            |s| &mut s.worker,
            WORKER_SCRIPT,
            move |data| self.receive(data),
            move |_why| self.fail(),
        );
    }

    fn send_unsent(self) {
        let ready = self.state.try_update_value(|s| {
            let worker = s.worker.ready()?.clone();
            Some((worker, std::mem::take(&mut s.unsent)))
        });
        let Some(Some((worker, unsent))) = ready else {
            return;
        };
        for (_, data) in unsent {
            let message = js_sys::Float64Array::from(data.as_slice());
            if worker.post_message(&message).is_err() {
                self.fail();
                return;
            }
        }
    }

    fn receive(self, data: JsValue) {
        if data.as_string().as_deref() == Some("ready") {
            self.state.update_value(|s| s.worker.mark_ready());
            self.send_unsent();
            return;
        }
        let Some((seq, layout)) = data
            .dyn_ref::<js_sys::Float64Array>()
            .and_then(|array| decode_layout(&array.to_vec()))
        else {
            self.fail();
            return;
        };
        let answer = self
            .state
            .try_update_value(|s| s.waiting.remove(&seq))
            .flatten();
        if let Some(answer) = answer {
            answer(Some(layout));
        }
    }

    /// The worker is gone: every asker lays its graph out itself, now and from now on.
    fn fail(self) {
        let waiting = self
            .state
            .try_update_value(|s| {
                s.failed = true;
                s.worker.stop();
                s.unsent.clear();
                std::mem::take(&mut s.waiting)
            })
            .unwrap_or_default();
        let mut waiting: Vec<(u64, Answer)> = waiting.into_iter().collect();
        overhead_core::order::sort_by_key(&mut waiting, |(seq, _)| *seq);
        // Failing may happen inside `lay_out` (a worker that cannot start): the askers hear it
        // after it returns.
        set_timeout(
            move || {
                for (_, answer) in waiting {
                    answer(None);
                }
            },
            Duration::ZERO,
        );
    }
}
