//! Golden cases for `mingbai calc`: every `tests/golden/calc/NAME.case.json` is computed against the
//! real `content/`, and the output must equal `NAME.expected.json` — the Summary for a case that
//! computes, `{ "exit_code", "stderr" }` for one that must be refused. `UPDATE_GOLDEN=1` rewrites the
//! expected files; review the diff before committing it.

use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn run(case: &Path) -> serde_json::Value {
    let out = Command::new(env!("CARGO_BIN_EXE_mingbai"))
        .arg("calc")
        .arg("--json")
        .arg("--content")
        .arg(repo().join("content"))
        .arg(case)
        .output()
        .unwrap();
    if out.status.success() {
        serde_json::from_slice(&out.stdout).unwrap()
    } else {
        serde_json::json!({
            "exit_code": out.status.code(),
            "stderr": String::from_utf8_lossy(&out.stderr).replace(&repo().display().to_string(), "<repo>"),
        })
    }
}

#[test]
fn golden_cases() {
    let dir = repo().join("tests/golden/calc");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".case.json"))
        .collect();
    cases.sort();
    assert!(
        cases.len() >= 30,
        "expected the golden cases in {}",
        dir.display()
    );
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut failures = Vec::new();
    for case in &cases {
        let expected_path = PathBuf::from(
            case.to_string_lossy()
                .replace(".case.json", ".expected.json"),
        );
        let got = run(case);
        let name = case.file_name().unwrap().to_string_lossy().to_string();
        if got.get("exit_code").is_none() {
            check_spoken(case, &got, update, &mut failures);
        }
        if name.starts_with("error-") {
            assert!(
                got.get("exit_code").is_some(),
                "{name} must be refused, got {got}"
            );
        } else {
            assert!(
                got.get("exit_code").is_none(),
                "{name} must compute, got {got}"
            );
        }
        if update {
            std::fs::write(
                &expected_path,
                serde_json::to_string_pretty(&got).unwrap() + "\n",
            )
            .unwrap();
            continue;
        }
        let expected: serde_json::Value = match std::fs::read_to_string(&expected_path) {
            Ok(text) => serde_json::from_str(&text).unwrap(),
            Err(_) => {
                failures.push(format!("{name}: no {}", expected_path.display()));
                continue;
            }
        };
        if got != expected {
            failures.push(format!(
                "{name}: output differs from {}",
                expected_path.display()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "golden failures (rerun with UPDATE_GOLDEN=1 and review the diff):\n{}",
        failures.join("\n")
    );
}

/// `NAME.spoken.txt`: the plain answer a page shows first and the text the 朗读 button speaks,
/// both from `mingbai_calc::plain`, for the Summary the case computes to.
fn check_spoken(case: &Path, got: &serde_json::Value, update: bool, failures: &mut Vec<String>) {
    let summary: mingbai_calc::Summary = serde_json::from_value(got.clone()).unwrap();
    let answer = mingbai_calc::plain::answer(&summary);
    let mut text = String::from("答：\n");
    for line in &answer.now {
        text.push_str(&format!("{line}\n"));
    }
    if !answer.later.is_empty() {
        text.push_str("条件还没满足的：\n");
        for line in &answer.later {
            text.push_str(&format!("{line}\n"));
        }
    }
    text.push_str(&format!(
        "朗读：\n{}\n",
        mingbai_calc::plain::spoken(&summary)
    ));
    let path = PathBuf::from(case.to_string_lossy().replace(".case.json", ".spoken.txt"));
    if update {
        std::fs::write(&path, text).unwrap();
        return;
    }
    match std::fs::read_to_string(&path) {
        Ok(expected) if expected == text => {}
        Ok(_) => failures.push(format!("{}: spoken text differs", path.display())),
        Err(_) => failures.push(format!("no {}", path.display())),
    }
}
