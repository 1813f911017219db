//! What an option's numbers come to, in a sentence a reader can act on (its verdict), and the
//! assumption whose change would turn that verdict around (its flip point).
//!
//! Both judge the option by its net value over the horizon (`Versus::net_horizon`): what it is
//! worth a month, less what it costs a month, over the horizon, less its one-time cost. The
//! verdict reads it from one analysis; the flip point searches for it: each assumption in
//! [`SEARCHED`] is tried from a tenth to ten times today's value (the whole range of a share),
//! the nearest value where the sign changes is narrowed down, and the assumption that flips the
//! verdict with the smallest change wins; when no number flips it, the yes/no assumptions of
//! [`TOGGLED`] are turned the other way, each and then together; when that does not either, the
//! numbers are tried again with them turned, and the first of [`SEARCHED`] that flips it is
//! named ("on an elastic fleet with a stateless workload it would be worth it at 44 servers or
//! more"). The search analyses the model two to four hundred times, so it is bounded: a model
//! with more than [`SEARCH_AT_MOST`] components is not searched.

use crate::analysis::{analyse, Versus};
use crate::edit::{ContextFlag, ContextNumber};
use crate::format;
use crate::model::Decision;

/// A net monthly value smaller than this, in dollars, is no difference at all.
const NO_DIFFERENCE: f64 = 1e-6;

/// What an option's numbers come to.
#[derive(Clone, Debug, PartialEq)]
pub enum Verdict {
    /// The option every other one is weighed against.
    Baseline,
    /// Worth more than it costs each month, and repays its one-time cost within the horizon
    /// (at once when it has none).
    PaysBack { months: u32, net_month: f64 },
    /// Worth more each month, but repays its one-time cost only after the horizon.
    PaysBackTooLate {
        months: u32,
        horizon_months: u32,
        one_time_cost: f64,
    },
    /// Costs more each month than it is worth here.
    CostsMoreEveryMonth { net_month: f64 },
    /// Changes nothing a month; costs `one_time_cost` once (perhaps nothing).
    NothingMonthly { one_time_cost: f64 },
}

impl Verdict {
    pub fn of(versus: &Versus, horizon_months: u32, is_baseline: bool) -> Verdict {
        if is_baseline {
            return Verdict::Baseline;
        }
        let (net_month, one_time_cost) = (versus.net_month, versus.one_time_cost.max(0.0));
        // Only what sums of the same figures leave over: an option no different from the
        // baseline.
        if net_month.abs() < NO_DIFFERENCE {
            return Verdict::NothingMonthly { one_time_cost };
        }
        if net_month < 0.0 {
            return Verdict::CostsMoreEveryMonth { net_month };
        }
        // The first whole month by whose end the gains exceed the one-time cost: paying back
        // within the horizon is the same as a positive net over it, which the flip point
        // searches for. (A payback beyond any horizon a user can set is simply late.)
        let months = if one_time_cost > 0.0 {
            ((one_time_cost / net_month).floor() + 1.0).min(f64::from(u32::MAX)) as u32
        } else {
            0
        };
        if months <= horizon_months {
            Verdict::PaysBack { months, net_month }
        } else {
            Verdict::PaysBackTooLate {
                months,
                horizon_months,
                one_time_cost,
            }
        }
    }

    /// The verdict as the page says it.
    pub fn sentence(&self) -> String {
        match self {
            Verdict::Baseline => "The baseline.".to_string(),
            Verdict::PaysBack { months: 0, net_month } => format!(
                "Worth it from the first month: {} a month more than it costs.",
                format::money(*net_month)
            ),
            Verdict::PaysBack { months, net_month } => format!(
                "Pays back in {} months, then gains {} a month.",
                months,
                format::money(*net_month)
            ),
            Verdict::PaysBackTooLate {
                months,
                horizon_months,
                one_time_cost,
            } => format!(
                "Would pay back its {} in {} months, after the {}-month horizon: not worth it over the horizon.",
                format::money(*one_time_cost),
                months,
                horizon_months
            ),
            Verdict::CostsMoreEveryMonth { net_month } => format!(
                "Costs more every month: {} a month more than it is worth here.",
                format::money(-net_month)
            ),
            Verdict::NothingMonthly { one_time_cost } if *one_time_cost > 0.0 => format!(
                "Changes nothing a month, and costs {} once.",
                format::money(*one_time_cost)
            ),
            Verdict::NothingMonthly { .. } => {
                "Changes nothing: no cost and no value, monthly or once.".to_string()
            }
        }
    }
}

