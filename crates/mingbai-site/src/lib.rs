//! The static site generator: `content/` → policy cards, pages, print sheets, search index, feed,
//! sitemap. Templates are minijinja files in `site/templates/`, static files in `site/static/`.
//!
//! [`render_site`] renders everything in memory (so `mingbai check` can run it without writing);
//! [`write_atomic`] writes a rendered site so that a failed build leaves the old one untouched.
//! Output is deterministic: no clock, everything sorted.
//!
//! The browser calculator is an input, never a file under `site/`: `scripts/build-web.sh` builds
//! it into `target/web-dist/`, and [`render_site_with`] / [`build_with`] publish that folder
//! under `calc/`. Without it the site is complete: calculator pages say that this site does not
//! include the calculator, keep the figures and worked examples, and link nothing that is missing.

pub mod linkcheck;
pub mod markdown;
mod nobreak;
pub mod qr;
mod views;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use mingbai_content::{Content, ContentError, Errors};
use minijinja::Environment;

pub use views::PolicyView;

/// A rendered site: file path relative to the output folder → bytes.
pub type Output = BTreeMap<String, Vec<u8>>;

/// What a build did.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub files: usize,
    pub pages: usize,
    pub bytes: u64,
}

/// Loads `content_dir`, renders with the templates and static files of `site_dir`, and replaces
/// `out` with the result. Without the browser calculator; see [`build_with`].
pub fn build(content_dir: &Path, site_dir: &Path, out: &Path) -> Result<Report, Errors> {
    build_with(content_dir, site_dir, None, out)
}

/// [`build`], publishing the built browser calculator in `calculator` (a folder holding
/// [`CALCULATOR_FILES`], as `scripts/build-web.sh` writes it) under `calc/`.
pub fn build_with(
    content_dir: &Path,
    site_dir: &Path,
    calculator: Option<&Path>,
    out: &Path,
) -> Result<Report, Errors> {
    let content = mingbai_content::load(content_dir)?;
    let mut output = render_site_with(&content, site_dir, calculator)?;
    let report = report(&output);
    precompress(&mut output);
    write_atomic(out, &output)
        .map_err(|e| one_error(out, format!("cannot write the site: {e}")))?;
    Ok(report)
}

/// The kinds of file worth compressing: text, and wasm (which shrinks by about two thirds).
const COMPRESSIBLE: [&str; 7] = ["html", "css", "js", "json", "wasm", "svg", "xml"];

/// Adds `x.br` and `x.gz` beside each compressible file `x`, for `mingbai serve` (and any server
/// that serves precompressed files) to send to a phone on a slow network. A copy is kept only when
/// it is smaller than the file. Deterministic: fixed settings, and gzip headers carry no time or
/// name, so a rebuild of the same content gives the same bytes.
pub fn precompress(output: &mut Output) {
    let todo: Vec<(&String, &Vec<u8>)> = output
        .iter()
        .filter(|(k, _)| {
            Path::new(k.as_str())
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| COMPRESSIBLE.contains(&e))
        })
        .collect();
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, 8);
    // Interleaved rather than in runs: the few large files (the wasm) spread over the threads.
    let made: Vec<(String, Vec<u8>)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let todo = &todo;
                s.spawn(move || {
                    let mut out = Vec::new();
                    for (rel, bytes) in todo.iter().skip(t).step_by(threads) {
                        // The calculator's module is the one large download of a first visit:
                        // the slowest, smallest setting pays there (17 kB less than quality 5).
                        let quality = if rel.ends_with(".wasm") { 11 } else { 5 };
                        for (ext, packed) in [
                            ("br", brotli_bytes(bytes, quality)),
                            ("gz", gzip_bytes(bytes)),
                        ] {
                            if packed.len() < bytes.len() {
                                out.push((format!("{rel}.{ext}"), packed));
                            }
                        }
                    }
                    out
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    });
    output.extend(made);
}

/// Brotli with a 4 MiB window. Measured on this site (2026-12): for the pages, quality 9 makes the
/// `.br` files only 3 % smaller than quality 5 (859 kB against 886 kB in all) and takes about
/// twice as long; a build must stay quick.
pub fn brotli_bytes(bytes: &[u8], quality: i32) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() / 3 + 64);
    let params = brotli::enc::BrotliEncoderParams {
        quality,
        lgwin: 22,
        size_hint: bytes.len(),
        ..Default::default()
    };
    let mut input = bytes;
    // Writing into a Vec cannot fail.
    let _ = brotli::BrotliCompress(&mut input, &mut out, &params);
    out
}

