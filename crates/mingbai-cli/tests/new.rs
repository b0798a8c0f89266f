//! `mingbai new` end to end, on a copy of `content/` with no browser calculator built: under every
//! province the starter county checks, builds, lists the national and provincial policies it
//! inherits, and computes from its own starter figures. Refusals say why and how to fix, in Chinese,
//! exactly as `tests/new/<case>.txt` says (`UPDATE_GOLDEN=1` rewrites them), and write nothing.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use mingbai_content::Level;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn mingbai(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_mingbai"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

fn ok(out: &Output, what: &str) {
    assert!(
        out.status.success(),
        "{what} failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn copy_dir(src: &Path, dst: &Path) {
    std::fs::create_dir_all(dst).unwrap();
    for e in std::fs::read_dir(src).unwrap() {
        let e = e.unwrap();
        let to = dst.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &to);
        } else {
            std::fs::copy(e.path(), to).unwrap();
        }
    }
}

fn fresh(name: &str) -> PathBuf {
    let tmp = std::env::temp_dir().join(format!("mingbai-new-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    copy_dir(&repo().join("content"), &tmp.join("content"));
    tmp
}

/// A figure's value from a document's front matter (`dibao.standard` → `[params.dibao] standard`).
fn figure(doc: &Path, path: &str) -> i64 {
    let text = std::fs::read_to_string(doc).unwrap();
    let front = text.split("+++").nth(1).unwrap();
    let table: toml::Table = toml::from_str(front).unwrap();
    let mut v = table.get("params").unwrap();
    for key in path.split('.') {
        v = v
            .get(key)
            .unwrap_or_else(|| panic!("{}: no {path}", doc.display()));
    }
    v.get("v").and_then(|x| x.as_integer()).unwrap()
}

fn calc_json(dir: &Path, example: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(example).unwrap();
    let ex: serde_json::Value = serde_json::from_str(&text).unwrap();
    let case = dir.join("case.json");
    std::fs::write(&case, ex["case"].to_string()).unwrap();
    let out = mingbai(dir, &["calc", "--json", "case.json"]);
    ok(&out, &format!("calc {}", example.display()));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Every parameter a result used, from its trace steps: (path, status, document).
fn used(v: &serde_json::Value, out: &mut Vec<(String, String, String)>) {
    match v {
        serde_json::Value::Object(m) => {
            if let (Some(p), Some(s), Some(d)) = (
                m.get("path").and_then(|x| x.as_str()),
                m.get("status").and_then(|x| x.as_str()),
                m.get("doc").and_then(|x| x.as_str()),
            ) {
                out.push((p.into(), s.into(), d.into()));
            }
            m.values().for_each(|x| used(x, out));
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| used(x, out)),
        _ => {}
    }
}

#[test]
fn new_county_checks_builds_and_computes_under_every_province() {
    let content = mingbai_content::load(&repo().join("content")).unwrap();
    let provinces: Vec<_> = content
        .jurisdictions
        .iter()
        .filter(|j| j.level == Level::Province)
        .collect();
    assert!(provinces.len() >= 4, "the provinces of content/");
    let national = content.jurisdiction("quanguo").unwrap();
    let site = repo().join("site");
    let site = site.to_str().unwrap();
    for p in provinces {
        let tmp = fresh(&p.id);
        let out = mingbai(
            &tmp,
            &["new", "shilixian", "--name", "示例县", "--parent", &p.id],
        );
        ok(&out, &format!("new under {}", p.id));
        let county = tmp.join("content/shilixian");
        ok(&mingbai(&tmp, &["check", "--site", site]), "check");
        ok(
            &mingbai(&tmp, &["build", "--site", site, "--out", "public"]),
            "build",
        );

        // The county page lists every national policy, or the province's own version of it.
        let page = std::fs::read_to_string(tmp.join("public/shilixian/index.html")).unwrap();
        for d in &national.docs {
            let owner = if p.docs.iter().any(|x| x.slug == d.slug) {
                &p.id
            } else {
                "quanguo"
            };
            let link = format!("../{owner}/{}/", d.slug);
            assert!(
                page.contains(&link),
                "{}: the county page does not list {link}",
                p.id
            );
        }
        for d in &p.docs {
            assert!(page.contains(&format!("../{}/{}/", p.id, d.slug)));
        }

        // One worked example per calculator offered, each computing.
        let index = std::fs::read_to_string(county.join("_index.md")).unwrap();
        let front: toml::Table = toml::from_str(index.split("+++").nth(1).unwrap()).unwrap();
        let offered: Vec<&str> = front["calculators"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap())
            .collect();
        assert!(offered.contains(&"dibao") && offered.contains(&"relocation"));
        for calc in &offered {
            let v = calc_json(&tmp, &county.join(format!("examples/{calc}.json")));
            assert!(v.get(calc).is_some(), "{calc}: {v}");
            // What the county states itself comes from its starter, marked 示例; the rest is inherited.
            let mut params = Vec::new();
            used(&v, &mut params);
            assert!(!params.is_empty(), "{calc}: no parameter in the trace");
            for (path, status, doc) in &params {
                if county.join(format!("{doc}.md")).exists() {
                    assert_eq!(status, "A", "{calc}: {path} from {doc}");
                }
            }
        }

        // The figures are the starter's: the 低保 of 3 people is (standard − income ÷ 3) × 3.
        let standard = figure(&county.join("dibao.md"), "dibao.standard");
        let v = calc_json(&tmp, &county.join("examples/dibao.json"));
        let ex: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(county.join("examples/dibao.json")).unwrap(),
        )
        .unwrap();
        let income = ex["case"]["dibao"]["annual_income"].as_i64().unwrap();
        let size = ex["case"]["household"]["size"].as_i64().unwrap();
        assert_eq!(
            v["dibao"]["annual_benefit"],
            format!("{}.00", standard * size - income)
        );
        let centralized = figure(
            &county.join("relocation.md"),
            "relocation.build_subsidy.centralized",
        );
        let v = calc_json(&tmp, &county.join("examples/relocation.json"));
        let ex: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(county.join("examples/relocation.json")).unwrap(),
        )
        .unwrap();
        let members = ex["case"]["relocation"]["jiandang_members"]
            .as_i64()
            .unwrap();
        assert_eq!(
            v["relocation"]["total"],
            format!("{}.00", centralized * members)
        );

        // Changing the starter's figure changes the result: the example is not a fixed answer.
        let doc = county.join("dibao.md");
        let text = std::fs::read_to_string(&doc).unwrap();
        let changed = text.replacen(
            &format!("standard = {{ v = {standard},"),
            &format!("standard = {{ v = {},", standard + 120),
            1,
        );
        assert_ne!(text, changed);
        std::fs::write(&doc, changed).unwrap();
        let v = calc_json(&tmp, &county.join("examples/dibao.json"));
        assert_eq!(
            v["dibao"]["annual_benefit"],
            format!("{}.00", (standard + 120) * size - income)
        );
        let _ = std::fs::remove_dir_all(&tmp);
    }
}

fn listing(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let e = e.unwrap();
        out.push(e.path().display().to_string());
        if e.file_type().unwrap().is_dir() {
            out.extend(listing(&e.path()));
        }
    }
    out.sort();
    out
}