/// The assumptions the flip point is searched over, in the order they are tried (and preferred
/// when two flip the verdict with the same change).
/// Cost model 2's teams are tried last, and only for its documents.
pub const SEARCHED: [ContextNumber; 8] = [
    ContextNumber::Servers,
    ContextNumber::Services,
    ContextNumber::Engineers,
    ContextNumber::HourlyCost,
    ContextNumber::DeploysPerWeek,
    ContextNumber::DemandVariation,
    ContextNumber::ServerCostMonth,
    ContextNumber::Teams,
];

/// The yes/no assumptions tried for an option no number flips: each turned the other way,
/// then all of them together.
pub const TOGGLED: [ContextFlag; 2] = [ContextFlag::ElasticFleet, ContextFlag::Stateful];

/// Models with more components than this (all options together) are not searched: a search
/// analyses the model about two hundred times, 2.5-5 ms natively for the built-in scenarios
/// (11-22 components) and 10-16 ms in the page, growing with the model; a step of it
/// ([`FlipSearch::step`]) tries one assumption, an eighth of that.
pub const SEARCH_AT_MOST: usize = 120;

/// How many values are tried on each side of today's, before the nearest change of sign is
/// narrowed down.
const STEPS_EACH_SIDE: usize = 10;

/// How many halvings narrow a change of sign down (whole-number assumptions stop at one apart).
const NARROWINGS: usize = 24;

/// Where an option's verdict turns around.
#[derive(Clone, Debug, PartialEq)]
pub enum Flip {
    /// The baseline is weighed against, not judged.
    Baseline,
    /// The option's net value over the horizon changes sign when `assumption` goes past `at`
    /// (today `now`); past it, the option `becomes_worth_it` or stops being so.
    At {
        assumption: ContextNumber,
        now: f64,
        at: f64,
        becomes_worth_it: bool,
    },
    /// No number flips it, but turning yes/no assumptions the other way does: each `(flag, to)`
    /// of `turned`, together.
    Toggled {
        turned: Vec<(ContextFlag, bool)>,
        becomes_worth_it: bool,
    },
    /// Neither one number nor the yes/no assumptions alone flip it, but with the yes/no
    /// assumptions turned (`turned`, together), `assumption` does past `at` (today `now`).
    ToggledAt {
        turned: Vec<(ContextFlag, bool)>,
        assumption: ContextNumber,
        now: f64,
        at: f64,
        becomes_worth_it: bool,
    },
    /// No value tried flips it.
    Nowhere,
}

/// Why no flip points were searched.
#[derive(Clone, Debug, PartialEq)]
pub enum NotSearched {
    /// The model does not analyse.
    Invalid,
    /// More components than [`SEARCH_AT_MOST`].
    TooBig { components: usize },
}

impl NotSearched {
    pub fn sentence(&self) -> String {
        match self {
            NotSearched::Invalid => "Not searched: the model does not hold together.".to_string(),
            NotSearched::TooBig { components } => format!(
                "Not searched: with {components} components, finding where the verdict flips would take too long here (the search stops above {SEARCH_AT_MOST})."
            ),
        }
    }
}

