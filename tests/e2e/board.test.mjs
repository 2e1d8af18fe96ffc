// The challenge board: the shipped key, three submissions dropped at once (one malformed), the
// ranking and AUCs against a weighted AUC computed here in plain JavaScript, the malformed file
// explained without losing the others, then sent again fixed; the board as an embed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serve, launch, openPage, ROOT, ARTIFACTS } from './harness.mjs';
import { weightedAuc as rocAuc } from './metrics.mjs';

let server;
before(async () => { server = await serve(); });
after(async () => { await server?.close(); });

const FOLDER = join(ROOT, 'static_data', 'datasets', 'cms-vbf-4l', 'challenge');
const rows = (file) => readFileSync(join(FOLDER, file), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
const sample = rows('challenge.csv'); // f_event, f_massjj, f_deltajj, f_mass4l, f_Z1mass, f_Z2mass
const key = new Map(rows('challenge_key.csv').map(([id, y, w]) => [id, { y: Number(y), w: Number(w) }]));

/** Weighted ROC AUC of submitted `[id, score]` pairs against the key. */
const weightedAuc = (scores) => rocAuc([...scores].map(([id, score]) => ({ score, label: key.get(id).y, weight: key.get(id).w })));

const submission = (name, scores) =>
  `# Five Sigma challenge submission\n# name: ${name}\nf_event,score\n${[...scores].map(([id, s]) => `${id},${s}`).join('\n')}\n`;

test('the board ranks dropped submissions by weighted AUC and explains a malformed one', async () => {
  const browser = await launch();
  try {
    const { page, problems } = await openPage(browser, server.url);
    await page.click('[data-testid=board-card]');
    await page.getByTestId('board').waitFor();
    await page.click('[data-testid=board-shipped-key]');
    const signal = [...key.values()].filter((k) => k.y === 1).length;
    await page.waitForFunction(() => /shipped CMS challenge/.test(document.querySelector('[data-testid=board-key]')?.textContent ?? ''));
    assert.equal(await page.getByTestId('board-key').textContent(),
      `Answer key: the shipped CMS challenge — ${key.size} events, ${signal} of them signal.`);

    const byMass = new Map(sample.map((r) => [r[0], Number(r[1])]));
    const byGap = new Map(sample.map((r) => [r[0], Number(r[2])]));
    const partial = new Map([...byGap].slice(0, 100));
    await page.setInputFiles('[data-testid=file-input]', [
      { name: 'alice.csv', mimeType: 'text/csv', buffer: Buffer.from(submission('Alice', byMass)) },
      { name: 'bob.csv', mimeType: 'text/csv', buffer: Buffer.from(submission('Bob', byGap)) },
      { name: 'carol.csv', mimeType: 'text/csv', buffer: Buffer.from(submission('Carol', partial)) },
    ]);
    const board = page.getByTestId('board-row');
    await board.nth(1).waitFor();
    const expected = [['Alice', weightedAuc(byMass)], ['Bob', weightedAuc(byGap)]].sort((a, b) => b[1] - a[1]);
    const shown = await board.evaluateAll((els) => els.map((e) => [e.dataset.name, Number(e.dataset.auc)]));
    assert.equal(shown.length, 2);
    shown.forEach(([name, auc], i) => {
      assert.equal(name, expected[i][0]);
      assert.ok(Math.abs(auc - expected[i][1]) < 1e-9, `${name}: ${auc} vs ${expected[i][1]}`);
    });
    const problem = page.getByTestId('board-problem');
    assert.equal(await problem.count(), 1);
    assert.equal(await problem.textContent(),
      `carol.csv: ${key.size - 100} of the challenge's ${key.size} events have no score (the first: ${sample[100][0]}).`);

    // Carol sends her file again, complete: the board has three rows and no complaint.
    const carol = new Map(sample.map((r) => [r[0], -Math.abs(Number(r[3]) - 125)]));
    await page.setInputFiles('[data-testid=file-input]', [
      { name: 'carol.csv', mimeType: 'text/csv', buffer: Buffer.from(submission('Carol', carol)) },
    ]);
    await board.nth(2).waitFor();
    assert.equal(await page.getByTestId('board-problem').count(), 0);
    const names = await board.evaluateAll((els) => els.map((e) => e.dataset.name));
    assert.deepEqual([...names].sort(), ['Alice', 'Bob', 'Carol']);
    await page.getByTestId('board-roc').waitFor();
    await page.getByTestId('board').screenshot({ path: join(ARTIFACTS, 'board.png') });
    assert.deepEqual(problems, []);

    // The board as an embed for a course page.
    await page.goto(`${server.url}#/embed/board`);
    await page.getByTestId('board').waitFor();
    assert.equal(await page.locator('.site-header').count(), 0);
  } finally {
    await browser.close();
  }
});

test('a challenge round: a forest trained in the Lab scores the challenge, and the board ranks it above a single variable', async () => {
  const browser = await launch();
  try {
    const { page, problems } = await openPage(browser, `${server.url}#/lab?ds=cms-vbf-4l`);
    await page.getByTestId('train-panel').waitFor({ timeout: 60_000 });
    await page.click('[data-testid=train]');
    await page.getByTestId('model-row').first().waitFor({ timeout: 120_000 });
    await page.fill('[data-testid=challenge-name]', 'Forest team');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=challenge-save]')]);
    assert.equal(download.suggestedFilename(), 'Forest-team-challenge-submission.csv');
    const forest = readFileSync(await download.path(), 'utf8');
    assert.match(forest, /^# Five Sigma challenge submission\n# name: Forest team\nf_event,score\n/);
    assert.match(await page.getByTestId('challenge-saved').textContent(), /Saved Forest-team-challenge-submission\.csv: the shipped challenge scored by #1/);
    await page.getByTestId('challenge-submit').screenshot({ path: join(ARTIFACTS, 'challenge-submit.png') });

    const byMass = new Map(sample.map((r) => [r[0], Number(r[1])]));
    await page.goto(`${server.url}#/board`);
    await page.click('[data-testid=board-shipped-key]');
    await page.waitForFunction(() => /shipped CMS challenge/.test(document.querySelector('[data-testid=board-key]')?.textContent ?? ''));
    await page.setInputFiles('[data-testid=file-input]', [
      { name: 'forest.csv', mimeType: 'text/csv', buffer: Buffer.from(forest) },
      { name: 'mass.csv', mimeType: 'text/csv', buffer: Buffer.from(submission('Dijet mass', byMass)) },
    ]);
    const board = page.getByTestId('board-row');
    await board.nth(1).waitFor();
    const shown = await board.evaluateAll((els) => els.map((e) => [e.dataset.name, Number(e.dataset.auc)]));
    // The forest's own scores, judged here in JavaScript, give the AUC the board shows.
    const scores = new Map(forest.trim().split('\n').slice(3).map((l) => l.split(',')).map(([id, s]) => [id, Number(s)]));
    assert.equal(shown[0][0], 'Forest team');
    assert.ok(Math.abs(shown[0][1] - weightedAuc(scores)) < 1e-9, `${shown[0][1]}`);
    assert.ok(shown[0][1] > shown[1][1] && shown[0][1] > 0.9, `${shown}`);
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
  }
});
