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

#[test]
fn real_examples_compute_for_every_calculator_offered() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../content");
    let c = mingbai_content::load(&root).unwrap_or_else(|e| panic!("{e}"));
    for j in &c.jurisdictions {
        let examples = c.examples.get(&j.id).map(Vec::as_slice).unwrap_or_default();
        // Sorted by file name, so pages are deterministic.
        let names: Vec<&str> = examples.iter().map(|e| e.name.as_str()).collect();
        let mut sorted = names.clone();
        sorted.sort();
        assert_eq!(names, sorted, "{}", j.id);
        for calc in &j.calculators {
            assert!(
                examples.iter().any(|e| e.calculators().contains(calc)),
                "{}: no worked example for the {} calculator",
                j.id,
                calc.key()
            );
        }
        for e in examples {
            let s = &e.summary;
            assert_eq!(s.jurisdiction, j.id);
            // Computed with traces, so the page can show the steps.
            let steps = s
                .medical
                .iter()
                .flat_map(|m| &m.persons)
                .map(|p| p.trace.steps.len())
                .chain(s.relocation.iter().map(|r| r.trace.steps.len()))
                .chain(
                    s.education
                        .iter()
                        .flat_map(|x| &x.children)
                        .map(|c| c.trace.steps.len()),
                )
                .chain(s.dibao.iter().map(|d| d.trace.steps.len()))
                .sum::<usize>();
            assert!(steps > 0, "{}: no steps", e.file.display());
        }
    }
    // The seed's worked example B2 (代县 “136”, 市级 cap 3000元): the patient pays 3000元 of 合规 costs.
    let b2 = c.examples["daixian"]
        .iter()
        .find(|e| e.name == "medical-city-stay")
        .unwrap();
    let m = b2.summary.medical.as_ref().unwrap();
    assert_eq!(m.persons[0].patient_compliant.to_string(), "3000.00");
    // Seed example B3 (保定 低保, 3 people, income 6000元).
    let b3 = c.examples["baoding"]
        .iter()
        .find(|e| e.name == "dibao-three-people")
        .unwrap();
    assert!(b3.summary.dibao.as_ref().unwrap().eligible);
}

#[test]
fn a_bad_example_names_its_file_and_field() {
    let dir = std::env::temp_dir().join(format!("mingbai-content-example-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(&fixture(), &dir);
    let file = dir.join("ceshi/examples/bad-date.json");
    std::fs::write(
        &file,
        r#"{ "title": "早年的低保", "case": { "jurisdiction": "ceshi", "as_of": "2010-06-01",
        "household": { "size": 3, "category": "dibao" }, "dibao": { "annual_income": 6000 } } }"#,
    )
    .unwrap();
    let errors = mingbai_content::load(&dir).unwrap_err();
    let e = errors
        .0
        .iter()
        .find(|e| e.file == file)
        .unwrap_or_else(|| panic!("{errors}"));
    assert_eq!(e.field.as_deref(), Some("case.dibao.as_of"), "{errors}");
    std::fs::write(&file, "{ \"title\": \"x\", \"case\": ").unwrap();
    let errors = mingbai_content::load(&dir).unwrap_err();
    assert!(
        errors.0.iter().any(|e| e.file == file && e.line == Some(1)),
        "{errors}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

fn copy_dir(src: &std::path::Path, dst: &std::path::Path) {
    std::fs::create_dir_all(dst).unwrap();
    for e in std::fs::read_dir(src).unwrap() {
        let e = e.unwrap();
        let to = dst.join(e.file_name());
        if e.path().is_dir() {
            copy_dir(&e.path(), &to);
        } else {
            std::fs::copy(e.path(), to).unwrap();
        }
    }
}
