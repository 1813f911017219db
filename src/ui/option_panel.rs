//! One option's panel: what it adds against the baseline, what its capabilities are worth here,
//! its net value, and its graph.

use leptos::prelude::*;

use super::graph_view::GraphView;
use super::{AppState, Computed};

#[component]
pub fn OptionPanel(computed: Computed, index: usize) -> impl IntoView {
    let state = expect_context::<AppState>();
    let Ok(analysis) = computed.0.as_ref() else {
        return ().into_any();
    };
    let option_id = analysis.options[index].id.clone();
    let rename = move |ev: leptos::ev::Event| {
        let name = event_target_value(&ev);
        let id = option_id.clone();
        state.store.edit("option-name", move |d| {
            if let Some(option) = d.options.iter_mut().find(|o| o.id == id) {
                option.name = name;
            }
        });
    };
    let svg_computed = computed.clone();
    let export_svg = move |_| {
        let Ok(analysis) = svg_computed.0.as_ref() else {
            return;
        };
        state.store.offer_download(
            "SVG",
            &analysis.options[index].name,
            "svg",
            "image/svg+xml",
            &overhead_core::export::svg(analysis, index),
        );
    };
    let option = &analysis.options[index];
    let is_baseline = index == analysis.baseline;
    let report = overhead_core::render::option_report_html(analysis, index);

    view! {
        <article
            id=format!("option-{index}")
            class="option"
            class:baseline=is_baseline
            data-testid="option"
            data-option-id=option.id.clone()
            aria-label=format!("Option: {}", option.name)
        >
            <header class="option-head">
                <h2>
                    <input
                        class="name-input"
                        aria-label="Option name"
                        data-testid="option-name"
                        value=option.name.clone()
                        on:change=rename
                    />
                </h2>
                {is_baseline.then(|| view! { <span class="badge">"baseline"</span> })}
            </header>
            <div class="report" inner_html=report></div>
            <GraphView computed=computed.clone() index=index/>
            <button class="small" data-testid="export-svg" data-option-id=option.id.clone() on:click=export_svg>
                "Download this graph as SVG"
            </button>
        </article>
    }
    .into_any()
}
