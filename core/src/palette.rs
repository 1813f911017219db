//! Finding a kind to add: the palette's search over the catalog and the document's own kinds,
//! by name, id, category and capability ("autoscaling" lists what provides it). Also the
//! filter of the long lists of components a user narrows by typing ([`first_matching`]).

use crate::catalog::Catalog;
use crate::model::CustomKind;

/// A kind the palette offers.
#[derive(Clone, Debug, PartialEq)]
pub struct PaletteEntry {
    pub kind: String,
    pub name: String,
    pub category: String,
    /// Names of the capabilities it provides.
    pub provides: Vec<String>,
    /// Defined in the document rather than the catalog.
    pub custom: bool,
}

impl PaletteEntry {
    /// Lower-case text the query is matched against.
    fn haystack(&self) -> String {
        let mut text = format!("{} {} {}", self.name, self.kind, self.category);
        for capability in &self.provides {
            text.push(' ');
            text.push_str(capability);
        }
        text.to_lowercase()
    }
}

/// Every kind a document can use: the catalog's, then its own.
pub fn entries(catalog: &Catalog, custom: &[CustomKind]) -> Vec<PaletteEntry> {
    let capability_name = |id: &str| {
        catalog
            .capability_position(id)
            .map(|i| catalog.capabilities[i].name.to_string())
            .unwrap_or_else(|| id.to_string())
    };
    let from_catalog = catalog
        .kinds
        .iter()
        // Kinds that exist only as parts of another are not offered on their own.
        .filter(|k| {
            !catalog
                .kinds
                .iter()
                .any(|other| other.parts.contains(&k.id))
        })
        .map(|k| PaletteEntry {
            kind: k.id.to_string(),
            name: k.name.to_string(),
            category: k.category.to_string(),
            provides: k.provides.iter().map(|c| capability_name(c)).collect(),
            custom: false,
        });
    let from_document = custom.iter().map(|k| PaletteEntry {
        kind: k.id.clone(),
        name: k.name.clone(),
        category: k.category.clone(),
        provides: k.provides.iter().map(|c| capability_name(c)).collect(),
        custom: true,
    });
    from_catalog.chain(from_document).collect()
}

/// The entries matching every word of `query`, best first: a name or id that starts with the
/// query, then a word of the name, then anything else that matches (category, capability, id). An
/// empty query lists everything by category and name.
pub fn search(entries: &[PaletteEntry], query: &str) -> Vec<usize> {
    let query = query.trim().to_lowercase();
    let words: Vec<&str> = query.split_whitespace().collect();
    let mut found: Vec<(u8, &str, &str, usize)> = entries
        .iter()
        .enumerate()
        .filter(|(_, entry)| {
            let haystack = entry.haystack();
            words.iter().all(|word| haystack.contains(word))
        })
        .map(|(index, entry)| {
            let name = entry.name.to_lowercase();
            let rank =
                if query.is_empty() || name.starts_with(&query) || entry.kind.starts_with(&query) {
                    0
                } else if name
                    .split(|c: char| !c.is_alphanumeric())
                    .any(|w| w.starts_with(&query))
                {
                    1
                } else {
                    2
                };
            (rank, entry.category.as_str(), entry.name.as_str(), index)
        })
        .collect();
    if query.is_empty() {
        crate::order::sort_by(&mut found, |a, b| (a.1, a.2).cmp(&(b.1, b.2)));
    } else {
        crate::order::sort_by(&mut found, |a, b| (a.0, a.2).cmp(&(b.0, b.2)));
    }
    found.into_iter().map(|(_, _, _, index)| index).collect()
}

/// What a reader finds in a long list by typing part of its name.
pub trait Findable {
    /// Whether it holds `typed`, which is trimmed and lowercase.
    fn holds(&self, typed: &str) -> bool;
}

/// An `(id, label)` pair holds what its id or its label holds, whatever the case.
impl Findable for (String, String) {
    fn holds(&self, typed: &str) -> bool {
        self.0.to_lowercase().contains(typed) || self.1.to_lowercase().contains(typed)
    }
}

/// A text holds what it holds, whatever the case.
impl Findable for String {
    fn holds(&self, typed: &str) -> bool {
        self.to_lowercase().contains(typed)
    }
}

