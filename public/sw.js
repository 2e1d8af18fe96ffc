// Five Sigma's service worker: keeps every file of one build in the browser, so the app, its
// lessons and its datasets work offline after the first visit.
//
// This is a template: the build (scripts/precache.mjs, a Trunk post-build hook) writes the real
// sw.js next to index.html with VERSION (a hash of every file) and FILES (their relative paths).
// A new build therefore has a new sw.js: the browser installs it beside the old one, it fills a
// cache of its own, and only when it takes over (every tab of the old build closed, or the page's
// "Switch to it") are the old build's files deleted — a page never mixes files of two builds.
const VERSION = '__VERSION__';
const FILES = __FILES__;
// The GPU training worker is large and useless without WebGPU: kept only where WebGPU exists
// (or once it has been fetched).
const OPTIONAL = (path) => path.startsWith('train-gpu');
const SCOPE = self.registration.scope;
// Several copies of Five Sigma on one site (different paths) keep separate caches.
const PREFIX = `fivesigma:${SCOPE}:`;
const CACHE = `${PREFIX}${VERSION}`;

self.addEventListener('install', (event) => {
  const withGpu = Boolean(self.navigator && self.navigator.gpu);
  const wanted = FILES.filter((f) => withGpu || !OPTIONAL(f));
  event.waitUntil(
    caches.open(CACHE).then((cache) =>
      cache.addAll(wanted.map((f) => new Request(new URL(f, SCOPE), { cache: 'reload' })))),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if (key.startsWith(PREFIX) && key !== CACHE) await caches.delete(key);
    }
    await self.clients.claim();
  })());
});

self.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'fivesigma:skip-waiting') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET' || !request.url.startsWith(SCOPE)) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    // Every page of the app is index.html (pages live in the fragment).
    const key = request.mode === 'navigate' ? new URL('index.html', SCOPE).href : request.url;
    const hit = await cache.match(key, { ignoreSearch: true });
    if (hit) return hit;
    const response = await fetch(request);
    const path = request.url.slice(SCOPE.length).split(/[?#]/)[0];
    if (response.ok && FILES.includes(path)) await cache.put(key, response.clone());
    return response;
  })());
});
