// 朗读: the button under a calculator result and on a policy card hands the engine's listening text
// to `speechSynthesis` (stubbed here: `speak` records the utterance's text and lang), a second press
// stops, and a phone without a Chinese voice is told so in words. Nothing is fetched for it.
//   node --test tests/browser/speak.test.mjs
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, buildSite, launch, screenshotDir, serve } from "./harness.mjs";
import { fillCase } from "./fill.mjs";

const GOLDEN = join(ROOT, "tests", "golden", "calc");
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

/// A page whose speechSynthesis is a recorder; `voices` is what getVoices() answers.
async function open(path, voices) {
  const ctx = await browser.newContext({ viewport: { width: 360, height: 640 }, locale: "zh-CN", serviceWorkers: "block" });
  await ctx.addInitScript((voices) => {
    window.__spoken = [];
    window.__cancelled = 0;
    const stub = {
      speaking: false,
      getVoices: () => voices,
      speak(u) {
        window.__spoken.push({ text: u.text, lang: u.lang });
      },
      cancel() {
        window.__cancelled += 1;
      },
      addEventListener() {},
      removeEventListener() {},
    };
    Object.defineProperty(window, "speechSynthesis", { value: stub, configurable: true });
    window.SpeechSynthesisUtterance = class {
      constructor(text) {
        this.text = text;
      }
    };
  }, voices);
  const page = await ctx.newPage();
  const requests = [];
  page.on("request", (r) => requests.push(r.url()));
  await page.goto(server.url + path);
  return { page, ctx, requests };
}

const ZH = [{ lang: "zh-CN", name: "中文" }];

/// The text the golden file says is spoken for a case.
function golden(name) {
  const text = readFileSync(join(GOLDEN, `${name}.spoken.txt`), "utf8");
  return text.slice(text.indexOf("朗读：\n") + "朗读：\n".length).trim();
}

describe("朗读", () => {
  for (const name of ["zhenba-dibao-taper-12", "daixian-medical-serious-bands-poor"]) {
    test(`a calculator result speaks the golden text of ${name}`, async () => {
      const input = JSON.parse(readFileSync(join(GOLDEN, `${name}.case.json`), "utf8"));
      const { page, ctx, requests } = await open(`${input.jurisdiction}/calculator/`, ZH);
      try {
        await page.waitForSelector(".mb-calc .mb-result", { timeout: 15000 });
        await fillCase(page, input);
        await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
        // The reasons name figures in Chinese: no parameter code path, even inside closed details.
        const text = await page.locator(".mb-result").textContent();
        assert.doesNotMatch(text, /\b(medical|relocation|education|dibao)\.[a-z_]/, "a code path on the page");
        assert.match(text, /为什么是这个数/);
        const button = page.locator(".mb-result button.mb-speak").first();
        const before = requests.length;
        await button.click();
        const spoken = await page.evaluate(() => window.__spoken);
        assert.deepEqual(spoken, [{ text: golden(name), lang: "zh-CN" }]);
        assert.equal((await button.textContent()).trim(), "停止朗读");
        await button.click();
        assert.equal(await page.evaluate(() => window.__cancelled), 1, "a second press stops");
        assert.equal((await button.textContent()).trim(), "朗读");
        assert.equal(requests.length, before, "speaking fetched something");
        await page.locator(".mb-result details.mb-why").first().evaluate((d) => (d.open = true));
        await page.locator(".mb-result").scrollIntoViewIfNeeded();
        await page.screenshot({ path: join(screenshotDir(), `speak-${name}.png`) });
        await page.locator(".mb-result details.mb-why").first().scrollIntoViewIfNeeded();
        await page.screenshot({ path: join(screenshotDir(), `speak-${name}-why.png`) });
      } finally {
        await ctx.close();
      }
    });
  }

  test("a policy card speaks its text, with amounts in words and no symbols", async () => {
    const { page, ctx } = await open("daixian/health-136/", ZH);
    try {
      const button = page.locator(".speak-row button.speak");
      const want = await button.getAttribute("data-speak");
      assert.ok(want.length > 10, "no text to speak");
      assert.doesNotMatch(want, /[¥×()（）%]/, "symbols in the spoken text");
      await button.click();
      assert.deepEqual(await page.evaluate(() => window.__spoken), [{ text: want, lang: "zh-CN" }]);
    } finally {
      await ctx.close();
    }
  });

  test("without a Chinese voice the button says so and nothing is spoken", async () => {
    const { page, ctx } = await open("daixian/calculator/", [{ lang: "en-US", name: "English" }]);
    try {
      await page.waitForSelector("button[data-speak]");
      const button = page.locator("button[data-speak]").first();
      await button.click();
      await page.waitForFunction((b) => b.textContent.includes("这部手机没有中文朗读语音"), await button.elementHandle());
      assert.deepEqual(await page.evaluate(() => window.__spoken), []);
    } finally {
      await ctx.close();
    }
  });
});
