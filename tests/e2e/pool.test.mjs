// The worker pool: a forest's trees, a grid search's fits and a boosted model's permutation
// importances are shared among Web Workers, one per core or as many as the student chooses, and
// the result is the one worker's, digit for digit.
// The choice is remembered by the browser.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { serve, launch, openPage, ARTIFACTS } from './harness.mjs';

let server;
before(async () => { server = await serve(); });
after(async () => { await server?.close(); });

/** Counts the training workers the page starts from now on. */
function countWorkers(page) {
  const seen = { count: 0 };
  page.on('worker', (w) => { if (/train-cpu/.test(w.url())) seen.count += 1; });
  return seen;
}

async function chooseWorkers(page, key) {
  await page.selectOption('[data-testid=workers] >> nth=0', key);
}

test('a forest and a grid search on 1 and on 3 workers give the same numbers; the choice is remembered', async () => {
  const browser = await launch();
  try {
    const { page, problems } = await openPage(browser, `${server.url}#/lab?ds=atlas-dm`);
    await page.getByTestId('train-panel').waitFor({ timeout: 60_000 });
    const workers = countWorkers(page);
    // The forest preset (30 trees) shows the menu; automatic names this machine's cores.
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    const auto = await page.locator('[data-testid=workers] >> nth=0').locator('option').first().textContent();
    assert.equal(auto, `automatic (${Math.min(cores, 8)}, one per core)`);

    const train = async (key, index) => {
      await chooseWorkers(page, key);
      const before = workers.count;
      await page.click('[data-testid=train]');
      const row = page.getByTestId('model-row').nth(index);
      await row.waitFor({ timeout: 120_000 });
      return {
        auc: await row.getAttribute('data-auc'),
        status: await page.getByTestId('train-status').textContent(),
        started: workers.count - before,
      };
    };
    const one = await train('1', 0);
    assert.match(one.status, /^Trained in [\d.]+ s\.$/);
    assert.equal(one.started, 1);
    const three = await train('3', 1);
    assert.match(three.status, /^Trained in [\d.]+ s on 3 workers\.$/);
    assert.equal(three.started, 3, 'one worker per share of the trees');
    assert.equal(three.auc, one.auc, 'the same forest, to the last digit of its AUC');

    // Boosted trees learn in sequence on one worker; their permutation importances are shared,
    // a range of inputs per worker: the same values, to the last digit, on 1 and on 3 workers.
    await page.selectOption('[data-testid=model-kind]', 'boosting');
    const importances = async (index) => {
      await page.getByTestId('model-focus').nth(index).check();
      const table = page.locator('[data-testid=importances][data-method="AUC drop when shuffled"]');
      await table.waitFor();
      return table.getByTestId('importance-row').evaluateAll((els) => els.map((e) => [e.dataset.name, e.dataset.value]));
    };
    const boosted = await train('1', 2);
    assert.equal(boosted.started, 1);
    const sharedBoost = await train('3', 3);
    assert.match(sharedBoost.status, /^Trained in [\d.]+ s on 3 workers\.$/);
    assert.equal(sharedBoost.started, 3, 'one learns, all three measure');
    assert.equal(sharedBoost.auc, boosted.auc);
    const alone1 = await importances(2);
    assert.ok(alone1.length >= 3 && alone1.some(([, v]) => Number(v) > 0), JSON.stringify(alone1));
    assert.deepEqual(await importances(3), alone1);
    await page.selectOption('[data-testid=model-kind]', 'forest');

    // A grid search over four settings, a word-valued and a boolean one among them, on 1 then 3
    // workers: the same table, row for row, in scikit-learn's ParameterGrid order.
    await page.click('[data-testid=grid-search] summary');
    const values = async (k, text) => {
      await page.fill(`[data-testid=grid-values-${k}]`, text);
      await page.dispatchEvent(`[data-testid=grid-values-${k}]`, 'change');
    };
    await values(0, '4, 8');
    await values(1, '3');
    await page.click('[data-testid=grid-add]');
    await page.selectOption('[data-testid=grid-param-2]', 'criterion');
    await values(2, 'gini, entropy');
    await page.click('[data-testid=grid-add]');
    await page.selectOption('[data-testid=grid-param-3]', 'bootstrap');
    await values(3, 'True, False');
    assert.equal(await page.getByTestId('grid-size').textContent(), '8 combinations × 3 folds = 24 fits');
    const search = async (key) => {
      await chooseWorkers(page, key);
      await page.click('[data-testid=grid-run]');
      await page.getByTestId('grid-use').waitFor({ timeout: 120_000 });
      const rows = await page.getByTestId('grid-row').evaluateAll((els) => els.map((e) => [e.querySelector('td').textContent, e.dataset.mean]));
      return rows;
    };
    const alone = await search('1');
    assert.equal(alone.length, 8);
    assert.equal(alone[0][0], 'bootstrap = True, criterion = gini, max_depth = 3, n_estimators = 4');
    assert.equal(alone[7][0], 'bootstrap = False, criterion = entropy, max_depth = 3, n_estimators = 8');
    // The progress line names the pool while it runs.
    await chooseWorkers(page, '3');
    await page.click('[data-testid=grid-run]');
    await page.waitForFunction(() => / on 3 workers/.test(document.querySelector('[data-testid=grid-progress]')?.textContent ?? ''), null, { timeout: 60_000 });
    await page.getByTestId('grid-use').waitFor({ timeout: 120_000 });
    const pooled = await page.getByTestId('grid-row').evaluateAll((els) => els.map((e) => [e.querySelector('td').textContent, e.dataset.mean]));
    assert.deepEqual(pooled, alone);
    await page.getByTestId('train-panel').screenshot({ path: join(ARTIFACTS, 'pool-train-panel.png') });

    // The choice is the browser's: after a reload the menu still says 3.
    await page.reload();
    await page.getByTestId('train-panel').waitFor({ timeout: 60_000 });
    assert.equal(await page.inputValue('[data-testid=workers] >> nth=0'), '3');
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
  }
});
