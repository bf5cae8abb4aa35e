//! How a link ends: the user's DISCONNECT (with a reason on MQTT 5), a transport that closed
//! underneath, and a fatal error (with our DISCONNECT saying why on MQTT 5).

use super::encode;
use super::encode_v5;
use super::MqttError;
use super::{CloseReason, ProtocolVersion, ReasonCode, ReasonPacket, Session, SessionState};

impl Session {
    /// Call when the user disconnects: queues DISCONNECT (if CONNECT went out) and closes the
    /// session for good. Drain `poll_transmit` before closing the transport so the broker sees it
    /// and does not publish the will. Unacknowledged publishes are given up.
    pub fn disconnect(&mut self) {
        self.disconnect_with(ReasonCode::Success, None);
    }

    /// Like [`Session::disconnect`], saying why on MQTT 5: `reason` 0x00 (normal) or 0x04 (the
    /// broker should publish our will all the same), and optionally a new session expiry. A
    /// code a client may not send goes out as 0x80; a session expiry is dropped when the CONNECT
    /// asked for 0, since changing it then is a protocol error [MQTT-3.14.2-2]. On MQTT 3.1.1
    /// both are ignored.
    pub fn disconnect_with(&mut self, reason: ReasonCode, session_expiry_secs: Option<u32>) {
        if matches!(
            self.state,
            SessionState::AwaitingConnAck | SessionState::Connected
        ) {
            let bytes = match self.options.version {
                ProtocolVersion::V311 => encode::disconnect(),
                ProtocolVersion::V5 => {
                    let reason = if reason.allowed_on(ReasonPacket::Disconnect)
                        && reason != ReasonCode::SessionTakenOver
                    {
                        reason
                    } else {
                        ReasonCode::UnspecifiedError
                    };
                    let expiry = session_expiry_secs
                        .filter(|_| self.options.properties.session_expiry_secs != 0);
                    encode_v5::disconnect(reason, expiry)
                }
            };
            if let Ok(bytes) = bytes {
                // The time only feeds keepalive, which stops right here.
                self.transmit.push_back(bytes);
            }
        }
        self.reconnect.cancel();
        self.close(CloseReason::Disconnected);
    }

    /// Call when the transport closed underneath us (or failed to open). Unsent packets are
    /// dropped; unacknowledged QoS 1/2 publishes, PUBRELs and subscription requests stay for the
    /// next link. A session that had already closed keeps its first reason.
    pub fn connection_lost(&mut self) {
        self.transmit.clear();
        if self.state != SessionState::Closed {
            self.close(CloseReason::LinkLost);
        }
    }

    /// Stops all timers and drops half-received bytes; queued packets stay so a DISCONNECT can
    /// still be sent.
    pub(super) fn close(&mut self, reason: CloseReason) {
        self.state = SessionState::Closed;
        self.close_reason = Some(reason);
        self.connack_deadline = None;
        self.keepalive.stop();
        self.framer.clear();
    }

    /// Closes after a fatal error. Nothing queued is worth sending to a broker that broke the
    /// protocol or vanished, so the queue goes too; on MQTT 5 a DISCONNECT saying what the
    /// broker did wrong takes its place (the caller drains it before closing the socket).
    pub(super) fn fail(&mut self, error: MqttError) -> MqttError {
        self.transmit.clear();
        let link_up = matches!(
            self.state,
            SessionState::AwaitingConnAck | SessionState::Connected
        );
        if link_up && self.options.version == ProtocolVersion::V5 {
            if let Some(reason) = error.disconnect_reason() {
                if let Ok(bytes) = encode_v5::disconnect(reason, None) {
                    self.transmit.push_back(bytes);
                }
            }
        }
        self.close(CloseReason::Failed(error.clone()));
        error
    }
}
