//! Every menu the app offers, with each option's key and label defined once. The key is what a
//! link, a lesson file and the menu's `<option value>` say; the label is what a student reads.
//! The URL code ([`crate::view`]), the lesson format and the components all read these.

use super::fitting::FitMethod;
use super::playground::Family;
use crate::analysis::{CutDirection, Significance};
use crate::ml::evaluation::{EventWeights, JudgedOn, ScanEvents};
use crate::ml::mlp::Activation;
use crate::ml::toy::ToyKind;
use crate::ml::{MissingValues, ModelKind, Scaling, Scoring, Weighting};

use super::device::Device;

/// A menu's options: a fixed list, each with a stable key and a label.
pub trait Choice: Copy + PartialEq + Sized + 'static {
    /// Every option, in the order the menu lists them.
    const ALL: &'static [Self];

    /// The option's key in links, lessons and menus.
    fn key(self) -> &'static str;

    /// What the menu shows.
    fn label(self) -> &'static str;

    /// The option whose key is `key`, if any.
    fn from_key(key: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|c| c.key() == key)
    }
}

impl Choice for Scaling {
    const ALL: &'static [Self] = &Scaling::ALL;

    fn key(self) -> &'static str {
        Scaling::key(self)
    }

    fn label(self) -> &'static str {
        match self {
            Self::Standard => "StandardScaler",
            Self::MinMax => "MinMaxScaler",
            Self::Robust => "RobustScaler",
            Self::None => "none (raw inputs)",
        }
    }
}

impl Choice for Weighting {
    const ALL: &'static [Self] = &[Self::Balanced, Self::Event, Self::Unweighted];

    fn key(self) -> &'static str {
        match self {
            Self::Unweighted => "unweighted",
            Self::Event => "event",
            Self::Balanced => "balanced",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Self::Unweighted => "unweighted",
            Self::Event => "event weights",
            Self::Balanced => "balanced per class",
        }
    }
}

impl Choice for MissingValues {
    const ALL: &'static [Self] = &[Self::Drop, Self::Keep];

    fn key(self) -> &'static str {
        match self {
            Self::Drop => "drop",
            Self::Keep => "keep",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Self::Drop => "leave out events with a missing input",
            Self::Keep => "keep them (trees only)",
        }
    }
}

impl Choice for ToyKind {
    const ALL: &'static [Self] = &ToyKind::ALL;

    fn key(self) -> &'static str {
        match self {
            Self::Blobs => "blobs",
            Self::Moons => "moons",
            Self::Circles => "circles",
            Self::Xor => "xor",
            Self::Spirals => "spirals",
            Self::Line => "line",
            Self::Curve => "curve",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Self::Blobs => "Two blobs",
            Self::Moons => "Moons",
            Self::Circles => "Circles",
            Self::Xor => "XOR",
            Self::Spirals => "Spirals",
            Self::Line => "A line (regression)",
            Self::Curve => "A curve (regression)",
        }
    }
}

impl Choice for FitMethod {
    const ALL: &'static [Self] = &FitMethod::ALL;

    fn key(self) -> &'static str {
        match self {
            Self::Exact => "exact",
            Self::Descent => "descent",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Self::Exact => "exact least squares",
            Self::Descent => "gradient descent",
        }
    }
}

impl Choice for Family {
    const ALL: &'static [Self] = &Family::ALL;

    fn key(self) -> &'static str {
        match self {
            Self::Logistic => "logistic",
            Self::Tree => "tree",
            Self::Forest => "forest",
            Self::Boosting => "boosting",
            Self::Network => "network",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Self::Logistic => "Logistic regression",
            Self::Tree => "Decision tree",
            Self::Forest => "Random forest",
            Self::Boosting => "Boosted trees",
            Self::Network => "Neural network",
        }
    }
}

impl Choice for Activation {
    const ALL: &'static [Self] = &[Self::Relu, Self::Tanh, Self::Sigmoid, Self::Selu];

