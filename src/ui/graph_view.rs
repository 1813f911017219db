//! An option's component graph in the page: the core draws it (the same SVG as the export), the
//! page listens for clicks and keys on its nodes. Components the option adds have their own
//! colour; components pulled in by a requirement are dashed and say what needed them.
//!
//! The drawing is a memo of what it is drawn from (`DrawnFrom`), with a layout kept between
//! drawings: new numbers draw nothing again unless a single point of failure came or went (a
//! node then says so), and what each node adds is written on it where it changed.
//! A changed drawing patches the SVG on the page (`svg_patch`): only what changed is touched.
//! The selected node is marked on the drawn SVG, so that selecting draws nothing.

use leptos::ev::{KeyboardEvent, MouseEvent};
use leptos::html;
use leptos::prelude::*;
use std::collections::HashMap;
use std::sync::Arc;

use overhead_core::analysis::Analysis;
use overhead_core::format::Rounded;
use overhead_core::render::{
    draws_overview, draws_selected_edges_only, graph_text, graph_text_kept, overview_drawing,
    what_it_adds, Drawing, DrawnFrom, GraphStyle, GraphText, LayoutCache, LayoutInput, NodeTexts,
    STEADY_SIZE_ABOVE,
};
use wasm_bindgen::JsCast;

use super::kind_members::KindMembers;
use super::layouts::{Layouts, IN_PAGE_AT_MOST};
use super::option_panel::{with_option, Shown};
use super::svg_patch;
use super::{AppState, Computed, Latest, Selection};

/// What a graph node stands for: a component, or (in an overview) a kind.
enum Picked {
    Component(String),
    Kind(String),
}

/// The graph node an event happened in, if any.
fn picked(event: &web_sys::Event) -> Option<Picked> {
    let node = event
        .target()?
        .dyn_into::<web_sys::Element>()
        .ok()?
        .closest("[data-testid=graph-node]")
        .ok()??;
    if node.get_attribute("data-group").is_some() {
        node.get_attribute("data-kind").map(Picked::Kind)
    } else {
        node.get_attribute("data-id").map(Picked::Component)
    }
}

/// What the selected component takes down when it fails: the ids of the nodes that stop, and
/// of those that only degrade.
#[derive(Clone, Debug, Default, PartialEq)]
struct BlastIds {
    stops: Vec<String>,
    degrades: Vec<String>,
}

/// How a node is marked: selected, or taken down by the selected one's failure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Mark {
    Selected,
    Blast(&'static str),
}

/// A marked node: its id, its mark and its element.
type Marked = (String, Mark, web_sys::Element);

/// Marks the node with id `selected` as selected in the drawn graph, and the nodes its failure
/// takes down with `data-blast` ("stops" or "degrades"). `marked` holds what is marked now.
/// Only marks that change are written: after an edit the same marks stay on the same elements
/// (the patch keeps them), and writing hundreds of attributes again would make the browser
/// restyle hundreds of nodes.
fn mark_selected(
    host: &web_sys::Element,
    drawing: Option<&Drawing>,
    marked: &mut Vec<Marked>,
    selected: Option<&str>,
    blast: &BlastIds,
) {
    // Nothing marked and nothing to mark (an edit with no component selected): the page is not
    // asked for its nodes.
    if marked.is_empty() && selected.is_none() && blast == &BlastIds::default() {
        return;
    }
    let mut wanted: HashMap<&str, Mark> = HashMap::new();
    for (ids, value) in [(&blast.stops, "stops"), (&blast.degrades, "degrades")] {
        wanted.extend(ids.iter().map(|id| (id.as_str(), Mark::Blast(value))));
    }
    let selected = selected.filter(|id| !wanted.contains_key(id));
    let elements = drawing.and_then(|d| svg_patch::NodeElements::of(host, d));
    let element_of = |id: &str| elements.as_ref().and_then(|e| e.get(id));
    let mut kept = Vec::with_capacity(wanted.len() + 1);
    for (id, mark, element) in marked.drain(..) {
        let wanted_here = match mark {
            Mark::Selected => selected == Some(id.as_str()),
            Mark::Blast(_) => wanted.get(id.as_str()) == Some(&mark),
        };
        let still = wanted_here && element_of(&id).is_some_and(|current| current == element);
        if still {
            kept.push((id, mark, element));
        } else {
            match mark {
                Mark::Selected => {
                    let _ = element.class_list().remove_1("selected");
                }
                Mark::Blast(_) => {
                    let _ = element.remove_attribute("data-blast");
                }
            }
        }
    }
    let already: std::collections::HashSet<(String, Mark)> = kept
        .iter()
        .map(|(id, mark, _)| (id.clone(), *mark))
        .collect();
    let all = selected
        .map(|id| (id, Mark::Selected))
        .into_iter()
        .chain(wanted);
    for (id, mark) in all {
        if already.contains(&(id.to_string(), mark)) {
            continue;
        }
        let Some(element) = element_of(id) else {
            continue;
        };
        match mark {
            Mark::Selected => {
                let _ = element.class_list().add_1("selected");
            }
            Mark::Blast(value) => {
                let _ = element.set_attribute("data-blast", value);
            }
        }
        kept.push((id.to_string(), mark, element));
    }
    *marked = kept;
}

