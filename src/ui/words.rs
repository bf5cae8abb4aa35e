//! Labels that follow the language switch.
//!
//! Every `{move || t().label}` in a view is a closure of its own type, and Leptos compiles its
//! rendering code once per type: ~150 labels made ~150 copies. A label built here is always the
//! same type, so its rendering code exists once, whichever label it shows.

use leptos::prelude::*;

use crate::i18n::{Lang, Strings};

/// The label `pick` chooses from the table of the current language, as a text node or an
/// attribute value.
pub fn tr(
    lang: RwSignal<Lang>,
    pick: fn(&Strings) -> &'static str,
) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    move || pick(lang.get().t())
}

/// [`tr`] as a signal, for helpers that take any label (a fixed word or one that depends on
/// other state) as one type.
pub fn trs(lang: RwSignal<Lang>, pick: fn(&Strings) -> &'static str) -> Signal<&'static str> {
    Signal::derive(tr(lang, pick))
}
