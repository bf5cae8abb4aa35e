//! Reading the body of an incoming MQTT 5 packet: its integers, strings and property section.
//!
//! Written here rather than taken from `mqttbytes::v5`, whose reader lets through what MQTT 5
//! calls malformed or a protocol error: a property section whose entries run past its length,
//! a property repeated that may appear once, a property the packet may not carry, a reason code
//! outside its packet's list (or it fails on ones it does not know), and a DISCONNECT without a
//! body. Every rule of [MQTT-2.2.2] and [MQTT-1.5] is checked here instead.

use super::{MqttError, UserProperty};

pub(crate) fn malformed(detail: impl Into<String>) -> MqttError {
    MqttError::MalformedPacket(detail.into())
}

/// A cursor over a packet body that never reads past its end.
pub(crate) struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    pub(crate) fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader { bytes }
    }

    pub(crate) fn remaining(&self) -> usize {
        self.bytes.len()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// Everything left, e.g. a PUBLISH payload.
    pub(crate) fn rest(&mut self) -> &'a [u8] {
        std::mem::take(&mut self.bytes)
    }

    pub(crate) fn take(&mut self, n: usize) -> Result<&'a [u8], MqttError> {
        if n > self.bytes.len() {
            return Err(malformed(
                "a field runs past the end of the packet or of its properties",
            ));
        }
        let (head, tail) = self.bytes.split_at(n);
        self.bytes = tail;
        Ok(head)
    }

    pub(crate) fn u8(&mut self) -> Result<u8, MqttError> {
        Ok(self.take(1)?[0])
    }

    pub(crate) fn u16(&mut self) -> Result<u16, MqttError> {
        let b = self.take(2)?;
        Ok(u16::from_be_bytes([b[0], b[1]]))
    }

    pub(crate) fn u32(&mut self) -> Result<u32, MqttError> {
        let b = self.take(4)?;
        Ok(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    }

    /// A variable byte integer: at most four bytes, in the fewest bytes [MQTT-1.5.5-1].
    pub(crate) fn varint(&mut self) -> Result<u32, MqttError> {
        let mut value = 0u32;
        for i in 0..4 {
            let byte = self.u8()?;
            value |= u32::from(byte & 0x7F) << (7 * i);
            if byte & 0x80 == 0 {
                if i > 0 && byte == 0 {
                    return Err(malformed(
                        "a variable byte integer is not in its shortest form",
                    ));
                }
                return Ok(value);
            }
        }
        Err(malformed(
            "a variable byte integer is longer than four bytes",
        ))
    }

    pub(crate) fn binary(&mut self) -> Result<&'a [u8], MqttError> {
        let len = self.u16()?;
        self.take(usize::from(len))
    }

    /// A UTF-8 string: well-formed and without U+0000 [MQTT-1.5.4-1, -2].
    pub(crate) fn string(&mut self) -> Result<&'a str, MqttError> {
        let bytes = self.binary()?;
        let text =
            std::str::from_utf8(bytes).map_err(|_| malformed("a string is not valid UTF-8"))?;
        if text.contains('\0') {
            return Err(malformed("a string contains U+0000"));
        }
        Ok(text)
    }
}

/// Which packet a property section belongs to: each may carry its own properties only.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Section {
    ConnAck,
    Publish,
    /// PUBACK, PUBREC, PUBREL, PUBCOMP, SUBACK and UNSUBACK: a reason string and user
    /// properties.
    Ack,
    Disconnect,
}

