// 长辈模式 (工信部《互联网网站适老化通用设计规范》) and being found from anywhere, as a 67-year-old on a
// 360×640 phone meets them: the switch persists across pages and reloads, main text reaches 30 px,
// targets are ≥ 44 px (≥ 60 px in 长辈模式) measured in the page, no page scrolls sideways in either
// mode, search finds the calculators and the county's own cards first, the favicon is served.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { buildSite, launch, serve, screenshotDir } from "./harness.mjs";
import { join, relative } from "node:path";
import { readFileSync, readdirSync, statSync } from "node:fs";

let site, server, browser;

before(async () => {
  site = buildSite();
  server = await serve(site);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const VIEW = { viewport: { width: 360, height: 640 } };

/// A context where the site's base path (/mingbai/ in content/_site.toml) maps to the test server's
/// root, so the 404 page (root-relative links) is tested as deployed.
async function context(step = 0) {
  const ctx = await browser.newContext(VIEW);
  await ctx.route(/\/mingbai\//, (route) => route.continue({ url: route.request().url().replace("/mingbai/", "/") }));
  if (step) await ctx.addInitScript((s) => localStorage.setItem("mingbai-elder", String(s)), step);
  return ctx;
}

/// One page of each type (print sheets excepted).
const PAGES = [
  "",
  "daixian/",
  "category/banqian/",
  "daixian/relocation-subsidy/",
  "daixian/calculator/",
  "zhenba/calculator/",
  "search/?q=%E6%90%AC%E8%BF%81%E8%A1%A5%E5%8A%A9",
  "404.html",
];

async function open(ctx, path) {
  const page = await ctx.newPage();
  await page.goto(server.url + path);
  if (await page.locator("#calculator").count()) await page.waitForSelector(".mb-calc .mb-result", { timeout: 20000 });
  if (path.startsWith("search/")) await page.waitForSelector(".search-hit", { timeout: 10000 });
  return page;
}

// Targets: navigation, buttons, inputs, card and list links. Links inside running text are exempt.
const TARGETS = [
  "header a", "header button", ".crumbs a", ".tiles a", ".card h3 a", ".card-meta a", ".actions a",
  "a.button", "button", "input:not([type=checkbox]):not([type=radio]):not([type=hidden])", "select",
  "summary", ".search-hit h3 a", ".plain-list a", ".facts a[href^='tel:']", ".mb-check",
].join(", ");

function measure(page) {
  return page.evaluate((sel) => {
    const small = [];
    for (const e of document.querySelectorAll(sel)) {
      if (e.closest(".skip, [hidden]") || e.classList.contains("skip")) continue;
      const r = e.getBoundingClientRect();
      if (!r.width && !r.height) continue; // not shown (closed <details>, display: none)
      small.push({ what: `${e.tagName.toLowerCase()}.${e.className} "${(e.textContent || e.value || "").trim().slice(0, 12)}"`, w: Math.round(r.width), h: Math.round(r.height) });
    }
    // Running text: the body of a card, else the lead paragraph, else any plain paragraph.
    const p = document.querySelector("main .prose p, main .lead, main p:not(.meta):not(.badges):not(.card-meta)");
    const cs = getComputedStyle(p);
    return {
      targets: small,
      scroll: document.documentElement.scrollWidth,
      inner: window.innerWidth,
      font: parseFloat(cs.fontSize),
      lineHeight: parseFloat(cs.lineHeight),
      paraGap: parseFloat(cs.marginBottom),
    };
  }, TARGETS);
}

for (const [step, min, label] of [[0, 44, "标准"], [1, 60, "长辈模式 大"], [2, 60, "长辈模式 特大"]]) {
  test(`${label}: targets ≥ ${min} px, no sideways scroll, line and paragraph spacing`, async (t) => {
    const ctx = await context(step);
    const problems = [];
    try {
      for (const path of PAGES) {
        const page = await open(ctx, path);
        const m = await measure(page);
        if (m.scroll > m.inner) problems.push(`${path}: scrolls sideways (${m.scroll} > ${m.inner})`);
        for (const x of m.targets) if (x.w < min || x.h < min) problems.push(`${path}: ${x.what} ${x.w}×${x.h}`);
        if (m.lineHeight / m.font < 1.3) problems.push(`${path}: line height ${m.lineHeight}/${m.font}`);
        if ((m.lineHeight + m.paraGap) / m.lineHeight < 1.3) problems.push(`${path}: paragraph spacing ${m.paraGap} at line ${m.lineHeight}`);
        const smallest = Math.min(...m.targets.map((x) => Math.min(x.w, x.h)));
        t.diagnostic(`${path || "home"}: text ${m.font}px, line ${m.lineHeight}px, ${m.targets.length} targets, smallest ${smallest}px, width ${m.scroll}`);
        if (step === 2 && (path === "" || path === "daixian/calculator/")) {
          await page.screenshot({ path: join(screenshotDir(), `elders-${step}-${path.replace(/\W+/g, "_") || "home"}.png`) });
        }
        await page.close();
      }
    } finally {
      await ctx.close();
    }
    assert.deepEqual(problems.slice(0, 40), []);
  });
}

/// Every page of the site but the print sheets, as paths from the root.
function allPages(dir = site, out = []) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      if (name !== "print" && name !== "calc") allPages(p, out);
    } else if (name === "index.html" || name === "404.html") {
      // A county's address of a national policy only moves on to the national page (alias.html).
      if (readFileSync(p, "utf8").includes('http-equiv="refresh"')) continue;
      out.push(relative(site, p).replace(/index\.html$/, ""));
    }
  }
  return out.sort();
}

