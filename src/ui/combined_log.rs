//! The combined log: the newest messages of every open connection in one list, each marked
//! with its connection's name and colour. Its code is a chunk, fetched when first turned on.

use leptos::prelude::*;

use super::chunk::chunk;
use super::message_text::{clock_time, preview};
use crate::i18n::Lang;
use crate::model::payload::PayloadFormat;
use crate::model::workspace::{merge_recent, newest};
use crate::store::workspace::Workspace;

/// How many messages the combined list shows (the newest across all connections); each
/// connection's own log keeps its full share.
pub const COMBINED_ROWS: usize = 500;

/// One row of the combined list.
#[derive(Clone, PartialEq)]
struct Row {
    key: (u32, u64),
    connection: String,
    color: usize,
    time: String,
    direction: &'static str,
    topic: String,
    qos: u8,
    payload: String,
}

chunk! {
    pub fn combined_log(workspace: Workspace, lang: RwSignal<Lang>) -> AnyView as combined_log {
        view! { <CombinedLog workspace lang/> }.into_any()
    }
}

/// The newest [`COMBINED_ROWS`] messages of all open connections, oldest first.
#[component]
fn CombinedLog(workspace: Workspace, lang: RwSignal<Lang>) -> impl IntoView {
    let rows = Memo::new(move |_| {
        let tabs = workspace.tabs();
        for (_, slot) in &tabs {
            slot.conn.log.version.track();
        }
        let mut out = Vec::new();
        let lists = tabs
            .iter()
            .map(|(_, slot)| slot.conn.log.with(|log, _| newest(log, COMBINED_ROWS)))
            .collect();
        for (i, e) in merge_recent(lists, COMBINED_ROWS) {
            let (entry, _) = &tabs[i];
            out.push(Row {
                key: (entry.id, e.seq),
                connection: entry.name.clone(),
                color: entry.color,
                time: clock_time(e.time_ms),
                direction: e.direction.as_str(),
                topic: e.topic.clone(),
                qos: e.qos,
                payload: preview(&e.payload, PayloadFormat::Text),
            });
        }
        out
    });
    view! {
        <p class="muted small" data-testid="log-combined-note">
            {move || crate::i18n::workspace::combined_note(lang.get(), COMBINED_ROWS)}
        </p>
        <ol class="messages combined" data-testid="message-list" data-count=move || rows.with(Vec::len).to_string()>
            <For each=move || rows.get() key=|r| r.key let:row>
                <li
                    class=format!("msg combined-row {} c{}", row.direction, row.color)
                    data-testid="message"
                    data-direction=row.direction
                    data-topic=row.topic.clone()
                    data-qos=row.qos.to_string()
                    data-connection=row.connection.clone()
                >
                    <div class="meta">
                        <span class="conn-name">{row.connection.clone()}</span>
                        <span>{row.time.clone()}</span>
                        <span>{if row.direction == "in" { "▼" } else { "▲" }}</span>
                        <span class="topic">{row.topic.clone()}</span>
                        <span class="badge">{format!("QoS {}", row.qos)}</span>
                    </div>
                    <div class="payload" data-testid="message-payload">{row.payload.clone()}</div>
                </li>
            </For>
        </ol>
    }
}
