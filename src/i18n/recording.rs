//! Words for recording and replaying messages: a recording file that cannot be read, the
//! recording's filter, the replay's speed and topic rewrite.

use super::{Describe, Text};
use crate::model::recording::{
    FieldProblem, FilterError, RecordingError, RecordingErrorKind, RewriteError, SpeedError,
    MAX_RECORDING_BYTES, MAX_SPEED,
};

impl Describe for FieldProblem {
    /// What is wrong with a field, said after its name.
    fn describe(&self) -> Text {
        match self {
            FieldProblem::NotText => Text::new("should be a string", "应为字符串"),
            FieldProblem::NotWholeNumber => {
                Text::new("should be a whole number, 0 or more", "应为不小于 0 的整数")
            }
            FieldProblem::NotNumber => Text::new("should be a number", "应为数字"),
            FieldProblem::NotBool => Text::new("should be true or false", "应为 true 或 false"),
            FieldProblem::NotObject => Text::new("should be an object", "应为对象"),
            FieldProblem::NotPairs => Text::new(
                "should be a list of [name, value] pairs of strings",
                "应为由 [名称, 值] 字符串对组成的列表",
            ),
            FieldProblem::NotIsoTime => Text::new(
                "should be a UTC time like 2023-11-14T22:13:20.000Z",
                "应为 UTC 时间，如 2023-11-14T22:13:20.000Z",
            ),
            FieldProblem::NotBase64 => Text::new("should be base64", "应为 base64"),
            FieldProblem::NotPayloadFormat => Text::new(
                "should be \"utf8\" or \"bytes\"",
                "应为 \"utf8\" 或 \"bytes\"",
            ),
            FieldProblem::OutOfRange => Text::new("is out of range", "超出范围"),
            FieldProblem::NotOurs => Text::new(
                "does not name an MQTT Console recording",
                "表明这不是 MQTT Console 的录制文件",
            ),
            FieldProblem::HeaderNotFirst => Text::new(
                "starts a second header, but only the first line may be one (were two recordings joined?)",
                "开始了第二个文件头，但只有第一行可以是文件头（是否把两个录制文件拼在了一起？）",
            ),
        }
    }
}

impl Describe for RecordingErrorKind {
    fn describe(&self) -> Text {
        match self {
            RecordingErrorKind::NotJson(why) => Text::new(
                format!("it is not JSON ({why})"),
                format!("不是 JSON（{why}）"),
            ),
            RecordingErrorKind::NotAnObject => {
                Text::new("it is not a JSON object", "不是 JSON 对象")
            }
            RecordingErrorKind::Missing(field) => Text::new(
                format!("the field \"{field}\" is missing"),
                format!("缺少字段“{field}”"),
            ),
            RecordingErrorKind::BadField { field, why } => {
                let why = why.describe();
                Text::new(
                    format!("the field \"{field}\" {}", why.en),
                    format!("字段“{field}”{}", why.zh),
                )
            }
            RecordingErrorKind::BadBase64 => Text::new(
                "the payload is not valid base64",
                "payload 不是有效的 base64",
            ),
            RecordingErrorKind::BadQos(qos) => Text::new(
                format!("QoS {qos} is not 0, 1 or 2"),
                format!("QoS {qos} 无效，只能是 0、1 或 2"),
            ),
            RecordingErrorKind::BadTopic(reason) => reason.describe(),
            RecordingErrorKind::TimeGoesBack { previous, this } => Text::new(
                format!(
                    "\"t\" goes back from {previous} ms to {this} ms: the lines are out of order"
                ),
                format!("“t” 从 {previous} 毫秒倒退到 {this} 毫秒：各行顺序有误"),
            ),
            RecordingErrorKind::Empty => Text::new("it holds no message", "其中没有消息"),
            RecordingErrorKind::TooLarge { bytes } => Text::new(
                format!("it is {bytes} bytes, more than {MAX_RECORDING_BYTES}"),
                format!("其大小为 {bytes} 字节，超过 {MAX_RECORDING_BYTES}"),
            ),
            RecordingErrorKind::Version(v) => Text::new(
                format!("it was written by a newer console (format version {v})"),
                format!("它由更新版本的控制台写入（格式版本 {v}）"),
            ),
        }
    }
}

