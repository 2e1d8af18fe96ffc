//! The `atlas-hzz4l` dataset: four-lepton events like the ATLAS Open Data samples of the HSF
//! "Machine Learning for Particle Physics" lesson — `llll` (ZZ(*) → 4ℓ background),
//! `ggH125_ZZ4lep` (the Higgs boson signal) and `data` (pseudo-data at the same luminosity).
//!
//! Every event is built from particles. A Higgs boson (m = 125 GeV) decays to an on-shell Z and
//! an off-shell Z*, whose mass follows the Z propagator times the decay's phase space; a ZZ
//! continuum pair is produced above threshold (with a γ*-like low-mass tail); a single Z decays
//! to four leptons through an internal photon (the Z → 4ℓ peak near 91 GeV). Each Z or γ*
//! decays to e⁺e⁻ or μ⁺μ⁻ with a (1 + cos²θ) angle. Leptons then radiate photons now and then,
//! are smeared by the detector resolution (electrons by the calorimeter, muons by the tracker),
//! must lie inside the detector and above the trigger thresholds, and occasionally one of them is
//! a fake or has its charge mis-measured — the events the lesson's cleaning cuts remove.

use std::f64::consts::PI;
use std::fmt::Write as _;

use crate::catalog::{Header, PROVENANCE, SampleEntry, catalog_toml, push_weight};
use crate::distributions::{Quota, decay_cos_theta, falling_pt, poisson};
use crate::kinematics::{Flavour, FourVector, Z_MASS, Z_WIDTH, two_body_decay};
use crate::rng::Rng;

/// The dataset's id (its folder under `static_data/datasets/`).
pub const ID: &str = "atlas-hzz4l";
/// The dataset's title in the picker.
pub const TITLE: &str = "Higgs boson to four leptons (13 TeV)";
/// Integrated luminosity the weights are normalised to, in fb⁻¹.
pub const LUMINOSITY_FB: f64 = 10.0;
const HIGGS_MASS: f64 = 125.0;
/// The Standard Model Higgs width (4.1 MeV) is far below the detector resolution.
const HIGGS_WIDTH: f64 = 0.0041;
/// Chance that a lepton radiates a photon outside its cone, and the mean fraction of its
/// momentum the photon takes; with [`RESOLUTION_SCALE`] on the textbook resolutions they give the
/// Higgs peak the position and width of the ATLAS Open Data simulation (tests/calibration.rs).
const FSR_PROBABILITY: f64 = 0.3;
const FSR_MEAN_FRACTION: f64 = 0.05;
const RESOLUTION_SCALE: f64 = 1.8;
/// Lowest mass of a lepton pair from a virtual photon or Z* (GeV), as in the ATLAS selection.
const MIN_PAIR_MASS: f64 = 12.0;

#[derive(Debug, Clone, Copy)]
struct Lepton {
    p: FourVector,
    charge: i32,
    flavour: Flavour,
}

/// How a sample's four leptons are produced.
#[derive(Debug, Clone, Copy)]
enum Production {
    /// gg → H → ZZ* → 4ℓ.
    Higgs,
    /// qq̄ → ZZ(*) → 4ℓ, with this fraction of generated events from single-resonant Z → 4ℓ and
    /// this probability for each boson of the pair to be a low-mass γ* instead of a Z.
    Diboson {
        single_z_fraction: f64,
        low_mass_fraction: f64,
    },
}

/// Everything that distinguishes one simulated process from another.
#[derive(Debug, Clone, Copy)]
struct Process {
    name: &'static str,
    label: &'static str,
    role: &'static str,
    color: &'static str,
    /// Events to keep after the preselection.
    events: usize,
    /// Effective cross-section × branching ratio into the generated phase space, in fb.
    xsec_fb: f64,
    /// Fraction of events with negative weight.
    negative_fraction: f64,
    /// Probability that one lepton is a fake (a hadron or photon conversion mis-identified).
    fake_probability: f64,
    production: Production,
    /// pT spectrum of the four-lepton system, dN/dpT ∝ (1 + pT/p0)^(−n): (p0 in GeV, n).
    spectrum: (f64, f64),
}

