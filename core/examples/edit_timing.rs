//! Times one structural edit (a component added) of a generated option, natively: the analysis,
//! the layout and the drawing, each on its own:
//! `cargo run --release -p overhead-core --example edit_timing -- [components] [edges]`.
use std::time::{Duration, Instant};

use overhead_core::analysis::{analyse, Analysis};
use overhead_core::edit::{apply, Command};
use overhead_core::render::{
    graph_drawing, graph_layout, graph_text_kept, GraphStyle, LayoutCache, NodeTexts,
};
use overhead_core::sample::generated_dense_option;
use overhead_core::scenario;

/// Draws option `index` with `cache`: the time it took and the SVG's size.
fn draw(analysis: &Analysis, index: usize, cache: &mut LayoutCache) -> (Duration, usize) {
    let started = Instant::now();
    let drawing = graph_drawing(analysis, index, &GraphStyle::Page { selected: None }, cache);
    (started.elapsed(), drawing.to_svg().len())
}

fn main() {
    let mut args = std::env::args().skip(1);
    let components: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(200);
    let edges: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(1000);
    let mut decision = scenario::landing().expect("the landing scenario is built in");
    let generated = generated_dense_option(components, edges, 42);
    let option = generated.id.clone();
    decision.options.push(generated.into());
    let index = decision.options.len() - 1;
    let mut cache = LayoutCache::default();
    let (took, bytes) = draw(&analyse(&decision).expect("valid"), index, &mut cache);
    println!("first drawing: {took:?} ({bytes} bytes of SVG)");

    let kind = "patroni".to_string();
    apply(&mut decision, Command::AddComponent { option, kind }).expect("adds");
    let started = Instant::now();
    let analysis = analyse(&decision).expect("valid");
    println!("analysis after the edit: {:?}", started.elapsed());
    let (took, bytes) = draw(&analysis, index, &mut cache);
    println!("drawing after the edit (layout and parts): {took:?} ({bytes} bytes of SVG)");
    let started = Instant::now();
    let simplified = graph_layout(&analysis, index).simplified;
    println!(
        "layout alone: {:?} (simplified: {simplified})",
        started.elapsed()
    );
    let (took, _) = draw(&analysis, index, &mut cache);
    println!("parts alone (the layout kept): {took:?}");
    let mut texts = NodeTexts::default();
    graph_text_kept(&analysis, index, &mut texts);
    let started = Instant::now();
    graph_text_kept(&analysis, index, &mut texts);
    println!(
        "node text, kept from the drawing before: {:?}",
        started.elapsed()
    );
}
