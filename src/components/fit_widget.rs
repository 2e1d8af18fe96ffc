//! The fit widget: a line or a curve of points and a polynomial fitted to them, exactly or by
//! gradient descent one step at a time — with the loss after each step and, for a line, the loss
//! surface and the path the descent walks on it. Every number is the engine's
//! (`state::fitting::Fitting`); this draws it and animates the steps.

use fivesigma_engine::ml::toy::ToySpec;
use fivesigma_engine::state::fitting::{FitSettings, Fitting, SURFACE_CELLS};
use leptos::prelude::*;
use plotters::style::RGBColor;

use crate::components::{CanvasArea, PlotCanvas};
use crate::plots::fit::{FitPicture, SurfacePicture, draw_fit, draw_surface};
use crate::plots::lines::{Line, LinePlot, draw_lines};

const TRAIN: RGBColor = RGBColor(37, 99, 235);
const VALIDATION: RGBColor = RGBColor(234, 88, 12);

/// Descent steps per animation tick (every 40 ms: a line's 300 steps take 3 s to watch).
const STEPS_PER_TICK: usize = 4;

/// The widget, refitted whenever the points or the settings change.
#[component]
pub fn FitWidget(
    /// The points' shape, size, noise and seed.
    toy: Signal<ToySpec>,
    /// Exact or by descent, the degree and the learning rate.
    settings: Signal<FitSettings>,
) -> impl IntoView {
    let fitting = RwSignal::new(Err::<Fitting, String>(String::new()));
    let running = RwSignal::new(false);
    let restart = move || {
        running.set(false);
        fitting.set(
            Fitting::new(&toy.get_untracked(), settings.get_untracked()).map_err(|e| e.to_string()),
        );
    };
    Effect::new(move |_| {
        toy.track();
        settings.track();
        restart();
    });
    let ticker = set_interval_with_handle(
        move || {
            if running.get_untracked() {
                fitting.update(|f| {
                    if let Ok(f) = f {
                        f.step(STEPS_PER_TICK);
                    }
                });
                if !fitting.with_untracked(|f| f.as_ref().is_ok_and(Fitting::can_step)) {
                    running.set(false);
                }
            }
        },
        std::time::Duration::from_millis(40),
    )
    .ok();
    on_cleanup(move || {
        if let Some(t) = ticker {
            t.clear();
        }
    });
    let is_descent = move || fitting.with(|f| f.as_ref().is_ok_and(|f| f.descent.is_some()));
    let can_step = move || fitting.with(|f| f.as_ref().is_ok_and(Fitting::can_step));
    let status = move || fitting.with(|f| f.as_ref().map_or_else(Clone::clone, Fitting::status));
    view! {
        <Show when=is_descent>
            <div class="controls">
                <button class="button" data-testid="fit-run" disabled=move || !can_step()
                    on:click=move |_| running.update(|r| *r = !*r)>{move || if running.get() { "Pause" } else { "Run" }}</button>
                <button class="button secondary" data-testid="fit-step" disabled=move || !can_step()
                    on:click=move |_| fitting.update(|f| if let Ok(f) = f { f.step(1) })>"Step"</button>
                <button class="button secondary" data-testid="fit-reset" on:click=move |_| restart()>"Reset"</button>
            </div>
        </Show>
        <p class="hint" role="status" data-testid="fit-status">{status}</p>
        <div class="plot-pair">
            <div><PlotCanvas testid="fit-points" label="The points and the fitted curve" draw=move |area, scale| draw_points(fitting, area, scale) /></div>
            <div><PlotCanvas testid="fit-loss" label="The loss after each step, or every degree's error" draw=move |area, scale| draw_errors(fitting, area, scale) /></div>
        </div>
        <Show when=move || fitting.with(|f| f.as_ref().is_ok_and(|f| f.descent.is_some() && f.settings.degree == 1))>
            <div class="surface-canvas">
                <PlotCanvas testid="fit-surface" label="The loss over slope and intercept, and the descent's path" draw=move |area, scale| draw_path(fitting, area, scale) />
            </div>
        </Show>
    }
}

type Shared = RwSignal<Result<Fitting, String>>;

fn draw_points(fitting: Shared, area: &CanvasArea, scale: f64) -> Result<(), String> {
    fitting.with(|f| {
        let f = f.as_ref().map_err(Clone::clone)?;
        let coef = f.coef().map_err(|e| e.to_string())?;
        draw_fit(
            area,
            &FitPicture {
                frame: f.frame(),
                train: (&f.train.0, &f.train.1),
                validation: (&f.validation.0, &f.validation.1),
                coef: &coef,
                scale,
            },
        )
    })
}

fn draw_errors(fitting: Shared, area: &CanvasArea, scale: f64) -> Result<(), String> {
    fitting.with(|f| {
        let f = f.as_ref().map_err(Clone::clone)?;
        let line = |label: &str, color, dashed, points| Line {
            label: label.into(),
            color,
            points,
            dashed,
        };
        let plot = match &f.descent {
            Some(d) => LinePlot {
                title: "Training loss after each step".into(),
                lines: vec![line(
                    "training",
                    TRAIN,
                    false,
                    d.path
                        .iter()
                        .enumerate()
                        .map(|(i, (_, l))| (i as f64, l.min(1e3)))
                        .collect(),
                )],
                x_title: "step".into(),
                y_title: "mean squared error".into(),
                x_range: Some((0.0, (d.path.len() as f64 - 1.0).max(10.0))),
                y_range: None,
                marker: None,
                scale,
            },
            None => LinePlot {
                title: "Error of the exact fit of each degree".into(),
                lines: vec![
                    line(
                        "training",
                        TRAIN,
                        false,
                        f.scan
                            .iter()
                            .map(|s| (s.degree as f64, s.train_mse))
                            .collect(),
                    ),
                    line(
                        "validation",
                        VALIDATION,
                        true,
                        f.scan
                            .iter()
                            .map(|s| (s.degree as f64, s.validation_mse.min(5.0)))
                            .collect(),
                    ),
                ],
                x_title: "degree".into(),
                y_title: "mean squared error".into(),
                x_range: Some((0.0, f.scan.len().saturating_sub(1).max(1) as f64)),
                y_range: None,
                marker: Some(f.settings.degree as f64),
                scale,
            },
        };
        draw_lines(area, &plot)
    })
}

fn draw_path(fitting: Shared, area: &CanvasArea, scale: f64) -> Result<(), String> {
    fitting.with(|f| {
        let f = f.as_ref().map_err(Clone::clone)?;
        let Some(surface) = f.surface() else {
            return Ok(());
        };
        let path: Vec<(f64, f64)> = f.descent.as_ref().map_or_else(Vec::new, |d| {
            d.path.iter().map(|(c, _)| (c[0], c[1])).collect()
        });
        draw_surface(
            area,
            &SurfacePicture {
                slope: surface.slope,
                intercept: surface.intercept,
                values: &surface.values,
                cells: SURFACE_CELLS,
                path: &path,
                scale,
            },
        )
    })
}
