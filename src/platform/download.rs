//! Saving text the console produced (exports) as a file.

use wasm_bindgen::JsCast;

/// Offers `text` as a file download named `filename`.
pub fn download(filename: &str, mime: &str, text: &str) {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    offer(filename, mime, &parts);
}

fn offer(filename: &str, mime: &str, parts: &js_sys::Array) {
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    if let Some(a) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.create_element("a").ok())
        .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    {
        a.set_href(&url);
        a.set_download(filename);
        a.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// Offers `parts`, joined, as a file download named `filename`; the parts are handed to the
/// browser as they are, never joined into one string in wasm memory.
pub fn download_parts(filename: &str, mime: &str, parts: &[String]) {
    let array = js_sys::Array::new();
    for part in parts {
        array.push(&wasm_bindgen::JsValue::from_str(part));
    }
    offer(filename, mime, &array);
}

/// Offers the resource at `url` (a `data:` URL, e.g. a canvas's PNG) as a download.
pub fn download_url(filename: &str, url: &str) {
    if let Some(a) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.create_element("a").ok())
        .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    {
        a.set_href(url);
        a.set_download(filename);
        a.click();
    }
}
