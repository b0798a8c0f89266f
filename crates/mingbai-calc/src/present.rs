//! One presentation of a result: which lines each calculator's result shows, in which order, with
//! which value, and where the figure is in the `Summary` (its JSON path). The CLI text, the
//! browser calculator, the site's worked examples and the roster's columns all render from
//! [`present`], each choosing the lines it has room for: a line added here appears on every surface
//! that shows that calculator's lines, with the same name and the same figure.
//!
//! Presentation only: the engine computes a `Summary`, a surface calls this to show it.

use crate::dibao::DibaoResult;
use crate::education::EducationResult;
use crate::medical::MedicalResult;
use crate::relocation::RelocationResult;
use crate::{Calculator, Line, Money, Rate, Summary};
use std::fmt;

/// The value of a line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    Money(Money),
    /// A count of months (渐退剩余月数).
    Months(u32),
    Rate(Rate),
    /// Words: a period, the conditions a reward waits for.
    Text(String),
}

impl Value {
    /// How a page or a card reads it: `1234元`, `3个月`, `76.5%`.
    pub fn zh(&self) -> String {
        match self {
            Value::Money(m) => m.zh(),
            Value::Months(n) => format!("{n}个月"),
            Value::Rate(r) => r.percent(),
            Value::Text(t) => t.clone(),
        }
    }

    /// How a table for counting reads it (the roster): `1234.00`, `3`, `0.765`, without units.
    pub fn plain(&self) -> String {
        match self {
            Value::Money(m) => m.to_string(),
            Value::Months(n) => n.to_string(),
            Value::Rate(r) => r.to_string(),
            Value::Text(t) => t.clone(),
        }
    }
}

/// What a line means for the household's purse: a surface that sums or separates needs to know.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pay {
    /// Paid now (conditions, if any, are met).
    Now,
    /// To come once its conditions are met; counted in no total until then.
    Later,
    /// A loan: to be repaid, never counted as received.
    Loan,
    /// What the household itself pays.
    Cost,
    /// Not money changing hands: an income, a standard, a ratio, a period.
    Info,
}

/// Where a figure is in the `Summary`'s JSON (`medical.persons[0].basic`): the browser marks it
/// with `data-out` so a test compares the screen with `mingbai calc --json`. Kept as its parts so
/// presenting a roster of thousands of rows writes no path it does not print.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Out {
    pub at: &'static str,
    pub index: Option<usize>,
    pub field: &'static str,
}

impl fmt::Display for Out {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.index {
            Some(i) => write!(f, "{}[{i}].{}", self.at, self.field),
            None => write!(f, "{}.{}", self.at, self.field),
        }
    }
}

/// One labelled line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shown {
    pub line: Line,
    pub value: Value,
    /// `None` for a line made of several figures or of words (兜底保障, 渐退期).
    pub out: Option<Out>,
    pub pay: Pay,
    /// One of the answer's figures: a short view (the site's worked example) shows these.
    pub main: bool,
    /// Zero (or empty) where that means "none": a reader's surface leaves it out; a table of
    /// fixed columns still fills its cell.
    pub quiet: bool,
}

impl Shown {
    /// The one name of the line.
    pub fn label(&self) -> &'static str {
        self.line.zh()
    }
}

/// A person of the household with lines of their own (a patient, a child at school).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member {
    pub name: String,
    /// Their category or school stage, as said after the name: 张三（建档立卡户）.
    pub about: &'static str,
    pub lines: Vec<Shown>,
}

/// One calculator's result as lines: the household's, then each member's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Part {
    pub calculator: Calculator,
    pub lines: Vec<Shown>,
    pub members: Vec<Member>,
}

impl Part {
    /// The household's line of that name, if this result has it.
    pub fn get(&self, line: Line) -> Option<&Shown> {
        self.lines.iter().find(|s| s.line == line)
    }
}

/// A whole result as lines.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Presentation {
    /// In the order of [`Calculator`]: medical, relocation, education, 低保.
    pub parts: Vec<Part>,
    /// What the household receives per period (one-time, yearly, monthly), never added together.
    pub periods: Vec<Shown>,
    /// The same money by kind, for the whole household (the browser's totals).
    pub kinds: Vec<Shown>,
}

impl Presentation {
    pub fn part(&self, calculator: Calculator) -> Option<&Part> {
        self.parts.iter().find(|p| p.calculator == calculator)
    }

    /// The household line of that name: a calculator's, or a period's total.
    pub fn get(&self, line: Line) -> Option<&Shown> {
        self.parts
            .iter()
            .flat_map(|p| &p.lines)
            .chain(&self.periods)
            .find(|s| s.line == line)
    }
}

/// Builds lines; `at` and `index` say whose figures they are.
struct Lines {
    at: &'static str,
    index: Option<usize>,
    lines: Vec<Shown>,
}

impl Lines {
    fn new(at: &'static str, index: Option<usize>) -> Lines {
        Lines {
            at,
            index,
            lines: Vec::new(),
        }
    }

