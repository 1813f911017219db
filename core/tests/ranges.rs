//! Ranges in documents: the sampler against the analysis it stands for, percentiles against
//! distributions known in closed form, paired probabilities, and the messages of ranges that do
//! not hold.

use expect_test::expect;
use overhead_core::analysis::analyse;
use overhead_core::edit::ContextNumber;
use overhead_core::format::money;
use overhead_core::model::{Bounds, Decision, FigureName};
use overhead_core::ranges::{uncertain, RangeError, Run};
use overhead_core::scenario;
use overhead_core::sweep::{sweep, Param};
use overhead_core::uncertainty::{quantile, Z_95};

/// `d` with ranges on and a range on `number`; the catalog's ranges are not drawn, so that
/// the test's range is the only one.
fn with_context_range(mut d: Decision, number: ContextNumber, low: f64, high: f64) -> Decision {
    d.ranges.on = true;
    d.ranges.catalog = false;
    d.ranges.context.insert(number, Bounds { low, high });
    d
}

fn outcome(d: &Decision) -> overhead_core::ranges::Outcome {
    let analysis = analyse(d).expect("analyses");
    Run::new(d, &analysis, None, None)
        .expect("the ranges hold")
        .expect("there are ranges")
        .finish()
}

fn net_months(d: &Decision) -> Vec<f64> {
    analyse(d)
        .expect("analyses")
        .options
        .iter()
        .map(|o| o.versus_baseline.net_month)
        .collect()
}

/// With every range of zero width, every draw is the analysis itself, to the last bit.
#[test]
fn ranges_of_zero_width_give_the_analysis_exactly() {
    for entry in scenario::list() {
        let mut d = scenario::load(&entry.id).unwrap();
        let context = d.context.clone();
        for number in [
            ContextNumber::Servers,
            ContextNumber::HourlyCost,
            ContextNumber::Services,
            ContextNumber::CoresPerServer,
        ] {
            let value = number.read(&context);
            d = with_context_range(d, number, value, value);
        }
        d.ranges.samples = 100;
        let expected = net_months(&d);
        let outcome = outcome(&d);
        for (option, nets) in outcome.nets.iter().enumerate() {
            assert_eq!(nets.len(), 100);
            assert!(
                nets.iter().all(|n| *n == expected[option]),
                "{}: {} != {}",
                entry.id,
                nets[0],
                expected[option]
            );
        }
    }
}

/// A sweep resolves the graphs once and recomputes its values with the analysis' arithmetic
/// (`evaluate::Held`), as the ranges' draws do: at every value of every sweep of the built-in
/// scenarios (servers, services, the server's size, a component's figure), it gives what
/// analysing the document afresh at that value gives; and the draws, held at a value with
/// ranges of no width, give the same.
#[test]
fn resolved_once_the_numbers_are_the_analysis_at_every_value() {
    for entry in scenario::list() {
        let d = scenario::load(&entry.id).unwrap();
        let hourly = d.context.team.hourly_cost;
        let d = with_context_range(d, ContextNumber::HourlyCost, hourly, hourly);
        let analysis = analyse(&d).unwrap();
        let first = &d.options[1].components[0];
        let params = [
            Param::Context(ContextNumber::Servers),
            Param::Context(ContextNumber::Services),
            Param::Context(ContextNumber::CoresPerServer),
            Param::Figure {
                option: d.options[1].id.clone(),
                component: first.id.clone(),
                figure: FigureName::IncidentsPerYear,
            },
        ];
        for param in params {
            let swept = sweep(&d, &param).unwrap();
            for (i, &x) in swept.xs.iter().enumerate() {
                let mut afresh = d.clone();
                param.write(&mut afresh, x);
                let expected = net_months(&afresh);
                let drawn = Run::new(&d, &analysis, Some(100), Some((&param, x)))
                    .unwrap()
                    .unwrap()
                    .finish();
                for (option, line) in swept.lines.iter().enumerate() {
                    let scale = expected[option].abs().max(1.0);
                    for got in [line.values[i].unwrap(), drawn.nets[option][0]] {
                        assert!(
                            (got - expected[option]).abs() <= 1e-9 * scale,
                            "{} by {}, at {x}: {got} against {}",
                            entry.id,
                            swept.name,
                            expected[option]
                        );
                    }
                }
            }
        }
    }
}