    fn key(self) -> &'static str {
        match self {
            Self::Relu => "relu",
            Self::Tanh => "tanh",
            Self::Sigmoid => "sigmoid",
            Self::Selu => "selu",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Self::Relu => "ReLU",
            Self::Tanh => "tanh",
            Self::Sigmoid => "sigmoid",
            Self::Selu => "SELU",
        }
    }
}

impl Choice for ModelKind {
    const ALL: &'static [Self] = &ModelKind::ALL;

    fn key(self) -> &'static str {
        match self {
            Self::Tree => "tree",
            Self::Forest => "forest",
            Self::Boosting => "boosting",
            Self::AdaBoost => "adaboost",
            Self::Logistic => "logistic",
            Self::Mlp => "mlp",
        }
    }

    fn label(self) -> &'static str {
        self.title()
    }
}

impl Choice for CutDirection {
    const ALL: &'static [Self] = &[Self::Above, Self::Below];

    fn key(self) -> &'static str {
        match self {
            Self::Above => "gt",
            Self::Below => "lt",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Self::Above => "above the cut (>)",
            Self::Below => "below the cut (<)",
        }
    }
}

impl Choice for Scoring {
    const ALL: &'static [Self] = &[Self::RocAuc, Self::Accuracy];

    fn key(self) -> &'static str {
        match self {
            Self::RocAuc => "roc_auc",
            Self::Accuracy => "accuracy",
        }
    }

    fn label(self) -> &'static str {
        // scikit-learn's own names for `scoring=`.
        self.key()
    }
}

impl Choice for Device {
    const ALL: &'static [Self] = &[Self::Cpu, Self::WebGpu];

    fn key(self) -> &'static str {
        match self {
            Self::Cpu => "cpu",
            Self::WebGpu => "gpu",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Self::Cpu => "CPU",
            Self::WebGpu => "WebGPU",
        }
    }
}

impl Choice for ScanEvents {
    // The honest count first: it is the default (see `evaluation::DEFAULT_SCAN_EVENTS`).
    const ALL: &'static [Self] = &[Self::Test, Self::All];

    fn key(self) -> &'static str {
        match self {
            Self::All => "all",
            Self::Test => "test",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Self::All => "every event (as the notebook; optimistic)",
            Self::Test => "test events × 1/test_size",
        }
    }
}

impl Choice for JudgedOn {
    const ALL: &'static [Self] = &[Self::HeldOut, Self::Training, Self::Every];

    fn key(self) -> &'static str {
        match self {
            Self::HeldOut => "held_out",
            Self::Training => "training",
            Self::Every => "every",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Self::HeldOut => "held-out events (test)",
            Self::Training => "training events",
            Self::Every => "every event",
        }
    }
}

/// How the metrics at a threshold (confusion matrix, classification report, figures of merit)
/// count the test events.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Counting {
    /// As the model was trained: one each if it trained unweighted, else by physical weight
    /// (`evaluation::counts_weighted`).
    #[default]
    AsTrained,
    /// Every event once, as scikit-learn without `sample_weight`.
    Events,
    /// Every event by its physical weight: the events expected in the data.
    Weighted,
    /// Physical weights normalised so each class weighs the same: the CMS exercise's metrics.
    Balanced,
}

impl Counting {
    /// How events count, for a model trained with `weighting`.
    pub fn weights(self, weighting: Weighting) -> EventWeights {
        match self {
            Self::AsTrained if super::evaluation::counts_weighted(weighting) => {
                EventWeights::Physical
            }
            Self::AsTrained | Self::Events => EventWeights::Once,
            Self::Weighted => EventWeights::Physical,
            Self::Balanced => EventWeights::Balanced,
        }
    }
}

impl Choice for Counting {
    const ALL: &'static [Self] = &[
        Self::AsTrained,
        Self::Events,
        Self::Weighted,
        Self::Balanced,
    ];

    fn key(self) -> &'static str {
        match self {
            Self::AsTrained => "as-trained",
            Self::Events => "events",
            Self::Weighted => "weighted",
            Self::Balanced => "balanced",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Self::AsTrained => "as the model was trained",
            Self::Events => "events, one each",
            Self::Weighted => "weighted events",
            Self::Balanced => "weighted, classes normalised (CMS)",
        }
    }
}

