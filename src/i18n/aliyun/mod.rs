//! The words of the Aliyun device core (`crate::aliyun`): device-settings errors, Alink,
//! registration and NTP errors; the pasted connection parameters are in [`connect_params`], the
//! endpoint and registration kinds in [`instance`], codes, regions and property types in [`codes`].
//! `Display` of these types is their English, defined here once so logs and the emulator read the
//! same sentence as the UI.

use std::fmt;

use super::{Describe, Text};
use crate::aliyun::connect_params::ConnectParamsError;
use crate::aliyun::{AlinkError, AliyunError, Field, NtpError, RegistrationError};

impl Describe for Field {
    /// The device triple keeps its English names in Chinese too, as the IoT Platform console
    /// writes them.
    fn describe(&self) -> Text {
        match self {
            Field::ProductKey => Text::new("ProductKey", "ProductKey"),
            Field::DeviceName => Text::new("DeviceName", "DeviceName"),
            Field::DeviceSecret => Text::new("DeviceSecret", "DeviceSecret"),
            Field::Region => Text::new("Region", "地域"),
            Field::Host => Text::new("Host", "接入域名"),
            Field::Path => Text::new("WebSocket path", "WebSocket 路径"),
            Field::ClientId => Text::new("Client ID", "ClientID"),
            Field::ProductSecret => Text::new("ProductSecret", "ProductSecret"),
            Field::InstanceId => Text::new("Instance ID", "实例 ID"),
        }
    }
}

/// Names a character so that invisible ones (space, tab, control) are still recognisable.
fn char_name(ch: char) -> Text {
    let code = ch as u32;
    match ch {
        ' ' => Text::new("a space", "空格"),
        '\t' => Text::new("a tab", "制表符"),
        '\u{3000}' => Text::new("a full-width space", "全角空格"),
        c if c.is_control() => Text::new(
            format!("a control character (U+{code:04X})"),
            format!("控制字符（U+{code:04X}）"),
        ),
        c if c.is_whitespace() => Text::new(
            format!("a whitespace character (U+{code:04X})"),
            format!("空白字符（U+{code:04X}）"),
        ),
        c => Text::new(format!("'{c}'"), format!("“{c}”")),
    }
}

impl Describe for AliyunError {
    fn describe(&self) -> Text {
        match self {
            AliyunError::Empty(field) => {
                let f = field.describe();
                Text::new(format!("{} is empty.", f.en), format!("{}不能为空。", f.zh))
            }
            AliyunError::OuterSpace(field) => {
                let f = field.describe();
                Text::new(
                    format!(
                        "{} has a leading or trailing space; remove it (it often comes with copy and paste).",
                        f.en
                    ),
                    format!("{}的开头或结尾有空格，请删除（可能是复制时带上的）。", f.zh),
                )
            }
            AliyunError::ForbiddenChar { field, ch } => forbidden_char(*field, *ch),
            AliyunError::ClientIdTooLong { len } => Text::new(
                format!("Client ID is {len} characters long; Aliyun allows at most 64."),
                format!("ClientID 长度为 {len} 个字符，阿里云最多允许 64 个。"),
            ),
            AliyunError::ProductKeyNotHostname { ch } => {
                let c = char_name(*ch);
                Text::new(
                    format!(
                        "ProductKey contains {}, which cannot appear in the default host name. Check the \
                         ProductKey or enter the host explicitly.",
                        c.en
                    ),
                    format!(
                        "ProductKey 含有{}，无法拼成默认接入域名。请检查 ProductKey，或直接填写接入域名。",
                        c.zh
                    ),
                )
            }
            AliyunError::HostHasScheme => Text::new(
                "Host must not start with ws:// or wss://; choose encryption with the TLS switch.",
                "接入域名不要带 ws:// 或 wss:// 前缀；是否加密请用 TLS 开关选择。",
            ),
            AliyunError::HostHasPath => Text::new(
                "Host must not contain a path; put the path in the WebSocket path field.",
                "接入域名不能包含路径；路径请填在 WebSocket 路径一栏。",
            ),
            AliyunError::HostHasSpace => Text::new("Host contains a space.", "接入域名中间有空格。"),
            AliyunError::HostMissingName => Text::new(
                "Host has a port but no host name.",
                "接入域名只有端口，缺少主机名。",
            ),
            AliyunError::HostBadPort { port } => Text::new(
                format!("Host port \"{port}\" is not a number from 1 to 65535."),
                format!("接入域名的端口“{port}”无效，应为 1 到 65535 之间的数字。"),
            ),
            AliyunError::HostIpv6NeedsBrackets => Text::new(
                "An IPv6 host must be written in brackets, e.g. [::1]:8443.",
                "IPv6 地址需要写在方括号中，例如 [::1]:8443。",
            ),
            AliyunError::HostNotWebSocketPort { port } => Text::new(
                format!(
                    "Aliyun serves WebSocket on port 443, not {port}. The console's 1883 is the \
                     MQTT-over-TCP port, which browsers cannot use."
                ),
                format!(
                    "阿里云的 WebSocket 接入端口是 443，不是 {port}。控制台显示的 1883 是 MQTT TCP 端口，浏览器无法使用。"
                ),
            ),
            AliyunError::PathNoLeadingSlash => Text::new(
                "WebSocket path must start with '/'.",
                "WebSocket 路径必须以 / 开头。",
            ),
            AliyunError::HostIsRegion { region } => Text::new(
                format!(
                    "\"{region}\" is a region id, not an instance or a host. For an old public \
                     instance choose the region under Region and leave this field empty; for a \
                     new instance enter its instance id (iot-…) or endpoint from the IoT Platform \
                     console."
                ),
                format!(
                    "“{region}”是地域 ID，不是实例或接入域名。旧版公共实例请在“地域”中选择，并将此栏留空；新版实例请填写物联网平台控制台中的实例 ID（iot-…）或接入域名。"
                ),
            ),
            AliyunError::BadInstanceId { field, ch } => bad_instance_id(*field, *ch),
            AliyunError::InstanceIdIncomplete(field) => {
                let f = field.describe();
                Text::new(
                    format!(
                        "{}: the instance id has nothing after iot-; copy the whole id, e.g. \
                         iot-06z00ax1o4gbb8k.",
                        f.en
                    ),
                    format!(
                        "{}：实例 ID 在 iot- 之后缺少内容，请复制完整的实例 ID，例如 iot-06z00ax1o4gbb8k。",
                        f.zh
                    ),
                )
            }
            AliyunError::InstanceMismatch { typed, endpoint } => Text::new(
                format!(
                    "Instance ID {typed} differs from {endpoint}, the instance the endpoint names. \
                     Clear the Instance ID to use the endpoint's, or correct one of them."
                ),
                format!(
                    "实例 ID {typed} 与接入域名所属的实例 {endpoint} 不一致。清空实例 ID 即使用接入域名中的实例，或修改其中之一。"
                ),
            ),
        }
    }
}

