//! One file per page.

mod home;
mod lab;
mod not_found;

pub use home::HomePage;
pub use lab::LabPage;
pub use not_found::NotFoundPage;
