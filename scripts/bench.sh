#!/usr/bin/env bash
# Benchmarks the console against mqtt.js and a raw WebSocket in one headless Chromium (issue 7),
# and its ingest over MQTT 5 beside its 3.1.1 figure of the same run (issue 14, page (e)):
# installs what is missing (setup.sh) and mqtt.js from the npm registry into bench/node_modules,
# builds the release app, then runs the harness (bench/), which starts mosquitto, a static
# server and chromedriver itself, and writes BENCHMARKS.md.
#
# Usage: scripts/bench.sh           the full run (about 15 minutes), writes BENCHMARKS.md
#        scripts/bench.sh --smoke   a few thousand messages, to keep the harness working; writes
#                                   target/bench-smoke.md and never touches BENCHMARKS.md
#        scripts/bench.sh --soak [MINUTES [CAPACITY]]
#                                   a QoS 1 stream at 1,000 msg/s for MINUTES (60) against the
#                                   console with its log capacity at CAPACITY (100000), sampled
#                                   every minute; writes bench/soak/console-CAPACITY.md and the
#                                   soak section of BENCHMARKS.md (issue 13); SOAK_PROFILE=FILE
#                                   also writes a DevTools CPU profile of the whole soak
#        scripts/bench.sh --soak-check
#                                   the short soak of the test command: 2 minutes, capacity
#                                   10,000; fails when a message is lost or the page grows once
#                                   its log is full; writes target/soak-check.md
#        scripts/bench.sh --emulator-soak [MINUTES [LOG_CAPACITY]]
#                                   the emulator soak (issue 13): one device posts properties to
#                                   the release emulator at 100 msg/s for MINUTES (default 60)
#                                   while its HTTP API is polled and its memory sampled; the
#                                   ring keeps LOG_CAPACITY entries (default 10000). The full
#                                   hour writes bench/soak/emulator.md and the soak section of
#                                   BENCHMARKS.md, shorter runs target/soak-emulator.md; exit
#                                   code 1 if a message was lost or memory grew after the ring
#                                   filled. Needs only cargo. The short form, in the test
#                                   command: --emulator-soak 1 2000 (about 70 s).
# BENCH_STEPS=codecs (issue 17) also builds the decode page (bench/decode-page, the decoder engine
# with the app's release profile, a few minutes after a release build) and rewrites only the codecs
# section of BENCHMARKS.md; the full run builds and measures it too, the smoke does not build it.
# The release build goes to target/bench-dist (a dist/ in use by someone else is left alone);
# BENCH_DIST=DIR uses a release build already made there instead (scripts/test.sh passes dist/).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

if [ "${1:-}" = "--emulator-soak" ]; then
  MINUTES="${2:-60}"
  CAPACITY="${3:-10000}"
  TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
  export PATH="$HOME/.cargo/bin:$PATH"
  OUT="$ROOT/target/soak-emulator.md"
  HOUR=""
  if [ "$MINUTES" = 60 ] && [ "$CAPACITY" = 10000 ]; then OUT="$ROOT/bench/soak/emulator.md"; HOUR=1; fi
  cargo build --release -p aliyun-emulator
  cargo build -p mqtt-console-bench --bin emulator-soak --bin mqtt-console-bench
  mkdir -p "$(dirname "$OUT")"
  STATUS=0
  "$TARGET/debug/emulator-soak" --emulator "$TARGET/release/aliyun-emulator" \
    --minutes "$MINUTES" --rate 100 --log-capacity "$CAPACITY" --out "$OUT" \
    --command "scripts/bench.sh --emulator-soak${2:+ $2}${3:+ $3}" || STATUS=$?
  if [ -n "$HOUR" ] && [ -f "$OUT" ]; then
    "$TARGET/debug/mqtt-console-bench" splice --benchmarks "$ROOT/BENCHMARKS.md" --dir "$ROOT/bench/soak"
  fi
  exit "$STATUS"
fi

source scripts/setup.sh
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"

