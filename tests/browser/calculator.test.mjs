// The browser calculator in Debian's headless Chromium: the golden cases typed into the form give
// the figures of `mingbai calc --json`; wrong entries get a Chinese message beside the field; the
// calculator works offline after one visit; a 360×640 screenshot is saved.
//   node --test tests/browser/        (builds the site first; MINGBAI_SITE_DIR=public skips that)
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, buildSite, launch, mingbai, navigateOffline, screenshotDir, serve } from "./harness.mjs";
import { at, calculatorsOf, errId, fillCase, normalize, normalizeExpected, openTab, shownFigures } from "./fill.mjs";

const GOLDEN = join(ROOT, "tests", "golden", "calc");
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
});

async function open(path, { viewport = { width: 360, height: 640 }, context } = {}) {
  const ctx = context ?? (await browser.newContext({ viewport, locale: "zh-CN", serviceWorkers: "block" }));
  const page = await ctx.newPage();
  page.on("pageerror", (e) => pageErrors.push(`${path}: ${e.message}`));
  await page.goto(server.url + path);
  await page.waitForSelector(".mb-calc .mb-result", { timeout: 15000 });
  return { page, ctx };
}

/// Waits until the form's last change has been rendered (Yew renders in a microtask after the
/// event; two animation frames are past it).
async function settle(page) {
  await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
}

const cases = readdirSync(GOLDEN)
  .filter((f) => f.endsWith(".case.json"))
  .sort()
  .map((f) => ({ name: f.replace(/\.case\.json$/, ""), file: join(GOLDEN, f), input: JSON.parse(readFileSync(join(GOLDEN, f), "utf8")) }));

describe("golden cases typed into the calculator give the figures of `mingbai calc --json`", () => {
  for (const c of cases) {
    test(c.name, async (t) => {
      const page_path = `${c.input.jurisdiction}/calculator/`;
      if (!existsSync(join(site, page_path, "index.html"))) {
        // No calculator page: the jurisdiction has no parameters; the CLI must say so too.
        const r = mingbai(["calc", c.file, "--json"]);
        assert.notEqual(r.status, 0, `${c.name}: the CLI computes a case the site offers no calculator for`);
        t.diagnostic(`no calculator page for ${c.input.jurisdiction}: CLI refuses too`);
        return;
      }
      const { page, ctx } = await open(page_path);
      try {
        // A calculator the jurisdiction does not offer has no form on its page; the CLI must refuse.
        const offered = await page.evaluate(() => JSON.parse(document.getElementById("mingbai-params").textContent));
        const missing = ["medical", "relocation", "education", "dibao"].filter((k) => c.input[k] && !(offered[k] || []).length);
        if (missing.length) {
          const r = mingbai(["calc", c.file, "--json"]);
          assert.notEqual(r.status, 0, `${c.name}: the CLI computes ${missing} that ${c.input.jurisdiction} does not offer`);
          t.diagnostic(`${c.input.jurisdiction} offers no ${missing}: no form on the page, CLI refuses too`);
          return;
        }
        await fillCase(page, c.input);
        await settle(page);
        const r = mingbai(["calc", c.file, "--json"]);
        if (r.status !== 0) {
          // An error case: the engine's message must stand beside the field it names.
          const line = r.stderr.trim().split("\n").pop();
          const rest = line.slice(line.indexOf(".case.json: ") + ".case.json: ".length);
          const field = rest.slice(0, rest.indexOf(": "));
          const zh = rest.slice(field.length + 2, rest.lastIndexOf("（"));
          const target = /(^|\.)as_of$/.test(field) ? "as_of" : field;
          const err = page.locator(`#${errId(target)}`);
          await err.waitFor({ timeout: 5000 });
          assert.equal((await err.textContent()).trim(), zh, `${c.name}: message beside ${target}`);
          assert.ok(await page.locator(".mb-result").isVisible(), "the result box stays on screen");
          return;
        }
        const expected = JSON.parse(r.stdout);
        const shown = await shownFigures(page);
        const errors = await page.locator(".mb-err").allTextContents();
        assert.deepEqual(errors, [], `${c.name}: the form shows errors`);
        const paths = Object.keys(shown);
        assert.ok(paths.length >= 1, `${c.name}: no figures on screen`);
        for (const path of paths) {
          const want = at(expected, path);
          assert.notEqual(want, undefined, `${c.name}: ${path} is on screen but not in the CLI's JSON`);
          assert.equal(normalize(shown[path]), normalizeExpected(want, path), `${c.name}: ${path} shows “${shown[path]}”, CLI says ${want}`);
        }
        // The headline figures of each calculator in the case are among them.
        const calcs = calculatorsOf(c.input);
        const headline = { medical: "medical.persons[0].fund_total", relocation: "relocation.paid_now", education: "education.grants_total", dibao: "dibao.per_capita_income" };
        for (const k of calcs) assert.ok(paths.includes(headline[k]), `${c.name}: ${headline[k]} not shown`);
        // Totals are shown per period (一次性 / 每年 / 每月), never one sum across periods.
        if (calcs.length > 1) assert.ok(["totals.one_time", "totals.yearly", "totals.monthly"].some((p) => paths.includes(p)), `${c.name}: household totals not shown`);
        assert.ok(!paths.includes("totals.received"), `${c.name}: a total summed across periods is shown`);
        // Every result explains itself.
        assert.ok((await page.locator("details.mb-why").count()) >= 1, "no 为什么是这个数");
        t.diagnostic(`${paths.length} figures compared`);
      } finally {
        await ctx.close();
      }
    });
  }
});

