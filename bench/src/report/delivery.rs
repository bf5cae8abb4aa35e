//! P1 and the chunks: which files a first load of the console fetches, and what each file of
//! `dist/` weighs raw, with `gzip -9` and with brotli (quality 11), as a CDN would serve them.
//!
//! The first load is read from the files themselves: `index.html`, every file it links or its
//! bootstrap script imports, and every module those scripts import in turn (the wasm-bindgen
//! glue imports the chunk loader). A chunk (`*.wasm` other than the main module) is fetched only
//! when the part it holds is first used, so it is listed apart. `tests/e2e_delivery.rs` checks
//! the same sum against what the browser really fetched.

use std::collections::BTreeSet;
use std::fmt::Write;
use std::path::Path;

/// One file's weight.
#[derive(Clone, Copy, Default)]
pub struct Weight {
    pub raw: u64,
    pub gzip: u64,
    pub brotli: u64,
}

impl std::ops::AddAssign for Weight {
    fn add_assign(&mut self, o: Weight) {
        self.raw += o.raw;
        self.gzip += o.gzip;
        self.brotli += o.brotli;
    }
}

/// The console's files: those of the first load, and the rest (chunks, icons, the worker).
pub struct Delivery {
    pub first: Vec<(String, Weight)>,
    pub later: Vec<(String, Weight)>,
}

impl Delivery {
    pub fn first_total(&self) -> Weight {
        let mut t = Weight::default();
        for (_, w) in &self.first {
            t += *w;
        }
        t
    }
}

/// Raw, `gzip -9` and brotli 11 sizes of `bytes`, weighed as `tests/e2e_delivery.rs` does.
pub fn weigh(bytes: &[u8]) -> Result<Weight, String> {
    Ok(Weight {
        raw: bytes.len() as u64,
        gzip: crate::support::delivery::gzip_len(bytes),
        brotli: crate::support::delivery::brotli_len(bytes),
    })
}

/// The relative file names `text` refers to: `href="./x"`, `src="x"`, `from './x'`,
/// `import("./x")`, `module_or_path: './x'`; absolute URLs and fragments are skipped.
fn references(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for marker in ["href=", "src=", "from ", "import(", "module_or_path: "] {
        let mut rest = text;
        while let Some(i) = rest.find(marker) {
            rest = &rest[i + marker.len()..];
            let Some(quote) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') else {
                continue;
            };
            let body = &rest[1..];
            if let Some(end) = body.find(quote) {
                let name = body[..end].trim_start_matches("./");
                if !name.is_empty()
                    && !name.contains(':')
                    && !name.starts_with('#')
                    && !name.starts_with('/')
                {
                    found.push(name.to_owned());
                }
            }
        }
    }
    found
}

/// `html` without its `apple-touch-icon` links: only iOS fetches those (for the home screen),
/// never a page load in Chromium.
fn without_touch_icons(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find("<link") {
        out.push_str(&rest[..i]);
        let tag_end = rest[i..].find('>').map_or(rest.len(), |e| i + e + 1);
        let tag = &rest[i..tag_end];
        if !tag.contains("apple-touch-icon") {
            out.push_str(tag);
        }
        rest = &rest[tag_end..];
    }
    out.push_str(rest);
    out
}

/// Weighs `dist`: the first load (from `index`, the page as served) and every other file.
pub fn measure(dist: &Path, index: &[u8]) -> Result<Delivery, String> {
    let mut first = vec![("index.html".to_owned(), weigh(index)?)];
    let mut seen = BTreeSet::from(["index.html".to_owned()]);
    let mut queue = references(&without_touch_icons(&String::from_utf8_lossy(index)));
    while let Some(name) = queue.pop() {
        if !seen.insert(name.clone()) {
            continue;
        }
        let path = dist.join(&name);
        let bytes = std::fs::read(&path).map_err(|e| format!("read {}: {e}", path.display()))?;
        if name.ends_with(".js") {
            queue.extend(references(&String::from_utf8_lossy(&bytes)));
        }
        first.push((name, weigh(&bytes)?));
    }
    let mut later = Vec::new();
    let mut dirs = vec![dist.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).map_err(|e| format!("read {}: {e}", dir.display()))? {
            let path = entry.map_err(|e| e.to_string())?.path();
            if path.is_dir() {
                dirs.push(path);
                continue;
            }
            let name = path
                .strip_prefix(dist)
                .map_err(|e| e.to_string())?
                .to_string_lossy()
                .replace('\\', "/");
            if seen.contains(&name) {
                continue;
            }
            let bytes =
                std::fs::read(&path).map_err(|e| format!("read {}: {e}", path.display()))?;
            later.push((name, weigh(&bytes)?));
        }
    }
    first.sort_by_key(|(_, w)| std::cmp::Reverse(w.gzip));
    later.sort_by_key(|(_, w)| std::cmp::Reverse(w.gzip));
    Ok(Delivery { first, later })
}

fn kb(b: u64) -> String {
    format!("{:.1} KB", b as f64 / 1000.0)
}

/// The BENCHMARKS.md section: the first load file by file, then every chunk.
pub fn section(d: &Delivery) -> String {
    let mut s = String::new();
    let row = |s: &mut String, name: &str, w: &Weight| {
        let _ = writeln!(
            s,
            "| `{name}` | {} | {} | {} |",
            kb(w.raw),
            kb(w.gzip),
            kb(w.brotli)
        );
    };
    let _ = writeln!(s, "## Delivery: the first load and the chunks\n");
    let _ = writeln!(s, "The first load (P1) is `index.html` and what it links and imports, fetched before the connect form answers a click; every `.wasm` below it is a chunk fetched the first time its part is used (names end in a content hash; `chunk_N` files are code several parts share). Sizes as a CDN serves them: `gzip -9` and brotli quality 11.\n");
    let _ = writeln!(s, "| first load | raw | gzip | brotli |\n|---|---|---|---|");
    for (name, w) in &d.first {
        row(&mut s, name, w);
    }
    row(&mut s, "total", &d.first_total());
    let _ = writeln!(
        s,
        "\n| fetched later | raw | gzip | brotli |\n|---|---|---|---|"
    );
    for (name, w) in &d.later {
        row(&mut s, name, w);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::references;

    #[test]
    fn touch_icons_are_not_a_first_load() {
        let html = r#"<link rel="icon" href="icons/icon.svg"><link rel="apple-touch-icon" href="icons/icon-192.png"><link href="a.css">"#;
        assert_eq!(
            references(&super::without_touch_icons(html)),
            ["icons/icon.svg", "a.css"]
        );
    }

    #[test]
    fn references_are_the_relative_names() {
        let html = r#"<link href="./a.css"><script type="module">import init from './b.js'; await init({ module_or_path: './b_bg.wasm' });</script><link rel="icon" href="icons/i.svg"><a href="https://x/y">"#;
        assert_eq!(
            references(html),
            ["a.css", "icons/i.svg", "b.js", "b_bg.wasm"]
        );
        assert_eq!(
            references(r#"import * as import1 from "./loader-1.js""#),
            ["loader-1.js"]
        );
    }
}
