//! Logistic regression with an L2 penalty and event weights, as scikit-learn's
//! `LogisticRegression(penalty="l2", C=…)`: it minimises
//! ½‖w‖² + C·Σᵢ sᵢ·[−yᵢ ln pᵢ − (1 − yᵢ) ln(1 − pᵢ)], pᵢ = σ(w·xᵢ + b), the intercept b unpenalised.
//! Solved by Newton's method (the problem is smooth and convex, and a handful of inputs makes
//! the Hessian tiny), so it converges to machine precision in a few steps, deterministically.

use super::features::{Features, sigmoid};
use crate::{Error, Result};

/// Settings.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct LogisticParams {
    /// Inverse regularisation strength C (larger = weaker penalty), > 0.
    pub c: f64,
    /// Most Newton steps.
    pub max_iter: usize,
}

impl Default for LogisticParams {
    fn default() -> Self {
        Self {
            c: 1.0,
            max_iter: 100,
        }
    }
}

/// A fitted model: p(signal | x) = σ(coef·x + intercept).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct LogisticRegression {
    /// One coefficient per input variable.
    pub coef: Vec<f64>,
    /// The intercept.
    pub intercept: f64,
    /// Input variable names.
    pub feature_names: Vec<String>,
    /// Newton steps taken.
    pub iterations: usize,
}

/// Solves `a x = b` for a small symmetric positive definite `a` (Cholesky).
// Index loops mirror the textbook formulas of the factorisation.
#[allow(clippy::needless_range_loop)]
fn solve_spd(a: &[Vec<f64>], b: &[f64]) -> Option<Vec<f64>> {
    let n = b.len();
    let mut l = vec![vec![0.0; n]; n];
    for i in 0..n {
        for j in 0..=i {
            let s: f64 = (0..j).map(|k| l[i][k] * l[j][k]).sum();
            if i == j {
                let d = a[i][i] - s;
                if d <= 0.0 {
                    return None;
                }
                l[i][j] = d.sqrt();
            } else {
                l[i][j] = (a[i][j] - s) / l[j][j];
            }
        }
    }
    let mut y = vec![0.0; n];
    for i in 0..n {
        y[i] = (b[i] - (0..i).map(|k| l[i][k] * y[k]).sum::<f64>()) / l[i][i];
    }
    let mut x = vec![0.0; n];
    for i in (0..n).rev() {
        x[i] = (y[i] - (i + 1..n).map(|k| l[k][i] * x[k]).sum::<f64>()) / l[i][i];
    }
    Some(x)
}

/// z = b + Σⱼ βⱼ·xⱼ for every event (`beta` = (w₁ … w_d, b)), a column at a time.
fn linear(beta: &[f64], columns: &[Vec<f64>], z: &mut [f64]) {
    let d = columns.len();
    z.fill(beta[d]);
    for (column, &w) in columns.iter().zip(beta) {
        for (z, &x) in z.iter_mut().zip(column) {
            *z += w * x;
        }
    }
}

/// ½‖w‖² + Σᵢ C·sᵢ·[ln(1 + e^zᵢ) − yᵢ·zᵢ] (the cross-entropy written stably), z left in `z`.
fn objective(beta: &[f64], columns: &[Vec<f64>], cs: &[f64], y: &[f64], z: &mut [f64]) -> f64 {
    let d = columns.len();
    linear(beta, columns, z);
    let penalty = 0.5 * beta[..d].iter().map(|w| w * w).sum::<f64>();
    let data: f64 = z
        .iter()
        .zip(cs.iter().zip(y))
        .map(|(&z, (&c, &y))| {
            let softplus = z.max(0.0) + (-z.abs()).exp().ln_1p();
            c * (softplus - y * z)
        })
        .sum();
    penalty + data
}

/// Σ aᵢ·bᵢ in four running sums (they vectorise; one running sum would not).
fn dot(a: &[f64], b: &[f64]) -> f64 {
    let mut sums = [0.0_f64; 4];
    let (a4, b4) = (a.chunks_exact(4), b.chunks_exact(4));
    let tail: f64 = a4
        .remainder()
        .iter()
        .zip(b4.remainder())
        .map(|(x, y)| x * y)
        .sum();
    for (x, y) in a4.zip(b4) {
        for k in 0..4 {
            sums[k] += x[k] * y[k];
        }
    }
    (sums[0] + sums[1]) + (sums[2] + sums[3]) + tail
}

