//! The searchable palette that adds a component to an option. Keyboard first: type to filter,
//! arrows to move, Enter to add, Escape to close. The search itself is the core's
//! (`palette::search`); this view only shows it and dispatches `AddComponent`.

use leptos::ev::KeyboardEvent;
use leptos::html;
use leptos::prelude::*;
use overhead_core::catalog;
use overhead_core::edit::Command;
use overhead_core::palette::{self, PaletteEntry};

use super::{AppState, Selection};

#[component]
pub fn Palette() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        let option_index = state.palette.get()?;
        Some(view! { <PaletteDialog option_index=option_index/> })
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
            if let Some(component) = new_id {
                state.selection.set(Some(Selection {
                    option: option_index,
                    component,
                }));
            }
        }
    };
    let on_key = move |event: KeyboardEvent| {
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
                if let Some(kind) = kind {
                    add(kind);
                }
            }
            "Escape" => {
                event.prevent_default();
                close();
            }
            _ => {}
        }
    };
    let title = move || {
        option()
            .map(|(_, name)| format!("Add a component to “{name}”"))
            .unwrap_or_default()
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
            />
            <p class="palette-count" aria-live="polite">
                {move || match found.with(Vec::len) {
                    0 => "No kind matches. Define your own kind in the model text ([[kinds]]).".to_string(),
                    1 => "1 kind".to_string(),
                    n => format!("{n} kinds"),
                }}
            </p>
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
            <button class="small" on:click=move |_| close()>"Close"</button>
        </div>
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

/// Gives focus back to the button that opened the palette.
fn focus_add_button(option_index: usize) {
    let selector = format!("#option-{option_index} [data-testid=add-component]");
    if let Some(element) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(&selector).ok().flatten())
        .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
    {
        let _ = element.focus();
    }
}
