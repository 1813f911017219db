//! Under an option drawn as an overview by kind (`render::overview_drawing`): the components of
//! the kind selected in it, filtered by what is typed, each a button that opens the component's
//! details. A kind may have thousands: the first hundred that match are listed.

use leptos::prelude::*;
use overhead_core::palette::first_matching;
use overhead_core::render::draws_overview;

use super::option_panel::{with_option, Shown};
use super::{more_to_find, FindField};

/// At most this many of a kind's components are listed at once; a filter finds the others.
const MEMBERS_LISTED_AT_MOST: usize = 100;

/// Under an overview by kind: the components of the listed kind, filtered by what is typed,
/// each a button that opens its details.
#[component]
pub fn KindMembers(
    shown: Shown,
    option_id: StoredValue<String>,
    listed: RwSignal<Option<String>>,
    select: impl Fn(String) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let filter = RwSignal::new(String::new());
    // The kind's name and its components as (id, label), while the option is an overview.
    let members = Memo::new(move |_| {
        let kind_id = listed.get()?;
        option_id
            .with_value(|id| {
                with_option(shown, id, |analysis, index| {
                    if !draws_overview(analysis, index) {
                        return None;
                    }
                    let kind = analysis.catalog.kind_position(&kind_id)?;
                    let members: Vec<(String, String)> = analysis.options[index]
                        .graph
                        .components
                        .iter()
                        .filter(|c| c.kind == kind)
                        .map(|c| (c.id.clone(), c.label.clone()))
                        .collect();
                    Some((analysis.catalog.kinds[kind].name.to_string(), members))
                })
            })
            .flatten()
    });
    move || {
        let (name, all) = members.get()?;
        let total = all.len();
        let shown_list = move || {
            let (matching, more) =
                filter.with(|typed| first_matching(&all, typed, MEMBERS_LISTED_AT_MOST));
            let items = matching
                .into_iter()
                .map(|(id, label)| {
                    let chosen = id.clone();
                    view! {
                        <li>
                            <button class="link-button" data-testid="kind-member" data-id=id.clone() on:click=move |_| select(chosen.clone())>
                                {label.clone()} " " <code>{id.clone()}</code>
                            </button>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <ul class="plain kind-member-list">{items}</ul>
                {more_to_find(more)}
            }
        };
        Some(view! {
            <section class="kind-members" data-testid="kind-members" aria-label=format!("{name}: its components")>
                <h4>{format!("{name}: {total} components")}</h4>
                <FindField class="field" label="Find by name or id" testid="kind-members-filter" filter=filter/>
                {shown_list}
            </section>
        })
    }
}
