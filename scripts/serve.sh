#!/usr/bin/env bash
# Installs what is missing (see setup.sh), then serves Five Sigma at http://127.0.0.1:8080 and
# rebuilds on every change. Other arguments go to `trunk serve` (e.g. --release, --port 9000).
#
#   ./scripts/serve.sh          the app and the CPU training worker: the quickest first build
#   ./scripts/serve.sh --gpu    also the WebGPU training worker (wgpu and cubecl: the heaviest part
#                               of the build, needed only to train networks on a GPU)
#
# Without --gpu the page is built from a copy of index.html without the WebGPU worker, marked
# `data-build="no-gpu-worker"` so the app trains on the CPU and says why.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=setup.sh
source "$ROOT/scripts/setup.sh"
cd "$ROOT"

gpu=false
args=()
for arg in "$@"; do
  if [ "$arg" = "--gpu" ]; then gpu=true; else args+=("$arg"); fi
done

if $gpu; then
  target=index.html
else
  # Beside index.html (trunk finds the page's files relative to it); git-ignored.
  target=index.cpu-only.html
  sed -e '/data-bin="train-gpu"/d' -e 's/<html lang="en">/<html lang="en" data-build="no-gpu-worker">/' \
    index.html > "$target"
  grep -q 'data-build="no-gpu-worker"' "$target" || die "index.html's <html> tag changed: update scripts/serve.sh"
fi
if [ ! -d target/debug ] && [ ! -d target/wasm32-unknown-unknown/debug ]; then
  say "first build: about 17 minutes on 2 cores without --gpu (later rebuilds take seconds)"
fi
say "serving on http://127.0.0.1:8080 once built (Ctrl-C to stop)"
exec trunk serve "$target" "${args[@]}"
