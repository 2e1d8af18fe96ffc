//! Analysis of whole datasets: which events of a sample pass cuts, and over every sample by role
//! the cut-flow, the significance scan of a cut and the stacked histogram of a variable; a
//! variable's default binning from its catalog entry.
//!
//! Depends on `data` (samples, tables, catalogs) and the rest of `analysis`.

use super::{
    Binning, CumulativeWeights, CutExpr, CutFlow, SampleView, Scan, ScanSettings, StackedHistogram,
    cut_flow, scan,
};
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
    fn cumulative(
        &self,
        role: Role,
        variable: &str,
        cuts: &[CutExpr],
    ) -> Result<CumulativeWeights> {
        let events: usize = self.with_role(role).map(|s| s.table.n_rows()).sum();
        let mut values = Vec::with_capacity(events);
        let mut weights = Vec::with_capacity(events);
        for sample in self.with_role(role) {
            let column = sample.table.numeric(variable)?;
            let w = sample.weights();
            if cuts.is_empty() {
                // Every event: copied whole, not tested one by one.
                values.extend_from_slice(column);
                match w {
                    Some(w) => weights.extend_from_slice(w),
                    None => weights.resize(values.len(), 1.0),
                }
                continue;
            }
            let keep = sample.passing(cuts)?;
            for (i, _) in keep.iter().enumerate().filter(|(_, k)| **k) {
                values.push(column[i]);
                weights.push(w.map_or(1.0, |w| w[i]));
            }
        }
        Ok(CumulativeWeights::new(&values, Some(&weights)))
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
        /// One sample's selected values and weights.
        struct Layer<'a> {
            name: &'a str,
            values: Vec<f64>,
            weights: Option<Vec<f64>>,
        }
        let mut layers = Vec::new();
        for sample in self.with_role(role) {
            let column = sample.table.numeric(variable)?;
            let keep = sample.passing(cuts)?;
            let pick = |v: &[f64]| {
                v.iter()
                    .zip(&keep)
                    .filter(|(_, k)| **k)
                    .map(|(x, _)| *x)
                    .collect::<Vec<_>>()
            };
            let weights = if weighted {
                sample.weights().map(pick)
            } else {
                None
            };
            layers.push(Layer {
                name: &sample.spec.name,
                values: pick(column),
                weights,
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
                .map(|l| (l.name, l.values.as_slice(), l.weights.as_deref())),
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
