// Serves every file from its cache once fetched, like the app's worker, so
// the floor is measured warm from a service worker too.
self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));
self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const key = request.mode === "navigate" ? "/index.html" : request.url;
  event.respondWith(
    caches.open("floor").then(async (cache) => {
      const hit = await cache.match(key);
      if (hit) return hit;
      const response = await fetch(request);
      if (response.ok) await cache.put(key, response.clone());
      return response;
    })
  );
});
