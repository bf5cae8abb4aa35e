//! The form's Aliyun fields as a device: read (with the sign method and timestamp checked) and
//! filled from the IoT Platform console's pasted connect parameters.

use super::connect_form::{ConnectForm, Mode};
use super::error::FormError;
use crate::aliyun::connect_params::ConnectParams;
use crate::aliyun::{
    instance_of_host, AliyunDevice, AliyunError, DeviceAuth, EndpointKind, MqttCredentials,
    Registered, RegistrationKind, SignMethod,
};

impl ConnectForm {
    /// The Aliyun device the form describes.
    pub fn aliyun_device(&self) -> Result<AliyunDevice, FormError> {
        let sign_method = SignMethod::parse(&self.sign_method)
            .ok_or_else(|| FormError::SignMethod(self.sign_method.clone()))?;
        let timestamp = match self.timestamp.as_str() {
            "" => None,
            t => Some(
                t.parse::<u64>()
                    .map_err(|_| FormError::Timestamp(t.to_owned()))?,
            ),
        };
        Ok(AliyunDevice {
            sign_method,
            timestamp,
            ..self.aliyun_device_unchecked()
        })
    }

    /// The signed credentials Aliyun mode will send, for showing them live.
    pub fn aliyun_credentials(&self, now_ms: u64) -> Result<MqttCredentials, FormError> {
        Ok(self.aliyun_device()?.credentials(now_ms)?)
    }

    /// The Aliyun fields as typed, with the sign method and timestamp at their defaults.
    pub(super) fn aliyun_device_unchecked(&self) -> AliyunDevice {
        AliyunDevice {
            product_key: self.product_key.clone(),
            device_name: self.device_name.clone(),
            device_secret: self.device_secret.clone(),
            region: self.region.clone(),
            host: self.host.clone(),
            path: self.path.clone(),
            tls: self.tls,
            client_id: self.aliyun_client_id.clone(),
            auth: DeviceAuth::parse(&self.aliyun_auth).unwrap_or_default(),
            instance_id: self.instance_id.clone(),
            ..AliyunDevice::default()
        }
    }

    /// What the endpoint field resolves to (old public instance, instance, or a host), for the
    /// form to say it beside the field.
    pub fn aliyun_endpoint_kind(&self) -> Result<EndpointKind, AliyunError> {
        self.aliyun_device_unchecked().endpoint_kind()
    }

    /// Which registration the device tools will run: the new instances' `securemode=-2` one
    /// when an instance is known, else the old `securemode=2` one.
    pub fn registration_kind(&self) -> Result<RegistrationKind, AliyunError> {
        RegistrationKind::of(&self.aliyun_device_unchecked())
    }

    /// Takes on what a dynamic registration gave: a DeviceSecret signs logins from now on; a
    /// device token (`regnwl`) logs in with `authType=connwl` under the client id registered.
    pub fn apply_registered(&mut self, done: Registered) {
        match done {
            Registered::Secret { device_secret, .. } => {
                self.device_secret = device_secret;
                self.aliyun_auth = DeviceAuth::Secret.as_str().to_owned();
            }
            Registered::Token {
                client_id,
                device_token,
                ..
            } => {
                self.aliyun_client_id = client_id;
                self.device_secret = device_token;
                self.aliyun_auth = DeviceAuth::Token.as_str().to_owned();
            }
        }
    }

    /// Fills the Aliyun fields from the IoT Platform console's pasted "MQTT connection parameters" JSON. The DeviceSecret
    /// is left as it was: the IoT Platform console's `passwd` is a signature made with it, not the secret.
    /// The IoT Platform console's timestamp is kept, so the signature computed here can be compared with it.
    /// A new instance's endpoint goes into the endpoint field as given (it names the instance);
    /// an `instanceId=` the host does not tell goes into the instance id field.
    pub fn apply_connect_params(&mut self, p: &ConnectParams) {
        self.mode = Mode::Aliyun;
        self.product_key = p.product_key.clone();
        self.device_name = p.device_name.clone();
        let default_id = format!("{}.{}", p.product_key, p.device_name);
        self.aliyun_client_id = if p.client_id == default_id {
            String::new()
        } else {
            p.client_id.clone()
        };
        self.sign_method = p.sign_method.as_str().to_owned();
        self.timestamp = p.timestamp.map(|t| t.to_string()).unwrap_or_default();
        self.tls = p.tls();
        let public_host = p
            .region
            .as_ref()
            .map(|r| format!("{}.iot-as-mqtt.{r}.aliyuncs.com", p.product_key));
        match (&p.region, public_host) {
            (Some(region), Some(h)) if h == p.host => {
                self.region = region.clone();
                self.host.clear();
            }
            _ => self.host = p.host.clone(),
        }
        self.instance_id = match &p.instance_id {
            Some(id) if instance_of_host(&p.host).as_ref() != Some(id) => id.clone(),
            _ => String::new(),
        };
    }
}

