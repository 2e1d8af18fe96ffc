// Issue 5, the rest of the Lab on the generated atlas-dm dataset: the HSF-style S/B panel under
// the histogram, a cut drawn by dragging across the histogram, the pair plot, and keyboard-only
// use of the cut builder and the scan. Expected numbers are computed here from the shipped CSV
// files, in plain JavaScript — independently of the Rust engine.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATASET, BACKGROUNDS, samples, sumWeights, close } from './atlas-dm.mjs';
import { serve, launch, openPage, nonBackgroundPixels, ARTIFACTS } from './harness.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });



async function assertDrawn(page, testid) {
  const sel = `[data-testid=${testid}]`;
  await page.waitForFunction((s) => document.querySelector(s)?.width > 0, sel);
  const drawn = await nonBackgroundPixels(page, sel);
  assert.ok(drawn.count > drawn.total * 0.02, `${testid} looks blank: ${drawn.count}/${drawn.total}`);
}

/** Cut-flow cells of row `i`: [raw, weighted] per sample, in the table's order. */
async function cutflowRow(page, i) {
  return page.getByTestId('cutflow-row').nth(i).locator('td').evaluateAll((tds) =>
    tds.map((td) => [Number(td.dataset.raw), Number(td.dataset.weighted)]));
}

test('S/B panel, a cut dragged on the histogram, and the pair plot agree with the CSVs', async () => {
  const { page, context, problems } = await openPage(browser, `${server.url}#/lab?ds=atlas-dm&var=lead_lep_pt&sb=1`);
  await page.getByTestId('stack-sb-canvas').waitFor({ timeout: 60_000 });
  await assertDrawn(page, 'stack-sb-canvas');

  // The HSF plot: S/B of the events above each lower bin edge; its maximum, from the CSVs.
  const bins = Number(await page.inputValue('[data-testid=stack-bins]'));
  const lo = Number(await page.inputValue('[data-testid=stack-lo]'));
  const hi = Number(await page.inputValue('[data-testid=stack-hi]'));
  let best = { threshold: NaN, value: -Infinity };
  for (let i = 0; i < bins; i++) {
    const edge = lo + (i * (hi - lo)) / bins;
    const keep = (r) => r.lead_lep_pt > edge;
    const s = sumWeights(samples.DM_300, keep);
    const b = BACKGROUNDS.reduce((sum, n) => sum + sumWeights(samples[n], keep), 0);
    if (b > 0 && s / b > best.value) best = { threshold: edge, value: s / b };
  }
  const sb = page.getByTestId('stack-sb-best');
  await page.waitForFunction(() => document.querySelector('[data-testid=stack-sb-best]')?.dataset.value);
  assert.ok(close(Number(await sb.getAttribute('data-threshold')), best.threshold), 'S/B optimum position');
  assert.ok(close(Number(await sb.getAttribute('data-value')), best.value), `S/B ${await sb.textContent()} vs ${best.value}`);

  // A click on the plot adds nothing; a drag from 100 to ~152 GeV adds "lead_lep_pt > 150"
  // (the plot spans lo–hi between 78 px from the left and 20 px from the right; a 500 GeV axis
  // rounds to 5 GeV steps).
  const canvas = page.locator('[data-testid=stack-canvas]');
  await canvas.scrollIntoViewIfNeeded();
  const box = await canvas.boundingBox();
  const xAt = (v) => box.x + 78 + ((v - lo) / (hi - lo)) * (box.width - 98);
  await page.mouse.click(xAt(100), box.y + box.height / 2);
  await page.waitForTimeout(200);
  assert.equal(await page.getByTestId('cut-item').count(), 0, 'a click is not a drag');
  await page.mouse.move(xAt(100), box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(xAt(152), box.y + box.height / 2, { steps: 6 });
  assert.match(await page.textContent('[data-testid=stack-drag-line]'), /lead_lep_pt > 150/);
  await page.mouse.up();
  await page.getByTestId('cut-item').first().waitFor();
  assert.match(await page.getByTestId('cut-item').first().textContent(), /lead_lep_pt > 150/);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=cutflow-row]').length === 2);
  const order = [...BACKGROUNDS, 'DM_300'];
  const keep150 = (r) => r.lead_lep_pt > 150;
  const cells = await cutflowRow(page, 1);
  order.forEach((name, i) => {
    assert.equal(cells[i][0], samples[name].filter(keep150).length, `${name} raw after the dragged cut`);
    assert.ok(close(cells[i][1], sumWeights(samples[name], keep150)), `${name} Σw after the dragged cut`);
  });
  // "Keep below" makes the next drag a "<" cut.
  await page.selectOption('[data-testid=stack-drag-keep]', 'below');
  await page.mouse.move(xAt(400), box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(xAt(352), box.y + box.height / 2, { steps: 6 });
  await page.mouse.up();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=cut-item]').length === 2);
  assert.match(await page.getByTestId('cut-item').nth(1).textContent(), /lead_lep_pt < 350/);
  await page.getByTestId('cut-item').nth(1).getByRole('button').click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=cut-item]').length === 1);
  await page.locator('section[aria-labelledby=stack-heading]').screenshot({ path: join(ARTIFACTS, 'lab-s-over-b.png') });

  // The pair plot shows the events passing the cut: its caption counts them.
  const passing = order.reduce((n, name) => n + samples[name].filter(keep150).length, 0);
  const caption = page.getByTestId('pair-caption');
  await page.locator('section[aria-labelledby=pairs-heading]').scrollIntoViewIfNeeded();
  await assertDrawn(page, 'pair-canvas');
  const countIn = async () => Number((await caption.textContent()).match(/(?:of|All) (\d+) simulated/)[1]);
  assert.equal(await countIn(), passing);
  // Down to two variables, coloured by sample; the URL keeps both choices.
  await page.uncheck('[data-testid="pair-var-ETmiss"]');
  assert.equal(await page.isDisabled('[data-testid="pair-var-lead_lep_pt"]'), true, 'two is the minimum');
  await page.selectOption('[data-testid=pair-colouring]', 'sample');
  assert.equal(await page.getAttribute('[data-testid=pair-canvas]', 'aria-label'), 'Pair plot of lead_lep_pt, sublead_lep_pt');
  assert.equal(await countIn(), passing);
  const [svgDownload] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=pair-canvas-svg]')]);
  const svg = readFileSync(await svgDownload.path(), 'utf8');
  for (const text of ['lead_lep_pt [GeV]', 'sublead_lep_pt [GeV]', 'DM (m = 300 GeV)', 'WZ']) {
    assert.ok(svg.includes(text), `pair plot SVG lacks ${text}`);
  }
  await page.locator('section[aria-labelledby=pairs-heading]').screenshot({ path: join(ARTIFACTS, 'lab-pairs.png') });

  const link = page.url();
  assert.match(link, /pv=lead_lep_pt%2Csublead_lep_pt|pv=lead_lep_pt,sublead_lep_pt/);
  assert.match(link, /pc=sample/);
  assert.match(link, /sb=1/);
  const again = await context.newPage();
  await again.goto(link);
  await again.getByTestId('pair-canvas').waitFor({ timeout: 60_000 });
  assert.equal(await again.inputValue('[data-testid=pair-colouring]'), 'sample');
  assert.equal(await again.isChecked('[data-testid="pair-var-ETmiss"]'), false);
  assert.equal(await again.isChecked('[data-testid="pair-var-sublead_lep_pt"]'), true);
  await again.getByTestId('stack-sb-canvas').waitFor();
  assert.deepEqual(problems, []);
});

