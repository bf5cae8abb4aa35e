//! A [`Decoded`] tree as readable text: JSON where JSON has the type, CBOR diagnostic notation
//! (RFC 8949 §8) where it does not.
//!
//! | value | text |
//! |---|---|
//! | null, undefined, simple 16 | `null`, `undefined`, `simple(16)` |
//! | integers, bignums | exact decimal: `18446744073709551616`, never through `f64` |
//! | floats | shortest text that reads back to the same `f64`, always with `.` or an exponent: `1.0`, `0.1`, `1e300`, `-0.0`, `NaN`, `Infinity` |
//! | text | a JSON string: `"a\"b\n"`; other characters as they are |
//! | bytes | `h'0a0b'` |
//! | tag | `1(1700000000)` |
//! | MessagePack timestamp | `timestamp("2023-11-14T22:13:20.5Z")` |
//! | other extension | `ext(5, h'0102')` |
//! | arrays, maps | `[1, 2]`, `{"a": 1, 2: h''}`: keys of any type, in wire order |
//!
//! Floats switch to an exponent below 1e-4 and from 1e16 up, as JavaScript and Python do.

use std::fmt::Write as _;

use super::value::Decoded;

impl Decoded {
    /// The value over several lines, two spaces an indent level, like pretty-printed JSON.
    /// Map keys stay on one line ([`Decoded::compact`]).
    pub fn pretty(&self) -> String {
        let mut out = String::new();
        pretty(self, 0, &mut out);
        out
    }

    /// The value on one line, for a log row: the same text as [`Decoded::pretty`] without line
    /// breaks and indents (`[1, {"a": h'00'}]`). Text strings escape their line breaks, so the
    /// result never contains one.
    pub fn compact(&self) -> String {
        let mut out = String::new();
        compact(self, &mut out);
        out
    }
}

fn pretty(value: &Decoded, indent: usize, out: &mut String) {
    let inner = indent + 2;
    match value {
        Decoded::Array(items) if !items.is_empty() => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                out.push_str(if i == 0 { "\n" } else { ",\n" });
                pad(inner, out);
                pretty(item, inner, out);
            }
            out.push('\n');
            pad(indent, out);
            out.push(']');
        }
        Decoded::Map(pairs) if !pairs.is_empty() => {
            out.push('{');
            for (i, (key, item)) in pairs.iter().enumerate() {
                out.push_str(if i == 0 { "\n" } else { ",\n" });
                pad(inner, out);
                compact(key, out);
                out.push_str(": ");
                pretty(item, inner, out);
            }
            out.push('\n');
            pad(indent, out);
            out.push('}');
        }
        Decoded::Tag(number, content) => {
            let _ = write!(out, "{number}(");
            pretty(content, indent, out);
            out.push(')');
        }
        scalar => compact(scalar, out),
    }
}

fn pad(indent: usize, out: &mut String) {
    out.extend(std::iter::repeat_n(' ', indent));
}

fn compact(value: &Decoded, out: &mut String) {
    match value {
        Decoded::Null => out.push_str("null"),
        Decoded::Undefined => out.push_str("undefined"),
        Decoded::Simple(n) => {
            let _ = write!(out, "simple({n})");
        }
        Decoded::Bool(b) => {
            let _ = write!(out, "{b}");
        }
        Decoded::Int(i) => {
            let _ = write!(out, "{i}");
        }
        Decoded::BigInt {
            negative,
            magnitude,
        } => big_int(*negative, magnitude, out),
        Decoded::Float(f) => float(*f, out),
        Decoded::Text(s) => string(s, out),
        Decoded::Bytes(b) => bytes(b, out),
        Decoded::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                compact(item, out);
            }
            out.push(']');
        }
        Decoded::Map(pairs) => {
            out.push('{');
            for (i, (key, item)) in pairs.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                compact(key, out);
                out.push_str(": ");
                compact(item, out);
            }
            out.push('}');
        }
        Decoded::Tag(number, content) => {
            let _ = write!(out, "{number}(");
            compact(content, out);
            out.push(')');
        }
        Decoded::Timestamp { seconds, nanos } => {
            out.push_str("timestamp(\"");
            iso_time(*seconds, *nanos, out);
            out.push_str("\")");
        }
        Decoded::Ext(kind, data) => {
            let _ = write!(out, "ext({kind}, ");
            bytes(data, out);
            out.push(')');
        }
    }
}

/// A JSON string literal: `"` and `\` escaped, control characters as `\n`, `\t`, … or
/// `\u00XX`, everything else as it is (what `JSON.stringify` and `serde_json` write).
pub(crate) fn string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if c < ' ' => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

fn bytes(b: &[u8], out: &mut String) {
    out.push_str("h'");
    for byte in b {
        let _ = write!(out, "{byte:02x}");
    }
    out.push('\'');
}

