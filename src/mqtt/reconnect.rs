//! When to reconnect after a link ends, and whether to at all.
//!
//! The policy is a plain value and the decision a plain function, so both are tested without a
//! session. Time and randomness come from the caller: the session never reads a clock or a random
//! source, which keeps every run reproducible.

use super::{Millis, MqttError, ReasonCode};

/// Why the session is [`Closed`](super::SessionState::Closed), from
/// [`Session::close_reason`](super::Session::close_reason). Its words (and `Display`) live in
/// the i18n layer (`src/i18n`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CloseReason {
    /// The user called [`Session::disconnect`](super::Session::disconnect).
    Disconnected,
    /// The transport closed underneath the session or failed to open
    /// ([`Session::connection_lost`](super::Session::connection_lost)).
    LinkLost,
    /// The broker answered CONNECT with this non-zero return code (MQTT 3.1.1).
    Refused { code: u8 },
    /// MQTT 5: the broker answered CONNECT with this reason code (0x80 and up), maybe with a
    /// reason string and another server to use.
    RefusedV5 {
        reason: ReasonCode,
        reason_string: Option<String>,
        server_reference: Option<String>,
    },
    /// MQTT 5: the broker closed the link with a DISCONNECT carrying this reason.
    ServerDisconnected {
        reason: ReasonCode,
        reason_string: Option<String>,
        server_reference: Option<String>,
    },
    /// `handle_bytes` or `handle_timeout` failed with this error and closed the link.
    Failed(MqttError),
}

/// Call to decide whether a link that ended for `reason` is worth retrying without the user.
///
/// Only causes that can go away by themselves qualify: a lost link, a deadline missed and a
/// broker that is temporarily unavailable (CONNACK 3). A refusal for the protocol version, the
/// client id, the credentials or authorisation (CONNACK 1, 2, 4, 5) repeats on every attempt, and
/// so does a broker that breaks the protocol, e.g. with a malformed retained message that comes
/// back on every resubscription; retrying those would only loop, so the reason is shown instead.
///
/// MQTT 5 says more. A CONNACK refusal is retried for a server unavailable (0x88) or busy
/// (0x89), a quota (0x97) and a connection rate (0x9F) exceeded: load and quotas change, and the
/// backoff keeps us from adding to them. A DISCONNECT from the server is retried for busy
/// (0x89), shutting down (0x8B, it is coming back), a keepalive timeout (0x8D, the network
/// hiccupped), a message rate (0x96), quota (0x97) or connection rate (0x9F) exceeded, and the
/// maximum connect time (0xA0, a new link is allowed). Never for a session taken over (0x8E):
/// another client with our id took it, and two consoles would kick each other out forever;
/// nor for an administrative action (0x98), a protocol complaint about our packets (it would
/// repeat), a normal disconnection the server chose, or a pointer to another server (0x9C,
/// 0x9D), which the user must decide to follow.
pub fn should_reconnect(reason: &CloseReason) -> bool {
    use ReasonCode as R;
    match reason {
        CloseReason::Disconnected => false,
        CloseReason::LinkLost => true,
        CloseReason::Refused { code } => *code == 3,
        CloseReason::RefusedV5 { reason, .. } => matches!(
            reason,
            R::ServerUnavailable | R::ServerBusy | R::QuotaExceeded | R::ConnectionRateExceeded
        ),
        CloseReason::ServerDisconnected { reason, .. } => matches!(
            reason,
            R::ServerBusy
                | R::ServerShuttingDown
                | R::KeepAliveTimeout
                | R::MessageRateTooHigh
                | R::QuotaExceeded
                | R::ConnectionRateExceeded
                | R::MaximumConnectTime
        ),
        CloseReason::Failed(error) => {
            matches!(error, MqttError::ConnAckTimeout | MqttError::PingTimeout)
        }
    }
}

/// Exponential backoff with jitter and a cap. Set it with
/// [`Session::set_reconnect_policy`](super::Session::set_reconnect_policy).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ReconnectPolicy {
    /// The delay before the first attempt.
    pub initial_delay_ms: Millis,
    /// No delay is longer than this. A link that stayed connected at least this long counts as
    /// stable: the next loss starts again from `initial_delay_ms`.
    pub max_delay_ms: Millis,
    /// Each further attempt waits this many times longer; values below 1 count as 1.
    pub multiplier: f64,
    /// How much of each delay may be cut at random (0..=1), so that many clients dropped at once
    /// do not all come back in the same instant.
    pub jitter: f64,
}

impl Default for ReconnectPolicy {
    fn default() -> Self {
        ReconnectPolicy {
            initial_delay_ms: 1_000,
            max_delay_ms: 30_000,
            multiplier: 2.0,
            jitter: 0.5,
        }
    }
}

