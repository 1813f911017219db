//! A number written with a fixed number of decimals, exactly as `format!("{:.N}")` writes it:
//! the exact binary value rounded, halves to even, and a negative number's sign kept (`-0.00`).
//!
//! Why not the standard formatting: to a number of decimals, it runs Grisu with a Dragon
//! fallback in big integers. That is about 6 KB of the page's first wasm part, and in the
//! browser's baseline compiler it was among the slowest calls of the start. A finite `f64` is
//! its 53-bit mantissa times a power of two: below 2^52, the mantissa times 10^decimals fits a
//! `u64`, is shifted down by that power, and the bits shifted out say how to round. From 2^52
//! on, every `f64` is a whole number: it is written out whole, in a decimal big integer when
//! it does not fit a `u64`.

use std::fmt;

/// At most this many decimals: a 53-bit mantissa times 10^3 still fits a `u64`.
pub const MAX_DECIMALS: u8 = 3;

/// `value` with `decimals` decimals (at most [`MAX_DECIMALS`]), as `{value:.decimals$}` writes
/// it.
#[derive(Clone, Copy, Debug)]
pub struct Rounded {
    value: f64,
    decimals: u8,
}

impl Rounded {
    /// Whole units, as `{:.0}` writes them.
    pub fn whole(value: f64) -> Rounded {
        Rounded::new(value, 0)
    }

    /// One decimal, as `{:.1}` writes it.
    pub fn tenths(value: f64) -> Rounded {
        Rounded::new(value, 1)
    }

    /// `decimals` decimals, at most [`MAX_DECIMALS`] (more are written as that many).
    pub fn new(value: f64, decimals: u8) -> Rounded {
        Rounded {
            value,
            decimals: decimals.min(MAX_DECIMALS),
        }
    }
}

impl fmt::Display for Rounded {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Rounded { value, decimals } = *self;
        if value.is_nan() {
            return f.write_str("NaN");
        }
        if value.is_sign_negative() {
            f.write_str("-")?;
        }
        if value.is_infinite() {
            return f.write_str("inf");
        }
        let (mantissa, power) = mantissa_and_power(value.abs());
        if power >= 0 {
            write_whole(f, mantissa, power.unsigned_abs())?;
            return write_zeros(f, decimals);
        }
        let scaled = mantissa * 10_u64.pow(decimals.into());
        write_scaled(
            f,
            shifted_right_to_nearest(scaled, power.unsigned_abs()),
            decimals,
        )
    }
}

/// `value` (finite, not negative) as `mantissa * 2^power`, the mantissa under 2^53.
fn mantissa_and_power(value: f64) -> (u64, i32) {
    let bits = value.to_bits();
    let fraction = bits & ((1 << 52) - 1);
    // The biased exponent: 11 bits, so the cast keeps it whole.
    let exponent = (bits >> 52) as i32;
    if exponent == 0 {
        (fraction, -1074)
    } else {
        (fraction | 1 << 52, exponent - 1075)
    }
}

/// `scaled / 2^shift`, rounded to the nearest whole number, halves to even.
fn shifted_right_to_nearest(scaled: u64, shift: u32) -> u64 {
    if shift >= 64 {
        // `scaled` is under 2^63, less than half of 2^shift.
        return 0;
    }
    let quotient = scaled >> shift;
    let remainder = scaled & ((1 << shift) - 1);
    let half = 1 << (shift - 1);
    let odd = quotient & 1 == 1;
    if remainder > half || (remainder == half && odd) {
        quotient + 1
    } else {
        quotient
    }
}

/// Room for the digits of any `u64` (20), a point, and zeros before the digits.
const SCALED_DIGITS_AT_MOST: usize = 20 + 1 + MAX_DECIMALS as usize;

/// `scaled` with its last `decimals` digits after the point, written in one piece. Through the
/// formatter's own machinery (a call for each part, padding the decimals) it was a fifth of the
/// task that draws a graph of a thousand components, whose coordinates are written so.
fn write_scaled(f: &mut fmt::Formatter<'_>, scaled: u64, decimals: u8) -> fmt::Result {
    let decimals = decimals.min(MAX_DECIMALS);
    let mut digits = [0_u8; SCALED_DIGITS_AT_MOST];
    let mut at = digits.len();
    let mut left = scaled;
    let mut written = 0;
    // From the last digit: the point after `decimals` of them, and a digit before it always.
    while left > 0 || written <= decimals {
        if written == decimals && decimals > 0 {
            at -= 1;
            digits[at] = b'.';
        }
        at -= 1;
        // A remainder of ten: the cast keeps it whole.
        digits[at] = b'0' + (left % 10) as u8;
        left /= 10;
        written += 1;
    }
    f.write_str(std::str::from_utf8(&digits[at..]).map_err(|_| fmt::Error)?)
}

