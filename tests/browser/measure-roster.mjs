#!/usr/bin/env node
// Benchmark, not a test: a roster of N households (default 10 000: the example roster repeated,
// 序号 renumbered) opened on the roster page in headless Chromium; prints the seconds from choosing
// the file to the result table, and from 打印全部 to the cards being ready for the print preview
// (window.print called). Goal: ≤ 2 s to results. Also checks the download equals `mingbai batch`.
//   node tests/browser/measure-roster.mjs [N]     (MINGBAI_SITE_DIR=public skips the build)
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT, buildSite, launch, mingbai, serve } from "./harness.mjs";

const N = Number(process.argv[2] || 10000);
const dir = mkdtempSync(join(tmpdir(), "mingbai-roster-bench-"));
const example = readFileSync(join(ROOT, "examples", "roster", "roster.csv"), "utf8").replace(/^\uFEFF/, "");
const [header, ...rows] = example.trimEnd().split("\n");
const out = [header];
for (let i = 0; out.length <= N; i++) {
  const r = rows[i % rows.length];
  out.push(`${out.length},${r.slice(r.indexOf(",") + 1)}`);
}
const roster = join(dir, `花名册${N}户.csv`);
writeFileSync(roster, "\uFEFF" + out.join("\n") + "\n");

const site = buildSite();
const server = await serve(site);
const browser = await launch();
try {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, serviceWorkers: "block", acceptDownloads: true });
  await ctx.addInitScript(() => {
    window.print = () => (window.__printedAt = performance.now());
  });
  const page = await ctx.newPage();
  await page.goto(server.url + "roster/");
  await page.waitForFunction(() => !document.getElementById("roster-file").disabled, null, { timeout: 30000 });
  const t0 = await page.evaluate(() => performance.now());
  await page.setInputFiles("#roster-file", roster);
  await page.waitForFunction(() => !document.getElementById("roster-results").hidden, null, { timeout: 120000, polling: 20 });
  const t1 = await page.evaluate(() => performance.now());
  await page.waitForFunction(() => document.getElementById("roster-table").dataset.rows, null, { timeout: 120000, polling: 20 });
  const t1all = await page.evaluate(() => performance.now());
  const shown = await page.locator("#roster-rows tr").count();
  const [d] = await Promise.all([page.waitForEvent("download"), page.click("#roster-download")]);
  const same = readFileSync(await d.path()).equals((() => {
    const o = join(dir, "batch.csv");
    mingbai(["batch", roster, "--out", o]);
    return readFileSync(o);
  })());
  const t2 = await page.evaluate(() => performance.now());
  await page.click("#roster-print-all");
  await page.waitForFunction(() => window.__printedAt, null, { timeout: 300000, polling: 50 });
  const t3 = await page.evaluate(() => window.__printedAt);
  const cards = await page.locator("#mb-card-print .mbc-card").count();
  console.log(`${N} households: results in ${((t1 - t0) / 1000).toFixed(2)} s, all ${shown} rows in the table in ${((t1all - t0) / 1000).toFixed(2)} s; download equals mingbai batch: ${same}`);
  console.log(`print preview of all ${cards} cards: ${((t3 - t2) / 1000).toFixed(2)} s after 打印全部`);
} finally {
  await browser.close();
  await server.close();
}