/// [`AliyunError::BadInstanceId`], and a forbidden character in the instance id field.
fn bad_instance_id(field: Field, ch: char) -> Text {
    let (f, c) = (field.describe(), char_name(ch));
    Text::new(
        format!(
            "{} contains {}. An instance id is lowercase letters, digits and '-', like \
             iot-06z00ax1o4gbb8k, as the IoT Platform console shows it.",
            f.en, c.en
        ),
        format!(
            "{}含有{}。实例 ID 由小写字母、数字和 - 组成，例如 iot-06z00ax1o4gbb8k，以物联网平台控制台显示的为准。",
            f.zh, c.zh
        ),
    )
}

/// [`AliyunError::ForbiddenChar`]: each field says what it does allow.
fn forbidden_char(field: Field, ch: char) -> Text {
    let c = char_name(ch);
    let (c_en, c_zh) = (c.en, c.zh);
    match field {
        Field::ProductKey => Text::new(
            format!(
                "ProductKey contains {c_en}. It goes into the username and into topics, so \
                 whitespace and & / + # | , = are not allowed."
            ),
            format!(
                "ProductKey 含有{c_zh}。它会出现在用户名和 Topic 中，不能包含空白字符或 & / + # | , =。"
            ),
        ),
        Field::DeviceName => Text::new(
            format!(
                "DeviceName contains {c_en}. Only letters, digits and - _ @ . : are allowed."
            ),
            format!("DeviceName 含有{c_zh}。只能使用英文字母、数字和 - _ @ . : 。"),
        ),
        Field::DeviceSecret | Field::ProductSecret => {
            let f = field.describe();
            Text::new(
                format!(
                    "{} contains {c_en}. A secret has no whitespace or control characters.",
                    f.en
                ),
                format!("{} 含有{c_zh}。密钥中不应有空白或控制字符。", f.zh),
            )
        }
        Field::Region => Text::new(
            format!(
                "Region contains {c_en}. A region id is lowercase letters, digits and '-', \
                 like cn-shanghai."
            ),
            format!("地域 ID 含有{c_zh}。地域 ID 由小写字母、数字和 - 组成，例如 cn-shanghai。"),
        ),
        Field::Host => Text::new(
            format!(
                "Host contains {c_en}. Enter a host name, an IPv4 address or an [IPv6] \
                 address, optionally followed by :port."
            ),
            format!("接入域名含有{c_zh}。请填写域名、IPv4 地址或 [IPv6] 地址，可附带 :端口。"),
        ),
        Field::Path => Text::new(
            format!("WebSocket path contains {c_en}. Whitespace, '?' and '#' are not allowed."),
            format!("WebSocket 路径含有{c_zh}。路径中不能有空白字符、? 或 #。"),
        ),
        Field::InstanceId => bad_instance_id(field, ch),
        Field::ClientId => Text::new(
            format!(
                "Client ID contains {c_en}. Whitespace, control characters and | , = are not \
                 allowed: they delimit the securemode parameters."
            ),
            format!(
                "ClientID 含有{c_zh}。不能包含空白、控制字符或 | , =，它们是 securemode 参数的分隔符。"
            ),
        ),
    }
}

