//! The offline copy: what this build can keep in the browser, what it holds now, and how the page
//! says so. The service worker (public/sw.js) does the keeping; the parts each file belongs to are
//! decided when the build is made (scripts/precache.mjs writes them into `offline.json`). Here:
//! reading that list, adding up what is held, the default choice, and every label the page shows.
//!
//! Depends on nothing else in the engine; nothing web (the page passes in the list of files its
//! cache holds).

use serde::Deserialize;

use crate::error::Error;

/// The file the build writes (and the service worker answers) with every file it may keep.
pub const MANIFEST_FILE: &str = "offline.json";

/// Which part of the offline copy a file belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OfflinePart {
    /// The pages, lessons, catalogs and the CPU training worker: kept on the first visit.
    App,
    /// A dataset's event file: kept once opened, or every one when the student asks.
    Data,
    /// The WebGPU training worker: kept only where the browser has a WebGPU adapter.
    Gpu,
}

/// One file of the build.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct OfflineFile {
    /// Path relative to the page (`static_data/datasets/atlas-dm/WZ.csv`).
    pub path: String,
    /// Size in bytes as served (uncompressed).
    pub bytes: u64,
    /// The part it belongs to.
    pub part: OfflinePart,
}

/// Every file one build may keep offline (`offline.json`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct OfflineManifest {
    /// The build's version (a hash of every file): also the name of its cache.
    pub version: String,
    /// Each file, with its size and part.
    pub files: Vec<OfflineFile>,
}

/// What the offline copy holds now, in bytes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OfflineHolding {
    /// Bytes of every held file.
    pub held_bytes: u64,
    /// Bytes of the app part (always kept).
    pub app_bytes: u64,
    /// Bytes of the dataset files held.
    pub data_held_bytes: u64,
    /// Bytes of every dataset file of the build.
    pub data_bytes: u64,
    /// The datasets with at least one file held, by id (the folder under `static_data/datasets/`).
    pub datasets_held: Vec<String>,
    /// Whether the WebGPU worker is held.
    pub gpu_held: bool,
}

impl OfflineHolding {
    /// Whether every dataset file is held.
    pub fn all_data_held(&self) -> bool {
        self.data_held_bytes >= self.data_bytes
    }
}

impl OfflineManifest {
    /// Reads `offline.json`.
    pub fn from_json(text: &str) -> Result<Self, Error> {
        serde_json::from_str(text).map_err(|e| Error::Offline(format!("{MANIFEST_FILE}: {e}")))
    }

    /// Adds up what the cache holds. `held` are the held files' paths relative to the page;
    /// paths that are not files of this build are ignored.
    pub fn holding<S: AsRef<str>>(&self, held: &[S]) -> OfflineHolding {
        let held: std::collections::HashSet<&str> = held.iter().map(AsRef::as_ref).collect();
        let mut out = OfflineHolding::default();
        for file in &self.files {
            let is_held = held.contains(file.path.as_str());
            match file.part {
                OfflinePart::App => out.app_bytes += file.bytes,
                OfflinePart::Data => out.data_bytes += file.bytes,
                OfflinePart::Gpu => {}
            }
            if !is_held {
                continue;
            }
            out.held_bytes += file.bytes;
            match file.part {
                OfflinePart::Data => {
                    out.data_held_bytes += file.bytes;
                    if let Some(id) = dataset_of(&file.path)
                        && !out.datasets_held.iter().any(|d| d == id)
                    {
                        out.datasets_held.push(id.to_owned());
                    }
                }
                OfflinePart::Gpu => out.gpu_held = true,
                OfflinePart::App => {}
            }
        }
        out
    }
}

/// The dataset a file belongs to: `static_data/datasets/<id>/…`.
fn dataset_of(path: &str) -> Option<&str> {
    path.strip_prefix("static_data/datasets/")?
        .split('/')
        .next()
}

/// Whether "keep everything" starts switched on, when the student has not chosen: on for the
/// installed app (it is meant to work anywhere), off in a browser tab (a first visit then fetches
/// the app and what the student opens, not every dataset over the school's network).
pub fn keep_all_by_default(installed_app: bool) -> bool {
    installed_app
}

/// Megabytes with one decimal: `12.3 MB` (1 MB = 10⁶ bytes, as download sizes are given).
pub fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

/// The status line: what this browser holds for offline use.
pub fn status_label(holding: &OfflineHolding, keep_all: bool) -> String {
    let held = megabytes(holding.held_bytes);
    if keep_all && holding.all_data_held() {
        format!("✓ Every lesson and dataset kept offline ({held})")
    } else if keep_all {
        format!(
            "Keeping every lesson and dataset… ({held} of {})",
            megabytes(holding.app_bytes + holding.data_bytes)
        )
    } else {
        format!("✓ Works offline: the app and what you opened ({held})")
    }
}

