//! Overhead in the browser: mounts the UI. Everything that computes lives in `overhead-core`.

mod ui;

use std::time::Duration;

use leptos::prelude::set_timeout;

/// The start, in three tasks so that none of them holds the page for long: this one ends the
/// task that compiled and instantiated the wasm; the next reads what to open and analyses it
/// (a link of 1,000 components took 40–50 ms to decode in the page, and 25–45 ms to analyse);
/// the last builds the page. Each yield costs the browser's work waiting in between, such as a
/// frame: one task for reading and one for analysing were 20–30 ms slower to interactive.
///
/// A document with kinds of its own waits for the deferred part of the code before it is
/// analysed: the checks of its kinds are there (`ui::deferred_code`). Its start shows
/// `index.html`'s "Opening…" a little longer, rather than fetching and compiling that part in
/// one synchronous step.
fn main() {
    ui::mark_time("overhead-main");
    next_task(|| {
        let opening = ui::Opening::read();
        ui::mark_time("overhead-opened");
        if opening.defines_kinds() {
            ui::deferred_code::after(
                Duration::ZERO,
                Box::new(move || analyse_then_mount(opening)),
            );
        } else {
            analyse_then_mount(opening);
        }
    });
}

fn analyse_then_mount(mut opening: ui::Opening) {
    opening.analyse();
    next_task(move || mount(opening));
}

fn next_task(then: impl FnOnce() + 'static) {
    set_timeout(then, Duration::ZERO);
}

fn mount(opening: ui::Opening) {
    // index.html's static numbers of the landing scenario, or its line saying what is being
    // opened, shown until now.
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        for id in ["first-paint", "first-paint-opening"] {
            if let Some(element) = document.get_element_by_id(id) {
                element.remove();
            }
        }
    }
    leptos::mount::mount_to_body(move || leptos::view! { <ui::App opening/> });
    // Mounting renders synchronously: from here the page shows its numbers and answers input.
    ui::mark_time("overhead-interactive");
}
