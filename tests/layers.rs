//! The shape of `src/`, checked: every file imports only its own layer and the layers below it,
//! no files import each other in a loop, and no Chinese text lives outside `src/i18n`.
//!
//! Run it alone with `cargo test -p mqtt-console --test layers`. On a failure it prints each
//! offending import (file, line, path) or the files of each loop.
//!
//! The layers, bottom to top (README, "Layout"):
//!
//! | layer | folders | may import |
//! |---|---|---|
//! | core | `mqtt`, `aliyun` | core |
//! | platform | `platform` | nothing of the crate |
//! | model | `model` | core, model |
//! | words | `i18n` | core, platform, model, words |
//! | store | `store` | all of the above, store |
//! | view | `ui` | all of the above, view |
//!
//! An import is any path in code (not in comments or strings) that names a module of the crate:
//! `crate::…`, `super::…`, `self::…`, a child module's name, or `mqtt_console::…` in `main.rs`.
//! A path to a re-export (`pub use`) in a `mod.rs` counts as a path to the file that defines it.

#![cfg(not(target_arch = "wasm32"))]

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Layer {
    Core,
    Platform,
    Model,
    Words,
    Store,
    View,
    Root,
}

impl Layer {
    fn of(module: &[String]) -> Layer {
        match module.first().map(String::as_str) {
            Some("mqtt" | "aliyun") => Layer::Core,
            Some("platform") => Layer::Platform,
            Some("model") => Layer::Model,
            Some("i18n") => Layer::Words,
            Some("store") => Layer::Store,
            Some("ui") => Layer::View,
            _ => Layer::Root,
        }
    }

    /// Whether a file of this layer may import a file of `other`.
    fn may_import(self, other: Layer) -> bool {
        use Layer::*;
        match self {
            Core => other == Core,
            Platform => other == Platform,
            Model => matches!(other, Core | Model),
            Words => matches!(other, Core | Platform | Model | Words),
            Store => matches!(other, Core | Platform | Model | Words | Store),
            View => other != Root,
            Root => true,
        }
    }
}

/// One source file: its module path (`["model", "form"]`; `[]` for `lib.rs`) and its code with
/// comments and literals blanked out.
struct SourceFile {
    path: PathBuf,
    module: Vec<String>,
    code: String,
}

fn src_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        panic!("cannot read {}", dir.display());
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn module_of(rel: &Path) -> Vec<String> {
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    if let Some(last) = parts.pop() {
        let stem = last.trim_end_matches(".rs");
        if stem != "mod" && stem != "lib" {
            parts.push(stem.to_owned());
        }
    }
    parts
}

/// The code with comments, string and char literals replaced by spaces (newlines kept, so line
/// numbers stay right).
fn blank_non_code(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let blank = |c: char| if c == '\n' { '\n' } else { ' ' };
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                out.push(' ');
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    out.push_str("  ");
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    out.push_str("  ");
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    out.push(blank(chars[i]));
                    i += 1;
                }
            }
        } else if c == 'r'
            && (next == Some('"') || next == Some('#'))
            && !chars[..i]
                .last()
                .is_some_and(|p| p.is_alphanumeric() || *p == '_')
        {
            // A raw string r"…" or r#"…"#.
            let mut j = i + 1;
            let mut hashes = 0;
            while chars.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if chars.get(j) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            j += 1;
            loop {
                match chars.get(j) {
                    None => break,
                    Some('"') if (0..hashes).all(|k| chars.get(j + 1 + k) == Some(&'#')) => {
                        j += 1 + hashes;
                        break;
                    }
                    _ => j += 1,
                }
            }
            for ch in &chars[i..j.min(chars.len())] {
                out.push(blank(*ch));
            }
            i = j;
        } else if c == '"' {
            out.push(' ');
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    out.push(' ');
                    i += 1;
                }
                if i < chars.len() {
                    out.push(blank(chars[i]));
                    i += 1;
                }
            }
            out.push(' ');
            i += 1;
        } else if c == '\'' {
            // A char literal ('a', '\n', '\u{1F600}', '"') or a lifetime ('a); only the former
            // is blanked.
            let close = if next == Some('\\') {
                (i + 2..chars.len().min(i + 12)).find(|&k| chars[k] == '\'')
            } else if chars.get(i + 2) == Some(&'\'') {
                Some(i + 2)
            } else {
                None
            };
            match close {
                Some(end) => {
                    for _ in i..=end {
                        out.push(' ');
                    }
                    i = end + 1;
                }
                None => {
                    out.push(c);
                    i += 1;
                }
            }
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

fn load_sources() -> Vec<SourceFile> {
    let src = src_dir();
    let mut paths = Vec::new();
    rust_files(&src, &mut paths);
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let rel = path.strip_prefix(&src).unwrap_or(&path).to_path_buf();
            let text = fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
            SourceFile {
                module: if rel == Path::new("main.rs") {
                    vec!["<main>".to_owned()]
                } else {
                    module_of(&rel)
                },
                code: blank_non_code(&text),
                path: rel,
            }
        })
        .collect()
}

