//! Numbers of a drawing's markup (positions, sizes) written as `format!("{:.1}")` and
//! `format!("{:.0}")` write them, without their cost. The standard formatting of an `f64` to a
//! number of decimals works on the number's exact binary value, at times in big integers: a
//! thousand nodes' positions and sizes took 10–15 ms of the 30 ms their markup took in the
//! page. Most of a drawing's numbers are nowhere near a rounding tie, and a number that is
//! (within a millionth of a half) is left to the standard formatting, so the text is the same.

use std::fmt;

/// A position or size, with one decimal, as `{:.1}` writes it.
#[derive(Clone, Copy)]
pub(super) struct Tenths(pub f64);

/// Whole pixels, as `{:.0}` writes them.
#[derive(Clone, Copy)]
pub(super) struct Whole(pub f64);

impl fmt::Display for Tenths {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_rounded(f, self.0, 1)
    }
}

impl fmt::Display for Whole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_rounded(f, self.0, 0)
    }
}

/// Beyond this, a scaled value's rounding error could reach the margin kept from a tie.
const FAST_BELOW: f64 = 1e9;
/// How far from a half the fraction of a scaled value must be to be rounded here.
const TIE_MARGIN: f64 = 1e-6;

/// `value` with `decimals` decimals (0 or 1), halves rounded to even.
fn write_rounded(f: &mut fmt::Formatter<'_>, value: f64, decimals: u8) -> fmt::Result {
    let scaled = if decimals == 0 { value } else { value * 10.0 };
    let fraction = scaled - scaled.floor();
    // Negative numbers (and so "-0.0"), ties, huge and non-finite values: the standard way.
    let plain =
        scaled.is_sign_positive() && scaled < FAST_BELOW && (fraction - 0.5).abs() > TIE_MARGIN;
    if !plain {
        return write!(f, "{:.*}", usize::from(decimals), value);
    }
    // Below 1e9 and not negative: fits a u64 exactly.
    let rounded = scaled.round() as u64;
    if decimals == 0 {
        write!(f, "{rounded}")
    } else {
        write!(f, "{}.{}", rounded / 10, rounded % 10)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same_as_standard(value: f64) {
        assert_eq!(
            Tenths(value).to_string(),
            format!("{value:.1}"),
            "{value:?}"
        );
        assert_eq!(Whole(value).to_string(), format!("{value:.0}"), "{value:?}");
    }

    #[test]
    fn writes_what_the_standard_formatting_writes_at_ties_and_edges() {
        for value in [
            0.0,
            -0.0,
            0.05,
            0.15,
            0.25,
            0.35,
            0.45,
            0.5,
            1.5,
            2.5,
            2.25,
            2.35,
            9.95,
            9.96,
            99.95,
            -0.04,
            -0.05,
            -1.25,
            0.1 + 0.2,
            1e9,
            1e9 - 0.05,
            123_456_789.95,
            4.5e15,
            f64::MAX,
            f64::MIN_POSITIVE,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            1.0 / 3.0,
        ] {
            same_as_standard(value);
        }
    }

    #[test]
    fn writes_what_the_standard_formatting_writes_across_a_drawings_range() {
        // Layout positions: sums of widths estimated from character advances, halves and
        // thirds, up to a 10,000-node drawing's width; and a spread of arbitrary values.
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        for i in 0..200_000_u32 {
            same_as_standard(f64::from(i) * 0.05);
            same_as_standard(f64::from(i) / 3.0 + 0.125);
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            same_as_standard((state >> 11) as f64 / (1u64 << 53) as f64 * 2e6);
        }
    }
}
