// Every screen a class uses (issue #28): the main journeys — Home, the Lab with a cut, the
// playground, a lesson task, an embedded widget — on a 390×844 phone and a 768×1024 tablet, with touch. Nothing may
// scroll sideways, the lesson's contents must not cover its text, and a tap reads a bar.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, screenshot, waitForDrawn } from './harness.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const SCREENS = [
  { name: 'phone', viewport: { width: 390, height: 844 }, narrow: true },
  { name: 'tablet', viewport: { width: 768, height: 1024 }, narrow: true },
];

/** How far the page scrolls sideways (0: not at all). */
const sideways = (page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

for (const screen of SCREENS) {
  test(`${screen.name} ${screen.viewport.width}×${screen.viewport.height}: Home, Lab, a lesson task and an embed fit the screen`, async () => {
    const context = await browser.newContext({ viewport: screen.viewport, deviceScaleFactor: 2, hasTouch: true, isMobile: true });
    const page = await context.newPage();
    const problems = [];
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
    try {
      await page.goto(server.url);
      await page.waitForSelector('[data-testid=lab-card]');
      assert.equal(await sideways(page), 0, 'Home scrolls sideways');
      await screenshot(page, `${screen.name}-home`);

      // The Lab: a dataset, a cut, the stacked plot read by a tap.
      await page.goto(`${server.url}#/lab?ds=atlas-dm&cut=ETmiss%20%3E%20100`);
      await waitForDrawn(page, '[data-testid=stack-canvas]');
      await page.getByTestId('cutflow').waitFor();
      assert.equal(await sideways(page), 0, 'the Lab scrolls sideways');
      const canvas = page.getByTestId('stack-canvas');
      await canvas.scrollIntoViewIfNeeded();
      const box = await canvas.boundingBox();
      // The second bin of lead_lep_pt (25–50 GeV) sits a little right of the axis.
      await canvas.tap({ position: { x: 0.25 * box.width, y: 0.6 * box.height } });
      await page.waitForFunction(() => /GeV/.test(document.querySelector('[data-testid=stack-readout]')?.textContent ?? '')
        && !/^Point at/.test(document.querySelector('[data-testid=stack-readout]')?.textContent ?? ''));
      await screenshot(page, `${screen.name}-lab`);

      // The playground: the form above the plane, both within the screen.
      await page.goto(`${server.url}#/playground?data=circles&model=tree`);
      await waitForDrawn(page, '[data-testid=pg-boundary]');
      assert.equal(await sideways(page), 0, 'the playground scrolls sideways');
      await screenshot(page, `${screen.name}-playground`);

      // A lesson task: the contents are a closed drawer above the text, never over it.
      await page.goto(`${server.url}#/lesson/seeking-the-invisible/histograms/task-2`);
      const card = page.locator('[data-testid="task-task-2"]');
      await card.waitFor({ timeout: 60_000 });
      assert.equal(await page.locator('.toc-drawer').evaluate((d) => d.open), false, 'the drawer starts closed');
      await card.scrollIntoViewIfNeeded();
      const covered = await card.evaluate((el) => {
        const r = el.getBoundingClientRect();
        const spots = [[r.left + 10, r.top + 10], [r.left + r.width / 2, r.top + Math.min(r.height / 2, 60)], [r.right - 10, r.top + 10]];
        return spots.filter(([x, y]) => y < innerHeight && !el.contains(document.elementFromPoint(x, y))).length;
      });
      assert.equal(covered, 0, 'something covers the task card');
      assert.equal(await sideways(page), 0, 'the lesson scrolls sideways');
      await screenshot(page, `${screen.name}-lesson`);
      // Opened, the drawer lists the sections; picking one closes it again.
      await page.getByTestId('toc-toggle').tap();
      await page.locator('[data-testid=toc] a', { hasText: 'Weights and stacks' }).tap();
      await page.waitForFunction(() => location.hash.includes('/stacking'));
      assert.equal(await page.locator('.toc-drawer').evaluate((d) => d.open), false, 'the drawer closes once a section is picked');

      // An embedded widget.
      await page.goto(`${server.url}#/embed/widget/histogram?ds=atlas-dm&var=ETmiss`);
      await waitForDrawn(page, '[data-testid=stack-canvas]');
      assert.equal(await sideways(page), 0, 'the embed scrolls sideways');
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
}
