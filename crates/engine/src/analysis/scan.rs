//! Significance scans: the value of a significance measure for a cut `x > t` (or `x < t`) at
//! many thresholds t, in O(n log n) — sort once, prefix sums of weights, binary search per t.

use super::significance::{Significance, Undefined, evaluate};
use crate::data::order::{order_key, sort_stably_by_key, value_of_key};

/// Which side of the threshold is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum CutDirection {
    /// Keep events with x > t (the notebook's `data[var] > x`).
    Above,
    /// Keep events with x < t.
    Below,
}

impl CutDirection {
    /// The comparison in the cut language: ">" or "<".
    pub fn operator(self) -> &'static str {
        match self {
            Self::Above => ">",
            Self::Below => "<",
        }
    }
}

/// The cut-language text that keeps `direction` of `threshold` on `variable`, e.g.
/// "lead_lep_pt > 100" (a name that is not a plain identifier in backticks: "`p_T (GeV)` > 30").
pub fn threshold_cut_text(variable: &str, direction: CutDirection, threshold: f64) -> String {
    format!(
        "{} {} {threshold}",
        super::cut::quote_column(variable),
        direction.operator()
    )
}

/// The smallest round step (1, 2 or 5 × 10ⁿ) at or above `target`: the step of tick marks, of
/// thresholds picked with the pointer and of ranges rounded out.
pub fn round_step(target: f64) -> f64 {
    let target = target.abs().max(f64::MIN_POSITIVE);
    let decade = 10_f64.powf(target.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * decade)
        .find(|s| *s >= target)
        .unwrap_or(10.0 * decade)
}

/// `x` rounded to a round step (1, 2 or 5 × 10ⁿ) near `span` / 200: a threshold picked with the
/// pointer on an axis `span` wide, written as a person would ("112.5", not "112.4873").
pub fn round_threshold(x: f64, span: f64) -> f64 {
    let step = round_step(span / 200.0);
    let rounded = (x / step).round() * step;
    // Strip binary noise (0.30000000000000004) by going through the step's decimal places.
    let decimals = (-step.log10().floor()).max(0.0) as usize;
    format!("{rounded:.decimals$}").parse().unwrap_or(rounded)
}

/// Which thresholds to scan.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Thresholds {
    /// Exactly these, in this order (e.g. the notebook's `[25, 50, …, 200]`).
    List(Vec<f64>),
    /// Every distinct finite value in the signal and background events (full resolution).
    EveryValue,
}

/// Weighted values sorted once, answering "sum of weights above/below t" in O(log n).
/// NaN values (missing) never pass a cut, as in pandas.
#[derive(Debug, Clone, PartialEq)]
pub struct CumulativeWeights {
    sorted: Vec<f64>,
    /// prefix[i] = Σ weights of the i smallest values (prefix[0] = 0), summed in f64.
    prefix: Vec<f64>,
}

impl CumulativeWeights {
    /// Sorts `values` (with `weights`, or 1 each). Values that are NaN are dropped.
    pub fn new(values: &[f64], weights: Option<&[f64]>) -> Self {
        // Sorted by value, equal values in the events' order (so the running sums are the same
        // to the last bit whichever sort does it). Each value travels as its order key with its
        // weight: no lookups back into the events afterwards.
        let mut order: Vec<(u64, f64)> = values
            .iter()
            .enumerate()
            .filter(|(_, v)| !v.is_nan())
            .map(|(i, &v)| {
                let w = weights.map_or(1.0, |w| w.get(i).copied().unwrap_or(0.0));
                (order_key(v), w)
            })
            .collect();
        sort_stably_by_key(&mut order);
        let mut prefix = Vec::with_capacity(order.len() + 1);
        let mut running = 0.0_f64;
        prefix.push(running);
        for &(_, w) in &order {
            running += w;
            prefix.push(running);
        }
        Self {
            sorted: order
                .into_iter()
                .map(|(key, _)| value_of_key(key))
                .collect(),
            prefix,
        }
    }

