//! The challenge board: an answer key and the students' submission files in, a ranking out —
//! each submission checked (every event of the challenge scored once, nothing else, numbers
//! only), then ranked by its weighted ROC AUC on the key, with its ROC curve for the overlay.
//! No server: the teacher's browser reads the files.
//!
//! Formats (CSV, read by the engine's reader):
//! - **key**: `f_event,isSignal,f_weight` — every event of the challenge, its truth and weight;
//! - **submission**: `f_event,score`, optionally after comment lines, one of them
//!   `# name: <who>` (the file's name stands in otherwise). [`submission_csv`] writes one.

use std::collections::HashMap;

use crate::data::{CsvOptions, Table, read_csv};
use crate::ml::{RocCurve, roc_auc, roc_curve};
use crate::{Error, Result};

/// The shipped challenge's unlabelled events, under the datasets' folder.
pub const SHIPPED_CHALLENGE: &str = "cms-vbf-4l/challenge/challenge.csv";
/// The shipped challenge's answer key (for self-study), under the datasets' folder.
pub const SHIPPED_KEY: &str = "cms-vbf-4l/challenge/challenge_key.csv";

/// The shipped dataset whose challenge a trained model can score.
pub const CHALLENGE_DATASET: &str = "cms-vbf-4l";

/// The id column every challenge file shares.
pub const ID_COLUMN: &str = "f_event";
/// A submission's score column.
pub const SCORE_COLUMN: &str = "score";
/// The key's truth column (1 = signal).
pub const TRUTH_COLUMN: &str = "isSignal";
/// The key's weight column.
pub const WEIGHT_COLUMN: &str = "f_weight";
/// The comment line that names a submission's author.
const NAME_PREFIX: &str = "# name:";

/// Events in a challenge of the exercise's size: its 164 560 divided by 32 (the shipped one, and
/// a fresh one unless the teacher asks for another size).
pub const CHALLENGE_EVENTS: usize = 5_143;
/// Fewest events a fresh challenge may have: about 60 of them VBF, below which a ranking is
/// mostly luck.
pub const MIN_FRESH_EVENTS: usize = 500;
/// Most events a fresh challenge may have: a 3 MB sample, made in a few seconds.
pub const MAX_FRESH_EVENTS: usize = 50_000;
/// Seeds drawn for the teacher lie below this (twelve digits): too many to try one by one.
const DRAWN_SEEDS: f64 = 1e12;

/// A challenge a teacher makes on the board page: the CMS generator's events from a seed of
/// their choice, so the key is not among the shipped files. The same seed and size make the
/// same challenge again (in the same build of the app).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FreshChallenge {
    /// The generator's seed: whoever knows it can make the key.
    pub seed: u64,
    /// Events in the sample.
    pub events: usize,
}

impl FreshChallenge {
    /// The challenge the teacher typed: `seed` a whole number, `events` between
    /// [`MIN_FRESH_EVENTS`] and [`MAX_FRESH_EVENTS`]; a clear message otherwise.
    pub fn parse(seed: &str, events: &str) -> Result<Self> {
        let seed = seed.trim();
        let seed = seed.parse::<u64>().map_err(|_| {
            Error::Submission(if seed.is_empty() {
                "Give a seed: any whole number (keep it to yourself).".into()
            } else {
                format!(
                    "The seed “{seed}” is not a whole number from 0 to {}.",
                    u64::MAX
                )
            })
        })?;
        let events_text = events.trim();
        let events = events_text
            .parse::<usize>()
            .ok()
            .filter(|n| (MIN_FRESH_EVENTS..=MAX_FRESH_EVENTS).contains(n))
            .ok_or_else(|| {
                Error::Submission(format!(
                    "A challenge has {MIN_FRESH_EVENTS} to {MAX_FRESH_EVENTS} events, not “{events_text}”."
                ))
            })?;
        Ok(Self { seed, events })
    }

    /// A seed for the teacher from `unit`, a uniform draw in [0, 1).
    pub fn drawn_seed(unit: f64) -> u64 {
        (unit.clamp(0.0, 1.0) * DRAWN_SEEDS) as u64 + 1
    }

