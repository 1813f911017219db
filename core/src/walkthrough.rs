//! A guided tour of one option for a newcomer: its components from the workload down, each
//! with why it is there, what it needs, what it costs and what breaks without it. The words
//! are plain text; the page shows them as text.

use crate::analysis::Analysis;
use crate::catalog::CatalogTexts;
use crate::format::{hours, money};
use crate::model::Relation;
use crate::render::{relation_phrase, why_here};

/// One stop of the tour.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    /// The component's index in its option's graph, and its id.
    pub component: usize,
    pub id: String,
    /// The component's label and its kind's name.
    pub title: String,
    pub kind: String,
    /// What it is (its kind's summary).
    pub what: String,
    pub why: String,
    pub needs: String,
    pub costs: String,
    pub breaks: String,
}

/// The option's components from the workload down, following what each needs: a tour starts
/// at what nothing else needs (the deepest first), and goes down through what it runs on, then
/// what it depends on, then what manages it, before the next thing nothing needs; each
/// component once. The graph is acyclic: the analysis refuses cycles.
pub fn order(analysis: &Analysis, option_index: usize) -> Vec<usize> {
    let option = &analysis.options[option_index];
    let count = option.components.len();
    // Depth: the longest chain of needs below a component. In a topological order every
    // component comes before what it needs, so going through it backwards sees the needs first.
    let mut depth = vec![0usize; count];
    if let Ok(sorted) = petgraph::algo::toposort(&option.graph.graph, None) {
        for node in sorted.into_iter().rev() {
            let i = node.index();
            depth[i] = option
                .graph
                .needs(i)
                .iter()
                .map(|&(j, _)| depth[j] + 1)
                .max()
                .unwrap_or(0);
        }
    }
    let mut roots: Vec<usize> = (0..count)
        .filter(|&i| option.graph.needed_by(i).is_empty())
        .collect();
    crate::order::sort_by_key(&mut roots, |&i| std::cmp::Reverse(depth[i]));
    // Anything not reached from a root (there is none in an acyclic graph) still gets a step.
    roots.extend(0..count);
    let rank = |relation: Relation| match relation {
        Relation::RunsOn => 0,
        Relation::DependsOn => 1,
        Relation::ManagedBy => 2,
    };
    let mut seen = vec![false; count];
    let mut order = Vec::with_capacity(count);
    for root in roots {
        // Depth-first, without recursion: a long chain cannot exhaust the stack.
        let mut stack = vec![root];
        while let Some(i) = stack.pop() {
            if std::mem::replace(&mut seen[i], true) {
                continue;
            }
            order.push(i);
            let mut needs = option.graph.needs(i).to_vec();
            crate::order::sort_by_key(&mut needs, |&(j, relation)| (rank(relation), j));
            stack.extend(
                needs
                    .into_iter()
                    .rev()
                    .map(|(j, _)| j)
                    .filter(|&j| !seen[j]),
            );
        }
    }
    order
}

/// The stop at component `index` (the page writes the step it shows, not the whole tour); what
/// the component is, as far as `texts` has its kind's words.
pub fn step(analysis: &Analysis, option_index: usize, index: usize, texts: &CatalogTexts) -> Step {
    let option = &analysis.options[option_index];
    let component = &option.graph.components[index];
    let report = &option.components[index];
    let kind = &analysis.catalog.kinds[component.kind];
    let label = |i: usize| option.graph.components[i].label.as_str();
    let component_needs = option.graph.needs(index);
    let needs = if component_needs.is_empty() {
        "It needs nothing else in this option.".to_string()
    } else {
        let said: Vec<String> = component_needs
            .iter()
            .map(|&(i, relation)| format!("{} {}", relation_phrase(relation, false), label(i)))
            .collect();
        format!("It {}.", said.join("; "))
    };
    let costs = match &component.provider {
        Some(provider) => format!(
            "{} runs it for {} a month; the team spends no hours on it.",
            provider.name,
            money(provider.price_month)
        ),
        None => format!(
            "{} a month of the team's time and {} a month in all, for {} instance{}.",
            hours(report.ops_hours_month),
            money(report.money_month),
            report.instances,
            if report.instances == 1 { "" } else { "s" }
        ),
    };
    let blast = option.blast(index);
    let names = |list: &[usize]| crate::format::named_few(list.iter().map(|&i| label(i)));
    let mut breaks = if blast.stops.is_empty() {
        "Without it, nothing else stops.".to_string()
    } else {
        format!("Without it, these stop: {}.", names(&blast.stops))
    };
    if !blast.degrades.is_empty() {
        breaks.push_str(&format!(
            " These keep running but cannot change: {}.",
            names(&blast.degrades)
        ));
    }
    Step {
        component: index,
        id: component.id.clone(),
        title: component.label.clone(),
        kind: kind.name.to_string(),
        what: analysis
            .catalog
            .kind_text(component.kind, texts)
            .summary
            .to_string(),
        why: why_here(analysis, option_index, index),
        needs,
        costs,
        breaks,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::analyse;
    use crate::scenario;

    #[test]
    fn the_tour_goes_from_the_workload_down() {
        let analysis = analyse(&scenario::landing().unwrap()).unwrap();
        let option = &analysis.options[1];
        let ids: Vec<&str> = order(&analysis, 1)
            .into_iter()
            .map(|i| option.graph.components[i].id.as_str())
            .collect();
        // The storage daemon runs on the node agent, which runs on systemd, on the server;
        // Ansible manages them, the control plane manages the agent; monitoring comes after,
        // with what it needs.
        assert_eq!(
            ids,
            [
                "storage",
                "node-agent",
                "systemd",
                "server",
                "ansible",
                "k8s-control-plane",
                "monitoring",
                "node-exporter"
            ]
        );
    }

    #[test]
    fn a_step_says_why_what_it_needs_costs_and_what_breaks() {
        let analysis = analyse(&scenario::landing().unwrap()).unwrap();
        let option = &analysis.options[1];
        let plane = step(
            &analysis,
            1,
            option.graph.index_of("k8s-control-plane").unwrap(),
            crate::catalog::embedded_catalog_texts(),
        );
        assert_eq!(plane.title, "Kubernetes control plane");
        assert_eq!(
            plane.why,
            "Pulled in: needed by Kubernetes node agent, whose kind cannot run without it."
        );
        assert_eq!(plane.needs, "It runs on Server.");
        assert_eq!(
            plane.costs,
            "22 h a month of the team's time and $1,650 a month in all, for 3 instances."
        );
        assert_eq!(
            plane.breaks,
            "Without it, nothing else stops. These keep running but cannot change: Kubernetes node agent, Storage daemon."
        );
    }
}
