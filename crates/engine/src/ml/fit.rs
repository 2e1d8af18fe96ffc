//! Fitting a curve to points by least squares — the first model a student meets. Polynomials of
//! any degree are solved exactly (to see under- and overfitting judged on validation points), and
//! the same polynomials are fitted step by step by gradient descent (to see what the learning rate
//! does), with the loss surface of the line y = a·x + b that the descent walks down.
//!
//! The loss is the mean squared error L(θ) = (1/n)·Σᵢ (f(xᵢ; θ) − yᵢ)², f(x; θ) = Σₖ θₖ·xᵏ
//! (θ₀ the constant, θ₁ the slope, …). Pure arithmetic; no model types, no page.

use crate::{Error, Result};

/// Most degree a fit may have (the Vandermonde matrix of points in [−1, 1] stays well
/// conditioned for the QR solve well beyond this).
pub const MAX_DEGREE: usize = 15;

/// f(x; θ) = Σₖ θₖ·xᵏ (Horner's rule).
pub fn evaluate(coef: &[f64], x: f64) -> f64 {
    coef.iter().rev().fold(0.0, |acc, &c| acc * x + c)
}

/// The mean squared error of `coef` on the points (0 without points).
pub fn mse(coef: &[f64], x: &[f64], y: &[f64]) -> f64 {
    if x.is_empty() {
        return 0.0;
    }
    let sum: f64 = x
        .iter()
        .zip(y)
        .map(|(&xi, &yi)| (evaluate(coef, xi) - yi).powi(2))
        .sum();
    sum / x.len() as f64
}

/// The least-squares polynomial of `degree` through the points (θ₀ first), solved by Householder
/// QR of the Vandermonde matrix (numerically safer than the normal equations). numpy's
/// `polyfit(x, y, degree)` gives the same coefficients, highest power first.
// Index loops mirror the Householder formulas (row i, column j, reflector k).
#[allow(clippy::needless_range_loop)]
pub fn polyfit(x: &[f64], y: &[f64], degree: usize) -> Result<Vec<f64>> {
    let (n, m) = (x.len(), degree + 1);
    if degree > MAX_DEGREE {
        return Err(Error::Model(format!(
            "the degree is at most {MAX_DEGREE}, not {degree}"
        )));
    }
    if n < m || y.len() != n {
        return Err(Error::Model(format!(
            "a polynomial of degree {degree} needs at least {m} points, and there are {n}"
        )));
    }
    // Columns of the Vandermonde matrix: a[j][i] = xᵢʲ.
    let mut a: Vec<Vec<f64>> = (0..m)
        .map(|j| x.iter().map(|&xi| xi.powi(j as i32)).collect())
        .collect();
    let mut b = y.to_vec();
    for k in 0..m {
        let norm = a[k][k..].iter().map(|v| v * v).sum::<f64>().sqrt();
        if norm == 0.0 {
            return Err(Error::Model(
                "the points' x values repeat too much for this degree".into(),
            ));
        }
        let alpha = if a[k][k] > 0.0 { -norm } else { norm };
        let mut v: Vec<f64> = a[k][k..].to_vec();
        v[0] -= alpha;
        let vv: f64 = v.iter().map(|t| t * t).sum();
        if vv == 0.0 {
            continue;
        }
        let reflect = |col: &mut [f64]| {
            let dot: f64 = v.iter().zip(&col[k..]).map(|(p, q)| p * q).sum();
            let f = 2.0 * dot / vv;
            for (c, vi) in col[k..].iter_mut().zip(&v) {
                *c -= f * vi;
            }
        };
        for j in k..m {
            reflect(&mut a[j]);
        }
        reflect(&mut b);
    }
    // Back substitution on the upper triangle R θ = Qᵀy.
    let mut coef = vec![0.0; m];
    for k in (0..m).rev() {
        let s: f64 = (k + 1..m).map(|j| a[j][k] * coef[j]).sum();
        if a[k][k].abs() < 1e-12 {
            return Err(Error::Model(
                "the points' x values repeat too much for this degree".into(),
            ));
        }
        coef[k] = (b[k] - s) / a[k][k];
    }
    Ok(coef)
}

