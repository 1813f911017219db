//! Ranges in a document: which of its numbers are uncertain, the draws they take, and what each
//! option's net monthly value does over those draws.
//!
//! The document's graphs are resolved once (an [`Analysis`]); a [`Sampler`] keeps of it only
//! the numbers (each component's effective figures, how its instances follow the fleet or the
//! workload, what differs from the baseline) and recomputes each draw with the analysis' own
//! arithmetic (`component_numbers`, `balance`), building no text. With every range of zero
//! width it gives the analysis' net values exactly (a test holds it to that).
//!
//! Draws are paired: every option is computed on the same draws, and a number's draws come
//! from the document's seed and the number's name alone, so that adding a range leaves the
//! others' draws as they were, and a component that appears in two options under one id draws
//! the same values in both.

use crate::analysis::{Analysis, Provenance};
use crate::catalog::Catalog;
use crate::edit::ContextNumber;
use crate::evaluate::{figure_index, Sampler, Scratch, Slot};
use crate::model::{Decision, FigureName};
use crate::sweep::{context_name, Param, Sweep};
use crate::uncertainty::{standard_normals, Estimate, Shape, Spread};

/// The fewest and the most draws a document may ask for.
pub const MIN_SAMPLES: u32 = 100;
pub const MAX_SAMPLES: u32 = 10_000;

/// Draws a break-even band is computed from at each of the sweep's points (or the document's
/// count, if lower): 41 points of the full count would be 41 times the work of the numbers.
pub const BAND_SAMPLES: usize = 400;

/// Components × draws a sweep's bands may take at each point: a bigger model gets fewer draws
/// a point (at least [`BAND_SAMPLES_AT_LEAST`]), so that bands cost about the same at any size.
const BAND_WORK_PER_POINT: usize = 16_000;
const BAND_SAMPLES_AT_LEAST: usize = 50;

/// What a range is of.
#[derive(Clone, Debug, PartialEq)]
pub enum Target {
    Context(ContextNumber),
    /// An overridden figure of one component of one option.
    Figure {
        option: String,
        component: String,
        figure: FigureName,
    },
    /// A figure of a catalog kind whose sources disagree, for every component of the kind that
    /// does not set its own value: one unknown, drawn once for all of them.
    Kind {
        /// The kind's index in the analysis' catalog.
        kind: usize,
        figure: FigureName,
    },
}

/// One uncertain number of a document: where it is, its estimate, the shape it is drawn with.
#[derive(Clone, Debug, PartialEq)]
pub struct Uncertain {
    pub target: Target,
    pub estimate: Estimate,
    pub shape: Shape,
}

impl Uncertain {
    /// The name its draws come from: a component's figure draws the same in every option.
    fn draw_key(&self, catalog: &Catalog) -> String {
        match &self.target {
            Target::Kind { kind, figure } => format!(
                "kind/{}/{}",
                catalog.kinds.get(*kind).map_or("", |k| &*k.id),
                figure.key()
            ),
            Target::Context(number) => format!("context/{}", number.key()),
            Target::Figure {
                component, figure, ..
            } => format!("figure/{component}/{}", figure.key()),
        }
    }

    /// What it is, as a message names it: "servers", "incidents a year of `storage` (On
    /// Kubernetes)", "incidents a year, every Kubernetes control plane (catalog)".
    pub fn name(&self, decision: &Decision, catalog: &Catalog) -> String {
        match &self.target {
            Target::Kind { kind, figure } => format!(
                "{}, every {} (catalog)",
                figure.label(),
                catalog.kinds.get(*kind).map_or("", |k| &*k.name)
            ),
            Target::Context(number) => context_name(*number).to_string(),
            Target::Figure {
                option,
                component,
                figure,
            } => Param::Figure {
                option: option.clone(),
                component: component.clone(),
                figure: *figure,
            }
            .name(decision),
        }
    }
}

impl From<&Param> for Target {
    fn from(param: &Param) -> Target {
        match param {
            Param::Context(number) => Target::Context(*number),
            Param::Figure {
                option,
                component,
                figure,
            } => Target::Figure {
                option: option.clone(),
                component: component.clone(),
                figure: *figure,
            },
        }
    }
}

