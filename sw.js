// Fielddesk's service worker: serves the app from a cache after one visit, so it opens with no
// network. scripts/post-build.sh fills in the build's file list and version; a new build is a new
// sw.js, which the browser notices and the page offers to the user (never forced mid-edit).
const VERSION = '__FIELDDESK_VERSION__';
const PRECACHE = __FIELDDESK_PRECACHE__;
const CACHE = `fielddesk-${VERSION}`;

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(PRECACHE)));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('fielddesk-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

// The page sends this when the user chooses to reload into the new version.
self.addEventListener('message', (event) => {
  if (event.data === 'fielddesk:activate') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  // Any page of the app is the app: answer navigations with the cached index.html.
  const lookup = request.mode === 'navigate' ? new URL('./', self.registration.scope).href : request;
  event.respondWith(
    caches.open(CACHE).then((cache) =>
      cache.match(lookup, { ignoreSearch: true }).then((hit) => hit || fetch(request)),
    ),
  );
});
