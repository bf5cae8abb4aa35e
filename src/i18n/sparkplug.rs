//! Words for Sparkplug B: messages that do not decode (topic, payload, STATE) and what the
//! tracker notices about the ones that do. Offsets count bytes from 0, as hex views do.
//! Sparkplug's own words (NBIRTH, bdSeq, seq, alias, STATE) stay as the specification writes
//! them in both languages.

use super::{Describe, Text};
use crate::model::codec::sparkplug::{
    Finding, PayloadError, PayloadReason, SparkplugError, StateError, TopicError, MAX_ITEMS,
    MAX_NESTING,
};

impl Describe for SparkplugError {
    fn describe(&self) -> Text {
        match self {
            SparkplugError::Topic(e) => e.describe(),
            SparkplugError::Payload(e) => e.describe(),
            SparkplugError::State(e) => e.describe(),
        }
    }
}

impl Describe for TopicError {
    fn describe(&self) -> Text {
        match self {
            TopicError::NotSparkplug => Text::new(
                "the topic is not a Sparkplug B topic (spBv1.0/…)",
                "主题不是 Sparkplug B 主题（spBv1.0/…）",
            ),
            TopicError::UnknownMessageType(word) => Text::new(
                format!("“{word}” is not a Sparkplug message type (NBIRTH, NDATA, DDATA, …)"),
                format!("“{word}”不是 Sparkplug 消息类型（NBIRTH、NDATA、DDATA 等）"),
            ),
            TopicError::WrongLevels { expected, got } => Text::new(
                format!("the topic has {got} levels; this message type needs {expected}"),
                format!("主题有 {got} 级，此消息类型需要 {expected} 级"),
            ),
            TopicError::EmptyId => Text::new(
                "a group, edge node, device or host id in the topic is empty",
                "主题中的组、边缘节点、设备或主机 ID 为空",
            ),
        }
    }
}

impl Describe for PayloadError {
    fn describe(&self) -> Text {
        let (en_at, zh_at) = match self.offset {
            Some(at) => (format!(" (byte {at})"), format!("（偏移 {at}）")),
            None => (String::new(), String::new()),
        };
        let (en, zh) = match &self.reason {
            PayloadReason::Truncated => (
                "the Sparkplug payload ends inside a field".to_owned(),
                "Sparkplug 消息内容在字段中途结束".to_owned(),
            ),
            PayloadReason::InvalidVarint => (
                "a varint in the Sparkplug payload is longer than 64 bits".to_owned(),
                "Sparkplug 消息内容中的 varint 超过 64 位".to_owned(),
            ),
            PayloadReason::InvalidTag => (
                "the Sparkplug payload has an invalid field key".to_owned(),
                "Sparkplug 消息内容中有无效的字段键".to_owned(),
            ),
            PayloadReason::WrongWireType { field, wire_type } => (
                format!(
                    "field {field} of the Sparkplug payload has the wrong wire type {wire_type}"
                ),
                format!("Sparkplug 消息内容的字段 {field} 的线路类型 {wire_type} 不对"),
            ),
            PayloadReason::LengthTooLarge {
                declared,
                remaining,
            } => (
                format!(
                    "a field declares a length of {declared}, but only {remaining} {} follow",
                    if *remaining == 1 { "byte" } else { "bytes" }
                ),
                format!("字段声明长度为 {declared}，但其后只有 {remaining} 字节"),
            ),
            PayloadReason::InvalidUtf8 => (
                "a string in the Sparkplug payload is not valid UTF-8".to_owned(),
                "Sparkplug 消息内容中的字符串不是合法的 UTF-8".to_owned(),
            ),
            PayloadReason::TooDeep => (
                format!("the Sparkplug payload nests deeper than {MAX_NESTING} levels"),
                format!("Sparkplug 消息内容嵌套超过 {MAX_NESTING} 层"),
            ),
            PayloadReason::TooManyItems => (
                format!("the Sparkplug payload holds more than {MAX_ITEMS} messages"),
                format!("Sparkplug 消息内容包含超过 {MAX_ITEMS} 个子消息"),
            ),
            PayloadReason::Other(why) => (
                format!("the payload is not a Sparkplug B payload: {why}"),
                format!("消息内容不是 Sparkplug B 格式：{why}"),
            ),
        };
        Text::new(en + &en_at, zh + &zh_at)
    }
}

