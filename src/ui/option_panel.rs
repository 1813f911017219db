//! One option's panel: what it adds against the baseline, what its capabilities are worth here,
//! its net value, its graph, and the controls that edit the option.
//!
//! A panel lives as long as its option (the results list is keyed by option id) and reads the
//! analysis through memos, so an edit redraws only the parts whose text changed: renaming one
//! option does not redraw another's graph, and new numbers do not lay a graph out again.

use leptos::prelude::*;
use overhead_core::analysis::Analysis;
use overhead_core::edit::Command;

use super::graph_view::GraphView;
use super::html_patch::PatchedMarkup;
use super::verdicts::VerdictLines;
use super::{AppState, Computed};

/// The analysis on screen (the last one that computed).
pub type Shown = Memo<Option<Computed>>;

/// Reads something of this option from the analysis on screen, if the option is still in it.
pub fn with_option<T>(
    shown: Shown,
    option_id: &str,
    read: impl FnOnce(&Analysis, usize) -> T,
) -> Option<T> {
    shown.with(|shown| {
        let analysis = shown.as_ref()?.0.as_ref().as_ref().ok()?;
        let index = analysis.options.iter().position(|o| o.id == option_id)?;
        Some(read(analysis, index))
    })
}

#[component]
pub fn OptionPanel(shown: Shown, option_id: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let store = state.store;
    let id = StoredValue::new(option_id);
    let place = Memo::new(move |_| {
        id.with_value(|id| {
            with_option(shown, id, |a, index| {
                (index, a.options.len(), index == a.baseline)
            })
        })
        .unwrap_or((0, 0, false))
    });
    let name = Memo::new(move |_| {
        id.with_value(|id| with_option(shown, id, |a, i| a.options[i].name.clone()))
            .unwrap_or_default()
    });
    let report = Memo::new(move |_| {
        id.with_value(|id| {
            with_option(shown, id, |a, i| {
                overhead_core::render::option_report_html(a, i)
            })
        })
        .unwrap_or_default()
    });
    let dispatch = move |command: Command| {
        state.selection.set(None);
        store.dispatch(command);
    };
    let option = move || id.get_value();
    let export_svg = move |_| {
        let svg = id.with_value(|id| {
            with_option(shown, id, |a, i| {
                (a.options[i].name.clone(), overhead_core::export::svg(a, i))
            })
        });
        if let Some((name, svg)) = svg {
            store.offer_download("SVG", &name, "svg", "image/svg+xml", &svg);
        }
    };

    view! {
        <article
            id=move || format!("option-{}", place.get().0)
            class="option"
            class:baseline=move || place.get().2
            data-testid="option"
            data-option-id=option()
            data-robust=move || super::ranges::robust_attribute(place.get().0)
            aria-label=move || format!("Option: {}", name.get())
        >
            <header class="option-head">
                <h2>
                    <input
                        class="name-input"
                        aria-label="Option name"
                        data-testid="option-name"
                        prop:value=move || name.get()
                        on:change=move |ev| {
                            store.dispatch(Command::RenameOption {
                                option: option(),
                                name: event_target_value(&ev),
                            });
                        }
                    />
                </h2>
                <label class="baseline-choice" title="Compare every other option with this one">
                    <input
                        type="radio"
                        name="baseline"
                        data-testid="baseline-choice"
                        prop:checked=move || place.get().2
                        on:change=move |_| dispatch(Command::SetBaseline { option: option() })
                    />
                    <span>"baseline"</span>
                </label>
            </header>
            <div class="option-tools" role="toolbar" aria-label=move || format!("Edit option {}", name.get())>
                <button
                    class="small primary"
                    data-testid="add-component"
                    aria-haspopup="dialog"
                    on:click=move |_| state.palette.set(Some(place.get_untracked().0))
                >
                    "+ Add component"
                </button>
                <super::walkthrough::WalkthroughButton option_id=id/>
                <button
                    class="small"
                    data-testid="option-duplicate"
                    on:click=move |_| dispatch(Command::DuplicateOption { option: option() })
                >
                    "Duplicate"
                </button>
                <button
                    class="small"
                    disabled=move || place.get().0 == 0
                    on:click=move |_| {
                        let to = place.get_untracked().0.saturating_sub(1);
                        dispatch(Command::MoveOption { option: option(), to });
                    }
                >
                    "← Move"
                </button>
                <button
                    class="small"
                    disabled=move || { let (index, count, _) = place.get(); index + 1 >= count }
                    on:click=move |_| {
                        let to = place.get_untracked().0 + 1;
                        dispatch(Command::MoveOption { option: option(), to });
                    }
                >
                    "Move →"
                </button>
                <button
                    class="small danger"
                    data-testid="option-delete"
                    disabled=move || place.get().1 <= 1
                    on:click=move |_| dispatch(Command::DeleteOption { option: option() })
                >
                    "Delete"
                </button>
            </div>
            <VerdictLines shown=shown option_id=option()/>
            <super::ranges::RangeLines index=Memo::new(move |_| place.get().0)/>
            <PatchedMarkup class="report" markup=report/>
            <super::AfterFirstPaint>
                <GraphView shown=shown option_id=option()/>
            </super::AfterFirstPaint>
            <button class="small" data-testid="export-svg" data-option-id=option() on:click=export_svg>
                "Download this graph as SVG"
            </button>
        </article>
    }
}
