//! Five Sigma's web app: Leptos components that wire signals to the engine.
//!
//! Layout: `routes` (which page the URL asks for), `pages/` (one file per page), `components/`
//! (reusable panels), `plots/` (drawing into any plotters area, so tests can render to SVG), and
//! `services/` (the only code that talks to the browser: files, fetch, GPU probe).
//! Numerics never live here: they are in `fivesigma-engine`.

mod app;
pub mod components;
pub mod format;
pub mod pages;
pub mod plots;
pub mod routes;
pub mod services;

pub use app::App;
