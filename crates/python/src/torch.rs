//! A network as PyTorch code: the HSF lesson trains its network in PyTorch, so a network that
//! starts from PyTorch's initialisation (`Initializer::Torch`, the HSF preset's) is written as a
//! `torch.nn.Module` with its own training loop — the same layers, activation, dropout, output,
//! optimiser, batches, epochs, validation events and callbacks as the Lab's settings.

use fivesigma_engine::analysis::cut::{number_literal, python_string};
use fivesigma_engine::ml::mlp::{Activation, MlpParams, Optimizer, Output};

/// The network's definition, training and `test_scores`, from `X_train`, `y_train`,
/// `fit_weights` and `X_test` (and `X_val`, `y_val` when the split kept a validation part).
pub(crate) fn torch_fit(p: &MlpParams, seed: u64) -> String {
    let mut code = format!(
        "torch.manual_seed({seed})  # the Lab's seed; PyTorch draws other numbers, so the network differs a little\nHIDDEN = {:?}  # units per hidden layer\n\n\nclass Network(nn.Module):\n    \"\"\"Fully connected layers with {} and {}, then {}.\"\"\"\n\n    def __init__(self, n_inputs):\n        super().__init__()\n        sizes = [n_inputs] + HIDDEN\n        self.hidden = nn.ModuleList(nn.Linear(a, b) for a, b in zip(sizes[:-1], sizes[1:]))\n        self.dropout = nn.Dropout({})\n        self.out = nn.Linear(sizes[-1], {})\n\n    def forward(self, x):\n        for layer in self.hidden:\n            x = self.dropout(F.{}(layer(x)))\n        return self.out(x)  # logits: the loss applies the {}\n\n\nnetwork = Network(len(INPUTS))\n",
        p.hidden_layers,
        activation_name(p.activation),
        if p.dropout > 0.0 {
            format!("dropout {}", number_literal(p.dropout))
        } else {
            "no dropout".to_owned()
        },
        match p.output {
            Output::Softmax => "two outputs turned into probabilities by a softmax",
            Output::Sigmoid => "one output turned into a probability by a sigmoid",
        },
        number_literal(p.dropout),
        match p.output {
            Output::Softmax => 2,
            Output::Sigmoid => 1,
        },
        activation_function(p.activation),
        match p.output {
            Output::Softmax => "softmax",
            Output::Sigmoid => "sigmoid",
        },
    );
    code.push_str(&format!("optimizer = {}\n", optimizer(p)));
    code.push_str(&format!(
        "\n\ndef tensors(X, y, w=None):\n    w = np.ones(len(y)) if w is None else w\n    return TensorDataset(torch.tensor(X, dtype=torch.float32), torch.tensor(y, dtype=torch.long),\n                         torch.tensor(w, dtype=torch.float32))\n\n\ndef loss_of(logits, y, w):\n    \"\"\"The batch's weighted mean {} loss, and how many events it gets right.\"\"\"\n{}    return (losses * w).mean(), int((predicted == y).sum())\n\n\n{}loader = DataLoader(tensors(X_fit, y_fit, w_fit), batch_size={}, shuffle={})\n",
        match p.output {
            Output::Softmax => "cross-entropy",
            Output::Sigmoid => "binary cross-entropy",
        },
        match p.output {
            Output::Softmax => "    losses = F.cross_entropy(logits, y, reduction=\"none\")\n    predicted = logits.argmax(dim=1)\n",
            Output::Sigmoid => "    losses = F.binary_cross_entropy_with_logits(logits[:, 0], y.float(), reduction=\"none\")\n    predicted = (logits[:, 0] > 0).long()\n",
        },
        validation_code(p),
        p.batch_size,
        if p.shuffle { "True" } else { "False" },
    ));
    code.push_str(&callbacks_code(p));
    code.push_str(&loop_code(p));
    code.push_str(&format!(
        "network.eval()\nwith torch.no_grad():\n    logits = network(torch.tensor(X_test, dtype=torch.float32))\ntest_scores = {}  # the probability of being signal\n",
        match p.output {
            Output::Softmax => "torch.softmax(logits, dim=1)[:, 1].numpy()",
            Output::Sigmoid => "torch.sigmoid(logits[:, 0]).numpy()",
        }
    ));
    code
}

fn activation_name(a: Activation) -> &'static str {
    match a {
        Activation::Relu => "ReLU",
        Activation::Selu => "SELU",
        Activation::Tanh => "tanh",
        Activation::Sigmoid => "sigmoid",
    }
}

fn activation_function(a: Activation) -> &'static str {
    match a {
        Activation::Relu => "relu",
        Activation::Selu => "selu",
        Activation::Tanh => "tanh",
        Activation::Sigmoid => "sigmoid",
    }
}

fn optimizer(p: &MlpParams) -> String {
    let lr = number_literal(p.learning_rate);
    // scikit-learn's alpha adds α·Σw²/(2·batch) to a batch's loss: a gradient α/batch · w, which
    // is PyTorch's weight_decay (applied to the biases too).
    let decay = if p.l2 > 0.0 {
        format!(", weight_decay={} / {}", number_literal(p.l2), p.batch_size)
    } else {
        String::new()
    };
    match p.optimizer {
        Optimizer::Sgd { momentum, nesterov } => format!(
            "torch.optim.SGD(network.parameters(), lr={lr}, momentum={}, nesterov={}{decay})",
            number_literal(momentum),
            if nesterov { "True" } else { "False" }
        ),
        Optimizer::Adam {
            beta_1,
            beta_2,
            epsilon,
        } => format!(
            "torch.optim.Adam(network.parameters(), lr={lr}, betas=({}, {}), eps={}{decay})",
            number_literal(beta_1),
            number_literal(beta_2),
            number_literal(epsilon)
        ),
        Optimizer::RmsProp {
            rho,
            momentum,
            epsilon,
        } => format!(
            "torch.optim.RMSprop(network.parameters(), lr={lr}, alpha={}, momentum={}, eps={}{decay})",
            number_literal(rho),
            number_literal(momentum),
            number_literal(epsilon)
        ),
    }
}

