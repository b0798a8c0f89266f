// One vocabulary in the browser (issue #9): the calculator's form choices, its result lines, the
// printed household card and the roster page use the words declared once in mingbai-calc, read
// here from tests/golden/vocabulary.json (which crates/mingbai-cli/tests/vocabulary.rs keeps equal
// to the declaration). The Rust surfaces (CLI text and trace, roster CSV, site pages) are checked
// there against the same file.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, buildSite, launch, serve } from "./harness.mjs";
import { fillCase, openTab } from "./fill.mjs";

const VOCAB = JSON.parse(readFileSync(join(ROOT, "tests", "golden", "vocabulary.json"), "utf8"));
const CASE = JSON.parse(readFileSync(join(ROOT, "tests", "golden", "calc", "summary-daixian-household.case.json"), "utf8"));
// Spellings surfaces once gave the same thing (the Rust test holds the same list).
const RETIRED = ["建档立卡户（脱贫户）", "边缘户/监测户", "边缘户（监测户）", "乡镇级", "乡镇（一级）医院", "乡镇卫生院（一级）", "现已可领", "低保月额", "低保年额", "个人自付封顶", "看病个人负担", "家庭还需自筹", "渐退期还可领", "本学年补助合计"];
const L = VOCAB.Line;
// The figures of the household's result, by the name every surface gives them.
const HOUSEHOLD_LINES = [L.reimbursed, L.patient_pays, L.housing_now, L.education_grants, L.education_loans, L.one_time];

let server, browser;
before(async () => {
  server = await serve(buildSite());
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function open(path) {
  const ctx = await browser.newContext({ viewport: { width: 360, height: 640 }, locale: "zh-CN", serviceWorkers: "block" });
  const page = await ctx.newPage();
  await page.goto(server.url + path);
  return { page, ctx };
}

const settle = (page) => page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));

function noRetired(where, text) {
  for (const old of RETIRED) assert.ok(!text.includes(old), `${where} says “${old}”`);
}

describe("the calculator speaks the declared vocabulary", () => {
  test("form choices, result lines and the printed household card", async () => {
    const { page, ctx } = await open("daixian/calculator/");
    try {
      await page.waitForSelector(".mb-calc .mb-result", { timeout: 15000 });
      // Each choice of a closed set shows the declared name of its key (each tab's form in turn).
      const sets = { category: "Category", level: "Level", kind: "VisitKind", scheme: "Scheme", mode: "Mode", stage: "Stage" };
      const options = [];
      for (const tab of ["medical", "relocation", "education"]) {
        await openTab(page, tab);
        await settle(page);
        options.push(
          ...(await page.evaluate(() =>
            [...document.querySelectorAll("select[data-field]")].map((s) => ({
              field: s.dataset.field,
              options: [...s.options].filter((o) => o.value).map((o) => [o.value, o.textContent.trim()]),
            })),
          )),
        );
      }
      let checked = 0;
      for (const { field, options: opts } of options) {
        const set = sets[field.split(".").pop()];
        if (!set) continue;
        for (const [key, text] of opts) {
          assert.equal(text, VOCAB[set][key], `${field}: option ${key}`);
          checked++;
        }
      }
      assert.ok(checked >= 25, `only ${checked} choices checked`);
      await fillCase(page, CASE);
      await settle(page);
      // The result lines are the declared lines.
      const result = await page.locator(".mb-result").innerText();
      for (const w of HOUSEHOLD_LINES) assert.ok(result.includes(w), `the result does not say “${w}”`);
      for (const w of [L.medical_total, L.basic, L.serious, L.assistance, L.household_pays]) assert.ok(result.includes(w), `the result does not say “${w}”`);
      noRetired("the result", result);
      // The printed card names each part as the calculator's tabs do.
      await page.click("[data-card]");
      await page.waitForSelector(".mb-card-preview .mbc-card");
      const card = await page.locator(".mb-card-preview").innerText();
      for (const k of ["medical", "relocation", "education"]) assert.ok(card.includes(VOCAB.Calculator[k]), `the card does not say “${VOCAB.Calculator[k]}”`);
      assert.ok(card.includes(VOCAB.Stage.undergraduate), "the card names the child's stage");
      noRetired("the printed card", card);
    } finally {
      await ctx.close();
    }
  });

  test("the roster page's table and its result CSV name the figures with the declared lines", async () => {
    const { page, ctx } = await open("roster/");
    try {
      await page.waitForFunction(() => !document.getElementById("roster-file").disabled, null, { timeout: 20000 });
      await page.setInputFiles("#roster-file", join(ROOT, "examples", "roster", "roster.csv"));
      await page.waitForFunction(() => document.getElementById("roster-table").dataset.rows, null, { timeout: 30000 });
      const table = await page.locator("#roster-table").innerText();
      for (const w of [L.reimbursed, L.patient_pays, L.housing_now, L.dibao_monthly]) assert.ok(table.includes(w), `the roster table does not say “${w}”`);
      noRetired("the roster table", table);
      const [d] = await Promise.all([page.waitForEvent("download"), page.click("#roster-download")]);
      const header = readFileSync(await d.path(), "utf8").replace(/^\uFEFF/, "").split(/\r?\n/)[0].split(",");
      const lines = new Set(Object.values(L));
      const figures = header.slice(header.indexOf("计算日期") + 1, header.indexOf("是否含示例参数"));
      assert.ok(figures.length >= 10, `figure columns: ${figures}`);
      for (const h of figures) assert.ok(lines.has(h), `roster column “${h}” is not a declared line`);
    } finally {
      await ctx.close();
    }
  });
});
