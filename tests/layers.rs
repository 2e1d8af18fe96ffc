//! The layering ARCHITECTURE.md describes, checked on the source: a module may use only the
//! layers below it, so no two modules import each other.
//!
//! engine: data → analysis → ml → state → view → lesson
//! app:    format, routes → services, plots → components → pages → app

use std::fs;
use std::path::{Path, PathBuf};

/// Every `.rs` file under `dir`.
fn sources(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(d) = pending.pop() {
        for entry in fs::read_dir(&d).unwrap_or_else(|e| panic!("{}: {e}", d.display())) {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    files
}

/// The code of `file` without comments (doc links are not imports).
fn code(file: &Path) -> String {
    fs::read_to_string(file)
        .expect("a source file")
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The names `prefix` is followed by in `text` (`crate::ml::x` with prefix `crate::` gives `ml`).
fn used_after(text: &str, prefix: &str) -> Vec<String> {
    text.match_indices(prefix)
        .map(|(i, _)| {
            text[i + prefix.len()..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect()
        })
        .collect()
}

/// (file, the module it names) for every use of a sibling module of `root` that `allowed` refuses.
fn violations(root: &Path, prefix: &str, allowed: impl Fn(&str, &str) -> bool) -> Vec<String> {
    let mut found = Vec::new();
    for file in sources(root) {
        let relative = file.strip_prefix(root).expect("under the root");
        let module = relative
            .components()
            .next()
            .and_then(|c| c.as_os_str().to_str())
            .unwrap_or_default()
            .trim_end_matches(".rs")
            .to_owned();
        for used in used_after(&code(&file), prefix) {
            if used != module && !allowed(&module, &used) {
                found.push(format!("{} uses {prefix}{used}", relative.display()));
            }
        }
    }
    found.sort();
    found.dedup();
    found
}

#[test]
fn engine_modules_use_only_the_layers_below_them() {
    const LAYERS: [&str; 6] = ["data", "analysis", "ml", "state", "view", "lesson"];
    let rank = |m: &str| LAYERS.iter().position(|l| *l == m);
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/engine/src");
    let found = violations(&root, "crate::", |module, used| {
        match (rank(module), rank(used)) {
            (Some(m), Some(u)) => u < m,
            // The error type, ids and the crate's root are below everything.
            (_, None) => true,
            (None, Some(_)) => false,
        }
    });
    assert!(found.is_empty(), "layering broken:\n{}", found.join("\n"));
}

#[test]
fn the_app_builds_pages_on_components_on_services() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    // What each part of the app may use besides itself (`app.rs`, `lib.rs`, `main.rs` are the
    // top and may use anything).
    let allowed = |module: &str, used: &str| {
        let below: &[&str] = match module {
            "format" | "routes" => &[],
            "services" | "plots" => &["format"],
            "components" => &["format", "routes", "services", "plots"],
            "pages" => &["format", "routes", "services", "plots", "components"],
            _ => return true,
        };
        below.contains(&used)
    };
    let found = violations(&root, "crate::", allowed);
    assert!(found.is_empty(), "layering broken:\n{}", found.join("\n"));
    // Within components: the explore panels and the training panels do not import each other.
    let components = root.join("components");
    let pairs = [("workspace", "training"), ("training", "workspace")];
    for (from, to) in pairs {
        let uses = violations(&components, "crate::components::", |module, used| {
            !(module == from && used == to)
        });
        assert!(uses.is_empty(), "{from} imports {to}:\n{}", uses.join("\n"));
    }
}
