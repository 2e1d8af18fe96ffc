// Five Sigma's service worker: keeps this build's files in the browser, so the app, its lessons
// and the datasets a student opened work offline after the first visit.
//
// This is a template: the build (scripts/precache.mjs, a Trunk post-build hook) writes the real
// sw.js next to index.html with VERSION (a hash of every file) and FILES (each file's path, size
// and part). A new build therefore has a new sw.js: the browser installs it beside the old one, it
// fills a cache of its own, and only when it takes over (every tab of the old build closed, or the
// page's "Switch to it") are the old build's files deleted — a page never mixes files of two builds.
//
// What is kept (the parts are decided in precache.mjs):
//   app   always, on install;
//   data  each dataset file once the page has fetched it, or every one while the student's
//         "keep everything" setting is on (a message from the page; the setting lives in a cache
//         of its own, so a new build keeps honouring it);
//   gpu   the WebGPU training worker: on install only where a WebGPU adapter exists, otherwise
//         once fetched (which happens only when a WebGPU training starts).
// A new build keeps again what the old one had kept, fetched fresh.
const VERSION = '__VERSION__';
const FILES = __FILES__;
const PATHS = new Set(FILES.map((f) => f.path));
const SCOPE = self.registration.scope;
// Several copies of Five Sigma on one site (different paths) keep separate caches.
const PREFIX = `fivesigma:${SCOPE}:`;
const CACHE = `${PREFIX}${VERSION}`;
const SETTINGS = `${PREFIX}settings`;
const KEEP_ALL = new URL('keep-all', SCOPE).href;

async function keepAll() {
  const hit = await (await caches.open(SETTINGS)).match(KEEP_ALL);
  return hit ? (await hit.text()) === 'true' : false;
}

async function hasGpuAdapter() {
  try {
    return Boolean(self.navigator.gpu && await self.navigator.gpu.requestAdapter());
  } catch {
    return false;
  }
}

/** Paths an older build of this copy had kept. */
async function keptBefore() {
  const paths = [];
  for (const key of await caches.keys()) {
    if (!key.startsWith(PREFIX) || key === CACHE || key === SETTINGS) continue;
    for (const request of await (await caches.open(key)).keys()) {
      paths.push(request.url.slice(SCOPE.length));
    }
  }
  return paths;
}

/** Fetches into this build's cache every wanted file it does not hold yet. */
async function fill(extra = []) {
  const [all, gpu] = await Promise.all([keepAll(), hasGpuAdapter()]);
  const wanted = new Set(FILES
    .filter((f) => f.part === 'app' || (f.part === 'data' && all) || (f.part === 'gpu' && gpu))
    .map((f) => f.path));
  for (const path of extra) if (PATHS.has(path)) wanted.add(path);
  const cache = await caches.open(CACHE);
  const held = new Set((await cache.keys()).map((r) => r.url.slice(SCOPE.length)));
  const missing = [...wanted].filter((p) => !held.has(p));
  await cache.addAll(missing.map((p) => new Request(new URL(p, SCOPE), { cache: 'reload' })));
}

/** Drops every dataset file from this build's cache (the student asked to keep less). */
async function dropData() {
  const cache = await caches.open(CACHE);
  const data = new Set(FILES.filter((f) => f.part === 'data').map((f) => new URL(f.path, SCOPE).href));
  for (const request of await cache.keys()) {
    if (data.has(request.url)) await cache.delete(request);
  }
}

async function tellPages(message) {
  for (const client of await self.clients.matchAll({ includeUncontrolled: true })) {
    client.postMessage(message);
  }
}

self.addEventListener('install', (event) => {
  event.waitUntil(keptBefore().then(fill));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if (key.startsWith(PREFIX) && key !== CACHE && key !== SETTINGS) await caches.delete(key);
    }
    await self.clients.claim();
  })());
});

self.addEventListener('message', (event) => {
  const data = event.data ?? {};
  if (data.type === 'fivesigma:skip-waiting') self.skipWaiting();
  if (data.type === 'fivesigma:keep-all') {
    event.waitUntil((async () => {
      const on = Boolean(data.on);
      await (await caches.open(SETTINGS)).put(KEEP_ALL, new Response(String(on)));
      let error = null;
      try {
        if (on) await fill(); else await dropData();
      } catch (e) {
        error = String(e && e.message ? e.message : e);
      }
      await tellPages({ type: 'fivesigma:kept', on, error });
    })());
  }
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET' || !request.url.startsWith(SCOPE)) return;
  const path = request.url.slice(SCOPE.length).split(/[?#]/)[0];
  // What this build holds and may hold, answered by the worker that holds it.
  if (path === 'offline.json') {
    event.respondWith(new Response(JSON.stringify({ version: VERSION, files: FILES }), {
      headers: { 'content-type': 'application/json' },
    }));
    return;
  }
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    // Every page of the app is index.html (pages live in the fragment).
    const key = request.mode === 'navigate' ? new URL('index.html', SCOPE).href : request.url;
    const hit = await cache.match(key, { ignoreSearch: true });
    if (hit) return hit;
    const response = await fetch(request);
    if (response.ok && PATHS.has(path)) await cache.put(key, response.clone());
    return response;
  })());
});
