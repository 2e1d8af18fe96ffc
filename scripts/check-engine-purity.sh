#!/usr/bin/env bash
# Fails when a web crate enters fivesigma-engine's dependency tree (or fivesigma-python's: the
# code generator is as pure), natively or for wasm32.
# The engine must stay testable with plain `cargo test` and reusable in a Web Worker unchanged.
# On wasm32, burn itself depends on wasm-bindgen-futures (its async runtime there); its subtrees are
# pruned from the wasm32 check, so only a web crate the engine (or another dependency) brings fails.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
status=0
for target in "" "--target wasm32-unknown-unknown --prune burn --prune burn-flex"; do
  # shellcheck disable=SC2086
  tree="$(cargo tree -p fivesigma-engine -p fivesigma-python -e normal,build --prefix none $target)"
  hits="$(printf '%s\n' "$tree" | awk '{print $1}' | grep -E '^(leptos|leptos_[a-z_]+|web-sys|js-sys|wasm-bindgen|wasm-bindgen-[a-z-]+|gloo|gloo-[a-z-]+)$' | sort -u || true)"
  if [ -n "$hits" ]; then
    echo "fivesigma-engine depends on web crates (${target:-native}): $hits" >&2
    status=1
  fi
done
[ "$status" -eq 0 ] && echo "engine purity: no web crates in fivesigma-engine's or fivesigma-python's tree (native and wasm32)"
exit "$status"
