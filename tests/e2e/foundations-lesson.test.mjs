// "Learning from examples" as a student works through it, reading every answer off the lesson's
// own widgets (the divergence from the fit's message, the best degree and depth from the numbers
// they show after each change or step, the effective rolls from the dice): a network trained in
// the lesson separates the spirals while the boundary is redrawn and the page stays responsive;
// a reload keeps every answer and the playground's settings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, openPage, screenshot, waitForDrawn, canvasHash, longTasksOf, playgroundDone, playgroundAgain } from './harness.mjs';

const LESSON = '#/lesson/learning-from-examples';

async function goTo(page, base, section) {
  await page.goto(`${base}${LESSON}/${section}`);
  await page.waitForSelector(`[data-testid="lesson-section"][data-section="${section}"]`);
}

async function right(page, task, value) {
  const card = page.locator(`[data-testid="task-${task}"]`);
  if (value === undefined) {
    // A task that judges the widget above.
  } else if (await card.locator('[data-testid="answer-choices"]').count()) {
    await card.locator(`[data-testid="option-${value}"]`).check();
  } else {
    await card.locator('[data-testid="answer"]').fill(String(value));
  }
  await card.locator('[data-testid="check"]').click();
  await card.locator('[data-testid="feedback"]').waitFor();
  assert.equal(await card.getAttribute('data-status'), 'correct',
    `${task}: ${value} → ${await card.locator('[data-testid="feedback"]').innerText()}`);
}

const status = (page, id) => page.textContent(`[data-testid="${id}"]`);
/// Sets a playground or fit setting as a student types it (the field applies on change).
async function setting(page, key, value) {
  await page.fill(`[data-testid="pg-${key}"]`, value);
  await page.press(`[data-testid="pg-${key}"]`, 'Enter');
}

const picture = (page) => canvasHash(page, '[data-testid=pg-boundary]');

