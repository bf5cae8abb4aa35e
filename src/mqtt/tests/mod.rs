//! Session tests against a scripted broker: broker packets are encoded with `mqttbytes`, and
//! everything the session sends is decoded back with it, so both directions are checked against
//! an independent codec. Time is simulated.

mod backoff;
mod connect;
// The property tests need proptest, a native-only dev-dependency. They are left out of the wasm32
// test build, which `wasm-pack test` compiles (`cargo build --tests`) but never runs: the browser
// runner only runs `#[wasm_bindgen_test]` functions.
#[cfg(not(target_arch = "wasm32"))]
mod keepalive;
#[cfg(not(target_arch = "wasm32"))]
mod model;
#[cfg(not(target_arch = "wasm32"))]
mod model_broker;
#[cfg(not(target_arch = "wasm32"))]
mod model_receiver;
mod pubsub;
mod reconnect;
#[cfg(not(target_arch = "wasm32"))]
mod roundtrip;
#[cfg(not(target_arch = "wasm32"))]
mod roundtrip_v5;
mod stream;
pub(crate) mod v5;
mod validation;
mod will;
mod window;

use bytes::{Bytes, BytesMut};
use mqttbytes::v4;

use super::{ConnectOptions, Event, Millis, QoS, Session, SessionState};

pub(super) fn options() -> ConnectOptions {
    ConnectOptions {
        client_id: "console-1".into(),
        username: Some("user".into()),
        password: Some("secret".into()),
        keepalive_secs: 60,
        clean_session: true,
        version: crate::mqtt::ProtocolVersion::V311,
        properties: crate::mqtt::ConnectProperties::default(),
    }
}

/// The bytes `write` encodes: a packet as the broker would send it.
pub(crate) fn encoded(
    write: impl FnOnce(&mut BytesMut) -> Result<usize, mqttbytes::Error>,
) -> Vec<u8> {
    let mut buf = BytesMut::new();
    write(&mut buf).expect("test packets encode");
    buf.to_vec()
}

pub(crate) fn connack(session_present: bool, code: v4::ConnectReturnCode) -> Vec<u8> {
    encoded(|b| v4::ConnAck::new(code, session_present).write(b))
}

pub(crate) fn suback(packet_id: u16, codes: Vec<v4::SubscribeReasonCode>) -> Vec<u8> {
    encoded(|b| v4::SubAck::new(packet_id, codes).write(b))
}

pub(super) fn unsuback(packet_id: u16) -> Vec<u8> {
    encoded(|b| v4::UnsubAck::new(packet_id).write(b))
}

pub(crate) fn puback(packet_id: u16) -> Vec<u8> {
    encoded(|b| v4::PubAck::new(packet_id).write(b))
}

pub(super) fn pubrel(packet_id: u16) -> Vec<u8> {
    encoded(|b| v4::PubRel::new(packet_id).write(b))
}

pub(super) fn pubrec(packet_id: u16) -> Vec<u8> {
    encoded(|b| v4::PubRec::new(packet_id).write(b))
}

pub(super) fn pubcomp(packet_id: u16) -> Vec<u8> {
    encoded(|b| v4::PubComp::new(packet_id).write(b))
}

pub(crate) fn pingresp() -> Vec<u8> {
    encoded(|b| v4::PingResp.write(b))
}

pub(crate) fn publish(topic: &str, qos: QoS, packet_id: u16, payload: &[u8]) -> Vec<u8> {
    let mut publish =
        v4::Publish::from_bytes(topic, qos.to_wire(), Bytes::copy_from_slice(payload));
    publish.pkid = packet_id;
    encoded(|b| publish.write(b))
}

/// Drains everything the session wants to send, checking each WebSocket frame holds exactly one
/// whole packet.
pub(super) fn sent(session: &mut Session) -> Vec<v4::Packet> {
    std::iter::from_fn(|| session.poll_transmit())
        .map(|frame| one_packet(&frame))
        .collect()
}

/// The packet a WebSocket frame holds, checking it holds exactly one whole packet.
pub(crate) fn one_packet(frame: &[u8]) -> v4::Packet {
    let mut buf = BytesMut::from(frame);
    let packet = v4::read(&mut buf, usize::MAX).expect("valid packets are sent");
    assert!(
        buf.is_empty(),
        "one packet per frame, {} bytes left over",
        buf.len()
    );
    packet
}

pub(super) fn events(session: &mut Session) -> Vec<Event> {
    std::iter::from_fn(|| session.poll_event()).collect()
}

/// A session that went through CONNECT/CONNACK at t = 0..10 with nothing left to pull.
pub(super) fn connected_with(options: ConnectOptions) -> Session {
    let mut session = Session::new(options).expect("valid options");
    session.start(0);
    sent(&mut session);
    session
        .handle_bytes(&connack(false, v4::ConnectReturnCode::Success), 10)
        .expect("CONNACK accepted");
    assert_eq!(session.state(), SessionState::Connected);
    events(&mut session);
    session
}

pub(super) fn connected() -> Session {
    connected_with(options())
}

/// xorshift64: deterministic pseudo-random bytes without a dependency.
pub(super) struct XorShift(pub u64);

impl XorShift {
    pub(super) fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    pub(super) fn bytes(&mut self, len: usize) -> Vec<u8> {
        (0..len).map(|_| self.next() as u8).collect()
    }
}

pub(super) const T: Millis = 1_000;
