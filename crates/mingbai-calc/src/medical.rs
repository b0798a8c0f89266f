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

// ---------------------------------------------------------------- parameters

/// The medical parameter tables, declared once (see `schema`): the serde types below, the
/// browser's reader and the labels of cards and traces all come from here.
#[macro_export]
macro_rules! medical_tables {
    ($cb:ident) => {
        $cb! {
            table MedicalParams at "medical" {
                basic: req BasicParams,
                serious: req SeriousParams,
                assistance: req AssistanceParams,
                backstop: or_default Backstop,
            }

            table BasicParams at "medical.basic" {
                scope: req P<Scope> => "适用范围（就诊类型；医院）", Scope,
                annual_limit: req P<Money> => "年度统筹基金最高支付限额（每人）", Money,
                inpatient: req InpatientLevels,
                chronic_outpatient: req OutpatientParams,
                outpatient: req OutpatientParams,
                poor: opt BasicPoor,
            }

            table InpatientLevels at "medical.basic.inpatient" {
                township: req InpatientLevel,
                county: req InpatientLevel,
                city: req InpatientLevel,
                province: req InpatientLevel,
            }

            /// At `medical.basic.inpatient.<level>`.
            table InpatientLevel {
                deductible: req P<Money> => "住院起付线（每次）", Money,
                rate: req P<Rate> => "住院报销比例", Rate,
            }

            /// At `medical.basic.chronic_outpatient` (起付线 per year) and `….outpatient` (per
            /// visit): `labels` names the 起付线 of each.
            table OutpatientParams {
                deductible: req P<Money> => "起付线", Money,
                rate: req P<Rate> => "报销比例", Rate,
                annual_cap: req P<Money> => "年度限额", Money,
            }

            table BasicPoor at "medical.basic.poor" {
                categories: req Vec<Group>,
                deductible_factor: opt P<Rate> => "住院起付线", Factor,
                inpatient_rate_bonus: opt P<Rate> => "住院报销比例提高", Points,
                chronic_outpatient_rate_bonus: opt P<Rate> => "门诊慢特病报销比例提高", Points,
                /// The hospital levels where `chronic_outpatient_rate_bonus` applies (required with it).
                chronic_outpatient_levels: opt P<Vec<Level>> => "门诊慢特病提高比例适用的医院", Levels,
            }

            table SeriousParams at "medical.serious" {
                scope: req P<Scope> => "适用范围（就诊类型；医院）", Scope,
                threshold: req P<Money> => "起付线（年度累计个人负担合规费用）", Money,
                bands: req P<Vec<Band>> => "分段报销比例", Bands,
                bands_from: req P<BandsFrom> => "分段金额怎么算", BandsFrom,
                annual_cap: req P<Money> => "年度最高支付限额", Money,
                poor: opt SeriousPoor,
            }

            /// A band of 大病保险: the part of the yearly amount up to `upto` (open when absent)
            /// paid at `rate`; `upto` counts as `bands_from` says.
            table Band {
                upto: opt Money,
                rate: req Rate,
            }

            table SeriousPoor at "medical.serious.poor" {
                categories: req Vec<Group>,
                threshold_factor: opt P<Rate> => "起付线", Factor,
                band_rate_bonus: opt P<Rate> => "各段报销比例提高", Points,
                uncapped: opt P<bool> => "取消年度最高支付限额", Bool,
            }

            table AssistanceParams at "medical.assistance" {
                scope: req P<Scope> => "适用范围（就诊类型；医院）", Scope,
                categories: req Vec<Group>,
                deductible: req P<Money> => "起付线", Money,
                rate: req P<Rate> => "救助比例", Rate,
                annual_cap: req P<Money> => "年度救助限额", Money,
            }

            #[derive(Default)]
            table Backstop at "medical.backstop" {
                full_aid: opt FullAid,
                min_inpatient_ratio: opt MinInpatientRatio,
                oop_cap: opt OopCap,
            }

            /// 全额救助: 合规 costs left after the layers are covered for people of an age,
            /// treated where named.
            table FullAid at "medical.backstop.full_aid" {
                scope: req P<Scope> => "适用范围（就诊类型；医院）", Scope,
                categories: req Vec<Group>,
                /// Where the rule is a pilot: the counties (区县) it covers; empty = the whole
                /// jurisdiction.
                places: if_any Vec<String>,
                min_age: req P<u32> => "年龄", Count("周岁及以上"),
                in_county_only: req P<bool> => "仅限县域内就医", Bool,
                from: req P<Date> => "就医日期自", Date,
            }

            /// The 合规 costs of the covered (inpatient) visits are reimbursed at least at
            /// `ratio`; the fund tops up what the layers left.
            table MinInpatientRatio at "medical.backstop.min_inpatient_ratio" {
                scope: req P<Scope> => "适用范围（就诊类型；医院）", Scope,
                categories: req Vec<Group>,
                ratio: req P<Rate> => "住院合规费用报销比例不低于", Rate,
            }

            /// The yearly personal payment for the covered visits is capped by the level of
            /// hospital used for them (Shanxi "136"). Its figures read as a table: level → cap.
            table OopCap at "medical.backstop.oop_cap" {
                scope: req P<Scope> => "适用范围（就诊类型；医院）", Scope,
                categories: req Vec<Group>,
                township: req P<Money> => $crate::medical::Level::Township.zh(), Money,
                county: req P<Money> => $crate::medical::Level::County.zh(), Money,
                city: req P<Money> => $crate::medical::Level::City.zh(), Money,
                province: req P<Money> => $crate::medical::Level::Province.zh(), Money,
                level_rule: req P<LevelRule> => "在多级医院就医时", LevelRule,
                counts_noncompliant: req P<bool> => "目录外（不合规）费用计入封顶", Bool,
            }
        }
    };
}

