//! What the spec makes the client hold as a QoS 2 receiver, computed from the frames the broker
//! model sends it, for the model-based test in `model.rs`.
//!
//! A QoS 2 receiver keeps the packet id of every PUBLISH it received until the PUBREL, and
//! until then must acknowledge "any subsequent PUBLISH packet with the same Packet Identifier"
//! without delivering it again [MQTT-4.3.3-2]. If the broker loses its session (a restart
//! without state) while the client holds such an id, the client cannot always learn it: when
//! the CONNECT of a later link reaches the broker but its CONNACK is lost, the broker makes a
//! fresh session there, and answers the next CONNECT with Session Present = 1. The client then
//! rightly keeps its ids, and the broker's new session may hand one of them to a new message,
//! which the client must take for a copy of the old one. MQTT cannot deliver such a message; the
//! test excuses exactly those, and only once the client is seen to still hold the stale id.

use std::collections::BTreeSet;

use super::model_broker::seq_of;

/// The client's spec-required QoS 2 receiver state, as seen from the wire.
#[derive(Debug, Default)]
pub(super) struct Receiver {
    /// Ids of QoS 2 messages received and not yet released.
    held: BTreeSet<u16>,
    /// Those of `held` whose broker session has since been lost.
    stale: BTreeSet<u16>,
    /// Broker messages that arrived on a stale id, so the client had to drop them.
    pub(super) excused: BTreeSet<u64>,
}

/// The remaining length of a packet and where its variable header starts.
fn remaining_length(frame: &[u8]) -> (usize, usize) {
    let mut length = 0;
    for (i, byte) in frame.iter().enumerate().skip(1).take(4) {
        length |= usize::from(byte & 0x7f) << (7 * (i - 1));
        if byte & 0x80 == 0 {
            return (length, i + 1);
        }
    }
    panic!("the broker model wrote a bad remaining length: {frame:02x?}");
}

fn u16_at(frame: &[u8], at: usize) -> u16 {
    u16::from_be_bytes([frame[at], frame[at + 1]])
}

impl Receiver {
    /// Notes a frame the broker model sends, just before the client reads it.
    pub(super) fn on_frame(&mut self, frame: &[u8]) {
        let (_, start) = remaining_length(frame);
        match frame[0] >> 4 {
            3 if (frame[0] >> 1) & 0b11 == 2 => {
                let topic_len = usize::from(u16_at(frame, start));
                let id = u16_at(frame, start + 2 + topic_len);
                if self.stale.remove(&id) {
                    // Our test payload is the last 8 bytes, in either version.
                    self.excused.insert(seq_of(&frame[frame.len() - 8..]));
                }
                self.held.insert(id);
            }
            6 => {
                let id = u16_at(frame, start);
                self.held.remove(&id);
                self.stale.remove(&id);
            }
            _ => {}
        }
    }

    /// A CONNACK accepted the link: without a kept session the client discards its ids.
    pub(super) fn on_connected(&mut self, session_kept: bool) {
        if !session_kept {
            self.held.clear();
            self.stale.clear();
        }
    }

    /// The broker lost its session state: every id the client holds now belongs to nothing.
    pub(super) fn on_broker_wipe(&mut self) {
        self.stale.extend(self.held.iter().copied());
    }
}
