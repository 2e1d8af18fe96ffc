//! A small, fully specified random number generator (xoshiro256** seeded by SplitMix64), so the
//! same seed gives byte-identical datasets on every machine and with every compiler version.

/// Deterministic random numbers: the engine's generator (the same one that shuffles and
/// bootstraps for training) with the distributions the physics models need.
#[derive(Debug, Clone)]
pub struct Rng(fivesigma_engine::ml::Rng);

impl Rng {
    /// A generator for `seed`; `stream` separates independent sequences (one per sample).
    pub fn new(seed: u64, stream: u64) -> Self {
        Self(fivesigma_engine::ml::Rng::new(seed, stream))
    }

    /// Uniform in [0, 1), 53 random bits.
    pub fn uniform(&mut self) -> f64 {
        self.0.uniform()
    }

    /// Standard normal (Box–Muller, one value per call for simplicity).
    pub fn normal(&mut self) -> f64 {
        self.0.normal()
    }

    /// Uniform in [lo, hi).
    pub fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.uniform()
    }

    /// Exponential with mean `mean`.
    pub fn exponential(&mut self, mean: f64) -> f64 {
        -mean * (1.0 - self.uniform()).ln()
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.uniform() < p
    }

    /// Shuffles `items` in place (Fisher–Yates): pseudo-data whose file order must not reveal
    /// the process each event came from.
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = (self.uniform() * (i + 1) as f64) as usize;
            items.swap(i, j.min(i));
        }
    }

    /// Breit–Wigner (Cauchy) around `mass` with full width `width`, redrawn until inside [lo, hi].
    pub fn breit_wigner(&mut self, mass: f64, width: f64, lo: f64, hi: f64) -> f64 {
        loop {
            let m = mass + 0.5 * width * (std::f64::consts::PI * (self.uniform() - 0.5)).tan();
            if (lo..=hi).contains(&m) {
                return m;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Rng;

    #[test]
    fn same_seed_same_numbers_and_streams_differ() {
        let a: Vec<f64> = (0..5)
            .map({
                let mut r = Rng::new(7, 1);
                move |_| r.uniform()
            })
            .collect();
        let b: Vec<f64> = (0..5)
            .map({
                let mut r = Rng::new(7, 1);
                move |_| r.uniform()
            })
            .collect();
        let c: Vec<f64> = (0..5)
            .map({
                let mut r = Rng::new(7, 2);
                move |_| r.uniform()
            })
            .collect();
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn moments_are_right() {
        let mut r = Rng::new(1, 0);
        let n = 200_000;
        let normals: Vec<f64> = (0..n).map(|_| r.normal()).collect();
        let mean = normals.iter().sum::<f64>() / n as f64;
        let var = normals.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n as f64;
        // Standard errors: mean 1/√n ≈ 0.0022, variance √(2/n) ≈ 0.0032; allow 4σ.
        assert!(
            mean.abs() < 0.009 && (var - 1.0).abs() < 0.013,
            "mean {mean}, var {var}"
        );
        let exp_mean = (0..n).map(|_| r.exponential(3.0)).sum::<f64>() / n as f64;
        assert!((exp_mean - 3.0).abs() < 0.03, "{exp_mean}");
        let bw: Vec<f64> = (0..n)
            .map(|_| r.breit_wigner(91.19, 2.5, 80.0, 100.0))
            .collect();
        let mut sorted = bw.clone();
        sorted.sort_by(f64::total_cmp);
        let median = sorted[n / 2];
        assert!((median - 91.19).abs() < 0.05 && sorted[0] >= 80.0 && sorted[n - 1] <= 100.0);
    }
}
