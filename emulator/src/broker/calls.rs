//! Cloud → device calls that wait for the device's answer: RRPC (request on
//! `/sys/${pk}/${dn}/rrpc/request/${id}`, answer on `…/rrpc/response/${id}`) and Alink service
//! calls and property sets (request on `…/thing/service/${identifier}`, answer on `…_reply`
//! carrying the same `id`). Each pending call remembers its device and the one topic its answer
//! must come on, so one map serves every kind of call.

use std::future::Future;
use std::time::Duration;

use bytes::Bytes;
use tokio::sync::oneshot;

use super::{Broker, PendingCall};
use crate::registry::DeviceKey;

/// What the cloud sends for a call with a given id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CallRequest {
    pub topic: String,
    pub payload: Bytes,
    /// The topic the device answers on.
    pub reply_topic: String,
}

/// How a call started.
#[derive(Debug)]
pub enum CallOutcome {
    /// The request went out (or at least the device is online): wait with
    /// [`Broker::wait_for_answer`].
    Pending(Call),
    /// The device is offline; nothing was sent.
    Offline,
}

/// A call waiting for its answer.
#[derive(Debug)]
pub struct Call {
    /// The id the answer must carry (a fresh message id).
    pub id: String,
    answer: oneshot::Receiver<Bytes>,
}

/// Forgets the pending call however the wait ends: answered (already gone), timed out, or the
/// HTTP caller went away and the waiting future was dropped, polled or not.
struct Forget<'a> {
    broker: &'a Broker,
    id: String,
}

impl Drop for Forget<'_> {
    fn drop(&mut self) {
        self.broker.lock().calls.remove(&self.id);
    }
}

impl Broker {
    /// Starts a call to the device: `request` builds what to send from a fresh id. Requests go
    /// with QoS 0, as Aliyun sends them; a device that is online but has not subscribed to the
    /// request topic never sees it, and the call times out, as on Aliyun.
    pub fn start_call(
        &self,
        key: &DeviceKey,
        origin: &str,
        request: impl FnOnce(&str) -> CallRequest,
    ) -> CallOutcome {
        let id = self.next_message_id();
        let CallRequest {
            topic,
            payload,
            reply_topic,
        } = request(&id);
        let (tx, rx) = oneshot::channel();
        {
            let mut state = self.lock();
            if !state.online.contains_key(key) {
                return CallOutcome::Offline;
            }
            state.calls.insert(
                id.clone(),
                PendingCall {
                    device: key.clone(),
                    reply_topic,
                    answer: tx,
                },
            );
        }
        self.deliver(key, &topic, payload, 0, origin);
        CallOutcome::Pending(Call { id, answer: rx })
    }

    /// A device answered call `id` on `topic`. Answers to unknown or expired ids, from another
    /// device or on another topic are ignored (they are still in the log as `publish_up`).
    pub fn answer_call(&self, key: &DeviceKey, topic: &str, id: &str, payload: Bytes) {
        let mut state = self.lock();
        let expected = state
            .calls
            .get(id)
            .is_some_and(|p| p.device == *key && p.reply_topic == topic);
        if expected {
            if let Some(pending) = state.calls.remove(id) {
                // The HTTP caller may have given up just now; then nobody needs the answer.
                let _ = pending.answer.send(payload);
            }
        }
    }

    /// Waits up to `limit` for the answer to `call`; `None` on timeout. The call is forgotten
    /// however the wait ends, even if the future is dropped before it is polled.
    pub fn wait_for_answer(
        &self,
        call: Call,
        limit: Duration,
    ) -> impl Future<Output = Option<Bytes>> + '_ {
        let forget = Forget {
            broker: self,
            id: call.id,
        };
        async move {
            let _forget = forget;
            match tokio::time::timeout(limit, call.answer).await {
                Ok(Ok(answer)) => Some(answer),
                _ => None,
            }
        }
    }

    /// How many calls are waiting for an answer.
    pub fn pending_calls(&self) -> usize {
        self.lock().calls.len()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::broker::{MessageLog, OnlineHandle};
    use crate::registry::demo_registry;

    const WAIT: Duration = Duration::from_secs(5);

    fn broker() -> Arc<Broker> {
        Broker::new(
            demo_registry().unwrap(),
            Duration::from_secs(1),
            MessageLog::new(false, 100),
        )
    }

    fn device(name: &str) -> DeviceKey {
        DeviceKey::new("a1MqttDemo1", name)
    }

    fn request(id: &str) -> CallRequest {
        CallRequest {
            topic: format!("/sys/a1MqttDemo1/console-demo/rrpc/request/{id}"),
            payload: Bytes::from_static(b"ping"),
            reply_topic: format!("/sys/a1MqttDemo1/console-demo/rrpc/response/{id}"),
        }
    }

    #[test]
    fn an_offline_device_gets_no_call() {
        let broker = broker();
        let outcome = broker.start_call(&device("console-demo"), "test", request);
        assert!(matches!(outcome, CallOutcome::Offline));
        assert_eq!(broker.pending_calls(), 0);
    }

    /// A broker with the demo device online and one call to it pending.
    fn one_call() -> (Arc<Broker>, DeviceKey, OnlineHandle, Call) {
        let broker = broker();
        let key = device("console-demo");
        let online = broker.go_online(&key, "c", "test", (crate::mqtt::Version::V4, &[]));
        let call = match broker.start_call(&key, "test", request) {
            CallOutcome::Pending(call) => call,
            CallOutcome::Offline => panic!("the device is online"),
        };
        (broker, key, online, call)
    }

    #[tokio::test]
    async fn only_the_right_device_topic_and_id_answer() {
        let (broker, key, _online, call) = one_call();
        let reply_topic = request(&call.id).reply_topic;
        let other = device("console-demo-2");
        broker.answer_call(&other, &reply_topic, &call.id, Bytes::from_static(b"x"));
        broker.answer_call(&key, "/elsewhere", &call.id, Bytes::from_static(b"x"));
        broker.answer_call(&key, &reply_topic, "1", Bytes::from_static(b"x"));
        assert_eq!(broker.pending_calls(), 1);
        broker.answer_call(&key, &reply_topic, &call.id, Bytes::from_static(b"pong"));
        assert_eq!(broker.pending_calls(), 0);
        let answer = broker.wait_for_answer(call, WAIT).await;
        assert_eq!(answer.as_deref(), Some(&b"pong"[..]));
    }

    #[tokio::test]
    async fn a_call_is_forgotten_on_timeout_and_when_the_caller_leaves() {
        let (broker, key, _online, call) = one_call();
        let id = call.id.clone();
        assert_eq!(
            broker.wait_for_answer(call, Duration::from_millis(5)).await,
            None
        );
        assert_eq!(broker.pending_calls(), 0);
        // A late answer finds nothing.
        broker.answer_call(&key, &request(&id).reply_topic, &id, Bytes::new());

        let CallOutcome::Pending(call) = broker.start_call(&key, "test", request) else {
            panic!("the device is online");
        };
        let waiting = broker.wait_for_answer(call, WAIT);
        assert_eq!(broker.pending_calls(), 1);
        drop(waiting);
        assert_eq!(broker.pending_calls(), 0);
    }
}
