/* 明白 search: the browser half of crates/mingbai-search (see its README and tests/js). */
(function (global) {
'use strict';

var DIGIT = 1, LATIN = 2, HAN = 3, MAX_SHOWN = 50;

function isHan(c) {
  return c === 0x3007 || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
    (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x3FFFF);
}

function classOf(c) {
  if (c >= 48 && c <= 57) return DIGIT;
  if (c >= 97 && c <= 122) return LATIN;
  return isHan(c) ? HAN : 0;
}

// Full-width to ASCII, then lowercase.
function widthCase(c) {
  if (c >= 0xFF10 && c <= 0xFF19) return c - 0xFF10 + 48;
  if (c >= 0xFF21 && c <= 0xFF3A) return c - 0xFF21 + 97;
  if (c >= 0xFF41 && c <= 0xFF5A) return c - 0xFF41 + 97;
  return c >= 65 && c <= 90 ? c + 32 : c;
}

function chr(c) {
  if (c < 0x10000) return String.fromCharCode(c);
  c -= 0x10000;
  return String.fromCharCode(0xD800 + (c >> 10), 0xDC00 + (c & 0x3FF));
}

// Code points; a lone surrogate stays a separator.
function codePoints(s) {
  var out = [], i, c, d;
  for (i = 0; i < s.length; i++) {
    c = s.charCodeAt(i);
    if (c >= 0xD800 && c <= 0xDBFF) {
      d = s.charCodeAt(i + 1);
      if (d >= 0xDC00 && d <= 0xDFFF) { c = (c - 0xD800) * 0x400 + d - 0xDC00 + 0x10000; i++; }
    }
    out.push(c);
  }
  return out;
}

// The index's "fold" string "國国圖图…" as {code point: code point}.
function parseFold(pairs) {
  var map = {}, c = codePoints(pairs || ''), i;
  for (i = 0; i + 1 < c.length; i += 2) map[c[i]] = c[i + 1];
  return map;
}

function flush(tokens, run, k) {
  var j;
  if (k === DIGIT || k === LATIN) tokens.push(run.map(chr).join(''));
  else if (k === HAN && run.length === 1) tokens.push(chr(run[0]));
  else if (k === HAN) for (j = 0; j + 1 < run.length; j++) tokens.push(chr(run[j]) + chr(run[j + 1]));
}

// As mingbai_search::tokenize: Han runs give bigrams (a lone char stays), digit and latin
// runs are whole tokens, "150,000" is one number.
function tokenize(text, fold) {
  var c = codePoints(String(text)), tokens = [], run = [], runClass = 0, i, k, f;
  for (i = 0; i < c.length; i++) {
    c[i] = widthCase(c[i]);
    f = fold && fold[c[i]];
    if (f) c[i] = f;
  }
  for (i = 0; i <= c.length; i++) {
    if (c[i] === 44 && runClass === DIGIT && classOf(c[i + 1]) === DIGIT) continue;
    k = i < c.length ? classOf(c[i]) : -1;
    if (k !== runClass) { flush(tokens, run, runClass); run = []; runClass = k; }
    if (k > 0) run.push(c[i]);
  }
  return tokens;
}

function prepare(data) {
  if (!data || data.v !== 1) throw new Error('search index format');
  return { docs: data.docs, terms: data.terms, keys: Object.keys(data.terms), fold: parseFold(data.fold) };
}

function own(o, k) { return {}.hasOwnProperty.call(o, k); }

function score(flags) { return (flags & 1 ? 8 : 0) + (flags & 2 ? 3 : 0) + (flags >> 2); }

// Postings for a token; a lone Han char matches every term starting or ending with it.
function matching(idx, token) {
  var out = [], c = codePoints(token), i, t;
  if (c.length === 1 && isHan(c[0])) {
    for (i = 0; i < idx.keys.length; i++) {
      t = idx.keys[i];
      if (t.indexOf(token) === 0 || t.slice(t.length - token.length) === token) out.push(idx.terms[t]);
    }
  } else if (own(idx.terms, token)) out.push(idx.terms[token]);
  return out;
}

function strong(token) {
  var c = codePoints(token);
  return !(c.length === 1 && isHan(c[0]));
}

// As mingbai_search::Index::search_from: a doc is a hit when it has at least half (rounded up)
// of the query's strong tokens (all but lone Han chars; all tokens when none is strong); order:
// home county first, then strong tokens matched, then score, then doc order.
function search(idx, query, home) {
  var tokens = tokenize(query, idx.fold), uniq = [], total = [], count = [], hits = [];
  var i, j, l, lists, best, doc, s, d, anyStrong = false, counted = 0, need, counts;
  for (i = 0; i < tokens.length; i++) if (uniq.indexOf(tokens[i]) < 0) uniq.push(tokens[i]);
  if (!uniq.length) return [];
  for (i = 0; i < uniq.length; i++) if (strong(uniq[i])) anyStrong = true;
  for (i = 0; i < uniq.length; i++) if (!anyStrong || strong(uniq[i])) counted++;
  need = Math.max(1, Math.ceil(counted / 2));
  for (i = 0; i < uniq.length; i++) {
    counts = !anyStrong || strong(uniq[i]);
    lists = matching(idx, uniq[i]);
    best = {};
    for (l = 0; l < lists.length; l++) {
      doc = 0;
      for (j = 0; j < lists[l].length; j++) {
        doc += Math.floor(lists[l][j] / 16);
        s = score(lists[l][j] % 16);
        if (!(best[doc] >= s)) best[doc] = s;
      }
    }
    for (d in best) { total[d] = (total[d] || 0) + best[d]; count[d] = (count[d] || 0) + (counts ? 1 : 0); }
  }
  function atHome(d) { return home && idx.docs[d][2] === home ? 1 : 0; }
  for (d = 0; d < idx.docs.length; d++) if (count[d] >= need) hits.push(d);
  hits.sort(function (a, b) {
    return atHome(b) - atHome(a) || count[b] - count[a] || total[b] - total[a] || a - b;
  });
  return hits.map(function (d) {
    var x = idx.docs[d];
    return { url: x[0], title: x[1], jurisdiction: x[2], category: x[3], summary: x[4], score: total[d] };
  });
}

var api = { tokenize: tokenize, parseFold: parseFold, prepare: prepare, search: search };
if (typeof module === 'object' && module.exports) module.exports = api;
else global.mingbaiSearch = api;

// The page: <form id="search" data-root="../"> with <input name="q">, optional
// #search-results (made if missing) and #search-hint (shown when nothing is listed).
function ui() {
  var d = document, form = d.getElementById('search'), input = form && form.elements.q;
  if (!input) return;
  var root = form.getAttribute('data-root') || '', out = d.getElementById('search-results');
  var hint = d.getElementById('search-hint'), index, state = 0, timer, last;
  // The searcher's county, ranked first: chosen in #county, else the county of the last county
  // page seen (elder.js remembers it on this device).
  var county = d.getElementById('county'), KEY = 'mingbai-county';
  function home() {
    if (county && county.value) return county.value;
    try { return localStorage.getItem(KEY) || ''; } catch (e) { return ''; }
  }
  if (county) {
    county.value = home();
    if (county.selectedIndex < 0) county.value = '';
    county.onchange = function () {
      try { localStorage.setItem(KEY, county.value); } catch (e) { /* this page only */ }
      last = null;
      run();
    };
  }

  // Text, with each amount and its 元 kept on one line (span.nw, as the generated pages have it).
  function el(tag, cls, text) {
    var e = d.createElement(tag), parts, i, span;
    e.className = cls;
    if (!text) return e;
    parts = String(text).split(/(\d(?:[\d]|[.,](?=\d))*[万亿]?元)/);
    for (i = 0; i < parts.length; i++) {
      if (!parts[i]) continue;
      if (i % 2) {
        span = d.createElement('span');
        span.className = 'nw';
        span.textContent = parts[i];
        e.appendChild(span);
      } else e.appendChild(d.createTextNode(parts[i]));
    }
    return e;
  }
  if (!out) {
    out = el('div', '');
    out.id = 'search-results';
    form.parentNode.insertBefore(out, form.nextSibling);
  }
  out.setAttribute('aria-live', 'polite');

  function status(text, showHint) {
    out.textContent = '';
    if (text) out.appendChild(el('p', 'search-status', text));
    if (hint) hint.hidden = !showHint;
  }

  // state: 0 not loaded (or failed: retry), 1 loading, 2 ready.
  function load() {
    if (state) return;
    state = 1;
    var x = new XMLHttpRequest();
    x.open('GET', root + 'search-index.json');
    x.onload = function () {
      try {
        if (x.status !== 200 && !(x.status === 0 && x.responseText)) throw 0;
        index = prepare(JSON.parse(x.responseText));
        state = 2;
        last = null;
        run();
      } catch (e) { fail(); }
    };
    x.onerror = fail;
    x.send();
  }

  function fail() {
    state = 0;
    status('搜索索引加载失败，请稍后重试，或按类别浏览。', true);
  }

  function run() {
    var q = input.value, hits, list, i, h, li, a;
    if (q === last && state === 2) return;
    if (!tokenize(q).length) { last = q; status('', true); return; }
    if (state !== 2) { if (!state) { status('正在加载……', false); load(); } return; }
    last = q;
    hits = search(index, q, home());
    if (!hits.length) return status('没有找到“' + q + '”。换个说法试试，如“低保”“搬迁”，或按类别浏览。', true);
    status('找到 ' + hits.length + ' 条' + (hits.length > MAX_SHOWN ? '，前 ' + MAX_SHOWN + ' 条如下' : ''), false);
    list = el('ol', 'search-list');
    for (i = 0; i < hits.length && i < MAX_SHOWN; i++) {
      h = hits[i];
      li = el('li', 'search-hit');
      a = el('a', '', h.title);
      a.href = root + h.url;
      li.appendChild(el('h3', '')).appendChild(a);
      li.appendChild(el('p', 'search-meta', h.jurisdiction + ' · ' + h.category));
      if (h.summary) li.appendChild(el('p', 'search-summary', h.summary));
      list.appendChild(li);
    }
    out.appendChild(list);
  }

  form.onsubmit = function () {
    clearTimeout(timer);
    run();
    if (history.replaceState) history.replaceState(null, '', '?q=' + encodeURIComponent(input.value));
    return false;
  };
  input.oninput = function () { clearTimeout(timer); timer = setTimeout(run, 200); };
  input.onfocus = load;

  var m = /[?&]q=([^&#]*)/.exec(location.search);
  if (m) {
    try { input.value = decodeURIComponent(m[1].replace(/\+/g, ' ')); } catch (e) { /* keep */ }
    run();
  }
}

if (typeof document !== 'undefined') {
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', ui);
  else ui();
}
})(this);