/// The switch's label, with how much switching it on keeps in all.
pub fn keep_all_label(holding: &OfflineHolding) -> String {
    format!(
        "Keep every lesson and dataset for offline use ({} in all)",
        megabytes(holding.app_bytes + holding.data_bytes)
    )
}

/// The longer explanation under the switch.
pub fn explanation(holding: &OfflineHolding) -> String {
    let gpu = if holding.gpu_held {
        " and the WebGPU training worker"
    } else {
        ""
    };
    let data = if holding.datasets_held.is_empty() {
        String::new()
    } else {
        format!(
            ", and the data of {} ({})",
            holding.datasets_held.join(", "),
            megabytes(holding.data_held_bytes)
        )
    };
    format!(
        "Kept in this browser: the app and its lessons ({}){gpu}{data}. A dataset is kept once \
         you open it.",
        megabytes(holding.app_bytes),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const MANIFEST: &str = r#"{"version":"abc","files":[
        {"path":"index.html","bytes":2000,"part":"app"},
        {"path":"fivesigma_bg.wasm","bytes":2500000,"part":"app"},
        {"path":"static_data/datasets/atlas-dm/catalog.toml","bytes":4000,"part":"app"},
        {"path":"static_data/datasets/atlas-dm/WZ.csv","bytes":1000000,"part":"data"},
        {"path":"static_data/datasets/atlas-dm/ZZ.csv","bytes":800000,"part":"data"},
        {"path":"static_data/datasets/atlas-hzz4l/llll.csv","bytes":7500000,"part":"data"},
        {"path":"train-gpu_bg.wasm","bytes":22500000,"part":"gpu"}]}"#;

    #[test]
    fn adds_up_what_is_held() {
        let m = OfflineManifest::from_json(MANIFEST).expect("manifest");
        let h = m.holding(&[
            "index.html",
            "fivesigma_bg.wasm",
            "static_data/datasets/atlas-dm/catalog.toml",
            "static_data/datasets/atlas-dm/WZ.csv",
            "static_data/datasets/atlas-dm/ZZ.csv",
            "elsewhere.txt",
        ]);
        // 2000 + 2 500 000 + 4000 = 2 506 000 app; 1 000 000 + 800 000 data held of 9 300 000.
        assert_eq!(h.app_bytes, 2_506_000);
        assert_eq!(h.data_held_bytes, 1_800_000);
        assert_eq!(h.data_bytes, 9_300_000);
        assert_eq!(h.held_bytes, 4_306_000);
        assert_eq!(h.datasets_held, vec!["atlas-dm".to_owned()]);
        assert!(!h.gpu_held);
        assert!(!h.all_data_held());
        assert_eq!(
            status_label(&h, false),
            "✓ Works offline: the app and what you opened (4.3 MB)"
        );
        assert_eq!(
            status_label(&h, true),
            "Keeping every lesson and dataset… (4.3 MB of 11.8 MB)"
        );
        assert_eq!(
            keep_all_label(&h),
            "Keep every lesson and dataset for offline use (11.8 MB in all)"
        );
        assert_eq!(
            explanation(&h),
            "Kept in this browser: the app and its lessons (2.5 MB), and the data of atlas-dm \
             (1.8 MB). A dataset is kept once you open it."
        );
        let nothing = m.holding(&["index.html"]);
        assert_eq!(
            explanation(&nothing),
            "Kept in this browser: the app and its lessons (2.5 MB). A dataset is kept once you \
             open it."
        );
    }

    #[test]
    fn everything_held_and_the_gpu_worker() {
        let m = OfflineManifest::from_json(MANIFEST).expect("manifest");
        let all: Vec<&str> = m.files.iter().map(|f| f.path.as_str()).collect();
        let h = m.holding(&all);
        assert!(h.all_data_held() && h.gpu_held);
        assert_eq!(h.datasets_held, vec!["atlas-dm", "atlas-hzz4l"]);
        // 2 506 000 + 9 300 000 + 22 500 000 = 34 306 000.
        assert_eq!(
            status_label(&h, true),
            "✓ Every lesson and dataset kept offline (34.3 MB)"
        );
        assert!(explanation(&h).contains("and the WebGPU training worker"));
    }

    #[test]
    fn a_broken_list_is_a_clear_error() {
        let e = OfflineManifest::from_json("<html>").expect_err("not json");
        assert!(e.to_string().contains("offline.json"), "{e}");
    }

    #[test]
    fn keeps_everything_by_default_only_when_installed() {
        assert!(keep_all_by_default(true));
        assert!(!keep_all_by_default(false));
    }
}