/// A net value that only grows (or only falls) with one uncertain number has that number's
/// percentiles at the same draws: its 5th, 50th and 95th percentiles are the net values at
/// low, likely and high. The k8s option's net falls as the hourly cost grows.
#[test]
fn percentiles_of_a_monotone_net_are_its_values_at_low_likely_and_high() {
    let base = scenario::landing().unwrap();
    let at = |hourly: f64| {
        let mut d = base.clone();
        d.context.team.hourly_cost = hourly;
        net_months(&d)[1]
    };
    let (low, likely, high) = (60.0, 100.0, 200.0);
    let mut d = base.clone();
    d.context.team.hourly_cost = likely;
    let mut d = with_context_range(d, ContextNumber::HourlyCost, low, high);
    d.ranges.samples = 10_000;
    let outcome = outcome(&d);
    let spread = outcome.spreads[1];
    let (at_low, at_likely, at_high) = (at(low), at(likely), at(high));
    assert!(at_low > at_high, "the net falls as hours cost more");
    // Within sampling error: the draws' own 5th percentile is within 2% of Z_95 of its mark.
    let tolerance = |value: f64| value.abs() * 0.03 + 1.0;
    assert!(
        (spread.p95 - at_low).abs() < tolerance(at_low),
        "{spread:?} {at_low}"
    );
    assert!(
        (spread.median - at_likely).abs() < tolerance(at_likely),
        "{spread:?}"
    );
    assert!(
        (spread.p5 - at_high).abs() < tolerance(at_high),
        "{spread:?} {at_high}"
    );
    assert_eq!(spread.win_probability, 0.0);
    assert!(spread.robust, "it costs more in every draw");
}

/// The landing scenario on an elastic, stateless fleet flips at 44 servers: a range of
/// servers around it gains in some draws and not others, and the chance to gain is the share
/// of drawn servers above the flip, which the lognormal gives in closed form.
#[test]
fn the_chance_to_gain_is_the_chance_of_the_draws_past_the_flip() {
    let mut d = scenario::landing().unwrap();
    d.context.fleet.elastic = true;
    d.context.workload.stateful = false;
    let analysis_at = |servers: u32| {
        let mut d = d.clone();
        d.context.fleet.servers = servers;
        net_months(&d)[1]
    };
    // Where the month turns (whole servers).
    let flip = (1..2_000u32).find(|s| analysis_at(*s) > 0.0).unwrap();
    d.context.fleet.servers = flip;
    let (low, high) = (f64::from(flip) / 3.0, f64::from(flip) * 3.0);
    let mut d = with_context_range(d, ContextNumber::Servers, low, high);
    d.ranges.samples = 10_000;
    let outcome = outcome(&d);
    // P(round(S) ≥ flip), S lognormal with median flip and ln 3 / Z_95 spread both sides.
    let sigma = 3.0_f64.ln() / Z_95;
    let z = ((f64::from(flip) - 0.5).ln() - f64::from(flip).ln()) / sigma;
    let expected = 1.0 - standard_normal_cdf(z);
    let got = outcome.spreads[1].win_probability;
    assert!((got - expected).abs() < 0.02, "{got} against {expected}");
    assert!(!outcome.spreads[1].robust);
    // Paired with the baseline (0 in every draw), beating it is gaining.
    assert_eq!(outcome.beats(1, 0), got);
    assert_eq!(outcome.beats(1, 1), 0.0);
}

fn standard_normal_cdf(z: f64) -> f64 {
    // Abramowitz and Stegun 7.1.26, good to 1.5e-7.
    let t = 1.0 / (1.0 + 0.327_591_1 * z.abs() / 2f64.sqrt());
    let poly = t
        * (0.254_829_592
            + t * (-0.284_496_736
                + t * (1.421_413_741 + t * (-1.453_152_027 + t * 1.061_405_429))));
    let erf = 1.0 - poly * (-(z * z) / 2.0).exp();
    if z >= 0.0 {
        (1.0 + erf) / 2.0
    } else {
        (1.0 - erf) / 2.0
    }
}

