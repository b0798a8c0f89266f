//! Hostile content: what a careless or malicious document can do to the site, and what it must get
//! instead — a safe page or a clear error (file, line, reason), and never a partial site.
//!
//! Every case builds a copy of the good fixture (`crates/mingbai-content/tests/fixtures/good/`)
//! with one hostile change, into a real output folder over a previous good build. A refused build
//! must leave that previous build byte for byte as it was; an accepted one must pass the safety
//! oracle of `tests/hostile/oracle.rs` on every page (no script, event handler, `javascript:` URL,
//! frame or taken id from content; embedded JSON intact) — the same oracle the content fuzz target
//! uses. Cases that could crash or hang the process (huge or deeply nested input) run in a child
//! process with a time limit, so a stack overflow or a hang is reported as this test's failure
//! with its name instead of killing the test run.

#[path = "../../../tests/hostile/oracle.rs"]
mod oracle;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn site_dir() -> PathBuf {
    repo().join("site")
}

fn good_fixture() -> PathBuf {
    repo().join("crates/mingbai-content/tests/fixtures/good")
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

/// Every file under `dir`: relative path → bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = Vec::new();
    mingbai_site::collect_files(dir, &mut files).unwrap();
    files
        .into_iter()
        .map(|p| {
            let rel = p
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let bytes = fs::read(&p).unwrap();
            (rel, bytes)
        })
        .collect()
}

/// A temporary copy of the good fixture with a good build of it in `out`.
struct Fixture {
    dir: PathBuf,
    content: PathBuf,
    out: PathBuf,
    before: BTreeMap<String, Vec<u8>>,
}

impl Fixture {
    fn new(name: &str) -> Fixture {
        let dir =
            std::env::temp_dir().join(format!("mingbai-hostile-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        let content = dir.join("content");
        copy_dir(&good_fixture(), &content);
        let out = dir.join("public");
        mingbai_site::build(&content, &site_dir(), &out).expect("the good fixture builds");
        let before = snapshot(&out);
        Fixture {
            dir,
            content,
            out,
            before,
        }
    }

    fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) {
        let p = self.content.join(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, bytes).unwrap();
    }

    /// Builds; the error message has the fixture's folder stripped (`content/ceshi/x.md:3: ...`).
    fn build(&self) -> Result<mingbai_site::Report, String> {
        mingbai_site::build(&self.content, &site_dir(), &self.out).map_err(|e| {
            e.to_string()
                .replace(&format!("{}/", self.dir.display()), "")
        })
    }

    /// The build must be refused with a message naming `file` (and the line, when given) and
    /// containing `reason`; the previous site must be untouched, byte for byte.
    fn expect_refused(&self, file: &str, line: Option<usize>, reason: &str) -> String {
        let msg = match self.build() {
            Ok(r) => panic!("hostile input was accepted ({} pages)", r.pages),
            Err(m) => m,
        };
        let place = match line {
            Some(l) => format!("content/{file}:{l}: "),
            None => format!("content/{file}"),
        };
        assert!(
            msg.lines()
                .any(|l| l.starts_with(&place) && l.contains(reason)),
            "expected an error at {place} saying “{reason}”, got:\n{msg}"
        );
        self.assert_previous_site_intact();
        msg
    }

    fn assert_previous_site_intact(&self) {
        let now = snapshot(&self.out);
        assert_eq!(
            now.keys().collect::<Vec<_>>(),
            self.before.keys().collect::<Vec<_>>(),
            "a failed build changed the set of files"
        );
        for (k, v) in &now {
            assert!(&self.before[k] == v, "a failed build changed {k}");
        }
        let leftovers: Vec<_> = fs::read_dir(&self.dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .filter(|n| n.starts_with('.'))
            .collect();
        assert!(
            leftovers.is_empty(),
            "temporary folders left: {leftovers:?}"
        );
    }

    /// The build must succeed and every generated page must be safe. Returns the new site.
    fn expect_safe_site(&self) -> BTreeMap<String, Vec<u8>> {
        if let Err(m) = self.build() {
            panic!("expected a safe site, the build failed:\n{m}");
        }
        let site = snapshot(&self.out);
        assert_safe(&site);
        site
    }
}

impl Drop for Fixture {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.dir);
    }
}

