//! Times the document as TOML text on a generated model, natively: writing it (`to_toml`),
//! reading it without the model check (`text::parse`) and with it (`from_toml`, which runs
//! `analyse`). `cargo run --release -p overhead-core --example bench_text -- [components]
//! [runs]` prints the median and the range.

use std::time::Instant;

use overhead_core::analysis::analyse;
use overhead_core::sample::generated_option;
use overhead_core::scenario;
use overhead_core::text::{self, from_toml, to_toml};

fn main() {
    let mut args = std::env::args().skip(1);
    let size: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(1000);
    let runs: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(30);

    let mut decision = scenario::landing().expect("landing scenario");
    decision.options.push(generated_option(size, 42).into());
    let toml = to_toml(&decision);

    let mut times: [(&str, Vec<f64>); 4] = [
        ("to_toml", Vec::new()),
        ("text::parse (syntax and schema)", Vec::new()),
        ("from_toml (parse and analyse)", Vec::new()),
        ("analyse alone, for comparison", Vec::new()),
    ];
    for _ in 0..runs {
        let start = Instant::now();
        std::hint::black_box(to_toml(&decision));
        times[0].1.push(start.elapsed().as_secs_f64() * 1e3);
        let start = Instant::now();
        std::hint::black_box(text::parse(&toml).expect("the text reads back"));
        times[1].1.push(start.elapsed().as_secs_f64() * 1e3);
        let start = Instant::now();
        std::hint::black_box(from_toml(&toml).expect("the generated model is valid"));
        times[2].1.push(start.elapsed().as_secs_f64() * 1e3);
        let start = Instant::now();
        std::hint::black_box(analyse(&decision).expect("the generated model is valid"));
        times[3].1.push(start.elapsed().as_secs_f64() * 1e3);
    }
    println!(
        "model: {size} generated components plus the landing scenario's 2 options; text {} KiB, {} lines",
        toml.len().div_ceil(1024),
        toml.lines().count()
    );
    for (name, mut ms) in times {
        ms.sort_by(f64::total_cmp);
        println!(
            "{name}: median {:.2} ms (min {:.2}, max {:.2}) over {runs} runs",
            ms[ms.len() / 2],
            ms[0],
            ms[ms.len() - 1]
        );
    }
}
