// search.js in Debian's headless Chromium, on a minimal search page served from 127.0.0.1 with
// the golden `policies` index as search-index.json. The site's own page (templates in site/)
// is tested with the site; this checks the script's behaviour on the markup it documents.
// Run: node --test crates/mingbai-search/tests/js/   (needs /usr/bin/chromium and
// playwright-core from the root package.json; skipped, saying why, when they are missing).
import test from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const TESTS = join(dirname(fileURLToPath(import.meta.url)), '..');
const ROOT = join(TESTS, '..', '..', '..');
const CHROMIUM = process.env.MINGBAI_CHROMIUM || '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run'];

let chromium = null;
try {
  ({ chromium } = createRequire(join(ROOT, 'package.json'))('playwright-core'));
} catch {
  /* reported by the skip below */
}
const skip = !chromium ? 'playwright-core is not installed (npm ci at the repository root)'
  : !existsSync(CHROMIUM) ? `${CHROMIUM} is missing (apt-get install chromium)` : false;

const PAGE = `<!doctype html><html lang="zh-CN"><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><title>搜索</title>
<body style="font:18px sans-serif;max-width:30em;margin:1em auto">
<form id="search" action="" method="get" role="search" data-root="../">
<label for="q">搜索政策</label> <input id="q" name="q" type="search" placeholder="如：雨露计划、3000元、136">
<button type="submit">搜索</button></form>
<div id="search-results"></div>
<div id="search-hint">也可以<a href="../">按类别浏览</a>全部政策。</div>
<script src="../static/search.js" defer></script></body></html>`;

async function serve({ index = true } = {}) {
  const files = {
    '/search/': ['text/html; charset=utf-8', PAGE],
    '/static/search.js': ['text/javascript; charset=utf-8', readFileSync(join(ROOT, 'site', 'static', 'search.js'))],
  };
  if (index) files['/search-index.json'] = ['application/json', readFileSync(join(TESTS, 'golden', 'policies.index.json'))];
  const requests = [];
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    requests.push(path);
    const file = files[path];
    if (!file) return res.writeHead(404).end();
    res.writeHead(200, { 'content-type': file[0] }).end(file[1]);
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return { origin, requests, close: () => new Promise((ok) => server.close(ok)) };
}

async function withPage(opts, fn) {
  const site = await serve(opts);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
  try {
    const context = await browser.newContext({ javaScriptEnabled: opts.js !== false, viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    const foreign = [];
    page.on('request', (r) => { if (!r.url().startsWith(site.origin)) foreign.push(r.url()); });
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await fn(page, site);
    assert.deepEqual(foreign, [], 'requests to other origins');
    assert.deepEqual(errors, [], 'script errors');
  } finally {
    await browser.close();
    await site.close();
  }
}

const hits = (page) => page.$$eval('.search-hit a', (as) => as.map((a) => a.getAttribute('href')));
const status = (page) => page.textContent('.search-status');

test('typing a query lists the matching cards; the index loads only when needed', { skip }, async () => {
  await withPage({}, async (page, site) => {
    await page.goto(`${site.origin}/search/`);
    assert.ok(!site.requests.includes('/search-index.json'), 'index fetched before use');
    await page.fill('#q', '雨露计划');
    await page.waitForSelector('.search-hit');
    assert.deepEqual(await hits(page), ['../baoding/yulu/', '../susong/education/']);
    assert.equal(await status(page), '找到 2 条');
    assert.equal(await page.textContent('.search-hit .search-meta'), '保定市 · 教育扶贫');
    assert.equal(await page.isHidden('#search-hint'), true);
    const link = await page.$eval('.search-hit a', (a) => a.href);
    assert.equal(link, `${site.origin}/baoding/yulu/`);
    if (process.env.MINGBAI_SCREENSHOT) await page.screenshot({ path: process.env.MINGBAI_SCREENSHOT });

    await page.fill('#q', '雨露計劃');
    await page.press('#q', 'Enter');
    await page.waitForFunction(() => location.search.startsWith('?q='));
    assert.deepEqual(await hits(page), ['../baoding/yulu/', '../susong/education/']);
    assert.equal(decodeURIComponent(new URL(page.url()).search), '?q=雨露計劃');

    await page.fill('#q', '住房公积金');
    await page.waitForFunction(() => /没有找到/.test(document.body.textContent));
    assert.deepEqual(await hits(page), []);
    assert.equal(await page.isVisible('#search-hint'), true);
  });
});

test('a ?q= link opens with its results', { skip }, async () => {
  await withPage({}, async (page, site) => {
    await page.goto(`${site.origin}/search/?q=${encodeURIComponent('3000元')}`);
    await page.waitForSelector('.search-hit');
    assert.deepEqual(await hits(page), ['../daixian/medical-136/', '../daixian/pv-income/', '../baoding/yulu/']);
    assert.equal(await page.inputValue('#q'), '3000元');
  });
});

test('a missing index says so and points to the categories', { skip }, async () => {
  await withPage({ index: false }, async (page, site) => {
    await page.goto(`${site.origin}/search/?q=136`);
    await page.waitForFunction(() => /加载失败/.test(document.body.textContent));
    assert.equal(await page.isVisible('#search-hint'), true);
  });
});

test('without JavaScript the page shows the hint to browse by category', { skip }, async () => {
  await withPage({ js: false }, async (page, site) => {
    await page.goto(`${site.origin}/search/?q=136`);
    assert.equal(await page.isVisible('#search-hint'), true);
    assert.ok(!site.requests.includes('/search-index.json'));
  });
});
