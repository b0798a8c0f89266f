//! The public API: file-level errors, the report, the xlsx reader, the mapping of a row onto a
//! case, and the invariant that every row in gives one row out.

use std::collections::BTreeMap;
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use mingbai_calc::{Case, JurisdictionParams, Line};
use mingbai_roster::{run, run_csv, run_with, BatchReport, Options, RosterError, OUTPUT_COLUMNS};
use proptest::prelude::*;

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

fn csv_in_memory(text: &str, options: &Options) -> (Result<BatchReport, RosterError>, String) {
    let mut out = Vec::new();
    let r = run_csv(
        Cursor::new(text.as_bytes().to_vec()),
        &mut out,
        Path::new("花名册.csv"),
        params(),
        options,
    );
    let out = String::from_utf8(out).unwrap();
    (r, out.trim_start_matches('\u{feff}').to_string())
}

/// The result rows as maps from column to value.
fn records(result: &str) -> Vec<BTreeMap<String, String>> {
    let mut rdr = csv::ReaderBuilder::new().from_reader(result.as_bytes());
    let headers = rdr.headers().unwrap().clone();
    assert_eq!(headers.iter().collect::<Vec<_>>(), OUTPUT_COLUMNS);
    rdr.records()
        .map(|r| {
            headers
                .iter()
                .zip(r.unwrap().iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

// ---------------------------------------------------------------- whole-file errors

#[test]
fn missing_required_column_names_the_file_and_the_column() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("东沟村.csv");
    std::fs::write(&input, "户主姓名,地区,家庭人口,户类别\n张三,代县,3,低保\n").unwrap();
    let out = dir.path().join("out.csv");
    let e = run(&input, &out, params()).unwrap_err();
    let msg = e.to_string();
    assert!(
        matches!(&e, RosterError::MissingColumns { missing, row: Some(1), .. } if missing == &vec!["计算日期"]),
        "{e:?}"
    );
    assert!(
        msg.contains("东沟村.csv") && msg.contains("“计算日期”"),
        "{msg}"
    );
    assert!(
        !out.exists(),
        "nothing is written for a file that cannot be used"
    );
    // With a default date the column may be left out.
    let options = Options {
        default_as_of: Some(mingbai_calc::Date::parse("2019-09-01").unwrap()),
        threads: None,
    };
    std::fs::write(
        &input,
        "户主姓名,地区,家庭人口,户类别,子女学段\n张三,代县,3,低保,小学寄宿\n",
    )
    .unwrap();
    let report = run_with(&input, &out, params(), &options).unwrap();
    assert_eq!((report.rows, report.computed), (1, 1));
    let got = std::fs::read_to_string(&out).unwrap();
    assert!(
        got.contains("2019-09-01"),
        "the date used is written: {got}"
    );
}

#[test]
fn other_whole_file_errors() {
    let dir = tempfile::tempdir().unwrap();
    let p = |name: &str| dir.path().join(name);

    std::fs::write(p("dup.csv"), "地区,计算日期,家庭人口,户类别,人口\n").unwrap();
    let e = run(&p("dup.csv"), &p("o.csv"), params()).unwrap_err();
    assert!(
        e.to_string().contains("“家庭人口”和“人口”都是“家庭人口”列"),
        "{e}"
    );

    std::fs::write(p("roster.pdf"), "x").unwrap();
    let e = run(&p("roster.pdf"), &p("o.csv"), params()).unwrap_err();
    assert!(
        matches!(e, RosterError::UnknownFormat { .. }) && e.to_string().contains("roster.pdf"),
        "{e}"
    );

    let e = run(&p("nowhere.csv"), &p("o.csv"), params()).unwrap_err();
    assert!(
        matches!(e, RosterError::Read { .. }) && e.to_string().contains("nowhere.csv"),
        "{e}"
    );

    std::fs::write(p("empty.csv"), "\n\n").unwrap();
    let e = run(&p("empty.csv"), &p("o.csv"), params()).unwrap_err();
    assert!(
        e.to_string().contains("empty.csv") && e.to_string().contains("没有找到表头"),
        "{e}"
    );

    std::fs::write(p("same.csv"), "地区,计算日期,家庭人口,户类别\n").unwrap();
    let e = run(&p("same.csv"), &p("same.csv"), params()).unwrap_err();
    assert!(matches!(e, RosterError::SameFile { .. }), "{e}");

    std::fs::write(p("broken.xlsx"), "not a zip").unwrap();
    let e = run(&p("broken.xlsx"), &p("o.csv"), params()).unwrap_err();
    assert!(
        e.to_string().contains("broken.xlsx") && e.to_string().contains("xlsx"),
        "{e}"
    );

    // A failed run leaves an earlier result as it was.
    std::fs::write(p("o.csv"), "earlier").unwrap();
    let _ = run(&p("dup.csv"), &p("o.csv"), params()).unwrap_err();
    assert_eq!(std::fs::read_to_string(p("o.csv")).unwrap(), "earlier");
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "no temporary file is left behind");
}

#[test]
fn default_output_sits_next_to_the_input() {
    assert_eq!(
        mingbai_roster::default_output(Path::new("/data/东沟村.xlsx")),
        PathBuf::from("/data/东沟村-结果.csv")
    );
    assert_eq!(
        mingbai_roster::default_output(Path::new("roster.csv")),
        PathBuf::from("roster-结果.csv")
    );
}

#[test]
fn report_counts_and_lists_ignored_columns() {
    let text = "地区,计算日期,家庭人口,户类别,联系电话,家庭年收入\n\
                镇巴县,2019-09-01,3,低保,138,6600\n\
                镇巴县,2019-09-01,3,低保,139,abc\n\
                ,,,,,\n\
                保定市,2016-06-01,3,低保,,6000\n";
    let (r, out) = csv_in_memory(text, &Options::default());
    let r = r.unwrap();
    assert_eq!(
        (
            r.rows,
            r.computed,
            r.errors,
            r.with_assumptions,
            r.header_row
        ),
        (3, 2, 1, 1, 1)
    );
    assert_eq!(r.ignored_columns, vec!["联系电话"]);
    assert_eq!(
        r.first_errors,
        vec!["第3行 家庭年收入: “abc”不是金额（应填数字，如 12000 或 1234.50）"]
    );
    let shown = r.to_string();
    assert!(
        shown.contains("共3户：计算2户，出错1户")
            && shown.contains("联系电话")
            && shown.contains("示例参数"),
        "{shown}"
    );
    let rows = records(&out);
    assert_eq!(
        rows.iter().map(|r| r["行号"].as_str()).collect::<Vec<_>>(),
        vec!["2", "3", "5"]
    );
}

// ---------------------------------------------------------------- xlsx

/// The same roster as an .xlsx (numbers as numbers, dates as dates, a merged title row, a blank
/// row) and as CSV text gives the same result.
#[test]
fn xlsx_reads_like_csv() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let dir = tempfile::tempdir().unwrap();
    let xlsx = dir.path().join("花名册.xlsx");

    let header = [
        "序号",
        "户主姓名",
        "地区",
        "计算日期",
        "家庭人口",
        "户类别",
        "有残疾人",
        "就医人年龄",
        "住院级别",
        "住院总费用",
        "住院合规费用",
        "家庭年收入",
        "子女学段",
    ];
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    sheet
        .merge_range(0, 0, 0, 12, "东沟村花名册", &Format::new())
        .unwrap();
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(1, c as u16, *h).unwrap();
    }
    // row 2: 代县 medical
    sheet.write_number(2, 0, 1).unwrap();
    sheet.write_string(2, 1, "王大山").unwrap();
    sheet.write_string(2, 2, "代县").unwrap();
    sheet
        .write_datetime_with_format(2, 3, ExcelDateTime::from_ymd(2019, 9, 1).unwrap(), &date)
        .unwrap();
    sheet.write_number(2, 4, 4).unwrap();
    sheet.write_string(2, 5, "建档立卡").unwrap();
    sheet.write_boolean(2, 6, false).unwrap();
    sheet.write_number(2, 7, 58).unwrap();
    sheet.write_string(2, 8, "县级").unwrap();
    sheet.write_number(2, 9, 18600.5).unwrap();
    sheet.write_number(2, 10, 16200).unwrap();
    // row 3 blank; row 4: 镇巴县 低保 with an income carrying float noise, and a child
    sheet.write_number(4, 0, 2).unwrap();
    sheet.write_string(4, 1, "李小梅").unwrap();
    sheet.write_string(4, 2, "镇巴县").unwrap();
    sheet
        .write_datetime_with_format(4, 3, ExcelDateTime::from_ymd(2019, 10, 1).unwrap(), &date)
        .unwrap();
    sheet.write_number(4, 4, 3).unwrap();
    sheet.write_string(4, 5, "低保").unwrap();
    sheet.write_boolean(4, 6, true).unwrap();
    sheet.write_number(4, 11, 6600.1 - 0.1).unwrap();
    sheet.write_string(4, 12, "小学寄宿").unwrap();
    // row 5: a bad amount
    sheet.write_number(5, 0, 3).unwrap();
    sheet.write_string(5, 1, "赵老汉").unwrap();
    sheet.write_string(5, 2, "保定市").unwrap();
    sheet.write_string(5, 3, "2016-06-10").unwrap();
    sheet.write_number(5, 4, 1).unwrap();
    sheet.write_string(5, 5, "特困").unwrap();
    sheet.write_number(5, 11, -3).unwrap();
    book.save(&xlsx).unwrap();
    // The golden xlsx roster (read by the golden test and the browser roster page's test).
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::copy(&xlsx, repo().join("tests/golden/roster/xlsx-东沟村.xlsx")).unwrap();
    }

    let csv_text = "东沟村花名册\n\
        序号,户主姓名,地区,计算日期,家庭人口,户类别,有残疾人,就医人年龄,住院级别,住院总费用,住院合规费用,家庭年收入,子女学段\n\
        1,王大山,代县,2019-09-01,4,建档立卡,否,58,县级,18600.5,16200,,\n\
        \n\
        2,李小梅,镇巴县,2019-10-01,3,低保,是,,,,,6600,小学寄宿\n\
        3,赵老汉,保定市,2016-06-10,1,特困,,,,,,-3,\n";
    let (r, from_csv) = csv_in_memory(csv_text, &Options::default());
    assert_eq!(r.unwrap().rows, 3);

    let out = dir.path().join("结果.csv");
    let report = run(&xlsx, &out, params()).unwrap();
    assert_eq!(
        (
            report.rows,
            report.computed,
            report.errors,
            report.header_row
        ),
        (3, 2, 1, 2)
    );
    let from_xlsx = std::fs::read_to_string(&out).unwrap();
    assert!(
        from_xlsx.starts_with('\u{feff}'),
        "the result starts with a BOM for Excel"
    );
    assert_eq!(from_xlsx.trim_start_matches('\u{feff}'), from_csv);
    let rows = records(&from_csv);
    assert_eq!(rows[0][Line::Reimbursed.zh()], "15200.00");
    assert_eq!(rows[1][Line::DibaoMonthly.zh()], "350.00");
    assert_eq!(rows[2]["错误"], "第6行 家庭年收入: 金额不能为负数（-3）");
}

