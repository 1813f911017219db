//! The searchable palette that adds a component to an option. Keyboard first: type to filter,
//! arrows to move, Enter to add, Escape to close. The search itself is the core's
//! (`palette::search`); this view only shows it and dispatches `AddComponent`.
//!
//! When the catalog lacks a kind, "Define a new kind…" (or Enter on a search that found nothing)
//! opens the kind form (`kind_editor`) in the palette's place. The document's own kinds are
//! listed under the results, to edit or remove.

use leptos::ev::KeyboardEvent;
use leptos::html;
use leptos::prelude::*;
use overhead_core::catalog;
use overhead_core::edit::Command;
use overhead_core::palette::{self, PaletteEntry};

use super::deferred_code::view_apart;
use super::kind_editor::{KindEditor, KindSeed};
use super::{field_error, focus_add_button, AppState, Selection};

#[component]
pub fn Palette() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        let option_index = state.palette.get()?;
        Some(view_apart(
            || view! { <PaletteDialog option_index=option_index/> },
        ))
    }
}

#[component]
fn PaletteDialog(option_index: usize) -> impl IntoView {
    let state = expect_context::<AppState>();
    let store = state.store;
    let entries = Memo::new(move |_| {
        store.decision.with(|d| {
            catalog::get(d.catalog_version)
                .map(|catalog| palette::entries(catalog, &d.kinds))
                .unwrap_or_default()
        })
    });
    let query = RwSignal::new(String::new());
    let active = RwSignal::new(0usize);
    let found = Memo::new(move |_| entries.with(|e| query.with(|q| palette::search(e, q))));
    // The kind form, when open, takes the search's place in the dialog.
    let kind_form = RwSignal::new(None::<KindSeed>);
    // The core's refusal to remove a kind, shown beside that kind: (kind id, reason).
    let remove_refused = RwSignal::new(None::<(String, String)>);
    let search: NodeRef<html::Input> = NodeRef::new();
    Effect::new(move |_| {
        if let Some(input) = search.get() {
            let _ = input.focus();
        }
    });
    let option = move || {
        store.decision.with(|d| {
            d.options
                .get(option_index)
                .map(|o| (o.id.clone(), o.name.clone()))
        })
    };
    let close = move || {
        state.palette.set(None);
        focus_add_button(option_index);
    };
    let add = move |kind: String| {
        let Some((option_id, _)) = option() else {
            return;
        };
        // Focus leaves the dialog before anything changes: a focused element taken out of the
        // page makes the browser lay the page out there and then, which on a big graph just
        // patched costs tens of milliseconds; now the layout has nothing new to do.
        focus_add_button(option_index);
        let added = store.dispatch(Command::AddComponent {
            option: option_id.clone(),
            kind,
        });
        state.palette.set(None);
        if added {
            // Open the new component, so that its requirements and costs are in view.
            let new_id = store.decision.with_untracked(|d| {
                d.options
                    .get(option_index)
                    .and_then(|o| o.components.last())
                    .map(|c| c.id.clone())
            });
            // The panel opens once the numbers are painted: on a big model, opening it takes
            // longer than a frame, and the edit's answer must not wait for it.
            if let Some(component) = new_id {
                store.after_numbers_painted(move || {
                    state.selection.set(Some(Selection {
                        option: option_index,
                        component,
                    }))
                });
            }
        }
    };
    // A new kind starts from what the search did not find; a search that found something is a
    // filter, not a name.
    let define = move || {
        let name = if found.with(Vec::is_empty) {
            query.get_untracked().trim().to_string()
        } else {
            String::new()
        };
        remove_refused.set(None);
        kind_form.set(Some(KindSeed::New { name }));
    };
    let edit_kind = move |id: String| {
        let kind = store
            .decision
            .with_untracked(|d| d.kinds.iter().find(|k| k.id == id).cloned());
        if let Some(kind) = kind {
            remove_refused.set(None);
            kind_form.set(Some(KindSeed::Edit(kind)));
        }
    };
    let remove_kind = move |id: String| {
        if store.dispatch(Command::RemoveKind { kind: id.clone() }) {
            remove_refused.set(None);
            if let Some(input) = search.get_untracked() {
                let _ = input.focus();
            }
        } else {
            let reason = store
                .notice
                .with_untracked(|n| n.as_ref().map(|n| n.text.clone()))
                .unwrap_or_else(|| "The kind was not removed.".into());
            remove_refused.set(Some((id, reason)));
        }
    };
    // The list's keys belong to the search field (a combobox): Enter on a button elsewhere in
    // the dialog must press that button, not add the highlighted kind.
    let on_search_key = move |event: KeyboardEvent| {
        let count = found.with(Vec::len);
        match event.key().as_str() {
            "ArrowDown" => {
                event.prevent_default();
                active.update(|a| *a = if count == 0 { 0 } else { (*a + 1) % count });
            }
            "ArrowUp" => {
                event.prevent_default();
                active.update(|a| {
                    *a = if count == 0 {
                        0
                    } else {
                        (*a + count - 1) % count
                    }
                });
            }
            "Enter" => {
                event.prevent_default();
                let kind = found.with(|f| {
                    f.get(active.get_untracked())
                        .and_then(|&i| entries.with(|e| e.get(i).map(|e| e.kind.clone())))
                });
                match kind {
                    Some(kind) => add(kind),
                    None => define(),
                }
            }
            _ => {}
        }
    };
    let on_key = move |event: KeyboardEvent| {
        if event.key() == "Escape" {
            event.prevent_default();
            close();
        }
    };
    let title =
        move || match kind_form.with(|f| f.as_ref().map(|s| matches!(s, KindSeed::New { .. }))) {
            Some(true) => "Define a kind the catalog lacks".to_string(),
            Some(false) => "Change a kind of this document".to_string(),
            None => option()
                .map(|(_, name)| format!("Add a component to “{name}”"))
                .unwrap_or_default(),
        };
    let search_view = move || {
        view! {
            <input
                node_ref=search
                type="search"
                data-testid="palette-search"
                role="combobox"
                aria-expanded="true"
                aria-controls="palette-list"
                aria-autocomplete="list"
                aria-label="Search kinds by name, category or capability"
                aria-activedescendant=move || format!("palette-item-{}", active.get())
                placeholder="Search by name, category or capability (e.g. autoscaling)"
                prop:value=move || query.get()
                on:input=move |ev| {
                    query.set(event_target_value(&ev));
                    active.set(0);
                }
                on:keydown=on_search_key
            />
            <div class="palette-define">
                <p class="palette-count" aria-live="polite">
                    {move || match found.with(Vec::len) {
                        0 => format!("No kind matches “{}”.", query.get().trim()),
                        1 => "1 kind".to_string(),
                        n => format!("{n} kinds"),
                    }}
                </p>
                <button
                    type="button"
                    class="small"
                    class:primary=move || found.with(Vec::is_empty)
                    data-testid="kind-define"
                    on:click=move |_| define()
                >
                    {move || {
                        let typed = query.get().trim().to_string();
                        if found.with(Vec::is_empty) && !typed.is_empty() {
                            format!("Define “{typed}” as a new kind…")
                        } else {
                            "Define a new kind…".to_string()
                        }
                    }}
                </button>
            </div>
            <ul id="palette-list" role="listbox" aria-label="Kinds">
                {move || {
                    found
                        .get()
                        .into_iter()
                        .enumerate()
                        .filter_map(|(position, index)| {
                            let entry = entries.with(|e| e.get(index).cloned())?;
                            Some(palette_item(entry, position, active, add))
                        })
                        .collect_view()
                }}
            </ul>
            {move || {
                let own: Vec<(String, String, String)> = store.decision.with(|d| {
                    d.kinds
                        .iter()
                        .map(|k| (k.id.clone(), k.name.clone(), k.category.clone()))
                        .collect()
                });
                (!own.is_empty()).then(|| {
                    view! {
                        <section class="palette-own" aria-labelledby="palette-own-title">
                            <h3 id="palette-own-title">"Kinds defined in this document"</h3>
                            <ul>
                                {own
                                    .into_iter()
                                    .map(|(id, name, category)| {
                                        own_kind_row(id, name, category, remove_refused, edit_kind, remove_kind)
                                    })
                                    .collect_view()}
                            </ul>
                        </section>
                    }
                })
            }}
            <button class="small" on:click=move |_| close()>"Close"</button>
        }
    };
    view! {
        <div class="palette-backdrop" on:click=move |_| close()></div>
        <div
            class="palette"
            data-testid="palette"
            role="dialog"
            aria-modal="true"
            aria-labelledby="palette-title"
            on:keydown=on_key
        >
            <h2 id="palette-title">{title}</h2>
            {move || match kind_form.get() {
                Some(seed) => {
                    // Read once: a change of the document (an undo) must not rebuild the form and
                    // lose what was typed.
                    let option_name = untrack(option).map(|(_, name)| name).unwrap_or_default();
                    view! {
                        <KindEditor
                            seed=seed
                            option_name=option_name
                            on_close=Callback::new(move |()| kind_form.set(None))
                            on_add=Callback::new(move |kind: String| add(kind))
                        />
                    }
                    .into_any()
                }
                None => search_view().into_any(),
            }}
        </div>
    }
}

