//! Fuzzes the whole incoming path of the MQTT session (framer, decoder, packet handling,
//! reconnect bookkeeping) and checks what goes out.
//!
//! The input is a small program: a header byte picks the session's settings, then each op byte
//! either feeds the next bytes in a chunk of arbitrary size, lets time pass and fires the
//! timers, makes a user request, or drops and reopens the link. After every step:
//! - nothing panics (the point of fuzzing);
//! - every packet the session queued is one complete, valid MQTT 3.1.1 or MQTT 5 packet (the
//!   version a settings byte picks) that an independent codec (`mqttbytes`) reads back, with no
//!   QoS > 0 PUBLISH using packet id 0;
//! - a fatal error leaves the session `Closed` with nothing left to send but, on MQTT 5, the one
//!   DISCONNECT that says why.
#![no_main]

use bytes::BytesMut;
use libfuzzer_sys::fuzz_target;
use mqtt_console::mqtt::{
    ConnectOptions, ConnectProperties, Millis, ProtocolVersion, PublishProperties, QoS,
    ReasonCode, ReconnectPolicy, RetainHandling, Session, SessionState, SubscribeOptions, UserProperty, Will,
};
use mqttbytes::{v4, v5};

struct Input<'a>(&'a [u8]);

impl Input<'_> {
    fn byte(&mut self) -> Option<u8> {
        let (first, rest) = self.0.split_first()?;
        self.0 = rest;
        Some(*first)
    }

    fn take(&mut self, n: usize) -> &[u8] {
        let n = n.min(self.0.len());
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        head
    }
}

fn qos(b: u8) -> QoS {
    QoS::from_u8(b % 3).unwrap_or(QoS::AtMostOnce)
}

/// Checks one frame the session sent: one whole packet, read back by `mqttbytes`.
fn check(version: ProtocolVersion, frame: &[u8]) {
    let mut buf = BytesMut::from(frame);
    fn malformed<T>(frame: &[u8]) -> impl FnOnce(mqttbytes::Error) -> T + '_ {
        move |e| panic!("the session sent a malformed packet ({e:?}): {frame:02x?}")
    }
    let publish = match version {
        ProtocolVersion::V311 => match v4::read(&mut buf, usize::MAX).unwrap_or_else(malformed(frame)) {
            v4::Packet::Publish(p) => Some((p.qos, p.pkid, p.dup)),
            _ => None,
        },
        // mqttbytes cannot read a DISCONNECT without properties (MQTT 5 lets a sender leave
        // them out, and the reason code too): check those two forms by hand.
        ProtocolVersion::V5 if frame[0] == 0xE0 && frame.get(1).is_some_and(|len| *len < 2) => {
            let reason_ok = frame.get(2).is_none_or(|code| ReasonCode::from_u8(*code).is_some());
            assert!(frame.len() == 2 + usize::from(frame[1]) && reason_ok, "{frame:02x?}");
            buf.clear();
            None
        }
        ProtocolVersion::V5 => match v5::read(&mut buf, usize::MAX).unwrap_or_else(malformed(frame)) {
            v5::Packet::Publish(p) => Some((p.qos, p.pkid, p.dup)),
            _ => None,
        },
    };
    assert!(buf.is_empty(), "one packet per frame: {frame:02x?}");
    if let Some((qos, pkid, dup)) = publish {
        assert!(qos == mqttbytes::QoS::AtMostOnce || pkid != 0);
        assert!(!(dup && qos == mqttbytes::QoS::AtMostOnce));
    }
}

/// Drains the session's output and checks each packet.
fn drain(session: &mut Session) {
    let version = session.version();
    while let Some(frame) = session.poll_transmit() {
        check(version, &frame);
    }
    while session.poll_event().is_some() {}
}

fn after_error(session: &mut Session, failed: bool) {
    if failed {
        assert_eq!(session.state(), SessionState::Closed);
        if let Some(frame) = session.poll_transmit() {
            assert_eq!(session.version(), ProtocolVersion::V5, "3.1.1 sends nothing more");
            assert_eq!(frame[0], 0xE0, "only a DISCONNECT: {frame:02x?}");
            check(ProtocolVersion::V5, &frame);
        }
        assert!(
            session.poll_transmit().is_none(),
            "a failed link sends nothing more"
        );
    }
    drain(session);
}

/// MQTT 5 properties picked by one byte, some of them invalid on purpose.
fn properties(b: u8) -> PublishProperties {
    PublishProperties {
        payload_utf8: (b & 1 != 0).then_some(b & 2 != 0),
        message_expiry_secs: (b & 4 != 0).then_some(u32::from(b)),
        content_type: (b & 8 != 0).then(|| "text/plain".into()),
        response_topic: (b & 16 != 0).then(|| if b & 2 != 0 { "r/#" } else { "r/1" }.into()),
        correlation_data: (b & 32 != 0).then(|| vec![b]),
        user_properties: (0..b >> 6).map(|i| UserProperty::new("k", i.to_string())).collect(),
        subscription_identifiers: vec![],
    }
}

