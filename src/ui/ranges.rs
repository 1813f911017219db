//! Ranges in the page: the toggle and the draws (beside the context), low and high beside each
//! number once ranges are on, and in each option's panel its range, its chance to gain and its
//! chance to beat the others, drawn by the core (`ranges::Run`).
//!
//! The draws follow the model and its ranges. They run in steps of a few milliseconds each,
//! the first at once and the rest each in a task of its own, so that 10,000 draws of a big
//! model never hold the page; an edit in between drops them for new ones.

use std::sync::Arc;
use std::time::Duration;

use leptos::prelude::*;
use overhead_core::decimal;
use overhead_core::format::{money, number, percent};
use overhead_core::model::{Bounds, Decision, Ranges};
use overhead_core::ranges::{Outcome, Run, MAX_SAMPLES, MIN_SAMPLES, PERCENTILES_NOTE};

use super::browser::{self, mark_time, measure_time};
use super::{deferred_code, field_error, AppState, Computed};

/// How long one step of draws may run before it yields to the page.
const STEP_BUDGET_MS: f64 = 6.0;

/// Draws between two looks at the clock.
const DRAWS_BETWEEN_CHECKS: usize = 32;

/// Where the draws of the model on screen are.
#[derive(Clone, Debug, PartialEq)]
pub enum Drawn {
    Off,
    /// Ranges are on, but no number has one.
    NoRanges,
    /// The ranges do not hold (the sentence says why), or the model does not compute.
    Unavailable(String),
    Drawing {
        done: usize,
        of: usize,
    },
    Ready(Arc<Outcome>),
}

/// The draws of the model on screen, for every panel that shows them, and the names of the
/// numbers drawn.
#[derive(Clone, Copy)]
pub struct Spreads(RwSignal<Drawn>, RwSignal<Vec<String>>);

impl Spreads {
    /// Draws the ranges of `document` (the store's) each time its analysis or its ranges
    /// change; the analysis is of the document as it is, so the two are read together.
    pub fn follow(
        document: RwSignal<Decision>,
        computed: Memo<Computed>,
        ranges: Memo<Ranges>,
    ) -> Spreads {
        let spreads = Spreads(RwSignal::new(Drawn::Off), RwSignal::new(Vec::new()));
        let running = StoredValue::new(None::<Run>);
        let waiting = StoredValue::new(None::<TimeoutHandle>);
        Effect::new(move |_| {
            let computed = computed.get();
            let ranges = ranges.get();
            running.set_value(None);
            if let Some(handle) = waiting.get_value() {
                handle.clear();
            }
            if ranges.on {
                spreads.start_drawing(document, &computed, running, waiting);
            } else {
                spreads.0.set(Drawn::Off);
            }
        });
        spreads
    }

    /// Starts drawing `document`'s ranges, or says why there is nothing to draw. Never inlined
    /// into the effect that asks for it, which every start runs (with ranges off): made apart,
    /// like `deferred_code::view_apart`'s views, it loads with the deferred part.
    #[inline(never)]
    fn start_drawing(
        self,
        document: RwSignal<Decision>,
        computed: &Computed,
        running: StoredValue<Option<Run>>,
        waiting: StoredValue<Option<TimeoutHandle>>,
    ) {
        let Ok(analysis) = computed.0.as_ref() else {
            self.0.set(Drawn::Unavailable(
                "No ranges: the model does not compute as it is.".to_string(),
            ));
            return;
        };
        let started = document.with_untracked(|decision| {
            let run = Run::new(decision, analysis, None, None);
            if let Ok(Some(run)) = &run {
                self.1.set(
                    run.numbers()
                        .map(|n| n.name(decision, &analysis.catalog))
                        .collect(),
                );
            } else {
                self.1.set(Vec::new());
            }
            run
        });
        match started {
            Err(error) => self.0.set(Drawn::Unavailable(error.sentence())),
            Ok(None) => self.0.set(Drawn::NoRanges),
            Ok(Some(run)) => {
                mark_time("overhead-ranges-start");
                running.set_value(Some(run));
                self.step(running, waiting);
            }
        }
    }

