//! Offline use and updates: registers the service worker (`public/sw.js`, which keeps the
//! built site) once the page has loaded, and says when a new version is ready; taking it makes
//! the new worker take over, and the page reloads to run it.

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

/// Registers the service worker after the page's `load` event, so that the first load does not
/// wait for the files it keeps.
pub fn keep_offline(store: Store) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let register = move || {
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
    };
    let loaded = window
        .document()
        .is_some_and(|d| d.ready_state() == "complete");
    if loaded {
        register();
    } else {
        let on_load = Closure::once_into_js(register);
        let _ = window.add_event_listener_with_callback("load", on_load.unchecked_ref());
    }
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