/** Presses Tab until the focused element matches `selector` (at most `limit` presses). */
async function tabTo(page, selector, limit = 60) {
  for (let i = 0; i < limit; i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s), selector)) return;
    await page.keyboard.press('Tab');
  }
  assert.fail(`Tab never reached ${selector}`);
}

test('the cut builder and the scan work from the keyboard alone', async () => {
  const { page, problems } = await openPage(browser, `${server.url}#/lab?ds=atlas-dm&var=lead_lep_pt`);
  await page.getByTestId('cut-input').waitFor({ timeout: 60_000 });
  // Start at the top of the page; from there on only keys.
  await page.evaluate(() => document.activeElement?.blur());
  await tabTo(page, '[data-testid=cut-input]');
  await page.keyboard.type('ETmiss > 100');
  await page.keyboard.press('Enter');
  await page.getByTestId('cut-item').first().waitFor();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=cutflow-row]').length === 2);
  const keep = (r) => r.ETmiss > 100;
  const cells = await cutflowRow(page, 1);
  assert.equal(cells.at(-1)[0], samples.DM_300.filter(keep).length, 'DM_300 after ETmiss > 100');

  // Space on the cut's checkbox switches it off: the cut-flow drops back to one row.
  await tabTo(page, '[data-testid=cut-item] input[type=checkbox]');
  await page.keyboard.press('Space');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=cutflow-row]').length === 1);
  await page.keyboard.press('Space');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=cutflow-row]').length === 2);

  // The scan: choose ETmiss with the arrow keys, then apply its optimum with Enter.
  await tabTo(page, '[data-testid=scan-variable]');
  const options = await page.locator('[data-testid=scan-variable] option').evaluateAll((os) => os.map((o) => o.value));
  const want = options.indexOf('ETmiss');
  const now = options.indexOf(await page.inputValue('[data-testid=scan-variable]'));
  for (let i = now; i !== want; i += Math.sign(want - now)) {
    await page.keyboard.press(want > now ? 'ArrowDown' : 'ArrowUp');
  }
  await page.waitForFunction(() => document.querySelector('[data-testid=scan-optimum]')?.textContent.includes('ETmiss'));
  const threshold = Number(await page.getAttribute('[data-testid=scan-optimum]', 'data-threshold'));
  // The scan uses the lesson's thresholds for ETmiss (the catalog's list), after ETmiss > 100.
  const catalog = readFileSync(join(DATASET, 'catalog.toml'), 'utf8');
  const block = catalog.split('[[variable]]').find((b) => /name = "ETmiss"/.test(b));
  const thresholds = JSON.parse(block.match(/thresholds = (\[.*\])/)[1]);
  let best = { threshold: NaN, value: -Infinity };
  for (const t of thresholds) {
    const k = (r) => r.ETmiss > 100 && r.ETmiss > t;
    const s = sumWeights(samples.DM_300, k);
    const b = BACKGROUNDS.reduce((sum, n) => sum + sumWeights(samples[n], k), 0);
    if (b > 0 && s / Math.sqrt(b) > best.value) best = { threshold: t, value: s / Math.sqrt(b) };
  }
  assert.equal(threshold, best.threshold);
  await tabTo(page, '[data-testid=scan-apply]');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=cut-item]').length === 2);
  assert.match(await page.getByTestId('cut-item').nth(1).textContent(), new RegExp(`ETmiss > ${threshold}`));
  assert.deepEqual(problems, []);
});
