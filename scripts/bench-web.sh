#!/usr/bin/env bash
# The model benchmarks, natively and in the browser, in one run (not part of the tests):
#   1. `cargo bench --bench ml`: our engine natively (and it writes the bench data file);
#   2. scikit-learn on the same file, single thread (scripts/bench-sklearn.py);
#   3. our engine compiled to wasm (profile wasm-bench) and TensorFlow.js on the same network,
#      in headless Chromium (crates/bench-web/www, driven by tests/bench/bench-web.mjs).
# Then the ratios the ML issue asks for. Usage: scripts/bench-web.sh [--skip-native]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=setup.sh
source "$ROOT/scripts/setup.sh"
cd "$ROOT"
out="$ROOT/target/bench-data"
mkdir -p "$out"

if [ "${1:-}" != "--skip-native" ]; then
  say "native engine"
  cargo bench -q -p fivesigma-engine --bench ml | tee "$out/native.txt"
  cargo bench -q -p fivesigma-engine --bench throughput | tee "$out/throughput.txt"
  say "scikit-learn (native, one thread)"
  if ! python3 -c "import sklearn" 2>/dev/null; then
    python3 -m pip install --quiet --break-system-packages scikit-learn==1.5.2 || die "could not install scikit-learn"
  fi
  for peer in lightgbm xgboost pandas; do
    python3 -c "import $peer" 2>/dev/null ||
      python3 -m pip install --quiet --break-system-packages "$peer" || say "could not install $peer: its rows are skipped"
  done
  python3 scripts/bench-sklearn.py | tee "$out/sklearn.txt"
fi

say "engine in wasm + TensorFlow.js (headless Chromium)"
cargo build -q -p fivesigma-bench-web --target wasm32-unknown-unknown --profile wasm-bench
wasm-bindgen --target web --out-dir crates/bench-web/www/pkg \
  target/wasm32-unknown-unknown/wasm-bench/fivesigma_bench_web.wasm
node tests/bench/bench-web.mjs | tee "$out/web.txt"

python3 - "$out" <<'PY'
import json, re, sys
out = sys.argv[1]
def table(name):
    rows = {}
    for line in open(f"{out}/{name}.txt", encoding="utf-8"):
        m = re.match(r"(.+?)\s{2,}([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*$", line.rstrip())
        if m:
            rows[m.group(1).strip()] = float(m.group(2))
    return rows
web = {r["model"]: r for r in json.loads(open(f"{out}/web.txt").read().split("JSON ", 1)[1])}
try:
    sk = table("sklearn")
except FileNotFoundError:
    sk = {}
# Each of our workloads against its fastest peer in this run (native, one thread).
for ours, peer_names in [
    ("random forest (30 trees, depth 8, sqrt)",
     ["random forest (30 trees, depth 8, sqrt)", "LightGBM rf (30 trees, depth 8, sqrt)", "XGBoost RF (30 trees, depth 8, sqrt)"]),
    ("gradient boosting (100 stages, depth 3)",
     ["gradient boosting (100 stages, depth 3)", "HistGradientBoosting (100 stages, depth 3)",
      "LightGBM gbdt (100 stages, depth 3)", "XGBoost hist (100 stages, depth 3)"]),
    ("logistic regression (C = 1)", ["logistic regression (C = 1)"]),
]:
    fit = web.get(f"wasm {ours}", {}).get("fit_s")
    timed = [(p, sk[p]) for p in peer_names if p in sk]
    if fit and timed:
        peer, best = min(timed, key=lambda t: t[1])
        print(f"{ours}: wasm {fit:.3f} s vs fastest peer {peer} {best:.3f} s → ratio {fit / best:.2f}")
# The forest on the pool: its speed-up over one worker, and the same AUC (the same trees).
single = web.get("wasm random forest (30 trees, depth 8, sqrt)", {})
rf_peers = [(p, sk[p]) for p in ["random forest (30 trees, depth 8, sqrt)", "LightGBM rf (30 trees, depth 8, sqrt)", "XGBoost RF (30 trees, depth 8, sqrt)"] if p in sk]
for name, row in web.items():
    if "pool of" in name and single.get("fit_s") and isinstance(row.get("fit_s"), (int, float)):
        same = "same AUC" if row.get("test_auc") == single.get("test_auc") else f"AUC {row.get('test_auc')} vs {single.get('test_auc')}: NOT the same forest"
        line = f"{name.removeprefix('wasm ')}: {row['fit_s']:.3f} s, {single['fit_s'] / row['fit_s']:.2f}× one worker ({same})"
        if rf_peers:
            peer, best = min(rf_peers, key=lambda t: t[1])
            line += f"; vs fastest peer {peer} (one thread) {best:.3f} s → ratio {row['fit_s'] / best:.2f}"
        print(line)
# CSV parsing: MB/s of our reader in wasm, PapaParse in the same browser, pandas and ours natively.
csv_rows = [(r["model"], r["mb_per_s"]) for r in web.values() if isinstance(r.get("mb_per_s"), (int, float))]
pandas = next((l for l in open(f"{out}/sklearn.txt", encoding="utf-8") if l.startswith("CSV parse (pandas")), None) if sk else None
native = next((l for l in open(f"{out}/throughput.txt", encoding="utf-8") if l.startswith("CSV parse")), None) if sk else None
for name, rate in csv_rows:
    print(f"{name}: {rate:.1f} MB/s")
if pandas:
    print(f"{pandas.split(')')[0]}): {pandas.split()[-2]} MB/s (native)")
if native:
    print(f"ours, native: {native.split()[-1]}")
mlp = web.get("wasm MLP 5→50→10→5→1, one epoch (batch 250)", {}).get("fit_s")
tf = [(r["model"], r["fit_s"]) for r in web.values() if r["model"].startswith("TF.js") and isinstance(r["fit_s"], (int, float))]
if mlp and tf:
    name, best = min(tf, key=lambda t: t[1])
    print(f"MLP epoch: wasm {mlp:.3f} s vs fastest {name.split(':')[0]} {best:.3f} s → ratio {mlp / best:.3f} (goal ≤ 0.5)")
sk_mlp = sk.get("MLP 5→50→10→5→1, one epoch (batch 250)")
if mlp and sk_mlp:
    print(f"MLP epoch: wasm {mlp:.3f} s vs scikit-learn MLPClassifier (native) {sk_mlp:.3f} s → ratio {mlp / sk_mlp:.2f}")
PY
