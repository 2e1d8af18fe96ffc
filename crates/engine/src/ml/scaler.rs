//! Standardisation: every input shifted to mean 0 and scaled to standard deviation 1, with the
//! mean and deviation measured on the training events only and then applied to any events
//! (scikit-learn's `StandardScaler`: population deviation; a constant column is left unscaled).

use super::features::Features;
use crate::{Error, Result};

/// Per-variable mean and scale, fitted on training data.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct StandardScaler {
    /// Mean of each variable (NaN values ignored).
    pub mean: Vec<f64>,
    /// Standard deviation of each variable (1 where it is 0).
    pub scale: Vec<f64>,
}

impl StandardScaler {
    /// Measures mean and standard deviation (ddof = 0) of each column of `features`.
    pub fn fit(features: &Features) -> Result<Self> {
        let mut mean = Vec::with_capacity(features.n_features());
        let mut scale = Vec::with_capacity(features.n_features());
        for (name, column) in features.names.iter().zip(&features.columns) {
            let finite: Vec<f64> = column.iter().copied().filter(|x| x.is_finite()).collect();
            if finite.is_empty() {
                return Err(Error::Model(format!("{name} has no values to standardise")));
            }
            let n = finite.len() as f64;
            let m = finite.iter().sum::<f64>() / n;
            let var = finite.iter().map(|x| (x - m).powi(2)).sum::<f64>() / n;
            mean.push(m);
            scale.push(if var > 0.0 { var.sqrt() } else { 1.0 });
        }
        Ok(Self { mean, scale })
    }

    /// (x − mean) / scale for every value (NaN stays NaN).
    pub fn transform(&self, features: &Features) -> Result<Features> {
        if features.n_features() != self.mean.len() {
            return Err(Error::Model(format!(
                "the scaler was fitted on {} variables, not {}",
                self.mean.len(),
                features.n_features()
            )));
        }
        Ok(Features {
            names: features.names.clone(),
            columns: features
                .columns
                .iter()
                .zip(self.mean.iter().zip(&self.scale))
                .map(|(c, (m, s))| c.iter().map(|x| (x - m) / s).collect())
                .collect(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_scikit_learns_standard_scaler() {
        // StandardScaler().fit([[1, 5], [2, 5], [3, 5], [6, 5]]): mean_ = [3, 5],
        // scale_ = [√3.5, 1] (population variance of 1, 2, 3, 6 is 14/4; a constant column → 1).
        let f = Features::new(
            vec!["a".into(), "b".into()],
            vec![vec![1.0, 2.0, 3.0, 6.0], vec![5.0; 4]],
        )
        .expect("features");
        let s = StandardScaler::fit(&f).expect("fit");
        assert_eq!(s.mean, vec![3.0, 5.0]);
        assert!((s.scale[0] - 3.5_f64.sqrt()).abs() < 1e-15);
        assert_eq!(s.scale[1], 1.0);
        let t = s.transform(&f).expect("transform");
        assert!((t.columns[0][3] - 3.0 / 3.5_f64.sqrt()).abs() < 1e-15);
        assert_eq!(t.columns[1], vec![0.0; 4]);
        // Applied to other events with the training mean and scale, not their own.
        let other =
            Features::new(vec!["a".into(), "b".into()], vec![vec![3.0], vec![7.0]]).expect("f");
        assert_eq!(
            s.transform(&other).expect("t").columns,
            vec![vec![0.0], vec![2.0]]
        );
    }
}
