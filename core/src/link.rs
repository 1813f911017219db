//! Decision links: the whole document in a URL fragment, compact, versioned and checked.
//!
//! A link's fragment is `v<format>.<payload>`, the payload URL-safe base64 (no padding) of
//! `flags (1 byte) · length (varint) · body · Adler-32 of the body (4 bytes, little endian)`,
//! where the body is raw-deflated when flags bit 0 is set (whichever is shorter) and the length
//! counts its stored bytes (so that a cut link is told from a changed one). The body is the
//! document in a compact binary form:
//!
//! - unsigned integers are LEB128 varints; signed ones zigzag varints;
//! - a number (f64) is its shortest round-trip decimal `m × 10^e`: zigzag `m`, zigzag `e`
//!   (so that it decodes to the very same f64);
//! - a text is a varint: 0 = empty, 1 = a literal (varint byte length, UTF-8) follows, n ≥ 2 =
//!   entry n − 2 of the format's frozen dictionary (`data/link/v1-dictionary.txt`);
//! - a component's kind is its index in the document's catalog version (+1; 0 = a literal id);
//!   its id is omitted when it equals the kind, or reduced to the suffix after `kind-`;
//! - an edge is `(from + 1) × 3 + relation`, then `to + 1` (0 = a literal id follows).
//!
//! The body lists, in order: catalog version, scenario, title, question, status, the context,
//! [format 2: the kinds the document defines], the options (id, name, summary, components,
//! edges), baseline, chosen option, rationale.
//!
//! **Format 2** is format 1 plus the kinds a document defines ([`CustomKind`]), which format 1
//! cannot carry (nothing else of the document is beyond format 1). They come right after the
//! context, so that components can name them by index: kind indexes count the catalog's kinds,
//! then the document's (index − 1 − number of catalog kinds). Each kind is its id, name,
//! category, summary and source (texts), a byte (scope 0–2 in bits 0–1, "operated by the team"
//! in bit 2), its requirements (a count, then per requirement `(catalog kind index + 1) × 3 +
//! relation`, 0 × 3 + relation followed by a literal id for a kind the catalog lacks), its
//! capabilities (a count, then catalog capability index + 1, or 0 and a literal id) and its
//! figures (a count, then a figure's code and its number, codes ascending and unique). Format 2
//! uses format 1's dictionary, unchanged.
//!
//! **Format 3** is format 2 plus what cost model 2 added: the cost model (a varint right after
//! the catalog version); in the context, "servers owned" (bit 2 of the switches byte) and, after
//! the horizon, the spare share, the number of teams and the hours a deploy takes; "pages" (bit
//! 3 of a kind's switches); and the figures of cost model 2 (codes 11–13, which formats 1 and 2
//! refuse).
//!
//! **Format 4** is format 3 plus ranges, after the rationale: a byte (bit 0: ranges on; bit 1:
//! the catalog's ranges not drawn), the
//! seed and the sample count (varints), the context's ranges (a count, then per range the
//! context number's code, its position in `ContextNumber::ALL`, and low and high as numbers),
//! and the overridden figures' ranges (a count, then per range the option's and the
//! component's positions, the figure's code, low and high).
//!
//! The encoder writes format 4 for a document with ranges (on or off, or draws other than the
//! defaults), format 3 for any other of cost model 2 or later, and otherwise format 1
//! for a document that defines no kind, and format 2 only for one that does. So the link of such a document is byte for byte the link earlier releases made
//! (the golden links are re-encoded identically, `tests/links.rs` checks it), and a release that
//! reads only format 1 still opens it.
//!
//! A released format is never changed: a newer format gets a new number and this decoder keeps
//! reading the old ones. Decoding never trusts the input: every count is bounded by what is
//! left to read and by `error::limits`, and inflating stops at [`MAX_DECODED_BYTES`].

use std::collections::BTreeMap;
use std::ops::Range;

use miniz_oxide::deflate::core::{
    compress_to_output, create_comp_flags_from_zip_params, CompressorOxide, TDEFLFlush, TDEFLStatus,
};

// The encoder looks a text up for every component and edge end: a fast hasher (see
// core/Cargo.toml). No map's order reaches a link.
use foldhash::{HashMap, HashMapExt};
use std::fmt;
use std::sync::OnceLock;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;

use crate::catalog::{self, FigureName, Relation};
use crate::edit::ContextNumber;
use crate::error::limits;
use crate::model::{
    Alternative, Bounds, ComponentUse, Context, Count, CustomKind, Decision, Edge, Fleet,
    KindRequirement, PerWhat, Provider, Ranges, Scope, Shared, Status, Team, Workload,
};

/// The newest format this build writes (for documents with ranges). It reads every format up to
/// this one.
pub const FORMAT: u32 = 4;
/// The format of a cost-model-2 document without ranges.
pub const FORMAT_MODEL_2: u32 = 3;
/// The format of a cost-model-1 document that defines kinds.
pub const FORMAT_WITH_KINDS: u32 = 2;
/// The format of a document that defines no kind: the first one, which every release reads.
pub const FORMAT_WITHOUT_KINDS: u32 = 1;
/// A link is refused beyond this many characters, before any decoding. A model at the size
/// limits (10,000 components and 40,000 edges an option) makes a link of about 270 KB; browsers
/// take addresses up to 2 MB.
pub const MAX_LINK_CHARS: usize = 1024 * 1024;
/// Inflating stops at this size: a larger document is refused (a decompression bomb). The
/// 10,000-component model's body is about 1.3 MB.
pub const MAX_DECODED_BYTES: usize = 4 * 1024 * 1024;

