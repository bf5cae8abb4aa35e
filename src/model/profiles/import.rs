//! One entry point for every profile file the user picks: told apart by content.

use super::error::{ImportError, MAX_IMPORT_BYTES};
use super::mqttfx::import_mqttfx;
use super::report::ImportReport;
use super::{file, mqttx};

/// Imports any supported file, telling them apart by content: XML is MQTT.fx; a JSON object
/// with `format` or `profiles` is ours; a JSON array or `connections`/`data` list is MQTTX.
pub fn import_file(text: &str) -> Result<ImportReport, ImportError> {
    if text.len() > MAX_IMPORT_BYTES {
        return Err(ImportError::TooLarge { bytes: text.len() });
    }
    let body = text.trim_start_matches('\u{feff}').trim_start();
    if body.starts_with('<') {
        return import_mqttfx(body);
    }
    let value = file::parse_json(body)?;
    let ours = value
        .as_object()
        .is_some_and(|o| o.contains_key("format") || o.contains_key("profiles"));
    if ours {
        file::import_value(&value)
    } else if mqttx::connection_list(&value).is_some() {
        mqttx::import_value(&value)
    } else {
        Err(ImportError::UnknownFile)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::form::Mode;
    use crate::model::profiles::export_json;

    #[test]
    fn files_are_told_apart_by_content() {
        let fx = "\u{feff}  <configuration><connectionProfile><profileName>fx</profileName></connectionProfile></configuration>";
        assert_eq!(
            import_file(fx).map(|r| r.profiles[0].profile.name.clone()),
            Ok("fx".into())
        );
        let ours = export_json(std::iter::empty(), false)
            .replace("[]", r#"[{"name":"ours","mode":"generic"}]"#);
        let r = import_file(&ours).unwrap();
        assert_eq!(r.profiles[0].profile.form.mode, Mode::Generic);
        let mqttx = r#"[{"name":"x","host":"h","protocol":"ws"}]"#;
        assert_eq!(
            import_file(mqttx).map(|r| r.profiles[0].profile.form.url.clone()),
            Ok("ws://h/mqtt".into())
        );
        assert_eq!(import_file(r#"{"hello":1}"#), Err(ImportError::UnknownFile));
        assert_eq!(import_file("42"), Err(ImportError::UnknownFile));
        assert!(matches!(
            import_file("nope"),
            Err(ImportError::NotJson { .. })
        ));
    }
}
