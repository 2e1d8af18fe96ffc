//! Numbers as people read them in tables, plot labels and feedback: a few significant digits,
//! never "0.30000000000000004". Shared by the app and the lesson feedback the engine writes.

/// Formats `value` with about `digits` significant digits, switching to scientific notation for
/// very large or very small magnitudes. Integers print without a decimal point.
pub fn significant(value: f64, digits: usize) -> String {
    if !value.is_finite() {
        return if value.is_nan() {
            "NaN".into()
        } else if value > 0.0 {
            "∞".into()
        } else {
            "−∞".into()
        };
    }
    if value == 0.0 {
        return "0".into();
    }
    let magnitude = value.abs().log10().floor() as i32;
    if !(-4..=6).contains(&magnitude) {
        return format!("{:.*e}", digits.saturating_sub(1), value);
    }
    if value.fract() == 0.0 {
        return format!("{value:.0}");
    }
    let decimals = (digits as i32 - 1 - magnitude).max(0) as usize;
    let text = format!("{value:.decimals$}");
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::significant;

    #[test]
    fn significant_digits() {
        assert_eq!(significant(0.1 + 0.2, 4), "0.3");
        assert_eq!(significant(123.456, 4), "123.5");
        assert_eq!(significant(-0.06341, 3), "-0.0634");
        assert_eq!(significant(250.0, 4), "250");
        assert_eq!(significant(1.5e9, 3), "1.50e9");
        assert_eq!(significant(2.5e-6, 2), "2.5e-6");
        assert_eq!(significant(0.0, 4), "0");
        assert_eq!(significant(f64::NAN, 4), "NaN");
    }
}
