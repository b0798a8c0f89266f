// Boots the mingbai calculator on a page that has <section id="calculator"> and
// <script type="application/json" id="mingbai-params">. Loaded as a module:
//   <script type="module" src="ROOT/calc/calc.js"></script>
// Nothing here talks to any server but this site's own folder: what a household types stays
// on the phone.
import init from "./mingbai_web.js";

const here = new URL(".", import.meta.url);

function addStyles() {
  const href = new URL("calc.css", here).href;
  if ([...document.querySelectorAll('link[rel="stylesheet"]')].some((l) => l.href === href)) return;
  const link = document.createElement("link");
  link.rel = "stylesheet";
  link.href = href;
  document.head.append(link);
}

// A failure must never leave a blank box: say so in Chinese where the calculator would be.
function showFailure(detail) {
  const root = document.getElementById("calculator");
  if (!root || root.querySelector(".mb-fail")) return;
  const p = document.createElement("p");
  p.className = "mb-fail";
  p.setAttribute("role", "alert");
  p.textContent = "计算器出错，请刷新页面重试。" + (detail ? "（" + detail + "）" : "");
  root.prepend(p);
}

// Offline: the service worker (site root) caches the calculator and the pages visited.
// The page that registered it was fetched before the worker existed: elder.js has it kept.
async function registerOffline() {
  if (!("serviceWorker" in navigator) || !window.isSecureContext) return;
  try {
    await navigator.serviceWorker.register(new URL("../sw.js", here), { scope: new URL("../", here).pathname });
    // (elder.js, on every page, asks the worker to keep this page.)
  } catch (_) {
    // Offline support is a bonus; the calculator works without it.
  }
}

// While the module loads (seconds on a slow network) say so where the calculator will be; the
// page's own text and worked examples stay readable. A link to this very page (the fallback's
// link to the calculator one is on) would only reload it: hidden meanwhile.
function showLoading(section) {
  const here = location.href.split("#")[0];
  for (const a of section.querySelectorAll(".calc-fallback a[href]")) {
    if (a.href.split("#")[0] === here) a.hidden = true;
  }
  const p = document.createElement("p");
  p.className = "mb-loading";
  p.setAttribute("role", "status");
  p.textContent = "计算器正在加载…";
  const heading = section.querySelector("h1, h2, h3");
  if (heading) heading.after(p);
  else section.prepend(p);
  return p;
}

async function main() {
  const section = document.getElementById("calculator");
  if (!section) return;
  const loading = showLoading(section);
  // Links from a result to the policy cards are made from the site's root: this file's parent.
  section.dataset.siteRoot = new URL("../", here).href;
  addStyles();
  window.addEventListener("error", (e) => {
    if (e.error instanceof WebAssembly.RuntimeError) showFailure("运行错误");
  });
  try {
    await init({ module_or_path: new URL("mingbai_web_bg.wasm", here) });
  } catch (e) {
    loading.remove();
    showFailure(typeof WebAssembly === "undefined" ? "浏览器不支持 WebAssembly" : "加载失败");
    return;
  }
  loading.remove();
  registerOffline();
}

main();
