use std::collections::BTreeSet;

use leptos::prelude::*;

use super::message_text::clock_time;
use super::shell::Shell;
use super::words::tr;
use crate::i18n::Describe;
use crate::model::diff::{render as render_diff, text_value, LineMark};
use crate::model::payload::{render, PayloadFormat};
use crate::model::retained::ClearPlan;
use crate::model::topic_history::plain_number;
use crate::mqtt::{PublishProperties, QoS};

/// One visible line of the tree.
#[derive(Clone, PartialEq)]
struct Line {
    path: Vec<String>,
    depth: usize,
    name: String,
    own: u64,
    total: u64,
    children: usize,
    is_open: bool,
    last: Option<String>,
}

/// Lines under `path`, descending into expanded nodes only, so a huge tree costs what is shown.
fn lines(
    tree: &crate::model::topic_tree::TopicTree,
    path: &mut Vec<String>,
    open: &BTreeSet<Vec<String>>,
    shown: &dyn Fn(&str, &[u8]) -> Option<String>,
    out: &mut Vec<Line>,
) {
    for node in tree.children(path) {
        path.push(node.name().to_owned());
        out.push(Line {
            path: path.clone(),
            depth: path.len() - 1,
            name: if node.name().is_empty() {
                "/".to_owned()
            } else {
                node.name().to_owned()
            },
            own: node.own_count(),
            total: node.total_count(),
            children: node.child_count(),
            is_open: open.contains(path),
            last: node.last_payload().map(|p| {
                // Through the topic's decoder when it has one, else as text.
                let text = shown(&path.join("/"), p)
                    .unwrap_or_else(|| render(&p[..p.len().min(120)], PayloadFormat::Text));
                let text: String = text.chars().take(120).collect();
                text.replace(['\r', '\n'], "↵")
            }),
        });
        if open.contains(path) && out.len() < 2_000 {
            lines(tree, path, open, shown, out);
        }
        path.pop();
    }
}

/// Every topic seen, as a tree with message counts and the last payload; clicking a topic
/// filters the log to it.
#[component]
pub fn TopicTreeView(topic_filter: RwSignal<String>) -> impl IntoView {
    let Shell {
        lang, conn, slot, ..
    } = Shell::get();
    let decoding = slot.decoding;
    let open = RwSignal::new(BTreeSet::<Vec<String>>::new());
    let chosen = RwSignal::new(None::<String>);
    let rows = Memo::new(move |_| {
        conn.log.version.track();
        decoding.settings.track();
        decoding.version.track();
        let l = lang.get();
        let open = open.get();
        let shown = move |topic: &str, payload: &[u8]| {
            decoding.seen_at(None, topic, payload, l).map(|s| s.compact)
        };
        conn.log.with_tree(|tree| {
            let mut out = Vec::new();
            lines(tree, &mut Vec::new(), &open, &shown, &mut out);
            (out, tree.overflow())
        })
    });
    view! {
        <div class="tree" data-testid="topic-tree">
            <ul>
                <For each=move || rows.get().0 key=|l| (l.path.clone(), l.own, l.total, l.is_open) let:line>
                    <li
                        data-testid="topic-node"
                        data-topic=line.path.join("/")
                        data-count=line.total.to_string()
                        style:padding-left=format!("{}px", 8 + line.depth * 16)
                    >
                        {(line.children > 0).then(|| {
                            let path = line.path.clone();
                            let is_open = line.is_open;
                            view! {
                                <button class="icon" on:click=move |_| open.update(|o| if !o.remove(&path) { o.insert(path.clone()); })>
                                    {if is_open { "▾" } else { "▸" }}
                                </button>
                            }
                        })}
                        <code
                            class="topic"
                            on:click={
                                let topic = line.path.join("/");
                                let has_children = line.children > 0;
                                move |_| {
                                    topic_filter.set(if has_children { format!("{topic}/#") } else { topic.clone() });
                                    chosen.set(Some(topic.clone()));
                                }
                            }
                        >
                            {line.name.clone()}
                        </code>
                        <span class="badge">{if line.own > 0 && line.own != line.total { format!("{} / {}", line.own, line.total) } else { line.total.to_string() }}</span>
                        {line.last.clone().map(|p| view! { <span class="muted last">{p}</span> })}
                    </li>
                </For>
            </ul>
            {move || chosen.get().map(|topic| view! { <TopicDetail topic/> })}
            {move || {
                let overflow = rows.with(|r| r.1);
                (overflow > 0).then(|| view! { <p class="muted small">{overflow} " " {lang.get().t().tree_overflow}</p> })
            }}
        </div>
    }
}

