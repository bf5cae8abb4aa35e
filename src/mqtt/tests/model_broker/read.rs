//! The broker model's view of a client packet, read with `mqttbytes` in either version.

use bytes::{Bytes, BytesMut};
use mqttbytes::{v4, v5};

/// A client packet, whichever version it came in.
pub(super) enum In {
    Connect {
        clean: bool,
    },
    Publish {
        qos: mqttbytes::QoS,
        pkid: u16,
        dup: bool,
        topic: String,
        alias: Option<u16>,
        payload: Bytes,
    },
    PubAck(u16),
    PubRec(u16),
    PubRel(u16),
    PubComp(u16),
    Subscribe {
        pkid: u16,
        qos: Vec<mqttbytes::QoS>,
    },
    Unsubscribe(u16),
    PingReq,
    Disconnect,
}

pub(super) fn read_v4(bytes: &[u8]) -> In {
    let mut buf = BytesMut::from(bytes);
    let packet = v4::read(&mut buf, usize::MAX).expect("the client sends valid packets");
    assert!(buf.is_empty(), "one packet per frame");
    match packet {
        v4::Packet::Connect(c) => In::Connect {
            clean: c.clean_session,
        },
        v4::Packet::Publish(p) => In::Publish {
            qos: p.qos,
            pkid: p.pkid,
            dup: p.dup,
            topic: p.topic,
            alias: None,
            payload: p.payload,
        },
        v4::Packet::PubAck(a) => In::PubAck(a.pkid),
        v4::Packet::PubRec(a) => In::PubRec(a.pkid),
        v4::Packet::PubRel(a) => In::PubRel(a.pkid),
        v4::Packet::PubComp(a) => In::PubComp(a.pkid),
        v4::Packet::Subscribe(s) => In::Subscribe {
            pkid: s.pkid,
            qos: s.filters.iter().map(|f| f.qos).collect(),
        },
        v4::Packet::Unsubscribe(u) => In::Unsubscribe(u.pkid),
        v4::Packet::PingReq => In::PingReq,
        v4::Packet::Disconnect => In::Disconnect,
        other => panic!("a client never sends {other:?}"),
    }
}

pub(super) fn read_v5(bytes: &[u8]) -> In {
    if bytes[0] == 0xE0 {
        return In::Disconnect;
    }
    let mut buf = BytesMut::from(bytes);
    let packet = v5::read(&mut buf, usize::MAX).expect("the client sends valid packets");
    assert!(buf.is_empty(), "one packet per frame");
    match packet {
        v5::Packet::Connect(c) => In::Connect {
            clean: c.clean_session,
        },
        v5::Packet::Publish(p) => In::Publish {
            qos: p.qos,
            pkid: p.pkid,
            dup: p.dup,
            topic: p.topic,
            alias: p.properties.and_then(|props| props.topic_alias),
            payload: p.payload,
        },
        v5::Packet::PubAck(a) => In::PubAck(a.pkid),
        v5::Packet::PubRec(a) => In::PubRec(a.pkid),
        v5::Packet::PubRel(a) => In::PubRel(a.pkid),
        v5::Packet::PubComp(a) => In::PubComp(a.pkid),
        v5::Packet::Subscribe(s) => In::Subscribe {
            pkid: s.pkid,
            qos: s.filters.iter().map(|f| f.qos).collect(),
        },
        v5::Packet::Unsubscribe(u) => In::Unsubscribe(u.pkid),
        v5::Packet::PingReq => In::PingReq,
        other => panic!("a client never sends {other:?}"),
    }
}
