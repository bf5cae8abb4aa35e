//! The last resort: a panic anywhere in the app becomes a banner in the page instead of a tab
//! that silently stops answering.
//!
//! The release build aborts on panic, so after the hook the app is dead; the banner says so and
//! asks for a reload. It is built with plain DOM calls, not with Leptos: the panic may have
//! happened inside the reactive runtime, which must not be entered again.

use crate::i18n::{Lang, Text};

/// The `data-testid` of the banner; end-to-end tests fail when it appears.
pub const FATAL_ERROR_TESTID: &str = "fatal-error";

/// Installs the panic hook: the panic goes to the browser's log (with its location, through
/// `console_error_panic_hook`) and into the page as the `fatal-error` banner.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show_fatal_error(&info.to_string());
    }));
}

/// The banner's heading in both languages.
pub fn fatal_heading() -> Text {
    Text::new(Lang::En.t().fatal_heading, Lang::Zh.t().fatal_heading)
}

/// Puts the `fatal-error` banner at the top of the page (once; a later panic adds its message).
pub fn show_fatal_error(message: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let lang = document
        .document_element()
        .and_then(|root| root.get_attribute("lang"))
        .map(|tag| Lang::from_browser(&tag))
        .unwrap_or_default();
    let selector = format!("[data-testid=\"{FATAL_ERROR_TESTID}\"]");
    let banner = match document.query_selector(&selector).ok().flatten() {
        Some(existing) => existing,
        None => {
            let Ok(banner) = document.create_element("div") else {
                return;
            };
            let _ = banner.set_attribute("data-testid", FATAL_ERROR_TESTID);
            let _ = banner.set_attribute("role", "alert");
            banner.set_class_name("fatal-error");
            if let Ok(heading) = document.create_element("strong") {
                heading.set_text_content(Some(fatal_heading().get(lang)));
                let _ = banner.append_child(&heading);
            }
            let parent = document
                .body()
                .map(web_sys::Node::from)
                .or_else(|| document.document_element().map(web_sys::Node::from));
            let Some(parent) = parent else {
                return;
            };
            let _ = parent.insert_before(&banner, parent.first_child().as_ref());
            banner
        }
    };
    if let Ok(line) = document.create_element("pre") {
        line.set_text_content(Some(message));
        let _ = banner.append_child(&line);
    }
}
