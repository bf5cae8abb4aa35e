#!/usr/bin/env python3
"""Trunk post-build hook: cuts the release wasm into a first load and chunks fetched on first use.

Trunk 0.21 cannot split a wasm by itself (its hooks run before cargo or after wasm-bindgen, and
the split has to happen between the two: Trunk issue 1022), so in a release build this hook
redoes the last steps from cargo's own output:

  1. `wasm-split-cli` cuts target/wasm32-unknown-unknown/release/mqtt-console.wasm at every
     `chunk!` function of src/ui (Leptos's wasm-split support, `#[wasm_split]`) into the main
     module, one module per chunk, shared modules for code several chunks use, and a small
     loader (`__wasm_split.js`). The build keeps relocations for it (.cargo/config.toml).
  2. `wasm-bindgen` writes the JavaScript glue of the main module under Trunk's file names, so
     Trunk's bootstrap script (and the CSP hash of it) stays as it is.
  3. `wasm-opt -Oz` shrinks every wasm (Trunk's own wasm-opt is off: it would only shrink the
     file this hook replaces).
  4. Chunks and the loader get content hashes in their names, so a CDN may cache every file
     forever; the references between them and the SRI hashes in index.html are rewritten.

Debug builds (`trunk serve`) are not split: there a `chunk!` function is an ordinary async
function. Prints one line per output file (bytes, gzip) so a build log shows the sizes.
"""
import base64
import gzip
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

# The wasm features rustc 1.95 enables for wasm32-unknown-unknown; wasm-split drops the
# target_features section, so wasm-opt is told explicitly (and never allowed more).
WASM_FEATURES = [
    "--enable-bulk-memory",
    "--enable-mutable-globals",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-reference-types",
    "--enable-multivalue",
]


def fail(msg: str) -> None:
    sys.exit(f"split.py: {msg}")


def run(*cmd: str) -> None:
    try:
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    except FileNotFoundError:
        fail(f"{cmd[0]} is not installed (scripts/setup.sh installs it)")
    except subprocess.CalledProcessError as e:
        fail(f"{' '.join(cmd)} failed with status {e.returncode}")


def target_dir(root: Path) -> Path:
    if os.environ.get("CARGO_TARGET_DIR"):
        return Path(os.environ["CARGO_TARGET_DIR"])
    meta = subprocess.run(
        ["cargo", "metadata", "--format-version", "1", "--no-deps"],
        cwd=root, check=True, capture_output=True, text=True,
    )
    return Path(json.loads(meta.stdout)["target_directory"])


def short_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def sri(data: bytes) -> str:
    return "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode()


def main() -> None:
    if os.environ.get("TRUNK_PROFILE") != "release":
        return
    root = Path(os.environ.get("TRUNK_SOURCE_DIR", ".")).resolve()
    staging = Path(os.environ.get("TRUNK_STAGING_DIR", "dist")).resolve()
    built = sorted(staging.glob("*_bg.wasm"))
    if len(built) != 1:
        fail(f"expected one *_bg.wasm in {staging}, found {len(built)}")
    stem = built[0].name[: -len("_bg.wasm")]
    source = target_dir(root) / "wasm32-unknown-unknown" / "release" / "mqtt-console.wasm"
    if not source.is_file():
        fail(f"cargo's output {source} is missing")

    with tempfile.TemporaryDirectory(prefix="mqtt-console-split-") as tmp:
        tmp = Path(tmp)
        cut, glue, opt = tmp / "cut", tmp / "glue", tmp / "opt"
        run("wasm-split-cli", "--target", "web", str(source), str(cut))
        run(
            "wasm-bindgen", "--target", "web", "--no-typescript", "--keep-lld-exports",
            "--no-demangle", "--out-dir", str(glue), "--out-name", stem, str(cut / "main.wasm"),
        )
        opt.mkdir()
        jobs = [(glue / f"{stem}_bg.wasm", opt / f"{stem}_bg.wasm")]
        jobs += [(c, opt / c.name) for c in sorted(cut.glob("*.wasm")) if c.name != "main.wasm"]

        def shrink(job):
            src, dst = job
            run("wasm-opt", "-Oz", *WASM_FEATURES, str(src), "-o", str(dst))

        with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
            list(pool.map(shrink, jobs))

        # Hashed names for the chunks, then for the loader that names them.
        loader = (cut / "__wasm_split.js").read_text()
        renamed = {}
        for src, dst in jobs[1:]:
            data = dst.read_bytes()
            base = src.stem[len("split_"):] if src.stem.startswith("split_") else src.stem
            renamed[src.name] = f"{base}-{short_hash(data)}.wasm"
        for old, new in renamed.items():
            loader = loader.replace(f'"./{old}"', f'"./{new}"')
        loader = loader.replace('"./main.js"', f'"./{stem}.js"')
        loader_name = f"__wasm_split-{short_hash(loader.encode())}.js"
        main_js = (glue / f"{stem}.js").read_text()
        # Only the ES imports are renamed: the key of the imports object must stay the module
        # name the wasm itself imports from.
        main_js, count = re.subn(
            r'(import \* as \w+ from )"\./__wasm_split\.js"', rf'\1"./{loader_name}"', main_js
        )
        if count == 0:
            fail("the glue does not import ./__wasm_split.js; has wasm-split or wasm-bindgen changed?")

        outputs = {
            f"{stem}.js": main_js.encode(),
            f"{stem}_bg.wasm": (opt / f"{stem}_bg.wasm").read_bytes(),
            loader_name: loader.encode(),
        }
        for src, dst in jobs[1:]:
            outputs[renamed[src.name]] = dst.read_bytes()

    for name, data in outputs.items():
        (staging / name).write_bytes(data)

    # Trunk's preload links carry SRI hashes of the files it wrote; they now name ours.
    index = staging / "index.html"
    html = index.read_text()
    for name in (f"{stem}.js", f"{stem}_bg.wasm"):
        pattern = re.compile(r'(href="\./' + re.escape(name) + r'"[^>]*?integrity=")[^"]*(")')
        html, count = pattern.subn(lambda m: m.group(1) + sri(outputs[name]) + m.group(2), html)
        if count != 1:
            fail(f"index.html has no preload link with an integrity hash for {name}")
    index.write_text(html)

    for name, data in sorted(outputs.items()):
        print(f"split.py: {name:48} {len(data):>9} bytes {len(gzip.compress(data, 9)):>8} gzip")


if __name__ == "__main__":
    main()
