#!/usr/bin/env bash
# Installs what building and testing Kindred needs, from crates.io, npm and apt only, and only what
# is missing or at the wrong version. Sourced by .ci/start, .ci/test and .ci/run.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CARGO_LEPTOS_VERSION="0.3.10"
BINARYEN_VERSION="132.0.0"
SCHEMATHESIS_VERSION="4.32.5"
# Project-local tools (wasm-opt) live here, ahead of anything the system has on PATH: Debian's
# binaryen 108 produces WebAssembly that fails to hydrate.
TOOLS="$ROOT/target/tools"
export PATH="$TOOLS/node_modules/.bin:$HOME/.cargo/bin:$PATH"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

apt_install() {
  say "Installing $* with apt"
  if [ -z "${KINDRED_APT_UPDATED:-}" ]; then
    as_root apt-get update -qq
    export KINDRED_APT_UPDATED=1
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# The wasm-bindgen CLI must equal the wasm-bindgen library in Cargo.lock, byte for byte.
locked_wasm_bindgen() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock"
}

ensure_build_tools() {
  command -v cargo >/dev/null || { echo "Rust is missing: install it with rustup (https://rustup.rs) first." >&2; exit 1; }
  command -v cc >/dev/null || apt_install build-essential
  command -v pkg-config >/dev/null || apt_install pkg-config
  command -v npm >/dev/null || apt_install nodejs npm

  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "Adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi

  if [ "$(cargo leptos --version 2>/dev/null)" != "cargo-leptos $CARGO_LEPTOS_VERSION" ]; then
    say "Installing cargo-leptos $CARGO_LEPTOS_VERSION (about 15 minutes, once)"
    cargo install cargo-leptos --locked --version "$CARGO_LEPTOS_VERSION"
  fi

  local bindgen
  bindgen="$(locked_wasm_bindgen)"
  if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $bindgen" ]; then
    say "Installing wasm-bindgen-cli $bindgen to match Cargo.lock"
    # Not --locked: the CLI's own lockfile pins a crate that has since been yanked.
    cargo install wasm-bindgen-cli --version "$bindgen" --force
  fi

  if ! "$TOOLS/node_modules/.bin/wasm-opt" --version 2>/dev/null | grep -q "version ${BINARYEN_VERSION%%.*}"; then
    say "Installing wasm-opt (binaryen $BINARYEN_VERSION) from npm into target/tools"
    mkdir -p "$TOOLS"
    npm install --silent --no-audit --no-fund --prefix "$TOOLS" "binaryen@$BINARYEN_VERSION"
  fi
}

# schemathesis, in a virtual environment of its own under target/tools.
ensure_contract_tools() {
  if [ "$("$TOOLS/schemathesis/bin/schemathesis" --version 2>/dev/null)" != "schemathesis, version $SCHEMATHESIS_VERSION" ]; then
    say "Installing schemathesis $SCHEMATHESIS_VERSION from PyPI into target/tools (API contract tests)"
    python3 -c 'import ensurepip, venv' 2>/dev/null || apt_install python3-venv
    python3 -m venv --clear "$TOOLS/schemathesis"
    "$TOOLS/schemathesis/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
  fi
}

ensure_test_tools() {
  ensure_build_tools
  local major
  major="$(node --version 2>/dev/null | sed 's/^v\([0-9]*\).*/\1/')"
  if [ "${major:-0}" -lt 20 ]; then
    echo "Playwright needs Node.js 20 or newer; this machine has $(node --version 2>/dev/null || echo none)." >&2
    echo "Install a newer nodejs package, then run this again." >&2
    exit 1
  fi
  [ -x /usr/bin/chromium ] || apt_install chromium
  ensure_contract_tools
  if [ ! -d "$ROOT/end2end/node_modules/@playwright/test" ] \
    || [ "$ROOT/end2end/package-lock.json" -nt "$ROOT/end2end/node_modules/.package-lock.json" ]; then
    say "Installing the end-to-end test packages (npm ci; no browser download)"
    (cd "$ROOT/end2end" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --silent --no-audit --no-fund)
  fi
}
