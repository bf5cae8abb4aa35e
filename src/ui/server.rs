//! What the server of the current connection offers (its CONNACK capabilities), and what it
//! said when it ended the link or answered a publish with a reason. The rows come from
//! `model::capability`, their words from `i18n::capability`.

use leptos::prelude::*;

use super::words::tr;

use super::chunk::{chunk, Deferred};
use super::shell::Shell;
use crate::i18n::{capability, reason, Describe};
use crate::model::capability::capability_rows;
use crate::mqtt::ProtocolVersion;

/// The capabilities panel: one `server-capability` row per CONNACK property on MQTT 5, a short
/// note on MQTT 3.1.1 (whose capabilities are fixed), and a hint before any CONNACK.
#[component]
pub fn ServerPanel(
    /// Whether the list is unfolded: it is while the connection's settings are shown, and
    /// folds with them into one line.
    open: Signal<bool>,
) -> impl IntoView {
    let Shell { lang, conn, .. } = Shell::get();
    let body = move || match conn.server.with(Option::is_some) {
        false => {
            view! { <p class="muted small">{tr(lang, |t| t.server_not_connected)}</p> }.into_any()
        }
        true => view! { <Deferred label=|t| t.server_capabilities load=server_body/> }.into_any(),
    };
    view! {
        <details class="server" data-testid="server-capabilities" prop:open=move || open.get()>
            <summary>{tr(lang, |t| t.server_capabilities)}</summary>
            {body}
        </details>
    }
}

chunk! {
    fn server_body() -> AnyView as server_capabilities {
        view! { <ServerBody/> }.into_any()
    }
}

/// The capabilities of the server now connected.
#[component]
fn ServerBody() -> impl IntoView {
    let Shell { lang, conn, .. } = Shell::get();
    let body = move || match conn.server.get() {
        None => {
            view! { <p class="muted small">{tr(lang, |t| t.server_not_connected)}</p> }.into_any()
        }
        Some(server) if server.version == ProtocolVersion::V311 => view! {
            <p class="muted small" data-testid="server-fixed">{tr(lang, |t| t.server_fixed_311)}</p>
        }
        .into_any(),
        Some(server) => {
            let rows = capability_rows(&server.capabilities);
            view! {
                <dl class="capabilities">
                    {rows.into_iter().map(|(cap, value)| {
                        let label = cap.describe();
                        let explain = capability::explain(cap);
                        let shown = value.clone();
                        view! {
                            <div
                                class="capability"
                                data-testid="server-capability"
                                data-name=cap.kebab_name()
                                data-value=value
                                title=move || explain.get(lang.get()).to_owned()
                            >
                                <dt>{move || label.get(lang.get()).to_owned()}</dt>
                                <dd>{shown}</dd>
                            </div>
                        }
                    }).collect_view()}
                </dl>
            }
            .into_any()
        }
    };
    body
}

/// For the status area: the reason code and string of a DISCONNECT the server sent (MQTT 5).
#[component]
pub fn ServerSaid() -> impl IntoView {
    let Shell { lang, conn, .. } = Shell::get();
    view! {
        {move || conn.disconnect_reason.get().map(|said| {
            let code = said.reason;
            let string = said.reason_string.clone().unwrap_or_default();
            let short = reason::short(code);
            view! {
                <span
                    class="error"
                    data-testid="disconnect-reason"
                    data-reason-code=code.as_u8().to_string()
                    data-reason-string=string.clone()
                >
                    {tr(lang, |t| t.server_disconnected)} " " {move || short.get(lang.get()).to_owned()}
                    {(!string.is_empty()).then(|| format!(" \u{201c}{string}\u{201d}"))}
                </span>
            }
        })}
    }
}
