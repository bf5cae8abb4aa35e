//! Why pasted text is not the console's connection parameters, in English and Chinese.

use std::fmt;

/// Why the pasted text is not the console's connection parameters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConsoleJsonError {
    /// Longer than [`MAX_CONSOLE_JSON_BYTES`].
    TooLarge {
        /// Its length in bytes.
        bytes: usize,
    },
    /// Not JSON; line and column are 1-based.
    NotJson {
        /// Line of the error.
        line: usize,
        /// Column of the error.
        column: usize,
    },
    /// JSON, but not an object `{…}`.
    NotObject,
    /// A required field is absent.
    MissingField(&'static str),
    /// A field holds a number, list, … where text is expected.
    NotText(&'static str),
    /// The username is not `DeviceName&ProductKey`.
    UsernameNotDnPk(String),
    /// The client id lacks the `|securemode=…|` parameters.
    ClientIdWithoutParams(String),
    /// The client id parameters have no `securemode=`, or it is not a number.
    BadSecuremode(String),
    /// `signmethod=` names none of hmacmd5, hmacsha1, hmacsha256.
    UnknownSignMethod(String),
    /// `timestamp=` is not a whole number of milliseconds.
    TimestampNotDigits(String),
    /// `port` is not a number from 1 to 65535.
    BadPort(String),
}

impl fmt::Display for ConsoleJsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TooLarge { bytes } => write!(
                f,
                "the pasted text is {bytes} bytes; the console's MQTT connection parameters are under 1 KB — paste only them"
            ),
            Self::NotJson { line, column } => write!(
                f,
                "the pasted text is not JSON (line {line}, column {column}); copy the whole {{…}} block from the console's MQTT connection parameters"
            ),
            Self::NotObject => write!(f, "the pasted JSON is not an object {{…}} like the console's MQTT connection parameters"),
            Self::MissingField(name) => write!(f, "the pasted JSON has no \"{name}\" field"),
            Self::NotText(name) => write!(f, "the field \"{name}\" must be text in quotes"),
            Self::UsernameNotDnPk(u) => write!(f, "username \"{}\" is not DeviceName&ProductKey", clip(u)),
            Self::ClientIdWithoutParams(c) => write!(
                f,
                "client id \"{}\" has no |securemode=…,signmethod=…| parameters",
                clip(c)
            ),
            Self::BadSecuremode(s) => write!(f, "securemode \"{}\" is missing or not a number (2 = TLS, 3 = plain)", clip(s)),
            Self::UnknownSignMethod(m) => {
                write!(f, "signmethod \"{}\" is not one of hmacmd5, hmacsha1, hmacsha256", clip(m))
            }
            Self::TimestampNotDigits(t) => write!(f, "timestamp \"{}\" is not a whole number of milliseconds", clip(t)),
            Self::BadPort(p) => write!(f, "port \"{}\" is not a number from 1 to 65535", clip(p)),
        }
    }
}

impl std::error::Error for ConsoleJsonError {}

impl ConsoleJsonError {
    /// The message in Chinese, for the UI's zh locale.
    pub fn zh(&self) -> String {
        match self {
            Self::TooLarge { bytes } => {
                format!("粘贴的内容有 {bytes} 字节；控制台的 MQTT 连接参数不到 1 KB，请只粘贴这部分。")
            }
            Self::NotJson { line, column } => format!(
                "粘贴的内容不是 JSON（第 {line} 行第 {column} 列）。请从控制台的“MQTT连接参数”复制完整的 {{…}}。"
            ),
            Self::NotObject => "粘贴的 JSON 不是对象 {…}，与控制台的 MQTT 连接参数格式不符。".to_string(),
            Self::MissingField(name) => format!("粘贴的 JSON 缺少字段“{name}”。"),
            Self::NotText(name) => format!("字段“{name}”应为带引号的文本。"),
            Self::UsernameNotDnPk(u) => format!("用户名“{}”不是 DeviceName&ProductKey 格式。", clip(u)),
            Self::ClientIdWithoutParams(c) => {
                format!("ClientID“{}”缺少 |securemode=…,signmethod=…| 参数。", clip(c))
            }
            Self::BadSecuremode(s) => {
                format!("securemode“{}”缺失或不是数字（2 表示 TLS，3 表示不加密）。", clip(s))
            }
            Self::UnknownSignMethod(m) => {
                format!("签名方法“{}”不是 hmacmd5、hmacsha1、hmacsha256 之一。", clip(m))
            }
            Self::TimestampNotDigits(t) => format!("timestamp“{}”不是以毫秒计的整数。", clip(t)),
            Self::BadPort(p) => format!("端口“{}”不是 1 到 65535 之间的数字。", clip(p)),
        }
    }
}

/// Echoed values are cut so a hostile paste cannot make the error message itself huge.
fn clip(s: &str) -> String {
    const MAX: usize = 80;
    match s.char_indices().nth(MAX) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_reads_in_both_languages_and_clips_echoes() {
        let long = "x".repeat(10_000);
        let all = [
            ConsoleJsonError::TooLarge { bytes: 1 },
            ConsoleJsonError::NotJson { line: 1, column: 1 },
            ConsoleJsonError::NotObject,
            ConsoleJsonError::MissingField("clientId"),
            ConsoleJsonError::NotText("username"),
            ConsoleJsonError::UsernameNotDnPk(long.clone()),
            ConsoleJsonError::ClientIdWithoutParams(long.clone()),
            ConsoleJsonError::BadSecuremode(long.clone()),
            ConsoleJsonError::UnknownSignMethod(long.clone()),
            ConsoleJsonError::TimestampNotDigits(long.clone()),
            ConsoleJsonError::BadPort(long),
        ];
        for e in all {
            let (en, zh) = (e.to_string(), e.zh());
            assert!(!en.is_empty() && !zh.is_empty(), "{e:?}");
            assert!(en.len() < 400 && zh.len() < 400, "{e:?}");
        }
    }
}