impl Describe for StateError {
    fn describe(&self) -> Text {
        match self {
            StateError::NotJson => Text::new(
                "the STATE payload is neither JSON nor ONLINE / OFFLINE",
                "STATE 消息内容既不是 JSON，也不是 ONLINE / OFFLINE",
            ),
            StateError::MissingOnline => Text::new(
                "the STATE payload has no boolean “online”",
                "STATE 消息内容缺少布尔值“online”",
            ),
            StateError::BadTimestamp => Text::new(
                "the STATE payload's “timestamp” is not a whole number of milliseconds",
                "STATE 消息内容的“timestamp”不是整数毫秒",
            ),
        }
    }
}

impl Describe for Finding {
    fn describe(&self) -> Text {
        match self {
            Finding::SeqGap { expected, got } => Text::new(
                format!("seq {got} where {expected} was due: messages lost or reordered"),
                format!("seq 应为 {expected}，实为 {got}：消息丢失或乱序"),
            ),
            Finding::MissingSeq => Text::new("the message has no seq", "消息缺少 seq"),
            Finding::UnknownAlias(alias) => Text::new(
                format!("alias {alias} is not in the birth"),
                format!("别名 {alias} 不在 BIRTH 消息中"),
            ),
            Finding::NoBirth => Text::new(
                "no birth seen for this node or device: a rebirth is needed",
                "未收到此节点或设备的 BIRTH：需要重新 BIRTH",
            ),
            Finding::StaleDeath {
                birth_bd_seq,
                death_bd_seq,
            } => Text::new(
                format!(
                    "NDEATH with bdSeq {death_bd_seq}, but the current birth has {birth_bd_seq}: \
                     a stale will, ignored"
                ),
                format!(
                    "NDEATH 的 bdSeq 为 {death_bd_seq}，当前 BIRTH 为 {birth_bd_seq}：过期的遗嘱消息，已忽略"
                ),
            ),
            Finding::MissingBdSeq => Text::new("no bdSeq metric", "缺少 bdSeq 指标"),
            Finding::DuplicateAlias(alias) => Text::new(
                format!("the birth gives alias {alias} to more than one metric"),
                format!("BIRTH 消息把别名 {alias} 分配给了多个指标"),
            ),
            Finding::Untracked => Text::new(
                "too many nodes, devices, hosts or metrics to track: this one is not remembered",
                "跟踪的节点、设备、主机或指标过多：此项未被记录",
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_and_finding_reads_in_both_languages() {
        let reasons = [
            PayloadReason::Truncated,
            PayloadReason::InvalidVarint,
            PayloadReason::InvalidTag,
            PayloadReason::WrongWireType {
                field: 4,
                wire_type: 0,
            },
            PayloadReason::LengthTooLarge {
                declared: 9,
                remaining: 1,
            },
            PayloadReason::InvalidUtf8,
            PayloadReason::TooDeep,
            PayloadReason::TooManyItems,
            PayloadReason::Other("x".into()),
        ];
        for reason in reasons {
            let t = PayloadError {
                offset: Some(77),
                reason,
            }
            .describe();
            assert!(t.en.contains("77") && t.zh.contains("77"), "{t:?}");
        }
        let others = [
            SparkplugError::Topic(TopicError::NotSparkplug),
            SparkplugError::Topic(TopicError::UnknownMessageType("X".into())),
            SparkplugError::Topic(TopicError::WrongLevels {
                expected: 4,
                got: 5,
            }),
            SparkplugError::Topic(TopicError::EmptyId),
            SparkplugError::State(StateError::NotJson),
            SparkplugError::State(StateError::MissingOnline),
            SparkplugError::State(StateError::BadTimestamp),
        ];
        for e in others {
            let t = e.describe();
            assert!(!t.en.is_empty() && !t.zh.is_empty(), "{e:?}");
        }
        let findings = [
            Finding::SeqGap {
                expected: 2,
                got: 3,
            },
            Finding::MissingSeq,
            Finding::UnknownAlias(99),
            Finding::NoBirth,
            Finding::StaleDeath {
                birth_bd_seq: 7,
                death_bd_seq: 6,
            },
            Finding::MissingBdSeq,
            Finding::DuplicateAlias(1),
            Finding::Untracked,
        ];
        for f in findings {
            let t = f.describe();
            assert!(!t.en.is_empty() && !t.zh.is_empty(), "{f:?}");
        }
        let gap = Finding::StaleDeath {
            birth_bd_seq: 7,
            death_bd_seq: 6,
        }
        .describe();
        assert!(gap.en.contains('7') && gap.zh.contains('6'));
    }
}
