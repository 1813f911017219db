//! The decision document as TOML text: what the page's text editor shows and reads.
//!
//! The text follows the schema of the built-in scenario files (`data/scenarios/*.toml`), so a
//! scenario file pastes in as it is. [`to_toml`] writes a document in their layout (top-level
//! fields, `[context]` tables, `[[options]]` with one inline table per component and edge,
//! `[[kinds]]`); [`from_toml`] reads text back and says where it is wrong, as a line and a
//! column, for syntax errors, schema errors and the model errors [`analyse`] finds.
//!
//! The writer is written here rather than taken from the `toml` crate: it keeps the scenario
//! files' layout (which a generic serializer does not), and leaving the crate's writer out keeps
//! the browser bundle smaller. Every string goes through [`Quoted`], every number through
//! [`Number`]; nothing else writes a value.
//!
//! The reader is big (the `toml` crate), so the page does not carry it: a Web Worker (the
//! `text-worker` binary) runs [`from_toml`], loaded after the first paint. The messages between
//! them are defined once, here: the page sends a [`ReadRequest`], the worker answers with a
//! [`WorkerMessage`] ([`answer`] is the whole of the worker's work, so it is tested natively).

use std::fmt::{self, Write as _};
use std::ops::Range;

use serde::{Deserialize, Serialize};
use toml::de::{DeTable, DeValue};
use toml::Spanned;

use crate::analysis::analyse;
use crate::error::{limits, ModelError};
use crate::link;
use crate::model::{
    Alternative, Bounds, ComponentUse, Count, CustomKind, Decision, Edge, FigureName, PerWhat,
    Ranges, Relation, Scope,
};

/// Why a text is not a document, and where: 1-based line and column (the column counts
/// characters, not bytes).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for TextError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "line {}, column {}: {}",
            self.line, self.column, self.message
        )
    }
}

impl std::error::Error for TextError {}

// ----- writing -----------------------------------------------------------------------------------

/// A string as a TOML value, quoted and escaped: the only way user text reaches the output.
///
/// `inline` is a one-line basic string (for inline tables, which must fit on one line);
/// `block` becomes a multi-line basic string when the text has line breaks, so that a
/// rationale of several paragraphs reads as paragraphs.
#[derive(Clone, Copy)]
struct Quoted<'a> {
    text: &'a str,
    multiline: bool,
}

impl<'a> Quoted<'a> {
    fn inline(text: &'a str) -> Quoted<'a> {
        Quoted {
            text,
            multiline: false,
        }
    }

    fn block(text: &'a str) -> Quoted<'a> {
        Quoted {
            text,
            multiline: text.contains('\n'),
        }
    }
}

impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // A multi-line string opens with a line break, which TOML drops, so the text starts on
        // its own line.
        f.write_str(if self.multiline { "\"\"\"\n" } else { "\"" })?;
        for c in self.text.chars() {
            match c {
                // Every quote is escaped, so no run of three can close a multi-line string.
                '"' => f.write_str("\\\"")?,
                '\\' => f.write_str("\\\\")?,
                '\n' if self.multiline => f.write_char('\n')?,
                '\n' => f.write_str("\\n")?,
                // A carriage return stays escaped even in a multi-line string: a parser may
                // normalise a raw CRLF to LF, and the text must come back byte for byte.
                '\r' => f.write_str("\\r")?,
                '\t' => f.write_str("\\t")?,
                '\u{8}' => f.write_str("\\b")?,
                '\u{c}' => f.write_str("\\f")?,
                // TOML forbids the other control characters in basic strings.
                c if c < ' ' || c == '\u{7f}' => write!(f, "\\u{:04X}", u32::from(c))?,
                c => f.write_char(c)?,
            }
        }
        f.write_str(if self.multiline { "\"\"\"" } else { "\"" })
    }
}

/// A number as a TOML value that reads back to the same `f64`: whole numbers as integers (as
/// the scenario files write them), others in Rust's shortest round-trip form, which always has
/// a `.` or an exponent and so stays a TOML float.
#[derive(Clone, Copy)]
struct Number(f64);

/// Whole numbers below this are written as integers; each is exactly an `f64` and an `i64`.
const LARGEST_WRITTEN_AS_INTEGER: f64 = 1e15;

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let value = self.0;
        if value.is_nan() {
            f.write_str("nan")
        } else if value.is_infinite() {
            f.write_str(if value > 0.0 { "inf" } else { "-inf" })
        } else if value.fract() == 0.0
            && value.abs() < LARGEST_WRITTEN_AS_INTEGER
            && !(value == 0.0 && value.is_sign_negative())
        {
            write!(f, "{}", value as i64)
        } else {
            write!(f, "{value:?}")
        }
    }
}

