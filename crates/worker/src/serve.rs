//! The worker side: wait for a request, run its job, post what happens. Progress is posted at most
//! every [`PROGRESS_INTERVAL_MS`] (a network's batches would otherwise flood the page); epochs and
//! the result always. One worker runs one job: the app cancels by terminating it. The playground
//! talks to the CPU worker in commands, one step at a time (the page asks for the next step when
//! it has drawn the last, so pausing is simply not asking). A teacher's fresh challenge is made
//! here too: a few seconds of generating that must not freeze the board page; and a student's CSV
//! file is read here, so that parsing 10⁶ events never blocks the Lab.

use fivesigma_engine::data::{CsvOptions, check_csv_size, read_csv};
use fivesigma_engine::ml::{Job, JobEvent};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

use fivesigma_engine::state::board::FreshChallenge;
use fivesigma_engine::state::{Device, Reply, playground};

use crate::file_read::BlobReader;
use crate::protocol;

/// Least time between two progress messages.
pub const PROGRESS_INTERVAL_MS: f64 = 100.0;

fn scope() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

fn post(reply: &Reply) {
    // Posting fails only for uncloneable values; ours are plain objects and typed arrays, whose
    // buffers move to the page.
    for message in protocol::reply_messages(reply) {
        let _ = scope().post_message_with_transfer(&message, &protocol::transferable(&message));
    }
}

/// An `emit` for the engine's jobs that posts events, thinning out progress.
fn emitter() -> impl FnMut(JobEvent) -> bool {
    let mut last_ms = f64::NEG_INFINITY;
    move |event| {
        if let JobEvent::Progress { done, total } = event {
            let now = js_sys::Date::now();
            if done < total && now - last_ms < PROGRESS_INTERVAL_MS {
                return true;
            }
            last_ms = now;
        }
        post(&Reply::Event(event));
        true
    }
}

/// Makes a teacher's fresh challenge with the CMS generator and posts it (or why it could not).
fn make_challenge(order: Result<FreshChallenge, crate::Error>) {
    match order {
        Ok(fresh) => {
            let made = fivesigma_datagen::cms_vbf4l::challenge(fresh.seed, fresh.events);
            let _ =
                scope().post_message(&protocol::made_challenge(&made.sample_csv, &made.key_csv));
        }
        Err(e) => post(&Reply::Event(JobEvent::Failed(e.to_string()))),
    }
}

/// Reads a student's CSV file a slice at a time, posting how far it has got (at most every
/// [`PROGRESS_INTERVAL_MS`]), then the table — or why it could not be read, in the engine's
/// words.
fn read_file(order: Result<web_sys::File, crate::Error>) {
    let failed = |message: String| post(&Reply::Event(JobEvent::Failed(message)));
    let file = match order {
        Ok(file) => file,
        Err(e) => return failed(e.to_string()),
    };
    if let Err(e) = check_csv_size(file.size() as u64) {
        return failed(e.to_string());
    }
    let reader = match BlobReader::new(file.into()) {
        Ok(reader) => reader,
        Err(e) => return failed(e.to_string()),
    };
    let start_ms = js_sys::Date::now();
    let mut last_ms = f64::NEG_INFINITY;
    let read = read_csv(reader, &CsvOptions::default(), |progress| {
        let now = js_sys::Date::now();
        if now - last_ms >= PROGRESS_INTERVAL_MS {
            last_ms = now;
            let _ = scope().post_message(&protocol::reading(&progress));
        }
    });
    match read {
        Ok(table) => {
            let parse_ms = js_sys::Date::now() - start_ms;
            let (message, transfer) = protocol::table_read(table, parse_ms);
            if let Err(e) = scope().post_message_with_transfer(&message, &transfer) {
                failed(format!("the table could not be sent to the page: {e:?}"));
            }
        }
        Err(e) => failed(e.to_string()),
    }
}

/// Calls `handle` with each request's job (or posts why it could not be read); answers the
/// playground's commands from one session that lives as long as the worker. A request runs on
/// the last events received (their parts come before it; a pool sends them once per worker):
/// `handle` gives a job it has finished with back, and its events are kept (moved, not copied).
fn listen(mut handle: impl FnMut(Job) -> Option<Job> + 'static) {
    console_error_panic_hook::set_once();
    let mut session = playground::Session::default();
    let mut held: Option<protocol::Events> = None;
    let mut inbox = protocol::EventInbox::default();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let failed = |message: String| post(&Reply::Event(JobEvent::Failed(message)));
        if let Some(part) = inbox.take(&event.data()) {
            match part {
                Ok(Some(data)) => held = Some(data),
                Ok(None) => {}
                Err(e) => failed(e.to_string()),
            }
            return;
        }
        if let Some(order) = protocol::read_challenge_order(&event.data()) {
            return make_challenge(order);
        }
        if let Some(order) = protocol::read_csv_order(&event.data()) {
            return read_file(order);
        }
        if let Some(command) = protocol::read_command(&event.data()) {
            let answer = match command {
                Ok(c) => session.answer(c),
                Err(e) => playground::Answer::Failed(e.to_string()),
            };
            let _ = scope().post_message(&protocol::answer(&answer));
            return;
        }
        let plan = match protocol::read_request(&event.data()) {
            Ok(plan) => plan,
            Err(e) => return failed(e.to_string()),
        };
        match held.take() {
            Some((data, physical_weights)) => {
                let job = Job {
                    physical_weights,
                    ..plan.with_data(data)
                };
                held = handle(job).map(|job| (job.data, job.physical_weights));
            }
            None => failed("the training worker was sent a job without its events".into()),
        }
    });
    scope().set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    on_message.forget();
    post(&Reply::Ready);
}

/// The CPU worker: networks train on burn's CPU backend, everything else on the CPU anyway.
pub fn serve_cpu() {
    listen(|job| {
        post(&Reply::Device {
            device: Device::Cpu,
            note: None,
        });
        fivesigma_engine::ml::run(&job, &mut emitter());
        Some(job)
    });
}

/// The WebGPU worker: networks train on WebGPU when the browser grants a device, else on the CPU
/// (and the device reply says why).
#[cfg(feature = "gpu")]
pub fn serve_gpu() {
    listen(|job| {
        wasm_bindgen_futures::spawn_local(async move {
            let ((used, device), note) = fivesigma_webgpu::choose(true).await;
            post(&Reply::Device { device: used, note });
            fivesigma_engine::ml::job::run_on(&job, &device, &mut emitter()).await;
        });
        // Networks train here, one job per worker: nothing to keep.
        None
    });
}
