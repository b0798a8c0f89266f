//! Build speed: a synthetic corpus of policy documents (Chinese text, tables, footnotes, quoted
//! parameters, a figure table per card) built by mingbai, and the same corpus built by Hugo
//! (`apt-get install hugo`) with comparable templates, in the same run.
//!
//! `cargo bench -p mingbai-site --bench site_build` — prints figures, asserts nothing.
//! `MINGBAI_BENCH_DOCS=2000` changes the corpus size (default 10 000); `MINGBAI_BENCH_RUNS` the
//! number of timed runs per generator (default 3, the best is reported).

use std::fmt::Write as _;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const PHRASES: &[&str] = &[
    "建档立卡贫困户",
    "按照县委县政府的统一部署",
    "医疗保障政策全面落实",
    "易地扶贫搬迁安置点配套设施建设",
    "各乡镇要高度重视",
    "确保资金按时足额发放到户",
    "村两委和驻村工作队逐户核实",
    "对符合条件的家庭及时纳入保障范围",
    "住院费用实行“先诊疗、后付费”",
    "产业扶贫项目带动贫困户稳定增收",
    "加强政策宣传，做到家喻户晓",
    "动态调整，应保尽保",
];

const CATEGORIES: &[&str] = &[
    "健康扶贫",
    "易地搬迁",
    "教育扶贫",
    "兜底保障",
    "产业扶贫",
    "就业扶贫",
    "金融扶贫",
    "危房改造",
    "综合保障",
];

/// A small deterministic generator, so every run and both generators see the same corpus.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 16) as usize
    }
    fn text(&mut self, sentences: usize) -> String {
        let mut s = String::new();
        for i in 0..sentences {
            for _ in 0..3 {
                s.push_str(PHRASES[self.next() % PHRASES.len()]);
                s.push('，');
            }
            s.push_str(PHRASES[self.next() % PHRASES.len()]);
            s.push('。');
            // Line breaks inside a paragraph, as people write.
            if i % 2 == 1 {
                s.push('\n');
            }
        }
        s
    }
}

struct Doc {
    jid: String,
    slug: String,
    title: String,
    category: &'static str,
    amount: u32,
    body_intro: String,
    body_rest: String,
}

fn corpus(n: usize, per_jurisdiction: usize) -> Vec<Doc> {
    let mut r = Rng(0x9E37_79B9_7F4A_7C15);
    (0..n)
        .map(|i| Doc {
            jid: format!("j{:03}", i / per_jurisdiction),
            slug: format!("policy-{i:05}"),
            title: format!("第{i}号政策：{}", PHRASES[i % PHRASES.len()]),
            category: CATEGORIES[i % CATEGORIES.len()],
            amount: 500 + (r.next() % 50) as u32 * 100,
            body_intro: r.text(4),
            body_rest: r.text(8),
        })
        .collect()
}

fn write(path: &Path, text: &str) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

