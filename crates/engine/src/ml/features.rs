//! Training data: the chosen input variables of the signal and background events that pass the
//! cuts, as columns, with a label (1 = signal, 0 = background), a weight and the sample each event
//! came from. Events with a missing value (empty cell, NaN, or the −999 the CMS files use) are
//! dropped or kept as NaN, as the student chooses.

use crate::analysis::CutExpr;
use std::sync::Arc;

use crate::data::{Dataset, Role, Table};
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

    /// Checks that `labels` and `weights` (if any) have one entry per event.
    pub fn check_targets(&self, labels: &[u8], weights: Option<&[f64]>) -> Result<()> {
        check_targets(self.n_rows(), labels, weights)
    }

    /// Checks that these are the variables a model was trained on, in the same order.
    pub fn check_names(&self, trained_on: &[String]) -> Result<()> {
        if self.names != trained_on {
            return Err(Error::Model(format!(
                "the model was trained on {} but was given {}",
                trained_on.join(", "),
                self.names.join(", ")
            )));
        }
        Ok(())
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

/// Checks that `labels` and `weights` (if any) have `n` entries, one per event.
pub fn check_targets(n: usize, labels: &[u8], weights: Option<&[f64]>) -> Result<()> {
    if labels.len() != n || weights.is_some_and(|w| w.len() != n) {
        return Err(Error::Model(
            "labels and weights must have one entry per event".into(),
        ));
    }
    Ok(())
}

/// The logistic function σ(z) = 1 / (1 + e^(−z)), computed without overflow for any z (through
/// e^(−|z|) ≤ 1, with [`exp_nonpositive`]: the same bits natively and in the browser).
pub fn sigmoid(z: f64) -> f64 {
    let e = exp_nonpositive(-z.abs());
    if z >= 0.0 {
        1.0 / (1.0 + e)
    } else {
        e / (1.0 + e)
    }
}

/// e^x for x ≤ 0, within a few ulp of the exact value, in plain arithmetic: x = n·ln 2 + r with
/// |r| ≤ ln 2 / 2 (Cody and Waite's two-part ln 2, as fdlibm's), e^r by its Taylor series to
/// r¹³/13! (the next term is below 10⁻¹⁷, evaluated pairwise — Estrin's scheme — so the
/// multiplications overlap), times 2ⁿ built from its exponent bits. Values below e^−708
/// (10⁻³⁰⁷) give 0; NaN gives NaN.
///
/// Why not `f64::exp`: in WebAssembly that is a library call costing several times this inline,
/// branch-free code (boosting takes a σ per event per stage, and the loop over events vectorises),
/// and it may differ from the native library's in the last bit; this gives the same bits
/// everywhere.
#[inline]
pub fn exp_nonpositive(x: f64) -> f64 {
    // fdlibm's ln 2 = LN2_HI + LN2_LO: 6.93147180369123816490e-01 (its low 32 bits zero, so
    // n·LN2_HI is exact) and 1.90821492927058770002e-10.
    const LN2_HI: f64 = f64::from_bits(0x3fe6_2e42_fee0_0000);
    const LN2_LO: f64 = f64::from_bits(0x3dea_39ef_3579_3c76);
    /// 2⁵² + 1023: adding it leaves n + 1023 in a double's low bits, for any whole n in
    /// [−1023, 2⁵²).
    const EXPONENT_MAGIC: f64 = 4_503_599_627_371_519.0;
    // 1/k! for k = 0 to 13.
    const C: [f64; 14] = [
        1.0,
        1.0,
        0.5,
        1.0 / 6.0,
        1.0 / 24.0,
        1.0 / 120.0,
        1.0 / 720.0,
        1.0 / 5_040.0,
        1.0 / 40_320.0,
        1.0 / 362_880.0,
        1.0 / 3_628_800.0,
        1.0 / 39_916_800.0,
        1.0 / 479_001_600.0,
        1.0 / 6_227_020_800.0,
    ];
    let clamped = if x < -708.0 { -708.0 } else { x };
    let n = (clamped * std::f64::consts::LOG2_E).round_ties_even();
    let r = (clamped - n * LN2_HI) - n * LN2_LO;
    let (r2, r4) = (r * r, r * r * (r * r));
    let pair = |k: usize| C[k] + C[k + 1] * r;
    let low = (pair(0) + pair(2) * r2) + (pair(4) + pair(6) * r2) * r4;
    let high = (pair(8) + pair(10) * r2) + pair(12) * r4;
    let e_r = low + high * (r4 * r4);
    let two_n = f64::from_bits((n + EXPONENT_MAGIC).to_bits() << 52);
    if x < -708.0 { 0.0 } else { e_r * two_n }
}

/// What to do with events that lack a value in a chosen variable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum MissingValues {
    /// Leave such events out (the CMS exercise drops events with −999).
    #[default]
    Drop,
    /// Keep them with NaN in the missing place (trees send NaN to the right).
    Keep,
}

