//! The `atlas-ttz` dataset: two leptons from a Z boson with at least six jets, two of them
//! b-tagged — the selection of the HSF lesson's optional ttZ exercise, modelled on the ATLAS
//! opposite-sign dilepton ttZ analysis at 13 TeV. Signal `ttZ`; backgrounds `ttbar`, `Z2HF`,
//! `Z1HF`, `Z0HF` (a Z with two, one or no heavy-flavour jets) and `Other` (dibosons and single
//! tops with a Z); and pseudo-data.
//!
//! Every event is built from particles: a Z decays to e⁺e⁻ or μ⁺μ⁻; top quarks decay to a b quark
//! and a W, whose quarks (or, in tt̄, leptons) are its decay products; a gluon splitting to bb̄
//! gives the Z + heavy-flavour backgrounds their close b pairs; extra jets come from radiation.
//! Quarks become jets with the calorimeter's resolution, are b-tagged with the 77 % working
//! point's efficiencies, and the event is kept if it passes the selection. The eight inputs of the
//! lesson (and a few more) are then computed from the reconstructed objects with the definitions
//! of the ATLAS Open Data ttZ notebook.

use std::f64::consts::PI;
use std::fmt::Write as _;

use crate::catalog::{Header, PROVENANCE, SampleEntry, catalog_toml, push_weight};
use crate::distributions::{Quota, decay_cos_theta, falling_pt, poisson};
use crate::kinematics::{FourVector, Z_MASS, Z_WIDTH, delta_r, two_body_decay};
use crate::rng::Rng;

/// The dataset's id (its folder under `static_data/datasets/`).
pub const ID: &str = "atlas-ttz";
/// The dataset's title in the picker.
pub const TITLE: &str = "Top quarks with a Z boson: ttZ with two leptons and six jets (13 TeV)";
/// Integrated luminosity the weights are normalised to, in fb⁻¹ (the 2015–16 ATLAS data).
pub const LUMINOSITY_FB: f64 = 36.1;
const W_MASS: f64 = 80.379;
const W_WIDTH: f64 = 2.085;
const TOP_MASS: f64 = 172.5;
const TOP_WIDTH: f64 = 1.42;
const B_MASS: f64 = 4.8;
/// dN/dpT ∝ (1 + pT/p0)^(−n) of top quarks (p0, n in GeV): mean pT p0/(n − 2) = 100 GeV.
const TOP_SPECTRUM: (f64, f64) = (300.0, 5.0);
/// Jets are counted above 25 GeV inside the tracker (|η| < 2.5), where they can be b-tagged.
const JET_MIN_PT: f64 = 25.0;
const JET_MAX_ETA: f64 = 2.5;
/// Jets closer than this in ΔR are one jet (the anti-kt radius).
const JET_RADIUS: f64 = 0.4;
/// The MV2c10 77 % working point: b-jets tagged 77 % of the time, charm 1 in 6, light 1 in 134
/// (ATL-PHYS-PUB-2016-012, Table 2).
const TAG_EFFICIENCY: [f64; 3] = [0.77, 1.0 / 6.0, 1.0 / 134.0];

/// Where a jet came from: its b-tagging efficiency depends on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Flavour {
    Bottom = 0,
    Charm = 1,
    Light = 2,
}

/// A quark or gluon before the detector.
#[derive(Debug, Clone, Copy)]
struct Parton {
    p: FourVector,
    flavour: Flavour,
}

/// A reconstructed jet.
#[derive(Debug, Clone, Copy)]
struct Jet {
    p: FourVector,
    tagged: bool,
}

/// A selected event: its two leptons and its jets by falling pT.
#[derive(Debug, Clone)]
struct Event {
    leptons: [FourVector; 2],
    jets: Vec<Jet>,
}

