//! Incoming MQTT 5 packets. The fixed header is checked first, as for MQTT 3.1.1 (`decode`), then
//! the body is read strictly by `props_v5`: lengths, reason codes per packet
//! ([`ReasonCode::allowed_on`]), properties per packet, duplicates, and nothing left over.
//!
//! A payload whose format indicator says UTF-8 but is not is delivered as it is: MQTT lets a
//! receiver check it (0x99) but does not require it, and the broker forwards the publisher's
//! flag, so cutting our link would punish the wrong party; the console shows such bytes as hex.

use super::decode::{check_flags, Incoming};
use super::framer::Frame;
use super::props_v5::{malformed, read_properties, Properties, Reader, Section};
use super::{
    Message, MqttError, PublishProperties, QoS, ReasonCode, ReasonPacket, ServerCapabilities,
    SubscribeOutcome,
};

const CONNACK: u8 = 2;
const PUBLISH: u8 = 3;
const PUBACK: u8 = 4;
const PUBREC: u8 = 5;
const PUBREL: u8 = 6;
const PUBCOMP: u8 = 7;
const SUBACK: u8 = 9;
const UNSUBACK: u8 = 11;
const PINGRESP: u8 = 13;
const DISCONNECT: u8 = 14;
const AUTH: u8 = 15;

/// Direction, reserved flags [MQTT-2.1.3-1] and the shortest body each packet can have.
fn check_header(frame: &Frame) -> Result<(), MqttError> {
    let packet_type = frame.packet_type();
    let flags = frame.flags();
    let len = frame.remaining_len;
    match packet_type {
        1 | 8 | 10 | 12 => {
            return Err(MqttError::UnexpectedPacket(
                "it sent a packet that only clients send",
            ))
        }
        0 => return Err(malformed("reserved packet type 0")),
        _ => {}
    }
    check_flags(packet_type, flags)?;
    let length_ok = match packet_type {
        CONNACK => len >= 3,
        PUBACK | PUBREC | PUBREL | PUBCOMP => len >= 2,
        SUBACK | UNSUBACK => len >= 4,
        PINGRESP => len == 0,
        _ => true,
    };
    if !length_ok {
        return Err(malformed(format!(
            "remaining length {len} is wrong for packet type {packet_type}"
        )));
    }
    Ok(())
}

/// Turns one complete frame from the [`Framer`](super::framer::Framer) into a packet.
pub(crate) fn decode(frame: Frame) -> Result<Incoming, MqttError> {
    check_header(&frame)?;
    let packet_type = frame.packet_type();
    let flags = frame.flags();
    let mut r = Reader::new(&frame.bytes[frame.header_len..]);
    let packet = match packet_type {
        CONNACK => connack(&mut r)?,
        PUBLISH => publish(flags, &mut r)?,
        PUBACK => ack(ReasonPacket::PubAck, &mut r)?,
        PUBREC => ack(ReasonPacket::PubRec, &mut r)?,
        PUBREL => ack(ReasonPacket::PubRel, &mut r)?,
        PUBCOMP => ack(ReasonPacket::PubComp, &mut r)?,
        SUBACK => suback(&mut r)?,
        UNSUBACK => unsuback(&mut r)?,
        PINGRESP => Incoming::PingResp,
        DISCONNECT => disconnect(&mut r)?,
        // Not read further: this client never starts enhanced authentication.
        AUTH => return Ok(Incoming::Auth),
        _ => return Err(malformed("a packet type a client cannot receive")),
    };
    if !r.is_empty() {
        return Err(malformed(format!(
            "{} bytes left over at the end of packet type {packet_type}",
            r.remaining()
        )));
    }
    Ok(packet)
}

fn packet_id(r: &mut Reader<'_>) -> Result<u16, MqttError> {
    match r.u16()? {
        0 => Err(malformed("packet id 0")),
        id => Ok(id),
    }
}

