//! Education aid per child for one school year, from a list of items that are all parameters.

use crate::declare_tables;
use crate::error::check;
use crate::household::{belongs, Group, Household};
use crate::param::P;
use crate::trace::{cite, step, text, Tracer};
use crate::{CalcError, Money, Trace};
use serde::{Deserialize, Serialize};

crate::vocab! {
    /// A school stage.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    pub enum Stage {
        Preschool = "preschool" => "学前教育",
        Primary = "primary" => "小学",
        Junior = "junior" => "初中",
        Senior = "senior" => "普通高中",
        Vocational = "vocational" => "中职",
        HigherVocational = "higher_vocational" => "高职（专科）",
        Undergraduate = "undergraduate" => "本科",
    }
}

crate::vocab! {
    /// Which pupils of a stage an item is for.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    pub enum Boarding {
        Any = "any" => "寄宿生和非寄宿生",
        Boarding = "boarding" => "限寄宿生",
        NonBoarding = "non_boarding" => "限非寄宿生",
    }
}

crate::vocab! {
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    pub enum Kind {
        /// money paid
        Grant = "grant" => "补助",
        /// a fee not charged
        Waiver = "waiver" => "免除",
        /// to be paid back
        Loan = "loan" => "贷款（需偿还）",
    }
}

crate::vocab! {
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    pub enum Period {
        Annual = "annual" => "每学年",
        Once = "once" => "一次性",
    }
}

crate::vocab! {
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    pub enum Requirement {
        KeyUniversity = "key_university" => "限考入二本B类及以上的新生",
    }
}
/// The education parameter tables, declared once (see `schema`).
#[macro_export]
macro_rules! education_tables {
    ($cb:ident) => {
        $cb! {
            table EducationParams at "education" {
                items: req Vec<Item>,
            }

            /// At `education.items.<id>`.
            table Item {
                id: req String,
                name: req String,
                stages: req Vec<Stage>,
                categories: req Vec<Group>,
                boarding: req Boarding,
                kind: req Kind,
                period: req Period,
                amount: opt P<Money> => "金额", Money,
                years: opt Vec<u32>,
                requires: opt Requirement,
                loan_floor: opt P<Money> => "最低贷款额", Money,
            }
        }
    };
}

crate::education_tables!(declare_tables);