/// How a sample's events are produced.
#[derive(Debug, Clone, Copy)]
enum Production {
    /// tt̄Z with both tops decaying to a b and two quarks, the Z to two leptons.
    TtZ,
    /// tt̄ with both W bosons decaying to a lepton and a neutrino.
    Ttbar,
    /// Z + jets with this many heavy-flavour quarks (2: a gluon split to bb̄; 1: one b or c
    /// jet; 0: light and charm jets only).
    ZJets(usize),
    /// Dibosons (ZZ → ℓℓbb̄, WZ → ℓℓqq) and single tops with a Z (tZq).
    Other,
}

/// Everything that distinguishes one simulated process from another.
#[derive(Debug, Clone, Copy)]
struct Process {
    name: &'static str,
    label: &'static str,
    role: &'static str,
    color: &'static str,
    /// Events to keep after the selection.
    events: usize,
    /// Expected events after the selection at [`LUMINOSITY_FB`]: with these the signal is about a
    /// seventh of the events and Z + heavy-flavour jets most of the background, as in the ATLAS
    /// region with two leptons, six jets and two b-tags (tests/storyline_ttz.rs checks the mix).
    expected_events: f64,
    /// Fraction of events with negative weight (next-to-leading-order generators).
    negative_fraction: f64,
    production: Production,
    /// Mean number of extra jets from radiation above the jet threshold.
    radiation: f64,
}

const PROCESSES: [Process; 6] = [
    Process {
        name: "Other",
        label: "Other (dibosons, tZq)",
        role: "background",
        color: "#79b278",
        events: 1_300,
        expected_events: 22.0,
        negative_fraction: 0.02,
        production: Production::Other,
        radiation: 2.6,
    },
    Process {
        name: "Z0HF",
        label: "Z + light jets",
        role: "background",
        color: "#ce0000",
        events: 1_200,
        expected_events: 30.0,
        negative_fraction: 0.02,
        production: Production::ZJets(0),
        radiation: 3.2,
    },
    Process {
        name: "Z1HF",
        label: "Z + 1 heavy-flavour jet",
        role: "background",
        color: "#ffcccc",
        events: 2_000,
        expected_events: 70.0,
        negative_fraction: 0.02,
        production: Production::ZJets(1),
        radiation: 3.2,
    },
    Process {
        name: "Z2HF",
        label: "Z + 2 heavy-flavour jets",
        role: "background",
        color: "#ff6666",
        events: 3_500,
        expected_events: 110.0,
        negative_fraction: 0.02,
        production: Production::ZJets(2),
        radiation: 3.0,
    },
    Process {
        name: "ttbar",
        label: "tt̄",
        role: "background",
        color: "#bdbdbd",
        events: 2_000,
        expected_events: 38.0,
        negative_fraction: 0.03,
        production: Production::Ttbar,
        radiation: 2.6,
    },
    Process {
        name: "ttZ",
        label: "Signal tt̄Z",
        role: "signal",
        color: "#00ccfd",
        events: 5_000,
        expected_events: 42.0,
        negative_fraction: 0.03,
        production: Production::TtZ,
        radiation: 1.2,
    },
];

/// The data sample's catalog entry (pseudo-data: not simulated with labels).
const DATA: SampleEntry<'static> = SampleEntry {
    name: "data",
    role: "data",
    label: "Data (pseudo-data)",
    color: "#000000",
    active: true,
};

/// Electron or muon rest mass, GeV, drawn 50/50.
fn lepton_mass(rng: &mut Rng) -> f64 {
    if rng.chance(0.5) {
        0.000_511
    } else {
        0.105_658
    }
}

/// A massive particle produced with a falling pT spectrum (p0, n in GeV), rapidity spread `y`.
fn produce(rng: &mut Rng, mass: f64, (p0, n): (f64, f64), y: f64) -> FourVector {
    let pt = falling_pt(rng, p0, n, 0.0);
    FourVector::from_pt_y_phi_m(pt, y * rng.normal(), rng.range(-PI, PI), mass)
}

