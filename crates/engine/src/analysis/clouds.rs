//! A dataset's events as point clouds for scatter and pair plots (see
//! [`PointCloud`]): which events, grouped how, and on which axis ranges.

use super::{CutExpr, PointCloud, PointGroup, central_range, subsample};
use crate::data::{Dataset, Role, Sample};
use crate::{Error, Result};

/// How a pair plot colours its points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PointColouring {
    /// Two classes, as a classifier sees them: every background sample in one colour, every
    /// signal sample in another.
    Class,
    /// Each sample in its catalog colour.
    Sample,
}

/// Colours of the two classes in [`PointColouring::Class`] (matplotlib's first blue and red,
/// as in the tutorials' scatter plots).
pub const CLASS_COLOURS: [(&str, &str); 2] = [("Background", "#1f77b4"), ("Signal", "#d62728")];

/// Fraction of points left outside each end of an axis range.
const AXIS_TAIL: f64 = 0.005;

impl Dataset {
    /// The signal and background events that pass `cuts`, at most `max_per_group` per group
    /// (a stable uniform subsample, see [`crate::analysis::sampling_key`]), with the values of
    /// `variables`. Data samples are left out: they carry no class.
    pub fn point_cloud(
        &self,
        variables: &[String],
        cuts: &[CutExpr],
        colouring: PointColouring,
        max_per_group: usize,
    ) -> Result<PointCloud> {
        if variables.is_empty() {
            return Err(Error::Dataset(
                "choose at least one variable to plot".into(),
            ));
        }
        let mut groups = Vec::new();
        for role in [Role::Background, Role::Signal] {
            let samples: Vec<&Sample> = self.with_role(role).collect();
            match colouring {
                PointColouring::Class if !samples.is_empty() => {
                    let (label, color) = CLASS_COLOURS[usize::from(role == Role::Signal)];
                    groups.push(group(
                        &samples,
                        variables,
                        cuts,
                        max_per_group,
                        label,
                        color,
                    )?);
                }
                PointColouring::Class => {}
                PointColouring::Sample => {
                    for sample in samples {
                        groups.push(group(
                            &[sample],
                            variables,
                            cuts,
                            max_per_group,
                            sample.spec.display_name(),
                            &sample.spec.color,
                        )?);
                    }
                }
            }
        }
        let ranges = (0..variables.len())
            .map(|v| {
                let shown: Vec<f64> = groups
                    .iter()
                    .flat_map(|g: &PointGroup| g.columns[v].iter().copied())
                    .collect();
                central_range(&shown, AXIS_TAIL).unwrap_or((0.0, 1.0))
            })
            .collect();
        Ok(PointCloud {
            variables: variables.to_vec(),
            groups,
            ranges,
        })
    }
}

/// One group from `samples`: their passing events pooled, then subsampled to `max` in
/// proportion to each sample's share (so a merged class keeps its mix of processes).
fn group(
    samples: &[&Sample],
    variables: &[String],
    cuts: &[CutExpr],
    max: usize,
    label: &str,
    color: &str,
) -> Result<PointGroup> {
    let mut passing_per_sample = Vec::with_capacity(samples.len());
    for sample in samples {
        let keep = sample.passing(cuts)?;
        let indices: Vec<usize> = keep
            .iter()
            .enumerate()
            .filter_map(|(i, k)| k.then_some(i))
            .collect();
        passing_per_sample.push(indices);
    }
    let passing: usize = passing_per_sample.iter().map(Vec::len).sum();
    let mut columns = vec![Vec::new(); variables.len()];
    for (sample, indices) in samples.iter().zip(&passing_per_sample) {
        // Each sample its own pattern of chosen rows, the same on every redraw.
        let salt = sample
            .spec
            .name
            .bytes()
            .fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
                (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
            });
        let share = if passing == 0 {
            0
        } else {
            ((indices.len() as f64 / passing as f64) * max as f64).round() as usize
        };
        let chosen = subsample(indices, share.min(max), salt);
        for (column, variable) in columns.iter_mut().zip(variables) {
            let values = sample.table.numeric(variable)?;
            column.extend(chosen.iter().map(|&i| values[i]));
        }
    }
    Ok(PointGroup {
        label: label.to_owned(),
        color: color.to_owned(),
        columns,
        passing,
    })
}
