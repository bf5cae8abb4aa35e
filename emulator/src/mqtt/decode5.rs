//! One whole MQTT 5 packet from a client → [`Inbound`]. The fixed header was checked by the
//! framer; here the body's property blocks and reserved bits are checked by our own rules
//! ([`props`]) before `mqttbytes::v5` decodes CONNECT, PUBLISH, SUBSCRIBE and UNSUBSCRIBE.
//! PUBACK, PINGREQ and DISCONNECT are read here: the crate refuses a DISCONNECT of one byte.

use bytes::BytesMut;
use mqttbytes::v5::{self, Packet};

use super::packet::{
    Connect, ConnectProperties, Disconnect, Inbound, MessageProperties, Publish, Subscribe,
    SubscribeFilter, Unsubscribe, Version,
};
use super::props::{self, Block};
use super::{FrameError, MAX_REMAINING_LENGTH};

fn malformed(why: &str) -> FrameError {
    FrameError::Malformed(why.to_string())
}

fn u16_at(body: &[u8], at: usize) -> Result<u16, FrameError> {
    match body.get(at..at + 2) {
        Some([hi, lo]) => Ok(u16::from_be_bytes([*hi, *lo])),
        _ => Err(malformed("the packet ends inside a two-byte field")),
    }
}

/// Skips a length-prefixed string or binary field at `at`; returns the offset after it.
fn skip_field(body: &[u8], at: usize) -> Result<usize, FrameError> {
    let len = usize::from(u16_at(body, at)?);
    let end = at + 2 + len;
    if end > body.len() {
        return Err(malformed("a string runs past the packet"));
    }
    Ok(end)
}

/// Decodes `frame` (one whole packet; its fixed header is `header_len` bytes).
pub fn decode(frame: BytesMut, header_len: usize) -> Result<Inbound, FrameError> {
    let first = frame.first().copied().unwrap_or(0);
    let body = frame.get(header_len..).unwrap_or(&[]);
    match first >> 4 {
        1 => check_connect(body)?,
        3 => {
            let qos = (first >> 1) & 0b11;
            let mut at = skip_field(body, 0)?;
            if qos > 0 {
                at += 2;
            }
            props::check(body.get(at..).unwrap_or(&[]), Block::Publish)?;
        }
        4 => return puback(body),
        8 => check_subscribe(body)?,
        10 => {
            props::check(body.get(2..).unwrap_or(&[]), Block::Unsubscribe)?;
        }
        12 => return Ok(Inbound::PingReq),
        14 => return disconnect(body),
        _ => return Err(FrameError::Unexpected("a packet only servers send")),
    }
    let mut frame = frame;
    let packet = v5::read(&mut frame, MAX_REMAINING_LENGTH)
        .map_err(|e| FrameError::Malformed(format!("{e:?}")))?;
    match packet {
        Packet::Connect(c) => Ok(Inbound::Connect(connect(c))),
        Packet::Publish(p) => Ok(Inbound::Publish(publish(p))),
        Packet::Subscribe(s) => Ok(Inbound::Subscribe(Subscribe {
            pkid: s.pkid,
            subscription_identifier: s.properties.and_then(|p| p.id),
            filters: s
                .filters
                .into_iter()
                .map(|f| SubscribeFilter {
                    filter: f.path,
                    qos: f.qos as u8,
                    no_local: f.nolocal,
                    retain_as_published: f.preserve_retain,
                    retain_handling: f.retain_forward_rule as u8,
                })
                .collect(),
        })),
        Packet::Unsubscribe(u) => Ok(Inbound::Unsubscribe(Unsubscribe {
            pkid: u.pkid,
            filters: u.filters,
        })),
        _ => Err(FrameError::Unexpected("a packet only servers send")),
    }
}

/// Reserved connect flag [MQTT-3.1.2-3], will flags, and both property blocks.
fn check_connect(body: &[u8]) -> Result<(), FrameError> {
    // "MQTT" (2 + 4), level, flags, keep alive: the framer checked name and level.
    let flags = *body.get(7).ok_or_else(|| malformed("CONNECT too short"))?;
    if flags & 0x01 != 0 {
        return Err(malformed("the reserved CONNECT flag is set"));
    }
    let will = flags & 0x04 != 0;
    if !will && flags & 0x38 != 0 {
        return Err(malformed("will QoS or retain set without a will"));
    }
    if flags & 0x18 == 0x18 {
        return Err(malformed("will QoS 3"));
    }
    let at = 10 + props::check(body.get(10..).unwrap_or(&[]), Block::Connect)?;
    let at = skip_field(body, at)?;
    if will {
        props::check(body.get(at..).unwrap_or(&[]), Block::Will)?;
    }
    Ok(())
}

