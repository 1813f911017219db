//! Compiles the data files into the crate.
//!
//! - Each catalog version (`data/catalog/v<N>/*.toml`, top-level arrays concatenated in file-name
//!   order) is read into the catalog types, validated, completed (composite footprints), and
//!   written out as a Rust static (the newest apart from the older ones: `catalog_statics`): the
//!   app carries no catalog parser and does no work at start.
//!   The words no number depends on (sources' titles, addresses and notes; kinds' summaries
//!   and failures; capabilities' summaries) are written apart, as `catalog-texts.json`: the
//!   page loads them after its first paint (`public/catalog-texts.json`, a copy that a test
//!   keeps current).
//! - Each built-in scenario (`data/scenarios/*.toml`) is embedded as its decision link, which the
//!   app decodes when it opens it, with the same code that opens shared links; its id and title
//!   are written beside it, for the picker. The links are in `data/scenarios/links.txt`, which a
//!   test of the core writes from the files (the encoder is the crate this script builds). Native
//!   builds also embed the file as JSON, which that test reads.
//! - The link format's frozen dictionary (`data/link/v1-dictionary.txt`) is copied without its
//!   header of comments.
//!
//! Bad data fails the build with the file and the reason.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::{env, fs};

#[allow(dead_code)]
#[path = "src/catalog/schema.rs"]
mod schema;

use schema::*;

fn main() {
    // Read as the script runs, not baked in as it is compiled: two checkouts that share a target
    // directory share this script's binary, which then read the other checkout's data.
    let manifest =
        PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let data = manifest.join("../data");
    let out = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    println!("cargo:rerun-if-changed={}", data.display());
    println!("cargo:rerun-if-changed=src/catalog/schema.rs");

    let mut catalogs = Vec::new();
    for (name, dir) in entries(&data.join("catalog"), |p| p.is_dir()) {
        println!("cargo:rerun-if-changed={}", dir.display());
        let version: u32 = name
            .strip_prefix('v')
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("catalog folder {name} must be named v<N>"));
        let files = entries(&dir, |p| p.extension().is_some_and(|x| x == "toml"));
        for (_, path) in &files {
            println!("cargo:rerun-if-changed={}", path.display());
        }
        let merged = merge(version, files.iter().map(|(_, path)| read_toml(path)));
        let mut catalog: CatalogData =
            serde_json::from_value(merged).unwrap_or_else(|e| panic!("catalog {name}: {e}"));
        catalog
            .validate()
            .unwrap_or_else(|e| panic!("catalog {name}: {e}"));
        catalog.derive_composites();
        catalogs.push(catalog);
    }
    let mut code = catalog_statics(&catalogs);
    let mut texts = serde_json::to_string_pretty(&CatalogTexts::of(&catalogs)).expect("JSON");
    texts.push('\n');
    fs::write(out.join("catalog-texts.json"), texts).expect("write catalog-texts.json");
    write_link_dictionary(&data.join("link/v1-dictionary.txt"), &out);
    code.push_str("pub static SCENARIOS: &[EmbeddedScenario] = &[\n");
    let links_file = data.join("scenarios/links.txt");
    println!("cargo:rerun-if-changed={}", links_file.display());
    let links = scenario_links(&links_file);
    for (stem, path) in entries(&data.join("scenarios"), |p| {
        p.extension().is_some_and(|x| x == "toml")
    }) {
        println!("cargo:rerun-if-changed={}", path.display());
        let document = read_toml(&path);
        let id = document.get("scenario").and_then(|id| id.as_str());
        let title = document.get("title").and_then(|t| t.as_str());
        let title = title.unwrap_or_else(|| panic!("{}: no title", path.display()));
        let link = links
            .iter()
            .find(|(file, _)| *file == stem)
            .map_or("", |(_, link)| link);
        if link.is_empty() {
            println!(
                "cargo:warning=scenario {stem} has no link in {} yet: `cargo test -p overhead-core` writes it",
                links_file.display()
            );
        }
        let json = document.to_string();
        writeln!(
            code,
            "    EmbeddedScenario {{ file: {stem:?}, id: {id:?}, title: {title:?}, link: {link:?}, \
             #[cfg(not(target_arch = \"wasm32\"))] json: {json:?} }},"
        )
        .unwrap();
    }
    code.push_str("];\n");
    fs::write(out.join("catalogs.rs"), code).expect("write catalogs.rs");
}