/// Every generated page passes the oracle; feeds and sitemaps carry no raw markup from content.
fn assert_safe(site: &BTreeMap<String, Vec<u8>>) {
    let static_dir = site_dir().join("static");
    let mut pages = 0;
    for (path, bytes) in site {
        if static_dir.join(path).exists() {
            continue;
        }
        if path.ends_with(".html") {
            let page = std::str::from_utf8(bytes).unwrap();
            assert!(page.trim_end().ends_with("</html>"), "{path} is cut short");
            if let Err(why) = oracle::check_page(page) {
                panic!("unsafe page {path}: {why}");
            }
            pages += 1;
        } else if path.ends_with(".xml") {
            let xml = std::str::from_utf8(bytes).unwrap().to_ascii_lowercase();
            for raw in ["<script", "<iframe", "<img"] {
                assert!(!xml.contains(raw), "{path} carries raw {raw}");
            }
            // XML 1.0 allows no control characters but tab, LF and CR: one makes the whole feed
            // unreadable for a feed reader.
            if let Some(c) = xml.chars().find(|&c| {
                (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{FFFE}' || c == '\u{FFFF}'
            }) {
                panic!(
                    "{path} is not well-formed XML: it contains U+{:04X}",
                    c as u32
                );
            }
        } else if path.ends_with(".json") {
            serde_json::from_slice::<serde_json::Value>(bytes)
                .unwrap_or_else(|e| panic!("{path} is not JSON: {e}"));
        }
    }
    assert!(pages >= 10, "too few pages: {pages}");
}

fn page(site: &BTreeMap<String, Vec<u8>>, path: &str) -> String {
    String::from_utf8(
        site.get(path)
            .unwrap_or_else(|| panic!("no {path} in the site"))
            .clone(),
    )
    .unwrap()
}

/// A policy document with valid required keys; `extra` is more front matter, `body` the Markdown.
fn doc(extra: &str, body: &str) -> String {
    format!(
        "+++\ntitle = \"恶意内容测试\"\ncategory = \"产业扶贫\"\nissuer = {{ v = \"练习市农业农村局\", s = \"V\", src = \"练习用\" }}\neffective = {{ v = 2018-03-01, s = \"A\", src = \"示例：练习用\" }}\neligibility = [\"脱贫户\"]\nhow_to_apply = \"向村委会申报。\"\nsummary = \"一句话。\"\nsource = \"公开报道\"\nstatus = \"V\"\n{extra}\n+++\n{body}"
    )
}

/// Runs `case` in a child process (this test binary, filtered to `name`) with a time limit: a
/// crash (stack overflow, abort) or a hang fails `name` with a clear message instead of taking
/// the whole test run down.
fn isolated(name: &str, limit: Duration, case: impl FnOnce()) {
    const VAR: &str = "MINGBAI_HOSTILE_CHILD";
    if std::env::var(VAR).as_deref() == Ok(name) {
        case();
        return;
    }
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([name, "--exact", "--nocapture", "--test-threads", "1"])
        .env(VAR, name)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let out = child.wait_with_output().unwrap();
            let text = format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            assert!(
                status.success(),
                "{name}: the child process failed ({status}; a signal means a crash such as a stack overflow):\n{}",
                text.lines().rev().take(30).collect::<Vec<_>>().into_iter().rev().collect::<Vec<_>>().join("\n")
            );
            // Figures the case printed (sizes, times), for the report.
            for l in text
                .lines()
                .filter_map(|l| l.find("hostile:").map(|i| &l[i..]))
            {
                println!("{l}");
            }
            return;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{name}: no result after {limit:?}: the build hangs or is far too slow");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

// ---------------------------------------------------------------------------------------------
// <script>, javascript:, event attributes, <iframe> — in Markdown

#[test]
fn raw_html_in_markdown_is_sanitized() {
    let f = Fixture::new("raw-html");
    f.write(
        "lianxi/hostile.md",
        doc(
            "",
            r#"## 第一节

正文<script>alert("s1")</script>保留。

<script src="https://evil.example/x.js"></script>
<iframe src="https://evil.example/"></iframe>
<iframe srcdoc="<script>alert('s2')</script>"></iframe>
<object data="x.swf"></object><embed src="x.swf">
<img src="x.png" onerror="alert('s3')">
<svg onload="alert('s4')"><circle r="1"/></svg>
<p onclick="alert('s5')" onmouseover="alert('s6')">事件属性去掉，文字保留。</p>
<a href="javascript:alert('s7')">坏链接一</a>
<a href="JaVaScRiPt:alert('s8')">坏链接二</a>
<a href="java&#x73;cript:alert('s9')">坏链接三</a>
<a href=" &#9;javascript:alert('s10')">坏链接四</a>
<a href="data:text/html,&lt;script&gt;alert('s11')&lt;/script&gt;">坏链接五</a>
<a href="vbscript:msgbox('s12')">坏链接六</a>
<form action="javascript:alert('s13')"><button formaction="javascript:alert('s14')">按钮</button></form>
<meta http-equiv="refresh" content="0;url=javascript:alert('s15')">
<base href="https://evil.example/">
<style>body{background:url("javascript:alert('s16')")}</style>
<div id="calculator">占用计算器的 id</div>
<div id="mingbai-params">占用参数的 id</div>

| 表 | 格 |
|---|---|
| <b onmouseover="alert('s17')">粗</b> | <i>斜</i> |

脚注[^1]。

[^1]: 注释<script>alert("s18")</script>。
"#,
        ),
    );
    let site = f.expect_safe_site();
    let p = page(&site, "lianxi/hostile/index.html");
    assert!(p.contains("事件属性去掉，文字保留。"), "{p}");
    assert!(p.contains("坏链接一") && p.contains("坏链接六"), "{p}");
    assert!(p.contains("正文") && p.contains("保留。"), "{p}");
    // Nothing that was meant to run survives anywhere in the site, not even as text.
    for (path, bytes) in &site {
        let text = String::from_utf8_lossy(bytes);
        for n in 1..=18 {
            for quote in ["'", "\""] {
                let call = format!("alert({quote}s{n}{quote})");
                assert!(
                    !text.contains(&call) || path == "search-index.json",
                    "{path} still carries {call}"
                );
            }
        }
    }
}

#[test]
fn javascript_links_in_markdown_syntax_are_refused_with_file_and_line() {
    for (i, link) in [
        "[点我](javascript:alert(1))",
        "[点我](JAVASCRIPT:alert(1))",
        "[点我](java&#x73;cript:alert(1))",
        "<javascript:alert(1)>",
        "[点我](vbscript:msgbox(1))",
        "[点我](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "[点我][ref]\n\n[ref]: javascript:alert(1)",
        "![图](javascript:alert(1))",
    ]
    .into_iter()
    .enumerate()
    {
        let f = Fixture::new(&format!("js-link-{i}"));
        // The document's body starts on line 13; the link is on line 15.
        f.write(
            "lianxi/hostile.md",
            doc("", &format!("第一段。\n\n{link}\n")),
        );
        let msg = f.expect_refused("lianxi/hostile.md", Some(15), "");
        assert!(
            msg.contains("link") || msg.contains("image"),
            "{link}: the message should say what is wrong: {msg}"
        );
    }
}

#[test]
fn heading_attributes_cannot_add_event_handlers() {
    // pulldown-cmark's heading attributes ({#id .class key=value}) are not raw HTML, so a body
    // without raw HTML skips the sanitizer: the attributes reach the page as written.
    let f = Fixture::new("heading-attrs");
    f.write(
        "lianxi/hostile.md",
        doc(
            "",
            "# 标题 {onclick=alert(1) onmouseover=alert(2)}\n\n正文。\n",
        ),
    );
    match f.build() {
        Ok(_) => assert_safe(&snapshot(&f.out)),
        Err(m) => {
            assert!(m.starts_with("content/lianxi/hostile.md:13"), "{m}");
            f.assert_previous_site_intact();
        }
    }
}

#[test]
fn heading_ids_cannot_take_the_ids_the_page_scripts_use() {
    // dibao-2019 has a calculator hook (<section id="calculator">, <script id="mingbai-params">).
    let f = Fixture::new("heading-ids");
    let original = fs::read_to_string(good_fixture().join("ceshi/dibao-2019.md")).unwrap();
    f.write(
        "ceshi/dibao-2019.md",
        format!("{original}\n\n## 计算器 {{#calculator}}\n\n## 参数 {{#mingbai-params}}\n"),
    );
    match f.build() {
        Ok(_) => assert_safe(&snapshot(&f.out)),
        Err(m) => {
            assert!(m.starts_with("content/ceshi/dibao-2019.md:"), "{m}");
            f.assert_previous_site_intact();
        }
    }
}

#[test]
fn heading_ids_stay_unique_when_a_heading_looks_like_a_generated_one() {
    // Two “a” headings get a and a-1; a third heading written “a-1” must not get a-1 again, or
    // a link to #a-1 (and a script looking it up) finds the wrong one.
    let f = Fixture::new("heading-dup");
    f.write(
        "lianxi/hostile.md",
        doc(
            "",
            "## a\n\n## a\n\n## a-1\n\n## 注 {#fn-1}\n\n正文[^1]。\n\n[^1]: 注释。\n",
        ),
    );
    match f.build() {
        Ok(_) => assert_safe(&snapshot(&f.out)),
        Err(m) => {
            assert!(m.starts_with("content/lianxi/hostile.md:"), "{m}");
            f.assert_previous_site_intact();
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The same in front-matter strings, the jurisdiction and the site settings

const XSS: &str = r#"<script>alert('fm')</script><img src=x onerror=alert('fm')><iframe src=javascript:alert('fm')></iframe>\" onmouseover=\"alert('fm')\" ' onfocus='alert(1)' javascript:alert('fm')"#;

#[test]
fn front_matter_strings_are_escaped_everywhere() {
    let f = Fixture::new("front-matter");
    f.write(
        "lianxi/hostile.md",
        format!(
            "+++\ntitle = \"标题{XSS}\"\ncategory = \"产业扶贫\"\nissuer = {{ v = \"发文{XSS}\", s = \"V\", src = \"练习用\" }}\ndoc_number = \"文号{XSS}\"\neffective = {{ v = 2018-03-01, s = \"A\", src = \"示例：练习用\" }}\nexpires = {{ v = 2030-12-31, s = \"A\", src = \"示例：练习用\" }}\neligibility = [\"对象{XSS}\", \"第二条\"]\nhow_to_apply = \"办理{XSS}\"\nsummary = \"摘要{XSS}\"\nsource = \"来源{XSS}\"\nstatus = \"V\"\ntags = [\"标签{XSS}\"]\n+++\n正文。\n"
        ),
    );
    // Figure sources end up in tooltips, on cards and in the calculator's embedded JSON.
    let original = fs::read_to_string(good_fixture().join("ceshi/dibao-2019.md")).unwrap();
    f.write(
        "ceshi/dibao-2019.md",
        original.replace(
            "standard = { v = \"3500.50\", s = \"V\" }",
            &format!("standard = {{ v = \"3500.50\", s = \"V\", src = \"</script><script>alert('src')</script>{XSS}\" }}"),
        ),
    );
    f.write(
        "lianxi/_index.md",
        format!("+++\nname = \"练习市{XSS}\"\nfull_name = \"某省练习市{XSS}\"\ncode = \"130600\"\nseed = \"{XSS}\"\nperiod = \"{XSS}\"\n+++\n练习市<script>alert('intro')</script>没有计算器。\n"),
    );
    f.write(
        "_site.toml",
        format!("title = \"明白{XSS}\"\nbase_url = \"https://example.org/mingbai/\"\nlanguage = \"zh-CN\\\" onload=\\\"alert(1)\"\n"),
    );
    let site = f.expect_safe_site();
    let p = page(&site, "lianxi/hostile/index.html");
    assert!(
        p.contains("标题&lt;script&gt;"),
        "the title is shown, escaped:\n{p}"
    );
    assert!(p.contains("办理&lt;script&gt;"), "{p}");
    let calc = page(&site, "ceshi/dibao-2019/index.html");
    assert!(!calc.contains("</script><script>alert('src')"), "{calc}");
    // The source is still in the parameters the calculator reads, as data.
    assert!(
        calc.contains("\\u003c/script\\u003e\\u003cscript\\u003ealert('src')"),
        "{calc}"
    );
}

#[test]
fn a_base_url_that_breaks_out_of_attributes_is_refused_or_escaped() {
    let f = Fixture::new("base-url");
    f.write(
        "_site.toml",
        "title = \"明白\"\nbase_url = \"https://example.org/\\\"><script>alert(1)</script><a x=\\\"/\"\nlanguage = \"zh-CN\"\n",
    );
    match f.build() {
        Ok(_) => assert_safe(&snapshot(&f.out)),
        Err(m) => {
            assert!(m.starts_with("content/_site.toml"), "{m}");
            f.assert_previous_site_intact();
        }
    }
    let f = Fixture::new("base-url-js");
    f.write(
        "_site.toml",
        "title = \"明白\"\nbase_url = \"javascript:alert(1)//\"\nlanguage = \"zh-CN\"\n",
    );
    f.expect_refused("_site.toml", Some(2), "base_url");
}

// ---------------------------------------------------------------------------------------------
// Size and depth

/// Ten megabytes of realistic policy text: headings, paragraphs with quoted figures, lists,
/// tables, footnotes, links and a little raw HTML (so the sanitizer runs over all of it).
fn ten_megabytes() -> String {
    let mut body = String::with_capacity(10_600_000);
    let mut i = 0;
    while body.len() < 10 * 1024 * 1024 {
        i += 1;
        body.push_str(&format!(
            "## 第{i}节 申请条件\n\n建档立卡贫困户家庭成员在定点医疗机构住院，先诊疗后付费，\n出院时“一站式”结算。详见[说明](industry.md)[^n{i}]。<b>重点</b>\n\n- 第一项：县级医院自付不超过1000元\n- 第二项：市级医院自付不超过3000元\n  - 其中大病保险起付线降低50%\n\n| 级别 | 封顶 |\n|---|---|\n| 县级 | 1000元 |\n| 市级 | 3000元 |\n\n[^n{i}]: 依据种子报告{i}。\n\n"
        ));
    }
    body
}

#[test]
fn a_ten_megabyte_document_builds_completely_or_is_refused() {
    isolated(
        "a_ten_megabyte_document_builds_completely_or_is_refused",
        Duration::from_secs(900),
        || {
            let f = Fixture::new("ten-mb");
            let body = ten_megabytes();
            f.write("lianxi/big.md", doc("", &body));
            let start = Instant::now();
            let result = f.build();
            println!(
                "hostile: 10 MB document ({} bytes): build {:?} in {:.1}s",
                body.len(),
                result.as_ref().map(|r| r.pages),
                start.elapsed().as_secs_f64()
            );
            match result {
                Ok(_) => {
                    let site = snapshot(&f.out);
                    assert_safe(&site);
                    let p = page(&site, "lianxi/big/index.html");
                    let last = body.matches("## 第").count();
                    assert!(
                        p.contains(&format!("第{last}节 申请条件")),
                        "the page is not complete"
                    );
                }
                Err(m) => {
                    assert!(m.starts_with("content/lianxi/big.md"), "{m}");
                    f.assert_previous_site_intact();
                }
            }
        },
    );
}

fn nested_case(name: &str, body: String) {
    let f = Fixture::new(name);
    let len = body.len();
    f.write("lianxi/nested.md", doc("", &body));
    let start = Instant::now();
    let result = f.build();
    println!(
        "hostile: {name} ({len} bytes): {} in {:.1}s",
        match &result {
            Ok(_) => "built".to_string(),
            Err(m) => format!("refused: {}", m.lines().next().unwrap_or("")),
        },
        start.elapsed().as_secs_f64()
    );
    match result {
        Ok(_) => assert_safe(&snapshot(&f.out)),
        Err(m) => {
            assert!(m.starts_with("content/lianxi/nested.md"), "{m}");
            f.assert_previous_site_intact();
        }
    }
}

#[test]
fn deeply_nested_lists_by_indentation() {
    // 1 000 levels written as a person would: each item indented two more spaces (≈1 MB).
    isolated(
        "deeply_nested_lists_by_indentation",
        Duration::from_secs(300),
        || {
            let body: String = (0..1000)
                .map(|i| format!("{}- 第{i}层\n", "  ".repeat(i)))
                .collect();
            nested_case("nested-indent", body);
        },
    );
}

#[test]
fn deeply_nested_lists_on_one_line() {
    // "- - - - x" opens a list inside a list on one line: 50 000 levels in 100 KB.
    isolated(
        "deeply_nested_lists_on_one_line",
        Duration::from_secs(300),
        || {
            nested_case("nested-line", format!("{}深处\n", "- ".repeat(50_000)));
        },
    );
}

#[test]
fn deeply_nested_lists_through_the_sanitizer() {
    // Raw HTML anywhere sends the whole page through the HTML parser of the sanitizer.
    isolated(
        "deeply_nested_lists_through_the_sanitizer",
        Duration::from_secs(120),
        || {
            nested_case(
                "nested-list-sanitized",
                format!("{}深处 <b>粗</b>\n", "- ".repeat(50_000)),
            )
        },
    );
}

#[test]
fn deeply_nested_quotes_through_the_sanitizer() {
    isolated(
        "deeply_nested_quotes_through_the_sanitizer",
        Duration::from_secs(120),
        || {
            nested_case(
                "nested-quote-sanitized",
                format!("{}引用 <b>粗</b>\n", "> ".repeat(50_000)),
            )
        },
    );
}

#[test]
fn deeply_nested_raw_html() {
    isolated("deeply_nested_raw_html", Duration::from_secs(300), || {
        nested_case(
            "nested-html",
            format!(
                "正文{}深处{}\n",
                "<div><span>".repeat(20_000),
                "</span></div>".repeat(20_000)
            ),
        );
    });
}

#[test]
fn many_soft_breaks_without_text_between_them() {
    // Lines of inline code or inline HTML are separated by soft breaks with no Text event next to
    // them; the Chinese line-joining pass looks for the nearest text on each side of a break.
    // 100 000 lines (≈500 KB) must build in well under the time limit.
    isolated(
        "many_soft_breaks_without_text_between_them",
        Duration::from_secs(120),
        || {
            nested_case(
                "soft-breaks",
                format!("开始\n{}结束\n", "`码`\n".repeat(100_000)),
            );
        },
    );
}

// ---------------------------------------------------------------------------------------------
// Encoding

#[test]
fn invalid_utf8_is_refused_naming_the_file() {
    // GBK, as a county office's editor might save it: “低保标准” in GBK bytes.
    let gbk = b"\xb5\xcd\xb1\xa3\xb1\xea\xd7\xbc";
    let mut bytes = doc("", "正文第一行。\n").into_bytes();
    bytes.extend_from_slice(gbk);
    bytes.extend_from_slice("\n".as_bytes());
    for (i, (file, content)) in [
        ("lianxi/gbk.md", bytes.clone()),
        ("lianxi/_index.md", {
            let mut b = b"+++\nname = \"".to_vec();
            b.extend_from_slice(gbk);
            b.extend_from_slice(b"\"\nfull_name = \"x\"\ncode = \"130600\"\n+++\n");
            b
        }),
        ("_site.toml", {
            let mut b = b"title = \"".to_vec();
            b.extend_from_slice(gbk);
            b.extend_from_slice(b"\"\nbase_url = \"https://example.org/\"\nlanguage = \"zh-CN\"\n");
            b
        }),
        ("lianxi/lone-byte.md", {
            let mut b = doc("", "正文").into_bytes();
            b.push(0xff);
            b
        }),
    ]
    .into_iter()
    .enumerate()
    {
        let f = Fixture::new(&format!("utf8-{i}"));
        f.write(file, content);
        let msg = f.expect_refused(file, None, "");
        assert!(
            msg.contains("UTF-8"),
            "{file}: the reason should name the encoding: {msg}"
        );
    }
}

#[test]
fn control_characters_pasted_into_a_title_keep_the_feed_well_formed() {
    // A vertical tab (U+000B) is what a word processor leaves for a manual line break.
    let f = Fixture::new("title-vt");
    f.write(
        "lianxi/hostile.md",
        doc("", "正文。\n").replace(
            "title = \"恶意内容测试\"",
            "title = \"产业扶贫\\u000b奖补办法\"",
        ),
    );
    match f.build() {
        Ok(_) => {
            assert_safe(&snapshot(&f.out));
        }
        Err(m) => {
            assert!(m.starts_with("content/lianxi/hostile.md:2: title"), "{m}");
            f.assert_previous_site_intact();
        }
    }
}

#[test]
fn a_file_name_that_is_not_utf8_is_refused() {
    use std::os::unix::ffi::OsStrExt;
    let f = Fixture::new("utf8-name");
    let name = std::ffi::OsStr::from_bytes(b"\xb5\xcd\xb1\xa3.md");
    fs::write(f.content.join("lianxi").join(name), doc("", "正文。\n")).unwrap();
    let msg = f.expect_refused("lianxi/", None, "slug");
    assert!(msg.contains("file name"), "{msg}");
}

#[test]
fn nul_and_control_characters_in_text_do_not_reach_pages() {
    let f = Fixture::new("control-chars");
    f.write(
        "lianxi/hostile.md",
        doc(
            "tags = [\"a\\u0000b\", \"c\\u001bd\"]",
            "正文\u{0}中间\u{1b}[31m红\u{7f}。\n\u{E000}0\u{E001} 私用区字符。\n",
        ),
    );
    match f.build() {
        Ok(_) => {
            let site = snapshot(&f.out);
            assert_safe(&site);
            let p = page(&site, "lianxi/hostile/index.html");
            assert!(p.contains("私用区字符"), "{p}");
        }
        Err(m) => {
            assert!(m.starts_with("content/lianxi/hostile.md"), "{m}");
            f.assert_previous_site_intact();
        }
    }
}

#[test]
fn figure_placeholders_written_as_character_references_are_not_filled() {
    // The generator marks quoted figures with U+E000 n U+E001 and fills them in after sanitizing.
    // The raw characters are refused in content, but Markdown and HTML decode `&#xE000;`: the
    // decoded marker must stay text, not become a figure (or a figure inside an attribute).
    let f = Fixture::new("placeholder");
    let original = fs::read_to_string(good_fixture().join("ceshi/dibao-2019.md")).unwrap();
    f.write(
        "ceshi/dibao-2019.md",
        format!("{original}\n\n伪造：&#xE000;0&#xE001;\n\n<a title=\"&#xE000;0&#xE001;\" href=\"#x\">链接</a>\n"),
    );
    let baseline = String::from_utf8(f.before["ceshi/dibao-2019/index.html"].clone()).unwrap();
    match f.build() {
        Ok(_) => {
            let site = snapshot(&f.out);
            assert_safe(&site);
            let p = page(&site, "ceshi/dibao-2019/index.html");
            let figs = |s: &str| s.matches("<span class=\"fig\"").count();
            assert_eq!(
                figs(&p),
                figs(&baseline),
                "a character reference became a quoted figure:\n{p}"
            );
            assert!(
                !p.contains("title=\"<span"),
                "a figure was filled into an attribute:\n{p}"
            );
        }
        Err(m) => {
            assert!(m.starts_with("content/ceshi/dibao-2019.md:"), "{m}");
            f.assert_previous_site_intact();
        }
    }
}

// ---------------------------------------------------------------------------------------------
// A file that vanishes while `serve` rebuilds
//
// `mingbai serve` polls content/ and calls `mingbai_site::build` on a change (crates/mingbai-cli/
// src/serve.rs), keeping the previous build when it fails. These tests drive that function the
// same way.

#[test]
fn a_deleted_document_gives_a_consistent_site() {
    let f = Fixture::new("deleted");
    f.write("lianxi/extra.md", doc("", "一篇后来删掉的文件。\n"));
    let with = f.expect_safe_site();
    assert!(with.contains_key("lianxi/extra/index.html"));
    fs::remove_file(f.content.join("lianxi/extra.md")).unwrap();
    let site = f.expect_safe_site();
    assert!(!site.contains_key("lianxi/extra/index.html"));
    for (path, bytes) in &site {
        if path.ends_with(".html") || path.ends_with(".xml") || path.ends_with(".json") {
            assert!(
                !String::from_utf8_lossy(bytes).contains("lianxi/extra/"),
                "{path} still links to the deleted document"
            );
        }
    }
    // Back to exactly the site before the document was added.
    assert_eq!(site, f.before);
}

#[test]
fn a_deleted_document_that_others_link_to_fails_and_keeps_the_previous_site() {
    let f = Fixture::new("deleted-linked");
    // ceshi/_index.md links to dibao-2017.md.
    fs::remove_file(f.content.join("ceshi/dibao-2017.md")).unwrap();
    f.expect_refused("ceshi/_index.md", None, "dibao-2017");
}

#[test]
fn a_document_that_vanishes_between_listing_and_reading_is_a_clear_error() {
    // A dangling symlink is listed by read_dir but cannot be read: exactly what a build sees when
    // an editor deletes (or renames over) a file between the two steps.
    let f = Fixture::new("vanished");
    std::os::unix::fs::symlink(
        f.content.join("lianxi/gone-away.md.tmp"),
        f.content.join("lianxi/gone.md"),
    )
    .unwrap();
    f.expect_refused("lianxi/gone.md", None, "cannot read");
    // An attachment vanishing the same way.
    let f = Fixture::new("vanished-attachment");
    std::os::unix::fs::symlink(
        f.content.join("lianxi/photo.tmp"),
        f.content.join("lianxi/photo.jpg"),
    )
    .unwrap();
    match f.build() {
        Ok(_) => assert_safe(&snapshot(&f.out)),
        Err(m) => {
            assert!(m.starts_with("content/lianxi/photo.jpg"), "{m}");
            f.assert_previous_site_intact();
        }
    }
}

/// Sets `stop` when dropped, so a scoped helper thread ends even when the test body panics
/// (otherwise the scope waits for it forever and a failure looks like a hang).
struct StopOnDrop<'a>(&'a std::sync::atomic::AtomicBool);

impl Drop for StopOnDrop<'_> {
    fn drop(&mut self) {
        self.0.store(true, std::sync::atomic::Ordering::Relaxed);
    }
}

#[test]
fn rebuilds_racing_a_file_that_comes_and_goes_never_leave_a_partial_site() {
    let f = Fixture::new("race");
    let extra = f.content.join("lianxi/flicker.md");
    let text = doc("", "时有时无的文件。\n");
    let stop = std::sync::atomic::AtomicBool::new(false);
    let (mut ok, mut refused) = (0, 0);
    let good_files = f.before.len();
    std::thread::scope(|s| {
        s.spawn(|| {
            let mut n = 0u64;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                if n % 2 == 0 {
                    // Written in two steps, as editors do: a moment with half a file.
                    let half = &text.as_bytes()[..text.len() / 2];
                    let _ = fs::write(&extra, half);
                    let _ = fs::write(&extra, &text);
                } else {
                    let _ = fs::remove_file(&extra);
                }
                n += 1;
                std::thread::sleep(Duration::from_micros(300));
            }
        });
        let _stop = StopOnDrop(&stop);
        for _ in 0..40 {
            match mingbai_site::build(&f.content, &site_dir(), &f.out) {
                Ok(_) => ok += 1,
                Err(e) => {
                    let m = e.to_string();
                    assert!(m.contains("lianxi/flicker.md"), "an unrelated error: {m}");
                    refused += 1;
                }
            }
            // Whatever happened, the output is one whole site: with or without the flickering
            // document, every page complete.
            let site = snapshot(&f.out);
            // The page comes with its precompressed copies (`.br`, `.gz`).
            let flicker_files = site
                .keys()
                .filter(|k| k.starts_with("lianxi/flicker/"))
                .count();
            assert!(
                flicker_files == 0 || flicker_files == 3,
                "the flickering page is partly there: {flicker_files} files"
            );
            assert_eq!(site.len(), good_files + flicker_files, "a partial site");
            for (path, bytes) in &site {
                if path.ends_with(".html") {
                    assert!(
                        String::from_utf8_lossy(bytes)
                            .trim_end()
                            .ends_with("</html>"),
                        "{path} is cut short"
                    );
                }
            }
        }
    });
    println!("hostile: race: {ok} builds succeeded, {refused} refused");
}

#[test]
fn the_site_stays_readable_while_it_is_replaced() {
    // `serve` answers requests while it rebuilds. Between moving the old site away and moving the
    // new one in, `out/index.html` must not be missing, or a visitor gets a 404 for a page that
    // exists before and after.
    let f = Fixture::new("swap");
    let index = f.out.join("index.html");
    let stop = std::sync::atomic::AtomicBool::new(false);
    let misses = std::sync::atomic::AtomicUsize::new(0);
    let reads = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|s| {
        s.spawn(|| {
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                if fs::read(&index).is_err() {
                    misses.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                }
                reads.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            }
        });
        let _stop = StopOnDrop(&stop);
        for _ in 0..30 {
            mingbai_site::build(&f.content, &site_dir(), &f.out).unwrap();
        }
    });
    let (m, r) = (misses.into_inner(), reads.into_inner());
    println!("hostile: swap: {m} of {r} reads of index.html failed during 30 rebuilds");
    assert_eq!(
        m, 0,
        "{m} of {r} reads of index.html failed while the site was replaced"
    );
}
