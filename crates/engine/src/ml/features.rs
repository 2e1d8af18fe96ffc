//! Training data: the chosen input variables of the signal and background events that pass the
//! cuts, as columns, with a label (1 = signal, 0 = background), a weight and the sample each event
//! came from. Events with a missing value (empty cell, NaN, or the −999 the CMS files use) are
//! dropped or kept as NaN, as the student chooses.

use crate::analysis::CutExpr;
use crate::data::{Dataset, Role};
use crate::{Error, Result};

/// Feature columns: one `Vec` per variable, all of the same length.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Features {
    /// Variable names, in column order.
    pub names: Vec<String>,
    /// The values, column by column.
    pub columns: Vec<Vec<f64>>,
}

impl Features {
    /// Builds features from named columns (all must have the same length).
    pub fn new(names: Vec<String>, columns: Vec<Vec<f64>>) -> Result<Self> {
        if names.len() != columns.len() || names.is_empty() {
            return Err(Error::Model(
                "give one column per variable, at least one".into(),
            ));
        }
        let n = columns[0].len();
        if columns.iter().any(|c| c.len() != n) {
            return Err(Error::Model(
                "feature columns have different lengths".into(),
            ));
        }
        Ok(Self { names, columns })
    }

    /// Number of events.
    pub fn n_rows(&self) -> usize {
        self.columns.first().map_or(0, Vec::len)
    }

    /// Number of variables.
    pub fn n_features(&self) -> usize {
        self.columns.len()
    }

    /// The events at `rows`, in that order.
    pub fn select(&self, rows: &[usize]) -> Self {
        Self {
            names: self.names.clone(),
            columns: self
                .columns
                .iter()
                .map(|c| rows.iter().map(|&i| c[i]).collect())
                .collect(),
        }
    }
}

/// What to do with events that lack a value in a chosen variable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum MissingValues {
    /// Leave such events out (the CMS exercise drops events with −999).
    Drop,
    /// Keep them with NaN in the missing place (trees send NaN to the right).
    Keep,
}

/// The value the CMS and HiggsML files write for "not measured".
pub const MISSING_SENTINEL: f64 = -999.0;

/// Labelled, weighted events ready for training.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TrainingData {
    /// Inputs.
    pub features: Features,
    /// 1 for signal, 0 for background.
    pub labels: Vec<u8>,
    /// Event weights (1 where the sample has none).
    pub weights: Vec<f64>,
    /// Index into `samples` of each event's sample.
    pub sample: Vec<u16>,
    /// Sample names.
    pub samples: Vec<String>,
}

impl TrainingData {
    /// The signal and background events of `dataset` that pass `cuts`, with `variables` as inputs.
    pub fn from_dataset(
        dataset: &Dataset,
        variables: &[String],
        cuts: &[CutExpr],
        missing: MissingValues,
    ) -> Result<Self> {
        if variables.is_empty() {
            return Err(Error::Model("choose at least one input variable".into()));
        }
        let mut data = Self {
            features: Features {
                names: variables.to_vec(),
                columns: vec![Vec::new(); variables.len()],
            },
            labels: Vec::new(),
            weights: Vec::new(),
            sample: Vec::new(),
            samples: Vec::new(),
        };
        let samples = dataset
            .samples
            .iter()
            .filter(|s| matches!(s.spec.role, Role::Signal | Role::Background));
        for (index, sample) in samples.enumerate() {
            let index = u16::try_from(index)
                .map_err(|_| Error::Model("too many samples to train on".into()))?;
            data.samples.push(sample.spec.name.clone());
            let keep = sample.passing(cuts)?;
            let columns: Vec<&[f64]> = variables
                .iter()
                .map(|v| sample.table.numeric(v))
                .collect::<Result<_>>()?;
            let weights = sample.weights();
            let label = u8::from(sample.spec.role == Role::Signal);
            for (i, _) in keep.iter().enumerate().filter(|(_, k)| **k) {
                let lacks = |x: f64| !x.is_finite() || x == MISSING_SENTINEL;
                if missing == MissingValues::Drop && columns.iter().any(|c| lacks(c[i])) {
                    continue;
                }
                for (out, column) in data.features.columns.iter_mut().zip(&columns) {
                    let x = column[i];
                    out.push(if x == MISSING_SENTINEL { f64::NAN } else { x });
                }
                data.labels.push(label);
                data.weights.push(weights.map_or(1.0, |w| w[i]));
                data.sample.push(index);
            }
        }
        if !data.labels.contains(&1) || !data.labels.contains(&0) {
            return Err(Error::Model(
                "training needs signal and background events that pass the cuts".into(),
            ));
        }
        Ok(data)
    }

    /// The events at `rows`, in that order.
    pub fn select(&self, rows: &[usize]) -> Self {
        Self {
            features: self.features.select(rows),
            labels: rows.iter().map(|&i| self.labels[i]).collect(),
            weights: rows.iter().map(|&i| self.weights[i]).collect(),
            sample: rows.iter().map(|&i| self.sample[i]).collect(),
            samples: self.samples.clone(),
        }
    }

    /// Number of events.
    pub fn len(&self) -> usize {
        self.labels.len()
    }

    /// True when there are no events.
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }
}

/// Weights rescaled so each class sums to 1 (the CMS exercise's `f_weight` normalisation): the
/// classifier then sees signal and background as equally important overall.
pub fn normalise_per_class(labels: &[u8], weights: &[f64]) -> Result<Vec<f64>> {
    let mut sums = [0.0_f64; 2];
    for (&y, &w) in labels.iter().zip(weights) {
        sums[usize::from(y != 0)] += w;
    }
    if sums.iter().any(|s| *s <= 0.0) {
        return Err(Error::Model(
            "each class needs a positive sum of weights to be normalised".into(),
        ));
    }
    Ok(labels
        .iter()
        .zip(weights)
        .map(|(&y, &w)| w / sums[usize::from(y != 0)])
        .collect())
}
