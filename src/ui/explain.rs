//! "How is this computed?": the formulas, the capability rules and every source of a default,
//! rendered by the core for the document's catalog version, once a reader opens it.

use leptos::html;
use leptos::prelude::*;
use overhead_core::catalog::CatalogTexts;
use overhead_core::model::CustomKind;
use overhead_core::render::how_computed_html;

use super::AppState;

#[component]
pub fn HowComputed() -> impl IntoView {
    let state = expect_context::<AppState>();
    // Written only once a reader opens it: 93 KB of markup (700 elements) that every load would
    // otherwise build, parse and lay out for a closed section.
    let details: NodeRef<html::Details> = NodeRef::new();
    let opened = RwSignal::new(false);
    // Rebuilt only when the catalog version or the document's own kinds change, not on every
    // edit; the document's kinds and their sources are listed with the catalog's.
    let catalog = Memo::new(move |_| {
        state
            .store
            .decision
            .with(|d| (d.catalog_version, d.cost_model, d.kinds.clone()))
    });
    let body = move || {
        if !opened.get() {
            return String::new();
        }
        catalog.with(|(version, cost_model, kinds)| {
            state
                .catalog_texts
                .with(|texts| section_markup(*version, *cost_model, kinds, texts))
        })
    };
    view! {
        <details
            class="how"
            id="how-computed"
            data-testid="how-computed"
            node_ref=details
            on:toggle=move |_| {
                if details.get_untracked().is_some_and(|d| d.open()) {
                    opened.set(true);
                }
            }
        >
            <summary>"How is this computed?"</summary>
            <div inner_html=body></div>
        </details>
    }
}

/// The section's markup. Never inlined into the closure above, which runs at every start (it
/// writes nothing while the section is closed): the split keeps the code the start runs in the
/// first load, a function at a time, and this one (with the formulas' text it reaches) is not
/// needed there.
#[inline(never)]
fn section_markup(
    version: u32,
    cost_model: u32,
    kinds: &[CustomKind],
    texts: &CatalogTexts,
) -> String {
    overhead_core::catalog::for_document(version, cost_model, kinds)
        .map_or(String::new(), |catalog| how_computed_html(&catalog, texts))
}
