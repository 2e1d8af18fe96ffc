//! The messages between the app and a training worker, as plain JavaScript objects.
//!
//! The playground's worker session travels the same way: `{playground: command}` in,
//! `{kind: "playground", json, grid}` out (see [`command`] and [`answer`]); so does a teacher's
//! fresh challenge: `{challenge: json}` in, `{kind: "challenge", sample, key}` out (see
//! [`challenge_order`] and [`made_challenge`]); so does a student's CSV file, read in the worker:
//! `{csv: File}` in, `{kind: "reading", bytes, rows}` as it goes and `{kind: "table", rows,
//! parse_ms, columns}` at the end, one transferred typed array per column (see [`csv_order`] and
//! [`table_read`]).
//!
//! Events: `{events: k, of}` parts, one per task on the page, their buffers transferred — the
//! names and samples as JSON strings, then one `column` (`Float64Array`) per input, then `labels`
//! (`Uint8Array`), `weights` (`Float64Array`, the training weights), `sample` (`Uint16Array`)
//! and, where the training reweights the events, their `physical` weights — see [`event_part`].
//! Request: `{plan}` as a JSON string, after the events; a pool's later pieces carry the plan
//! only (the worker kept the events).
//! Replies: `{kind, …}` with `kind` one of `ready`, `device`, `progress`, `epoch`, `trained`,
//! `candidate`, `searched`, `grown`, `scored`, `permuted`, `failed`, `cancelled`; a trained
//! model's split and scores come as typed arrays next to its JSON, and so does its evaluation
//! (the worker judges the model, so the page does not sort 10⁶ scores again). Bulk numbers never go through JSON: a structured clone of a typed array is a copy,
//! while formatting and parsing 10⁶ numbers would block the page for a noticeable time.

use fivesigma_engine::data::{Column, ColumnData, ColumnKind, Progress, Table, ValueIssues};
use fivesigma_engine::ml::evaluation::{Evaluation, HeldOut, Scored};
use fivesigma_engine::ml::metrics::RocCurve;
use fivesigma_engine::ml::mlp::EpochRecord;
use fivesigma_engine::ml::stepwise::Snapshot;
use fivesigma_engine::ml::{
    Features, Forest, GridSearch, JobEvent, Model, Plan, Split, Trained, TrainingData,
    TrainingEvents, Tree,
};
pub use fivesigma_engine::state::Reply;
use fivesigma_engine::state::board::FreshChallenge;
use fivesigma_engine::state::playground::{Answer, Command};
use fivesigma_engine::state::{Choice, Device};
use js_sys::{
    Array, Float32Array, Float64Array, Object, Reflect, Uint8Array, Uint16Array, Uint32Array,
};
use wasm_bindgen::{JsCast, JsValue};

use crate::Error;

fn set(object: &Object, key: &str, value: &JsValue) {
    // Setting a property on a fresh plain object cannot fail.
    let _ = Reflect::set(object, &key.into(), value);
}

fn get(object: &JsValue, key: &'static str) -> Result<JsValue, Error> {
    Reflect::get(object, &key.into())
        .ok()
        .filter(|v| !v.is_undefined())
        .ok_or(Error::Field(key))
}

fn json<T: serde::Serialize>(value: &T) -> JsValue {
    // Our types serialise infallibly (no maps with non-string keys, no custom errors).
    JsValue::from_str(&serde_json::to_string(value).unwrap_or_default())
}

fn parse<T: serde::de::DeserializeOwned>(
    object: &JsValue,
    field: &'static str,
) -> Result<T, Error> {
    let text = get(object, field)?.as_string().ok_or(Error::Field(field))?;
    serde_json::from_str(&text).map_err(|e| Error::Json {
        field,
        message: e.to_string(),
    })
}

fn typed<T: JsCast>(object: &JsValue, field: &'static str) -> Result<T, Error> {
    get(object, field)?
        .dyn_into()
        .map_err(|_| Error::Field(field))
}

fn u32s(values: &[usize]) -> Uint32Array {
    let v: Vec<u32> = values.iter().map(|&i| i as u32).collect();
    Uint32Array::from(v.as_slice())
}

