//! Words for publishing beyond one message: payload templates and timed publishing.

use super::{Describe, Lang, Text};
use crate::aliyun::DEVICE_PUBLISH_PER_SECOND;
use crate::model::repeat::{
    Ended, Repeat, RepeatError, MAX_COUNT, MAX_INTERVAL_MS, MIN_INTERVAL_MS,
};
use crate::model::template::{TemplateError, TemplateErrorKind, MAX_FLOAT_DIGITS};

impl Describe for TemplateErrorKind {
    fn describe(&self) -> Text {
        match self {
            TemplateErrorKind::Unclosed => Text::new(
                "\"{{\" starts a variable but no \"}}\" closes it (write {{\"{{\"}} for the two characters)",
                "“{{” 开始了一个变量，但没有“}}”结束它（如需这两个字符本身，请写 {{\"{{\"}}）",
            ),
            TemplateErrorKind::Empty => Text::new("\"{{}}\" names no variable", "“{{}}” 中没有变量名"),
            TemplateErrorKind::Unknown(name) => Text::new(
                format!("\"{name}\" is not a variable; known: timestamp, timestamp(iso), uuid, counter, random(min,max), randomFloat(min,max,digits), deviceName, productKey"),
                format!("“{name}” 不是变量；可用：timestamp、timestamp(iso)、uuid、counter、random(min,max)、randomFloat(min,max,digits)、deviceName、productKey"),
            ),
            TemplateErrorKind::Arguments { name, expected } => Text::new(
                format!("{name} is written {expected}"),
                format!("{name} 的写法是 {expected}"),
            ),
            TemplateErrorKind::NotANumber { name, found } => Text::new(
                format!("{name}: \"{found}\" is not a number of the right kind (random takes whole numbers)"),
                format!("{name}：“{found}” 不是合适的数字（random 只接受整数）"),
            ),
            TemplateErrorKind::Range { name } => Text::new(
                format!("{name}: min is larger than max"),
                format!("{name}：min 大于 max"),
            ),
            TemplateErrorKind::Digits(found) => Text::new(
                format!("randomFloat: digits \"{found}\" must be 0 to {MAX_FLOAT_DIGITS}"),
                format!("randomFloat：小数位数“{found}”必须在 0 到 {MAX_FLOAT_DIGITS} 之间"),
            ),
            TemplateErrorKind::NoDevice(name) => Text::new(
                format!("{{{{{name}}}}} needs a connected Aliyun device; this connection has none"),
                format!("{{{{{name}}}}} 需要已连接的阿里云设备；当前连接没有"),
            ),
        }
    }
}

impl Describe for TemplateError {
    fn describe(&self) -> Text {
        let why = self.kind.describe();
        Text::new(
            format!("Payload template, at character {}: {}", self.at, why.en),
            format!("载荷模板，第 {} 个字符处：{}", self.at, why.zh),
        )
    }
}

impl Describe for RepeatError {
    fn describe(&self) -> Text {
        match self {
            RepeatError::Interval(found) => Text::new(
                format!("Interval \"{found}\": give whole milliseconds from {MIN_INTERVAL_MS} to {MAX_INTERVAL_MS}"),
                format!("间隔“{found}”：请填写 {MIN_INTERVAL_MS} 到 {MAX_INTERVAL_MS} 之间的整数毫秒"),
            ),
            RepeatError::Count(found) => Text::new(
                format!("Count \"{found}\": give a whole number from 1 to {MAX_COUNT}, or leave it empty to send until stopped"),
                format!("次数“{found}”：请填写 1 到 {MAX_COUNT} 之间的整数，留空表示一直发送到手动停止"),
            ),
        }
    }
}

/// The warning shown when the timers of an Aliyun connection together send faster than a device
/// may publish.
pub fn over_aliyun_limit(lang: Lang, rate: f64) -> String {
    let limit = DEVICE_PUBLISH_PER_SECOND;
    match lang {
        Lang::En => format!("{rate:.0} messages per second: above Aliyun's limit of {limit} per device, the platform throttles the rest"),
        Lang::Zh => format!("每秒 {rate:.0} 条：超过阿里云单设备每秒 {limit} 条的上行限制，超出部分会被平台限流"),
    }
}

/// A timer's state line: its counts and, once ended, why.
pub fn repeat_state(lang: Lang, r: &Repeat) -> String {
    let (sent, acked, failed) = (r.sent_count(), r.acked_count(), r.failed_count());
    let of = r.plan().count.map(|c| format!("/{c}")).unwrap_or_default();
    let every = r.plan().interval_ms;
    match lang {
        Lang::En => {
            let end = match r.ended() {
                None => format!("running, every {every} ms"),
                Some(Ended::Done) => "done".into(),
                Some(Ended::Stopped) => "stopped".into(),
                Some(Ended::Disconnected) => "stopped: the connection closed".into(),
            };
            format!("sent {sent}{of} · acknowledged {acked} · failed {failed} · {end}")
        }
        Lang::Zh => {
            let end = match r.ended() {
                None => format!("运行中，每 {every} 毫秒"),
                Some(Ended::Done) => "已完成".into(),
                Some(Ended::Stopped) => "已停止".into(),
                Some(Ended::Disconnected) => "已停止：连接已断开".into(),
            };
            format!("已发送 {sent}{of} · 已确认 {acked} · 失败 {failed} · {end}")
        }
    }
}

