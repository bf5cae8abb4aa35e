//! The publish collections under the publish form: save what the form holds as a named item
//! (for the connection's profile or for all), load an item back into the form, send it, delete
//! it. Loaded with its chunk the first time it is opened.

use leptos::prelude::*;

use super::repeat::Draft;
use super::shell::Shell;
use super::words::tr;
use crate::i18n::publishing::item_saved;
use crate::i18n::Text;
use crate::model::collection::{PublishItem, Saved, Scope};
use crate::model::publish_props::PublishPropsForm;
use crate::store::collections;

/// The publish form, which an item is saved from and loaded into.
#[derive(Clone, Copy)]
pub struct PublishForm {
    /// Payload, format, QoS, retain, and the MQTT 5 properties when the connection speaks it.
    pub draft: Draft,
    /// Topic as typed (an item keeps it so, placeholders unfilled).
    pub topic: RwSignal<String>,
    /// The MQTT 5 properties form, which a loaded item fills.
    pub props: RwSignal<PublishPropsForm>,
    /// Publishes what the form holds.
    pub send: Callback<()>,
}

/// The collections panel.
#[component]
pub fn CollectionsPanel(
    /// The publish form it saves from and loads into.
    form: PublishForm,
) -> impl IntoView {
    let shell = Shell::get();
    let lang = shell.lang;
    let revision = shell.workspace.collections;
    let profile = shell.keep("profile.chosen", String::new);
    let name = RwSignal::new(String::new());
    let for_profile = RwSignal::new(true);
    let said = RwSignal::new(None::<Result<String, Text>>);
    let stored = move || {
        revision.track();
        collections::load()
    };
    let scope = move || {
        let p = profile.get_untracked();
        if for_profile.get_untracked() && !p.is_empty() {
            Scope::Profile(p)
        } else {
            Scope::Global
        }
    };
    let change = move |f: &dyn Fn(
        &mut crate::model::collection::Collections,
    ) -> Result<Option<String>, Text>| {
        let outcome = collections::load().and_then(|mut c| {
            let message = f(&mut c)?;
            collections::store(&c)?;
            Ok(message)
        });
        match outcome {
            Ok(message) => {
                revision.update(|n| *n += 1);
                said.set(message.map(Ok));
            }
            Err(e) => said.set(Some(Err(e))),
        }
    };
    let save = move || {
        let item = PublishItem::new(
            &name.get_untracked(),
            form.topic.get_untracked(),
            form.draft.payload.get_untracked(),
            form.draft.format.get_untracked(),
            form.draft.qos.get_untracked(),
            form.draft.retain.get_untracked(),
            form.draft.props.run(()).as_ref(),
        );
        let item_name = item.name.clone();
        let l = lang.get_untracked();
        change(&|c| {
            use crate::i18n::Describe;
            c.save(&scope(), item.clone())
                .map(|s| Some(item_saved(l, &item_name, s == Saved::Replaced)))
                .map_err(|e| e.describe())
        });
    };
    let load = move |item: &PublishItem| {
        form.topic.set(item.topic.clone());
        form.draft.payload.set(item.payload.clone());
        form.draft.format.set(item.payload_format());
        form.draft.qos.set(item.qos);
        form.draft.retain.set(item.retain);
        if let Some(p) = &item.properties {
            form.props.set(p.form());
        }
        name.set(item.name.clone());
    };

    view! {
        <div class="collections-body">
            <div class="row">
                <input
                    data-testid="pub-item-name"
                    class="grow"
                    placeholder=tr(lang, |t| t.item_name)
                    prop:value=move || name.get()
                    on:input=move |ev| name.set(event_target_value(&ev))
                />
                <select
                    data-testid="pub-item-scope"
                    title=tr(lang, |t| t.item_scope)
                    on:change=move |ev| for_profile.set(event_target_value(&ev) == "profile")
                >
                    <option value="profile" disabled=move || profile.with(String::is_empty) prop:selected=move || for_profile.get() && !profile.with(String::is_empty)>
                        {move || format!("{}: {}", lang.get().t().item_scope_profile, profile.get())}
                    </option>
                    <option value="global" prop:selected=move || !for_profile.get() || profile.with(String::is_empty)>{tr(lang, |t| t.item_scope_global)}</option>
                </select>
                <button data-testid="pub-item-save" on:click=move |_| save()>{tr(lang, |t| t.item_save)}</button>
            </div>
            {move || said.get().map(|s| match s {
                Ok(m) => view! { <p class="muted small" data-testid="pub-item-notice">{m}</p> }.into_any(),
                Err(e) => view! { <p class="error" data-testid="pub-item-error">{e.get(lang.get()).to_owned()}</p> }.into_any(),
            })}
            {move || match stored() {
                Err(e) => view! { <p class="error" data-testid="pub-item-error">{e.get(lang.get()).to_owned()}</p> }.into_any(),
                Ok(c) => {
                    let offered = c.offered(Some(profile.get()).filter(|p| !p.is_empty()).as_deref());
                    if offered.is_empty() {
                        return view! { <p class="muted small">{tr(lang, |t| t.items_empty)}</p> }.into_any();
                    }
                    view! {
                        <ul class="items">
                            {offered.into_iter().map(|(scope, item)| {
                                let global = scope == Scope::Global;
                                let for_load = item.clone();
                                let for_send = item.clone();
                                let item_name = item.name.clone();
                                view! {
                                    <li data-testid="pub-item" data-name=item.name.clone() data-scope=if global { "global" } else { "profile" }>
                                        <b>{item.name.clone()}</b>
                                        <span class="muted small">{move || if global { lang.get().t().item_scope_global } else { lang.get().t().item_scope_profile }}</span>
                                        <code class="grow">{item.topic.clone()}</code>
                                        <button data-testid="pub-item-load" on:click=move |_| load(&for_load)>{tr(lang, |t| t.item_load)}</button>
                                        <button data-testid="pub-item-send" on:click=move |_| { load(&for_send); form.send.run(()); }>{tr(lang, |t| t.item_send)}</button>
                                        <button data-testid="pub-item-delete" on:click=move |_| {
                                            let scope = scope.clone();
                                            let item_name = item_name.clone();
                                            change(&|c| { c.remove(&scope, &item_name); Ok(None) });
                                        }>{tr(lang, |t| t.item_delete)}</button>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }
            }}
        </div>
    }
}
