//! Live training curves of a network: loss and accuracy per epoch, training solid and validation
//! dashed, redrawn as each epoch arrives from the worker.

use fivesigma_engine::ml::mlp::EpochRecord;
use leptos::prelude::*;
use plotters::style::RGBColor;

use crate::components::PlotCanvas;
use crate::plots::lines::{Line, LinePlot, draw_lines};
use crate::plots::render_svg;

const TRAIN: RGBColor = RGBColor(37, 99, 235);
const VALIDATION: RGBColor = RGBColor(234, 88, 12);

/// The curves of one quantity: `train` and (if recorded) `validation` per epoch.
fn plot(
    epochs: &[EpochRecord],
    y_title: &str,
    train: fn(&EpochRecord) -> f64,
    validation: fn(&EpochRecord) -> Option<f64>,
    scale: f64,
) -> LinePlot {
    let mut lines = vec![Line {
        label: "training".into(),
        color: TRAIN,
        points: epochs.iter().map(|e| (e.epoch as f64, train(e))).collect(),
        dashed: false,
    }];
    if epochs.iter().any(|e| validation(e).is_some()) {
        lines.push(Line {
            label: "validation".into(),
            color: VALIDATION,
            points: epochs
                .iter()
                .map(|e| (e.epoch as f64, validation(e).unwrap_or(f64::NAN)))
                .collect(),
            dashed: true,
        });
    }
    let last = epochs.last().map_or(1.0, |e| e.epoch as f64);
    LinePlot {
        title: format!(
            "{} per epoch",
            y_title
                .split(' ')
                .next()
                .map(|w| {
                    let mut c = w.chars();
                    c.next()
                        .map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
                })
                .unwrap_or_default()
        ),
        lines,
        x_title: "epoch".into(),
        y_title: y_title.into(),
        x_range: Some((1.0, last.max(2.0))),
        y_range: None,
        marker: None,
        scale,
    }
}

/// Loss and accuracy per epoch (nothing until the first epoch ends).
#[component]
pub fn TrainingCurves(epochs: Signal<Vec<EpochRecord>>) -> impl IntoView {
    let has = move || epochs.with(|e| !e.is_empty());
    view! {
        <Show when=has>
            <div class="plot-pair" data-testid="training-curves">
                <div>
                    <PlotCanvas testid="loss-canvas" label="Loss per epoch, training and validation"
                        draw=move |area, scale| epochs.with(|e| draw_lines(area, &plot(e, "loss (weighted cross-entropy)", |r| r.loss, |r| r.val_loss, scale)))
                        svg=Callback::new(move |()| epochs.with(|e| render_svg((700, 420), |a| draw_lines(a, &plot(e, "loss (weighted cross-entropy)", |r| r.loss, |r| r.val_loss, 1.0)))))
                        file_stem=Signal::derive(|| "loss".to_owned()) />
                </div>
                <div>
                    <PlotCanvas testid="accuracy-canvas" label="Accuracy per epoch, training and validation"
                        draw=move |area, scale| epochs.with(|e| draw_lines(area, &plot(e, "accuracy (weighted)", |r| r.weighted_accuracy, |r| r.val_weighted_accuracy, scale)))
                        svg=Callback::new(move |()| epochs.with(|e| render_svg((700, 420), |a| draw_lines(a, &plot(e, "accuracy (weighted)", |r| r.weighted_accuracy, |r| r.val_weighted_accuracy, 1.0)))))
                        file_stem=Signal::derive(|| "accuracy".to_owned()) />
                </div>
            </div>
            <p class="hint" data-testid="epoch-readout">
                {move || epochs.with(|e| e.last().map(|r| {
                    let val = r.val_loss.map(|v| format!(", validation loss {v:.4}")).unwrap_or_default();
                    format!("Epoch {}: loss {:.4}{val}, learning rate {}", r.epoch, r.loss, r.learning_rate)
                }))}
            </p>
        </Show>
    }
}
