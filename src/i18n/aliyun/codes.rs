//! The words for the Aliyun core's codes and choices: Alink reply codes, shadow error codes,
//! regions and thing-model property types.

use super::super::{Describe, Text};
use crate::aliyun::{AlinkCode, PropertyType, Region, ShadowCode};

impl Describe for PropertyType {
    /// What a value of this type looks like.
    fn describe(&self) -> Text {
        match self {
            PropertyType::Int => Text::new("a 32-bit integer (int)", "32 位整数（int）"),
            PropertyType::Float => Text::new("a number (float)", "数字（float）"),
            PropertyType::Double => Text::new("a number (double)", "数字（double）"),
            PropertyType::Text => Text::new("text", "文本"),
            PropertyType::Bool => Text::new("0 or 1 (bool)", "0 或 1（bool）"),
            PropertyType::Enum => Text::new("an enum value, a whole number", "枚举值（整数）"),
            PropertyType::Date => Text::new(
                "a date as UTC milliseconds, e.g. 1700000000000",
                "以 UTC 毫秒表示的日期，例如 1700000000000",
            ),
            PropertyType::Json => Text::new("JSON (a struct or an array)", "JSON（结构体或数组）"),
        }
    }
}

impl AlinkCode {
    /// (English, Chinese).
    fn words(self) -> (&'static str, &'static str) {
        match self {
            AlinkCode::Success => ("success", "成功"),
            AlinkCode::RequestFailed => ("the request failed on the platform", "请求处理出错"),
            AlinkCode::TooManyRequests => (
                "too many requests; the device is being rate-limited",
                "请求过于频繁，设备被限流",
            ),
            AlinkCode::BadParams => (
                "a request parameter is wrong (check params against the thing model)",
                "请求参数错误（请对照物模型检查 params）",
            ),
            AlinkCode::InternalError => ("the platform hit an internal error", "平台内部错误"),
            AlinkCode::NoSubDeviceSession => (
                "the sub-device's session does not exist (log the sub-device in first)",
                "子设备会话不存在（请先让子设备上线）",
            ),
            AlinkCode::DataFormatMismatch => (
                "the payload does not match the thing model's data format",
                "数据格式与物模型不符",
            ),
            AlinkCode::TooManyProperties => {
                ("too many properties in one post", "一次上报的属性过多")
            }
            AlinkCode::MethodNotDefined => (
                "the method is not allowed or not defined in the thing model",
                "方法不存在或物模型中未定义",
            ),
            AlinkCode::Unknown(_) => (
                "an Alink code this console does not know",
                "本工具不认识的 Alink 返回码",
            ),
        }
    }
}

impl Describe for AlinkCode {
    fn describe(&self) -> Text {
        let (en, zh) = self.words();
        Text::new(en, zh)
    }
}

impl ShadowCode {
    /// (English, Chinese).
    fn words(self) -> (&'static str, &'static str) {
        match self {
            ShadowCode::NotJson => ("the request is not valid JSON", "请求不是合法的 JSON"),
            ShadowCode::NoMethod => ("the request has no method", "请求缺少 method"),
            ShadowCode::NoState => ("the request has no state", "请求缺少 state"),
            ShadowCode::VersionNotNumber => ("the version is not a number", "version 不是数字"),
            ShadowCode::NoReported => ("the request has no reported state", "请求缺少 reported"),
            ShadowCode::EmptyReported => ("the reported state is empty", "reported 为空"),
            ShadowCode::BadMethod => (
                "the method is not update, get or delete",
                "method 不是 update、get 或 delete",
            ),
            ShadowCode::EmptyShadow => ("the shadow is empty", "设备影子为空"),
            ShadowCode::TooManyAttributes => (
                "more than 128 reported attributes",
                "reported 的属性超过 128 个",
            ),
            ShadowCode::VersionConflict => (
                "version conflict: the shadow already has this or a later version; get the shadow and send a higher version",
                "版本冲突：影子已是该版本或更新的版本；请先获取影子，再用更大的版本号更新",
            ),
            ShadowCode::InternalError => ("the cloud hit an internal error", "云端内部错误"),
            ShadowCode::Unknown(_) => (
                "a shadow error code this console does not know",
                "本工具不认识的影子错误码",
            ),
        }
    }
}

impl Describe for ShadowCode {
    fn describe(&self) -> Text {
        let (en, zh) = self.words();
        Text::new(en, zh)
    }
}

impl Region {
    /// (English, Chinese) display names, as the IoT Platform console writes them.
    const fn words(self) -> (&'static str, &'static str) {
        match self {
            Region::Shanghai => ("China (Shanghai)", "华东2（上海）"),
            Region::Singapore => ("Singapore", "新加坡"),
            Region::Tokyo => ("Japan (Tokyo)", "日本（东京）"),
            Region::SiliconValley => ("US (Silicon Valley)", "美国（硅谷）"),
            Region::Virginia => ("US (Virginia)", "美国（弗吉尼亚）"),
            Region::Frankfurt => ("Germany (Frankfurt)", "德国（法兰克福）"),
        }
    }
}

impl Describe for Region {
    fn describe(&self) -> Text {
        let (en, zh) = self.words();
        Text::new(en, zh)
    }
}
