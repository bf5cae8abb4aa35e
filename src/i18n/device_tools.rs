//! The words of the device tools and of dynamic registration: their typed errors and outcomes.

use super::{Describe, Text};
use crate::aliyun::ShadowCode;
use crate::model::device_tools::{ShadowOutcome, ToolError};
use crate::model::registration::RegistrationFailure;
use crate::platform::close_code::CloseKind;

impl Describe for ToolError {
    fn describe(&self) -> Text {
        match self {
            ToolError::NoDevice => Text::new(
                "this tool needs a connected Aliyun device: connect first",
                "此工具需要先连接阿里云设备",
            ),
            ToolError::Alink(e) => e.describe(),
            ToolError::Ntp(e) => e.describe(),
            ToolError::NoDesiredState => Text::new(
                "there is no desired state to take on; get the shadow first",
                "没有可执行的期望值；请先获取影子",
            ),
            ToolError::BadReplyCode(text) => Text::new(
                format!("reply code \"{text}\" is not a whole number, e.g. 200"),
                format!("回复码「{text}」不是整数，例如 200"),
            ),
            ToolError::BadVersion(text) => Text::new(
                format!("version \"{text}\" must be empty (next version) or a whole number"),
                format!("版本号「{text}」须留空（自动取下一版本）或填写整数"),
            ),
            ToolError::NotSent(e) => e.describe(),
        }
    }
}

impl Describe for ShadowOutcome {
    fn describe(&self) -> Text {
        match self {
            ShadowOutcome::Accepted { version } => Text::new(
                format!("accepted: the shadow is at version {version}"),
                format!("已接受：影子版本为 {version}"),
            ),
            ShadowOutcome::Document { version } => Text::new(
                format!("shadow version {version}"),
                format!("影子版本 {version}"),
            ),
            ShadowOutcome::Control { version } => Text::new(
                format!("the cloud set a desired state (version {version})"),
                format!("云端设置了期望值（版本 {version}）"),
            ),
            ShadowOutcome::Refused { code, message } => {
                let words = ShadowCode::from_code(*code).describe();
                Text::new(
                    format!("refused, code {code}: {} (\"{message}\")", words.en),
                    format!("被拒绝，错误码 {code}：{}（「{message}」）", words.zh),
                )
            }
            ShadowOutcome::Unreadable(e) => e.describe(),
        }
    }
}

/// The lead of every "ended without an answer" outcome, as the core words it.
fn ended_early(en: String, zh: String) -> Text {
    Text::new(
        format!("the registration connection ended without an answer: {en}"),
        format!("注册连接在收到结果前断开：{zh}"),
    )
}

impl Describe for RegistrationFailure {
    fn describe(&self) -> Text {
        match self {
            RegistrationFailure::Settings(e) => e.describe(),
            RegistrationFailure::Registration(e) => e.describe(),
            RegistrationFailure::Unreachable(why) => ended_early(why.clone(), why.clone()),
            RegistrationFailure::TextFrame => ended_early(
                "the server sent a text frame (is this an MQTT endpoint?)".to_owned(),
                "服务器发送了文本帧（这是 MQTT 服务地址吗？）".to_owned(),
            ),
            RegistrationFailure::ClosedEarly { code } => {
                let kind = CloseKind::of(*code).describe();
                ended_early(
                    format!("{} (WebSocket close code {code})", kind.en),
                    format!("{}（WebSocket 关闭代码 {code}）", kind.zh),
                )
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tool_errors_keep_their_wording() {
        assert_eq!(
            ToolError::NoDevice.describe().en,
            "this tool needs a connected Aliyun device: connect first"
        );
        let t = ToolError::BadReplyCode("2x".into()).describe();
        assert_eq!(t.en, "reply code \"2x\" is not a whole number, e.g. 200");
        assert!(t.zh.contains("2x"));
        let t = ToolError::NoDesiredState.describe();
        assert!(t.en.contains("get the shadow first"));
        assert_ne!(t.en, t.zh);
    }

    #[test]
    fn a_refused_shadow_update_names_its_code_and_the_clouds_words() {
        let t = ShadowOutcome::Refused {
            code: 409,
            message: "version conflict".into(),
        }
        .describe();
        assert!(t.en.starts_with("refused, code 409: "), "{}", t.en);
        assert!(t.en.ends_with("(\"version conflict\")"), "{}", t.en);
        assert!(t.zh.contains("409") && t.zh.contains("version conflict"));
    }

    #[test]
    fn an_early_close_of_registration_names_the_close_code() {
        let t = RegistrationFailure::ClosedEarly { code: 1006 }.describe();
        assert_eq!(
            t.en,
            format!(
                "the registration connection ended without an answer: {} (WebSocket close code 1006)",
                crate::i18n::connection::describe_close_code(1006)
            )
        );
        let abnormal = CloseKind::of(1006).describe();
        assert!(t.zh.contains("1006") && t.zh.contains(&abnormal.zh));
        let t = RegistrationFailure::Registration(crate::aliyun::RegistrationError::Refused(4))
            .describe();
        assert!(t.en.contains("CONNACK 4") && t.en.contains("ProductSecret"));
    }
}
