//! `mingbai check`'s honesty checks (`mingbai_content::audit`): seed quotes, document status,
//! numbers that contradict a parameter.
//!
//! Data lives in files: `tests/fixtures/audit/<case>/` holds files that replace those of
//! `tests/fixtures/good/`, plus `expected.txt`, the exact report. `UPDATE_GOLDEN=1` rewrites them.

use std::fs;
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn temp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("mingbai-audit-{}-{name}", std::process::id()));
    let _ = fs::remove_dir_all(&d);
    fs::create_dir_all(&d).unwrap();
    d
}

fn copy_dir(src: &Path, dst: &Path) {
    fs::create_dir_all(dst).unwrap();
    for e in fs::read_dir(src).unwrap() {
        let p = e.unwrap().path();
        let to = dst.join(p.file_name().unwrap());
        if p.is_dir() {
            copy_dir(&p, &to);
        } else {
            fs::copy(&p, &to).unwrap();
        }
    }
}

/// Loads and audits `content`; the report with `dir/` taken off file names, or "(no error)".
fn report(content: &Path, dir: &Path) -> String {
    let message = match mingbai_content::load(content) {
        Err(e) => e.to_string(),
        Ok(c) => match mingbai_content::audit::audit(&c) {
            Ok(_) => "(no error)".to_string(),
            Err(e) => e.to_string(),
        },
    };
    message.replace(&format!("{}/", dir.display()), "")
}

#[test]
fn each_class_of_dishonest_content_is_reported() {
    let root = fixtures().join("audit");
    let mut cases: Vec<PathBuf> = fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(cases.len() >= 8, "found {} cases", cases.len());
    let mut failures = Vec::new();
    for case in cases {
        let name = case.file_name().unwrap().to_string_lossy().to_string();
        let dir = temp(&name);
        let content = dir.join("content");
        copy_dir(&fixtures().join("good"), &content);
        for e in fs::read_dir(&case).unwrap() {
            let p = e.unwrap().path();
            if p.file_name().unwrap() == "expected.txt" {
                continue;
            }
            let to = content.join(p.file_name().unwrap());
            if p.is_dir() {
                copy_dir(&p, &to);
            } else {
                fs::copy(&p, &to).unwrap();
            }
        }
        let message = report(&content, &dir);
        let expected_file = case.join("expected.txt");
        if std::env::var_os("UPDATE_GOLDEN").is_some() {
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
        assert_ne!(
            message, "(no error)",
            "{name}: dishonest content was accepted"
        );
        let _ = fs::remove_dir_all(&dir);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_good_fixture_passes_and_lists_its_quotes() {
    let c = mingbai_content::load(&fixtures().join("good")).unwrap();
    let quoted = mingbai_content::audit::audit(&c).unwrap_or_else(|e| panic!("{e}"));
    let lines: Vec<String> = quoted
        .iter()
        .map(|q| format!("{} {} {}:{}", q.field, q.value, q.seed, q.seed_line))
        .collect();
    assert_eq!(
        lines,
        [
            "params.dibao.standard 2900元 000:4",
            "params.dibao.tekun_dispersed 4000元 000:5",
            "params.dibao.taper_months 12个月 000:6",
            "params.dibao.taper_months_disabled 18个月 000:7",
            "params.relocation.build_subsidy.centralized 25000元 000:10",
            "params.relocation.build_subsidy.dispersed 18000元 000:11",
        ]
    );
}

#[test]
fn summaries_quote_parameters_as_plain_text() {
    let c = mingbai_content::load(&fixtures().join("good")).unwrap();
    let d = c
        .docs()
        .find(|d| d.slug == "dibao-taper")
        .expect("dibao-taper");
    assert!(d
        .summary_src
        .contains("{{ param(\"dibao.taper_months\") }}"));
    assert_eq!(
        d.summary,
        "收入超过标准后再领12个月，有残疾人的家庭18个月。"
    );
}

/// The A6 card bug: a parameter changed under a number written in the summary.
#[test]
fn changing_a_parameter_under_a_written_number_fails_the_check() {
    let dir = temp("changed-parameter");
    let content = dir.join("content");
    copy_dir(&fixtures().join("good"), &content);
    let file = content.join("ceshi/relocation.md");
    let text = fs::read_to_string(&file).unwrap();
    let changed = text.replace("centralized = { v = 25000", "centralized = { v = 22000");
    assert_ne!(text, changed);
    fs::write(&file, changed).unwrap();
    assert_eq!(
        report(&content, &dir),
        "content/ceshi/relocation.md:9: summary: 写的“25000元”与本文件的参数“集中安置（每人）”\
         （relocation.build_subsidy.centralized，现为22000元）不一致；\
         请改用 {{ param(\"relocation.build_subsidy.centralized\") }}"
    );
    let _ = fs::remove_dir_all(&dir);
}

/// Worked-example numbers, totals and earlier values are not read as the figure.
#[test]
fn worked_examples_totals_and_earlier_values_are_not_contradictions() {
    let dir = temp("examples");
    let content = dir.join("content");
    copy_dir(&fixtures().join("good"), &content);
    let file = content.join("ceshi/relocation.md");
    let mut text = fs::read_to_string(&file).unwrap();
    text.push_str(
        "\n一家4口集中安置，建房补助100000元。\n\
         集中安置的4口之家可得100000元。\n\
         集中安置建房补助50万元，涉及20人。\n\
         集中安置每人由20000元提高到25000元。\n",
    );
    fs::write(&file, text).unwrap();
    assert_eq!(report(&content, &dir), "(no error)");
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn the_real_content_passes_the_quote_check() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../content");
    let c = mingbai_content::load(&root).unwrap_or_else(|e| panic!("{e}"));
    let quoted = mingbai_content::audit::audit(&c).unwrap_or_else(|e| panic!("{e}"));
    // Every S figure, date and issuer of the real content is quoted, from the seed of its own
    // jurisdiction.
    let s = mingbai_calc::Status::S;
    let s_values: usize = c
        .docs()
        .map(|d| {
            let figures = d
                .figures
                .iter()
                .flat_map(|g| &g.rows)
                .filter(|f| f.status == s)
                .count();
            let dated = [
                d.issuer.as_ref().map(|i| i.s),
                Some(d.effective.s),
                d.expires.as_ref().map(|e| e.s),
            ]
            .into_iter()
            .filter(|st| *st == Some(s))
            .count();
            figures + dated
        })
        .sum();
    let mut fields: Vec<(&Path, &str)> = quoted
        .iter()
        .map(|q| (q.file.as_path(), q.field.as_str()))
        .collect();
    fields.dedup();
    assert_eq!(fields.len(), s_values);
    for q in &quoted {
        let j = c
            .jurisdictions
            .iter()
            .find(|j| q.file.starts_with(j.file.parent().unwrap()))
            .unwrap();
        assert_eq!(j.seed.as_deref(), Some(q.seed.as_str()), "{}", q.field);
    }
}

#[test]
fn placeholder_base_urls_are_recognised() {
    let site = |u: &str| mingbai_content::Site {
        title: String::new(),
        base_url: u.to_string(),
        language: "zh-CN".to_string(),
    };
    for u in [
        "https://example.org/mingbai/",
        "http://www.example.com/",
        "http://localhost:8080/",
        "https://mingbai.test/",
    ] {
        assert!(site(u).placeholder_base_url(), "{u}");
    }
    for u in [
        "https://fupin.daixian.gov.cn/mingbai/",
        "https://examples.org/",
    ] {
        assert!(!site(u).placeholder_base_url(), "{u}");
    }
}