/// A context number's shape: shares stay within 0 and 1, everything else at zero or more.
pub fn shape_of(number: ContextNumber) -> Shape {
    match number {
        ContextNumber::DemandVariation | ContextNumber::SpareShare => Shape::Share,
        _ => Shape::NonNegative,
    }
}

/// Why a document's ranges cannot be computed. The document keeps them as they are; the page
/// says this beside the numbers, which stay as they are without ranges.
#[derive(Clone, Debug, PartialEq)]
pub enum RangeError {
    /// A range that does not hold with its value: out of order, or out of its domain.
    Invalid { what: String, why: String },
    /// A range on a figure the component does not override (its value is the median).
    NoValue { what: String },
    /// A range on a number the document's cost model does not have.
    NotInModel { what: String },
    /// A draw count outside what the page computes.
    Samples(u32),
}

impl RangeError {
    pub fn sentence(&self) -> String {
        match self {
            RangeError::Invalid { what, why } => format!("The range of {what} does not hold: {why}."),
            RangeError::NoValue { what } => format!(
                "The range of {what} needs the component's own value first: it is the range's median."
            ),
            RangeError::NotInModel { what } => {
                format!("The range of {what} is of a number this document's cost model lacks.")
            }
            RangeError::Samples(count) => format!(
                "{count} draws is outside what Overhead computes: {MIN_SAMPLES} to {MAX_SAMPLES}."
            ),
        }
    }
}

/// The document's uncertain numbers, each checked against the value it holds (the median): the
/// context's and the overridden figures' ranges, and the catalog's where its sources disagree,
/// for the kinds the analysis' options use without setting their own value.
pub fn uncertain(decision: &Decision, analysis: &Analysis) -> Result<Vec<Uncertain>, RangeError> {
    let catalog = &analysis.catalog;
    let ranges = &decision.ranges;
    if !(MIN_SAMPLES..=MAX_SAMPLES).contains(&ranges.samples) {
        return Err(RangeError::Samples(ranges.samples));
    }
    let mut found = Vec::new();
    let mut add = |target: Target, likely: f64, low: f64, high: f64, shape: Shape| {
        let uncertain = Uncertain {
            target,
            estimate: Estimate { low, likely, high },
            shape,
        };
        match uncertain.estimate.check(shape) {
            Ok(()) => {
                found.push(uncertain);
                Ok(())
            }
            Err(why) => Err(RangeError::Invalid {
                what: uncertain.name(decision, catalog),
                why,
            }),
        }
    };
    for (&number, bounds) in &ranges.context {
        if !number.in_model(decision.cost_model) {
            return Err(RangeError::NotInModel {
                what: context_name(number).to_string(),
            });
        }
        let likely = number.read(&decision.context);
        add(
            Target::Context(number),
            likely,
            bounds.low,
            bounds.high,
            shape_of(number),
        )?;
    }
    let known = FigureName::of_model(decision.cost_model);
    for option in &decision.options {
        for component in &option.components {
            for (&figure, bounds) in &component.ranges {
                let target = Target::Figure {
                    option: option.id.clone(),
                    component: component.id.clone(),
                    figure,
                };
                let what = || {
                    Param::Figure {
                        option: option.id.clone(),
                        component: component.id.clone(),
                        figure,
                    }
                    .name(decision)
                };
                if !known.contains(&figure) {
                    return Err(RangeError::NotInModel { what: what() });
                }
                let Some(&likely) = component.overrides.get(&figure) else {
                    return Err(RangeError::NoValue { what: what() });
                };
                add(target, likely, bounds.low, bounds.high, Shape::NonNegative)?;
            }
        }
    }
    let mut kinds: Vec<(usize, FigureName)> = analysis
        .options
        .iter()
        .flat_map(|report| report.graph.components.iter().zip(report.components.iter()))
        .flat_map(|(component, numbers)| {
            numbers
                .figures
                .iter()
                .filter(|line| matches!(line.provenance, Provenance::Catalog(_)))
                .map(move |line| (component.kind, line.name))
        })
        .filter(|(kind, figure)| {
            catalog.kinds[*kind]
                .figures
                .get(*figure)
                .is_some_and(|f| f.range().is_some())
        })
        .collect();
    if !ranges.catalog {
        kinds.clear();
    }
    crate::order::sort_by_key(&mut kinds, |(kind, figure)| (*kind, figure_index(*figure)));
    kinds.dedup();
    for (kind, figure) in kinds {
        if let Some((value, (low, high))) = catalog.kinds[kind]
            .figures
            .get(figure)
            .and_then(|f| Some((f.value, f.range()?)))
        {
            add(
                Target::Kind { kind, figure },
                value,
                low,
                high,
                Shape::NonNegative,
            )?;
        }
    }
    Ok(found)
}

