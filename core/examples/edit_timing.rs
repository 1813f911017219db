//! Times one structural edit (a component added) of a generated option, natively: the analysis,
//! the layout and the drawing, each on its own:
//! `cargo run --release -p overhead-core --example edit_timing -- [components] [edges]`.
use std::time::Instant;

use overhead_core::analysis::analyse;
use overhead_core::edit::{apply, Command};
use overhead_core::render::{graph_svg_cached, GraphStyle, LayoutCache};
use overhead_core::sample::generated_dense_option;
use overhead_core::scenario;

fn main() {
    let mut args = std::env::args().skip(1);
    let components: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(200);
    let edges: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(1000);
    let mut decision = scenario::landing().expect("landing");
    decision
        .options
        .push(generated_dense_option(components, edges, 42));
    let index = decision.options.len() - 1;
    let option = decision.options[index].id.clone();
    let analysis = analyse(&decision).expect("valid");
    let mut cache = LayoutCache::default();
    let t = Instant::now();
    let svg = graph_svg_cached(
        &analysis,
        index,
        &GraphStyle::Page { selected: None },
        &mut cache,
    );
    println!("first drawing: {:?} ({} bytes)", t.elapsed(), svg.len());
    apply(
        &mut decision,
        Command::AddComponent {
            option,
            kind: "patroni".into(),
        },
    )
    .expect("adds");
    let t = Instant::now();
    let analysis = analyse(&decision).expect("valid");
    println!("analysis after the edit: {:?}", t.elapsed());
    let t = Instant::now();
    let svg = graph_svg_cached(
        &analysis,
        index,
        &GraphStyle::Page { selected: None },
        &mut cache,
    );
    println!(
        "drawing after the edit (layout + markup): {:?} ({} bytes)",
        t.elapsed(),
        svg.len()
    );
    let t = Instant::now();
    let layout = overhead_core::render::graph_layout(&analysis, index);
    println!(
        "layout alone: {:?} (simplified: {})",
        t.elapsed(),
        layout.simplified
    );
    let t = Instant::now();
    let svg = graph_svg_cached(
        &analysis,
        index,
        &GraphStyle::Page { selected: None },
        &mut cache,
    );
    println!(
        "markup alone (cached layout): {:?} ({} bytes)",
        t.elapsed(),
        svg.len()
    );
}
