//! The `higgsml-toy` dataset: events in the format of the 2014 HiggsML challenge ("Learning to
//! discover: the Higgs boson machine learning challenge", Adam-Bourdarios et al., 2014) — H → ττ
//! with one τ decaying to a lepton and two neutrinos and the other to hadrons and a neutrino,
//! against Z → ττ, tt̄ and W + jets.
//!
//! Every event is built from particles: a Higgs or Z boson decays to two τ leptons, which decay
//! (the leptonic one to a lepton and a neutrino pair with the Michel spectrum, the hadronic one to
//! a π, ρ or a₁ and a neutrino); top quarks decay to a b quark and a W; a W decays to a lepton and
//! a neutrino. In tt̄ and W + jets the "hadronic τ" is most often a narrow jet mistaken for one.
//! Jets come from the recoil against the boson, from radiation, from the VBF tag quarks or from
//! top decays. The detector smears energies, counts jets above 30 GeV within |η| < 4.5 and
//! measures the missing transverse momentum (the neutrinos' plus a resolution that grows with
//! ΣE_T). The `PRI_*` columns are these measured objects; the `DER_*` columns are computed from
//! the printed `PRI_*` values with the challenge's published definitions, −999.0 exactly where a
//! definition is undefined. `DER_mass_MMC` is our simplified missing-mass estimate: the τ
//! neutrinos taken along their visible τ, their momentum fractions scanned and weighted by their
//! decay spectra and by how well they explain the measured missing momentum; undefined when no
//! choice explains it within three standard deviations.
//!
//! Weights sum, per label, to the challenge's training-set totals (Σw = 691.99 for signal,
//! 410 999.85 for background), so signal is 0.17 % of the weight while 18 % of the events.

use std::f64::consts::PI;
use std::fmt::Write as _;

use crate::catalog::{Header, SampleEntry, VariableEntry, catalog_toml};
use crate::distributions::{decay_cos_theta, falling_pt, gamma, poisson};
use crate::kinematics::{FourVector, Z_MASS, Z_WIDTH, delta_phi, two_body_decay};
use crate::rng::Rng;

/// The dataset's id (its folder under `static_data/datasets/`).
pub const ID: &str = "higgsml-toy";
/// The dataset's title in the picker.
pub const TITLE: &str = "Higgs boson to two tau leptons, in the HiggsML challenge format (8 TeV)";
/// The 2012 ATLAS data the challenge's simulation stands for, in fb⁻¹.
pub const LUMINOSITY_FB: f64 = 20.3;
/// The challenge's training-set total signal weight (expected signal events).
pub const SIGNAL_YIELD: f64 = 691.988_607_711;
/// The challenge's training-set total background weight.
pub const BACKGROUND_YIELD: f64 = 410_999.847_322;
/// The challenge's AMS regularisation term b_r.
pub const AMS_B_REG: f64 = 10.0;
/// What an undefined quantity is written as.
pub const UNDEFINED: f64 = -999.0;
/// The first `EventId` (the challenge's training set starts at 100000).
pub const FIRST_EVENT_ID: u64 = 100_000;

const H_MASS: f64 = 125.0;
const TAU_MASS: f64 = 1.776_86;
const W_MASS: f64 = 80.379;
const W_WIDTH: f64 = 2.085;
const TOP_MASS: f64 = 172.5;
const TOP_WIDTH: f64 = 1.42;
const B_MASS: f64 = 4.8;
/// Jets are counted above this pT (GeV) inside |η| < [`JET_MAX_ETA`].
const JET_MIN_PT: f64 = 30.0;
const JET_MAX_ETA: f64 = 4.5;
/// The selection: a lepton above 26 GeV and a hadronic τ above 20 GeV, both within |η| < 2.5.
const LEP_MIN_PT: f64 = 26.0;
const TAU_MIN_PT: f64 = 20.0;
const TRACKER_ETA: f64 = 2.5;
/// Missing-momentum resolution per component: this × √ΣE_T (GeV).
const MET_RESOLUTION: f64 = 0.7;

/// The file's columns, in the challenge's order.
pub const COLUMNS: [&str; 33] = [
    "EventId",
    "DER_mass_MMC",
    "DER_mass_transverse_met_lep",
    "DER_mass_vis",
    "DER_pt_h",
    "DER_deltaeta_jet_jet",
    "DER_mass_jet_jet",
    "DER_prodeta_jet_jet",
    "DER_deltar_tau_lep",
    "DER_pt_tot",
    "DER_sum_pt",
    "DER_pt_ratio_lep_tau",
    "DER_met_phi_centrality",
    "DER_lep_eta_centrality",
    "PRI_tau_pt",
    "PRI_tau_eta",
    "PRI_tau_phi",
    "PRI_lep_pt",
    "PRI_lep_eta",
    "PRI_lep_phi",
    "PRI_met",
    "PRI_met_phi",
    "PRI_met_sumet",
    "PRI_jet_num",
    "PRI_jet_leading_pt",
    "PRI_jet_leading_eta",
    "PRI_jet_leading_phi",
    "PRI_jet_subleading_pt",
    "PRI_jet_subleading_eta",
    "PRI_jet_subleading_phi",
    "PRI_jet_all_pt",
    "Weight",
    "Label",
];

