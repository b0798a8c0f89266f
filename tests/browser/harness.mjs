// Shared pieces of the browser tests: build the site once, serve it on 127.0.0.1, start Debian's
// Chromium through playwright-core. No browser download, no request leaves the machine.
import { spawnSync } from "node:child_process";
import { createServer } from "node:http";
import { existsSync, readFileSync, statSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { extname, join, normalize, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { chromium } from "playwright-core";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const CHROMIUM = process.env.MINGBAI_CHROMIUM || "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: ["ignore", "inherit", "inherit"], ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (exit ${r.status})`);
  return r;
}

let built = null;
/// Builds the calculator and the site once per `node --test` run and returns the output folder
/// (scripts/build-site.sh: the calculator into target/web-dist, then `mingbai build --calculator`).
/// The test files run as separate processes of one runner: the first builds (under a lock), the
/// others find the stamp with their runner's pid and skip. MINGBAI_SITE_DIR=<folder> skips both
/// builds and serves that folder as it is.
export function buildSite() {
  if (built) return built;
  if (process.env.MINGBAI_SITE_DIR) {
    built = resolve(process.env.MINGBAI_SITE_DIR);
    return built;
  }
  const target = join(ROOT, "target");
  mkdirSync(target, { recursive: true });
  const lock = join(target, ".browser-build.lock");
  const stamp = join(target, ".browser-build.stamp");
  const runner = String(process.ppid);
  for (let waited = 0; ; waited++) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (waited > 1200) throw new Error(`${lock} held for 10 minutes: remove it if no build runs`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
    }
  }
  try {
    const done = existsSync(stamp) && readFileSync(stamp, "utf8") === runner;
    if (!done) {
      run("bash", ["scripts/build-site.sh"]);
      writeFileSync(stamp, runner);
    }
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
  built = join(ROOT, "public");
  return built;
}

let bin = null;
/// The `mingbai` command line (host build), for computing the expected figures.
export function mingbai(args, input) {
  if (!bin) {
    run("cargo", ["build", "--quiet", "-p", "mingbai-cli"]);
    bin = join(process.env.CARGO_TARGET_DIR || join(ROOT, "target"), "debug", "mingbai");
  }
  const r = spawnSync(bin, args, { cwd: ROOT, input, encoding: "utf8", maxBuffer: 64 << 20 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".xml": "application/xml",
  ".txt": "text/plain; charset=utf-8",
  ".webmanifest": "application/manifest+json",
};
const COMPRESSIBLE = new Set([".html", ".js", ".mjs", ".css", ".json", ".wasm", ".svg", ".xml", ".txt"]);

/// A static file server on 127.0.0.1 with gzip, as a static host would serve the site.
/// Returns { url, close, requests } where requests lists the paths asked for.
/// With { base: "/mingbai/" } the site is served under that path, as a host serves it at
/// base_url, and a missing address gets the site's 404.html with status 404.
export async function serve(dir, { base = "/" } = {}) {
  const requests = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url, "http://x");
    requests.push(url.pathname);
    let status = 200;
    let path = null;
    if (url.pathname.startsWith(base)) {
      path = normalize(join(dir, decodeURIComponent(url.pathname.slice(base.length - 1))));
      if (!path.startsWith(dir)) {
        res.writeHead(403).end();
        return;
      }
      if (existsSync(path) && statSync(path).isDirectory()) path = join(path, "index.html");
    }
    if (!path || !existsSync(path)) {
      if (base === "/" || !existsSync(join(dir, "404.html"))) {
        res.writeHead(404, { "content-type": "text/plain" }).end("not found");
        return;
      }
      status = 404;
      path = join(dir, "404.html");
    }
    const ext = extname(path);
    let body = readFileSync(path);
    const headers = { "content-type": TYPES[ext] || "application/octet-stream", "cache-control": "no-cache" };
    const accept = req.headers["accept-encoding"] || "";
    // The build's precompressed copy, as `mingbai serve` sends it; MINGBAI_SERVE_GZIP=1 compresses
    // on the fly with gzip instead (how the site was served before the build wrote them).
    const pre = (ext2) => !process.env.MINGBAI_SERVE_GZIP && existsSync(`${path}.${ext2}`);
    if (COMPRESSIBLE.has(ext) && /\bbr\b/.test(accept) && pre("br")) {
      body = readFileSync(`${path}.br`);
      headers["content-encoding"] = "br";
    } else if (COMPRESSIBLE.has(ext) && /\bgzip\b/.test(accept)) {
      body = pre("gz") ? readFileSync(`${path}.gz`) : gzipSync(body, { level: 9 });
      headers["content-encoding"] = "gzip";
    }
    if (COMPRESSIBLE.has(ext)) headers.vary = "Accept-Encoding";
    headers["content-length"] = body.length;
    res.writeHead(status, headers).end(req.method === "HEAD" ? undefined : body);
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}${base}`,
    requests,
    close: () => new Promise((ok) => server.close(ok)),
  };
}

export async function launch() {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} missing: run scripts/ensure-tools.sh`);
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

export function screenshotDir() {
  const d = join(ROOT, "target", "screenshots");
  mkdirSync(d, { recursive: true });
  return d;
}

/// Navigates (`go`: a goto or a reload) after `context.setOffline(true)`, expecting the service
/// worker to answer with the page that shows `expected` (a selector). Chromium 156 now and then
/// fails such a navigation with ERR_INTERNET_DISCONNECTED, or answers it with the site's offline
/// page although the visited page is in the worker's cache (seen in full-suite runs and under
/// CPU load, after the worker had activated, claimed the page and cached what it needs; alone the
/// same tests pass; the cause is not found). One more try is allowed, and said. A page the worker
/// cannot give back still fails the test.
export async function navigateOffline(page, go, expected) {
  const once = async () => {
    await go();
    await page.waitForSelector(expected, { timeout: 5000 });
  };
  try {
    await once();
  } catch (e) {
    if (!/ERR_INTERNET_DISCONNECTED|Timeout/.test(e.message)) throw e;
    console.log(`# offline navigation failed once, tried again: ${e.message.split("\n")[0]}`);
    await go();
  }
}