    /// Joins runs of (value, weight), each already in increasing [`f64::total_cmp`] order
    /// without NaN, into what [`new`](Self::new) makes of the runs one after another: equal
    /// values keep the runs' order, so the running sums are the same to the last bit. Runs are
    /// merged two neighbours at a time (n log k for k runs).
    pub fn from_sorted_runs(mut runs: Vec<(Vec<f64>, Vec<f64>)>) -> Self {
        while runs.len() > 1 {
            let mut joined = Vec::with_capacity(runs.len().div_ceil(2));
            let mut pairs = runs.into_iter();
            while let Some(left) = pairs.next() {
                joined.push(match pairs.next() {
                    Some(right) => merge_runs(left, right),
                    None => left,
                });
            }
            runs = joined;
        }
        let (sorted, weights) = runs.pop().unwrap_or_default();
        let mut prefix = Vec::with_capacity(weights.len() + 1);
        let mut running = 0.0_f64;
        prefix.push(running);
        for w in weights {
            running += w;
            prefix.push(running);
        }
        Self { sorted, prefix }
    }

    /// Σw of values strictly above `t`.
    pub fn above(&self, t: f64) -> f64 {
        let at_or_below = self.sorted.partition_point(|&v| v <= t);
        self.total() - self.prefix[at_or_below]
    }

    /// Σw of values strictly below `t`.
    pub fn below(&self, t: f64) -> f64 {
        self.prefix[self.sorted.partition_point(|&v| v < t)]
    }

    /// Σw of all non-NaN values.
    pub fn total(&self) -> f64 {
        self.prefix[self.sorted.len()]
    }

    /// Σw kept by a cut at `t` in `direction`.
    pub fn kept(&self, t: f64, direction: CutDirection) -> f64 {
        match direction {
            CutDirection::Above => self.above(t),
            CutDirection::Below => self.below(t),
        }
    }

    /// The sorted non-NaN values.
    pub fn sorted_values(&self) -> &[f64] {
        &self.sorted
    }
}

/// Two sorted runs of (value, weight) as one, the left's values first among equals.
fn merge_runs(left: (Vec<f64>, Vec<f64>), right: (Vec<f64>, Vec<f64>)) -> (Vec<f64>, Vec<f64>) {
    let n = left.0.len() + right.0.len();
    let (mut values, mut weights) = (Vec::with_capacity(n), Vec::with_capacity(n));
    let (mut i, mut j) = (0, 0);
    while i < left.0.len() && j < right.0.len() {
        if order_key(left.0[i]) <= order_key(right.0[j]) {
            values.push(left.0[i]);
            weights.push(left.1[i]);
            i += 1;
        } else {
            values.push(right.0[j]);
            weights.push(right.1[j]);
            j += 1;
        }
    }
    values.extend_from_slice(&left.0[i..]);
    weights.extend_from_slice(&left.1[i..]);
    values.extend_from_slice(&right.0[j..]);
    weights.extend_from_slice(&right.1[j..]);
    (values, weights)
}

/// One threshold of a scan.
#[derive(Debug, Clone, PartialEq)]
pub struct ScanPoint {
    /// The cut value t.
    pub threshold: f64,
    /// Weighted signal kept.
    pub signal: f64,
    /// Weighted background kept.
    pub background: f64,
    /// The measure, or why it has none here.
    pub value: Result<f64, Undefined>,
}

/// A whole scan and its optimum.
#[derive(Debug, Clone, PartialEq)]
pub struct Scan {
    /// The points, in threshold order as requested.
    pub points: Vec<ScanPoint>,
    /// Index of the largest defined value (the first, if several are equal).
    pub best: Option<usize>,
}

impl Scan {
    /// The optimum point, if any point is defined.
    pub fn best_point(&self) -> Option<&ScanPoint> {
        self.best.map(|i| &self.points[i])
    }

    /// The optimum point's index in `points`, if any point is defined.
    pub fn best_index(&self) -> Option<usize> {
        self.best
    }
}