// ---------------------------------------------------------------- row ↔ case

/// A roster row computes exactly what the equivalent golden calc case does.
#[test]
fn rows_compute_what_the_equivalent_case_computes() {
    let pairs = [
        (
            "zhenba-dibao-taper-18-disabled",
            "地区,计算日期,家庭人口,户类别,有残疾人,家庭年收入,收入超标月份,原家庭年收入\n镇巴县,2019-12-01,4,低保,是,20000,2019-02,8000\n",
        ),
        (
            "summary-daixian-household",
            "地区,计算日期,家庭人口,户类别,就医人年龄,住院日期,住院级别,住院总费用,住院合规费用,安置方式,建档立卡搬迁人数,建房面积,建房费用,子女学段\n\
             代县,2019-09-01,5,建档立卡,52,2019-03-02,市级,42000,38000,集中安置,5,110,150000,本科1年级二本B类学费7000\n",
        ),
        (
            "daixian-relocation-dispersed-with-tongbu",
            "地区,计算日期,家庭人口,户类别,安置方式,建档立卡搬迁人数,同步搬迁人数,建房面积,建房费用,已满足条件\n\
             代县,2018-05-01,5,建档立卡,分散安置,3,2,90.5,90000,拆旧\n",
        ),
        (
            "daixian-relocation-whole-village-no-condition",
            "地区,计算日期,家庭人口,户类别,安置方式,建档立卡搬迁人数,整村搬迁,建房面积,建房费用\n\
             代县,2019-09-01,4,建档立卡,集中安置,4,是,100,108000\n",
        ),
        (
            "daixian-relocation-whole-village-signed",
            "地区,计算日期,家庭人口,户类别,安置方式,建档立卡搬迁人数,同步搬迁人数,整村搬迁,建房面积,建房费用,已满足条件\n\
             代县,2019-09-01,4,建档立卡,集中安置,3,1,是,100,108000,双签、拆旧\n",
        ),
        (
            "baoding-dibao-tekun-member",
            "地区,计算日期,家庭人口,户类别,家庭年收入,分散供养特困人数\n保定市,2016-08-01,3,低保,4000,1\n",
        ),
        (
            "baoding-medical-fuping-60-plus",
            "地区,所在县区,计算日期,家庭人口,户类别,就医人年龄,住院日期,住院级别,县域内就医,住院总费用,住院合规费用\n\
             保定市,阜平县,2016-12-31,2,一般,68,2016-05-06,县级,是,15000,13500\n",
        ),
        (
            "zhenba-medical-chronic-poor",
            "地区,计算日期,家庭人口,户类别,就医人年龄,门诊慢特病级别,门诊慢特病总费用,门诊慢特病合规费用\n\
             镇巴县,2019-12-31,3,建档立卡,62,乡镇,5000,5000\n",
        ),
    ];
    for (name, row) in pairs {
        let text =
            std::fs::read_to_string(repo().join(format!("tests/golden/calc/{name}.case.json")))
                .unwrap();
        let case: Case = serde_json::from_str(&text).unwrap();
        let want = mingbai_calc::compute(&case, &params()[&case.jurisdiction]).unwrap();
        let (r, out) = csv_in_memory(row, &Options::default());
        r.unwrap();
        let got = &records(&out)[0];
        assert_eq!(got["错误"], "", "{name}");
        let t = &want.totals;
        let shown = |m: mingbai_calc::Money| m.to_string();
        assert_eq!(got[Line::OneTime.zh()], shown(t.one_time), "{name}");
        assert_eq!(got[Line::Yearly.zh()], shown(t.yearly), "{name}");
        assert_eq!(got[Line::Monthly.zh()], shown(t.monthly), "{name}");
        if want.medical.is_some() {
            assert_eq!(
                got[Line::Reimbursed.zh()],
                shown(t.medical_reimbursed),
                "{name}"
            );
            assert_eq!(
                got[Line::PatientPays.zh()],
                shown(t.medical_patient_pays),
                "{name}"
            );
        }
        if let Some(r) = &want.relocation {
            assert_eq!(got[Line::HousingNow.zh()], shown(r.paid_now), "{name}");
            assert_eq!(
                got[Line::HousingNow.zh()],
                shown(t.housing_subsidy),
                "{name}"
            );
            if r.to_come == mingbai_calc::Money::ZERO {
                assert_eq!(got[Line::HousingToCome.zh()], "", "{name}");
            } else {
                assert_eq!(got[Line::HousingToCome.zh()], shown(r.to_come), "{name}");
                assert!(
                    got[Line::HousingToComeNeeds.zh()].contains("还要"),
                    "{name}"
                );
            }
        }
        if let Some(e) = &want.education {
            assert_eq!(
                got[Line::EducationGrants.zh()],
                shown(e.grants_total),
                "{name}"
            );
            assert_eq!(
                got[Line::EducationLoans.zh()],
                shown(t.education_loans),
                "{name}"
            );
        }
        if let Some(d) = &want.dibao {
            assert_eq!(
                got[Line::DibaoMonthly.zh()],
                shown(d.monthly_benefit),
                "{name}"
            );
            if let Some(taper) = &d.taper {
                assert_eq!(
                    got[Line::TaperMonthsLeft.zh()],
                    taper.months_left.to_string(),
                    "{name}"
                );
                assert_eq!(
                    got[Line::TaperAmountLeft.zh()],
                    shown(taper.amount_left),
                    "{name}"
                );
            }
        }
        let assumed = if want.uses_assumption { "是" } else { "否" };
        assert!(got["是否含示例参数"].starts_with(assumed), "{name}");
    }
}