/// Writes the link format's frozen dictionary without its header of comments, which would
/// otherwise be bytes of the page's first load: `link::dictionary` includes this copy.
fn write_link_dictionary(path: &Path, out: &Path) {
    println!("cargo:rerun-if-changed={}", path.display());
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    let entries: String = text
        .lines()
        .skip_while(|line| line.starts_with('#'))
        .flat_map(|line| [line, "\n"])
        .collect();
    fs::write(out.join("v1-dictionary.txt"), entries).expect("write v1-dictionary.txt");
}

/// The catalogs as Rust statics: the newest (`LATEST`) apart from the older ones (`OLDER`, oldest
/// first), so that code which reads only the newest leaves the older ones' statics out of the
/// page's first load (scripts/split-data.mjs); and every version this build has (`VERSIONS`).
fn catalog_statics(catalogs: &[CatalogData]) -> String {
    let mut by_version: Vec<&CatalogData> = catalogs.iter().collect();
    by_version.sort_by_key(|c| c.version);
    let (latest, older) = by_version
        .split_last()
        .expect("data/catalog holds at least one version");
    let mut code = format!("pub const LATEST_VERSION: u32 = {};\n", latest.version);
    code.push_str("pub static LATEST: CatalogData = ");
    latest.emit(&mut code);
    code.push_str(";\npub static OLDER: &[CatalogData] = &[\n");
    for catalog in older {
        catalog.emit(&mut code);
        code.push_str(",\n");
    }
    let versions: Vec<u32> = by_version.iter().map(|c| c.version).collect();
    writeln!(code, "];\npub const VERSIONS: &[u32] = &{versions:?};").unwrap();
    code
}

fn entries(dir: &Path, keep: impl Fn(&Path) -> bool) -> Vec<(String, PathBuf)> {
    let mut found: Vec<(String, PathBuf)> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| keep(p))
        .map(|p| (p.file_stem().unwrap().to_string_lossy().into_owned(), p))
        .collect();
    found.sort();
    found
}

/// The scenarios' links as `data/scenarios/links.txt` lists them: a scenario file's stem and its
/// link on each line; lines starting with `#` are comments. Empty when the file is missing.
fn scenario_links(path: &Path) -> Vec<(String, String)> {
    let text = fs::read_to_string(path).unwrap_or_default();
    text.lines()
        .filter(|line| !line.starts_with('#'))
        .filter_map(|line| line.split_once(' '))
        .map(|(stem, link)| (stem.to_string(), link.trim().to_string()))
        .collect()
}

fn read_toml(path: &Path) -> serde_json::Value {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    let value: toml::Value =
        toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::to_value(value).expect("TOML values are JSON values")
}

/// Concatenates the top-level arrays of a catalog version's files.
fn merge(version: u32, files: impl Iterator<Item = serde_json::Value>) -> serde_json::Value {
    let mut merged = serde_json::Map::new();
    merged.insert("version".into(), version.into());
    for file in files {
        let serde_json::Value::Object(table) = file else {
            continue;
        };
        for (key, value) in table {
            match (merged.get_mut(&key), value) {
                (Some(serde_json::Value::Array(all)), serde_json::Value::Array(more)) => {
                    all.extend(more)
                }
                (None, value) => {
                    merged.insert(key, value);
                }
                (Some(_), _) => panic!("catalog v{version}: `{key}` is set in two files"),
            }
        }
    }
    serde_json::Value::Object(merged)
}

/// Writes a value as a Rust constant expression of the schema's types.
trait Emit {
    fn emit(&self, out: &mut String);
}

impl Emit for Cow<'static, str> {
    fn emit(&self, out: &mut String) {
        write!(out, "Cow::Borrowed({:?})", &**self).unwrap();
    }
}

impl Emit for f64 {
    fn emit(&self, out: &mut String) {
        assert!(self.is_finite(), "validated figures are finite");
        write!(out, "{self:?}_f64").unwrap();
    }
}

impl Emit for u32 {
    fn emit(&self, out: &mut String) {
        write!(out, "{self}").unwrap();
    }
}

impl Emit for bool {
    fn emit(&self, out: &mut String) {
        write!(out, "{self}").unwrap();
    }
}

impl<T: Emit> Emit for Option<T> {
    fn emit(&self, out: &mut String) {
        match self {
            None => out.push_str("None"),
            Some(value) => {
                out.push_str("Some(");
                value.emit(out);
                out.push(')');
            }
        }
    }
}

impl<T: Emit + Clone> Emit for Cow<'static, [T]> {
    fn emit(&self, out: &mut String) {
        out.push_str("Cow::Borrowed(&[");
        for item in self.iter() {
            item.emit(out);
            out.push_str(", ");
        }
        out.push_str("])");
    }
}

