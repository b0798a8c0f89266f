//! Medical reimbursement for one year: 基本医保 → 大病保险 → 医疗救助 → the jurisdiction's 兜底.
//!
//! Every layer states its `scope`: the visit kinds and hospital levels it covers. A visit outside
//! a layer's scope is not paid by that layer and does not count towards it (its amount, its
//! threshold, the level of a cap).
//!
//! 基本医保 is computed visit by visit in date order; 大病保险 and 医疗救助 on the year's cumulative
//! remainder of the visits they cover. A 兜底 rule that covers only some visits must say how much
//! of the yearly layers belongs to those visits; the engine counts the yearly layers towards the
//! visits a 兜底 covers first (A). Of the readings we considered it is the one under which a higher
//! bill can never lower what the patient pays; spreading the yearly layers in proportion is not (a
//! larger in-county bill would raise the average 大病 rate on the other visits). Its price: a visit
//! outside a 兜底's scope but inside 大病保险's can lower (never raise) what that 兜底 pays, because
//! the 大病保险 it brings is counted towards the covered visits. No attribution has both properties
//! (counting it towards the new visit instead lets a higher bill lower the patient's share).
//! For the same reason 医疗救助 must cover every visit 大病保险 covers (checked when loading).

use crate::declare_tables;
use crate::error::check;
use crate::household::{belongs, groups_zh, Category, Group, Household};
use crate::param::P;
use crate::trace::{cite, step, Tracer};
use crate::{CalcError, Date, Money, Rate, Trace};
use serde::{Deserialize, Serialize};

crate::vocab! {
    /// A hospital's level. One name each, the one the seed reports use (乡镇卫生院).
    #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
    pub enum Level {
        Township = "township" => "乡镇卫生院",
        County = "county" => "县级医院",
        City = "city" => "市级医院",
        Province = "province" => "省级医院",
    }
}

crate::vocab! {
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    pub enum VisitKind {
        Inpatient = "inpatient" => "住院",
        ChronicOutpatient = "chronic_outpatient" => "门诊慢特病",
        Outpatient = "outpatient" => "普通门诊",
    }
}

/// Which visits a layer covers: a visit is covered when both its kind and its hospital level are
/// listed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scope {
    pub kinds: Vec<VisitKind>,
    pub levels: Vec<Level>,
}

impl Scope {
    pub fn covers(&self, v: &Visit) -> bool {
        self.kinds.contains(&v.kind) && self.levels.contains(&v.level)
    }

    /// `住院、门诊慢特病，各级医院` or `住院，县级、市级医院`, kinds and levels in their fixed order.
    pub fn zh(&self) -> String {
        let kinds: Vec<&str> = VisitKind::ALL
            .iter()
            .filter(|k| self.kinds.contains(k))
            .map(|k| k.zh())
            .collect();
        format!("{}，{}", kinds.join("、"), levels_zh(&self.levels))
    }

    fn validate(&self, field: &str) -> Result<(), CalcError> {
        if self.kinds.is_empty() || self.levels.is_empty() {
            return Err(CalcError::new(
                field,
                "适用范围至少要列出一种就诊类型和一级医院",
                "a scope needs at least one visit kind and one level",
            ));
        }
        Ok(())
    }

    fn contains(&self, other: &Scope) -> bool {
        other.kinds.iter().all(|k| self.kinds.contains(k))
            && other.levels.iter().all(|l| self.levels.contains(l))
    }
}

mod assistance;
mod backstop;
mod basic;
mod buf;
mod input;
mod params;
mod serious;

use assistance::assistance_layer;
use backstop::{cap_layer, full_aid_layer, in_place, ratio_layer};
use basic::basic_layer;
use buf::Buf;
pub use input::*;
pub use params::*;
use serious::serious_layer;
use std::borrow::Cow;