fn write_zeros(f: &mut fmt::Formatter<'_>, decimals: u8) -> fmt::Result {
    if decimals == 0 {
        return Ok(());
    }
    f.write_str(".")?;
    (0..decimals).try_for_each(|_| f.write_str("0"))
}

/// A billion: each limb of the big integer holds nine decimal digits.
const LIMB: u64 = 1_000_000_000;

/// Shifts of the big integer at a time: a limb (under 2^30) shifted by this and a carry still
/// fit a `u64`.
const SHIFT_AT_MOST: u32 = 32;

/// `mantissa * 2^power`, a whole number: in a `u64` when it fits, else in base-10^9 limbs,
/// shifted left `power` bits (at most 971, for `f64::MAX`).
fn write_whole(f: &mut fmt::Formatter<'_>, mantissa: u64, power: u32) -> fmt::Result {
    if let Some(whole) = mantissa
        .checked_shl(power)
        .filter(|w| w >> power == mantissa)
    {
        return write!(f, "{whole}");
    }
    let mut limbs = vec![
        mantissa % LIMB,
        mantissa / LIMB % LIMB,
        mantissa / LIMB / LIMB,
    ];
    let mut left = power;
    while left > 0 {
        let shift = left.min(SHIFT_AT_MOST);
        left -= shift;
        let mut carry = 0;
        for limb in &mut limbs {
            let shifted = (*limb << shift) + carry;
            *limb = shifted % LIMB;
            carry = shifted / LIMB;
        }
        while carry > 0 {
            limbs.push(carry % LIMB);
            carry /= LIMB;
        }
    }
    while limbs.len() > 1 && limbs.last() == Some(&0) {
        limbs.pop();
    }
    let mut from_top = limbs.iter().rev();
    if let Some(top) = from_top.next() {
        write!(f, "{top}")?;
    }
    from_top.try_for_each(|limb| write!(f, "{limb:09}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same_as_standard(value: f64) {
        for decimals in 0..=MAX_DECIMALS {
            let width = usize::from(decimals);
            assert_eq!(
                Rounded::new(value, decimals).to_string(),
                format!("{value:.width$}"),
                "{value:?} to {decimals} decimals"
            );
        }
    }

    #[test]
    fn writes_what_the_standard_formatting_writes_at_ties_and_edges() {
        for value in [
            0.0,
            -0.0,
            0.05,
            0.125,
            0.375,
            0.15,
            0.25,
            0.35,
            0.45,
            0.5,
            1.5,
            2.5,
            2.25,
            2.35,
            1.005,
            9.95,
            9.96,
            99.95,
            999.995,
            999.9995,
            -0.001,
            -0.04,
            -0.05,
            -1.25,
            0.1 + 0.2,
            1.0 / 3.0,
            1e9,
            1e9 - 0.05,
            123_456_789.95,
            4.5e15,
            4_503_599_627_370_495.5,
            9_007_199_254_740_991.0,
            9_007_199_254_740_992.0,
            18_446_744_073_709_551_615.0,
            1e20,
            -1e20,
            1.5e300,
            f64::MAX,
            f64::MIN,
            f64::MIN_POSITIVE,
            f64::EPSILON,
            5e-324,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ] {
            same_as_standard(value);
        }
    }

    #[test]
    fn writes_what_the_standard_formatting_writes_across_the_range() {
        // Halves, thirds and eighths, as layout positions and amounts are made of; then every
        // power of two; then arbitrary bit patterns (any finite f64, and under a thousand).
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        for i in 0..100_000_u32 {
            same_as_standard(f64::from(i) * 0.05);
            same_as_standard(f64::from(i) / 3.0 + 0.125);
            same_as_standard(f64::from(i) * 0.0005 - 20.0);
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            same_as_standard((state >> 11) as f64 / (1u64 << 53) as f64 * 2e3);
            let any = f64::from_bits(state);
            if i % 8 == 0 && any.is_finite() {
                same_as_standard(any);
            }
        }
        for power in -1074..=1023 {
            same_as_standard(2f64.powi(power));
        }
    }
}
