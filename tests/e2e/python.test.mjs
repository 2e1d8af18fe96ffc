// "Show me the Python" in the Lab: every panel has a Python tab whose code names the panel's
// current settings and follows them as they change; the whole Lab saves as a script and a
// notebook; and the saved script, run by Python against this very server, prints the page's own
// scan optimum and — on the page's exported scores — the page's AUC.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdirSync, copyFileSync } from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { serve, launch, openPage, ARTIFACTS } from './harness.mjs';
import * as tasks from './tasks.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

/** Opens the Python tab of the panel headed `heading` (or holding `testid`); returns its code. */
async function openTab(page, heading, testid) {
  const has = testid ? page.getByTestId(testid) : page.locator('h2', { hasText: heading });
  const panel = page.locator('section.panel', { has });
  const tab = panel.getByTestId('python-tab');
  if (!(await tab.evaluate((d) => d.open))) await tab.locator('summary').first().click();
  const own = tab.getByTestId('python-own');
  await own.waitFor();
  return own;
}

/** Runs `python3 file` in `dir` (plots drawn off screen); resolves with its status and output. */
function runPython(dir, file) {
  return new Promise((resolve) => {
    const child = spawn('python3', [file], { cwd: dir, env: { ...process.env, MPLBACKEND: 'Agg' } });
    let stdout = '', stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    const timer = setTimeout(() => child.kill(), 120_000);
    child.on('close', (status) => { clearTimeout(timer); resolve({ status, stdout, stderr }); });
  });
}

const hasPython = spawnSync('python3', ['-c', 'import numpy, pandas, matplotlib, sklearn']).status === 0;

