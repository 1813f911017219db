//! Imports what a team already runs: a docker-compose file, or Kubernetes manifests (one or
//! many YAML documents), as an option of components and the edges between them.
//!
//! Images map to catalog kinds by the rules in `data/import/images.toml`; a service no rule
//! maps (an image of the team's own, or one built from source) is listed in
//! [`Imported::unmapped`] and becomes a component of the rules' generic kind, for the user to
//! give a kind. Edges come from what the files say one service uses of another: compose's
//! `depends_on`, `links`, `network_mode: service:…`, `volumes_from`, named volumes shared, and
//! environment values naming another service; Kubernetes' environment values, arguments and
//! commands naming a workload or a Service (which stands for the workloads it selects). An
//! edge that would close a cycle is left out and said in [`Imported::notes`]: nothing is
//! dropped without a word.
//!
//! Invariants: the option's component ids are unique and every edge joins two of them; the
//! graph of its edges is acyclic; the work is bounded by the text's size, `error::limits` and,
//! for the cycle check, `CYCLE_CHECK_AT_MOST` (past it, the edges left to check inside a cycle
//! are left out, and said).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::{Deserialize, Serialize};
use serde_norway::{Mapping, Value};

use crate::catalog;
use crate::edit::fresh_id;
use crate::error::limits;
use crate::model::{Alternative, ComponentUse, Count, Edge, PerWhat, Relation};

/// An import's result: the option, and what it could not map.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Imported {
    pub option: Alternative,
    /// The services no rule mapped, in the order of the file: each is a component of the
    /// generic kind in `option`.
    pub unmapped: Vec<Unmapped>,
    /// What else the reader should know: edges left out, resources that run nothing.
    pub notes: Vec<String>,
}

/// A service the import could not map to a kind.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Unmapped {
    /// Its component's id in the imported option.
    pub component: String,
    /// Its image, or none when it is built from source.
    pub image: Option<String>,
}

/// Why a text could not be imported.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ImportError {
    /// The YAML does not parse: where, and why.
    Yaml {
        line: usize,
        column: usize,
        message: String,
    },
    /// It parses, but is neither a compose file nor Kubernetes manifests.
    Unrecognised,
    /// It has nothing to import: no services, or no workloads.
    Empty(String),
    TooLarge {
        what: String,
        limit: usize,
    },
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::Yaml {
                line,
                column,
                message,
            } => write!(f, "{line}:{column}: {message}"),
            ImportError::Unrecognised => f.write_str(
                "this is neither a docker-compose file (it has no `services`) nor Kubernetes manifests (no document has an `apiVersion` and a `kind`)",
            ),
            ImportError::Empty(what) => write!(f, "there is nothing to import: {what}"),
            ImportError::TooLarge { what, limit } => {
                write!(f, "too many {what} to import (the limit is {limit})")
            }
        }
    }
}

/// The largest text an import reads.
pub const MAX_IMPORT_TEXT: usize = 4 * 1024 * 1024;

/// Imports a compose file or Kubernetes manifests for a document of `catalog_version`: kinds
/// its catalog lacks become the generic kind.
pub fn import(text: &str, catalog_version: u32) -> Result<Imported, ImportError> {
    if text.len() > MAX_IMPORT_TEXT {
        return Err(ImportError::TooLarge {
            what: "bytes".into(),
            limit: MAX_IMPORT_TEXT,
        });
    }
    let documents = read_yaml(text)?;
    if documents.is_empty() {
        return Err(ImportError::Empty("the text is empty".into()));
    }
    let rules = Rules::for_catalog(catalog_version);
    if documents.iter().any(is_manifest) {
        from_manifests(&documents, &rules)
    } else if let Some(services) = documents
        .first()
        .and_then(|d| d.get("services"))
        .and_then(Value::as_mapping)
    {
        from_compose(services.clone(), &rules)
    } else {
        Err(ImportError::Unrecognised)
    }
}

/// Every YAML document of `text`, with anchors followed and merge keys (`<<`) applied.
fn read_yaml(text: &str) -> Result<Vec<Value>, ImportError> {
    let mut documents = Vec::new();
    for document in serde_norway::Deserializer::from_str(text) {
        let mut value = Value::deserialize(document).map_err(yaml_error)?;
        value.apply_merge().map_err(yaml_error)?;
        if !value.is_null() {
            documents.push(value);
        }
    }
    Ok(documents)
}