/// The names the schema gives enum values (serde's renames), written out so the writer needs
/// no serializer. The round-trip tests fail if one disagrees with serde.
fn relation_name(relation: Relation) -> &'static str {
    match relation {
        Relation::RunsOn => "runs-on",
        Relation::DependsOn => "depends-on",
        Relation::ManagedBy => "managed-by",
    }
}

fn scope_name(scope: Scope) -> &'static str {
    match scope {
        Scope::Cluster => "cluster",
        Scope::Server => "server",
        Scope::Service => "service",
    }
}

/// The document as TOML in the scenario files' layout. Fields left at their default are left
/// out where the JSON form leaves them out (and `None`, which TOML cannot write).
pub fn to_toml(decision: &Decision) -> String {
    let mut out = String::new();
    // Writing into a String cannot fail.
    let _ = write_decision(&mut out, decision);
    out
}

/// The fewest bytes `to_toml` writes for a component or an edge: its line in the option's list,
/// `  { id = "", kind = "" },` and a newline with empty ids, an edge's longer still.
const LEAST_LIST_LINE: usize = 26;

/// A length the document's text is sure to reach, known without writing it: a page can tell
/// that a text is too long to show without spending the time to write it (at the limits,
/// 3.9 MB in 25-30 ms natively, built for size as the page is).
pub fn least_toml_len(decision: &Decision) -> usize {
    decision
        .components_and_edges()
        .saturating_mul(LEAST_LIST_LINE)
}

fn write_decision(out: &mut String, d: &Decision) -> fmt::Result {
    if let Some(scenario) = &d.scenario {
        writeln!(out, "scenario = {}", Quoted::inline(scenario))?;
    }
    writeln!(out, "catalog_version = {}", d.catalog_version)?;
    if d.cost_model != 1 {
        writeln!(out, "cost_model = {}", d.cost_model)?;
    }
    writeln!(out, "title = {}", Quoted::block(&d.title))?;
    writeln!(out, "question = {}", Quoted::block(&d.question))?;
    writeln!(out, "status = {}", Quoted::inline(d.status.label()))?;
    writeln!(out, "baseline = {}", Quoted::inline(&d.baseline))?;
    if let Some(chosen) = &d.chosen {
        writeln!(out, "chosen = {}", Quoted::inline(chosen))?;
    }
    writeln!(out, "rationale = {}", Quoted::block(&d.rationale))?;
    // With no option there is no `[[options]]` table to say the field is there; it is
    // required, so it is written as an empty array (a key after a table header would belong
    // to that table).
    if d.options.is_empty() {
        writeln!(out, "options = []")?;
    }

    let c = &d.context;
    writeln!(out, "\n[context]")?;
    writeln!(out, "horizon_months = {}", c.horizon_months)?;
    writeln!(out, "\n[context.fleet]")?;
    writeln!(out, "servers = {}", c.fleet.servers)?;
    writeln!(out, "elastic = {}", c.fleet.elastic)?;
    writeln!(
        out,
        "cores_per_server = {}",
        Number(c.fleet.cores_per_server)
    )?;
    writeln!(
        out,
        "memory_gib_per_server = {}",
        Number(c.fleet.memory_gib_per_server)
    )?;
    writeln!(
        out,
        "server_cost_month = {}",
        Number(c.fleet.server_cost_month)
    )?;
    writeln!(
        out,
        "failures_per_server_year = {}",
        Number(c.fleet.failures_per_server_year)
    )?;
    // Cost model 2's context: written for its documents (model 1 has no such fields).
    let model_2 = d.cost_model >= 2;
    if model_2 {
        writeln!(out, "owned = {}", c.fleet.owned)?;
        writeln!(out, "spare_share = {}", Number(c.fleet.spare_share))?;
    }
    writeln!(out, "\n[context.team]")?;
    writeln!(out, "engineers = {}", c.team.engineers)?;
    writeln!(out, "hourly_cost = {}", Number(c.team.hourly_cost))?;
    if model_2 {
        writeln!(out, "teams = {}", c.team.teams)?;
    }
    writeln!(out, "\n[context.workload]")?;
    writeln!(out, "services = {}", c.workload.services)?;
    writeln!(out, "stateful = {}", c.workload.stateful)?;
    writeln!(
        out,
        "deploys_per_week = {}",
        Number(c.workload.deploys_per_week)
    )?;
    writeln!(
        out,
        "demand_variation = {}",
        Number(c.workload.demand_variation)
    )?;
    if model_2 {
        writeln!(
            out,
            "hours_per_deploy = {}",
            Number(c.workload.hours_per_deploy)
        )?;
    }

    write_ranges(out, &d.ranges)?;
    for option in &d.options {
        write_option(out, option)?;
    }
    for kind in &d.kinds {
        write_kind(out, kind)?;
    }
    Ok(())
}

