//! Break-even: how each option's net monthly value moves as one assumption sweeps a range, and
//! where it crosses zero.
//!
//! A sweep analyses the model at [`SAMPLES`] values of the assumption, evenly spaced over its
//! range (a tenth to ten times today's value; a share over its whole range; a component's
//! figure from zero to four times today's). Between two samples where an option's net monthly
//! value changes sign, the crossing is solved exactly when the value is linear there (the
//! midpoint lies on the chord: most assumptions scale hours, money or value linearly), and
//! narrowed down by halving where it is not (servers bought in whole numbers, pools cut in
//! turn). A whole-number assumption crosses at the first whole value past the change. Like the
//! flip point search, a sweep is bounded: models over [`crate::verdict::SEARCH_AT_MOST`]
//! components are not swept.

use crate::analysis::analyse;
use crate::catalog;
use crate::edit::{ContextFlag, ContextNumber};
use crate::evaluate::Held;
use crate::format::{money, number};
use crate::model::{Decision, FigureName};
use crate::palette::{first_matching, Findable};
use crate::ranges::Target;
use crate::verdict::{beyond, describe, describe_flag, SEARCH_AT_MOST};

/// How many values of the assumption a sweep analyses (the ends included).
pub const SAMPLES: usize = 41;

/// How many halvings narrow a crossing down where the value is not linear.
const HALVINGS: usize = 50;

/// The assumptions a reader can sweep from the context, in the order the picker lists them.
pub const CONTEXT_PARAMS: [ContextNumber; 7] = [
    ContextNumber::Servers,
    ContextNumber::Services,
    ContextNumber::Teams,
    ContextNumber::HourlyCost,
    ContextNumber::DeploysPerWeek,
    ContextNumber::DemandVariation,
    ContextNumber::ServerCostMonth,
];

/// How many of the picker's choices are listed at once: a big model overrides thousands of
/// figures, and a select of all of them took the browser some 40 ms to lay out on each edit
/// that changed them. Typing finds the others.
pub const PICKER_LISTED_AT_MOST: usize = 100;

/// The component figures a reader can sweep: incidents a year and routine hours.
const COMPONENT_FIGURES: [FigureName; 2] =
    [FigureName::IncidentsPerYear, FigureName::RoutineHoursMonth];

/// What the break-even picker offers, with their names: the context's numbers, the open
/// component's (option index, component id) incidents and routine hours, and every figure the
/// document overrides.
pub fn picker_choices(decision: &Decision, open: Option<(usize, &str)>) -> Vec<(Param, String)> {
    let mut choices: Vec<(Param, String)> = CONTEXT_PARAMS
        .iter()
        .filter(|number| number.in_model(decision.cost_model))
        .map(|number| {
            let param = Param::Context(*number);
            let name = param.name(decision);
            (param, name)
        })
        .collect();
    // The open component's own figures first. The overridden ones follow, each once: an option
    // has each component id once, so only the open component's can come twice (searching the
    // whole list for each was quadratic: thousands of overrides in a big model).
    let mut open_figures = Vec::new();
    if let Some((option, component)) = open {
        if let Some(option) = decision.options.get(option) {
            if option.components.iter().any(|c| c.id == component) {
                open_figures.extend(COMPONENT_FIGURES.map(|figure| Param::Figure {
                    option: option.id.clone(),
                    component: component.to_string(),
                    figure,
                }));
            }
        }
    }
    let overridden = decision.options.iter().flat_map(|option| {
        option.components.iter().flat_map(move |component| {
            component.overrides.keys().map(move |figure| Param::Figure {
                option: option.id.clone(),
                component: component.id.clone(),
                figure: *figure,
            })
        })
    });
    let overridden: Vec<Param> = overridden
        .filter(|param| !open_figures.contains(param))
        .collect();
    for param in open_figures.into_iter().chain(overridden) {
        let name = param.name(decision);
        choices.push((param, name));
    }
    choices
}

/// A choice of the picker holds what its name holds.
impl Findable for (Param, String) {
    fn holds(&self, typed: &str) -> bool {
        self.1.to_lowercase().contains(typed)
    }
}

