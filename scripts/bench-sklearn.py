#!/usr/bin/env python3
"""scikit-learn's side of the model benchmarks, on the file `cargo bench -p fivesigma-engine
--bench ml` writes (target/bench-data/ml-100k.csv): same split (first 75 000 events for training,
in file order), same settings, single thread (n_jobs=1). Prints the same table."""
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.ensemble import GradientBoostingClassifier, RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

path = Path(__file__).resolve().parent.parent / "target" / "bench-data" / "ml-100k.csv"
if not path.is_file():
    sys.exit(f"{path} is missing: run `cargo bench -p fivesigma-engine --bench ml` first")
data = np.loadtxt(path, delimiter=",", skiprows=1)
X, y, w = data[:, :8], data[:, 8].astype(int), data[:, 9]
n = 75_000
print(f"{'model (scikit-learn)':<44} {'fit s':>9} {'predict s':>9} {'test AUC':>9}")
for name, model in [
    ("random forest (30 trees, depth 8, sqrt)", RandomForestClassifier(n_estimators=30, max_depth=8, max_features="sqrt", n_jobs=1, random_state=0)),
    ("gradient boosting (100 stages, depth 3)", GradientBoostingClassifier(n_estimators=100, max_depth=3, random_state=0)),
    ("logistic regression (C = 1)", LogisticRegression(C=1.0, max_iter=1000)),
]:
    t0 = time.perf_counter()
    model.fit(X[:n], y[:n], sample_weight=w[:n])
    t1 = time.perf_counter()
    p = model.predict_proba(X[n:])[:, 1]
    t2 = time.perf_counter()
    auc = roc_auc_score(y[n:], p, sample_weight=w[n:])
    print(f"{name:<44} {t1 - t0:>9.3f} {t2 - t1:>9.3f} {auc:>9.5f}")
