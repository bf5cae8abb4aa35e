#!/usr/bin/env bash
# Installs what the console needs to build, serve and test, skipping anything already present
# at the right version. Sourced by serve.sh and test.sh; safe to run again and again.
#
# Pinned versions (the README explains why):
#   trunk 0.21.14 (0.22 needs a newer rustc), wasm-bindgen-cli = the crate's pinned version,
#   binaryen 132 from npm (Debian's wasm-opt 108 produces a wasm that fails at start),
#   cargo-deny 0.20.2 (needs rustc 1.88 or newer; test.sh runs it offline),
#   wasm-pack 0.15.1 (`wasm-pack test --headless --chrome`, the README's browser-test command).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$ROOT/.tools"
TRUNK_VERSION="0.21.14"
WASM_BINDGEN_VERSION="$(sed -n 's/^wasm-bindgen = { version = "=\([0-9.]*\)".*/\1/p' "$ROOT/Cargo.toml")"
BINARYEN_VERSION="132"
CARGO_DENY_VERSION="0.20.2"
WASM_SPLIT_VERSION="0.2.4"
WASM_PACK_VERSION="0.15.1"
export TRUNK_SKIP_VERSION_CHECK=true
export PATH="$TOOLS/binaryen/node_modules/.bin:$HOME/.cargo/bin:$PATH"

say() { printf '\033[1;34m[setup]\033[0m %s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    say "need root to run: $*"; return 1; fi
}

ensure_debian_packages() {
  local missing=()
  command -v chromium >/dev/null || missing+=(chromium)
  command -v chromedriver >/dev/null || missing+=(chromium-driver)
  command -v mosquitto >/dev/null || [ -x /usr/sbin/mosquitto ] || missing+=(mosquitto)
  # mosquitto_sub and mosquitto_pub (2.0: -V mqttv5, -D properties, -F %P…) are the independent
  # MQTT 5 client of tests/e2e_mqtt5.rs.
  command -v mosquitto_pub >/dev/null && command -v mosquitto_sub >/dev/null || missing+=(mosquitto-clients)
  command -v node >/dev/null || missing+=(nodejs npm)
  command -v python3 >/dev/null || missing+=(python3)
  # Chinese glyphs for the UI's 中文 mode in headless screenshots.
  [ -d /usr/share/fonts/opentype/noto ] || missing+=(fonts-noto-cjk)
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing Debian packages: ${missing[*]}"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
  # Debian installs mosquitto as a service that would hold port 1883; we start our own.
  if command -v systemctl >/dev/null && systemctl is-active --quiet mosquitto 2>/dev/null; then
    as_root systemctl stop mosquitto || true
  fi
}

ensure_cargo_tool() { # binary, version, crate, extra cargo-install flags...
  local bin=$1 version=$2 crate=$3; shift 3
  if "$bin" --version 2>/dev/null | grep -qF " $version"; then return; fi
  say "installing $crate $version (a few minutes, once)"
  cargo install "$crate@$version" --force "$@"
}

ensure_wasm_opt() {
  if wasm-opt --version 2>/dev/null | grep -q "version $BINARYEN_VERSION"; then return; fi
  say "installing binaryen $BINARYEN_VERSION (wasm-opt) from npm into .tools/"
  mkdir -p "$TOOLS/binaryen"
  npm install --silent --no-audit --no-fund --prefix "$TOOLS/binaryen" "binaryen@$BINARYEN_VERSION" >/dev/null
}

if [ -z "$WASM_BINDGEN_VERSION" ]; then
  say "could not read the pinned wasm-bindgen version from Cargo.toml"; exit 1
fi
ensure_debian_packages
rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
ensure_cargo_tool trunk "$TRUNK_VERSION" trunk --locked
# No --locked: the wasm-bindgen-cli lockfile names a crate version this registry lacks.
ensure_cargo_tool wasm-bindgen "$WASM_BINDGEN_VERSION" wasm-bindgen-cli
# Cuts the release wasm into chunks (scripts/split.py); the binary needs the crate's feature and
# has no --version, so cargo's own list of installed crates says which version is there.
if ! cargo install --list 2>/dev/null | grep -qx "wasm_split_cli_support v$WASM_SPLIT_VERSION:"; then
  say "installing wasm_split_cli_support $WASM_SPLIT_VERSION (wasm-split-cli, a minute, once)"
  cargo install "wasm_split_cli_support@$WASM_SPLIT_VERSION" --force --locked --features build-binary
fi
ensure_cargo_tool cargo-deny "$CARGO_DENY_VERSION" cargo-deny --locked
# wasm-pack downloads nothing when it finds both tools on PATH: a `wasm-bindgen` whose --version
# is exactly the Cargo.lock version (installed above, `wasm-bindgen-test-runner` beside it) and a
# `chromedriver` (Debian's, the one that matches Debian's chromium). It reads no variable to find
# them (it sets CHROMEDRIVER itself, for the runner); without them on PATH it would fetch them,
# wasm-bindgen from GitHub, which these machines cannot reach.
ensure_cargo_tool wasm-pack "$WASM_PACK_VERSION" wasm-pack --locked
ensure_wasm_opt
export CHROMEDRIVER="$(command -v chromedriver)"
MOSQUITTO="$(command -v mosquitto || echo /usr/sbin/mosquitto)"
export MOSQUITTO
