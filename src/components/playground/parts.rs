//! The playground's parts: the forms for the points, the model and the fit; the plane with the
//! model's probability, its decision boundary and the points; the loss and accuracy curves.
//! The state they show is the engine's (`view::playground`, `state::playground::Watch`).

use fivesigma_engine::ml::toy::{Frame, ToyKind};
use fivesigma_engine::state::fitting::FitMethod;
use fivesigma_engine::state::playground::{PROBE_CELLS, StepFit, Watch, layout};
use fivesigma_engine::view::playground::{
    Family, Field, PlaygroundSetup, data_fields, fit_fields, model_fields,
};
use leptos::prelude::*;
use plotters::style::RGBColor;

use crate::components::PlotCanvas;
use crate::components::choice::options;
use crate::components::fit_widget::FitWidget;
use crate::plots::boundary::{BoundaryPicture, Part, draw_boundary, shade};
use crate::plots::lines::{Line, LinePlot, draw_lines};

/// The points to draw and the frame, or why the settings make none.
pub type Drawn = Result<(Vec<(f64, f64, u8, Part)>, Frame), String>;

/// `view`'s points, each with the part it belongs to, and the plane's frame.
pub fn drawn(view: &PlaygroundSetup) -> Drawn {
    let l = layout(view).map_err(|e| e.to_string())?;
    let mut points = Vec::with_capacity(l.set.len());
    for (rows, part) in [
        (&l.split.train, Part::Train),
        (&l.split.validation, Part::Validation),
        (&l.split.test, Part::Test),
    ] {
        let c = &l.set.features.columns;
        points.extend(
            rows.iter()
                .map(|&r| (c[0][r], c[1][r], l.set.labels[r], part)),
        );
    }
    Ok((points, l.frame))
}

/// A line or a curve: the data, the fit's settings, and the fit widget (`data` and `fit`: show
/// their forms).
#[component]
pub fn FitPanels(
    view_state: RwSignal<PlaygroundSetup>,
    error: RwSignal<Option<String>>,
    #[prop(default = true)] data: bool,
    #[prop(default = true)] fit: bool,
) -> impl IntoView {
    let method = Memo::new(move |_| view_state.with(|v| v.fit.method));
    let toy = Signal::derive(move || view_state.with(|v| v.toy));
    let settings = Signal::derive(move || view_state.with(|v| v.fit));
    let form = (data || fit).then(|| view! {
        <section class="panel" aria-label="Data and fit">
            {data.then(|| view! { <DataForm view_state error /> })}
            {fit.then(|| view! {
                <h2>"Fit"</h2>
                <div class="controls">
                    <label>"method "
                        <select data-testid="pg-fit" prop:value=move || view_state.with(|v| v.value("fit"))
                            on:change=move |ev| set_field(view_state, error, "fit", &event_target_value(&ev))>
                            {options::<FitMethod>()}
                        </select>
                    </label>
                    {move || fit_fields(method.get()).iter().map(|f| view! { <SettingField field=*f view_state error /> }).collect_view()}
                </div>
            })}
            {move || error.get().map(|m| view! { <p class="error-box" role="alert" data-testid="playground-error">{m}</p> })}
        </section>
    });
    view! {
        {form}
        <section class="panel" aria-label="The fit">
            <FitWidget toy settings />
        </section>
    }
}

/// The points' shape and numbers.
#[component]
pub fn DataForm(
    view_state: RwSignal<PlaygroundSetup>,
    error: RwSignal<Option<String>>,
) -> impl IntoView {
    let kind = Memo::new(move |_| view_state.with(|v| v.toy.kind));
    view! {
        <h2>"Data"</h2>
        <div class="controls">
            <label>"shape "
                <select data-testid="pg-data" prop:value=move || view_state.with(|v| v.value("data"))
                    on:change=move |ev| set_field(view_state, error, "data", &event_target_value(&ev))>
                    {options::<ToyKind>()}
                </select>
            </label>
            {move || data_fields(kind.get()).iter().map(|f| view! { <SettingField field=*f view_state error /> }).collect_view()}
        </div>
    }
}