/// The form opens empty (issue #11): types the worked example the form used to open with, a
/// 3-person 建档立卡 household, one person of 45 with a 12000-yuan county hospital stay.
async function fillWorkedExample(page) {
  await page.fill('[data-field="household.size"]', "3");
  await page.selectOption('[data-field="household.category"]', "jiandang");
  await page.fill('[data-field="medical.persons[0].age"]', "45");
  await page.selectOption('[data-field="medical.persons[0].visits[0].level"]', "county");
  await page.fill('[data-field="medical.persons[0].visits[0].total"]', "12000");
  await page.fill('[data-field="medical.persons[0].visits[0].compliant"]', "10000");
  await settle(page);
}

describe("the trace", () => {
  test("each step shows its numbers, status badges, 示例 for assumptions and a link to the card", async () => {
    const { page, ctx } = await open("daixian/calculator/");
    try {
      await openTab(page, "medical");
      await fillWorkedExample(page);
      const why = page.locator("details.mb-why").first();
      await why.locator("summary").click();
      const steps = why.locator(".mb-steps > li");
      assert.ok((await steps.count()) >= 3, "fewer than 3 steps");
      assert.match(await steps.first().locator(".mb-step-text").textContent(), /\d/);
      const badges = await why.locator(".mb-badge").allTextContents();
      assert.ok(badges.length > 0, "no status badges");
      for (const b of badges) assert.ok(["种子报告", "公开报道", "国家规定", "省级规定", "示例"].includes(b), `badge ${b}`);
      if (badges.includes("示例")) {
        assert.match(await page.locator(".mb-result").innerText(), /示例参数，以当地最新文件为准/);
      }
      const links = await why.locator("a").evaluateAll((as) => as.map((a) => a.href));
      assert.ok(links.length > 0, "no link to a policy card");
      for (const href of new Set(links)) {
        const res = await page.request.get(href);
        assert.equal(res.status(), 200, `card link ${href}`);
      }
    } finally {
      await ctx.close();
    }
  });
});

