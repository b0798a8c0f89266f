// The roster page: a cadre opens a roster, a worker computes it with the same code as
// `mingbai batch` (roster-worker.js), and the page shows every row — a bad row with its reason
// in place — offers the result CSV as it is, byte for byte, and prints the households' 明白卡.
// Nothing is uploaded: the file is read here and never leaves the device.
const here = new URL(import.meta.url);
const $ = (id) => document.getElementById(id);
const MAX_BYTES = 20 * 1024 * 1024; // as mingbai_roster::MAX_BYTES: refused before reading
const KNOWN = /\.(xlsx|xlsm|csv|txt|tsv|xls|ods)$/i;

const input = $("roster-file");
const message = $("roster-message");
const bar = $("roster-progress");
const results = $("roster-results");
const tbody = $("roster-rows");
const tickAll = $("roster-tick-all");
const printTicked = $("roster-print-ticked");

let worker = null;
let runId = 0;
let current = null; // { name, csv: Uint8Array, rows }
const pending = new Map(); // cards requests by id

function say(text, bad) {
  message.textContent = text;
  message.classList.toggle("roster-error", !!bad);
}

function startWorker() {
  worker = new Worker(new URL("roster-worker.js", here), { type: "module" });
  worker.onmessage = (e) => onWorker(e.data);
  worker.onerror = () => {
    say("计算程序没有加载成功，请检查网络后刷新网页", true);
    bar.hidden = true;
  };
  worker.postMessage({
    type: "init",
    params: $("roster-params").textContent,
    policies: $("roster-policies").textContent,
  });
}

function onWorker(m) {
  if (m.type === "ready") {
    input.disabled = false;
    say("请选择花名册文件。");
    return;
  }
  if (m.type === "cards") {
    const done = pending.get(m.id);
    pending.delete(m.id);
    if (done) done(m);
    return;
  }
  if (m.id !== undefined && m.id !== runId && m.type !== "fatal") return; // an older file
  if (m.type === "progress") {
    if (m.total) {
      bar.max = m.total;
      bar.value = Math.min(m.rows, m.total);
    } else {
      bar.removeAttribute("value");
    }
    say(`正在计算……已算${m.rows}户`);
  } else if (m.type === "done") {
    bar.hidden = true;
    current = { name: m.name || current?.name, csv: m.csv };
    show(m);
  } else if (m.type === "error" || m.type === "fatal") {
    bar.hidden = true;
    for (const [, done] of pending) done({ error: m.message });
    pending.clear();
    say(m.message, true);
    input.disabled = false;
    if (m.type === "fatal") {
      // The module may be left in a bad state: start a fresh one.
      worker.terminate();
      startWorker();
    }
  }
}

input.addEventListener("change", async () => {
  const file = input.files && input.files[0];
  if (!file) return;
  const id = ++runId;
  results.hidden = true;
  tbody.textContent = "";
  current = null;
  // Checked before reading: a huge file would only be read to be refused.
  if (!KNOWN.test(file.name)) {
    say(`“${file.name}”不是花名册文件：请选 .xlsx 或 .csv 文件（也可以是 .xls、.ods）`, true);
    return;
  }
  if (file.size === 0) {
    say(`“${file.name}”是空文件（0字节），请选填好的花名册`, true);
    return;
  }
  if (file.size > MAX_BYTES) {
    const mb = Math.ceil(file.size / 1024 / 1024);
    say(`“${file.name}”太大（${mb}MB），网页上一次最多算20MB（约十万户），请把花名册分成几个文件`, true);
    return;
  }
  say("正在读取文件……");
  bar.hidden = false;
  bar.removeAttribute("value");
  let buffer;
  try {
    buffer = await file.arrayBuffer();
  } catch (_) {
    bar.hidden = true;
    say(`“${file.name}”读不出来，请确认文件没有被别的程序占用`, true);
    return;
  }
  if (id !== runId) return;
  current = { name: file.name };
  worker.postMessage({ type: "run", id, name: file.name, buffer }, [buffer]);
});

// ------------------------------------------------------------------ the result table

/// The result CSV (as the csv crate writes it: fields quoted when needed, "" inside quotes).
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += c;
  }
  if (field !== "" || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

const esc = (s) => s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);

// Rows rendered per step: the first step shows at once, the rest follow without blocking the page.
const STEP = 500;

