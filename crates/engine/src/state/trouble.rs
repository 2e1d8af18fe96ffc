//! What the page says when a lesson or a dataset cannot be opened: what happened, what to do, and
//! the way back — in words a student can act on, with the technical detail kept underneath for
//! the teacher. The app reports *why* a file did not arrive ([`FetchFailure`]); the wording is
//! decided here, once.
//!
//! Depends on nothing else in the engine; nothing web.

use std::fmt;

/// Why a file the page asked for did not arrive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchFailure {
    /// The server answered that the file is not there (HTTP 404 or 410).
    Missing {
        /// The file, relative to the page.
        path: String,
    },
    /// The server answered with another error status.
    Status {
        /// The file, relative to the page.
        path: String,
        /// The HTTP status code.
        code: u16,
    },
    /// No answer at all: no network, the server gone, or the browser blocked the request.
    Network {
        /// The file, relative to the page.
        path: String,
        /// The browser's own message.
        detail: String,
    },
    /// An answer that could not be read as text.
    Unreadable {
        /// The file, relative to the page.
        path: String,
        /// What went wrong.
        detail: String,
    },
}

impl FetchFailure {
    /// The failure for an HTTP status that is not a success.
    pub fn from_status(path: &str, code: u16) -> Self {
        let path = path.to_owned();
        match code {
            404 | 410 => Self::Missing { path },
            code => Self::Status { path, code },
        }
    }
}

impl fmt::Display for FetchFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Missing { path } => write!(f, "could not fetch {path}: not found (HTTP 404)"),
            Self::Status { path, code } => write!(f, "could not fetch {path}: HTTP {code}"),
            Self::Network { path, detail } => write!(f, "could not fetch {path}: {detail}"),
            Self::Unreadable { path, detail } => write!(f, "could not read {path}: {detail}"),
        }
    }
}

/// Why a lesson or a dataset could not be opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OpenFailure {
    /// The name is not in the list this copy ships (a dataset named by a link).
    Unknown,
    /// One of its files did not arrive.
    Fetch(FetchFailure),
    /// Its files arrived but are not valid (a broken lesson file, a malformed catalog).
    Invalid(String),
}

impl From<FetchFailure> for OpenFailure {
    fn from(f: FetchFailure) -> Self {
        Self::Fetch(f)
    }
}

impl fmt::Display for OpenFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Unknown => f.write_str("not in the list this copy of Five Sigma ships"),
            Self::Fetch(e) => e.fmt(f),
            Self::Invalid(e) => f.write_str(e),
        }
    }
}

/// What the page shows instead of something that could not be opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trouble {
    /// The heading: what happened, in a few words.
    pub title: String,
    /// What happened, in a sentence a student understands.
    pub what: String,
    /// What to do about it.
    pub todo: String,
    /// The technical detail (for the teacher), shown folded.
    pub detail: String,
}

/// The kind of thing that failed to open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Openable {
    /// A lesson, by its folder name.
    Lesson,
    /// A shipped dataset, by its id.
    Dataset,
}

impl Openable {
    fn noun(self) -> &'static str {
        match self {
            Self::Lesson => "lesson",
            Self::Dataset => "dataset",
        }
    }

    /// Where the way back leads, as a label.
    pub fn way_back(self) -> &'static str {
        match self {
            Self::Lesson => "Back to the list of lessons",
            Self::Dataset => "Choose another dataset",
        }
    }
}

/// The page's words for `what` named `id` failing to open for `why`.
pub fn trouble(what: Openable, id: &str, why: &OpenFailure) -> Trouble {
    let noun = what.noun();
    let detail = why.to_string();
    let (title, what_happened, todo) = match why {
        OpenFailure::Unknown | OpenFailure::Fetch(FetchFailure::Missing { .. }) => (
            format!("There is no {noun} called “{id}”"),
            format!(
                "This copy of Five Sigma has no {noun} of that name: the link may be mistyped, \
                 cut short by the chat it came through, or from another version of the site."
            ),
            format!(
                "Check the link with whoever sent it, or choose a {noun} from the list: it may \
                 be there under another name."
            ),
        ),
        OpenFailure::Fetch(FetchFailure::Network { .. }) => (
            format!("The {noun} could not be fetched"),
            "The page got no answer: the network seems to be off, or the site is not reachable."
                .to_owned(),
            format!(
                "Try again once you are online. To use this {noun} without a network later, open \
                 it once while online (or switch on “Keep every lesson and dataset” at the \
                 bottom of the page)."
            ),
        ),
        OpenFailure::Fetch(FetchFailure::Status { code, .. }) => (
            format!("The {noun} could not be fetched"),
            format!("The site answered with an error (HTTP {code}) instead of the {noun}'s files."),
            "Try again in a minute. If it keeps happening, tell whoever runs this site (your \
             teacher): the details below say which file failed."
                .to_owned(),
        ),
        OpenFailure::Fetch(FetchFailure::Unreadable { .. }) | OpenFailure::Invalid(_) => (
            format!("This {noun} has a mistake in its files"),
            format!("The {noun}'s files arrived, but one of them could not be read."),
            "Tell whoever runs this site (your teacher) and give them the details below; \
             meanwhile choose another one from the list."
                .to_owned(),
        ),
    };
    Trouble {
        title,
        what: what_happened,
        todo,
        detail,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_lesson_says_so_and_what_to_do() {
        let why = OpenFailure::Fetch(FetchFailure::from_status(
            "static_data/lessons/seeking/lesson.toml",
            404,
        ));
        let t = trouble(Openable::Lesson, "seeking", &why);
        assert_eq!(t.title, "There is no lesson called “seeking”");
        assert!(t.what.contains("mistyped"), "{}", t.what);
        assert!(
            t.todo.contains("choose a lesson from the list"),
            "{}",
            t.todo
        );
        // The raw message is kept for the teacher, not shown as the headline.
        assert_eq!(
            t.detail,
            "could not fetch static_data/lessons/seeking/lesson.toml: not found (HTTP 404)"
        );
        assert_eq!(Openable::Lesson.way_back(), "Back to the list of lessons");
    }

    #[test]
    fn an_unknown_dataset_reads_like_a_missing_one() {
        let t = trouble(Openable::Dataset, "atlas-xx", &OpenFailure::Unknown);
        assert_eq!(t.title, "There is no dataset called “atlas-xx”");
        assert!(t.todo.contains("choose a dataset from the list"));
    }

    #[test]
    fn no_network_points_to_the_offline_copy() {
        let why = OpenFailure::Fetch(FetchFailure::Network {
            path: "static_data/datasets/atlas-dm/WZ.csv".into(),
            detail: "Failed to fetch".into(),
        });
        let t = trouble(Openable::Dataset, "atlas-dm", &why);
        assert_eq!(t.title, "The dataset could not be fetched");
        assert!(
            t.todo.contains("Keep every lesson and dataset"),
            "{}",
            t.todo
        );
    }

    #[test]
    fn server_errors_and_broken_files_go_to_the_teacher() {
        let why = OpenFailure::Fetch(FetchFailure::from_status("x/lesson.toml", 500));
        let t = trouble(Openable::Lesson, "x", &why);
        assert!(t.what.contains("HTTP 500"), "{}", t.what);
        assert!(t.todo.contains("your teacher"));
        let broken = OpenFailure::Invalid("lesson.toml line 3: expected `=`".into());
        let t = trouble(Openable::Lesson, "x", &broken);
        assert_eq!(t.title, "This lesson has a mistake in its files");
        assert_eq!(t.detail, "lesson.toml line 3: expected `=`");
    }
}
