//! The train panel's controls: inputs, preset and model family, test_size, StandardScaler,
//! weighting and seed (with the model's own settings below them), and where a network trains.
//! Keys, labels, bounds and defaults are the engine's (`state::choice`, `state::training`).

use fivesigma_engine::ml::{ModelKind, PRESETS, Scaling, TrainingSetup, Weighting, preset_spec};
use fivesigma_engine::state::device::device_note;
use fivesigma_engine::state::pool::{
    WORKERS_TITLE, shares, worker_choice, worker_key, worker_options,
};
use fivesigma_engine::state::training::{
    matching_preset, test_fraction_of, toggle_input, validation_fraction_of,
};
use fivesigma_engine::state::{Choice, Device, GpuOffer, RunState};
use leptos::prelude::*;

use super::settings::ModelSettings;
use crate::components::choice::options;
use crate::services::pool::{WorkerChoice, cores};

/// A check box per variable: the classifier's inputs.
#[component]
fn InputChoices(variables: Vec<String>, setup: RwSignal<TrainingSetup>) -> impl IntoView {
    let boxes = variables.into_iter().map(|name| {
        let checked = {
            let name = name.clone();
            move || setup.with(|s| s.inputs.contains(&name))
        };
        let toggle = {
            let name = name.clone();
            move |ev| {
                let on = event_target_checked(&ev);
                setup.update(|s| toggle_input(s, &name, on));
            }
        };
        view! {
            <label class="pair-choice">
                <input type="checkbox" data-testid=format!("input-{name}") prop:checked=checked on:change=toggle />
                " " {name.clone()}
            </label>
        }
    });
    view! { <div class="pair-choices" data-testid="input-choices">{boxes.collect_view()}</div> }
}

/// Preset and model family: a preset sets the family's settings for the chosen inputs.
#[component]
fn ModelChoice(setup: RwSignal<TrainingSetup>) -> impl IntoView {
    let preset_value = move || setup.with(|s| matching_preset(s).unwrap_or("custom"));
    let on_preset = move |ev| {
        let id = event_target_value(&ev);
        setup.update(|s| {
            if let Some(spec) = preset_spec(&id, s.inputs.len()) {
                s.spec = spec;
            }
        });
    };
    let on_kind = move |ev| {
        if let Some(kind) = ModelKind::from_key(&event_target_value(&ev)) {
            setup.update(|s| s.spec = kind.default_spec());
        }
    };
    view! {
        <label title="The tutorials' models, with their settings.">"Preset "
            <select data-testid="preset" prop:value=preset_value on:change=on_preset>
                {PRESETS.iter().map(|p| view! { <option value=p.id>{p.title}</option> }).collect_view()}
                <option value="custom" disabled=true>"custom settings"</option>
            </select>
        </label>
        <label>"Model "
            <select data-testid="model-kind" prop:value=move || setup.with(|s| s.spec.kind().key()) on:change=on_kind>
                {options::<ModelKind>()}
            </select>
        </label>
    }
}

/// How the events are weighted in training (a lesson may offer only this setting).
#[component]
pub fn WeightingChoice(setup: RwSignal<TrainingSetup>) -> impl IntoView {
    let on_weighting = move |ev| {
        if let Some(w) = Weighting::from_key(&event_target_value(&ev)) {
            setup.update(|s| s.weighting = w);
        }
    };
    view! {
        <label title="How the Monte-Carlo weights enter the training. Balanced: signal and background count equally in total, so a rare signal is not ignored. The evaluation always uses the physical weights.">"Weights "
            <select data-testid="weighting" prop:value=move || setup.with(|s| s.weighting.key()) on:change=on_weighting>
                {options::<Weighting>()}
            </select>
        </label>
    }
}