/// Two uncertain numbers drawn independently: the 5–95 range of the net is narrower than the
/// net with every low stacked against every high.
#[test]
fn the_range_is_narrower_than_every_low_stacked_against_every_high() {
    let base = scenario::landing().unwrap();
    let mut d = with_context_range(base.clone(), ContextNumber::HourlyCost, 60.0, 200.0);
    let servers = f64::from(d.context.fleet.servers);
    d = with_context_range(d, ContextNumber::Servers, servers / 2.0, servers * 2.0);
    let spread = outcome(&d).spreads[1];
    let stacked = |hourly: f64, servers: f64| {
        let mut d = base.clone();
        d.context.team.hourly_cost = hourly;
        d.context.fleet.servers = servers.round() as u32;
        net_months(&d)[1]
    };
    let corners = [
        stacked(60.0, servers / 2.0),
        stacked(60.0, servers * 2.0),
        stacked(200.0, servers / 2.0),
        stacked(200.0, servers * 2.0),
    ];
    let (lowest, highest) = corners
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), c| {
            (l.min(*c), h.max(*c))
        });
    assert!(spread.p95 - spread.p5 < highest - lowest);
    assert!(spread.p5 > lowest && spread.p95 < highest);
}

/// The same seed draws the same numbers; another seed, others; and a link carries both.
#[test]
fn the_seed_makes_the_numbers_and_a_link_reproduces_them() {
    let d = with_context_range(
        scenario::landing().unwrap(),
        ContextNumber::HourlyCost,
        60.0,
        200.0,
    );
    let first = outcome(&d);
    assert_eq!(first, outcome(&d));
    let reopened = overhead_core::link::decode(&overhead_core::link::encode(&d)).unwrap();
    assert_eq!(reopened, d);
    assert_eq!(outcome(&reopened), first);
    let mut other = d.clone();
    other.ranges.seed = 2;
    assert_ne!(outcome(&other).nets, first.nets);
    // A link that reproduces its numbers in later releases: these are frozen.
    expect!["median -$1,841 a month; 5th to 95th percentile -$4,910 to -$1,470"].assert_eq(
        &format!(
            "median {} a month; 5th to 95th percentile {} to {}",
            money(first.spreads[1].median),
            money(first.spreads[1].p5),
            money(first.spreads[1].p95)
        ),
    );
}

/// Adding a range leaves the draws of the others as they were.
#[test]
fn a_numbers_draws_do_not_depend_on_the_other_ranges() {
    let d = with_context_range(
        scenario::landing().unwrap(),
        ContextNumber::HourlyCost,
        60.0,
        200.0,
    );
    let mut with_more = d.clone();
    let cores = with_more.context.fleet.cores_per_server;
    with_more = with_context_range(with_more, ContextNumber::CoresPerServer, cores, cores);
    assert_eq!(outcome(&with_more).nets, outcome(&d).nets);
}

/// An overridden figure's range: the override is the median; one without an override, or out
/// of order, is refused with a sentence that names it.
#[test]
fn figure_ranges_need_their_override_and_say_what_is_wrong() {
    let mut d = scenario::landing().unwrap();
    let component = &mut d.options[1].make_mut().components[0];
    component.ranges.insert(
        FigureName::IncidentsPerYear,
        Bounds {
            low: 1.0,
            high: 8.0,
        },
    );
    d.ranges.catalog = false;
    let sentence = |d: &Decision| {
        uncertain(d, &analyse(d).unwrap())
            .map(|_| ())
            .unwrap_err()
            .sentence()
    };
    expect!["The range of incidents a year of `server` (Storage daemons on Kubernetes) needs the component's own value first: it is the range's median."]
        .assert_eq(&sentence(&d));
    d.options[1].make_mut().components[0]
        .overrides
        .insert(FigureName::IncidentsPerYear, 10.0);
    expect!["The range of incidents a year of `server` (Storage daemons on Kubernetes) does not hold: low ≤ likely ≤ high: low is the 5th percentile, high the 95th."]
        .assert_eq(&sentence(&d));
    d.options[1].make_mut().components[0]
        .overrides
        .insert(FigureName::IncidentsPerYear, 3.0);
    let found = uncertain(&d, &analyse(&d).unwrap()).unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].estimate.likely, 3.0);
    d.ranges.samples = 20;
    assert_eq!(
        uncertain(&d, &analyse(&d).unwrap()),
        Err(RangeError::Samples(20))
    );
    expect!["20 draws is outside what Overhead computes: 100 to 10000."]
        .assert_eq(&RangeError::Samples(20).sentence());
    d.ranges.samples = 2_000;
    let mut share = with_context_range(d.clone(), ContextNumber::DemandVariation, 0.1, 1.5);
    share.context.workload.demand_variation = 0.3;
    expect!["The range of demand swing (share idle) does not hold: a share is at most 100%."]
        .assert_eq(&sentence(&share));
}

