#!/usr/bin/env node
// Prints how fast the calculator is for a household on a weak signal. Figures to read, not tests.
//   node tests/browser/measure-speed.mjs            (builds the site; MINGBAI_SITE_DIR=public skips)
//
// 1. Navigation to first result, cold (no cache, no service worker), network throttled through CDP
//    to 1.6 Mbit/s down, 750 kbit/s up, 150 ms round trip; served with gzip like a static host.
//    Repeated with the CPU slowed 4× (a cheap phone).
// 2. Recompute after a keystroke: performance.now() around an input event in the page, until the
//    result on screen has changed; median and worst of many keystrokes.
import { buildSite, launch, serve } from "./harness.mjs";

const PAGE = process.env.MINGBAI_SPEED_PAGE || "daixian/calculator/";
const RUNS = Number(process.env.MINGBAI_SPEED_RUNS || 3);

const site = buildSite();
const server = await serve(site);
const browser = await launch();
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// Records when the first figure appears, from the navigation's start (performance.now()).
const RECORD_FIRST_RESULT = () => {
  const seen = () => {
    if (!window.__firstResult && document.querySelector("[data-out]")) window.__firstResult = performance.now();
  };
  new MutationObserver(seen).observe(document, { childList: true, subtree: true });
};

async function coldLoad(cpuRate) {
  const ctx = await browser.newContext({ serviceWorkers: "block", viewport: { width: 360, height: 640 } });
  const page = await ctx.newPage();
  const cdp = await ctx.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: 150,
    downloadThroughput: (1.6e6 / 8) | 0,
    uploadThroughput: (750e3 / 8) | 0,
  });
  if (cpuRate > 1) await cdp.send("Emulation.setCPUThrottlingRate", { rate: cpuRate });
  let bytes = 0;
  cdp.on("Network.loadingFinished", (e) => (bytes += e.encodedDataLength));
  await page.addInitScript(RECORD_FIRST_RESULT);
  await page.goto(server.url + PAGE, { waitUntil: "commit" });
  await page.waitForFunction(() => window.__firstResult, null, { timeout: 120000, polling: 50 });
  const t = await page.evaluate(() => ({
    first: window.__firstResult,
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
  await page.waitForSelector("[data-out]");
  if (await page.locator('[data-tab="medical"]').count()) await page.click('[data-tab="medical"]');
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

console.log(`page: ${PAGE}`);
for (const cpu of [1, 4]) {
  const loads = [];
  for (let i = 0; i < RUNS; i++) loads.push(await coldLoad(cpu));
  const first = loads.map((l) => l.first);
  console.log(
    `first result, cold, 1.6 Mbit/s + 150 ms RTT, CPU ×${cpu}: median ${median(first).toFixed(0)} ms ` +
      `(runs: ${first.map((x) => x.toFixed(0)).join(", ")} ms; DOMContentLoaded ${median(loads.map((l) => l.dcl)).toFixed(0)} ms; ` +
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
