//! The statistics of ranges: a number given as low / likely / high, drawn as a distribution that
//! reproduces all three, from a seeded generator, and what a page states of the samples. Which
//! numbers of a document are uncertain, and their draws, are `crate::ranges`'.
//!
//! Low and high are the 5th and 95th percentiles, not bounds: other tools read "10 to 20" as
//! bounds, and a range that stacked every low and every high would be far too wide. Likely is
//! the median. A quantity that cannot go below zero is a split lognormal (its logarithm is
//! normal with one spread below the median and another above, so that both ends land where
//! they were given); a share is a split normal, kept within 0 and 1. The shape follows the
//! field's type, never the value typed.
//!
//! Every option and every sweep point is computed on the same draws (the same seed, the same
//! standard normals in the same order), so that options are compared sample by sample.

use rand_chacha::rand_core::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, StandardNormal};

/// The standard normal's 95th percentile: low and high lie this many spreads from the median.
pub const Z_95: f64 = 1.644_853_626_951_472_2;

/// How a field's values are distributed, by the field's type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// A quantity that cannot go below zero (hours, money, counts, sizes).
    NonNegative,
    /// A share, from 0 to 1.
    Share,
}

/// A number given as a range: the 5th percentile, the median, the 95th percentile.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Estimate {
    pub low: f64,
    pub likely: f64,
    pub high: f64,
}

impl Estimate {
    /// Why the three values cannot make a range, if they cannot: each finite, in order, and
    /// within the shape's domain.
    pub fn check(&self, shape: Shape) -> Result<(), String> {
        let Estimate { low, likely, high } = *self;
        if ![low, likely, high].iter().all(|v| v.is_finite()) {
            return Err("low, likely and high must be numbers".into());
        }
        if !(low <= likely && likely <= high) {
            return Err("low ≤ likely ≤ high: low is the 5th percentile, high the 95th".into());
        }
        if low < 0.0 {
            return Err("this value cannot go below zero".into());
        }
        if shape == Shape::Share && high > 1.0 {
            return Err("a share is at most 100%".into());
        }
        Ok(())
    }

    /// The value at standard normal `z` (z = 0 is the median, ±1.645 are low and high).
    pub fn at(&self, shape: Shape, z: f64) -> f64 {
        let Estimate { low, likely, high } = *self;
        // A side of no width is the median itself, exactly (a logarithm and back is not).
        if (z <= 0.0 && low == likely) || (z >= 0.0 && high == likely) {
            return likely;
        }
        let split = |below: f64, above: f64| if z < 0.0 { z * below } else { z * above };
        match shape {
            Shape::NonNegative if low > 0.0 => {
                let (l, m, h) = (low.ln(), likely.ln(), high.ln());
                (m + split((m - l) / Z_95, (h - m) / Z_95)).exp()
            }
            // A range that reaches zero has no logarithm there: a split normal, cut at zero.
            Shape::NonNegative => {
                (likely + split((likely - low) / Z_95, (high - likely) / Z_95)).max(0.0)
            }
            Shape::Share => {
                (likely + split((likely - low) / Z_95, (high - likely) / Z_95)).clamp(0.0, 1.0)
            }
        }
    }
}

/// `count` standard normal draws from `seed`: the same seed gives the same draws everywhere.
pub fn standard_normals(seed: u64, count: usize) -> Vec<f64> {
    let mut generator = ChaCha8Rng::seed_from_u64(seed);
    (0..count)
        .map(|_| StandardNormal.sample(&mut generator))
        .collect()
}

/// The `p`-th quantile (0 to 1) of sorted samples, interpolated between neighbours.
pub fn quantile(sorted: &[f64], p: f64) -> f64 {
    match sorted.len() {
        0 => f64::NAN,
        1 => sorted[0],
        n => {
            let at = p.clamp(0.0, 1.0) * (n - 1) as f64;
            let (below, above) = (at.floor() as usize, at.ceil() as usize);
            sorted[below] + (sorted[above] - sorted[below]) * (at - below as f64)
        }
    }
}

/// What a page states of an option's samples of its net value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Spread {
    pub p5: f64,
    pub median: f64,
    pub p95: f64,
    /// The share of samples where the option gains (net > 0).
    pub win_probability: f64,
    /// Every sample keeps one sign (all gain, or none does).
    pub robust: bool,
}

impl Spread {
    pub fn of(samples: &[f64]) -> Spread {
        let mut sorted: Vec<f64> = samples.iter().copied().filter(|v| v.is_finite()).collect();
        sorted.sort_by(f64::total_cmp);
        let wins = sorted.iter().filter(|v| **v > 0.0).count();
        let count = sorted.len().max(1);
        Spread {
            p5: quantile(&sorted, 0.05),
            median: quantile(&sorted, 0.5),
            p95: quantile(&sorted, 0.95),
            win_probability: wins as f64 / count as f64,
            robust: wins == 0 || wins == sorted.len(),
        }
    }
}

