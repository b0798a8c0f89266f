// Pictures a household reads at a glance (issue #14): on the worked examples (no JavaScript
// needed), under the calculator's result and on the back of the printed household card. At
// 360×640, in both 长辈模式 steps: each picture is visible, the page does not scroll sideways,
// its text is drawn at 16 px or more, and axe finds nothing serious.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { ROOT, buildSite, launch, screenshotDir, serve } from "./harness.mjs";
import { calculatorsOf, fillCase } from "./fill.mjs";

const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const GOLDEN = join(ROOT, "tests", "golden", "calc");
const CHARTS = join(ROOT, "tests", "golden", "charts");
let site, server, browser;
const pageErrors = [];

before(async () => {
  site = buildSite();
  server = await serve(site);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
  assert.deepEqual(pageErrors, [], "errors in the page");
});

async function context({ step = 0, js = true } = {}) {
  const ctx = await browser.newContext({
    viewport: { width: 360, height: 640 },
    locale: "zh-CN",
    serviceWorkers: "block",
    javaScriptEnabled: js,
    bypassCSP: true, // axe is injected as a script; the site itself allows no inline script
  });
  if (step) await ctx.addInitScript((s) => localStorage.setItem("mingbai-elder", String(s)), step);
  return ctx;
}

async function open(ctx, path) {
  const page = await ctx.newPage();
  page.on("pageerror", (e) => pageErrors.push(`${path}: ${e.message}`));
  await page.goto(server.url + path);
  return page;
}

/// For every picture in `scope`: visible, inside the screen's width, its smallest text drawn at
/// 16 px or more. Returns one line per problem.
async function measure(page, scope) {
  return page.evaluate((scope) => {
    const problems = [];
    const pics = [...document.querySelectorAll(`${scope} figure.mb-pic`)];
    for (const fig of pics) {
      fig.scrollIntoView();
      const svg = fig.querySelector("svg");
      const r = svg.getBoundingClientRect();
      const name = `${fig.dataset.pic} “${fig.querySelector("figcaption")?.textContent}”`;
      if (r.width < 1 || r.height < 1) problems.push(`${name}: not drawn`);
      if (r.left < -0.5 || r.right > document.documentElement.clientWidth + 0.5) problems.push(`${name}: ${r.left}–${r.right} px, outside the screen`);
      const scale = svg.getScreenCTM().a;
      let smallest = Infinity;
      for (const t of svg.querySelectorAll("text")) {
        smallest = Math.min(smallest, parseFloat(getComputedStyle(t).fontSize) * scale);
      }
      if (smallest < 16) problems.push(`${name}: text ${smallest.toFixed(1)} px`);
    }
    const doc = document.documentElement;
    if (doc.scrollWidth > doc.clientWidth) problems.push(`the page scrolls sideways: ${doc.scrollWidth} > ${doc.clientWidth}`);
    return { count: pics.length, kinds: [...new Set(pics.map((f) => f.dataset.pic))], problems };
  }, scope);
}

async function axeProblems(page, path) {
  await page.addScriptTag({ content: AXE });
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${path}: ${v.id} ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
}

/// Built pages whose worked examples carry pictures: the first of each kind of picture.
function examplePages() {
  const found = new Map();
  for (const j of readdirSync(site)) {
    const dir = join(site, j);
    if (!existsSync(join(dir, "index.html"))) continue;
    for (const d of readdirSync(dir)) {
      const f = join(dir, d, "index.html");
      if (!existsSync(f)) continue;
      const html = readFileSync(f, "utf8");
      for (const m of html.matchAll(/<figure class="mb-pic" data-pic="(\w+)"/g)) {
        if (!found.has(m[1])) found.set(m[1], `${j}/${d}/`);
      }
    }
  }
  return found;
}

const cases = ["summary-daixian-household", "summary-baoding-household", "zhenba-dibao-taper-12"].map((name) => ({
  name,
  input: JSON.parse(readFileSync(join(GOLDEN, `${name}.case.json`), "utf8")),
  // The golden pictures of this case: what the calculator must show.
  kinds: [...new Set(readdirSync(CHARTS).filter((f) => f.startsWith(`${name}-`)).map((f) => f.slice(name.length + 1).replace(/(-\d+)?\.svg$/, "")))],
}));

