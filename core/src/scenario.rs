//! The built-in scenarios: decision documents shipped as data (`data/scenarios/*.toml`).

use std::sync::OnceLock;

use crate::catalog;
use crate::model::Decision;

/// A built-in scenario's id and title, for the picker.
#[derive(Clone, Debug, PartialEq)]
pub struct ScenarioEntry {
    pub id: String,
    pub title: String,
}

/// A built-in scenario as the build embeds it: its id and title, read from the file by the build,
/// and the whole document as JSON, parsed only when it is opened. Start-up parses the landing
/// scenario alone: parsing all five took a fifth of the page's first task.
pub struct EmbeddedScenario {
    /// The file's stem, for messages about the file.
    pub file: &'static str,
    /// The document's `scenario`: a file without one is not offered.
    pub id: Option<&'static str>,
    pub title: &'static str,
    pub json: &'static str,
}

impl EmbeddedScenario {
    fn parse(&self) -> Result<Decision, String> {
        serde_json::from_str(self.json).map_err(|e| e.to_string())
    }
}

fn offered() -> impl Iterator<Item = (&'static str, &'static EmbeddedScenario)> {
    catalog::scenario_sources()
        .iter()
        .filter_map(|scenario| Some((scenario.id?, scenario)))
}

/// The built-in scenarios in display order; the first is the landing page.
pub fn list() -> Vec<ScenarioEntry> {
    offered()
        .map(|(id, scenario)| ScenarioEntry {
            id: id.to_string(),
            title: scenario.title.to_string(),
        })
        .collect()
}

/// A fresh copy of a built-in scenario's document.
pub fn load(id: &str) -> Option<Decision> {
    let (_, scenario) = offered().find(|(offered, _)| *offered == id)?;
    scenario.parse().ok()
}

/// The scenario a new visitor lands on, parsed once: the page asks for it twice as it starts.
pub fn landing() -> Option<Decision> {
    static LANDING: OnceLock<Option<Decision>> = OnceLock::new();
    LANDING
        .get_or_init(|| {
            offered()
                .next()
                .and_then(|(_, scenario)| scenario.parse().ok())
        })
        .clone()
}

/// Every embedded scenario file with its parse result, for the tests.
pub fn parse_all() -> Vec<(&'static str, Result<Decision, String>)> {
    catalog::scenario_sources()
        .iter()
        .map(|scenario| (scenario.file, scenario.parse()))
        .collect()
}
