//! The foundations lesson's toy widgets as Python: the playground's points (the same shapes,
//! drawn with numpy's random numbers, so other points than the page's) split 60/20/20 and the
//! model with the widget's settings, with its decision boundary; and the fit widget's polynomial
//! through noisy points, exactly (numpy's least squares) or by gradient descent from zero.

use super::Cell;
use super::model::{fit_code, imports};
use fivesigma_engine::analysis::cut::number_literal;
use fivesigma_engine::ml::fit::DIVERGED_LOSS;
use fivesigma_engine::ml::toy::{LINE, TOY_SPLIT, ToyKind, ToySpec};
use fivesigma_engine::ml::{MissingValues, Scaling, TrainingSetup, Weighting};
use fivesigma_engine::state::fitting::{DESCENT_STEPS, FitMethod};
use fivesigma_engine::state::playground::PlaygroundSetup;

/// The playground's set, split and model, or, on a line or a curve, the fit.
pub fn playground_code(setup: &PlaygroundSetup) -> Cell {
    if setup.toy.kind.is_regression() {
        return fit_widget_code(setup);
    }
    let toy = &setup.toy;
    let mut code = format!(
        "import numpy as np\nimport matplotlib.pyplot as plt\nfrom sklearn.model_selection import train_test_split\n\n# numpy's random numbers, not the page's: the same shape, other points.\nrng = np.random.default_rng({seed})\nN, N1 = {n}, {n1}  # points, of which class 1\n\n\ndef shape(cls, n):\n    \"\"\"n noiseless points of class `cls`.\"\"\"\n    t = (np.arange(n) + 0.5) / n\n{body}\n\nX = np.vstack([shape(1, N1), shape(0, N - N1)]) + {noise} * rng.normal(size=(N, 2))\ny = np.r_[np.ones(N1, dtype=int), np.zeros(N - N1, dtype=int)]\n\n# 60 % train, 20 % validation, 20 % test, each with the classes in the same proportions.\nX_rest, X_test, y_rest, y_test = train_test_split(X, y, test_size={test}, stratify=y, random_state={seed})\nX_train, X_val, y_train, y_val = train_test_split(\n    X_rest, y_rest, test_size={validation} / (1 - {test}), stratify=y_rest, random_state={seed})\nfit_weights = None  # every point counts once\nINPUTS = [\"x1\", \"x2\"]\n\n",
        seed = toy.seed,
        n = toy.n_points,
        n1 = toy.n_class1(),
        body = shape_body(toy.kind),
        noise = number_literal(toy.noise),
        test = number_literal(TOY_SPLIT.1),
        validation = number_literal(TOY_SPLIT.0),
    );
    let training = TrainingSetup {
        inputs: vec!["x1".into(), "x2".into()],
        spec: setup.model.spec(toy.seed),
        weighting: Weighting::Unweighted,
        scaling: Scaling::None,
        test_fraction: TOY_SPLIT.1,
        validation_fraction: TOY_SPLIT.0,
        seed: toy.seed,
        missing: MissingValues::Drop,
    };
    code.push_str(&imports(&training.spec, training.scaling));
    code.push_str(&fit_code(&training));
    let probability = if code.contains("keras.Sequential") {
        if code.contains("Dense(2, activation=\"softmax\")") {
            "model.predict(grid, verbose=0)[:, 1]"
        } else {
            "model.predict(grid, verbose=0)[:, 0]"
        }
    } else {
        "model.predict_proba(grid)[:, 1]"
    };
    code.push_str(&format!(
        "\n# Accuracy on each part, and the boundary: the model's probability over the plane.\nfor name, (Xp, yp) in {{\"training\": (X_train, y_train), \"validation\": (X_val, y_val), \"test\": (X_test, y_test)}}.items():\n    p = {}\n    print(f\"{{name}} accuracy: {{np.mean((p > 0.5) == yp):.3f}}\")\nxx, yy = np.meshgrid(np.linspace(-1.8, 1.8, 200), np.linspace(-1.8, 1.8, 200))\ngrid = np.c_[xx.ravel(), yy.ravel()]\nfig, ax = plt.subplots(figsize=(5, 5))\nax.contourf(xx, yy, ({}).reshape(xx.shape), levels=20, cmap=\"RdBu_r\", alpha=0.6)\nax.scatter(X_train[:, 0], X_train[:, 1], c=y_train, cmap=\"RdBu_r\", edgecolors=\"k\", s=15)\nax.set_xlabel(\"x1\")\nax.set_ylabel(\"x2\")\nax.set_title(\"The model's probability of class 1\")\nplt.show()\n",
        probability.replace("grid", "Xp"),
        probability
    ));
    Cell::new("The playground", code)
}

