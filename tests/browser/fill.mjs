// Drives the calculator's form like a person would: from a case (the engine's Case JSON, as in
// tests/golden/calc/*.case.json) to typed text, picked options and ticked boxes.

const CALCS = ["medical", "relocation", "education", "dibao"];

export function calculatorsOf(c) {
  return CALCS.filter((k) => c[k] !== undefined);
}

const field = (path) => `[data-field="${path}"]`;
const str = (v) => (v === undefined || v === null ? "" : String(v));

async function type(page, path, value) {
  await page.fill(field(path), str(value));
}
async function pick(page, path, value) {
  await page.selectOption(field(path), str(value));
}
async function tick(page, path, on) {
  await page.setChecked(field(path), !!on);
}
/// The relocation form offers a reward condition (and 整村搬迁) only where one of the county's
/// rewards names it; a case may still state one, which then changes no figure (the comparison
/// with `mingbai calc --json` shows it if it did).
async function tickIfOffered(page, path, on) {
  if (await page.locator(field(path)).count()) await tick(page, path, on);
}

/// Makes the list at `path` (e.g. `medical.persons`) hold `n` items, with its add/remove buttons.
async function resize(page, path, n) {
  for (;;) {
    const have = await page.locator(`[data-field^="${path}["][data-field$="].name"], [data-field^="${path}["][data-field$="].date"]`).evaluateAll(
      (els, base) => new Set(els.map((e) => e.dataset.field.slice(base.length).match(/^\[(\d+)\]/)?.[1])).size,
      path,
    );
    if (have === n) return;
    if (have < n) await page.click(`[data-add="${path}"]`);
    else await page.click(`[data-remove="${path}[${have - 1}]"]`);
  }
}

export async function openTab(page, key) {
  const tab = page.locator(`[data-tab="${key}"]`);
  if (await tab.count()) await tab.click();
}