describe("wrong entries", () => {
  const total = "medical.persons[0].visits[0].total";
  const wrong = [
    ["abc", /不是金额/],
    ["-500", /不能是负数/],
    ["12.345", /最多两位小数/],
    ["200000000", /超过1亿元/],
    ["99999999999999", /过大/],
  ];
  test("get a Chinese message beside the field, and the page stays whole", async () => {
    const { page, ctx } = await open("daixian/calculator/");
    try {
      await openTab(page, "medical");
      await fillWorkedExample(page);
      // Emptied, a field is not a mistake: no red mark, one line saying what is left to fill.
      await page.fill(`[data-field="${total}"]`, "");
      await settle(page);
      assert.equal(await page.locator(`[data-field="${total}"]`).getAttribute("aria-invalid"), null);
      assert.match(await page.locator(".mb-result").innerText(), /填好总费用就能算/);
      for (const [text, message] of wrong) {
        await page.fill(`[data-field="${total}"]`, text);
        await settle(page);
        const input = page.locator(`[data-field="${total}"]`);
        assert.equal(await input.getAttribute("aria-invalid"), "true", `“${text}”: not marked invalid`);
        const errId = (await input.getAttribute("aria-describedby")).split(" ").pop();
        const msg = await page.locator(`#${errId}`).textContent();
        assert.match(msg, message, `“${text}”: message “${msg}”`);
        assert.ok(await page.locator(".mb-result").isVisible(), `“${text}”: result box gone`);
        assert.match(await page.locator(".mb-result").innerText(), /请先改正/);
      }
      // Letters in a count, a date before every parameter range, an impossible age. (A date after
      // the last range computes with the last known parameters and says so: not an error.)
      await page.fill(`[data-field="${total}"]`, "12000");
      await page.fill('[data-field="household.size"]', "三");
      await settle(page);
      assert.match(await page.locator("#mb-household-size-err").textContent(), /整数/);
      await page.fill('[data-field="household.size"]', "3");
      await page.locator("details.mb-exact-date summary").click(); // 指定具体日期
      await page.fill('[data-field="as_of"]', "2010-06-01");
      await page.fill(`[data-field="medical.persons[0].visits[0].date"]`, "2010-05-01");
      await settle(page);
      assert.match(await page.locator("#mb-as_of-err").textContent(), /早于.*有效期/);
      await page.fill('[data-field="as_of"]', "2019-06-01");
      await page.fill(`[data-field="medical.persons[0].visits[0].date"]`, "2019-05-01");
      await page.fill('[data-field="medical.persons[0].age"]', "200");
      await settle(page);
      assert.match(await page.locator("#mb-medical-persons-0-age-err").textContent(), /0到120之间/);
      // Put right, the result comes back.
      await page.fill('[data-field="medical.persons[0].age"]', "60");
      await settle(page);
      assert.equal(await page.locator(".mb-err").count(), 0);
      assert.match(await page.locator('[data-out="medical.persons[0].fund_total"]').textContent(), /元$/);
      assert.deepEqual(pageErrors, []);
    } finally {
      await ctx.close();
    }
  });
});

describe("phone screen", () => {
  test("360×640: no sideways scrolling, every input labelled, screenshot saved", async () => {
    const { page, ctx } = await open("daixian/calculator/");
    try {
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `page scrolls sideways by ${overflow}px`);
      const unlabelled = await page.locator(".mb-calc input, .mb-calc select").evaluateAll((els) =>
        els.filter((e) => !(e.labels && e.labels.length) && !e.getAttribute("aria-label")).map((e) => e.dataset.field),
      );
      assert.deepEqual(unlabelled, []);
      const small = await page.locator(".mb-calc input[type=text], .mb-calc select, .mb-calc button").evaluateAll((els) =>
        els.filter((e) => e.getBoundingClientRect().height < 44).map((e) => e.dataset.field || e.textContent),
      );
      assert.deepEqual(small, [], "controls smaller than 44px");
      const dir = screenshotDir();
      await page.locator("#calculator").scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(dir, "calculator-360x640.png") });
      await page.locator(".mb-result").scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(dir, "calculator-result-360x640.png") });
      // Keyboard: Tab reaches the first field of the calculator.
      await page.locator('[data-field="household.size"]').focus();
      await page.keyboard.press("Tab");
      const focused = await page.evaluate(() => document.activeElement?.dataset?.field);
      assert.equal(focused, "household.category");
    } finally {
      await ctx.close();
    }
  });
});