fn indices(object: &JsValue, field: &'static str) -> Result<Vec<usize>, Error> {
    Ok(typed::<Uint32Array>(object, field)?
        .to_vec()
        .into_iter()
        .map(|i| i as usize)
        .collect())
}

/// The request for `plan` (its events go before it, in [`event_part`]s). An assembled forest's
/// trees travel as one `Float64Array` (`trees`, [`Tree::pack`]), not as JSON.
pub fn request(plan: &Plan) -> JsValue {
    let object = Object::new();
    match plan {
        Plan::Assemble {
            split,
            scaling,
            trees,
        } => {
            let light = Plan::Assemble {
                split: *split,
                scaling: *scaling,
                trees: Vec::new(),
            };
            set(&object, "plan", &json(&light));
            set(
                &object,
                "trees",
                &Float64Array::from(Tree::pack(trees).as_slice()),
            );
        }
        _ => set(&object, "plan", &json(plan)),
    }
    object.into()
}

/// How many messages carry `events` to a worker: the names, one per input column, then the
/// labels, weights and samples.
pub fn event_parts(events: &TrainingEvents) -> usize {
    events.data().features.columns.len() + 2
}

/// Message `k` of [`event_parts`] and the buffers to transfer with it: `{events: k, of, …}`.
/// Each is made when asked, so a page posting 10⁶ events copies one column per task and the
/// post itself copies nothing (the buffers move to the worker).
pub fn event_part(events: &TrainingEvents, k: usize) -> Option<(JsValue, Array)> {
    let data = events.data();
    let columns = &data.features.columns;
    let object = Object::new();
    let transfer = Array::new();
    let typed_field = |key: &str, array: JsValue, buffer: JsValue| {
        set(&object, key, &array);
        transfer.push(&buffer);
    };
    match k {
        0 => {
            set(&object, "names", &json(&data.features.names));
            set(&object, "samples", &json(&data.samples));
            set(&object, "count", &JsValue::from(data.len() as u32));
        }
        _ if k <= columns.len() => {
            let column = Float64Array::from(columns[k - 1].as_slice());
            typed_field("column", column.clone().into(), column.buffer().into());
        }
        _ if k == columns.len() + 1 => {
            let labels = Uint8Array::from(data.labels.as_slice());
            typed_field("labels", labels.clone().into(), labels.buffer().into());
            let weights = Float64Array::from(events.weights());
            typed_field("weights", weights.clone().into(), weights.buffer().into());
            let sample = Uint16Array::from(data.sample.as_slice());
            typed_field("sample", sample.clone().into(), sample.buffer().into());
            if let Some(physical) = events.physical_weights() {
                let physical = Float64Array::from(physical);
                typed_field(
                    "physical",
                    physical.clone().into(),
                    physical.buffer().into(),
                );
            }
        }
        _ => return None,
    }
    set(&object, "events", &JsValue::from(k as u32));
    set(&object, "of", &JsValue::from(event_parts(events) as u32));
    Some((object.into(), transfer))
}

/// A worker's events, as the job takes them: with the weights they train with, and their
/// physical weights where those differ (a model is judged with them).
pub type Events = (TrainingData, Option<Vec<f64>>);

/// A worker's events as their parts arrive ([`event_part`], in order).
#[derive(Debug, Default)]
pub struct EventInbox {
    names: Vec<String>,
    samples: Vec<String>,
    count: usize,
    columns: Vec<Vec<f64>>,
}

impl EventInbox {
    /// Takes `message` if it is an events part: `None` when it is not one, the events once the
    /// last part is in, or why a part could not be used.
    pub fn take(&mut self, message: &JsValue) -> Option<Result<Option<Events>, Error>> {
        let k = get(message, "events").ok()?.as_f64()? as usize;
        Some(self.read(message, k))
    }

