//! Two-dimensional toy data for the playground and the foundations lesson: blobs, moons, circles,
//! XOR and spirals to classify, and a line and a curve to fit. Made from a seed, never from a
//! file, so a link (kind, size, noise, balance, seed) gives the same points on every machine.
//!
//! Pure arithmetic on [`Rng`]; knows nothing of models or of the page.

use super::features::Features;
use super::rng::Rng;
use super::split::{Order, Split, SplitSpec, split};
use crate::{Error, Result};
use std::f64::consts::{PI, TAU};

/// The shapes the playground offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum ToyKind {
    /// Two round Gaussian clouds: a straight line separates them.
    Blobs,
    /// Two interleaving half circles (scikit-learn's `make_moons`).
    Moons,
    /// A disc inside a ring: no straight line separates them.
    Circles,
    /// The four quadrants, class 1 where x₁·x₂ > 0.
    Xor,
    /// Two interleaved spirals, the hardest.
    Spirals,
    /// A noisy straight line y = a·x + b, to fit.
    Line,
    /// A noisy curve, to fit with polynomials of growing degree.
    Curve,
}

impl ToyKind {
    /// Every kind, in menu order.
    pub const ALL: [Self; 7] = [
        Self::Blobs,
        Self::Moons,
        Self::Circles,
        Self::Xor,
        Self::Spirals,
        Self::Line,
        Self::Curve,
    ];

    /// True for the sets whose target is a number (x, y) rather than a class.
    pub fn is_regression(self) -> bool {
        matches!(self, Self::Line | Self::Curve)
    }
}

/// What to make.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ToySpec {
    /// The shape.
    pub kind: ToyKind,
    /// Points in all (both classes), 10 to [`MAX_POINTS`].
    pub n_points: usize,
    /// Standard deviation of the Gaussian jitter added to each coordinate (0 to 1; the shapes
    /// span about ±1).
    pub noise: f64,
    /// Fraction of class-1 points, 0.05 to 0.95 (ignored for regression).
    pub class1_fraction: f64,
    /// The seed: the same spec gives the same points everywhere.
    pub seed: u64,
}

/// Most points a toy set may hold (the playground redraws every point at every step).
pub const MAX_POINTS: usize = 5000;

impl Default for ToySpec {
    fn default() -> Self {
        Self {
            kind: ToyKind::Moons,
            n_points: 300,
            noise: 0.15,
            class1_fraction: 0.5,
            seed: 1,
        }
    }
}

/// The points: two inputs `x1`, `x2` and a class, or for regression one input `x` and a target.
#[derive(Debug, Clone, PartialEq)]
pub struct ToySet {
    /// The spec that made them.
    pub spec: ToySpec,
    /// Inputs: `x1`, `x2` for classification; `x` for regression.
    pub features: Features,
    /// Class of each point (1 or 0); all 0 for regression.
    pub labels: Vec<u8>,
    /// Regression target of each point (empty for classification).
    pub target: Vec<f64>,
}

/// The line the `Line` set scatters around: y = 0.8·x + 0.3.
pub const LINE: (f64, f64) = (0.8, 0.3);

/// The curve the `Curve` set scatters around, y = sin(2.5·x) (a smooth shape that a straight
/// line underfits and a high-degree polynomial on a few points overfits).
pub fn curve(x: f64) -> f64 {
    (2.5 * x).sin()
}

impl ToySpec {
    /// Checks the numbers a link or a form may have bent.
    pub fn check(&self) -> Result<()> {
        let bad = |m: String| Err(Error::Model(m));
        if !(10..=MAX_POINTS).contains(&self.n_points) {
            return bad(format!(
                "a toy set has 10 to {MAX_POINTS} points, not {}",
                self.n_points
            ));
        }
        if !(self.noise.is_finite() && (0.0..=1.0).contains(&self.noise)) {
            return bad(format!("the noise is between 0 and 1, not {}", self.noise));
        }
        if !(self.class1_fraction.is_finite() && (0.05..=0.95).contains(&self.class1_fraction)) {
            return bad(format!(
                "the share of class 1 is between 0.05 and 0.95, not {}",
                self.class1_fraction
            ));
        }
        Ok(())
    }

    /// Class-1 points: round(n · fraction), at least one of each class.
    pub fn n_class1(&self) -> usize {
        ((self.n_points as f64 * self.class1_fraction).round() as usize).clamp(1, self.n_points - 1)
    }

