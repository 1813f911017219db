//! The analysis after an edit (`analyse_after`) reuses the reports of the options the edit did
//! not touch, and gives exactly the numbers a fresh analysis gives.

use std::sync::Arc;

use overhead_core::analysis::{analyse, analyse_after, Analysis};
use overhead_core::edit::{apply, Command, ContextNumber};
use overhead_core::model::{CustomKind, Decision, Edge, FigureName, Relation};
use overhead_core::render::{graph_svg, DrawnFrom, GraphStyle};
use overhead_core::scenario;

mod support;

use support::kind;

/// Which options of `after` are the very reports of `before` (by option id).
fn reused(before: &Analysis, after: &Analysis) -> Vec<String> {
    after
        .options
        .iter()
        .filter(|o| {
            before
                .options
                .iter()
                .any(|b| Arc::ptr_eq(&b.components, &o.components))
        })
        .map(|o| o.id.clone())
        .collect()
}

/// Applies `command`, then analyses the result both ways: afresh, and after `previous`. They must
/// agree in every field; returns the one computed after `previous` and which options it reused.
fn edit_and_compare(
    decision: &mut Decision,
    previous: &Analysis,
    command: Command,
) -> (Analysis, Vec<String>) {
    let debug = format!("{command:?}");
    let name = debug
        .split([' ', '('])
        .next()
        .unwrap_or_default()
        .to_string();
    apply(decision, command).expect("the edit applies");
    let fresh = analyse(decision).expect("the edited document is valid");
    let after = analyse_after(decision, previous).expect("the edited document is valid");
    assert_eq!(
        format!("{fresh:?}"),
        format!("{after:?}"),
        "reusing reports changed the analysis after {name}"
    );
    assert_drawn_as_before_when_drawn_from_the_same(previous, &after, &name);
    let reused = reused(previous, &after);
    (after, reused)
}

/// Wherever an option of `after` is drawn from what an option of `before` was, both drawings
/// are the same: the page may keep the one it has.
fn assert_drawn_as_before_when_drawn_from_the_same(
    before: &Analysis,
    after: &Analysis,
    edit: &str,
) {
    let style = GraphStyle::Page { selected: None };
    for index in 0..after.options.len() {
        let from = DrawnFrom::of(after, index);
        for earlier in 0..before.options.len() {
            if DrawnFrom::of(before, earlier) == from {
                assert_eq!(
                    graph_svg(before, earlier, &style),
                    graph_svg(after, index, &style),
                    "option {index} after {edit} is drawn from the same as before, but differently"
                );
            }
        }
    }
}

/// The ids of the options of `after` drawn from the same as an option of `before`.
fn drawn_as_before(before: &Analysis, after: &Analysis) -> Vec<String> {
    (0..after.options.len())
        .filter(|&i| {
            let from = DrawnFrom::of(after, i);
            (0..before.options.len()).any(|j| DrawnFrom::of(before, j) == from)
        })
        .map(|i| after.options[i].id.clone())
        .collect()
}

fn mirror_kind(cores: f64) -> CustomKind {
    kind("mirror").figure(FigureName::Cores, cores).build()
}

#[test]
fn an_edit_recomputes_only_the_options_it_touches() {
    let mut d = scenario::landing().expect("the landing scenario");
    let first = analyse(&d).unwrap();
    let baseline = d.options[0].id.clone();
    let other = d.options[1].id.clone();

    let (after, kept) = edit_and_compare(
        &mut d,
        &first,
        Command::AddComponent {
            option: other.clone(),
            kind: "patroni".into(),
        },
    );
    assert_eq!(
        kept,
        [baseline.as_str()],
        "only the edited option is recomputed"
    );

    let (after, kept) = edit_and_compare(
        &mut d,
        &after,
        Command::RenameOption {
            option: other.clone(),
            name: "Kubernetes, renamed".into(),
        },
    );
    assert_eq!(
        kept,
        [baseline.as_str(), other.as_str()],
        "a rename recomputes nothing"
    );
    assert_eq!(after.options[1].name, "Kubernetes, renamed");

    let edge = Edge {
        from: "monitoring".into(),
        to: "server".into(),
        relation: Relation::RunsOn,
    };
    let (after, kept) = edit_and_compare(
        &mut d,
        &after,
        Command::Connect {
            option: baseline.clone(),
            edge,
        },
    );
    assert_eq!(kept, [other.as_str()]);

    let (context_edited, kept) = edit_and_compare(
        &mut d,
        &after,
        Command::SetNumber(ContextNumber::Servers, 31.0),
    );
    assert!(
        kept.is_empty(),
        "a context edit recomputes every option's numbers"
    );
    for (edited, before) in context_edited.options.iter().zip(&after.options) {
        assert!(
            Arc::ptr_eq(&edited.graph, &before.graph),
            "a context edit keeps every graph: {}",
            edited.id
        );
    }
    let after = context_edited;

    let (after, kept) = edit_and_compare(
        &mut d,
        &after,
        Command::SetBaseline {
            option: other.clone(),
        },
    );
    assert_eq!(
        kept.len(),
        2,
        "a new baseline recomputes only the comparisons"
    );

    let (after, kept) = edit_and_compare(
        &mut d,
        &after,
        Command::DuplicateOption {
            option: other.clone(),
        },
    );
    assert_eq!(
        kept.len(),
        3,
        "a copy of an option reuses its report: {kept:?}"
    );

    let (after, kept) = edit_and_compare(&mut d, &after, Command::DefineKind(mirror_kind(2.0)));
    assert!(
        kept.is_empty(),
        "a kind defined by the document recomputes every option"
    );

    let (after, kept) = edit_and_compare(&mut d, &after, Command::DefineKind(mirror_kind(2.0)));
    assert_eq!(kept.len(), 3, "the same kind defined again changes nothing");

    let (_, kept) = edit_and_compare(&mut d, &after, Command::DefineKind(mirror_kind(3.0)));
    assert!(
        kept.is_empty(),
        "a kind's new figure recomputes every option"
    );
}