/// A two-body decay with an isotropic angle.
fn decay(rng: &mut Rng, parent: &FourVector, m1: f64, m2: f64) -> (FourVector, FourVector) {
    two_body_decay(parent, m1, m2, rng.range(-1.0, 1.0), rng.range(-PI, PI))
}

/// A Z boson (pT spectrum `spectrum`) decaying to a same-flavour lepton pair with (1 + cos²θ).
fn z_leptons(rng: &mut Rng, spectrum: (f64, f64)) -> [FourVector; 2] {
    let mass = rng.breit_wigner(Z_MASS, Z_WIDTH, 66.0, 116.0);
    let z = produce(rng, mass, spectrum, 1.1);
    let m = lepton_mass(rng);
    let (a, b) = two_body_decay(&z, m, m, decay_cos_theta(rng, 1.0), rng.range(-PI, PI));
    [a, b]
}

/// A top quark decaying t → bW, W → qq̄′ (hadronic) or ℓν (leptonic, the lepton returned).
fn top(rng: &mut Rng, t: &FourVector, partons: &mut Vec<Parton>, leptonic: bool) -> FourVector {
    let w_mass = rng.breit_wigner(W_MASS, W_WIDTH, 60.0, 100.0);
    let (b, w) = decay(rng, t, B_MASS, w_mass);
    partons.push(Parton {
        p: b,
        flavour: Flavour::Bottom,
    });
    let (q, q2) = decay(rng, &w, 0.0, 0.0);
    if leptonic {
        return q;
    }
    // One W in three decays to a charm quark (cs̄).
    let charm = if rng.chance(0.33) {
        Flavour::Charm
    } else {
        Flavour::Light
    };
    partons.push(Parton {
        p: q,
        flavour: charm,
    });
    partons.push(Parton {
        p: q2,
        flavour: Flavour::Light,
    });
    FourVector::default()
}

/// A top-quark pair with a shared spectrum, each top at its own rapidity.
fn top_pair(rng: &mut Rng) -> [FourVector; 2] {
    let m1 = rng.breit_wigner(TOP_MASS, TOP_WIDTH, 160.0, 185.0);
    let m2 = rng.breit_wigner(TOP_MASS, TOP_WIDTH, 160.0, 185.0);
    [
        produce(rng, m1, TOP_SPECTRUM, 1.0),
        produce(rng, m2, TOP_SPECTRUM, 1.0),
    ]
}

/// A gluon splitting to a heavy-quark pair: a virtual gluon (mass 10–80 GeV, mostly low) with a
/// falling spectrum, so the two quarks are often close together.
fn gluon_splitting(rng: &mut Rng, flavour: Flavour, partons: &mut Vec<Parton>) {
    let virtuality = 10.0 + rng.exponential(12.0).min(70.0);
    let g = produce(rng, virtuality, (150.0, 4.5), 1.3);
    let m = if flavour == Flavour::Light {
        0.0
    } else {
        B_MASS
    };
    let (a, b) = decay(rng, &g, m, m);
    partons.push(Parton { p: a, flavour });
    partons.push(Parton { p: b, flavour });
}

/// A single quark of `flavour` recoiling against the Z, with a softer spectrum than a top's.
fn single_quark(rng: &mut Rng, flavour: Flavour, partons: &mut Vec<Parton>) {
    let pt = falling_pt(rng, 90.0, 4.5, 15.0);
    partons.push(Parton {
        p: FourVector::from_pt_eta_phi_m(pt, 1.4 * rng.normal(), rng.range(-PI, PI), B_MASS),
        flavour,
    });
}

