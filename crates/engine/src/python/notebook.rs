//! A sequence of cells as a `.py` script or a Jupyter notebook (nbformat 4, one markdown heading
//! and one code cell per step).

use super::Cell;

/// Steps of an analysis in order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Script {
    /// The steps.
    pub cells: Vec<Cell>,
}

/// What heads every file: where it came from and what it needs.
const HEADER: &str = "# Written by Five Sigma from what was on screen; it gives the same numbers.\n# Needs: pip install numpy pandas matplotlib scikit-learn";

impl Script {
    /// The script as one `.py` file: a header, then each step under a comment with its title.
    pub fn to_python(&self) -> String {
        let keras = self.cells.iter().any(|c| c.code.contains("import keras"));
        let mut text = format!("{HEADER}{}\n", if keras { " keras" } else { "" });
        for cell in &self.cells {
            text.push_str(&format!("\n# %% {}\n{}", cell.title, cell.code));
        }
        text
    }
}

/// The cells as a Jupyter notebook (`.ipynb`, JSON): a title, then a heading and a code cell per
/// step.
pub fn notebook_json(title: &str, script: &Script) -> String {
    let mut cells = vec![markdown(&format!(
        "# {title}\n\n{}",
        HEADER.replace("# ", "")
    ))];
    for cell in &script.cells {
        cells.push(markdown(&format!("## {}", cell.title)));
        cells.push(code(&cell.code));
    }
    let notebook = serde_json::json!({
        "cells": cells,
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"}
        },
        "nbformat": 4,
        "nbformat_minor": 4
    });
    serde_json::to_string_pretty(&notebook).unwrap_or_default()
}

/// A cell's source as nbformat keeps it: lines, each but the last ending in `\n`.
fn source_lines(text: &str) -> Vec<String> {
    let trimmed = text.trim_end_matches('\n');
    let mut lines: Vec<String> = trimmed.split('\n').map(|l| format!("{l}\n")).collect();
    if let Some(last) = lines.last_mut() {
        last.pop();
    }
    lines
}

fn markdown(text: &str) -> serde_json::Value {
    serde_json::json!({"cell_type": "markdown", "metadata": {}, "source": source_lines(text)})
}

fn code(text: &str) -> serde_json::Value {
    serde_json::json!({
        "cell_type": "code",
        "execution_count": null,
        "metadata": {},
        "outputs": [],
        "source": source_lines(text)
    })
}
