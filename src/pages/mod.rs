//! One file per page.

mod board;
mod embed;
mod home;
mod lab;
mod lesson;
mod not_found;
mod playground;

pub use board::BoardPage;
pub use embed::EmbedPage;
pub use home::HomePage;
pub use lab::LabPage;
pub use lesson::{LessonEmbed, LessonPage, LessonPlace};
pub use not_found::NotFoundPage;
pub use playground::PlaygroundPage;
