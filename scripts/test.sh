#!/usr/bin/env bash
# Runs every test Five Sigma has, installing what is missing first (setup.sh, plus Chromium and
# chromedriver from the system packages). The same command runs in CI (.ci/run).
#
# Steps: rustfmt check · engine purity · clippy (native, wasm32) · native cargo tests ·
# browser unit tests (wasm-bindgen-test in headless Chromium: the app's, tree/forest fingerprints
# equal to the native ones, WebGPU-vs-CPU training agreement) · release build of dist/ + bundle
# size · end-to-end tests (Playwright driving Chromium against dist/ served on 127.0.0.1).
#
# Compile time is most of the run (a clean clone on 2 cores): steps are ordered and grouped so each
# dependency graph compiles once per profile — see the comments at the wasm32 test steps and the
# CPU worker's place in Cargo.toml.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=setup.sh
source "$ROOT/scripts/setup.sh"
cd "$ROOT"

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  say "installing Chromium and chromedriver"
  apt_install chromium chromium-driver
fi
export CHROMIUM="${CHROMIUM:-$(command -v chromium)}"
export CHROMEDRIVER="${CHROMEDRIVER:-$(command -v chromedriver)}"

timings=()
step() {
  local name="$1"; shift
  say "$name"
  local start=$SECONDS
  "$@"
  timings+=("$(printf '%-40s %5ds' "$name" $((SECONDS - start)))")
}

step "rustfmt check" cargo fmt --all --check
step "engine purity (no web crates)" scripts/check-engine-purity.sh
step "clippy native" cargo clippy --workspace --all-targets --quiet -- -D warnings
# Clippy lints the selected packages' workspace path dependencies too: the engine's wasm32 code is
# linted here, as the app embeds it.
step "clippy wasm32 (app, engine, bench page, CPU worker)" cargo clippy -p fivesigma -p fivesigma-bench-web -p fivesigma-worker --target wasm32-unknown-unknown --all-targets --quiet -- -D warnings
# Separately: it turns on burn's wgpu backend, which must not leak into the app's build.
step "clippy wasm32 (webgpu, GPU worker)" cargo clippy -p fivesigma-webgpu -p fivesigma-worker --features fivesigma-worker/gpu --target wasm32-unknown-unknown --all-targets --quiet -- -D warnings
step "native tests" cargo test --workspace
# Browser unit tests: optimised profile (debug wasm is far slower), generous timeout for cold starts.
export WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-180}"
# One cargo invocation for the app's tests and the bench page's: their dependencies then resolve to
# the same features and compile once (two invocations compiled the whole ML stack twice).
step "browser unit tests; trees and forests same in the browser as natively" \
  cargo test -p fivesigma -p fivesigma-bench-web --target wasm32-unknown-unknown --profile wasm-test \
    --test web --test reproducible
# Built exactly as the shipped GPU worker is (its package, its features, its profile), so the
# release build below reuses the wgpu stack compiled here.
step "network: WebGPU (software adapter) agrees with the CPU" \
  cargo test -p fivesigma-worker --features gpu --target wasm32-unknown-unknown --profile wasm-test --test agreement
step "release build of dist/" trunk build --release
step "bundle size" node scripts/bundle-size.mjs dist
step "end-to-end tests (Playwright)" node --test --test-concurrency=1 tests/e2e/*.test.mjs

say "all tests passed"
printf '  %s\n' "${timings[@]}"
