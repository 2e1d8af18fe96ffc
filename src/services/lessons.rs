//! Loading lessons (manifest and section files, relative to the page) and keeping each student's
//! progress in the browser's local storage. Storage can be missing or full (private windows,
//! locked-down school machines): progress then lives for the session only, and the page says so.

use fivesigma_engine::data::{
    Catalog, CsvOptions, Dataset, DatasetIndex, Table, check_csv_size, read_csv,
};
use fivesigma_engine::lesson::{Lesson, LessonManifest, LessonProgress, parse_section};

use fivesigma_engine::state::trouble::OpenFailure;

use super::fetch::{fetch_file, fetch_text};
use super::files;

/// Where the lesson folders are, relative to the page.
pub const ROOT: &str = "static_data/lessons/";

/// Fetches `lesson.toml` and every section of the lesson `id`.
pub async fn fetch_lesson(id: &str) -> Result<Lesson, OpenFailure> {
    let folder = format!("{ROOT}{id}/");
    let invalid = |e: fivesigma_engine::Error| OpenFailure::Invalid(e.to_string());
    let manifest = LessonManifest::parse(&fetch_file(&format!("{folder}lesson.toml")).await?)
        .map_err(invalid)?;
    // Parse each section as it arrives, in its own task: rendering a long section's Markdown and
    // maths takes a few milliseconds, eleven of them in one go would freeze the page.
    let mut sections = Vec::with_capacity(manifest.sections.len());
    for meta in &manifest.sections {
        let text = fetch_file(&format!("{folder}{}", meta.file)).await?;
        files::next_frame().await;
        sections.push(parse_section(meta.clone(), &text).map_err(invalid)?);
    }
    Lesson::from_sections(manifest, sections).map_err(invalid)
}

/// The browser's local storage, if the page may use it.
pub(crate) fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn key(lesson: &str) -> String {
    format!("fivesigma.progress.{lesson}")
}

/// Where an unreadable saved progress is kept aside.
fn aside_key(lesson: &str) -> String {
    format!("{}.unreadable", key(lesson))
}

/// The saved progress for `lesson` (fresh progress if none), and why what was saved could not be
/// read, if it could not: it is then kept aside under its own key (the first such copy is never
/// overwritten) instead of being lost at the next save.
pub fn load_progress(lesson: &Lesson) -> (LessonProgress, Option<String>) {
    let id = &lesson.manifest.id;
    let fresh = || LessonProgress::new(id);
    let Some(text) = storage().and_then(|s| s.get_item(&key(id)).ok().flatten()) else {
        return (fresh(), None);
    };
    match LessonProgress::from_json(&text, lesson) {
        Ok(p) => {
            remember_base(&p, text);
            (p, None)
        }
        Err(e) => {
            if unreadable_copy(id).is_none() {
                let _ = store(&aside_key(id), &text);
            }
            (fresh(), Some(e.to_string()))
        }
    }
}

/// The unreadable progress kept aside for `lesson`, if any.
pub fn unreadable_copy(lesson: &str) -> Option<String> {
    storage().and_then(|s| s.get_item(&aside_key(lesson)).ok().flatten())
}

thread_local! {
    /// Per lesson, the copy of the progress this tab last read or wrote, and its stored text:
    /// what another tab's changes are told apart by.
    static BASES: std::cell::RefCell<std::collections::BTreeMap<String, (LessonProgress, String)>> =
        Default::default();
}

fn remember_base(progress: &LessonProgress, text: String) {
    BASES.with(|b| {
        b.borrow_mut()
            .insert(progress.lesson.clone(), (progress.clone(), text))
    });
}

fn base_of(lesson: &str) -> (LessonProgress, String) {
    BASES
        .with(|b| b.borrow().get(lesson).cloned())
        .unwrap_or_else(|| (LessonProgress::new(lesson), String::new()))
}

/// Saves `progress` without losing what another tab on the same lesson saved meanwhile: that
/// copy is reconciled in first (`LessonProgress::reconcile`). `Ok(Some(p))`: what was saved
/// differs from `progress` (the other tab's work is in it) and should be shown; `Err` says why it
/// could not be kept.
pub fn save_progress(progress: &LessonProgress) -> Result<Option<LessonProgress>, String> {
    let id = &progress.lesson;
    let (base, written) = base_of(id);
    // Parsed only when another tab wrote since (a dragged cut saves many times a second).
    let stored = storage()
        .and_then(|s| s.get_item(&key(id)).ok().flatten())
        .filter(|text| *text != written)
        .and_then(|text| LessonProgress::read_stored(&text, id))
        .filter(|theirs| *theirs != base);
    let mut saved = progress.clone();
    if let Some(theirs) = stored {
        saved.reconcile(&base, theirs);
    }
    let text = saved.to_json();
    store(&key(id), &text)?;
    remember_base(&saved, text);
    Ok((saved != *progress).then_some(saved))
}

/// Another tab stored `text` as the progress of `progress`'s lesson: the progress with its work
/// reconciled in, unless nothing changes (this tab then shows it, and saves it when it holds
/// more than what was stored).
pub fn from_other_tab(progress: &LessonProgress, text: &str) -> Option<LessonProgress> {
    let theirs = LessonProgress::read_stored(text, &progress.lesson)?;
    let (base, _) = base_of(&progress.lesson);
    let mut mine = progress.clone();
    mine.reconcile(&base, theirs.clone());
    remember_base(&theirs, text.to_owned());
    (mine != *progress || mine != theirs).then_some(mine)
}