test("no page of the site scrolls sideways at 360 px, in 标准 or 特大", async (t) => {
  const list = allPages();
  assert.ok(list.length > 50, `only ${list.length} pages`);
  const problems = [];
  for (const step of [0, 2]) {
    const ctx = await context(step);
    const page = await ctx.newPage();
    try {
      for (const path of list) {
        await page.goto(server.url + path);
        if (await page.locator("#calculator").count()) await page.waitForSelector(".mb-calc .mb-result", { timeout: 20000 });
        const [w, inner] = await page.evaluate(() => [document.documentElement.scrollWidth, innerWidth]);
        if (w > inner) problems.push(`${path} (step ${step}): ${w} > ${inner}`);
      }
    } finally {
      await ctx.close();
    }
  }
  t.diagnostic(`${list.length} pages × 2 modes`);
  assert.deepEqual(problems, []);
});

test("a long calculator result row (the 渐退 row) wraps inside 360 px in both modes", async () => {
  for (const step of [0, 2]) {
    const ctx = await context(step);
    try {
      const page = await open(ctx, "zhenba/calculator/");
      // The row as the calculator writes it (crates/mingbai-web view.rs `line`), longest case.
      const w = await page.evaluate(() => {
        const ul = document.createElement("ul");
        ul.className = "mb-lines";
        ul.innerHTML = "<li><span>渐退期</span><span>2020年1月至2020年12月，共12个月</span></li>" +
          "<li><span>渐退期按哪年的参数</span><span>2019年1月1日起（渐退开始时已确定）</span></li>";
        document.querySelector(".mb-calc .mb-result").appendChild(ul);
        return document.documentElement.scrollWidth;
      });
      assert.ok(w <= 360, `step ${step}: ${w}`);
    } finally {
      await ctx.close();
    }
  }
});

test("main text is at least 30 px at the largest step (特大)", async () => {
  const ctx = await context(2);
  try {
    for (const path of ["", "daixian/relocation-subsidy/", "daixian/calculator/"]) {
      const page = await open(ctx, path);
      const sizes = await page.evaluate(() => ({
        body: parseFloat(getComputedStyle(document.body).fontSize),
        p: parseFloat(getComputedStyle(document.querySelector("main p:not(.meta):not(.note)")).fontSize),
        calc: document.querySelector(".mb-calc") ? parseFloat(getComputedStyle(document.querySelector(".mb-calc")).fontSize) : 30,
      }));
      assert.ok(sizes.body >= 30 && sizes.p >= 30 && sizes.calc >= 30, `${path}: ${JSON.stringify(sizes)}`);
      await page.close();
    }
  } finally {
    await ctx.close();
  }
});

test("长辈模式 switched on one page stays on across pages and after a reload, by keyboard too", async () => {
  const ctx = await context();
  try {
    const page = await ctx.newPage();
    await page.goto(server.url);
    const toggle = page.locator("#elder-toggle");
    assert.equal(await toggle.getAttribute("aria-pressed"), "false");
    // Keyboard: Tab from the skip link and the brand reaches the switch; Enter presses it.
    await toggle.focus();
    await page.keyboard.press("Enter");
    assert.equal(await toggle.getAttribute("aria-pressed"), "true");
    assert.ok(await page.evaluate(() => document.documentElement.classList.contains("elder")));
    const normal = 18;
    const big = await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
    assert.ok(big >= 24 && big > normal, `大: ${big}px`);
    await page.locator('[data-step="2"]').click();
    await page.goto(server.url + "daixian/");
    assert.equal(await page.locator("#elder-toggle").getAttribute("aria-pressed"), "true");
    assert.equal(await page.locator('[data-step="2"]').getAttribute("aria-pressed"), "true");
    await page.reload();
    // Set before the first paint: the class is on <html> as soon as the body starts.
    assert.ok(await page.evaluate(() => document.documentElement.classList.contains("elder-xl")));
    assert.ok((await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize))) >= 30);
    await page.locator("#elder-toggle").click();
    await page.goto(server.url + "search/");
    assert.equal(await page.locator("#elder-toggle").getAttribute("aria-pressed"), "false");
    assert.ok(!(await page.evaluate(() => document.documentElement.classList.contains("elder"))));
  } finally {
    await ctx.close();
  }
});