const SIGNAL: Process = Process {
    name: "ggH125_ZZ4lep",
    label: "Signal H → ZZ* → 4ℓ (m_H = 125 GeV)",
    role: "signal",
    color: "#00cdff",
    events: 21_500,
    // σ(gg → H) = 48.6 pb × BR(H → ZZ*) 2.64 % × BR(Z → ee, μμ)² (6.73 %)² ≈ 5.8 fb, times
    // the identification and isolation efficiency of four leptons (≈ 0.84⁴ ≈ 0.5), which the
    // detector model below does not simulate event by event.
    xsec_fb: 2.9,
    negative_fraction: 0.0,
    fake_probability: 0.03,
    production: Production::Higgs,
    spectrum: (40.0, 4.0),
};

const BACKGROUND: Process = Process {
    name: "llll",
    label: "Background ZZ* → 4ℓ",
    role: "background",
    color: "#ff0000",
    events: 56_000,
    // With ATLAS's pair-mass selection (50 < m_Z1 < 106, 12 < m_Z2 < 115 GeV), the ATLAS Open Data
    // four-lepton events at 10 fb⁻¹ in every mass window (tests/calibration_hzz4l.rs).
    xsec_fb: 137.0,
    negative_fraction: 0.02,
    fake_probability: 0.06,
    production: Production::Diboson {
        single_z_fraction: 0.7,
        low_mass_fraction: 0.3,
    },
    spectrum: (25.0, 5.0),
};

/// Dataset samples in catalog order.
const PROCESSES: [Process; 2] = [BACKGROUND, SIGNAL];

/// The data sample's catalog entry (pseudo-data: not simulated with labels).
const DATA: SampleEntry<'static> = SampleEntry {
    name: "data",
    role: "data",
    label: "Data (pseudo-data)",
    color: "#000000",
    active: true,
};

/// An off-shell boson's mass in [lo, hi] with density ∝ p*(M; m_other, m) · m / ((m² − m_Z²)² +
/// m_Z²Γ_Z²): the Z propagator times the two-body phase space of the parent of mass `parent`.
pub(crate) fn off_shell_mass(rng: &mut Rng, parent: f64, other: f64, lo: f64) -> Option<f64> {
    let hi = parent - other;
    if hi <= lo {
        return None;
    }
    let density = |m: f64| {
        let s = parent * parent;
        let phase = ((s - (m + other).powi(2)) * (s - (m - other).powi(2)))
            .max(0.0)
            .sqrt();
        let propagator = 1.0 / ((m * m - Z_MASS * Z_MASS).powi(2) + (Z_MASS * Z_WIDTH).powi(2));
        phase * m * propagator
    };
    let ceiling = (0..=64)
        .map(|i| density(lo + (hi - lo) * f64::from(i) / 64.0))
        .fold(0.0, f64::max)
        * 1.2;
    loop {
        let m = rng.range(lo, hi);
        if rng.uniform() * ceiling < density(m) {
            return Some(m);
        }
    }
}

/// A boson `parent` decays to a lepton pair of one random flavour with opposite charges.
fn decay_to_leptons(rng: &mut Rng, parent: &FourVector) -> [Lepton; 2] {
    let flavour = Flavour::random(rng, 0.5);
    let m = flavour.mass_gev();
    let (a, b) = two_body_decay(parent, m, m, decay_cos_theta(rng, 1.0), rng.range(-PI, PI));
    let charge = if rng.chance(0.5) { 1 } else { -1 };
    [
        Lepton {
            p: a,
            charge,
            flavour,
        },
        Lepton {
            p: b,
            charge: -charge,
            flavour,
        },
    ]
}

