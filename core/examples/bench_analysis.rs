//! Times one full analysis (resolve, closure, costs, capability values, failure view) and one
//! layout of a generated model, natively. `cargo run --release -p overhead-core --example
//! bench_analysis -- [components] [runs]` prints the median and the range.

use std::time::Instant;

use overhead_core::analysis::analyse;
use overhead_core::catalog;
use overhead_core::layout::layout;
use overhead_core::model::{Alternative, ComponentUse, Count, Edge, Relation};
use overhead_core::scenario;

/// A deterministic pseudo-random sequence, so every run measures the same model.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, bound: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % bound.max(1)
    }
}

/// An option of `size` components of catalog kinds, each depending on one to three earlier
/// ones, counted per server, per service or fixed. It starts with one component of every
/// operated kind, so that what the later ones require is found earlier in the list (and the
/// edges the closure implies keep the graph acyclic).
fn generated_option(size: usize) -> Alternative {
    let catalog = catalog::get(catalog::latest_version()).expect("latest catalog");
    let operated: Vec<&str> = catalog
        .kinds
        .iter()
        .filter(|k| k.managed)
        .map(|k| &*k.id)
        .collect();
    let mut random = Lcg(42);
    let components = (0..size)
        .map(|i| ComponentUse {
            id: format!("c{i}"),
            kind: operated
                .get(i)
                .copied()
                .unwrap_or_else(|| operated[random.next(operated.len())])
                .to_string(),
            label: None,
            count: match random.next(3) {
                0 => Count::Default,
                1 => Count::Fixed(1 + random.next(5) as u32),
                _ => Count::Fixed(3),
            },
            provider: None,
            overrides: Default::default(),
        })
        .collect();
    let mut edges = Vec::new();
    for i in operated.len().min(size)..size {
        for _ in 0..1 + random.next(3) {
            let j = random.next(i);
            edges.push(Edge {
                from: format!("c{i}"),
                to: format!("c{j}"),
                relation: Relation::ALL[random.next(3)],
            });
        }
    }
    Alternative {
        id: "generated".into(),
        name: format!("{size} generated components"),
        summary: String::new(),
        components,
        edges,
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let size: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(1000);
    let runs: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(30);

    let mut decision = scenario::landing().expect("landing scenario");
    decision.options.push(generated_option(size));

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