impl Describe for AlinkError {
    fn describe(&self) -> Text {
        match self {
            AlinkError::ParamsNotJson { line, column } => Text::new(
                format!("params is not valid JSON (line {line}, column {column})"),
                format!("params 不是合法的 JSON（第 {line} 行第 {column} 列）"),
            ),
            AlinkError::ParamsNotObject => Text::new(
                "params must be a JSON object of properties, e.g. {\"Temperature\": 21.5}",
                "params 必须是属性组成的 JSON 对象，例如 {\"Temperature\": 21.5}",
            ),
            AlinkError::BadReply(why) => Text::new(
                format!("not an Alink reply: {why}"),
                format!("不是 Alink 回复：{why}"),
            ),
            AlinkError::BadIdentifier(id) if id.is_empty() => Text::new(
                "the identifier is empty; use the one from the thing model, e.g. Error",
                "标识符为空；请填写物模型中的标识符，例如 Error",
            ),
            AlinkError::BadIdentifier(id) => Text::new(
                format!(
                    "identifier \"{id}\" is not valid: thing-model identifiers are 1 to 50 letters, digits or _"
                ),
                format!("标识符「{id}」无效：物模型标识符由 1 到 50 个字母、数字或 _ 组成"),
            ),
            AlinkError::BadCall(why) => Text::new(
                format!("not an Alink request: {why}"),
                format!("不是 Alink 请求：{why}"),
            ),
            AlinkError::ReplyNotJson { line, column } => Text::new(
                format!("the reply data is not valid JSON (line {line}, column {column})"),
                format!("回复的 data 不是合法的 JSON（第 {line} 行第 {column} 列）"),
            ),
            AlinkError::BadValue { name, kind, value } => {
                let kind = kind.describe();
                Text::new(
                    format!("{name}: \"{value}\" is not {}", kind.en),
                    format!("{name}：「{value}」不是{}", kind.zh),
                )
            }
            AlinkError::DuplicateProperty(name) => Text::new(
                format!("{name} appears twice; a post sets each property once"),
                format!("{name} 出现了两次；一次上报中每个属性只能出现一次"),
            ),
            AlinkError::NoProperties => Text::new("add at least one property", "请至少添加一个属性"),
        }
    }
}

impl Describe for RegistrationError {
    fn describe(&self) -> Text {
        match self {
            RegistrationError::Refused(2) => Text::new(
                "registration refused (CONNACK 2): a parameter is wrong, e.g. the client id, the DeviceName or the sign method",
                "注册被拒绝（CONNACK 2）：参数错误，例如 ClientID、DeviceName 或签名方法",
            ),
            RegistrationError::Refused(3) => Text::new(
                "registration refused (CONNACK 3): the cloud could not serve it now; try again later",
                "注册被拒绝（CONNACK 3）：云端暂时无法处理，请稍后再试",
            ),
            RegistrationError::Refused(4) => Text::new(
                "registration refused (CONNACK 4): authentication failed. Check the ProductSecret, that dynamic registration is on for the product, and for register that the device was added and is not yet activated",
                "注册被拒绝（CONNACK 4）：认证失败。请检查 ProductSecret、产品是否开启了动态注册；register 方式还要求设备已添加且尚未激活",
            ),
            RegistrationError::Refused(code) => Text::new(
                format!("registration refused with CONNACK code {code}"),
                format!("注册被拒绝，CONNACK 返回码 {code}"),
            ),
            RegistrationError::BadReply(why) => Text::new(
                format!("the registration answer is unusable: {why}"),
                format!("无法读取注册结果：{why}"),
            ),
            RegistrationError::Closed(why) => Text::new(
                format!("the registration connection ended without an answer: {why}"),
                format!("注册连接在收到结果前断开：{why}"),
            ),
            RegistrationError::Timeout { secs } => Text::new(
                format!("no registration answer within {secs} s"),
                format!("{secs} 秒内没有收到注册结果"),
            ),
            // Already the words of the settings error, in English (as before).
            RegistrationError::Settings(why) => Text::new(why.clone(), why.clone()),
        }
    }
}

impl Describe for NtpError {
    fn describe(&self) -> Text {
        Text::new(
            format!("the NTP reply could not be read: {}", self.0),
            format!("无法解析 NTP 响应：{}", self.0),
        )
    }
}

/// `Display` is the English words, for logs, the emulator and `Box<dyn Error>`.
macro_rules! display_in_english {
    ($($ty:ty),* $(,)?) => {$(
        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.describe().en)
            }
        }
    )*};
}

display_in_english!(
    AliyunError,
    AlinkError,
    RegistrationError,
    NtpError,
    ConnectParamsError
);

mod codes;
mod connect_params;
mod instance;

#[cfg(test)]
mod tests;
