//! Packets of ours that wait for an acknowledgement, keyed by packet id, plus the inflight window.
//!
//! PUBLISH, SUBSCRIBE and UNSUBSCRIBE share one id space in MQTT, so they share one table and one
//! allocator here: an id is free only when no packet of any kind holds it. (rumqttc's state.rs
//! counts ids for SUBSCRIBE without looking at its publish table, and can collide.)
//!
//! QoS 1/2 publishes beyond the window are not refused: they take their id at once and wait in
//! the table as `Queued`, and go out in order as acknowledgements free slots. A refusal would push
//! the retry onto the user, and a message the user was told is on its way must not get lost.

use std::collections::{BTreeMap, VecDeque};

use super::{Message, MqttError, QoS, SubscribeOptions};

/// How many QoS 1/2 publishes of ours may await their acknowledgement at once unless
/// [`Session::set_max_inflight`](super::Session::set_max_inflight) says otherwise.
pub const DEFAULT_MAX_INFLIGHT: usize = 64;

/// Where one of our QoS 1/2 publishes is in its handshake.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Stage {
    /// Waiting for a slot in the inflight window; never sent.
    Queued,
    /// Sent (at least once); waiting for PUBACK (QoS 1) or PUBREC (QoS 2).
    Sent,
    /// QoS 2 only: PUBREC came and PUBREL went; waiting for PUBCOMP.
    Released,
}

/// What an in-flight packet id stands for, with what is needed to resend or report it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Pending {
    /// Kept whole so a reconnect can resend it with DUP set.
    Publish {
        message: Message,
        stage: Stage,
    },
    /// `automatic`: sent by the session to restore subscriptions after the broker lost them,
    /// so its SUBACK is reported as [`Event::Resubscribed`](super::Event::Resubscribed).
    Subscribe {
        filters: Vec<(String, SubscribeOptions)>,
        /// MQTT 5 subscription identifier, sent again with a resend.
        identifier: Option<u32>,
        automatic: bool,
    },
    Unsubscribe(Vec<String>),
}

#[derive(Debug)]
struct Entry {
    /// When it was sent, or for `Released` when PUBREC came: the order in which a reconnect
    /// resends [MQTT-4.6.0-1, -2].
    seq: u64,
    pending: Pending,
}

#[derive(Debug)]
pub(crate) struct Inflight {
    entries: BTreeMap<u16, Entry>,
    /// Ids of `Queued` publishes, oldest first.
    queued: VecDeque<u16>,
    /// Publishes of any stage in the table.
    publishes: usize,
    max_inflight: usize,
    /// The server's receive maximum from CONNACK (MQTT 5); the window is the smaller of the two.
    server_max: usize,
    /// Where the next search for a free id starts, so ids rotate instead of reusing the
    /// just-freed one (a late duplicate ack then cannot hit a new packet).
    next_id: u16,
    next_seq: u64,
}

impl Default for Inflight {
    fn default() -> Self {
        Inflight {
            entries: BTreeMap::new(),
            queued: VecDeque::new(),
            publishes: 0,
            max_inflight: DEFAULT_MAX_INFLIGHT,
            server_max: usize::MAX,
            next_id: 1,
            next_seq: 0,
        }
    }
}

impl Inflight {
    /// A packet id that is neither 0 nor in the table. Takes nothing: call one of the inserts
    /// once the packet is encoded.
    pub(crate) fn next_free_id(&mut self) -> Result<u16, MqttError> {
        let mut candidate = self.next_id;
        for _ in 0..=u16::MAX {
            if candidate != 0 && !self.entries.contains_key(&candidate) {
                self.next_id = candidate.wrapping_add(1);
                return Ok(candidate);
            }
            candidate = candidate.wrapping_add(1);
        }
        Err(MqttError::PacketIdsExhausted)
    }

    pub(crate) fn set_max_inflight(&mut self, max: usize) {
        // 0 would queue every publish forever.
        self.max_inflight = max.max(1);
    }

    /// The server's receive maximum for this link (`u16::MAX` on MQTT 3.1.1 and when it said
    /// nothing); 0 is a protocol error the decoder refuses, and counts as 1 here all the same.
    pub(crate) fn set_server_receive_maximum(&mut self, max: u16) {
        self.server_max = usize::from(max.max(1));
    }