/// Jets from initial- and final-state radiation: a Poisson number, soft and spread in rapidity;
/// one in twenty is a charm jet (gluons splitting to cc̄).
fn radiation(rng: &mut Rng, mean: f64, partons: &mut Vec<Parton>) {
    for _ in 0..poisson(rng, mean) {
        let pt = falling_pt(rng, 35.0, 4.2, 20.0);
        let flavour = if rng.chance(0.05) {
            Flavour::Charm
        } else {
            Flavour::Light
        };
        partons.push(Parton {
            p: FourVector::from_pt_eta_phi_m(pt, 1.6 * rng.normal(), rng.range(-PI, PI), 0.0),
            flavour,
        });
    }
}

/// The true leptons and partons of one event of process `p`.
fn generate_truth(p: &Process, rng: &mut Rng) -> ([FourVector; 2], Vec<Parton>) {
    let mut partons = Vec::with_capacity(12);
    let leptons = match p.production {
        Production::TtZ => {
            let [t1, t2] = top_pair(rng);
            top(rng, &t1, &mut partons, false);
            top(rng, &t2, &mut partons, false);
            z_leptons(rng, (240.0, 4.0))
        }
        Production::Ttbar => {
            let [t1, t2] = top_pair(rng);
            [
                top(rng, &t1, &mut partons, true),
                top(rng, &t2, &mut partons, true),
            ]
        }
        Production::ZJets(heavy) => {
            match heavy {
                2 => gluon_splitting(rng, Flavour::Bottom, &mut partons),
                1 => {
                    let flavour = if rng.chance(0.6) {
                        Flavour::Bottom
                    } else {
                        Flavour::Charm
                    };
                    single_quark(rng, flavour, &mut partons);
                    gluon_splitting(rng, Flavour::Charm, &mut partons);
                }
                _ => gluon_splitting(rng, Flavour::Light, &mut partons),
            }
            z_leptons(rng, (150.0, 4.0))
        }
        Production::Other => {
            if rng.chance(0.5) {
                // ZZ → ℓℓ bb̄ (or WZ → ℓℓ qq̄′): a second boson decaying to two jets.
                let (mass, flavour) = if rng.chance(0.6) {
                    (Z_MASS, Flavour::Bottom)
                } else {
                    (W_MASS, Flavour::Light)
                };
                let v = produce(rng, mass, (200.0, 4.5), 1.2);
                let (a, b) = decay(rng, &v, 0.0, 0.0);
                partons.push(Parton { p: a, flavour });
                partons.push(Parton { p: b, flavour });
            } else {
                // tZq: one top and a forward light quark.
                let t = produce(rng, TOP_MASS, (250.0, 5.0), 1.2);
                top(rng, &t, &mut partons, false);
                let pt = falling_pt(rng, 40.0, 4.5, 20.0);
                partons.push(Parton {
                    p: FourVector::from_pt_eta_phi_m(
                        pt,
                        2.5 * rng.normal(),
                        rng.range(-PI, PI),
                        0.0,
                    ),
                    flavour: Flavour::Light,
                });
            }
            z_leptons(rng, (180.0, 4.0))
        }
    };
    radiation(rng, p.radiation, &mut partons);
    (leptons, partons)
}

/// Partons closer than the jet radius merge (the harder one keeps its flavour); each jet is
/// smeared by the calorimeter (σ/E = 60 %/√E ⊕ 5 %) and kept above 25 GeV inside |η| < 2.5.
/// Returns the jets by falling pT with their flavours.
fn reconstruct_jets(rng: &mut Rng, mut partons: Vec<Parton>) -> Vec<Parton> {
    partons.sort_by(|a, b| b.p.pt().total_cmp(&a.p.pt()));
    let mut merged: Vec<Parton> = Vec::with_capacity(partons.len());
    for parton in partons {
        match merged
            .iter_mut()
            .find(|m| delta_r(&m.p, &parton.p) < JET_RADIUS)
        {
            Some(m) => m.p = m.p + parton.p,
            None => merged.push(parton),
        }
    }
    let mut jets: Vec<Parton> = merged
        .into_iter()
        .filter_map(|parton| {
            let energy = parton.p.e.max(1.0);
            let resolution = (0.6_f64.powi(2) / energy + 0.05_f64.powi(2)).sqrt();
            let factor = (1.0 + resolution * rng.normal()).max(0.1);
            let p = parton.p.scaled_with_mass(factor, parton.p.mass() * factor);
            (p.pt() > JET_MIN_PT && p.eta().abs() < JET_MAX_ETA).then_some(Parton { p, ..parton })
        })
        .collect();
    jets.sort_by(|a, b| b.p.pt().total_cmp(&a.p.pt()));
    jets
}

