//! Prints every built-in scenario option's graph as `graph_svg` lays it out, as JSON: the nodes
//! with their sizes, the edges (indexes into the nodes), our drawn polylines and their
//! crossings. `e2e/dagre-crossings.mjs` lays out the same graphs with dagre and compares.
//!
//! `cargo run -p overhead-core --example scenario_graphs > graphs.json`

use overhead_core::analysis::analyse;
use overhead_core::layout::count_polyline_crossings;
use overhead_core::render::{graph_edges, graph_layout};
use overhead_core::scenario;
use serde_json::json;

fn main() {
    let mut graphs = Vec::new();
    for entry in scenario::list() {
        let decision = scenario::load(&entry.id).expect("a listed scenario loads");
        let analysis = analyse(&decision).expect("a built-in scenario is valid");
        for (index, option) in analysis.options.iter().enumerate() {
            let drawing = graph_layout(&analysis, index);
            let nodes: Vec<_> = option
                .graph
                .components
                .iter()
                .zip(&drawing.nodes)
                .map(|(component, node)| {
                    json!({ "id": component.id, "width": node.width, "height": node.height })
                })
                .collect();
            let edges: Vec<_> = graph_edges(&analysis, index)
                .into_iter()
                .map(|(from, to)| json!([from, to]))
                .collect();
            graphs.push(json!({
                "scenario": entry.id,
                "option": option.id,
                "nodes": nodes,
                "edges": edges,
                "polylines": drawing.edges,
                "crossings": count_polyline_crossings(&drawing.edges),
                "layout_crossings": drawing.crossings,
                "simplified": drawing.simplified,
            }));
        }
    }
    println!(
        "{}",
        serde_json::to_string_pretty(&graphs).expect("JSON of plain values")
    );
}