/// The value the CMS and HiggsML files write for "not measured".
pub const MISSING_SENTINEL: f64 = -999.0;

/// Whether an input value is absent: empty or −999 in the file, NaN or ±inf. Such events are
/// left out of training with [`MissingValues::Drop`].
pub fn lacks_value(x: f64) -> bool {
    !x.is_finite() || x == MISSING_SENTINEL
}

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
    /// Row of each event in its sample's table, to look up variables that are not inputs (empty
    /// when the events did not come from a dataset, e.g. inside a training worker).
    #[serde(default)]
    pub rows: Vec<u32>,
}

impl TrainingData {
    /// The signal and background events of `dataset` that pass `cuts`, with `variables` as inputs.
    pub fn from_dataset(
        dataset: &Dataset,
        variables: &[String],
        cuts: &[CutExpr],
        missing: MissingValues,
    ) -> Result<Self> {
        Gathering::start(dataset, variables, cuts, missing)?.finish()
    }

    /// These events without their input values (their labels, weights, samples and table rows):
    /// what a judged model keeps, looking its variables up in the tables by row — the inputs of
    /// 10⁶ events × 10 variables would be 80 MB per model.
    pub fn without_inputs(&self) -> Self {
        Self {
            features: Features {
                names: Vec::new(),
                columns: Vec::new(),
            },
            labels: self.labels.clone(),
            weights: self.weights.clone(),
            sample: self.sample.clone(),
            samples: self.samples.clone(),
            rows: self.rows.clone(),
        }
    }

