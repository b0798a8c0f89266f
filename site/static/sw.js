// mingbai offline support. Registered by elder.js on every page (and by calc/calc.js); its scope is the folder this file is
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
// - what every page loads (style, 长辈模式, 朗读, the icon): cached at install, because the page
//   that registered this worker fetched them before it existed, and a visited page read offline
//   must keep its 长辈模式 switch and its 朗读 button.
//
// The cache is keyed by this file's VERSION; a new VERSION drops the old cache on activation.
// Pages ask for their own copy to be kept with a message ({ keep: url }), not by naming the cache.
const VERSION = "mingbai-v3";
const OFFLINE_PAGE = "offline.html";
const SHELL = [OFFLINE_PAGE, "css/site.css", "css/print.css", "elder.js", "speak.js", "favicon.ico"];
const CALC_ASSETS = ["calc/calc.js", "calc/calc.css", "calc/mingbai_web.js", "calc/mingbai_web_bg.wasm"];

self.addEventListener("install", (event) => {
  const at = (p) => new URL(p, self.registration.scope);
  event.waitUntil(
    caches
      .open(VERSION)
      // The page shell on its own first: a missing calculator asset must not lose it.
      .then((cache) => cache.addAll(SHELL.map(at)).catch(() => undefined).then(() => cache))
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

// A page fetched before this worker controlled it asks to be kept for reading offline.
self.addEventListener("message", (event) => {
  const keep = event.data && event.data.keep;
  if (typeof keep !== "string") return;
  const url = new URL(keep, self.registration.scope);
  if (url.origin !== self.location.origin) return;
  event.waitUntil(
    caches
      .open(VERSION)
      .then((cache) => cache.match(url).then((hit) => hit || cache.add(url)))
      .catch(() => undefined),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  event.respondWith(isCalcAsset(url) ? staleWhileRevalidate(request) : networkFirst(request));
});
