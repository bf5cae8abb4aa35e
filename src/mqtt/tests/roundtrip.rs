//! Property tests: every packet the session writes is read back by an independent codec
//! (`mqttbytes`) with the same fields, and every packet a broker may send is read by ours as it
//! was written. A proptest failure prints the smallest packet that breaks the rule.

use bytes::{Bytes, BytesMut};
use mqttbytes::v4;
use proptest::prelude::*;

use crate::mqtt::decode::{decode, Incoming};
use crate::mqtt::encode;
use crate::mqtt::framer::Framer;
use crate::mqtt::{ConnectOptions, Message, MqttError, QoS, SubscribeOutcome, Will};

pub(super) fn qos() -> impl Strategy<Value = QoS> {
    prop_oneof![
        Just(QoS::AtMostOnce),
        Just(QoS::AtLeastOnce),
        Just(QoS::ExactlyOnce)
    ]
}

/// Topic names: any text without wildcards or NUL, including multi-byte characters.
pub(super) fn topic() -> impl Strategy<Value = String> {
    "[^+#\u{0}]{1,40}"
}

/// Filters: levels of plain text or `+`, optionally ending in `#`.
pub(super) fn filter() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(prop_oneof!["[^+#/\u{0}]{0,8}", Just("+".to_string())], 1..5),
        any::<bool>(),
    )
        .prop_map(|(levels, hash)| {
            let mut f = levels.join("/");
            if hash {
                f.push_str(if f.is_empty() { "#" } else { "/#" });
            }
            if f.is_empty() {
                f.push('x');
            }
            f
        })
}

pub(super) fn packet_id() -> impl Strategy<Value = u16> {
    1..=u16::MAX
}

fn read_theirs(bytes: &[u8]) -> v4::Packet {
    let mut buf = BytesMut::from(bytes);
    let packet = v4::read(&mut buf, usize::MAX).expect("mqttbytes reads what we wrote");
    assert!(buf.is_empty(), "{} bytes beyond the packet", buf.len());
    packet
}

fn read_ours(bytes: &[u8]) -> Result<Incoming, MqttError> {
    let mut framer = Framer::new(usize::MAX);
    framer.push(bytes);
    let frame = framer.next_frame()?.expect("a whole packet");
    decode(frame)
}

