//! The fit widget's decisions: a line or a curve of points, fitted exactly by a polynomial of the
//! chosen degree (with every degree's training and validation error, to see under- and
//! overfitting), or walked to by gradient descent at the chosen learning rate (with the loss after
//! each step and, for a line, the loss surface and the path on it).
//!
//! Runs on the page: forty points and a few hundred steps take microseconds.

use crate::Result;
use crate::ml::fit::{
    DegreeFit, Descent, MAX_DEGREE, degree_scan, line_divergence_rate, line_loss_surface, polyfit,
};
use crate::ml::toy::ToySpec;

/// How the curve is fitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum FitMethod {
    /// Least squares solved exactly.
    Exact,
    /// Gradient descent from zero, one step at a time.
    Descent,
}

impl FitMethod {
    /// Both, in menu order.
    pub const ALL: [Self; 2] = [Self::Exact, Self::Descent];
}

/// The fit's settings.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct FitSettings {
    /// Exact or by descent.
    pub method: FitMethod,
    /// The polynomial's degree (1: a line).
    pub degree: usize,
    /// The descent's learning rate η.
    pub rate: f64,
}

impl Default for FitSettings {
    fn default() -> Self {
        Self {
            method: FitMethod::Descent,
            degree: 1,
            rate: 0.1,
        }
    }
}

/// Steps a descent takes at most (it stops earlier once diverged).
pub const DESCENT_STEPS: usize = 300;

/// The highest degree the exact scan tries (fewer when there are fewer training points).
pub const SCAN_DEGREE: usize = 12;

/// Cells per side of the line's loss surface.
pub const SURFACE_CELLS: usize = 60;

/// The line's loss over a rectangle of (slope, intercept).
#[derive(Debug, Clone, PartialEq)]
pub struct Surface {
    /// Slope from, to.
    pub slope: (f64, f64),
    /// Intercept from, to.
    pub intercept: (f64, f64),
    /// [`SURFACE_CELLS`]² losses, row by row from the largest intercept.
    pub values: Vec<f64>,
}

/// A fit of some points.
#[derive(Debug, Clone, PartialEq)]
pub struct Fitting {
    /// The settings.
    pub settings: FitSettings,
    /// Training points (x, y).
    pub train: (Vec<f64>, Vec<f64>),
    /// Validation points (x, y).
    pub validation: (Vec<f64>, Vec<f64>),
    /// Every degree's exact fit (for the under/overfitting plot).
    pub scan: Vec<DegreeFit>,
    /// The descent, when that is the method.
    pub descent: Option<Descent>,
}

impl Fitting {
    /// Makes `toy`'s points (a line or a curve) and starts the fit.
    pub fn new(toy: &ToySpec, settings: FitSettings) -> Result<Self> {
        if !toy.kind.is_regression() {
            return Err(crate::Error::Model(
                "a fit needs a line or a curve of points, not two classes".into(),
            ));
        }
        if settings.degree > MAX_DEGREE {
            return Err(crate::Error::Model(format!(
                "the degree is at most {MAX_DEGREE}"
            )));
        }
        let set = toy.make()?;
        let split = set.split()?;
        let pick = |rows: &[usize]| -> (Vec<f64>, Vec<f64>) {
            (
                rows.iter().map(|&r| set.features.columns[0][r]).collect(),
                rows.iter().map(|&r| set.target[r]).collect(),
            )
        };
        let (train, validation) = (pick(&split.train), pick(&split.validation));
        let top = SCAN_DEGREE.min(train.0.len().saturating_sub(1));
        let scan = degree_scan((&train.0, &train.1), (&validation.0, &validation.1), top)?;
        let descent = match settings.method {
            FitMethod::Exact => None,
            FitMethod::Descent => Some(Descent::new(
                &train.0,
                &train.1,
                vec![0.0; settings.degree + 1],
                settings.rate,
            )?),
        };
        Ok(Self {
            settings,
            train,
            validation,
            scan,
            descent,
        })
    }

    /// The coefficients shown now (θ₀ first): the exact fit, or where the descent stands.
    pub fn coef(&self) -> Result<Vec<f64>> {
        match &self.descent {
            Some(d) => Ok(d.current().to_vec()),
            None => polyfit(&self.train.0, &self.train.1, self.settings.degree),
        }
    }

    /// True while the descent has steps left.
    pub fn can_step(&self) -> bool {
        self.descent
            .as_ref()
            .is_some_and(|d| !d.diverged() && d.path.len() <= DESCENT_STEPS)
    }

    /// Takes up to `n` descent steps.
    pub fn step(&mut self, n: usize) {
        for _ in 0..n {
            if !self.can_step() {
                return;
            }
            if let Some(d) = &mut self.descent {
                d.step();
            }
        }
    }

    /// The learning rate above which the line's descent diverges (`None` for other degrees).
    pub fn divergence_rate(&self) -> Option<f64> {
        (self.settings.degree == 1).then(|| line_divergence_rate(&self.train.0))
    }

    /// The picture's x and y ranges: x over [−1, 1] with a margin, y over the points with one.
    pub fn frame(&self) -> ((f64, f64), (f64, f64)) {
        let ys = self.train.1.iter().chain(&self.validation.1);
        let lo = ys.clone().copied().fold(f64::INFINITY, f64::min);
        let hi = ys.copied().fold(f64::NEG_INFINITY, f64::max);
        let pad = 0.15 * (hi - lo).max(0.5);
        ((-1.1, 1.1), (lo - pad, hi + pad))
    }

