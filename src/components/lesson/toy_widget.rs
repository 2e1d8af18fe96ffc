//! A lesson's widgets that make their own points: the playground, the fit and the dice. Their
//! settings start from the lesson's `setup`; the student's changes, and a playground's last
//! model, are kept in the lesson's progress (so a reload shows them again and a task can judge
//! the model).

use fivesigma_engine::lesson::{TrainedToy, WidgetKind, WidgetSpec};
use fivesigma_engine::view::dice::DiceSetup;
use fivesigma_engine::view::playground::PlaygroundSetup;
use leptos::prelude::*;

use super::WidgetMemory;
use crate::components::dice::{DiceControls, DiceWidget};
use crate::components::playground::{Playground, PlaygroundParts, Stepped};

/// Keeps `query` in the widget's state, or nothing when it is the lesson's own setup.
fn remember(memory: &WidgetMemory, query: String, lesson_query: &str) {
    memory.change(|s| {
        s.view = if query == lesson_query {
            String::new()
        } else {
            query
        };
    });
}

/// The widget's body.
pub fn toy_widget(spec: &WidgetSpec, memory: Option<WidgetMemory>) -> AnyView {
    let remembered = memory.as_ref().map(|m| m.state().view).unwrap_or_default();
    match spec.kind {
        WidgetKind::Dice => {
            let (initial, _) = spec.dice_setup(&remembered);
            let lesson_query = spec.dice_setup("").0.to_query();
            let setup = RwSignal::new(initial);
            if let Some(memory) = memory {
                Effect::new(move |first: Option<()>| {
                    let query = setup.with(DiceSetup::to_query);
                    if first.is_some() {
                        remember(&memory, query, &lesson_query);
                    }
                });
            }
            let controls = DiceControls {
                die: spec.shows("die"),
                rolls: spec.shows("rolls"),
                seed: spec.shows("seed"),
            };
            view! { <DiceWidget setup controls /> }.into_any()
        }
        _ => {
            let (initial, _) = spec.playground_setup(&remembered);
            let lesson_query = spec.playground_setup("").0.to_query();
            let setup = RwSignal::new(initial);
            let (mut on_step, mut on_reset) = (None, None);
            if let Some(memory) = memory {
                let kept = memory.clone();
                Effect::new(move |first: Option<()>| {
                    let query = setup.with(PlaygroundSetup::to_query);
                    if first.is_some() {
                        remember(&kept, query, &lesson_query);
                    }
                });
                let kept = memory.clone();
                on_step = Some(Callback::new(move |(steps, accuracy): Stepped| {
                    let trained = TrainedToy {
                        setup: setup.with_untracked(PlaygroundSetup::to_query),
                        steps,
                        validation_accuracy: accuracy,
                    };
                    kept.change(|s| s.trained = Some(trained));
                }));
                on_reset = Some(Callback::new(move |()| memory.change(|s| s.trained = None)));
            }
            let parts = PlaygroundParts::of(spec);
            match (on_step, on_reset) {
                (Some(on_step), Some(on_reset)) => {
                    view! { <Playground setup parts on_step on_reset /> }.into_any()
                }
                _ => view! { <Playground setup parts /> }.into_any(),
            }
        }
    }
}
