//! Exports and imports: the document as JSON, a Markdown decision record (each graph as a
//! Mermaid diagram that GitHub renders), and an option's graph as a standalone SVG.
//!
//! User text is always text: it is escaped for each target (Markdown, Mermaid, XML), never
//! passed through, so a name like `<img src=x onerror=alert(1)>` shows literally everywhere.

use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use crate::analysis::{Analysis, OptionReport};
use crate::catalog::Scope;
use crate::edit::ContextNumber;
use crate::format::{money, named_few, number, percent, signed_count, signed_money, signed_number};
use crate::graph::Origin;
use crate::model::{Decision, FigureName, Relation};
use crate::sweep::{sweep, Param};

/// The JSON file's envelope: says what the file is and which format it follows.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonFile {
    overhead: u32,
    decision: Decision,
}

/// The JSON format this build writes and reads.
pub const JSON_FORMAT: u32 = 1;
/// Imports above this size are refused before parsing.
pub const MAX_IMPORT_BYTES: usize = 8 * 1024 * 1024;

pub fn to_json(decision: &Decision) -> String {
    let file = JsonFile {
        overhead: JSON_FORMAT,
        decision: decision.clone(),
    };
    serde_json::to_string_pretty(&file).unwrap_or_default() + "\n"
}

/// Reads a document from JSON: an Overhead file (`{"overhead": 1, "decision": …}`) or a bare
/// decision. Errors name the line and column.
pub fn from_json(text: &str) -> Result<Decision, String> {
    if text.len() > MAX_IMPORT_BYTES {
        return Err(format!(
            "the file is {} MiB; Overhead imports files up to {} MiB",
            text.len() / (1024 * 1024),
            MAX_IMPORT_BYTES / (1024 * 1024)
        ));
    }
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        format!(
            "not JSON at line {}, column {}: {}",
            e.line(),
            e.column(),
            strip_position(&e.to_string())
        )
    })?;
    let is_envelope = value.get("overhead").is_some();
    if is_envelope {
        if let Some(format) = value.get("overhead").and_then(|v| v.as_u64()) {
            if format > u64::from(JSON_FORMAT) {
                return Err(format!(
                    "this file was written by a newer version of Overhead (format {format}); this version reads format {JSON_FORMAT}"
                ));
            }
        }
        let file: JsonFile = serde_json::from_str(text).map_err(|e| describe(&e))?;
        Ok(file.decision)
    } else {
        serde_json::from_str(text).map_err(|e| describe(&e))
    }
}

fn describe(error: &serde_json::Error) -> String {
    format!(
        "line {}, column {}: {}",
        error.line(),
        error.column(),
        strip_position(&error.to_string())
    )
}

fn strip_position(message: &str) -> &str {
    message
        .rfind(" at line ")
        .map_or(message, |at| &message[..at])
}

// ----- escaping --------------------------------------------------------------------------------

/// Replaces the characters `replace` names, which are ASCII (it is asked about no other); keeps
/// the others, copied a run at a time. Pushed a character at a time, escaping took almost all
/// of the time the page spent making the drawing of a 1,000-component graph.
fn escape(text: &str, replace: impl Fn(char) -> Option<&'static str>) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut kept_from = 0;
    // A byte under 0x80 is a whole character in UTF-8, so each cut is at a character boundary.
    for (at, byte) in text.bytes().enumerate() {
        if let Some(replacement) = byte.is_ascii().then(|| replace(char::from(byte))).flatten() {
            out.push_str(&text[kept_from..at]);
            out.push_str(replacement);
            kept_from = at + 1;
        }
    }
    out.push_str(&text[kept_from..]);
    out
}

/// Text that Markdown shows literally: HTML is neutralised, Markdown syntax is escaped, and line
/// breaks stay line breaks.
pub fn markdown_text(text: &str) -> String {
    escape(text, |ch| {
        Some(match ch {
            '&' => "&amp;",
            '<' => "&lt;",
            '>' => "&gt;",
            '\\' => "\\\\",
            '`' => "\\`",
            '*' => "\\*",
            '_' => "\\_",
            '[' => "\\[",
            ']' => "\\]",
            '|' => "\\|",
            '#' => "\\#",
            '!' => "\\!",
            '~' => "\\~",
            '{' => "\\{",
            '}' => "\\}",
            '$' => "\\$",
            '\r' => "",
            '\n' => "  \n",
            _ => return None,
        })
    })
}

