//! Property tests for MQTT 5 packets: what we write is read back by `mqttbytes::v5` with the
//! same fields, what a broker writes (with the independent writer in `v5::wire`, and with
//! `mqttbytes::v5`'s writer) is read by ours as it was written, and no bytes make ours panic.

use bytes::{Bytes, BytesMut};
use mqttbytes::v5;
use proptest::prelude::*;

use super::roundtrip::{filter, packet_id, qos, topic};
use super::v5::wire::{self, Props};
use crate::mqtt::decode::Incoming;
use crate::mqtt::decode_v5::decode;
use crate::mqtt::encode_v5::{self, PublishHeader};
use crate::mqtt::framer::Framer;
use crate::mqtt::{
    ConnectOptions, ConnectProperties, Message, MqttError, ProtocolVersion, PublishProperties, QoS,
    ReasonCode, ReasonPacket, RetainHandling, SubscribeOptions, UserProperty, ALL_REASON_CODES,
};

fn text() -> impl Strategy<Value = String> {
    "[^\u{0}]{0,20}"
}

fn user_properties() -> impl Strategy<Value = Vec<UserProperty>> {
    prop::collection::vec(
        ("[^\u{0}]{1,10}", text()).prop_map(|(k, v)| UserProperty::new(k, v)),
        0..4,
    )
}

/// Properties we may send (no subscription identifiers; a payload format of "bytes" or none,
/// so that any payload fits it).
fn publish_properties() -> impl Strategy<Value = PublishProperties> {
    (
        proptest::option::of(Just(false)),
        proptest::option::of(any::<u32>()),
        proptest::option::of("[^\u{0}]{1,20}"),
        proptest::option::of(topic()),
        proptest::option::of(prop::collection::vec(any::<u8>(), 0..20)),
        user_properties(),
    )
        .prop_map(
            |(
                payload_utf8,
                message_expiry_secs,
                content_type,
                response_topic,
                correlation_data,
                user_properties,
            )| {
                PublishProperties {
                    payload_utf8,
                    message_expiry_secs,
                    content_type,
                    response_topic,
                    correlation_data,
                    user_properties,
                    subscription_identifiers: vec![],
                }
            },
        )
}

fn read_theirs(bytes: &[u8]) -> v5::Packet {
    let mut buf = BytesMut::from(bytes);
    let packet = v5::read(&mut buf, usize::MAX).expect("mqttbytes reads what we wrote");
    assert!(buf.is_empty(), "{} bytes beyond the packet", buf.len());
    packet
}

fn read_ours(bytes: &[u8]) -> Result<Incoming, MqttError> {
    let mut framer = Framer::new(usize::MAX);
    framer.push(bytes);
    let frame = framer.next_frame()?.expect("a whole packet");
    decode(frame)
}

fn pairs(user: &[UserProperty]) -> Vec<(String, String)> {
    user.iter()
        .map(|u| (u.key.clone(), u.value.clone()))
        .collect()
}

fn wire_props(p: &PublishProperties, alias: Option<u16>) -> Props {
    let mut w = Props::new();
    if let Some(v) = p.payload_utf8 {
        w = w.byte(0x01, u8::from(v));
    }
    if let Some(v) = p.message_expiry_secs {
        w = w.four(0x02, v);
    }
    if let Some(v) = &p.content_type {
        w = w.str(0x03, v);
    }
    if let Some(v) = &p.response_topic {
        w = w.str(0x08, v);
    }
    if let Some(v) = &p.correlation_data {
        w = w.bin(0x09, v);
    }
    for u in &p.user_properties {
        w = w.user(&u.key, &u.value);
    }
    for id in &p.subscription_identifiers {
        w = w.var(0x0B, *id as usize);
    }
    if let Some(a) = alias {
        w = w.two(0x23, a);
    }
    w
}

