// Drives crates/bench-web/www in headless Chromium (scripts/bench-web.sh builds it first) and
// prints its table: our engine in wasm, then TensorFlow.js on each backend. Not a test.
import { readFileSync } from 'node:fs';
import { serve, launch, ROOT } from '../e2e/harness.mjs';

const query = process.argv[2] ?? '';
const server = await serve({ root: ROOT });
const browser = await launch();
try {
  const page = await browser.newPage();
  page.on('console', (m) => { if (m.type() === 'error') console.error(`[page] ${m.text()}`); });
  page.on('response', (r) => { if (r.status() >= 400) console.error(`[page] ${r.status()} ${r.url()}`); });
  // A page that failed to start never sets benchDone: give up early instead of waiting it out.
  const started = page.waitForFunction(() => window.benchStarted === true, null, { timeout: 120_000 });
  await page.goto(`${server.url}crates/bench-web/www/index.html${query}`);
  await started;
  await page.waitForFunction(() => window.benchDone === true, null, { timeout: 20 * 60_000, polling: 1000 });
  const rows = await page.evaluate(() => window.benchResults);
  const fmt = (v) => (typeof v === 'number' ? v.toFixed(3).padStart(9) : String(v ?? '').padStart(9));
  const papa = JSON.parse(readFileSync(`${ROOT}/node_modules/papaparse/package.json`, 'utf8')).version;
  console.log(`headless Chromium ${browser.version()}, PapaParse ${papa}`);
  console.log(`${'model'.padEnd(52)} ${'fit s'.padStart(9)} ${'predict s'.padStart(9)} ${'test AUC'.padStart(9)}`);
  for (const r of rows) {
    const auc = typeof r.test_auc === 'number' ? r.test_auc.toFixed(5).padStart(9)
      : typeof r.mb_per_s === 'number' ? `${r.mb_per_s.toFixed(1).padStart(9)} MB/s` : '';
    console.log(`${r.model.padEnd(52)} ${fmt(r.fit_s)} ${fmt(r.predict_s)} ${auc}`);
  }
  console.log(`JSON ${JSON.stringify(rows)}`);
} finally {
  await browser.close();
  await server.close();
}