/// Text inside a quoted Mermaid label: Mermaid's entity codes for what could end the label,
/// the code block or become markup.
pub fn mermaid_text(text: &str) -> String {
    escape(text, |ch| {
        Some(match ch {
            '"' => "#quot;",
            '<' => "#lt;",
            '>' => "#gt;",
            '&' => "#amp;",
            '#' => "#35;",
            '`' => "#96;",
            '\n' | '\r' => " ",
            _ => return None,
        })
    })
}

/// Text in XML content or a quoted attribute.
pub fn xml_text(text: &str) -> String {
    escape(text, |ch| {
        Some(match ch {
            '&' => "&amp;",
            '<' => "&lt;",
            '>' => "&gt;",
            '"' => "&quot;",
            '\'' => "&apos;",
            c if (c as u32) < 0x20 && c != '\n' && c != '\t' => " ",
            _ => return None,
        })
    })
}

// ----- Mermaid ---------------------------------------------------------------------------------

/// The option's component graph as a Mermaid flowchart, foundations at the bottom, components
/// the option adds in their own colour, pulled-in ones dashed.
pub fn mermaid(analysis: &Analysis, option_index: usize) -> String {
    let option = &analysis.options[option_index];
    let mut out = String::from("graph BT\n");
    for (i, component) in option.graph.components.iter().enumerate() {
        let instances = option.components[i].instances;
        let mut label = format!("{} ×{instances}", component.label);
        if let Origin::PulledIn { by } = &component.origin {
            let _ = write!(
                label,
                " (needed by {})",
                named_few(by.iter().map(String::as_str))
            );
        }
        if let Some(provider) = &component.provider {
            let _ = write!(label, " (run by {})", provider.name);
        }
        let _ = writeln!(out, "  n{i}[\"{}\"]", mermaid_text(&label));
    }
    for edge in &option.graph.edges {
        let arrow = match edge.relation {
            Relation::ManagedBy => "-.->",
            _ => "-->",
        };
        let _ = writeln!(
            out,
            "  n{} {arrow}|{}| n{}",
            edge.from,
            edge.relation.label(),
            edge.to
        );
    }
    let added: Vec<String> = (0..option.graph.components.len())
        .filter(|&i| analysis.is_added(option_index, i))
        .map(|i| format!("n{i}"))
        .collect();
    let pulled: Vec<String> = (0..option.graph.components.len())
        .filter(|&i| analysis.is_pulled_in(option_index, i))
        .map(|i| format!("n{i}"))
        .collect();
    out.push_str("  classDef added fill:#f1e8fc,stroke:#7b3fc4,color:#3d1466\n");
    out.push_str("  classDef pulled stroke-dasharray:5 3\n");
    if !added.is_empty() {
        let _ = writeln!(out, "  class {} added", added.join(","));
    }
    if !pulled.is_empty() {
        let _ = writeln!(out, "  class {} pulled", pulled.join(","));
    }
    out
}

// ----- Markdown decision record ---------------------------------------------------------------

fn option_name(decision: &Decision, id: &str) -> String {
    decision
        .option(id)
        .map_or_else(|| id.to_string(), |o| o.name.clone())
}

