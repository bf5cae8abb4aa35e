//! Packets of ours that wait for an acknowledgement, keyed by packet id.
//!
//! PUBLISH, SUBSCRIBE and UNSUBSCRIBE share one id space in MQTT, so they share one table and one
//! allocator here: an id is free only when no packet of any kind holds it. (rumqttc's state.rs
//! counts ids for SUBSCRIBE without looking at its publish table, and can collide.)

use std::collections::BTreeMap;

use super::{Message, MqttError, QoS};

/// What an in-flight packet id stands for, with what is needed to resend or report it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Pending {
    /// A QoS 1 PUBLISH of ours; kept whole so a reconnect can resend it with DUP set.
    Publish(Message),
    Subscribe(Vec<(String, QoS)>),
    Unsubscribe(Vec<String>),
}

#[derive(Debug)]
pub(crate) struct Inflight {
    pending: BTreeMap<u16, Pending>,
    /// Where the next search for a free id starts, so ids rotate instead of reusing the
    /// just-freed one (a late duplicate ack then cannot hit a new packet).
    next_id: u16,
}

impl Default for Inflight {
    fn default() -> Self {
        Inflight {
            pending: BTreeMap::new(),
            next_id: 1,
        }
    }
}

impl Inflight {
    /// A packet id that is neither 0 nor in flight. Takes nothing: call [`Inflight::insert`]
    /// once the packet is encoded.
    pub(crate) fn next_free_id(&mut self) -> Result<u16, MqttError> {
        let mut candidate = self.next_id;
        for _ in 0..=u16::MAX {
            if candidate != 0 && !self.pending.contains_key(&candidate) {
                self.next_id = candidate.wrapping_add(1);
                return Ok(candidate);
            }
            candidate = candidate.wrapping_add(1);
        }
        Err(MqttError::PacketIdsExhausted)
    }

    pub(crate) fn insert(&mut self, packet_id: u16, pending: Pending) {
        self.pending.insert(packet_id, pending);
    }

    pub(crate) fn len(&self) -> usize {
        self.pending.len()
    }

    /// Called when an ack names an id that is not in flight as the kind it answers. A PUBACK
    /// for a SUBSCRIBE's id is a broker bug and must not free the id, so the entry goes back.
    fn unknown(
        &mut self,
        packet_id: u16,
        taken: Option<Pending>,
        packet: &'static str,
    ) -> MqttError {
        if let Some(pending) = taken {
            self.pending.insert(packet_id, pending);
        }
        MqttError::UnknownPacketId { packet, packet_id }
    }

    pub(crate) fn take_publish(&mut self, packet_id: u16) -> Result<Message, MqttError> {
        match self.pending.remove(&packet_id) {
            Some(Pending::Publish(message)) => Ok(message),
            other => Err(self.unknown(packet_id, other, "PUBACK")),
        }
    }

    pub(crate) fn take_subscribe(
        &mut self,
        packet_id: u16,
    ) -> Result<Vec<(String, QoS)>, MqttError> {
        match self.pending.remove(&packet_id) {
            Some(Pending::Subscribe(filters)) => Ok(filters),
            other => Err(self.unknown(packet_id, other, "SUBACK")),
        }
    }

    pub(crate) fn take_unsubscribe(&mut self, packet_id: u16) -> Result<Vec<String>, MqttError> {
        match self.pending.remove(&packet_id) {
            Some(Pending::Unsubscribe(filters)) => Ok(filters),
            other => Err(self.unknown(packet_id, other, "UNSUBACK")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message() -> Message {
        Message {
            topic: "t".into(),
            payload: vec![],
            qos: QoS::AtLeastOnce,
            retain: false,
            dup: false,
        }
    }

    #[test]
    fn ids_skip_zero_and_ids_in_flight() {
        let mut inflight = Inflight::default();
        assert_eq!(inflight.next_free_id(), Ok(1));
        inflight.insert(2, Pending::Unsubscribe(vec!["a".into()]));
        inflight.insert(3, Pending::Publish(message()));
        assert_eq!(inflight.next_free_id(), Ok(4));
        inflight.next_id = u16::MAX;
        assert_eq!(inflight.next_free_id(), Ok(u16::MAX));
        // Wraps past 0 and the ids still held.
        assert_eq!(inflight.next_free_id(), Ok(1));
        assert_eq!(inflight.next_free_id(), Ok(4));
    }

    #[test]
    fn exhaustion_is_an_error_and_one_free_id_is_found() {
        let mut inflight = Inflight::default();
        for id in 1..=u16::MAX {
            inflight.insert(id, Pending::Subscribe(vec![]));
        }
        assert_eq!(inflight.next_free_id(), Err(MqttError::PacketIdsExhausted));
        assert_eq!(inflight.take_subscribe(40_000), Ok(vec![]));
        assert_eq!(inflight.next_free_id(), Ok(40_000));
    }

    #[test]
    fn acks_must_match_the_kind_in_flight() {
        let mut inflight = Inflight::default();
        inflight.insert(5, Pending::Subscribe(vec![("a".into(), QoS::AtMostOnce)]));
        assert_eq!(
            inflight.take_publish(5),
            Err(MqttError::UnknownPacketId {
                packet: "PUBACK",
                packet_id: 5
            })
        );
        assert_eq!(
            inflight.take_unsubscribe(5),
            Err(MqttError::UnknownPacketId {
                packet: "UNSUBACK",
                packet_id: 5
            })
        );
        assert_eq!(inflight.len(), 1, "a wrong ack must not free the id");
        assert!(inflight.take_subscribe(5).is_ok());
        assert!(inflight.take_subscribe(5).is_err());
        assert_eq!(inflight.len(), 0);
    }
}
