//! Words for the workspace: several connections, their tabs and the saved workspace.

use super::{Describe, Text};
use crate::model::workspace::{RestoreError, WorkspaceError, MAX_CONNECTIONS, MAX_WORKSPACE_BYTES};

impl Describe for WorkspaceError {
    fn describe(&self) -> Text {
        match self {
            WorkspaceError::TooMany => Text::new(
                format!("{MAX_CONNECTIONS} connections are open, the most one page holds; close one first"),
                format!("已打开 {MAX_CONNECTIONS} 个连接，这是一个页面的上限；请先关闭一个。"),
            ),
            WorkspaceError::NameTaken(name) => Text::new(
                format!("another open connection is already named \"{name}\"; the name was not changed"),
                format!("已有一个打开的连接名为“{name}”；名称未更改。"),
            ),
            WorkspaceError::BadName(e) => {
                let why = e.describe();
                Text::new(
                    format!("connection name: {}", why.en),
                    format!("连接名称：{}", why.zh),
                )
            }
            WorkspaceError::Gone => Text::new(
                "that connection was closed meanwhile",
                "该连接已被关闭。",
            ),
        }
    }
}

impl Describe for RestoreError {
    fn describe(&self) -> Text {
        let (en, zh) = match self {
            RestoreError::TooLarge { bytes } => (
                format!("it is {bytes} bytes, more than {MAX_WORKSPACE_BYTES}"),
                format!("其大小为 {bytes} 字节，超过 {MAX_WORKSPACE_BYTES}"),
            ),
            RestoreError::Unreadable(why) => (
                format!("it is damaged ({why})"),
                format!("内容已损坏（{why}）"),
            ),
            RestoreError::Version(v) => (
                format!("it was written by a newer console (version {v})"),
                format!("它由更新版本的控制台写入（版本 {v}）"),
            ),
            RestoreError::Empty => (
                "it lists no connection".to_owned(),
                "其中没有连接".to_owned(),
            ),
        };
        Text::new(
            format!("The connections open last time could not be restored: {en}. One new connection was opened instead."),
            format!("无法恢复上次打开的连接：{zh}。已改为打开一个新连接。"),
        )
    }
}

/// What the combined log shows.
pub fn combined_note(lang: super::Lang, rows: usize) -> String {
    match lang {
        super::Lang::En => format!(
            "The newest {rows} messages of all open connections, each marked with its connection; \
             every connection's own log keeps the rest."
        ),
        super::Lang::Zh => {
            format!("所有打开连接的最新 {rows} 条消息，每条标明所属连接；其余消息仍保存在各连接自己的日志中。")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::profiles::NameError;

    #[test]
    fn every_error_has_both_languages() {
        let all = [
            WorkspaceError::TooMany.describe(),
            WorkspaceError::NameTaken("a".into()).describe(),
            WorkspaceError::BadName(NameError::Empty).describe(),
            WorkspaceError::Gone.describe(),
            RestoreError::TooLarge { bytes: 9 }.describe(),
            RestoreError::Unreadable("x".into()).describe(),
            RestoreError::Version(2).describe(),
            RestoreError::Empty.describe(),
        ];
        for t in all {
            assert!(!t.en.is_empty() && !t.zh.is_empty());
            assert_ne!(t.en, t.zh);
        }
        assert!(WorkspaceError::BadName(NameError::Empty)
            .describe()
            .en
            .contains("empty"));
    }
}