/// A number held fixed while the others are drawn: a break-even sweep's point.
#[derive(Clone, Debug)]
struct Fixed {
    slot: Slot,
    value: f64,
}

/// The draws of a document's ranges over a sampler: run in steps, so that a page can spread
/// many draws over several frames.
#[derive(Clone, Debug)]
pub struct Run {
    sampler: Sampler,
    uncertain: Vec<(Uncertain, Slot, Vec<f64>)>,
    fixed: Option<Fixed>,
    samples: usize,
    /// Per option, its net monthly value at each draw done so far.
    nets: Vec<Vec<f64>>,
    scratch: Scratch,
}

impl Run {
    /// The draws of `decision`'s ranges (none: `Ok(None)`), over its analysis; `samples` draws
    /// (at most the document's), and `fixed` held at a value if given.
    pub fn new(
        decision: &Decision,
        analysis: &Analysis,
        samples: Option<usize>,
        fixed: Option<(&Param, f64)>,
    ) -> Result<Option<Run>, RangeError> {
        let uncertain = uncertain(decision, analysis)?;
        if uncertain.is_empty() {
            return Ok(None);
        }
        let sampler = Sampler::new(analysis);
        let samples = samples.map_or(decision.ranges.samples as usize, |s| {
            s.min(decision.ranges.samples as usize)
        });
        let seed = u64::from(decision.ranges.seed);
        let uncertain = uncertain
            .into_iter()
            .filter_map(|u| {
                let slot = sampler.slot(decision, &u.target)?;
                let draws = standard_normals(seed ^ fnv1a(&u.draw_key(&analysis.catalog)), samples);
                Some((u, slot, draws))
            })
            .collect();
        let fixed = fixed.and_then(|(param, value)| {
            Some(Fixed {
                slot: sampler.slot(decision, &Target::from(param))?,
                value,
            })
        });
        Ok(Some(Run {
            scratch: sampler.scratch(),
            nets: vec![Vec::with_capacity(samples); sampler.options()],
            sampler,
            uncertain,
            fixed,
            samples,
        }))
    }

    /// The uncertain numbers drawn.
    pub fn numbers(&self) -> impl Iterator<Item = &Uncertain> {
        self.uncertain.iter().map(|(u, _, _)| u)
    }

    pub fn done(&self) -> usize {
        self.nets.first().map_or(0, Vec::len)
    }

    pub fn samples(&self) -> usize {
        self.samples
    }

    pub fn finished(&self) -> bool {
        self.done() >= self.samples
    }

    /// Computes up to `count` more draws.
    pub fn step(&mut self, count: usize) {
        let end = (self.done() + count).min(self.samples);
        for i in self.done()..end {
            for (uncertain, slot, draws) in &self.uncertain {
                let value = uncertain.estimate.at(uncertain.shape, draws[i]);
                self.sampler.set(&mut self.scratch, slot, value);
            }
            if let Some(fixed) = &self.fixed {
                self.sampler
                    .set(&mut self.scratch, &fixed.slot, fixed.value);
            }
            let nets = self.sampler.evaluate(&mut self.scratch);
            for (all, net) in self.nets.iter_mut().zip(nets) {
                all.push(*net);
            }
        }
    }

    /// Starts the draws again with the number in `slot` held at `value`: the same numbers and
    /// draws, without finding them again (a sweep's next value).
    fn restart_holding(&mut self, slot: Slot, value: f64) {
        self.fixed = Some(Fixed { slot, value });
        self.nets.iter_mut().for_each(Vec::clear);
        self.scratch = self.sampler.scratch();
    }

