//! Streaming CSV reader: bytes → [`Table`], with type detection and plain-word errors.
//!
//! Rules a student can predict:
//! - The first row is the header. The delimiter (comma, semicolon or tab) is the one that occurs
//!   most often in the header line, outside quotes; a UTF-8 byte-order mark is skipped; CRLF and
//!   quoted fields are handled by the `csv` crate.
//! - A column's type is set by its first non-empty cell: a number makes it numeric (integer until
//!   a non-integer number appears), anything else makes it text. A later cell that is not a number
//!   in a numeric column is an error naming the line, the column and what was expected.
//! - Empty cells and cells equal to the missing-value sentinel (−999 unless configured) are
//!   missing. `nan` and `inf` are read as numbers and counted per column.
//! - No input, however malformed, makes the reader panic (a property test feeds it random bytes).

mod plain;

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read};

use super::table::{
    Column, ColumnData, ColumnKind, MISSING_CODE, MISSING_VALUE, Table, ValueIssues,
};
use crate::{Error, Result};

/// How to read a CSV file.
#[derive(Debug, Clone, PartialEq)]
pub struct CsvOptions {
    /// Field delimiter; `None` detects comma, semicolon or tab from the header line.
    pub delimiter: Option<u8>,
    /// A numeric value that means "missing" (the ATLAS and HiggsML files use −999).
    pub missing_sentinel: Option<f64>,
    /// Call the progress callback after this many rows (and once at the end).
    pub progress_every_rows: usize,
}

impl Default for CsvOptions {
    fn default() -> Self {
        Self {
            delimiter: None,
            missing_sentinel: Some(-999.0),
            progress_every_rows: 16_384,
        }
    }
}

/// How far a streaming read has got.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Bytes consumed so far (after any byte-order mark).
    pub bytes_read: u64,
    /// Data rows read so far.
    pub rows_read: usize,
}

const BYTE_ORDER_MARK: &[u8] = b"\xEF\xBB\xBF";
const SNIFF_BYTES: usize = 64 * 1024;

/// The largest CSV file the app reads at once, in bytes: the file and its parsed columns must
/// both fit in a tab's memory (a wasm page has 4 GiB at most, and a phone far less).
pub const MAX_CSV_BYTES: u64 = 600_000_000;

/// Refuses, before reading it, a file of `size_bytes` the browser could not hold.
pub fn check_csv_size(size_bytes: u64) -> Result<()> {
    if size_bytes > MAX_CSV_BYTES {
        return Err(Error::TooLarge {
            size_mb: size_bytes as f64 / 1e6,
            limit_mb: MAX_CSV_BYTES as f64 / 1e6,
        });
    }
    Ok(())
}

/// The error for a file whose first bytes say it is an archive or a binary format (a gzip file
/// given as CSV, an Excel workbook, a PDF, a ROOT file), else `None`.
fn binary_format(head: &[u8]) -> Option<Error> {
    let (what, advice) = if head.starts_with(&[0x1f, 0x8b]) {
        (
            "a gzip-compressed file (.gz)",
            "Unpack it first (double-click it, or `gunzip` it), then open the .csv inside.",
        )
    } else if head.starts_with(b"PK\x03\x04") {
        (
            "a ZIP archive (an Excel .xlsx workbook is one)",
            "Unpack it, or save the sheet as CSV (File → Save as → CSV UTF-8).",
        )
    } else if head.starts_with(b"%PDF") {
        ("a PDF document", "Open the CSV file of the data instead.")
    } else if head.starts_with(b"root") {
        (
            "a ROOT file",
            "Convert its tree to CSV first (for example with uproot and pandas: `tree.arrays(library=\"pd\").to_csv(…)`).",
        )
    } else if head.iter().take(1024).any(|&b| b == 0) {
        (
            "a binary file",
            "Five Sigma reads text files with comma-, semicolon- or tab-separated columns.",
        )
    } else {
        return None;
    };
    Some(Error::NotText {
        what: what.into(),
        advice: advice.into(),
    })
}

