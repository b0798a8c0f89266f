//! A jurisdiction's parameters, each set in force over a date range.

use crate::{CalcError, Date, DibaoParams, EducationParams, MedicalParams, RelocationParams};
use serde::{Deserialize, Serialize};

crate::vocab! {
    /// The four calculators; each is offered by a county whose parameters are complete for it.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
    pub enum Calculator {
        Medical = "medical" => "医疗费用报销",
        Relocation = "relocation" => "易地搬迁与危房改造补助",
        Education = "education" => "教育资助",
        Dibao = "dibao" => "低保与渐退",
    }
}

/// A parameter set and the dates (inclusive) it is in force.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dated<T> {
    pub from: Date,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<Date>,
    pub params: T,
}

impl<T> Dated<T> {
    pub fn covers(&self, date: Date) -> bool {
        self.from <= date && self.to.is_none_or(|to| date <= to)
    }
    fn range_zh(&self) -> String {
        match self.to {
            Some(to) => format!("{}至{}", self.from.zh(), to.zh()),
            None => format!("{}起", self.from.zh()),
        }
    }
    fn range_en(&self) -> String {
        match self.to {
            Some(to) => format!("{} to {}", self.from, to),
            None => format!("from {}", self.from),
        }
    }
}

/// Everything the calculators know about one jurisdiction.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JurisdictionParams {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub medical: Vec<Dated<MedicalParams>>,
    #[serde(default)]
    pub relocation: Vec<Dated<RelocationParams>>,
    #[serde(default)]
    pub education: Vec<Dated<EducationParams>>,
    #[serde(default)]
    pub dibao: Vec<Dated<DibaoParams>>,
}

impl JurisdictionParams {
    /// Whether `calc` is offered at all in this jurisdiction.
    pub fn offers(&self, calc: Calculator) -> bool {
        match calc {
            Calculator::Medical => !self.medical.is_empty(),
            Calculator::Relocation => !self.relocation.is_empty(),
            Calculator::Education => !self.education.is_empty(),
            Calculator::Dibao => !self.dibao.is_empty(),
        }
    }

    /// Checks every parameter set; the error's field is prefixed with the calculator and range.
    pub fn validate(&self) -> Result<(), CalcError> {
        fn each<T>(
            sets: &[Dated<T>],
            f: impl Fn(&T) -> Result<(), CalcError>,
        ) -> Result<(), CalcError> {
            for set in sets {
                if set.to.is_some_and(|to| to < set.from) {
                    return Err(CalcError::new(
                        "to",
                        "结束日期早于开始日期",
                        "range ends before it starts",
                    ));
                }
                f(&set.params)?;
            }
            Ok(())
        }
        each(&self.medical, MedicalParams::validate)?;
        each(&self.relocation, RelocationParams::validate)?;
        each(&self.education, EducationParams::validate)?;
        each(&self.dibao, DibaoParams::validate)
    }
}

/// Said with a result computed for a date after the last day the parameters are known for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Notice {
    pub calculator: Calculator,
    /// The last day the parameters used are known for.
    pub known_until: Date,
    /// The sentence shown with the result.
    pub zh: String,
}

/// The set in force on `date`, or an error naming the ranges there are.
///
/// A date after the last range uses the last range, with a [`Notice`] saying so: a standard stays
/// in force until a new one replaces it (as OpenFisca treats a parameter's last value), and what
/// the site knows ends where its sources end, not where the policy does. A date before the first
/// range, or in a gap between two, is an error: nothing known applies there.
pub(crate) fn in_force<'a, T>(
    sets: &'a [Dated<T>],
    date: Date,
    calc: Calculator,
    place: &str,
) -> Result<(&'a T, Option<Notice>), CalcError> {
    if let Some(set) = sets.iter().find(|s| s.covers(date)) {
        return Ok((&set.params, None));
    }
    let field = format!("{}.as_of", calc.key());
    let (Some(first), Some(last)) = (
        sets.iter().map(|s| s.from).min(),
        sets.iter().max_by_key(|s| s.from),
    ) else {
        return Err(CalcError::new(
            field,
            format!("{place}暂未提供{}计算（缺少当地参数）", calc.zh()),
            format!("{place} has no {} parameters", calc.key()),
        ));
    };
    if let Some(until) = last.to.filter(|&to| to < date) {
        return Ok((
            &last.params,
            Some(Notice {
                calculator: calc,
                known_until: until,
                zh: format!(
                    "本站掌握的{place}{}参数只到{}，{}按最后已知的标准计算，以当地最新文件为准。",
                    calc.zh(),
                    until.zh(),
                    date.zh()
                ),
            }),
        ));
    }
    let zh: Vec<String> = sets.iter().map(Dated::range_zh).collect();
    let en: Vec<String> = sets.iter().map(Dated::range_en).collect();
    let why = if date < first {
        format!("{}早于本站掌握的{place}{}参数", date.zh(), calc.zh())
    } else {
        format!("{}不在{place}{}参数的有效期内", date.zh(), calc.zh())
    };
    Err(CalcError::new(
        field,
        format!("{why}（有效期：{}）", zh.join("；")),
        format!(
            "{date} is outside every {} parameter range ({})",
            calc.key(),
            en.join("; ")
        ),
    ))
}
