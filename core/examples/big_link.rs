//! Prints the decision link of the landing scenario with a generated option of many components
//! and edges, for measuring the page on models at the scale that once froze it:
//! `cargo run --release -p overhead-core --example big_link -- [components] [edges]`.

use overhead_core::link;
use overhead_core::sample::generated_dense_option;
use overhead_core::scenario;

fn main() {
    let mut args = std::env::args().skip(1);
    let components: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(1000);
    let edges: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(5000);
    let mut decision = scenario::landing().expect("the landing scenario is built in");
    decision
        .options
        .push(generated_dense_option(components, edges, 42).into());
    println!("{}", link::encode(&decision));
}
