use std::collections::BTreeSet;

use leptos::prelude::*;

use super::shell::Shell;
use crate::model::payload::{render, PayloadFormat};

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
                let text = render(&p[..p.len().min(120)], PayloadFormat::Text);
                text.replace(['\r', '\n'], "↵")
            }),
        });
        if open.contains(path) && out.len() < 2_000 {
            lines(tree, path, open, out);
        }
        path.pop();
    }
}

/// Every topic seen, as a tree with message counts and the last payload; clicking a topic
/// filters the log to it.
#[component]
pub fn TopicTreeView(topic_filter: RwSignal<String>) -> impl IntoView {
    let Shell { lang, conn, .. } = Shell::get();
    let open = RwSignal::new(BTreeSet::<Vec<String>>::new());
    let rows = Memo::new(move |_| {
        conn.log.version.track();
        let open = open.get();
        conn.log.with_tree(|tree| {
            let mut out = Vec::new();
            lines(tree, &mut Vec::new(), &open, &mut out);
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
                                move |_| topic_filter.set(if has_children { format!("{topic}/#") } else { topic.clone() })
                            }
                        >
                            {line.name.clone()}
                        </code>
                        <span class="badge">{if line.own > 0 && line.own != line.total { format!("{} / {}", line.own, line.total) } else { line.total.to_string() }}</span>
                        {line.last.clone().map(|p| view! { <span class="muted last">{p}</span> })}
                    </li>
                </For>
            </ul>
            {move || {
                let overflow = rows.with(|r| r.1);
                (overflow > 0).then(|| view! { <p class="muted small">{overflow} " " {lang.get().t().tree_overflow}</p> })
            }}
        </div>
    }
}
