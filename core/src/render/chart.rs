//! The break-even chart: each option's net monthly value as one assumption sweeps its range
//! ([`crate::sweep::Sweep`]), drawn as SVG for the page and the export alike. Every text goes
//! through `xml_text`; the hooks are PRODUCT.md's (`sweep-chart`, `sweep-line`,
//! `sweep-crossing`).

use std::fmt::Write as _;

use super::Markup;
use crate::export::xml_text;
use crate::format::{money, number, Rounded};
use crate::ranges::Bands;
use crate::sweep::Sweep;

const WIDTH: f64 = 640.0;
const PLOT_HEIGHT: f64 = 240.0;
const LEFT: f64 = 72.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 14.0;
/// Below the plot: the x axis' labels, then one legend row per option.
const AXIS: f64 = 40.0;
const LEGEND_ROW: f64 = 18.0;
/// Ticks on each axis are about this many spans of the axis' length apart, at round values.
const TICKS: f64 = 6.0;

/// Round tick values covering `low..=high`: steps of 1, 2 or 5 times a power of ten.
fn ticks(low: f64, high: f64) -> Vec<f64> {
    let span = high - low;
    if !(span.is_finite() && span > 0.0) {
        return vec![low];
    }
    let raw = span / TICKS;
    let exponent = raw.log10().floor() as i32;
    let power = 10f64.powi(exponent);
    let multiple = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .find(|m| m * power >= raw)
        .unwrap_or(10.0);
    let step = multiple * power;
    let first = (low / step).ceil() as i64;
    let last = (high / step).floor() as i64;
    // i × multiple is whole; dividing by a whole power of ten keeps 0.6 from reading
    // 0.6000000000000001.
    let at = |i: i64| {
        let whole = i as f64 * multiple;
        if exponent < 0 {
            whole / 10f64.powi(-exponent)
        } else {
            whole * power
        }
    };
    (first..=last).map(at).collect()
}

/// Line colours, in option order; the baseline is drawn grey.
const COLOURS: [&str; 6] = [
    "#6d28d9", "#0f766e", "#b45309", "#be185d", "#1d4ed8", "#4d7c0f",
];
const BASELINE_COLOUR: &str = "#8a93a3";

