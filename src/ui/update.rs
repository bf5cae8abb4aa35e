//! The "a new version is ready" notice in the top bar (`update-ready`), with its Reload button.

use leptos::prelude::*;

use super::shell::Shell;
use crate::i18n::update::UpdateLabel;
use crate::store::update::{Notice, UpdateStore};

/// Shown only while a newer deployment waits; never reloads by itself.
#[component]
pub fn UpdateNotice() -> impl IntoView {
    let Shell {
        lang, workspace, ..
    } = Shell::get();
    let update = UpdateStore::start();
    let word = move |label: UpdateLabel| move || label.get(lang.get());
    let asking = move || update.notice.get() == Notice::ConfirmClose;
    // Only showing and hiding rebuilds the notice: its button stays the same element when the
    // question comes and goes.
    let shown = Memo::new(move |_| update.notice.get() != Notice::Hidden);
    move || {
        shown.get().then(|| {
            view! {
                <span class="update" data-testid="update-ready">
                    <span>{word(UpdateLabel::Ready)}</span>
                    " "
                    {move || asking().then(|| view! {
                        <span class="muted">{word(UpdateLabel::ClosesConnection)}</span>
                        " "
                    })}
                    <button class="primary" data-testid="update-reload" on:click=move |_| update.reload(&workspace.connections())>
                        {move || word(if asking() { UpdateLabel::ReloadAnyway } else { UpdateLabel::Reload })()}
                    </button>
                    {move || asking().then(|| view! {
                        " "
                        <button data-testid="update-later" on:click=move |_| update.not_now()>
                            {word(UpdateLabel::NotNow)}
                        </button>
                    })}
                </span>
            }
        })
    }
}