/// `X_fit`, `y_fit`, `w_fit` (what the network learns from) and, when it validates, `val`.
fn validation_code(p: &MlpParams) -> String {
    if p.validation_first > 0 {
        let n = p.validation_first;
        format!(
            "# The first {n} training events validate (the HSF lesson's choice); the network learns from the rest.\nw_all = np.ones(len(y_train)) if fit_weights is None else fit_weights\nX_fit, y_fit, w_fit = X_train[{n}:], y_train[{n}:], w_all[{n}:]\nval = tensors(X_train[:{n}], y_train[:{n}])\n"
        )
    } else if p.validation_split > 0.0 {
        format!(
            "# The last {s} of the training events validate (as Keras's validation_split); the network learns from the rest.\nw_all = np.ones(len(y_train)) if fit_weights is None else fit_weights\ncut = int(len(y_train) * (1 - {s}))\nX_fit, y_fit, w_fit = X_train[:cut], y_train[:cut], w_all[:cut]\nval = tensors(X_train[cut:], y_train[cut:])\n",
            s = number_literal(p.validation_split)
        )
    } else {
        "X_fit, y_fit, w_fit = X_train, y_train, fit_weights\nval = None  # no validation events\n"
            .to_owned()
    }
}

/// Early stopping (Keras's rule) and the learning rate's reduction on a plateau, if set.
fn callbacks_code(p: &MlpParams) -> String {
    let mut code = String::new();
    if let Some(e) = &p.early_stopping {
        let better = if e.monitor.maximise() {
            format!(
                "history[{m}][-1] > best + {d}",
                m = python_string(e.monitor.key()),
                d = number_literal(e.min_delta)
            )
        } else {
            format!(
                "history[{m}][-1] < best - {d}",
                m = python_string(e.monitor.key()),
                d = number_literal(e.min_delta)
            )
        };
        code.push_str(&format!(
            "# Early stopping on {monitor}: stop after {patience} epochs without a gain of more than {delta}{restore}.\nbest, wait, best_state = {worst}, 0, None\n\n\ndef improved():\n    return {better}\n\n\n",
            monitor = e.monitor.key(),
            patience = e.patience,
            delta = number_literal(e.min_delta),
            restore = if e.restore_best_weights { ", then put back the best epoch's weights" } else { "" },
            worst = if e.monitor.maximise() { "-np.inf" } else { "np.inf" },
        ));
    }
    if let Some(r) = &p.reduce_lr {
        code.push_str(&format!(
            "# The learning rate × {} after {} epochs without a gain of more than {} in {} (at least {}).\nplateau = torch.optim.lr_scheduler.ReduceLROnPlateau(\n    optimizer, mode={}, factor={}, patience={}, threshold={}, threshold_mode=\"abs\", cooldown={}, min_lr={})\n",
            number_literal(r.factor),
            r.patience,
            number_literal(r.min_delta),
            r.monitor.key(),
            number_literal(r.min_lr),
            if r.monitor.maximise() { "\"max\"" } else { "\"min\"" },
            number_literal(r.factor),
            r.patience,
            number_literal(r.min_delta),
            r.cooldown,
            number_literal(r.min_lr)
        ));
    }
    code
}

/// The epochs: train on every batch, then measure loss and accuracy (on the validation events
/// too), then the callbacks.
fn loop_code(p: &MlpParams) -> String {
    let mut code = format!(
        "history = {{\"loss\": [], \"accuracy\": [], \"val_loss\": [], \"val_accuracy\": []}}\nfor epoch in range({}):\n    network.train()\n    total, right = 0.0, 0\n    for xb, yb, wb in loader:\n        optimizer.zero_grad()\n        loss, correct = loss_of(network(xb), yb, wb)\n        loss.backward()\n        optimizer.step()\n        total, right = total + loss.item() * len(yb), right + correct\n    history[\"loss\"].append(total / len(loader.dataset))\n    history[\"accuracy\"].append(right / len(loader.dataset))\n    if val is not None:\n        network.eval()\n        with torch.no_grad():\n            xb, yb, wb = val.tensors\n            loss, correct = loss_of(network(xb), yb, wb)\n        history[\"val_loss\"].append(loss.item())\n        history[\"val_accuracy\"].append(correct / len(yb))\n    print(f\"epoch {{epoch + 1}}: \" + \", \".join(f\"{{k}} {{v[-1]:.4f}}\" for k, v in history.items() if v))\n",
        p.epochs
    );
    if let Some(r) = &p.reduce_lr {
        code.push_str(&format!(
            "    plateau.step(history[{}][-1])\n",
            python_string(r.monitor.key())
        ));
    }
    if let Some(e) = &p.early_stopping {
        code.push_str("    if improved():\n        best, wait = history[");
        code.push_str(&python_string(e.monitor.key()));
        code.push_str("][-1], 0\n        best_state = {k: v.clone() for k, v in network.state_dict().items()}\n    else:\n        wait += 1\n");
        code.push_str(&format!(
            "        if wait >= {} and epoch > 0:\n            print(f\"stopped after epoch {{epoch + 1}}\")\n            break\n",
            e.patience
        ));
        if e.restore_best_weights {
            code.push_str("if best_state is not None:\n    network.load_state_dict(best_state)\n");
        }
    }
    code
}
