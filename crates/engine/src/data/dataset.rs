//! A dataset: samples (tables) with roles, names, colours and weights, built from a catalog or
//! from a user's own CSV files and a mapping of which file or label value is what.

use std::sync::Arc;

use super::catalog::{Catalog, Role, SampleSpec};
use super::order::{order_key, value_of_key};
use super::table::{ColumnData, Table};
use crate::{Error, Result};

/// One sample's events with its description.
#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    /// Name, role, colour and weight column.
    pub spec: SampleSpec,
    /// The events, shared: a subset of the samples (the Lab's "use" switches) or a copy of the
    /// dataset costs no copy of 10⁶ events.
    pub table: Arc<Table>,
    /// The weight column actually used (checked to exist and be numeric), if any.
    weight_column: Option<String>,
}

impl Sample {
    /// Builds a sample, checking that `weight_column` (if any) is a numeric column of `table`.
    pub fn new(
        spec: SampleSpec,
        table: impl Into<Arc<Table>>,
        weight_column: Option<String>,
    ) -> Result<Self> {
        let table = table.into();
        if let Some(column) = &weight_column {
            table.numeric(column).map_err(|_| {
                Error::Dataset(format!(
                    "sample {}: the weight column {column} is missing or not numeric",
                    spec.name
                ))
            })?;
        }
        Ok(Self {
            spec,
            table,
            weight_column,
        })
    }

    /// Event weights, or `None` when every event has weight 1.
    pub fn weights(&self) -> Option<&[f64]> {
        self.weight_column
            .as_deref()
            .and_then(|c| self.table.numeric(c).ok())
    }

    /// The weight column's name, if the sample has one.
    pub fn weight_column(&self) -> Option<&str> {
        self.weight_column.as_deref()
    }

    /// Σw of all events (f64), or the event count when unweighted.
    pub fn sum_of_weights(&self) -> f64 {
        self.weights()
            .map_or(self.table.n_rows() as f64, |w| w.iter().sum())
    }
}

/// Samples that belong together (one analysis).
#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    /// The catalog it was built from (for user files: a generated one).
    pub catalog: Catalog,
    /// One per catalog sample, in catalog order.
    pub samples: Vec<Sample>,
}

impl Dataset {
    /// No data at all (an empty id, no samples), for a lesson whose widgets make their own
    /// points.
    pub fn none() -> Self {
        let catalog = Catalog {
            format_version: super::catalog::CATALOG_VERSION,
            id: String::new(),
            title: "no dataset".into(),
            provenance: "the lesson's widgets make their own points from a seed".into(),
            description: None,
            luminosity_fb: None,
            weight_column: None,
            generator: None,
            inputs: Vec::new(),
            ams_b_reg: None,
            samples: Vec::new(),
            variables: Vec::new(),
        };
        Dataset {
            catalog,
            samples: Vec::new(),
        }
    }