impl Flip {
    pub fn sentence(&self) -> String {
        match self {
            Flip::Baseline => {
                "Nothing to flip: the others are weighed against it.".to_string()
            }
            Flip::At {
                assumption,
                now,
                at,
                becomes_worth_it,
            } => {
                let today = describe(*assumption, *now);
                let past = past(*assumption, *now, *at);
                if *becomes_worth_it {
                    format!("Worth it only {past} (today {today}).")
                } else {
                    format!("Stops being worth it {past} (today {today}).")
                }
            }
            Flip::Toggled {
                turned,
                becomes_worth_it,
            } => {
                let (there, today) = turned_words(turned);
                if *becomes_worth_it {
                    format!("No number flips it; it would be worth it {there} (today {today}).")
                } else {
                    format!(
                        "No number flips it; it would stop being worth it {there} (today {today})."
                    )
                }
            }
            Flip::ToggledAt {
                turned,
                assumption,
                now,
                at,
                becomes_worth_it,
            } => {
                let (there, today) = turned_words(turned);
                let past = past(*assumption, *now, *at);
                let now = describe(*assumption, *now);
                let turns = if *becomes_worth_it {
                    "be worth it"
                } else {
                    "stop being worth it"
                };
                format!(
                    "No single change flips it; {there} it would {turns} {past} (today {today}, {now})."
                )
            }
            Flip::Nowhere => "No plausible change of one assumption flips it: each was tried from a tenth to ten times today's value.".to_string(),
        }
    }
}

/// Yes/no assumptions turned, as a sentence says them turned and as they are today: ("on an
/// elastic fleet with a stateless workload", "on a fixed fleet with a stateful workload").
fn turned_words(turned: &[(ContextFlag, bool)]) -> (String, String) {
    let says = |turned_to: bool| {
        turned
            .iter()
            .map(|(flag, to)| describe_flag(*flag, if turned_to { *to } else { !*to }))
            .collect::<Vec<_>>()
            .join(" ")
    };
    (says(true), says(false))
}

/// Where a change of sign lies, as a sentence says it: "at 40 services or more". `at` is the
/// first value past the turn: a whole number is included, a measure is a boundary.
fn past(assumption: ContextNumber, now: f64, at: f64) -> String {
    beyond(assumption.range().2, describe(assumption, at), at > now)
}

/// The values past a change at `there`, upward or downward: a whole number is included ("at 44
/// servers or more"), a measure is a boundary ("above $31 an engineer-hour").
pub(crate) fn beyond(whole: bool, there: String, upward: bool) -> String {
    match (whole, upward) {
        (true, true) => format!("at {there} or more"),
        (true, false) => format!("at {there} or fewer"),
        (false, true) => format!("above {there}"),
        (false, false) => format!("below {there}"),
    }
}

/// A yes/no assumption's value, as a sentence says it: "on an elastic fleet".
pub(crate) fn describe_flag(flag: ContextFlag, value: bool) -> &'static str {
    match (flag, value) {
        (ContextFlag::ElasticFleet, true) => "on an elastic fleet",
        (ContextFlag::ElasticFleet, false) => "on a fixed fleet",
        (ContextFlag::Stateful, true) => "with a stateful workload",
        (ContextFlag::Stateful, false) => "with a stateless workload",
        (ContextFlag::OwnedServers, true) => "on servers the team owns",
        (ContextFlag::OwnedServers, false) => "on rented servers",
    }
}

/// A value of an assumption, as a sentence says it: "70 servers", "$180 an engineer-hour".
pub fn describe(assumption: ContextNumber, value: f64) -> String {
    let number = format::number(value);
    // "1 server", "2 servers".
    let count = |one: &str, many: &str| {
        if value == 1.0 {
            format!("1 {one}")
        } else {
            format!("{number} {many}")
        }
    };
    match assumption {
        ContextNumber::Servers => count("server", "servers"),
        ContextNumber::Services => count("service", "services"),
        ContextNumber::Engineers => count("engineer", "engineers"),
        ContextNumber::HourlyCost => format!("{} an engineer-hour", format::money(value)),
        ContextNumber::DeploysPerWeek => format!("{number} deploys a week"),
        ContextNumber::DemandVariation => format!("a demand swing of {}", format::percent(value)),
        ContextNumber::ServerCostMonth => format!("{} a server-month", format::money(value)),
        ContextNumber::CoresPerServer => format!("{number} cores per server"),
        ContextNumber::MemoryGibPerServer => format!("{number} GiB per server"),
        ContextNumber::FailuresPerServerYear => format!("{number} failures a server-year"),
        ContextNumber::HorizonMonths => count("month", "months"),
        ContextNumber::SpareShare => format!("{} spare capacity", format::percent(value)),
        ContextNumber::Teams => count("team", "teams"),
        ContextNumber::HoursPerDeploy => format!("{} a deploy", format::hours(value)),
    }
}

