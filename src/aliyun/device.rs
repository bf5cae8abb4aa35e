//! One-device-one-secret settings: what the user types, and what is wrong with it.

use super::endpoint::{self, Endpoint};
use super::error::{AliyunError, Field};
use super::identity::DeviceIdentity;
use super::instance::{self, EndpointKind, Target};
use super::limits::MAX_CLIENT_ID_CHARS;
use super::region::DEFAULT_REGION;
use super::sign::SignMethod;
use super::validate;

/// Everything the user types in Aliyun mode.
///
/// Missing fields take their defaults when deserialised, so settings saved by an older version
/// still load.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct AliyunDevice {
    /// ProductKey from the IoT Platform console.
    pub product_key: String,
    /// DeviceName from the IoT Platform console.
    pub device_name: String,
    /// DeviceSecret from the IoT Platform console; the HMAC key, never sent itself.
    pub device_secret: String,
    /// Region id, used only to build the public-instance host when `host` is empty.
    pub region: String,
    /// The endpoint field: an instance id (`iot-…`, reached at `${id}.mqtt.iothub.aliyuncs.com`),
    /// or a host, optionally `host:port`; empty = `${product_key}.iot-as-mqtt.${region}.aliyuncs.com`, port 443.
    pub host: String,
    /// WebSocket path, `/` by default; must start with `/`.
    pub path: String,
    /// `true` = `wss://` + `securemode=2`; `false` = `ws://` + `securemode=3`.
    pub tls: bool,
    /// Free-text client id; empty = `${product_key}.${device_name}` (the IoT Platform console's form).
    pub client_id: String,
    /// HMAC used for the password.
    pub sign_method: SignMethod,
    /// Fixed timestamp in ms; `None` = use the `now_ms` passed to [`AliyunDevice::credentials`].
    pub timestamp: Option<u64>,
    /// How the device proves who it is: a signature with its DeviceSecret, or the device token
    /// of a `regnwl` registration (then `device_secret` holds the token).
    pub auth: DeviceAuth,
    /// The instance id when the endpoint does not show it (a proxy, the local emulator); empty =
    /// the instance the endpoint names, if any. Only registration sends it.
    pub instance_id: String,
}

/// How a device logs in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DeviceAuth {
    /// HMAC of the sign content with the DeviceSecret (one device, one secret, or a `register`ed secret).
    #[default]
    Secret,
    /// `authType=connwl`: the device token from `regnwl`, sent as the password.
    Token,
}

impl DeviceAuth {
    /// The form's value.
    pub fn as_str(self) -> &'static str {
        match self {
            DeviceAuth::Secret => "secret",
            DeviceAuth::Token => "token",
        }
    }

    /// Reads the form's value.
    pub fn parse(s: &str) -> Option<DeviceAuth> {
        match s {
            "secret" => Some(DeviceAuth::Secret),
            "token" => Some(DeviceAuth::Token),
            _ => None,
        }
    }
}

impl Default for AliyunDevice {
    fn default() -> Self {
        AliyunDevice {
            product_key: String::new(),
            device_name: String::new(),
            device_secret: String::new(),
            region: DEFAULT_REGION.to_string(),
            host: String::new(),
            path: "/".to_string(),
            tls: true,
            client_id: String::new(),
            sign_method: SignMethod::default(),
            timestamp: None,
            auth: DeviceAuth::Secret,
            instance_id: String::new(),
        }
    }
}

impl AliyunDevice {
    /// Every problem with the settings, at most one per field, in form order, so the UI can mark
    /// all offending inputs at once. Empty when [`AliyunDevice::credentials`] would succeed.
    pub fn problems(&self) -> Vec<AliyunError> {
        let mut checks = vec![validate::product_key(&self.product_key)];
        if self.host.is_empty() {
            checks.push(endpoint::product_key_fits_hostname(&self.product_key));
        }
        checks.push(validate::device_name(&self.device_name));
        checks.push(validate::device_secret(&self.device_secret));
        if self.host.is_empty() {
            checks.push(endpoint::validate_region(&self.region));
        } else {
            checks.push(Target::parse(&self.host).map(drop));
        }
        checks.push(endpoint::validate_path(&self.path));
        checks.push(self.check_client_id());

        let mut problems: Vec<AliyunError> = Vec::new();
        for problem in checks.into_iter().filter_map(Result::err) {
            if problems.iter().all(|p| p.field() != problem.field()) {
                problems.push(problem);
            }
        }
        problems
    }

