//! `mingbai serve`: a small std-only HTTP server for previewing, rebuilding when files change.
//! It listens on 127.0.0.1 only; it is a preview, not a production server.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, SystemTime};

/// A fingerprint of a folder tree: the newest mtime and the number of files (a deletion changes it).
fn fingerprint(dirs: &[&Path]) -> (Option<SystemTime>, usize) {
    let mut newest = None;
    let mut count = 0;
    for d in dirs {
        let mut files = Vec::new();
        let _ = mingbai_site::collect_files(d, &mut files);
        for f in files {
            count += 1;
            if let Ok(m) = f.metadata().and_then(|m| m.modified()) {
                newest = newest.max(Some(m));
            }
        }
    }
    (newest, count)
}

fn rebuild(content: &Path, site: &Path, calculator: Option<&Path>, out: &Path) {
    let start = std::time::Instant::now();
    match mingbai_site::build_with(content, site, calculator, out) {
        Ok(r) => eprintln!(
            "built {} pages in {:.2}s",
            r.pages,
            start.elapsed().as_secs_f64()
        ),
        Err(e) => eprintln!(
            "{e}\nbuild failed ({} errors); still serving the previous build",
            e.len()
        ),
    }
}

pub fn run(
    content: &Path,
    site: &Path,
    calculator: Option<&Path>,
    out: &Path,
    port: u16,
) -> ExitCode {
    rebuild(content, site, calculator, out);
    if calculator.is_none() {
        eprintln!("{}", mingbai_site::NO_CALCULATOR_HINT);
    }
    let listener = match TcpListener::bind(("127.0.0.1", port)) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("cannot listen on 127.0.0.1:{port}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let base = base_path_of(content);
    if base == "/" {
        eprintln!(
            "serving {} at http://127.0.0.1:{port}/ (Ctrl-C to stop)",
            out.display()
        );
    } else {
        // Pages built from base_url (the 404 page's links) only work under its path.
        eprintln!(
            "serving {} at http://127.0.0.1:{port}{base} (also at /; Ctrl-C to stop)",
            out.display()
        );
    }

    let (c, s, o) = (content.to_path_buf(), site.to_path_buf(), out.to_path_buf());
    let calc = calculator.map(Path::to_path_buf);
    std::thread::spawn(move || {
        // A rebuilt calculator (scripts/build-web.sh in another terminal) is picked up too.
        let watched = |c: &Path, s: &Path| match &calc {
            Some(k) => fingerprint(&[c, s, k]),
            None => fingerprint(&[c, s]),
        };
        let mut last = watched(&c, &s);
        loop {
            std::thread::sleep(Duration::from_millis(500));
            let now = watched(&c, &s);
            if now != last {
                last = now;
                eprintln!("change detected, rebuilding…");
                rebuild(&c, &s, calc.as_deref(), &o);
            }
        }
    });

    for stream in listener.incoming().flatten() {
        let root = out.to_path_buf();
        let content = content.to_path_buf();
        std::thread::spawn(move || {
            // Read per request so an edited base_url takes effect with the rebuild.
            let _ = handle(stream, &root, &base_path_of(&content));
        });
    }
    ExitCode::SUCCESS
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "svg" => "image/svg+xml",
        "wasm" => "application/wasm",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webmanifest" => "application/manifest+json",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The file for a request path, never outside `root`.
fn resolve(root: &Path, url_path: &str) -> Option<PathBuf> {
    let decoded = percent_decode(url_path.split(['?', '#']).next()?)?;
    let rel = Path::new(decoded.trim_start_matches('/'));
    if rel.components().any(|c| !matches!(c, Component::Normal(_))) {
        return None;
    }
    let mut p = root.join(rel);
    if p.is_dir() {
        p = p.join("index.html");
    }
    p.is_file().then_some(p)
}

/// The path part of `base_url`, beginning and ending in `/`: "https://example.org/mingbai/" → "/mingbai/".
pub fn base_path(base_url: &str) -> String {
    let rest = base_url.split_once("://").map_or(base_url, |(_, r)| r);
    let path = rest.find('/').map_or("", |i| &rest[i..]);
    let path = path
        .split(['?', '#'])
        .next()
        .unwrap_or("")
        .trim_matches('/');
    if path.is_empty() {
        "/".to_string()
    } else {
        format!("/{path}/")
    }
}

/// `base_url`'s path from `content/_site.toml`; "/" when it cannot be read (the build reports why).
fn base_path_of(content: &Path) -> String {
    std::fs::read_to_string(content.join("_site.toml"))
        .ok()
        .and_then(|t| toml::from_str::<mingbai_content::Site>(&t).ok())
        .map_or_else(|| "/".to_string(), |s| base_path(&s.base_url))
}

/// A request path under the base path, as a path from the site's root: with base "/mingbai/",
/// "/mingbai/daixian/" → "/daixian/" and "/mingbai" → "/". None when it is not under the base.
pub fn strip_base<'a>(base: &str, url_path: &'a str) -> Option<&'a str> {
    if base == "/" {
        return None;
    }
    let bare = base.trim_end_matches('/');
    let rest = url_path.strip_prefix(bare)?;
    if rest.is_empty() || rest.starts_with(['?', '#']) {
        Some("/")
    } else if rest.starts_with('/') {
        Some(rest)
    } else {
        // "/mingbaixyz" is not under "/mingbai/".
        None
    }
}

