//! Checks on the names and secrets a registry may hold, so a typo shows when the file loads
//! rather than as a puzzling CONNACK later.

use mqtt_console::aliyun::{is_device_name_char, DEVICE_NAME_CHARS};

/// Aliyun's DeviceName rule (the core's limits): 4 to 32 characters from letters, digits and
/// `-_@.:`. The cloud refuses to create a device outside it, so the emulator does too.
pub fn check_device_name(name: &str) -> Result<(), String> {
    let len = name.chars().count();
    if !DEVICE_NAME_CHARS.contains(&len) {
        return Err(format!(
            "{name:?} has {len} characters; a DeviceName has {} to {}",
            DEVICE_NAME_CHARS.start(),
            DEVICE_NAME_CHARS.end()
        ));
    }
    if let Some(bad) = name.chars().find(|c| !is_device_name_char(*c)) {
        return Err(format!(
            "{name:?} contains {bad:?}; a DeviceName uses letters, digits and - _ @ . : only"
        ));
    }
    Ok(())
}

/// ProductKeys are short alphanumeric strings (11 characters on Aliyun; we allow 1 to 32 so a
/// test can use a short one). They end up inside topics, so `/`, `+` and `#` must never occur.
pub fn check_product_key(key: &str) -> Result<(), String> {
    if key.is_empty() || key.len() > 32 {
        return Err(format!(
            "{key:?} has {} characters; a ProductKey has 1 to 32",
            key.len()
        ));
    }
    if let Some(bad) = key.chars().find(|c| !c.is_ascii_alphanumeric()) {
        return Err(format!(
            "{key:?} contains {bad:?}; a ProductKey uses letters and digits only"
        ));
    }
    Ok(())
}

/// DeviceSecrets and ProductSecrets: any printable ASCII without spaces, up to 128 characters.
/// Aliyun's are 32 hex digits, but users test with whatever they have.
pub fn check_secret(secret: &str) -> Result<(), String> {
    if secret.is_empty() || secret.len() > 128 {
        return Err(format!(
            "a secret has 1 to 128 characters, this one has {}",
            secret.len()
        ));
    }
    if secret.chars().any(|c| !c.is_ascii_graphic()) {
        return Err("a secret uses printable ASCII characters without spaces".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn device_names() {
        assert!(check_device_name("console-demo").is_ok());
        assert!(check_device_name("a@b.c:d_e").is_ok());
        assert!(check_device_name("abc").is_err());
        assert!(check_device_name(&"x".repeat(33)).is_err());
        assert!(check_device_name("with space").is_err());
        assert!(check_device_name("a/bcd").is_err());
    }

    /// The app's form accepts every name the emulator accepts: both use the core's charset,
    /// and only the cloud enforces the length.
    #[test]
    fn the_app_accepts_every_name_the_cloud_creates() {
        for name in ["console-demo", "a@b.c:d_e", "dev1", &"x".repeat(32)] {
            assert!(check_device_name(name).is_ok(), "{name}");
            assert!(mqtt_console::aliyun::AliyunDevice {
                device_name: name.to_owned(),
                ..Default::default()
            }
            .problems()
            .iter()
            .all(|p| p.field() != mqtt_console::aliyun::Field::DeviceName));
        }
        for name in ["a/bcd", "with space", "dev#1"] {
            assert!(check_device_name(name).is_err(), "{name}");
            assert!(mqtt_console::aliyun::AliyunDevice {
                device_name: name.to_owned(),
                ..Default::default()
            }
            .problems()
            .iter()
            .any(|p| p.field() == mqtt_console::aliyun::Field::DeviceName));
        }
    }

    #[test]
    fn product_keys() {
        assert!(check_product_key("a1MqttDemo1").is_ok());
        assert!(check_product_key("").is_err());
        assert!(check_product_key("a1+b").is_err());
    }

    #[test]
    fn secrets() {
        assert!(check_secret("0f1e2d3c4b5a69788796a5b4c3d2e1f0").is_ok());
        assert!(check_secret("").is_err());
        assert!(check_secret("has space").is_err());
    }
}