/// b-tags each jet at random with its flavour's efficiency; the event's weight factor is 1.
fn tag_at_random(rng: &mut Rng, jets: &[Parton]) -> (Vec<Jet>, f64) {
    let tagged = jets
        .iter()
        .map(|j| Jet {
            p: j.p,
            tagged: rng.chance(TAG_EFFICIENCY[j.flavour as usize]),
        })
        .collect();
    (tagged, 1.0)
}

/// Truth tagging, as ATLAS does for Z + light jets (two mistags in one event are too rare to
/// simulate one by one): two jets are tagged, drawn in proportion to their efficiencies, and the
/// event is weighted by the probability that at least two of its jets are tagged,
/// P(≥2) = 1 − Π(1 − εᵢ) − Σᵢ εᵢ Πⱼ≠ᵢ(1 − εⱼ).
fn tag_by_truth(rng: &mut Rng, jets: &[Parton]) -> (Vec<Jet>, f64) {
    let eff: Vec<f64> = jets
        .iter()
        .map(|j| TAG_EFFICIENCY[j.flavour as usize])
        .collect();
    let none: f64 = eff.iter().map(|e| 1.0 - e).product();
    let one: f64 = (0..eff.len())
        .map(|i| {
            eff[i]
                * (0..eff.len())
                    .filter(|&j| j != i)
                    .map(|j| 1.0 - eff[j])
                    .product::<f64>()
        })
        .sum();
    let mut chosen = Vec::with_capacity(2);
    while chosen.len() < 2 && chosen.len() < jets.len() {
        let total: f64 = (0..eff.len())
            .filter(|i| !chosen.contains(i))
            .map(|i| eff[i])
            .sum();
        let mut pick = rng.uniform() * total;
        let next = (0..eff.len())
            .filter(|i| !chosen.contains(i))
            .find(|&i| {
                pick -= eff[i];
                pick < 0.0
            })
            .unwrap_or_else(|| (0..eff.len()).rfind(|i| !chosen.contains(i)).unwrap_or(0));
        chosen.push(next);
    }
    let tagged = jets
        .iter()
        .enumerate()
        .map(|(i, j)| Jet {
            p: j.p,
            tagged: chosen.contains(&i),
        })
        .collect();
    (tagged, (1.0 - none - one).max(0.0))
}

/// Leptons smeared (2 % in momentum) and selected as in the ATLAS opposite-sign dilepton ttZ
/// region: same flavour (the generator only makes such pairs), |m_ℓℓ − m_Z| < 10 GeV, pT above
/// 30 and 15 GeV, |η| < 2.5; then at least six jets, at least two of them b-tagged. Returns the
/// event and its weight factor (below 1 for truth-tagged events).
fn generate_event(p: &Process, rng: &mut Rng) -> Option<(Event, f64)> {
    let (truth, partons) = generate_truth(p, rng);
    let mut leptons = truth.map(|l| l.scaled_with_mass(1.0 + 0.02 * rng.normal(), l.mass()));
    leptons.sort_by(|a, b| b.pt().total_cmp(&a.pt()));
    let mll = (leptons[0] + leptons[1]).mass();
    let leptons_pass = (mll - Z_MASS).abs() < 10.0
        && leptons[0].pt() > 30.0
        && leptons[1].pt() > 15.0
        && leptons.iter().all(|l| l.eta().abs() < 2.5);
    if !leptons_pass {
        return None;
    }
    let jets = reconstruct_jets(rng, partons);
    if jets.len() < 6 {
        return None;
    }
    let (jets, weight) = if matches!(p.production, Production::ZJets(0)) {
        tag_by_truth(rng, &jets)
    } else {
        tag_at_random(rng, &jets)
    };
    let tags = jets.iter().filter(|j| j.tagged).count();
    (tags >= 2 && weight > 0.0).then_some((Event { leptons, jets }, weight))
}