    /// The events at `rows`, in that order.
    pub fn select(&self, rows: &[usize]) -> Self {
        Self {
            features: self.features.select(rows),
            labels: rows.iter().map(|&i| self.labels[i]).collect(),
            weights: rows.iter().map(|&i| self.weights[i]).collect(),
            sample: rows.iter().map(|&i| self.sample[i]).collect(),
            samples: self.samples.clone(),
            rows: if self.rows.is_empty() {
                Vec::new()
            } else {
                rows.iter().map(|&i| self.rows[i]).collect()
            },
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

    /// Bytes a worker's copy of these events takes: 8 per input value and weight, 1 per label,
    /// 2 per sample index.
    pub fn bytes(&self) -> usize {
        self.len() * (8 * self.features.columns.len() + 8 + 1 + 2)
    }
}

/// [`TrainingData::from_dataset`] a piece at a time: the events kept, their labels, weights and
/// samples first ([`Gathering::start`]), then one input column per [`Gathering::step`] — so that
/// a page gathering 10⁶ events × 10 inputs (80 MB) never holds its thread for long.
#[derive(Debug)]
pub struct Gathering {
    /// The events, their input columns filled one by one.
    data: TrainingData,
    /// Each sample's table and the rows of it kept.
    kept: Vec<(Arc<Table>, Vec<u32>)>,
}

impl Gathering {
    /// The events of `dataset` that pass `cuts` (and have every input, when `missing` drops
    /// the rest), without their inputs yet; fails, with a message a student can act on, when
    /// there are no inputs, or not both signal and background events.
    pub fn start(
        dataset: &Dataset,
        variables: &[String],
        cuts: &[CutExpr],
        missing: MissingValues,
    ) -> Result<Self> {
        if variables.is_empty() {
            return Err(Error::Model("choose at least one input variable".into()));
        }
        let mut data = TrainingData {
            features: Features {
                names: variables.to_vec(),
                columns: Vec::with_capacity(variables.len()),
            },
            labels: Vec::new(),
            weights: Vec::new(),
            sample: Vec::new(),
            samples: Vec::new(),
            rows: Vec::new(),
        };
        let mut kept = Vec::new();
        for (index, sample) in dataset.simulated().enumerate() {
            let index = u16::try_from(index)
                .map_err(|_| Error::Model("too many samples to train on".into()))?;
            data.samples.push(sample.spec.name.clone());
            let columns: Vec<&[f64]> = variables
                .iter()
                .map(|v| sample.table.numeric(v))
                .collect::<Result<_>>()?;
            let rows = kept_rows(&sample.passing(cuts)?, &columns, missing)?;
            let label = u8::from(sample.spec.role == Role::Signal);
            data.labels.extend(std::iter::repeat_n(label, rows.len()));
            match sample.weights() {
                Some(w) => data.weights.extend(rows.iter().map(|&i| w[i as usize])),
                None => data.weights.extend(std::iter::repeat_n(1.0, rows.len())),
            }
            data.sample.extend(std::iter::repeat_n(index, rows.len()));
            data.rows.extend_from_slice(&rows);
            kept.push((sample.table.clone(), rows));
        }
        if !data.labels.contains(&1) || !data.labels.contains(&0) {
            return Err(Error::Model(
                "training needs signal and background events that pass the cuts".into(),
            ));
        }
        Ok(Self { data, kept })
    }

    /// Steps left: one per input column not gathered yet.
    pub fn steps_left(&self) -> usize {
        self.data.features.names.len() - self.data.features.columns.len()
    }

    /// Gathers the next input column (missing values as NaN); `true` once every column is in.
    pub fn step(&mut self) -> Result<bool> {
        let features = &mut self.data.features;
        let Some(name) = features.names.get(features.columns.len()) else {
            return Ok(true);
        };
        let mut column = Vec::with_capacity(self.data.labels.len());
        for (table, rows) in &self.kept {
            let values = table.numeric(name)?;
            column.extend(rows.iter().map(|&i| {
                let x = values[i as usize];
                if x == MISSING_SENTINEL { f64::NAN } else { x }
            }));
        }
        features.columns.push(column);
        Ok(self.steps_left() == 0)
    }

    /// The events, every column gathered (those left are gathered now).
    pub fn finish(mut self) -> Result<TrainingData> {
        while !self.step()? {}
        Ok(self.data)
    }
}

/// The rows `keep` marks, less those lacking a value in one of `columns` when `missing` drops
/// them, in row order.
fn kept_rows(keep: &[bool], columns: &[&[f64]], missing: MissingValues) -> Result<Vec<u32>> {
    if u32::try_from(keep.len()).is_err() {
        return Err(Error::Model("too many events in one sample".into()));
    }
    let mut kept = keep.to_vec();
    if missing == MissingValues::Drop {
        for column in columns {
            for (k, &x) in kept.iter_mut().zip(*column) {
                *k &= !lacks_value(x);
            }
        }
    }
    // Row numbers fit in u32: checked above.
    Ok((0..keep.len() as u32)
        .filter(|&i| kept[i as usize])
        .collect())
}

/// Events as a worker trains on them: the inputs, labels and samples of `data` with `weights`
/// (the training weights) in place of its physical ones. Shared, not copied: a page that trains
/// on 10⁶ events keeps one copy of them.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainingEvents {
    data: std::sync::Arc<TrainingData>,
    weights: Option<std::sync::Arc<[f64]>>,
}

impl TrainingEvents {
    /// `data` with its own weights.
    pub fn new(data: std::sync::Arc<TrainingData>) -> Self {
        Self {
            data,
            weights: None,
        }
    }

    /// `data` weighted by `weights` (one per event).
    pub fn reweighted(data: std::sync::Arc<TrainingData>, weights: Vec<f64>) -> Result<Self> {
        if weights.len() != data.len() {
            return Err(Error::Model(format!(
                "{} weights for {} events",
                weights.len(),
                data.len()
            )));
        }
        Ok(Self {
            data,
            weights: Some(weights.into()),
        })
    }

    /// The events (with their own, physical weights).
    pub fn data(&self) -> &TrainingData {
        &self.data
    }

    /// The weight each event trains with.
    pub fn weights(&self) -> &[f64] {
        self.weights.as_deref().unwrap_or(&self.data.weights)
    }

    /// The events' physical weights where they train with others (`None`: they train with
    /// these).
    pub fn physical_weights(&self) -> Option<&[f64]> {
        self.weights.as_ref().map(|_| self.data.weights.as_slice())
    }

    /// The events as one owned value, training weights in place (a copy: for native callers).
    pub fn to_data(&self) -> TrainingData {
        TrainingData {
            weights: self.weights().to_vec(),
            ..(*self.data).clone()
        }
    }

