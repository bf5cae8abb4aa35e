//! Words for payloads that cannot be sent in the chosen format.

use super::{Describe, Text};
use crate::model::payload::PayloadError;

impl Describe for PayloadError {
    fn describe(&self) -> Text {
        let base64 = |en: String, zh: String| {
            Text::new(
                format!("the payload is not valid base64: {en}"),
                format!("消息内容不是合法的 base64：{zh}"),
            )
        };
        match self {
            PayloadError::Json {
                line,
                column,
                reason,
            } => Text::new(
                format!("the payload is not valid JSON at line {line}, column {column}: {reason}"),
                format!("消息内容不是合法的 JSON（第 {line} 行第 {column} 列）：{reason}"),
            ),
            PayloadError::HexDigit { position, found } => Text::new(
                format!("character {position} ('{found}') is not a hex digit (0-9, a-f)"),
                format!("第 {position} 个字符（'{found}'）不是十六进制数字（0-9、a-f）"),
            ),
            PayloadError::HexOdd => Text::new(
                "hex payloads need an even number of digits (two per byte)",
                "十六进制内容须有偶数个数字（每字节两个）",
            ),
            PayloadError::Base64Length(len) => base64(
                format!("its length without spaces ({len}) is not a multiple of 4"),
                format!("去掉空白后的长度（{len}）不是 4 的倍数"),
            ),
            PayloadError::Base64Padding => base64(
                "'=' may only end the text".to_owned(),
                "'=' 只能出现在末尾".to_owned(),
            ),
            PayloadError::Base64Char(c) => base64(
                format!("'{c}' is not a base64 character"),
                format!("'{c}' 不是 base64 字符"),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::payload::{parse, PayloadFormat};

    #[test]
    fn every_payload_error_reads_in_both_languages() {
        let all = [
            PayloadError::Json {
                line: 1,
                column: 2,
                reason: "x".into(),
            },
            PayloadError::HexDigit {
                position: 1,
                found: 'g',
            },
            PayloadError::HexOdd,
            PayloadError::Base64Length(3),
            PayloadError::Base64Padding,
            PayloadError::Base64Char('!'),
        ];
        for e in all {
            let t = e.describe();
            assert!(!t.en.is_empty() && !t.zh.is_empty(), "{e:?}");
        }
    }

    #[test]
    fn base64_errors_are_specific() {
        let words = |text: &str| {
            parse(text, PayloadFormat::Base64)
                .unwrap_err()
                .describe()
                .en
        };
        assert!(words("abc").contains("multiple of 4"));
        assert!(words("ab!d").contains("'!'"));
        assert!(words("a=bc").contains("base64"));
    }

    #[test]
    fn json_errors_say_the_position_once() {
        let err = parse("{\"a\":\n  1,}", PayloadFormat::Json).unwrap_err();
        let en = err.describe().en;
        assert!(en.contains("line 2"), "{en}");
        assert!(
            !en.contains(" at line 2 column"),
            "position said twice: {en}"
        );
    }
}
