//! The result CSV: UTF-8 with a BOM (without it Excel on Windows reads the Chinese as GBK and
//! shows garbage), one row per input row, in input order.

use crate::row::{Figures, Outcome};
use mingbai_calc::present::{Pay, Presentation};
use mingbai_calc::{Line, ASSUMPTION_NOTICE};
use std::io::{self, Write};

/// The figure columns: lines of the result's presentation ([`mingbai_calc::present`]), named as
/// on every other surface. The header is a published format: a line added here is a new column.
pub const FIGURE_LINES: &[Line] = &[
    Line::Reimbursed,
    Line::PatientPays,
    Line::HousingNow,
    Line::HousingToCome,
    Line::HousingToComeNeeds,
    Line::EducationGrants,
    Line::EducationLoans,
    Line::DibaoMonthly,
    Line::DibaoYearly,
    Line::TaperMonthsLeft,
    Line::TaperAmountLeft,
    Line::Tekun,
    Line::OneTime,
    Line::Yearly,
    Line::Monthly,
];

const IDS: [&str; 6] = ["行号", "序号", "村组", "户主姓名", "地区", "计算日期"];
const TAIL: [&str; 2] = ["是否含示例参数", "错误"];
const N_OUTPUT: usize = IDS.len() + FIGURE_LINES.len() + TAIL.len();

/// The result columns, in order: the row's ids, the figure lines, the 示例 flag and the error.
pub const OUTPUT_COLUMNS: &[&str] = &output_columns();

const fn output_columns() -> [&'static str; N_OUTPUT] {
    let mut c = [""; N_OUTPUT];
    let mut i = 0;
    while i < N_OUTPUT {
        c[i] = if i < IDS.len() {
            IDS[i]
        } else if i < IDS.len() + FIGURE_LINES.len() {
            FIGURE_LINES[i - IDS.len()].zh()
        } else {
            TAIL[i - IDS.len() - FIGURE_LINES.len()]
        };
        i += 1;
    }
    c
}

/// The figure cells of a presented result: each line's plain value (`1234.50`, a count of months,
/// words), empty where the result has no such line. A reward that waits for nothing leaves its
/// 待发 cells empty, as they always were; every other figure shows its zero.
pub fn cells(p: &Presentation) -> Vec<String> {
    FIGURE_LINES
        .iter()
        .map(|line| match p.get(*line) {
            Some(s) if s.quiet && s.pay == Pay::Later => String::new(),
            Some(s) => s.value.plain(),
            None => String::new(),
        })
        .collect()
}

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
    f.extend(x.cells.iter().cloned());
    f.push(if x.uses_assumption {
        format!("是（{ASSUMPTION_NOTICE}）")
    } else {
        "否".into()
    });
    f.push(String::new());
}
