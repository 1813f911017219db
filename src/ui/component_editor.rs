//! The editing part of a component's details: remove it, connect and disconnect it, set its
//! count and provider, override any catalog figure. Every control dispatches one command of the
//! core; what it shows is read from the analysis and the document.

use leptos::html;
use leptos::prelude::*;
use overhead_core::analysis::Analysis;
use overhead_core::catalog::CatalogTexts;
use overhead_core::decimal;
use overhead_core::edit::Command;
use overhead_core::format;
use overhead_core::graph::Origin;
use overhead_core::model::{
    Bounds, ComponentUse, Count, Edge, FigureName, PerWhat, Provider, Relation,
};
use overhead_core::palette::first_matching;
use overhead_core::render::{changed_span, select_options};

use super::{field_error, focus_add_button, more_to_find, AppState, FindField, Latest, Store};

/// Which component the editor is for, by the ids commands use.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Target {
    pub option: String,
    pub component: String,
}

/// What the editor shows, as values: equal values need no new editor.
#[derive(Clone, PartialEq)]
pub(super) struct EditorData {
    pub target: Target,
    /// The component as the option declares it; none when a requirement pulled it in.
    used: Option<ComponentUse>,
    /// Why a pulled-in component is there, in a sentence.
    pulled_in_by: Option<String>,
    defaults: Vec<(FigureName, Option<(f64, String)>)>,
    /// Every kind it could be given: (id, name), the catalog's then the document's own.
    kinds: Vec<(String, String)>,
}

impl EditorData {
    /// The editor's data; figures cite their sources by title as far as `texts` has them.
    /// Never inlined into the details panel's memo, which every start runs (to find nothing
    /// chosen): made apart, like `deferred_code::view_apart`'s views, it loads with the deferred
    /// part.
    #[inline(never)]
    pub fn of(
        analysis: &Analysis,
        store: &Store,
        option_index: usize,
        index: usize,
        texts: &CatalogTexts,
    ) -> EditorData {
        let option = &analysis.options[option_index];
        let component = &option.graph.components[index];
        let used = store.decision.with_untracked(|d| {
            d.option(&option.id)
                .and_then(|o| o.components.iter().find(|c| c.id == component.id).cloned())
        });
        EditorData {
            target: Target {
                option: option.id.clone(),
                component: component.id.clone(),
            },
            used,
            pulled_in_by: match &component.origin {
                Origin::PulledIn { by } => Some(format!(
                    "Pulled in because {} {} it.",
                    format::named_few(by.iter().map(String::as_str)),
                    if by.len() == 1 { "requires" } else { "require" }
                )),
                Origin::Declared => None,
            },
            defaults: figure_defaults(analysis, option_index, index, texts),
            kinds: analysis
                .catalog
                .kinds
                .iter()
                .map(|kind| (kind.id.to_string(), kind.name.to_string()))
                .collect(),
        }
    }
}

/// The connections option `option_index` draws from component `index`, as the document says
/// them.
pub(super) fn drawn_from(
    analysis: &Analysis,
    store: &Store,
    option_index: usize,
    index: usize,
) -> Vec<Edge> {
    let option = &analysis.options[option_index];
    let from = &option.graph.components[index].id;
    store.decision.with_untracked(|d| {
        d.option(&option.id)
            .map(|o| {
                o.edges
                    .iter()
                    .filter(|e| e.from == *from)
                    .cloned()
                    .collect()
            })
            .unwrap_or_default()
    })
}

/// The components the selected one can be connected to: (id, what the choice says).
pub(super) fn connect_choices(
    analysis: &Analysis,
    option_index: usize,
    index: usize,
) -> Vec<(String, String)> {
    let components = &analysis.options[option_index].graph.components;
    let selected = &components[index].id;
    components
        .iter()
        .filter(|c| c.id != *selected)
        .map(|c| (c.id.clone(), format!("{} ({})", c.label, c.id)))
        .collect()
}

/// More changed choices than this are written anew, in one go, rather than one by one.
const CHOICES_PATCHED_AT_MOST: usize = 16;

/// A first list of more choices than this is filled after the panel is painted.
const CHOICES_FILLED_AFTER_PAINT_ABOVE: usize = 200;