    /// What the widget says under its buttons.
    pub fn status(&self) -> String {
        let number = |v: f64| crate::state::number::significant(v, 3);
        match &self.descent {
            None => {
                let d = self.settings.degree;
                match self.scan.get(d) {
                    Some(f) => format!(
                        "Degree {d}: training MSE {}, validation MSE {}.",
                        number(f.train_mse),
                        number(f.validation_mse)
                    ),
                    None => format!(
                        "Degree {d} needs more than {} training points.",
                        self.train.0.len()
                    ),
                }
            }
            Some(d) => {
                let steps = d.path.len() - 1;
                let validation =
                    crate::ml::fit::mse(d.current(), &self.validation.0, &self.validation.1);
                if d.diverged() {
                    let why = self.divergence_rate().map_or(String::new(), |c| {
                        format!(
                            ": η = {} is above {}, where this line's descent turns unstable",
                            number(self.settings.rate),
                            number(c)
                        )
                    });
                    format!("Diverged after {steps} steps — the loss passed a million{why}.")
                } else if steps == 0 {
                    format!(
                        "Start: θ = 0, loss {}. Press Step or Run.",
                        number(d.loss())
                    )
                } else {
                    let state = if self.can_step() {
                        format!("Step {steps}")
                    } else {
                        format!("Done after {steps} steps")
                    };
                    format!(
                        "{state}: training loss {}, validation loss {}.",
                        number(d.loss()),
                        number(validation)
                    )
                }
            }
        }
    }

    /// For a line: the slope and intercept ranges of the loss surface (centred on the exact fit,
    /// wide enough to hold the start (0, 0) and the path so far) and its values.
    pub fn surface(&self) -> Option<Surface> {
        if self.settings.degree != 1 {
            return None;
        }
        let best = polyfit(&self.train.0, &self.train.1, 1).ok()?;
        let mut half = 1.5_f64.max(best[0].abs() * 1.3).max(best[1].abs() * 1.3);
        if let Some(d) = &self.descent {
            for (c, _) in &d.path {
                if c.iter().all(|v| v.is_finite()) {
                    half = half
                        .max((c[0] - best[0]).abs() * 1.1)
                        .max((c[1] - best[1]).abs() * 1.1);
                }
            }
        }
        let half = half.min(20.0);
        let slope = (best[1] - half, best[1] + half);
        let intercept = (best[0] - half, best[0] + half);
        let values = line_loss_surface(
            &self.train.0,
            &self.train.1,
            slope,
            intercept,
            SURFACE_CELLS,
        );
        Some(Surface {
            slope,
            intercept,
            values,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ml::toy::ToyKind;

    fn toy(kind: ToyKind) -> ToySpec {
        ToySpec {
            kind,
            n_points: 40,
            noise: 0.1,
            ..ToySpec::default()
        }
    }

    #[test]
    fn a_descent_steps_until_done_or_diverged_and_an_exact_fit_needs_none() {
        let mut f = Fitting::new(&toy(ToyKind::Line), FitSettings::default()).expect("fit");
        assert_eq!(f.coef().expect("coef"), vec![0.0, 0.0]);
        f.step(1000);
        let d = f.descent.as_ref().expect("descent");
        assert_eq!(d.path.len(), DESCENT_STEPS + 1);
        // η = 0.1 is well below the divergence rate (≈ 1.0): it reaches the least-squares line.
        let exact = polyfit(&f.train.0, &f.train.1, 1).expect("exact");
        let now = f.coef().expect("coef");
        assert!((now[0] - exact[0]).abs() < 1e-6 && (now[1] - exact[1]).abs() < 1e-6);
        assert!((f.divergence_rate().expect("line") - 0.9958935835275857).abs() < 1e-12);
        assert!(
            f.status()
                .starts_with("Done after 300 steps: training loss 0.00724"),
            "{}",
            f.status()
        );
        let fast = FitSettings {
            rate: 1.2,
            ..FitSettings::default()
        };
        let mut f = Fitting::new(&toy(ToyKind::Line), fast).expect("fit");
        f.step(1000);
        assert!(f.descent.as_ref().expect("d").diverged() && !f.can_step());
        assert!(
            f.status().contains("η = 1.2 is above 0.996"),
            "{}",
            f.status()
        );
        assert!(f.descent.as_ref().expect("d").path.len() < DESCENT_STEPS);
        let surface = f.surface().expect("a line has a surface");
        assert_eq!(surface.values.len(), SURFACE_CELLS * SURFACE_CELLS);
        let (slope, intercept) = (surface.slope, surface.intercept);
        assert!(slope.1 - slope.0 <= 40.0 && intercept.1 - intercept.0 <= 40.0);
        let exact = FitSettings {
            method: FitMethod::Exact,
            degree: 5,
            ..FitSettings::default()
        };
        let f = Fitting::new(&toy(ToyKind::Curve), exact).expect("fit");
        assert!(f.descent.is_none() && !f.can_step() && f.surface().is_none());
        assert_eq!(f.coef().expect("coef").len(), 6);
        assert_eq!(f.scan.len(), SCAN_DEGREE + 1);
        assert!(Fitting::new(&toy(ToyKind::Moons), exact).is_err());
        assert!(
            f.status().starts_with("Degree 5: training MSE"),
            "{}",
            f.status()
        );
        let ((x0, x1), (y0, y1)) = f.frame();
        assert!(x0 < -1.0 && x1 > 1.0);
        assert!(
            f.train
                .1
                .iter()
                .chain(&f.validation.1)
                .all(|y| (y0..y1).contains(y))
        );
    }
}
