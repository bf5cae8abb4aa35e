//! Device-side tools for Aliyun: NTP clock sync and RRPC answers. The console feeds every
//! received message through [`DeviceTools::observe`]; what needs sending comes back as a list.

use leptos::prelude::*;

use crate::aliyun::{
    ntp_response_topic, parse_alink_reply, parse_ntp_reply, property_post_reply_topic,
    rrpc_message_id, rrpc_response_topic,
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

/// A property post and the platform's answer, side by side.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AlinkPost {
    /// The request id.
    pub id: String,
    /// The params sent.
    pub params: String,
    /// The reply: code and message, once it came.
    pub reply: Option<(i64, String)>,
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
}

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
        if topic == property_post_reply_topic(pk, dn) {
            if let Ok(reply) = parse_alink_reply(payload) {
                self.alink_posts.update(|posts| {
                    if let Some(p) = posts.iter_mut().find(|p| p.id == reply.id) {
                        p.reply = Some((reply.code, reply.message));
                    }
                });
            }
            return Vec::new();
        }
        let Some(id) = rrpc_message_id(pk, dn, topic) else {
            return Vec::new();
        };
        let auto = self.rrpc_auto.get_untracked();
        self.rrpc_requests.update(|list| {
            list.push(RrpcRequest {
                message_id: id.to_owned(),
                payload: String::from_utf8_lossy(payload).into_owned(),
                received_ms: now_ms,
                state: if auto {
                    RrpcState::Replied
                } else {
                    RrpcState::Pending
                },
            });
            // A long session must not grow without bound; the newest requests matter.
            if list.len() > 200 {
                list.remove(0);
            }
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
}