/// Each option's flip point, in the document's order: where its net value over the horizon
/// changes sign as one assumption changes, the nearest such change among [`SEARCHED`]. The
/// whole search at once; the page runs it a step at a time ([`FlipSearch`]).
pub fn flip_points(decision: &Decision) -> Result<Vec<Flip>, NotSearched> {
    let mut search = FlipSearch::new(decision)?;
    while search.step() {}
    Ok(search.finish())
}

/// A flip point search in steps, each short enough to run between two frames: one step tries
/// one assumption of [`SEARCHED`]. Then the yes/no assumptions of [`TOGGLED`] are turned, and for
/// the options neither flips, one step tries one assumption of [`SEARCHED`] with them turned.
/// [`FlipSearch::finish`] narrows the changes found down.
pub struct FlipSearch {
    trial: Decision,
    /// Each option's net value over the horizon today.
    today: Vec<f64>,
    baseline: Option<usize>,
    /// Steps taken: the first `SEARCHED.len()` in today's context, the rest with the yes/no
    /// assumptions turned.
    tried: usize,
    /// For each option, the nearest change of sign found in today's context: (distance,
    /// assumption, value before the change, value after it).
    best: Vec<Option<(f64, ContextNumber, f64, f64)>>,
    /// Once every number was tried: what turning the yes/no assumptions does to each option.
    toggled: Option<Vec<Option<Flip>>>,
    /// With the yes/no assumptions turned, the first assumption of [`SEARCHED`] that flips each
    /// option still unflipped, at its nearest change.
    turned_best: Vec<Option<(f64, ContextNumber, f64, f64)>>,
}

impl FlipSearch {
    pub fn new(decision: &Decision) -> Result<FlipSearch, NotSearched> {
        let components: usize = decision.options.iter().map(|o| o.components.len()).sum();
        if components > SEARCH_AT_MOST {
            return Err(NotSearched::TooBig { components });
        }
        let today = net_values(decision).ok_or(NotSearched::Invalid)?;
        Ok(FlipSearch {
            baseline: decision
                .options
                .iter()
                .position(|o| o.id == decision.baseline),
            best: vec![None; today.len()],
            turned_best: vec![None; today.len()],
            toggled: None,
            today,
            tried: 0,
            trial: decision.clone(),
        })
    }

    /// The yes/no assumptions turned in the second phase: each of [`TOGGLED`] the document's
    /// model has, to the other value.
    fn turned(&self) -> Vec<(ContextFlag, bool)> {
        TOGGLED
            .iter()
            .filter(|flag| flag.in_model(self.trial.cost_model))
            .map(|flag| (*flag, !flag.read(&self.trial.context)))
            .collect()
    }

    /// Options that neither a number nor the yes/no assumptions alone flip.
    fn unflipped(&self) -> Vec<bool> {
        (0..self.today.len())
            .map(|o| {
                Some(o) != self.baseline
                    && self.best[o].is_none()
                    && self
                        .toggled
                        .as_ref()
                        .is_some_and(|toggled| toggled[o].is_none())
            })
            .collect()
    }

