//! `static_data/lessons/index.toml`: the list of lessons the Home page shows as cards.
//!
//! Format (version 1):
//!
//! ```toml
//! format_version = 1
//!
//! [[lesson]]
//! id = "seeking-the-invisible"        # folder name under static_data/lessons/
//! title = "Seeking the invisible"
//! summary = "Search for dark matter in ATLAS events with cuts and a neural network."
//! level = "beginner"                   # optional: beginner, intermediate or advanced
//! minutes = 90                          # optional: rough time to complete
//! ```
//!
//! An index with no `[[lesson]]` entries is valid: the Home page then shows no lesson section.

use serde::Deserialize;

use crate::{Error, Result};

/// The index format this engine reads.
pub const LESSON_INDEX_VERSION: u32 = 1;

/// The parsed lesson index.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LessonIndex {
    /// Must equal [`LESSON_INDEX_VERSION`].
    pub format_version: u32,
    /// The lessons, in the order the Home page lists them.
    #[serde(default, rename = "lesson")]
    pub lessons: Vec<LessonCard>,
}

/// One lesson as listed on the Home page.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LessonCard {
    /// Folder name under `static_data/lessons/`, also used in links.
    pub id: String,
    /// Title shown on the card.
    pub title: String,
    /// One or two sentences shown under the title.
    pub summary: String,
    /// Optional difficulty label.
    #[serde(default)]
    pub level: Option<String>,
    /// Optional rough duration in minutes.
    #[serde(default)]
    pub minutes: Option<u32>,
}

impl LessonIndex {
    /// Parses the index text, checking its version and that ids are unique and non-empty.
    pub fn parse(text: &str) -> Result<Self> {
        let index: LessonIndex =
            toml::from_str(text).map_err(|e| Error::LessonIndex(e.to_string()))?;
        crate::ids::check_version(index.format_version, LESSON_INDEX_VERSION)
            .and_then(|()| {
                crate::ids::check_ids(index.lessons.iter().map(|l| l.id.as_str()), "lesson")
            })
            .map_err(Error::LessonIndex)?;
        Ok(index)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_index_without_lessons_is_valid_and_empty() {
        let index = LessonIndex::parse("format_version = 1\n").expect("valid");
        assert!(index.lessons.is_empty());
    }

    #[test]
    fn lessons_keep_their_order_and_fields() {
        let text = "format_version = 1\n[[lesson]]\nid = \"a\"\ntitle = \"A\"\nsummary = \"s\"\nminutes = 30\n\
                    [[lesson]]\nid = \"b\"\ntitle = \"B\"\nsummary = \"t\"\n";
        let index = LessonIndex::parse(text).expect("valid");
        let ids: Vec<_> = index.lessons.iter().map(|l| l.id.as_str()).collect();
        assert_eq!(ids, ["a", "b"]);
        assert_eq!(index.lessons[0].minutes, Some(30));
    }

    #[test]
    fn bad_versions_duplicates_and_typos_are_rejected() {
        assert!(LessonIndex::parse("format_version = 2\n").is_err());
        let dup = "format_version = 1\n[[lesson]]\nid = \"a\"\ntitle = \"A\"\nsummary = \"s\"\n\
                   [[lesson]]\nid = \"a\"\ntitle = \"B\"\nsummary = \"t\"\n";
        assert!(LessonIndex::parse(dup).is_err());
        let typo = "format_version = 1\n[[lesson]]\nid = \"a\"\ntitel = \"A\"\nsummary = \"s\"\n";
        assert!(LessonIndex::parse(typo).is_err());
    }

    #[test]
    fn the_shipped_index_parses() {
        let text = include_str!("../../../../static_data/lessons/index.toml");
        LessonIndex::parse(text).expect("static_data/lessons/index.toml must parse");
    }
}