/// `[ranges]`, when the document says anything of them: whether they are on, the draws, and
/// the context's ranges as `number = { low = …, high = … }`.
fn write_ranges(out: &mut String, ranges: &Ranges) -> fmt::Result {
    if ranges.is_unset() {
        return Ok(());
    }
    writeln!(out, "\n[ranges]")?;
    writeln!(out, "on = {}", ranges.on)?;
    writeln!(out, "seed = {}", ranges.seed)?;
    writeln!(out, "samples = {}", ranges.samples)?;
    if !ranges.catalog {
        writeln!(out, "catalog = false")?;
    }
    if !ranges.context.is_empty() {
        writeln!(out, "\n[ranges.context]")?;
        for (number, bounds) in &ranges.context {
            writeln!(out, "{} = {}", number.key(), InlineBounds(*bounds))?;
        }
    }
    Ok(())
}

/// Low and high as an inline table: `{ low = 30, high = 60 }`.
struct InlineBounds(Bounds);

impl fmt::Display for InlineBounds {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{{ low = {}, high = {} }}",
            Number(self.0.low),
            Number(self.0.high)
        )
    }
}

fn write_option(out: &mut String, option: &Alternative) -> fmt::Result {
    writeln!(out, "\n[[options]]")?;
    writeln!(out, "id = {}", Quoted::inline(&option.id))?;
    writeln!(out, "name = {}", Quoted::block(&option.name))?;
    writeln!(out, "summary = {}", Quoted::block(&option.summary))?;
    write_list(out, "components", &option.components, write_component)?;
    write_list(out, "edges", &option.edges, write_edge)
}

/// `key = [ … ]` with one inline table per line, as the scenario files write components and
/// edges.
fn write_list<T>(
    out: &mut String,
    key: &str,
    items: &[T],
    write_item: fn(&mut String, &T) -> fmt::Result,
) -> fmt::Result {
    if items.is_empty() {
        return writeln!(out, "{key} = []");
    }
    writeln!(out, "{key} = [")?;
    for item in items {
        out.push_str("  ");
        write_item(out, item)?;
        out.push_str(",\n");
    }
    writeln!(out, "]")
}

fn write_component(out: &mut String, component: &ComponentUse) -> fmt::Result {
    write!(
        out,
        "{{ id = {}, kind = {}",
        Quoted::inline(&component.id),
        Quoted::inline(&component.kind)
    )?;
    if let Some(label) = &component.label {
        write!(out, ", label = {}", Quoted::inline(label))?;
    }
    match component.count {
        Count::Default => {}
        Count::Fixed(n) => write!(out, ", count = {n}")?,
        Count::Per(PerWhat::PerServer) => out.push_str(", count = \"per-server\""),
        Count::Per(PerWhat::PerService) => out.push_str(", count = \"per-service\""),
    }
    if let Some(provider) = &component.provider {
        write!(
            out,
            ", provider = {{ name = {}, price_month = {} }}",
            Quoted::inline(&provider.name),
            Number(provider.price_month)
        )?;
    }
    if !component.overrides.is_empty() {
        out.push_str(", overrides = {");
        for (i, (name, value)) in component.overrides.iter().enumerate() {
            let separator = if i == 0 { " " } else { ", " };
            write!(out, "{separator}{} = {}", name.key(), Number(*value))?;
        }
        out.push_str(" }");
    }
    if !component.ranges.is_empty() {
        out.push_str(", ranges = {");
        for (i, (name, bounds)) in component.ranges.iter().enumerate() {
            let separator = if i == 0 { " " } else { ", " };
            write!(out, "{separator}{} = {}", name.key(), InlineBounds(*bounds))?;
        }
        out.push_str(" }");
    }
    out.push_str(" }");
    Ok(())
}