/// Properties, then each filter's reserved option bits [MQTT-3.8.3-5].
fn check_subscribe(body: &[u8]) -> Result<(), FrameError> {
    let mut at = 2 + props::check(body.get(2..).unwrap_or(&[]), Block::Subscribe)?;
    while at < body.len() {
        at = skip_field(body, at)?;
        let options = *body
            .get(at)
            .ok_or_else(|| malformed("a filter without its options byte"))?;
        if options & 0xC0 != 0 {
            return Err(malformed("reserved subscription option bits are set"));
        }
        if options & 0x03 == 3 {
            return Err(malformed("subscription QoS 3"));
        }
        if (options >> 4) & 0x03 == 3 {
            return Err(FrameError::Protocol("retain handling 3".into()));
        }
        at += 1;
    }
    Ok(())
}

fn puback(body: &[u8]) -> Result<Inbound, FrameError> {
    let pkid = u16_at(body, 0)?;
    if body.len() > 3 {
        props::check(&body[3..], Block::PubAck)?;
    }
    Ok(Inbound::PubAck(pkid))
}

fn disconnect(body: &[u8]) -> Result<Inbound, FrameError> {
    let Some(&reason_code) = body.first() else {
        return Ok(Inbound::Disconnect(Disconnect::default()));
    };
    let mut reason_string = None;
    if body.len() > 1 {
        props::check(&body[1..], Block::Disconnect)?;
        let mut bytes = bytes::Bytes::copy_from_slice(&body[1..]);
        reason_string = v5::DisconnectProperties::extract(&mut bytes)
            .ok()
            .flatten()
            .and_then(|p| p.reason_string);
    }
    Ok(Inbound::Disconnect(Disconnect {
        reason_code,
        reason_string,
    }))
}

fn connect(c: v5::Connect) -> Connect {
    let (username, password) = match c.login {
        Some(login) => (Some(login.username), Some(login.password)),
        None => (None, None),
    };
    let properties = c
        .properties
        .map(|p| ConnectProperties {
            session_expiry_interval: p.session_expiry_interval,
            receive_maximum: p.receive_maximum,
            maximum_packet_size: p.max_packet_size,
            topic_alias_maximum: p.topic_alias_max,
            request_response_information: p.request_response_info,
            request_problem_information: p.request_problem_info,
            user_properties: p.user_properties,
            authentication_method: p.authentication_method,
        })
        .unwrap_or_default();
    Connect {
        version: Version::V5,
        client_id: c.client_id,
        username,
        password,
        keep_alive: c.keep_alive,
        has_will: c.last_will.is_some(),
        properties,
    }
}

fn publish(p: v5::Publish) -> Publish {
    let (topic_alias, properties) = match p.properties {
        Some(props) => (
            props.topic_alias,
            MessageProperties {
                payload_format_indicator: props.payload_format_indicator,
                message_expiry_interval: props.message_expiry_interval,
                content_type: props.content_type,
                response_topic: props.response_topic,
                correlation_data: props.correlation_data,
                user_properties: props.user_properties,
            },
        ),
        None => (None, MessageProperties::default()),
    };
    Publish {
        topic: p.topic,
        payload: p.payload,
        qos: p.qos as u8,
        retain: p.retain,
        pkid: p.pkid,
        topic_alias,
        properties,
    }
}

#[cfg(test)]
mod tests {
    use super::super::Framer;
    use super::*;
    use mqttbytes::v5::{ConnectProperties as Props5, PublishProperties};
    use mqttbytes::QoS;

    fn v5_connect() -> Vec<u8> {
        let mut connect = v5::Connect::new("c|securemode=3,signmethod=hmacsha1|");
        connect.keep_alive = 60;
        connect.set_login("dn&pk", "pw");
        connect.properties = Some(Props5 {
            session_expiry_interval: None,
            receive_maximum: Some(10),
            max_packet_size: None,
            topic_alias_max: None,
            request_response_info: None,
            request_problem_info: Some(0),
            user_properties: vec![("a".into(), "1".into())],
            authentication_method: None,
            authentication_data: None,
        });
        let mut buf = BytesMut::new();
        connect.write(&mut buf).unwrap();
        buf.to_vec()
    }

