//! What the user asks the session to send: SUBSCRIBE, UNSUBSCRIBE and PUBLISH.
//!
//! Every request is checked completely before it takes a packet id or queues a byte, so a
//! refused request leaves the session exactly as it was.

use super::encode;
use super::inflight::Pending;
use super::{Message, Millis, MqttError, QoS, Session};

impl Session {
    /// Call when the user subscribes to one filter. Returns the packet id that the matching
    /// [`Event::SubAck`](super::Event::SubAck) will carry, even if the link drops first: the
    /// SUBSCRIBE is then sent again on the next link.
    pub fn subscribe(&mut self, filter: &str, qos: QoS, now: Millis) -> Result<u16, MqttError> {
        self.subscribe_many(&[(filter, qos)], now)
    }

    /// Like [`Session::subscribe`] for several filters in one SUBSCRIBE; the SUBACK's outcomes
    /// come in the same order.
    pub fn subscribe_many(
        &mut self,
        filters: &[(&str, QoS)],
        now: Millis,
    ) -> Result<u16, MqttError> {
        self.require_connected()?;
        let filters: Vec<(String, QoS)> =
            filters.iter().map(|(f, q)| (f.to_string(), *q)).collect();
        encode::check_subscribe(&filters)?;
        let packet_id = self.inflight.next_free_id()?;
        let bytes = encode::subscribe(packet_id, &filters)?;
        for (filter, qos) in &filters {
            self.subscriptions.add(filter, *qos);
        }
        self.inflight.insert(
            packet_id,
            Pending::Subscribe {
                filters,
                automatic: false,
            },
        );
        self.queue(bytes, now);
        Ok(packet_id)
    }

    /// Call when the user removes a subscription. Returns the packet id that the matching
    /// [`Event::UnsubAck`](super::Event::UnsubAck) will carry.
    pub fn unsubscribe(&mut self, filter: &str, now: Millis) -> Result<u16, MqttError> {
        self.require_connected()?;
        let filters = vec![filter.to_string()];
        encode::check_unsubscribe(&filters)?;
        let packet_id = self.inflight.next_free_id()?;
        let bytes = encode::unsubscribe(packet_id, &filters)?;
        self.subscriptions.remove(filter);
        self.inflight
            .insert(packet_id, Pending::Unsubscribe(filters));
        self.queue(bytes, now);
        Ok(packet_id)
    }

    /// Call when the user publishes. Returns the packet id for QoS 1 and 2 (the matching
    /// [`Event::PubAck`](super::Event::PubAck) or [`Event::PubComp`](super::Event::PubComp)
    /// carries it), `None` for QoS 0.
    ///
    /// A QoS 1/2 publish beyond the inflight window ([`Session::set_max_inflight`]) is accepted
    /// and waits in the session until acknowledgements free a slot; one whose link drops before
    /// its acknowledgement is sent again, with DUP set, on the next link. While no link is up,
    /// new publishes are refused with [`MqttError::NotConnected`].
    pub fn publish(
        &mut self,
        topic: &str,
        payload: &[u8],
        qos: QoS,
        retain: bool,
        now: Millis,
    ) -> Result<Option<u16>, MqttError> {
        self.require_connected()?;
        encode::check_publish(topic, payload, qos)?;
        if qos == QoS::AtMostOnce {
            let bytes = encode::publish(topic, payload, qos, retain, false, 0)?;
            self.queue(bytes, now);
            return Ok(None);
        }
        let packet_id = self.inflight.next_free_id()?;
        let message = Message {
            topic: topic.to_string(),
            payload: payload.to_vec(),
            qos,
            retain,
            dup: false,
        };
        if !self.inflight.window_open() {
            // Behind older queued ones (order is kept); the window may have grown since they
            // queued, so send what fits now.
            self.inflight.insert_publish(packet_id, message, false);
            self.send_queued(now)?;
            return Ok(Some(packet_id));
        }
        let bytes = encode::publish(topic, payload, qos, retain, false, packet_id)?;
        self.inflight.insert_publish(packet_id, message, true);
        self.queue(bytes, now);
        Ok(Some(packet_id))
    }

    /// Sends queued publishes while the inflight window has room. Called whenever an
    /// acknowledgement frees a slot and when a link comes up.
    pub(super) fn send_queued(&mut self, now: Millis) -> Result<(), MqttError> {
        while let Some((packet_id, m)) = self.inflight.next_to_send() {
            // Never sent before, so DUP stays 0 even on a later link.
            let bytes = encode::publish(&m.topic, &m.payload, m.qos, m.retain, false, packet_id)?;
            self.queue(bytes, now);
        }
        Ok(())
    }
}
