#!/usr/bin/env node
// A first visit to the calculator page on a weak signal, as issue #11 measures it: Chromium with
// CDP network throttling (400 kbit/s both ways, 400 ms round trip) and the CPU slowed 4× (a cheap
// phone), no cache, no service worker, the site served by `mingbai serve` (its precompressed
// .br/.gz files). Prints figures; asserts nothing (a bench, not a test).
//
//   node scripts/bench-slow3g.mjs                  builds the site (scripts/build-site.sh) first
//   MINGBAI_SITE_BUILT=1 node scripts/bench-slow3g.mjs    skip the build (target/web-dist is there)
//   MINGBAI_BENCH_PAGE=zhenba/calculator/ MINGBAI_BENCH_RUNS=5 node scripts/bench-slow3g.mjs
//
// For each encoding the browser offers (br, then gzip only):
//   - page text readable: the worked example's plain answer (.example .answer-now) is in the DOM
//     and painted (first contentful paint, whichever is later);
//   - wasm arrived: responseEnd of mingbai_web_bg.wasm (resource timing);
//   - calculator ready: the form and its result box are on screen (.mb-calc .mb-result);
//   - first result: ready, then a household typed in (the 低保 or medical form) until a figure
//     shows ([data-out]) — the form opens empty since issue #11, so this is the first answer;
//   - bytes: encoded bytes of every response of the page (CDP loadingFinished), and those of the
//     calculator's assets (calc/*).
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const { chromium } = await import(join(ROOT, "node_modules", "playwright-core", "index.mjs"));
const PAGE = process.env.MINGBAI_BENCH_PAGE || "daixian/calculator/";
const RUNS = Number(process.env.MINGBAI_BENCH_RUNS || 3);
const NET = { down: 400e3, up: 400e3, rtt: 400, cpu: 4 };