    fn read(&mut self, message: &JsValue, k: usize) -> Result<Option<Events>, Error> {
        let of = get(message, "of")?.as_f64().ok_or(Error::Field("of"))? as usize;
        let sized = |len: usize, field: &'static str| {
            (len == self.count).then_some(()).ok_or(Error::Field(field))
        };
        if k == 0 {
            *self = Self {
                names: parse(message, "names")?,
                samples: parse(message, "samples")?,
                count: get(message, "count")?
                    .as_f64()
                    .ok_or(Error::Field("count"))? as usize,
                columns: Vec::new(),
            };
            return Ok(None);
        }
        if k + 1 < of {
            if k != self.columns.len() + 1 {
                return Err(Error::Field("events"));
            }
            let column = typed::<Float64Array>(message, "column")?.to_vec();
            sized(column.len(), "column")?;
            self.columns.push(column);
            return Ok(None);
        }
        if k + 1 != of || self.columns.len() + 2 != of {
            return Err(Error::Field("events"));
        }
        let (labels, weights, sample) = (
            typed::<Uint8Array>(message, "labels")?.to_vec(),
            typed::<Float64Array>(message, "weights")?.to_vec(),
            typed::<Uint16Array>(message, "sample")?.to_vec(),
        );
        sized(labels.len(), "labels")?;
        sized(weights.len(), "weights")?;
        sized(sample.len(), "sample")?;
        let physical = get(message, "physical")
            .is_ok()
            .then(|| typed::<Float64Array>(message, "physical").map(|p| p.to_vec()))
            .transpose()?;
        if let Some(p) = &physical {
            sized(p.len(), "physical")?;
        }
        let inbox = std::mem::take(self);
        let features = Features::new(inbox.names, inbox.columns).map_err(|e| Error::Json {
            field: "column",
            message: e.to_string(),
        })?;
        let data = TrainingData {
            features,
            labels,
            weights,
            sample,
            samples: inbox.samples,
            // The worker never looks variables up in the tables: rows stay with the app.
            rows: Vec::new(),
        };
        Ok(Some((data, physical)))
    }
}

fn trees(object: &JsValue, field: &'static str) -> Result<Vec<Tree>, Error> {
    Tree::unpack(&typed::<Float64Array>(object, field)?.to_vec()).map_err(|e| Error::Json {
        field,
        message: e.to_string(),
    })
}

/// The plan a request asks for.
pub fn read_request(message: &JsValue) -> Result<Plan, Error> {
    let mut plan: Plan = parse(message, "plan")?;
    if let Plan::Assemble { trees: t, .. } = &mut plan {
        *t = trees(message, "trees")?;
    }
    Ok(plan)
}

/// The JavaScript form of `reply`.
pub fn reply(reply: &Reply) -> JsValue {
    let object = Object::new();
    let kind = |k: &str| set(&object, "kind", &JsValue::from_str(k));
    match reply {
        Reply::Ready => kind("ready"),
        Reply::Device { device, note } => {
            kind("device");
            set(&object, "device", &JsValue::from_str(device.key()));
            if let Some(note) = note {
                set(&object, "note", &JsValue::from_str(note));
            }
        }
        Reply::Event(JobEvent::Progress { done, total }) => {
            kind("progress");
            set(&object, "done", &JsValue::from(*done as f64));
            set(&object, "total", &JsValue::from(*total as f64));
        }
        Reply::Event(JobEvent::Epoch(record)) => {
            kind("epoch");
            set(&object, "json", &json(record));
        }
        Reply::Event(JobEvent::Trained(t)) => {
            kind("trained");
            // A forest's trees travel packed (a forest on 10⁶ events is megabytes of JSON).
            let model = match &t.model {
                Model::Forest(forest) => {
                    set(
                        &object,
                        "trees",
                        &Float64Array::from(Tree::pack(&forest.trees).as_slice()),
                    );
                    Model::Forest(Forest {
                        trees: Vec::new(),
                        feature_names: forest.feature_names.clone(),
                    })
                }
                other => other.clone(),
            };
            let light = Trained {
                model,
                split: Split {
                    train: Vec::new(),
                    validation: Vec::new(),
                    test: Vec::new(),
                },
                train_scores: Vec::new(),
                test_scores: Vec::new(),
                validation_scores: Vec::new(),
                scaler: t.scaler.clone(),
                train_auc: t.train_auc,
                test_auc: t.test_auc,
                validation_auc: t.validation_auc,
                importances: t.importances.clone(),
                evaluation: None,
            };
            set(&object, "json", &json(&light));
            set(&object, "train", &u32s(&t.split.train));
            set(&object, "validation", &u32s(&t.split.validation));
            set(&object, "test", &u32s(&t.split.test));
            set(
                &object,
                "train_scores",
                &Float64Array::from(t.train_scores.as_slice()),
            );
            set(
                &object,
                "test_scores",
                &Float64Array::from(t.test_scores.as_slice()),
            );
            set(
                &object,
                "validation_scores",
                &Float64Array::from(t.validation_scores.as_slice()),
            );
        }
        Reply::Event(JobEvent::Candidate(row)) => {
            kind("candidate");
            set(&object, "json", &json(row));
        }
        Reply::Event(JobEvent::Searched(search)) => {
            kind("searched");
            set(&object, "json", &json(search));
        }
        Reply::Event(JobEvent::Failed(message)) => {
            kind("failed");
            set(&object, "message", &JsValue::from_str(message));
        }
        Reply::Event(JobEvent::Cancelled) => kind("cancelled"),
        Reply::Event(JobEvent::Grown { from, trees }) => {
            kind("grown");
            set(&object, "from", &JsValue::from(*from as f64));
            set(
                &object,
                "trees",
                &Float64Array::from(Tree::pack(trees).as_slice()),
            );
        }
        Reply::Event(event @ JobEvent::Scored { .. }) => {
            kind("scored");
            set(&object, "json", &json(event));
        }
        Reply::Event(event @ JobEvent::Permuted { .. }) => {
            kind("permuted");
            set(&object, "json", &json(event));
        }
    }
    object.into()
}

