//! Outgoing MQTT 5 packets, written by `mqttbytes::v5` after our own checks, into a fresh buffer
//! (its `Connect::write` patches the flags at a fixed offset, as in v4), and checked against
//! their fixed header like every packet (see `encode`).
//!
//! `mqttbytes` also writes a DISCONNECT with empty properties as if it had none (losing its
//! reason code), so properties are only handed over when one is really set.

use bytes::{Bytes, BytesMut};
use mqttbytes::v5;

use super::encode::{check_packet_id, finish};
use super::validate::{check_filter, check_publish_properties, check_topic, MAX_REMAINING_LEN};
use super::{
    ConnectOptions, MqttError, PublishProperties, QoS, ReasonCode, RetainHandling,
    SubscribeOptions, UserProperty, Will,
};

fn pairs(properties: &[UserProperty]) -> Vec<(String, String)> {
    properties
        .iter()
        .map(|p| (p.key.clone(), p.value.clone()))
        .collect()
}

/// The bytes a variable byte integer takes [MQTT-1.5.5].
pub(crate) fn varint_len(value: usize) -> usize {
    match value {
        0..=127 => 1,
        128..=16_383 => 2,
        16_384..=2_097_151 => 3,
        _ => 4,
    }
}

/// The length of a PUBLISH's property section, without its own length prefix.
fn publish_properties_len(p: &PublishProperties, alias: Option<u16>) -> usize {
    let string = |s: &Option<String>| s.as_ref().map_or(0, |s| 3 + s.len());
    let mut len = 0;
    if p.payload_utf8.is_some() {
        len += 2;
    }
    if p.message_expiry_secs.is_some() {
        len += 5;
    }
    if alias.is_some() {
        len += 3;
    }
    len += string(&p.content_type) + string(&p.response_topic);
    len += p.correlation_data.as_ref().map_or(0, |d| 3 + d.len());
    for u in &p.user_properties {
        len += 5 + u.key.len() + u.value.len();
    }
    len
}

/// The full size of a PUBLISH (fixed header included) with `topic_len` bytes of topic: what a
/// server's maximum packet size is compared with.
pub(crate) fn publish_size(
    topic_len: usize,
    payload_len: usize,
    qos: QoS,
    properties: &PublishProperties,
    alias: Option<u16>,
) -> usize {
    let id_len = if qos == QoS::AtMostOnce { 0 } else { 2 };
    let props = publish_properties_len(properties, alias);
    let remaining =
        (2 + topic_len + id_len + varint_len(props) + props).saturating_add(payload_len);
    1 + varint_len(remaining) + remaining
}

/// The checks of [`publish`] that do not depend on the link: topic, properties, MQTT's own
/// size limit. Separate so the session can refuse before taking a packet id.
pub(crate) fn check_publish(
    topic: &str,
    payload: &[u8],
    qos: QoS,
    properties: &PublishProperties,
) -> Result<(), MqttError> {
    check_topic(topic)?;
    check_publish_properties(properties, payload)?;
    let size = publish_size(topic.len(), payload.len(), qos, properties, None);
    if size > MAX_REMAINING_LEN {
        return Err(MqttError::PayloadTooLarge { len: payload.len() });
    }
    Ok(())
}

fn wire_publish_properties(
    p: &PublishProperties,
    alias: Option<u16>,
) -> Option<v5::PublishProperties> {
    if sends_nothing(p) && alias.is_none() {
        return None;
    }
    Some(v5::PublishProperties {
        payload_format_indicator: p.payload_utf8.map(u8::from),
        message_expiry_interval: p.message_expiry_secs,
        topic_alias: alias,
        response_topic: p.response_topic.clone(),
        correlation_data: p.correlation_data.as_ref().map(|d| Bytes::from(d.clone())),
        user_properties: pairs(&p.user_properties),
        // A client never sends subscription identifiers [MQTT-3.3.4-6].
        subscription_identifiers: Vec::new(),
        content_type: p.content_type.clone(),
    })
}

/// True when nothing of `p` goes on the wire of an outgoing PUBLISH (subscription identifiers
/// never do).
pub(crate) fn sends_nothing(p: &PublishProperties) -> bool {
    p.payload_utf8.is_none()
        && p.message_expiry_secs.is_none()
        && p.content_type.is_none()
        && p.response_topic.is_none()
        && p.correlation_data.is_none()
        && p.user_properties.is_empty()
}