/// test_size, StandardScaler, weighting and seed.
#[component]
fn SplitChoice(setup: RwSignal<TrainingSetup>) -> impl IntoView {
    let on_fraction = move |ev| {
        if let Some(x) = test_fraction_of(&event_target_value(&ev)) {
            setup.update(|s| s.test_fraction = x);
        }
    };
    let on_validation = move |ev| {
        let test = setup.with_untracked(|s| s.test_fraction);
        if let Some(x) = validation_fraction_of(&event_target_value(&ev), test) {
            setup.update(|s| s.validation_fraction = x);
        }
    };
    let on_seed = move |ev| {
        if let Ok(x) = event_target_value(&ev).trim().parse::<u64>() {
            setup.update(|s| s.seed = x);
        }
    };
    view! {
        <label title="The fraction of events kept for testing (train_test_split's test_size). The split keeps the signal fraction in both parts.">"test_size "
            <input type="number" class="short" min="0.05" max="0.9" step="0.05" data-testid="test-fraction"
                prop:value=move || setup.with(|s| s.test_fraction.to_string()) on:change=on_fraction />
        </label>
        <label title="The fraction of events kept for validation: choose settings and thresholds on it, and the test part stays untouched until the end (0: no validation part; a third each is the LIP tutorial's 1:1:1).">"validation_size "
            <input type="number" class="short" min="0" max="0.45" step="0.05" data-testid="validation-fraction"
                prop:value=move || setup.with(|s| s.validation_fraction.to_string()) on:change=on_validation />
        </label>
        <label title="How each input is put on a common scale, measured on the training events only and applied to every event. StandardScaler: mean 0, standard deviation 1. MinMaxScaler: the training events span 0 to 1. RobustScaler: median 0, interquartile range 1, so a few extreme events do not squeeze the rest. Networks need one; trees do not care.">"Scaler "
            <select data-testid="scaling" prop:value=move || setup.with(|s| s.scaling.key())
                on:change=move |ev| if let Some(s) = Scaling::from_key(&event_target_value(&ev)) { setup.update(|x| x.scaling = s) }>
                {options::<Scaling>()}
            </select>
        </label>
        <WeightingChoice setup />
        <label title="random_state: the same seed gives the same split and the same model, on every computer.">"Seed "
            <input type="number" class="short" step="1" min="0" data-testid="seed"
                prop:value=move || setup.with(|s| s.seed.to_string()) on:change=on_seed />
        </label>
    }
}

/// Every setting of the training: inputs, model, split, and the model's own settings.
#[component]
pub fn SetupControls(
    variables: Vec<String>,
    setup: RwSignal<TrainingSetup>,
    /// Which columns were left out of the default inputs, and why (`state::mapping`).
    left_out: Option<String>,
) -> impl IntoView {
    let summary = move || {
        let id = setup.with(|s| matching_preset(s).unwrap_or("custom"));
        PRESETS
            .iter()
            .find(|p| p.id == id)
            .map(|p| view! { <p class="hint" data-testid="preset-summary">{p.summary}</p> })
    };
    view! {
        <h3 class="subhead">"Inputs"</h3>
        <InputChoices variables setup />
        {left_out.map(|note| view! { <p class="hint" data-testid="inputs-left-out">{note}</p> })}
        <div class="controls">
            <ModelChoice setup />
            <SplitChoice setup />
        </div>
        {summary}
        <ModelSettings setup />
    }
}

/// How many workers share a forest or a grid search (the choice holds for every panel, and is
/// remembered by the browser).
#[component]
pub fn WorkersChoice() -> impl IntoView {
    let chosen = WorkerChoice::get();
    let on_change = move |ev| {
        if let Some(choice) = worker_choice(&event_target_value(&ev)) {
            chosen.set(choice);
        }
    };
    let options = worker_options(cores())
        .into_iter()
        .map(|(key, label)| view! { <option value=key>{label}</option> })
        .collect_view();
    view! {
        <label title=WORKERS_TITLE>"Workers "
            <select data-testid="workers" prop:value=move || worker_key(chosen.get()) on:change=on_change>
                {options}
            </select>
        </label>
    }
}

/// Where a network trains (shown for networks only), and where the last one did.
#[component]
pub fn ComputeChoice(
    setup: RwSignal<TrainingSetup>,
    offer: Signal<Option<GpuOffer>>,
    chosen: RwSignal<Option<Device>>,
    device: Signal<Device>,
    state: RwSignal<RunState>,
) -> impl IntoView {
    let is_network = move || setup.with(|s| s.spec.kind() == ModelKind::Mlp);
    let has_gpu = move || offer.with(|o| o.as_ref().is_some_and(GpuOffer::has_gpu));
    let gpu_label =
        move || offer.with(|o| o.as_ref().unwrap_or(&GpuOffer::None).gpu_option_label());
    let note = move || state.with(|s| device_note(s.device.as_ref(), device.get()));
    let is_shared = move || setup.with(|s| shares(s.spec.kind()));
    view! {
        <Show when=is_shared>
            <WorkersChoice />
        </Show>
        <Show when=is_network>
            <label title="Where the network trains. WebGPU uses the graphics card when the browser offers one; the CPU always works.">"Compute "
                <select data-testid="train-device" prop:value=move || device.get().key()
                    on:change=move |ev| chosen.set(Device::from_key(&event_target_value(&ev)))>
                    <option value=Device::Cpu.key()>"CPU (WebAssembly)"</option>
                    <option value=Device::WebGpu.key() disabled=move || !has_gpu()>{gpu_label}</option>
                </select>
            </label>
            <span class="backend-used" data-testid="train-backend">{note}</span>
        </Show>
    }
}
