//! Words for what an import or load changed per profile, and for the profile bar's notices and
//! problems.

use super::{Describe, Text};
use crate::model::profiles::{
    ImportLine, LoadReport, ProfileNote, ProfileNotice, ProfileProblem, SkipReason, Skipped,
    DEMO_BLOCK_ID, MAX_IMPORT_PROFILES,
};

impl Describe for ProfileNote {
    fn describe(&self) -> Text {
        match self {
            ProfileNote::Renamed { from } if from.is_empty() => {
                Text::new("had no name; one was given", "没有名称，已自动命名。")
            }
            ProfileNote::Renamed { from } => Text::new(
                format!("renamed from \"{from}\" (name taken or unusable)"),
                format!("原名“{from}”已被占用或不可用，已改名。"),
            ),
            ProfileNote::FieldsDropped(fields) => Text::new(
                format!("fields with a wrong type were reset to defaults: {}", fields.join(", ")),
                format!("以下字段类型错误，已恢复默认值：{}。", fields.join("、")),
            ),
            ProfileNote::SecretsDropped(e) => e.describe(),
            ProfileNote::PlaintextSecretsRemoved => Text::new(
                "an unencrypted secret was found in storage and removed; enter it again",
                "存储中发现未加密的密钥，已删除。请重新输入。",
            ),
            ProfileNote::ContainsSecrets => Text::new(
                "the file contained a password or DeviceSecret; it is kept only if you choose to save secrets encrypted",
                "文件中含有密码或 DeviceSecret；只有选择加密保存密钥时才会保存它。",
            ),
            ProfileNote::TcpPortNeedsWebSocket { tool, port } => Text::new(
                format!("{tool} used TCP port {port}; a browser needs the broker's WebSocket port — edit the URL"),
                format!("{tool} 使用的是 TCP 端口 {port}；浏览器需要 Broker 的 WebSocket 端口，请修改 URL。"),
            ),
            ProfileNote::AliyunPortConverted { port } => Text::new(
                format!("port {port} is Aliyun's TCP port; the browser connects over WebSocket on 443 (host written without a port)"),
                format!("端口 {port} 是阿里云的 TCP 端口；浏览器通过 WebSocket 的 443 端口连接（接入域名不带端口）。"),
            ),
            ProfileNote::DeviceSecretNeeded => Text::new(
                "the saved password is a signature, not the DeviceSecret; enter the DeviceSecret from the Aliyun console",
                "保存的密码是签名，不是 DeviceSecret。请从阿里云控制台复制 DeviceSecret 填入。",
            ),
            ProfileNote::AliyunIdentityIncomplete => Text::new(
                "the username or client id is not in Aliyun's form; check ProductKey, DeviceName and the sign method",
                "用户名或 ClientID 不符合阿里云格式；请检查 ProductKey、DeviceName 和签名方法。",
            ),
            ProfileNote::WillNotImported { topic } => Text::new(
                format!("the last-will message on \"{topic}\" was not imported: the console does not send one"),
                format!("遗嘱消息（Topic“{topic}”）未导入：本工具不发送遗嘱消息。"),
            ),
            ProfileNote::NoHost => Text::new(
                "no broker address was given; fill in the URL",
                "没有 Broker 地址，请填写 URL。",
            ),
            ProfileNote::ProtocolAssumed { protocol } => Text::new(
                format!("the protocol was missing or unknown; {protocol} was assumed"),
                format!("协议缺失或无法识别，按 {protocol} 处理。"),
            ),
        }
    }
}

impl Describe for SkipReason {
    fn describe(&self) -> Text {
        match self {
            SkipReason::NotAnObject => Text::new("it is not a profile object", "不是配置对象。"),
            SkipReason::Name(e) => e.describe(),
            SkipReason::DuplicateName => {
                Text::new("an earlier profile has the same name", "与前面的配置重名。")
            }
            SkipReason::TooMany => Text::new(
                format!("only the first {MAX_IMPORT_PROFILES} profiles are imported"),
                format!("一次最多导入 {MAX_IMPORT_PROFILES} 个配置。"),
            ),
            SkipReason::Invalid(why) => Text::new(
                format!("it could not be read: {why}"),
                format!("无法读取：{why}"),
            ),
        }
    }
}

impl Describe for Skipped {
    /// One line of a report: which entry, and why it was left out.
    fn describe(&self) -> Text {
        let (position, reason) = (self.position, self.reason.describe());
        Text::new(
            format!("entry {position}: skipped: {}", reason.en),
            format!("第 {position} 项：已跳过：{}", reason.zh),
        )
    }
}