// ---------------------------------------------------------------- result

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MedicalResult {
    pub persons: Vec<PersonResult>,
    /// What the funds pay for the whole household.
    pub fund_total: Money,
    pub patient_total: Money,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonResult {
    /// As entered, or 第N人: the default names are static, so a roster's nameless persons cost no
    /// allocation.
    pub name: Cow<'static, str>,
    pub category: Category,
    pub total: Money,
    pub compliant: Money,
    pub noncompliant: Money,
    /// 基本医保
    pub basic: Money,
    /// 大病保险
    pub serious: Money,
    /// 医疗救助
    pub assistance: Money,
    /// 兜底 全额救助
    pub full_aid: Money,
    /// 兜底 补足到最低报销比例
    pub ratio_topup: Money,
    /// 兜底 个人自付封顶
    pub cap_fund: Money,
    pub fund_total: Money,
    /// What the patient pays of the 合规 costs and of the rest.
    pub patient_compliant: Money,
    pub patient_noncompliant: Money,
    pub patient_total: Money,
    /// fund_total ÷ total
    pub effective_ratio: Rate,
    /// The yearly personal-payment cap that applied, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cap: Option<Money>,
    pub trace: Trace,
}

// ---------------------------------------------------------------- computation

pub(crate) fn compute(
    input: &MedicalInput,
    household: &Household,
    as_of: Date,
    p: &MedicalParams,
    tracing: bool,
) -> Result<(MedicalResult, bool), CalcError> {
    input.validate(as_of)?;
    let mut assumed = false;
    let persons = input
        .persons
        .iter()
        .enumerate()
        .map(|(i, person)| {
            let (r, a) = compute_person(i, person, household, p, tracing);
            assumed |= a;
            r
        })
        .collect::<Vec<_>>();
    let result = MedicalResult {
        fund_total: Money::sum(persons.iter().map(|r| r.fund_total)),
        patient_total: Money::sum(persons.iter().map(|r| r.patient_total)),
        persons,
    };
    Ok((result, assumed))
}

/// What one person's yearly bills come to; the flag says whether an assumed figure was used.
fn compute_person(
    index: usize,
    person: &Person,
    household: &Household,
    p: &MedicalParams,
    tracing: bool,
) -> (PersonResult, bool) {
    let category = person.category.unwrap_or(household.category);
    let disabled = household.has_disabled_member;
    let name = if person.name.is_empty() {
        default_name(index)
    } else {
        Cow::Owned(person.name.clone())
    };
    // In date order; visits are almost always entered so, and then they are not copied. The sort
    // is stable: visits of one day keep the order they were entered in.
    let visits: Cow<[Visit]> = if person.visits.is_sorted_by_key(|v| v.date) {
        Cow::Borrowed(&person.visits)
    } else {
        let mut sorted = person.visits.clone();
        sorted.sort_by_key(|v| v.date);
        Cow::Owned(sorted)
    };
    let visits: &[Visit] = &visits;
    let mut t = Tracer::new(tracing);

    let total = Money::sum(visits.iter().map(|v| v.total));
    let compliant = Money::sum(visits.iter().map(|v| v.compliant));
    let noncompliant = total.minus(compliant);
    step!(
        t,
        t.cites(),
        format!("{name}：费用合计"),
        format!("总费用 {total} = 合规费用 {compliant} + 目录外（不合规）费用 {noncompliant}"),
        total.zh()
    );

    let basic = basic_layer(visits, category, disabled, p, &mut t);
    let remainders = Buf::from_fn(visits.len(), |i| match (visits.get(i), basic.get(i)) {
        (Some(v), Some(b)) => v.compliant.minus(*b),
        _ => Money::ZERO,
    });
    let after_basic = Money::sum(remainders.iter().copied());

    // Which visits each 兜底 covers for this person (none when the rule does not apply to them).
    let aid_rule = p.backstop.full_aid.as_ref().filter(|r| {
        person.age >= r.min_age.v
            && belongs(&r.categories, category, disabled)
            && in_place(r, household)
    });
    let aid_covers = covers(visits, |v| {
        aid_rule.is_some_and(|r| {
            r.scope.v.covers(v) && v.date >= r.from.v && (v.in_county || !r.in_county_only.v)
        })
    });
    let ratio_rule = p
        .backstop
        .min_inpatient_ratio
        .as_ref()
        .filter(|r| belongs(&r.categories, category, disabled));
    let ratio_covers = Buf::from_fn(visits.len(), |i| {
        !flag(&aid_covers, i)
            && ratio_rule.is_some_and(|r| visits.get(i).is_some_and(|v| r.scope.v.covers(v)))
    });
    let cap_rule = p
        .backstop
        .oop_cap
        .as_ref()
        .filter(|r| belongs(&r.categories, category, disabled));
    let cap_covers = covers(visits, |v| cap_rule.is_some_and(|r| r.scope.v.covers(v)));
    // The yearly layers count towards the visits a 兜底 covers first (see the module comment).
    // The keys end with the index, so they are distinct and an unstable sort (which never
    // allocates) gives the one order a stable sort would.
    let mut order = Buf::from_fn(visits.len(), |i| i);
    order.sort_unstable_by_key(|&i| {
        (
            !flag(&aid_covers, i),
            !flag(&ratio_covers, i),
            !flag(&cap_covers, i),
            i,
        )
    });

    // What is left of each visit's 合规 costs as the layers pay.
    let mut left = remainders.clone();
    let serious_covers = covers(visits, |v| p.serious.scope.v.covers(v));
    let serious_amount = remainder_of(&left, |i| flag(&serious_covers, i));
    let serious = serious_layer(
        serious_amount,
        after_basic.minus(serious_amount),
        category,
        disabled,
        &p.serious,
        &mut t,
    );
    allocate(&mut left, &order, |i| flag(&serious_covers, i), serious);
    let assistance_covers = covers(visits, |v| p.assistance.scope.v.covers(v));
    let assistance_amount = remainder_of(&left, |i| flag(&assistance_covers, i));
    let assistance = assistance_layer(
        assistance_amount,
        Money::sum(left.iter().copied()).minus(assistance_amount),
        category,
        disabled,
        &p.assistance,
        &mut t,
    );
    allocate(
        &mut left,
        &order,
        |i| flag(&assistance_covers, i),
        assistance,
    );

    let full_aid = match &p.backstop.full_aid {
        Some(rule) if !in_place(rule, household) => {
            step!(
                t,
                t.cites(),
                "兜底：全额救助",
                format!(
                    "全额救助是{}的试点政策，{}",
                    rule.places.join("、"),
                    match &household.place {
                        Some(place) => format!("所在地“{place}”不在试点范围"),
                        None => "未填写所在县（区），不计算此项".to_string(),
                    }
                ),
                Money::ZERO.zh()
            );
            Money::ZERO
        }
        Some(rule) => full_aid_layer(
            rule,
            person.age,
            category,
            disabled,
            &aid_covers,
            &mut left,
            &mut t,
        ),
        None => Money::ZERO,
    };
    let ratio_topup = match &p.backstop.min_inpatient_ratio {
        Some(rule) => ratio_layer(
            rule,
            category,
            disabled,
            visits,
            &ratio_covers,
            &order,
            &mut left,
            &mut t,
        ),
        None => Money::ZERO,
    };
    let left_total = Money::sum(left.iter().copied());
    let (cap_fund, cap, patient_compliant, patient_noncompliant) = match cap_rule {
        Some(rule) if !visits.is_empty() => {
            cap_layer(rule, visits, &cap_covers, &left, noncompliant, &mut t)
        }
        _ => (Money::ZERO, None, left_total, noncompliant),
    };

    let basic_total = Money::sum(basic.iter().copied());
    let fund_total = Money::sum([
        basic_total,
        serious,
        assistance,
        full_aid,
        ratio_topup,
        cap_fund,
    ]);
    let patient_total = patient_compliant.plus(patient_noncompliant);
    let effective_ratio = ratio_of(fund_total, total);
    step!(
        t,
        t.cites(),
        format!("{name}：个人负担"),
        format!(
            "总费用 {total} − 各项报销 {fund_total} = 个人负担 {patient_total}（其中合规部分 {patient_compliant}，目录外 {patient_noncompliant}）；实际报销比例 {}",
            effective_ratio.percent()
        ),
        patient_total.zh()
    );
    let assumed = t.assumed();
    let result = PersonResult {
        name,
        category,
        total,
        compliant,
        noncompliant,
        basic: basic_total,
        serious,
        assistance,
        full_aid,
        ratio_topup,
        cap_fund,
        fund_total,
        patient_compliant,
        patient_noncompliant,
        patient_total,
        effective_ratio,
        cap,
        trace: t.finish(),
    };
    (result, assumed)
}

/// 第1人 … 第30人 (as many as a case may have), then made on demand.
fn default_name(index: usize) -> Cow<'static, str> {
    const NAMES: [&str; 30] = [
        "第1人", "第2人", "第3人", "第4人", "第5人", "第6人", "第7人", "第8人", "第9人", "第10人",
        "第11人", "第12人", "第13人", "第14人", "第15人", "第16人", "第17人", "第18人", "第19人",
        "第20人", "第21人", "第22人", "第23人", "第24人", "第25人", "第26人", "第27人", "第28人",
        "第29人", "第30人",
    ];
    match NAMES.get(index) {
        Some(name) => Cow::Borrowed(name),
        None => Cow::Owned(format!("第{}人", index.saturating_add(1))),
    }
}