/// Of the picker's `choices`, those listed while `typed` is in its filter: the first
/// [`PICKER_LISTED_AT_MOST`] that match, and `chosen` first when it is not among them (a
/// select shows its value); and how many more match.
pub fn picker_listed(
    choices: &[(Param, String)],
    typed: &str,
    chosen: &Param,
) -> (Vec<(Param, String)>, usize) {
    let (first, more) = first_matching(choices, typed, PICKER_LISTED_AT_MOST);
    let missing = (!first.iter().any(|(param, _)| param == chosen))
        .then(|| choices.iter().find(|(param, _)| param == chosen))
        .flatten();
    let listed = missing.into_iter().chain(first).cloned().collect();
    (listed, more)
}

/// What a sweep moves.
#[derive(Clone, Debug, PartialEq)]
pub enum Param {
    /// A number of the context.
    Context(ContextNumber),
    /// A figure of one component (its override, else its kind's default).
    Figure {
        option: String,
        component: String,
        figure: FigureName,
    },
}

/// A context number's name, as the picker and the axis say it.
pub fn context_name(number: ContextNumber) -> &'static str {
    match number {
        ContextNumber::Servers => "servers",
        ContextNumber::Services => "services",
        ContextNumber::Teams => "teams",
        ContextNumber::HourlyCost => "hourly cost ($ an engineer-hour)",
        ContextNumber::DeploysPerWeek => "deploys a week per service",
        ContextNumber::DemandVariation => "demand swing (share idle)",
        ContextNumber::ServerCostMonth => "server cost a month ($)",
        ContextNumber::CoresPerServer => "cores per server",
        ContextNumber::MemoryGibPerServer => "memory per server (GiB)",
        ContextNumber::FailuresPerServerYear => "failures a server-year",
        ContextNumber::HorizonMonths => "horizon (months)",
        ContextNumber::SpareShare => "spare capacity (share)",
        ContextNumber::HoursPerDeploy => "hours a deploy",
        ContextNumber::Engineers => "engineers",
    }
}

/// Why a model was not swept.
#[derive(Clone, Debug, PartialEq)]
pub enum NotSwept {
    /// The model does not analyse as it is.
    Invalid,
    /// More components than the search bound.
    TooBig { components: usize },
    /// The assumption is not in the document (a component that was removed, a field its cost
    /// model lacks).
    Unknown,
}

impl NotSwept {
    pub fn sentence(&self) -> String {
        match self {
            NotSwept::Invalid => "Not drawn: the model does not hold together.".to_string(),
            NotSwept::TooBig { components } => format!(
                "Not drawn: with {components} components, sweeping an assumption would take too long here (the limit is {SEARCH_AT_MOST})."
            ),
            NotSwept::Unknown => "Not drawn: this assumption is not in the document.".to_string(),
        }
    }
}

impl Param {
    /// Today's value in the document, if the document has this assumption.
    pub fn read(&self, decision: &Decision) -> Option<f64> {
        match self {
            Param::Context(number) => number
                .in_model(decision.cost_model)
                .then(|| number.read(&decision.context)),
            Param::Figure {
                option,
                component,
                figure,
            } => {
                let used = decision
                    .option(option)?
                    .components
                    .iter()
                    .find(|c| c.id == *component)?;
                if let Some(value) = used.overrides.get(figure) {
                    return Some(*value);
                }
                let catalog = catalog::for_document(
                    decision.catalog_version,
                    decision.cost_model,
                    &decision.kinds,
                )
                .ok()?;
                let kind = catalog.kind(&used.kind)?;
                Some(kind.figures.get(*figure).map_or(0.0, |f| f.value))
            }
        }
    }

    /// Writes a value of the assumption into a document: how a document is analysed afresh at
    /// that value (a sweep computes its values from the analysis resolved once instead).
    pub fn write(&self, decision: &mut Decision, value: f64) {
        match self {
            Param::Context(number) => number.write(&mut decision.context, value),
            Param::Figure {
                option,
                component,
                figure,
            } => {
                if let Ok(used) = crate::edit::component_mut(decision, option, component) {
                    used.overrides.insert(*figure, value);
                }
            }
        }
    }

