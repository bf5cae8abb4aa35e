//! The open connections as tabs: name, status light, unread count; a new one, closing one,
//! renaming the one shown. What each control does is in [`crate::store::workspace`].

use leptos::prelude::*;

use super::chunk::chunk;
use super::words::tr;
use crate::i18n::{Lang, Text};
use crate::model::profiles::Profile;
use crate::model::workspace::{ConnId, Entry, RestoreError, SavedWorkspace, Workspace as Model};
use crate::store::workspace::{Workspace, WorkspaceFile};

/// The saved workspace's reader and writer, fetched the first time there is a file to read or
/// two connections to save.
pub const WORKSPACE_FILE: WorkspaceFile = WorkspaceFile {
    encode: |model, profiles, capacity| {
        Box::pin(async move { encode_workspace(model, profiles, capacity).await.ok() })
    },
    decode: |text| Box::pin(async move { decode_workspace(text).await.ok() }),
};

chunk! {
    fn encode_workspace(model: Model, profiles: Vec<Profile>, capacity: usize) -> String as workspace_file {
        SavedWorkspace::capture(&model, profiles, capacity).to_json()
    }
}

chunk! {
    fn decode_workspace(text: String) -> Result<SavedWorkspace, RestoreError> as workspace_file {
        SavedWorkspace::from_json(&text)
    }
}

/// The tab bar above the connection's panels.
#[component]
pub fn ConnectionTabs(
    /// Every open connection.
    workspace: Workspace,
    /// The page's language.
    lang: RwSignal<Lang>,
) -> impl IntoView {
    let current = Memo::new(move |_| workspace.model.with(|m| m.current()));
    let name_error = RwSignal::new(None::<Text>);
    let current_name = move || {
        workspace.model.with(|m| {
            m.get(current.get())
                .map(|e| e.name.clone())
                .unwrap_or_default()
        })
    };
    let rename = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        match workspace.rename(current.get_untracked(), &input.value()) {
            Ok(()) => name_error.set(None),
            Err(e) => {
                name_error.set(Some(e));
                // The name stays as it was; the refused text is in the message.
                input.set_value(&current_name());
            }
        }
    };
    view! {
        <nav class="connections" aria-label=tr(lang, |t| t.connections)>
            <div class="tabs-row" role="tablist">
                <For
                    each=move || workspace.entries()
                    key=|e| (e.id, e.name.clone(), e.color)
                    let:entry
                >
                    <ConnectionTab workspace entry current lang/>
                </For>
                <button
                    class="new-connection"
                    data-testid="connection-new"
                    title=tr(lang, |t| t.connection_new_title)
                    on:click=move |_| workspace.add()
                >
                    {tr(lang, |t| t.connection_new)}
                </button>
            </div>
            <label class="field inline connection-name">
                <span>{tr(lang, |t| t.connection_name)}</span>
                <input data-testid="connection-name" prop:value=current_name on:change=rename/>
            </label>
            {move || name_error.get().map(|e| view! {
                <p class="error" data-testid="connection-name-error">{e.get(lang.get()).to_owned()}</p>
            })}
            {move || workspace.error.get().map(|e| view! {
                <p class="error" data-testid="workspace-error">{e.get(lang.get()).to_owned()}</p>
            })}
        </nav>
    }
}

/// One connection's tab: click shows it; its close button disconnects and closes it.
#[component]
fn ConnectionTab(
    workspace: Workspace,
    entry: Entry,
    current: Memo<ConnId>,
    lang: RwSignal<Lang>,
) -> impl IntoView {
    let id = entry.id;
    let slot = workspace.slot(id);
    let shown = move || current.get() == id;
    let state = move || slot.map_or("disconnected", |s| s.conn.status.get().as_str());
    let unread = move || slot.map_or(0, |s| s.unread(shown()));
    let dropped = move || slot.map_or(0, |s| s.dropped());
    let title = move || {
        let t = lang.get().t();
        match dropped() {
            0 => String::new(),
            n => format!("{n} {}", t.dropped),
        }
    };
    view! {
        <div
            class=format!("connection-tab c{}", entry.color)
            role="tab"
            data-testid="connection-tab"
            data-name=entry.name.clone()
            data-state=state
            data-current=move || shown().to_string()
            aria-selected=move || shown().to_string()
            title=title
            on:click=move |_| workspace.select(id)
        >
            <span class="light" data-state=state></span>
            <span class="name">{entry.name.clone()}</span>
            {move || (unread() > 0).then(|| view! {
                <span class="unread" data-testid="connection-unread" title=tr(lang, |t| t.unread_title)>{unread()}</span>
            })}
            <button
                class="close"
                data-testid="connection-close"
                title=tr(lang, |t| t.connection_close)
                aria-label=tr(lang, |t| t.connection_close)
                on:click=move |ev| {
                    ev.stop_propagation();
                    workspace.close(id);
                }
            >
                "×"
            </button>
        </div>
    }
}
