//! Links that open a connection: the share button beside the profile bar, and the panel at the
//! top of the page that shows what an opened link will do. What each control does is in
//! [`crate::store::link`]; this file only draws it.

use leptos::prelude::*;

use super::chunk::{chunk, Deferred};
use super::shell::Shell;
use crate::i18n::link::LinkLabel;
use crate::i18n::{Describe, Lang};
use crate::model::profiles::LinkSummary;
use crate::store::link::Links;
use crate::store::profiles::{Profiles, Targets};

fn links(shell: Shell) -> Links {
    Links::get_or_provide(Targets {
        form: shell.form,
        subscribe: shell.topics.subscribe,
        publish: shell.topics.publish,
        subscribe_options: shell.topics.subscribe_options,
        decoders: shell.topics.decoders,
    })
}

fn word(lang: RwSignal<Lang>, label: LinkLabel) -> impl Fn() -> String + Copy {
    move || label.describe().get(lang.get()).to_owned()
}

/// The share button: the connect form (with the profile bar's name and the topics) as a link
/// without secrets, shown in full and copied.
#[component]
pub fn ShareLink(profiles: Profiles) -> impl IntoView {
    let shell = Shell::get();
    let lang = shell.lang;
    let links = links(shell);
    links.attach(profiles);
    view! {
        <div class="row share-link">
            <button data-testid="share-link" on:click=move |_| links.share(&profiles.current())>
                {word(lang, LinkLabel::CopyLink)}
            </button>
            <Show when=move || links.url.with(|u| !u.is_empty())>
                <input
                    class="grow"
                    data-testid="share-link-url"
                    readonly
                    aria-label=word(lang, LinkLabel::LinkField)
                    prop:value=move || links.url.get()
                    on:focus=move |ev| {
                        let input: web_sys::HtmlInputElement = event_target(&ev);
                        input.select();
                    }
                />
            </Show>
        </div>
        {move || links.note.get().map(|n| {
            let class = if links.note_is_error.get() { "error" } else { "notice" };
            view! { <p class=class data-testid="share-link-note">{n.get(lang.get()).to_owned()}</p> }
        })}
    }
}

/// One line of the summary, as `label: value`.
fn line(lang: Lang, label: LinkLabel, value: &str) -> String {
    label.with(value).get(lang).to_owned()
}

fn summary_lines(s: &LinkSummary, lang: Lang) -> Vec<String> {
    let mut lines = Vec::new();
    if !s.name.is_empty() {
        lines.push(line(lang, LinkLabel::Name, &s.name));
    }
    lines.push(s.target.describe().get(lang).to_owned());
    lines.push(line(
        lang,
        LinkLabel::ClientId,
        s.client_id.describe().get(lang),
    ));
    lines.push(line(lang, LinkLabel::Protocol, &s.protocol_version));
    if let Some(t) = &s.subscribe {
        lines.push(line(lang, LinkLabel::SubscribeTopic, t));
    }
    if let Some(t) = &s.publish {
        lines.push(line(lang, LinkLabel::PublishTopic, t));
    }
    lines.push(s.secret.describe().get(lang).to_owned());
    lines
}

/// Where a link the page was opened with is shown. Reading and checking it, and the panel that
/// shows what it will do, are a chunk: fetched only when the address carries a link.
#[component]
pub fn LinkOffer() -> impl IntoView {
    let links = links(Shell::get());
    // Stays once a link came, so applying or dismissing it does not unmount the panel's code.
    let came = RwSignal::new(false);
    Effect::new(move |_| {
        if links.pending.with(Option::is_some) {
            came.set(true);
        }
    });
    move || {
        came.get()
            .then(|| view! { <Deferred label=|t| t.part_link load=link_panel/> })
    }
}

chunk! {
    fn link_panel() -> AnyView as link_offer {
        view! { <LinkPanel/> }.into_any()
    }
}

/// What an opened link will do, waiting for the user's click; or why it was refused.
#[component]
fn LinkPanel() -> impl IntoView {
    let shell = Shell::get();
    let lang = shell.lang;
    let links = links(shell);
    Effect::new(move |_| {
        if links.pending.with(Option::is_some) {
            links.open();
        }
    });
    view! {
        {move || links.offer.get().map(|link| {
            let summary = link.summary();
            view! {
                <section class="panel link-offer" data-testid="link-offer">
                    <h2>{word(lang, LinkLabel::ThisLinkWill)}</h2>
                    <ul data-testid="link-summary">
                        {move || summary_lines(&summary, lang.get()).into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}
                    </ul>
                    <p class="muted">{word(lang, LinkLabel::NoAutoConnect)}</p>
                    <div class="row">
                        <button class="primary" data-testid="link-confirm" on:click=move |_| links.apply()>
                            {word(lang, LinkLabel::Apply)}
                        </button>
                        <button data-testid="link-dismiss" on:click=move |_| links.dismiss()>
                            {word(lang, LinkLabel::Dismiss)}
                        </button>
                    </div>
                </section>
            }
        })}
        {move || links.refused.get().map(|e| view! {
            <section class="panel link-offer">
                <p class="error" data-testid="link-error">
                    {word(lang, LinkLabel::Refused)} " " {move || e.describe().get(lang.get()).to_owned()}
                </p>
                <button data-testid="link-dismiss" on:click=move |_| links.dismiss()>
                    {word(lang, LinkLabel::Dismiss)}
                </button>
            </section>
        })}
    }
}