    /// A framer that has read an MQTT 5 CONNECT.
    fn connected() -> Framer {
        let mut framer = Framer::new();
        framer.push(&v5_connect());
        let Ok(Some(Inbound::Connect(c))) = framer.next_packet() else {
            panic!("no CONNECT");
        };
        assert_eq!(c.version, Version::V5);
        assert_eq!(c.properties.receive_maximum, Some(10));
        assert_eq!(c.properties.request_problem_information, Some(0));
        assert_eq!(c.properties.user_properties, vec![("a".into(), "1".into())]);
        assert_eq!(c.username.as_deref(), Some("dn&pk"));
        framer
    }

    #[test]
    fn mqtt5_connect_sets_the_version() {
        let framer = connected();
        assert_eq!(framer.version(), Some(Version::V5));
    }

    #[test]
    fn publish_with_alias_and_properties() {
        let mut framer = connected();
        let mut publish = v5::Publish::new("/pk/dn/user/update", QoS::AtLeastOnce, "hi");
        publish.pkid = 3;
        publish.properties = Some(PublishProperties {
            payload_format_indicator: Some(1),
            message_expiry_interval: Some(9),
            topic_alias: Some(4),
            response_topic: Some("/r".into()),
            correlation_data: Some(bytes::Bytes::from_static(b"id")),
            user_properties: vec![("k".into(), "v".into())],
            subscription_identifiers: Vec::new(),
            content_type: Some("text/plain".into()),
        });
        let mut buf = BytesMut::new();
        publish.write(&mut buf).unwrap();
        framer.push(&buf);
        let Ok(Some(Inbound::Publish(p))) = framer.next_packet() else {
            panic!("no PUBLISH");
        };
        assert_eq!((p.pkid, p.qos, p.topic_alias), (3, 1, Some(4)));
        assert_eq!(p.properties.user_properties, vec![("k".into(), "v".into())]);
        assert_eq!(p.properties.content_type.as_deref(), Some("text/plain"));
        assert_eq!(p.properties.message_expiry_interval, Some(9));
    }

    #[test]
    fn short_packets_mqttbytes_refuses_are_read_here() {
        let mut framer = connected();
        // DISCONNECT with a reason code only; PUBACK with reason, no properties; PINGREQ.
        framer.push(&[0xE0, 0x01, 0x04, 0x40, 0x03, 0, 7, 0x10, 0xC0, 0x00]);
        let Ok(Some(Inbound::Disconnect(d))) = framer.next_packet() else {
            panic!("no DISCONNECT");
        };
        assert_eq!(d.reason_code, 0x04);
        assert!(matches!(framer.next_packet(), Ok(Some(Inbound::PubAck(7)))));
        assert!(matches!(framer.next_packet(), Ok(Some(Inbound::PingReq))));
    }

    #[test]
    fn broken_mqtt5_packets_are_refused_with_their_reason() {
        let cases: [(&[u8], u8); 6] = [
            // PUBLISH QoS 0 with topic "a" and the topic alias twice.
            (&[0x30, 0x0A, 0, 1, b'a', 6, 0x23, 0, 1, 0x23, 0, 2], 0x82),
            // PUBLISH with a subscription identifier from the client.
            (&[0x30, 0x06, 0, 1, b'a', 2, 0x0B, 1], 0x82),
            // SUBSCRIBE with reserved option bits.
            (&[0x82, 0x07, 0, 1, 0, 0, 1, b'a', 0xC1], 0x81),
            // SUBSCRIBE with retain handling 3.
            (&[0x82, 0x07, 0, 1, 0, 0, 1, b'a', 0x30], 0x82),
            // AUTH.
            (&[0xF0, 0x00], 0x82),
            // An unknown property.
            (&[0x30, 0x06, 0, 1, b'a', 2, 0x7F, 0], 0x81),
        ];
        for (bytes, code) in cases {
            let mut framer = connected();
            framer.push(bytes);
            let error = framer.next_packet().unwrap_err();
            assert_eq!(error.reason_code(), code, "{bytes:?}: {error}");
        }
        // Over the Maximum Packet Size of the CONNACK: refused from the header alone.
        let mut framer = connected();
        framer.push(&[0x30, 0x80, 0x80, 0x10]);
        assert!(matches!(framer.next_packet(), Err(FrameError::TooLarge(_))));
    }
}