/// A figure of merit's family, as the scan's menu offers it (AMS's b_r is a separate field).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    /// S/√B.
    SOverSqrtB,
    /// S/√(S+B).
    SOverSqrtSPlusB,
    /// S/B.
    SOverB,
    /// The HiggsML challenge's AMS with a regularisation b_r.
    Ams,
    /// The Asimov significance.
    AsimovZ,
}

/// The b_r of AMS when none is given (the HiggsML challenge's value).
pub const DEFAULT_AMS_B_REG: f64 = 10.0;

impl Measure {
    /// The family of `significance`.
    pub fn of(significance: &Significance) -> Self {
        match significance {
            Significance::SOverSqrtB => Self::SOverSqrtB,
            Significance::SOverSqrtSPlusB => Self::SOverSqrtSPlusB,
            Significance::SOverB => Self::SOverB,
            Significance::Ams { .. } => Self::Ams,
            Significance::AsimovZ => Self::AsimovZ,
        }
    }

    /// The measure of this family, keeping `current`'s b_r when it has one (else
    /// [`DEFAULT_AMS_B_REG`]).
    pub fn with_b_reg_of(self, current: &Significance) -> Significance {
        let b_reg = match current {
            Significance::Ams { b_reg } => *b_reg,
            _ => DEFAULT_AMS_B_REG,
        };
        match self {
            Self::SOverSqrtB => Significance::SOverSqrtB,
            Self::SOverSqrtSPlusB => Significance::SOverSqrtSPlusB,
            Self::SOverB => Significance::SOverB,
            Self::Ams => Significance::Ams { b_reg },
            Self::AsimovZ => Significance::AsimovZ,
        }
    }
}

/// A measure as links and lessons write it: its menu key, with AMS's b_r after a colon
/// (`s_sqrt_b`, `s_b`, `ams:0.001`).
pub fn significance_key(m: &Significance) -> String {
    match m {
        Significance::Ams { b_reg } => format!("{}:{b_reg}", Measure::Ams.key()),
        other => Measure::of(other).key().to_owned(),
    }
}

/// The measure [`significance_key`] wrote (`ams` alone takes [`DEFAULT_AMS_B_REG`]); `None` for
/// an unknown key or a b_r that is negative or not a number.
pub fn parse_significance(text: &str) -> Option<Significance> {
    if let Some(b_reg) = text.strip_prefix("ams:") {
        let b_reg: f64 = b_reg
            .parse()
            .ok()
            .filter(|b: &f64| b.is_finite() && *b >= 0.0)?;
        return Some(Significance::Ams { b_reg });
    }
    Measure::from_key(text).map(|m| m.with_b_reg_of(&Significance::SOverSqrtB))
}

impl Choice for Measure {
    const ALL: &'static [Self] = &[
        Self::SOverSqrtB,
        Self::SOverSqrtSPlusB,
        Self::SOverB,
        Self::Ams,
        Self::AsimovZ,
    ];

    fn key(self) -> &'static str {
        match self {
            Self::SOverSqrtB => "s_sqrt_b",
            Self::SOverSqrtSPlusB => "s_sqrt_s_b",
            Self::SOverB => "s_b",
            Self::Ams => "ams",
            Self::AsimovZ => "asimov",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Self::SOverSqrtB => "S/√B",
            Self::SOverSqrtSPlusB => "S/√(S+B)",
            Self::SOverB => "S/B",
            Self::Ams => "AMS",
            Self::AsimovZ => "Asimov Z",
        }
    }
}

impl Measure {
    /// The measures the output's significance scan offers (the dark-matter notebook's task 13).
    pub const OUTPUT_SCAN: [Self; 3] = [Self::SOverSqrtB, Self::SOverSqrtSPlusB, Self::AsimovZ];
}