    /// Where the key came from, for the board's key line.
    pub fn source(&self) -> String {
        format!("your fresh challenge (seed {})", self.seed)
    }

    /// The sample's file name, for the students: it must not give the seed away.
    pub fn sample_file(&self) -> String {
        format!("cms-challenge-{}-events.csv", self.events)
    }

    /// The key's file name, for the teacher: the seed in it makes the key again.
    pub fn key_file(&self) -> String {
        format!("cms-challenge-key-seed-{}.csv", self.seed)
    }
}

/// The truth of every event of a challenge.
#[derive(Debug, Clone, PartialEq)]
pub struct AnswerKey {
    ids: Vec<u64>,
    labels: Vec<u8>,
    weights: Vec<f64>,
    row_of: HashMap<u64, usize>,
}

/// One checked submission.
#[derive(Debug, Clone, PartialEq)]
pub struct Submission {
    /// Who sent it.
    pub name: String,
    /// Its score per event id.
    scores: HashMap<u64, f64>,
}

/// A submission's place on the board.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// Who sent it.
    pub name: String,
    /// Weighted ROC AUC on the key.
    pub auc: f64,
    /// Its ROC curve (for the overlay).
    pub roc: RocCurve,
}

fn problem(text: String) -> Error {
    Error::Submission(text)
}

fn table(text: &str) -> Result<Table> {
    read_csv(text.as_bytes(), &CsvOptions::default(), |_| {})
}

/// An event id: a whole number.
fn id_of(x: f64, file: &str, row: usize) -> Result<u64> {
    if x >= 0.0 && x.fract() == 0.0 && x < 9e15 {
        Ok(x as u64)
    } else {
        Err(problem(format!(
            "{file}: row {} has \"{x}\" as its {ID_COLUMN}, not an event number.",
            row + 1
        )))
    }
}

impl AnswerKey {
    /// Reads a key file (`file` names it in messages).
    pub fn parse(file: &str, text: &str) -> Result<Self> {
        let t = table(text).map_err(|e| problem(format!("{file}: {e}")))?;
        let column = |name: &str| {
            t.numeric(name).map_err(|_| {
                problem(format!(
                    "{file} is not a challenge's answer key: it needs the columns {ID_COLUMN}, {TRUTH_COLUMN} and {WEIGHT_COLUMN}."
                ))
            })
        };
        let (ids, truth, weights) = (
            column(ID_COLUMN)?,
            column(TRUTH_COLUMN)?,
            column(WEIGHT_COLUMN)?,
        );
        let ids: Vec<u64> = ids
            .iter()
            .enumerate()
            .map(|(row, &x)| id_of(x, file, row))
            .collect::<Result<_>>()?;
        let mut row_of = HashMap::with_capacity(ids.len());
        for (row, &id) in ids.iter().enumerate() {
            if row_of.insert(id, row).is_some() {
                return Err(problem(format!("{file}: event {id} is listed twice.")));
            }
        }
        let labels = truth.iter().map(|&y| u8::from(y > 0.5)).collect();
        Ok(Self {
            ids,
            labels,
            weights: weights.to_vec(),
            row_of,
        })
    }

    /// How many events the challenge has.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Whether the key lists no event.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }
}

/// The name a submission gives itself, and its CSV without the comment lines.
fn name_and_body<'a>(file: &str, text: &'a str) -> (String, String) {
    let mut name = None;
    let body: Vec<&'a str> = text
        .lines()
        .filter(|line| {
            let trimmed = line.trim_start_matches('\u{feff}').trim();
            if let Some(rest) = trimmed.strip_prefix(NAME_PREFIX) {
                name.get_or_insert_with(|| rest.trim().to_owned());
            }
            !trimmed.starts_with('#')
        })
        .collect();
    let stem = file.rsplit_once('.').map_or(file, |(stem, _)| stem);
    let name = name
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| stem.to_owned());
    (name, body.join("\n"))
}