/// Settings of a scan besides the data.
#[derive(Debug, Clone, PartialEq)]
pub struct ScanSettings {
    /// The measure.
    pub measure: Significance,
    /// Which side of each threshold is kept.
    pub direction: CutDirection,
    /// Which thresholds.
    pub thresholds: Thresholds,
    /// Background below this gives an undefined point (0: only B ≤ 0 is undefined).
    pub min_background: f64,
}

/// Scans `settings.thresholds` over signal and background events.
pub fn scan(
    signal: &CumulativeWeights,
    background: &CumulativeWeights,
    settings: &ScanSettings,
) -> Scan {
    let thresholds = match &settings.thresholds {
        Thresholds::List(list) => list.clone(),
        Thresholds::EveryValue => {
            distinct_values(signal.sorted_values(), background.sorted_values())
        }
    };
    let mut kept_signal = Kept::new(signal, settings.direction);
    let mut kept_background = Kept::new(background, settings.direction);
    let points: Vec<ScanPoint> = thresholds
        .into_iter()
        .map(|t| {
            let s = kept_signal.at(t);
            let b = kept_background.at(t);
            ScanPoint {
                threshold: t,
                signal: s,
                background: b,
                value: evaluate(settings.measure, s, b, settings.min_background),
            }
        })
        .collect();
    let best = points
        .iter()
        .enumerate()
        .filter_map(|(i, p)| p.value.ok().map(|v| (i, v)))
        .fold(None::<(usize, f64)>, |best, (i, v)| match best {
            Some((_, bv)) if bv >= v => best,
            _ => Some((i, v)),
        })
        .map(|(i, _)| i);
    Scan { points, best }
}

/// Σw kept by a cut in one direction at thresholds that mostly come in increasing order (every
/// scan's do): a cursor into the sorted values moves forward from the last threshold's place, so
/// 10⁶ thresholds cost one pass instead of 10⁶ binary searches. The place found is the one
/// [`CumulativeWeights::kept`] finds, so the sums are the same to the last bit.
struct Kept<'a> {
    weights: &'a CumulativeWeights,
    direction: CutDirection,
    /// Values before this index are at or below (Above) / below (Below) the last threshold.
    cursor: usize,
    last: f64,
}

impl<'a> Kept<'a> {
    fn new(weights: &'a CumulativeWeights, direction: CutDirection) -> Self {
        Self {
            weights,
            direction,
            cursor: 0,
            last: f64::NEG_INFINITY,
        }
    }

    fn at(&mut self, t: f64) -> f64 {
        let sorted = &self.weights.sorted;
        let before = |v: f64| match self.direction {
            CutDirection::Above => v <= t,
            CutDirection::Below => v < t,
        };
        if t.is_nan() || t < self.last {
            // Out of order (or NaN): search from the start, as `kept` does.
            self.cursor = sorted.partition_point(|&v| before(v));
        } else {
            while self.cursor < sorted.len() && before(sorted[self.cursor]) {
                self.cursor += 1;
            }
        }
        self.last = t;
        let below = self.weights.prefix[self.cursor];
        match self.direction {
            CutDirection::Above => self.weights.total() - below,
            CutDirection::Below => below,
        }
    }
}