/// gzip at level 9; the header has mtime 0 and no file name.
pub fn gzip_bytes(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write as _;
    let mut enc = flate2::GzBuilder::new().mtime(0).write(
        Vec::with_capacity(bytes.len() / 3 + 64),
        flate2::Compression::best(),
    );
    let _ = enc.write_all(bytes);
    enc.finish().unwrap_or_default()
}

pub fn report(output: &Output) -> Report {
    Report {
        files: output.len(),
        pages: output.keys().filter(|k| k.ends_with(".html")).count(),
        bytes: output.values().map(|v| v.len() as u64).sum(),
    }
}

pub(crate) fn one_error(file: &Path, reason: String) -> Errors {
    let mut e = Errors::default();
    e.push(ContentError::new(file, None, None, reason));
    e
}

/// Reads every template under `site_dir/templates`.
pub fn environment(site_dir: &Path) -> Result<Environment<'static>, Errors> {
    let mut env = Environment::new();
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    // minijinja's HTML escaping also escapes '/', which bloats every URL; '&<>"\'' suffice.
    env.set_formatter(|out, state, value| {
        if matches!(state.auto_escape(), minijinja::AutoEscape::Html)
            && !value.is_safe()
            && !value.is_undefined()
            && !value.is_none()
        {
            let s = value.to_string();
            let mut last = 0;
            for (i, b) in s.bytes().enumerate() {
                let rep = match b {
                    b'&' => "&amp;",
                    b'<' => "&lt;",
                    b'>' => "&gt;",
                    b'"' => "&quot;",
                    b'\'' => "&#39;",
                    _ => continue,
                };
                out.write_str(&s[last..i])?;
                out.write_str(rep)?;
                last = i + 1;
            }
            out.write_str(&s[last..])?;
            Ok(())
        } else {
            minijinja::escape_formatter(out, state, value)
        }
    });
    let dir = site_dir.join("templates");
    let mut files = Vec::new();
    collect_files(&dir, &mut files)
        .map_err(|e| one_error(&dir, format!("cannot read templates: {e}")))?;
    let mut errors = Errors::default();
    for f in files {
        let name = f
            .strip_prefix(&dir)
            .unwrap_or(&f)
            .to_string_lossy()
            .replace('\\', "/");
        match fs::read_to_string(&f) {
            Ok(src) => {
                if let Err(e) = env.add_template_owned(name, src) {
                    errors.push(ContentError::new(&f, e.line(), None, e.to_string()));
                }
            }
            Err(e) => errors.push(ContentError::new(
                &f,
                None,
                None,
                format!("cannot read: {e}"),
            )),
        }
    }
    if errors.is_empty() {
        Ok(env)
    } else {
        Err(errors)
    }
}

/// Files under `dir`, recursively, sorted.
pub fn collect_files(dir: &Path, out: &mut Vec<PathBuf>) -> io::Result<()> {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)?
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .collect();
    entries.sort();
    for p in entries {
        let hidden = p
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        if hidden {
            continue;
        }
        if p.is_dir() {
            collect_files(&p, out)?;
        } else {
            out.push(p);
        }
    }
    Ok(())
}

/// The files of a built browser calculator; the pages load them from `calc/`.
pub const CALCULATOR_FILES: [&str; 4] = [
    "calc.js",
    "calc.css",
    "mingbai_web.js",
    "mingbai_web_bg.wasm",
];

/// The roster page's module, in the `roster/` folder beside the calculator's files (optional:
/// without it the roster page says so); published under `roster/pkg/`.
pub const ROSTER_FILES: [&str; 2] = ["mingbai_roster_web.js", "mingbai_roster_web_bg.wasm"];

/// Where `scripts/build-web.sh` writes the calculator, relative to the repository; named in the
/// hint that says how to include it.
pub const CALCULATOR_DIR: &str = "target/web-dist";

/// One line for a site built without the calculator: what it means and how to include it.
pub const NO_CALCULATOR_HINT: &str = "注意：本次生成的网站不含网上计算器（计算器页只有政策数字和算例）。\
要包含它：先运行 scripts/build-web.sh，再加 --calculator target/web-dist。\
note: built without the browser calculator; run scripts/build-web.sh and pass --calculator target/web-dist.";

/// Renders the whole site in memory, without the browser calculator.
pub fn render_site(content: &Content, site_dir: &Path) -> Result<Output, Errors> {
    render_site_with(content, site_dir, None)
}