/// The typed arrays of a judged model's [`evaluation_message`]: its training events' labels,
/// physical weights and samples (their scores are the model's own, in the message after).
const TRAIN_EVENTS: [&str; 3] = ["train_labels", "train_weights", "train_sample"];
/// The held-out events' (see [`TRAIN_EVENTS`]).
const HELD_EVENTS: [&str; 3] = ["held_labels", "held_weights", "held_sample"];
/// The held-out ROC curve's: false and true positive rates, thresholds.
const ROC: [&str; 3] = ["roc_fpr", "roc_tpr", "roc_thresholds"];

/// The messages that carry `reply` from a worker: one — or, for a model judged where it trained,
/// its evaluation and then the model, so that the page reads each in a task of its own (a model
/// on 10⁶ events and its evaluation are each tens of megabytes to copy in).
pub fn reply_messages(reply: &Reply) -> Vec<JsValue> {
    match reply {
        Reply::Event(JobEvent::Trained(t)) if t.evaluation.is_some() => {
            let evaluation = t.evaluation.as_deref().map(evaluation_message);
            evaluation.into_iter().chain([self::reply(reply)]).collect()
        }
        _ => vec![self::reply(reply)],
    }
}

/// `{kind: "evaluation", …}`: a judged model's evaluation without its scores (the model's own
/// message, which follows, has them).
fn evaluation_message(evaluation: &Evaluation) -> JsValue {
    let object = Object::new();
    set(&object, "kind", &JsValue::from_str("evaluation"));
    put_evaluation(&object, evaluation);
    object.into()
}

/// Puts `evaluation` into `object` (see [`TRAIN_EVENTS`], [`HELD_EVENTS`], [`ROC`]).
fn put_evaluation(object: &Object, evaluation: &Evaluation) {
    let [fpr, tpr, thresholds] = ROC;
    for (scored, [labels, weights, sample]) in [
        (&evaluation.train, TRAIN_EVENTS),
        (&evaluation.test, HELD_EVENTS),
    ] {
        set(object, labels, &Uint8Array::from(scored.labels.as_slice()));
        set(
            object,
            weights,
            &Float64Array::from(scored.weights.as_slice()),
        );
        set(object, sample, &Uint16Array::from(scored.sample.as_slice()));
    }
    let roc = &evaluation.roc;
    set(
        object,
        fpr,
        &Float64Array::from(roc.false_positive_rate.as_slice()),
    );
    set(
        object,
        tpr,
        &Float64Array::from(roc.true_positive_rate.as_slice()),
    );
    set(
        object,
        thresholds,
        &Float64Array::from(roc.thresholds.as_slice()),
    );
    set(
        object,
        "held_out",
        &JsValue::from_str(evaluation.held_out.noun()),
    );
    set(object, "train_auc", &JsValue::from(evaluation.train_auc));
    set(object, "test_auc", &JsValue::from(evaluation.test_auc));
}

