use leptos::html::Div;
use leptos::prelude::*;

use super::message_text::{clock_time, preview};
use super::words::tr;

use super::chunk::{chunk, Deferred, LazyDetails};
use super::message_detail::MessageDetail;
use super::shell::Shell;
use super::TopicTreeView;
use crate::i18n::{Describe, Text};
use crate::model::log::Extras;
use crate::model::log_view::LogFilter;
use crate::model::message_props::{LogColumn, LogColumns};
use crate::model::payload::PayloadFormat;
use crate::model::LogEntry;
use crate::store::decoding::Seen;

/// Height of one log row in pixels; rows are fixed-height so the list can be virtualized.
const ROW_H: f64 = 44.0;
/// Rows rendered above and below the visible ones, so fast scrolling shows no gaps.
const OVERSCAN: usize = 8;

/// One rendered row: everything it shows, computed once per frame for visible rows only.
#[derive(Clone, PartialEq)]
struct Row {
    index: usize,
    seq: u64,
    time: String,
    direction: &'static str,
    topic: String,
    qos: u8,
    flags: String,
    preview: String,
    color: Option<usize>,
    /// The optional columns' cells (MQTT 5 properties), empty while none is chosen.
    cells: Vec<(LogColumn, String)>,
    /// A reply's pairing with its request, or the broker's reason code for our publish.
    note: Option<Text>,
    /// Why the payload did not decode with its binding (the preview is then its hex).
    decode_error: Option<Text>,
    /// What else its decoder noticed (Sparkplug B findings).
    findings: Vec<Text>,
}

/// What a row says besides its message: the reply's pairing, else the broker's answer to our
/// publish in short (the detail pane has it in full).
fn note(extras: Option<&Extras>) -> Option<Text> {
    let x = extras?;
    x.reply_to.as_ref().map(Describe::describe).or_else(|| {
        x.outcome
            .as_ref()
            .map(|o| crate::i18n::reason::short(o.reason))
    })
}

impl Row {
    fn new(
        index: usize,
        e: &LogEntry,
        extras: Option<&Extras>,
        view: (PayloadFormat, &LogColumns),
        color: Option<usize>,
        seen: Option<Seen>,
    ) -> Row {
        let (format, columns) = view;
        let (preview, decode_error, findings) = match seen {
            Some(s) => (s.compact, s.error, s.notes),
            None => (preview(&e.payload, format), None, Vec::new()),
        };
        let props = extras.map(|x| &x.properties);
        let flags = [(e.retain, "retain"), (e.dup, "dup")]
            .iter()
            .filter(|(on, _)| *on)
            .map(|(_, n)| *n)
            .collect::<Vec<_>>()
            .join(" ");
        Row {
            index,
            seq: e.seq,
            time: clock_time(e.time_ms),
            direction: e.direction.as_str(),
            topic: e.topic.clone(),
            qos: e.qos,
            flags,
            preview,
            decode_error,
            findings,
            color,
            cells: columns
                .shown()
                .iter()
                .map(|c| (*c, c.cell(props)))
                .collect(),
            note: note(extras),
        }
    }
}

