// "VBF Higgs at CMS" as a student works through it: counts, kept fractions, weighted sums and the
// best single cut computed here in plain JavaScript from the shipped CSV files; the exercise's
// network and a forest from a grid search with a categorical and a boolean setting, their AUCs,
// metrics at 0.6 (classes normalised, as the exercise's sample_weight) and rates on every event
// recomputed from the scores the student exports; the training-events views switched on; then a
// challenge round: two submissions saved from the lesson, ranked on the board against the
// shipped key (AUCs recomputed here), and a malformed file named while the others stay.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { serve, launch, openPage, ROOT, ARTIFACTS } from './harness.mjs';
import { openSection, right, train } from './tasks.mjs';
import { weightedAuc } from './metrics.mjs';

const LESSON = '#/lesson/vbf-higgs-at-cms';
const DATASET = join(ROOT, 'static_data', 'datasets', 'cms-vbf-4l');
const SIGNAL = 'VBF_HToZZTo4mu';
const SAMPLES = [SIGNAL, 'GluGluHToZZTo4mu', 'ZZTo4mu'];
const MISSING = -999;

/** Rows of a CSV file (lines starting with # are comments, as in a submission). */
function readCsv(text) {
  const [header, ...lines] = text.trim().split('\n').filter((l) => !l.startsWith('#'));
  const columns = header.split(',');
  const words = new Set(['part', 'sample', 'name']);
  return lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [columns[i], words.has(columns[i]) ? v : Number(v)])));
}
const data = Object.fromEntries(SAMPLES.map((s) => [s, readCsv(readFileSync(join(DATASET, `${s}.csv`), 'utf8'))]));
const sum = (xs) => xs.reduce((a, b) => a + b, 0);
const twoJets = (rows) => rows.filter((r) => r.f_massjj !== MISSING);
const weightOf = (rows) => sum(rows.map((r) => r.f_weight));
const backgrounds = SAMPLES.slice(1).flatMap((s) => data[s]);


/** The confusion matrix at `t` (output above t: signal) with each event's weight from `weigh`. */
function confusion(rows, t, weigh) {
  const c = { tp: 0, fp: 0, tn: 0, fn: 0 };
  for (const r of rows) {
    const w = weigh(r);
    if (r.score > t) { if (r.label === 1) c.tp += w; else c.fp += w; } else if (r.label === 1) c.fn += w; else c.tn += w;
  }
  return c;
}
/** Each class normalised to the same total: the CMS exercise's sample_weight. */
const balanced = (rows) => {
  const total = (label) => sum(rows.filter((r) => r.label === label).map((r) => r.weight));
  const [s, b] = [total(1), total(0)];
  return (r) => r.weight / (r.label === 1 ? s : b);
};
const accuracy = (c) => (c.tp + c.tn) / (c.tp + c.tn + c.fp + c.fn);
const precision = (c) => c.tp / (c.tp + c.fp);
const recall = (c) => c.tp / (c.tp + c.fn);

/** Best weighted S/√B keeping the events above each threshold of `variable` (every event). */
function bestCut(variable, thresholds) {
  const above = (rows, t) => weightOf(rows.filter((r) => r[variable] > t));
  return Math.max(...thresholds.map((t) => above(data[SIGNAL], t) / Math.sqrt(above(backgrounds, t))));
}

/** The exported scores of the latest model whose name contains `name`. */
async function exported(page, name) {
  const row = page.locator(`[data-testid="widget-evaluate"] [data-testid="model-row"][data-name*="${name}"]`).last();
  const [file] = await Promise.all([page.waitForEvent('download'), row.locator('[data-testid="export-csv"]').click()]);
  return readCsv(readFileSync(await file.path(), 'utf8'));
}

/** Saves the chosen model's challenge submission under `name`; returns the file's text. */
async function submission(page, model, name) {
  const widget = page.locator('[data-testid="widget-evaluate"]').first();
  await widget.locator(`[data-testid="model-row"][data-name*="${model}"] [data-testid="model-focus"]`).last().check();
  await widget.locator('[data-testid="challenge-name"]').fill(name);
  const [file] = await Promise.all([page.waitForEvent('download'), widget.locator('[data-testid="challenge-save"]').click()]);
  await widget.locator('[data-testid="challenge-saved"]').waitFor();
  return readFileSync(await file.path(), 'utf8');
}

