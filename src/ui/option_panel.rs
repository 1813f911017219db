//! One option's panel: what it adds against the baseline, what its capabilities are worth here,
//! its net value, and its graph.

use leptos::prelude::*;
use overhead_core::edit::Command;

use super::graph_view::GraphView;
use super::{AppState, Computed};

#[component]
pub fn OptionPanel(computed: Computed, index: usize) -> impl IntoView {
    let state = expect_context::<AppState>();
    let Ok(analysis) = computed.0.as_ref() else {
        return ().into_any();
    };
    let option_id = analysis.options[index].id.clone();
    let count = analysis.options.len();
    let store = state.store;
    let id = option_id.clone();
    let rename = move |ev: leptos::ev::Event| {
        store.dispatch(Command::RenameOption {
            option: id.clone(),
            name: event_target_value(&ev),
        });
    };
    let command_id = option_id.clone();
    let command = move |make: fn(String) -> Command| {
        let id = command_id.clone();
        move |_: leptos::ev::MouseEvent| {
            state.selection.set(None);
            store.dispatch(make(id.clone()));
        }
    };
    let baseline_id = option_id.clone();
    let make_baseline = move |_: leptos::ev::Event| {
        store.dispatch(Command::SetBaseline {
            option: baseline_id.clone(),
        });
    };
    let move_id = option_id.clone();
    let move_to = move |to: usize| {
        let id = move_id.clone();
        move |_| {
            state.selection.set(None);
            store.dispatch(Command::MoveOption {
                option: id.clone(),
                to,
            });
        }
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
                        prop:value=option.name.clone()
                        on:change=rename
                    />
                </h2>
                <label class="baseline-choice" title="Compare every other option with this one">
                    <input
                        type="radio"
                        name="baseline"
                        data-testid="baseline-choice"
                        prop:checked=is_baseline
                        on:change=make_baseline
                    />
                    <span>"baseline"</span>
                </label>
            </header>
            <div class="option-tools" role="toolbar" aria-label=format!("Edit option {}", option.name)>
                <button
                    class="small primary"
                    data-testid="add-component"
                    aria-haspopup="dialog"
                    on:click=move |_| state.palette.set(Some(index))
                >
                    "+ Add component"
                </button>
                <button class="small" data-testid="option-duplicate" on:click=command(|option| Command::DuplicateOption { option })>
                    "Duplicate"
                </button>
                <button
                    class="small"
                    disabled={index == 0}
                    on:click=move_to(index.saturating_sub(1))
                >
                    "← Move"
                </button>
                <button
                    class="small"
                    disabled={index + 1 >= count}
                    on:click=move_to(index + 1)
                >
                    "Move →"
                </button>
                <button
                    class="small danger"
                    data-testid="option-delete"
                    disabled={count <= 1}
                    on:click=command(|option| Command::DeleteOption { option })
                >
                    "Delete"
                </button>
            </div>
            <div class="report" inner_html=report></div>
            <GraphView computed=computed.clone() index=index/>
            <button class="small" data-testid="export-svg" data-option-id=option.id.clone() on:click=export_svg>
                "Download this graph as SVG"
            </button>
        </article>
    }
    .into_any()
}