/// A reason code that MQTT 5 defines and `packet` may carry.
fn reason(r: &mut Reader<'_>, packet: ReasonPacket) -> Result<ReasonCode, MqttError> {
    let byte = r.u8()?;
    let code = ReasonCode::from_u8(byte)
        .ok_or_else(|| malformed(format!("undefined reason code 0x{byte:02X}")))?;
    if !code.allowed_on(packet) {
        return Err(MqttError::UnexpectedPacket(
            "it sent a reason code its packet may not carry",
        ));
    }
    Ok(code)
}

fn no_authentication(p: &Properties) -> Result<(), MqttError> {
    if p.authentication {
        return Err(MqttError::UnexpectedPacket(
            "it answered with enhanced authentication, which the client did not ask for",
        ));
    }
    Ok(())
}

fn connack(r: &mut Reader<'_>) -> Result<Incoming, MqttError> {
    let flags = r.u8()?;
    if flags & 0xFE != 0 {
        return Err(malformed("reserved CONNACK flags are set"));
    }
    let session_present = flags == 1;
    let reason = reason(r, ReasonPacket::ConnAck)?;
    if reason.is_error() && session_present {
        return Err(MqttError::UnexpectedPacket(
            "it refused the connection but said a session is present [MQTT-3.2.2-6]",
        ));
    }
    let p = read_properties(r, Section::ConnAck)?;
    no_authentication(&p)?;
    let defaults = ServerCapabilities::default();
    let capabilities = ServerCapabilities {
        maximum_qos: match p.maximum_qos {
            Some(0) => QoS::AtMostOnce,
            Some(_) => QoS::AtLeastOnce,
            None => QoS::ExactlyOnce,
        },
        retain_available: p.retain_available.is_none_or(|v| v == 1),
        maximum_packet_size: p.maximum_packet_size,
        receive_maximum: p.receive_maximum.unwrap_or(defaults.receive_maximum),
        topic_alias_maximum: p.topic_alias_maximum.unwrap_or(0),
        wildcard_subscription_available: p.wildcard_available.is_none_or(|v| v == 1),
        subscription_identifiers_available: p.subscription_ids_available.is_none_or(|v| v == 1),
        shared_subscription_available: p.shared_available.is_none_or(|v| v == 1),
        server_keep_alive: p.server_keep_alive,
        assigned_client_identifier: p.assigned_client_id,
        session_expiry_secs: p.session_expiry,
        response_information: p.response_information,
        server_reference: p.server_reference,
        reason_string: p.reason_string,
        user_properties: p.user_properties,
    };
    Ok(Incoming::ConnAckV5 {
        session_present,
        reason,
        capabilities: Box::new(capabilities),
    })
}

fn publish(flags: u8, r: &mut Reader<'_>) -> Result<Incoming, MqttError> {
    let qos = QoS::from_u8((flags >> 1) & 0b11).ok_or_else(|| malformed("PUBLISH with QoS 3"))?;
    // May be empty: a topic alias then names it.
    let topic = r.string()?.to_string();
    let packet_id = if qos == QoS::AtMostOnce {
        0
    } else {
        packet_id(r)?
    };
    let p = read_properties(r, Section::Publish)?;
    if let Some(topic) = &p.response_topic {
        if topic.is_empty() || topic.contains(['+', '#']) {
            return Err(MqttError::UnexpectedPacket(
                "it sent a response topic that is empty or holds a wildcard [MQTT-3.3.2-14]",
            ));
        }
    }
    let properties = PublishProperties {
        payload_utf8: p.payload_format.map(|v| v == 1),
        message_expiry_secs: p.message_expiry,
        content_type: p.content_type,
        response_topic: p.response_topic,
        correlation_data: p.correlation_data,
        user_properties: p.user_properties,
        subscription_identifiers: p.subscription_identifiers,
    };
    Ok(Incoming::Publish {
        message: Message {
            topic,
            payload: r.rest().to_vec(),
            qos,
            retain: flags & 1 == 1,
            dup: flags & 0b1000 != 0,
            properties,
        },
        packet_id,
        topic_alias: p.topic_alias,
    })
}