    fn push(
        &mut self,
        line: Line,
        value: Value,
        field: Option<&'static str>,
        pay: Pay,
    ) -> &mut Shown {
        let out = field.map(|field| Out {
            at: self.at,
            index: self.index,
            field,
        });
        self.lines.push_mut(Shown {
            line,
            value,
            out,
            pay,
            main: false,
            quiet: false,
        })
    }

    fn money(&mut self, line: Line, m: Money, field: &'static str, pay: Pay) -> &mut Shown {
        self.push(line, Value::Money(m), Some(field), pay)
    }
}

impl Shown {
    fn main(&mut self) -> &mut Shown {
        self.main = true;
        self
    }
    fn quiet_if(&mut self, quiet: bool) -> &mut Shown {
        self.quiet = quiet;
        self
    }
    fn quiet_if_zero(&mut self) -> &mut Shown {
        self.quiet = match &self.value {
            Value::Money(m) => *m == Money::ZERO,
            Value::Months(n) => *n == 0,
            Value::Rate(_) => false,
            Value::Text(t) => t.is_empty(),
        };
        self
    }
}

/// Every line of a result, in the order every surface shows them.
pub fn present(s: &Summary) -> Presentation {
    let mut parts = Vec::new();
    parts.extend(s.medical.as_ref().map(medical));
    parts.extend(s.relocation.as_ref().map(relocation));
    parts.extend(s.education.as_ref().map(education));
    parts.extend(s.dibao.as_ref().map(dibao));
    let t = &s.totals;
    let mut periods = Lines::new("totals", None);
    periods
        .money(Line::OneTime, t.one_time, "one_time", Pay::Now)
        .main()
        .quiet_if(t.one_time == Money::ZERO && s.medical.is_none() && s.relocation.is_none());
    periods
        .money(Line::Yearly, t.yearly, "yearly", Pay::Now)
        .main()
        .quiet_if_zero();
    periods
        .money(Line::Monthly, t.monthly, "monthly", Pay::Now)
        .main()
        .quiet_if(t.monthly == Money::ZERO && s.dibao.is_none());
    let mut kinds = Lines::new("totals", None);
    if s.medical.is_some() {
        kinds.money(
            Line::Reimbursed,
            t.medical_reimbursed,
            "medical_reimbursed",
            Pay::Now,
        );
        kinds.money(
            Line::PatientPays,
            t.medical_patient_pays,
            "medical_patient_pays",
            Pay::Cost,
        );
    }
    if s.relocation.is_some() {
        kinds.money(
            Line::HousingNow,
            t.housing_subsidy,
            "housing_subsidy",
            Pay::Now,
        );
    }
    // Shown wherever a reward waits, whichever calculators were asked.
    kinds
        .money(
            Line::HousingToCome,
            t.housing_to_come,
            "housing_to_come",
            Pay::Later,
        )
        .quiet_if_zero();
    if s.education.is_some() {
        kinds.money(
            Line::EducationLoans,
            t.education_loans,
            "education_loans",
            Pay::Loan,
        );
    }
    Presentation {
        parts,
        periods: periods.lines,
        kinds: kinds.lines,
    }
}

fn medical(m: &MedicalResult) -> Part {
    let members = m
        .persons
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let mut l = Lines::new("medical.persons", Some(i));
            l.money(
                Line::PatientPays,
                p.patient_total,
                "patient_total",
                Pay::Cost,
            )
            .main();
            l.money(Line::Reimbursed, p.fund_total, "fund_total", Pay::Now)
                .main();
            l.money(Line::MedicalTotal, p.total, "total", Pay::Info);
            l.money(Line::Compliant, p.compliant, "compliant", Pay::Info);
            l.money(Line::Basic, p.basic, "basic", Pay::Now);
            l.money(Line::Serious, p.serious, "serious", Pay::Now);
            l.money(Line::Assistance, p.assistance, "assistance", Pay::Now);
            // Three funds of the last layer, one line: the household sees one 兜底.
            let backstop = p.full_aid.plus(p.ratio_topup).plus(p.cap_fund);
            l.push(Line::Backstop, Value::Money(backstop), None, Pay::Now)
                .quiet_if_zero();
            l.money(
                Line::PatientCompliant,
                p.patient_compliant,
                "patient_compliant",
                Pay::Cost,
            );
            l.money(
                Line::PatientNoncompliant,
                p.patient_noncompliant,
                "patient_noncompliant",
                Pay::Cost,
            );
            l.push(
                Line::EffectiveRatio,
                Value::Rate(p.effective_ratio),
                Some("effective_ratio"),
                Pay::Info,
            );
            if let Some(cap) = p.cap {
                l.money(Line::PatientCap, cap, "cap", Pay::Info);
            }
            Member {
                name: p.name.to_string(),
                about: p.category.zh(),
                lines: l.lines,
            }
        })
        .collect();
    let mut l = Lines::new("medical", None);
    l.money(
        Line::PatientPays,
        m.patient_total,
        "patient_total",
        Pay::Cost,
    )
    .main();
    l.money(Line::Reimbursed, m.fund_total, "fund_total", Pay::Now)
        .main();
    Part {
        calculator: Calculator::Medical,
        lines: l.lines,
        members,
    }
}

