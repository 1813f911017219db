//! Generated models (`sample::generated_option`): what benchmarks, size contracts and golden
//! links rely on. The generator promises an acyclic graph; a cyclic one would make every
//! benchmark and size contract measure an error message instead of an analysis.

use overhead_core::catalog;
use overhead_core::graph::resolve;
use overhead_core::sample::generated_option;

const SIZES: [usize; 9] = [0, 1, 2, 10, 29, 30, 100, 300, 1000];
const SEEDS: [u64; 8] = [0, 1, 2, 3, 7, 42, 1234, u64::MAX];

#[test]
fn generated_options_resolve_without_a_cycle_for_every_size_and_seed() {
    let catalog = catalog::get(catalog::latest_version()).unwrap();
    let mut failures = Vec::new();
    for size in SIZES {
        for seed in SEEDS {
            let option = generated_option(size, seed);
            assert_eq!(option.components.len(), size, "size {size}, seed {seed}");
            if let Err(error) = resolve(&option, catalog) {
                failures.push(format!("size {size}, seed {seed}: {error}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The generator is the same every time: golden links and benchmarks name a size and a seed.
#[test]
fn the_same_size_and_seed_give_the_same_option() {
    assert_eq!(generated_option(100, 7), generated_option(100, 7));
    assert_ne!(generated_option(100, 7), generated_option(100, 8));
}

/// What the generator says it exercises is there at the sizes the tests use.
#[test]
fn a_hundred_components_use_labels_providers_counts_overrides_and_every_relation() {
    use overhead_core::model::{Count, Relation};
    let option = generated_option(100, 7);
    let components = &option.components;
    assert!(components.iter().any(|c| c.label.is_some()), "a label");
    assert!(
        components.iter().any(|c| c.provider.is_some()),
        "a provider"
    );
    assert!(
        components.iter().any(|c| !c.overrides.is_empty()),
        "an override"
    );
    for count in ["fixed", "per", "default"] {
        let found = components.iter().any(|c| match c.count {
            Count::Fixed(_) => count == "fixed",
            Count::Per(_) => count == "per",
            Count::Default => count == "default",
        });
        assert!(found, "a {count} count");
    }
    for relation in Relation::ALL {
        assert!(
            option.edges.iter().any(|e| e.relation == relation),
            "an edge that {relation:?}"
        );
    }
}

#[test]
fn dense_generated_options_have_their_edges_and_no_cycle() {
    for (size, edges) in [(60, 200), (1000, 5000), (1900, 9500)] {
        let option = overhead_core::sample::generated_dense_option(size, edges, 42);
        assert_eq!(option.components.len(), size);
        assert_eq!(option.edges.len(), edges, "{size} components");
        let mut decision = overhead_core::scenario::landing().unwrap();
        decision.options.push(option.into());
        overhead_core::analysis::analyse(&decision)
            .unwrap_or_else(|e| panic!("{size} components, {edges} edges: {e}"));
    }
}