/// The corpus as mingbai content: per jurisdiction a 低保 document set (a calculator is offered)
/// and documents each carrying one education aid item (`[[params.education.items]]`).
fn write_mingbai(dir: &Path, docs: &[Doc]) {
    write(&dir.join("_site.toml"), "title = \"明白 · 基准\"\nbase_url = \"https://example.org/bench/\"\nlanguage = \"zh-CN\"\n");
    let mut last = String::new();
    for d in docs {
        if d.jid != last {
            last = d.jid.clone();
            write(
                &dir.join(&d.jid).join("_index.md"),
                &format!("+++\nname = \"{0}县\"\nfull_name = \"某省{0}县\"\ncode = \"140923\"\ncalculators = [\"dibao\"]\n+++\n{0}县简介。\n", d.jid),
            );
            write(
                &dir.join(&d.jid).join("dibao.md"),
                "+++\ntitle = \"农村低保\"\ncategory = \"兜底保障\"\nissuer = { v = \"县民政局\", s = \"V\", src = \"练习用\" }\neffective = { v = 2017-01-01, s = \"A\", src = \"示例：练习用\" }\neligibility = [\"低保户\"]\nhow_to_apply = \"向乡镇申请。\"\nsummary = \"低保标准每人每年2900元。\"\nsource = \"基准\"\nstatus = \"S\"\n\n[params.dibao]\nstandard = { v = 2900, s = \"S\" }\ntaper_months = { v = 12, s = \"S\" }\ntaper_months_disabled = { v = 18, s = \"S\" }\ntekun_dispersed = { v = 4000, s = \"S\" }\ntekun_centralized = { v = 6000, s = \"A\" }\n+++\n低保标准 {{ param(\"dibao.standard\") }}。\n",
            );
        }
        let mut s = String::new();
        let _ = write!(
            s,
            "+++\ntitle = \"{}\"\ncategory = \"{}\"\nissuer = {{ v = \"县人民政府\", s = \"V\", src = \"练习用\" }}\ndoc_number = \"县政发〔2019〕1号\"\neffective = {{ v = 2019-01-01, s = \"A\", src = \"示例：练习用\" }}\nexpires = {{ v = 2020-12-31, s = \"A\", src = \"示例：练习用\" }}\neligibility = [\"建档立卡贫困户\", \"低保户\"]\nhow_to_apply = \"向村委会提出申请，乡镇审核后发放。\"\nhotline = \"0350-1234567\"\nsummary = \"{}\"\nsource = \"基准语料\"\nstatus = \"S\"\ntags = [\"基准\"]\n\n[[params.education.items]]\nid = \"{}\"\nname = \"助学补助\"\nstages = [\"vocational\", \"senior\"]\ncategories = [\"jiandang\"]\nboarding = \"any\"\nkind = \"grant\"\nperiod = \"annual\"\namount = {{ v = {}, s = \"S\" }}\n+++\n",
            d.title,
            d.category,
            PHRASES[d.amount as usize % PHRASES.len()],
            d.slug,
            d.amount
        );
        let _ = write!(
            s,
            "## 政策内容\n\n{}\n\n补助标准为每生每年 {{{{ param(\"education.items.{}.amount\") }}}}。[^1]\n\n| 项目 | 标准 | 说明 |\n|---|---|---|\n| 中职 | {}元 | 每学年 |\n| 高中 | {}元 | 每学年 |\n\n## 办理流程\n\n1. 提出申请\n2. 村级评议\n3. 乡镇审核\n\n{}\n\n[^1]: 以县教育局公布为准。\n",
            d.body_intro, d.slug, d.amount, d.amount, d.body_rest
        );
        write(&dir.join(&d.jid).join(format!("{}.md", d.slug)), &s);
    }
}