/// How a sample's events are produced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Production {
    /// H → ττ, by gluon fusion or (a share of events) vector-boson fusion.
    Higgs,
    /// Z/γ* → ττ.
    ZTauTau,
    /// tt̄ with one W decaying to a lepton.
    TopPair,
    /// W → ℓν with a jet taken for a hadronic τ.
    WJets,
}

/// A sample: name, label text, legend, colour, events generated, expected events, how.
struct Process {
    name: &'static str,
    role: &'static str,
    label: &'static str,
    color: &'static str,
    events: usize,
    yield_events: f64,
    production: Production,
}

const PROCESSES: [Process; 4] = [
    Process {
        name: "Htautau",
        role: "signal",
        label: "H → ττ (125 GeV)",
        color: "#d62728",
        events: 6_000,
        yield_events: SIGNAL_YIELD,
        production: Production::Higgs,
    },
    Process {
        name: "Ztautau",
        role: "background",
        label: "Z → ττ",
        color: "#1f77b4",
        events: 11_000,
        yield_events: BACKGROUND_YIELD * 0.40,
        production: Production::ZTauTau,
    },
    Process {
        name: "ttbar",
        role: "background",
        label: "tt̄",
        color: "#ff7f0e",
        events: 5_000,
        yield_events: BACKGROUND_YIELD * 0.12,
        production: Production::TopPair,
    },
    Process {
        name: "Wjets",
        role: "background",
        label: "W + jets",
        color: "#2ca02c",
        events: 11_000,
        yield_events: BACKGROUND_YIELD * 0.48,
        production: Production::WJets,
    },
];

/// What the detector saw: the objects the `PRI_*` columns describe.
#[derive(Debug, Clone)]
pub struct Measured {
    /// The hadronic τ candidate (or the jet taken for one).
    pub tau: FourVector,
    /// The electron or muon.
    pub lep: FourVector,
    /// Missing transverse momentum (x, y), GeV.
    pub met: (f64, f64),
    /// Total transverse energy ΣE_T, GeV.
    pub sumet: f64,
    /// Jets above 30 GeV within |η| < 4.5, by falling pT.
    pub jets: Vec<FourVector>,
}

/// The generator-level pieces of an event before the detector.
struct Truth {
    tau_visible: FourVector,
    lep: FourVector,
    neutrinos: Vec<FourVector>,
    /// Quarks and gluons that become jets.
    partons: Vec<FourVector>,
}

fn uniform_phi(rng: &mut Rng) -> f64 {
    rng.range(-PI, PI)
}

/// A boson of mass `m` with pT from a falling spectrum and a Gaussian rapidity.
fn boson(rng: &mut Rng, m: f64, pt_spectrum: (f64, f64), rapidity_sigma: f64) -> FourVector {
    let pt = falling_pt(rng, pt_spectrum.0, pt_spectrum.1, 0.0);
    FourVector::from_pt_y_phi_m(pt, rapidity_sigma * rng.normal(), uniform_phi(rng), m)
}

/// Jets recoiling against a boson of transverse momentum `recoil` (one hard jet sharing its pT,
/// opposite in φ) and `radiation` more on average from initial-state radiation.
fn recoil_jets(rng: &mut Rng, against: &FourVector, radiation: f64) -> Vec<FourVector> {
    let mut partons = Vec::new();
    if against.pt() > 15.0 {
        let pt = against.pt() * rng.range(0.75, 1.2);
        let phi = against.phi() + PI + 0.3 * rng.normal();
        partons.push(FourVector::from_pt_eta_phi_m(
            pt,
            2.0 * rng.normal(),
            phi,
            0.0,
        ));
    }
    partons.extend(radiation_jets(rng, radiation, 2.3));
    partons
}

/// Radiated partons: `mean` of them on average, pT above 15 GeV from a falling spectrum, η
/// Gaussian with spread `eta_sigma`.
fn radiation_jets(rng: &mut Rng, mean: f64, eta_sigma: f64) -> Vec<FourVector> {
    (0..poisson(rng, mean))
        .map(|_| {
            let pt = falling_pt(rng, 30.0, 4.0, 15.0);
            FourVector::from_pt_eta_phi_m(pt, eta_sigma * rng.normal(), uniform_phi(rng), 0.0)
        })
        .collect()
}

