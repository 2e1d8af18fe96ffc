//! A menu's `<option>`s from the engine's list of choices (`state::choice`): each key and label
//! is written once, there.

use fivesigma_engine::state::Choice;
use leptos::prelude::*;

/// One `<option value=key>label</option>` per choice of `C`, in the engine's order.
pub fn options<C: Choice>() -> impl IntoView {
    options_of(C::ALL)
}

/// The options for `choices` only (a menu that offers some of `C`'s).
pub fn options_of<C: Choice>(choices: &[C]) -> impl IntoView {
    choices
        .iter()
        .map(|c| view! { <option value=c.key()>{c.label()}</option> })
        .collect_view()
}
