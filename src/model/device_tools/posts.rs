//! Property and event posts (Alink) and the platform's `post_reply`, matched by request id.

use super::send::{connected, push_bounded, ToolError, ToolSend};
use crate::aliyun::{event_post, parse_alink_reply, property_post, DeviceIdentity, DeviceTopic};

/// A property or event post and the platform's answer, side by side.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AlinkPost {
    /// The request id.
    pub id: String,
    /// `property`, or the event's identifier.
    pub what: String,
    /// The params sent.
    pub params: String,
    /// The reply: code and message, once it came.
    pub reply: Option<(i64, String)>,
}

/// A post ready to go: what to send, and the row to record once it went out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PostPlan {
    /// Subscribe to the replies, then publish the post.
    pub sends: Vec<ToolSend>,
    /// The row [`Posts::posted`] records.
    pub post: AlinkPost,
}

/// The posts sent and how they are sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Posts {
    /// Posts sent, newest last, with their replies.
    pub list: Vec<AlinkPost>,
    /// `sys.ack`: ask the platform for a `post_reply`.
    pub ack: bool,
    /// The next Alink message id.
    pub next_id: u64,
}

impl Default for Posts {
    fn default() -> Self {
        Posts {
            list: Vec::new(),
            ack: true,
            next_id: 1,
        }
    }
}

impl Posts {
    /// Plans posting properties (`params`, a JSON object).
    pub fn property_post(
        &self,
        device: Option<DeviceIdentity<'_>>,
        params: &str,
    ) -> Result<PostPlan, ToolError> {
        let device = connected(device)?;
        let payload = property_post(self.next_id, params, self.ack)?;
        Ok(self.plan(device, device.property_post(), payload, "property", params))
    }

    /// Plans posting event `identifier` with output `value` (a JSON object) at server time
    /// `now_ms`.
    pub fn event_post(
        &self,
        device: Option<DeviceIdentity<'_>>,
        identifier: &str,
        value: &str,
        now_ms: u64,
    ) -> Result<PostPlan, ToolError> {
        let device = connected(device)?;
        let payload = event_post(self.next_id, identifier, value, now_ms, self.ack)?;
        Ok(self.plan(
            device,
            device.event_post(identifier),
            payload,
            identifier,
            value,
        ))
    }

    fn plan(
        &self,
        device: DeviceIdentity<'_>,
        topic: String,
        payload: String,
        what: &str,
        params: &str,
    ) -> PostPlan {
        PostPlan {
            sends: vec![
                ToolSend::subscribe(device.post_reply_filter()),
                ToolSend::publish(topic, payload.into_bytes()),
            ],
            post: AlinkPost {
                id: self.next_id.to_string(),
                what: what.to_owned(),
                params: params.to_owned(),
                reply: None,
            },
        }
    }

    /// Call once the planned post went out: records it and moves to the next id. A post that
    /// could not be sent is not recorded and does not use up its id.
    pub fn posted(&mut self, post: AlinkPost) {
        self.next_id += 1;
        push_bounded(&mut self.list, post);
    }

    /// Whether `topic` is a `post_reply` of `device` (properties or an event).
    pub fn is_reply(&self, device: DeviceIdentity<'_>, topic: &str) -> bool {
        let Some(DeviceTopic::Alink(rest)) = device.classify(topic) else {
            return false;
        };
        rest.strip_prefix("thing/event/")
            .and_then(|rest| rest.strip_suffix("/post_reply"))
            .is_some_and(|id| !id.is_empty() && !id.contains('/'))
    }

    /// Reads a `post_reply`: the post with its id gets the code and message. Unreadable
    /// replies are ignored.
    pub fn observe_reply(&mut self, payload: &[u8]) {
        let Ok(reply) = parse_alink_reply(payload) else {
            return;
        };
        if let Some(p) = self.list.iter_mut().find(|p| p.id == reply.id) {
            p.reply = Some((reply.code, reply.message));
        }
    }
}