/// Reads the built calculator's files, all of [`CALCULATOR_FILES`] or an error naming the
/// missing ones.
fn calculator_files(dir: &Path) -> Result<Vec<(String, Vec<u8>)>, Errors> {
    let mut errors = Errors::default();
    let mut files = Vec::new();
    for name in CALCULATOR_FILES {
        let f = dir.join(name);
        match fs::read(&f) {
            Ok(bytes) => files.push((format!("calc/{name}"), bytes)),
            Err(e) => errors.push(ContentError::new(
                &f,
                None,
                None,
                format!(
                    "计算器文件读不到（{e}）：请先运行 scripts/build-web.sh 生成计算器，\
                     或去掉 --calculator 生成不含计算器的网站"
                ),
            )),
        }
    }
    let roster = dir.join("roster");
    if roster.is_dir() {
        for name in ROSTER_FILES {
            let f = roster.join(name);
            match fs::read(&f) {
                Ok(bytes) => files.push((format!("roster/pkg/{name}"), bytes)),
                Err(e) => errors.push(ContentError::new(
                    &f,
                    None,
                    None,
                    format!("花名册计算模块的文件读不到（{e}）：请重新运行 scripts/build-web.sh"),
                )),
            }
        }
    }
    if errors.is_empty() {
        Ok(files)
    } else {
        Err(errors)
    }
}

/// Renders the whole site in memory; `calculator` is the built browser calculator's folder
/// (see [`CALCULATOR_FILES`]), published under `calc/`, or `None` for a site without it.
pub fn render_site_with(
    content: &Content,
    site_dir: &Path,
    calculator: Option<&Path>,
) -> Result<Output, Errors> {
    let env = environment(site_dir)?;
    let mut output = Output::new();

    // Static files and attachments first: links in bodies may point at attachments.
    let static_dir = site_dir.join("static");
    let mut files = Vec::new();
    if static_dir.is_dir() {
        collect_files(&static_dir, &mut files)
            .map_err(|e| one_error(&static_dir, format!("cannot read: {e}")))?;
    }
    for f in files {
        let rel = f
            .strip_prefix(&static_dir)
            .unwrap_or(&f)
            .to_string_lossy()
            .replace('\\', "/");
        // The old place of the calculator: a copy left there would be published, stale, in
        // place of the one the build was given.
        if rel.starts_with("calc/") || rel.starts_with("roster/pkg/") {
            let old = if rel.starts_with("calc/") {
                "calc"
            } else {
                "roster/pkg"
            };
            return Err(one_error(
                &static_dir.join(old),
                "这是旧版本留下的计算器副本，计算器已不再放在 site/ 里：请删除这个文件夹，\
                 生成时用 --calculator target/web-dist 指定计算器"
                    .into(),
            ));
        }
        let bytes = fs::read(&f).map_err(|e| one_error(&f, format!("cannot read: {e}")))?;
        output.insert(rel, bytes);
    }
    if let Some(dir) = calculator {
        output.extend(calculator_files(dir)?);
    }
    // Static files land at the site root (as in Hugo and Zola); a jurisdiction may not shadow one.
    for j in &content.jurisdictions {
        if output
            .keys()
            .any(|k| k.split('/').next() == Some(j.id.as_str()))
        {
            return Err(one_error(
                &j.file,
                format!(
                    "jurisdiction id “{}” is also a file or folder in {}",
                    j.id,
                    static_dir.display()
                ),
            ));
        }
    }
    for j in &content.jurisdictions {
        let dir = j.file.parent().unwrap_or(Path::new("."));
        let mut entries: Vec<PathBuf> = fs::read_dir(dir)
            .map_err(|e| one_error(dir, format!("cannot read: {e}")))?
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .filter(|p| p.is_file())
            .collect();
        entries.sort();
        for p in entries {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default();
            let attachment = !name.starts_with('.')
                && [".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".pdf"]
                    .iter()
                    .any(|ext| name.to_ascii_lowercase().ends_with(ext));
            if attachment {
                let bytes = fs::read(&p).map_err(|e| one_error(&p, format!("cannot read: {e}")))?;
                output.insert(format!("{}/{name}", j.id), bytes);
            }
        }
    }

    let pages = views::render_pages(content, &env, &output)?;
    for (k, v) in pages {
        output.insert(k, v);
    }
    Ok(output)
}

/// Writes `output` into a new folder next to `out`, then swaps it in: a failure at any point
/// leaves the previous `out` as it was.
pub fn write_atomic(out: &Path, output: &Output) -> io::Result<()> {
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&parent)?;
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "public".into());
    let pid = std::process::id();
    let tmp = parent.join(format!(".{name}.new-{pid}"));
    let old = parent.join(format!(".{name}.old-{pid}"));
    if tmp.exists() {
        fs::remove_dir_all(&tmp)?;
    }
    let result = (|| {
        let mut dirs: BTreeSet<PathBuf> = BTreeSet::new();
        for rel in output.keys() {
            if let Some(d) = Path::new(rel).parent() {
                dirs.insert(tmp.join(d));
            }
        }
        fs::create_dir_all(&tmp)?;
        for d in &dirs {
            fs::create_dir_all(d)?;
        }
        // Writing is mostly system calls; two or more threads keep the disk busy.
        let files: Vec<(&String, &Vec<u8>)> = output.iter().collect();
        let threads = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
            .clamp(1, 4);
        let chunk = files.len().div_ceil(threads).max(1);
        std::thread::scope(|s| {
            let handles: Vec<_> = files
                .chunks(chunk)
                .map(|part| {
                    let tmp = &tmp;
                    s.spawn(move || -> io::Result<()> {
                        for (rel, bytes) in part {
                            fs::write(tmp.join(rel), bytes)?;
                        }
                        Ok(())
                    })
                })
                .collect();
            handles.into_iter().try_for_each(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(io::Error::other("a writer thread panicked")))
            })
        })
    })();
    if let Err(e) = result {
        let _ = fs::remove_dir_all(&tmp);
        return Err(e);
    }
    if out.exists() {
        // Swap in one step where the system can: a server reading the site (`mingbai serve`)
        // never finds it missing. Elsewhere, two renames with a short gap.
        if exchange(&tmp, out).is_ok() {
            fs::remove_dir_all(&tmp)?;
            return Ok(());
        }
        fs::rename(out, &old)?;
        if let Err(e) = fs::rename(&tmp, out) {
            // Put the previous site back.
            let _ = fs::rename(&old, out);
            let _ = fs::remove_dir_all(&tmp);
            return Err(e);
        }
        fs::remove_dir_all(&old)?;
    } else {
        fs::rename(&tmp, out)?;
    }
    Ok(())
}