/// Why a link cannot be opened. Each reads as a message for the person who clicked it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkError {
    /// The fragment is not an Overhead link at all.
    NotALink,
    /// Characters that base64 does not have: the link was mangled.
    NotBase64,
    /// Fewer bytes than the format needs: the link was cut.
    Truncated,
    /// The checksum does not match: the link was changed after it was made.
    Tampered,
    /// Made by a newer Overhead.
    FutureFormat(u32),
    /// The document needs a catalog this build does not have.
    UnknownCatalog(u32),
    /// The link or what it expands to is over the size limits.
    TooLarge,
    /// The bytes do not make a document (a defect, or a forgery with a valid checksum).
    Malformed(&'static str),
}

impl fmt::Display for LinkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LinkError::NotALink => write!(f, "This address does not hold an Overhead decision."),
            LinkError::NotBase64 => write!(
                f,
                "This link is damaged: it has characters a decision link never has (a mail or chat client may have changed it). Ask for the link again, or copy it whole."
            ),
            LinkError::Truncated => write!(
                f,
                "This link is incomplete: it was probably cut off by a mail or chat client. Ask for the whole link."
            ),
            LinkError::Tampered => write!(
                f,
                "This link was changed after it was made (its checksum does not match), so it is not opened. Ask for the original link."
            ),
            LinkError::FutureFormat(format) => write!(
                f,
                "This link was made by a newer version of Overhead (link format {format}); this version reads formats up to {FORMAT}. Open it with the newer version."
            ),
            LinkError::UnknownCatalog(version) => write!(
                f,
                "This link needs catalog version {version}, which this version of Overhead does not have; it was probably made by a newer version."
            ),
            LinkError::TooLarge => write!(
                f,
                "This link expands to more than Overhead opens ({} KiB); it is refused.",
                MAX_DECODED_BYTES / 1024
            ),
            LinkError::Malformed(detail) => write!(f, "This link is damaged: {detail}."),
        }
    }
}

impl std::error::Error for LinkError {}

fn dictionary() -> &'static [&'static str] {
    static ENTRIES: OnceLock<Vec<&'static str>> = OnceLock::new();
    ENTRIES.get_or_init(|| {
        // `data/link/v1-dictionary.txt` without its comments (build.rs).
        include_str!(concat!(env!("OUT_DIR"), "/v1-dictionary.txt"))
            .lines()
            .collect()
    })
}

/// Each dictionary entry's position, for the encoder: a link of a thousand components writes
/// thousands of texts, and searching the list for each took milliseconds.
fn dictionary_positions() -> &'static HashMap<&'static str, usize> {
    static POSITIONS: OnceLock<HashMap<&'static str, usize>> = OnceLock::new();
    POSITIONS.get_or_init(|| {
        let mut positions = HashMap::new();
        for (i, entry) in dictionary().iter().enumerate() {
            // The first of equal entries, as a search of the list finds.
            positions.entry(*entry).or_insert(i);
        }
        positions
    })
}

/// The body's checksum: Adler-32, as zlib computes it. Not inlined (ARCHITECTURE.md, "Hot
/// loops").
#[inline(never)]
pub fn checksum(body: &[u8]) -> u32 {
    adler2::adler32_slice(body)
}

/// The fragment (without `#`) that holds this document.
pub fn encode(decision: &Decision) -> String {
    Encoding::new(decision).finish()
}

/// A document's link, deflated a slice at a time: the page spreads a big document's encoding
/// (30 to 50 ms at 10,000 components) over tasks of a few milliseconds. Stepped to the end, it is
/// [`encode`]'s fragment, byte for byte.
pub struct Encoding {
    format: u32,
    body: Vec<u8>,
    /// How much of the body is deflated so far.
    read: usize,
    compressor: Box<CompressorOxide>,
    deflated: Vec<u8>,
    failed: bool,
}

/// Raw deflate at the best compression, as links have always been made.
const LINK_COMPRESSION: u32 = create_comp_flags_from_zip_params(10, 0, 0);

impl Encoding {
    /// Writes the document's bytes (the quick part); nothing is deflated yet.
    pub fn new(decision: &Decision) -> Encoding {
        let format = if has_ranges(decision) {
            FORMAT
        } else if decision.cost_model >= 2 {
            FORMAT_MODEL_2
        } else if decision.kinds.is_empty() {
            FORMAT_WITHOUT_KINDS
        } else {
            FORMAT_WITH_KINDS
        };
        let mut body = Writer::default();
        write_decision(&mut body, decision, format);
        Encoding {
            format,
            body: body.bytes,
            read: 0,
            compressor: Box::new(CompressorOxide::new(LINK_COMPRESSION)),
            deflated: Vec::new(),
            failed: false,
        }
    }

    /// Deflates the rest of the document: the fragment.
    pub fn finish(mut self) -> String {
        self.deflate_to(self.body.len());
        self.fragment()
    }

    /// Deflates up to `budget` more bytes of the document; once all of it is, the fragment.
    pub fn step(&mut self, budget: usize) -> Option<String> {
        let end = self.read.saturating_add(budget).min(self.body.len());
        self.deflate_to(end);
        (end == self.body.len()).then(|| self.fragment())
    }

    /// Deflates the document's bytes up to `end`, finishing the stream when that is its end.
    fn deflate_to(&mut self, end: usize) {
        let flush = if end == self.body.len() {
            TDEFLFlush::Finish
        } else {
            TDEFLFlush::None
        };
        let deflated = &mut self.deflated;
        let mut input = &self.body[self.read..end];
        loop {
            let (status, consumed) =
                compress_to_output(&mut self.compressor, input, flush, |out| {
                    deflated.extend_from_slice(out);
                    true
                });
            input = &input[consumed.min(input.len())..];
            match status {
                TDEFLStatus::Okay if !input.is_empty() => continue,
                TDEFLStatus::Okay | TDEFLStatus::Done => break,
                // Never, with a callback that takes all it is given: the body is then stored.
                _ => {
                    self.failed = true;
                    break;
                }
            }
        }
        self.read = end;
    }