fn consequences(analysis: &Analysis, option: &OptionReport) -> String {
    let v = &option.versus_baseline;
    let kinds = |list: &[usize]| {
        list.iter()
            .map(|&k| analysis.catalog.kinds[k].name.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut lines = vec![format!(
        "{} components to manage{}{}",
        signed_count(v.managed_delta()),
        if v.added_kinds.is_empty() {
            String::new()
        } else {
            format!(" (adds {})", kinds(&v.added_kinds))
        },
        if v.removed_kinds.is_empty() {
            String::new()
        } else {
            format!(" (removes {})", kinds(&v.removed_kinds))
        }
    )];
    lines.push(format!(
        "{} ops hours and {} a month; {} of the fleet's capacity",
        signed_number(v.ops_hours_month),
        signed_money(v.money_month),
        percent(v.fleet_share)
    ));
    // Cost model 2's terms, said only where they are not zero (model 1 has none).
    if v.servers_to_buy != 0.0 {
        lines.push(format!(
            "{} servers to buy (the capacity eaten beyond the spare)",
            number(v.servers_to_buy)
        ));
    }
    if v.on_call_hours_month != 0.0 {
        lines.push(format!(
            "{} on-call cover hours a month",
            signed_number(v.on_call_hours_month)
        ));
    }
    if v.one_time_work_hours != 0.0 {
        lines.push(format!(
            "{} learning hours and {} hours of one-time work once ({})",
            number(v.learning_hours),
            number(v.one_time_work_hours),
            money(v.one_time_cost)
        ));
    } else {
        lines.push(format!(
            "{} learning hours once ({})",
            number(v.learning_hours),
            money(v.one_time_cost)
        ));
    }
    if !v.new_single_points.is_empty() {
        lines.push(format!(
            "new single points of failure: {}",
            named_few(v.new_single_points.iter().map(String::as_str))
        ));
    }
    lines.push(format!(
        "net value {} a month, {} over the horizon",
        money(v.net_month),
        money(v.net_horizon)
    ));
    lines
        .into_iter()
        .map(|l| format!("- {}\n", markdown_text(&l)))
        .collect()
}

/// The kinds the document defines, as it defines them: what they are, what they need and
/// provide, their figures and the source the user gave for them.
fn custom_kinds(md: &mut String, decision: &Decision, analysis: &Analysis) {
    if decision.kinds.is_empty() {
        return;
    }
    md.push_str("\n## Kinds defined in this document\n\nThe catalog lacks these kinds; the document defines them, and their figures cite the source given here.\n");
    let kind_name = |id: &str| {
        analysis
            .catalog
            .kind(id)
            .map_or_else(|| id.to_string(), |k| k.name.to_string())
    };
    for kind in &decision.kinds {
        let name = if kind.name.trim().is_empty() {
            &kind.id
        } else {
            &kind.name
        };
        let _ = writeln!(md, "\n### {}\n", markdown_text(name));
        let scope = match kind.scope {
            Scope::Cluster => "one per cluster",
            Scope::Server => "one on every server",
            Scope::Service => "one for every service",
        };
        let operated = if kind.managed {
            "operated by the team"
        } else {
            "not operated by the team"
        };
        let mut facts = vec![
            ("Id", kind.id.clone()),
            (
                "Category",
                format!(
                    "{}; {scope} unless an option says; {operated}",
                    kind.category
                ),
            ),
        ];
        if !kind.summary.is_empty() {
            facts.push(("What it is", kind.summary.clone()));
        }
        if !kind.requires.is_empty() {
            let required: Vec<String> = kind
                .requires
                .iter()
                .map(|r| format!("{} ({})", kind_name(&r.kind), r.relation.label()))
                .collect();
            facts.push(("Requires", required.join(", ")));
        }
        if !kind.provides.is_empty() {
            let provided: Vec<String> = kind
                .provides
                .iter()
                .map(|id| {
                    analysis.catalog.capability_position(id).map_or_else(
                        || id.clone(),
                        |i| analysis.catalog.capabilities[i].name.to_string(),
                    )
                })
                .collect();
            facts.push(("Provides", provided.join(", ")));
        }
        facts.push(("Source", kind.source.clone()));
        for (fact, value) in facts {
            let _ = writeln!(md, "- **{fact}:** {}", markdown_text(&value));
        }
        if kind.figures.is_empty() {
            md.push_str("\nNo figures: every figure is zero.\n");
            continue;
        }
        md.push_str("\n| Figure, per instance | Value |\n|---|---|\n");
        for name in FigureName::ALL {
            if let Some(value) = kind.figures.get(&name) {
                let _ = writeln!(
                    md,
                    "| {} | {} |",
                    name.label(),
                    markdown_text(&number(*value))
                );
            }
        }
    }
}

/// A decision record in Markdown: context, options with their numbers, each graph as Mermaid,
/// the decision, its consequences, and the link that reopens it.
/// The assumptions the record's break-even table sweeps (`crate::sweep`).
const RECORD_SWEEPS: [ContextNumber; 2] = [ContextNumber::Servers, ContextNumber::Services];

/// "## Break-even": where each option's net monthly value crosses zero as the fleet and the
/// workload grow, as a table, or why it was not worked out.
fn break_even(md: &mut String, decision: &Decision) {
    md.push_str("\n## Break-even\n\n");
    md.push_str("Where each option's net monthly value crosses zero as one assumption moves from a tenth to ten times today's value, the rest as above.\n\n");
    md.push_str("| Assumption | Today | Option | Gains a month |\n|---|---|---|---|\n");
    for number in RECORD_SWEEPS {
        let param = Param::Context(number);
        match sweep(decision, &param) {
            Ok(swept) => {
                let today = markdown_text(&param.describe(swept.now));
                if swept.crossings.is_empty() {
                    let _ = writeln!(
                        md,
                        "| {} | {today} | every option | no crossing between {} and {} |",
                        markdown_text(&swept.name),
                        markdown_text(&param.describe(swept.xs[0])),
                        markdown_text(&param.describe(*swept.xs.last().unwrap_or(&swept.now)))
                    );
                }
                for crossing in &swept.crossings {
                    let _ = writeln!(
                        md,
                        "| {} | {today} | {} | {} |",
                        markdown_text(&swept.name),
                        markdown_text(&crossing.name),
                        markdown_text(&swept.gains_where(crossing))
                    );
                }
            }
            Err(not_swept) => {
                let _ = writeln!(
                    md,
                    "| {} | | | {} |",
                    markdown_text(&param.name(decision)),
                    markdown_text(&not_swept.sentence())
                );
            }
        }
    }
}

/// "## Ranges", when ranges are on: the uncertain numbers, the draws, and what they say of each
/// option (or why they could not be drawn).
fn ranges(md: &mut String, decision: &Decision, analysis: &Analysis) {
    use crate::ranges::{uncertain, Run, PERCENTILES_NOTE};
    if !decision.ranges.on {
        return;
    }
    md.push_str("\n## Ranges\n\n");
    let _ = writeln!(md, "{}\n", markdown_text(PERCENTILES_NOTE));
    let found = match uncertain(decision, analysis) {
        Ok(found) => found,
        Err(error) => {
            let _ = writeln!(md, "{}", markdown_text(&error.sentence()));
            return;
        }
    };
    if found.is_empty() {
        md.push_str("No number has a range.\n");
        return;
    }
    md.push_str("| Number | Low (5th) | Likely (median) | High (95th) |\n|---|---|---|---|\n");
    for number in &found {
        let e = number.estimate;
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} |",
            markdown_text(&number.name(decision, &analysis.catalog)),
            crate::format::number(e.low),
            crate::format::number(e.likely),
            crate::format::number(e.high)
        );
    }
    let Ok(Some(run)) = Run::new(decision, analysis, None, None) else {
        return;
    };
    let outcome = run.finish();
    let _ = writeln!(
        md,
        "\n{} draws, seed {}: the same draws for every option, so that they compare draw by draw.\n",
        crate::format::number(f64::from(decision.ranges.samples)),
        decision.ranges.seed
    );
    md.push_str("| Option | Median net a month | 5th to 95th percentile | Gains in | Beats |\n|---|---|---|---|---|\n");
    for (index, option) in analysis.options.iter().enumerate() {
        let spread = outcome.spreads[index];
        let beats: Vec<String> = outcome
            .rivals(index)
            .map(|(other, chance)| {
                format!("{} in {}", analysis.options[other].name, percent(chance))
            })
            .collect();
        let _ = writeln!(
            md,
            "| {} | {} | {} to {} | {} | {} |",
            markdown_text(&option.name),
            money(spread.median),
            money(spread.p5),
            money(spread.p95),
            percent(spread.win_probability),
            if beats.is_empty() {
                "—".to_string()
            } else {
                markdown_text(&beats.join("; "))
            }
        );
    }
}

