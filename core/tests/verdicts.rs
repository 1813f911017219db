//! Verdicts and flip points: each kind of verdict from numbers worked out by hand, the five
//! built-in scenarios' as the page says them, and every flip point checked against its own
//! definition (one step short of it the verdict holds; at it, the verdict turns).

use expect_test::expect;
use overhead_core::analysis::{analyse, Versus};
use overhead_core::edit::{apply, Command, ContextNumber};
use overhead_core::model::Decision;
use overhead_core::sample::acyclic_option;
use overhead_core::scenario;
use overhead_core::verdict::{flip_points, Flip, NotSearched, Verdict, SEARCH_AT_MOST};

/// An option's comparison with only the numbers a verdict reads.
fn versus(net_month: f64, one_time_cost: f64) -> Versus {
    Versus {
        net_month,
        one_time_cost,
        net_horizon: net_month * 36.0 - one_time_cost,
        ..Versus::default()
    }
}

#[test]
fn a_verdict_says_when_an_option_pays_back_or_that_it_never_does() {
    let say = |net_month, one_time_cost| Verdict::of(&versus(net_month, one_time_cost), 36, false);
    // 21,000 / 343 = 61.2: the 62nd month repays it, after a 36-month horizon.
    assert_eq!(
        say(343.0, 21_000.0),
        Verdict::PaysBackTooLate {
            months: 62,
            horizon_months: 36,
            one_time_cost: 21_000.0
        }
    );
    // 1,200 / 621 = 1.9: repaid in the second month.
    assert_eq!(
        say(621.0, 1_200.0),
        Verdict::PaysBack {
            months: 2,
            net_month: 621.0
        }
    );
    // 36 × 500 = 18,000 exactly: the horizon only breaks even, so the gains pass the cost in
    // the 37th month (and the net over the horizon, 0, is not positive either).
    assert_eq!(
        say(500.0, 18_000.0),
        Verdict::PaysBackTooLate {
            months: 37,
            horizon_months: 36,
            one_time_cost: 18_000.0
        }
    );
    // 18,000 / 501 = 35.9: passed in the 36th month, within the horizon.
    assert_eq!(
        say(501.0, 18_000.0),
        Verdict::PaysBack {
            months: 36,
            net_month: 501.0
        }
    );
    assert_eq!(
        say(-2_281.0, 24_000.0),
        Verdict::CostsMoreEveryMonth {
            net_month: -2_281.0
        }
    );
    assert_eq!(
        say(0.0, 900.0),
        Verdict::NothingMonthly {
            one_time_cost: 900.0
        }
    );
    assert_eq!(
        Verdict::of(&versus(100.0, 0.0), 36, true),
        Verdict::Baseline
    );
    let sentences: Vec<String> = [
        say(343.0, 21_000.0),
        say(621.0, 1_200.0),
        say(250.0, 0.0),
        say(-2_281.0, 24_000.0),
        say(0.0, 900.0),
        say(0.0, 0.0),
        Verdict::Baseline,
    ]
    .iter()
    .map(Verdict::sentence)
    .collect();
    expect![[r#"
        Would pay back its $21,000 in 62 months, after the 36-month horizon: not worth it over the horizon.
        Pays back in 2 months, then gains $621 a month.
        Worth it from the first month: $250 a month more than it costs.
        Costs more every month: $2,281 a month more than it is worth here.
        Changes nothing a month, and costs $900 once.
        Changes nothing: no cost and no value, monthly or once.
        The baseline."#]]
    .assert_eq(&sentences.join("\n"));
}

fn scenarios() -> Vec<(String, Decision)> {
    scenario::list()
        .iter()
        .map(|s| {
            let decision = scenario::load(&s.id).expect("a built-in scenario loads");
            (s.id.clone(), decision)
        })
        .collect()
}

#[test]
fn each_scenario_states_its_verdicts_and_flip_points() {
    let mut said = String::new();
    for (id, decision) in scenarios() {
        let analysis = analyse(&decision).expect("a built-in scenario analyses");
        let flips = flip_points(&decision).expect("a built-in scenario is searched");
        for (index, option) in analysis.options.iter().enumerate() {
            let verdict = Verdict::of(
                &option.versus_baseline,
                decision.context.horizon_months,
                index == analysis.baseline,
            );
            if index != analysis.baseline {
                assert_eq!(
                    matches!(verdict, Verdict::PaysBack { .. }),
                    option.versus_baseline.net_horizon > 0.0,
                    "{id} / {}: the verdict and the flip point judge alike",
                    option.id
                );
            }
            said.push_str(&format!(
                "{id} / {}\n  {}\n  {}\n",
                option.id,
                verdict.sentence(),
                flips[index].sentence()
            ));
        }
    }
    expect![[r#"
        k8s-storage / init-system
          The baseline.
          Nothing to flip: the others are weighed against it.
        k8s-storage / kubernetes
          Costs more every month: $1,821 a month more than it is worth here.
          No single change flips it; on an elastic fleet with a stateless workload it would be worth it at 44 servers or more (today on a fixed fleet with a stateful workload, 12 servers).
        tracing / logs-on-servers
          The baseline.
          Nothing to flip: the others are weighed against it.
        tracing / sdk
          Costs more every month: $1,171 a month more than it is worth here.
          No plausible change of one assumption flips it: each was tried from a tenth to ten times today's value.
        tracing / from-logs
          Costs more every month: $1,130 a month more than it is worth here.
          No plausible change of one assumption flips it: each was tried from a tenth to ten times today's value.
        inventory / script
          The baseline.
          Nothing to flip: the others are weighed against it.
        inventory / netbox
          Would pay back its $18,600 in 98 months, after the 36-month horizon: not worth it over the horizon.
          Worth it only at 424 servers or more (today 300 servers).
        database / self-hosted
          The baseline.
          Nothing to flip: the others are weighed against it.
        database / managed
          Pays back in 8 months, then gains $486 a month.
          Stops being worth it below $31 an engineer-hour (today $75 an engineer-hour).
        microservices / monolith
          The baseline.
          Nothing to flip: the others are weighed against it.
        microservices / microservices
          Costs more every month: $2,021 a month more than it is worth here.
          Worth it only at 23 teams or more (today 3 teams).
    "#]].assert_eq(&said);
}

/// Each option's net value over the horizon with one assumption set to `value`.
fn nets_with(decision: &Decision, assumption: ContextNumber, value: f64) -> Vec<f64> {
    let mut changed = decision.clone();
    apply(&mut changed, Command::SetNumber(assumption, value)).expect("a value in range");
    analyse(&changed)
        .expect("analyses")
        .options
        .iter()
        .map(|o| o.versus_baseline.net_horizon)
        .collect()
}

#[test]
fn a_flip_point_is_where_the_verdict_turns() {
    let mut checked = 0;
    for (id, decision) in scenarios() {
        let today: Vec<f64> = analyse(&decision)
            .expect("analyses")
            .options
            .iter()
            .map(|o| o.versus_baseline.net_horizon)
            .collect();
        for (option, flip) in flip_points(&decision).expect("searched").iter().enumerate() {
            if let Flip::Toggled {
                turned,
                becomes_worth_it,
            } = flip
            {
                let mut changed = decision.clone();
                for (flag, to) in turned {
                    apply(&mut changed, Command::SetFlag(*flag, *to)).expect("a flag");
                }
                let net = analyse(&changed).expect("analyses").options[option]
                    .versus_baseline
                    .net_horizon;
                assert_eq!(net > 0.0, *becomes_worth_it, "{id} option {option}: turned");
                checked += 1;
                continue;
            }
            // A number's flip point, in today's context or with yes/no assumptions turned.
            let (base, assumption, now, at, becomes_worth_it) = match flip {
                Flip::At {
                    assumption,
                    now,
                    at,
                    becomes_worth_it,
                } => (decision.clone(), *assumption, *now, *at, *becomes_worth_it),
                Flip::ToggledAt {
                    turned,
                    assumption,
                    now,
                    at,
                    becomes_worth_it,
                } => {
                    let mut changed = decision.clone();
                    for (flag, to) in turned {
                        apply(&mut changed, Command::SetFlag(*flag, *to)).expect("a flag");
                    }
                    (changed, *assumption, *now, *at, *becomes_worth_it)
                }
                _ => continue,
            };
            assert_eq!(
                becomes_worth_it,
                today[option] <= 0.0,
                "{id}: it turns around"
            );
            let (_, _, whole) = assumption.range();
            // One step short of the flip point, towards today's value.
            let short = if whole {
                at - (at - now).signum()
            } else {
                at - (at - now) * 1e-3
            };
            let worth = |net: f64| net > 0.0;
            assert_eq!(
                worth(nets_with(&base, assumption, at)[option]),
                becomes_worth_it,
                "{id} option {option}: at {at} the verdict has turned"
            );
            assert_eq!(
                worth(nets_with(&base, assumption, short)[option]),
                !becomes_worth_it,
                "{id} option {option}: at {short} it has not"
            );
            checked += 1;
        }
    }
    assert!(
        checked >= 4,
        "the scenarios have flip points to check: {checked}"
    );
}

#[test]
fn a_model_too_big_to_search_says_so_and_a_broken_one_is_not_searched() {
    let mut decision = scenario::landing().expect("landing scenario");
    decision
        .options
        .push(acyclic_option(SEARCH_AT_MOST + 1, SEARCH_AT_MOST, 1).into());
    let components: usize = decision.options.iter().map(|o| o.components.len()).sum();
    assert_eq!(
        flip_points(&decision),
        Err(NotSearched::TooBig { components })
    );
    let mut broken = scenario::landing().expect("landing scenario");
    broken.baseline = "nowhere".into();
    assert_eq!(flip_points(&broken), Err(NotSearched::Invalid));
}

#[test]
fn the_decision_record_states_each_verdict_and_flip_point() {
    let decision = scenario::landing().expect("landing scenario");
    let analysis = analyse(&decision).expect("analyses");
    let record =
        overhead_core::export::markdown(&decision, &analysis, "https://example.test/#v1.x");
    let said: Vec<&str> = record
        .lines()
        .filter(|line| line.starts_with("**"))
        .collect();
    expect![[r#"
        **The baseline.** Nothing to flip: the others are weighed against it.
        **Costs more every month: \$1,821 a month more than it is worth here.** No single change flips it; on an elastic fleet with a stateless workload it would be worth it at 44 servers or more (today on a fixed fleet with a stateful workload, 12 servers)."#]].assert_eq(&said.join("\n"));
}
