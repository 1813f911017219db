//! Overhead in the browser: mounts the UI. Everything that computes lives in `overhead-core`.

mod allocator;
mod ui;

use std::time::Duration;

use leptos::prelude::set_timeout;

/// The start, in five tasks so that none of them holds the page for long: this one ends the
/// task that compiled and instantiated the wasm; then one task each reads what to open (a link
/// of 1,000 components took 25-40 ms to decode in the page), analyses it (25-45 ms), prepares
/// the page (its state and views, `ui::PreparedPage`) and builds it. At 1,000 components,
/// reading and analysing in one task took 55-80 ms, and preparing and building the page
/// 55-75 ms. Each yield lets the browser's own tasks run in between: with timers, the five
/// tasks made the page interactive 25-40 ms later than three did; at user-blocking priority
/// (`next_task`), 10-15 ms sooner.
///
/// A document with kinds of its own waits for the deferred part of the code before it is
/// analysed: the checks of its kinds are there (`ui::deferred_code`); so does one made against
/// an older catalog before it is read (`ui::store`'s `decoded_at_start`). Its start shows
/// `index.html`'s "Opening…" a little longer, rather than fetching and compiling that part in
/// one synchronous step.
fn main() {
    ui::mark_time("overhead-main");
    next_task(read);
}

/// Reading waits for the browser where a link's document is deflated (`ui::Opening::read`).
fn read() {
    wasm_bindgen_futures::spawn_local(async {
        let opening = ui::Opening::read().await;
        ui::mark_time("overhead-opened");
        if opening.defines_kinds() {
            ui::deferred_code::loaded().await;
            analyse(opening);
        } else {
            next_task(move || analyse(opening));
        }
    });
}

fn analyse(mut opening: ui::Opening) {
    opening.analyse();
    next_task(move || prepare(opening));
}

fn prepare(opening: ui::Opening) {
    let page = ui::PreparedPage::prepare(opening);
    next_task(move || mount(page));
}

/// Runs `then` in a task of its own: with `scheduler.postTask` at user-blocking priority where
/// the browser has it (Chromium), ahead of the browser's own tasks of normal priority; else
/// with a timer.
fn next_task(then: impl FnOnce() + 'static) {
    post_task(Box::new(then));
}

/// Not generic: one closure type for every task of the start, so its glue is in the first
/// load once (as four, the first part was 1.4 KB gzip bigger).
fn post_task(then: Box<dyn FnOnce()>) {
    use wasm_bindgen::{closure::Closure, JsCast, JsValue};
    let global = js_sys::global();
    let post_task = js_sys::Reflect::get(&global, &JsValue::from_str("scheduler"))
        .ok()
        .filter(|scheduler| scheduler.is_object())
        .and_then(|scheduler| {
            let post = js_sys::Reflect::get(&scheduler, &JsValue::from_str("postTask")).ok()?;
            Some((scheduler, post.dyn_into::<js_sys::Function>().ok()?))
        });
    match post_task {
        Some((scheduler, post)) => {
            let options = js_sys::Object::new();
            let _ = js_sys::Reflect::set(
                &options,
                &JsValue::from_str("priority"),
                &JsValue::from_str("user-blocking"),
            );
            let callback = Closure::once_into_js(then);
            let _ = post.call2(&scheduler, &callback, &options);
        }
        None => set_timeout(then, Duration::ZERO),
    }
}

fn mount(page: ui::PreparedPage) {
    // index.html's static numbers of the landing scenario, or its line saying what is being
    // opened, shown until now, and its unseen text in the app's fonts.
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        for id in ["first-paint", "first-paint-opening", "font-warmup"] {
            if let Some(element) = document.get_element_by_id(id) {
                element.remove();
            }
        }
    }
    page.mount();
    // Mounting renders synchronously: from here the page shows its numbers and answers input.
    ui::mark_time("overhead-interactive");
}
