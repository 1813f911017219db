//! The panel a click on a component opens: what it is, why it is there, what it needs, what it
//! is made of, what it costs (with the source of every figure) and what breaks when it fails.

use leptos::ev::KeyboardEvent;
use leptos::html;
use leptos::prelude::*;
use overhead_core::analysis::{Analysis, Provenance};
use overhead_core::catalog::PARTS_SOURCE;
use overhead_core::format::{hours, money, number};
use overhead_core::graph::Origin;
use overhead_core::model::Relation;

use super::AppState;

#[component]
pub fn DetailsPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let heading: NodeRef<html::H2> = NodeRef::new();
    // Move focus into the panel when it opens, so keyboard and screen-reader users land on it,
    // and keep the chosen component in sight while the page makes room for the panel.
    Effect::new(move |_| {
        if let Some(selection) = state.selection.get() {
            if let Some(h) = heading.get() {
                let _ = h.focus();
            }
            reveal(&selection);
        }
    });
    let close = move || state.selection.set(None);
    move || {
        let selection = state.selection.get()?;
        let computed = state.computed.get();
        let analysis = computed.0.as_ref().as_ref().ok()?;
        let option = analysis.options.get(selection.option)?;
        let index = option.graph.index_of(&selection.component)?;
        Some(view! {
            <aside
                class="details"
                data-testid="component-details"
                aria-label="Component details"
                on:keydown=move |ev: KeyboardEvent| {
                    if ev.key() == "Escape" {
                        close();
                    }
                }
            >
                <button class="close" aria-label="Close details" on:click=move |_| close()>"×"</button>
                {details(analysis, selection.option, index, heading, state)}
            </aside>
        })
    }
}

/// Scrolls the selected node into the middle of the view.
fn reveal(selection: &super::Selection) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let selector = format!("#option-{} [data-testid=graph-node]", selection.option);
    let Ok(nodes) = document.query_selector_all(&selector) else {
        return;
    };
    for i in 0..nodes.length() {
        let Some(element) = nodes
            .item(i)
            .and_then(|n| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(n).ok())
        else {
            continue;
        };
        if element.get_attribute("data-id").as_deref() == Some(selection.component.as_str()) {
            let options = web_sys::ScrollIntoViewOptions::new();
            options.set_block(web_sys::ScrollLogicalPosition::Center);
            options.set_inline(web_sys::ScrollLogicalPosition::Nearest);
            element.scroll_into_view_with_scroll_into_view_options(&options);
            return;
        }
    }
}

fn relation_phrase(relation: Relation, incoming: bool) -> &'static str {
    match (relation, incoming) {
        (Relation::RunsOn, true) => "runs on it",
        (Relation::DependsOn, true) => "depends on it",
        (Relation::ManagedBy, true) => "is managed by it",
        (Relation::RunsOn, false) => "runs on",
        (Relation::DependsOn, false) => "depends on",
        (Relation::ManagedBy, false) => "is managed by",
    }
}

