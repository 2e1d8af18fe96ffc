//! Significance measures for a selection with weighted signal S and background B.
//!
//! Real Monte-Carlo samples carry negative weights, so a selection can have B ≤ 0. No formula is
//! evaluated there: the result is [`Undefined`] with the reason, never a huge or infinite number.

/// How to turn (S, B) into one number.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Significance {
    /// S/√B — the ATLAS dark-matter notebook's measure.
    SOverSqrtB,
    /// S/√(S+B).
    SOverSqrtSPlusB,
    /// S/B — the HSF lesson's signal-to-background ratio.
    SOverB,
    /// Approximate median significance with regulariser b_r (HiggsML):
    /// AMS = √(2((S+B+b_r)·ln(1+S/(B+b_r)) − S)).
    Ams {
        /// The regularisation term b_r (10 in the HiggsML challenge, 0.001 in the HSF lesson).
        b_reg: f64,
    },
    /// Asimov discovery significance without background uncertainty:
    /// Z = √(2((S+B)·ln(1+S/B) − S)).
    AsimovZ,
}

impl Significance {
    /// A short label for plots and tables, e.g. "S/√B".
    pub fn label(&self) -> String {
        match self {
            Significance::SOverSqrtB => "S/√B".into(),
            Significance::SOverSqrtSPlusB => "S/√(S+B)".into(),
            Significance::SOverB => "S/B".into(),
            Significance::Ams { b_reg } => format!("AMS (b_r = {b_reg})"),
            Significance::AsimovZ => "Asimov Z".into(),
        }
    }
}

/// Why a significance has no value at some selection.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Undefined {
    /// The weighted background is zero or negative (possible with negative MC weights).
    BackgroundNotPositive {
        /// The background sum.
        b: f64,
    },
    /// The weighted background is below the configured minimum, where the value is noise.
    BackgroundBelowMinimum {
        /// The background sum.
        b: f64,
        /// The configured minimum.
        min: f64,
    },
    /// S + B (or S + B + b_r) is zero or negative, so the formula has no real value.
    TotalNotPositive {
        /// The sum inside the formula.
        total: f64,
    },
    /// The signal is so negative that ln(1 + S/B) does not exist.
    SignalTooNegative {
        /// The signal sum.
        s: f64,
    },
}

impl std::fmt::Display for Undefined {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Undefined::BackgroundNotPositive { b } => write!(
                f,
                "the background sum of weights is {b:.4}, not positive (negative Monte-Carlo weights can do this), so the significance is undefined"
            ),
            Undefined::BackgroundBelowMinimum { b, min } => write!(
                f,
                "the background sum of weights ({b:.4}) is below the minimum of {min}, where the significance would be meaningless"
            ),
            Undefined::TotalNotPositive { total } => {
                write!(f, "the total in the formula is {total:.4}, not positive")
            }
            Undefined::SignalTooNegative { s } => {
                write!(
                    f,
                    "the signal sum of weights ({s:.4}) is too negative for the formula"
                )
            }
        }
    }
}

/// Evaluates `measure` at weighted signal `s` and background `b`.
///
/// `min_background`: B must be above this (and above 0) for a value; pass 0 to only require B > 0.
/// The AMS is exempt from the B > 0 rule when B + b_r > 0, as its regulariser exists for that.
pub fn evaluate(
    measure: Significance,
    s: f64,
    b: f64,
    min_background: f64,
) -> Result<f64, Undefined> {
    let guard_b = |b: f64| {
        if b <= 0.0 {
            Err(Undefined::BackgroundNotPositive { b })
        } else if b < min_background {
            Err(Undefined::BackgroundBelowMinimum {
                b,
                min: min_background,
            })
        } else {
            Ok(())
        }
    };
    match measure {
        Significance::SOverSqrtB => guard_b(b).map(|()| s / b.sqrt()),
        Significance::SOverB => guard_b(b).map(|()| s / b),
        Significance::SOverSqrtSPlusB => {
            guard_b(b)?;
            let total = s + b;
            if total <= 0.0 {
                return Err(Undefined::TotalNotPositive { total });
            }
            Ok(s / total.sqrt())
        }
        Significance::Ams { b_reg } => {
            // The regulariser exists for small or even negative B, so only a minimum the user
            // set (> 0) applies here; otherwise B + b_r > 0 is all the formula needs.
            if min_background > 0.0 && b < min_background {
                return Err(Undefined::BackgroundBelowMinimum {
                    b,
                    min: min_background,
                });
            }
            let denominator = b + b_reg;
            if denominator <= 0.0 {
                return Err(Undefined::TotalNotPositive { total: denominator });
            }
            log_likelihood_z(s, denominator)
        }
        Significance::AsimovZ => {
            guard_b(b)?;
            log_likelihood_z(s, b)
        }
    }
}