/// The chance that option `a` beats option `b`, sample by sample: the share of paired samples
/// (the same draws) where `a`'s value is above `b`'s. Overlapping intervals say nothing of it.
pub fn beats(a: &[f64], b: &[f64]) -> f64 {
    let pairs = a.len().min(b.len());
    if pairs == 0 {
        return f64::NAN;
    }
    let above = a.iter().zip(b).filter(|(x, y)| x > y).count();
    above as f64 / pairs as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(mut values: Vec<f64>) -> Vec<f64> {
        values.sort_by(f64::total_cmp);
        values
    }

    #[test]
    fn the_three_values_are_the_5th_50th_and_95th_percentiles() {
        let estimate = Estimate {
            low: 10.0,
            likely: 20.0,
            high: 60.0,
        };
        // Exactly, at the standard normal's own percentiles.
        assert!((estimate.at(Shape::NonNegative, -Z_95) - 10.0).abs() < 1e-9);
        assert!((estimate.at(Shape::NonNegative, 0.0) - 20.0).abs() < 1e-9);
        assert!((estimate.at(Shape::NonNegative, Z_95) - 60.0).abs() < 1e-9);
        // And in a large sample, within sampling error.
        let drawn = sorted(
            standard_normals(7, 20_000)
                .into_iter()
                .map(|z| estimate.at(Shape::NonNegative, z))
                .collect(),
        );
        assert!(
            (quantile(&drawn, 0.05) - 10.0).abs() < 0.3,
            "{}",
            quantile(&drawn, 0.05)
        );
        assert!(
            (quantile(&drawn, 0.5) - 20.0).abs() < 0.4,
            "{}",
            quantile(&drawn, 0.5)
        );
        assert!(
            (quantile(&drawn, 0.95) - 60.0).abs() < 2.0,
            "{}",
            quantile(&drawn, 0.95)
        );
        assert!(drawn[0] > 0.0, "a lognormal never goes below zero");
    }

    #[test]
    fn standard_normals_match_the_known_distribution_and_the_seed() {
        let draws = standard_normals(42, 50_000);
        let mean = draws.iter().sum::<f64>() / draws.len() as f64;
        let variance = draws.iter().map(|z| (z - mean).powi(2)).sum::<f64>() / draws.len() as f64;
        assert!(mean.abs() < 0.02, "{mean}");
        assert!((variance - 1.0).abs() < 0.03, "{variance}");
        let within = draws.iter().filter(|z| z.abs() <= Z_95).count() as f64 / draws.len() as f64;
        assert!((within - 0.90).abs() < 0.01, "{within}");
        // The same seed, the same draws; another seed, others.
        assert_eq!(standard_normals(42, 5), draws[..5]);
        assert_ne!(standard_normals(43, 5), draws[..5]);
    }

    /// A link will carry its seed and reproduce its numbers in later releases: the draws of a
    /// seed are frozen here, so that a dependency that changed them fails this test.
    #[test]
    fn the_draws_of_a_seed_never_change() {
        let draws: Vec<String> = standard_normals(2026, 4)
            .iter()
            .map(|z| format!("{z:.12}"))
            .collect();
        expect_test::expect!["0.364797957979 -0.200949653230 -1.380932587512 -1.038443292231"]
            .assert_eq(&draws.join(" "));
    }

    #[test]
    fn a_range_that_reaches_zero_or_a_share_stays_in_its_domain() {
        let from_zero = Estimate {
            low: 0.0,
            likely: 2.0,
            high: 5.0,
        };
        let share = Estimate {
            low: 0.1,
            likely: 0.3,
            high: 0.9,
        };
        for z in standard_normals(1, 5_000) {
            assert!(from_zero.at(Shape::NonNegative, z) >= 0.0);
            let s = share.at(Shape::Share, z);
            assert!((0.0..=1.0).contains(&s));
        }
        assert!((share.at(Shape::Share, Z_95) - 0.9).abs() < 1e-12);
    }

    #[test]
    fn a_range_out_of_order_or_out_of_its_domain_is_refused() {
        let e = |low, likely, high| Estimate { low, likely, high };
        assert!(e(1.0, 2.0, 3.0).check(Shape::NonNegative).is_ok());
        assert!(e(3.0, 2.0, 4.0).check(Shape::NonNegative).is_err());
        assert!(e(-1.0, 2.0, 4.0).check(Shape::NonNegative).is_err());
        assert!(e(0.1, 0.5, 1.5).check(Shape::Share).is_err());
        assert!(e(1.0, f64::NAN, 3.0).check(Shape::NonNegative).is_err());
    }

    #[test]
    fn the_spread_states_percentiles_the_chance_to_gain_and_robustness() {
        let samples: Vec<f64> = (0..=100).map(|i| i as f64 - 20.0).collect();
        let spread = Spread::of(&samples);
        assert_eq!(spread.median, 30.0);
        assert_eq!(spread.p5, -15.0);
        assert_eq!(spread.p95, 75.0);
        assert!((spread.win_probability - 80.0 / 101.0).abs() < 1e-12);
        assert!(!spread.robust);
        assert!(Spread::of(&[1.0, 2.0, 3.0]).robust);
    }

    /// Paired samples: two options that move together are compared draw by draw. Their
    /// intervals overlap almost entirely, yet one beats the other in every sample.
    #[test]
    fn paired_samples_compare_options_draw_by_draw() {
        let draws = standard_normals(3, 2_000);
        let a: Vec<f64> = draws.iter().map(|z| 100.0 * z + 1.0).collect();
        let b: Vec<f64> = draws.iter().map(|z| 100.0 * z).collect();
        assert_eq!(beats(&a, &b), 1.0);
        assert_eq!(beats(&b, &a), 0.0);
        // Independent of each other, the same two would be a coin toss.
        let other = standard_normals(4, 2_000);
        let c: Vec<f64> = other.iter().map(|z| 100.0 * z).collect();
        assert!((beats(&a, &c) - 0.5).abs() < 0.05);
    }
}
