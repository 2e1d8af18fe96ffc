//! The playground's worker: the CPU training worker, holding one learning session, spoken to in
//! the engine's playground commands (`state::playground`). Commands sent before the worker has
//! loaded wait for it. Dropping the handle stops the worker.

use std::cell::RefCell;
use std::rc::Rc;

use fivesigma_engine::state::Reply;
use fivesigma_engine::state::playground::{Answer, Command};
use fivesigma_worker::protocol;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;
use web_sys::{ErrorEvent, MessageEvent, Worker};

use super::fetch::js_message;
use super::training::{CPU_WORKER, stopped};

/// A running playground worker.
pub struct PlaygroundWorker {
    worker: Worker,
    /// Commands waiting for the worker to load (`None` once it has).
    waiting: Rc<RefCell<Option<Vec<Command>>>>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(ErrorEvent)>,
}

impl PlaygroundWorker {
    /// Starts the worker; `on_answer` hears each answer (a worker that cannot load or crashes
    /// arrives as [`Answer::Failed`]).
    pub fn start(on_answer: impl Fn(Answer) + 'static) -> Result<Self, String> {
        let worker = Worker::new(CPU_WORKER).map_err(|e| {
            format!(
                "The playground's worker could not be started: {}",
                js_message(&e)
            )
        })?;
        let on_answer = Rc::new(on_answer);
        let waiting: Rc<RefCell<Option<Vec<Command>>>> = Rc::new(RefCell::new(Some(Vec::new())));
        let on_message = {
            let (on_answer, waiting, worker) = (on_answer.clone(), waiting.clone(), worker.clone());
            Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
                let data = event.data();
                if let Some(answer) = protocol::read_answer(&data) {
                    on_answer(answer.unwrap_or_else(|e| Answer::Failed(e.to_string())));
                } else if let Ok(Reply::Ready) = protocol::read_reply(&data) {
                    for command in waiting.borrow_mut().take().unwrap_or_default() {
                        let _ = worker.post_message(&protocol::command(&command));
                    }
                }
            })
        };
        let on_error = Closure::<dyn FnMut(ErrorEvent)>::new(move |event: ErrorEvent| {
            on_answer(Answer::Failed(stopped("playground's worker", &event)));
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Ok(Self {
            worker,
            waiting,
            _on_message: on_message,
            _on_error: on_error,
        })
    }

    /// Sends `command` (now, or as soon as the worker has loaded).
    pub fn send(&self, command: Command) -> Result<(), String> {
        if let Some(queue) = self.waiting.borrow_mut().as_mut() {
            queue.push(command);
            return Ok(());
        }
        self.worker
            .post_message(&protocol::command(&command))
            .map_err(|e| format!("The command could not reach the worker: {}", js_message(&e)))
    }
}

impl Drop for PlaygroundWorker {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}
