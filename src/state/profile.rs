//! Named connection profiles.
//!
//! The serve command writes `demo-profiles.json` beside the app so the local broker is one click
//! away; a CDN deployment simply has no such file.

use serde::{Deserialize, Serialize};

use super::form::ConnectForm;

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
}

#[derive(Deserialize)]
struct ProfileFile {
    profiles: Vec<Profile>,
}

/// Reads `{"profiles": [...]}`; the error names what is wrong and where.
pub fn parse_profiles(json: &str) -> Result<Vec<Profile>, String> {
    let file: ProfileFile = serde_json::from_str(json).map_err(|e| {
        format!(
            "the profile file is not valid: {e} (line {}, column {})",
            e.line(),
            e.column()
        )
    })?;
    if let Some(p) = file.profiles.iter().find(|p| p.name.trim().is_empty()) {
        return Err(format!(
            "a profile has no name (broker URL \"{}\")",
            p.form.url
        ));
    }
    Ok(file.profiles)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::form::Mode;

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
    fn errors_say_where() {
        let err = parse_profiles("{\"profiles\": [ {\"name\": 3} ]}").unwrap_err();
        assert!(err.contains("line 1"), "{err}");
        let err = parse_profiles(r#"{"profiles":[{"name":" ","url":"ws://x"}]}"#).unwrap_err();
        assert!(err.contains("no name"), "{err}");
    }
}
