//! Decimal numbers read into `f64`, correctly rounded, without the standard library's parser.
//!
//! `str::parse::<f64>` brings a 10 KB table of powers of five (its Eisel–Lemire step) into the
//! data of the page's WebAssembly, and all of the data is in the first load. The page reads
//! numbers in two ways: a link's numbers (a decimal mantissa and exponent, `link.rs`) and the
//! numbers typed into fields. Both read here, through `minimal-lexical` built `compact`: its
//! Bellerophon step uses a table of a few hundred bytes, and when that step cannot decide, an
//! exact big-integer comparison does. Either way the result is the nearest `f64`, as
//! `str::parse` gives (a test compares the two).

/// The number a text writes as `[+|-]digits[.digits][(e|E)[+|-]digits]`, with a digit on at
/// least one side of the point, or `None`. Spaces around it are left out, as a field's value
/// is read; the rest is read whole. As with `str::parse`, a number too big for an `f64` reads
/// as an infinity and one too small as zero; unlike it, the words `inf`, `infinity` and `NaN`
/// are not numbers here.
pub fn parse(text: &str) -> Option<f64> {
    let (negative, unsigned) = split_sign(text.trim().as_bytes());
    let (integer, rest) = split_digits(unsigned);
    let (fraction, rest) = match rest {
        [b'.', rest @ ..] => split_digits(rest),
        _ => (&rest[..0], rest),
    };
    if integer.is_empty() && fraction.is_empty() {
        return None;
    }
    let exponent = match rest {
        [] => 0,
        [b'e' | b'E', exponent @ ..] => read_exponent(exponent)?,
        _ => return None,
    };
    let magnitude = nearest(integer, fraction, exponent);
    Some(if negative { -magnitude } else { magnitude })
}

/// The `f64` nearest to `mantissa × 10^exponent`.
pub fn from_parts(mantissa: i64, exponent: i32) -> f64 {
    let mut digits = [0u8; 20];
    let mut start = digits.len();
    let mut rest = mantissa.unsigned_abs();
    while rest > 0 {
        start -= 1;
        digits[start] = b'0' + (rest % 10) as u8;
        rest /= 10;
    }
    let magnitude = nearest(&digits[start..], &[], exponent);
    if mantissa < 0 {
        -magnitude
    } else {
        magnitude
    }
}

/// `integer.fraction × 10^exponent`, from digits only.
fn nearest(integer: &[u8], fraction: &[u8], exponent: i32) -> f64 {
    // Both steps want the integer without leading zeros and the fraction without trailing ones.
    let first = integer
        .iter()
        .position(|&digit| digit != b'0')
        .unwrap_or(integer.len());
    let last = fraction
        .iter()
        .rposition(|&digit| digit != b'0')
        .map_or(0, |at| at + 1);
    let (integer, fraction) = (&integer[first..], &fraction[..last]);
    exact_quotient_or_product(integer, fraction, exponent)
        .unwrap_or_else(|| nearest_in_general(integer, fraction, exponent))
}

/// The powers of ten an `f64` holds exactly.
const EXACT_POWERS_OF_TEN: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// Digits that make at most 15 significant ones, scaled by at most 10^±22: both the digits and
/// the power are exact `f64`s, so one division or multiplication, rounded as IEEE 754 rounds,
/// is the nearest `f64` (Clinger's fast path). The numbers people type and links carry are
/// such numbers; `None` for the others.
fn exact_quotient_or_product(integer: &[u8], fraction: &[u8], exponent: i32) -> Option<f64> {
    const MOST_EXACT_DIGITS: usize = 15;
    if integer.len() + fraction.len() > MOST_EXACT_DIGITS {
        return None;
    }
    let digits = integer
        .iter()
        .chain(fraction)
        .fold(0u64, |value, &digit| value * 10 + u64::from(digit - b'0'));
    let scale = i64::from(exponent) - i64::try_from(fraction.len()).ok()?;
    let power = EXACT_POWERS_OF_TEN.get(usize::try_from(scale.unsigned_abs()).ok()?)?;
    // At most 15 digits: below 2^53, so exact.
    let digits = digits as f64;
    Some(if scale < 0 {
        digits / power
    } else {
        digits * power
    })
}

/// Any other number, through `minimal-lexical`. Never inlined: the page's start reads only
/// numbers of the fast path, so that the split leaves this step (and the `pow` it calls) to
/// the deferred part of the page's code.
#[inline(never)]
fn nearest_in_general(integer: &[u8], fraction: &[u8], exponent: i32) -> f64 {
    minimal_lexical::parse_float(integer.iter(), fraction.iter(), exponent)
}

/// Whether `bytes` start with a minus, and what follows the sign, if any.
fn split_sign(bytes: &[u8]) -> (bool, &[u8]) {
    match bytes {
        [b'-', rest @ ..] => (true, rest),
        [b'+', rest @ ..] => (false, rest),
        all => (false, all),
    }
}

/// The leading ASCII digits of `bytes`, and what follows them.
fn split_digits(bytes: &[u8]) -> (&[u8], &[u8]) {
    let end = bytes
        .iter()
        .position(|byte| !byte.is_ascii_digit())
        .unwrap_or(bytes.len());
    bytes.split_at(end)
}

