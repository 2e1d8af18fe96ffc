// (b) Opening a CSV through the file chooser: row count, column types, a histogram with real
// pixels, a virtualised table; (c) a malformed CSV shows an error naming line and column and the
// page stays usable. Fixtures are written by the test itself.
import { gzipSync } from 'node:zlib';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, openPage, screenshot, nonBackgroundPixels, chooseFiles } from './harness.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

/** A deterministic events file: `rows` rows, a few column kinds, some −999 (missing) values. */
function eventsCsv(rows) {
  let seed = 12345;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const lines = ['event,lead_lep_pt,mll,n_jets,Label,totalWeight'];
  for (let i = 0; i < rows; i++) {
    const pt = (25 + 60 * -Math.log(1 - random())).toFixed(3);
    const mll = i % 50 === 0 ? '-999' : (91.19 + 2.5 * (random() + random() + random() - 1.5)).toFixed(3);
    const label = random() < 0.3 ? 's' : 'b';
    lines.push(`${i},${pt},${mll},${Math.floor(random() * 4)},${label},${(random() * 0.1).toFixed(5)}`);
  }
  return Buffer.from(lines.join('\n') + '\n');
}

test('a 100 000-row CSV loads with types, a drawn histogram and a virtualised table', async () => {
  const { page, problems } = await openPage(browser, `${server.url}#/lab`);
  await chooseFiles(page, { name: 'events.csv', mimeType: 'text/csv', buffer: eventsCsv(100_000) });

  const count = page.locator('[data-testid=row-count]');
  await count.waitFor({ timeout: 60_000 });
  assert.equal(await count.getAttribute('data-rows'), '100000');

  const kinds = await page.$$eval('[data-testid=column-summary] tbody tr', (rows) =>
    rows.map((r) => [r.querySelector('th').textContent, r.querySelector('td').textContent]));
  assert.deepEqual(kinds.map(([name]) => name), ['event', 'lead_lep_pt', 'mll', 'n_jets', 'Label', 'totalWeight']);
  assert.equal(kinds[0][1], 'integer');
  assert.equal(kinds[1][1], 'number');
  assert.match(kinds[4][1], /^text \(2 values\)/);
  // 2 000 of the mll cells are −999 (every 50th row) and count as missing.
  const mllMissing = await page.textContent('[data-testid=column-summary] tbody tr:nth-child(3) td:nth-child(4)');
  assert.equal(mllMissing.replace(/\s/g, ''), '2000');

  // The histogram canvas has been drawn on (bars, axes, labels — not a blank canvas).
  const canvas = '[data-testid=histogram-canvas]';
  await page.waitForFunction((sel) => document.querySelector(sel)?.width > 0, canvas);
  const first = await nonBackgroundPixels(page, canvas);
  assert.ok(first.count > first.total * 0.05, `histogram looks blank: ${first.count}/${first.total} pixels drawn`);

  // Choosing another variable redraws the plot.
  const before = await page.$eval(canvas, (c) => c.toDataURL());
  await page.selectOption('[data-testid=histogram-column]', 'mll');
  await page.waitForFunction(([sel, old]) => document.querySelector(sel).toDataURL() !== old, [canvas, before]);
  assert.match(await page.getAttribute(canvas, 'aria-label'), /mll/);

  // Virtualised: only a window of rows is in the DOM, and scrolling reaches the last row.
  const table = page.locator('[data-testid=data-table]');
  const rendered = await table.locator('.dt-body .dt-row').count();
  assert.ok(rendered > 10 && rendered < 60, `expected a small window of rows, got ${rendered}`);
  await table.evaluate((el) => { el.scrollTop = el.scrollHeight; });
  await page.waitForSelector('[data-testid=data-table] [aria-rowindex="100001"]');
  const lastIndex = await page.textContent('[data-testid=data-table] [aria-rowindex="100001"] .dt-index');
  assert.equal(lastIndex, '100000');
  assert.ok((await table.locator('.dt-body .dt-row').count()) < 60);

  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, 'lab-loaded');
  assert.deepEqual(problems, []);
});

test('the histogram is crisp on a HiDPI screen (canvas scaled by devicePixelRatio)', async () => {
  const { page, problems } = await openPage(browser, `${server.url}#/lab`, { deviceScaleFactor: 2 });
  await chooseFiles(page, { name: 'small.csv', mimeType: 'text/csv', buffer: eventsCsv(2_000) });
  const canvas = '[data-testid=histogram-canvas]';
  await page.waitForFunction((sel) => document.querySelector(sel)?.width > 0, canvas);
  const size = await page.$eval(canvas, (c) => ({ width: c.width, css: c.clientWidth, height: c.height, cssHeight: c.clientHeight }));
  assert.equal(size.width, Math.round(size.css * 2));
  assert.equal(size.height, Math.round(size.cssHeight * 2));
  const drawn = await nonBackgroundPixels(page, canvas);
  assert.ok(drawn.count > drawn.total * 0.05);
  await page.locator('#hist-heading').scrollIntoViewIfNeeded();
  await page.locator('[data-testid=histogram-canvas]').screenshot({ path: 'tests/e2e/artifacts/histogram-hidpi.png' });
  assert.deepEqual(problems, []);
});