    /// Draws for a few milliseconds, then shows where the draws are and leaves the rest to a
    /// task of its own.
    fn step(self, running: StoredValue<Option<Run>>, waiting: StoredValue<Option<TimeoutHandle>>) {
        let start = browser::now_ms();
        mark_time("overhead-ranges-step-start");
        let progress = running
            .try_update_value(|run| {
                let run = run.as_mut()?;
                while !run.finished() && browser::now_ms() - start < STEP_BUDGET_MS {
                    run.step(DRAWS_BETWEEN_CHECKS);
                }
                Some((run.done(), run.samples(), run.finished()))
            })
            .flatten();
        match progress {
            Some((_, _, true)) => {
                if let Some(Some(run)) = running.try_update_value(Option::take) {
                    self.0.set(Drawn::Ready(Arc::new(run.outcome())));
                }
                measure_time("overhead-ranges-step", "overhead-ranges-step-start");
                measure_time("overhead-ranges", "overhead-ranges-start");
            }
            Some((done, of, false)) => {
                self.0.set(Drawn::Drawing { done, of });
                measure_time("overhead-ranges-step", "overhead-ranges-step-start");
                // Through `deferred_code`: a document that opens with ranges on draws its first
                // step during the start, and the next ones wait for the rest of the code.
                let next = move || self.step(running, waiting);
                waiting.set_value(deferred_code::after(Duration::ZERO, Box::new(next)));
            }
            // Dropped for a newer model.
            None => {}
        }
    }

    /// Whether option `index`'s whole range keeps one sign, once drawn.
    fn robust(self, index: usize) -> Option<bool> {
        self.0.with(|drawn| match drawn {
            Drawn::Ready(outcome) => outcome.spreads.get(index).map(|s| s.robust),
            _ => None,
        })
    }
}

/// `data-robust` of option `index`'s panel: "true" when its whole range keeps one sign,
/// "false" when it does not, absent while ranges are off or drawing.
pub fn robust_attribute(index: usize) -> Option<&'static str> {
    let spreads = use_context::<Spreads>()?;
    spreads
        .robust(index)
        .map(|robust| if robust { "true" } else { "false" })
}

/// Option `index`'s range, its chance to gain and to beat each other option, once ranges are
/// on.
#[component]
pub fn RangeLines(index: Memo<usize>) -> impl IntoView {
    let spreads = expect_context::<Spreads>();
    let state = expect_context::<AppState>();
    let names = Memo::new(move |_| {
        state
            .model
            .with(|d| d.options.iter().map(|o| o.name.clone()).collect::<Vec<_>>())
    });
    let lines = move || {
        let index = index.get();
        spreads
            .0
            .with(|drawn| (!matches!(drawn, Drawn::Off)).then(|| drawn_lines(drawn, index, names)))
    };
    view! { <div class="ranges-lines">{lines}</div> }
}

/// What option `index`'s lines say while ranges are on: that no number has one, why they cannot
/// be drawn, how far the drawing is, or what the draws say. Never inlined into the closure that
/// shows them, which every start runs while ranges are off: made apart, like
/// `deferred_code::view_apart`'s views, they load with the deferred part.
#[inline(never)]
fn drawn_lines(drawn: &Drawn, index: usize, names: Memo<Vec<String>>) -> AnyView {
    match drawn {
        Drawn::Off => ().into_any(),
        Drawn::NoRanges => view! {
            <p class="range muted" data-testid="net-range">
                "No number has a range yet: give one a low and a high."
            </p>
        }
        .into_any(),
        Drawn::Unavailable(why) => view! {
            <p class="range muted" data-testid="net-range">{why.clone()}</p>
        }
        .into_any(),
        Drawn::Drawing { done, of } => view! {
            <p class="range muted" data-testid="net-range" aria-busy="true">
                {format!("Drawing… {} of {} draws", number(*done as f64), number(*of as f64))}
            </p>
        }
        .into_any(),
        Drawn::Ready(outcome) => ready_lines(outcome, index, &names.get()).into_any(),
    }
}