// ---------------------------------------------------------------- N rows in, N rows out

const HEADER: &str = "序号,地区,计算日期,家庭人口,户类别,有残疾人,就医人年龄,住院级别,住院总费用,住院合规费用,安置方式,建档立卡搬迁人数,子女学段,家庭年收入,收入超标月份,原家庭年收入";

fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("代县".to_string()),
        Just("镇巴县".to_string()),
        Just("baoding".to_string()),
        Just("2019-09-01".to_string()),
        Just("2016/6/1".to_string()),
        Just("建档立卡".to_string()),
        Just("低保".to_string()),
        Just("县级;市级".to_string()),
        Just("集中安置".to_string()),
        Just("小学寄宿;中职2年级".to_string()),
        Just("2019-05".to_string()),
        (0u32..200_000).prop_map(|n| n.to_string()),
        "[0-9a-z,\"\n 元.;-]{0,8}",
        "\\PC{0,6}",
    ]
}

fn row(width: usize) -> impl Strategy<Value = Vec<String>> {
    proptest::collection::vec(cell(), width)
}

fn to_csv(rows: &[Vec<String>]) -> String {
    let mut w = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(Vec::new());
    w.write_record(HEADER.split(',')).unwrap();
    for r in rows {
        w.write_record(r).unwrap();
    }
    String::from_utf8(w.into_inner().unwrap()).unwrap()
}

