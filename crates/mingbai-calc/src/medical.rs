//! Medical reimbursement for one year: 基本医保 → 大病保险 → 医疗救助 → the jurisdiction's 兜底.
//!
//! 基本医保 is computed visit by visit in date order; 大病保险 and 医疗救助 on the year's cumulative
//! remainder. A 兜底 rule that covers only some visits (全额救助 for in-county stays, the inpatient
//! ratio floor) must say how much of the yearly layers belongs to those visits; the engine counts the
//! yearly layers towards the covered visits first (A). Of the readings we considered it is the one
//! under which a higher bill can never lower what the patient pays; spreading the yearly layers in
//! proportion is not (a larger in-county bill would raise the average 大病 rate on the other visits).

use crate::error::check;
use crate::household::{belongs, groups_zh, Category, Group, Household};
use crate::param::P;
use crate::trace::{cite, step, Tracer};
use crate::{CalcError, Date, Money, Rate, Trace};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Township,
    County,
    City,
    Province,
}

impl Level {
    pub fn key(self) -> &'static str {
        match self {
            Level::Township => "township",
            Level::County => "county",
            Level::City => "city",
            Level::Province => "province",
        }
    }
    pub fn zh(self) -> &'static str {
        match self {
            Level::Township => "乡镇级",
            Level::County => "县级",
            Level::City => "市级",
            Level::Province => "省级",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VisitKind {
    Inpatient,
    ChronicOutpatient,
    Outpatient,
}

impl VisitKind {
    pub fn zh(self) -> &'static str {
        match self {
            VisitKind::Inpatient => "住院",
            VisitKind::ChronicOutpatient => "门诊慢特病",
            VisitKind::Outpatient => "普通门诊",
        }
    }
}

