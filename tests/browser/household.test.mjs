// The household keeps what it computed (issue #10, items 1–3): its own 明白卡 printed on one page
// with every figure of the answer (its pictures on the back: a second A5 page, or the lower half
// of the A4 page; see pictures.test.mjs), a link that reopens the calculation in a fresh browser, and a
// form that survives a reload. No request leaves the origin during any of it.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, buildSite, launch, screenshotDir, serve } from "./harness.mjs";
import { calculatorsOf, fillCase, shownFigures } from "./fill.mjs";

const GOLDEN = join(ROOT, "tests", "golden", "calc");
let site, server, browser;
const outside = [];
const pageErrors = [];

before(async () => {
  site = buildSite();
  server = await serve(site);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
  assert.deepEqual(outside, [], "requests left the origin");
  assert.deepEqual(pageErrors, [], "errors in the page");
});

async function context() {
  const ctx = await browser.newContext({ viewport: { width: 360, height: 640 }, locale: "zh-CN", serviceWorkers: "block" });
  ctx.on("request", (r) => {
    const u = r.url();
    if (!u.startsWith(server.url) && !u.startsWith("data:") && !u.startsWith("blob:")) outside.push(u);
  });
  return ctx;
}

async function open(ctx, path) {
  const page = await ctx.newPage();
  page.on("pageerror", (e) => pageErrors.push(`${path}: ${e.message}`));
  await page.goto(path.startsWith("http") ? path : server.url + path);
  await page.waitForSelector(".mb-calc .mb-result", { timeout: 15000 });
  return page;
}

async function settle(page) {
  await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
}

/// The amounts (元) of the answer on screen: what the household reads first.
async function answerAmounts(page) {
  const text = (await page.locator(".mb-answer").allInnerTexts()).join("\n");
  return [...new Set(text.match(/\d+(?:\.\d+)?元/g) ?? [])];
}

const cases = readdirSync(GOLDEN)
  .filter((f) => f.endsWith(".case.json") && !f.startsWith("error-"))
  .sort()
  .map((f) => ({ name: f.replace(/\.case\.json$/, ""), input: JSON.parse(readFileSync(join(GOLDEN, f), "utf8")) }));

function offers(c) {
  const page = join(site, c.input.jurisdiction, "calculator", "index.html");
  if (!existsSync(page)) return false;
  const html = readFileSync(page, "utf8");
  const json = html.match(/<script type="application\/json" id="mingbai-params">([\s\S]*?)<\/script>/)[1];
  const params = JSON.parse(json);
  return calculatorsOf(c.input).every((k) => (params[k] || []).length);
}

describe("the household's own 明白卡", () => {
  for (const name of ["summary-daixian-household", "summary-baoding-household"]) {
    test(`${name}: one page (A5, and A4 with two households) holding every figure of the answer`, async () => {
      const c = cases.find((x) => x.name === name);
      const ctx = await context();
      try {
        const page = await open(ctx, `${c.input.jurisdiction}/calculator/`);
        await fillCase(page, c.input);
        await settle(page);
        const amounts = await answerAmounts(page);
        assert.ok(amounts.length >= 3, `${name}: answer amounts ${amounts}`);
        await page.click("[data-card]");
        await page.waitForSelector(".mb-card-preview .mbc-card");
        await page.emulateMedia({ media: "print" });
        const printed = await page.locator("#mb-card-print").innerText();
        for (const a of amounts) assert.ok(printed.includes(a), `${name}: ${a} not on the printed card`);
        assert.match(printed, /按\d{4}年\d{1,2}月\d{1,2}日计算/, "the date in Chinese");
        assert.doesNotMatch(printed, /\d{4}-\d{2}-\d{2}/, "no ISO date");
        assert.match(printed, /帮扶干部（手写）：姓名/);
        assert.equal(await page.locator("#mb-card-print .mbc-qr").count() >= 2, true, "QR codes to the policies");
        // Everything else on the page is left off the paper.
        assert.equal(await page.locator("main").isVisible(), false, "the page itself is not printed");
        await page.emulateMedia({ media: null });
        for (const paper of ["a5", "a4"]) {
          if (paper === "a4") {
            await page.click("[data-paper-switch]");
            await page.waitForSelector('.mb-card-preview[data-paper="a4"]');
          }
          const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
          const pages = (pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) ?? []).length;
          const size = pdf.toString("latin1").match(/\/MediaBox\s*\[([^\]]*)\]/)[1].trim().split(/\s+/).map(Number);
          writeFileSync(join(screenshotDir(), `household-card-${name}-${paper}.pdf`), pdf);
          const backs = await page.locator("#mb-card-print .mbc-back").count();
          const sides = paper === "a5" ? 1 + backs : 1;
          assert.equal(pages, sides, `${name} ${paper}: ${pages} pages, ${backs} back`);
          const want = paper === "a5" ? [420, 595] : [595, 842];
          assert.ok(Math.abs(size[2] - want[0]) < 2 && Math.abs(size[3] - want[1]) < 2, `${name} ${paper}: page ${size}`);
        }
        await page.screenshot({ path: join(screenshotDir(), `household-card-${name}.png`), fullPage: true });
      } finally {
        await ctx.close();
      }
    });
  }
});