/// The message log: a virtualized list over the bounded store, with filters, views, a detail
/// pane for the selected message, and the received counter.
#[component]
pub fn MessageLogView() -> impl IntoView {
    let shell = Shell::get();
    let Shell { lang, conn, .. } = shell;
    let t = move || lang.get().t();
    // Kept by the connection: switching to another one and back finds the log as it was left.
    let topic_filter = shell.keep("log.topic", String::new);
    let text_filter = shell.keep("log.text", String::new);
    let format = shell.keep("log.format", || PayloadFormat::Text);
    let selected = shell.keep("log.selected", || None::<u64>);
    let selected_once = shell.keep("log.selected_once", || false);
    Effect::new(move |_| {
        if selected.with(Option::is_some) {
            selected_once.set(true);
        }
    });
    let export_failed = RwSignal::new(false);
    let scroll_top = RwSignal::new(0.0f64);
    let viewport_h = RwSignal::new(400.0f64);
    let follow = shell.keep("log.follow", || true);
    let viewport = NodeRef::<Div>::new();
    let columns = shell.keep("log.columns", LogColumns::default);

    Effect::new(move |_| {
        let (muted, unmuted) = conn.subs.with(|s| s.mute_lists());
        let filter = LogFilter {
            topic: topic_filter.get(),
            text: text_filter.get(),
            muted,
            unmuted,
        };
        conn.log.set_filter(filter);
    });

    // While paused the list keeps the length it had; messages still arrive and are kept.
    let paused = shell.keep("log.paused", || None::<usize>);
    let show_tree = shell.keep("log.tree", || false);
    let live_total = move || {
        conn.log.version.track();
        conn.log.with(|log, view| view.len(log))
    };
    let total = move || paused.get().unwrap_or_else(live_total);
    let toggle_pause = move |_| {
        paused.update(|p| {
            *p = if p.is_some() {
                None
            } else {
                Some(live_total())
            }
        })
    };
    let decoding = shell.slot.decoding;
    let export = move |json: bool| {
        leptos::task::spawn_local(async move {
            export_failed.set(export_log(conn, decoding, json).await.is_err());
        });
    };

    // Puts the list at its end (the newest message in view) and counts the rows that fit.
    let stick_to_end = move |el: &web_sys::HtmlDivElement, n: usize| {
        let h = f64::from(el.client_height());
        let bottom = (n as f64 * ROW_H - h).max(0.0);
        el.set_scroll_top(bottom as i32);
        scroll_top.set(bottom);
        viewport_h.set(h);
    };

    // Keep the newest message in view while following (the user has not scrolled up).
    Effect::new(move |_| {
        let n = total();
        if let (true, Some(el)) = (follow.get_untracked(), viewport.get_untracked()) {
            stick_to_end(&el, n);
        }
    });

    // Shown, resized, or shortened by the detail pane: the rows in view are counted again, and a
    // list following the newest message stays at its end.
    let watch = StoredValue::new_local(None::<crate::platform::resize::SizeWatch>);
    Effect::new(move |_| {
        let Some(el) = viewport.get() else { return };
        let target = el.clone();
        let watching = crate::platform::resize::SizeWatch::new(&el, move || {
            let h = f64::from(target.client_height());
            if h <= 0.0 {
                // Hidden (another pane is shown): nothing to count until it is back.
                return;
            }
            if follow.get_untracked() {
                stick_to_end(&target, untrack(total));
            } else {
                viewport_h.set(h);
                scroll_top.set(f64::from(target.scroll_top()));
            }
        });
        watch.set_value(watching);
    });

    let on_scroll = move |_| {
        if let Some(el) = viewport.get_untracked() {
            let top = f64::from(el.scroll_top());
            let h = f64::from(el.client_height());
            viewport_h.set(h);
            scroll_top.set(top);
            follow.set(top + h >= f64::from(el.scroll_height()) - ROW_H);
        }
    };

    // The list's row elements: enough for the viewport and the overscan on both sides. They are
    // made once (and again only when the viewport's height changes) and show whichever messages
    // are in view: a row per message would create and dispose of a component for every message
    // that scrolls past, a thousand a second under a steady stream, and Leptos keeps a small
    // allocation of every disposed row's effects until their parent goes (measured: about 120
    // bytes a row, the page grew by 1.7 MB a minute at 1,000 msg/s).
    let visible = Memo::new(move |_| (viewport_h.get() / ROW_H).ceil() as usize + 1);
    let slots = Memo::new(move |_| visible.get() + 2 * OVERSCAN);
    let rows = Memo::new(move |_| {
        conn.log.version.track();
        decoding.settings.track();
        decoding.version.track();
        let l = lang.get();
        let f = format.get();
        let first = (scroll_top.get() / ROW_H).floor() as usize;
        let start = first.saturating_sub(OVERSCAN);
        // At most `slots` rows: `start` is `first` less the overscan or less.
        let end = first + visible.get() + OVERSCAN;
        columns.with(|cols| {
            conn.subs.with(|subs| {
                conn.log.with(|log, view| {
                    view.slice(start..end, log)
                        .into_iter()
                        .enumerate()
                        .map(|(i, e)| {
                            let extras = log.extras(e.seq);
                            let seen = decoding.seen(e, l);
                            Row::new(
                                start + i,
                                e,
                                extras,
                                (f, cols),
                                subs.color_for(&e.topic),
                                seen,
                            )
                        })
                        .collect::<Vec<_>>()
                })
            })
        })
    });

    view! {
        <section class="panel log">
            <div class="row">
                <h2>{tr(lang, |t| t.messages)}</h2>
                <span class="muted">
                    <span data-testid="message-count">
                        {move || {
                            conn.log.version.track();
                            conn.log.with(|log, _| log.received())
                        }}
                    </span>
                    " " {tr(lang, |t| t.received)}
                </span>
                {move || {
                    conn.log.version.track();
                    let dropped = conn.log.with(|log, _| log.dropped());
                    (dropped > 0).then(|| view! { <span class="muted" data-testid="message-dropped">{dropped} " " {t().dropped}</span> })
                }}
                <input
                    data-testid="log-topic-filter"
                    class="grow"
                    spellcheck="false"
                    placeholder=tr(lang, |t| t.filter_topic)
                    prop:value=move || topic_filter.get()
                    on:input=move |ev| topic_filter.set(event_target_value(&ev))
                />
                <input
                    data-testid="log-filter"
                    class="grow"
                    spellcheck="false"
                    placeholder=tr(lang, |t| t.filter_log)
                    prop:value=move || text_filter.get()
                    on:input=move |ev| text_filter.set(event_target_value(&ev))
                />
                <select
                    data-testid="log-format"
                    on:change=move |ev| format.set(PayloadFormat::parse(&event_target_value(&ev)).unwrap_or_default())
                >
                    {PayloadFormat::ALL.iter().map(|f| view! { <option value=f.as_str()>{f.as_str()}</option> }).collect_view()}
                </select>
                <button data-testid="topic-tree-toggle" aria-pressed=move || show_tree.get().to_string() on:click=move |_| show_tree.update(|s| *s = !*s)>
                    {tr(lang, |t| t.topics_tab)}
                </button>
                <button data-testid="log-pause" aria-pressed=move || paused.with(Option::is_some).to_string() on:click=toggle_pause>
                    {move || match paused.get() {
                        Some(at) => format!("{} (+{})", t().resume, live_total().saturating_sub(at)),
                        None => t().pause.to_owned(),
                    }}
                </button>
                <select
                    data-testid="log-capacity"
                    title=tr(lang, |t| t.log_capacity)
                    on:change=move |ev| {
                        if let Ok(n) = event_target_value(&ev).parse::<usize>() {
                            shell.workspace.set_log_capacity(n);
                        }
                    }
                >
                    {[10_000usize, 100_000, 1_000_000, 5_000_000].into_iter().map(|n| view! {
                        <option value=n.to_string() selected=n == shell.workspace.log_capacity.get_untracked()>{format!("≤ {n}")}</option>
                    }).collect_view()}
                </select>
                <details class="columns" data-testid="log-columns">
                    <summary>{tr(lang, |t| t.log_columns)}</summary>
                    {LogColumn::ALL.into_iter().map(|c| view! {
                        <label class="check">
                            <input
                                type="checkbox"
                                data-testid=format!("log-column-{}", c.as_str())
                                prop:checked=move || columns.with(|cols| cols.is_on(c))
                                on:change=move |ev| columns.update(|cols| cols.set(c, event_target_checked(&ev)))
                            />
                            <span>{move || c.describe().get(lang.get()).to_owned()}</span>
                        </label>
                    }).collect_view()}
                </details>
                <button data-testid="log-export-json" on:click=move |_| export(true)>"JSON"</button>
                <button data-testid="log-export-csv" on:click=move |_| export(false)>"CSV"</button>
                <label class="check" title=tr(lang, |t| t.log_combined)>
                    <input
                        type="checkbox"
                        data-testid="log-combined"
                        prop:checked=move || shell.workspace.combined.get()
                        on:change=move |ev| shell.workspace.combined.set(event_target_checked(&ev))
                    />
                    <span>{tr(lang, |t| t.log_combined)}</span>
                </label>
                <button data-testid="log-clear" on:click=move |_| { selected.set(None); paused.set(None); conn.log.clear(); decoding.clear(); }>{tr(lang, |t| t.clear)}</button>
            </div>
            <LazyDetails class="recording" summary=|t| t.record_title load=recording_panel/>
            <LazyDetails class="charts-panel" summary=|t| t.charts_title load=charts_panel/>
            <Show when=move || show_tree.get()>
                <Deferred label=|t| t.part_topic_tree load=move || topic_tree(topic_filter)/>
            </Show>
            {move || export_failed.get().then(|| view! { <p class="error small">{move || crate::i18n::chunk::failed(lang.get(), "JSON / CSV")}</p> })}
            <Show when=move || shell.workspace.combined.get()>
                <div class="viewport combined">
                    <Deferred label=|t| t.log_combined load=move || super::combined_log::combined_log(shell.workspace, lang)/>
                </div>
            </Show>
            <div class="viewport" class:hidden=move || shell.workspace.combined.get() node_ref=viewport on:scroll=on_scroll>
                <ol
                    class="messages"
                    data-testid="message-list"
                    data-count=move || total().to_string()
                    style:height=move || format!("{}px", total() as f64 * ROW_H)
                >
                    <For each=move || 0..slots.get() key=|place| *place let:place>
                        <MessageSlot place rows selected lang/>
                    </For>
                </ol>
                <Show when=move || total() == 0>
                    <p class="muted empty">{tr(lang, |t| t.empty_log)}</p>
                </Show>
            </div>
            // The detail's code is fetched when a message is first chosen, then stays.
            {move || selected_once.get().then(|| view! { <Deferred label=|t| t.part_message_detail load=move || message_detail(selected)/> })}
        </section>
    }
}

