// mingbai offline support. Registered by calc/calc.js; its scope is the folder this file is
// served from (the site root), so every page of the site passes through it.
//
// - calculator assets (calc/*): served from the cache at once, refreshed in the background
//   (stale-while-revalidate), because a phone on a weak signal should not wait for them;
// - pages and everything else of this origin: network first, the cached copy when offline,
//   so an online visitor always sees the latest policy text;
// - other origins: untouched (the site makes no such requests anyway).
//
// - a page not visited yet, with no network: offline.html (cached at install), a page of the
//   site in plain words, instead of the browser's error.
//
// The cache is keyed by this file's VERSION; a new VERSION drops the old cache on activation.
const VERSION = "mingbai-v2";
const OFFLINE_PAGE = "offline.html";
const CALC_ASSETS = ["calc/calc.js", "calc/calc.css", "calc/mingbai_web.js", "calc/mingbai_web_bg.wasm"];

self.addEventListener("install", (event) => {
  const at = (p) => new URL(p, self.registration.scope);
  event.waitUntil(
    caches
      .open(VERSION)
      // The offline page on its own first: a missing calculator asset must not lose it.
      .then((cache) => cache.add(at(OFFLINE_PAGE)).catch(() => undefined).then(() => cache))
      .then((cache) => cache.addAll(CALC_ASSETS.map(at)))
      .catch(() => undefined) // a page without the calculator still gets page caching
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== VERSION).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

function isCalcAsset(url) {
  return url.pathname.startsWith(new URL("calc/", self.registration.scope).pathname);
}

async function put(request, response) {
  if (response && response.ok && response.type === "basic") {
    const cache = await caches.open(VERSION);
    await cache.put(request, response.clone());
  }
  return response;
}

async function staleWhileRevalidate(request) {
  const cached = await caches.match(request);
  const fresh = fetch(request).then((r) => put(request, r));
  if (cached) {
    fresh.catch(() => undefined);
    return cached;
  }
  return fresh;
}

async function networkFirst(request) {
  try {
    return await put(request, await fetch(request));
  } catch (err) {
    const cached = await caches.match(request, { ignoreSearch: request.mode === "navigate" });
    if (cached) return cached;
    if (request.mode === "navigate") {
      const offline = await caches.match(new URL(OFFLINE_PAGE, self.registration.scope));
      if (offline) return offline;
    }
    throw err;
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  event.respondWith(isCalcAsset(url) ? staleWhileRevalidate(request) : networkFirst(request));
});
