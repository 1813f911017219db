//! The form that defines a kind in the document, for what the catalog lacks: name, category,
//! summary, scope, whether the team operates it, its figures (profile and footprint), what it
//! requires, what it provides, and the source or assumption behind the figures.
//!
//! The form checks what a person typing can get wrong (an empty name, category or source, a
//! figure that is not a number) and says so beside the field; everything else is the core's
//! `DefineKind`, whose refusal is shown under the Save button. It opens inside the palette and
//! Escape brings the palette back.

use std::collections::{BTreeMap, BTreeSet};

use leptos::ev::{KeyboardEvent, SubmitEvent};
use leptos::html;
use leptos::prelude::*;
use overhead_core::catalog;
use overhead_core::edit::{self, Command, KindForm as Fields, KindFormErrors as FieldErrors};
use overhead_core::model::{CustomKind, FigureName, KindRequirement, Relation, Scope};
use overhead_core::order;
use overhead_core::palette;

use super::{field_error, AppState};

/// What the form starts from.
#[derive(Clone, Debug, PartialEq)]
pub enum KindSeed {
    /// A new kind, its name prefilled (with what the search did not find).
    New { name: String },
    /// A kind of the document, to change; its id stays, since components use it.
    Edit(CustomKind),
}

fn scope_key(scope: Scope) -> &'static str {
    match scope {
        Scope::Cluster => "cluster",
        Scope::Server => "server",
        Scope::Service => "service",
    }
}

fn relation_key(relation: Relation) -> &'static str {
    match relation {
        Relation::RunsOn => "runs-on",
        Relation::DependsOn => "depends-on",
        Relation::ManagedBy => "managed-by",
    }
}

fn relation_from_key(key: &str) -> Relation {
    Relation::ALL
        .into_iter()
        .find(|r| relation_key(*r) == key)
        .unwrap_or_default()
}

/// A figure as the field shows it: Rust's shortest form, which reads back to the same number.
fn figure_text(value: f64) -> String {
    format!("{value}")
}