fn is_ident_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The identifier starting at byte `at`, if any.
fn ident_at(code: &str, at: usize) -> Option<&str> {
    let rest = &code[at..];
    let end = rest.find(|c: char| !is_ident_char(c)).unwrap_or(rest.len());
    (end > 0).then(|| &rest[..end])
}

/// Every path written at `at` (just after a `prefix::`), expanding `{a, b::c}` groups: each
/// result is the list of its segments.
fn paths_at(code: &str, at: usize) -> Vec<Vec<String>> {
    let rest = code[at..].trim_start();
    let offset = code.len() - code[at..].len() + (code[at..].len() - rest.len());
    if rest.starts_with('{') {
        let mut depth = 0;
        let mut items = Vec::new();
        let mut start = offset + 1;
        for (k, ch) in rest.char_indices() {
            match ch {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        items.push(start);
                        break;
                    }
                }
                ',' if depth == 1 => {
                    items.push(start);
                    start = offset + k + 1;
                }
                _ => {}
            }
            if depth == 0 && k > 0 {
                break;
            }
        }
        items.into_iter().flat_map(|s| paths_at(code, s)).collect()
    } else {
        let mut segments = Vec::new();
        let mut pos = offset;
        while let Some(id) = ident_at(code, pos) {
            segments.push(id.to_owned());
            pos += id.len();
            if code[pos..].starts_with("::") {
                pos += 2;
                if code[pos..].trim_start().starts_with('{') {
                    return paths_at(code, pos)
                        .into_iter()
                        .map(|tail| segments.iter().cloned().chain(tail).collect())
                        .collect();
                }
            } else {
                break;
            }
        }
        // A glob (`super::*`) names the module itself; an empty item (`{a, b,}`'s trailing
        // comma) is no path.
        if segments.is_empty() && !code[pos..].trim_start().starts_with('*') {
            Vec::new()
        } else {
            vec![segments]
        }
    }
}

/// One import found in a file.
struct Import {
    line: usize,
    written: String,
    target: Vec<String>,
}

/// The inline modules (`mod tests { … }`) open at each byte of `code`, as a path below the file.
fn inline_modules(code: &str) -> Vec<(usize, usize, String)> {
    let mut found = Vec::new();
    let bytes = code.as_bytes();
    let mut search = 0;
    while let Some(k) = code[search..].find("mod ") {
        let at = search + k;
        search = at + 4;
        if at > 0 && is_ident_char(code[..at].chars().last().unwrap_or(' ')) {
            continue;
        }
        let Some(name) = ident_at(code, at + 4) else {
            continue;
        };
        let after = at + 4 + name.len();
        let rest = code[after..].trim_start();
        if !rest.starts_with('{') {
            continue;
        }
        let open = after + (code[after..].len() - rest.len());
        let mut depth = 0;
        let mut close = code.len();
        for (k, b) in bytes[open..].iter().enumerate() {
            match b {
                b'{' => depth += 1,
                b'}' => {
                    depth -= 1;
                    if depth == 0 {
                        close = open + k;
                        break;
                    }
                }
                _ => {}
            }
        }
        found.push((open, close, name.to_owned()));
    }
    found
}

