/* 长辈模式 (适老化, 工信部《互联网网站适老化通用设计规范》): larger text in three steps and larger
   targets, remembered on this device only (localStorage, nothing is sent anywhere).
   Loaded without defer in <head> so the mode is set before the first paint: the page's CSP
   allows no inline script. Steps: 0 标准, 1 大 (长辈模式), 2 特大 (长辈模式). */
(function () {
'use strict';
var KEY = 'mingbai-elder', d = document, html = d.documentElement;
// Read now: this script runs synchronously from the site root, which is the worker's scope.
var here = d.currentScript && d.currentScript.src;

function read() {
  try { var v = +localStorage.getItem(KEY); return v === 1 || v === 2 ? v : 0; } catch (e) { return 0; }
}

function apply(step) {
  html.classList.toggle('elder', step > 0);
  html.classList.toggle('elder-xl', step === 2);
}

apply(read());

function wire() {
  // The county of this page, for search.js to rank that county's cards first.
  var county = d.body && d.body.getAttribute('data-county');
  if (county) try { localStorage.setItem('mingbai-county', county); } catch (e) { /* no memory */ }
  var bar = d.getElementById('elder-bar');
  if (!bar) return;
  var toggle = d.getElementById('elder-toggle'), sizes = bar.querySelectorAll('[data-step]');

  function show(step) {
    var i;
    apply(step);
    toggle.setAttribute('aria-pressed', step > 0 ? 'true' : 'false');
    for (i = 0; i < sizes.length; i++) {
      sizes[i].setAttribute('aria-pressed', +sizes[i].getAttribute('data-step') === step ? 'true' : 'false');
    }
  }

  function set(step) {
    try { if (step) localStorage.setItem(KEY, String(step)); else localStorage.removeItem(KEY); } catch (e) { /* private mode: this page only */ }
    show(step);
  }

  toggle.onclick = function () { set(html.classList.contains('elder') ? 0 : 1); };
  for (var i = 0; i < sizes.length; i++) {
    sizes[i].onclick = function () { set(+this.getAttribute('data-step')); };
  }
  // Another tab changed the mode.
  window.addEventListener('storage', function (e) { if (e.key === KEY) show(read()); });
  show(read());
  bar.hidden = false;
}

if (d.readyState === 'loading') d.addEventListener('DOMContentLoaded', wire);
else wire();

// Offline reading: the service worker keeps the pages visited and shows a plain offline page for
// the others. Registered after the page has loaded, so that it never competes with the page on a
// slow network; then this page, fetched before the worker existed, is kept too.
function offline() {
  var sw = navigator.serviceWorker;
  if (!sw || !window.isSecureContext || !here) return;
  var root = new URL('./', here);
  sw.register(new URL('sw.js', root).href, { scope: root.pathname }).then(function () {
    return sw.ready;
  }).then(function (reg) {
    if (reg.active) reg.active.postMessage({ keep: location.href.split('#')[0] });
  }).catch(function () { /* offline reading is a bonus; the page works without it */ });
}
if (d.readyState === 'complete') offline();
else window.addEventListener('load', offline);
})();
