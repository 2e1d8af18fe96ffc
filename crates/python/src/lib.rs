//! "Show me the Python": what is on screen, written as the pandas, numpy, matplotlib and
//! scikit-learn code a physicist would write for it — generated from the same state the app
//! draws from, so the code gives the app's numbers.
//!
//! Every panel is a [`Snippet`]: its own code, and the code it stands on (reading the files,
//! applying the cuts), so that what a student copies runs by itself. The Lab's whole session is
//! the same pieces in order ([`Script`]), saved as a `.py` file or a Jupyter notebook.
//!
//! Pure: depends on the engine only (no web crate: `scripts/check-engine-purity.sh`); writes text,
//! reads nothing. A crate of its own so that the page compiles it for size (the engine is
//! compiled for speed).

mod dice;
mod evaluation;
mod lab;
mod lesson;
mod model;
mod notebook;
mod torch;
mod toy;

pub use dice::dice_code;
pub use evaluation::{Judged, ModelViews};
pub use lab::{DataSource, LabCode};
pub use lesson::{LessonCode, LessonData};
pub use model::{evaluation_code, training_code};
pub use notebook::{Script, notebook_json};
pub use toy::{fit_widget_code, playground_code};

/// One step of an analysis as Python: a title (a notebook's heading) and its code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    /// What the step does, in a few words ("Histogram of ETmiss").
    pub title: String,
    /// The code, ending in a newline (empty: a note alone).
    pub code: String,
    /// Words before the code (a notebook's text under the heading; comments in a script).
    pub note: Option<String>,
}

impl Cell {
    fn new(title: impl Into<String>, code: impl Into<String>) -> Self {
        Self {
            title: title.into(),
            code: code.into(),
            note: None,
        }
    }

    /// A step of words only: a heading and `text`.
    fn note(title: impl Into<String>, text: impl Into<String>) -> Self {
        Self {
            note: Some(text.into()),
            ..Self::new(title, "")
        }
    }
}

/// What one panel's "Python" tab shows: the panel's own cells, after the cells they need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    /// Imports, reading the files, cuts: what runs before the panel's own code.
    pub setup: Vec<Cell>,
    /// The panel's own code.
    pub own: Vec<Cell>,
}

impl Snippet {
    /// The panel's own code, as one text (what the tab shows first).
    pub fn own_code(&self) -> String {
        join(&self.own)
    }

    /// The code the panel's own code needs first, as one text.
    pub fn setup_code(&self) -> String {
        join(&self.setup)
    }

    /// What the setup does, in a few words: "imports, reading the events, cuts and cut-flow".
    pub fn setup_summary(&self) -> String {
        let titles: Vec<String> = self
            .setup
            .iter()
            .map(|c| {
                let mut chars = c.title.chars();
                chars
                    .next()
                    .map(|f| f.to_lowercase().chain(chars).collect())
                    .unwrap_or_default()
            })
            .collect();
        titles.join(", ")
    }

    /// Everything, runnable as it is: what the copy button copies and the `.py` download holds.
    pub fn program(&self) -> String {
        let cells: Vec<Cell> = self.setup.iter().chain(&self.own).cloned().collect();
        Script { cells }.to_python()
    }
}

fn join(cells: &[Cell]) -> String {
    cells
        .iter()
        .map(|c| format!("# --- {} ---\n{}", c.title, c.code))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Lines of Python, indented by `indent` spaces each.
fn indented(lines: &[String], indent: usize) -> String {
    let pad = " ".repeat(indent);
    lines.iter().map(|l| format!("{pad}{l}\n")).collect()
}

/// A list of strings as Python: `["a", "b"]`.
fn string_list<S: AsRef<str>>(items: &[S]) -> String {
    let quoted: Vec<String> = items
        .iter()
        .map(|s| fivesigma_engine::analysis::cut::python_string(s.as_ref()))
        .collect();
    format!("[{}]", quoted.join(", "))
}

/// The legend labels and the colours of `names` (samples of `dataset`), as two Python lists.
fn labels_and_colours(
    dataset: &fivesigma_engine::data::Dataset,
    names: &[String],
) -> (String, String) {
    let (labels, colours): (Vec<String>, Vec<String>) = names
        .iter()
        .filter_map(|n| dataset.sample(n).ok())
        .map(|s| (s.spec.display_name().to_owned(), s.spec.color.clone()))
        .unzip();
    (string_list(&labels), string_list(&colours))
}

/// The names of `dataset`'s samples, in order.
fn sample_names(dataset: &fivesigma_engine::data::Dataset) -> Vec<String> {
    dataset
        .samples
        .iter()
        .map(|s| s.spec.name.clone())
        .collect()
}

/// A list of numbers as Python: `[25, 50, 75.5]`.
fn number_list(items: &[f64]) -> String {
    let written: Vec<String> = items
        .iter()
        .map(|v| fivesigma_engine::analysis::cut::number_literal(*v))
        .collect();
    format!("[{}]", written.join(", "))
}

#[cfg(test)]
mod tests;
