//! Monte-Carlo weights, on dice. A simulation rarely draws events with nature's own
//! probabilities: it draws from what it can generate (a loaded die) and gives each event a weight,
//! nature's probability over the generator's, so that weighted counts estimate nature. Some
//! generators (next-to-leading-order ones) also produce events with negative weights, which
//! cancel part of the positive ones: the sums stay right, the statistical power shrinks.
//!
//! Three ways to simulate a fair die: roll it ([`Generator::Fair`]); roll a die loaded towards
//! six and weight each roll by (1/6)/q(face) ([`Generator::Loaded`]); or draw, with probability
//! [`NEGATIVE_SHARE`], a "counter-event" that is always a six with weight −w, else a roll of a die
//! chosen so that the two together are fair ([`Generator::WithNegative`]). Pure arithmetic on
//! [`Rng`].

use super::rng::Rng;
use crate::{Error, Result};

/// Faces of a die.
pub const FACES: usize = 6;

/// The loaded die's probabilities: a six comes up half the time.
pub const LOADED: [f64; FACES] = [0.1, 0.1, 0.1, 0.1, 0.1, 0.5];

/// The share s of counter-events (weight −w, always a six) in [`Generator::WithNegative`].
pub const NEGATIVE_SHARE: f64 = 0.2;

/// How the rolls are made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Generator {
    /// Roll a fair die; every weight is 1.
    Fair,
    /// Roll [`LOADED`]; weight (1/6)/q(face).
    Loaded,
    /// With probability s a six of weight −w, else a roll of the die p⁺ = (c, …, c, c + s)/(1 − s)
    /// with c = (1 − 2s)/6, of weight +w; w = 1/(1 − 2s) so the weights sum to the number of
    /// rolls on average. Each face then averages w·c·n − … = n/6 (see the test).
    WithNegative,
}

/// Rolls and their weights.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Rolls {
    /// How they were made.
    pub generator: Generator,
    /// Face of each roll, 0 to 5 (face 1 to 6).
    pub faces: Vec<u8>,
    /// Weight of each roll.
    pub weights: Vec<f64>,
}

/// One face's total.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct FaceTotal {
    /// Rolls that showed it.
    pub rolls: usize,
    /// Σ w over them: the estimate of how many times a fair die shows it.
    pub weighted: f64,
    /// √Σ w²: the estimate's statistical uncertainty.
    pub uncertainty: f64,
}

/// Most rolls one simulation makes.
pub const MAX_ROLLS: usize = 1_000_000;

impl Generator {
    /// The generator's probability of each face and the weight it gives it (for `WithNegative`,
    /// the positive part; the counter-events come on top).
    fn table(self) -> ([f64; FACES], [f64; FACES]) {
        match self {
            Self::Fair => ([1.0 / 6.0; FACES], [1.0; FACES]),
            Self::Loaded => (LOADED, LOADED.map(|q| (1.0 / 6.0) / q)),
            Self::WithNegative => {
                let s = NEGATIVE_SHARE;
                let c = (1.0 - 2.0 * s) / 6.0;
                let mut p = [c / (1.0 - s); FACES];
                p[FACES - 1] = (c + s) / (1.0 - s);
                (p, [1.0 / (1.0 - 2.0 * s); FACES])
            }
        }
    }

    /// Rolls `n` times with `seed`.
    pub fn roll(self, n: usize, seed: u64) -> Result<Rolls> {
        if !(1..=MAX_ROLLS).contains(&n) {
            return Err(Error::Model(format!(
                "roll between 1 and {MAX_ROLLS} times, not {n}"
            )));
        }
        let (probabilities, weights) = self.table();
        let mut rng = Rng::new(seed, 0);
        let mut faces = Vec::with_capacity(n);
        let mut ws = Vec::with_capacity(n);
        for _ in 0..n {
            if self == Self::WithNegative && rng.uniform() < NEGATIVE_SHARE {
                faces.push((FACES - 1) as u8);
                ws.push(-weights[FACES - 1]);
                continue;
            }
            let u = rng.uniform();
            let mut acc = 0.0;
            let face = probabilities
                .iter()
                .position(|&p| {
                    acc += p;
                    u < acc
                })
                .unwrap_or(FACES - 1);
            faces.push(face as u8);
            ws.push(weights[face]);
        }
        Ok(Rolls {
            generator: self,
            faces,
            weights: ws,
        })
    }
}

