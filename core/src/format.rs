//! How numbers read in the page and in exports: one place, so that every view agrees.
//! Negative numbers use an ASCII hyphen so that anyone can parse them back.

mod rounded;

pub use rounded::Rounded;

/// Whole dollars with thousands separators: `$1,234`, `-$56`.
pub fn money(value: f64) -> String {
    let rounded = value.round();
    let sign = if rounded < 0.0 { "-" } else { "" };
    format!("{sign}${}", group_thousands(rounded.abs()))
}

/// Like [`money`] but always signed: `+$1,234`, `-$56`, `$0`.
pub fn signed_money(value: f64) -> String {
    let rounded = value.round();
    if rounded > 0.0 {
        format!("+{}", money(rounded))
    } else {
        money(rounded)
    }
}

/// At most this many names in one sentence or list: a long list says how long it is instead
/// of naming everything (a generated option has thousands of single points of failure; an etcd
/// cluster that 9,000 Patroni clusters need named all of them in its details: 80 ms natively and
/// 787 KB of markup to open it).
pub const NAMED_AT_MOST: usize = 8;

/// `a, b, c and 9,000 more`: the first [`NAMED_AT_MOST`] names, and how many are left.
pub fn named_few<'a>(names: impl ExactSizeIterator<Item = &'a str>) -> String {
    let more = names.len().saturating_sub(NAMED_AT_MOST);
    let named = names.take(NAMED_AT_MOST).collect::<Vec<_>>().join(", ");
    match more {
        0 => named,
        more => format!("{named} and {} more", number(more as f64)),
    }
}

/// Hours with one decimal below 100: `2.5 h`, `140 h`.
pub fn hours(value: f64) -> String {
    format!("{} h", number(value))
}

/// A plain number, at most two decimals below 10, one below 100, none above.
pub fn number(value: f64) -> String {
    if !value.is_finite() {
        return "—".to_string();
    }
    let magnitude = value.abs();
    if magnitude >= 1000.0 {
        let sign = if value < 0.0 { "-" } else { "" };
        return format!("{sign}{}", group_thousands(magnitude.round()));
    }
    let decimals = if magnitude >= 100.0 {
        0
    } else if magnitude >= 10.0 {
        1
    } else {
        2
    };
    let text = Rounded::new(value, decimals).to_string();
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    };
    if text == "-0" {
        "0".to_string()
    } else {
        text
    }
}

pub fn signed_number(value: f64) -> String {
    let text = number(value);
    if value > 0.0 && text != "0" {
        format!("+{text}")
    } else {
        text
    }
}

/// A signed integer count: `+2`, `-1`, `0`.
pub fn signed_count(value: i64) -> String {
    if value > 0 {
        format!("+{value}")
    } else {
        value.to_string()
    }
}

/// A share as a percentage: `30%`, `2.5%`.
pub fn percent(share: f64) -> String {
    format!("{}%", number(share * 100.0))
}

/// `1234567` as `1,234,567`, for a whole `value` of at least zero.
fn group_thousands(value: f64) -> String {
    let digits = Rounded::whole(value).to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_list_names_a_few_and_counts_the_rest() {
        let ids: Vec<String> = (0..1_234).map(|i| format!("c{i}")).collect();
        let few = |n: usize| named_few(ids[..n].iter().map(String::as_str));
        assert_eq!(few(0), "");
        assert_eq!(few(NAMED_AT_MOST), "c0, c1, c2, c3, c4, c5, c6, c7");
        assert_eq!(few(9), "c0, c1, c2, c3, c4, c5, c6, c7 and 1 more");
        assert_eq!(few(1_234), "c0, c1, c2, c3, c4, c5, c6, c7 and 1,226 more");
    }

    #[test]
    fn formats_money_hours_and_shares() {
        assert_eq!(money(1234.4), "$1,234");
        assert_eq!(money(-2100.6), "-$2,101");
        assert_eq!(money(0.2), "$0");
        assert_eq!(money(-0.2), "$0");
        assert_eq!(signed_money(12.0), "+$12");
        assert_eq!(hours(2.5), "2.5 h");
        assert_eq!(hours(140.0), "140 h");
        assert_eq!(number(1234567.0), "1,234,567");
        assert_eq!(number(1.23456), "1.23");
        assert_eq!(number(-0.001), "0");
        assert_eq!(signed_number(28.26), "+28.3");
        assert_eq!(signed_count(2), "+2");
        assert_eq!(signed_count(-1), "-1");
        assert_eq!(percent(0.3), "30%");
        assert_eq!(percent(0.025), "2.5%");
    }

    #[test]
    fn whole_amounts_read_the_same_on_either_side_of_the_integer_path() {
        for value in [
            0.0,
            7.0,
            999.0,
            1_000.0,
            123_456_789.0,
            9_007_199_254_740_991.0,
        ] {
            let exact = format!("{value:.0}");
            assert_eq!(group_thousands(value).replace(',', ""), exact, "{value}");
        }
        assert_eq!(
            group_thousands(9_007_199_254_740_991.0),
            "9,007,199,254,740,991"
        );
        assert_eq!(money(1e20), "$100,000,000,000,000,000,000");
        assert_eq!(money(-4_321.5), "-$4,322");
        assert_eq!(money(f64::INFINITY), "$inf");
        assert_eq!(number(-1_999.5), "-2,000");
    }
}
