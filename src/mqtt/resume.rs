//! What a new link does right after CONNACK, so that nothing sent on an earlier link is lost.
//!
//! MQTT 3.1.1 makes the client resend unacknowledged PUBLISH (with DUP set) and PUBREL packets
//! with their original ids when the broker kept the session [MQTT-4.4.0-1]. This session does so
//! whatever the session-present flag says: a broker that lost the session has lost the messages
//! too, and the console promises never to lose one. Requests the broker never answered
//! (SUBSCRIBE, UNSUBSCRIBE) go again with their original ids too, so the caller still gets the
//! answer it waits for. A broker without our session has also lost our subscriptions, so those
//! are restored first, before any of our own messages could loop back through them.
//!
//! On MQTT 5 the resends go out with full topics (no alias survives a link). They are not held
//! back by the new server's receive maximum: a server that lowers it between two links below
//! the number of our unacknowledged publishes gets them all at once (known limit; new publishes
//! do wait for the window).

use std::collections::BTreeSet;

use super::inflight::{Pending, Stage};
use super::{Millis, MqttError, Session, SubscribeOptions};

impl Session {
    pub(super) fn resume(&mut self, session_present: bool, now: Millis) -> Result<(), MqttError> {
        if !session_present {
            // Its ids belonged to the broker's lost session; a new message may reuse them.
            self.awaiting_pubrel.clear();
            // A resubscription the broker never answered is replaced by the fresh one below.
            self.inflight.drop_automatic_subscribes();
        }
        let resend = self.encode_resends()?;
        if !session_present {
            self.resubscribe(now)?;
        }
        for bytes in resend {
            self.queue(bytes, now);
        }
        self.send_queued(now)
    }

    /// Encodes, in the order first sent, every packet the broker has not acknowledged.
    fn encode_resends(&self) -> Result<Vec<Vec<u8>>, MqttError> {
        let mut out = Vec::new();
        for (packet_id, pending) in self.inflight.to_resend() {
            let bytes = match pending {
                Pending::Publish {
                    message: m,
                    stage: Stage::Sent,
                } => self.republish_bytes(m, packet_id)?,
                Pending::Publish {
                    stage: Stage::Released,
                    ..
                } => self.pubrel_bytes(packet_id)?,
                // Never sent: `send_queued` sends it later as a first attempt.
                Pending::Publish {
                    stage: Stage::Queued,
                    ..
                } => continue,
                Pending::Subscribe {
                    filters,
                    identifier,
                    ..
                } => self.subscribe_bytes(packet_id, filters, *identifier)?,
                Pending::Unsubscribe(filters) => self.unsubscribe_bytes(packet_id, filters)?,
            };
            out.push(bytes);
        }
        Ok(out)
    }

    /// One SUBSCRIBE per remembered filter, so that each filter's outcome stands alone, except
    /// for filters a SUBSCRIBE of the user's that is being resent asks for anyway.
    fn resubscribe(&mut self, now: Millis) -> Result<(), MqttError> {
        let asked: BTreeSet<&str> = self.inflight.pending_user_filters().collect();
        let restore: Vec<(String, SubscribeOptions, Option<u32>)> = self
            .subscriptions
            .entries()
            .filter(|s| !asked.contains(s.filter.as_str()))
            .map(|s| (s.filter.clone(), s.options.clone(), s.identifier))
            .collect();
        for (filter, options, identifier) in restore {
            let filters = vec![(filter, options)];
            let packet_id = self.inflight.next_free_id()?;
            let bytes = self.subscribe_bytes(packet_id, &filters, identifier)?;
            self.inflight.insert(
                packet_id,
                Pending::Subscribe {
                    filters,
                    identifier,
                    automatic: true,
                },
            );
            self.queue(bytes, now);
        }
        Ok(())
    }
}
