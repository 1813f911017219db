//! An index from ids to the order they were added in, compact and shared by the resolved
//! graph and the catalog: one hash table type for both, so that the page carries one copy of
//! its code.

use std::hash::BuildHasher;

use hashbrown::hash_table::{Entry, HashTable};

/// Ids to their indexes, which are the order they were added in: a resolved option's
/// components (`graph.rs`), a catalog's kinds, capabilities and sources (`catalog`).
///
/// Kept small enough to stay in the processor's cache while tens of thousands of edges are
/// resolved: the ids side by side in one string, and a table of indexes into it (four bytes
/// each). A map from owned strings, each on its own in the heap, took two cache misses a
/// lookup: half the resolution of a model at the limits.
#[derive(Clone)]
pub(crate) struct IdIndex {
    ids: String,
    /// Id `i` is `ids[ends[i - 1]..ends[i]]` (from 0 for the first).
    ends: Vec<u32>,
    table: HashTable<u32>,
    hasher: foldhash::fast::RandomState,
}

impl IdIndex {
    pub(crate) fn with_capacity(count: usize) -> IdIndex {
        IdIndex {
            ids: String::with_capacity(count * 8),
            ends: Vec::with_capacity(count),
            table: HashTable::with_capacity(count),
            hasher: foldhash::fast::RandomState::default(),
        }
    }

    fn id<'a>(ids: &'a str, ends: &[u32], index: u32) -> &'a str {
        let index = index as usize;
        let start = if index == 0 { 0 } else { ends[index - 1] };
        &ids[start as usize..ends[index] as usize]
    }

    pub(crate) fn get(&self, id: &str) -> Option<usize> {
        let hash = self.hasher.hash_one(id);
        self.table
            .find(hash, |&i| Self::id(&self.ids, &self.ends, i) == id)
            .map(|&i| i as usize)
    }

    /// Adds `id` with the next index, or says that it is already there.
    pub(crate) fn add(&mut self, id: &str) -> Result<(), DuplicateId> {
        let hash = self.hasher.hash_one(id);
        let IdIndex {
            ids,
            ends,
            table,
            hasher,
        } = self;
        match table.entry(
            hash,
            |&i| Self::id(ids, ends, i) == id,
            |&i| hasher.hash_one(Self::id(ids, ends, i)),
        ) {
            Entry::Occupied(_) => Err(DuplicateId),
            Entry::Vacant(slot) => {
                // At most `MAX_COMPONENTS_PER_OPTION` ids of at most a document's text, or a
                // catalog's: far below 4 GiB.
                slot.insert(ends.len() as u32);
                ids.push_str(id);
                ends.push(ids.len() as u32);
                Ok(())
            }
        }
    }
}

pub(crate) struct DuplicateId;

/// Shows the ids in their order; the table is derived from them.
impl std::fmt::Debug for IdIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let ids = (0..self.ends.len()).map(|i| Self::id(&self.ids, &self.ends, i as u32));
        f.debug_list().entries(ids).finish()
    }
}
