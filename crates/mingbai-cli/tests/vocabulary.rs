//! One vocabulary. Every closed set of names (categories, levels, stages, kinds, statuses, the
//! calculators) and every result line is declared once in `mingbai-calc` with `vocab!`; this test
//! holds the surfaces to it:
//!
//! - the declaration itself is `tests/golden/vocabulary.json` (a renamed word shows as a diff
//!   there; `UPDATE_GOLDEN=1` rewrites it), which the browser test `vocabulary.test.mjs` reads to
//!   check the calculator's form and result lines against the same words;
//! - one household (`summary-daixian-household`) is rendered on every surface built in Rust — the
//!   CLI's text with its trace, the roster's result CSV, the household card, the site's worked
//!   examples, policy card and print sheet — and each must use the declared words;
//! - spellings the project has retired appear on none of them.

use mingbai_calc::education::{Boarding, Kind, Period, Requirement, Stage};
use mingbai_calc::medical::{Level, VisitKind};
use mingbai_calc::relocation::{Condition, Mode, Scheme};
use mingbai_calc::{Calculator, Category, Group, Line, Status, Summary};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Names that different surfaces once gave the same thing. Each has one name now (right).
const RETIRED: &[(&str, &str)] = &[
    ("建档立卡户（脱贫户）", Category::Jiandang.zh()),
    ("边缘户/监测户", Category::Edge.zh()),
    ("边缘户（监测户）", Category::Edge.zh()),
    ("乡镇级", Level::Township.zh()),
    ("乡镇（一级）医院", Level::Township.zh()),
    ("乡镇卫生院（一级）", Level::Township.zh()),
    ("现已可领", Line::HousingNow.zh()),
    ("低保月额", Line::DibaoMonthly.zh()),
    ("低保年额", Line::DibaoYearly.zh()),
    ("个人自付封顶", Line::PatientCap.zh()),
    ("看病个人负担", Line::PatientPays.zh()),
    ("家庭还需自筹", Line::HouseholdPays.zh()),
    ("渐退期还可领", Line::TaperAmountLeft.zh()),
    ("本学年补助合计", Line::EducationGrants.zh()),
];

const CASE: &str = "summary-daixian-household";

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `{ key: Chinese name }` of a set.
fn choices(pairs: &[(&str, &str)]) -> serde_json::Value {
    pairs
        .iter()
        .map(|(k, zh)| (k.to_string(), serde_json::json!(zh)))
        .collect::<serde_json::Map<_, _>>()
        .into()
}

/// The declaration: each set, its keys and their names.
fn declaration() -> serde_json::Value {
    serde_json::json!({
        "Calculator": choices(Calculator::CHOICES),
        "Category": choices(Category::CHOICES),
        "Group": choices(Group::CHOICES),
        "Level": choices(Level::CHOICES),
        "VisitKind": choices(VisitKind::CHOICES),
        "Scheme": choices(Scheme::CHOICES),
        "Mode": choices(Mode::CHOICES),
        "Condition": choices(Condition::CHOICES),
        "Stage": choices(Stage::CHOICES),
        "Boarding": choices(Boarding::CHOICES),
        "Kind": choices(Kind::CHOICES),
        "Period": choices(Period::CHOICES),
        "Requirement": choices(Requirement::CHOICES),
        "Status": choices(Status::CHOICES),
        "Line": choices(Line::CHOICES),
    })
}

#[test]
fn the_declaration_is_the_golden_file() {
    let path = repo().join("tests/golden/vocabulary.json");
    let now = format!(
        "{}\n",
        serde_json::to_string_pretty(&declaration()).unwrap()
    );
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, &now).unwrap();
    }
    let golden = std::fs::read_to_string(&path).unwrap_or_default();
    assert_eq!(
        golden, now,
        "the vocabulary changed: review, then UPDATE_GOLDEN=1"
    );
}

#[test]
fn no_two_values_of_a_set_share_a_name() {
    for (set, values) in declaration().as_object().unwrap() {
        let mut seen = std::collections::BTreeSet::new();
        for zh in values.as_object().unwrap().values() {
            let zh = zh.as_str().unwrap();
            assert!(seen.insert(zh), "{set}: “{zh}” names two values");
        }
    }
}

fn mingbai(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_mingbai"))
        .args(args)
        .current_dir(repo())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "mingbai {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn summary() -> Summary {
    let json =
        std::fs::read_to_string(repo().join(format!("tests/golden/calc/{CASE}.expected.json")))
            .unwrap();
    serde_json::from_str(&json).unwrap()
}

fn assert_words(surface: &str, text: &str, words: &[&str]) {
    for w in words {
        assert!(text.contains(w), "{surface} does not say “{w}”");
    }
}

fn assert_no_retired(surface: &str, text: &str) {
    for (old, now) in RETIRED {
        assert!(
            !text.contains(old),
            "{surface} says “{old}”: the one name is “{now}”"
        );
    }
}

