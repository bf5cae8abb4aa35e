//! Words for payloads a chosen decoder could not show, and for decoder choices refused.
//! Offsets count bytes from 0, as hex views do.

use super::{Describe, Text};
use crate::model::codec::encode::EncodeError;
use crate::model::codec::Codec;
use crate::model::decoder::{EncodeFailure, Failure};
use crate::model::decoding::{CodecChoiceError, ProtoFilesError, ShowError};

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

impl Describe for ProtoFilesError {
    fn describe(&self) -> Text {
        match self {
            ProtoFilesError::Empty => Text::new("no file was chosen", "没有选择文件"),
            ProtoFilesError::TooMany { limit } => Text::new(
                format!("a profile keeps at most {limit} .proto files; remove some first"),
                format!("每个配置最多保存 {limit} 个 .proto 文件，请先移除一些"),
            ),
            ProtoFilesError::TooLarge { bytes, limit } => Text::new(
                format!(
                    "the .proto files would hold {bytes} bytes together, more than the {limit} a profile keeps"
                ),
                format!(".proto 文件合计 {bytes} 字节，超过每个配置可保存的 {limit} 字节"),
            ),
            ProtoFilesError::NotText { name, offset } => Text::new(
                format!("{name} is not UTF-8 text (byte {offset}); nothing was loaded"),
                format!("{name} 不是 UTF-8 文本（偏移 {offset}），未加载任何文件"),
            ),
            ProtoFilesError::NotProto { name } => Text::new(
                format!("{name} is not a .proto file; nothing was loaded"),
                format!("{name} 不是 .proto 文件，未加载任何文件"),
            ),
        }
    }
}

impl Describe for Failure {
    fn describe(&self) -> Text {
        match self {
            Failure::Show(e) => e.describe(),
            Failure::Protobuf(e) => {
                let why = e.describe();
                Text::new(
                    format!("not decoded as Protobuf: {}", why.en),
                    format!("无法按 Protobuf 解码：{}", why.zh),
                )
            }
            Failure::Sparkplug(e) => {
                let why = e.describe();
                Text::new(
                    format!("not Sparkplug B: {}", why.en),
                    format!("不是 Sparkplug B：{}", why.zh),
                )
            }
        }
    }
}

impl Describe for EncodeError {
    fn describe(&self) -> Text {
        match self {
            EncodeError::NotJson { line, column } => Text::new(
                format!("the payload is not JSON (line {line}, column {column}); write JSON to send it encoded"),
                format!("消息内容不是 JSON（第 {line} 行第 {column} 列）；编码发送需要填写 JSON"),
            ),
        }
    }
}

impl Describe for EncodeFailure {
    fn describe(&self) -> Text {
        match self {
            EncodeFailure::Json(e) => e.describe(),
            EncodeFailure::NoType => Text::new(
                "choose the Protobuf message type to send (load the .proto files first)",
                "请选择要发送的 Protobuf 消息类型（先加载 .proto 文件）",
            ),
            EncodeFailure::Protobuf(e) => {
                let why = e.describe();
                Text::new(
                    format!("not sent as Protobuf: {}", why.en),
                    format!("无法按 Protobuf 编码：{}", why.zh),
                )
            }
            EncodeFailure::Sparkplug(e) => {
                let why = e.describe();
                Text::new(
                    format!("not sent as Sparkplug B: {}", why.en),
                    format!("无法按 Sparkplug B 编码：{}", why.zh),
                )
            }
        }
    }
}

/// A decoder's name in the `sub-codec` list.
pub fn codec_label(name: &str, lang: super::Lang) -> &str {
    let zh = lang == super::Lang::Zh;
    match name {
        "auto" if zh => "自动",
        "auto" => "auto",
        "text" if zh => "文本",
        "text" => "text",
        "hex" if zh => "十六进制",
        "sparkplugb" => "Sparkplug B",
        "cbor" => "CBOR",
        "msgpack" => "MessagePack",
        "protobuf" => "Protobuf",
        "json" => "JSON",
        "base64" => "Base64",
        other => other,
    }
}

/// What a row shows while the decoder engine is fetched.
pub fn engine_loading(lang: super::Lang) -> &'static str {
    match lang {
        super::Lang::En => "loading the decoder…",
        super::Lang::Zh => "正在加载解码器…",
    }
}

/// A publish encoding chosen before the encoder's code arrived.
pub fn encoder_loading() -> Text {
    Text::new(
        "the encoder is still loading; try again in a moment",
        "编码器仍在加载，请稍后再试",
    )
}

/// Beside a Sparkplug B message decoded without the births before it.
pub fn without_state() -> Text {
    Text::new(
        "decoded without the births before it (logged before its binding, or long ago): aliases stay unnamed, seq is not checked",
        "解码时没有此前的出生消息（绑定之前或很久以前记录的）：别名无法解析，未检查 seq",
    )
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