    /// Makes the points. Class 1 first, then class 0, then shuffled together (stream 0 draws the
    /// shapes, stream 1 the jitter, stream 2 the order), so changing the noise moves each point
    /// without reshuffling the set.
    pub fn make(&self) -> Result<ToySet> {
        self.check()?;
        let mut shape = Rng::new(self.seed, 0);
        let mut jitter = Rng::new(self.seed, 1);
        let mut order: Vec<usize> = (0..self.n_points).collect();
        Rng::new(self.seed, 2).shuffle(&mut order);
        if self.kind.is_regression() {
            return Ok(self.regression(&mut shape, &mut jitter, &order));
        }
        let n1 = self.n_class1();
        let mut points = Vec::with_capacity(self.n_points);
        for i in 0..self.n_points {
            let class = u8::from(i < n1);
            let (k, n) = if class == 1 {
                (i, n1)
            } else {
                (i - n1, self.n_points - n1)
            };
            let (a, b) = self.point(class, k, n, &mut shape);
            let dx = self.noise * jitter.normal();
            let dy = self.noise * jitter.normal();
            points.push((a + dx, b + dy, class));
        }
        let pick = |f: fn(&(f64, f64, u8)) -> f64| order.iter().map(|&i| f(&points[i])).collect();
        Ok(ToySet {
            spec: *self,
            features: Features::new(
                vec!["x1".into(), "x2".into()],
                vec![pick(|p| p.0), pick(|p| p.1)],
            )?,
            labels: order.iter().map(|&i| points[i].2).collect(),
            target: Vec::new(),
        })
    }

    /// The k-th of n noiseless points of `class`.
    fn point(&self, class: u8, k: usize, n: usize, rng: &mut Rng) -> (f64, f64) {
        let t = (k as f64 + 0.5) / n as f64;
        match self.kind {
            // Centres ±(0.6, 0.6) with σ = 0.35 before the noise: they touch but barely overlap.
            ToyKind::Blobs => {
                let c = if class == 1 { 0.6 } else { -0.6 };
                (c + 0.35 * rng.normal(), c + 0.35 * rng.normal())
            }
            // scikit-learn's make_moons: the outer moon (cos, sin) for class 0, the inner moon
            // (1 − cos, 0.5 − sin) for class 1, evenly spaced in angle; shifted by −0.5 in x and
            // −0.25 in y so the set is centred on the origin.
            ToyKind::Moons => {
                let a = PI * t;
                if class == 1 {
                    (1.0 - a.cos() - 0.5, 0.5 - a.sin() - 0.25)
                } else {
                    (a.cos() - 0.5, a.sin() - 0.25)
                }
            }
            // scikit-learn's make_circles with factor 0.5: evenly spaced on the circle.
            ToyKind::Circles => {
                let r = if class == 1 { 0.5 } else { 1.0 };
                let a = TAU * t;
                (r * a.cos(), r * a.sin())
            }
            // Uniform in the two quadrants of the class, kept 0.05 off the axes (as Playground
            // does) so the noise alone blurs the border.
            ToyKind::Xor => {
                let side = |rng: &mut Rng| {
                    let v = 0.05 + 0.95 * rng.uniform();
                    if rng.uniform() < 0.5 { v } else { -v }
                };
                let x = side(rng);
                let y = side(rng).abs() * x.signum() * if class == 1 { 1.0 } else { -1.0 };
                (x, y)
            }
            // r from 0 to 1 over 1.75 turns; class 0 is class 1 turned by π.
            ToyKind::Spirals => {
                let turn = if class == 1 { 0.0 } else { PI };
                let a = 1.75 * TAU * t + turn;
                (t * a.cos(), t * a.sin())
            }
            ToyKind::Line | ToyKind::Curve => (0.0, 0.0),
        }
    }

    /// x uniform in [−1, 1], the target on the line or curve plus noise.
    fn regression(&self, shape: &mut Rng, jitter: &mut Rng, order: &[usize]) -> ToySet {
        let xs: Vec<f64> = (0..self.n_points)
            .map(|_| 2.0 * shape.uniform() - 1.0)
            .collect();
        let ys: Vec<f64> = xs
            .iter()
            .map(|&x| {
                let clean = match self.kind {
                    ToyKind::Line => LINE.0 * x + LINE.1,
                    _ => curve(x),
                };
                clean + self.noise * jitter.normal()
            })
            .collect();
        ToySet {
            spec: *self,
            features: Features {
                names: vec!["x".into()],
                columns: vec![order.iter().map(|&i| xs[i]).collect()],
            },
            labels: vec![0; self.n_points],
            target: order.iter().map(|&i| ys[i]).collect(),
        }
    }
}

