//! What it takes to train a model again: the samples, the cuts and the settings (seed included).
//! A lesson keeps these with its progress and the Lab per shipped dataset, so that models come
//! back after a reload. This module only holds, bounds and (de)serialises the lists.
//!
//! Depends on `ml::setup` only.

use serde::{Deserialize, Serialize};

use super::setup::TrainingSetup;
use crate::{Error, Result};

/// At most this many trained models are remembered per dataset (the oldest is forgotten first):
/// each one is trained again after a reload, and that should take seconds, not minutes. Six: the
/// HiggsML lesson compares six kinds of model side by side, as many as the comparison plots draw.
pub const MAX_RECORDED_MODELS: usize = 6;

/// The format [`RememberedModels`] writes and reads.
pub const REMEMBERED_VERSION: u32 = 1;

/// A trained model, as what it takes to train it again identically (trees and forests bit for
/// bit; a network up to floating-point order on another backend).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct ModelRecord {
    /// The samples it was trained on.
    pub samples: Vec<String>,
    /// The cuts applied before training, as written.
    #[serde(default)]
    pub cuts: Vec<String>,
    /// Its settings, seed included.
    pub setup: TrainingSetup,
    /// The dataset it was trained on (absent in records written before lessons could use more
    /// than one dataset: those are the lesson's main dataset's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dataset: Option<String>,
    /// Whether the student has looked at its sealed test part (it then comes back judged on it).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub test_revealed: bool,
}

impl ModelRecord {
    /// The dataset it was trained on, `main` for a record that does not say.
    pub fn dataset_or<'a>(&'a self, main: &'a str) -> &'a str {
        self.dataset.as_deref().unwrap_or(main)
    }
}

/// Marks the latest record of `list` that is `record` (its test part still sealed) as looked
/// at; false when there is none.
pub fn mark_revealed(list: &mut [ModelRecord], record: &ModelRecord) -> bool {
    let sealed = ModelRecord {
        test_revealed: false,
        ..record.clone()
    };
    match list.iter_mut().rev().find(|r| **r == sealed) {
        Some(r) => {
            r.test_revealed = true;
            true
        }
        None => false,
    }
}

/// Appends `record` to `list`, forgetting the oldest beyond [`MAX_RECORDED_MODELS`] on its
/// dataset.
pub fn remember(list: &mut Vec<ModelRecord>, record: ModelRecord) {
    list.push(record);
    bound(list);
}

/// Drops the oldest records beyond [`MAX_RECORDED_MODELS`] per dataset (a lesson whose sections
/// use two datasets keeps that many models of each).
pub fn bound(list: &mut Vec<ModelRecord>) {
    let mut seen: Vec<(Option<String>, usize)> = Vec::new();
    let mut keep = vec![false; list.len()];
    for (i, record) in list.iter().enumerate().rev() {
        let count = match seen.iter_mut().find(|(d, _)| *d == record.dataset) {
            Some((_, n)) => n,
            None => {
                seen.push((record.dataset.clone(), 0));
                &mut seen.last_mut().expect("just pushed").1
            }
        };
        *count += 1;
        keep[i] = *count <= MAX_RECORDED_MODELS;
    }
    let mut flags = keep.into_iter();
    list.retain(|_| flags.next().unwrap_or(true));
}

/// The models trained in the Lab on one shipped dataset.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct RememberedModels {
    /// [`REMEMBERED_VERSION`].
    pub format_version: u32,
    /// The dataset's id.
    pub dataset: String,
    /// Oldest first.
    pub models: Vec<ModelRecord>,
}

impl RememberedModels {
    /// None yet, for `dataset`.
    pub fn new(dataset: &str) -> Self {
        Self {
            format_version: REMEMBERED_VERSION,
            dataset: dataset.to_owned(),
            models: Vec::new(),
        }
    }