/// “旧房按期拆除奖励40000元：还要签订拆旧复垦协议、拆除旧房”, one reward after another.
fn waiting(r: &RelocationResult) -> String {
    r.items
        .iter()
        .filter(|i| !i.paid)
        .map(|i| {
            let left: Vec<&str> = i.waiting_for.iter().map(|c| c.zh()).collect();
            format!("{}{}：还要{}", i.name, i.amount.zh(), left.join("、"))
        })
        .collect::<Vec<_>>()
        .join("；")
}

fn relocation(r: &RelocationResult) -> Part {
    let mut l = Lines::new("relocation", None);
    l.money(Line::HousingNow, r.paid_now, "paid_now", Pay::Now)
        .main();
    l.money(Line::HousingToCome, r.to_come, "to_come", Pay::Later)
        .main()
        .quiet_if_zero();
    l.push(
        Line::HousingToComeNeeds,
        Value::Text(waiting(r)),
        None,
        Pay::Later,
    )
    .quiet_if_zero();
    if let Some(pays) = r.household_pays {
        l.money(Line::HouseholdPays, pays, "household_pays", Pay::Cost)
            .main();
    }
    if let Some(cap) = r.self_funding_cap {
        l.money(Line::SelfFundingCap, cap, "self_funding_cap", Pay::Info);
    }
    Part {
        calculator: Calculator::Relocation,
        lines: l.lines,
        members: Vec::new(),
    }
}

fn education(e: &EducationResult) -> Part {
    let members = e
        .children
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let mut l = Lines::new("education.children", Some(i));
            l.money(
                Line::EducationGrants,
                c.grants_total,
                "grants_total",
                Pay::Now,
            )
            .main();
            l.money(
                Line::EducationLoans,
                c.loans_total,
                "loans_total",
                Pay::Loan,
            )
            .main()
            .quiet_if_zero();
            Member {
                name: c.name.clone(),
                about: c.stage.zh(),
                lines: l.lines,
            }
        })
        .collect();
    let mut l = Lines::new("education", None);
    l.money(
        Line::EducationGrants,
        e.grants_total,
        "grants_total",
        Pay::Now,
    )
    .main();
    l.money(
        Line::EducationLoans,
        e.loans_total,
        "loans_total",
        Pay::Loan,
    )
    .main()
    .quiet_if_zero();
    Part {
        calculator: Calculator::Education,
        lines: l.lines,
        members,
    }
}

fn dibao(d: &DibaoResult) -> Part {
    let mut l = Lines::new("dibao", None);
    if d.tekun_members > 0 {
        l.push(
            Line::MembersCounted,
            Value::Text(format!(
                "{}人（{}人享受特困供养，不重复计入）",
                d.members_counted, d.tekun_members
            )),
            None,
            Pay::Info,
        )
        .main();
    }
    l.money(
        Line::PerCapitaIncome,
        d.per_capita_income,
        "per_capita_income",
        Pay::Info,
    );
    l.money(Line::DibaoStandard, d.standard, "standard", Pay::Info);
    // Not eligible: zero is no answer, the sentences of the answer say why.
    l.money(
        Line::DibaoMonthly,
        d.monthly_benefit,
        "monthly_benefit",
        Pay::Now,
    )
    .main()
    .quiet_if(!d.eligible);
    l.money(
        Line::DibaoYearly,
        d.annual_benefit,
        "annual_benefit",
        Pay::Now,
    )
    .main()
    .quiet_if(!d.eligible);
    if let Some(t) = &d.taper {
        let mut tl = Lines::new("dibao.taper", None);
        tl.push(
            Line::TaperPeriod,
            Value::Text(format!(
                "{}至{}，共{}个月",
                t.first_month.zh(),
                t.last_month.zh(),
                t.months
            )),
            None,
            Pay::Info,
        );
        tl.push(
            Line::TaperMonthsLeft,
            Value::Months(t.months_left),
            Some("months_left"),
            Pay::Info,
        )
        .main();
        tl.money(
            Line::TaperMonthly,
            t.monthly_benefit,
            "monthly_benefit",
            Pay::Now,
        );
        tl.money(
            Line::TaperAmountLeft,
            t.amount_left,
            "amount_left",
            Pay::Now,
        )
        .main();
        tl.push(
            Line::TaperParams,
            Value::Text(format!("{}起（渐退开始时已确定）", t.params_from.zh())),
            None,
            Pay::Info,
        )
        .main();
        l.lines.append(&mut tl.lines);
    }
    l.money(Line::Tekun, d.tekun_annual, "tekun_annual", Pay::Now)
        .main()
        .quiet_if_zero();
    Part {
        calculator: Calculator::Dibao,
        lines: l.lines,
        members: Vec::new(),
    }
}