/// The figures the household's result has, by the name every surface gives them.
fn household_lines() -> Vec<&'static str> {
    [
        Line::Reimbursed,
        Line::PatientPays,
        Line::HousingNow,
        Line::EducationGrants,
        Line::EducationLoans,
        Line::OneTime,
    ]
    .iter()
    .map(|l| l.zh())
    .collect()
}

#[test]
fn the_cli_text_and_its_trace_use_the_declared_words() {
    let case = format!("tests/golden/calc/{CASE}.case.json");
    let text = mingbai(&["calc", &case]);
    let mut words = household_lines();
    words.extend([
        Line::MedicalTotal.zh(),
        Line::Basic.zh(),
        Line::Serious.zh(),
        Line::HouseholdPays.zh(),
        Calculator::Medical.zh(),
        Calculator::Relocation.zh(),
        Calculator::Education.zh(),
        Category::Jiandang.zh(),
        Stage::Undergraduate.zh(),
        Level::City.zh(),
    ]);
    assert_words("mingbai calc", &text, &words);
    // Every golden case's text, not only this household's (an expected error has no text).
    let mut texts = 0;
    for entry in std::fs::read_dir(repo().join("tests/golden/calc")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let Some(case) = name.strip_suffix(".expected.json") else {
            continue;
        };
        if let Ok(s) = serde_json::from_str::<Summary>(&std::fs::read_to_string(&path).unwrap()) {
            assert_no_retired(case, &mingbai_calc::render_text(&s));
            texts += 1;
        }
    }
    assert!(texts >= 40, "only {texts} golden results read");
}

#[test]
fn the_roster_header_is_made_of_declared_lines() {
    let dir = std::env::temp_dir().join(format!("mingbai-vocab-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("结果.csv");
    let roster = repo().join("examples/roster/roster.csv");
    let _ = Command::new(env!("CARGO_BIN_EXE_mingbai"))
        .args(["batch", roster.to_str().unwrap(), "--out"])
        .arg(&out)
        .current_dir(repo())
        .output()
        .unwrap();
    let csv = std::fs::read_to_string(&out).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    let header: Vec<&str> = csv
        .trim_start_matches('\u{feff}')
        .lines()
        .next()
        .unwrap()
        .split(',')
        .collect();
    // Between the date and the 示例 mark, every column is a figure: each must be a declared line.
    let from = header.iter().position(|h| *h == "计算日期").unwrap() + 1;
    let to = header.iter().position(|h| *h == "是否含示例参数").unwrap();
    for column in &header[from..to] {
        assert!(
            Line::ALL.iter().any(|l| l.zh() == *column),
            "roster column “{column}” is not a declared result line"
        );
    }
    assert_words("the roster header", &header.join(","), &household_lines());
    assert_no_retired("the roster result", &csv);
}

#[test]
fn the_household_card_uses_the_declared_words() {
    let s = summary();
    let html = mingbai_card::card(&mingbai_card::CardInput {
        summary: &s,
        policies: &Default::default(),
        household: None,
    });
    assert_words(
        "the household card",
        &html,
        &[
            Calculator::Medical.zh(),
            Calculator::Relocation.zh(),
            Calculator::Education.zh(),
            Stage::Undergraduate.zh(),
        ],
    );
    assert_no_retired("the household card", &html);
}

#[test]
fn the_site_uses_the_declared_words_on_every_page() {
    let out = std::env::temp_dir().join(format!("mingbai-vocab-site-{}", std::process::id()));
    mingbai(&["build", "--out", out.to_str().unwrap()]);
    let read = |p: &str| std::fs::read_to_string(out.join(p)).unwrap();
    // The worked examples: the same result lines as the calculator, the CLI and the roster.
    let examples = read("daixian/calculator/index.html");
    assert_words(
        "代县's worked examples",
        &examples,
        &[
            Line::PatientPays.zh(),
            Line::Reimbursed.zh(),
            Line::HousingNow.zh(),
            Line::EducationGrants.zh(),
        ],
    );
    // One parameter (the 136 cap of a 乡镇卫生院 stay) on its card, on the print sheet and in the
    // trace of a result: the same label and the same hospital level.
    let words = [
        Line::PatientCap.zh(),
        Level::Township.zh(),
        Level::City.zh(),
    ];
    assert_words(
        "the 136 card",
        &read("daixian/health-136/index.html"),
        &words,
    );
    let print = walk(&out.join("daixian/print"))
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect::<String>();
    assert_words("代县's print sheets", &print, &words);
    let trace = mingbai(&[
        "calc",
        "tests/golden/calc/daixian-medical-several-levels.case.json",
    ]);
    assert_words(
        "the trace of a 136 case",
        &trace,
        &[Line::PatientCap.zh(), Level::Province.zh()],
    );
    for page in walk(&out) {
        if page.extension().is_some_and(|e| e == "html") {
            let text = std::fs::read_to_string(&page).unwrap();
            assert_no_retired(&page.display().to_string(), &text);
        }
    }
    std::fs::remove_dir_all(&out).unwrap();
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}
