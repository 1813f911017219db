//! Each option's verdict and flip point, in its panel. The verdict follows the numbers at once;
//! the flip point is searched (`verdict::FlipSearch`) a moment after the model stops changing,
//! a step a task: a search analyses the model about two hundred times, which must neither
//! lengthen an edit nor hold the page for longer than a frame.

use std::sync::Arc;
use std::time::Duration;

use leptos::prelude::*;
use overhead_core::model::Decision;
use overhead_core::verdict::{Flip, FlipSearch, NotSearched, Verdict};

use super::browser::{mark_time, measure_time};
use super::deferred_code;
use super::option_panel::{with_option, Shown};

/// How long the model must stay unchanged before its flip points are searched: typing "40"
/// searches once.
const SEARCH_DELAY: Duration = Duration::from_millis(150);

/// The flip points of the model as it last settled, by option id; none while a search waits.
type Searched = Option<Arc<Result<Vec<(String, Flip)>, NotSearched>>>;

/// The flip points of the model on screen.
#[derive(Clone, Copy)]
pub struct Flips(RwSignal<Searched>);

impl Flips {
    /// Searches `model`'s flip points each time it settles, a step a task: each step analyses
    /// the model a few dozen times, and an edit in between drops the search for a new one.
    pub fn follow(model: Memo<Decision>) -> Flips {
        let flips = Flips(RwSignal::new(None));
        let waiting = StoredValue::new(None::<TimeoutHandle>);
        // The search under way, with the option ids it reports for.
        let running = StoredValue::new(None::<(FlipSearch, Vec<String>)>);
        Effect::new(move |_| {
            model.track();
            running.set_value(None);
            if let Some(handle) = waiting.get_value() {
                handle.clear();
            }
            let start = move || {
                // Timed as the "overhead-flips" measure, from here to the flip points shown.
                mark_time("overhead-flips-start");
                let started = model.with_untracked(|decision| {
                    let ids = decision.options.iter().map(|o| o.id.clone()).collect();
                    FlipSearch::new(decision).map(|search| (search, ids))
                });
                match started {
                    Ok(search) => {
                        running.set_value(Some(search));
                        flips.run(running, waiting);
                    }
                    Err(not_searched) => flips.0.set(Some(Arc::new(Err(not_searched)))),
                }
            };
            waiting.set_value(deferred_code::after(SEARCH_DELAY, Box::new(start)));
        });
        flips
    }

    /// Runs a step of the search under way, and the next in a task of its own; the last shows
    /// what was found.
    fn run(
        self,
        running: StoredValue<Option<(FlipSearch, Vec<String>)>>,
        waiting: StoredValue<Option<TimeoutHandle>>,
    ) {
        let more = running
            .try_update_value(|search| search.as_mut().map(|(search, _)| search.step()))
            .flatten();
        match more {
            Some(true) => {
                let next = move || self.run(running, waiting);
                waiting.set_value(set_timeout_with_handle(next, Duration::ZERO).ok());
            }
            Some(false) => {
                if let Some(Some((search, ids))) = running.try_update_value(Option::take) {
                    let found = ids.into_iter().zip(search.finish()).collect();
                    self.0.set(Some(Arc::new(Ok(found))));
                    measure_time("overhead-flips", "overhead-flips-start");
                }
            }
            // Dropped for a newer model.
            None => {}
        }
    }

    /// What the panel of option `id` says of its flip point.
    fn sentence(self, id: &str) -> String {
        self.0
            .with(|searched| match searched.as_deref() {
                Some(Ok(flips)) => flips
                    .iter()
                    .find(|(option, _)| option == id)
                    .map(|(_, flip)| flip.sentence()),
                Some(Err(not_searched)) => Some(not_searched.sentence()),
                None => None,
            })
            .unwrap_or_else(|| "Finding where the verdict flips…".to_string())
    }
}

/// The verdict and the flip point of option `option_id`.
#[component]
pub fn VerdictLines(shown: Shown, option_id: String) -> impl IntoView {
    let flips = expect_context::<Flips>();
    let id = StoredValue::new(option_id);
    let verdict = Memo::new(move |_| {
        id.with_value(|id| {
            with_option(shown, id, |analysis, index| {
                Verdict::of(
                    &analysis.options[index].versus_baseline,
                    analysis.context.horizon_months,
                    index == analysis.baseline,
                )
                .sentence()
            })
        })
        .unwrap_or_default()
    });
    let flip = Memo::new(move |_| id.with_value(|id| flips.sentence(id)));
    view! {
        <div class="verdicts">
            <p class="verdict" data-testid="verdict">{move || verdict.get()}</p>
            <p class="flip-point" data-testid="flip-point">{move || flip.get()}</p>
        </div>
    }
}