/// The playground's three parts: 60 % train, 20 % validation, 20 % test, stratified by class
/// and shuffled with the set's seed.
pub const TOY_SPLIT: (f64, f64) = (0.2, 0.2);

impl ToySet {
    /// Points in the set.
    pub fn len(&self) -> usize {
        self.labels.len()
    }

    /// True when the set has no points (never, once made).
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    /// Which points train, validate and test (see [`TOY_SPLIT`]).
    pub fn split(&self) -> Result<Split> {
        split(
            &self.labels,
            &SplitSpec {
                validation: TOY_SPLIT.0,
                test: TOY_SPLIT.1,
                order: Order::Shuffled {
                    seed: self.spec.seed,
                },
                stratify: !self.spec.kind.is_regression(),
            },
        )
    }

    /// The smallest square frame, centred on the points' middle and rounded out to 0.5, that holds
    /// every point with a margin of 0.2 — where the playground draws and probes the model.
    pub fn frame(&self) -> Frame {
        let extent = |c: &[f64]| {
            let lo = c.iter().copied().fold(f64::INFINITY, f64::min);
            let hi = c.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            (lo - 0.2, hi + 0.2)
        };
        let (x, y) = match self.features.columns.as_slice() {
            [x1, x2] => (extent(x1), extent(x2)),
            [x] => (extent(x), extent(&self.target)),
            _ => ((-1.0, 1.0), (-1.0, 1.0)),
        };
        let half = ((x.1 - x.0).max(y.1 - y.0) / 2.0 * 2.0).ceil() / 2.0;
        let round = |v: f64| (v * 2.0).round() / 2.0;
        let (cx, cy) = (round((x.0 + x.1) / 2.0), round((y.0 + y.1) / 2.0));
        Frame {
            x: (cx - half, cx + half),
            y: (cy - half, cy + half),
        }
    }
}

/// A rectangle of the plane, (lo, hi) on each axis.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Frame {
    /// x₁ from, to.
    pub x: (f64, f64),
    /// x₂ from, to.
    pub y: (f64, f64),
}

