//! Train / validation / test splits: seeded shuffles or the file's order, optionally stratified
//! so each part keeps the signal fraction.

use super::rng::Rng;
use crate::{Error, Result};

/// How events are assigned to the parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Order {
    /// A seeded random permutation (scikit-learn's `train_test_split(random_state=seed)` idea).
    Shuffled {
        /// The seed: the same seed gives the same split.
        seed: u64,
    },
    /// Keep the file's order: training first, then validation, then test (the CMS exercise).
    Kept,
}

/// Fractions and order of a split. Training gets what validation and test leave.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SplitSpec {
    /// Fraction for validation (0 for none).
    pub validation: f64,
    /// Fraction for test.
    pub test: f64,
    /// Shuffled or kept.
    pub order: Order,
    /// Split each class separately so every part keeps the signal fraction.
    pub stratify: bool,
}

/// Row indices of each part.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Split {
    /// Training rows.
    pub train: Vec<usize>,
    /// Validation rows.
    pub validation: Vec<usize>,
    /// Test rows.
    pub test: Vec<usize>,
}

/// Sizes for `n` rows as scikit-learn computes them: ⌈fraction × n⌉ for test (and validation),
/// the rest for training.
fn sizes(n: usize, spec: &SplitSpec) -> (usize, usize) {
    let count = |f: f64| ((f * n as f64) - 1e-9).ceil().max(0.0) as usize;
    (count(spec.validation), count(spec.test))
}

/// `total` rows shared among groups of `sizes` rows in proportion to their sizes, as
/// scikit-learn's stratified split shares its ⌈fraction × n⌉ test rows among the classes: each
/// group gets ⌊total × size / n⌋, and the rows left over go to the largest remainders (the larger
/// group first on a tie; scikit-learn draws ties at random).
fn shares(total: usize, sizes: &[usize]) -> Vec<usize> {
    let n: usize = sizes.iter().sum();
    if n == 0 {
        return vec![0; sizes.len()];
    }
    let exact: Vec<f64> = sizes
        .iter()
        .map(|&s| total as f64 * s as f64 / n as f64)
        .collect();
    let mut out: Vec<usize> = exact.iter().map(|x| (x + 1e-9).floor() as usize).collect();
    let mut order: Vec<usize> = (0..sizes.len()).collect();
    order.sort_by(|&a, &b| {
        let rem = |i: usize| exact[i] - out[i] as f64;
        rem(b).total_cmp(&rem(a)).then(sizes[b].cmp(&sizes[a]))
    });
    let left = total.saturating_sub(out.iter().sum());
    for &i in order.iter().cycle().take(left) {
        out[i] = (out[i] + 1).min(sizes[i]);
    }
    out
}

