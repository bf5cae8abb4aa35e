//! Several connections open at once: one [`Slot`] per connection (its session, log, device
//! tools, connect form, topics and the drafts its panels keep), the [`Workspace`] model deciding
//! names, order and which one is shown, and the saved workspace in `localStorage`.
//!
//! Every slot's signals live under an owner of its own, not under the views that show them, so
//! a connection keeps running (keepalive, reconnects, QoS 1/2 flows, its log) while another is
//! shown, and switching back finds everything as it was left.

use std::any::Any;
use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;

use leptos::prelude::*;

use super::device_tools::DeviceToolsStore;
use super::Connection;
use crate::i18n::{Describe, Text};
use crate::model::decoding::DecoderSettings;
use crate::model::log::DEFAULT_CAPACITY;
use crate::model::profiles::Profile;
use crate::model::subscriptions::SubscribeDraft;
use crate::model::workspace::{
    unread, ConnId, Entry, RestoreError, SavedWorkspace, Workspace as Model,
};
use crate::model::ConnectForm;
use crate::platform::storage;
use crate::store::decoding::Decoding;

/// The `localStorage` key of the saved workspace.
pub const WORKSPACE_KEY: &str = "mqtt-console.workspace";

/// Topics offered by the publish and subscribe panels; a profile may preset them.
#[derive(Clone, Copy)]
pub struct TopicDrafts {
    /// The subscribe panel's filter.
    pub subscribe: RwSignal<String>,
    /// The publish panel's topic.
    pub publish: RwSignal<String>,
    /// The subscribe panel's MQTT 5 options for the next subscribe.
    pub subscribe_options: RwSignal<SubscribeDraft>,
    /// The decoder bindings and `.proto` files (the connection's [`Decoding`] settings).
    pub decoders: RwSignal<DecoderSettings>,
}

/// What a connection's panels keep while another connection is shown (a typed payload, the log
/// filter, …): signals owned by the connection, found again by name when its panels come back.
#[derive(Clone, Copy)]
pub struct Drafts {
    kept: StoredValue<HashMap<&'static str, Box<dyn Any>>, LocalStorage>,
    owner: StoredValue<Owner, LocalStorage>,
}

impl Drafts {
    fn new(owner: Owner) -> Drafts {
        Drafts {
            kept: StoredValue::new_local(HashMap::new()),
            owner: StoredValue::new_local(owner),
        }
    }

    /// The connection's signal named `key`, made from `init` the first time.
    pub fn keep<T: Send + Sync + 'static>(
        &self,
        key: &'static str,
        init: impl FnOnce() -> T,
    ) -> RwSignal<T> {
        let found = self.kept.with_value(|k| {
            k.get(key)
                .and_then(|b| b.downcast_ref::<RwSignal<T>>())
                .copied()
        });
        if let Some(signal) = found {
            return signal;
        }
        let signal = self.owner.with_value(|o| o.with(|| RwSignal::new(init())));
        self.kept.update_value(|k| {
            k.insert(key, Box::new(signal));
        });
        signal
    }
}

/// One open connection and everything that belongs to it.
#[derive(Clone, Copy)]
pub struct Slot {
    /// The workspace's id of this connection.
    pub id: ConnId,
    /// The session, its log and status.
    pub conn: Connection,
    /// Its device tools and dynamic registration.
    pub tools: DeviceToolsStore,
    /// Its connect form.
    pub form: RwSignal<ConnectForm>,
    /// Its subscribe and publish topics.
    pub topics: TopicDrafts,
    /// Its payload decoders.
    pub decoding: Decoding,
    /// What its panels keep while it is not shown.
    pub drafts: Drafts,
    /// Whether the profile bar should fill this connection's form with the last used (or the
    /// first demo) profile when it first appears: only the page's first connection, and only
    /// when no workspace was restored.
    pub prefill: StoredValue<bool>,
    /// How many messages it had received when it was last shown.
    seen: RwSignal<u64>,
    owner: StoredValue<Owner, LocalStorage>,
}

