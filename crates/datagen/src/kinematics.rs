//! Four-vectors (E, px, py, pz) in GeV, boosts and two-body decays: enough relativistic
//! kinematics to compute every observable from generated particles.

use std::f64::consts::{PI, TAU};

/// The Z boson's mass in GeV (PDG), shared by every generator.
pub const Z_MASS: f64 = 91.1876;
/// The Z boson's full width in GeV (PDG).
pub const Z_WIDTH: f64 = 2.4952;

/// A four-momentum in GeV.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct FourVector {
    /// Energy.
    pub e: f64,
    /// Momentum x.
    pub px: f64,
    /// Momentum y.
    pub py: f64,
    /// Momentum z (beam axis).
    pub pz: f64,
}

impl FourVector {
    /// From transverse momentum, pseudorapidity, azimuth and mass.
    pub fn from_pt_eta_phi_m(pt: f64, eta: f64, phi: f64, m: f64) -> Self {
        let (px, py, pz) = (pt * phi.cos(), pt * phi.sin(), pt * eta.sinh());
        let e = (px * px + py * py + pz * pz + m * m).sqrt();
        Self { e, px, py, pz }
    }

    /// From transverse momentum, rapidity y, azimuth and mass (for a massive system).
    pub fn from_pt_y_phi_m(pt: f64, y: f64, phi: f64, m: f64) -> Self {
        let mt = (pt * pt + m * m).sqrt();
        Self {
            e: mt * y.cosh(),
            px: pt * phi.cos(),
            py: pt * phi.sin(),
            pz: mt * y.sinh(),
        }
    }

    /// Transverse momentum √(px² + py²).
    pub fn pt(&self) -> f64 {
        self.px.hypot(self.py)
    }

    /// Azimuth in (−π, π].
    pub fn phi(&self) -> f64 {
        self.py.atan2(self.px)
    }

    /// Pseudorapidity −ln tan(θ/2) = asinh(pz / pt).
    pub fn eta(&self) -> f64 {
        (self.pz / self.pt().max(1e-12)).asinh()
    }

    /// Invariant mass √(E² − p²) (0 for rounding below zero).
    pub fn mass(&self) -> f64 {
        (self.e * self.e - self.px * self.px - self.py * self.py - self.pz * self.pz)
            .max(0.0)
            .sqrt()
    }

    /// Lorentz boost by velocity (bx, by, bz) (|β| < 1).
    pub fn boost(&self, bx: f64, by: f64, bz: f64) -> Self {
        let b2 = bx * bx + by * by + bz * bz;
        if b2 <= 0.0 {
            return *self;
        }
        let gamma = 1.0 / (1.0 - b2).sqrt();
        let bp = bx * self.px + by * self.py + bz * self.pz;
        let gamma2 = (gamma - 1.0) / b2;
        Self {
            e: gamma * (self.e + bp),
            px: self.px + gamma2 * bp * bx + gamma * bx * self.e,
            py: self.py + gamma2 * bp * by + gamma * by * self.e,
            pz: self.pz + gamma2 * bp * bz + gamma * bz * self.e,
        }
    }

    /// The velocity β = p / E of this system.
    pub fn velocity(&self) -> (f64, f64, f64) {
        (self.px / self.e, self.py / self.e, self.pz / self.e)
    }

    /// Scales the momentum by `factor` keeping the particle massless (detector energy smearing).
    pub fn scaled_massless(&self, factor: f64) -> Self {
        self.scaled_with_mass(factor, 0.0)
    }

    /// Scales the momentum by `factor` and sets the energy for mass `m`: E = √(p² + m²).
    pub fn scaled_with_mass(&self, factor: f64, m: f64) -> Self {
        let (px, py, pz) = (self.px * factor, self.py * factor, self.pz * factor);
        Self {
            e: (px * px + py * py + pz * pz + m * m).sqrt(),
            px,
            py,
            pz,
        }
    }
}

impl std::ops::Add for FourVector {
    type Output = FourVector;
    fn add(self, o: FourVector) -> FourVector {
        FourVector {
            e: self.e + o.e,
            px: self.px + o.px,
            py: self.py + o.py,
            pz: self.pz + o.pz,
        }
    }
}

