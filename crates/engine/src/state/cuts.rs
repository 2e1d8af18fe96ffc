//! Cuts as typed by a student, checked against the dataset on screen: the one place that decides
//! whether a cut can be applied (it parses, and every sample has its columns) and with what message.

use crate::analysis::CutExpr;
use crate::data::Dataset;
use crate::{Error, Result};

/// A view's cuts as the engine will apply them.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ParsedCuts {
    /// Enabled cuts that parse and name existing columns, in list order.
    pub applied: Vec<CutExpr>,
    /// (position in the list, message) for cuts that cannot be applied.
    pub errors: Vec<(usize, String)>,
}

/// A cut that parses and whose columns every sample of `dataset` has, or why not (the parser's
/// message, pointing at the character; or the column and the sample that lacks it).
pub fn check_cut(text: &str, dataset: &Dataset) -> Result<CutExpr> {
    let cut = CutExpr::parse(text)?;
    for sample in &dataset.samples {
        cut.check(&sample.table)
            .map_err(|e| Error::Dataset(format!("{e} (in sample {})", sample.spec.name)))?;
    }
    Ok(cut)
}

/// Checks every cut in `cuts` (text, switched on) against `dataset`: the switched-on ones that
/// pass are applied; every one that fails, on or off, is reported at its position.
pub fn parse_cuts<'a>(
    cuts: impl IntoIterator<Item = (&'a str, bool)>,
    dataset: &Dataset,
) -> ParsedCuts {
    let mut parsed = ParsedCuts::default();
    for (i, (text, enabled)) in cuts.into_iter().enumerate() {
        match check_cut(text, dataset) {
            Ok(cut) if enabled => parsed.applied.push(cut),
            Ok(_) => {}
            Err(e) => parsed.errors.push((i, e.to_string())),
        }
    }
    parsed
}

/// Every cut of `texts`, checked against `dataset`; the first that fails stops with its message.
pub fn check_cuts(texts: &[String], dataset: &Dataset) -> Result<Vec<CutExpr>> {
    texts.iter().map(|t| check_cut(t, dataset)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::fixture::toy as dataset;

    #[test]
    fn a_cut_needs_its_columns_in_every_sample() {
        let d = dataset();
        assert_eq!(check_cut("x > 7", &d).expect("ok").text(), "x > 7");
        let missing = check_cut("eta < 1.5", &d).expect_err("bkg2 has no eta");
        assert!(
            missing.to_string().contains("(in sample bkg2)"),
            "{missing}"
        );
        assert!(missing.to_string().contains("eta"), "{missing}");
        let syntax = check_cut("x >", &d).expect_err("incomplete");
        assert!(syntax.to_string().starts_with("Character"), "{syntax}");
    }

    #[test]
    fn switched_off_cuts_are_checked_but_not_applied() {
        let d = dataset();
        let parsed = parse_cuts(
            [("x > 7", true), ("x < 100", false), ("nope > 1", false)],
            &d,
        );
        assert_eq!(parsed.applied.len(), 1);
        assert_eq!(parsed.applied[0].text(), "x > 7");
        assert_eq!(parsed.errors.len(), 1);
        assert_eq!(parsed.errors[0].0, 2);
        assert!(check_cuts(&["x > 1".into(), "eta > 0".into()], &d).is_err());
        assert_eq!(check_cuts(&[], &d).expect("none").len(), 0);
    }
}
