//! Random distributions shared by every dataset's generator: falling transverse-momentum
//! spectra, decay-angle shapes, Poisson counts and quota sampling. Depends only on [`Rng`].

use crate::rng::Rng;

/// The fraction of dN/dpT ∝ (1 + pT/p0)^(−n) above `min`: S(min) = (1 + min/p0)^(1−n).
pub fn spectrum_above(p0: f64, n: f64, min: f64) -> f64 {
    (1.0 + min / p0).powf(1.0 - n)
}

/// dN/dpT ∝ (1 + pT/p0)^(−n) restricted to pT > `min`, sampled by inverting its cumulative
/// distribution.
pub fn falling_pt(rng: &mut Rng, p0: f64, n: f64, min: f64) -> f64 {
    let survival = spectrum_above(p0, n, min) * (1.0 - rng.uniform());
    p0 * (survival.powf(-1.0 / (n - 1.0)) - 1.0)
}

/// cos θ distributed as (1 + a·cos²θ), by accept–reject: a = 1 for a transversely polarised
/// Z, a = −1 for a longitudinal one, larger a for pairs that share their momentum unevenly.
pub fn decay_cos_theta(rng: &mut Rng, a: f64) -> f64 {
    let ceiling = 1.0 + a.max(0.0);
    loop {
        let c = rng.range(-1.0, 1.0);
        if rng.uniform() * ceiling < 1.0 + a * c * c {
            return c;
        }
    }
}

/// A Gamma(k, θ)-distributed value (density ∝ x^(k−1)·e^(−x/θ), mean kθ, variance kθ²), by
/// Marsaglia and Tsang's method (ACM TOMS 26, 2000) for k ≥ 1. Its tail falls exponentially,
/// unlike a log-normal's, which suits a hard process whose momentum is bounded by the energy
/// available to it.
pub fn gamma(rng: &mut Rng, k: f64, theta: f64) -> f64 {
    let d = k.max(1.0) - 1.0 / 3.0;
    let c = 1.0 / (9.0 * d).sqrt();
    loop {
        let x = rng.normal();
        let v = (1.0 + c * x).powi(3);
        if v > 0.0 && rng.uniform().ln() < 0.5 * x * x + d - d * v + d * v.ln() {
            return d * v * theta;
        }
    }
}

/// Systematic sampling: `take()` is true for a fraction `p` of calls, evenly spread from a
/// random start.
pub struct Quota {
    p: f64,
    position: f64,
}

impl Quota {
    /// A quota for fraction `p` (0 ≤ p ≤ 1), starting at a random phase.
    pub fn new(p: f64, rng: &mut Rng) -> Self {
        Self {
            p,
            position: rng.uniform(),
        }
    }

    /// Whether this call falls in the quota.
    pub fn take(&mut self) -> bool {
        let before = self.position.floor();
        self.position += self.p;
        self.position.floor() > before
    }
}

/// A Poisson-distributed count with mean `mean` (Knuth's method). Large means are split into
/// chunks of at most 30 (a sum of independent Poisson counts is Poisson with the summed mean),
/// so e^(−mean) never underflows.
pub fn poisson(rng: &mut Rng, mean: f64) -> u32 {
    const CHUNK: f64 = 30.0;
    let mut total = 0;
    let mut left = mean.max(0.0);
    while left > CHUNK {
        total += poisson_small(rng, CHUNK);
        left -= CHUNK;
    }
    total + poisson_small(rng, left)
}

fn poisson_small(rng: &mut Rng, mean: f64) -> u32 {
    let limit = (-mean).exp();
    let mut product = rng.uniform();
    let mut count = 0;
    while product > limit {
        product *= rng.uniform();
        count += 1;
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn poisson_mean_and_variance_match_for_small_and_large_means() {
        let mut rng = Rng::new(3, 0);
        for mean in [2.5, 400.0] {
            let n = 20_000;
            let draws: Vec<f64> = (0..n).map(|_| f64::from(poisson(&mut rng, mean))).collect();
            let m = draws.iter().sum::<f64>() / f64::from(n);
            let v = draws.iter().map(|x| (x - m).powi(2)).sum::<f64>() / f64::from(n);
            // Standard error of the mean √(mean/n); of the variance ≈ mean·√(2/n). Allow 5σ.
            let n = f64::from(n);
            assert!(
                (m - mean).abs() < 5.0 * (mean / n).sqrt(),
                "mean {m} for {mean}"
            );
            assert!(
                (v - mean).abs() < 5.0 * mean * (2.0 / n).sqrt(),
                "var {v} for {mean}"
            );
        }
    }

    #[test]
    fn falling_pt_respects_its_minimum_and_median() {
        let mut rng = Rng::new(4, 0);
        let (p0, n, min) = (20.0, 5.0, 10.0);
        let mut draws: Vec<f64> = (0..20_000)
            .map(|_| falling_pt(&mut rng, p0, n, min))
            .collect();
        draws.sort_by(f64::total_cmp);
        assert!(draws[0] >= min);
        // Median m solves S(m) = S(min)/2: (1 + m/p0) = (1 + min/p0)·2^(1/(n−1)).
        let median = p0 * ((1.0 + min / p0) * 2_f64.powf(1.0 / (n - 1.0)) - 1.0);
        assert!(
            (draws[10_000] - median).abs() < 0.5,
            "{} vs {median}",
            draws[10_000]
        );
    }

    #[test]
    fn gamma_has_mean_k_theta_and_variance_k_theta_squared() {
        let mut rng = Rng::new(6, 0);
        let (k, theta) = (2.5, 60.0);
        let n = 40_000;
        let draws: Vec<f64> = (0..n).map(|_| gamma(&mut rng, k, theta)).collect();
        let n = f64::from(n);
        let m = draws.iter().sum::<f64>() / n;
        let v = draws.iter().map(|x| (x - m).powi(2)).sum::<f64>() / n;
        // Mean kθ = 150 with standard error θ√(k/n) ≈ 0.47; variance kθ² = 9000 with standard
        // error ≈ kθ²·√((2 + 6/k)/n) ≈ 94 (the fourth cumulant 6kθ⁴). Allow 5σ.
        assert!(
            (m - k * theta).abs() < 5.0 * theta * (k / n).sqrt(),
            "mean {m}"
        );
        let var = k * theta * theta;
        assert!(
            (v - var).abs() < 5.0 * var * ((2.0 + 6.0 / k) / n).sqrt(),
            "var {v}"
        );
        assert!(draws.iter().all(|&x| x > 0.0));
    }

    #[test]
    fn quota_hits_its_fraction_exactly_over_many_calls() {
        let mut rng = Rng::new(5, 0);
        let mut quota = Quota::new(0.07, &mut rng);
        let hits = (0..1000).filter(|_| quota.take()).count();
        assert!((69..=71).contains(&hits), "{hits}");
    }
}
