//! The dice widget as a link's or a lesson's query (`die=loaded&rolls=600&seed=1`): only what
//! differs from the default.

use super::query;
use crate::state::Choice;
pub use crate::state::dice::DiceSetup;

impl DiceSetup {
    /// The query: only what differs from the default.
    pub fn to_query(&self) -> String {
        let d = Self::default();
        let mut pairs: Vec<(&str, String)> = Vec::new();
        if self.generator != d.generator {
            pairs.push(("die", self.generator.key().into()));
        }
        if self.rolls != d.rolls {
            pairs.push(("rolls", self.rolls.to_string()));
        }
        if self.seed != d.seed {
            pairs.push(("seed", self.seed.to_string()));
        }
        query::build(pairs)
    }

    /// The setup a query describes, and a note for each part that was not used.
    pub fn from_query(text: &str) -> (Self, Vec<String>) {
        let mut setup = Self::default();
        let mut notes = Vec::new();
        for (key, value) in query::parse(text) {
            if let Err(why) = setup.set(&key, &value) {
                notes.push(format!("“{key}={value}” was ignored: {why}"));
            }
        }
        (setup, notes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ml::dice::Generator;

    #[test]
    fn a_query_reads_back_to_the_same_setup() {
        let setup = DiceSetup {
            generator: Generator::WithNegative,
            rolls: 5000,
            seed: 7,
        };
        assert_eq!(setup.to_query(), "die=negative&rolls=5000&seed=7");
        assert_eq!(DiceSetup::from_query(&setup.to_query()), (setup, vec![]));
        assert_eq!(DiceSetup::default().to_query(), "");
        let (read, notes) = DiceSetup::from_query("rolls=lots");
        assert_eq!(read, DiceSetup::default());
        assert_eq!(notes.len(), 1);
    }
}
