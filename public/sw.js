// Service worker of the Ngày hội app.
//
// PRECACHE and VERSION are filled in at build time by scripts/sw-precache.sh
// from the hashed files Trunk produced, so a new build is a new cache.
// The app works offline from this cache; /api/ is never cached (sync data
// lives in IndexedDB, not here). A new version installs in the background and
// WAITS: the app announces it and tells it to take over only when the officer
// chooses, never in the middle of the ceremony.
const VERSION = "__VERSION__";
const PRECACHE = __PRECACHE__;
const CACHE = "ngayhoi-" + VERSION;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) =>
      cache.addAll(PRECACHE.map((url) => new Request(url, { cache: "reload" })))
    )
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) {
        if (key.startsWith("ngayhoi-") && key !== CACHE) await caches.delete(key);
      }
      await self.clients.claim();
    })()
  );
});

self.addEventListener("message", (event) => {
  if (event.data === "skip-waiting") self.skipWaiting();
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/api/")) return;
  if (request.mode === "navigate") {
    // Every app route is the same shell; the router in the page does the rest.
    event.respondWith(
      caches.match("/index.html", { cacheName: CACHE }).then((hit) => hit || fetch(request))
    );
    return;
  }
  event.respondWith(
    caches.match(request, { cacheName: CACHE }).then((hit) => hit || fetch(request))
  );
});