chunk! {
    /// Downloads the log as it is filtered now, as JSON or CSV.
    fn export_log(conn: crate::store::Connection, decoding: crate::store::decoding::Decoding, json: bool) -> () as log_export {
        let text = conn.log.with(|log, view| {
            let entries = view
                .slice(0..view.len(log), log)
                .into_iter()
                .map(|e| {
                    let decoded = decoding.seen(e, crate::i18n::Lang::En).map(|s| {
                        let json = s.value(&e.payload);
                        crate::model::export::ExportDecoded {
                            codec: decoding.codec_for(&e.topic).as_str(),
                            text: s.pretty,
                            json,
                            error: s.error.map(|t| t.en),
                        }
                    });
                    (e, log.extras(e.seq), decoded)
                });
            if json {
                crate::model::export::to_json_decoded(entries)
            } else {
                crate::model::export::to_csv_decoded(entries)
            }
        });
        let (name, mime) = if json {
            ("mqtt-messages.json", "application/json")
        } else {
            ("mqtt-messages.csv", "text/csv")
        };
        crate::platform::download::download(name, mime, &text);
    }
}

chunk! {
    fn topic_tree(topic_filter: RwSignal<String>) -> AnyView as topic_tree {
        view! { <TopicTreeView topic_filter/> }.into_any()
    }
}