impl Slot {
    fn new(id: ConnId, form: ConnectForm, prefill: bool) -> Slot {
        let owner = Owner::new();
        owner.clone().with(|| {
            let conn = Connection::new();
            let decoding = Decoding::new(conn.log);
            Slot {
                id,
                conn,
                tools: DeviceToolsStore::new(conn),
                form: RwSignal::new(form),
                topics: TopicDrafts {
                    subscribe: RwSignal::new(String::new()),
                    publish: RwSignal::new(String::new()),
                    subscribe_options: RwSignal::new(Default::default()),
                    decoders: decoding.settings,
                },
                decoding,
                drafts: Drafts::new(owner.clone()),
                prefill: StoredValue::new(prefill),
                seen: RwSignal::new(0),
                owner: StoredValue::new_local(owner.clone()),
            }
        })
    }

    /// Messages received while it was not shown (0 for the one shown).
    pub fn unread(&self, shown: bool) -> u64 {
        if shown {
            return 0;
        }
        self.conn.log.version.track();
        let received = self.conn.log.with(|log, _| log.received());
        unread(received, self.seen.get())
    }

    /// Messages its log dropped to stay within its share of the capacity.
    pub fn dropped(&self) -> u64 {
        self.conn.log.version.track();
        self.conn.log.with(|log, _| log.dropped())
    }

    fn mark_seen(&self) {
        let received = self.conn.log.with(|log, _| log.received());
        self.seen.set(received);
    }

    /// The connection's form and topics as a profile (named by the caller).
    fn profile(&self) -> Profile {
        Profile {
            name: String::new(),
            form: self.form.get(),
            subscribe: Some(self.topics.subscribe.get()).filter(|s| !s.is_empty()),
            publish: Some(self.topics.publish.get()).filter(|s| !s.is_empty()),
            subscribe_options: self.topics.subscribe_options.get(),
            decoders: self.topics.decoders.get(),
        }
    }

    fn fill(&self, profile: &Profile) {
        self.form.set(profile.form.clone());
        if let Some(t) = &profile.subscribe {
            self.topics.subscribe.set(t.clone());
        }
        if let Some(t) = &profile.publish {
            self.topics.publish.set(t.clone());
        }
        self.topics
            .subscribe_options
            .set(profile.subscribe_options.clone());
        self.topics.decoders.set(profile.decoders.clone());
    }
}

/// A future the workspace file's reader or writer returns; `None` when its code could not be
/// fetched.
pub type Pending<T> = Pin<Box<dyn Future<Output = Option<T>>>>;

/// Writes and reads the saved workspace. The file's code (serde for every field of a profile) is
/// not part of the first load: the views hand over functions that fetch it when first needed.
#[derive(Clone, Copy)]
pub struct WorkspaceFile {
    /// The file's text for these connections (secrets removed).
    pub encode: fn(Model, Vec<Profile>, usize) -> Pending<String>,
    /// The saved workspace in a file's text, or why it cannot be restored.
    pub decode: fn(String) -> Pending<Result<SavedWorkspace, RestoreError>>,
}

/// The open connections: `Copy`, provided once for the whole page.
#[derive(Clone, Copy)]
pub struct Workspace {
    /// Names, order, colours and which one is shown.
    pub model: RwSignal<Model>,
    /// The log capacity of the whole workspace, shared equally by the open connections.
    pub log_capacity: RwSignal<usize>,
    /// Why the last action on the workspace was refused, or why the saved one was not restored.
    pub error: RwSignal<Option<Text>>,
    /// The log shows every connection's newest messages together.
    pub combined: RwSignal<bool>,
    /// Counts changes of the stored publish collections (saved from a publish panel, imported
    /// with profiles), so every panel showing them reads them again.
    pub collections: RwSignal<u32>,
    slots: StoredValue<Vec<Slot>, LocalStorage>,
}