/// Reads a whole CSV stream into a typed table.
///
/// `progress` is called every [`CsvOptions::progress_every_rows`] rows and once at the end.
/// A file whose first 64 KB hold no quote and no lone carriage return (the usual exported
/// table) is read by [`plain`]'s byte loop, which parses plain decimal numbers itself; the `csv`
/// crate reads any other file, and the rest of a file from the first line that needs it. Both
/// give the same table and the same errors (a test compares them on many generated files), save
/// that the plain path counts blank lines in an error's line number, as an editor does.
pub fn read_csv<R: Read>(
    input: R,
    options: &CsvOptions,
    progress: impl FnMut(Progress),
) -> Result<Table> {
    read(input, options, progress, true)
}

/// [`read_csv`] through the `csv` crate alone (what the plain path is compared with).
#[cfg(test)]
fn read_csv_general(input: &[u8], options: &CsvOptions) -> Result<Table> {
    read(input, options, |_| {}, false)
}

fn read<R: Read>(
    input: R,
    options: &CsvOptions,
    mut progress: impl FnMut(Progress),
    plain_allowed: bool,
) -> Result<Table> {
    let mut input = BufReader::with_capacity(SNIFF_BYTES, input);
    let head = input.fill_buf().map_err(|e| io_error(&e))?;
    if let Some(e) = binary_format(head) {
        return Err(e);
    }
    let skip = if head.starts_with(BYTE_ORDER_MARK) {
        BYTE_ORDER_MARK.len()
    } else {
        0
    };
    let delimiter = options
        .delimiter
        .unwrap_or_else(|| detect_delimiter(&head[skip..]));
    // The plain path's header, named while the sniffed bytes are at hand.
    let plain_header = plain::header_line(&head[skip..], delimiter)
        .filter(|_| plain_allowed)
        .map(|line| (line.len(), names_from(plain::fields(line, delimiter))));
    input.consume(skip);
    let filling = match plain_header {
        Some((length, names)) => {
            let mut filling = Filling::new(names?, options);
            input.consume(length);
            let rest = plain::read_rows(
                &mut input,
                delimiter,
                &mut filling,
                length as u64,
                &mut progress,
            )?;
            if let Some(rest) = rest {
                let reader = general_reader(
                    std::io::Cursor::new(rest.bytes).chain(input),
                    delimiter,
                    false,
                );
                filling.read_records(reader, rest.lines, rest.bytes_before, &mut progress)?;
            }
            filling
        }
        _ => {
            let mut reader = general_reader(input, delimiter, true);
            let header = reader.byte_headers().map_err(|e| csv_error(&e))?.clone();
            let mut filling = Filling::new(names_from(header.iter())?, options);
            filling.read_records(reader, 0, 0, &mut progress)?;
            filling
        }
    };
    filling.finish(&mut progress)
}

/// The `csv` crate's reader over `input`, as the app reads every file.
fn general_reader<R: Read>(input: R, delimiter: u8, has_headers: bool) -> csv::Reader<R> {
    csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(has_headers)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(input)
}

/// The rows read so far: one growing column per name.
struct Filling<'a> {
    names: Vec<String>,
    builders: Vec<ColumnBuilder>,
    rows: usize,
    options: &'a CsvOptions,
    /// Bytes read when progress was last reported.
    bytes_read: u64,
}

impl<'a> Filling<'a> {
    fn new(names: Vec<String>, options: &'a CsvOptions) -> Self {
        let builders = names.iter().map(|_| ColumnBuilder::default()).collect();
        Self {
            names,
            builders,
            rows: 0,
            options,
            bytes_read: 0,
        }
    }

    /// Adds `field` (a cell's bytes, not yet trimmed) to `column` of the current row.
    fn push_text(&mut self, column: usize, field: &[u8], line: u64) -> Result<()> {
        let text = std::str::from_utf8(field.trim_ascii()).map_err(|_| Error::NotUtf8 {
            line,
            column: column + 1,
        })?;
        self.builders[column]
            .push(text, self.rows, self.options.missing_sentinel)
            .map_err(|expected| Error::BadValue {
                line,
                column: column + 1,
                name: self.names[column].clone(),
                expected: expected.to_owned(),
                found: shorten(text),
            })
    }

    /// Ends a row; reports progress every so many rows, `bytes_read` into the file.
    fn end_row(&mut self, bytes_read: u64, progress: &mut impl FnMut(Progress)) {
        self.rows += 1;
        self.bytes_read = bytes_read;
        if self
            .rows
            .is_multiple_of(self.options.progress_every_rows.max(1))
        {
            progress(Progress {
                bytes_read,
                rows_read: self.rows,
            });
        }
    }

