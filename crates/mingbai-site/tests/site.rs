//! Whole-site tests: golden pages, one case per class of bad input, sanitizing, determinism,
//! atomic builds and a link check over built sites.
//!
//! Data lives in files: `crates/mingbai-content/tests/fixtures/good/` is a small content folder,
//! `…/fixtures/bad/<case>/` holds files that replace the good ones plus `expected.txt`, the exact
//! report; `tests/golden/` holds the rendered pages of the good fixture. `UPDATE_GOLDEN=1 cargo
//! test -p mingbai-site` rewrites the expected files (review the diff before committing).

use std::fs;
use std::path::{Path, PathBuf};

use mingbai_site::{linkcheck, render_site, Output};

fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn repo() -> PathBuf {
    manifest().join("../..")
}

fn site_dir() -> PathBuf {
    repo().join("site")
}

fn fixtures() -> PathBuf {
    repo().join("crates/mingbai-content/tests/fixtures")
}

fn update() -> bool {
    std::env::var_os("UPDATE_GOLDEN").is_some()
}

fn temp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("mingbai-site-test-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&d);
    fs::create_dir_all(&d).unwrap();
    d
}

fn copy_dir(src: &Path, dst: &Path) {
    fs::create_dir_all(dst).unwrap();
    for e in fs::read_dir(src).unwrap() {
        let e = e.unwrap();
        let to = dst.join(e.file_name());
        if e.path().is_dir() {
            copy_dir(&e.path(), &to);
        } else {
            fs::copy(e.path(), to).unwrap();
        }
    }
}

fn render(content: &Path) -> Result<Output, String> {
    let c = mingbai_content::load(content).map_err(|e| e.to_string())?;
    render_site(&c, &site_dir()).map_err(|e| e.to_string())
}

fn good() -> Output {
    render(&fixtures().join("good")).expect("the good fixture renders")
}

/// Generated files (not copies of site/static, which other parts own).
fn generated(o: &Output) -> Vec<(&String, &Vec<u8>)> {
    let static_dir = site_dir().join("static");
    o.iter()
        .filter(|(k, _)| !static_dir.join(k).exists())
        .filter(|(k, _)| k.as_str() != "search-index.json")
        .collect()
}

#[test]
fn golden_pages() {
    let out = good();
    let golden = manifest().join("tests/golden");
    let mut mismatches = Vec::new();
    let files = generated(&out);
    assert!(files.len() >= 15, "too few pages: {}", files.len());
    for (path, bytes) in &files {
        let g = golden.join(path);
        if update() {
            fs::create_dir_all(g.parent().unwrap()).unwrap();
            fs::write(&g, bytes).unwrap();
            continue;
        }
        match fs::read(&g) {
            Ok(expected) if &expected == *bytes => {}
            Ok(_) => mismatches.push(format!("{path} differs from tests/golden/{path}")),
            Err(_) => mismatches.push(format!("{path} has no golden file")),
        }
    }
    // A golden file whose page is no longer produced is also a difference.
    let mut stored = Vec::new();
    mingbai_site::collect_files(&golden, &mut stored).unwrap();
    for s in stored {
        let rel = s
            .strip_prefix(&golden)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if !out.contains_key(&rel) {
            if update() {
                fs::remove_file(&s).unwrap();
            } else {
                mismatches.push(format!("tests/golden/{rel} is no longer produced"));
            }
        }
    }
    assert!(
        mismatches.is_empty(),
        "golden mismatch (rerun with UPDATE_GOLDEN=1 if intended):\n{}",
        mismatches.join("\n")
    );
}