impl Describe for ImportLine {
    fn describe(&self) -> Text {
        match self {
            ImportLine::Imported { name, notes } => {
                let notes: Vec<Text> = notes.iter().map(Describe::describe).collect();
                let en: Vec<&str> = notes.iter().map(|n| n.en.as_str()).collect();
                let zh: Vec<&str> = notes.iter().map(|n| n.zh.as_str()).collect();
                let (sep_en, sep_zh) = if notes.is_empty() {
                    ("", "")
                } else {
                    ("; ", "；")
                };
                Text::new(
                    format!("{name}: imported{sep_en}{}", en.join("; ")),
                    format!("{name}：已导入{sep_zh}{}", zh.join("；")),
                )
            }
            ImportLine::NotSaved { name, error } => {
                let e = error.describe();
                Text::new(
                    format!("{name}: not saved: {}", e.en),
                    format!("{name}：未保存：{}", e.zh),
                )
            }
            ImportLine::Skipped(s) => s.describe(),
        }
    }
}

/// `lines` in each language, one per line.
fn lines(lines: impl IntoIterator<Item = Text>) -> Text {
    let (en, zh): (Vec<String>, Vec<String>) = lines.into_iter().map(|t| (t.en, t.zh)).unzip();
    Text::new(en.join("\n"), zh.join("\n"))
}

fn repaired(report: &LoadReport) -> Text {
    let notes = report.notes.iter().map(|(name, note)| {
        let note = note.describe();
        Text::new(
            format!("{name}: {}", note.en),
            format!("{name}：{}", note.zh),
        )
    });
    let body = lines(notes.chain(report.skipped.iter().map(Describe::describe)));
    Text::new(
        format!("some saved profiles were repaired:\n{}", body.en),
        format!("部分已保存的配置已修复：\n{}", body.zh),
    )
}

impl Describe for ProfileNotice {
    fn describe(&self) -> Text {
        match self {
            ProfileNotice::Encrypting => Text::new("encrypting…", "正在加密…"),
            ProfileNotice::Saved {
                name,
                encrypted: true,
            } => Text::new(
                format!("saved \"{name}\" with its secrets encrypted"),
                format!("已保存“{name}”，密钥已加密"),
            ),
            ProfileNotice::Saved {
                name,
                encrypted: false,
            } => Text::new(
                format!("saved \"{name}\" (secrets are not stored)"),
                format!("已保存“{name}”（未保存密钥）"),
            ),
            ProfileNotice::Deleted { name } => {
                Text::new(format!("deleted \"{name}\""), format!("已删除“{name}”"))
            }
            ProfileNotice::Imported(report) => lines(report.iter().map(Describe::describe)),
            ProfileNotice::Repaired(report) => repaired(report),
        }
    }
}

