#!/usr/bin/env bash
# Builds the single-file copy: dist-single/five-sigma.html, one HTML file with the app, its styles,
# the CPU training worker and every shipped lesson and dataset. Open it from a USB stick or a
# shared folder (file://): no server, no network. Builds dist/ first (release).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=setup.sh
source "$ROOT/scripts/setup.sh"
cd "$ROOT"
say "building dist/ (release)"
trunk build --release
say "packing dist/ into one file"
node "$ROOT/scripts/single-file.mjs" "$ROOT/dist" "$ROOT/dist-single/five-sigma.html"
