//! A layered drawing of a component graph: what runs on what, foundations at the bottom.
//!
//! The classic layered method (Sugiyama), kept small and bounded:
//! 1. layers by dependency depth (a component sits above everything it needs), then nodes
//!    moved between their neighbours where that shortens edges (fewer long edges to route);
//! 2. long edges broken by invisible waypoints, one per layer crossed, each with a slot of its
//!    own in its row so that the edge runs straight down through the row and never loops round
//!    the side of it;
//! 3. the order within rows: barycenter and median sweeps with adjacent transpositions from
//!    several starting orders, keeping the order with fewest crossings;
//! 4. x positions pulled toward neighbours and pushed apart to a minimum gap; edge ends spread
//!    along a node's side in the order of the other ends, so edges sharing a node never cross.
//!
//! Work is bounded for anything `error::limits` admits: above [`SIMPLIFY_ABOVE`] vertices
//! (nodes plus the waypoints long edges would need), long edges are drawn straight without
//! waypoints and take no part in ordering ([`Layout::simplified`]; [`layout_sized_straight`]
//! draws any graph so), and the number of sweeps shrinks as the graph grows.
//!
//! Invariants: nodes never overlap (same layer: at least `GAP` apart; different layers: different
//! rows); every edge runs from the bottom of its source to the top of its target, except one
//! closing a cycle, which a valid model never has; unless simplified, `Layout::crossings` is the
//! number of crossings of the drawn polylines.

use std::collections::{HashSet, VecDeque};

/// The size of a node when the caller gives none.
pub const NODE_WIDTH: f64 = 168.0;
pub const NODE_HEIGHT: f64 = 46.0;
/// Horizontal space between neighbouring nodes of a layer.
pub const GAP: f64 = 28.0;
/// Vertical space between layers.
pub const LAYER_GAP: f64 = 56.0;
pub const MARGIN: f64 = 12.0;
/// Width reserved for a waypoint of a long edge.
const WAYPOINT_WIDTH: f64 = 12.0;
/// Space between two waypoints side by side: long edges run as close parallel lines.
const WAYPOINT_GAP: f64 = 6.0;
/// Above this many vertices (nodes plus the waypoints long edges would need), the drawing is
/// simplified: long edges are drawn straight. Waypoints grow with edges times layers crossed,
/// which is what made a 1,000-component model take seconds. At 12,000 a full layout takes
/// about 30 ms natively (ordering is bounded by `ORDERING_BUDGET`), and it crosses far less
/// than a simplified one: at 2,000 nodes and 3,000 edges (8,562 vertices), 252,242 crossings
/// of straight lines against 301,912 simplified and dagre's 270,926.
pub const SIMPLIFY_ABOVE: usize = 12_000;

/// How big a node is drawn; its row may make it taller (every node of a row is as tall as the
/// tallest one).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct NodeSize {
    pub width: f64,
    pub height: f64,
}

impl NodeSize {
    pub const DEFAULT: NodeSize = NodeSize {
        width: NODE_WIDTH,
        height: NODE_HEIGHT,
    };
}

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
    /// One polyline per input edge, in input order, from its source to its target: the source's
    /// bottom, two points per waypoint (the top and bottom of the row it passes), the target's top.
    pub edges: Vec<Vec<(f64, f64)>>,
    pub width: f64,
    pub height: f64,
    /// Edge crossings between adjacent layers in the chosen order (long edges drawn straight in
    /// a simplified drawing are not counted).
    pub crossings: usize,
    /// The graph was too big for the full drawing, or the caller asked for straight long edges
    /// (`layout_sized_straight`): long edges are straight lines that may pass behind nodes, and
    /// fewer ordering sweeps were made.
    pub simplified: bool,
}

/// A vertex of the layered graph: a real node or a waypoint of a long edge (no height).
#[derive(Clone, Copy, Debug)]
struct Vertex {
    layer: usize,
    width: f64,
    height: f64,
}

/// What shapes a graph's layout: its nodes' sizes (fitted to their text) and its edges. Numbers
/// that change no text leave it as it was, so the layout can be kept. The page lays it out
/// itself or sends it to the layout worker (`layout_wire`), which lays it out the same way.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LayoutInput {
    pub sizes: Vec<NodeSize>,
    pub edges: Vec<(usize, usize)>,
}

impl LayoutInput {
    pub fn lay_out(&self) -> Layout {
        layout_sized(&self.sizes, &self.edges)
    }
}

/// Lays out `node_count` nodes of the default size; see [`layout_sized`].
pub fn layout(node_count: usize, edges: &[(usize, usize)]) -> Layout {
    layout_sized(&vec![NodeSize::DEFAULT; node_count], edges)
}

/// Lays out one node per entry of `sizes`, joined by `edges` (source depends on target; the
/// target is drawn below). Edges naming a missing node are dropped; edges that would point
/// upward or close a cycle are drawn but do not shape the layers.
pub fn layout_sized(sizes: &[NodeSize], edges: &[(usize, usize)]) -> Layout {
    lay_out(sizes, edges, LongEdges::RoutedUnlessTooMany)
}

/// Like [`layout_sized`], with long edges drawn straight however few there are (a simplified
/// drawing): for a drawing whose nodes matter more than its edges' routes. Routed, the 300
/// edges of the overview by kind of a model whose kinds all join each other made a drawing
/// 6,400 px wide, most of it waypoints' slots.
pub fn layout_sized_straight(sizes: &[NodeSize], edges: &[(usize, usize)]) -> Layout {
    lay_out(sizes, edges, LongEdges::Straight)
}