crate::medical_tables!(declare_tables);

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

/// Where the band limits (`upto`) are counted from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BandsFrom {
    /// `upto` is an amount of the year's cumulative 合规 share: the first band runs from the
    /// (possibly reduced) 起付线 to its `upto`, so a lower 起付线 widens the first band.
    Zero,
    /// `upto` counts from the (possibly reduced) 起付线: a lower 起付线 shifts every band down.
    Threshold,
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
        b.scope.v.validate(BasicParams::scope)?;
        self.serious.scope.v.validate(SeriousParams::scope)?;
        self.assistance.scope.v.validate(AssistanceParams::scope)?;
        if !self.assistance.scope.v.contains(&self.serious.scope.v) {
            return Err(CalcError::new(
                AssistanceParams::scope,
                format!(
                    "医疗救助的适用范围（{}）必须包括大病保险的适用范围（{}）：医疗救助是在大病保险报完后的余额上计算的",
                    self.assistance.scope.v.zh(),
                    self.serious.scope.v.zh()
                ),
                "the assistance scope must include the serious-illness scope",
            ));
        }
        if let Some(poor) = &b.poor {
            if poor.chronic_outpatient_rate_bonus.is_some()
                && poor.chronic_outpatient_levels.is_none()
            {
                return Err(CalcError::new(
                    BasicPoor::chronic_outpatient_rate_bonus,
                    "门诊慢特病提高比例要同时写明适用的医院级别（chronic_outpatient_levels）",
                    "chronic_outpatient_levels is required with chronic_outpatient_rate_bonus",
                ));
            }
            if poor
                .chronic_outpatient_levels
                .as_ref()
                .is_some_and(|l| l.v.is_empty())
            {
                return Err(CalcError::new(
                    BasicPoor::chronic_outpatient_levels,
                    "至少要列出一级医院",
                    "at least one level is needed",
                ));
            }
        }
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
            f.scope.v.validate(FullAid::scope)?;
            check::range(FullAid::min_age, "年龄", f.min_age.v, 0, 120)?;
        }
        if let Some(r) = &self.backstop.min_inpatient_ratio {
            r.scope.v.validate(MinInpatientRatio::scope)?;
        }
        if let Some(c) = &self.backstop.oop_cap {
            c.scope.v.validate(OopCap::scope)?;
            for level in [Level::Township, Level::County, Level::City, Level::Province] {
                money(&format!("backstop.oop_cap.{}", level.key()), c.cap(level))?;
            }
        }
        Ok(())
    }
}