describe("worked examples show their pictures", () => {
  test("every kind of picture is on some page, drawn without JavaScript, readable at 360 px", async () => {
    const pages = examplePages();
    assert.deepEqual([...pages.keys()].sort(), ["dibao", "education", "medical", "relocation", "taper"], "kinds of picture on the site");
    const ctx = await context({ js: false });
    try {
      for (const [kind, path] of pages) {
        const page = await open(ctx, path);
        const m = await measure(page, "main");
        assert.ok(m.kinds.includes(kind), `${path}: ${kind} picture`);
        assert.deepEqual(m.problems, [], path);
        await page.close();
      }
    } finally {
      await ctx.close();
    }
  });

  for (const step of [1, 2]) {
    test(`长辈模式 step ${step}: still inside the screen, text still ≥ 16 px, axe clean`, async () => {
      const ctx = await context({ step });
      try {
        const problems = [];
        for (const [, path] of examplePages()) {
          const page = await open(ctx, path);
          await page.waitForFunction(() => document.documentElement.classList.contains("elder"));
          const m = await measure(page, "main");
          problems.push(...m.problems.map((p) => `${path}: ${p}`));
          problems.push(...(await axeProblems(page, path)));
          await page.close();
        }
        assert.deepEqual(problems, []);
      } finally {
        await ctx.close();
      }
    });
  }
});

describe("the calculator draws the pictures of its result", () => {
  for (const c of cases) {
    for (const step of [0, 2]) {
      test(`${c.name}${step ? " (长辈模式 特大)" : ""}: ${c.kinds.join(", ")}`, async () => {
        const ctx = await context({ step });
        try {
          const path = `${c.input.jurisdiction}/calculator/`;
          const page = await open(ctx, path);
          await page.waitForSelector(".mb-calc .mb-result", { timeout: 15000 });
          await fillCase(page, c.input);
          await page.waitForSelector(".mb-result figure.mb-pic");
          const m = await measure(page, ".mb-result");
          assert.deepEqual(m.kinds.sort(), [...c.kinds].sort(), "the golden pictures of this case");
          assert.deepEqual(m.problems, []);
          // The same numbers as the engine: each bar's parts add up to the total it names.
          const sums = await page.evaluate(() =>
            [...document.querySelectorAll(".mb-result .mb-bar")].map((b) => [
              Number(b.dataset.totalFen),
              [...b.querySelectorAll(".mb-seg")].reduce((s, r) => s + Number(r.dataset.fen), 0),
            ]),
          );
          for (const [total, sum] of sums) assert.equal(sum, total, "a bar's parts add up to its total");
          if (step === 0) {
            assert.deepEqual(await axeProblems(page, path), []);
            await page.screenshot({ path: join(screenshotDir(), `pictures-${c.name}.png`), fullPage: true });
          }
        } finally {
          await ctx.close();
        }
      });
    }
  }
});

describe("the printed household card carries the pictures on its back", () => {
  for (const c of cases.slice(0, 2)) {
    test(`${c.name}: every picture on paper, none cut off (A5 and A4)`, async () => {
      const ctx = await context();
      try {
        const page = await open(ctx, `${c.input.jurisdiction}/calculator/`);
        await page.waitForSelector(".mb-calc .mb-result", { timeout: 15000 });
        await fillCase(page, c.input);
        await page.waitForSelector(".mb-result figure.mb-pic");
        const onScreen = await page.locator(".mb-result figure.mb-pic").count();
        await page.click("[data-card]");
        await page.waitForSelector(".mb-card-preview .mbc-back");
        for (const paper of ["a5", "a4"]) {
          if (paper === "a4") {
            await page.click("[data-paper-switch]");
            await page.waitForSelector('.mb-card-preview[data-paper="a4"]');
          }
          await page.emulateMedia({ media: "print" });
          const r = await page.evaluate(() => {
            const back = document.querySelector("#mb-card-print .mbc-back");
            const box = back.getBoundingClientRect();
            const figs = [...back.querySelectorAll("figure.mb-pic")];
            const cut = figs
              .map((f) => [f.dataset.pic, f.getBoundingClientRect()])
              .filter(([, b]) => b.bottom > box.bottom + 0.5 || b.right > box.right + 0.5 || b.height < 1)
              .map(([k, b]) => `${k}: ${Math.round(b.right)}×${Math.round(b.bottom)} in ${Math.round(box.right)}×${Math.round(box.bottom)}`);
            const text = back.innerText;
            // A pattern is looked up by id in the whole page: the one a printed part uses must be
            // the printed copy's own, not the hidden preview's (which prints blank).
            const lost = [...document.querySelectorAll("#mb-card-print [fill^='url(#']")]
              .map((e) => e.getAttribute("fill").slice(5, -1))
              .filter((id) => !document.getElementById(id)?.closest("#mb-card-print"));
            return { count: figs.length, cut, text, lost: [...new Set(lost)] };
          });
          assert.equal(r.count, onScreen, `${paper}: the pictures the calculator showed`);
          assert.deepEqual(r.cut, [], `${paper}: pictures cut off by the page`);
          assert.deepEqual(r.lost, [], `${paper}: hatching that would print blank`);
          assert.match(r.text, /按\d{4}年\d{1,2}月\d{1,2}日计算/, "the back names the date computed for");
          const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
          const pages = (pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) ?? []).length;
          assert.equal(pages, paper === "a5" ? 2 : 1, `${paper}: front and back`);
          await page.emulateMedia({ media: null });
        }
      } finally {
        await ctx.close();
      }
    });
  }
});
