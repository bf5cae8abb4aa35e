//! What a link will do, in the terms the page shows before the user applies it: where it
//! connects, as whom, with which protocol and topics, and which secret the user must type.

use crate::aliyun::DeviceAuth;
use crate::model::form::Mode;
use crate::model::profiles::Profile;

/// Where the link's connection goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkTarget {
    /// A generic MQTT-over-WebSocket broker.
    Broker {
        /// The broker URL (empty when the link leaves it to the user).
        url: String,
    },
    /// An Aliyun IoT Platform device.
    Aliyun {
        /// The WebSocket URL of the endpoint, or the endpoint field as written when no URL can be
        /// made of it yet (e.g. the ProductKey is left to the user).
        endpoint: String,
        /// ProductKey.
        product_key: String,
        /// DeviceName.
        device_name: String,
    },
}

/// The client id the connection will use.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkClientId {
    /// This one.
    Given(String),
    /// A random one is made when the link is applied (a generic link without a client id).
    Random,
}

/// The secret the user must type before connecting: a link never carries one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SecretToType {
    /// The Aliyun DeviceSecret.
    DeviceSecret,
    /// The Aliyun device token (`authType=connwl`).
    DeviceToken,
    /// The broker password, if the broker asks for one (the link names a username).
    Password,
    /// None: the broker is reached without a password.
    Nothing,
}

/// What applying a link will do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkSummary {
    /// The profile's name (may be empty).
    pub name: String,
    /// Where it connects.
    pub target: LinkTarget,
    /// As which client.
    pub client_id: LinkClientId,
    /// `3.1.1` or `5`.
    pub protocol_version: String,
    /// The subscription topic offered.
    pub subscribe: Option<String>,
    /// The publish topic offered.
    pub publish: Option<String>,
    /// The secret to type.
    pub secret: SecretToType,
}

impl LinkSummary {
    /// The summary of `profile`.
    pub fn of(profile: &Profile) -> LinkSummary {
        let form = &profile.form;
        let (target, client_id, secret) = match form.mode {
            Mode::Generic => (
                LinkTarget::Broker {
                    url: form.url.clone(),
                },
                if form.client_id.is_empty() {
                    LinkClientId::Random
                } else {
                    LinkClientId::Given(form.client_id.clone())
                },
                if form.username.is_empty() {
                    SecretToType::Nothing
                } else {
                    SecretToType::Password
                },
            ),
            Mode::Aliyun => {
                let device = form.aliyun_device().ok();
                let endpoint = device
                    .as_ref()
                    .and_then(|d| d.endpoint().ok())
                    .map(|e| e.url(form.tls, &form.path))
                    .unwrap_or_else(|| form.host.clone());
                let client_id = if form.aliyun_client_id.is_empty() {
                    format!("{}.{}", form.product_key, form.device_name)
                } else {
                    form.aliyun_client_id.clone()
                };
                let token = device.is_some_and(|d| d.auth == DeviceAuth::Token);
                (
                    LinkTarget::Aliyun {
                        endpoint,
                        product_key: form.product_key.clone(),
                        device_name: form.device_name.clone(),
                    },
                    LinkClientId::Given(client_id),
                    if token {
                        SecretToType::DeviceToken
                    } else {
                        SecretToType::DeviceSecret
                    },
                )
            }
        };
        LinkSummary {
            name: profile.name.clone(),
            target,
            client_id,
            protocol_version: form.mqtt5.version().as_str().to_owned(),
            subscribe: profile.subscribe.clone().filter(|t| !t.is_empty()),
            publish: profile.publish.clone().filter(|t| !t.is_empty()),
            secret,
        }
    }
}
