//! Base64 with the URL- and filename-safe alphabet (RFC 4648 §5), without padding: the only
//! characters a link's data part may hold, all of which survive a URL fragment unescaped.

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// `bytes` as base64url, no `=` padding.
pub(super) fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        // A chunk of k bytes needs k + 1 characters; the rest would be padding.
        for i in 0..=chunk.len() {
            let six = (n >> (18 - 6 * i)) & 0x3f;
            out.push(char::from(ALPHABET[six as usize]));
        }
    }
    out
}

fn value(c: u8) -> Option<u32> {
    let v = match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'-' => 62,
        b'_' => 63,
        _ => return None,
    };
    Some(u32::from(v))
}

/// The bytes `text` encodes, or the 0-based byte offset of the first character that cannot be
/// there (a character outside the alphabet, or a last group of one character, which no byte
/// string encodes to).
pub(super) fn decode(text: &str) -> Result<Vec<u8>, usize> {
    let bytes = text.as_bytes();
    // Every byte before the first bad one is ASCII, so its offset is a character boundary.
    if let Some(bad) = bytes.iter().position(|&c| value(c).is_none()) {
        return Err(bad);
    }
    if bytes.len() % 4 == 1 {
        return Err(bytes.len() - 1);
    }
    let mut out = Vec::with_capacity(bytes.len() / 4 * 3 + 2);
    for (index, group) in bytes.chunks(4).enumerate() {
        let mut n = 0u32;
        for (i, &c) in group.iter().enumerate() {
            n |= value(c).ok_or(index * 4 + i)? << (18 - 6 * i);
        }
        let [_, b0, b1, b2] = n.to_be_bytes();
        out.extend_from_slice(&[b0, b1, b2][..group.len() - 1]);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_every_length_and_byte() {
        let all: Vec<u8> = (0..=255).collect();
        for len in 0..all.len() {
            let text = encode(&all[..len]);
            assert!(!text.contains('='));
            assert_eq!(decode(&text), Ok(all[..len].to_vec()), "{len}");
        }
        // RFC 4648 test vectors, padding removed.
        assert_eq!(encode(b"foob"), "Zm9vYg");
        assert_eq!(encode(b"fooba"), "Zm9vYmE");
        assert_eq!(encode(&[0xfb, 0xff]), "-_8");
    }

    #[test]
    fn a_bad_character_is_located() {
        assert_eq!(decode("Zm9v+mE"), Err(4));
        assert_eq!(decode("Zm9vYmE="), Err(7));
        assert_eq!(decode("Zm9vY"), Err(4));
        assert_eq!(decode("Zm é"), Err(2));
        assert_eq!(
            decode("AAAé"),
            Err(3),
            "a bad character before a bad length"
        );
    }
}
