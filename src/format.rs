//! Number formatting for tables and plot axes: short, readable, never "0.30000000000000004".

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

/// Formats a byte count as "512 B", "3.4 kB", "12.1 MB".
pub fn bytes(count: usize) -> String {
    const UNITS: [&str; 4] = ["B", "kB", "MB", "GB"];
    let mut value = count as f64;
    let mut unit = 0;
    while value >= 1000.0 && unit + 1 < UNITS.len() {
        value /= 1000.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{count} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

/// Formats an integer with thin spaces between thousands: 100000 → "100 000".
pub fn thousands(count: usize) -> String {
    let digits = count.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{202f}');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn byte_sizes_and_thousands() {
        assert_eq!(bytes(512), "512 B");
        assert_eq!(bytes(1_875_411), "1.9 MB");
        assert_eq!(thousands(100_000), "100\u{202f}000");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000), "1\u{202f}000");
    }
}