impl Rolls {
    /// Each face's rolls, weighted total and uncertainty.
    pub fn totals(&self) -> [FaceTotal; FACES] {
        let mut out = [FaceTotal {
            rolls: 0,
            weighted: 0.0,
            uncertainty: 0.0,
        }; FACES];
        for (&f, &w) in self.faces.iter().zip(&self.weights) {
            let t = &mut out[usize::from(f)];
            t.rolls += 1;
            t.weighted += w;
            t.uncertainty += w * w;
        }
        for t in &mut out {
            t.uncertainty = t.uncertainty.sqrt();
        }
        out
    }

    /// Kish's effective number of events (Σw)²/Σw²: as many unweighted rolls would give the same
    /// relative uncertainty on the total.
    pub fn effective_events(&self) -> f64 {
        let sum: f64 = self.weights.iter().sum();
        let sq: f64 = self.weights.iter().map(|w| w * w).sum();
        if sq > 0.0 { sum * sum / sq } else { 0.0 }
    }

    /// Rolls with a negative weight.
    pub fn negative(&self) -> usize {
        self.weights.iter().filter(|&&w| w < 0.0).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_generator_is_fair_on_average_and_the_tables_add_up() {
        for g in [Generator::Fair, Generator::Loaded, Generator::WithNegative] {
            let (p, w) = g.table();
            assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-12, "{g:?}");
            // Expected weighted share of each face: p·w, less the counter-events on a six.
            for face in 0..FACES {
                let mut share = p[face] * w[face];
                if g == Generator::WithNegative {
                    share *= 1.0 - NEGATIVE_SHARE;
                    if face == FACES - 1 {
                        share -= NEGATIVE_SHARE * w[face];
                    }
                }
                assert!(
                    (share - 1.0 / 6.0).abs() < 1e-12,
                    "{g:?} face {face}: {share}"
                );
            }
        }
    }

    #[test]
    fn weighted_rolls_of_a_loaded_die_count_like_a_fair_die_and_negative_weights_cost_power() {
        let n = 60_000;
        for g in [Generator::Fair, Generator::Loaded, Generator::WithNegative] {
            let rolls = g.roll(n, 5).expect("rolls");
            let totals = rolls.totals();
            for t in totals {
                // 10 000 expected per face, within 4 of its own uncertainties.
                assert!(
                    (t.weighted - 10_000.0).abs() < 4.0 * t.uncertainty,
                    "{g:?} {t:?}"
                );
            }
            let eff = rolls.effective_events();
            match g {
                Generator::Fair => assert_eq!(eff, n as f64),
                // Loaded: E[w] = 1, E[w²] = Σ (1/6)²/q = 5·(1/36)/0.1 + (1/36)/0.5 = 1.444…,
                // so n_eff ≈ n/1.444 = 41 538.
                Generator::Loaded => {
                    assert!((eff / n as f64 - 1.0 / 1.444_444).abs() < 0.02, "{eff}");
                    assert!(totals[5].rolls > 3 * totals[0].rolls);
                }
                // Negative: |w| = 1/(1 − 2s) = 5/3 and Σw ≈ n, so n_eff ≈ n·(1 − 2s)² = 0.36·n.
                Generator::WithNegative => {
                    assert!((eff / n as f64 - 0.36).abs() < 0.02, "{eff}");
                    let share = rolls.negative() as f64 / n as f64;
                    assert!((share - NEGATIVE_SHARE).abs() < 0.01, "{share}");
                }
            }
        }
        assert!(Generator::Fair.roll(0, 1).is_err());
    }
}