#[test]
fn new_refuses_with_the_fix_and_writes_nothing() {
    let cases: &[(&str, &[&str])] = &[
        (
            "bad-id",
            &[
                "new",
                "Shili_xian",
                "--name",
                "示例县",
                "--parent",
                "shanxi",
            ],
        ),
        (
            "existing-folder",
            &["new", "daixian", "--name", "代县", "--parent", "shanxi"],
        ),
        (
            "unknown-parent",
            &[
                "new",
                "shilixian",
                "--name",
                "示例县",
                "--parent",
                "shanxii",
            ],
        ),
        (
            "parent-is-a-county",
            &[
                "new",
                "shilixian",
                "--name",
                "示例县",
                "--parent",
                "daixian",
            ],
        ),
        (
            "parent-is-the-nation",
            &[
                "new",
                "shilixian",
                "--name",
                "示例县",
                "--parent",
                "quanguo",
            ],
        ),
        (
            "bad-code",
            &[
                "new",
                "shilixian",
                "--name",
                "示例县",
                "--parent",
                "shanxi",
                "--code",
                "14092",
            ],
        ),
    ];
    let tmp = fresh("refusals");
    let before = listing(&tmp);
    let golden = repo().join("crates/mingbai-cli/tests/new");
    let mut failed = Vec::new();
    for (name, args) in cases {
        let out = mingbai(&tmp, args);
        assert!(!out.status.success(), "{name}: accepted");
        assert_eq!(listing(&tmp), before, "{name}: wrote something");
        let got = String::from_utf8(out.stderr).unwrap();
        assert!(
            got.starts_with("mingbai new: ") && !got.contains(".rs"),
            "{name}: {got}"
        );
        let file = golden.join(format!("{name}.txt"));
        if std::env::var_os("UPDATE_GOLDEN").is_some() {
            std::fs::create_dir_all(&golden).unwrap();
            std::fs::write(&file, &got).unwrap();
        } else if std::fs::read_to_string(&file).unwrap_or_default() != got {
            failed.push(format!("== {name}\n{got}"));
        }
    }
    let _ = std::fs::remove_dir_all(&tmp);
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

#[test]
fn broken_content_is_refused_before_writing() {
    // Content already broken: nothing is written, and the errors say what to fix first.
    let tmp = fresh("broken");
    let doc = tmp.join("content/daixian/relocation-subsidy.md");
    let text = std::fs::read_to_string(&doc).unwrap();
    std::fs::write(&doc, text.replacen("category = ", "categroy = ", 1)).unwrap();
    let before = listing(&tmp);
    let out = mingbai(
        &tmp,
        &["new", "shilixian", "--name", "示例县", "--parent", "shanxi"],
    );
    assert!(!out.status.success());
    assert_eq!(listing(&tmp), before);
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("relocation-subsidy.md") && err.contains("先按上面的提示改好"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&tmp);
}