/// What the draws say of option `index`: its range (`net-range`, with `data-median`,
/// `data-p5` and `data-p95`), its chance to gain (`win-probability`, with `data-p`), and the
/// chance it beats each other option that is not the baseline, on the same draws.
fn ready_lines(outcome: &Outcome, index: usize, names: &[String]) -> impl IntoView {
    let Some(spread) = outcome.spreads.get(index).copied() else {
        return ().into_any();
    };
    let draws = outcome.nets.get(index).map_or(0, Vec::len);
    if index == outcome.baseline {
        return view! {
            <p
                class="range"
                data-testid="net-range"
                data-median=spread.median.to_string()
                data-p5=spread.p5.to_string()
                data-p95=spread.p95.to_string()
            >
                "The baseline: 0 in every draw; the others are weighed against it, draw by draw."
            </p>
        }
        .into_any();
    }
    let beats: Vec<String> = outcome
        .rivals(index)
        .map(|(other, chance)| {
            format!(
                "Beats {} in {} of the same draws.",
                names.get(other).map_or("another option", String::as_str),
                percent(chance)
            )
        })
        .collect();
    let win = format!(
        "Gains (net monthly value above 0) in {} of {} draws.",
        percent(spread.win_probability),
        number(draws as f64)
    );
    view! {
        <p
            class="range"
            data-testid="net-range"
            data-median=spread.median.to_string()
            data-p5=spread.p5.to_string()
            data-p95=spread.p95.to_string()
        >
            "Net a month: median " {money(spread.median)} ", 90% of draws between "
            {money(spread.p5)} " and " {money(spread.p95)}
            {spread.robust.then_some(if spread.median > 0.0 { " (gains in every draw)" } else { " (never gains)" })}
        </p>
        <p class="range" data-testid="win-probability" data-p=spread.win_probability.to_string()>
            {win}
        </p>
        {beats.into_iter().map(|line| view! { <p class="range">{line}</p> }).collect_view()}
    }
    .into_any()
}

/// The ranges switch, what low and high mean, and the draws (a seed and a count).
#[component]
pub fn RangesControls() -> impl IntoView {
    let state = expect_context::<AppState>();
    let store = state.store;
    let ranges = state.ranges;
    let spreads = expect_context::<Spreads>();
    let on = Memo::new(move |_| ranges.with(|r| r.on));
    let error = RwSignal::new(None::<String>);
    let set_draws = move |seed: Option<&str>, samples: Option<&str>| {
        let current = ranges.get_untracked();
        let seed = match seed.map(|s| s.trim().parse::<u32>()) {
            None => Ok(current.seed),
            Some(parsed) => parsed.map_err(|_| "Seed: enter a whole number from 0".to_string()),
        };
        let samples = match samples.map(|s| s.trim().parse::<u32>()) {
            None => Ok(current.samples),
            Some(Ok(n)) if (MIN_SAMPLES..=MAX_SAMPLES).contains(&n) => Ok(n),
            Some(_) => Err(format!(
                "Draws: enter a whole number from {MIN_SAMPLES} to {}",
                number(f64::from(MAX_SAMPLES))
            )),
        };
        match (seed, samples) {
            (Ok(seed), Ok(samples)) => {
                error.set(None);
                store.dispatch(overhead_core::edit::Command::SetDraws { seed, samples });
            }
            (Err(message), _) | (_, Err(message)) => error.set(Some(message)),
        }
    };
    view! {
        <fieldset class="ranges-controls">
            <legend>"Ranges"</legend>
            <label class="check">
                <input
                    type="checkbox"
                    data-testid="ranges-toggle"
                    prop:checked=move || on.get()
                    on:change=move |ev| {
                        store.dispatch(overhead_core::edit::Command::SetRangesOn(event_target_checked(&ev)));
                    }
                />
                <span>"Give numbers as low / likely / high"</span>
            </label>
            <Show when=move || on.get()>
                <p class="muted field-note" data-testid="ranges-note">{PERCENTILES_NOTE}</p>
                <label class="check">
                    <input
                        type="checkbox"
                        data-testid="ranges-catalog"
                        prop:checked=move || ranges.with(|r| r.catalog)
                        on:change=move |ev| {
                            store.dispatch(overhead_core::edit::Command::SetCatalogRanges(event_target_checked(&ev)));
                        }
                    />
                    <span>"Draw the catalog's ranges too, where its sources disagree"</span>
                </label>
                {move || {
                    let names = spreads.1.get();
                    (!names.is_empty()).then(|| view! {
                        <details class="ranges-drawn">
                            <summary>{format!("Drawn: {} numbers", names.len())}</summary>
                            <ul data-testid="ranges-drawn">
                                {names.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}
                            </ul>
                        </details>
                    })
                }}
                <div class="field draws">
                    <label for="ranges-samples">"Draws"</label>
                    <input
                        id="ranges-samples"
                        type="number"
                        min=MIN_SAMPLES
                        max=MAX_SAMPLES
                        step="100"
                        data-testid="ranges-samples"
                        prop:value=move || ranges.with(|r| r.samples.to_string())
                        on:change=move |ev| set_draws(None, Some(&event_target_value(&ev)))
                    />
                    <label for="ranges-seed">"Seed"</label>
                    <input
                        id="ranges-seed"
                        type="number"
                        min="0"
                        step="1"
                        data-testid="ranges-seed"
                        prop:value=move || ranges.with(|r| r.seed.to_string())
                        on:change=move |ev| set_draws(Some(&event_target_value(&ev)), None)
                    />
                </div>
                {move || field_error(None, error.get())}
            </Show>
        </fieldset>
    }
}

