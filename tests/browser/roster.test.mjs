// The roster page (/roster/) in Debian's headless Chromium: the example and golden rosters (CSV and
// xlsx) opened with setInputFiles give a downloaded result CSV equal, byte for byte, to what
// `mingbai batch` writes; each household's 明白卡 is printed (all rows, or the ticked ones); bad
// rosters get a Chinese message and the page stays responsive; after one visit the page works
// offline; no request leaves the origin; axe finds nothing serious, also in 长辈模式.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRequire } from "node:module";
import { ROOT, buildSite, launch, mingbai, navigateOffline, screenshotDir, serve } from "./harness.mjs";

const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const TMP = mkdtempSync(join(tmpdir(), "mingbai-roster-"));
let site, server, browser;
const pageErrors = [];
const foreign = [];

before(async () => {
  site = buildSite();
  server = await serve(site);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
  assert.deepEqual(foreign, [], "requests left the origin");
  assert.deepEqual(pageErrors, [], "errors on the page");
});

const GOLDEN = join(ROOT, "tests", "golden", "roster");
const rosters = [
  join(ROOT, "examples", "roster", "roster.csv"),
  ...readdirSync(GOLDEN)
    .filter((f) => /\.(csv|xlsx)$/.test(f) && !f.endsWith(".expected.csv"))
    .sort()
    .map((f) => join(GOLDEN, f)),
];

/// What `mingbai batch` writes for the roster, as bytes.
function batch(file) {
  const out = join(TMP, `batch-${rosters.indexOf(file)}.csv`);
  const r = mingbai(["batch", file, "--out", out]);
  assert.ok(r.status === 0 || r.status === 1, `mingbai batch ${file}: ${r.stderr}`);
  return readFileSync(out);
}

async function open({ viewport = { width: 1280, height: 900 }, context, elder = 0 } = {}) {
  const ctx = context ?? (await browser.newContext({ viewport, locale: "zh-CN", serviceWorkers: "block", acceptDownloads: true }));
  if (elder) await ctx.addInitScript((s) => localStorage.setItem("mingbai-elder", String(s)), elder);
  // Printing opens no dialog in a test: count the calls instead.
  await ctx.addInitScript(() => {
    window.__printed = 0;
    window.print = () => window.__printed++;
  });
  const page = await ctx.newPage();
  page.on("pageerror", (e) => pageErrors.push(`roster: ${e.message}`));
  page.on("request", (r) => {
    const u = r.url();
    if (!u.startsWith(server.url) && !u.startsWith("blob:") && !u.startsWith("data:")) foreign.push(u);
  });
  await page.goto(server.url + "roster/");
  await page.waitForFunction(() => !document.getElementById("roster-file").disabled, null, { timeout: 20000 });
  return { page, ctx };
}

async function openRoster(page, files) {
  await page.setInputFiles("#roster-file", files);
  await page.waitForFunction(
    () => document.getElementById("roster-table").dataset.rows || document.querySelector("#roster-message.roster-error"),
    null,
    { timeout: 30000 },
  );
}

async function download(page) {
  const [d] = await Promise.all([page.waitForEvent("download"), page.click("#roster-download")]);
  return { name: d.suggestedFilename(), bytes: readFileSync(await d.path()) };
}

/// The page answers at once: a worker computes, the page's thread is free.
async function responsive(page) {
  const t = Date.now();
  await page.evaluate(() => 1);
  assert.ok(Date.now() - t < 2000, "the page did not answer within 2 s");
}

describe("the result CSV is byte for byte what `mingbai batch` writes", () => {
  for (const file of rosters) {
    const name = file.slice(file.lastIndexOf("/") + 1);
    test(name, async () => {
      const want = batch(file);
      const { page, ctx } = await open();
      try {
        await openRoster(page, file);
        assert.equal(await page.locator("#roster-message.roster-error").count(), 0, await page.locator("#roster-message").textContent());
        const got = await download(page);
        assert.equal(got.name, name.replace(/\.[^.]*$/, "") + "-结果.csv");
        assert.ok(got.bytes.equals(want), `${name}: the downloaded CSV differs from mingbai batch's`);
        // Every row is in the table; a bad row shows its reason in place.
        const lines = want.toString("utf8").trimEnd().split("\n").length - 1;
        assert.equal(await page.locator("#roster-rows tr").count(), lines);
        const bad = await page.locator("#roster-rows tr.bad td.roster-error").allTextContents();
        for (const b of bad) assert.match(b, /^第\d+行/);
        assert.equal(bad.length, (want.toString("utf8").match(/,第\d+行[^\n]*\n/g) || []).length);
      } finally {
        await ctx.close();
      }
    });
  }
});

