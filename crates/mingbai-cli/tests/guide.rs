//! The office guide in `content/README.md`, followed step by step: every block fenced as
//! ```` ```sh guide ```` is run, in order, with bash (`-e`: a failing command fails the test) on a
//! copy of `content/`, with `mingbai` the binary under test and no browser calculator. After each
//! step the content is loaded again and what the step changed is looked for on the built pages:
//! a changed figure shows its new value, a new source its words, a retired policy its end date.
//! So the test needs no figure of its own, and fails when a command of the guide stops working.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
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

/// The guide's steps: the heading each block is under, and the block.
fn steps(readme: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut heading = String::new();
    let mut block: Option<String> = None;
    for line in readme.lines() {
        match &mut block {
            Some(b) if line.trim_start().starts_with("```") => {
                out.push((heading.clone(), std::mem::take(b)));
                block = None;
            }
            Some(b) => {
                b.push_str(line);
                b.push('\n');
            }
            None if line.trim() == "```sh guide" => block = Some(String::new()),
            None if line.starts_with('#') => heading = line.trim_start_matches('#').trim().into(),
            None => {}
        }
    }
    out
}

/// What the county states: each document's figures (value, source) and end date.
#[derive(Default, PartialEq, Debug)]
struct State {
    figures: BTreeMap<(String, String), (String, String)>,
    expires: BTreeMap<String, Option<String>>,
}

fn state(dir: &Path, county: &str) -> State {
    let content = mingbai_content::load(&dir.join("content"))
        .unwrap_or_else(|e| panic!("the content after a step of the guide does not load:\n{e}"));
    let mut s = State::default();
    let Some(j) = content.jurisdiction(county) else {
        return s;
    };
    for d in &j.docs {
        for f in d.figures.iter().flat_map(|g| &g.rows) {
            s.figures.insert(
                (d.slug.clone(), f.path.clone()),
                (f.value.clone(), f.src.clone()),
            );
        }
        s.expires
            .insert(d.slug.clone(), d.expires.as_ref().map(|e| e.v.to_string()));
    }
    s
}

#[test]
fn the_office_guide_works_step_by_step() {
    let readme = std::fs::read_to_string(repo().join("content/README.md")).unwrap();
    let steps = steps(&readme);
    let headings: Vec<&str> = steps.iter().map(|(h, _)| h.as_str()).collect();
    for topic in ["新增一个县", "改一个数字", "让一份政策失效", "标注假设"] {
        assert!(
            headings.iter().any(|h| h.contains(topic)),
            "the guide has no step “{topic}”: {headings:?}"
        );
    }
    // The county the guide creates: the first argument of its `mingbai new`.
    let county = steps
        .iter()
        .flat_map(|(_, b)| b.lines())
        .find_map(|l| l.trim().strip_prefix("mingbai new "))
        .and_then(|rest| rest.split_whitespace().next())
        .expect("the guide runs mingbai new")
        .to_string();

    let tmp = std::env::temp_dir().join(format!("mingbai-guide-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    copy_dir(&repo().join("content"), &tmp.join("content"));
    std::os::unix::fs::symlink(repo().join("site"), tmp.join("site")).unwrap();
    std::fs::create_dir_all(tmp.join("bin")).unwrap();
    std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_mingbai"), tmp.join("bin/mingbai")).unwrap();
    let path = format!(
        "{}:{}",
        tmp.join("bin").display(),
        std::env::var("PATH").unwrap_or_default()
    );

    let mut before = state(&tmp, &county);
    assert!(
        before.figures.is_empty(),
        "{county} exists before the guide"
    );
    for (i, (heading, block)) in steps.iter().enumerate() {
        for command in ["mingbai check", "mingbai build"] {
            assert!(
                block.contains(command),
                "step “{heading}” does not run {command}"
            );
        }
        let out = Command::new("bash")
            .args(["-e", "-c", block])
            .current_dir(&tmp)
            .env("PATH", &path)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "step “{heading}” of the guide failed:\n{block}\n{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        let after = state(&tmp, &county);
        assert_ne!(after, before, "step “{heading}” changed nothing");
        let page = |slug: &str| {
            std::fs::read_to_string(tmp.join(format!("public/{county}/{slug}/index.html")))
                .unwrap_or_else(|e| panic!("step “{heading}”: no page for {county}/{slug}: {e}"))
        };
        if i == 0 {
            assert!(tmp.join(format!("public/{county}/index.html")).exists());
        }
        for ((slug, path), (value, src)) in &after.figures {
            // A figure the step changed (the first step writes them all; its pages are the build's).
            match before.figures.get(&(slug.clone(), path.clone())) {
                None => {}
                Some((v, s)) if v == value && s == src => {}
                Some(_) => {
                    let page = page(slug);
                    assert!(
                        page.contains(value.as_str()),
                        "step “{heading}”: {slug} {path} = {value} is not on its page"
                    );
                    assert!(
                        page.contains(src.trim_start_matches("示例：")),
                        "step “{heading}”: the source of {slug} {path} is not on its page: {src}"
                    );
                }
            }
        }
        for (slug, expires) in &after.expires {
            if let Some(date) = expires {
                if before.expires.get(slug) != Some(expires) {
                    assert!(
                        page(slug).contains(&format!("至<time datetime=\"{date}\">")),
                        "step “{heading}”: {slug} does not show its end date {date}"
                    );
                    retired_calculator_says_so(&tmp, &county, slug, date);
                }
            }
        }
        before = after;
    }
    let _ = std::fs::remove_dir_all(&tmp);
}

/// After a retired policy's end date the calculator still computes, with the last known figures,
/// and says up to which day it knows them.
fn retired_calculator_says_so(dir: &Path, county: &str, slug: &str, date: &str) {
    let content = mingbai_content::load(&dir.join("content")).unwrap();
    let j = content.jurisdiction(county).unwrap();
    let doc = j.docs.iter().find(|d| d.slug == slug).unwrap();
    let expires = doc.expires.as_ref().unwrap().v;
    for calc in doc.calculators() {
        let example = dir.join(format!("content/{county}/examples/{}.json", calc.key()));
        let Ok(text) = std::fs::read_to_string(&example) else {
            continue;
        };
        let mut ex: serde_json::Value = serde_json::from_str(&text).unwrap();
        let later = format!("{}-01-01", expires.year() + 1);
        ex["case"]["as_of"] = later.clone().into();
        let case = dir.join("later.json");
        std::fs::write(&case, ex["case"].to_string()).unwrap();
        let out = Command::new(env!("CARGO_BIN_EXE_mingbai"))
            .args(["calc", "later.json"])
            .current_dir(dir)
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success() && text.contains(&format!("只到{}", expires.zh())),
            "{slug} retired on {date}: a case on {later} should compute and say so:\n{text}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
