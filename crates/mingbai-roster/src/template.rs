//! The empty roster a cadre downloads to fill in: the header row with every column, in the
//! documented order, and one example household (computed without error; a test checks it).

use crate::columns::COLUMNS;

/// The example household: a 代县 建档立卡 family with one hospital stay and a child at a boarding
/// primary school, as in the example roster. One value per column of [`COLUMNS`].
const EXAMPLE: &[(&str, &str)] = &[
    ("序号", "1"),
    ("村组", "东沟村一组"),
    ("户主姓名", "王建国"),
    ("地区", "代县"),
    ("计算日期", "2019-09-01"),
    ("家庭人口", "4"),
    ("户类别", "建档立卡"),
    ("有残疾人", "否"),
    ("就医人年龄", "58"),
    ("住院日期", "2019-03-12"),
    ("住院级别", "县级"),
    ("住院总费用", "18600"),
    ("住院合规费用", "16200"),
    ("子女学段", "小学寄宿"),
];

/// The header and the example row, cell by cell.
pub fn template_rows() -> [Vec<&'static str>; 2] {
    let header = COLUMNS.iter().map(|c| c.name).collect();
    let example = COLUMNS
        .iter()
        .map(|c| {
            EXAMPLE
                .iter()
                .find(|(n, _)| *n == c.name)
                .map_or("", |(_, v)| *v)
        })
        .collect();
    [header, example]
}

/// The template as CSV: UTF-8 with a BOM, like the result, so that Excel opens it in Chinese.
pub fn template_csv() -> Vec<u8> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    for row in template_rows() {
        out.extend_from_slice(row.join(",").as_bytes());
        out.extend_from_slice(b"\r\n");
    }
    out
}

/// The template as an .xlsx workbook: every cell text (so that Excel keeps `2019-09-01` and long
/// numbers as typed), the header bold and frozen. Byte for byte the same on every build.
#[cfg(feature = "template-xlsx")]
pub fn template_xlsx() -> Result<Vec<u8>, String> {
    use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};
    let e = |e: rust_xlsxwriter::XlsxError| e.to_string();
    let mut book = Workbook::new();
    // A fixed creation date: the workbook would otherwise carry the time of the build.
    let created = ExcelDateTime::from_ymd(2019, 1, 1).map_err(e)?;
    book.set_properties(&DocProperties::new().set_creation_datetime(&created));
    let sheet = book.add_worksheet();
    sheet.set_name("花名册").map_err(e)?;
    let bold = Format::new().set_bold().set_num_format("@");
    let text = Format::new().set_num_format("@");
    let [header, example] = template_rows();
    for (c, (h, v)) in header.iter().zip(example.iter()).enumerate() {
        let c = u16::try_from(c).map_err(|x| x.to_string())?;
        sheet.write_string_with_format(0, c, *h, &bold).map_err(e)?;
        sheet.write_string_with_format(1, c, *v, &text).map_err(e)?;
        let width = h.chars().count().max(v.chars().count()) * 2 + 2;
        sheet.set_column_width(c, width as f64).map_err(e)?;
    }
    sheet.set_freeze_panes(1, 0).map_err(e)?;
    book.save_to_buffer().map_err(e)
}
