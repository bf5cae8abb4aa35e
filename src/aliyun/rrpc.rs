//! RRPC: the cloud sends a request on `/sys/${pk}/${dn}/rrpc/request/${messageId}` and waits
//! (at most 8 s) for the device's answer on `…/rrpc/response/${messageId}`.

/// How long the cloud waits for an RRPC answer.
pub const RRPC_TIMEOUT_MS: u64 = 8_000;

#[cfg(test)]
mod tests {
    use crate::aliyun::DeviceIdentity;

    #[test]
    fn request_ids_are_read_only_from_this_devices_request_topics() {
        let dev = DeviceIdentity::new("pk", "dn");
        let t = "/sys/pk/dn/rrpc/request/1430425397458837504";
        assert_eq!(dev.rrpc_message_id(t), Some("1430425397458837504"));
        assert_eq!(DeviceIdentity::new("pk", "other").rrpc_message_id(t), None);
        assert_eq!(dev.rrpc_message_id("/sys/pk/dn/rrpc/request/"), None);
        assert_eq!(dev.rrpc_message_id("/sys/pk/dn/rrpc/request/1/x"), None);
        assert_eq!(dev.rrpc_request_filter(), "/sys/pk/dn/rrpc/request/+");
        assert_eq!(dev.rrpc_response("7"), "/sys/pk/dn/rrpc/response/7");
    }
}
