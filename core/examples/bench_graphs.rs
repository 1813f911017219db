//! The native half of `scripts/bench`: for generated acyclic models of each size asked, the
//! time of a full analysis and of a layout (the median of a few runs), and the graph as the page
//! draws it (node sizes fitted to their text, node boxes, our routed polylines), as JSON for
//! `e2e/bench.mjs`, which lays the same graphs out with dagre and counts crossings the same way
//! for both. A size beyond the limits (`error::limits`) is reported as refused.
//!
//! `cargo run --release -p overhead-core --example bench_graphs -- RUNS COMPONENTS:EDGES...`

use std::time::Instant;

use overhead_core::analysis::analyse;
use overhead_core::error::limits;
use overhead_core::model::Decision;
use overhead_core::render::{graph_edges, graph_layout};
use overhead_core::sample::acyclic_option;
use overhead_core::scenario;
use serde_json::json;

fn median(mut times: Vec<f64>) -> f64 {
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

fn timed<T>(runs: usize, mut work: impl FnMut() -> T) -> (f64, T) {
    let mut last = None;
    let times = (0..runs.max(1))
        .map(|_| {
            // The previous run's result is freed before the clock starts: freeing is not the
            // work being timed.
            drop(last.take());
            let start = Instant::now();
            let result = work();
            let elapsed = start.elapsed().as_secs_f64() * 1e3;
            last = Some(result);
            elapsed
        })
        .collect();
    (median(times), last.expect("ran at least once"))
}

fn main() {
    let mut args = std::env::args().skip(1);
    let runs: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(5);
    let sizes: Vec<(usize, usize)> = args
        .filter_map(|a| {
            let (c, e) = a.split_once(':')?;
            Some((c.parse().ok()?, e.parse().ok()?))
        })
        .collect();
    let mut graphs = Vec::new();
    for (components, edges) in sizes {
        if components > limits::MAX_COMPONENTS_PER_OPTION || edges > limits::MAX_EDGES_PER_OPTION {
            graphs.push(json!({
                "components": components,
                "edges": edges,
                "refused": format!(
                    "beyond the limits ({} components and {} edges an option)",
                    limits::MAX_COMPONENTS_PER_OPTION,
                    limits::MAX_EDGES_PER_OPTION
                ),
            }));
            continue;
        }
        let mut decision: Decision = scenario::landing().expect("the landing scenario");
        decision
            .options
            .push(acyclic_option(components, edges, 42).into());
        let (analysis_ms, analysis) = timed(runs, || {
            analyse(&decision).expect("a generated model is valid")
        });
        let index = analysis.options.len() - 1;
        let (layout_ms, drawing) = timed(runs, || graph_layout(&analysis, index));
        let nodes: Vec<_> = drawing
            .nodes
            .iter()
            .map(|n| json!({ "x": n.x, "y": n.y, "width": n.width, "height": n.height }))
            .collect();
        let pairs: Vec<_> = graph_edges(&analysis, index)
            .into_iter()
            .map(|(from, to)| json!([from, to]))
            .collect();
        graphs.push(json!({
            "components": components,
            "edges": pairs.len(),
            "analysis_ms": analysis_ms,
            "layout_ms": layout_ms,
            "simplified": drawing.simplified,
            "nodes": nodes,
            "pairs": pairs,
            "polylines": drawing.edges,
        }));
    }
    println!(
        "{}",
        serde_json::to_string(&graphs).expect("JSON of plain values")
    );
}
