//! The drawing of an option's component graph as SVG markup: one renderer for the page and the
//! SVG export. All user text goes through [`xml_text`]; ids and kinds are attribute values, also
//! escaped. The page's stylesheet restyles the same markup (classes win over the presentation
//! attributes, which are what a standalone file shows).

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::Arc;

mod chart;
mod drawn_from;
mod first_paint;
mod overview;
pub use chart::sweep_chart;
pub use drawn_from::DrawnFrom;
pub use first_paint::first_paint_html;
pub use overview::{
    draws_overview, kind_groups, overview_drawing, KindGroup, KIND_NODE_PREFIX, OVERVIEW_ABOVE,
    OVERVIEW_EDGES_AT_MOST,
};

use crate::analysis::{Analysis, ComponentReport};
use crate::export::xml_text;
use crate::format::Rounded;
use crate::graph::{Origin, Scaling};
pub use crate::layout::LayoutInput;
use crate::layout::{layout_sized, Layout, NodeBox, NodeSize};
use crate::model::Relation;

/// Wider drawings scroll in the page instead of being scaled down to unreadable text.
pub const WIDEST_SCALED: f64 = 1100.0;

pub enum GraphStyle<'a> {
    /// In the page: interactive nodes (focusable, with a description), the selected one marked.
    Page { selected: Option<&'a str> },
    /// A file of its own: namespace, background and a caption.
    Standalone { caption: String },
}

// ----- node text: sized to fit, never cut while it can be wrapped -----------------------------
//
// The page cannot measure text before drawing (the SVG is one string), so widths are estimated
// from per-character advances of DejaVu Sans, the widest common `system-ui` face (Debian's
// Chromium uses it), so that the estimate errs wide on every platform.

const LABEL_FONT: f64 = 12.5;
const META_FONT: f64 = 11.0;
/// Bold label text is this much wider than regular.
const BOLD: f64 = 1.13;
/// Space between a node's border and its text.
const PAD: f64 = 10.0;
const MIN_NODE_WIDTH: f64 = 150.0;
/// A label wider than this is wrapped to two lines.
const WRAP_WIDTH: f64 = 190.0;
/// The widest a line of node text may be; a label longer than two such lines ends in "…" (the
/// full label is in the node's accessible name and in its details).
const MAX_TEXT_WIDTH: f64 = 300.0;
const LINE_HEIGHT: f64 = 15.0;
/// A node with a one-line label.
const BASE_NODE_HEIGHT: f64 = 46.0;

/// The advance of a character in ems, erring wide.
fn char_em(c: char) -> f64 {
    match c {
        'i' | 'j' | 'l' | '\'' | '|' | '.' | ',' | ':' | ';' | '!' => 0.34,
        ' ' => 0.32,
        'f' | 't' | 'r' | 'I' | 'J' | '(' | ')' | '[' | ']' | '-' | '/' => 0.42,
        'm' => 0.98,
        'w' | 'M' => 0.88,
        'W' => 1.0,
        'a'..='z' => 0.64,
        'A'..='Z' => 0.78,
        '0'..='9' => 0.64,
        c if c.is_ascii() => 0.84,
        // Latin, Greek, Cyrillic and symbols; CJK and the rest are full-width.
        c if (c as u32) < 0x1100 => 0.8,
        _ => 1.05,
    }
}

/// The estimated width of `text` at `font_size` pixels.
fn text_width(text: &str, font_size: f64) -> f64 {
    text.chars().map(char_em).sum::<f64>() * font_size
}

/// The longest prefix of `text` that fits `width` (at least one character), and the rest.
fn split_to_fit(text: &str, font_size: f64, width: f64) -> (&str, &str) {
    let mut used = 0.0;
    for (i, c) in text.char_indices() {
        used += char_em(c) * font_size;
        if used > width && i > 0 {
            return (&text[..i], &text[i..]);
        }
    }
    (text, "")
}

/// `text` cut to `width` with an ellipsis when it does not fit.
fn cut_to_fit(text: &str, font_size: f64, width: f64) -> String {
    if text_width(text, font_size) <= width {
        return text.to_string();
    }
    let (kept, _) = split_to_fit(text, font_size, width - char_em('…') * font_size);
    format!("{}…", kept.trim_end())
}

/// `text` as at most two lines, each at most `MAX_TEXT_WIDTH` wide, wrapped when it is wider
/// than `wrap_at`. The lines concatenated give the text back (a line broken at a space keeps the
/// space at its end), so the visible text reads the same as the accessible name, unless the text
/// is too long for two lines: then the second line ends in "…".
fn two_lines(text: &str, font_size: f64, wrap_at: f64) -> Vec<String> {
    let width = |t: &str| text_width(t, font_size);
    if width(text) <= wrap_at {
        return vec![text.to_string()];
    }
    // The break (after a space, a hyphen or a slash) that makes the wider line narrowest.
    let best = text
        .char_indices()
        .filter(|&(_, c)| c == ' ' || c == '-' || c == '/')
        .map(|(i, c)| i + c.len_utf8())
        .filter(|&at| at < text.len())
        .map(|at| {
            let (first, second) = text.split_at(at);
            (width(first.trim_end()).max(width(second)), at)
        })
        .min_by(|a, b| a.0.total_cmp(&b.0));
    if let Some((widest, at)) = best {
        if widest <= MAX_TEXT_WIDTH {
            let (first, second) = text.split_at(at);
            return vec![first.to_string(), second.to_string()];
        }
    }
    // No break keeps both lines narrow enough: fill the first line, cut the second.
    let (first, rest) = split_to_fit(text, font_size, MAX_TEXT_WIDTH);
    if rest.is_empty() {
        return vec![first.to_string()];
    }
    vec![
        first.to_string(),
        cut_to_fit(rest, font_size, MAX_TEXT_WIDTH),
    ]
}

/// What a node shows: its label's lines and its meta's lines, and the size that fits them.
#[derive(Clone, Debug)]
struct NodeText {
    label: Vec<String>,
    meta: Vec<String>,
    size: NodeSize,
}

fn node_text(label: &str, meta: &str) -> NodeText {
    let label = two_lines(label, LABEL_FONT * BOLD, WRAP_WIDTH);
    let label_width = label
        .iter()
        .map(|line| text_width(line.trim_end(), LABEL_FONT * BOLD))
        .fold(0.0_f64, f64::max);
    // The meta line wraps only where it would make the node much wider than its label.
    let meta = two_lines(meta, META_FONT, label_width.max(WRAP_WIDTH) + 40.0);
    let widest = meta
        .iter()
        .map(|line| text_width(line.trim_end(), META_FONT))
        .fold(label_width, f64::max);
    let extra_lines = label.len() + meta.len() - 2;
    let size = NodeSize {
        width: (widest + 2.0 * PAD).clamp(MIN_NODE_WIDTH, MAX_TEXT_WIDTH + 2.0 * PAD),
        height: BASE_NODE_HEIGHT + LINE_HEIGHT * extra_lines as f64,
    };
    NodeText { label, meta, size }
}

/// A node's text: one line as it is, more as `<tspan>`s one `LINE_HEIGHT` apart from `top`.
fn push_lines(out: &mut String, lines: &[String], top: f64) {
    if let [line] = lines {
        out.push_str(&xml_text(line));
        return;
    }
    for (k, line) in lines.iter().enumerate() {
        // SVG drops a tspan's trailing space, which would glue the lines' words together in the
        // text a screen reader or axe reads; a no-break space survives and reads as a space.
        let shown = match line.strip_suffix(' ') {
            Some(kept) if k + 1 < lines.len() => format!("{kept}\u{a0}"),
            _ => line.clone(),
        };
        let _ = write!(
            out,
            "<tspan x=\"{}\" y=\"{}\">{}</tspan>",
            Rounded::whole(PAD),
            Rounded::whole(top + LINE_HEIGHT * k as f64),
            xml_text(&shown)
        );
    }
}

/// The edges `graph_svg` lays out, in the order of the option's edge list (examples and tests
/// lay out exactly what the page draws).
pub fn graph_edges(analysis: &Analysis, option_index: usize) -> Vec<(usize, usize)> {
    analysis.options[option_index]
        .graph
        .edges
        .iter()
        .map(|e| (e.from, e.to))
        .collect()
}

/// What each node of an option's graph shows (label, one line of meta), what its accessible
/// name says (the visible text first, then what it adds), and the size that fits its text.
struct NodeView {
    /// Shared with the graph's `NodeTexts`, which keeps it for the next drawing.
    text: Arc<NodeText>,
    /// The accessible name: the full label and meta, then what the colours and dashes say.
    description: String,
}

/// The nodes' wrapped text of the last drawing of a graph, by label and meta: wrapping a
/// thousand nodes' text takes milliseconds, and an edit changes a few of them. Only what the
/// last drawing used is kept.
#[derive(Debug, Default)]
pub struct NodeTexts(HashMap<(String, String), Arc<NodeText>>);

impl NodeTexts {
    /// The text of a node with this label and meta: the one held, or a new one.
    fn take(&mut self, kept: &mut NodeTexts, label: &str, meta: String) -> Arc<NodeText> {
        let key = (label.to_string(), meta);
        let text = match self.0.remove(&key) {
            Some(text) => text,
            None => match kept.0.get(&key) {
                Some(text) => Arc::clone(text),
                None => Arc::new(node_text(&key.0, &key.1)),
            },
        };
        kept.0.insert(key, Arc::clone(&text));
        text
    }
}

fn node_views(analysis: &Analysis, option_index: usize, texts: &mut NodeTexts) -> Vec<NodeView> {
    let mut kept = NodeTexts::default();
    let views = node_views_with(analysis, option_index, |label, meta| {
        texts.take(&mut kept, label, meta)
    });
    *texts = kept;
    views
}

