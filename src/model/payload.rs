//! Payload formats: how a payload is typed for publishing and how a received one is shown.
//!
//! Payloads stay bytes everywhere; these functions convert at the edges only.

/// How the publish editor's text becomes bytes, and how the log renders bytes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum PayloadFormat {
    /// UTF-8 text as typed.
    #[default]
    Text,
    /// JSON: validated before sending; pretty-printed when shown.
    Json,
    /// Hex digits, whitespace and an optional `0x` ignored.
    Hex,
    /// Standard base64 with padding.
    Base64,
}

impl PayloadFormat {
    /// Every format, in menu order.
    pub const ALL: [PayloadFormat; 4] = [
        PayloadFormat::Text,
        PayloadFormat::Json,
        PayloadFormat::Hex,
        PayloadFormat::Base64,
    ];

    /// The value used in selects and saved settings.
    pub fn as_str(self) -> &'static str {
        match self {
            PayloadFormat::Text => "text",
            PayloadFormat::Json => "json",
            PayloadFormat::Hex => "hex",
            PayloadFormat::Base64 => "base64",
        }
    }

    /// The inverse of [`PayloadFormat::as_str`].
    pub fn parse(s: &str) -> Option<PayloadFormat> {
        PayloadFormat::ALL.into_iter().find(|f| f.as_str() == s)
    }
}

/// Why typed text cannot be sent in the chosen format. The words are in `crate::i18n::payload`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PayloadError {
    /// Not valid JSON; line and column are 1-based.
    Json {
        /// Line of the error.
        line: usize,
        /// Column of the error.
        column: usize,
        /// The JSON parser's own explanation (serde_json's words, without the position).
        reason: String,
    },
    /// A character that is not a hex digit, at this 1-based position.
    HexDigit {
        /// 1-based character position in the typed text.
        position: usize,
        /// The offending character.
        found: char,
    },
    /// An odd number of hex digits.
    HexOdd,
    /// Base64 whose length without spaces is not a multiple of 4.
    Base64Length(usize),
    /// Base64 with `=` padding before its end.
    Base64Padding,
    /// A character outside the base64 alphabet.
    Base64Char(char),
}

/// Parses text typed in `format` into the bytes it stands for: text and JSON as UTF-8 (JSON
/// checked first), hex and base64 decoded.
pub fn parse(text: &str, format: PayloadFormat) -> Result<Vec<u8>, PayloadError> {
    match format {
        PayloadFormat::Text => Ok(text.as_bytes().to_vec()),
        PayloadFormat::Json => {
            check_json(text)?;
            Ok(text.as_bytes().to_vec())
        }
        PayloadFormat::Hex => decode_hex(text),
        PayloadFormat::Base64 => decode_base64(text),
    }
}

/// Ok when `text` is one JSON value.
pub fn check_json(text: &str) -> Result<(), PayloadError> {
    serde_json::from_str::<serde::de::IgnoredAny>(text)
        .map(|_| ())
        .map_err(|e| PayloadError::Json {
            line: e.line(),
            column: e.column(),
            reason: json_reason(&e),
        })
}

fn json_reason(e: &serde_json::Error) -> String {
    let full = e.to_string();
    // serde_json appends " at line L column C", which the message already says.
    match full.rfind(" at line ") {
        Some(i) => full[..i].to_owned(),
        None => full,
    }
}

/// Pretty-printed JSON when `text` is JSON, None otherwise.
pub fn pretty_json(text: &str) -> Option<String> {
    let value: serde_json::Value = serde_json::from_str(text).ok()?;
    serde_json::to_string_pretty(&value).ok()
}

fn decode_hex(text: &str) -> Result<Vec<u8>, PayloadError> {
    let body = text.trim();
    let body = body
        .strip_prefix("0x")
        .or_else(|| body.strip_prefix("0X"))
        .unwrap_or(body);
    let offset = text.len() - text.trim_start().len() + (text.trim().len() - body.len());
    let mut digits = Vec::with_capacity(body.len());
    for (i, c) in body.char_indices() {
        if c.is_whitespace() || c == ':' || c == '-' {
            continue;
        }
        let v = c.to_digit(16).ok_or(PayloadError::HexDigit {
            position: offset + i + 1,
            found: c,
        })?;
        digits.push(v as u8);
    }
    if digits.len() % 2 == 1 {
        return Err(PayloadError::HexOdd);
    }
    Ok(digits.chunks(2).map(|p| (p[0] << 4) | p[1]).collect())
}

const BASE64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

fn decode_base64(text: &str) -> Result<Vec<u8>, PayloadError> {
    let clean: Vec<u8> = text.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    if !clean.len().is_multiple_of(4) {
        return Err(PayloadError::Base64Length(clean.len()));
    }
    let mut out = Vec::with_capacity(clean.len() / 4 * 3);
    for (q, quad) in clean.chunks(4).enumerate() {
        let last = q == clean.len() / 4 - 1;
        let mut acc = 0u32;
        let mut pad = 0;
        for (i, &b) in quad.iter().enumerate() {
            let v = if b == b'=' && last && i >= 2 {
                pad += 1;
                0
            } else if pad > 0 {
                return Err(PayloadError::Base64Padding);
            } else {
                BASE64
                    .iter()
                    .position(|&c| c == b)
                    .ok_or(PayloadError::Base64Char(char::from(b)))? as u32
            };
            acc = (acc << 6) | v;
        }
        let bytes = acc.to_be_bytes();
        out.extend_from_slice(&bytes[1..4 - pad]);
    }
    Ok(out)
}

