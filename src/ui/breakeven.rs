//! Break-even: pick an assumption (`sweep-param`), see each option's net monthly value over its
//! range (`sweep-chart`, drawn by the core) and where it crosses zero, in words
//! (`sweep-summary`), by keyboard (arrow keys move a read-out) and as a table. The sweep runs
//! a moment after the model settles, in a task of its own: it analyses the model some fifty to
//! a hundred times, which must not lengthen an edit.

use std::time::Duration;

use leptos::ev::KeyboardEvent;
use leptos::prelude::*;
use overhead_core::ranges::Bands;
use overhead_core::render::sweep_chart;
use overhead_core::sweep::{self, NotSwept, Param, Sweep, CONTEXT_PARAMS, PICKER_LISTED_AT_MOST};

use super::browser::{mark_time, measure_time};
use super::{more_to_find, AppState, FindField};

/// How long the model must stay unchanged before it is swept.
const SWEEP_DELAY: Duration = Duration::from_millis(200);

#[component]
pub fn BreakEven() -> impl IntoView {
    let state = expect_context::<AppState>();
    let model = state.model;
    let param = RwSignal::new(Param::Context(CONTEXT_PARAMS[0]));
    let offered = Memo::new(move |_| {
        let selection = state.selection.get();
        model.with(|d| {
            let open = selection.as_ref().map(|s| (s.option, s.component.as_str()));
            sweep::picker_choices(d, open)
        })
    });
    // A big model's thousands of overridden figures are not all listed: typing finds them.
    let filter = RwSignal::new(String::new());
    let long_list = Memo::new(move |_| offered.with(|o| o.len() > PICKER_LISTED_AT_MOST));
    let listed = Memo::new(move |_| {
        offered.with(|all| {
            filter.with(|typed| param.with(|chosen| sweep::picker_listed(all, typed, chosen)))
        })
    });
    let swept = RwSignal::new(None::<Result<Sweep, NotSwept>>);
    // Each option's 5–95 band, with ranges on and given.
    let bands = RwSignal::new(None::<Bands>);
    let cursor = RwSignal::new(None::<usize>);
    let waiting = StoredValue::new(None::<TimeoutHandle>);
    Effect::new(move |_| {
        model.track();
        state.ranges.track();
        let chosen = param.get();
        if let Some(handle) = waiting.get_value() {
            handle.clear();
        }
        let run = move || {
            // Timed as the "overhead-sweep" measure (scripts/measure reports it).
            mark_time("overhead-sweep-start");
            let result = model.with_untracked(|d| sweep::sweep(d, &chosen));
            measure_time("overhead-sweep", "overhead-sweep-start");
            // Keep the read-out where it was when the samples stay the same in number.
            let samples = result.as_ref().map_or(0, |s| s.xs.len());
            cursor.update(|c| *c = c.filter(|i| *i < samples));
            // Timed as "overhead-bands" (41 points × up to 400 draws, with ranges on).
            mark_time("overhead-bands-start");
            bands.set(
                result
                    .as_ref()
                    .ok()
                    .and_then(|sweep| bands_of(state, sweep)),
            );
            measure_time("overhead-bands", "overhead-bands-start");
            swept.set(Some(result));
        };
        waiting.set_value(set_timeout_with_handle(run, SWEEP_DELAY).ok());
    });
    let chart = move || {
        swept.with(|s| match s {
            Some(Ok(sweep)) => bands
                .with(|b| sweep_chart(sweep, b.as_ref(), cursor.get()))
                .as_str()
                .to_string(),
            _ => String::new(),
        })
    };
    let summary = move || {
        swept.with(|s| match s {
            Some(Ok(sweep)) => sweep.summary(),
            Some(Err(not_swept)) => not_swept.sentence(),
            None => "Sweeping…".to_string(),
        })
    };
    let read_out = move || {
        let i = cursor.get()?;
        swept.with(|s| {
            let sweep = s.as_ref()?.as_ref().ok()?;
            let x = sweep.xs.get(i)?;
            let values: Vec<String> = sweep
                .lines
                .iter()
                .enumerate()
                .map(|(line, l)| format!("{} {}", l.name, sweep.value_text(line, i)))
                .collect();
            Some(format!(
                "At {}: {}.",
                sweep.param.describe(*x),
                values.join("; ")
            ))
        })
    };
    let on_key = move |event: KeyboardEvent| {
        let samples = swept.with(|s| match s {
            Some(Ok(sweep)) => sweep.xs.len(),
            _ => 0,
        });
        if samples == 0 {
            return;
        }
        let now = swept.with(|s| match s {
            Some(Ok(sweep)) => sweep.xs.iter().position(|x| *x >= sweep.now).unwrap_or(0),
            _ => 0,
        });
        let next = match (event.key().as_str(), cursor.get_untracked()) {
            ("ArrowRight" | "ArrowUp", None) | ("ArrowLeft" | "ArrowDown", None) => now,
            ("ArrowRight" | "ArrowUp", Some(i)) => (i + 1).min(samples - 1),
            ("ArrowLeft" | "ArrowDown", Some(i)) => i.saturating_sub(1),
            ("Home", _) => 0,
            ("End", _) => samples - 1,
            ("Escape", _) => {
                cursor.set(None);
                return;
            }
            _ => return,
        };
        event.prevent_default();
        cursor.set(Some(next));
    };
    let download = move |_| {
        let svg = swept.with_untracked(|s| match s {
            Some(Ok(sweep)) => Some((
                bands
                    .with_untracked(|b| sweep_chart(sweep, b.as_ref(), None))
                    .as_str()
                    .to_string(),
                sweep.name.clone(),
            )),
            _ => None,
        });
        if let Some((svg, name)) = svg {
            let title = state
                .store
                .decision
                .with_untracked(|d| format!("{} break-even by {name}", d.title));
            state
                .store
                .offer_download("chart", &title, "svg", "image/svg+xml", &svg);
        }
    };
    let on_pick = move |ev: leptos::ev::Event| {
        let index: usize = event_target_value(&ev).parse().unwrap_or(0);
        if let Some((chosen, _)) = listed.with_untracked(|(l, _)| l.get(index).cloned()) {
            cursor.set(None);
            param.set(chosen);
        }
    };
    view! {
        <section class="breakeven" aria-label="Break-even">
            <h2>"Break-even"</h2>
            {move || long_list.get().then(|| view! {
                <FindField class="sweep-pick" label="Find" testid="sweep-filter" placeholder="component or figure" filter=filter/>
            })}
            <label class="sweep-pick">
                <span>"Sweep"</span>
                <select data-testid="sweep-param" on:change=on_pick>
                    {move || {
                        let chosen = param.get();
                        listed.with(|(choices, _)| {
                            choices
                                .iter()
                                .enumerate()
                                .map(|(i, (p, name))| {
                                    view! { <option value=i.to_string() selected={*p == chosen}>{name.clone()}</option> }
                                })
                                .collect_view()
                        })
                    }}
                </select>
            </label>
            {move || listed.with(|(_, more)| more_to_find(*more))}
            <p class="sweep-summary" data-testid="sweep-summary" aria-live="polite">{summary}</p>
            <div
                class="sweep-chart"
                tabindex="0"
                role="group"
                aria-label="Break-even chart: arrow keys move a read-out along the assumption"
                aria-describedby="sweep-read-out"
                on:keydown=on_key
                inner_html=chart
            ></div>
            <p id="sweep-read-out" class="muted sweep-read-out" aria-live="polite">
                {move || read_out().unwrap_or_else(|| "Focus the chart and use the arrow keys to read the values.".to_string())}
            </p>
            <button class="small" on:click=download>"Download this chart as SVG"</button>
            <details class="sweep-table">
                <summary>"The numbers as a table"</summary>
                {move || {
                    let shown_bands = bands.get();
                    swept.with(|s| {
                        s.as_ref()
                            .and_then(|r| r.as_ref().ok())
                            .map(|sweep| table(sweep, shown_bands.as_ref()))
                    })
                }}
            </details>
        </section>
    }
}