fn check_one_out_per_row(rows: &[Vec<String>], threads: usize) {
    let width = HEADER.split(',').count();
    let text = to_csv(rows);
    let options = Options {
        default_as_of: None,
        threads: Some(threads),
    };
    let (r, out) = csv_in_memory(&text, &options);
    let report = r.unwrap();
    let non_blank = rows
        .iter()
        .filter(|r| r.iter().any(|c| !c.trim().is_empty()))
        .count();
    let got = records(&out);
    assert_eq!(got.len(), non_blank);
    assert_eq!(report.rows as usize, non_blank);
    assert_eq!(report.computed + report.errors, report.rows);
    let mut last = 0u64;
    for g in &got {
        let n: u64 = g["行号"].parse().unwrap();
        assert!(n > last, "rows keep their order");
        last = n;
        if g["错误"].is_empty() {
            assert!(!g[Line::OneTime.zh()].is_empty() && !g[Line::Monthly.zh()].is_empty());
        } else {
            assert!(g["错误"].starts_with(&format!("第{n}行")), "{}", g["错误"]);
            assert!(g[Line::OneTime.zh()].is_empty() && g[Line::Yearly.zh()].is_empty());
        }
    }
    assert_eq!(
        got.iter().filter(|g| g["错误"].is_empty()).count() as u64,
        report.computed
    );
    let _ = width;
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn n_rows_in_n_rows_out(rows in proptest::collection::vec(row(16), 0..40)) {
        check_one_out_per_row(&rows, 2);
    }
}