/// The shortest decimal that reads back to `f`, laid out like JavaScript and Python do: plain
/// digits for exponents −4 to 15 (with `.0` when whole, so a float never reads as an integer),
/// `d.ddde±x` outside.
pub(crate) fn float(f: f64, out: &mut String) {
    if f.is_nan() {
        out.push_str("NaN");
        return;
    }
    if f.is_infinite() {
        out.push_str(if f > 0.0 { "Infinity" } else { "-Infinity" });
        return;
    }
    // `{:e}` gives the shortest round-trip digits: "-1.2345e-7", "0e0", "1e300".
    let sci = format!("{f:e}");
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let (sign, mantissa) = match mantissa.strip_prefix('-') {
        Some(m) => ("-", m),
        None => ("", mantissa),
    };
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    out.push_str(sign);
    if (-4..16).contains(&exp) {
        // The decimal point goes after `exp + 1` digits.
        let point = exp + 1;
        if point <= 0 {
            out.push_str("0.");
            out.extend(std::iter::repeat_n('0', point.unsigned_abs() as usize));
            out.push_str(&digits);
        } else {
            let point = point as usize;
            if digits.len() > point {
                let (whole, fraction) = digits.split_at(point);
                let _ = write!(out, "{whole}.{fraction}");
            } else {
                out.push_str(&digits);
                out.extend(std::iter::repeat_n('0', point - digits.len()));
                out.push_str(".0");
            }
        }
    } else {
        let (first, rest) = digits.split_at(digits.len().min(1));
        out.push_str(first);
        if !rest.is_empty() {
            let _ = write!(out, ".{rest}");
        }
        let _ = write!(out, "e{exp}");
    }
}

/// A CBOR bignum in decimal: `magnitude`, or −1 − `magnitude` when `negative`.
fn big_int(negative: bool, magnitude: &[u8], out: &mut String) {
    let mut value = magnitude.to_vec();
    if negative {
        out.push('-');
        // −1 − m prints as "-" and m + 1.
        let mut carry = true;
        for byte in value.iter_mut().rev() {
            let (sum, overflow) = byte.overflowing_add(u8::from(carry));
            *byte = sum;
            carry = overflow;
        }
        if carry {
            value.insert(0, 1);
        }
    }
    out.push_str(&decimal(value));
}

/// The decimal digits of a big-endian unsigned number, by repeated division by 10^19 (the
/// largest power of ten in a `u64`).
fn decimal(mut be: Vec<u8>) -> String {
    const CHUNK: u64 = 10_000_000_000_000_000_000;
    let mut chunks = Vec::new();
    loop {
        let start = be.iter().position(|&b| b != 0).unwrap_or(be.len());
        be.drain(..start);
        if be.is_empty() {
            break;
        }
        let mut remainder: u128 = 0;
        for byte in be.iter_mut() {
            let current = (remainder << 8) | u128::from(*byte);
            // `current` < CHUNK · 256, so the quotient fits a byte.
            *byte = (current / u128::from(CHUNK)) as u8;
            remainder = current % u128::from(CHUNK);
        }
        chunks.push(remainder as u64);
    }
    let mut text = chunks
        .pop()
        .map_or_else(|| "0".to_owned(), |c| c.to_string());
    for chunk in chunks.iter().rev() {
        let _ = write!(text, "{chunk:019}");
    }
    text
}

/// `seconds` and `nanos` since the Unix epoch as an ISO 8601 UTC time,
/// `2023-11-14T22:13:20.5Z`: the fraction only when there is one, without trailing zeros.
/// Years before 0 or after 9999 take ISO's expanded form (`-0001`, `+10000`).
pub(crate) fn iso_time(seconds: i64, nanos: u32, out: &mut String) {
    let days = seconds.div_euclid(86_400);
    let of_day = seconds.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    if year < 0 {
        let _ = write!(out, "-{:04}", year.unsigned_abs());
    } else if year > 9999 {
        let _ = write!(out, "+{year}");
    } else {
        let _ = write!(out, "{year:04}");
    }
    let _ = write!(
        out,
        "-{month:02}-{day:02}T{:02}:{:02}:{:02}",
        of_day / 3600,
        of_day / 60 % 60,
        of_day % 60
    );
    if nanos > 0 {
        let fraction = format!("{nanos:09}");
        let _ = write!(out, ".{}", fraction.trim_end_matches('0'));
    }
    out.push('Z');
}

