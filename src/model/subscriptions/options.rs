//! The MQTT 5 options of a subscription: as the subscribe panel holds them for the next
//! subscribe (and a profile saves them), and as one subscription keeps them for resending.

use serde::{Deserialize, Serialize};

use crate::model::server::{Limit, ServerInfo};
use crate::mqtt::{QoS, RetainHandling, SubscribeOptions};

/// The largest subscription identifier MQTT 5 allows (a variable byte integer) [MQTT-3.8.2.1.2].
pub const MAX_SUBSCRIPTION_IDENTIFIER: u32 = 268_435_455;

/// The MQTT 5 options of one subscription (its QoS is kept beside them).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct SubOptions {
    /// Do not send our own publishes back.
    pub no_local: bool,
    /// Keep the retain flag as published.
    pub retain_as_published: bool,
    /// When retained messages are sent.
    pub retain_handling: RetainHandling,
    /// The subscription identifier, echoed on every message it matches.
    pub identifier: Option<u32>,
}

impl SubOptions {
    /// The options as the session takes them, with `qos`.
    pub fn with_qos(&self, qos: QoS) -> SubscribeOptions {
        SubscribeOptions {
            qos,
            no_local: self.no_local,
            retain_as_published: self.retain_as_published,
            retain_handling: self.retain_handling,
        }
    }
}

/// The subscribe panel's options for the next subscribe, as chosen and typed. Saved with the
/// profile beside its subscribe topic.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SubscribeDraft {
    /// `sub-no-local`.
    pub no_local: bool,
    /// `sub-retain-as-published`.
    pub retain_as_published: bool,
    /// `sub-retain-handling`: 0, 1 or 2.
    pub retain_handling: u8,
    /// `sub-identifier`: empty = none.
    pub identifier: String,
}

/// Why a subscribe cannot go out as asked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SubscribeProblem {
    /// The subscription identifier is not a whole number from 1 to 268,435,455.
    IdentifierInvalid(String),
    /// Retain handling other than 0, 1 or 2 (a hand-edited profile).
    RetainHandlingInvalid(u8),
    /// `$share/{group}/{filter}` with an empty or wildcard group, or no filter.
    SharedMalformed,
    /// No local on a shared subscription is a protocol error [MQTT-3.8.3-4].
    NoLocalOnShared,
    /// The server does not offer what was asked.
    Limit(Limit),
}

impl SubscribeDraft {
    /// Whether the draft asks for nothing beyond MQTT 3.1.1 (so a profile need not save it).
    pub fn is_default(&self) -> bool {
        self == &SubscribeDraft::default()
    }