/// The four true leptons of one event (before the detector), or `None` if the masses drawn are
/// kinematically impossible.
fn produce(p: &Process, rng: &mut Rng) -> Option<[Lepton; 4]> {
    let (p0, n) = p.spectrum;
    let pt = falling_pt(rng, p0, n, 0.0);
    let phi = rng.range(-PI, PI);
    let (mass, m1, m2, y) = match p.production {
        Production::Higgs => {
            let mass = rng.breit_wigner(HIGGS_MASS, HIGGS_WIDTH, 124.9, 125.1);
            let m1 = rng.breit_wigner(Z_MASS, Z_WIDTH, 50.0, mass - MIN_PAIR_MASS);
            let m2 = off_shell_mass(rng, mass, m1, MIN_PAIR_MASS)?;
            (mass, m1, m2, 1.4 * rng.normal())
        }
        Production::Diboson {
            single_z_fraction, ..
        } if rng.chance(single_z_fraction) => {
            // Z → ℓℓγ* → 4ℓ: a Z*-like pair and a soft virtual-photon pair share the Z's mass.
            let mass = rng.breit_wigner(Z_MASS, Z_WIDTH, 75.0, 105.0);
            let m2 = 4.0 + rng.exponential(5.0);
            let m1 = mass - m2 - rng.exponential(12.0);
            if m1 < MIN_PAIR_MASS || m2 >= m1 {
                return None;
            }
            (mass, m1, m2, 1.8 * rng.normal())
        }
        Production::Diboson {
            low_mass_fraction, ..
        } => {
            let boson = |rng: &mut Rng| {
                if rng.chance(low_mass_fraction) {
                    MIN_PAIR_MASS + rng.exponential(10.0)
                } else {
                    rng.breit_wigner(Z_MASS, Z_WIDTH, MIN_PAIR_MASS, 200.0)
                }
            };
            let (m1, m2) = (boson(rng), boson(rng));
            // Above threshold the rate rises like the pair's velocity (≈ √excess) and then falls
            // with the parton luminosity: excess ~ Γ(3/2, θ), θ = 50 GeV for two Z bosons and
            // proportionally less for lighter pairs, whose luminosity falls faster.
            let z = rng.normal();
            let scale = 50.0 * (m1 + m2) / (2.0 * Z_MASS);
            let excess = scale * (rng.exponential(1.0) + 0.5 * z * z);
            (m1 + m2 + excess, m1, m2, 1.5 * rng.normal())
        }
    };
    let system = FourVector::from_pt_y_phi_m(pt, y, phi, mass);
    let (z1, z2) = two_body_decay(&system, m1, m2, rng.range(-1.0, 1.0), rng.range(-PI, PI));
    let [a, b] = decay_to_leptons(rng, &z1);
    let [c, d] = decay_to_leptons(rng, &z2);
    Some([a, b, c, d])
}

/// Final-state radiation, resolution and charge mis-measurement: the lepton as reconstructed.
fn detect(rng: &mut Rng, lepton: &Lepton) -> Lepton {
    let mut factor = 1.0;
    // A photon radiated outside the lepton's cone takes a few per cent of its momentum.
    if rng.chance(FSR_PROBABILITY) {
        factor -= rng.exponential(FSR_MEAN_FRACTION).min(0.5);
    }
    let energy = lepton.p.e.max(1.0);
    let resolution = match lepton.flavour {
        // Calorimeter: stochastic 11 %/√E ⊕ constant 0.7 %.
        Flavour::Electron => (0.11_f64.powi(2) / energy + 0.007_f64.powi(2)).sqrt(),
        // Tracker: 1.2 % plus a term growing with pT (curvature of stiff tracks).
        Flavour::Muon => 0.012 + 0.000_08 * lepton.p.pt(),
    } * RESOLUTION_SCALE;
    factor *= 1.0 + resolution * rng.normal();
    let flip =
        lepton.flavour == Flavour::Electron && rng.chance(0.003 * (1.0 + lepton.p.eta().abs()));
    Lepton {
        p: lepton.p.scaled_with_mass(factor, lepton.flavour.mass_gev()),
        charge: if flip { -lepton.charge } else { lepton.charge },
        flavour: lepton.flavour,
    }
}