test('a student completes "Learning from examples" from its widgets, and a reload keeps the work', { timeout: 300_000 }, async () => {
  const server = await serve();
  const browser = await launch();
  try {
    const { page, problems } = await openPage(browser, `${server.url}${LESSON}`);
    const base = server.url;
    await page.waitForSelector('[data-testid="lesson-section"][data-section="learning"]');
    assert.equal(await page.locator('[data-testid="data-source"]').count(), 0, 'no dataset to choose');
    await right(page, 'kinds', 'classification');

    // Gradient descent: too large a rate diverges, and the message names the critical rate.
    await goTo(page, base, 'descent');
    await waitForDrawn(page, '[data-testid=fit-surface]');
    await setting(page, 'rate', '1.2');
    await page.click('[data-testid=fit-run]');
    await page.waitForFunction(() => /^Diverged/.test(document.querySelector('[data-testid=fit-status]').textContent));
    const critical = Number((await status(page, 'fit-status')).match(/is above ([\d.]+)/)[1]);
    await setting(page, 'rate', String(critical * 0.98));
    await page.click('[data-testid=fit-run]');
    await page.waitForFunction(() => /^Done after 300 steps/.test(document.querySelector('[data-testid=fit-status]').textContent), null, { timeout: 30_000 });
    await right(page, 'divergence', critical);

    // Under- and overfitting: the degree whose validation error is lowest, read degree by degree.
    await goTo(page, base, 'flexibility');
    await waitForDrawn(page, '[data-testid=fit-loss]');
    const validation = [];
    for (let d = 0; d <= 12; d++) {
      await setting(page, 'degree', String(d));
      await page.waitForFunction((d) => document.querySelector('[data-testid=fit-status]').textContent.startsWith(`Degree ${d}:`), d);
      validation.push(parseFloat((await status(page, "fit-status")).match(/validation MSE (\S+)/)[1]));
    }
    const best = validation.indexOf(Math.min(...validation));
    assert.ok(validation[12] > validation[best] && validation[0] > validation[best], `a valley: ${validation}`);
    await right(page, 'best-degree', best);

    await goTo(page, base, 'classifying');
    await right(page, 'straight', 'straight');

    // A tree, one level per Step, its validation accuracy read after each.
    await goTo(page, base, 'trees');
    await waitForDrawn(page, '[data-testid=pg-boundary]');
    const accuracy = [];
    for (let depth = 1; depth <= 12; depth++) {
      await page.click('[data-testid=pg-step]');
      await page.waitForFunction((k) => new RegExp(`tree depth ${k} of \\d+: validation`).test(document.querySelector('[data-testid=pg-status]').textContent), depth);
      const s = await status(page, 'pg-status');
      accuracy.push(Number(s.match(/validation accuracy ([\d.]+) %/)[1]));
      if (/of (\d+)/.exec(s)[1] === String(depth)) break;
    }
    await right(page, 'best-depth', accuracy.indexOf(Math.max(...accuracy)) + 1);

    await goTo(page, base, 'ensembles');
    await right(page, 'why-forest', 'average');

    // The spirals: the lesson's small network falls short; a wider one separates them, while the
    // boundary is redrawn and no task on the page's thread reaches 50 ms.
    await goTo(page, base, 'networks');
    await waitForDrawn(page, '[data-testid=pg-boundary]');
    const card = page.locator('[data-testid="task-spirals"]');
    await card.locator('[data-testid="check"]').click();
    assert.match(await card.locator('[data-testid="feedback"]').innerText(), /Train a model in the playground above first/);
    await setting(page, 'layers', '32,32');
    const long = await longTasksOf(page, async () => {
      const empty = await picture(page);
      await page.click('[data-testid=pg-train]');
      await page.waitForFunction(() => /epoch (1\d|[2-9]\d) of/.test(document.querySelector('[data-testid=pg-status]').textContent));
      const early = await picture(page);
      assert.notEqual(early, empty, 'the boundary is drawn once training starts');
      await page.waitForFunction(() => /epoch ([5-9]\d|100) of/.test(document.querySelector('[data-testid=pg-status]').textContent));
      assert.notEqual(await picture(page), early, 'the boundary changes while the network learns');
      await playgroundDone(page);
    }, () => playgroundAgain(page));
    assert.ok(long.every((d) => d < 50), `no task on the page's thread reaches 50 ms while training: ${long}`);
    await right(page, 'spirals');
    await waitForDrawn(page, '[data-testid=pg-loss]');
    await screenshot(page, 'lesson-foundations-spirals');

    await goTo(page, base, 'splits');
    await right(page, 'test-once', 'chosen');

    // Weighted dice: the effective number of rolls, as the widget shows it.
    await goTo(page, base, 'weights');
    await waitForDrawn(page, '[data-testid=dice-plot]');
    await page.selectOption('[data-testid=dice-die]', 'negative');
    await page.fill('[data-testid=dice-rolls]', '1000');
    await page.press('[data-testid=dice-rolls]', 'Enter');
    await page.waitForFunction(() => /^1000 rolls/.test(document.querySelector('[data-testid=dice-facts]').textContent));
    const effective = Number(await page.getAttribute('[data-testid=dice-facts]', 'data-effective'));
    assert.ok(effective > 300 && effective < 420, `about 0.36 × 1000: ${effective}`);
    await right(page, 'effective', effective.toFixed(1));
    await screenshot(page, 'lesson-foundations-dice');

    // Reload: every answer, the network's settings and the dice are as the student left them.
    const total = Number(await page.getAttribute('[data-testid="lesson-progress"]', 'data-total'));
    assert.equal(total, 9);
    assert.equal(await page.getAttribute('[data-testid="lesson-progress"]', 'data-done'), '9');
    await page.reload();
    await page.waitForSelector('[data-testid="lesson-section"][data-section="weights"]');
    assert.equal(await page.getAttribute('[data-testid="lesson-progress"]', 'data-done'), '9');
    assert.equal(await page.inputValue('[data-testid=dice-rolls]'), '1000');
    await goTo(page, base, 'networks');
    assert.equal(await page.inputValue('[data-testid=pg-layers]'), '32,32');
    assert.equal(await page.locator('[data-testid="task-spirals"]').getAttribute('data-status'), 'correct');
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    await server.close();
  }
});