/// The numpy for one class's noiseless points (`t` evenly spaced in (0, 1)).
fn shape_body(kind: ToyKind) -> &'static str {
    match kind {
        ToyKind::Blobs => {
            "    # Round clouds around ±(0.6, 0.6), σ = 0.35.\n    c = 0.6 if cls == 1 else -0.6\n    return c + 0.35 * rng.normal(size=(n, 2))\n"
        }
        ToyKind::Moons => {
            "    # scikit-learn's make_moons, centred on the origin.\n    a = np.pi * t\n    if cls == 1:\n        return np.c_[1 - np.cos(a) - 0.5, 0.5 - np.sin(a) - 0.25]\n    return np.c_[np.cos(a) - 0.5, np.sin(a) - 0.25]\n"
        }
        ToyKind::Circles => {
            "    # A disc (class 1, radius 0.5) inside a ring (radius 1).\n    r, a = (0.5 if cls == 1 else 1.0), 2 * np.pi * t\n    return np.c_[r * np.cos(a), r * np.sin(a)]\n"
        }
        ToyKind::Xor => {
            "    # Class 1 where x1·x2 > 0; kept 0.05 off the axes.\n    side = lambda: (0.05 + 0.95 * rng.random(n)) * rng.choice([-1, 1], size=n)\n    x1 = side()\n    x2 = np.abs(side()) * np.sign(x1) * (1 if cls == 1 else -1)\n    return np.c_[x1, x2]\n"
        }
        ToyKind::Spirals | ToyKind::Line | ToyKind::Curve => {
            "    # Two spirals: r from 0 to 1 over 1.75 turns, class 0 turned by π.\n    a = 1.75 * 2 * np.pi * t + (0 if cls == 1 else np.pi)\n    return np.c_[t * np.cos(a), t * np.sin(a)]\n"
        }
    }
}

/// The fit widget: noisy points on a line or a curve, and a polynomial fitted to the training
/// ones, judged on the validation ones.
pub fn fit_widget_code(setup: &PlaygroundSetup) -> Cell {
    let toy: &ToySpec = &setup.toy;
    let fit = &setup.fit;
    let truth = match toy.kind {
        ToyKind::Line => format!(
            "{} * x + {}  # the line",
            number_literal(LINE.0),
            number_literal(LINE.1)
        ),
        _ => "np.sin(2.5 * x)  # the curve".to_owned(),
    };
    let mut code = format!(
        "import numpy as np\nimport matplotlib.pyplot as plt\nfrom sklearn.model_selection import train_test_split\n\n# numpy's random numbers, not the page's: the same curve, other points.\nrng = np.random.default_rng({seed})\nx = rng.uniform(-1, 1, size={n})\ny = {truth}\ny = y + {noise} * rng.normal(size=x.size)\n# 60 % of the points fit, 20 % validate (20 % kept for a final test).\nx_rest, x_test, y_rest, y_test = train_test_split(x, y, test_size={test}, random_state={seed})\nx_train, x_val, y_train, y_val = train_test_split(x_rest, y_rest, test_size={validation} / (1 - {test}), random_state={seed})\nDEGREE = {degree}\n\n\ndef mse(theta, x, y):\n    \"\"\"The mean squared error of the polynomial Σ θ_k x^k.\"\"\"\n    return np.mean((np.vander(x, len(theta), increasing=True) @ theta - y) ** 2)\n\n\n",
        seed = toy.seed,
        n = toy.n_points,
        noise = number_literal(toy.noise),
        test = number_literal(TOY_SPLIT.1),
        validation = number_literal(TOY_SPLIT.0),
        degree = fit.degree,
    );
    code.push_str(&match fit.method {
        FitMethod::Exact => "# Least squares, solved exactly (np.polyfit lists the highest power first).\ntheta = np.polyfit(x_train, y_train, DEGREE)[::-1]\n".to_owned(),
        FitMethod::Descent => format!(
            "# Gradient descent from zero: θ ← θ − η·∇L, with ∇L = (2/n)·Vᵀ(Vθ − y).\nRATE = {rate}\nV = np.vander(x_train, DEGREE + 1, increasing=True)\ntheta = np.zeros(DEGREE + 1)\nfor step in range({DESCENT_STEPS}):\n    theta = theta - RATE * 2 / len(x_train) * V.T @ (V @ theta - y_train)\n    loss = mse(theta, x_train, y_train)\n    if not np.isfinite(loss) or loss >= {diverged}:\n        print(f\"diverged after {{step + 1}} steps: the learning rate is too large\")\n        break\n",
            rate = number_literal(fit.rate),
            diverged = number_literal(DIVERGED_LOSS),
        ),
    });
    code.push_str("print(f\"training MSE {mse(theta, x_train, y_train):.4f}, validation MSE {mse(theta, x_val, y_val):.4f}\")\ngrid = np.linspace(-1, 1, 200)\nfig, ax = plt.subplots()\nax.scatter(x_train, y_train, s=12, label=\"training points\")\nax.scatter(x_val, y_val, s=12, label=\"validation points\")\nax.plot(grid, np.vander(grid, len(theta), increasing=True) @ theta, color=\"k\", label=f\"degree {DEGREE}\")\nax.set_xlabel(\"x\")\nax.set_ylabel(\"y\")\nax.set_title(\"A polynomial fitted by least squares\")\nax.legend()\nplt.show()\n");
    Cell::new("The fit", code)
}
