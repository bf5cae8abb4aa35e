//! NTP over MQTT: the device sends `{"deviceSendTime":"<ms>"}` to `/ext/ntp/${pk}/${dn}/request`
//! and gets `{"deviceSendTime","serverRecvTime","serverSendTime"}` back on `…/response`; it then
//! takes (serverRecvTime + serverSendTime + deviceRecvTime − deviceSendTime) / 2 as the time.

use serde_json::{json, Value};

/// The response to `request`, or `None` when the request has no usable `deviceSendTime` (Aliyun
/// does not answer those). Times are decimal strings of milliseconds, as in Aliyun's examples;
/// a numeric `deviceSendTime` is accepted and echoed as a string.
pub fn response(request: &[u8], received_at: u64, sent_at: u64) -> Option<Vec<u8>> {
    let doc: Value = serde_json::from_slice(request).ok()?;
    let device_send_time = match doc.get("deviceSendTime")? {
        Value::String(s) if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) => s.clone(),
        Value::Number(n) if n.is_u64() => n.to_string(),
        _ => return None,
    };
    let reply = json!({
        "deviceSendTime": device_send_time,
        "serverRecvTime": received_at.to_string(),
        "serverSendTime": sent_at.to_string(),
    });
    Some(reply.to_string().into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn echoes_device_time_and_adds_server_times() {
        let reply = response(
            br#"{"deviceSendTime":"1571724098000"}"#,
            1_571_724_098_110,
            1_571_724_098_115,
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(reply).unwrap(),
            r#"{"deviceSendTime":"1571724098000","serverRecvTime":"1571724098110","serverSendTime":"1571724098115"}"#
        );
        let numeric = response(br#"{"deviceSendTime":5}"#, 6, 7).unwrap();
        let doc: Value = serde_json::from_slice(&numeric).unwrap();
        assert_eq!(doc["deviceSendTime"], "5");
    }

    #[test]
    fn unusable_requests_get_no_answer() {
        for bad in [
            &b"not json"[..],
            b"{}",
            br#"{"deviceSendTime":"abc"}"#,
            br#"{"deviceSendTime":-1}"#,
        ] {
            assert_eq!(response(bad, 1, 2), None);
        }
    }
}
