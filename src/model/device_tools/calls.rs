//! Calls from the cloud (services and property set): recorded, answered by a rule or by hand,
//! each at most once.

use super::send::{connected, push_bounded, ToolError, ToolSend};
use crate::aliyun::{
    parse_service_call, reply_data, service_reply, DeviceIdentity, ReplyRule, ServiceCall,
};

/// A call from the cloud and how it was answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CallRow {
    /// The request id.
    pub id: String,
    /// `property/set` or the service identifier.
    pub identifier: String,
    /// The request's params as JSON text.
    pub params: String,
    /// Where the answer goes.
    pub reply_topic: String,
    /// The code answered, once answered.
    pub answered: Option<i64>,
}

/// The calls tool.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Calls {
    /// How calls are answered.
    pub rule: ReplyRule,
    /// The `data` of fixed and manual answers (JSON).
    pub data: String,
    /// Calls seen, newest last.
    pub rows: Vec<CallRow>,
    /// Why the last call could not be read or answered automatically.
    pub error: Option<ToolError>,
}

impl Default for Calls {
    fn default() -> Self {
        Calls {
            rule: ReplyRule::Manual,
            data: "{}".to_owned(),
            rows: Vec::new(),
            error: None,
        }
    }
}

/// Reads the reply code typed, e.g. `200`.
pub fn parse_reply_code(text: &str) -> Result<i64, ToolError> {
    text.trim()
        .parse::<i64>()
        .map_err(|_| ToolError::BadReplyCode(text.to_owned()))
}

impl Calls {
    /// Subscribes to service calls and property sets.
    pub fn listen(&self, device: Option<DeviceIdentity<'_>>) -> Result<Vec<ToolSend>, ToolError> {
        let device = connected(device)?;
        Ok(vec![ToolSend::subscribe(device.service_filter())])
    }

    /// Whether `topic` is a call to `device` (one [`Calls::observe`] records or reports).
    pub fn is_call(&self, device: DeviceIdentity<'_>, topic: &str) -> bool {
        device.service_identifier(topic).is_some()
    }

    /// Records `topic` if it is a call to `device`, answering it when the rule says so. `None`
    /// if the topic is no call.
    pub fn observe(
        &mut self,
        device: DeviceIdentity<'_>,
        topic: &str,
        payload: &[u8],
    ) -> Option<Vec<ToolSend>> {
        let call = match parse_service_call(device, topic, payload)? {
            Ok(call) => call,
            Err(e) => {
                self.error = Some(ToolError::Alink(e));
                return Some(Vec::new());
            }
        };
        Some(self.take(call))
    }

    fn take(&mut self, call: ServiceCall) -> Vec<ToolSend> {
        let (answered, sends) = match self.rule.answer(&call, &self.data) {
            None => (None, Vec::new()),
            Some(Ok(reply)) => (
                Some(200),
                vec![ToolSend::publish(
                    call.reply_topic.clone(),
                    reply.into_bytes(),
                )],
            ),
            Some(Err(e)) => {
                self.error = Some(ToolError::Alink(e));
                (None, Vec::new())
            }
        };
        push_bounded(
            &mut self.rows,
            CallRow {
                id: call.id,
                identifier: call.identifier,
                params: call.params.to_string(),
                reply_topic: call.reply_topic,
                answered,
            },
        );
        sends
    }

    /// Answers call `id` by hand with `code` and the data typed; nothing to send if it was
    /// answered already.
    pub fn answer(
        &mut self,
        device: Option<DeviceIdentity<'_>>,
        id: &str,
        code: i64,
    ) -> Result<Vec<ToolSend>, ToolError> {
        connected(device)?;
        let data = reply_data(&self.data)?;
        let row = self
            .rows
            .iter_mut()
            .find(|c| c.id == id && c.answered.is_none());
        let Some(row) = row else {
            return Ok(Vec::new());
        };
        row.answered = Some(code);
        Ok(vec![ToolSend::publish(
            row.reply_topic.clone(),
            service_reply(id, code, &data).into_bytes(),
        )])
    }
}
