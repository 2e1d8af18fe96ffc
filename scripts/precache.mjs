// Trunk post-build hook: writes sw.js (from public/sw.js) into the build with the list of every
// file it must keep offline and a version that changes whenever any file changes.
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

const files = [];
const hash = createHash('sha256');
for await (const path of walk(dir)) {
  const name = relative(dir, path).split(sep).join('/');
  if (name === 'sw.js') continue;
  files.push(name);
}
files.sort();
for (const name of files) {
  hash.update(name);
  hash.update(createHash('sha256').update(await readFile(join(dir, name))).digest());
}
const version = hash.digest('hex').slice(0, 16);
const template = await readFile(join(root, 'public', 'sw.js'), 'utf8');
const sw = template
  .replace("'__VERSION__'", JSON.stringify(version))
  .replace('__FILES__', JSON.stringify(files, null, 0));
if (sw === template) throw new Error('public/sw.js has no placeholders to fill');
await writeFile(join(dir, 'sw.js'), sw);
console.log(`sw.js: ${files.length} files, version ${version}`);