/// A leptonic τ decay: the lepton and the neutrino pair, whose mass sets the lepton's energy in
/// the τ rest frame, E* = y·m_τ/2 with y from the Michel spectrum 2y²(3 − 2y).
fn leptonic_tau(rng: &mut Rng, tau: &FourVector) -> (FourVector, FourVector) {
    let y = loop {
        let y = rng.uniform();
        if rng.uniform() * 2.0 < 2.0 * y * y * (3.0 - 2.0 * y) {
            break y;
        }
    };
    let m_nunu = TAU_MASS * (1.0 - y).max(0.0).sqrt();
    two_body_decay(tau, 0.0, m_nunu, rng.range(-1.0, 1.0), uniform_phi(rng))
}

/// A hadronic τ decay: π (11 % of all τ decays), ρ (25 %) or a₁ (18 %) and a neutrino.
fn hadronic_tau(rng: &mut Rng, tau: &FourVector) -> (FourVector, FourVector) {
    let pick = rng.uniform() * 54.0;
    let m = if pick < 11.0 {
        0.1396
    } else if pick < 36.0 {
        rng.breit_wigner(0.775, 0.149, 0.3, 1.6)
    } else {
        rng.breit_wigner(1.23, 0.42, 0.5, 1.7)
    };
    two_body_decay(tau, m, 0.0, rng.range(-1.0, 1.0), uniform_phi(rng))
}

/// A boson decaying to τ⁺τ⁻, one leptonic and one hadronic: the visible τ, the lepton, the
/// neutrinos. `a` shapes the decay angle (1 + a·cos²θ).
fn tau_pair(
    rng: &mut Rng,
    parent: &FourVector,
    a: f64,
) -> (FourVector, FourVector, [FourVector; 2]) {
    let (t1, t2) = two_body_decay(
        parent,
        TAU_MASS,
        TAU_MASS,
        decay_cos_theta(rng, a),
        uniform_phi(rng),
    );
    let (lep_tau, had_tau) = if rng.chance(0.5) { (t1, t2) } else { (t2, t1) };
    let (lep, nunu) = leptonic_tau(rng, &lep_tau);
    let (vis, nu) = hadronic_tau(rng, &had_tau);
    (vis, lep, [nunu, nu])
}

/// A jet taken for a hadronic τ: a narrow jet whose charged core carries most of its momentum.
fn fake_tau(rng: &mut Rng, jet: &FourVector) -> FourVector {
    jet.scaled_with_mass(rng.range(0.55, 0.95), gamma(rng, 2.0, 0.4).min(1.7))
}

fn higgs(rng: &mut Rng) -> Truth {
    let vbf = rng.chance(0.12);
    let h = if vbf {
        boson(rng, H_MASS, (80.0, 5.0), 1.2)
    } else {
        boson(rng, H_MASS, (60.0, 4.5), 1.6)
    };
    let (tau_visible, lep, nus) = tau_pair(rng, &h, 0.0);
    let partons = if vbf {
        // Two forward tag quarks in opposite hemispheres, far apart in η.
        let side = if rng.chance(0.5) { 1.0 } else { -1.0 };
        let mut tags: Vec<FourVector> = [side, -side]
            .iter()
            .map(|s| {
                let eta = s * (2.6 + 0.9 * rng.normal()).abs();
                FourVector::from_pt_eta_phi_m(
                    falling_pt(rng, 60.0, 4.0, 20.0),
                    eta,
                    uniform_phi(rng),
                    0.0,
                )
            })
            .collect();
        tags.extend(recoil_jets(rng, &FourVector::default(), 0.3));
        tags
    } else {
        recoil_jets(rng, &h, 0.9)
    };
    Truth {
        tau_visible,
        lep,
        neutrinos: nus.to_vec(),
        partons,
    }
}

fn z_tautau(rng: &mut Rng) -> Truth {
    let m = rng.breit_wigner(Z_MASS, Z_WIDTH, 60.0, 130.0);
    let z = boson(rng, m, (25.0, 4.5), 2.0);
    let (tau_visible, lep, nus) = tau_pair(rng, &z, 1.0);
    Truth {
        tau_visible,
        lep,
        neutrinos: nus.to_vec(),
        partons: recoil_jets(rng, &z, 0.8),
    }
}

fn w_jets(rng: &mut Rng) -> Option<Truth> {
    let m = rng.breit_wigner(W_MASS, W_WIDTH, 50.0, 110.0);
    let pt = falling_pt(rng, 40.0, 4.5, 15.0);
    let w = FourVector::from_pt_y_phi_m(pt, 2.0 * rng.normal(), uniform_phi(rng), m);
    let (lep, nu) = two_body_decay(&w, 0.0, 0.0, decay_cos_theta(rng, 1.0), uniform_phi(rng));
    let mut partons = recoil_jets(rng, &w, 1.0);
    // The hardest jet is taken for the τ (the event needs one).
    let hardest =
        (0..partons.len()).max_by(|&a, &b| partons[a].pt().total_cmp(&partons[b].pt()))?;
    let jet = partons.remove(hardest);
    let tau_visible = fake_tau(rng, &jet);
    Some(Truth {
        tau_visible,
        lep,
        neutrinos: vec![nu],
        partons,
    })
}

