//! Overhead in the browser: mounts the UI. Everything that computes lives in `overhead-core`.

mod ui;

fn main() {
    leptos::mount::mount_to_body(ui::App);
}
