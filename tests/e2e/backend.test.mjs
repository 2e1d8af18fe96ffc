// (d) The status area names the compute backend: WebGPU when Chromium grants an adapter
// (--enable-unsafe-webgpu gives SwiftShader's software adapter here), CPU when it does not. The
// offline copy fetches the WebGPU training worker (22 MB) only in the first case.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, openPage, screenshot } from './harness.mjs';

let server;
before(async () => { server = await serve(); });
after(async () => { await server?.close(); });

async function backendLabel(webgpu) {
  const browser = await launch({ webgpu });
  try {
    const first = server.served.length;
    const { page, problems } = await openPage(browser, server.url);
    const badge = page.locator('[data-testid=backend]');
    await page.waitForFunction(() => {
      const text = document.querySelector('[data-testid=backend]')?.textContent ?? '';
      return text !== '' && !text.startsWith('checking');
    }, null, { timeout: 30_000 });
    const label = await badge.textContent();
    const hasAdapter = await page.evaluate(async () => {
      try { return (await navigator.gpu?.requestAdapter()) != null; } catch { return false; }
    });
    await screenshot(page, webgpu ? 'backend-webgpu' : 'backend-cpu');
    await page.locator('[data-testid=offline][data-state=ready]').waitFor({ timeout: 120_000 });
    const gpuWorkerFetched = server.served.slice(first).some((p) => p.endsWith('train-gpu_bg.wasm'));
    assert.deepEqual(problems, []);
    return { label, hasAdapter, gpuWorkerFetched };
  } finally {
    await browser.close();
  }
}

test('with WebGPU enabled the badge names the adapter', async () => {
  const { label, hasAdapter, gpuWorkerFetched } = await backendLabel(true);
  assert.equal(hasAdapter, true, 'Chromium with --enable-unsafe-webgpu should grant an adapter here');
  assert.match(label, /^WebGPU \(.+\)$/);
  assert.ok(gpuWorkerFetched, 'the offline copy keeps the WebGPU worker where an adapter exists');
});

test('without WebGPU the badge says CPU', async () => {
  const { label, hasAdapter, gpuWorkerFetched } = await backendLabel(false);
  assert.equal(hasAdapter, false);
  assert.equal(label, 'CPU');
  assert.ok(!gpuWorkerFetched, 'no WebGPU adapter: the 22 MB worker is not fetched');
});
