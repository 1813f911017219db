//! The layout worker's messages: a layout request and its answer as flat arrays of numbers, which
//! a worker receives and posts as `Float64Array`s without parsing text (a graph of a thousand
//! components and five thousand edges is about 60,000 numbers).
//!
//! A request: `[seq, nodes, edges, (width, height) per node, (from, to) per edge]`.
//! An answer: `[seq, width, height, simplified, crossings, nodes, (x, y, width, height, layer)
//! per node, edges, then per edge its point count and (x, y) per point]`.
//!
//! Decoding never panics and never trusts a count: anything malformed is none.

use crate::layout::{Layout, LayoutInput, NodeBox, NodeSize};

/// A request to lay out `input`, numbered `seq`.
#[derive(Clone, Debug, PartialEq)]
pub struct Request {
    pub seq: u64,
    pub input: LayoutInput,
}

pub fn encode_request(seq: u64, input: &LayoutInput) -> Vec<f64> {
    let LayoutInput { sizes, edges } = input;
    let mut out = Vec::with_capacity(3 + 2 * sizes.len() + 2 * edges.len());
    out.extend([seq as f64, sizes.len() as f64, edges.len() as f64]);
    for size in sizes {
        out.extend([size.width, size.height]);
    }
    for &(from, to) in edges {
        out.extend([from as f64, to as f64]);
    }
    out
}

pub fn decode_request(data: &[f64]) -> Option<Request> {
    let mut reader = Reader { data, at: 0 };
    let seq = reader.count()? as u64;
    let nodes = reader.count()?;
    let edges = reader.count()?;
    if reader.left() != 2 * nodes + 2 * edges {
        return None;
    }
    let sizes = (0..nodes)
        .map(|_| {
            Some(NodeSize {
                width: reader.number()?,
                height: reader.number()?,
            })
        })
        .collect::<Option<Vec<_>>>()?;
    let edges = (0..edges)
        .map(|_| Some((reader.count()?, reader.count()?)))
        .collect::<Option<Vec<_>>>()?;
    Some(Request {
        seq,
        input: LayoutInput { sizes, edges },
    })
}

pub fn encode_layout(seq: u64, layout: &Layout) -> Vec<f64> {
    let points: usize = layout.edges.iter().map(Vec::len).sum();
    let mut out = Vec::with_capacity(7 + 5 * layout.nodes.len() + layout.edges.len() + 2 * points);
    out.extend([
        seq as f64,
        layout.width,
        layout.height,
        f64::from(u8::from(layout.simplified)),
        layout.crossings as f64,
        layout.nodes.len() as f64,
    ]);
    for node in &layout.nodes {
        out.extend([node.x, node.y, node.width, node.height, node.layer as f64]);
    }
    out.push(layout.edges.len() as f64);
    for edge in &layout.edges {
        out.push(edge.len() as f64);
        for &(x, y) in edge {
            out.extend([x, y]);
        }
    }
    out
}

/// The answer's request number and layout.
pub fn decode_layout(data: &[f64]) -> Option<(u64, Layout)> {
    let mut reader = Reader { data, at: 0 };
    let seq = reader.count()? as u64;
    let width = reader.number()?;
    let height = reader.number()?;
    let simplified = reader.count()? != 0;
    let crossings = reader.count()?;
    let node_count = reader.count()?;
    if reader.left() < 5 * node_count {
        return None;
    }
    let nodes = (0..node_count)
        .map(|_| {
            Some(NodeBox {
                x: reader.number()?,
                y: reader.number()?,
                width: reader.number()?,
                height: reader.number()?,
                layer: reader.count()?,
            })
        })
        .collect::<Option<Vec<_>>>()?;
    let edge_count = reader.count()?;
    if reader.left() < edge_count {
        return None;
    }
    let mut edges = Vec::with_capacity(edge_count);
    for _ in 0..edge_count {
        let points = reader.count()?;
        if reader.left() < 2 * points {
            return None;
        }
        edges.push(
            (0..points)
                .map(|_| Some((reader.number()?, reader.number()?)))
                .collect::<Option<Vec<_>>>()?,
        );
    }
    if reader.left() != 0 {
        return None;
    }
    let layout = Layout {
        nodes,
        edges,
        width,
        height,
        crossings,
        simplified,
    };
    Some((seq, layout))
}

struct Reader<'a> {
    data: &'a [f64],
    at: usize,
}

impl Reader<'_> {
    fn left(&self) -> usize {
        self.data.len() - self.at
    }

    fn number(&mut self) -> Option<f64> {
        let value = *self.data.get(self.at)?;
        self.at += 1;
        value.is_finite().then_some(value)
    }

    /// A whole, non-negative number that fits in memory's counts.
    fn count(&mut self) -> Option<usize> {
        let value = self.number()?;
        (value >= 0.0 && value.fract() == 0.0 && value <= u32::MAX as f64).then_some(value as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::layout_sized;

    fn sizes(n: usize) -> Vec<NodeSize> {
        (0..n)
            .map(|i| NodeSize {
                width: 150.0 + i as f64,
                height: 46.0,
            })
            .collect()
    }

    #[test]
    fn a_request_survives_the_trip() {
        let input = LayoutInput {
            sizes: sizes(3),
            edges: vec![(0, 1), (1, 2), (0, 2)],
        };
        let data = encode_request(7, &input);
        let request = decode_request(&data).expect("decodes");
        assert_eq!(request, Request { seq: 7, input });
    }

    #[test]
    fn a_layout_survives_the_trip() {
        let edges = vec![(0, 1), (1, 2), (0, 2), (3, 2)];
        let layout = layout_sized(&sizes(4), &edges);
        let (seq, back) = decode_layout(&encode_layout(42, &layout)).expect("decodes");
        assert_eq!(seq, 42);
        assert_eq!(back, layout);
    }

    #[test]
    fn malformed_messages_are_none_not_a_panic() {
        let good = encode_layout(1, &layout_sized(&sizes(3), &[(0, 1), (1, 2)]));
        for cut in 0..good.len() {
            assert_eq!(decode_layout(&good[..cut]), None, "cut at {cut}");
        }
        let request = encode_request(
            1,
            &LayoutInput {
                sizes: sizes(2),
                edges: vec![(0, 1)],
            },
        );
        for cut in 0..request.len() {
            assert_eq!(decode_request(&request[..cut]), None, "cut at {cut}");
        }
        // Counts that lie, negative or fractional counts, and numbers that are not.
        assert_eq!(decode_request(&[1.0, 1e12, 0.0]), None);
        assert_eq!(decode_request(&[1.0, -1.0, 0.0]), None);
        assert_eq!(decode_request(&[1.0, 0.5, 0.0]), None);
        assert_eq!(decode_request(&[1.0, 1.0, 0.0, f64::NAN, 1.0]), None);
        assert_eq!(
            decode_layout(&[1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 3.0, 1e9]),
            None
        );
    }
}