impl EducationParams {
    pub fn validate(&self) -> Result<(), CalcError> {
        if self.items.is_empty() {
            return Err(CalcError::new(
                EducationParams::items,
                "至少要有一项资助",
                "at least one item is needed",
            ));
        }
        for (i, item) in self.items.iter().enumerate() {
            let at = format!("education.items[{i}]");
            if let Some(a) = &item.amount {
                check::amount(&format!("{at}.amount"), a.v)?;
            }
            if item.kind != Kind::Waiver && item.amount.is_none() {
                return Err(CalcError::new(
                    format!("{at}.amount"),
                    "补助和贷款必须写明金额",
                    "grants and loans need an amount",
                ));
            }
            if item.stages.is_empty() {
                return Err(CalcError::new(
                    format!("{at}.stages"),
                    "请写明适用学段",
                    "stages are empty",
                ));
            }
            if let Some(f) = &item.loan_floor {
                check::amount(&format!("{at}.loan_floor"), f.v)?;
            }
        }
        Ok(())
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EducationInput {
    pub children: Vec<Child>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Child {
    #[serde(default)]
    pub name: String,
    pub stage: Stage,
    /// Year of study in this stage, from 1.
    #[serde(default = "first_year")]
    pub year: u32,
    #[serde(default)]
    pub boarding: bool,
    /// Admitted to a 二本B类 or higher university this year.
    #[serde(default)]
    pub key_university: bool,
    /// 学费 + 住宿费 per year, for the student loan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tuition_and_lodging: Option<Money>,
}

fn first_year() -> u32 {
    1
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EducationResult {
    pub children: Vec<ChildResult>,
    /// Grants for the household this school year (annual and one-time).
    pub grants_total: Money,
    pub loans_total: Money,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChildResult {
    pub name: String,
    pub stage: Stage,
    pub items: Vec<AidItem>,
    pub grants_total: Money,
    pub loans_total: Money,
    pub trace: Trace,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AidItem {
    pub id: String,
    pub name: String,
    pub kind: Kind,
    pub period: Period,
    /// `None` for a waiver whose amount the policy does not state.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Money>,
}

pub(crate) fn compute(
    input: &EducationInput,
    household: &Household,
    p: &EducationParams,
    tracing: bool,
) -> Result<(EducationResult, bool), CalcError> {
    if input.children.is_empty() || input.children.len() > 15 {
        return Err(CalcError::new(
            "education.children",
            "请填写1到15名在读子女",
            "between 1 and 15 children are needed",
        ));
    }
    let mut children = Vec::with_capacity(input.children.len());
    let mut assumed = false;
    for (i, child) in input.children.iter().enumerate() {
        let at = || format!("education.children[{i}]");
        check::range(
            || format!("{}.year", at()),
            "年级（第几学年）",
            child.year,
            1,
            8,
        )?;
        if let Some(t) = child.tuition_and_lodging {
            check::amount(|| format!("{}.tuition_and_lodging", at()), t)?;
        }
        let (result, used) = compute_child(i, child, household, p, tracing);
        assumed |= used;
        children.push(result);
    }
    let result = EducationResult {
        grants_total: Money::sum(children.iter().map(|c| c.grants_total)),
        loans_total: Money::sum(children.iter().map(|c| c.loans_total)),
        children,
    };
    Ok((result, assumed))
}

fn compute_child(
    index: usize,
    child: &Child,
    household: &Household,
    p: &EducationParams,
    tracing: bool,
) -> (ChildResult, bool) {
    let name = if child.name.is_empty() {
        format!("第{}个孩子", index.saturating_add(1))
    } else {
        child.name.clone()
    };
    let mut trace = Tracer::new(tracing);
    let mut items = Vec::new();
    for item in &p.items {
        let applies = item.stages.contains(&child.stage)
            && belongs(
                &item.categories,
                household.category,
                household.has_disabled_member,
            )
            && match item.boarding {
                Boarding::Any => true,
                Boarding::Boarding => child.boarding,
                Boarding::NonBoarding => !child.boarding,
            }
            && item
                .years
                .as_ref()
                .is_none_or(|ys| ys.contains(&child.year))
            && match item.requires {
                None => true,
                Some(Requirement::KeyUniversity) => child.key_university && child.year == 1,
            };
        if !applies {
            continue;
        }
        let path = || format!("education.items.{}", item.id);
        let on = trace.on();
        let mut c = trace.cites();
        let (amount, formula) = match (&item.amount, item.kind) {
            (None, _) => (None, text!(on, "{}：{}", item.name, item.kind.zh())),
            (Some(a), Kind::Loan) => {
                cite!(
                    c,
                    a,
                    format!("{}.amount", path()),
                    format!("最高{}/年", a.v.zh())
                );
                let floor = item.loan_floor.as_ref();
                if let Some(f) = floor {
                    cite!(
                        c,
                        f,
                        format!("{}.loan_floor", path()),
                        format!("最低{}", f.v.zh())
                    );
                }
                match child.tuition_and_lodging {
                    Some(fees) => {
                        let floor_v = floor.map_or(Money::ZERO, |f| f.v);
                        let amount = fees.min(a.v).max(floor_v);
                        (
                            Some(amount),
                            text!(
                                on,
                                "min(上限 {}, 学费+住宿费 {fees})，不低于 {floor_v} = {amount}",
                                a.v
                            ),
                        )
                    }
                    None => (Some(a.v), text!(on, "未填学费和住宿费，按上限 {} 计", a.v)),
                }
            }
            (Some(a), _) => {
                cite!(c, a, format!("{}.amount", path()), a.v.zh());
                (
                    Some(a.v),
                    text!(on, "{}{} {}", item.period.zh(), item.kind.zh(), a.v),
                )
            }
        };
        step!(
            trace,
            c,
            format!("{name}：{}", item.name),
            formula,
            amount.map_or_else(|| item.kind.zh().to_string(), Money::zh)
        );
        items.push(AidItem {
            id: item.id.clone(),
            name: item.name.clone(),
            kind: item.kind,
            period: item.period,
            amount,
        });
    }
    let sum = |kind: Kind| {
        Money::sum(
            items
                .iter()
                .filter(|i| i.kind == kind)
                .filter_map(|i| i.amount),
        )
    };
    let grants_total = sum(Kind::Grant);
    let loans_total = sum(Kind::Loan);
    {
        let c = trace.cites();
        step!(
            trace,
            c,
            format!("{name}：本学年合计"),
            format!(
                "{}，共{}项：补助 {grants_total}，可申请贷款 {loans_total}",
                child.stage.zh(),
                items.len()
            ),
            grants_total.zh()
        );
    }
    let assumed = trace.assumed();
    let result = ChildResult {
        name,
        stage: child.stage,
        items,
        grants_total,
        loans_total,
        trace: trace.finish(),
    };
    (result, assumed)
}