/// Clamps into 0..=1, treating NaN as 0, so no input can make a delay negative or infinite.
fn unit(x: f64) -> f64 {
    if x.is_nan() {
        0.0
    } else {
        x.clamp(0.0, 1.0)
    }
}

impl ReconnectPolicy {
    /// The wait before attempt number `attempt` (0 = the first after a loss). `random` is a
    /// number in 0..1 from the caller's random source; the delay lies between
    /// `(1 - jitter) × base` and `base`, where `base = initial × multiplier^attempt`, capped.
    pub fn delay(&self, attempt: u32, random: f64) -> Millis {
        let max = self.max_delay_ms.max(self.initial_delay_ms);
        if self.initial_delay_ms == 0 {
            return 0;
        }
        let multiplier = if self.multiplier.is_finite() && self.multiplier > 1.0 {
            self.multiplier
        } else {
            1.0
        };
        let exponent = i32::try_from(attempt).unwrap_or(i32::MAX);
        let base = (self.initial_delay_ms as f64 * multiplier.powi(exponent)).min(max as f64);
        let delay = base * (1.0 - unit(self.jitter) * unit(random));
        // `as` saturates, and `delay` is finite and within 0..=max here.
        (delay.round() as Millis).min(max)
    }
}

/// The session's reconnect bookkeeping: the policy, how many attempts failed in a row, and the
/// time of the next one.
#[derive(Debug, Default)]
pub(crate) struct Reconnector {
    policy: Option<ReconnectPolicy>,
    attempt: u32,
    planned: Option<Millis>,
    connected_at: Option<Millis>,
}

impl Reconnector {
    pub(crate) fn set_policy(&mut self, policy: Option<ReconnectPolicy>) {
        self.policy = policy;
        if policy.is_none() {
            self.planned = None;
        }
    }

    pub(crate) fn attempt(&self) -> u32 {
        self.attempt
    }

    pub(crate) fn planned(&self) -> Option<Millis> {
        self.planned
    }

    pub(crate) fn on_connected(&mut self, now: Millis) {
        self.connected_at = Some(now);
    }

    /// A new transport is up and CONNECT goes out: the planned attempt is being made.
    pub(crate) fn on_start(&mut self) {
        self.planned = None;
    }

    /// The user disconnected: nothing more is planned.
    pub(crate) fn cancel(&mut self) {
        self.planned = None;
        self.connected_at = None;
    }

