//! The numbers of an analysis, recomputed for other values of its numbers without resolving
//! its graphs again: the sweeps' points and the ranges' draws.
//!
//! A [`Sampler`] keeps of an [`Analysis`] only what its numbers depend on: each component's
//! effective figures, how its instances follow the fleet or the workload (the counts stay
//! symbolic), and what differs from the baseline in each option's structure (the kinds
//! learned, the capabilities gained and lost). It recomputes each value with the analysis' own
//! arithmetic (`analysis::component_numbers`, `analysis::balance`) and builds no text. With the
//! numbers as the document holds them it gives the analysis' net values exactly; a test holds
//! it to the analysis at every value of every sweep of the built-in scenarios.

use std::sync::Arc;

use crate::analysis::{
    balance, component_numbers, footprint_reserved, learners, Analysis, Provenance, Rates, Sides,
    Totals,
};
use crate::catalog::{Catalog, FootprintRule};
use crate::edit::ContextNumber;
use crate::graph::Scaling;
use crate::model::{Context, Decision, FigureName};
use crate::ranges::Target;

/// A component's effective figures, in `FigureName::ALL` order.
pub(crate) type Figures = [f64; FigureName::ALL.len()];

/// One component's numbers, as a draw changes them.
#[derive(Clone, Debug)]
struct ComponentModel {
    /// Effective figures, as the analysis has them.
    values: Figures,
    scaling: Scaling,
    provider_price: Option<f64>,
    /// The team operates it and it pages someone.
    pages: bool,
    /// The kind's index, and which figures (bit `figure_index`) are the kind's default.
    kind: usize,
    from_catalog: u32,
    /// A footprint rule's reservation, included in the cores and memory above, with what it
    /// reserved in the document's context (a draw of the server's size reserves anew).
    rule: Option<(FootprintRule, (f64, f64))>,
}

/// One option's numbers, and what differs from the baseline in its structure.
#[derive(Clone, Debug)]
struct OptionModel {
    components: Vec<ComponentModel>,
    /// Components whose learning hours the team spends (`analysis::learners`).
    learners: Vec<usize>,
    gained: Vec<usize>,
    lost: Vec<usize>,
}

/// Where one uncertain number lands in the sampler.
#[derive(Clone, Debug)]
pub(crate) enum Slot {
    Context(ContextNumber),
    /// Option index, component index, figure index.
    Figure(usize, usize, usize),
    /// Every (option, component) of a kind that takes its default, and the figure index.
    Kind(Vec<(usize, usize)>, usize),
}

/// The numbers of an analysis, ready to be recomputed for each draw.
#[derive(Clone, Debug)]
pub struct Sampler {
    catalog: Arc<Catalog>,
    context: Context,
    baseline: usize,
    options: Vec<OptionModel>,
}

/// A figure's place in `FigureName::ALL`, which lists them in the order they are declared
/// (a test holds it).
pub(crate) fn figure_index(figure: FigureName) -> usize {
    figure as usize
}

impl Sampler {
    pub fn new(analysis: &Analysis) -> Sampler {
        let catalog = &analysis.catalog;
        let options = analysis
            .options
            .iter()
            .map(|report| {
                let components = report
                    .graph
                    .components
                    .iter()
                    .zip(report.components.iter())
                    .map(|(component, numbers)| {
                        let mut values: Figures = [0.0; FigureName::ALL.len()];
                        for line in &numbers.figures {
                            values[figure_index(line.name)] = line.value;
                        }
                        let ruled = numbers
                            .figures
                            .iter()
                            .any(|line| matches!(line.provenance, Provenance::Rule(_)));
                        let rule = catalog.kinds[component.kind]
                            .footprint_rule
                            .filter(|_| ruled)
                            .map(|rule| (rule, footprint_reserved(rule, &analysis.context).0));
                        let from_catalog = numbers
                            .figures
                            .iter()
                            .filter(|line| matches!(line.provenance, Provenance::Catalog(_)))
                            .fold(0u32, |bits, line| bits | 1 << figure_index(line.name));
                        ComponentModel {
                            values,
                            kind: component.kind,
                            from_catalog,
                            scaling: component.scaling,
                            provider_price: component.provider.as_ref().map(|p| p.price_month),
                            pages: numbers.operated_by_team && catalog.kinds[component.kind].pages,
                            rule,
                        }
                    })
                    .collect();
                let versus = &report.versus_baseline;
                OptionModel {
                    components,
                    learners: learners(report, &versus.added_kinds).collect(),
                    gained: versus.gained.iter().map(|w| w.capability).collect(),
                    lost: versus.lost.iter().map(|w| w.capability).collect(),
                }
            })
            .collect();
        Sampler {
            catalog: analysis.catalog.clone(),
            context: analysis.context.clone(),
            baseline: analysis.baseline,
            options,
        }
    }

    pub(crate) fn slot(&self, decision: &Decision, target: &Target) -> Option<Slot> {
        match target {
            Target::Context(number) => Some(Slot::Context(*number)),
            Target::Figure {
                option,
                component,
                figure,
            } => {
                let o = decision.options.iter().position(|o| o.id == *option)?;
                // A document's components come first in its resolved graph, in its order.
                let c = decision.options[o]
                    .components
                    .iter()
                    .position(|c| c.id == *component)?;
                (c < self.options.get(o)?.components.len())
                    .then(|| Slot::Figure(o, c, figure_index(*figure)))
            }
            Target::Kind { kind, figure } => {
                let f = figure_index(*figure);
                let places = self
                    .options
                    .iter()
                    .enumerate()
                    .flat_map(|(o, option)| {
                        option
                            .components
                            .iter()
                            .enumerate()
                            .filter(move |(_, c)| c.kind == *kind && c.from_catalog & (1 << f) != 0)
                            .map(move |(c, _)| (o, c))
                    })
                    .collect();
                Some(Slot::Kind(places, f))
            }
        }
    }

