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
        let pulled = analysis.is_pulled_in(option_index, i);
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

// ----- reports as HTML ------------------------------------------------------------------------
//
// The static parts of the page (an option's numbers, a component's details, the formulas) are
// rendered here as escaped HTML, like the graph: the page sets them as a whole and keeps its
// Leptos components for what the user edits. Every piece of text goes through `xml_text`.

use crate::analysis::{CapabilityWorth, Provenance};
use crate::catalog::{Catalog, DOCUMENT_SOURCE_PREFIX, PARTS_SOURCE};
use crate::format::{hours, money, number, percent, signed_count, signed_money, signed_number};

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
    let fixed_note = if !analysis.context.fleet.elastic && v.fleet_share > 0.0 {
        " (on a fixed fleet, taken from the workload)"
    } else {
        ""
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
        "engineer time, licences, providers and capacity".into(),
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
    metric(
        "Learning",
        "learning-hours",
        number(v.learning_hours),
        " h once",
        format!("{} of the team's time", money(v.one_time_cost)),
    );
    metric(
        "Failure points",
        "added-failure-points",
        signed_count(v.failure_points_added),
        "",
        if v.new_single_points.is_empty() {
            String::new()
        } else {
            format!(
                "new single points of failure: {}",
                v.new_single_points.join(", ")
            )
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
                xml_text(&worth.explanation)
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

fn source_html(catalog: &Catalog, id: &str) -> String {
    if id == PARTS_SOURCE {
        return "sum of its parts".into();
    }
    match catalog.source(id) {
        None => xml_text(id),
        Some(source) => {
            let title = xml_text(&source.title);
            let body = match &source.url {
                Some(url) => format!(
                    "<a href=\"{}\" target=\"_blank\" rel=\"noopener noreferrer\">{title}</a>",
                    xml_text(url)
                ),
                None => title,
            };
            // A kind the document defines cites the user's own words: show them (escaped).
            let words = match &source.note {
                Some(note) if id.starts_with(DOCUMENT_SOURCE_PREFIX) => {
                    format!(": {}", xml_text(note))
                }
                _ => String::new(),
            };
            format!(
                "<span class=\"tag\">{}</span> {body}{words}",
                source.tag.label()
            )
        }
    }
}

fn phrase(relation: Relation, incoming: bool) -> &'static str {
    match (relation, incoming) {
        (Relation::RunsOn, true) => "runs on it",
        (Relation::DependsOn, true) => "depends on it",
        (Relation::ManagedBy, true) => "is managed by it",
        (Relation::RunsOn, false) => "runs on",
        (Relation::DependsOn, false) => "depends on",
        (Relation::ManagedBy, false) => "is managed by",
    }
}

/// What a newcomer needs to know of a component: what it is, why it is there, what it needs,
/// what it is made of, what it costs (with sources) and what breaks when it fails.
pub fn component_details_html(analysis: &Analysis, option_index: usize, index: usize) -> String {
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
        component.instances,
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
    let why = match &component.origin {
        Origin::PulledIn { by } => {
            let names: Vec<&str> = by
                .iter()
                .filter_map(|id| option.graph.index_of(id))
                .map(label_of)
                .collect();
            format!(
                "Pulled in: needed by {}, whose kind cannot run without it.",
                names.join(", ")
            )
        }
        Origin::Declared => "Part of the option as drawn.".into(),
    };
    let _ = write!(
        out,
        "</p><section><h3>What it is</h3><p>{}</p></section><section><h3>Why it is here</h3><p>{}</p>",
        xml_text(&kind.summary),
        xml_text(&why)
    );
    let list = |out: &mut String, items: &[(usize, Relation)], incoming: bool| {
        out.push_str("<ul class=\"plain\">");
        for &(i, relation) in items {
            let text = if incoming {
                format!("{} {}", label_of(i), phrase(relation, true))
            } else {
                format!("{} {}", phrase(relation, false), label_of(i))
            };
            let _ = write!(out, "<li>{}</li>", xml_text(&text));
        }
        out.push_str("</ul>");
    };
    if !report.needed_by.is_empty() {
        list(&mut out, &report.needed_by, true);
    }
    out.push_str("</section><section><h3>What it needs</h3>");
    if report.needs.is_empty() {
        out.push_str("<p class=\"muted\">Nothing else in this option.</p>");
    } else {
        list(&mut out, &report.needs, false);
    }
    out.push_str("</section>");
    if !kind.parts.is_empty() {
        out.push_str("<section><h3>What it is made of</h3><ul class=\"parts\">");
        for part in kind.parts.iter().filter_map(|id| catalog.kind(id)) {
            let footprint = if part.footprint_rule.is_some() {
                "the node reservation for the server's size".to_string()
            } else {
                format!(
                    "{} cores, {} GiB each",
                    number(part.figures.cores.as_ref().map_or(0.0, |f| f.value)),
                    number(part.figures.memory_gib.as_ref().map_or(0.0, |f| f.value))
                )
            };
            let source = part
                .figures
                .memory_gib
                .as_ref()
                .or(part.figures.cores.as_ref())
                .and_then(|f| catalog.source(&f.source))
                .map(|s| format!(" — {}", s.title))
                .unwrap_or_default();
            let _ = write!(
                out,
                "<li><strong>{}</strong>: {}<span class=\"muted\"> ({}{})</span></li>",
                xml_text(&part.name),
                xml_text(&part.summary),
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
            Provenance::Catalog(id) => source_html(catalog, id),
        };
        let _ = write!(
            out,
            "<tr><th scope=\"row\">{}</th><td class=\"num\">{}</td><td class=\"source\">{source}</td></tr>",
            line.name.label(),
            number(line.value)
        );
    }
    let blast = if report.blast_radius.is_empty() {
        "Nothing else stops when it fails.".to_string()
    } else {
        let names: Vec<&str> = report.blast_radius.iter().map(|&i| label_of(i)).collect();
        format!("Stops with it: {}.", names.join(", "))
    };
    out.push_str("</tbody></table></section><section><h3>When it fails</h3>");
    // Kinds defined in a document say nothing of how they fail; their blast radius still shows.
    if !kind.failure.is_empty() {
        let _ = write!(out, "<p>{}</p>", xml_text(&kind.failure));
    }
    let _ = write!(out, "<p>{}</p></section>", xml_text(&blast));
    out
}

/// "How is this computed?": the formulas, what capabilities are worth, the context defaults and
/// every source and assumption of the catalog. Given an analysis's catalog (`&analysis.catalog`),
/// the sources include those of the kinds the document defines, with their author's words.
pub fn how_computed_html(catalog: &Catalog) -> String {
    let mut out = String::with_capacity(32 * 1024);
    out.push_str("<p>Every number follows from the catalog's figures, your context and these formulas. The long version, with the reasoning, is docs/cost-model.md in the repository.</p><h3>Formulas</h3><dl class=\"formulas\">");
    for f in crate::explain::FORMULAS {
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
        "</dl><h3>What capabilities are worth (catalog version {})</h3><table class=\"rules\"><tbody>",
        catalog.version
    );
    for c in catalog.capabilities.iter() {
        let _ = write!(
            out,
            "<tr><th scope=\"row\">{}</th><td>{}</td><td><code>{}</code></td></tr>",
            xml_text(&c.name),
            xml_text(&c.summary),
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
            source_html(catalog, &d.src)
        );
    }
    out.push_str("</tbody></table><h3>Sources and assumptions</h3><ul class=\"sources\">");
    for s in catalog.sources.iter() {
        let _ = write!(
            out,
            "<li><span class=\"tag\">{}</span> {}",
            s.tag.label(),
            xml_text(&s.title)
        );
        if let Some(url) = &s.url {
            let _ = write!(
                out,
                " <a href=\"{}\" target=\"_blank\" rel=\"noopener noreferrer\">source</a>",
                xml_text(url)
            );
        }
        if let Some(note) = &s.note {
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

    const PAYLOAD: &str = "<img src=x onerror=alert(1)>\"'&";

    #[test]
    fn page_markup_escapes_every_user_text() {
        let mut d = scenario::landing().unwrap();
        d.options[1].name = format!("K8s {PAYLOAD}");
        d.options[1].id = format!("k8s{PAYLOAD}");
        d.baseline = d.options[0].id.clone();
        d.options[1].components[2].label = Some(format!("Storage {PAYLOAD}"));
        d.options[1].components[2].id = format!("storage{PAYLOAD}");
        d.options[1].edges.retain(|e| e.from != "storage");
        let analysis = analyse(&d).unwrap();
        let markup = [
            graph_svg(&analysis, 1, &GraphStyle::Page { selected: None }),
            option_report_html(&analysis, 1),
            component_details_html(&analysis, 1, 2),
            how_computed_html(&analysis.catalog),
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
            component_details_html(&analysis, 1, evil),
            component_details_html(&analysis, 1, address),
            how_computed_html(&analysis.catalog),
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
        let details = component_details_html(&analysis, 1, index);
        assert!(details.contains(
            "<a href=\"https://example.com/ops?a=1&amp;b=&quot;2&quot;\" target=\"_blank\" rel=\"noopener noreferrer\">Defined in this document</a>"
        ), "{details}");
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