    /// What the assumption is, for the picker and the chart's axis: "servers", "incidents a
    /// year of `node-agent` (Storage daemons on Kubernetes)".
    pub fn name(&self, decision: &Decision) -> String {
        match self {
            Param::Context(number) => context_name(*number).to_string(),
            Param::Figure {
                option,
                component,
                figure,
            } => {
                let option = decision.option(option).map_or(option.as_str(), |o| &o.name);
                format!("{} of `{component}` ({option})", figure.label())
            }
        }
    }

    /// Whether the assumption takes whole values only.
    pub fn whole(&self) -> bool {
        match self {
            Param::Context(number) => number.range().2,
            Param::Figure { .. } => false,
        }
    }

    /// A value of the assumption, as a sentence says it: "44 servers", "6 incidents a year of
    /// `storage`".
    pub fn describe(&self, value: f64) -> String {
        match self {
            Param::Context(number) => describe(*number, value),
            Param::Figure {
                component, figure, ..
            } => format!("{} {} of `{component}`", number(value), figure.label()),
        }
    }

    /// The range swept around today's value `now`.
    fn range(&self, now: f64) -> (f64, f64) {
        match self {
            Param::Context(number) => {
                let (min, max, whole) = number.range();
                let (low, high) = if max <= 1.0 {
                    (min, max)
                } else if now > 0.0 {
                    ((now / 10.0).max(min), (now * 10.0).min(max))
                } else {
                    (min, 10.0_f64.min(max))
                };
                if whole {
                    (low.floor().max(min), high.ceil().min(max))
                } else {
                    (low, high)
                }
            }
            Param::Figure { .. } => (0.0, if now > 0.0 { now * 4.0 } else { 10.0 }),
        }
    }
}

/// One option's net monthly value at each sampled value (none where the model does not
/// analyse).
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    pub option: String,
    pub name: String,
    pub is_baseline: bool,
    pub values: Vec<Option<f64>>,
}

/// Where an option's net monthly value crosses zero.
#[derive(Clone, Debug, PartialEq)]
pub struct Crossing {
    pub option: String,
    pub name: String,
    /// The assumption's value there: for a whole-number assumption, the first whole value past
    /// the change.
    pub x: f64,
    /// Whether the option gains a month past `x` (as the assumption grows).
    pub gains_above: bool,
    /// Solved from a straight line, not narrowed down by halving.
    pub exact: bool,
}

/// A sweep of one assumption: the sampled values, each option's line, the crossings.
#[derive(Clone, Debug, PartialEq)]
pub struct Sweep {
    pub param: Param,
    /// What the assumption is (`Param::name`).
    pub name: String,
    /// Today's value.
    pub now: f64,
    pub xs: Vec<f64>,
    pub lines: Vec<Line>,
    /// By option in the document's order, then by value.
    pub crossings: Vec<Crossing>,
    /// The yes/no assumptions of today's context, as a sentence says them ("on a fixed fleet
    /// with a stateful workload").
    pub context: String,
}

