//! Why a set of Aliyun device settings cannot be turned into a connection.
//!
//! Every variant names the field at fault so the UI can highlight it, and carries enough detail
//! (the offending character, the length, the port) for the message to say what to change.

use std::fmt;

/// A field of [`super::AliyunDevice`], as named in errors.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    /// `product_key`.
    ProductKey,
    /// `device_name`.
    DeviceName,
    /// `device_secret`.
    DeviceSecret,
    /// `region`.
    Region,
    /// `host` (the override).
    Host,
    /// `path` (the WebSocket path).
    Path,
    /// `client_id`.
    ClientId,
    /// The ProductSecret of one-product-one-secret registration.
    ProductSecret,
}

impl Field {
    /// The English label, using the console's own words for the device triple.
    pub fn en(self) -> &'static str {
        match self {
            Field::ProductKey => "ProductKey",
            Field::DeviceName => "DeviceName",
            Field::DeviceSecret => "DeviceSecret",
            Field::Region => "Region",
            Field::Host => "Host",
            Field::Path => "WebSocket path",
            Field::ClientId => "Client ID",
            Field::ProductSecret => "ProductSecret",
        }
    }

    /// The Chinese label; the device triple keeps its English names, as in the Aliyun console.
    pub fn zh(self) -> &'static str {
        match self {
            Field::ProductKey => "ProductKey",
            Field::DeviceName => "DeviceName",
            Field::DeviceSecret => "DeviceSecret",
            Field::Region => "地域",
            Field::Host => "接入域名",
            Field::Path => "WebSocket 路径",
            Field::ClientId => "ClientID",
            Field::ProductSecret => "ProductSecret",
        }
    }
}

/// A problem with the Aliyun device settings, found before anything is sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AliyunError {
    /// A required field is empty.
    Empty(Field),
    /// A field starts or ends with whitespace; usually a copy-paste accident, and never trimmed
    /// silently because a secret with a stray space would otherwise fail with a bare CONNACK 4.
    OuterSpace(Field),
    /// A field contains a character its format does not allow.
    ForbiddenChar {
        /// The field at fault.
        field: Field,
        /// The first offending character.
        ch: char,
    },
    /// The client id is longer than Aliyun's 64-character limit.
    ClientIdTooLong {
        /// Its length in characters.
        len: usize,
    },
    /// The ProductKey would have to go into the default host name but is not a valid DNS label.
    ProductKeyNotHostname {
        /// The first character that cannot appear in a host name.
        ch: char,
    },
    /// The host override starts with a scheme such as `wss://`.
    HostHasScheme,
    /// The host override contains a path, query or fragment.
    HostHasPath,
    /// The host override contains whitespace in the middle.
    HostHasSpace,
    /// The host override has a port but no name, e.g. `:8443` or `[]`.
    HostMissingName,
    /// The port in the host override is not a number from 1 to 65535.
    HostBadPort {
        /// The port text as typed.
        port: String,
    },
    /// The host override looks like a bare IPv6 address, which is ambiguous with `host:port`.
    HostIpv6NeedsBrackets,
    /// An `aliyuncs.com` host with a port other than 443, where Aliyun serves WebSocket.
    HostNotWebSocketPort {
        /// The port typed.
        port: u16,
    },
    /// The WebSocket path does not start with `/`.
    PathNoLeadingSlash,
}

impl AliyunError {
    /// The field to highlight in the form.
    pub fn field(&self) -> Field {
        match self {
            AliyunError::Empty(f) | AliyunError::OuterSpace(f) => *f,
            AliyunError::ForbiddenChar { field, .. } => *field,
            AliyunError::ClientIdTooLong { .. } => Field::ClientId,
            AliyunError::ProductKeyNotHostname { .. } => Field::ProductKey,
            AliyunError::HostHasScheme
            | AliyunError::HostHasPath
            | AliyunError::HostHasSpace
            | AliyunError::HostMissingName
            | AliyunError::HostBadPort { .. }
            | AliyunError::HostIpv6NeedsBrackets
            | AliyunError::HostNotWebSocketPort { .. } => Field::Host,
            AliyunError::PathNoLeadingSlash => Field::Path,
        }
    }