/// Standard base64 with padding.
pub fn to_base64(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.len();
        let acc = (u32::from(chunk[0]) << 16)
            | (u32::from(chunk.get(1).copied().unwrap_or(0)) << 8)
            | u32::from(chunk.get(2).copied().unwrap_or(0));
        for i in 0..4 {
            if i <= n {
                out.push(char::from(BASE64[((acc >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Lower-case hex, bytes separated by spaces.
pub fn to_hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 3);
    for (i, &b) in bytes.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        // Two digits straight from a table: `format!` per byte allocated a string each.
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
    out
}

/// The payload as shown in the log in `format`. Text that is not UTF-8 falls back to hex so
/// that no byte is hidden; JSON that does not parse is shown as text.
pub fn render(bytes: &[u8], format: PayloadFormat) -> String {
    match format {
        PayloadFormat::Hex => to_hex(bytes),
        PayloadFormat::Base64 => to_base64(bytes),
        PayloadFormat::Text | PayloadFormat::Json => match std::str::from_utf8(bytes) {
            Ok(text) if format == PayloadFormat::Json => {
                pretty_json(text).unwrap_or_else(|| text.to_owned())
            }
            Ok(text) => text.to_owned(),
            Err(_) => format!("0x {}", to_hex(bytes)),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_round_trips_every_length() {
        for len in 0..40u8 {
            let data: Vec<u8> = (0..len)
                .map(|i| i.wrapping_mul(37).wrapping_add(200))
                .collect();
            let text = to_base64(&data);
            assert_eq!(decode_base64(&text).unwrap(), data, "{text}");
        }
        assert_eq!(to_base64(b"Man"), "TWFu");
        assert_eq!(to_base64(b"Ma"), "TWE=");
        assert_eq!(parse("TW E=\n", PayloadFormat::Base64).unwrap(), b"Ma");
    }

    #[test]
    fn base64_errors_are_specific() {
        // The words for each are checked in `crate::i18n::payload`.
        assert_eq!(
            parse("abc", PayloadFormat::Base64),
            Err(PayloadError::Base64Length(3))
        );
        assert_eq!(
            parse("ab!d", PayloadFormat::Base64),
            Err(PayloadError::Base64Char('!'))
        );
        assert_eq!(
            parse("a=bc", PayloadFormat::Base64),
            Err(PayloadError::Base64Char('='))
        );
        assert_eq!(
            parse("ab=c", PayloadFormat::Base64),
            Err(PayloadError::Base64Padding)
        );
    }

    #[test]
    fn hex_accepts_common_spellings_and_names_bad_digits() {
        assert_eq!(
            parse("0x01 ff:A0-7b", PayloadFormat::Hex).unwrap(),
            vec![1, 0xff, 0xa0, 0x7b]
        );
        assert_eq!(parse("abc", PayloadFormat::Hex), Err(PayloadError::HexOdd));
        assert_eq!(
            parse("0g", PayloadFormat::Hex),
            Err(PayloadError::HexDigit {
                position: 2,
                found: 'g'
            })
        );
        assert_eq!(
            parse(" 0x0g", PayloadFormat::Hex),
            Err(PayloadError::HexDigit {
                position: 5,
                found: 'g'
            })
        );
        assert_eq!(to_hex(&[0, 0xab]), "00 ab");
        // Every byte, and back.
        let all: Vec<u8> = (0..=255).collect();
        let hex = to_hex(&all);
        assert_eq!(&hex[..11], "00 01 02 03");
        assert_eq!(&hex[hex.len() - 5..], "fe ff");
        assert_eq!(parse(&hex, PayloadFormat::Hex), Ok(all));
    }

    #[test]
    fn json_is_validated_with_a_position() {
        assert!(parse("{\"a\":1}", PayloadFormat::Json).is_ok());
        let err = parse("{\"a\":\n  1,}", PayloadFormat::Json).unwrap_err();
        assert!(matches!(err, PayloadError::Json { line: 2, .. }), "{err:?}");
        assert!(
            matches!(&err, PayloadError::Json { reason, .. } if !reason.contains(" at line 2 column")),
            "position said twice: {err:?}"
        );
    }

    #[test]
    fn rendering_never_hides_bytes() {
        assert_eq!(
            render(b"{\"a\":1}", PayloadFormat::Json),
            "{\n  \"a\": 1\n}"
        );
        assert_eq!(render(b"not json", PayloadFormat::Json), "not json");
        assert_eq!(render(&[0xff, 0x00], PayloadFormat::Text), "0x ff 00");
        assert_eq!(render(b"hi", PayloadFormat::Base64), "aGk=");
        assert_eq!(PayloadFormat::parse("hex"), Some(PayloadFormat::Hex));
    }
}