/// The file for a request: the path as it is, or else the path under `base_url`'s path.
fn resolve_with_base(root: &Path, base: &str, url_path: &str) -> Option<PathBuf> {
    resolve(root, url_path).or_else(|| resolve(root, strip_base(base, url_path)?))
}

fn handle(mut stream: TcpStream, root: &Path, base: &str) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    let mut accept_encoding = String::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line == "\r\n" || line == "\n" {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            if name.trim().eq_ignore_ascii_case("accept-encoding") {
                accept_encoding = value.trim().to_string();
            }
        }
    }
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or("");
    let target = parts.next().unwrap_or("/");
    if method != "GET" && method != "HEAD" {
        return stream.write_all(
            b"HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
        );
    }
    let (status, path) = match resolve_with_base(root, base, target) {
        Some(p) => ("200 OK", p),
        None => ("404 Not Found", root.join("404.html")),
    };
    let (sent, encoding) = precompressed(&path, &accept_encoding);
    let body = std::fs::read(&sent).unwrap_or_else(|_| b"not found".to_vec());
    let encoding = encoding
        .map(|e| format!("Content-Encoding: {e}\r\n"))
        .unwrap_or_default();
    let header = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {}\r\nContent-Length: {}\r\n{encoding}Vary: Accept-Encoding\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        content_type(&path),
        body.len()
    );
    stream.write_all(header.as_bytes())?;
    if method == "GET" {
        stream.write_all(&body)?;
    }
    Ok(())
}

/// The encodings a client accepts, best first among those the build writes (`br`, then `gzip`):
/// `q=0` refuses one, `*` stands for any not named.
pub fn accepted(accept_encoding: &str) -> Vec<&'static str> {
    let mut named: Vec<(String, f32)> = Vec::new();
    for item in accept_encoding.split(',') {
        let mut parts = item.split(';');
        let name = parts.next().unwrap_or("").trim().to_ascii_lowercase();
        if name.is_empty() {
            continue;
        }
        let q = parts
            .filter_map(|p| p.trim().strip_prefix("q="))
            .filter_map(|q| q.trim().parse::<f32>().ok())
            .next_back()
            .unwrap_or(1.0);
        named.push((name, q));
    }
    let q_of = |enc: &str| {
        named
            .iter()
            .find(|(n, _)| n == enc)
            .or_else(|| named.iter().find(|(n, _)| n == "*"))
            .map(|(_, q)| *q)
            .unwrap_or(0.0)
    };
    let mut out: Vec<(&'static str, f32)> = [("br", q_of("br")), ("gzip", q_of("gzip"))]
        .into_iter()
        .filter(|(_, q)| *q > 0.0)
        .collect();
    // Stable: at equal q, brotli (smaller) stays first.
    out.sort_by(|a, b| b.1.total_cmp(&a.1));
    out.into_iter().map(|(e, _)| e).collect()
}