describe("offline", () => {
  test("after one visit the calculator page reloads and computes without a network", async () => {
    const ctx = await browser.newContext({ viewport: { width: 360, height: 640 } });
    try {
      const page = await ctx.newPage();
      page.on("pageerror", (e) => pageErrors.push(`offline: ${e.message}`));
      const path = "baoding/calculator/";
      await page.goto(server.url + path);
      await page.waitForSelector(".mb-calc .mb-result");
      // The worker is installed and has cached the page and the calculator.
      await page.waitForFunction(async () => {
        const reg = await navigator.serviceWorker.getRegistration();
        // Activated and controlling this page (clients.claim() has run), not merely installed.
        if (reg?.active?.state !== "activated" || !navigator.serviceWorker.controller) return false;
        const cache = await caches.open((await caches.keys()).find((k) => k.startsWith("mingbai-")) ?? "none");
        return !!(await cache.match(location.href)) && !!(await cache.match(new URL("../../calc/mingbai_web_bg.wasm", location.href).href));
      }, null, { timeout: 15000 });
      await ctx.setOffline(true);
      const before = server.requests.length;
      await navigateOffline(page, () => page.reload(), ".mb-calc .mb-result");
      await page.waitForSelector(".mb-calc .mb-result", { timeout: 15000 });
      await openTab(page, "dibao");
      await page.fill('[data-field="dibao.annual_income"]', "6000");
      await page.fill('[data-field="household.size"]', "3");
      await page.selectOption('[data-field="household.category"]', "dibao");
      await page.locator("details.mb-exact-date summary").click(); // 指定具体日期
      await page.fill('[data-field="as_of"]', "2016-06-01");
      await settle(page);
      assert.equal(await page.locator('[data-out="dibao.per_capita_income"]').textContent(), "2000元");
      assert.equal(server.requests.length, before, "requests reached the server while offline");
    } finally {
      await ctx.close();
    }
  });
});

describe("never a blank box", () => {
  test("the module cannot load: a Chinese message where the calculator would be", async () => {
    const ctx = await browser.newContext({ serviceWorkers: "block" });
    try {
      const page = await ctx.newPage();
      await page.route("**/mingbai_web_bg.wasm", (r) => r.abort());
      await page.goto(server.url + "daixian/calculator/");
      await page.waitForSelector("#calculator .mb-fail", { timeout: 15000 });
      assert.match(await page.locator("#calculator .mb-fail").textContent(), /计算器出错/);
      // The page's own text (headings, links to the policies) is still there.
      assert.ok(await page.locator("#calculator h2").isVisible());
    } finally {
      await ctx.close();
    }
  });

  test("broken parameters on the page: the reason, not an empty box", async () => {
    const ctx = await browser.newContext({ serviceWorkers: "block" });
    try {
      const page = await ctx.newPage();
      await page.route("**/daixian/calculator/", async (r) => {
        const res = await r.fetch();
        const html = (await res.text()).replace(/(<script type="application\/json" id="mingbai-params">)[\s\S]*?(<\/script>)/, '$1{"id":"daixian","name":"代县","medical":[{"from":"2019-01-01"}]}$2');
        await r.fulfill({ response: res, body: html, headers: { ...res.headers(), "content-encoding": "identity" } });
      });
      await page.goto(server.url + "daixian/calculator/");
      await page.waitForSelector("#calculator .mb-fail", { timeout: 15000 });
      assert.match(await page.locator("#calculator .mb-fail").textContent(), /计算器无法使用：计算参数无法读取：参数\.medical\[0\]\.params：缺少/);
    } finally {
      await ctx.close();
    }
  });
});

describe("without JavaScript", () => {
  test("the calculator page explains itself and shows worked examples from the engine", async () => {
    const ctx = await browser.newContext({ viewport: { width: 360, height: 640 }, javaScriptEnabled: false });
    try {
      const page = await ctx.newPage();
      await page.goto(server.url + "daixian/calculator/");
      const text = await page.locator("main").innerText();
      assert.match(text, /计算器需要开启 JavaScript/);
      assert.match(text, /算例/);
      // Seed worked example B2: the 136 fund pays the part above the 3000 市级 cap.
      assert.match(text, /92693\.90元/);
      // The reasons are plain sentences (amounts in 元) inside a closed 为什么是这个数.
      assert.match(await page.locator("main").textContent(), /超出部分 2200元 由兜底资金支付/);
      assert.equal(await page.locator(".mb-calc").count(), 0, "no calculator UI without JavaScript");
    } finally {
      await ctx.close();
    }
  });
});
