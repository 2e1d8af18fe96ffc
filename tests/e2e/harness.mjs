// Shared helpers for the end-to-end tests: a static server for dist/ on 127.0.0.1 (optionally
// under a sub-path, as a teacher's site would host it) and a headless Chromium from Debian's
// package, driven by playwright-core (no browser download).
import { createServer } from 'node:http';
import { readFile, stat, mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join, normalize, extname, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const ROOT = join(here, '..', '..');
export const DIST = process.env.FIVESIGMA_DIST ?? join(ROOT, 'dist');
export const ARTIFACTS = join(here, 'artifacts');

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.svg': 'image/svg+xml', '.toml': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8', '.md': 'text/markdown; charset=utf-8', '.json': 'application/json',
  '.png': 'image/png', '.webmanifest': 'application/manifest+json',
};

/**
 * Serves `root` under `prefix` (e.g. "/courses/ml/") on an ephemeral 127.0.0.1 port. `served`
 * lists every path asked for, in order (to prove a page made no request); `sent` each file sent,
 * with its size in bytes (uncompressed, as this server sends it).
 */
export async function serve({ root = DIST, prefix = '/' } = {}) {
  if (!existsSync(join(root, 'index.html'))) {
    throw new Error(`${root}/index.html is missing: build dist/ first (trunk build --release)`);
  }
  const served = [];
  const sent = [];
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    served.push(path);
    if (!path.startsWith(prefix)) { res.writeHead(404).end('not under prefix'); return; }
    let file = normalize(join(root, path.slice(prefix.length)));
    if (!file.startsWith(root)) { res.writeHead(403).end(); return; }
    try {
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      sent.push({ path, bytes: body.length });
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}${prefix}`;
  const close = () => new Promise((resolve) => {
    server.close(resolve);
    server.closeAllConnections();
  });
  return { url, served, sent, close };
}

const BASE_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/**
 * Launches headless Chromium. `webgpu: true` adds --enable-unsafe-webgpu, which here gives
 * SwiftShader's software adapter; without it `requestAdapter()` returns null (a laptop without
 * WebGPU).
 */
export async function launch({ webgpu = false } = {}) {
  const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';
  const args = webgpu ? [...BASE_ARGS, '--enable-unsafe-webgpu'] : BASE_ARGS;
  return chromium.launch({ executablePath, args, headless: true });
}

/** A new page that records uncaught errors and console errors, for asserting a clean run. */
export async function openPage(browser, url, { deviceScaleFactor = 1, viewport = { width: 1280, height: 900 } } = {}) {
  const context = await browser.newContext({ deviceScaleFactor, viewport });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  await page.goto(url);
  await page.waitForSelector('.site-header');
  return { page, context, problems };
}

/** Counts pixels of a canvas that differ from its top-left (background) pixel. */
export async function nonBackgroundPixels(page, selector) {
  return page.$eval(selector, (canvas) => {
    const ctx = canvas.getContext('2d');
    const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    const [r, g, b, a] = data;
    let count = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (Math.abs(data[i] - r) + Math.abs(data[i + 1] - g) + Math.abs(data[i + 2] - b) + Math.abs(data[i + 3] - a) > 24) count++;
    }
    return { count, total: data.length / 4 };
  });
}

/** Waits until the canvas `selector` (in a page or frame) has more than `min` drawn pixels. */
export async function waitForDrawn(target, selector, min = 500, timeout = 60_000) {
  await target.waitForFunction(([sel, least]) => {
    const canvas = document.querySelector(sel);
    if (!canvas || canvas.width === 0) return false;
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    const [r, g, b] = data;
    let count = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (Math.abs(data[i] - r) + Math.abs(data[i + 1] - g) + Math.abs(data[i + 2] - b) > 24) count++;
    }
    return count > least;
  }, [selector, min], { timeout, polling: 250 });
}

/** Saves a full-page screenshot to tests/e2e/artifacts/NAME.png (looked at by a person). */
export async function screenshot(page, name) {
  await mkdir(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** Picks `files` ({name, mimeType, buffer}) through the real file chooser of the Lab's loader. */
export async function chooseFiles(page, files) {
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    page.click('.file-button'),
  ]);
  await chooser.setFiles(files);
}

/** A hash of a canvas's pixels (every 97th byte), to tell one picture from another. */
export function canvasHash(page, selector) {
  return page.evaluate((selector) => {
    // Reading a HiDPI canvas back is itself a long task on a small machine: its span is noted so
    // that the long-task guard counts the app's tasks, not this probe's.
    const start = performance.now();
    const c = document.querySelector(selector);
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let h = 0;
    for (let i = 0; i < d.length; i += 97) h = (h * 31 + d[i]) | 0;
    (window.__probes ??= []).push([start, performance.now()]);
    return h;
  }, selector);
}

/** Starts recording the durations of the page thread's long tasks (50 ms or more) from now. */
export function recordLongTasks(page) {
  return page.evaluate(() => {
    window.__long = [];
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__long.push([e.startTime, e.duration]); })
      .observe({ type: 'longtask', buffered: false });
  });
}

/** The long tasks of `phase` (a function that makes the page work, e.g. trains and waits for the
 * end). On this 2-core machine the worker's training holds one core, and the scheduler can stretch
 * one short page task past 50 ms now and then (55 ms once in CI, with every JavaScript task of the
 * run under 15 ms in a profile). So a phase that shows long tasks is measured once more with `again`
 * (which resets and runs the same work): work moved onto the page's thread shows long tasks both
 * times and still fails; a stray stretch does not. */
export async function longTasksOf(page, phase, again) {
  await recordLongTasks(page);
  await phase();
  const first = await longTasks(page);
  if (!first.length) return first;
  console.log(`# long tasks ${first.join(', ')} ms on the first run; measured once more`);
  await recordLongTasks(page);
  await again();
  return longTasks(page);
}

/** Waits until the playground (the page's or a lesson's) says its training is done. */
export function playgroundDone(page) {
  return page.waitForFunction(() => /^done/.test(document.querySelector('[data-testid=pg-status]').textContent), null, { timeout: 120_000 });
}

/** Resets the playground and trains it again to the end (`longTasksOf`'s second measurement). */
export async function playgroundAgain(page) {
  await page.click('[data-testid=pg-reset]');
  await page.click('[data-testid=pg-train]');
  await playgroundDone(page);
}

/** The long tasks' durations recorded since `recordLongTasks`, leaving out those that contain one
 * of the test's own canvas read-backs (`canvasHash`). */
export function longTasks(page) {
  return page.evaluate(() => {
    const probes = window.__probes ?? [];
    const probed = ([start, duration]) => probes.some(([a, b]) => a >= start - 1 && b <= start + duration + 1);
    return window.__long.filter((t) => !probed(t)).map(([, duration]) => duration);
  });
}