fn yaml_error(error: serde_norway::Error) -> ImportError {
    let (line, column) = error
        .location()
        .map_or((1, 1), |at| (at.line(), at.column()));
    // The message repeats the place ("at line 3 column 5"): the place is said once, in front.
    let message = error.to_string();
    let message = message
        .split(" at line ")
        .next()
        .unwrap_or(&message)
        .to_string();
    ImportError::Yaml {
        line,
        column,
        message,
    }
}

// ----- the image rules ---------------------------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RulesFile {
    generic: String,
    image: Vec<ImageRule>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ImageRule {
    kind: String,
    names: Vec<String>,
}

/// The image rules, with the kinds a document's catalog lacks left out.
pub struct Rules {
    generic: String,
    by_name: BTreeMap<String, String>,
}

impl Rules {
    /// The rules for a document of `catalog_version`.
    pub fn for_catalog(catalog_version: u32) -> Rules {
        let file: RulesFile = toml::from_str(include_str!("../../data/import/images.toml"))
            .unwrap_or(RulesFile {
                generic: "microservice".into(),
                image: Vec::new(),
            });
        let known = |kind: &str| {
            catalog::get(catalog_version).is_some_and(|c| c.kind_position(kind).is_some())
        };
        let by_name = file
            .image
            .into_iter()
            .filter(|rule| known(&rule.kind))
            .flat_map(|rule| {
                let kind = rule.kind;
                rule.names.into_iter().map(move |name| (name, kind.clone()))
            })
            .collect();
        Rules {
            generic: file.generic,
            by_name,
        }
    }

    /// The kind an image stands for, if a rule maps it.
    pub fn kind_of(&self, image: &str) -> Option<&str> {
        let name = image_name(image);
        let last = name.rsplit('/').next().unwrap_or(&name);
        self.by_name
            .get(&name)
            .or_else(|| self.by_name.get(last))
            .map(String::as_str)
    }

    /// Every kind a rule names, and the generic one.
    pub fn kinds(&self) -> BTreeSet<&str> {
        self.by_name
            .values()
            .map(String::as_str)
            .chain([self.generic.as_str()])
            .collect()
    }
}

/// An image's name without its registry, tag or digest, lowercase: `docker.io/library/
/// postgres:16` is `postgres`, `ghcr.io/acme/api@sha256:…` is `acme/api`.
pub fn image_name(image: &str) -> String {
    let image = image.trim().to_lowercase();
    let without_digest = image.split('@').next().unwrap_or(&image);
    let mut parts: Vec<&str> = without_digest.split('/').collect();
    // A first part with a dot or a port, or `localhost`, is a registry.
    if parts.len() > 1 && (parts[0].contains(['.', ':']) || parts[0] == "localhost") {
        parts.remove(0);
    }
    if parts.len() > 1 && parts[0] == "library" {
        parts.remove(0);
    }
    if let Some(last) = parts.last_mut() {
        *last = last.split(':').next().unwrap_or(last);
    }
    parts.join("/")
}

// ----- building the option -------------------------------------------------------------------

/// Work the cycle check may spend, in components and edges followed: about 200 ms natively.
/// Only edges that lie in a cycle of what the files name are checked, so a real file spends
/// next to nothing; a file made of one big cycle could otherwise keep the import busy for
/// minutes (3,000 services in a chain closed by one edge took 2 s when every edge was
/// checked; now 0.2 s, the same edges kept).
const CYCLE_CHECK_AT_MOST: usize = 100_000_000;

/// The option as it is built: components by their source names, and the edges the files name,
/// in the order they name them; [`Builder::finish`] keeps them acyclic.
struct Builder<'r> {
    rules: &'r Rules,
    components: Vec<ComponentUse>,
    /// Source name (service or workload) to component index.
    by_name: BTreeMap<String, usize>,
    /// The component ids given so far (ten thousand services must not each search the others).
    ids: BTreeSet<String>,
    /// Each edge named, once, in order; and the pairs named, to name each once.
    named: Vec<Named>,
    named_pairs: BTreeSet<(usize, usize)>,
    unmapped: Vec<Unmapped>,
    /// Notes with the moment they came up, so that those `finish` adds keep their place.
    notes: Vec<(usize, String)>,
    noted: BTreeSet<String>,
    moment: usize,
}

/// An edge as a file names it: from and to as component indexes, why, and when.
struct Named {
    from: usize,
    to: usize,
    why: String,
    moment: usize,
}