fn details(
    analysis: &Analysis,
    option_index: usize,
    index: usize,
    heading: NodeRef<html::H2>,
    state: AppState,
) -> impl IntoView {
    let catalog = analysis.catalog;
    let option = &analysis.options[option_index];
    let component = &option.graph.components[index];
    let report = &option.components[index];
    let kind = &catalog.kinds[component.kind];
    let label_of = |i: usize| option.graph.components[i].label.clone();
    let added = analysis.is_added(option_index, index);

    let why = match &component.origin {
        Origin::PulledIn { by } => {
            let names: Vec<String> = by
                .iter()
                .filter_map(|id| option.graph.index_of(id))
                .map(label_of)
                .collect();
            format!(
                "Pulled in: needed by {}, whose kind cannot run without it.",
                names.join(", ")
            )
        }
        Origin::Declared => "Part of the option as drawn.".to_string(),
    };
    let needed_by = report
        .needed_by
        .iter()
        .map(
            |&(i, relation)| view! { <li>{label_of(i)} " " {relation_phrase(relation, true)}</li> },
        )
        .collect_view();
    let needs = report
        .needs
        .iter()
        .map(|&(i, relation)| view! { <li>{relation_phrase(relation, false)} " " {label_of(i)}</li> })
        .collect_view();
    let parts = kind
        .parts
        .iter()
        .filter_map(|id| catalog.kind(id))
        .map(|part| {
            let cores = part.figures.cores.as_ref().map_or(0.0, |f| f.value);
            let memory = part.figures.memory_gib.as_ref().map_or(0.0, |f| f.value);
            let footprint = if part.footprint_rule.is_some() {
                "the node reservation for the server's size".to_string()
            } else {
                format!("{} cores, {} GiB each", number(cores), number(memory))
            };
            let source = part
                .figures
                .memory_gib
                .as_ref()
                .or(part.figures.cores.as_ref())
                .and_then(|f| catalog.source(&f.source))
                .map(|s| format!(" — {}", s.title));
            view! {
                <li>
                    <strong>{part.name.clone()}</strong>
                    ": " {part.summary.clone()}
                    <span class="muted">" (" {footprint} {source} ")"</span>
                </li>
            }
        })
        .collect_view();

    let figure_rows = report
        .figures
        .iter()
        .filter(|line| !(line.provenance == Provenance::NotSet && line.value == 0.0))
        .map(|line| {
            let source = match &line.provenance {
                Provenance::Override => view! { <span class="override">"your override"</span> }.into_any(),
                Provenance::NotSet => view! { <span class="muted">"not set"</span> }.into_any(),
                Provenance::Rule(rule) => view! { <span>{*rule}</span> }.into_any(),
                Provenance::Catalog(id) if *id == PARTS_SOURCE => {
                    view! { <span>"sum of its parts"</span> }.into_any()
                }
                Provenance::Catalog(id) => match catalog.source(id) {
                    Some(source) => {
                        let tag = source.tag.label();
                        let title = source.title.clone();
                        match source.url.clone() {
                            Some(url) => view! {
                                <span class="tag">{tag}</span> " "
                                <a href=url target="_blank" rel="noopener noreferrer">{title}</a>
                            }
                            .into_any(),
                            None => view! { <span class="tag">{tag}</span> " " <span>{title}</span> }.into_any(),
                        }
                    }
                    None => view! { <span>{*id}</span> }.into_any(),
                },
            };
            view! {
                <tr>
                    <th scope="row">{line.name.label()}</th>
                    <td class="num">{number(line.value)}</td>
                    <td class="source">{source}</td>
                </tr>
            }
        })
        .collect_view();

    let blast = if report.blast_radius.is_empty() {
        "Nothing else stops when it fails.".to_string()
    } else {
        format!(
            "Stops with it: {}.",
            report
                .blast_radius
                .iter()
                .map(|&i| label_of(i))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    let operated = match &component.provider {
        Some(provider) => format!(
            "run by {} for {} a month",
            provider.name,
            money(provider.price_month)
        ),
        None if kind.managed => "operated by the team".to_string(),
        None => "not a component the team operates on its own".to_string(),
    };

    let declared = matches!(component.origin, Origin::Declared);
    let option_id = option.id.clone();
    let component_id = component.id.clone();
    let relabel = move |ev: leptos::ev::Event| {
        let label = event_target_value(&ev);
        let (option_id, component_id) = (option_id.clone(), component_id.clone());
        state.store.edit("component-label", move |d| {
            let component = d
                .options
                .iter_mut()
                .find(|o| o.id == option_id)
                .and_then(|o| o.components.iter_mut().find(|c| c.id == component_id));
            if let Some(component) = component {
                component.label = (!label.trim().is_empty()).then_some(label);
            }
        });
    };
    view! {
        <h2 node_ref=heading tabindex="-1">{component.label.clone()}</h2>
        {declared.then(|| view! {
            <label class="label-edit">
                <span>"Label"</span>
                <input data-testid="component-label" value=component.label.clone() on:change=relabel/>
            </label>
        })}
        <p class="kind-line">
            {kind.name.clone()} " · " {kind.category.clone()} " · ×" {component.instances} " · " {operated}
        </p>
        <p class="badges">
            {added.then(|| view! { <span class="badge added">"added by this option"</span> })}
            {matches!(component.origin, Origin::PulledIn { .. })
                .then(|| view! { <span class="badge pulled">"pulled in"</span> })}
            {report.single_point_of_failure
                .then(|| view! { <span class="badge spof">"single point of failure"</span> })}
        </p>
        <section>
            <h3>"What it is"</h3>
            <p>{kind.summary.clone()}</p>
        </section>
        <section>
            <h3>"Why it is here"</h3>
            <p>{why}</p>
            {(!report.needed_by.is_empty()).then(|| view! { <ul class="plain">{needed_by}</ul> })}
        </section>
        <section>
            <h3>"What it needs"</h3>
            {if report.needs.is_empty() {
                view! { <p class="muted">"Nothing else in this option."</p> }.into_any()
            } else {
                view! { <ul class="plain">{needs}</ul> }.into_any()
            }}
        </section>
        {(!kind.parts.is_empty()).then(|| view! {
            <section>
                <h3>"What it is made of"</h3>
                <ul class="parts">{parts}</ul>
            </section>
        })}
        <section>
            <h3>"What it costs to run"</h3>
            <table class="costs">
                <tbody>
                    <tr><th scope="row">"Ops hours a month"</th><td class="num">{hours(report.ops_hours_month)}</td><td>{money(report.labour_month)} " of engineer time"</td></tr>
                    <tr><th scope="row">"Capacity"</th><td class="num">{number(report.cores)} " cores, " {number(report.memory_gib)} " GiB"</td><td>{money(report.capacity_month)} " a month"</td></tr>
                    <tr><th scope="row">"Licences"</th><td class="num">{money(report.licence_month)}</td><td></td></tr>
                    <tr><th scope="row">"Provider"</th><td class="num">{money(report.provider_month)}</td><td></td></tr>
                    <tr class="total"><th scope="row">"Total a month"</th><td class="num">{money(report.money_month)}</td><td></td></tr>
                </tbody>
            </table>
            <h4>"Figures per instance, and where they come from"</h4>
            <table class="figures">
                <tbody>{figure_rows}</tbody>
            </table>
        </section>
        <section>
            <h3>"When it fails"</h3>
            <p>{kind.failure.clone()}</p>
            <p>{blast}</p>
        </section>
    }
}
