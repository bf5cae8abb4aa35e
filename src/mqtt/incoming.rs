//! What the session does with each packet from the broker.
//!
//! Incoming QoS 2 is delivered exactly once: the message is delivered on the first PUBLISH, its id
//! is remembered until PUBREL (across links while the broker keeps our session), a redelivered
//! PUBLISH with that id is acknowledged again but not delivered twice, and every PUBREL gets its
//! PUBCOMP.

use super::decode::{decode, Incoming};
use super::decode_v5;
use super::validate::check_incoming_topic;
use super::{
    CloseReason, Event, Message, Millis, MqttError, ProtocolVersion, QoS, ReasonCode, ReasonPacket,
    Session, SessionState, SubscribeOutcome, UserProperty,
};

impl Session {
    /// Call with every chunk of bytes received (any split). Fatal errors mean: close the link;
    /// the session is Closed. Bytes arriving after the session closed are ignored.
    pub fn handle_bytes(&mut self, data: &[u8], now: Millis) -> Result<(), MqttError> {
        match self.state {
            SessionState::Closed => return Ok(()),
            SessionState::Idle => {
                return Err(self.fail(MqttError::UnexpectedPacket(
                    "it sent data before the client sent CONNECT",
                )))
            }
            SessionState::AwaitingConnAck | SessionState::Connected => {}
        }
        if data.is_empty() {
            return Ok(());
        }
        self.keepalive.on_received(now);
        self.framer.push(data);
        // Stop at Closed: after a refused CONNACK nothing else from the broker matters.
        while self.state != SessionState::Closed {
            let frame = match self.framer.next_frame() {
                Ok(Some(frame)) => frame,
                Ok(None) => break,
                Err(e) => return Err(self.fail(e)),
            };
            let packet = match self.options.version {
                ProtocolVersion::V311 => decode(frame),
                ProtocolVersion::V5 => decode_v5::decode(frame),
            };
            let result = packet.and_then(|packet| self.handle_packet(packet, now));
            if let Err(e) = result {
                return Err(self.fail(e));
            }
        }
        Ok(())
    }

    fn handle_packet(&mut self, packet: Incoming, now: Millis) -> Result<(), MqttError> {
        match packet {
            Incoming::ConnAck {
                session_present,
                code,
            } => self.handle_connack(session_present, code, now),
            Incoming::ConnAckV5 {
                session_present,
                reason,
                capabilities,
            } => self.handle_connack_v5(session_present, reason, *capabilities, now),
            Incoming::Auth => Err(MqttError::AuthNotSupported),
            // The server may end the link with a reason before CONNACK too [MQTT-3.14.0-1 allows
            // it only after CONNACK, but a reason is more use to the user than a refusal].
            Incoming::Disconnect {
                reason,
                reason_string,
                server_reference,
            } => {
                self.close(CloseReason::ServerDisconnected {
                    reason,
                    reason_string,
                    server_reference,
                });
                Ok(())
            }
            // [MQTT-3.2.0-1]: CONNACK is the first packet a broker sends.
            _ if self.state != SessionState::Connected => Err(MqttError::UnexpectedPacket(
                "it sent a packet before CONNACK",
            )),
            Incoming::Publish {
                mut message,
                packet_id,
                topic_alias,
            } => {
                if topic_alias.is_some() {
                    let maximum = self.options.properties.topic_alias_maximum;
                    message.topic = self.aliases.incoming(message.topic, topic_alias, maximum)?;
                }
                self.handle_publish(message, packet_id, now)
            }
            Incoming::AckReason {
                packet,
                packet_id,
                reason,
                reason_string,
                user_properties,
            } => self.handle_ack_reason(
                packet,
                packet_id,
                reason,
                reason_string,
                user_properties,
                now,
            ),
            Incoming::UnsubAckV5 { packet_id, reasons } => {
                self.inflight.take_unsubscribe(packet_id)?;
                self.events
                    .push_back(Event::UnsubAck { packet_id, reasons });
                Ok(())
            }
            Incoming::PubAck(packet_id) => {
                self.inflight.take_puback(packet_id)?;
                self.events.push_back(Event::PubAck { packet_id });
                self.send_queued(now)
            }
            Incoming::PubRec(packet_id) => {
                self.inflight.on_pubrec(packet_id)?;
                let bytes = self.pubrel_bytes(packet_id)?;
                self.queue(bytes, now);
                Ok(())
            }
            Incoming::PubComp(packet_id) => {
                self.inflight.take_pubcomp(packet_id)?;
                self.events.push_back(Event::PubComp { packet_id });
                self.send_queued(now)
            }
            Incoming::PubRel(packet_id) => {
                // Answered even for an unknown id [MQTT-4.3.3-11]: the broker may be resending
                // a PUBREL whose PUBCOMP was lost with the previous connection.
                let found = self.awaiting_pubrel.remove(&packet_id);
                let bytes = self.pubcomp_bytes(packet_id, found)?;
                self.queue(bytes, now);
                Ok(())
            }
            Incoming::SubAck {
                packet_id,
                outcomes,
            } => self.handle_suback(packet_id, outcomes),
            Incoming::UnsubAck(packet_id) => {
                self.inflight.take_unsubscribe(packet_id)?;
                self.events.push_back(Event::UnsubAck {
                    packet_id,
                    reasons: Vec::new(),
                });
                Ok(())
            }
            Incoming::PingResp => {
                // An unsolicited PINGRESP is harmless, so it is not treated as an error.
                self.keepalive.on_pingresp();
                Ok(())
            }
        }
    }

