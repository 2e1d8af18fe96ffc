//! The HiggsML challenge file's loader, as the lesson offers it: which of its events to keep,
//! how many, and what the page says while reading and once done. The reading itself is
//! `data::ChallengeStream`.
//!
//! Must not depend on the app.

use crate::data::{ChallengeRows, Dataset, KaggleSet, Role};

use super::number::significant;

/// Events of the challenge's training set kept unless the student asks for more: enough for
/// every model of the lesson to train in seconds; the set has 250 000.
pub const DEFAULT_CHALLENGE_EVENTS: usize = 50_000;

/// The most events the loader keeps (the whole file has 818 238): beyond this the page's
/// memory, and training, would not cope on a school laptop.
pub const MAX_CHALLENGE_EVENTS: usize = 250_000;

/// The rows kept: the first `first` events of the training set (`training`), or of the whole
/// file.
pub fn challenge_rows(training: bool, first: usize) -> ChallengeRows {
    ChallengeRows {
        set: training.then_some(KaggleSet::Training),
        first: Some(first.clamp(1, MAX_CHALLENGE_EVENTS)),
    }
}

/// A number of events as the student types it: a whole number from 1 to
/// [`MAX_CHALLENGE_EVENTS`] (`None` otherwise).
pub fn challenge_events_of(text: &str) -> Option<usize> {
    let n: usize = text.trim().replace([' ', '_', ','], "").parse().ok()?;
    (1..=MAX_CHALLENGE_EVENTS).contains(&n).then_some(n)
}

/// What the loader says while reading: "12.5 of 62.1 MB · 48 000 events read, 48 000 kept".
pub fn reading_text(bytes: f64, total: Option<f64>, rows: (usize, usize)) -> String {
    let mb = |b: f64| significant(b / 1e6, 3);
    let read = match total {
        Some(t) if t > 0.0 => format!("{} of {} MB", mb(bytes), mb(t)),
        _ => format!("{} MB", mb(bytes)),
    };
    format!("{read} · {} events read, {} kept", rows.0, rows.1)
}

/// What the loader says once the dataset is made.
pub fn loaded_text(dataset: &Dataset) -> String {
    let count = |role: Role| -> (usize, f64) {
        dataset
            .samples
            .iter()
            .filter(|s| s.spec.role == role)
            .fold((0, 0.0), |(n, w), s| {
                (n + s.table.n_rows(), w + s.sum_of_weights())
            })
    };
    let (signal, s_weight) = count(Role::Signal);
    let (background, b_weight) = count(Role::Background);
    format!(
        "Loaded {} events ({signal} signal, {background} background), weighted to stand for {} signal and {} background events. Every task's answer is now computed from them.",
        signal + background,
        significant(s_weight, 5),
        significant(b_weight, 5)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_loader_keeps_what_the_student_asks_within_bounds_and_says_where_it_is() {
        assert_eq!(
            challenge_rows(true, 1000),
            ChallengeRows {
                set: Some(KaggleSet::Training),
                first: Some(1000)
            }
        );
        assert_eq!(
            challenge_rows(false, 10_000_000).first,
            Some(MAX_CHALLENGE_EVENTS)
        );
        assert_eq!(challenge_events_of(" 50 000 "), Some(50_000));
        assert_eq!(challenge_events_of("250,000"), Some(250_000));
        for bad in ["0", "-5", "2.5", "lots", "250001"] {
            assert_eq!(challenge_events_of(bad), None, "{bad}");
        }
        assert_eq!(
            reading_text(12_500_000.0, Some(62_100_000.0), (48_000, 48_000)),
            "12.5 of 62.1 MB · 48000 events read, 48000 kept"
        );
        assert_eq!(
            reading_text(1_000_000.0, None, (10, 2)),
            "1 MB · 10 events read, 2 kept"
        );
    }
}