/// A fake lepton: a soft hadron or conversion with random flavour and charge.
fn fake_lepton(rng: &mut Rng) -> Lepton {
    let flavour = Flavour::random(rng, 0.6);
    let p = FourVector::from_pt_eta_phi_m(
        7.0 + rng.exponential(6.0),
        rng.range(-2.4, 2.4),
        rng.range(-PI, PI),
        flavour.mass_gev(),
    );
    Lepton {
        p,
        charge: if rng.chance(0.5) { 1 } else { -1 },
        flavour,
    }
}

/// Inside the detector and above the reconstruction threshold: electrons |η| < 2.47 and
/// pT > 7 GeV, muons |η| < 2.7 and pT > 5 GeV.
fn reconstructed(l: &Lepton) -> bool {
    match l.flavour {
        Flavour::Electron => l.p.eta().abs() < 2.47 && l.p.pt() > 7.0,
        Flavour::Muon => l.p.eta().abs() < 2.7 && l.p.pt() > 5.0,
    }
}

/// One event's four reconstructed leptons ordered by falling pT, or `None` if it fails the
/// preselection (exactly four leptons reconstructed, the two hardest above 20 and 15 GeV).
fn generate_event(p: &Process, rng: &mut Rng) -> Option<[Lepton; 4]> {
    let truth = produce(p, rng)?;
    let mut leptons = truth.map(|l| detect(rng, &l));
    leptons.sort_by(|a, b| b.p.pt().total_cmp(&a.p.pt()));
    if rng.chance(p.fake_probability) {
        leptons[3] = fake_lepton(rng);
        leptons.sort_by(|a, b| b.p.pt().total_cmp(&a.p.pt()));
    }
    let passes =
        leptons.iter().all(reconstructed) && leptons[0].p.pt() > 20.0 && leptons[1].p.pt() > 15.0;
    passes.then_some(leptons)
}

/// Keeps generating until `wanted` events pass; returns them and how many were generated.
fn generate_passing(p: &Process, rng: &mut Rng, wanted: usize) -> (Vec<[Lepton; 4]>, u64) {
    let mut kept = Vec::with_capacity(wanted);
    let mut generated = 0_u64;
    while kept.len() < wanted {
        generated += 1;
        if let Some(event) = generate_event(p, rng) {
            kept.push(event);
        }
    }
    (kept, generated)
}

fn header() -> String {
    let mut text = String::new();
    for quantity in ["pt", "eta", "phi", "E", "charge", "type"] {
        for i in 0..4 {
            let _ = write!(text, "lep_{quantity}_{i},");
        }
    }
    text.push_str("mass4l,mZ1,mZ2,totalWeight\n");
    text
}

/// The invariant mass of the four leptons and of the two pairs they form (GeV), as ATLAS pairs
/// them: Z1 is the same-flavour, opposite-charge pair with the mass closest to the Z's, Z2 the
/// other two leptons. An event without such a pair (one the lesson's cleaning cuts remove) takes
/// the pair of any two leptons closest to the Z mass as Z1.
fn masses(leptons: &[Lepton; 4]) -> [f64; 3] {
    const PAIRINGS: [[(usize, usize); 2]; 3] =
        [[(0, 1), (2, 3)], [(0, 2), (1, 3)], [(0, 3), (1, 2)]];
    let pair_mass = |(a, b): (usize, usize)| (leptons[a].p + leptons[b].p).mass();
    let is_z_like = |(a, b): (usize, usize)| {
        leptons[a].flavour == leptons[b].flavour && leptons[a].charge + leptons[b].charge == 0
    };
    let candidates = |z_like_only: bool| {
        PAIRINGS
            .iter()
            .flat_map(|[p, q]| [(*p, *q), (*q, *p)])
            .filter(move |(z1, _)| !z_like_only || is_z_like(*z1))
            .min_by(|(a, _), (b, _)| {
                (pair_mass(*a) - Z_MASS)
                    .abs()
                    .total_cmp(&(pair_mass(*b) - Z_MASS).abs())
            })
    };
    let (z1, z2) = candidates(true)
        .or_else(|| candidates(false))
        .unwrap_or(PAIRINGS[0].into());
    let total = leptons[1..].iter().fold(leptons[0].p, |sum, l| sum + l.p);
    [total.mass(), pair_mass(z1), pair_mass(z2)]
}