test('a malformed CSV shows where it is wrong and keeps the page usable', async () => {
  const { page, problems } = await openPage(browser, `${server.url}#/lab`);
  await chooseFiles(page, { name: 'good.csv', mimeType: 'text/csv', buffer: eventsCsv(500) });
  await page.waitForSelector('[data-testid=row-count][data-rows="500"]');

  const bad = Buffer.from('lead_lep_pt,mll\n40.5,91.2\n55.0,abc\n');
  await chooseFiles(page, { name: 'broken.csv', mimeType: 'text/csv', buffer: bad });
  const error = page.locator('[data-testid=csv-error]');
  await error.waitFor();
  const text = await error.textContent();
  assert.match(text, /broken\.csv could not be opened/);
  assert.match(text, /Line 3, column 2 \("mll"\): expected a number/);
  // The table loaded before is still there: nothing the student had is lost.
  assert.equal(await page.getAttribute('[data-testid=row-count]', 'data-rows'), '500');
  await screenshot(page, 'lab-error');

  const ragged = Buffer.from('a,b,c\n1,2,3\n4,5\n');
  await chooseFiles(page, { name: 'ragged.csv', mimeType: 'text/csv', buffer: ragged });
  await page.waitForSelector('[data-testid=csv-error]:has-text("Line 3 has 2 fields, but the header has 3")');

  // A compressed file given as CSV is named, with what to do.
  await chooseFiles(page, { name: 'events.csv.gz', mimeType: 'application/gzip', buffer: gzipSync(eventsCsv(50)) });
  await page.waitForSelector('[data-testid=csv-error]:has-text("This is a gzip-compressed file (.gz), not a CSV text file. Unpack it first")');

  // Every other way a file can be broken gets its own message, one after the other.
  const variants = [
    ['empty.csv', Buffer.alloc(0), 'The file is empty'],
    ['header-only.csv', Buffer.from('a,b\n'), 'header row but no data rows'],
    ['extra-field.csv', Buffer.from('a,b\n1,2\n3,4,5\n'), 'Line 3 has 3 fields, but the header has 2'],
    ['twice.csv', Buffer.from('a,b,a\n1,2,3\n'), 'names the column "a" twice'],
    ['latin1.csv', Buffer.from([0x61, 0x2c, 0x62, 0x0a, 0x31, 0x2c, 0xe9, 0x0a]), 'Line 2, column 2: this is not UTF-8 text'],
    ['book.xlsx', Buffer.from('PK\x03\x04\x14\x00\x00\x00'), 'This is a ZIP archive'],
    ['data.bin', Buffer.from([7, 0, 1, 2, 0, 0, 9]), 'This is a binary file'],
  ];
  for (const [name, buffer, message] of variants) {
    await chooseFiles(page, { name, mimeType: 'text/csv', buffer });
    await page.waitForSelector(`[data-testid=csv-error]:has-text(${JSON.stringify(message)})`);
    assert.match(await page.textContent('[data-testid=csv-error]'), new RegExp(`${name.replace('.', '\\.')} could not be opened`));
  }

  // Still usable: a good file loads and the error goes away.
  await chooseFiles(page, { name: 'again.csv', mimeType: 'text/csv', buffer: eventsCsv(300) });
  await page.waitForSelector('[data-testid=row-count][data-rows="300"]');
  assert.equal(await page.locator('[data-testid=csv-error]').count(), 0);
  assert.deepEqual(problems, []);
});

test('dropping a file on the drop zone loads it', async () => {
  const { page, problems } = await openPage(browser, `${server.url}#/lab`);
  const transfer = await page.evaluateHandle(() => {
    const dt = new DataTransfer();
    dt.items.add(new File(['x;y\n1;2\n3;4\n5;6\n'], 'dropped.csv', { type: 'text/csv' }));
    return dt;
  });
  await page.dispatchEvent('[data-testid=drop-zone]', 'dragover', { dataTransfer: transfer });
  assert.match(await page.getAttribute('[data-testid=drop-zone]', 'class'), /dragging/);
  await page.dispatchEvent('[data-testid=drop-zone]', 'drop', { dataTransfer: transfer });
  await page.waitForSelector('[data-testid=row-count][data-rows="3"]');
  assert.match(await page.textContent('#summary-heading'), /dropped\.csv/);
  assert.deepEqual(problems, []);
});