test("without JavaScript the switch is not shown (it could do nothing)", async () => {
  const ctx = await browser.newContext({ ...VIEW, javaScriptEnabled: false });
  try {
    const page = await ctx.newPage();
    await page.goto(server.url + "daixian/");
    assert.ok(!(await page.locator("#elder-bar").isVisible()));
    assert.ok(await page.locator(".calc-entry a.button").isVisible());
  } finally {
    await ctx.close();
  }
});

async function hits(page, q) {
  await page.goto(server.url + "search/?q=" + encodeURIComponent(q));
  await page.waitForSelector(".search-hit, .search-status");
  return page.$$eval(".search-hit h3 a", (as) => as.map((a) => new URL(a.href).pathname.replace(/^\//, "")));
}

test("search finds the calculators and ranks the county of the page first", async () => {
  const ctx = await context();
  try {
    const page = await ctx.newPage();
    // No county yet: 住院报销 and 计算器 lead with calculators, 看病 lists one.
    let urls = await hits(page, "住院报销");
    assert.match(urls[0], /\/calculator\/$/, urls.join(" "));
    urls = await hits(page, "计算器");
    assert.ok(urls.length >= 3 && urls.slice(0, 3).every((u) => u.endsWith("/calculator/")), urls.join(" "));
    urls = await hits(page, "看病");
    assert.ok(urls.slice(0, 8).some((u) => u.endsWith("/calculator/")), urls.join(" "));
    // After a 代县 page: 代县's calculator and its 易地扶贫搬迁建房补助 card come first.
    await page.goto(server.url + "daixian/");
    urls = await hits(page, "搬迁补助");
    assert.deepEqual(urls.slice(0, 2).sort(), ["daixian/calculator/", "daixian/relocation-subsidy/"], urls.join(" "));
    urls = await hits(page, "住院报销");
    assert.equal(urls[0], "daixian/calculator/");
    // Chosen on the search page: 镇巴县 first.
    await page.selectOption("#county", "镇巴县");
    await page.waitForFunction(() => document.querySelector(".search-hit a")?.href.includes("zhenba/"));
    // With JavaScript, "no results" does not ask for JavaScript.
    await page.fill("#q", "住房公积金贷款利率");
    await page.press("#q", "Enter");
    await page.waitForSelector(".search-status");
    const shown = await page.evaluate(() => document.querySelector("main").innerText);
    assert.match(shown, /没有找到/);
    assert.doesNotMatch(shown, /JavaScript/);
  } finally {
    await ctx.close();
  }
});

test("the home page, county pages and calculator cards lead to the calculator", async () => {
  const ctx = await context();
  try {
    const page = await ctx.newPage();
    await page.goto(server.url);
    const entry = page.locator(".calc-entry a.button").first();
    assert.match(await page.locator(".calc-entry h2").innerText(), /算一算我能领多少/);
    assert.ok((await entry.boundingBox()).y < 640 * 1.5, "the entry is near the top of the home page");
    await page.goto(server.url + "daixian/");
    const box = await page.locator(".calc-entry a.button").boundingBox();
    assert.ok(box.y < 640, `代县's calculator link at y=${box.y}, within the first screen`);
    await page.locator(".calc-entry a.button").click();
    await page.waitForURL(/daixian\/calculator\/$/);
    await page.goto(server.url + "daixian/relocation-subsidy/");
    assert.ok((await page.locator(".calc-entry a.button").boundingBox()).y < 640);
  } finally {
    await ctx.close();
  }
});

test("favicon is served and linked; a figure's source opens on tap", async () => {
  const ctx = await context();
  try {
    const page = await ctx.newPage();
    const failed = [];
    page.on("response", (r) => { if (r.status() >= 400) failed.push(r.url()); });
    await page.goto(server.url + "daixian/relocation-subsidy/");
    const icon = await page.getAttribute('link[rel="icon"]', "href");
    const res = await page.request.get(new URL(icon, page.url()).href);
    assert.equal(res.status(), 200);
    assert.ok((await res.body()).length > 100);
    const src = page.locator(".figures details.src").first();
    assert.ok(!(await src.locator(".src-text").isVisible()));
    await src.locator("summary").tap().catch(() => src.locator("summary").click());
    assert.ok(await src.locator(".src-text").isVisible());
    assert.match(await src.locator(".src-text").innerText(), /^出处：/);
    await page.waitForTimeout(300);
    assert.deepEqual(failed, []);
  } finally {
    await ctx.close();
  }
});