fn top_pair(rng: &mut Rng) -> Truth {
    let pt = falling_pt(rng, 300.0, 5.0, 0.0);
    let (phi, y) = (uniform_phi(rng), rng.normal());
    let mut tops = [0, 1].map(|k| {
        let m = rng.breit_wigner(TOP_MASS, TOP_WIDTH, 160.0, 185.0);
        let (phi, y) = if k == 0 {
            (phi, y)
        } else {
            (phi + PI, y + rng.normal())
        };
        FourVector::from_pt_y_phi_m(pt, y, phi, m)
    });
    rng.shuffle(&mut tops);
    let mut partons = Vec::new();
    let mut ws = Vec::new();
    for t in &tops {
        let mw = rng.breit_wigner(W_MASS, W_WIDTH, 60.0, 100.0);
        let (b, w) = two_body_decay(t, B_MASS, mw, rng.range(-1.0, 1.0), uniform_phi(rng));
        partons.push(b);
        ws.push(w);
    }
    let (w_lep, w_other) = (ws[0], ws[1]);
    let (lep, nu) = two_body_decay(&w_lep, 0.0, 0.0, rng.range(-1.0, 1.0), uniform_phi(rng));
    let mut neutrinos = vec![nu];
    let tau_visible = if rng.chance(0.3) {
        // W → τν with τ → hadrons ν: a real hadronic τ.
        let (tau, nu_w) = two_body_decay(
            &w_other,
            TAU_MASS,
            0.0,
            rng.range(-1.0, 1.0),
            uniform_phi(rng),
        );
        let (vis, nu_tau) = hadronic_tau(rng, &tau);
        neutrinos.extend([nu_w, nu_tau]);
        vis
    } else {
        // W → qq̄′: one quark's jet is taken for the τ, the other stays a jet.
        let (q1, q2) = two_body_decay(&w_other, 0.0, 0.0, rng.range(-1.0, 1.0), uniform_phi(rng));
        partons.push(q2);
        fake_tau(rng, &q1)
    };
    partons.extend(radiation_jets(rng, 0.8, 2.0));
    Truth {
        tau_visible,
        lep,
        neutrinos,
        partons,
    }
}

/// The detector: resolutions, the jet count, ΣE_T and the missing momentum.
fn measure(rng: &mut Rng, truth: &Truth, production: Production) -> Measured {
    let smear = |rng: &mut Rng, p: &FourVector, sigma: f64| {
        let m = p.mass();
        p.scaled_with_mass((1.0 + sigma * rng.normal()).max(0.1), m)
    };
    let tau = smear(rng, &truth.tau_visible, 0.05);
    let lep = smear(rng, &truth.lep, 0.02);
    let all_jets: Vec<FourVector> = truth
        .partons
        .iter()
        .map(|q| {
            let sigma = (0.5 / q.e.max(1.0).sqrt()).hypot(0.05);
            q.scaled_massless((1.0 + sigma * rng.normal()).max(0.1))
        })
        .collect();
    let mut jets: Vec<FourVector> = all_jets
        .iter()
        .filter(|j| j.pt() > JET_MIN_PT && j.eta().abs() < JET_MAX_ETA)
        .copied()
        .collect();
    jets.sort_by(|a, b| b.pt().total_cmp(&a.pt()));
    let soft_mean = if production == Production::TopPair {
        180.0
    } else {
        130.0
    };
    let soft = gamma(rng, 4.0, soft_mean / 4.0);
    let sumet = tau.pt() + lep.pt() + all_jets.iter().map(FourVector::pt).sum::<f64>() + soft;
    let sigma = MET_RESOLUTION * sumet.sqrt();
    let nx: f64 = truth.neutrinos.iter().map(|n| n.px).sum();
    let ny: f64 = truth.neutrinos.iter().map(|n| n.py).sum();
    // A few events are badly measured (a jet in a crack, pile-up): a wider resolution.
    let sigma = if rng.chance(0.05) { 3.0 * sigma } else { sigma };
    let met = (nx + sigma * rng.normal(), ny + sigma * rng.normal());
    Measured {
        tau,
        lep,
        met,
        sumet,
        jets,
    }
}

fn selected(m: &Measured) -> bool {
    m.lep.pt() > LEP_MIN_PT
        && m.lep.eta().abs() < TRACKER_ETA
        && m.tau.pt() > TAU_MIN_PT
        && m.tau.eta().abs() < TRACKER_ETA
}

