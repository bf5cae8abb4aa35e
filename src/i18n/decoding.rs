//! Words for payloads a chosen decoder could not show, and for decoder choices refused.
//! Offsets count bytes from 0, as hex views do.

use super::{Describe, Text};
use crate::model::codec::Codec;
use crate::model::decoding::{CodecChoiceError, ShowError};

impl Describe for ShowError {
    fn describe(&self) -> Text {
        match self {
            ShowError::NotUtf8 { offset } => Text::new(
                format!("not UTF-8 text: byte {offset} is not valid UTF-8"),
                format!("不是 UTF-8 文本：偏移 {offset} 处的字节不是合法的 UTF-8"),
            ),
            ShowError::NotJson {
                line,
                column,
                offset,
            } => Text::new(
                format!(
                    "not JSON: the parser stopped at line {line}, column {column} (byte {offset})"
                ),
                format!("不是 JSON：解析在第 {line} 行第 {column} 列（偏移 {offset}）处停止"),
            ),
            ShowError::Binary { codec, error } => {
                let why = error.describe();
                let (en, zh) = match codec {
                    Codec::Cbor => ("not CBOR", "不是 CBOR"),
                    Codec::MessagePack => ("not MessagePack", "不是 MessagePack"),
                };
                Text::new(format!("{en}: {}", why.en), format!("{zh}：{}", why.zh))
            }
        }
    }
}

impl Describe for CodecChoiceError {
    fn describe(&self) -> Text {
        match self {
            CodecChoiceError::Unknown(name) => Text::new(
                format!("\u{201c}{name}\u{201d} is not a decoder this console knows"),
                format!("本工具没有名为\u{201c}{name}\u{201d}的解码器"),
            ),
            CodecChoiceError::NoProtobufType => Text::new(
                "choose the Protobuf message type to decode with (load the .proto files first)",
                "请选择用于解码的 Protobuf 消息类型（先加载 .proto 文件）",
            ),
            CodecChoiceError::BadProtobufType(ty) => Text::new(
                format!(
                    "\u{201c}{ty}\u{201d} is not a fully qualified message type such as package.Message"
                ),
                format!("\u{201c}{ty}\u{201d}不是完整的消息类型名（例如 package.Message）"),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::decoding::{show, PayloadCodec, Shown};

    fn failure(codec: PayloadCodec, payload: &[u8]) -> ShowError {
        match show(&codec, payload) {
            Some(Shown::Failed { error, .. }) => error,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn every_failure_names_its_byte_in_both_languages() {
        for (error, at) in [
            (failure(PayloadCodec::Text, b"ab\xff"), "2"),
            (failure(PayloadCodec::Json, b"{\"a\" 1}"), "5"),
            (failure(PayloadCodec::Cbor, &[0x82, 0x01]), "0"),
            (failure(PayloadCodec::MessagePack, &[0xc1]), "0"),
        ] {
            let text = error.describe();
            assert!(text.en.contains(at) && text.zh.contains(at), "{text:?}");
            assert!(text
                .zh
                .chars()
                .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)));
        }
    }

    #[test]
    fn refused_choices_are_explained() {
        for e in [
            CodecChoiceError::Unknown("yaml".into()),
            CodecChoiceError::NoProtobufType,
            CodecChoiceError::BadProtobufType("1.x".into()),
        ] {
            let text = e.describe();
            assert!(!text.en.is_empty() && !text.zh.is_empty(), "{e:?}");
        }
    }
}