/// One CSV row. Precision: 10 MeV in momentum and energy, 10⁻³ in η and φ — far below the
/// detector resolution, and it keeps the dataset inside its size budget.
fn write_row(csv: &mut String, leptons: &[Lepton; 4], weight: f64) {
    for l in leptons {
        let _ = write!(csv, "{:.2},", l.p.pt());
    }
    for l in leptons {
        let _ = write!(csv, "{:.3},", l.p.eta());
    }
    for l in leptons {
        let _ = write!(csv, "{:.3},", l.p.phi());
    }
    for l in leptons {
        let _ = write!(csv, "{:.2},", l.p.e);
    }
    for l in leptons {
        let _ = write!(csv, "{},", l.charge);
    }
    for l in leptons {
        let _ = write!(csv, "{},", l.flavour.code());
    }
    for m in masses(leptons) {
        let _ = write!(csv, "{m:.2},");
    }
    push_weight(csv, weight);
}

/// One generated sample: its CSV text and bookkeeping.
#[derive(Debug, Clone)]
pub struct GeneratedSample {
    /// File name, e.g. "llll.csv".
    pub file: String,
    /// CSV text.
    pub csv: String,
    /// Events generated before the preselection (0 for data).
    pub generated: u64,
    /// Rows written.
    pub kept: usize,
    /// Sum of weights (expected events at [`LUMINOSITY_FB`]).
    pub sum_of_weights: f64,
}

/// Generates the simulated samples and the pseudo-data with `seed`.
pub fn generate(seed: u64) -> Vec<GeneratedSample> {
    let mut samples = Vec::new();
    let mut data_events = Vec::new();
    for (stream, p) in (100_u64..).zip(PROCESSES.iter()) {
        let mut rng = Rng::new(seed, stream);
        let (events, generated) = generate_passing(p, &mut rng, p.events);
        let weight = p.xsec_fb * LUMINOSITY_FB / generated as f64;
        let mut negatives = Quota::new(p.negative_fraction, &mut rng);
        let mut csv = header();
        csv.reserve(events.len() * 150);
        let mut sum_of_weights = 0.0;
        for event in &events {
            let w = if negatives.take() { -weight } else { weight };
            sum_of_weights += w;
            write_row(&mut csv, event, w);
        }
        // Pseudo-data: a Poisson-fluctuated number of fresh events from the same model, so the
        // data carry no trace of which simulated events they resemble.
        let mut data_rng = Rng::new(seed, stream + 100);
        let count = poisson(&mut data_rng, sum_of_weights) as usize;
        data_events.extend(generate_passing(p, &mut data_rng, count).0);
        samples.push(GeneratedSample {
            file: format!("{}.csv", p.name),
            csv,
            generated,
            kept: events.len(),
            sum_of_weights,
        });
    }
    Rng::new(seed, 199).shuffle(&mut data_events);
    let mut csv = header();
    for event in &data_events {
        write_row(&mut csv, event, 1.0);
    }
    samples.push(GeneratedSample {
        file: "data.csv".to_owned(),
        csv,
        generated: 0,
        kept: data_events.len(),
        sum_of_weights: data_events.len() as f64,
    });
    samples
}

/// A catalog variable entry whose name, description and thresholds are built at run time.
type OwnedVariable<'a> = (String, &'a str, String, usize, f64, f64, Vec<f64>);

