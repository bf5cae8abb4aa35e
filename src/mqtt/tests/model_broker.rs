//! An in-memory MQTT 3.1.1 broker for one client, written from the spec rather than from the
//! session's code, for the model-based test in `model.rs`. It keeps the client's session across
//! links (unless the client asks for a clean one or the broker "restarts" without its state),
//! and records every application message it receives, so the test can check what arrived.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use bytes::{Bytes, BytesMut};
use mqttbytes::v4;

use crate::mqtt::QoS;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Stage {
    Queued,
    Sent,
    Released,
}

/// One message the broker owes the client.
#[derive(Debug)]
struct Down {
    id: u16,
    seq: u64,
    qos: QoS,
    stage: Stage,
}

/// What the broker keeps for the client between links.
#[derive(Debug, Default)]
struct Stored {
    subscribed: bool,
    /// QoS 2 ids from the client received but not yet released.
    inbound_qos2: BTreeSet<u16>,
    down: Vec<Down>,
    next_id: u16,
}

#[derive(Debug, Default)]
pub(super) struct Broker {
    stored: Option<Stored>,
    connected: bool,
    link_clean: bool,
    pub(super) to_client: VecDeque<Vec<u8>>,
    /// Every application message from the client, by sequence number: the DUP flag of each copy.
    pub(super) up_deliveries: BTreeMap<u64, Vec<bool>>,
    /// Set once any session state was lost (clean session or restart without state).
    pub(super) wiped: bool,
    /// Messages for the client that the broker itself lost with its session state.
    pub(super) down_excused: BTreeSet<u64>,
    /// Every message the broker took on for the client, with its QoS.
    pub(super) down_sent: BTreeMap<u64, QoS>,
    next_down_seq: u64,
}

const WINDOW: usize = 4;

fn frame(write: impl FnOnce(&mut BytesMut) -> Result<usize, mqttbytes::Error>) -> Vec<u8> {
    let mut buf = BytesMut::new();
    write(&mut buf).expect("the broker model writes valid packets");
    buf.to_vec()
}

pub(super) fn seq_of(payload: &[u8]) -> u64 {
    let bytes: [u8; 8] = payload.try_into().expect("8-byte sequence payload");
    u64::from_be_bytes(bytes)
}

impl Broker {
    pub(super) fn connected(&self) -> bool {
        self.connected
    }

    /// Whether the broker still owes the client anything it has taken on.
    pub(super) fn owes(&self) -> bool {
        self.stored.as_ref().is_some_and(|s| !s.down.is_empty())
    }

    fn send(&mut self, bytes: Vec<u8>) {
        self.to_client.push_back(bytes);
    }

    fn wipe(&mut self) {
        if let Some(stored) = self.stored.take() {
            for d in stored.down {
                // PUBREC came back, so the client has it; anything else may be lost.
                if d.stage != Stage::Released {
                    self.down_excused.insert(d.seq);
                }
            }
        }
        self.wiped = true;
    }

    pub(super) fn drop_link(&mut self) {
        self.to_client.clear();
        if self.connected && self.link_clean {
            // A clean session ends with its link [MQTT-3.1.2-6].
            self.wipe();
        }
        self.connected = false;
    }

    pub(super) fn restart(&mut self, keep_state: bool) {
        self.drop_link();
        if !keep_state {
            self.wipe();
        }
    }

    /// The broker's application publishes one message for the client.
    pub(super) fn publish_down(&mut self, qos: QoS) {
        let Some(stored) = self.stored.as_mut().filter(|s| s.subscribed) else {
            return;
        };
        let mut id = stored.next_id;
        loop {
            id = id.wrapping_add(1).max(1);
            if !stored.down.iter().any(|d| d.id == id) {
                break;
            }
        }
        stored.next_id = id;
        self.next_down_seq += 1;
        let seq = self.next_down_seq;
        stored.down.push(Down {
            id,
            seq,
            qos,
            stage: Stage::Queued,
        });
        self.down_sent.insert(seq, qos);
        self.fill_window();
    }

    fn publish_frame(d: &Down, dup: bool) -> Vec<u8> {
        let payload = Bytes::copy_from_slice(&d.seq.to_be_bytes());
        let mut p = v4::Publish::from_bytes("down/x", d.qos.to_wire(), payload);
        p.pkid = d.id;
        p.dup = dup;
        frame(|b| p.write(b))
    }

    fn fill_window(&mut self) {
        if !self.connected {
            return;
        }
        let Some(stored) = self.stored.as_mut() else {
            return;
        };
        let mut out = Vec::new();
        let mut on_wire = stored
            .down
            .iter()
            .filter(|d| d.stage != Stage::Queued)
            .count();
        for d in stored.down.iter_mut() {
            if on_wire >= WINDOW {
                break;
            }
            if d.stage == Stage::Queued {
                d.stage = Stage::Sent;
                on_wire += 1;
                out.push(Self::publish_frame(d, false));
            }
        }
        self.to_client.extend(out);
    }

