import { serve, launch, openPage } from './harness.mjs';
const server = await serve();
const browser = await launch();
const { page, problems } = await openPage(browser, `${server.url}#/`);
await page.evaluate(() => { window.__lt = []; new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__lt.push([e.startTime|0, e.duration|0]); }).observe({ type: 'longtask', buffered: true }); });
const t0 = Date.now();
await page.goto(`${server.url}#/lesson/seeking-the-invisible`);
await page.waitForSelector('[data-testid="data-label"]:has-text("our simulation")');
console.log('lesson + data ready in', Date.now() - t0, 'ms');
for (const s of ['histograms', 'stacking', 'significance', 'going-further']) {
  const t = Date.now();
  await page.goto(`${server.url}#/lesson/seeking-the-invisible/${s}`);
  await page.waitForSelector(`[data-section="${s}"]`);
  await page.waitForTimeout(500);
  console.log(s, Date.now() - t, 'ms');
}
const c = page.locator('[data-testid="task-combined-cuts"]');
await c.locator('[data-testid="answer"]').fill('ETmiss > 150');
await c.locator('[data-testid="check"]').click();
await page.waitForTimeout(300);
console.log(await page.evaluate(() => window.__lt));
console.log(problems);
await browser.close(); await server.close();