/// The same corpus for Hugo: same front matter fields, the figure as data, a shortcode for the
/// quoted figure; templates for home, sections (jurisdictions), categories (taxonomy), pages,
/// RSS and sitemap (Hugo's own).
fn write_hugo(dir: &Path, docs: &[Doc]) {
    write(
        &dir.join("config.toml"),
        "baseURL = \"https://example.org/bench/\"\nlanguageCode = \"zh-CN\"\ntitle = \"明白 · 基准\"\ndisableKinds = [\"robotsTXT\"]\n[taxonomies]\ncategory = \"categories\"\n[markup.goldmark.renderer]\nunsafe = false\n[markup.goldmark.extensions]\ntable = true\nfootnote = true\n[markup.goldmark.parser]\nautoHeadingID = true\n",
    );
    let mut last = String::new();
    for d in docs {
        if d.jid != last {
            last = d.jid.clone();
            write(
                &dir.join("content").join(&d.jid).join("_index.md"),
                &format!("+++\ntitle = \"{0}县\"\n+++\n{0}县简介。\n", d.jid),
            );
        }
        let s = format!(
            "+++\ntitle = \"{}\"\ncategories = [\"{}\"]\nissuer = \"县人民政府\"\ndoc_number = \"县政发〔2019〕1号\"\ndate = 2019-01-01\nexpiryDate = 2099-12-31\neligibility = [\"建档立卡贫困户\", \"低保户\"]\nhow_to_apply = \"向村委会提出申请，乡镇审核后发放。\"\nhotline = \"0350-1234567\"\nsummary = \"{}\"\nsource = \"基准语料\"\nstatus = \"S\"\ntags = [\"基准\"]\n[[figures]]\npath = \"education.items.{}.amount\"\nlabel = \"助学补助 · 金额\"\nvalue = \"{}元\"\nstatus = \"种子报告\"\n+++\n## 政策内容\n\n{}\n\n补助标准为每生每年 {{{{< param \"education.items.{}.amount\" >}}}}。[^1]\n\n| 项目 | 标准 | 说明 |\n|---|---|---|\n| 中职 | {}元 | 每学年 |\n| 高中 | {}元 | 每学年 |\n\n## 办理流程\n\n1. 提出申请\n2. 村级评议\n3. 乡镇审核\n\n{}\n\n[^1]: 以县教育局公布为准。\n",
            d.title, d.category, PHRASES[d.amount as usize % PHRASES.len()], d.slug, d.amount, d.body_intro, d.slug, d.amount, d.amount, d.body_rest
        );
        write(
            &dir.join("content")
                .join(&d.jid)
                .join(format!("{}.md", d.slug)),
            &s,
        );
    }
    let l = dir.join("layouts");
    write(
        &l.join("_default/baseof.html"),
        r#"<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta http-equiv="Content-Security-Policy" content="default-src 'self'"><title>{{ .Title }} · {{ .Site.Title }}</title><link rel="stylesheet" href="{{ "css/site.css" | relURL }}"></head><body><header><a href="{{ "" | relURL }}">{{ .Site.Title }}</a><nav><ul>{{ range .Site.Sections }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></nav></header><main>{{ block "main" . }}{{ end }}</main><footer><a href="{{ "index.xml" | relURL }}">订阅</a></footer></body></html>"#,
    );
    let card = r#"<article class="card"><p>{{ range .Params.categories }}{{ . }}{{ end }}</p><h3><a href="{{ .RelPermalink }}">{{ .Title }}</a></h3><p>{{ .Params.summary }}</p><dl><dt>谁能享受</dt><dd><ul>{{ range .Params.eligibility }}<li>{{ . }}</li>{{ end }}</ul></dd><dt>怎么办理</dt><dd>{{ .Params.how_to_apply }}</dd><dt>咨询电话</dt><dd>{{ .Params.hotline }}</dd><dt>文号</dt><dd>{{ .Params.doc_number }}</dd><dt>有效期</dt><dd>{{ .Date.Format "2006年1月2日" }}起</dd></dl><table class="figures"><tbody>{{ range .Params.figures }}<tr><th>{{ .label }}</th><td><strong>{{ .value }}</strong> <span class="badge">{{ .status }}</span></td></tr>{{ end }}</tbody></table></article>"#;
    write(&l.join("partials/card.html"), card);
    write(
        &l.join("_default/single.html"),
        r#"{{ define "main" }}{{ partial "card.html" . }}<section class="prose">{{ .Content }}</section><p>来源：{{ .Params.source }}</p>{{ end }}"#,
    );
    write(
        &l.join("_default/list.html"),
        r#"{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}<div class="grid">{{ range .Pages }}{{ partial "card.html" . }}{{ end }}</div>{{ end }}"#,
    );
    write(
        &l.join("index.html"),
        r#"{{ define "main" }}<h1>{{ .Site.Title }}</h1><ul>{{ range .Site.Sections }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ len .Pages }}</li>{{ end }}</ul><ul>{{ range .Site.Taxonomies.categories }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> {{ .Count }}</li>{{ end }}</ul>{{ end }}"#,
    );
    write(
        &l.join("shortcodes/param.html"),
        r#"{{ $p := .Get 0 }}{{ range .Page.Params.figures }}{{ if eq .path $p }}<span class="fig">{{ .value }}<span class="badge">{{ .status }}</span></span>{{ end }}{{ end }}"#,
    );
    write(&dir.join("static/css/site.css"), "body{font-size:18px}\n");
}