/// The 5th percentile of a sample is what `quantile` says of the sorted draws.
#[test]
fn quantiles_interpolate_between_draws() {
    let sorted = [1.0, 2.0, 3.0, 4.0, 5.0];
    assert_eq!(quantile(&sorted, 0.5), 3.0);
    assert_eq!(quantile(&sorted, 0.05), 1.2);
}

/// The edits of ranges: each checked on its own, applied whole or refused with a sentence.
#[test]
fn range_edits_are_checked_and_a_reset_takes_the_range_with_the_value() {
    use overhead_core::edit::{apply, Command};
    let mut d = scenario::landing().unwrap();
    let option = d.options[1].id.clone();
    let component = d.options[1].components[0].id.clone();
    let figure = FigureName::IncidentsPerYear;
    let bounds = Some(Bounds {
        low: 1.0,
        high: 8.0,
    });
    let range = |bounds| Command::SetFigureRange {
        option: option.clone(),
        component: component.clone(),
        figure,
        bounds,
    };
    let refused = |d: &mut Decision, command| apply(d, command).unwrap_err().to_string();
    expect!["give incidents a year of `server` this component's own value first: it is the range's median"]
        .assert_eq(&refused(&mut d, range(bounds)));
    apply(
        &mut d,
        Command::Override {
            option: option.clone(),
            component: component.clone(),
            figure,
            value: 3.0,
        },
    )
    .unwrap();
    apply(&mut d, range(bounds)).unwrap();
    assert_eq!(
        d.options[1].components[0].ranges.get(&figure),
        bounds.as_ref()
    );
    expect!["the range of incidents a year of `server`: low must not be above high"].assert_eq(
        &refused(
            &mut d,
            range(Some(Bounds {
                low: 9.0,
                high: 8.0,
            })),
        ),
    );
    apply(
        &mut d,
        Command::ResetOverride {
            option: option.clone(),
            component: component.clone(),
            figure,
        },
    )
    .unwrap();
    assert!(d.options[1].components[0].ranges.is_empty());

    let before = d.clone();
    expect!["the range of servers: low and high must be values the field can take"].assert_eq(
        &refused(
            &mut d,
            Command::SetContextRange(
                ContextNumber::Servers,
                Some(Bounds {
                    low: -1.0,
                    high: 8.0,
                }),
            ),
        ),
    );
    expect!["50 draws: enter 100 to 10000"].assert_eq(&refused(
        &mut d,
        Command::SetDraws {
            seed: 1,
            samples: 50,
        },
    ));
    assert_eq!(d, before, "a refused edit changes nothing");
    apply(
        &mut d,
        Command::SetContextRange(
            ContextNumber::Servers,
            Some(Bounds {
                low: 20.0,
                high: 90.0,
            }),
        ),
    )
    .unwrap();
    apply(&mut d, Command::SetRangesOn(true)).unwrap();
    apply(&mut d, Command::SetRangesOn(false)).unwrap();
    assert_eq!(d.ranges.context.len(), 1, "turning ranges off keeps them");
}

/// A sweep's bands: with ranges of zero width they are its lines; with a range, each option's
/// band holds its line's 5th and 95th percentiles apart, and the chart draws one per option
/// (the baseline, 0 in every draw, has none).
#[test]
fn a_sweeps_bands_hold_its_lines_and_the_chart_draws_them() {
    use overhead_core::ranges::bands;
    let d = scenario::landing().unwrap();
    let hourly = d.context.team.hourly_cost;
    let flat = with_context_range(d.clone(), ContextNumber::HourlyCost, hourly, hourly);
    let param = Param::Context(ContextNumber::Servers);
    let swept = sweep(&flat, &param).unwrap();
    let analysis = analyse(&flat).unwrap();
    let flat_bands = bands(&flat, &analysis, &swept).unwrap().unwrap();
    for (line, band) in swept.lines.iter().zip(&flat_bands.lines) {
        for (value, (low, high)) in line.values.iter().zip(band) {
            let value = value.unwrap();
            assert!((low - value).abs() <= 1e-9 * value.abs().max(1.0));
            assert!((high - value).abs() <= 1e-9 * value.abs().max(1.0));
        }
    }
    let wide = with_context_range(d, ContextNumber::HourlyCost, 50.0, 200.0);
    let wide_bands = bands(&wide, &analyse(&wide).unwrap(), &swept)
        .unwrap()
        .unwrap();
    assert_eq!(wide_bands.draws, 400);
    for (i, (low, high)) in wide_bands.lines[1].iter().enumerate() {
        assert!(low < high, "at {}: {low} {high}", swept.xs[i]);
    }
    let chart = overhead_core::render::sweep_chart(&swept, Some(&wide_bands), None);
    let svg = chart.as_str();
    assert_eq!(svg.matches("class=\"sweep-band\"").count(), 1);
    assert!(svg.contains("class=\"sweep-band\" data-option-id=\"kubernetes\""));
    assert!(svg.contains("Shaded: 5th to 95th percentile of 400 draws at each value"));
}