/// The evaluation in an [`evaluation_message`], its scores still empty.
fn read_evaluation(message: &JsValue) -> Result<Evaluation, Error> {
    let noun = get(message, "held_out")?.as_string();
    let held_out = [HeldOut::Test, HeldOut::Validation]
        .into_iter()
        .find(|h| noun.as_deref() == Some(h.noun()))
        .ok_or(Error::Field("held_out"))?;
    let [fpr, tpr, thresholds] = ROC;
    let scored = |[labels, weights, sample]: [&'static str; 3]| {
        Ok::<_, Error>(Scored {
            scores: Vec::new(),
            labels: typed::<Uint8Array>(message, labels)?.to_vec(),
            weights: typed::<Float64Array>(message, weights)?.to_vec(),
            sample: typed::<Uint16Array>(message, sample)?.to_vec(),
        })
    };
    let number = |field| get(message, field)?.as_f64().ok_or(Error::Field(field));
    let floats = |field| typed::<Float64Array>(message, field).map(|a| a.to_vec());
    Ok(Evaluation {
        train: scored(TRAIN_EVENTS)?,
        test: scored(HELD_EVENTS)?,
        roc: RocCurve {
            false_positive_rate: floats(fpr)?,
            true_positive_rate: floats(tpr)?,
            thresholds: floats(thresholds)?,
        },
        test_auc: number("test_auc")?,
        train_auc: number("train_auc")?,
        held_out,
    })
}

/// `evaluation` (read without scores) given `trained`'s scores, checked to be its events'.
fn scored_by(mut evaluation: Evaluation, trained: &Trained) -> Result<Evaluation, Error> {
    let held_scores = match evaluation.held_out {
        HeldOut::Test => &trained.test_scores,
        HeldOut::Validation => &trained.validation_scores,
    };
    for (scored, scores) in [
        (&mut evaluation.train, &trained.train_scores),
        (&mut evaluation.test, held_scores),
    ] {
        let n = scores.len();
        if [
            scored.labels.len(),
            scored.weights.len(),
            scored.sample.len(),
        ] != [n; 3]
        {
            return Err(Error::Field("evaluation"));
        }
        scored.scores = scores.clone();
    }
    Ok(evaluation)
}

/// Reads a worker's replies on the page, putting back together what [`reply_messages`] sent in
/// parts.
#[derive(Debug, Default)]
pub struct ReplyReader {
    evaluation: Option<Evaluation>,
}

impl ReplyReader {
    /// The reply `message` completes (`None`: it is the first part of one), or why it could not
    /// be read.
    pub fn read(&mut self, message: &JsValue) -> Option<Result<Reply, Error>> {
        let kind = get(message, "kind").ok().and_then(|k| k.as_string());
        if kind.as_deref() == Some("evaluation") {
            return match read_evaluation(message) {
                Ok(evaluation) => {
                    self.evaluation = Some(evaluation);
                    None
                }
                Err(e) => Some(Err(e)),
            };
        }
        let mut reply = read_reply(message);
        if let Ok(Reply::Event(JobEvent::Trained(t))) = &mut reply
            && let Some(evaluation) = self.evaluation.take()
        {
            match scored_by(evaluation, t) {
                Ok(evaluation) => t.evaluation = Some(Box::new(evaluation)),
                Err(e) => return Some(Err(e)),
            }
        }
        Some(reply)
    }
}

/// The buffers of `message`'s typed arrays (a [`reply`]'s scores, split and trees), to transfer
/// rather than copy: a model trained on 10⁶ events sends 10⁶ scores and rows, and a copy made
/// while the page reads the message holds the page for tens of milliseconds.
pub fn transferable(message: &JsValue) -> Array {
    let fields = [
        "train",
        "validation",
        "test",
        "train_scores",
        "test_scores",
        "validation_scores",
        "trees",
    ]
    .into_iter()
    .chain(TRAIN_EVENTS)
    .chain(HELD_EVENTS)
    .chain(ROC);
    fields
        .filter_map(|field| get(message, field).ok())
        .filter_map(|value| Reflect::get(&value, &"buffer".into()).ok())
        .filter(|buffer| buffer.is_instance_of::<js_sys::ArrayBuffer>())
        .collect()
}