    /// The fragment of the deflated document, or of the document as it is when deflating did not
    /// make it shorter.
    fn fragment(&self) -> String {
        if !self.failed && self.deflated.len() < self.body.len() {
            envelope(self.format, &self.deflated, true, &self.body)
        } else {
            self.stored()
        }
    }

    /// The fragment of the document as it is, not deflated: longer, but read without inflating.
    /// The built-in scenarios are embedded so: the page's start opens the landing scenario
    /// without the inflater, which its first part leaves out.
    pub fn stored(&self) -> String {
        envelope(self.format, &self.body, false, &self.body)
    }
}

/// Frames stored bytes as a link fragment of that format: flags, length, the bytes, the checksum
/// of `body` (the document's bytes before deflating). Every format frames its body the same way.
/// Public so that tests and the fuzzer can build links around bodies of their own.
pub fn envelope(format: u32, stored: &[u8], deflated: bool, body: &[u8]) -> String {
    let mut frame = Writer::default();
    frame.bytes.push(u8::from(deflated));
    frame.count(stored.len());
    frame.bytes.extend_from_slice(stored);
    frame.bytes.extend_from_slice(&checksum(body).to_le_bytes());
    format!("v{format}.{}", URL_SAFE_NO_PAD.encode(frame.bytes))
}

/// Reads a document back from a fragment (with or without its `#`).
pub fn decode(fragment: &str) -> Result<Decision, LinkError> {
    Envelope::read(fragment)?.open()
}

/// A link's frame read (`envelope`'s): the format and the stored body, not yet inflated nor
/// read. The page inflates a deflated body with the browser's own inflater at its start
/// (`Envelope::deflated`, `Envelope::open_inflated`); [`decode`] inflates it here.
pub struct Envelope {
    format: u32,
    /// The link's bytes, of which `stored` is the body as stored.
    bytes: Vec<u8>,
    stored: Range<usize>,
    deflated: bool,
    checksum: u32,
}

impl Envelope {
    /// The frame of a fragment (with or without its `#`): its prefix, its format, its base64 and
    /// its length checked.
    pub fn read(fragment: &str) -> Result<Envelope, LinkError> {
        let fragment = fragment.strip_prefix('#').unwrap_or(fragment).trim();
        if fragment.len() > MAX_LINK_CHARS {
            return Err(LinkError::TooLarge);
        }
        let (format, payload) = fragment
            .strip_prefix('v')
            .and_then(|rest| rest.split_once('.'))
            .ok_or(LinkError::NotALink)?;
        let format: u32 = format.parse().map_err(|_| LinkError::NotALink)?;
        if format > FORMAT {
            return Err(LinkError::FutureFormat(format));
        }
        if format == 0 {
            return Err(LinkError::NotALink);
        }
        let bytes = base64_bytes(payload)?;
        let mut header = Reader {
            bytes: &bytes,
            at: 0,
        };
        let flags = header.byte()?;
        let stored = header.varint()?;
        let rest = &bytes[header.at..];
        if (rest.len() as u64) < stored.saturating_add(4) {
            return Err(LinkError::Truncated);
        }
        if rest.len() as u64 > stored + 4 {
            return Err(malformed("it is longer than it says"));
        }
        let deflated = match flags {
            0 => false,
            1 => true,
            _ => return Err(LinkError::Tampered),
        };
        let stored = header.at..header.at + stored as usize;
        let checksum = &bytes[stored.end..];
        Ok(Envelope {
            format,
            checksum: u32::from_le_bytes([checksum[0], checksum[1], checksum[2], checksum[3]]),
            bytes,
            stored,
            deflated,
        })
    }

    /// The raw-deflated body, to inflate (to at most [`MAX_DECODED_BYTES`]); none when the body
    /// is stored as it is.
    pub fn deflated(&self) -> Option<&[u8]> {
        self.deflated.then(|| self.stored())
    }

    /// The body's bytes as the link holds them: the document's, or, when [`Envelope::deflated`]
    /// gives them, deflated.
    pub fn stored(&self) -> &[u8] {
        &self.bytes[self.stored.clone()]
    }

    /// The document, its body inflated here when it is deflated.
    pub fn open(&self) -> Result<Decision, LinkError> {
        let stored = self.stored();
        if self.deflated {
            self.open_inflated(&inflated(stored)?)
        } else {
            self.open_inflated(stored)
        }
    }

    /// The document from its body: `deflated`'s bytes as inflated elsewhere (the page's
    /// browser), or the body stored as it is.
    pub fn open_inflated(&self, body: &[u8]) -> Result<Decision, LinkError> {
        if body.len() > MAX_DECODED_BYTES {
            return Err(LinkError::TooLarge);
        }
        if checksum(body) != self.checksum {
            return Err(LinkError::Tampered);
        }
        let mut reader = Reader { bytes: body, at: 0 };
        let decision = read_decision(&mut reader, self.format)?;
        if reader.at != body.len() {
            return Err(malformed("it has bytes after the document"));
        }
        Ok(decision)
    }
}

/// The catalog version a document's body (inflated) names, read without the rest of it: the
/// page opens a document of an older catalog once the code that holds that catalog is in
/// (`catalog::loaded_older`). None when the body does not start with one; opening it says why.
pub fn catalog_version(body: &[u8]) -> Option<u32> {
    Reader { bytes: body, at: 0 }.u32().ok()
}