fuzz_target!(|data: &[u8]| {
    let mut input = Input(data);
    let Some(header) = input.byte() else { return };
    let options = ConnectOptions {
        client_id: "fuzz".into(),
        username: (header & 1 != 0).then(|| "user".into()),
        password: (header & 2 != 0).then(|| "pass".into()),
        keepalive_secs: u16::from(header >> 4) * 5,
        clean_session: header & 4 != 0,
        version: ProtocolVersion::V311,
        properties: ConnectProperties::default(),
    };
    let max_packet_size = 64 + usize::from(input.byte().unwrap_or(0)) * 16;
    let max_inflight = 1 + usize::from(input.byte().unwrap_or(0) % 8);
    // Bit 0: MQTT 5; then our topic alias maximum and receive maximum, and the server's.
    let flavour = input.byte().unwrap_or(0);
    let v5 = flavour & 1 != 0;
    let options = if v5 {
        ConnectOptions {
            version: ProtocolVersion::V5,
            properties: ConnectProperties {
                session_expiry_secs: u32::from(flavour & 2) * 30,
                topic_alias_maximum: u16::from((flavour >> 2) & 3),
                receive_maximum: Some(1 + u16::from((flavour >> 4) & 3)),
                ..ConnectProperties::default()
            },
            ..options
        }
    } else {
        options
    };
    let Ok(mut session) = Session::new(options) else {
        return;
    };
    session.set_max_packet_size(max_packet_size);
    session.set_max_inflight(max_inflight);
    session.set_reconnect_policy(Some(ReconnectPolicy::default()));
    if header & 8 != 0 {
        let will = Will {
            topic: "w".into(),
            payload: vec![1, 2],
            qos: QoS::AtLeastOnce,
            retain: true,
            properties: Default::default(),
        };
        assert!(session.set_will(Some(will)).is_ok());
    }
    let mut now: Millis = 0;
    session.start(now);
    // Most inputs start past CONNACK, where most of the logic lives.
    if header & 0x80 == 0 {
        let connack: &[u8] = if v5 {
            // Topic alias maximum 2, receive maximum 1 + bits 6..7, maximum QoS 1 if bit 7.
            &[0x20, 0x09, 0x00, 0x00, 0x06, 0x22, 0x00, 0x02, 0x21, 0x00, 1 + (flavour >> 6)]
        } else {
            &[0x20, 0x02, 0x00, 0x00]
        };
        let _ = session.handle_bytes(connack, now);
    }
    drain(&mut session);

    while let Some(op) = input.byte() {
        match op % 8 {
            0..=3 => {
                let len = usize::from(input.byte().unwrap_or(0) % 64) + 1;
                let chunk = input.take(len).to_vec();
                let failed = session.handle_bytes(&chunk, now).is_err();
                after_error(&mut session, failed);
            }
            4 => {
                now += Millis::from(input.byte().unwrap_or(0)) * 250;
                let failed = session.handle_timeout(now).is_err();
                after_error(&mut session, failed);
            }
            5 => {
                let b = input.byte().unwrap_or(0);
                let topic = if b & 8 == 0 { "t/x" } else { "t/y" };
                if v5 {
                    let props = properties(input.byte().unwrap_or(0));
                    let _ = session.publish_with(topic, &[b], qos(b), b & 4 != 0, &props, now);
                    if b & 0x80 != 0 {
                        session.set_topic_aliases(b & 0x40 != 0);
                    }
                } else {
                    let _ = session.publish(topic, &[b], qos(b), b & 4 != 0, now);
                }
                drain(&mut session);
            }
            6 => {
                let b = input.byte().unwrap_or(0);
                let _ = if b & 8 == 0 && v5 {
                    let options = SubscribeOptions {
                        qos: qos(b),
                        no_local: b & 16 != 0,
                        retain_as_published: b & 32 != 0,
                        retain_handling: RetainHandling::from_u8(b >> 6).unwrap_or_default(),
                    };
                    let filter = if b & 4 == 0 { "t/#" } else { "$share/g/t/#" };
                    let id = (b & 3 != 0).then_some(u32::from(b & 3));
                    session.subscribe_with(&[(filter, options)], id, now).map(|_| ())
                } else if b & 8 == 0 {
                    session.subscribe("t/#", qos(b), now).map(|_| ())
                } else {
                    session.unsubscribe("t/#", now).map(|_| ())
                };
                drain(&mut session);
            }
            _ => {
                session.connection_lost();
                let random = f64::from(input.byte().unwrap_or(0)) / 256.0;
                if let Some(at) = session.plan_reconnect(now, random) {
                    now = now.max(at);
                }
                session.start(now);
                drain(&mut session);
            }
        }
    }
});
