//! The engine's one error type. Every message is written for a student reading it in the app:
//! it says where (line, column) and what was expected, in plain words.

/// Anything that can go wrong inside the engine.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Error {
    /// The input holds no bytes (or only a byte-order mark / blank lines).
    #[error("The file is empty. A CSV file needs a header row that names its columns.")]
    EmptyFile,

    /// A compressed archive or another binary format given as a CSV file.
    #[error("This is {what}, not a CSV text file. {advice}")]
    NotText {
        /// What the file looks like ("a gzip-compressed file").
        what: String,
        /// What to do instead.
        advice: String,
    },

    /// A file larger than the browser can read at once.
    #[error(
        "This file is {size_mb:.0} MB; Five Sigma reads files of up to {limit_mb:.0} MB in the browser. Take its first rows (for example `head -n 1000000 big.csv > part.csv`), or split it into several files."
    )]
    TooLarge {
        /// The file's size in MB (10⁶ bytes).
        size_mb: f64,
        /// The limit in MB.
        limit_mb: f64,
    },

    /// A header row was found but nothing after it.
    #[error("The file has a header row but no data rows.")]
    NoRows,

    /// The header names the same column twice, so columns could not be told apart.
    #[error("The header names the column \"{name}\" twice (columns {first} and {second}).")]
    DuplicateColumn {
        /// The repeated name.
        name: String,
        /// 1-based position of its first appearance.
        first: usize,
        /// 1-based position of its second appearance.
        second: usize,
    },

    /// A data row has a different number of fields from the header.
    #[error(
        "Line {line} has {found} fields, but the header has {expected}. Check for a missing or extra delimiter on that line."
    )]
    FieldCount {
        /// 1-based line number in the file.
        line: u64,
        /// Number of header fields.
        expected: usize,
        /// Number of fields on this line.
        found: usize,
    },

    /// A value does not fit the type its column has on earlier lines.
    #[error("Line {line}, column {column} (\"{name}\"): expected {expected}, found \"{found}\".")]
    BadValue {
        /// 1-based line number in the file.
        line: u64,
        /// 1-based column number.
        column: usize,
        /// The column's name from the header.
        name: String,
        /// What the column held on earlier lines, in words.
        expected: String,
        /// The offending text, shortened if long.
        found: String,
    },

    /// Bytes that are not UTF-8 text.
    #[error(
        "Line {line}, column {column}: this is not UTF-8 text. Save the file as UTF-8 CSV and try again."
    )]
    NotUtf8 {
        /// 1-based line number in the file.
        line: u64,
        /// 1-based column number.
        column: usize,
    },

    /// The CSV reader itself failed (for example an I/O error while streaming).
    #[error("Line {line}: the file could not be read as CSV ({message}).")]
    Csv {
        /// 1-based line number where reading stopped.
        line: u64,
        /// The underlying reader's description.
        message: String,
    },

    /// A cut that is not written in the cut language.
    #[error("Character {}: {message}.", position + 1)]
    CutSyntax {
        /// 0-based character index the message refers to.
        position: usize,
        /// What is wrong, in words.
        message: String,
    },

    /// A well-formed cut that does not fit the data (unknown column, text where a number is needed…).
    #[error("Character {}: {message}", position + 1)]
    CutMeaning {
        /// 0-based character index the message refers to.
        position: usize,
        /// What is wrong, in words.
        message: String,
    },

    /// A dataset catalog that cannot be used.
    #[error("The dataset catalog is not valid: {0}")]
    Catalog(String),

    /// Samples, weights or labels that do not fit together.
    #[error("{0}")]
    Dataset(String),

    /// A column name that the table does not have.
    #[error("There is no column named \"{0}\".")]
    UnknownColumn(String),

    /// A numeric operation was asked of a text column.
    #[error("The column \"{0}\" holds text, not numbers.")]
    NotNumeric(String),

    /// Bin edges or counts that cannot make a histogram.
    #[error("These bins cannot be used: {0}")]
    InvalidBinning(String),

    /// Training settings or training data that cannot be used.
    #[error("{0}")]
    Model(String),

    /// A long computation stopped because the user asked it to.
    #[error("Stopped before it finished.")]
    Cancelled,

    /// The lesson index file is malformed.
    #[error("The lesson list could not be read: {0}")]
    LessonIndex(String),

    /// A lesson file (manifest, section, widget or task) is malformed or names something the
    /// dataset lacks; the message says which file and what.
    #[error("{0}")]
    Lesson(String),

    /// The build's list of files for the offline copy (`offline.json`) cannot be read.
    #[error("The offline copy's list of files could not be read: {0}")]
    Offline(String),

    /// A task's answer check cannot be computed yet (e.g. no model trained) or at all.
    #[error("{0}")]
    Check(String),

    /// A challenge's answer key, a submission to it or a fresh challenge's settings cannot be used
    /// (the message says why).
    #[error("{0}")]
    Submission(String),
}

/// Shorthand used throughout the engine.
pub type Result<T, E = Error> = std::result::Result<T, E>;