/// How a layout draws an edge that crosses rows.
#[derive(Clone, Copy, PartialEq)]
enum LongEdges {
    /// Through a waypoint in each row it crosses, unless the waypoints would be too many
    /// (`SIMPLIFY_ABOVE`).
    RoutedUnlessTooMany,
    Straight,
}

fn lay_out(sizes: &[NodeSize], edges: &[(usize, usize)], long_edges: LongEdges) -> Layout {
    let node_count = sizes.len();
    let edges: Vec<(usize, usize)> = edges
        .iter()
        .copied()
        .filter(|&(a, b)| a < node_count && b < node_count)
        .collect();
    let mut layers = assign_layers(node_count, &edges);
    shorten_edges(&mut layers, &edges);
    compact_layers(&mut layers);

    let waypoints_needed: usize = edges
        .iter()
        .map(|&(a, b)| layers[a].abs_diff(layers[b]).saturating_sub(1))
        .sum();
    let simplified = long_edges == LongEdges::Straight
        || node_count.saturating_add(waypoints_needed) > SIMPLIFY_ABOVE;

    let mut vertices: Vec<Vertex> = layers
        .iter()
        .zip(sizes)
        .map(|(&layer, size)| Vertex {
            layer,
            width: sanitise(size.width, NODE_WIDTH),
            height: sanitise(size.height, NODE_HEIGHT),
        })
        .collect();
    let mut up: Vec<Vec<usize>> = vec![Vec::new(); node_count];
    let mut down: Vec<Vec<usize>> = vec![Vec::new(); node_count];
    // For each input edge, the vertices it passes through, top to bottom.
    let mut chains: Vec<Vec<usize>> = Vec::with_capacity(edges.len());
    for &(from, to) in &edges {
        let (upper, lower) = if layers[from] >= layers[to] {
            (from, to)
        } else {
            (to, from)
        };
        let span = layers[upper] - layers[lower];
        let mut chain = vec![upper];
        if span == 1 || (span > 1 && !simplified) {
            let mut previous = upper;
            for layer in (layers[lower] + 1..layers[upper]).rev() {
                vertices.push(Vertex {
                    layer,
                    width: WAYPOINT_WIDTH,
                    height: 0.0,
                });
                up.push(Vec::new());
                down.push(Vec::new());
                let waypoint = vertices.len() - 1;
                down[previous].push(waypoint);
                up[waypoint].push(previous);
                chain.push(waypoint);
                previous = waypoint;
            }
            down[previous].push(lower);
            up[lower].push(previous);
        }
        chain.push(lower);
        chains.push(chain);
    }

    let layer_count = vertices.iter().map(|v| v.layer + 1).max().unwrap_or(0);
    let mut rows: Vec<Vec<usize>> = vec![Vec::new(); layer_count];
    for (index, vertex) in vertices.iter().enumerate() {
        rows[vertex.layer].push(index);
    }
    let segments: usize = down.iter().map(Vec::len).sum();
    let effort = Effort::for_size(vertices.len() + segments, simplified);
    let (rows, crossings) = order_rows(rows, &up, &down, effort);
    let xs = place_x(&rows, &vertices, &up, &down, node_count);

    // Rows from the top: every node of a row is as tall as the row's tallest node.
    let row_height: Vec<f64> = rows
        .iter()
        .map(|row| {
            row.iter()
                .map(|&v| vertices[v].height)
                .fold(0.0_f64, f64::max)
        })
        .collect();
    let mut row_top = vec![MARGIN; layer_count];
    for layer in (0..layer_count.saturating_sub(1)).rev() {
        row_top[layer] = row_top[layer + 1] + row_height[layer + 1] + LAYER_GAP;
    }
    let width = rows
        .iter()
        .flat_map(|row| row.iter().map(|&v| xs[v] + vertices[v].width))
        .fold(0.0_f64, f64::max)
        + MARGIN;
    let height = match layer_count {
        0 => 2.0 * MARGIN,
        _ => row_top[0] + row_height[0] + MARGIN,
    };

    let nodes: Vec<NodeBox> = (0..node_count)
        .map(|v| NodeBox {
            x: xs[v],
            y: row_top[vertices[v].layer],
            width: vertices[v].width,
            height: row_height[vertices[v].layer],
            layer: vertices[v].layer,
        })
        .collect();

    // Edge ends spread along a node's bottom (or top) in the order of the vertices at their other
    // ends, so that two edges sharing a node never cross each other.
    let centre = |v: usize| xs[v] + vertices[v].width / 2.0;
    let mut bottom_ends: Vec<Vec<(f64, usize)>> = vec![Vec::new(); node_count];
    let mut top_ends: Vec<Vec<(f64, usize)>> = vec![Vec::new(); node_count];
    for (edge, chain) in chains.iter().enumerate() {
        let (first, last) = (chain[0], chain[chain.len() - 1]);
        if vertices[first].layer == vertices[last].layer {
            continue;
        }
        bottom_ends[first].push((centre(chain[1]), edge));
        top_ends[last].push((centre(chain[chain.len() - 2]), edge));
    }
    let mut start_x = vec![0.0_f64; chains.len()];
    let mut end_x = vec![0.0_f64; chains.len()];
    let spread = |ends: &mut Vec<(f64, usize)>, node: &NodeBox, out: &mut [f64]| {
        ends.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        let n = ends.len();
        for (k, &(_, edge)) in ends.iter().enumerate() {
            let share = if n == 1 {
                0.5
            } else {
                0.2 + 0.6 * k as f64 / (n - 1) as f64
            };
            out[edge] = node.x + node.width * share;
        }
    };
    for v in 0..node_count {
        spread(&mut bottom_ends[v], &nodes[v], &mut start_x);
        spread(&mut top_ends[v], &nodes[v], &mut end_x);
    }

    let edges = chains
        .iter()
        .zip(&edges)
        .enumerate()
        .map(|(index, (chain, &(from, _)))| {
            let (upper, lower) = (chain[0], chain[chain.len() - 1]);
            if vertices[upper].layer == vertices[lower].layer {
                // Same layer (only when an edge closes a cycle): bottom to bottom.
                let bottom = |v: usize| (centre(v), nodes[v].y + nodes[v].height);
                let (a, b) = (bottom(upper), bottom(lower));
                return if upper == from {
                    vec![a, b]
                } else {
                    vec![b, a]
                };
            }
            let mut points = Vec::with_capacity(2 * chain.len());
            points.push((start_x[index], nodes[upper].y + nodes[upper].height));
            for &waypoint in &chain[1..chain.len() - 1] {
                let layer = vertices[waypoint].layer;
                points.push((centre(waypoint), row_top[layer]));
                points.push((centre(waypoint), row_top[layer] + row_height[layer]));
            }
            points.push((end_x[index], nodes[lower].y));
            if upper != from {
                // An edge closing a cycle points upward.
                points.reverse();
            }
            points
        })
        .collect();

    Layout {
        nodes,
        edges,
        width,
        height,
        crossings,
        simplified,
    }
}

