#!/usr/bin/env bash
# Installs what is missing (see setup.sh), then serves Five Sigma at http://127.0.0.1:8080 and
# rebuilds on every change. Extra arguments go to `trunk serve` (e.g. --release, --port 9000).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=setup.sh
source "$ROOT/scripts/setup.sh"
cd "$ROOT"
say "serving on http://127.0.0.1:8080 (Ctrl-C to stop)"
exec trunk serve "$@"
