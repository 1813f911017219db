//! Times a break-even sweep of each built-in scenario by servers and by services (all options,
//! the crossings solved), and a flip point search, natively: `cargo run --release -p
//! overhead-core --example bench_sweep -- [runs]` prints the median and the range.

use std::time::Instant;

use overhead_core::edit::ContextNumber;
use overhead_core::scenario;
use overhead_core::sweep::{sweep, Param};
use overhead_core::verdict::flip_points;

fn main() {
    let runs: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(30);
    for entry in scenario::list() {
        let decision = scenario::load(&entry.id).expect("a built-in scenario");
        for number in [ContextNumber::Servers, ContextNumber::Services] {
            let param = Param::Context(number);
            let mut times: Vec<f64> = (0..runs)
                .map(|_| {
                    let start = Instant::now();
                    std::hint::black_box(sweep(&decision, &param).expect("sweeps"));
                    start.elapsed().as_secs_f64() * 1e3
                })
                .collect();
            times.sort_by(f64::total_cmp);
            println!(
                "sweep {} by {}: median {:.2} ms (min {:.2}, max {:.2}) over {runs} runs",
                entry.id,
                param.name(&decision),
                times[runs / 2],
                times[0],
                times[runs - 1]
            );
        }
        let mut times: Vec<f64> = (0..runs)
            .map(|_| {
                let start = Instant::now();
                std::hint::black_box(flip_points(&decision).expect("searches"));
                start.elapsed().as_secs_f64() * 1e3
            })
            .collect();
        times.sort_by(f64::total_cmp);
        println!(
            "flip points of {}: median {:.2} ms (min {:.2}, max {:.2})",
            entry.id,
            times[runs / 2],
            times[0],
            times[runs - 1]
        );
    }
}
