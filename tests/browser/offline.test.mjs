// Offline after one visit, at 360×640: a policy card read once comes back without a network, its
// 长辈模式 switch and 朗读 button still working (their scripts, the style sheet and the icon are
// kept by the service worker at install); a page not visited yet shows the site's offline page.
// speechSynthesis is stubbed: `speak` records what it is handed.
//   node --test tests/browser/offline.test.mjs   (builds the site first; MINGBAI_SITE_DIR=public skips that)
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { buildSite, launch, navigateOffline, screenshotDir, serve } from "./harness.mjs";

let server, browser;
const pageErrors = [];

// Served under base_url's path, as deployed: the offline page stands in at any depth, so its
// links, style sheet and scripts are addressed from that path.
before(async () => {
  server = await serve(buildSite(), { base: "/mingbai/" });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
  assert.deepEqual(pageErrors, [], "errors in the page");
});

const CARD = "zhenba/dibao-taper/";

describe("offline after one visit", () => {
  test("a visited card keeps 长辈模式 and 朗读; an unvisited page shows the offline page", async () => {
    const ctx = await browser.newContext({ viewport: { width: 360, height: 640 }, locale: "zh-CN" });
    await ctx.addInitScript(() => {
      window.__spoken = [];
      const stub = {
        getVoices: () => [{ lang: "zh-CN", name: "中文" }],
        speak(u) {
          window.__spoken.push({ text: u.text, lang: u.lang });
        },
        cancel() {},
        addEventListener() {},
        removeEventListener() {},
      };
      Object.defineProperty(window, "speechSynthesis", { value: stub, configurable: true });
      window.SpeechSynthesisUtterance = class {
        constructor(text) {
          this.text = text;
        }
      };
    });
    try {
      const page = await ctx.newPage();
      page.on("pageerror", (e) => pageErrors.push(`offline: ${e.message}`));
      await page.goto(server.url + CARD);
      const spoken = await page.getAttribute("main button.speak", "data-speak");
      assert.ok(spoken && spoken.length > 20, "the card has a 朗读 text");
      // One visit: the worker is active, controls the page, and has kept the page and its shell.
      await page.waitForFunction(
        async (shell) => {
          const reg = await navigator.serviceWorker.getRegistration();
          if (reg?.active?.state !== "activated" || !navigator.serviceWorker.controller) return false;
          const key = (await caches.keys()).find((k) => k.startsWith("mingbai-"));
          if (!key) return false;
          const cache = await caches.open(key);
          const root = new URL("../../", location.href);
          for (const p of shell) if (!(await cache.match(new URL(p, root).href))) return false;
          return !!(await cache.match(location.href));
        },
        ["offline.html", "elder.js", "speak.js", "favicon.ico", "css/site.css"],
        { timeout: 30000, polling: 250 },
      );
      await ctx.setOffline(true);
      const before = server.requests.length;

      await navigateOffline(page, () => page.goto(server.url + CARD), "main button.speak");
      assert.equal(await page.getAttribute("main button.speak", "data-speak"), spoken, "the card came back");
      await page.click("#elder-toggle");
      assert.equal(await page.getAttribute("#elder-toggle", "aria-pressed"), "true");
      assert.ok(await page.evaluate(() => document.documentElement.classList.contains("elder")), "长辈模式 on");
      await page.click('#elder-bar [data-step="2"]');
      const size = await page.evaluate(() => parseFloat(getComputedStyle(document.querySelector("main p")).fontSize));
      assert.ok(size >= 30, `特大 main text ${size}px offline`);
      const styled = await page.evaluate(() => getComputedStyle(document.querySelector(".site-header")).display !== "inline");
      assert.ok(styled, "the style sheet came from the cache");
      await page.click("main button.speak");
      const said = await page.evaluate(() => window.__spoken);
      assert.deepEqual(said, [{ text: spoken, lang: "zh-CN" }]);
      await page.screenshot({ path: join(screenshotDir(), "offline-card-elder-360x640.png") });

      // A page never visited: the site's own offline page, in 长辈模式 still, not the browser's error.
      await navigateOffline(page, () => page.goto(server.url + "baoding/"), "h1");
      assert.equal(await page.locator("h1").textContent(), "现在没有网络");
      assert.ok(await page.evaluate(() => document.documentElement.classList.contains("elder-xl")), "长辈模式 remembered");
      const home = await page.getAttribute("main a >> nth=0", "href");
      assert.equal(new URL(home, page.url()).href, server.url, "the offline page links home");
      assert.equal(server.requests.length, before, "requests reached the server while offline");
    } finally {
      await ctx.close();
    }
  });
});