/// Of `items`, the first `at_most` that hold `typed` (whatever the case), and how many more do:
/// a list of thousands (an overview's kind, the components to connect to, the figures to sweep)
/// shows a few hundred at most and is narrowed by typing.
pub fn first_matching<'a, T: Findable>(
    items: &'a [T],
    typed: &str,
    at_most: usize,
) -> (Vec<&'a T>, usize) {
    let typed = typed.trim().to_lowercase();
    let mut matching = items
        .iter()
        .filter(|item| typed.is_empty() || item.holds(&typed));
    let first: Vec<_> = matching.by_ref().take(at_most).collect();
    (first, matching.count())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog;
    use crate::model::Scope;

    #[test]
    fn a_long_list_shows_its_first_matches_and_counts_the_rest() {
        let items: Vec<(String, String)> = (0..1_000)
            .map(|i| (format!("db-{i}"), format!("Database {i}")))
            .collect();
        let (first, more) = first_matching(&items, "", 300);
        assert_eq!((first.len(), more), (300, 700));
        assert_eq!(first[0].0, "db-0");
        let (first, more) = first_matching(&items, " DATABASE 99", 300);
        let ids: Vec<&str> = first.iter().map(|(id, _)| id.as_str()).collect();
        assert_eq!(
            (ids, more),
            (
                vec![
                    "db-99", "db-990", "db-991", "db-992", "db-993", "db-994", "db-995", "db-996",
                    "db-997", "db-998", "db-999"
                ],
                0
            )
        );
        assert_eq!(first_matching(&items, "nothing", 300), (vec![], 0));
    }

    fn catalog_entries() -> Vec<PaletteEntry> {
        entries(catalog::get(1).unwrap(), &[])
    }

    fn kinds_found(entries: &[PaletteEntry], query: &str) -> Vec<String> {
        search(entries, query)
            .into_iter()
            .map(|i| entries[i].kind.clone())
            .collect()
    }

    #[test]
    fn finds_by_name_first() {
        let entries = catalog_entries();
        let found = kinds_found(&entries, "patroni");
        assert_eq!(found.first().map(String::as_str), Some("patroni"));
        let found = kinds_found(&entries, "PATR");
        assert_eq!(found.first().map(String::as_str), Some("patroni"));
    }

    #[test]
    fn finds_by_capability() {
        let entries = catalog_entries();
        let found = kinds_found(&entries, "autoscaling");
        assert!(!found.is_empty(), "something provides autoscaling");
        for kind in &found {
            let entry = entries.iter().find(|e| &e.kind == kind).unwrap();
            assert!(
                entry.haystack().contains("autoscaling"),
                "{kind} matched without the word"
            );
        }
        assert!(
            found.iter().any(|k| k.starts_with("k8s")),
            "Kubernetes provides autoscaling: {found:?}"
        );
    }

    #[test]
    fn finds_by_category_and_needs_every_word() {
        let entries = catalog_entries();
        let category = entries[0].category.clone();
        let found = kinds_found(&entries, &category);
        assert!(found.contains(&entries[0].kind));
        assert!(kinds_found(&entries, "patroni zzzz").is_empty());
    }

    #[test]
    fn empty_query_lists_everything_and_parts_are_not_offered() {
        let entries = catalog_entries();
        assert_eq!(search(&entries, "  ").len(), entries.len());
        // etcd is a part of the control plane; the palette offers the etcd cluster instead.
        assert!(!entries.iter().any(|e| e.kind == "kube-apiserver"));
    }

    #[test]
    fn custom_kinds_are_offered() {
        let custom = CustomKind {
            id: "batch-runner".into(),
            name: "Batch runner".into(),
            category: "compute".into(),
            summary: String::new(),
            scope: Scope::Cluster,
            managed: true,
            pages: false,
            requires: Vec::new(),
            provides: vec!["autoscaling".into()],
            figures: Default::default(),
            source: "ASSUMPTION".into(),
        };
        let entries = entries(catalog::get(1).unwrap(), &[custom]);
        let found = kinds_found(&entries, "batch");
        assert_eq!(found, vec!["batch-runner".to_string()]);
        assert!(entries.last().unwrap().custom);
    }
}
