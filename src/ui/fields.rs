//! Small inputs bound to one field of a form held in a signal.

use leptos::prelude::*;

/// A labelled text input bound to one `String` field of the value in `form`.
///
/// `get`/`set` are plain functions so the bindings stay `Send + Sync` as Leptos requires.
pub fn text_input<T: Send + Sync + 'static>(
    form: RwSignal<T>,
    testid: &'static str,
    label: impl Fn() -> &'static str + Send + Sync + 'static,
    placeholder: impl Fn() -> &'static str + Send + Sync + 'static,
    get: fn(&T) -> &String,
    set: fn(&mut T) -> &mut String,
    kind: &'static str,
) -> impl IntoView {
    view! {
        <label class="field">
            <span>{label}</span>
            <input
                type=kind
                data-testid=testid
                autocomplete="off"
                spellcheck="false"
                placeholder=placeholder
                prop:value=move || form.with(|f| get(f).clone())
                on:input=move |ev| {
                    let v = event_target_value(&ev);
                    form.update(|f| *set(f) = v);
                }
            />
        </label>
    }
}

/// A labelled checkbox bound to one `bool` field of the value in `form`.
pub fn checkbox<T: Send + Sync + 'static>(
    form: RwSignal<T>,
    testid: &'static str,
    label: impl Fn() -> &'static str + Send + Sync + 'static,
    get: fn(&T) -> bool,
    set: fn(&mut T) -> &mut bool,
) -> impl IntoView {
    view! {
        <label class="check">
            <input
                type="checkbox"
                data-testid=testid
                prop:checked=move || form.with(get)
                on:change=move |ev| {
                    let v = event_target_checked(&ev);
                    form.update(|f| *set(f) = v);
                }
            />
            <span>{label}</span>
        </label>
    }
}
