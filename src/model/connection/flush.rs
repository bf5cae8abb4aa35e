//! The session's output after each input: packets to send, events to apply, and the end of a
//! link with what follows it (a planned reconnect, or the reason there is none).

use bytes::Bytes;

use super::{Action, CloseCause, ConnectionError, Lifecycle, Now, Retry, SubChange};
use crate::model::log::{AckOutcome, Direction, LogEntry, Logged};
use crate::model::status::Status;
use crate::mqtt::{CloseReason, Event, QoS, ReasonPacket, SessionState, SubscribeOutcome};

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
                    granted: granted(outcomes.first()),
                });
            }
            Event::Resubscribed { filter, outcome } => {
                self.change_subs(SubChange::Resubscribed {
                    filter,
                    granted: granted(Some(&outcome)),
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
            Event::UnsubAck { .. } | Event::PubAck { .. } | Event::PubComp { .. } => {}
        }
    }

    pub(super) fn connected(&mut self, session_present: bool, now: Now) {
        let Some(c) = self.current.as_mut() else {
            return;
        };
        c.ever_connected = true;
        // Subscriptions the session does not carry (added while offline, or a fresh
        // session) are sent now; the session resubscribes the ones it knows itself.
        let known: Vec<String> = c
            .session
            .subscriptions()
            .map(|(f, _)| f.to_owned())
            .collect();
        self.push(Action::Connected);
        self.set_status(Status::Connected);
        self.push(Action::Error(None));
        self.push(Action::Retry(None));
        if session_present {
            self.change_subs(SubChange::Restored);
        }
        for (filter, qos) in self.subs.to_resend() {
            if known.contains(&filter) {
                continue;
            }
            let qos = QoS::from_u8(qos).unwrap_or(QoS::AtMostOnce);
            if let Err(cause) = self.send_subscribe(&filter, qos, now) {
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
        self.change_subs(SubChange::LinkLost);
    }
}

fn granted(outcome: Option<&SubscribeOutcome>) -> Option<u8> {
    match outcome {
        Some(SubscribeOutcome::Granted(q)) => Some(q.as_u8()),
        _ => None,
    }
}

/// Why a link ended: CONNACK codes, a failed session, the socket's close, or the session's own
/// reason when the socket said nothing.
fn explain(reason: Option<&CloseReason>, last_close: Option<&CloseCause>) -> ConnectionError {
    match (reason, last_close) {
        (Some(CloseReason::Refused { code }), _) => ConnectionError::Refused { code: *code },
        (Some(CloseReason::Failed(e)), _) => ConnectionError::Failed(e.clone()),
        (_, Some(close)) => ConnectionError::Closed(close.clone()),
        (Some(other), None) => ConnectionError::Ended(other.clone()),
        (None, None) => ConnectionError::Unexplained,
    }
}