fn validate_bands(bands: &[Band]) -> Result<(), CalcError> {
    let field = SeriousParams::bands;
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

    // Which visits each 兜底 covers for this person (none when the rule does not apply to them).
    let aid_rule = p.backstop.full_aid.as_ref().filter(|r| {
        person.age >= r.min_age.v
            && belongs(&r.categories, category, disabled)
            && in_place(r, household)
    });
    let aid_covers: Vec<bool> = visits
        .iter()
        .map(|v| {
            aid_rule.is_some_and(|r| {
                r.scope.v.covers(v) && v.date >= r.from.v && (v.in_county || !r.in_county_only.v)
            })
        })
        .collect();
    let ratio_rule = p
        .backstop
        .min_inpatient_ratio
        .as_ref()
        .filter(|r| belongs(&r.categories, category, disabled));
    let ratio_covers: Vec<bool> = visits
        .iter()
        .zip(&aid_covers)
        .map(|(v, aid)| !aid && ratio_rule.is_some_and(|r| r.scope.v.covers(v)))
        .collect();
    let cap_rule = p
        .backstop
        .oop_cap
        .as_ref()
        .filter(|r| belongs(&r.categories, category, disabled));
    let cap_covers: Vec<bool> = visits
        .iter()
        .map(|v| cap_rule.is_some_and(|r| r.scope.v.covers(v)))
        .collect();
    // The yearly layers count towards the visits a 兜底 covers first (see the module comment).
    let mut order: Vec<usize> = (0..visits.len()).collect();
    order.sort_by_key(|&i| {
        (
            !flag(&aid_covers, i),
            !flag(&ratio_covers, i),
            !flag(&cap_covers, i),
            i,
        )
    });

    // What is left of each visit's 合规 costs as the layers pay.
    let mut left = remainders.clone();
    let serious_covers: Vec<bool> = visits.iter().map(|v| p.serious.scope.v.covers(v)).collect();
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
    let assistance_covers: Vec<bool> = visits
        .iter()
        .map(|v| p.assistance.scope.v.covers(v))
        .collect();
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
            &visits,
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
            cap_layer(rule, &visits, &cap_covers, &left, noncompliant, &mut t)
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
    // The poor's 起付线 factor is for inpatient stays (the cards say 住院起付线).
    let factor = bonus(|x| &x.deductible_factor);
    let chronic_levels = poor.and_then(|x| x.chronic_outpatient_levels.as_ref());
    let mut chronic_deductible_left = b.chronic_outpatient.deductible.v;
    let mut chronic_paid = Money::ZERO;
    let mut outpatient_paid = Money::ZERO;
    let mut year_paid = Money::ZERO;
    let mut out = Vec::with_capacity(visits.len());
    for (i, v) in visits.iter().enumerate() {
        let n = i.saturating_add(1);
        let mut c = t.cites();
        cite!(c, b.scope, BasicParams::scope, b.scope.v.zh());
        if !b.scope.v.covers(v) {
            step!(
                t,
                c,
                format!(
                    "基本医保：第{n}次就诊（{} {}{}）",
                    v.date,
                    v.level.zh(),
                    v.kind.zh()
                ),
                format!(
                    "{}{}不在基本医保的适用范围（{}）内，不报销",
                    v.level.zh(),
                    v.kind.zh(),
                    b.scope.v.zh()
                ),
                Money::ZERO.zh()
            );
            out.push(Money::ZERO);
            continue;
        }
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
                        BasicPoor::inpatient_rate_bonus,
                        format!("+{}", bonus.v.percent())
                    );
                    rate = rate.plus_points(bonus.v);
                }
                let mut d = lv.deductible.v;
                if let Some(f) = factor {
                    cite!(c, f, BasicPoor::deductible_factor, format!("×{}", f.v));
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
                    if let Some(levels) = chronic_levels {
                        cite!(
                            c,
                            levels,
                            BasicPoor::chronic_outpatient_levels,
                            levels_zh(&levels.v)
                        );
                    }
                    // Validation makes the levels required with the bonus.
                    if chronic_levels.is_some_and(|l| l.v.contains(&v.level)) {
                        cite!(
                            c,
                            bonus,
                            BasicPoor::chronic_outpatient_rate_bonus,
                            format!("+{}", bonus.v.percent())
                        );
                        rate = rate.plus_points(bonus.v);
                    }
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
                BasicParams::annual_limit,
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
    excluded: Money,
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
    cite!(c, s.scope, SeriousParams::scope, s.scope.v.zh());
    cite!(c, s.threshold, SeriousParams::threshold, s.threshold.v.zh());
    let mut threshold = s.threshold.v;
    let mut bonus = Rate::ZERO;
    let mut capped = true;
    if let Some(poor) = poor {
        if let Some(f) = &poor.threshold_factor {
            cite!(c, f, SeriousPoor::threshold_factor, format!("×{}", f.v));
            threshold = threshold.mul_rate(f.v);
        }
        if let Some(b) = &poor.band_rate_bonus {
            cite!(
                c,
                b,
                SeriousPoor::band_rate_bonus,
                format!("+{}", b.v.percent())
            );
            bonus = b.v;
        }
        if let Some(u) = poor.uncapped.as_ref().filter(|u| u.v) {
            cite!(c, u, SeriousPoor::uncapped, "不设封顶线");
            capped = false;
        }
    }
    cite!(c, s.bands, SeriousParams::bands, bands_zh(&s.bands.v));
    cite!(
        c,
        s.bands_from,
        SeriousParams::bands_from,
        bands_from_zh(s.bands_from.v)
    );
    let limit = |u: Money| match s.bands_from.v {
        BandsFrom::Zero => u,
        BandsFrom::Threshold => threshold.plus(u),
    };
    let mut lower = threshold;
    let mut pay = Money::ZERO;
    let mut parts = Vec::new();
    for band in &s.bands.v {
        let upto = band.upto.map(limit);
        if upto.is_some_and(|u| u <= lower) {
            continue;
        }
        let top = upto.map_or(amount, |u| u.min(amount));
        if top <= lower {
            break;
        }
        let rate = band.rate.plus_points(bonus);
        pay = pay.plus(top.minus(lower).mul_rate(rate));
        if t.on() {
            parts.push(format!("({top} − {lower}) × {}", rate.percent()));
        }
        match upto {
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
            SeriousParams::annual_cap,
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
                format!(
                    "年度累计合规自付（{}）{amount} 未超过起付线 {threshold}，不报销",
                    s.scope.v.zh()
                )
            } else {
                format!(
                    "年度累计合规自付（{}）{amount}，超过起付线 {threshold} 的部分分段报销：{} = {banded}",
                    s.scope.v.zh(),
                    parts.join(" + ")
                )
            };
            if excluded > Money::ZERO {
                f.push_str(&format!(
                    "；其他就诊的合规自付 {excluded} 不在大病保险范围内，不计入"
                ));
            }
            if over_cap {
                f.push_str(&format!("，超过年度封顶线，按 {} 支付", s.annual_cap.v));
            }
            f
        },
        pay.zh()
    );
    pay
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

