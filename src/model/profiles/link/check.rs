//! The checks a link passes before its profile is offered: first its JSON, field by field
//! against the shape [`super::encode_link`] writes, then the settings, by the connect form's
//! own rules.

use serde_json::Value;

use super::error::{clip, JsonKind, LinkError, LinkSecret, MAX_LINK_LIST, MAX_LINK_TEXT_CHARS};
use crate::aliyun::{AliyunError, Field};
use crate::model::form::{ConnectForm, Mode, Mqtt5Error, PropertyRow};
use crate::model::profiles::{Profile, MAX_NAME_CHARS};
use crate::model::server::ServerInfo;
use crate::model::subscriptions::SubscribeDraft;
use crate::model::FormError;
use crate::mqtt::ProtocolVersion;

/// The key of the version lock acknowledgements, which only the user gives.
const ACKNOWLEDGEMENT_KEY: &str = "version_lock_acknowledged";

/// The longest field path repeated in an error, in characters.
const MAX_SHOWN_PATH: usize = 48;

/// Every field a link may hold, as JSON: a profile with each optional part present once.
fn template() -> Value {
    let mut form = ConnectForm::default();
    form.mqtt5.connect_user_properties = vec![PropertyRow::default()];
    let full = Profile {
        decoders: Default::default(),
        name: String::new(),
        form,
        subscribe: Some(String::new()),
        publish: Some(String::new()),
        subscribe_options: SubscribeDraft {
            no_local: true,
            ..SubscribeDraft::default()
        },
    };
    let mut template = serde_json::to_value(full).unwrap_or(Value::Null);
    if let Value::Object(map) = &mut template {
        for secret in LinkSecret::ALL {
            map.remove(secret.key());
        }
        map.remove(ACKNOWLEDGEMENT_KEY);
    }
    template
}

/// Checks the link's JSON: an object, no secret, no acknowledgement, only known fields of the
/// right types, and text that is bounded and free of control characters.
pub(super) fn fields(value: &Value) -> Result<(), LinkError> {
    let Value::Object(map) = value else {
        return Err(LinkError::NotAnObject);
    };
    // Secrets first, whatever else is wrong: the reason the user most needs to hear.
    if let Some(secret) = LinkSecret::ALL
        .into_iter()
        .find(|s| map.contains_key(s.key()))
    {
        return Err(LinkError::Secret(secret));
    }
    if map.contains_key(ACKNOWLEDGEMENT_KEY) {
        return Err(LinkError::Acknowledgement);
    }
    walk(value, &template(), "")
}

fn kind(template: &Value) -> JsonKind {
    match template {
        Value::Bool(_) => JsonKind::Bool,
        Value::Number(_) => JsonKind::Number,
        Value::Array(_) => JsonKind::List,
        Value::Object(_) => JsonKind::Object,
        Value::String(_) | Value::Null => JsonKind::Text,
    }
}

/// A link's text as an error repeats it: control and direction characters replaced, clipped.
fn shown(text: &str) -> String {
    let safe: String = text
        .chars()
        .map(|c| if forbidden(c) { '\u{fffd}' } else { c })
        .collect();
    clip(&safe, MAX_SHOWN_PATH)
}

fn walk(value: &Value, template: &Value, path: &str) -> Result<(), LinkError> {
    match (template, value) {
        (Value::Object(known), Value::Object(map)) => {
            for (key, v) in map {
                let child = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                let Some(t) = known.get(key) else {
                    return Err(LinkError::UnknownField(shown(&child)));
                };
                walk(v, t, &child)?;
            }
            Ok(())
        }
        (Value::Array(known), Value::Array(items)) => {
            if items.len() > MAX_LINK_LIST {
                return Err(LinkError::TooManyItems {
                    field: path.to_owned(),
                    count: items.len(),
                });
            }
            let Some(t) = known.first() else {
                return Ok(());
            };
            for (i, item) in items.iter().enumerate() {
                walk(item, t, &format!("{path}[{}]", i + 1))?;
            }
            Ok(())
        }
        (Value::String(_), Value::String(text)) => check_text(path, text),
        (Value::Bool(_), Value::Bool(_)) | (Value::Number(_), Value::Number(_)) => Ok(()),
        (t, _) => Err(LinkError::WrongType {
            field: path.to_owned(),
            expected: kind(t),
        }),
    }
}

/// Control characters (a name or topic is one line) and the invisible characters that reverse
/// text direction, with which a hostile link could make one URL read as another.
fn forbidden(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Payloads and property values may span lines.
fn multiline(path: &str) -> bool {
    path == "will_payload"
        || (path.starts_with("connect_user_properties[") && path.ends_with(".value"))
}

fn check_text(path: &str, text: &str) -> Result<(), LinkError> {
    let lines = multiline(path);
    if text
        .chars()
        .any(|c| forbidden(c) && !(lines && matches!(c, '\n' | '\r' | '\t')))
    {
        return Err(LinkError::ControlChar {
            field: path.to_owned(),
        });
    }
    let max = match path {
        "name" => MAX_NAME_CHARS,
        // Bounded by the link's own size.
        "will_payload" => return Ok(()),
        _ => MAX_LINK_TEXT_CHARS,
    };
    let chars = text.chars().count();
    if chars > max {
        return Err(LinkError::FieldTooLong {
            field: path.to_owned(),
            chars,
            max,
        });
    }
    Ok(())
}

/// Whether the link is refused for a problem its form has. Empty fields, missing secrets and the
/// version lock acknowledgement are the user's to fill in; the other mode's keepalive range
/// does not apply.
fn refused(e: &FormError, active: bool) -> bool {
    match e {
        FormError::EmptyClientId | FormError::PasswordWithoutUsername => false,
        FormError::MixedContent(_) => false,
        FormError::BrokerUrl(url) => !url.is_empty(),
        FormError::Keepalive { .. } => active,
        FormError::Aliyun(AliyunError::Empty(_)) => false,
        FormError::Aliyun(e) => !matches!(e.field(), Field::DeviceSecret | Field::ProductSecret),
        FormError::Mqtt5(Mqtt5Error::VersionLockNotAcknowledged(_)) => false,
        _ => true,
    }
}

/// Checks the settings by the form's own rules, for both modes: the other mode's fields are
/// filled in too, so they must be as sound as the ones used.
pub(super) fn settings(profile: &Profile) -> Result<(), LinkError> {
    let own = profile.form.mode;
    let other = match own {
        Mode::Aliyun => Mode::Generic,
        Mode::Generic => Mode::Aliyun,
    };
    for mode in [own, other] {
        let form = ConnectForm {
            mode,
            ..profile.form.clone()
        };
        if let Some((_, e)) = form
            .problems(false)
            .into_iter()
            .find(|(_, e)| refused(e, mode == own))
        {
            return Err(LinkError::Form(e));
        }
    }
    // A plain filter, so only the options themselves are checked (the topic is checked when
    // the user subscribes, after filling in any `${deviceName}`).
    profile
        .subscribe_options
        .options("a", &ServerInfo::before_connack(ProtocolVersion::V5))
        .map(drop)
        .map_err(LinkError::Subscribe)
}