    /// Bytes a worker's copy takes ([`TrainingData::bytes`]).
    pub fn bytes(&self) -> usize {
        self.data.bytes()
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{Catalog, CsvOptions, read_csv};

    /// Against the platform's `exp` (glibc's, correctly rounded in practice) on 200 001 points
    /// from −708 to 0, and at the edges: within 3 ulp (relative 6.7e-16) everywhere.
    #[test]
    fn the_polynomial_exponential_is_within_three_ulp() {
        let mut worst = 0.0_f64;
        for i in 0..=200_000 {
            let x = -708.0 * f64::from(i) / 200_000.0;
            let (ours, exact) = (exp_nonpositive(x), x.exp());
            worst = worst.max((ours - exact).abs() / exact);
        }
        for x in [
            -0.0,
            -1e-300,
            -0.5 * std::f64::consts::LN_2,
            -1.0,
            -36.7,
            -707.9,
        ] {
            let (ours, exact) = (exp_nonpositive(x), x.exp());
            worst = worst.max((ours - exact).abs() / exact);
        }
        eprintln!("exp_nonpositive: worst relative error {worst:e} against the platform's exp");
        assert!(
            worst <= 3.0 * f64::EPSILON,
            "worst relative error {worst:e}"
        );
        assert_eq!(exp_nonpositive(0.0), 1.0);
        assert_eq!(exp_nonpositive(-800.0), 0.0);
        assert!(exp_nonpositive(f64::NAN).is_nan());
        assert_eq!(sigmoid(0.0), 0.5);
        assert!((sigmoid(3.0) + sigmoid(-3.0) - 1.0).abs() <= f64::EPSILON);
        assert!((sigmoid(-745.0)).abs() < 1e-300 && sigmoid(745.0) == 1.0);
    }

    fn dataset() -> Dataset {
        let catalog = Catalog::parse(
            r##"
format_version = 1
id = "toy"
title = "Toy"
provenance = "toy simulation generated by Five Sigma"
weight_column = "w"
[[sample]]
name = "sig"
file = "sig.csv"
role = "signal"
color = "#d62728"
[[sample]]
name = "bkg"
file = "bkg.csv"
role = "background"
color = "#1f77b4"
[[sample]]
name = "data"
file = "data.csv"
role = "data"
color = "#000000"
"##,
        )
        .expect("catalog");
        let table = |t: &str| read_csv(t.as_bytes(), &CsvOptions::default(), |_| {}).expect("csv");
        let tables = vec![
            table("a,b,w\n1,10,0.5\n2,-999,0.5\n3,30,1\n"),
            table("a,b,w\n4,40,2\n5,,1\n"),
            table("a,b,w\n6,60,1\n"),
        ];
        Dataset::from_catalog(catalog, tables).expect("dataset")
    }

    #[test]
    fn training_data_takes_labelled_events_after_cuts_and_handles_missing_values() {
        let vars = vec!["a".to_owned(), "b".to_owned()];
        let cut = [CutExpr::parse("a > 1").expect("cut")];
        let dropped =
            TrainingData::from_dataset(&dataset(), &vars, &cut, MissingValues::Drop).expect("data");
        // a > 1 leaves sig rows 2, 3 and bkg rows 4, 5; rows with −999 or an empty b are dropped;
        // data events never enter.
        assert_eq!(
            dropped.features.columns,
            vec![vec![3.0, 4.0], vec![30.0, 40.0]]
        );
        assert_eq!(
            (dropped.labels, dropped.weights),
            (vec![1, 0], vec![1.0, 2.0])
        );
        assert_eq!(dropped.samples, vec!["sig", "bkg"]);
        let kept =
            TrainingData::from_dataset(&dataset(), &vars, &cut, MissingValues::Keep).expect("data");
        assert_eq!(kept.len(), 4);
        assert!(kept.features.columns[1][0].is_nan(), "−999 becomes NaN");
        assert_eq!(kept.sample, vec![0, 0, 1, 1]);
        // Each event remembers its row in its own sample's table (from 0): sig's second and third
        // rows, bkg's first and second.
        assert_eq!(kept.rows, vec![1, 2, 0, 1]);
        assert_eq!(kept.select(&[3, 0]).rows, vec![1, 1]);
        let none = [CutExpr::parse("a > 3").expect("cut")];
        assert!(
            TrainingData::from_dataset(&dataset(), &vars, &none, MissingValues::Drop).is_err(),
            "no signal left"
        );
    }

    #[test]
    fn per_class_normalisation_makes_each_class_sum_to_one() {
        let w = normalise_per_class(&[1, 1, 0, 0, 0], &[1.0, 3.0, 2.0, 2.0, 4.0]).expect("w");
        assert_eq!(w, vec![0.25, 0.75, 0.25, 0.25, 0.5]);
        assert!(normalise_per_class(&[1, 1], &[1.0, 1.0]).is_err());
    }
}
