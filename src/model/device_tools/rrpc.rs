//! RRPC: requests from the cloud recorded as they come, answered automatically or by hand,
//! each at most once.

use super::send::{connected, push_bounded, ToolError, ToolSend};
use crate::aliyun::DeviceIdentity;

/// Where an RRPC request stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RrpcState {
    /// Not answered yet.
    Pending,
    /// Answered.
    Replied,
}

impl RrpcState {
    /// The `data-state` value of the UI contract.
    pub fn as_str(self) -> &'static str {
        match self {
            RrpcState::Pending => "pending",
            RrpcState::Replied => "replied",
        }
    }
}

/// One RRPC request from the cloud.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RrpcRequest {
    /// Aliyun's message id, from the topic.
    pub message_id: String,
    /// The request payload as text.
    pub payload: String,
    /// Device-clock time it arrived, Unix ms.
    pub received_ms: u64,
    /// Answered or not.
    pub state: RrpcState,
}

/// The RRPC tool.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rrpc {
    /// Answer requests automatically with `reply`.
    pub auto: bool,
    /// What answers send.
    pub reply: String,
    /// Requests seen, newest last.
    pub requests: Vec<RrpcRequest>,
}

impl Default for Rrpc {
    fn default() -> Self {
        Rrpc {
            auto: false,
            reply: "{\"result\":\"ok\"}".to_owned(),
            requests: Vec::new(),
        }
    }
}

impl Rrpc {
    /// Subscribes to requests (the cloud sends none before).
    pub fn listen(&self, device: Option<DeviceIdentity<'_>>) -> Result<Vec<ToolSend>, ToolError> {
        let device = connected(device)?;
        Ok(vec![ToolSend::subscribe(device.rrpc_request_filter())])
    }

    /// Whether `topic` is an RRPC request to `device` (one [`Rrpc::observe`] records).
    pub fn is_request(&self, device: DeviceIdentity<'_>, topic: &str) -> bool {
        device.rrpc_message_id(topic).is_some()
    }

    /// Records `topic` if it is a request to `device`; answers it now when automatic. `None`
    /// if the topic is no RRPC request.
    pub fn observe(
        &mut self,
        device: DeviceIdentity<'_>,
        topic: &str,
        payload: &[u8],
        now_ms: u64,
    ) -> Option<Vec<ToolSend>> {
        let id = device.rrpc_message_id(topic)?;
        let state = if self.auto {
            RrpcState::Replied
        } else {
            RrpcState::Pending
        };
        push_bounded(
            &mut self.requests,
            RrpcRequest {
                message_id: id.to_owned(),
                payload: String::from_utf8_lossy(payload).into_owned(),
                received_ms: now_ms,
                state,
            },
        );
        Some(if self.auto {
            vec![self.answer(device, id)]
        } else {
            Vec::new()
        })
    }

    /// Answers request `message_id` by hand; nothing to send if it was answered already.
    pub fn reply(
        &mut self,
        device: Option<DeviceIdentity<'_>>,
        message_id: &str,
    ) -> Result<Vec<ToolSend>, ToolError> {
        let device = connected(device)?;
        let pending = self
            .requests
            .iter_mut()
            .find(|r| r.message_id == message_id && r.state == RrpcState::Pending);
        let Some(request) = pending else {
            return Ok(Vec::new());
        };
        request.state = RrpcState::Replied;
        Ok(vec![self.answer(device, message_id)])
    }

    fn answer(&self, device: DeviceIdentity<'_>, message_id: &str) -> ToolSend {
        ToolSend::publish(
            device.rrpc_response(message_id),
            self.reply.clone().into_bytes(),
        )
    }
}
