//! The 2014 HiggsML challenge's own file as a dataset: one CSV (the CERN Open Data record's
//! `atlas-higgs-challenge-2014-v2.csv`, or Kaggle's `training.csv`) whose `Label` column says
//! signal (`s`) or background (`b`), with `Weight` (and, in the Open Data file, `KaggleSet` —
//! which of the challenge's sets an event belongs to — and `KaggleWeight`, the weights
//! normalised within that set). The lesson loads it instead of our toy and every check
//! recomputes from it.
//!
//! Depends on the catalog, table and dataset types of this module; nothing outside `data`.

use super::{Catalog, Column, ColumnData, Dataset, Role, SampleSpec, Table};
use crate::{Error, Result};

/// The column naming signal (`s`) and background (`b`).
pub const LABEL: &str = "Label";
/// The weights normalised over the whole file.
pub const WEIGHT: &str = "Weight";
/// Which of the challenge's sets each event belongs to (Open Data file only).
pub const KAGGLE_SET: &str = "KaggleSet";
/// The weights normalised within each Kaggle set (Open Data file only).
pub const KAGGLE_WEIGHT: &str = "KaggleWeight";

/// The challenge's sets, as the Open Data file's `KaggleSet` letters name them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KaggleSet {
    /// `t`: the 250 000 training events (Kaggle's `training.csv`).
    Training,
    /// `b`: the public leaderboard's 100 000 events.
    PublicLeaderboard,
    /// `v`: the private leaderboard's 450 000 events.
    PrivateLeaderboard,
    /// `u`: the 18 238 events not used.
    Unused,
}

impl KaggleSet {
    /// The letter in the file.
    pub fn letter(self) -> &'static str {
        match self {
            Self::Training => "t",
            Self::PublicLeaderboard => "b",
            Self::PrivateLeaderboard => "v",
            Self::Unused => "u",
        }
    }
}

/// Which events of the file to keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ChallengeRows {
    /// Only this Kaggle set (`None`: every event; a file without `KaggleSet` is all training).
    pub set: Option<KaggleSet>,
    /// Only the first this many of them, in file order (`None`: all).
    pub first: Option<usize>,
}

/// The dataset in `table` (the challenge's columns), named and described by `toy`'s catalog
/// (the toy has the same columns): a signal and a background sample. The weights are the set's
/// own (`KaggleWeight` when a set is chosen, else `Weight`), scaled per class so that each
/// class still sums to its total over the set however few events `first` keeps: yields, and
/// so the AMS, stay those of the full challenge.
pub fn challenge_dataset(toy: &Catalog, table: &Table, rows: &ChallengeRows) -> Result<Dataset> {
    dataset_with_totals(toy, table, rows, None)
}

/// [`challenge_dataset`], with each class's total weight over the set given (signal, background)
/// when `table` holds only the rows kept ([`ChallengeStream`] counts the totals as it reads).
fn dataset_with_totals(
    toy: &Catalog,
    table: &Table,
    rows: &ChallengeRows,
    totals: Option<[f64; 2]>,
) -> Result<Dataset> {
    let missing = |name: &str| {
        Error::Dataset(format!(
            "this is not the HiggsML challenge's file: it has no {name} column"
        ))
    };
    let labels = table.column(LABEL).map_err(|_| missing(LABEL))?;
    let in_set: Vec<bool> = match (rows.set, table.column(KAGGLE_SET)) {
        (None, _) => vec![true; table.n_rows()],
        (Some(set), Ok(column)) => (0..table.n_rows())
            .map(|r| column.cell_text(r) == set.letter())
            .collect(),
        (Some(_), Err(_)) => {
            return Err(Error::Dataset(format!(
                "this file has no {KAGGLE_SET} column (Kaggle's training.csv is the training set alone): load it without choosing a set"
            )));
        }
    };
    let weight_name = if rows.set.is_some() {
        KAGGLE_WEIGHT
    } else {
        WEIGHT
    };
    let weights = table
        .numeric(weight_name)
        .map_err(|_| missing(weight_name))?;
    // Per class: every row of the set, and the rows kept.
    let mut class_rows: [Vec<usize>; 2] = [Vec::new(), Vec::new()];
    let mut set_total = [0.0_f64; 2];
    let mut kept = 0;
    for row in (0..table.n_rows()).filter(|&r| in_set[r]) {
        let class = match labels.cell_text(row).as_str() {
            "s" => 0,
            "b" => 1,
            other => {
                return Err(Error::Dataset(format!(
                    "data row {}: the Label is \"{other}\"; the challenge's labels are s and b",
                    row + 1
                )));
            }
        };
        let w = weights[row];
        if !w.is_finite() {
            return Err(Error::Dataset(format!(
                "data row {}: the {weight_name} is missing",
                row + 1
            )));
        }
        set_total[class] += w;
        if rows.first.is_none_or(|n| kept < n) {
            class_rows[class].push(row);
            kept += 1;
        }
    }
    if class_rows.iter().any(Vec::is_empty) {
        return Err(Error::Dataset(
            "the events kept hold no signal or no background: keep more of them".into(),
        ));
    }
    let set_total = totals.unwrap_or(set_total);
    let tables = class_rows
        .iter()
        .zip(set_total)
        .map(|(rows, total)| {
            let kept_total: f64 = rows.iter().map(|&r| weights[r]).sum();
            reweighted(&table.take(rows), weight_name, total / kept_total)
        })
        .collect::<Result<Vec<_>>>()?;
    Dataset::from_catalog(catalog(toy, weight_name), tables)
}