/// Sweeps `param` over its range in `decision`.
pub fn sweep(decision: &Decision, param: &Param) -> Result<Sweep, NotSwept> {
    let components: usize = decision.options.iter().map(|o| o.components.len()).sum();
    if components > SEARCH_AT_MOST {
        return Err(NotSwept::TooBig { components });
    }
    let now = param.read(decision).ok_or(NotSwept::Unknown)?;
    let analysis = analyse(decision).map_err(|_| NotSwept::Invalid)?;
    // Resolved once: each value is the analysis' numbers computed again, not a new analysis.
    let mut held = Held::new(decision, &analysis, &Target::from(param)).ok_or(NotSwept::Unknown)?;
    let (low, high) = param.range(now);
    let mut xs: Vec<f64> = (0..SAMPLES)
        .map(|i| low + (high - low) * i as f64 / (SAMPLES - 1) as f64)
        .map(|x| if param.whole() { x.round() } else { x })
        .collect();
    xs.dedup();
    let samples: Vec<Option<Vec<f64>>> = xs.iter().map(|&x| Some(held.nets_at(x))).collect();
    let lines: Vec<Line> = decision
        .options
        .iter()
        .enumerate()
        .map(|(index, option)| Line {
            option: option.id.clone(),
            name: option.name.clone(),
            is_baseline: option.id == decision.baseline,
            values: samples
                .iter()
                .map(|s| s.as_ref().and_then(|nets| nets.get(index).copied()))
                .collect(),
        })
        .collect();
    let mut crossings = Vec::new();
    for (index, line) in lines.iter().enumerate() {
        if line.is_baseline {
            continue;
        }
        for i in 1..xs.len() {
            let (Some(a), Some(b)) = (line.values[i - 1], line.values[i]) else {
                continue;
            };
            if gains(a) == gains(b) {
                continue;
            }
            let (x, exact) = solve(&mut held, param.whole(), index, (xs[i - 1], a), (xs[i], b));
            crossings.push(Crossing {
                option: line.option.clone(),
                name: line.name.clone(),
                x,
                gains_above: gains(b),
                exact,
            });
        }
    }
    Ok(Sweep {
        param: param.clone(),
        name: param.name(decision),
        now,
        xs,
        lines,
        crossings,
        context: [ContextFlag::ElasticFleet, ContextFlag::Stateful]
            .iter()
            .map(|flag| describe_flag(*flag, flag.read(&decision.context)))
            .collect::<Vec<_>>()
            .join(" "),
    })
}

fn gains(net_month: f64) -> bool {
    net_month > 0.0
}

fn net_month(held: &mut Held, option: usize, x: f64) -> Option<f64> {
    held.nets_at(x).get(option).copied()
}

/// Where option `option`'s net monthly value crosses zero between `(a, fa)` and `(b, fb)`, of
/// opposite signs; and whether that was solved from a straight line.
fn solve(
    held: &mut Held,
    whole: bool,
    option: usize,
    (mut a, mut fa): (f64, f64),
    (mut b, fb): (f64, f64),
) -> (f64, bool) {
    if whole {
        // The first whole value past the change.
        while b - a > 1.0 {
            let mid = ((a + b) / 2.0).floor();
            match net_month(held, option, mid) {
                Some(value) if gains(value) == gains(fa) => {
                    a = mid;
                    fa = value;
                }
                _ => b = mid,
            }
        }
        return (b, false);
    }
    let mid = (a + b) / 2.0;
    let chord = (fa + fb) / 2.0;
    let scale = fa.abs().max(fb.abs()).max(1.0);
    if let Some(at_mid) = net_month(held, option, mid) {
        if (at_mid - chord).abs() <= 1e-9 * scale {
            return (a + (b - a) * fa / (fa - fb), true);
        }
    }
    for _ in 0..HALVINGS {
        let mid = (a + b) / 2.0;
        match net_month(held, option, mid) {
            Some(value) if gains(value) == gains(fa) => {
                a = mid;
                fa = value;
            }
            _ => b = mid,
        }
    }
    ((a + b) / 2.0, false)
}

impl Sweep {
    /// The crossings in words: "Storage daemons on Kubernetes gains a month at 18 services or
    /// more (today 2 services), on a fixed fleet with a stateful workload." Says so when nothing
    /// crosses in the range.
    pub fn summary(&self) -> String {
        if self.crossings.is_empty() {
            let (low, high) = (
                self.xs.first().copied().unwrap_or(self.now),
                self.xs.last().copied().unwrap_or(self.now),
            );
            return format!(
                "No option's net monthly value crosses zero between {} and {} ({}).",
                self.param.describe(low),
                self.param.describe(high),
                self.context
            );
        }
        let said: Vec<String> = self
            .crossings
            .iter()
            .map(|c| format!("{} gains a month {}", c.name, self.gains_where(c)))
            .collect();
        format!(
            "{} (today {}, {}).",
            said.join("; "),
            self.param.describe(self.now),
            self.context
        )
    }

