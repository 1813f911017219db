//! The catalog: the component kinds a model can use, the capabilities they provide, and the
//! sources behind every default figure.
//!
//! Catalogs are data (`data/catalog/v<N>/*.toml`). The build script checks them and compiles
//! them into statics, so the app neither parses nor validates them at start-up. Every released
//! catalog version stays in the app, so that a document made against version N computes the
//! same numbers forever, whatever later versions change.
//!
//! A document may define kinds the catalog lacks ([`CustomKind`]). [`for_document`] gives the
//! catalog an analysis works with: the document's catalog version, shared as it is when the
//! document defines no kind (most documents: no copy on every edit), or a copy with the
//! document's kinds appended after the catalog's, so that kind indexes, lookups and sources work
//! the same for both.

mod schema;

use std::borrow::Cow;
use std::collections::HashSet;
use std::ops::Deref;
use std::sync::{Arc, OnceLock};

pub use schema::{
    Capability, CatalogData, CatalogTexts, ContextDefault, Figure, FigureName, Figures,
    FootprintRule, HoursPool, Kind, KindText, List, OnCallRule, Relation, Requirement, Scope,
    Source, SourceTag, SourceText, Text, ValueRule, PARTS_SOURCE,
};

use crate::error::{check_value, limits, ModelError};
use crate::id_index::IdIndex;
use crate::model::CustomKind;

mod embedded {
    #![allow(clippy::all)]
    use super::schema::*;
    use crate::scenario::EmbeddedScenario;
    use std::borrow::Cow;
    include!(concat!(env!("OUT_DIR"), "/catalogs.rs"));
}

/// A kind's words for a newcomer (`Catalog::kind_text`): what it is, and what stops when it
/// fails.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct KindWords<'a> {
    pub summary: &'a str,
    pub failure: &'a str,
}

/// The source ids of figures of kinds defined in a document start with this, followed by the
/// kind's id. Catalog source ids never contain `:` (a test holds them to it), so they cannot clash.
pub const DOCUMENT_SOURCE_PREFIX: &str = "document:";

/// A catalog version with indexes by id, possibly with a document's own kinds appended.
/// Dereferences to its data.
#[derive(Debug)]
pub struct Catalog {
    data: Cow<'static, CatalogData>,
    kind_index: IdIndex,
    capability_index: IdIndex,
    source_index: IdIndex,
    /// Kinds from this index on are defined by the document, not the catalog.
    first_custom_kind: usize,
}

impl Deref for Catalog {
    type Target = CatalogData;

    fn deref(&self) -> &CatalogData {
        &self.data
    }
}

impl Catalog {
    fn new(data: &'static CatalogData) -> Catalog {
        Catalog {
            kind_index: index_of(data.kinds.iter().map(|k| &*k.id)),
            capability_index: index_of(data.capabilities.iter().map(|c| &*c.id)),
            source_index: index_of(data.sources.iter().map(|s| &*s.id)),
            first_custom_kind: data.kinds.len(),
            data: Cow::Borrowed(data),
        }
    }

    pub fn kind(&self, id: &str) -> Option<&Kind> {
        self.kind_index.get(id).map(|i| &self.kinds[i])
    }

    pub fn kind_position(&self, id: &str) -> Option<usize> {
        self.kind_index.get(id)
    }

    pub fn capability_position(&self, id: &str) -> Option<usize> {
        self.capability_index.get(id)
    }

    pub fn source(&self, id: &str) -> Option<&Source> {
        self.source_index.get(id).map(|i| &self.sources[i])
    }

    /// The words of a source: its own (a document's) or, for the catalog's, those `loaded`
    /// holds for this version. `None` while the page has not loaded them yet.
    pub fn source_text<'a>(&'a self, id: &str, loaded: &'a CatalogTexts) -> Option<&'a SourceText> {
        let source = self.source(id)?;
        source
            .text
            .as_ref()
            .or_else(|| loaded.source(self.version, id))
    }

    /// The words of the kind at this index: a document's kind's own, or a catalog kind's from
    /// `loaded` (empty while the page has not loaded them yet).
    pub fn kind_text<'a>(&'a self, index: usize, loaded: &'a CatalogTexts) -> KindWords<'a> {
        let kind = &self.kinds[index];
        match loaded.kind(self.version, &kind.id) {
            Some(text) if !self.is_custom(index) => KindWords {
                summary: &text.summary,
                failure: &text.failure,
            },
            _ => KindWords {
                summary: &kind.summary,
                failure: &kind.failure,
            },
        }
    }