impl<'r> Builder<'r> {
    fn new(rules: &'r Rules) -> Builder<'r> {
        Builder {
            rules,
            components: Vec::new(),
            by_name: BTreeMap::new(),
            ids: BTreeSet::new(),
            named: Vec::new(),
            named_pairs: BTreeSet::new(),
            unmapped: Vec::new(),
            notes: Vec::new(),
            noted: BTreeSet::new(),
            moment: 0,
        }
    }

    fn add(&mut self, name: &str, image: Option<&str>, count: Count) -> Result<(), ImportError> {
        if self.components.len() >= limits::MAX_COMPONENTS_PER_OPTION {
            return Err(ImportError::TooLarge {
                what: "services".into(),
                limit: limits::MAX_COMPONENTS_PER_OPTION,
            });
        }
        let id = fresh_id(name, |id| self.ids.contains(id));
        self.ids.insert(id.clone());
        let kind = match image.and_then(|image| self.rules.kind_of(image)) {
            Some(kind) => kind.to_string(),
            None => {
                self.unmapped.push(Unmapped {
                    component: id.clone(),
                    image: image.map(str::to_string),
                });
                self.rules.generic.clone()
            }
        };
        self.by_name.insert(name.to_string(), self.components.len());
        self.components.push(ComponentUse {
            label: Some(name.to_string()),
            count,
            ..ComponentUse::new(id, kind)
        });
        Ok(())
    }

    /// An edge from the component named `from` to the one named `to`, unless it is named
    /// already or joins a component to itself. Whether it closes a cycle is decided at the end
    /// ([`Builder::finish`]), for the edges in the order they were named.
    fn connect(&mut self, from: usize, to: usize, why: &str) -> Result<(), ImportError> {
        if from == to || !self.named_pairs.insert((from, to)) {
            return Ok(());
        }
        // Named edges are kept but for those closing a cycle: twice the limit leaves room for
        // many of those, and bounds what a file can make this hold.
        if self.named.len() >= 2 * limits::MAX_EDGES_PER_OPTION {
            return Err(too_many_connections());
        }
        self.named.push(Named {
            from,
            to,
            why: why.to_string(),
            moment: self.moment,
        });
        self.moment += 1;
        Ok(())
    }

    /// Adds a note, once however many times it comes up.
    fn note(&mut self, note: String) {
        self.note_at(self.moment, note);
        self.moment += 1;
    }

    fn note_at(&mut self, moment: usize, note: String) {
        if self.noted.insert(note.clone()) {
            self.notes.push((moment, note));
        }
    }

    /// The named edges that close no cycle, in order: an edge is left out, and said, when the
    /// edges kept before it lead from its end back to its start. An edge joining two parts of
    /// the graph that no cycle of named edges joins cannot close one, so only the edges inside a
    /// strongly connected part are checked, each by a walk inside that part, and all the walks
    /// together within `CYCLE_CHECK_AT_MOST`; past that, the rest are left out and said.
    fn keep_acyclic(&mut self, walk: &mut Walk) -> Result<BTreeSet<(usize, usize)>, ImportError> {
        let part = strongly_connected_parts(self.components.len(), &self.named);
        let mut kept = BTreeSet::new();
        // Kept edges inside a part, by their start: what the walks follow.
        let mut inside: Vec<Vec<usize>> = vec![Vec::new(); self.components.len()];
        let named = std::mem::take(&mut self.named);
        for edge in &named {
            let checked = part[edge.from] == part[edge.to];
            // Why the edge is left out, if it is.
            let refused = match checked.then(|| walk.reaches(&inside, edge.to, edge.from)) {
                None | Some(Some(false)) => None,
                Some(Some(true)) => Some("which already uses it; the model has no cycles"),
                Some(None) => Some("too many connections in cycles to check them all"),
            };
            if let Some(reason) = refused {
                let note = self.cycle_note(edge, reason);
                self.note_at(edge.moment, note);
                continue;
            }
            if kept.len() >= limits::MAX_EDGES_PER_OPTION {
                return Err(too_many_connections());
            }
            kept.insert((edge.from, edge.to));
            if checked {
                inside[edge.from].push(edge.to);
            }
        }
        Ok(kept)
    }

    fn cycle_note(&self, edge: &Named, reason: &str) -> String {
        let name = |i: usize| self.components[i].label.clone().unwrap_or_default();
        format!(
            "Left out: `{}` uses `{}` ({}), {reason}.",
            name(edge.from),
            name(edge.to),
            edge.why
        )
    }

    fn finish(mut self, id: &str, name: &str) -> Result<Imported, ImportError> {
        let mut walk = Walk::new(self.components.len(), CYCLE_CHECK_AT_MOST);
        let kept = self.keep_acyclic(&mut walk)?;
        crate::order::sort_by_key(&mut self.notes, |(moment, _)| *moment);
        let edges = kept
            .iter()
            .map(|&(from, to)| Edge {
                from: self.components[from].id.clone(),
                to: self.components[to].id.clone(),
                relation: Relation::DependsOn,
            })
            .collect::<Vec<_>>()
            .into();
        Ok(Imported {
            option: Alternative {
                id: id.to_string(),
                name: name.to_string(),
                summary: String::new(),
                components: self.components,
                edges,
            },
            unmapped: self.unmapped,
            notes: self.notes.into_iter().map(|(_, note)| note).collect(),
        })
    }
}

fn too_many_connections() -> ImportError {
    ImportError::TooLarge {
        what: "connections".into(),
        limit: limits::MAX_EDGES_PER_OPTION,
    }
}

/// The strongly connected part of each component in the graph of the named edges.
fn strongly_connected_parts(count: usize, named: &[Named]) -> Vec<usize> {
    use petgraph::graph::{DiGraph, NodeIndex};
    let mut graph = DiGraph::<(), ()>::with_capacity(count, named.len());
    for _ in 0..count {
        graph.add_node(());
    }
    for edge in named {
        graph.add_edge(NodeIndex::new(edge.from), NodeIndex::new(edge.to), ());
    }
    let mut part = vec![0; count];
    for (index, members) in petgraph::algo::tarjan_scc(&graph).iter().enumerate() {
        for member in members {
            part[member.index()] = index;
        }
    }
    part
}

/// Walks over kept edges for the cycle check, within one budget for all of them.
struct Walk {
    /// The walk that last saw each component (walks are numbered from 1).
    seen_by: Vec<usize>,
    walks: usize,
    budget: usize,
    stack: Vec<usize>,
}

impl Walk {
    fn new(count: usize, budget: usize) -> Walk {
        Walk {
            seen_by: vec![0; count],
            walks: 0,
            budget,
            stack: Vec::new(),
        }
    }