/// The catalog (TOML) describing the samples and variables.
pub fn catalog(seed: u64, version: &str) -> String {
    let header = Header {
        id: ID,
        title: TITLE,
        description: "Our own toy Monte-Carlo of the ATLAS Open Data four-lepton samples used in the HSF lesson: ZZ* background, a 125 GeV Higgs signal and Poisson-fluctuated pseudo-data at 10 fb⁻¹. Not real ATLAS data.",
        luminosity_fb: LUMINOSITY_FB,
        weight_column: "totalWeight",
        provenance: PROVENANCE,
        ams_b_reg: None,
        // The HSF lesson's `ML_inputs`.
        inputs: &["lep_pt_1", "lep_pt_2"],
    };
    let mut samples: Vec<SampleEntry<'_>> = PROCESSES
        .iter()
        .map(|p| SampleEntry {
            name: p.name,
            role: p.role,
            label: p.label,
            color: p.color,
            active: true,
        })
        .collect();
    samples.push(DATA);
    let ordinal = ["leading", "second", "third", "fourth"];
    // The HSF lesson's S/B plots: 1 GeV steps from 7 GeV, 28 of them for lep_pt_1 and 13 for
    // lep_pt_2.
    let lesson_thresholds = |i: usize| -> Vec<f64> {
        match i {
            1 => (7..=35).map(f64::from).collect(),
            2 => (7..=20).map(f64::from).collect(),
            _ => Vec::new(),
        }
    };
    let mut owned: Vec<OwnedVariable<'_>> = Vec::new();
    for (quantity, unit, what, bins, range) in [
        ("pt", "GeV", "Transverse momentum of the", 0, (0.0, 0.0)),
        ("eta", "", "Pseudorapidity of the", 27, (-2.7, 2.7)),
        ("phi", "rad", "Azimuthal angle of the", 20, (-PI, PI)),
        ("E", "GeV", "Energy of the", 40, (0.0, 400.0)),
        ("charge", "", "Electric charge (±1) of the", 3, (-1.5, 1.5)),
        (
            "type",
            "",
            "Flavour (11 electron, 13 muon) of the",
            2,
            (10.0, 14.0),
        ),
    ] {
        for (i, nth) in ordinal.iter().enumerate() {
            let (bins, range) = match quantity {
                // Harder leptons reach higher: ranges that show each one's whole spectrum.
                "pt" => [
                    (40, (0.0, 200.0)),
                    (30, (0.0, 150.0)),
                    (40, (0.0, 100.0)),
                    (32, (0.0, 80.0)),
                ][i],
                _ => (bins, range),
            };
            owned.push((
                format!("lep_{quantity}_{i}"),
                unit,
                format!("{what} {nth} lepton"),
                bins,
                range.0,
                range.1,
                if quantity == "pt" {
                    lesson_thresholds(i)
                } else {
                    Vec::new()
                },
            ));
        }
    }
    // The masses the leptons make: the Higgs peak over the ZZ* continuum, and its two Z bosons.
    for (name, description, bins, lo, hi) in [
        (
            "mass4l",
            "Invariant mass of the four leptons",
            36,
            80.0,
            170.0,
        ),
        (
            "mZ1",
            "Mass of the lepton pair closest to the Z mass (same flavour, opposite charge)",
            30,
            50.0,
            110.0,
        ),
        ("mZ2", "Mass of the other lepton pair", 35, 10.0, 115.0),
    ] {
        owned.push((
            name.to_owned(),
            "GeV",
            description.to_owned(),
            bins,
            lo,
            hi,
            Vec::new(),
        ));
    }
    let variables: Vec<_> = owned
        .iter()
        .map(|(name, unit, description, bins, lo, hi, thresholds)| {
            (
                name.as_str(),
                *unit,
                description.as_str(),
                *bins,
                *lo,
                *hi,
                thresholds.as_slice(),
            )
        })
        .collect();
    catalog_toml(&header, seed, version, &samples, &variables)
}