/// The storage key another tab's change to `lesson`'s progress arrives under.
pub fn progress_key(lesson: &str) -> String {
    key(lesson)
}

/// Forgets the progress of `lesson`.
pub fn clear_progress(lesson: &str) {
    forget(&key(lesson));
    BASES.with(|b| b.borrow_mut().remove(lesson));
}

/// Keeps `text` under `key` in the browser; `Err` says why it could not be kept.
pub(crate) fn store(key: &str, text: &str) -> Result<(), String> {
    let storage = storage().ok_or("this browser does not let the page store anything")?;
    storage
        .set_item(key, text)
        .map_err(|_| "the browser's storage for this page is full or switched off".to_owned())
}

/// Removes what is kept under `key`.
pub(crate) fn forget(key: &str) {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(key);
    }
}

/// The shipped dataset's catalog (the official files share its columns and file names).
pub async fn fetch_catalog(dataset: &str) -> Result<(Catalog, u64), String> {
    let root = super::datasets::ROOT;
    let index = DatasetIndex::parse(&fetch_text(&format!("{root}index.toml")).await?)
        .map_err(|e| e.to_string())?;
    let entry = index
        .get(dataset)
        .ok_or_else(|| format!("the dataset {dataset} is not shipped with this copy"))?;
    let text = fetch_text(&format!("{root}{}", entry.catalog)).await?;
    let catalog = Catalog::parse(&text).map_err(|e| e.to_string())?;
    Ok((catalog, entry.csv_bytes))
}

/// Builds a dataset from `catalog` and the files found for its samples; samples without a file
/// are left out, but every active one must be there.
pub fn dataset_from_tables(
    mut catalog: Catalog,
    mut found: Vec<(String, Table)>,
) -> Result<Dataset, String> {
    let missing: Vec<String> = catalog
        .samples
        .iter()
        .filter(|s| s.active && !found.iter().any(|(f, _)| f == &s.file))
        .map(|s| s.file.clone())
        .collect();
    if !missing.is_empty() {
        return Err(format!("these files are missing: {}", missing.join(", ")));
    }
    catalog
        .samples
        .retain(|s| found.iter().any(|(f, _)| f == &s.file));
    let tables = catalog
        .samples
        .iter()
        .map(|s| {
            let i = found
                .iter()
                .position(|(f, _)| f == &s.file)
                .unwrap_or_default();
            found.swap_remove(i).1
        })
        .collect();
    Dataset::from_catalog(catalog, tables).map_err(|e| e.to_string())
}

/// Fetches every sample of `catalog` from `base_url` (a folder URL), reporting each file.
pub async fn fetch_official(
    catalog: Catalog,
    base_url: &str,
    on_file: impl Fn(&str),
) -> Result<Dataset, String> {
    let base = folder_url(base_url);
    let mut found = Vec::new();
    for sample in &catalog.samples {
        on_file(&sample.file);
        files::next_frame().await;
        // The file name holds a '+' (Z+jets.csv): encode it, a server may read it as a space.
        let url = format!("{base}{}", sample.file.replace('+', "%2B"));
        match fetch_text(&url).await {
            Ok(text) => {
                let table = read_csv(text.as_bytes(), &CsvOptions::default(), |_| {})
                    .map_err(|e| format!("{}: {e}", sample.file))?;
                found.push((sample.file.clone(), table));
            }
            Err(e) if sample.active => return Err(e),
            // Other masses are optional (the "going further" part).
            Err(_) => {}
        }
    }
    dataset_from_tables(catalog, found)
}

/// A folder's address ending in `/`, as a file's name is appended to it.
pub fn folder_url(base_url: &str) -> String {
    if base_url.ends_with('/') {
        base_url.to_owned()
    } else {
        format!("{base_url}/")
    }
}

/// Reads files the student picked; each must be named like a sample's file (`DM_300.csv`).
pub async fn read_official_files(
    catalog: Catalog,
    picked: Vec<web_sys::File>,
) -> Result<Dataset, String> {
    let mut found = Vec::new();
    let mut unknown = Vec::new();
    for file in picked {
        let name = file.name();
        if !catalog.samples.iter().any(|s| s.file == name) {
            unknown.push(name);
            continue;
        }
        check_csv_size(file.size() as u64).map_err(|e| format!("{name}: {e}"))?;
        // Read and parsed in a worker, as the Lab reads a student's file: the page stays
        // responsive however large the file.
        let loaded = super::user_files::read(&file, |_| {})
            .await
            .map_err(|e| format!("{name}: {e}"))?;
        let table = std::sync::Arc::try_unwrap(loaded.table).unwrap_or_else(|t| (*t).clone());
        found.push((name, table));
    }
    if found.is_empty() && !unknown.is_empty() {
        return Err(format!(
            "none of these files is one of the lesson's samples ({}); expected names such as DM_300.csv",
            unknown.join(", ")
        ));
    }
    dataset_from_tables(catalog, found)
}
