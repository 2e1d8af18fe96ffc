//! The models trained in the Lab on a shipped dataset, remembered in the browser's storage (one
//! list per dataset) so that they can be trained again when the student comes back.

use fivesigma_engine::ml::RememberedModels;

use super::lessons::{self, storage};

fn key(dataset: &str) -> String {
    format!("fivesigma.lab-models.{dataset}")
}

/// What is remembered for `dataset` (nothing if none, or if what is stored is unreadable).
pub fn load(dataset: &str) -> RememberedModels {
    storage()
        .and_then(|s| s.get_item(&key(dataset)).ok().flatten())
        .and_then(|text| RememberedModels::from_json(&text, dataset).ok())
        .unwrap_or_else(|| RememberedModels::new(dataset))
}

/// Stores `remembered`; `Err` says why it could not be kept.
pub fn save(remembered: &RememberedModels) -> Result<(), String> {
    lessons::store(&key(&remembered.dataset), &remembered.to_json())
}

/// Forgets the models of `dataset`.
pub fn forget(dataset: &str) {
    lessons::forget(&key(dataset));
}
