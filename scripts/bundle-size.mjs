// Prints what the first page load fetches from dist/ — index.html, the app's JS, wasm and CSS —
// raw, gzip (level 9) and brotli (quality 11) sizes; then the training workers, which are fetched
// only when a training starts (train-gpu only for WebGPU), with brotli at quality 9: quality 11
// took most of a minute on the 22 MB GPU worker and changes its size by about 1 %.
// Usage: node scripts/bundle-size.mjs dist
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';

const dist = process.argv[2] ?? 'dist';
const code = readdirSync(dist).filter((f) => /\.(html|js|wasm|css)$/.test(f)).sort();
const onDemand = code.filter((f) => f.startsWith('train-'));
// embed.js is for the pages that embed Five Sigma, never fetched by the app itself.
const firstLoad = code.filter((f) => !onDemand.includes(f) && f !== 'embed.js');
const kb = (n) => (n / 1024).toFixed(1).padStart(9) + ' KiB';
let total = { raw: 0, gzip: 0, brotli: 0 };
const rows = firstLoad.map((file) => {
  const bytes = readFileSync(join(dist, file));
  const size = {
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
  for (const k of Object.keys(total)) total[k] += size[k];
  return [file, size];
});
console.log('\nBundle fetched by the first page load (dist/):');
console.log(`${'file'.padEnd(44)}${'raw'.padStart(13)}${'gzip'.padStart(13)}${'brotli'.padStart(13)}`);
for (const [file, s] of rows) console.log(`${file.padEnd(44)}${kb(s.raw)}${kb(s.gzip)}${kb(s.brotli)}`);
console.log(`${'total'.padEnd(44)}${kb(total.raw)}${kb(total.gzip)}${kb(total.brotli)}`);
const wasm = rows.filter(([f]) => f.endsWith('.wasm'));
for (const [file, s] of wasm) console.log(`wasm ${file}: raw ${s.raw} B, gzip ${s.gzip} B, brotli ${s.brotli} B`);
console.log('\nFetched on demand (training workers; brotli at quality 9):');
for (const file of onDemand) {
  const bytes = readFileSync(join(dist, file));
  const size = {
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 9 } }).length,
  };
  console.log(`${file.padEnd(44)}${kb(size.raw)}${kb(size.gzip)}${kb(size.brotli)}`);
}
