#!/usr/bin/env node
// Prints how fast the calculator is for a household on a weak signal. Figures to read, not tests.
//   node tests/browser/measure-speed.mjs            (builds the site; MINGBAI_SITE_DIR=public skips)
//
// 1. Navigation to first result, cold (no cache, no service worker), network throttled through CDP
//    to 1.6 Mbit/s down, 750 kbit/s up, 150 ms round trip; served with gzip like a static host.
//    Repeated with the CPU slowed 4× (a cheap phone), and on slow 3G (400 kbit/s, 400 ms, CPU ×4).
// 2. Recompute after a keystroke: performance.now() around an input event in the page, until the
//    result on screen has changed; median and worst of many keystrokes.
import { buildSite, launch, serve } from "./harness.mjs";

const PAGE = process.env.MINGBAI_SPEED_PAGE || "daixian/calculator/";
const RUNS = Number(process.env.MINGBAI_SPEED_RUNS || 3);

const site = buildSite();
const server = await serve(site);
const browser = await launch();
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// Records when the calculator is up and ready to compute (the form opens empty since issue #11,
// so no figure shows before one is typed: the first result is one keystroke away), and when the
// page's own text — the worked example's plain answer included — could be read.
const RECORD_FIRST_RESULT = () => {
  const seen = () => {
    if (!window.__text && document.querySelector("main p, #calculator")) window.__text = performance.now();
    if (!window.__firstResult && document.querySelector(".mb-calc .mb-result")) window.__firstResult = performance.now();
  };
  new MutationObserver(seen).observe(document, { childList: true, subtree: true });
};

// name, download bit/s, upload bit/s, round trip ms
const NETWORKS = [
  ["1.6 Mbit/s + 150 ms RTT", 1.6e6, 750e3, 150],
  ["slow 3G: 400 kbit/s + 400 ms RTT", 400e3, 400e3, 400],
];

async function coldLoad(cpuRate, [, down, up, rtt] = NETWORKS[0]) {
  const ctx = await browser.newContext({ serviceWorkers: "block", viewport: { width: 360, height: 640 } });
  const page = await ctx.newPage();
  const cdp = await ctx.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: rtt,
    downloadThroughput: (down / 8) | 0,
    uploadThroughput: (up / 8) | 0,
  });
  if (cpuRate > 1) await cdp.send("Emulation.setCPUThrottlingRate", { rate: cpuRate });
  let bytes = 0;
  cdp.on("Network.loadingFinished", (e) => (bytes += e.encodedDataLength));
  await page.addInitScript(RECORD_FIRST_RESULT);
  await page.goto(server.url + PAGE, { waitUntil: "commit" });
  await page.waitForFunction(() => window.__firstResult, null, { timeout: 120000, polling: 50 });
  const t = await page.evaluate(() => ({
    first: window.__firstResult,
    text: window.__text,
    dcl: performance.getEntriesByType("navigation")[0]?.domContentLoadedEventEnd ?? NaN,
  }));
  await page.waitForLoadState("load");
  await ctx.close();
  return { ...t, bytes };
}

async function keystrokes(cpuRate, n = 40) {
  const ctx = await browser.newContext({ serviceWorkers: "block", viewport: { width: 360, height: 640 } });
  const page = await ctx.newPage();
  await page.goto(server.url + PAGE);
  await page.waitForSelector(".mb-calc .mb-result");
  if (await page.locator('[data-tab="medical"]').count()) await page.click('[data-tab="medical"]');
  // The form opens empty: type a household first, so each keystroke changes a result.
  const f = (p) => `[data-field="${p}"]`;
  await page.fill(f("household.size"), "3");
  await page.selectOption(f("household.category"), "jiandang");
  await page.fill(f("medical.persons[0].age"), "45");
  await page.selectOption(f("medical.persons[0].visits[0].level"), "county");
  await page.fill(f("medical.persons[0].visits[0].total"), "12000");
  await page.fill(f("medical.persons[0].visits[0].compliant"), "10000");
  await page.waitForSelector("[data-out]");
  const cdp = await ctx.newCDPSession(page);
  if (cpuRate > 1) await cdp.send("Emulation.setCPUThrottlingRate", { rate: cpuRate });
  const times = await page.evaluate(async (n) => {
    const input = document.querySelector('[data-field="medical.persons[0].visits[0].total"]');
    const result = document.querySelector(".mb-result");
    const out = [];
    for (let i = 0; i < n; i++) {
      const changed = new Promise((ok) => {
        const mo = new MutationObserver(() => {
          mo.disconnect();
          ok();
        });
        mo.observe(result, { childList: true, subtree: true, characterData: true });
      });
      input.value = String(12000 + (i + 1) * 137);
      const t0 = performance.now();
      input.dispatchEvent(new InputEvent("input", { bubbles: true }));
      await changed;
      out.push(performance.now() - t0);
    }
    return out;
  }, n);
  await ctx.close();
  return times;
}

console.log(`page: ${PAGE}${process.env.MINGBAI_SERVE_GZIP ? " (gzip on the fly, no precompressed files)" : ""}`);
for (const [net, cpu] of [[NETWORKS[0], 1], [NETWORKS[0], 4], [NETWORKS[1], 4]]) {
  const loads = [];
  for (let i = 0; i < RUNS; i++) loads.push(await coldLoad(cpu, net));
  const first = loads.map((l) => l.first);
  console.log(
    `calculator ready, cold, ${net[0]}, CPU ×${cpu}: median ${median(first).toFixed(0)} ms ` +
      `(runs: ${first.map((x) => x.toFixed(0)).join(", ")} ms; page text readable ${median(loads.map((l) => l.text)).toFixed(0)} ms; ` +
      `DOMContentLoaded ${median(loads.map((l) => l.dcl)).toFixed(0)} ms; ` +
      `${(median(loads.map((l) => l.bytes)) / 1024).toFixed(1)} KB transferred)`,
  );
}
for (const cpu of [1, 4]) {
  const times = await keystrokes(cpu);
  console.log(
    `recompute after a keystroke (medical form), CPU ×${cpu}: median ${median(times).toFixed(2)} ms, ` +
      `worst ${Math.max(...times).toFixed(2)} ms over ${times.length} keystrokes`,
  );
}
await browser.close();
await server.close();