/// What the nodes of the drawing on the page say they add (`aria-description`), as last written.
#[derive(Default)]
struct Said {
    /// The drawing they were written on, and how many reveals had completed then: while both
    /// stay the same, the page holds the same node elements.
    on: Option<(Arc<Drawing>, u64)>,
    /// Each node's element and what it says.
    nodes: HashMap<String, (web_sys::Element, String)>,
}

/// Writes on each node what its component adds (`aria-description`), where it changed. On the
/// drawing `said` was written on, only the nodes whose words changed are touched: asking the
/// page for every node's element took a tenth of an edit of a 200-component model.
fn say_what_each_adds(
    host: &web_sys::Element,
    drawing: Option<&Arc<Drawing>>,
    revealed: u64,
    said: &mut Said,
    adds: &[(String, String)],
) {
    let Some(drawing) = drawing else {
        return;
    };
    let same_elements = said
        .on
        .as_ref()
        .is_some_and(|(on, count)| Arc::ptr_eq(on, drawing) && *count == revealed);
    if !same_elements {
        say_on_new_elements(host, drawing, &mut said.nodes, adds);
        said.on = Some((Arc::clone(drawing), revealed));
        return;
    }
    let mut elements = None;
    for (id, text) in adds {
        let element = match said.nodes.get(id) {
            Some((_, said)) if said == text => continue,
            Some((element, _)) => element.clone(),
            None => {
                let elements =
                    elements.get_or_insert_with(|| svg_patch::NodeElements::of(host, drawing));
                let Some(element) = elements.as_ref().and_then(|e| e.get(id)) else {
                    continue;
                };
                element
            }
        };
        let _ = element.set_attribute("aria-description", text);
        said.nodes.insert(id.clone(), (element, text.clone()));
    }
}

/// [`say_what_each_adds`] on node elements that may have changed: each is looked up.
fn say_on_new_elements(
    host: &web_sys::Element,
    drawing: &Drawing,
    said: &mut HashMap<String, (web_sys::Element, String)>,
    adds: &[(String, String)],
) {
    let Some(elements) = svg_patch::NodeElements::of(host, drawing) else {
        return;
    };
    for (id, text) in adds {
        let Some(element) = elements.get(id) else {
            continue;
        };
        let unchanged = said
            .get(id)
            .is_some_and(|(on, said)| *on == element && said == text);
        if !unchanged {
            let _ = element.set_attribute("aria-description", text);
            said.insert(id.clone(), (element, text.clone()));
        }
    }
    if said.len() > adds.len() {
        let drawn: std::collections::HashSet<&str> =
            adds.iter().map(|(id, _)| id.as_str()).collect();
        said.retain(|id, _| drawn.contains(id.as_str()));
    }
}