    /// Whether `target` can be reached from `from` along `edges`; `None` once the budget is
    /// spent.
    fn reaches(&mut self, edges: &[Vec<usize>], from: usize, target: usize) -> Option<bool> {
        self.walks += 1;
        self.stack.clear();
        self.stack.push(from);
        while let Some(at) = self.stack.pop() {
            if at == target {
                return Some(true);
            }
            if std::mem::replace(&mut self.seen_by[at], self.walks) == self.walks {
                continue;
            }
            self.budget = self.budget.checked_sub(edges[at].len() + 1)?;
            self.stack.extend(&edges[at]);
        }
        Some(false)
    }
}

/// The names of services (or Services) that a setting mentions as a host. Any word of its
/// value when its key says it holds a host (`DB_HOST`, `REDIS_URL`, `KAFKA_BROKERS`); else only
/// a word in a host's place: after `//` or `@`, or before `:` and a port (`postgres://db/app`,
/// `cache:6379`). A database named after its service (`POSTGRES_DB=gitea`) names no host.
fn hosts_named<'n>(key: &str, value: &str, names: &'n BTreeSet<String>) -> Vec<&'n str> {
    let anywhere = key_names_a_host(key);
    let is_word = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.';
    // The words of the value, by byte offsets at char boundaries (any text is safe to slice).
    let mut words = Vec::new();
    let mut start = None;
    for (i, c) in value.char_indices().chain([(value.len(), ' ')]) {
        match (is_word(c), start) {
            (true, None) => start = Some(i),
            (false, Some(from)) => {
                words.push((from, i));
                start = None;
            }
            _ => {}
        }
    }
    let mut found = Vec::new();
    for (from, to) in words {
        let token = &value[from..to];
        let host = token.split('.').next().unwrap_or(token);
        let Some(name) = names.get(host) else {
            continue;
        };
        let (before, after) = (&value[..from], &value[to..]);
        let in_host_place = before.ends_with("//")
            || before.ends_with('@')
            || after
                .strip_prefix(':')
                .is_some_and(|port| port.starts_with(|c: char| c.is_ascii_digit()));
        if (anywhere || in_host_place) && !found.contains(&name.as_str()) {
            found.push(name.as_str());
        }
    }
    found
}

/// Whether a setting's key says it holds a host or an address.
fn key_names_a_host(key: &str) -> bool {
    const HOST_WORDS: [&str; 15] = [
        "HOST", "HOSTS", "HOSTNAME", "URL", "URI", "ADDR", "ADDRESS", "SERVER", "SERVERS",
        "ENDPOINT", "BROKER", "BROKERS", "DSN", "PEER", "PEERS",
    ];
    key.to_uppercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .any(|word| HOST_WORDS.contains(&word))
}

