//! Words for Protobuf: `.proto` files that do not compile, payloads that do not decode as the
//! chosen message type, JSON that does not encode as it. Offsets count bytes from 0, as hex
//! views do; lines and columns count from 1, as editors do. The compiler's and the JSON
//! reader's own messages are English only; they follow the translated frame as they are.

use super::{Describe, Text};
use crate::model::codec::protobuf::{
    ProtoCompileError, ProtoDecodeError, ProtoEncodeError, SourcePosition, WireFault, MAX_NESTING,
};
use crate::model::codec::MAX_DEPTH;

/// `file:line:column`, or as much of it as is known.
fn place(file: Option<&str>, at: Option<SourcePosition>) -> String {
    match (file, at) {
        (Some(file), Some(at)) => format!("{file}:{}:{}", at.line, at.column),
        (Some(file), None) => file.to_owned(),
        (None, Some(at)) => format!("{}:{}", at.line, at.column),
        (None, None) => String::new(),
    }
}

impl Describe for ProtoCompileError {
    fn describe(&self) -> Text {
        match self {
            ProtoCompileError::DuplicateFile { file } => Text::new(
                format!("two files are named {file}"),
                format!("有两个文件都叫 {file}"),
            ),
            ProtoCompileError::MissingImport { file, import, at } => {
                let here = place(Some(file), *at);
                Text::new(
                    format!("{here}: imports {import}, which was not uploaded"),
                    format!("{here}：导入了 {import}，但没有上传该文件"),
                )
            }
            ProtoCompileError::Invalid { file, at, message } => {
                let here = place(file.as_deref(), *at);
                if here.is_empty() {
                    Text::new(
                        format!("the .proto files do not compile: {message}"),
                        format!(".proto 文件无法编译：{message}"),
                    )
                } else {
                    Text::new(
                        format!("{here}: {message}"),
                        format!("{here}：无法编译：{message}"),
                    )
                }
            }
        }
    }
}

/// The wire type's name, as the protobuf encoding guide writes it.
fn wire_name(wire: u8) -> &'static str {
    match wire {
        0 => "VARINT",
        1 => "I64",
        2 => "LEN",
        3 => "SGROUP",
        4 => "EGROUP",
        _ => "I32",
    }
}

fn fault(at: usize, fault: &WireFault) -> Text {
    match fault {
        WireFault::Truncated => Text::new(
            format!("the payload (or its enclosing field) ends inside the value at byte {at}"),
            format!("消息内容（或其外层字段）在偏移 {at} 处的值中途结束"),
        ),
        WireFault::VarintTooLong => Text::new(
            format!("the varint at byte {at} is longer than 64 bits"),
            format!("偏移 {at} 处的 varint 超过 64 位"),
        ),
        WireFault::LengthTooLarge {
            declared,
            remaining,
        } => Text::new(
            format!(
                "the field at byte {at} declares a length of {declared}, but only {remaining} {} \
                 follow",
                if *remaining == 1 { "byte" } else { "bytes" }
            ),
            format!("偏移 {at} 处的字段声明长度为 {declared}，但其后只有 {remaining} 字节"),
        ),
        WireFault::InvalidWireType(wire) => Text::new(
            format!("the tag at byte {at} has wire type {wire}, which protobuf does not define"),
            format!("偏移 {at} 处的标签使用了 protobuf 未定义的线路类型 {wire}"),
        ),
        WireFault::FieldNumberZero => Text::new(
            format!("the tag at byte {at} names field number 0, which is not allowed"),
            format!("偏移 {at} 处的标签字段编号为 0，这是不允许的"),
        ),
        WireFault::FieldNumberTooLarge(number) => Text::new(
            format!("the tag at byte {at} names field number {number}, beyond 536870911"),
            format!("偏移 {at} 处的标签字段编号 {number} 超过 536870911"),
        ),
        WireFault::UnexpectedEndGroup { field } => Text::new(
            format!("the end-group tag at byte {at} (field {field}) closes no open group"),
            format!("偏移 {at} 处的组结束标签（字段 {field}）没有对应的组开始"),
        ),
        WireFault::UnclosedGroup { field } => Text::new(
            format!("the group at byte {at} (field {field}) is never closed"),
            format!("偏移 {at} 处的组（字段 {field}）没有结束标签"),
        ),
        WireFault::WrongWireType { field, found } => {
            let wire = wire_name(*found);
            Text::new(
                format!(
                    "field \"{field}\" at byte {at} arrives as {wire}, which its type cannot be"
                ),
                format!("偏移 {at} 处的字段“{field}”以 {wire} 编码，与其声明的类型不符"),
            )
        }
        WireFault::InvalidUtf8 { field } => Text::new(
            format!("string field \"{field}\" is not valid UTF-8 (byte {at})"),
            format!("字符串字段“{field}”不是合法的 UTF-8（偏移 {at}）"),
        ),
        WireFault::PackedLength { field } => Text::new(
            format!(
                "packed field \"{field}\" at byte {at} has a length that is not a whole number \
                 of values"
            ),
            format!("偏移 {at} 处的打包字段“{field}”长度不是元素宽度的整数倍"),
        ),
        WireFault::TooDeep => Text::new(
            format!("the message at byte {at} nests deeper than {MAX_NESTING} levels"),
            format!("偏移 {at} 处的消息嵌套超过 {MAX_NESTING} 层"),
        ),
    }
}

