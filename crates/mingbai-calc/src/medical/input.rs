//! What a household enters: each person, their visits, and the limits on both.

use super::*;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MedicalInput {
    pub persons: Vec<Person>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    #[serde(default)]
    pub name: String,
    pub age: u32,
    /// Defaults to the household's category.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<Category>,
    pub visits: Vec<Visit>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Visit {
    pub date: Date,
    pub level: Level,
    pub kind: VisitKind,
    #[serde(default = "in_county_default")]
    pub in_county: bool,
    /// 总费用
    pub total: Money,
    /// 合规费用 (政策范围内)
    pub compliant: Money,
}

fn in_county_default() -> bool {
    true
}

const MAX_PERSONS: usize = 30;
const MAX_VISITS: usize = 400;

impl MedicalInput {
    pub(super) fn validate(&self, as_of: Date) -> Result<(), CalcError> {
        if self.persons.is_empty() || self.persons.len() > MAX_PERSONS {
            return Err(CalcError::new(
                "medical.persons",
                format!("请填写1到{MAX_PERSONS}位就医人员"),
                format!("between 1 and {MAX_PERSONS} persons are needed"),
            ));
        }
        for (i, p) in self.persons.iter().enumerate() {
            let at = || format!("medical.persons[{i}]");
            check::range(|| format!("{}.age", at()), "年龄", p.age, 0, 120)?;
            if p.visits.len() > MAX_VISITS {
                return Err(CalcError::new(
                    format!("{}.visits", at()),
                    format!("一年最多填写{MAX_VISITS}次就诊"),
                    format!("at most {MAX_VISITS} visits a year"),
                ));
            }
            for (j, v) in p.visits.iter().enumerate() {
                let at = || format!("{}.visits[{j}]", at());
                check::amount(|| format!("{}.total", at()), v.total)?;
                check::amount(|| format!("{}.compliant", at()), v.compliant)?;
                if v.compliant > v.total {
                    return Err(CalcError::new(
                        format!("{}.compliant", at()),
                        format!("合规费用{}不能大于总费用{}", v.compliant.zh(), v.total.zh()),
                        "the compliant cost is larger than the total cost",
                    ));
                }
                crate::date::within_year_of(v.date, as_of, || format!("{}.date", at()))?;
            }
        }
        Ok(())
    }
}
