// The 404 page where the site does not live at the root of its host: served by `mingbai serve`
// (with a base_url path of its own, not the usual /mingbai/, so that a prefix written into the
// template would show) and by the test server under /mingbai/. Its links lead to real pages and it
// is plain Chinese, at 360×640.
//   node --test tests/browser/notfound.test.mjs   (builds the site first; MINGBAI_SITE_DIR=public skips that)
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildSite, launch, mingbai, ROOT, screenshotDir, serve } from "./harness.mjs";

let browser;
const pageErrors = [];

before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
  assert.deepEqual(pageErrors, [], "errors in the page");
});

/// Opens a missing address, checks the page, follows every link; returns the hrefs.
async function checkNotFound(origin, base, name) {
  const ctx = await browser.newContext({ viewport: { width: 360, height: 640 }, locale: "zh-CN", serviceWorkers: "block" });
  try {
    const page = await ctx.newPage();
    page.on("pageerror", (e) => pageErrors.push(`${name}: ${e.message}`));
    const res = await page.goto(`${origin}${base}no/such/page/here`);
    assert.equal(res.status(), 404);
    assert.equal(await page.locator("h1").textContent(), "页面不存在");
    const main = await page.locator("main").innerText();
    // Plain Chinese: no Latin words, code paths or ISO dates on the page.
    assert.doesNotMatch(main, /[A-Za-z]{2,}|\d{4}-\d{2}-\d{2}|\/|\.html/, main);
    const hrefs = await page.$$eval("main a[href]", (as) => as.map((a) => a.getAttribute("href")));
    assert.ok(hrefs.length >= 3, `links: ${hrefs}`);
    for (const href of hrefs) assert.ok(href.startsWith(base), `${href} is outside ${base}`);
    if (base !== "/mingbai/") assert.ok(hrefs.every((h) => !h.includes("/mingbai/")), "a hard-coded /mingbai/");
    const wide = await page.evaluate(() => document.documentElement.scrollWidth > innerWidth);
    assert.equal(wide, false, "sideways scroll on the 404 page");
    await page.screenshot({ path: join(screenshotDir(), `404-${name}-360x640.png`) });
    // The page's own style sheet and scripts load from the deep address.
    const styled = await page.evaluate(() => [...document.styleSheets].some((s) => s.cssRules.length > 0));
    assert.ok(styled, "the 404 page is unstyled at a deep address");
    for (const href of hrefs) {
      const r = await page.goto(new URL(href, page.url()).href);
      assert.equal(r.status(), 200, href);
      assert.ok((await page.locator("h1").count()) > 0, href);
      await page.goBack();
    }
    // The first link is the home page.
    await page.click("main a >> nth=0");
    assert.equal(new URL(page.url()).pathname, base);
    return hrefs;
  } finally {
    await ctx.close();
  }
}

async function freePort() {
  const s = createServer();
  await new Promise((ok) => s.listen(0, "127.0.0.1", ok));
  const { port } = s.address();
  await new Promise((ok) => s.close(ok));
  return port;
}

describe("404 under a base_url path", () => {
  test("served by the test server under /mingbai/", async () => {
    const server = await serve(buildSite(), { base: "/mingbai/" });
    try {
      await checkNotFound(server.url.replace(/\/mingbai\/$/, ""), "/mingbai/", "harness");
    } finally {
      await server.close();
    }
  });

  test("served by mingbai serve with another base_url path", async () => {
    buildSite(); // the calculator in site/static/calc/, as `mingbai serve` copies it
    mingbai(["--help"]); // builds the command line
    const tmp = mkdtempSync(join(tmpdir(), "mingbai-404-"));
    const content = join(tmp, "content");
    cpSync(join(ROOT, "content"), content, { recursive: true });
    const siteToml = join(content, "_site.toml");
    const toml = readFileSync(siteToml, "utf8");
    assert.match(toml, /^base_url = "https:\/\/example\.org\/mingbai\/"$/m);
    writeFileSync(siteToml, toml.replace(/^base_url = .*$/m, 'base_url = "https://example.org/ming/bai-preview/"'));
    const port = await freePort();
    const bin = join(process.env.CARGO_TARGET_DIR || join(ROOT, "target"), "debug", "mingbai");
    const child = spawn(bin, ["serve", "--content", content, "--site", join(ROOT, "site"), "--out", join(tmp, "out"), "--port", String(port)], {
      cwd: ROOT,
      stdio: ["ignore", "ignore", "pipe"],
    });
    let log = "";
    child.stderr.on("data", (d) => (log += d));
    try {
      for (let i = 0; !/serving /.test(log); i++) {
        if (i > 600 || child.exitCode !== null) throw new Error(`mingbai serve did not start:\n${log}`);
        await new Promise((ok) => setTimeout(ok, 500));
      }
      const hrefs = await checkNotFound(`http://127.0.0.1:${port}`, "/ming/bai-preview/", "serve");
      assert.ok(hrefs.includes("/ming/bai-preview/search/"), hrefs.join(" "));
    } finally {
      child.kill();
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