/// The chart of `sweep`, with each option's 5–95 band when `bands` are given, and a read-out
/// cursor at sample `cursor` if any.
pub fn sweep_chart(sweep: &Sweep, bands: Option<&Bands>, cursor: Option<usize>) -> Markup {
    let legend_rows = sweep.lines.len() + usize::from(bands.is_some());
    let height = TOP + PLOT_HEIGHT + AXIS + LEGEND_ROW * legend_rows as f64;
    let (x_low, x_high) = (
        sweep.xs.first().copied().unwrap_or(0.0),
        sweep.xs.last().copied().unwrap_or(1.0),
    );
    let band_values = bands
        .into_iter()
        .flat_map(|b| {
            b.lines
                .iter()
                .flatten()
                .flat_map(|(low, high)| [*low, *high])
        })
        .filter(|v| v.is_finite());
    let values = sweep
        .lines
        .iter()
        .flat_map(|l| l.values.iter().flatten().copied())
        .chain(band_values);
    let (mut y_low, mut y_high) =
        values.fold((0.0_f64, 0.0_f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
    if y_high - y_low < 1.0 {
        y_high += 1.0;
        y_low -= 1.0;
    }
    let pad = (y_high - y_low) * 0.05;
    let (y_low, y_high) = (y_low - pad, y_high + pad);
    let plot_width = WIDTH - LEFT - RIGHT;
    let x_at = |x: f64| {
        if x_high > x_low {
            LEFT + (x - x_low) / (x_high - x_low) * plot_width
        } else {
            LEFT + plot_width / 2.0
        }
    };
    let y_at = |y: f64| TOP + (y_high - y) / (y_high - y_low) * PLOT_HEIGHT;

    let mut out = String::with_capacity(8 * 1024);
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" data-testid=\"sweep-chart\" viewBox=\"0 0 {WIDTH} {}\" width=\"{WIDTH}\" height=\"{}\" font-family=\"system-ui, sans-serif\" font-size=\"11\" role=\"img\" aria-label=\"{}\">",
        Rounded::whole(height),
        Rounded::whole(height),
        xml_text(&format!(
            "Net monthly value of each option as {} changes",
            sweep.param.describe(sweep.now)
        ))
    );
    let _ = write!(
        out,
        "<rect x=\"{LEFT}\" y=\"{TOP}\" width=\"{plot_width}\" height=\"{PLOT_HEIGHT}\" fill=\"none\" stroke=\"#d8dce4\"/>"
    );
    // Axes' ticks and labels, at round values.
    for y_value in ticks(y_low, y_high) {
        let y_position = y_at(y_value);
        let y = Rounded::tenths(y_position);
        let _ = write!(
            out,
            "<line x1=\"{LEFT}\" x2=\"{}\" y1=\"{y}\" y2=\"{y}\" stroke=\"#eef0f4\"/><text x=\"{}\" y=\"{}\" text-anchor=\"end\" fill=\"#5b6475\">{}</text>",
            Rounded::tenths(LEFT + plot_width),
            Rounded::tenths(LEFT - 6.0),
            Rounded::tenths(y_position + 4.0),
            xml_text(&money(y_value))
        );
    }
    for x_value in ticks(x_low, x_high) {
        let x = Rounded::tenths(x_at(x_value));
        let _ = write!(
            out,
            "<line x1=\"{x}\" x2=\"{x}\" y1=\"{}\" y2=\"{}\" stroke=\"#8a93a3\"/><text x=\"{x}\" y=\"{}\" text-anchor=\"middle\" fill=\"#5b6475\">{}</text>",
            Rounded::tenths(TOP + PLOT_HEIGHT),
            Rounded::tenths(TOP + PLOT_HEIGHT + 4.0),
            Rounded::tenths(TOP + PLOT_HEIGHT + 16.0),
            xml_text(&number(x_value))
        );
    }
    let _ = write!(
        out,
        "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"#1f2430\">{}</text>",
        Rounded::tenths(LEFT + plot_width / 2.0),
        Rounded::tenths(TOP + PLOT_HEIGHT + 32.0),
        xml_text(&sweep.name)
    );
    // The zero rule and today's value.
    let zero = Rounded::tenths(y_at(0.0));
    let _ = write!(
        out,
        "<line class=\"sweep-zero\" x1=\"{LEFT}\" x2=\"{}\" y1=\"{zero}\" y2=\"{zero}\" stroke=\"#1f2430\" stroke-dasharray=\"4 3\"/>",
        Rounded::tenths(LEFT + plot_width)
    );
    let today = x_at(sweep.now);
    let _ = write!(
        out,
        "<line class=\"sweep-today\" x1=\"{}\" x2=\"{}\" y1=\"{TOP}\" y2=\"{}\" stroke=\"#8a93a3\" stroke-dasharray=\"2 3\"/><text x=\"{}\" y=\"{}\" fill=\"#5b6475\">today</text>",
        Rounded::tenths(today),
        Rounded::tenths(today),
        Rounded::tenths(TOP + PLOT_HEIGHT),
        Rounded::tenths(today + 3.0),
        Rounded::tenths(TOP + 10.0)
    );
    // Bands under the lines: 5th percentile along, 95th back.
    for (index, (line, band)) in bands
        .iter()
        .flat_map(|b| sweep.lines.iter().zip(&b.lines))
        .enumerate()
    {
        if line.is_baseline {
            continue;
        }
        let colour = COLOURS[index % COLOURS.len()];
        let mut points = String::new();
        let along = sweep.xs.iter().zip(band).map(|(x, (low, _))| (*x, *low));
        let back = sweep
            .xs
            .iter()
            .zip(band)
            .rev()
            .map(|(x, (_, high))| (*x, *high));
        for (x, y) in along.chain(back).filter(|(_, y)| y.is_finite()) {
            let _ = write!(
                points,
                "{},{} ",
                Rounded::tenths(x_at(x)),
                Rounded::tenths(y_at(y))
            );
        }
        let _ = write!(
            out,
            "<polygon class=\"sweep-band\" data-option-id=\"{}\" points=\"{}\" fill=\"{colour}\" fill-opacity=\"0.15\" stroke=\"none\"/>",
            xml_text(&line.option),
            points.trim_end()
        );
    }
    // One line per option.
    for (index, line) in sweep.lines.iter().enumerate() {
        let colour = if line.is_baseline {
            BASELINE_COLOUR
        } else {
            COLOURS[index % COLOURS.len()]
        };
        let mut points = String::new();
        for (x, value) in sweep.xs.iter().zip(&line.values) {
            if let Some(value) = value {
                let _ = write!(
                    points,
                    "{},{} ",
                    Rounded::tenths(x_at(*x)),
                    Rounded::tenths(y_at(*value))
                );
            }
        }
        let _ = write!(
            out,
            "<polyline data-testid=\"sweep-line\" data-option-id=\"{}\" points=\"{}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"{}\"><title>{}</title></polyline>",
            xml_text(&line.option),
            points.trim_end(),
            if line.is_baseline { 1.5 } else { 2.5 },
            xml_text(&line.name)
        );
        let legend = TOP + PLOT_HEIGHT + AXIS + LEGEND_ROW * index as f64 + 12.0;
        let _ = write!(
            out,
            "<line x1=\"{LEFT}\" x2=\"{}\" y1=\"{}\" y2=\"{}\" stroke=\"{colour}\" stroke-width=\"2.5\"/><text x=\"{}\" y=\"{}\" fill=\"#1f2430\">{}{}</text>",
            Rounded::tenths(LEFT + 18.0),
            Rounded::tenths(legend - 4.0),
            Rounded::tenths(legend - 4.0),
            Rounded::tenths(LEFT + 24.0),
            Rounded::tenths(legend),
            xml_text(&line.name),
            if line.is_baseline { " (baseline)" } else { "" }
        );
    }
    // Where each crosses zero.
    for crossing in &sweep.crossings {
        let _ = write!(
            out,
            "<circle data-testid=\"sweep-crossing\" data-option-id=\"{}\" data-x=\"{}\" cx=\"{}\" cy=\"{zero}\" r=\"5\" fill=\"#fff\" stroke=\"#1f2430\" stroke-width=\"2\"><title>{}</title></circle>",
            xml_text(&crossing.option),
            crossing.x,
            Rounded::tenths(x_at(crossing.x)),
            xml_text(&format!(
                "{} crosses zero at {}",
                crossing.name,
                sweep.param.describe(crossing.x)
            ))
        );
    }
    if let Some(bands) = bands {
        let legend = TOP + PLOT_HEIGHT + AXIS + LEGEND_ROW * sweep.lines.len() as f64 + 12.0;
        let _ = write!(
            out,
            "<rect x=\"{LEFT}\" y=\"{}\" width=\"18\" height=\"9\" fill=\"#5b6475\" fill-opacity=\"0.2\"/><text x=\"{}\" y=\"{}\" fill=\"#1f2430\">{}</text>",
            Rounded::tenths(legend - 9.0),
            Rounded::tenths(LEFT + 24.0),
            Rounded::tenths(legend),
            xml_text(&format!(
                "Shaded: 5th to 95th percentile of {} draws at each value",
                number(bands.draws as f64)
            ))
        );
    }
    if let Some(x) = cursor.and_then(|i| sweep.xs.get(i)) {
        let at = Rounded::tenths(x_at(*x));
        let _ = write!(
            out,
            "<line class=\"sweep-cursor\" x1=\"{at}\" x2=\"{at}\" y1=\"{TOP}\" y2=\"{}\" stroke=\"#6d28d9\" stroke-width=\"1.5\"/>",
            Rounded::tenths(TOP + PLOT_HEIGHT)
        );
    }
    out.push_str("</svg>");
    Markup(out)
}

#[cfg(test)]
mod tests {
    use super::ticks;

    #[test]
    fn ticks_fall_on_round_values_inside_the_range() {
        assert_eq!(
            ticks(30.0, 3000.0),
            [500.0, 1000.0, 1500.0, 2000.0, 2500.0, 3000.0]
        );
        assert_eq!(ticks(-907.0, 7669.0), [0.0, 2000.0, 4000.0, 6000.0]);
        assert_eq!(ticks(0.0, 1.0), [0.0, 0.2, 0.4, 0.6, 0.8, 1.0]);
        assert_eq!(ticks(5.0, 5.0), [5.0]);
    }
}