/// The bytes a link's text holds. Not inlined (ARCHITECTURE.md, "Hot loops").
#[inline(never)]
fn base64_bytes(payload: &str) -> Result<Vec<u8>, LinkError> {
    URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .map_err(|error| match error {
            base64::DecodeError::InvalidLength(_)
            | base64::DecodeError::InvalidLastSymbol { .. } => LinkError::Truncated,
            _ => LinkError::NotBase64,
        })
}

/// A deflated body, inflated up to the size limit. Not inlined (ARCHITECTURE.md, "Hot loops").
#[inline(never)]
fn inflated(payload: &[u8]) -> Result<Vec<u8>, LinkError> {
    miniz_oxide::inflate::decompress_to_vec_with_limit(payload, MAX_DECODED_BYTES).map_err(
        |error| match error.status {
            miniz_oxide::inflate::TINFLStatus::HasMoreOutput => LinkError::TooLarge,
            miniz_oxide::inflate::TINFLStatus::FailedCannotMakeProgress => LinkError::Truncated,
            _ => LinkError::Tampered,
        },
    )
}

// ----- writing -----------------------------------------------------------------------------

#[derive(Default)]
struct Writer {
    bytes: Vec<u8>,
}

impl Writer {
    fn varint(&mut self, mut value: u64) {
        loop {
            let byte = (value & 0x7f) as u8;
            value >>= 7;
            if value == 0 {
                self.bytes.push(byte);
                return;
            }
            self.bytes.push(byte | 0x80);
        }
    }

    fn signed(&mut self, value: i64) {
        self.varint(((value << 1) ^ (value >> 63)) as u64);
    }

    fn count(&mut self, value: usize) {
        self.varint(value as u64);
    }

    fn number(&mut self, value: f64) {
        let (mantissa, exponent) = if value.is_nan() {
            (0, SPECIAL_NAN)
        } else if value == f64::INFINITY {
            (0, SPECIAL_INFINITY)
        } else if value == f64::NEG_INFINITY {
            (0, SPECIAL_NEG_INFINITY)
        } else if value == 0.0 && value.is_sign_negative() {
            (0, SPECIAL_NEG_ZERO)
        } else {
            decimal(value)
        };
        self.signed(mantissa);
        self.signed(exponent);
    }

    fn text(&mut self, text: &str) {
        if text.is_empty() {
            self.varint(0);
        } else if let Some(&entry) = dictionary_positions().get(text) {
            self.varint(entry as u64 + 2);
        } else {
            self.varint(1);
            self.count(text.len());
            self.bytes.extend_from_slice(text.as_bytes());
        }
    }

    fn optional_text(&mut self, text: Option<&str>) {
        match text {
            None => self.bytes.push(0),
            Some(text) => {
                self.bytes.push(1);
                self.text(text);
            }
        }
    }
}

const SPECIAL_NAN: i64 = 1000;
const SPECIAL_INFINITY: i64 = 1001;
const SPECIAL_NEG_INFINITY: i64 = 1002;
const SPECIAL_NEG_ZERO: i64 = 1003;

/// The shortest decimal `m × 10^e` that reads back as exactly `value`.
fn decimal(value: f64) -> (i64, i64) {
    // `{:e}` prints the shortest representation that round-trips, e.g. "1.121e3", "-5e-2".
    let text = format!("{value:e}");
    let (digits, exponent) = text.split_once('e').unwrap_or((&text, "0"));
    let exponent: i64 = exponent.parse().unwrap_or(0);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let mantissa: i64 = format!("{whole}{fraction}").parse().unwrap_or(0);
    (mantissa, exponent - fraction.len() as i64)
}

fn status_code(status: Status) -> u8 {
    match status {
        Status::Proposed => 0,
        Status::Accepted => 1,
        Status::Rejected => 2,
        Status::Superseded => 3,
    }
}

fn relation_code(relation: Relation) -> u8 {
    match relation {
        Relation::RunsOn => 0,
        Relation::DependsOn => 1,
        Relation::ManagedBy => 2,
    }
}

fn scope_code(scope: Scope) -> u8 {
    match scope {
        Scope::Cluster => 0,
        Scope::Server => 1,
        Scope::Service => 2,
    }
}

fn figure_code(name: FigureName) -> u8 {
    FigureName::ALL.iter().position(|n| *n == name).unwrap_or(0) as u8
}