    /// Handles one frame from the client. Panics on anything a correct client never sends.
    pub(super) fn handle(&mut self, bytes: &[u8]) {
        let mut buf = BytesMut::from(bytes);
        let packet = v4::read(&mut buf, usize::MAX).expect("the client sends valid packets");
        assert!(buf.is_empty(), "one packet per frame");
        if let v4::Packet::Connect(c) = packet {
            return self.connect(&c);
        }
        assert!(self.connected, "{packet:?} before CONNECT");
        let stored = self
            .stored
            .as_mut()
            .expect("a connected client has a session");
        match packet {
            v4::Packet::Publish(p) => {
                let seq = seq_of(&p.payload);
                match p.qos {
                    mqttbytes::QoS::AtLeastOnce => {
                        self.up_deliveries.entry(seq).or_default().push(p.dup);
                        self.send(frame(|b| v4::PubAck::new(p.pkid).write(b)));
                    }
                    mqttbytes::QoS::ExactlyOnce => {
                        if stored.inbound_qos2.insert(p.pkid) {
                            self.up_deliveries.entry(seq).or_default().push(p.dup);
                        } else {
                            assert!(p.dup, "packet id {} reused while in flight", p.pkid);
                        }
                        self.send(frame(|b| v4::PubRec::new(p.pkid).write(b)));
                    }
                    mqttbytes::QoS::AtMostOnce => panic!("the test publishes QoS 1 and 2 only"),
                }
            }
            v4::Packet::PubRel(r) => {
                stored.inbound_qos2.remove(&r.pkid);
                self.send(frame(|b| v4::PubComp::new(r.pkid).write(b)));
            }
            v4::Packet::PubAck(a) => {
                let at = stored.down.iter().position(|d| {
                    d.id == a.pkid && d.qos == QoS::AtLeastOnce && d.stage == Stage::Sent
                });
                stored
                    .down
                    .remove(at.expect("PUBACK for a QoS 1 message in flight"));
                self.fill_window();
            }
            v4::Packet::PubRec(r) => {
                let d = stored
                    .down
                    .iter_mut()
                    .find(|d| d.id == r.pkid && d.qos == QoS::ExactlyOnce)
                    .expect("PUBREC for a QoS 2 message in flight");
                assert_ne!(d.stage, Stage::Queued, "PUBREC for a message never sent");
                d.stage = Stage::Released;
                self.send(frame(|b| v4::PubRel::new(r.pkid).write(b)));
            }
            v4::Packet::PubComp(c) => {
                let at = stored
                    .down
                    .iter()
                    .position(|d| d.id == c.pkid && d.stage == Stage::Released);
                stored
                    .down
                    .remove(at.expect("PUBCOMP for a released message"));
                self.fill_window();
            }
            v4::Packet::Subscribe(s) => {
                stored.subscribed = true;
                let codes = s
                    .filters
                    .iter()
                    .map(|f| v4::SubscribeReasonCode::Success(f.qos))
                    .collect();
                self.send(frame(|b| v4::SubAck::new(s.pkid, codes).write(b)));
            }
            v4::Packet::Unsubscribe(u) => {
                self.send(frame(|b| v4::UnsubAck::new(u.pkid).write(b)));
            }
            v4::Packet::PingReq => self.send(frame(|b| v4::PingResp.write(b))),
            v4::Packet::Disconnect => self.connected = false,
            other => panic!("a client never sends {other:?}"),
        }
    }

    fn connect(&mut self, c: &v4::Connect) {
        assert!(!self.connected, "a second CONNECT on one link");
        if c.clean_session && self.stored.is_some() {
            self.wipe();
        }
        let present = self.stored.is_some();
        self.stored.get_or_insert_with(Stored::default);
        self.connected = true;
        self.link_clean = c.clean_session;
        self.send(frame(|b| {
            v4::ConnAck::new(v4::ConnectReturnCode::Success, present).write(b)
        }));
        // Resend what the client has not acknowledged [MQTT-4.4.0-1], then carry on.
        let mut out = Vec::new();
        if let Some(stored) = &self.stored {
            for d in &stored.down {
                match d.stage {
                    Stage::Sent => out.push(Self::publish_frame(d, true)),
                    Stage::Released => out.push(frame(|b| v4::PubRel::new(d.id).write(b))),
                    Stage::Queued => {}
                }
            }
        }
        self.to_client.extend(out);
        self.fill_window();
    }
}