/// Δφ folded into [0, π].
pub fn delta_phi(a: f64, b: f64) -> f64 {
    let d = (a - b).rem_euclid(TAU);
    if d > PI { TAU - d } else { d }
}

/// ΔR = √(Δη² + Δφ²).
pub fn delta_r(a: &FourVector, b: &FourVector) -> f64 {
    (a.eta() - b.eta()).hypot(delta_phi(a.phi(), b.phi()))
}

/// Decays `parent` into two massless daughters with polar angle `cos_theta` and azimuth `phi` of
/// the first daughter in the parent's rest frame, measured from the beam axis (a Collins–Soper-like
/// frame; a helicity-frame version was tried and matched the ATLAS lepton spectra worse), then
/// boosts both to the lab.
pub fn decay_to_massless_pair(
    parent: &FourVector,
    cos_theta: f64,
    phi: f64,
) -> (FourVector, FourVector) {
    two_body_decay(parent, 0.0, 0.0, cos_theta, phi)
}

/// Converts a decay direction given in the helicity frame — polar angle θ from the parent's
/// flight direction, azimuth φ around it — into (cos θ, φ) from the beam axis, as
/// [`two_body_decay`] takes them. In the helicity frame cos θ = ±1 sends one daughter forward
/// along the flight: it takes nearly all the momentum, the other almost none.
pub fn helicity_to_beam(parent: &FourVector, cos_theta: f64, phi: f64) -> (f64, f64) {
    let p = (parent.px * parent.px + parent.py * parent.py + parent.pz * parent.pz).sqrt();
    if p <= 0.0 {
        return (cos_theta, phi);
    }
    let n = [parent.px / p, parent.py / p, parent.pz / p];
    // u ⟂ n in the transverse plane when n has a transverse part, else the x axis; v = n × u.
    let t = n[0].hypot(n[1]);
    let u = if t > 1e-12 {
        [-n[1] / t, n[0] / t, 0.0]
    } else {
        [1.0, 0.0, 0.0]
    };
    let v = [
        n[1] * u[2] - n[2] * u[1],
        n[2] * u[0] - n[0] * u[2],
        n[0] * u[1] - n[1] * u[0],
    ];
    let sin_theta = (1.0 - cos_theta * cos_theta).max(0.0).sqrt();
    let (sin_phi, cos_phi) = phi.sin_cos();
    let d: Vec<f64> = (0..3)
        .map(|i| cos_theta * n[i] + sin_theta * (cos_phi * u[i] + sin_phi * v[i]))
        .collect();
    (d[2].clamp(-1.0, 1.0), d[1].atan2(d[0]))
}

/// Decays `parent` (mass M) into daughters of masses `m1` and `m2` (m1 + m2 ≤ M), the first along
/// (θ, φ) from the beam axis in the parent's rest frame, and boosts both to the lab. In the rest
/// frame |p*| = √((M² − (m1 + m2)²)(M² − (m1 − m2)²)) / 2M and E1 = (M² + m1² − m2²) / 2M.
pub fn two_body_decay(
    parent: &FourVector,
    m1: f64,
    m2: f64,
    cos_theta: f64,
    phi: f64,
) -> (FourVector, FourVector) {
    let big = parent.mass();
    let (s, sum, diff) = (big * big, m1 + m2, m1 - m2);
    let p_star = ((s - sum * sum) * (s - diff * diff)).max(0.0).sqrt() / (2.0 * big);
    let e1 = (s + m1 * m1 - m2 * m2) / (2.0 * big);
    let sin_theta = (1.0 - cos_theta * cos_theta).max(0.0).sqrt();
    let (x, y, z) = (
        p_star * sin_theta * phi.cos(),
        p_star * sin_theta * phi.sin(),
        p_star * cos_theta,
    );
    let a = FourVector {
        e: e1,
        px: x,
        py: y,
        pz: z,
    };
    let b = FourVector {
        e: big - e1,
        px: -x,
        py: -y,
        pz: -z,
    };
    let (bx, by, bz) = parent.velocity();
    (a.boost(bx, by, bz), b.boost(bx, by, bz))
}

/// Electron or muon.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavour {
    /// e±.
    Electron,
    /// μ±.
    Muon,
}

