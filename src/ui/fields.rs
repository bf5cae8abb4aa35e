//! Small inputs bound to one field of a form held in a signal.

use leptos::prelude::*;

use crate::i18n::{Lang, Text};

/// The connect form's problems, keyed by input `data-testid`, provided by the form so every
/// input can show its own message right below it.
#[derive(Clone, Copy)]
pub struct FieldProblems {
    /// Every problem now.
    pub problems: Memo<Vec<(&'static str, Text)>>,
    /// Connect was pressed: show problems of untouched (empty) fields too.
    pub submitted: RwSignal<bool>,
    /// The page's language.
    pub lang: RwSignal<Lang>,
}

/// The inline message of input `testid` (`{testid}-error`), if it has a problem to show;
/// `touched` is whether the user typed anything there yet.
pub fn field_error(
    testid: &'static str,
    touched: impl Fn() -> bool + Send + Sync + 'static,
) -> impl IntoView {
    let ctx = use_context::<FieldProblems>();
    move || {
        let ctx = ctx?;
        if !touched() && !ctx.submitted.get() {
            return None;
        }
        let text = ctx.problems.with(|ps| {
            ps.iter()
                .find(|(id, _)| *id == testid)
                .map(|(_, t)| t.get(ctx.lang.get()).to_owned())
        })?;
        Some(
            view! { <p class="error field-error" data-testid=format!("{testid}-error")>{text}</p> },
        )
    }
}

/// Whether input `testid` has a problem now (for `aria-invalid`).
fn invalid(testid: &'static str) -> impl Fn() -> bool + Send + Sync + 'static {
    let ctx = use_context::<FieldProblems>();
    move || ctx.is_some_and(|c| c.problems.with(|ps| ps.iter().any(|(id, _)| *id == testid)))
}

/// A labelled text input bound to one `String` field of the value in `form`.
///
/// `get`/`set` are plain functions and the words signals, so there is one copy of this code per
/// form type, not one per input.
pub fn text_input<T: Send + Sync + 'static>(
    form: RwSignal<T>,
    testid: &'static str,
    label: Signal<&'static str>,
    placeholder: Signal<&'static str>,
    get: fn(&T) -> &String,
    set: fn(&mut T) -> &mut String,
    kind: &'static str,
) -> impl IntoView {
    let is_invalid = invalid(testid);
    view! {
        <label class="field">
            <span>{label}</span>
            <input
                type=kind
                data-testid=testid
                autocomplete="off"
                spellcheck="false"
                placeholder=placeholder
                aria-invalid=move || is_invalid().to_string()
                prop:value=move || form.with(|f| get(f).clone())
                on:input=move |ev| {
                    let v = event_target_value(&ev);
                    form.update(|f| *set(f) = v);
                }
            />
            {field_error(testid, move || form.with(|f| !get(f).is_empty()))}
        </label>
    }
}

/// A labelled checkbox bound to one `bool` field of the value in `form`.
pub fn checkbox<T: Send + Sync + 'static>(
    form: RwSignal<T>,
    testid: &'static str,
    label: Signal<&'static str>,
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
            {field_error(testid, || true)}
        </label>
    }
}
