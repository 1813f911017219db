//! "How is this computed?": the formulas, the capability rules and every source of a default,
//! rendered by the core for the document's catalog version.

use leptos::prelude::*;
use overhead_core::render::how_computed_html;

use super::AppState;

#[component]
pub fn HowComputed() -> impl IntoView {
    let state = expect_context::<AppState>();
    // Rebuilt only when the catalog version or the document's own kinds change, not on every
    // edit; the document's kinds and their sources are listed with the catalog's.
    let catalog = Memo::new(move |_| {
        state
            .store
            .decision
            .with(|d| (d.catalog_version, d.cost_model, d.kinds.clone()))
    });
    let body = move || {
        catalog.with(|(version, cost_model, kinds)| {
            overhead_core::catalog::for_document(*version, *cost_model, kinds)
                .map_or(String::new(), |catalog| how_computed_html(&catalog))
        })
    };
    view! {
        <details class="how" id="how-computed" data-testid="how-computed">
            <summary>"How is this computed?"</summary>
            <div inner_html=body></div>
        </details>
    }
}