impl Describe for RecordingError {
    /// The reason, after the line it is on (none for a fault of the whole file).
    fn describe(&self) -> Text {
        let why = self.kind.describe();
        match self.line {
            0 => Text::new(
                format!("The recording cannot be read: {}.", why.en),
                format!("无法读取录制文件：{}。", why.zh),
            ),
            line => Text::new(
                format!("The recording cannot be read at line {line}: {}.", why.en),
                format!("无法读取录制文件第 {line} 行：{}。", why.zh),
            ),
        }
    }
}

impl Describe for FilterError {
    fn describe(&self) -> Text {
        let why = self.0.describe();
        Text::new(
            format!("Recording filter: {}", why.en),
            format!("录制过滤器：{}", why.zh),
        )
    }
}

impl Describe for SpeedError {
    fn describe(&self) -> Text {
        let (en, zh) = match self {
            SpeedError::Empty => ("Type a speed", "请输入速度"),
            SpeedError::NotANumber => ("The speed is not a number", "速度不是数字"),
            SpeedError::Negative => ("The speed cannot be negative", "速度不能为负数"),
            SpeedError::TooLarge => ("The speed is too high", "速度过高"),
        };
        Text::new(
            format!("{en}: 1 is the original timing, 10 ten times faster, at most {MAX_SPEED}; 0 sends as fast as possible."),
            format!("{zh}：1 为原始节奏，10 为快十倍，最多 {MAX_SPEED} 倍；0 表示尽快发送。"),
        )
    }
}

impl Describe for RewriteError {
    fn describe(&self) -> Text {
        match self {
            RewriteError::WildcardInFrom => Text::new(
                "The prefix to replace is plain text: + and # are no wildcards there, and no topic holds them.",
                "要替换的前缀是普通文本：其中的 + 和 # 不是通配符，也不会出现在任何 Topic 中。",
            ),
            RewriteError::WildcardInTo => Text::new(
                "The new prefix contains + or #, which a topic cannot hold.",
                "新前缀含有 + 或 #，Topic 中不能含有这两个字符。",
            ),
            RewriteError::Invalid(reason) => {
                let why = reason.describe();
                Text::new(
                    format!("Topic rewrite: {}", why.en),
                    format!("Topic 改写：{}", why.zh),
                )
            }
            RewriteError::Result { topic, reason } => {
                let why = reason.describe();
                Text::new(
                    format!("Rewritten, a recorded topic becomes \"{topic}\", which cannot be published to: {}", why.en),
                    format!("改写后，一个录制的 Topic 变为「{topic}」，无法向其发布：{}", why.zh),
                )
            }
        }
    }
}

/// While recording: since when, and which topics.
pub fn recording_line(lang: super::Lang, filter: Option<&str>, running: bool) -> String {
    use super::Lang;
    let what = filter.unwrap_or("#");
    match (lang, running) {
        (Lang::En, true) => format!("Recording messages on {what}…"),
        (Lang::En, false) => format!("Recording of {what} stopped; save it as a file"),
        (Lang::Zh, true) => format!("正在录制 {what} 上的消息…"),
        (Lang::Zh, false) => format!("{what} 的录制已停止；可保存为文件"),
    }
}

/// Saving a recording: how many messages are written, and how many the log had already dropped.
pub fn saved_line(lang: super::Lang, written: u64, finished: bool, missed: u64) -> String {
    use super::Lang;
    let mut s = match (lang, finished) {
        (Lang::En, false) => format!("writing… {written} messages"),
        (Lang::En, true) => format!("saved {written} messages"),
        (Lang::Zh, false) => format!("正在写入… {written} 条消息"),
        (Lang::Zh, true) => format!("已保存 {written} 条消息"),
    };
    if missed > 0 {
        s.push_str(&match lang {
            Lang::En => format!("; {missed} earlier messages of the recording had already left the log (its capacity), raise the capacity for long recordings"),
            Lang::Zh => format!("；录制中较早的 {missed} 条消息已超出日志容量被丢弃，长时间录制请调大日志容量"),
        });
    }
    s
}

/// A parsed recording, before replay.
pub fn loaded_line(lang: super::Lang, messages: usize, span_ms: u64) -> String {
    let secs = span_ms as f64 / 1000.0;
    match lang {
        super::Lang::En => format!("{messages} messages over {secs:.1} s"),
        super::Lang::Zh => format!("{messages} 条消息，历时 {secs:.1} 秒"),
    }
}

