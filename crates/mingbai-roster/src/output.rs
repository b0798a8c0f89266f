//! The result CSV: UTF-8 with a BOM (without it Excel on Windows reads the Chinese as GBK and
//! shows garbage), one row per input row, in input order.

use crate::row::{Figures, Outcome};
use mingbai_calc::{Line, Money, ASSUMPTION_NOTICE};
use std::io::{self, Write};

/// The result columns, in order: the figures are named by [`Line`], as on every other surface.
pub const OUTPUT_COLUMNS: &[&str] = &[
    "行号",
    "序号",
    "村组",
    "户主姓名",
    "地区",
    "计算日期",
    Line::Reimbursed.zh(),
    Line::PatientPays.zh(),
    Line::HousingNow.zh(),
    Line::HousingToCome.zh(),
    Line::HousingToComeNeeds.zh(),
    Line::EducationGrants.zh(),
    Line::EducationLoans.zh(),
    Line::DibaoMonthly.zh(),
    Line::DibaoYearly.zh(),
    Line::TaperMonthsLeft.zh(),
    Line::TaperAmountLeft.zh(),
    Line::Tekun.zh(),
    Line::OneTime.zh(),
    Line::Yearly.zh(),
    Line::Monthly.zh(),
    "是否含示例参数",
    "错误",
];

pub struct Writer<W: Write> {
    csv: csv::Writer<W>,
    fields: Vec<String>,
}

fn io_error(e: csv::Error) -> io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => io::Error::other(format!("{other:?}")),
    }
}

impl<W: Write> Writer<W> {
    pub fn new(mut out: W) -> io::Result<Writer<W>> {
        out.write_all(b"\xEF\xBB\xBF")?;
        let mut csv = csv::WriterBuilder::new().flexible(false).from_writer(out);
        csv.write_record(OUTPUT_COLUMNS).map_err(io_error)?;
        Ok(Writer {
            csv,
            fields: Vec::with_capacity(OUTPUT_COLUMNS.len()),
        })
    }

    pub fn write(&mut self, o: &Outcome) -> io::Result<()> {
        let f = &mut self.fields;
        f.clear();
        f.push(o.number.to_string());
        f.extend(o.ids.iter().cloned());
        match &o.result {
            Ok(x) => figures(f, x),
            Err(e) => {
                f.resize(OUTPUT_COLUMNS.len() - 1, String::new());
                f.push(e.clone());
            }
        }
        self.csv.write_record(&*f).map_err(io_error)
    }

    pub fn finish(mut self) -> io::Result<()> {
        self.csv.flush()?;
        let mut inner = self
            .csv
            .into_inner()
            .map_err(|e| io::Error::other(e.to_string()))?;
        inner.flush()
    }
}

fn figures(f: &mut Vec<String>, x: &Figures) {
    let money = |m: Option<Money>| m.map_or_else(String::new, |m| m.to_string());
    f.push(money(x.medical_fund));
    f.push(money(x.medical_patient));
    f.push(money(x.housing));
    f.push(money(x.housing_to_come));
    f.push(x.housing_waiting.clone());
    f.push(money(x.education_grants));
    f.push(money(x.education_loans));
    f.push(money(x.dibao_monthly));
    f.push(money(x.dibao_annual));
    f.push(
        x.taper_months_left
            .map_or_else(String::new, |n| n.to_string()),
    );
    f.push(money(x.taper_amount_left));
    f.push(money(x.tekun_annual));
    f.push(x.one_time.to_string());
    f.push(x.yearly.to_string());
    f.push(x.monthly.to_string());
    f.push(if x.uses_assumption {
        format!("是（{ASSUMPTION_NOTICE}）")
    } else {
        "否".into()
    });
    f.push(String::new());
}
