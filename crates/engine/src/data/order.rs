//! Values in order: a stable sort of f64 values by [`f64::total_cmp`] (a radix sort for large
//! inputs), and the sorted order of a table's numeric columns kept with the table so that a
//! significance scan over 10⁶ events walks an order made once (in the worker that read the file,
//! or at the first scan of the variable) instead of sorting the events each time.
//!
//! Depends only on `std`.

use std::sync::{Arc, OnceLock};

/// `v`'s place in [`f64::total_cmp`]'s order as an unsigned number: negatives have every bit
/// flipped, the rest their sign bit set (the transform `total_cmp` itself makes).
pub(crate) fn order_key(v: f64) -> u64 {
    let bits = v.to_bits();
    if bits >> 63 == 1 {
        !bits
    } else {
        bits | (1 << 63)
    }
}

/// The value whose [`order_key`] is `key` (bit for bit: −0 stays −0).
pub(crate) fn value_of_key(key: u64) -> f64 {
    if key >> 63 == 1 {
        f64::from_bits(key & !(1 << 63))
    } else {
        f64::from_bits(!key)
    }
}

/// Sorts (key, payload) pairs by key, equal keys keeping their order. Large inputs take a
/// least-significant-digit radix sort, 16 bits a pass, the four digits' counts made in one read
/// (a pass whose digit is the same for every key is skipped): 10⁶ values in a fraction of a
/// comparison sort's time.
pub(crate) fn sort_stably_by_key<T: Copy + Default>(items: &mut Vec<(u64, T)>) {
    const DIGIT_BITS: u32 = 16;
    const DIGITS: usize = 1 << DIGIT_BITS;
    const PASSES: u32 = 64 / DIGIT_BITS;
    const RADIX_FROM: usize = 1 << 16;
    if items.len() < RADIX_FROM {
        items.sort_by_key(|&(key, _)| key);
        return;
    }
    let digit = |key: u64, pass: u32| ((key >> (pass * DIGIT_BITS)) & (DIGITS as u64 - 1)) as usize;
    let mut counts = vec![0_usize; DIGITS * PASSES as usize];
    for &(key, _) in items.iter() {
        for pass in 0..PASSES {
            counts[pass as usize * DIGITS + digit(key, pass)] += 1;
        }
    }
    let mut spare = vec![(0_u64, T::default()); items.len()];
    for pass in 0..PASSES {
        let starts = &mut counts[pass as usize * DIGITS..(pass as usize + 1) * DIGITS];
        if starts.contains(&items.len()) {
            continue;
        }
        let mut start = 0;
        for count in starts.iter_mut() {
            let n = *count;
            *count = start;
            start += n;
        }
        for &item in items.iter() {
            let slot = &mut starts[digit(item.0, pass)];
            spare[*slot] = item;
            *slot += 1;
        }
        std::mem::swap(items, &mut spare);
    }
}

/// `values` in increasing [`f64::total_cmp`] order, by radix over their order keys: what
/// `sort_unstable_by(f64::total_cmp)` gives (equal keys are equal values, bit for bit), in a
/// fraction of its time on 10⁵ values and more.
pub(crate) fn sorted_values(values: impl Iterator<Item = f64>) -> Vec<f64> {
    let mut keys: Vec<(u64, ())> = values.map(|x| (order_key(x), ())).collect();
    sort_stably_by_key(&mut keys);
    keys.into_iter()
        .map(|(key, ())| value_of_key(key))
        .collect()
}

/// The rows of `values` that are not NaN, in increasing [`f64::total_cmp`] order, equal values
/// in row order (a stable sort). Row numbers are `u32`: a table holds fewer than 2³² rows.
pub(crate) fn sorted_rows(values: &[f64]) -> Vec<u32> {
    let mut items: Vec<(u64, u32)> = values
        .iter()
        .enumerate()
        .filter(|(_, v)| !v.is_nan())
        .map(|(row, &v)| (order_key(v), row as u32))
        .collect();
    sort_stably_by_key(&mut items);
    items.into_iter().map(|(_, row)| row).collect()
}

/// Whether `rows` is what [`sorted_rows`] gives for `values`: every non-NaN row once, in order
/// (ties in row order). One pass, reading each listed row's value: (key, row) pairs strictly
/// increasing cannot repeat a row, so as many rows as there are defined values, none of them
/// NaN, are exactly those values' rows. A list that is not is never trusted (it came from
/// elsewhere).
pub(crate) fn is_sorted_rows(values: &[f64], rows: &[u32]) -> bool {
    let defined = values.iter().filter(|v| !v.is_nan()).count();
    if rows.len() != defined {
        return false;
    }
    let mut last: Option<(u64, u32)> = None;
    for &row in rows {
        let Some(&v) = values.get(row as usize) else {
            return false;
        };
        let here = (order_key(v), row);
        if v.is_nan() || last.is_some_and(|before| before >= here) {
            return false;
        }
        last = Some(here);
    }
    true
}

/// Each column's sorted rows, made when first asked for (or handed over by whoever read the
/// file) and shared by clones of the table. Not part of a table's value: two tables with the same
/// columns are equal whatever each has worked out so far.
#[derive(Clone, Default)]
pub(crate) struct SortedRowsCache(Vec<OnceLock<Arc<[u32]>>>);

