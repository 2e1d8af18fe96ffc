// (a) Home shows the product, the Lab card and exactly the lessons in the index; navigation works.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serve, launch, openPage, screenshot, ROOT } from './harness.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

test('home shows the pitch, the Lab card and the indexed lessons', async () => {
  const { page, problems } = await openPage(browser, server.url);
  await page.waitForSelector('[data-testid=lab-card]');
  assert.equal(await page.textContent('.hero h1'), 'Five Sigma');
  assert.match(await page.textContent('.pitch'), /no account/i);
  assert.equal(await page.$('#boot'), null, 'the loading message must go once the app runs');

  // The lesson section lists exactly the lessons of static_data/lessons/index.toml (none → hidden).
  const index = readFileSync(join(ROOT, 'static_data/lessons/index.toml'), 'utf8');
  const listed = (index.match(/^\[\[lesson\]\]/gm) ?? []).length;
  await page.waitForLoadState('networkidle');
  assert.equal(await page.locator('.lesson-card').count(), listed);
  assert.equal(await page.locator('section.lessons').count(), listed === 0 ? 0 : 1);

  // Installable from any path: the manifest and its icons resolve relative to the page.
  const manifest = await page.evaluate(async () => {
    const href = document.querySelector('link[rel=manifest]').href;
    const json = await (await fetch(href)).json();
    const icons = await Promise.all(json.icons.map(async (i) => (await fetch(new URL(i.src, href))).status));
    return { json, icons };
  });
  assert.equal(manifest.json.short_name, 'Five Sigma');
  assert.equal(manifest.json.start_url, './', 'a relative start URL works under any sub-path');
  assert.deepEqual(manifest.icons, manifest.json.icons.map(() => 200));

  await screenshot(page, 'home');
  await page.click('[data-testid=lab-card]');
  await page.waitForSelector('h1:text("Lab")');
  assert.ok(page.url().endsWith('#/lab'));
  assert.deepEqual(problems, []);
});

test('an unknown page says so and links back', async () => {
  const { page, problems } = await openPage(browser, `${server.url}#/no/such/page`);
  await page.waitForSelector('text=Page not found');
  assert.match(await page.textContent('.not-found'), /\/no\/such\/page/);
  await screenshot(page, 'not-found');
  await page.click('text=Go to the home page');
  await page.waitForSelector('[data-testid=lab-card]');
  assert.deepEqual(problems, []);
});

test('a missing lesson and an unknown dataset say what happened and lead back', async () => {
  const { page, problems } = await openPage(browser, `${server.url}#/lesson/seeking-the-invisibl`);
  const box = page.getByTestId('trouble');
  await box.waitFor({ timeout: 30_000 });
  assert.equal(await box.locator('h2').textContent(), 'There is no lesson called “seeking-the-invisibl”');
  assert.match(await box.textContent(), /link may be mistyped/);
  // The raw fetch error is there for the teacher, folded, not as the message.
  assert.ok(!(await box.locator('details').getAttribute('open')));
  assert.match(await box.locator('details code').textContent(), /lesson\.toml: not found \(HTTP 404\)/);
  await screenshot(page, 'missing-lesson');
  await page.getByTestId('trouble-back').click();
  await page.waitForSelector('[data-testid=lab-card]');

  await page.goto(`${server.url}#/lab?ds=atlas-xx`);
  await page.getByTestId('trouble').waitFor({ timeout: 30_000 });
  assert.equal(await page.locator('[data-testid=trouble] h2').textContent(), 'There is no dataset called “atlas-xx”');
  await page.getByTestId('trouble-back').click();
  await page.waitForSelector('[data-testid=dataset-atlas-dm]');
  assert.deepEqual(problems.filter((p) => !/404/.test(p)), []);
});

test('the app works when hosted under a sub-path', async () => {
  const nested = await serve({ prefix: '/courses/ml/' });
  try {
    const { page, problems } = await openPage(browser, `${nested.url}#/lab`);
    await page.waitForSelector('h1:text("Lab")');
    await page.click('.nav-link:text("Home")');
    await page.waitForSelector('[data-testid=lab-card]');
    assert.deepEqual(problems, []);
  } finally {
    await nested.close();
  }
});

test('a dataset whose download fails half way says so, and opening it again works', async () => {
  // No service worker, so that the test can break one of the dataset's files in flight.
  const context = await browser.newContext({ serviceWorkers: 'block', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await page.route('**/datasets/atlas-dm/WZ.csv', (route) => route.abort('connectionreset'));
  await page.goto(`${server.url}#/lab`);
  await page.click('[data-testid=dataset-atlas-dm]');
  const box = page.getByTestId('trouble');
  await box.waitFor({ timeout: 60_000 });
  assert.match(await box.textContent(), /could not be fetched/);
  // The connection is back: the same button opens it.
  await page.unroute('**/datasets/atlas-dm/WZ.csv');
  await page.click('[data-testid=dataset-atlas-dm]');
  await page.getByTestId('samples-table').waitFor({ timeout: 60_000 });
  assert.equal(await page.getByTestId('trouble').count(), 0);
  assert.deepEqual(problems, []);
  await context.close();
});