/// Emits `Type { field: value, … }` from a list of (field name, value) pairs.
macro_rules! emit_struct {
    ($out:expr, $name:literal, $self:ident { $($field:ident),* $(,)? }) => {{
        $out.push_str(concat!($name, " { "));
        $(
            $out.push_str(concat!(stringify!($field), ": "));
            $self.$field.emit($out);
            $out.push_str(", ");
        )*
        $out.push('}');
    }};
}

macro_rules! emit_debug {
    ($($ty:ty => $path:literal),* $(,)?) => {$(
        impl Emit for $ty {
            fn emit(&self, out: &mut String) {
                write!(out, concat!($path, "::{:?}"), self).unwrap();
            }
        }
    )*};
}

emit_debug!(SourceTag => "SourceTag", Scope => "Scope", FootprintRule => "FootprintRule", Relation => "Relation");

/// A source without its words: they go to `catalog-texts.json`, which the page loads after its
/// first paint.
impl Emit for Source {
    fn emit(&self, out: &mut String) {
        out.push_str("Source { id: ");
        self.id.emit(out);
        out.push_str(", tag: ");
        self.tag.emit(out);
        out.push_str(", text: None }");
    }
}

impl Emit for Figure {
    fn emit(&self, out: &mut String) {
        emit_struct!(
            out,
            "Figure",
            self {
                value,
                source,
                low,
                high
            }
        );
    }
}

impl Emit for Figures {
    fn emit(&self, out: &mut String) {
        emit_struct!(
            out,
            "Figures",
            self {
                routine_hours_month,
                routine_hours_per_instance_month,
                upgrades_per_year,
                hours_per_upgrade,
                hours_per_upgrade_per_instance,
                incidents_per_year,
                hours_per_incident,
                learning_hours,
                cores,
                memory_gib,
                licence_month,
                incidents_per_instance_year,
                one_time_hours,
                one_time_hours_per_instance,
            }
        );
    }
}

impl Emit for Requirement {
    fn emit(&self, out: &mut String) {
        match self {
            Requirement::Kind(kind) => {
                out.push_str("Requirement::Kind(");
                kind.emit(out);
                out.push(')');
            }
            Requirement::Related { kind, relation } => {
                out.push_str("Requirement::Related { kind: ");
                kind.emit(out);
                out.push_str(", relation: ");
                relation.emit(out);
                out.push_str(" }");
            }
        }
    }
}

/// A kind without its words (summary, failure): they go to `catalog-texts.json`.
impl Emit for Kind {
    fn emit(&self, out: &mut String) {
        let without_words = Kind {
            summary: Cow::Borrowed(""),
            failure: Cow::Borrowed(""),
            ..self.clone()
        };
        let this = &without_words;
        emit_struct!(
            out,
            "Kind",
            this {
                id,
                name,
                category,
                summary,
                failure,
                scope,
                default_count,
                managed,
                parts,
                requires,
                provides,
                footprint_rule,
                pages,
                figures,
            }
        );
    }
}

impl Emit for ValueRule {
    fn emit(&self, out: &mut String) {
        // The Debug form of a struct variant is valid Rust once floats carry a decimal point,
        // which `{:?}` of f64 always prints.
        // A pool prints as its bare variant name, so it gets its enum's path.
        let debug = format!("{self:?}").replace("pool: ", "pool: HoursPool::");
        write!(out, "ValueRule::{debug}").unwrap();
    }
}

/// A capability without its summary, which goes to `catalog-texts.json`.
impl Emit for Capability {
    fn emit(&self, out: &mut String) {
        let without_words = Capability {
            summary: Cow::Borrowed(""),
            ..self.clone()
        };
        let this = &without_words;
        emit_struct!(
            out,
            "Capability",
            this {
                id,
                name,
                summary,
                value,
                src
            }
        );
    }
}

impl Emit for OnCallRule {
    fn emit(&self, out: &mut String) {
        emit_struct!(
            out,
            "OnCallRule",
            self {
                cover_hours_month,
                rotation_size,
                src
            }
        );
    }
}

impl Emit for ContextDefault {
    fn emit(&self, out: &mut String) {
        emit_struct!(
            out,
            "ContextDefault",
            self {
                name,
                value,
                unit,
                src
            }
        );
    }
}

impl Emit for CatalogData {
    fn emit(&self, out: &mut String) {
        emit_struct!(
            out,
            "CatalogData",
            self {
                version,
                cost_model,
                sources,
                kinds,
                capabilities,
                context_defaults,
                on_call,
            }
        );
    }
}