/// One selected event of `production`.
fn event(rng: &mut Rng, production: Production) -> Measured {
    loop {
        let truth = match production {
            Production::Higgs => Some(higgs(rng)),
            Production::ZTauTau => Some(z_tautau(rng)),
            Production::TopPair => Some(top_pair(rng)),
            Production::WJets => w_jets(rng),
        };
        if let Some(truth) = truth {
            let measured = measure(rng, &truth, production);
            if selected(&measured) {
                return measured;
            }
        }
    }
}

/// Rounds to the 3 decimals the file prints (the `DER_*` columns are computed from these).
fn r3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// The primary quantities as printed: (pt, η, φ) of τ, lepton, jets; MET, its φ, ΣE_T.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Primary {
    /// Hadronic τ (pT, η, φ).
    pub tau: (f64, f64, f64),
    /// Lepton (pT, η, φ).
    pub lep: (f64, f64, f64),
    /// Missing transverse momentum magnitude and azimuth.
    pub met: (f64, f64),
    /// ΣE_T.
    pub sumet: f64,
    /// Jets above 30 GeV (3 means three or more).
    pub jet_num: usize,
    /// Leading jet (pT, η, φ), if any.
    pub leading: Option<(f64, f64, f64)>,
    /// Subleading jet (pT, η, φ), if any.
    pub subleading: Option<(f64, f64, f64)>,
    /// Scalar sum of every counted jet's pT (0 without jets).
    pub jet_all_pt: f64,
}

impl Primary {
    /// The printed primary quantities of `m`.
    pub fn of(m: &Measured) -> Self {
        let ptetaphi = |p: &FourVector| (r3(p.pt()), r3(p.eta()), r3(p.phi()));
        Self {
            tau: ptetaphi(&m.tau),
            lep: ptetaphi(&m.lep),
            met: (r3(m.met.0.hypot(m.met.1)), r3(m.met.1.atan2(m.met.0))),
            sumet: r3(m.sumet),
            jet_num: m.jets.len().min(3),
            leading: m.jets.first().map(ptetaphi),
            subleading: m.jets.get(1).map(ptetaphi),
            jet_all_pt: r3(m.jets.iter().map(FourVector::pt).sum()),
        }
    }
}

fn px_py(pt: f64, phi: f64) -> (f64, f64) {
    (pt * phi.cos(), pt * phi.sin())
}

fn massless((pt, eta, phi): (f64, f64, f64)) -> FourVector {
    FourVector::from_pt_eta_phi_m(pt, eta, phi, 0.0)
}

/// The challenge's derived quantities (all but `DER_mass_MMC`), from the printed primaries:
/// [mass_transverse_met_lep, mass_vis, pt_h, deltaeta_jet_jet, mass_jet_jet, prodeta_jet_jet,
/// deltar_tau_lep, pt_tot, sum_pt, pt_ratio_lep_tau, met_phi_centrality, lep_eta_centrality].
/// The τ and lepton are taken massless, as the definitions do.
pub fn derived(p: &Primary) -> [f64; 12] {
    let (tau, lep) = (massless(p.tau), massless(p.lep));
    let (mx, my) = px_py(p.met.0, p.met.1);
    // Transverse mass: √((|MET| + pT_lep)² − |MET + pT_lep|²).
    let mt2 = (p.met.0 + p.lep.0).powi(2) - (mx + lep.px).powi(2) - (my + lep.py).powi(2);
    let mass_vis = (tau + lep).mass();
    let pt_h = (tau.px + lep.px + mx).hypot(tau.py + lep.py + my);
    let pair = p.leading.zip(p.subleading);
    let (deta, mjj, prodeta, lep_centrality) = match pair {
        Some((j1, j2)) => {
            let mean = (j1.1 + j2.1) / 2.0;
            let spread = (j1.1 - j2.1).powi(2);
            let centrality = (-4.0 / spread * (p.lep.1 - mean).powi(2)).exp();
            (
                (j1.1 - j2.1).abs(),
                (massless(j1) + massless(j2)).mass(),
                j1.1 * j2.1,
                centrality,
            )
        }
        None => (UNDEFINED, UNDEFINED, UNDEFINED, UNDEFINED),
    };
    let deltar = (p.tau.1 - p.lep.1).hypot(delta_phi(p.tau.2, p.lep.2));
    let jets: Vec<FourVector> = p
        .leading
        .iter()
        .chain(&p.subleading)
        .map(|j| massless(*j))
        .collect();
    let tot_x = tau.px + lep.px + mx + jets.iter().map(|j| j.px).sum::<f64>();
    let tot_y = tau.py + lep.py + my + jets.iter().map(|j| j.py).sum::<f64>();
    let sum_pt = p.tau.0 + p.lep.0 + p.jet_all_pt;
    [
        mt2.max(0.0).sqrt(),
        mass_vis,
        pt_h,
        deta,
        mjj,
        prodeta,
        deltar,
        tot_x.hypot(tot_y),
        sum_pt,
        p.lep.0 / p.tau.0,
        met_phi_centrality(p.met.1, p.lep.2, p.tau.2),
        lep_centrality,
    ]
}

