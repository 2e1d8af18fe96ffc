//! The usual exported table, read without the `csv` crate: lines of fields split by one
//! delimiter, no quotes, `\n` or `\r\n` line ends. Plain decimal numbers (`-12.5`, `0.0031`,
//! `7`) are parsed here, digit by digit, with the exact-conversion rule (a whole number below
//! 2⁵³ divided by a power of ten up to 10²² is one correctly rounded division, so the value is
//! the one `str::parse` gives) or, for longer mantissas, by the Eisel–Lemire algorithm that
//! `str::parse` itself uses; any other cell goes through the reader's general cell rules.
//! A block holding a quote or a lone `\r` is handed back from the line where it appears, for
//! the `csv` crate to read.
//!
//! Depends only on `std` and its parent module.

use std::io::BufRead;

use super::{Filling, Progress, io_error};
use crate::{Error, Result};

/// Bytes gathered before the complete lines among them are parsed.
const BLOCK_BYTES: usize = 1 << 20;

/// 10⁰ … 10²², every one exact in an f64.
const POWERS_OF_TEN: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// 5^−d (d = 0 … 22) as 128-bit numbers with the top bit set, rounded up as the Eisel–Lemire
/// algorithm wants them (Rust's `dec2flt` table, for these exponents): ⌊2^(127 + z) / 5^d⌋ + 1
/// with z the bits of 5^d, and 2^127 for d = 0.
const NEGATIVE_POWERS_OF_FIVE: [u128; 23] = {
    let mut table = [0_u128; 23];
    table[0] = 1 << 127;
    let mut d = 1;
    while d < 23 {
        let p = 5_u128.pow(d as u32);
        let z = 128 - (p - 1).leading_zeros(); // the least z with 2^z ≥ p
        let (whole, rest) = ((1_u128 << 127) / p, (1_u128 << 127) % p);
        table[d] = (whole << z) + ((rest << z) / p) + 1;
        d += 1;
    }
    table
};

/// `w` / 10^`decimals` correctly rounded (w ≥ 1, `decimals` ≤ 22): the Eisel–Lemire
/// algorithm (Lemire, "Number parsing at a gigabyte per second", 2021) for these exponents, as
/// `str::parse` computes it — no value here is subnormal or infinite, and with w exact and the
/// power of five's error below one unit the result needs no slower check.
fn lemire(w: u64, decimals: usize) -> f64 {
    let q = -(decimals as i32);
    let lz = w.leading_zeros();
    let w = w << lz;
    let five = NEGATIVE_POWERS_OF_FIVE[decimals];
    let (hi5, lo5) = ((five >> 64) as u64, five as u64);
    let product = u128::from(w) * u128::from(hi5);
    let (mut lo, mut hi) = (product as u64, (product >> 64) as u64);
    const MASK: u64 = u64::MAX >> 55; // precision: 52 explicit bits + 3
    if hi & MASK == MASK {
        let second = ((u128::from(w) * u128::from(lo5)) >> 64) as u64;
        lo = lo.wrapping_add(second);
        if second > lo {
            hi += 1;
        }
    }
    let upper = (hi >> 63) as i32;
    let mut mantissa = hi >> (upper + 64 - 52 - 3);
    // power(q) = ⌊q · log2(10)⌋ + 63, then the bias.
    let mut exponent = ((q.wrapping_mul(152_170 + 65_536)) >> 16) + 63 + upper - lz as i32 + 1023;
    // Exactly halfway between two floats (possible only when 5^−q fits 64 bits): to even.
    if lo <= 1 && q >= -4 && mantissa & 3 == 1 && (mantissa << (upper + 64 - 52 - 3)) == hi {
        mantissa &= !1;
    }
    mantissa += mantissa & 1;
    mantissa >>= 1;
    if mantissa >= 2 << 52 {
        mantissa = 1 << 52;
        exponent += 1;
    }
    mantissa &= !(1 << 52);
    f64::from_bits(((exponent as u64) << 52) | mantissa)
}