/// An exponent's optional sign and digits, and nothing after them. Its size is held to a
/// million either way, far from the `i32` limit once the digits before and after the point
/// are counted in: a bigger one changes the number only in a text of a million digits.
fn read_exponent(bytes: &[u8]) -> Option<i32> {
    const HELD_TO: i32 = 1_000_000;
    let (negative, digits) = split_sign(bytes);
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let size = digits.iter().fold(0i32, |size, &digit| {
        (size * 10 + i32::from(digit - b'0')).min(HELD_TO)
    });
    Some(if negative { -size } else { size })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// What `str::parse` reads, where both read a number.
    fn standard(text: &str) -> Option<f64> {
        text.parse().ok()
    }

    fn same(left: Option<f64>, right: Option<f64>) -> bool {
        match (left, right) {
            (Some(left), Some(right)) => left.to_bits() == right.to_bits(),
            (None, None) => true,
            _ => false,
        }
    }

    #[test]
    fn reads_what_the_standard_parser_reads_in_the_hard_cases() {
        let texts = [
            "0",
            "-0",
            "+0.0",
            "1",
            "1.",
            ".5",
            "-.5e1",
            "0.1",
            "0.30000000000000004",
            "3.0000000000000004",
            "1234.5678",
            "1e22",
            "1e23",
            "9007199254740993",
            "9007199254740992.5",
            "2.2250738585072011e-308",
            "2.2250738585072014e-308",
            "4.9e-324",
            "2.4703282292062327e-324",
            "2.4703282292062328e-324",
            "1.7976931348623157e308",
            "1.7976931348623158e308",
            "1.7976931348623159e308",
            "1e309",
            "1e-400",
            "1e999999999999",
            "1e-999999999999",
            "0.000000000000000000000000000000000000000000000000000000001e57",
            "7.038531e-26",
            "123456789012345678901234567890e-10",
            // More than 19 digits, counting zeros minimal-lexical must not be given.
            "0000000000000000000000001.5",
            "00000000000000000000000000000000000000000000000000000000000000000000000000000001e-3",
            "1.5000000000000000000000000",
            "0.10000000000000000000000000000000000000000000000000000000000000000000000000000",
            // The fast path's edges: 15 and 16 digits, powers of ten 10^±22 and 10^±23.
            "999999999999999",
            "9999999999999999",
            "999999999999999e22",
            "999999999999999e23",
            "999999999999999e-22",
            "999999999999999e-23",
            "12345678901234.5e-21",
            "0.0000000000000000000001",
            // Halfway between two doubles, then just above it, past the 19th digit.
            "9007199254740993.000000000000000000000000000000000000000000000000000000000000000000",
            "9007199254740993.000000000000000000000000000000000000000000000000000000000000000001",
        ];
        for text in texts {
            assert!(
                same(parse(text), standard(text)),
                "{text}: {:?} against {:?}",
                parse(text),
                standard(text)
            );
        }
    }

    #[test]
    fn a_text_that_is_not_a_number_is_refused() {
        for text in [
            "",
            " ",
            ".",
            "-",
            "+",
            "e5",
            ".e5",
            "1e",
            "1e+",
            "1e-",
            "1.2.3",
            "1,5",
            "1 000",
            "- 1",
            "1 e5",
            "--1",
            "+-1",
            "0x10",
            "1_000",
            "inf",
            "-infinity",
            "NaN",
            "1e5x",
            "١",
        ] {
            assert_eq!(parse(text), None, "{text:?}");
        }
    }

    #[test]
    fn spaces_around_a_number_are_left_out() {
        assert_eq!(parse(" 1.5 "), Some(1.5));
        assert_eq!(parse("\t-2e3\n"), Some(-2000.0));
    }

    #[test]
    fn a_long_text_is_read_in_bounded_work() {
        let digits = "7".repeat(1_000_000);
        let text = format!("0.{digits}e-5");
        assert!(same(parse(&text), standard(&text)));
        // The standard parser reads this one as infinity; it is 7,777,777,777.78.
        let text = format!("{digits}e-999990");
        assert_eq!(parse(&text), Some(7_777_777_777.777_778));
    }

    proptest! {
        #[test]
        fn numbers_in_reach_of_the_fast_path_read_as_the_standard_parser_reads_them(
            digits in 0u64..10_000_000_000_000_000,
            exponent in -26i32..26,
        ) {
            let text = format!("{digits}e{exponent}");
            prop_assert!(same(parse(&text), standard(&text)), "{}", text);
            prop_assert!(same(Some(from_parts(digits as i64, exponent)), standard(&text)), "{}", text);
        }

        #[test]
        fn every_double_reads_back_from_its_shortest_text(bits in any::<u64>()) {
            let value = f64::from_bits(bits);
            prop_assume!(value.is_finite());
            for text in [format!("{value}"), format!("{value:e}"), format!("{value:.3}")] {
                prop_assert!(same(parse(&text), standard(&text)), "{}", text);
            }
            prop_assert_eq!(parse(&format!("{value:e}")).map(f64::to_bits), Some(bits));
        }

        #[test]
        fn a_decimal_reads_as_the_standard_parser_reads_it(
            text in "[+-]?[0-9]{0,25}(\\.[0-9]{0,25})?([eE][+-]?[0-9]{1,3})?",
        ) {
            prop_assert!(same(parse(&text), standard(&text)), "{}", text);
        }

        #[test]
        fn parts_read_as_their_text(mantissa in any::<i64>(), exponent in -400i32..=400) {
            let text = format!("{mantissa}e{exponent}");
            prop_assert!(same(Some(from_parts(mantissa, exponent)), standard(&text)), "{}", text);
        }
    }
}