impl Flavour {
    /// The PDG code the real files store in `lep_type_i`.
    pub const fn code(self) -> i32 {
        match self {
            Self::Electron => 11,
            Self::Muon => 13,
        }
    }

    /// Rest mass in GeV.
    pub const fn mass_gev(self) -> f64 {
        match self {
            Self::Electron => 0.000_511,
            Self::Muon => 0.105_658,
        }
    }

    /// An electron with probability `electron_probability`, else a muon.
    pub fn random(rng: &mut crate::rng::Rng, electron_probability: f64) -> Self {
        if rng.chance(electron_probability) {
            Self::Electron
        } else {
            Self::Muon
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_forward_helicity_decay_gives_one_daughter_nearly_all_the_momentum() {
        // A 91.19 GeV system with pT = 200 GeV along x at y = 0: E = √(200² + 91.19²) = 219.81.
        let parent = FourVector::from_pt_y_phi_m(200.0, 0.0, 0.0, 91.19);
        let (cos_beam, phi_beam) = helicity_to_beam(&parent, 1.0, 0.3);
        let (a, b) = decay_to_massless_pair(&parent, cos_beam, phi_beam);
        // Forward along the flight: E_a = (E + p)/2 = 209.90, E_b = (E − p)/2 = 9.90, both on x.
        assert!((a.pt() - 209.905).abs() < 1e-2, "{}", a.pt());
        assert!((b.pt() - 9.905).abs() < 1e-2, "{}", b.pt());
        // Perpendicular to the flight (cos θ = 0) the two share the momentum evenly.
        let (cos_beam, phi_beam) = helicity_to_beam(&parent, 0.0, 0.0);
        let (a, b) = decay_to_massless_pair(&parent, cos_beam, phi_beam);
        assert!((a.px - b.px).abs() < 1e-9 && (a.e - b.e).abs() < 1e-9);
    }

    #[test]
    fn decay_conserves_momentum_and_mass() {
        let z = FourVector::from_pt_y_phi_m(120.0, 0.7, 1.1, 91.19);
        let (a, b) = decay_to_massless_pair(&z, 0.3, 2.0);
        let sum = a + b;
        assert!((sum.mass() - 91.19).abs() < 1e-9);
        assert!((sum.pt() - 120.0).abs() < 1e-9);
        assert!((sum.phi() - 1.1).abs() < 1e-12);
        // √(E² − p²) of ~10⁴ GeV² numbers: rounding leaves ~10⁻⁴ GeV, far below 1 MeV.
        assert!(a.mass() < 1e-3 && b.mass() < 1e-3);
    }

    #[test]
    fn massive_decay_gives_each_daughter_its_mass() {
        // H(125) → Z(91) Z*(30): p* = √((125² − 121²)(125² − 61²)) / 250 = √(984 · 11904) / 250.
        let h = FourVector::from_pt_y_phi_m(40.0, -0.5, 0.3, 125.0);
        let (z1, z2) = two_body_decay(&h, 91.0, 30.0, -0.4, 1.0);
        let sum = z1 + z2;
        assert!((sum.mass() - 125.0).abs() < 1e-9 && (sum.pt() - 40.0).abs() < 1e-9);
        assert!((z1.mass() - 91.0).abs() < 1e-6 && (z2.mass() - 30.0).abs() < 1e-6);
        let at_rest = FourVector {
            e: 125.0,
            ..FourVector::default()
        };
        let (a, _) = two_body_decay(&at_rest, 91.0, 30.0, 1.0, 0.0);
        let p_star = (984.0_f64 * 11904.0).sqrt() / 250.0;
        assert!((a.pz - p_star).abs() < 1e-9, "{} vs {p_star}", a.pz);
    }

    #[test]
    fn angles() {
        assert!((delta_phi(3.0, -3.0) - (2.0 * PI - 6.0)).abs() < 1e-12);
        assert_eq!(delta_phi(0.5, 0.5), 0.0);
        let p = FourVector::from_pt_eta_phi_m(40.0, -1.2, 0.4, 0.0);
        assert!((p.eta() + 1.2).abs() < 1e-12 && (p.pt() - 40.0).abs() < 1e-12);
    }
}