/// Keeps generating until `wanted` events pass; each with its weight factor.
fn generate_passing(p: &Process, rng: &mut Rng, wanted: usize) -> Vec<(Event, f64)> {
    let mut kept = Vec::with_capacity(wanted);
    while kept.len() < wanted {
        if let Some(event) = generate_event(p, rng) {
            kept.push(event);
        }
    }
    kept
}

/// The columns every sample has, in file order.
const COLUMNS: [&str; 17] = [
    "pt1_jet",
    "pt4_jet",
    "pt6_jet",
    "HT_jet6",
    "dRll",
    "mll",
    "ptll",
    "NJetPairsZMass",
    "Nmbjj_top",
    "MbbPtOrd",
    "dRbb",
    "MjjMindR",
    "dRjjave_jet",
    "CentrJet",
    "nJets",
    "nBJets",
    "totalWeight",
];

/// The event's observables in [`COLUMNS`] order (without the weight). Jet-pair and triplet
/// quantities use the eight hardest jets, as the ATLAS notebook does.
fn observables(event: &Event) -> [f64; 16] {
    let jets = &event.jets[..event.jets.len().min(8)];
    let [l1, l2] = event.leptons;
    let pt = |i: usize| jets[i].p.pt();
    let pairs = || (0..jets.len()).flat_map(|i| (i + 1..jets.len()).map(move |j| (i, j)));
    let pair_mass = |(i, j): (usize, usize)| (jets[i].p + jets[j].p).mass();
    // Pairs near the W/Z mass: within 30 GeV of 85 GeV.
    let near_v = pairs()
        .filter(|&ij| (pair_mass(ij) - 85.0).abs() < 30.0)
        .count();
    // Top candidates: one b-tagged jet and two untagged ones, the three within 15 GeV of the top
    // mass and the two within 15 GeV of the W mass.
    let mut near_top = 0;
    for (i, j) in pairs() {
        for k in j + 1..jets.len() {
            let trio = [i, j, k];
            let tagged: Vec<usize> = trio.into_iter().filter(|&x| jets[x].tagged).collect();
            if let [b] = tagged[..] {
                let others: Vec<usize> = trio.into_iter().filter(|&x| x != b).collect();
                let (q1, q2) = (others[0], others[1]);
                let m_w = pair_mass((q1, q2));
                let m_top = (jets[b].p + jets[q1].p + jets[q2].p).mass();
                if (m_top - TOP_MASS).abs() < 15.0 && (m_w - W_MASS).abs() < 15.0 {
                    near_top += 1;
                }
            }
        }
    }
    // The two hardest b-tagged jets (every selected event has two among all its jets).
    let mut tagged = event.jets.iter().filter(|j| j.tagged);
    let (b1, b2) = match (tagged.next(), tagged.next()) {
        (Some(a), Some(b)) => (a.p, b.p),
        _ => (event.jets[0].p, event.jets[1].p),
    };
    let closest = pairs()
        .min_by(|&(a, b), &(c, d)| {
            delta_r(&jets[a].p, &jets[b].p).total_cmp(&delta_r(&jets[c].p, &jets[d].p))
        })
        .unwrap_or((0, 1));
    let n_pairs = pairs().count().max(1) as f64;
    let dr_average = pairs()
        .map(|(i, j)| delta_r(&jets[i].p, &jets[j].p))
        .sum::<f64>()
        / n_pairs;
    let centrality =
        jets.iter().map(|j| j.p.pt()).sum::<f64>() / jets.iter().map(|j| j.p.e).sum::<f64>();
    [
        pt(0),
        pt(3),
        pt(5),
        (0..6).map(pt).sum(),
        delta_r(&l1, &l2),
        (l1 + l2).mass(),
        (l1 + l2).pt(),
        near_v as f64,
        f64::from(near_top),
        (b1 + b2).mass(),
        delta_r(&b1, &b2),
        pair_mass(closest),
        dr_average,
        centrality,
        event.jets.len() as f64,
        event.jets.iter().filter(|j| j.tagged).count() as f64,
    ]
}