pub fn markdown(decision: &Decision, analysis: &Analysis, link: &str) -> String {
    let mut md = String::new();
    let c = &decision.context;
    let _ = writeln!(md, "# {}\n", markdown_text(&decision.title));
    let _ = writeln!(md, "- **Status:** {}", decision.status.label());
    if !decision.question.is_empty() {
        let _ = writeln!(md, "- **Question:** {}", markdown_text(&decision.question));
    }
    let _ = writeln!(
        md,
        "- **Baseline:** {}",
        markdown_text(&option_name(decision, &decision.baseline))
    );
    let chosen = decision
        .chosen
        .as_deref()
        .map(|id| option_name(decision, id));
    let _ = writeln!(
        md,
        "- **Chosen option:** {}",
        chosen
            .as_deref()
            .map_or_else(|| "not decided yet".to_string(), markdown_text)
    );
    let _ = writeln!(
        md,
        "- **Reproduce:** [open this decision in Overhead]({}) (catalog version {}{})\n",
        link.replace(['(', ')', ' '], ""),
        decision.catalog_version,
        if decision.cost_model >= 2 {
            format!(", cost model {}", decision.cost_model)
        } else {
            String::new()
        }
    );

    md.push_str("## Context\n\n| Assumption | Value |\n|---|---|\n");
    let rows = [
        (
            "Servers",
            format!(
                "{} ({} fleet)",
                c.fleet.servers,
                if c.fleet.elastic { "elastic" } else { "fixed" }
            ),
        ),
        (
            "Server size",
            format!(
                "{} cores, {} GiB, {} a month",
                number(c.fleet.cores_per_server),
                number(c.fleet.memory_gib_per_server),
                money(c.fleet.server_cost_month)
            ),
        ),
        (
            "Server failures a year, per server",
            number(c.fleet.failures_per_server_year),
        ),
        (
            "Team",
            format!(
                "{} engineers at {} an hour",
                c.team.engineers,
                money(c.team.hourly_cost)
            ),
        ),
        (
            "Workload",
            format!(
                "{} services, {}, {} deploys a week each, {} demand variation",
                c.workload.services,
                if c.workload.stateful {
                    "stateful"
                } else {
                    "stateless"
                },
                number(c.workload.deploys_per_week),
                percent(c.workload.demand_variation)
            ),
        ),
        ("Horizon", format!("{} months", c.horizon_months)),
    ];
    for (name, value) in rows {
        let _ = writeln!(md, "| {name} | {} |", markdown_text(&value));
    }
    custom_kinds(&mut md, decision, analysis);

    md.push_str("\n## Options against the baseline\n\n");
    md.push_str("| Option | Components to manage | Ops hours a month | Money a month | Fleet capacity | Learning hours | Capability value a month | Net monthly value |\n|---|---|---|---|---|---|---|---|\n");
    for option in &analysis.options {
        let v = &option.versus_baseline;
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {} | {} | {} | {} |",
            markdown_text(&option.name),
            signed_count(v.managed_delta()),
            signed_number(v.ops_hours_month),
            signed_money(v.money_month),
            percent(v.fleet_share),
            number(v.learning_hours),
            money(v.value_month),
            money(v.net_month)
        );
    }

    // The flip points, searched once here: a record is exported now and then, not per edit.
    let flips = crate::verdict::flip_points(decision);
    for (index, option) in analysis.options.iter().enumerate() {
        let _ = writeln!(md, "\n### {}\n", markdown_text(&option.name));
        if let Some(summary) = decision
            .option(&option.id)
            .map(|o| o.summary.as_str())
            .filter(|s| !s.is_empty())
        {
            let _ = writeln!(md, "{}\n", markdown_text(summary));
        }
        let v = &option.versus_baseline;
        let verdict = crate::verdict::Verdict::of(
            v,
            analysis.context.horizon_months,
            index == analysis.baseline,
        );
        let flip = match &flips {
            Ok(flips) => flips.get(index).map(crate::verdict::Flip::sentence),
            Err(not_searched) => Some(not_searched.sentence()),
        };
        let _ = writeln!(
            md,
            "**{}** {}\n",
            markdown_text(&verdict.sentence()),
            markdown_text(&flip.unwrap_or_default())
        );
        for worth in v.gained.iter().chain(&v.lost) {
            let capability = &analysis.catalog.capabilities[worth.capability];
            let _ = writeln!(
                md,
                "- {} **{}**: {} a month — {}",
                if v.lost.contains(worth) {
                    "loses"
                } else {
                    "gains"
                },
                markdown_text(&capability.name),
                money(worth.value_month),
                markdown_text(&worth.explanation(analysis))
            );
        }
        let _ = writeln!(md, "\n```mermaid\n{}```", mermaid(analysis, index));
    }

    break_even(&mut md, decision);
    ranges(&mut md, decision, analysis);

    md.push_str("\n## Decision\n\n");
    match chosen {
        Some(name) => {
            let _ = writeln!(md, "Chosen: **{}**.\n", markdown_text(&name));
        }
        None => md.push_str("Not decided yet.\n\n"),
    }
    if !decision.rationale.is_empty() {
        let _ = writeln!(md, "{}\n", markdown_text(&decision.rationale));
    }

    md.push_str("## Consequences\n\n");
    let consequential: Vec<&OptionReport> = match decision.chosen.as_deref() {
        Some(id) => analysis.options.iter().filter(|o| o.id == id).collect(),
        None => analysis
            .options
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != analysis.baseline)
            .map(|(_, o)| o)
            .collect(),
    };
    for option in consequential {
        let _ = writeln!(
            md,
            "Against the baseline, **{}**:\n",
            markdown_text(&option.name)
        );
        md.push_str(&consequences(analysis, option));
        md.push('\n');
    }
    md.push_str(if decision.kinds.is_empty() {
        "---\nMade with Overhead. Every number follows from the context above, the catalog's sourced figures and the formulas of docs/cost-model.md.\n"
    } else {
        "---\nMade with Overhead. Every number follows from the context above, the catalog's sourced figures, the kinds this document defines and the formulas of docs/cost-model.md.\n"
    });
    md
}