#[component]
pub fn GraphView(shown: Shown, option_id: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let layouts = expect_context::<Layouts>();
    let id = StoredValue::new(option_id);
    let cache = StoredValue::new(LayoutCache::default());
    let text_made = StoredValue::new(TextMade::default());
    // The input of the last layout asked of the worker, so that it is asked once, and only its
    // answer is kept.
    let asked = StoredValue::new(None::<LayoutInput>);
    // Counts layouts arriving from the worker, to draw again with each.
    let arrived = RwSignal::new(0u64);
    let host: NodeRef<html::Div> = NodeRef::new();
    // In an overview by kind, the kind whose components are listed under it.
    let listed = RwSignal::new(None::<String>);
    let to_draw = after_paint_when_big(shown, id, state.selection);
    // What the drawing on hand was made from: while that stays the same (an edit of another
    // option), the drawing is kept instead of being made again.
    let made_from = StoredValue::new(None::<MadeFrom>);
    // The drawing (none while a big graph's first layout is on its way). While a new layout of
    // a big graph is on its way, the drawing before it stays.
    let markup = Memo::new(move |previous: Option<&(usize, Option<Arc<Drawing>>)>| {
        let layouts_arrived = arrived.get();
        let drawn = to_draw.with(|ToDraw { shown, focused }| {
            id.with_value(|id| {
                let computed = shown.as_ref()?;
                let analysis = computed.0.as_ref().as_ref().ok()?;
                let index = analysis.options.iter().position(|o| &o.id == id)?;
                let from = MadeFrom {
                    option: DrawnFrom::of(analysis, index)?,
                    focused: focused.clone(),
                    listed: listed.get(),
                    layouts_arrived,
                };
                if let Some((_, Some(on_hand))) = previous {
                    if made_from.with_value(|made| made.as_ref() == Some(&from)) {
                        return Some((index, Some(Arc::clone(on_hand))));
                    }
                }
                made_from.set_value(None);
                if draws_overview(analysis, index) {
                    let drawing =
                        listed.with(|kind| overview_drawing(analysis, index, kind.as_deref()));
                    made_from.set_value(Some(from));
                    return Some((index, Some(Arc::new(drawing))));
                }
                let style = GraphStyle::Page {
                    selected: focused.as_deref(),
                };
                let text = text_made
                    .try_update_value(|made| made.text(computed, analysis, index))
                    .unwrap_or_else(|| Arc::new(graph_text(analysis, index)));
                let input = &text.input;
                // A small graph is laid out here and now, with its numbers; a big one by the
                // worker, unless it already was.
                let in_page =
                    input.sizes.len() + input.edges.len() <= IN_PAGE_AT_MOST || layouts.failed();
                let held = cache
                    .try_update_value(|cache| {
                        let layout = if in_page {
                            Some(cache.layout(input))
                        } else {
                            cache.get(input)
                        };
                        layout.and_then(|layout| text.draw(analysis, index, &style, layout))
                    })
                    .flatten();
                match held {
                    Some(drawing) => {
                        made_from.set_value(Some(from));
                        Some((index, Some(Arc::new(drawing))))
                    }
                    None => {
                        ask_worker(layouts, text.input.clone(), asked, cache, arrived);
                        Some((index, previous.and_then(|(_, drawing)| drawing.clone())))
                    }
                }
            })
        });
        drawn.unwrap_or_default()
    });
    // A big graph's SVG keeps one viewport; the host shows its content, clipped
    // (`Drawing::fixed_viewport`).
    let clip_to = Memo::new(move |_| {
        markup.with(|(_, drawing)| {
            drawing
                .as_ref()
                .filter(|d| d.fixed_viewport)
                .map(|d| d.content)
        })
    });
    // What the page shows, so that the next drawing patches it, and its node marked selected.
    let on_page: StoredValue<Option<Arc<Drawing>>> = StoredValue::new(None);
    let marked = StoredValue::new_local(Vec::<Marked>::new());
    // A big drawing's nodes still to add, a part each frame; counts drawings completed so, whose
    // nodes are then marked.
    let reveal = StoredValue::new_local(None::<svg_patch::Reveal>);
    let revealing = Latest::new();
    let revealed = RwSignal::new(0u64);
    let marking = Latest::new();
    let selected = Memo::new(move |_| {
        let index = markup.with(|(index, _)| *index);
        state.selection.with(|s| {
            s.as_ref()
                .filter(|s| s.option == index)
                .map(|s| s.component.clone())
        })
    });
    // What the selected component's failure takes down, in this option.
    let blast = Memo::new(move |_| {
        let selected = selected.get()?;
        id.with_value(|id| {
            with_option(shown, id, |analysis, index| {
                let option = &analysis.options[index];
                let taken = option.blast(option.graph.index_of(&selected)?);
                let ids = |list: &[usize]| {
                    list.iter()
                        .map(|&i| option.graph.components[i].id.clone())
                        .collect()
                };
                Some(BlastIds {
                    stops: ids(&taken.stops),
                    degrades: ids(&taken.degrades),
                })
            })
        })
        .flatten()
    });
    // What each component adds a month, for its node to say to a screen reader; none for an
    // overview, which draws kinds.
    let adds = Memo::new(move |_| {
        let (index, nodes) =
            markup.with(|(index, drawing)| (*index, drawing.as_ref().map(|d| d.nodes.len())));
        shown.with(|shown| {
            let analysis = shown.as_ref()?.0.as_ref().as_ref().ok()?;
            let option = analysis.options.get(index)?;
            (nodes? == option.graph.components.len()).then(|| {
                option
                    .graph
                    .components
                    .iter()
                    .zip(option.components.iter())
                    .map(|(component, report)| (component.id.clone(), what_it_adds(report)))
                    .collect::<Vec<_>>()
            })
        })
    });
    let said = StoredValue::new_local(Said::default());
    // Each new drawing patches the page; then, and on each selection, the selected node and
    // what its failure takes down are marked, and each node says what it adds.
    Effect::new(move |_| {
        let reveals_done = revealed.get();
        let drawing = markup.with(|(_, drawing)| drawing.clone());
        let selected = selected.get();
        let blast = blast.get().unwrap_or_default();
        let adds = adds.get().unwrap_or_default();
        let Some(host) = host.get() else {
            return;
        };
        let big = drawing
            .as_ref()
            .is_some_and(|d| d.nodes.len() + d.edges.len() > STEADY_SIZE_ABOVE);
        on_page.update_value(|old| {
            let same = match (old.as_ref(), drawing.as_ref()) {
                (Some(old), Some(new)) => Arc::ptr_eq(old, new),
                (None, None) => true,
                _ => false,
            };
            if !same {
                let rest_to_add = match &drawing {
                    Some(new) => svg_patch::show(&host, old.as_deref(), new),
                    None => {
                        host.set_inner_html("");
                        None
                    }
                };
                if let Some(rest) = rest_to_add {
                    reveal.set_value(Some(rest));
                    reveal_the_rest(revealing, reveal, revealed);
                }
                *old = drawing;
            }
        });
        let mark = move || {
            on_page.with_value(|shown| {
                marked.update_value(|marked| {
                    mark_selected(&host, shown.as_deref(), marked, selected.as_deref(), &blast)
                });
                said.update_value(|said| {
                    say_what_each_adds(&host, shown.as_ref(), reveals_done, said, &adds)
                });
            })
        };
        // A failure in a big graph takes down hundreds of nodes: restyling them waits until
        // what the selection opened (its details) is painted. Of quicker selections, the last
        // is marked.
        if big {
            marking.after_next_paint(mark);
        } else {
            marking.now();
            mark();
        }
    });
    let select = move |component: String| {
        let option = markup.with_untracked(|(index, _)| *index);
        state.selection.set(Some(Selection { option, component }))
    };
    // In an overview, a kind's node lists its components (again: hides the list).
    let pick = move |picked: Picked| match picked {
        Picked::Component(id) => select(id),
        Picked::Kind(kind) => listed
            .update(|listed| *listed = (listed.as_deref() != Some(kind.as_str())).then_some(kind)),
    };
    // The drawing's zoom: on a phone a graph is read by zooming out to see it whole and in to
    // read a part, panning the frame it scrolls in.
    let zoom = RwSignal::new(1.0_f64);
    let zoom_by = move |factor: f64| zoom.update(|z| *z = (*z * factor).clamp(ZOOM_MIN, ZOOM_MAX));
    view! {
        <figure class="graph-wrap">
            <div class="graph-zoom" role="group" aria-label="Zoom the graph">
                <button class="small" data-testid="graph-zoom-out" aria-label="Zoom out" on:click=move |_| zoom_by(1.0 / ZOOM_STEP)>"−"</button>
                <button
                    class="small"
                    data-testid="graph-zoom-reset"
                    aria-label=move || format!("{}%: back to actual size", Rounded::whole(zoom.get() * 100.0))
                    on:click=move |_| zoom.set(1.0)
                >
                    {move || format!("{}%", Rounded::whole(zoom.get() * 100.0))}
                </button>
                <button class="small" data-testid="graph-zoom-in" aria-label="Zoom in" on:click=move |_| zoom_by(ZOOM_STEP)>"+"</button>
            </div>
            {move || markup.with(|(_, drawing)| drawing.is_none()).then(|| view! {
                <p class="hint graph-pending">"Laying out the graph…"</p>
            })}
            <div
                class="graph-host"
                class:clipped=move || clip_to.with(Option::is_some)
                style:width=move || clip_to.get().map(|(width, _)| format!("{width}px"))
                style:height=move || clip_to.get().map(|(_, height)| format!("{height}px"))
                style:zoom=move || zoom.get().to_string()
                node_ref=host
                on:click=move |event: MouseEvent| {
                    if let Some(picked) = picked(&event) {
                        pick(picked);
                    }
                }
                on:keydown=move |event: KeyboardEvent| {
                    if event.key() == "Enter" || event.key() == " " {
                        if let Some(picked) = picked(&event) {
                            event.prevent_default();
                            pick(picked);
                        }
                    }
                }
            ></div>
            <KindMembers shown=shown option_id=id listed=listed select=select/>
            <figcaption class="legend">
                <span class="key added">"added by this option"</span>
                <span class="key pulled">"pulled in by a requirement"</span>
                <span class="key shared">"also in the baseline"</span>
                <span class="key line">"→ runs on / depends on"</span>
                <span class="key dashed">"⇢ managed by"</span>
            </figcaption>
        </figure>
    }
}

