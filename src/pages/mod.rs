//! One file per page.

mod home;
mod lab;
mod lesson;
mod not_found;

pub use home::HomePage;
pub use lab::LabPage;
pub use lesson::{LessonPage, LessonPlace};
pub use not_found::NotFoundPage;