/// The header line of `head` with its line end, when the file looks plain: no quote and no lone
/// `\r` in `head`, a complete first line that is not blank. `None` sends the file to the `csv`
/// crate.
pub(super) fn header_line(head: &[u8], delimiter: u8) -> Option<&[u8]> {
    if head.contains(&b'"') || lone_carriage_return(head).is_some() || delimiter == b'\n' {
        return None;
    }
    let end = head.iter().position(|&b| b == b'\n')?;
    let line = &head[..=end];
    (!without_line_end(line).trim_ascii().is_empty()).then_some(line)
}

/// The fields of one line (its line end left out), untrimmed.
pub(super) fn fields(line: &[u8], delimiter: u8) -> impl Iterator<Item = &[u8]> {
    without_line_end(line).split(move |&b| b == delimiter)
}

/// What the plain reader leaves to the `csv` crate: the bytes from the first line it cannot
/// read, the number of lines before them and their offset in the file.
pub(super) struct Rest {
    pub bytes: Vec<u8>,
    pub lines: u64,
    pub bytes_before: u64,
}

/// Reads data rows from `input` (just after the header, `header_bytes` into the file) into
/// `filling`, until the end or until a line needs the `csv` crate (then returned as [`Rest`]).
pub(super) fn read_rows(
    input: &mut impl BufRead,
    delimiter: u8,
    filling: &mut Filling<'_>,
    header_bytes: u64,
    progress: &mut impl FnMut(Progress),
) -> Result<Option<Rest>> {
    let mut block: Vec<u8> = Vec::with_capacity(BLOCK_BYTES + (64 << 10));
    let mut at = Position {
        line: 1,
        bytes: header_bytes,
    };
    loop {
        let chunk = input.fill_buf().map_err(|e| io_error(&e))?;
        let ended = chunk.is_empty();
        block.extend_from_slice(chunk);
        let taken = chunk.len();
        input.consume(taken);
        if block.len() < BLOCK_BYTES && !ended {
            continue;
        }
        // Complete lines only, unless the file has ended.
        let complete = if ended {
            block.len()
        } else {
            match block.iter().rposition(|&b| b == b'\n') {
                Some(last) => last + 1,
                None => continue,
            }
        };
        let readable = readable_lines(&block[..complete]);
        let mut lines = Lines {
            block: &block[..readable],
            delimiter,
            filling: &mut *filling,
            at: &mut at,
        };
        lines.read(progress)?;
        if readable < complete {
            return Ok(Some(Rest {
                bytes: block[readable..].to_vec(),
                lines: at.line,
                bytes_before: at.bytes,
            }));
        }
        block.drain(..complete);
        if ended {
            filling.bytes_read = at.bytes;
            return Ok(None);
        }
    }
}

/// Where the reader is in the file: lines read (the header is line 1) and bytes.
struct Position {
    line: u64,
    bytes: u64,
}

/// The length of `block`'s lines before the first one holding a quote or a lone `\r`.
fn readable_lines(block: &[u8]) -> usize {
    let quote = block
        .contains(&b'"')
        .then(|| block.iter().position(|&b| b == b'"'))
        .flatten();
    let lone = lone_carriage_return(block);
    match quote.into_iter().chain(lone).min() {
        Some(trouble) => block[..trouble]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |end| end + 1),
        None => block.len(),
    }
}

/// The first `\r` not followed by `\n` (the `csv` crate ends a record there).
fn lone_carriage_return(bytes: &[u8]) -> Option<usize> {
    if !bytes.contains(&b'\r') {
        return None;
    }
    bytes
        .iter()
        .enumerate()
        .position(|(i, &b)| b == b'\r' && bytes.get(i + 1) != Some(&b'\n'))
}

fn without_line_end(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// Complete lines being read into a [`Filling`].
struct Lines<'b, 'f, 'o> {
    block: &'b [u8],
    delimiter: u8,
    filling: &'f mut Filling<'o>,
    at: &'f mut Position,
}

