//! A training worker: start one (the CPU worker, or the WebGPU worker, fetched only when a
//! WebGPU training starts), send it a job, hear its replies; cancel by terminating it. One worker
//! per training — or per share of it in a pool — so a cancelled or crashed run leaves nothing
//! behind.

use fivesigma_engine::ml::{JobEvent, Plan, TrainingData};
use fivesigma_engine::state::{Device, Reply};
use fivesigma_worker::protocol;
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

/// A training in progress. Dropping it stops the worker.
pub struct Running {
    worker: Worker,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(ErrorEvent)>,
}

impl Running {
    /// Stops the training now (the worker is terminated mid-step).
    pub fn cancel(&self) {
        self.worker.terminate();
    }

    /// Sends the worker another message (a pool's next piece).
    pub fn post(&self, message: &JsValue) -> Result<(), String> {
        self.worker.post_message(message).map_err(|e| {
            format!(
                "The job could not be sent to the worker: {}",
                js_message(&e)
            )
        })
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        // Unhooked first: a pool's other workers may have a message or an error already queued,
        // and it must find no handler rather than a freed closure.
        self.worker.set_onmessage(None);
        self.worker.set_onerror(None);
        self.worker.terminate();
    }
}

/// The message that asks a worker to run `plan` on `data`: built once, it can be posted to more
/// than one worker (each gets its own structured clone).
pub fn request(plan: &Plan, data: &TrainingData) -> JsValue {
    protocol::request(plan, Some(data))
}

/// The message for a pool's piece `plan`, with `events` (a [`request`] made once for the run)
/// when the worker has not had them yet.
pub fn piece(plan: &Plan, events: Option<&JsValue>) -> JsValue {
    protocol::piece(plan, events)
}

/// Sends `request` to a new worker for `device`; `on_reply` hears every reply, and a worker that
/// fails to load or crashes arrives as a [`JobEvent::Failed`] with the browser's message.
pub fn start(
    device: Device,
    request: JsValue,
    on_reply: impl Fn(Reply) + 'static,
) -> Result<Running, String> {
    open(device, Some(request), on_reply)
}

/// A new worker for `device` whose every reply, [`Reply::Ready`] included, goes to `on_reply`:
/// the caller posts its jobs ([`Running::post`]) once it is ready.
pub fn spawn(device: Device, on_reply: impl Fn(Reply) + 'static) -> Result<Running, String> {
    open(device, None, on_reply)
}

fn open(
    device: Device,
    request: Option<JsValue>,
    on_reply: impl Fn(Reply) + 'static,
) -> Result<Running, String> {
    let worker = Worker::new(script(device)).map_err(|e| {
        format!(
            "The training worker could not be started: {}",
            js_message(&e)
        )
    })?;
    let on_reply = std::rc::Rc::new(on_reply);
    // Sent when the worker says it is listening (a message posted while its wasm is still
    // loading would be lost).
    let on_message = {
        let on_reply = on_reply.clone();
        let worker = worker.clone();
        Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            match (protocol::read_reply(&event.data()), &request) {
                (Ok(Reply::Ready), Some(request)) => {
                    if let Err(e) = worker.post_message(request) {
                        on_reply(Reply::Event(JobEvent::Failed(format!(
                            "The job could not be sent to the worker: {}",
                            js_message(&e)
                        ))));
                    }
                }
                (Ok(reply), _) => on_reply(reply),
                (Err(e), _) => on_reply(Reply::Event(JobEvent::Failed(e.to_string()))),
            }
        })
    };
    let on_error = Closure::<dyn FnMut(ErrorEvent)>::new(move |event: ErrorEvent| {
        on_reply(Reply::Event(JobEvent::Failed(stopped(
            "training worker",
            &event,
        ))));
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    Ok(Running {
        worker,
        _on_message: on_message,
        _on_error: on_error,
    })
}
