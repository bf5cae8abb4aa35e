use leptos::prelude::*;

use super::shell::Shell;
use crate::aliyun::{device_topics, DeviceIdentity};
use crate::model::Mode;

/// In Aliyun mode, a menu of the device's custom, legacy and Alink topics; choosing one puts
/// it into `target`.
#[component]
pub fn TopicPicker(target: RwSignal<String>, testid: &'static str) -> impl IntoView {
    let Shell { lang, form, .. } = Shell::get();
    let topics =
        move || form.with(|f| device_topics(DeviceIdentity::new(&f.product_key, &f.device_name)));
    view! {
        <Show when=move || form.with(|f| f.mode == Mode::Aliyun && !f.product_key.is_empty() && !f.device_name.is_empty())>
            <select
                data-testid=testid
                class="topic-picker"
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    if !v.is_empty() {
                        target.set(v);
                    }
                }
            >
                <option value="" selected>{move || lang.get().t().insert_topic}</option>
                {move || topics().into_iter().map(|(label, topic)| view! { <option value=topic.clone()>{format!("{label}: {topic}")}</option> }).collect_view()}
            </select>
        </Show>
    }
}