/// A scalar as text (numbers and booleans too: `environment: {PORT: 5432}`).
fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// The strings of a list, or the keys of a mapping (compose's two spellings of a list).
fn names_in(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::Sequence(items)) => items.iter().filter_map(scalar_text).collect(),
        Some(Value::Mapping(map)) => map.keys().filter_map(scalar_text).collect(),
        Some(other) => scalar_text(other).into_iter().collect(),
        None => Vec::new(),
    }
}

// ----- docker compose ------------------------------------------------------------------------

fn from_compose(services: Mapping, rules: &Rules) -> Result<Imported, ImportError> {
    if services.is_empty() {
        return Err(ImportError::Empty("the file has no services".into()));
    }
    let mut services: Vec<(String, Value)> = services
        .into_iter()
        .filter_map(|(name, service)| Some((scalar_text(&name)?, service)))
        .collect();
    let mut notes = Vec::new();
    resolve_extends(&mut services, &mut notes);
    for (_, service) in &mut services {
        interpolate(service);
    }

    let mut builder = Builder::new(rules);
    for note in notes {
        builder.note(note);
    }
    for (name, service) in &services {
        let image = service.get("image").and_then(scalar_text);
        let replicas = service
            .get("deploy")
            .and_then(|d| d.get("replicas"))
            .or_else(|| service.get("scale"))
            .and_then(Value::as_u64)
            .and_then(|n| u32::try_from(n).ok());
        let count = replicas.map_or(Count::Default, Count::Fixed);
        builder.add(name, image.as_deref(), count)?;
    }

    let names: BTreeSet<String> = services.iter().map(|(name, _)| name.clone()).collect();
    let index = |name: &str, builder: &Builder| builder.by_name.get(name).copied();
    // What the file declares first, then shared volumes, then what settings name: an edge
    // guessed from a setting never takes the place of a declared one (a cycle is refused to
    // whichever comes second).
    for (name, service) in &services {
        let Some(from) = index(name, &builder) else {
            continue;
        };
        for (target, why) in declared_uses(service) {
            match index(&target, &builder) {
                Some(to) => builder.connect(from, to, why)?,
                None => builder.note(format!(
                    "Left out: `{name}` names `{target}` ({why}), which is not a service of this file."
                )),
            }
        }
    }
    // A named volume shared between services: each later user depends on the first.
    let mut volume_users: BTreeMap<String, usize> = BTreeMap::new();
    for (name, service) in &services {
        let Some(from) = index(name, &builder) else {
            continue;
        };
        for volume in named_volumes(service.get("volumes")) {
            match volume_users.get(&volume) {
                Some(&first) => builder.connect(from, first, "they share a volume")?,
                None => {
                    volume_users.insert(volume, from);
                }
            }
        }
    }
    for (name, service) in &services {
        let Some(from) = index(name, &builder) else {
            continue;
        };
        for (key, value) in environment(service.get("environment")) {
            for host in hosts_named(&key, &value, &names) {
                if let Some(to) = index(host, &builder) {
                    builder.connect(from, to, "an environment variable names it")?;
                }
            }
        }
    }
    builder.finish("compose", "Imported from docker-compose")
}

