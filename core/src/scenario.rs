//! The built-in scenarios: decision documents shipped as data (`data/scenarios/*.toml`).

use crate::catalog;
use crate::model::Decision;

/// A built-in scenario's id and title, for the picker.
#[derive(Clone, Debug, PartialEq)]
pub struct ScenarioEntry {
    pub id: String,
    pub title: String,
}

/// The built-in scenarios in display order; the first is the landing page.
pub fn list() -> Vec<ScenarioEntry> {
    catalog::scenario_sources()
        .iter()
        .filter_map(|(_, json)| serde_json::from_str::<Decision>(json).ok())
        .filter_map(|d| {
            Some(ScenarioEntry {
                id: d.scenario?,
                title: d.title,
            })
        })
        .collect()
}

/// A fresh copy of a built-in scenario's document.
pub fn load(id: &str) -> Option<Decision> {
    catalog::scenario_sources()
        .iter()
        .filter_map(|(_, json)| serde_json::from_str::<Decision>(json).ok())
        .find(|d| d.scenario.as_deref() == Some(id))
}

/// The scenario a new visitor lands on.
pub fn landing() -> Option<Decision> {
    list().first().and_then(|entry| load(&entry.id))
}

/// Every embedded scenario file with its parse result, for the tests.
pub fn parse_all() -> Vec<(&'static str, Result<Decision, String>)> {
    catalog::scenario_sources()
        .iter()
        .map(|(file, json)| (*file, serde_json::from_str(json).map_err(|e| e.to_string())))
        .collect()
}
