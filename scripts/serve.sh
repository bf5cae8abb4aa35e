#!/usr/bin/env bash
# Builds the console and serves it at a printed local URL, with a local mosquitto (websockets)
# and a ready "Local broker" profile. Ctrl+C stops everything. Usage: scripts/serve.sh
# Ports: APP_PORT (8080), BROKER_WS_PORT (9001), BROKER_TCP_PORT (1883); a busy one is replaced
# by a free one.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
source scripts/setup.sh
source scripts/ports.sh

APP_PORT=$(port_or_free "${APP_PORT:-8080}")
WS_PORT=$(port_or_free "${BROKER_WS_PORT:-9001}")
TCP_PORT=$(port_or_free "${BROKER_TCP_PORT:-1883}")
RUN="$ROOT/.tools/run"
rm -rf "$RUN" && mkdir -p "$RUN"
MOSQUITTO_PID=""
cleanup() { [ -n "$MOSQUITTO_PID" ] && kill "$MOSQUITTO_PID" 2>/dev/null; true; }
trap cleanup EXIT INT TERM

trunk build --release
start_mosquitto "$RUN/broker" "$TCP_PORT" "$WS_PORT"

# The demo profile lives beside a copy of dist/, never in dist/ itself, so a deployed dist/
# carries no local settings.
cp -r dist "$RUN/site"
cat >"$RUN/site/demo-profiles.json" <<JSON
{"profiles": [
  {"name": "Local broker", "mode": "generic", "url": "ws://127.0.0.1:$WS_PORT", "keepalive": "60",
   "subscribe": "demo/#", "publish": "demo/hello"}
]}
JSON

cat <<MSG

  MQTT Console:   http://127.0.0.1:$APP_PORT/
  Local broker:   ws://127.0.0.1:$WS_PORT (websockets), 127.0.0.1:$TCP_PORT (tcp)
  Try:            mosquitto_pub -p $TCP_PORT -t demo/hello -m 'hello from the terminal'
  Ctrl+C stops the app and the broker.

MSG
python3 scripts/static_server.py "$APP_PORT" "$RUN/site"
