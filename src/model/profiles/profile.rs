//! Named connection profiles.
//!
//! The serve command writes its demo profiles into its copy of the page, as an inline JSON data
//! block (`<script type="application/json" id="mqtt-console-demo">`, which is never executed),
//! so the local broker is one click away without a request; a CDN deployment simply has no such
//! block, and the page asks for nothing that is not there.

use serde::{Deserialize, Serialize};

use crate::model::decoding::DecoderSettings;
use crate::model::form::ConnectForm;
use crate::model::subscriptions::SubscribeDraft;

/// A named, complete connect form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    /// Shown in the profile picker.
    pub name: String,
    /// Everything the connect form holds.
    #[serde(flatten)]
    pub form: ConnectForm,
    /// A topic filter to offer in the subscribe panel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subscribe: Option<String>,
    /// A topic to offer in the publish panel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publish: Option<String>,
    /// The subscribe panel's MQTT 5 options, saved with its topic; left out when at defaults.
    #[serde(default, skip_serializing_if = "SubscribeDraft::is_default")]
    pub subscribe_options: SubscribeDraft,
    /// Which decoder shows which topics, and the `.proto` files they name types from.
    #[serde(default, skip_serializing_if = "DecoderSettings::is_empty")]
    pub decoders: DecoderSettings,
}

impl Profile {
    /// The form this profile fills in. A generic profile without a client id gets
    /// `mqtt-console-` and `random` in hex, since two tabs with one id keep kicking each other off.
    pub fn to_form(&self, random: u32) -> ConnectForm {
        let mut form = self.form.clone();
        if form.mode == crate::model::form::Mode::Generic && form.client_id.is_empty() {
            form.client_id = random_client_id(random);
        }
        form
    }
}

/// The `id` of the page's demo profile block.
pub const DEMO_BLOCK_ID: &str = "mqtt-console-demo";

/// `mqtt-console-` followed by `random` as eight hex digits.
pub fn random_client_id(random: u32) -> String {
    format!("mqtt-console-{random:08x}")
}

/// Whether `id` has the shape [`random_client_id`] makes: one the page chose, not the user.
pub fn is_random_client_id(id: &str) -> bool {
    id.strip_prefix("mqtt-console-")
        .is_some_and(|hex| hex.len() == 8 && hex.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[derive(Deserialize)]
struct ProfileFile {
    profiles: Vec<Profile>,
}

/// Why a plain profile list (the serve command's demo profile block) cannot be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProfileListError {
    /// Not the expected JSON.
    Invalid {
        /// The JSON parser's own explanation (serde_json's words).
        reason: String,
        /// Line of the error, 1-based.
        line: usize,
        /// Column of the error, 1-based.
        column: usize,
    },
    /// A profile without a name, told by its broker URL.
    Unnamed {
        /// The nameless profile's broker URL.
        url: String,
    },
}

/// Reads `{"profiles": [...]}`; the error names what is wrong and where.
pub fn parse_profiles(json: &str) -> Result<Vec<Profile>, ProfileListError> {
    let file: ProfileFile = serde_json::from_str(json).map_err(|e| ProfileListError::Invalid {
        reason: e.to_string(),
        line: e.line(),
        column: e.column(),
    })?;
    if let Some(p) = file.profiles.iter().find(|p| p.name.trim().is_empty()) {
        return Err(ProfileListError::Unnamed {
            url: p.form.url.clone(),
        });
    }
    Ok(file.profiles)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::form::Mode;

    #[test]
    fn missing_fields_take_defaults() {
        let profiles = parse_profiles(
            r#"{"profiles":[{"name":"Local broker","mode":"generic","url":"ws://127.0.0.1:9001"}]}"#,
        )
        .unwrap();
        assert_eq!(profiles[0].name, "Local broker");
        assert_eq!(profiles[0].form.mode, Mode::Generic);
        assert_eq!(profiles[0].form.keepalive, "60");
        assert!(profiles[0].form.clean_session);
    }

    #[test]
    fn the_serve_commands_demo_profiles_connect_as_written() {
        let json = include_str!("../../../scripts/demo-profiles.json.in")
            .replace("@BROKER_WS_PORT@", "9001")
            .replace("@EMULATOR_WS_PORT@", "8443");
        let profiles = parse_profiles(&json).unwrap();
        let names: Vec<&str> = profiles.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["Local broker", "Aliyun (local emulator)"]);
        let local = profiles[0].to_form(0xabc).plan(0, false).unwrap();
        assert_eq!(local.options.client_id, "mqtt-console-00000abc");
        assert!(is_random_client_id(&local.options.client_id));
        assert!(!is_random_client_id("mqtt-console-0000abc"));
        assert!(!is_random_client_id("mqtt-console-0000abcg"));
        assert!(!is_random_client_id("sensor-00000abc"));
        assert_eq!(local.url, "ws://127.0.0.1:9001");
        let aliyun = profiles[1]
            .to_form(1)
            .plan(1_700_000_000_000, false)
            .unwrap();
        assert_eq!(aliyun.url, "ws://127.0.0.1:8443/");
        assert_eq!(
            aliyun.options.username.as_deref(),
            Some("console-demo&a1MqttDemo1")
        );
        assert!(aliyun
            .options
            .client_id
            .contains("securemode=3,signmethod=hmacsha256"));
        assert_eq!(
            profiles[1].subscribe.as_deref(),
            Some("/${productKey}/${deviceName}/user/get")
        );
    }

    #[test]
    fn errors_say_where() {
        // The words are checked in `crate::i18n::profiles`.
        let err = parse_profiles("{\"profiles\": [ {\"name\": 3} ]}").unwrap_err();
        assert!(
            matches!(err, ProfileListError::Invalid { line: 1, .. }),
            "{err:?}"
        );
        let err = parse_profiles(r#"{"profiles":[{"name":" ","url":"ws://x"}]}"#).unwrap_err();
        assert_eq!(
            err,
            ProfileListError::Unnamed {
                url: "ws://x".into()
            }
        );
    }
}
