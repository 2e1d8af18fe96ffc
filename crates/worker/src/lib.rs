//! Training off the page's thread. The app posts a [`protocol`] request (a job's settings as JSON,
//! its events as typed arrays) to a Web Worker; the worker ([`serve`]) runs the engine's job and
//! posts progress, epochs and the result back the same way.
//!
//! Two workers run this code: `train-cpu` (burn's CPU backend; its `main` is a binary of the app
//! package, so it reuses the app's compiled dependencies) and `train-gpu`, built here (feature
//! `gpu`: WebGPU through `fivesigma-webgpu`, fetched only when a WebGPU training starts). The
//! app depends on this library for [`protocol`] only; nothing here touches the DOM.

pub mod file_read;
pub mod protocol;
pub mod serve;

/// Why a message could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// A field is missing or has the wrong type.
    #[error("the training message has no usable `{0}`")]
    Field(&'static str),
    /// A JSON part did not parse.
    #[error("the training message's `{field}` is not valid: {message}")]
    Json {
        /// Which part.
        field: &'static str,
        /// serde_json's message.
        message: String,
    },
}
