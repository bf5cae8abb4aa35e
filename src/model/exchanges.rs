//! What ties logged messages to each other: a reply to its request (request/response by
//! correlation data) and a broker's reason code to our publish (by packet id). Both are
//! written into the log's side table, so the detail pane and the row can show them.

use super::log::{AckOutcome, Direction, Logged, MessageLog};
use super::publish_acks::PublishAcks;
use super::request_response::RequestTracker;

/// The requests waiting for replies and our publishes waiting for acknowledgements.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Exchanges {
    requests: RequestTracker,
    acks: PublishAcks,
}

impl Exchanges {
    /// Logs `logged` into `log` and returns its sequence number. A publish of ours with a
    /// response topic and correlation data becomes a request; a received message with
    /// correlation data is paired with its request, if one waits. Messages without properties
    /// skip the request tracker entirely.
    pub fn record(&mut self, log: &mut MessageLog, logged: Logged) -> u64 {
        let exchange = logged.properties.as_ref().and_then(|p| {
            p.correlation_data.clone().map(|c| {
                (
                    p.response_topic.clone(),
                    c,
                    logged.topic.clone(),
                    logged.time_ms,
                )
            })
        });
        let incoming = logged.direction == Direction::In;
        let packet_id = logged.packet_id;
        let seq = log.push_logged(logged);
        if let Some(packet_id) = packet_id {
            self.acks.sent(packet_id, seq);
        }
        let Some((response_topic, correlation, topic, time_ms)) = exchange else {
            return seq;
        };
        if incoming {
            if let Some(pairing) = self
                .requests
                .on_message(&topic, Some(&correlation), time_ms)
            {
                if let Some(x) = log.extras_mut(seq) {
                    x.reply_to = Some(pairing);
                }
            }
        } else {
            self.requests
                .on_request(seq, response_topic.as_deref(), Some(&correlation), time_ms);
        }
        seq
    }

    /// Notes the broker's reason code next to our publish that used `packet_id`; false when
    /// that publish is unknown or no longer held.
    pub fn acknowledged(&self, log: &mut MessageLog, packet_id: u16, outcome: AckOutcome) -> bool {
        let Some(x) = self
            .acks
            .find(packet_id)
            .and_then(|seq| log.extras_mut(seq))
        else {
            return false;
        };
        x.outcome = Some(outcome);
        true
    }

    /// Forgets every request and publish (the log was cleared).
    pub fn clear(&mut self) {
        self.requests.clear();
        self.acks.clear();
    }
}

#[cfg(test)]
mod tests {
    use bytes::Bytes;

    use super::*;
    use crate::model::log::LogEntry;
    use crate::model::request_response::Pairing;
    use crate::mqtt::{PublishProperties, ReasonCode, ReasonPacket};

    fn logged(
        direction: Direction,
        topic: &str,
        time_ms: f64,
        props: PublishProperties,
        packet_id: Option<u16>,
    ) -> Logged {
        Logged::new(
            LogEntry {
                seq: 0,
                time_ms,
                direction,
                topic: topic.into(),
                payload: Bytes::new(),
                qos: 1,
                retain: false,
                dup: false,
            },
            props,
            packet_id,
        )
    }

    fn request(correlation: &[u8]) -> PublishProperties {
        PublishProperties {
            response_topic: Some("reply/me".into()),
            correlation_data: Some(correlation.to_vec()),
            ..PublishProperties::default()
        }
    }

    fn reply(correlation: &[u8]) -> PublishProperties {
        PublishProperties {
            correlation_data: Some(correlation.to_vec()),
            ..PublishProperties::default()
        }
    }

    #[test]
    fn a_reply_is_noted_with_its_request_and_the_time_between() {
        let mut log = MessageLog::default();
        let mut ex = Exchanges::default();
        let req = ex.record(
            &mut log,
            logged(Direction::Out, "svc/ask", 1000.0, request(b"r1"), Some(1)),
        );
        let other = ex.record(
            &mut log,
            logged(Direction::In, "reply/me", 1010.0, reply(b"zz"), None),
        );
        let rep = ex.record(
            &mut log,
            logged(Direction::In, "reply/me", 1042.0, reply(b"r1"), None),
        );
        assert_eq!(
            log.extras(rep).and_then(|x| x.reply_to),
            Some(Pairing {
                request_seq: req,
                after_ms: 42.0,
                repeated: false
            })
        );
        assert_eq!(log.extras(other).and_then(|x| x.reply_to), None);
        assert_eq!(log.extras(req).and_then(|x| x.reply_to), None);
    }

    #[test]
    fn a_reason_code_lands_on_the_publish_that_used_the_packet_id() {
        let mut log = MessageLog::with_capacity(2);
        let mut ex = Exchanges::default();
        let plain = PublishProperties::default;
        let first = ex.record(&mut log, logged(Direction::Out, "t", 0.0, plain(), Some(7)));
        let outcome = AckOutcome {
            packet: ReasonPacket::PubAck,
            reason: ReasonCode::NoMatchingSubscribers,
            reason_string: None,
        };
        assert!(ex.acknowledged(&mut log, 7, outcome.clone()));
        assert_eq!(
            log.extras(first).and_then(|x| x.outcome.clone()),
            Some(outcome.clone())
        );
        assert!(!ex.acknowledged(&mut log, 8, outcome.clone()), "unknown id");
        // Once the publish has left the log, its late acknowledgement is dropped.
        ex.record(&mut log, logged(Direction::In, "a", 1.0, plain(), None));
        ex.record(&mut log, logged(Direction::In, "b", 2.0, plain(), None));
        assert!(!ex.acknowledged(&mut log, 7, outcome));
        ex.clear();
    }
}
