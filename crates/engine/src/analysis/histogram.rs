//! Weighted histograms with numpy-compatible binning.
//!
//! numpy's rules, which every tutorial's matplotlib plot follows: bins are `[e_i, e_{i+1})` except
//! the last, which is closed `[e_{n-1}, e_n]`; default edges are 10 equal bins from the minimum to
//! the maximum of the data (widened by ±0.5 when they are equal). Weights are summed in f64, and
//! Σw² is kept per bin for statistical errors.

use crate::{Error, Result};

/// Bin edges: at least two, strictly increasing, all finite.
#[derive(Debug, Clone, PartialEq)]
pub struct Binning {
    edges: Vec<f64>,
    /// `Some((lo, hi))` when the bins are equal, which allows O(1) lookup exactly as numpy does.
    uniform: Option<(f64, f64)>,
}

/// Where a value falls relative to a binning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinPosition {
    /// Below the first edge.
    Underflow,
    /// Inside bin `i` (0-based).
    Bin(usize),
    /// Above the last edge.
    Overflow,
    /// NaN: not placed anywhere.
    Invalid,
}

impl Binning {
    /// `n` equal bins from `lo` to `hi`, with edges computed as `numpy.linspace(lo, hi, n + 1)`.
    pub fn uniform(n: usize, lo: f64, hi: f64) -> Result<Self> {
        if n == 0 {
            return Err(Error::InvalidBinning(
                "there must be at least one bin".into(),
            ));
        }
        if !(lo.is_finite() && hi.is_finite()) || lo >= hi {
            return Err(Error::InvalidBinning(format!(
                "the range must be finite and increasing, got {lo} to {hi}"
            )));
        }
        // numpy.linspace: start + i·step, with the last edge set to `stop` exactly.
        let step = (hi - lo) / n as f64;
        let mut edges: Vec<f64> = (0..=n).map(|i| lo + i as f64 * step).collect();
        edges[n] = hi;
        Ok(Self {
            edges,
            uniform: Some((lo, hi)),
        })
    }

    /// Explicit edges (variable widths allowed).
    pub fn explicit(edges: Vec<f64>) -> Result<Self> {
        if edges.len() < 2 {
            return Err(Error::InvalidBinning("give at least two edges".into()));
        }
        if edges.iter().any(|e| !e.is_finite()) {
            return Err(Error::InvalidBinning(
                "every edge must be a finite number".into(),
            ));
        }
        if edges.windows(2).any(|w| w[0] >= w[1]) {
            return Err(Error::InvalidBinning(
                "edges must increase from left to right".into(),
            ));
        }
        Ok(Self {
            edges,
            uniform: None,
        })
    }

    /// numpy's default for `np.histogram(values, bins=n)`: `n` equal bins from the smallest to the
    /// largest finite value, widened to ±0.5 around a single value, and 0–1 when there is no value.
    pub fn auto(values: &[f64], n: usize) -> Result<Self> {
        let (lo, hi) = values
            .iter()
            .filter(|v| v.is_finite())
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| {
                (lo.min(v), hi.max(v))
            });
        let (lo, hi) = if lo > hi {
            (0.0, 1.0)
        } else if lo == hi {
            (lo - 0.5, hi + 0.5)
        } else {
            (lo, hi)
        };
        Self::uniform(n, lo, hi)
    }

    /// The edges, `n_bins() + 1` of them.
    pub fn edges(&self) -> &[f64] {
        &self.edges
    }

    /// Number of bins.
    pub fn n_bins(&self) -> usize {
        self.edges.len() - 1
    }

    /// Lower edge of the first bin.
    pub fn lo(&self) -> f64 {
        self.edges[0]
    }

    /// Upper edge of the last bin.
    pub fn hi(&self) -> f64 {
        self.edges[self.n_bins()]
    }

    /// The bin holding `x`, following numpy's rules (the last bin includes its upper edge).
    pub fn find(&self, x: f64) -> BinPosition {
        if x.is_nan() {
            return BinPosition::Invalid;
        }
        let n = self.n_bins();
        if x < self.lo() {
            return BinPosition::Underflow;
        }
        if x > self.hi() {
            return BinPosition::Overflow;
        }
        let index = match self.uniform {
            Some((lo, hi)) => {
                // numpy computes a guess from the bin width, then corrects it against the edges
                // so that rounding never puts a value on the wrong side of an edge.
                let guess = ((x - lo) * (n as f64 / (hi - lo))) as usize;
                let mut i = guess.min(n - 1);
                if x < self.edges[i] {
                    i -= 1;
                } else if i + 1 < n && x >= self.edges[i + 1] {
                    i += 1;
                }
                i
            }
            None => self
                .edges
                .partition_point(|&e| e <= x)
                .saturating_sub(1)
                .min(n - 1),
        };
        BinPosition::Bin(index)
    }
}

