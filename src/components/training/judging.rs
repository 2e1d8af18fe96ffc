//! Judging a model at a threshold: the controls every threshold view shares (the threshold, how
//! events are counted, the AMS's b_r) and scikit-learn's classification report of the chosen
//! model. The numbers come from the engine's state layer (`state::evaluation`); this draws them.

use std::sync::Arc;

use fivesigma_engine::data::Dataset;
use fivesigma_engine::ml::evaluation::{EventWeights, JudgedOn};
use fivesigma_engine::state::evaluation::{
    AmsBasis, AmsSettings, b_reg_of, counted_words, judged_noun, report_on, report_rows,
};
use fivesigma_engine::state::{Choice, Counting};
use fivesigma_python::Judged;
use leptos::prelude::*;

use super::TrainedModel;
use super::python_tabs::view_code;
use crate::components::choice::options;
use crate::format;

/// What the threshold views share: the threshold, how the events count and the AMS's b_r.
#[derive(Clone, Copy)]
pub struct Judging {
    /// Output above it: called signal.
    pub threshold: RwSignal<f64>,
    /// How the metrics count the events.
    pub counting: RwSignal<Counting>,
    /// Which events the report, the confusion matrix and purity × efficiency read.
    pub on: RwSignal<JudgedOn>,
    /// The AMS's regularisation term.
    pub b_reg: RwSignal<f64>,
    /// What the AMS counts (the dataset's convention).
    pub basis: AmsBasis,
}

impl Judging {
    /// How `model`'s metrics count the events, as chosen.
    pub fn weights(&self, model: &TrainedModel) -> EventWeights {
        self.counting.get().weights(model.setup.weighting)
    }

    /// The settings `model` is judged with now, as its Python code needs them.
    pub fn judged(&self, model: &TrainedModel) -> Judged {
        Judged {
            threshold: self.threshold.get(),
            on: self.on.get(),
            counted: self.weights(model),
            ams: AmsSettings {
                basis: self.basis,
                b_reg: self.b_reg.get(),
            },
        }
    }
}

/// The threshold slider and the counting menu; the b_r box too when an AMS plot is shown.
#[component]
pub fn ThresholdControls(judging: Judging, with_b_reg: bool) -> impl IntoView {
    let Judging {
        threshold,
        counting,
        on,
        b_reg,
        basis,
    } = judging;
    let b_reg_text = RwSignal::new(b_reg.get_untracked().to_string());
    view! {
        <div class="controls">
            <label>"Classify as signal when the output is above "
                <input type="range" min="0" max="1" step="0.01" data-testid="threshold" prop:value=move || threshold.get().to_string()
                    on:input=move |ev| { if let Ok(t) = event_target_value(&ev).parse::<f64>() { threshold.set(t) } } />
                <strong data-testid="threshold-value">{move || format!(" {:.2}", threshold.get())}</strong>
            </label>
            <label title="scikit-learn counts every test event once unless given sample weights; physicists count the events expected in the data.">"Count "
                <select data-testid="counting" prop:value=move || counting.get().key()
                    on:change=move |ev| if let Some(c) = Counting::from_key(&event_target_value(&ev)) { counting.set(c) }>
                    {options::<Counting>()}
                </select>
            </label>
            <label title="The CMS exercise reads its metrics on training and on test events: a model much better on its training events has learned them by heart.">"Events "
                <select data-testid="judged-on" prop:value=move || on.get().key()
                    on:change=move |ev| if let Some(o) = JudgedOn::from_key(&event_target_value(&ev)) { on.set(o) }>
                    {options::<JudgedOn>()}
                </select>
            </label>
            {with_b_reg.then(|| view! {
                <label title=basis.b_reg_hint()>"AMS b_r "
                    <input type="number" min="0" step="any" class="short" data-testid="b-reg" prop:value=move || b_reg_text.get()
                        aria-invalid=move || b_reg_of(&b_reg_text.get()).is_none().to_string()
                        on:input=move |ev| {
                            let text = event_target_value(&ev);
                            if let Some(b) = b_reg_of(&text) { b_reg.set(b) }
                            b_reg_text.set(text);
                        } />
                </label>
            })}
        </div>
    }
}

/// The chosen model's classification report at the threshold, as scikit-learn prints it.
#[component]
pub fn ReportView(
    chosen: Signal<Option<Arc<TrainedModel>>>,
    judging: Judging,
    dataset: Arc<Dataset>,
) -> impl IntoView {
    let table = move || {
        let model = chosen.get()?;
        let threshold = judging.threshold.get();
        let counted = judging.weights(&model);
        let weighted = counted.weighted();
        let on = judging.on.get();
        let report = report_on(&model.evaluation, on, threshold, counted).ok()?;
        let number = |x: Option<f64>| x.map(|x| format!("{x:.4}")).unwrap_or_default();
        let support = |x: f64| {
            if weighted {
                format::significant(x, 4)
            } else {
                format!("{x:.0}")
            }
        };
        let rows = report_rows(&report)
            .into_iter()
            .map(|r| {
                view! {
                    <tr data-testid="report-row" data-label=r.label data-precision=r.precision data-recall=r.recall data-f1=r.f1 data-support=r.support>
                        <th scope="row">{r.label}</th>
                        <td class="num">{number(r.precision)}</td>
                        <td class="num">{number(r.recall)}</td>
                        <td class="num">{format!("{:.4}", r.f1)}</td>
                        <td class="num">{support(r.support)}</td>
                    </tr>
                }
            })
            .collect_view();
        let events = judged_noun(on, model.evaluation.held_out);
        let counted = format!("{events}, {}", counted_words(counted));
        Some(view! {
            <h3 class="subhead">"Classification report"</h3>
            <div class="table-scroll">
                <table class="report" data-testid="report" data-on=on.key() data-model=model.name.clone() data-threshold=threshold data-weighted=weighted.to_string()>
                    <caption>{format!("{} at the threshold {threshold:.2}: {counted}", model.name)}</caption>
                    <thead><tr><th></th><th scope="col">"precision"</th><th scope="col">"recall"</th><th scope="col">"f1-score"</th><th scope="col">"support"</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        })
    };
    view! {
        {table}
        {view_code(dataset, chosen, "report.py", move |v| v.report(&judging.judged(v.model)))}
    }
}
