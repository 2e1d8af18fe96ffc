// The challenge board: the shipped key, three submissions dropped at once (one malformed), the
// ranking and AUCs against a weighted AUC computed here in plain JavaScript, the malformed file
// explained without losing the others, then sent again fixed; the board as an embed. Then a
// round as a class plays it: the teacher makes a fresh challenge from a seed, a student's forest
// scores its sample in the Lab, the board ranks it against the key the teacher saved.
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

test('a challenge round: the teacher makes a fresh challenge, a forest from the Lab scores it, the board ranks it above a single variable and names a file for another challenge', async () => {
  const browser = await launch();
  try {
    // The teacher: a fresh challenge of 2 000 events from seed 271828; a size out of range first.
    const { page: teacher, problems } = await openPage(browser, `${server.url}#/board`);
    await teacher.click('[data-testid=board-fresh] summary');
    await teacher.fill('[data-testid=fresh-seed]', '271828');
    await teacher.fill('[data-testid=fresh-events]', '20');
    await teacher.click('[data-testid=fresh-make]');
    assert.equal(await teacher.getByTestId('board-key-error').textContent(), 'A challenge has 500 to 50000 events, not “20”.');
    await teacher.fill('[data-testid=fresh-events]', '2000');
    await teacher.click('[data-testid=fresh-make]');
    await teacher.getByTestId('fresh-made').waitFor({ timeout: 60_000 });
    const saved = async (testid) => {
      const [file] = await Promise.all([teacher.waitForEvent('download'), teacher.click(`[data-testid=${testid}]`)]);
      return { name: file.suggestedFilename(), path: await file.path(), text: readFileSync(await file.path(), 'utf8') };
    };
    const fresh = await saved('fresh-save-sample');
    const freshKey = await saved('fresh-save-key');
    assert.equal(fresh.name, 'cms-challenge-2000-events.csv', 'the students’ file does not give the seed away');
    assert.equal(freshKey.name, 'cms-challenge-key-seed-271828.csv');
    const freshRows = fresh.text.trim().split('\n').slice(1).map((l) => l.split(','));
    const truth = new Map(freshKey.text.trim().split('\n').slice(1).map((l) => l.split(',')).map(([id, y, w]) => [id, { y: Number(y), w: Number(w) }]));
    assert.equal(freshRows.length, 2000);
    assert.deepEqual([...truth.keys()], freshRows.map((r) => r[0]), 'the key has the sample’s events, in its order');
    const shippedEvents = new Set(sample.map((r) => r.slice(1).join()));
    assert.equal(freshRows.filter((r) => shippedEvents.has(r.slice(1).join())).length, 0, 'none of the shipped events');
    const freshSignal = [...truth.values()].filter((t) => t.y === 1).length;
    assert.equal(await teacher.getByTestId('board-key').textContent(),
      `Answer key: your fresh challenge (seed 271828) — 2000 events, ${freshSignal} of them signal.`);
    // The same seed and size make the same challenge again.
    await teacher.click('[data-testid=fresh-make]');
    await teacher.waitForFunction(() => !document.querySelector('[data-testid=fresh-make]').disabled);
    assert.equal((await saved('fresh-save-key')).text, freshKey.text);
    await teacher.getByTestId('board').screenshot({ path: join(ARTIFACTS, 'board-fresh.png') });

    // A student: a forest trained in the Lab scores the teacher's sample.
    const { page, problems: studentProblems } = await openPage(browser, `${server.url}#/lab?ds=cms-vbf-4l`);
    await page.getByTestId('train-panel').waitFor({ timeout: 60_000 });
    await page.click('[data-testid=train]');
    await page.getByTestId('model-row').first().waitFor({ timeout: 120_000 });
    await page.setInputFiles('[data-testid=challenge-file]', { name: fresh.name, mimeType: 'text/csv', buffer: Buffer.from(fresh.text) });
    await page.fill('[data-testid=challenge-name]', 'Forest team');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=challenge-save]')]);
    assert.equal(download.suggestedFilename(), 'Forest-team-challenge-submission.csv');
    const forest = readFileSync(await download.path(), 'utf8');
    assert.match(forest, /^# Five Sigma challenge submission\n# name: Forest team\nf_event,score\n/);
    assert.match(await page.getByTestId('challenge-saved').textContent(),
      /Saved Forest-team-challenge-submission\.csv: your teacher's challenge \(cms-challenge-2000-events\.csv\) scored by #1/);
    await page.getByTestId('challenge-submit').screenshot({ path: join(ARTIFACTS, 'challenge-submit.png') });
    assert.deepEqual(studentProblems, []);

    // The teacher drops it with a single-variable entry, and one made for the shipped challenge.
    const byMass = new Map(freshRows.map((r) => [r[0], Number(r[1])]));
    const shippedMass = new Map(sample.map((r) => [r[0], Number(r[1])]));
    await teacher.setInputFiles('[data-testid=file-input]', [
      { name: 'forest.csv', mimeType: 'text/csv', buffer: Buffer.from(forest) },
      { name: 'mass.csv', mimeType: 'text/csv', buffer: Buffer.from(submission('Dijet mass', byMass)) },
      { name: 'old.csv', mimeType: 'text/csv', buffer: Buffer.from(submission('Last year', shippedMass)) },
    ]);
    const board = teacher.getByTestId('board-row');
    await board.nth(1).waitFor();
    assert.equal(await board.count(), 2);
    const shown = await board.evaluateAll((els) => els.map((e) => [e.dataset.name, Number(e.dataset.auc)]));
    // Both AUCs judged here in JavaScript on the downloaded key.
    const aucOf = (scores) => rocAuc([...scores].map(([id, score]) => ({ score, label: truth.get(id).y, weight: truth.get(id).w })));
    const scores = new Map(forest.trim().split('\n').slice(3).map((l) => l.split(',')).map(([id, s]) => [id, Number(s)]));
    assert.deepEqual(shown.map((s) => s[0]), ['Forest team', 'Dijet mass']);
    assert.ok(Math.abs(shown[0][1] - aucOf(scores)) < 1e-9, `${shown[0][1]}`);
    assert.ok(Math.abs(shown[1][1] - aucOf(byMass)) < 1e-9, `${shown[1][1]}`);
    assert.ok(shown[0][1] > 0.9, `${shown}`);
    assert.match(await teacher.getByTestId('board-problem').textContent(), /^old\.csv: /);
    await teacher.getByTestId('board').screenshot({ path: join(ARTIFACTS, 'board-fresh-ranked.png') });
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
  }
});