/// Which visits `f` selects, one flag each.
fn covers(visits: &[Visit], f: impl Fn(&Visit) -> bool) -> Buf<bool> {
    Buf::from_fn(visits.len(), |i| visits.get(i).is_some_and(&f))
}

fn ratio_of(part: Money, whole: Money) -> Rate {
    let n = part.mul_div(10_000, whole.fen()).fen();
    Rate::from_per_10k(u32::try_from(n.max(0)).unwrap_or(10_000))
}

// ---------------------------------------------------------------- shared by the layers

/// Sums the remainders (after 基本医保) of the visits `pick` selects.
fn remainder_of(remainders: &[Money], pick: impl Fn(usize) -> bool) -> Money {
    Money::sum(
        remainders
            .iter()
            .enumerate()
            .filter(|(i, _)| pick(*i))
            .map(|(_, m)| *m),
    )
}

fn flag(flags: &[bool], i: usize) -> bool {
    flags.get(i).copied().unwrap_or(false)
}

/// Counts `amount` towards the visits `pick` selects, in `order`, each taking at most what is
/// left of it.
fn allocate(left: &mut [Money], order: &[usize], pick: impl Fn(usize) -> bool, amount: Money) {
    let mut rest = amount;
    for &i in order.iter().filter(|&&i| pick(i)) {
        if let Some(l) = left.get_mut(i) {
            let take = rest.min(*l);
            *l = l.minus(take);
            rest = rest.minus(take);
        }
    }
}

fn bands_from_zh(from: BandsFrom) -> &'static str {
    match from {
        BandsFrom::Zero => "各段上限按年度累计金额计（从0元起算）",
        BandsFrom::Threshold => "各段上限从起付线起算",
    }
}

/// `各级医院` when all four levels are listed.
fn levels_zh(levels: &[Level]) -> String {
    if Level::ALL.iter().all(|l| levels.contains(l)) {
        return "各级医院".to_string();
    }
    let names: Vec<&str> = Level::ALL
        .iter()
        .filter(|l| levels.contains(l))
        .map(|l| l.zh())
        .collect();
    names.join("、")
}

fn bands_zh(bands: &[Band]) -> String {
    bands
        .iter()
        .map(|b| match b.upto {
            Some(u) => format!("至{} {}", u.zh(), b.rate.percent()),
            None => format!("以上 {}", b.rate.percent()),
        })
        .collect::<Vec<_>>()
        .join("，")
}
