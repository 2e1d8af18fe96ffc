// How Five Sigma reaches students (issue #9): hosted under a teacher's sub-path, offline after the
// first visit (and a new build replacing the old cleanly), the single-file copy opened from disk,
// lessons and widgets embedded in another site's iframes, and links that reproduce a view.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { writeFileSync } from 'node:fs';
import { serve, launch, openPage, screenshot, waitForDrawn, chooseFiles, DIST, ROOT, ARTIFACTS } from './harness.mjs';
import { buildSingleFile } from '../../scripts/single-file.mjs';

const PREFIX = '/courses/ml/fivesigma/';
const LESSON = 'seeking-the-invisible';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Opens the Lab on atlas-dm and waits for the stacked histogram. */
async function labWithData(page, base) {
  await page.goto(`${base}#/lab?ds=atlas-dm`);
  await waitForDrawn(page, '[data-testid=stack-canvas]');
}

/** Opens the lesson's stacking section and waits for its histogram. */
async function lessonStack(page, base) {
  await page.goto(`${base}#/lesson/${LESSON}/stacking`);
  await page.locator('[data-testid=lesson-section][data-section=stacking]').waitFor({ timeout: 60_000 });
  await waitForDrawn(page, '[data-testid=lesson-section] [data-testid=stack-canvas]');
}