/// The reply in `message`.
pub fn read_reply(message: &JsValue) -> Result<Reply, Error> {
    let kind = get(message, "kind")?
        .as_string()
        .ok_or(Error::Field("kind"))?;
    let number = |field| {
        get(message, field)?
            .as_f64()
            .map(|x| x as usize)
            .ok_or(Error::Field(field))
    };
    let text = |field| get(message, field)?.as_string().ok_or(Error::Field(field));
    Ok(match kind.as_str() {
        "ready" => Reply::Ready,
        "device" => Reply::Device {
            device: Device::from_key(&text("device")?).ok_or(Error::Field("device"))?,
            note: text("note").ok(),
        },
        "progress" => Reply::Event(JobEvent::Progress {
            done: number("done")?,
            total: number("total")?,
        }),
        "epoch" => Reply::Event(JobEvent::Epoch(parse::<EpochRecord>(message, "json")?)),
        "trained" => {
            let mut t: Trained = parse(message, "json")?;
            if let Model::Forest(forest) = &mut t.model {
                forest.trees = trees(message, "trees")?;
            }
            t.split = Split {
                train: indices(message, "train")?,
                validation: indices(message, "validation")?,
                test: indices(message, "test")?,
            };
            t.train_scores = typed::<Float64Array>(message, "train_scores")?.to_vec();
            t.test_scores = typed::<Float64Array>(message, "test_scores")?.to_vec();
            t.validation_scores = typed::<Float64Array>(message, "validation_scores")?.to_vec();
            Reply::Event(JobEvent::Trained(Box::new(t)))
        }
        "candidate" => Reply::Event(JobEvent::Candidate(parse(message, "json")?)),
        "searched" => Reply::Event(JobEvent::Searched(parse::<GridSearch>(message, "json")?)),
        "failed" => Reply::Event(JobEvent::Failed(text("message")?)),
        "cancelled" => Reply::Event(JobEvent::Cancelled),
        "grown" => Reply::Event(JobEvent::Grown {
            from: number("from")?,
            trees: trees(message, "trees")?,
        }),
        "scored" | "permuted" => Reply::Event(parse::<JobEvent>(message, "json")?),
        _ => return Err(Error::Field("kind")),
    })
}

/// The message for a playground `command`: `{playground: JSON}`.
pub fn command(command: &Command) -> JsValue {
    let object = Object::new();
    set(&object, "playground", &json(command));
    object.into()
}

/// The playground command in `message`; `None` when it is a training request instead.
pub fn read_command(message: &JsValue) -> Option<Result<Command, Error>> {
    get(message, "playground")
        .ok()
        .map(|_| parse(message, "playground"))
}

/// The JavaScript form of a playground `answer`: `{kind: "playground", json, grid}`, a snapshot's
/// probabilities as a `Float32Array` next to its JSON.
pub fn answer(answer: &Answer) -> JsValue {
    let object = Object::new();
    set(&object, "kind", &JsValue::from_str("playground"));
    match answer {
        Answer::Stepped(snapshot) => {
            let light = Answer::Stepped(Snapshot {
                grid: Vec::new(),
                ..snapshot.clone()
            });
            set(&object, "json", &json(&light));
            set(
                &object,
                "grid",
                &Float32Array::from(snapshot.grid.as_slice()),
            );
        }
        other => set(&object, "json", &json(other)),
    }
    object.into()
}

/// The playground answer in `message`; `None` when it is a training reply instead.
pub fn read_answer(message: &JsValue) -> Option<Result<Answer, Error>> {
    let kind = get(message, "kind").ok()?.as_string()?;
    (kind == "playground").then(|| {
        let mut answer: Answer = parse(message, "json")?;
        if let Answer::Stepped(s) = &mut answer {
            s.grid = typed::<Float32Array>(message, "grid")?.to_vec();
        }
        Ok(answer)
    })
}

/// The message that asks a worker to make the challenge `fresh`.
pub fn challenge_order(fresh: &FreshChallenge) -> JsValue {
    let object = Object::new();
    set(&object, "challenge", &json(fresh));
    object.into()
}

