//! Device-side tools for Aliyun: NTP clock sync, RRPC answers, Alink posts and calls from the
//! cloud, the device shadow. The connection feeds every received message through
//! [`DeviceTools::observe`]; what needs sending comes back as a list.

use leptos::prelude::*;

use crate::aliyun::{
    describe_shadow_code, ntp_response_topic, parse_alink_reply, parse_ntp_reply,
    parse_service_call, parse_shadow, reply_data, rrpc_message_id, rrpc_response_topic,
    service_reply, shadow_get_topic, ReplyRule, ShadowMessage, ShadowState,
};
use crate::i18n::Text;

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

/// A call from the cloud (service or property set) and how it was answered.
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

/// What the app knows of the device shadow.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ShadowView {
    /// The last state seen (get answer or control push); `None` before any.
    pub state: Option<ShadowState>,
    /// The last version the cloud confirmed, from any answer.
    pub version: Option<u64>,
    /// The outcome of the last request, or the last push, in plain language.
    pub last: Option<(bool, Text)>,
}

/// A message the tools want published: (topic, payload).
pub type Outgoing = (String, Vec<u8>);

/// Signals for the device-tools panel.
#[derive(Clone, Copy)]
pub struct DeviceTools {
    /// How far the server's clock is ahead of this browser's, from the last NTP exchange.
    pub ntp_offset: RwSignal<Option<i64>>,
    /// Why the last NTP exchange failed.
    pub ntp_error: RwSignal<Option<Text>>,
    /// Measure the offset at every connect.
    pub ntp_on_connect: RwSignal<bool>,
    /// Answer RRPC requests automatically with `rrpc_reply`.
    pub rrpc_auto: RwSignal<bool>,
    /// What RRPC answers send.
    pub rrpc_reply: RwSignal<String>,
    /// Requests seen, newest last.
    pub rrpc_requests: RwSignal<Vec<RrpcRequest>>,
    /// Property posts sent, newest last, with their replies.
    pub alink_posts: RwSignal<Vec<AlinkPost>>,
    /// The next Alink message id.
    pub next_alink_id: StoredValue<u64>,
    /// `sys.ack` of posts: ask the platform for a `post_reply`.
    pub alink_ack: RwSignal<bool>,
    /// How calls from the cloud are answered.
    pub call_rule: RwSignal<ReplyRule>,
    /// The `data` of fixed and manual answers (JSON).
    pub call_data: RwSignal<String>,
    /// Calls seen, newest last.
    pub calls: RwSignal<Vec<CallRow>>,
    /// Why the last call could not be read or answered.
    pub call_error: RwSignal<Option<Text>>,
    /// The device shadow.
    pub shadow: RwSignal<ShadowView>,
    /// Dynamic registration, on its own connection.
    pub registration: super::registration::Registration,
}

/// Keeps `list` to its newest `MAX_ROWS` entries: a long session must not grow without bound.
fn push_bounded<T>(list: &mut Vec<T>, item: T) {
    list.push(item);
    if list.len() > MAX_ROWS {
        list.remove(0);
    }
}

const MAX_ROWS: usize = 200;

impl Default for DeviceTools {
    fn default() -> Self {
        DeviceTools {
            ntp_offset: RwSignal::new(None),
            ntp_error: RwSignal::new(None),
            ntp_on_connect: RwSignal::new(false),
            rrpc_auto: RwSignal::new(false),
            rrpc_reply: RwSignal::new("{\"result\":\"ok\"}".to_owned()),
            rrpc_requests: RwSignal::new(Vec::new()),
            alink_posts: RwSignal::new(Vec::new()),
            next_alink_id: StoredValue::new(1),
            alink_ack: RwSignal::new(true),
            call_rule: RwSignal::new(ReplyRule::Manual),
            call_data: RwSignal::new("{}".to_owned()),
            calls: RwSignal::new(Vec::new()),
            call_error: RwSignal::new(None),
            shadow: RwSignal::new(ShadowView::default()),
            registration: Default::default(),
        }
    }
}

impl DeviceTools {
    /// Looks at a received message of device `pk`/`dn`; returns what to publish in answer.
    pub fn observe(
        &self,
        (pk, dn): (&str, &str),
        topic: &str,
        payload: &[u8],
        now_ms: u64,
    ) -> Vec<Outgoing> {
        if topic == ntp_response_topic(pk, dn) {
            match parse_ntp_reply(payload) {
                Ok(reply) => {
                    self.ntp_offset.set(Some(reply.offset_ms(now_ms)));
                    self.ntp_error.set(None);
                }
                Err(e) => self.ntp_error.set(Some(Text::new(e.to_string(), e.zh()))),
            }
            return Vec::new();
        }
        if is_post_reply(pk, dn, topic) {
            if let Ok(reply) = parse_alink_reply(payload) {
                self.alink_posts.update(|posts| {
                    if let Some(p) = posts.iter_mut().find(|p| p.id == reply.id) {
                        p.reply = Some((reply.code, reply.message));
                    }
                });
            }
            return Vec::new();
        }
        if topic == shadow_get_topic(pk, dn) {
            self.observe_shadow(payload);
            return Vec::new();
        }
        if let Some(call) = parse_service_call(pk, dn, topic, payload) {
            return self.observe_call(call).into_iter().collect();
        }
        let Some(id) = rrpc_message_id(pk, dn, topic) else {
            return Vec::new();
        };
        let auto = self.rrpc_auto.get_untracked();
        self.rrpc_requests.update(|list| {
            push_bounded(
                list,
                RrpcRequest {
                    message_id: id.to_owned(),
                    payload: String::from_utf8_lossy(payload).into_owned(),
                    received_ms: now_ms,
                    state: if auto {
                        RrpcState::Replied
                    } else {
                        RrpcState::Pending
                    },
                },
            )
        });
        if auto {
            vec![(
                rrpc_response_topic(pk, dn, id),
                self.rrpc_reply.get_untracked().into_bytes(),
            )]
        } else {
            Vec::new()
        }
    }