    /// Reads the records of `reader`, whose first line is line `lines + 1` of the file and
    /// first byte byte `bytes_before`.
    fn read_records<R: Read>(
        &mut self,
        mut reader: csv::Reader<R>,
        lines: u64,
        bytes_before: u64,
        progress: &mut impl FnMut(Progress),
    ) -> Result<()> {
        let mut record = csv::ByteRecord::new();
        let shifted = |e: Error| match e {
            Error::Csv { line, message } => Error::Csv {
                line: line + lines,
                message,
            },
            other => other,
        };
        while reader
            .read_byte_record(&mut record)
            .map_err(|e| shifted(csv_error(&e)))?
        {
            let line = lines + record.position().map_or(0, csv::Position::line);
            if record.len() != self.names.len() {
                return Err(Error::FieldCount {
                    line,
                    expected: self.names.len(),
                    found: record.len(),
                });
            }
            for (index, field) in record.iter().enumerate() {
                self.push_text(index, field, line)?;
            }
            self.end_row(bytes_before + reader.position().byte(), progress);
        }
        self.bytes_read = bytes_before + reader.position().byte();
        Ok(())
    }

    fn finish(self, progress: &mut impl FnMut(Progress)) -> Result<Table> {
        if self.rows == 0 {
            return Err(Error::NoRows);
        }
        progress(Progress {
            bytes_read: self.bytes_read,
            rows_read: self.rows,
        });
        let rows = self.rows;
        let columns = self
            .names
            .into_iter()
            .zip(self.builders)
            .map(|(name, builder)| builder.finish(name, rows))
            .collect();
        Table::new(columns)
    }
}

/// Picks the delimiter that occurs most often in the first line, outside quotes.
fn detect_delimiter(head: &[u8]) -> u8 {
    const CANDIDATES: [u8; 3] = [b',', b';', b'\t'];
    let mut counts = [0_usize; 3];
    let mut quoted = false;
    for &byte in head {
        if byte == b'\n' && !quoted {
            break;
        }
        if byte == b'"' {
            quoted = !quoted;
        } else if !quoted && let Some(i) = CANDIDATES.iter().position(|&c| c == byte) {
            counts[i] += 1;
        }
    }
    let best = (0..3)
        .max_by_key(|&i| (counts[i], std::cmp::Reverse(i)))
        .unwrap_or(0);
    if counts[best] == 0 {
        b','
    } else {
        CANDIDATES[best]
    }
}

/// The column names from the header's fields (trimmed), checked.
fn names_from<'f>(header: impl Iterator<Item = &'f [u8]>) -> Result<Vec<String>> {
    let header: Vec<&[u8]> = header.map(<[u8]>::trim_ascii).collect();
    if header.is_empty() || (header.len() == 1 && header[0].is_empty()) {
        return Err(Error::EmptyFile);
    }
    let mut names = Vec::with_capacity(header.len());
    for (index, field) in header.into_iter().enumerate() {
        let name = std::str::from_utf8(field).map_err(|_| Error::NotUtf8 {
            line: 1,
            column: index + 1,
        })?;
        // pandas writes an unnamed index column; give such columns a name we can show.
        let name = if name.is_empty() {
            format!("unnamed_{}", index + 1)
        } else {
            name.to_owned()
        };
        if let Some(first) = names.iter().position(|n| *n == name) {
            return Err(Error::DuplicateColumn {
                name,
                first: first + 1,
                second: index + 1,
            });
        }
        names.push(name);
    }
    Ok(names)
}

/// Grows one column while rows stream in; the type is fixed by the first non-empty cell.
#[derive(Default)]
enum ColumnBuilder {
    /// Only missing cells so far (this many).
    #[default]
    Undecided,
    Numeric {
        values: Vec<f64>,
        integer: bool,
        issues: ValueIssues,
    },
    Text {
        codes: Vec<u32>,
        levels: Vec<String>,
        index: HashMap<String, u32>,
        missing: usize,
    },
}

