//! What the device tools hand to the connection, and why an action could not run: the shared
//! vocabulary of the tool models (a leaf, so the tool files never import each other).

use crate::aliyun::{AlinkError, DeviceIdentity, NtpError};
use crate::model::connection::RequestError;

/// One thing to send on the device's connection; always QoS 0 and never retained, since
/// Aliyun keeps no retained messages and its system topics answer at QoS 0.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ToolSend {
    /// Subscribe to `filter`; idempotent, an active subscription is not sent again.
    Subscribe {
        /// The topic filter.
        filter: String,
    },
    /// Publish `payload` on `topic`.
    Publish {
        /// The topic.
        topic: String,
        /// The payload bytes.
        payload: Vec<u8>,
    },
}

impl ToolSend {
    /// A subscription to `filter`.
    pub fn subscribe(filter: String) -> ToolSend {
        ToolSend::Subscribe { filter }
    }

    /// A publish of `payload` on `topic`.
    pub fn publish(topic: String, payload: impl Into<Vec<u8>>) -> ToolSend {
        ToolSend::Publish {
            topic,
            payload: payload.into(),
        }
    }

    /// The filter subscribed to or the topic published on.
    pub fn topic(&self) -> &str {
        match self {
            ToolSend::Subscribe { filter } => filter,
            ToolSend::Publish { topic, .. } => topic,
        }
    }
}

/// Why a device tool could not run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ToolError {
    /// No Aliyun device is connected.
    NoDevice,
    /// What was typed cannot make an Alink message (params not JSON, a bad identifier, …), or a
    /// message from the cloud could not be read.
    Alink(AlinkError),
    /// The NTP server's reply could not be read.
    Ntp(NtpError),
    /// "Take on desired" with no desired state known.
    NoDesiredState,
    /// The reply code typed is not a whole number.
    BadReplyCode(String),
    /// The shadow version typed is neither empty nor a whole number.
    BadVersion(String),
    /// What the tool decided could not go out on the connection.
    NotSent(RequestError),
}

impl From<AlinkError> for ToolError {
    fn from(e: AlinkError) -> Self {
        ToolError::Alink(e)
    }
}

/// The connected device, or [`ToolError::NoDevice`].
pub fn connected(device: Option<DeviceIdentity<'_>>) -> Result<DeviceIdentity<'_>, ToolError> {
    device.ok_or(ToolError::NoDevice)
}

/// How many rows each list keeps: a long session must not grow without bound.
pub const MAX_ROWS: usize = 200;

/// Appends `item`, keeping `list` to its newest [`MAX_ROWS`] entries.
pub fn push_bounded<T>(list: &mut Vec<T>, item: T) {
    list.push(item);
    if list.len() > MAX_ROWS {
        list.remove(0);
    }
}
