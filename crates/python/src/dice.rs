//! The dice widget as Python: a simulation of a fair die by rolls of another die, each roll
//! weighted by nature's probability over the generator's — numpy's random numbers, so other rolls
//! than the page's, with the same expectations: each face's weighted count, its uncertainty
//! √Σw², and Kish's effective number of rolls (Σw)²/Σw².

use super::Cell;
use fivesigma_engine::analysis::cut::number_literal;
use fivesigma_engine::ml::dice::{FACES, Generator, LOADED, NEGATIVE_SHARE};
use fivesigma_engine::state::dice::DiceSetup;

/// The widget's rolls, totals and bar chart for `setup`.
pub fn dice_code(setup: &DiceSetup) -> Cell {
    let mut code = format!(
        "import numpy as np\nimport matplotlib.pyplot as plt\n\n# numpy's random numbers, not the page's: the same die, other rolls, the same expectations.\nrng = np.random.default_rng({})\nROLLS = {}\nFACES = np.arange(1, {})\n",
        setup.seed,
        setup.rolls,
        FACES + 1
    );
    code.push_str(&match setup.generator {
        Generator::Fair => "# A fair die: every roll counts once.\nfaces = rng.choice(FACES, size=ROLLS)\nweights = np.ones(ROLLS)\n".to_owned(),
        Generator::Loaded => format!(
            "# A die loaded towards six; each roll weighs nature's probability (1/6) over the die's.\nq = np.array({})\nfaces = rng.choice(FACES, size=ROLLS, p=q)\nweights = (1 / 6) / q[faces - 1]\n",
            probabilities(&LOADED)
        ),
        Generator::WithNegative => format!(
            "# A share s of the rolls are counter-events: a six weighing -w. The rest roll a die chosen so\n# that, together, the weighted counts are a fair die's: p = (c, …, c, c + s) / (1 - s), c = (1 - 2s) / 6.\ns = {s}\nc = (1 - 2 * s) / 6\np = np.full(6, c / (1 - s))\np[5] = (c + s) / (1 - s)\nw = 1 / (1 - 2 * s)  # so that the weights sum to the number of rolls, on average\ncounter = rng.random(ROLLS) < s\nfaces = np.where(counter, 6, rng.choice(FACES, size=ROLLS, p=p))\nweights = np.where(counter, -w, w)\n",
            s = number_literal(NEGATIVE_SHARE)
        ),
    });
    code.push_str("\n# Each face: its rolls, its weighted count (what a fair die would show) and √Σw².\nrolls = np.bincount(faces - 1, minlength=6)\nweighted = np.bincount(faces - 1, weights=weights, minlength=6)\nuncertainty = np.sqrt(np.bincount(faces - 1, weights=weights**2, minlength=6))\neffective = weights.sum() ** 2 / (weights**2).sum()  # Kish: as many unweighted rolls give the same precision\nfor face, n, total, error in zip(FACES, rolls, weighted, uncertainty):\n    print(f\"face {face}: {n} rolls, weighted {total:.1f} ± {error:.1f}\")\nprint(f\"effective rolls: {effective:.0f} of {ROLLS}\")\n\nfig, ax = plt.subplots()\nax.bar(FACES, weighted, yerr=uncertainty, capsize=4, label=\"weighted count\")\nax.axhline(ROLLS / 6, color=\"grey\", linestyle=\"--\", label=\"a fair die: ROLLS / 6\")\nax.set_xlabel(\"face\")\nax.set_ylabel(\"weighted rolls\")\nax.set_title(\"A fair die, simulated\")\nax.legend()\nplt.show()\n");
    Cell::new("The dice", code)
}

fn probabilities(p: &[f64]) -> String {
    let written: Vec<String> = p.iter().map(|v| number_literal(*v)).collect();
    format!("[{}]", written.join(", "))
}