/// Merges two sorted lists into their sorted distinct finite values, in one pass.
fn distinct_values(a: &[f64], b: &[f64]) -> Vec<f64> {
    let mut all = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        let take_a = j == b.len() || (i < a.len() && a[i].total_cmp(&b[j]).is_le());
        let v = if take_a {
            i += 1;
            a[i - 1]
        } else {
            j += 1;
            b[j - 1]
        };
        // `!=` as `dedup` has it: −0 and +0 are one threshold.
        if v.is_finite() && all.last() != Some(&v) {
            all.push(v);
        }
    }
    all
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn thresholds_from_the_pointer_are_rounded_and_written_as_cuts() {
        // Span 500 → target step 2.5 → step 5: 112.4873 → 110 (112.5 is not a multiple of 5).
        assert_eq!(round_threshold(112.4873, 500.0), 110.0);
        assert_eq!(round_threshold(113.0, 500.0), 115.0);
        // Span 3.2 (an angle) → target 0.016 → step 0.02: 2.8731 → 2.88.
        assert_eq!(round_threshold(2.8731, 3.2), 2.88);
        // Span 1 → step 0.005; 0.3 + ε prints as 0.3.
        assert_eq!(round_threshold(0.1 + 0.2, 1.0), 0.3);
        assert_eq!(
            threshold_cut_text("lead_lep_pt", CutDirection::Above, 110.0),
            "lead_lep_pt > 110"
        );
        assert_eq!(
            threshold_cut_text("dRll", CutDirection::Below, 1.25),
            "dRll < 1.25"
        );
    }

    #[test]
    fn every_value_is_each_distinct_finite_value_once() {
        // As sorting both lists together and `dedup` would give: −0 and +0 are one value (the
        // first, −0), infinities are not thresholds.
        let merged = distinct_values(&[-1.0, -0.0, 2.0, f64::INFINITY], &[-0.0, 0.0, 2.0, 3.0]);
        assert_eq!(merged.len(), 4);
        assert_eq!(merged[1].to_bits(), (-0.0_f64).to_bits());
        assert_eq!(merged, vec![-1.0, 0.0, 2.0, 3.0]);
    }

    /// The notebook's loop, literally: for each t, sum the weights of events passing the cut.
    fn brute_force(
        sig: &[(f64, f64)],
        bkg: &[(f64, f64)],
        thresholds: &[f64],
        direction: CutDirection,
    ) -> Vec<(f64, f64)> {
        let pass = |x: f64, t: f64| match direction {
            CutDirection::Above => x > t,
            CutDirection::Below => x < t,
        };
        thresholds
            .iter()
            .map(|&t| {
                let s = sig
                    .iter()
                    .filter(|(x, _)| pass(*x, t))
                    .map(|(_, w)| w)
                    .sum();
                let b = bkg
                    .iter()
                    .filter(|(x, _)| pass(*x, t))
                    .map(|(_, w)| w)
                    .sum();
                (s, b)
            })
            .collect()
    }

    fn split(events: &[(f64, f64)]) -> (Vec<f64>, Vec<f64>) {
        events.iter().copied().unzip()
    }

    #[test]
    fn small_example_by_hand() {
        // signal at 1, 2, 3 (w = 1 each); background at 1, 1, 2, 4 with weights 4, 4, 1, 1.
        // t = 1.5, keep x > t: S = 2, B = 2 → S/√B = 2/√2 = √2.
        // t = 2.5: S = 1, B = 1 → 1.  t = 0.5: S = 3, B = 10 → 3/√10 = 0.9487.
        let sig = CumulativeWeights::new(&[1.0, 2.0, 3.0], None);
        let bkg = CumulativeWeights::new(&[1.0, 1.0, 2.0, 4.0], Some(&[4.0, 4.0, 1.0, 1.0]));
        let settings = ScanSettings {
            measure: Significance::SOverSqrtB,
            direction: CutDirection::Above,
            thresholds: Thresholds::List(vec![0.5, 1.5, 2.5, 5.0]),
            min_background: 0.0,
        };
        let result = scan(&sig, &bkg, &settings);
        let at_1_5 = result.points[1].value.expect("defined");
        assert!((at_1_5 - 2.0_f64.sqrt()).abs() < 1e-15, "{at_1_5}");
        assert_eq!(result.points[2].value, Ok(1.0));
        assert_eq!(
            result.points[3].value,
            Err(Undefined::BackgroundNotPositive { b: 0.0 })
        );
        assert_eq!(result.best, Some(1));
        assert_eq!(result.best_point().map(|p| p.threshold), Some(1.5));
    }

    #[test]
    fn negative_weights_give_undefined_points_not_huge_numbers() {
        // Background weights +1 at x = 1 and −1 at x = 2: cutting x > 1.5 leaves B = −1.
        let sig = CumulativeWeights::new(&[3.0], None);
        let bkg = CumulativeWeights::new(&[1.0, 2.0], Some(&[1.0, -1.0]));
        let settings = ScanSettings {
            measure: Significance::SOverSqrtB,
            direction: CutDirection::Above,
            thresholds: Thresholds::List(vec![1.5]),
            min_background: 0.0,
        };
        let result = scan(&sig, &bkg, &settings);
        assert_eq!(
            result.points[0].value,
            Err(Undefined::BackgroundNotPositive { b: -1.0 })
        );
        assert_eq!(result.best, None);
    }

    #[test]
    fn nan_values_never_pass() {
        let c = CumulativeWeights::new(&[f64::NAN, 1.0, 2.0], Some(&[100.0, 1.0, 2.0]));
        assert_eq!(c.total(), 3.0);
        assert_eq!(c.above(f64::NEG_INFINITY), 3.0);
        assert_eq!(c.below(f64::INFINITY), 3.0);
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 500, failure_persistence: None, ..ProptestConfig::default() })]
        #[test]
        fn fast_scan_equals_brute_force(
            sig in proptest::collection::vec((0.0..20.0_f64, -0.5..2.0_f64), 0..60),
            bkg in proptest::collection::vec((0.0..20.0_f64, -0.5..2.0_f64), 0..60),
            // Thresholds on a 0.5 grid hit event values exactly sometimes (ties matter).
            grid in proptest::collection::vec(0_u8..42, 1..12),
            above in any::<bool>(),
        ) {
            // Round event values to the same 0.5 grid so equal-to-threshold cases occur.
            let round = |v: &Vec<(f64, f64)>| v.iter().map(|(x, w)| ((x * 2.0).round() / 2.0, *w)).collect::<Vec<_>>();
            let (sig, bkg) = (round(&sig), round(&bkg));
            let direction = if above { CutDirection::Above } else { CutDirection::Below };
            let thresholds: Vec<f64> = grid.iter().map(|&g| f64::from(g) / 2.0 - 0.5).collect();
            let (sv, sw) = split(&sig);
            let (bv, bw) = split(&bkg);
            let settings = ScanSettings {
                measure: Significance::SOverSqrtB,
                direction,
                thresholds: Thresholds::List(thresholds.clone()),
                min_background: 0.0,
            };
            let (cs, cb) = (CumulativeWeights::new(&sv, Some(&sw)), CumulativeWeights::new(&bv, Some(&bw)));
            let fast = scan(&cs, &cb, &settings);
            // The scan's cursors (thresholds in any order here) land where a binary search does.
            for (point, &t) in fast.points.iter().zip(&thresholds) {
                prop_assert_eq!(point.signal.to_bits(), cs.kept(t, direction).to_bits());
                prop_assert_eq!(point.background.to_bits(), cb.kept(t, direction).to_bits());
            }
            let slow = brute_force(&sig, &bkg, &thresholds, direction);
            for (point, (s, b)) in fast.points.iter().zip(slow) {
                prop_assert!((point.signal - s).abs() < 1e-9, "S {} vs {}", point.signal, s);
                prop_assert!((point.background - b).abs() < 1e-9, "B {} vs {}", point.background, b);
            }
            // Full resolution: every distinct value, and each point equals the brute force too.
            let every = ScanSettings { thresholds: Thresholds::EveryValue, ..settings };
            let full = scan(&CumulativeWeights::new(&sv, Some(&sw)), &CumulativeWeights::new(&bv, Some(&bw)), &every);
            let ts: Vec<f64> = full.points.iter().map(|p| p.threshold).collect();
            let slow = brute_force(&sig, &bkg, &ts, direction);
            for (point, (s, b)) in full.points.iter().zip(slow) {
                prop_assert!((point.signal - s).abs() < 1e-9 && (point.background - b).abs() < 1e-9);
            }
            prop_assert!(ts.windows(2).all(|w| w[0] < w[1]), "thresholds must be sorted and distinct");
        }
    }
}
