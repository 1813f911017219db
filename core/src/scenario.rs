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

/// Every embedded scenario file with its parse result, parsed once: start-up asks for the list,
/// the landing scenario and the picker's entries, and none of them should parse again.
fn parsed() -> &'static [(&'static str, Result<Decision, String>)] {
    static PARSED: OnceLock<Vec<(&'static str, Result<Decision, String>)>> = OnceLock::new();
    PARSED.get_or_init(|| {
        catalog::scenario_sources()
            .iter()
            .map(|(file, json)| (*file, serde_json::from_str(json).map_err(|e| e.to_string())))
            .collect()
    })
}

fn scenarios() -> impl Iterator<Item = &'static Decision> {
    parsed()
        .iter()
        .filter_map(|(_, result)| result.as_ref().ok())
}

/// The built-in scenarios in display order; the first is the landing page.
pub fn list() -> Vec<ScenarioEntry> {
    scenarios()
        .filter_map(|d| {
            Some(ScenarioEntry {
                id: d.scenario.clone()?,
                title: d.title.clone(),
            })
        })
        .collect()
}

/// A fresh copy of a built-in scenario's document.
pub fn load(id: &str) -> Option<Decision> {
    scenarios()
        .find(|d| d.scenario.as_deref() == Some(id))
        .cloned()
}

/// The scenario a new visitor lands on.
pub fn landing() -> Option<Decision> {
    scenarios().find(|d| d.scenario.is_some()).cloned()
}

/// Every embedded scenario file with its parse result, for the tests.
pub fn parse_all() -> Vec<(&'static str, Result<Decision, String>)> {
    parsed().to_vec()
}
