//! Where a network trains: the one enum for it ([`Device`]), what the browser offers
//! ([`GpuOffer`], found once by the app's probe), and the one decision ([`device_for`]).
//! Trees, forests, boosted trees and logistic regression always train on the CPU.

use crate::ml::ModelKind;

/// A compute device a training runs on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Device {
    /// burn's CPU backend in WebAssembly (and every model other than a network).
    #[default]
    Cpu,
    /// WebGPU through burn's wgpu backend.
    WebGpu,
}

/// What the browser offers for training networks, as the probe found it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GpuOffer {
    /// No usable WebGPU adapter (no `navigator.gpu`, or `requestAdapter()` gave null).
    None,
    /// A WebGPU adapter.
    Adapter {
        /// A readable name (vendor, architecture or description).
        name: String,
        /// A software (CPU-emulated) adapter such as SwiftShader: it works, slowly.
        software: bool,
    },
}

impl GpuOffer {
    /// Whether a WebGPU adapter is there at all (a software one included).
    pub fn has_gpu(&self) -> bool {
        matches!(self, Self::Adapter { .. })
    }

    /// What a network trains on unless the student chooses: WebGPU only on a real adapter
    /// (a software adapter is slower than the CPU backend).
    pub fn automatic(&self) -> Device {
        match self {
            Self::Adapter {
                software: false, ..
            } => Device::WebGpu,
            _ => Device::Cpu,
        }
    }

    /// The status bar's text: "WebGPU (adapter)", "WebGPU (adapter, software)" or "CPU".
    pub fn badge(&self) -> String {
        match self {
            Self::Adapter {
                name,
                software: true,
            } => format!("WebGPU ({name}, software)"),
            Self::Adapter {
                name,
                software: false,
            } => format!("WebGPU ({name})"),
            Self::None => "CPU".to_owned(),
        }
    }

    /// The status bar's tooltip.
    pub fn badge_title(&self) -> &'static str {
        match self {
            Self::None => "No WebGPU adapter here: models train on the CPU in WebAssembly.",
            Self::Adapter { .. } => "A WebGPU adapter is available for training neural networks.",
        }
    }

    /// The WebGPU entry of the train panel's Compute menu.
    pub fn gpu_option_label(&self) -> &'static str {
        match self {
            Self::Adapter { software: true, .. } => "WebGPU (software adapter: slow)",
            Self::Adapter { .. } => "WebGPU",
            Self::None => "WebGPU (not available in this browser)",
        }
    }
}

/// Where a model of `kind` trains: anything but a network on the CPU; a network on the
/// student's choice if the browser can honour it, else on what `offer` suggests (the CPU while
/// the probe has not answered).
pub fn device_for(kind: ModelKind, offer: Option<&GpuOffer>, chosen: Option<Device>) -> Device {
    if kind != ModelKind::Mlp {
        return Device::Cpu;
    }
    match (chosen, offer) {
        (Some(Device::Cpu), _) => Device::Cpu,
        (Some(Device::WebGpu), Some(o)) if o.has_gpu() => Device::WebGpu,
        (_, Some(o)) => o.automatic(),
        (_, None) => Device::Cpu,
    }
}

/// The line under the Compute menu: where the last run trained (and why not on the GPU, if it
/// fell back), or where the next one will.
pub fn device_note(used: Option<&(Device, Option<String>)>, planned: Device) -> String {
    use super::Choice;
    match used {
        Some((device, None)) => format!("Trained on: {}", device.label()),
        Some((device, Some(why))) => format!("Trained on: {} ({why})", device.label()),
        None => format!("Will train on: {}", planned.label()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn real() -> GpuOffer {
        GpuOffer::Adapter {
            name: "nvidia ampere".into(),
            software: false,
        }
    }

    fn software() -> GpuOffer {
        GpuOffer::Adapter {
            name: "google swiftshader".into(),
            software: true,
        }
    }

    #[test]
    fn only_networks_go_to_the_gpu() {
        for kind in ModelKind::ALL {
            let d = device_for(kind, Some(&real()), Some(Device::WebGpu));
            assert_eq!(d == Device::WebGpu, kind == ModelKind::Mlp, "{kind:?}");
        }
    }

    #[test]
    fn automatic_choice_prefers_a_real_adapter_only() {
        let mlp = ModelKind::Mlp;
        assert_eq!(device_for(mlp, Some(&real()), None), Device::WebGpu);
        assert_eq!(device_for(mlp, Some(&software()), None), Device::Cpu);
        assert_eq!(device_for(mlp, Some(&GpuOffer::None), None), Device::Cpu);
        // Still probing: the CPU, which always works.
        assert_eq!(device_for(mlp, None, None), Device::Cpu);
    }

    #[test]
    fn a_students_choice_wins_where_it_can() {
        let mlp = ModelKind::Mlp;
        assert_eq!(
            device_for(mlp, Some(&software()), Some(Device::WebGpu)),
            Device::WebGpu
        );
        assert_eq!(
            device_for(mlp, Some(&real()), Some(Device::Cpu)),
            Device::Cpu
        );
        // WebGPU chosen where there is none: the CPU.
        assert_eq!(
            device_for(mlp, Some(&GpuOffer::None), Some(Device::WebGpu)),
            Device::Cpu
        );
    }

    #[test]
    fn labels_say_what_the_browser_has() {
        assert_eq!(real().badge(), "WebGPU (nvidia ampere)");
        assert_eq!(software().badge(), "WebGPU (google swiftshader, software)");
        assert_eq!(GpuOffer::None.badge(), "CPU");
        assert_eq!(
            software().gpu_option_label(),
            "WebGPU (software adapter: slow)"
        );
        assert_eq!(device_note(None, Device::WebGpu), "Will train on: WebGPU");
        assert_eq!(
            device_note(
                Some(&(Device::Cpu, Some("no adapter".into()))),
                Device::WebGpu
            ),
            "Trained on: CPU (no adapter)"
        );
        assert_eq!(
            device_note(Some(&(Device::WebGpu, None)), Device::Cpu),
            "Trained on: WebGPU"
        );
    }
}