/// The challenge's file read as it arrives, chunk by chunk (a download or a file from disk,
/// already decompressed), keeping only what the lesson needs: the text of the rows kept (the
/// chosen set's first events) and each class's total weight over the whole set, so that a
/// 186 MB file never sits in memory whole. [`ChallengeStream::finish`] parses the kept rows with
/// the app's CSV reader and makes the dataset, exactly as [`challenge_dataset`] on the whole file.
#[derive(Debug)]
pub struct ChallengeStream {
    rows: ChallengeRows,
    /// Bytes of an incomplete last line.
    pending: Vec<u8>,
    /// The header, then every row kept, one per line.
    kept_text: String,
    /// Where the label, the set and the weight are in a row, once the header is read.
    fields: Option<StreamFields>,
    totals: [f64; 2],
    rows_read: usize,
    rows_kept: usize,
}

#[derive(Debug, Clone, Copy)]
struct StreamFields {
    label: usize,
    set: Option<usize>,
    weight: usize,
    count: usize,
}

impl ChallengeStream {
    /// A reader keeping `rows`.
    pub fn new(rows: ChallengeRows) -> Self {
        Self {
            rows,
            pending: Vec::new(),
            kept_text: String::new(),
            fields: None,
            totals: [0.0; 2],
            rows_read: 0,
            rows_kept: 0,
        }
    }

    /// Data rows read so far, and how many of them are kept.
    pub fn progress(&self) -> (usize, usize) {
        (self.rows_read, self.rows_kept)
    }

    /// Reads the next `bytes` of the file (any split, even inside a line or a character).
    pub fn feed(&mut self, bytes: &[u8]) -> Result<()> {
        self.pending.extend_from_slice(bytes);
        let Some(last_newline) = self.pending.iter().rposition(|&b| b == b'\n') else {
            return Ok(());
        };
        let complete: Vec<u8> = self.pending.drain(..=last_newline).collect();
        let text = std::str::from_utf8(&complete).map_err(|_| {
            Error::Dataset("this file is not text (UTF-8): is it still compressed?".into())
        })?;
        for line in text.split('\n') {
            self.line(line.trim_end_matches('\r'))?;
        }
        Ok(())
    }

    /// The file has ended: the dataset of the rows kept, named and described by `toy`'s catalog.
    pub fn finish(mut self, toy: &Catalog) -> Result<Dataset> {
        let rest = std::mem::take(&mut self.pending);
        let text = String::from_utf8(rest).map_err(|_| {
            Error::Dataset("this file is not text (UTF-8): is it still compressed?".into())
        })?;
        self.line(text.trim_end_matches('\r'))?;
        if self.fields.is_none() {
            return Err(Error::Dataset("the file is empty".into()));
        }
        let table = super::read_csv(
            self.kept_text.as_bytes(),
            &super::CsvOptions::default(),
            |_| {},
        )?;
        let all_kept = ChallengeRows {
            set: self.rows.set,
            first: None,
        };
        dataset_with_totals(toy, &table, &all_kept, Some(self.totals))
    }

