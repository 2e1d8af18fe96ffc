//! Point clouds for scatter and pair plots: a fixed-size, deterministic subsample of the events
//! that pass the cuts, and axis ranges that ignore the extreme tails.
//!
//! Pure: plain slices in, plain vectors out.

/// A deterministic pseudo-random key for event `index` (SplitMix64 of the index and `salt`).
/// Keeping the events with the smallest keys gives a uniform subsample that is stable when cuts
/// change: an event shown before a cut is still shown after it if it passes, so points only
/// disappear, they never jump.
pub fn sampling_key(index: usize, salt: u64) -> u64 {
    let mut z = (index as u64) ^ salt.rotate_left(17);
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// At most `max` of `candidates` (event indices), chosen by smallest [`sampling_key`], returned in
/// increasing index order. All of them when there are no more than `max`.
pub fn subsample(candidates: &[usize], max: usize, salt: u64) -> Vec<usize> {
    if candidates.len() <= max {
        return candidates.to_vec();
    }
    if max == 0 {
        return Vec::new();
    }
    // The keys are uniform over u64: those below a cut-off that expects a quarter more than `max`
    // almost always include the `max` smallest, so 10⁶ candidates are hashed but only a few
    // thousand kept and ordered. When fewer fall below it, every candidate is keyed (the same
    // choice either way).
    let share = ((max as f64 * 1.25 + 64.0) / candidates.len() as f64).min(1.0);
    let cutoff = (share * u64::MAX as f64) as u64;
    let mut keyed: Vec<(u64, usize)> = candidates
        .iter()
        .map(|&i| (sampling_key(i, salt), i))
        .filter(|&(key, _)| key <= cutoff)
        .collect();
    if keyed.len() < max {
        keyed = candidates
            .iter()
            .map(|&i| (sampling_key(i, salt), i))
            .collect();
    }
    keyed.select_nth_unstable(max - 1);
    let mut chosen: Vec<usize> = keyed[..max].iter().map(|&(_, i)| i).collect();
    chosen.sort_unstable();
    chosen
}

/// The range from the `tail` quantile to the `1 − tail` quantile of the finite `values` (sorted
/// positions, no interpolation), widened to a unit interval around a single value. `None` when no
/// value is finite.
pub fn central_range(values: &[f64], tail: f64) -> Option<(f64, f64)> {
    let finite =
        crate::data::order::sorted_values(values.iter().copied().filter(|v| v.is_finite()));
    if finite.is_empty() {
        return None;
    }
    let last = finite.len() - 1;
    let at = |q: f64| finite[((q * last as f64).round() as usize).min(last)];
    let (lo, hi) = (at(tail.clamp(0.0, 0.5)), at(1.0 - tail.clamp(0.0, 0.5)));
    Some(if hi > lo {
        (lo, hi)
    } else {
        (lo - 0.5, hi + 0.5)
    })
}

/// One coloured group of points (a class or a sample).
#[derive(Debug, Clone, PartialEq)]
pub struct PointGroup {
    /// Legend text.
    pub label: String,
    /// Colour as #rrggbb.
    pub color: String,
    /// One column of values per variable, all of the same length (the points shown).
    pub columns: Vec<Vec<f64>>,
    /// Events of this group that pass the cuts (shown or not).
    pub passing: usize,
}

impl PointGroup {
    /// Points shown.
    pub fn len(&self) -> usize {
        self.columns.first().map_or(0, Vec::len)
    }

    /// True when no point is shown.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Everything a pair plot draws.
#[derive(Debug, Clone, PartialEq)]
pub struct PointCloud {
    /// The variables, in axis order.
    pub variables: Vec<String>,
    /// Groups, drawn in this order (backgrounds first, so the signal stays visible on top).
    pub groups: Vec<PointGroup>,
    /// Per variable, the axis range: the central 99% of the points shown.
    pub ranges: Vec<(f64, f64)>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subsample_keeps_everything_when_small_and_a_stable_subset_when_large() {
        let all: Vec<usize> = (0..10).collect();
        assert_eq!(subsample(&all, 20, 1), all);
        let many: Vec<usize> = (0..10_000).collect();
        let chosen = subsample(&many, 500, 7);
        assert_eq!(chosen.len(), 500);
        assert!(chosen.windows(2).all(|w| w[0] < w[1]));
        // Uniform: about half of the chosen events are in the first half (binomial σ ≈ 11).
        let first_half = chosen.iter().filter(|&&i| i < 5_000).count();
        assert!((200..=300).contains(&first_half), "{first_half}");
        // Stable under a cut: among the even events, those chosen before are chosen again.
        let even: Vec<usize> = many.iter().copied().filter(|i| i % 2 == 0).collect();
        let chosen_even = subsample(&even, 500, 7);
        for i in chosen.iter().filter(|i| *i % 2 == 0) {
            assert!(chosen_even.contains(i), "event {i} disappeared");
        }
    }

    #[test]
    fn the_cut_off_on_keys_chooses_what_ordering_every_key_chooses() {
        // The events with the `max` smallest keys, found by keying and ordering all of them.
        let reference = |candidates: &[usize], max: usize, salt: u64| {
            let mut keyed: Vec<(u64, usize)> = candidates
                .iter()
                .map(|&i| (sampling_key(i, salt), i))
                .collect();
            keyed.sort_unstable();
            let mut chosen: Vec<usize> = keyed[..max].iter().map(|&(_, i)| i).collect();
            chosen.sort_unstable();
            chosen
        };
        let many: Vec<usize> = (0..200_000).filter(|i| i % 3 != 1).collect();
        for (max, salt) in [(1, 3), (150, 9), (2_000, 11), (60_000, 5), (133_332, 2)] {
            assert_eq!(
                subsample(&many, max, salt),
                reference(&many, max, salt),
                "{max}"
            );
        }
        assert_eq!(subsample(&many, 0, 1), Vec::<usize>::new());
    }

    #[test]
    fn central_range_ignores_the_extreme_tails() {
        // 0..=1000 with one outlier at 1e9: the 1% and 99% positions of 1002 sorted values.
        let mut values: Vec<f64> = (0..=1000).map(f64::from).collect();
        values.push(1e9);
        values.push(f64::NAN);
        let (lo, hi) = central_range(&values, 0.01).expect("finite values");
        // Positions round(0.01·1001) = 10 → 10.0 and round(0.99·1001) = 991 → 991.0.
        assert_eq!((lo, hi), (10.0, 991.0));
        assert_eq!(central_range(&[3.0, 3.0], 0.01), Some((2.5, 3.5)));
        assert_eq!(central_range(&[f64::NAN], 0.01), None);
    }
}