/// The thresholds of the output's significance scan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputThresholds {
    /// The notebook's 0, 0.1, …, 0.8.
    Notebook,
    /// Every 0.01.
    Fine,
}

impl Choice for OutputThresholds {
    const ALL: &'static [Self] = &[Self::Notebook, Self::Fine];

    fn key(self) -> &'static str {
        match self {
            Self::Notebook => "notebook",
            Self::Fine => "fine",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Self::Notebook => "the notebook's 0, 0.1, …, 0.8",
            Self::Fine => "every 0.01",
        }
    }
}

/// Which thresholds a scan uses, as its menu offers them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThresholdMode {
    /// The catalog's list for the variable (else every value).
    Lesson,
    /// Every distinct value.
    Every,
    /// A list the student types.
    Custom,
}

impl Choice for ThresholdMode {
    const ALL: &'static [Self] = &[Self::Lesson, Self::Every, Self::Custom];

    fn key(self) -> &'static str {
        match self {
            Self::Lesson => "lesson",
            Self::Every => "every",
            Self::Custom => "custom",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Self::Lesson => "the lesson's list",
            Self::Every => "every value (full resolution)",
            Self::Custom => "my own list",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys_are_unique_and_round_trip<C: Choice + std::fmt::Debug>() {
        for (i, c) in C::ALL.iter().enumerate() {
            assert_eq!(C::from_key(c.key()), Some(*c), "{c:?}");
            assert!(!c.label().is_empty());
            for other in &C::ALL[i + 1..] {
                assert_ne!(c.key(), other.key());
                assert_ne!(c.label(), other.label());
            }
        }
        assert_eq!(C::from_key("no such key"), None);
    }

    #[test]
    fn every_menu_has_unique_keys_and_labels() {
        keys_are_unique_and_round_trip::<Weighting>();
        keys_are_unique_and_round_trip::<Counting>();
        keys_are_unique_and_round_trip::<ModelKind>();
        keys_are_unique_and_round_trip::<CutDirection>();
        keys_are_unique_and_round_trip::<Scoring>();
        keys_are_unique_and_round_trip::<Device>();
        keys_are_unique_and_round_trip::<Measure>();
        keys_are_unique_and_round_trip::<ThresholdMode>();
        keys_are_unique_and_round_trip::<ScanEvents>();
        keys_are_unique_and_round_trip::<JudgedOn>();
        keys_are_unique_and_round_trip::<OutputThresholds>();
    }

    #[test]
    fn menus_list_every_variant() {
        assert_eq!(Weighting::ALL.len(), 3);
        assert_eq!(<ModelKind as Choice>::ALL.len(), 6);
        assert_eq!(Measure::ALL.len(), 5);
        // The keys links and lessons already use.
        assert_eq!(Weighting::Unweighted.key(), "unweighted");
        assert_eq!(ModelKind::Mlp.key(), "mlp");
        assert_eq!(ModelKind::AdaBoost.key(), "adaboost");
        assert_eq!(Device::WebGpu.key(), "gpu");
        assert_eq!(CutDirection::Below.key(), "lt");
    }

    #[test]
    fn a_measures_family_keeps_ams_b_reg() {
        let ams = Significance::Ams { b_reg: 0.001 };
        assert_eq!(Measure::of(&ams), Measure::Ams);
        assert_eq!(Measure::Ams.with_b_reg_of(&ams), ams);
        assert_eq!(
            Measure::Ams.with_b_reg_of(&Significance::SOverB),
            Significance::Ams {
                b_reg: DEFAULT_AMS_B_REG
            }
        );
        for m in Measure::ALL {
            assert_eq!(Measure::of(&m.with_b_reg_of(&ams)), *m);
        }
        // The menu's label is the measure's own label (AMS without its b_r).
        assert_eq!(
            Measure::SOverSqrtB.label(),
            Significance::SOverSqrtB.label()
        );
    }
}
