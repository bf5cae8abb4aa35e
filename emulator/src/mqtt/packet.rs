//! What a client sends, decoded into one shape for both protocol versions: the connection code
//! reads these and never sees `mqttbytes`' own types. On 3.1.1 every MQTT 5 field is empty.

use bytes::Bytes;

/// The protocol a connection speaks, chosen by its CONNECT's protocol level.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Version {
    /// MQTT 3.1.1, protocol level 4.
    V4,
    /// MQTT 5.0, protocol level 5.
    V5,
}

impl Version {
    /// As the log and the HTTP API show it: `"3.1.1"` or `"5.0"`.
    pub fn name(self) -> &'static str {
        match self {
            Version::V4 => "3.1.1",
            Version::V5 => "5.0",
        }
    }
}

/// A user property: name and value, in the order the client sent them.
pub type UserProperty = (String, String);

/// The CONNECT properties of MQTT 5 (all absent on 3.1.1).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ConnectProperties {
    pub session_expiry_interval: Option<u32>,
    pub receive_maximum: Option<u16>,
    pub maximum_packet_size: Option<u32>,
    pub topic_alias_maximum: Option<u16>,
    pub request_response_information: Option<u8>,
    pub request_problem_information: Option<u8>,
    pub user_properties: Vec<UserProperty>,
    /// Enhanced authentication, which Aliyun does not offer.
    pub authentication_method: Option<String>,
}

/// A CONNECT.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Connect {
    pub version: Version,
    pub client_id: String,
    pub username: Option<String>,
    pub password: Option<String>,
    pub keep_alive: u16,
    /// Whether the CONNECT carries a will (Aliyun accepts none).
    pub has_will: bool,
    pub properties: ConnectProperties,
}

/// The properties a message carries from its publisher to its subscribers (MQTT 5).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MessageProperties {
    pub payload_format_indicator: Option<u8>,
    pub message_expiry_interval: Option<u32>,
    pub content_type: Option<String>,
    pub response_topic: Option<String>,
    pub correlation_data: Option<Bytes>,
    pub user_properties: Vec<UserProperty>,
}

impl MessageProperties {
    /// Whether nothing is set.
    pub fn is_empty(&self) -> bool {
        *self == MessageProperties::default()
    }
}

/// A PUBLISH from the client.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Publish {
    /// Empty when an MQTT 5 client names the topic by its alias only.
    pub topic: String,
    pub payload: Bytes,
    /// 0, 1 or 2 as sent; the session refuses 2.
    pub qos: u8,
    pub retain: bool,
    /// 0 for QoS 0.
    pub pkid: u16,
    pub topic_alias: Option<u16>,
    pub properties: MessageProperties,
}

/// One filter of a SUBSCRIBE with its options (MQTT 5 options are false/0 on 3.1.1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SubscribeFilter {
    pub filter: String,
    pub qos: u8,
    pub no_local: bool,
    pub retain_as_published: bool,
    pub retain_handling: u8,
}

/// A SUBSCRIBE.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Subscribe {
    pub pkid: u16,
    pub filters: Vec<SubscribeFilter>,
    /// MQTT 5 subscription identifier, which Aliyun does not support.
    pub subscription_identifier: Option<usize>,
}

/// An UNSUBSCRIBE.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unsubscribe {
    pub pkid: u16,
    pub filters: Vec<String>,
}

/// A DISCONNECT from the client: its reason code (0 on 3.1.1) and reason string.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Disconnect {
    pub reason_code: u8,
    pub reason_string: Option<String>,
}

/// A packet a client may send to the server, decoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Inbound {
    Connect(Connect),
    Publish(Publish),
    PubAck(u16),
    Subscribe(Subscribe),
    Unsubscribe(Unsubscribe),
    PingReq,
    Disconnect(Disconnect),
}
