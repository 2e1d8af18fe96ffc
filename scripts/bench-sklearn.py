#!/usr/bin/env python3
"""The peers' side of the model benchmarks, on the file `cargo bench -p fivesigma-engine --bench ml`
writes (target/bench-data/ml-100k.csv): same split (first 75 000 events for training, in file
order), same settings, single thread. scikit-learn's exact models first, then the tools a
physicist would pick for speed — histogram-based boosting (scikit-learn's
HistGradientBoostingClassifier, LightGBM, XGBoost `hist`) and the random-forest modes of LightGBM
and XGBoost — each skipped with a notice when it is not installed. Prints the same table."""
import sys
import time
import warnings
from pathlib import Path

import numpy as np
from sklearn.ensemble import GradientBoostingClassifier, RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import StandardScaler

path = Path(__file__).resolve().parent.parent / "target" / "bench-data" / "ml-100k.csv"
if not path.is_file():
    sys.exit(f"{path} is missing: run `cargo bench -p fivesigma-engine --bench ml` first")
data = np.loadtxt(path, delimiter=",", skiprows=1)
X, y, w = data[:, :8], data[:, 8].astype(int), data[:, 9]
n = 75_000
print(f"{'model (scikit-learn)':<44} {'fit s':>9} {'predict s':>9} {'test AUC':>9}")


def time_model(name, model):
    """Fits on the training part, scores the rest, prints one row of the table."""
    t0 = time.perf_counter()
    model.fit(X[:n], y[:n], sample_weight=w[:n])
    t1 = time.perf_counter()
    p = model.predict_proba(X[n:])[:, 1]
    t2 = time.perf_counter()
    auc = roc_auc_score(y[n:], p, sample_weight=w[n:])
    print(f"{name:<44} {t1 - t0:>9.3f} {t2 - t1:>9.3f} {auc:>9.5f}")


for name, model in [
    ("random forest (30 trees, depth 8, sqrt)", RandomForestClassifier(n_estimators=30, max_depth=8, max_features="sqrt", n_jobs=1, random_state=0)),
    ("gradient boosting (100 stages, depth 3)", GradientBoostingClassifier(n_estimators=100, max_depth=3, random_state=0)),
    ("logistic regression (C = 1)", LogisticRegression(C=1.0, max_iter=1000)),
]:
    time_model(name, model)

# The stronger peers: the same forests and boosted trees, histogram-based, one thread.
SQRT = float(np.sqrt(8)) / 8  # max_features="sqrt" as a fraction of the 8 inputs


def peers():
    from sklearn.ensemble import HistGradientBoostingClassifier
    yield "HistGradientBoosting (100 stages, depth 3)", lambda: HistGradientBoostingClassifier(
        max_iter=100, max_depth=3, learning_rate=0.1, early_stopping=False, random_state=0)
    try:
        import lightgbm as lgb
        yield "LightGBM gbdt (100 stages, depth 3)", lambda: lgb.LGBMClassifier(
            n_estimators=100, max_depth=3, num_leaves=8, learning_rate=0.1, n_jobs=1, verbose=-1,
            random_state=0)
        yield "LightGBM rf (30 trees, depth 8, sqrt)", lambda: lgb.LGBMClassifier(
            boosting_type="rf", n_estimators=30, max_depth=8, num_leaves=256, bagging_fraction=0.632,
            bagging_freq=1, feature_fraction_bynode=SQRT, n_jobs=1, verbose=-1, random_state=0)
    except ImportError:
        print("LightGBM is not installed: skipped (pip install lightgbm)")
    try:
        import xgboost as xgb
        yield "XGBoost hist (100 stages, depth 3)", lambda: xgb.XGBClassifier(
            n_estimators=100, max_depth=3, learning_rate=0.1, tree_method="hist", n_jobs=1,
            random_state=0)
        yield "XGBoost RF (30 trees, depth 8, sqrt)", lambda: xgb.XGBRFClassifier(
            n_estimators=30, max_depth=8, subsample=0.632, colsample_bynode=SQRT,
            tree_method="hist", n_jobs=1, random_state=0)
    except ImportError:
        print("XGBoost is not installed: skipped (pip install xgboost)")


for name, make in peers():
    time_model(name, make())

# The CMS network's shape on the first five standardised inputs. scikit-learn has no SELU, no
# dropout and (in 1.5) no sample weights: ReLU, Adam, unweighted; three epochs, time per epoch.
scaler = StandardScaler().fit(X[:n, :5])
Xs_train, Xs_test = scaler.transform(X[:n, :5]), scaler.transform(X[n:, :5])
epochs = 3
mlp = MLPClassifier(hidden_layer_sizes=(50, 10, 5), batch_size=250, max_iter=epochs, tol=0.0,
                    n_iter_no_change=epochs + 1, random_state=0)
t0 = time.perf_counter()
with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # "did not converge" after 3 epochs, as intended
    mlp.fit(Xs_train, y[:n])
t1 = time.perf_counter()
p = mlp.predict_proba(Xs_test)[:, 1]
t2 = time.perf_counter()
auc = roc_auc_score(y[n:], p, sample_weight=w[n:])
print(f"{'MLP 5→50→10→5→1, one epoch (batch 250)':<44} {(t1 - t0) / epochs:>9.3f} {t2 - t1:>9.3f} {auc:>9.5f}")

# CSV parsing: pandas on the file `cargo bench -p fivesigma-engine --bench throughput` writes (the
# same bytes our reader and PapaParse parse in the browser), best of three, typed columns.
csv_path = path.parent / "parse-1m.csv"
try:
    import pandas as pd
except ImportError:
    pd = None
    print("pandas is not installed: the CSV row is skipped (pip install pandas)")
if pd is not None and csv_path.is_file():
    times = []
    for _ in range(3):
        t0 = time.perf_counter()
        pd.read_csv(csv_path)
        times.append(time.perf_counter() - t0)
    best = min(times)
    mb = csv_path.stat().st_size / 1e6
    print(f"{'CSV parse (pandas ' + pd.__version__ + ')':<44} {best:>9.3f} {mb / best:>9.1f} MB/s")
elif pd is not None:
    print(f"{csv_path} is missing: run `cargo bench -p fivesigma-engine --bench throughput` first")
