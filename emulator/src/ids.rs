//! Identifiers and secrets the cloud hands out: message ids, DeviceSecrets, device tokens.

use std::sync::atomic::{AtomicU64, Ordering};

use rand::Rng;

/// Hands out Aliyun-style message ids: long decimal numbers as strings, unique within one run
/// and, because they start from the start time, very unlikely to repeat across runs.
#[derive(Debug)]
pub struct MessageIds {
    next: AtomicU64,
}

impl MessageIds {
    /// Starts the sequence at `start_ms` × 1,000,000 (19 digits today, like Aliyun's ids).
    pub fn starting_at(start_ms: u64) -> MessageIds {
        MessageIds {
            next: AtomicU64::new(start_ms.saturating_mul(1_000_000)),
        }
    }

    /// The next id as a decimal string.
    pub fn next(&self) -> String {
        self.next.fetch_add(1, Ordering::Relaxed).to_string()
    }
}

/// A fresh 32-hex-digit secret, the shape of Aliyun's DeviceSecrets.
pub fn new_secret() -> String {
    let bytes: [u8; 16] = rand::rng().random();
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_ids_are_increasing_decimal_strings() {
        let ids = MessageIds::starting_at(1_700_000_000_000);
        let a = ids.next();
        let b = ids.next();
        assert_eq!(a, "1700000000000000000");
        assert_eq!(b, "1700000000000000001");
    }

    #[test]
    fn secrets_are_32_lowercase_hex_and_differ() {
        let a = new_secret();
        assert_eq!(a.len(), 32);
        assert!(a
            .chars()
            .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
        assert_ne!(a, new_secret());
    }
}