    /// How many publishes may be on the wire at once.
    fn limit(&self) -> usize {
        self.max_inflight.min(self.server_max)
    }

    fn seq(&mut self) -> u64 {
        self.next_seq += 1;
        self.next_seq
    }

    fn put(&mut self, packet_id: u16, pending: Pending) {
        let seq = self.seq();
        if let Some(old) = self.entries.insert(packet_id, Entry { seq, pending }) {
            // Callers only insert ids from `next_free_id`; this keeps the counters honest anyway.
            self.forget(packet_id, &old.pending);
        }
    }

    fn forget(&mut self, packet_id: u16, pending: &Pending) {
        if let Pending::Publish { stage, .. } = pending {
            self.publishes = self.publishes.saturating_sub(1);
            if *stage == Stage::Queued {
                self.queued.retain(|id| *id != packet_id);
            }
        }
    }

    /// Whether a new publish may go out now rather than wait in the queue.
    pub(crate) fn window_open(&self) -> bool {
        self.queued.is_empty() && self.on_wire() < self.limit()
    }

    fn on_wire(&self) -> usize {
        self.publishes.saturating_sub(self.queued.len())
    }

    /// Records a QoS 1/2 publish, `sent` or queued behind the window.
    pub(crate) fn insert_publish(&mut self, packet_id: u16, message: Message, sent: bool) {
        let stage = if sent { Stage::Sent } else { Stage::Queued };
        self.put(packet_id, Pending::Publish { message, stage });
        self.publishes += 1;
        if !sent {
            self.queued.push_back(packet_id);
        }
    }

    /// Records a SUBSCRIBE or UNSUBSCRIBE; publishes go through [`Inflight::insert_publish`],
    /// which also keeps the window's counts.
    pub(crate) fn insert(&mut self, packet_id: u16, pending: Pending) {
        if !matches!(pending, Pending::Publish { .. }) {
            self.put(packet_id, pending);
        }
    }

    /// The oldest queued publish if the window has room; it counts as sent from now on.
    pub(crate) fn next_to_send(&mut self) -> Option<(u16, &Message)> {
        if self.on_wire() >= self.limit() {
            return None;
        }
        let packet_id = self.queued.pop_front()?;
        let seq = self.seq();
        match self.entries.get_mut(&packet_id) {
            Some(Entry {
                seq: entry_seq,
                pending: Pending::Publish { message, stage },
            }) => {
                *stage = Stage::Sent;
                *entry_seq = seq;
                Some((packet_id, message))
            }
            // `queued` only holds ids of queued publishes; nothing to send otherwise.
            _ => None,
        }
    }

    /// Everything a new link must send again, in the order first sent. Queued publishes are not
    /// included: they go out through [`Inflight::next_to_send`] as the window allows.
    pub(crate) fn to_resend(&self) -> Vec<(u16, &Pending)> {
        let mut list: Vec<_> = self
            .entries
            .iter()
            .filter(|(_, e)| {
                !matches!(
                    e.pending,
                    Pending::Publish {
                        stage: Stage::Queued,
                        ..
                    }
                )
            })
            .map(|(id, e)| (e.seq, *id, &e.pending))
            .collect();
        list.sort_by_key(|(seq, ..)| *seq);
        list.into_iter().map(|(_, id, p)| (id, p)).collect()
    }

    /// Drops SUBSCRIBEs the session sent by itself: after the broker lost the session they are
    /// replaced by a fresh resubscription.
    pub(crate) fn drop_automatic_subscribes(&mut self) {
        self.entries.retain(|_, e| {
            !matches!(
                e.pending,
                Pending::Subscribe {
                    automatic: true,
                    ..
                }
            )
        });
    }

