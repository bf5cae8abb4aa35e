//! MQTT 5 session tests against a scripted broker whose packets come from the independent
//! writer in `wire`; what the session sends is read back with `mqttbytes::v5`'s reader (a code
//! path apart from the writer our encoder uses; `encode_v5`'s own tests pin the bytes).

mod alias;
mod connect;
mod flow;
mod pubsub;
mod reasons;
pub(crate) mod wire;

use bytes::BytesMut;
use mqttbytes::v5;

use super::{events, options};
use crate::mqtt::{ConnectOptions, ProtocolVersion, Session, SessionState};
use wire::Props;

pub(super) fn options_v5() -> ConnectOptions {
    ConnectOptions {
        version: ProtocolVersion::V5,
        ..options()
    }
}

/// The packet a WebSocket frame holds, checking it holds exactly one whole packet.
pub(super) fn one_packet_v5(frame: &[u8]) -> v5::Packet {
    // mqttbytes cannot read a DISCONNECT without properties (MQTT 5 lets a sender leave them
    // out, and the reason code too), so those two forms are read here.
    if frame[0] == 0xE0 && frame.len() <= 3 && usize::from(frame[1]) == frame.len() - 2 {
        let code = frame.get(2).copied().unwrap_or(0);
        return v5::Packet::Disconnect(v5::Disconnect {
            reason_code: v5::DisconnectReasonCode::try_from(code).expect("a known code"),
            properties: None,
        });
    }
    let mut buf = BytesMut::from(frame);
    let packet = v5::read(&mut buf, usize::MAX).expect("valid packets are sent");
    assert!(buf.is_empty(), "one packet per frame");
    packet
}

/// Drains everything the session wants to send.
pub(super) fn sent5(session: &mut Session) -> Vec<v5::Packet> {
    std::iter::from_fn(|| session.poll_transmit())
        .map(|frame| one_packet_v5(&frame))
        .collect()
}

/// Drains the raw frames, for byte-level checks.
pub(super) fn frames(session: &mut Session) -> Vec<Vec<u8>> {
    std::iter::from_fn(|| session.poll_transmit()).collect()
}

/// A session that went through CONNECT/CONNACK at t = 0..10 with nothing left to pull.
pub(super) fn connected5_with(options: ConnectOptions, connack: Props) -> Session {
    let mut session = Session::new(options).expect("valid options");
    session.start(0);
    sent5(&mut session);
    session
        .handle_bytes(&wire::connack(false, 0, connack), 10)
        .expect("CONNACK accepted");
    assert_eq!(session.state(), SessionState::Connected);
    events(&mut session);
    session
}

pub(super) fn connected5(connack: Props) -> Session {
    connected5_with(options_v5(), connack)
}
