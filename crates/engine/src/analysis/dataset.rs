//! Analysis of whole datasets: which events of a sample pass cuts, and over every sample by role
//! the cut-flow, the significance scan of a cut and the stacked histogram of a variable; a
//! variable's default binning from its catalog entry.
//!
//! Depends on `data` (samples, tables, catalogs) and the rest of `analysis`.

use super::{
    Binning, CumulativeWeights, CutExpr, CutFlow, SampleView, Scan, ScanSettings, StackedHistogram,
    cut_flow, scan,
};
use std::borrow::Cow;

use crate::data::{Dataset, Role, Sample, VariableSpec};
use crate::{Error, Result};

impl Sample {
    /// One `true` per event that passes every cut in `cuts`.
    pub fn passing(&self, cuts: &[CutExpr]) -> Result<Vec<bool>> {
        let mut keep = vec![true; self.table.n_rows()];
        for cut in cuts {
            cut.and_into(&self.table, &mut keep)?;
        }
        Ok(keep)
    }

    pub(crate) fn view(&self) -> SampleView<'_> {
        SampleView {
            name: &self.spec.name,
            table: &self.table,
            weights: self.weights(),
        }
    }
}

impl Dataset {
    /// The cut-flow of `cuts` over every sample.
    pub fn cut_flow(&self, cuts: &[CutExpr]) -> Result<CutFlow> {
        let views: Vec<SampleView<'_>> = self.samples.iter().map(Sample::view).collect();
        cut_flow(&views, cuts)
    }

    /// Weighted values of `variable` for the samples with `role`, among events passing `cuts`.
    /// Each sample's events are walked in its table's value order (worked out once per table),
    /// so a scan over 10⁶ events merges sorted runs instead of sorting: the same values and sums,
    /// bit for bit, as sorting the samples' events one after another.
    fn cumulative(
        &self,
        role: Role,
        variable: &str,
        cuts: &[CutExpr],
    ) -> Result<CumulativeWeights> {
        let mut runs = Vec::new();
        for sample in self.with_role(role) {
            let column = sample.table.numeric(variable)?;
            let rows = sample.table.sorted_rows(variable)?;
            let keep = if cuts.is_empty() {
                None
            } else {
                Some(sample.passing(cuts)?)
            };
            let w = sample.weights();
            let mut values = Vec::with_capacity(rows.len());
            let mut weights = Vec::with_capacity(rows.len());
            for &row in rows.iter() {
                let row = row as usize;
                if keep.as_ref().is_none_or(|keep| keep[row]) {
                    values.push(column[row]);
                    weights.push(w.map_or(1.0, |w| w[row]));
                }
            }
            runs.push((values, weights));
        }
        Ok(CumulativeWeights::from_sorted_runs(runs))
    }

    /// Scans a cut on `variable` with all signal samples as S and all backgrounds as B, after `cuts`.
    pub fn scan(&self, variable: &str, cuts: &[CutExpr], settings: &ScanSettings) -> Result<Scan> {
        if self.with_role(Role::Signal).next().is_none() {
            return Err(Error::Dataset(
                "a scan needs at least one signal sample".into(),
            ));
        }
        if self.with_role(Role::Background).next().is_none() {
            return Err(Error::Dataset(
                "a scan needs at least one background sample".into(),
            ));
        }
        let signal = self.cumulative(Role::Signal, variable, cuts)?;
        let background = self.cumulative(Role::Background, variable, cuts)?;
        Ok(scan(&signal, &background, settings))
    }

    /// Histograms of `variable` for the samples with `role` (weighted if `weighted`), stacked in
    /// catalog order, after `cuts`. `binning: None` uses numpy's default over those samples.
    pub fn stacked(
        &self,
        variable: &str,
        role: Role,
        binning: Option<Binning>,
        weighted: bool,
        cuts: &[CutExpr],
    ) -> Result<StackedHistogram> {
        /// One sample's selected values and weights (the columns themselves without cuts).
        struct Layer<'a> {
            name: &'a str,
            values: Cow<'a, [f64]>,
            weights: Option<Cow<'a, [f64]>>,
        }
        let mut layers = Vec::new();
        for sample in self.with_role(role) {
            let column = sample.table.numeric(variable)?;
            let weights = sample.weights().filter(|_| weighted);
            if cuts.is_empty() {
                layers.push(Layer {
                    name: &sample.spec.name,
                    values: Cow::Borrowed(column),
                    weights: weights.map(Cow::Borrowed),
                });
                continue;
            }
            let keep = sample.passing(cuts)?;
            let pick = |v: &[f64]| -> Cow<'_, [f64]> {
                Cow::Owned(
                    v.iter()
                        .zip(&keep)
                        .filter(|(_, k)| **k)
                        .map(|(x, _)| *x)
                        .collect(),
                )
            };
            layers.push(Layer {
                name: &sample.spec.name,
                values: pick(column),
                weights: weights.map(pick),
            });
        }
        let binning = match binning {
            Some(b) => b,
            None => {
                let all: Vec<f64> = layers
                    .iter()
                    .flat_map(|l| l.values.iter().copied())
                    .collect();
                Binning::auto(&all, 10)?
            }
        };
        Ok(StackedHistogram::fill(
            &binning,
            layers
                .iter()
                .map(|l| (l.name, &*l.values, l.weights.as_deref())),
        ))
    }
}

impl VariableSpec {
    /// The default binning, or `None` to use numpy's automatic one.
    pub fn default_binning(&self) -> Result<Option<Binning>> {
        if let Some(edges) = &self.edges {
            return Binning::explicit(edges.clone()).map(Some);
        }
        match (self.bins, self.range) {
            (Some(n), Some([lo, hi])) => Binning::uniform(n, lo, hi).map(Some),
            (None, None) => Ok(None),
            _ => Err(Error::Catalog(format!(
                "variable {}: give both bins and range, or edges",
                self.name
            ))),
        }
    }
}

#[cfg(test)]
mod tests;