/// At most this many components are offered to connect to at once; typing finds the others (ten
/// thousand choices took the browser a quarter of a second to parse, style and lay out).
const CHOICES_LISTED_AT_MOST: usize = 300;

/// Shows `new` as the choices of `select`, which shows `old`: only the choices that changed are
/// touched, and what was chosen stays chosen while it is there.
fn show_choices(
    select: &web_sys::HtmlSelectElement,
    old: &[(String, String)],
    new: &[(String, String)],
) {
    let span = changed_span(old, new);
    if span.removed == 0 && span.added == 0 {
        return;
    }
    if old.is_empty() || span.removed + span.added > CHOICES_PATCHED_AT_MOST {
        let chosen = select.value();
        select.set_inner_html(select_options(new).as_str());
        if !chosen.is_empty() {
            select.set_value(&chosen);
            if select.selected_index() < 0 {
                select.set_selected_index(0);
            }
        }
        return;
    }
    for _ in 0..span.removed {
        select.remove_with_index(span.at as i32);
    }
    for (offset, (value, text)) in new[span.at..span.at + span.added].iter().enumerate() {
        if let Ok(choice) = web_sys::HtmlOptionElement::new_with_text_and_value(text, value) {
            let _ = select
                .add_with_html_option_element_and_opt_i32(&choice, Some((span.at + offset) as i32));
        }
    }
}

pub(super) fn component_editor(
    data: EditorData,
    choices: Memo<Vec<(String, String)>>,
    drawn: Memo<Vec<Edge>>,
) -> impl IntoView {
    let EditorData {
        target,
        used,
        pulled_in_by,
        defaults,
        kinds,
    } = data;
    view! {
        <section class="editor" aria-label="Edit this component">
            <h3>"Edit"</h3>
            {match (used, pulled_in_by) {
                (Some(used), _) => view! {
                    <RemoveButton target=target.clone()/>
                    <KindEditor target=target.clone() kind=used.kind.clone() kinds=kinds/>
                    <CountEditor target=target.clone() count=used.count/>
                    <ProviderEditor target=target.clone() provider=used.provider.clone()/>
                    <OverrideEditor target=target.clone() used=used defaults=defaults/>
                }
                .into_any(),
                (None, by) => view! {
                    <p class="hint">
                        {by.unwrap_or_default()}
                        " Add this kind from the palette to set its count, provider or figures."
                    </p>
                }
                .into_any(),
            }}
            <ConnectEditor target=target choices=choices drawn=drawn/>
        </section>
    }
}

/// Each figure's catalog default with the title of its source (its id while the titles are not
/// loaded), or none when the catalog gives no figure.
fn figure_defaults(
    analysis: &Analysis,
    option_index: usize,
    index: usize,
    texts: &CatalogTexts,
) -> Vec<(FigureName, Option<(f64, String)>)> {
    let catalog = &analysis.catalog;
    let kind = &catalog.kinds[analysis.options[option_index].graph.components[index].kind];
    FigureName::of_model(catalog.cost_model)
        .iter()
        .map(|&name| {
            let default = kind.figures.get(name).map(|figure| {
                let source = catalog
                    .source_text(&figure.source, texts)
                    .map(|s| s.title.to_string())
                    .unwrap_or_else(|| figure.source.to_string());
                (figure.value, source)
            });
            (name, default)
        })
        .collect()
}

/// The component's kind, which can be changed: an imported service no rule mapped is of the
/// generic kind until the user gives it one.
#[component]
fn KindEditor(target: Target, kind: String, kinds: Vec<(String, String)>) -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <div class="edit-row">
            <label>
                <span>"Kind"</span>
                <select
                    data-testid="component-kind"
                    on:change=move |ev| {
                        state.store.dispatch(Command::SetKind {
                            option: target.option.clone(),
                            component: target.component.clone(),
                            kind: event_target_value(&ev),
                        });
                    }
                >
                    {kinds
                        .into_iter()
                        .map(|(id, name)| {
                            let selected = id == kind;
                            view! { <option value=id selected=selected>{name}</option> }
                        })
                        .collect_view()}
                </select>
            </label>
        </div>
    }
}

