//! The two-sample Kolmogorov–Smirnov test: are two sets of values drawn from the same
//! distribution? Used for the overtraining check and to calibrate our generator. Depends on
//! `data::order` only (the values' order keys).

/// Result of a two-sample KS test.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KsTest {
    /// D = sup |F₁(x) − F₂(x)| over x, between the two empirical distribution functions.
    pub statistic: f64,
    /// Asymptotic p-value Q_KS(λ), λ = (√nₑ + 0.12 + 0.11/√nₑ)·D with nₑ = n₁n₂/(n₁+n₂)
    /// (Numerical Recipes, §14.3); Q_KS(λ) = 2 Σ_{k≥1} (−1)^(k−1) exp(−2k²λ²).
    pub p_value: f64,
}

/// Compares `a` and `b` (NaN values are ignored). With an empty side the statistic is 0 and
/// the p-value 1: there is no evidence of a difference.
pub fn ks_two_sample(a: &[f64], b: &[f64]) -> KsTest {
    // In `total_cmp` order by radix (a model's 10⁶ scores: a few milliseconds, where a
    // comparison sort took tens).
    let sorted =
        |v: &[f64]| crate::data::order::sorted_values(v.iter().copied().filter(|x| !x.is_nan()));
    let (a, b) = (sorted(a), sorted(b));
    if a.is_empty() || b.is_empty() {
        return KsTest {
            statistic: 0.0,
            p_value: 1.0,
        };
    }
    let (n1, n2) = (a.len() as f64, b.len() as f64);
    let (mut i, mut j, mut d) = (0, 0, 0.0_f64);
    while i < a.len() && j < b.len() {
        let x = a[i].min(b[j]);
        // Step past every copy of x on both sides, so ties are handled as one jump.
        while i < a.len() && a[i] <= x {
            i += 1;
        }
        while j < b.len() && b[j] <= x {
            j += 1;
        }
        d = d.max((i as f64 / n1 - j as f64 / n2).abs());
    }
    let ne = n1 * n2 / (n1 + n2);
    let lambda = (ne.sqrt() + 0.12 + 0.11 / ne.sqrt()) * d;
    KsTest {
        statistic: d,
        p_value: kolmogorov_q(lambda),
    }
}

fn kolmogorov_q(lambda: f64) -> f64 {
    if lambda < 1e-3 {
        return 1.0;
    }
    let mut sum = 0.0;
    let mut sign = 1.0;
    for k in 1..=100 {
        let k = f64::from(k);
        let term = sign * (-2.0 * k * k * lambda * lambda).exp();
        sum += term;
        if term.abs() < 1e-12 {
            break;
        }
        sign = -sign;
    }
    (2.0 * sum).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statistic_by_hand() {
        // a = {1,2,3,4}, b = {3,4,5,6}: after 2, F_a = 0.5 and F_b = 0 → D = 0.5.
        let t = ks_two_sample(&[1.0, 2.0, 3.0, 4.0], &[3.0, 4.0, 5.0, 6.0]);
        assert_eq!(t.statistic, 0.5);
        // nₑ = 2, λ = (1.41421 + 0.12 + 0.07778)·0.5 = 0.805998; Q(λ) = 2 Σ (−1)^(k−1) e^(−2k²λ²)
        // = 0.5344157 (the same series summed in Python's math module).
        assert!((t.p_value - 0.534_415_719).abs() < 1e-8, "{}", t.p_value);
    }

    #[test]
    fn identical_samples_give_p_one_and_shifted_samples_small_p() {
        let a: Vec<f64> = (0..500).map(f64::from).collect();
        let same = ks_two_sample(&a, &a);
        assert_eq!(same.statistic, 0.0);
        assert!(same.p_value > 0.99);
        // Shifted by 100 of 500 evenly spread values: D = 100/500 = 0.2 exactly; λ ≈ 3.19, p ≈ 2e-9.
        let shifted: Vec<f64> = a.iter().map(|x| x + 100.0).collect();
        let t = ks_two_sample(&a, &shifted);
        assert!((t.statistic - 0.2).abs() < 1e-9);
        assert!(t.p_value < 0.01, "{}", t.p_value);
    }

    #[test]
    fn ties_and_empty_inputs() {
        assert_eq!(
            ks_two_sample(&[1.0, 1.0, 2.0], &[1.0, 2.0, 2.0]).statistic,
            1.0 / 3.0
        );
        assert_eq!(ks_two_sample(&[], &[1.0]).p_value, 1.0);
    }
}

#[cfg(test)]
mod radix_order {
    /// The radix order gives the statistic the comparison sort gave, on 30 000 values with ties,
    /// ±0, infinities and NaN (left out).
    #[test]
    fn the_statistic_is_the_comparison_sorts() {
        let mut next = crate::data::fixture::uniform(5);
        let mut draw = |n: usize, shift: f64| -> Vec<f64> {
            (0..n)
                .map(|i| match i % 97 {
                    0 => f64::NAN,
                    1 => -0.0,
                    2 => 0.0,
                    3 => f64::INFINITY,
                    4 => f64::NEG_INFINITY,
                    _ => ((next() + shift) * 50.0).floor() / 50.0 - 0.5,
                })
                .collect()
        };
        let (a, b) = (draw(30_000, 0.0), draw(20_000, 0.02));
        let by_comparison = |v: &[f64]| {
            let mut s: Vec<f64> = v.iter().copied().filter(|x| !x.is_nan()).collect();
            s.sort_unstable_by(f64::total_cmp);
            s
        };
        let (sa, sb) = (by_comparison(&a), by_comparison(&b));
        let (n1, n2) = (sa.len() as f64, sb.len() as f64);
        let (mut i, mut j, mut d) = (0, 0, 0.0_f64);
        while i < sa.len() && j < sb.len() {
            let x = sa[i].min(sb[j]);
            while i < sa.len() && sa[i] <= x {
                i += 1;
            }
            while j < sb.len() && sb[j] <= x {
                j += 1;
            }
            d = d.max((i as f64 / n1 - j as f64 / n2).abs());
        }
        let ks = super::ks_two_sample(&a, &b);
        assert_eq!(ks.statistic.to_bits(), d.to_bits());
        assert!(d > 0.01, "the shift shows: {d}");
    }
}