/// The fresh challenge ordered in `message`; `None` when it is another request.
pub fn read_challenge_order(message: &JsValue) -> Option<Result<FreshChallenge, Error>> {
    get(message, "challenge")
        .ok()
        .map(|_| parse(message, "challenge"))
}

/// The made challenge: its unlabelled sample and its answer key, both CSV.
pub fn made_challenge(sample: &str, key: &str) -> JsValue {
    let object = Object::new();
    set(&object, "kind", &JsValue::from_str("challenge"));
    set(&object, "sample", &JsValue::from_str(sample));
    set(&object, "key", &JsValue::from_str(key));
    object.into()
}

/// The sample and key in `message`; `None` when it is another reply.
pub fn read_made_challenge(message: &JsValue) -> Option<Result<(String, String), Error>> {
    let kind = get(message, "kind").ok()?.as_string()?;
    (kind == "challenge").then(|| {
        let text = |field| get(message, field)?.as_string().ok_or(Error::Field(field));
        Ok((text("sample")?, text("key")?))
    })
}

/// The message that asks a worker to read the student's CSV `file`: `{csv: File}` (a `File` is
/// cloned to the worker as a handle; its bytes are read there).
pub fn csv_order(file: &web_sys::File) -> JsValue {
    let object = Object::new();
    set(&object, "csv", file);
    object.into()
}

/// The file in `message`; `None` when it is another request.
pub fn read_csv_order(message: &JsValue) -> Option<Result<web_sys::File, Error>> {
    get(message, "csv").ok().map(|_| typed(message, "csv"))
}

/// A column's kind as it travels.
fn kind_key(kind: ColumnKind) -> &'static str {
    match kind {
        ColumnKind::Integer => "integer",
        ColumnKind::Float => "float",
        ColumnKind::Categorical => "text",
    }
}

fn kind_of_key(key: &str) -> Option<ColumnKind> {
    [
        ColumnKind::Integer,
        ColumnKind::Float,
        ColumnKind::Categorical,
    ]
    .into_iter()
    .find(|&k| kind_key(k) == key)
}

/// How far the worker has read: `{kind: "reading", bytes, rows}`.
pub fn reading(progress: &Progress) -> JsValue {
    let object = Object::new();
    set(&object, "kind", &JsValue::from_str("reading"));
    set(&object, "bytes", &JsValue::from(progress.bytes_read as f64));
    set(&object, "rows", &JsValue::from(progress.rows_read as f64));
    object.into()
}

/// The table the worker read, `{kind: "table", rows, parse_ms, columns}` with each column
/// `{name, kind, missing, nan, infinite, values, sorted?, levels?}`, and the list of buffers to
/// transfer with it: one typed array per column (`Float64Array` of values, or `Uint32Array` of
/// codes next to the texts they stand for), so 10⁶ events cross without a copy. A numeric
/// column also brings its rows in value order (`sorted`, a `Uint32Array`), worked out here so
/// that the page's first scan of a variable does not sort 10⁶ events. Each column's memory is
/// freed as soon as its arrays are made. Plain properties, not JSON: the page's first download
/// stays smaller without a JSON reader for these shapes.
pub fn table_read(table: Table, parse_ms: f64) -> (JsValue, Array) {
    let rows = table.n_rows();
    let columns = Array::new();
    let transfer = Array::new();
    let sorted: Vec<Option<Uint32Array>> = table
        .columns()
        .iter()
        .map(|c| {
            let rows = table.sorted_rows(&c.name).ok()?;
            Some(Uint32Array::from(&rows[..]))
        })
        .collect();
    for (column, sorted) in table.into_columns().into_iter().zip(sorted) {
        let head = Object::new();
        if let Some(sorted) = sorted {
            transfer.push(&sorted.buffer());
            set(&head, "sorted", &sorted);
        }
        set(&head, "name", &JsValue::from_str(&column.name));
        set(&head, "kind", &JsValue::from_str(kind_key(column.kind)));
        for (field, count) in [
            ("missing", column.issues.missing),
            ("nan", column.issues.nan),
            ("infinite", column.issues.infinite),
        ] {
            set(&head, field, &JsValue::from(count as f64));
        }
        let values: JsValue = match column.data {
            ColumnData::Numeric(values) => Float64Array::from(values.as_slice()).into(),
            ColumnData::Categorical { codes, levels } => {
                let texts: Array = levels.iter().map(|l| JsValue::from_str(l)).collect();
                set(&head, "levels", &texts);
                Uint32Array::from(codes.as_slice()).into()
            }
        };
        if let Ok(buffer) = Reflect::get(&values, &"buffer".into()) {
            transfer.push(&buffer);
        }
        set(&head, "values", &values);
        columns.push(&head);
    }
    let object = Object::new();
    set(&object, "kind", &JsValue::from_str("table"));
    set(&object, "rows", &JsValue::from(rows as f64));
    set(&object, "parse_ms", &JsValue::from(parse_ms));
    set(&object, "columns", &columns);
    (object.into(), transfer)
}