test('a lesson open in two tabs keeps both tabs\' answers, each seeing the other\'s', { timeout: 120_000 }, async () => {
  const server = await serve();
  const browser = await launch();
  try {
    const { page: first, context, problems } = await openPage(browser, `${server.url}${LESSON}/learning`);
    await first.waitForSelector('[data-testid="lesson-section"][data-section="learning"]');
    const second = await context.newPage();
    await second.goto(`${server.url}${LESSON}/splits`);
    await second.waitForSelector('[data-testid="lesson-section"][data-section="splits"]');
    // Each tab answers its own task; neither save may undo the other's.
    await right(first, 'kinds', 'classification');
    await right(second, 'test-once', 'chosen');
    // The first tab hears of the second's answer without a reload, and the other way round.
    await first.waitForSelector('[data-testid="toc-test-once"][data-status="correct"]');
    await second.waitForSelector('[data-testid="toc-kinds"][data-status="correct"]');
    // One more change in the first tab, saved after the second's: both answers stay.
    await first.locator('[data-testid="task-kinds"] [data-testid="hint-button"]').click();
    for (const page of [first, second]) {
      await page.reload();
      await page.waitForSelector('[data-testid="lesson-section"]');
      assert.equal(await page.getAttribute('[data-testid="lesson-progress"]', 'data-done'), '2');
    }
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    await server.close();
  }
});

test('with the browser\'s storage full, an answer still counts, the student is told at once, and Export keeps it', { timeout: 60_000 }, async () => {
  const server = await serve();
  const browser = await launch();
  try {
    const { page, context, problems } = await openPage(browser, `${server.url}${LESSON}/learning`);
    await page.waitForSelector('[data-testid="lesson-section"][data-section="learning"]');
    // From now on every write to localStorage fails as a full quota does.
    await page.evaluate(() => {
      Storage.prototype.setItem = function () { throw new DOMException('quota', 'QuotaExceededError'); };
    });
    await right(page, 'kinds', 'classification');
    const note = page.locator('.lesson-header .notice:has-text("cannot be saved")');
    await note.waitFor();
    assert.match(await note.textContent(), /full or switched off.*Export progress/);
    const [file] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export-progress"]')]);
    const saved = JSON.parse(await (await import('node:fs/promises')).readFile(await file.path(), 'utf8'));
    assert.equal(saved.tasks.kinds.status, 'correct', 'the export holds the answer storage could not');
    assert.deepEqual(problems.filter((p) => !/QuotaExceeded|quota/.test(p)), []);
    await context.close();
  } finally {
    await browser.close();
    await server.close();
  }
});

test('a tab killed while it is saving keeps everything saved before it, readable', { timeout: 90_000 }, async () => {
  const server = await serve();
  const browser = await launch();
  try {
    const { page, context } = await openPage(browser, `${server.url}${LESSON}/flexibility`);
    await page.waitForSelector('[data-testid="lesson-section"][data-section="flexibility"]');
    await waitForDrawn(page, '[data-testid=fit-loss]');
    await right(page, 'best-degree', 5);
    // The student turns the degree quickly (every change is saved) and the tab is killed in the
    // middle of it: the renderer crashes with saves in flight.
    await page.evaluate(() => {
      const setItem = Storage.prototype.setItem;
      window.saves = 0;
      Storage.prototype.setItem = function (...args) { window.saves++; return setItem.apply(this, args); };
      const field = document.querySelector('[data-testid="pg-degree"]');
      let degree = 0;
      setInterval(() => {
        field.value = String(1 + (degree++ % 9));
        field.dispatchEvent(new Event('change', { bubbles: true }));
      }, 4);
    });
    await page.waitForFunction(() => window.saves > 20);
    const cdp = await context.newCDPSession(page);
    cdp.send('Page.crash').catch(() => {});
    await new Promise((resolve) => page.once('crash', resolve));
    // A new tab: the answer is there, the saved copy reads (nothing set aside), and the widget
    // shows one of the degrees the killed tab saved.
    const again = await context.newPage();
    const problems = [];
    again.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    await again.goto(`${server.url}${LESSON}/flexibility`);
    await again.waitForSelector('[data-testid="lesson-section"][data-section="flexibility"]');
    assert.equal(await again.getAttribute('[data-testid="task-best-degree"]', 'data-status'), 'correct');
    assert.equal(await again.locator('[data-testid="unreadable-progress"]').count(), 0);
    const degree = Number(await again.inputValue('[data-testid="pg-degree"]'));
    assert.ok(degree >= 1 && degree <= 9, `degree ${degree}`);
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    await server.close();
  }
});