/// A size from the caller, or the default when it is not a positive finite number.
fn sanitise(value: f64, default: f64) -> f64 {
    if value.is_finite() && value > 0.0 {
        value.min(10_000.0)
    } else {
        default
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
    let mut next_unreleased = 0;
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
        while next_unreleased < node_count
            && (done[next_unreleased] || remaining[next_unreleased] == 0)
        {
            next_unreleased += 1;
        }
        if next_unreleased == node_count {
            break;
        }
        remaining[next_unreleased] = 0;
        queue.push_back(next_unreleased);
    }
    layer
}

/// Moves nodes between the layers of their neighbours where that shortens the edges in total:
/// a node with more edges from above than to below rises toward what uses it (a configuration
/// manager sits just under the highest thing it manages, not on the floor with the servers).
/// Each move strictly shortens the total, so this ends; the passes are capped anyway.
fn shorten_edges(layers: &mut [usize], edges: &[(usize, usize)]) {
    let node_count = layers.len();
    let mut above: Vec<Vec<usize>> = vec![Vec::new(); node_count];
    let mut below: Vec<Vec<usize>> = vec![Vec::new(); node_count];
    for &(from, to) in edges {
        if layers[from] > layers[to] {
            below[from].push(to);
            above[to].push(from);
        }
    }
    for _ in 0..8 {
        let mut moved = false;
        for v in 0..node_count {
            let (ups, downs) = (above[v].len(), below[v].len());
            if ups == downs {
                continue;
            }
            let lowest = below[v].iter().map(|&n| layers[n] + 1).max().unwrap_or(0);
            let highest = above[v]
                .iter()
                .map(|&n| layers[n] - 1)
                .min()
                .unwrap_or(layers[v]);
            let target = if ups > downs { highest } else { lowest };
            if target != layers[v] && lowest <= target && target <= highest {
                layers[v] = target;
                moved = true;
            }
        }
        if !moved {
            break;
        }
    }
}

/// Renumbers layers so that none is empty, keeping their order.
fn compact_layers(layers: &mut [usize]) {
    let mut used: Vec<usize> = layers.to_vec();
    used.sort_unstable();
    used.dedup();
    for layer in layers.iter_mut() {
        *layer = used.partition_point(|&u| u < *layer);
    }
}

/// How hard ordering tries, by the size of the layered graph (vertices plus segments): a sweep
/// costs about that size, so the sweeps made in all are a fixed budget divided by it, between
/// 4 and 192. Small graphs get several starting orders; big ones one start and no
/// transpositions.
#[derive(Clone, Copy, Debug)]
struct Effort {
    /// Starting orders tried, each with both heuristics (barycenter and median).
    starts: usize,
    /// Sweeps per start and heuristic, at most: a run stops after 4 sweeps without progress.
    sweeps: usize,
    transpose: bool,
}

/// Vertices plus segments, times sweeps, that ordering may spend. Measured on generated models
/// (`scripts/bench`): at 1,000 nodes and 1,500 edges, 400,000 takes about 20 ms natively and
/// leaves a fifth fewer crossings than 50,000 did (45,370 against 56,384 between rows), fewer
/// than dagre's; at 200 nodes it changes nothing, and big graphs are laid out in the layout
/// worker.
const ORDERING_BUDGET: usize = 400_000;
/// A simplified drawing's budget: its long edges are drawn straight across rows that ordering
/// does not see, so more sweeps do not make it better (they made a simplified drawing of
/// 2,000 nodes worse).
const SIMPLIFIED_ORDERING_BUDGET: usize = 50_000;

impl Effort {
    fn for_size(size: usize, simplified: bool) -> Effort {
        let budget = if simplified {
            SIMPLIFIED_ORDERING_BUDGET
        } else {
            ORDERING_BUDGET
        };
        let total = (budget / size.max(1)).clamp(4, 192);
        let starts = match total {
            96.. => 4,
            48..=95 => 2,
            _ => 1,
        };
        Effort {
            starts,
            sweeps: (total / (2 * starts)).max(2),
            transpose: size <= 6_000,
        }
    }
}

