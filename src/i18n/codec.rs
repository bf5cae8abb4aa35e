//! Words for binary payloads (CBOR, MessagePack) that do not decode. Offsets count bytes from 0,
//! as hex views do.

use super::{Describe, Text};
use crate::model::codec::{DecodeError, DecodeReason, MAX_DEPTH};

impl Describe for DecodeError {
    fn describe(&self) -> Text {
        let at = self.offset;
        match self.reason {
            DecodeReason::Empty => Text::new("the payload is empty", "消息内容为空"),
            DecodeReason::Truncated => Text::new(
                format!("the payload ends inside the value that starts at byte {at}"),
                format!("消息内容在偏移 {at} 处开始的值中途结束"),
            ),
            DecodeReason::LengthTooLarge {
                declared,
                remaining,
            } => Text::new(
                format!(
                    "the item at byte {at} declares a length of {declared}, but only {remaining} \
                     {} follow",
                    if remaining == 1 { "byte" } else { "bytes" }
                ),
                format!("偏移 {at} 处的项声明长度为 {declared}，但其后只有 {remaining} 字节"),
            ),
            DecodeReason::InvalidByte(byte) => Text::new(
                format!("byte 0x{byte:02x} at offset {at} cannot begin a value here"),
                format!("偏移 {at} 处的字节 0x{byte:02x} 不能在此处开始一个值"),
            ),
            DecodeReason::InvalidChunk => Text::new(
                format!(
                    "the piece at byte {at} of an indefinite-length string is not a \
                     definite-length string of the same kind"
                ),
                format!("偏移 {at} 处：不定长字符串的分段不是同类的定长字符串"),
            ),
            DecodeReason::InvalidUtf8 => Text::new(
                format!("the text string is not valid UTF-8 (byte {at})"),
                format!("文本字符串不是合法的 UTF-8（偏移 {at}）"),
            ),
            DecodeReason::TooDeep => Text::new(
                format!("the value at byte {at} nests deeper than {MAX_DEPTH} levels"),
                format!("偏移 {at} 处的值嵌套超过 {MAX_DEPTH} 层"),
            ),
            DecodeReason::TrailingBytes => Text::new(
                format!("more bytes follow the value, from byte {at} on"),
                format!("值之后还有多余的字节（从偏移 {at} 起）"),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::codec::Codec;

    #[test]
    fn every_decode_error_reads_in_both_languages_with_its_offset() {
        let reasons = [
            DecodeReason::Truncated,
            DecodeReason::LengthTooLarge {
                declared: 4_294_967_295,
                remaining: 3,
            },
            DecodeReason::InvalidByte(0xc1),
            DecodeReason::InvalidChunk,
            DecodeReason::InvalidUtf8,
            DecodeReason::TooDeep,
            DecodeReason::TrailingBytes,
        ];
        for reason in reasons {
            let t = DecodeError { offset: 77, reason }.describe();
            assert!(t.en.contains("77") && t.zh.contains("77"), "{t:?}");
        }
        let empty = DecodeError {
            offset: 0,
            reason: DecodeReason::Empty,
        };
        assert!(!empty.describe().zh.is_empty());
    }

    #[test]
    fn a_huge_claim_says_both_numbers() {
        let Err(e) = Codec::MessagePack.decode(&[0xc6, 0xff, 0xff, 0xff, 0xff, 0x00]) else {
            panic!("a 4 GB bin in 6 bytes decoded");
        };
        let en = e.describe().en;
        assert!(
            en.contains("4294967295") && en.contains("only 1 byte follow"),
            "{en}"
        );
    }
}