    /// Takes the next step; false when there is none left.
    pub fn step(&mut self) -> bool {
        let phase_one = SEARCHED.len();
        if self.tried < phase_one {
            let assumption = SEARCHED[self.tried];
            self.tried += 1;
            let open = (0..self.today.len())
                .map(|i| Some(i) != self.baseline)
                .collect();
            scan(
                &mut self.trial,
                &self.today,
                assumption,
                open,
                false,
                &mut self.best,
            );
            if self.tried == phase_one {
                self.toggled = Some(toggles(&mut self.trial, &self.today));
                return self.unflipped().contains(&true);
            }
            return true;
        }
        let Some(&assumption) = SEARCHED.get(self.tried - phase_one) else {
            return false;
        };
        self.tried += 1;
        let open = self.unflipped();
        let turned = self.turned();
        for (flag, to) in &turned {
            flag.write(&mut self.trial.context, *to);
        }
        scan(
            &mut self.trial,
            &self.today,
            assumption,
            open,
            true,
            &mut self.turned_best,
        );
        for (flag, to) in &turned {
            flag.write(&mut self.trial.context, !to);
        }
        self.tried < 2 * phase_one
    }

    /// The flip points: the nearest change of sign of each option narrowed down; failing
    /// one, the yes/no assumptions turned the other way; failing that, a number with them
    /// turned. A search stopped early finishes what it found.
    pub fn finish(mut self) -> Vec<Flip> {
        let toggled = match self.toggled.take() {
            Some(toggled) => toggled,
            None => toggles(&mut self.trial, &self.today),
        };
        let turned = self.turned();
        let best = std::mem::take(&mut self.best);
        let turned_best = std::mem::take(&mut self.turned_best);
        best.into_iter()
            .zip(turned_best)
            .enumerate()
            .map(|(option, (found, found_turned))| {
                if Some(option) == self.baseline {
                    return Flip::Baseline;
                }
                let today = self.today[option];
                if let Some((_, assumption, before, after)) = found {
                    let now = assumption.read(&self.trial.context);
                    let at = narrow(&mut self.trial, option, assumption, before, after, today);
                    assumption.write(&mut self.trial.context, now);
                    return Flip::At {
                        assumption,
                        now,
                        at,
                        becomes_worth_it: !worth_it(today),
                    };
                }
                if let Some(flip) = toggled[option].clone() {
                    return flip;
                }
                let Some((_, assumption, before, after)) = found_turned else {
                    return Flip::Nowhere;
                };
                for (flag, to) in &turned {
                    flag.write(&mut self.trial.context, *to);
                }
                let now = assumption.read(&self.trial.context);
                let at = narrow(&mut self.trial, option, assumption, before, after, today);
                assumption.write(&mut self.trial.context, now);
                for (flag, to) in &turned {
                    flag.write(&mut self.trial.context, !to);
                }
                Flip::ToggledAt {
                    turned: turned.clone(),
                    assumption,
                    now,
                    at,
                    becomes_worth_it: !worth_it(today),
                }
            })
            .collect()
    }
}

/// Tries `assumption` from a tenth to ten times its value in the trial's context, and keeps in
/// `best` each `open` option's nearest change of sign against `today`. With `first_only`, an
/// option that an earlier assumption flipped keeps that one: in a context already far from
/// today's (the yes/no assumptions turned), a sentence about the fleet or the services, first
/// in [`SEARCHED`], reads better than the nearest of two measures that do not compare (a share
/// and a ratio). The assumption is as it was when this returns.
fn scan(
    trial: &mut Decision,
    today: &[f64],
    assumption: ContextNumber,
    open: Vec<bool>,
    first_only: bool,
    best: &mut [Option<(f64, ContextNumber, f64, f64)>],
) {
    if !assumption.in_model(trial.cost_model) {
        return;
    }
    let now = assumption.read(&trial.context);
    for side in trial_values(assumption, now) {
        let mut last = now;
        let mut open = open.clone();
        for value in side {
            assumption.write(&mut trial.context, value);
            let Some(nets) = net_values(trial) else {
                continue;
            };
            for (option, net) in nets.iter().enumerate() {
                if open[option] && worth_it(*net) != worth_it(today[option]) {
                    open[option] = false;
                    let distance = distance(assumption, now, value);
                    let kept = best[option];
                    let earlier = first_only && kept.is_some_and(|(_, a, ..)| a != assumption);
                    if !earlier && kept.is_none_or(|(d, ..)| distance < d) {
                        best[option] = Some((distance, assumption, last, value));
                    }
                }
            }
            last = value;
        }
    }
    assumption.write(&mut trial.context, now);
}