    /// Plans the next attempt after a link ended for `reason`. A plan still in the future is kept,
    /// so calling twice for one loss is harmless; a plan already due means its attempt failed
    /// before `start` (the transport did not open), so the next one is planned.
    pub(crate) fn plan(
        &mut self,
        reason: &CloseReason,
        now: Millis,
        random: f64,
    ) -> Option<Millis> {
        let policy = self.policy?;
        if !should_reconnect(reason) {
            self.planned = None;
            return None;
        }
        if let Some(at) = self.planned {
            if at > now {
                return Some(at);
            }
        }
        if let Some(since) = self.connected_at.take() {
            if now.saturating_sub(since) >= policy.max_delay_ms {
                self.attempt = 0;
            }
        }
        let at = now.saturating_add(policy.delay(self.attempt, random));
        self.attempt = self.attempt.saturating_add(1);
        self.planned = Some(at);
        Some(at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> ReconnectPolicy {
        ReconnectPolicy {
            initial_delay_ms: 100,
            max_delay_ms: 1_000,
            multiplier: 2.0,
            jitter: 0.5,
        }
    }

    #[test]
    fn delays_grow_exponentially_up_to_the_cap() {
        let p = policy();
        let no_jitter: Vec<_> = (0..7).map(|a| p.delay(a, 0.0)).collect();
        assert_eq!(no_jitter, [100, 200, 400, 800, 1_000, 1_000, 1_000]);
        assert_eq!(p.delay(u32::MAX, 0.0), 1_000);
        // Jitter only shortens, by at most its share.
        assert_eq!(p.delay(0, 1.0), 50);
        assert_eq!(p.delay(3, 0.5), 600);
        assert_eq!(p.delay(10, 0.999_999), 500);
    }

    #[test]
    fn odd_settings_and_inputs_stay_in_range() {
        let odd = ReconnectPolicy {
            initial_delay_ms: 500,
            max_delay_ms: 10,
            multiplier: f64::NAN,
            jitter: 7.0,
        };
        assert_eq!(
            odd.delay(0, 0.0),
            500,
            "the cap is never below the first delay"
        );
        assert_eq!(odd.delay(5, 1.0), 0, "jitter over 1 counts as 1");
        let shrinking = ReconnectPolicy {
            multiplier: 0.1,
            ..policy()
        };
        assert_eq!(shrinking.delay(4, 0.0), 100);
        for random in [f64::NAN, -3.0, f64::INFINITY] {
            let d = policy().delay(2, random);
            assert!((200..=400).contains(&d), "{random}: {d}");
        }
        let zero = ReconnectPolicy {
            initial_delay_ms: 0,
            ..policy()
        };
        assert_eq!(zero.delay(9, 0.3), 0);
    }

    #[test]
    fn which_reasons_are_retried() {
        let retried = [
            CloseReason::LinkLost,
            CloseReason::Refused { code: 3 },
            CloseReason::Failed(MqttError::PingTimeout),
            CloseReason::Failed(MqttError::ConnAckTimeout),
        ];
        for reason in retried {
            assert!(should_reconnect(&reason), "{reason:?}");
        }
        let final_ = [
            CloseReason::Disconnected,
            CloseReason::Refused { code: 1 },
            CloseReason::Refused { code: 2 },
            CloseReason::Refused { code: 4 },
            CloseReason::Refused { code: 5 },
            CloseReason::Failed(MqttError::MalformedPacket("x".into())),
            CloseReason::Failed(MqttError::InvalidIncomingTopic("x".into())),
            CloseReason::Failed(MqttError::IncomingPacketTooLarge { size: 2, max: 1 }),
        ];
        for reason in final_ {
            assert!(!should_reconnect(&reason), "{reason:?}");
            assert!(!reason.to_string().is_empty());
        }
        assert_eq!(
            CloseReason::Refused { code: 4 }.to_string(),
            "the broker refused the connection: wrong username or password"
        );
    }

    #[test]
    fn which_mqtt5_reasons_are_retried() {
        use ReasonCode as R;
        let refused = |reason| CloseReason::RefusedV5 {
            reason,
            reason_string: None,
            server_reference: None,
        };
        let dropped = |reason| CloseReason::ServerDisconnected {
            reason,
            reason_string: Some("why".into()),
            server_reference: None,
        };
        for reason in [
            R::ServerUnavailable,
            R::ServerBusy,
            R::QuotaExceeded,
            R::ConnectionRateExceeded,
        ] {
            assert!(should_reconnect(&refused(reason)), "{reason:?}");
        }
        for reason in [
            R::UnspecifiedError,
            R::BadUserNameOrPassword,
            R::NotAuthorized,
            R::ClientIdentifierNotValid,
            R::Banned,
            R::UnsupportedProtocolVersion,
            R::UseAnotherServer,
            R::ServerMoved,
        ] {
            assert!(!should_reconnect(&refused(reason)), "{reason:?}");
        }
        for reason in [
            R::ServerBusy,
            R::ServerShuttingDown,
            R::KeepAliveTimeout,
            R::MessageRateTooHigh,
            R::QuotaExceeded,
            R::ConnectionRateExceeded,
            R::MaximumConnectTime,
        ] {
            assert!(should_reconnect(&dropped(reason)), "{reason:?}");
        }
        for reason in [
            R::SessionTakenOver,
            R::AdministrativeAction,
            R::Success,
            R::ProtocolError,
            R::MalformedPacket,
            R::NotAuthorized,
            R::UseAnotherServer,
            R::ServerMoved,
            R::TopicAliasInvalid,
        ] {
            assert!(!should_reconnect(&dropped(reason)), "{reason:?}");
        }
    }

    #[test]
    fn plans_back_off_and_reset_after_a_stable_link() {
        let mut r = Reconnector::default();
        assert_eq!(r.plan(&CloseReason::LinkLost, 0, 0.0), None, "no policy");
        r.set_policy(Some(policy()));
        assert_eq!(r.plan(&CloseReason::LinkLost, 0, 0.0), Some(100));
        assert_eq!(r.plan(&CloseReason::LinkLost, 50, 0.9), Some(100), "kept");
        // The transport failed to open at 100: the next attempt backs off.
        assert_eq!(r.plan(&CloseReason::LinkLost, 100, 0.0), Some(300));
        r.on_start();
        r.on_connected(310);
        // Dropped soon after CONNACK: keep backing off.
        assert_eq!(r.plan(&CloseReason::LinkLost, 400, 0.0), Some(800));
        r.on_start();
        r.on_connected(810);
        // Stable for the cap's length: start over.
        assert_eq!(r.plan(&CloseReason::LinkLost, 1_810, 0.0), Some(1_910));
        assert_eq!(r.attempt(), 1);
        assert_eq!(r.plan(&CloseReason::Refused { code: 5 }, 2_000, 0.0), None);
        assert_eq!(r.planned(), None);
    }
}