fn reason_on(packet: ReasonPacket) -> impl Strategy<Value = ReasonCode> {
    prop::sample::select(
        ALL_REASON_CODES
            .iter()
            .copied()
            .filter(|c| c.allowed_on(packet))
            .collect::<Vec<_>>(),
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn our_publish_reads_back(
        topic in topic(),
        payload in prop::collection::vec(any::<u8>(), 0..300),
        qos in qos(),
        retain: bool,
        dup: bool,
        id in packet_id(),
        properties in publish_properties(),
        alias in proptest::option::of(1u16..),
    ) {
        let header = PublishHeader { topic: &topic, qos, retain, dup, packet_id: id, alias };
        let bytes = encode_v5::publish(header, &payload, &properties).unwrap();
        prop_assert_eq!(
            bytes.len(),
            encode_v5::publish_size(topic.len(), payload.len(), qos, &properties, alias)
        );
        let v5::Packet::Publish(p) = read_theirs(&bytes) else { panic!("not PUBLISH") };
        let qos0 = qos == QoS::AtMostOnce;
        prop_assert_eq!(&p.topic, &topic);
        prop_assert_eq!(&p.payload[..], &payload[..]);
        prop_assert_eq!((QoS::from_wire(p.qos), p.retain, p.dup), (qos, retain, dup && !qos0));
        prop_assert_eq!(p.pkid, if qos0 { 0 } else { id });
        let theirs = p.properties.unwrap_or(v5::PublishProperties {
            payload_format_indicator: None,
            message_expiry_interval: None,
            topic_alias: None,
            response_topic: None,
            correlation_data: None,
            user_properties: vec![],
            subscription_identifiers: vec![],
            content_type: None,
        });
        prop_assert_eq!(theirs.payload_format_indicator, properties.payload_utf8.map(u8::from));
        prop_assert_eq!(theirs.message_expiry_interval, properties.message_expiry_secs);
        prop_assert_eq!(theirs.topic_alias, alias);
        prop_assert_eq!(&theirs.content_type, &properties.content_type);
        prop_assert_eq!(&theirs.response_topic, &properties.response_topic);
        prop_assert_eq!(theirs.correlation_data.map(|d| d.to_vec()), properties.correlation_data.clone());
        prop_assert_eq!(theirs.user_properties, pairs(&properties.user_properties));
    }

    #[test]
    fn a_brokers_publish_reads_as_written(
        topic in topic(),
        payload in prop::collection::vec(any::<u8>(), 0..300),
        qos in qos(),
        id in packet_id(),
        properties in publish_properties(),
        subscription_identifiers in prop::collection::vec(1u32..=268_435_455, 0..3),
        alias in proptest::option::of(0u16..),
    ) {
        let properties = PublishProperties { subscription_identifiers, ..properties };
        let bytes = wire::publish(&topic, qos.as_u8(), id, wire_props(&properties, alias), &payload);
        let expected = Incoming::Publish {
            message: Message {
                topic: topic.clone(),
                payload: payload.clone(),
                qos,
                retain: false,
                dup: false,
                properties: properties.clone(),
            },
            packet_id: if qos == QoS::AtMostOnce { 0 } else { id },
            topic_alias: alias,
        };
        prop_assert_eq!(read_ours(&bytes), Ok(expected));
        // And the same packet from mqttbytes' writer.
        let mut p = v5::Publish::from_bytes(topic, qos.to_wire(), Bytes::from(payload));
        p.pkid = if qos == QoS::AtMostOnce { 0 } else { id };
        p.properties = Some(v5::PublishProperties {
            payload_format_indicator: properties.payload_utf8.map(u8::from),
            message_expiry_interval: properties.message_expiry_secs,
            topic_alias: alias,
            response_topic: properties.response_topic.clone(),
            correlation_data: properties.correlation_data.clone().map(Bytes::from),
            user_properties: pairs(&properties.user_properties),
            subscription_identifiers: properties.subscription_identifiers.iter().map(|i| *i as usize).collect(),
            content_type: properties.content_type.clone(),
        });
        let mut buf = BytesMut::new();
        p.write(&mut buf).unwrap();
        let Ok(Incoming::Publish { message, topic_alias, .. }) = read_ours(&buf) else {
            panic!("not read");
        };
        prop_assert_eq!(message.properties, properties);
        prop_assert_eq!(topic_alias, alias);
    }

    #[test]
    fn a_brokers_acks_read_as_written(
        first in prop::sample::select(vec![0x40u8, 0x50, 0x62, 0x70]),
        id in packet_id(),
        pick in any::<prop::sample::Index>(),
        reason_string in proptest::option::of(text()),
        user in user_properties(),
        short: bool,
    ) {
        let packet = match first {
            0x40 => ReasonPacket::PubAck,
            0x50 => ReasonPacket::PubRec,
            0x62 => ReasonPacket::PubRel,
            _ => ReasonPacket::PubComp,
        };
        let allowed: Vec<ReasonCode> =
            ALL_REASON_CODES.iter().copied().filter(|c| c.allowed_on(packet)).collect();
        let reason = *pick.get(&allowed);
        let mut props = Props::new();
        if let Some(s) = &reason_string {
            props = props.str(0x1F, s);
        }
        for u in &user {
            props = props.user(&u.key, &u.value);
        }
        let plain = reason_string.is_none() && user.is_empty();
        let bytes = if plain && short {
            wire::ack(first, id, Some(reason.as_u8()), None)
        } else {
            wire::ack(first, id, Some(reason.as_u8()), Some(props))
        };
        let got = read_ours(&bytes).unwrap();
        if plain && reason == ReasonCode::Success {
            prop_assert!(matches!(got,
                Incoming::PubAck(i) | Incoming::PubRec(i) | Incoming::PubRel(i) | Incoming::PubComp(i)
                if i == id));
        } else {
            prop_assert_eq!(got, Incoming::AckReason {
                packet, packet_id: id, reason, reason_string, user_properties: user,
            });
        }
    }

    #[test]
    fn our_connect_reads_back(
        client_id in "[^\u{0}]{0,30}",
        username in proptest::option::of("[^\u{0}]{1,20}"),
        password in proptest::option::of("[^\u{0}]{1,20}"),
        keepalive_secs: u16,
        clean_session: bool,
        session_expiry_secs: u32,
        receive_maximum in proptest::option::of(1u16..),
        maximum_packet_size in proptest::option::of(1u32..),
        topic_alias_maximum: u16,
        request_response_information: bool,
        request_problem_information: bool,
        user in user_properties(),
    ) {
        let options = ConnectOptions {
            clean_session: clean_session || client_id.is_empty(),
            client_id,
            username,
            password,
            keepalive_secs,
            version: ProtocolVersion::V5,
            properties: ConnectProperties {
                session_expiry_secs,
                receive_maximum,
                maximum_packet_size,
                topic_alias_maximum,
                request_response_information,
                request_problem_information,
                user_properties: user.clone(),
            },
        };
        let bytes = encode_v5::connect(&options, None).unwrap();
        let v5::Packet::Connect(c) = read_theirs(&bytes) else { panic!("not CONNECT") };
        prop_assert_eq!(c.protocol, mqttbytes::Protocol::V5);
        prop_assert_eq!(&c.client_id, &options.client_id);
        prop_assert_eq!((c.keep_alive, c.clean_session), (keepalive_secs, options.clean_session));
        let login = c.login.map(|l| (l.username, l.password));
        let expected = match (&options.username, &options.password) {
            (None, None) => None,
            (u, p) => Some((u.clone().unwrap_or_default(), p.clone().unwrap_or_default())),
        };
        prop_assert_eq!(login, expected);
        let p = c.properties;
        let get = |f: fn(&v5::ConnectProperties) -> Option<u32>| p.as_ref().and_then(f);
        prop_assert_eq!(get(|p| p.session_expiry_interval), Some(session_expiry_secs).filter(|s| *s != 0));
        prop_assert_eq!(get(|p| p.receive_maximum.map(u32::from)), receive_maximum.map(u32::from));
        prop_assert_eq!(get(|p| p.max_packet_size), maximum_packet_size);
        prop_assert_eq!(get(|p| p.topic_alias_max.map(u32::from)), Some(u32::from(topic_alias_maximum)).filter(|m| *m != 0));
        prop_assert_eq!(get(|p| p.request_response_info.map(u32::from)), request_response_information.then_some(1));
        prop_assert_eq!(get(|p| p.request_problem_info.map(u32::from)), (!request_problem_information).then_some(0));
        prop_assert_eq!(p.map(|p| p.user_properties).unwrap_or_default(), pairs(&user));
    }

    #[test]
    fn our_subscribe_reads_back(
        filters in prop::collection::vec((filter(), qos(), any::<bool>(), any::<bool>(), 0u8..3), 1..6),
        identifier in proptest::option::of(1u32..=268_435_455),
        id in packet_id(),
    ) {
        let filters: Vec<(String, SubscribeOptions)> = filters
            .into_iter()
            .map(|(f, qos, no_local, retain_as_published, rh)| (f, SubscribeOptions {
                qos,
                no_local,
                retain_as_published,
                retain_handling: RetainHandling::from_u8(rh).unwrap_or_default(),
            }))
            .collect();
        let bytes = encode_v5::subscribe(id, &filters, identifier).unwrap();
        prop_assert_eq!(bytes.len(), encode_v5::subscribe_size(&filters, identifier));
        let v5::Packet::Subscribe(s) = read_theirs(&bytes) else { panic!("not SUBSCRIBE") };
        prop_assert_eq!(s.pkid, id);
        prop_assert_eq!(s.properties.and_then(|p| p.id), identifier.map(|i| i as usize));
        let got: Vec<(String, SubscribeOptions)> = s.filters.into_iter().map(|f| (f.path, SubscribeOptions {
            qos: QoS::from_wire(f.qos),
            no_local: f.nolocal,
            retain_as_published: f.preserve_retain,
            retain_handling: match f.retain_forward_rule {
                v5::RetainForwardRule::OnEverySubscribe => RetainHandling::SendOnSubscribe,
                v5::RetainForwardRule::OnNewSubscribe => RetainHandling::SendIfNew,
                v5::RetainForwardRule::Never => RetainHandling::DoNotSend,
            },
        })).collect();
        prop_assert_eq!(got, filters);
    }

    #[test]
    fn a_brokers_suback_unsuback_and_disconnect_read_as_written(
        id in packet_id(),
        sub in prop::collection::vec(reason_on(ReasonPacket::SubAck), 1..6),
        unsub in prop::collection::vec(reason_on(ReasonPacket::UnsubAck), 1..6),
        disconnect in reason_on(ReasonPacket::Disconnect),
        reason_string in proptest::option::of(text()),
    ) {
        let codes: Vec<u8> = sub.iter().map(|c| c.as_u8()).collect();
        let Ok(Incoming::SubAck { packet_id, outcomes }) = read_ours(&wire::suback(id, &codes)) else {
            panic!("not a SUBACK");
        };
        prop_assert_eq!(packet_id, id);
        prop_assert_eq!(outcomes.len(), sub.len());
        let codes: Vec<u8> = unsub.iter().map(|c| c.as_u8()).collect();
        prop_assert_eq!(
            read_ours(&wire::unsuback(id, &codes)),
            Ok(Incoming::UnsubAckV5 { packet_id: id, reasons: unsub })
        );
        let mut props = Props::new();
        if let Some(s) = &reason_string {
            props = props.str(0x1F, s);
        }
        let got = read_ours(&wire::disconnect(disconnect.as_u8(), props));
        if disconnect == ReasonCode::DisconnectWithWillMessage {
            prop_assert!(matches!(got, Err(MqttError::UnexpectedPacket(_))));
        } else {
            prop_assert_eq!(got, Ok(Incoming::Disconnect {
                reason: disconnect, reason_string, server_reference: None,
            }));
        }
    }

    /// Whatever the bytes, decoding ends in a packet or a typed error, never a panic.
    #[test]
    fn arbitrary_bytes_decode_or_fail_cleanly(bytes in prop::collection::vec(any::<u8>(), 0..64)) {
        let mut framer = Framer::new(1 << 16);
        framer.push(&bytes);
        while let Ok(Some(frame)) = framer.next_frame() {
            let _ = decode(frame);
        }
    }

    /// Valid headers with random bodies reach the body checks far more often than random bytes.
    #[test]
    fn random_bodies_decode_or_fail_cleanly(
        first in prop::sample::select(vec![0x20u8, 0x30, 0x32, 0x34, 0x3B, 0x40, 0x50, 0x62, 0x70, 0x90, 0xB0, 0xE0, 0xF0]),
        body in prop::collection::vec(any::<u8>(), 0..64),
    ) {
        let bytes = wire::Body(body).packet(first);
        let _ = read_ours(&bytes);
    }
}
