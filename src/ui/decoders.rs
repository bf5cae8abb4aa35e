//! Choosing decoders: the decoder of the next subscribe (`sub-codec`, `proto-type`), the
//! `.proto` files (`proto-file`), and the bindings made so far.

use leptos::prelude::*;

use super::chunk::{chunk, Deferred};
use super::shell::Shell;
use super::words::tr;
use crate::i18n::decoding::codec_label;
use crate::i18n::Describe;
use crate::model::decoding::PayloadCodec;
use crate::store::decoding::EngineState;

/// The decoder for the next subscribe; with Protobuf (or `.proto` files loaded), the files and
/// the message type, whose code is a chunk.
#[component]
pub fn DecoderChoice(
    /// A name of [`PayloadCodec::NAMES`].
    codec: RwSignal<String>,
    /// The Protobuf message type, when `codec` is `protobuf`.
    proto_type: RwSignal<String>,
) -> impl IntoView {
    let Shell {
        lang, slot, conn, ..
    } = Shell::get();
    let decoding = slot.decoding;
    let protobuf =
        move || codec.with(|c| c == "protobuf") || decoding.settings.with(|s| !s.protos.is_empty());
    view! {
        <div class="row decoders">
            <label class="field" title=tr(lang, |t| t.sub_codec_title)>
                <span>{tr(lang, |t| t.sub_codec)}</span>
                <select
                    data-testid="sub-codec"
                    data-engine=move || decoding.state.get().as_str()
                    on:change=move |ev| codec.set(event_target_value(&ev))
                >
                    {PayloadCodec::NAMES.into_iter().map(|name| view! {
                        <option value=name prop:selected=move || codec.with(|c| c == name)>
                            {move || codec_label(name, lang.get()).to_owned()}
                        </option>
                    }).collect_view()}
                </select>
            </label>
        </div>
        <Show when=protobuf>
            <Deferred label=|t| t.sub_codec load=move || proto_part(codec, proto_type)/>
        </Show>
        {move || (decoding.state.get() == EngineState::Missing).then(|| view! {
            <p class="error small" data-testid="chunk-error">
                {move || crate::i18n::chunk::failed(lang.get(), lang.get().t().sub_codec)}
                " "
                <button on:click=move |_| decoding.load(conn.log)>{move || crate::i18n::chunk::retry(lang.get())}</button>
            </p>
        })}
    }
}

chunk! {
    fn proto_part(codec: RwSignal<String>, proto_type: RwSignal<String>) -> AnyView as proto_files {
        view! { <ProtoPart codec proto_type/> }.into_any()
    }
}

/// The `.proto` files (`proto-file`, the loaded list) and the message type (`proto-type`).
#[component]
fn ProtoPart(codec: RwSignal<String>, proto_type: RwSignal<String>) -> impl IntoView {
    let Shell {
        lang, slot, conn, ..
    } = Shell::get();
    let decoding = slot.decoding;
    let file_error = RwSignal::new(None::<crate::i18n::Text>);
    let choose = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(files) = input.files() else { return };
        leptos::task::spawn_local(async move {
            let read = crate::platform::files::read_all(files).await;
            input.set_value("");
            let Some(read) = read else {
                file_error.set(Some(crate::i18n::Text::new(
                    crate::i18n::Lang::En.t().proto_read_failed,
                    crate::i18n::Lang::Zh.t().proto_read_failed,
                )));
                return;
            };
            let mut refused = None;
            decoding
                .settings
                .update(|s| refused = s.add_protos(read).err());
            file_error.set(refused.map(|e| e.describe()));
            decoding.ensure(conn.log);
        });
    };
    // A type chosen before the files compiled (or from a profile) stays chosen.
    Effect::new(move |_| {
        let types = decoding.types.get();
        if proto_type.with_untracked(String::is_empty) {
            if let Some(first) = types.first() {
                proto_type.set(first.clone());
            }
        }
    });
    let is_protobuf = move || codec.with(|c| c == "protobuf");
    view! {
        <div class="row decoders">
            <label class="field" class:hidden=move || !is_protobuf()>
                <span>{tr(lang, |t| t.proto_type)}</span>
                <select
                    data-testid="proto-type"
                    on:change=move |ev| proto_type.set(event_target_value(&ev))
                >
                    {move || {
                        let types = decoding.types.get();
                        if types.is_empty() {
                            return view! { <option value="">{tr(lang, |t| t.proto_none)}</option> }.into_any();
                        }
                        types.into_iter().map(|ty| {
                            let selected = ty.clone();
                            view! {
                                <option value=ty.clone() prop:selected=move || proto_type.with(|p| *p == selected)>{ty.clone()}</option>
                            }
                        }).collect_view().into_any()
                    }}
                </select>
            </label>
            <label class="field file" title=tr(lang, |t| t.proto_files_title)>
                <span>{tr(lang, |t| t.proto_files)}</span>
                <input type="file" multiple accept=".proto" data-testid="proto-file" on:change=choose/>
            </label>
        </div>
        <ProtoFiles/>
        {move || file_error.get().map(|e| view! { <p class="error small" data-testid="proto-error">{e.get(lang.get()).to_owned()}</p> })}
        {move || decoding.proto_error.get().map(|e| view! { <p class="error small" data-testid="proto-error">{e.get(lang.get()).to_owned()}</p> })}
    }
}