/// The proleptic Gregorian date `days` after 1970-01-01, by Howard Hinnant's `civil_from_days`
/// (<https://howardhinnant.github.io/date_algorithms.html>): exact for every `i64` second count.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097); // [0, 146096]
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365; // [0, 399]
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // [0, 365]
    let mp = (5 * doy + 2) / 153; // [0, 11], March first
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn float_text(f: f64) -> String {
        let mut out = String::new();
        float(f, &mut out);
        out
    }

    #[test]
    fn floats_read_back_and_look_like_floats() {
        let cases = [
            (0.0, "0.0"),
            (-0.0, "-0.0"),
            (1.0, "1.0"),
            (0.1, "0.1"),
            (1.5, "1.5"),
            (100.0, "100.0"),
            (0.0001, "0.0001"),
            (0.00001, "1e-5"),
            (123456.789, "123456.789"),
            (1e15, "1000000000000000.0"),
            (1e16, "1e16"),
            (1.5e300, "1.5e300"),
            (-2.5e-10, "-2.5e-10"),
            (5e-324, "5e-324"),
            (f64::MAX, "1.7976931348623157e308"),
            (f64::NAN, "NaN"),
            (f64::INFINITY, "Infinity"),
            (f64::NEG_INFINITY, "-Infinity"),
        ];
        for (f, text) in cases {
            assert_eq!(float_text(f), text);
            if f.is_finite() {
                assert_eq!(text.parse::<f64>().ok(), Some(f), "{text} reads back");
            }
        }
    }

    #[test]
    fn big_ints_print_exactly() {
        let text = |negative, magnitude: &[u8]| {
            let mut out = String::new();
            big_int(negative, magnitude, &mut out);
            out
        };
        // 2^128 and -1 - (2^128 - 1) = -2^128.
        let mut two_128 = vec![1u8];
        two_128.extend([0u8; 16]);
        assert_eq!(
            text(false, &two_128),
            "340282366920938463463374607431768211456"
        );
        assert_eq!(
            text(true, &[0xff; 16]),
            "-340282366920938463463374607431768211456"
        );
        assert_eq!(text(false, &[]), "0");
        assert_eq!(text(true, &[]), "-1");
        // 10^19 exactly: a chunk boundary.
        assert_eq!(
            text(false, &10_000_000_000_000_000_000u64.to_be_bytes()),
            "10000000000000000000"
        );
    }

    #[test]
    fn times_across_the_calendar() {
        let time = |seconds, nanos| {
            let mut out = String::new();
            iso_time(seconds, nanos, &mut out);
            out
        };
        assert_eq!(time(0, 0), "1970-01-01T00:00:00Z");
        assert_eq!(time(-1, 500_000_000), "1969-12-31T23:59:59.5Z");
        assert_eq!(time(951_782_400, 1), "2000-02-29T00:00:00.000000001Z");
        assert_eq!(time(253_402_300_799, 0), "9999-12-31T23:59:59Z");
        assert_eq!(time(253_402_300_800, 0), "+10000-01-01T00:00:00Z");
        assert_eq!(time(-62_135_596_800, 0), "0001-01-01T00:00:00Z");
        assert_eq!(time(-62_167_219_201, 0), "-0001-12-31T23:59:59Z");
        assert_eq!(time(i64::MAX, 0), "+292277026596-12-04T15:30:07Z");
        assert_eq!(time(i64::MIN, 0), "-292277022657-01-27T08:29:52Z");
    }

    #[test]
    fn strings_escape_as_json_does() {
        let mut out = String::new();
        string("a\"\\\n\r\t\u{8}\u{c}\u{1}\u{7f}\u{e9}", &mut out);
        assert_eq!(out, "\"a\\\"\\\\\\n\\r\\t\\b\\f\\u0001\u{7f}\u{e9}\"");
        let via_serde = serde_json::to_string("a\"\\\n\r\t\u{8}\u{c}\u{1}\u{7f}\u{e9}").ok();
        assert_eq!(Some(out), via_serde);
    }

    #[test]
    fn pretty_and_compact_layouts() {
        let value = Decoded::Map(vec![
            (
                Decoded::Text("a".into()),
                Decoded::Array(vec![Decoded::Int(1), Decoded::Map(vec![])]),
            ),
            (
                Decoded::Array(vec![Decoded::Int(1), Decoded::Int(2)]),
                Decoded::Tag(
                    55799,
                    Box::new(Decoded::Array(vec![Decoded::Bytes(vec![0, 0xff])])),
                ),
            ),
            (Decoded::Int(-1), Decoded::Ext(5, vec![])),
        ]);
        assert_eq!(
            value.pretty(),
            "{\n  \"a\": [\n    1,\n    {}\n  ],\n  [1, 2]: 55799([\n    h'00ff'\n  ]),\n  -1: ext(5, h'')\n}"
        );
        assert_eq!(
            value.compact(),
            "{\"a\": [1, {}], [1, 2]: 55799([h'00ff']), -1: ext(5, h'')}"
        );
        assert_eq!(Decoded::Array(vec![]).pretty(), "[]");
    }
}
