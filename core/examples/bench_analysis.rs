//! Times one full analysis (resolve, closure, costs, capability values, failure view) and one
//! layout of a generated model, natively. `cargo run --release -p overhead-core --example
//! bench_analysis -- [components] [runs]` prints the median and the range.

use std::time::Instant;

use overhead_core::analysis::analyse;
use overhead_core::layout::layout;
use overhead_core::sample::generated_option;
use overhead_core::scenario;

fn main() {
    let mut args = std::env::args().skip(1).filter(|a| !a.starts_with("--"));
    let size: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(1000);
    let runs: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(30);

    let mut decision = scenario::landing().expect("landing scenario");
    decision.options.push(generated_option(size, 42).into());
    // `--json PATH` also writes the model as an Overhead JSON file (for the browser measurement).
    if let Some(path) = std::env::args().skip_while(|a| a != "--json").nth(1) {
        std::fs::write(&path, overhead_core::export::to_json(&decision)).expect("write the JSON");
    }

    let mut analysis_ms = Vec::with_capacity(runs);
    let mut layout_ms = Vec::with_capacity(runs);
    let mut resolved = 0;
    for _ in 0..runs {
        let start = Instant::now();
        let analysis = analyse(&decision).expect("the generated model is valid");
        analysis_ms.push(start.elapsed().as_secs_f64() * 1e3);
        let option = analysis.options.last().expect("generated option");
        resolved = option.graph.components.len();
        let pairs: Vec<(usize, usize)> =
            option.graph.edges.iter().map(|e| (e.from, e.to)).collect();
        let start = Instant::now();
        let drawing = layout(option.graph.components.len(), &pairs);
        layout_ms.push(start.elapsed().as_secs_f64() * 1e3);
        std::hint::black_box(drawing);
    }
    let report = |name: &str, mut times: Vec<f64>| {
        times.sort_by(f64::total_cmp);
        println!(
            "{name}: median {:.2} ms (min {:.2}, max {:.2}) over {runs} runs",
            times[times.len() / 2],
            times[0],
            times[times.len() - 1]
        );
    };
    println!(
        "model: {size} declared components ({resolved} after the closure), {} edges, plus the landing scenario's 2 options",
        decision.options.last().map_or(0, |o| o.edges.len())
    );
    report("full analysis (all 3 options)", analysis_ms);
    report("layout of the generated option", layout_ms);
}
