//! How a message reads in a list row: its time of day and a one-line payload preview, shared
//! by the connection's log and the combined log.

use crate::model::payload::{render, PayloadFormat};

/// Bytes of a payload a row previews; the detail pane shows all of it.
const PREVIEW_BYTES: usize = 1024;

/// A one-line preview of at most [`PREVIEW_BYTES`] of the payload.
pub fn preview(payload: &[u8], format: PayloadFormat) -> String {
    let cut = payload.len().min(PREVIEW_BYTES);
    let head = &payload[..cut];
    // A cut inside a UTF-8 character would turn a text payload into hex; back off to a boundary.
    let head = match std::str::from_utf8(head) {
        Err(e) if e.error_len().is_none() && format == PayloadFormat::Text => {
            &head[..e.valid_up_to()]
        }
        _ => head,
    };
    let shown = match format {
        // Pretty JSON spans lines; a row shows the payload as sent.
        PayloadFormat::Json => render(head, PayloadFormat::Text),
        f => render(head, f),
    };
    let one_line = shown.replace(['\r', '\n'], "↵");
    if cut < payload.len() {
        format!("{one_line}… ({} bytes)", payload.len())
    } else {
        one_line
    }
}

/// Local time of day with milliseconds, e.g. `14:03:07.125`.
pub fn clock_time(ms: f64) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms));
    format!(
        "{:02}:{:02}:{:02}.{:03}",
        d.get_hours(),
        d.get_minutes(),
        d.get_seconds(),
        d.get_milliseconds()
    )
}
