//! Aliyun IoT Platform device login, sans-IO.
//!
//! Turns what the user types (ProductKey, DeviceName, DeviceSecret, region or host, …) into the
//! WebSocket URL and MQTT CONNECT credentials Aliyun expects, with typed errors that say which
//! field is wrong (their words live in `src/i18n`). No browser APIs and no clock: the current
//! time comes in as `now_ms`, so everything here is tested natively. The rules follow
//! `aliyun-protocol.md` (Aliyun's docs and official device SDKs).

mod alink;
mod client_id;
mod credentials;
mod device;
mod endpoint;
mod error;
mod identity;
mod instance;
mod limits;
mod mqtt5;
mod ntp;
mod region;
mod registration;
mod rrpc;
mod shadow;
mod sign;
mod sign_content;
mod topics;
mod validate;

pub use alink::{
    check_identifier, event_post, parse_alink_reply, parse_service_call, property_post, reply_data,
    service_reply, typed_params, AlinkCode, AlinkError, AlinkReply, PropertyField, PropertyType,
    ReplyRule, ServiceCall,
};
pub use client_id::{
    ClientIdError, ClientIdParam, ClientIdParams, SECUREMODE_INSTANCE, SECUREMODE_REGISTRATION,
};
pub use credentials::MqttCredentials;
pub use device::{AliyunDevice, DeviceAuth};
pub use endpoint::{validate_path, Endpoint, WEBSOCKET_PORT};
pub use error::{AliyunError, Field};
pub use identity::{
    alink_is_downlink, is_system_topic, DeviceIdentity, DeviceTopic, REGISTER_TOPIC, REGNWL_TOPIC,
};
pub use instance::{
    instance_host, instance_of_host, validate_instance_id, EndpointKind, Target,
    INSTANCE_HOST_SUFFIX, INSTANCE_ID_PREFIX,
};
pub use limits::{
    is_device_name_char, DEVICE_NAME_CHARS, DEVICE_PUBLISH_PER_SECOND, KEEPALIVE_SECS,
    MAX_CLIENT_ID_CHARS,
};
pub use mqtt5::{
    server_keep_alive, user_properties_allowed, InstanceEdition, ServerCapabilities,
    ENTERPRISE_CAPABILITIES, MAX_USER_PROPERTIES,
};
pub use ntp::{ntp_request_payload, parse_ntp_reply, NtpError, NtpReply};
pub use region::{Region, DEFAULT_REGION};
/// A registration's test device and the cloud's packets, for the tests of the layers above.
#[cfg(test)]
pub(crate) use registration::tests as registration_tests;
pub use registration::{
    parse_registration, registration_credentials, RegisterMode, Registered, Registrar,
    RegistrationError, RegistrationKind, REGISTRATION_TIMEOUT_MS,
};
pub use rrpc::RRPC_TIMEOUT_MS;
pub use shadow::{
    parse_shadow, shadow_accept_desired, shadow_get_request, shadow_report, ShadowCode,
    ShadowMessage, ShadowState,
};
pub use sign::{sign, SignMethod};
pub use sign_content::{login_sign_content, registration_sign_content};
pub use topics::{device_topics, expand_topic};
pub mod connect_params;
