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
    assert_eq!(g.note.as_deref(), Some("条件：拆除旧房"));
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
    let docs = c.docs_for(j);
    let d2017 = j.docs.iter().find(|d| d.slug == "dibao-2017").unwrap();
    assert_eq!(
        mingbai_content::resolve_figure(&docs, d2017, "dibao.taper_months")
            .unwrap()
            .value,
        "12个月"
    );
    // dibao.standard is defined by two documents: from a third document the quote is ambiguous.
    let taper = j.docs.iter().find(|d| d.slug == "dibao-taper").unwrap();
    assert!(mingbai_content::resolve_figure(&docs, taper, "dibao.standard").is_none());
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

/// `fixtures/levels`: a national document, a province with none, 甲县 with only its `_index.md`
/// and 乙县 with one file that changes one figure — how a publicity office adds a county.
#[test]
fn a_county_inherits_national_documents_and_overrides_one_figure() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/levels");
    let c = mingbai_content::load(&root).unwrap_or_else(|e| panic!("{e}"));
    let jia = c.jurisdiction("jiaxian").unwrap();
    let yi = c.jurisdiction("yixian").unwrap();
    assert_eq!(
        c.chain(jia)
            .iter()
            .map(|j| j.id.as_str())
            .collect::<Vec<_>>(),
        ["jiaxian", "shifan", "quanguo"]
    );
    // 甲县 writes no document: the national one is in force there, the very same document.
    let national = &c.jurisdiction("quanguo").unwrap().docs[0];
    let jia_docs = c.docs_for(jia);
    assert_eq!(jia_docs.len(), 1);
    assert!(std::ptr::eq(jia_docs[0], national));
    // Calculators exist for counties only, and see the merged figures.
    assert_eq!(
        c.params.keys().map(String::as_str).collect::<Vec<_>>(),
        ["jiaxian", "yixian"]
    );
    let jp = &c.params["jiaxian"].dibao[0].params;
    assert_eq!(jp.standard.v.to_string(), "3000.00");
    // 乙县 changes the standard: its own figure with its own source; the rest is national.
    let yp = &c.params["yixian"].dibao[0].params;
    assert_eq!(yp.standard.v.to_string(), "3600.00");
    assert_eq!(yp.standard.s, Status::V);
    assert_eq!(
        yp.standard.src.as_deref(),
        Some("练习用：乙县民政局公开报道")
    );
    assert_eq!(yp.taper_months, jp.taper_months);
    assert_eq!(yp.tekun_dispersed.src.as_deref(), Some("练习用：国家规定"));
    let own = c.docs_for(yi)[0];
    assert_eq!(own.jurisdiction, "yixian");
    let base = own.base.as_ref().unwrap();
    assert_eq!(base.jurisdiction, "quanguo");
    assert_eq!(base.overrides, ["dibao.standard"]);
    // Everything not written is the national card's, with the county's figure quoted.
    assert_eq!(own.title, "农村低保：每人每年3600元");
    assert_eq!(national.title, "农村低保：每人每年3000元");
    assert_eq!(own.effective, national.effective);
    assert_eq!(own.body, national.body);
    // The national document applies to both counties; the province writes none.
    assert_eq!(
        c.applies_to(national)
            .iter()
            .map(|j| j.id.as_str())
            .collect::<Vec<_>>(),
        ["jiaxian", "yixian"]
    );
}

#[test]
fn a_parent_that_does_not_exist_or_is_not_above_is_reported() {
    let src = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/levels");
    let root = std::env::temp_dir().join(format!("mingbai-levels-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    copy(&src, &root);
    let index = root.join("jiaxian/_index.md");
    let text = std::fs::read_to_string(&index).unwrap();
    std::fs::write(
        &index,
        text.replace("parent = \"shifan\"", "parent = \"yixian\""),
    )
    .unwrap();
    let index = root.join("yixian/_index.md");
    let text = std::fs::read_to_string(&index).unwrap();
    std::fs::write(
        &index,
        text.replace("parent = \"shifan\"", "parent = \"shanxi\""),
    )
    .unwrap();
    let e = mingbai_content::load(&root).unwrap_err().to_string();
    let _ = std::fs::remove_dir_all(&root);
    assert!(
        e.contains("jiaxian/_index.md:5: parent: “yixian”是县，不在县之上"),
        "{e}"
    );
    assert!(
        e.contains("yixian/_index.md:5: parent: 没有“shanxi”这个文件夹"),
        "{e}"
    );
}

fn copy(src: &std::path::Path, dst: &std::path::Path) {
    std::fs::create_dir_all(dst).unwrap();
    for e in std::fs::read_dir(src).unwrap() {
        let e = e.unwrap();
        if e.path().is_dir() {
            copy(&e.path(), &dst.join(e.file_name()));
        } else {
            std::fs::copy(e.path(), dst.join(e.file_name())).unwrap();
        }
    }
}

#[test]
fn a_bad_quote_in_a_county_addition_names_the_county_file_and_line() {
    let src = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/levels");
    let root = std::env::temp_dir().join(format!("mingbai-levels-quote-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    copy(&src, &root);
    let file = root.join("yixian/dibao.md");
    let text = std::fs::read_to_string(&file).unwrap();
    // Lines 1–4 are the front matter; line 5 is blank, line 6 quotes a figure nobody states.
    std::fs::write(
        &file,
        format!("{text}\n乙县另有{{{{ param(\"dibao.nope\") }}}}。\n"),
    )
    .unwrap();
    let loaded = mingbai_content::load(&root);
    let _ = std::fs::remove_dir_all(&root);
    let e = loaded.unwrap_err().to_string();
    assert!(e.contains("yixian/dibao.md:6:"), "{e}");
    assert_eq!(e.lines().filter(|l| l.contains(".md:")).count(), 1, "{e}");
}

/// The list of what each calculator needs in content/README.md is the generated one
/// (`UPDATE_GOLDEN=1` rewrites it).
#[test]
fn readme_lists_what_each_calculator_needs() {
    let file = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../content/README.md");
    let text = std::fs::read_to_string(&file).unwrap();
    let (start, end) = ("<!-- needed:start -->\n", "<!-- needed:end -->");
    let (head, rest) = text.split_once(start).expect("the needed:start marker");
    let (_, tail) = rest.split_once(end).expect("the needed:end marker");
    let want = format!(
        "{head}{start}{}{end}{tail}",
        mingbai_content::needed::needed_markdown()
    );
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&file, &want).unwrap();
    } else {
        assert!(
            text == want,
            "content/README.md is not what `mingbai params --needed` prints; UPDATE_GOLDEN=1 rewrites it"
        );
    }
}
