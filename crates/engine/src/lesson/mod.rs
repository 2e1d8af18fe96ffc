//! Lessons: the index of shipped lessons, the lesson format (manifest, Markdown sections with
//! widgets and tasks), answer checks computed from the loaded data, grading, saved progress and
//! validation against a dataset's catalog.
//!
//! Parses text handed in by the caller; never fetches or stores anything itself.

pub mod check;
mod document;
pub mod embed;
mod index;
pub mod markdown;
mod progress;
mod task;
mod toy_check;
mod validate;
mod widget;

pub use check::{Check, CheckContext, Class, Expected, Metric, ModelView, Selected};
pub use document::{
    Block, LESSON_FORMAT_VERSION, Lesson, LessonManifest, NO_DATASET, OfficialFormat,
    OfficialSource, Section, SectionRef, parse_section,
};
pub use embed::{EmbeddedWidget, LESSON_PARTS, hidden};
pub use index::{LESSON_INDEX_VERSION, LessonCard, LessonIndex};
pub use progress::{
    LessonProgress, PROGRESS_VERSION, TaskProgress, TaskStatus, TrainedToy, WidgetState,
    unreadable_note,
};
pub use task::{AnswerKind, ChoiceOption, Mistake, TaskSpec, Verdict, parse_number, show};
pub use validate::{ensure_valid, validate, widget_problems_on};
pub use widget::{WidgetKind, WidgetReading, WidgetSpec, widget_key};
