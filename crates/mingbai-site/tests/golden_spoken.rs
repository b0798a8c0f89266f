//! What the 朗读 buttons of each calculator card say: the real content rendered with the real
//! templates, every `data-speak` of a card that has a calculator taken from the page exactly as
//! the browser hands it to `speechSynthesis`, in page order (the card, then each worked example's
//! answer). One golden file per card in `tests/golden/spoken/`; a card whose listening text
//! changes (a figure, a sentence of the engine's plain module, a template) shows up as a diff.
//! `UPDATE_GOLDEN=1 cargo test -p mingbai-site --test golden_spoken` rewrites them.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// An attribute value as the browser reads it (the template engine's HTML escapes undone).
fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&#x2f;", "/")
        .replace("&#x2F;", "/")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Every `data-speak="…"` of a page, in order.
fn spoken_texts(html: &str) -> Vec<String> {
    html.split("data-speak=\"")
        .skip(1)
        .filter_map(|rest| rest.split_once('"').map(|(v, _)| unescape(v)))
        .collect()
}

#[test]
fn spoken_text_of_every_calculator_card() {
    let root = repo();
    let content = mingbai_content::load(&root.join("content"))
        .unwrap_or_else(|e| panic!("content does not load:\n{e}"));
    let site = mingbai_site::render_site(&content, &root.join("site"))
        .unwrap_or_else(|e| panic!("the site does not render:\n{e}"));
    let ids: Vec<&str> = content
        .jurisdictions
        .iter()
        .map(|j| j.id.as_str())
        .collect();

    // `<jurisdiction>/<card>/index.html` of a card with a calculator (its 算一算 entry).
    let mut produced: BTreeMap<String, String> = BTreeMap::new();
    for (path, bytes) in &site {
        let parts: Vec<&str> = path.split('/').collect();
        let [j, slug, "index.html"] = parts.as_slice() else {
            continue;
        };
        if !ids.contains(j) || *slug == "calculator" {
            continue;
        }
        let html = String::from_utf8_lossy(bytes);
        if !html.contains("href=\"#calculator\"") {
            continue;
        }
        let texts = spoken_texts(&html);
        assert!(
            !texts.is_empty(),
            "{path}: a calculator card without a 朗读 button"
        );
        let mut out = String::new();
        for (i, t) in texts.iter().enumerate() {
            assert!(
                !t.contains('<') && !t.contains('|') && !t.contains('%') && !t.contains('¥'),
                "{path}: 朗读 text {} has symbols a voice reads badly: {t}",
                i + 1
            );
            let what = if i == 0 {
                "卡片".to_string()
            } else {
                format!("例题答案 {i}")
            };
            out.push_str(&format!("【{what}】\n{t}\n\n"));
        }
        produced.insert(format!("{j}-{slug}.txt"), out);
    }
    assert!(
        produced.len() >= 10,
        "only {} calculator cards found: did the page layout change?",
        produced.len()
    );

    let golden = root.join("tests/golden/spoken");
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut problems = Vec::new();
    if update {
        let _ = fs::remove_dir_all(&golden);
        fs::create_dir_all(&golden).unwrap();
    }
    for (name, text) in &produced {
        let file = golden.join(name);
        if update {
            fs::write(&file, text).unwrap();
            continue;
        }
        match fs::read_to_string(&file) {
            Ok(g) if g == *text => {}
            Ok(_) => problems.push(format!("tests/golden/spoken/{name} differs")),
            Err(_) => problems.push(format!("tests/golden/spoken/{name} is missing")),
        }
    }
    if !update {
        for e in fs::read_dir(&golden).into_iter().flatten().flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if !produced.contains_key(&name) {
                problems.push(format!("tests/golden/spoken/{name} is no longer produced"));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "spoken text golden mismatch (rerun with UPDATE_GOLDEN=1 if intended):\n{}",
        problems.join("\n")
    );
}
