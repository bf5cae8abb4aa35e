//! What an MQTT 5 CONNACK changes: the server's capabilities rule the link from here on.

use super::{
    CloseReason, Event, Millis, MqttError, ReasonCode, ServerCapabilities, Session, SessionState,
};

impl Session {
    pub(super) fn handle_connack_v5(
        &mut self,
        session_present: bool,
        reason: ReasonCode,
        capabilities: ServerCapabilities,
        now: Millis,
    ) -> Result<(), MqttError> {
        if self.state != SessionState::AwaitingConnAck {
            return Err(MqttError::UnexpectedConnAck);
        }
        self.connack_deadline = None;
        if reason.is_error() {
            self.events.push_back(Event::Refused {
                code: reason.as_u8(),
            });
            self.close(CloseReason::RefusedV5 {
                reason,
                reason_string: capabilities.reason_string.clone(),
                server_reference: capabilities.server_reference.clone(),
            });
            self.capabilities = capabilities;
            return Ok(());
        }
        // The server's receive maximum caps our inflight window, and its keep alive replaces
        // ours [MQTT-3.2.2-21].
        self.inflight
            .set_server_receive_maximum(capabilities.receive_maximum);
        if let Some(secs) = capabilities.server_keep_alive {
            self.keepalive.set_interval_secs(secs);
        }
        if self.options.client_id.is_empty() {
            if let Some(id) = &capabilities.assigned_client_identifier {
                self.assigned_client_id = Some(id.clone());
            }
        }
        self.capabilities = capabilities;
        self.state = SessionState::Connected;
        self.keepalive.start(now);
        self.reconnect.on_connected(now);
        self.events.push_back(Event::Connected { session_present });
        // As on MQTT 3.1.1 (see `handle_connack`): a stored session is only believed where
        // Clean Start asked to keep one.
        self.resume(session_present && !self.options.clean_session, now)
    }
}
