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
        text.contains("每月低保金 375.13元（每年 4501.50元）"),
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
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .starts_with("ok: 2 jurisdictions, 5 documents"));

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