// ---------------------------------------------------------------- parameters

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MedicalParams {
    pub basic: BasicParams,
    pub serious: SeriousParams,
    pub assistance: AssistanceParams,
    #[serde(default)]
    pub backstop: Backstop,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BasicParams {
    pub annual_limit: P<Money>,
    pub inpatient: InpatientLevels,
    pub chronic_outpatient: OutpatientParams,
    pub outpatient: OutpatientParams,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub poor: Option<BasicPoor>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InpatientLevels {
    pub township: InpatientLevel,
    pub county: InpatientLevel,
    pub city: InpatientLevel,
    pub province: InpatientLevel,
}

impl InpatientLevels {
    fn get(&self, level: Level) -> &InpatientLevel {
        match level {
            Level::Township => &self.township,
            Level::County => &self.county,
            Level::City => &self.city,
            Level::Province => &self.province,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InpatientLevel {
    pub deductible: P<Money>,
    pub rate: P<Rate>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutpatientParams {
    pub deductible: P<Money>,
    pub rate: P<Rate>,
    pub annual_cap: P<Money>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BasicPoor {
    pub categories: Vec<Group>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deductible_factor: Option<P<Rate>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inpatient_rate_bonus: Option<P<Rate>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chronic_outpatient_rate_bonus: Option<P<Rate>>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeriousParams {
    pub threshold: P<Money>,
    pub bands: P<Vec<Band>>,
    pub annual_cap: P<Money>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub poor: Option<SeriousPoor>,
}

/// A band of 大病保险: the part of the yearly amount up to `upto` (open when absent) paid at `rate`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Band {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upto: Option<Money>,
    pub rate: Rate,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeriousPoor {
    pub categories: Vec<Group>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threshold_factor: Option<P<Rate>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub band_rate_bonus: Option<P<Rate>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uncapped: Option<P<bool>>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssistanceParams {
    pub categories: Vec<Group>,
    pub deductible: P<Money>,
    pub rate: P<Rate>,
    pub annual_cap: P<Money>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Backstop {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub full_aid: Option<FullAid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_inpatient_ratio: Option<MinInpatientRatio>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oop_cap: Option<OopCap>,
}

/// 全额救助: 合规 costs left after the layers are covered for people of an age, treated where named.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FullAid {
    pub categories: Vec<Group>,
    /// Where the rule is a pilot: the counties (区县) it covers; empty = the whole jurisdiction.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub places: Vec<String>,
    pub min_age: P<u32>,
    pub in_county_only: P<bool>,
    pub from: P<Date>,
}

/// Inpatient 合规 costs are reimbursed at least at `ratio`; the fund tops up what the layers left.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MinInpatientRatio {
    pub categories: Vec<Group>,
    pub ratio: P<Rate>,
}

/// The yearly personal payment is capped by the level of hospital used (Shanxi "136").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OopCap {
    pub categories: Vec<Group>,
    pub township: P<Money>,
    pub county: P<Money>,
    pub city: P<Money>,
    pub province: P<Money>,
    pub level_rule: P<LevelRule>,
    pub counts_noncompliant: P<bool>,
}

impl OopCap {
    fn cap(&self, level: Level) -> &P<Money> {
        match level {
            Level::Township => &self.township,
            Level::County => &self.county,
            Level::City => &self.city,
            Level::Province => &self.province,
        }
    }
}

/// Which level's cap applies when a person used several levels in one year.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LevelRule {
    HighestLevelUsed,
    LowestLevelUsed,
}

impl MedicalParams {
    pub fn validate(&self) -> Result<(), CalcError> {
        let b = &self.basic;
        let money = |path: &str, p: &P<Money>| check::amount(&format!("medical.{path}"), p.v);
        money("basic.annual_limit", &b.annual_limit)?;
        for level in [Level::Township, Level::County, Level::City, Level::Province] {
            money(
                &format!("basic.inpatient.{}.deductible", level.key()),
                &b.inpatient.get(level).deductible,
            )?;
        }
        for (name, o) in [
            ("chronic_outpatient", &b.chronic_outpatient),
            ("outpatient", &b.outpatient),
        ] {
            money(&format!("basic.{name}.deductible"), &o.deductible)?;
            money(&format!("basic.{name}.annual_cap"), &o.annual_cap)?;
        }
        let s = &self.serious;
        money("serious.threshold", &s.threshold)?;
        money("serious.annual_cap", &s.annual_cap)?;
        validate_bands(&s.bands.v)?;
        money("assistance.deductible", &self.assistance.deductible)?;
        money("assistance.annual_cap", &self.assistance.annual_cap)?;
        if let Some(f) = &self.backstop.full_aid {
            check::range(
                "medical.backstop.full_aid.min_age",
                "年龄",
                f.min_age.v,
                0,
                120,
            )?;
        }
        if let Some(c) = &self.backstop.oop_cap {
            for level in [Level::Township, Level::County, Level::City, Level::Province] {
                money(&format!("backstop.oop_cap.{}", level.key()), c.cap(level))?;
            }
        }
        Ok(())
    }
}

fn validate_bands(bands: &[Band]) -> Result<(), CalcError> {
    let field = "medical.serious.bands";
    if bands.is_empty() {
        return Err(CalcError::new(
            field,
            "大病保险至少要有一个分段",
            "at least one band is needed",
        ));
    }
    let mut previous = Money::ZERO;
    for (i, band) in bands.iter().enumerate() {
        let last = i.saturating_add(1) == bands.len();
        match band.upto {
            None if !last => {
                return Err(CalcError::new(
                    format!("{field}[{i}].upto"),
                    "只有最后一个分段可以不设上限",
                    "only the last band may be open-ended",
                ))
            }
            Some(u) if u <= previous => {
                return Err(CalcError::new(
                    format!("{field}[{i}].upto"),
                    "分段上限必须逐段递增",
                    "band limits must increase",
                ))
            }
            Some(u) => previous = u,
            None => {}
        }
    }
    Ok(())
}

// ---------------------------------------------------------------- input

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
    fn validate(&self, as_of: Date) -> Result<(), CalcError> {
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
    pub name: String,
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
        format!("第{}人", index.saturating_add(1))
    } else {
        person.name.clone()
    };
    let mut visits: Vec<&Visit> = person.visits.iter().collect();
    visits.sort_by_key(|v| v.date);
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

    let basic = basic_layer(&visits, category, disabled, p, &mut t);
    let remainders: Vec<Money> = visits
        .iter()
        .zip(&basic)
        .map(|(v, b)| v.compliant.minus(*b))
        .collect();
    let after_basic = Money::sum(remainders.iter().copied());
    let serious = serious_layer(after_basic, category, disabled, &p.serious, &mut t);
    let assistance = assistance_layer(
        after_basic.minus(serious),
        category,
        disabled,
        &p.assistance,
        &mut t,
    );
    let left = after_basic.minus(serious).minus(assistance);

    // Which visits the full-aid rule covers; none when it does not apply to this person.
    let covered: Vec<bool> = match &p.backstop.full_aid {
        Some(rule)
            if person.age >= rule.min_age.v
                && belongs(&rule.categories, category, disabled)
                && in_place(rule, household) =>
        {
            visits
                .iter()
                .map(|v| v.date >= rule.from.v && (v.in_county || !rule.in_county_only.v))
                .collect()
        }
        // Empty: no visit is covered (lookups past the end read as "not covered").
        _ => Vec::new(),
    };
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
            &covered,
            &remainders,
            left,
            &mut t,
        ),
        None => Money::ZERO,
    };
    let left = left.minus(full_aid);
    let ratio_topup = match &p.backstop.min_inpatient_ratio {
        Some(rule) => ratio_layer(
            rule,
            category,
            disabled,
            &visits,
            &covered,
            &remainders,
            left,
            &mut t,
        ),
        None => Money::ZERO,
    };
    let left = left.minus(ratio_topup);
    let (cap_fund, cap, patient_compliant, patient_noncompliant) = match &p.backstop.oop_cap {
        Some(rule) if belongs(&rule.categories, category, disabled) && !visits.is_empty() => {
            cap_layer(rule, &visits, left, noncompliant, &mut t)
        }
        _ => (Money::ZERO, None, left, noncompliant),
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

fn ratio_of(part: Money, whole: Money) -> Rate {
    let n = part.mul_div(10_000, whole.fen()).fen();
    Rate::from_per_10k(u32::try_from(n.max(0)).unwrap_or(10_000))
}

fn basic_layer(
    visits: &[&Visit],
    category: Category,
    disabled: bool,
    p: &MedicalParams,
    t: &mut Tracer,
) -> Vec<Money> {
    let b = &p.basic;
    let poor = b
        .poor
        .as_ref()
        .filter(|poor| belongs(&poor.categories, category, disabled));
    let bonus = |pick: fn(&BasicPoor) -> &Option<P<Rate>>| poor.and_then(|x| pick(x).as_ref());
    let factor = bonus(|x| &x.deductible_factor);
    let mut chronic_deductible_left = {
        let d = b.chronic_outpatient.deductible.v;
        factor.map_or(d, |f| d.mul_rate(f.v))
    };
    let mut chronic_paid = Money::ZERO;
    let mut outpatient_paid = Money::ZERO;
    let mut year_paid = Money::ZERO;
    let mut out = Vec::with_capacity(visits.len());
    for (i, v) in visits.iter().enumerate() {
        let n = i.saturating_add(1);
        let mut c = t.cites();
        let (deductible, rate, cap_left) = match v.kind {
            VisitKind::Inpatient => {
                let lv = b.inpatient.get(v.level);
                cite!(
                    c,
                    lv.deductible,
                    format!("medical.basic.inpatient.{}.deductible", v.level.key()),
                    lv.deductible.v.zh()
                );
                cite!(
                    c,
                    lv.rate,
                    format!("medical.basic.inpatient.{}.rate", v.level.key()),
                    lv.rate.v.percent()
                );
                let mut rate = lv.rate.v;
                if let Some(bonus) = bonus(|x| &x.inpatient_rate_bonus) {
                    cite!(
                        c,
                        bonus,
                        "medical.basic.poor.inpatient_rate_bonus",
                        format!("+{}", bonus.v.percent())
                    );
                    rate = rate.plus_points(bonus.v);
                }
                let mut d = lv.deductible.v;
                if let Some(f) = factor {
                    cite!(
                        c,
                        f,
                        "medical.basic.poor.deductible_factor",
                        format!("×{}", f.v)
                    );
                    d = d.mul_rate(f.v);
                }
                (d, rate, None)
            }
            VisitKind::ChronicOutpatient => {
                let o = &b.chronic_outpatient;
                cite!(
                    c,
                    o.rate,
                    "medical.basic.chronic_outpatient.rate",
                    o.rate.v.percent()
                );
                cite!(
                    c,
                    o.annual_cap,
                    "medical.basic.chronic_outpatient.annual_cap",
                    o.annual_cap.v.zh()
                );
                let mut rate = o.rate.v;
                if let Some(bonus) = bonus(|x| &x.chronic_outpatient_rate_bonus) {
                    cite!(
                        c,
                        bonus,
                        "medical.basic.poor.chronic_outpatient_rate_bonus",
                        format!("+{}", bonus.v.percent())
                    );
                    rate = rate.plus_points(bonus.v);
                }
                if o.deductible.v != Money::ZERO {
                    cite!(
                        c,
                        o.deductible,
                        "medical.basic.chronic_outpatient.deductible",
                        o.deductible.v.zh()
                    );
                }
                let d = chronic_deductible_left.min(v.compliant);
                chronic_deductible_left = chronic_deductible_left.minus(d);
                (d, rate, Some(o.annual_cap.v.minus(chronic_paid)))
            }
            VisitKind::Outpatient => {
                let o = &b.outpatient;
                cite!(
                    c,
                    o.deductible,
                    "medical.basic.outpatient.deductible",
                    o.deductible.v.zh()
                );
                cite!(
                    c,
                    o.rate,
                    "medical.basic.outpatient.rate",
                    o.rate.v.percent()
                );
                cite!(
                    c,
                    o.annual_cap,
                    "medical.basic.outpatient.annual_cap",
                    o.annual_cap.v.zh()
                );
                (
                    o.deductible.v,
                    o.rate.v,
                    Some(o.annual_cap.v.minus(outpatient_paid)),
                )
            }
        };
        let base = v.compliant.minus(deductible);
        let computed = base.mul_rate(rate);
        let mut pay = computed;
        let kind_cap = cap_left.filter(|left| pay > *left);
        if let Some(left) = kind_cap {
            pay = left;
        }
        let year_left = b.annual_limit.v.minus(year_paid);
        let over_year = pay > year_left;
        if over_year {
            cite!(
                c,
                b.annual_limit,
                "medical.basic.annual_limit",
                b.annual_limit.v.zh()
            );
            pay = year_left;
        }
        match v.kind {
            VisitKind::ChronicOutpatient => chronic_paid = chronic_paid.plus(pay),
            VisitKind::Outpatient => outpatient_paid = outpatient_paid.plus(pay),
            VisitKind::Inpatient => {}
        }
        year_paid = year_paid.plus(pay);
        step!(
            t,
            c,
            match v.kind {
                VisitKind::Inpatient => format!(
                    "基本医保：第{n}次就诊（{} {}{}）",
                    v.date.zh(),
                    v.level.zh(),
                    v.kind.zh()
                ),
                _ => format!("基本医保：第{n}次就诊（{} {}）", v.date.zh(), v.kind.zh()),
            },
            {
                let mut f = format!(
                    "(合规 {} − 起付线 {deductible}) × {} = {computed}",
                    v.compliant,
                    rate.percent()
                );
                if let Some(left) = kind_cap {
                    f.push_str(&format!("，超过年度限额，余额 {left}"));
                }
                if over_year {
                    f.push_str(&format!("，超过基本医保年度最高支付限额，余额 {year_left}"));
                }
                f
            },
            pay.zh()
        );
        out.push(pay);
    }
    out
}

fn serious_layer(
    amount: Money,
    category: Category,
    disabled: bool,
    s: &SeriousParams,
    t: &mut Tracer,
) -> Money {
    let poor = s
        .poor
        .as_ref()
        .filter(|poor| belongs(&poor.categories, category, disabled));
    let mut c = t.cites();
    cite!(
        c,
        s.threshold,
        "medical.serious.threshold",
        s.threshold.v.zh()
    );
    let mut threshold = s.threshold.v;
    let mut bonus = Rate::ZERO;
    let mut capped = true;
    if let Some(poor) = poor {
        if let Some(f) = &poor.threshold_factor {
            cite!(
                c,
                f,
                "medical.serious.poor.threshold_factor",
                format!("×{}", f.v)
            );
            threshold = threshold.mul_rate(f.v);
        }
        if let Some(b) = &poor.band_rate_bonus {
            cite!(
                c,
                b,
                "medical.serious.poor.band_rate_bonus",
                format!("+{}", b.v.percent())
            );
            bonus = b.v;
        }
        if let Some(u) = poor.uncapped.as_ref().filter(|u| u.v) {
            cite!(c, u, "medical.serious.poor.uncapped", "不设封顶线");
            capped = false;
        }
    }
    cite!(c, s.bands, "medical.serious.bands", bands_zh(&s.bands.v));
    let mut lower = threshold;
    let mut pay = Money::ZERO;
    let mut parts = Vec::new();
    for band in &s.bands.v {
        if band.upto.is_some_and(|u| u <= lower) {
            continue;
        }
        let top = band.upto.map_or(amount, |u| u.min(amount));
        if top <= lower {
            break;
        }
        let rate = band.rate.plus_points(bonus);
        pay = pay.plus(top.minus(lower).mul_rate(rate));
        if t.on() {
            parts.push(format!("({top} − {lower}) × {}", rate.percent()));
        }
        match band.upto {
            Some(u) => lower = u,
            None => break,
        }
    }
    let banded = pay;
    let over_cap = capped && pay > s.annual_cap.v;
    if over_cap {
        cite!(
            c,
            s.annual_cap,
            "medical.serious.annual_cap",
            s.annual_cap.v.zh()
        );
        pay = s.annual_cap.v;
    }
    step!(
        t,
        c,
        "大病保险（年度累计）",
        {
            let mut f = if banded == Money::ZERO && amount <= threshold {
                format!("年度累计合规自付 {amount} 未超过起付线 {threshold}，不报销")
            } else {
                format!(
                    "年度累计合规自付 {amount}，超过起付线 {threshold} 的部分分段报销：{} = {banded}",
                    parts.join(" + ")
                )
            };
            if over_cap {
                f.push_str(&format!("，超过年度封顶线，按 {} 支付", s.annual_cap.v));
            }
            f
        },
        pay.zh()
    );
    pay
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

fn assistance_layer(
    amount: Money,
    category: Category,
    disabled: bool,
    a: &AssistanceParams,
    t: &mut Tracer,
) -> Money {
    if !belongs(&a.categories, category, disabled) {
        step!(
            t,
            t.cites(),
            "医疗救助",
            format!(
                "医疗救助对象为{}，{}不在其列",
                groups_zh(&a.categories),
                category.zh()
            ),
            Money::ZERO.zh()
        );
        return Money::ZERO;
    }
    let mut c = t.cites();
    cite!(
        c,
        a.deductible,
        "medical.assistance.deductible",
        a.deductible.v.zh()
    );
    cite!(c, a.rate, "medical.assistance.rate", a.rate.v.percent());
    cite!(
        c,
        a.annual_cap,
        "medical.assistance.annual_cap",
        a.annual_cap.v.zh()
    );
    let computed = amount.minus(a.deductible.v).mul_rate(a.rate.v);
    let pay = computed.min(a.annual_cap.v);
    step!(
        t,
        c,
        "医疗救助",
        {
            let mut f = format!(
                "(剩余合规自付 {amount} − 救助起付线 {}) × {} = {computed}",
                a.deductible.v,
                a.rate.v.percent()
            );
            if computed > pay {
                f.push_str(&format!("，超过年度救助限额，按 {} 支付", a.annual_cap.v));
            }
            f
        },
        pay.zh()
    );
    pay
}

fn in_place(rule: &FullAid, household: &Household) -> bool {
    rule.places.is_empty()
        || household
            .place
            .as_ref()
            .is_some_and(|p| rule.places.contains(p))
}

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

#[allow(clippy::too_many_arguments)]
fn full_aid_layer(
    rule: &FullAid,
    age: u32,
    category: Category,
    disabled: bool,
    covered: &[bool],
    remainders: &[Money],
    left: Money,
    t: &mut Tracer,
) -> Money {
    let mut c = t.cites();
    cite!(
        c,
        rule.min_age,
        "medical.backstop.full_aid.min_age",
        format!("{}周岁", rule.min_age.v)
    );
    cite!(
        c,
        rule.in_county_only,
        "medical.backstop.full_aid.in_county_only",
        if rule.in_county_only.v {
            "限县域内就医"
        } else {
            "不限就医地点"
        }
    );
    cite!(
        c,
        rule.from,
        "medical.backstop.full_aid.from",
        rule.from.v.zh()
    );
    if age < rule.min_age.v || !belongs(&rule.categories, category, disabled) {
        step!(
            t,
            c,
            "兜底：全额救助",
            format!(
                "全额救助对象为{}周岁以上的{}，本人{}周岁、{}，不适用",
                rule.min_age.v,
                groups_zh(&rule.categories),
                age,
                category.zh()
            ),
            Money::ZERO.zh()
        );
        return Money::ZERO;
    }
    let not_covered = remainder_of(remainders, |i| !covered.get(i).copied().unwrap_or(false));
    let pay = left.minus(not_covered);
    step!(
        t,
        c,
        "兜底：全额救助",
        format!(
            "符合条件的就诊（{}周岁以上{}），合规费用经前三道保障后剩余部分全部救助：剩余合规自付 {left}，其中不符合条件的就诊最多 {not_covered}，救助 {pay}（大病保险和医疗救助先计入符合条件的就诊，示例假设）",
            rule.min_age.v,
            if rule.in_county_only.v { "、县域内就医" } else { "" }
        ),
        pay.zh()
    );
    pay
}

#[allow(clippy::too_many_arguments)]
fn ratio_layer(
    rule: &MinInpatientRatio,
    category: Category,
    disabled: bool,
    visits: &[&Visit],
    covered: &[bool],
    remainders: &[Money],
    left: Money,
    t: &mut Tracer,
) -> Money {
    let mut c = t.cites();
    cite!(
        c,
        rule.ratio,
        "medical.backstop.min_inpatient_ratio.ratio",
        rule.ratio.v.percent()
    );
    if !belongs(&rule.categories, category, disabled) {
        step!(
            t,
            c,
            "兜底：住院报销比例保底",
            format!(
                "保底对象为{}，{}不在其列",
                groups_zh(&rule.categories),
                category.zh()
            ),
            Money::ZERO.zh()
        );
        return Money::ZERO;
    }
    let counted = |i: usize| !covered.get(i).copied().unwrap_or(false);
    let inpatient = |i: usize| {
        visits
            .get(i)
            .is_some_and(|v| v.kind == VisitKind::Inpatient)
    };
    let compliant = Money::sum(
        visits
            .iter()
            .enumerate()
            .filter(|(i, v)| counted(*i) && v.kind == VisitKind::Inpatient)
            .map(|(_, v)| v.compliant),
    );
    let others = remainder_of(remainders, |i| counted(i) && !inpatient(i));
    let allowed = compliant.minus(compliant.mul_rate(rule.ratio.v));
    let topup = left.minus(others.plus(allowed));
    step!(
        t,
        c,
        "兜底：住院报销比例保底",
        format!(
            "住院合规费用 {compliant}，个人最多负担 {compliant} × {} = {allowed}；剩余合规自付 {left}，其中门诊最多 {others}，补足 {topup}（大病保险和医疗救助先计入住院费用，示例假设）",
            rule.ratio.v.complement().percent()
        ),
        topup.zh()
    );
    topup
}

/// Returns (fund pays, cap, patient's 合规 share, patient's 不合规 share).
fn cap_layer(
    rule: &OopCap,
    visits: &[&Visit],
    compliant_left: Money,
    noncompliant: Money,
    t: &mut Tracer,
) -> (Money, Option<Money>, Money, Money) {
    let levels = visits.iter().map(|v| v.level);
    let level = match rule.level_rule.v {
        LevelRule::HighestLevelUsed => levels.max(),
        LevelRule::LowestLevelUsed => levels.min(),
    }
    .unwrap_or(Level::County);
    let cap = rule.cap(level);
    let mut c = t.cites();
    cite!(
        c,
        cap,
        format!("medical.backstop.oop_cap.{}", level.key()),
        cap.v.zh()
    );
    cite!(
        c,
        rule.level_rule,
        "medical.backstop.oop_cap.level_rule",
        match rule.level_rule.v {
            LevelRule::HighestLevelUsed => "按年度内就诊的最高医院级别",
            LevelRule::LowestLevelUsed => "按年度内就诊的最低医院级别",
        }
    );
    cite!(
        c,
        rule.counts_noncompliant,
        "medical.backstop.oop_cap.counts_noncompliant",
        if rule.counts_noncompliant.v {
            "目录外费用计入封顶"
        } else {
            "仅合规费用计入封顶"
        }
    );
    let counted = if rule.counts_noncompliant.v {
        compliant_left.plus(noncompliant)
    } else {
        compliant_left
    };
    let pay = counted.minus(cap.v);
    let from_compliant = pay.min(compliant_left);
    let from_noncompliant = pay.minus(from_compliant);
    step!(
        t,
        c,
        format!("兜底：{}个人自付封顶", level.zh()),
        format!(
            "计入封顶的个人自付 {counted}，{}封顶 {}，超出部分 {pay} 由兜底资金支付",
            level.zh(),
            cap.v
        ),
        pay.zh()
    );
    (
        pay,
        Some(cap.v),
        compliant_left.minus(from_compliant),
        noncompliant.minus(from_noncompliant),
    )
}
