// Overhead's service worker: keeps the built site so that it works offline after its first
// load. `scripts/offline.mjs` writes VERSION (a hash of every built file) and ASSETS (every
// built file, relative to this script) after each build: a new build is a new worker, which
// the page announces ("a new version is ready") and which takes over when the reader says so.
const VERSION = "development";
const ASSETS = ["./"];
const CACHE = `overhead-${VERSION}`;

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(ASSETS)));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((key) => key.startsWith("overhead-") && key !== CACHE).map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});

// The page asks a waiting new version to take over (then it reloads).
self.addEventListener("message", (event) => {
  if (event.data === "skip-waiting") self.skipWaiting();
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(
    (async () => {
      const cache = await caches.open(CACHE);
      // The page itself, whatever its query (a walkthrough): the built index. A link's
      // fragment never reaches a request.
      const key = request.mode === "navigate" ? new URL("./", self.registration.scope).href : request;
      return (await cache.match(key)) ?? fetch(request);
    })(),
  );
});