/// The model and its settings.
#[component]
pub fn ModelForm(
    view_state: RwSignal<PlaygroundSetup>,
    error: RwSignal<Option<String>>,
) -> impl IntoView {
    let family = Memo::new(move |_| view_state.with(|v| v.model.family));
    view! {
        <h2>"Model"</h2>
        <div class="controls">
            <label>"model "
                <select data-testid="pg-model" prop:value=move || view_state.with(|v| v.value("model"))
                    on:change=move |ev| set_field(view_state, error, "model", &event_target_value(&ev))>
                    {options::<Family>()}
                </select>
            </label>
            {move || {
                let f = family.get();
                let fields = model_fields(f).iter().map(|f| view! { <SettingField field=*f view_state error /> }).collect_view();
                let activation = (f == Family::Network).then(|| view! {
                    <label>"activation "
                        <select data-testid="pg-act" prop:value=move || view_state.with(|v| v.value("act"))
                            on:change=move |ev| set_field(view_state, error, "act", &event_target_value(&ev))>
                            {options::<fivesigma_engine::ml::mlp::Activation>()}
                        </select>
                    </label>
                });
                view! { {fields} {activation} }
            }}
        </div>
    }
}

/// Sets one field from the form, or says why the value was not used.
pub fn set_field(
    view_state: RwSignal<PlaygroundSetup>,
    error: RwSignal<Option<String>>,
    key: &str,
    value: &str,
) {
    let mut next = view_state.get_untracked();
    match next.set(key, value.trim()) {
        Ok(()) => {
            error.set(None);
            if next != view_state.get_untracked() {
                view_state.set(next);
            }
        }
        Err(why) => error.set(Some(format!("{key}: “{value}” was not used — {why}."))),
    }
}

/// One setting as a text field (numbers and the layers' list alike).
#[component]
pub fn SettingField(
    field: Field,
    view_state: RwSignal<PlaygroundSetup>,
    error: RwSignal<Option<String>>,
) -> impl IntoView {
    let key = field.key;
    view! {
        <label title=field.tip>{field.label} " "
            <input type="text" class="short" data-testid=format!("pg-{key}")
                prop:value=move || view_state.with(|v| v.value(key))
                on:change=move |ev| set_field(view_state, error, key, &event_target_value(&ev)) />
        </label>
    }
}

/// The plane: probability, boundary and points.
#[component]
pub fn BoundaryPlot(points: Memo<Drawn>, watch: RwSignal<Watch>) -> impl IntoView {
    let canvas = NodeRef::<leptos::html::Canvas>::new();
    let draw = move |area: &crate::components::CanvasArea, scale: f64| {
        points.with(|p| match p {
            Ok((points, frame)) => watch.with(|w| {
                let picture = BoundaryPicture {
                    frame: *frame,
                    points,
                    grid: &w.grid,
                    cells: PROBE_CELLS,
                    scale,
                };
                let paint = |x: (i32, i32), y: (i32, i32)| match canvas.get_untracked() {
                    Some(c) => paint_cells(&c, &w.grid, PROBE_CELLS, x, y),
                    None => Ok(()),
                };
                draw_boundary(area, &picture, Some(&paint))
            }),
            Err(e) => Err(e.clone()),
        })
    };
    view! {
        <div class="boundary-canvas">
            <PlotCanvas testid="pg-boundary" label="The points and the model's decision boundary" draw node_ref=canvas />
        </div>
    }
}