    /// The device's identity, which builds its topics and username.
    pub fn identity(&self) -> DeviceIdentity<'_> {
        DeviceIdentity::new(&self.product_key, &self.device_name)
    }

    /// Where the WebSocket connects: the instance's endpoint or the host typed, or the
    /// public-instance host for the region when the endpoint field is empty.
    pub fn endpoint(&self) -> Result<Endpoint, AliyunError> {
        if self.host.is_empty() {
            Endpoint::public_instance(&self.product_key, &self.region)
        } else {
            Ok(Target::parse(&self.host)?.endpoint())
        }
    }

    /// What the endpoint field resolves to, for the form to say it.
    pub fn endpoint_kind(&self) -> Result<EndpointKind, AliyunError> {
        if self.host.is_empty() {
            endpoint::validate_region(&self.region)?;
            return Ok(EndpointKind::PublicRegion {
                region: self.region.clone(),
            });
        }
        Ok(match Target::parse(&self.host)?.instance() {
            Some(id) => EndpointKind::Instance { id: id.to_owned() },
            None => EndpointKind::Host,
        })
    }

    /// The instance the device belongs to, when known: the instance id field, else the one the
    /// endpoint names; `None` for an old public instance (or a host that names none). The
    /// instance id field must agree with an endpoint that names an instance.
    pub fn instance(&self) -> Result<Option<String>, AliyunError> {
        let named = match self.host.as_str() {
            "" => None,
            host => Target::parse(host)?.instance().map(str::to_owned),
        };
        if self.instance_id.is_empty() {
            return Ok(named);
        }
        instance::validate_instance_id(&self.instance_id, Field::InstanceId)?;
        match named {
            Some(endpoint) if endpoint != self.instance_id => Err(AliyunError::InstanceMismatch {
                typed: self.instance_id.clone(),
                endpoint,
            }),
            _ => Ok(Some(self.instance_id.clone())),
        }
    }

    /// The client id the IoT Platform console's ready-made parameters use, `${ProductKey}.${DeviceName}`.
    pub fn default_client_id(&self) -> String {
        format!("{}.{}", self.product_key, self.device_name)
    }

    /// The free-text client id actually used: the custom one, or the default when empty.
    pub fn effective_client_id(&self) -> String {
        if self.client_id.is_empty() {
            self.default_client_id()
        } else {
            self.client_id.clone()
        }
    }

    fn check_client_id(&self) -> Result<(), AliyunError> {
        if self.client_id.is_empty() {
            // The default is built from a ProductKey and DeviceName checked on their own; only its
            // length can still be wrong, since DeviceName length is deliberately not enforced.
            let len = self.default_client_id().chars().count();
            if len > MAX_CLIENT_ID_CHARS {
                return Err(AliyunError::ClientIdTooLong { len });
            }
            Ok(())
        } else {
            validate::client_id(&self.client_id)
        }
    }
}