    /// The message in Chinese, for the UI's zh locale.
    pub fn zh(&self) -> String {
        match self {
            AliyunError::Empty(f) => format!("{}不能为空。", f.zh()),
            AliyunError::OuterSpace(f) => {
                format!("{}的开头或结尾有空格，请删除（可能是复制时带上的）。", f.zh())
            }
            AliyunError::ForbiddenChar { field, ch } => {
                let c = describe_zh(*ch);
                match field {
                    Field::ProductKey => format!(
                        "ProductKey 含有{c}。它会出现在用户名和 Topic 中，不能包含空白字符或 & / + # | , =。"
                    ),
                    Field::DeviceName => format!(
                        "DeviceName 含有{c}。只能使用英文字母、数字和 - _ @ . : 。"
                    ),
                    Field::DeviceSecret | Field::ProductSecret => {
                        format!("{} 含有{c}。密钥中不应有空白或控制字符。", field.zh())
                    }
                    Field::Region => format!(
                        "地域 ID 含有{c}。地域 ID 由小写字母、数字和 - 组成，例如 cn-shanghai。"
                    ),
                    Field::Host => format!(
                        "接入域名含有{c}。请填写域名、IPv4 地址或 [IPv6] 地址，可附带 :端口。"
                    ),
                    Field::Path => {
                        format!("WebSocket 路径含有{c}。路径中不能有空白字符、? 或 #。")
                    }
                    Field::ClientId => format!(
                        "ClientID 含有{c}。不能包含空白、控制字符或 | , =，它们是 securemode 参数的分隔符。"
                    ),
                }
            }
            AliyunError::ClientIdTooLong { len } => {
                format!("ClientID 长度为 {len} 个字符，阿里云最多允许 64 个。")
            }
            AliyunError::ProductKeyNotHostname { ch } => format!(
                "ProductKey 含有{}，无法拼成默认接入域名。请检查 ProductKey，或直接填写接入域名。",
                describe_zh(*ch)
            ),
            AliyunError::HostHasScheme => {
                "接入域名不要带 ws:// 或 wss:// 前缀；是否加密请用 TLS 开关选择。".to_string()
            }
            AliyunError::HostHasPath => {
                "接入域名不能包含路径；路径请填在 WebSocket 路径一栏。".to_string()
            }
            AliyunError::HostHasSpace => "接入域名中间有空格。".to_string(),
            AliyunError::HostMissingName => "接入域名只有端口，缺少主机名。".to_string(),
            AliyunError::HostBadPort { port } => {
                format!("接入域名的端口“{port}”无效，应为 1 到 65535 之间的数字。")
            }
            AliyunError::HostIpv6NeedsBrackets => {
                "IPv6 地址需要写在方括号中，例如 [::1]:8443。".to_string()
            }
            AliyunError::HostNotWebSocketPort { port } => format!(
                "阿里云的 WebSocket 接入端口是 443，不是 {port}。控制台显示的 1883 是 MQTT TCP 端口，浏览器无法使用。"
            ),
            AliyunError::PathNoLeadingSlash => "WebSocket 路径必须以 / 开头。".to_string(),
        }
    }
}

