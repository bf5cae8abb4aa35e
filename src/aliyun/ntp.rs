//! Clock sync through Aliyun's `/ext/ntp` topics: the device's clock may be off, and a
//! signature timestamp far from the server's time can be refused.

/// The request: the device's send time in ms, as a string (as Aliyun's SDKs send it).
pub fn ntp_request_payload(device_send_ms: u64) -> String {
    format!("{{\"deviceSendTime\":\"{device_send_ms}\"}}")
}

/// The server's answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NtpReply {
    /// The device's send time echoed back.
    pub device_send_ms: u64,
    /// When the server received the request, server clock.
    pub server_recv_ms: u64,
    /// When the server sent the reply, server clock.
    pub server_send_ms: u64,
}

/// Why an NTP reply could not be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NtpError(pub String);

impl std::error::Error for NtpError {}

fn millis(v: &serde_json::Value, field: &str) -> Result<u64, NtpError> {
    let missing = || {
        NtpError(format!(
            "\"{field}\" is missing or not a time in milliseconds"
        ))
    };
    match v.get(field) {
        Some(serde_json::Value::String(s)) => s.trim().parse().map_err(|_| missing()),
        Some(serde_json::Value::Number(n)) => n.as_u64().ok_or_else(missing),
        _ => Err(missing()),
    }
}

/// Reads the server's reply; times may be strings (Aliyun) or numbers.
pub fn parse_ntp_reply(payload: &[u8]) -> Result<NtpReply, NtpError> {
    let v: serde_json::Value =
        serde_json::from_slice(payload).map_err(|e| NtpError(format!("not JSON ({e})")))?;
    Ok(NtpReply {
        device_send_ms: millis(&v, "deviceSendTime")?,
        server_recv_ms: millis(&v, "serverRecvTime")?,
        server_send_ms: millis(&v, "serverSendTime")?,
    })
}

impl NtpReply {
    /// The server's time at the moment the reply arrived (`device_recv_ms`, device clock):
    /// `(serverRecv + serverSend + deviceRecv − deviceSend) / 2`, Aliyun's formula, which
    /// assumes the network delay is the same both ways.
    pub fn server_time_at(&self, device_recv_ms: u64) -> u64 {
        let sum = u128::from(self.server_recv_ms)
            + u128::from(self.server_send_ms)
            + u128::from(device_recv_ms);
        let total = sum.saturating_sub(u128::from(self.device_send_ms));
        u64::try_from(total / 2).unwrap_or(u64::MAX)
    }

    /// How far the server's clock is ahead of the device's (negative: behind), in ms.
    pub fn offset_ms(&self, device_recv_ms: u64) -> i64 {
        let server = i128::from(self.server_time_at(device_recv_ms));
        let offset = server - i128::from(device_recv_ms);
        i64::try_from(offset).unwrap_or(if offset < 0 { i64::MIN } else { i64::MAX })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn topics_and_request_match_the_protocol() {
        let dev = crate::aliyun::DeviceIdentity::new("pk", "dn");
        assert_eq!(dev.ntp_request(), "/ext/ntp/pk/dn/request");
        assert_eq!(dev.ntp_response(), "/ext/ntp/pk/dn/response");
        assert_eq!(
            ntp_request_payload(1571724098000),
            r#"{"deviceSendTime":"1571724098000"}"#
        );
    }

    #[test]
    fn offset_follows_aliyuns_formula() {
        // Device clock 5 s behind, 100 ms each way: sent at 1000 (server 6000), server
        // received at 6100 and sent at 6110, device received at 1210 (server 6210).
        let reply = parse_ntp_reply(
            br#"{"deviceSendTime":"1000","serverRecvTime":"6100","serverSendTime":6110}"#,
        )
        .unwrap();
        assert_eq!(reply.server_time_at(1210), 6210);
        assert_eq!(reply.offset_ms(1210), 5000);
        let ahead = NtpReply {
            device_send_ms: 9000,
            server_recv_ms: 4050,
            server_send_ms: 4050,
        };
        assert_eq!(ahead.offset_ms(9100), -5000);
    }

    #[test]
    fn bad_replies_are_named() {
        assert!(parse_ntp_reply(b"nope")
            .unwrap_err()
            .to_string()
            .contains("not JSON"));
        let err =
            parse_ntp_reply(br#"{"deviceSendTime":"1","serverRecvTime":"x","serverSendTime":"2"}"#)
                .unwrap_err();
        assert!(err.to_string().contains("serverRecvTime"), "{err}");
        assert!(
            parse_ntp_reply(br#"{"deviceSendTime":-1,"serverRecvTime":1,"serverSendTime":1}"#)
                .is_err()
        );
    }
}
