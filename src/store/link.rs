//! Links that open a connection, as the page uses them: a link in the address becomes an offer
//! the user may apply (never a connection by itself), a refused one becomes its reason, and the
//! share button turns the connect form into a link on the clipboard. The format and its checks
//! are in [`crate::model::profiles::parse_link`].
//!
//! Once read, the fragment is removed from the address bar (`history.replaceState`), so a
//! reload does not offer the link again and the browser's history does not keep the profile.

use leptos::prelude::*;
use wasm_bindgen::JsValue;

use crate::i18n::link::LinkLabel;
use crate::i18n::{Describe, Text};
use crate::model::profiles::{encode_link, is_link, parse_link, LinkError, LinkProfile, Profile};
use crate::store::profiles::{Profiles, Targets};

/// The link offer, the refusal and the share button's state, shared through the Leptos context.
#[derive(Clone, Copy)]
pub struct Links {
    /// A fragment that claims to be a link, not read yet: reading and checking it is a chunk
    /// fetched only when a page is opened by a link.
    pub pending: RwSignal<Option<String>>,
    /// The link read from the address, waiting for the user to apply or dismiss it.
    pub offer: RwSignal<Option<LinkProfile>>,
    /// Why the link in the address was refused.
    pub refused: RwSignal<Option<LinkError>>,
    /// The last link made by the share button, in full.
    pub url: RwSignal<String>,
    /// What became of the last share: copied, or why not.
    pub note: RwSignal<Option<Text>>,
    /// Whether `note` tells a failure.
    pub note_is_error: RwSignal<bool>,
    /// The profile bar, once mounted: applying a link goes through it so its picker and name
    /// follow.
    profiles: StoredValue<Option<Profiles>>,
    targets: Targets,
}

impl Links {
    /// The links of the page: those an ancestor (or an earlier sibling) provided, else fresh ones
    /// that read the address now and whenever its fragment changes.
    pub fn get_or_provide(targets: Targets) -> Links {
        if let Some(links) = use_context::<Links>() {
            return links;
        }
        let links = Links {
            pending: RwSignal::new(None),
            offer: RwSignal::new(None),
            refused: RwSignal::new(None),
            url: RwSignal::new(String::new()),
            note: RwSignal::new(None),
            note_is_error: RwSignal::new(false),
            profiles: StoredValue::new(None),
            targets,
        };
        provide_context(links);
        links.read_address();
        // A link pasted into the address bar of an open page changes only the fragment.
        let listener =
            leptos::leptos_dom::helpers::window_event_listener_untyped("hashchange", move |_| {
                links.read_address()
            });
        on_cleanup(move || listener.remove());
        links
    }

    /// Lets applying a link go through the profile bar.
    pub fn attach(&self, profiles: Profiles) {
        self.profiles.set_value(Some(profiles));
    }

    /// Takes a link from the fragment of the address into [`Links::pending`] (read later by
    /// [`Links::open`]) and removes it from the address. Other fragments (anchors) are left alone.
    pub fn read_address(&self) {
        let Some(w) = web_sys::window() else {
            return;
        };
        let location = w.location();
        let hash = location.hash().unwrap_or_default();
        if !is_link(&hash) {
            return;
        }
        self.pending.set(Some(hash));
        let bare = format!(
            "{}{}",
            location.pathname().unwrap_or_default(),
            location.search().unwrap_or_default()
        );
        if let Ok(history) = w.history() {
            let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&bare));
        }
    }

    /// Reads the pending fragment: our link becomes the offer, a refused one its reason.
    pub fn open(&self) {
        let Some(fragment) = self.pending.try_update(Option::take).flatten() else {
            return;
        };
        match parse_link(&fragment) {
            Err(LinkError::NotALink) => {}
            Ok(link) => {
                self.refused.set(None);
                self.offer.set(Some(link));
            }
            Err(e) => {
                self.offer.set(None);
                self.refused.set(Some(e));
            }
        }
    }

    /// Fills the connect form and topics from the offered link, like choosing a profile: no
    /// connection is made or touched, and no profile is saved.
    pub fn apply(&self) {
        let Some(link) = self.offer.get_untracked() else {
            return;
        };
        match self.profiles.get_value() {
            Some(p) => {
                p.apply(link.profile(), None);
                // Not a saved profile: the picker must not point at one of the same name.
                p.chosen.set(String::new());
            }
            None => self.targets.fill(link.profile(), None),
        }
        self.offer.set(None);
    }

    /// Forgets the offer and the refusal.
    pub fn dismiss(&self) {
        self.offer.set(None);
        self.refused.set(None);
    }

    /// Makes the link of `profile` (without its secrets), shows it in full and puts it on the
    /// clipboard; a link that would be refused when opened is not made, and the reason is told.
    pub fn share(&self, profile: &Profile) {
        let fragment = encode_link(profile);
        if let Err(e) = parse_link(&fragment) {
            self.url.set(String::new());
            let why = e.describe();
            let lead = LinkLabel::WouldBeRefused.describe();
            return self.tell(
                Text::new(
                    format!("{} {}", lead.en, why.en),
                    format!("{}{}", lead.zh, why.zh),
                ),
                true,
            );
        }
        let Some(w) = web_sys::window() else {
            return;
        };
        let href = w.location().href().unwrap_or_default();
        let base = href.split('#').next().unwrap_or_default();
        let url = format!("{base}#{fragment}");
        self.url.set(url.clone());
        let clipboard = w.navigator().clipboard();
        // Missing outside secure contexts (a plain http page other than localhost).
        if clipboard.is_undefined() {
            return self.tell(LinkLabel::CopyRefused.describe(), true);
        }
        let this = *self;
        leptos::task::spawn_local(async move {
            match wasm_bindgen_futures::JsFuture::from(clipboard.write_text(&url)).await {
                Ok(_) => this.tell(LinkLabel::LinkCopied.describe(), false),
                Err(_) => this.tell(LinkLabel::CopyRefused.describe(), true),
            }
        });
    }

    fn tell(&self, text: Text, error: bool) {
        self.note_is_error.set(error);
        self.note.set(Some(text));
    }
}