#[test]
fn each_class_of_bad_input_is_reported_with_file_line_and_reason() {
    let bad = fixtures().join("bad");
    let mut cases: Vec<PathBuf> = fs::read_dir(&bad)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(
        cases.len() >= 15,
        "expected the bad-input cases, found {}",
        cases.len()
    );
    let mut failures = Vec::new();
    for case in cases {
        let name = case.file_name().unwrap().to_string_lossy().to_string();
        let dir = temp(&format!("bad-{name}"));
        let content = dir.join("content");
        copy_dir(&fixtures().join("good"), &content);
        for e in fs::read_dir(&case).unwrap() {
            let p = e.unwrap().path();
            if p.file_name().unwrap() != "expected.txt" {
                let to = content.join(p.file_name().unwrap());
                if p.is_dir() {
                    copy_dir(&p, &to);
                } else {
                    fs::copy(&p, &to).unwrap();
                }
            }
        }
        let message = match render(&content) {
            Ok(_) => "(no error)".to_string(),
            Err(e) => e.replace(&format!("{}/", dir.display()), ""),
        };
        let expected_file = case.join("expected.txt");
        if update() {
            fs::write(&expected_file, format!("{message}\n")).unwrap();
        } else {
            let expected = fs::read_to_string(&expected_file).unwrap_or_default();
            if expected.trim_end() != message {
                failures.push(format!(
                    "{name}:\n  expected: {}\n  got:      {message}",
                    expected.trim_end()
                ));
            }
        }
        assert_ne!(message, "(no error)", "{name}: bad input was accepted");
        let _ = fs::remove_dir_all(&dir);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn raw_html_is_sanitized() {
    let out = good();
    let page = String::from_utf8(out["ceshi/dibao-taper/index.html"].clone()).unwrap();
    assert!(!page.contains("alert"), "script content reached the page");
    assert!(!page.contains("onclick"));
    assert!(!page.contains("javascript:"));
    assert!(page.contains("这段文字保留，事件属性去掉。"));
    // The only scripts are the page's own: the parameters (data) and same-origin files.
    for script in page.split("<script").skip(1) {
        let tag = script.split('>').next().unwrap();
        assert!(
            tag.contains("type=\"application/json\" id=\"mingbai-params\"")
                || tag.contains(" src=\"../../"),
            "unexpected script: <script{tag}>"
        );
    }
    assert!(page.contains("<script type=\"application/json\" id=\"mingbai-params\">"));
}

#[test]
fn figures_come_from_parameters() {
    let out = good();
    let page = String::from_utf8(out["ceshi/dibao-2019/index.html"].clone()).unwrap();
    // The 2019 standard, as given in front matter ("3500.50"), on the card and in the prose.
    // (Each amount is kept with its 元 on one line: src/nobreak.rs.)
    assert!(
        page.contains("<strong><span class=\"nw\">3500.50元</span></strong>"),
        "{page}"
    );
    assert!(page.contains("提高到 <span class=\"fig\" title=\"农村低保标准（每人每年）\"><span class=\"nw\">3500.50元</span><span class=\"badge st-V\">公开报道</span></span>"), "{page}");
    // A figure quoted from another document of the jurisdiction.
    let page = String::from_utf8(out["ceshi/dibao-2017/index.html"].clone()).unwrap();
    assert!(page.contains("渐退期见"), "{page}");
    assert!(
        page.contains(">12个月<span class=\"badge st-S\">种子报告</span>"),
        "{page}"
    );
}

#[test]
fn two_builds_are_byte_identical() {
    let a = good();
    let b = good();
    assert_eq!(a, b);
    let dir = temp("determinism");
    let c = mingbai_content::load(&fixtures().join("good")).unwrap();
    for name in ["one", "two"] {
        let o = render_site(&c, &site_dir()).unwrap();
        mingbai_site::write_atomic(&dir.join(name), &o).unwrap();
    }
    let (mut x, mut y) = (Vec::new(), Vec::new());
    mingbai_site::collect_files(&dir.join("one"), &mut x).unwrap();
    mingbai_site::collect_files(&dir.join("two"), &mut y).unwrap();
    assert_eq!(x.len(), y.len());
    for (p, q) in x.iter().zip(&y) {
        assert_eq!(
            p.strip_prefix(dir.join("one")).unwrap(),
            q.strip_prefix(dir.join("two")).unwrap()
        );
        assert_eq!(
            fs::read(p).unwrap(),
            fs::read(q).unwrap(),
            "{}",
            p.display()
        );
    }
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn a_failed_build_leaves_the_previous_site_untouched() {
    let dir = temp("atomic");
    let out = dir.join("public");
    mingbai_site::build(&fixtures().join("good"), &site_dir(), &out).unwrap();
    let mut before = Vec::new();
    mingbai_site::collect_files(&out, &mut before).unwrap();
    let snapshot: Vec<Vec<u8>> = before.iter().map(|p| fs::read(p).unwrap()).collect();

    let content = dir.join("content");
    copy_dir(&fixtures().join("good"), &content);
    copy_dir(&fixtures().join("bad/broken-link"), &content);
    fs::remove_file(content.join("expected.txt")).unwrap();
    assert!(mingbai_site::build(&content, &site_dir(), &out).is_err());

    let mut after = Vec::new();
    mingbai_site::collect_files(&out, &mut after).unwrap();
    assert_eq!(before, after);
    for (p, bytes) in after.iter().zip(&snapshot) {
        assert_eq!(&fs::read(p).unwrap(), bytes);
    }
    // No temporary folders are left next to the output.
    let leftovers: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n.to_string_lossy().starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn every_internal_link_of_the_fixture_site_resolves() {
    let out = good();
    let problems = linkcheck::check(&out, "/mingbai/");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_real_content_builds_and_every_internal_link_resolves() {
    let content = repo().join("content");
    let c =
        mingbai_content::load(&content).unwrap_or_else(|e| panic!("content/ does not load:\n{e}"));
    assert!(
        c.jurisdictions.len() >= 5,
        "expected the five jurisdictions"
    );
    let out =
        render_site(&c, &site_dir()).unwrap_or_else(|e| panic!("content/ does not render:\n{e}"));
    let problems = linkcheck::check(&out, "/mingbai/");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // Each jurisdiction that offers a calculator has its page and the parameters on it.
    for j in &c.jurisdictions {
        if !j.calculators.is_empty() {
            let page =
                String::from_utf8(out[&format!("{}/calculator/index.html", j.id)].clone()).unwrap();
            assert!(page.contains(&format!("data-jurisdiction=\"{}\"", j.id)));
            assert!(page.contains("id=\"mingbai-params\""));
        }
    }
}

/// The issue's searches on the real site: the calculators are found by what they compute, and
/// 搬迁补助 finds 代县's 易地扶贫搬迁建房补助 card, first among 代县's cards for a 代县 searcher.
#[test]
fn real_search_finds_the_calculators_and_the_own_county_first() {
    let c = mingbai_content::load(&repo().join("content")).expect("content/ loads");
    let out = render_site(&c, &site_dir()).expect("content/ renders");
    let index =
        mingbai_search::Index::from_json(std::str::from_utf8(&out["search-index.json"]).unwrap())
            .unwrap();
    let urls = |q: &str, home: Option<&str>| -> Vec<String> {
        index
            .search_from(q, home)
            .into_iter()
            .map(|h| h.url)
            .collect()
    };
    for q in ["住院报销", "计算器"] {
        let got = urls(q, None);
        assert!(got[0].ends_with("/calculator/"), "{q}: {got:?}");
    }
    assert!(urls("看病", None)[..8]
        .iter()
        .any(|u| u.ends_with("/calculator/")));
    let got = urls("搬迁补助", Some("代县"));
    assert!(
        got[..2].contains(&"daixian/relocation-subsidy/".to_string()),
        "{got:?}"
    );
    assert!(
        got[..2].contains(&"daixian/calculator/".to_string()),
        "{got:?}"
    );
    assert!(urls("搬迁补助", None).contains(&"daixian/relocation-subsidy/".to_string()));
    assert_eq!(urls("住院报销", Some("镇巴县"))[0], "zhenba/calculator/");
}

#[test]
fn pages_load_nothing_from_other_origins() {
    let out = good();
    for (path, bytes) in &out {
        if !path.ends_with(".html") {
            continue;
        }
        let page = String::from_utf8_lossy(bytes);
        assert!(
            page.contains("http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'"),
            "{path} has no CSP"
        );
        for bad in [
            "src=\"http",
            "src=\"//",
            "stylesheet\" href=\"http",
            "@import",
        ] {
            assert!(!page.contains(bad), "{path} contains {bad}");
        }
    }
}

#[test]
fn print_sheets_carry_a_qr_code_per_policy() {
    let out = good();
    let a4 = String::from_utf8(out["ceshi/print/a4/index.html"].clone()).unwrap();
    assert_eq!(a4.matches("<svg class=\"qr\"").count(), 4);
    assert_eq!(a4.matches("<section class=\"sheet\">").count(), 1);
    assert!(a4.contains("https://example.org/mingbai/ceshi/relocation/"));
    let a6 = String::from_utf8(out["ceshi/print/a6/index.html"].clone()).unwrap();
    assert_eq!(a6.matches("<article class=\"pcard\">").count(), 4);
}

#[test]
fn feed_and_sitemap_are_well_formed_and_escaped() {
    let out = good();
    let feed = String::from_utf8(out["feed.xml"].clone()).unwrap();
    assert!(feed.starts_with(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\""
    ));
    // 5 documents take effect, 2 expire.
    assert_eq!(feed.matches("<entry>").count(), 7);
    assert!(feed.contains("<updated>2020-12-31T00:00:00+08:00</updated>"));
    let sitemap = String::from_utf8(out["sitemap.xml"].clone()).unwrap();
    assert!(sitemap.contains(
        "<loc>https://example.org/mingbai/ceshi/dibao-2019/</loc><lastmod>2019-01-01</lastmod>"
    ));
    assert!(!sitemap.contains("404"));
}

/// The text a reader sees: tags (with their attributes), scripts and styles removed.
fn visible_text(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let tail = &rest[start..];
        let skip_to = ["script", "style"].iter().find_map(|t| {
            tail.starts_with(&format!("<{t}"))
                .then(|| tail.find(&format!("</{t}>")).map(|e| e + t.len() + 3))
                .flatten()
        });
        let end = skip_to.or_else(|| tail.find('>').map(|e| e + 1));
        match end {
            Some(e) => rest = &tail[e..],
            None => return out,
        }
    }
    out.push_str(rest);
    out
}

#[test]
fn no_page_shows_a_parameter_code_path() {
    let c = mingbai_content::load(&repo().join("content"))
        .unwrap_or_else(|e| panic!("content/ does not load:\n{e}"));
    let out = render_site(&c, &site_dir()).unwrap_or_else(|e| panic!("{e}"));
    let mut problems = Vec::new();
    for (path, bytes) in &out {
        if !path.ends_with(".html") {
            continue;
        }
        let text = visible_text(&String::from_utf8_lossy(bytes));
        for prefix in ["medical.", "relocation.", "education.", "dibao."] {
            for (at, _) in text.match_indices(prefix) {
                let next = text[at + prefix.len()..].chars().next();
                if next.is_some_and(|c| c.is_ascii_lowercase()) {
                    let shown: String = text[at..].chars().take(60).collect();
                    problems.push(format!("{path}: {shown}"));
                }
            }
        }
    }
    // the check reads what a reader reads: a card's words and its 朗读 button are there
    let card = visible_text(&String::from_utf8_lossy(
        &out["daixian/health-136/index.html"],
    ));
    assert!(card.contains("朗读") && card.contains("政策数字"), "{card}");
    assert!(
        problems.is_empty(),
        "code paths on pages:\n{}",
        problems.join("\n")
    );
}

/// `fixtures/levels`: the national policy has one page, listing the counties; each county's page
/// lists it; 乙县's own version says what it changes; the home page lists the policy once.
#[test]
fn a_national_policy_is_one_page_listed_by_every_county() {
    let o = render(&fixtures().join("levels")).expect("the levels fixture renders");
    // Amounts are kept with their 元 by a span (`nobreak`); the words are what is checked here.
    let page = |p: &str| {
        String::from_utf8(
            o.get(p)
                .unwrap_or_else(|| panic!("{p} is not generated"))
                .clone(),
        )
        .unwrap()
        .replace(r#"<span class="nw">"#, "")
        .replace("</span>", "")
    };
    let national = page("quanguo/dibao/index.html");
    assert!(national.contains("国家政策，适用于"), "{national}");
    assert!(national.contains(r#"<a href="../../jiaxian/">甲县</a>"#));
    assert!(national.contains(r#"<a href="../../yixian/dibao/">乙县（有本地调整）</a>"#));
    // 甲县 wrote nothing but its index: its page shows the national card, and its address for
    // the policy points to the one page.
    let jia = page("jiaxian/index.html");
    assert!(jia.contains(r#"href="../quanguo/dibao/""#), "{jia}");
    assert!(jia.contains("农村低保：每人每年3000元"));
    assert!(page("jiaxian/dibao/index.html").contains(r#"url=../../quanguo/dibao/"#));
    // 乙县's card carries its figure and says where it differs.
    let yi = page("yixian/dibao/index.html");
    assert!(yi.contains("农村低保：每人每年3600元"));
    assert!(
        yi.contains("国家政策，本地有调整：农村低保标准（每人每年）"),
        "{yi}"
    );
    // The sitemap lists the one page, not 甲县's address pointing to it.
    let sitemap = page("sitemap.xml");
    assert!(sitemap.contains("quanguo/dibao/"));
    assert!(!sitemap.contains("jiaxian/dibao/"), "{sitemap}");
    // The home page lists the national policy once, and no county's adjustment of it.
    let home = page("index.html");
    assert_eq!(home.matches("农村低保：每人每年").count(), 1, "{home}");
    // Menus list counties; the levels above are named once, below them.
    assert!(!home.contains(r#"<li><a href="quanguo/">"#));
}

/// The calculator used to be copied into site/static/calc/; a copy left there would be published
/// in place of the one the build is given, so it is refused with what to do.
#[test]
fn a_calculator_left_in_site_static_is_refused() {
    let tmp = std::env::temp_dir().join(format!("mingbai-stale-calc-{}", std::process::id()));
    let _ = fs::remove_dir_all(&tmp);
    copy_dir(&site_dir(), &tmp);
    fs::create_dir_all(tmp.join("static/calc")).unwrap();
    fs::write(tmp.join("static/calc/calc.js"), "old").unwrap();
    let c = mingbai_content::load(&fixtures().join("good")).unwrap();
    let err = render_site(&c, &tmp).unwrap_err().to_string();
    assert!(
        err.contains("static/calc") && err.contains("--calculator target/web-dist"),
        "{err}"
    );
    let _ = fs::remove_dir_all(&tmp);
}
