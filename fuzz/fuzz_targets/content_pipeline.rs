//! Fuzz target (a): the content pipeline — front matter + Markdown + parameters → pages.
//!
//! Each input becomes a small content folder on a RAM disk: a valid `_site.toml`, a jurisdiction
//! `ceshi` with an `_index.md` and one policy document `policy.md` made from the input. Then
//! `mingbai_content::load` and `mingbai_site::render_site` run with the real templates of `site/`.
//!
//! Input layout: the first byte chooses the shape, the rest is the data.
//! - bit 0 clear: the rest is the whole policy document, byte for byte (invalid UTF-8 included);
//!   seeds are the real documents of `content/`.
//! - bit 0 set: the rest is split at NUL bytes into (extra front matter, body, introduction); the
//!   document gets valid required keys, then the extra front matter (parameters, tags, ...) and the
//!   body; the introduction is the `_index.md` body.
//! - bits 1–4: which calculators `_index.md` offers (medical, relocation, education, dibao).
//!
//! Checked: no panic; a refusal names a file of the content folder; a success is a complete site
//! (home, jurisdiction, policy page, feed, sitemap, search index, every page closed) whose every
//! page passes the safety oracle of `tests/hostile/oracle.rs` (no script, event handler,
//! `javascript:` URL or frame from content; the embedded parameters still valid JSON).
#![no_main]

#[path = "../../tests/hostile/oracle.rs"]
mod oracle;

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

const CALCS: [&str; 4] = ["medical", "relocation", "education", "dibao"];

const FRONT: &str = "title = \"模糊测试政策\"
category = \"兜底保障\"
issuer = { v = \"测试县民政局\", s = \"V\", src = \"模糊测试\" }
effective = { v = 2017-01-01, s = \"A\", src = \"示例：模糊测试\" }
eligibility = [\"低保家庭\"]
how_to_apply = \"向乡镇申请。\"
summary = \"一句话。\"
source = \"种子报告000\"
status = \"A\"
";

fn workdir() -> &'static PathBuf {
    static W: OnceLock<PathBuf> = OnceLock::new();
    W.get_or_init(|| {
        let base = if Path::new("/dev/shm").is_dir() {
            PathBuf::from("/dev/shm")
        } else {
            std::env::temp_dir()
        };
        let w = base.join(format!("mingbai-fuzz-{}", std::process::id()));
        let _ = fs::remove_dir_all(&w);
        fs::create_dir_all(w.join("content/ceshi")).unwrap();
        fs::write(
            w.join("content/_site.toml"),
            "title = \"明白 · 模糊测试\"\nbase_url = \"https://example.org/mingbai/\"\nlanguage = \"zh-CN\"\n",
        )
        .unwrap();
        w
    })
}

fn site_dir() -> PathBuf {
    std::env::var_os("MINGBAI_SITE")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../site")))
}

fn index(calcs: u8, intro: &[u8]) -> Vec<u8> {
    let list: Vec<String> = CALCS
        .iter()
        .enumerate()
        .filter(|(i, _)| calcs & (1 << i) != 0)
        .map(|(_, c)| format!("\"{c}\""))
        .collect();
    let mut v = format!(
        "+++\nname = \"测试县\"\nfull_name = \"某省某市测试县\"\ncode = \"140900\"\ncalculators = [{}]\n+++\n",
        list.join(", ")
    )
    .into_bytes();
    v.extend_from_slice(intro);
    v
}

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let calcs = (flags >> 1) & 0x0f;
    let (doc, intro): (Vec<u8>, &[u8]) = if flags & 1 == 0 {
        (rest.to_vec(), "测试县的政策明白卡。".as_bytes())
    } else {
        let mut parts = rest.splitn(3, |&b| b == 0);
        let extra = parts.next().unwrap_or_default();
        let body = parts.next().unwrap_or_default();
        let intro = parts.next().unwrap_or_default();
        let mut d = b"+++\n".to_vec();
        d.extend_from_slice(FRONT.as_bytes());
        d.extend_from_slice(extra);
        d.extend_from_slice(b"\n+++\n");
        d.extend_from_slice(body);
        (d, intro)
    };

    let w = workdir();
    let content = w.join("content");
    fs::write(content.join("ceshi/_index.md"), index(calcs, intro)).unwrap();
    fs::write(content.join("ceshi/policy.md"), &doc).unwrap();

    let prefix = content.display().to_string();
    let loaded = match mingbai_content::load(&content) {
        Ok(c) => c,
        Err(e) => {
            let msg = e.to_string();
            assert!(
                !e.is_empty() && msg.starts_with(&prefix),
                "unclear error: {msg}"
            );
            return;
        }
    };
    let output = match mingbai_site::render_site(&loaded, &site_dir()) {
        Ok(o) => o,
        Err(e) => {
            let msg = e.to_string();
            assert!(
                !e.is_empty() && msg.starts_with(&prefix),
                "unclear error: {msg}"
            );
            return;
        }
    };
    for needed in [
        "index.html",
        "404.html",
        "feed.xml",
        "sitemap.xml",
        "search-index.json",
        "ceshi/index.html",
        "ceshi/policy/index.html",
    ] {
        assert!(output.contains_key(needed), "incomplete site: no {needed}");
    }
    for (path, bytes) in &output {
        assert!(
            !path.starts_with('/') && !path.split('/').any(|s| s == ".." || s.is_empty()),
            "output path escapes the site: {path}"
        );
        if path.ends_with(".html") && !site_dir().join("static").join(path).exists() {
            let page = std::str::from_utf8(bytes).expect("pages are UTF-8");
            assert!(page.trim_end().ends_with("</html>"), "{path} is cut short");
            if let Err(why) = oracle::check_page(page) {
                panic!("unsafe page {path}: {why}");
            }
        }
    }
    serde_json::from_slice::<serde_json::Value>(&output["search-index.json"])
        .expect("the search index is JSON");
});