/// Writes `format`'s body. Format 1 has no place for the document's kinds: `encode` only asks
/// for it when there are none.
fn write_decision(w: &mut Writer, d: &Decision, format: u32) {
    let catalog = catalog::get(d.catalog_version);
    let catalog_kinds = catalog.map_or(0, |c| c.kinds.len());
    // Kinds the document defines, by id, as format 2 numbers them (after the catalog's); the
    // first of two with the same id wins, as the decoder would read it back the same.
    let mut custom: HashMap<&str, usize> = HashMap::new();
    if format >= 2 {
        for (i, kind) in d.kinds.iter().enumerate() {
            custom.entry(kind.id.as_str()).or_insert(catalog_kinds + i);
        }
    }
    w.varint(u64::from(d.catalog_version));
    if format >= 3 {
        w.varint(u64::from(d.cost_model));
    }
    w.optional_text(d.scenario.as_deref());
    w.text(&d.title);
    w.text(&d.question);
    w.bytes.push(status_code(d.status));
    write_context(w, &d.context, format);
    if format >= 2 {
        write_kinds(w, &d.kinds, catalog);
    }
    w.count(d.options.len());
    for option in &d.options {
        w.text(&option.id);
        w.text(&option.name);
        w.text(&option.summary);
        w.count(option.components.len());
        for component in &option.components {
            let kind_index = catalog
                .and_then(|c| c.kind_position(&component.kind))
                .or_else(|| custom.get(component.kind.as_str()).copied());
            match kind_index {
                Some(index) => w.count(index + 1),
                None => {
                    w.count(0);
                    w.text(&component.kind);
                }
            }
            let (count_tag, fixed) = match component.count {
                Count::Default => (0u8, None),
                Count::Fixed(n) => (1, Some(n)),
                Count::Per(PerWhat::PerServer) => (2, None),
                Count::Per(PerWhat::PerService) => (3, None),
            };
            let id_is_kind = component.id == component.kind;
            let suffix = component
                .id
                .strip_prefix(component.kind.as_str())
                .and_then(|rest| rest.strip_prefix('-'))
                .filter(|rest| !rest.is_empty());
            let flags = u8::from(id_is_kind)
                | u8::from(component.label.is_some()) << 1
                | u8::from(component.provider.is_some()) << 2
                | u8::from(!component.overrides.is_empty()) << 3
                | count_tag << 4
                | u8::from(suffix.is_some()) << 6;
            w.bytes.push(flags);
            match (id_is_kind, suffix) {
                (true, _) => {}
                (false, Some(suffix)) => w.text(suffix),
                (false, None) => w.text(&component.id),
            }
            if let Some(label) = &component.label {
                w.text(label);
            }
            if let Some(n) = fixed {
                w.varint(u64::from(n));
            }
            if let Some(provider) = &component.provider {
                w.text(&provider.name);
                w.number(provider.price_month);
            }
            if !component.overrides.is_empty() {
                w.count(component.overrides.len());
                for (name, value) in &component.overrides {
                    w.bytes.push(figure_code(*name));
                    w.number(*value);
                }
            }
        }
        // Edges name components by position; an edge to an id that is not a component of the
        // option (an invalid model, still worth sharing) keeps its id as text.
        w.count(option.edges.len());
        // By id, the first of equal ids, as a search of the list would find: searching it for
        // each end made a link of 1,000 components and 5,000 edges take milliseconds.
        let mut positions: HashMap<&str, usize> = HashMap::with_capacity(option.components.len());
        for (i, component) in option.components.iter().enumerate() {
            positions.entry(component.id.as_str()).or_insert(i);
        }
        let position = |id: &str| positions.get(id).copied();
        for edge in &option.edges {
            let relation = u64::from(relation_code(edge.relation));
            match position(&edge.from) {
                Some(index) => w.varint((index as u64 + 1) * 3 + relation),
                None => {
                    w.varint(relation);
                    w.text(&edge.from);
                }
            }
            match position(&edge.to) {
                Some(index) => w.count(index + 1),
                None => {
                    w.count(0);
                    w.text(&edge.to);
                }
            }
        }
    }
    w.text(&d.baseline);
    w.optional_text(d.chosen.as_deref());
    w.text(&d.rationale);
    if format >= 4 {
        write_ranges(w, d);
    }
}

/// Whether a document says anything of ranges (format 4 carries it).
fn has_ranges(d: &Decision) -> bool {
    !d.ranges.is_unset()
        || d.options
            .iter()
            .any(|o| o.components.iter().any(|c| !c.ranges.is_empty()))
}

fn context_code(number: ContextNumber) -> u8 {
    ContextNumber::ALL
        .iter()
        .position(|n| *n == number)
        .unwrap_or(0) as u8
}

fn write_ranges(w: &mut Writer, d: &Decision) {
    w.bytes
        .push(u8::from(d.ranges.on) | u8::from(!d.ranges.catalog) << 1);
    w.varint(u64::from(d.ranges.seed));
    w.varint(u64::from(d.ranges.samples));
    w.count(d.ranges.context.len());
    for (number, bounds) in &d.ranges.context {
        w.bytes.push(context_code(*number));
        w.number(bounds.low);
        w.number(bounds.high);
    }
    let figure_ranges: Vec<(usize, usize, FigureName, Bounds)> = d
        .options
        .iter()
        .enumerate()
        .flat_map(|(o, option)| {
            option
                .components
                .iter()
                .enumerate()
                .flat_map(move |(c, component)| {
                    component
                        .ranges
                        .iter()
                        .map(move |(figure, bounds)| (o, c, *figure, *bounds))
                })
        })
        .collect();
    w.count(figure_ranges.len());
    for (option, component, figure, bounds) in figure_ranges {
        w.count(option);
        w.count(component);
        w.bytes.push(figure_code(figure));
        w.number(bounds.low);
        w.number(bounds.high);
    }
}

fn read_ranges(r: &mut Reader, options: &mut [Alternative]) -> Result<Ranges, LinkError> {
    let flags = r.byte()?;
    if flags > 0b11 {
        return Err(malformed("the ranges have unknown flags"));
    }
    let (on, catalog) = (flags & 1 != 0, flags & 2 == 0);
    let seed = r.u32()?;
    let samples = r.u32()?;
    let mut context = BTreeMap::new();
    for _ in 0..r.count(ContextNumber::ALL.len())? {
        let number = *ContextNumber::ALL
            .get(r.byte()? as usize)
            .ok_or_else(|| malformed("a range names an unknown context number"))?;
        let bounds = Bounds {
            low: r.number()?,
            high: r.number()?,
        };
        context.insert(number, bounds);
    }
    let components: usize = options.iter().map(|o| o.components.len()).sum();
    for _ in 0..r.count(components.saturating_mul(FigureName::ALL.len()))? {
        let (option, component) = (r.varint()?, r.varint()?);
        let figure = *FigureName::ALL
            .get(r.byte()? as usize)
            .ok_or_else(|| malformed("a range names an unknown figure"))?;
        let bounds = Bounds {
            low: r.number()?,
            high: r.number()?,
        };
        let used = usize::try_from(option)
            .ok()
            .and_then(|o| options.get_mut(o))
            .and_then(|o| {
                usize::try_from(component)
                    .ok()
                    .and_then(|c| o.components.get_mut(c))
            })
            .ok_or_else(|| malformed("a range points past the components"))?;
        used.ranges.insert(figure, bounds);
    }
    Ok(Ranges {
        on,
        catalog,
        seed,
        samples,
        context,
    })
}