/// One CSV row: momenta and masses to 10 MeV, angles and ratios to 10⁻³, counts as integers.
fn write_row(csv: &mut String, event: &Event, weight: f64) {
    for (value, name) in observables(event).iter().zip(COLUMNS) {
        let _ = match name {
            "NJetPairsZMass" | "Nmbjj_top" | "nJets" | "nBJets" => write!(csv, "{value},"),
            "dRll" | "dRbb" | "dRjjave_jet" | "CentrJet" => write!(csv, "{value:.3},"),
            _ => write!(csv, "{value:.2},"),
        };
    }
    push_weight(csv, weight);
}

/// One generated sample: its CSV text and bookkeeping.
#[derive(Debug, Clone)]
pub struct GeneratedSample {
    /// File name, e.g. "ttZ.csv".
    pub file: String,
    /// CSV text.
    pub csv: String,
    /// Rows written.
    pub kept: usize,
    /// Sum of weights (expected events at [`LUMINOSITY_FB`]).
    pub sum_of_weights: f64,
}

/// `count` events as real data would have them: unweighted, so a truth-tagged event is kept
/// with the probability its weight factor gives.
fn generate_unweighted(p: &Process, rng: &mut Rng, count: usize) -> Vec<Event> {
    let mut kept = Vec::with_capacity(count);
    while kept.len() < count {
        let (event, factor) = generate_passing(p, rng, 1).remove(0);
        if factor >= 1.0 || rng.chance(factor) {
            kept.push(event);
        }
    }
    kept
}

/// Generates the simulated samples and the pseudo-data with `seed`.
pub fn generate(seed: u64) -> Vec<GeneratedSample> {
    let header = format!("{}\n", COLUMNS.join(","));
    let mut samples = Vec::new();
    let mut data_events = Vec::new();
    for (stream, p) in (300_u64..).zip(PROCESSES.iter()) {
        let mut rng = Rng::new(seed, stream);
        let events = generate_passing(p, &mut rng, p.events);
        let mut negatives = Quota::new(p.negative_fraction, &mut rng);
        let factors: Vec<f64> = events
            .iter()
            .map(|(_, factor)| if negatives.take() { -factor } else { *factor })
            .collect();
        // Normalised so the signed weights add up to the expected events.
        let norm = p.expected_events / factors.iter().sum::<f64>();
        let mut csv = header.clone();
        csv.reserve(events.len() * 110);
        for ((event, _), factor) in events.iter().zip(&factors) {
            write_row(&mut csv, event, factor * norm);
        }
        // Pseudo-data: a Poisson-fluctuated number of fresh events from the same model.
        let mut data_rng = Rng::new(seed, stream + 100);
        let count = poisson(&mut data_rng, p.expected_events) as usize;
        data_events.extend(generate_unweighted(p, &mut data_rng, count));
        samples.push(GeneratedSample {
            file: format!("{}.csv", p.name),
            csv,
            kept: events.len(),
            sum_of_weights: p.expected_events,
        });
    }
    Rng::new(seed, 399).shuffle(&mut data_events);
    let mut csv = header;
    for event in &data_events {
        write_row(&mut csv, event, 1.0);
    }
    samples.push(GeneratedSample {
        file: "data.csv".to_owned(),
        csv,
        kept: data_events.len(),
        sum_of_weights: data_events.len() as f64,
    });
    samples
}