// ----- SVG -------------------------------------------------------------------------------------

/// An option's graph as a standalone SVG document: the page's drawing (`render::graph_svg`),
/// on a white background, with a caption.
pub fn svg(analysis: &Analysis, option_index: usize) -> String {
    let option = &analysis.options[option_index];
    crate::render::graph_svg(
        analysis,
        option_index,
        &crate::render::GraphStyle::Standalone {
            caption: format!(
                "{} — purple: added by this option; dashed: pulled in by a requirement",
                option.name
            ),
        },
    )
}

/// Also the fixtures of `render`'s tests: a document whose own kinds are written by an attacker.
#[cfg(test)]
pub(crate) mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::analysis::analyse;
    use crate::model::{ComponentUse, CustomKind, KindRequirement};
    use crate::scenario;

    const PAYLOAD: &str = "<img src=x onerror=alert(1)>";
    /// Markup, both quotes, a backtick and an ampersand.
    pub(crate) const HOSTILE: &str = "<img src=x onerror=alert(1)>\"'`&";

    /// The landing scenario whose Kubernetes option also uses a kind the document defines, every
    /// text of which is hostile; a second kind cites a `javascript:` address as its source.
    pub(crate) fn with_hostile_kinds() -> Decision {
        let mut d = scenario::landing().unwrap();
        let kind = |id: String, source: &str| CustomKind {
            id,
            name: format!("Evil {HOSTILE}"),
            category: format!("category {HOSTILE}"),
            summary: format!("summary {HOSTILE}"),
            scope: Scope::Cluster,
            managed: true,
            pages: false,
            requires: vec![KindRequirement {
                kind: "server".into(),
                relation: Relation::RunsOn,
            }],
            provides: vec!["rescheduling".into()],
            figures: BTreeMap::from([
                (FigureName::RoutineHoursMonth, 2.0),
                (FigureName::LearningHours, 8.0),
            ]),
            source: source.to_string(),
        };
        d.kinds = vec![
            kind(format!("evil{HOSTILE}"), &format!("ASSUMPTION: {HOSTILE}")),
            kind("evil-address".into(), "javascript:alert(1)"),
        ];
        for kind in ["evil-address".to_string(), format!("evil{HOSTILE}")] {
            d.options[1]
                .make_mut()
                .components
                .push(ComponentUse::new(kind.clone(), kind));
        }
        d
    }

    fn hostile() -> Decision {
        let mut d = scenario::landing().unwrap();
        d.title = format!("{PAYLOAD} `code` | pipe");
        d.rationale = format!("Because {PAYLOAD}\n[link](javascript:alert(1))");
        d.options[1].make_mut().name = format!("K8s {PAYLOAD} \"quoted\"");
        d.options[1].make_mut().components[2].label = Some(format!("{PAYLOAD}\"]) --> x"));
        d.chosen = Some("kubernetes".into());
        d
    }

    #[test]
    fn json_round_trips_and_reports_positions() {
        let d = hostile();
        assert_eq!(from_json(&to_json(&d)).unwrap(), d);
        let bare = serde_json::to_string(&d).unwrap();
        assert_eq!(from_json(&bare).unwrap(), d);
        let error =
            from_json("{\n  \"overhead\": 1,\n  \"decision\": {\"title\": 3}\n}").unwrap_err();
        assert!(error.starts_with("line 3, column"), "{error}");
        let error = from_json("{ nope").unwrap_err();
        assert!(error.contains("line 1, column 3"), "{error}");
        let error = from_json("{\"overhead\": 9, \"decision\": {}}").unwrap_err();
        assert!(error.contains("newer version"), "{error}");
    }

    #[test]
    fn markdown_and_mermaid_keep_user_text_as_text() {
        let d = hostile();
        let analysis = analyse(&d).unwrap();
        let md = markdown(&d, &analysis, "https://example.test/#v1.abc");
        assert!(!md.contains("<img"), "raw HTML in:\n{md}");
        assert!(md.contains("&lt;img src=x onerror=alert(1)&gt;"));
        assert!(md.contains("\\[link\\](javascript:alert(1))"));
        assert!(md.contains("```mermaid\ngraph BT\n"));
        assert!(md.contains("[open this decision in Overhead](https://example.test/#v1.abc)"));
        assert!(md.contains("## Consequences"));
        let mermaid = mermaid(&analysis, 1);
        assert!(
            !mermaid.contains('<') && !mermaid.contains("\"])"),
            "{mermaid}"
        );
        assert!(mermaid.contains("#lt;img src=x onerror=alert(1)#gt;#quot;])"));
        assert!(mermaid.contains("class "), "added components are styled");
    }

    #[test]
    fn json_carries_the_documents_kinds() {
        let d = with_hostile_kinds();
        let json = to_json(&d);
        assert!(json.contains("\"kinds\": ["), "{json}");
        assert_eq!(from_json(&json).unwrap(), d);
        // A document without kinds of its own writes no `kinds` field (files stay as they were).
        let plain = scenario::landing().unwrap();
        assert!(!to_json(&plain).contains("\"kinds\""));
        let mut unknown_field = serde_json::to_value(&d).unwrap();
        unknown_field["kinds"][0]["colour"] = "red".into();
        let error = from_json(&unknown_field.to_string()).unwrap_err();
        assert!(error.contains("unknown field `colour`"), "{error}");
    }

    #[test]
    fn the_record_lists_the_documents_kinds_with_figures_and_source() {
        let mut d = scenario::landing().unwrap();
        d.kinds = vec![CustomKind {
            id: "storage-operator".into(),
            name: "Storage operator".into(),
            category: "orchestration".into(),
            summary: "Reconciles the storage daemons.".into(),
            scope: Scope::Cluster,
            managed: true,
            pages: false,
            requires: vec![KindRequirement {
                kind: "k8s-control-plane".into(),
                relation: Relation::ManagedBy,
            }],
            provides: vec!["rescheduling".into()],
            figures: BTreeMap::from([
                (FigureName::RoutineHoursMonth, 3.0),
                (FigureName::HoursPerIncident, 4.0),
                (FigureName::MemoryGib, 0.5),
            ]),
            source: "ASSUMPTION: like the control plane, half its incidents.".into(),
        }];
        let analysis = analyse(&d).unwrap();
        let md = markdown(&d, &analysis, "https://example.test/#v2.abc");
        let section = md
            .split("\n## ")
            .find(|s| s.starts_with("Kinds defined in this document"))
            .expect("a section for the document's kinds");
        expect_test::expect![[r#"
            Kinds defined in this document

            The catalog lacks these kinds; the document defines them, and their figures cite the source given here.

            ### Storage operator

            - **Id:** storage-operator
            - **Category:** orchestration; one per cluster unless an option says; operated by the team
            - **What it is:** Reconciles the storage daemons.
            - **Requires:** Kubernetes control plane (managed by)
            - **Provides:** Rescheduling on failure
            - **Source:** ASSUMPTION: like the control plane, half its incidents.

            | Figure, per instance | Value |
            |---|---|
            | routine hours a month | 3 |
            | hours per incident | 4 |
            | memory per instance (GiB) | 0.5 |
        "#]]
        .assert_eq(section);
        let plain = scenario::landing().unwrap();
        let md = markdown(&plain, &analyse(&plain).unwrap(), "");
        assert!(!md.contains("Kinds defined in this document"));
    }

    #[test]
    fn the_documents_kinds_stay_text_in_every_export() {
        let d = with_hostile_kinds();
        let analysis = analyse(&d).unwrap();
        let md = markdown(&d, &analysis, "https://example.test/#v2.abc");
        assert!(!md.contains("<img"), "raw HTML in:\n{md}");
        assert!(md.contains("### Evil &lt;img src=x onerror=alert(1)&gt;\"'\\`&amp;\n"));
        assert!(md.contains("- **Source:** ASSUMPTION: &lt;img src=x onerror=alert(1)&gt;"));
        assert!(md.contains("- **Source:** javascript:alert(1)\n"));
        assert!(!md.contains("](javascript"));
        // The consequences name the added kinds by the document's (escaped) name.
        assert!(
            md.contains("(adds Kubernetes control plane, Kubernetes node agent, Evil &lt;img"),
            "{md}"
        );
        let mermaid = mermaid(&analysis, 1);
        assert!(
            !mermaid.contains('<') && !mermaid.contains('`'),
            "{mermaid}"
        );
        assert!(mermaid.contains("Evil #lt;img src=x onerror=alert(1)#gt;#quot;'#96;#amp; ×1"));
        let svg = svg(&analysis, 1);
        assert!(
            !svg.contains("<img") && !svg.contains("javascript:"),
            "{svg}"
        );
        assert!(
            svg.contains("data-kind=\"evil&lt;img src=x onerror=alert(1)&gt;&quot;&apos;`&amp;\"")
        );
    }

    #[test]
    fn escaping_keeps_the_text_between_what_it_replaces_whole_and_non_ascii_text_as_it_is() {
        let text = "Zürich <db> & “Ops” — ×3\u{1}'é'\n";
        assert_eq!(
            xml_text(text),
            "Zürich &lt;db&gt; &amp; “Ops” — ×3 &apos;é&apos;\n"
        );
        assert_eq!(
            markdown_text(text),
            "Zürich &lt;db&gt; &amp; “Ops” — ×3\u{1}'é'  \n"
        );
        assert_eq!(
            mermaid_text(text),
            "Zürich #lt;db#gt; #amp; “Ops” — ×3\u{1}'é' "
        );
        assert_eq!(xml_text(""), "");
        assert_eq!(xml_text("&"), "&amp;");
        assert_eq!(xml_text("plain"), "plain");
    }

    #[test]
    fn svg_escapes_user_text() {
        let d = hostile();
        let analysis = analyse(&d).unwrap();
        let svg = svg(&analysis, 1);
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(!svg.contains("<img"));
        assert!(svg.contains("&lt;img src=x onerror=alert(1)&gt;"));
        assert!(!svg.contains("<script"));
    }
}
