//! Links that open a connection: a profile without any secret, carried in the URL fragment
//! (which browsers never send to a server).
//!
//! Format, version 1: the fragment is `connect=v1.` followed by the base64url (RFC 4648 §5, no
//! padding) of compact JSON. The JSON is a [`Profile`] as the profile file writes it (every
//! field by its Rust name, `mqtt5` and `form` flattened), with three differences:
//! - no secret, ever: `device_secret`, `password` (and any ProductSecret) are never written, and
//!   a link holding one is refused, not applied;
//! - only the fields of the profile's mode: a generic broker link does not carry the Aliyun
//!   fields the user once typed, nor the reverse (they stay private and the link stays short);
//! - fields at their default value are left out; `name` is always written;
//! - a client id the page made up (`mqtt-console-` and 8 hex digits) is left out, so each person
//!   opening the link gets their own instead of kicking the others off.
//!
//! ```text
//! https://example.com/console/#connect=v1.eyJjbGllbnRfaWQiOiIiLCJtb2RlIjoiZ2VuZXJpYyIsIm5hbWUiOiIiLCJ1cmwiOiJ3c3M6Ly9oL21xdHQifQ
//! ```
//!
//! Opening a link never connects: [`parse_link`] checks it completely (size before decoding,
//! then every field against the connect form's own rules) and the page shows its
//! [`LinkSummary`] until the user applies it. Anything that is not exactly what
//! [`encode_link`] could have written is refused with a [`LinkError`] naming the reason.

mod base64url;
mod check;
mod error;
#[cfg(test)]
mod hostile;
mod summary;
#[cfg(test)]
mod tests;

use serde_json::{Map, Value};

use super::profile::{is_random_client_id, Profile};
use super::secrets::without_secrets;
use crate::model::form::{ConnectForm, Mode};

pub use error::{
    JsonKind, LinkError, LinkSecret, LINK_PREFIX, LINK_VERSION, MAX_LINK_BYTES, MAX_LINK_LIST,
    MAX_LINK_TEXT_CHARS,
};
pub use summary::{LinkClientId, LinkSummary, LinkTarget, SecretToType};

/// A profile read from a link and checked completely; only [`parse_link`] makes one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkProfile {
    profile: Profile,
}

impl LinkProfile {
    /// The profile to apply, without any secret.
    pub fn profile(&self) -> &Profile {
        &self.profile
    }

    /// What applying it will do, for the page to show first.
    pub fn summary(&self) -> LinkSummary {
        LinkSummary::of(&self.profile)
    }
}

/// `form` with only its mode's fields; the other mode's are reset to their defaults.
fn only_its_mode(form: ConnectForm) -> ConnectForm {
    let d = ConnectForm::default();
    let common = ConnectForm {
        mode: form.mode,
        keepalive: form.keepalive.clone(),
        clean_session: form.clean_session,
        mqtt5: form.mqtt5.clone(),
        auto_reconnect: form.auto_reconnect,
        ..d
    };
    match form.mode {
        Mode::Generic => ConnectForm {
            url: form.url,
            client_id: form.client_id,
            username: form.username,
            will_topic: form.will_topic,
            will_payload: form.will_payload,
            will_qos: form.will_qos,
            will_retain: form.will_retain,
            ..common
        },
        Mode::Aliyun => ConnectForm {
            product_key: form.product_key,
            device_name: form.device_name,
            region: form.region,
            host: form.host,
            path: form.path,
            tls: form.tls,
            aliyun_client_id: form.aliyun_client_id,
            sign_method: form.sign_method,
            timestamp: form.timestamp,
            aliyun_auth: form.aliyun_auth,
            instance_id: form.instance_id,
            ..common
        },
    }
}

/// The JSON of a profile at every default, to leave out what equals it.
fn default_fields() -> Map<String, Value> {
    let blank = Profile {
        decoders: Default::default(),
        name: String::new(),
        form: ConnectForm::default(),
        subscribe: None,
        publish: None,
        subscribe_options: Default::default(),
    };
    match serde_json::to_value(blank) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    }
}

/// The URL fragment (without `#`) of a link to `profile`, without any secret. Read it back with
/// [`parse_link`]; a form the link checks would refuse gives a link [`parse_link`] refuses.
pub fn encode_link(profile: &Profile) -> String {
    let mut form = without_secrets(only_its_mode(profile.form.clone()));
    // The page's own random id would make everyone who opens the link kick each other off; left
    // out, each gets a fresh one. An id the user chose is kept.
    if is_random_client_id(&form.client_id) {
        form.client_id.clear();
    }
    // Only the user who opens the link may acknowledge the version lock.
    form.mqtt5.version_lock_acknowledged.clear();
    let shared = Profile {
        // A link carries no decoders: .proto files would not fit in a URL.
        decoders: Default::default(),
        form,
        ..profile.clone()
    };
    let mut fields = match serde_json::to_value(&shared) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    };
    let defaults = default_fields();
    fields.retain(|key, value| key == "name" || defaults.get(key) != Some(value));
    for secret in LinkSecret::ALL {
        fields.remove(secret.key());
    }
    // Strings, bools and numbers only: serializing cannot fail.
    let json = serde_json::to_string(&Value::Object(fields)).unwrap_or_default();
    format!(
        "{LINK_PREFIX}{LINK_VERSION}.{}",
        base64url::encode(json.as_bytes())
    )
}

/// Whether a URL fragment (with or without its `#`) claims to be one of our links: a cheap test
/// that needs none of the reading and checking [`parse_link`] does.
pub fn is_link(fragment: &str) -> bool {
    fragment
        .strip_prefix('#')
        .unwrap_or(fragment)
        .starts_with(LINK_PREFIX)
}

/// Reads a URL fragment (with or without its `#`): the profile it carries, checked, or why not.
pub fn parse_link(fragment: &str) -> Result<LinkProfile, LinkError> {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    let Some(rest) = fragment.strip_prefix(LINK_PREFIX) else {
        return Err(LinkError::NotALink);
    };
    if fragment.len() > MAX_LINK_BYTES {
        return Err(LinkError::TooLong {
            bytes: fragment.len(),
        });
    }
    let (version, data) = rest.split_once('.').unwrap_or((rest, ""));
    if version != LINK_VERSION {
        return Err(LinkError::UnknownVersion(error::clip(version, 16)));
    }
    let start = fragment.len() - data.len();
    let bytes = base64url::decode(data).map_err(|offset| LinkError::BadBase64 {
        position: fragment
            .get(..start + offset)
            .map_or(start + offset, |before| before.chars().count())
            + 1,
    })?;
    // serde_json stops at nesting depth 128, so `[[[[…` is an error, not a stack overflow.
    let value: Value = serde_json::from_slice(&bytes).map_err(bad_json)?;
    check::fields(&value)?;
    let profile: Profile = serde_json::from_slice(&bytes).map_err(bad_json)?;
    check::settings(&profile)?;
    Ok(LinkProfile { profile })
}

fn bad_json(e: serde_json::Error) -> LinkError {
    LinkError::BadJson {
        reason: e.to_string(),
        line: e.line(),
        column: e.column(),
    }
}
