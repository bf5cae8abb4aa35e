//! Words for saved profiles: names, the store, sealed secrets, loading and importing files.
//! Per-profile notes and the bar's notices are in `profile_notes`.

use super::{Describe, Text};
use crate::model::profiles::{
    ImportError, LoadError, NameError, ProfileListError, SecretsError, StoreError,
    MAX_IMPORT_BYTES, MAX_NAME_CHARS, MAX_PBKDF2_ITERATIONS, MIN_PBKDF2_ITERATIONS, STORE_VERSION,
};

impl Describe for NameError {
    fn describe(&self) -> Text {
        match self {
            NameError::Empty => Text::new("the profile name is empty", "配置名称不能为空。"),
            NameError::TooLong { chars } => Text::new(
                format!(
                    "the profile name has {chars} characters; at most {MAX_NAME_CHARS} are allowed"
                ),
                format!("配置名称有 {chars} 个字符，最多允许 {MAX_NAME_CHARS} 个。"),
            ),
            NameError::ControlChar => Text::new(
                "the profile name contains a line break, tab or control character",
                "配置名称中不能有换行、制表符或其他控制字符。",
            ),
        }
    }
}

impl Describe for SecretsError {
    fn describe(&self) -> Text {
        match self {
            SecretsError::TooFewIterations(n) => Text::new(
                format!("the saved secrets use {n} PBKDF2 iterations, below the safe minimum of {MIN_PBKDF2_ITERATIONS}; they were not used — enter the secret again"),
                format!("保存的密钥只用了 {n} 次 PBKDF2 迭代，低于安全下限 {MIN_PBKDF2_ITERATIONS}，未被使用。请重新输入密钥。"),
            ),
            SecretsError::TooManyIterations(n) => Text::new(
                format!("the saved secrets ask for {n} PBKDF2 iterations, more than {MAX_PBKDF2_ITERATIONS}; they were not used — enter the secret again"),
                format!("保存的密钥要求 {n} 次 PBKDF2 迭代，超过上限 {MAX_PBKDF2_ITERATIONS}，未被使用。请重新输入密钥。"),
            ),
            SecretsError::BadField(field) => Text::new(
                format!("the saved secrets are damaged ({field}); enter the secret again"),
                format!("保存的密钥已损坏（{field}）。请重新输入密钥。"),
            ),
            SecretsError::Malformed => Text::new(
                "the saved secrets are damaged; enter the secret again",
                "保存的密钥已损坏。请重新输入密钥。",
            ),
            SecretsError::NotText => Text::new(
                "the stored secrets are damaged (not text)",
                "保存的密钥已损坏（不是文本）。",
            ),
            SecretsError::WrongPassphrase => Text::new(
                "wrong passphrase: the saved secrets could not be unlocked (nothing was changed)",
                "口令错误：无法解锁保存的密钥（未做任何更改）。",
            ),
        }
    }
}

impl Describe for StoreError {
    fn describe(&self) -> Text {
        match self {
            StoreError::Name(e) => e.describe(),
            StoreError::NotFound(n) => Text::new(
                format!("there is no profile named \"{n}\""),
                format!("没有名为“{n}”的配置。"),
            ),
            StoreError::NameTaken(n) => Text::new(
                format!("a profile named \"{n}\" already exists"),
                format!("已有名为“{n}”的配置。"),
            ),
            StoreError::Secrets(e) => e.describe(),
        }
    }
}

impl Describe for LoadError {
    fn describe(&self) -> Text {
        match self {
            LoadError::NotJson { line, column } => Text::new(
                format!("the saved profiles are damaged (not JSON at line {line}, column {column}); they were left untouched"),
                format!("已保存的配置已损坏（第 {line} 行第 {column} 列不是有效 JSON），已原样保留。"),
            ),
            LoadError::NotObject | LoadError::BadVersion | LoadError::NoProfileList => Text::new(
                "the saved profiles are not in a format this console knows; they were left untouched",
                "已保存的配置格式无法识别，已原样保留。",
            ),
            LoadError::UnsupportedVersion(v) => Text::new(
                format!("the saved profiles were written by a newer version of MQTT Console (format {v}, this one reads {STORE_VERSION}); update the page — they were left untouched"),
                format!("已保存的配置来自更新版本的 MQTT Console（格式 {v}，本版本只能读取 {STORE_VERSION}）。请刷新页面以更新；配置已原样保留。"),
            ),
        }
    }
}