    /// The options for `filter` on a connection to `server`. On MQTT 3.1.1 the MQTT 5 options
    /// are not shown and not sent; the server's limits are checked on MQTT 5.
    pub fn options(
        &self,
        filter: &str,
        server: &ServerInfo,
    ) -> Result<SubOptions, SubscribeProblem> {
        server.filter(filter).map_err(SubscribeProblem::Limit)?;
        if server.subscribe_options().is_err() {
            return Ok(SubOptions::default());
        }
        let retain_handling = RetainHandling::from_u8(self.retain_handling).ok_or(
            SubscribeProblem::RetainHandlingInvalid(self.retain_handling),
        )?;
        if let Some(rest) = filter.strip_prefix("$share/") {
            let (group, inner) = rest.split_once('/').unwrap_or((rest, ""));
            if group.is_empty() || group.contains(['+', '#']) || inner.is_empty() {
                return Err(SubscribeProblem::SharedMalformed);
            }
            if self.no_local {
                return Err(SubscribeProblem::NoLocalOnShared);
            }
        }
        let identifier = match self.identifier.trim() {
            "" => None,
            text => {
                let id = text
                    .parse::<u32>()
                    .ok()
                    .filter(|id| (1..=MAX_SUBSCRIPTION_IDENTIFIER).contains(id))
                    .ok_or_else(|| SubscribeProblem::IdentifierInvalid(self.identifier.clone()))?;
                server
                    .subscription_identifier()
                    .map_err(SubscribeProblem::Limit)?;
                Some(id)
            }
        };
        Ok(SubOptions {
            no_local: self.no_local,
            retain_as_published: self.retain_as_published,
            retain_handling,
            identifier,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mqtt::{ProtocolVersion, ServerCapabilities};

    fn v5() -> ServerInfo {
        ServerInfo::before_connack(ProtocolVersion::V5)
    }

    #[test]
    fn mqtt_311_sends_no_mqtt5_option() {
        let draft = SubscribeDraft {
            no_local: true,
            identifier: "nonsense".into(),
            ..SubscribeDraft::default()
        };
        assert_eq!(
            draft.options("a/#", &ServerInfo::default()),
            Ok(SubOptions::default())
        );
    }

    #[test]
    fn mqtt5_options_are_carried() {
        let draft = SubscribeDraft {
            no_local: true,
            retain_as_published: true,
            retain_handling: 2,
            identifier: " 42 ".into(),
        };
        let options = draft.options("a/#", &v5()).unwrap();
        assert_eq!(
            options,
            SubOptions {
                no_local: true,
                retain_as_published: true,
                retain_handling: RetainHandling::DoNotSend,
                identifier: Some(42),
            }
        );
        let wire = options.with_qos(QoS::AtLeastOnce);
        assert_eq!(wire.qos, QoS::AtLeastOnce);
        assert!(wire.no_local && wire.retain_as_published);
    }

    #[test]
    fn bad_identifiers_and_shared_filters_are_named() {
        let mut draft = SubscribeDraft::default();
        for bad in ["0", "268435456", "x", "-1"] {
            draft.identifier = bad.into();
            assert_eq!(
                draft.options("a", &v5()),
                Err(SubscribeProblem::IdentifierInvalid(bad.into())),
                "{bad}"
            );
        }
        draft.identifier = "268435455".into();
        assert!(draft.options("a", &v5()).is_ok());
        draft.identifier.clear();
        for bad in ["$share/", "$share/g", "$share/g+/a", "$share//a"] {
            assert_eq!(
                draft.options(bad, &v5()),
                Err(SubscribeProblem::SharedMalformed),
                "{bad}"
            );
        }
        assert!(draft.options("$share/g/a/#", &v5()).is_ok());
        draft.no_local = true;
        assert_eq!(
            draft.options("$share/g/a", &v5()),
            Err(SubscribeProblem::NoLocalOnShared)
        );
        draft.retain_handling = 3;
        assert_eq!(
            draft.options("a", &v5()),
            Err(SubscribeProblem::RetainHandlingInvalid(3))
        );
    }

    #[test]
    fn the_servers_limits_refuse_before_sending() {
        let server = ServerInfo {
            version: ProtocolVersion::V5,
            capabilities: ServerCapabilities {
                wildcard_subscription_available: false,
                subscription_identifiers_available: false,
                shared_subscription_available: false,
                ..ServerCapabilities::default()
            },
        };
        let mut draft = SubscribeDraft::default();
        assert_eq!(
            draft.options("a/#", &server),
            Err(SubscribeProblem::Limit(Limit::WildcardsNotAvailable))
        );
        assert_eq!(
            draft.options("$share/g/a", &server),
            Err(SubscribeProblem::Limit(Limit::SharedNotAvailable))
        );
        draft.identifier = "7".into();
        assert_eq!(
            draft.options("a", &server),
            Err(SubscribeProblem::Limit(
                Limit::SubscriptionIdentifiersNotAvailable
            ))
        );
        draft.identifier.clear();
        assert!(draft.options("a", &server).is_ok());
    }

    #[test]
    fn a_draft_round_trips_and_defaults_when_missing() {
        let draft = SubscribeDraft {
            no_local: true,
            retain_handling: 1,
            ..SubscribeDraft::default()
        };
        let json = serde_json::to_string(&draft).unwrap();
        assert_eq!(
            serde_json::from_str::<SubscribeDraft>(&json).unwrap(),
            draft
        );
        assert!(serde_json::from_str::<SubscribeDraft>("{}")
            .unwrap()
            .is_default());
    }
}
