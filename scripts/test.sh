#!/usr/bin/env bash
# Runs every test Five Sigma has, installing what is missing first (setup.sh, plus Chromium and
# chromedriver from the system packages). The same command runs in CI (.ci/run).
#
# Steps: rustfmt check · engine purity · clippy (native, wasm32) · native cargo tests (with the
# generated Python run by Python: pandas, numpy, matplotlib and scikit-learn are installed too) ·
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
# "Show me the Python" runs the code it writes, on the shipped files, and compares the numbers.
if ! python3 -c "import numpy, pandas, matplotlib, sklearn" 2>/dev/null; then
  say "installing Python with numpy, pandas, matplotlib and scikit-learn"
  command -v python3 >/dev/null || apt_install python3
  python3 -m pip --version >/dev/null 2>&1 || apt_install python3-pip
  python3 -m pip install --quiet --break-system-packages numpy pandas matplotlib scikit-learn
fi
# The generated code's test fails, instead of skipping, if Python lacks them.
export FIVESIGMA_REQUIRE_PYTHON=1
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
# Clippy lints while the tests build: clippy-driver wraps rustc for the workspace's crates, exactly
# as `cargo clippy` sets it up, so each crate compiles once (a separate `cargo clippy` pass compiled
# every crate and dependency a second time, in check mode: about a quarter of a clean-clone run).
# `--all-targets --no-run` first, so benches, examples and every binary are linted too.
CLIPPY_DRIVER="$(rustup which clippy-driver)"
linted() {
  RUSTC_WORKSPACE_WRAPPER="$CLIPPY_DRIVER" CLIPPY_ARGS="-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__" "$@"
}
native_tests() {
  linted cargo test --workspace --all-targets --no-run --quiet
  linted cargo test --workspace
}
step "native: clippy, then tests" native_tests
# Browser unit tests: optimised profile (debug wasm is far slower), generous timeout for cold starts.
export WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-180}"
# One cargo invocation for the app's, the bench page's and the CPU worker's code: their dependencies
# then resolve to the same features and compile once (two invocations compiled the ML stack twice).
# The engine's wasm32 code is linted here, as the app's path dependency.
WASM_APP=(-p fivesigma -p fivesigma-bench-web -p fivesigma-worker --target wasm32-unknown-unknown --profile wasm-test)
step "wasm32: clippy (app, engine, bench page, CPU worker)" \
  linted cargo test "${WASM_APP[@]}" --all-targets --no-run --quiet
step "browser unit tests; trees and forests same in the browser as natively" \
  linted cargo test "${WASM_APP[@]}" --test web --test reproducible
# Built exactly as the shipped GPU worker is (its package, its features, its profile), so the
# release build below reuses the wgpu stack compiled here. Separate from the app's: it turns on
# burn's wgpu backend, which must not leak into the app's build.
WASM_GPU=(-p fivesigma-webgpu -p fivesigma-worker --features fivesigma-worker/gpu --target wasm32-unknown-unknown --profile wasm-test)
step "wasm32: clippy (webgpu, GPU worker)" \
  linted cargo test "${WASM_GPU[@]}" --all-targets --no-run --quiet
step "network: WebGPU (software adapter) agrees with the CPU" \
  linted cargo test "${WASM_GPU[@]}" --test agreement
step "release build of dist/" trunk build --release
step "bundle size" node scripts/bundle-size.mjs dist
step "end-to-end tests (Playwright)" node --test --test-concurrency=1 tests/e2e/*.test.mjs

say "all tests passed"
printf '  %s\n' "${timings[@]}"