test('every Lab panel shows its code, the Lab saves as .py and .ipynb, and Python gets the page\'s numbers', async () => {
  const { page, problems } = await openPage(browser, `${server.url}#/lab`);
  await page.getByTestId('dataset-atlas-dm').click();
  await page.getByTestId('train-panel').waitFor({ timeout: 60_000 });

  // One tab per panel: the samples' table, histogram, cuts, scan, pair plot and training.
  assert.equal(await page.getByTestId('python-tab').count(), 6);
  // Closed tabs write nothing.
  assert.equal(await page.getByTestId('python-own').count(), 0);

  // The histogram's code names its variable and bins, and follows a change of the bins.
  const histogram = await openTab(page, 'Histogram');
  assert.match(await histogram.textContent(), /variable = "lead_lep_pt"\nbins = np\.linspace\(0, 500, 21\)/);
  await page.fill('[data-testid=stack-bins]', '25');
  await page.locator('[data-testid=stack-bins]').press('Enter');
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=python-own]')]
    .some((e) => e.textContent.includes('np.linspace(0, 500, 26)')));

  // A cut appears in the cuts' code as a pandas condition, and the cut-flow is computed.
  await page.fill('[data-testid=cut-input]', 'ETmiss > 100');
  await page.click('[data-testid=cut-add]');
  const cuts = await openTab(page, 'Cuts');
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=python-own]')]
    .some((e) => e.textContent.includes('("ETmiss > 100", lambda df: (df["ETmiss"] > 100))')));
  assert.match(await cuts.textContent(), /cutflow = pd\.DataFrame/);

  // The scan's code: its variable, the lesson's thresholds, the measure.
  const scan = await openTab(page, 'Significance scan');
  const scanCode = await scan.textContent();
  assert.match(scanCode, /thresholds = np\.array\(\[25, 50, 75, 100, 125, 150, 175, 200\]\)/);
  assert.match(scanCode, /S \/ np\.sqrt\(B\)/);

  const pairs = await openTab(page, 'Pair plot');
  assert.match(await pairs.textContent(), /variables = \[/);
  const table = await openTab(page, null, 'sample-facts');
  assert.match(await table.textContent(), /pd\.read_csv\(DATA \+ quote\(file\)\)/);

  // Training: the forest's settings, then a model whose scores the script can read.
  const training = await openTab(page, 'Train a classifier');
  assert.match(await training.textContent(), /RandomForestClassifier\(\n {4}n_estimators=\d+/);
  await page.click('[data-testid=train]');
  const row = page.getByTestId('model-row').first();
  await row.waitFor({ timeout: 120_000 });
  const pageAuc = Number(await row.getAttribute('data-auc'));
  const evaluation = await evaluateTabs(page);

  // The whole Lab: a script and a notebook.
  const dir = join(ARTIFACTS, 'python');
  mkdirSync(dir, { recursive: true });
  const [py] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=python-script]')]);
  assert.equal(py.suggestedFilename(), 'fivesigma-lab.py');
  const script = readFileSync(await py.path(), 'utf8');
  assert.ok(script.includes(`DATA = "${server.url}static_data/datasets/atlas-dm/"`), script.slice(0, 600));
  for (const part of ['ETmiss > 100', 'np.linspace(0, 500, 26)', 'RandomForestClassifier(', 'roc_curve(']) {
    assert.ok(script.includes(part), `the script lacks ${part}`);
  }
  writeFileSync(join(dir, 'fivesigma-lab.py'), script);
  const [nb] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=python-notebook]')]);
  assert.equal(nb.suggestedFilename(), 'fivesigma-lab.ipynb');
  const notebook = JSON.parse(readFileSync(await nb.path(), 'utf8'));
  assert.equal(notebook.nbformat, 4);
  const code = notebook.cells.filter((c) => c.cell_type === 'code').map((c) => c.source.join(''));
  assert.ok(code.some((c) => c.includes('RandomForestClassifier(')), 'the notebook trains the forest');
  const [scores] = await Promise.all([page.waitForEvent('download'), row.getByTestId('export-csv').click()]);
  copyFileSync(await scores.path(), join(dir, scores.suggestedFilename()));
  const optimum = page.getByTestId('scan-optimum');
  const threshold = Number(await optimum.getAttribute('data-threshold'));
  const value = Number(await optimum.getAttribute('data-value'));
  assert.deepEqual(problems, []);

  if (!hasPython) {
    assert.ok(!process.env.FIVESIGMA_REQUIRE_PYTHON, 'python3 with numpy, pandas, matplotlib and scikit-learn is required here');
    console.log('NOTICE: python3 with numpy, pandas, matplotlib and scikit-learn is missing; the script was not run');
    return;
  }
  // Python reads the CSVs from this server, as a student's would from the site (asynchronously:
  // the server runs in this process and must keep answering while Python waits).
  const run = await runPython(dir, 'fivesigma-lab.py');
  assert.equal(run.status, 0, run.stderr);
  const best = run.stdout.match(/best cut: lead_lep_pt > ([0-9.]+) .*S\/√B = ([0-9.]+)/);
  assert.ok(best, run.stdout);
  assert.equal(Number(best[1]), threshold);
  assert.ok(Math.abs(Number(best[2]) - value) <= 1e-5 * value, `python ${best[2]}, page ${value}`);
  const labAuc = Number(run.stdout.match(/test AUC \(the Lab's model\): ([0-9.]+)/)?.[1]);
  assert.ok(Math.abs(labAuc - pageAuc) <= 1e-6, `python on the page's scores ${labAuc}, page ${pageAuc}`);

  // The threshold view's own program, on the scores its tab saves, prints the page's matrix.
  writeFileSync(join(dir, 'threshold.py'), evaluation.program);
  copyFileSync(evaluation.scores, join(dir, evaluation.scoresName));
  const judged = await runPython(dir, 'threshold.py');
  assert.equal(judged.status, 0, judged.stderr);
  const matrix = judged.stdout.match(/true signal: (\S+) classified signal, (\S+) background\ntrue background: (\S+) classified signal, (\S+) background/);
  assert.ok(matrix, judged.stdout);
  const [tp, fn, fp, tn] = matrix.slice(1).map(Number);
  const near = (a, b) => Math.abs(a - b) <= 5e-4 * Math.max(Math.abs(b), 1e-9);
  for (const [name, python, onPage] of [['TP', tp, evaluation.confusion.tp], ['FN', fn, evaluation.confusion.fn], ['FP', fp, evaluation.confusion.fp], ['TN', tn, evaluation.confusion.tn]]) {
    assert.ok(near(python, onPage), `${name}: python ${python}, page ${onPage}`);
  }
});

/** The evaluate panel's view tabs: each names its view's settings and follows them. Returns the
 * threshold view's program, the scores its tab saves and the confusion matrix on the page. */
async function evaluateTabs(page) {
  const panel = page.getByTestId('evaluate-panel');
  const tab = async (file) => {
    const details = panel.locator(`[data-testid=python-tab][data-file="${file}"]`);
    await details.waitFor({ timeout: 30_000 });
    if (!(await details.evaluate((d) => d.open))) await details.locator('summary').first().click();
    return details;
  };
  const codeOf = async (file) => (await tab(file)).getByTestId('python-own').textContent();
  const waitFor = (file, text) => page.waitForFunction(([f, t]) => document
    .querySelector(`[data-testid=python-tab][data-file="${f}"] [data-testid=python-own]`)?.textContent.includes(t), [file, text]);

  const roc = await codeOf('roc.py');
  assert.match(roc, /roc_curve\(part\["label"\], part\["score"\], sample_weight=part\["weight"\]\)/);
  await panel.getByTestId('roc-training').check();
  await waitFor('roc.py', '("training", training, "--")');

  assert.match(await codeOf('output.py'), /bins = np\.linspace\(0, 1, 21\)[\s\S]*counted, scale = held_out, 1 \/ HELD_OUT_FRACTION/);
  await panel.getByTestId('output-events').selectOption('all');
  await waitFor('output.py', 'counted, scale = every, 1.0');

  assert.match(await codeOf('overtraining.py'), /ks_2samp\(train_scores, test_scores\)/);

  await codeOf('threshold.py');
  await panel.getByTestId('threshold').fill('0.7');
  await waitFor('threshold.py', 'threshold = 0.7');
  await panel.getByTestId('counting').selectOption('balanced');
  await waitFor('threshold.py', 'transform("sum") * len(judged) / 2');
  assert.match(await codeOf('report.py'), /classification_report\(judged\["label"\], predicted/);

  const scanCode = await codeOf('output-scan.py');
  assert.match(scanCode, /thresholds = np\.array\(\[0, 0\.1, 0\.2/);
  await panel.getByTestId('output-scan-measure').selectOption('asimov');
  await waitFor('output-scan.py', 'def asimov(S, B):');

  // The threshold view's whole program, and the scores it reads, saved from its tab.
  const threshold = await tab('threshold.py');
  const [py] = await Promise.all([page.waitForEvent('download'), threshold.getByTestId('python-save').click()]);
  assert.equal(py.suggestedFilename(), 'threshold.py');
  const [scores] = await Promise.all([page.waitForEvent('download'), threshold.getByTestId('python-companion').click()]);
  assert.match(scores.suggestedFilename(), /-scores\.csv$/);
  const confusion = panel.getByTestId('confusion');
  const read = async (k) => Number(await confusion.getAttribute(`data-${k}`));
  return {
    program: readFileSync(await py.path(), 'utf8'),
    scores: await scores.path(),
    scoresName: scores.suggestedFilename(),
    confusion: { tp: await read('tp'), fn: await read('fn'), fp: await read('fp'), tn: await read('tn') },
  };
}

test('a lesson\'s widgets show their code on the lesson\'s data, and the lesson saves as a notebook of the student\'s steps', async () => {
  const { page, problems } = await openPage(browser, `${server.url}#/lesson/seeking-the-invisible/histograms`);
  await page.waitForSelector('[data-testid="lesson-section"][data-section="histograms"]');
  const widget = page.getByTestId('widget-histogram').first();
  const tab = widget.getByTestId('python-tab');
  await tab.waitFor({ timeout: 60_000 });
  await tab.locator('summary').first().click();
  const own = tab.getByTestId('python-own');
  await own.waitFor();
  // The widget's own settings: DM_300's lead_lep_pt, ten bins from the smallest value to the largest.
  const code = await own.textContent();
  assert.match(code, /variable = "lead_lep_pt"\nbins = np\.linspace\([0-9.e+-]+, [0-9.e+-]+, 11\)/);
  assert.match(code, /stack = \["DM_300"\]/);
  assert.ok((await tab.getByTestId('python-setup').textContent()).includes(`DATA = "${server.url}static_data/datasets/atlas-dm/"`));

  // An answer, then the notebook: the sections in order, the widget's code, the answer given.
  await tasks.answer(page, 'task-2', 1234);
  const [nb] = await Promise.all([page.waitForEvent('download'), page.getByTestId('lesson-notebook').click()]);
  assert.equal(nb.suggestedFilename(), 'seeking-the-invisible.ipynb');
  const notebook = JSON.parse(readFileSync(await nb.path(), 'utf8'));
  assert.equal(notebook.nbformat, 4);
  const text = notebook.cells.map((c) => c.source.join('')).join('\n');
  const at = (part) => { const i = text.indexOf(part); assert.ok(i >= 0, `the notebook lacks ${part}`); return i; };
  assert.ok(at('## Dark matter and ATLAS') < at('## Reading a histogram'));
  assert.ok(at('## Reading a histogram') < at('## Weights and stacks'));
  at('events = events[events["sample"].isin(["DM_300"])]');
  at('Your answer: 1234');

  // The scan widget names the lesson's thresholds; the HSF network is PyTorch, as its tutorial.
  await page.goto(`${server.url}#/lesson/seeking-the-invisible/significance`);
  const scan = page.getByTestId('widget-scan').first().getByTestId('python-tab');
  await scan.waitFor({ timeout: 60_000 });
  await scan.locator('summary').first().click();
  assert.match(await scan.getByTestId('python-own').textContent(), /thresholds = np\.array\(\[25, 50, 75, 100, 125, 150, 175, 200\]\)/);
  await page.goto(`${server.url}#/lesson/higgs-to-four-leptons/network`);
  const network = page.getByTestId('widget-train').first().getByTestId('python-tab');
  await network.waitFor({ timeout: 60_000 });
  await network.locator('summary').first().click();
  const torch = await network.getByTestId('python-own').textContent();
  assert.match(torch, /HIDDEN = \[5\][\s\S]*torch\.optim\.SGD\(network\.parameters\(\), lr=0\.001[\s\S]*batch_size=32/);
  assert.deepEqual(problems, []);
});

test('the playground, the fit and the dice show their code, following their settings', async () => {
  const { page, problems } = await openPage(browser, `${server.url}#/playground`);
  const tab = page.locator('[data-testid=python-tab][data-file="playground.py"]');
  await tab.waitFor({ timeout: 60_000 });
  await tab.locator('summary').first().click();
  const own = tab.getByTestId('python-own');
  await own.waitFor();
  assert.match(await own.textContent(), /rng = np\.random\.default_rng\(\d+\)[\s\S]*keras\.layers\.Dense\(8, activation="relu"/);
  await page.getByTestId('pg-data').selectOption('circles');
  await page.getByTestId('pg-model').selectOption('tree');
  await page.waitForFunction(() => {
    const text = document.querySelector('[data-file="playground.py"] [data-testid=python-own]')?.textContent ?? '';
    return text.includes('r, a = (0.5 if cls == 1 else 1.0)') && text.includes('DecisionTreeClassifier(');
  });
  // A line to fit: the same tab writes the polynomial.
  await page.getByTestId('pg-data').selectOption('line');
  await page.waitForFunction(() => (document.querySelector('[data-file="playground.py"] [data-testid=python-own]')?.textContent ?? '')
    .includes('0.8 * x + 0.3  # the line'));

  await page.goto(`${server.url}#/lesson/learning-from-examples/weights`);
  const dice = page.locator('[data-testid=python-tab][data-file="dice.py"]');
  await dice.waitFor({ timeout: 60_000 });
  await dice.locator('summary').first().click();
  const code = dice.getByTestId('python-own');
  await code.waitFor();
  assert.match(await code.textContent(), /ROLLS = \d+/);
  // Its hint speaks of dice and their counts (no model here).
  const hint = await dice.locator('p.hint').first().textContent();
  assert.match(hint, /the same dice/);
  assert.doesNotMatch(hint, /model/);
  assert.deepEqual(problems, []);
});
