//! A worker that runs one errand and ends: started, sent its order once it says it is ready,
//! listened to until its answer comes (or it fails, or stops), then terminated — so the memory it
//! used goes back at once. A teacher's fresh challenge and a student's CSV file are errands.

use std::cell::RefCell;
use std::rc::Rc;

use fivesigma_engine::ml::JobEvent;
use fivesigma_engine::state::Reply;
use fivesigma_worker::protocol;
use wasm_bindgen::prelude::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{ErrorEvent, MessageEvent, Worker};

use super::fetch::js_message;
use super::training::{CPU_WORKER, stopped};

type Outcome<T> = Rc<RefCell<Option<Result<T, String>>>>;

/// Sends `order` to a fresh CPU worker (`what` names it in messages: "worker that reads the
/// file") and gives what `answer` makes of its messages: `None` while the errand goes on (a
/// progress message, say), `Some` when it is done. A worker that cannot start, fails or stops
/// says why.
pub async fn run<T: 'static>(
    what: &'static str,
    order: JsValue,
    mut answer: impl FnMut(&JsValue) -> Option<Result<T, String>> + 'static,
) -> Result<T, String> {
    let worker = Worker::new(CPU_WORKER)
        .map_err(|e| format!("The {what} could not start: {}", js_message(&e)))?;
    let outcome: Outcome<T> = Rc::new(RefCell::new(None));
    let mut resolve = None;
    // The executor runs at once: `resolve` is set before the promise is returned.
    let settled = js_sys::Promise::new(&mut |done, _| resolve = Some(done));
    let resolve = resolve.ok_or("the browser did not start a promise")?;
    let settle = {
        let outcome = outcome.clone();
        move |result: Result<T, String>| {
            // The first answer counts (a late error after the answer changes nothing).
            let mut slot = outcome.borrow_mut();
            if slot.is_none() {
                *slot = Some(result);
                let _ = resolve.call0(&JsValue::NULL);
            }
        }
    };
    let settle = Rc::new(settle);
    let on_message = {
        let (worker, settle) = (worker.clone(), settle.clone());
        Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            let data = event.data();
            if let Some(done) = answer(&data) {
                return settle(done);
            }
            match protocol::read_reply(&data) {
                // Posted before the worker listens, the order would be lost: it waits for this.
                Ok(Reply::Ready) => {
                    if let Err(e) = worker.post_message(&order) {
                        settle(Err(format!(
                            "The order could not reach the {what}: {}",
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
        settle(Err(stopped(what, &event)));
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
        .unwrap_or_else(|| Err(format!("the {what} ended without an answer")))
}
