//! The built-in scenarios: decision documents shipped as data (`data/scenarios/*.toml`).

use std::sync::OnceLock;

use crate::catalog;
use crate::link;
use crate::model::Decision;

/// A built-in scenario's id and title, for the picker.
#[derive(Clone, Debug, PartialEq)]
pub struct ScenarioEntry {
    pub id: String,
    pub title: String,
}

/// A built-in scenario as the build embeds it: its id and title, read from the file by the build,
/// and the whole document as a decision link, decoded only when it is opened. Start-up decodes
/// the landing scenario alone. A link, not JSON: the page reads links anyway (shared links,
/// drafts), so its start carries no reader of documents as JSON.
pub struct EmbeddedScenario {
    /// The file's stem, for messages about the file.
    pub file: &'static str,
    /// The document's `scenario`: a file without one is not offered.
    pub id: Option<&'static str>,
    pub title: &'static str,
    /// The document's link, as `data/scenarios/links.txt` holds it (written by
    /// the test `the_scenario_links_are_current` from the file).
    pub link: &'static str,
    /// The document as the build read it from its file, as JSON: what its link is made from
    /// and checked against. Not in the page's WebAssembly.
    #[cfg(not(target_arch = "wasm32"))]
    pub json: &'static str,
}

impl EmbeddedScenario {
    fn parse(&self) -> Result<Decision, String> {
        link::decode(self.link).map_err(|e| e.to_string())
    }

    /// The document read from its file (as JSON, with the reader of imported documents).
    #[cfg(not(target_arch = "wasm32"))]
    fn read_file(&self) -> Result<Decision, String> {
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

/// Every embedded scenario file with its parse result, read from the file (not its link), for
/// the tests.
#[cfg(not(target_arch = "wasm32"))]
pub fn parse_all() -> Vec<(&'static str, Result<Decision, String>)> {
    catalog::scenario_sources()
        .iter()
        .map(|scenario| (scenario.file, scenario.read_file()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The page opens a built-in scenario from its link in `data/scenarios/links.txt`, so that
    /// file must hold each scenario file's document, encoded, not deflated (the page's start
    /// opens the landing scenario without the inflater, which the first part of its wasm leaves
    /// out): when it does not, this rewrites it and fails, and the next run passes (commit the
    /// file). A document a link cannot carry whole fails here too.
    #[test]
    fn the_scenario_links_are_current() {
        let mut written = String::from(
            "# The built-in scenarios as decision links (core/src/link.rs), which the page opens them\n\
             # from: a scenario file's stem and its link on each line. Written from\n\
             # data/scenarios/*.toml by the core's test `the_scenario_links_are_current`.\n",
        );
        for scenario in catalog::scenario_sources() {
            let document = scenario
                .read_file()
                .unwrap_or_else(|e| panic!("scenario {}: {e}", scenario.file));
            let link = link::Encoding::new(&document).stored();
            assert_eq!(
                link::decode(&link).as_ref(),
                Ok(&document),
                "scenario {}: its link does not carry the whole document",
                scenario.file
            );
            written.push_str(&format!("{} {link}\n", scenario.file));
        }
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../data/scenarios/links.txt");
        let committed = std::fs::read_to_string(path).unwrap_or_default();
        if committed != written {
            std::fs::write(path, written).expect("write data/scenarios/links.txt");
            panic!("data/scenarios/links.txt was not current: it has been rewritten, commit it");
        }
    }

    #[test]
    fn the_built_in_scenarios_open_without_inflating() {
        for scenario in catalog::scenario_sources() {
            let envelope = link::Envelope::read(scenario.link)
                .unwrap_or_else(|e| panic!("scenario {}: {e}", scenario.file));
            assert!(envelope.deflated().is_none(), "scenario {}", scenario.file);
        }
        assert!(landing().is_some());
    }
}