impl Workspace {
    /// One connection, then the connections open last time when several were saved: their file
    /// is read by `file.decode` (a chunk, fetched only when there is such a file), and every
    /// change is saved through `file.encode` while two or more are open.
    pub fn start(file: WorkspaceFile) -> Workspace {
        let saved = storage::load(WORKSPACE_KEY);
        let model = Model::default();
        // With a saved workspace to restore, the first connection is not filled from the last
        // used profile (the restored forms take its place).
        let first = Slot::new(model.current(), ConnectForm::default(), saved.is_none());
        let ws = Workspace {
            model: RwSignal::new(model),
            log_capacity: RwSignal::new(DEFAULT_CAPACITY),
            error: RwSignal::new(None),
            combined: RwSignal::new(false),
            collections: RwSignal::new(0),
            slots: StoredValue::new_local(vec![first]),
        };
        ws.share_capacity();
        if let Some(text) = saved {
            leptos::task::spawn_local(async move {
                match (file.decode)(text).await {
                    Some(Ok(saved)) => {
                        ws.restored(saved);
                        ws.keep_saved(file);
                    }
                    Some(Err(e)) => {
                        ws.error.set(Some(e.describe()));
                        first.prefill.set_value(true);
                        ws.keep_saved(file);
                    }
                    // The reader could not be fetched (offline before it was ever cached).
                    None => first.prefill.set_value(true),
                }
            });
        } else {
            ws.keep_saved(file);
        }
        ws
    }

    /// Replaces the page's first connection by the restored ones.
    fn restored(&self, saved: SavedWorkspace) {
        // New ids, so the views of the first connection are replaced, not reused.
        let model = saved.workspace(self.model.with_untracked(Model::next_id));
        let slots: Vec<Slot> = model
            .entries()
            .iter()
            .zip(&saved.connections)
            .map(|(e, c)| {
                let slot = Slot::new(e.id, ConnectForm::default(), false);
                slot.fill(&c.profile);
                slot
            })
            .collect();
        let old = self.slots.with_value(|s| s.clone());
        self.slots.set_value(slots);
        self.log_capacity
            .set(saved.log_capacity.unwrap_or(DEFAULT_CAPACITY).max(1));
        self.model.set(model);
        self.share_capacity();
        crate::platform::timers::next_task(move || {
            for slot in old {
                slot.owner.with_value(|o| o.cleanup());
            }
        });
    }

    /// One connection, nothing read or saved (a component mounted alone, in a test).
    pub fn fresh() -> Workspace {
        let model = Model::default();
        let first = Slot::new(model.current(), ConnectForm::default(), true);
        Workspace {
            model: RwSignal::new(model),
            log_capacity: RwSignal::new(DEFAULT_CAPACITY),
            error: RwSignal::new(None),
            combined: RwSignal::new(false),
            collections: RwSignal::new(0),
            slots: StoredValue::new_local(vec![first]),
        }
    }

    /// The slot of `id`, if it is open.
    pub fn slot(&self, id: ConnId) -> Option<Slot> {
        self.slots
            .with_value(|s| s.iter().find(|s| s.id == id).copied())
    }

    /// The slot shown (tracks which one it is).
    pub fn current(&self) -> Slot {
        let id = self.model.with(Model::current);
        self.slot(id)
            .or_else(|| self.slots.with_value(|s| s.first().copied()))
            .unwrap_or_else(|| Slot::new(id, ConnectForm::default(), false))
    }

    /// Every open connection with its tab (name, colour), in tab order (tracks the tabs).
    pub fn tabs(&self) -> Vec<(Entry, Slot)> {
        self.model.with(|m| {
            m.entries()
                .iter()
                .filter_map(|e| self.slot(e.id).map(|s| (e.clone(), s)))
                .collect()
        })
    }

    /// Every open connection's session, in tab order.
    pub fn connections(&self) -> Vec<Connection> {
        self.slots
            .with_value(|s| s.iter().map(|s| s.conn).collect())
    }

