//! Shows markup that the core builds (escaped by `render`) and, when it changes, sets only the
//! texts that changed (`core::markup_diff`): an edit that moves a few numbers re-lays out a few
//! text nodes, where setting the markup whole makes the browser lay out and shape all of its
//! text again (8 ms for the three reports of a 200-component model, half the frame an edit
//! has). When the tags changed too, or the page does not hold the texts expected, the markup is
//! set whole.

use leptos::html;
use leptos::prelude::*;
use overhead_core::markup_diff::{changed_texts, TextChanges};

/// What a `TreeWalker` shows to walk text nodes only (`NodeFilter.SHOW_TEXT`).
const SHOW_TEXT: u32 = 4;

/// A `div` of class `class` showing `markup`, whose changes are patched in.
#[component]
pub fn PatchedMarkup(class: &'static str, markup: Memo<String>) -> impl IntoView {
    let host: NodeRef<html::Div> = NodeRef::new();
    let shown = StoredValue::new(markup.get_untracked());
    Effect::new(move |_| {
        let Some(host) = host.get() else { return };
        markup.with(|new| {
            shown.update_value(|old| {
                if old != new {
                    show(&host, old, new);
                    new.clone_into(old);
                }
            })
        });
    });
    view! { <div class=class node_ref=host inner_html=markup.get_untracked()></div> }
}

/// Makes `host`, which shows `old`, show `new`.
fn show(host: &web_sys::Element, old: &str, new: &str) {
    let patched = changed_texts(old, new).is_some_and(|changes| set_texts(host, &changes));
    if !patched {
        host.set_inner_html(new);
    }
}

/// Sets the changed texts among `host`'s text nodes; whether it held as many as expected (when
/// not, what was set is overwritten by the caller).
fn set_texts(host: &web_sys::Element, changes: &TextChanges) -> bool {
    let Some(walker) = host.owner_document().and_then(|document| {
        document
            .create_tree_walker_with_what_to_show(host, SHOW_TEXT)
            .ok()
    }) else {
        return false;
    };
    let mut changed = changes.changed.iter().peekable();
    let mut position = 0;
    while let Ok(Some(node)) = walker.next_node() {
        if let Some(change) = changed.next_if(|change| change.position == position) {
            node.set_node_value(Some(&change.text));
        }
        position += 1;
    }
    position == changes.count
}