/// √(2((s+b)·ln(1+s/b) − s)), signed like s. The bracket is ≥ 0 for s > −b; rounding can make it
/// a hair negative near s = 0, which is clamped to 0.
fn log_likelihood_z(s: f64, b: f64) -> Result<f64, Undefined> {
    if s <= -b {
        return Err(Undefined::SignalTooNegative { s });
    }
    let bracket = (s + b) * (s / b).ln_1p() - s;
    Ok(s.signum() * (2.0 * bracket.max(0.0)).sqrt())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-12 * b.abs().max(1.0)
    }

    #[test]
    fn simple_ratios() {
        // S = 18, B = 81: S/√B = 18/9 = 2; S/√(S+B) = 18/√99 = 1.80907…; S/B = 0.2222…
        assert_eq!(evaluate(Significance::SOverSqrtB, 18.0, 81.0, 0.0), Ok(2.0));
        let v = evaluate(Significance::SOverSqrtSPlusB, 18.0, 81.0, 0.0).expect("defined");
        assert!(close(v, 18.0 / 99.0_f64.sqrt()));
        assert!(close(v, 1.809_068_067_466_5));
        assert_eq!(
            evaluate(Significance::SOverB, 18.0, 81.0, 0.0),
            Ok(18.0 / 81.0)
        );
    }

    #[test]
    fn ams_with_regulariser() {
        // s = 10, b = 90, b_r = 10: (110)·ln(1 + 10/100) − 10 = 110·0.0953101798 − 10 = 0.4841198
        // AMS = √(2·0.4841198) = √0.9682396 = 0.98399 (Python: 0.9839916447569484)
        let v = evaluate(Significance::Ams { b_reg: 10.0 }, 10.0, 90.0, 0.0).expect("defined");
        let expected = (2.0 * (110.0 * (1.0_f64 + 0.1).ln() - 10.0)).sqrt();
        assert!(close(v, expected));
        assert!((v - 0.983_992).abs() < 1e-6, "{v}");
        // The regulariser keeps the AMS defined at B = 0: √(2((1+0.001)·ln(1+1/0.001) − 1))
        let at_zero = evaluate(Significance::Ams { b_reg: 0.001 }, 1.0, 0.0, 0.0).expect("defined");
        assert!(close(
            at_zero,
            (2.0 * (1.001 * (1.0_f64 + 1000.0).ln() - 1.0)).sqrt()
        ));
    }

    #[test]
    fn asimov_z_tends_to_s_over_sqrt_b_for_small_signal() {
        // s = 5, b = 100: 105·ln(1.05) = 5.1229672; 2(5.1229672 − 5) = 0.2459345
        // Z = √0.2459345 = 0.4959178 (Python's math module: 0.495917811316281),
        // close to s/√b = 0.5 as expected for s ≪ b.
        let z = evaluate(Significance::AsimovZ, 5.0, 100.0, 0.0).expect("defined");
        assert!((z - 0.495_917_811_316_281).abs() < 1e-12, "{z}");
        assert_eq!(evaluate(Significance::AsimovZ, 0.0, 100.0, 0.0), Ok(0.0));
    }

    #[test]
    fn non_positive_or_tiny_background_is_undefined_with_a_reason() {
        for measure in [
            Significance::SOverSqrtB,
            Significance::SOverSqrtSPlusB,
            Significance::SOverB,
            Significance::AsimovZ,
        ] {
            assert_eq!(
                evaluate(measure, 3.0, 0.0, 0.0),
                Err(Undefined::BackgroundNotPositive { b: 0.0 })
            );
            assert_eq!(
                evaluate(measure, 3.0, -0.5, 0.0),
                Err(Undefined::BackgroundNotPositive { b: -0.5 })
            );
            assert_eq!(
                evaluate(measure, 3.0, 0.01, 0.1),
                Err(Undefined::BackgroundBelowMinimum { b: 0.01, min: 0.1 })
            );
        }
        assert_eq!(
            evaluate(Significance::Ams { b_reg: 0.001 }, 1.0, -0.5, 0.0),
            Err(Undefined::TotalNotPositive { total: -0.499 })
        );
        // B slightly negative but B + b_r > 0: the regularised AMS is defined.
        assert!(evaluate(Significance::Ams { b_reg: 10.0 }, 1.0, -0.5, 0.0).is_ok());
        assert_eq!(
            evaluate(Significance::Ams { b_reg: 10.0 }, 1.0, 0.5, 2.0),
            Err(Undefined::BackgroundBelowMinimum { b: 0.5, min: 2.0 })
        );
        assert_eq!(
            evaluate(Significance::SOverSqrtSPlusB, -5.0, 2.0, 0.0),
            Err(Undefined::TotalNotPositive { total: -3.0 })
        );
        assert_eq!(
            evaluate(Significance::AsimovZ, -3.0, 2.0, 0.0),
            Err(Undefined::SignalTooNegative { s: -3.0 })
        );
        let reason = Undefined::BackgroundNotPositive { b: -0.25 }.to_string();
        assert!(reason.contains("-0.2500") && reason.contains("negative Monte-Carlo weights"));
    }
}
