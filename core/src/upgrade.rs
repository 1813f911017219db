//! "See it with today's model": a document made with an earlier cost model, computed again with
//! today's, side by side with its own numbers. The document itself is never changed: the page
//! forks the upgraded copy into a draft, and the link keeps computing as it always did.

use crate::analysis::{analyse, Analysis};
use crate::catalog;
use crate::error::ModelError;
use crate::model::Decision;
use crate::verdict::Verdict;

/// Today's cost model: new documents use it, with the newest catalog.
pub const TODAY: u32 = 2;

/// What cost model 2 asks that model 1 did not, and what an upgraded document assumes for it.
/// Each is a context field the reader can change afterwards.
pub const SPARE_SHARE: f64 = 0.15;
pub const HOURS_PER_DEPLOY: f64 = 0.5;

/// Whether the document was made with an earlier cost model than today's.
pub fn is_older(decision: &Decision) -> bool {
    decision.cost_model < TODAY
}

/// The document as today's model reads it: the newest catalog (whose kinds keep every earlier
/// kind's id), today's cost model, and model 2's context filled in: a fixed fleet is taken to be
/// owned (an elastic one rented), with [`SPARE_SHARE`] of its capacity free, one team, and
/// [`HOURS_PER_DEPLOY`] a deploy. Everything the user wrote stays as it was.
pub fn to_today(decision: &Decision) -> Decision {
    let mut today = decision.clone();
    if !is_older(decision) {
        return today;
    }
    today.catalog_version = catalog::latest_version();
    today.cost_model = TODAY;
    let context = &mut today.context;
    context.fleet.owned = !context.fleet.elastic;
    context.fleet.spare_share = SPARE_SHARE;
    context.team.teams = 1;
    context.workload.hours_per_deploy = HOURS_PER_DEPLOY;
    today
}

/// One option's numbers under the document's own model and under today's.
#[derive(Clone, Debug, PartialEq)]
pub struct Side {
    pub net_month: f64,
    pub net_horizon: f64,
    pub added_components: i64,
    pub verdict: Verdict,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub option: String,
    pub then: Side,
    pub today: Side,
}

/// Each option of a document, computed with its own model and with today's.
#[derive(Clone, Debug, PartialEq)]
pub struct SideBySide {
    pub then_model: u32,
    pub rows: Vec<Row>,
    /// The upgraded document, ready to be forked into a draft.
    pub upgraded: Decision,
}

/// Computes a document with its own model and with today's. Either analysis failing (an
/// invalid model) is the error.
pub fn side_by_side(decision: &Decision) -> Result<SideBySide, ModelError> {
    let upgraded = to_today(decision);
    let then = analyse(decision)?;
    let today = analyse(&upgraded)?;
    let rows = then
        .options
        .iter()
        .zip(&today.options)
        .enumerate()
        .map(|(index, (a, _))| Row {
            option: a.name.clone(),
            then: side(&then, index),
            today: side(&today, index),
        })
        .collect::<Vec<_>>();
    debug_assert_eq!(rows.len(), today.options.len());
    Ok(SideBySide {
        then_model: decision.cost_model,
        rows,
        upgraded,
    })
}

fn side(analysis: &Analysis, index: usize) -> Side {
    let versus = &analysis.options[index].versus_baseline;
    Side {
        net_month: versus.net_month,
        net_horizon: versus.net_horizon,
        added_components: versus.managed_delta(),
        verdict: Verdict::of(
            versus,
            analysis.context.horizon_months,
            index == analysis.baseline,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::link;

    fn golden_landing() -> Decision {
        let json = include_str!("../tests/golden/k8s-storage.json");
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn a_model_1_document_is_upgraded_without_touching_what_the_user_wrote() {
        let old = golden_landing();
        let new = to_today(&old);
        assert_eq!((new.catalog_version, new.cost_model), (2, TODAY));
        assert!(
            new.context.fleet.owned,
            "a fixed fleet is taken to be owned"
        );
        assert_eq!(new.options, old.options);
        assert_eq!(new.title, old.title);
        // The old document still encodes as the format it always had.
        assert!(link::encode(&old).starts_with("v1."));
        assert!(link::encode(&new).starts_with("v3."));
    }

    #[test]
    fn side_by_side_keeps_the_old_numbers_and_adds_todays() {
        let old = golden_landing();
        let compared = side_by_side(&old).unwrap();
        let then_numbers = analyse(&old).unwrap();
        for (row, option) in compared.rows.iter().zip(&then_numbers.options) {
            assert_eq!(row.then.net_month, option.versus_baseline.net_month);
        }
        assert_eq!(compared.rows.len(), 2);
        assert_eq!(compared.rows[1].today.added_components, 2);
    }

    #[test]
    fn a_document_of_todays_model_is_its_own_upgrade() {
        let mut d = golden_landing();
        d = to_today(&d);
        assert!(!is_older(&d));
        assert_eq!(to_today(&d), d);
    }
}
