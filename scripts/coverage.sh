#!/usr/bin/env bash
# Line coverage of src/ by the native tests (`cargo test -p mqtt-console --lib`), per layer and in
# all. Uses rustc's own instrumentation (-C instrument-coverage) and the llvm-profdata / llvm-cov
# of rustup's llvm-tools component (installed here if missing). Browser and end-to-end tests are
# not counted: this measures what runs without a browser. Test code itself (tests/ folders and
# tests.rs files) is left out of the figures.
# Usage: scripts/coverage.sh [--files]   (--files also lists every file)
# Env: COVERAGE_TARGET_DIR (default target/coverage; kept apart from the normal build).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
LIST_FILES=${1:-}

rustup component list --installed 2>/dev/null | grep -q '^llvm-tools' || rustup component add llvm-tools
SYSROOT="$(rustc --print sysroot)"
HOST="$(rustc -vV | sed -n 's/^host: //p')"
BIN="$SYSROOT/lib/rustlib/$HOST/bin"
TARGET_DIR="${COVERAGE_TARGET_DIR:-$ROOT/target/coverage}"
PROFILES="$TARGET_DIR/profiles"
rm -rf "$PROFILES"
mkdir -p "$PROFILES"

export CARGO_INCREMENTAL=0
export RUSTFLAGS="-C instrument-coverage"
export LLVM_PROFILE_FILE="$PROFILES/%p-%m.profraw"
# The test binaries, listed as JSON so the instrumented objects are known exactly.
mapfile -t OBJECTS < <(cargo test -p mqtt-console --lib --target-dir "$TARGET_DIR" --no-run \
  --message-format=json 2>/dev/null |
  python3 -c 'import json,sys
for line in sys.stdin:
    try: m = json.loads(line)
    except ValueError: continue
    if m.get("reason") == "compiler-artifact" and m.get("executable") and m["profile"].get("test"):
        print(m["executable"])')
[ ${#OBJECTS[@]} -gt 0 ] || { echo "coverage: no test binary was built" >&2; exit 1; }
cargo test -p mqtt-console --lib --target-dir "$TARGET_DIR" -q >/dev/null
"$BIN/llvm-profdata" merge -sparse "$PROFILES"/*.profraw -o "$PROFILES/merged.profdata"

ARGS=(-instr-profile="$PROFILES/merged.profdata" --ignore-filename-regex='(/\.cargo/|/rustc/|/tests/|/tests\.rs$|/target/)')
for o in "${OBJECTS[@]:1}"; do ARGS+=(-object "$o"); done
"$BIN/llvm-cov" export -summary-only "${ARGS[@]}" "${OBJECTS[0]}" |
  LIST_FILES="$LIST_FILES" ROOT="$ROOT" python3 -c '
import json, os, sys
data = json.load(sys.stdin)["data"][0]["files"]
root = os.environ["ROOT"] + "/src/"
layers = {}
rows = []
for f in data:
    name = f["filename"]
    if not name.startswith(root):
        continue
    rel = name[len(root):]
    lines = f["summary"]["lines"]
    top = rel.split("/")[0]
    layer = {"mqtt": "core", "aliyun": "core", "platform": "platform", "model": "model",
             "i18n": "i18n", "store": "store", "ui": "ui"}.get(top.removesuffix(".rs"), "root")
    c, n = layers.get(layer, (0, 0))
    layers[layer] = (c + lines["covered"], n + lines["count"])
    rows.append((rel, lines["covered"], lines["count"]))
def pct(c, n):
    return f"{100.0 * c / n:5.1f} %" if n else "    —  "
if os.environ.get("LIST_FILES") == "--files":
    for rel, c, n in sorted(rows):
        print(f"{rel:45} {c:6} / {n:6} {pct(c, n)}")
    print()
print("{:10} {:>8} / {:>6}".format("layer", "covered", "lines"))
total_c = total_n = 0
for layer in ["core", "platform", "model", "i18n", "store", "ui", "root"]:
    if layer in layers:
        c, n = layers[layer]
        total_c += c; total_n += n
        print(f"{layer:10} {c:8} / {n:6} {pct(c, n)}")
print("{:10} {:8} / {:6} {}".format("src/", total_c, total_n, pct(total_c, total_n)))
'