impl Describe for crate::model::compose::ComposeError {
    fn describe(&self) -> Text {
        use crate::model::compose::ComposeError;
        match self {
            ComposeError::Template(e) => e.describe(),
            ComposeError::Expand(e) => {
                let why = e.describe();
                Text::new(
                    format!("Payload template: {}", why.en),
                    format!("载荷模板：{}", why.zh),
                )
            }
            ComposeError::Payload(e) => e.describe(),
            ComposeError::Props(e) => e.describe(),
        }
    }
}

impl Describe for crate::model::collection::CollectionError {
    fn describe(&self) -> Text {
        use crate::model::collection::{
            CollectionError, MAX_COLLECTIONS_BYTES, MAX_ITEMS, MAX_NAME_CHARS,
        };
        match self {
            CollectionError::NoName => Text::new(
                "Give the item a name to save it under",
                "请为条目填写名称后再保存",
            ),
            CollectionError::LongName(n) => Text::new(
                format!("The name has {n} characters; at most {MAX_NAME_CHARS}"),
                format!("名称有 {n} 个字符，最多 {MAX_NAME_CHARS} 个"),
            ),
            CollectionError::Full => Text::new(
                format!("This collection holds {MAX_ITEMS} items, the most; delete one first"),
                format!("该集合已有 {MAX_ITEMS} 个条目（上限），请先删除一个"),
            ),
            CollectionError::TooLarge(bytes) => Text::new(
                format!("The collections would take {bytes} bytes, more than {MAX_COLLECTIONS_BYTES}; nothing was saved"),
                format!("发布集合将占用 {bytes} 字节，超过 {MAX_COLLECTIONS_BYTES}；未保存"),
            ),
            CollectionError::Unreadable(why) => Text::new(
                format!("The saved publish collections cannot be read ({why}); they are left as they are"),
                format!("无法读取已保存的发布集合（{why}）；已保持原样"),
            ),
            CollectionError::Version(v) => Text::new(
                format!("The publish collections were written by a newer console (version {v})"),
                format!("发布集合由更新版本的控制台写入（版本 {v}）"),
            ),
        }
    }
}

/// What saving an item did.
pub fn item_saved(lang: Lang, name: &str, replaced: bool) -> String {
    match (lang, replaced) {
        (Lang::En, false) => format!("Saved \"{name}\""),
        (Lang::En, true) => format!("Replaced \"{name}\""),
        (Lang::Zh, false) => format!("已保存“{name}”"),
        (Lang::Zh, true) => format!("已替换“{name}”"),
    }
}

/// What importing a profile file did to the collections.
pub fn items_imported(n: usize) -> Text {
    Text::new(
        format!("{n} publish items imported with the profiles"),
        format!("随配置导入了 {n} 个发布条目"),
    )
}

/// The confirmation before clearing retained messages.
pub fn retained_confirm(count: usize, selection: &str) -> Text {
    Text::new(
        format!("Clear {count} retained message(s) under {selection}? An empty retained message is published to each topic."),
        format!("清除 {selection} 下的 {count} 条保留消息？将向每个主题发布一条空的保留消息。"),
    )
}

/// After clearing retained messages.
pub fn retained_cleared(count: usize, failed: usize) -> Text {
    if failed == 0 {
        Text::new(
            format!("{count} retained message(s) cleared"),
            format!("已清除 {count} 条保留消息"),
        )
    } else {
        Text::new(
            format!("{count} retained message(s) cleared, {failed} not sent (not connected?)"),
            format!("已清除 {count} 条保留消息，{failed} 条未能发送（未连接？）"),
        )
    }
}

impl Describe for crate::model::retained::PlanError {
    fn describe(&self) -> Text {
        use crate::model::retained::PlanError;
        match self {
            PlanError::Empty => Text::new(
                "no retained message is known here: nothing to clear",
                "此处没有已知的保留消息，无需清除",
            ),
            PlanError::InvalidFilter { filter } => Text::new(
                format!("{filter} is not a valid topic filter"),
                format!("{filter} 不是有效的主题过滤器"),
            ),
            PlanError::Wildcard { topic } => Text::new(
                format!("{topic} holds a wildcard: a message cannot be published to it"),
                format!("{topic} 含有通配符，不能向其发布消息"),
            ),
            PlanError::InvalidTopic { topic } => Text::new(
                format!("{topic} is not a topic a message can be published to"),
                format!("{topic} 不是可以发布消息的主题"),
            ),
        }
    }
}
