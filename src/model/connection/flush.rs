//! The session's output after each input: packets to send, events to apply, and the end of a
//! link with what follows it (a planned reconnect, or the reason there is none).

use bytes::Bytes;

use super::{Action, CloseCause, ConnectionError, Lifecycle, Now, Retry, ServerReason, SubChange};
use crate::model::log::{AckOutcome, Direction, LogEntry, Logged};
use crate::model::server::ServerInfo;
use crate::model::status::Status;
use crate::mqtt::{
    CloseReason, Event, QoS, ReasonCode, ReasonPacket, SessionState, SubscribeOutcome,
};

impl Lifecycle {
    /// Hands every queued packet to the current link (dropped when there is none).
    pub(super) fn send_queued(&mut self) {
        let Lifecycle {
            current: Some(c),
            actions,
            ..
        } = self
        else {
            return;
        };
        while let Some(bytes) = c.session.poll_transmit() {
            if let Some(link) = c.link {
                actions.push_back(Action::Send { link, bytes });
            }
        }
    }

    /// Sends everything the session queued and applies its events; ends the link when the
    /// session closed (refusal, protocol error, missed deadline).
    pub(super) fn flush(&mut self, now: Now) {
        self.send_queued();
        let events: Vec<Event> = match self.current.as_mut() {
            Some(c) => std::iter::from_fn(|| c.session.poll_event()).collect(),
            None => Vec::new(),
        };
        for ev in events {
            self.apply(ev, now);
        }
        if self
            .current
            .as_ref()
            .is_some_and(|c| c.link.is_some() && c.session.state() == SessionState::Closed)
        {
            self.link_ended(now);
        }
    }

    pub(super) fn apply(&mut self, ev: Event, now: Now) {
        match ev {
            Event::Connected { session_present } => self.connected(session_present, now),
            Event::Refused { .. } => {}
            Event::SubAck {
                packet_id,
                outcomes,
            } => {
                self.change_subs(SubChange::Acknowledged {
                    packet_id,
                    reason: suback_code(outcomes.first()),
                });
            }
            Event::Resubscribed { filter, outcome } => {
                self.change_subs(SubChange::Resubscribed {
                    filter,
                    reason: suback_code(Some(&outcome)),
                });
            }
            Event::Received(m) => self.push(Action::Received(Logged::new(
                LogEntry {
                    seq: 0,
                    time_ms: now.wall as f64,
                    direction: Direction::In,
                    topic: m.topic,
                    payload: Bytes::from(m.payload),
                    qos: m.qos.as_u8(),
                    retain: m.retain,
                    dup: m.dup,
                },
                m.properties,
                None,
            ))),
            Event::AckReason {
                packet_id,
                packet,
                reason,
                reason_string,
                ..
            } => {
                // PUBREL answers the broker's publish to us, not one of ours.
                if packet != ReasonPacket::PubRel {
                    self.push(Action::Acknowledged {
                        packet_id,
                        outcome: AckOutcome {
                            packet,
                            reason,
                            reason_string,
                        },
                    });
                }
            }
            Event::UnsubAck { packet_id, reasons } => self.unsubscribed(packet_id, &reasons),
            Event::PubAck { packet_id } | Event::PubComp { packet_id } => {
                self.push(Action::Completed { packet_id })
            }
        }
    }

    /// An UNSUBACK came: a filter it did not simply remove is told, with the code.
    fn unsubscribed(&mut self, packet_id: u16, reasons: &[ReasonCode]) {
        let Some(c) = self.current.as_mut() else {
            return;
        };
        let Some(i) = c.unsubscribing.iter().position(|(id, _)| *id == packet_id) else {
            return;
        };
        let (_, filter) = c.unsubscribing.swap_remove(i);
        if let Some(&reason) = reasons.first().filter(|r| **r != ReasonCode::Success) {
            self.push(Action::Unsubscribed { filter, reason });
        }
    }

    pub(super) fn connected(&mut self, session_present: bool, now: Now) {
        let Some(c) = self.current.as_mut() else {
            return;
        };
        c.ever_connected = true;
        let server = ServerInfo {
            version: c.session.version(),
            capabilities: c.session.server_capabilities().clone(),
        };
        // Subscriptions the session does not carry (added while offline, or a fresh
        // session) are sent now; the session resubscribes the ones it knows itself.
        let known: Vec<String> = c
            .session
            .subscriptions()
            .map(|(f, _)| f.to_owned())
            .collect();
        self.push(Action::Server(Some(server)));
        self.push(Action::DisconnectReason(None));
        self.push(Action::Connected);
        self.set_status(Status::Connected);
        self.push(Action::Error(None));
        self.push(Action::Retry(None));
        if session_present {
            self.change_subs(SubChange::Restored);
        }
        for (filter, qos, options) in self.subs.to_resend_with_options() {
            if known.contains(&filter) {
                continue;
            }
            let qos = QoS::from_u8(qos).unwrap_or(QoS::AtMostOnce);
            if let Err(cause) = self.send_subscribe(&filter, qos, options, now) {
                self.push(Action::Error(Some(ConnectionError::Resubscribe {
                    filter,
                    cause,
                })));
            }
        }
    }

