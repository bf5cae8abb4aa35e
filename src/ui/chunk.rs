//! Parts of the console fetched the first time they are used.
//!
//! The first load carries the connect form, subscribe, publish and the log; a part behind a
//! [`chunk!`] function (device tools, profile import and export, the topic tree, …) is cut into
//! its own wasm file by `scripts/split.py` (wasm-split) in a release build and fetched when the
//! function is first called. Debug builds (`trunk serve`, the browser tests) are not split: there
//! the same function is a plain `async fn`, so both builds run the same code.

use std::future::Future;

use leptos::prelude::*;
use send_wrapper::SendWrapper;

use super::shell::Shell;
use super::words::tr;
use crate::i18n::Strings;

/// A part's code could not be fetched (offline before it was ever cached, or a new deployment
/// replaced the files under an old page). The loader forgets the failure, so a retry fetches again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChunkMissing;

impl From<leptos::wasm_split::SplitLoaderError> for ChunkMissing {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        ChunkMissing
    }
}

/// Declares a function whose body lives in the chunk `module`:
/// `chunk! { pub fn name(args) -> Out as module { body } }` becomes
/// `async fn name(args) -> Result<Out, ChunkMissing>`. Arguments and the result cross a wasm
/// boundary, so they are concrete types (no generics, no `impl Trait`).
macro_rules! chunk {
    ($(#[$meta:meta])* $vis:vis fn $name:ident($($arg:ident: $ty:ty),* $(,)?) -> $out:ty as $module:ident $body:block) => {
        $(#[$meta])*
        #[cfg(not(debug_assertions))]
        #[leptos::wasm_split::wasm_split($module, wasm_split_path = ::leptos::wasm_split, fallible)]
        $vis fn $name($($arg: $ty),*) -> Result<$out, $crate::ui::chunk::ChunkMissing> {
            Ok($body)
        }
        $(#[$meta])*
        #[cfg(debug_assertions)]
        $vis async fn $name($($arg: $ty),*) -> Result<$out, $crate::ui::chunk::ChunkMissing> {
            Ok($body)
        }
    };
}
pub(crate) use chunk;

/// Shows the view a chunk builds: a one-line placeholder while its code is fetched, the reason
/// and a retry button if the fetch fails.
#[component]
pub fn Deferred<F, Fut>(
    /// The part's name, for the placeholder and the error.
    label: fn(&Strings) -> &'static str,
    /// Fetches the chunk (once) and builds the part's view.
    load: F,
) -> impl IntoView
where
    F: Fn() -> Fut + Copy + Send + Sync + 'static,
    Fut: Future<Output = Result<AnyView, ChunkMissing>> + 'static,
{
    let lang = Shell::get().lang;
    let attempt = RwSignal::new(0u32);
    move || {
        attempt.track();
        let fetched = SendWrapper::new(load());
        let fallback = move || {
            view! {
                <p class="muted small" data-testid="chunk-loading">
                    {move || crate::i18n::chunk::loading(lang.get(), label(lang.get().t()))}
                </p>
            }
        };
        view! {
            <Suspense fallback>
                {Suspend::new(async move {
                    match fetched.await {
                        Ok(view) => view,
                        Err(ChunkMissing) => view! {
                            <p class="error" data-testid="chunk-error">
                                {move || crate::i18n::chunk::failed(lang.get(), label(lang.get().t()))}
                                " "
                                <button on:click=move |_| attempt.update(|a| *a += 1)>
                                    {move || crate::i18n::chunk::retry(lang.get())}
                                </button>
                            </p>
                        }
                        .into_any(),
                    }
                })}
            </Suspense>
        }
    }
}

/// A `<details>` whose body is a chunk fetched the first time it is opened; once fetched the
/// body stays, so what was typed in it survives closing and reopening.
#[component]
pub fn LazyDetails<F, Fut>(
    /// The `class` of the `<details>` (tests and styles find it by that).
    class: &'static str,
    /// The summary line, also the part's name while it loads.
    summary: fn(&Strings) -> &'static str,
    /// Fetches the chunk and builds the body.
    load: F,
) -> impl IntoView
where
    F: Fn() -> Fut + Copy + Send + Sync + 'static,
    Fut: Future<Output = Result<AnyView, ChunkMissing>> + 'static,
{
    let lang = Shell::get().lang;
    let opened = RwSignal::new(false);
    let toggled = move |ev: leptos::ev::Event| {
        if event_target::<web_sys::HtmlDetailsElement>(&ev).open() {
            opened.set(true);
        }
    };
    view! {
        <details class=class on:toggle=toggled>
            <summary>{tr(lang, summary)}</summary>
            {move || opened.get().then(|| view! { <Deferred label=summary load/> })}
        </details>
    }
}
