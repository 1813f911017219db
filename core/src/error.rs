//! Why a model cannot be computed. Every variant is reachable from user input and renders as a
//! message a user can act on; none is a panic.

use std::fmt;

/// Limits that keep a pasted or linked model from freezing the page.
pub mod limits {
    pub const MAX_OPTIONS: usize = 12;
    pub const MAX_COMPONENTS_PER_OPTION: usize = 10_000;
    pub const MAX_EDGES_PER_OPTION: usize = 40_000;
    pub const MAX_SERVERS: u32 = 1_000_000;
    pub const MAX_SERVICES: u32 = 100_000;
    pub const MAX_INSTANCES: u32 = 1_000_000;
    pub const MAX_TEXT: usize = 20_000;
    /// Kinds a document may define for what the catalog lacks.
    pub const MAX_CUSTOM_KINDS: usize = 200;
    /// The document as TOML text (typed or pasted into the page) is refused above this size
    /// before it is parsed, so that a huge paste cannot stall the page in the parser.
    pub const MAX_DOCUMENT_TEXT_BYTES: usize = 8 * 1024 * 1024;
    /// Requirements, and capabilities, of one kind defined in a document (each list).
    pub const MAX_CUSTOM_KIND_LIST: usize = 64;
}

#[derive(Clone, Debug, PartialEq)]
pub enum ModelError {
    /// The document was made with a catalog this build does not have.
    UnknownCatalogVersion(u32),
    NoOptions,
    UnknownBaseline(String),
    DuplicateOption(String),
    EmptyId {
        option: String,
    },
    DuplicateComponent {
        option: String,
        id: String,
    },
    UnknownKind {
        option: String,
        component: String,
        kind: String,
    },
    DanglingEdge {
        option: String,
        from: String,
        to: String,
        missing: String,
    },
    /// A component that (transitively) runs on or depends on itself; the path starts and ends
    /// with the same component.
    Cycle {
        option: String,
        path: Vec<String>,
    },
    /// A negative or non-finite number where a cost, count or size belongs.
    InvalidValue {
        place: String,
        value: f64,
    },
    TooLarge {
        what: String,
        count: usize,
        limit: usize,
    },
    /// A kind defined in the document has no id; `position` counts from 1.
    CustomKindWithoutId {
        position: usize,
        name: String,
    },
    /// A kind defined in the document takes the id of a catalog kind.
    CustomKindShadowsCatalog(String),
    /// Two kinds defined in the document share an id.
    DuplicateCustomKind(String),
    /// A kind defined in the document requires a kind that is neither in the catalog nor
    /// defined in the document.
    UnknownRequiredKind {
        kind: String,
        required: String,
    },
    /// A kind defined in the document provides a capability the catalog does not have.
    UnknownCapability {
        kind: String,
        capability: String,
    },
    /// A kind defined in the document requires itself.
    CustomKindRequiresItself(String),
    /// The document names a cost model its catalog version is not written for.
    CostModelMismatch {
        catalog_version: u32,
        cost_model: u32,
        catalog_model: u32,
    },
    /// A figure that the document's cost model does not have (set on a kind it defines).
    FigureNotInModel {
        place: String,
        figure: crate::catalog::FigureName,
        cost_model: u32,
    },
}

impl fmt::Display for ModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ModelError::UnknownCatalogVersion(v) => write!(
                f,
                "this document needs catalog version {v}, which this version of Overhead does not have (it may come from a newer release)"
            ),
            ModelError::CostModelMismatch {
                catalog_version,
                cost_model,
                catalog_model,
            } => write!(
                f,
                "this document names cost model {cost_model}, but its catalog version {catalog_version} is written for cost model {catalog_model}"
            ),
            ModelError::FigureNotInModel {
                place,
                figure,
                cost_model,
            } => write!(
                f,
                "{place}: cost model {cost_model} has no figure \"{figure}\" (it came with a later cost model)"
            ),
            ModelError::NoOptions => write!(f, "the document has no options to compare"),
            ModelError::UnknownBaseline(id) => {
                write!(f, "the baseline `{id}` is not one of the document's options")
            }
            ModelError::DuplicateOption(id) => write!(f, "two options share the id `{id}`"),
            ModelError::EmptyId { option } => {
                write!(f, "option `{option}`: a component has an empty id")
            }
            ModelError::DuplicateComponent { option, id } => {
                write!(f, "option `{option}`: two components share the id `{id}`")
            }
            ModelError::UnknownKind {
                option,
                component,
                kind,
            } => write!(
                f,
                "option `{option}`: component `{component}` uses the unknown kind `{kind}`"
            ),
            ModelError::DanglingEdge {
                option,
                from,
                to,
                missing,
            } => write!(
                f,
                "option `{option}`: the edge {from} → {to} points to `{missing}`, which is not a component of this option"
            ),
            ModelError::Cycle { option, path } => write!(
                f,
                "option `{option}`: dependency cycle {}",
                path.join(" → ")
            ),
            ModelError::InvalidValue { place, value } => {
                write!(f, "{place} is {value}: it must be a finite number, zero or more")
            }
            ModelError::TooLarge { what, count, limit } => {
                write!(f, "{what}: {count} is more than the {limit} Overhead can compute")
            }
            ModelError::CustomKindWithoutId { position, name } => write!(
                f,
                "kind {position} defined in the document{}: it has no id; give it one that no catalog kind has",
                if name.trim().is_empty() { String::new() } else { format!(" (`{name}`)") }
            ),
            ModelError::CustomKindShadowsCatalog(id) => write!(
                f,
                "the kind `{id}` defined in the document has the id of a catalog kind; give it another id, or use the catalog's kind"
            ),
            ModelError::DuplicateCustomKind(id) => {
                write!(f, "two kinds defined in the document share the id `{id}`")
            }
            ModelError::UnknownRequiredKind { kind, required } => write!(
                f,
                "the kind `{kind}` defined in the document requires `{required}`, which is neither a catalog kind nor one defined in the document"
            ),
            ModelError::UnknownCapability { kind, capability } => write!(
                f,
                "the kind `{kind}` defined in the document provides `{capability}`, which is not a capability of the catalog"
            ),
            ModelError::CustomKindRequiresItself(id) => write!(
                f,
                "the kind `{id}` defined in the document requires itself; a kind can only require other kinds"
            ),
        }
    }
}

impl std::error::Error for ModelError {}

/// Checks that a user-supplied number can be a cost, count or size.
pub fn check_value(place: impl FnOnce() -> String, value: f64) -> Result<(), ModelError> {
    if value.is_finite() && value >= 0.0 {
        Ok(())
    } else {
        Err(ModelError::InvalidValue {
            place: place(),
            value,
        })
    }
}
