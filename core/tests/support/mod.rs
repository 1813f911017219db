//! Fixture builders shared by the integration tests (`mod support;` in a test file).
//!
//! Tests describe the document they need by what differs from a known one, instead of editing
//! struct literals by index:
//!
//! ```ignore
//! let decision = DocBuilder::landing()
//!     .option("kubernetes")
//!     .add("patroni", "patroni")
//!     .connect("patroni", "server", Relation::RunsOn)
//!     .build();
//! ```

// Each test file uses its own part of the builder.
#![allow(dead_code)]

use overhead_core::model::{
    Alternative, ComponentUse, Context, Count, CustomKind, Decision, Edge, FigureName,
    KindRequirement, Provider, Relation, Scope,
};
use overhead_core::scenario;

/// Builds a decision document step by step. Methods that change components or edges act on the
/// option last selected with [`DocBuilder::option`] or [`DocBuilder::push_option`], and those
/// that change a component act on the one last added.
#[derive(Clone, Debug)]
pub struct DocBuilder {
    decision: Decision,
    /// Index of the option being built.
    option: Option<usize>,
    /// Index, in that option, of the component being built.
    component: Option<usize>,
}

impl DocBuilder {
    /// The landing scenario as shipped: options `init-system` (the baseline) and `kubernetes`.
    pub fn landing() -> DocBuilder {
        DocBuilder {
            decision: scenario::landing().expect("the landing scenario loads"),
            option: None,
            component: None,
        }
    }

    /// The landing scenario's catalog version and context, with no options and no baseline.
    pub fn empty() -> DocBuilder {
        let mut builder = DocBuilder::landing();
        builder.decision.options.clear();
        builder.decision.baseline.clear();
        builder.decision.chosen = None;
        builder
    }

    /// Selects the option `id`, adding an empty one (named after its id) if there is none.
    pub fn option(mut self, id: &str) -> DocBuilder {
        match self.decision.options.iter().position(|o| o.id == id) {
            Some(index) => {
                self.option = Some(index);
                self.component = None;
                self
            }
            None => self.push_option(id),
        }
    }

    /// Adds an empty option `id` and selects it, even if an option has that id already.
    pub fn push_option(mut self, id: &str) -> DocBuilder {
        self.decision.options.push(
            Alternative {
                id: id.into(),
                name: id.into(),
                summary: String::new(),
                components: Vec::new(),
                edges: Default::default(),
            }
            .into(),
        );
        self.option = Some(self.decision.options.len() - 1);
        self.component = None;
        self
    }

    /// Adds a component `id` of kind `kind` (default count, no label, provider or overrides).
    pub fn add(mut self, id: &str, kind: &str) -> DocBuilder {
        let option = self.selected();
        option
            .components
            .push(ComponentUse::new(id.into(), kind.into()));
        self.component = Some(option.components.len() - 1);
        self
    }

    /// Removes the component `id` and the edges that touch it.
    pub fn remove(mut self, id: &str) -> DocBuilder {
        let option = self.selected();
        option.components.retain(|c| c.id != id);
        option
            .edges
            .make_mut()
            .retain(|e| e.from != id && e.to != id);
        self.component = None;
        self
    }

    /// Draws an edge `from` → `to`.
    pub fn connect(mut self, from: &str, to: &str, relation: Relation) -> DocBuilder {
        self.selected().edges.make_mut().push(Edge {
            from: from.into(),
            to: to.into(),
            relation,
        });
        self
    }

    /// Sets the last added component's count.
    pub fn count(mut self, count: Count) -> DocBuilder {
        self.component().count = count;
        self
    }

    /// Has a provider run the last added component for `price_month`.
    pub fn provider(mut self, price_month: f64) -> DocBuilder {
        self.component().provider = Some(Provider {
            name: "A provider".into(),
            price_month,
        });
        self
    }

    /// Overrides a figure of the last added component.
    pub fn set(mut self, name: FigureName, value: f64) -> DocBuilder {
        self.component().overrides.insert(name, value);
        self
    }

    pub fn baseline(mut self, id: &str) -> DocBuilder {
        self.decision.baseline = id.into();
        self
    }

    pub fn catalog_version(mut self, version: u32) -> DocBuilder {
        self.decision.catalog_version = version;
        self
    }

    /// Changes the context (fleet, team, workload, horizon).
    pub fn context(mut self, change: impl FnOnce(&mut Context)) -> DocBuilder {
        change(&mut self.decision.context);
        self
    }

    pub fn build(self) -> Decision {
        self.decision
    }

    fn selected(&mut self) -> &mut Alternative {
        let index = self
            .option
            .expect("select an option with .option(id) before changing components");
        self.decision.options[index].make_mut()
    }

    fn component(&mut self) -> &mut ComponentUse {
        let index = self
            .component
            .expect("add a component with .add(id, kind) before changing it");
        &mut self.selected().components[index]
    }
}

/// The landing scenario as cost model 1 computed it: the golden document
/// `tests/golden/k8s-storage.json`, frozen with the golden links.
pub fn model_1_landing() -> Decision {
    let json = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/k8s-storage.json"),
    )
    .expect("the golden landing document is there");
    let decision: Decision = serde_json::from_str(&json).expect("it parses");
    assert_eq!((decision.catalog_version, decision.cost_model), (1, 1));
    decision
}

/// The landing scenario's Kubernetes option in an analysis of it.
pub fn kubernetes(
    analysis: &overhead_core::analysis::Analysis,
) -> &overhead_core::analysis::OptionReport {
    analysis
        .options
        .iter()
        .find(|o| o.id == "kubernetes")
        .expect("the scenario has a kubernetes option")
}

/// Equal within a millionth (of the value, or of 1 near zero): hand derivations round.
pub fn close(actual: f64, expected: f64) {
    assert!(
        (actual - expected).abs() < 1e-6 * expected.abs().max(1.0),
        "{actual} != {expected}"
    );
}

/// The XML text escaping undone (what a reader or a screen reader gets).
pub fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// Text content of markup: tags dropped, entities decoded.
pub fn text_content(markup: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in markup.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    unescape(&out)
}

/// A kind builder: a cluster-scoped kind the team operates, with no figures, needs or capabilities.
pub struct KindBuilder(CustomKind);

pub fn kind(id: &str) -> KindBuilder {
    KindBuilder(CustomKind {
        id: id.into(),
        category: "test".into(),
        source: "ASSUMPTION: a test figure.".into(),
        ..CustomKind::named(format!("{id} (defined here)"))
    })
}

impl KindBuilder {
    pub fn figure(mut self, name: FigureName, value: f64) -> Self {
        self.0.figures.insert(name, value);
        self
    }
    pub fn requires(mut self, kind: &str, relation: Relation) -> Self {
        self.0.requires.push(KindRequirement {
            kind: kind.into(),
            relation,
        });
        self
    }
    pub fn provides(mut self, capability: &str) -> Self {
        self.0.provides.push(capability.into());
        self
    }
    pub fn scope(mut self, scope: Scope) -> Self {
        self.0.scope = scope;
        self
    }
    pub fn not_managed(mut self) -> Self {
        self.0.managed = false;
        self
    }
    pub fn build(self) -> CustomKind {
        self.0
    }
}