/// The services a compose service says it uses: `depends_on` (a list or a mapping), `links`
/// (`name` or `name:alias`), `network_mode: service:name` and `volumes_from`.
fn declared_uses(service: &Value) -> Vec<(String, &'static str)> {
    let before_colon = |entry: String| entry.split(':').next().unwrap_or(&entry).to_string();
    let mut uses: Vec<(String, &'static str)> = Vec::new();
    uses.extend(
        names_in(service.get("depends_on"))
            .into_iter()
            .map(|d| (d, "depends_on")),
    );
    uses.extend(
        names_in(service.get("links"))
            .into_iter()
            .map(|l| (before_colon(l), "links")),
    );
    if let Some(mode) = service.get("network_mode").and_then(scalar_text) {
        if let Some(target) = mode.strip_prefix("service:") {
            uses.push((target.to_string(), "network_mode"));
        }
    }
    uses.extend(
        names_in(service.get("volumes_from"))
            .into_iter()
            .filter(|source| !source.starts_with("container:"))
            .map(|source| (before_colon(source), "volumes_from")),
    );
    uses
}

/// `environment:` as a mapping or as a list of `KEY=value`: its keys and values.
fn environment(environment: Option<&Value>) -> Vec<(String, String)> {
    match environment {
        Some(Value::Mapping(map)) => map
            .iter()
            .filter_map(|(k, v)| Some((scalar_text(k)?, scalar_text(v)?)))
            .collect(),
        Some(Value::Sequence(items)) => items
            .iter()
            .filter_map(scalar_text)
            .filter_map(|entry| {
                let (key, value) = entry.split_once('=')?;
                Some((key.to_string(), value.to_string()))
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// The named volumes a service mounts (`data:/var/lib/…`, or the long form's `source`); paths
/// are bind mounts, not shared volumes.
fn named_volumes(volumes: Option<&Value>) -> Vec<String> {
    let Some(Value::Sequence(items)) = volumes else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|item| match item {
            Value::String(short) => short.split(':').next().map(str::to_string),
            Value::Mapping(_) => item.get("source").and_then(scalar_text),
            _ => None,
        })
        .filter(|source| !source.is_empty() && !source.starts_with(['/', '.', '~', '$']))
        .collect()
}

/// Applies `extends: {service: …}` (or `extends: name`) within the file: the base's settings,
/// then the service's own over them. A base in another file cannot be read here: said.
fn resolve_extends(services: &mut [(String, Value)], notes: &mut Vec<String>) {
    for i in 0..services.len() {
        // A chain of bases, followed at most as far as there are services (a loop ends it).
        for _ in 0..services.len() {
            let Some(extends) = services[i].1.get("extends").cloned() else {
                break;
            };
            if let Some(service) = services[i].1.as_mapping_mut() {
                service.remove("extends");
            }
            if extends.get("file").is_some() {
                notes.push(format!(
                    "`{}` extends a service of another file: only its own settings were read.",
                    services[i].0
                ));
                break;
            }
            let base_name = extends
                .get("service")
                .and_then(scalar_text)
                .or_else(|| scalar_text(&extends))
                .unwrap_or_default();
            let Some(base) = services
                .iter()
                .find(|(name, _)| *name == base_name)
                .map(|(_, base)| base.clone())
            else {
                notes.push(format!(
                    "`{}` extends `{base_name}`, which is not a service of this file.",
                    services[i].0
                ));
                break;
            };
            if let (Some(mut merged), Some(own)) =
                (base.as_mapping().cloned(), services[i].1.as_mapping())
            {
                for (key, value) in own {
                    merged.insert(key.clone(), value.clone());
                }
                services[i].1 = Value::Mapping(merged);
            }
        }
    }
}

/// Replaces compose's `${VAR}`, `${VAR:-default}`, `${VAR-default}` and `$VAR` in every string
/// by the default given, or nothing (an import has no environment); `$$` is a dollar.
fn interpolate(value: &mut Value) {
    match value {
        Value::String(text) if text.contains('$') => *text = interpolated(text),
        Value::Sequence(items) => items.iter_mut().for_each(interpolate),
        Value::Mapping(map) => map.values_mut().for_each(interpolate),
        _ => {}
    }
}

fn interpolated(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..at]);
        rest = &rest[at + 1..];
        if let Some(after) = rest.strip_prefix('$') {
            out.push('$');
            rest = after;
        } else if let Some(braced) = rest.strip_prefix('{') {
            let end = braced.find('}').unwrap_or(braced.len());
            let inner = &braced[..end];
            let default = inner
                .split_once(":-")
                .or_else(|| inner.split_once('-'))
                .map_or("", |(_, default)| default);
            out.push_str(default);
            rest = braced.get(end + 1..).unwrap_or("");
        } else {
            let end = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            rest = &rest[end..];
        }
    }
    out.push_str(rest);
    out
}

// ----- Kubernetes ------------------------------------------------------------------------------

fn is_manifest(document: &Value) -> bool {
    document.get("apiVersion").is_some() && document.get("kind").is_some()
}

/// The workload kinds that become components.
const WORKLOADS: [&str; 3] = ["Deployment", "StatefulSet", "DaemonSet"];

fn from_manifests(documents: &[Value], rules: &Rules) -> Result<Imported, ImportError> {
    // A `List` holds its resources in `items`.
    let resources: Vec<&Value> = documents
        .iter()
        .flat_map(|document| match document.get("items") {
            Some(Value::Sequence(items)) if kind_of(document) == "List" => items.iter().collect(),
            _ => vec![document],
        })
        .filter(|resource| is_manifest(resource))
        .collect();
    let workloads: Vec<&Value> = resources
        .iter()
        .copied()
        .filter(|r| WORKLOADS.contains(&kind_of(r)))
        .collect();
    if workloads.is_empty() {
        return Err(ImportError::Empty(
            "no Deployment, StatefulSet or DaemonSet among the manifests".into(),
        ));
    }

    let mut builder = Builder::new(rules);
    let mut names = BTreeSet::new();
    for workload in &workloads {
        let name = name_of(workload);
        let image = containers(workload)
            .first()
            .and_then(|c| c.get("image"))
            .and_then(scalar_text);
        let count = if kind_of(workload) == "DaemonSet" {
            Count::Per(PerWhat::PerServer)
        } else {
            workload
                .get("spec")
                .and_then(|s| s.get("replicas"))
                .and_then(Value::as_u64)
                .and_then(|n| u32::try_from(n).ok())
                .map_or(Count::Default, Count::Fixed)
        };
        builder.add(&name, image.as_deref(), count)?;
        names.insert(name);
    }

    // A Service stands for the workloads whose pod labels hold all of its selector's.
    let mut stands_for: BTreeMap<String, Vec<usize>> = names
        .iter()
        .filter_map(|name| Some((name.clone(), vec![*builder.by_name.get(name)?])))
        .collect();
    for service in resources.iter().filter(|r| kind_of(r) == "Service") {
        let selector = labels(service.get("spec").and_then(|s| s.get("selector")));
        if selector.is_empty() {
            continue;
        }
        let selected: Vec<usize> = workloads
            .iter()
            .filter(|w| {
                let pod = labels(
                    w.get("spec")
                        .and_then(|s| s.get("template"))
                        .and_then(|t| t.get("metadata"))
                        .and_then(|m| m.get("labels")),
                );
                selector.iter().all(|(k, v)| pod.get(k) == Some(v))
            })
            .filter_map(|w| builder.by_name.get(&name_of(w)).copied())
            .collect();
        stands_for
            .entry(name_of(service))
            .or_default()
            .extend(selected);
    }
    let hosts: BTreeSet<String> = stands_for.keys().cloned().collect();
    for workload in &workloads {
        let Some(&from) = builder.by_name.get(&name_of(workload)) else {
            continue;
        };
        for (key, value) in container_settings(workload) {
            for host in hosts_named(&key, &value, &hosts) {
                for &to in stands_for.get(host).map(Vec::as_slice).unwrap_or(&[]) {
                    builder.connect(from, to, "its configuration names it")?;
                }
            }
        }
    }

    let mut others: BTreeMap<&str, usize> = BTreeMap::new();
    for resource in &resources {
        let kind = kind_of(resource);
        if !WORKLOADS.contains(&kind) && kind != "Service" {
            *others.entry(kind).or_default() += 1;
        }
    }
    if !others.is_empty() {
        let listed: Vec<String> = others
            .iter()
            .map(|(kind, n)| format!("{n} {kind}"))
            .collect();
        builder.note(format!(
            "Not imported, as they run nothing of their own: {}.",
            listed.join(", ")
        ));
    }
    builder.finish("kubernetes", "Imported from Kubernetes manifests")
}

fn kind_of(resource: &Value) -> &str {
    resource.get("kind").and_then(Value::as_str).unwrap_or("")
}

fn name_of(resource: &Value) -> String {
    resource
        .get("metadata")
        .and_then(|m| m.get("name"))
        .and_then(scalar_text)
        .unwrap_or_else(|| "unnamed".to_string())
}

fn labels(value: Option<&Value>) -> BTreeMap<String, String> {
    let Some(Value::Mapping(map)) = value else {
        return BTreeMap::new();
    };
    map.iter()
        .filter_map(|(k, v)| Some((scalar_text(k)?, scalar_text(v)?)))
        .collect()
}

fn containers(workload: &Value) -> Vec<&Value> {
    match workload
        .get("spec")
        .and_then(|s| s.get("template"))
        .and_then(|t| t.get("spec"))
        .and_then(|s| s.get("containers"))
    {
        Some(Value::Sequence(items)) => items.iter().collect(),
        _ => Vec::new(),
    }
}

/// What a workload's containers say that may name another, as settings: environment values
/// under their names, arguments and commands under none.
fn container_settings(workload: &Value) -> Vec<(String, String)> {
    let mut settings = Vec::new();
    for container in containers(workload) {
        if let Some(Value::Sequence(env)) = container.get("env") {
            settings.extend(env.iter().filter_map(|e| {
                Some((
                    e.get("name").and_then(scalar_text)?,
                    e.get("value").and_then(scalar_text)?,
                ))
            }));
        }
        for key in ["args", "command"] {
            settings.extend(
                names_in(container.get(key))
                    .into_iter()
                    .map(|a| (String::new(), a)),
            );
        }
    }
    settings
}

// ----- the import worker's messages ----------------------------------------------------------

/// The page asks the import worker to import a text for a document of `catalog_version`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImportRequest {
    pub text: String,
    pub catalog_version: u32,
}

