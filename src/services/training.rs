//! A training worker: start one (the CPU worker, or the WebGPU worker, fetched only when a
//! WebGPU training starts), send it a job, hear its replies; cancel by terminating it. One worker
//! per training — or per share of it in a pool — so a cancelled or crashed run leaves nothing
//! behind.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use fivesigma_engine::ml::{JobEvent, Plan, TrainingEvents};
use fivesigma_engine::state::{Device, Reply};
use fivesigma_worker::protocol;
use leptos::prelude::set_timeout;
use wasm_bindgen::prelude::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{ErrorEvent, MessageEvent, Worker};

use super::fetch::js_message;

/// The loader script Trunk writes next to `index.html` for the CPU worker (relative: works from
/// any sub-path). The playground and the board's challenge maker talk to it too.
pub const CPU_WORKER: &str = "./train-cpu_loader.js";

/// What to say when `worker` (its name in words) reports `event`: it crashed, or never loaded.
pub fn stopped(worker: &str, event: &ErrorEvent) -> String {
    let detail = event.message();
    let detail = if detail.is_empty() {
        "it could not be loaded".to_owned()
    } else {
        detail
    };
    format!("The {worker} stopped: {detail}.")
}

/// The loader script for the worker that trains on `device`. The GPU worker falls back to the
/// CPU inside itself if no device is granted.
fn script(device: Device) -> &'static str {
    match device {
        Device::Cpu => CPU_WORKER,
        Device::WebGpu => "./train-gpu_loader.js",
    }
}

/// What hears a worker's replies.
type Report = Rc<dyn Fn(Reply)>;

/// The way to one worker: its handle, whether the page still holds it, what hears it, and the
/// requests waiting for events still crossing to it.
#[derive(Clone)]
struct Line {
    worker: Worker,
    alive: Rc<Cell<bool>>,
    report: Report,
    /// Whether events are crossing (a part per task).
    loading: Rc<Cell<bool>>,
    /// Requests sent meanwhile: they follow the events' last part (posted now, a request would
    /// reach the worker before its events — a pool's piece sent to a worker still loading).
    waiting: Rc<RefCell<Vec<JsValue>>>,
}

impl Line {
    /// Posts `events`' parts, one per task (each copies one column out of the page's memory and
    /// moves it to the worker), then `request` if any. A request without events waits for any
    /// events still crossing. A worker stopped meanwhile gets nothing more.
    fn send(self, request: Option<JsValue>, events: Option<TrainingEvents>, part: usize) {
        if !self.alive.get() {
            return;
        }
        let Some(events) = events else {
            match request {
                Some(request) if self.loading.get() => self.waiting.borrow_mut().push(request),
                Some(request) => self.post_request(&request),
                None => {}
            }
            return;
        };
        self.loading.set(true);
        let Some((message, transfer)) = protocol::event_part(&events, part) else {
            self.loading.set(false);
            let waiting = std::mem::take(&mut *self.waiting.borrow_mut());
            for request in request.into_iter().chain(waiting) {
                self.post_request(&request);
            }
            return;
        };
        if let Err(e) = self.worker.post_message_with_transfer(&message, &transfer) {
            return self.failed(&e);
        }
        set_timeout(
            move || self.send(request, Some(events), part + 1),
            std::time::Duration::ZERO,
        );
    }

    /// Posts `request` (a forest's trees to assemble move too).
    fn post_request(&self, request: &JsValue) {
        let transfer = protocol::transferable(request);
        if let Err(e) = self.worker.post_message_with_transfer(request, &transfer) {
            self.failed(&e);
        }
    }

    fn failed(&self, e: &JsValue) {
        (self.report)(Reply::Event(JobEvent::Failed(format!(
            "The job could not be sent to the worker: {}",
            js_message(e)
        ))));
    }
}

/// A training in progress. Dropping it stops the worker.
pub struct Running {
    line: Line,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(ErrorEvent)>,
}

impl Running {
    /// Stops the training now (the worker is terminated mid-step).
    pub fn cancel(&self) {
        self.line.worker.terminate();
    }

    /// Sends the worker `plan` (a pool's next piece), after `events` when it has not had them.
    pub fn send(&self, plan: &Plan, events: Option<TrainingEvents>) {
        self.line
            .clone()
            .send(Some(protocol::request(plan)), events, 0);
    }

    /// Sends the worker `events` alone (its piece comes later).
    pub fn load(&self, events: TrainingEvents) {
        self.line.clone().send(None, Some(events), 0);
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        // Unhooked first: a pool's other workers may have a message or an error already queued,
        // and it must find no handler rather than a freed closure.
        self.line.alive.set(false);
        self.line.worker.set_onmessage(None);
        self.line.worker.set_onerror(None);
        self.line.worker.terminate();
    }
}

/// Sends `plan` on `events` to a new worker for `device` once it is ready; `on_reply` hears every
/// reply, and a worker that fails to load or crashes arrives as a [`JobEvent::Failed`] with the
/// browser's message.
pub fn start(
    device: Device,
    plan: &Plan,
    events: TrainingEvents,
    on_reply: impl Fn(Reply) + 'static,
) -> Result<Running, String> {
    open(device, Some((protocol::request(plan), events)), on_reply)
}

/// A new worker for `device` whose every reply, [`Reply::Ready`] included, goes to `on_reply`:
/// the caller sends its jobs ([`Running::send`]) once it is ready.
pub fn spawn(device: Device, on_reply: impl Fn(Reply) + 'static) -> Result<Running, String> {
    open(device, None, on_reply)
}

fn open(
    device: Device,
    mut first: Option<(JsValue, TrainingEvents)>,
    on_reply: impl Fn(Reply) + 'static,
) -> Result<Running, String> {
    let worker = Worker::new(script(device)).map_err(|e| {
        format!(
            "The training worker could not be started: {}",
            js_message(&e)
        )
    })?;
    let line = Line {
        worker,
        alive: Rc::new(Cell::new(true)),
        report: Rc::new(on_reply),
        loading: Rc::new(Cell::new(false)),
        waiting: Rc::new(RefCell::new(Vec::new())),
    };
    // Sent when the worker says it is listening (a message posted while its wasm is still
    // loading would be lost).
    let on_message = {
        let line = line.clone();
        // A judged model comes in two messages (its evaluation, then the model).
        let mut reader = protocol::ReplyReader::default();
        Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            let Some(reply) = reader.read(&event.data()) else {
                return;
            };
            match reply {
                Ok(Reply::Ready) if first.is_some() => {
                    if let Some((request, events)) = first.take() {
                        line.clone().send(Some(request), Some(events), 0);
                    }
                }
                Ok(reply) => (line.report)(reply),
                Err(e) => (line.report)(Reply::Event(JobEvent::Failed(e.to_string()))),
            }
        })
    };
    let on_error = {
        let report = line.report.clone();
        Closure::<dyn FnMut(ErrorEvent)>::new(move |event: ErrorEvent| {
            report(Reply::Event(JobEvent::Failed(stopped(
                "training worker",
                &event,
            ))));
        })
    };
    line.worker
        .set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    line.worker
        .set_onerror(Some(on_error.as_ref().unchecked_ref()));
    Ok(Running {
        line,
        _on_message: on_message,
        _on_error: on_error,
    })
}
