use mqttbytes::v4::{self, SubscribeReasonCode as Code};

use super::*;
use crate::mqtt::{MqttError, DEFAULT_MAX_PACKET_SIZE};

#[test]
fn a_frame_split_into_one_byte_chunks() {
    let mut session = connected();
    let payload: Vec<u8> = (0..300u16).map(|i| i as u8).collect();
    let mut stream = publish("split/topic", QoS::AtLeastOnce, 4242, &payload);
    stream.extend(pingresp());
    let (last, head) = stream.split_last().unwrap();
    for (i, byte) in head.iter().enumerate() {
        session.handle_bytes(&[*byte], 20 + i as Millis).unwrap();
        if session.poll_event().is_some() {
            assert!(i + 1 >= stream.len() - 2, "delivered early at byte {i}");
        }
    }
    session.handle_bytes(&[*last], 1_000).unwrap();
    assert_eq!(
        sent(&mut session),
        [v4::Packet::PubAck(v4::PubAck::new(4242))]
    );
    assert_eq!(session.state(), SessionState::Connected);
}

#[test]
fn a_message_arrives_only_when_complete() {
    let mut session = connected();
    let stream = publish("t", QoS::AtMostOnce, 0, &[7; 200]);
    for byte in &stream[..stream.len() - 1] {
        session
            .handle_bytes(std::slice::from_ref(byte), 20)
            .unwrap();
        assert_eq!(session.poll_event(), None);
    }
    session
        .handle_bytes(&stream[stream.len() - 1..], 20)
        .unwrap();
    let Some(Event::Received(message)) = session.poll_event() else {
        panic!("no message")
    };
    assert_eq!(message.payload, vec![7; 200]);
}

#[test]
fn three_packets_in_one_frame() {
    let mut session = connected();
    let id = session.subscribe("x/#", QoS::AtLeastOnce, 20).unwrap();
    sent(&mut session);
    let mut frame = suback(id, vec![Code::Success(mqttbytes::QoS::AtLeastOnce)]);
    frame.extend(publish("x/1", QoS::AtLeastOnce, 1, b"a"));
    frame.extend(publish("x/2", QoS::AtMostOnce, 0, b"b"));
    session.handle_bytes(&frame, 30).unwrap();
    let got = events(&mut session);
    assert_eq!(got.len(), 3);
    assert!(matches!(got[0], Event::SubAck { packet_id, .. } if packet_id == id));
    assert!(matches!(&got[1], Event::Received(m) if m.topic == "x/1"));
    assert!(matches!(&got[2], Event::Received(m) if m.topic == "x/2"));
    assert_eq!(sent(&mut session), [v4::Packet::PubAck(v4::PubAck::new(1))]);
}

#[test]
fn connack_and_more_in_one_frame() {
    let mut session = Session::new(options()).unwrap();
    session.start(0);
    sent(&mut session);
    let mut frame = connack(true, v4::ConnectReturnCode::Success);
    frame.extend(publish(
        "kept",
        QoS::AtLeastOnce,
        3,
        b"from the old session",
    ));
    session.handle_bytes(&frame, 10).unwrap();
    let got = events(&mut session);
    assert_eq!(
        got[0],
        Event::Connected {
            session_present: true
        }
    );
    assert!(matches!(&got[1], Event::Received(m) if m.topic == "kept"));
}

#[test]
fn a_packet_over_the_maximum_size() {
    let mut session = connected();
    session.set_max_packet_size(100);
    let ok = publish("t", QoS::AtMostOnce, 0, &[0; 95]); // 2 + 3 + 95 = 100 bytes
    assert_eq!(ok.len(), 100);
    session.handle_bytes(&ok, 20).unwrap();
    let too_big = publish("t", QoS::AtMostOnce, 0, &[0; 96]);
    assert_eq!(
        session.handle_bytes(&too_big, 21),
        Err(MqttError::IncomingPacketTooLarge {
            size: 101,
            max: 100
        })
    );
    assert_eq!(session.state(), SessionState::Closed);
}

#[test]
fn the_default_limit_is_16_mib_and_refused_from_the_header_alone() {
    let mut session = connected();
    // A PUBLISH announcing 16 MiB - 4 bytes of remaining length: 16 MiB + 1 with its header.
    let remaining = DEFAULT_MAX_PACKET_SIZE - 4;
    let header = [
        0x30,
        (remaining & 0x7F) as u8 | 0x80,
        ((remaining >> 7) & 0x7F) as u8 | 0x80,
        ((remaining >> 14) & 0x7F) as u8 | 0x80,
        (remaining >> 21) as u8,
    ];
    assert_eq!(
        session.handle_bytes(&header, 20),
        Err(MqttError::IncomingPacketTooLarge {
            size: DEFAULT_MAX_PACKET_SIZE + 1,
            max: DEFAULT_MAX_PACKET_SIZE
        })
    );

    let mut session = connected();
    let payload = vec![1; DEFAULT_MAX_PACKET_SIZE - 5 - 3];
    let exactly = publish("t", QoS::AtMostOnce, 0, &payload);
    assert_eq!(exactly.len(), DEFAULT_MAX_PACKET_SIZE);
    session.handle_bytes(&exactly, 20).unwrap();
    assert!(matches!(session.poll_event(), Some(Event::Received(_))));
}

#[test]
fn garbage_never_panics() {
    let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
    // Valid packet types in the first byte get the fuzz past the header checks more often.
    let firsts = [
        0x20, 0x30, 0x32, 0x34, 0x3B, 0x40, 0x50, 0x62, 0x70, 0x90, 0xB0, 0xD0,
    ];
    for round in 0..4_000 {
        let mut session = if round % 5 == 0 {
            let mut s = Session::new(options()).unwrap();
            s.start(0);
            s
        } else {
            connected()
        };
        session.set_max_packet_size(1 + (rng.next() % 512) as usize);
        let len = (rng.next() % 64) as usize;
        let mut bytes = rng.bytes(len);
        if round % 2 == 0 && !bytes.is_empty() {
            bytes[0] = firsts[(rng.next() as usize) % firsts.len()];
            if bytes.len() > 1 {
                bytes[1] = (bytes.len() - 2) as u8;
            }
        }
        let mut rest = &bytes[..];
        while !rest.is_empty() {
            let cut = 1 + (rng.next() as usize) % rest.len();
            let (chunk, tail) = rest.split_at(cut);
            rest = tail;
            if session.handle_bytes(chunk, 20).is_err() {
                assert_eq!(session.state(), SessionState::Closed);
                assert_eq!(session.poll_transmit(), None);
            }
        }
        let _ = session.handle_timeout(rng.next() % 200_000);
        while session.poll_event().is_some() {}
        while session.poll_transmit().is_some() {}
    }
}
