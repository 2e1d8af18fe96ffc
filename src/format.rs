//! Number formatting for tables and plot axes: short, readable, never "0.30000000000000004".

pub use fivesigma_engine::state::significant;

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
    fn byte_sizes_and_thousands() {
        assert_eq!(bytes(512), "512 B");
        assert_eq!(bytes(1_875_411), "1.9 MB");
        assert_eq!(thousands(100_000), "100\u{202f}000");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000), "1\u{202f}000");
    }
}