/// A replay's state.
pub fn replay_line(
    lang: super::Lang,
    failed: usize,
    ended: Option<crate::model::recording::ReplayEnd>,
) -> String {
    use super::Lang;
    use crate::model::recording::ReplayEnd;
    let end = match (lang, ended) {
        (Lang::En, None) => "replaying…",
        (Lang::En, Some(ReplayEnd::Finished)) => "finished",
        (Lang::En, Some(ReplayEnd::Stopped)) => "stopped",
        (Lang::En, Some(ReplayEnd::Disconnected)) => "stopped: the connection closed",
        (Lang::Zh, None) => "回放中…",
        (Lang::Zh, Some(ReplayEnd::Finished)) => "已完成",
        (Lang::Zh, Some(ReplayEnd::Stopped)) => "已停止",
        (Lang::Zh, Some(ReplayEnd::Disconnected)) => "已停止：连接已断开",
    };
    match (lang, failed) {
        (_, 0) => end.to_owned(),
        (Lang::En, n) => format!("{end}; {n} refused"),
        (Lang::Zh, n) => format!("{end}；{n} 条被拒绝"),
    }
}

/// A recording file larger than the console reads.
pub fn file_too_large(bytes: f64) -> Text {
    Text::new(
        format!(
            "The file has {bytes:.0} bytes; recordings up to {MAX_RECORDING_BYTES} bytes are read"
        ),
        format!("文件有 {bytes:.0} 字节；最多读取 {MAX_RECORDING_BYTES} 字节的录制文件"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mqtt::{FilterRule, MqttError};

    fn kinds() -> Vec<RecordingErrorKind> {
        use FieldProblem::*;
        let mut all = vec![
            RecordingErrorKind::NotJson("EOF while parsing".into()),
            RecordingErrorKind::NotAnObject,
            RecordingErrorKind::Missing("topic"),
            RecordingErrorKind::BadBase64,
            RecordingErrorKind::BadQos(3),
            RecordingErrorKind::BadTopic(MqttError::EmptyTopic),
            RecordingErrorKind::TimeGoesBack {
                previous: 10,
                this: 9,
            },
            RecordingErrorKind::Empty,
            RecordingErrorKind::TooLarge { bytes: 9 },
            RecordingErrorKind::Version(2),
        ];
        for why in [
            NotText,
            NotWholeNumber,
            NotNumber,
            NotBool,
            NotObject,
            NotPairs,
            NotIsoTime,
            NotBase64,
            NotPayloadFormat,
            OutOfRange,
            NotOurs,
            HeaderNotFirst,
        ] {
            all.push(RecordingErrorKind::BadField { field: "t", why });
        }
        all
    }

    #[test]
    fn every_recording_error_says_its_line_in_both_languages() {
        for kind in kinds() {
            let t = RecordingError { line: 42, kind }.describe();
            assert!(t.en.contains("line 42"), "{}", t.en);
            assert!(t.zh.contains("第 42 行"), "{}", t.zh);
            assert_ne!(t.en, t.zh);
        }
        let whole = RecordingError {
            line: 0,
            kind: RecordingErrorKind::Empty,
        }
        .describe();
        assert!(!whole.en.contains("line") && !whole.zh.contains('行'));
        let field = RecordingError {
            line: 3,
            kind: RecordingErrorKind::BadField {
                field: "qos",
                why: FieldProblem::NotWholeNumber,
            },
        }
        .describe();
        assert_eq!(
            field.en,
            "The recording cannot be read at line 3: the field \"qos\" should be a whole number, 0 or more."
        );
    }

    #[test]
    fn every_replay_error_has_both_languages() {
        let all = [
            SpeedError::Empty.describe(),
            SpeedError::NotANumber.describe(),
            SpeedError::Negative.describe(),
            SpeedError::TooLarge.describe(),
            RewriteError::WildcardInFrom.describe(),
            RewriteError::WildcardInTo.describe(),
            RewriteError::Invalid(MqttError::EmptyTopic).describe(),
            RewriteError::Result {
                topic: String::new(),
                reason: MqttError::EmptyTopic,
            }
            .describe(),
            FilterError(MqttError::InvalidFilter {
                filter: "a/#/b".into(),
                reason: FilterRule::HashNotLast,
            })
            .describe(),
        ];
        for t in all {
            assert!(!t.en.is_empty() && !t.zh.is_empty());
            assert_ne!(t.en, t.zh);
        }
        assert!(SpeedError::TooLarge.describe().en.contains("1000"));
    }
}
