// The calculator's form as a 67-year-old meets it, in headless Chromium at 360×640: it opens
// empty and shows no result until filled; typing into a field gives what was typed (not appended
// to a sample value); amounts as people write them (1.2万) are read; one date (a visit added is
// dated in the chosen year, a visit in another year is explained in words); the household size
// fills the number of people moving; a loading line while the module arrives; and, offline, a
// page not visited yet shows the site's offline page instead of the browser's error.
//   node --test tests/browser/form.test.mjs   (builds the site first; MINGBAI_SITE_DIR=public skips that)
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { buildSite, launch, navigateOffline, screenshotDir, serve } from "./harness.mjs";
import { openTab } from "./fill.mjs";

let site, server, browser;
const pageErrors = [];
const f = (path) => `[data-field="${path}"]`;

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

async function open(path, options = {}) {
  const ctx = await browser.newContext({ viewport: { width: 360, height: 640 }, locale: "zh-CN", serviceWorkers: "block", ...options });
  const page = await ctx.newPage();
  page.on("pageerror", (e) => pageErrors.push(`${path}: ${e.message}`));
  await page.goto(server.url + path);
  await page.waitForSelector(".mb-calc .mb-result", { timeout: 20000 });
  return { page, ctx };
}

async function settle(page) {
  await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
}

describe("an empty, honest form", () => {
  test("opens empty, shows no result, and says what is left to fill", async () => {
    const { page, ctx } = await open("daixian/calculator/");
    try {
      await openTab(page, "medical");
      assert.equal(await page.inputValue(f("household.size")), "");
      assert.equal(await page.inputValue(f("medical.persons[0].age")), "");
      assert.equal(await page.inputValue(f("medical.persons[0].visits[0].total")), "");
      assert.equal(await page.getAttribute(f("medical.persons[0].age"), "placeholder"), "如 67");
      assert.equal(await page.locator(".mb-result [data-out]").count(), 0, "a result on an empty form");
      assert.equal(await page.locator(".mb-form .mb-err").count(), 0, "red messages on an empty form");
      const left = await page.locator(".mb-result [data-left]").textContent();
      assert.match(left, /^填好.*家庭人口.*就能算。$/);
      await page.screenshot({ path: join(screenshotDir(), "form-empty-360x640.png") });
    } finally {
      await ctx.close();
    }
  });

  test("typing 67 into the empty age field gives 67; −1 is said to be negative", async () => {
    const { page, ctx } = await open("daixian/calculator/");
    try {
      await openTab(page, "medical");
      const age = page.locator(f("medical.persons[0].age"));
      await age.click();
      await age.pressSequentially("67");
      await settle(page);
      assert.equal(await age.inputValue(), "67");
      await age.fill("-1");
      await settle(page);
      assert.match(await page.locator("#mb-medical-persons-0-age-err").textContent(), /年龄不能是负数/);
    } finally {
      await ctx.close();
    }
  });

  test("1.2万, full-width digits and 元 are read as amounts", async () => {
    const { page, ctx } = await open("baoding/calculator/");
    try {
      await openTab(page, "dibao");
      await page.selectOption(f("as_of_year"), "2016");
      await page.fill(f("household.size"), "3");
      await page.selectOption(f("household.category"), "dibao");
      for (const typed of ["0.6万", "６０００", "6000元", "6,000"]) {
        await page.fill(f("dibao.annual_income"), typed);
        await settle(page);
        assert.equal(await page.locator('[data-out="dibao.per_capita_income"]').textContent(), "2000元", typed);
      }
    } finally {
      await ctx.close();
    }
  });

  test("the household size fills the number of people moving, unless it was typed", async () => {
    const { page, ctx } = await open("daixian/calculator/");
    try {
      await openTab(page, "relocation");
      await page.fill(f("household.size"), "4");
      await settle(page);
      assert.equal(await page.inputValue(f("relocation.jiandang_members")), "4");
      await page.fill(f("relocation.jiandang_members"), "2");
      await page.fill(f("household.size"), "5");
      await settle(page);
      assert.equal(await page.inputValue(f("relocation.jiandang_members")), "2");
    } finally {
      await ctx.close();
    }
  });
});

