//! Generated models of any size, the same every time: for benchmarks, size contracts and tests.

use crate::catalog;
use crate::model::{
    Alternative, ComponentUse, Count, Edge, FigureName, PerWhat, Provider, Relation, Shared,
};

/// A small deterministic pseudo-random sequence (a linear congruential generator).
pub struct Sequence(u64);

impl Sequence {
    pub fn new(seed: u64) -> Sequence {
        Sequence(seed)
    }

    /// A number below `bound` (0 when `bound` is 0).
    pub fn below(&mut self, bound: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % bound.max(1)
    }
}

/// An option of `size` components of the latest catalog's operated kinds, each after the first
/// few depending on one to three earlier ones. Some components have a label, a provider, a count
/// or overrides, so that every part of the document format is exercised.
///
/// The graph is acyclic, for every size and seed, because every edge leads to an earlier
/// component or to one the closure pulls in:
/// - the option starts with one team-run component of each operated kind it uses (never a
///   provider's), and the closure satisfies a requirement with the first team-run component of
///   the kind, so the edges it implies lead into that first part, or to components it appends
///   for kinds the option does not list; among those, implied edges follow the catalog's
///   requirements, which have no cycle;
/// - the generated edges start only after that first part and lead to an earlier component.
///
/// A path can therefore only go down the list and then follow requirements, never come back.
/// (A provider-run component in the first part once let the closure pick a later component of
/// the kind, whose generated edge could lead back: a cycle in the 100-component golden link.)
/// The generated models use this many of the catalog's operated kinds, the first ones in its
/// order (catalog v1 had 29; v2 has 88, which would leave a 100-component model almost no
/// room for random components).
pub const KINDS_USED: usize = 30;

/// The operated kinds a generated model uses: the first [`KINDS_USED`] of the catalog.
fn operated_kinds(catalog: &catalog::Catalog) -> Vec<&str> {
    catalog
        .kinds
        .iter()
        .filter(|k| k.managed)
        .map(|k| &*k.id)
        .take(KINDS_USED)
        .collect()
}

pub fn generated_option(size: usize, seed: u64) -> Alternative {
    let Some(catalog) = catalog::get(catalog::latest_version()) else {
        return Alternative {
            id: "generated".into(),
            name: "generated".into(),
            summary: String::new(),
            components: Vec::new(),
            edges: Shared::default(),
        };
    };
    let operated = operated_kinds(catalog);
    let mut random = Sequence::new(seed);
    let components: Vec<ComponentUse> = (0..size)
        .map(|i| {
            let kind = operated
                .get(i)
                .copied()
                .unwrap_or_else(|| operated[random.below(operated.len())]);
            let count = match random.below(6) {
                0 => Count::Fixed(1 + random.below(5) as u32),
                1 => Count::Per(PerWhat::PerServer),
                2 => Count::Per(PerWhat::PerService),
                _ => Count::Default,
            };
            let mut overrides = std::collections::BTreeMap::new();
            if random.below(8) == 0 {
                overrides.insert(FigureName::RoutineHoursMonth, random.below(40) as f64 / 4.0);
            }
            ComponentUse {
                id: format!("{kind}-{i}"),
                kind: kind.to_string(),
                label: (random.below(10) == 0).then(|| format!("{kind} for team {}", i % 7)),
                count,
                // Not in the first part: the closure must find each kind team-run there.
                provider: (random.below(25) == 0 && i >= operated.len()).then(|| Provider {
                    name: "A cloud provider".into(),
                    price_month: 50.0 + random.below(500) as f64,
                }),
                overrides,
                ranges: Default::default(),
            }
        })
        .collect();
    let mut edges = Vec::new();
    for i in operated.len().min(size)..size {
        for _ in 0..1 + random.below(3) {
            let j = random.below(i);
            edges.push(Edge {
                from: components[i].id.clone(),
                to: components[j].id.clone(),
                relation: Relation::ALL[random.below(3)],
            });
        }
    }
    Alternative {
        id: "generated".into(),
        name: format!("{size} generated components"),
        summary: "A generated model.".into(),
        components,
        edges: edges.into(),
    }
}

/// Like [`generated_option`], with generated edges added until the option has `edges` edges
/// (or no pair is left): the dense models that once froze the page. Added edges follow the same
/// rule (from a component after the first part to an earlier one), so the graph stays acyclic.
pub fn generated_dense_option(size: usize, edges: usize, seed: u64) -> Alternative {
    let mut option = generated_option(size, seed);
    let first_part = catalog::get(catalog::latest_version())
        .map_or(0, |c| operated_kinds(c).len())
        .min(size);
    if size <= first_part + 1 {
        return option;
    }
    let mut joined: std::collections::HashSet<(usize, usize)> = std::collections::HashSet::new();
    let index: std::collections::HashMap<&str, usize> = option
        .components
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.as_str(), i))
        .collect();
    for edge in &option.edges {
        if let (Some(&from), Some(&to)) =
            (index.get(edge.from.as_str()), index.get(edge.to.as_str()))
        {
            joined.insert((from, to));
        }
    }
    let mut random = Sequence::new(seed ^ 0x5eed);
    let mut added = Vec::new();
    // Bounded: a few tries per wanted edge, so a small model cannot loop forever.
    let mut tries = edges.saturating_mul(4);
    while option.edges.len() + added.len() < edges && tries > 0 {
        tries -= 1;
        let from = first_part + random.below(size - first_part);
        let to = random.below(from);
        if joined.insert((from, to)) {
            added.push(Edge {
                from: option.components[from].id.clone(),
                to: option.components[to].id.clone(),
                relation: Relation::ALL[random.below(3)],
            });
        }
    }
    option.edges.make_mut().extend(added);
    option.name = format!("{size} generated components, {} edges", option.edges.len());
    option
}

/// Kinds of the first catalog that require nothing.
const SELF_SUFFICIENT_KINDS: [&str; 2] = ["server", "ansible"];

/// An option of `components` components joined by `edges` random "depends on" edges, each from a
/// higher index to a lower one: acyclic whatever the seed, and its kinds require nothing, so the
/// closure adds no edge (the graph drawn is the graph generated). For layout benchmarks and
/// drawing tests.
pub fn acyclic_option(components: usize, edges: usize, seed: u64) -> Alternative {
    let mut random = Sequence::new(seed);
    let uses: Vec<ComponentUse> = (0..components)
        .map(|i| ComponentUse {
            label: Some(format!("Generated component number {i}")),
            ..ComponentUse::new(
                format!("c{i}"),
                SELF_SUFFICIENT_KINDS[i % SELF_SUFFICIENT_KINDS.len()].to_string(),
            )
        })
        .collect();
    // Bounded: no more pairs than there are.
    let edges = edges.min(components.saturating_mul(components.saturating_sub(1)) / 2);
    let mut pairs = std::collections::BTreeSet::new();
    while pairs.len() < edges {
        let from = 1 + random.below(components - 1);
        pairs.insert((from, random.below(from)));
    }
    Alternative {
        id: "generated".into(),
        name: format!("{components} generated components"),
        summary: String::new(),
        components: uses,
        edges: pairs
            .into_iter()
            .map(|(from, to)| Edge {
                from: format!("c{from}"),
                to: format!("c{to}"),
                relation: Relation::DependsOn,
            })
            .collect::<Vec<_>>()
            .into(),
    }
}