test('a student separates VBF from gluon fusion: cleaning, weights, the network, a grid-searched forest, train against test, the cut at 0.6 and a challenge round on the board', { timeout: 900_000 }, async () => {
  const server = await serve();
  const browser = await launch();
  const goTo = (page, section) => openSection(page, `${server.url}${LESSON}`, section);
  try {
    const { page, problems } = await openPage(browser, `${server.url}${LESSON}`);
    await page.waitForSelector('[data-testid="lesson-section"][data-section="two-ways"]');
    const total = Number(await page.getAttribute('[data-testid="lesson-progress"]', 'data-total'));
    await right(page, 'vbf-events', data[SIGNAL].length);
    const window = (s) => weightOf(data[s].filter((r) => r.f_mass4l >= 120 && r.f_mass4l < 130));
    const owner = SAMPLES.reduce((a, b) => (window(b) > window(a) ? b : a));
    await right(page, 'peak-owner', owner);

    await goTo(page, 'missing-jets');
    await right(page, 'why-999', 'impossible');
    await right(page, 'kept-signal', twoJets(data[SIGNAL]).length / data[SIGNAL].length);
    await right(page, 'kept-background', twoJets(backgrounds).length / backgrounds.length);

    await goTo(page, 'weights');
    await right(page, 'expected-signal', weightOf(twoJets(data[SIGNAL])));
    await right(page, 'why-normalise', 'equal');

    await goTo(page, 'features');
    const scans = {
      f_massjj: [100, 200, 300, 400, 500, 600, 800, 1000],
      f_deltajj: [1, 2, 3, 4, 5, 6],
      f_mass4l: [100, 115, 120, 130, 150, 200],
      f_Z1mass: [60, 70, 80, 85, 90],
      f_Z2mass: [20, 30, 40, 50, 60],
    };
    const best = Object.keys(scans).reduce((a, b) => (bestCut(b, scans[b]) > bestCut(a, scans[a]) ? b : a));
    assert.ok(['f_massjj', 'f_deltajj'].includes(best), `a jet feature separates best, not ${best}`);
    await right(page, 'best-feature', best);
    await page.locator('[data-testid="widget-pairs"]').nth(1).locator('canvas').first().waitFor();

    await goTo(page, 'split');
    await right(page, 'small-test', 'enough');

    // The exercise's network; its AUCs from the scores it exports.
    await goTo(page, 'network');
    await train(page);
    const network = await exported(page, 'network');
    const events = twoJets(SAMPLES.flatMap((s) => data[s])).length;
    assert.equal(network.length, events, 'every two-jet event scored, no other');
    const networkTest = network.filter((r) => r.part === 'test');
    assert.ok(Math.abs(networkTest.length / events - 0.2) < 0.001, `a fifth tests (${networkTest.length} of ${events})`);
    await right(page, 'network-auc', weightedAuc(networkTest));

    await goTo(page, 'train-versus-test');
    const networkTrain = network.filter((r) => r.part === 'train');
    const roc = page.locator('[data-testid="widget-evaluate"]').first();
    await roc.locator('[data-testid="roc-training"]').check();
    await roc.locator('[data-testid="roc-canvas"]').waitFor();
    await right(page, 'network-train-auc', weightedAuc(networkTrain));
    const merit = page.locator('[data-testid="widget-evaluate"]').nth(1);
    await merit.locator('[data-testid="threshold"]').fill('0.6');
    await merit.locator('[data-testid="judged-on"]').selectOption('training');
    await merit.locator('[data-testid="counting"]').selectOption('balanced');
    const trainAt = confusion(networkTrain, 0.6, balanced(networkTrain));
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="confusion"][data-on="training"]').length === 1);
    const shownPrecision = Number(await merit.locator('[data-testid="metrics"]').getAttribute('data-precision'));
    assert.ok(Math.abs(shownPrecision - precision(trainAt)) < 1e-9, `${shownPrecision} vs ${precision(trainAt)}`);
    await right(page, 'network-pe-train', precision(trainAt) * recall(trainAt));
    mkdirSync(ARTIFACTS, { recursive: true });
    await roc.screenshot({ path: join(ARTIFACTS, 'vbf-roc-train-test.png') });
    await merit.screenshot({ path: join(ARTIFACTS, 'vbf-threshold-training.png') });

    await goTo(page, 'cut');
    await right(page, 'network-accuracy', accuracy(confusion(networkTest, 0.6, balanced(networkTest))));
    const physical = confusion(networkTest, 0.6, (r) => r.weight);
    await right(page, 'background-rejected', physical.tn / (physical.tn + physical.fp));

    await goTo(page, 'scores');
    await right(page, 'selected-mass', 'ggh');

    // The grid: the exercise's seven settings cut down to a categorical and a boolean one.
    await goTo(page, 'forest');
    await right(page, 'grid-size', '576');
    const grid = page.locator('[data-testid="grid-search"]');
    assert.equal(await grid.getAttribute('open'), '', 'the lesson opens its grid');
    assert.equal(await grid.locator('[data-testid="grid-size"]').textContent(), '192 combinations × 3 folds = 576 fits');
    assert.equal(await grid.locator('[data-testid="grid-scoring"]').inputValue(), 'accuracy');
    for (let k = 6; k >= 2; k--) await grid.locator(`[data-testid="grid-remove-${k}"]`).click();
    await grid.locator('[data-testid="grid-values-1"]').fill('30');
    await grid.locator('[data-testid="grid-values-1"]').dispatchEvent('change');
    await grid.locator('[data-testid="grid-add"]').click();
    await grid.locator('[data-testid="grid-param-2"]').selectOption('bootstrap');
    await grid.locator('[data-testid="grid-values-2"]').fill('True, False');
    await grid.locator('[data-testid="grid-values-2"]').dispatchEvent('change');
    assert.equal(await grid.locator('[data-testid="grid-size"]').textContent(), '4 combinations × 3 folds = 12 fits');
    await grid.locator('[data-testid="grid-run"]').click();
    await grid.locator('[data-testid="grid-use"]').waitFor({ timeout: 300_000 });
    const rows = await grid.locator('[data-testid="grid-row"] td.grid-settings').allTextContents();
    assert.deepEqual(rows.map((r) => r.replace(/ = [^,]*/g, '')), Array(4).fill('bootstrap, criterion, n_estimators'), 'ParameterGrid order: names sorted');
    assert.match(rows[0], /bootstrap = True, criterion = gini/);
    assert.match(rows[3], /bootstrap = False, criterion = entropy/);
    await grid.locator('[data-testid="grid-use"]').click();
    await train(page);
    const forest = await exported(page, 'forest');
    await right(page, 'forest-auc', weightedAuc(forest.filter((r) => r.part === 'test')));

    await goTo(page, 'comparison');
    const forestTest = forest.filter((r) => r.part === 'test');
    await right(page, 'forest-accuracy', accuracy(confusion(forestTest, 0.6, balanced(forestTest))));
    const every = confusion(forest, 0.6, () => 1);
    await right(page, 'every-event-efficiency', recall(every));
    await right(page, 'every-event-background', every.fp / (every.fp + every.tn));

    await goTo(page, 'going-further');
    await right(page, 'tth-jets', 'central');

    // The challenge: two submissions from the lesson, one broken by hand, all three on the board.
    await goTo(page, 'challenge');
    await right(page, 'challenge-inputs', 'missing');
    const fromNetwork = await submission(page, 'network', 'Network team');
    const fromForest = await submission(page, 'forest', 'Forest team');
    assert.equal(Number(await page.getAttribute('[data-testid="lesson-progress"]', 'data-done')), total, 'every task answered');
    const dir = join(ARTIFACTS, 'vbf-submissions');
    mkdirSync(dir, { recursive: true });
    const files = { network: join(dir, 'network.csv'), forest: join(dir, 'forest.csv'), broken: join(dir, 'broken.csv') };
    writeFileSync(files.network, fromNetwork);
    writeFileSync(files.forest, fromForest);
    // The forest's file with its first event's line gone: that event has no score.
    const lines = fromForest.trim().split('\n');
    const first = lines.findIndex((l) => /^\d/.test(l));
    writeFileSync(files.broken, lines.filter((_, i) => i !== first).join('\n').replace('Forest team', 'Broken team') + '\n');
    const key = readCsv(readFileSync(join(DATASET, 'challenge', 'challenge_key.csv'), 'utf8'));
    const truth = new Map(key.map((r) => [r.f_event, r]));
    const aucOf = (text) => weightedAuc(readCsv(text).map((r) => ({ score: r.score, label: truth.get(r.f_event).isSignal, weight: truth.get(r.f_event).f_weight })));

    await page.goto(`${server.url}#/board`);
    await page.click('[data-testid=board-shipped-key]');
    await page.waitForFunction(() => /shipped CMS challenge/.test(document.querySelector('[data-testid=board-key]')?.textContent ?? ''));
    await page.setInputFiles('[data-testid=file-input]', [files.network, files.forest, files.broken]);
    const board = page.getByTestId('board-row');
    await board.nth(1).waitFor();
    assert.equal(await board.count(), 2, 'the two good files ranked');
    const shown = await board.evaluateAll((els) => els.map((e) => [e.dataset.name, Number(e.dataset.auc)]));
    const expected = [['Network team', aucOf(fromNetwork)], ['Forest team', aucOf(fromForest)]].sort((a, b) => b[1] - a[1]);
    assert.deepEqual(shown.map((s) => s[0]), expected.map((e) => e[0]), 'ranked by weighted AUC');
    shown.forEach(([, auc], i) => assert.ok(Math.abs(auc - expected[i][1]) < 1e-9, `${auc} vs ${expected[i][1]}`));
    assert.match(await page.getByTestId('board-problem').textContent(), /broken\.csv/);
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    server.close();
  }
});
