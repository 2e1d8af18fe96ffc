//! The dice widget: which die is rolled, how many times, with which seed, and what the page shows
//! of the rolls (each face raw and weighted, the fair expectation, the effective number of rolls,
//! the negative weights). Depends on `ml::dice`; nothing web.

use super::Choice;
use crate::Result;
use crate::ml::dice::{FACES, FaceTotal, Generator, MAX_ROLLS};

impl Choice for Generator {
    const ALL: &'static [Self] = &[Self::Fair, Self::Loaded, Self::WithNegative];

    fn key(self) -> &'static str {
        match self {
            Self::Fair => "fair",
            Self::Loaded => "loaded",
            Self::WithNegative => "negative",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Self::Fair => "a fair die (every weight 1)",
            Self::Loaded => "a die loaded towards six, weighted back",
            Self::WithNegative => "a generator with negative weights",
        }
    }
}

/// Most rolls the widget offers at once (a million take a few milliseconds to roll, and would
/// make every bar look exact).
pub const MAX_WIDGET_ROLLS: usize = 100_000;

/// What the dice widget rolls.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DiceSetup {
    /// The die.
    pub generator: Generator,
    /// How many rolls.
    pub rolls: usize,
    /// The random seed.
    pub seed: u64,
}

impl Default for DiceSetup {
    fn default() -> Self {
        Self {
            generator: Generator::Loaded,
            rolls: 600,
            seed: 1,
        }
    }
}

/// What the widget shows of a simulation.
#[derive(Debug, Clone, PartialEq)]
pub struct DiceSummary {
    /// Each face's rolls, weighted total and uncertainty.
    pub faces: [FaceTotal; FACES],
    /// A fair die's expectation for each face: rolls / 6.
    pub fair: f64,
    /// Σw over every roll.
    pub weighted_total: f64,
    /// (Σw)²/Σw².
    pub effective_events: f64,
    /// Rolls with a negative weight.
    pub negative: usize,
}

impl DiceSetup {
    /// Sets one field from a link's, a lesson's or a form's `key=value` (`die`, `rolls`, `seed`).
    pub fn set(&mut self, key: &str, value: &str) -> std::result::Result<(), String> {
        match key {
            "die" => self.generator = Generator::from_key(value).ok_or("no such die")?,
            "rolls" => {
                self.rolls = value
                    .parse::<usize>()
                    .ok()
                    .filter(|n| (1..=MAX_WIDGET_ROLLS.min(MAX_ROLLS)).contains(n))
                    .ok_or_else(|| {
                        format!("it must be a whole number from 1 to {MAX_WIDGET_ROLLS}")
                    })?;
            }
            "seed" => self.seed = value.parse().map_err(|_| "it must be a whole number")?,
            _ => return Err("the dice have no such setting".into()),
        }
        Ok(())
    }

    /// Rolls and sums up.
    pub fn summary(&self) -> Result<DiceSummary> {
        let rolls = self.generator.roll(self.rolls, self.seed)?;
        Ok(DiceSummary {
            faces: rolls.totals(),
            fair: self.rolls as f64 / FACES as f64,
            weighted_total: rolls.weights.iter().sum(),
            effective_events: rolls.effective_events(),
            negative: rolls.negative(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_adds_up_and_settings_are_checked() {
        let mut setup = DiceSetup::default();
        let s = setup.summary().expect("rolls");
        assert_eq!(s.faces.iter().map(|f| f.rolls).sum::<usize>(), 600);
        let total: f64 = s.faces.iter().map(|f| f.weighted).sum();
        assert!((total - s.weighted_total).abs() < 1e-9);
        assert_eq!(s.fair, 100.0);
        assert_eq!(s.negative, 0);
        assert!(setup.set("rolls", "0").is_err());
        assert!(setup.set("die", "tetrahedron").is_err());
        setup.set("die", "negative").expect("die");
        setup.set("rolls", "1000").expect("rolls");
        let s = setup.summary().expect("rolls");
        assert!(s.negative > 100 && s.effective_events < 500.0, "{s:?}");
    }
}