/// The bands of `sweep` when ranges are on and the model has some that hold.
fn bands_of(state: AppState, sweep: &Sweep) -> Option<Bands> {
    if !state.ranges.with_untracked(|r| r.on) {
        return None;
    }
    let computed = state.computed.get_untracked();
    let analysis = computed.0.as_ref().as_ref().ok()?;
    // The store's document: the model with its ranges (the model memo leaves them out).
    state.store.decision.with_untracked(|decision| {
        overhead_core::ranges::bands(decision, analysis, sweep)
            .ok()
            .flatten()
    })
}

/// The sampled values and the crossings as a table, for screen readers and for reading.
fn table(sweep: &Sweep, bands: Option<&Bands>) -> impl IntoView {
    let head = sweep
        .lines
        .iter()
        .map(|l| view! { <th scope="col">{l.name.clone()}</th> })
        .collect_view();
    let rows = sweep
        .xs
        .iter()
        .enumerate()
        .map(|(i, x)| {
            let cells = (0..sweep.lines.len())
                .map(|line| {
                    let band = bands
                        .and_then(|b| b.lines.get(line)?.get(i).copied())
                        .filter(|_| !sweep.lines[line].is_baseline)
                        .map(|(low, high)| {
                            format!(
                                " (5th–95th: {} to {})",
                                overhead_core::format::money(low),
                                overhead_core::format::money(high)
                            )
                        });
                    view! { <td>{sweep.value_text(line, i)}{band}</td> }
                })
                .collect_view();
            view! { <tr><th scope="row">{sweep.param.describe(*x)}</th>{cells}</tr> }
        })
        .collect_view();
    let crossings = sweep
        .crossings
        .iter()
        .map(|c| {
            view! {
                <li>{format!("{} crosses zero at {}: it gains a month {} it.", c.name, sweep.param.describe(c.x), if c.gains_above { "above" } else { "below" })}</li>
            }
        })
        .collect_view();
    view! {
        <ul>{crossings}</ul>
        <table>
            <caption>{format!("Net monthly value by {}", sweep.name)}</caption>
            <thead><tr><th scope="col">{sweep.name.clone()}</th>{head}</tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
}
