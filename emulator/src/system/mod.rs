//! What the cloud itself answers: NTP time, Alink post replies, answers to the cloud's calls
//! (RRPC, Alink services and property set) and the device shadow. Called after a
//! device's PUBLISH was authorized and logged; replies go out like any cloud → device message,
//! so the device sees them only if it subscribed to a matching filter.

pub mod alink;
pub mod ntp;
pub mod shadow;

use bytes::Bytes;
use mqtt_console::aliyun::DeviceTopic;

use crate::broker::Broker;
use crate::clock::now_ms;
use crate::registry::DeviceKey;

/// Reacts to an accepted device → cloud message that arrived at `received_at` (ms).
pub fn handle_uplink(
    broker: &Broker,
    key: &DeviceKey,
    topic: &str,
    payload: &[u8],
    received_at: u64,
) {
    let device = key.identity();
    let rest = match device.classify(topic) {
        Some(DeviceTopic::NtpRequest) => {
            let send_time = now_ms().max(received_at);
            if let Some(reply) = ntp::response(payload, received_at, send_time) {
                let response_topic = device.ntp_response();
                broker.deliver(key, &response_topic, Bytes::from(reply), 0, "NTP response");
            }
            return;
        }
        Some(DeviceTopic::ShadowUpdate) => {
            broker.shadow_request(key, payload, received_at / 1000);
            return;
        }
        Some(DeviceTopic::Alink(rest)) => rest,
        _ => return,
    };
    if let Some(message_id) = rest.strip_prefix("rrpc/response/") {
        broker.answer_call(key, topic, message_id, Bytes::copy_from_slice(payload));
        return;
    }
    if rest.starts_with("thing/service/") && rest.ends_with("_reply") {
        // A reply that is not JSON or has no id answers nothing; the log still has it.
        if let Some(id) = alink::reply_id(payload) {
            broker.answer_call(key, topic, &id, Bytes::copy_from_slice(payload));
        }
        return;
    }
    let levels: Vec<&str> = rest.split('/').collect();
    if let ["thing", "event", identifier, "post"] = levels[..] {
        let outcome = alink::post_reply(identifier, payload);
        if identifier == "property" {
            if let Some(params) = &outcome.properties {
                broker.record_properties(key, params);
            }
        }
        if let Some(reply) = outcome.reply {
            let reply_topic = device.event_post_reply(identifier);
            let origin = format!("thing.event.{identifier}.post reply");
            broker.deliver(key, &reply_topic, Bytes::from(reply), 0, &origin);
        }
    }
}