/// A kind of the document, with its edit and remove buttons and, when the core refused to
/// remove it, why.
fn own_kind_row(
    id: String,
    name: String,
    category: String,
    remove_refused: RwSignal<Option<(String, String)>>,
    edit_kind: impl Fn(String) + Copy + 'static,
    remove_kind: impl Fn(String) + Copy + 'static,
) -> impl IntoView {
    let (for_edit, for_remove, for_error) = (id.clone(), id.clone(), id.clone());
    let (row_kind, edit_kind_attr, remove_kind_attr) = (id.clone(), id.clone(), id.clone());
    view! {
        <li data-testid="custom-kind" data-kind=row_kind>
            <span class="palette-name">{name.clone()}</span>
            <span class="palette-category">
                <code>{id}</code>
                {format!(" · {category} · defined in this document")}
            </span>
            <span class="palette-own-tools">
                <button
                    type="button"
                    class="small"
                    data-testid="kind-edit"
                    data-kind=edit_kind_attr
                    aria-label=format!("Edit {name}")
                    on:click=move |_| edit_kind(for_edit.clone())
                >
                    "Edit"
                </button>
                <button
                    type="button"
                    class="small danger"
                    data-testid="kind-remove"
                    data-kind=remove_kind_attr
                    aria-label=format!("Remove {name}")
                    on:click=move |_| remove_kind(for_remove.clone())
                >
                    "Remove"
                </button>
            </span>
            {move || {
                let reason = remove_refused
                    .get()
                    .filter(|(kind, _)| *kind == for_error)
                    .map(|(_, reason)| reason);
                field_error(None, reason)
            }}
        </li>
    }
}

fn palette_item(
    entry: PaletteEntry,
    position: usize,
    active: RwSignal<usize>,
    add: impl Fn(String) + Copy + 'static,
) -> impl IntoView {
    let kind = entry.kind.clone();
    let is_active = move || active.get() == position;
    let provides =
        (!entry.provides.is_empty()).then(|| format!("provides {}", entry.provides.join(", ")));
    view! {
        <li
            id=format!("palette-item-{position}")
            role="option"
            data-testid="palette-item"
            data-kind=entry.kind.clone()
            aria-selected=move || is_active().to_string()
            class:active=is_active
            on:mousemove=move |_| {
                if active.get_untracked() != position {
                    active.set(position);
                }
            }
            on:click=move |_| add(kind.clone())
        >
            <span class="palette-name">{entry.name}</span>
            <span class="palette-category">
                {entry.category}
                {entry.custom.then_some(" · defined in this document")}
            </span>
            {provides.map(|text| view! { <span class="palette-provides">{text}</span> })}
        </li>
    }
}