describe("phone and printing", () => {
  test("360×640: the example roster, cards for all and for the ticked rows, a screenshot", async () => {
    const { page, ctx } = await open({ viewport: { width: 360, height: 640 } });
    try {
      await openRoster(page, rosters[0]);
      const got = await download(page);
      assert.ok(got.bytes.equals(batch(rosters[0])));
      await page.screenshot({ path: join(screenshotDir(), "roster-360x640.png") });
      const good = await page.locator("#roster-rows .tick").count();
      await page.click("#roster-print-all");
      await page.waitForFunction(() => window.__printed === 1, null, { timeout: 30000 });
      assert.equal(await page.locator("#mb-card-print .mbc-card").count(), good);
      // Two per A4 sheet.
      assert.equal(await page.locator("#mb-card-print .mbc-page").count(), Math.ceil(good / 2));
      const ticks = page.locator("#roster-rows .tick");
      await ticks.nth(0).check();
      await ticks.nth(2).check();
      await page.click("#roster-print-ticked");
      await page.waitForFunction(() => window.__printed === 2, null, { timeout: 30000 });
      assert.equal(await page.locator("#mb-card-print .mbc-card").count(), 2);
      const rows = await Promise.all([0, 2].map((i) => ticks.nth(i).getAttribute("value")));
      const text = await page.locator("#mb-card-print").textContent();
      for (const r of rows) assert.ok(text.includes(`名册第${r}行`), `card of row ${r}`);
      await page.emulateMedia({ media: "print" });
      await page.screenshot({ path: join(screenshotDir(), "roster-cards-print.png") });
    } finally {
      await ctx.close();
    }
  });
});

/// A zip holding one text file: a zip, but not a workbook.
function notAWorkbook() {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const data = Buffer.from("这不是表格\n");
  let crc = 0xffffffff;
  for (const b of data) crc = crcTable[(crc ^ b) & 0xff] ^ (crc >>> 8);
  crc = (crc ^ 0xffffffff) >>> 0;
  const name = Buffer.from("readme.txt");
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(name.length, 28);
  const cdOffset = local.length + name.length + data.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + name.length, 12);
  end.writeUInt32LE(cdOffset, 16);
  return Buffer.concat([local, name, data, central, name, end]);
}

