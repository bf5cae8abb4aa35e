//! Words for Sparkplug B: messages that do not decode (topic, payload, STATE) and what the
//! tracker notices about the ones that do. Offsets count bytes from 0, as hex views do.
//! Sparkplug's own words (NBIRTH, bdSeq, seq, alias, STATE) stay as the specification writes
//! them in both languages.

use super::{Describe, Text};
use crate::model::codec::sparkplug::{
    Finding, PayloadError, PayloadReason, SparkplugEncodeError, SparkplugError, StateError,
    TopicError, Wanted, MAX_ITEMS, MAX_NESTING,
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

impl Describe for SparkplugEncodeError {
    fn describe(&self) -> Text {
        use SparkplugEncodeError as E;
        match self {
            E::NotJson { line, column } => Text::new(
                format!("the payload is not JSON (line {line}, column {column}); write the metrics as JSON, e.g. {{\"Temp\": 21.5}}"),
                format!("消息内容不是 JSON（第 {line} 行第 {column} 列）；请用 JSON 写出指标，例如 {{\"Temp\": 21.5}}"),
            ),
            E::Topic(e) => {
                let why = e.describe();
                Text::new(
                    format!("{}; publish to spBv1.0/<group>/NDATA/<edge node> (or DDATA/…/<device>, NCMD, DCMD)", why.en),
                    format!("{}；请发布到 spBv1.0/<组>/NDATA/<边缘节点>（或 DDATA/…/<设备>、NCMD、DCMD）", why.zh),
                )
            }
            E::NotData(kind) => {
                let kind = kind.map_or("STATE", |k| k.as_str());
                Text::new(
                    format!("{kind} messages are not written from JSON; Sparkplug B encoding sends NDATA, DDATA, NCMD and DCMD"),
                    format!("{kind} 消息不能由 JSON 生成；Sparkplug B 编码只发送 NDATA、DDATA、NCMD 和 DCMD"),
                )
            }
            E::NoBirth {
                group,
                edge_node,
                device,
            } => {
                let (who, birth) = match device {
                    Some(d) => (format!("{group}/{edge_node}/{d}"), "DBIRTH"),
                    None => (format!("{group}/{edge_node}"), "NBIRTH"),
                };
                Text::new(
                    format!("no {birth} of {who} has been received on a Sparkplug B subscription (or it died since): its aliases and datatypes come from the birth; subscribe with the Sparkplug B decoder and ask for a rebirth"),
                    format!("尚未在 Sparkplug B 订阅上收到 {who} 的 {birth}（或其后已下线）：别名和数据类型来自出生消息；请用 Sparkplug B 解码器订阅并请求重新出生（rebirth）"),
                )
            }
            E::NotObject => Text::new(
                "write an object of metric names and values, e.g. {\"Temp\": 21.5}",
                "请写成指标名到值的对象，例如 {\"Temp\": 21.5}",
            ),
            E::NoMetrics => Text::new(
                "the object names no metric; a Sparkplug B message carries at least one",
                "对象中没有任何指标；Sparkplug B 消息至少要带一个指标",
            ),
            E::UnknownMetric(name) => Text::new(
                format!("metric \u{201c}{name}\u{201d} is not in the last birth"),
                format!("最近的出生消息中没有指标\u{201c}{name}\u{201d}"),
            ),
            E::UnknownKey(key) => Text::new(
                format!("\u{201c}{key}\u{201d} is not a payload field: beside \"metrics\" only \"timestamp\", \"seq\" and \"uuid\" may be given"),
                format!("\u{201c}{key}\u{201d}不是消息字段：除 \"metrics\" 外只能写 \"timestamp\"、\"seq\" 和 \"uuid\""),
            ),
            E::BadHeader(field) => {
                let (en, zh) = match *field {
                    "seq" => ("an integer from 0 to 255", "0 到 255 之间的整数"),
                    "uuid" => ("a string", "字符串"),
                    _ => ("an integer of ms since 1970", "自 1970 年起的毫秒整数"),
                };
                Text::new(
                    format!("\"{field}\" must be {en}"),
                    format!("\"{field}\" 必须是{zh}"),
                )
            }
            E::Value {
                metric,
                datatype,
                item,
                wanted,
            } => {
                let (en_at, zh_at) = match item {
                    Some(i) => (format!(", item {i}"), format!("第 {i} 项")),
                    None => (String::new(), String::new()),
                };
                let (en, zh) = match wanted {
                    Wanted::Integer { min, max } => (
                        format!("an integer from {min} to {max}"),
                        format!("{min} 到 {max} 之间的整数"),
                    ),
                    Wanted::Number => (
                        "a number (or \"NaN\", \"Infinity\", \"-Infinity\")".to_owned(),
                        "数字（或 \"NaN\"、\"Infinity\"、\"-Infinity\"）".to_owned(),
                    ),
                    Wanted::Boolean => ("true or false".to_owned(), "true 或 false".to_owned()),
                    Wanted::Text => ("a string".to_owned(), "字符串".to_owned()),
                    Wanted::Bytes => (
                        "bytes as \"h'00ff'\" or an array of 0–255".to_owned(),
                        "字节（\"h'00ff'\" 或 0–255 的数组）".to_owned(),
                    ),
                    Wanted::Array => ("a JSON array".to_owned(), "JSON 数组".to_owned()),
                    Wanted::Unwritable => (
                        "a value the console cannot write from JSON (data sets, templates and property sets are not supported)".to_owned(),
                        "本工具无法由 JSON 写出的值（不支持数据集、模板和属性集）".to_owned(),
                    ),
                };
                let name = datatype.name();
                Text::new(
                    format!("metric \u{201c}{metric}\u{201d}{en_at} is {name} in the birth and takes {en}"),
                    format!("指标\u{201c}{metric}\u{201d}{zh_at}在出生消息中是 {name}，需要{zh}"),
                )
            }
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
        let small = SparkplugEncodeError::Value {
            metric: "Small".into(),
            datatype: crate::model::codec::sparkplug::DataType::Int8Array,
            item: Some(2),
            wanted: Wanted::Integer {
                min: -128,
                max: 127,
            },
        }
        .describe();
        for text in [&small.en, &small.zh] {
            assert!(
                text.contains("Small") && text.contains("Int8Array") && text.contains("-128"),
                "{text}"
            );
            assert!(text.contains('2'), "{text}");
        }
        let pump = SparkplugEncodeError::NoBirth {
            group: "Plant".into(),
            edge_node: "Edge1".into(),
            device: Some("Pump".into()),
        }
        .describe();
        assert!(
            pump.en.contains("DBIRTH of Plant/Edge1/Pump"),
            "{}",
            pump.en
        );
        assert!(
            pump.zh.contains("Plant/Edge1/Pump 的 DBIRTH"),
            "{}",
            pump.zh
        );
        let gap = Finding::StaleDeath {
            birth_bd_seq: 7,
            death_bd_seq: 6,
        }
        .describe();
        assert!(gap.en.contains('7') && gap.zh.contains('6'));
    }
}