fn write_edge(out: &mut String, edge: &Edge) -> fmt::Result {
    write!(
        out,
        "{{ from = {}, to = {}, relation = {} }}",
        Quoted::inline(&edge.from),
        Quoted::inline(&edge.to),
        Quoted::inline(relation_name(edge.relation))
    )
}

fn write_kind(out: &mut String, kind: &CustomKind) -> fmt::Result {
    writeln!(out, "\n[[kinds]]")?;
    writeln!(out, "id = {}", Quoted::inline(&kind.id))?;
    writeln!(out, "name = {}", Quoted::block(&kind.name))?;
    writeln!(out, "category = {}", Quoted::inline(&kind.category))?;
    writeln!(out, "summary = {}", Quoted::block(&kind.summary))?;
    writeln!(out, "scope = {}", Quoted::inline(scope_name(kind.scope)))?;
    if !kind.managed {
        writeln!(out, "managed = false")?;
    }
    if kind.pages {
        writeln!(out, "pages = true")?;
    }
    if !kind.requires.is_empty() {
        write_list(out, "requires", &kind.requires, |out, requirement| {
            write!(
                out,
                "{{ kind = {}, relation = {} }}",
                Quoted::inline(&requirement.kind),
                Quoted::inline(relation_name(requirement.relation))
            )
        })?;
    }
    if !kind.provides.is_empty() {
        out.push_str("provides = [");
        for (i, capability) in kind.provides.iter().enumerate() {
            let separator = if i == 0 { "" } else { ", " };
            write!(out, "{separator}{}", Quoted::inline(capability))?;
        }
        out.push_str("]\n");
    }
    writeln!(out, "source = {}", Quoted::block(&kind.source))?;
    // The figures table comes last: after its header, every key belongs to it.
    if !kind.figures.is_empty() {
        writeln!(out, "\n[kinds.figures]")?;
        for (name, value) in &kind.figures {
            writeln!(out, "{} = {}", name.key(), Number(*value))?;
        }
    }
    Ok(())
}

// ----- reading -----------------------------------------------------------------------------------

/// Reads a document from TOML text and checks that it can be computed. Syntax errors, schema
/// errors (a wrong type, an unknown or missing field, a negative count) and model errors (an
/// unknown kind, a dangling edge, a cycle, …) all come back with the line and column they are
/// about.
pub fn from_toml(text: &str) -> Result<Decision, TextError> {
    let decision = parse(text)?;
    match analyse(&decision) {
        Ok(_) => Ok(decision),
        Err(error) => Err(locate_model_error(text, &decision, &error)),
    }
}

/// Reads a document from TOML text without computing it: syntax and schema errors only. For a
/// caller that shows model errors in its own way.
pub fn parse(text: &str) -> Result<Decision, TextError> {
    if text.len() > limits::MAX_DOCUMENT_TEXT_BYTES {
        return Err(TextError {
            line: 1,
            column: 1,
            message: format!(
                "the text is {} KiB; Overhead reads documents up to {} KiB",
                text.len().div_ceil(1024),
                limits::MAX_DOCUMENT_TEXT_BYTES / 1024
            ),
        });
    }
    let located = |error: toml::de::Error| {
        let (line, column) = error
            .span()
            .map_or((1, 1), |span| line_and_column(text, span.start));
        TextError {
            line,
            column,
            message: plain_message(error.message()),
        }
    };
    let deserializer = toml::de::Deserializer::parse(text).map_err(located)?;
    let mut decision = Decision::deserialize(deserializer).map_err(located)?;
    // Text that names a catalog version but no cost model means the model that catalog is
    // written for (a document read from JSON or a link names none only when it is model 1).
    if !names_cost_model(text) {
        if let Some(catalog) = crate::catalog::get(decision.catalog_version) {
            decision.cost_model = catalog.cost_model;
        }
    }
    Ok(decision)
}