/// Orders each row to reduce crossings and returns the best order found with its crossings.
fn order_rows(
    rows: Vec<Vec<usize>>,
    up: &[Vec<usize>],
    down: &[Vec<usize>],
    effort: Effort,
) -> (Vec<Vec<usize>>, usize) {
    let vertex_count = up.len();
    let mut position = vec![0usize; vertex_count];
    let mut best = rows.clone();
    set_positions(&best, &mut position);
    let mut best_crossings = count_crossings(&best, down, &position);
    for start in 0..effort.starts * 2 {
        if best_crossings == 0 {
            break;
        }
        let mut current = match start / 2 {
            0 => depth_first_order(&rows, down, true),
            1 => rows.clone(),
            2 => depth_first_order(&rows, up, false),
            _ => {
                let mut reversed = depth_first_order(&rows, down, true);
                reversed.iter_mut().for_each(|row| row.reverse());
                reversed
            }
        };
        let median = start % 2 == 1;
        set_positions(&current, &mut position);
        let mut run_best = usize::MAX;
        let mut since_progress = 0;
        for sweep in 0..effort.sweeps {
            let downward = sweep % 2 == 0;
            sweep_rows(&mut current, up, down, &mut position, downward, median);
            if effort.transpose {
                transpose(&mut current, up, down, &mut position);
            }
            let crossings = count_crossings(&current, down, &position);
            if crossings < best_crossings {
                best_crossings = crossings;
                best.clone_from(&current);
                if crossings == 0 {
                    break;
                }
            }
            if crossings < run_best {
                run_best = crossings;
                since_progress = 0;
            } else {
                since_progress += 1;
                if since_progress >= 4 {
                    break;
                }
            }
        }
    }
    (best, best_crossings)
}

fn set_positions(rows: &[Vec<usize>], position: &mut [usize]) {
    for row in rows {
        for (i, &v) in row.iter().enumerate() {
            position[v] = i;
        }
    }
}

/// A starting order: vertices in the order a depth-first walk from the top (or the bottom)
/// reaches them, so that what hangs together starts together.
fn depth_first_order(
    rows: &[Vec<usize>],
    onward: &[Vec<usize>],
    from_top: bool,
) -> Vec<Vec<usize>> {
    let mut seen = vec![false; onward.len()];
    let mut layer_of = vec![0usize; onward.len()];
    for (layer, row) in rows.iter().enumerate() {
        for &v in row {
            layer_of[v] = layer;
        }
    }
    let mut ordered: Vec<Vec<usize>> = vec![Vec::new(); rows.len()];
    let starts: Vec<usize> = if from_top {
        rows.iter().rev().flatten().copied().collect()
    } else {
        rows.iter().flatten().copied().collect()
    };
    let mut stack = Vec::new();
    for start in starts {
        if seen[start] {
            continue;
        }
        stack.push(start);
        while let Some(v) = stack.pop() {
            if seen[v] {
                continue;
            }
            seen[v] = true;
            ordered[layer_of[v]].push(v);
            // Pushed in reverse so that the first neighbour is walked first.
            stack.extend(onward[v].iter().rev().filter(|&&n| !seen[n]));
        }
    }
    ordered
}

/// One sweep: each row sorted by where its neighbours in the row just fixed sit (downward: the
/// row above). A vertex with no such neighbour keeps its place.
fn sweep_rows(
    rows: &mut [Vec<usize>],
    up: &[Vec<usize>],
    down: &[Vec<usize>],
    position: &mut [usize],
    downward: bool,
    median: bool,
) {
    let layer_count = rows.len();
    let order: Vec<usize> = if downward {
        (0..layer_count.saturating_sub(1)).rev().collect()
    } else {
        (1..layer_count).collect()
    };
    let neighbours = if downward { up } else { down };
    let mut found: Vec<f64> = Vec::new();
    for layer in order {
        let row = &mut rows[layer];
        let mut keyed: Vec<(f64, usize)> = row
            .iter()
            .map(|&v| {
                found.clear();
                found.extend(neighbours[v].iter().map(|&n| position[n] as f64));
                let key = match found.len() {
                    0 => position[v] as f64,
                    len if median => {
                        found.sort_by(f64::total_cmp);
                        if len % 2 == 1 {
                            found[len / 2]
                        } else {
                            (found[len / 2 - 1] + found[len / 2]) / 2.0
                        }
                    }
                    len => found.iter().sum::<f64>() / len as f64,
                };
                (key, v)
            })
            .collect();
        keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(position[a.1].cmp(&position[b.1])));
        for (i, (_, v)) in keyed.into_iter().enumerate() {
            row[i] = v;
            position[v] = i;
        }
    }
}

/// Swaps neighbours in a row while that removes crossings with the rows above and below.
fn transpose(
    rows: &mut [Vec<usize>],
    up: &[Vec<usize>],
    down: &[Vec<usize>],
    position: &mut [usize],
) {
    let mut left_ends = Vec::new();
    let mut right_ends = Vec::new();
    let mut pair_crossings = |a: usize, b: usize, position: &[usize]| -> usize {
        // Crossings among the edges of `a` and `b` when `a` is left of `b`.
        let mut total = 0;
        for side in [up, down] {
            left_ends.clear();
            left_ends.extend(side[a].iter().map(|&n| position[n]));
            right_ends.clear();
            right_ends.extend(side[b].iter().map(|&n| position[n]));
            left_ends.sort_unstable();
            right_ends.sort_unstable();
            // Pairs with the left vertex's end strictly right of the right vertex's end.
            let mut j = 0;
            for &l in &left_ends {
                while j < right_ends.len() && right_ends[j] < l {
                    j += 1;
                }
                total += j;
            }
        }
        total
    };
    for _ in 0..4 {
        let mut improved = false;
        for row in rows.iter_mut() {
            for i in 1..row.len() {
                let (a, b) = (row[i - 1], row[i]);
                if pair_crossings(b, a, position) < pair_crossings(a, b, position) {
                    row.swap(i - 1, i);
                    position[a] = i;
                    position[b] = i - 1;
                    improved = true;
                }
            }
        }
        if !improved {
            break;
        }
    }
}