fn write_kinds(w: &mut Writer, kinds: &[CustomKind], catalog: Option<&catalog::Catalog>) {
    w.count(kinds.len());
    for kind in kinds {
        w.text(&kind.id);
        w.text(&kind.name);
        w.text(&kind.category);
        w.text(&kind.summary);
        w.text(&kind.source);
        w.bytes
            .push(scope_code(kind.scope) | u8::from(kind.managed) << 2 | u8::from(kind.pages) << 3);
        w.count(kind.requires.len());
        for requirement in &kind.requires {
            let relation = u64::from(relation_code(requirement.relation));
            match catalog.and_then(|c| c.kind_position(&requirement.kind)) {
                Some(index) => w.varint((index as u64 + 1) * 3 + relation),
                None => {
                    w.varint(relation);
                    w.text(&requirement.kind);
                }
            }
        }
        w.count(kind.provides.len());
        for capability in &kind.provides {
            match catalog.and_then(|c| c.capability_position(capability)) {
                Some(index) => w.count(index + 1),
                None => {
                    w.count(0);
                    w.text(capability);
                }
            }
        }
        w.count(kind.figures.len());
        for (name, value) in &kind.figures {
            w.bytes.push(figure_code(*name));
            w.number(*value);
        }
    }
}

fn write_context(w: &mut Writer, c: &Context, format: u32) {
    w.varint(u64::from(c.fleet.servers));
    w.bytes.push(
        u8::from(c.fleet.elastic)
            | u8::from(c.workload.stateful) << 1
            | u8::from(format >= 3 && c.fleet.owned) << 2,
    );
    w.number(c.fleet.cores_per_server);
    w.number(c.fleet.memory_gib_per_server);
    w.number(c.fleet.server_cost_month);
    w.number(c.fleet.failures_per_server_year);
    w.varint(u64::from(c.team.engineers));
    w.number(c.team.hourly_cost);
    w.varint(u64::from(c.workload.services));
    w.number(c.workload.deploys_per_week);
    w.number(c.workload.demand_variation);
    w.varint(u64::from(c.horizon_months));
    if format >= 3 {
        w.number(c.fleet.spare_share);
        w.varint(u64::from(c.team.teams));
        w.number(c.workload.hours_per_deploy);
    }
}

// ----- reading -----------------------------------------------------------------------------

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

fn malformed(what: &'static str) -> LinkError {
    LinkError::Malformed(what)
}

impl Reader<'_> {
    fn left(&self) -> usize {
        self.bytes.len() - self.at
    }

    fn byte(&mut self) -> Result<u8, LinkError> {
        let byte = *self.bytes.get(self.at).ok_or(LinkError::Truncated)?;
        self.at += 1;
        Ok(byte)
    }

    fn varint(&mut self) -> Result<u64, LinkError> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = self.byte()?;
            value |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err(malformed("a number is too long"))
    }

    fn signed(&mut self) -> Result<i64, LinkError> {
        let raw = self.varint()?;
        Ok((raw >> 1) as i64 ^ -((raw & 1) as i64))
    }

    fn u32(&mut self) -> Result<u32, LinkError> {
        u32::try_from(self.varint()?).map_err(|_| malformed("a count is out of range"))
    }

    /// A count of items that each take at least one byte: bounded by what is left and a limit.
    fn count(&mut self, limit: usize) -> Result<usize, LinkError> {
        let count = self.varint()?;
        if count > limit as u64 {
            return Err(LinkError::TooLarge);
        }
        let count = count as usize;
        if count > self.left() {
            return Err(LinkError::Truncated);
        }
        Ok(count)
    }

    fn number(&mut self) -> Result<f64, LinkError> {
        let mantissa = self.signed()?;
        let exponent = self.signed()?;
        match exponent {
            SPECIAL_NAN => Ok(f64::NAN),
            SPECIAL_INFINITY => Ok(f64::INFINITY),
            SPECIAL_NEG_INFINITY => Ok(f64::NEG_INFINITY),
            SPECIAL_NEG_ZERO => Ok(-0.0),
            -400..=400 => Ok(crate::decimal::from_parts(mantissa, exponent as i32)),
            _ => Err(malformed("a number is out of range")),
        }
    }

    fn text(&mut self) -> Result<String, LinkError> {
        match self.varint()? {
            0 => Ok(String::new()),
            1 => {
                let length = self.count(limits::MAX_TEXT * 4)?;
                let bytes = &self.bytes[self.at..self.at + length];
                self.at += length;
                String::from_utf8(bytes.to_vec()).map_err(|_| malformed("a text is not UTF-8"))
            }
            entry => dictionary()
                .get((entry - 2) as usize)
                .map(|s| s.to_string())
                .ok_or_else(|| malformed("a text refers to an unknown dictionary entry")),
        }
    }

    fn optional_text(&mut self) -> Result<Option<String>, LinkError> {
        match self.byte()? {
            0 => Ok(None),
            1 => self.text().map(Some),
            _ => Err(malformed("an optional text has a bad marker")),
        }
    }
}

/// The position a 1-based index in a link names (0 is never one: it announces a literal).
/// Checked, so that on a 32-bit target a huge index is refused instead of wrapping round.
fn position(index: u64) -> Option<usize> {
    usize::try_from(index.checked_sub(1)?).ok()
}

