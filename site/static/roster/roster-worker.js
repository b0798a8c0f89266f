// The roster page's worker: runs the roster module (crates/mingbai-roster-web, the same code as
// `mingbai batch`) off the page's thread, so the page stays responsive on a long roster.
// Nothing is sent anywhere: the file comes from the page, the result goes back to it.
import init, { run_roster, roster_cards, set_params } from "./pkg/mingbai_roster_web.js";

const ready = init();
let policies = "";
let last = null; // the roster last computed: the cards are made from it

// A CSV's line count, for the progress bar (an xlsx has no cheap count: the bar then only moves).
function lines(bytes) {
  let n = 0;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 10) n++;
  return n;
}

self.onmessage = async (event) => {
  const m = event.data;
  try {
    await ready;
  } catch (e) {
    self.postMessage({ type: "fatal", message: "计算程序没有加载成功，请检查网络后刷新网页" });
    return;
  }
  try {
    if (m.type === "init") {
      set_params(m.params);
      policies = m.policies;
      self.postMessage({ type: "ready" });
    } else if (m.type === "run") {
      const bytes = new Uint8Array(m.buffer);
      last = { bytes, name: m.name };
      const total = /\.(csv|txt|tsv)$/i.test(m.name) ? Math.max(1, lines(bytes) - 1) : 0;
      const progress = (rows) => self.postMessage({ type: "progress", id: m.id, rows, total });
      const r = run_roster(bytes, m.name, progress);
      const csv = r.csv;
      self.postMessage(
        { type: "done", id: m.id, csv, summary: r.summary, rows: r.rows, computed: r.computed, errors: r.errors },
        [csv.buffer],
      );
    } else if (m.type === "cards") {
      if (!last) throw new Error("请先打开花名册");
      const r = roster_cards(last.bytes, last.name, policies, Uint32Array.from(m.rows));
      self.postMessage({ type: "cards", id: m.id, html: r.html, count: r.count });
    }
  } catch (e) {
    // A JsError carries the Chinese reason; anything else is a fault of the program, not the file.
    const known = e && typeof e.message === "string" && /[\u4e00-\u9fff]/.test(e.message);
    self.postMessage({
      type: known ? "error" : "fatal",
      id: m.id,
      message: known ? e.message : "计算程序出错了，请刷新网页后重试；如果还不行，请把花名册另存后再打开",
    });
  }
};
