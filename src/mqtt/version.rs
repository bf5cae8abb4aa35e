/// The MQTT protocol version a connection speaks, chosen per connection before it starts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum ProtocolVersion {
    /// MQTT 3.1.1 (protocol level 4): what every broker speaks, and what Aliyun's public
    /// instances accept.
    #[default]
    V311,
    /// MQTT 5.0 (protocol level 5): properties, reason codes, topic aliases, flow control.
    V5,
}

impl ProtocolVersion {
    /// The protocol level byte of CONNECT [MQTT-3.1.2.2].
    pub fn level(self) -> u8 {
        match self {
            ProtocolVersion::V311 => 4,
            ProtocolVersion::V5 => 5,
        }
    }

    /// Use when reading a stored or chosen version: `"3.1.1"` or `"5"` (the values of the
    /// version select); `None` for anything else.
    pub fn parse(text: &str) -> Option<ProtocolVersion> {
        match text.trim() {
            "3.1.1" | "4" => Some(ProtocolVersion::V311),
            "5" | "5.0" => Some(ProtocolVersion::V5),
            _ => None,
        }
    }

    /// The form [`ProtocolVersion::parse`] reads back: `"3.1.1"` or `"5"`.
    pub fn as_str(self) -> &'static str {
        match self {
            ProtocolVersion::V311 => "3.1.1",
            ProtocolVersion::V5 => "5",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_round_trip_through_their_text() {
        for v in [ProtocolVersion::V311, ProtocolVersion::V5] {
            assert_eq!(ProtocolVersion::parse(v.as_str()), Some(v));
        }
        assert_eq!(ProtocolVersion::parse("5.0"), Some(ProtocolVersion::V5));
        assert_eq!(ProtocolVersion::parse("3"), None);
        assert_eq!(ProtocolVersion::V311.level(), 4);
        assert_eq!(ProtocolVersion::V5.level(), 5);
    }
}