/// Adds the next part of a big drawing's nodes after each paint, until all are on the page:
/// each frame puts a part there, instead of one frame all of them. Then `revealed` counts it.
fn reveal_the_rest(
    revealing: Latest,
    reveal: StoredValue<Option<svg_patch::Reveal>, LocalStorage>,
    revealed: RwSignal<u64>,
) {
    revealing.after_next_paint(move || {
        let more = reveal
            .try_update_value(|rest| rest.as_mut().is_some_and(svg_patch::Reveal::show_more))
            .unwrap_or(false);
        if more {
            reveal_the_rest(revealing, reveal, revealed);
        } else {
            reveal.set_value(None);
            revealed.update(|n| *n += 1);
        }
    });
}

/// A graph's zoom: each step a quarter bigger or smaller, between a tenth and three times.
const ZOOM_STEP: f64 = 1.25;
const ZOOM_MIN: f64 = 0.1;
const ZOOM_MAX: f64 = 3.0;

/// The text of the graph last drawn or laid out, and what it was made from. A big graph's text
/// is made when its layout is asked of the worker, and needed again, for the same analysis, when
/// the layout arrives: a thousand nodes' texts took a third of the task that drew them. It holds
/// the analysis it was made from until the next text is made.
#[derive(Default)]
struct TextMade {
    /// The last text, with the analysis and the option it was made from.
    last: Option<(Computed, usize, Arc<GraphText>)>,
    /// The nodes' wrapped text of the last drawing: an edit wraps only the nodes it changed.
    texts: NodeTexts,
}

