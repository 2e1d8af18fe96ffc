//! `key=value&key=value` query strings with percent-encoding, for state kept in the URL fragment.

use std::fmt::Write as _;

/// Percent-encodes everything but RFC 3986's unreserved characters (A–Z a–z 0–9 - . _ ~), so
/// cut expressions with spaces, `&`, `=`, `<`, `{`, Greek letters… survive a copied link.
pub fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

/// Decodes `%XX` escapes and `+` (a space, as forms write it). Invalid escapes are kept as
/// written and invalid UTF-8 is replaced, so a mangled link still opens.
pub fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                match std::str::from_utf8(&bytes[i + 1..i + 3])
                    .ok()
                    .and_then(|h| u8::from_str_radix(h, 16).ok())
                {
                    Some(b) => {
                        out.push(b);
                        i += 3;
                        continue;
                    }
                    None => out.push(b'%'),
                }
            }
            b'+' => out.push(b' '),
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The decoded `(key, value)` pairs of a query string (without its leading `?`), in order.
pub fn parse(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|part| !part.is_empty())
        .map(|part| match part.split_once('=') {
            Some((k, v)) => (decode(k), decode(v)),
            None => (decode(part), String::new()),
        })
        .collect()
}

/// Builds a query string from pairs, encoding each key and value.
pub fn build<'a>(pairs: impl IntoIterator<Item = (&'a str, String)>) -> String {
    pairs
        .into_iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(&v)))
        .collect::<Vec<_>>()
        .join("&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_awkward_text() {
        for text in [
            "lead_lep_pt > 100 & x",
            "sum(lep_type_*) in {44, 48}",
            "Δφ ≥ 2.8",
            "a=b",
            "100%",
        ] {
            assert_eq!(decode(&encode(text)), text);
        }
        assert_eq!(encode("a b&c"), "a%20b%26c");
    }

    #[test]
    fn tolerates_forms_and_mangled_escapes() {
        assert_eq!(decode("a+b"), "a b");
        assert_eq!(decode("50%"), "50%");
        assert_eq!(decode("%zz1"), "%zz1");
        assert_eq!(
            parse("ds=atlas-dm&cut=x%20%3E%201&flag"),
            [
                ("ds".into(), "atlas-dm".into()),
                ("cut".into(), "x > 1".into()),
                ("flag".into(), String::new())
            ]
        );
    }
}
