//! Browser unit tests: run in headless Chromium by wasm-bindgen-test
//! (`cargo test --target wasm32-unknown-unknown --test web`, see scripts/test.sh).

#![cfg(target_arch = "wasm32")]

use fivesigma::plots::canvas::hidpi_backend;
use fivesigma::plots::histogram::{HistogramLabels, draw_histogram};
use fivesigma_engine::analysis::{Binning, Histogram};
use fivesigma_engine::data::{CsvOptions, read_csv};
use plotters::prelude::IntoDrawingArea;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window()
        .and_then(|w| w.document())
        .expect("a document")
}

fn fresh_container() -> web_sys::HtmlElement {
    let div: web_sys::HtmlElement = document()
        .create_element("div")
        .expect("div")
        .unchecked_into();
    document()
        .body()
        .expect("body")
        .append_child(&div)
        .expect("append");
    div
}

#[wasm_bindgen_test]
fn the_engine_reads_csv_in_webassembly() {
    let table = read_csv(
        "x,Label\n1.5,s\n-999,b\n".as_bytes(),
        &CsvOptions::default(),
        |_| {},
    )
    .expect("valid CSV");
    assert_eq!(table.n_rows(), 2);
    assert_eq!(table.column("x").expect("x").issues.missing, 1);
}

#[wasm_bindgen_test]
fn a_histogram_paints_crisp_pixels_on_a_canvas() {
    let container = fresh_container();
    let canvas: web_sys::HtmlCanvasElement = document()
        .create_element("canvas")
        .expect("canvas")
        .unchecked_into();
    canvas
        .set_attribute("style", "width: 600px; height: 300px; display: block")
        .expect("style");
    container.append_child(&canvas).expect("append");

    let values: Vec<f64> = (0..1000).map(|i| f64::from(i % 97)).collect();
    let histogram = Histogram::fill(Binning::auto(&values, 10).expect("bins"), &values, None);
    let (backend, ratio) = hidpi_backend(&canvas).expect("2D context");
    // The backing store follows devicePixelRatio, so text and lines are crisp on HiDPI screens.
    assert_eq!(f64::from(canvas.width()), (600.0 * ratio).round());
    let labels = HistogramLabels {
        x: "x [GeV]".into(),
        y: "Rows per bin".into(),
        scale: ratio,
    };
    draw_histogram(&backend.into_drawing_area(), &histogram, &labels).expect("draws");

    let context: web_sys::CanvasRenderingContext2d = canvas
        .get_context("2d")
        .expect("context")
        .expect("2d")
        .unchecked_into();
    let image = context
        .get_image_data(
            0.0,
            0.0,
            f64::from(canvas.width()),
            f64::from(canvas.height()),
        )
        .expect("pixels");
    let pixels = image.data();
    // Count pixels close to the bar colour (#2563eb blended at 75% on white).
    let bar_like = pixels
        .chunks_exact(4)
        .filter(|p| p[2] > 200 && p[0] < 120 && p[1] < 160)
        .count();
    let total = pixels.len() / 4;
    assert!(
        bar_like * 10 > total,
        "bars cover only {bar_like} of {total} pixels"
    );
}

#[wasm_bindgen_test]
async fn the_app_mounts_with_home_and_a_backend_badge() {
    let container = fresh_container();
    let handle = leptos::mount::mount_to(container.clone(), fivesigma::App);
    leptos::task::tick().await;
    let text = container.text_content().unwrap_or_default();
    assert!(text.contains("Five Sigma"), "brand missing: {text}");
    let html = container.inner_html();
    assert!(
        container
            .query_selector("[data-testid=lab-card]")
            .expect("query")
            .is_some(),
        "no Lab card in: {html}"
    );
    assert!(
        container
            .query_selector("[data-testid=backend]")
            .expect("query")
            .is_some()
    );
    drop(handle);
}