/// Crossings between every pair of adjacent rows, by counting inversions with a Fenwick tree.
/// Segments that share an end do not cross.
fn count_crossings(rows: &[Vec<usize>], down: &[Vec<usize>], position: &[usize]) -> usize {
    let mut total = 0;
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    let mut tree: Vec<usize> = Vec::new();
    for layer in 1..rows.len() {
        let lower_len = rows[layer - 1].len();
        pairs.clear();
        for &upper in &rows[layer] {
            for &lower in &down[upper] {
                pairs.push((position[upper], position[lower]));
            }
        }
        pairs.sort_unstable();
        tree.clear();
        tree.resize(lower_len + 1, 0);
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

/// Crossings of drawn polylines: pairs of segments of different edges whose interiors cross at
/// one point (touching ends and overlapping collinear pieces do not count). Quadratic: for
/// tests and comparisons, not for drawing.
pub fn count_polyline_crossings(edges: &[Vec<(f64, f64)>]) -> usize {
    type Point = (f64, f64);
    let segments: Vec<(usize, Point, Point)> = edges
        .iter()
        .enumerate()
        .flat_map(|(edge, points)| points.windows(2).map(move |w| (edge, w[0], w[1])))
        .collect();
    let orientation = |a: (f64, f64), b: (f64, f64), c: (f64, f64)| {
        let cross = (b.0 - a.0) * (c.1 - a.1) - (b.1 - a.1) * (c.0 - a.0);
        if cross.abs() < 1e-9 {
            0
        } else if cross > 0.0 {
            1
        } else {
            -1
        }
    };
    let mut total = 0;
    for (i, &(edge_a, p1, p2)) in segments.iter().enumerate() {
        for &(edge_b, q1, q2) in &segments[i + 1..] {
            if edge_a == edge_b {
                continue;
            }
            let (o1, o2) = (orientation(p1, p2, q1), orientation(p1, p2, q2));
            let (o3, o4) = (orientation(q1, q2, p1), orientation(q1, q2, p2));
            if o1 * o2 < 0 && o3 * o4 < 0 {
                total += 1;
            }
        }
    }
    total
}

/// X positions by Brandes and Köpf's method ("Fast and Simple Horizontal Coordinate
/// Assignment", 2001): each vertex is aligned with a median neighbour into vertical blocks,
/// preferring the segments between two waypoints (so long edges run straight), in each of the
/// four combinations of top/bottom and left/right; blocks are packed to the minimum gaps; the
/// four results are combined by their medians. A last pass restores the minimum gaps, which the
/// combination does not guarantee. Returns each vertex's left edge.
fn place_x(
    rows: &[Vec<usize>],
    vertices: &[Vertex],
    up: &[Vec<usize>],
    down: &[Vec<usize>],
    node_count: usize,
) -> Vec<f64> {
    let count = vertices.len();
    let is_waypoint = |v: usize| v >= node_count;
    // Rows from the top, as the method is written.
    let top_first: Vec<Vec<usize>> = rows.iter().rev().cloned().collect();
    let conflicts = inner_segment_conflicts(&top_first, up, &is_waypoint, count);
    let separation = |a: usize, b: usize| {
        let gap = if is_waypoint(a) && is_waypoint(b) {
            WAYPOINT_GAP
        } else {
            GAP
        };
        (vertices[a].width + vertices[b].width) / 2.0 + gap
    };

    let mut candidates: Vec<Vec<f64>> = Vec::with_capacity(4);
    for from_top in [true, false] {
        for from_left in [true, false] {
            let mut sweep_rows: Vec<Vec<usize>> = if from_top {
                top_first.clone()
            } else {
                rows.to_vec()
            };
            if !from_left {
                sweep_rows.iter_mut().for_each(|row| row.reverse());
            }
            let before = if from_top { up } else { down };
            let mut xs = align_and_compact(&sweep_rows, before, &conflicts, &separation, count);
            if !from_left {
                xs.iter_mut().for_each(|x| *x = -*x);
            }
            candidates.push(xs);
        }
    }
    // Align the four to the narrowest: left-packed ones by their left ends, right-packed ones
    // by their right ends.
    let extent = |xs: &[f64]| {
        (0..count).fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            let half = vertices[v].width / 2.0;
            (lo.min(xs[v] - half), hi.max(xs[v] + half))
        })
    };
    let extents: Vec<(f64, f64)> = candidates.iter().map(|xs| extent(xs)).collect();
    let narrowest = (0..4)
        .min_by(|&a, &b| (extents[a].1 - extents[a].0).total_cmp(&(extents[b].1 - extents[b].0)))
        .unwrap_or(0);
    for (k, xs) in candidates.iter_mut().enumerate() {
        let from_left = k % 2 == 0;
        let shift = if from_left {
            extents[narrowest].0 - extents[k].0
        } else {
            extents[narrowest].1 - extents[k].1
        };
        if shift.is_finite() {
            xs.iter_mut().for_each(|x| *x += shift);
        }
    }
    let mut centres: Vec<f64> = (0..count)
        .map(|v| {
            let mut four = [
                candidates[0][v],
                candidates[1][v],
                candidates[2][v],
                candidates[3][v],
            ];
            four.sort_by(f64::total_cmp);
            (four[1] + four[2]) / 2.0
        })
        .collect();
    for row in rows {
        for pair in row.windows(2) {
            let least = centres[pair[0]] + separation(pair[0], pair[1]);
            if centres[pair[1]] < least {
                centres[pair[1]] = least;
            }
        }
    }
    let mut xs: Vec<f64> = (0..count)
        .map(|v| centres[v] - vertices[v].width / 2.0)
        .collect();
    let min_x = xs.iter().copied().fold(f64::INFINITY, f64::min);
    if min_x.is_finite() {
        xs.iter_mut().for_each(|x| *x += MARGIN - min_x);
    }
    xs
}