impl SortedRowsCache {
    /// Room for `columns` columns, none worked out.
    pub(crate) fn new(columns: usize) -> Self {
        Self((0..columns).map(|_| OnceLock::new()).collect())
    }

    /// Column `index`'s sorted rows, made from `values` the first time.
    pub(crate) fn get_or_make(&self, index: usize, values: &[f64]) -> Arc<[u32]> {
        match self.0.get(index) {
            Some(cell) => cell.get_or_init(|| sorted_rows(values).into()).clone(),
            None => sorted_rows(values).into(),
        }
    }

    /// Keeps `rows` as column `index`'s sorted rows if none are kept yet.
    pub(crate) fn keep(&self, index: usize, rows: Arc<[u32]>) {
        if let Some(cell) = self.0.get(index) {
            let _ = cell.set(rows);
        }
    }

    /// Bytes held.
    pub(crate) fn bytes(&self) -> usize {
        self.0
            .iter()
            .filter_map(OnceLock::get)
            .map(|rows| rows.len() * size_of::<u32>())
            .sum()
    }
}

impl PartialEq for SortedRowsCache {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl std::fmt::Debug for SortedRowsCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SortedRowsCache({} bytes)", self.bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorted_values_are_the_comparison_sorts_bit_for_bit() {
        let mut next = crate::data::fixture::uniform(17);
        let values: Vec<f64> = (0..120_000)
            .map(|i| match i % 13 {
                0 => -0.0,
                1 => 0.0,
                2 => f64::NEG_INFINITY,
                3 => f64::NAN,
                _ => (next() * 300.0).floor() - 150.0 + next() * 1e-9,
            })
            .collect();
        let mut expected = values.clone();
        expected.sort_unstable_by(f64::total_cmp);
        let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&sorted_values(values.into_iter())), bits(&expected));
    }

    #[test]
    fn the_radix_sort_is_the_stable_sort_by_value() {
        // 200 000 values (radix path) with many ties, both zeros and both infinities: positions
        // after sorting equal those of the standard library's stable sort by `total_cmp`.
        let mut state = 42_u64;
        let values: Vec<f64> = (0..200_000)
            .map(|i| {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1);
                match i % 1000 {
                    0 => -0.0,
                    1 => 0.0,
                    2 => f64::INFINITY,
                    3 => f64::NEG_INFINITY,
                    _ => {
                        ((state >> 11) as f64 / (1_u64 << 53) as f64 - 0.5)
                            * 1e3_f64.powi(i % 7 - 3)
                    }
                }
            })
            .map(|v: f64| if v.abs() > 1.0 { v.round() } else { v })
            .collect();
        let mut ours: Vec<(u64, usize)> = values
            .iter()
            .enumerate()
            .map(|(i, &v)| (order_key(v), i))
            .collect();
        sort_stably_by_key(&mut ours);
        // The keys give the values back, bit for bit.
        assert!(
            ours.iter()
                .all(|&(key, i)| value_of_key(key).to_bits() == values[i].to_bits())
        );
        let mut reference: Vec<usize> = (0..values.len()).collect();
        reference.sort_by(|&a, &b| values[a].total_cmp(&values[b]));
        assert_eq!(ours.iter().map(|&(_, i)| i).collect::<Vec<_>>(), reference);

        // The same order as row numbers, with the NaNs left out; and recognised as sorted.
        let mut with_nan = values.clone();
        with_nan[10] = f64::NAN;
        let rows = sorted_rows(&with_nan);
        let expected: Vec<u32> = reference
            .iter()
            .filter(|&&i| i != 10)
            .map(|&i| i as u32)
            .collect();
        assert_eq!(rows, expected);
        assert!(is_sorted_rows(&with_nan, &rows));
    }

    #[test]
    fn a_list_of_rows_from_elsewhere_is_checked() {
        let values = [3.0, f64::NAN, 1.0, 3.0, -0.0, 0.0];
        let good = sorted_rows(&values);
        assert_eq!(good, vec![4, 5, 2, 0, 3]);
        assert!(is_sorted_rows(&values, &good));
        // Ties out of row order, a row twice, a NaN row, a row past the end, one missing.
        for bad in [
            vec![4, 5, 2, 3, 0],
            vec![4, 5, 2, 0, 0],
            vec![4, 5, 2, 0, 1],
            vec![4, 5, 2, 0, 9],
            vec![4, 5, 2, 0],
        ] {
            assert!(!is_sorted_rows(&values, &bad), "{bad:?}");
        }
    }

    #[test]
    fn the_cache_makes_each_column_once_and_keeps_what_it_is_given() {
        let cache = SortedRowsCache::new(2);
        let first = cache.get_or_make(0, &[2.0, 1.0]);
        assert_eq!(&*first, &[1, 0]);
        // Asked again with other values, the kept rows come back (made once).
        assert!(Arc::ptr_eq(&first, &cache.get_or_make(0, &[0.0, 5.0])));
        cache.keep(1, Arc::from(vec![0_u32, 1]));
        assert_eq!(&*cache.get_or_make(1, &[9.0, 1.0]), &[0, 1]);
        assert_eq!(cache.bytes(), 16);
        // A column past the end is made each time, never kept.
        assert_eq!(&*cache.get_or_make(5, &[1.0, 0.0]), &[1, 0]);
        assert_eq!(cache.bytes(), 16);
    }
}