impl Submission {
    /// Reads `file` and checks it against `key`: every event of the challenge scored exactly
    /// once with a finite number, and no event the challenge does not have. The message names
    /// the first problem and how many events it concerns.
    pub fn check(file: &str, text: &str, key: &AnswerKey) -> Result<Self> {
        let (name, body) = name_and_body(file, text);
        let t = table(&body).map_err(|e| problem(format!("{file}: {e}")))?;
        let wrong_columns = || {
            problem(format!(
                "{file} is not a submission: it needs the columns {ID_COLUMN} and {SCORE_COLUMN} (one row per event of the challenge)."
            ))
        };
        let ids = t.numeric(ID_COLUMN).map_err(|_| wrong_columns())?;
        let scores = t.numeric(SCORE_COLUMN).map_err(|_| wrong_columns())?;
        let mut by_id = HashMap::with_capacity(ids.len());
        let mut unknown = Vec::new();
        for (row, (&id, &score)) in ids.iter().zip(scores).enumerate() {
            let id = id_of(id, file, row)?;
            if !score.is_finite() {
                return Err(problem(format!(
                    "{file}: event {id} (row {}) has no score.",
                    row + 1
                )));
            }
            if !key.row_of.contains_key(&id) {
                unknown.push(id);
            } else if by_id.insert(id, score).is_some() {
                return Err(problem(format!("{file}: event {id} is scored twice.")));
            }
        }
        if let Some(first) = unknown.first() {
            return Err(problem(format!(
                "{file}: {} scored events are not in this challenge (the first: {first}) — is it the submission for another challenge?",
                unknown.len()
            )));
        }
        let missing: Vec<u64> = key
            .ids
            .iter()
            .copied()
            .filter(|id| !by_id.contains_key(id))
            .collect();
        if let Some(first) = missing.first() {
            return Err(problem(format!(
                "{file}: {} of the challenge's {} events have no score (the first: {first}).",
                missing.len(),
                key.len()
            )));
        }
        Ok(Self {
            name,
            scores: by_id,
        })
    }

    /// Its scores in the key's order.
    fn in_key_order(&self, key: &AnswerKey) -> Vec<f64> {
        key.ids.iter().map(|id| self.scores[id]).collect()
    }
}

/// The board: every submission's weighted AUC and ROC curve on `key`, best first (equal AUCs
/// keep the order given).
pub fn rank(key: &AnswerKey, submissions: &[Submission]) -> Result<Vec<Entry>> {
    Ok(ranked(key, submissions)?
        .into_iter()
        .map(|(_, e)| e)
        .collect())
}

/// [`rank`], each entry with its submission's place in `submissions`.
fn ranked(key: &AnswerKey, submissions: &[Submission]) -> Result<Vec<(usize, Entry)>> {
    let mut entries = submissions
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let scores = s.in_key_order(key);
            Ok((
                i,
                Entry {
                    name: s.name.clone(),
                    auc: roc_auc(&key.labels, &scores, Some(&key.weights))?,
                    roc: roc_curve(&key.labels, &scores, Some(&key.weights))?,
                },
            ))
        })
        .collect::<Result<Vec<_>>>()?;
    entries.sort_by(|a, b| b.1.auc.total_cmp(&a.1.auc));
    Ok(entries)
}

/// A submission for the challenge in `challenge_csv`: every event scored by `score` (a trained
/// model) on the columns named `inputs`, under `name`. An error when the challenge lacks one of
/// the model's inputs (it gives the five high-level features only) or when `name` is empty.
pub fn submission_for(
    challenge_csv: &str,
    inputs: &[String],
    name: &str,
    score: impl Fn(&crate::ml::Features) -> Result<Vec<f64>>,
) -> Result<String> {
    if name.trim().is_empty() {
        return Err(problem(
            "Type the name the board should show for this submission.".into(),
        ));
    }
    let t = table(challenge_csv).map_err(|e| problem(format!("The challenge file: {e}")))?;
    let given: Vec<&str> = t.numeric_names().filter(|n| *n != ID_COLUMN).collect();
    if let Some(missing) = inputs.iter().find(|i| !given.contains(&i.as_str())) {
        return Err(problem(format!(
            "The challenge gives {} only; this model also uses {missing}. Train one on those inputs to take part.",
            given.join(", ")
        )));
    }
    let ids: Vec<u64> = t
        .numeric(ID_COLUMN)
        .map_err(|_| problem(format!("The challenge file has no {ID_COLUMN} column.")))?
        .iter()
        .enumerate()
        .map(|(row, &x)| id_of(x, "The challenge file", row))
        .collect::<Result<_>>()?;
    let columns = inputs
        .iter()
        .map(|i| t.numeric(i).map(<[f64]>::to_vec))
        .collect::<Result<Vec<_>>>()?;
    let features = crate::ml::Features::new(inputs.to_vec(), columns)?;
    let scores = score(&features)?;
    Ok(submission_csv(name, &ids, &scores))
}

