// Builds the single-file copy of Five Sigma: one HTML file holding the app, its styles, the CPU
// training worker and every shipped lesson and dataset, which opens from disk (file://) with no
// server — for USB sticks and locked-down classroom machines.
//
//   node scripts/single-file.mjs [dist] [out]      (defaults: dist/ → dist-single/five-sigma.html)
//
// How it works: every file is stored gzip-compressed and base64-encoded in a JSON block; a small
// loader answers the app's fetches of those files from memory (decompressing with the browser's
// DecompressionStream), starts the training worker from a Blob with its WebAssembly inside, and
// starts the app from its bytes. The GPU worker is left out (it is most of the size); the loader
// marks the page `data-build="single-file"`, and the app then trains on the CPU.
import { readFile, readdir, writeFile, mkdir } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

const TYPES = {
  '.toml': 'text/plain; charset=utf-8', '.csv': 'text/csv; charset=utf-8', '.md': 'text/markdown; charset=utf-8',
  '.json': 'application/json', '.wasm': 'application/wasm', '.js': 'text/javascript',
};

async function* walk(folder) {
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else if (entry.isFile()) yield path;
  }
}

const packed = (bytes) => gzipSync(bytes, { level: 9 }).toString('base64');
// Text that goes inside <script>: "</script" and "<!--" must not appear literally.
const scriptSafe = (text) => text.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');

/** Builds the single file from `dist` into `out`; returns its size in bytes and what it holds. */
export async function buildSingleFile(dist = join(ROOT, 'dist'), out = join(ROOT, 'dist-single', 'five-sigma.html')) {
  const index = await readFile(join(dist, 'index.html'), 'utf8');
  const find = (re, what) => {
    const m = index.match(re);
    if (!m) throw new Error(`${dist}/index.html: cannot find ${what} (was it built by trunk?)`);
    return m[1];
  };
  const css = find(/<link rel="stylesheet" href="\.\/([^"]+\.css)"/, 'the stylesheet');
  const appJs = find(/import init, \* as bindings from '\.\/([^']+\.js)'/, "the app's script");
  const appWasm = find(/module_or_path: '\.\/([^']+\.wasm)'/, "the app's WebAssembly");
  const part = (re) => (index.match(re) ?? [''])[0];

  const assets = {};
  for await (const path of walk(join(dist, 'static_data'))) {
    const name = relative(dist, path).split(sep).join('/');
    const ext = name.slice(name.lastIndexOf('.'));
    assets[name] = { type: TYPES[ext] ?? 'application/octet-stream', data: packed(await readFile(path)) };
  }
  const code = {
    app: packed(await readFile(join(dist, appJs))),
    appWasm: packed(await readFile(join(dist, appWasm))),
    cpuWorker: packed(await readFile(join(dist, 'train-cpu.js'))),
    cpuWasm: packed(await readFile(join(dist, 'train-cpu_bg.wasm'))),
  };
  const favicon = (await readFile(join(dist, 'favicon.svg'))).toString('base64');
  const loader = await readFile(join(ROOT, 'scripts', 'single-file-loader.js'), 'utf8');

  const html = `<!DOCTYPE html>
<html lang="en" data-build="single-file">
  <head>
    <meta charset="utf-8" />
    ${part(/<meta name="viewport"[^>]*>/)}
    ${part(/<title>[^<]*<\/title>/)}
    ${part(/<meta name="description"[^>]*>/)}
    ${part(/<meta name="theme-color"[^>]*>/)}
    <link rel="icon" href="data:image/svg+xml;base64,${favicon}" />
    <style>${(await readFile(join(dist, css), 'utf8')).replace(/<\/style/gi, '<\\/style')}</style>
    <script type="application/json" id="fivesigma-assets">${scriptSafe(JSON.stringify(assets))}</script>
    <script type="application/json" id="fivesigma-code">${scriptSafe(JSON.stringify(code))}</script>
    <script type="module">${scriptSafe(loader)}</script>
  </head>
  ${part(/<body>[\s\S]*<\/body>/)}
</html>
`;
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, html);
  return { out, bytes: Buffer.byteLength(html), files: Object.keys(assets).length };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [dist, out] = process.argv.slice(2);
  const { out: path, bytes, files } = await buildSingleFile(dist, out);
  console.log(`${path}: ${(bytes / 1e6).toFixed(1)} MB (${files} lesson and dataset files, app and CPU worker)`);
}