/// Whether the text sets `cost_model` among its top-level keys, which TOML puts before the first
/// table header.
fn names_cost_model(text: &str) -> bool {
    text.lines()
        .map(str::trim_start)
        .take_while(|line| !line.starts_with('['))
        .any(|line| {
            line.strip_prefix("cost_model")
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
}

/// Serde's words for what a field expects, where they would puzzle a reader who is not a Rust
/// programmer.
fn plain_message(message: &str) -> String {
    const PLAIN: [(&str, &str); 3] = [
        (
            "data did not match any variant of untagged enum Count",
            "a count is a whole number of instances, \"per-server\" or \"per-service\"",
        ),
        ("expected u32", "expected a whole number, zero or more"),
        ("expected f64", "expected a number"),
    ];
    PLAIN
        .iter()
        .fold(message.trim_end().to_string(), |message, (serde, plain)| {
            message.replace(serde, plain)
        })
}

/// The 1-based line and character column of a byte offset (clamped into the text).
fn line_and_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..crate::floor_char_boundary(text, offset)];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = before.matches('\n').count() + 1;
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// One step of the way from the document's root to a value.
#[derive(Clone, Copy, Debug)]
enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

/// Points a model error at the text that causes it. The document was read from this text, so
/// the indices found in it are the indices of the text's arrays.
fn locate_model_error(text: &str, decision: &Decision, error: &ModelError) -> TextError {
    let path = model_error_path(decision, error);
    let span = DeTable::parse(text)
        .ok()
        .and_then(|root| nearest_span(&root, &path));
    let (line, column) = span.map_or((1, 1), |span| line_and_column(text, span.start));
    TextError {
        line,
        column,
        message: error.to_string(),
    }
}

/// The span of the value at `path`, or of the deepest part of it that the text has (a
/// component whose `count` is left out, say); `None` when not even the first step is there.
fn nearest_span(root: &Spanned<DeTable<'_>>, path: &[Step<'_>]) -> Option<Range<usize>> {
    let mut found: Option<&Spanned<DeValue<'_>>> = None;
    for step in path {
        let next = match (step, found.map(Spanned::get_ref)) {
            (Step::Key(key), None) => root.get_ref().get(*key),
            (Step::Key(key), Some(DeValue::Table(table))) => table.get(*key),
            (Step::Index(index), Some(DeValue::Array(array))) => array.get(*index),
            _ => None,
        };
        match next {
            Some(value) => found = Some(value),
            None => break,
        }
    }
    found.map(Spanned::span)
}

/// Where in the document a model error is, as a path of keys and indices.
fn model_error_path<'a>(d: &'a Decision, error: &'a ModelError) -> Vec<Step<'a>> {
    use Step::{Index, Key};
    let option_index = |id: &str| d.options.iter().position(|o| o.id == id);
    let option_path = |i: usize| vec![Key("options"), Index(i)];
    let component_path = |i: usize, j: usize| {
        let mut path = option_path(i);
        path.extend([Key("components"), Index(j)]);
        path
    };
    let with = |mut path: Vec<Step<'a>>, key: &'a str| {
        path.push(Key(key));
        path
    };
    match error {
        ModelError::UnknownCatalogVersion(_) => vec![Key("catalog_version")],
        ModelError::CostModelMismatch { .. } => vec![Key("cost_model")],
        // The message names the place; the text may carry the figure in several tables.
        ModelError::FigureNotInModel { .. } => Vec::new(),
        ModelError::NoOptions => vec![Key("options")],
        ModelError::UnknownBaseline(_) => vec![Key("baseline")],
        ModelError::DuplicateOption(id) => d
            .options
            .iter()
            .enumerate()
            .filter(|(_, o)| o.id == *id)
            .nth(1)
            .map_or_else(Vec::new, |(i, _)| with(option_path(i), "id")),
        ModelError::EmptyId { option } => option_index(option)
            .and_then(|i| {
                let j = d.options[i]
                    .components
                    .iter()
                    .position(|c| c.id.trim().is_empty())?;
                Some(with(component_path(i, j), "id"))
            })
            .unwrap_or_default(),
        ModelError::DuplicateComponent { option, id } => option_index(option)
            .and_then(|i| {
                let (j, _) = d.options[i]
                    .components
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| c.id == *id)
                    .nth(1)?;
                Some(with(component_path(i, j), "id"))
            })
            .unwrap_or_default(),
        ModelError::UnknownKind {
            option,
            component,
            kind,
        } => option_index(option)
            .and_then(|i| {
                let j = d.options[i]
                    .components
                    .iter()
                    .position(|c| c.id == *component && c.kind == *kind)?;
                Some(with(component_path(i, j), "kind"))
            })
            .unwrap_or_default(),
        ModelError::DanglingEdge {
            option, from, to, ..
        } => option_index(option)
            .and_then(|i| {
                let k = d.options[i]
                    .edges
                    .iter()
                    .position(|e| e.from == *from && e.to == *to)?;
                let mut path = option_path(i);
                path.extend([Key("edges"), Index(k)]);
                Some(path)
            })
            .unwrap_or_default(),
        ModelError::Cycle { option, path } => option_index(option)
            .and_then(|i| cycle_path(d, i, path))
            .unwrap_or_default(),
        ModelError::InvalidValue { place, .. } => invalid_value_path(d, place),
        ModelError::TooLarge { what, .. } => too_large_path(d, what),
        ModelError::CustomKindWithoutId { position, .. } => {
            vec![Key("kinds"), Index(position.saturating_sub(1)), Key("id")]
        }
        ModelError::CustomKindShadowsCatalog(id) | ModelError::CustomKindRequiresItself(id) => {
            kind_path(d, id, 0).unwrap_or_default()
        }
        ModelError::DuplicateCustomKind(id) => kind_path(d, id, 1).unwrap_or_default(),
        ModelError::UnknownRequiredKind { kind, .. } => kind_path(d, kind, 0)
            .map(|path| with(path, "requires"))
            .unwrap_or_default(),
        ModelError::UnknownCapability { kind, .. } => kind_path(d, kind, 0)
            .map(|path| with(path, "provides"))
            .unwrap_or_default(),
    }
}