#[cfg(test)]
mod tests {
    use super::super::connect_form::generic;
    use super::*;

    #[test]
    fn a_registration_fills_the_login_it_gave() {
        let mut form = generic("ws://x");
        form.aliyun_client_id = "custom".into();
        form.apply_registered(Registered::Secret {
            product_key: "pk".into(),
            device_name: "dn".into(),
            device_secret: "new-secret".into(),
        });
        assert_eq!(form.device_secret, "new-secret");
        assert_eq!(form.aliyun_auth, DeviceAuth::Secret.as_str());
        assert_eq!(
            form.aliyun_client_id, "custom",
            "a secret keeps the client id"
        );
        form.apply_registered(Registered::Token {
            client_id: "registered-id".into(),
            product_key: "pk".into(),
            device_name: "dn".into(),
            device_token: "token-1".into(),
        });
        assert_eq!(form.device_secret, "token-1");
        assert_eq!(form.aliyun_auth, DeviceAuth::Token.as_str());
        assert_eq!(form.aliyun_client_id, "registered-id");
    }

    #[test]
    fn pasted_connect_params_fill_the_aliyun_fields_and_reproduces_its_signature() {
        let json = r#"{"clientId":"12345|securemode=3,signmethod=hmacsha1,timestamp=789|","username":"device&pk","mqttHostUrl":"pk.iot-as-mqtt.cn-shanghai.aliyuncs.com","passwd":"FAFD82A3D602B37FB0FA8B7892F24A477F851A14","port":1883}"#;
        let params = crate::aliyun::connect_params::parse_connect_params(json).unwrap();
        let mut form = generic("ws://x");
        form.apply_connect_params(&params);
        assert_eq!(form.mode, Mode::Aliyun);
        assert_eq!(
            (form.product_key.as_str(), form.device_name.as_str()),
            ("pk", "device")
        );
        assert_eq!(
            form.host, "",
            "an old public host is expressed by the region"
        );
        assert_eq!(form.region, "cn-shanghai");
        assert!(!form.tls);
        form.device_secret = "secret".into();
        let creds = form.aliyun_credentials(0).unwrap();
        assert_eq!(creds.password, params.password);
        assert_eq!(
            creds.url,
            "ws://pk.iot-as-mqtt.cn-shanghai.aliyuncs.com:443/"
        );
    }

