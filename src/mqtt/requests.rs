//! What the user asks the session to send: SUBSCRIBE, UNSUBSCRIBE and PUBLISH.
//!
//! Every request is checked completely before it takes a packet id or queues a byte, so a
//! refused request leaves the session exactly as it was.

use super::inflight::Pending;
use super::packets::{first_publish, Outgoing};
use super::{Message, Millis, MqttError, PublishProperties, QoS, Session, SubscribeOptions};

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
        let filters: Vec<(&str, SubscribeOptions)> = filters
            .iter()
            .map(|(f, q)| (*f, SubscribeOptions::qos(*q)))
            .collect();
        self.subscribe_with(&filters, None, now)
    }

    /// Like [`Session::subscribe_many`] with MQTT 5's options per filter (no local, retain as
    /// published, retain handling) and a subscription identifier for the whole SUBSCRIBE.
    ///
    /// Refused before anything is sent: MQTT 5 options or an identifier on MQTT 3.1.1, a
    /// wildcard, identifier or `$share/` filter the server does not offer, an identifier outside
    /// 1..=268,435,455, a malformed `$share/{group}/{filter}`, no local on a shared
    /// subscription, and a packet above the server's maximum packet size. The session's
    /// resubscribe list keeps the options and the identifier.
    pub fn subscribe_with(
        &mut self,
        filters: &[(&str, SubscribeOptions)],
        subscription_identifier: Option<u32>,
        now: Millis,
    ) -> Result<u16, MqttError> {
        self.require_connected()?;
        let filters: Vec<(String, SubscribeOptions)> = filters
            .iter()
            .map(|(f, o)| (f.to_string(), o.clone()))
            .collect();
        self.check_subscribe(&filters, subscription_identifier)?;
        let packet_id = self.inflight.next_free_id()?;
        let bytes = self.subscribe_bytes(packet_id, &filters, subscription_identifier)?;
        for (filter, options) in &filters {
            self.subscriptions
                .add(filter, options.clone(), subscription_identifier);
        }
        self.inflight.insert(
            packet_id,
            Pending::Subscribe {
                filters,
                identifier: subscription_identifier,
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
        self.check_unsubscribe(&filters)?;
        let packet_id = self.inflight.next_free_id()?;
        let bytes = self.unsubscribe_bytes(packet_id, &filters)?;
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
    /// A QoS 1/2 publish beyond the inflight window ([`Session::set_max_inflight`], and on
    /// MQTT 5 the server's receive maximum) is accepted and waits in the session until
    /// acknowledgements free a slot; one whose link drops before its acknowledgement is sent
    /// again, with DUP set, on the next link. While no link is up, new publishes are refused
    /// with [`MqttError::NotConnected`].
    pub fn publish(
        &mut self,
        topic: &str,
        payload: &[u8],
        qos: QoS,
        retain: bool,
        now: Millis,
    ) -> Result<Option<u16>, MqttError> {
        self.publish_with(
            topic,
            payload,
            qos,
            retain,
            &PublishProperties::default(),
            now,
        )
    }

    /// Like [`Session::publish`] with MQTT 5 properties (their subscription identifiers are
    /// never sent). Refused before anything is queued: properties on MQTT 3.1.1, bad property
    /// values, a QoS above the server's maximum, retain where the server keeps none, and a
    /// packet (with its full topic) above the server's maximum packet size. Topic aliases are
    /// used by themselves (see [`Session::set_topic_aliases`]).
    pub fn publish_with(
        &mut self,
        topic: &str,
        payload: &[u8],
        qos: QoS,
        retain: bool,
        properties: &PublishProperties,
        now: Millis,
    ) -> Result<Option<u16>, MqttError> {
        self.require_connected()?;
        self.check_publish(topic, payload, qos, retain, properties)?;
        if qos == QoS::AtMostOnce {
            let outgoing = Outgoing {
                topic,
                payload,
                qos,
                retain,
                properties,
            };
            let bytes = self.publish_bytes(outgoing, 0)?;
            self.queue(bytes, now);
            return Ok(None);
        }
        let packet_id = self.inflight.next_free_id()?;
        let mut properties = properties.clone();
        properties.subscription_identifiers.clear();
        let message = Message {
            topic: topic.to_string(),
            payload: payload.to_vec(),
            qos,
            retain,
            dup: false,
            properties,
        };
        if !self.inflight.window_open() {
            // Behind older queued ones (order is kept); the window may have grown since they
            // queued, so send what fits now.
            self.inflight.insert_publish(packet_id, message, false);
            self.send_queued(now)?;
            return Ok(Some(packet_id));
        }
        let bytes = self.publish_bytes(Outgoing::of(&message), packet_id)?;
        self.inflight.insert_publish(packet_id, message, true);
        self.queue(bytes, now);
        Ok(Some(packet_id))
    }

    /// Sends queued publishes while the inflight window has room. Called whenever an
    /// acknowledgement frees a slot and when a link comes up.
    pub(super) fn send_queued(&mut self, now: Millis) -> Result<(), MqttError> {
        while let Some((packet_id, m)) = self.inflight.next_to_send() {
            // Never sent before, so DUP stays 0 even on a later link.
            let bytes = first_publish(
                self.options.version,
                &self.capabilities,
                &mut self.aliases,
                Outgoing::of(m),
                packet_id,
            )?;
            self.queue(bytes, now);
        }
        Ok(())
    }
}