impl Describe for ProtoDecodeError {
    fn describe(&self) -> Text {
        match self {
            ProtoDecodeError::UnknownType(name) => Text::new(
                format!("the .proto files define no message type {name}"),
                format!(".proto 文件中没有消息类型 {name}"),
            ),
            ProtoDecodeError::Malformed { offset, fault: f } => fault(*offset, f),
            ProtoDecodeError::TooDeep => Text::new(
                format!("the message nests deeper than {MAX_DEPTH} levels to show"),
                format!("消息嵌套超过 {MAX_DEPTH} 层，无法显示"),
            ),
            ProtoDecodeError::Rejected(message) => Text::new(
                format!("the payload is not this message type: {message}"),
                format!("消息内容不是该消息类型：{message}"),
            ),
        }
    }
}

impl Describe for ProtoEncodeError {
    fn describe(&self) -> Text {
        match self {
            ProtoEncodeError::UnknownType(name) => Text::new(
                format!("the .proto files define no message type {name}"),
                format!(".proto 文件中没有消息类型 {name}"),
            ),
            ProtoEncodeError::Json {
                path,
                line,
                column,
                message,
            } => Text::new(
                format!("{path} (line {line}, column {column}): {message}"),
                format!("{path}（第 {line} 行第 {column} 列）：{message}"),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_wire_fault_reads_in_both_languages_with_its_offset() {
        let faults = [
            WireFault::Truncated,
            WireFault::VarintTooLong,
            WireFault::LengthTooLarge {
                declared: 300,
                remaining: 1,
            },
            WireFault::InvalidWireType(6),
            WireFault::FieldNumberZero,
            WireFault::FieldNumberTooLarge(1 << 30),
            WireFault::UnexpectedEndGroup { field: 3 },
            WireFault::UnclosedGroup { field: 3 },
            WireFault::WrongWireType {
                field: "id".into(),
                found: 2,
            },
            WireFault::InvalidUtf8 { field: "id".into() },
            WireFault::PackedLength {
                field: "words".into(),
            },
            WireFault::TooDeep,
        ];
        for f in faults {
            let t = ProtoDecodeError::Malformed {
                offset: 77,
                fault: f,
            }
            .describe();
            assert!(t.en.contains("77") && t.zh.contains("77"), "{t:?}");
        }
        for e in [
            ProtoDecodeError::UnknownType("a.B".into()),
            ProtoDecodeError::TooDeep,
            ProtoDecodeError::Rejected("x".into()),
        ] {
            let t = e.describe();
            assert!(!t.en.is_empty() && !t.zh.is_empty());
        }
    }

    #[test]
    fn compile_errors_name_the_place() {
        let at = Some(SourcePosition { line: 3, column: 9 });
        let t = ProtoCompileError::MissingImport {
            file: "sensor.proto".into(),
            import: "common/units.proto".into(),
            at,
        }
        .describe();
        assert!(t.en.starts_with("sensor.proto:3:9: ") && t.en.contains("common/units.proto"));
        assert!(t.zh.starts_with("sensor.proto:3:9") && t.zh.contains("common/units.proto"));
        let t = ProtoCompileError::Invalid {
            file: None,
            at: None,
            message: "boom".into(),
        }
        .describe();
        assert!(t.en.ends_with("boom") && t.zh.ends_with("boom"));
        let t = ProtoCompileError::DuplicateFile {
            file: "a.proto".into(),
        }
        .describe();
        assert!(t.zh.contains("a.proto"));
    }

    #[test]
    fn json_errors_say_path_and_position() {
        let t = ProtoEncodeError::Json {
            path: "$.readings[2].value".into(),
            line: 4,
            column: 17,
            message: "invalid type".into(),
        }
        .describe();
        assert_eq!(
            t.en,
            "$.readings[2].value (line 4, column 17): invalid type"
        );
        assert!(t.zh.contains("$.readings[2].value") && t.zh.contains('4') && t.zh.contains("17"));
        assert!(!ProtoEncodeError::UnknownType("x".into())
            .describe()
            .zh
            .is_empty());
    }
}