    /// Pairs the catalog's samples with their parsed tables (same order).
    pub fn from_catalog(catalog: Catalog, tables: Vec<Table>) -> Result<Self> {
        if tables.len() != catalog.samples.len() {
            return Err(Error::Dataset(format!(
                "the catalog lists {} samples but {} tables were given",
                catalog.samples.len(),
                tables.len()
            )));
        }
        let samples = catalog
            .samples
            .iter()
            .zip(tables)
            .map(|(spec, table)| {
                let weight = catalog.weight_column(spec).map(str::to_owned);
                Sample::new(spec.clone(), table, weight)
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Self { catalog, samples })
    }

    /// The same dataset with only the samples marked active in the catalog (e.g. the one signal
    /// hypothesis a lesson studies).
    pub fn active(&self) -> Dataset {
        let samples: Vec<Sample> = self
            .samples
            .iter()
            .filter(|s| s.spec.active)
            .cloned()
            .collect();
        let mut catalog = self.catalog.clone();
        catalog.samples = samples.iter().map(|s| s.spec.clone()).collect();
        Dataset { catalog, samples }
    }

    /// The samples `names` (in catalog order, each switched on), or every active one if `names`
    /// is empty; an unknown name is an error.
    pub fn subset(&self, names: &[String]) -> Result<Dataset> {
        if names.is_empty() {
            return Ok(self.active());
        }
        for name in names {
            self.sample(name)?;
        }
        let samples: Vec<Sample> = self
            .samples
            .iter()
            .filter(|s| names.contains(&s.spec.name))
            .cloned()
            .map(|mut s| {
                s.spec.active = true;
                s
            })
            .collect();
        let mut catalog = self.catalog.clone();
        catalog.samples = samples.iter().map(|s| s.spec.clone()).collect();
        Ok(Dataset { catalog, samples })
    }

    /// The sample called `name`.
    pub fn sample(&self, name: &str) -> Result<&Sample> {
        self.samples
            .iter()
            .find(|s| s.spec.name == name)
            .ok_or_else(|| Error::Dataset(format!("there is no sample named {name}")))
    }

    /// Whether there is a sample called `name` with `role`.
    pub fn has_role(&self, name: &str, role: Role) -> bool {
        self.sample(name).is_ok_and(|s| s.spec.role == role)
    }

    /// The simulated samples a classifier trains on: signal and background, in catalog order
    /// (data samples aside).
    pub fn simulated(&self) -> impl Iterator<Item = &Sample> {
        self.samples
            .iter()
            .filter(|s| matches!(s.spec.role, Role::Signal | Role::Background))
    }

    /// Samples with `role`, in catalog order.
    pub fn with_role(&self, role: Role) -> impl Iterator<Item = &Sample> {
        self.samples.iter().filter(move |s| s.spec.role == role)
    }

    /// Variables to offer in menus: the catalog's, in its order, then every other numeric column
    /// that all samples share, except weight columns.
    pub fn variables(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .catalog
            .variables
            .iter()
            .map(|v| v.name.clone())
            .collect();
        let weights: Vec<&str> = self
            .samples
            .iter()
            .filter_map(Sample::weight_column)
            .collect();
        if let Some(first) = self.samples.first() {
            for name in first.table.numeric_names() {
                let shared = self.samples.iter().all(|s| s.table.numeric(name).is_ok());
                if shared && !weights.contains(&name) && !names.iter().any(|n| n == name) {
                    names.push(name.to_owned());
                }
            }
        }
        names
    }

    /// The smallest and largest finite value of `variable` over every sample (`None` if it has
    /// none, or is not a numeric column of every sample).
    pub fn range_of(&self, variable: &str) -> Option<(f64, f64)> {
        let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
        for sample in &self.samples {
            // Comparisons, not `f64::min`/`max`: in wasm those are a call per value (their NaN
            // rule), and only finite values are compared here.
            for &x in sample.table.numeric(variable).ok()? {
                if x.is_finite() {
                    if x < lo {
                        lo = x;
                    }
                    if x > hi {
                        hi = x;
                    }
                }
            }
        }
        (lo <= hi).then_some((lo, hi))
    }

    /// Every finite value's range less the most extreme 0.25 % on each side: the part of the
    /// data a histogram shows by default when nothing else says (a few outliers would otherwise
    /// squeeze everything into one bin; the view rounds it out, `HistogramView::binning`). With
    /// too few values to trim, the exact range.
    pub fn typical_range_of(&self, variable: &str) -> Option<(f64, f64)> {
        let finite = self.finite_in_order(variable)?;
        let n: usize = finite.iter().map(FiniteInOrder::len).sum();
        let cut = n / 400; // 0.25 %
        let last = n.checked_sub(1 + cut)?;
        let lo = order_statistic(&finite, cut)?;
        let hi = order_statistic(&finite, last)?;
        Some(if hi > lo {
            (lo, hi)
        } else {
            (
                order_statistic(&finite, 0)?,
                order_statistic(&finite, n - 1)?,
            )
        })
    }

    /// Each sample's finite values of `variable` in increasing order (through its table's sorted
    /// rows: nothing is copied or sorted when the table has them already).
    fn finite_in_order(&self, variable: &str) -> Option<Vec<FiniteInOrder<'_>>> {
        self.samples
            .iter()
            .map(|sample| {
                let values = sample.table.numeric(variable).ok()?;
                let rows = sample.table.sorted_rows(variable).ok()?;
                // NaNs are not in the rows; infinities sit at both ends.
                let from = rows.partition_point(|&r| values[r as usize] == f64::NEG_INFINITY);
                let to = rows.partition_point(|&r| values[r as usize] < f64::INFINITY);
                Some(FiniteInOrder {
                    values,
                    rows,
                    from,
                    to,
                })
            })
            .collect()
    }
}

/// One sample's finite values in order: `values[rows[i]]` for i in `from..to`.
struct FiniteInOrder<'a> {
    values: &'a [f64],
    rows: Arc<[u32]>,
    from: usize,
    to: usize,
}

impl FiniteInOrder<'_> {
    fn len(&self) -> usize {
        self.to - self.from
    }

    /// How many of the values have an order key at most `key`.
    fn count_up_to(&self, key: u64) -> usize {
        self.rows[self.from..self.to]
            .partition_point(|&r| order_key(self.values[r as usize]) <= key)
    }
}

