//! The words of the IoT Platform console's pasted connection parameters ([`ConnectParamsError`]).

use super::super::{Describe, Text};
use crate::aliyun::connect_params::ConnectParamsError;

/// Echoed values are cut so a hostile paste cannot make the error message itself huge.
fn clip(s: &str) -> String {
    const MAX: usize = 80;
    match s.char_indices().nth(MAX) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_owned(),
    }
}

impl Describe for ConnectParamsError {
    fn describe(&self) -> Text {
        match self {
            Self::TooLarge { bytes } => Text::new(
                format!(
                    "the pasted text is {bytes} bytes; the console's MQTT connection parameters are under 1 KB — paste only them"
                ),
                format!(
                    "粘贴的内容有 {bytes} 字节；控制台的 MQTT 连接参数不到 1 KB，请只粘贴这部分。"
                ),
            ),
            Self::NotJson { line, column } => Text::new(
                format!(
                    "the pasted text is not JSON (line {line}, column {column}); copy the whole {{…}} block from the console's MQTT connection parameters"
                ),
                format!(
                    "粘贴的内容不是 JSON（第 {line} 行第 {column} 列）。请从控制台的“MQTT连接参数”复制完整的 {{…}}。"
                ),
            ),
            Self::NotObject => Text::new(
                "the pasted JSON is not an object {…} like the console's MQTT connection parameters",
                "粘贴的 JSON 不是对象 {…}，与控制台的 MQTT 连接参数格式不符。",
            ),
            Self::MissingField(name) => Text::new(
                format!("the pasted JSON has no \"{name}\" field"),
                format!("粘贴的 JSON 缺少字段“{name}”。"),
            ),
            Self::NotText(name) => Text::new(
                format!("the field \"{name}\" must be text in quotes"),
                format!("字段“{name}”应为带引号的文本。"),
            ),
            Self::UsernameNotDnPk(u) => Text::new(
                format!("username \"{}\" is not DeviceName&ProductKey", clip(u)),
                format!("用户名“{}”不是 DeviceName&ProductKey 格式。", clip(u)),
            ),
            Self::ClientIdWithoutParams(c) => Text::new(
                format!(
                    "client id \"{}\" has no |securemode=…,signmethod=…| parameters",
                    clip(c)
                ),
                format!("ClientID“{}”缺少 |securemode=…,signmethod=…| 参数。", clip(c)),
            ),
            Self::BadSecuremode(s) => Text::new(
                format!(
                    "securemode \"{}\" is missing or not a number (2 = TLS, 3 = plain)",
                    clip(s)
                ),
                format!("securemode“{}”缺失或不是数字（2 表示 TLS，3 表示不加密）。", clip(s)),
            ),
            Self::UnknownSignMethod(m) => Text::new(
                format!(
                    "signmethod \"{}\" is not one of hmacmd5, hmacsha1, hmacsha256",
                    clip(m)
                ),
                format!("签名方法“{}”不是 hmacmd5、hmacsha1、hmacsha256 之一。", clip(m)),
            ),
            Self::TimestampNotDigits(t) => Text::new(
                format!("timestamp \"{}\" is not a whole number of milliseconds", clip(t)),
                format!("timestamp“{}”不是以毫秒计的整数。", clip(t)),
            ),
            Self::BadPort(p) => Text::new(
                format!("port \"{}\" is not a number from 1 to 65535", clip(p)),
                format!("端口“{}”不是 1 到 65535 之间的数字。", clip(p)),
            ),
        }
    }
}