fn html_pages(dir: &Path) -> usize {
    let mut files = Vec::new();
    mingbai_site::collect_files(dir, &mut files).unwrap();
    files
        .iter()
        .filter(|f| f.extension().is_some_and(|e| e == "html"))
        .count()
}

fn best(runs: usize, mut f: impl FnMut() -> bool) -> Option<Duration> {
    let mut best: Option<Duration> = None;
    for _ in 0..runs {
        let t = Instant::now();
        if !f() {
            return None;
        }
        let e = t.elapsed();
        best = Some(best.map_or(e, |b| b.min(e)));
    }
    best
}

fn gz(bytes: &[u8]) -> usize {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    e.write_all(bytes).unwrap();
    e.finish().unwrap().len()
}

fn main() {
    let n: usize = std::env::var("MINGBAI_BENCH_DOCS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10_000);
    let runs: usize = std::env::var("MINGBAI_BENCH_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3);
    let root = std::env::temp_dir().join(format!("mingbai-bench-{}", std::process::id()));
    let _ = fs::remove_dir_all(&root);
    let docs = corpus(n, 100);
    let content = root.join("content");
    let hugo_src = root.join("hugo");
    write_mingbai(&content, &docs);
    write_hugo(&hugo_src, &docs);
    let site: PathBuf = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../site");
    let input_bytes: u64 = docs
        .iter()
        .map(|d| (d.body_intro.len() + d.body_rest.len()) as u64)
        .sum();
    println!("corpus: {n} policy documents in {} jurisdictions (+2 低保 documents each), {:.1} MB of body text", n.div_ceil(100), input_bytes as f64 / 1e6);
    println!(
        "machine: {} cores; best of {runs} runs",
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    );

    // mingbai: load + render + atomic write, as `mingbai build` does.
    let out = root.join("public");
    // Phases of the fastest run, which is the one reported.
    let mut phases = (Duration::ZERO, Duration::ZERO, Duration::ZERO);
    let mut fastest = Duration::MAX;
    let t_m = best(runs, || {
        let t = Instant::now();
        let c = match mingbai_content::load(&content) {
            Ok(c) => c,
            Err(e) => {
                eprintln!("{e}");
                return false;
            }
        };
        let t1 = t.elapsed();
        let o = match mingbai_site::render_site(&c, &site) {
            Ok(o) => o,
            Err(e) => {
                eprintln!("{e}");
                return false;
            }
        };
        let t2 = t.elapsed();
        mingbai_site::write_atomic(&out, &o).unwrap();
        if t.elapsed() < fastest {
            fastest = t.elapsed();
            phases = (t1, t2 - t1, fastest - t2);
        }
        true
    })
    .expect("the synthetic corpus builds");
    let pages_m = html_pages(&out);
    println!(
        "mingbai: {pages_m} HTML pages (+ print sheets with QR codes, search index, feed, sitemap) in {:.2}s = {:.0} pages/s  [load {:.2}s, render {:.2}s, write {:.2}s]",
        t_m.as_secs_f64(),
        pages_m as f64 / t_m.as_secs_f64(),
        phases.0.as_secs_f64(),
        phases.1.as_secs_f64(),
        phases.2.as_secs_f64()
    );
    let mut files = Vec::new();
    mingbai_site::collect_files(&out, &mut files).unwrap();
    let mut sizes: Vec<(u64, String)> = files
        .iter()
        .map(|f| {
            (
                f.metadata().unwrap().len(),
                f.strip_prefix(&out).unwrap().display().to_string(),
            )
        })
        .collect();
    sizes.sort();
    let total: u64 = sizes.iter().map(|s| s.0).sum();
    let print: u64 = sizes
        .iter()
        .filter(|s| s.1.contains("/print/"))
        .map(|s| s.0)
        .sum();
    println!(
        "  output: {} files, {:.1} MB (print sheets {:.1} MB); largest: {}",
        sizes.len(),
        total as f64 / 1e6,
        print as f64 / 1e6,
        sizes
            .iter()
            .rev()
            .take(3)
            .map(|(n, p)| format!("{p} {:.1} MB", *n as f64 / 1e6))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let page = fs::read(out.join("j000/policy-00000/index.html")).unwrap();
    let list = fs::read(out.join("j000/index.html")).unwrap();
    println!("  sizes: a policy page {} B ({} B gzip); a jurisdiction page of 100 cards {} B ({} B gzip)", page.len(), gz(&page), list.len(), gz(&list));

    // Hugo, same run.
    let hugo_out = root.join("hugo-public");
    let t_h = best(runs, || {
        let _ = fs::remove_dir_all(&hugo_out);
        match Command::new("hugo")
            .args(["--quiet", "--source"])
            .arg(&hugo_src)
            .arg("--destination")
            .arg(&hugo_out)
            .status()
        {
            Ok(s) if s.success() => true,
            Ok(s) => {
                eprintln!("hugo failed: {s}");
                false
            }
            Err(e) => {
                eprintln!("hugo not available ({e}); install it with apt-get install hugo");
                false
            }
        }
    });
    match t_h {
        Some(t_h) => {
            let pages_h = html_pages(&hugo_out);
            let version = Command::new("hugo")
                .arg("version")
                .output()
                .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
                .unwrap_or_default();
            println!("hugo:    {pages_h} HTML pages (+ RSS, sitemap) in {:.2}s = {:.0} pages/s  [{version}]", t_h.as_secs_f64(), pages_h as f64 / t_h.as_secs_f64());
            println!(
                "ratio: mingbai is {:.2}× Hugo's speed in pages/s ({:.2}× in wall time for the same corpus)",
                (pages_m as f64 / t_m.as_secs_f64()) / (pages_h as f64 / t_h.as_secs_f64()),
                t_h.as_secs_f64() / t_m.as_secs_f64()
            );
        }
        None => println!("hugo: not measured"),
    }
    let _ = fs::remove_dir_all(&root);
    real_content_sizes(&site);
}

/// Page weight of the real site (content/): the largest card pages, gzipped.
fn real_content_sizes(site: &Path) {
    let content = site.join("../content");
    let Ok(c) = mingbai_content::load(&content) else {
        println!("real content: does not load, sizes not measured");
        return;
    };
    let Ok(o) = mingbai_site::render_site(&c, site) else {
        println!("real content: does not render, sizes not measured");
        return;
    };
    let mut sizes: Vec<(usize, usize, &String)> = o
        .iter()
        .filter(|(k, _)| k.ends_with("index.html") && !k.contains("/print/"))
        .map(|(k, v)| (gz(v), v.len(), k))
        .collect();
    sizes.sort();
    let policies = c.docs().count();
    println!(
        "real content: {} pages ({policies} policies); largest card pages gzip: {}",
        sizes.len(),
        sizes
            .iter()
            .rev()
            .take(4)
            .map(|(g, n, k)| format!(
                "{k} {:.1} KB ({:.1} KB raw)",
                *g as f64 / 1024.0,
                *n as f64 / 1024.0
            ))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let prints: Vec<String> = o
        .iter()
        .filter(|(k, _)| k.contains("/print/a4/"))
        .map(|(k, v)| format!("{k} {:.1} KB", gz(v) as f64 / 1024.0))
        .collect();
    println!("  print sheets (A4) gzip: {}", prints.join(", "));
}