/// For each option, the yes/no assumptions of [`TOGGLED`] that flip it when turned the other
/// way: one alone if one does, else all of them together.
fn toggles(trial: &mut Decision, today: &[f64]) -> Vec<Option<Flip>> {
    let mut found = vec![None; today.len()];
    let alone = TOGGLED.map(|flag| vec![flag]);
    for flags in alone.iter().chain([&TOGGLED.to_vec()]) {
        let turned: Vec<(ContextFlag, bool)> = flags
            .iter()
            .map(|flag| (*flag, !flag.read(&trial.context)))
            .collect();
        for (flag, to) in &turned {
            flag.write(&mut trial.context, *to);
        }
        if let Some(nets) = net_values(trial) {
            for (option, net) in nets.iter().enumerate() {
                if found[option].is_none() && worth_it(*net) != worth_it(today[option]) {
                    found[option] = Some(Flip::Toggled {
                        turned: turned.clone(),
                        becomes_worth_it: worth_it(*net),
                    });
                }
            }
        }
        for (flag, to) in &turned {
            flag.write(&mut trial.context, !to);
        }
    }
    found
}

fn worth_it(net_horizon: f64) -> bool {
    net_horizon > 0.0
}

/// How far `value` is from `now`, as a ratio (so that servers and dollars compare); a share
/// compares by its difference.
fn distance(assumption: ContextNumber, now: f64, value: f64) -> f64 {
    if assumption == ContextNumber::DemandVariation || now <= 0.0 || value <= 0.0 {
        (value - now).abs()
    } else {
        (value / now).ln().abs()
    }
}

/// The values tried below and above `now`, each side in order away from it.
fn trial_values(assumption: ContextNumber, now: f64) -> [Vec<f64>; 2] {
    let (min, max, whole) = assumption.range();
    let (low, high) = if assumption == ContextNumber::DemandVariation {
        (min, max)
    } else if now > 0.0 {
        ((now / 10.0).max(min), (now * 10.0).min(max))
    } else {
        (min, 10.0_f64.min(max))
    };
    let side = |to: f64| -> Vec<f64> {
        let mut values: Vec<f64> = (1..=STEPS_EACH_SIDE)
            .map(|step| {
                let t = step as f64 / STEPS_EACH_SIDE as f64;
                let value =
                    if assumption == ContextNumber::DemandVariation || now <= 0.0 || to <= 0.0 {
                        now + (to - now) * t
                    } else {
                        now * (to / now).powf(t)
                    };
                if whole {
                    value.round()
                } else {
                    value
                }
            })
            .filter(|value| *value != now)
            .collect();
        values.dedup();
        values
    };
    [side(low), side(high)]
}

/// Narrows the change of sign of option `option`'s net value between `before` (the same sign as
/// today's `today`) and `after` down to the first value past the change.
fn narrow(
    trial: &mut Decision,
    option: usize,
    assumption: ContextNumber,
    mut before: f64,
    mut after: f64,
    today: f64,
) -> f64 {
    let (_, _, whole) = assumption.range();
    for _ in 0..NARROWINGS {
        if whole && (after - before).abs() <= 1.0 {
            break;
        }
        let middle = if whole {
            ((before + after) / 2.0).round()
        } else {
            (before + after) / 2.0
        };
        if middle == before || middle == after {
            break;
        }
        assumption.write(&mut trial.context, middle);
        match net_values(trial) {
            Some(nets) if worth_it(nets[option]) == worth_it(today) => before = middle,
            _ => after = middle,
        }
    }
    after
}

/// Each option's net value over the horizon, or none when the model does not analyse.
fn net_values(decision: &Decision) -> Option<Vec<f64>> {
    let analysis = analyse(decision).ok()?;
    Some(
        analysis
            .options
            .iter()
            .map(|option| option.versus_baseline.net_horizon)
            .collect(),
    )
}