/// The `[[kinds]]` table of the `nth` (from 0) kind with this id.
fn kind_path<'a>(d: &Decision, id: &str, nth: usize) -> Option<Vec<Step<'a>>> {
    let (index, _) = d
        .kinds
        .iter()
        .enumerate()
        .filter(|(_, k)| k.id == id)
        .nth(nth)?;
    Some(vec![Step::Key("kinds"), Step::Index(index)])
}

/// The first edge of the cycle that the text states; else the component the cycle starts at
/// (the closure may have implied every edge of it).
fn cycle_path<'a>(d: &'a Decision, i: usize, cycle: &[String]) -> Option<Vec<Step<'a>>> {
    use Step::{Index, Key};
    let option = &d.options[i];
    let stated = cycle.windows(2).find_map(|pair| {
        option
            .edges
            .iter()
            .position(|e| e.from == pair[0] && e.to == pair[1])
    });
    if let Some(k) = stated {
        return Some(vec![Key("options"), Index(i), Key("edges"), Index(k)]);
    }
    let start = cycle.first()?;
    let j = option.components.iter().position(|c| c.id == *start)?;
    Some(vec![Key("options"), Index(i), Key("components"), Index(j)])
}

/// Context fields in the words `analyse` names them by, with where they are in the text.
const CONTEXT_PLACES: [(&str, [&str; 3]); 7] = [
    ("cores per server", ["context", "fleet", "cores_per_server"]),
    (
        "memory per server",
        ["context", "fleet", "memory_gib_per_server"],
    ),
    (
        "server cost a month",
        ["context", "fleet", "server_cost_month"],
    ),
    (
        "failures per server a year",
        ["context", "fleet", "failures_per_server_year"],
    ),
    ("hourly cost", ["context", "team", "hourly_cost"]),
    (
        "deploys a week",
        ["context", "workload", "deploys_per_week"],
    ),
    (
        "demand variation",
        ["context", "workload", "demand_variation"],
    ),
];

/// Finds the value an `InvalidValue` error names. The error carries its place as words (the
/// page shows them), so this matches them against the words `analyse` and `resolve` build.
fn invalid_value_path<'a>(d: &'a Decision, place: &str) -> Vec<Step<'a>> {
    use Step::{Index, Key};
    if let Some((_, path)) = CONTEXT_PLACES
        .iter()
        .find(|(words, _)| place.starts_with(words))
    {
        return path.iter().map(|key| Key(key)).collect();
    }
    for (i, option) in d.options.iter().enumerate() {
        for (j, component) in option.components.iter().enumerate() {
            let prefix = format!("option `{}`, component `{}`: ", option.id, component.id);
            let Some(what) = place.strip_prefix(&prefix) else {
                continue;
            };
            let mut path = vec![Key("options"), Index(i), Key("components"), Index(j)];
            if what == "provider price" {
                path.extend([Key("provider"), Key("price_month")]);
            } else if let Some(name) = FigureName::ALL.iter().find(|n| n.label() == what) {
                path.extend([Key("overrides"), Key(name.key())]);
            }
            return path;
        }
    }
    Vec::new()
}