/// The document in a link's body. Not inlined (ARCHITECTURE.md, "Hot loops").
#[inline(never)]
fn read_decision(r: &mut Reader, format: u32) -> Result<Decision, LinkError> {
    let catalog_version = r.u32()?;
    let catalog =
        catalog::get(catalog_version).ok_or(LinkError::UnknownCatalog(catalog_version))?;
    let cost_model = if format >= 3 { r.u32()? } else { 1 };
    // The figures this format can name: formats 1 and 2 predate cost model 2's.
    let figures: &[FigureName] = if format >= 3 {
        &FigureName::ALL
    } else {
        FigureName::MODEL_1
    };
    let scenario = r.optional_text()?;
    let title = r.text()?;
    let question = r.text()?;
    let status = match r.byte()? {
        0 => Status::Proposed,
        1 => Status::Accepted,
        2 => Status::Rejected,
        3 => Status::Superseded,
        _ => return Err(malformed("the status is unknown")),
    };
    let context = read_context(r, format)?;
    let kinds = if format >= 2 {
        read_kinds(r, catalog, figures)?
    } else {
        Vec::new()
    };
    let option_count = r.count(limits::MAX_OPTIONS)?;
    let mut options = Vec::with_capacity(option_count);
    for _ in 0..option_count {
        let id = r.text()?;
        let name = r.text()?;
        let summary = r.text()?;
        let component_count = r.count(limits::MAX_COMPONENTS_PER_OPTION)?;
        let mut components = Vec::with_capacity(component_count);
        for _ in 0..component_count {
            components.push(read_component(r, catalog, &kinds, figures)?);
        }
        let edge_count = r.count(limits::MAX_EDGES_PER_OPTION)?;
        let mut edges = Vec::with_capacity(edge_count);
        for _ in 0..edge_count {
            edges.push(read_edge(r, &components)?);
        }
        options.push(Alternative {
            id,
            name,
            summary,
            components,
            edges: edges.into(),
        });
    }
    let baseline = r.text()?;
    let chosen = r.optional_text()?;
    let rationale = r.text()?;
    let ranges = if format >= 4 {
        read_ranges(r, &mut options)?
    } else {
        Ranges::default()
    };
    Ok(Decision {
        catalog_version,
        cost_model,
        scenario,
        title,
        question,
        status,
        context,
        options: options.into_iter().map(Shared::new).collect(),
        baseline,
        chosen,
        rationale,
        kinds,
        ranges,
    })
}

/// One component of an option, as the link holds it. Not inlined: a loop's work is a function
/// of its own (ARCHITECTURE.md, "Hot loops"); here, once a component.
#[inline(never)]
fn read_component(
    r: &mut Reader,
    catalog: &catalog::Catalog,
    kinds: &[CustomKind],
    figures: &[FigureName],
) -> Result<ComponentUse, LinkError> {
    let kind = match r.varint()? {
        0 => r.text()?,
        index => {
            let index = position(index);
            match index.and_then(|i| catalog.kinds.get(i)) {
                Some(kind) => kind.id.to_string(),
                None => index
                    .and_then(|i| i.checked_sub(catalog.kinds.len()))
                    .and_then(|custom| kinds.get(custom))
                    .map(|k| k.id.clone())
                    .ok_or_else(|| malformed("a component has an unknown kind"))?,
            }
        }
    };
    let flags = r.byte()?;
    if flags & 0b1000_0000 != 0 || flags & 0b0100_0001 == 0b0100_0001 {
        return Err(malformed("a component has unknown flags"));
    }
    let id = if flags & 1 != 0 {
        kind.clone()
    } else if flags & 0b0100_0000 != 0 {
        // Not `format!`: without the formatting machinery on every id, a link of 9,900
        // components decodes about 12% faster (built for size, natively).
        [kind.as_str(), "-", &r.text()?].concat()
    } else {
        r.text()?
    };
    let label = if flags & 2 != 0 {
        Some(r.text()?)
    } else {
        None
    };
    let count = match (flags >> 4) & 0b11 {
        0 => Count::Default,
        1 => Count::Fixed(r.u32()?),
        2 => Count::Per(PerWhat::PerServer),
        _ => Count::Per(PerWhat::PerService),
    };
    let provider = if flags & 4 != 0 {
        Some(Provider {
            name: r.text()?,
            price_month: r.number()?,
        })
    } else {
        None
    };
    let mut overrides = BTreeMap::new();
    if flags & 8 != 0 {
        let override_count = r.count(figures.len())?;
        for _ in 0..override_count {
            let name = *figures
                .get(r.byte()? as usize)
                .ok_or_else(|| malformed("an override names an unknown figure"))?;
            overrides.insert(name, r.number()?);
        }
    }
    Ok(ComponentUse {
        id,
        kind,
        label,
        count,
        provider,
        overrides,
        ranges: Default::default(),
    })
}

/// One edge of an option, its ends named by the option's components (`read_component`). Not
/// inlined (ARCHITECTURE.md, "Hot loops").
#[inline(never)]
fn read_edge(r: &mut Reader, components: &[ComponentUse]) -> Result<Edge, LinkError> {
    let component_id = |index: u64| {
        position(index)
            .and_then(|i| components.get(i))
            .map(|c| c.id.clone())
            .ok_or_else(|| malformed("an edge points past the components"))
    };
    let head = r.varint()?;
    let relation = Relation::ALL[(head % 3) as usize];
    let from = match head / 3 {
        0 => r.text()?,
        index => component_id(index)?,
    };
    let to = match r.varint()? {
        0 => r.text()?,
        index => component_id(index)?,
    };
    Ok(Edge { from, to, relation })
}

