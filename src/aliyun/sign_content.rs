//! The sign contents: the exact text Aliyun signs with HMAC, one function per kind of login.

/// The sign content of a device login: the submitted parameters `clientId`, `deviceName`,
/// `productKey` and (optional) `timestamp`, sorted by name and written as name+value with no
/// separators, e.g. `clientId12345deviceNamedeviceproductKeypktimestamp789`.
///
/// `timestamp` is the text as written in the client id, since that is what the server signs.
pub fn login_sign_content(
    client_id: &str,
    device_name: &str,
    product_key: &str,
    timestamp: Option<&str>,
) -> String {
    // This literal order is the sort by parameter name.
    let mut content = format!("clientId{client_id}deviceName{device_name}productKey{product_key}");
    if let Some(ts) = timestamp {
        content.push_str("timestamp");
        content.push_str(ts);
    }
    content
}

/// The sign content of a registration (`register` or `regnwl`), signed with the ProductSecret:
/// `deviceName${DeviceName}productKey${ProductKey}random${random}`.
pub fn registration_sign_content(device_name: &str, product_key: &str, random: &str) -> String {
    format!("deviceName{device_name}productKey{product_key}random{random}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn published_login_content() {
        assert_eq!(
            login_sign_content("12345", "device", "pk", Some("789")),
            "clientId12345deviceNamedeviceproductKeypktimestamp789"
        );
        assert_eq!(
            login_sign_content("12345", "device", "pk", None),
            "clientId12345deviceNamedeviceproductKeypk"
        );
    }

    #[test]
    fn registration_content() {
        assert_eq!(
            registration_sign_content("dn", "pk", "42"),
            "deviceNamednproductKeypkrandom42"
        );
    }
}