/// Sum of weights, Σw² and raw count of values outside the bins.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Flow {
    /// Number of values.
    pub entries: u64,
    /// Σw.
    pub sumw: f64,
    /// Σw².
    pub sumw2: f64,
}

impl Flow {
    fn add(&mut self, w: f64) {
        self.entries += 1;
        self.sumw += w;
        self.sumw2 += w * w;
    }
}

/// A filled one-dimensional histogram.
#[derive(Debug, Clone, PartialEq)]
pub struct Histogram {
    /// The bins it was filled with.
    pub binning: Binning,
    /// Raw number of values per bin.
    pub entries: Vec<u64>,
    /// Σw per bin (equals `entries` when unweighted).
    pub sumw: Vec<f64>,
    /// Σw² per bin; the statistical error of a bin is √(Σw²).
    pub sumw2: Vec<f64>,
    /// Values below the first edge.
    pub underflow: Flow,
    /// Values above the last edge.
    pub overflow: Flow,
    /// NaN values (missing cells), which fall in no bin.
    pub invalid: u64,
}

impl Histogram {
    /// Fills `values` (with `weights`, or weight 1 each) into `binning`.
    ///
    /// A NaN value is counted in `invalid`; a NaN weight is treated as weight 0 for the sums.
    pub fn fill(binning: Binning, values: &[f64], weights: Option<&[f64]>) -> Self {
        let n = binning.n_bins();
        let mut histogram = Self {
            binning,
            entries: vec![0; n],
            sumw: vec![0.0; n],
            sumw2: vec![0.0; n],
            underflow: Flow::default(),
            overflow: Flow::default(),
            invalid: 0,
        };
        for (i, &x) in values.iter().enumerate() {
            let w = weights.map_or(1.0, |ws| ws.get(i).copied().unwrap_or(0.0));
            let w = if w.is_nan() { 0.0 } else { w };
            match histogram.binning.find(x) {
                BinPosition::Bin(b) => {
                    histogram.entries[b] += 1;
                    histogram.sumw[b] += w;
                    histogram.sumw2[b] += w * w;
                }
                BinPosition::Underflow => histogram.underflow.add(w),
                BinPosition::Overflow => histogram.overflow.add(w),
                BinPosition::Invalid => histogram.invalid += 1,
            }
        }
        histogram
    }

    /// Statistical error per bin, √(Σw²).
    pub fn errors(&self) -> Vec<f64> {
        self.sumw2.iter().map(|s| s.sqrt()).collect()
    }

    /// numpy's `density=True`: Σw_i / (Σ_bins Σw · width_i), so the bars integrate to 1.
    /// All zeros when the in-range total is zero.
    pub fn density(&self) -> Vec<f64> {
        let total: f64 = self.sumw.iter().sum();
        let edges = self.binning.edges();
        self.sumw
            .iter()
            .enumerate()
            .map(|(i, &s)| {
                if total == 0.0 {
                    0.0
                } else {
                    s / (total * (edges[i + 1] - edges[i]))
                }
            })
            .collect()
    }

    /// Σw inside the bins (under- and overflow excluded).
    pub fn total_in_range(&self) -> f64 {
        self.sumw.iter().sum()
    }
}

/// Several histograms on the same bins, drawn on top of each other (backgrounds stacked).
#[derive(Debug, Clone, PartialEq)]
pub struct StackedHistogram {
    /// The shared bins.
    pub binning: Binning,
    /// One layer per sample, in stacking order (first at the bottom), with its name.
    pub layers: Vec<(String, Histogram)>,
}

impl StackedHistogram {
    /// Fills one layer per `(name, values, weights)` with the same `binning`.
    pub fn fill<'a>(
        binning: &Binning,
        samples: impl IntoIterator<Item = (&'a str, &'a [f64], Option<&'a [f64]>)>,
    ) -> Self {
        let layers = samples
            .into_iter()
            .map(|(name, values, weights)| {
                (
                    name.to_owned(),
                    Histogram::fill(binning.clone(), values, weights),
                )
            })
            .collect();
        Self {
            binning: binning.clone(),
            layers,
        }
    }