fn assistance_layer(
    amount: Money,
    excluded: Money,
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
    cite!(c, a.scope, AssistanceParams::scope, a.scope.v.zh());
    cite!(
        c,
        a.deductible,
        AssistanceParams::deductible,
        a.deductible.v.zh()
    );
    cite!(c, a.rate, AssistanceParams::rate, a.rate.v.percent());
    cite!(
        c,
        a.annual_cap,
        AssistanceParams::annual_cap,
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
                "(剩余合规自付（{}）{amount} − 救助起付线 {}) × {} = {computed}",
                a.scope.v.zh(),
                a.deductible.v,
                a.rate.v.percent()
            );
            if computed > pay {
                f.push_str(&format!("，超过年度救助限额，按 {} 支付", a.annual_cap.v));
            }
            if excluded > Money::ZERO {
                f.push_str(&format!(
                    "；其他就诊的合规自付 {excluded} 不在医疗救助范围内"
                ));
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

fn full_aid_layer(
    rule: &FullAid,
    age: u32,
    category: Category,
    disabled: bool,
    covered: &[bool],
    left: &mut [Money],
    t: &mut Tracer,
) -> Money {
    let mut c = t.cites();
    cite!(c, rule.scope, FullAid::scope, rule.scope.v.zh());
    cite!(
        c,
        rule.min_age,
        FullAid::min_age,
        format!("{}周岁", rule.min_age.v)
    );
    cite!(
        c,
        rule.in_county_only,
        FullAid::in_county_only,
        if rule.in_county_only.v {
            "限县域内就医"
        } else {
            "不限就医地点"
        }
    );
    cite!(c, rule.from, FullAid::from, rule.from.v.zh());
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
    let pay = remainder_of(left, |i| flag(covered, i));
    let others = Money::sum(left.iter().copied()).minus(pay);
    for (l, _) in left.iter_mut().zip(covered).filter(|(_, c)| **c) {
        *l = Money::ZERO;
    }
    step!(
        t,
        c,
        "兜底：全额救助",
        format!(
            "符合条件的就诊（{}，{}周岁以上{}），合规费用经前三道保障后剩余 {pay}，全部救助；其他就诊剩余 {others} 不在此列（大病保险和医疗救助先计入符合条件的就诊，示例假设）",
            rule.scope.v.zh(),
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
    order: &[usize],
    left: &mut [Money],
    t: &mut Tracer,
) -> Money {
    let mut c = t.cites();
    cite!(c, rule.scope, MinInpatientRatio::scope, rule.scope.v.zh());
    cite!(
        c,
        rule.ratio,
        MinInpatientRatio::ratio,
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
    let compliant = Money::sum(
        visits
            .iter()
            .zip(covered)
            .filter(|(_, c)| **c)
            .map(|(v, _)| v.compliant),
    );
    let counted = remainder_of(left, |i| flag(covered, i));
    let allowed = compliant.minus(compliant.mul_rate(rule.ratio.v));
    let topup = counted.minus(allowed);
    allocate(left, order, |i| flag(covered, i), topup);
    step!(
        t,
        c,
        "兜底：住院报销比例保底",
        if compliant == Money::ZERO && counted == Money::ZERO {
            format!("年内没有保底范围内的就诊（{}），不适用", rule.scope.v.zh())
        } else {
            format!(
                "保底范围内的就诊（{}）合规费用 {compliant}，个人最多负担 {compliant} × {} = {allowed}；这些就诊经前三道保障后剩余 {counted}，补足 {topup}（大病保险和医疗救助先计入这些就诊，示例假设）",
                rule.scope.v.zh(),
                rule.ratio.v.complement().percent()
            )
        },
        topup.zh()
    );
    topup
}

/// Returns (fund pays, cap, patient's 合规 share, patient's 不合规 share).
fn cap_layer(
    rule: &OopCap,
    visits: &[&Visit],
    covered: &[bool],
    left: &[Money],
    noncompliant: Money,
    t: &mut Tracer,
) -> (Money, Option<Money>, Money, Money) {
    let left_total = Money::sum(left.iter().copied());
    let mut c = t.cites();
    cite!(c, rule.scope, OopCap::scope, rule.scope.v.zh());
    let levels = visits
        .iter()
        .zip(covered)
        .filter(|(_, c)| **c)
        .map(|(v, _)| v.level);
    let level = match rule.level_rule.v {
        LevelRule::HighestLevelUsed => levels.max(),
        LevelRule::LowestLevelUsed => levels.min(),
    };
    let Some(level) = level else {
        step!(
            t,
            c,
            format!("兜底：{}", crate::Line::PatientCap.zh()),
            format!("年内没有封顶范围内的就诊（{}），不适用", rule.scope.v.zh()),
            Money::ZERO.zh()
        );
        return (Money::ZERO, None, left_total, noncompliant);
    };
    let cap = rule.cap(level);
    cite!(
        c,
        cap,
        format!("medical.backstop.oop_cap.{}", level.key()),
        cap.v.zh()
    );
    cite!(
        c,
        rule.level_rule,
        OopCap::level_rule,
        match rule.level_rule.v {
            LevelRule::HighestLevelUsed => "按年度内封顶范围内就诊的最高医院级别",
            LevelRule::LowestLevelUsed => "按年度内封顶范围内就诊的最低医院级别",
        }
    );
    cite!(
        c,
        rule.counts_noncompliant,
        OopCap::counts_noncompliant,
        if rule.counts_noncompliant.v {
            "目录外费用计入封顶"
        } else {
            "仅合规费用计入封顶"
        }
    );
    let compliant_left = remainder_of(left, |i| flag(covered, i));
    let covered_noncompliant = if rule.counts_noncompliant.v {
        Money::sum(
            visits
                .iter()
                .zip(covered)
                .filter(|(_, c)| **c)
                .map(|(v, _)| v.total.minus(v.compliant)),
        )
    } else {
        Money::ZERO
    };
    let counted = compliant_left.plus(covered_noncompliant);
    let pay = counted.minus(cap.v);
    let from_compliant = pay.min(compliant_left);
    let from_noncompliant = pay.minus(from_compliant);
    let others = left_total.minus(compliant_left);
    step!(
        t,
        c,
        format!("兜底：{}{}", level.zh(), crate::Line::PatientCap.zh()),
        {
            let mut f = format!(
                "封顶范围内的就诊（{}）计入封顶的个人自付 {counted}，{}封顶 {}，超出部分 {pay} 由兜底资金支付",
                rule.scope.v.zh(),
                level.zh(),
                cap.v
            );
            if others > Money::ZERO {
                f.push_str(&format!(
                    "；其他就诊的合规自付 {others} 不在封顶范围内，由个人负担"
                ));
            }
            f
        },
        pay.zh()
    );
    (
        pay,
        Some(cap.v),
        left_total.minus(from_compliant),
        noncompliant.minus(from_noncompliant),
    )
}
