//! Golden household cards: for a few golden calc cases (`tests/golden/calc/NAME.expected.json`, the
//! engine's Summary with its traces), the card against the real `content/`, with its back of
//! pictures (from `NAME.case.json`), must equal `tests/golden/household-cards/NAME.html`.
//! `UPDATE_GOLDEN=1` rewrites them; review the diff.

use mingbai_calc::{Case, Summary};
use mingbai_card::{back, card, sheet, CardInput, Paper, Policies, Policy};
use std::path::{Path, PathBuf};

const CASES: [&str; 6] = [
    "summary-daixian-household",
    "summary-baoding-household",
    "daixian-relocation-whole-village-no-condition",
    "zhenba-medical-after-last-known",
    "baoding-dibao-taper",
    "daixian-education-three-children",
];

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The policies of a jurisdiction as the calculator page embeds them (`#mingbai-policies`).
fn policies(content: &mingbai_content::Content, jurisdiction: &str) -> Policies {
    // Its own policies and those it inherits (a national policy has one page, under its level).
    let j = content.jurisdiction(jurisdiction).unwrap();
    content
        .docs_for(j)
        .into_iter()
        .map(|d| {
            (
                d.slug.clone(),
                Policy {
                    title: d.title.clone(),
                    url: format!("{}{}/{}/", content.site.base_url, d.jurisdiction, d.slug),
                    condition: d.eligibility.first().cloned().unwrap_or_default(),
                    how_to_apply: d.how_to_apply.clone(),
                    calculators: d.params.keys().copied().collect(),
                },
            )
        })
        .collect()
}

#[test]
fn golden_household_cards() {
    let content = mingbai_content::load(&repo().join("content")).unwrap();
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut failures = Vec::new();
    for name in CASES {
        let json =
            std::fs::read_to_string(repo().join(format!("tests/golden/calc/{name}.expected.json")))
                .unwrap();
        let summary: Summary = serde_json::from_str(&json).unwrap();
        let p = policies(&content, &summary.jurisdiction);
        let html = card(&CardInput {
            summary: &summary,
            policies: &p,
            household: None,
        });
        assert!(!html.contains("<script"), "{name}");
        let text: String = html
            .split('<')
            .filter_map(|t| t.split_once('>').map(|(_, text)| text))
            .collect();
        assert!(
            !text.contains(&summary.as_of.to_string()),
            "{name}: no ISO date in the text"
        );
        assert!(
            html.contains(&format!("按{}计算", summary.as_of.zh())),
            "{name}: the date in Chinese"
        );
        assert_eq!(
            html.contains(r#"<span class="mbc-a">示例</span>"#),
            summary.uses_assumption,
            "{name}: 示例 exactly when an assumption is used"
        );
        let case: Case = serde_json::from_str(
            &std::fs::read_to_string(repo().join(format!("tests/golden/calc/{name}.case.json")))
                .unwrap(),
        )
        .unwrap();
        let params = content.params.get(&case.jurisdiction).unwrap();
        let pictures = mingbai_chart::pictures(&case, params, &summary, "card");
        let back = back(&summary, &pictures).expect("every golden card has a picture");
        for p in &pictures {
            assert!(
                back.contains(&p.html),
                "{name}: the back holds every picture"
            );
        }
        let doc = format!(
            "<!doctype html>\n<html lang=\"zh-CN\"><meta charset=\"utf-8\"><link rel=\"stylesheet\" href=\"../../../site/static/css/site.css\"><link rel=\"stylesheet\" href=\"../../../site/static/css/household-card.css\">\n{}\n",
            sheet(&[html, back], Paper::A5)
        );
        let path = repo().join(format!("tests/golden/household-cards/{name}.html"));
        if update {
            std::fs::write(&path, &doc).unwrap();
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(doc.as_str()) {
            failures.push(name);
        }
    }
    assert!(
        failures.is_empty(),
        "household cards differ (UPDATE_GOLDEN=1 to rewrite, then review): {failures:?}"
    );
}

#[test]
fn names_and_policy_text_are_escaped() {
    let json = std::fs::read_to_string(
        repo().join("tests/golden/calc/summary-daixian-household.expected.json"),
    )
    .unwrap();
    let summary: Summary = serde_json::from_str(&json).unwrap();
    let mut p = Policies::new();
    for doc in [
        "health-136",
        "medical-insurance",
        "relocation-housing",
        "compulsory-aid",
    ] {
        p.insert(
            doc.into(),
            Policy {
                title: "<b>&".into(),
                url: "https://a.example/\"><script>".into(),
                condition: "<img src=x onerror=alert(1)>".into(),
                how_to_apply: "'".into(),
                calculators: vec![],
            },
        );
    }
    let html = card(&CardInput {
        summary: &summary,
        policies: &p,
        household: Some("<script>alert(1)</script>"),
    });
    assert!(!html.contains("<script"), "{html}");
    assert!(!html.contains("<img"), "{html}");
    assert!(html.contains("户：&lt;script&gt;"), "{html}");
}

#[test]
fn a4_puts_two_cards_on_a_page() {
    let cards: Vec<String> = (0..3).map(|i| format!("<article>{i}</article>")).collect();
    let a4 = sheet(&cards, Paper::A4);
    assert_eq!(a4.matches(r#"<div class="mbc-page">"#).count(), 2);
    assert_eq!(a4.matches("mbc-cut").count(), 1);
    let a5 = sheet(&cards, Paper::A5);
    assert_eq!(a5.matches(r#"<div class="mbc-page">"#).count(), 3);
}

#[test]
fn no_pictures_no_back() {
    let json = std::fs::read_to_string(
        repo().join("tests/golden/calc/summary-daixian-household.expected.json"),
    )
    .unwrap();
    let summary: Summary = serde_json::from_str(&json).unwrap();
    assert_eq!(back(&summary, &[]), None);
}