chunk! {
    fn message_detail(selected: RwSignal<Option<u64>>) -> AnyView as message_detail {
        view! { <MessageDetail selected/> }.into_any()
    }
}

/// One row element of the list: shows the `place`-th of the rows in view, positioned absolutely
/// at that message's index, and nothing (no `message` test id, hidden) when fewer messages are
/// in view than there are rows.
#[component]
fn MessageSlot(
    place: usize,
    rows: Memo<Vec<Row>>,
    selected: RwSignal<Option<u64>>,
    lang: RwSignal<crate::i18n::Lang>,
) -> impl IntoView {
    let row = Memo::new(move |_| rows.with(|r| r.get(place).cloned()));
    let field =
        move |f: fn(&Row) -> String| move || row.with(|r| r.as_ref().map(f).unwrap_or_default());
    let dir = move || row.with(|r| r.as_ref().map_or("in", |r| r.direction));
    view! {
        <li
            data-testid=move || row.with(Option::is_some).then_some("message")
            hidden=move || row.with(Option::is_none)
            class=move || row.with(|r| match r {
                Some(r) => format!("msg {}{}", r.direction, r.color.map(|c| format!(" c{c}")).unwrap_or_default()),
                None => "msg".to_owned(),
            })
            class:selected=move || row.with(|r| r.as_ref().is_some_and(|r| selected.get() == Some(r.seq)))
            style:top=move || row.with(|r| format!("{}px", r.as_ref().map_or(0.0, |r| r.index as f64 * ROW_H)))
            data-direction=dir
            data-topic=field(|r| r.topic.clone())
            data-qos=field(|r| r.qos.to_string())
            on:click=move |_| {
                if let Some(seq) = row.with_untracked(|r| r.as_ref().map(|r| r.seq)) {
                    selected.set(Some(seq));
                }
            }
        >
            <div class="meta">
                <time>{field(|r| r.time.clone())}</time>
                <span class="dir">{move || if dir() == "in" { "▼" } else { "▲" }}</span>
                <code class="topic">{field(|r| r.topic.clone())}</code>
                <span class="badge">{field(|r| format!("QoS {}", r.qos))}</span>
                <span class="badge" hidden=move || row.with(|r| r.as_ref().is_none_or(|r| r.flags.is_empty()))>
                    {field(|r| r.flags.clone())}
                </span>
                {move || row.with(|r| {
                    let r = r.as_ref()?;
                    let note = r.note.as_ref()?.get(lang.get()).to_owned();
                    Some(view! { <span class="badge note" data-testid="message-note">{note}</span> })
                })}
                {move || row.with(|r| {
                    let r = r.as_ref().filter(|r| !r.cells.is_empty())?;
                    let cells = r.cells.iter().map(|(c, text)| {
                        let title = c.describe().get(lang.get()).to_owned();
                        view! {
                            <span class="badge col" data-testid="message-column" data-column=c.as_str() title=title>
                                {text.clone()}
                            </span>
                        }
                    }).collect_view();
                    Some(cells)
                })}
                {move || row.with(|r| {
                    let r = r.as_ref()?;
                    let why = r.decode_error.as_ref()?.get(lang.get()).to_owned();
                    Some(view! { <span class="badge decode-error" data-testid="decode-error" title=why.clone()>{why.clone()}</span> })
                })}
                {move || row.with(|r| {
                    let r = r.as_ref().filter(|r| !r.findings.is_empty())?;
                    let all: Vec<String> = r.findings.iter().map(|f| f.get(lang.get()).to_owned()).collect();
                    let first = all.first().cloned().unwrap_or_default();
                    let more = all.len() - 1;
                    let title = all.join("\n");
                    Some(view! {
                        <span class="badge finding" data-testid="decode-finding" title=title>
                            {if more > 0 { format!("{first} (+{more})") } else { first }}
                        </span>
                    })
                })}
            </div>
            <div class="payload" data-testid="message-payload">{field(|r| r.preview.clone())}</div>
        </li>
    }
}

chunk! {
    fn recording_panel() -> AnyView as recording {
        view! { <super::recording::RecordingPanel/> }.into_any()
    }
}

chunk! {
    fn charts_panel() -> AnyView as charts {
        view! { <super::charts::ChartsPanel/> }.into_any()
    }
}
