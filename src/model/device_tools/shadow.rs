//! The device shadow: get, report, take on the desired state; versions tracked from every
//! answer and push.

use super::send::{connected, ToolError, ToolSend};
use crate::aliyun::{
    parse_shadow, shadow_accept_desired, shadow_get_request, shadow_report, AlinkError,
    DeviceIdentity, DeviceTopic, ShadowMessage, ShadowState,
};

/// What the last shadow answer or push said.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShadowOutcome {
    /// An update was accepted; the shadow is at `version`.
    Accepted {
        /// The new version.
        version: u64,
    },
    /// The answer to a get, at `version`.
    Document {
        /// The document's version.
        version: u64,
    },
    /// The cloud set a desired state, at `version`.
    Control {
        /// The document's version.
        version: u64,
    },
    /// A request was refused (e.g. 409, a version conflict).
    Refused {
        /// Aliyun's shadow error code.
        code: u16,
        /// The cloud's own words.
        message: String,
    },
    /// A message on the shadow topic could not be read.
    Unreadable(AlinkError),
}

impl ShadowOutcome {
    /// Whether it is good news (shown plainly, not as an error).
    pub fn ok(&self) -> bool {
        !matches!(
            self,
            ShadowOutcome::Refused { .. } | ShadowOutcome::Unreadable(_)
        )
    }
}

/// What the app knows of the device shadow.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ShadowView {
    /// The last state seen (get answer or control push); `None` before any.
    pub state: Option<ShadowState>,
    /// The last version the cloud confirmed, from any answer.
    pub version: Option<u64>,
    /// The outcome of the last request, or the last push.
    pub last: Option<ShadowOutcome>,
}

impl ShadowView {
    /// One more than the last version the cloud confirmed (1 before any).
    pub fn next_version(&self) -> u64 {
        self.version.map_or(1, |v| v + 1)
    }

    /// The version typed: empty means [`ShadowView::next_version`].
    pub fn parse_version(&self, text: &str) -> Result<u64, ToolError> {
        if text.trim().is_empty() {
            return Ok(self.next_version());
        }
        text.trim()
            .parse::<u64>()
            .map_err(|_| ToolError::BadVersion(text.to_owned()))
    }

    /// Whether there is a desired state to take on.
    pub fn has_desired(&self) -> bool {
        self.state.as_ref().is_some_and(|s| !s.desired.is_empty())
    }

    /// Asks for the shadow (listening on the get topic first).
    pub fn get(&self, device: Option<DeviceIdentity<'_>>) -> Result<Vec<ToolSend>, ToolError> {
        let device = connected(device)?;
        Ok(vec![
            ToolSend::subscribe(device.shadow_get()),
            ToolSend::publish(device.shadow_update(), shadow_get_request()),
        ])
    }

    /// Sends an update: `reported` JSON as `version`, or, with `accept_desired`, the desired
    /// state taken on (reported = desired, desired cleared).
    pub fn update(
        &self,
        device: Option<DeviceIdentity<'_>>,
        reported: &str,
        version: u64,
        accept_desired: bool,
    ) -> Result<Vec<ToolSend>, ToolError> {
        let device = connected(device)?;
        let payload = if accept_desired {
            let desired = self
                .state
                .as_ref()
                .map(|st| &st.desired)
                .filter(|d| !d.is_empty())
                .ok_or(ToolError::NoDesiredState)?;
            shadow_accept_desired(desired, version)
        } else {
            shadow_report(reported, version)?
        };
        Ok(vec![
            ToolSend::subscribe(device.shadow_get()),
            ToolSend::publish(device.shadow_update(), payload),
        ])
    }

    /// Whether `topic` is the device's shadow topic.
    pub fn is_shadow(&self, device: DeviceIdentity<'_>, topic: &str) -> bool {
        device.classify(topic) == Some(DeviceTopic::ShadowGet)
    }

    /// Reads a message on the shadow topic.
    pub fn observe(&mut self, payload: &[u8]) {
        let message = match parse_shadow(payload) {
            Ok(m) => m,
            Err(e) => {
                self.last = Some(ShadowOutcome::Unreadable(e));
                return;
            }
        };
        match message {
            ShadowMessage::Accepted { version } => {
                self.version = Some(version);
                if let Some(state) = &mut self.state {
                    state.version = version;
                }
                self.last = Some(ShadowOutcome::Accepted { version });
            }
            ShadowMessage::Document(state) => {
                self.version = Some(state.version);
                self.last = Some(ShadowOutcome::Document {
                    version: state.version,
                });
                self.state = Some(state);
            }
            ShadowMessage::Control(state) => {
                self.version = Some(state.version);
                self.last = Some(ShadowOutcome::Control {
                    version: state.version,
                });
                self.state = Some(state);
            }
            ShadowMessage::Refused { code, message } => {
                self.last = Some(ShadowOutcome::Refused { code, message });
            }
        }
    }
}