    /// A capability's summary: the words `loaded` holds for this version, or the statics' own
    /// (empty) until the page has loaded them.
    pub fn capability_summary<'a>(
        &self,
        capability: &'a Capability,
        loaded: &'a CatalogTexts,
    ) -> &'a str {
        loaded
            .capability(self.version, &capability.id)
            .unwrap_or(&capability.summary)
    }

    /// Whether both hold the same kinds, figures and texts: the same catalog version with the
    /// same document-defined kinds, or the very same catalog.
    pub fn same_as(&self, other: &Catalog) -> bool {
        std::ptr::eq(self, other)
            || (self.first_custom_kind == other.first_custom_kind && *self.data == *other.data)
    }

    /// Whether the kind at this index was defined by the document rather than the catalog.
    pub fn is_custom(&self, kind: usize) -> bool {
        kind >= self.first_custom_kind
    }

    /// The kinds the document defined, in its order (empty for a plain catalog version).
    pub fn custom_kinds(&self) -> &[Kind] {
        self.kinds.get(self.first_custom_kind..).unwrap_or_default()
    }

    /// This catalog with the document's kinds appended, after checking them: ids non-empty,
    /// unique and not a catalog kind's; requirements and capabilities known; figures finite
    /// and not negative; no kind requiring itself; at most [`limits::MAX_CUSTOM_KINDS`].
    ///
    /// Never inlined into [`for_document`], which every analysis runs: the page's split keeps
    /// the code its start runs in the first load, a function at a time, and most documents
    /// define no kind (one that does is analysed once the rest of the page's code is in).
    #[inline(never)]
    pub fn with_custom_kinds(&self, kinds: &[CustomKind]) -> Result<Catalog, ModelError> {
        check_custom_kinds(self, kinds)?;
        let mut data = CatalogData::clone(&self.data);
        let mut kind_index = self.kind_index.clone();
        let mut source_index = self.source_index.clone();
        let (all_kinds, all_sources) = (data.kinds.to_mut(), data.sources.to_mut());
        for custom in kinds {
            let (kind, source) = convert(custom);
            // Unique and new (`check_custom_kinds`), so each is indexed at its position.
            let _ = kind_index.add(&kind.id);
            let _ = source_index.add(&source.id);
            all_kinds.push(kind);
            all_sources.push(source);
        }
        Ok(Catalog {
            data: Cow::Owned(data),
            kind_index,
            capability_index: self.capability_index.clone(),
            source_index,
            first_custom_kind: self.first_custom_kind,
        })
    }
}

/// The index of a catalog's ids, whose build held them unique (`CatalogData::validate`): each
/// is indexed at its position.
fn index_of<'a>(ids: impl ExactSizeIterator<Item = &'a str>) -> IdIndex {
    let mut index = IdIndex::with_capacity(ids.len());
    for id in ids {
        let _ = index.add(id);
    }
    index
}

