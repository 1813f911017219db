//! What an option's drawing is made from, held by identity, so that the page keeps a drawing
//! while nothing it is made from changed (an edit of another option, of the context's numbers
//! that no count follows, of the record's words).

use std::sync::Arc;

use crate::analysis::{Analysis, ComponentReport};
use crate::catalog::Catalog;
use crate::graph::ResolvedGraph;

/// Option `index`'s drawing is made from: the option's report (its graph, and its components'
/// single points of failure), the baseline's graph (what the option adds is marked), the catalog
/// (kind names and categories), and the option's place, id and name. An analysis that reused
/// these ([`crate::analysis::analyse_after`]) draws the option exactly as before.
#[derive(Clone)]
pub struct DrawnFrom {
    index: usize,
    id: String,
    name: String,
    graph: Arc<ResolvedGraph>,
    components: Arc<Vec<ComponentReport>>,
    /// None for the baseline itself, which adds nothing.
    baseline: Option<Arc<ResolvedGraph>>,
    catalog: Arc<Catalog>,
}

impl DrawnFrom {
    pub fn of(analysis: &Analysis, index: usize) -> Option<DrawnFrom> {
        let option = analysis.options.get(index)?;
        Some(DrawnFrom {
            index,
            id: option.id.clone(),
            name: option.name.clone(),
            graph: Arc::clone(&option.graph),
            components: Arc::clone(&option.components),
            baseline: (index != analysis.baseline).then(|| Arc::clone(&analysis.baseline().graph)),
            catalog: Arc::clone(&analysis.catalog),
        })
    }
}

impl PartialEq for DrawnFrom {
    fn eq(&self, other: &DrawnFrom) -> bool {
        let same_baseline = match (&self.baseline, &other.baseline) {
            (Some(a), Some(b)) => Arc::ptr_eq(a, b),
            (None, None) => true,
            _ => false,
        };
        self.index == other.index
            && self.id == other.id
            && self.name == other.name
            && Arc::ptr_eq(&self.graph, &other.graph)
            && Arc::ptr_eq(&self.components, &other.components)
            && same_baseline
            && self.catalog.same_as(&other.catalog)
    }
}