/// What a PUBLISH carries besides its payload.
pub(crate) struct PublishHeader<'a> {
    /// Empty when `alias` stands for a topic the server already knows.
    pub topic: &'a str,
    pub qos: QoS,
    pub retain: bool,
    pub dup: bool,
    /// Ignored for QoS 0 and must not be 0 otherwise.
    pub packet_id: u16,
    pub alias: Option<u16>,
}

pub(crate) fn publish(
    header: PublishHeader<'_>,
    payload: &[u8],
    properties: &PublishProperties,
) -> Result<Vec<u8>, MqttError> {
    if header.alias.is_none() || !header.topic.is_empty() {
        check_topic(header.topic)?;
    }
    if header.alias == Some(0) {
        return Err(MqttError::EncodeFailed("topic alias 0 is reserved".into()));
    }
    let mut publish = v5::Publish::new(header.topic, header.qos.to_wire(), payload);
    publish.retain = header.retain;
    publish.properties = wire_publish_properties(properties, header.alias);
    if header.qos != QoS::AtMostOnce {
        check_packet_id(header.packet_id)?;
        publish.pkid = header.packet_id;
        publish.dup = header.dup;
    }
    let mut buf = BytesMut::with_capacity(publish.len() + 5);
    finish(publish.write(&mut buf), buf)
}

pub(crate) fn connect(options: &ConnectOptions, will: Option<&Will>) -> Result<Vec<u8>, MqttError> {
    options.validate()?;
    let p = &options.properties;
    let mut connect = v5::Connect::new(options.client_id.clone());
    connect.keep_alive = options.keepalive_secs;
    connect.clean_session = options.clean_session;
    connect.properties = Some(v5::ConnectProperties {
        session_expiry_interval: Some(p.session_expiry_secs).filter(|s| *s != 0),
        receive_maximum: p.receive_maximum,
        max_packet_size: p.maximum_packet_size,
        topic_alias_max: Some(p.topic_alias_maximum).filter(|m| *m != 0),
        request_response_info: p.request_response_information.then_some(1),
        // 1 is MQTT's default, so only "no" is sent.
        request_problem_info: (!p.request_problem_information).then_some(0),
        user_properties: pairs(&p.user_properties),
        authentication_method: None,
        authentication_data: None,
    });
    if let Some(will) = will {
        will.validate()?;
        let wp = &will.properties;
        let publish = wire_publish_properties(&wp.publish, None);
        let properties = (publish.is_some() || wp.delay_secs.is_some()).then(|| {
            let publish = publish.unwrap_or(v5::PublishProperties {
                payload_format_indicator: None,
                message_expiry_interval: None,
                topic_alias: None,
                response_topic: None,
                correlation_data: None,
                user_properties: Vec::new(),
                subscription_identifiers: Vec::new(),
                content_type: None,
            });
            v5::WillProperties {
                delay_interval: wp.delay_secs,
                payload_format_indicator: publish.payload_format_indicator,
                message_expiry_interval: publish.message_expiry_interval,
                content_type: publish.content_type,
                response_topic: publish.response_topic,
                correlation_data: publish.correlation_data,
                user_properties: publish.user_properties,
            }
        });
        let mut last_will = v5::LastWill::new(
            will.topic.clone(),
            will.payload.clone(),
            will.qos.to_wire(),
            will.retain,
        );
        last_will.properties = properties;
        connect.last_will = Some(last_will);
    }
    let username = options.effective_username().unwrap_or("");
    let password = options.effective_password().unwrap_or("");
    if !username.is_empty() || !password.is_empty() {
        connect.login = Some(v5::Login::new(username, password));
    }
    let mut buf = BytesMut::new();
    finish(connect.write(&mut buf), buf)
}

fn retain_rule(handling: RetainHandling) -> v5::RetainForwardRule {
    match handling {
        RetainHandling::SendOnSubscribe => v5::RetainForwardRule::OnEverySubscribe,
        RetainHandling::SendIfNew => v5::RetainForwardRule::OnNewSubscribe,
        RetainHandling::DoNotSend => v5::RetainForwardRule::Never,
    }
}

/// The full size of a SUBSCRIBE, for the server's maximum packet size.
pub(crate) fn subscribe_size(
    filters: &[(String, SubscribeOptions)],
    identifier: Option<u32>,
) -> usize {
    let props = identifier.map_or(0, |id| 1 + varint_len(id as usize));
    let remaining =
        2 + varint_len(props) + props + filters.iter().map(|(f, _)| 3 + f.len()).sum::<usize>();
    1 + varint_len(remaining) + remaining
}