/// Paints the `cells` × `cells` probabilities as a small image stretched over the pixel rectangle
/// `x` × `y` (smoothed between cells; the boundary line drawn over it stays sharp).
fn paint_cells(
    canvas: &web_sys::HtmlCanvasElement,
    grid: &[f32],
    cells: usize,
    x: (i32, i32),
    y: (i32, i32),
) -> Result<(), String> {
    use wasm_bindgen::JsCast;
    let fail = |e: wasm_bindgen::JsValue| crate::services::fetch::js_message(&e);
    let context = crate::plots::canvas::context_2d(canvas).ok_or("no 2D canvas")?;
    let mut rgba = Vec::with_capacity(grid.len() * 4);
    for &p in grid {
        let c = shade(p);
        rgba.extend_from_slice(&[c.0, c.1, c.2, 255]);
    }
    let size = cells as u32;
    let image = web_sys::ImageData::new_with_u8_clamped_array_and_sh(
        wasm_bindgen::Clamped(&rgba),
        size,
        size,
    )
    .map_err(fail)?;
    let small: web_sys::HtmlCanvasElement = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?
        .create_element("canvas")
        .map_err(fail)?
        .dyn_into()
        .map_err(|_| "no canvas")?;
    small.set_width(size);
    small.set_height(size);
    crate::plots::canvas::context_2d(&small)
        .ok_or("no 2D canvas")?
        .put_image_data(&image, 0.0, 0.0)
        .map_err(fail)?;
    context.set_image_smoothing_enabled(true);
    context
        .draw_image_with_html_canvas_element_and_dw_and_dh(
            &small,
            f64::from(x.0),
            f64::from(y.0),
            f64::from(x.1 - x.0),
            f64::from(y.1 - y.0),
        )
        .map_err(fail)
}

const TRAIN: RGBColor = RGBColor(37, 99, 235);
const VALIDATION: RGBColor = RGBColor(234, 88, 12);

fn step_plot(
    history: &[StepFit],
    unit: &str,
    what: &str,
    of: fn(&fivesigma_engine::ml::stepwise::Fit) -> f64,
    scale: f64,
) -> LinePlot {
    let last = history.last().map_or(1.0, |s| s.step as f64);
    LinePlot {
        title: format!(
            "{} after each step{}",
            if what == "loss" { "Loss" } else { "Accuracy" },
            if history.is_empty() {
                " (drawn as the model trains)"
            } else {
                ""
            }
        ),
        lines: vec![
            Line {
                label: "training".into(),
                color: TRAIN,
                points: history
                    .iter()
                    .map(|s| (s.step as f64, of(&s.train)))
                    .collect(),
                dashed: false,
            },
            Line {
                label: "validation".into(),
                color: VALIDATION,
                points: history
                    .iter()
                    .map(|s| (s.step as f64, s.validation.as_ref().map_or(f64::NAN, of)))
                    .collect(),
                dashed: true,
            },
        ],
        x_title: unit.into(),
        y_title: what.into(),
        x_range: Some((1.0, last.max(2.0))),
        y_range: (what == "accuracy" || history.is_empty()).then_some((0.0, 1.0)),
        marker: None,
        scale,
    }
}

/// Loss and accuracy after each step, training solid, validation dashed.
#[component]
pub fn StepCurves(watch: RwSignal<Watch>) -> impl IntoView {
    // The curves follow the boundary one task later, each redraw a task of its own, so that
    // neither keeps the page busy for long while the model trains. They are on the page from the
    // start, empty: their first drawing (the slowest, ~70 ms) happens while the page loads, not
    // when the first step arrives.
    let shown = RwSignal::new((Vec::<StepFit>::new(), "step"));
    Effect::new(move |_| {
        let latest = watch.with(|w| {
            let unit = w.plan.map_or("step", |(_, u)| u.label());
            (w.history.clone(), unit)
        });
        set_timeout(
            move || {
                let _ = shown.try_set(latest);
            },
            std::time::Duration::ZERO,
        );
    });
    let curve = move |what: &'static str, of: fn(&fivesigma_engine::ml::stepwise::Fit) -> f64| {
        move |area: &crate::components::CanvasArea, scale: f64| {
            shown.with(|(history, unit)| {
                draw_lines(area, &step_plot(history, unit, what, of, scale))
            })
        }
    };
    view! {
        <section class="panel plot-pair" data-testid="pg-curves">
            <div><PlotCanvas testid="pg-loss" label="Loss after each step, training and validation" draw=curve("loss", |f| f.loss) /></div>
            <div><PlotCanvas testid="pg-accuracy" label="Accuracy after each step, training and validation" draw=curve("accuracy", |f| f.accuracy) /></div>
        </section>
    }
}
