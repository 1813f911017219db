//! A layered drawing of a component graph: what runs on what, foundations at the bottom.
//!
//! The classic layered method, kept small: layers by dependency depth (a component sits one
//! layer above the highest thing it needs), long edges broken by invisible waypoints, order
//! within layers by repeated barycenter sweeps keeping the order with fewest crossings, then x
//! positions pulled toward neighbours and pushed apart to a minimum gap.
//!
//! Invariants: nodes never overlap (same layer: at least `GAP` apart; different layers: different
//! rows); every edge runs from the bottom of its source to the top of its target.

use std::collections::VecDeque;

pub const NODE_WIDTH: f64 = 168.0;
pub const NODE_HEIGHT: f64 = 46.0;
/// Horizontal space between neighbouring nodes of a layer.
pub const GAP: f64 = 28.0;
/// Vertical space between layers.
pub const LAYER_GAP: f64 = 56.0;
pub const MARGIN: f64 = 12.0;
/// Width reserved for a waypoint of a long edge.
const WAYPOINT_WIDTH: f64 = 12.0;
const SWEEPS: usize = 12;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct NodeBox {
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    pub width: f64,
    pub height: f64,
    /// 0 is the bottom layer (things that need nothing).
    pub layer: usize,
}

impl NodeBox {
    pub fn overlaps(&self, other: &NodeBox) -> bool {
        self.x < other.x + other.width
            && other.x < self.x + self.width
            && self.y < other.y + other.height
            && other.y < self.y + self.height
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    pub nodes: Vec<NodeBox>,
    /// One polyline per input edge, in input order: source bottom, waypoints, target top.
    pub edges: Vec<Vec<(f64, f64)>>,
    pub width: f64,
    pub height: f64,
    /// Edge crossings between adjacent layers in the chosen order.
    pub crossings: usize,
}

/// A vertex of the layered graph: a real node or a waypoint of a long edge.
#[derive(Clone, Copy, Debug)]
struct Vertex {
    layer: usize,
    width: f64,
    real: bool,
}

/// Lays out `node_count` nodes joined by `edges` (source depends on target; the target is drawn
/// below). Edges that would point upward or close a cycle are drawn but do not shape the layers.
pub fn layout(node_count: usize, edges: &[(usize, usize)]) -> Layout {
    let edges: Vec<(usize, usize)> = edges
        .iter()
        .copied()
        .filter(|&(a, b)| a < node_count && b < node_count)
        .collect();
    let layers = assign_layers(node_count, &edges);

    let mut vertices: Vec<Vertex> = layers
        .iter()
        .map(|&layer| Vertex {
            layer,
            width: NODE_WIDTH,
            real: true,
        })
        .collect();
    // Segments join vertices on adjacent layers: upper → lower.
    let mut segments: Vec<(usize, usize)> = Vec::new();
    // For each input edge, the chain of vertices it passes through, top to bottom.
    let mut chains: Vec<Vec<usize>> = Vec::with_capacity(edges.len());
    for &(from, to) in &edges {
        let (upper, lower) = if layers[from] >= layers[to] {
            (from, to)
        } else {
            (to, from)
        };
        let mut chain = vec![upper];
        let mut previous = upper;
        if layers[upper] > layers[lower] {
            for layer in (layers[lower] + 1..layers[upper]).rev() {
                vertices.push(Vertex {
                    layer,
                    width: WAYPOINT_WIDTH,
                    real: false,
                });
                let waypoint = vertices.len() - 1;
                segments.push((previous, waypoint));
                chain.push(waypoint);
                previous = waypoint;
            }
            segments.push((previous, lower));
        }
        chain.push(lower);
        if layers[from] < layers[to] {
            chain.reverse();
        }
        chains.push(chain);
    }

    let layer_count = vertices.iter().map(|v| v.layer + 1).max().unwrap_or(0);
    let mut rows: Vec<Vec<usize>> = vec![Vec::new(); layer_count];
    for (index, vertex) in vertices.iter().enumerate() {
        rows[vertex.layer].push(index);
    }
    let mut up: Vec<Vec<usize>> = vec![Vec::new(); vertices.len()];
    let mut down: Vec<Vec<usize>> = vec![Vec::new(); vertices.len()];
    for &(upper, lower) in &segments {
        down[upper].push(lower);
        up[lower].push(upper);
    }

    let (rows, crossings) = order_rows(rows, &up, &down, vertices.len());
    let xs = place_x(&rows, &vertices, &up, &down);

    let width = rows
        .iter()
        .flat_map(|row| row.iter().map(|&v| xs[v] + vertices[v].width))
        .fold(0.0_f64, f64::max)
        + MARGIN;
    let y_of = |layer: usize| MARGIN + (layer_count - 1 - layer) as f64 * (NODE_HEIGHT + LAYER_GAP);
    let height = if layer_count == 0 {
        2.0 * MARGIN
    } else {
        y_of(0) + NODE_HEIGHT + MARGIN
    };

    let nodes = (0..node_count)
        .map(|v| NodeBox {
            x: xs[v],
            y: y_of(vertices[v].layer),
            width: NODE_WIDTH,
            height: NODE_HEIGHT,
            layer: vertices[v].layer,
        })
        .collect();
    let point = |v: usize, top: bool| {
        let vertex = &vertices[v];
        let x = xs[v] + vertex.width / 2.0;
        let y = y_of(vertex.layer);
        if !vertex.real {
            (x, y + NODE_HEIGHT / 2.0)
        } else if top {
            (x, y)
        } else {
            (x, y + NODE_HEIGHT)
        }
    };
    let edges = chains
        .iter()
        .zip(&edges)
        .map(|(chain, &(from, to))| {
            if layers[from] == layers[to] {
                // Same layer (only when an edge closes a cycle): side to side.
                let (a, b) = (point(from, false), point(to, false));
                return vec![a, b];
            }
            let from_is_upper = layers[from] > layers[to];
            chain
                .iter()
                .enumerate()
                .map(|(i, &v)| {
                    let first = i == 0;
                    // The upper end leaves from the bottom, the lower end enters at the top.
                    let is_upper_end = (first && from_is_upper) || (!first && !from_is_upper);
                    point(v, !is_upper_end)
                })
                .collect()
        })
        .collect();

    Layout {
        nodes,
        edges,
        width,
        height,
        crossings,
    }
}

/// Longest path to a sink: a node sits one layer above the highest thing it depends on.
/// Nodes on a cycle (never produced by a valid model) are layered as if the closing edge were
/// absent.
fn assign_layers(node_count: usize, edges: &[(usize, usize)]) -> Vec<usize> {
    let mut remaining = vec![0usize; node_count];
    let mut incoming = vec![Vec::new(); node_count];
    for &(from, to) in edges {
        if from != to {
            remaining[from] += 1;
            incoming[to].push(from);
        }
    }
    // Sinks first: Kahn's algorithm on the reversed edges.
    let mut layer = vec![0usize; node_count];
    let mut queue: VecDeque<usize> = (0..node_count).filter(|&v| remaining[v] == 0).collect();
    let mut done = vec![false; node_count];
    loop {
        while let Some(v) = queue.pop_front() {
            done[v] = true;
            for &parent in &incoming[v] {
                if done[parent] || remaining[parent] == 0 {
                    continue;
                }
                layer[parent] = layer[parent].max(layer[v] + 1);
                remaining[parent] -= 1;
                if remaining[parent] == 0 {
                    queue.push_back(parent);
                }
            }
        }
        // A cycle leaves nodes undone: release the first one and carry on.
        match (0..node_count).find(|&v| !done[v] && remaining[v] > 0) {
            Some(v) => {
                remaining[v] = 0;
                queue.push_back(v);
            }
            None => break,
        }
    }
    layer
}

/// Orders each row to reduce crossings: barycenter sweeps down and up, keeping the best.
fn order_rows(
    mut rows: Vec<Vec<usize>>,
    up: &[Vec<usize>],
    down: &[Vec<usize>],
    vertex_count: usize,
) -> (Vec<Vec<usize>>, usize) {
    let mut position = vec![0.0_f64; vertex_count];
    let index_positions = |rows: &[Vec<usize>], position: &mut [f64]| {
        for row in rows {
            for (i, &v) in row.iter().enumerate() {
                position[v] = i as f64;
            }
        }
    };
    index_positions(&rows, &mut position);
    let mut best = rows.clone();
    let mut best_crossings = count_crossings(&rows, down, &position);
    let top = rows.len();
    for sweep in 0..SWEEPS {
        if best_crossings == 0 {
            break;
        }
        let downward = sweep % 2 == 0;
        let order: Vec<usize> = if downward {
            (0..top.saturating_sub(1)).rev().collect()
        } else {
            (1..top).collect()
        };
        for layer in order {
            let neighbours = if downward { up } else { down };
            let row = &mut rows[layer];
            let keys: Vec<(f64, usize)> = row
                .iter()
                .map(|&v| {
                    let ns = &neighbours[v];
                    let key = if ns.is_empty() {
                        position[v]
                    } else {
                        ns.iter().map(|&n| position[n]).sum::<f64>() / ns.len() as f64
                    };
                    (key, v)
                })
                .collect();
            let mut keyed = keys;
            keyed.sort_by(|a, b| {
                a.0.total_cmp(&b.0)
                    .then(position[a.1].total_cmp(&position[b.1]))
            });
            *row = keyed.into_iter().map(|(_, v)| v).collect();
            for (i, &v) in row.iter().enumerate() {
                position[v] = i as f64;
            }
        }
        let crossings = count_crossings(&rows, down, &position);
        if crossings < best_crossings {
            best_crossings = crossings;
            best = rows.clone();
        }
    }
    (best, best_crossings)
}

/// Crossings between every pair of adjacent rows, by counting inversions with a Fenwick tree.
fn count_crossings(rows: &[Vec<usize>], down: &[Vec<usize>], position: &[f64]) -> usize {
    let mut total = 0;
    for layer in 1..rows.len() {
        let lower_len = rows[layer - 1].len();
        let mut pairs: Vec<(usize, usize)> = Vec::new();
        for &upper in &rows[layer] {
            for &lower in &down[upper] {
                pairs.push((position[upper] as usize, position[lower] as usize));
            }
        }
        pairs.sort_unstable();
        let mut tree = vec![0usize; lower_len + 1];
        for (seen, &(_, lower)) in pairs.iter().enumerate() {
            // Earlier pairs (left of or level with this upper end) whose lower end lies right.
            let mut not_greater = 0;
            let mut i = lower + 1;
            while i > 0 {
                not_greater += tree[i];
                i -= i & i.wrapping_neg();
            }
            total += seen - not_greater;
            let mut i = lower + 1;
            while i <= lower_len {
                tree[i] += 1;
                i += i & i.wrapping_neg();
            }
        }
    }
    total
}

/// X positions: start packed, then alternately pull each vertex toward the mean of its
/// neighbours and push apart to keep the minimum gap, row order preserved.
fn place_x(
    rows: &[Vec<usize>],
    vertices: &[Vertex],
    up: &[Vec<usize>],
    down: &[Vec<usize>],
) -> Vec<f64> {
    let mut xs = vec![0.0_f64; vertices.len()];
    let widest = rows
        .iter()
        .map(|row| row_width(row, vertices))
        .fold(0.0_f64, f64::max);
    for row in rows {
        let mut x = MARGIN + (widest - row_width(row, vertices)) / 2.0;
        for &v in row {
            xs[v] = x;
            x += vertices[v].width + GAP;
        }
    }
    let centre = |xs: &[f64], v: usize| xs[v] + vertices[v].width / 2.0;
    for pass in 0..8 {
        let neighbours = if pass % 2 == 0 { up } else { down };
        for row in rows {
            let desired: Vec<f64> = row
                .iter()
                .map(|&v| {
                    let mut ns: Vec<usize> = neighbours[v].clone();
                    if ns.is_empty() {
                        ns = up[v].iter().chain(&down[v]).copied().collect();
                    }
                    if ns.is_empty() {
                        return xs[v];
                    }
                    let mean = ns.iter().map(|&n| centre(&xs, n)).sum::<f64>() / ns.len() as f64;
                    mean - vertices[v].width / 2.0
                })
                .collect();
            for (&v, &want) in row.iter().zip(&desired) {
                xs[v] = want;
            }
            separate(row, vertices, &mut xs);
        }
    }
    let min_x = xs.iter().copied().fold(f64::INFINITY, f64::min);
    if min_x.is_finite() {
        for x in &mut xs {
            *x += MARGIN - min_x;
        }
    }
    xs
}

fn row_width(row: &[usize], vertices: &[Vertex]) -> f64 {
    row.iter().map(|&v| vertices[v].width).sum::<f64>() + GAP * row.len().saturating_sub(1) as f64
}

/// Keeps a row's order and minimum gaps while moving vertices as little as possible: push
/// right where too close, then shift the whole row back by the average push.
fn separate(row: &[usize], vertices: &[Vertex], xs: &mut [f64]) {
    if row.is_empty() {
        return;
    }
    let before: Vec<f64> = row.iter().map(|&v| xs[v]).collect();
    for pair in row.windows(2) {
        let (left, right) = (pair[0], pair[1]);
        let min = xs[left] + vertices[left].width + GAP;
        if xs[right] < min {
            xs[right] = min;
        }
    }
    let shift = row
        .iter()
        .zip(&before)
        .map(|(&v, &b)| xs[v] - b)
        .sum::<f64>()
        / row.len() as f64;
    for &v in row {
        xs[v] -= shift;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_no_overlaps(layout: &Layout) {
        for (i, a) in layout.nodes.iter().enumerate() {
            for b in &layout.nodes[i + 1..] {
                assert!(!a.overlaps(b), "{a:?} overlaps {b:?}");
            }
        }
    }

    #[test]
    fn foundations_sit_below_what_runs_on_them() {
        // 0 runs on 1 runs on 2; 3 depends on 2.
        let layout = layout(4, &[(0, 1), (1, 2), (3, 2)]);
        assert_eq!(layout.nodes[2].layer, 0);
        assert_eq!(layout.nodes[1].layer, 1);
        assert_eq!(layout.nodes[0].layer, 2);
        assert!(layout.nodes[0].y < layout.nodes[1].y);
        assert!(layout.nodes[1].y < layout.nodes[2].y);
        assert_no_overlaps(&layout);
    }

    #[test]
    fn long_edges_pass_through_waypoints() {
        let layout = layout(3, &[(0, 1), (1, 2), (0, 2)]);
        assert_eq!(layout.edges[2].len(), 3, "source, one waypoint, target");
        let (start, end) = (layout.edges[2][0], *layout.edges[2].last().unwrap());
        assert_eq!(start.1, layout.nodes[0].y + NODE_HEIGHT);
        assert_eq!(end.1, layout.nodes[2].y);
    }

    #[test]
    fn ordering_removes_avoidable_crossings() {
        // Two columns drawn crossed in input order: 0→3, 1→2 with 2 listed first below.
        let layout = layout(4, &[(0, 3), (1, 2)]);
        assert_eq!(layout.crossings, 0);
        assert_no_overlaps(&layout);
    }

    #[test]
    fn a_large_random_graph_has_no_overlaps() {
        let n = 300;
        let mut seed = 7u64;
        let mut next = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize
        };
        let edges: Vec<(usize, usize)> = (1..n)
            .flat_map(|v| {
                let a = next() % v;
                let b = next() % v;
                [(v, a), (v, b)]
            })
            .collect();
        let layout = layout(n, &edges);
        assert_eq!(layout.nodes.len(), n);
        assert_eq!(layout.edges.len(), edges.len());
        assert_no_overlaps(&layout);
        for node in &layout.nodes {
            assert!(node.x >= 0.0 && node.x + node.width <= layout.width + 0.001);
            assert!(node.y >= 0.0 && node.y + node.height <= layout.height + 0.001);
        }
    }

    #[test]
    fn cycles_and_bad_indexes_do_not_panic() {
        let layout = layout(3, &[(0, 1), (1, 2), (2, 0), (1, 1), (5, 0)]);
        assert_eq!(layout.nodes.len(), 3);
        assert_no_overlaps(&layout);
    }

    #[test]
    fn empty_graph() {
        let layout = layout(0, &[]);
        assert!(layout.nodes.is_empty());
    }
}