    /// Where an option gains a month past `crossing`: "at 228 servers or more".
    pub fn gains_where(&self, crossing: &Crossing) -> String {
        beyond(
            self.param.whole(),
            self.param.describe(crossing.x),
            crossing.gains_above,
        )
    }

    /// The net monthly value of option `line` at sample `i`, as the read-out says it.
    pub fn value_text(&self, line: usize, i: usize) -> String {
        self.lines
            .get(line)
            .and_then(|l| l.values.get(i).copied().flatten())
            .map_or_else(|| "—".to_string(), money)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario;

    /// Regression: each overridden figure was checked against every choice already listed
    /// (quadratic in a model with thousands of overrides). Each is listed once; the open
    /// component's own figures come first, and one of them it overrides is not listed again.
    #[test]
    fn the_picker_lists_each_figure_once_the_open_components_first() {
        let mut d = scenario::landing().unwrap();
        let figure_of = |component: &str, figure| Param::Figure {
            option: "kubernetes".into(),
            component: component.into(),
            figure,
        };
        let overrides = &mut d.options[1].make_mut().components[2].overrides;
        overrides.insert(FigureName::IncidentsPerYear, 3.0);
        let names: Vec<Param> = picker_choices(&d, Some((1, "storage")))
            .into_iter()
            .map(|(param, _)| param)
            .collect();
        let context = CONTEXT_PARAMS
            .iter()
            .filter(|n| n.in_model(d.cost_model))
            .count();
        assert_eq!(
            names[context..],
            [
                figure_of("storage", FigureName::IncidentsPerYear),
                figure_of("storage", FigureName::RoutineHoursMonth),
                figure_of("storage", FigureName::OneTimeHours),
            ]
        );
        let unopened = picker_choices(&d, None);
        assert_eq!(unopened.len(), context + 2, "the two overrides, once each");
    }

    #[test]
    fn a_long_picker_lists_its_first_choices_the_chosen_one_and_what_typing_finds() {
        let figure = |i: usize| Param::Figure {
            option: "big".into(),
            component: format!("c{i}"),
            figure: FigureName::IncidentsPerYear,
        };
        let choices: Vec<(Param, String)> = (0..1_000)
            .map(|i| (figure(i), format!("Incidents a year of `c{i}` (Big)")))
            .collect();
        let params = |listed: &[(Param, String)]| -> Vec<Param> {
            listed.iter().map(|(param, _)| param.clone()).collect()
        };

        let (listed, more) = picker_listed(&choices, "", &figure(3));
        assert_eq!(params(&listed), (0..100).map(figure).collect::<Vec<_>>());
        assert_eq!(more, 900);

        let (listed, more) = picker_listed(&choices, "", &figure(700));
        assert_eq!(listed.len(), 101, "the chosen one, then the first hundred");
        assert_eq!(listed[0].0, figure(700));
        assert_eq!(more, 900);

        let (listed, more) = picker_listed(&choices, " C99` ", &figure(700));
        assert_eq!(params(&listed), [figure(700), figure(99)]);
        assert_eq!(more, 0);
    }

    #[test]
    fn a_sweep_samples_the_range_and_keeps_the_document_as_it_was() {
        let d = scenario::landing().unwrap();
        let swept = sweep(&d, &Param::Context(ContextNumber::Servers)).unwrap();
        assert_eq!(swept.now, 12.0);
        assert_eq!(swept.xs.first(), Some(&1.0));
        assert_eq!(swept.xs.last(), Some(&120.0));
        assert_eq!(swept.lines.len(), 2);
        assert!(swept.lines[0].values.iter().all(|v| *v == Some(0.0)));
        assert_eq!(d, scenario::landing().unwrap());
    }

    #[test]
    fn an_assumption_the_document_lacks_is_not_swept() {
        let d = scenario::landing().unwrap();
        let gone = Param::Figure {
            option: "kubernetes".into(),
            component: "nothing".into(),
            figure: FigureName::IncidentsPerYear,
        };
        assert_eq!(sweep(&d, &gone), Err(NotSwept::Unknown));
    }
}
