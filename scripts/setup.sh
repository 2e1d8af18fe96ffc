#!/usr/bin/env bash
# Installs whatever building Five Sigma needs and is missing; safe to run again (it skips what is
# there). Sourced by scripts/serve.sh and scripts/test.sh; run it alone to prepare a machine.
#
# Needs: rustup (https://rustup.rs) and, for Node.js when it is missing, apt-get (Debian/Ubuntu).
# Installs: the wasm32 target, trunk 0.21.14, wasm-bindgen-cli at the version in Cargo.lock,
# Node.js + npm, and the npm packages in package-lock.json (binaryen's wasm-opt, playwright-core).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TRUNK_VERSION="0.21.14"

say() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }
die() { printf '\033[1;31merror:\033[0m %s\n' "$*" >&2; exit 1; }

# Runs a command as root: directly when we are root, through sudo otherwise.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    die "need root to run: $* (install sudo or run as root)"; fi
}

apt_updated=0
apt_install() {
  command -v apt-get >/dev/null || die "apt-get not found: install these packages by hand: $*"
  if [ "$apt_updated" -eq 0 ]; then as_root apt-get update -qq; apt_updated=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

export PATH="$HOME/.cargo/bin:$ROOT/node_modules/.bin:$PATH"

command -v rustup >/dev/null || die "rustup is missing: install Rust from https://rustup.rs first"

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi
for component in rustfmt clippy; do
  if ! rustup component list --installed | grep -q "^$component"; then
    say "adding rustup component $component"
    rustup component add "$component"
  fi
done

# trunk's own release profile (fat LTO, one codegen unit, opt-level 3) makes its install the
# slowest step of a fresh machine; trunk only orchestrates the build, so a quick compile serves as
# well: 6½ minutes on 2 cores instead of about 10.
if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
  say "installing trunk $TRUNK_VERSION (about 7 minutes on 2 cores)"
  CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    CARGO_PROFILE_RELEASE_OPT_LEVEL=1 cargo install --locked trunk --version "$TRUNK_VERSION"
fi

# wasm-bindgen-cli must match the wasm-bindgen crate exactly. It is installed without --locked on
# purpose: its lock file pins a webpki-roots version that some registry mirrors lack.
WASM_BINDGEN_VERSION="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock")"
[ -n "$WASM_BINDGEN_VERSION" ] || die "could not read the wasm-bindgen version from Cargo.lock"
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 3 minutes)"
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  say "installing Node.js and npm"
  apt_install nodejs npm
fi

# npm ci when node_modules is missing or older than the lock file.
if [ ! -d "$ROOT/node_modules" ] || [ "$ROOT/package-lock.json" -nt "$ROOT/node_modules/.package-lock.json" ]; then
  say "installing npm packages (binaryen's wasm-opt, playwright-core)"
  (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error)
fi
wasm-opt --version 2>/dev/null | grep -q "version 132" || die "wasm-opt 132 not found in node_modules/.bin (npm ci failed?)"

# Trunk runs cargo with --offline (Trunk.toml), so fetch the crates first.
(cd "$ROOT" && cargo fetch --quiet)