impl LogisticRegression {
    /// Fits on `features` with `labels` (1 = signal) and optional `weights`.
    ///
    /// Each Newton step works column by column: z = b + Σⱼ wⱼ·xⱼ, then the gradient's and the
    /// Hessian's entries as sums over the events of products of whole columns — loops over tens
    /// of thousands of contiguous numbers, which vectorise, rather than a loop over events that
    /// walks every column at once.
    // Index loops mirror the Hessian's formula (coefficients j, k).
    #[allow(clippy::needless_range_loop)]
    pub fn fit(
        features: &Features,
        labels: &[u8],
        weights: Option<&[f64]>,
        params: &LogisticParams,
    ) -> Result<Self> {
        let n = features.n_rows();
        let d = features.n_features();
        features.check_targets(labels, weights)?;
        if !(params.c > 0.0 && params.c.is_finite()) {
            return Err(Error::Model("C must be a positive number".into()));
        }
        if features.columns.iter().flatten().any(|x| !x.is_finite()) {
            return Err(Error::Model(
                "logistic regression needs every input value; drop events with missing values"
                    .into(),
            ));
        }
        let columns = &features.columns;
        // C·sᵢ and yᵢ per event.
        let cs: Vec<f64> = match weights {
            Some(w) => w.iter().map(|s| params.c * s).collect(),
            None => vec![params.c; n],
        };
        let y: Vec<f64> = labels.iter().map(|&l| f64::from(l)).collect();
        let mut z = vec![0.0; n];
        // β = (w₁ … w_d, b).
        let mut beta = vec![0.0; d + 1];
        let mut current = objective(&beta, columns, &cs, &y, &mut z);
        let mut iterations = 0;
        let (mut g, mut h, mut hx) = (vec![0.0; n], vec![0.0; n], vec![0.0; n]);
        while iterations < params.max_iter {
            iterations += 1;
            linear(&beta, columns, &mut z);
            for i in 0..n {
                let p = sigmoid(z[i]);
                g[i] = cs[i] * (p - y[i]);
                h[i] = cs[i] * p * (1.0 - p);
            }
            let mut grad = vec![0.0; d + 1];
            let mut hess = vec![vec![0.0; d + 1]; d + 1];
            for j in 0..d {
                grad[j] = beta[j] + dot(&g, &columns[j]);
                for (t, (&hi, &xi)) in hx.iter_mut().zip(h.iter().zip(&columns[j])) {
                    *t = hi * xi;
                }
                for k in 0..=j {
                    hess[j][k] = dot(&hx, &columns[k]);
                }
                hess[j][j] += 1.0;
                hess[d][j] = dot(&h, &columns[j]);
            }
            grad[d] = g.iter().sum();
            hess[d][d] = h.iter().sum::<f64>() + 1e-12;
            for j in 0..=d {
                for k in j + 1..=d {
                    hess[j][k] = hess[k][j];
                }
            }
            let Some(step) = solve_spd(&hess, &grad) else {
                return Err(Error::Model(
                    "the fit did not converge (singular Hessian)".into(),
                ));
            };
            // Backtracking: halve the step until the objective does not increase.
            let mut t = 1.0;
            let mut next: Vec<f64>;
            loop {
                next = beta.iter().zip(&step).map(|(b, s)| b - t * s).collect();
                let value = objective(&next, columns, &cs, &y, &mut z);
                if value <= current || t < 1e-10 {
                    current = value.min(current);
                    break;
                }
                t /= 2.0;
            }
            let change = beta
                .iter()
                .zip(&next)
                .map(|(a, b)| (a - b).abs())
                .fold(0.0, f64::max);
            beta = next;
            if change < 1e-12 * (1.0 + beta.iter().map(|b| b.abs()).fold(0.0, f64::max)) {
                break;
            }
        }
        Ok(Self {
            coef: beta[..d].to_vec(),
            intercept: beta[d],
            feature_names: features.names.clone(),
            iterations,
        })
    }

    /// Signal probability of each event.
    pub fn predict_proba(&self, features: &Features) -> Result<Vec<f64>> {
        features.check_names(&self.feature_names)?;
        Ok((0..features.n_rows())
            .map(|i| {
                let z: f64 = self
                    .coef
                    .iter()
                    .zip(&features.columns)
                    .map(|(w, c)| w * c[i])
                    .sum::<f64>()
                    + self.intercept;
                sigmoid(z)
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ml::test_data::lcg_events;

    /// scikit-learn 1.5.2: `LogisticRegression(C=C, tol=1e-12, max_iter=100000)` fitted on the
    /// first 3000 events of [`lcg_events`] with their weights (see that function for the data).
    #[test]
    fn coefficients_match_scikit_learn() {
        let (train, test) = lcg_events();
        for (c, coef, intercept, proba) in [
            (
                1.0,
                [
                    8.560483777089807,
                    4.30185035074223,
                    -0.4554279380578695,
                    -0.06494119165646832,
                ],
                -6.01374910583135,
                [
                    0.018129177694381694,
                    0.04118916133473507,
                    0.9912050901296531,
                ],
            ),
            (
                0.01,
                [
                    1.3786884148074838,
                    0.5934457646829019,
                    -0.2101900598665341,
                    -0.1354914137966837,
                ],
                -1.2812986423377593,
                [0.12140227736954161, 0.18502456552399896, 0.5634721943199308],
            ),
        ] {
            let params = LogisticParams {
                c,
                ..LogisticParams::default()
            };
            let m = LogisticRegression::fit(
                &train.features,
                &train.labels,
                Some(&train.weights),
                &params,
            )
            .expect("fit");
            for (a, b) in m.coef.iter().zip(coef) {
                assert!(
                    (a - b).abs() < 1e-6 * b.abs().max(1.0),
                    "C={c}: {:?} vs {coef:?}",
                    m.coef
                );
            }
            assert!(
                (m.intercept - intercept).abs() < 1e-6,
                "C={c}: {}",
                m.intercept
            );
            let p = m.predict_proba(&test.features).expect("predict");
            for (a, b) in p.iter().zip(proba) {
                assert!((a - b).abs() < 1e-7, "C={c}: {a} vs {b}");
            }
            assert!(
                m.iterations < 30,
                "Newton converges in a few steps: {}",
                m.iterations
            );
        }
    }

    #[test]
    fn bad_settings_and_missing_values_are_refused() {
        let (train, _) = lcg_events();
        let bad = LogisticParams {
            c: 0.0,
            ..LogisticParams::default()
        };
        assert!(LogisticRegression::fit(&train.features, &train.labels, None, &bad).is_err());
        let mut holes = train.features.clone();
        holes.columns[0][5] = f64::NAN;
        assert!(
            LogisticRegression::fit(&holes, &train.labels, None, &LogisticParams::default())
                .is_err()
        );
    }
}