fn check_custom_kinds(catalog: &Catalog, kinds: &[CustomKind]) -> Result<(), ModelError> {
    if kinds.len() > limits::MAX_CUSTOM_KINDS {
        return Err(ModelError::TooLarge {
            what: "kinds defined in the document".into(),
            count: kinds.len(),
            limit: limits::MAX_CUSTOM_KINDS,
        });
    }
    let mut defined: HashSet<&str> = HashSet::with_capacity(kinds.len());
    for (position, kind) in kinds.iter().enumerate() {
        if kind.id.trim().is_empty() {
            return Err(ModelError::CustomKindWithoutId {
                position: position + 1,
                name: kind.name.clone(),
            });
        }
        if catalog.kind_position(&kind.id).is_some() {
            return Err(ModelError::CustomKindShadowsCatalog(kind.id.clone()));
        }
        if !defined.insert(&kind.id) {
            return Err(ModelError::DuplicateCustomKind(kind.id.clone()));
        }
    }
    for kind in kinds {
        let id = &kind.id;
        for (what, count) in [
            ("requirements", kind.requires.len()),
            ("capabilities", kind.provides.len()),
        ] {
            if count > limits::MAX_CUSTOM_KIND_LIST {
                return Err(ModelError::TooLarge {
                    what: format!("kind `{id}` defined in the document: {what}"),
                    count,
                    limit: limits::MAX_CUSTOM_KIND_LIST,
                });
            }
        }
        for requirement in &kind.requires {
            if requirement.kind == *id {
                return Err(ModelError::CustomKindRequiresItself(id.clone()));
            }
            if catalog.kind_position(&requirement.kind).is_none()
                && !defined.contains(requirement.kind.as_str())
            {
                return Err(ModelError::UnknownRequiredKind {
                    kind: id.clone(),
                    required: requirement.kind.clone(),
                });
            }
        }
        for capability in &kind.provides {
            if catalog.capability_position(capability).is_none() {
                return Err(ModelError::UnknownCapability {
                    kind: id.clone(),
                    capability: capability.clone(),
                });
            }
        }
        for (name, value) in &kind.figures {
            if !FigureName::of_model(catalog.cost_model).contains(name) {
                return Err(ModelError::FigureNotInModel {
                    place: format!("kind `{id}` defined in the document"),
                    figure: *name,
                    cost_model: catalog.cost_model,
                });
            }
            check_value(
                || format!("kind `{id}` defined in the document: {name}"),
                *value,
            )?;
        }
    }
    Ok(())
}

/// A document's kind as a catalog kind, and the source entry its figures cite: "defined in this
/// document" and the user's own words (a plain http(s) address also becomes the entry's link).
fn convert(custom: &CustomKind) -> (Kind, Source) {
    let source_id: Text = Cow::Owned(format!("{DOCUMENT_SOURCE_PREFIX}{}", custom.id));
    let figure = |name: FigureName| {
        custom.figures.get(&name).map(|&value| Figure {
            value,
            source: source_id.clone(),
            low: None,
            high: None,
        })
    };
    let figures = Figures {
        routine_hours_month: figure(FigureName::RoutineHoursMonth),
        routine_hours_per_instance_month: figure(FigureName::RoutineHoursPerInstanceMonth),
        upgrades_per_year: figure(FigureName::UpgradesPerYear),
        hours_per_upgrade: figure(FigureName::HoursPerUpgrade),
        hours_per_upgrade_per_instance: figure(FigureName::HoursPerUpgradePerInstance),
        incidents_per_year: figure(FigureName::IncidentsPerYear),
        hours_per_incident: figure(FigureName::HoursPerIncident),
        learning_hours: figure(FigureName::LearningHours),
        cores: figure(FigureName::Cores),
        memory_gib: figure(FigureName::MemoryGib),
        licence_month: figure(FigureName::LicenceMonth),
        incidents_per_instance_year: figure(FigureName::IncidentsPerInstanceYear),
        one_time_hours: figure(FigureName::OneTimeHours),
        one_time_hours_per_instance: figure(FigureName::OneTimeHoursPerInstance),
    };
    let text = custom.source.trim();
    let is_address = (text.starts_with("https://") || text.starts_with("http://"))
        && !text.contains(char::is_whitespace);
    let is_assumption = text
        .get(..10)
        .is_some_and(|head| head.eq_ignore_ascii_case("assumption"));
    let source = Source {
        id: source_id.clone(),
        // The catalog's tags: an assumption says so; anything else is the user's claim, which
        // Overhead has not checked, so it is shown as the weaker, third-party kind of source.
        tag: if is_assumption {
            SourceTag::Assumption
        } else {
            SourceTag::ThirdParty
        },
        text: Some(SourceText {
            title: Cow::Borrowed("Defined in this document"),
            url: is_address.then(|| Cow::Owned(text.to_string())),
            note: (!text.is_empty()).then(|| Cow::Owned(text.to_string())),
        }),
    };
    let name = if custom.name.trim().is_empty() {
        &custom.id
    } else {
        &custom.name
    };
    let kind = Kind {
        id: Cow::Owned(custom.id.clone()),
        name: Cow::Owned(name.clone()),
        category: Cow::Owned(custom.category.clone()),
        summary: Cow::Owned(custom.summary.clone()),
        failure: Cow::Borrowed(""),
        scope: custom.scope,
        default_count: 1,
        managed: custom.managed,
        parts: Cow::Borrowed(&[]),
        pages: custom.pages,
        requires: custom
            .requires
            .iter()
            .map(|r| Requirement::Related {
                kind: Cow::Owned(r.kind.clone()),
                relation: r.relation,
            })
            .collect(),
        provides: custom
            .provides
            .iter()
            .map(|c| Cow::Owned(c.clone()))
            .collect(),
        footprint_rule: None,
        figures,
    };
    (kind, source)
}