/// How central the missing momentum's azimuth is between the lepton's and the τ's:
/// (A + B)/√(A² + B²) with A = sin(φ_met − φ_lep)·s, B = sin(φ_τ − φ_met)·s,
/// s = sign(sin(φ_τ − φ_lep)); √2 when the missing momentum bisects them, −√2 opposite.
pub fn met_phi_centrality(met_phi: f64, lep_phi: f64, tau_phi: f64) -> f64 {
    let s = (tau_phi - lep_phi).sin().signum();
    let a = (met_phi - lep_phi).sin() * s;
    let b = (tau_phi - met_phi).sin() * s;
    let norm = a.hypot(b);
    if norm == 0.0 { 0.0 } else { (a + b) / norm }
}

/// Our missing-mass estimate of the ττ system (GeV), or `None` when no choice of neutrinos
/// explains the measured missing momentum. Each τ's neutrinos are taken along its visible
/// decay products, carrying a fraction (1 − x)/x of their momentum; x₁ (hadronic, above
/// m_vis²/m_τ²) and x₂ (leptonic) are scanned over (0, 1], each choice weighted by a prior
/// √(x₁x₂) and by the Gaussian likelihood of the missing-momentum residual; the estimate is the
/// weighted median of m_vis/√(x₁x₂). Undefined when the best residual exceeds 3σ.
pub fn missing_mass(p: &Primary, tau_visible_mass: f64) -> Option<f64> {
    const STEPS: usize = 40;
    let (tau, lep) = (massless(p.tau), massless(p.lep));
    let (mx, my) = px_py(p.met.0, p.met.1);
    let sigma2 = (MET_RESOLUTION * p.sumet.sqrt()).powi(2);
    let mass_vis = (tau + lep).mass();
    let x_min_had = (tau_visible_mass / TAU_MASS).powi(2);
    let mut best_chi2 = f64::INFINITY;
    let mut masses: Vec<(f64, f64)> = Vec::with_capacity(STEPS * STEPS);
    for i in 0..STEPS {
        let x1 = (i as f64 + 0.5) / STEPS as f64;
        if x1 < x_min_had {
            continue;
        }
        for j in 0..STEPS {
            let x2 = (j as f64 + 0.5) / STEPS as f64;
            let (f1, f2) = (1.0 / x1 - 1.0, 1.0 / x2 - 1.0);
            let (rx, ry) = (
                mx - f1 * tau.px - f2 * lep.px,
                my - f1 * tau.py - f2 * lep.py,
            );
            let chi2 = (rx * rx + ry * ry) / sigma2;
            best_chi2 = best_chi2.min(chi2);
            // The selection's pT thresholds keep mostly taus whose visible products carry most
            // of the momentum: a prior rising as √(x₁x₂) (tuned so that Z → ττ lands near 91).
            let prior = (x1 * x2).sqrt();
            masses.push((mass_vis / (x1 * x2).sqrt(), prior * (-0.5 * chi2).exp()));
        }
    }
    if best_chi2 > 9.0 {
        return None;
    }
    // The weighted median: the mean would follow the long tail of small x (large masses).
    masses.sort_by(|a, b| a.0.total_cmp(&b.0));
    let total: f64 = masses.iter().map(|m| m.1).sum();
    let mut below = 0.0;
    masses.iter().find_map(|&(m, w)| {
        below += w;
        (below >= total / 2.0 && total > 0.0).then_some(m)
    })
}

fn push(csv: &mut String, x: f64) {
    if x == UNDEFINED {
        csv.push_str("-999.0,");
    } else {
        let _ = write!(csv, "{x:.3},");
    }
}

/// A selected event as the file prints it: its primaries, its mass estimate, and its weight
/// factor before normalisation.
struct Row {
    primary: Primary,
    mass: Option<f64>,
    factor: f64,
}

/// Background events far from the signal (no mass estimate near the Higgs, or a W-like
/// transverse mass) are kept one time in [`THINNING`] and weigh that much more: like the
/// challenge's samples, the simulation spends its events where signal and background meet.
const THINNING: f64 = 5.0;

fn signal_like(row: &Row) -> bool {
    let mt = derived(&row.primary)[0];
    row.mass.is_some_and(|m| (95.0..160.0).contains(&m)) && mt < 60.0
}

/// `count` rows of `production`, thinned away from the signal for backgrounds.
fn rows(rng: &mut Rng, production: Production, count: usize) -> Vec<Row> {
    let mut rows = Vec::with_capacity(count);
    while rows.len() < count {
        let m = event(rng, production);
        let primary = Primary::of(&m);
        let mass = missing_mass(&primary, m.tau.mass()).map(r3);
        let mut row = Row {
            primary,
            mass,
            factor: 1.0,
        };
        if production != Production::Higgs && !signal_like(&row) {
            if !rng.chance(1.0 / THINNING) {
                continue;
            }
            row.factor = THINNING;
        }
        rows.push(row);
    }
    rows
}

