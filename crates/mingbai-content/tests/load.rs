//! Loading the good fixture: documents, merged parameter ranges, figures with their sources.

use std::path::PathBuf;

use mingbai_calc::{Date, Status};

fn fixture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/good")
}

#[test]
fn merges_parameters_per_date_range() {
    let c = mingbai_content::load(&fixture()).unwrap();
    assert_eq!(
        c.jurisdictions
            .iter()
            .map(|j| j.id.as_str())
            .collect::<Vec<_>>(),
        ["ceshi", "lianxi"]
    );
    let p = &c.params["ceshi"];
    // dibao-2017 (to 2018-12-31) + dibao-taper (open) → one range; dibao-2019 + taper → the next.
    assert_eq!(p.dibao.len(), 2);
    let d = |s: &str| Date::parse(s).unwrap();
    assert_eq!(
        (p.dibao[0].from, p.dibao[0].to),
        (d("2017-01-01"), Some(d("2018-12-31")))
    );
    assert_eq!((p.dibao[1].from, p.dibao[1].to), (d("2019-01-01"), None));
    let first = &p.dibao[0].params;
    assert_eq!(first.standard.v.to_string(), "2900.00");
    assert_eq!(first.standard.doc.as_deref(), Some("dibao-2017"));
    assert_eq!(first.taper_months.doc.as_deref(), Some("dibao-taper"));
    // `src` defaults to the document's `source`; an explicit one is kept.
    assert_eq!(first.standard.src.as_deref(), Some("种子报告000"));
    assert_eq!(
        first.tekun_dispersed.src.as_deref(),
        Some("种子报告000第3页")
    );
    assert_eq!(p.dibao[1].params.standard.v.to_string(), "3500.50");
    assert_eq!(p.relocation.len(), 1);
    assert_eq!(p.relocation[0].to, Some(d("2020-12-31")));
    // lianxi offers no calculator.
    assert!(c.params["lianxi"].dibao.is_empty());
}

#[test]
fn figures_render_from_front_matter() {
    let c = mingbai_content::load(&fixture()).unwrap();
    let j = c.jurisdiction("ceshi").unwrap();
    let doc = j.docs.iter().find(|d| d.slug == "relocation").unwrap();
    let f = doc
        .figure("relocation.rewards.demolition.per_person")
        .unwrap();
    assert_eq!(
        (f.label.as_str(), f.value.as_str(), f.status),
        ("每人奖励", "10000元", Status::V)
    );
    assert_eq!(f.line, Some(21));
    let g = doc
        .figures
        .iter()
        .find(|g| g.title == "旧房按期拆除奖励")
        .unwrap();
    assert_eq!(g.note.as_deref(), Some("条件：按期拆除旧房"));
    let caps = doc
        .figures
        .iter()
        .find(|g| g.title == "易地搬迁面积与自筹上限")
        .unwrap();
    assert_eq!(
        caps.rows
            .iter()
            .map(|r| r.value.as_str())
            .collect::<Vec<_>>(),
        ["25平方米", "3000元", "10000元"]
    );
    // Quoting resolves in the document, then once in the jurisdiction.
    let d2017 = j.docs.iter().find(|d| d.slug == "dibao-2017").unwrap();
    assert_eq!(
        mingbai_content::resolve_figure(j, d2017, "dibao.taper_months")
            .unwrap()
            .value,
        "12个月"
    );
    // dibao.standard is defined by two documents: from a third document the quote is ambiguous.
    let taper = j.docs.iter().find(|d| d.slug == "dibao-taper").unwrap();
    assert!(mingbai_content::resolve_figure(j, taper, "dibao.standard").is_none());
}
