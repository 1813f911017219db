//! Overhead in the browser: mounts the UI. Everything that computes lives in `overhead-core`.

mod ui;

fn main() {
    ui::mark_time("overhead-main");
    // index.html's static numbers of the landing scenario, or its line saying what is being
    // opened, shown while this module loaded.
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        for id in ["first-paint", "first-paint-opening"] {
            if let Some(element) = document.get_element_by_id(id) {
                element.remove();
            }
        }
    }
    leptos::mount::mount_to_body(ui::App);
    // Mounting renders synchronously: from here the page shows its numbers and answers input.
    ui::mark_time("overhead-interactive");
}