const PAYLOAD_FORMAT: u32 = 0x01;
const MESSAGE_EXPIRY: u32 = 0x02;
const CONTENT_TYPE: u32 = 0x03;
const RESPONSE_TOPIC: u32 = 0x08;
const CORRELATION_DATA: u32 = 0x09;
const SUBSCRIPTION_IDENTIFIER: u32 = 0x0B;
const SESSION_EXPIRY: u32 = 0x11;
const ASSIGNED_CLIENT_ID: u32 = 0x12;
const SERVER_KEEP_ALIVE: u32 = 0x13;
const AUTHENTICATION_METHOD: u32 = 0x15;
const AUTHENTICATION_DATA: u32 = 0x16;
const RESPONSE_INFORMATION: u32 = 0x1A;
const SERVER_REFERENCE: u32 = 0x1C;
const REASON_STRING: u32 = 0x1F;
const RECEIVE_MAXIMUM: u32 = 0x21;
const TOPIC_ALIAS_MAXIMUM: u32 = 0x22;
const TOPIC_ALIAS: u32 = 0x23;
const MAXIMUM_QOS: u32 = 0x24;
const RETAIN_AVAILABLE: u32 = 0x25;
const USER_PROPERTY: u32 = 0x26;
const MAXIMUM_PACKET_SIZE: u32 = 0x27;
const WILDCARD_AVAILABLE: u32 = 0x28;
const SUBSCRIPTION_IDS_AVAILABLE: u32 = 0x29;
const SHARED_AVAILABLE: u32 = 0x2A;

impl Section {
    /// Whether a server may send property `id` in this section [MQTT-2.2.2.2].
    fn allows(self, id: u32) -> bool {
        match self {
            Section::ConnAck => matches!(
                id,
                SESSION_EXPIRY
                    | RECEIVE_MAXIMUM
                    | MAXIMUM_QOS
                    | RETAIN_AVAILABLE
                    | MAXIMUM_PACKET_SIZE
                    | ASSIGNED_CLIENT_ID
                    | TOPIC_ALIAS_MAXIMUM
                    | REASON_STRING
                    | USER_PROPERTY
                    | WILDCARD_AVAILABLE
                    | SUBSCRIPTION_IDS_AVAILABLE
                    | SHARED_AVAILABLE
                    | SERVER_KEEP_ALIVE
                    | RESPONSE_INFORMATION
                    | SERVER_REFERENCE
                    | AUTHENTICATION_METHOD
                    | AUTHENTICATION_DATA
            ),
            Section::Publish => matches!(
                id,
                PAYLOAD_FORMAT
                    | MESSAGE_EXPIRY
                    | TOPIC_ALIAS
                    | RESPONSE_TOPIC
                    | CORRELATION_DATA
                    | USER_PROPERTY
                    | SUBSCRIPTION_IDENTIFIER
                    | CONTENT_TYPE
            ),
            Section::Ack => matches!(id, REASON_STRING | USER_PROPERTY),
            Section::Disconnect => matches!(
                id,
                SESSION_EXPIRY | REASON_STRING | USER_PROPERTY | SERVER_REFERENCE
            ),
        }
    }
}

/// Every property a server may send, as read. Which ones a section holds depends on its packet.
#[derive(Debug, Default)]
pub(crate) struct Properties {
    pub payload_format: Option<u8>,
    pub message_expiry: Option<u32>,
    pub content_type: Option<String>,
    pub response_topic: Option<String>,
    pub correlation_data: Option<Vec<u8>>,
    pub subscription_identifiers: Vec<u32>,
    pub session_expiry: Option<u32>,
    pub assigned_client_id: Option<String>,
    pub server_keep_alive: Option<u16>,
    /// Authentication method or data: we never ask for enhanced authentication.
    pub authentication: bool,
    pub response_information: Option<String>,
    pub server_reference: Option<String>,
    pub reason_string: Option<String>,
    pub receive_maximum: Option<u16>,
    pub topic_alias_maximum: Option<u16>,
    pub topic_alias: Option<u16>,
    pub maximum_qos: Option<u8>,
    pub retain_available: Option<u8>,
    pub user_properties: Vec<UserProperty>,
    pub maximum_packet_size: Option<u32>,
    pub wildcard_available: Option<u8>,
    pub subscription_ids_available: Option<u8>,
    pub shared_available: Option<u8>,
}

/// Sets `slot` once; a second time is a protocol error (MQTT 5 says so of every property but user
/// properties and subscription identifiers).
fn once<T>(slot: &mut Option<T>, value: T) -> Result<(), MqttError> {
    if slot.is_some() {
        return Err(MqttError::UnexpectedPacket(
            "it sent a property twice that may appear only once",
        ));
    }
    *slot = Some(value);
    Ok(())
}