/// Splits rows 0..labels.len() according to `spec`.
pub fn split(labels: &[u8], spec: &SplitSpec) -> Result<Split> {
    let valid = |f: f64| (0.0..1.0).contains(&f);
    if !valid(spec.validation) || !valid(spec.test) || spec.validation + spec.test >= 1.0 {
        return Err(Error::Model(format!(
            "validation ({}) and test ({}) fractions must be in [0, 1) and leave some events for training",
            spec.validation, spec.test
        )));
    }
    let groups: Vec<Vec<usize>> = if spec.stratify {
        [0_u8, 1]
            .iter()
            .map(|&c| {
                (0..labels.len())
                    .filter(|&i| (labels[i] != 0) == (c != 0))
                    .collect()
            })
            .collect()
    } else {
        vec![(0..labels.len()).collect()]
    };
    let mut out = Split {
        train: Vec::new(),
        validation: Vec::new(),
        test: Vec::new(),
    };
    // The whole split's sizes, shared among the groups (one group unless stratified).
    let (n_val, n_test) = sizes(labels.len(), spec);
    let group_sizes: Vec<usize> = groups.iter().map(Vec::len).collect();
    let (val_shares, test_shares) = (shares(n_val, &group_sizes), shares(n_test, &group_sizes));
    for (g, mut rows) in groups.into_iter().enumerate() {
        if let Order::Shuffled { seed } = spec.order {
            Rng::new(seed, g as u64).shuffle(&mut rows);
        }
        let (n_val, n_test) = (
            val_shares[g],
            test_shares[g].min(rows.len() - val_shares[g]),
        );
        let n_train = rows.len() - n_val - n_test;
        out.train.extend_from_slice(&rows[..n_train]);
        out.validation
            .extend_from_slice(&rows[n_train..n_train + n_val]);
        out.test.extend_from_slice(&rows[n_train + n_val..]);
    }
    match (spec.stratify, spec.order) {
        (true, Order::Kept) => {
            for part in [&mut out.train, &mut out.validation, &mut out.test] {
                part.sort_unstable();
            }
        }
        // Mix the classes again (as scikit-learn's stratified split does): a part that lists all
        // background and then all signal would hand a Keras-style `validation_split` (the last
        // fraction) signal only.
        (true, Order::Shuffled { seed }) => {
            for (k, part) in [&mut out.train, &mut out.validation, &mut out.test]
                .into_iter()
                .enumerate()
            {
                Rng::new(seed, 2 + k as u64).shuffle(part);
            }
        }
        (false, _) => {}
    }
    if out.train.is_empty() {
        return Err(Error::Model(
            "the split leaves no events for training".into(),
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(validation: f64, test: f64, order: Order, stratify: bool) -> SplitSpec {
        SplitSpec {
            validation,
            test,
            order,
            stratify,
        }
    }

    #[test]
    fn kept_order_takes_training_first_then_validation_then_test() {
        let labels = [0_u8; 10];
        let s = split(&labels, &spec(0.2, 0.3, Order::Kept, false)).expect("split");
        // ⌈0.2·10⌉ = 2 validation, ⌈0.3·10⌉ = 3 test, 5 training.
        assert_eq!(s.train, vec![0, 1, 2, 3, 4]);
        assert_eq!(s.validation, vec![5, 6]);
        assert_eq!(s.test, vec![7, 8, 9]);
        // scikit-learn's test_size = 0.33 of 100 → 33, train 67 (the HSF lesson's split).
        let s = split(&[0; 100], &spec(0.0, 0.33, Order::Kept, false)).expect("split");
        assert_eq!((s.train.len(), s.test.len()), (67, 33));
    }

    #[test]
    fn shuffled_splits_are_seeded_partitions_and_stratified_ones_keep_the_mix() {
        let labels: Vec<u8> = (0..1000).map(|i| u8::from(i % 10 == 0)).collect();
        let a = split(&labels, &spec(0.1, 0.2, Order::Shuffled { seed: 42 }, true)).expect("a");
        let b = split(&labels, &spec(0.1, 0.2, Order::Shuffled { seed: 42 }, true)).expect("b");
        let c = split(&labels, &spec(0.1, 0.2, Order::Shuffled { seed: 43 }, true)).expect("c");
        assert_eq!(a, b);
        assert_ne!(a.train, c.train);
        let mut all: Vec<usize> = [a.train.clone(), a.validation.clone(), a.test.clone()].concat();
        all.sort_unstable();
        assert_eq!(
            all,
            (0..1000).collect::<Vec<_>>(),
            "a partition of every row"
        );
        // 100 signal: 10 validation, 20 test, 70 training — exactly a tenth of each part.
        let signal = |rows: &[usize]| rows.iter().filter(|&&i| labels[i] == 1).count();
        assert_eq!(
            (signal(&a.train), signal(&a.validation), signal(&a.test)),
            (70, 10, 20)
        );
        assert_eq!(
            (a.train.len(), a.validation.len(), a.test.len()),
            (700, 100, 200)
        );
        // The classes are mixed within each part: the last fifth of the training rows (what a
        // Keras-style validation_split would take) holds signal and background, near 1 in 10.
        let tail = signal(&a.train[560..]);
        assert!((5..=25).contains(&tail), "{tail} signal in the last 140");
    }

    #[test]
    fn a_stratified_split_keeps_scikit_learns_total_and_shares_it_by_largest_remainder() {
        // scikit-learn 1.5.2, train_test_split(X, y, test_size=…, stratify=y): 10 signal and 20
        // background at 0.33 give 10 test rows, 3 of them signal (⌈9.9⌉ = 10 shared as 3.33 and
        // 6.67: floors 3 and 6, the row left over to the larger remainder); 7 signal and 13
        // background at 0.25 give 5 test rows, 2 signal (1.75 and 3.25).
        for (signal, background, fraction, test, test_signal) in
            [(10, 20, 0.33, 10, 3), (7, 13, 0.25, 5, 2)]
        {
            let labels: Vec<u8> = (0..signal + background)
                .map(|i| u8::from(i < signal))
                .collect();
            let s = split(
                &labels,
                &spec(0.0, fraction, Order::Shuffled { seed: 420 }, true),
            )
            .expect("split");
            let found = s.test.iter().filter(|&&i| labels[i] == 1).count();
            assert_eq!((s.test.len(), found), (test, test_signal));
        }
        assert_eq!(shares(10, &[20, 10]), [7, 3]);
        assert_eq!(shares(0, &[5, 5]), [0, 0]);
        assert_eq!(shares(3, &[]), Vec::<usize>::new());
    }

    #[test]
    fn impossible_fractions_are_refused() {
        assert!(split(&[0, 1], &spec(0.5, 0.5, Order::Kept, false)).is_err());
        assert!(split(&[0, 1], &spec(-0.1, 0.2, Order::Kept, false)).is_err());
    }
}
