//! A teacher's fresh challenge, made off the page's thread: the CPU worker runs the CMS generator
//! on the seed and size the engine checked (`state::board::FreshChallenge`) and sends back the
//! unlabelled sample and its answer key. The worker lives for one challenge.

use std::cell::RefCell;
use std::rc::Rc;

use fivesigma_engine::ml::JobEvent;
use fivesigma_engine::state::Reply;
use fivesigma_engine::state::board::FreshChallenge;
use fivesigma_worker::protocol;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;
use wasm_bindgen_futures::JsFuture;
use web_sys::{ErrorEvent, MessageEvent, Worker};

use super::fetch::js_message;
use super::training::{CPU_WORKER, stopped};

/// A made challenge's two files.
#[derive(Debug, Clone, PartialEq)]
pub struct MadeChallenge {
    /// The unlabelled events, for the students.
    pub sample_csv: String,
    /// The truth and weights, for the board.
    pub key_csv: String,
}

type Outcome = Rc<RefCell<Option<Result<MadeChallenge, String>>>>;

/// Makes `fresh` in a CPU worker; a worker that cannot start or stops says why.
pub async fn make(fresh: FreshChallenge) -> Result<MadeChallenge, String> {
    let worker = Worker::new(CPU_WORKER).map_err(|e| {
        format!(
            "The worker that makes the challenge could not start: {}",
            js_message(&e)
        )
    })?;
    let outcome: Outcome = Rc::default();
    let mut resolve = None;
    // The executor runs at once: `resolve` is set before the promise is returned.
    let settled = js_sys::Promise::new(&mut |done, _| resolve = Some(done));
    let resolve = resolve.ok_or("the browser did not start a promise")?;
    let settle = {
        let outcome = outcome.clone();
        move |result: Result<MadeChallenge, String>| {
            *outcome.borrow_mut() = Some(result);
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
        }
    };
    let on_message = {
        let (worker, settle) = (worker.clone(), settle.clone());
        Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            let data = event.data();
            if let Some(made) = protocol::read_made_challenge(&data) {
                return settle(
                    made.map(|(sample_csv, key_csv)| MadeChallenge {
                        sample_csv,
                        key_csv,
                    })
                    .map_err(|e| e.to_string()),
                );
            }
            match protocol::read_reply(&data) {
                // Posted before the worker listens, the order would be lost: it waits for this.
                Ok(Reply::Ready) => {
                    if let Err(e) = worker.post_message(&protocol::challenge_order(&fresh)) {
                        settle(Err(format!(
                            "The order could not reach the worker: {}",
                            js_message(&e)
                        )));
                    }
                }
                Ok(Reply::Event(JobEvent::Failed(message))) => settle(Err(message)),
                _ => {}
            }
        })
    };
    let on_error = Closure::<dyn FnMut(ErrorEvent)>::new(move |event: ErrorEvent| {
        settle(Err(stopped("worker that makes the challenge", &event)));
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    let _ = JsFuture::from(settled).await;
    worker.set_onmessage(None);
    worker.set_onerror(None);
    worker.terminate();
    outcome
        .borrow_mut()
        .take()
        .unwrap_or_else(|| Err("the worker ended without a challenge".into()))
}