/// One degree's fit judged on both parts.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DegreeFit {
    /// The polynomial's degree.
    pub degree: usize,
    /// θ₀ first.
    pub coef: Vec<f64>,
    /// MSE on the points it was fitted to.
    pub train_mse: f64,
    /// MSE on the validation points.
    pub validation_mse: f64,
}

/// Exact fits of every degree from 0 to `max_degree` on the training points, each judged on the
/// validation points: the training error only falls, the validation error falls then rises.
pub fn degree_scan(
    train: (&[f64], &[f64]),
    validation: (&[f64], &[f64]),
    max_degree: usize,
) -> Result<Vec<DegreeFit>> {
    (0..=max_degree)
        .map(|degree| {
            let coef = polyfit(train.0, train.1, degree)?;
            Ok(DegreeFit {
                degree,
                train_mse: mse(&coef, train.0, train.1),
                validation_mse: mse(&coef, validation.0, validation.1),
                coef,
            })
        })
        .collect()
}

/// The degree whose fit has the lowest validation error (the lower degree on a tie).
pub fn best_degree(scan: &[DegreeFit]) -> Option<usize> {
    scan.iter()
        .fold(None::<&DegreeFit>, |best, f| match best {
            Some(b) if b.validation_mse <= f.validation_mse => Some(b),
            _ => Some(f),
        })
        .map(|f| f.degree)
}

/// Gradient descent on the MSE of a polynomial: θ ← θ − η·∇L, ∇L = (2/n)·Vᵀ(Vθ − y).
#[derive(Debug, Clone, PartialEq)]
pub struct Descent {
    x: Vec<f64>,
    y: Vec<f64>,
    rate: f64,
    /// Every θ so far, the start first, with its loss.
    pub path: Vec<(Vec<f64>, f64)>,
}

/// Past this loss a descent has diverged (the points' own loss is of order 1).
pub const DIVERGED_LOSS: f64 = 1e6;

impl Descent {
    /// Starts at `start` (θ₀ first; its length sets the degree) with learning rate `rate`.
    pub fn new(x: &[f64], y: &[f64], start: Vec<f64>, rate: f64) -> Result<Self> {
        if !(rate.is_finite() && rate > 0.0) {
            return Err(Error::Model(format!(
                "the learning rate must be a positive number, not {rate}"
            )));
        }
        if x.is_empty() || x.len() != y.len() || start.is_empty() {
            return Err(Error::Model("there are no points to fit".into()));
        }
        let loss = mse(&start, x, y);
        Ok(Self {
            x: x.to_vec(),
            y: y.to_vec(),
            rate,
            path: vec![(start, loss)],
        })
    }

    /// θ now.
    pub fn current(&self) -> &[f64] {
        self.path.last().map_or(&[], |(c, _)| c.as_slice())
    }

    /// The loss now.
    pub fn loss(&self) -> f64 {
        self.path.last().map_or(0.0, |(_, l)| *l)
    }

    /// True once the loss has passed [`DIVERGED_LOSS`] or stopped being a number.
    pub fn diverged(&self) -> bool {
        !(self.loss().is_finite() && self.loss() < DIVERGED_LOSS)
    }

    /// One step (none once diverged); returns the new loss.
    pub fn step(&mut self) -> f64 {
        if self.diverged() {
            return self.loss();
        }
        let theta = self.current().to_vec();
        let n = self.x.len() as f64;
        let mut grad = vec![0.0; theta.len()];
        for (&xi, &yi) in self.x.iter().zip(&self.y) {
            let r = evaluate(&theta, xi) - yi;
            let mut p = 1.0;
            for g in &mut grad {
                *g += 2.0 * r * p / n;
                p *= xi;
            }
        }
        let next: Vec<f64> = theta
            .iter()
            .zip(&grad)
            .map(|(t, g)| t - self.rate * g)
            .collect();
        let loss = mse(&next, &self.x, &self.y);
        self.path.push((next, loss));
        loss
    }
}