fn imports_of(file: &SourceFile, children: &BTreeSet<String>) -> Vec<Import> {
    let code = &file.code;
    let inline = inline_modules(code);
    let mut out = Vec::new();
    let crate_name = if file.module.first().map(String::as_str) == Some("<main>") {
        "mqtt_console"
    } else {
        "crate"
    };
    let mut starts: Vec<(usize, &str)> = Vec::new();
    for prefix in [crate_name, "super", "self"] {
        let pattern = format!("{prefix}::");
        let mut from = 0;
        while let Some(k) = code[from..].find(&pattern) {
            let at = from + k;
            from = at + pattern.len();
            let before = code[..at].chars().last().unwrap_or(' ');
            if is_ident_char(before) || (before == ':' && prefix != "super") {
                continue;
            }
            // `pub(in crate::a)` names where an item is visible, not what this file uses.
            if code[..at].trim_end().ends_with("(in") {
                continue;
            }
            starts.push((at, prefix));
        }
    }
    for child in children {
        let pattern = format!("{child}::");
        let mut from = 0;
        while let Some(k) = code[from..].find(&pattern) {
            let at = from + k;
            from = at + pattern.len();
            let before = code[..at].trim_end().chars().last().unwrap_or(' ');
            if is_ident_char(code[..at].chars().last().unwrap_or(' ')) || before == ':' {
                continue;
            }
            starts.push((at, "child"));
        }
    }
    for (at, prefix) in starts {
        // `super::` inside an inline module of this file means the file itself.
        let depth = inline.iter().filter(|(o, c, _)| *o < at && at < *c).count();
        let (mut base, skip) = match prefix {
            "crate" | "mqtt_console" => (Vec::new(), prefix.len() + 2),
            "child" => (file.module.clone(), 0),
            _ => (file.module.clone(), prefix.len() + 2),
        };
        let mut pos = at + skip;
        if prefix == "super" {
            // Chains of super::super:: walk further up.
            let mut ups: usize = 1;
            while code[pos..].starts_with("super::") {
                ups += 1;
                pos += "super::".len();
            }
            let from_file = ups.saturating_sub(depth);
            for _ in 0..from_file {
                base.pop();
            }
        }
        let line = code[..at].matches('\n').count() + 1;
        for tail in paths_at(code, pos) {
            let mut target = base.clone();
            target.extend(tail.iter().cloned());
            out.push(Import {
                line,
                written: format!("{}{}", &code[at..at + skip], tail.join("::")),
                target,
            });
        }
    }
    out
}

/// The crate's module files by module path, and each `mod.rs`'s re-exports (name → module path).
struct ModuleMap {
    files: BTreeMap<Vec<String>, usize>,
    reexports: BTreeMap<Vec<String>, BTreeMap<String, Vec<String>>>,
}

impl ModuleMap {
    fn new(sources: &[SourceFile]) -> ModuleMap {
        let mut files = BTreeMap::new();
        let mut reexports = BTreeMap::new();
        for (i, f) in sources.iter().enumerate() {
            files.insert(f.module.clone(), i);
            let is_mod = f
                .path
                .file_name()
                .is_some_and(|n| n == "mod.rs" || n == "lib.rs");
            if !is_mod {
                continue;
            }
            let mut names = BTreeMap::new();
            let mut from = 0;
            while let Some(k) = f.code[from..].find("pub use ") {
                let at = from + k + "pub use ".len();
                from = at;
                for path in paths_at(&f.code, at) {
                    if let Some(name) = path.last() {
                        let mut full = f.module.clone();
                        if path.first().map(String::as_str) == Some("crate") {
                            full.clear();
                            full.extend(path[1..path.len() - 1].iter().cloned());
                        } else {
                            full.extend(path[..path.len() - 1].iter().cloned());
                        }
                        names.insert(name.clone(), full);
                    }
                }
            }
            reexports.insert(f.module.clone(), names);
        }
        ModuleMap { files, reexports }
    }

    /// The file a path leads to: its longest prefix that is a module file, following a
    /// re-export of the next segment.
    fn resolve(&self, path: &[String]) -> Option<usize> {
        for len in (0..=path.len()).rev() {
            let prefix = &path[..len];
            let Some(&file) = self.files.get(prefix) else {
                continue;
            };
            if let (Some(next), Some(names)) = (path.get(len), self.reexports.get(prefix)) {
                if let Some(origin) = names.get(next) {
                    if origin.as_slice() != prefix {
                        let mut followed = origin.clone();
                        followed.extend(path[len..].iter().cloned());
                        return self.resolve(&followed).or(Some(file));
                    }
                }
            }
            return Some(file);
        }
        None
    }
}

