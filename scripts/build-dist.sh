#!/usr/bin/env bash
# Builds the static folder dist/ for hosting: optimised wasm (wasm-opt -Oz), relative URLs, so it
# works from any sub-path (e.g. https://example.org/courses/ml/) and from any static file server.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=setup.sh
source "$ROOT/scripts/setup.sh"
cd "$ROOT"
say "building dist/ (release)"
trunk build --release "$@"
node "$ROOT/scripts/bundle-size.mjs" "$ROOT/dist"
