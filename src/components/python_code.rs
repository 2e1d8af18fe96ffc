//! The "Python" tab under a panel: what the panel shows now, as the pandas / numpy / matplotlib /
//! scikit-learn code a physicist would write (written by the pure crate `fivesigma_python`),
//! to read, copy whole or save as a `.py` file (written only while the tab is open); and the
//! whole Lab as a script or a notebook.

use std::sync::Arc;

use fivesigma_engine::ml::TrainingSetup;
use fivesigma_engine::state::training::TrainedModel;
use fivesigma_python::{LabCode, Snippet, notebook_json};
use leptos::prelude::*;

use crate::components::Analysis;
use crate::services::download::save_text;

/// What a panel's code is, said above it.
const SAME_NUMBERS: &str = "This panel as it is now, in pandas, numpy, matplotlib and scikit-learn: the same numbers, in the language of the notebooks. Copy all of it to run it as it is.";

/// What a toy widget's code is: its own points are drawn again in Python.
pub const SAME_KIND: &str = "This widget as it is now, in numpy, matplotlib and scikit-learn: the same kind of points and the same model, drawn with numpy's random numbers — so the numbers come close to the page's, not equal. Copy all of it to run it as it is.";

/// The hint of the dice's tab: the same dice, other random rolls.
pub const SAME_DICE: &str = "These dice as they are now, in numpy: the same dice rolled as many times, with numpy's random numbers — so the counts come close to the page's, not equal. Copy all of it to run it as it is.";

/// A file the tab's code reads, which the page saves: its button's label and what it does.
#[derive(Clone)]
pub struct Companion {
    /// "Save 1-random-forest-scores.csv".
    pub label: Signal<String>,
    /// Saves it.
    pub save: Callback<()>,
}

/// A closed tab under a panel; opened, the panel's own code first, then what it stands on.
#[component]
pub fn PythonCode(
    /// The panel's code for its current state (`None`: nothing to write, e.g. no data source).
    #[prop(into)]
    code: Signal<Option<Snippet>>,
    /// The name a saved file gets (ends in `.py`).
    file_name: &'static str,
    /// A file the code reads that the page makes (a model's scores), saved by a button beside.
    #[prop(optional)]
    companion: Option<Companion>,
    /// Whether there is code to show at all (a panel without a data source has none).
    #[prop(default = true)]
    available: bool,
    /// What the code is, above it (default: the page's numbers, in Python).
    #[prop(default = SAME_NUMBERS)]
    hint: &'static str,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let copied = RwSignal::new(false);
    let body = move || {
        let snippet = open.get().then(|| code.get()).flatten()?;
        let setup_lines = snippet.setup_code().lines().count();
        let before = snippet.setup_summary();
        let program = snippet.program();
        let (to_copy, to_save) = (program.clone(), program);
        let copy = move |_| {
            if let Some(window) = web_sys::window() {
                let _ = window.navigator().clipboard().write_text(&to_copy);
                copied.set(true);
            }
        };
        Some(view! {
            <pre class="code python" data-testid="python-own"><code>{snippet.own_code()}</code></pre>
            {(setup_lines > 0).then(|| view! {
                <details class="python-setup">
                    <summary>{format!("Before it: {before} ({setup_lines} lines)")}</summary>
                    <pre class="code python" data-testid="python-setup"><code>{snippet.setup_code()}</code></pre>
                </details>
            })}
            <div class="python-actions">
                <button class="button secondary small" data-testid="python-copy" on:click=copy>
                    {move || if copied.get() { "Copied" } else { "Copy all" }}
                </button>
                <button class="button secondary small" data-testid="python-save"
                    on:click=move |_| { let _ = save_text(&to_save, file_name, "text/x-python"); }>
                    {format!("Save {file_name}")}
                </button>
                {companion.clone().map(|c| view! {
                    <button class="button secondary small" data-testid="python-companion" on:click=move |_| c.save.run(())>{c.label}</button>
                })}
            </div>
        })
    };
    available.then(|| view! {
        <details class="python-code" data-testid="python-tab" data-file=file_name
            on:toggle=move |ev| { open.set(event_target::<web_sys::HtmlDetailsElement>(&ev).open()); copied.set(false); }>
            <summary>"Python"</summary>
            <p class="hint">{hint}</p>
            {body}
        </details>
    })
}

/// The whole Lab as Python — reading, cuts, histogram, scan, pair plot, then every model trained
/// on the page with its ROC — saved as a `.py` script or a Jupyter notebook.
#[component]
pub fn LabScript(
    /// The panels' data, view and data source.
    analysis: Analysis,
    /// The models trained on the page, in order.
    models: RwSignal<Vec<Arc<TrainedModel>>>,
) -> impl IntoView {
    let script = move || {
        let trained: Vec<(TrainingSetup, String)> = models.with(|m| {
            m.iter()
                .map(|m| (m.setup.clone(), m.name.clone()))
                .collect()
        });
        let source = analysis.source.as_deref()?;
        let title = analysis.dataset.catalog.title.clone();
        let script = analysis.view.with_untracked(|view| {
            LabCode {
                dataset: &analysis.dataset,
                source,
                view,
            }
            .script(&trained)
        });
        Some((title, script))
    };
    let (for_py, for_notebook) = (script.clone(), script);
    let save_py = move |_| {
        if let Some((_, script)) = for_py() {
            let _ = save_text(&script.to_python(), "fivesigma-lab.py", "text/x-python");
        }
    };
    let save_notebook = move |_| {
        if let Some((title, script)) = for_notebook() {
            let json = notebook_json(&title, &script);
            let _ = save_text(&json, "fivesigma-lab.ipynb", "application/x-ipynb+json");
        }
    };
    view! {
        <section class="panel" aria-labelledby="python-heading">
            <h2 id="python-heading">"Take it to Python"</h2>
            <p class="hint">"Everything on this page — the files, the cuts, the histogram, the scan, the pair plot and every model trained, with its ROC curve — as one program in pandas, numpy, matplotlib and scikit-learn (Keras for networks). Histograms, cut-flows and scans give this page's numbers exactly; a model trained again in Python is close, not equal."</p>
            <div class="controls">
                <button class="button secondary" data-testid="python-script" on:click=save_py>"Save as a Python script (.py)"</button>
                <button class="button secondary" data-testid="python-notebook" on:click=save_notebook>"Save as a Jupyter notebook (.ipynb)"</button>
            </div>
        </section>
    }
}