/// The form that defines a kind of the document, or changes one (`KindSeed`).
#[component]
pub fn KindEditor(
    seed: KindSeed,
    /// The name of the option the palette was opened for: a new kind is added to it.
    option_name: String,
    /// Back to the palette.
    on_close: Callback<()>,
    /// Adds a component of this kind to the option (and closes the palette).
    on_add: Callback<String>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let store = state.store;
    let (editing, initial) = match seed {
        KindSeed::New { name } => (None, CustomKind::named(name)),
        KindSeed::Edit(kind) => (Some(kind.id.clone()), kind),
    };
    let is_new = editing.is_none();
    let editing = StoredValue::new(editing);

    let name = RwSignal::new(initial.name);
    let category = RwSignal::new(initial.category);
    let summary = RwSignal::new(initial.summary);
    let scope = RwSignal::new(initial.scope);
    let managed = RwSignal::new(initial.managed);
    let pages = RwSignal::new(initial.pages);
    let cost_model = store.decision.with_untracked(|d| d.cost_model);
    // B-trees are extended, not collected: collecting sorts first, with a sort of its own
    // (`overhead_core::order`).
    let mut figure_texts = BTreeMap::new();
    figure_texts.extend(
        initial
            .figures
            .iter()
            .map(|(figure, value)| (*figure, figure_text(*value))),
    );
    let figures = RwSignal::new(figure_texts);
    let requires = RwSignal::new(initial.requires);
    let mut provided = BTreeSet::new();
    provided.extend(initial.provides);
    let provides = RwSignal::new(provided);
    let source = RwSignal::new(initial.source);
    let add_to_option = RwSignal::new(is_new);
    let errors = RwSignal::new(FieldErrors::default());

    // What the pickers offer: the document's catalog version and its own kinds, as they are when
    // the form opens (the document does not change while the form is open).
    let (catalog_version, document_kinds) = store
        .decision
        .with_untracked(|d| (d.catalog_version, d.kinds.clone()));
    let catalog = catalog::get(catalog_version);
    let mut categories = BTreeSet::new();
    if let Some(catalog) = catalog {
        categories.extend(catalog.kinds.iter().map(|k| k.category.to_string()));
    }
    categories.extend(document_kinds.iter().map(|k| k.category.clone()));
    let capabilities: Vec<(String, String, String)> = catalog
        .map(|c| {
            let mut list: Vec<_> = state.catalog_texts.with_untracked(|texts| {
                c.capabilities
                    .iter()
                    .map(|cap| {
                        (
                            cap.id.to_string(),
                            cap.name.to_string(),
                            c.capability_summary(cap, texts).to_string(),
                        )
                    })
                    .collect()
            });
            order::sort_by_key(&mut list, |a| a.1.to_lowercase());
            list
        })
        .unwrap_or_default();
    let own_id = editing.get_value();
    let mut kind_choices: Vec<(String, String)> = catalog
        .map(|c| palette::entries(c, &document_kinds))
        .unwrap_or_default()
        .into_iter()
        .filter(|e| Some(&e.kind) != own_id.as_ref())
        .map(|e| {
            let label = if e.custom {
                format!("{} ({}, defined in this document)", e.name, e.category)
            } else {
                format!("{} ({})", e.name, e.category)
            };
            (e.kind, label)
        })
        .collect();
    order::sort_by_key(&mut kind_choices, |a| a.1.to_lowercase());
    let kind_choices = StoredValue::new(kind_choices);
    let kind_label = move |kind: &str| {
        kind_choices.with_value(|choices| {
            choices
                .iter()
                .find(|(id, _)| id == kind)
                .map(|(_, label)| label.clone())
                .unwrap_or_else(|| kind.to_string())
        })
    };
    let pick_kind = RwSignal::new(String::new());
    let pick_relation = RwSignal::new(Relation::DependsOn);

    let id = move || {
        editing.get_value().unwrap_or_else(|| {
            name.with(|n| {
                store
                    .decision
                    .with(|d| edit::new_kind_id(d.catalog_version, &d.kinds, n))
            })
        })
    };

    let form: NodeRef<html::Form> = NodeRef::new();
    let name_input: NodeRef<html::Input> = NodeRef::new();
    Effect::new(move |_| {
        if let Some(input) = name_input.get() {
            let _ = input.focus();
        }
    });

    let save = move || {
        let fields = Fields {
            name: name.get_untracked(),
            category: category.get_untracked(),
            summary: summary.get_untracked(),
            scope: scope.get_untracked(),
            managed: managed.get_untracked(),
            pages: pages.get_untracked(),
            figures: figures.get_untracked(),
            requires: requires.get_untracked(),
            provides: provides.get_untracked(),
            source: source.get_untracked(),
        };
        let kind = match fields.check(id()) {
            Ok(kind) => kind,
            Err(found) => {
                errors.set(found);
                // Take the user to the first field to mend, once the page marks it invalid.
                request_animation_frame(move || {
                    if let Some(field) = form
                        .get_untracked()
                        .and_then(|f| f.query_selector("[aria-invalid=true]").ok().flatten())
                        .and_then(|e| {
                            wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok()
                        })
                    {
                        let _ = field.focus();
                    }
                });
                return;
            }
        };
        errors.set(FieldErrors::default());
        let kind_id = kind.id.clone();
        if !store.dispatch(Command::DefineKind(kind)) {
            // The store said why in its notice; say it here too, where the user is looking.
            let reason = store
                .notice
                .with_untracked(|n| n.as_ref().map(|n| n.text.clone()))
                .unwrap_or_else(|| "The kind was not defined.".into());
            errors.update(|e| e.refusal = Some(reason));
            return;
        }
        if add_to_option.get_untracked() {
            on_add.run(kind_id);
        } else {
            on_close.run(());
        }
    };
    let on_submit = move |event: SubmitEvent| {
        event.prevent_default();
        save();
    };
    let on_key = move |event: KeyboardEvent| {
        if event.key() == "Escape" {
            event.prevent_default();
            // The palette closes on Escape; here Escape only leaves the form.
            event.stop_propagation();
            on_close.run(());
        }
    };

    let add_requirement = move || {
        let kind = pick_kind.get_untracked();
        if kind.is_empty() {
            return;
        }
        requires.update(|list| {
            if !list.iter().any(|r| r.kind == kind) {
                list.push(KindRequirement {
                    kind,
                    relation: pick_relation.get_untracked(),
                });
            }
        });
        pick_kind.set(String::new());
    };

    let heading = if is_new {
        "Define a new kind"
    } else {
        "Edit a kind defined in this document"
    };

    view! {
        <form
            node_ref=form
            class="kind-form"
            data-testid="kind-form"
            aria-label=heading
            novalidate=true
            on:submit=on_submit
            on:keydown=on_key
        >
            <p class="hint">
                "For what the catalog lacks. The kind travels with the document (links, drafts, exports). "
                "Escape goes back to the search."
            </p>
            <div class="kind-grid">
                <div class="field">
                <label>
                    <span>"Name"</span>
                    <input
                        node_ref=name_input
                        type="text"
                        data-testid="kind-name"
                        required=true
                        aria-invalid=move || errors.with(|e| e.name.is_some()).to_string()
                        aria-describedby="kind-name-error"
                        prop:value=move || name.get()
                        on:input=move |ev| name.set(event_target_value(&ev))
                    />
                </label>
                {move || field_error(Some("kind-name-error"), errors.with(|e| e.name.clone()))}
                </div>
                <p class="kind-id">
                    "Id: " <code data-testid="kind-id">{id}</code>
                    {if is_new {
                        " (from the name; components and the model text use it)"
                    } else {
                        " (kept: components use it)"
                    }}
                </p>
                <div class="field">
                <label>
                    <span>"Category"</span>
                    <input
                        type="text"
                        data-testid="kind-category"
                        list="kind-categories"
                        required=true
                        placeholder="e.g. compute, storage, observability"
                        aria-invalid=move || errors.with(|e| e.category.is_some()).to_string()
                        aria-describedby="kind-category-error"
                        prop:value=move || category.get()
                        on:input=move |ev| category.set(event_target_value(&ev))
                    />
                </label>
                    <datalist id="kind-categories">
                        {categories
                            .into_iter()
                            .map(|c| view! { <option value=c></option> })
                            .collect_view()}
                    </datalist>
                    {move || field_error(Some("kind-category-error"), errors.with(|e| e.category.clone()))}
                </div>
                <label class="wide">
                    <span>"Summary: what it is, for a newcomer"</span>
                    <input
                        type="text"
                        data-testid="kind-summary"
                        prop:value=move || summary.get()
                        on:input=move |ev| summary.set(event_target_value(&ev))
                    />
                </label>
                <label>
                    <span>"Instances by default"</span>
                    <select
                        data-testid="kind-scope"
                        prop:value=move || scope_key(scope.get())
                        on:change=move |ev| {
                            let chosen = match event_target_value(&ev).as_str() {
                                "server" => Scope::Server,
                                "service" => Scope::Service,
                                _ => Scope::Cluster,
                            };
                            scope.set(chosen);
                        }
                    >
                        {[
                            (Scope::Cluster, "one per cluster"),
                            (Scope::Server, "one on every server"),
                            (Scope::Service, "one per service"),
                        ]
                            .into_iter()
                            .map(|(value, label)| {
                                view! {
                                    <option value=scope_key(value) selected={scope.get_untracked() == value}>
                                        {label}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
                <label class="check">
                    <input
                        type="checkbox"
                        data-testid="kind-managed"
                        prop:checked=move || managed.get()
                        on:change=move |ev| managed.set(event_target_checked(&ev))
                    />
                    <span>"The team operates it (untick for hardware or what a provider runs)"</span>
                </label>
                <Show when=move || { cost_model >= 2 }>
                    <label class="check">
                        <input
                            type="checkbox"
                            data-testid="kind-pages"
                            prop:checked=move || pages.get()
                            on:change=move |ev| pages.set(event_target_checked(&ev))
                        />
                        <span>"Its failures page someone at any hour (it needs on-call cover)"</span>
                    </label>
                </Show>
            </div>

            <fieldset class="kind-figures">
                <legend>"Figures per instance (empty = not set, counted as zero)"</legend>
                <div class="kind-grid">
                    {FigureName::of_model(cost_model)
                        .iter()
                        .copied()
                        .map(|figure| {
                            let error_id = format!("kind-figure-error-{}", figure.key());
                            let described = error_id.clone();
                            // The labels are ASCII: no Unicode case table for them.
                            let mut label = figure.label().to_string();
                            if let Some(first) = label.get_mut(..1) {
                                first.make_ascii_uppercase();
                            }
                            view! {
                                <div class="field">
                                <label>
                                    <span>{label}</span>
                                    <input
                                        type="text"
                                        inputmode="decimal"
                                        data-testid="kind-figure"
                                        data-figure=figure.key()
                                        aria-invalid=move || {
                                            errors.with(|e| e.figures.contains_key(&figure)).to_string()
                                        }
                                        aria-describedby=described
                                        prop:value=move || {
                                            figures.with(|f| f.get(&figure).cloned().unwrap_or_default())
                                        }
                                        on:input=move |ev| {
                                            let text = event_target_value(&ev);
                                            figures.update(|f| {
                                                f.insert(figure, text);
                                            });
                                        }
                                    />
                                </label>
                                    {move || {
                                        errors
                                            .with(|e| e.figures.get(&figure).cloned())
                                            .map(|m| {
                                                view! {
                                                    <p
                                                        id=error_id.clone()
                                                        class="field-error"
                                                        data-testid="error"
                                                        role="alert"
                                                    >
                                                        {m}
                                                    </p>
                                                }
                                            })
                                    }}
                                </div>
                            }
                        })
                        .collect_view()}
                </div>
            </fieldset>

            <fieldset class="kind-requires">
                <legend>"Requires (pulled into an option that uses this kind)"</legend>
                <ul>
                    {move || {
                        requires
                            .get()
                            .into_iter()
                            .map(|requirement| {
                                let kind = requirement.kind.clone();
                                let label = kind_label(&kind);
                                let for_relation = kind.clone();
                                let for_remove = kind.clone();
                                view! {
                                    <li data-testid="kind-requirement" data-kind=kind.clone()>
                                        <span>{label.clone()}</span>
                                        <select
                                            data-testid="kind-requirement-relation"
                                            aria-label=format!("How it relates to {label}")
                                            on:change=move |ev| {
                                                let relation = relation_from_key(&event_target_value(&ev));
                                                requires.update(|list| {
                                                    if let Some(r) = list.iter_mut().find(|r| r.kind == for_relation) {
                                                        r.relation = relation;
                                                    }
                                                });
                                            }
                                        >
                                            {Relation::ALL
                                                .into_iter()
                                                .map(|r| {
                                                    view! {
                                                        <option value=relation_key(r) selected={r == requirement.relation}>
                                                            {r.label()}
                                                        </option>
                                                    }
                                                })
                                                .collect_view()}
                                        </select>
                                        <button
                                            type="button"
                                            class="small"
                                            data-testid="kind-requirement-remove"
                                            aria-label=format!("Remove the requirement on {label}")
                                            on:click=move |_| {
                                                requires.update(|list| list.retain(|r| r.kind != for_remove));
                                            }
                                        >
                                            "Remove"
                                        </button>
                                    </li>
                                }
                            })
                            .collect_view()
                    }}
                </ul>
                <div class="edit-row">
                    <label>
                        <span>"Kind it requires"</span>
                        <select
                            data-testid="kind-require-kind"
                            prop:value=move || pick_kind.get()
                            on:change=move |ev| pick_kind.set(event_target_value(&ev))
                        >
                            <option value="">"Choose a kind…"</option>
                            {move || {
                                let taken = requires.with(|list| {
                                    list.iter().map(|r| r.kind.clone()).collect::<Vec<_>>()
                                });
                                kind_choices
                                    .get_value()
                                    .into_iter()
                                    .filter(|(kind, _)| !taken.contains(kind))
                                    .map(|(kind, label)| view! { <option value=kind>{label}</option> })
                                    .collect_view()
                            }}
                        </select>
                    </label>
                    <label>
                        <span>"Relation"</span>
                        <select
                            data-testid="kind-require-relation"
                            prop:value=move || relation_key(pick_relation.get())
                            on:change=move |ev| pick_relation.set(relation_from_key(&event_target_value(&ev)))
                        >
                            {Relation::ALL
                                .into_iter()
                                .map(|r| {
                                    view! {
                                        <option value=relation_key(r) selected={r == Relation::DependsOn}>
                                            {r.label()}
                                        </option>
                                    }
                                })
                                .collect_view()}
                        </select>
                    </label>
                    <button
                        type="button"
                        class="small"
                        data-testid="kind-require-add"
                        disabled=move || pick_kind.with(String::is_empty)
                        on:click=move |_| add_requirement()
                    >
                        "Add the requirement"
                    </button>
                </div>
            </fieldset>

            <fieldset class="kind-provides">
                <legend>"Provides (each capability counts once per option)"</legend>
                <div class="kind-checks">
                    {capabilities
                        .into_iter()
                        .map(|(capability, label, summary)| {
                            let checked_id = capability.clone();
                            let toggled_id = capability.clone();
                            view! {
                                <label class="check" title=summary>
                                    <input
                                        type="checkbox"
                                        data-testid="kind-provides"
                                        data-capability=capability
                                        prop:checked=move || provides.with(|p| p.contains(&checked_id))
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            provides.update(|p| {
                                                if on {
                                                    p.insert(toggled_id.clone());
                                                } else {
                                                    p.remove(&toggled_id);
                                                }
                                            });
                                        }
                                    />
                                    <span>{label}</span>
                                </label>
                            }
                        })
                        .collect_view()}
                </div>
            </fieldset>

            <div class="field wide">
            <label>
                <span>"Source of the figures"</span>
                <input
                    type="text"
                    data-testid="kind-source"
                    required=true
                    placeholder="An address (https://…) or “ASSUMPTION: ” and your reasoning"
                    aria-invalid=move || errors.with(|e| e.source.is_some()).to_string()
                    aria-describedby="kind-source-error"
                    prop:value=move || source.get()
                    on:input=move |ev| source.set(event_target_value(&ev))
                />
            </label>
            {move || field_error(Some("kind-source-error"), errors.with(|e| e.source.clone()))}
            </div>

            {is_new
                .then(|| {
                    view! {
                        <label class="check">
                            <input
                                type="checkbox"
                                data-testid="kind-add-to-option"
                                prop:checked=move || add_to_option.get()
                                on:change=move |ev| add_to_option.set(event_target_checked(&ev))
                            />
                            <span>{format!("Also add it to “{option_name}”")}</span>
                        </label>
                    }
                })}
            {move || field_error(Some("kind-save-error"), errors.with(|e| e.refusal.clone()))}
            <div class="kind-actions">
                <button type="submit" class="primary" data-testid="kind-save">
                    {if is_new { "Save the kind" } else { "Save changes" }}
                </button>
                <button type="button" class="small" data-testid="kind-cancel" on:click=move |_| on_close.run(())>
                    "Back to the search"
                </button>
            </div>
        </form>
    }
}