impl Describe for ImportError {
    fn describe(&self) -> Text {
        match self {
            ImportError::TooLarge { bytes } => Text::new(
                format!("the file is {bytes} bytes; profile files over {MAX_IMPORT_BYTES} bytes are not imported"),
                format!("文件有 {bytes} 字节；超过 {MAX_IMPORT_BYTES} 字节的配置文件不予导入。"),
            ),
            ImportError::NotJson { line, column } => Text::new(
                format!("the file is not valid JSON (line {line}, column {column})"),
                format!("文件不是有效的 JSON（第 {line} 行第 {column} 列）。"),
            ),
            ImportError::NotXml { line, column } => Text::new(
                format!("the file is not valid XML (line {line}, column {column})"),
                format!("文件不是有效的 XML（第 {line} 行第 {column} 列）。"),
            ),
            ImportError::XmlDtd => Text::new(
                "the XML file declares a DTD, which MQTT.fx files never do; it was refused for safety",
                "该 XML 文件声明了 DTD，MQTT.fx 的文件不会这样做；为安全起见已拒绝。",
            ),
            ImportError::WrongFormat(found) => Text::new(
                format!("the file says it is \"{found}\", not an MQTT Console profile file"),
                format!("文件声明的格式是“{found}”，不是 MQTT Console 配置文件。"),
            ),
            ImportError::UnsupportedVersion(v) => Text::new(
                format!("the file was written by a newer MQTT Console (format version {v}); update the page and import again"),
                format!("文件来自更新版本的 MQTT Console（格式版本 {v}）。请刷新页面后再导入。"),
            ),
            ImportError::BadVersion => Text::new(
                "the file's \"version\" is not a whole number",
                "文件的“version”不是整数。",
            ),
            ImportError::NoProfileList => Text::new(
                "the file has no list of profiles or connections",
                "文件中没有配置或连接列表。",
            ),
            ImportError::NoProfiles => Text::new(
                "the file contains no connection profiles",
                "文件中没有连接配置。",
            ),
            ImportError::UnknownFile => Text::new(
                "this is not an MQTT Console, MQTTX (JSON) or MQTT.fx (mqttfx-config.xml) profile file",
                "不是 MQTT Console、MQTTX（JSON）或 MQTT.fx（mqttfx-config.xml）的配置文件。",
            ),
        }
    }
}

impl Describe for ProfileListError {
    fn describe(&self) -> Text {
        match self {
            ProfileListError::Invalid {
                reason,
                line,
                column,
            } => Text::new(
                format!("the profile file is not valid: {reason} (line {line}, column {column})"),
                format!("配置文件无效：{reason}（第 {line} 行第 {column} 列）"),
            ),
            ProfileListError::Unnamed { url } => Text::new(
                format!("a profile has no name (broker URL \"{url}\")"),
                format!("有一个配置没有名称（服务器地址“{url}”）"),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::profiles::{parse_profiles, ProfileStore};

    fn both(t: Text) {
        assert!(!t.en.is_empty() && !t.zh.is_empty(), "{t:?}");
    }

    #[test]
    fn every_error_reads_in_both_languages() {
        let imports = [
            ImportError::TooLarge { bytes: 9 },
            ImportError::NotJson { line: 1, column: 2 },
            ImportError::NotXml { line: 1, column: 2 },
            ImportError::XmlDtd,
            ImportError::WrongFormat("x".into()),
            ImportError::UnsupportedVersion(2),
            ImportError::BadVersion,
            ImportError::NoProfileList,
            ImportError::NoProfiles,
            ImportError::UnknownFile,
        ];
        imports.iter().for_each(|e| both(e.describe()));
        let names = [
            NameError::Empty,
            NameError::TooLong { chars: 70 },
            NameError::ControlChar,
        ];
        names.iter().for_each(|e| both(e.describe()));
        let secrets = [
            SecretsError::Malformed,
            SecretsError::TooFewIterations(1),
            SecretsError::TooManyIterations(u32::MAX),
            SecretsError::BadField("iv_b64"),
            SecretsError::NotText,
            SecretsError::WrongPassphrase,
        ];
        secrets.iter().for_each(|e| both(e.describe()));
        let stores = [
            StoreError::NotFound("x".into()),
            StoreError::NameTaken("y".into()),
            StoreError::Name(NameError::Empty),
            StoreError::Secrets(SecretsError::Malformed),
        ];
        stores.iter().for_each(|e| both(e.describe()));
        let loads = [
            LoadError::NotJson { line: 1, column: 1 },
            LoadError::NotObject,
            LoadError::UnsupportedVersion(2),
        ];
        loads.iter().for_each(|e| both(e.describe()));
        let e = LoadError::UnsupportedVersion(2).describe();
        assert!(e.en.contains("newer") && e.zh.contains("更新"));
        assert!(ProfileStore::from_json("[]").is_err());
        assert!(SecretsError::WrongPassphrase
            .describe()
            .en
            .contains("wrong passphrase"));
    }

    #[test]
    fn profile_list_errors_say_where() {
        let err = parse_profiles("{\"profiles\": [ {\"name\": 3} ]}")
            .unwrap_err()
            .describe();
        assert!(err.en.contains("line 1"), "{}", err.en);
        let err = parse_profiles(r#"{"profiles":[{"name":" ","url":"ws://x"}]}"#)
            .unwrap_err()
            .describe();
        assert!(err.en.contains("no name"), "{}", err.en);
        both(err);
    }
}