fn node_views_with(
    analysis: &Analysis,
    option_index: usize,
    mut text_of: impl FnMut(&str, String) -> Arc<NodeText>,
) -> Vec<NodeView> {
    let option = &analysis.options[option_index];
    let graph = &option.graph;
    // By id, for the label of what pulled a component in: looking each up in the list would
    // make a thousand pulled-in components a million comparisons.
    let by_id: HashMap<&str, &str> = graph
        .components
        .iter()
        .map(|c| (c.id.as_str(), c.label.as_str()))
        .collect();
    graph
        .components
        .iter()
        .enumerate()
        .map(|(i, component)| {
            let kind = &analysis.catalog.kinds[component.kind];
            let meta = match (&component.origin, &component.provider) {
                (_, Some(provider)) => format!("run by {}", provider.name),
                (Origin::PulledIn { by }, None) => {
                    let first = by
                        .first()
                        .and_then(|id| by_id.get(id.as_str()).copied())
                        .unwrap_or_default();
                    format!("needed by {first}")
                }
                // "one per server" rather than "×12": the drawing then says how the component
                // scales, and it stays the same drawing when the fleet or the workload changes
                // (so a context edit redraws no graph).
                (Origin::Declared, None) => match component.scaling {
                    Scaling::Fixed(n) => format!("×{n} · {}", kind.category),
                    Scaling::PerServer => format!("one per server · {}", kind.category),
                    Scaling::PerService => format!("one per service · {}", kind.category),
                },
            };
            // What it is: its label and what the node shows under it (first, as a name must start
            // with the visible text), then its kind when the label is the user's own (an
            // imported service is named after itself).
            let mut description = format!("{}. {meta}.", component.label);
            if component.label != kind.name.as_ref() {
                let _ = write!(description, " {}.", kind.name);
            }
            for (on, what) in [
                (analysis.is_added(option_index, i), " Added by this option."),
                (
                    analysis.is_pulled_in(option_index, i),
                    " Pulled in by a requirement.",
                ),
                (
                    option.components[i].single_point_of_failure,
                    " Single point of failure.",
                ),
            ] {
                if on {
                    description.push_str(what);
                }
            }
            NodeView {
                text: text_of(&component.label, meta),
                description,
            }
        })
        .collect()
}

/// What a component adds to operate a month, as its graph node says it to a screen reader. The
/// page writes it on the node after each analysis (`aria-description`): a drawing is the same
/// whatever the context, these numbers are not.
pub fn what_it_adds(report: &ComponentReport) -> String {
    format!(
        "Adds {} of ops and {} a month.",
        crate::format::hours(report.ops_hours_month),
        crate::format::money(report.money_month)
    )
}

/// The layout `graph_svg` draws: node sizes fitted to their text, the option's edges.
pub fn graph_layout(analysis: &Analysis, option_index: usize) -> Layout {
    let sizes: Vec<NodeSize> = node_views(analysis, option_index, &mut NodeTexts::default())
        .iter()
        .map(|view| view.text.size)
        .collect();
    layout_sized(&sizes, &graph_edges(analysis, option_index))
}

/// The SVG of an option's component graph. It has a `viewBox` and an intrinsic `width` and
/// `height` in CSS pixels: drawn at that size, its text is at the sizes the page's stylesheet
/// names; a page keeps it at 1:1 (scrolling it when it is wider than the column) rather than
/// shrinking it.
pub fn graph_svg(analysis: &Analysis, option_index: usize, style: &GraphStyle) -> String {
    graph_svg_cached(analysis, option_index, style, &mut LayoutCache::default())
}

/// An option's graph before it is laid out: what each node says and the size that fits it, and
/// the layout's input. Made once per drawing: wrapping a thousand nodes' text is not free.
pub struct GraphText {
    views: Vec<NodeView>,
    pub input: LayoutInput,
}

pub fn graph_text(analysis: &Analysis, option_index: usize) -> GraphText {
    graph_text_kept(analysis, option_index, &mut NodeTexts::default())
}

/// `graph_text`, with the nodes' text of the last drawing kept in `texts` (only the nodes
/// whose label or meta changed are wrapped again).
pub fn graph_text_kept(
    analysis: &Analysis,
    option_index: usize,
    texts: &mut NodeTexts,
) -> GraphText {
    let views = node_views(analysis, option_index, texts);
    let input = LayoutInput {
        sizes: views.iter().map(|view| view.text.size).collect(),
        edges: graph_edges(analysis, option_index),
    };
    GraphText { views, input }
}

impl GraphText {
    /// The drawing of the graph with `layout`, laid out elsewhere (the layout worker); none
    /// unless `layout` has a node for each component and a line for each edge.
    pub fn draw(
        &self,
        analysis: &Analysis,
        option_index: usize,
        style: &GraphStyle,
        layout: &Layout,
    ) -> Option<Drawing> {
        let graph = &analysis.options.get(option_index)?.graph;
        let fits = layout.nodes.len() == graph.components.len()
            && layout.edges.len() == graph.edges.len()
            && self.views.len() == graph.components.len();
        fits.then(|| drawing_of(analysis, option_index, style, &self.views, layout))
    }
}

/// The last layout of one graph, kept so that drawing the same graph again (new numbers, another
/// selection) does not lay it out again.
#[derive(Debug, Default)]
pub struct LayoutCache {
    last: Option<(LayoutInput, Layout)>,
}

impl LayoutCache {
    /// The layout of `input`, if it is the one held.
    pub fn get(&self, input: &LayoutInput) -> Option<&Layout> {
        self.last
            .as_ref()
            .filter(|(held, _)| held == input)
            .map(|(_, layout)| layout)
    }

    /// Holds `layout` as the layout of `input`, in place of the one held.
    pub fn put(&mut self, input: LayoutInput, layout: Layout) {
        self.last = Some((input, layout));
    }

    /// The layout of `input`: the one held, or a new one, laid out now and then held.
    pub fn layout(&mut self, input: &LayoutInput) -> &Layout {
        let last = match self.last.take() {
            Some((held, layout)) if held == *input => (held, layout),
            _ => (input.clone(), input.lay_out()),
        };
        &self.last.insert(last).1
    }

    /// Whether the last drawing reused the layout before it (for tests).
    pub fn holds(&self, input: &LayoutInput) -> bool {
        self.get(input).is_some()
    }
}

/// [`graph_svg`], laying the graph out only when its node sizes or edges changed since the
/// drawing `cache` last saw.
pub fn graph_svg_cached(
    analysis: &Analysis,
    option_index: usize,
    style: &GraphStyle,
    cache: &mut LayoutCache,
) -> String {
    graph_drawing(analysis, option_index, style, cache).to_svg()
}

// ----- the drawing as keyed parts ---------------------------------------------------------------
//
// The page patches the SVG it shows rather than rebuilding it: a component added to a graph of a
// thousand moves every node a little, and setting a thousand `transform`s costs the browser a
// fraction of parsing and laying out a thousand new elements. So a drawing is kept as parts, each
// with a key (a component id, or an edge's ends and relation), the attribute that places it, and
// the rest of its markup.

/// Markup whose text is escaped. Only this module makes one, from escaped pieces, so the page can
/// insert it as it is.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Markup(String);

impl Markup {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The `<option>`s of a select, each `(value, text)` escaped: a select of a thousand components
/// is parsed by the browser in one go, where building it element by element took tens of
/// milliseconds each time a component's details opened.
pub fn select_options(choices: &[(String, String)]) -> Markup {
    let mut out = String::with_capacity(choices.iter().map(|(v, t)| v.len() + t.len() + 24).sum());
    for (value, text) in choices {
        let _ = write!(
            out,
            "<option value=\"{}\">{}</option>",
            xml_text(value),
            xml_text(text)
        );
    }
    Markup(out)
}

/// One drawn element: a node (`<g>`, placed by `transform`) or an edge (`<path>`, placed by `d`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Part {
    /// Unique among the parts of its group in a valid model: a component id, or an edge's ends
    /// and relation.
    pub key: String,
    /// The attribute that places the element; its value is numbers only.
    pub place_attribute: &'static str,
    pub place: String,
    /// The element's markup before the placing attribute (the open tag's start) and after it.
    pub open: Markup,
    pub rest: Markup,
}

impl Part {
    /// Whether `other` is the same element, wherever it is placed.
    pub fn looks_like(&self, other: &Part) -> bool {
        self.key == other.key && self.open == other.open && self.rest == other.rest
    }

    fn write_to(&self, out: &mut String) {
        out.push_str(&self.open.0);
        let _ = write!(out, " {}=\"{}\"", self.place_attribute, self.place);
        out.push_str(&self.rest.0);
    }

    /// The element's whole markup.
    pub fn markup(&self) -> Markup {
        let mut out = String::new();
        self.write_to(&mut out);
        Markup(out)
    }
}

/// An option's graph drawing: the root `<svg>`'s attributes, then its children: `head`, a
/// `<g class="edges">` of the edges, a `<g class="nodes">` of the nodes, then `tail`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Drawing {
    /// The root element's attributes, in order, with values as the DOM holds them (unescaped).
    pub root: Vec<(&'static str, String)>,
    /// The root's width and height, in pixels: its viewport.
    pub canvas: (u32, u32),
    /// What the graph takes of the canvas: all of it, unless the viewport is fixed
    /// (`fixed_viewport`).
    pub content: (u32, u32),
    /// A big graph's SVG in the page: its viewport is fixed (see [`PAGE_VIEWPORT_SIDE`]) and
    /// the page shows only its `content`.
    pub fixed_viewport: bool,
    /// A standalone file's title and background, the arrowhead.
    pub head: Markup,
    /// What a simplified drawing or an overview says of itself, above the graph (plain text).
    /// Kept apart from `head` so that a new count in it is patched as text, not drawn anew.
    pub note: Option<String>,
    pub edges: Vec<Part>,
    pub nodes: Vec<Part>,
    /// A standalone file's caption.
    pub tail: Markup,
}

impl Drawing {
    /// The drawing as one SVG element (what [`graph_svg`] returns).
    pub fn to_svg(&self) -> String {
        self.to_svg_with_first_nodes(self.nodes.len())
    }

