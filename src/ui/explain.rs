//! "How is this computed?": the formulas, the capability rules and every source of a default,
//! rendered by the core for the document's catalog version.

use leptos::prelude::*;
use overhead_core::render::how_computed_html;

use super::AppState;

#[component]
pub fn HowComputed() -> impl IntoView {
    let state = expect_context::<AppState>();
    // Rebuilt only when the catalog version changes, not on every edit.
    let version = Memo::new(move |_| state.store.decision.with(|d| d.catalog_version));
    let body =
        move || overhead_core::catalog::get(version.get()).map_or(String::new(), how_computed_html);
    view! {
        <details class="how" id="how-computed" data-testid="how-computed">
            <summary>"How is this computed?"</summary>
            <div inner_html=body></div>
        </details>
    }
}