/// Everything the import worker posts to the page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ImportMessage {
    /// Posted once, when the worker's WebAssembly runs (a request posted before would be lost).
    Ready,
    Done(Result<Imported, ImportError>),
    /// A message the worker could not read as an [`ImportRequest`].
    Unreadable {
        message: String,
    },
}

impl ImportRequest {
    pub fn to_json(&self) -> String {
        // A string and a number always serialize.
        serde_json::to_string(self).unwrap_or_default()
    }
}

impl ImportMessage {
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|error| {
            let unreadable = ImportMessage::Unreadable {
                message: format!("the worker could not write its answer: {error}"),
            };
            serde_json::to_string(&unreadable).unwrap_or_default()
        })
    }

    pub fn from_json(json: &str) -> Result<ImportMessage, String> {
        serde_json::from_str(json).map_err(|error| error.to_string())
    }
}

/// The whole of the import worker's work: a request in, the message to post back out.
pub fn answer(request: &str) -> String {
    match serde_json::from_str::<ImportRequest>(request) {
        Ok(request) => ImportMessage::Done(import(&request.text, request.catalog_version)),
        Err(error) => ImportMessage::Unreadable {
            message: error.to_string(),
        },
    }
    .to_json()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A builder of `count` services, `s0` to `s{count - 1}`, each using the four before it:
    /// a chain with no cycle.
    fn chain(rules: &Rules, count: usize) -> Builder<'_> {
        let mut builder = Builder::new(rules);
        for i in 0..count {
            builder.add(&format!("s{i}"), None, Count::Default).unwrap();
        }
        for i in 0..count {
            for back in 1..=4.min(i) {
                builder.connect(i, i - back, "depends_on").unwrap();
            }
        }
        builder
    }

    /// Regression: every named edge was checked for a cycle by a walk over all the edges kept
    /// before it, so 3,000 services in a chain took 1.9 s and 10,000 about 20 s. An edge in no
    /// cycle of named edges is now kept unwalked.
    #[test]
    fn a_long_chain_is_kept_whole_without_a_walk() {
        let rules = Rules::for_catalog(2);
        let mut builder = chain(&rules, 2_000);
        let mut walk = Walk::new(2_000, CYCLE_CHECK_AT_MOST);
        let kept = builder.keep_acyclic(&mut walk).unwrap();
        assert_eq!(kept.len(), 4 * 2_000 - 10);
        assert_eq!(walk.walks, 0);
        assert!(builder.notes.is_empty());
    }

    /// A chain closed into one big cycle by one edge: within the budget the edges are decided
    /// one by one, as they always were (only the edges that close the cycle are left out); past
    /// it, the rest of the cycle's edges are left out, each said, and what is kept has no cycle.
    #[test]
    fn one_big_cycle_is_checked_within_the_budget_and_said_past_it() {
        let rules = Rules::for_catalog(2);
        let closed = |budget: usize| {
            let mut builder = chain(&rules, 200);
            builder.named.insert(
                0,
                Named {
                    from: 0,
                    to: 199,
                    why: "depends_on".into(),
                    moment: 0,
                },
            );
            let mut walk = Walk::new(200, budget);
            let kept = builder.keep_acyclic(&mut walk).unwrap();
            let notes: Vec<String> = builder.notes.into_iter().map(|(_, n)| n).collect();
            (kept, notes)
        };

        let (kept, notes) = closed(CYCLE_CHECK_AT_MOST);
        assert_eq!(kept.len(), 4 * 200 - 10 + 1 - 4);
        assert_eq!(notes.len(), 4);
        assert!(notes[0]
            .starts_with("Left out: `s199` uses `s198` (depends_on), which already uses it"));

        let (kept, notes) = closed(20_000);
        assert!(kept.len() < 4 * 200 - 10);
        assert_eq!(kept.len() + notes.len(), 4 * 200 - 10 + 1);
        assert!(notes
            .iter()
            .all(|n| n.ends_with("too many connections in cycles to check them all.")));
        let mut reach = Walk::new(200, usize::MAX);
        let mut edges = vec![Vec::new(); 200];
        for &(from, to) in &kept {
            edges[from].push(to);
        }
        for &(from, to) in &kept {
            assert_eq!(
                reach.reaches(&edges, to, from),
                Some(false),
                "{from} -> {to} closes a cycle"
            );
        }
    }
}