function show(m) {
  const text = new TextDecoder("utf-8").decode(m.csv); // drops the BOM
  const [head, ...rows] = parseCsv(text);
  const col = Object.fromEntries(head.map((h, i) => [h, i]));
  // The figures are named by the engine (the same words as the calculator and the cards), so they
  // are read from the header rather than spelt again here: the detail columns lie between 计算日期
  // and the three per-period totals that come before 是否含示例参数.
  const totalsAt = col["是否含示例参数"] - 3;
  const detail = head.slice(col["计算日期"] + 1, totalsAt);
  const totals = head.slice(totalsAt, totalsAt + 3);
  const html = (r) => {
    const get = (h) => r[col[h]] || "";
    const n = esc(get("行号"));
    const who = esc(get("户主姓名") || get("序号"));
    const error = get("错误");
    if (error) {
      return `<tr class="bad"><td></td><td>${n}</td><td>${who}</td><td>${esc(get("地区"))}</td><td colspan="4" class="roster-error">${esc(error)}</td></tr>`;
    }
    const parts = detail.filter((h) => get(h) !== "").map((h) => `${h} ${esc(get(h))}`);
    const sample = get("是否含示例参数").startsWith("是") ? ' <span class="badge st-A">示例</span>' : "";
    return (
      `<tr><td><input type="checkbox" class="tick" value="${n}" aria-label="选第${n}行"></td><td>${n}</td><td>${who}</td><td>${esc(get("地区"))}</td>` +
      totals.map((h) => `<td class="num">${esc(get(h))}</td>`).join("") +
      `<td>${parts.join("；")}${sample}</td></tr>`
    );
  };
  const table = $("roster-table");
  delete table.dataset.rows;
  tbody.innerHTML = rows.slice(0, STEP).map(html).join("");
  const id = runId;
  const more = (from) => {
    if (id !== runId) return; // another file was opened meanwhile
    if (from >= rows.length) {
      table.dataset.rows = String(rows.length);
      return;
    }
    tbody.insertAdjacentHTML("beforeend", rows.slice(from, from + STEP).map(html).join(""));
    setTimeout(() => more(from + STEP), 0);
  };
  setTimeout(() => more(STEP), 0);
  $("roster-summary").textContent = m.summary;
  say(`算好了：${m.summary.split("。")[0]}。`);
  tickAll.checked = false;
  printTicked.disabled = true;
  results.hidden = false;
  input.disabled = false;
}

tbody.addEventListener("change", () => {
  printTicked.disabled = !tbody.querySelector(".tick:checked");
});
tickAll.addEventListener("change", () => {
  for (const t of tbody.querySelectorAll(".tick")) t.checked = tickAll.checked;
  printTicked.disabled = !tickAll.checked || !tbody.querySelector(".tick");
});

$("roster-download").addEventListener("click", () => {
  if (!current || !current.csv) return;
  const blob = new Blob([current.csv], { type: "text/csv;charset=utf-8" });
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = `${current.name.replace(/\.[^.]*$/, "")}-结果.csv`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 60000);
});

// ------------------------------------------------------------------ printing the cards

let cardsId = 0;
function cards(rows) {
  const id = ++cardsId;
  return new Promise((done) => {
    pending.set(id, done);
    worker.postMessage({ type: "cards", id, rows });
  });
}

async function print(rows, button) {
  button.disabled = true;
  say("正在生成明白卡……");
  const r = await cards(rows);
  button.disabled = false;
  if (r.error) {
    say(r.error, true);
    return;
  }
  if (!r.count) {
    say("没有算好的户可以打印：出错的行没有明白卡", true);
    return;
  }
  let holder = $("mb-card-print");
  if (!holder) {
    holder = document.createElement("div");
    holder.id = "mb-card-print";
    document.body.append(holder);
  }
  holder.innerHTML = r.html;
  holder.dataset.count = String(r.count);
  document.documentElement.classList.add("mbc-printing");
  say(`已生成${r.count}户的明白卡，正在打开打印。`);
  window.print();
}
window.addEventListener("afterprint", () => document.documentElement.classList.remove("mbc-printing"));

$("roster-print-all").addEventListener("click", (e) => print([], e.currentTarget));
printTicked.addEventListener("click", (e) => {
  const rows = [...tbody.querySelectorAll(".tick:checked")].map((t) => +t.value);
  if (rows.length) print(rows, e.currentTarget);
});

// ------------------------------------------------------------------ offline

// The service worker (site root) caches what passes through it; this page and its module were
// fetched before it existed, so put them in its cache here (the calculator does the same).
async function registerOffline() {
  if (!("serviceWorker" in navigator) || !window.isSecureContext) return;
  try {
    await navigator.serviceWorker.register(new URL("../sw.js", here), { scope: new URL("../", here).pathname });
    await navigator.serviceWorker.ready;
    if (!("caches" in window)) return;
    const name = (await caches.keys()).find((k) => k.startsWith("mingbai-"));
    if (!name) return;
    const cache = await caches.open(name);
    const urls = [
      location.href.split("#")[0],
      ...[...document.querySelectorAll("link[rel=stylesheet][href], script[src]")].map((e) => e.href || e.src),
      ...["roster-worker.js", "pkg/mingbai_roster_web.js", "pkg/mingbai_roster_web_bg.wasm", "template.csv", "template.xlsx"].map(
        (p) => new URL(p, here).href,
      ),
    ];
    for (const u of urls) if (!(await cache.match(u))) await cache.add(u);
  } catch (_) {
    // Offline use is a bonus; the page works online without it.
  }
}

startWorker();
registerOffline();