/// For each file (by index), the files it imports, each with the first line and path doing so.
type Edges = Vec<BTreeMap<usize, (usize, String)>>;

/// The import graph of `sources`.
fn graph(sources: &[SourceFile]) -> (Edges, ModuleMap) {
    let map = ModuleMap::new(sources);
    let mut edges = vec![BTreeMap::new(); sources.len()];
    for (i, f) in sources.iter().enumerate() {
        let children: BTreeSet<String> = map
            .files
            .keys()
            .filter(|m| m.len() == f.module.len() + 1 && m.starts_with(&f.module))
            .filter_map(|m| m.last().cloned())
            .collect();
        for import in imports_of(f, &children) {
            if let Some(j) = map.resolve(&import.target) {
                if j != i {
                    edges[i].entry(j).or_insert((import.line, import.written));
                }
            }
        }
    }
    (edges, map)
}

#[test]
fn no_file_imports_a_layer_above_its_own() {
    let sources = load_sources();
    let (edges, _) = graph(&sources);
    let mut wrong = Vec::new();
    for (i, targets) in edges.iter().enumerate() {
        let from = Layer::of(&sources[i].module);
        for (&j, (line, written)) in targets {
            let to = Layer::of(&sources[j].module);
            if !from.may_import(to) {
                wrong.push(format!(
                    "src/{}:{line}: {from:?} imports {to:?} ({written} → src/{})",
                    sources[i].path.display(),
                    sources[j].path.display()
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports against the layers:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn no_files_import_each_other_in_a_loop() {
    let sources = load_sources();
    let (edges, _) = graph(&sources);
    // Tarjan's strongly connected components; any component of two or more files is a loop.
    struct Walk<'a> {
        edges: &'a Edges,
        index: Vec<Option<usize>>,
        low: Vec<usize>,
        on_stack: Vec<bool>,
        stack: Vec<usize>,
        next: usize,
        loops: Vec<Vec<usize>>,
    }
    impl Walk<'_> {
        fn visit(&mut self, v: usize) {
            self.index[v] = Some(self.next);
            self.low[v] = self.next;
            self.next += 1;
            self.stack.push(v);
            self.on_stack[v] = true;
            let targets: Vec<usize> = self.edges[v].keys().copied().collect();
            for w in targets {
                match self.index[w] {
                    None => {
                        self.visit(w);
                        self.low[v] = self.low[v].min(self.low[w]);
                    }
                    Some(iw) if self.on_stack[w] => self.low[v] = self.low[v].min(iw),
                    _ => {}
                }
            }
            if Some(self.low[v]) == self.index[v] {
                let mut component = Vec::new();
                while let Some(w) = self.stack.pop() {
                    self.on_stack[w] = false;
                    component.push(w);
                    if w == v {
                        break;
                    }
                }
                if component.len() > 1 {
                    self.loops.push(component);
                }
            }
        }
    }
    let n = sources.len();
    let mut walk = Walk {
        edges: &edges,
        index: vec![None; n],
        low: vec![0; n],
        on_stack: vec![false; n],
        stack: Vec::new(),
        next: 0,
        loops: Vec::new(),
    };
    for v in 0..n {
        if walk.index[v].is_none() {
            walk.visit(v);
        }
    }
    let described: Vec<String> = walk
        .loops
        .iter()
        .map(|component| {
            let members: BTreeSet<usize> = component.iter().copied().collect();
            component
                .iter()
                .flat_map(|&a| {
                    edges[a]
                        .iter()
                        .filter(|(b, _)| members.contains(b))
                        .map(move |(&b, (line, written))| (a, b, *line, written.clone()))
                })
                .map(|(a, b, line, written)| {
                    format!(
                        "  src/{}:{line} {written} → src/{}",
                        sources[a].path.display(),
                        sources[b].path.display()
                    )
                })
                .collect::<Vec<_>>()
                .join("\n")
        })
        .collect();
    assert!(
        described.is_empty(),
        "files that import each other in a loop:\n{}",
        described.join("\n\n")
    );
}

/// The browser's and the view library's crates: only the platform, the stores and the views may
/// name them.
const BROWSER_CRATES: [&str; 6] = [
    "leptos",
    "web_sys",
    "js_sys",
    "gloo",
    "wasm_bindgen",
    "wasm_bindgen_futures",
];

#[test]
fn the_core_models_and_words_use_no_browser_crate() {
    let mut found = Vec::new();
    for f in load_sources() {
        if !matches!(
            Layer::of(&f.module),
            Layer::Core | Layer::Model | Layer::Words
        ) {
            continue;
        }
        for (n, line) in f.code.lines().enumerate() {
            for name in BROWSER_CRATES {
                let pattern = format!("{name}::");
                let mut from = 0;
                while let Some(k) = line[from..].find(&pattern) {
                    let at = from + k;
                    from = at + pattern.len();
                    let before = line[..at].chars().last().unwrap_or(' ');
                    if !is_ident_char(before) && before != ':' {
                        found.push(format!("src/{}:{}: {name}", f.path.display(), n + 1));
                    }
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "browser crates below the platform:\n{}",
        found.join("\n")
    );
}

/// CJK ideographs and CJK punctuation/full-width forms.
fn is_chinese(c: char) -> bool {
    matches!(c as u32,
        0x3000..=0x303F | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF
        | 0x20000..=0x2FA1F)
}

#[test]
fn no_chinese_text_outside_i18n() {
    let src = src_dir();
    let mut paths = Vec::new();
    rust_files(&src, &mut paths);
    let mut found = Vec::new();
    for path in paths {
        let rel = path.strip_prefix(&src).unwrap_or(&path);
        if rel.starts_with("i18n") {
            continue;
        }
        let text = fs::read_to_string(&path).unwrap_or_default();
        for (n, line) in text.lines().enumerate() {
            if line.chars().any(is_chinese) {
                found.push(format!("src/{}:{}: {}", rel.display(), n + 1, line.trim()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "Chinese text outside src/i18n ({} lines):\n{}",
        found.len(),
        found.join("\n")
    );
}

/// The checks themselves: a loop, an upward import and a grouped import are found.
#[test]
fn the_checker_finds_what_it_looks_for() {
    let file = |path: &str, code: &str| SourceFile {
        path: PathBuf::from(path),
        module: module_of(Path::new(path)),
        code: blank_non_code(code),
    };
    let sources = vec![
        file("lib.rs", "pub mod model; pub mod store;"),
        file("model/mod.rs", "pub mod a; pub mod b; pub use a::Thing;"),
        file(
            "model/a.rs",
            "use super::b::X; // crate::store::Hidden\nfn f() { let s = \"crate::store::Y\"; }",
        ),
        file(
            "model/b.rs",
            "use crate::{model::Thing, store::{S, T}};\n#[cfg(test)] mod tests { use super::*; }",
        ),
        file("model/c.rs", "pub(in crate::model) struct C;"),
        file("store/d.rs", "use super::*;"),
        file("store/mod.rs", "pub struct S;"),
    ];
    let (edges, _) = graph(&sources);
    let index = |p: &str| {
        sources
            .iter()
            .position(|f| f.path == Path::new(p))
            .unwrap_or(usize::MAX)
    };
    let (a, b, store) = (
        index("model/a.rs"),
        index("model/b.rs"),
        index("store/mod.rs"),
    );
    assert!(edges[a].contains_key(&b), "a uses b");
    assert!(edges[b].contains_key(&a), "b uses a through the re-export");
    assert!(edges[b].contains_key(&store), "b uses store in a group");
    assert!(
        !edges[a].contains_key(&store),
        "comments and strings are not code"
    );
    assert!(
        edges[index("model/c.rs")].is_empty(),
        "a visibility path is no import"
    );
    assert!(
        edges[index("store/d.rs")].contains_key(&store),
        "a glob of the parent imports the parent"
    );
    assert!(!Layer::Model.may_import(Layer::Store));
    assert!(Layer::Store.may_import(Layer::Model));
    assert!(!Layer::Platform.may_import(Layer::Core));
    assert!(is_chinese('中') && !is_chinese('a'));
}