/// The published example (clientId 12345, device / pk / secret, timestamp 789, hmacsha1, ws://),
/// shared by the tests of this module and of `credentials`.
#[cfg(test)]
pub(super) fn published_example() -> AliyunDevice {
    AliyunDevice {
        product_key: "pk".into(),
        device_name: "device".into(),
        device_secret: "secret".into(),
        tls: false,
        client_id: "12345".into(),
        sign_method: SignMethod::HmacSha1,
        timestamp: Some(789),
        ..AliyunDevice::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The published example with one field replaced.
    fn with(field: Field, value: &str) -> AliyunDevice {
        let mut d = published_example();
        let slot = match field {
            Field::ProductKey => &mut d.product_key,
            Field::DeviceName => &mut d.device_name,
            // A device has no ProductSecret; the tests of `registration` cover it.
            Field::DeviceSecret | Field::ProductSecret => &mut d.device_secret,
            Field::Region => &mut d.region,
            Field::Host => &mut d.host,
            Field::Path => &mut d.path,
            Field::ClientId => &mut d.client_id,
            Field::InstanceId => &mut d.instance_id,
        };
        *slot = value.to_string();
        d
    }

    #[test]
    fn defaults() {
        let d = AliyunDevice::default();
        assert_eq!(d.region, DEFAULT_REGION);
        assert_eq!((d.host.as_str(), d.path.as_str(), d.tls), ("", "/", true));
        assert_eq!(d.sign_method, SignMethod::HmacMd5);
        assert_eq!(d.timestamp, None);
        assert!(d.client_id.is_empty() && d.product_key.is_empty());
    }

    #[test]
    fn serde_round_trip_and_missing_fields_default() {
        let d = published_example();
        let json = serde_json::to_string(&d).unwrap_or_default();
        let back: Option<AliyunDevice> = serde_json::from_str(&json).ok();
        assert_eq!(back, Some(d));
        let old: Option<AliyunDevice> = serde_json::from_str(r#"{"product_key":"pk"}"#).ok();
        let want = AliyunDevice {
            product_key: "pk".into(),
            ..AliyunDevice::default()
        };
        assert_eq!(old, Some(want));
    }

    #[test]
    fn default_client_id_is_product_key_dot_device_name() {
        let d = with(Field::ClientId, "");
        assert_eq!(d.default_client_id(), "pk.device");
        assert_eq!(d.effective_client_id(), "pk.device");
        assert_eq!(published_example().effective_client_id(), "12345");
    }

    #[test]
    fn every_error_variant_reaches_the_caller() {
        use AliyunError::*;
        use Field::*;
        let forbidden = |field, ch| ForbiddenChar { field, ch };
        let cases = [
            (ProductKey, "", Empty(ProductKey)),
            (DeviceName, "", Empty(DeviceName)),
            (DeviceSecret, "", Empty(DeviceSecret)),
            (Region, "", Empty(Region)),
            (DeviceSecret, "secret ", OuterSpace(DeviceSecret)),
            (ProductKey, " pk", OuterSpace(ProductKey)),
            (ClientId, "12345\t", OuterSpace(ClientId)),
            (ProductKey, "p&k", forbidden(ProductKey, '&')),
            (DeviceName, "dev/1", forbidden(DeviceName, '/')),
            (DeviceSecret, "sec ret", forbidden(DeviceSecret, ' ')),
            (Region, "cn_shanghai", forbidden(Region, '_')),
            (Host, "user@h.example", forbidden(Host, '@')),
            (Path, "/a?b", forbidden(Path, '?')),
            (ClientId, "a|b", forbidden(ClientId, '|')),
            (ClientId, &"c".repeat(65), ClientIdTooLong { len: 65 }),
            (ProductKey, "p.k", ProductKeyNotHostname { ch: '.' }),
            (Host, "wss://h.example", HostHasScheme),
            (Host, "h.example/mqtt", HostHasPath),
            (Host, "h .example", HostHasSpace),
            (Host, ":8443", HostMissingName),
            (Host, "h.example:0", HostBadPort { port: "0".into() }),
            (Host, "fe80::1", HostIpv6NeedsBrackets),
            (
                Host,
                "x.aliyuncs.com:1883",
                HostNotWebSocketPort { port: 1883 },
            ),
            (Path, "mqtt", PathNoLeadingSlash),
        ];
        for (field, value, want) in cases {
            let d = with(field, value);
            assert_eq!(
                d.credentials(0).err().as_ref(),
                Some(&want),
                "{field:?} = {value:?}"
            );
            assert_eq!(want.field(), field);
            assert!(!want.to_string().is_empty());
        }
    }

    #[test]
    fn region_and_product_key_hostname_are_ignored_when_host_is_set() {
        let d = AliyunDevice {
            region: "".into(),
            product_key: "p.k".into(),
            ..with(Field::Host, "h.example")
        };
        assert!(d.problems().is_empty());
    }

    #[test]
    fn long_default_client_id_is_caught() {
        let d = AliyunDevice {
            client_id: String::new(),
            ..with(Field::DeviceName, &"d".repeat(70))
        };
        assert_eq!(d.problems(), [AliyunError::ClientIdTooLong { len: 73 }]);
    }

    #[test]
    fn problems_lists_one_per_field_in_form_order() {
        let d = AliyunDevice {
            product_key: "p k".into(),
            device_name: String::new(),
            device_secret: " s".into(),
            region: "CN".into(),
            path: "x".into(),
            client_id: "a=b".into(),
            ..published_example()
        };
        let fields: Vec<Field> = d.problems().iter().map(AliyunError::field).collect();
        let want = [
            Field::ProductKey,
            Field::DeviceName,
            Field::DeviceSecret,
            Field::Region,
            Field::Path,
            Field::ClientId,
        ];
        assert_eq!(fields, want);
        let first = AliyunError::ForbiddenChar {
            field: Field::ProductKey,
            ch: ' ',
        };
        assert_eq!(d.credentials(0).err(), Some(first));
        assert!(published_example().problems().is_empty());
    }
}