    /// The drawing as one SVG element with only its first `count` nodes: the page adds the
    /// others to `<g class="nodes">` later, in order.
    pub fn to_svg_with_first_nodes(&self, count: usize) -> String {
        let nodes = &self.nodes[..count.min(self.nodes.len())];
        let parts = self.edges.iter().chain(nodes);
        let mut out = String::with_capacity(
            1024 + parts
                .map(|p| p.open.0.len() + p.rest.0.len() + p.place.len() + 16)
                .sum::<usize>(),
        );
        out.push_str("<svg");
        for (name, value) in &self.root {
            let _ = write!(out, " {name}=\"{}\"", xml_text(value));
        }
        out.push('>');
        out.push_str(&self.head.0);
        if let Some(note) = &self.note {
            let _ = write!(out, "{NOTE_OPEN}{}</text>", xml_text(note));
        }
        out.push_str(EDGES_OPEN);
        for edge in &self.edges {
            edge.write_to(&mut out);
        }
        out.push_str(NODES_OPEN);
        for node in nodes {
            node.write_to(&mut out);
        }
        out.push_str("</g>");
        out.push_str(&self.tail.0);
        out.push_str("</svg>\n");
        out
    }

    /// Whether `other` differs from this drawing only in its root's attributes and its parts, so
    /// that the page can patch one into the other.
    pub fn patchable_into(&self, other: &Drawing) -> bool {
        self.head == other.head
            && self.tail == other.tail
            && self.note.is_some() == other.note.is_some()
    }

    /// The root attributes to set (name, value) and to remove (name, none) to turn this
    /// drawing's root into `other`'s.
    pub fn root_changes<'a>(&self, other: &'a Drawing) -> Vec<(&'static str, Option<&'a str>)> {
        fn value<'r>(root: &'r [(&'static str, String)], name: &str) -> Option<&'r str> {
            root.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.as_str())
        }
        let mut changes: Vec<(&'static str, Option<&'a str>)> = other
            .root
            .iter()
            .filter(|(name, new)| value(&self.root, name) != Some(new.as_str()))
            .map(|(name, new)| (*name, Some(new.as_str())))
            .collect();
        changes.extend(
            self.root
                .iter()
                .filter(|(name, _)| value(&other.root, name).is_none())
                .map(|(name, _)| (*name, None)),
        );
        changes
    }
}

/// For each part of `new`, the index of the part of `old` whose element it can keep (the same
/// element, perhaps placed elsewhere), or none when its element must be made. Each old part is
/// kept at most once.
pub fn reuse_plan(old: &[Part], new: &[Part]) -> Vec<Option<usize>> {
    let mut by_key: std::collections::HashMap<&str, usize> =
        std::collections::HashMap::with_capacity(old.len());
    for (i, part) in old.iter().enumerate() {
        by_key.entry(part.key.as_str()).or_insert(i);
    }
    new.iter()
        .map(|part| {
            let i = by_key.remove(part.key.as_str())?;
            old[i].looks_like(part).then_some(i)
        })
        .collect()
}

/// Where two lists differ: `new` is `old` with `removed` items at `at` replaced by `added` items
/// (the items of `new` from `at`), the rest equal. An edit of a long list (a component added to
/// a thousand) is then a change of one or two items where it is shown, not all of them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChangedSpan {
    pub at: usize,
    pub removed: usize,
    pub added: usize,
}