impl Lines<'_, '_, '_> {
    fn read(&mut self, progress: &mut impl FnMut(Progress)) -> Result<()> {
        let mut i = 0;
        while i < self.block.len() {
            self.at.line += 1;
            let start = i;
            i = match self.block[i..] {
                // A blank line is skipped, as the `csv` crate skips it.
                [b'\n', ..] => i + 1,
                [b'\r', b'\n', ..] => i + 2,
                _ => {
                    let end = self.row(i)?;
                    self.filling
                        .end_row(self.at.bytes + (end - start) as u64, progress);
                    end
                }
            };
            self.at.bytes += (i - start) as u64;
        }
        Ok(())
    }

    /// Reads the row starting at `i`; returns where the next line starts.
    fn row(&mut self, mut i: usize) -> Result<usize> {
        let start = i;
        let expected = self.filling.names.len();
        let mut column = 0;
        loop {
            let (end, number) = plain_number(self.block, i);
            let ends_field = self.ends_field(end);
            let field_end = match number {
                Some((value, integer))
                    if ends_field
                        && column < expected
                        && self.filling.builders[column].push_number(
                            value,
                            integer,
                            self.filling.options.missing_sentinel,
                        ) =>
                {
                    end
                }
                _ => {
                    let field_end = self.field_end(i);
                    if column < expected {
                        let line = self.at.line;
                        if let Err(e) =
                            self.filling
                                .push_text(column, &self.block[i..field_end], line)
                        {
                            // The `csv` crate's order: a row's length is checked before its cells.
                            return Err(self.field_count_error(start).unwrap_or(e));
                        }
                    }
                    field_end
                }
            };
            column += 1;
            match self.block.get(field_end) {
                Some(&b) if b == self.delimiter => i = field_end + 1,
                Some(b'\r') => {
                    i = field_end + 2;
                    break;
                }
                Some(_) => {
                    i = field_end + 1;
                    break;
                }
                None => {
                    i = field_end;
                    break;
                }
            }
        }
        if column != expected {
            return Err(Error::FieldCount {
                line: self.at.line,
                expected,
                found: column,
            });
        }
        Ok(i)
    }

    /// Whether a field ends at `end` (a delimiter, a line end or the end of the block).
    fn ends_field(&self, end: usize) -> bool {
        match self.block.get(end) {
            None | Some(b'\n' | b'\r') => true,
            Some(&b) => b == self.delimiter,
        }
    }

    /// Where the field starting at `i` ends.
    fn field_end(&self, i: usize) -> usize {
        self.block[i..]
            .iter()
            .position(|&b| b == self.delimiter || b == b'\n' || b == b'\r')
            .map_or(self.block.len(), |n| i + n)
    }

    /// The field-count error of the row starting at `start`, if its length is wrong.
    fn field_count_error(&self, start: usize) -> Option<Error> {
        let rest = &self.block[start..];
        let line = &rest[..rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len())];
        let found = fields(line, self.delimiter).count();
        let expected = self.filling.names.len();
        (found != expected).then_some(Error::FieldCount {
            line: self.at.line,
            expected,
            found,
        })
    }
}

/// Reads the decimal digits from `i` into `mantissa` (× 10 each, wrapping past 2⁶⁴: only up to
/// 19 digits are trusted); returns where they stop. Eight at a time while eight bytes are
/// digits (the SWAR step `str::parse` uses), then one by one.
fn read_digits(bytes: &[u8], mut i: usize, mantissa: &mut u64) -> usize {
    while let Some(eight) = bytes.get(i..i + 8) {
        let word = u64::from_le_bytes(eight.try_into().unwrap_or_default());
        // Every byte 0x30…0x39: less 0x30 none wraps, plus 0x46 none reaches 0x80.
        let all_digits = (word.wrapping_add(0x4646_4646_4646_4646)
            | word.wrapping_sub(0x3030_3030_3030_3030))
            & 0x8080_8080_8080_8080
            == 0;
        if !all_digits {
            break;
        }
        *mantissa = mantissa
            .wrapping_mul(100_000_000)
            .wrapping_add(eight_digits(word));
        i += 8;
    }
    while let Some(d) = bytes
        .get(i)
        .map(|b| b.wrapping_sub(b'0'))
        .filter(|d| *d < 10)
    {
        *mantissa = mantissa.wrapping_mul(10).wrapping_add(u64::from(d));
        i += 1;
    }
    i
}

