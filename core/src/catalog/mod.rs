//! The catalog: the component kinds a model can use, the capabilities they provide, and the
//! sources behind every default figure.
//!
//! Catalogs are data (`data/catalog/v<N>/*.toml`). The build script checks them and compiles
//! them into statics, so the app neither parses nor validates them at start-up. Every released
//! catalog version stays in the app, so that a document made against version N computes the
//! same numbers forever, whatever later versions change.

mod schema;

use std::collections::HashMap;
use std::ops::Deref;
use std::sync::OnceLock;

pub use schema::{
    Capability, CatalogData, ContextDefault, Figure, FigureName, Figures, FootprintRule, Kind,
    List, Relation, Requirement, Scope, Source, SourceTag, Text, ValueRule, PARTS_SOURCE,
};

mod embedded {
    #![allow(clippy::all)]
    use super::schema::*;
    use std::borrow::Cow;
    include!(concat!(env!("OUT_DIR"), "/catalogs.rs"));
}

/// A catalog version with indexes by id. Dereferences to its data.
#[derive(Debug)]
pub struct Catalog {
    data: &'static CatalogData,
    kind_index: HashMap<&'static str, usize>,
    capability_index: HashMap<&'static str, usize>,
    source_index: HashMap<&'static str, usize>,
}

impl Deref for Catalog {
    type Target = CatalogData;

    fn deref(&self) -> &CatalogData {
        self.data
    }
}

impl Catalog {
    fn new(data: &'static CatalogData) -> Catalog {
        Catalog {
            kind_index: data
                .kinds
                .iter()
                .enumerate()
                .map(|(i, k)| (&*k.id, i))
                .collect(),
            capability_index: data
                .capabilities
                .iter()
                .enumerate()
                .map(|(i, c)| (&*c.id, i))
                .collect(),
            source_index: data
                .sources
                .iter()
                .enumerate()
                .map(|(i, s)| (&*s.id, i))
                .collect(),
            data,
        }
    }

    pub fn kind(&self, id: &str) -> Option<&'static Kind> {
        self.kind_index.get(id).map(|&i| &self.data.kinds[i])
    }

    pub fn kind_position(&self, id: &str) -> Option<usize> {
        self.kind_index.get(id).copied()
    }

    pub fn capability_position(&self, id: &str) -> Option<usize> {
        self.capability_index.get(id).copied()
    }

    pub fn source(&self, id: &str) -> Option<&'static Source> {
        self.source_index.get(id).map(|&i| &self.data.sources[i])
    }
}

/// Every catalog version this build has, oldest first.
pub fn versions() -> impl Iterator<Item = u32> {
    embedded::CATALOGS.iter().map(|c| c.version)
}

/// The newest catalog: what new documents are made against.
pub fn latest_version() -> u32 {
    versions().max().unwrap_or(0)
}

/// The catalog of that version; `None` for a version this build does not have (a document
/// from a newer release).
pub fn get(version: u32) -> Option<&'static Catalog> {
    static LOADED: OnceLock<Vec<Catalog>> = OnceLock::new();
    LOADED
        .get_or_init(|| embedded::CATALOGS.iter().map(Catalog::new).collect())
        .iter()
        .find(|c| c.version == version)
}

/// The embedded built-in scenarios as (file stem, JSON) pairs, in file-name order.
pub(crate) fn scenario_sources() -> &'static [(&'static str, &'static str)] {
    embedded::SCENARIOS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_embedded_catalog_is_valid_and_indexed() {
        assert!(versions().count() >= 1);
        for version in versions() {
            let catalog = get(version).expect("embedded");
            catalog.validate().expect("valid");
            for (i, kind) in catalog.kinds.iter().enumerate() {
                assert_eq!(catalog.kind_position(&kind.id), Some(i));
            }
            let composite = catalog.kinds.iter().find(|k| !k.parts.is_empty()).unwrap();
            assert!(
                composite.figures.cores.is_some(),
                "composite footprints are derived"
            );
        }
        assert!(get(latest_version() + 1).is_none());
    }

    #[test]
    fn figure_keys_are_the_names_documents_use() {
        for figure in FigureName::ALL {
            assert_eq!(
                serde_json::to_value(figure).unwrap(),
                serde_json::Value::from(figure.key())
            );
        }
    }
}