    /// JSON for storage.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Reads what was stored for `dataset`; another dataset's list or another format is refused.
    pub fn from_json(text: &str, dataset: &str) -> Result<Self> {
        let mut read: Self = serde_json::from_str(text)
            .map_err(|e| Error::Model(format!("not a list of remembered models ({e})")))?;
        if read.format_version != REMEMBERED_VERSION || read.dataset != dataset {
            return Err(Error::Model(format!(
                "the remembered models are for \"{}\" (format {}), not \"{dataset}\" (format {REMEMBERED_VERSION})",
                read.dataset, read.format_version
            )));
        }
        bound(&mut read.models);
        Ok(read)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ml::{Weighting, preset_spec};

    fn record(seed: u64) -> ModelRecord {
        ModelRecord {
            samples: vec!["Non-resonant_ll".into(), "DM_300".into()],
            cuts: vec!["ETmiss > 100".into()],
            setup: TrainingSetup {
                inputs: vec!["lead_lep_pt".into(), "ETmiss".into()],
                test_fraction: 0.25,
                validation_fraction: 0.0,
                scaling: crate::ml::Scaling::Standard,
                weighting: Weighting::Balanced,
                seed,
                spec: preset_spec("hsf-forest", 2).expect("preset"),
                missing: crate::ml::MissingValues::Drop,
            },
            dataset: None,
            test_revealed: false,
        }
    }

    #[test]
    fn a_looked_at_test_part_is_remembered_on_the_latest_sealed_record_alike() {
        let mut list = vec![record(1), record(2), record(1)];
        assert!(mark_revealed(&mut list, &record(1)));
        assert_eq!(
            list.iter().map(|r| r.test_revealed).collect::<Vec<_>>(),
            [false, false, true]
        );
        // The same settings again: the earlier twin; then none is left sealed.
        assert!(mark_revealed(&mut list, &record(1)));
        assert!(list[0].test_revealed && !list[1].test_revealed);
        assert!(!mark_revealed(&mut list, &record(1)));
        assert!(!mark_revealed(&mut list, &record(7)));
        // Written only when set, read back as it was.
        let text = serde_json::to_string(&list).expect("json");
        assert_eq!(text.matches("test_revealed").count(), 2);
        let back: Vec<ModelRecord> = serde_json::from_str(&text).expect("reads");
        assert_eq!(back, list);
    }

    #[test]
    fn each_dataset_keeps_its_own_newest_models() {
        let mut list = Vec::new();
        for seed in 0..8 {
            remember(&mut list, record(seed));
            let ttz = ModelRecord {
                dataset: Some("atlas-ttz".into()),
                ..record(100 + seed)
            };
            if seed % 2 == 0 {
                remember(&mut list, ttz);
            }
        }
        let seeds: Vec<u64> = list.iter().map(|m| m.setup.seed).collect();
        // Seeds 0, 100, 1, 2, 102, 3, 4, 104, 5, 6, 106, 7: the six newest of each (all four of
        // atlas-ttz), in their order.
        assert_eq!(seeds, [100, 2, 102, 3, 4, 104, 5, 6, 106, 7]);
        assert_eq!(list[0].dataset_or("atlas-hzz4l"), "atlas-ttz");
        assert_eq!(list[1].dataset_or("atlas-hzz4l"), "atlas-hzz4l");
        // A record without a dataset is written as before.
        assert!(
            !serde_json::to_string(&list[1])
                .expect("json")
                .contains("dataset")
        );
    }

    #[test]
    fn the_oldest_are_forgotten_and_a_list_reads_back_only_for_its_dataset() {
        let mut remembered = RememberedModels::new("atlas-dm");
        for seed in 0..8 {
            remember(&mut remembered.models, record(seed));
        }
        let seeds: Vec<u64> = remembered.models.iter().map(|m| m.setup.seed).collect();
        assert_eq!(seeds, [2, 3, 4, 5, 6, 7]);
        let text = remembered.to_json();
        assert_eq!(
            RememberedModels::from_json(&text, "atlas-dm").expect("reads"),
            remembered
        );
        let refused = RememberedModels::from_json(&text, "atlas-hzz4l").expect_err("refused");
        assert!(refused.to_string().contains("atlas-dm"), "{refused}");
        assert!(RememberedModels::from_json("[1,", "atlas-dm").is_err());
    }
}