impl Describe for ProfileProblem {
    fn describe(&self) -> Text {
        match self {
            ProfileProblem::SavingOff => Text::new(
                "saving is off: the stored profiles could not be read, and saving would overwrite them",
                "保存已关闭：已保存的配置无法读取，保存会覆盖它们",
            ),
            ProfileProblem::PassphraseEmpty => Text::new("the passphrase is empty", "口令为空"),
            ProfileProblem::FileUnreadable => {
                Text::new("the file could not be read", "无法读取该文件")
            }
            ProfileProblem::StoreUnreadable(e) => {
                let e = e.describe();
                Text::new(
                    format!("saved profiles could not be read, and are left untouched: {}", e.en),
                    format!("已保存的配置无法读取，已原样保留：{}", e.zh),
                )
            }
            ProfileProblem::Store(e) => e.describe(),
            ProfileProblem::Import(e) => e.describe(),
            ProfileProblem::Secrets(e) => e.describe(),
            ProfileProblem::DemoUnreadable(found) => Text::new(
                format!("the page's demo profiles (#{DEMO_BLOCK_ID}) could not be read: found {found} instead of a <script type=\"application/json\"> block"),
                format!("无法读取页面中的演示配置（#{DEMO_BLOCK_ID}）：应为 <script type=\"application/json\"> 数据块，实际为 {found}"),
            ),
            ProfileProblem::Demo(e) => {
                let e = e.describe();
                Text::new(
                    format!("the page's demo profiles (#{DEMO_BLOCK_ID}): {}", e.en),
                    format!("页面中的演示配置（#{DEMO_BLOCK_ID}）：{}", e.zh),
                )
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::profiles::{
        import_file, import_mqttfx, LoadError, NameError, ProfileStore, SecretsError, StoreError,
    };

    #[test]
    fn the_tcp_port_note_keeps_its_wording() {
        let note = ProfileNote::TcpPortNeedsWebSocket {
            tool: "MQTT.fx",
            port: 1883,
        };
        assert_eq!(
            note.describe().en,
            "MQTT.fx used TCP port 1883; a browser needs the broker's WebSocket port — edit the URL"
        );
        assert!(note.describe().zh.contains("1883"));
        let xml = "<configuration><connectionProfile><profileName>fx</profileName>\
            <brokerAddress>h</brokerAddress><brokerPort>1883</brokerPort>\
            </connectionProfile></configuration>";
        let words: Vec<String> = import_mqttfx(xml).unwrap().profiles[0]
            .notes
            .iter()
            .map(|n| n.describe().en)
            .collect();
        assert!(words.iter().any(|w| w.contains("1883")), "{words:?}");
    }

    #[test]
    fn every_note_reason_notice_and_problem_reads_in_both_languages() {
        let notes = [
            ProfileNote::Renamed {
                from: String::new(),
            },
            ProfileNote::Renamed { from: "a".into() },
            ProfileNote::FieldsDropped(vec!["tls".into()]),
            ProfileNote::SecretsDropped(SecretsError::Malformed),
            ProfileNote::PlaintextSecretsRemoved,
            ProfileNote::ContainsSecrets,
            ProfileNote::AliyunPortConverted { port: 1883 },
            ProfileNote::DeviceSecretNeeded,
            ProfileNote::AliyunIdentityIncomplete,
            ProfileNote::WillNotImported { topic: "t".into() },
            ProfileNote::NoHost,
            ProfileNote::ProtocolAssumed { protocol: "ws" },
        ];
        let reasons = [
            SkipReason::NotAnObject,
            SkipReason::Name(NameError::Empty),
            SkipReason::DuplicateName,
            SkipReason::TooMany,
            SkipReason::Invalid("x".into()),
        ];
        let skipped = |reason| Skipped {
            position: 3,
            name: None,
            reason,
        };
        let notices = [
            ProfileNotice::Encrypting,
            ProfileNotice::Saved {
                name: "A".into(),
                encrypted: true,
            },
            ProfileNotice::Saved {
                name: "A".into(),
                encrypted: false,
            },
            ProfileNotice::Deleted { name: "A".into() },
            ProfileNotice::Imported(vec![ImportLine::NotSaved {
                name: "A".into(),
                error: StoreError::Name(NameError::Empty),
            }]),
            ProfileNotice::Repaired(LoadReport {
                skipped: vec![skipped(SkipReason::NotAnObject)],
                notes: vec![("A".into(), ProfileNote::NoHost)],
            }),
        ];
        let problems = [
            ProfileProblem::SavingOff,
            ProfileProblem::PassphraseEmpty,
            ProfileProblem::FileUnreadable,
            ProfileProblem::StoreUnreadable(LoadError::NotObject),
            ProfileProblem::DemoUnreadable("x".into()),
            ProfileProblem::Demo(crate::model::profiles::ProfileListError::Unnamed {
                url: "ws://h".into(),
            }),
        ];
        let lines: Vec<Text> = reasons
            .iter()
            .map(|r| skipped(r.clone()).describe())
            .collect();
        let texts = notes
            .iter()
            .map(Describe::describe)
            .chain(reasons.iter().map(Describe::describe))
            .chain(lines)
            .chain(notices.iter().map(Describe::describe))
            .chain(problems.iter().map(Describe::describe));
        for t in texts {
            assert!(!t.en.is_empty() && !t.zh.is_empty(), "{t:?}");
        }
    }

    #[test]
    fn notices_keep_the_words_the_end_to_end_tests_look_for() {
        let saved = ProfileNotice::Saved {
            name: "My broker".into(),
            encrypted: false,
        };
        assert!(saved.describe().en.contains("saved \"My broker\""));
        let sealed = ProfileNotice::Saved {
            name: "S".into(),
            encrypted: true,
        };
        assert!(sealed.describe().en.contains("encrypted"));
        let mut store = ProfileStore::default();
        let file = r#"{"profiles":[{"name":"local mosquitto","mode":"generic","url":"ws://h"},7]}"#;
        let report = store.import_report(import_file(file).unwrap());
        let words = ProfileNotice::Imported(report).describe();
        assert_eq!(
            words.en,
            "local mosquitto: imported\nentry 2: skipped: it is not a profile object"
        );
        assert!(words.zh.contains("local mosquitto"));
    }
}