/// Across chunk boundaries and threads: 10 000 rows, mostly good.
#[test]
fn many_rows_keep_count_and_order() {
    let good = [
        "1",
        "代县",
        "2019-09-01",
        "4",
        "建档立卡",
        "否",
        "58",
        "县级",
        "18600",
        "16200",
        "",
        "",
        "",
        "",
        "",
        "",
    ];
    let bad = [
        "2",
        "代县",
        "2019-09-01",
        "4",
        "建档立卡",
        "否",
        "58",
        "县级",
        "18600",
        "19000",
        "",
        "",
        "",
        "",
        "",
        "",
    ];
    let rows: Vec<Vec<String>> = (0..10_000)
        .map(|i| {
            if i % 97 == 0 { bad } else { good }
                .iter()
                .map(|s| s.to_string())
                .collect()
        })
        .collect();
    check_one_out_per_row(&rows, 2);
    check_one_out_per_row(&rows[..5000], 1);
}

// ---------------------------------------------------------------- template

/// The downloadable template: every column, and an example row that computes without error, the
/// same from the CSV and the xlsx; the xlsx is the same on every build.
#[test]
fn template_example_row_computes() {
    let [header, _] = mingbai_roster::template_rows();
    assert_eq!(header.len(), mingbai_roster::COLUMNS.len());
    let run = |bytes: Vec<u8>, name: &str| {
        let (report, out) =
            mingbai_roster::run_bytes(bytes, name, params(), &Options::default(), &mut |_| {})
                .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((report.rows, report.computed), (1, 1), "{report}");
        assert!(report.ignored_columns.is_empty());
        out
    };
    let from_csv = run(mingbai_roster::template_csv(), "模板.csv");
    let xlsx = mingbai_roster::template_xlsx().unwrap();
    assert_eq!(run(xlsx.clone(), "模板.xlsx"), from_csv);
    assert_eq!(mingbai_roster::template_xlsx().unwrap(), xlsx);
}

/// What the browser page refuses before reading: with a Chinese reason naming the file.
#[test]
fn bad_files_in_memory() {
    let err = |bytes: Vec<u8>, name: &str| {
        mingbai_roster::run_bytes(bytes, name, params(), &Options::default(), &mut |_| {})
            .unwrap_err()
            .to_string()
    };
    assert!(err(Vec::new(), "a.csv").contains("文件是空的"));
    assert!(err(vec![b'a'; mingbai_roster::MAX_BYTES + 1], "a.csv").contains("文件太大"));
    assert!(err(b"PK\x03\x04rest".to_vec(), "a.xlsx").contains("不是有效的 xlsx 文件"));
    assert!(err(b"not a zip".to_vec(), "a.xlsx").contains("不是有效的 xlsx 文件"));
    assert!(err(b"PK\x03\x04rest".to_vec(), "a.csv").contains("不是CSV"));
    assert!(err("地区,户类别\n代县,低保\n".as_bytes().to_vec(), "a.csv").contains("缺少必填列"));
}