/// Segments that cross a segment between two waypoints (type 1 conflicts): alignment skips
/// them so that long edges, not short ones, get drawn straight. Pairs are (upper, lower).
fn inner_segment_conflicts(
    top_first: &[Vec<usize>],
    up: &[Vec<usize>],
    is_waypoint: &dyn Fn(usize) -> bool,
    count: usize,
) -> HashSet<(usize, usize)> {
    let mut position = vec![0usize; count];
    for row in top_first {
        for (i, &v) in row.iter().enumerate() {
            position[v] = i;
        }
    }
    let mut conflicts = HashSet::new();
    for pair in top_first.windows(2) {
        let (upper_row, lower_row) = (&pair[0], &pair[1]);
        let inner_upper = |v: usize| {
            if is_waypoint(v) {
                up[v].iter().copied().find(|&u| is_waypoint(u))
            } else {
                None
            }
        };
        let (mut k0, mut scanned) = (0usize, 0usize);
        for (l1, &v) in lower_row.iter().enumerate() {
            let inner = inner_upper(v);
            if l1 + 1 == lower_row.len() || inner.is_some() {
                let k1 = inner.map_or(upper_row.len().saturating_sub(1), |u| position[u]);
                while scanned <= l1 {
                    let w = lower_row[scanned];
                    for &u in &up[w] {
                        if position[u] < k0 || position[u] > k1 {
                            conflicts.insert((u, w));
                        }
                    }
                    scanned += 1;
                }
                k0 = k1;
            }
        }
    }
    conflicts
}