/// A chosen topic: its last values (with a sparkline when they are numbers), the change of its
/// last message against the one before, and its retained messages with a way to clear them.
#[component]
fn TopicDetail(topic: String) -> impl IntoView {
    let Shell {
        lang, conn, slot, ..
    } = Shell::get();
    let decoding = slot.decoding;
    let topic = StoredValue::new(topic);
    let version = move || {
        conn.log.version.track();
        decoding.settings.track();
        decoding.version.track();
        lang.track();
    };
    // A payload as its decoder shows it, and as a value for numbers and the diff.
    let shown = move |payload: &[u8]| {
        let seen = topic.with_value(|t| decoding.seen_at(None, t, payload, lang.get_untracked()));
        match seen {
            Some(s) => {
                let value = s.value(payload);
                (s.compact, value)
            }
            None => {
                let text = render(&payload[..payload.len().min(200)], PayloadFormat::Text);
                let value = std::str::from_utf8(payload).ok().map(text_value);
                (text, value)
            }
        }
    };
    let values = Memo::new(move |_| {
        version();
        topic.with_value(|t| {
            conn.log.with_history(|h| {
                h.values(t)
                    .rev()
                    .take(10)
                    .map(|s| (clock_time(s.time_ms), shown(&s.payload).0))
                    .collect::<Vec<_>>()
            })
        })
    });
    let spark = Memo::new(move |_| {
        version();
        topic.with_value(|t| {
            conn.log.with_history(|h| {
                h.sparkline(t, |p| {
                    shown(p)
                        .1
                        .and_then(|v| v.as_f64())
                        .or_else(|| plain_number(p))
                })
            })
        })
    });
    let diff = Memo::new(move |_| {
        version();
        topic.with_value(|t| {
            conn.log.with_history(|h| {
                let (old, new) = h.previous_two(t)?;
                let value = |p: &[u8]| {
                    shown(p)
                        .1
                        .unwrap_or_else(|| text_value(&String::from_utf8_lossy(p)))
                };
                Some(render_diff(&value(&old.payload), &value(&new.payload)))
            })
        })
    });
    let retained = Memo::new(move |_| {
        version();
        topic.with_value(|t| conn.log.with_retained(|r| r.under(t).len()))
    });
    let confirm = RwSignal::new(None::<ClearPlan>);
    let outcome = RwSignal::new(None::<crate::i18n::Text>);
    let ask = move |_| {
        let plan = topic.with_value(|t| conn.log.with_retained(|r| r.plan(t)));
        match plan {
            Ok(plan) => {
                outcome.set(None);
                confirm.set(Some(plan));
            }
            Err(e) => outcome.set(Some(e.describe())),
        }
    };
    let clear = move |_| {
        let Some(plan) = confirm.get_untracked() else {
            return;
        };
        confirm.set(None);
        let mut failed = 0;
        for t in plan.topics() {
            let sent = conn.publish_with(
                t,
                Vec::new(),
                QoS::AtLeastOnce,
                true,
                PublishProperties::default(),
            );
            match sent {
                Ok(_) => conn.log.retained_cleared(t),
                Err(_) => failed += 1,
            }
        }
        outcome.set(Some(crate::i18n::publishing::retained_cleared(
            plan.count() - failed,
            failed,
        )));
    };
    view! {
        <div class="topic-detail" data-testid="topic-detail" data-topic=topic.get_value()>
            <div class="row">
                <code class="topic">{topic.get_value()}</code>
                {move || spark.get().map(|s| view! {
                    <svg class="sparkline" data-testid="topic-sparkline" width="120" height="24" viewBox="0 0 120 24">
                        <polyline fill="none" stroke="currentColor" stroke-width="1.5" points=s.svg_points(120.0, 24.0)/>
                    </svg>
                    <span class="muted small">{format!("{} … {} ({})", s.min, s.max, s.last)}</span>
                })}
                <Show when=move || { retained.get() > 0 }>
                    <span class="badge" data-testid="topic-retained">{move || retained.get()} " " {tr(lang, |t| t.retained_badge)}</span>
                    <button data-testid="retained-clear" title=tr(lang, |t| t.retained_clear_title) on:click=ask>{tr(lang, |t| t.retained_clear)}</button>
                </Show>
            </div>
            {move || confirm.get().map(|plan| {
                let count = plan.count();
                view! {
                <p class="confirm" data-testid="retained-confirm" data-count=count.to_string()>
                    {move || topic.with_value(|t| crate::i18n::publishing::retained_confirm(count, t)).get(lang.get()).to_owned()}
                    " "
                    <button class="primary" data-testid="retained-confirm-yes" on:click=clear>{tr(lang, |t| t.retained_yes)}</button>
                    <button data-testid="retained-confirm-no" on:click=move |_| confirm.set(None)>{tr(lang, |t| t.retained_no)}</button>
                </p>
                }
            })}
            {move || outcome.get().map(|o| view! { <p class="muted small" data-testid="retained-outcome">{o.get(lang.get()).to_owned()}</p> })}
            <h3 class="small">{tr(lang, |t| t.topic_history)}</h3>
            <ol class="history" data-testid="topic-history">
                {move || values.get().into_iter().map(|(time, text)| view! {
                    <li><time>{time}</time> " " <code>{text}</code></li>
                }).collect_view()}
            </ol>
            <h3 class="small">{tr(lang, |t| t.topic_diff)}</h3>
            {move || match diff.get() {
                None => view! { <p class="muted small" data-testid="topic-diff" data-changes="0">{tr(lang, |t| t.topic_diff_one)}</p> }.into_any(),
                Some(r) => {
                    let changes = r.lines.iter().filter(|l| l.mark != LineMark::Unchanged).count();
                    view! {
                        <pre class="diff" data-testid="topic-diff" data-changes=changes.to_string()>
                            {r.lines.into_iter().map(|l| {
                                let class = match l.mark {
                                    LineMark::Unchanged => "same",
                                    LineMark::Added => "added",
                                    LineMark::Changed => "changed",
                                    LineMark::Removed => "removed",
                                };
                                let was = l.was.clone().map(|w| format!("   \u{2190} {w}")).unwrap_or_default();
                                view! { <div class=class data-mark=class>{l.indented()}<span class="was">{was}</span></div> }
                            }).collect_view()}
                        </pre>
                        {(changes == 0).then(|| view! { <p class="muted small">{tr(lang, |t| t.topic_diff_none)}</p> })}
                    }.into_any()
                }
            }}
        </div>
    }
}