    /// The open connections in tab order, with their names and colours (tracked).
    pub fn entries(&self) -> Vec<Entry> {
        self.model.with(|m| m.entries().to_vec())
    }

    /// Opens a new connection with an empty form and shows it.
    pub fn add(&self) {
        let before = self.model.with_untracked(Model::current);
        let mut model = self.model.get_untracked();
        match model.add("") {
            Ok(id) => {
                let slot = Slot::new(id, ConnectForm::default(), false);
                self.slots.update_value(|s| s.push(slot));
                self.leave(before);
                self.error.set(None);
                self.model.set(model);
                self.share_capacity();
            }
            Err(e) => self.error.set(Some(e.describe())),
        }
    }

    /// Shows `id`.
    pub fn select(&self, id: ConnId) {
        let before = self.model.with_untracked(Model::current);
        if before == id {
            return;
        }
        let mut model = self.model.get_untracked();
        match model.select(id) {
            Ok(()) => {
                self.leave(before);
                self.model.set(model);
            }
            Err(e) => self.error.set(Some(e.describe())),
        }
    }

    /// Renames `id`; a refused name is explained and the old one stays.
    pub fn rename(&self, id: ConnId, name: &str) -> Result<(), Text> {
        let mut model = self.model.get_untracked();
        model.rename(id, name).map_err(|e| e.describe())?;
        self.model.set(model);
        Ok(())
    }

    /// Disconnects and closes `id`; its views go first, then its signals.
    pub fn close(&self, id: ConnId) {
        let Some(slot) = self.slot(id) else {
            return;
        };
        let mut model = self.model.get_untracked();
        let fresh = match model.close(id) {
            Ok(fresh) => fresh,
            Err(e) => return self.error.set(Some(e.describe())),
        };
        slot.conn.disconnect();
        self.slots.update_value(|s| {
            s.retain(|s| s.id != id);
            if let Some(fresh) = fresh {
                s.push(Slot::new(fresh, ConnectForm::default(), false));
            }
        });
        self.model.set(model);
        self.share_capacity();
        // The views showing it are taken down by the update just scheduled; dispose of its
        // signals only after that, so no view reads a disposed signal.
        crate::platform::timers::next_task(move || {
            slot.owner.with_value(|o| o.cleanup());
        });
    }

    /// Sets the log capacity of the whole workspace.
    pub fn set_log_capacity(&self, total: usize) {
        self.log_capacity.set(total.max(1));
        self.share_capacity();
    }

    fn share_capacity(&self) {
        let share = self
            .model
            .with_untracked(|m| m.log_share(self.log_capacity.get_untracked()));
        self.slots
            .with_value(|s| s.iter().for_each(|s| s.conn.log.set_capacity(share)));
    }

    /// The connection shown until now is left: what it received so far counts as seen.
    fn leave(&self, id: ConnId) {
        if let Some(slot) = self.slot(id) {
            slot.mark_seen();
        }
    }

    /// Saves the open connections (never a secret) whenever one is added, closed, renamed or
    /// its form or topics change, while two or more are open; one connection alone is the
    /// profile bar's business, and no file is kept for it.
    fn keep_saved(&self, file: WorkspaceFile) {
        let this = *self;
        Effect::new(move |_| {
            let model = this.model.get();
            // One connection alone tracks only the tabs: its keystrokes cost nothing here.
            if model.entries().len() < 2 {
                storage::remove(WORKSPACE_KEY);
                return;
            }
            let capacity = this.log_capacity.get();
            let profiles: Vec<Profile> = this
                .slots
                .with_value(|s| s.iter().map(Slot::profile).collect());
            leptos::task::spawn_local(async move {
                // A full or missing storage only means the workspace is not restored next time.
                if let Some(json) = (file.encode)(model, profiles, capacity).await {
                    if this.model.with_untracked(|m| m.entries().len()) > 1 {
                        let _ = storage::save(WORKSPACE_KEY, &json);
                    }
                }
            });
        });
    }
}