    /// One line of the file.
    fn line(&mut self, line: &str) -> Result<()> {
        if line.is_empty() {
            return Ok(());
        }
        let Some(fields) = self.fields else {
            self.fields = Some(self.header(line)?);
            self.kept_text.push_str(line);
            self.kept_text.push('\n');
            return Ok(());
        };
        self.rows_read += 1;
        // Split once: this runs for each of the file's 818 238 rows.
        let cells: Vec<&str> = line.split(',').collect();
        let at = |i: usize| cells.get(i).copied().unwrap_or_default();
        let row = self.rows_read + 1;
        if let (Some(set), Some(i)) = (self.rows.set, fields.set)
            && at(i) != set.letter()
        {
            return Ok(());
        }
        if cells.len() != fields.count {
            return Err(Error::Dataset(format!(
                "line {row} has {} fields, but the header has {}",
                cells.len(),
                fields.count
            )));
        }
        let class = match at(fields.label) {
            "s" => 0,
            "b" => 1,
            other => {
                return Err(Error::Dataset(format!(
                    "line {row}: the Label is \"{other}\"; the challenge's labels are s and b"
                )));
            }
        };
        let weight: f64 = at(fields.weight)
            .trim()
            .parse()
            .map_err(|_| Error::Dataset(format!("line {row}: the weight is not a number")))?;
        self.totals[class] += weight;
        if self.rows.first.is_none_or(|n| self.rows_kept < n) {
            self.rows_kept += 1;
            self.kept_text.push_str(line);
            self.kept_text.push('\n');
        }
        Ok(())
    }

    /// Where the label, set and weight columns are; the file must be the challenge's.
    fn header(&self, line: &str) -> Result<StreamFields> {
        let names: Vec<&str> = line
            .trim_start_matches('\u{feff}')
            .split(',')
            .map(str::trim)
            .collect();
        let find = |name: &str| names.iter().position(|n| *n == name);
        let missing = |name: &str| {
            Error::Dataset(format!(
                "this is not the HiggsML challenge's file: it has no {name} column"
            ))
        };
        // A stray file is "not the challenge's" before it lacks a set.
        let label = find(LABEL).ok_or_else(|| missing(LABEL))?;
        let set = find(KAGGLE_SET);
        if self.rows.set.is_some() && set.is_none() {
            return Err(Error::Dataset(format!(
                "this file has no {KAGGLE_SET} column (Kaggle's training.csv is the training set alone): load it without choosing a set"
            )));
        }
        let weight_name = if self.rows.set.is_some() {
            KAGGLE_WEIGHT
        } else {
            WEIGHT
        };
        Ok(StreamFields {
            label,
            set,
            weight: find(weight_name).ok_or_else(|| missing(weight_name))?,
            count: names.len(),
        })
    }
}

/// `table` with its `weight` column multiplied by `scale`.
fn reweighted(table: &Table, weight: &str, scale: f64) -> Result<Table> {
    let columns = table
        .columns()
        .iter()
        .map(|c| match (&c.data, c.name == weight) {
            (ColumnData::Numeric(values), true) => Column {
                data: ColumnData::Numeric(values.iter().map(|w| w * scale).collect()),
                ..c.clone()
            },
            _ => c.clone(),
        })
        .collect();
    Table::new(columns)
}

