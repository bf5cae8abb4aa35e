//! Words for the parts of the console that are fetched the first time they are used.

use super::Lang;

/// "Loading device tools…" while the part's code is on its way.
pub fn loading(lang: Lang, part: &str) -> String {
    match lang {
        Lang::En => format!("Loading {part}…"),
        Lang::Zh => format!("正在加载{part}…"),
    }
}

/// Why the part is not shown: its code could not be fetched (offline before it was ever
/// cached, or the deployment changed under the page).
pub fn failed(lang: Lang, part: &str) -> String {
    match lang {
        Lang::En => format!(
            "{part} could not be loaded: the browser could not fetch its code (offline, or a newer \
             version was deployed; reloading the page fixes the latter). Nothing you typed is lost."
        ),
        Lang::Zh => format!(
            "无法加载{part}：浏览器未能获取这部分代码（可能已离线，或已部署了新版本，后者刷新页面即可）。\
             已输入的内容不会丢失。"
        ),
    }
}

/// The button that tries again.
pub fn retry(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "Try again",
        Lang::Zh => "重试",
    }
}

/// [`failed`] in both languages, for a part named by its label.
pub fn failed_text(label: fn(&super::Strings) -> &'static str) -> super::Text {
    super::Text::new(
        failed(Lang::En, label(Lang::En.t())),
        failed(Lang::Zh, label(Lang::Zh.t())),
    )
}
