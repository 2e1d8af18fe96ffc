//! Lessons: the index of shipped lessons (more to come: lesson files, tasks, answer checks).
//!
//! Parses TOML text handed in by the caller; never fetches anything itself.

mod index;

pub use index::{LESSON_INDEX_VERSION, LessonCard, LessonIndex};