/// PUBACK, PUBREC, PUBREL, PUBCOMP: 2 bytes = success; 3 = a reason code; more = a reason code
/// and properties [MQTT-3.4.2.1, 3.4.2.2.1].
fn ack(packet: ReasonPacket, r: &mut Reader<'_>) -> Result<Incoming, MqttError> {
    let id = packet_id(r)?;
    let code = if r.is_empty() {
        ReasonCode::Success
    } else {
        reason(r, packet)?
    };
    let p = if r.is_empty() {
        Properties::default()
    } else {
        read_properties(r, Section::Ack)?
    };
    if code == ReasonCode::Success && p.reason_string.is_none() && p.user_properties.is_empty() {
        return Ok(match packet {
            ReasonPacket::PubAck => Incoming::PubAck(id),
            ReasonPacket::PubRec => Incoming::PubRec(id),
            ReasonPacket::PubRel => Incoming::PubRel(id),
            _ => Incoming::PubComp(id),
        });
    }
    Ok(Incoming::AckReason {
        packet,
        packet_id: id,
        reason: code,
        reason_string: p.reason_string,
        user_properties: p.user_properties,
    })
}

fn suback(r: &mut Reader<'_>) -> Result<Incoming, MqttError> {
    let id = packet_id(r)?;
    // Its reason string and user properties have no place in the SUBACK event; they are checked
    // all the same.
    read_properties(r, Section::Ack)?;
    let mut outcomes = Vec::with_capacity(r.remaining());
    while !r.is_empty() {
        let code = reason(r, ReasonPacket::SubAck)?;
        outcomes.push(match code {
            ReasonCode::Success => SubscribeOutcome::Granted(QoS::AtMostOnce),
            ReasonCode::GrantedQoS1 => SubscribeOutcome::Granted(QoS::AtLeastOnce),
            ReasonCode::GrantedQoS2 => SubscribeOutcome::Granted(QoS::ExactlyOnce),
            refused => SubscribeOutcome::Refused(refused),
        });
    }
    if outcomes.is_empty() {
        return Err(malformed("SUBACK without a reason code"));
    }
    Ok(Incoming::SubAck {
        packet_id: id,
        outcomes,
    })
}

fn unsuback(r: &mut Reader<'_>) -> Result<Incoming, MqttError> {
    let id = packet_id(r)?;
    read_properties(r, Section::Ack)?;
    let mut reasons = Vec::with_capacity(r.remaining());
    while !r.is_empty() {
        reasons.push(reason(r, ReasonPacket::UnsubAck)?);
    }
    if reasons.is_empty() {
        return Err(malformed("UNSUBACK without a reason code"));
    }
    Ok(Incoming::UnsubAckV5 {
        packet_id: id,
        reasons,
    })
}

/// 0 bytes = normal disconnection; 1 = a reason code; more = a reason code and properties.
fn disconnect(r: &mut Reader<'_>) -> Result<Incoming, MqttError> {
    let code = if r.is_empty() {
        ReasonCode::Success
    } else {
        reason(r, ReasonPacket::Disconnect)?
    };
    if code == ReasonCode::DisconnectWithWillMessage {
        return Err(MqttError::UnexpectedPacket(
            "it sent a DISCONNECT reason only clients may send",
        ));
    }
    let p = if r.is_empty() {
        Properties::default()
    } else {
        read_properties(r, Section::Disconnect)?
    };
    if p.session_expiry.is_some() {
        return Err(MqttError::UnexpectedPacket(
            "it sent a session expiry on DISCONNECT, which only clients may [MQTT-3.14.2-3]",
        ));
    }
    Ok(Incoming::Disconnect {
        reason: code,
        reason_string: p.reason_string,
        server_reference: p.server_reference,
    })
}

#[cfg(test)]
mod tests;