fn write_row(csv: &mut String, id: u64, row: &Row, weight: f64, label: &str) {
    let p = &row.primary;
    let _ = write!(csv, "{id},");
    push(csv, row.mass.unwrap_or(UNDEFINED));
    for d in derived(p) {
        push(csv, if d == UNDEFINED { d } else { r3(d) });
    }
    for x in [
        p.tau.0, p.tau.1, p.tau.2, p.lep.0, p.lep.1, p.lep.2, p.met.0, p.met.1, p.sumet,
    ] {
        push(csv, x);
    }
    let _ = write!(csv, "{},", p.jet_num);
    for jet in [p.leading, p.subleading] {
        let (pt, eta, phi) = jet.unwrap_or((UNDEFINED, UNDEFINED, UNDEFINED));
        for x in [pt, eta, phi] {
            push(csv, x);
        }
    }
    push(csv, p.jet_all_pt);
    let _ = writeln!(csv, "{weight:.8e},{label}");
}

/// A generated sample's file and what was written.
#[derive(Debug, Clone)]
pub struct GeneratedSample {
    /// File name, e.g. "Htautau.csv".
    pub file: String,
    /// CSV text.
    pub csv: String,
    /// Rows written.
    pub kept: usize,
    /// Sum of weights (expected events).
    pub sum_of_weights: f64,
}

/// Generates every sample with `seed`. Event ids are a shuffle of 100000… over all samples, so
/// that neither file order nor id reveals the process.
pub fn generate(seed: u64) -> Vec<GeneratedSample> {
    let total: usize = PROCESSES.iter().map(|p| p.events).sum();
    let mut ids: Vec<u64> = (0..total as u64).map(|i| FIRST_EVENT_ID + i).collect();
    Rng::new(seed, 499).shuffle(&mut ids);
    let mut next_id = ids.into_iter();
    let header = format!("{}\n", COLUMNS.join(","));
    (400_u64..)
        .zip(PROCESSES.iter())
        .map(|(stream, p)| {
            let mut rng = Rng::new(seed, stream);
            let rows = rows(&mut rng, p.production, p.events);
            let label = if p.role == "signal" { "s" } else { "b" };
            // Normalised so the weights add up to the expected events.
            let unit = p.yield_events / rows.iter().map(|r| r.factor).sum::<f64>();
            let mut rows: Vec<(u64, &Row)> = rows
                .iter()
                .map(|r| (next_id.next().unwrap_or_default(), r))
                .collect();
            rows.sort_by_key(|(id, _)| *id);
            let mut csv = header.clone();
            csv.reserve(rows.len() * 260);
            for (id, row) in rows {
                write_row(&mut csv, id, row, unit * row.factor, label);
            }
            GeneratedSample {
                file: format!("{}.csv", p.name),
                csv,
                kept: p.events,
                sum_of_weights: p.yield_events,
            }
        })
        .collect()
}