pub fn changed_span<T: PartialEq>(old: &[T], new: &[T]) -> ChangedSpan {
    let at = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let after = old[at..]
        .iter()
        .rev()
        .zip(new[at..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    ChangedSpan {
        at,
        removed: old.len() - at - after,
        added: new.len() - at - after,
    }
}

const EDGES_OPEN: &str = "<g class=\"edges\">";
/// The note's element, up to its text.
const NOTE_OPEN: &str = "<text class=\"graph-note\" data-testid=\"graph-simplified\" x=\"12\" y=\"18\" font-size=\"12\" fill=\"#5b6475\">";
const NODES_OPEN: &str = "</g><g class=\"nodes\">";

/// The drawing of an option's graph, laid out again only when its node sizes or edges changed
/// since the drawing `cache` last saw.
pub fn graph_drawing(
    analysis: &Analysis,
    option_index: usize,
    style: &GraphStyle,
    cache: &mut LayoutCache,
) -> Drawing {
    let GraphText { views, input } = graph_text(analysis, option_index);
    drawing_of(analysis, option_index, style, &views, cache.layout(&input))
}

/// A big graph's SVG in the page has a viewport of this many pixels a side, whatever its
/// content: the page clips it to the content (`Drawing::content`). Resizing an SVG's viewport
/// makes the browser lay out everything in it again (25–45 ms at a thousand components), and an
/// edit of a big graph changes its laid-out size; resizing the box that clips it costs nothing.
/// Content bigger than this gets a viewport of whole multiples of it. The export fits exactly.
pub const PAGE_VIEWPORT_SIDE: u32 = 1 << 20;
/// Graphs with more nodes and edges than this are big, in the sense of [`PAGE_VIEWPORT_SIDE`];
/// a smaller graph's SVG is sized to fit, so that it sits centred in its panel.
pub const STEADY_SIZE_ABOVE: usize = 300;

/// `length` in whole pixels, as drawings have always written it (halves rounded to even); 0
/// for what no `u32` holds (a negative length, NaN, an infinity).
fn whole_pixels(length: f64) -> u32 {
    let rounded = length.round_ties_even();
    if (0.0..=f64::from(u32::MAX)).contains(&rounded) {
        rounded as u32
    } else {
        0
    }
}

/// The side of a big graph's viewport in the page, for content of `side` pixels.
fn page_viewport_side(side: u32) -> u32 {
    side.div_ceil(PAGE_VIEWPORT_SIDE)
        .max(1)
        .saturating_mul(PAGE_VIEWPORT_SIDE)
}

/// A drawing of more nodes than this, put on the page whole, is put there this many nodes a
/// frame ([`Drawing::to_svg_with_first_nodes`]): a node is about nine boxes for the browser to
/// style and lay out (its group, shape, text and badges), and on a 2-core machine a frame that
/// added 250 nodes took 70–100 ms, during which the page did not answer. With 100 a frame, the
/// first frames (which pay first-time costs) still took 50–80 ms to render; with 50, undriven
/// loads of a 1,000-component link had no task over 50 ms after interactive (a median of 1 with
/// 100). The graph then takes about 20 frames to fill in.
pub const REVEAL_AT_ONCE: usize = 50;

/// Above this many edges the page draws only the selected component's edges (all of them are
/// still laid out, and an exported SVG draws them all): thousands of lines read as a smear, and
/// drawing and moving them is most of what an edit of such a graph costs the browser.
pub const FOCUS_ABOVE_EDGES: usize = 2_000;

/// Whether the page draws only the selected component's edges of option `option_index`.
pub fn draws_selected_edges_only(analysis: &Analysis, option_index: usize) -> bool {
    analysis
        .options
        .get(option_index)
        .is_some_and(|option| option.graph.edges.len() > FOCUS_ABOVE_EDGES)
}

fn drawing_of(
    analysis: &Analysis,
    option_index: usize,
    style: &GraphStyle,
    views: &[NodeView],
    layout: &Layout,
) -> Drawing {
    let option = &analysis.options[option_index];
    let standalone = matches!(style, GraphStyle::Standalone { .. });
    let selected = match style {
        GraphStyle::Page { selected } => *selected,
        GraphStyle::Standalone { .. } => None,
    };
    let edges_shown = if standalone || !draws_selected_edges_only(analysis, option_index) {
        EdgesShown::All
    } else {
        EdgesShown::OfSelected(selected)
    };
    let caption = if standalone { 28.0 } else { 0.0 };
    // A simplified drawing says so above the graph, which moves down to make room.
    let top = if layout.simplified || edges_shown != EdgesShown::All {
        22.0
    } else {
        0.0
    };
    let width = layout.width.max(if standalone { 320.0 } else { 0.0 });
    let height = layout.height + caption + top;
    let content = (whole_pixels(width), whole_pixels(height));
    let fixed_viewport = !standalone
        && views.len() + analysis.options[option_index].graph.edges.len() > STEADY_SIZE_ABOVE;
    let canvas = if fixed_viewport {
        (page_viewport_side(content.0), page_viewport_side(content.1))
    } else {
        content
    };
    let title = format!("Component graph of {}", option.name);
    let mut root: Vec<(&'static str, String)> = Vec::with_capacity(12);
    if standalone {
        root.push(("xmlns", "http://www.w3.org/2000/svg".into()));
    }
    root.push((
        "class",
        if width > WIDEST_SCALED {
            "graph wide"
        } else {
            "graph"
        }
        .into(),
    ));
    root.push(("data-testid", "graph".into()));
    root.push(("data-option-id", option.id.clone()));
    if layout.simplified {
        root.push(("data-simplified", "true".into()));
    }
    root.push(("role", "group".into()));
    root.push(("aria-label", title.clone()));
    root.push(("width", canvas.0.to_string()));
    root.push(("height", canvas.1.to_string()));
    root.push(("viewBox", format!("0 0 {} {}", canvas.0, canvas.1)));
    root.push(("font-family", "system-ui, sans-serif".into()));

    let mut head = String::new();
    if standalone {
        let _ = write!(
            head,
            "<title>{}</title><rect width=\"{}\" height=\"{}\" fill=\"#ffffff\"/>",
            xml_text(&title),
            Rounded::whole(width),
            Rounded::whole(height)
        );
    }
    let note = match (edges_shown, layout.simplified) {
        (EdgesShown::OfSelected(_), _) => Some("Simplified drawing: too many connections to draw them all. Select a component to see its own."),
        (EdgesShown::All, true) => Some("Simplified drawing: long edges drawn straight, without arrowheads."),
        (EdgesShown::All, false) => None,
    };
    push_arrow_marker(&mut head, option_index);
    let mut tail = String::new();
    if let GraphStyle::Standalone { caption } = style {
        let _ = write!(
            tail,
            "<text x=\"12\" y=\"{}\" font-size=\"11\" fill=\"#5b6475\">{}</text>",
            Rounded::whole(height - 10.0),
            xml_text(caption)
        );
    }
    Drawing {
        root,
        canvas,
        content,
        fixed_viewport,
        head: Markup(head),
        note: note.map(str::to_string),
        edges: edge_parts(analysis, option_index, layout, top, edges_shown),
        nodes: node_parts(
            analysis,
            option_index,
            views,
            layout,
            top,
            selected,
            standalone,
        ),
        tail: Markup(tail),
    }
}

/// Which edges a drawing shows.
#[derive(Clone, Copy, PartialEq, Eq)]
enum EdgesShown<'a> {
    All,
    /// Those of the selected component, if any (`FOCUS_ABOVE_EDGES`).
    OfSelected(Option<&'a str>),
}

/// The rest of a node's markup after its open tag's attributes: its title (the escaped
/// `tooltip`), if any, its box in the colours of an added node or another (dashed for a node
/// pulled in), its label's lines and its meta's, and the closing tag.
fn push_node_body(
    out: &mut String,
    tooltip: Option<&str>,
    node: &NodeBox,
    text: &NodeText,
    added: bool,
    dashed: bool,
) {
    let (fill, stroke, ink) = if added {
        ("#f1e8fc", "#7b3fc4", "#3d1466")
    } else {
        ("#eef1f6", "#b8bfcc", "#1c2230")
    };
    out.push('>');
    if let Some(tooltip) = tooltip {
        let _ = write!(out, "<title>{tooltip}</title>");
    }
    let _ = write!(
        out,
        "<rect width=\"{}\" height=\"{}\" rx=\"7\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"1.5\"{}/><text class=\"node-label\" x=\"{}\" y=\"19\" font-size=\"{}\" font-weight=\"600\" fill=\"{ink}\">",
        Rounded::tenths(node.width),
        Rounded::tenths(node.height),
        if dashed { " stroke-dasharray=\"5 3\"" } else { "" },
        Rounded::whole(PAD),
        Rounded::tenths(LABEL_FONT),
    );
    push_lines(out, &text.label, 19.0);
    // A space between the label and the meta in the text a screen reader or axe reads
    // ("plane needed by", not "planeneeded by"); SVG does not draw a trailing space.
    out.push(' ');
    let meta_top = node.height - 10.0 - LINE_HEIGHT * (text.meta.len() - 1) as f64;
    let _ = write!(
        out,
        "</text><text class=\"node-meta\" x=\"{}\" y=\"{}\" font-size=\"{}\" fill=\"#5b6475\">",
        Rounded::whole(PAD),
        Rounded::whole(meta_top),
        Rounded::whole(META_FONT),
    );
    push_lines(out, &text.meta, meta_top);
    out.push_str("</text></g>");
}

/// A node's `transform`: its box's corner, moved down by `top`.
fn node_place(node: &NodeBox, top: f64) -> String {
    format!(
        "translate({},{})",
        Rounded::tenths(node.x),
        Rounded::tenths(node.y + top)
    )
}

/// An edge's path (`d`) through `points`, moved down by `top`.
fn edge_path(points: &[(f64, f64)], top: f64) -> String {
    let mut d = String::with_capacity(points.len() * 16);
    for (i, (x, y)) in points.iter().enumerate() {
        let _ = write!(
            d,
            "{}{},{}",
            if i == 0 { "M" } else { " L" },
            Rounded::tenths(*x),
            Rounded::tenths(y + top)
        );
    }
    d
}

/// An edge's class for its relation, and its dash attribute (only "managed by" is dashed).
fn relation_style(relation: Relation) -> (&'static str, &'static str) {
    match relation {
        Relation::RunsOn => ("runs-on", ""),
        Relation::DependsOn => ("depends-on", ""),
        Relation::ManagedBy => ("managed-by", " stroke-dasharray=\"5 4\""),
    }
}

/// The arrowhead marker of option `option_index`'s graph, which its edges end with.
fn push_arrow_marker(out: &mut String, option_index: usize) {
    let _ = write!(
        out,
        "<defs><marker id=\"arrow-{option_index}\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path class=\"arrow\" d=\"M0,0 L10,5 L0,10 z\" fill=\"#5b6475\"/></marker></defs>"
    );
}

/// The parts of the option's edges that `shown` says.
fn edge_parts(
    analysis: &Analysis,
    option_index: usize,
    layout: &Layout,
    top: f64,
    shown: EdgesShown,
) -> Vec<Part> {
    let graph = &analysis.options[option_index].graph;
    let shown = |from: usize, to: usize| match shown {
        EdgesShown::All => true,
        EdgesShown::OfSelected(None) => false,
        EdgesShown::OfSelected(Some(id)) => {
            graph.components[from].id == id || graph.components[to].id == id
        }
    };
    graph
        .edges
        .iter()
        .zip(&layout.edges)
        .filter(|(edge, _)| shown(edge.from, edge.to))
        .map(|(edge, points)| {
            let d = edge_path(points, top);
            let (class, dash) = relation_style(edge.relation);
            let from = &graph.components[edge.from];
            let to = &graph.components[edge.to];
            let mut open = String::with_capacity(160);
            let _ = write!(
                open,
                "<path class=\"edge {class}{}\" data-testid=\"graph-edge\" data-from=\"{}\" data-to=\"{}\" data-relation=\"{}\"",
                if edge.implied { " implied" } else { "" },
                xml_text(&from.id),
                xml_text(&to.id),
                edge.relation.label(),
            );
            let mut rest = format!(" fill=\"none\" stroke=\"#5b6475\" stroke-width=\"1.4\"{dash}");
            // A simplified drawing leaves out arrowheads and per-edge tooltips: at thousands of
            // edges they are most of what the browser has to build and paint, and no one reads
            // them there; the nodes keep their names.
            if layout.simplified {
                rest.push_str("/>");
            } else {
                let _ = write!(
                    rest,
                    " marker-end=\"url(#arrow-{option_index})\"><title>{}</title></path>",
                    xml_text(&format!(
                        "{} {} {}{}",
                        from.label,
                        edge.relation.label(),
                        to.label,
                        if edge.implied {
                            " (required by its kind)"
                        } else {
                            ""
                        }
                    )),
                );
            }
            Part {
                key: format!("{}\u{1f}{}\u{1f}{}", from.id, to.id, edge.relation.label()),
                place_attribute: "d",
                place: d,
                open: Markup(open),
                rest: Markup(rest),
            }
        })
        .collect()
}

fn node_parts(
    analysis: &Analysis,
    option_index: usize,
    views: &[NodeView],
    layout: &Layout,
    top: f64,
    selected: Option<&str>,
    standalone: bool,
) -> Vec<Part> {
    let option = &analysis.options[option_index];
    let graph = &option.graph;
    let mut parts = Vec::with_capacity(graph.components.len());
    for (i, (component, view)) in graph.components.iter().zip(views).enumerate() {
        let kind = &analysis.catalog.kinds[component.kind];
        let node = layout.nodes[i];
        let added = analysis.is_added(option_index, i);
        let pulled = analysis.is_pulled_in(option_index, i);
        let mut classes = String::from("node");
        for (on, class) in [
            (added, " added"),
            (pulled, " pulled"),
            (option.components[i].single_point_of_failure, " spof"),
            (selected == Some(component.id.as_str()), " selected"),
        ] {
            if on {
                classes.push_str(class);
            }
        }
        let description = xml_text(&view.description);
        let mut open = String::with_capacity(200);
        let _ =
            write!(
            open,
            "<g class=\"{classes}\" data-testid=\"graph-node\" data-id=\"{}\" data-kind=\"{}\"{}{}",
            xml_text(&component.id),
            xml_text(&kind.id),
            if added { " data-added=\"true\"" } else { "" },
            if pulled { " data-pulled-in=\"true\"" } else { "" },
        );
        let mut rest = String::with_capacity(600);
        if !standalone {
            let _ = write!(
                rest,
                " tabindex=\"0\" role=\"button\" aria-label=\"{description}\""
            );
        }
        push_node_body(
            &mut rest,
            Some(&description),
            &node,
            &view.text,
            added,
            pulled,
        );
        parts.push(Part {
            key: component.id.clone(),
            place_attribute: "transform",
            place: node_place(&node, top),
            open: Markup(open),
            rest: Markup(rest),
        });
    }
    parts
}

// ----- reports as HTML ------------------------------------------------------------------------
//
// The static parts of the page (an option's numbers, a component's details, the formulas) are
// rendered here as escaped HTML, like the graph: the page sets them as a whole and keeps its
// Leptos components for what the user edits. Every piece of text goes through `xml_text`.

use crate::analysis::{CapabilityWorth, Provenance};
use crate::catalog::{Catalog, CatalogTexts, DOCUMENT_SOURCE_PREFIX, PARTS_SOURCE};
use crate::format::{
    hours, money, named_few, number, percent, signed_count, signed_money, signed_number,
    NAMED_AT_MOST,
};

fn kind_names(analysis: &Analysis, kinds: &[usize]) -> String {
    if kinds.is_empty() {
        return "none".to_string();
    }
    kinds
        .iter()
        .map(|&k| &*analysis.catalog.kinds[k].name)
        .collect::<Vec<_>>()
        .join(", ")
}

/// What an option adds against the baseline, its capabilities' worth and its net value.
pub fn option_report_html(analysis: &Analysis, index: usize) -> String {
    let option = &analysis.options[index];
    let v = &option.versus_baseline;
    let is_baseline = index == analysis.baseline;
    let delta = |text: String| if is_baseline { "0".to_string() } else { text };
    let model_2 = analysis.catalog.cost_model >= 2;
    let fixed_note = if is_baseline {
        String::new()
    } else if model_2 && !analysis.capacity_is_money() {
        if v.servers_to_buy > 0.0 {
            format!(
                " (a fixed fleet the team owns: capacity, not money, except {} servers to buy beyond the spare)",
                number(v.servers_to_buy)
            )
        } else {
            " (a fixed fleet the team owns: capacity, not money, within the spare)".to_string()
        }
    } else if !analysis.context.fleet.elastic && v.fleet_share > 0.0 {
        " (on a fixed fleet, taken from the workload)".to_string()
    } else {
        String::new()
    };
    let mut out = String::with_capacity(4096);
    let _ = write!(
        out,
        "<p class=\"totals\">Operates {} components · {} a month · {} a month</p><p class=\"vs\">{}</p><dl class=\"metrics\">",
        option.managed_kinds.len(),
        hours(option.totals.ops_hours_month),
        money(option.totals.money_month),
        if is_baseline {
            "Every other option is compared with this one."
        } else {
            "Against the baseline:"
        }
    );
    let mut metric = |title: &str, testid: &str, value: String, unit: &str, sub: String| {
        let _ = write!(
            out,
            "<div class=\"metric\"><dt>{title}</dt><dd><span class=\"big\" data-testid=\"{testid}\">{}</span>{}</dd><dd class=\"sub\">{}</dd></div>",
            xml_text(&value),
            unit,
            xml_text(&sub)
        );
    };
    metric(
        "Components to manage",
        "added-components",
        signed_count(v.managed_delta()),
        "",
        format!(
            "added: {}; removed: {}",
            kind_names(analysis, &v.added_kinds),
            kind_names(analysis, &v.removed_kinds)
        ),
    );
    metric(
        "Ops hours a month",
        "added-ops-hours",
        delta(signed_number(v.ops_hours_month)),
        " h",
        String::new(),
    );
    metric(
        "Money a month",
        "added-money",
        signed_money(v.money_month),
        "",
        {
            let time = if v.on_call_hours_month != 0.0 {
                format!(
                    "engineer time (with {} h of on-call cover)",
                    signed_number(v.on_call_hours_month)
                )
            } else {
                "engineer time".to_string()
            };
            if model_2 && !analysis.capacity_is_money() {
                format!(
                    "{time}, licences, providers and servers to buy (capacity is not money here)"
                )
            } else {
                format!("{time}, licences, providers and capacity")
            }
        },
    );
    metric(
        "Fleet capacity eaten",
        "added-capacity",
        delta(percent(v.fleet_share)),
        " of the fleet",
        format!(
            "{} cores, {} GiB = {} servers{fixed_note}",
            signed_number(v.cores),
            signed_number(v.memory_gib),
            number(v.servers)
        ),
    );
    if model_2 {
        metric(
            "One-time work",
            "one-time-hours",
            number(v.learning_hours + v.one_time_work_hours),
            " h once",
            format!(
                "learning {} h, work {} h: {} of the team's time",
                number(v.learning_hours),
                number(v.one_time_work_hours),
                money(v.one_time_cost)
            ),
        );
    } else {
        metric(
            "Learning",
            "learning-hours",
            number(v.learning_hours),
            " h once",
            format!("{} of the team's time", money(v.one_time_cost)),
        );
    }
    metric(
        "Failure points",
        "added-failure-points",
        signed_count(v.failure_points_added),
        "",
        {
            let mut said = Vec::new();
            let single: Vec<&str> = option
                .graph
                .components
                .iter()
                .zip(option.components.iter())
                .filter(|(_, report)| report.single_point_of_failure)
                .map(|(component, _)| component.id.as_str())
                .collect();
            if !single.is_empty() {
                said.push(format!(
                    "single points of failure: {}",
                    named_few(single.into_iter())
                ));
            }
            if !v.new_single_points.is_empty() {
                said.push(format!(
                    "new against the baseline: {}",
                    named_few(v.new_single_points.iter().map(String::as_str))
                ));
            }
            if model_2 && v.degrading_points_added != 0 {
                said.push(format!(
                    "{} whose failure degrades what it manages (it cannot change, and what stops is not restarted)",
                    signed_count(v.degrading_points_added)
                ));
            }
            said.join("; ")
        },
    );
    out.push_str("</dl><section class=\"capabilities\" aria-label=\"Capabilities gained and their worth here\"><h3>Capabilities, worth a month in this context</h3>");
    if v.gained.is_empty() && v.lost.is_empty() {
        out.push_str("<p class=\"muted\">None gained or lost against the baseline.</p>");
    }
    out.push_str("<ul>");
    let rows = |out: &mut String, list: &[CapabilityWorth], sign: &str| {
        for worth in list {
            let capability = &analysis.catalog.capabilities[worth.capability];
            let _ = write!(
                out,
                "<li><span class=\"cap-name\">{sign}{}</span><span class=\"cap-value\">{}</span><span class=\"cap-why\">{}</span></li>",
                xml_text(&capability.name),
                xml_text(&money(worth.value_month)),
                xml_text(&worth.explanation(analysis))
            );
        }
    };
    rows(&mut out, &v.gained, "+ ");
    rows(&mut out, &v.lost, "− ");
    let tone = if v.net_month < -0.5 {
        " negative"
    } else if v.net_month > 0.5 {
        " positive"
    } else {
        ""
    };
    let _ = write!(
        out,
        "</ul></section><div class=\"net{tone}\"><span class=\"net-label\">Net monthly value</span><strong class=\"net-value\" data-testid=\"net-monthly-value\">{}</strong><span class=\"net-horizon\">{} over the horizon, learning included</span></div>",
        xml_text(&money(v.net_month)),
        xml_text(&money(v.net_horizon))
    );
    out
}

/// A source as its tag and linked title, from the words `texts` holds (the page loads the
/// catalog's after its first paint): its id until they are there.
fn source_html(catalog: &Catalog, texts: &CatalogTexts, id: &str) -> String {
    if id == PARTS_SOURCE {
        return "sum of its parts".into();
    }
    let Some(source) = catalog.source(id) else {
        return xml_text(id);
    };
    let tag = source.tag.label();
    let Some(text) = catalog.source_text(id, texts) else {
        return format!("<span class=\"tag\">{tag}</span> {}", xml_text(id));
    };
    let title = xml_text(&text.title);
    let body = match &text.url {
        Some(url) => format!(
            "<a href=\"{}\" target=\"_blank\" rel=\"noopener noreferrer\">{title}</a>",
            xml_text(url)
        ),
        None => title,
    };
    // A kind the document defines cites the user's own words: show them (escaped).
    let words = match &text.note {
        Some(note) if id.starts_with(DOCUMENT_SOURCE_PREFIX) => format!(": {}", xml_text(note)),
        _ => String::new(),
    };
    format!("<span class=\"tag\">{tag}</span> {body}{words}")
}

/// How a component relates to another, as a sentence says it: "runs on", or, `incoming`, "is
/// managed by it".
pub fn relation_phrase(relation: Relation, incoming: bool) -> &'static str {
    match (relation, incoming) {
        (Relation::RunsOn, true) => "runs on it",
        (Relation::DependsOn, true) => "depends on it",
        (Relation::ManagedBy, true) => "is managed by it",
        (Relation::RunsOn, false) => "runs on",
        (Relation::DependsOn, false) => "depends on",
        (Relation::ManagedBy, false) => "is managed by",
    }
}

/// Why a component is in its option: drawn there, or pulled in by what needs it.
pub fn why_here(analysis: &Analysis, option_index: usize, index: usize) -> String {
    let option = &analysis.options[option_index];
    match &option.graph.components[index].origin {
        Origin::PulledIn { by } => {
            let names: Vec<&str> = by
                .iter()
                .filter_map(|id| option.graph.index_of(id))
                .map(|i| option.graph.components[i].label.as_str())
                .collect();
            format!(
                "Pulled in: needed by {}, whose kind cannot run without it.",
                named_few(names.into_iter())
            )
        }
        Origin::Declared => "Part of the option as drawn.".into(),
    }
}

/// What a newcomer needs to know of a component: what it is, why it is there, what it needs,
/// what it is made of, what it costs (with sources, as far as `texts` has their words) and what
/// breaks when it fails.
pub fn component_details_html(
    analysis: &Analysis,
    option_index: usize,
    index: usize,
    texts: &CatalogTexts,
) -> String {
    let catalog: &Catalog = &analysis.catalog;
    let option = &analysis.options[option_index];
    let component = &option.graph.components[index];
    let report = &option.components[index];
    let kind = &catalog.kinds[component.kind];
    let label_of = |i: usize| option.graph.components[i].label.as_str();
    let mut out = String::with_capacity(4096);

    let operated = match &component.provider {
        Some(provider) => format!(
            "run by {} for {} a month",
            provider.name,
            money(provider.price_month)
        ),
        None if kind.managed => "operated by the team".into(),
        None => "not a component the team operates on its own".into(),
    };
    let _ = write!(
        out,
        "<p class=\"kind-line\">{} · {} · ×{} · {}</p><p class=\"badges\">",
        xml_text(&kind.name),
        xml_text(&kind.category),
        report.instances,
        xml_text(&operated)
    );
    if catalog.is_custom(component.kind) {
        out.push_str("<span class=\"badge custom\">kind defined in this document</span>");
    }
    if analysis.is_added(option_index, index) {
        out.push_str("<span class=\"badge added\">added by this option</span>");
    }
    if matches!(component.origin, Origin::PulledIn { .. }) {
        out.push_str("<span class=\"badge pulled\">pulled in</span>");
    }
    if report.single_point_of_failure {
        out.push_str("<span class=\"badge spof\">single point of failure</span>");
    }
    let why = why_here(analysis, option_index, index);
    let words = catalog.kind_text(component.kind, texts);
    let _ = write!(
        out,
        "</p><section><h3>What it is</h3><p>{}</p></section><section><h3>Why it is here</h3><p>{}</p>",
        xml_text(words.summary),
        xml_text(&why)
    );
    let list = |out: &mut String, items: &[(usize, Relation)], incoming: bool| {
        out.push_str("<ul class=\"plain\">");
        for &(i, relation) in items.iter().take(NAMED_AT_MOST) {
            let text = if incoming {
                format!("{} {}", label_of(i), relation_phrase(relation, true))
            } else {
                format!("{} {}", relation_phrase(relation, false), label_of(i))
            };
            let _ = write!(out, "<li>{}</li>", xml_text(&text));
        }
        if items.len() > NAMED_AT_MOST {
            let _ = write!(
                out,
                "<li class=\"muted\">and {} more</li>",
                number((items.len() - NAMED_AT_MOST) as f64)
            );
        }
        out.push_str("</ul>");
    };
    let needed_by = option.graph.needed_by(index);
    if !needed_by.is_empty() {
        list(&mut out, needed_by, true);
    }
    out.push_str("</section><section><h3>What it needs</h3>");
    let needs = option.graph.needs(index);
    if needs.is_empty() {
        out.push_str("<p class=\"muted\">Nothing else in this option.</p>");
    } else {
        list(&mut out, needs, false);
    }
    out.push_str("</section>");
    if !kind.parts.is_empty() {
        out.push_str("<section><h3>What it is made of</h3><ul class=\"parts\">");
        for position in kind.parts.iter().filter_map(|id| catalog.kind_position(id)) {
            let part = &catalog.kinds[position];
            let part_words = catalog.kind_text(position, texts);
            let footprint = if part.footprint_rule.is_some() {
                "the node reservation for the server's size".to_string()
            } else {
                format!(
                    "{} cores, {} GiB each",
                    number(part.figures.cores.as_ref().map_or(0.0, |f| f.value)),
                    number(part.figures.memory_gib.as_ref().map_or(0.0, |f| f.value))
                )
            };
            // The footprint's sources: cores' and memory's, once each when they are the same.
            let mut cited: Vec<&str> = Vec::new();
            for figure in [&part.figures.cores, &part.figures.memory_gib]
                .into_iter()
                .flatten()
            {
                if let Some(found) = catalog.source_text(&figure.source, texts) {
                    if !cited.contains(&&*found.title) {
                        cited.push(&found.title);
                    }
                }
            }
            let source = if cited.is_empty() {
                String::new()
            } else {
                format!(" — {}", cited.join("; "))
            };
            let _ = write!(
                out,
                "<li><strong>{}</strong>: {}<span class=\"muted\"> ({}{})</span></li>",
                xml_text(&part.name),
                xml_text(part_words.summary),
                xml_text(&footprint),
                xml_text(&source)
            );
        }
        out.push_str("</ul></section>");
    }
    let _ = write!(
        out,
        "<section><h3>What it costs to run</h3><table class=\"costs\"><tbody>\
         <tr><th scope=\"row\">Ops hours a month</th><td class=\"num\">{}</td><td>{} of engineer time</td></tr>\
         <tr><th scope=\"row\">Capacity</th><td class=\"num\">{} cores, {} GiB</td><td>{} a month</td></tr>\
         <tr><th scope=\"row\">Licences</th><td class=\"num\">{}</td><td></td></tr>\
         <tr><th scope=\"row\">Provider</th><td class=\"num\">{}</td><td></td></tr>\
         <tr class=\"total\"><th scope=\"row\">Total a month</th><td class=\"num\">{}</td><td></td></tr>\
         </tbody></table><h4>Figures per instance, and where they come from</h4><table class=\"figures\"><tbody>",
        hours(report.ops_hours_month),
        money(report.labour_month),
        number(report.cores),
        number(report.memory_gib),
        money(report.capacity_month),
        money(report.licence_month),
        money(report.provider_month),
        money(report.money_month),
    );
    for line in &report.figures {
        let source = match &line.provenance {
            Provenance::NotSet if line.value == 0.0 => continue,
            Provenance::NotSet => "<span class=\"muted\">not set</span>".to_string(),
            Provenance::Override => "<span class=\"override\">your override</span>".to_string(),
            Provenance::Rule(rule) => xml_text(rule),
            Provenance::Catalog(id) => source_html(catalog, texts, id),
        };
        let _ = write!(
            out,
            "<tr><th scope=\"row\">{}</th><td class=\"num\">{}</td><td class=\"source\">{source}</td></tr>",
            line.name.label(),
            number(line.value)
        );
    }
    let taken_down = option.blast(index);
    let names = |list: &[usize]| named_few(list.iter().map(|&i| label_of(i)));
    let mut blast = if taken_down.stops.is_empty() {
        "Nothing else stops when it fails.".to_string()
    } else {
        format!("Stops with it: {}.", names(&taken_down.stops))
    };
    if !taken_down.degrades.is_empty() {
        let _ = write!(
            blast,
            " Degrades (keeps running, but cannot change, and is not started again if it stops): {}.",
            names(&taken_down.degrades)
        );
    }
    out.push_str("</tbody></table></section><section><h3>When it fails</h3>");
    // Kinds defined in a document say nothing of how they fail; their blast radius still shows.
    if !words.failure.is_empty() {
        let _ = write!(out, "<p>{}</p>", xml_text(words.failure));
    }
    let _ = write!(out, "<p>{}</p></section>", xml_text(&blast));
    out
}

/// "How is this computed?": the formulas, what capabilities are worth, the context defaults and
/// every source and assumption of the catalog. Given an analysis's catalog (`&analysis.catalog`),
/// the sources include those of the kinds the document defines, with their author's words; the
/// catalog's words are those `texts` holds (ids until the page has loaded them).
pub fn how_computed_html(catalog: &Catalog, texts: &CatalogTexts) -> String {
    let mut out = String::with_capacity(32 * 1024);
    out.push_str("<p>Every number follows from the catalog's figures, your context and these formulas. The long version, with the reasoning, is docs/cost-model.md in the repository.</p><h3>Formulas</h3><dl class=\"formulas\">");
    for f in crate::explain::formulas(catalog.cost_model) {
        let _ = write!(
            out,
            "<dt>{}</dt><dd><code>{}</code>",
            xml_text(f.name),
            xml_text(f.formula)
        );
        if !f.note.is_empty() {
            let _ = write!(out, "<p class=\"muted\">{}</p>", xml_text(f.note));
        }
        out.push_str("</dd>");
    }
    let _ = write!(
        out,
        "</dl><h3>What capabilities are worth (catalog version {}, cost model {})</h3><table class=\"rules\"><tbody>",
        catalog.version, catalog.cost_model
    );
    for c in catalog.capabilities.iter() {
        let _ = write!(
            out,
            "<tr><th scope=\"row\">{}</th><td>{}</td><td><code>{}</code></td></tr>",
            xml_text(&c.name),
            xml_text(catalog.capability_summary(c, texts)),
            xml_text(&crate::explain::rule_text(&c.value))
        );
    }
    out.push_str("</tbody></table><h3>Context defaults</h3><table class=\"rules\"><tbody>");
    for d in catalog.context_defaults.iter() {
        let _ = write!(
            out,
            "<tr><th scope=\"row\">{}</th><td class=\"num\">{}{}</td><td>{}</td></tr>",
            xml_text(&d.name),
            xml_text(&d.unit),
            number(d.value),
            source_html(catalog, texts, &d.src)
        );
    }
    out.push_str("</tbody></table><h3>Sources and assumptions</h3><ul class=\"sources\">");
    for s in catalog.sources.iter() {
        let Some(text) = catalog.source_text(&s.id, texts) else {
            let _ = write!(
                out,
                "<li><span class=\"tag\">{}</span> {}</li>",
                s.tag.label(),
                xml_text(&s.id)
            );
            continue;
        };
        let _ = write!(
            out,
            "<li><span class=\"tag\">{}</span> {}",
            s.tag.label(),
            xml_text(&text.title)
        );
        if let Some(url) = &text.url {
            let _ = write!(
                out,
                " <a href=\"{}\" target=\"_blank\" rel=\"noopener noreferrer\">source</a>",
                xml_text(url)
            );
        }
        if let Some(note) = &text.note {
            let _ = write!(out, "<span class=\"muted\"> — {}</span>", xml_text(note));
        }
        out.push_str("</li>");
    }
    out.push_str("</ul>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::analyse;
    use crate::export::tests::{with_hostile_kinds, HOSTILE};
    use crate::scenario;

    #[test]
    fn whole_pixels_are_the_written_whole_number_or_zero() {
        for (length, pixels) in [
            (0.0, 0),
            (-0.0, 0),
            (0.5, 0),
            (1.5, 2),
            (2.5, 2),
            (1_048_575.6, 1_048_576),
            (-0.4, 0),
            (-3.0, 0),
            (4_294_967_295.0, u32::MAX),
            (4_294_967_295.6, 0),
            (f64::NAN, 0),
            (f64::INFINITY, 0),
        ] {
            assert_eq!(whole_pixels(length), pixels, "{length}");
            let written = Rounded::whole(length).to_string().parse().unwrap_or(0);
            assert_eq!(whole_pixels(length), written, "{length} as written");
        }
    }

    const PAYLOAD: &str = "<img src=x onerror=alert(1)>\"'&";

    fn texts() -> &'static CatalogTexts {
        crate::catalog::embedded_catalog_texts()
    }

    #[test]
    fn a_big_graph_s_viewport_in_the_page_changes_only_past_whole_sides() {
        let side = PAGE_VIEWPORT_SIDE;
        assert_eq!(page_viewport_side(0), side);
        assert_eq!(page_viewport_side(40_000), side);
        assert_eq!(page_viewport_side(side), side);
        assert_eq!(page_viewport_side(side + 1), 2 * side);
        assert_eq!(page_viewport_side(u32::MAX), u32::MAX, "saturates");
    }

    /// Regression: the details of an etcd cluster that 9,000 Patroni clusters need named all
    /// 9,000, each found by a search of every component: 80 ms natively and 787 KB of markup.
    /// Now the first `NAMED_AT_MOST` and a count.
    #[test]
    fn details_of_a_component_many_need_name_the_first_and_count_the_rest() {
        let mut d = scenario::landing().unwrap();
        let option = d.options[1].make_mut();
        for i in 0..100 {
            option.components.push(crate::model::ComponentUse::new(
                format!("patroni-{i}"),
                "patroni".into(),
            ));
        }
        let analysis = analyse(&d).unwrap();
        let graph = &analysis.options[1].graph;
        let etcd = graph
            .index_of("etcd-cluster")
            .expect("Patroni pulls in an etcd cluster");
        assert_eq!(graph.needed_by(etcd).len(), 100);

        let why = why_here(&analysis, 1, etcd);
        assert_eq!(why.matches("Patroni").count(), NAMED_AT_MOST);
        assert!(
            why.ends_with(" and 92 more, whose kind cannot run without it."),
            "{why}"
        );
        let details = component_details_html(&analysis, 1, etcd, texts());
        assert!(details.contains("<li class=\"muted\">and 92 more</li>"));
        assert_eq!(
            details.matches("<li>").count(),
            NAMED_AT_MOST + graph.needs(etcd).len()
        );
    }

    /// The page loads the catalog's words after its first paint: until then a figure cites its
    /// source by tag and id, then by its linked title (a part's footprint cites titles only), and
    /// what the kind is and what its failure stops are said once they are there.
    #[test]
    fn details_cite_sources_by_id_and_say_what_a_kind_is_once_the_words_are_loaded() {
        let analysis = analyse(&scenario::landing().unwrap()).unwrap();
        let plane = analysis.options[1]
            .graph
            .index_of("k8s-control-plane")
            .unwrap();
        let loaded = component_details_html(&analysis, 1, plane, texts());
        assert!(loaded.contains("<span class=\"tag\">first-party</span> <a href=\"https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html\" target=\"_blank\" rel=\"noopener noreferrer\">Kubernetes minor releases about every 4 months (about 3 a year)</a>"));
        assert!(
            loaded.contains(" — etcd operations guide"),
            "a part's footprint cites it"
        );
        let waiting = component_details_html(&analysis, 1, plane, &CatalogTexts::default());
        assert!(waiting.contains("<span class=\"tag\">first-party</span> k8s-release-cadence"));
        assert!(!waiting.contains("Kubernetes minor releases"));
        assert!(!waiting.contains("etcd operations guide"));
        // What the kind is and what stops when it fails are its loaded words too.
        let words = texts()
            .kind(analysis.catalog.version, "k8s-control-plane")
            .unwrap();
        for said in [&words.summary, &words.failure] {
            assert!(loaded.contains(&*xml_text(said)), "{said}");
            assert!(!waiting.contains(&*xml_text(said)), "{said}");
        }
        let listed = how_computed_html(&analysis.catalog, &CatalogTexts::default());
        assert!(
            listed.contains("<li><span class=\"tag\">first-party</span> k8s-release-cadence</li>")
        );
        // What each capability is: words loaded apart too.
        let catalog = &analysis.catalog;
        let capability = &catalog.capabilities[0];
        let summary = xml_text(catalog.capability_summary(capability, texts()));
        assert!(!summary.is_empty());
        assert!(how_computed_html(catalog, texts()).contains(&*summary));
        assert!(!listed.contains(&*summary));
    }

    #[test]
    fn a_node_says_what_its_component_adds_a_month() {
        let analysis = analyse(&scenario::landing().unwrap()).unwrap();
        let option = &analysis.options[1];
        let i = option
            .graph
            .components
            .iter()
            .position(|c| c.kind == analysis.catalog.kind_position("storage-daemon").unwrap())
            .unwrap();
        // Storage daemons on Kubernetes, one per server of the landing scenario's twelve.
        expect_test::expect!["Adds 13.5 h of ops and $1,015 a month."]
            .assert_eq(&what_it_adds(&option.components[i]));
    }

    #[test]
    fn page_markup_escapes_every_user_text() {
        let mut d = scenario::landing().unwrap();
        d.options[1].make_mut().name = format!("K8s {PAYLOAD}");
        d.options[1].make_mut().id = format!("k8s{PAYLOAD}");
        d.baseline = d.options[0].id.clone();
        d.options[1].make_mut().components[2].label = Some(format!("Storage {PAYLOAD}"));
        d.options[1].make_mut().components[2].id = format!("storage{PAYLOAD}");
        d.options[1]
            .make_mut()
            .edges
            .make_mut()
            .retain(|e| e.from != "storage");
        let analysis = analyse(&d).unwrap();
        let markup = [
            graph_svg(&analysis, 1, &GraphStyle::Page { selected: None }),
            option_report_html(&analysis, 1),
            component_details_html(&analysis, 1, 2, texts()),
            how_computed_html(&analysis.catalog, texts()),
        ];
        for html in &markup {
            assert!(!html.contains("<img"), "raw markup in {html}");
            assert!(!html.contains("\"'&\""), "unescaped quotes");
        }
        assert!(markup[0].contains("Storage &lt;img src=x onerror=alert(1)&gt;&quot;&apos;&amp;"));
        assert!(markup[0].contains("data-id=\"storage&lt;img"));
    }

    /// Regression: "How is this computed?" and the details panel were tested with no user text.
    /// A kind the document defines brings the user's name, category, summary and source there.
    #[test]
    fn the_documents_kinds_reach_details_and_formulas_escaped() {
        let d = with_hostile_kinds();
        let analysis = analyse(&d).unwrap();
        let option = &analysis.options[1];
        let evil = option
            .graph
            .index_of(&format!("evil{HOSTILE}"))
            .expect("the hostile kind is used");
        let address = option.graph.index_of("evil-address").unwrap();
        let escaped = "&lt;img src=x onerror=alert(1)&gt;&quot;&apos;`&amp;";
        let markup = [
            component_details_html(&analysis, 1, evil, texts()),
            component_details_html(&analysis, 1, address, texts()),
            how_computed_html(&analysis.catalog, texts()),
            option_report_html(&analysis, 1),
            graph_svg(&analysis, 1, &GraphStyle::Page { selected: None }),
        ];
        for html in &markup {
            assert!(!html.contains("<img"), "raw markup in {html}");
            assert!(!html.contains(HOSTILE), "unescaped text in {html}");
            assert!(
                !html.contains("href=\"javascript:"),
                "a script address in {html}"
            );
        }
        let details = &markup[0];
        for text in [
            format!("<p class=\"kind-line\">Evil {escaped} · category {escaped} · ×1"),
            format!("<p>summary {escaped}</p>"),
            "<span class=\"badge custom\">kind defined in this document</span>".to_string(),
            // The figure's source: the tag, the entry, and the user's words, escaped.
            format!("<td class=\"source\"><span class=\"tag\">ASSUMPTION</span> Defined in this document: ASSUMPTION: {escaped}</td>"),
        ] {
            assert!(details.contains(&text), "{text} not in {details}");
        }
        assert!(
            markup[1].contains("<span class=\"tag\">third-party</span> Defined in this document: javascript:alert(1)</td>"),
            "{}",
            markup[1]
        );
        let formulas = &markup[2];
        assert!(formulas.contains(&format!(
            "<li><span class=\"tag\">ASSUMPTION</span> Defined in this document<span class=\"muted\"> — ASSUMPTION: {escaped}</span></li>"
        )));
        assert!(markup[3].contains(&format!("Kubernetes node agent, Evil {escaped}")));
    }

    #[test]
    fn an_address_given_as_a_kinds_source_becomes_its_link() {
        let mut d = with_hostile_kinds();
        d.kinds[1].source = "https://example.com/ops?a=1&b=\"2\"".into();
        let analysis = analyse(&d).unwrap();
        let index = analysis.options[1].graph.index_of("evil-address").unwrap();
        let details = component_details_html(&analysis, 1, index, texts());
        assert!(details.contains(
            "<a href=\"https://example.com/ops?a=1&amp;b=&quot;2&quot;\" target=\"_blank\" rel=\"noopener noreferrer\">Defined in this document</a>"
        ), "{details}");
    }

    /// The landing scenario's Kubernetes option drawn, then drawn again after `edit`.
    fn drawn_before_and_after(
        edit: impl FnOnce(&mut crate::model::Decision),
    ) -> (Drawing, Drawing) {
        let mut decision = scenario::landing().unwrap();
        let style = GraphStyle::Page { selected: None };
        let mut cache = LayoutCache::default();
        let before = graph_drawing(&analyse(&decision).unwrap(), 1, &style, &mut cache);
        edit(&mut decision);
        let after = graph_drawing(&analyse(&decision).unwrap(), 1, &style, &mut cache);
        (before, after)
    }

    /// The nodes' text kept from the last drawing gives the same drawing as wrapping every
    /// node afresh, after an edit that relabels one node, and keeps only what it last used.
    #[test]
    fn kept_node_texts_draw_as_fresh_ones() {
        let mut decision = scenario::landing().unwrap();
        let style = GraphStyle::Page { selected: None };
        let mut texts = NodeTexts::default();
        for relabel in [
            None,
            Some("A much longer label that wraps onto a second line"),
        ] {
            if let Some(label) = relabel {
                decision.options[1].make_mut().components[2].label = Some(label.to_string());
            }
            let analysis = analyse(&decision).unwrap();
            let kept = graph_text_kept(&analysis, 1, &mut texts);
            let fresh = graph_text(&analysis, 1);
            assert_eq!(kept.input, fresh.input);
            let layout = fresh.input.lay_out();
            assert_eq!(
                kept.draw(&analysis, 1, &style, &layout).map(|d| d.to_svg()),
                fresh
                    .draw(&analysis, 1, &style, &layout)
                    .map(|d| d.to_svg())
            );
            assert_eq!(texts.0.len(), analysis.options[1].graph.components.len());
        }
    }

    #[test]
    fn a_drawing_is_one_svg_and_its_parts_are_keyed_by_component_and_edge() {
        let (drawing, _) = drawn_before_and_after(|_| {});
        let analysis = analyse(&scenario::landing().unwrap()).unwrap();
        assert_eq!(
            drawing.to_svg(),
            graph_svg(&analysis, 1, &GraphStyle::Page { selected: None })
        );
        let keys: Vec<&str> = drawing.nodes.iter().map(|p| p.key.as_str()).collect();
        assert!(
            keys.contains(&"node-agent") && keys.contains(&"storage"),
            "{keys:?}"
        );
        assert!(drawing
            .edges
            .iter()
            .any(|p| p.key == "storage\u{1f}node-agent\u{1f}runs on"));
        for part in drawing.nodes.iter().chain(&drawing.edges) {
            assert!(part.markup().as_str().contains(&part.place));
        }
    }

    #[test]
    fn a_new_edge_keeps_every_element_but_those_whose_text_changed() {
        let (before, after) = drawn_before_and_after(|d| {
            d.options[1]
                .make_mut()
                .edges
                .make_mut()
                .push(crate::model::Edge {
                    from: "monitoring".into(),
                    to: "storage".into(),
                    relation: Relation::DependsOn,
                });
        });
        assert!(before.patchable_into(&after));
        let nodes = reuse_plan(&before.nodes, &after.nodes);
        let remade: Vec<&str> = after
            .nodes
            .iter()
            .zip(&nodes)
            .filter(|(_, kept)| kept.is_none())
            .map(|(part, _)| part.key.as_str())
            .collect();
        // Storage now has a dependant: its accessible name says what fails with it.
        assert_eq!(remade, ["storage"]);
        let edges = reuse_plan(&before.edges, &after.edges);
        assert_eq!(
            edges.iter().filter(|kept| kept.is_none()).count(),
            1,
            "only the new edge is made"
        );
        // Kept elements are the old ones with the same key, whatever their place.
        for (part, kept) in after.nodes.iter().zip(&nodes) {
            if let Some(i) = kept {
                assert_eq!(before.nodes[*i].key, part.key);
            }
        }
    }

    #[test]
    fn select_options_escape_values_and_texts() {
        let markup = select_options(&[
            ("a\"b".into(), "<script>x</script> (a\"b)".into()),
            ("plain".into(), "Plain".into()),
        ]);
        expect_test::expect![[r#"<option value="a&quot;b">&lt;script&gt;x&lt;/script&gt; (a&quot;b)</option><option value="plain">Plain</option>"#]]
            .assert_eq(markup.as_str());
    }

    #[test]
    fn changed_span_finds_the_one_place_two_lists_differ() {
        let span = |old: &[u8], new: &[u8]| {
            let ChangedSpan { at, removed, added } = changed_span(old, new);
            (at, removed, added)
        };
        assert_eq!(span(b"abcd", b"abcd"), (4, 0, 0));
        assert_eq!(span(b"abcd", b"abxcd"), (2, 0, 1), "one added");
        assert_eq!(span(b"abcd", b"acd"), (1, 1, 0), "one removed");
        assert_eq!(span(b"abcd", b"abcde"), (4, 0, 1), "one added at the end");
        assert_eq!(span(b"abcd", b"xbcy"), (0, 4, 4), "changed at both ends");
        assert_eq!(span(b"", b"ab"), (0, 0, 2));
        assert_eq!(span(b"ab", b""), (0, 2, 0));
        // A repeated item: the prefix and the suffix never overlap.
        assert_eq!(span(b"aa", b"aaa"), (2, 0, 1));
        assert_eq!(span(b"aaa", b"aa"), (2, 1, 0));
    }

    #[test]
    fn reuse_plan_keeps_each_old_part_once_and_remakes_a_changed_one() {
        let part = |key: &str, rest: &str, place: &str| Part {
            key: key.into(),
            place_attribute: "transform",
            place: place.into(),
            open: Markup(format!("<g data-id=\"{key}\"")),
            rest: Markup(rest.into()),
        };
        let old = [
            part("a", "/>", "1"),
            part("b", "/>", "2"),
            part("a", "/>", "3"),
        ];
        let new = [
            part("a", "/>", "1"),
            part("a", "/>", "1"),
            part("c", "/>", "1"),
            part("b", "></g>", "2"),
        ];
        // a is kept once, the second a and c are new, b changed its markup: it is remade.
        assert_eq!(reuse_plan(&old, &new), [Some(0), None, None, None]);
        // Placed elsewhere, the same element is kept.
        assert_eq!(reuse_plan(&old, &[part("b", "/>", "9")]), [Some(1)]);
    }

    #[test]
    fn root_changes_set_what_differs_and_remove_what_is_gone() {
        let (before, _) = drawn_before_and_after(|_| {});
        let mut after = before.clone();
        after.root.retain(|(name, _)| *name != "role");
        for (name, value) in &mut after.root {
            if *name == "width" {
                *value = "999".into();
            }
        }
        after.root.push(("data-simplified", "true".into()));
        let mut changes = before.root_changes(&after);
        changes.sort();
        assert_eq!(
            changes,
            [
                ("data-simplified", Some("true")),
                ("role", None),
                ("width", Some("999")),
            ]
        );
        assert!(before.root_changes(&before).is_empty());
    }

    #[test]
    fn a_cached_layout_draws_the_same_svg_and_is_redone_only_when_the_graph_changes() {
        let mut decision = scenario::landing().unwrap();
        let analysis = analyse(&decision).unwrap();
        let style = GraphStyle::Page { selected: None };
        let mut cache = LayoutCache::default();
        let first = graph_svg_cached(&analysis, 1, &style, &mut cache);
        assert_eq!(first, graph_svg(&analysis, 1, &style));
        assert_eq!(graph_svg_cached(&analysis, 1, &style, &mut cache), first);
        // Another number, the same shape: the cache still holds this graph's layout.
        decision.context.team.hourly_cost = 90.0;
        let cheaper = analyse(&decision).unwrap();
        assert!(cache.holds(&graph_text(&cheaper, 1).input));
        // Another graph: laid out anew, and drawn as without a cache.
        let other = graph_svg_cached(&analysis, 0, &style, &mut cache);
        assert_eq!(other, graph_svg(&analysis, 0, &style));
        assert!(!cache.holds(&graph_text(&cheaper, 1).input));
    }

    #[test]
    fn a_context_edit_leaves_the_drawings_as_they_were() {
        let mut decision = scenario::landing().unwrap();
        let style = GraphStyle::Page { selected: None };
        let before = analyse(&decision).unwrap();
        decision.context.fleet.servers = 40;
        decision.context.workload.services = 9;
        decision.context.team.hourly_cost = 120.0;
        let after = analyse(&decision).unwrap();
        for index in 0..before.options.len() {
            let drawn = graph_svg(&before, index, &style);
            assert_eq!(drawn, graph_svg(&after, index, &style), "option {index}");
            assert!(drawn.contains("one per server"), "{drawn}");
        }
    }

    #[test]
    fn wrapped_node_text_keeps_the_space_between_its_lines() {
        let mut out = String::new();
        push_lines(
            &mut out,
            &["needed by Monitoring ".into(), "(Grafana)".into()],
            0.0,
        );
        assert!(
            out.contains("Monitoring\u{a0}</tspan>"),
            "the first line ends in a no-break space: {out}"
        );
        assert!(!out.contains("Monitoring </tspan>"));
    }

    #[test]
    fn node_label_and_meta_read_as_separate_words() {
        let analysis = analyse(&scenario::landing().unwrap()).unwrap();
        let svg = graph_svg(&analysis, 1, &GraphStyle::Page { selected: None });
        assert!(
            svg.contains("Kubernetes control plane </text><text class=\"node-meta\""),
            "{svg}"
        );
    }

    #[test]
    fn node_text_wraps_to_two_lines_that_read_as_the_label() {
        let short = node_text("Server", "×12 · hardware");
        assert_eq!(short.label, ["Server"]);
        assert_eq!(short.size.width, MIN_NODE_WIDTH);
        assert_eq!(short.size.height, BASE_NODE_HEIGHT);

        let label = "Monitoring (Prometheus, Alertmanager, Grafana)";
        let wrapped = node_text(label, "×1 · observability");
        assert_eq!(
            wrapped.label,
            ["Monitoring (Prometheus, ", "Alertmanager, Grafana)"]
        );
        assert_eq!(wrapped.label.concat(), label);
        assert_eq!(wrapped.size.height, BASE_NODE_HEIGHT + LINE_HEIGHT);

        // One long word: broken where the line is full, still reading as the label.
        let word = "x".repeat(60);
        let broken = node_text(&word, "");
        assert_eq!(broken.label.len(), 2);
        assert_eq!(broken.label.concat(), word);
        assert!(broken.size.width <= MAX_TEXT_WIDTH + 2.0 * PAD);
    }

    #[test]
    fn only_a_label_too_long_for_two_wide_lines_is_cut() {
        let label = "word ".repeat(100);
        let text = node_text(&label, &"meta ".repeat(100));
        assert_eq!(text.label.len(), 2);
        assert!(text.label[1].ends_with('…'));
        assert!(text.meta[1].ends_with('…'));
        // What is shown, less the ellipsis, is the start of the label.
        assert!(label.starts_with(text.label.concat().trim_end_matches('…')));
        assert!(text.size.width <= MAX_TEXT_WIDTH + 2.0 * PAD);
    }

    /// Regression: the new single points of failure were all named, 30 KB of report for a
    /// generated option of 10,000 components, written into the page on every edit.
    #[test]
    fn new_single_points_against_the_baseline_are_named_few() {
        let mut decision = scenario::landing().unwrap();
        decision
            .options
            .push(crate::sample::acyclic_option(300, 450, 3).into());
        let analysis = analyse(&decision).unwrap();
        let index = analysis.options.len() - 1;
        let new_points = analysis.options[index]
            .versus_baseline
            .new_single_points
            .len();
        assert!(new_points > 20, "the generated option adds {new_points}");
        let report = option_report_html(&analysis, index);
        let first = &analysis.options[index].versus_baseline.new_single_points[..8];
        let said = format!(
            "new against the baseline: {} and {} more",
            first.join(", "),
            new_points - 8
        );
        assert!(report.contains(&said), "{said} in {report}");
    }

    #[test]
    fn the_report_carries_the_stable_hooks() {
        let analysis = analyse(&scenario::landing().unwrap()).unwrap();
        let report = option_report_html(&analysis, 1);
        for hook in ["added-components", "added-ops-hours", "net-monthly-value"] {
            assert!(
                report.contains(&format!("data-testid=\"{hook}\"")),
                "{hook}"
            );
        }
        assert!(report.contains(">+2<"));
        let graph = graph_svg(
            &analysis,
            1,
            &GraphStyle::Page {
                selected: Some("node-agent"),
            },
        );
        assert!(graph.contains("class=\"node added selected\""));
        assert_eq!(
            graph.matches("data-testid=\"graph-node\"").count(),
            analysis.options[1].graph.components.len()
        );
        assert_eq!(
            graph.matches("data-testid=\"graph-edge\"").count(),
            analysis.options[1].graph.edges.len()
        );
    }
}
