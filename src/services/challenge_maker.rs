//! A teacher's fresh challenge, made off the page's thread: the CPU worker runs the CMS generator
//! on the seed and size the engine checked (`state::board::FreshChallenge`) and sends back the
//! unlabelled sample and its answer key. The worker lives for one challenge (an [`errand`]).

use fivesigma_engine::state::board::FreshChallenge;
use fivesigma_worker::protocol;

use super::errand;

/// A made challenge's two files.
#[derive(Debug, Clone, PartialEq)]
pub struct MadeChallenge {
    /// The unlabelled events, for the students.
    pub sample_csv: String,
    /// The truth and weights, for the board.
    pub key_csv: String,
}

/// Makes `fresh` in a CPU worker; a worker that cannot start or stops says why.
pub async fn make(fresh: FreshChallenge) -> Result<MadeChallenge, String> {
    let order = protocol::challenge_order(&fresh);
    errand::run("worker that makes the challenge", order, |data| {
        protocol::read_made_challenge(data).map(|made| {
            made.map(|(sample_csv, key_csv)| MadeChallenge {
                sample_csv,
                key_csv,
            })
            .map_err(|e| e.to_string())
        })
    })
    .await
}
