// The field app's service worker: keeps the point's page and its assets so the page opens
// with the network gone. Reports themselves are kept by the page in IndexedDB, not here.
"use strict";
const WORKER = {{ worker_json|safe }};
const CACHE = "trygg-field-" + WORKER.version;

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(WORKER.precache)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  // Drop this point's older caches; other points' caches belong to their own workers.
  const suffix = WORKER.version.split("-").slice(1).join("-");
  event.waitUntil(caches.keys().then((names) => Promise.all(names
    .filter((n) => n.startsWith("trygg-field-") && n !== CACHE && n.endsWith("-" + suffix))
    .map((n) => caches.delete(n)))).then(() => self.clients.claim()));
});

function isPage(request) {
  return request.mode === "navigate" || new URL(request.url).pathname === WORKER.page;
}

// The page: the network first (it shows the current state), the kept copy when the network is gone.
async function page(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok && !response.redirected) {
      await cache.put(WORKER.page, response.clone());
    }
    return response;
  } catch (err) {
    const kept = await cache.match(WORKER.page);
    if (kept) { return kept; }
    throw err;
  }
}

// Assets and the manifest: the kept copy first (they change only with a new worker version).
async function asset(request) {
  const cache = await caches.open(CACHE);
  const kept = await cache.match(request, { ignoreSearch: true });
  return kept || fetch(request);
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) { return; }
  const path = new URL(request.url).pathname;
  if (isPage(request) && path === WORKER.page) {
    event.respondWith(page(request));
  } else if (WORKER.precache.indexOf(path) !== -1) {
    event.respondWith(asset(request));
  }
  // Everything else (the API, state.json) goes to the network as usual: the page handles failures.
});
