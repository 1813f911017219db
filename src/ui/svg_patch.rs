//! Puts a graph drawing on the page by patching the SVG already there: elements whose markup is
//! unchanged are kept (and keep their focus), moved ones get their new `transform` or `d`, and
//! only new ones are parsed, all in one go. What to keep is decided by the core
//! (`render::reuse_plan`); this module only carries it out on the DOM. A big drawing set whole
//! gets its nodes a part each frame (`Reveal`), so that no frame puts all of them on the page.

use std::sync::Arc;

use overhead_core::render::{reuse_plan, Drawing, Part, REVEAL_AT_ONCE};

const SVG_NAMESPACE: &str = "http://www.w3.org/2000/svg";

/// Shows `new` in `host`, patching the drawing of `old` that `host` holds when it can, and
/// otherwise setting the whole SVG. A whole SVG of more than `REVEAL_AT_ONCE` nodes is set
/// without its nodes, and the `Reveal` returned adds them, a part each frame from the next one.
/// The frame of the task that made the drawing (a layout worker's answer, an edit) does not also
/// parse, style and lay out the first part: opening a 1,000-component link, that frame took
/// 83-153 ms with the first 100 nodes, and 57-99 ms without.
pub fn show(host: &web_sys::Element, old: Option<&Drawing>, new: &Arc<Drawing>) -> Option<Reveal> {
    if old.is_some_and(|old| patch(host, old, new).is_some()) {
        return None;
    }
    if new.nodes.len() <= REVEAL_AT_ONCE {
        host.set_inner_html(&new.to_svg());
        return None;
    }
    host.set_inner_html(&new.to_svg_with_first_nodes(0));
    let group = host
        .first_element_child()?
        .query_selector(":scope > g.nodes")
        .ok()??;
    Some(Reveal {
        drawing: Arc::clone(new),
        group,
        shown: 0,
    })
}

/// A drawing whose SVG has only its first `shown` nodes: the others are added to its nodes'
/// group a part at a time. Until then a patch finds the group short and sets the whole SVG
/// again, and a node not yet added is not found (`NodeElements::get`).
pub struct Reveal {
    drawing: Arc<Drawing>,
    group: web_sys::Element,
    shown: usize,
}

impl Reveal {
    /// Adds the next `REVEAL_AT_ONCE` nodes; whether any are left to add. Nothing is added to
    /// a group no longer on the page (a newer drawing replaced it).
    pub fn show_more(&mut self) -> bool {
        if !self.group.is_connected() {
            return false;
        }
        let end = (self.shown + REVEAL_AT_ONCE).min(self.drawing.nodes.len());
        let parts: Vec<&Part> = self.drawing.nodes[self.shown..end].iter().collect();
        let Some(made) = parsed(&self.group, &parts) else {
            return false;
        };
        for element in &made {
            let _ = self.group.append_child(element);
        }
        self.shown = end;
        end < self.drawing.nodes.len()
    }
}

/// Patches `old`, as drawn in `host`, into `new`; none when the page does not hold `old` as
/// drawn (or the two differ in more than parts and root attributes), and nothing was changed.
fn patch(host: &web_sys::Element, old: &Drawing, new: &Drawing) -> Option<()> {
    if !old.patchable_into(new) {
        return None;
    }
    let svg = host.first_element_child()?;
    let edges = Group::read(&svg, "edges", &old.edges, &new.edges)?;
    let nodes = Group::read(&svg, "nodes", &old.nodes, &new.nodes)?;
    // Everything is removed before anything is changed: removing an element may make the
    // browser lay the page out there and then, which costs nothing while nothing has changed.
    edges.remove_unkept();
    nodes.remove_unkept();
    edges.place(&old.edges, &new.edges)?;
    nodes.place(&old.nodes, &new.nodes)?;
    for (name, value) in old.root_changes(new) {
        let _ = match value {
            Some(value) => svg.set_attribute(name, value),
            None => svg.remove_attribute(name),
        };
    }
    // A new count in an overview's note is new text, not a new drawing (both have a note, or
    // neither: `patchable_into`).
    if old.note != new.note {
        if let Ok(Some(element)) = svg.query_selector(":scope > text.graph-note") {
            element.set_text_content(new.note.as_deref());
        }
    }
    Some(())
}

/// A group of drawn parts (`<g class="edges">` or `<g class="nodes">`) on its way from an old
/// drawing to a new one.
struct Group {
    element: web_sys::Element,
    /// Its children, drawn from the old parts.
    children: Vec<web_sys::Element>,
    /// For each new part, the old child it keeps (`render::reuse_plan`).
    plan: Vec<Option<usize>>,
    /// The elements of the new parts no child is kept for, in order.
    made: Vec<web_sys::Element>,
}

