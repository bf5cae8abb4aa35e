//! Aliyun IoT Platform device login, sans-IO.
//!
//! Turns what the user types (ProductKey, DeviceName, DeviceSecret, region or host, …) into the
//! WebSocket URL and MQTT CONNECT credentials Aliyun expects, with errors that say which field is
//! wrong in English and Chinese. No browser APIs and no clock: the current time comes in as
//! `now_ms`, so everything here is tested natively. The rules follow
//! `aliyun-protocol.md` (Aliyun's docs and official device SDKs).

mod alink;
mod credentials;
mod device;
mod endpoint;
mod error;
mod ntp;
mod region;
mod rrpc;
mod sign;
mod topics;
mod validate;

pub use alink::{
    describe_alink_code, parse_alink_reply, property_post, property_post_reply_topic,
    property_post_topic, AlinkError, AlinkReply,
};
pub use credentials::MqttCredentials;
pub use device::AliyunDevice;
pub use endpoint::{validate_path, Endpoint, WEBSOCKET_PORT};
pub use error::{AliyunError, Field};
pub use ntp::{
    ntp_request_payload, ntp_request_topic, ntp_response_topic, parse_ntp_reply, NtpError, NtpReply,
};
pub use region::{region_names, DEFAULT_REGION, REGIONS};
pub use rrpc::{rrpc_message_id, rrpc_request_filter, rrpc_response_topic, RRPC_TIMEOUT_MS};
pub use sign::{sign, SignMethod};
pub use topics::{device_topics, expand_topic};
pub use validate::MAX_CLIENT_ID_CHARS;
pub mod console_json;