impl fmt::Display for AliyunError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AliyunError::Empty(field) => write!(f, "{} is empty.", field.en()),
            AliyunError::OuterSpace(field) => write!(
                f,
                "{} has a leading or trailing space; remove it (it often comes with copy and paste).",
                field.en()
            ),
            AliyunError::ForbiddenChar { field, ch } => {
                let c = describe_en(*ch);
                match field {
                    Field::ProductKey => write!(
                        f,
                        "ProductKey contains {c}. It goes into the username and into topics, so \
                         whitespace and & / + # | , = are not allowed."
                    ),
                    Field::DeviceName => write!(
                        f,
                        "DeviceName contains {c}. Only letters, digits and - _ @ . : are allowed."
                    ),
                    Field::DeviceSecret | Field::ProductSecret => write!(
                        f,
                        "{} contains {c}. A secret has no whitespace or control characters.",
                        field.en()
                    ),
                    Field::Region => write!(
                        f,
                        "Region contains {c}. A region id is lowercase letters, digits and '-', \
                         like cn-shanghai."
                    ),
                    Field::Host => write!(
                        f,
                        "Host contains {c}. Enter a host name, an IPv4 address or an [IPv6] \
                         address, optionally followed by :port."
                    ),
                    Field::Path => write!(
                        f,
                        "WebSocket path contains {c}. Whitespace, '?' and '#' are not allowed."
                    ),
                    Field::ClientId => write!(
                        f,
                        "Client ID contains {c}. Whitespace, control characters and | , = are not \
                         allowed: they delimit the securemode parameters."
                    ),
                }
            }
            AliyunError::ClientIdTooLong { len } => write!(
                f,
                "Client ID is {len} characters long; Aliyun allows at most 64."
            ),
            AliyunError::ProductKeyNotHostname { ch } => write!(
                f,
                "ProductKey contains {}, which cannot appear in the default host name. Check the \
                 ProductKey or enter the host explicitly.",
                describe_en(*ch)
            ),
            AliyunError::HostHasScheme => f.write_str(
                "Host must not start with ws:// or wss://; choose encryption with the TLS switch.",
            ),
            AliyunError::HostHasPath => f.write_str(
                "Host must not contain a path; put the path in the WebSocket path field.",
            ),
            AliyunError::HostHasSpace => f.write_str("Host contains a space."),
            AliyunError::HostMissingName => f.write_str("Host has a port but no host name."),
            AliyunError::HostBadPort { port } => write!(
                f,
                "Host port \"{port}\" is not a number from 1 to 65535."
            ),
            AliyunError::HostIpv6NeedsBrackets => f.write_str(
                "An IPv6 host must be written in brackets, e.g. [::1]:8443.",
            ),
            AliyunError::HostNotWebSocketPort { port } => write!(
                f,
                "Aliyun serves WebSocket on port 443, not {port}. The console's 1883 is the \
                 MQTT-over-TCP port, which browsers cannot use."
            ),
            AliyunError::PathNoLeadingSlash => f.write_str("WebSocket path must start with '/'."),
        }
    }
}

impl std::error::Error for AliyunError {}

/// Names a character so that invisible ones (space, tab, control) are still recognisable.
fn describe_en(ch: char) -> String {
    match ch {
        ' ' => "a space".to_string(),
        '\t' => "a tab".to_string(),
        '\u{3000}' => "a full-width space".to_string(),
        c if c.is_control() => format!("a control character (U+{:04X})", c as u32),
        c if c.is_whitespace() => format!("a whitespace character (U+{:04X})", c as u32),
        c => format!("'{c}'"),
    }
}

/// Chinese counterpart of [`describe_en`].
fn describe_zh(ch: char) -> String {
    match ch {
        ' ' => "空格".to_string(),
        '\t' => "制表符".to_string(),
        '\u{3000}' => "全角空格".to_string(),
        c if c.is_control() => format!("控制字符（U+{:04X}）", c as u32),
        c if c.is_whitespace() => format!("空白字符（U+{:04X}）", c as u32),
        c => format!("“{c}”"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invisible_characters_are_named() {
        let e = AliyunError::ForbiddenChar {
            field: Field::ClientId,
            ch: ' ',
        };
        assert!(e.to_string().contains("a space"));
        assert!(e.zh().contains("空格"));
        let e = AliyunError::ForbiddenChar {
            field: Field::DeviceSecret,
            ch: '\u{7}',
        };
        assert!(e.to_string().contains("U+0007"));
        let e = AliyunError::ForbiddenChar {
            field: Field::DeviceName,
            ch: '\u{3000}',
        };
        assert!(e.zh().contains("全角空格"));
    }

    #[test]
    fn messages_name_the_field() {
        let e = AliyunError::Empty(Field::DeviceSecret);
        assert_eq!(e.field(), Field::DeviceSecret);
        assert!(e.to_string().starts_with("DeviceSecret"));
        assert!(e.zh().starts_with("DeviceSecret"));
        assert_eq!(
            AliyunError::HostBadPort { port: "0".into() }.field(),
            Field::Host
        );
        assert_eq!(AliyunError::PathNoLeadingSlash.field(), Field::Path);
        assert!(AliyunError::OuterSpace(Field::Region)
            .zh()
            .starts_with("地域"));
    }
}