/// The number written by eight ASCII digits (first digit in the lowest byte).
fn eight_digits(word: u64) -> u64 {
    const MASK: u64 = 0x0000_00FF_0000_00FF;
    const MUL1: u64 = 0x000F_4240_0000_0064; // 100 + (1 000 000 << 32)
    const MUL2: u64 = 0x0000_2710_0000_0001; // 1 + (10 000 << 32)
    let v = word - 0x3030_3030_3030_3030;
    let v = v * 10 + (v >> 8);
    let v1 = (v & MASK).wrapping_mul(MUL1);
    let v2 = ((v >> 16) & MASK).wrapping_mul(MUL2);
    u64::from((v1.wrapping_add(v2) >> 32) as u32)
}

/// The plain decimal number starting at `i` (`-`? digits, `.` digits?), where it stops, and
/// whether it is written as a whole number (and fits an `i64`, as the general rules ask). `None`
/// for anything else (no digit): the general rules read it. Up to 19 digits and 22 decimals are
/// converted here, correctly rounded: exactly below 2⁵³, else by [`lemire`] (the 17 digits of a
/// shortest round-trip float); longer ones by `str::parse` on just these bytes.
fn plain_number(bytes: &[u8], start: usize) -> (usize, Option<(f64, bool)>) {
    let mut i = start;
    let negative = bytes.get(i) == Some(&b'-');
    i += usize::from(negative);
    let mut mantissa = 0_u64;
    let mut digits = 0_u32;
    let mut decimals = 0_usize;
    let mut whole = true;
    let before = i;
    i = read_digits(bytes, i, &mut mantissa);
    digits += (i - before) as u32;
    if bytes.get(i) == Some(&b'.') {
        whole = false;
        i += 1;
        let before = i;
        i = read_digits(bytes, i, &mut mantissa);
        digits += (i - before) as u32;
        decimals = i - before;
    }
    if digits == 0 {
        return (i, None);
    }
    if digits <= 19 && decimals <= 22 {
        let magnitude = if mantissa < 1 << 53 {
            mantissa as f64 / POWERS_OF_TEN[decimals]
        } else {
            lemire(mantissa, decimals)
        };
        let value = if negative { -magnitude } else { magnitude };
        // As `i64` parsing would have it: 19 digits may pass i64::MAX (−2⁶³ still fits).
        let fits = i64::try_from(mantissa).is_ok() || (negative && mantissa == 1 << 63);
        let whole = whole && fits;
        return (i, Some((value, whole)));
    }
    // Digits, a sign and a point: always ASCII, always a number `str::parse` reads.
    let text = std::str::from_utf8(&bytes[start..i]).unwrap_or_default();
    let number = text.parse::<f64>().ok().map(|value| {
        let whole = whole && text.parse::<i64>().is_ok();
        (value, whole)
    });
    (i, number)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_numbers_are_the_values_parse_gives() {
        for text in [
            "0",
            "-0",
            "7",
            "007",
            "-12.5",
            "0.0031",
            "5.",
            ".5",
            "-.25",
            "123456789.1234567",
            "9007199254740991",
            "0.1",
            "0.3000000000000004",
            "99.999",
            "1.797693134862315",
            "0.000000000000000001",
            // Beyond the exact conversion (2⁵³ or more, 20 digits, 23 decimals): parsed by std.
            "9007199254740992",
            "123456789.123456789",
            "0.30000000000000004",
            "1.7976931348623157",
            "0.0000000000000000000001",
            "0.00000000000000000000001",
            "92233720368547758070",
            "-9223372036854775808",
            "9223372036854775808",
        ] {
            let (end, number) = plain_number(text.as_bytes(), 0);
            assert_eq!(end, text.len(), "{text}");
            let (value, whole) = number.unwrap_or_else(|| panic!("{text} is plain"));
            let parsed: f64 = text.parse().expect("a number");
            assert_eq!(value.to_bits(), parsed.to_bits(), "{text}");
            assert_eq!(whole, text.parse::<i64>().is_ok(), "{text}");
        }
        // Left to the general rules: no digit, exponents, a plus sign.
        for text in ["-", ".", "+1", "1e5", "-.", "1.5e-3"] {
            // Either no number, or one that stops before the cell ends (the cell is then read
            // by the general rules).
            let (end, number) = plain_number(text.as_bytes(), 0);
            if let Some((value, _)) = number.filter(|_| end == text.len()) {
                panic!("{text} read as {value}");
            }
        }
    }

    #[test]
    fn eight_bytes_at_a_time_stop_at_the_first_byte_that_is_not_a_digit() {
        // Every byte value at every place of twelve digits: the digits before it are read.
        for byte in 0..=255_u8 {
            for place in 0..12 {
                let mut text = *b"123456789012";
                text[place] = byte;
                let mut mantissa = 0;
                let end = read_digits(&text, 0, &mut mantissa);
                let expected = if byte.is_ascii_digit() { 12 } else { place };
                assert_eq!(end, expected, "byte {byte:#x} at {place}");
                let digits = std::str::from_utf8(&text[..expected]).expect("ascii");
                assert_eq!(
                    mantissa,
                    digits.parse::<u64>().unwrap_or(0),
                    "byte {byte:#x} at {place}"
                );
            }
        }
    }

    #[test]
    fn long_mantissas_are_rounded_as_parse_rounds_them() {
        // 10⁶ random decimals of 14 to 19 digits with 0 to 22 decimals (most past 2⁵³), and the
        // halfway cases of small exponents: the same bits as `str::parse`.
        let mut state = 5_u64;
        let mut next = move || {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            state
        };
        for _ in 0..1_000_000 {
            let digits = 14 + (next() % 6) as u32;
            let w = 10_u64.pow(digits - 1) + next() % (9 * 10_u64.pow(digits - 1));
            let decimals = (next() % 23) as usize;
            let text = format!("{w}");
            let text = if decimals == 0 {
                text
            } else if decimals < text.len() {
                format!(
                    "{}.{}",
                    &text[..text.len() - decimals],
                    &text[text.len() - decimals..]
                )
            } else {
                format!("0.{}{text}", "0".repeat(decimals - text.len()))
            };
            let (end, number) = plain_number(text.as_bytes(), 0);
            assert_eq!(end, text.len());
            let (value, whole) = number.expect("a plain number");
            let parsed: f64 = text.parse().expect("a number");
            assert_eq!(value.to_bits(), parsed.to_bits(), "{text}");
            assert_eq!(whole, text.parse::<i64>().is_ok(), "{text}");
        }
        // 2⁵³ + 1 and its neighbours: ties between two floats, rounded to even.
        for w in [
            9_007_199_254_740_993_u64,
            9_007_199_254_740_995,
            18_014_398_509_481_989,
            9_999_999_999_999_999_999,
        ] {
            for decimals in 0..5 {
                let text = format!("{w}");
                let text = format!(
                    "{}.{}",
                    &text[..text.len() - decimals],
                    &text[text.len() - decimals..]
                );
                let text = text.trim_end_matches('.').to_owned();
                let parsed: f64 = text.parse().expect("a number");
                assert_eq!(lemire(w, decimals).to_bits(), parsed.to_bits(), "{text}");
            }
        }
    }

    #[test]
    fn a_quote_or_a_lone_carriage_return_stops_the_plain_lines_at_its_line() {
        assert_eq!(readable_lines(b"1,2\n3,4\n"), 8);
        assert_eq!(readable_lines(b"1,2\r\n3,\"4\"\n"), 5);
        assert_eq!(readable_lines(b"1,2\n3,4\r5,6\n"), 4);
        assert_eq!(readable_lines(b"\"1\",2\n"), 0);
        assert_eq!(header_line(b"a,b\r\n1,2\n", b','), Some(&b"a,b\r\n"[..]));
        assert_eq!(header_line(b"a,\"b\"\n", b','), None);
        assert_eq!(header_line(b"a,b", b','), None);
        assert_eq!(header_line(b" \n1\n", b','), None);
    }
}