describe("bad rosters: a Chinese message, and the page never freezes", () => {
  const big = join(TMP, "大花名册.csv");
  const header = readFileSync(rosters[0]);
  const cases = [
    { name: "缺列.csv", buffer: Buffer.from("\uFEFF序号,户主姓名,地区,家庭人口\n1,王建国,代县,4\n"), want: /缺少必填列.*计算日期.*户类别|缺少必填列/ },
    { name: "空.csv", buffer: Buffer.alloc(0), want: /空文件/ },
    { name: "压缩包.xlsx", buffer: notAWorkbook(), want: /不是有效的 xlsx 文件/ },
    { name: "假表格.xlsx", buffer: Buffer.from("户主姓名,地区\n"), want: /不是有效的 xlsx 文件/ },
    { name: "压缩包.csv", buffer: notAWorkbook(), want: /不是CSV/ },
    { name: "照片.jpg", buffer: Buffer.from([0xff, 0xd8, 0xff]), want: /不是花名册文件/ },
    { name: "乱码.csv", buffer: Buffer.from([0x80, 0x81, 0xff, 0x0a, 0xfe, 0x00, 0x01]), want: /没有找到表头|缺少必填列/ },
  ];
  test("GBK text, a column missing, an empty file, a zip that is not an xlsx, other files", async () => {
    const { page, ctx } = await open({ viewport: { width: 360, height: 640 } });
    try {
      for (const c of cases) {
        await page.setInputFiles("#roster-file", { name: c.name, mimeType: "application/octet-stream", buffer: c.buffer });
        await page.waitForSelector("#roster-message.roster-error", { timeout: 20000 });
        const text = await page.locator("#roster-message").textContent();
        assert.match(text, c.want, `${c.name}: ${text}`);
        assert.ok(await page.locator("#roster-results").isHidden());
        await responsive(page);
      }
      // GBK text, as Excel on a Chinese Windows saves a CSV: read as Chinese, not garbage.
      const gbk = join(GOLDEN, "excel-gbk.csv");
      await openRoster(page, gbk);
      assert.equal(await page.locator("#roster-message.roster-error").count(), 0);
      const names = await page.locator("#roster-rows td:nth-child(3)").allTextContents();
      assert.ok(names.some((n) => /[\u4e00-\u9fff]/.test(n)) && !names.some((n) => n.includes("\uFFFD")), names.join(" "));
      assert.ok((await download(page)).bytes.equals(batch(gbk)));
    } finally {
      await ctx.close();
    }
  });
  test("a 50 MB file is refused at once", async () => {
    const chunk = header.subarray(header.indexOf(10) + 1);
    const parts = [header];
    let size = header.length;
    while (size < 50 * 1024 * 1024) {
      parts.push(chunk);
      size += chunk.length;
    }
    writeFileSync(big, Buffer.concat(parts));
    const { page, ctx } = await open();
    try {
      const t = Date.now();
      await page.setInputFiles("#roster-file", big);
      await page.waitForSelector("#roster-message.roster-error", { timeout: 20000 });
      assert.match(await page.locator("#roster-message").textContent(), /太大.*MB/);
      assert.ok(Date.now() - t < 10000);
      await responsive(page);
    } finally {
      await ctx.close();
    }
  });
});

describe("offline and accessible", () => {
  test("after one visit the roster page reloads and computes without a network", async () => {
    const ctx = await browser.newContext({ viewport: { width: 360, height: 640 }, acceptDownloads: true });
    try {
      const { page } = await open({ context: ctx });
      // Polled from here: waitForFunction takes the promise of an async predicate as true.
      const cached = () =>
        page.evaluate(async () => {
          const reg = await navigator.serviceWorker.getRegistration();
          if (reg?.active?.state !== "activated" || !navigator.serviceWorker.controller) return false;
          const name = (await caches.keys()).find((k) => k.startsWith("mingbai-"));
          if (!name) return false;
          const cache = await caches.open(name);
          const at = (p) => new URL(p, location.href).href;
          const want = [location.href, at("roster.js"), at("roster-worker.js"), at("pkg/mingbai_roster_web.js"), at("pkg/mingbai_roster_web_bg.wasm")];
          return (await Promise.all(want.map((u) => cache.match(u)))).every(Boolean);
        });
      for (let i = 0; !(await cached()); i++) {
        assert.ok(i < 100, "the roster page and its module were not cached within 20 s");
        await page.waitForTimeout(200);
      }
      await ctx.setOffline(true);
      const before = server.requests.length;
      await navigateOffline(page, () => page.reload(), "#roster-file");
      await page.waitForFunction(() => !document.getElementById("roster-file").disabled, null, { timeout: 20000 });
      await openRoster(page, rosters[0]);
      assert.ok((await download(page)).bytes.equals(batch(rosters[0])));
      assert.equal(server.requests.length, before, "requests reached the server while offline");
    } finally {
      await ctx.close();
    }
  });

  for (const elder of [0, 2]) {
    test(`axe: no serious or critical violation with results shown${elder ? " (长辈模式 特大)" : ""}`, async () => {
      const ctx = await browser.newContext({ bypassCSP: true, viewport: { width: 360, height: 640 }, serviceWorkers: "block" });
      try {
        const { page } = await open({ context: ctx, elder });
        await openRoster(page, join(GOLDEN, "bad-rows.csv"));
        await page.locator(".roster-columns summary").click();
        await page.addScriptTag({ content: AXE });
        const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
        const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
        assert.deepEqual(bad.map((v) => `${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`), []);
        if (elder) await page.screenshot({ path: join(screenshotDir(), "roster-elder-360x640.png") });
      } finally {
        await ctx.close();
      }
    });
  }
});
