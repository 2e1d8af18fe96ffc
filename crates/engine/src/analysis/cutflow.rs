//! Cut-flow tables: how many events (raw and weighted) of each sample survive each cut in turn.

use super::cut::CutExpr;
use crate::Result;
use crate::data::Table;

/// One sample's events as the cut-flow sees them.
#[derive(Debug, Clone, Copy)]
pub struct SampleView<'a> {
    /// Display name.
    pub name: &'a str,
    /// The events.
    pub table: &'a Table,
    /// Event weights (`None`: weight 1 each).
    pub weights: Option<&'a [f64]>,
}

/// Events left of one sample after a step.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Yield {
    /// Number of events.
    pub raw: usize,
    /// Σw of those events (f64).
    pub weighted: f64,
}

/// One row of the table: a cut and what every sample keeps after it (and all before it).
#[derive(Debug, Clone, PartialEq)]
pub struct CutFlowStep {
    /// "All events", or the cut's text.
    pub label: String,
    /// One entry per sample, in sample order.
    pub yields: Vec<Yield>,
}

/// The whole table.
#[derive(Debug, Clone, PartialEq)]
pub struct CutFlow {
    /// Sample names, in column order.
    pub samples: Vec<String>,
    /// "All events" first, then one step per cut.
    pub steps: Vec<CutFlowStep>,
    /// Per sample: which events pass every cut (for plotting what is left).
    pub masks: Vec<Vec<bool>>,
}

fn count(mask: &[bool], weights: Option<&[f64]>) -> Yield {
    let mut result = Yield {
        raw: 0,
        weighted: 0.0,
    };
    for (i, _) in mask.iter().enumerate().filter(|(_, keep)| **keep) {
        result.raw += 1;
        result.weighted += weights.map_or(1.0, |w| w[i]);
    }
    result
}

/// Applies `cuts` in order to every sample and records the yields after each.
pub fn cut_flow(samples: &[SampleView<'_>], cuts: &[CutExpr]) -> Result<CutFlow> {
    let mut masks: Vec<Vec<bool>> = samples
        .iter()
        .map(|s| vec![true; s.table.n_rows()])
        .collect();
    let yields = |masks: &[Vec<bool>]| {
        samples
            .iter()
            .zip(masks)
            .map(|(s, m)| count(m, s.weights))
            .collect()
    };
    let mut steps = vec![CutFlowStep {
        label: "All events".into(),
        yields: yields(&masks),
    }];
    for cut in cuts {
        for (sample, mask) in samples.iter().zip(masks.iter_mut()) {
            cut.and_into(sample.table, mask)?;
        }
        steps.push(CutFlowStep {
            label: cut.text().to_owned(),
            yields: yields(&masks),
        });
    }
    Ok(CutFlow {
        samples: samples.iter().map(|s| s.name.to_owned()).collect(),
        steps,
        masks,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{CsvOptions, read_csv};

    fn table(text: &str) -> Table {
        read_csv(text.as_bytes(), &CsvOptions::default(), |_| {}).expect("fixture")
    }

    #[test]
    fn yields_shrink_step_by_step_with_weights() {
        let signal = table("x,y\n1,0\n5,0\n7,1\n");
        let background = table("x,y\n2,1\n6,1\n8,0\n9,1\n");
        let bkg_weights = [0.5, 2.0, -0.25, 1.0];
        let samples = [
            SampleView {
                name: "signal",
                table: &signal,
                weights: None,
            },
            SampleView {
                name: "background",
                table: &background,
                weights: Some(&bkg_weights),
            },
        ];
        let cuts = [
            CutExpr::parse("x > 4").expect("cut"),
            CutExpr::parse("y == 1").expect("cut"),
        ];
        let flow = cut_flow(&samples, &cuts).expect("flow");
        let table: Vec<(String, Vec<(usize, f64)>)> = flow
            .steps
            .iter()
            .map(|s| {
                (
                    s.label.clone(),
                    s.yields.iter().map(|y| (y.raw, y.weighted)).collect(),
                )
            })
            .collect();
        // All: signal 3 (Σw 3); background 4, Σw = 0.5 + 2 − 0.25 + 1 = 3.25
        // x > 4: signal 5, 7 → 2; background 6, 8, 9 → 3, Σw = 2 − 0.25 + 1 = 2.75
        // y == 1: signal 7 → 1; background 6, 9 → 2, Σw = 3
        assert_eq!(
            table,
            vec![
                ("All events".to_owned(), vec![(3, 3.0), (4, 3.25)]),
                ("x > 4".to_owned(), vec![(2, 2.0), (3, 2.75)]),
                ("y == 1".to_owned(), vec![(1, 1.0), (2, 3.0)]),
            ]
        );
        assert_eq!(flow.masks[1], vec![false, true, false, true]);
    }

    #[test]
    fn a_cut_naming_a_missing_column_is_an_error() {
        let t = table("x\n1\n");
        let samples = [SampleView {
            name: "a",
            table: &t,
            weights: None,
        }];
        assert!(cut_flow(&samples, &[CutExpr::parse("z > 1").expect("cut")]).is_err());
    }
}
