//! Golden tests: cases as data under `tests/cases/`, generated files under `tests/golden/`.
//!
//! `tests/cases/<name>.json` holds documents and queries with the expected result urls in rank
//! order, written by hand. The index built from them is kept as `tests/golden/<name>.index.json`
//! and the Rust tokenizer's output on `tests/golden/token-samples.txt` as
//! `tests/golden/tokens.json`; the node tests (`tests/js/`) run `site/static/search.js` against
//! both. When a change to the format or the tokenizer is intended, regenerate them with
//! `UPDATE_GOLDEN=1 cargo test -p mingbai-search --test golden` and review the diff.

use std::path::{Path, PathBuf};

use mingbai_search::{build_index, search_from, t2s_table, tokenize, Index, SearchDoc};
use serde::Deserialize;

#[derive(Deserialize)]
struct Case {
    docs: Vec<SearchDoc>,
    queries: Vec<Query>,
}

#[derive(Deserialize)]
struct Query {
    q: String,
    /// The searcher's own county (a document's `jurisdiction`), ranked first.
    #[serde(default)]
    home: Option<String>,
    urls: Vec<String>,
}

fn dir(sub: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join(sub)
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Compares `actual` with the file at `path`, or rewrites the file when UPDATE_GOLDEN is set.
fn check_golden(path: &Path, actual: &str) {
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(path, actual).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        return;
    }
    let expected = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        expected == actual,
        "{} is out of date; if the change is intended, run \
         `UPDATE_GOLDEN=1 cargo test -p mingbai-search --test golden` and review the diff",
        path.display()
    );
}

fn case_names() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir("cases"))
        .expect("tests/cases exists")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter_map(|n| n.strip_suffix(".json").map(str::to_owned))
        .collect();
    names.sort();
    assert!(!names.is_empty());
    names
}

#[test]
fn cases_give_the_expected_results_and_match_their_golden_index() {
    for name in case_names() {
        let case: Case = serde_json::from_str(&read(&dir("cases").join(format!("{name}.json"))))
            .unwrap_or_else(|e| panic!("cases/{name}.json: {e}"));
        let index = build_index(&case.docs);
        check_golden(&dir("golden").join(format!("{name}.index.json")), &index);
        let mut results = Vec::new();
        for query in &case.queries {
            let hits = search_from(&index, &query.q, query.home.as_deref()).expect("index parses");
            let urls: Vec<&str> = hits.iter().map(|h| h.url.as_str()).collect();
            assert_eq!(urls, query.urls, "case {name}, query {:?}", query.q);
            let scored: Vec<(&str, u32)> = hits.iter().map(|h| (h.url.as_str(), h.score)).collect();
            results.push(serde_json::json!({ "q": query.q, "hits": scored }));
        }
        // Scores too, so that the browser's ranking is checked number for number.
        let text = serde_json::to_string_pretty(&results).unwrap() + "\n";
        check_golden(&dir("golden").join(format!("{name}.results.json")), &text);
    }
}

#[test]
fn index_is_deterministic() {
    for name in case_names() {
        let case: Case =
            serde_json::from_str(&read(&dir("cases").join(format!("{name}.json")))).unwrap();
        assert_eq!(build_index(&case.docs), build_index(&case.docs), "{name}");
    }
}

#[test]
fn tokens_golden_is_up_to_date() {
    let samples = read(&dir("golden").join("token-samples.txt"));
    let samples: Vec<&str> = samples.lines().collect();
    // The pairs the samples need, in the index's format, so that the JS tokenizer gets exactly
    // what it gets from a real index.
    let fold: String = t2s_table()
        .iter()
        .filter(|(t, _)| samples.iter().any(|s| s.contains(**t)))
        .flat_map(|(&t, &s)| [t, s])
        .collect();
    let cases: Vec<serde_json::Value> = samples
        .iter()
        .map(|s| serde_json::json!({ "text": s, "tokens": tokenize(s) }))
        .collect();
    let golden = serde_json::json!({ "fold": fold, "cases": cases });
    let text = serde_json::to_string_pretty(&golden).unwrap() + "\n";
    check_golden(&dir("golden").join("tokens.json"), &text);
}

#[test]
fn bad_index_files_are_errors_not_panics() {
    let good = build_index(&[SearchDoc {
        url: "a/".into(),
        title: "低保".into(),
        ..Default::default()
    }]);
    assert!(Index::from_json(&good).is_ok());
    let cases = [
        ("not json", "not valid JSON"),
        (
            r#"{"v":2,"fold":"","docs":[],"terms":{}}"#,
            "format version 2",
        ),
        (r#"{"v":1,"fold":"國","docs":[],"terms":{}}"#, "odd number"),
        (
            r#"{"v":1,"fold":"","docs":[["a","","","",""]],"terms":{"x":[17]}}"#,
            "beyond the 1 documents",
        ),
        (
            r#"{"v":1,"fold":"","docs":[["a","","","",""]],"terms":{"x":[1,1]}}"#,
            "listed twice",
        ),
        (
            r#"{"v":1,"fold":"","docs":[["a","","","",""]],"terms":{"x":[0]}}"#,
            "no flags",
        ),
    ];
    for (json, message) in cases {
        let err = Index::from_json(json).err().expect(json).to_string();
        assert!(err.contains(message), "{json}: {err}");
    }
}
