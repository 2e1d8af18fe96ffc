import { serve, launch, openPage } from './harness.mjs';
const server = await serve(); const browser = await launch();
const { page } = await openPage(browser, `${server.url}#/lab?ds=atlas-dm`);
await page.getByTestId('train-panel').waitFor({ timeout: 60000 });
await page.click('[data-testid=train]');
await page.getByTestId('importances').waitFor({ timeout: 60000 });
await page.waitForTimeout(500);
for (const [id, name] of [['output-scan-canvas', 'oscan'], ['selected-canvas', 'selected'], ['importances', 'imp'], ['overtraining-canvas', 'ot']]) {
  const el = page.getByTestId(id); await el.scrollIntoViewIfNeeded(); await el.screenshot({ path: `/tmp/shots/${name}.png` });
}
await browser.close(); await server.close();
