//! Fuzzes the whole incoming path of the MQTT session (framer, decoder, packet handling,
//! reconnect bookkeeping) and checks what goes out.
//!
//! The input is a small program: a header byte picks the session's settings, then each op byte
//! either feeds the next bytes in a chunk of arbitrary size, lets time pass and fires the
//! timers, makes a user request, or drops and reopens the link. After every step:
//! - nothing panics (the point of fuzzing);
//! - every packet the session queued is one complete, valid MQTT 3.1.1 packet that an
//!   independent codec (`mqttbytes`) reads back, with no QoS > 0 PUBLISH using packet id 0;
//! - a fatal error leaves the session `Closed` with nothing left to send.
#![no_main]

use bytes::BytesMut;
use libfuzzer_sys::fuzz_target;
use mqtt_console::mqtt::{
    ConnectOptions, Millis, QoS, ReconnectPolicy, Session, SessionState, Will,
};
use mqttbytes::v4;

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

/// Drains the session's output and checks each packet.
fn drain(session: &mut Session) {
    while let Some(frame) = session.poll_transmit() {
        let mut buf = BytesMut::from(&frame[..]);
        let packet = v4::read(&mut buf, usize::MAX).unwrap_or_else(|e| {
            panic!("the session sent a malformed packet ({e:?}): {frame:02x?}")
        });
        assert!(buf.is_empty(), "one packet per frame: {frame:02x?}");
        if let v4::Packet::Publish(p) = &packet {
            assert!(p.qos == mqttbytes::QoS::AtMostOnce || p.pkid != 0);
            assert!(!(p.dup && p.qos == mqttbytes::QoS::AtMostOnce));
        }
    }
    while session.poll_event().is_some() {}
}

fn after_error(session: &mut Session, failed: bool) {
    if failed {
        assert_eq!(session.state(), SessionState::Closed);
        assert!(
            session.poll_transmit().is_none(),
            "a failed link sends nothing more"
        );
    }
    drain(session);
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
        version: mqtt_console::mqtt::ProtocolVersion::V311,
        properties: mqtt_console::mqtt::ConnectProperties::default(),
    };
    let Ok(mut session) = Session::new(options) else {
        return;
    };
    session.set_max_packet_size(64 + usize::from(input.byte().unwrap_or(0)) * 16);
    session.set_max_inflight(1 + usize::from(input.byte().unwrap_or(0) % 8));
    session.set_reconnect_policy(Some(ReconnectPolicy::default()));
    if header & 8 != 0 {
        let will = Will {
            topic: "w".into(),
            payload: vec![1, 2],
            qos: QoS::AtLeastOnce,
            retain: true,
        };
        assert!(session.set_will(Some(will)).is_ok());
    }
    let mut now: Millis = 0;
    session.start(now);
    // Most inputs start past CONNACK, where most of the logic lives.
    if header & 0x80 == 0 {
        let _ = session.handle_bytes(&[0x20, 0x02, 0x00, 0x00], now);
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
                let _ = session.publish("t/x", &[b], qos(b), b & 4 != 0, now);
                drain(&mut session);
            }
            6 => {
                let b = input.byte().unwrap_or(0);
                let _ = if b & 8 == 0 {
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