pub(crate) fn subscribe(
    packet_id: u16,
    filters: &[(String, SubscribeOptions)],
    identifier: Option<u32>,
) -> Result<Vec<u8>, MqttError> {
    if filters.is_empty() {
        return Err(MqttError::NoFilters);
    }
    for (filter, _) in filters {
        check_filter(filter)?;
    }
    check_packet_id(packet_id)?;
    let subscribe = v5::Subscribe {
        pkid: packet_id,
        filters: filters
            .iter()
            .map(|(path, o)| v5::SubscribeFilter {
                path: path.clone(),
                qos: o.qos.to_wire(),
                nolocal: o.no_local,
                preserve_retain: o.retain_as_published,
                retain_forward_rule: retain_rule(o.retain_handling),
            })
            .collect(),
        properties: identifier.map(|id| v5::SubscribeProperties {
            id: Some(id as usize),
            user_properties: Vec::new(),
        }),
    };
    let mut buf = BytesMut::new();
    finish(subscribe.write(&mut buf), buf)
}

/// The full size of an UNSUBSCRIBE, for the server's maximum packet size.
pub(crate) fn unsubscribe_size(filters: &[String]) -> usize {
    let remaining = 3 + filters.iter().map(|f| 2 + f.len()).sum::<usize>();
    1 + varint_len(remaining) + remaining
}

pub(crate) fn unsubscribe(packet_id: u16, filters: &[String]) -> Result<Vec<u8>, MqttError> {
    if filters.is_empty() {
        return Err(MqttError::NoFilters);
    }
    for filter in filters {
        check_filter(filter)?;
    }
    check_packet_id(packet_id)?;
    let unsubscribe = v5::Unsubscribe {
        pkid: packet_id,
        filters: filters.to_vec(),
        properties: None,
    };
    let mut buf = BytesMut::new();
    finish(unsubscribe.write(&mut buf), buf)
}

/// Our acknowledgements carry no property, and a reason code only when it is not success
/// (a 2-byte ack means success [MQTT-3.4.2.1]).
pub(crate) fn puback(packet_id: u16) -> Result<Vec<u8>, MqttError> {
    check_packet_id(packet_id)?;
    let mut buf = BytesMut::new();
    finish(v5::PubAck::new(packet_id).write(&mut buf), buf)
}

pub(crate) fn pubrec(packet_id: u16) -> Result<Vec<u8>, MqttError> {
    check_packet_id(packet_id)?;
    let mut buf = BytesMut::new();
    finish(v5::PubRec::new(packet_id).write(&mut buf), buf)
}

pub(crate) fn pubrel(packet_id: u16) -> Result<Vec<u8>, MqttError> {
    check_packet_id(packet_id)?;
    let mut buf = BytesMut::new();
    finish(v5::PubRel::new(packet_id).write(&mut buf), buf)
}

/// `found`: whether the PUBREL's id was awaiting release; if not, PUBCOMP says 0x92.
pub(crate) fn pubcomp(packet_id: u16, found: bool) -> Result<Vec<u8>, MqttError> {
    check_packet_id(packet_id)?;
    let mut pubcomp = v5::PubComp::new(packet_id);
    if !found {
        pubcomp.reason = v5::PubCompReason::PacketIdentifierNotFound;
    }
    let mut buf = BytesMut::new();
    finish(pubcomp.write(&mut buf), buf)
}

/// Our DISCONNECT. A code a client may not send becomes 0x80 (unspecified error).
pub(crate) fn disconnect(
    reason: ReasonCode,
    session_expiry_secs: Option<u32>,
) -> Result<Vec<u8>, MqttError> {
    let code = v5::DisconnectReasonCode::try_from(reason.as_u8())
        .unwrap_or(v5::DisconnectReasonCode::UnspecifiedError);
    let disconnect = v5::Disconnect {
        reason_code: code,
        properties: session_expiry_secs.map(|secs| v5::DisconnectProperties {
            session_expiry_interval: Some(secs),
            reason_string: None,
            user_properties: Vec::new(),
            server_reference: None,
        }),
    };
    let mut buf = BytesMut::new();
    finish(disconnect.write(&mut buf), buf)
}

#[cfg(test)]
mod tests;
