//! The stores every view shares, handed down through the Leptos context: the language, the
//! connection, its device tools, the connect form and the topic drafts. Views import this file,
//! never the `App` that provides it, so no view depends on the page that holds it.

use leptos::prelude::*;

use crate::i18n::Lang;
use crate::store::device_tools::DeviceToolsStore;
use crate::store::Connection;

/// Topics offered by the publish and subscribe panels; a profile may preset them.
#[derive(Clone, Copy)]
pub struct TopicDrafts {
    /// The subscribe panel's filter.
    pub subscribe: RwSignal<String>,
    /// The publish panel's topic.
    pub publish: RwSignal<String>,
    /// The subscribe panel's MQTT 5 options for the next subscribe.
    pub subscribe_options: RwSignal<crate::model::subscriptions::SubscribeDraft>,
}

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
}

impl Shell {
    /// A fresh shell in `lang`, placed in the context for every child view.
    pub fn provide(lang: Lang) -> Shell {
        let conn = Connection::new();
        let shell = Shell {
            lang: RwSignal::new(lang),
            conn,
            tools: DeviceToolsStore::new(conn),
            topics: TopicDrafts {
                subscribe: RwSignal::new(String::new()),
                publish: RwSignal::new(String::new()),
                subscribe_options: RwSignal::new(Default::default()),
            },
            form: RwSignal::new(crate::model::ConnectForm::default()),
        };
        provide_context(shell);
        shell
    }

    /// The shell provided by an ancestor (or a fresh one, so a component mounted alone works).
    pub fn get() -> Shell {
        use_context::<Shell>().unwrap_or_else(|| Shell::provide(Lang::En))
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
