#!/usr/bin/env bash
# Installs what is missing (see setup.sh), then serves Five Sigma at http://127.0.0.1:8080 and
# rebuilds on every change. Other arguments go to `trunk serve` (e.g. --release, --port 9000).
#
#   ./scripts/serve.sh          the app and the CPU training worker: the quickest first build
#   ./scripts/serve.sh --gpu    also the WebGPU training worker (wgpu and cubecl: the heaviest part
#                               of the build, needed only to train networks on a GPU)
#
# The page is built from a copy of index.html (index.serve.html) whose Rust assets use the quick
# `serve` profile; `--release` builds as CI and the shipped dist/ do.
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

# A copy of index.html beside it (trunk finds the page's files relative to it; git-ignored):
# every Rust asset builds with the `serve` profile (Cargo.toml: libraries unoptimised but the
# CPU backend's kernels, so the first build is quick), and without --gpu the WebGPU worker is
# left out, the page marked `data-build="no-gpu-worker"` so the app trains on the CPU and says
# why.
target=index.serve.html
if $gpu; then
  sed -e 's/<link data-trunk rel="rust" /<link data-trunk rel="rust" data-cargo-profile-dev="serve" /' \
    index.html > "$target"
else
  sed -e '/data-bin="train-gpu"/d' -e 's/<html lang="en">/<html lang="en" data-build="no-gpu-worker">/' \
    -e 's/<link data-trunk rel="rust" /<link data-trunk rel="rust" data-cargo-profile-dev="serve" /' \
    index.html > "$target"
  grep -q 'data-build="no-gpu-worker"' "$target" || die "index.html's <html> tag changed: update scripts/serve.sh"
fi
grep -q 'data-cargo-profile-dev="serve"' "$target" || die "index.html's Rust links changed: update scripts/serve.sh"
if [ ! -d target/wasm32-unknown-unknown/serve ]; then
  say "first build: about 5 minutes on 2 cores without --gpu (later rebuilds take seconds)"
fi
say "serving on http://127.0.0.1:8080 (or the --port given) once built (Ctrl-C to stop)"
exec trunk serve "$target" "${args[@]}"