/// The loaded `.proto` files, each with a remove button.
#[component]
fn ProtoFiles() -> impl IntoView {
    let Shell { lang, slot, .. } = Shell::get();
    let settings = slot.decoding.settings;
    view! {
        <ul class="chips">
            <For
                each=move || settings.with(|s| s.protos.iter().map(|p| p.name.clone()).collect::<Vec<_>>())
                key=|name| name.clone()
                let:name
            >
                <li data-testid="proto-file-loaded" data-name=name.clone()>
                    <code>{name.clone()}</code>
                    <button
                        class="icon"
                        title=tr(lang, |t| t.remove)
                        on:click={
                            let name = name.clone();
                            move |_| settings.update(|s| { s.remove_proto(&name); })
                        }
                    >
                        "×"
                    </button>
                </li>
            </For>
        </ul>
    }
}

/// The bindings made so far (a chunk, drawn once there is one).
#[component]
pub fn DecoderBindings() -> impl IntoView {
    let settings = Shell::get().slot.decoding.settings;
    view! {
        <Show when=move || settings.with(|s| !s.bindings.is_empty())>
            <Deferred label=|t| t.decoder_bindings load=bindings_list/>
        </Show>
    }
}

chunk! {
    fn bindings_list() -> AnyView as decoder_bindings {
        view! { <BindingsList/> }.into_any()
    }
}

/// The bindings: filter, decoder, and a remove button.
#[component]
fn BindingsList() -> impl IntoView {
    let Shell { lang, slot, .. } = Shell::get();
    let settings = slot.decoding.settings;
    let items = move || settings.with(|s| s.bindings.items().to_vec());
    view! {
        <Show when=move || settings.with(|s| !s.bindings.is_empty())>
            <h3 class="small">{tr(lang, |t| t.decoder_bindings)}</h3>
            <ul class="subs bindings">
                <For each=items key=|b| (b.filter.clone(), b.codec.clone()) let:binding>
                    <li data-testid="decoder-binding" data-topic=binding.filter.clone() data-codec=binding.codec.as_str()>
                        <code class="topic">{binding.filter.clone()}</code>
                        <span class="badge">
                            {
                                let codec = binding.codec.clone();
                                move || {
                                    let name = codec_label(codec.as_str(), lang.get()).to_owned();
                                    match codec.proto_type() {
                                        Some(ty) => format!("{name} {ty}"),
                                        None => name,
                                    }
                                }
                            }
                        </span>
                        <button
                            class="icon"
                            title=tr(lang, |t| t.remove)
                            on:click={
                                let filter = binding.filter.clone();
                                move |_| settings.update(|s| { s.bindings.remove(&filter); })
                            }
                        >
                            "×"
                        </button>
                    </li>
                </For>
            </ul>
        </Show>
    }
}
