//! An in-memory MQTT 3.1.1 or MQTT 5 broker for one client, written from the spec rather than
//! from the session's code, for the model-based test in `model.rs`. It keeps the client's session
//! across links (unless the client asks for a clean one or the broker "restarts" without its
//! state), and records every application message it receives, so the test can check what
//! arrived. On MQTT 5 it also offers a receive maximum and topic aliases, checks the client keeps
//! to them, and uses a topic alias towards the client.

use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};

use bytes::{Bytes, BytesMut};
use mqttbytes::v4;

use super::v5::wire::{self, Props};
use crate::mqtt::QoS;

/// MQTT 5: how many QoS 2 publishes of the client's may await PUBCOMP.
const RECEIVE_MAXIMUM: usize = 3;
/// MQTT 5: how many topic aliases the client may use towards the broker.
const ALIAS_MAXIMUM: u16 = 2;

mod read;

use read::{read_v4, read_v5, In};

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
    /// Speaks MQTT 5 rather than 3.1.1.
    v5: bool,
    /// MQTT 5: the client's topic aliases on this link.
    up_aliases: HashMap<u16, String>,
    /// MQTT 5: whether alias 1 stands for our topic on this link.
    down_alias_defined: bool,
    stored: Option<Stored>,
    connected: bool,
    link_clean: bool,
    pub(super) to_client: VecDeque<Vec<u8>>,
    /// Every application message from the client, by sequence number: the DUP flag of each copy.
    pub(super) up_deliveries: BTreeMap<u64, Vec<bool>>,
    /// Set once any session state was lost (clean session or restart without state).
    pub(super) wiped: bool,
    /// How many times session state was lost, so the test can see each loss as it happens.
    pub(super) wipes: u32,
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
    /// A broker speaking MQTT 5 (`v5`) or MQTT 3.1.1.
    pub(super) fn new(v5: bool) -> Broker {
        Broker {
            v5,
            ..Broker::default()
        }
    }

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
        self.wipes += 1;
    }

    pub(super) fn drop_link(&mut self) {
        self.to_client.clear();
        self.up_aliases.clear();
        self.down_alias_defined = false;
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

    /// On MQTT 5 the topic goes as alias 1 once defined on this link (the client allows one).
    fn publish_frame(v5: bool, alias_defined: &mut bool, d: &Down, dup: bool) -> Vec<u8> {
        let payload = d.seq.to_be_bytes();
        if v5 {
            let topic = if *alias_defined { "" } else { "down/x" };
            *alias_defined = true;
            let mut bytes = wire::publish(
                topic,
                d.qos.as_u8(),
                d.id,
                Props::new().two(0x23, 1),
                &payload,
            );
            if dup {
                bytes[0] |= 0b1000;
            }
            return bytes;
        }
        let mut p =
            v4::Publish::from_bytes("down/x", d.qos.to_wire(), Bytes::copy_from_slice(&payload));
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
                out.push(Self::publish_frame(
                    self.v5,
                    &mut self.down_alias_defined,
                    d,
                    false,
                ));
            }
        }
        self.to_client.extend(out);
    }

    /// Handles one frame from the client. Panics on anything a correct client never sends.
    pub(super) fn handle(&mut self, bytes: &[u8]) {
        let packet = if self.v5 {
            read_v5(bytes)
        } else {
            read_v4(bytes)
        };
        if let In::Connect { clean } = packet {
            return self.connect(clean);
        }
        assert!(self.connected, "a packet before CONNECT");
        let v5 = self.v5;
        let stored = self
            .stored
            .as_mut()
            .expect("a connected client has a session");
        match packet {
            In::Publish {
                qos,
                pkid,
                dup,
                topic,
                alias,
                payload,
            } => {
                if let Some(alias) = alias {
                    assert!((1..=ALIAS_MAXIMUM).contains(&alias), "alias {alias}");
                    if topic.is_empty() {
                        let known = self.up_aliases.get(&alias);
                        assert_eq!(known.map(String::as_str), Some("up"), "alias {alias}");
                    } else {
                        self.up_aliases.insert(alias, topic);
                    }
                } else {
                    assert_eq!(topic, "up");
                }
                let seq = seq_of(&payload);
                match qos {
                    mqttbytes::QoS::AtLeastOnce => {
                        self.up_deliveries.entry(seq).or_default().push(dup);
                        self.send(frame(|b| v4::PubAck::new(pkid).write(b)));
                    }
                    mqttbytes::QoS::ExactlyOnce => {
                        if stored.inbound_qos2.insert(pkid) {
                            self.up_deliveries.entry(seq).or_default().push(dup);
                        } else {
                            assert!(dup, "packet id {pkid} reused while in flight");
                        }
                        assert!(
                            !v5 || stored.inbound_qos2.len() <= RECEIVE_MAXIMUM,
                            "the client exceeded the receive maximum"
                        );
                        self.send(frame(|b| v4::PubRec::new(pkid).write(b)));
                    }
                    mqttbytes::QoS::AtMostOnce => panic!("the test publishes QoS 1 and 2 only"),
                }
            }
            In::PubRel(id) => {
                stored.inbound_qos2.remove(&id);
                // Two bytes: the same in both versions (MQTT 5's "success, no properties").
                self.send(frame(|b| v4::PubComp::new(id).write(b)));
            }
            In::PubAck(id) => {
                let at = stored.down.iter().position(|d| {
                    d.id == id && d.qos == QoS::AtLeastOnce && d.stage == Stage::Sent
                });
                stored
                    .down
                    .remove(at.expect("PUBACK for a QoS 1 message in flight"));
                self.fill_window();
            }
            In::PubRec(id) => {
                let d = stored
                    .down
                    .iter_mut()
                    .find(|d| d.id == id && d.qos == QoS::ExactlyOnce)
                    .expect("PUBREC for a QoS 2 message in flight");
                assert_ne!(d.stage, Stage::Queued, "PUBREC for a message never sent");
                d.stage = Stage::Released;
                self.send(frame(|b| v4::PubRel::new(id).write(b)));
            }
            In::PubComp(id) => {
                let at = stored
                    .down
                    .iter()
                    .position(|d| d.id == id && d.stage == Stage::Released);
                stored
                    .down
                    .remove(at.expect("PUBCOMP for a released message"));
                self.fill_window();
            }
            In::Subscribe { pkid, qos } => {
                stored.subscribed = true;
                if v5 {
                    let codes: Vec<u8> = qos.iter().map(|q| *q as u8).collect();
                    self.send(wire::suback(pkid, &codes));
                } else {
                    let codes = qos
                        .into_iter()
                        .map(v4::SubscribeReasonCode::Success)
                        .collect();
                    self.send(frame(|b| v4::SubAck::new(pkid, codes).write(b)));
                }
            }
            In::Unsubscribe(pkid) => {
                if v5 {
                    self.send(wire::unsuback(pkid, &[0]));
                } else {
                    self.send(frame(|b| v4::UnsubAck::new(pkid).write(b)));
                }
            }
            In::PingReq => self.send(frame(|b| v4::PingResp.write(b))),
            In::Disconnect => self.connected = false,
            In::Connect { .. } => unreachable!("handled above"),
        }
    }

    fn connect(&mut self, clean: bool) {
        assert!(!self.connected, "a second CONNECT on one link");
        if clean && self.stored.is_some() {
            self.wipe();
        }
        let present = self.stored.is_some();
        self.stored.get_or_insert_with(Stored::default);
        self.connected = true;
        self.link_clean = clean;
        if self.v5 {
            let props = Props::new()
                .two(0x21, RECEIVE_MAXIMUM as u16)
                .two(0x22, ALIAS_MAXIMUM);
            self.send(wire::connack(present, 0, props));
        } else {
            self.send(frame(|b| {
                v4::ConnAck::new(v4::ConnectReturnCode::Success, present).write(b)
            }));
        }
        // Resend what the client has not acknowledged [MQTT-4.4.0-1], then carry on.
        let mut out = Vec::new();
        if let Some(stored) = &self.stored {
            for d in &stored.down {
                match d.stage {
                    Stage::Sent => out.push(Self::publish_frame(
                        self.v5,
                        &mut self.down_alias_defined,
                        d,
                        true,
                    )),
                    Stage::Released => out.push(frame(|b| v4::PubRel::new(d.id).write(b))),
                    Stage::Queued => {}
                }
            }
        }
        self.to_client.extend(out);
        self.fill_window();
    }
}