/// One of the four passes: vertical alignment with median neighbours in the row before (in
/// sweep order), then horizontal compaction of the blocks toward the left. `rows` are in sweep
/// order, each row in its horizontal order; returns block centres.
fn align_and_compact(
    rows: &[Vec<usize>],
    before: &[Vec<usize>],
    conflicts: &HashSet<(usize, usize)>,
    separation: &dyn Fn(usize, usize) -> f64,
    count: usize,
) -> Vec<f64> {
    let mut position = vec![0usize; count];
    for row in rows {
        for (i, &v) in row.iter().enumerate() {
            position[v] = i;
        }
    }
    let conflicted =
        |a: usize, b: usize| conflicts.contains(&(a, b)) || conflicts.contains(&(b, a));
    let mut root: Vec<usize> = (0..count).collect();
    let mut align: Vec<usize> = (0..count).collect();
    let mut neighbours: Vec<usize> = Vec::new();
    for row in rows.iter().skip(1) {
        let mut taken: Option<usize> = None;
        for &v in row {
            neighbours.clear();
            neighbours.extend_from_slice(&before[v]);
            if neighbours.is_empty() {
                continue;
            }
            neighbours.sort_by_key(|&u| position[u]);
            let d = neighbours.len();
            let mut medians = vec![neighbours[(d - 1) / 2]];
            if d.is_multiple_of(2) {
                medians.push(neighbours[d / 2]);
            }
            for u in medians {
                if align[v] == v && !conflicted(u, v) && taken.is_none_or(|t| t < position[u]) {
                    align[u] = v;
                    root[v] = root[u];
                    align[v] = root[v];
                    taken = Some(position[u]);
                }
            }
        }
    }

    // Compaction: blocks placed once every block to their left is, in the order of a walk of
    // the "left of" relation between blocks (acyclic, since alignment never crosses).
    let mut left_of: Vec<Option<usize>> = vec![None; count];
    for row in rows {
        for pair in row.windows(2) {
            left_of[pair[1]] = Some(pair[0]);
        }
    }
    let mut sink: Vec<usize> = (0..count).collect();
    let mut shift = vec![f64::INFINITY; count];
    let mut x: Vec<Option<f64>> = vec![None; count];
    let mut stack: Vec<usize> = Vec::new();
    // A block is pushed once; one met again while still on the stack would mean a cycle, which
    // alignment rules out, and is then placed as if at 0 rather than looping.
    let mut pushed = vec![false; count];
    for start in 0..count {
        if root[start] != start || pushed[start] {
            continue;
        }
        stack.push(start);
        pushed[start] = true;
        while let Some(&v) = stack.last() {
            // The blocks directly left of this block's members must be placed first.
            let mut waiting = false;
            let mut w = v;
            loop {
                if let Some(left) = left_of[w] {
                    let u = root[left];
                    if !pushed[u] {
                        stack.push(u);
                        pushed[u] = true;
                        waiting = true;
                    }
                }
                w = align[w];
                if w == v {
                    break;
                }
            }
            if waiting {
                continue;
            }
            stack.pop();
            if x[v].is_some() {
                continue;
            }
            let mut xv = 0.0_f64;
            let mut w = v;
            loop {
                if let Some(left) = left_of[w] {
                    let u = root[left];
                    let xu = x[u].unwrap_or(0.0);
                    if sink[v] == v {
                        sink[v] = sink[u];
                    }
                    if sink[v] != sink[u] {
                        let s = xv - xu - separation(left, w);
                        shift[sink[u]] = shift[sink[u]].min(s);
                    } else {
                        xv = xv.max(xu + separation(left, w));
                    }
                }
                w = align[w];
                if w == v {
                    break;
                }
            }
            x[v] = Some(xv);
        }
    }
    (0..count)
        .map(|v| {
            let r = root[v];
            let s = shift[sink[r]];
            x[r].unwrap_or(0.0) + if s.is_finite() { s } else { 0.0 }
        })
        .collect()
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

    fn assert_inside(layout: &Layout) {
        for node in &layout.nodes {
            assert!(node.x >= 0.0 && node.x + node.width <= layout.width + 0.001);
            assert!(node.y >= 0.0 && node.y + node.height <= layout.height + 0.001);
        }
    }

    /// A pseudo-random acyclic graph: every edge runs from a higher index to a lower one.
    fn acyclic(nodes: usize, edges: usize, seed: u64) -> Vec<(usize, usize)> {
        let mut state = seed;
        let mut next = move || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) as usize
        };
        (0..edges)
            .map(|_| {
                let from = 1 + next() % (nodes - 1);
                (from, next() % from)
            })
            .collect()
    }

    /// Scenario 1's Kubernetes option as `render::graph_svg` lays it out (its edge list).
    const SERVER: usize = 0;
    const SYSTEMD: usize = 1;
    const STORAGE: usize = 2;
    const NODE_AGENT: usize = 3;
    const ANSIBLE: usize = 4;
    const MONITORING: usize = 5;
    const CONTROL_PLANE: usize = 6;
    const NODE_EXPORTER: usize = 7;
    const KUBERNETES_OPTION: [(usize, usize); 11] = [
        (STORAGE, NODE_AGENT),
        (STORAGE, CONTROL_PLANE),
        (NODE_AGENT, SYSTEMD),
        (SYSTEMD, SERVER),
        (NODE_AGENT, ANSIBLE),
        (SYSTEMD, ANSIBLE),
        (NODE_AGENT, CONTROL_PLANE),
        (MONITORING, NODE_EXPORTER),
        (MONITORING, SERVER),
        (CONTROL_PLANE, SERVER),
        (NODE_EXPORTER, SYSTEMD),
    ];

    #[test]
    fn foundations_sit_below_what_runs_on_them() {
        // 0 runs on 1 runs on 2; 3 depends on 2.
        let layout = layout(4, &[(0, 1), (1, 2), (3, 2)]);
        assert_eq!(layout.nodes[2].layer, 0);
        assert_eq!(layout.nodes[1].layer, 1);
        assert!(layout.nodes[0].y < layout.nodes[1].y);
        assert!(layout.nodes[1].y < layout.nodes[2].y);
        assert!(layout.nodes[3].y < layout.nodes[2].y);
        assert_no_overlaps(&layout);
    }

    #[test]
    fn a_node_used_only_from_above_rises_to_just_below_its_lowest_user() {
        // 0 on 1 on 2 on 3; 4 is used by 0 and 1 only: it sits one layer below 1, not on the
        // floor beside 3.
        let layout = layout(5, &[(0, 1), (1, 2), (2, 3), (0, 4), (1, 4)]);
        assert_eq!(layout.nodes[3].layer, 0);
        assert_eq!(layout.nodes[4].layer, layout.nodes[1].layer - 1);
    }

    #[test]
    fn long_edges_run_straight_through_the_rows_they_cross() {
        let layout = layout(3, &[(0, 1), (1, 2), (0, 2)]);
        let long = &layout.edges[2];
        assert_eq!(
            long.len(),
            4,
            "source, top and bottom of one waypoint, target"
        );
        assert_eq!(long[0].1, layout.nodes[0].y + layout.nodes[0].height);
        assert_eq!(long[1].0, long[2].0, "vertical through the middle row");
        assert_eq!(long[1].1, layout.nodes[1].y);
        assert_eq!(long[2].1, layout.nodes[1].y + layout.nodes[1].height);
        assert_eq!(long[3].1, layout.nodes[2].y);
        // The waypoint has its own slot beside node 1.
        let node = layout.nodes[1];
        assert!(long[1].0 < node.x || long[1].0 > node.x + node.width);
    }

    #[test]
    fn count_crossings_counts_a_known_crossing() {
        // Upper row: 2, 3; lower row: 0, 1. 2→1 and 3→0 cross once; 2→0 shares an end with
        // both and crosses nothing.
        let rows = vec![vec![0, 1], vec![2, 3]];
        let mut down = vec![Vec::new(); 4];
        down[2] = vec![1, 0];
        down[3] = vec![0];
        let position = [0, 1, 0, 1];
        assert_eq!(count_crossings(&rows, &down, &position), 1);
        down[3].clear();
        assert_eq!(count_crossings(&rows, &down, &position), 0);
    }

    #[test]
    fn count_polyline_crossings_counts_proper_crossings_only() {
        let x = vec![
            vec![(0.0, 0.0), (10.0, 10.0)],
            vec![(10.0, 0.0), (0.0, 10.0)],
        ];
        assert_eq!(count_polyline_crossings(&x), 1);
        let sharing_an_end = vec![
            vec![(0.0, 0.0), (10.0, 10.0)],
            vec![(0.0, 0.0), (0.0, 10.0)],
        ];
        assert_eq!(count_polyline_crossings(&sharing_an_end), 0);
    }

    #[test]
    fn complete_bipartite_graph_has_its_unavoidable_crossings() {
        // K(3,3) on two layers: every order has C(3,2) × C(3,2) = 9 crossings.
        let edges: Vec<(usize, usize)> = (0..3)
            .flat_map(|upper| (3..6).map(move |lower| (upper, lower)))
            .collect();
        let layout = layout(6, &edges);
        assert_eq!(layout.crossings, 9);
        assert_eq!(count_polyline_crossings(&layout.edges), 9);
        assert_no_overlaps(&layout);
    }

    #[test]
    fn ordering_removes_avoidable_crossings() {
        // Input order crosses: upper 0, 1 and lower 2, 3 with 0→3 and 1→2.
        let layout = layout(4, &[(0, 3), (1, 2)]);
        assert_eq!(layout.crossings, 0);
        assert_eq!(count_polyline_crossings(&layout.edges), 0);
        // Two chains tangled in input order: 0→5→2, 1→4→3 with lower rows listed crosswise.
        let layout = super::layout(6, &[(0, 5), (5, 2), (1, 4), (4, 3), (0, 4)]);
        assert_eq!(layout.crossings, 0);
        assert_eq!(count_polyline_crossings(&layout.edges), 0);
    }

    #[test]
    fn kubernetes_option_has_two_crossings_where_dagre_has_three() {
        let layout = layout(8, &KUBERNETES_OPTION);
        assert_eq!(layout.crossings, 2);
        assert_eq!(count_polyline_crossings(&layout.edges), 2);
        assert_no_overlaps(&layout);
    }

    #[test]
    fn layout_long_managed_by_edge_does_not_loop_round_the_side() {
        // Drawn with the old ordering and placement, node-agent → ansible (managed by) left
        // the node agent's bottom, swung out past the left of every node and came back.
        // Every edge must stay within the horizontal span of the two nodes it joins.
        let layout = layout(8, &KUBERNETES_OPTION);
        for (points, &(from, to)) in layout.edges.iter().zip(&KUBERNETES_OPTION) {
            let (a, b) = (layout.nodes[from], layout.nodes[to]);
            let left = a.x.min(b.x);
            let right = (a.x + a.width).max(b.x + b.width);
            for &(x, _) in points {
                assert!(
                    (left..=right).contains(&x),
                    "edge {from}→{to} passes x = {x}, outside {left}..{right}: {points:?}"
                );
            }
        }
        // And the long managed-by edges run straight down through the rows they cross.
        for (points, edge) in layout.edges.iter().zip(&KUBERNETES_OPTION) {
            if *edge == (NODE_AGENT, ANSIBLE) || *edge == (STORAGE, CONTROL_PLANE) {
                assert_eq!(points.len(), 4, "{edge:?} crosses one row");
                assert_eq!(points[1].0, points[2].0);
            }
        }
    }

    #[test]
    fn drawn_crossings_are_the_counted_crossings() {
        for seed in 1..=6 {
            let edges = acyclic(40, 70, seed);
            let layout = layout(40, &edges);
            assert!(!layout.simplified);
            assert_eq!(
                count_polyline_crossings(&layout.edges),
                layout.crossings,
                "seed {seed}"
            );
            assert_no_overlaps(&layout);
        }
    }

    #[test]
    fn nodes_keep_their_sizes_and_rows_their_tallest() {
        let sizes = [
            NodeSize {
                width: 300.0,
                height: 61.0,
            },
            NodeSize {
                width: 150.0,
                height: 46.0,
            },
            NodeSize::DEFAULT,
        ];
        let layout = layout_sized(&sizes, &[(0, 2), (1, 2)]);
        assert_eq!(layout.nodes[0].width, 300.0);
        assert_eq!(layout.nodes[1].height, 61.0, "as tall as its row");
        assert_eq!(layout.nodes[2].height, NODE_HEIGHT);
        assert_no_overlaps(&layout);
        assert_inside(&layout);
    }

    #[test]
    fn a_large_random_graph_has_no_overlaps() {
        let edges = acyclic(300, 600, 7);
        let layout = layout(300, &edges);
        assert_eq!(layout.nodes.len(), 300);
        assert_eq!(layout.edges.len(), edges.len());
        assert_no_overlaps(&layout);
        assert_inside(&layout);
    }

    #[test]
    fn simplified_drawing_kicks_in_for_a_big_graph_and_keeps_nodes_apart() {
        let edges = acyclic(1_000, 5_000, 11);
        let layout = layout(1_000, &edges);
        assert!(layout.simplified);
        assert_no_overlaps(&layout);
        assert_inside(&layout);
        // Long edges are straight: two points each.
        assert!(layout.edges.iter().all(|points| points.len() == 2));
        // A small graph is drawn in full.
        assert!(!super::layout(20, &acyclic(20, 40, 11)).simplified);
    }

    #[test]
    fn a_small_graph_asked_for_straight_long_edges_is_drawn_simplified() {
        let edges = acyclic(20, 40, 11);
        let sizes = vec![NodeSize::DEFAULT; 20];
        let routed = super::layout_sized(&sizes, &edges);
        assert!(routed.edges.iter().any(|points| points.len() > 2));
        let straight = super::layout_sized_straight(&sizes, &edges);
        assert!(straight.simplified);
        assert!(straight.edges.iter().all(|points| points.len() == 2));
        assert!(straight.width < routed.width, "no slots for waypoints");
        assert_no_overlaps(&straight);
        assert_inside(&straight);
    }

    #[test]
    fn cycles_bad_indexes_and_bad_sizes_do_not_panic() {
        let layout = layout(3, &[(0, 1), (1, 2), (2, 0), (1, 1), (5, 0)]);
        assert_eq!(layout.nodes.len(), 3);
        assert_eq!(
            layout.edges.len(),
            4,
            "the edge to a missing node is dropped"
        );
        assert_no_overlaps(&layout);
        let sizes = [
            NodeSize {
                width: f64::NAN,
                height: -1.0,
            },
            NodeSize {
                width: f64::INFINITY,
                height: 0.0,
            },
        ];
        let layout = layout_sized(&sizes, &[(0, 1)]);
        assert_eq!(layout.nodes[0].width, NODE_WIDTH);
        assert_no_overlaps(&layout);
    }

    #[test]
    fn empty_graph() {
        let layout = layout(0, &[]);
        assert!(layout.nodes.is_empty());
        assert!(layout.height > 0.0);
    }
}