    /// The current link is over (closed, failed or refused): drop it and either plan the next
    /// attempt or explain why there will be none.
    pub(super) fn link_ended(&mut self, now: Now) {
        let Some(c) = self.current.as_mut() else {
            return;
        };
        let closed = c.link.take();
        c.session.connection_lost();
        c.unsubscribing.clear();
        if let Some(CloseReason::ServerDisconnected {
            reason,
            reason_string,
            server_reference,
        }) = c.session.close_reason()
        {
            let said = ServerReason {
                reason: *reason,
                reason_string: reason_string.clone(),
                server_reference: server_reference.clone(),
            };
            self.actions.push_back(Action::DisconnectReason(Some(said)));
        }
        let Some(c) = self.current.as_mut() else {
            return;
        };
        let reason = explain(c.session.close_reason(), c.last_close.as_ref());
        let next = if c.ever_connected {
            c.session.plan_reconnect(now.mono, now.random)
        } else {
            None
        };
        let attempt = c.session.reconnect_attempt();
        if let Some(link) = closed {
            self.push(Action::CloseLink(link));
        }
        self.change_subs(SubChange::LinkLost);
        match next {
            Some(at) => {
                self.push(Action::Error(Some(reason)));
                self.push(Action::Retry(Some(Retry {
                    attempt,
                    at_ms: now.wall + at.saturating_sub(now.mono),
                })));
                self.set_status(Status::Reconnecting);
            }
            None => self.fail(reason),
        }
    }

    /// Ends the connection with `reason` shown to the user.
    pub(super) fn fail(&mut self, reason: ConnectionError) {
        self.retire();
        self.push(Action::Error(Some(reason)));
        self.push(Action::Retry(None));
        self.set_status(Status::Error);
    }

    /// Takes the session away, with its link and ticker.
    pub(super) fn retire(&mut self) {
        self.current = None;
        self.push(Action::Retire);
        self.push(Action::Server(None));
        self.change_subs(SubChange::LinkLost);
    }
}

/// The SUBACK code of one filter's outcome.
fn suback_code(outcome: Option<&SubscribeOutcome>) -> ReasonCode {
    match outcome {
        Some(SubscribeOutcome::Granted(QoS::AtMostOnce)) => ReasonCode::Success,
        Some(SubscribeOutcome::Granted(QoS::AtLeastOnce)) => ReasonCode::GrantedQoS1,
        Some(SubscribeOutcome::Granted(QoS::ExactlyOnce)) => ReasonCode::GrantedQoS2,
        Some(SubscribeOutcome::Refused(code)) => *code,
        None => ReasonCode::UnspecifiedError,
    }
}

/// Why a link ended: CONNACK codes, a failed session, the socket's close, or the session's own
/// reason when the socket said nothing.
fn explain(reason: Option<&CloseReason>, last_close: Option<&CloseCause>) -> ConnectionError {
    match (reason, last_close) {
        (Some(CloseReason::Refused { code }), _) => ConnectionError::Refused { code: *code },
        (
            Some(CloseReason::RefusedV5 {
                reason,
                reason_string,
                server_reference,
            }),
            _,
        ) => ConnectionError::RefusedV5(ServerReason {
            reason: *reason,
            reason_string: reason_string.clone(),
            server_reference: server_reference.clone(),
        }),
        (
            Some(CloseReason::ServerDisconnected {
                reason,
                reason_string,
                server_reference,
            }),
            _,
        ) => ConnectionError::ServerDisconnected(ServerReason {
            reason: *reason,
            reason_string: reason_string.clone(),
            server_reference: server_reference.clone(),
        }),
        (Some(CloseReason::Failed(e)), _) => ConnectionError::Failed(e.clone()),
        (_, Some(close)) => ConnectionError::Closed(close.clone()),
        (Some(other), None) => ConnectionError::Ended(other.clone()),
        (None, None) => ConnectionError::Unexplained,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_filter_keeps_its_own_suback_code() {
        let refused = SubscribeOutcome::Refused(ReasonCode::WildcardSubscriptionsNotSupported);
        assert_eq!(
            suback_code(Some(&refused)),
            ReasonCode::WildcardSubscriptionsNotSupported
        );
        let granted = SubscribeOutcome::Granted(QoS::AtLeastOnce);
        assert_eq!(suback_code(Some(&granted)), ReasonCode::GrantedQoS1);
        assert_eq!(suback_code(None), ReasonCode::UnspecifiedError);
    }
}