/// Fills the form with `c`. With one calculator in the case, its tab is opened; with several, the
/// household summary with exactly those ticked.
export async function fillCase(page, c) {
  const calcs = calculatorsOf(c);
  // The household picks a year (computed as of its last day); a case's exact date is typed in
  // the 指定具体日期 box, which the year choice then follows.
  const year = str(c.as_of).slice(0, 4);
  if (await page.locator(`${field("as_of_year")} option[value="${year}"]`).count()) await pick(page, "as_of_year", year);
  await page.evaluate(() => document.querySelectorAll("details.mb-exact-date").forEach((d) => (d.open = true)));
  await type(page, "as_of", c.as_of);
  const h = c.household;
  await type(page, "household.size", h.size);
  await pick(page, "household.category", h.category);
  await tick(page, "household.has_disabled_member", h.has_disabled_member);

  if (c.medical) {
    await openTab(page, "medical");
    // Asked only where a medical rule is for a pilot county; any other place is “其他地方”.
    const place = page.locator(field("household.place"));
    if (await place.count()) {
      const options = await place.locator("option").evaluateAll((os) => os.map((o) => o.value));
      await pick(page, "household.place", options.includes(h.place) ? h.place : "");
    }
    const persons = c.medical.persons;
    await resize(page, "medical.persons", persons.length);
    for (const [i, p] of persons.entries()) {
      const at = `medical.persons[${i}]`;
      await type(page, `${at}.name`, p.name ?? "");
      await type(page, `${at}.age`, p.age);
      await pick(page, `${at}.category`, p.category ?? "");
      await resize(page, `${at}.visits`, p.visits.length);
      for (const [j, v] of p.visits.entries()) {
        const vt = `${at}.visits[${j}]`;
        await type(page, `${vt}.date`, v.date);
        await pick(page, `${vt}.kind`, v.kind);
        await pick(page, `${vt}.level`, v.level);
        await type(page, `${vt}.total`, v.total);
        await type(page, `${vt}.compliant`, v.compliant);
        await tick(page, `${vt}.out_of_county`, v.in_county === false);
      }
    }
  }
  if (c.relocation) {
    const r = c.relocation;
    await openTab(page, "relocation");
    await pick(page, "relocation.scheme", r.scheme);
    if (r.scheme !== "renovation") {
      await pick(page, "relocation.mode", r.mode ?? "centralized");
      await type(page, "relocation.jiandang_members", r.jiandang_members ?? 0);
      await type(page, "relocation.tongbu_members", r.tongbu_members ?? 0);
      await tickIfOffered(page, "relocation.whole_village", r.whole_village ?? false);
      for (const k of ["agreements", "demolition", "reclamation", "vacate"]) {
        await tickIfOffered(page, `relocation.conditions_met.${k}`, (r.conditions_met ?? []).includes(k));
      }
    }
    await type(page, "relocation.area_m2", r.area_m2 ?? "");
    await type(page, "relocation.cost", r.cost ?? "");
  }
  if (c.education) {
    await openTab(page, "education");
    const children = c.education.children;
    await resize(page, "education.children", children.length);
    for (const [i, k] of children.entries()) {
      const at = `education.children[${i}]`;
      await type(page, `${at}.name`, k.name ?? "");
      await pick(page, `${at}.stage`, k.stage);
      await type(page, `${at}.year`, k.year ?? 1);
      await type(page, `${at}.tuition_and_lodging`, k.tuition_and_lodging ?? "");
      await tick(page, `${at}.boarding`, k.boarding);
      await tick(page, `${at}.key_university`, k.key_university);
    }
  }
  if (c.dibao) {
    const d = c.dibao;
    await openTab(page, "dibao");
    await type(page, "dibao.annual_income", d.annual_income);
    await tick(page, "dibao.tapering", !!d.taper);
    if (d.taper) {
      await type(page, "dibao.taper.stopped_month", d.taper.stopped_month);
      await type(page, "dibao.taper.previous_annual_income", d.taper.previous_annual_income);
    }
    await type(page, "dibao.tekun_dispersed", d.tekun_dispersed ?? 0);
    await type(page, "dibao.tekun_centralized", d.tekun_centralized ?? 0);
  }
  if (calcs.length > 1) {
    await openTab(page, "summary");
    for (const k of CALCS) {
      if (await page.locator(field(`summary.${k}`)).count()) await tick(page, `summary.${k}`, calcs.includes(k));
    }
  } else if (calcs.length === 1) {
    await openTab(page, calcs[0]);
  }
}

/// Every figure on screen that names its place in the engine's Summary: { path: text }.
export async function shownFigures(page) {
  return page.locator("[data-out]").evaluateAll((els) => Object.fromEntries(els.map((e) => [e.dataset.out, e.textContent.trim()])));
}

/// `summary.medical.persons[0].basic` → the value in the engine's JSON.
export function at(obj, path) {
  let v = obj;
  for (const part of path.match(/[^.[\]]+/g)) {
    if (v === undefined || v === null) return undefined;
    v = v[/^\d+$/.test(part) ? Number(part) : part];
  }
  return v;
}

/// Figures as integers so that "7275元", "7275.00", "76.52%" and "0.7652" compare:
/// money in 分, rates in parts per 10 000, counts as they are.
export function normalize(text) {
  const t = String(text).trim();
  let m = t.match(/^(-?\d+(?:\.\d+)?)%$/);
  if (m) return Math.round(Number(m[1]) * 100);
  m = t.match(/^(\d+)(?:\.(\d{1,2}))?元$/);
  if (m) return Number(m[1]) * 100 + Number((m[2] ?? "0").padEnd(2, "0"));
  m = t.match(/^(\d+)个月$/);
  if (m) return Number(m[1]);
  return t;
}

export function normalizeExpected(value, path) {
  if (typeof value === "number") return value; // months
  const t = String(value);
  if (/ratio$/.test(path)) return Math.round(Number(t) * 10000);
  const m = t.match(/^(\d+)\.(\d{2})$/);
  if (m) return Number(m[1]) * 100 + Number(m[2]);
  return t;
}

/// The id of the message beside the input for `path` (crates/mingbai-web/src/field.rs dom_id).
export function errId(path) {
  return "mb-" + path.replace(/[^A-Za-z0-9_]+/g, "-").replace(/-+$/, "") + "-err";
}