/// Atomically exchanges two paths (Linux `renameat2` with `RENAME_EXCHANGE`).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(a.as_os_str().as_bytes()).map_err(io::Error::other)?;
    let b = CString::new(b.as_os_str().as_bytes()).map_err(io::Error::other)?;
    // SAFETY: both pointers are valid NUL-terminated strings that outlive the call; the syscall
    // only reads them.
    let r = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if r == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> io::Result<()> {
    Err(io::Error::other("no atomic exchange on this system"))
}

#[cfg(test)]
mod precompress_tests {
    use super::*;
    use std::io::Read as _;

    fn sample() -> Output {
        let page = "<p>住院报销：起付线以上按比例报销。</p>\n".repeat(200);
        let mut o = Output::new();
        o.insert("index.html".into(), page.clone().into_bytes());
        o.insert(
            "calc/calc.js".into(),
            page.replace("<p>", "// ").into_bytes(),
        );
        o.insert("favicon.png".into(), page.clone().into_bytes());
        o.insert("tiny.css".into(), b"a{}".to_vec());
        o
    }

    #[test]
    fn text_files_get_br_and_gz_copies_that_decompress_to_them() {
        let mut o = sample();
        let before = o.clone();
        precompress(&mut o);
        for name in ["index.html", "calc/calc.js"] {
            let original = &before[name];
            let gz = &o[&format!("{name}.gz")];
            let br = &o[&format!("{name}.br")];
            assert!(
                gz.len() < original.len() / 4 && br.len() < gz.len(),
                "{name}"
            );
            let mut back = Vec::new();
            flate2::read::GzDecoder::new(gz.as_slice())
                .read_to_end(&mut back)
                .unwrap();
            assert_eq!(&back, original, "{name}.gz");
            let mut back = Vec::new();
            brotli::Decompressor::new(br.as_slice(), 4096)
                .read_to_end(&mut back)
                .unwrap();
            assert_eq!(&back, original, "{name}.br");
            // No time in the gzip header (bytes 4..8 are its mtime), no name (flag byte 3).
            assert_eq!(&gz[3..8], &[0, 0, 0, 0, 0]);
        }
        assert!(!o.contains_key("favicon.png.gz"), "not a text file");
        assert!(
            !o.contains_key("tiny.css.gz") && !o.contains_key("tiny.css.br"),
            "no gain"
        );
        assert_eq!(o.len(), before.len() + 4);
    }

    #[test]
    fn precompressing_is_deterministic() {
        let (mut a, mut b) = (sample(), sample());
        precompress(&mut a);
        precompress(&mut b);
        assert_eq!(a, b);
    }
}