SMOKE=()
OUT="$ROOT/BENCHMARKS.md"
NOTES=(--notes "$ROOT/bench/notes.md")
SOAK=()
case "${1:-}" in
  --smoke) SMOKE=(--smoke); OUT="$ROOT/target/bench-smoke.md"; NOTES=() ;;
  --soak)
    MINUTES="${2:-60}"; CAPACITY="${3:-100000}"
    OUT="$ROOT/bench/soak/console-$CAPACITY.md"
    SOAK=(soak --minutes "$MINUTES" --capacity "$CAPACITY" --rate 1000 --sample-secs 60
          --benchmarks "$ROOT/BENCHMARKS.md" --command "scripts/bench.sh --soak $MINUTES $CAPACITY") ;;
  --soak-check)
    OUT="$ROOT/target/soak-check.md"
    SOAK=(soak --minutes 2 --capacity 10000 --rate 1000 --sample-secs 20 --check
          --command "scripts/bench.sh --soak-check") ;;
  "") ;;
  *) echo "usage: scripts/bench.sh [--smoke | --soak [MINUTES [CAPACITY]] | --soak-check | --emulator-soak [MINUTES [LOG_CAPACITY]]]" >&2; exit 2 ;;
esac
# BENCH_PAGES=d (some pages only), BENCH_STEPS=p2 (some measurements only) and BENCH_PROFILE=d
# (a CPU profile) are for trying a change: such a partial run never replaces BENCHMARKS.md.
CODECS=()
if [ -n "${BENCH_PAGES:-}${BENCH_STEPS:-}" ] && [ "$OUT" = "$ROOT/BENCHMARKS.md" ]; then
  OUT="$ROOT/target/bench-partial.md"
  # The codecs step alone (issue 17) rewrites its own section of BENCHMARKS.md, nothing else.
  if [ "${BENCH_STEPS:-}" = codecs ] && [ -z "${BENCH_PAGES:-}" ]; then
    CODECS=(--splice-codecs "$ROOT/BENCHMARKS.md")
  fi
fi
DIST="${BENCH_DIST:-}"

say "installing mqtt.js (bench/package-lock.json) into bench/node_modules"
npm ci --prefix bench --no-audit --no-fund --loglevel=error >/dev/null
MQTTJS="$ROOT/bench/node_modules/mqtt/dist/mqtt.min.js"
[ -f "$MQTTJS" ] || { say "mqtt.js has no dist/mqtt.min.js at $MQTTJS"; exit 1; }

if [ -z "$DIST" ]; then
  DIST="$ROOT/target/bench-dist"
  say "building the release app into $DIST"
  trunk build --release --dist "$DIST"
fi
[ -f "$DIST/index.html" ] || { say "no release build in $DIST (trunk build --release)"; exit 1; }

# The decode page: the decoder engine compiled as the release app is (the workspace's release
# profile, wasm-bindgen, wasm-opt -Oz with split.py's features), in a wasm of its own.
if [ ${#SMOKE[@]} -eq 0 ] && [ ${#SOAK[@]} -eq 0 ] && { [ -z "${BENCH_STEPS:-}" ] || [[ "$BENCH_STEPS" == *codecs* ]]; }; then
  say "building the decode page (bench/decode-page)"
  cargo build -p mqtt-console-decode-page --release --target wasm32-unknown-unknown
  DECODE="$TARGET/bench-decode-page"
  rm -rf "$DECODE"
  wasm-bindgen --target web --no-typescript --out-dir "$DECODE" \
    "$TARGET/wasm32-unknown-unknown/release/mqtt_console_decode_page.wasm"
  wasm-opt -Oz --enable-bulk-memory --enable-mutable-globals --enable-nontrapping-float-to-int \
    --enable-sign-ext --enable-reference-types --enable-multivalue \
    "$DECODE/mqtt_console_decode_page_bg.wasm" -o "$DECODE/mqtt_console_decode_page_bg.wasm"
  CODECS+=(--decode-page "$DECODE")
fi
cargo build -p mqtt-console-bench

mkdir -p "$(dirname "$OUT")"
if [ ${#SOAK[@]} -gt 0 ]; then
  exec "$TARGET/debug/mqtt-console-bench" "${SOAK[@]}" --dist "$DIST" --pages "$ROOT/bench/pages" \
    --out "$OUT"
fi
"$TARGET/debug/mqtt-console-bench" --dist "$DIST" --pages "$ROOT/bench/pages" \
  --mqttjs "$MQTTJS" --out "$OUT" --command "scripts/bench.sh${1:+ $1}" "${NOTES[@]}" "${SMOKE[@]}" \
  "${CODECS[@]}"