/// The file to send for `path`: its `.br` or `.gz` copy when the client accepts that encoding
/// and the build wrote one, else the file itself.
pub fn precompressed(path: &Path, accept_encoding: &str) -> (PathBuf, Option<&'static str>) {
    for enc in accepted(accept_encoding) {
        let ext = if enc == "br" { "br" } else { "gz" };
        let mut name = path.as_os_str().to_owned();
        name.push(".");
        name.push(ext);
        let candidate = PathBuf::from(name);
        if candidate.is_file() {
            return (candidate, Some(enc));
        }
    }
    (path.to_path_buf(), None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_site_is_also_served_under_base_url_path() {
        assert_eq!(base_path("https://example.org/mingbai/"), "/mingbai/");
        assert_eq!(base_path("https://example.org/mingbai"), "/mingbai/");
        assert_eq!(base_path("https://example.org/"), "/");
        assert_eq!(base_path("https://example.org"), "/");
        assert_eq!(base_path("https://example.org:8080/a/b/"), "/a/b/");
        assert_eq!(
            strip_base("/mingbai/", "/mingbai/daixian/"),
            Some("/daixian/")
        );
        assert_eq!(strip_base("/mingbai/", "/mingbai/"), Some("/"));
        assert_eq!(strip_base("/mingbai/", "/mingbai"), Some("/"));
        assert_eq!(strip_base("/mingbai/", "/mingbai?x=1"), Some("/"));
        assert_eq!(strip_base("/mingbai/", "/mingbaixyz/"), None);
        assert_eq!(strip_base("/mingbai/", "/daixian/"), None);
        assert_eq!(strip_base("/", "/daixian/"), None);

        let dir = std::env::temp_dir().join(format!("mingbai-base-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("daixian")).unwrap();
        std::fs::write(dir.join("index.html"), "首页").unwrap();
        std::fs::write(dir.join("daixian/index.html"), "代县").unwrap();
        let base = "/mingbai/";
        let page = Some(dir.join("daixian/index.html"));
        assert_eq!(resolve_with_base(&dir, base, "/mingbai/daixian/"), page);
        assert_eq!(
            resolve_with_base(&dir, base, "/daixian/"),
            page,
            "/ still works"
        );
        assert_eq!(
            resolve_with_base(&dir, base, "/mingbai/"),
            Some(dir.join("index.html"))
        );
        assert_eq!(resolve_with_base(&dir, base, "/mingbai/nope/"), None);
        assert_eq!(
            resolve_with_base(&dir, base, "/mingbai/../etc/passwd"),
            None
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn the_encoding_follows_accept_encoding() {
        assert_eq!(accepted("gzip, deflate, br, zstd"), ["br", "gzip"]);
        assert_eq!(accepted("gzip"), ["gzip"]);
        assert_eq!(accepted("br;q=0, gzip"), ["gzip"]);
        assert_eq!(accepted("br;q=0.5, gzip;q=0.8"), ["gzip", "br"]);
        assert_eq!(accepted("*"), ["br", "gzip"]);
        assert_eq!(accepted("*;q=0, gzip"), ["gzip"]);
        assert!(accepted("").is_empty());
        assert!(accepted("identity").is_empty());
    }

    #[test]
    fn a_precompressed_copy_is_sent_only_where_it_exists_and_is_accepted() {
        let dir = std::env::temp_dir().join(format!("mingbai-serve-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let page = dir.join("index.html");
        std::fs::write(&page, "<p>页</p>").unwrap();
        std::fs::write(dir.join("index.html.gz"), "gz").unwrap();
        assert_eq!(
            precompressed(&page, "gzip, br"),
            (dir.join("index.html.gz"), Some("gzip")),
            "no .br written: gzip"
        );
        std::fs::write(dir.join("index.html.br"), "br").unwrap();
        assert_eq!(
            precompressed(&page, "gzip, br"),
            (dir.join("index.html.br"), Some("br"))
        );
        assert_eq!(precompressed(&page, ""), (page.clone(), None));
        assert_eq!(precompressed(&page, "br;q=0"), (page.clone(), None));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