/// The toy's catalog turned into the challenge file's: its variables and inputs, two samples.
fn catalog(toy: &Catalog, weight: &str) -> Catalog {
    let colour = |role: Role, fallback: &str| {
        toy.samples
            .iter()
            .find(|s| s.role == role)
            .map_or_else(|| fallback.to_owned(), |s| s.color.clone())
    };
    let sample = |name: &str, role: Role, label: &str, color: String| SampleSpec {
        name: name.into(),
        file: format!("{name}.csv"),
        role,
        label: Some(label.into()),
        color,
        weight_column: None,
        active: true,
    };
    Catalog {
        id: "higgsml-challenge".into(),
        title: "The HiggsML challenge's events (ATLAS simulation, 2014)".into(),
        provenance: "ATLAS full simulation released for the HiggsML challenge (CERN Open Data record 328, CC0)".into(),
        description: Some("H → ττ signal (Label s) and Z → ττ, tt̄ and W + jets background (Label b), simulated by ATLAS for the 2014 HiggsML challenge.".into()),
        generator: None,
        weight_column: Some(weight.into()),
        samples: vec![
            sample("signal", Role::Signal, "H → ττ (s)", colour(Role::Signal, "#d62728")),
            sample("background", Role::Background, "background (b)", colour(Role::Background, "#1f77b4")),
        ],
        ..toy.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{CsvOptions, read_csv};

    const TOY_CATALOG: &str = r##"
format_version = 1
id = "higgsml-toy"
title = "toy"
provenance = "toy simulation"
weight_column = "Weight"
inputs = ["DER_mass_MMC", "PRI_tau_pt"]

[[sample]]
name = "Htautau"
file = "Htautau.csv"
role = "signal"
color = "#aa0000"

[[sample]]
name = "Ztautau"
file = "Ztautau.csv"
role = "background"
color = "#0000aa"
"##;

    /// A file in the Open Data layout: signal weights 0.5 (set t) and 0.25 (set b), background 2.
    fn open_data_file() -> Table {
        let text = "EventId,DER_mass_MMC,PRI_tau_pt,Weight,Label,KaggleSet,KaggleWeight\n\
            100000,125.1,30,0.1,s,t,0.5\n\
            100001,-999.0,25,1.0,b,t,2\n\
            100002,91.0,40,0.1,s,t,0.5\n\
            100003,88.0,22,1.0,b,t,2\n\
            100004,130.0,35,0.1,s,b,0.25\n\
            100005,95.0,28,1.0,b,b,2\n";
        read_csv(text.as_bytes(), &CsvOptions::default(), |_| {}).expect("csv")
    }

    fn toy() -> Catalog {
        Catalog::parse(TOY_CATALOG).expect("catalog")
    }

    #[test]
    fn the_training_set_becomes_signal_and_background_with_kaggle_weights() {
        let rows = ChallengeRows {
            set: Some(KaggleSet::Training),
            first: None,
        };
        let data = challenge_dataset(&toy(), &open_data_file(), &rows).expect("dataset");
        let [signal, background] = [&data.samples[0], &data.samples[1]];
        assert_eq!(
            (signal.spec.role, background.spec.role),
            (Role::Signal, Role::Background)
        );
        assert_eq!((signal.table.n_rows(), background.table.n_rows()), (2, 2));
        // Σ KaggleWeight over set t: signal 0.5 + 0.5, background 2 + 2.
        assert_eq!(
            (signal.sum_of_weights(), background.sum_of_weights()),
            (1.0, 4.0)
        );
        assert_eq!(
            signal.table.numeric("EventId").expect("ids"),
            [100000.0, 100002.0]
        );
        // The toy's inputs and colours carry over; −999 reads as missing.
        assert_eq!(data.catalog.inputs, ["DER_mass_MMC", "PRI_tau_pt"]);
        assert_eq!(signal.spec.color, "#aa0000");
        assert!(background.table.numeric("DER_mass_MMC").expect("mass")[0].is_nan());
    }

    #[test]
    fn the_first_events_keep_the_sets_yields() {
        // The first three events of set t: two signal (Σ 1.0 either way), one background that
        // stands for both (2 → 4).
        let rows = ChallengeRows {
            set: Some(KaggleSet::Training),
            first: Some(3),
        };
        let data = challenge_dataset(&toy(), &open_data_file(), &rows).expect("dataset");
        assert_eq!(
            (
                data.samples[0].table.n_rows(),
                data.samples[1].table.n_rows()
            ),
            (2, 1)
        );
        assert_eq!(data.samples[0].sum_of_weights(), 1.0);
        assert_eq!(data.samples[1].sum_of_weights(), 4.0);
        assert_eq!(data.samples[1].weights().expect("w"), [4.0]);
        // No set: every event with the file's Weight (signal 0.3, background 3.0).
        let all = challenge_dataset(&toy(), &open_data_file(), &ChallengeRows::default())
            .expect("dataset");
        assert_eq!(all.catalog.weight_column.as_deref(), Some(WEIGHT));
        assert!((all.samples[0].sum_of_weights() - 0.3).abs() < 1e-12);
        assert!((all.samples[1].sum_of_weights() - 3.0).abs() < 1e-12);
    }

    #[test]
    fn other_files_are_refused_with_a_reason() {
        let bad = |text: &str, rows: ChallengeRows| {
            let table = read_csv(text.as_bytes(), &CsvOptions::default(), |_| {}).expect("csv");
            challenge_dataset(&toy(), &table, &rows)
                .expect_err("refused")
                .to_string()
        };
        let message = bad("a,Weight\n1,2\n", ChallengeRows::default());
        assert!(message.contains("no Label column"), "{message}");
        let message = bad("a,Weight,Label\n1,2,s\n3,4,x\n", ChallengeRows::default());
        assert!(
            message.contains("data row 2") && message.contains("\"x\""),
            "{message}"
        );
        let kaggle = "a,Weight,Label\n1,2,s\n3,4,b\n";
        let message = bad(
            kaggle,
            ChallengeRows {
                set: Some(KaggleSet::Training),
                first: None,
            },
        );
        assert!(message.contains("no KaggleSet column"), "{message}");
        let message = bad(
            kaggle,
            ChallengeRows {
                set: None,
                first: Some(1),
            },
        );
        assert!(message.contains("no signal or no background"), "{message}");
    }

    const OPEN_DATA_TEXT: &str = "EventId,DER_mass_MMC,PRI_tau_pt,Weight,Label,KaggleSet,KaggleWeight\r\n\
        100000,125.1,30,0.1,s,t,0.5\r\n\
        100001,-999.0,25,1.0,b,t,2\r\n\
        100002,91.0,40,0.1,s,t,0.5\r\n\
        100003,88.0,22,1.0,b,t,2\r\n\
        100004,130.0,35,0.1,s,b,0.25\r\n\
        100005,95.0,28,1.0,b,b,2";

    /// Each sample's rows, weights and numbers, as printed (a missing value is a NaN, never
    /// equal to itself; a text column's levels may list values of rows not kept).
    fn contents(data: &Dataset) -> Vec<String> {
        data.samples
            .iter()
            .map(|s| {
                let numbers: Vec<String> = s
                    .table
                    .numeric_names()
                    .map(|n| format!("{n}: {:?}", s.table.numeric(n).expect("numeric")))
                    .collect();
                format!("{} {} {:?}", s.spec.name, s.sum_of_weights(), numbers)
            })
            .collect()
    }

    fn streamed(text: &str, chunk: usize, rows: ChallengeRows) -> Result<Dataset> {
        let mut stream = ChallengeStream::new(rows);
        for piece in text.as_bytes().chunks(chunk) {
            stream.feed(piece)?;
        }
        stream.finish(&toy())
    }

    #[test]
    fn read_as_it_arrives_the_file_gives_the_same_dataset_as_read_whole() {
        let whole =
            read_csv(OPEN_DATA_TEXT.as_bytes(), &CsvOptions::default(), |_| {}).expect("csv");
        let choices = [
            ChallengeRows::default(),
            ChallengeRows {
                set: Some(KaggleSet::Training),
                first: None,
            },
            ChallengeRows {
                set: Some(KaggleSet::Training),
                first: Some(3),
            },
            ChallengeRows {
                set: None,
                first: Some(4),
            },
        ];
        for rows in choices {
            let expected = challenge_dataset(&toy(), &whole, &rows).expect("whole");
            // Any split: a byte at a time, mid-line, or the whole file in one piece (no final
            // newline, CRLF line ends).
            for chunk in [1, 7, 64, OPEN_DATA_TEXT.len()] {
                let got = streamed(OPEN_DATA_TEXT, chunk, rows).expect("streamed");
                assert_eq!(
                    contents(&got),
                    contents(&expected),
                    "{rows:?} in pieces of {chunk}"
                );
                assert_eq!(got.catalog, expected.catalog);
            }
        }
        let mut stream = ChallengeStream::new(ChallengeRows {
            set: Some(KaggleSet::Training),
            first: Some(3),
        });
        stream.feed(OPEN_DATA_TEXT.as_bytes()).expect("fed");
        // Five complete rows so far (the last has no newline yet), three kept.
        assert_eq!(stream.progress(), (5, 3));
    }

    #[test]
    fn a_stream_that_is_not_the_challenges_file_says_why() {
        let bad = |text: &[u8], rows: ChallengeRows| {
            let mut stream = ChallengeStream::new(rows);
            match stream.feed(text) {
                Err(e) => e.to_string(),
                Ok(()) => stream.finish(&toy()).expect_err("refused").to_string(),
            }
        };
        // Still gzip-compressed (its magic bytes, then binary).
        let gzip = [0x1f, 0x8b, 0x08, 0x00, 0xff, 0xfe, b'\n', 0x80];
        assert!(bad(&gzip, ChallengeRows::default()).contains("still compressed"));
        assert!(bad(b"a,Weight\n1,2\n", ChallengeRows::default()).contains("no Label column"));
        let training = ChallengeRows {
            set: Some(KaggleSet::Training),
            first: None,
        };
        assert!(bad(b"a,b\n1,2\n", training).contains("no Label column"));
        let message = bad(b"a,Weight,Label\n1,2,s\n3,4,x\n", ChallengeRows::default());
        assert!(
            message.contains("line 3") && message.contains("\"x\""),
            "{message}"
        );
        let message = bad(b"a,Weight,Label\n1,2,s\n3,4\n", ChallengeRows::default());
        assert!(message.contains("line 3 has 2 fields"), "{message}");
        assert!(bad(b"a,Weight,Label\n1,2,s\n", training).contains("no KaggleSet column"));
        assert!(bad(b"", ChallengeRows::default()).contains("empty"));
    }
}
