//! The landing scenario's numbers as static HTML, written into `index.html` so that the page
//! shows them before its WebAssembly has loaded; the app replaces them when it mounts. A test
//! (`core/tests/first_paint.rs`) holds `index.html` to what this renders now, so the static
//! numbers can never drift from the app's. No test hook is written here: the hooks belong to
//! the app's own elements, and two elements with one hook would confuse whoever tests the page.

use std::fmt::Write as _;

use crate::analysis::Analysis;
use crate::export::xml_text;
use crate::format::{hours, money, signed_count};
use crate::model::Decision;
use crate::verdict::Verdict;

/// The block `index.html` holds between its first-paint markers: the decision's title and
/// question, and each option's verdict and headline numbers.
pub fn first_paint_html(decision: &Decision, analysis: &Analysis) -> String {
    let mut out = String::with_capacity(2048);
    let _ = write!(
        out,
        "<div id=\"first-paint\" class=\"first-paint\"><p class=\"hint\">The built-in example, while the explorer loads.</p><h1>{}</h1><p class=\"question\">{}</p><div class=\"options\">",
        xml_text(&decision.title),
        xml_text(&decision.question)
    );
    for (index, option) in analysis.options.iter().enumerate() {
        let v = &option.versus_baseline;
        let is_baseline = index == analysis.baseline;
        let verdict = Verdict::of(v, analysis.context.horizon_months, is_baseline);
        let _ = write!(
            out,
            "<section class=\"option\"><h2>{}</h2><p class=\"verdict\">{}</p><p class=\"totals\">Operates {} components · {} a month · {} a month</p>",
            xml_text(&option.name),
            xml_text(&verdict.sentence()),
            option.managed_kinds.len(),
            xml_text(&hours(option.totals.ops_hours_month)),
            xml_text(&money(option.totals.money_month)),
        );
        if !is_baseline {
            let _ = write!(
                out,
                "<p class=\"totals\">Against the baseline: {} components to operate, {} of ops a month</p><p class=\"net\"><span class=\"net-label\">Net monthly value</span> <strong class=\"net-value\">{}</strong></p>",
                xml_text(&signed_count(v.added_kinds.len() as i64 - v.removed_kinds.len() as i64)),
                xml_text(&hours(v.ops_hours_month)),
                xml_text(&money(v.net_month)),
            );
        }
        out.push_str("</section>");
    }
    out.push_str("</div></div>");
    out
}