/// Finds what a `TooLarge` error counts, matching the words `analyse` and `resolve` use.
fn too_large_path<'a>(d: &'a Decision, what: &str) -> Vec<Step<'a>> {
    use Step::{Index, Key};
    match what {
        "options" => return vec![Key("options")],
        "servers" => return vec![Key("context"), Key("fleet"), Key("servers")],
        "services" => return vec![Key("context"), Key("workload"), Key("services")],
        _ => {}
    }
    for (i, option) in d.options.iter().enumerate() {
        let Some(rest) = what.strip_prefix(&format!("option `{}`", option.id)) else {
            continue;
        };
        match rest {
            ": edges" => return vec![Key("options"), Index(i), Key("edges")],
            ": components" | ": components with what they require" => {
                return vec![Key("options"), Index(i), Key("components")]
            }
            _ => {}
        }
        for (j, component) in option.components.iter().enumerate() {
            if rest == format!(", component `{}`: instances", component.id) {
                return vec![
                    Key("options"),
                    Index(i),
                    Key("components"),
                    Index(j),
                    Key("count"),
                ];
            }
        }
    }
    Vec::new()
}

// ----- the text worker's messages ------------------------------------------------------------------

/// The page asks the text worker to read a text. `seq` numbers the page's requests, so that an
/// answer about a text that has since been replaced can be told apart and ignored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReadRequest {
    pub seq: u64,
    pub text: String,
}

/// What the worker made of a text: [`from_toml`]'s result.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Reply {
    /// The document travels as its decision link ([`link`]), not as a JSON object: the link
    /// carries every number bit for bit, infinities included (serde_json's default reader can
    /// be one unit off, and its exact mode would add 9 KB gzip to the page), and the page
    /// already carries the link decoder.
    Parsed(#[serde(with = "as_link")] Box<Decision>),
    Refused(TextError),
}

/// Serde for a document as its link text.
mod as_link {
    use serde::de::Error as _;
    use serde::{Deserialize, Deserializer, Serializer};

    use crate::link;
    use crate::model::Decision;

    // Serde's `with` hands the field as it is declared: a `&Box<Decision>`.
    #[allow(clippy::borrowed_box)]
    pub fn serialize<S: Serializer>(decision: &Box<Decision>, to: S) -> Result<S::Ok, S::Error> {
        to.serialize_str(&link::encode(decision))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(from: D) -> Result<Box<Decision>, D::Error> {
        let text = String::deserialize(from)?;
        link::decode(&text)
            .map(Box::new)
            .map_err(|error| D::Error::custom(format!("the document's link: {error}")))
    }
}

/// Everything the text worker posts to the page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum WorkerMessage {
    /// Posted once, when the worker's WebAssembly runs: a request posted before then would
    /// reach no handler and be lost, so the page waits for this.
    Ready,
    /// The answer to the request numbered `seq`.
    Read { seq: u64, reply: Reply },
    /// A message the worker could not read as a [`ReadRequest`] (a page and a worker of
    /// different releases, say).
    Unreadable { message: String },
}

impl ReadRequest {
    pub fn to_json(&self) -> String {
        // A struct of a number and a string always serializes.
        serde_json::to_string(self).unwrap_or_default()
    }
}

impl WorkerMessage {
    /// The message as the worker posts it. Serializing cannot fail for these types (every map
    /// key is a string); if it ever did, the page would get an `Unreadable` naming why.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|error| {
            let unreadable = WorkerMessage::Unreadable {
                message: format!("the worker could not write its answer: {error}"),
            };
            serde_json::to_string(&unreadable).unwrap_or_default()
        })
    }

    pub fn from_json(json: &str) -> Result<WorkerMessage, String> {
        serde_json::from_str(json).map_err(|error| error.to_string())
    }
}

/// The whole of the worker's work: a request in, the message to post back out.
pub fn answer(request: &str) -> String {
    let message = match serde_json::from_str::<ReadRequest>(request) {
        Ok(ReadRequest { seq, text }) => WorkerMessage::Read {
            seq,
            reply: carried_exactly(from_toml(&text)),
        },
        Err(error) => WorkerMessage::Unreadable {
            message: error.to_string(),
        },
    };
    message.to_json()
}

/// The reply, if its document reaches the page unchanged. A link decodes to the very document
/// it encodes, with one exception: NaN, which equals nothing, so a document holding one (where
/// the model does not check its numbers) is refused here, with a reason, rather than replacing
/// the page's document by one that never compares equal to itself. A document the link decoder
/// would refuse (its bounds are `error::limits`, which `analyse` already enforces) is refused
/// here too, with the decoder's reason, rather than as a message the page cannot read.
fn carried_exactly(result: Result<Decision, TextError>) -> Reply {
    let refused = |message: String| {
        Reply::Refused(TextError {
            line: 1,
            column: 1,
            message,
        })
    };
    match result {
        Ok(decision) => match link::decode(&link::encode(&decision)) {
            Ok(back) if back == decision => Reply::Parsed(Box::new(decision)),
            Ok(_) => refused("a number in the text is not a number (nan)".into()),
            Err(error) => refused(format!("the page cannot take this document in: {error}")),
        },
        Err(error) => Reply::Refused(error),
    }
}