    /// Filters of SUBSCRIBEs the user asked for that still await their SUBACK.
    pub(crate) fn pending_user_filters(&self) -> impl Iterator<Item = &str> + '_ {
        self.entries.values().flat_map(|e| {
            match &e.pending {
                Pending::Subscribe {
                    filters,
                    automatic: false,
                    ..
                } => filters.as_slice(),
                _ => &[],
            }
            .iter()
            .map(|(f, _)| f.as_str())
        })
    }

    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }

    pub(crate) fn queued_len(&self) -> usize {
        self.queued.len()
    }

    fn unknown(packet: &'static str, packet_id: u16) -> MqttError {
        MqttError::UnknownPacketId { packet, packet_id }
    }

    /// Removes the entry if `accept` says it is what `packet` acknowledges; otherwise it stays,
    /// because a PUBACK for a SUBSCRIBE's id is a broker bug and must not free the id.
    fn take_if(
        &mut self,
        packet_id: u16,
        packet: &'static str,
        accept: impl Fn(&Pending) -> bool,
    ) -> Result<Pending, MqttError> {
        match self.entries.get(&packet_id) {
            Some(entry) if accept(&entry.pending) => {}
            _ => return Err(Self::unknown(packet, packet_id)),
        }
        let entry = self
            .entries
            .remove(&packet_id)
            .ok_or_else(|| Self::unknown(packet, packet_id))?;
        self.forget(packet_id, &entry.pending);
        Ok(entry.pending)
    }

    /// PUBACK: completes a sent QoS 1 publish.
    pub(crate) fn take_puback(&mut self, packet_id: u16) -> Result<(), MqttError> {
        self.take_if(packet_id, "PUBACK", |p| {
            matches!(p, Pending::Publish { message, stage: Stage::Sent } if message.qos == QoS::AtLeastOnce)
        })
        .map(|_| ())
    }

    /// PUBREC: moves a sent QoS 2 publish on to PUBREL. A repeated PUBREC for one already
    /// released is accepted too (the broker may resend it after a reconnect); PUBREL goes again.
    pub(crate) fn on_pubrec(&mut self, packet_id: u16) -> Result<(), MqttError> {
        let seq = self.next_seq + 1;
        match self.entries.get_mut(&packet_id) {
            Some(Entry {
                seq: entry_seq,
                pending: Pending::Publish { message, stage },
            }) if message.qos == QoS::ExactlyOnce && *stage != Stage::Queued => {
                if *stage == Stage::Sent {
                    *stage = Stage::Released;
                    *entry_seq = seq;
                    self.next_seq = seq;
                }
                Ok(())
            }
            _ => Err(Self::unknown("PUBREC", packet_id)),
        }
    }

    /// MQTT 5 PUBREC with an error code: the broker refused a sent QoS 2 publish, which ends
    /// there (no PUBREL) [MQTT-4.3.3-4].
    pub(crate) fn take_pubrec_refusal(&mut self, packet_id: u16) -> Result<(), MqttError> {
        self.take_if(packet_id, "PUBREC", |p| {
            matches!(p, Pending::Publish { message, stage: Stage::Sent } if message.qos == QoS::ExactlyOnce)
        })
        .map(|_| ())
    }

    /// PUBCOMP: completes a released QoS 2 publish.
    pub(crate) fn take_pubcomp(&mut self, packet_id: u16) -> Result<(), MqttError> {
        self.take_if(packet_id, "PUBCOMP", |p| {
            matches!(
                p,
                Pending::Publish {
                    stage: Stage::Released,
                    ..
                }
            )
        })
        .map(|_| ())
    }

    /// SUBACK: returns the filters asked for and whether the session sent it by itself.
    pub(crate) fn take_subscribe(
        &mut self,
        packet_id: u16,
    ) -> Result<(Vec<(String, SubscribeOptions)>, bool), MqttError> {
        match self.take_if(packet_id, "SUBACK", |p| {
            matches!(p, Pending::Subscribe { .. })
        })? {
            Pending::Subscribe {
                filters, automatic, ..
            } => Ok((filters, automatic)),
            _ => Err(Self::unknown("SUBACK", packet_id)),
        }
    }

    pub(crate) fn take_unsubscribe(&mut self, packet_id: u16) -> Result<Vec<String>, MqttError> {
        match self.take_if(packet_id, "UNSUBACK", |p| {
            matches!(p, Pending::Unsubscribe(_))
        })? {
            Pending::Unsubscribe(filters) => Ok(filters),
            _ => Err(Self::unknown("UNSUBACK", packet_id)),
        }
    }
}

#[cfg(test)]
mod tests;
