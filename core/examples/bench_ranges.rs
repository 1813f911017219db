//! Times ranges natively: 2,000 draws on the landing scenario, the break-even bands of its
//! servers sweep, and 10,000 draws on a model of 200 components: `cargo run --release -p
//! overhead-core --example bench_ranges -- [runs]` prints the median and the range.

use std::time::Instant;

use overhead_core::analysis::analyse;
use overhead_core::edit::ContextNumber;
use overhead_core::evaluate::Held;
use overhead_core::model::{Bounds, Decision};
use overhead_core::ranges::{Run, Target};
use overhead_core::sample::generated_option;
use overhead_core::scenario;
use overhead_core::sweep::{sweep, Param};

fn time(runs: usize, what: &str, mut work: impl FnMut()) {
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            work();
            start.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    times.sort_by(f64::total_cmp);
    println!(
        "{what}: median {:.2} ms (min {:.2}, max {:.2}) over {runs} runs",
        times[runs / 2],
        times[0],
        times[runs - 1]
    );
}

fn ranged(mut d: Decision, samples: u32) -> Decision {
    d.ranges.on = true;
    d.ranges.samples = samples;
    let hourly = d.context.team.hourly_cost;
    let servers = f64::from(d.context.fleet.servers);
    d.ranges.context.insert(
        ContextNumber::HourlyCost,
        Bounds {
            low: hourly * 0.6,
            high: hourly * 2.0,
        },
    );
    d.ranges.context.insert(
        ContextNumber::Servers,
        Bounds {
            low: servers / 2.0,
            high: servers * 2.0,
        },
    );
    d
}

fn main() {
    let runs: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(30);
    let landing = ranged(scenario::landing().expect("the landing scenario"), 2_000);
    let analysis = analyse(&landing).expect("analyses");
    time(runs, "2,000 draws, landing", || {
        let run = Run::new(&landing, &analysis, None, None).unwrap().unwrap();
        std::hint::black_box(run.finish());
    });
    // The figure: 50 values of an assumption, every option, resolved once.
    let plain = scenario::landing().expect("the landing scenario");
    let plain_analysis = analyse(&plain).expect("analyses");
    time(
        runs,
        "50 values of servers x all options, landing, resolved once",
        || {
            let mut held = Held::new(
                &plain,
                &plain_analysis,
                &Target::Context(ContextNumber::Servers),
            )
            .expect("servers are in the document");
            for i in 0..50 {
                std::hint::black_box(held.nets_at(1.0 + f64::from(i) * 4.0));
            }
        },
    );
    let param = Param::Context(ContextNumber::Services);
    let swept = sweep(&landing, &param).expect("sweeps");
    time(
        runs,
        "bands of a services sweep (41 points x 400 draws), landing",
        || {
            for &x in &swept.xs {
                let run = Run::new(&landing, &analysis, Some(400), Some((&param, x)))
                    .unwrap()
                    .unwrap();
                std::hint::black_box(run.finish());
            }
        },
    );
    let mut big = scenario::landing().expect("the landing scenario");
    let mut generated = generated_option(200, 7);
    generated.id = "generated".into();
    big.options[1] = generated.into();
    let big = ranged(big, 10_000);
    let analysis = analyse(&big).expect("a generated model analyses");
    let components: usize = analysis.options.iter().map(|o| o.components.len()).sum();
    time(
        runs.min(10),
        &format!("10,000 draws, {components} resolved components"),
        || {
            let run = Run::new(&big, &analysis, None, None).unwrap().unwrap();
            std::hint::black_box(run.finish());
        },
    );
}
