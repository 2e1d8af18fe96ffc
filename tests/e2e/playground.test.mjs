// The playground: a link reproduces the points and the model; a model learns in the worker while
// the decision boundary is redrawn and the page stays responsive; pause, step, reset and the test
// points behave; bad settings get a message.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, openPage, screenshot, waitForDrawn, canvasHash, longTasksOf, playgroundDone, playgroundAgain } from './harness.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const picture = (page) => canvasHash(page, '[data-testid=pg-boundary]');

test('a network learns the spirals from a link, the boundary changes while it trains, the page stays responsive', async () => {
  const link = '#/playground?data=spirals&noise=0.05&layers=32%2C32&epochs=150';
  const { page, problems } = await openPage(browser, server.url + link, { deviceScaleFactor: 2 });
  await waitForDrawn(page, '[data-testid=pg-boundary]');
  assert.equal(await page.inputValue('[data-testid=pg-data]'), 'spirals');
  assert.equal(await page.inputValue('[data-testid=pg-layers]'), '32,32');
  // Long tasks on the page's thread while the network trains in the worker.
  const long = await longTasksOf(page, async () => {
    const empty = await picture(page);
    await page.click('[data-testid=pg-train]');
    await page.waitForFunction(() => /epoch [1-9]\d* of 150/.test(document.querySelector('[data-testid=pg-status]').textContent));
    await page.waitForFunction(() => /epoch (2\d|[3-9]\d|1\d\d) of/.test(document.querySelector('[data-testid=pg-status]').textContent));
    const early = await picture(page);
    assert.notEqual(early, empty, 'the boundary is drawn once training starts');
    await page.waitForFunction(() => /epoch (6\d|[7-9]\d|1\d\d) of/.test(document.querySelector('[data-testid=pg-status]').textContent));
    assert.notEqual(await picture(page), early, 'the boundary changes while the model learns');
    await playgroundDone(page);
  }, () => playgroundAgain(page));
  const status = await page.textContent('[data-testid=pg-status]');
  const accuracy = Number(status.match(/validation accuracy ([\d.]+) %/)[1]);
  assert.ok(accuracy >= 90, `the network separates the spirals on validation points: ${status}`);
  assert.ok(long.every((d) => d < 50), `no task on the page's thread reaches 50 ms while training: ${long}`);
  await page.click('[data-testid=pg-test]');
  await page.waitForSelector('[data-testid=pg-test-result]');
  assert.match(await page.textContent('[data-testid=pg-test-result]'), /Test points: accuracy \d+\.\d %/);
  await waitForDrawn(page, '[data-testid=pg-loss]');
  await screenshot(page, 'playground-spirals');
  // Reload: the link still says what was on screen.
  await page.reload();
  await waitForDrawn(page, '[data-testid=pg-boundary]');
  assert.equal(await page.inputValue('[data-testid=pg-epochs]'), '150');
  assert.deepEqual(problems, []);
});

test('a tree grows level by level, pauses, steps, resets; a bad setting is refused with a message', async () => {
  const { page, problems } = await openPage(browser, `${server.url}#/playground?data=circles&model=tree&depth=5`);
  await waitForDrawn(page, '[data-testid=pg-boundary]');
  await page.click('[data-testid=pg-step]');
  await page.waitForFunction(() => /paused — tree depth 1 of 5/.test(document.querySelector('[data-testid=pg-status]').textContent));
  await page.click('[data-testid=pg-step]');
  await page.waitForFunction(() => /paused — tree depth 2 of 5/.test(document.querySelector('[data-testid=pg-status]').textContent));
  await page.click('[data-testid=pg-train]');
  await page.waitForFunction(() => /^done — tree depth 5 of 5/.test(document.querySelector('[data-testid=pg-status]').textContent));
  await screenshot(page, 'playground-tree');
  await page.click('[data-testid=pg-reset]');
  await page.waitForFunction(() => /Press Train/.test(document.querySelector('[data-testid=pg-status]').textContent));
  await page.fill('[data-testid=pg-depth]', '0');
  await page.press('[data-testid=pg-depth]', 'Enter');
  await page.waitForSelector('[data-testid=playground-error]');
  assert.match(await page.textContent('[data-testid=playground-error]'), /depth: “0” was not used — it must be a whole number from 1 to 20/);
  await page.selectOption('[data-testid=pg-data]', 'xor');
  await page.waitForFunction(() => location.hash.includes('data=xor'));
  assert.ok(page.url().includes('model=tree') && page.url().includes('depth=5'));
  // Embed…: the code shows the same playground in a teacher's page, and that page is this one.
  await page.click('[data-testid=pg-embed]');
  const code = await page.inputValue('[data-testid=pg-embed-code]');
  const src = code.match(/src="([^"]+)"/)[1].replaceAll('&amp;', '&');
  assert.match(src, /#\/embed\/playground\?data=xor&model=tree&depth=5$/);
  await page.goto(src);
  await page.waitForSelector('[data-testid=embed] [data-testid=pg-boundary]');
  assert.equal(await page.inputValue('[data-testid=pg-data]'), 'xor');
  assert.equal(await page.inputValue('[data-testid=pg-depth]'), '5');
  assert.equal(await page.locator('header.site-header, .site-header').count(), 0, 'no site header in a frame');
  assert.deepEqual(problems, []);
});

test('the fit widget descends to the line, diverges above the critical rate, and shows under- and overfitting', async () => {
  const { page, problems } = await openPage(browser, `${server.url}#/playground?data=line&n=40&noise=0.1`);
  await waitForDrawn(page, '[data-testid=fit-points]');
  await page.waitForSelector('text=Start: θ = 0');
  await page.click('[data-testid=fit-step]');
  await page.waitForFunction(() => /^Step 1: training loss/.test(document.querySelector('[data-testid=fit-status]').textContent));
  await page.click('[data-testid=fit-run]');
  await page.waitForFunction(() => /^Done after 300 steps: training loss 0\.00724/.test(document.querySelector('[data-testid=fit-status]').textContent), null, { timeout: 30_000 });
  await waitForDrawn(page, '[data-testid=fit-surface]');
  await screenshot(page, 'playground-fit-descent');
  await page.fill('[data-testid=pg-rate]', '1.2');
  await page.press('[data-testid=pg-rate]', 'Enter');
  await page.click('[data-testid=fit-run]');
  await page.waitForFunction(() => /^Diverged after \d+ steps .* η = 1\.2 is above 0\.996/.test(document.querySelector('[data-testid=fit-status]').textContent));
  assert.ok(page.url().includes('rate=1.2'));
  // Under- and overfitting: the exact fit of a curve, degree by degree.
  await page.goto(`${server.url}#/playground?data=curve&n=60&noise=0.2&fit=exact&degree=5`);
  await page.waitForFunction(() => /^Degree 5: training MSE 0\.0419, validation MSE 0\.022/.test(document.querySelector('[data-testid=fit-status]')?.textContent ?? ''));
  await waitForDrawn(page, '[data-testid=fit-loss]');
  await screenshot(page, 'playground-fit-degrees');
  assert.deepEqual(problems, []);
});
