// "Higgs to four leptons" (the HSF lesson) as a student works through it: counts, cleaning cuts
// and S/B scans computed here in plain JavaScript from the same CSV files; the forest and the
// network trained in the lesson, their scores exported as a student would and every metric the
// tasks ask for (accuracy, precision, recall, AMS, the expectation above a threshold)
// recomputed from that file; the last section on its own dataset (atlas-ttz: a forest and boosted
// trees); a wrong answer explained; progress and the models of both datasets kept over a reload.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { serve, launch, openPage, ROOT, ARTIFACTS } from './harness.mjs';
import { openSection, answer, right, train } from './tasks.mjs';

const LESSON = '#/lesson/higgs-to-four-leptons';
const DATASET = join(ROOT, 'static_data', 'datasets', 'atlas-hzz4l');
const SIGNAL = 'ggH125_ZZ4lep';
const BACKGROUND = 'llll';

function readSample(name) {
  const [header, ...lines] = readFileSync(join(DATASET, `${name}.csv`), 'utf8').trim().split('\n');
  const columns = header.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [columns[i], Number(v)])));
}
const samples = { [SIGNAL]: readSample(SIGNAL), [BACKGROUND]: readSample(BACKGROUND) };
const ttz = readFileSync(join(ROOT, 'static_data', 'datasets', 'atlas-ttz', 'ttZ.csv'), 'utf8').trim().split('\n').slice(1)
  .map((line) => Number(line.split(',').at(-1)));
const sum = (xs) => xs.reduce((a, b) => a + b, 0);
const typeCut = (r) => [44, 48, 52].includes(r.lep_type_0 + r.lep_type_1 + r.lep_type_2 + r.lep_type_3);
const chargeCut = (r) => r.lep_charge_0 + r.lep_charge_1 + r.lep_charge_2 + r.lep_charge_3 === 0;
const clean = (name) => samples[name].filter((r) => typeCut(r) && chargeCut(r));
// The HSF plot_SoverB: S/B of every event right of each threshold, after the cleaning cuts.
function bestSOverB(variable, thresholds) {
  let best = { value: -Infinity, threshold: NaN };
  const above = (name, t) => sum(clean(name).filter((r) => r[variable] > t).map((r) => r.totalWeight));
  for (const t of thresholds) {
    const value = above(SIGNAL, t) / above(BACKGROUND, t);
    if (value > best.value) best = { value, threshold: t };
  }
  return best;
}
const range = (a, b) => Array.from({ length: b - a + 1 }, (_, i) => a + i);
const pt2 = bestSOverB('lep_pt_2', range(7, 19));
const pt1 = bestSOverB('lep_pt_1', range(7, 34));

// A model's exported scores (event,sample,label,weight,part,score): the test part, counted as
// scikit-learn counts it (once per event) — the HSF models train unweighted.
function testPart(csv) {
  return csv.trim().split('\n').slice(1).map((l) => l.split(','))
    .filter((c) => c[4] === 'test')
    .map((c) => ({ label: Number(c[2]), weight: Number(c[3]), score: Number(c[5]) }));
}
function report(events, t) {
  const n = (label, called) => events.filter((e) => e.label === label && (e.score > t) === called).length;
  const [tp, fp, fn, tn] = [n(1, true), n(0, true), n(1, false), n(0, false)];
  return { accuracy: (tp + tn) / events.length, precision: tp / (tp + fp || 1), recall: tp / (tp + fn) };
}
// The HSF AMS on rates, best over thresholds 0, 0.01, …, 0.99.
function bestAms(events, bReg) {
  const [s, b] = [events.filter((e) => e.label === 1).length, events.filter((e) => e.label === 0).length];
  let best = -Infinity;
  for (let i = 0; i < 100; i++) {
    const t = i / 100;
    const tpr = events.filter((e) => e.label === 1 && e.score > t).length / s;
    const fpr = events.filter((e) => e.label === 0 && e.score > t).length / b;
    const ams = Math.sqrt(2 * ((tpr + fpr + bReg) * Math.log(1 + tpr / (fpr + bReg)) - tpr));
    if (Number.isFinite(ams)) best = Math.max(best, ams);
  }
  return best;
}