/// Low and high beside a number (`testid-low`, `testid-high`), shown once ranges are on. The
/// range is written once both are given; both empty clear it. `scale` turns a
/// stored value into the shown one (a share shown as a percentage).
#[component]
pub fn RangeInputs(
    /// What the number is, for the inputs' labels and messages.
    label: String,
    testid: Option<String>,
    /// `data-figure` of both inputs, for an overridden figure's range.
    #[prop(optional)]
    figure: Option<&'static str>,
    scale: f64,
    /// The number's range in the document, if it has one.
    #[prop(into)]
    bounds: Signal<Option<Bounds>>,
    /// Writes a range (or none); returns whether the document took it.
    set: Callback<Option<Bounds>, bool>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let on = Memo::new(move |_| state.ranges.with(|r| r.on));
    let error = RwSignal::new(None::<String>);
    let hint = RwSignal::new(None::<String>);
    let low_input = NodeRef::<leptos::html::Input>::new();
    let high_input = NodeRef::<leptos::html::Input>::new();
    let shown = move |side: fn(&Bounds) -> f64| {
        bounds
            .get()
            .map(|b| format!("{}", side(&b) * scale))
            .unwrap_or_default()
    };
    let label = StoredValue::new(label);
    let changed = move |_| {
        let (Some(low), Some(high)) = (low_input.get_untracked(), high_input.get_untracked())
        else {
            return;
        };
        let (low, high) = (low.value(), high.value());
        if low.trim().is_empty() && high.trim().is_empty() {
            error.set(None);
            hint.set(None);
            set.run(None);
            return;
        }
        // One side alone waits for the other: filling it in for the user would write into a
        // field they are about to type in.
        if low.trim().is_empty() || high.trim().is_empty() {
            error.set(None);
            hint.set(Some(format!(
                "{}: give a {} too.",
                label.get_value(),
                if low.trim().is_empty() { "low" } else { "high" }
            )));
            return;
        }
        hint.set(None);
        let read = |text: &str| -> Result<f64, String> {
            decimal::parse(text)
                .filter(|v| v.is_finite())
                .map(|v| v / scale)
                .ok_or_else(|| "enter a number".to_string())
        };
        match (read(&low), read(&high)) {
            (Ok(low), Ok(high)) => {
                error.set(None);
                set.run(Some(Bounds { low, high }));
            }
            (Err(why), _) | (_, Err(why)) => {
                error.set(Some(format!("{}: {why}", label.get_value())))
            }
        }
    };
    // One input per side: its element, its name ("low"), its percentile and its value.
    let side = move |input: NodeRef<leptos::html::Input>,
                     name: &'static str,
                     percentile: &'static str,
                     value_of: fn(&Bounds) -> f64| {
        view! {
            <input
                type="number"
                step="any"
                min="0"
                class="range-input"
                node_ref=input
                placeholder=name
                aria-label=format!("{}: {name} ({percentile} percentile)", label.get_value())
                data-testid=testid.as_ref().map(|t| format!("{t}-{name}"))
                data-figure=figure
                prop:value=move || shown(value_of)
                on:change=changed
            />
        }
    };
    view! {
        <Show when=move || on.get()>
            <span class="range-inputs">
                {side(low_input, "low", "5th", |b| b.low)}
                <span aria-hidden="true">" – "</span>
                {side(high_input, "high", "95th", |b| b.high)}
                {move || field_error(None, error.get())}
                {move || hint.get().map(|h| view! { <span class="muted field-note">{h}</span> })}
            </span>
        </Show>
    }
}
