// Runs site/static/search.js in node against the golden files the Rust tests write:
// the tokenizer must give the Rust tokens, and search must give the Rust results and scores.
// Run: node --test crates/mingbai-search/tests/js/
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');

const TESTS = path.join(__dirname, '..');
const ROOT = path.join(TESTS, '..', '..', '..');
const search = require(path.join(ROOT, 'site', 'static', 'search.js'));

function readJson(...parts) {
  return JSON.parse(fs.readFileSync(path.join(TESTS, ...parts), 'utf8'));
}

test('tokenizer gives the Rust tokens on every sample', () => {
  const golden = readJson('golden', 'tokens.json');
  const fold = search.parseFold(golden.fold);
  assert.ok(golden.cases.length >= 20);
  for (const { text, tokens } of golden.cases) {
    assert.deepEqual(search.tokenize(text, fold), tokens, JSON.stringify(text));
  }
});

test('tokenizer without the fold table leaves traditional characters alone', () => {
  assert.deepEqual(search.tokenize('雨露計劃'), ['雨露', '露計', '計劃']);
  assert.deepEqual(search.tokenize('雨露計劃', search.parseFold('計计劃划')), ['雨露', '露计', '计划']);
});

const cases = fs
  .readdirSync(path.join(TESTS, 'cases'))
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.slice(0, -5))
  .sort();

test('there are golden cases', () => assert.ok(cases.length >= 3));

for (const name of cases) {
  test(`case ${name}: results, order and scores equal Rust's`, () => {
    const idx = search.prepare(readJson('golden', `${name}.index.json`));
    const spec = readJson('cases', `${name}.json`);
    const rust = readJson('golden', `${name}.results.json`);
    assert.equal(rust.length, spec.queries.length);
    spec.queries.forEach(({ q, urls, home }, i) => {
      const hits = search.search(idx, q, home);
      assert.deepEqual(hits.map((h) => h.url), urls, `query ${JSON.stringify(q)}`);
      assert.deepEqual(hits.map((h) => [h.url, h.score]), rust[i].hits, `scores for ${JSON.stringify(q)}`);
    });
  });
}

test('results carry what the page shows', () => {
  const idx = search.prepare(readJson('golden', 'policies.index.json'));
  const [hit] = search.search(idx, '雨露計劃');
  assert.deepEqual(
    { ...hit, score: undefined },
    {
      url: 'baoding/yulu/',
      title: '保定市雨露计划职业教育生活补助',
      jurisdiction: '保定市',
      category: '教育扶贫',
      summary: '接受职业教育的建档立卡贫困家庭学生每人每年补助3000元。',
      score: undefined,
    },
  );
});

test('query words that are Object.prototype names find nothing and do not throw', () => {
  const idx = search.prepare(readJson('golden', 'policies.index.json'));
  for (const q of ['constructor', '__proto__', 'toString hasOwnProperty']) {
    assert.deepEqual(search.search(idx, q), []);
  }
});

test('an index of another format version is refused', () => {
  assert.throws(() => search.prepare({ v: 2, docs: [], terms: {}, fold: '' }), /format/);
});

test('search.js stays small', () => {
  const size = fs.statSync(path.join(ROOT, 'site', 'static', 'search.js')).size;
  // 10 KB: the page half grew a home-county choice (own county first).
  assert.ok(size < 10240, `search.js is ${size} bytes`);
});