    fn handle_connack(
        &mut self,
        session_present: bool,
        code: u8,
        now: Millis,
    ) -> Result<(), MqttError> {
        if self.state != SessionState::AwaitingConnAck {
            return Err(MqttError::UnexpectedConnAck);
        }
        self.connack_deadline = None;
        if code != 0 {
            self.events.push_back(Event::Refused { code });
            self.close(CloseReason::Refused { code });
            return Ok(());
        }
        self.state = SessionState::Connected;
        self.keepalive.start(now);
        self.reconnect.on_connected(now);
        self.events.push_back(Event::Connected { session_present });
        // A broker must not claim a stored session after a clean-session CONNECT
        // [MQTT-3.2.2-1]; one that does has discarded it all the same, so it is believed only
        // where it could be true. Refusing would cut the user off over a harmless flag.
        self.resume(session_present && !self.options.clean_session, now)
    }

    fn handle_suback(
        &mut self,
        packet_id: u16,
        outcomes: Vec<SubscribeOutcome>,
    ) -> Result<(), MqttError> {
        let (filters, automatic) = self.inflight.take_subscribe(packet_id)?;
        if filters.len() != outcomes.len() {
            return Err(MqttError::SubAckCountMismatch {
                packet_id,
                expected: filters.len(),
                got: outcomes.len(),
            });
        }
        for ((filter, options), outcome) in filters.iter().zip(&outcomes) {
            if matches!(outcome, SubscribeOutcome::Refused(_)) {
                self.subscriptions.refused(filter, options.qos);
            }
        }
        if automatic {
            for ((filter, _), outcome) in filters.into_iter().zip(outcomes) {
                self.events
                    .push_back(Event::Resubscribed { filter, outcome });
            }
        } else {
            self.events.push_back(Event::SubAck {
                packet_id,
                outcomes,
            });
        }
        Ok(())
    }

    fn handle_publish(
        &mut self,
        message: Message,
        packet_id: u16,
        now: Millis,
    ) -> Result<(), MqttError> {
        check_incoming_topic(&message.topic)?;
        match message.qos {
            QoS::AtMostOnce => self.events.push_back(Event::Received(message)),
            QoS::AtLeastOnce => {
                let bytes = self.puback_bytes(packet_id)?;
                self.queue(bytes, now);
                self.events.push_back(Event::Received(message));
            }
            QoS::ExactlyOnce => {
                // Our receive maximum bounds the QoS 2 messages awaiting PUBREL (QoS 1 ones are
                // acknowledged at once, so never pile up) [MQTT-3.3.4-9].
                if self.options.version == ProtocolVersion::V5
                    && !self.awaiting_pubrel.contains(&packet_id)
                {
                    let maximum = self.options.properties.receive_maximum.unwrap_or(u16::MAX);
                    if self.awaiting_pubrel.len() >= usize::from(maximum) {
                        return Err(MqttError::ReceiveMaximumExceeded { maximum });
                    }
                }
                let bytes = self.pubrec_bytes(packet_id)?;
                self.queue(bytes, now);
                if self.awaiting_pubrel.insert(packet_id) {
                    self.events.push_back(Event::Received(message));
                }
            }
        }
        Ok(())
    }

    /// An MQTT 5 acknowledgement that says more than "success". An error ends our publish
    /// (PUBACK, PUBREC: no PUBREL follows; PUBCOMP 0x92: the broker lost it); a success with a
    /// reason string goes on as the plain acknowledgement would.
    fn handle_ack_reason(
        &mut self,
        packet: ReasonPacket,
        packet_id: u16,
        reason: ReasonCode,
        reason_string: Option<String>,
        user_properties: Vec<UserProperty>,
        now: Millis,
    ) -> Result<(), MqttError> {
        let error = reason.is_error();
        match packet {
            ReasonPacket::PubAck => self.inflight.take_puback(packet_id)?,
            ReasonPacket::PubRec if error => self.inflight.take_pubrec_refusal(packet_id)?,
            ReasonPacket::PubRec => self.inflight.on_pubrec(packet_id)?,
            ReasonPacket::PubComp => self.inflight.take_pubcomp(packet_id)?,
            // PUBREL is about a message the broker sent us; it is answered either way.
            ReasonPacket::PubRel => {}
            _ => {
                return Err(MqttError::UnexpectedPacket(
                    "it sent a reason code on a packet that cannot carry one",
                ))
            }
        }
        self.events.push_back(Event::AckReason {
            packet_id,
            packet,
            reason,
            reason_string,
            user_properties,
        });
        match packet {
            ReasonPacket::PubAck if !error => self.events.push_back(Event::PubAck { packet_id }),
            ReasonPacket::PubComp if !error => self.events.push_back(Event::PubComp { packet_id }),
            ReasonPacket::PubRec if !error => {
                let bytes = self.pubrel_bytes(packet_id)?;
                self.queue(bytes, now);
                return Ok(());
            }
            ReasonPacket::PubRel => {
                let found = self.awaiting_pubrel.remove(&packet_id);
                let bytes = self.pubcomp_bytes(packet_id, found)?;
                self.queue(bytes, now);
                return Ok(());
            }
            _ => {}
        }
        // A finished publish frees a slot of the inflight window.
        self.send_queued(now)
    }
}
