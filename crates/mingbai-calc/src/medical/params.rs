//! The medical parameters: the tables declared once with `medical_tables!` (serde types, the
//! browser's reader and the labels of cards and traces all come from there) and their checks.

use super::*;

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
    pub(super) fn get(&self, level: Level) -> &InpatientLevel {
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
    pub(super) fn cap(&self, level: Level) -> &P<Money> {
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