/// The embedded catalog of that version, indexed on first use.
fn loaded(version: u32) -> Option<&'static Arc<Catalog>> {
    if version == embedded::LATEST_VERSION {
        static LATEST: OnceLock<Arc<Catalog>> = OnceLock::new();
        Some(LATEST.get_or_init(|| Arc::new(Catalog::new(&embedded::LATEST))))
    } else {
        loaded_older(version)
    }
}

/// An older catalog version: only a document made before the newest one reads it. Never inlined,
/// and the only code that names the older catalogs, so that a start which opens no such document
/// leaves their statics out of the page's first load (scripts/split-data.mjs).
#[inline(never)]
fn loaded_older(version: u32) -> Option<&'static Arc<Catalog>> {
    static OLDER: OnceLock<Vec<Arc<Catalog>>> = OnceLock::new();
    let older = OLDER.get_or_init(|| {
        embedded::OLDER
            .iter()
            .map(|c| Arc::new(Catalog::new(c)))
            .collect()
    });
    older.iter().find(|c| c.version == version)
}

/// Every catalog version this build has, oldest first.
pub fn versions() -> impl Iterator<Item = u32> {
    embedded::VERSIONS.iter().copied()
}

/// The newest catalog: what new documents are made against.
pub fn latest_version() -> u32 {
    embedded::LATEST_VERSION
}

/// The catalog of that version; `None` for a version this build does not have (a document
/// from a newer release).
pub fn get(version: u32) -> Option<&'static Catalog> {
    loaded(version).map(|c| &**c)
}

/// The catalog a document is analysed against: its catalog version, plus the kinds it defines.
/// Without kinds of its own this is the shared embedded catalog (a reference count, no copy).
/// The document's cost model must be the one the catalog version is written for.
pub fn for_document(
    version: u32,
    cost_model: u32,
    kinds: &[CustomKind],
) -> Result<Arc<Catalog>, ModelError> {
    let base = loaded(version).ok_or(ModelError::UnknownCatalogVersion(version))?;
    if base.cost_model != cost_model {
        return Err(ModelError::CostModelMismatch {
            catalog_version: version,
            cost_model,
            catalog_model: base.cost_model,
        });
    }
    if kinds.is_empty() {
        Ok(Arc::clone(base))
    } else {
        base.with_custom_kinds(kinds).map(Arc::new)
    }
}

impl CatalogTexts {
    /// Reads the file the build writes (`catalog-texts.json`).
    pub fn from_json(json: &str) -> Result<CatalogTexts, String> {
        serde_json::from_str(json).map_err(|e| e.to_string())
    }
}

/// The words of every catalog version (sources', kinds'), as the build wrote them: what the page loads
/// after its first paint (`public/catalog-texts.json`), held here for native code (tests,
/// benchmarks, tools). The page's WebAssembly does not carry them.
#[cfg(not(target_arch = "wasm32"))]
pub fn embedded_catalog_texts() -> &'static CatalogTexts {
    static TEXTS: OnceLock<CatalogTexts> = OnceLock::new();
    TEXTS.get_or_init(|| {
        CatalogTexts::from_json(CATALOG_TEXTS_JSON)
            .expect("the build writes the catalog texts as JSON")
    })
}

/// The catalog texts file as the build wrote it.
#[cfg(not(target_arch = "wasm32"))]
const CATALOG_TEXTS_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/catalog-texts.json"));

