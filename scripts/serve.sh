#!/usr/bin/env bash
# Builds the console and serves it at a printed local URL, with a local mosquitto (websockets),
# the local Aliyun IoT emulator, and ready "Local broker" and "Aliyun (local emulator)" profiles.
# Ctrl+C stops everything. Usage: scripts/serve.sh
# Ports: APP_PORT (8080), BROKER_WS_PORT (9001), BROKER_TCP_PORT (1883), EMULATOR_WS_PORT (8443),
# EMULATOR_TCP_PORT (11883), EMULATOR_HTTP_PORT (8081); a busy one is replaced by a free one.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
source scripts/setup.sh
source scripts/ports.sh

APP_PORT=$(port_or_free "${APP_PORT:-8080}")
WS_PORT=$(port_or_free "${BROKER_WS_PORT:-9001}")
TCP_PORT=$(port_or_free "${BROKER_TCP_PORT:-1883}")
EMU_WS=$(port_or_free "${EMULATOR_WS_PORT:-8443}")
EMU_TCP=$(port_or_free "${EMULATOR_TCP_PORT:-11883}")
EMU_HTTP=$(port_or_free "${EMULATOR_HTTP_PORT:-8081}")
RUN="$ROOT/.tools/run"
rm -rf "$RUN" && mkdir -p "$RUN"
MOSQUITTO_PID=""
EMULATOR_PID=""
cleanup() {
  [ -n "$MOSQUITTO_PID" ] && kill "$MOSQUITTO_PID" 2>/dev/null
  [ -n "$EMULATOR_PID" ] && kill "$EMULATOR_PID" 2>/dev/null
  true
}
trap cleanup EXIT INT TERM

trunk build --release
cargo build -p aliyun-emulator
start_mosquitto "$RUN/broker" "$TCP_PORT" "$WS_PORT"
target/debug/aliyun-emulator --ws "127.0.0.1:$EMU_WS" --tcp "127.0.0.1:$EMU_TCP" --http "127.0.0.1:$EMU_HTTP" \
  >"$RUN/emulator.out" 2>"$RUN/emulator.log" &
EMULATOR_PID=$!
for _ in $(seq 100); do grep -q '^aliyun-emulator ready' "$RUN/emulator.out" 2>/dev/null && break; sleep 0.1; done
grep -q '^aliyun-emulator ready' "$RUN/emulator.out" || { cat "$RUN/emulator.log" >&2; exit 1; }

# The demo profiles go into a copy of dist/, never into dist/ itself, so a deployed dist/
# carries no local settings. They travel inside the copy's index.html as an inline JSON data
# block, which the page reads without a request (and which is never executed, so the
# Content-Security-Policy is untouched); they cannot be a link, since the emulator's profile
# holds its demo DeviceSecret.
cp -r dist "$RUN/site"
sed -e "s/@BROKER_WS_PORT@/$WS_PORT/" -e "s/@EMULATOR_WS_PORT@/$EMU_WS/" scripts/demo-profiles.json.in \
  | python3 -c '
import json, sys
page_path = sys.argv[1]
demo = json.dumps(json.load(sys.stdin), separators=(",", ":")).replace("<", "\\u003c")
block = "<script type=\"application/json\" id=\"mqtt-console-demo\">" + demo + "</script>"
page = open(page_path, encoding="utf-8").read()
if "</head>" not in page:
    sys.exit(page_path + " has no </head>")
open(page_path, "w", encoding="utf-8").write(page.replace("</head>", block + "</head>", 1))
' "$RUN/site/index.html"

cat <<MSG

  MQTT Console:   http://127.0.0.1:$APP_PORT/
  Local broker:   ws://127.0.0.1:$WS_PORT (websockets), 127.0.0.1:$TCP_PORT (tcp)
  Aliyun emulator: ws://127.0.0.1:$EMU_WS (MQTT over WebSocket), 127.0.0.1:$EMU_TCP (tcp),
                  http://127.0.0.1:$EMU_HTTP/api (cloud-side HTTP API; see emulator/README.md)
  Try:            mosquitto_pub -p $TCP_PORT -t demo/hello -m 'hello from the terminal'
                  curl -s http://127.0.0.1:$EMU_HTTP/api/publish -H 'content-type: application/json' \\
                    -d '{"topic":"/a1MqttDemo1/console-demo/user/get","payload":"hello from the cloud"}'
  Ctrl+C stops the app and the broker.

MSG
python3 scripts/static_server.py "$APP_PORT" "$RUN/site"
