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

fn rebuild(content: &Path, site: &Path, out: &Path) {
    let start = std::time::Instant::now();
    match mingbai_site::build(content, site, out) {
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

pub fn run(content: &Path, site: &Path, out: &Path, port: u16) -> ExitCode {
    rebuild(content, site, out);
    let listener = match TcpListener::bind(("127.0.0.1", port)) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("cannot listen on 127.0.0.1:{port}: {e}");
            return ExitCode::FAILURE;
        }
    };
    eprintln!(
        "serving {} at http://127.0.0.1:{port}/ (Ctrl-C to stop)",
        out.display()
    );

    let (c, s, o) = (content.to_path_buf(), site.to_path_buf(), out.to_path_buf());
    std::thread::spawn(move || {
        let mut last = fingerprint(&[&c, &s]);
        loop {
            std::thread::sleep(Duration::from_millis(500));
            let now = fingerprint(&[&c, &s]);
            if now != last {
                last = now;
                eprintln!("change detected, rebuilding…");
                rebuild(&c, &s, &o);
            }
        }
    });

    for stream in listener.incoming().flatten() {
        let root = out.to_path_buf();
        std::thread::spawn(move || {
            let _ = handle(stream, &root);
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

fn handle(mut stream: TcpStream, root: &Path) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    // Drain headers.
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line == "\r\n" || line == "\n" {
            break;
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
    let (status, path) = match resolve(root, target) {
        Some(p) => ("200 OK", p),
        None => ("404 Not Found", root.join("404.html")),
    };
    let body = std::fs::read(&path).unwrap_or_else(|_| b"not found".to_vec());
    let header = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        content_type(&path),
        body.len()
    );
    stream.write_all(header.as_bytes())?;
    if method == "GET" {
        stream.write_all(&body)?;
    }
    Ok(())
}