/// The embedded built-in scenarios, in file-name order.
pub(crate) fn scenario_sources() -> &'static [crate::scenario::EmbeddedScenario] {
    embedded::SCENARIOS
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The site serves the catalog texts from `public/` (Trunk copies the file as it is), so
    /// the copy there must be what the build writes from `data/catalog`: when it is not, this
    /// rewrites it and fails, and the next run passes (commit the file).
    #[test]
    fn the_sites_copy_of_the_catalog_texts_is_current() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../public/catalog-texts.json");
        let committed = std::fs::read_to_string(path).unwrap_or_default();
        if committed != CATALOG_TEXTS_JSON {
            std::fs::write(path, CATALOG_TEXTS_JSON).expect("write public/catalog-texts.json");
            panic!("public/catalog-texts.json was not current: it has been rewritten, commit it");
        }
    }

    #[test]
    fn every_catalog_kind_capability_and_source_has_its_words_in_the_loaded_texts_and_none_in_the_statics(
    ) {
        let texts = embedded_catalog_texts();
        for version in versions() {
            let catalog = get(version).unwrap();
            for (index, kind) in catalog.kinds.iter().enumerate() {
                assert_eq!((&*kind.summary, &*kind.failure), ("", ""), "{}", kind.id);
                let words = catalog.kind_text(index, texts);
                assert!(
                    !words.summary.is_empty() && !words.failure.is_empty(),
                    "{}",
                    kind.id
                );
            }
            for capability in catalog.capabilities.iter() {
                assert_eq!(&*capability.summary, "", "{}", capability.id);
                let summary = catalog.capability_summary(capability, texts);
                assert!(!summary.is_empty(), "{}", capability.id);
                let unloaded = CatalogTexts::default();
                assert_eq!(catalog.capability_summary(capability, &unloaded), "");
            }
            for source in catalog.sources.iter() {
                assert_eq!(source.text, None, "{}", source.id);
                let text = catalog.source_text(&source.id, texts);
                assert!(text.is_some_and(|t| !t.title.is_empty()), "{}", source.id);
                assert!(catalog
                    .source_text(&source.id, &CatalogTexts::default())
                    .is_none());
            }
        }
    }

    /// The analysis reads a component's figures by place (`FigureName::index`).
    #[test]
    fn a_figure_name_s_index_is_its_place_in_all() {
        for (place, name) in FigureName::ALL.into_iter().enumerate() {
            assert_eq!(name.index(), place, "{name:?}");
        }
    }

    #[test]
    fn each_version_opens_its_own_catalog_and_the_newest_is_the_latest() {
        let listed: Vec<u32> = versions().collect();
        assert!(
            listed.len() >= 2,
            "an older catalog is embedded: {listed:?}"
        );
        assert!(
            listed.windows(2).all(|pair| pair[0] < pair[1]),
            "oldest first: {listed:?}"
        );
        assert_eq!(listed.last(), Some(&latest_version()));
        for version in listed {
            assert_eq!(get(version).map(|c| c.version), Some(version));
        }
        assert!(get(latest_version() + 1).is_none());
        assert!(get(0).is_none());
    }

    #[test]
    fn every_embedded_catalog_is_valid_and_indexed() {
        assert!(versions().count() >= 1);
        for version in versions() {
            let catalog = get(version).expect("embedded");
            catalog.validate().expect("valid");
            for (i, kind) in catalog.kinds.iter().enumerate() {
                assert_eq!(catalog.kind_position(&kind.id), Some(i));
            }
            for (i, capability) in catalog.capabilities.iter().enumerate() {
                assert_eq!(catalog.capability_position(&capability.id), Some(i));
            }
            for source in catalog.sources.iter() {
                assert_eq!(catalog.source(&source.id).map(|s| &s.id), Some(&source.id));
            }
            assert!(catalog.kind("no-such-kind").is_none());
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

    #[test]
    fn catalog_source_ids_cannot_clash_with_a_documents_sources() {
        for version in versions() {
            for source in get(version).unwrap().sources.iter() {
                assert!(!source.id.contains(':'), "{}", source.id);
            }
        }
    }

    #[test]
    fn a_document_without_kinds_shares_the_embedded_catalog() {
        let first = for_document(1, 1, &[]).unwrap();
        let second = for_document(1, 1, &[]).unwrap();
        assert!(Arc::ptr_eq(&first, &second), "no copy per analysis");
        assert!(first.custom_kinds().is_empty());
        assert_eq!(
            for_document(9999, 1, &[]).unwrap_err(),
            ModelError::UnknownCatalogVersion(9999)
        );
    }
}
