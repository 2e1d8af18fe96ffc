//! Which points of a scan the table under its plot lists: every one up to [`MAX_TABLE_ROWS`];
//! beyond that, evenly spaced ones with the first, the last and the best always among them, and
//! a note that says so (a scan over every value of a variable can have tens of thousands).
//!
//! Pure: counts in, row indices and a sentence out.

/// The most rows the table draws: more would slow the page for no reader's benefit (2 000 rows took
/// 70 ms to build in Chromium, longer than a page may block).
pub const MAX_TABLE_ROWS: usize = 500;

/// The rows a scan's table shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableRows {
    /// Indices into the scan's points, increasing.
    pub rows: Vec<usize>,
    /// What the table leaves out, when it does.
    pub note: Option<String>,
}

/// The rows of a table of `n` points whose best is `best`.
pub fn table_rows(n: usize, best: Option<usize>) -> TableRows {
    if n <= MAX_TABLE_ROWS {
        return TableRows {
            rows: (0..n).collect(),
            note: None,
        };
    }
    // Every `step`-th point from the first keeps at most MAX − 2 rows, leaving room for the
    // last point and the best.
    let step = n.div_ceil(MAX_TABLE_ROWS - 2);
    let mut rows: Vec<usize> = (0..n).step_by(step).collect();
    rows.push(n - 1);
    rows.extend(best.filter(|&b| b < n));
    rows.sort_unstable();
    rows.dedup();
    let note = format!(
        "The table lists {} of the {} points: every {}th, the last{}. Choose fewer thresholds to list them all.",
        rows.len(),
        n,
        step,
        if best.is_some() { " and the best" } else { "" }
    );
    TableRows {
        rows,
        note: Some(note),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_small_scan_lists_every_point() {
        let t = table_rows(5, Some(2));
        assert_eq!(t.rows, [0, 1, 2, 3, 4]);
        assert_eq!(t.note, None);
        assert_eq!(table_rows(MAX_TABLE_ROWS, None).rows.len(), MAX_TABLE_ROWS);
    }

    #[test]
    fn a_large_scan_lists_evenly_spaced_points_with_the_last_and_the_best() {
        // 12 057 points (the student's scan of every value): every 25th (⌈12057 / 498⌉), 483
        // rows from 0 to 12 050, then the last (12 056) and the best (5 001, not a multiple of 25).
        let t = table_rows(12_057, Some(5_001));
        assert!(t.rows.len() <= MAX_TABLE_ROWS);
        assert_eq!(t.rows.len(), 483 + 2);
        assert_eq!(t.rows[..3], [0, 25, 50]);
        assert!(t.rows.contains(&5_001) && t.rows.contains(&12_056));
        assert!(t.rows.windows(2).all(|w| w[0] < w[1]), "increasing");
        let note = t.note.expect("a note");
        assert!(
            note.contains("485 of the 12057 points") && note.contains("the best"),
            "{note}"
        );
        // Without a best point (nothing defined), no promise of one.
        assert!(
            !table_rows(12_057, None)
                .note
                .expect("note")
                .contains("best")
        );
    }
}
