//! Why a file cannot be imported at all (problems with single entries are reported, not fatal).

use std::fmt;

/// Largest file accepted for import: real profile files are kilobytes; this bounds the memory
/// a hostile file can make the tab spend.
pub const MAX_IMPORT_BYTES: usize = 5 * 1024 * 1024;

/// Why a file cannot be imported.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportError {
    /// Larger than [`MAX_IMPORT_BYTES`].
    TooLarge {
        /// Its size in bytes.
        bytes: usize,
    },
    /// Not JSON (line and column 1-based).
    NotJson {
        /// Line of the error.
        line: usize,
        /// Column of the error.
        column: usize,
    },
    /// Not well-formed XML (line and column 1-based).
    NotXml {
        /// Line of the error.
        line: u32,
        /// Column of the error.
        column: u32,
    },
    /// The XML declares a DTD, which MQTT.fx never writes and entity-expansion attacks need.
    XmlDtd,
    /// A JSON file that names another format in its `format` field.
    WrongFormat(String),
    /// A profile file from a newer version of this console.
    UnsupportedVersion(u64),
    /// `version` is not a whole number.
    BadVersion,
    /// No list of profiles or connections where one was expected.
    NoProfileList,
    /// The file holds no profiles.
    NoProfiles,
    /// Neither an MQTT Console, MQTTX nor MQTT.fx file.
    UnknownFile,
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TooLarge { bytes } => write!(
                f,
                "the file is {bytes} bytes; profile files over {MAX_IMPORT_BYTES} bytes are not imported"
            ),
            Self::NotJson { line, column } => {
                write!(f, "the file is not valid JSON (line {line}, column {column})")
            }
            Self::NotXml { line, column } => {
                write!(f, "the file is not valid XML (line {line}, column {column})")
            }
            Self::XmlDtd => write!(
                f,
                "the XML file declares a DTD, which MQTT.fx files never do; it was refused for safety"
            ),
            Self::WrongFormat(found) => write!(
                f,
                "the file says it is \"{found}\", not an MQTT Console profile file"
            ),
            Self::UnsupportedVersion(v) => write!(
                f,
                "the file was written by a newer MQTT Console (format version {v}); update the page and import again"
            ),
            Self::BadVersion => write!(f, "the file's \"version\" is not a whole number"),
            Self::NoProfileList => write!(f, "the file has no list of profiles or connections"),
            Self::NoProfiles => write!(f, "the file contains no connection profiles"),
            Self::UnknownFile => write!(
                f,
                "this is not an MQTT Console, MQTTX (JSON) or MQTT.fx (mqttfx-config.xml) profile file"
            ),
        }
    }
}

impl std::error::Error for ImportError {}

impl ImportError {
    /// The message in Chinese, for the UI's zh locale.
    pub fn zh(&self) -> String {
        match self {
            Self::TooLarge { bytes } => {
                format!("文件有 {bytes} 字节；超过 {MAX_IMPORT_BYTES} 字节的配置文件不予导入。")
            }
            Self::NotJson { line, column } => {
                format!("文件不是有效的 JSON（第 {line} 行第 {column} 列）。")
            }
            Self::NotXml { line, column } => {
                format!("文件不是有效的 XML（第 {line} 行第 {column} 列）。")
            }
            Self::XmlDtd => {
                "该 XML 文件声明了 DTD，MQTT.fx 的文件不会这样做；为安全起见已拒绝。".to_string()
            }
            Self::WrongFormat(found) => {
                format!("文件声明的格式是“{found}”，不是 MQTT Console 配置文件。")
            }
            Self::UnsupportedVersion(v) => {
                format!("文件来自更新版本的 MQTT Console（格式版本 {v}）。请刷新页面后再导入。")
            }
            Self::BadVersion => "文件的“version”不是整数。".to_string(),
            Self::NoProfileList => "文件中没有配置或连接列表。".to_string(),
            Self::NoProfiles => "文件中没有连接配置。".to_string(),
            Self::UnknownFile => {
                "不是 MQTT Console、MQTTX（JSON）或 MQTT.fx（mqttfx-config.xml）的配置文件。"
                    .to_string()
            }
        }
    }
}

/// Cuts text echoed into an error so a hostile file cannot make the message itself huge.
pub(super) fn clip(s: &str) -> String {
    const MAX: usize = 60;
    match s.char_indices().nth(MAX) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_reads_in_both_languages() {
        let all = [
            ImportError::TooLarge { bytes: 9 },
            ImportError::NotJson { line: 1, column: 2 },
            ImportError::NotXml { line: 1, column: 2 },
            ImportError::XmlDtd,
            ImportError::WrongFormat("x".into()),
            ImportError::UnsupportedVersion(2),
            ImportError::BadVersion,
            ImportError::NoProfileList,
            ImportError::NoProfiles,
            ImportError::UnknownFile,
        ];
        for e in all {
            assert!(!e.to_string().is_empty() && !e.zh().is_empty(), "{e:?}");
        }
        assert_eq!(clip(&"é".repeat(100)).chars().count(), 61);
    }
}