#[component]
fn RemoveButton(target: Target) -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <button
            class="small danger"
            data-testid="remove-component"
            on:click=move |_| {
                let removed = state.store.dispatch(Command::RemoveComponent {
                    option: target.option.clone(),
                    component: target.component.clone(),
                });
                if removed {
                    if let Some(selection) = state.selection.get_untracked() {
                        focus_add_button(selection.option);
                    }
                    state.selection.set(None);
                }
            }
        >
            "Remove this component"
        </button>
    }
}

fn count_mode(count: Count) -> &'static str {
    match count {
        Count::Default => "default",
        Count::Fixed(_) => "fixed",
        Count::Per(PerWhat::PerServer) => "per-server",
        Count::Per(PerWhat::PerService) => "per-service",
    }
}

#[component]
fn CountEditor(target: Target, count: Count) -> impl IntoView {
    let state = expect_context::<AppState>();
    let store = state.store;
    let error = RwSignal::new(None::<String>);
    let set = {
        let target = target.clone();
        move |count: Count| {
            store.dispatch(Command::SetCount {
                option: target.option.clone(),
                component: target.component.clone(),
                count,
            });
        }
    };
    let fixed = match count {
        Count::Fixed(n) => n.to_string(),
        _ => String::new(),
    };
    let set_mode = set.clone();
    view! {
        <div class="edit-row">
            <label>
                <span>"Instances"</span>
                <select
                    data-testid="component-count-mode"
                    on:change=move |ev| {
                        let count = match event_target_value(&ev).as_str() {
                            "fixed" => Count::Fixed(1),
                            "per-server" => Count::Per(PerWhat::PerServer),
                            "per-service" => Count::Per(PerWhat::PerService),
                            _ => Count::Default,
                        };
                        set_mode(count);
                    }
                >
                    {[
                        ("default", "the kind's default"),
                        ("fixed", "a fixed number"),
                        ("per-server", "one per server"),
                        ("per-service", "one per service"),
                    ]
                        .into_iter()
                        .map(|(value, label)| {
                            view! {
                                <option value=value selected={count_mode(count) == value}>
                                    {label}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            <label>
                <span>"Number"</span>
                <input
                    type="number"
                    min="0"
                    step="1"
                    inputmode="numeric"
                    data-testid="component-count"
                    placeholder="default"
                    prop:value=fixed
                    on:change=move |ev| {
                        let text = event_target_value(&ev);
                        if text.trim().is_empty() {
                            error.set(None);
                            set(Count::Default);
                            return;
                        }
                        match text.trim().parse::<u32>() {
                            Ok(n) => {
                                error.set(None);
                                set(Count::Fixed(n));
                            }
                            Err(_) => error.set(Some("Enter a whole number, zero or more.".into())),
                        }
                    }
                />
            </label>
            {move || field_error(None, error.get())}
        </div>
    }
}

#[component]
fn ProviderEditor(target: Target, provider: Option<Provider>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let store = state.store;
    let name = RwSignal::new(
        provider
            .as_ref()
            .map(|p| p.name.clone())
            .unwrap_or_default(),
    );
    let price = RwSignal::new(provider.as_ref().map_or(0.0, |p| p.price_month));
    let error = RwSignal::new(None::<String>);
    let send = move || {
        let name = name.get_untracked();
        let provider = (!name.trim().is_empty()).then(|| Provider {
            name,
            price_month: price.get_untracked(),
        });
        store.dispatch(Command::SetProvider {
            option: target.option.clone(),
            component: target.component.clone(),
            provider,
        });
    };
    let send_price = send.clone();
    view! {
        <div class="edit-row">
            <label>
                <span>"Run by a provider"</span>
                <input
                    data-testid="component-provider"
                    placeholder="no: the team runs it"
                    prop:value=name.get_untracked()
                    on:change=move |ev| {
                        name.set(event_target_value(&ev));
                        send();
                    }
                />
            </label>
            <label>
                <span>"Price a month ($)"</span>
                <input
                    type="number"
                    min="0"
                    step="any"
                    data-testid="component-provider-price"
                    prop:value=price.get_untracked()
                    on:change=move |ev| {
                        match decimal::parse(&event_target_value(&ev)) {
                            Some(value) if value.is_finite() && value >= 0.0 => {
                                error.set(None);
                                price.set(value);
                                if !name.get_untracked().trim().is_empty() {
                                    send_price();
                                }
                            }
                            _ => error.set(Some("Enter a price, zero or more.".into())),
                        }
                    }
                />
            </label>
            {move || field_error(None, error.get())}
        </div>
    }
}

#[component]
fn OverrideEditor(
    target: Target,
    used: ComponentUse,
    defaults: Vec<(FigureName, Option<(f64, String)>)>,
) -> impl IntoView {
    let rows = defaults
        .into_iter()
        .map(|(figure, default)| {
            let current = used.overrides.get(&figure).copied();
            let range = used.ranges.get(&figure).copied();
            view! { <OverrideRow target=target.clone() figure=figure current=current range=range default=default/> }
        })
        .collect_view();
    view! {
        <details class="overrides">
            <summary>"Figures: override the catalog's"</summary>
            <table>
                <thead>
                    <tr>
                        <th scope="col">"Figure"</th>
                        <th scope="col">"Catalog (source)"</th>
                        <th scope="col">"This component"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </details>
    }
}

#[component]
fn OverrideRow(
    target: Target,
    figure: FigureName,
    current: Option<f64>,
    range: Option<Bounds>,
    default: Option<(f64, String)>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let store = state.store;
    let error = RwSignal::new(None::<String>);
    let key = figure.key();
    let overridden = current.is_some();
    let (default_text, source) = match &default {
        Some((value, source)) => (format::number(*value), source.clone()),
        None => ("not set (0)".to_string(), String::new()),
    };
    let reset_target = target.clone();
    let range_target = target.clone();
    let input_id = format!("override-{key}");
    view! {
        <tr class:overridden=overridden>
            <th scope="row"><label for=input_id.clone()>{figure.label()}</label></th>
            <td>
                {default_text}
                {(!source.is_empty()).then(|| view! { <span class="source">" (" {source} ")"</span> })}
            </td>
            <td>
                <input
                    id=input_id
                    type="number"
                    min="0"
                    step="any"
                    data-testid="override"
                    data-figure=key
                    placeholder="catalog"
                    prop:value=current.map(format_plain)
                    on:change=move |ev| {
                        let text = event_target_value(&ev);
                        let command = if text.trim().is_empty() {
                            Command::ResetOverride {
                                option: target.option.clone(),
                                component: target.component.clone(),
                                figure,
                            }
                        } else {
                            match decimal::parse(&text) {
                                Some(value) => Command::Override {
                                    option: target.option.clone(),
                                    component: target.component.clone(),
                                    figure,
                                    value,
                                },
                                None => {
                                    error.set(Some(format!("{}: enter a number", figure.label())));
                                    return;
                                }
                            }
                        };
                        error.set(None);
                        store.dispatch(command);
                    }
                />
                <super::ranges::RangeInputs
                    label=figure.label().to_string()
                    testid=Some("override".to_string())
                    figure=key
                    scale=1.0
                    bounds=Signal::stored(range)
                    set=Callback::new(move |bounds| {
                        store.dispatch(Command::SetFigureRange {
                            option: range_target.option.clone(),
                            component: range_target.component.clone(),
                            figure,
                            bounds,
                        })
                    })
                />
                {overridden.then(|| view! {
                    <span class="badge overridden-mark">"overridden"</span>
                    <button
                        class="link-button"
                        data-testid="override-reset"
                        data-figure=key
                        on:click=move |_| {
                            store.dispatch(Command::ResetOverride {
                                option: reset_target.option.clone(),
                                component: reset_target.component.clone(),
                                figure,
                            });
                        }
                    >
                        "reset"
                    </button>
                })}
                {move || field_error(None, error.get())}
            </td>
        </tr>
    }
}

/// A number as the document holds it, without thousands separators (an input's value).
fn format_plain(value: f64) -> String {
    format!("{value}")
}

#[component]
fn ConnectEditor(
    target: Target,
    choices: Memo<Vec<(String, String)>>,
    drawn: Memo<Vec<Edge>>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let store = state.store;
    // The choices are parsed in one go (a model of a thousand components has a thousand); after
    // that, an edit adds or removes the few that changed.
    let target_select: NodeRef<html::Select> = NodeRef::new();
    let shown = StoredValue::new(Vec::<(String, String)>::new());
    let filling = Latest::new();
    let filter = RwSignal::new(String::new());
    let long_list = Memo::new(move |_| choices.with(|c| c.len() > CHOICES_LISTED_AT_MOST));
    // The choices offered, and how many more match what is typed.
    let listed = Memo::new(move |_| {
        choices.with(|all| {
            let (first, more) =
                filter.with(|typed| first_matching(all, typed, CHOICES_LISTED_AT_MOST));
            (first.into_iter().cloned().collect::<Vec<_>>(), more)
        })
    });
    Effect::new(move |_| {
        let Some(select) = target_select.get() else {
            return;
        };
        let show = move || {
            listed.with_untracked(|(new, _)| {
                shown.update_value(|old| {
                    show_choices(&select, old, new);
                    old.clone_from(new);
                })
            })
        };
        listed.track();
        // Hundreds of choices cost the browser a style and layout pass of their own: the first
        // fill of a long list waits until the opened panel is painted.
        let first_of_many = shown.with_value(Vec::is_empty)
            && listed.with_untracked(|(c, _)| c.len() > CHOICES_FILLED_AFTER_PAINT_ABOVE);
        if first_of_many {
            filling.after_next_paint(show);
        } else {
            filling.now();
            show();
        }
    });
    let relation = RwSignal::new(Relation::DependsOn);
    let connect_target = target.clone();
    // The list follows the document where it is shown: a connection made or removed here
    // adds or removes its row, and nothing else of the panel is built again.
    let edge_row = move |edge: Edge| {
        let target = target.clone();
        let to = edge.to.clone();
        view! {
            <li>
                {edge.relation.label()} " " <code>{edge.to.clone()}</code> " "
                <button
                    class="link-button"
                    data-testid="disconnect"
                    data-to=edge.to.clone()
                    aria-label=format!("Disconnect from {}", edge.to)
                    on:click=move |_| {
                        store.dispatch(Command::Disconnect {
                            option: target.option.clone(),
                            from: target.component.clone(),
                            to: to.clone(),
                        });
                    }
                >
                    "disconnect"
                </button>
            </li>
        }
    };
    view! {
        <div class="connect">
            <h4>"Connections drawn from it"</h4>
            <ul class="plain">
                <For
                    each=move || drawn.get()
                    key=|edge| (edge.to.clone(), edge.relation.label())
                    children=edge_row
                />
            </ul>
            <div class="edit-row">
                <label>
                    <span>"It"</span>
                    <select
                        data-testid="connect-relation"
                        on:change=move |ev| {
                            let chosen = event_target_value(&ev);
                            if let Some(r) = Relation::ALL.into_iter().find(|r| r.label() == chosen) {
                                relation.set(r);
                            }
                        }
                    >
                        {Relation::ALL
                            .into_iter()
                            .map(|r| view! { <option value=r.label() selected={r == Relation::DependsOn}>{r.label()}</option> })
                            .collect_view()}
                    </select>
                </label>
                {move || long_list.get().then(|| view! {
                    <FindField label="Find" testid="connect-filter" placeholder="id or name" filter=filter/>
                })}
                <label>
                    <span>"Component"</span>
                    <select class="choices" data-testid="connect-target" node_ref=target_select></select>
                </label>
                <button
                    class="small"
                    data-testid="connect"
                    on:click=move |_| {
                        store.dispatch(Command::Connect {
                            option: connect_target.option.clone(),
                            edge: Edge {
                                from: connect_target.component.clone(),
                                to: target_select
                                    .get_untracked()
                                    .map(|select| select.value())
                                    .unwrap_or_default(),
                                relation: relation.get_untracked(),
                            },
                        });
                    }
                >
                    "Connect"
                </button>
            </div>
            {move || more_to_find(listed.with(|(_, more)| *more))}
        </div>
    }
}
