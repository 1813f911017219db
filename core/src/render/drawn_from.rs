//! What an option's drawing is made from, held by identity (and the little it reads of the
//! numbers, by value), so that the page keeps a drawing while nothing it is made from changed:
//! an edit of another option, of the record's words, of the context's numbers (a node says how
//! its component scales, not how many instances it has).

use std::sync::Arc;

use crate::analysis::Analysis;
use crate::catalog::Catalog;
use crate::graph::ResolvedGraph;

/// Option `index`'s drawing is made from: the option's graph, which of its components are single
/// points of failure (the only thing it reads of the numbers), the baseline's graph (what the
/// option adds is marked), the catalog (kind names and categories), and the option's place, id
/// and name. An analysis with the same of each draws the option exactly as before: after an
/// edit of the context's numbers (`crate::analysis::analyse_after` keeps the graphs), the page
/// redraws no graph unless a single point of failure came or went.
#[derive(Clone)]
pub struct DrawnFrom {
    index: usize,
    id: String,
    name: String,
    graph: Arc<ResolvedGraph>,
    single_points_of_failure: Vec<bool>,
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
            single_points_of_failure: option
                .components
                .iter()
                .map(|report| report.single_point_of_failure)
                .collect(),
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
            && self.single_points_of_failure == other.single_points_of_failure
            && same_baseline
            && self.catalog.same_as(&other.catalog)
    }
}