impl Group {
    fn read(svg: &web_sys::Element, class: &str, old: &[Part], new: &[Part]) -> Option<Group> {
        let element = svg.query_selector(&format!(":scope > g.{class}")).ok()??;
        let children = elements(&element);
        if children.len() != old.len() {
            return None;
        }
        let plan = reuse_plan(old, new);
        let made = made_elements(&element, new, &plan)?;
        Some(Group {
            element,
            children,
            plan,
            made,
        })
    }

    fn remove_unkept(&self) {
        let mut kept = vec![false; self.children.len()];
        for &i in self.plan.iter().flatten() {
            kept[i] = true;
        }
        for (child, kept) in self.children.iter().zip(kept) {
            if !kept {
                child.remove();
            }
        }
    }

    /// Places every new part: kept children get their new place, and the group is walked in the
    /// new order, an element moved only where it is out of place.
    fn place(self, old: &[Part], new: &[Part]) -> Option<()> {
        let mut made = self.made.into_iter();
        let mut cursor = self.element.first_element_child();
        for (part, kept) in new.iter().zip(&self.plan) {
            let element = match *kept {
                Some(i) => {
                    if old[i].place != part.place {
                        let _ = self.children[i].set_attribute(part.place_attribute, &part.place);
                    }
                    self.children[i].clone()
                }
                None => made.next()?,
            };
            if cursor.as_ref() == Some(&element) {
                cursor = element.next_element_sibling();
            } else {
                let before: Option<&web_sys::Node> = cursor.as_ref().map(|c| c.as_ref());
                self.element.insert_before(&element, before).ok()?;
            }
        }
        Some(())
    }
}

/// Finds nodes' elements in a drawing as `host` shows it: each is the child of the nodes' group
/// at the node's place in the drawing's order. The group's children are read once, in one walk,
/// for however many nodes are looked for: a thousand lookups by index into the browser's live
/// `children` list, each made afresh, walk it from its start and take tens of milliseconds.
pub struct NodeElements<'a> {
    children: Vec<web_sys::Element>,
    places: std::collections::HashMap<&'a str, usize>,
}

impl<'a> NodeElements<'a> {
    pub fn of(host: &web_sys::Element, drawing: &'a Drawing) -> Option<NodeElements<'a>> {
        let group = host
            .first_element_child()?
            .query_selector(":scope > g.nodes")
            .ok()??;
        let places = drawing
            .nodes
            .iter()
            .enumerate()
            .map(|(i, part)| (part.key.as_str(), i))
            .collect();
        Some(NodeElements {
            children: elements(&group),
            places,
        })
    }

    /// The element of node `id`, if the page shows it where the drawing places it.
    pub fn get(&self, id: &str) -> Option<web_sys::Element> {
        let element = self.children.get(*self.places.get(id)?)?;
        (element.get_attribute("data-id").as_deref() == Some(id)).then(|| element.clone())
    }
}

/// The element children of `parent`, in order.
fn elements(parent: &web_sys::Element) -> Vec<web_sys::Element> {
    let mut found = Vec::new();
    let mut next = parent.first_element_child();
    while let Some(element) = next {
        next = element.next_element_sibling();
        found.push(element);
    }
    found
}

/// The elements of the parts of `new` that the plan does not keep, parsed from their markup in
/// one go, in order.
fn made_elements(
    group: &web_sys::Element,
    new: &[Part],
    plan: &[Option<usize>],
) -> Option<Vec<web_sys::Element>> {
    let missing: Vec<&Part> = new
        .iter()
        .zip(plan)
        .filter(|(_, reused)| reused.is_none())
        .map(|(part, _)| part)
        .collect();
    parsed(group, &missing)
}

/// The elements of `parts`, parsed from their markup in one go (outside the page), in order.
fn parsed(group: &web_sys::Element, parts: &[&Part]) -> Option<Vec<web_sys::Element>> {
    if parts.is_empty() {
        return Some(Vec::new());
    }
    let mut markup = String::new();
    for part in parts {
        markup.push_str(part.markup().as_str());
    }
    // Markup set inside an SVG element is parsed as SVG.
    let scratch = group
        .owner_document()?
        .create_element_ns(Some(SVG_NAMESPACE), "g")
        .ok()?;
    scratch.set_inner_html(&markup);
    let made = elements(&scratch);
    (made.len() == parts.len()).then_some(made)
}