/// A submission file: the author's `name` in a comment line, then one row per event.
pub fn submission_csv(name: &str, ids: &[u64], scores: &[f64]) -> String {
    let one_line: String = name.chars().filter(|c| *c != '\n' && *c != '\r').collect();
    let mut text = format!(
        "# Five Sigma challenge submission\n{NAME_PREFIX} {}\n{ID_COLUMN},{SCORE_COLUMN}\n",
        one_line.trim()
    );
    for (id, score) in ids.iter().zip(scores) {
        text.push_str(&format!("{id},{score}\n"));
    }
    text
}

/// The board page's state: the answer key (and where it came from) and every submission file
/// given, checked again whenever the key changes. A file that cannot be used is reported by
/// name and changes nothing else.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Board {
    key: Option<(String, AnswerKey)>,
    files: Vec<(String, String)>,
}

/// What the board page shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Standings {
    /// "Answer key: … — 5 143 events, 637 of them signal", or what to do first.
    pub key_line: String,
    /// The ranked submissions, best first, with the file each came from.
    pub entries: Vec<(Entry, String)>,
    /// One message per file that could not be ranked.
    pub problems: Vec<String>,
}

impl Board {
    /// Uses `text` (from `source`, for the key line) as the key; an unusable key is refused
    /// and the previous one kept.
    pub fn set_key(&mut self, source: &str, text: &str) -> Result<()> {
        let key = AnswerKey::parse(source, text)?;
        self.key = Some((source.to_owned(), key));
        Ok(())
    }

    /// Adds submission files (`(file name, text)`); a file of the same name replaces the
    /// earlier one (a student sending a better model).
    pub fn add(&mut self, files: impl IntoIterator<Item = (String, String)>) {
        for (name, text) in files {
            match self.files.iter_mut().find(|(n, _)| *n == name) {
                Some(slot) => slot.1 = text,
                None => self.files.push((name, text)),
            }
        }
    }

    /// Takes the file `name` off the board.
    pub fn remove(&mut self, name: &str) {
        self.files.retain(|(n, _)| n != name);
    }

    /// Submission files given so far.
    pub fn file_count(&self) -> usize {
        self.files.len()
    }

    /// The board as it stands.
    pub fn standings(&self) -> Standings {
        let Some((source, key)) = &self.key else {
            return Standings {
                key_line:
                    "Give the answer key first: the shipped challenge's, or the one you made."
                        .into(),
                entries: Vec::new(),
                problems: Vec::new(),
            };
        };
        let signal = key.labels.iter().filter(|&&y| y == 1).count();
        let key_line = format!(
            "Answer key: {source} — {} events, {signal} of them signal.",
            key.len()
        );
        let mut problems = Vec::new();
        let mut checked = Vec::new();
        for (file, text) in &self.files {
            match Submission::check(file, text, key) {
                Ok(s) => checked.push((s, file.clone())),
                Err(e) => problems.push(e.to_string()),
            }
        }
        let submissions: Vec<Submission> = checked.iter().map(|(s, _)| s.clone()).collect();
        let entries = match ranked(key, &submissions) {
            Ok(entries) => entries
                .into_iter()
                .map(|(i, e)| (e, checked[i].1.clone()))
                .collect(),
            Err(e) => {
                problems.push(e.to_string());
                Vec::new()
            }
        };
        Standings {
            key_line,
            entries,
            problems,
        }
    }
}

#[cfg(test)]
mod tests;