impl Frame {
    /// The centres of an `n` × `n` grid of cells, row by row from the top (largest x₂) down, as
    /// the features a model is probed with; cell (row, col) is index row·n + col.
    pub fn probe(&self, n: usize) -> Features {
        let mut x1 = Vec::with_capacity(n * n);
        let mut x2 = Vec::with_capacity(n * n);
        let step = |(lo, hi): (f64, f64), i: usize| lo + (hi - lo) * (i as f64 + 0.5) / n as f64;
        for row in 0..n {
            for col in 0..n {
                x1.push(step(self.x, col));
                x2.push(step(self.y, n - 1 - row));
            }
        }
        Features {
            names: vec!["x1".into(), "x2".into()],
            columns: vec![x1, x2],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn make(kind: ToyKind, noise: f64) -> ToySet {
        ToySpec {
            kind,
            noise,
            ..ToySpec::default()
        }
        .make()
        .expect("toy set")
    }

    #[test]
    fn the_same_spec_gives_the_same_points_and_another_seed_others() {
        for kind in ToyKind::ALL {
            let a = make(kind, 0.1);
            assert_eq!(a, make(kind, 0.1), "{kind:?}");
            let other = ToySpec {
                kind,
                seed: 2,
                noise: 0.1,
                ..ToySpec::default()
            }
            .make()
            .expect("set");
            assert_ne!(a.features, other.features, "{kind:?}");
            assert_eq!(a.len(), 300);
        }
        // Pinned so that a change to the generator (which would move every shared link's points)
        // is a deliberate one.
        let moons = make(ToyKind::Moons, 0.15);
        let first = (moons.features.columns[0][0], moons.features.columns[1][0]);
        assert_eq!(format!("{:.6} {:.6}", first.0, first.1), PINNED_MOON);
    }

    const PINNED_MOON: &str = "-0.217027 0.509336";

    #[test]
    fn without_noise_each_shape_is_exact() {
        let circles = make(ToyKind::Circles, 0.0);
        for i in 0..circles.len() {
            let r = circles.features.columns[0][i].hypot(circles.features.columns[1][i]);
            let want = if circles.labels[i] == 1 { 0.5 } else { 1.0 };
            assert!((r - want).abs() < 1e-12, "{r}");
        }
        let xor = make(ToyKind::Xor, 0.0);
        for i in 0..xor.len() {
            let (x, y) = (xor.features.columns[0][i], xor.features.columns[1][i]);
            assert_eq!(u8::from(x * y > 0.0), xor.labels[i]);
            assert!(x.abs() >= 0.05 && y.abs() >= 0.05 && x.abs() <= 1.0 && y.abs() <= 1.0);
        }
        let moons = make(ToyKind::Moons, 0.0);
        for i in 0..moons.len() {
            let (x, y) = (moons.features.columns[0][i], moons.features.columns[1][i]);
            // Outer moon: centre (−0.5, −0.25); inner: centre (0.5, 0.25); radius 1.
            let (cx, cy) = if moons.labels[i] == 1 {
                (0.5, 0.25)
            } else {
                (-0.5, -0.25)
            };
            assert!(((x - cx).hypot(y - cy) - 1.0).abs() < 1e-12);
        }
        let line = make(ToyKind::Line, 0.0);
        for (x, y) in line.features.columns[0].iter().zip(&line.target) {
            assert!((y - (0.8 * x + 0.3)).abs() < 1e-12 && x.abs() <= 1.0);
        }
    }

    #[test]
    fn balance_noise_and_size_do_what_they_say() {
        let spec = ToySpec {
            kind: ToyKind::Spirals,
            n_points: 1000,
            class1_fraction: 0.2,
            noise: 0.3,
            seed: 9,
        };
        let set = spec.make().expect("set");
        assert_eq!(set.labels.iter().filter(|&&l| l == 1).count(), 200);
        // The jitter is N(0, 0.3²) per coordinate: against the noiseless set, the mean squared
        // shift per coordinate is 0.09 (± about 0.004 for 2000 draws).
        let clean = ToySpec { noise: 0.0, ..spec }.make().expect("clean");
        let mut sq = 0.0;
        for c in 0..2 {
            for (a, b) in set.features.columns[c]
                .iter()
                .zip(&clean.features.columns[c])
            {
                sq += (a - b).powi(2);
            }
        }
        let msd = sq / 2000.0;
        assert!((msd - 0.09).abs() < 0.012, "{msd}");
        for (bad, why) in [
            (
                ToySpec {
                    n_points: 5,
                    ..spec
                },
                "10 to",
            ),
            (ToySpec { noise: 2.0, ..spec }, "noise"),
            (
                ToySpec {
                    class1_fraction: 0.99,
                    ..spec
                },
                "share of class 1",
            ),
        ] {
            let e = bad.make().expect_err("refused");
            assert!(e.to_string().contains(why), "{e}");
        }
    }

    #[test]
    fn three_stratified_parts_and_a_frame_that_holds_every_point() {
        let set = make(ToyKind::Circles, 0.1);
        let parts = set.split().expect("split");
        assert_eq!(
            (parts.train.len(), parts.validation.len(), parts.test.len()),
            (180, 60, 60)
        );
        let ones = |rows: &[usize]| rows.iter().filter(|&&r| set.labels[r] == 1).count();
        assert_eq!((ones(&parts.validation), ones(&parts.test)), (30, 30));
        let frame = set.frame();
        for i in 0..set.len() {
            let (x, y) = (set.features.columns[0][i], set.features.columns[1][i]);
            assert!(frame.x.0 < x && x < frame.x.1 && frame.y.0 < y && y < frame.y.1);
        }
        assert!((frame.x.1 - frame.x.0 - (frame.y.1 - frame.y.0)).abs() < 1e-12);
        // A 2 × 2 probe: top-left cell first.
        let probe = frame.probe(2);
        let quarter = (frame.x.1 - frame.x.0) / 4.0;
        assert!((probe.columns[0][0] - (frame.x.0 + quarter)).abs() < 1e-12);
        assert!((probe.columns[1][0] - (frame.y.1 - quarter)).abs() < 1e-12);
        assert!((probe.columns[1][3] - (frame.y.0 + quarter)).abs() < 1e-12);
    }
}
