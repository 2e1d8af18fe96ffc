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
        let needs = |module: &str| self.cells.iter().any(|c| c.code.contains(module));
        let mut text = HEADER.to_owned();
        for (module, package) in [("import keras", " keras"), ("import torch", " torch")] {
            if needs(module) {
                text.push_str(package);
            }
        }
        text.push('\n');
        for cell in &self.cells {
            text.push_str(&format!("\n# %% {}\n", cell.title));
            if let Some(note) = &cell.note {
                for line in note.lines() {
                    text.push_str(&format!("# {line}\n").replace("# \n", "#\n"));
                }
            }
            text.push_str(&cell.code);
        }
        text
    }
}

/// The cells as a Jupyter notebook (`.ipynb`, JSON): a title, then a heading and a code cell per
/// step. Written by hand: the page carries no JSON tree for it.
pub fn notebook_json(title: &str, script: &Script) -> String {
    let mut cells = vec![markdown(&format!(
        "# {title}\n\n{}",
        HEADER.replace("# ", "")
    ))];
    for cell in &script.cells {
        let heading = match &cell.note {
            Some(note) => format!("## {}\n\n{note}", cell.title),
            None => format!("## {}", cell.title),
        };
        cells.push(markdown(&heading));
        if !cell.code.is_empty() {
            cells.push(code(&cell.code));
        }
    }
    format!(
        "{{\n \"cells\": [\n{}\n ],\n \"metadata\": {{\n  \"kernelspec\": {{\"display_name\": \"Python 3\", \"language\": \"python\", \"name\": \"python3\"}},\n  \"language_info\": {{\"name\": \"python\"}}\n }},\n \"nbformat\": 4,\n \"nbformat_minor\": 4\n}}\n",
        cells.join(",\n")
    )
}

/// A cell's source as nbformat keeps it: a list of lines, each but the last ending in `\n`.
fn source_lines(text: &str) -> String {
    let trimmed = text.trim_end_matches('\n');
    let lines: Vec<&str> = trimmed.split('\n').collect();
    let last = lines.len() - 1;
    let quoted: Vec<String> = lines
        .iter()
        .enumerate()
        .map(|(i, line)| {
            let line = if i < last {
                format!("{line}\n")
            } else {
                (*line).to_owned()
            };
            json_string(&line)
        })
        .collect();
    format!("[{}]", quoted.join(", "))
}

fn markdown(text: &str) -> String {
    format!(
        "  {{\"cell_type\": \"markdown\", \"metadata\": {{}}, \"source\": {}}}",
        source_lines(text)
    )
}

fn code(text: &str) -> String {
    format!(
        "  {{\"cell_type\": \"code\", \"execution_count\": null, \"metadata\": {{}}, \"outputs\": [], \"source\": {}}}",
        source_lines(text)
    )
}

/// A JSON string: quotes, backslashes and control characters escaped (RFC 8259).
fn json_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
