//! The `mingbai` binary end to end: calc (text, JSON, bad input), check, build.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn fixture() -> PathBuf {
    repo().join("crates/mingbai-content/tests/fixtures/good")
}

fn run(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_mingbai"))
        .args(args)
        .current_dir(repo())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

const CASE: &str = r#"{ "jurisdiction": "ceshi", "as_of": "2019-06-01",
  "household": { "size": 3, "category": "dibao", "has_disabled_member": false },
  "dibao": { "annual_income": "6000" } }"#;

#[test]
fn calc_explains_in_chinese_from_content_parameters() {
    let f = fixture();
    let out = run(&["calc", "-", "--content", f.to_str().unwrap()], CASE);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    // (3500.50 − 6000/3) × 3 = 4501.50 a year: the 2019 standard from dibao-2019.md.
    assert!(
        text.contains("\n  每月低保金 375.13元\n  每年低保金 4501.50元\n"),
        "{text}"
    );
}

#[test]
fn calc_json_is_the_summary() {
    let f = fixture();
    let out = run(&["calc", "--json", "--content", f.to_str().unwrap()], CASE);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["dibao"]["annual_benefit"], "4501.50");
    assert_eq!(v["jurisdiction_name"], "测试县");
}

#[test]
fn calc_names_the_bad_field() {
    let f = fixture();
    let out = run(
        &["calc", "--content", f.to_str().unwrap()],
        r#"{ "jurisdiction": "ceshi", "as_of": "2019-06-01", "household": { "size": "three", "category": "dibao" } }"#,
    );
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        err.trim(),
        "stdin:1:80: household.size: invalid type: string \"three\", expected u32"
    );

    let out = run(
        &["calc", "--content", f.to_str().unwrap()],
        &CASE.replace("2019-06-01", "2016-06-01"),
    );
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.starts_with("stdin: dibao.as_of: 2016年6月1日早于本站掌握的测试县低保与渐退参数"),
        "{err}"
    );

    let out = run(
        &[
            "calc",
            "no-such-case.json",
            "--content",
            f.to_str().unwrap(),
        ],
        "",
    );
    assert!(!out.status.success());
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .starts_with("no-such-case.json: cannot read:"));
}

#[test]
fn check_reports_every_error_and_fails() {
    let f = fixture();
    let out = run(&["check", "--content", f.to_str().unwrap()], "");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.starts_with("ok: 2 jurisdictions, 5 documents"),
        "{stderr}"
    );
    // Nothing was built before: the site is checked without the calculator, and one line says
    // how to include it.
    assert_eq!(
        stderr
            .lines()
            .filter(|l| l.contains("--calculator target/web-dist"))
            .count(),
        1,
        "{stderr}"
    );
    assert!(
        stderr.contains("注意：本次生成的网站不含网上计算器"),
        "{stderr}"
    );

    let bad = repo().join("crates/mingbai-content/tests/fixtures/bad/bad-code");
    let out = run(&["check", "--content", bad.to_str().unwrap()], "");
    assert!(!out.status.success());
}

#[test]
fn check_quotes_lists_every_seed_value_with_its_seed_line() {
    let f = fixture();
    let out = run(&["check", "--quotes", "--content", f.to_str().unwrap()], "");
    let stdout = String::from_utf8(out.stdout).unwrap();
    let p = format!("{}/", f.display());
    let lines: Vec<String> = stdout.lines().map(|l| l.replace(&p, "")).collect();
    assert_eq!(lines.len(), 6, "{stdout}");
    assert_eq!(
        lines[0],
        "ceshi/dibao-2017.md:17: params.dibao.standard = 2900元 ← 种子报告000 _seeds/000.txt:4：“全县农村低保标准提高到每人每年2900元”"
    );
    assert_eq!(
        lines[5],
        "ceshi/relocation.md:15: params.relocation.build_subsidy.dispersed = 18000元 ← 种子报告000 _seeds/000.txt:11：“拨付分散安置建房补助资金36万元,涉及搬迁人口20人”（36万元÷20人=18000元）"
    );
}

