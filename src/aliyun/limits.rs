//! Aliyun's limits on what a device sends, in one place for the app and the emulator.

use std::ops::RangeInclusive;

/// The most characters the free-text `${clientId}` part of the MQTT client id may have.
/// Counted in characters, not bytes.
pub const MAX_CLIENT_ID_CHARS: usize = 64;

/// The keepalive Aliyun accepts on a login, in seconds; outside it the CONNECT is refused.
pub const KEEPALIVE_SECS: RangeInclusive<u16> = 30..=1200;

/// How many characters a DeviceName has on Aliyun.
///
/// The cloud (and so the emulator) refuses to create a device outside this range. The app's
/// form does not enforce it: it only refuses characters that would break a topic or the
/// username, and leaves the length to whichever broker it talks to.
pub const DEVICE_NAME_CHARS: RangeInclusive<usize> = 4..=32;

/// The most messages per second one device may publish to the cloud (Aliyun IoT Platform,
/// "Limits" page: "device-to-cloud messages: 30 QPS per device"); faster messages are
/// throttled by the platform. The console warns when timed publishing goes above it.
pub const DEVICE_PUBLISH_PER_SECOND: u32 = 30;

/// Whether `c` may appear in a DeviceName: letters, digits and `- _ @ . :`.
pub fn is_device_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '@' | '.' | ':')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documented_limits() {
        assert_eq!(MAX_CLIENT_ID_CHARS, 64);
        assert_eq!((*KEEPALIVE_SECS.start(), *KEEPALIVE_SECS.end()), (30, 1200));
        assert_eq!(
            (*DEVICE_NAME_CHARS.start(), *DEVICE_NAME_CHARS.end()),
            (4, 32)
        );
    }

    #[test]
    fn device_name_charset() {
        for c in ['a', 'Z', '0', '-', '_', '@', '.', ':'] {
            assert!(is_device_name_char(c), "{c:?}");
        }
        for c in ['&', '/', '+', '#', '|', ' ', '$', '\u{8bbe}'] {
            assert!(!is_device_name_char(c), "{c:?}");
        }
    }
}