const goTo = (page, base, section) => openSection(page, `${base}${LESSON}`, section);

/** Picks the models table's row whose name contains `name`, in the widget `scope`. */
async function pick(scope, name) {
  await scope.locator(`[data-testid="model-row"][data-name*="${name}"] [data-testid="model-focus"]`).check();
}

async function exported(page, scope, name) {
  const row = scope.locator(`[data-testid="model-row"][data-name*="${name}"]`);
  const [file] = await Promise.all([page.waitForEvent('download'), row.locator('[data-testid="export-csv"]').click()]);
  return testPart(readFileSync(await file.path(), 'utf8'));
}

test('a student completes the Higgs lesson, and finds progress and models kept after a reload', { timeout: 600_000 }, async () => {
  const server = await serve();
  const browser = await launch();
  try {
    const { page, problems } = await openPage(browser, `${server.url}${LESSON}`);
    await page.waitForSelector('[data-testid="lesson-section"][data-section="four-leptons"]');
    const total = Number(await page.getAttribute('[data-testid="lesson-progress"]', 'data-total'));
    await right(page, 'signal-events', samples[SIGNAL].length);
    await right(page, 'expected-higgs', sum(samples[SIGNAL].map((r) => r.totalWeight)));

    // Cleaning: a wrong answer first (every event, before the cut), explained.
    await goTo(page, server.url, 'cleaning');
    await right(page, 'type-sums', '44-48-52');
    const card = await answer(page, 'after-type-cut', samples[BACKGROUND].length);
    assert.equal(await card.getAttribute('data-status'), 'wrong');
    assert.match(await card.locator('[data-testid="feedback"]').innerText(), /before the cut/);
    await right(page, 'after-type-cut', samples[BACKGROUND].filter(typeCut).length);
    // The challenge: the student adds the charge cut, and the cut-flow's last row shows it.
    const cuts = page.locator('[data-testid="widget-cuts"]');
    await cuts.locator('[data-testid="cut-input"]').fill('sum(lep_charge_*) == 0');
    await cuts.locator('[data-testid="cut-add"]').click();
    await cuts.locator('[data-testid="cutflow-row"]').nth(2).waitFor();
    const lastRow = await cuts.locator('[data-testid="cutflow-row"]').nth(2).locator('td').evaluateAll((tds) => tds.map((td) => Number(td.dataset.raw)));
    assert.ok(lastRow.includes(clean(SIGNAL).length) && lastRow.includes(clean(BACKGROUND).length), lastRow.join(' | '));
    await right(page, 'after-charge-cut', clean(SIGNAL).length);

    // S/B: the lesson's lep_pt_2 plot, then the student's own lep_pt_1 plot (28 bins from 7).
    await goTo(page, server.url, 'signal-over-background');
    const first = page.locator('[data-testid="stack-sb-best"]').first();
    await first.waitFor();
    assert.ok(Math.abs(Number(await first.getAttribute('data-value')) - pt2.value) < 1e-9 * pt2.value);
    await right(page, 'best-pt2-cut', pt2.threshold);
    await right(page, 'best-pt2-ratio', pt2.value);
    const mine = page.locator('[data-testid="widget-histogram"]').nth(1);
    await mine.locator('[data-testid="stack-variable"]').selectOption('lep_pt_1');
    await mine.locator('[data-testid="stack-bins"]').fill('28');
    await mine.locator('[data-testid="stack-bins"]').dispatchEvent('change');
    await mine.locator('[data-testid="stack-lo"]').fill('7');
    await mine.locator('[data-testid="stack-lo"]').dispatchEvent('change');
    await mine.locator('[data-testid="stack-hi"]').fill('35');
    await mine.locator('[data-testid="stack-hi"]').dispatchEvent('change');
    await page.waitForFunction((v) => Math.abs(Number(document.querySelectorAll('[data-testid="stack-sb-best"]')[1]?.getAttribute('data-value')) - v) < 1e-9 * v, pt1.value);
    await right(page, 'best-pt1-ratio', pt1.value);

    await goTo(page, server.url, 'preparing');
    await right(page, 'scaler-fit', 'train');
    await right(page, 'scaler-apply', 'same');

    // The forest: 67/33 of the cleaned events (scikit-learn's ceil for the test part).
    await goTo(page, server.url, 'forest');
    await train(page);
    let evaluate = page.locator('[data-testid="widget-evaluate"]').first();
    await evaluate.locator('[data-testid="report"]').waitFor();
    const forest = await exported(page, evaluate, 'forest');
    const cleaned = clean(SIGNAL).length + clean(BACKGROUND).length;
    assert.equal(forest.length, Math.ceil(0.33 * cleaned), 'the test part is 33 % of the cleaned events');
    const accuracy = Number(await evaluate.locator('[data-testid="report-row"][data-label="accuracy"]').getAttribute('data-f1'));
    assert.ok(Math.abs(accuracy - report(forest, 0.5).accuracy) < 1e-12, `${accuracy}`);
    await right(page, 'forest-accuracy', report(forest, 0.5).accuracy);

    // The network: trained as the tutorial trains it, it calls every event background.
    await goTo(page, server.url, 'network');
    await train(page);
    evaluate = page.locator('[data-testid="widget-evaluate"]').first();
    await evaluate.locator('[data-testid="model-row"]').nth(1).waitFor();
    const network = await exported(page, evaluate, 'MLP');
    await right(page, 'network-accuracy', report(network, 0.5).accuracy);
    const background = network.filter((e) => e.label === 0).length / network.length;
    await right(page, 'lazy-accuracy', background);

    await goTo(page, server.url, 'overfitting');
    await right(page, 'overfit-looks', 'apart');
    evaluate = page.locator('[data-testid="widget-evaluate"]').first();
    await pick(evaluate, 'forest');
    const ks = evaluate.locator('[data-testid="ks"]');
    await ks.waitFor();
    await right(page, 'forest-ks', Number(await ks.getAttribute('data-p-signal')));
    await pick(evaluate, 'MLP');
    await page.waitForFunction(() => document.querySelector('[data-testid="ks"]') !== null);
    await right(page, 'network-ks', Number(await evaluate.locator('[data-testid="ks"]').getAttribute('data-p-background')));

    await goTo(page, server.url, 'metrics');
    await right(page, 'forest-precision', report(forest, 0.5).precision);
    await right(page, 'network-recall', report(network, 0.5).recall);

    await goTo(page, server.url, 'threshold');
    const auc = await page.locator('[data-testid="model-row"][data-name*="forest"]').first().getAttribute('data-auc');
    await right(page, 'forest-auc', Number(auc));
    await right(page, 'forest-ams', bestAms(forest, 0.001));
    const bReg = page.locator('[data-testid="b-reg"]');
    await bReg.fill('0.01');
    await right(page, 'forest-ams-br', bestAms(forest, 0.01));
    await page.locator('[data-testid="ams-canvas"]').screenshot({ path: join(ARTIFACTS, 'higgs-ams.png') });

    // Real data: the data count is the student's model's; the expectation is recomputed from
    // the exported test scores (weighted, × 1/0.33).
    await goTo(page, server.url, 'real-data');
    evaluate = page.locator('[data-testid="widget-evaluate"]').first();
    await pick(evaluate, 'forest');
    const above = evaluate.locator('[data-testid="output-above"]');
    await above.waitFor();
    const expected = sum(forest.filter((e) => e.score > 0.5).map((e) => e.weight)) / 0.33;
    const signal = sum(forest.filter((e) => e.score > 0.5 && e.label === 1).map((e) => e.weight)) / 0.33;
    const shown = Number(await above.getAttribute('data-signal')) + Number(await above.getAttribute('data-background'));
    assert.ok(Math.abs(shown - expected) < 1e-9 * expected, `${shown} vs ${expected}`);
    const observed = Number(await above.getAttribute('data-data'));
    assert.ok(Math.abs(observed - expected) < 3 * Math.sqrt(expected), `data ${observed} vs expected ${expected}`);
    await right(page, 'data-selected', observed);
    await right(page, 'expected-selected', expected);
    await right(page, 'expected-higgs-selected', signal);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'higgs-real-data.png'), fullPage: true });

    // t̄tZ, on its own dataset: the section says so, and its models are its own.
    await goTo(page, server.url, 'ttz');
    assert.equal(await page.getAttribute('[data-testid="section-dataset"]', 'data-dataset'), 'atlas-ttz');
    await right(page, 'ttz-expected', sum(ttz));
    await right(page, 'ttz-why-top-candidates', 'tops');
    await train(page);
    evaluate = page.locator('[data-testid="widget-evaluate"]').first();
    await evaluate.locator('[data-testid="model-row"]').first().waitFor();
    assert.equal(await evaluate.locator('[data-testid="model-row"]').count(), 1, 'only the models of this dataset');
    await right(page, 'ttz-forest-auc', Number(await evaluate.locator('[data-testid="model-row"]').first().getAttribute('data-auc')));
    const output = page.locator('[data-testid="widget-evaluate"]').nth(1);
    const ttzForest = await exported(page, output, 'forest');
    await pick(output, 'forest');
    await output.locator('[data-testid="threshold"]').fill('0.7');
    const ttzAbove = output.locator('[data-testid="output-above"][data-threshold="0.7"]');
    await ttzAbove.waitFor();
    const ttzExpected = sum(ttzForest.filter((e) => e.score > 0.7).map((e) => e.weight)) / 0.33;
    const ttzSignal = sum(ttzForest.filter((e) => e.score > 0.7 && e.label === 1).map((e) => e.weight)) / 0.33;
    const ttzObserved = Number(await ttzAbove.getAttribute('data-data'));
    assert.ok(Math.abs(ttzObserved - ttzExpected) < 3 * Math.sqrt(ttzExpected), `data ${ttzObserved} vs expected ${ttzExpected}`);
    await right(page, 'ttz-data-above', ttzObserved);
    await right(page, 'ttz-signal-above', ttzSignal);
    await output.locator('[data-testid="output-canvas"]').screenshot({ path: join(ARTIFACTS, 'ttz-output.png') });
    await page.locator('[data-testid="widget-train"]').nth(1).locator('[data-testid="train"]').click();
    await page.locator('[data-testid="widget-train"]').nth(1).locator('[data-testid="train-status"]:has-text("Trained in")').waitFor({ timeout: 300_000 });
    const last = page.locator('[data-testid="widget-evaluate"]').nth(2);
    await last.locator('[data-testid="model-row"]').nth(1).waitFor();
    await right(page, 'ttz-bdt-auc', Number(await last.locator('[data-testid="model-row"][data-name*="oosted"]').getAttribute('data-auc')));
    await page.screenshot({ path: join(ARTIFACTS, 'higgs-ttz.png'), fullPage: true });
    assert.equal(await page.getAttribute('[data-testid="lesson-progress"]', 'data-done'), String(total));

    // Reload: answers kept, the models of both datasets trained again with the same seeds, each
    // into its own section's list.
    await page.reload();
    await page.waitForSelector('[data-testid="lesson-section"][data-section="ttz"]');
    assert.equal(await page.getAttribute('[data-testid="lesson-progress"]', 'data-done'), String(total));
    await page.locator('[data-testid="models-restoring"]').waitFor({ state: 'detached', timeout: 300_000 });
    await page.locator('[data-testid="widget-evaluate"]').first().locator('[data-testid="model-row"]').nth(1).waitFor({ timeout: 300_000 });
    assert.equal(await page.locator('[data-testid="widget-evaluate"]').first().locator('[data-testid="model-row"]').count(), 2);
    await goTo(page, server.url, 'real-data');
    await page.locator('[data-testid="model-row"]').nth(1).waitFor({ timeout: 300_000 });
    assert.equal(await page.locator('[data-testid="model-row"]').count(), 2);
    await pick(page, 'forest');
    await page.locator('[data-testid="output-above"][data-threshold="0.5"]').waitFor();
    assert.equal(Number(await page.locator('[data-testid="output-above"]').getAttribute('data-data')), observed);
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    await server.close();
  }
});