test('the built folder works unchanged under /courses/ml/fivesigma/', async () => {
  const server = await serve({ prefix: PREFIX });
  try {
    const { page, problems } = await openPage(browser, server.url);
    const failed = [];
    page.on('response', (r) => { if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`); });
    await page.click('.nav-link:text("Lab")');
    await page.click('[data-testid=dataset-atlas-dm]');
    await waitForDrawn(page, '[data-testid=stack-canvas]');
    await lessonStack(page, server.url);
    assert.deepEqual(failed, []);
    // Every file came from under the prefix (relative URLs only).
    assert.ok(server.served.length > 10);
    assert.deepEqual(server.served.filter((p) => !p.startsWith(PREFIX)), []);
    assert.deepEqual(problems, []);
  } finally {
    await server.close();
  }
});

test('offline after the first visit; a new build replaces the old one cleanly', async () => {
  // A copy of dist/ that this test may rebuild (change a file, rewrite sw.js).
  const copy = await mkdtemp(join(tmpdir(), 'fivesigma-offline-'));
  await cp(DIST, copy, { recursive: true });
  const server = await serve({ root: copy, prefix: PREFIX });
  const megabytes = (from, to = server.sent.length) =>
    server.sent.slice(from, to).reduce((a, f) => a + f.bytes, 0) / 1e6;
  const manifest = JSON.parse(await readFile(join(copy, 'offline.json'), 'utf8'));
  const partMb = (part) => manifest.files.filter((f) => f.part === part).reduce((a, f) => a + f.bytes, 0) / 1e6;
  try {
    const { page, context, problems } = await openPage(browser, server.url);
    const details = page.getByTestId('offline-details');
    // A first visit (no WebGPU adapter here): the app, its lessons and the CPU worker, no dataset.
    await page.locator('[data-testid=offline-details][data-kept=opened]').waitFor({ timeout: 120_000 });
    const firstVisit = megabytes(0);
    const firstPaths = server.sent.map((f) => f.path);
    assert.ok(!firstPaths.some((p) => p.endsWith('.csv')), `no dataset on a first visit: ${firstPaths}`);
    assert.ok(!firstPaths.some((p) => p.includes('train-gpu')), 'no WebGPU worker without an adapter');
    // The page's own load, then the worker's copy of the app part (fetched afresh, bypassing the
    // HTTP cache, so it never keeps a stale file): at most twice the app part.
    assert.ok(firstVisit < partMb('app') * 2.1, `first visit ${firstVisit} MB, app ${partMb('app')} MB`);
    assert.match(await details.locator('summary').textContent(), /Works offline: the app and what you opened/);

    // A dataset the student opens is kept; the others are not.
    await labWithData(page, server.url);
    const held = async () => page.evaluate(async () => {
      const names = await caches.keys();
      const cache = await caches.open(names.find((n) => !n.endsWith(':settings')));
      return (await cache.keys()).map((r) => r.url);
    });
    await page.waitForFunction(async () => {
      const names = await caches.keys();
      const cache = await caches.open(names.find((n) => !n.endsWith(':settings')));
      return (await cache.keys()).some((r) => r.url.endsWith('atlas-dm/WZ.csv'));
    }, null, { timeout: 30_000 });
    assert.ok(!(await held()).some((u) => u.includes('atlas-hzz4l/') && u.endsWith('.csv')));
    // Offline, a dataset never opened is not there: the page says why and what to do.
    await context.setOffline(true);
    await page.goto(`${server.url}#/lab?ds=atlas-hzz4l`);
    const trouble = page.getByTestId('trouble');
    await trouble.waitFor({ timeout: 30_000 });
    assert.equal(await trouble.locator('h2').textContent(), 'The dataset could not be fetched');
    assert.match(await trouble.textContent(), /Keep every lesson and dataset/);
    await context.setOffline(false);

    // "Keep everything": the rest of the datasets, and the panel says how much.
    await details.locator('summary').click();
    await screenshot(page, 'offline-panel');
    const beforeAll = server.sent.length;
    await page.getByTestId('keep-all').check();
    await page.locator('[data-testid=offline-details][data-kept=all]').waitFor({ timeout: 120_000 });
    const rest = megabytes(beforeAll);
    assert.match(await details.locator('summary').textContent(), /Every lesson and dataset kept offline/);
    console.log(`# first visit ${firstVisit.toFixed(1)} MB (app part ${partMb('app').toFixed(1)} MB); `
      + `"keep everything" ${rest.toFixed(1)} MB more (datasets ${partMb('data').toFixed(1)} MB in all)`);
    writeFileSync(join(ARTIFACTS, 'first-visit.json'), JSON.stringify({
      firstVisitMb: firstVisit, keepEverythingMoreMb: rest, appMb: partMb('app'), dataMb: partMb('data'), gpuMb: partMb('gpu'),
    }, null, 2));

    // No network at all: the page, a lesson with its data, and a dataset in the Lab still work.
    await context.setOffline(true);
    const before = server.served.length;
    await page.reload();
    await page.waitForSelector('.site-header');
    await lessonStack(page, server.url);
    await labWithData(page, server.url);
    await page.goto(`${server.url}#/lab?ds=atlas-hzz4l`);
    await waitForDrawn(page, '[data-testid=stack-canvas]');
    // Chromium's own update check of the service worker's script can pass Playwright's offline
    // emulation (really offline it just fails): every other request must come from the cache.
    const leaked = server.served.slice(before).filter((p) => !p.endsWith('/sw.js'));
    assert.deepEqual(leaked, [], `requests while offline: ${leaked}`);
    await context.setOffline(false);

    // A new build: one lesson file changes, sw.js is rewritten with a new version.
    const indexToml = join(copy, 'static_data', 'lessons', 'index.toml');
    const marker = '# rebuilt for the offline test';
    await writeFile(indexToml, `${await readFile(indexToml, 'utf8')}\n${marker}\n`);
    execFileSync('node', [join(ROOT, 'scripts', 'precache.mjs'), copy]);
    await page.goto(`${server.url}#/`);
    await page.reload();
    // The old build keeps serving until the student switches; then only the new cache is left.
    await page.locator('[data-testid=offline][data-state=update]').waitFor({ timeout: 120_000 });
    const stale = await page.evaluate(() => fetch('static_data/lessons/index.toml').then((r) => r.text()));
    assert.ok(!stale.includes('rebuilt'), 'the old build is served until the switch');
    await page.getByTestId('apply-update').click();
    await page.locator('[data-testid=offline][data-state=ready]').waitFor({ timeout: 60_000 });
    const fresh = await page.evaluate(() => fetch('static_data/lessons/index.toml').then((r) => r.text()));
    assert.ok(fresh.includes('rebuilt'), 'the new build is served after the switch');
    const caches = await page.evaluate(() => caches.keys());
    assert.equal(caches.filter((n) => !n.endsWith(':settings')).length, 1, `one build's cache left: ${caches}`);
    // The new build kept everything too: the student's choice outlives the update.
    await page.locator('[data-testid=offline-details][data-kept=all]').waitFor({ timeout: 60_000 });
    assert.deepEqual(problems.filter((p) => !/ERR_INTERNET_DISCONNECTED|ERR_FAILED/.test(p)), []);
  } finally {
    await server.close();
    await rm(copy, { recursive: true, force: true });
  }
});

test('the single-file copy opens from file:// with a lesson, a histogram and training', async () => {
  const folder = await mkdtemp(join(tmpdir(), 'fivesigma-single-'));
  try {
    const { out, bytes } = await buildSingleFile(DIST, join(folder, 'five-sigma.html'));
    console.log(`# single-file copy: ${(bytes / 1e6).toFixed(2)} MB`);
    // Every lesson and all five datasets (32.8 MB of CSV, compressed inside it).
    assert.ok(bytes < 20e6, `single file ${bytes} B`);
    const url = pathToFileURL(out).href;
    const { page, problems } = await openPage(browser, url);
    assert.match(await page.getByTestId('offline').textContent(), /Single-file copy/);
    assert.equal(await page.getByTestId('backend').textContent(), 'CPU');
    await lessonStack(page, url);
    await screenshot(page, 'single-file-lesson');
    await labWithData(page, url);
    // The training worker starts from inside the file too.
    await page.selectOption('[data-testid=preset]', 'lip-tree');
    await page.click('[data-testid=train]');
    const row = page.getByTestId('model-row').first();
    await row.waitFor({ timeout: 120_000 });
    const auc = Number(await row.getAttribute('data-auc'));
    assert.ok(auc > 0.7 && auc < 1, `AUC ${auc}`);
    // A student's own file is read by a worker started from inside the file too.
    await chooseFiles(page, { name: 'mine.csv', mimeType: 'text/csv', buffer: Buffer.from('x,y\n1,2\n3,4\n5,6\n') });
    await page.getByTestId('row-count').waitFor();
    assert.equal(await page.getByTestId('row-count').getAttribute('data-rows'), '3');
    assert.deepEqual(problems, []);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
});

test('a host page on another origin embeds a widget and a lesson from the Embed dialog', async () => {
  const hostDir = await mkdtemp(join(tmpdir(), 'fivesigma-host-'));
  const evilDir = await mkdtemp(join(tmpdir(), 'fivesigma-evil-'));
  // A frame from a third origin that pretends to be Five Sigma.
  await writeFile(join(evilDir, 'index.html'), `<!doctype html><p>not Five Sigma</p><script>
    setInterval(() => parent.postMessage({ type: 'fivesigma:height', height: 1234 }, '*'), 100);
  </script>`);
  await writeFile(join(hostDir, 'index.html'), '<!doctype html><p>written below</p>');
  const app = await serve({ prefix: PREFIX });
  const host = await serve({ root: hostDir });
  const evil = await serve({ root: evilDir });
  try {
    // The teacher copies the code from the lesson page's Embed dialog.
    const { page, problems } = await openPage(browser, `${app.url}#/lesson/${LESSON}/stacking`);
    await page.getByTestId('embed-button').click();
    const panel = page.getByTestId('embed-panel');
    await panel.waitFor();
    const code = page.getByTestId('embed-code');
    const lessonCode = await code.inputValue();
    assert.match(lessonCode, new RegExp(`#/embed/lesson/${LESSON}"`));
    await page.selectOption('[data-testid=embed-target]', 'widget:1');
    // The lesson's widget shows only "log"; the teacher hides that too.
    assert.equal(await page.isChecked('[data-testid=embed-hide-bins]'), true);
    assert.equal(await page.isChecked('[data-testid=embed-hide-log]'), false);
    await page.check('[data-testid=embed-hide-log]');
    const widgetCode = await code.inputValue();
    assert.match(widgetCode, /#\/embed\/widget\/histogram\?ds=atlas-dm/);
    assert.match(widgetCode, /<script src="[^"]+\/courses\/ml\/fivesigma\/embed\.js" async><\/script>/);
    await screenshot(page, 'embed-dialog');

    // A host page with both, plus the impostor.
    await writeFile(join(hostDir, 'index.html'), `<!doctype html><html><body style="margin:0">
      <h1>Physics 101</h1>
      <div id="widget">${widgetCode}</div>
      <div id="lesson">${lessonCode}</div>
      <iframe id="evil" src="${evil.url}" data-fivesigma height="200" style="width:100%;border:0"></iframe>
    </body></html>`);
    const hostPage = (await openPageNoShell(browser, host.url)).page;
    const widgetFrame = hostPage.frameLocator('#widget iframe');
    await widgetFrame.locator('[data-testid=stack-canvas]').waitFor({ timeout: 60_000 });
    const inner = hostPage.frames().find((f) => f.url().includes('/embed/widget/'));
    await waitForDrawn(inner, '[data-testid=stack-canvas]');
    // Hidden controls are absent, not just invisible; no site header or footer.
    for (const id of ['stack-log', 'stack-bins', 'stack-variable', 'stack-weighted']) {
      assert.equal(await widgetFrame.locator(`[data-testid=${id}]`).count(), 0, id);
    }
    assert.equal(await widgetFrame.locator('.site-header, .site-footer').count(), 0);

    // The frame's height follows its content (the host's embed.js applies the posted height).
    const fits = async (selector) => {
      await hostPage.waitForFunction((sel) => {
        const frame = document.querySelector(sel);
        const doc = frame.contentDocument; // cross-origin: null; measure through the message instead
        return frame.style.height !== '' && doc === null;
      }, selector, { timeout: 60_000 });
      return hostPage.$eval(selector, (f) => f.getBoundingClientRect().height);
    };
    const widgetHeight = await fits('#widget iframe');
    const contentHeight = await inner.evaluate(() => document.getElementById('embed-root').scrollHeight);
    assert.ok(Math.abs(widgetHeight - contentHeight) <= 2, `frame ${widgetHeight} vs content ${contentHeight}`);

    // The lesson: its own sections inside the frame; the height changes with the section.
    const lessonFrame = hostPage.frameLocator('#lesson iframe');
    await lessonFrame.locator('[data-testid=lesson-section]').waitFor({ timeout: 60_000 });
    await fits('#lesson iframe');
    const first = await hostPage.$eval('#lesson iframe', (f) => f.getBoundingClientRect().height);
    await lessonFrame.getByTestId('next-section').click();
    await lessonFrame.locator('[data-testid=lesson-section][data-section=processes]').waitFor();
    await hostPage.waitForFunction((h) => Math.abs(document.querySelector('#lesson iframe').getBoundingClientRect().height - h) > 20, first, { timeout: 30_000 });
    const lessonInner = hostPage.frames().find((f) => f.url().includes('/embed/lesson/'));
    assert.match(lessonInner.url(), /#\/embed\/lesson\/seeking-the-invisible\/processes/);
    await hostPage.waitForTimeout(500);
    const lessonHeight = await hostPage.$eval('#lesson iframe', (f) => f.getBoundingClientRect().height);
    const lessonContent = await lessonInner.evaluate(() => document.getElementById('embed-root').scrollHeight);
    assert.ok(Math.abs(lessonHeight - lessonContent) <= 2, `lesson frame ${lessonHeight} vs ${lessonContent}`);

    // The impostor's messages carry the right tag but come from the wrong origin: ignored.
    await hostPage.waitForTimeout(500);
    assert.equal(await hostPage.$eval('#evil', (f) => f.style.height), '');
    assert.equal(await hostPage.$eval('#evil', (f) => f.getBoundingClientRect().height), 200);
    // A viewport shot (full-page shots leave cross-origin frames blank): the host page's top.
    await hostPage.setViewportSize({ width: 1100, height: 1600 });
    await hostPage.evaluate(() => window.scrollTo(0, 0));
    await hostPage.waitForTimeout(300);
    await hostPage.screenshot({ path: join(ROOT, 'tests', 'e2e', 'artifacts', 'embed-host.png') });

    // A link that does not fit its data says what is wrong instead of drawing.
    for (const [path, expected] of [
      ['#/embed/widget/scan?ds=atlas-dm&var=nope', /no variable nope/],
      ['#/embed/widget/piechart?ds=atlas-dm', /there is no widget "piechart"/],
      ['#/embed/widget/histogram?var=ETmiss', /which dataset/],
      ['#/embed/widget/histogram?ds=lhc-run9', /There is no dataset called “lhc-run9”/],
    ]) {
      await page.goto(`${app.url}${path}`);
      await page.getByTestId('embed-error').waitFor({ timeout: 30_000 });
      assert.match(await page.getByTestId('embed-error').textContent(), expected, path);
    }
    assert.deepEqual(problems, []);
  } finally {
    await Promise.all([app.close(), host.close(), evil.close()]);
    await rm(hostDir, { recursive: true, force: true });
    await rm(evilDir, { recursive: true, force: true });
  }
});

/** A page that is not Five Sigma (no .site-header to wait for). */
async function openPageNoShell(b, url) {
  const context = await b.newContext({ viewport: { width: 1100, height: 900 } });
  const page = await context.newPage();
  await page.goto(url);
  return { page, context };
}

test('a copied Lab link with cuts, a model and a seed gives the same numbers in a fresh browser; lesson links keep training settings', async () => {
  const server = await serve();
  try {
    const { page, context, problems } = await openPage(browser, `${server.url}#/lab`);
    await page.click('[data-testid=dataset-atlas-dm]');
    await waitForDrawn(page, '[data-testid=stack-canvas]');
    await page.fill('[data-testid=cut-input]', 'ETmiss > 60');
    await page.click('[data-testid=cut-add]');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=cutflow-row]').length === 2);
    await page.selectOption('[data-testid=preset]', 'lip-tree');
    await page.fill('[data-testid=seed]', '7');
    await page.locator('[data-testid=seed]').blur();
    await page.click('[data-testid=train]');
    const row = page.getByTestId('model-row').first();
    await row.waitFor({ timeout: 120_000 });
    const auc = await row.getAttribute('data-auc');
    const cutflow = await page.getByTestId('cutflow-row').nth(1).locator('td').evaluateAll((tds) =>
      tds.map((td) => td.dataset.weighted));
    const link = page.url();
    assert.match(link, /cut=ETmiss/);
    assert.match(link, /seed=7/);
    assert.match(link, /model=lip-tree/);
    // Following another Lab link in the same tab shows that link's view, not the old one.
    await page.goto(`${server.url}#/lab?ds=atlas-dm&var=ETmiss`);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=cutflow-row]').length === 1, null, { timeout: 60_000 });
    await page.waitForFunction(() => document.querySelector('[data-testid=stack-variable]')?.value === 'ETmiss', null, { timeout: 60_000 });
    assert.equal(await page.inputValue('[data-testid=seed]'), '42');
    await context.close();

    // Somebody else opens the link: same cuts, same settings; training gives the same model.
    const fresh = await openPage(browser, link);
    const other = fresh.page;
    await other.waitForFunction(() => document.querySelectorAll('[data-testid=cutflow-row]').length === 2, null, { timeout: 60_000 });
    const again = await other.getByTestId('cutflow-row').nth(1).locator('td').evaluateAll((tds) =>
      tds.map((td) => td.dataset.weighted));
    assert.deepEqual(again, cutflow);
    assert.equal(await other.inputValue('[data-testid=seed]'), '7');
    assert.equal(await other.inputValue('[data-testid=preset]'), 'lip-tree');
    await other.click('[data-testid=train]');
    const row2 = other.getByTestId('model-row').first();
    await row2.waitFor({ timeout: 120_000 });
    assert.equal(await row2.getAttribute('data-auc'), auc);
    await fresh.context.close();

    // In a lesson, the training widget's settings travel in the lesson's link too.
    const lesson = await openPage(browser, `${server.url}#/lesson/${LESSON}/going-further`);
    await lesson.page.locator('[data-testid=lesson-section] [data-testid=preset]').waitFor({ timeout: 60_000 });
    await lesson.page.selectOption('[data-testid=lesson-section] [data-testid=preset]', 'lip-tree');
    await lesson.page.fill('[data-testid=lesson-section] [data-testid=seed]', '5');
    await lesson.page.locator('[data-testid=lesson-section] [data-testid=seed]').blur();
    await lesson.page.waitForFunction(() => /seed=5/.test(location.hash) && /model=lip-tree/.test(location.hash));
    const lessonLink = lesson.page.url();
    assert.match(lessonLink, /#\/lesson\/seeking-the-invisible\/going-further\?/);
    await lesson.context.close();
    const reopened = await openPage(browser, lessonLink);
    await reopened.page.locator('[data-testid=lesson-section] [data-testid=seed]').waitFor({ timeout: 60_000 });
    assert.equal(await reopened.page.inputValue('[data-testid=lesson-section] [data-testid=seed]'), '5');
    assert.equal(await reopened.page.inputValue('[data-testid=lesson-section] [data-testid=preset]'), 'lip-tree');
    assert.deepEqual([...problems, ...fresh.problems, ...lesson.problems, ...reopened.problems], []);
    await reopened.context.close();
  } finally {
    await server.close();
  }
});