if (!process.env.MINGBAI_SITE_BUILT) {
  const r = spawnSync("bash", ["scripts/build-site.sh"], { cwd: ROOT, stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
const cargo = spawnSync("cargo", ["build", "--quiet", "-p", "mingbai-cli"], { cwd: ROOT, stdio: "inherit" });
if (cargo.status !== 0) process.exit(cargo.status ?? 1);
const bin = join(process.env.CARGO_TARGET_DIR || join(ROOT, "target"), "debug", "mingbai");

async function freePort() {
  const s = createServer();
  await new Promise((ok) => s.listen(0, "127.0.0.1", ok));
  const { port } = s.address();
  await new Promise((ok) => s.close(ok));
  return port;
}

const out = mkdtempSync(join(tmpdir(), "mingbai-bench-"));
const port = await freePort();
const serve = spawn(bin, ["serve", "--out", out, "--port", String(port), "--calculator", join(ROOT, "target", "web-dist")], { cwd: ROOT, stdio: ["ignore", "ignore", "pipe"] });
let log = "";
serve.stderr.on("data", (d) => (log += d));
for (let i = 0; !/serving /.test(log); i++) {
  if (i > 1200 || serve.exitCode !== null) {
    console.error(`mingbai serve did not start:\n${log}`);
    process.exit(1);
  }
  await new Promise((ok) => setTimeout(ok, 250));
}
const url = `http://127.0.0.1:${port}/${PAGE}`;

const browser = await chromium.launch({
  executablePath: process.env.MINGBAI_CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-quic"],
  headless: true,
});

const WATCH = () => {
  const seen = () => {
    if (!window.__answer && document.querySelector(".example .answer-now")) window.__answer = performance.now();
    if (!window.__ready && document.querySelector(".mb-calc .mb-result")) window.__ready = performance.now();
  };
  new MutationObserver(seen).observe(document, { childList: true, subtree: true });
};

async function firstVisit(acceptEncoding) {
  const ctx = await browser.newContext({ serviceWorkers: "block", viewport: { width: 360, height: 640 }, locale: "zh-CN" });
  const page = await ctx.newPage();
  const cdp = await ctx.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  await cdp.send("Network.setExtraHTTPHeaders", { headers: { "Accept-Encoding": acceptEncoding } });
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: NET.rtt,
    downloadThroughput: NET.down / 8,
    uploadThroughput: NET.up / 8,
  });
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: NET.cpu });
  const urls = new Map();
  const encodings = new Set();
  let bytes = 0;
  let calcBytes = 0;
  cdp.on("Network.responseReceived", (e) => {
    urls.set(e.requestId, e.response.url);
    const enc = e.response.headers["Content-Encoding"] || e.response.headers["content-encoding"];
    if (enc) encodings.add(enc);
  });
  cdp.on("Network.loadingFinished", (e) => {
    bytes += e.encodedDataLength;
    if (/\/calc\//.test(urls.get(e.requestId) || "")) calcBytes += e.encodedDataLength;
  });
  await page.addInitScript(WATCH);
  await page.goto(url, { waitUntil: "commit" });
  await page.waitForFunction(() => window.__ready, null, { timeout: 180000, polling: 50 });
  const t = await page.evaluate(() => {
    const fcp = performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? NaN;
    const wasm = performance.getEntriesByType("resource").find((r) => r.name.endsWith("mingbai_web_bg.wasm"));
    const answer = document.querySelector(".example .answer-now")?.textContent ?? "";
    return { fcp, answer: Math.max(window.__answer ?? NaN, fcp), wasm: wasm ? wasm.responseEnd : NaN, ready: window.__ready, text: answer };
  });
  // The first answer: a household typed in as fast as a script can (the typing is not timed).
  const f = (p) => `[data-field="${p}"]`;
  const t0 = await page.evaluate(() => performance.now());
  if (await page.locator('[data-tab="dibao"]').count()) await page.click('[data-tab="dibao"]');
  if (await page.locator(f("dibao.annual_income")).count()) {
    await page.fill(f("household.size"), "3");
    await page.selectOption(f("household.category"), "dibao");
    await page.fill(f("dibao.annual_income"), "6000");
  } else {
    if (await page.locator('[data-tab="medical"]').count()) await page.click('[data-tab="medical"]');
    await page.fill(f("household.size"), "3");
    await page.selectOption(f("household.category"), "jiandang");
    await page.fill(f("medical.persons[0].age"), "67");
    await page.selectOption(f("medical.persons[0].visits[0].level"), "county");
    await page.fill(f("medical.persons[0].visits[0].total"), "12000");
    await page.fill(f("medical.persons[0].visits[0].compliant"), "10000");
  }
  await page.waitForSelector(".mb-result [data-out]", { timeout: 60000, state: "attached" });
  const computed = (await page.evaluate(() => performance.now())) - t0;
  await page.waitForLoadState("load");
  await ctx.close();
  return { ...t, computed, bytes, calcBytes, encodings: [...encodings].join("+") || "none" };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log(`page: ${PAGE}; network 400 kbit/s, 400 ms RTT, CPU ×4; first visit (no cache, no service worker); ${RUNS} runs each, medians`);
try {
  for (const [name, accept] of [["brotli", "br, gzip"], ["gzip", "gzip"]]) {
    const runs = [];
    for (let i = 0; i < RUNS; i++) runs.push(await firstVisit(accept));
    const m = (k) => median(runs.map((r) => r[k]));
    const before = runs.filter((r) => r.answer < r.wasm).length;
    console.log(`\n${name} (served: ${runs[0].encodings})`);
    console.log(`  first contentful paint          ${s(m("fcp"))}`);
    console.log(`  worked example answer readable  ${s(m("answer"))}  «${runs[0].text.trim().slice(0, 40)}»`);
    console.log(`  wasm arrived                    ${s(m("wasm"))}`);
    console.log(`  answer readable before wasm     ${before} of ${runs.length} runs`);
    console.log(`  calculator ready                ${s(m("ready"))}  (runs: ${runs.map((r) => s(r.ready)).join(", ")})`);
    console.log(`  first result (ready + typing)   ${s(m("ready") + m("computed"))}  (typing to figure ${s(m("computed"))})`);
    console.log(`  transferred: page total ${kb(m("bytes"))}, calculator assets ${kb(m("calcBytes"))}`);
  }
} finally {
  await browser.close();
  serve.kill();
  rmSync(out, { recursive: true, force: true });
}
