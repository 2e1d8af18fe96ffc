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
        title: "x on a HiDPI canvas".into(),
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

/// 40 events, two inputs, two samples: enough for a small forest and a grid search.
fn events() -> fivesigma_engine::ml::TrainingData {
    use fivesigma_engine::ml::{Features, TrainingData};
    let n = 40;
    let x: Vec<f64> = (0..n).map(|i| f64::from(i) + 0.25).collect();
    let y: Vec<f64> = (0..n).map(|i| f64::from((i * 7) % 11)).collect();
    TrainingData {
        features: Features::new(vec!["x".into(), "y".into()], vec![x, y]).expect("features"),
        labels: (0..n).map(|i| u8::from(i >= 20)).collect(),
        weights: (0..n).map(|i| 1.0 + f64::from(i % 3) / 3.0).collect(),
        sample: (0..n).map(|i| u16::from(i >= 20)).collect(),
        samples: vec!["bkg".into(), "sig".into()],
        // Rows stay with the app: the worker never sees them.
        rows: Vec::new(),
    }
}

/// Every message between the app and a training worker survives its trip through JavaScript
/// values: the request (settings as JSON, events as typed arrays) and each kind of reply.
#[wasm_bindgen_test]
fn every_worker_message_survives_the_round_trip() {
    use fivesigma_engine::ml::mlp::EpochRecord;
    use fivesigma_engine::ml::{
        CandidateScore, CrossValidation, GridSearch, JobEvent, ModelKind, Plan, Scoring,
        TrainingData, TrainingEvents, TrainingSetup, Weighting,
    };
    use fivesigma_engine::state::{Device, Reply};
    use fivesigma_worker::protocol;

    let data = events();
    let setup = TrainingSetup {
        inputs: vec!["x".into(), "y".into()],
        test_fraction: 0.25,
        validation_fraction: 0.25,
        scaling: fivesigma_engine::ml::Scaling::Standard,
        weighting: Weighting::Balanced,
        seed: 7,
        spec: ModelKind::Forest.default_spec(),
        missing: fivesigma_engine::ml::MissingValues::Drop,
    };
    let plans = [
        setup.plan(),
        Plan::GridSearch {
            candidates: vec![
                ModelKind::Tree.default_spec(),
                ModelKind::Forest.default_spec(),
            ],
            cv: CrossValidation {
                folds: 3,
                seed: 7,
                scoring: Scoring::Accuracy,
            },
        },
    ];
    let Plan::Train {
        split,
        scaling,
        spec,
    } = setup.plan()
    else {
        panic!("a training")
    };
    let learn = Plan::Learn {
        split,
        scaling,
        spec,
    };
    for plan in plans.into_iter().chain([learn]) {
        let back = protocol::read_request(&protocol::request(&plan)).expect("a request");
        assert_eq!(back, plan);
    }
    // The events cross in parts (names, one per column, then labels, weights and samples), the
    // training weights in place of the physical ones.
    let weights: Vec<f64> = (0..data.len()).map(|i| 0.5 + i as f64).collect();
    let events = TrainingEvents::reweighted(std::sync::Arc::new(data.clone()), weights.clone())
        .expect("events");
    let parts: Vec<_> = (0..protocol::event_parts(&events))
        .map(|k| protocol::event_part(&events, k).expect("a part").0)
        .collect();
    assert_eq!(parts.len(), 2 + 2, "names, x, y, then the rest");
    assert!(protocol::event_part(&events, parts.len()).is_none());
    let mut inbox = protocol::EventInbox::default();
    let mut arrived = Vec::new();
    for part in &parts {
        arrived.push(inbox.take(part).expect("an events part").expect("usable"));
    }
    let expected = TrainingData {
        weights,
        ..data.clone()
    };
    // The physical weights come too (the model is judged with them).
    let physical = Some(data.weights.clone());
    assert_eq!(arrived.pop(), Some(Some((expected, physical))));
    assert!(
        arrived.iter().all(Option::is_none),
        "complete only at the last part"
    );
    assert!(
        inbox.take(&protocol::request(&setup.plan())).is_none(),
        "a plan is no part"
    );
    // Events that train with their own weights send them once.
    let own = TrainingEvents::new(std::sync::Arc::new(data.clone()));
    let mut inbox = protocol::EventInbox::default();
    let last = (0..protocol::event_parts(&own))
        .map(|k| inbox.take(&protocol::event_part(&own, k).expect("a part").0))
        .last();
    assert_eq!(last, Some(Some(Ok(Some((data.clone(), None))))));
    // A part missing (a column skipped) is refused, not assembled wrong.
    let mut inbox = protocol::EventInbox::default();
    assert!(inbox.take(&parts[0]).expect("a part").is_ok());
    assert!(inbox.take(&parts[2]).expect("a part").is_err());
    assert!(inbox.take(&parts[3]).expect("a part").is_err());

    // Judged where it trained (balanced training weights, physical ones for the judgement),
    // on its validation part: the evaluation travels with the model, and a model without one
    // too.
    let trained = setup.train(&data).expect("a model");
    let judged = trained.evaluation.as_deref().expect("judged by the job");
    assert_eq!(
        judged.held_out,
        fivesigma_engine::ml::evaluation::HeldOut::Validation
    );
    let unjudged = fivesigma_engine::ml::Trained {
        evaluation: None,
        ..trained.clone()
    };
    let fivesigma_engine::ml::Model::Forest(forest) = trained.model.clone() else {
        panic!("a forest")
    };
    // A pool's later pieces carry no events; an assembled forest's trees come back bit for bit.
    let Plan::Train { split, scaling, .. } = setup.plan() else {
        panic!("a training")
    };
    let assemble = Plan::Assemble {
        split,
        scaling,
        trees: forest.trees.clone(),
    };
    let message = protocol::request(&assemble);
    assert_eq!(
        protocol::transferable(&message).length(),
        1,
        "the packed trees move"
    );
    let back = protocol::read_request(&message).expect("pieces");
    assert_eq!(back, assemble);
    let row = CandidateScore {
        spec: ModelKind::Forest.default_spec(),
        fold_scores: vec![0.5, 0.75, 1.0],
        mean: 0.75,
        std: 0.2,
    };
    let replies = [
        Reply::Ready,
        Reply::Device {
            device: Device::Cpu,
            note: None,
        },
        Reply::Device {
            device: Device::WebGpu,
            note: Some("no adapter".into()),
        },
        Reply::Event(JobEvent::Progress { done: 3, total: 30 }),
        Reply::Event(JobEvent::Epoch(EpochRecord {
            epoch: 2,
            loss: 0.61,
            accuracy: 0.7,
            weighted_accuracy: 0.71,
            val_loss: Some(0.65),
            val_accuracy: None,
            val_weighted_accuracy: Some(0.69),
            learning_rate: 1e-3,
        })),
        Reply::Event(JobEvent::Trained(Box::new(trained))),
        Reply::Event(JobEvent::Trained(Box::new(unjudged))),
        Reply::Event(JobEvent::Candidate(row.clone())),
        Reply::Event(JobEvent::Searched(GridSearch {
            candidates: vec![row],
            best: 0,
        })),
        Reply::Event(JobEvent::Grown {
            from: 3,
            trees: forest.trees.clone(),
        }),
        Reply::Event(JobEvent::Scored {
            candidate: 2,
            fold: 1,
            score: 0.8125,
        }),
        Reply::Event(JobEvent::Permuted {
            from: 2,
            values: vec![0.125, -0.0078125],
        }),
        Reply::Event(JobEvent::Failed("no events pass the cuts".into())),
        Reply::Event(JobEvent::Cancelled),
    ];
    for reply in replies {
        // A judged model comes in two messages, its evaluation first: each is read in a task of
        // its own. What the worker moves instead of copying: the evaluation's arrays (nine); a
        // model's split and scores (six) and, this model being a forest, its packed trees; a
        // range of trees (one); the rest is small.
        let messages = protocol::reply_messages(&reply);
        let moved: Vec<u32> = messages
            .iter()
            .map(|m| protocol::transferable(m).length())
            .collect();
        let expected = match &reply {
            Reply::Event(JobEvent::Trained(t)) if t.evaluation.is_some() => vec![9, 7],
            Reply::Event(JobEvent::Trained(_)) => vec![7],
            Reply::Event(JobEvent::Grown { .. }) => vec![1],
            _ => vec![0],
        };
        assert_eq!(moved, expected, "{reply:?}");
        let mut reader = protocol::ReplyReader::default();
        let read: Vec<_> = messages.iter().map(|m| reader.read(m)).collect();
        let (last, parts) = read.split_last().expect("a message");
        assert!(parts.iter().all(Option::is_none), "complete at the last");
        assert_eq!(last.as_ref().map(|r| r.as_ref().ok()), Some(Some(&reply)));
    }
    // A model's evaluation that does not fit the model (another model's) is refused.
    let mut reader = protocol::ReplyReader::default();
    let judged = protocol::reply_messages(&Reply::Event(JobEvent::Trained(Box::new(
        setup.train(&data).expect("a model"),
    ))));
    assert!(reader.read(&judged[0]).is_none());
    let other = fivesigma_engine::ml::Trained {
        train_scores: vec![0.5],
        evaluation: None,
        ..setup.train(&data).expect("a model")
    };
    let other = protocol::reply(&Reply::Event(JobEvent::Trained(Box::new(other))));
    assert!(matches!(reader.read(&other), Some(Err(_))));
    // A teacher's fresh challenge: the order (a seed beyond JavaScript's exact integers) and the
    // made files; neither is mistaken for a training message, nor a training message for them.
    let fresh = fivesigma_engine::state::board::FreshChallenge {
        seed: u64::MAX - 1,
        events: 700,
    };
    let order = protocol::challenge_order(&fresh);
    assert_eq!(protocol::read_challenge_order(&order), Some(Ok(fresh)));
    assert!(protocol::read_command(&order).is_none());
    let made = protocol::made_challenge("f_event,f_massjj\n1,2\n", "f_event,isSignal,f_weight\n");
    assert_eq!(
        protocol::read_made_challenge(&made),
        Some(Ok((
            "f_event,f_massjj\n1,2\n".to_owned(),
            "f_event,isSignal,f_weight\n".to_owned()
        )))
    );
    assert!(protocol::read_answer(&made).is_none());
    let ready = protocol::reply(&Reply::Ready);
    assert!(protocol::read_made_challenge(&ready).is_none());
    assert!(protocol::read_challenge_order(&ready).is_none());

    // A message that is not one of ours is refused with a reason, never a panic.
    let bogus = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&bogus, &"kind".into(), &"device".into());
    let _ = js_sys::Reflect::set(&bogus, &"device".into(), &"tpu".into());
    assert!(protocol::read_reply(&bogus.into()).is_err());
}