/// The record carries the ranges, the draws and what they say, in a section of its own.
#[test]
fn the_record_states_the_ranges_the_draws_and_each_options_range() {
    let d = with_context_range(
        scenario::landing().unwrap(),
        ContextNumber::HourlyCost,
        60.0,
        200.0,
    );
    let analysis = analyse(&d).unwrap();
    let md = overhead_core::export::markdown(&d, &analysis, "https://example.org/#v4.x");
    let section = md
        .split("\n## ")
        .find(|s| s.starts_with("Ranges"))
        .expect("a Ranges section");
    expect![[r#"
        Ranges

        Low and high are the 5th and 95th percentiles, not bounds: one draw in twenty falls below low, and one in twenty above high. The value between them is the median.

        | Number | Low (5th) | Likely (median) | High (95th) |
        |---|---|---|---|
        | hourly cost (\$ an engineer-hour) | 60 | 75 | 200 |

        2,000 draws, seed 1: the same draws for every option, so that they compare draw by draw.

        | Option | Median net a month | 5th to 95th percentile | Gains in | Beats |
        |---|---|---|---|---|
        | Storage daemons under the init system | $0 | $0 to $0 | 0% | — |
        | Storage daemons on Kubernetes | -$1,841 | -$4,910 to -$1,470 | 0% | — |
    "#]].assert_eq(section);
    let mut off = d.clone();
    off.ranges.on = false;
    assert!(!overhead_core::export::markdown(&off, &analysis, "l").contains("## Ranges"));
}

/// Where the catalog's sources disagree, its figures carry ranges: with ranges on, the kinds in
/// use draw them (once for every component of the kind), unless a component sets its own value,
/// or the document turns the catalog's ranges off.
#[test]
fn the_catalogs_ranges_are_drawn_for_the_kinds_in_use() {
    let mut d = scenario::landing().unwrap();
    d.ranges.on = true;
    let analysis = analyse(&d).unwrap();
    let names: Vec<String> = uncertain(&d, &analysis)
        .unwrap()
        .iter()
        .map(|u| {
            let e = u.estimate;
            format!(
                "{}: {} / {} / {}",
                u.name(&d, &analysis.catalog),
                e.low,
                e.likely,
                e.high
            )
        })
        .collect();
    expect![[r#"
        hours per upgrade, every Kubernetes control plane (catalog): 29 / 48 / 72
        incidents a year, every Kubernetes control plane (catalog): 6 / 12 / 24
        hours for one engineer to learn it, every Kubernetes control plane (catalog): 20 / 60 / 100
        hours for one engineer to learn it, every Kubernetes node agent (catalog): 8 / 20 / 35"#]]
    .assert_eq(&names.join("\n"));
    let outcome = outcome(&d);
    assert!(outcome.spreads[1].p5 < outcome.spreads[1].p95);
    assert_eq!(
        outcome.spreads[0].p5, outcome.spreads[0].p95,
        "the baseline has none of them"
    );

    // The node agent's own learning hours are not drawn from the catalog.
    let agent = d.options[1]
        .make_mut()
        .components
        .iter_mut()
        .find(|c| c.kind == "k8s-node-agent")
        .unwrap();
    agent.overrides.insert(FigureName::LearningHours, 20.0);
    let analysis = analyse(&d).unwrap();
    assert_eq!(uncertain(&d, &analysis).unwrap().len(), 3);

    d.ranges.catalog = false;
    let analysis = analyse(&d).unwrap();
    assert!(Run::new(&d, &analysis, None, None).unwrap().is_none());
}