    /// Σw per bin over all layers (the top of the stack).
    pub fn total(&self) -> Vec<f64> {
        let mut total = vec![0.0; self.binning.n_bins()];
        for (_, h) in &self.layers {
            for (t, v) in total.iter_mut().zip(&h.sumw) {
                *t += v;
            }
        }
        total
    }

    /// Statistical error of the stack per bin: √(Σ over layers of Σw²).
    pub fn total_errors(&self) -> Vec<f64> {
        let mut sumw2 = vec![0.0; self.binning.n_bins()];
        for (_, h) in &self.layers {
            for (t, v) in sumw2.iter_mut().zip(&h.sumw2) {
                *t += v;
            }
        }
        sumw2.into_iter().map(f64::sqrt).collect()
    }

    /// Cumulative tops per layer: `cumulative()[k][i]` = Σ of layers 0..=k in bin i (for drawing).
    pub fn cumulative(&self) -> Vec<Vec<f64>> {
        let mut running = vec![0.0; self.binning.n_bins()];
        self.layers
            .iter()
            .map(|(_, h)| {
                for (r, v) in running.iter_mut().zip(&h.sumw) {
                    *r += v;
                }
                running.clone()
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_binning_matches_numpy() {
        // numpy 2.4.6: np.histogram([1, 2, 2, 3, 3, 3, 4, 10]) → counts [1,2,3,1,0,0,0,0,0,1],
        // edges [1.0, 1.9, 2.8, 3.7, 4.6, 5.5, 6.4, 7.3, 8.2, 9.1, 10.0].
        let values = [1.0, 2.0, 2.0, 3.0, 3.0, 3.0, 4.0, 10.0];
        let h = Histogram::fill(Binning::auto(&values, 10).expect("bins"), &values, None);
        assert_eq!(h.entries, [1, 2, 3, 1, 0, 0, 0, 0, 0, 1]);
        let expected = [1.0, 1.9, 2.8, 3.7, 4.6, 5.5, 6.4, 7.3, 8.2, 9.1, 10.0];
        for (e, x) in h.binning.edges().iter().zip(expected) {
            assert!((e - x).abs() < 1e-12, "edge {e} vs {x}");
        }
        // The maximum lands in the last (closed) bin, not in overflow.
        assert_eq!(h.overflow.entries, 0);
    }

    #[test]
    fn edge_values_follow_numpy_half_open_bins() {
        // numpy 2.4.6: np.histogram([0, 0.1, 0.2, 0.3, 1.0], bins=10, range=(0, 1))[0]
        //   → [1, 1, 2, 0, 0, 0, 0, 0, 0, 1]
        // linspace's fourth edge is 0.30000000000000004, so 0.3 falls just below it, in bin 2.
        let values = [0.0, 0.1, 0.2, 0.3, 1.0];
        let h = Histogram::fill(Binning::uniform(10, 0.0, 1.0).expect("bins"), &values, None);
        assert_eq!(h.entries, [1, 1, 2, 0, 0, 0, 0, 0, 0, 1]);
    }

    #[test]
    fn weights_errors_and_flows() {
        let values = [-1.0, 0.5, 0.5, 1.5, 3.0, f64::NAN];
        let weights = [2.0, 0.5, -0.25, 1.0, 4.0, 9.0];
        let h = Histogram::fill(
            Binning::uniform(2, 0.0, 2.0).expect("bins"),
            &values,
            Some(&weights),
        );
        assert_eq!(h.entries, [2, 1]);
        // bin 0: 0.5 + (−0.25) = 0.25; Σw² = 0.25 + 0.0625 = 0.3125
        assert_eq!(h.sumw, [0.25, 1.0]);
        assert_eq!(h.sumw2, [0.3125, 1.0]);
        assert_eq!(h.errors()[0], 0.3125_f64.sqrt());
        assert_eq!(
            h.underflow,
            Flow {
                entries: 1,
                sumw: 2.0,
                sumw2: 4.0
            }
        );
        assert_eq!(
            h.overflow,
            Flow {
                entries: 1,
                sumw: 4.0,
                sumw2: 16.0
            }
        );
        assert_eq!(h.invalid, 1);
        // Every finite weight is accounted for once: in range + under + over.
        let total = h.total_in_range() + h.underflow.sumw + h.overflow.sumw;
        assert_eq!(total, 2.0 + 0.5 - 0.25 + 1.0 + 4.0);
    }

    #[test]
    fn density_integrates_to_one() {
        // numpy 2.4.6: np.histogram([0.5, 1.5, 1.5, 3], bins=[0, 1, 2, 4], density=True)[0]
        //   → [0.25, 0.5, 0.125]
        let values = [0.5, 1.5, 1.5, 3.0];
        let h = Histogram::fill(
            Binning::explicit(vec![0.0, 1.0, 2.0, 4.0]).expect("bins"),
            &values,
            None,
        );
        assert_eq!(h.density(), [0.25, 0.5, 0.125]);
    }

    #[test]
    fn explicit_bins_close_the_last_edge() {
        let b = Binning::explicit(vec![0.0, 1.0, 5.0]).expect("bins");
        assert_eq!(b.find(1.0), BinPosition::Bin(1));
        assert_eq!(b.find(5.0), BinPosition::Bin(1));
        assert_eq!(b.find(5.000001), BinPosition::Overflow);
        assert_eq!(b.find(-0.1), BinPosition::Underflow);
        assert_eq!(b.find(f64::NAN), BinPosition::Invalid);
    }

    #[test]
    fn degenerate_inputs_get_numpy_ranges_or_clear_errors() {
        let single = Binning::auto(&[3.0, 3.0], 10).expect("bins");
        assert_eq!((single.lo(), single.hi()), (2.5, 3.5));
        let empty = Binning::auto(&[f64::NAN], 10).expect("bins");
        assert_eq!((empty.lo(), empty.hi()), (0.0, 1.0));
        assert!(Binning::uniform(0, 0.0, 1.0).is_err());
        assert!(Binning::uniform(3, 1.0, 1.0).is_err());
        assert!(Binning::explicit(vec![0.0, 0.0]).is_err());
        assert!(Binning::explicit(vec![0.0, f64::INFINITY]).is_err());
    }

    #[test]
    fn stacks_add_layers_and_errors_in_quadrature() {
        let binning = Binning::uniform(2, 0.0, 2.0).expect("bins");
        let a = [0.5, 1.5, 1.5];
        let wa = [1.0, 2.0, 2.0];
        let b = [0.5, 5.0];
        let wb = [3.0, 7.0];
        let stack = StackedHistogram::fill(
            &binning,
            [("a", &a[..], Some(&wa[..])), ("b", &b[..], Some(&wb[..]))],
        );
        // bin 0: 1 + 3 = 4; bin 1: 2 + 2 = 4. Errors: √(1 + 9) = √10, √(4 + 4) = √8.
        assert_eq!(stack.total(), vec![4.0, 4.0]);
        assert_eq!(stack.total_errors(), vec![10.0_f64.sqrt(), 8.0_f64.sqrt()]);
        assert_eq!(stack.cumulative(), vec![vec![1.0, 4.0], vec![4.0, 4.0]]);
        // Everything is accounted for: in-range totals plus under/overflow equal all weights.
        let all: f64 = wa.iter().chain(&wb).sum();
        let accounted: f64 = stack.total().iter().sum::<f64>()
            + stack
                .layers
                .iter()
                .map(|(_, h)| h.underflow.sumw + h.overflow.sumw)
                .sum::<f64>();
        assert_eq!(accounted, all);
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config { cases: 1_000, failure_persistence: None, ..Default::default() })]
        /// Issue 3: stacked total = Σw in range + underflow + overflow, whatever the data.
        #[test]
        fn stacked_totals_account_for_every_weight(
            layers in proptest::collection::vec(
                proptest::collection::vec((-20.0..120.0_f64, -1.0..3.0_f64), 0..40), 1..5),
            n_bins in 1_usize..30,
        ) {
            let binning = Binning::uniform(n_bins, 0.0, 100.0).expect("bins");
            let split: Vec<(Vec<f64>, Vec<f64>)> = layers.iter().map(|l| l.iter().copied().unzip()).collect();
            let stack = StackedHistogram::fill(
                &binning,
                split.iter().map(|(v, w)| ("layer", v.as_slice(), Some(w.as_slice()))),
            );
            let all: f64 = layers.iter().flatten().map(|(_, w)| w).sum();
            let flows: f64 = stack.layers.iter().map(|(_, h)| h.underflow.sumw + h.overflow.sumw).sum();
            let in_range: f64 = stack.total().iter().sum();
            proptest::prop_assert!((in_range + flows - all).abs() < 1e-9);
            let entries: u64 = stack.layers.iter().map(|(_, h)| h.entries.iter().sum::<u64>() + h.underflow.entries + h.overflow.entries).sum();
            proptest::prop_assert_eq!(entries as usize, layers.iter().map(Vec::len).sum::<usize>());
        }
    }
}
