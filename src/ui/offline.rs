//! Offline use and updates: registers the service worker (`public/sw.js`, which keeps the
//! built site) once the page has painted and the browser is idle, and says when a new version
//! is ready; taking it makes the new worker take over, and the page reloads to run it.

use std::cell::{Cell, RefCell};

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{ServiceWorkerContainer, ServiceWorkerRegistration, ServiceWorkerState};

use super::store::{Notice, NoticeAction, NoticeKind, Store};

thread_local! {
    /// The page's registration, for taking a waiting version.
    static REGISTRATION: RefCell<Option<ServiceWorkerRegistration>> = const { RefCell::new(None) };
    /// The reader asked for the new version: the page reloads once it has taken over.
    static TAKING: Cell<bool> = const { Cell::new(false) };
}

/// The page's service workers, where the browser has them (not in an insecure context).
fn container() -> Option<ServiceWorkerContainer> {
    let navigator = web_sys::window()?.navigator();
    let has = js_sys::Reflect::has(&navigator, &JsValue::from_str("serviceWorker")).ok()?;
    has.then(|| navigator.service_worker())
}

/// How long after the first paint the service worker waits for the browser to be idle before it
/// registers all the same.
const REGISTER_AT_LATEST: u32 = 5_000;

/// Registers the service worker once the page has painted its numbers and the browser is idle:
/// the worker fetches every built file (about 1.2 MB gzip), which, registered at the `load`
/// event, took 50-80 ms from the first load's time to interactive on two cores.
pub fn keep_offline(store: Store) {
    super::after_next_paint(move || {
        let Some(window) = web_sys::window() else {
            return;
        };
        let options = web_sys::IdleRequestOptions::new();
        options.set_timeout(REGISTER_AT_LATEST);
        let when_idle = Closure::once_into_js(move || register(store));
        // A browser without idle callbacks registers it now, the numbers painted.
        if window
            .request_idle_callback_with_options(when_idle.unchecked_ref(), &options)
            .is_err()
        {
            register(store);
        }
    });
}

fn register(store: Store) {
    let Some(container) = container() else {
        return;
    };
    let registering = container.register("./sw.js");
    leptos::task::spawn_local(async move {
        // A refusal (a private mode, say), or anything but a registration (a browser that
        // blocks service workers answers `undefined`), leaves the page online only.
        let registered = wasm_bindgen_futures::JsFuture::from(registering)
            .await
            .ok()
            .and_then(|r| r.dyn_into::<ServiceWorkerRegistration>().ok());
        if let Some(registration) = registered {
            watch_updates(&container, registration, store);
        }
    });
}

/// Says so when a new version has installed while this one runs the page, and reloads once the
/// reader's choice to take it has taken effect.
fn watch_updates(
    container: &ServiceWorkerContainer,
    registration: ServiceWorkerRegistration,
    store: Store,
) {
    let controlled = {
        let container = container.clone();
        move || container.controller().is_some()
    };
    if registration.waiting().is_some() && controlled() {
        announce(store);
    }
    let watched = registration.clone();
    let on_found = Closure::<dyn Fn()>::new(move || {
        let Some(installing) = watched.installing() else {
            return;
        };
        let worker = installing.clone();
        let controlled = controlled.clone();
        let on_state = Closure::<dyn Fn()>::new(move || {
            // With no controller, this is the first install, not an update.
            if worker.state() == ServiceWorkerState::Installed && controlled() {
                announce(store);
            }
        });
        installing.set_onstatechange(Some(on_state.as_ref().unchecked_ref()));
        // Lives as long as the worker it watches: once per update.
        on_state.forget();
    });
    registration.set_onupdatefound(Some(on_found.as_ref().unchecked_ref()));
    // The page's handlers live as long as the page.
    on_found.forget();
    let on_change = Closure::<dyn Fn()>::new(move || {
        if TAKING.get() {
            if let Some(window) = web_sys::window() {
                let _ = window.location().reload();
            }
        }
    });
    container.set_oncontrollerchange(Some(on_change.as_ref().unchecked_ref()));
    on_change.forget();
    REGISTRATION.set(Some(registration));
}

fn announce(store: Store) {
    store.notice.set(Some(Notice {
        kind: NoticeKind::Info,
        text: "A new version of Overhead is ready.".to_string(),
        action: Some(NoticeAction::TakeUpdate),
    }));
}

/// Makes the waiting version take over; the page reloads when it has (your draft is saved).
pub fn take_update(store: Store) {
    store.settle(true);
    let waiting = REGISTRATION.with_borrow(|r| r.as_ref().and_then(|r| r.waiting()));
    if let Some(waiting) = waiting {
        TAKING.set(true);
        let _ = waiting.post_message(&JsValue::from_str("skip-waiting"));
    }
}
