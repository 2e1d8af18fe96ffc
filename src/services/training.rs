//! A training worker: start one (the CPU worker, or the WebGPU worker, fetched only when a
//! WebGPU training starts), send it a job, hear its replies; cancel by terminating it. One worker
//! per training, so a cancelled or crashed run leaves nothing behind.

use fivesigma_engine::ml::{JobEvent, Plan, TrainingData};
use fivesigma_engine::state::{Device, Reply};
use fivesigma_worker::protocol;
use wasm_bindgen::prelude::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{ErrorEvent, MessageEvent, Worker};

use super::fetch::js_message;

/// The loader script Trunk writes next to `index.html` for the worker that trains on `device`
/// (relative: works from any sub-path). The GPU worker falls back to the CPU inside itself if no
/// device is granted.
fn script(device: Device) -> &'static str {
    match device {
        Device::Cpu => "./train-cpu_loader.js",
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
}

impl Drop for Running {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}

/// The message that asks a worker to run `plan` on `data`: built once, it can be posted to more
/// than one worker (each gets its own structured clone).
pub fn request(plan: &Plan, data: &TrainingData) -> JsValue {
    protocol::request(plan, Some(data))
}

/// Sends `request` to a new worker for `device`; `on_reply` hears every reply, and a worker that
/// fails to load or crashes arrives as a [`JobEvent::Failed`] with the browser's message.
pub fn start(
    device: Device,
    request: JsValue,
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
            match protocol::read_reply(&event.data()) {
                Ok(Reply::Ready) => {
                    if let Err(e) = worker.post_message(&request) {
                        on_reply(Reply::Event(JobEvent::Failed(format!(
                            "The job could not be sent to the worker: {}",
                            js_message(&e)
                        ))));
                    }
                }
                Ok(reply) => on_reply(reply),
                Err(e) => on_reply(Reply::Event(JobEvent::Failed(e.to_string()))),
            }
        })
    };
    let on_error = Closure::<dyn FnMut(ErrorEvent)>::new(move |event: ErrorEvent| {
        let detail = event.message();
        let detail = if detail.is_empty() {
            "it could not be loaded".to_owned()
        } else {
            detail
        };
        on_reply(Reply::Event(JobEvent::Failed(format!(
            "The training worker stopped: {detail}."
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
