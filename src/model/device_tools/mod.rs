//! Device-side tools for Aliyun as a plain model: NTP clock sync, RRPC answers, Alink posts and
//! calls from the cloud, the device shadow. Every method decides and returns what to send
//! ([`ToolSend`]); the store hands that to the connection. Received messages of the device's
//! system topics go through [`DeviceTools::observe`].

mod calls;
mod ntp;
mod posts;
mod rrpc;
mod send;
mod shadow;
#[cfg(test)]
mod tests;

use crate::aliyun::DeviceIdentity;

pub use calls::{parse_reply_code, CallRow, Calls};
pub use ntp::Ntp;
pub use posts::{AlinkPost, PostPlan, Posts};
pub use rrpc::{Rrpc, RrpcRequest, RrpcState};
pub use send::{ToolError, ToolSend, MAX_ROWS};
pub use shadow::{ShadowOutcome, ShadowView};

/// Every device tool's state.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DeviceTools {
    /// Clock sync.
    pub ntp: Ntp,
    /// RRPC requests and answers.
    pub rrpc: Rrpc,
    /// Property and event posts.
    pub posts: Posts,
    /// Calls from the cloud.
    pub calls: Calls,
    /// The device shadow.
    pub shadow: ShadowView,
}

impl DeviceTools {
    /// Call when a connection of `device` got CONNACK at device time `now_ms`: the NTP sync
    /// when it is asked for at every connect.
    pub fn on_connected(&self, device: Option<DeviceIdentity<'_>>, now_ms: u64) -> Vec<ToolSend> {
        self.ntp.on_connected(device, now_ms)
    }

    /// Whether a message on `topic` concerns a tool of `device` (so [`DeviceTools::observe`]
    /// may change something); lets the store leave the model untouched for other topics.
    pub fn handles(&self, device: DeviceIdentity<'_>, topic: &str) -> bool {
        self.ntp.is_reply(device, topic)
            || self.posts.is_reply(device, topic)
            || self.shadow.is_shadow(device, topic)
            || self.calls.is_call(device, topic)
            || self.rrpc.is_request(device, topic)
    }

    /// Call for every message received on a system topic of `device`, at device time
    /// `now_ms`; returns the answers to send. Messages on other topics change nothing.
    pub fn observe(
        &mut self,
        device: DeviceIdentity<'_>,
        topic: &str,
        payload: &[u8],
        now_ms: u64,
    ) -> Vec<ToolSend> {
        if self.ntp.is_reply(device, topic) {
            self.ntp.observe_reply(payload, now_ms);
            return Vec::new();
        }
        if self.posts.is_reply(device, topic) {
            self.posts.observe_reply(payload);
            return Vec::new();
        }
        if self.shadow.is_shadow(device, topic) {
            self.shadow.observe(payload);
            return Vec::new();
        }
        if let Some(sends) = self.calls.observe(device, topic, payload) {
            return sends;
        }
        self.rrpc
            .observe(device, topic, payload, now_ms)
            .unwrap_or_default()
    }
}