    /// Computes every draw left.
    pub fn finish(mut self) -> Outcome {
        self.step(self.samples);
        self.outcome()
    }

    /// What the draws done so far say.
    pub fn outcome(&self) -> Outcome {
        Outcome {
            spreads: self.nets.iter().map(|n| Spread::of(n)).collect(),
            nets: self.nets.clone(),
            baseline: self.sampler.baseline(),
        }
    }
}

/// FNV-1a, 64 bits: a number's draws are seeded by its name, stably across releases.
fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// What the draws say of each option's net monthly value.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    /// Per option, in the document's order.
    pub spreads: Vec<Spread>,
    /// Per option, its net monthly value at each draw: paired across options.
    pub nets: Vec<Vec<f64>>,
    pub baseline: usize,
}

impl Outcome {
    /// The chance that option `a` beats option `b`, draw by draw.
    pub fn beats(&self, a: usize, b: usize) -> f64 {
        match (self.nets.get(a), self.nets.get(b)) {
            (Some(a), Some(b)) => crate::uncertainty::beats(a, b),
            _ => f64::NAN,
        }
    }

    /// The options option `option` is set against beside the baseline, each with the chance
    /// that it beats them draw by draw: every other option but the baseline (none for the
    /// baseline itself, which is 0 in every draw).
    pub fn rivals(&self, option: usize) -> impl Iterator<Item = (usize, f64)> + '_ {
        (0..self.spreads.len())
            .filter(move |&other| {
                option != self.baseline && other != option && other != self.baseline
            })
            .map(move |other| (other, self.beats(option, other)))
    }
}

/// Each option's 5th and 95th percentiles at each value of a sweep, the swept number held at
/// the value and the others drawn (the same draws at every value).
#[derive(Clone, Debug, PartialEq)]
pub struct Bands {
    /// Draws at each value.
    pub draws: usize,
    /// Per option (the sweep's lines), per value: (5th, 95th percentile).
    pub lines: Vec<Vec<(f64, f64)>>,
}

/// The bands of `sweep` over `decision`'s ranges (none when it has none).
pub fn bands(
    decision: &Decision,
    analysis: &Analysis,
    sweep: &Sweep,
) -> Result<Option<Bands>, RangeError> {
    let size: usize = analysis.options.iter().map(|o| o.components.len()).sum();
    let draws = (BAND_WORK_PER_POINT / size.max(1)).clamp(BAND_SAMPLES_AT_LEAST, BAND_SAMPLES);
    let mut lines = vec![Vec::with_capacity(sweep.xs.len()); analysis.options.len()];
    // The numbers, their draws and the sampler are found once; each value draws them again.
    let Some(mut run) = Run::new(decision, analysis, Some(draws), None)? else {
        return Ok(None);
    };
    let Some(held) = run.sampler.slot(decision, &Target::from(&sweep.param)) else {
        return Ok(None);
    };
    for &x in &sweep.xs {
        run.restart_holding(held.clone(), x);
        run.step(draws);
        for (line, spread) in lines.iter_mut().zip(&run.outcome().spreads) {
            line.push((spread.p5, spread.p95));
        }
    }
    Ok(Some(Bands {
        draws: draws.min(decision.ranges.samples as usize),
        lines,
    }))
}

/// What low and high mean, in the words the page and the record use.
pub const PERCENTILES_NOTE: &str = "Low and high are the 5th and 95th percentiles, not bounds: one draw in twenty falls below low, and one in twenty above high. The value between them is the median.";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_are_listed_in_the_order_they_are_declared() {
        for (i, figure) in FigureName::ALL.iter().enumerate() {
            assert_eq!(figure_index(*figure), i);
        }
    }

    #[test]
    fn a_names_draws_do_not_depend_on_the_other_ranges() {
        assert_ne!(fnv1a("context/servers"), fnv1a("context/services"));
        expect_test::expect!["6431424935055928679"]
            .assert_eq(&fnv1a("context/servers").to_string());
    }
}