describe("one date", () => {
  test("a visit added is dated in the chosen year; another year is explained in words", async () => {
    const { page, ctx } = await open("daixian/calculator/");
    try {
      await openTab(page, "medical");
      await page.selectOption(f("as_of_year"), "2020");
      await settle(page);
      assert.equal(await page.locator(`${f("as_of_year")} option:checked`).textContent(), "2020年");
      assert.equal(await page.locator("details.mb-exact-date").getAttribute("open"), null, "the exact date is tucked away");
      await page.click('[data-add="medical.persons[0].visits"]');
      await settle(page);
      assert.match(await page.inputValue(f("medical.persons[0].visits[1].date")), /^2020-/);
      await page.fill(f("medical.persons[0].visits[1].date"), "2019-05-01");
      await settle(page);
      const msg = await page.locator("#mb-medical-persons-0-visits-1-date-err").textContent();
      assert.equal(msg, "这次看病的日期不在您选的2020年里，请改成2020年的日期");
      assert.doesNotMatch(await page.locator("#calculator").textContent(), /不在2020年度内|\d{4}-\d{2}-\d{2}至/);
      await page.screenshot({ path: join(screenshotDir(), "form-year-360x640.png") });
    } finally {
      await ctx.close();
    }
  });

  test("changing the year moves the visit dates the form set, not the ones typed", async () => {
    const { page, ctx } = await open("daixian/calculator/");
    try {
      await openTab(page, "medical");
      await page.selectOption(f("as_of_year"), "2020");
      await settle(page);
      await page.click('[data-add="medical.persons[0].visits"]');
      await settle(page);
      await page.fill(f("medical.persons[0].visits[1].date"), "2020-03-04");
      await page.selectOption(f("as_of_year"), "2019");
      await settle(page);
      assert.equal(await page.inputValue(f("medical.persons[0].visits[0].date")), "2019-12-31", "defaulted: moved");
      assert.equal(await page.inputValue(f("medical.persons[0].visits[1].date")), "2020-03-04", "typed: kept");
      await page.locator("details.mb-exact-date summary").click();
      assert.equal(await page.inputValue(f("as_of")), "2019-12-31");
      await page.fill(f("as_of"), "2018-05-01");
      await settle(page);
      assert.equal(await page.inputValue(f("as_of_year")), "2018", "an exact date sets the year");
    } finally {
      await ctx.close();
    }
  });
});

describe("one month for a 渐退 family", () => {
  test("a 镇巴 family in its 渐退 months picks a 2020 month and hears the months left", async () => {
    const { page, ctx } = await open("zhenba/calculator/");
    try {
      await openTab(page, "dibao");
      assert.equal(await page.locator(f("as_of_month")).count(), 0, "no month picker before 渐退 is ticked");
      await page.fill(f("household.size"), "4");
      await page.selectOption(f("household.category"), "dibao");
      await page.check(f("household.has_disabled_member"));
      await page.fill(f("dibao.annual_income"), "20000");
      await page.check(f("dibao.tapering"));
      await settle(page);
      await page.fill(f("dibao.taper.stopped_month"), "2019-02");
      await page.fill(f("dibao.taper.previous_annual_income"), "8000");
      await page.selectOption(f("as_of_year"), "2020");
      await settle(page);
      const answer = () => page.locator(".mb-result .mb-answer").first().textContent();
      // Stopped in 2019年2月, 18 months (a disabled member): paid 2019年3月 to 2020年8月.
      await page.selectOption(f("as_of_month"), "03");
      await settle(page);
      assert.equal(await page.locator(`${f("as_of_month")} option:checked`).textContent(), "2020年3月");
      assert.match(await answer(), /您家在渐退期，还能领6个月，每月533\.33元，一共3199\.98元。/);
      await page.locator(f("as_of_month")).scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(screenshotDir(), "form-taper-month-360x640.png") });
      await page.selectOption(f("as_of_month"), "08");
      await settle(page);
      assert.match(await answer(), /还能领1个月/);
      await page.selectOption(f("as_of_month"), "09");
      await settle(page);
      assert.match(await answer(), /渐退期已在2020年8月结束/);
      assert.doesNotMatch(await page.locator("#calculator").textContent(), /\d{4}-\d{2}-\d{2}/);
      const wide = await page.evaluate(() => document.documentElement.scrollWidth > innerWidth);
      assert.equal(wide, false, "sideways scroll with the month picker");
    } finally {
      await ctx.close();
    }
  });
});

