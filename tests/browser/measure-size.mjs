#!/usr/bin/env node
// Prints the transfer size of the calculator (what a phone downloads the first time): each file
// raw, gzip -9 and brotli q11, and the total; for a built site (public/), also the `.gz`/`.br`
// copies `mingbai build` wrote beside each file, which is what `mingbai serve` sends. A figure to
// read, not a test.
//   node tests/browser/measure-size.mjs [folder]      (default: target/web-dist)
//   node tests/browser/measure-size.mjs public/calc public/daixian/calculator/index.html
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join, resolve, relative } from "node:path";
import { brotliCompressSync, gzipSync, constants } from "node:zlib";
import { ROOT } from "./harness.mjs";

const args = process.argv.slice(2);
const targets = args.length ? args.map((a) => resolve(a)) : [join(ROOT, "target", "web-dist")];
const files = [];
for (const t of targets) {
  if (statSync(t).isDirectory()) {
    for (const f of readdirSync(t).sort()) if (statSync(join(t, f)).isFile() && !/\.(br|gz)$/.test(f)) files.push(join(t, f));
  } else files.push(t);
}

const kb = (n) => (n / 1024).toFixed(1).padStart(7);
let total = { raw: 0, gz: 0, br: 0, builtGz: 0, builtBr: 0 };
const built = (f, ext) => (existsSync(`${f}.${ext}`) ? statSync(`${f}.${ext}`).size : statSync(f).size);
console.log(`${"file".padEnd(44)} ${"raw KB".padStart(7)} ${"gzip KB".padStart(7)} ${"br KB".padStart(7)}`);
for (const f of files) {
  const buf = readFileSync(f);
  const gz = gzipSync(buf, { level: 9 }).length;
  const br = brotliCompressSync(buf, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: buf.length },
  }).length;
  total.raw += buf.length;
  total.gz += gz;
  total.br += br;
  total.builtGz += built(f, "gz");
  total.builtBr += built(f, "br");
  console.log(`${relative(ROOT, f).padEnd(44)} ${kb(buf.length)} ${kb(gz)} ${kb(br)}   built: ${kb(built(f, "gz"))} ${kb(built(f, "br"))}`);
}
console.log(`${"total".padEnd(44)} ${kb(total.raw)} ${kb(total.gz)} ${kb(total.br)}`);
console.log(`as built (the .gz/.br beside each file): gzip ${(total.builtGz / 1024).toFixed(1)} KB, brotli ${(total.builtBr / 1024).toFixed(1)} KB`);
console.log(`transfer: gzip ${(total.gz / 1024).toFixed(1)} KB, brotli ${(total.br / 1024).toFixed(1)} KB (goal: gzip <= 150 KB)`);