fn read_kinds(
    r: &mut Reader,
    catalog: &catalog::Catalog,
    figures: &[FigureName],
) -> Result<Vec<CustomKind>, LinkError> {
    let known_switches = if figures.len() > FigureName::MODEL_1.len() {
        0b1111
    } else {
        0b111
    };
    let kind_count = r.count(limits::MAX_CUSTOM_KINDS)?;
    let mut kinds = Vec::with_capacity(kind_count);
    for _ in 0..kind_count {
        let id = r.text()?;
        let name = r.text()?;
        let category = r.text()?;
        let summary = r.text()?;
        let source = r.text()?;
        let switches = r.byte()?;
        if switches & !known_switches != 0 {
            return Err(malformed("a kind has unknown switches"));
        }
        let scope = match switches & 0b11 {
            0 => Scope::Cluster,
            1 => Scope::Server,
            2 => Scope::Service,
            _ => return Err(malformed("a kind has an unknown scope")),
        };
        let requirement_count = r.count(limits::MAX_CUSTOM_KIND_LIST)?;
        let mut requires = Vec::with_capacity(requirement_count);
        for _ in 0..requirement_count {
            let head = r.varint()?;
            let relation = Relation::ALL[(head % 3) as usize];
            let kind = match head / 3 {
                0 => r.text()?,
                index => position(index)
                    .and_then(|i| catalog.kinds.get(i))
                    .map(|k| k.id.to_string())
                    .ok_or_else(|| malformed("a kind requires an unknown kind"))?,
            };
            requires.push(KindRequirement { kind, relation });
        }
        let capability_count = r.count(limits::MAX_CUSTOM_KIND_LIST)?;
        let mut provides = Vec::with_capacity(capability_count);
        for _ in 0..capability_count {
            provides.push(match r.varint()? {
                0 => r.text()?,
                index => position(index)
                    .and_then(|i| catalog.capabilities.get(i))
                    .map(|c| c.id.to_string())
                    .ok_or_else(|| malformed("a kind provides an unknown capability"))?,
            });
        }
        let figure_count = r.count(figures.len())?;
        let mut given = BTreeMap::new();
        for _ in 0..figure_count {
            let name = *figures
                .get(r.byte()? as usize)
                .ok_or_else(|| malformed("a kind names an unknown figure"))?;
            if given.insert(name, r.number()?).is_some() {
                return Err(malformed("a kind gives a figure twice"));
            }
        }
        kinds.push(CustomKind {
            id,
            name,
            category,
            summary,
            scope,
            managed: switches & 0b100 != 0,
            pages: switches & 0b1000 != 0,
            requires,
            provides,
            figures: given,
            source,
        });
    }
    Ok(kinds)
}

fn read_context(r: &mut Reader, format: u32) -> Result<Context, LinkError> {
    let servers = r.u32()?;
    let switches = r.byte()?;
    let known_switches = if format >= 3 { 0b111 } else { 0b11 };
    if switches & !known_switches != 0 {
        return Err(malformed("the context has unknown switches"));
    }
    let mut context = Context {
        fleet: Fleet {
            servers,
            elastic: switches & 1 != 0,
            cores_per_server: r.number()?,
            memory_gib_per_server: r.number()?,
            server_cost_month: r.number()?,
            failures_per_server_year: r.number()?,
            owned: switches & 0b100 != 0,
            spare_share: 0.0,
        },
        team: Team {
            engineers: r.u32()?,
            hourly_cost: r.number()?,
            teams: 1,
        },
        workload: Workload {
            services: r.u32()?,
            stateful: switches & 2 != 0,
            deploys_per_week: r.number()?,
            demand_variation: r.number()?,
            hours_per_deploy: 0.0,
        },
        horizon_months: r.u32()?,
    };
    if format >= 3 {
        context.fleet.spare_share = r.number()?;
        context.team.teams = r.u32()?;
        context.workload.hours_per_deploy = r.number()?;
    }
    Ok(context)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_round_trip_exactly() {
        for value in [
            0.0,
            -0.0,
            1.0,
            0.05,
            0.1 + 0.2,
            1121.0,
            1e-300,
            1.7976931348623157e308,
            -42.125,
            5e-324,
            123456789.12345679,
        ] {
            let mut w = Writer::default();
            w.number(value);
            let mut r = Reader {
                bytes: &w.bytes,
                at: 0,
            };
            let back = r.number().unwrap();
            assert_eq!(back.to_bits(), value.to_bits(), "{value}");
        }
        let mut w = Writer::default();
        w.number(f64::NAN);
        w.number(f64::INFINITY);
        let mut r = Reader {
            bytes: &w.bytes,
            at: 0,
        };
        assert!(r.number().unwrap().is_nan());
        assert_eq!(r.number().unwrap(), f64::INFINITY);
    }

    #[test]
    fn a_body_names_its_catalog_version_before_anything_else() {
        let json = include_str!("../tests/golden/k8s-storage.json");
        let old: Decision = serde_json::from_str(json).unwrap();
        let new = crate::upgrade::to_today(&old);
        assert_ne!(old.catalog_version, new.catalog_version);
        for decision in [&old, &new] {
            let encoding = Encoding::new(decision);
            for fragment in [encoding.stored(), encode(decision)] {
                let envelope = Envelope::read(&fragment).unwrap();
                let body = match envelope.deflated() {
                    Some(deflated) => inflated(deflated).unwrap(),
                    None => envelope.stored().to_vec(),
                };
                assert_eq!(catalog_version(&body), Some(decision.catalog_version));
            }
        }
        assert_eq!(catalog_version(&[]), None);
        assert_eq!(catalog_version(&[0x80]), None, "cut short");
    }

    #[test]
    fn the_dictionary_is_frozen() {
        let entries = dictionary();
        assert_eq!(entries.len(), 77);
        assert_eq!(entries[0], "k8s-storage");
        assert_eq!(entries[1], "Run the storage cluster on Kubernetes?");
    }
}
