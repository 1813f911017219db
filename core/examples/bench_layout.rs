//! Times the graph drawing (layout, and layout plus `render::graph_svg`) of generated acyclic
//! models up to the limits (`error::limits`: 10,000 components and 40,000 edges per option),
//! natively. `cargo run --release -p overhead-core --example bench_layout -- [runs]` prints the
//! median and the range per size, and whether the drawing was simplified.
//!
//! The models are `sample::acyclic_option`s: every edge runs from a higher index to a lower one,
//! so the graph is acyclic whatever the seed, and the kinds require nothing, so the closure adds
//! no edges.

use std::time::Instant;

use overhead_core::analysis::analyse;
use overhead_core::layout::layout;
use overhead_core::model::Decision;
use overhead_core::render::{graph_edges, graph_svg, GraphStyle};
use overhead_core::sample::acyclic_option;
use overhead_core::scenario;

fn median_and_range(mut times: Vec<f64>) -> String {
    times.sort_by(f64::total_cmp);
    format!(
        "median {:7.2} ms (min {:.2}, max {:.2})",
        times[times.len() / 2],
        times[0],
        times[times.len() - 1]
    )
}

fn main() {
    let runs: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(15);
    for (components, edges) in [(100, 300), (300, 1_000), (1_000, 5_000), (2_000, 10_000)] {
        let mut decision: Decision = scenario::landing().expect("landing scenario");
        decision
            .options
            .push(acyclic_option(components, edges, 42).into());
        let analysis = analyse(&decision).expect("the generated model is valid");
        let index = analysis.options.len() - 1;
        let pairs = graph_edges(&analysis, index);
        let mut layout_ms = Vec::with_capacity(runs);
        let mut svg_ms = Vec::with_capacity(runs);
        let mut simplified = false;
        let mut svg_bytes = 0;
        for _ in 0..runs {
            let start = Instant::now();
            let drawing = layout(components, &pairs);
            layout_ms.push(start.elapsed().as_secs_f64() * 1e3);
            simplified = drawing.simplified;
            std::hint::black_box(drawing);
            let start = Instant::now();
            let svg = graph_svg(&analysis, index, &GraphStyle::Page { selected: None });
            svg_ms.push(start.elapsed().as_secs_f64() * 1e3);
            svg_bytes = svg.len();
            std::hint::black_box(svg);
        }
        println!(
            "{components:>5} components, {:>6} edges{}:",
            pairs.len(),
            if simplified { " (simplified)" } else { "" }
        );
        println!("  layout alone         {}", median_and_range(layout_ms));
        println!(
            "  layout + graph_svg   {}  ({} KiB of SVG)",
            median_and_range(svg_ms),
            svg_bytes / 1024
        );
    }
}
