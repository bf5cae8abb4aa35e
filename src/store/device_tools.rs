//! The device-tools panel's handle: each action asks the [`DeviceTools`] model (held by the
//! [`Connection`], which feeds it every received system message) what to send, and hands that
//! to the connection. Errors come back in words, for the views.

use leptos::prelude::*;

use super::connection::{identity, Connection};
use super::registration::RegistrationStore;
use crate::aliyun::DeviceIdentity;
use crate::i18n::{Describe, Text};
use crate::model::device_tools::{parse_reply_code, DeviceTools, ToolError, ToolSend};

/// Handle to the device tools; `Copy`, so every view can hold one.
#[derive(Clone, Copy)]
pub struct DeviceToolsStore {
    /// The connection the tools speak through.
    pub conn: Connection,
    /// The tools' state, the same signal as the connection's `tools`.
    pub tools: RwSignal<DeviceTools>,
    /// How far the server's clock is ahead, changing only when the offset does (the signed
    /// credentials shown live depend on it).
    pub ntp_offset: Memo<Option<i64>>,
    /// Dynamic registration, on its own connection.
    pub registration: RegistrationStore,
    /// Why the last action on calls failed; shown unless a newer call from the cloud failed.
    call_error: RwSignal<Option<Text>>,
}

fn words(e: ToolError) -> Text {
    e.describe()
}

impl DeviceToolsStore {
    /// The tools of `conn`, with a registration of their own.
    pub fn new(conn: Connection) -> Self {
        let tools = conn.tools;
        DeviceToolsStore {
            conn,
            tools,
            ntp_offset: Memo::new(move |_| tools.with(|t| t.ntp.offset)),
            registration: RegistrationStore::default(),
            call_error: RwSignal::new(None),
        }
    }

    /// Sends what the model decided through the connection.
    fn send(&self, sends: Vec<ToolSend>) -> Result<(), Text> {
        self.conn.send_tools(sends).map_err(|e| e.describe())
    }

    /// Asks the model with the connected device, then sends what it decided.
    fn act(
        &self,
        decide: impl FnOnce(
            &mut DeviceTools,
            Option<DeviceIdentity<'_>>,
        ) -> Result<Vec<ToolSend>, ToolError>,
    ) -> Result<(), Text> {
        let device = self.conn.device();
        let sends = self
            .tools
            .try_update(|t| decide(t, identity(&device)))
            .unwrap_or(Err(ToolError::NoDevice))
            .map_err(words)?;
        self.send(sends)
    }

    /// Measures the clock offset through `/ext/ntp` (subscribing to the response first).
    pub fn ntp_sync(&self) -> Result<(), Text> {
        let now = js_sys::Date::now() as u64;
        let device = self.conn.device();
        let sends = self
            .tools
            .with_untracked(|t| t.ntp.sync(identity(&device), now))
            .map_err(words)?;
        self.send(sends)
    }

    /// Subscribes to RRPC requests (needed before the cloud can send any).
    pub fn rrpc_listen(&self) -> Result<(), Text> {
        self.act(|t, d| t.rrpc.listen(d))
    }

    /// Answers RRPC request `message_id` with the reply text now.
    pub fn rrpc_reply(&self, message_id: &str) -> Result<(), Text> {
        self.act(|t, d| t.rrpc.reply(d, message_id))
    }

    /// Posts properties (`params` is a JSON object) and listens for the platform's reply.
    pub fn property_post(&self, params: &str) -> Result<(), Text> {
        let device = self.conn.device();
        let plan = self
            .tools
            .with_untracked(|t| t.posts.property_post(identity(&device), params))
            .map_err(words)?;
        self.send(plan.sends)?;
        self.tools.update(|t| t.posts.posted(plan.post));
        Ok(())
    }

    /// Posts event `identifier` with output `value` (a JSON object), timed by the server's clock.
    pub fn event_post(&self, identifier: &str, value: &str, now_ms: u64) -> Result<(), Text> {
        let device = self.conn.device();
        let plan = self
            .tools
            .with_untracked(|t| {
                t.posts
                    .event_post(identity(&device), identifier, value, now_ms)
            })
            .map_err(words)?;
        self.send(plan.sends)?;
        self.tools.update(|t| t.posts.posted(plan.post));
        Ok(())
    }

    /// The error of the calls section: the last call from the cloud that could not be read or
    /// answered, or else the last failed action.
    pub fn call_error(&self) -> Option<Text> {
        self.tools
            .with(|t| t.calls.error.clone())
            .map(words)
            .or_else(|| self.call_error.get())
    }

    /// Records the outcome of an action on calls; it replaces any older error.
    fn call_outcome(&self, outcome: Result<(), Text>) {
        if self.tools.with_untracked(|t| t.calls.error.is_some()) {
            self.tools.update(|t| t.calls.error = None);
        }
        self.call_error.set(outcome.err());
    }

    /// Subscribes to service calls and property sets from the cloud.
    pub fn calls_listen(&self) {
        self.call_outcome(self.act(|t, d| t.calls.listen(d)));
    }

    /// Answers call `id` by hand with the reply code typed (`code`).
    pub fn answer_call(&self, id: &str, code: &str) {
        let outcome = parse_reply_code(code)
            .map_err(words)
            .and_then(|code| self.act(|t, d| t.calls.answer(d, id, code)));
        self.call_outcome(outcome);
    }

    /// Asks for the device shadow.
    pub fn shadow_get(&self) -> Result<(), Text> {
        self.act(|t, d| t.shadow.get(d))
    }

    /// Sends a shadow update: `reported` JSON as the version typed (empty = the next one),
    /// or, with `accept_desired`, the desired state taken on.
    pub fn shadow_update(
        &self,
        reported: &str,
        version: &str,
        accept_desired: bool,
    ) -> Result<(), Text> {
        self.act(|t, d| {
            let version = t.shadow.parse_version(version)?;
            t.shadow.update(d, reported, version, accept_desired)
        })
    }
}
