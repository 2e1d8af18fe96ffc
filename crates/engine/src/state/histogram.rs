//! The histogram panel's decisions that do not need the view: how many bins a student may ask
//! for, what a typed axis bound does to the range, and the y-axis title.

use crate::analysis::Binning;

use super::number::significant;

/// The most bins a histogram may have (more would not be readable, nor quick to draw).
pub const MAX_BINS: usize = 500;

/// A typed number of bins, kept within 1…[`MAX_BINS`] (`None`: not a whole number, which resets
/// to the default).
pub fn bins_of(text: &str) -> Option<usize> {
    text.trim()
        .parse::<usize>()
        .ok()
        .map(|n| n.clamp(1, MAX_BINS))
}

/// The range after the student types `typed` as the lower (`lower`) or upper edge of `current`:
/// the other edge stays as drawn; an empty, reversed or unreadable range gives `None` (the
/// default range).
pub fn range_with_bound(typed: &str, current: (f64, f64), lower: bool) -> Option<(f64, f64)> {
    let t = typed.trim().parse::<f64>().ok().filter(|x| x.is_finite())?;
    let (lo, hi) = if lower {
        (t, current.1)
    } else {
        (current.0, t)
    };
    (lo < hi).then_some((lo, hi))
}

/// The line under a histogram before the pointer is on it: what the student can do with the
/// plot (read a bar by pointing, draw a cut by dragging), or, with the readout off, how to read
/// it from the axes.
pub fn readout_prompt(readout: bool, drag: bool) -> &'static str {
    match (readout, drag) {
        (true, true) => {
            "Point at (or tap) a bar to read its contents; drag sideways across the plot to draw a cut."
        }
        (true, false) => "Point at (or tap) a bar to read its contents.",
        (false, true) => {
            "Read each bar against the y axis, as on a printed figure; drag sideways across the plot to draw a cut."
        }
        (false, false) => "Read each bar against the y axis, as on a printed figure.",
    }
}

/// "Weighted events / 25 GeV", "Simulated events / bin" (uneven bins), or "Fraction of events /
/// bin" for normalised shapes.
pub fn y_title(binning: &Binning, unit: Option<&str>, weighted: bool, normalised: bool) -> String {
    let widths: Vec<f64> = binning.edges().windows(2).map(|w| w[1] - w[0]).collect();
    let uniform = widths
        .windows(2)
        .all(|w| (w[0] - w[1]).abs() < 1e-9 * w[0].abs().max(1.0));
    let per_bin = match widths.first() {
        Some(width) if uniform => format!("{} {}", significant(*width, 3), unit.unwrap_or(""))
            .trim()
            .to_owned(),
        _ => "bin".to_owned(),
    };
    match (normalised, weighted) {
        (true, _) => "Fraction of events / bin".to_owned(),
        (false, true) => format!("Weighted events / {per_bin}"),
        (false, false) => format!("Simulated events / {per_bin}"),
    }
}

/// What the plot says about events outside its bins, if any: how many lie below and above the
/// range shown (raw counts, of `total` in all), so that nothing is left out silently.
pub fn outside_note(
    below: u64,
    above: u64,
    total: u64,
    binning: &Binning,
    unit: Option<&str>,
) -> Option<String> {
    if below + above == 0 {
        return None;
    }
    let unit = unit.map(|u| format!(" {u}")).unwrap_or_default();
    let share = |n: u64| {
        let p = 100.0 * n as f64 / total.max(1) as f64;
        if p < 0.1 {
            "under 0.1 %".to_owned()
        } else {
            format!("{} %", significant(p, 2))
        }
    };
    let mut parts = Vec::new();
    if below > 0 {
        parts.push(format!(
            "{below} below {}{unit} ({})",
            significant(binning.lo(), 4),
            share(below)
        ));
    }
    if above > 0 {
        parts.push(format!(
            "{above} above {}{unit} ({})",
            significant(binning.hi(), 4),
            share(above)
        ));
    }
    Some(format!(
        "Not drawn: {} of the events, outside the range shown. Set From and To to include them.",
        parts.join(" and ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_outside_the_range_are_counted_in_words() {
        let b = Binning::uniform(10, 0.0, 400.0).expect("bins");
        assert_eq!(outside_note(0, 0, 1000, &b, Some("GeV")), None);
        // 3 of 1000 = 0.3 %; 1 of 1000 = 0.1 %.
        assert_eq!(
            outside_note(1, 3, 1000, &b, Some("GeV")).as_deref(),
            Some(
                "Not drawn: 1 below 0 GeV (0.1 %) and 3 above 400 GeV (0.3 %) of the events, outside \
                 the range shown. Set From and To to include them."
            )
        );
        assert!(
            outside_note(0, 1, 100_000, &b, None)
                .expect("note")
                .contains("(under 0.1 %)")
        );
    }

    #[test]
    fn the_prompt_offers_only_what_the_plot_does() {
        assert!(readout_prompt(true, true).contains("Point at (or tap) a bar"));
        assert!(readout_prompt(true, true).contains("drag"));
        assert!(!readout_prompt(true, false).contains("drag"));
        assert!(!readout_prompt(false, true).contains("Point at"));
        assert!(readout_prompt(false, false).contains("y axis"));
        assert!(!readout_prompt(false, false).contains("drag"));
    }

    #[test]
    fn typed_bins_and_bounds_are_kept_sensible() {
        assert_eq!(bins_of(" 25 "), Some(25));
        assert_eq!(bins_of("0"), Some(1));
        assert_eq!(bins_of("100000"), Some(MAX_BINS));
        assert_eq!(bins_of("ten"), None);
        assert_eq!(
            range_with_bound("50", (0.0, 500.0), true),
            Some((50.0, 500.0))
        );
        assert_eq!(
            range_with_bound("200", (0.0, 500.0), false),
            Some((0.0, 200.0))
        );
        // Reversed, empty or unreadable: back to the default range.
        assert_eq!(range_with_bound("600", (0.0, 500.0), true), None);
        assert_eq!(range_with_bound("0", (0.0, 500.0), false), None);
        assert_eq!(range_with_bound("inf", (0.0, 500.0), false), None);
        assert_eq!(range_with_bound("", (0.0, 500.0), false), None);
    }

    #[test]
    fn the_y_title_says_what_a_bar_counts() {
        let even = Binning::uniform(20, 0.0, 500.0).expect("bins");
        assert_eq!(
            y_title(&even, Some("GeV"), true, false),
            "Weighted events / 25 GeV"
        );
        assert_eq!(y_title(&even, None, false, false), "Simulated events / 25");
        assert_eq!(
            y_title(&even, Some("GeV"), true, true),
            "Fraction of events / bin"
        );
        let uneven = Binning::explicit(vec![0.0, 1.0, 3.0]).expect("bins");
        assert_eq!(
            y_title(&uneven, Some("GeV"), false, false),
            "Simulated events / bin"
        );
    }
}