/// What a worker reading a CSV file says.
pub enum CsvReply {
    /// It has got this far.
    Reading(Progress),
    /// The table, to be rebuilt a column at a time.
    Read(TableParts),
}

/// The worker's answer to a [`csv_order`], or `None` for another kind of reply (a failure
/// comes as [`Reply`]'s `failed`).
pub fn read_csv_reply(message: &JsValue) -> Option<Result<CsvReply, Error>> {
    let kind = get(message, "kind").ok()?.as_string()?;
    match kind.as_str() {
        "reading" => Some((|| {
            let number = |field| get(message, field)?.as_f64().ok_or(Error::Field(field));
            Ok(CsvReply::Reading(Progress {
                bytes_read: number("bytes")? as u64,
                rows_read: number("rows")? as usize,
            }))
        })()),
        "table" => Some((|| {
            let number = |field| get(message, field)?.as_f64().ok_or(Error::Field(field));
            Ok(CsvReply::Read(TableParts {
                rows: number("rows")? as usize,
                parse_ms: number("parse_ms")?,
                columns: typed(message, "columns")?,
            }))
        })()),
        _ => None,
    }
}

/// A table as it arrived from the worker: rebuilt a column at a time (each a copy of 10⁶ values
/// into this page's memory), so that no single step blocks the page.
pub struct TableParts {
    rows: usize,
    parse_ms: f64,
    columns: Array,
}

impl TableParts {
    /// Number of columns.
    pub fn n_columns(&self) -> usize {
        self.columns.length() as usize
    }

    /// Milliseconds the worker took to read the file.
    pub fn parse_ms(&self) -> f64 {
        self.parse_ms
    }

    /// Column `index`'s rows in value order as the worker worked them out (the table checks them
    /// before keeping them), if it sent them.
    pub fn sorted_rows(&self, index: usize) -> Option<Vec<u32>> {
        let head = self.columns.get(index as u32);
        typed::<Uint32Array>(&head, "sorted")
            .ok()
            .map(|rows| rows.to_vec())
    }

    /// Column `index`, copied into this page's memory; its values must have the table's length.
    pub fn column(&self, index: usize) -> Result<Column, Error> {
        let head = self.columns.get(index as u32);
        let text = |field| get(&head, field)?.as_string().ok_or(Error::Field(field));
        let count = |field| {
            get(&head, field)?
                .as_f64()
                .map(|n| n as usize)
                .ok_or(Error::Field(field))
        };
        let kind = kind_of_key(&text("kind")?).ok_or(Error::Field("kind"))?;
        let data = match kind {
            ColumnKind::Categorical => ColumnData::Categorical {
                codes: typed::<Uint32Array>(&head, "values")?.to_vec(),
                levels: typed::<Array>(&head, "levels")?
                    .iter()
                    .map(|l| l.as_string().ok_or(Error::Field("levels")))
                    .collect::<Result<_, _>>()?,
            },
            ColumnKind::Integer | ColumnKind::Float => {
                ColumnData::Numeric(typed::<Float64Array>(&head, "values")?.to_vec())
            }
        };
        let column = Column {
            name: text("name")?,
            kind,
            data,
            issues: ValueIssues {
                missing: count("missing")?,
                nan: count("nan")?,
                infinite: count("infinite")?,
            },
        };
        if column.len() != self.rows {
            return Err(Error::Field("values"));
        }
        Ok(column)
    }
}
