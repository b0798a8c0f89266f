//! Golden rosters: every `tests/golden/roster/NAME.csv` (and the example roster
//! `examples/roster/roster.csv`; also `NAME.xlsx`) is computed against the real `content/`, and the result must equal
//! `NAME.expected.csv` byte for byte. `UPDATE_GOLDEN=1` rewrites the expected files; review the
//! diff before committing it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use mingbai_calc::JurisdictionParams;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn params() -> &'static BTreeMap<String, JurisdictionParams> {
    static PARAMS: OnceLock<BTreeMap<String, JurisdictionParams>> = OnceLock::new();
    PARAMS.get_or_init(|| match mingbai_content::load(&repo().join("content")) {
        Ok(c) => c.params,
        Err(e) => panic!("content/ does not load: {e:?}"),
    })
}

/// Runs the roster and compares (or rewrites) the expected result; returns the result text.
fn check(input: &Path, expected: &Path) -> String {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("result.csv");
    let report = mingbai_roster::run(input, &out, params()).unwrap_or_else(|e| panic!("{e}"));
    let got = std::fs::read_to_string(&out).unwrap();
    // The browser page runs the roster from memory on one thread: the same bytes.
    let name = input.file_name().unwrap().to_string_lossy();
    let (_, in_memory) = mingbai_roster::run_bytes(
        std::fs::read(input).unwrap(),
        &name,
        params(),
        &mingbai_roster::Options::default(),
        &mut |_| {},
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        in_memory == got.as_bytes(),
        "{}: run_bytes writes what run writes",
        input.display()
    );
    assert_eq!(
        report.rows as usize,
        got.lines().count() - 1,
        "{}: one result row per input row",
        input.display()
    );
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(expected, &got).unwrap();
    } else {
        let want = std::fs::read_to_string(expected)
            .unwrap_or_else(|_| panic!("no {}", expected.display()));
        if got != want {
            for (i, (g, w)) in got.lines().zip(want.lines()).enumerate() {
                if g != w {
                    panic!(
                        "{}: line {} differs\n got: {g}\nwant: {w}",
                        input.display(),
                        i + 1
                    );
                }
            }
            panic!(
                "{}: result has {} lines, expected {}",
                input.display(),
                got.lines().count(),
                want.lines().count()
            );
        }
    }
    got
}

#[test]
fn golden_rosters() {
    let dir = repo().join("tests/golden/roster");
    let mut inputs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "csv" || e == "xlsx")
                && !p.to_string_lossy().ends_with(".expected.csv")
        })
        .collect();
    inputs.sort();
    assert!(
        inputs.len() >= 2,
        "expected golden rosters in {}",
        dir.display()
    );
    for input in inputs {
        let expected = input.with_extension("expected.csv");
        check(&input, &expected);
    }
}

#[test]
fn example_roster_computes_every_household() {
    let input = repo().join("examples/roster/roster.csv");
    let got = check(&input, &repo().join("examples/roster/roster-结果.csv"));
    let rows: Vec<&str> = got.lines().skip(1).collect();
    assert!(
        rows.len() >= 40,
        "the example roster has about forty households"
    );
    for row in rows {
        assert!(
            row.ends_with(','),
            "every example household computes: {row}"
        );
    }
}
