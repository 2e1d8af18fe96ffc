//! Input scaling: every input shifted and divided by a scale measured on the training events only,
//! then applied unchanged to any events. Three of scikit-learn's scalers:
//!
//! - `StandardScaler`: (x − mean) / standard deviation (population deviation, ddof = 0);
//! - `MinMaxScaler`: (x − min) / (max − min), so the training events span [0, 1];
//! - `RobustScaler`: (x − median) / (q75 − q25), numpy's linear-interpolation quantiles; a few
//!   extreme events do not squeeze everyone else.
//!
//! A column whose scale is 0 (constant) is shifted but left unscaled, as scikit-learn does.

use serde::{Deserialize, Serialize};

use super::features::Features;
use crate::{Error, Result};

/// Which scaler prepares the inputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Scaling {
    /// Raw inputs (trees do not care about scale).
    None,
    /// scikit-learn's `StandardScaler` (what every tutorial uses before a network).
    #[default]
    Standard,
    /// scikit-learn's `MinMaxScaler`.
    MinMax,
    /// scikit-learn's `RobustScaler`.
    Robust,
}

impl Scaling {
    /// Every scaling, in menu order.
    pub const ALL: [Self; 4] = [Self::Standard, Self::MinMax, Self::Robust, Self::None];

    /// Its name in links and files.
    pub fn key(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Standard => "standard",
            Self::MinMax => "minmax",
            Self::Robust => "robust",
        }
    }

    /// The scaling called `key`.
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.key() == key)
    }
}

impl Serialize for Scaling {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        serializer.serialize_str(self.key())
    }
}

impl<'de> Deserialize<'de> for Scaling {
    /// A name, or the `true`/`false` of files written when the only scaler was `StandardScaler`.
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Written {
            Flag(bool),
            Name(String),
        }
        match Written::deserialize(d)? {
            Written::Flag(true) => Ok(Self::Standard),
            Written::Flag(false) => Ok(Self::None),
            Written::Name(name) => Self::from_key(&name)
                .ok_or_else(|| serde::de::Error::custom(format!("unknown scaling {name}"))),
        }
    }
}

/// Per-variable shift and scale, fitted on training data: x' = (x − shift) / scale.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Scaler {
    /// Which scaler measured them.
    pub kind: Scaling,
    /// Mean, minimum or median of each variable (NaN values ignored).
    pub shift: Vec<f64>,
    /// Standard deviation, range or interquartile range of each variable (1 where it is 0).
    pub scale: Vec<f64>,
}

impl Scaler {
    /// Measures each column of `features` as `kind` asks (`None` for [`Scaling::None`]).
    pub fn fit(kind: Scaling, features: &Features) -> Result<Option<Self>> {
        if kind == Scaling::None {
            return Ok(None);
        }
        let (mut shift, mut scale) = (Vec::new(), Vec::new());
        for (name, column) in features.names.iter().zip(&features.columns) {
            let mut finite: Vec<f64> = column.iter().copied().filter(|x| x.is_finite()).collect();
            if finite.is_empty() {
                return Err(Error::Model(format!("{name} has no values to scale")));
            }
            let (s, w) = match kind {
                Scaling::Standard => {
                    let n = finite.len() as f64;
                    let m = finite.iter().sum::<f64>() / n;
                    let var = finite.iter().map(|x| (x - m).powi(2)).sum::<f64>() / n;
                    (m, var.sqrt())
                }
                Scaling::MinMax => {
                    let lo = finite.iter().copied().fold(f64::INFINITY, f64::min);
                    let hi = finite.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                    (lo, hi - lo)
                }
                Scaling::Robust | Scaling::None => {
                    finite.sort_unstable_by(f64::total_cmp);
                    let q = |p: f64| quantile(&finite, p);
                    (q(0.5), q(0.75) - q(0.25))
                }
            };
            shift.push(s);
            scale.push(if w > 0.0 { w } else { 1.0 });
        }
        Ok(Some(Self { kind, shift, scale }))
    }