fn write_theirs(write: impl FnOnce(&mut BytesMut) -> Result<usize, mqttbytes::Error>) -> Vec<u8> {
    let mut buf = BytesMut::new();
    write(&mut buf).expect("mqttbytes writes valid packets");
    buf.to_vec()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn connect(
        client_id in "[^\u{0}]{0,30}",
        username in proptest::option::of("[^\u{0}]{1,20}"),
        password in proptest::option::of("[^\u{0}]{1,20}"),
        keepalive_secs: u16,
        clean_session: bool,
        will in proptest::option::of((topic(), prop::collection::vec(any::<u8>(), 0..64), qos(), any::<bool>())),
    ) {
        let options = ConnectOptions {
            clean_session: clean_session || client_id.is_empty(),
            password: password.filter(|_| username.is_some()),
            client_id,
            username,
            keepalive_secs,
            version: crate::mqtt::ProtocolVersion::V311,
            properties: crate::mqtt::ConnectProperties::default(),
        };
        let will = will.map(|(topic, payload, qos, retain)| Will { topic, payload, qos, retain, properties: Default::default() });
        let bytes = encode::connect(&options, will.as_ref()).unwrap();
        let v4::Packet::Connect(c) = read_theirs(&bytes) else { panic!("not CONNECT") };
        prop_assert_eq!(c.protocol, mqttbytes::Protocol::V4);
        prop_assert_eq!(&c.client_id, &options.client_id);
        prop_assert_eq!(c.keep_alive, options.keepalive_secs);
        prop_assert_eq!(c.clean_session, options.clean_session);
        let login = c.login.map(|l| (l.username, l.password));
        let expected = options.username.clone().map(|u| (u, options.password.clone().unwrap_or_default()));
        prop_assert_eq!(login, expected);
        let got_will = c.last_will.map(|w| Will {
            topic: w.topic,
            payload: w.message.to_vec(),
            qos: QoS::from_wire(w.qos),
            retain: w.retain,
            properties: Default::default(),
        });
        prop_assert_eq!(got_will, will);
    }

    #[test]
    fn publish_both_ways(
        topic in topic(),
        payload in prop::collection::vec(any::<u8>(), 0..300),
        qos in qos(),
        retain: bool,
        dup: bool,
        id in packet_id(),
    ) {
        let bytes = encode::publish(&topic, &payload, qos, retain, dup, id).unwrap();
        let v4::Packet::Publish(p) = read_theirs(&bytes) else { panic!("not PUBLISH") };
        let qos0 = qos == QoS::AtMostOnce;
        prop_assert_eq!(&p.topic, &topic);
        prop_assert_eq!(&p.payload[..], &payload[..]);
        prop_assert_eq!((QoS::from_wire(p.qos), p.retain), (qos, retain));
        prop_assert_eq!(p.dup, dup && !qos0, "DUP is never set on QoS 0");
        prop_assert_eq!(p.pkid, if qos0 { 0 } else { id });
        // And our decoder reads our encoder.
        let expected = Incoming::Publish {
            message: Message { topic, payload, qos, retain, dup: dup && !qos0, properties: Default::default() },
            packet_id: if qos0 { 0 } else { id },
            topic_alias: None,
        };
        prop_assert_eq!(read_ours(&bytes), Ok(expected));
    }

    #[test]
    fn subscribe_and_unsubscribe(
        filters in prop::collection::vec((filter(), qos()), 1..6),
        id in packet_id(),
    ) {
        let bytes = encode::subscribe(id, &filters).unwrap();
        let v4::Packet::Subscribe(s) = read_theirs(&bytes) else { panic!("not SUBSCRIBE") };
        prop_assert_eq!(s.pkid, id);
        let got: Vec<(String, QoS)> =
            s.filters.into_iter().map(|f| (f.path, QoS::from_wire(f.qos))).collect();
        prop_assert_eq!(&got, &filters);

        let names: Vec<String> = filters.into_iter().map(|(f, _)| f).collect();
        let bytes = encode::unsubscribe(id, &names).unwrap();
        let v4::Packet::Unsubscribe(u) = read_theirs(&bytes) else { panic!("not UNSUBSCRIBE") };
        prop_assert_eq!((u.pkid, u.topics), (id, names));
    }

    #[test]
    fn acknowledgements_both_ways(id in packet_id()) {
        prop_assert_eq!(read_theirs(&encode::puback(id).unwrap()), v4::Packet::PubAck(v4::PubAck::new(id)));
        prop_assert_eq!(read_theirs(&encode::pubrec(id).unwrap()), v4::Packet::PubRec(v4::PubRec::new(id)));
        prop_assert_eq!(read_theirs(&encode::pubrel(id).unwrap()), v4::Packet::PubRel(v4::PubRel::new(id)));
        prop_assert_eq!(read_theirs(&encode::pubcomp(id).unwrap()), v4::Packet::PubComp(v4::PubComp::new(id)));
        let theirs = |w: &dyn Fn(&mut BytesMut) -> Result<usize, mqttbytes::Error>| write_theirs(|b| w(b));
        prop_assert_eq!(read_ours(&theirs(&|b| v4::PubAck::new(id).write(b))), Ok(Incoming::PubAck(id)));
        prop_assert_eq!(read_ours(&theirs(&|b| v4::PubRec::new(id).write(b))), Ok(Incoming::PubRec(id)));
        prop_assert_eq!(read_ours(&theirs(&|b| v4::PubRel::new(id).write(b))), Ok(Incoming::PubRel(id)));
        prop_assert_eq!(read_ours(&theirs(&|b| v4::PubComp::new(id).write(b))), Ok(Incoming::PubComp(id)));
        prop_assert_eq!(read_ours(&theirs(&|b| v4::UnsubAck::new(id).write(b))), Ok(Incoming::UnsubAck(id)));
    }

    #[test]
    fn suback_and_connack_from_the_broker(
        id in packet_id(),
        codes in prop::collection::vec(prop::option::of(qos()), 1..20),
        session_present: bool,
        code in 0u8..=5,
    ) {
        let wire: Vec<v4::SubscribeReasonCode> = codes
            .iter()
            .map(|c| match c {
                Some(q) => v4::SubscribeReasonCode::Success(q.to_wire()),
                None => v4::SubscribeReasonCode::Failure,
            })
            .collect();
        let outcomes: Vec<SubscribeOutcome> = codes
            .iter()
            .map(|c| c.map_or(SubscribeOutcome::Refused(crate::mqtt::ReasonCode::UnspecifiedError), SubscribeOutcome::Granted))
            .collect();
        let bytes = write_theirs(|b| v4::SubAck::new(id, wire).write(b));
        prop_assert_eq!(read_ours(&bytes), Ok(Incoming::SubAck { packet_id: id, outcomes }));

        // Session present only goes with success [MQTT-3.2.2-4].
        let session_present = session_present && code == 0;
        let bytes = [0x20, 0x02, u8::from(session_present), code];
        prop_assert_eq!(read_ours(&bytes), Ok(Incoming::ConnAck { session_present, code }));
    }

    #[test]
    fn incoming_publish_from_the_broker(
        topic in topic(),
        payload in prop::collection::vec(any::<u8>(), 0..300),
        qos in qos(),
        retain: bool,
        dup: bool,
        id in packet_id(),
    ) {
        let qos0 = qos == QoS::AtMostOnce;
        let mut p = v4::Publish::from_bytes(topic.clone(), qos.to_wire(), Bytes::from(payload.clone()));
        p.retain = retain;
        p.dup = dup && !qos0;
        p.pkid = if qos0 { 0 } else { id };
        let bytes = write_theirs(|b| p.write(b));
        let expected = Incoming::Publish {
            message: Message { topic, payload, qos, retain, dup: dup && !qos0, properties: Default::default() },
            packet_id: p.pkid,
            topic_alias: None,
        };
        prop_assert_eq!(read_ours(&bytes), Ok(expected));
    }

    /// Whatever the bytes, decoding ends in a packet or a typed error, never a panic.
    #[test]
    fn arbitrary_bytes_decode_or_fail_cleanly(bytes in prop::collection::vec(any::<u8>(), 0..64)) {
        let mut framer = Framer::new(1 << 16);
        framer.push(&bytes);
        while let Ok(Some(frame)) = framer.next_frame() {
            if decode(frame).is_err() {
                break;
            }
        }
    }
}