impl TextMade {
    /// The text of option `index` of `computed` (whose analysis is `analysis`): the one held if
    /// it was made from the same, else a new one.
    fn text(&mut self, computed: &Computed, analysis: &Analysis, index: usize) -> Arc<GraphText> {
        if let Some((from, at, text)) = &self.last {
            if from == computed && *at == index {
                return Arc::clone(text);
            }
        }
        let text = Arc::new(graph_text_kept(analysis, index, &mut self.texts));
        self.last = Some((computed.clone(), index, Arc::clone(&text)));
        text
    }
}

/// What a drawing on hand was made from.
#[derive(Clone, PartialEq)]
struct MadeFrom {
    option: DrawnFrom,
    focused: Option<String>,
    listed: Option<String>,
    /// Layouts arrived from the worker by then.
    layouts_arrived: u64,
}

/// What a graph is drawn from: the analysis on screen and, for a graph with too many edges to
/// draw them all, the selected component, whose edges alone are drawn.
#[derive(Clone, PartialEq)]
struct ToDraw {
    shown: Option<Computed>,
    focused: Option<String>,
}

/// What the drawing follows: at once for a small graph; for a big one (over
/// `STEADY_SIZE_ABOVE` components and edges), in a task after the next frame, so that an edit's
/// numbers and panels are painted before the graph is drawn again (wrapping, drawing and patching
/// a thousand nodes takes tens of milliseconds). Of changes quicker than that, the last is drawn.
fn after_paint_when_big(
    shown: Shown,
    id: StoredValue<String>,
    selection: RwSignal<Option<Selection>>,
) -> Memo<ToDraw> {
    let read = move || {
        let read = id.with_value(|id| {
            with_option(shown, id, |analysis, index| {
                let graph = &analysis.options[index].graph;
                let big = graph.components.len() + graph.edges.len() > STEADY_SIZE_ABOVE;
                // Only then does the drawing follow the selection (an overview draws kinds).
                let focused = (draws_selected_edges_only(analysis, index)
                    && !draws_overview(analysis, index))
                .then(|| {
                    selection.with(|s| {
                        s.as_ref()
                            .filter(|s| s.option == index)
                            .map(|s| s.component.clone())
                    })
                })
                .flatten();
                (big, focused)
            })
        });
        let (big, focused) = read.unwrap_or_default();
        let shown = shown.get();
        (big, ToDraw { shown, focused })
    };
    // A small graph's first drawing is made at once; a big one's waits, as its later ones do,
    // for the page's first paint with the numbers (opening a link of 1,000 components was one
    // task of 240 ms).
    let (big, first) = untrack(read);
    let lagged = RwSignal::new(if big {
        ToDraw {
            shown: None,
            focused: None,
        }
    } else {
        first
    });
    let latest = Latest::new();
    Effect::new(move |_| {
        let (big, now) = read();
        if big {
            latest.after_next_paint(move || lagged.set(now));
        } else {
            latest.now();
            lagged.set(now);
        }
    });
    Memo::new(move |_| lagged.get())
}

/// Asks the worker to lay out `input`, unless it was the last thing asked; its answer (or, if the
/// worker failed, a layout made here) is kept in `cache` and draws the graph again.
fn ask_worker(
    layouts: Layouts,
    input: LayoutInput,
    asked: StoredValue<Option<LayoutInput>>,
    cache: StoredValue<LayoutCache>,
    arrived: RwSignal<u64>,
) {
    if asked.with_value(|last| last.as_ref() == Some(&input)) {
        return;
    }
    asked.set_value(Some(input.clone()));
    let requested = input.clone();
    layouts.lay_out(&input, move |answer| {
        // A later edit asked for another layout: this one would draw an older graph.
        if asked.try_with_value(|last| last.as_ref() != Some(&requested)) != Some(false) {
            return;
        }
        let layout = answer.unwrap_or_else(|| requested.lay_out());
        cache.update_value(|cache| cache.put(requested, layout));
        arrived.update(|n| *n += 1);
    });
}