/// The `k`-th smallest (from 0) of every sample's finite values together, in
/// [`f64::total_cmp`]'s order: the value a sort of them all puts at `k`. A bisection over the
/// values' order keys, counting with binary searches (64 steps at most, each a search per
/// sample): no value is copied.
fn order_statistic(samples: &[FiniteInOrder<'_>], k: usize) -> Option<f64> {
    let ends = |first: bool| {
        samples.iter().filter(|s| s.len() > 0).map(move |s| {
            order_key(s.values[s.rows[if first { s.from } else { s.to - 1 }] as usize])
        })
    };
    let (mut lo, mut hi) = (ends(true).min()?, ends(false).max()?);
    // The smallest key with more than k values at or below it: the key of a value present.
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if samples.iter().map(|s| s.count_up_to(mid)).sum::<usize>() > k {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    Some(value_of_key(lo))
}

/// How to turn a user's own CSV files into a dataset.
#[derive(Debug, Clone, PartialEq)]
pub struct UserMapping {
    /// The column holding event weights (the same name in every file), or none for weight 1.
    pub weight_column: Option<String>,
    /// Which events are signal, background or data.
    pub roles: RoleSource,
}

/// Where the role of each event comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum RoleSource {
    /// One role per file, in file order (one file per process, like the ATLAS CSVs).
    PerFile(Vec<Role>),
    /// A label column (e.g. HiggsML's `Label` with `s`/`b`): each listed value becomes one sample
    /// with that role. Every value present must be listed.
    ByColumn {
        /// The label column.
        column: String,
        /// (value as written in the file, role).
        values: Vec<(String, Role)>,
    },
}

const BACKGROUND_COLOURS: [&str; 8] = [
    "#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#17becf",
];

fn colour_for(role: Role, index: usize) -> String {
    match role {
        Role::Signal => ["#d62728", "#bcbd22", "#e7298a"][index % 3].to_owned(),
        Role::Background => BACKGROUND_COLOURS[index % BACKGROUND_COLOURS.len()].to_owned(),
        Role::Data => "#000000".to_owned(),
    }
}

/// Builds a dataset from `(file name, table)` pairs and a mapping.
pub fn dataset_from_user_files<T: Into<Arc<Table>>>(
    files: Vec<(String, T)>,
    mapping: &UserMapping,
) -> Result<Dataset> {
    if files.is_empty() {
        return Err(Error::Dataset("choose at least one CSV file".into()));
    }
    let mut pieces: Vec<(String, Role, Arc<Table>)> = Vec::new();
    match &mapping.roles {
        RoleSource::PerFile(roles) => {
            if roles.len() != files.len() {
                return Err(Error::Dataset(format!(
                    "{} files but {} roles",
                    files.len(),
                    roles.len()
                )));
            }
            for ((name, table), role) in files.into_iter().zip(roles) {
                let table = table.into();
                let stem = name
                    .rsplit_once('.')
                    .map_or(name.as_str(), |(s, _)| s)
                    .to_owned();
                pieces.push((stem, *role, table));
            }
        }
        RoleSource::ByColumn { column, values } => {
            for (file, table) in files {
                let table: Arc<Table> = table.into();
                let label = table.column(column).map_err(|_| {
                    Error::Dataset(format!(
                        "{file} has no column {column} to tell signal from background"
                    ))
                })?;
                let mut rows: Vec<Vec<usize>> = vec![Vec::new(); values.len()];
                for row in 0..table.n_rows() {
                    let text = label.cell_text(row);
                    let index = values.iter().position(|(v, _)| *v == text).ok_or_else(|| {
                        Error::Dataset(format!(
                            "{file}, data row {}: the {column} value \"{text}\" has no role; give it one",
                            row + 1
                        ))
                    })?;
                    rows[index].push(row);
                }
                for ((value, role), rows) in values.iter().zip(rows) {
                    if !rows.is_empty() {
                        let name = format!("{column} = {value}");
                        pieces.push((name, *role, Arc::new(table.take(&rows))));
                    }
                }
            }
        }
    }
    let mut samples = Vec::new();
    let mut counts = std::collections::HashMap::<Role, usize>::new();
    for (name, role, table) in pieces {
        let index = counts.entry(role).or_default();
        let spec = SampleSpec {
            name: unique_name(&name, &samples),
            file: String::new(),
            role,
            label: None,
            color: colour_for(role, *index),
            weight_column: mapping.weight_column.clone(),
            active: true,
        };
        *index += 1;
        // Data are counted events: they carry no simulation weight even if the column exists.
        let weight = if role == Role::Data {
            None
        } else {
            mapping.weight_column.clone()
        };
        samples.push(Sample::new(spec, table, weight)?);
    }
    let catalog = Catalog {
        format_version: super::catalog::CATALOG_VERSION,
        id: "user".into(),
        title: "Your files".into(),
        provenance: "CSV files opened from this computer".into(),
        description: None,
        luminosity_fb: None,
        weight_column: mapping.weight_column.clone(),
        inputs: Vec::new(),
        ams_b_reg: None,
        generator: None,
        samples: samples.iter().map(|s| s.spec.clone()).collect(),
        variables: Vec::new(),
    };
    Ok(Dataset { catalog, samples })
}

fn unique_name(name: &str, taken: &[Sample]) -> String {
    let mut candidate = name.to_owned();
    let mut n = 2;
    while taken.iter().any(|s| s.spec.name == candidate) {
        candidate = format!("{name} ({n})");
        n += 1;
    }
    candidate
}

/// Whether every value of `column` is a whole number (for offering it as a label column).
pub fn looks_like_labels(table: &Table, column: &str) -> bool {
    match table.column(column).map(|c| &c.data) {
        Ok(ColumnData::Categorical { levels, .. }) => levels.len() <= 20,
        Ok(ColumnData::Numeric(values)) => {
            let mut distinct: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
            distinct.sort_unstable_by(f64::total_cmp);
            distinct.dedup();
            distinct.len() <= 20 && distinct.iter().all(|v| v.fract() == 0.0)
        }
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests;