/// The catalog text for the dataset.
pub fn catalog(seed: u64, version: &str) -> String {
    let inputs: Vec<&str> = COLUMNS[1..31].to_vec();
    let header = Header {
        id: ID,
        title: TITLE,
        description: "Our own toy Monte-Carlo in the format of the 2014 HiggsML challenge: H → ττ (one τ to a lepton, one to hadrons) against Z → ττ, tt̄ and W + jets, with the challenge's 30 features (PRI_ measured, DER_ derived from them with the published definitions; −999.0 where undefined), Weight summing to the challenge's expected yields, and Label s/b. DER_mass_MMC is a simplified missing-mass estimate. Not the challenge's data.",
        luminosity_fb: LUMINOSITY_FB,
        inputs: &inputs,
        weight_column: "Weight",
        provenance: "toy simulation generated by Five Sigma in the format of the HiggsML challenge (2014)",
        ams_b_reg: Some(AMS_B_REG),
    };
    let samples: Vec<SampleEntry<'_>> = PROCESSES
        .iter()
        .map(|p| SampleEntry {
            name: p.name,
            role: p.role,
            label: p.label,
            color: p.color,
            active: true,
        })
        .collect();
    let variables: Vec<VariableEntry<'_>> = vec![
        (
            "DER_mass_MMC",
            "GeV",
            "Estimated mass of the ττ system (our simplified missing-mass estimate; −999 when no choice of neutrinos explains the missing momentum)",
            30,
            0.0,
            300.0,
            &[],
        ),
        (
            "DER_mass_transverse_met_lep",
            "GeV",
            "Transverse mass of the lepton and the missing momentum",
            30,
            0.0,
            150.0,
            &[],
        ),
        (
            "DER_mass_vis",
            "GeV",
            "Invariant mass of the hadronic τ and the lepton",
            30,
            0.0,
            250.0,
            &[],
        ),
        (
            "DER_pt_h",
            "GeV",
            "|pT(τ) + pT(lepton) + missing pT|",
            30,
            0.0,
            300.0,
            &[],
        ),
        (
            "DER_deltaeta_jet_jet",
            "",
            "|Δη| of the two leading jets (−999 with fewer than two)",
            20,
            0.0,
            9.0,
            &[],
        ),
        (
            "DER_mass_jet_jet",
            "GeV",
            "Invariant mass of the two leading jets (−999 with fewer than two)",
            30,
            0.0,
            1500.0,
            &[],
        ),
        (
            "DER_prodeta_jet_jet",
            "",
            "η₁·η₂ of the two leading jets (−999 with fewer than two)",
            30,
            -15.0,
            15.0,
            &[],
        ),
        (
            "DER_deltar_tau_lep",
            "",
            "ΔR between the hadronic τ and the lepton",
            30,
            0.0,
            5.0,
            &[],
        ),
        (
            "DER_pt_tot",
            "GeV",
            "|pT(τ) + pT(lepton) + missing pT + pT of the two leading jets|",
            30,
            0.0,
            200.0,
            &[],
        ),
        (
            "DER_sum_pt",
            "GeV",
            "pT(τ) + pT(lepton) + PRI_jet_all_pt",
            30,
            0.0,
            600.0,
            &[],
        ),
        (
            "DER_pt_ratio_lep_tau",
            "",
            "pT(lepton) / pT(τ)",
            30,
            0.0,
            6.0,
            &[],
        ),
        (
            "DER_met_phi_centrality",
            "",
            "How central the missing momentum's φ is between the lepton's and the τ's (√2 when it bisects them)",
            30,
            -1.5,
            1.5,
            &[],
        ),
        (
            "DER_lep_eta_centrality",
            "",
            "How central the lepton's η is between the two jets' (−999 with fewer than two)",
            20,
            0.0,
            1.0,
            &[],
        ),
        (
            "PRI_tau_pt",
            "GeV",
            "Hadronic τ transverse momentum",
            30,
            20.0,
            200.0,
            &[],
        ),
        (
            "PRI_tau_eta",
            "",
            "Hadronic τ pseudorapidity",
            25,
            -2.5,
            2.5,
            &[],
        ),
        (
            "PRI_tau_phi",
            "rad",
            "Hadronic τ azimuth",
            20,
            -3.15,
            3.15,
            &[],
        ),
        (
            "PRI_lep_pt",
            "GeV",
            "Lepton transverse momentum",
            30,
            26.0,
            200.0,
            &[],
        ),
        (
            "PRI_lep_eta",
            "",
            "Lepton pseudorapidity",
            25,
            -2.5,
            2.5,
            &[],
        ),
        ("PRI_lep_phi", "rad", "Lepton azimuth", 20, -3.15, 3.15, &[]),
        (
            "PRI_met",
            "GeV",
            "Missing transverse momentum",
            30,
            0.0,
            200.0,
            &[],
        ),
        (
            "PRI_met_phi",
            "rad",
            "Azimuth of the missing transverse momentum",
            20,
            -3.15,
            3.15,
            &[],
        ),
        (
            "PRI_met_sumet",
            "GeV",
            "Total transverse energy in the detector",
            30,
            0.0,
            800.0,
            &[],
        ),
        (
            "PRI_jet_num",
            "",
            "Jets above 30 GeV (3 means three or more)",
            4,
            -0.5,
            3.5,
            &[],
        ),
        (
            "PRI_jet_leading_pt",
            "GeV",
            "Leading jet pT (−999 without jets)",
            30,
            30.0,
            300.0,
            &[],
        ),
        (
            "PRI_jet_leading_eta",
            "",
            "Leading jet η (−999 without jets)",
            30,
            -4.5,
            4.5,
            &[],
        ),
        (
            "PRI_jet_leading_phi",
            "rad",
            "Leading jet φ (−999 without jets)",
            20,
            -3.15,
            3.15,
            &[],
        ),
        (
            "PRI_jet_subleading_pt",
            "GeV",
            "Subleading jet pT (−999 with fewer than two jets)",
            30,
            30.0,
            200.0,
            &[],
        ),
        (
            "PRI_jet_subleading_eta",
            "",
            "Subleading jet η (−999 with fewer than two jets)",
            30,
            -4.5,
            4.5,
            &[],
        ),
        (
            "PRI_jet_subleading_phi",
            "rad",
            "Subleading jet φ (−999 with fewer than two jets)",
            20,
            -3.15,
            3.15,
            &[],
        ),
        (
            "PRI_jet_all_pt",
            "GeV",
            "Scalar sum of every counted jet's pT (0 without jets)",
            30,
            0.0,
            600.0,
            &[],
        ),
    ];
    catalog_toml(&header, seed, version, &samples, &variables)
}