#[cfg(test)]
mod worker_message_tests {
    use super::*;
    use proptest::prelude::*;

    fn landing() -> Decision {
        crate::scenario::landing().expect("the landing scenario loads")
    }

    fn read_back(json: &str) -> WorkerMessage {
        WorkerMessage::from_json(json).expect("the page reads every message the worker writes")
    }

    #[test]
    fn a_request_round_trips_with_any_text() {
        let request = ReadRequest {
            seq: u64::MAX,
            text: "title = \"\\\"quoted\\\" \u{1F600}\"\r\n\t[context]\u{0}".into(),
        };
        let json = request.to_json();
        assert_eq!(serde_json::from_str::<ReadRequest>(&json).unwrap(), request);
    }

    #[test]
    fn valid_text_is_answered_with_the_document_from_toml_reads() {
        let text = to_toml(&landing());
        let expected = from_toml(&text).expect("the landing scenario's text reads");
        let request = ReadRequest { seq: 7, text }.to_json();
        assert_eq!(
            read_back(&answer(&request)),
            WorkerMessage::Read {
                seq: 7,
                reply: Reply::Parsed(Box::new(expected)),
            }
        );
    }

    #[test]
    fn bad_text_is_answered_with_the_error_and_its_place() {
        let text = to_toml(&landing()).replace("[context]", "[context");
        let expected = from_toml(&text).expect_err("a broken table header");
        assert!(expected.line > 1, "placed, not 1:1: {expected}");
        let request = ReadRequest { seq: 8, text }.to_json();
        assert_eq!(
            read_back(&answer(&request)),
            WorkerMessage::Read {
                seq: 8,
                reply: Reply::Refused(expected),
            }
        );
    }

    #[test]
    fn a_message_that_is_not_a_request_is_answered_as_unreadable() {
        for request in [
            "",
            "{}",
            "{\"seq\":1}",
            "{\"seq\":-1,\"text\":\"\"}",
            "[1,2]",
        ] {
            assert!(
                matches!(
                    read_back(&answer(request)),
                    WorkerMessage::Unreadable { .. }
                ),
                "{request:?}"
            );
        }
    }

    #[test]
    fn ready_and_unreadable_round_trip() {
        for message in [
            WorkerMessage::Ready,
            WorkerMessage::Unreadable {
                message: "\"odd\" \u{2028} text".into(),
            },
        ] {
            assert_eq!(read_back(&message.to_json()), message);
        }
    }

    #[test]
    fn a_document_holding_nan_is_refused_with_a_reason() {
        let mut decision = landing();
        decision.context.fleet.server_cost_month = f64::NAN;
        let Reply::Refused(error) = carried_exactly(Ok(decision)) else {
            panic!("NaN equals nothing: the page could never tell the document unchanged");
        };
        assert!(error.message.contains("nan"), "{error}");
    }

    #[test]
    fn a_reply_that_is_not_a_link_is_unreadable_for_the_page() {
        let forged = r#"{"Read":{"seq":1,"reply":{"Parsed":"v1.not-a-link"}}}"#;
        let error = WorkerMessage::from_json(forged).expect_err("not a document");
        assert!(error.contains("link"), "{error}");
    }

    proptest! {
        /// Every number but NaN reaches the page bit for bit, including those (long mantissas,
        /// subnormals, extremes) that a best-effort JSON float reader gets wrong by one unit.
        #[test]
        fn every_number_reaches_the_page_exactly(bits in any::<u64>()) {
            let value = f64::from_bits(bits);
            prop_assume!(!value.is_nan());
            let mut decision = landing();
            decision.context.fleet.server_cost_month = value;
            let reply = carried_exactly(Ok(decision.clone()));
            prop_assert_eq!(&reply, &Reply::Parsed(Box::new(decision)));
            let message = WorkerMessage::Read { seq: 1, reply };
            let back = read_back(&message.to_json());
            let WorkerMessage::Read { reply: Reply::Parsed(back), .. } = back else {
                panic!("not a parsed reply");
            };
            prop_assert_eq!(
                back.context.fleet.server_cost_month.to_bits(),
                value.to_bits()
            );
        }
    }
}