    /// Each option's net monthly value in `context` with the figures in `values`; `totals` is
    /// scratch space, one per option.
    fn nets(
        &self,
        context: &Context,
        values: &[Vec<Figures>],
        totals: &mut [Totals],
        out: &mut Vec<f64>,
    ) {
        let rates = Rates::new(self.catalog.cost_model, context);
        for ((option, values), totals) in self.options.iter().zip(values).zip(totals.iter_mut()) {
            *totals = Totals::default();
            for (component, values) in option.components.iter().zip(values) {
                let n = component.scaling.instances(context);
                let reserved = component.rule.map(|(rule, then)| {
                    let now = footprint_reserved(rule, context).0;
                    (now.0 - then.0, now.1 - then.1)
                });
                let value = |name: FigureName| {
                    let v = values[figure_index(name)];
                    match (reserved, name) {
                        (Some((cores, _)), FigureName::Cores) if cores != 0.0 => v + cores,
                        (Some((_, memory)), FigureName::MemoryGib) if memory != 0.0 => v + memory,
                        _ => v,
                    }
                };
                let numbers =
                    component_numbers(value, f64::from(n), component.provider_price, &rates);
                totals.add(&numbers, component.pages);
            }
        }
        out.clear();
        let learning = figure_index(FigureName::LearningHours);
        for (index, option) in self.options.iter().enumerate() {
            let learning_hours = option
                .learners
                .iter()
                .map(|&c| values[index][c][learning])
                .sum::<f64>()
                * f64::from(context.team.engineers);
            let net = balance(
                Sides {
                    option: &totals[index],
                    baseline: &totals[self.baseline],
                    learning_hours,
                    gained: &option.gained,
                    lost: &option.lost,
                },
                &self.catalog,
                context,
                |_, _| {},
            )
            .net_month;
            out.push(net);
        }
    }
}

/// What one evaluation changes, kept from one to the next: the context, each component's
/// figures, and room for the totals and the net values (no allocation per value).
#[derive(Clone, Debug)]
pub struct Scratch {
    context: Context,
    values: Vec<Vec<Figures>>,
    totals: Vec<Totals>,
    nets: Vec<f64>,
}

impl Sampler {
    /// A scratch holding the numbers as the analysis has them.
    pub fn scratch(&self) -> Scratch {
        Scratch {
            context: self.context.clone(),
            values: self
                .options
                .iter()
                .map(|o| o.components.iter().map(|c| c.values).collect())
                .collect(),
            totals: vec![Totals::default(); self.options.len()],
            nets: Vec::with_capacity(self.options.len()),
        }
    }

    /// Sets the number in `slot` to `value` in `scratch` (the others keep theirs).
    pub(crate) fn set(&self, scratch: &mut Scratch, slot: &Slot, value: f64) {
        place(&mut scratch.context, &mut scratch.values, slot, value);
    }

    /// Each option's net monthly value with the numbers in `scratch`.
    pub(crate) fn evaluate<'a>(&self, scratch: &'a mut Scratch) -> &'a [f64] {
        self.nets(
            &scratch.context,
            &scratch.values,
            &mut scratch.totals,
            &mut scratch.nets,
        );
        &scratch.nets
    }

    pub fn options(&self) -> usize {
        self.options.len()
    }

    pub fn baseline(&self) -> usize {
        self.baseline
    }
}

/// An analysis with one of its numbers free: each option's net monthly value at any value of
/// it, without resolving the graphs again (a sweep's points).
#[derive(Clone, Debug)]
pub struct Held {
    sampler: Sampler,
    slot: Slot,
    scratch: Scratch,
}

impl Held {
    /// `None` when the number is not in the document.
    pub fn new(decision: &Decision, analysis: &Analysis, number: &Target) -> Option<Held> {
        let sampler = Sampler::new(analysis);
        let slot = sampler.slot(decision, number)?;
        let scratch = sampler.scratch();
        Some(Held {
            sampler,
            slot,
            scratch,
        })
    }

    /// Each option's net monthly value with the number at `value`.
    pub fn nets_at(&mut self, value: f64) -> Vec<f64> {
        self.sampler.set(&mut self.scratch, &self.slot, value);
        self.sampler.evaluate(&mut self.scratch).to_vec()
    }
}

/// Writes a drawn value where it goes; a whole-number context field takes the nearest whole
/// value within its range.
pub(crate) fn place(context: &mut Context, values: &mut [Vec<Figures>], slot: &Slot, value: f64) {
    match slot {
        Slot::Context(number) => {
            let (min, max, whole) = number.range();
            let value = if whole { value.round() } else { value };
            number.write(context, value.clamp(min, max));
        }
        Slot::Figure(o, c, f) => values[*o][*c][*f] = value,
        Slot::Kind(places, f) => {
            for (o, c) in places {
                values[*o][*c][*f] = value;
            }
        }
    }
}