    #[test]
    fn a_new_instance_paste_fills_the_instance() {
        let json = r#"{"clientId":"k0abc.dev1|securemode=2,signmethod=hmacsha256,timestamp=1700000000000|","username":"dev1&k0abc","mqttHostUrl":"iot-06z00ax1o4gbb8k.mqtt.iothub.aliyuncs.com","passwd":"0A1B","port":1883}"#;
        let params = crate::aliyun::connect_params::parse_connect_params(json).unwrap();
        let mut form = generic("ws://x");
        form.instance_id = "iot-stale".into();
        form.path = "/mqtt".into();
        form.apply_connect_params(&params);
        assert_eq!(form.mode, Mode::Aliyun);
        assert_eq!(form.host, "iot-06z00ax1o4gbb8k.mqtt.iothub.aliyuncs.com");
        assert_eq!(form.instance_id, "", "the endpoint names the instance");
        assert_eq!(form.path, "/mqtt", "the path is the user's setting");
        assert_eq!(
            (form.product_key.as_str(), form.device_name.as_str()),
            ("k0abc", "dev1")
        );
        assert_eq!(form.aliyun_client_id, "", "k0abc.dev1 is the default");
        assert_eq!(
            (form.sign_method.as_str(), form.timestamp.as_str(), form.tls),
            ("hmacsha256", "1700000000000", true)
        );
        assert_eq!(
            form.aliyun_endpoint_kind(),
            Ok(EndpointKind::Instance {
                id: "iot-06z00ax1o4gbb8k".into()
            })
        );
        assert_eq!(
            form.registration_kind(),
            Ok(RegistrationKind::Instance {
                id: "iot-06z00ax1o4gbb8k".into()
            })
        );
        form.device_secret = "s".into();
        let creds = form.aliyun_credentials(0).unwrap();
        assert_eq!(
            creds.url,
            "wss://iot-06z00ax1o4gbb8k.mqtt.iothub.aliyuncs.com:443/mqtt"
        );
        assert_eq!(
            creds.client_id,
            "k0abc.dev1|securemode=2,signmethod=hmacsha256,timestamp=1700000000000|",
            "a login is the same on every instance"
        );

        // Behind a proxy the client id's instanceId is all that names the instance.
        let json = r#"{"clientId":"c|securemode=2,instanceId=iot-06z00emu1demo|","username":"d&p","mqttHostUrl":"127.0.0.1:8443"}"#;
        let params = crate::aliyun::connect_params::parse_connect_params(json).unwrap();
        form.apply_connect_params(&params);
        assert_eq!(form.host, "127.0.0.1");
        assert_eq!(form.instance_id, "iot-06z00emu1demo");
        assert_eq!(form.aliyun_endpoint_kind(), Ok(EndpointKind::Host));
        assert_eq!(
            form.registration_kind(),
            Ok(RegistrationKind::Instance {
                id: "iot-06z00emu1demo".into()
            })
        );
        // And an old public paste forgets the instance.
        let old = r#"{"clientId":"pk.d|securemode=2|","username":"d&pk","mqttHostUrl":"pk.iot-as-mqtt.cn-shanghai.aliyuncs.com"}"#;
        form.apply_connect_params(
            &crate::aliyun::connect_params::parse_connect_params(old).unwrap(),
        );
        assert_eq!((form.host.as_str(), form.instance_id.as_str()), ("", ""));
        assert_eq!(
            form.registration_kind(),
            Ok(RegistrationKind::PublicInstance)
        );
    }

    #[test]
    fn the_endpoint_field_takes_an_instance_id_a_host_or_nothing() {
        let mut form = ConnectForm {
            product_key: "pk".into(),
            device_name: "dn".into(),
            device_secret: "s".into(),
            ..ConnectForm::default()
        };
        assert_eq!(
            form.aliyun_endpoint_kind(),
            Ok(EndpointKind::PublicRegion {
                region: "cn-shanghai".into()
            })
        );
        assert_eq!(
            form.aliyun_credentials(0).unwrap().url,
            "wss://pk.iot-as-mqtt.cn-shanghai.aliyuncs.com:443/"
        );
        form.host = "iot-06z00ax1o4gbb8k".into();
        assert_eq!(
            form.aliyun_credentials(0).unwrap().url,
            "wss://iot-06z00ax1o4gbb8k.mqtt.iothub.aliyuncs.com:443/"
        );
        form.host = "127.0.0.1:8443".into();
        assert_eq!(form.aliyun_endpoint_kind(), Ok(EndpointKind::Host));
        assert_eq!(
            form.registration_kind(),
            Ok(RegistrationKind::PublicInstance)
        );
        form.host = "cn-hangzhou".into();
        let region = AliyunError::HostIsRegion {
            region: "cn-hangzhou".into(),
        };
        assert_eq!(form.aliyun_endpoint_kind(), Err(region.clone()));
        assert_eq!(form.problems(false), [("aliyun-host", region.into())]);
    }

    #[test]
    fn bad_timestamp_and_sign_method_are_named() {
        let form = ConnectForm {
            timestamp: "12a".into(),
            ..ConnectForm::default()
        };
        assert_eq!(
            form.aliyun_device(),
            Err(FormError::Timestamp("12a".into()))
        );
        let form = ConnectForm {
            sign_method: "sha1".into(),
            ..ConnectForm::default()
        };
        assert_eq!(
            form.aliyun_device(),
            Err(FormError::SignMethod("sha1".into()))
        );
    }
}