impl ColumnBuilder {
    /// Adds the cell of row `row` (0-based). Returns the expected kind on a type clash.
    fn push(&mut self, text: &str, row: usize, sentinel: Option<f64>) -> Result<(), &'static str> {
        if let ColumnBuilder::Undecided = self {
            if text.is_empty() {
                return Ok(());
            }
            *self = if text.parse::<f64>().is_ok() {
                ColumnBuilder::Numeric {
                    values: vec![MISSING_VALUE; row],
                    integer: true,
                    issues: ValueIssues {
                        missing: row,
                        ..ValueIssues::default()
                    },
                }
            } else {
                ColumnBuilder::Text {
                    codes: vec![MISSING_CODE; row],
                    levels: Vec::new(),
                    index: HashMap::new(),
                    missing: row,
                }
            };
        }
        match self {
            ColumnBuilder::Undecided => Ok(()),
            ColumnBuilder::Numeric {
                values,
                integer,
                issues,
            } => {
                if text.is_empty() {
                    issues.missing += 1;
                    values.push(MISSING_VALUE);
                    return Ok(());
                }
                let value: f64 = text
                    .parse()
                    .map_err(|_| "a number, as on the earlier lines of this column")?;
                if sentinel == Some(value) {
                    issues.missing += 1;
                    values.push(MISSING_VALUE);
                } else {
                    if value.is_nan() {
                        issues.nan += 1;
                    } else if value.is_infinite() {
                        issues.infinite += 1;
                    }
                    *integer = *integer && text.parse::<i64>().is_ok();
                    values.push(value);
                }
                Ok(())
            }
            ColumnBuilder::Text {
                codes,
                levels,
                index,
                missing,
            } => {
                if text.is_empty() {
                    *missing += 1;
                    codes.push(MISSING_CODE);
                } else if let Some(&code) = index.get(text) {
                    codes.push(code);
                } else {
                    // Codes are u32; more than 4 billion distinct labels cannot occur in a
                    // file a browser can hold, so the cast cannot truncate in practice.
                    let code = levels.len() as u32;
                    levels.push(text.to_owned());
                    index.insert(text.to_owned(), code);
                    codes.push(code);
                }
                Ok(())
            }
        }
    }

    /// Adds a number the plain reader parsed (`whole`: written without a decimal point) to a
    /// numeric column, as [`push`](Self::push) would add its text. `false` (nothing added) for a
    /// column that is not numeric yet: its text decides.
    fn push_number(&mut self, value: f64, whole: bool, sentinel: Option<f64>) -> bool {
        let ColumnBuilder::Numeric {
            values,
            integer,
            issues,
        } = self
        else {
            return false;
        };
        if sentinel == Some(value) {
            issues.missing += 1;
            values.push(MISSING_VALUE);
        } else {
            *integer &= whole;
            values.push(value);
        }
        true
    }

    fn finish(self, name: String, rows: usize) -> Column {
        match self {
            ColumnBuilder::Undecided => Column {
                name,
                kind: ColumnKind::Float,
                data: ColumnData::Numeric(vec![MISSING_VALUE; rows]),
                issues: ValueIssues {
                    missing: rows,
                    ..ValueIssues::default()
                },
            },
            ColumnBuilder::Numeric {
                values,
                integer,
                issues,
            } => Column {
                name,
                kind: if integer {
                    ColumnKind::Integer
                } else {
                    ColumnKind::Float
                },
                data: ColumnData::Numeric(values),
                issues,
            },
            ColumnBuilder::Text {
                codes,
                levels,
                missing,
                ..
            } => Column {
                name,
                kind: ColumnKind::Categorical,
                data: ColumnData::Categorical { codes, levels },
                issues: ValueIssues {
                    missing,
                    ..ValueIssues::default()
                },
            },
        }
    }
}

fn shorten(text: &str) -> String {
    const MAX_CHARS: usize = 40;
    if text.chars().count() <= MAX_CHARS {
        text.to_owned()
    } else {
        let cut: String = text.chars().take(MAX_CHARS).collect();
        format!("{cut}…")
    }
}

fn csv_error(error: &csv::Error) -> Error {
    let line = error.position().map_or(0, csv::Position::line);
    Error::Csv {
        line,
        message: error.to_string(),
    }
}

fn io_error(error: &std::io::Error) -> Error {
    Error::Csv {
        line: 0,
        message: error.to_string(),
    }
}

#[cfg(test)]
mod tests;
