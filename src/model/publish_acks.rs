//! Which log entry each of our QoS 1/2 publishes is, by packet id, so that a reason code the
//! broker sends back (MQTT 5 PUBACK, PUBREC, PUBCOMP) is shown next to the right publish.

use std::collections::HashMap;

/// Packet id → log sequence number of the publish that used it last. Packet ids are 16-bit, so
/// this holds at most 65,535 pairs however long the session runs.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PublishAcks {
    by_packet: HashMap<u16, u64>,
}

impl PublishAcks {
    /// Call when the publish logged as `seq` went out with `packet_id`; a reused id now names
    /// this publish.
    pub fn sent(&mut self, packet_id: u16, seq: u64) {
        self.by_packet.insert(packet_id, seq);
    }

    /// The log entry of the publish that used `packet_id` last.
    pub fn find(&self, packet_id: u16) -> Option<u64> {
        self.by_packet.get(&packet_id).copied()
    }

    /// Forgets everything (the log was cleared).
    pub fn clear(&mut self) {
        self.by_packet.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reused_packet_id_names_the_newest_publish() {
        let mut acks = PublishAcks::default();
        assert_eq!(acks.find(1), None);
        acks.sent(1, 10);
        acks.sent(2, 11);
        assert_eq!(acks.find(1), Some(10));
        acks.sent(1, 12);
        assert_eq!(acks.find(1), Some(12));
        assert_eq!(acks.find(2), Some(11));
        acks.clear();
        assert_eq!(acks.find(2), None);
    }
}
