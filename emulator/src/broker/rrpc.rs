//! RRPC (revert RPC): the cloud publishes a request on `/sys/${pk}/${dn}/rrpc/request/${id}`
//! and waits for the device's answer on `/sys/${pk}/${dn}/rrpc/response/${id}`.

use bytes::Bytes;
use tokio::sync::oneshot;

use super::{Broker, PendingRrpc};
use crate::registry::DeviceKey;

/// How an RRPC call started.
#[derive(Debug)]
pub enum RrpcOutcome {
    /// The request went out (or at least the device is online); wait on `reply`.
    Pending {
        message_id: String,
        reply: oneshot::Receiver<Bytes>,
    },
    /// Aliyun's `OFFLINE`: nothing was sent.
    Offline,
}

impl Broker {
    /// Sends an RRPC request to the device. A device that is online but has not subscribed to
    /// `…/rrpc/request/+` never sees it, and the call times out, as on Aliyun.
    pub fn rrpc_start(&self, key: &DeviceKey, payload: Bytes) -> RrpcOutcome {
        let message_id = self.next_message_id();
        let (tx, rx) = oneshot::channel();
        {
            let mut state = self.lock();
            if !state.online.contains_key(key) {
                return RrpcOutcome::Offline;
            }
            state.rrpc.insert(
                message_id.clone(),
                PendingRrpc {
                    device: key.clone(),
                    reply: tx,
                },
            );
        }
        let topic = format!(
            "/sys/{}/{}/rrpc/request/{message_id}",
            key.product_key, key.device_name
        );
        // Aliyun sends RRPC requests with QoS 0.
        self.deliver(key, &topic, payload, 0, "RRPC request");
        RrpcOutcome::Pending {
            message_id,
            reply: rx,
        }
    }

    /// A device answered `message_id`. Answers to unknown or expired ids, or from another
    /// device, are ignored (they are still in the log as `publish_up`).
    pub fn rrpc_reply(&self, key: &DeviceKey, message_id: &str, payload: Bytes) {
        let mut state = self.lock();
        if state.rrpc.get(message_id).is_some_and(|p| p.device == *key) {
            if let Some(pending) = state.rrpc.remove(message_id) {
                // The HTTP caller may have given up just now; then nobody needs the answer.
                let _ = pending.reply.send(payload);
            }
        }
    }

    /// Forgets a call that timed out.
    pub fn rrpc_cancel(&self, message_id: &str) {
        self.lock().rrpc.remove(message_id);
    }
}
