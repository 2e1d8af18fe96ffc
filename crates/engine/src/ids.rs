//! Checks shared by every index file (datasets, lessons): a known format version, and ids that
//! are non-empty and unique. Messages are plain sentences for the page to show.

/// `Err(message)` if `found` is not the `expected` format version.
pub(crate) fn check_version(found: u32, expected: u32) -> Result<(), String> {
    if found == expected {
        Ok(())
    } else {
        Err(format!(
            "format_version is {found}, but this version of Five Sigma reads version {expected}"
        ))
    }
}

/// `Err(message)` for the first empty or repeated id; `noun` names an entry ("lesson").
pub(crate) fn check_ids<'a>(
    ids: impl IntoIterator<Item = &'a str>,
    noun: &str,
) -> Result<(), String> {
    let mut seen: Vec<&str> = Vec::new();
    for (i, id) in ids.into_iter().enumerate() {
        if id.trim().is_empty() {
            return Err(format!("{noun} {} has an empty id", i + 1));
        }
        if seen.contains(&id) {
            return Err(format!("the id \"{id}\" is listed twice"));
        }
        seen.push(id);
    }
    Ok(())
}
