//! Every word the user reads, 中文 and English: the label table ([`Strings`]) and, per area, the
//! [`Describe`] translations of the typed errors and states the layers below produce. No other
//! file of `src/` holds Chinese text. It compiles without the `ui` feature so the emulator can
//! word the core's errors too.
//!
//! 中文 and English labels. Protocol words (ProductKey, DeviceName, QoS, …) stay as the Aliyun
//! console writes them in both languages, so tutorials match the screen.

mod aliyun;
#[cfg(feature = "ui")]
pub mod capability;
#[cfg(feature = "ui")]
pub mod chart;
#[cfg(feature = "ui")]
pub mod chunk;
// Binary payloads (CBOR, MessagePack) that do not decode.
#[cfg(feature = "ui")]
mod codec;
#[cfg(feature = "ui")]
pub mod decoding;
#[cfg(feature = "ui")]
mod device_tools;
#[cfg(feature = "ui")]
mod form;
mod labels;
#[cfg(feature = "ui")]
pub mod link;
#[cfg(feature = "ui")]
mod message_props;
mod mqtt;
#[cfg(feature = "ui")]
mod payload;
#[cfg(feature = "ui")]
mod platform;
#[cfg(feature = "ui")]
mod profile_notes;
#[cfg(feature = "ui")]
mod profiles;
// Protobuf: .proto files, payloads and JSON that do not fit.
#[cfg(feature = "ui")]
mod protobuf;
#[cfg(feature = "ui")]
pub mod publishing;
pub mod reason;
// Recording messages to a file and replaying it.
#[cfg(feature = "ui")]
pub mod recording;
#[cfg(feature = "ui")]
pub mod server;
// Sparkplug B messages that do not decode, and what the tracker notices.
#[cfg(feature = "ui")]
mod sparkplug;
#[cfg(feature = "ui")]
pub mod update;
// Several connections: tabs, names, the saved workspace.
#[cfg(feature = "ui")]
pub mod workspace;

#[cfg(feature = "ui")]
pub mod connection;

pub use labels::Strings;
use labels::{EN, ZH};

/// The UI language.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Simplified Chinese.
    Zh,
}

impl Lang {
    /// Picks 中文 for any `zh*` browser language, English otherwise.
    pub fn from_browser(tag: &str) -> Lang {
        if tag.to_ascii_lowercase().starts_with("zh") {
            Lang::Zh
        } else {
            Lang::En
        }
    }

    /// The other language, for the switch.
    pub fn toggled(self) -> Lang {
        match self {
            Lang::En => Lang::Zh,
            Lang::Zh => Lang::En,
        }
    }

    /// The `lang` attribute of the page.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh-CN",
        }
    }

    /// Every label in this language.
    pub fn t(self) -> &'static Strings {
        match self {
            Lang::En => &EN,
            Lang::Zh => &ZH,
        }
    }
}

/// A message in both languages, for errors built before the UI knows which one to show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Text {
    /// English.
    pub en: String,
    /// Simplified Chinese.
    pub zh: String,
}

impl Text {
    /// A message in both languages.
    pub fn new(en: impl Into<String>, zh: impl Into<String>) -> Text {
        Text {
            en: en.into(),
            zh: zh.into(),
        }
    }

    /// The message in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Zh => &self.zh,
        }
    }
}

/// A value the UI shows in words: an error, a status, a reason code. Implementations live in
/// this folder, one file per area, and match every variant with both languages side by side
/// (`Text::new(en, zh)`), so a variant without its translation does not compile.
pub trait Describe {
    /// What to tell the user, in English and Chinese.
    fn describe(&self) -> Text;
}

#[cfg(test)]
mod tests {
    use super::Lang;

    #[test]
    fn browser_language_picks_chinese_for_any_zh_tag() {
        assert_eq!(Lang::from_browser("zh-CN"), Lang::Zh);
        assert_eq!(Lang::from_browser("zh-TW"), Lang::Zh);
        assert_eq!(Lang::from_browser("en-US"), Lang::En);
        assert_eq!(Lang::En.toggled().toggled(), Lang::En);
    }
}