test("a policy page's own calculator prints the card alone on the paper, styled as on the calculator page", async () => {
  const c = cases.find((x) => x.name === "daixian-medical-136-outpatient-only");
  const ctx = await context();
  try {
    const page = await open(ctx, "daixian/health-136/");
    await fillCase(page, c.input);
    await settle(page);
    await page.click("[data-card]");
    await page.waitForSelector(".mb-card-preview .mbc-card");
    await page.emulateMedia({ media: "print" });
    assert.equal(await page.locator("main").isVisible(), false, "the policy page itself is not printed");
    assert.equal(await page.locator("#mb-card-print .mbc-card").first().isVisible(), true, "the card is printed");
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    const size = pdf.toString("latin1").match(/\/MediaBox\s*\[([^\]]*)\]/)[1].trim().split(/\s+/).map(Number);
    assert.ok(Math.abs(size[2] - 420) < 2 && Math.abs(size[3] - 595) < 2, `A5 paper: ${size}`);
  } finally {
    await ctx.close();
  }
});

describe("a shared link reopens the calculation in a fresh browser", () => {
  for (const c of cases) {
    test(c.name, async (t) => {
      if (!offers(c)) {
        t.diagnostic("no calculator for this case on the site");
        return;
      }
      const a = await context();
      const b = await context();
      try {
        const page = await open(a, `${c.input.jurisdiction}/calculator/`);
        await fillCase(page, c.input);
        await settle(page);
        const figures = await shownFigures(page);
        assert.ok(Object.keys(figures).length >= 1, "figures on screen");
        await page.click("[data-share]");
        const href = await page.locator("[data-link]").getAttribute("href");
        assert.match(href, /#v1=[A-Za-z0-9_-]+$/, "versioned link in the fragment");
        assert.ok(await page.locator(".mb-link-qr svg").count(), "QR code of the link");
        const fresh = await open(b, href);
        await settle(fresh);
        assert.deepEqual(await shownFigures(fresh), figures, `${c.name}: same figures`);
        assert.equal(new URL(fresh.url()).hash, "", "the link's fragment is dropped once read");
      } finally {
        await a.close();
        await b.close();
      }
    });
  }

  test("names stay out of the link unless ticked", async () => {
    const ctx = await context();
    try {
      const c = cases.find((x) => x.name === "summary-daixian-household");
      const page = await open(ctx, "daixian/calculator/");
      await fillCase(page, c.input);
      await page.click('[data-tab="medical"]');
      await page.fill('[data-field="medical.persons[0].name"]', "王秀英");
      await settle(page);
      await page.click("[data-share]");
      const without = await page.locator("[data-link]").getAttribute("href");
      await page.check("[data-link-names]");
      await settle(page);
      const withNames = await page.locator("[data-link]").getAttribute("href");
      assert.notEqual(without, withNames);
      const b = await open(ctx, without);
      await b.click('[data-tab="medical"]');
      assert.equal(await b.inputValue('[data-field="medical.persons[0].name"]'), "");
      const n = await open(ctx, withNames);
      await n.click('[data-tab="medical"]');
      assert.equal(await n.inputValue('[data-field="medical.persons[0].name"]'), "王秀英");
    } finally {
      await ctx.close();
    }
  });

  test("a link of another version or a damaged one says why in Chinese", async () => {
    const ctx = await context();
    try {
      for (const [frag, want] of [["#v2=AAAA", /第2版/], ["#v0=AAAA", /不再使用/], ["#v1=%%%", /已损坏/]]) {
        const page = await open(ctx, `daixian/calculator/${frag}`);
        assert.match(await page.locator("[data-link-error]").innerText(), want, frag);
      }
      // An anchor of the page is not a link of ours.
      const page = await open(ctx, "daixian/calculator/#calc-medical");
      assert.equal(await page.locator("[data-link-error]").count(), 0);
    } finally {
      await ctx.close();
    }
  });
});

describe("nothing typed is lost", () => {
  test("a reload in the middle of five hospital visits keeps all five; 清空 forgets them", async () => {
    const ctx = await context();
    try {
      const page = await open(ctx, "daixian/calculator/");
      await page.click('[data-tab="medical"]');
      await page.fill('[data-field="household.size"]', "4");
      await page.fill('[data-field="medical.persons[0].age"]', "67");
      for (let i = 1; i < 5; i++) await page.click('[data-add="medical.persons[0].visits"]');
      for (let i = 0; i < 5; i++) await page.fill(`[data-field="medical.persons[0].visits[${i}].total"]`, String(1000 * (i + 1)));
      await settle(page);
      await page.reload();
      await page.waitForSelector(".mb-calc .mb-result");
      assert.equal(await page.locator('[aria-pressed="true"][data-tab]').getAttribute("data-tab"), "medical", "the tab too");
      assert.equal(await page.inputValue('[data-field="household.size"]'), "4");
      for (let i = 0; i < 5; i++) {
        assert.equal(await page.inputValue(`[data-field="medical.persons[0].visits[${i}].total"]`), String(1000 * (i + 1)), `visit ${i + 1}`);
      }
      page.once("dialog", (d) => d.accept());
      await page.click("[data-clear]");
      await settle(page);
      assert.equal(await page.inputValue('[data-field="household.size"]'), "");
      await page.reload();
      await page.waitForSelector(".mb-calc .mb-result");
      assert.equal(await page.inputValue('[data-field="household.size"]'), "");
      assert.equal(await page.locator('[data-field="medical.persons[0].visits[1].total"]').count(), 0);
    } finally {
      await ctx.close();
    }
  });
});