    /// (x − shift) / scale for every value (NaN stays NaN).
    pub fn transform(&self, features: &Features) -> Result<Features> {
        if features.n_features() != self.shift.len() {
            return Err(Error::Model(format!(
                "the scaler was fitted on {} variables, not {}",
                self.shift.len(),
                features.n_features()
            )));
        }
        Ok(Features {
            names: features.names.clone(),
            columns: features
                .columns
                .iter()
                .zip(self.shift.iter().zip(&self.scale))
                .map(|(c, (m, s))| c.iter().map(|x| (x - m) / s).collect())
                .collect(),
        })
    }
}

/// numpy's default (linear) quantile of sorted, non-empty `values`: position p·(n − 1),
/// interpolated between its neighbours.
fn quantile(sorted: &[f64], p: f64) -> f64 {
    let pos = p * (sorted.len() - 1) as f64;
    let (below, frac) = (pos.floor() as usize, pos.fract());
    let above = (below + 1).min(sorted.len() - 1);
    sorted[below] + frac * (sorted[above] - sorted[below])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn features() -> Features {
        Features::new(
            vec!["a".into(), "b".into()],
            vec![vec![1.0, 2.0, 3.0, 6.0], vec![5.0; 4]],
        )
        .expect("features")
    }

    fn fit(kind: Scaling) -> Scaler {
        Scaler::fit(kind, &features())
            .expect("fit")
            .expect("a scaler")
    }

    #[test]
    fn matches_scikit_learns_standard_scaler() {
        // StandardScaler().fit([[1, 5], [2, 5], [3, 5], [6, 5]]): mean_ = [3, 5],
        // scale_ = [√3.5, 1] (population variance of 1, 2, 3, 6 is 14/4; a constant column → 1).
        let s = fit(Scaling::Standard);
        assert_eq!(s.shift, vec![3.0, 5.0]);
        assert!((s.scale[0] - 3.5_f64.sqrt()).abs() < 1e-15);
        assert_eq!(s.scale[1], 1.0);
        let t = s.transform(&features()).expect("transform");
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

    #[test]
    fn matches_scikit_learns_min_max_and_robust_scalers() {
        // scikit-learn 1.9.1 on the same events:
        // MinMaxScaler().fit_transform(X)[:, 0] = [0, 0.2, 0.4, 1] (min 1, range 5; the constant
        // column → 0). RobustScaler().fit(X): center_ = [2.5, 5], scale_ = [2, 1] (q25 = 1.75 and
        // q75 = 3.75 by linear interpolation); transform(X)[:, 0] = [-0.75, -0.25, 0.25, 1.75].
        let m = fit(Scaling::MinMax);
        let t = m.transform(&features()).expect("transform");
        assert_eq!(t.columns[0], vec![0.0, 0.2, 0.4, 1.0]);
        assert_eq!(t.columns[1], vec![0.0; 4]);
        let r = fit(Scaling::Robust);
        assert_eq!(
            (r.shift.clone(), r.scale.clone()),
            (vec![2.5, 5.0], vec![2.0, 1.0])
        );
        let t = r.transform(&features()).expect("transform");
        assert_eq!(t.columns[0], vec![-0.75, -0.25, 0.25, 1.75]);
        assert!(
            Scaler::fit(Scaling::None, &features())
                .expect("fit")
                .is_none()
        );
    }

    #[test]
    fn files_from_before_the_choice_still_read() {
        let read = |text: &str| serde_json::from_str::<Scaling>(text).expect("reads");
        assert_eq!(read("true"), Scaling::Standard);
        assert_eq!(read("false"), Scaling::None);
        assert_eq!(read("\"robust\""), Scaling::Robust);
        assert_eq!(
            serde_json::to_string(&Scaling::MinMax).expect("json"),
            "\"minmax\""
        );
        assert!(serde_json::from_str::<Scaling>("\"zscore\"").is_err());
    }
}
