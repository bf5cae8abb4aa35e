//! The stores every view shares, handed down through the Leptos context: the language, the
//! connection, its device tools, the connect form and the topic drafts. Views import this file,
//! never the `App` that provides it, so no view depends on the page that holds it.

use leptos::prelude::*;

use crate::i18n::Lang;
use crate::store::device_tools::DeviceToolsStore;
use crate::store::workspace::{Slot, Workspace};
use crate::store::Connection;

pub use crate::store::workspace::TopicDrafts;

/// The theme chosen (`auto`, `light`, `dark`), in the context for views that draw with the
/// theme's colours (a chart's canvas reads them again when it changes).
#[derive(Clone, Copy)]
pub struct Theme(pub RwSignal<String>);

/// Everything a view needs from its surroundings; `provide` puts it in the Leptos context.
#[derive(Clone, Copy)]
pub struct Shell {
    /// Current language.
    pub lang: RwSignal<Lang>,
    /// The connection and its data.
    pub conn: Connection,
    /// Topic inputs shared with profiles.
    pub topics: TopicDrafts,
    /// The connect form, read by the topic template expansion.
    pub form: RwSignal<crate::model::ConnectForm>,
    /// The device tools of `conn`, and dynamic registration.
    pub tools: DeviceToolsStore,
    /// The connection shown, of which `conn`, `tools`, `form` and `topics` are parts.
    pub slot: Slot,
    /// Every open connection.
    pub workspace: Workspace,
}

impl Shell {
    /// The shell of `slot`, one of `workspace`'s connections.
    pub fn of(lang: RwSignal<Lang>, workspace: Workspace, slot: Slot) -> Shell {
        Shell {
            lang,
            conn: slot.conn,
            tools: slot.tools,
            topics: slot.topics,
            form: slot.form,
            slot,
            workspace,
        }
    }

    /// The shell provided by an ancestor (or, for a component mounted alone, a fresh workspace's
    /// first connection, placed in the context).
    pub fn get() -> Shell {
        use_context::<Shell>().unwrap_or_else(|| {
            let workspace = Workspace::fresh();
            let shell = Shell::of(RwSignal::new(Lang::En), workspace, workspace.current());
            provide_context(shell);
            shell
        })
    }

    /// A signal of the shown connection that outlives the panel reading it: switching to
    /// another connection and back finds what was typed.
    pub fn keep<T: Send + Sync + 'static>(
        &self,
        key: &'static str,
        init: impl FnOnce() -> T,
    ) -> RwSignal<T> {
        self.slot.drafts.keep(key, init)
    }

    /// Expands `${productKey}` / `${deviceName}` with the form's identity in Aliyun mode.
    pub fn expand_topic(&self, topic: &str) -> String {
        self.form.with_untracked(|f| match f.mode {
            crate::model::Mode::Aliyun => {
                crate::aliyun::expand_topic(topic, &f.product_key, &f.device_name)
            }
            crate::model::Mode::Generic => topic.to_owned(),
        })
    }
}