/// The text editor replaces the whole document: the options it leaves as they were are reused,
/// though none of them is the same allocation any more.
#[test]
fn replacing_the_document_reuses_the_options_it_leaves_as_they_were() {
    let mut d = scenario::landing().expect("the landing scenario");
    let first = analyse(&d).unwrap();
    let mut replacement = d.clone();
    for option in &mut replacement.options {
        *option = overhead_core::model::Alternative::clone(option).into();
    }
    replacement.options[1].make_mut().components.pop();
    let (_, kept) = edit_and_compare(&mut d, &first, Command::Replace(Box::new(replacement)));
    assert_eq!(kept, [d.options[0].id.clone()]);
}

#[test]
fn a_drawing_is_kept_while_what_it_is_drawn_from_is_the_same() {
    let mut d = scenario::landing().expect("the landing scenario");
    let first = analyse(&d).unwrap();
    let (baseline, other) = (d.options[0].id.clone(), d.options[1].id.clone());

    let (after, _) = edit_and_compare(
        &mut d,
        &first,
        Command::AddComponent {
            option: other.clone(),
            kind: "patroni".into(),
        },
    );
    assert_eq!(drawn_as_before(&first, &after), [baseline.as_str()]);

    let (renamed, _) = edit_and_compare(
        &mut d,
        &after,
        Command::RenameOption {
            option: other.clone(),
            name: "Renamed".into(),
        },
    );
    assert_eq!(
        drawn_as_before(&after, &renamed),
        [baseline.as_str()],
        "a renamed option is drawn again: its name titles the drawing"
    );

    // What the baseline has decides what the other options add: they are drawn again.
    let (added_to_baseline, _) = edit_and_compare(
        &mut d,
        &renamed,
        Command::AddComponent {
            option: baseline.clone(),
            kind: "patroni".into(),
        },
    );
    assert!(drawn_as_before(&renamed, &added_to_baseline).is_empty());

    // A context edit recomputes every report, and keeps every graph: a drawing is made again
    // only where a single point of failure came or went.
    let (context_edited, _) = edit_and_compare(
        &mut d,
        &added_to_baseline,
        Command::SetNumber(ContextNumber::Servers, 30.0),
    );
    assert_eq!(
        drawn_as_before(&added_to_baseline, &context_edited),
        [baseline.as_str(), other.as_str()],
        "more servers make no single point of failure come or go"
    );
    let single_points = |analysis: &Analysis| -> Vec<usize> {
        analysis
            .options
            .iter()
            .map(|o| {
                o.components
                    .iter()
                    .filter(|c| c.single_point_of_failure)
                    .count()
            })
            .collect()
    };
    let (one_server, _) = edit_and_compare(
        &mut d,
        &context_edited,
        Command::SetNumber(ContextNumber::Servers, 1.0),
    );
    let (before, after) = (single_points(&context_edited), single_points(&one_server));
    assert!(
        before.iter().zip(&after).all(|(b, a)| a > b),
        "on one server, what runs once a server is a single point of failure: {before:?} {after:?}"
    );
    assert!(
        drawn_as_before(&context_edited, &one_server).is_empty(),
        "a single point of failure more is drawn"
    );
}
