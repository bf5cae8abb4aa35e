//! Clock sync through `/ext/ntp`: the request at the user's word or at every connect, and the
//! offset read from the server's reply.

use super::send::{connected, ToolError, ToolSend};
use crate::aliyun::{ntp_request_payload, parse_ntp_reply, DeviceIdentity, DeviceTopic};

/// What the app knows of the server's clock.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Ntp {
    /// How far the server's clock is ahead of this device's, from the last exchange.
    pub offset: Option<i64>,
    /// Why the last reply could not be used.
    pub error: Option<ToolError>,
    /// Measure the offset at every connect.
    pub on_connect: bool,
}

impl Ntp {
    /// Subscribes to the response topic (first, so the reply is not missed), then sends the
    /// request stamped with the device clock `now_ms`.
    pub fn sync(
        &self,
        device: Option<DeviceIdentity<'_>>,
        now_ms: u64,
    ) -> Result<Vec<ToolSend>, ToolError> {
        let device = connected(device)?;
        Ok(vec![
            ToolSend::subscribe(device.ntp_response()),
            ToolSend::publish(device.ntp_request(), ntp_request_payload(now_ms)),
        ])
    }

    /// Call when a connection got CONNACK: the sync, if asked for at every connect and a device
    /// is connected.
    pub fn on_connected(&self, device: Option<DeviceIdentity<'_>>, now_ms: u64) -> Vec<ToolSend> {
        if !self.on_connect {
            return Vec::new();
        }
        self.sync(device, now_ms).unwrap_or_default()
    }

    /// Whether `topic` is the device's NTP response.
    pub fn is_reply(&self, device: DeviceIdentity<'_>, topic: &str) -> bool {
        device.classify(topic) == Some(DeviceTopic::NtpResponse)
    }

    /// Reads the server's reply, received at device time `now_ms`.
    pub fn observe_reply(&mut self, payload: &[u8], now_ms: u64) {
        match parse_ntp_reply(payload) {
            Ok(reply) => {
                self.offset = Some(reply.offset_ms(now_ms));
                self.error = None;
            }
            Err(e) => self.error = Some(ToolError::Ntp(e)),
        }
    }
}