#[test]
fn build_writes_the_site() {
    let dir = std::env::temp_dir().join(format!("mingbai-cli-build-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let f = fixture();
    let out = run(
        &[
            "build",
            "--content",
            f.to_str().unwrap(),
            "--out",
            dir.to_str().unwrap(),
        ],
        "",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The fixture's base_url is example.org: printed QR codes would point nowhere.
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("注意：网站地址 base_url = \"https://example.org/mingbai/\" 是占位地址"),
        "{stderr}"
    );
    for page in [
        "index.html",
        "ceshi/index.html",
        "ceshi/calculator/index.html",
        "ceshi/print/a4/index.html",
        "search/index.html",
        "feed.xml",
        "sitemap.xml",
        "404.html",
        "search-index.json",
    ] {
        assert!(dir.join(page).is_file(), "{page} missing");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn batch_writes_results_next_to_the_roster_and_flags_bad_rows() {
    let dir = std::env::temp_dir().join(format!("mingbai-batch-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let roster = dir.join("roster.csv");
    std::fs::copy(repo().join("examples/roster/roster.csv"), &roster).unwrap();
    let out = run(&["batch", roster.to_str().unwrap()], "");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let results = std::fs::read_to_string(dir.join("roster-结果.csv")).unwrap();
    let expected = std::fs::read_to_string(repo().join("examples/roster/roster-结果.csv")).unwrap();
    assert_eq!(
        results, expected,
        "the committed example result is what batch writes"
    );

    let bad = dir.join("bad.csv");
    let out = run(
        &[
            "batch",
            repo()
                .join("tests/golden/roster/bad-rows.csv")
                .to_str()
                .unwrap(),
            "--out",
            bad.to_str().unwrap(),
        ],
        "",
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "some rows are bad: exit 1, results still written"
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("第21行 家庭人口"));
    assert!(bad.exists());

    let missing = run(&["batch", dir.join("nope.csv").to_str().unwrap()], "");
    assert_eq!(missing.status.code(), Some(2));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A stand-in for what scripts/build-web.sh writes: the four files the pages load.
fn fake_calculator(dir: &std::path::Path) {
    std::fs::create_dir_all(dir).unwrap();
    for name in [
        "calc.js",
        "calc.css",
        "mingbai_web.js",
        "mingbai_web_bg.wasm",
    ] {
        std::fs::write(dir.join(name), format!("/* {name} */")).unwrap();
    }
}

#[test]
fn a_site_without_the_calculator_is_complete_and_says_so() {
    let dir = std::env::temp_dir().join(format!("mingbai-cli-nocalc-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let f = fixture();
    let out = run(
        &[
            "build",
            "--content",
            f.to_str().unwrap(),
            "--out",
            dir.to_str().unwrap(),
        ],
        "",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("--calculator target/web-dist"));
    assert!(!dir.join("calc").exists());
    let page = std::fs::read_to_string(dir.join("ceshi/calculator/index.html")).unwrap();
    assert!(page.contains("本站这一版没有包含网上计算器"), "{page}");
    // The worked examples are computed at build time and stay.
    assert!(page.contains("算例"), "{page}");
    for (name, bytes) in every_file(&dir) {
        if name.ends_with(".html") {
            let text = String::from_utf8(bytes).unwrap();
            assert!(
                !text.contains("calc/"),
                "{name} refers to the calculator's files"
            );
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

fn every_file(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(every_file(&p));
        } else {
            out.push((p.display().to_string(), std::fs::read(&p).unwrap()));
        }
    }
    out
}

#[test]
fn the_calculator_is_an_input_of_build_and_check() {
    let tmp = std::env::temp_dir().join(format!("mingbai-cli-calc-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    let (calc, site) = (tmp.join("web-dist"), tmp.join("public"));
    fake_calculator(&calc);
    let f = fixture();
    let args = |cmd: &'static str| {
        vec![
            cmd.to_string(),
            "--content".into(),
            f.display().to_string(),
            "--calculator".into(),
            calc.display().to_string(),
        ]
    };
    let check = args("check");
    let out = run(&check.iter().map(String::as_str).collect::<Vec<_>>(), "");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(!stderr.contains("--calculator target/web-dist"), "{stderr}");

    let mut build = args("build");
    build.extend(["--out".into(), site.display().to_string()]);
    let out = run(&build.iter().map(String::as_str).collect::<Vec<_>>(), "");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(site.join("calc/calc.js")).unwrap(),
        "/* calc.js */"
    );
    let page = std::fs::read_to_string(site.join("ceshi/calculator/index.html")).unwrap();
    assert!(page.contains("calc/calc.js") && !page.contains("没有包含网上计算器"));

    // A calculator folder missing a file is an error that names it and says what to run.
    std::fs::remove_file(calc.join("mingbai_web_bg.wasm")).unwrap();
    let out = run(&check.iter().map(String::as_str).collect::<Vec<_>>(), "");
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("mingbai_web_bg.wasm") && stderr.contains("请先运行 scripts/build-web.sh"),
        "{stderr}"
    );
    let _ = std::fs::remove_dir_all(&tmp);
}

/// `mingbai check` on the good fixture with the files of `tests/check/<case>/` laid over it: every
/// error of every file, in one run, exactly as `expected.txt` says (`UPDATE_GOLDEN=1` rewrites it).
#[test]
fn check_reports_each_mistake_with_its_fix() {
    let cases = repo().join("crates/mingbai-cli/tests/check");
    let mut names: Vec<_> = std::fs::read_dir(&cases)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    names.sort();
    assert!(names.len() >= 5);
    let mut failed = Vec::new();
    for case in names {
        let name = case.file_name().unwrap().to_string_lossy().to_string();
        let tmp = std::env::temp_dir().join(format!("mingbai-check-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&tmp);
        copy_dir(&fixture(), &tmp.join("content"));
        copy_dir(&case, &tmp.join("content"));
        let _ = std::fs::remove_file(tmp.join("content/expected.txt"));
        let out = Command::new(env!("CARGO_BIN_EXE_mingbai"))
            .args(["check", "--content", "content", "--site"])
            .arg(repo().join("site"))
            .current_dir(&tmp)
            .output()
            .unwrap();
        assert!(!out.status.success(), "{name}: check passed");
        let got = String::from_utf8(out.stderr).unwrap();
        let expected_file = case.join("expected.txt");
        if std::env::var_os("UPDATE_GOLDEN").is_some() {
            std::fs::write(&expected_file, &got).unwrap();
        } else if std::fs::read_to_string(&expected_file).unwrap_or_default() != got {
            failed.push(format!("== {name}\n{got}"));
        }
        for line in got.lines() {
            assert!(
                !line.contains(".rs") && !line.contains("crates/"),
                "{name}: a message names Rust source: {line}"
            );
        }
        let _ = std::fs::remove_dir_all(&tmp);
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

fn copy_dir(src: &std::path::Path, dst: &std::path::Path) {
    std::fs::create_dir_all(dst).unwrap();
    for e in std::fs::read_dir(src).unwrap() {
        let e = e.unwrap();
        let to = dst.join(e.file_name());
        if e.path().is_dir() {
            copy_dir(&e.path(), &to);
        } else {
            std::fs::copy(e.path(), to).unwrap();
        }
    }
}

#[test]
fn params_lists_a_county_by_date_and_what_each_calculator_needs() {
    let f = fixture();
    let out = run(&["params", "ceshi", "--content", f.to_str().unwrap()], "");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("  2019-01-01 起\n    dibao.standard 低保、渐退与特困供养：农村低保标准（每人每年） = 3500.50 [V] 公开报道（文件 dibao-2019）"), "{text}");

    let out = run(&["params", "--needed"], "");
    let needed = String::from_utf8(out.stdout).unwrap();
    let readme = std::fs::read_to_string(repo().join("content/README.md")).unwrap();
    assert!(
        readme.contains(&needed),
        "content/README.md lists what `params --needed` prints"
    );
    assert!(
        needed.contains("  - `dibao.taper_months_disabled` — "),
        "{needed}"
    );
}

#[test]
fn calc_into_a_reader_that_stops_early_is_not_a_crash() {
    // `mingbai calc case.json | head -3`: the reader has gone before the answer is written. The
    // case comes on stdin, so the pipe is closed before the command writes anything.
    let f = fixture();
    let mut child = Command::new(env!("CARGO_BIN_EXE_mingbai"))
        .args(["calc", "-", "--content", f.to_str().unwrap()])
        .current_dir(repo())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    child
        .stdin
        .take()
        .unwrap()
        .write_all(CASE.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(out.status.success(), "{stderr}");
}
