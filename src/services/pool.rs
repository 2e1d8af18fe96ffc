//! The worker pool's inputs from the browser: how many cores it reports, and the student's own
//! choice of the number of workers, kept in the browser's storage. How many workers a run uses is
//! decided in the engine (`fivesigma_engine::state::pool::pool_size`).

use leptos::prelude::*;

use super::lessons::{forget, storage, store};

/// Where the student's choice is kept.
const KEY: &str = "fivesigma.workers";

/// The cores the browser reports (`navigator.hardwareConcurrency`), if it says.
pub fn cores() -> Option<usize> {
    let n = web_sys::window()?.navigator().hardware_concurrency();
    (n >= 1.0).then_some(n as usize)
}

/// Context: the student's number of workers (`None`: one per core), shared by every panel that
/// trains.
#[derive(Clone, Copy)]
pub struct WorkerChoice(pub RwSignal<Option<usize>>);

impl WorkerChoice {
    /// Reads the stored choice and shares it with every component below; a change is stored.
    pub fn provide() {
        let stored = storage()
            .and_then(|s| s.get_item(KEY).ok().flatten())
            .and_then(|text| text.trim().parse::<usize>().ok())
            .filter(|&n| n >= 1);
        let choice = RwSignal::new(stored);
        Effect::new(move |_| match choice.get() {
            // Not kept is not lost: the choice holds for this page.
            Some(n) => drop(store(KEY, &n.to_string())),
            None => forget(KEY),
        });
        provide_context(Self(choice));
    }

    /// The shared choice (a component mounted on its own gets one of its own: automatic).
    pub fn get() -> RwSignal<Option<usize>> {
        use_context::<Self>().map_or_else(|| RwSignal::new(None), |c| c.0)
    }
}
