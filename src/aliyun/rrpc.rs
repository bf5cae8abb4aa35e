//! RRPC: the cloud sends a request on `/sys/${pk}/${dn}/rrpc/request/${messageId}` and waits
//! (at most 8 s) for the device's answer on `…/rrpc/response/${messageId}`.

use super::identity::DeviceIdentity;

/// How long the cloud waits for an RRPC answer.
pub const RRPC_TIMEOUT_MS: u64 = 8_000;

/// The filter a device subscribes to for RRPC requests.
pub fn rrpc_request_filter(product_key: &str, device_name: &str) -> String {
    DeviceIdentity::new(product_key, device_name).rrpc_request_filter()
}

/// The message id of an RRPC request topic of this device, or None for any other topic.
pub fn rrpc_message_id<'a>(
    product_key: &str,
    device_name: &str,
    topic: &'a str,
) -> Option<&'a str> {
    DeviceIdentity::new(product_key, device_name).rrpc_message_id(topic)
}

/// Where the answer to request `message_id` goes.
pub fn rrpc_response_topic(product_key: &str, device_name: &str, message_id: &str) -> String {
    DeviceIdentity::new(product_key, device_name).rrpc_response(message_id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_ids_are_read_only_from_this_devices_request_topics() {
        let t = "/sys/pk/dn/rrpc/request/1430425397458837504";
        assert_eq!(rrpc_message_id("pk", "dn", t), Some("1430425397458837504"));
        assert_eq!(rrpc_message_id("pk", "other", t), None);
        assert_eq!(
            rrpc_message_id("pk", "dn", "/sys/pk/dn/rrpc/request/"),
            None
        );
        assert_eq!(
            rrpc_message_id("pk", "dn", "/sys/pk/dn/rrpc/request/1/x"),
            None
        );
        assert_eq!(rrpc_request_filter("pk", "dn"), "/sys/pk/dn/rrpc/request/+");
        assert_eq!(
            rrpc_response_topic("pk", "dn", "7"),
            "/sys/pk/dn/rrpc/response/7"
        );
    }
}
