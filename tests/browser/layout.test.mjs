// Layout at 360×640 in 标准, 长辈模式 大 and 特大: no page of each type (home, a county, a card,
// a calculator with a result on screen, search, both print sheets) scrolls sideways; no amount is
// broken from its 元 (the digits and the unit on one line, measured with a Range in the page); and
// the header stays usable at the largest step (every control inside the screen and on top where
// it is drawn, so a tap reaches it).
//   node --test tests/browser/layout.test.mjs   (builds the site first; MINGBAI_SITE_DIR=public skips that)
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { buildSite, launch, screenshotDir, serve } from "./harness.mjs";

let server, browser;

before(async () => {
  server = await serve(buildSite());
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const PAGES = [
  "",
  "daixian/",
  "daixian/relocation-subsidy/",
  "zhenba/dibao-taper/",
  "daixian/calculator/",
  "zhenba/calculator/",
  "search/?q=%E4%BD%8F%E9%99%A2%E6%8A%A5%E9%94%80",
  "daixian/print/a6/",
  "daixian/print/a4/",
];
const STEPS = [[0, "标准"], [1, "大"], [2, "特大"]];

async function open(step, path) {
  const ctx = await browser.newContext({ viewport: { width: 360, height: 640 }, locale: "zh-CN", serviceWorkers: "block" });
  if (step) await ctx.addInitScript((s) => localStorage.setItem("mingbai-elder", String(s)), step);
  const page = await ctx.newPage();
  await page.goto(server.url + path);
  if (await page.locator("#calculator").count()) {
    await page.waitForSelector(".mb-calc .mb-result", { timeout: 20000 });
    // A result on screen: the long rows (渐退, totals) are what could push the page wide.
    const f = (p) => `[data-field="${p}"]`;
    const has = async (p) => (await page.locator(f(p)).count()) > 0;
    await page.fill(f("household.size"), "4");
    if (await page.locator('[data-tab="dibao"]').count()) await page.click('[data-tab="dibao"]');
    else if (await page.locator('[data-tab="medical"]').count()) await page.click('[data-tab="medical"]');
    if (await has("dibao.annual_income")) {
      // 镇巴: a 渐退 family, the longest rows.
      await page.selectOption(f("household.category"), "dibao");
      await page.fill(f("dibao.annual_income"), "20000");
      await page.check(f("dibao.tapering"));
      await page.fill(f("dibao.taper.stopped_month"), "2019-02");
      await page.fill(f("dibao.taper.previous_annual_income"), "8000");
    } else if (await has("medical.persons[0].age")) {
      // 代县: a large hospital bill, five- and six-figure amounts.
      await page.selectOption(f("household.category"), "jiandang");
      await page.fill(f("medical.persons[0].age"), "67");
      await page.selectOption(f("medical.persons[0].visits[0].level"), "city");
      await page.fill(f("medical.persons[0].visits[0].total"), "123456.78");
      await page.fill(f("medical.persons[0].visits[0].compliant"), "100000");
    } else if (await has("relocation.cost")) {
      await page.selectOption(f("household.category"), "jiandang");
      await page.fill(f("relocation.area_m2"), "100");
      await page.fill(f("relocation.cost"), "150000");
    }
    await page.waitForSelector(".mb-result [data-out]", { timeout: 20000 }).catch(() => undefined);
  }
  if (path.startsWith("search/")) await page.waitForSelector(".search-hit", { timeout: 10000 });
  return { page, ctx };
}

/// Amounts (digits, then 元 or 万元) whose characters are drawn on more than one line.
function brokenAmounts(page) {
  return page.evaluate(() => {
    const broken = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const re = /\d[\d,.]*万?元/g;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const el = node.parentElement;
      if (!el || el.closest("[hidden], script, style, details:not([open]) > :not(summary)")) continue;
      for (const m of node.data.matchAll(re)) {
        const r = document.createRange();
        r.setStart(node, m.index);
        r.setEnd(node, m.index + m[0].length);
        const tops = new Set([...r.getClientRects()].filter((x) => x.width > 0).map((x) => Math.round(x.top)));
        if (tops.size > 1) broken.push(m[0]);
      }
    }
    return broken;
  });
}

for (const [step, label] of STEPS) {
  test(`${label}: no sideways scroll, no amount broken from its 元`, async (t) => {
    const problems = [];
    for (const path of PAGES) {
      const { page, ctx } = await open(step, path);
      try {
        const [w, inner] = await page.evaluate(() => [document.documentElement.scrollWidth, innerWidth]);
        if (w > inner) problems.push(`${path || "home"}: scrolls sideways (${w} > ${inner})`);
        const broken = await brokenAmounts(page);
        if (broken.length) problems.push(`${path || "home"}: amounts broken across lines: ${broken.slice(0, 5).join("、")}`);
        t.diagnostic(`${path || "home"}: width ${w}`);
      } finally {
        await ctx.close();
      }
    }
    assert.deepEqual(problems, []);
  });
}

test("the header is usable at 特大 on a 360 px phone", async () => {
  for (const path of ["", "daixian/calculator/"]) {
    const { page, ctx } = await open(2, path);
    try {
      await page.evaluate(() => scrollTo(0, 0));
      const controls = await page.evaluate(() =>
        [...document.querySelectorAll(".site-header a, .site-header button")]
          .filter((e) => !e.closest("[hidden]"))
          .map((e) => {
            const r = e.getBoundingClientRect();
            const x = r.left + r.width / 2;
            const y = r.top + r.height / 2;
            const hit = document.elementFromPoint(x, y);
            return {
              what: e.textContent.trim(),
              hit: hit ? `${hit.tagName}.${hit.className} ${(hit.textContent || "").trim().slice(0, 20)}` : "nothing",
              left: r.left,
              right: r.right,
              w: r.width,
              h: r.height,
              reachable: !!hit && (hit === e || e.contains(hit)),
            };
          }),
      );
      assert.ok(controls.length >= 5, `${controls.length} header controls`);
      for (const c of controls) {
        assert.ok(c.left >= 0 && c.right <= 360, `${path}: 「${c.what}」 outside the screen (${c.left}–${c.right})`);
        assert.ok(c.w >= 60 && c.h >= 60, `${path}: 「${c.what}」 ${c.w}×${c.h}`);
        assert.ok(c.reachable, `${path}: 「${c.what}」 is covered by ${c.hit}`);
      }
      const header = await page.evaluate(() => document.querySelector(".site-header").getBoundingClientRect().height);
      await page.screenshot({ path: join(screenshotDir(), `layout-header-xl-${path.replace(/\W+/g, "_") || "home"}.png`) });
      // The header may wrap, but the page's heading still starts on the first screen.
      const h1 = await page.evaluate(() => document.querySelector("h1").getBoundingClientRect().top);
      assert.ok(h1 < 640, `${path}: header ${header} px, the heading starts at ${h1} px`);
    } finally {
      await ctx.close();
    }
  }
});
