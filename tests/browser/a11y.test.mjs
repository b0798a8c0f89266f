// axe-core on the calculator (compact and full) and on policy card pages: no serious or critical
// violations. axe is injected with the page's CSP bypassed (the site itself allows no inline script).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { buildSite, launch, serve } from "./harness.mjs";

const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
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

/// A policy page of each jurisdiction that carries a calculator, and one that does not.
function pages() {
  const list = [];
  for (const j of readdirSync(site)) {
    if (existsSync(join(site, j, "calculator", "index.html"))) list.push(`${j}/calculator/`);
  }
  // A county's address of a national policy is a short page that moves on to the one national
  // page (alias.html): it is left out here, the national page itself is checked.
  const card = (f) => existsSync(f) && !readFileSync(f, "utf8").includes('http-equiv="refresh"');
  for (const j of ["daixian", "baoding", "zhenba", "quanguo"]) {
    const dir = join(site, j);
    if (!existsSync(dir)) continue;
    const withCalc = readdirSync(dir).filter((d) => {
      const f = join(dir, d, "index.html");
      return d !== "calculator" && card(f) && readFileSync(f, "utf8").includes('id="calculator"');
    });
    if (withCalc.length) list.push(`${j}/${withCalc[0]}/`);
    const plain = readdirSync(dir).filter((d) => {
      const f = join(dir, d, "index.html");
      return card(f) && !readFileSync(f, "utf8").includes('id="calculator"');
    });
    if (plain.length) list.push(`${j}/${plain[0]}/`);
  }
  return list;
}

/// axe on `list` with 长辈模式 at `step` (0 off, 2 特大): no serious or critical violation.
async function axeClean(t, list, step) {
  const ctx = await browser.newContext({ bypassCSP: true, viewport: { width: 360, height: 640 } });
  if (step) await ctx.addInitScript((s) => localStorage.setItem("mingbai-elder", String(s)), step);
  try {
    const problems = [];
    for (const path of list) {
      const page = await ctx.newPage();
      await page.goto(server.url + path);
      if (await page.locator("#calculator").count()) {
        await page.waitForSelector(".mb-calc .mb-result", { timeout: 15000 });
        // The reasons open, so their content is checked too.
        for (const d of await page.locator("details.mb-why").all()) await d.locator("summary").click();
      }
      await page.addScriptTag({ content: AXE });
      const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
      const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
      for (const v of bad) problems.push(`${path}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
      const minor = result.violations.length - bad.length;
      t.diagnostic(`${path || "home"}${step ? " (长辈模式)" : ""}: ${bad.length} serious/critical, ${minor} minor/moderate`);
      await page.close();
    }
    assert.deepEqual(problems, []);
  } finally {
    await ctx.close();
  }
}

test("no serious or critical axe violations on calculator and card pages", async (t) => {
  const list = pages();
  assert.ok(list.length >= 4, `only ${list.length} pages found`);
  await axeClean(t, list, 0);
});

test("no serious or critical axe violations in 长辈模式 (特大), and on the other page types in both modes", async (t) => {
  const others = ["", "daixian/", "category/banqian/", "search/?q=%E6%90%AC%E8%BF%81%E8%A1%A5%E5%8A%A9"];
  await axeClean(t, others, 0);
  await axeClean(t, [...pages(), ...others], 2);
});
