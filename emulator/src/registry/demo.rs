//! The built-in demo registry and the `--device` argument.

use super::{check_device_name, check_product_key, check_secret, parse_registry};
use super::{DeviceKey, Registry, RegistryError};

/// The id of the Enterprise Edition instance the emulator plays, unless a registry file names
/// another: fictional, in the form of Aliyun's ids (`iot-` and 12 more characters).
pub const DEMO_INSTANCE_ID: &str = "iot-06z00emu1demo";
/// The demo product. Its registry is `registry.example.toml`, compiled in, so the example file
/// and the demo can never drift apart.
pub const DEMO_PRODUCT_KEY: &str = "a1MqttDemo1";
/// The demo product's secret, for dynamic registration.
pub const DEMO_PRODUCT_SECRET: &str = "demoProductSecret0123456789abcdef";
/// The first demo device.
pub const DEMO_DEVICE_NAME: &str = "console-demo";
/// Its DeviceSecret.
pub const DEMO_DEVICE_SECRET: &str = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
/// The second demo device, to try a second login or two devices at once.
pub const DEMO_DEVICE_2_NAME: &str = "console-demo-2";
/// Its DeviceSecret.
pub const DEMO_DEVICE_2_SECRET: &str = "1a2b3c4d5e6f708192a3b4c5d6e7f809";
/// A pre-registered device without a secret, waiting for dynamic registration.
pub const DEMO_DYNREG_DEVICE_NAME: &str = "dynreg-demo";

const EXAMPLE: &str = include_str!("../../registry.example.toml");

/// The demo registry (`registry.example.toml`).
pub fn demo_registry() -> Result<Registry, RegistryError> {
    parse_registry(EXAMPLE, "registry.example.toml")
}

/// Reads `ProductKey/DeviceName/DeviceSecret` as given to `--device`.
pub fn parse_device_arg(arg: &str) -> Result<(DeviceKey, String), String> {
    let parts: Vec<&str> = arg.split('/').collect();
    let [pk, dn, secret] = parts[..] else {
        return Err(format!(
            "--device {arg:?}: expected ProductKey/DeviceName/DeviceSecret (three parts separated by /)"
        ));
    };
    check_product_key(pk).map_err(|m| format!("--device {arg:?}: ProductKey {m}"))?;
    check_device_name(dn).map_err(|m| format!("--device {arg:?}: DeviceName {m}"))?;
    check_secret(secret).map_err(|m| format!("--device {arg:?}: DeviceSecret: {m}"))?;
    Ok((DeviceKey::new(pk, dn), secret.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn device_args_need_three_valid_parts() {
        let (key, secret) = parse_device_arg("pk1/dev1/s3cret").unwrap();
        assert_eq!(key, DeviceKey::new("pk1", "dev1"));
        assert_eq!(secret, "s3cret");
        for bad in [
            "pk1/dev1",
            "pk1/dev1/s/x",
            "/dev1/s",
            "pk1//s",
            "pk1/dev1/",
            "p-k/dev1/s",
        ] {
            assert!(parse_device_arg(bad).is_err(), "{bad}");
        }
    }
}
