//! The drawing of an option's component graph as SVG markup: one renderer for the page and the
//! SVG export. All user text goes through [`xml_text`]; ids and kinds are attribute values, also
//! escaped. The page's stylesheet restyles the same markup (classes win over the presentation
//! attributes, which are what a standalone file shows).

use std::fmt::Write as _;

use crate::analysis::Analysis;
use crate::export::xml_text;
use crate::graph::Origin;
use crate::layout::{layout, NODE_HEIGHT, NODE_WIDTH};
use crate::model::Relation;

/// Characters of a label that fit a node.
const LABEL_CHARS: usize = 22;
/// Wider drawings scroll in the page instead of being scaled down to unreadable text.
pub const WIDEST_SCALED: f64 = 1100.0;

pub enum GraphStyle<'a> {
    /// In the page: interactive nodes (focusable, with a description), the selected one marked.
    Page { selected: Option<&'a str> },
    /// A file of its own: namespace, background and a caption.
    Standalone { caption: String },
}

fn truncate(text: &str, chars: usize) -> String {
    if text.chars().count() <= chars {
        text.to_string()
    } else {
        let cut: String = text.chars().take(chars - 1).collect();
        format!("{}…", cut.trim_end())
    }
}

pub fn graph_svg(analysis: &Analysis, option_index: usize, style: &GraphStyle) -> String {
    let option = &analysis.options[option_index];
    let graph = &option.graph;
    let pairs: Vec<(usize, usize)> = graph.edges.iter().map(|e| (e.from, e.to)).collect();
    let drawing = layout(graph.components.len(), &pairs);
    let standalone = matches!(style, GraphStyle::Standalone { .. });
    let caption = if standalone { 28.0 } else { 0.0 };
    let width = drawing.width.max(if standalone { 320.0 } else { 0.0 });
    let height = drawing.height + caption;
    let selected = match style {
        GraphStyle::Page { selected } => *selected,
        GraphStyle::Standalone { .. } => None,
    };
    let mut out = String::with_capacity(512 + graph.components.len() * 600);
    let title = xml_text(&format!("Component graph of {}", option.name));
    let _ = write!(
        out,
        "<svg{} class=\"graph{}\" data-testid=\"graph\" data-option-id=\"{}\" role=\"group\" aria-label=\"{title}\" width=\"{width:.0}\" height=\"{height:.0}\" viewBox=\"0 0 {width:.0} {height:.0}\" font-family=\"system-ui, sans-serif\">",
        if standalone { " xmlns=\"http://www.w3.org/2000/svg\"" } else { "" },
        if width > WIDEST_SCALED { " wide" } else { "" },
        xml_text(&option.id),
    );
    if standalone {
        let _ = write!(out, "<title>{title}</title><rect width=\"{width:.0}\" height=\"{height:.0}\" fill=\"#ffffff\"/>");
    }
    let _ = write!(
        out,
        "<defs><marker id=\"arrow-{option_index}\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path class=\"arrow\" d=\"M0,0 L10,5 L0,10 z\" fill=\"#5b6475\"/></marker></defs><g class=\"edges\">"
    );
    for (edge, points) in graph.edges.iter().zip(&drawing.edges) {
        let mut d = String::new();
        for (i, (x, y)) in points.iter().enumerate() {
            let _ = write!(d, "{}{x:.1},{y:.1}", if i == 0 { "M" } else { " L" });
        }
        let (class, dash) = match edge.relation {
            Relation::RunsOn => ("runs-on", ""),
            Relation::DependsOn => ("depends-on", ""),
            Relation::ManagedBy => ("managed-by", " stroke-dasharray=\"5 4\""),
        };
        let from = &graph.components[edge.from];
        let to = &graph.components[edge.to];
        let _ = write!(
            out,
            "<path class=\"edge {class}{}\" data-testid=\"graph-edge\" data-from=\"{}\" data-to=\"{}\" data-relation=\"{}\" d=\"{d}\" fill=\"none\" stroke=\"#5b6475\" stroke-width=\"1.4\"{dash} marker-end=\"url(#arrow-{option_index})\"><title>{}</title></path>",
            if edge.implied { " implied" } else { "" },
            xml_text(&from.id),
            xml_text(&to.id),
            edge.relation.label(),
            xml_text(&format!(
                "{} {} {}{}",
                from.label,
                edge.relation.label(),
                to.label,
                if edge.implied { " (required by its kind)" } else { "" }
            )),
        );
    }
    out.push_str("</g><g class=\"nodes\">");
    for (i, component) in graph.components.iter().enumerate() {
        let kind = &analysis.catalog.kinds[component.kind];
        let report = &option.components[i];
        let node = drawing.nodes[i];
        let added = analysis.is_added(option_index, i);
        let pulled = matches!(component.origin, Origin::PulledIn { .. });
        let meta = match (&component.origin, &component.provider) {
            (_, Some(provider)) => format!("run by {}", provider.name),
            (Origin::PulledIn { by }, None) => {
                let first = by
                    .first()
                    .and_then(|id| graph.components.iter().find(|c| &c.id == id))
                    .map_or(String::new(), |c| c.label.clone());
                format!("needed by {first}")
            }
            (Origin::Declared, None) => format!("×{} · {}", component.instances, kind.category),
        };
        let description = format!(
            "{}{}{}. {}.{}",
            component.label,
            if added { ", added by this option" } else { "" },
            if pulled {
                ", pulled in by a requirement"
            } else {
                ""
            },
            meta,
            if report.single_point_of_failure {
                " Single point of failure."
            } else {
                ""
            }
        );
        let (fill, stroke, ink) = if added {
            ("#f1e8fc", "#7b3fc4", "#3d1466")
        } else {
            ("#eef1f6", "#b8bfcc", "#1c2230")
        };
        let is_selected = selected == Some(component.id.as_str());
        let mut classes = String::from("node");
        for (on, class) in [
            (added, " added"),
            (pulled, " pulled"),
            (report.single_point_of_failure, " spof"),
            (is_selected, " selected"),
        ] {
            if on {
                classes.push_str(class);
            }
        }
        let _ = write!(
            out,
            "<g class=\"{classes}\" data-testid=\"graph-node\" data-id=\"{}\" data-kind=\"{}\"{}{} transform=\"translate({:.1},{:.1})\"",
            xml_text(&component.id),
            xml_text(&kind.id),
            if added { " data-added=\"true\"" } else { "" },
            if pulled { " data-pulled-in=\"true\"" } else { "" },
            node.x,
            node.y,
        );
        if !standalone {
            let _ = write!(
                out,
                " tabindex=\"0\" role=\"button\" aria-label=\"{}\"",
                xml_text(&description)
            );
        }
        let _ = write!(
            out,
            "><title>{}</title><rect width=\"{NODE_WIDTH}\" height=\"{NODE_HEIGHT}\" rx=\"7\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"1.5\"{}/><text class=\"node-label\" x=\"10\" y=\"19\" font-size=\"12.5\" font-weight=\"600\" fill=\"{ink}\">{}</text><text class=\"node-meta\" x=\"10\" y=\"36\" font-size=\"11\" fill=\"#5b6475\">{}</text></g>",
            xml_text(&description),
            if pulled { " stroke-dasharray=\"5 3\"" } else { "" },
            xml_text(&truncate(&component.label, LABEL_CHARS)),
            xml_text(&truncate(&meta, LABEL_CHARS + 4)),
        );
    }
    out.push_str("</g>");
    if let GraphStyle::Standalone { caption } = style {
        let _ = write!(
            out,
            "<text x=\"12\" y=\"{:.0}\" font-size=\"11\" fill=\"#5b6475\">{}</text>",
            height - 10.0,
            xml_text(caption)
        );
    }
    out.push_str("</svg>\n");
    out
}