    /// Marks request `message_id` answered; returns the answer to publish unless it already was.
    pub fn reply(&self, (pk, dn): (&str, &str), message_id: &str) -> Option<Outgoing> {
        let mut fresh = false;
        self.rrpc_requests.update(|list| {
            if let Some(r) = list
                .iter_mut()
                .find(|r| r.message_id == message_id && r.state == RrpcState::Pending)
            {
                r.state = RrpcState::Replied;
                fresh = true;
            }
        });
        fresh.then(|| {
            (
                rrpc_response_topic(pk, dn, message_id),
                self.rrpc_reply.get_untracked().into_bytes(),
            )
        })
    }

    /// Records a post sent with `id`.
    pub fn posted(&self, id: u64, what: &str, params: &str) {
        self.alink_posts.update(|posts| {
            push_bounded(
                posts,
                AlinkPost {
                    id: id.to_string(),
                    what: what.to_owned(),
                    params: params.to_owned(),
                    reply: None,
                },
            )
        });
    }

    fn observe_call(
        &self,
        call: Result<crate::aliyun::ServiceCall, crate::aliyun::AlinkError>,
    ) -> Option<Outgoing> {
        let call = match call {
            Ok(call) => call,
            Err(e) => {
                self.call_error.set(Some(Text::new(e.to_string(), e.zh())));
                return None;
            }
        };
        let rule = self.call_rule.get_untracked();
        let answer = self
            .call_data
            .with_untracked(|data| rule.answer(&call, data));
        let (answered, out) = match answer {
            None => (None, None),
            Some(Ok(reply)) => (
                Some(200),
                Some((call.reply_topic.clone(), reply.into_bytes())),
            ),
            Some(Err(e)) => {
                self.call_error.set(Some(Text::new(e.to_string(), e.zh())));
                (None, None)
            }
        };
        self.calls.update(|calls| {
            push_bounded(
                calls,
                CallRow {
                    id: call.id.clone(),
                    identifier: call.identifier.clone(),
                    params: call.params.to_string(),
                    reply_topic: call.reply_topic.clone(),
                    answered,
                },
            )
        });
        out
    }

    /// Answers call `id` by hand with `code` and the data typed; `None` if it was answered.
    pub fn answer_call(&self, id: &str, code: i64) -> Result<Option<Outgoing>, Text> {
        let data = self
            .call_data
            .with_untracked(|d| reply_data(d))
            .map_err(|e| Text::new(e.to_string(), e.zh()))?;
        let mut out = None;
        self.calls.update(|calls| {
            if let Some(c) = calls
                .iter_mut()
                .find(|c| c.id == id && c.answered.is_none())
            {
                c.answered = Some(code);
                out = Some((
                    c.reply_topic.clone(),
                    service_reply(id, code, &data).into_bytes(),
                ));
            }
        });
        Ok(out)
    }

    fn observe_shadow(&self, payload: &[u8]) {
        let message = match parse_shadow(payload) {
            Ok(m) => m,
            Err(e) => {
                self.shadow.update(|s| {
                    s.last = Some((false, Text::new(e.to_string(), e.zh())));
                });
                return;
            }
        };
        self.shadow.update(|s| match message {
            ShadowMessage::Accepted { version } => {
                s.version = Some(version);
                if let Some(state) = &mut s.state {
                    state.version = version;
                }
                s.last = Some((
                    true,
                    Text::new(
                        format!("accepted: the shadow is at version {version}"),
                        format!("已接受：影子版本为 {version}"),
                    ),
                ));
            }
            ShadowMessage::Document(state) => {
                s.version = Some(state.version);
                s.last = Some((
                    true,
                    Text::new(
                        format!("shadow version {}", state.version),
                        format!("影子版本 {}", state.version),
                    ),
                ));
                s.state = Some(state);
            }
            ShadowMessage::Control(state) => {
                s.version = Some(state.version);
                s.last = Some((
                    true,
                    Text::new(
                        format!("the cloud set a desired state (version {})", state.version),
                        format!("云端设置了期望值（版本 {}）", state.version),
                    ),
                ));
                s.state = Some(state);
            }
            ShadowMessage::Refused { code, message } => {
                let (en, zh) = describe_shadow_code(code);
                s.last = Some((
                    false,
                    Text::new(
                        format!("refused, code {code}: {en} (\"{message}\")"),
                        format!("被拒绝，错误码 {code}：{zh}（「{message}」）"),
                    ),
                ));
            }
        });
    }
}

/// `/sys/${pk}/${dn}/thing/event/${identifier}/post_reply`.
fn is_post_reply(pk: &str, dn: &str, topic: &str) -> bool {
    topic
        .strip_prefix(&format!("/sys/{pk}/{dn}/thing/event/"))
        .and_then(|rest| rest.strip_suffix("/post_reply"))
        .is_some_and(|id| !id.is_empty() && !id.contains('/'))
}