/// A byte property that may only be 0 or 1.
fn flag(r: &mut Reader<'_>) -> Result<u8, MqttError> {
    let value = r.u8()?;
    if value > 1 {
        return Err(MqttError::UnexpectedPacket(
            "it sent a yes/no property with a value other than 0 or 1",
        ));
    }
    Ok(value)
}

/// Reads a property section (its length, then exactly that many bytes of properties).
pub(crate) fn read_properties(
    r: &mut Reader<'_>,
    section: Section,
) -> Result<Properties, MqttError> {
    let len = r.varint()?;
    let mut r = Reader::new(r.take(len as usize)?);
    let mut p = Properties::default();
    while !r.is_empty() {
        let id = r.varint()?;
        if !section.allows(id) {
            return Err(malformed(format!(
                "property 0x{id:02X} is not allowed on this packet"
            )));
        }
        match id {
            PAYLOAD_FORMAT => once(&mut p.payload_format, flag(&mut r)?)?,
            MESSAGE_EXPIRY => once(&mut p.message_expiry, r.u32()?)?,
            CONTENT_TYPE => once(&mut p.content_type, r.string()?.to_string())?,
            RESPONSE_TOPIC => once(&mut p.response_topic, r.string()?.to_string())?,
            CORRELATION_DATA => once(&mut p.correlation_data, r.binary()?.to_vec())?,
            SUBSCRIPTION_IDENTIFIER => {
                let value = r.varint()?;
                if value == 0 {
                    return Err(MqttError::UnexpectedPacket(
                        "it sent subscription identifier 0",
                    ));
                }
                p.subscription_identifiers.push(value);
            }
            SESSION_EXPIRY => once(&mut p.session_expiry, r.u32()?)?,
            ASSIGNED_CLIENT_ID => once(&mut p.assigned_client_id, r.string()?.to_string())?,
            SERVER_KEEP_ALIVE => once(&mut p.server_keep_alive, r.u16()?)?,
            AUTHENTICATION_METHOD => {
                r.string()?;
                p.authentication = true;
            }
            AUTHENTICATION_DATA => {
                r.binary()?;
                p.authentication = true;
            }
            RESPONSE_INFORMATION => once(&mut p.response_information, r.string()?.to_string())?,
            SERVER_REFERENCE => once(&mut p.server_reference, r.string()?.to_string())?,
            REASON_STRING => once(&mut p.reason_string, r.string()?.to_string())?,
            RECEIVE_MAXIMUM => {
                let value = r.u16()?;
                if value == 0 {
                    return Err(MqttError::UnexpectedPacket(
                        "it sent a receive maximum of 0",
                    ));
                }
                once(&mut p.receive_maximum, value)?
            }
            TOPIC_ALIAS_MAXIMUM => once(&mut p.topic_alias_maximum, r.u16()?)?,
            // 0 is refused with the other bad aliases, as "topic alias invalid".
            TOPIC_ALIAS => once(&mut p.topic_alias, r.u16()?)?,
            MAXIMUM_QOS => once(&mut p.maximum_qos, flag(&mut r)?)?,
            RETAIN_AVAILABLE => once(&mut p.retain_available, flag(&mut r)?)?,
            USER_PROPERTY => {
                let key = r.string()?.to_string();
                let value = r.string()?.to_string();
                p.user_properties.push(UserProperty { key, value });
            }
            MAXIMUM_PACKET_SIZE => {
                let value = r.u32()?;
                if value == 0 {
                    return Err(MqttError::UnexpectedPacket(
                        "it sent a maximum packet size of 0",
                    ));
                }
                once(&mut p.maximum_packet_size, value)?
            }
            WILDCARD_AVAILABLE => once(&mut p.wildcard_available, flag(&mut r)?)?,
            SUBSCRIPTION_IDS_AVAILABLE => once(&mut p.subscription_ids_available, flag(&mut r)?)?,
            SHARED_AVAILABLE => once(&mut p.shared_available, flag(&mut r)?)?,
            // `allows` has refused every other id already.
            other => return Err(malformed(format!("unknown property 0x{other:02X}"))),
        }
    }
    Ok(p)
}