describe("the answer first", () => {
  test("the medical result leads with what the household pays, in one sentence, above the table", async () => {
    const { page, ctx } = await open("daixian/calculator/");
    try {
      await openTab(page, "medical");
      await page.fill(f("household.size"), "3");
      await page.selectOption(f("household.category"), "jiandang");
      await page.fill(f("medical.persons[0].age"), "67");
      await page.selectOption(f("medical.persons[0].visits[0].level"), "city");
      await page.fill(f("medical.persons[0].visits[0].total"), "12000");
      await page.fill(f("medical.persons[0].visits[0].compliant"), "10000");
      await page.waitForSelector(".mb-result [data-out]");
      const first = page.locator(".mb-result .mb-answer-now").first();
      assert.match(await first.textContent(), /^今年看病您自己一共付\d+(\.\d+)?元（医保和救助报销\d+(\.\d+)?元）。?$/);
      const above = await page.evaluate(() => {
        const a = document.querySelector(".mb-result .mb-answer-now").getBoundingClientRect().top;
        const t = document.querySelector(".mb-result [data-out]").getBoundingClientRect().top;
        return a < t;
      });
      assert.ok(above, "the sentence comes before the figures");
    } finally {
      await ctx.close();
    }
  });
});

describe("slow networks", () => {
  test("a loading line while the module arrives, and no link back to the same page", async () => {
    const ctx = await browser.newContext({ viewport: { width: 360, height: 640 }, serviceWorkers: "block" });
    try {
      const page = await ctx.newPage();
      page.on("pageerror", (e) => pageErrors.push(`loading: ${e.message}`));
      let release;
      const held = new Promise((ok) => (release = ok));
      await page.route("**/mingbai_web_bg.wasm", async (route) => {
        await held;
        await route.continue();
      });
      await page.goto(server.url + "daixian/calculator/");
      const loading = page.locator("#calculator .mb-loading");
      await loading.waitFor({ timeout: 20000 });
      assert.equal(await loading.textContent(), "计算器正在加载…");
      const selfLinks = await page.evaluate(() =>
        [...document.querySelectorAll("#calculator a[href]")].filter((a) => !a.hidden && a.href.split("#")[0] === location.href.split("#")[0]).length,
      );
      assert.equal(selfLinks, 0, "a visible link to this same page while loading");
      release();
      await page.waitForSelector(".mb-calc .mb-result", { timeout: 20000 });
      assert.equal(await loading.count(), 0);
    } finally {
      await ctx.close();
    }
  });

  test("offline, a page not visited yet shows the site's offline page", async () => {
    const ctx = await browser.newContext({ viewport: { width: 360, height: 640 } });
    try {
      const page = await ctx.newPage();
      page.on("pageerror", (e) => pageErrors.push(`offline: ${e.message}`));
      await page.goto(server.url + "baoding/calculator/");
      await page.waitForSelector(".mb-calc .mb-result", { timeout: 20000 });
      await page.waitForFunction(async () => {
        const reg = await navigator.serviceWorker.getRegistration();
        if (reg?.active?.state !== "activated" || !navigator.serviceWorker.controller) return false;
        const cache = await caches.open((await caches.keys()).find((k) => k.startsWith("mingbai-")) ?? "none");
        return !!(await cache.match(new URL("../../offline.html", location.href).href));
      }, null, { timeout: 20000 });
      await ctx.setOffline(true);
      await navigateOffline(page, () => page.goto(server.url + "zhenba/"), "h1");
      assert.match(await page.locator("h1").textContent(), /现在没有网络/);
      await page.screenshot({ path: join(screenshotDir(), "offline-360x640.png") });
    } finally {
      await ctx.close();
    }
  });
});
