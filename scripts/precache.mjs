// Trunk post-build hook: writes sw.js (from public/sw.js) into the build with the list of every
// file it may keep offline and a version that changes whenever any file changes, and the same list
// as offline.json for the page (which says how much the offline copy holds and will hold).
//
// Each file belongs to one part, decided here and nowhere else:
//   app   the pages, lessons, catalogs and the CPU training worker: kept on the first visit;
//   data  the datasets' event files: kept once opened, or all when the student asks for it;
//   gpu   the WebGPU training worker: kept only where the browser has a WebGPU adapter.
//
//   node scripts/precache.mjs [dir]     (dir defaults to $TRUNK_STAGING_DIR, then dist/)
import { createHash } from 'node:crypto';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(new URL('.', import.meta.url)), '..');
const dir = process.argv[2] ?? process.env.TRUNK_STAGING_DIR ?? join(root, 'dist');

async function* walk(folder) {
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else if (entry.isFile()) yield path;
  }
}

/** The part of the offline copy a file belongs to (see the top of this file). */
function partOf(name) {
  if (name.startsWith('train-gpu')) return 'gpu';
  if (name.startsWith('static_data/datasets/') && name.endsWith('.csv')) return 'data';
  return 'app';
}

const GENERATED = new Set(['sw.js', 'offline.json']);
const names = [];
for await (const path of walk(dir)) {
  const name = relative(dir, path).split(sep).join('/');
  if (!GENERATED.has(name)) names.push(name);
}
names.sort();
const hash = createHash('sha256');
const files = [];
for (const name of names) {
  const body = await readFile(join(dir, name));
  hash.update(name);
  hash.update(createHash('sha256').update(body).digest());
  files.push({ path: name, bytes: body.length, part: partOf(name) });
}
const version = hash.digest('hex').slice(0, 16);
const template = await readFile(join(root, 'public', 'sw.js'), 'utf8');
const sw = template
  .replace("'__VERSION__'", JSON.stringify(version))
  .replace('__FILES__', JSON.stringify(files, null, 0));
if (sw === template) throw new Error('public/sw.js has no placeholders to fill');
await writeFile(join(dir, 'sw.js'), sw);
await writeFile(join(dir, 'offline.json'), JSON.stringify({ version, files }));
const mb = (part) => (files.filter((f) => f.part === part).reduce((a, f) => a + f.bytes, 0) / 1e6).toFixed(1);
console.log(`sw.js: ${files.length} files, version ${version} (app ${mb('app')} MB, data ${mb('data')} MB, gpu ${mb('gpu')} MB)`);