/// The learning rate above which gradient descent on the line's MSE diverges: 2/λ_max of the
/// loss's (constant) Hessian H = (2/n)·[[n, Σx], [Σx, Σx²]] — a step along H's steepest
/// direction overshoots by more than it corrects beyond it.
pub fn line_divergence_rate(x: &[f64]) -> f64 {
    let n = x.len() as f64;
    let (s1, s2) = (x.iter().sum::<f64>(), x.iter().map(|v| v * v).sum::<f64>());
    let (p, q, r) = (2.0 * n / n, 2.0 * s1 / n, 2.0 * s2 / n);
    // Eigenvalues of [[p, q], [q, r]].
    let lambda_max = (p + r) / 2.0 + (((p - r) / 2.0).powi(2) + q * q).sqrt();
    2.0 / lambda_max
}

/// The line's MSE on a `cells` × `cells` grid over `slope` × `intercept` (row by row from the
/// largest intercept down, columns from the smallest slope): the surface the descent walks on.
pub fn line_loss_surface(
    x: &[f64],
    y: &[f64],
    slope: (f64, f64),
    intercept: (f64, f64),
    cells: usize,
) -> Vec<f64> {
    let at = |(lo, hi): (f64, f64), i: usize| lo + (hi - lo) * (i as f64 + 0.5) / cells as f64;
    let mut out = Vec::with_capacity(cells * cells);
    for row in 0..cells {
        let b = at(intercept, cells - 1 - row);
        for col in 0..cells {
            out.push(mse(&[b, at(slope, col)], x, y));
        }
    }
    out
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::ml::toy::{ToyKind, ToySpec};

    /// The toy set's training and validation points (x, y).
    fn parts(kind: ToyKind, n_points: usize, noise: f64) -> [(Vec<f64>, Vec<f64>); 2] {
        let set = ToySpec {
            kind,
            n_points,
            noise,
            ..ToySpec::default()
        }
        .make()
        .expect("set");
        let split = set.split().expect("split");
        let pick = |rows: &[usize]| {
            (
                rows.iter().map(|&r| set.features.columns[0][r]).collect(),
                rows.iter().map(|&r| set.target[r]).collect(),
            )
        };
        [pick(&split.train), pick(&split.validation)]
    }

    // References: numpy 2 on our generator's points written to CSV (curve: 60 points, noise 0.2,
    // seed 1, split 36/12/12; line: 40 points, noise 0.1, seed 1, 24 training points):
    // `c = np.polyfit(x_train, y_train, deg)`, `np.mean((np.polyval(c, x) - y)**2)`.

    #[test]
    fn exact_fits_of_every_degree_are_numpys_and_the_validation_error_picks_degree_five() {
        let [(xt, yt), (xv, yv)] = parts(ToyKind::Curve, 60, 0.2);
        assert_eq!((xt.len(), xv.len()), (36, 12));
        let scan = degree_scan((&xt, &yt), (&xv, &yv), 12).expect("scan");
        // (degree, training MSE, validation MSE, θ₀, θ₁)
        let numpy = [
            (0, 0.652266780762, 0.542018438840, -0.0282069315, None),
            (
                1,
                0.128838758358,
                0.070711506677,
                0.0113627106,
                Some(1.2475605826),
            ),
            (
                3,
                0.042638440975,
                0.035412761175,
                -0.0022624213,
                Some(2.4442101607),
            ),
            (
                5,
                0.041905392845,
                0.021965527559,
                0.0276809748,
                Some(2.5176443893),
            ),
            (
                9,
                0.033138369439,
                0.220340259978,
                0.0754229994,
                Some(1.7144222471),
            ),
            (
                12,
                0.032491460524,
                0.837095400473,
                0.0621051117,
                Some(2.1235431088),
            ),
        ];
        for (degree, train, val, c0, c1) in numpy {
            let f = &scan[degree];
            assert!(
                (f.train_mse - train).abs() < 1e-9,
                "{degree}: {}",
                f.train_mse
            );
            assert!(
                (f.validation_mse - val).abs() < 1e-8,
                "{degree}: {}",
                f.validation_mse
            );
            assert!((f.coef[0] - c0).abs() < 1e-8, "{degree}: {:?}", f.coef);
            if let Some(c1) = c1 {
                assert!((f.coef[1] - c1).abs() < 1e-7, "{degree}: {:?}", f.coef);
            }
        }
        // The training error never rises with the degree; the validation error is lowest at 5.
        assert!(
            scan.windows(2)
                .all(|w| w[1].train_mse <= w[0].train_mse + 1e-12)
        );
        assert_eq!(best_degree(&scan), Some(5));
        assert!(polyfit(&xt[..3], &yt[..3], 3).is_err());
        assert!(polyfit(&xt, &yt, MAX_DEGREE + 1).is_err());
    }

    #[test]
    fn gradient_descent_walks_to_the_least_squares_line_below_its_divergence_rate() {
        let [(x, y), _] = parts(ToyKind::Line, 40, 0.1);
        assert_eq!(x.len(), 24);
        // numpy: 2 / max(eigvalsh(H)) with H = (2/n)·[[n, Σx], [Σx, Σx²]].
        let critical = line_divergence_rate(&x);
        assert!((critical - 0.9958935835275857).abs() < 1e-12, "{critical}");
        // 100 steps at η = 0.1 from (0, 0), numpy's own loop: θ = (0.351403814857, 0.800809466286).
        let mut d = Descent::new(&x, &y, vec![0.0, 0.0], 0.1).expect("descent");
        for _ in 0..100 {
            d.step();
        }
        let t = d.current();
        assert!(
            (t[0] - 0.35140381485709005).abs() < 1e-12 && (t[1] - 0.8008094662858198).abs() < 1e-12
        );
        assert!((d.loss() - 0.007238892085730632).abs() < 1e-14);
        // The least-squares line itself: np.polyfit(x, y, 1) = (0.35153376, 0.80250252).
        let exact = polyfit(&x, &y, 1).expect("fit");
        assert!((exact[0] - 0.35153376).abs() < 1e-8 && (exact[1] - 0.80250252).abs() < 1e-8);
        // Just below the critical rate it still converges (slowly, zig-zagging); just above, it
        // diverges.
        for (rate, diverges) in [(critical * 0.98, false), (critical * 1.02, true)] {
            let mut d = Descent::new(&x, &y, vec![0.0, 0.0], rate).expect("descent");
            for _ in 0..2000 {
                d.step();
            }
            assert_eq!(d.diverged(), diverges, "{rate}: {}", d.loss());
        }
        assert!(Descent::new(&x, &y, vec![0.0, 0.0], -1.0).is_err());
    }

    #[test]
    fn the_loss_surface_is_lowest_at_the_least_squares_line() {
        let [(x, y), _] = parts(ToyKind::Line, 40, 0.1);
        let cells = 41;
        // Slopes −1.2…2.8 and intercepts −1.65…2.35: cell centres step 0.1 and hit (0.35, 0.8).
        let surface = line_loss_surface(&x, &y, (-1.25, 2.85), (-1.7, 2.4), cells);
        let (i, _) =
            surface.iter().enumerate().fold(
                (0, f64::INFINITY),
                |b, (i, &v)| if v < b.1 { (i, v) } else { b },
            );
        let (row, col) = (i / cells, i % cells);
        let slope = -1.25 + 4.1 * (col as f64 + 0.5) / cells as f64;
        let intercept = 2.4 - 4.1 * (row as f64 + 0.5) / cells as f64;
        assert!(
            (slope - 0.8).abs() < 0.051 && (intercept - 0.35).abs() < 0.051,
            "{slope} {intercept}"
        );
    }
}