/// The catalog (TOML) describing the samples and variables.
pub fn catalog(seed: u64, version: &str) -> String {
    let header = Header {
        id: ID,
        title: TITLE,
        description: "Our own toy Monte-Carlo of the ATLAS Open Data ttZ samples used in the HSF lesson's optional exercise: two leptons from a Z boson, at least six jets, two of them b-tagged; top quarks with a Z (signal) against Z + jets, tt̄ and other processes, with Poisson-fluctuated pseudo-data at 36.1 fb⁻¹. Not real ATLAS data.",
        luminosity_fb: LUMINOSITY_FB,
        weight_column: "totalWeight",
        provenance: PROVENANCE,
        ams_b_reg: None,
        // The HSF lesson's `ML_inputs_ttZ`.
        inputs: &[
            "pt4_jet",
            "pt6_jet",
            "dRll",
            "NJetPairsZMass",
            "Nmbjj_top",
            "MbbPtOrd",
            "HT_jet6",
            "dRbb",
        ],
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
    let variables = [
        (
            "pt1_jet",
            "GeV",
            "Transverse momentum of the leading jet",
            30,
            0.0,
            600.0,
        ),
        (
            "pt4_jet",
            "GeV",
            "Transverse momentum of the fourth jet",
            30,
            0.0,
            150.0,
        ),
        (
            "pt6_jet",
            "GeV",
            "Transverse momentum of the sixth jet",
            30,
            20.0,
            80.0,
        ),
        (
            "HT_jet6",
            "GeV",
            "Scalar sum of the six leading jets' transverse momenta",
            30,
            150.0,
            1200.0,
        ),
        ("dRll", "", "ΔR between the two leptons", 25, 0.0, 5.0),
        (
            "mll",
            "GeV",
            "Invariant mass of the two leptons",
            20,
            81.0,
            101.0,
        ),
        (
            "ptll",
            "GeV",
            "Transverse momentum of the lepton pair (the Z candidate)",
            30,
            0.0,
            600.0,
        ),
        (
            "NJetPairsZMass",
            "",
            "Jet pairs with a mass within 30 GeV of 85 GeV (W or Z candidates)",
            12,
            -0.5,
            11.5,
        ),
        (
            "Nmbjj_top",
            "",
            "Top-quark candidates: a b-jet and two other jets near the top and W masses",
            8,
            -0.5,
            7.5,
        ),
        (
            "MbbPtOrd",
            "GeV",
            "Invariant mass of the two highest-pT b-tagged jets",
            30,
            0.0,
            600.0,
        ),
        (
            "dRbb",
            "",
            "ΔR between the two highest-pT b-tagged jets",
            25,
            0.0,
            5.0,
        ),
        (
            "MjjMindR",
            "GeV",
            "Invariant mass of the two jets closest in ΔR",
            30,
            0.0,
            300.0,
        ),
        (
            "dRjjave_jet",
            "",
            "Average ΔR of all jet pairs",
            25,
            1.0,
            4.0,
        ),
        (
            "CentrJet",
            "",
            "Jet centrality: scalar sum of the jets' pT over the sum of their energies",
            25,
            0.0,
            1.0,
        ),
        (
            "nJets",
            "",
            "Number of jets (pT > 25 GeV, |η| < 2.5)",
            7,
            5.5,
            12.5,
        ),
        (
            "nBJets",
            "",
            "Number of b-tagged jets (77 % working point)",
            4,
            1.5,
            5.5,
        ),
    ]
    .map(|(name, unit, description, bins, lo, hi)| {
        (name, unit, description, bins, lo, hi, &[][..])
    });
    catalog_toml(&header, seed, version, &samples, &variables)
}
