//! 低保 benefit, its 渐退 period, and 特困 support.
//!
//! Benefit: `(standard − per-capita income) × members counted` per year (《社会救助暂行办法》第十三条),
//! paid monthly as the yearly amount ÷ 12, rounded to the 分. 渐退 starts in the month after the
//! household stopped qualifying (A), for a whole number of months, with the parameters in force
//! when it began: the period is fixed then, whatever the standard does later.
//!
//! A member in 特困 support is paid 特困 support and is not also counted in the household's 低保
//! (国发〔2016〕14号 lists what 特困 persons may receive besides their support; 低保 is not among
//! them — R, wording not re-checked). The others' 低保 is worked out from the household's income
//! without the 特困 support, divided by the members still counted: that division is our reading (A).

use crate::declare_tables;
use crate::error::check;
use crate::household::Household;
use crate::param::P;
use crate::params::{in_force, Calculator, Dated, Notice};
use crate::trace::{cite, step, Tracer};
use crate::{CalcError, Date, Money, Month, Trace};
use serde::{Deserialize, Serialize};

/// The 低保 parameter table, declared once (see `schema`).
#[macro_export]
macro_rules! dibao_tables {
    ($cb:ident) => {
        $cb! {
            table DibaoParams at "dibao" {
                standard: req P<Money> => "农村低保标准（每人每年）", Money,
                taper_months: req P<u32> => "收入超过标准后渐退期", Count("个月"),
                taper_months_disabled: req P<u32> => "渐退期（家中有残疾人）", Count("个月"),
                tekun_dispersed: req P<Money> => "特困人员分散供养标准（每人每年）", Money,
                tekun_centralized: req P<Money> => "特困人员集中供养标准（每人每年）", Money,
            }
        }
    };
}

crate::dibao_tables!(declare_tables);

impl DibaoParams {
    pub fn validate(&self) -> Result<(), CalcError> {
        check::amount(DibaoParams::standard, self.standard.v)?;
        if self.standard.v == Money::ZERO {
            return Err(CalcError::new(
                DibaoParams::standard,
                "低保标准不能为0",
                "the standard is zero",
            ));
        }
        check::range(
            DibaoParams::taper_months,
            "渐退月数",
            self.taper_months.v,
            1,
            60,
        )?;
        check::range(
            DibaoParams::taper_months_disabled,
            "渐退月数",
            self.taper_months_disabled.v,
            1,
            60,
        )?;
        check::amount(DibaoParams::tekun_dispersed, self.tekun_dispersed.v)?;
        check::amount(DibaoParams::tekun_centralized, self.tekun_centralized.v)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DibaoInput {
    /// The household's income over a year (all members), without the 特困 support its members get.
    pub annual_income: Money,
    /// When income rose above the standard: the month it did, and the income before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub taper: Option<TaperInput>,
    /// Members in 特困 support, living at home (分散) or in an institution (集中).
    #[serde(default)]
    pub tekun_dispersed: u32,
    #[serde(default)]
    pub tekun_centralized: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaperInput {
    /// The month the household stopped qualifying.
    pub stopped_month: Month,
    /// The household's yearly income while it still qualified.
    pub previous_annual_income: Money,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DibaoResult {
    /// Members in 特困 support, paid that and not counted in the household's 低保.
    pub tekun_members: u32,
    /// Members counted in the household's 低保: its size less those in 特困 support.
    pub members_counted: u32,
    pub per_capita_income: Money,
    pub standard: Money,
    pub eligible: bool,
    pub annual_benefit: Money,
    pub monthly_benefit: Money,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub taper: Option<TaperResult>,
    /// 特困 support per year for the members listed.
    pub tekun_annual: Money,
    pub trace: Trace,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaperResult {
    pub months: u32,
    pub first_month: Month,
    pub last_month: Month,
    /// Months still to be paid counting the as-of month.
    pub months_left: u32,
    pub monthly_benefit: Money,
    pub amount_left: Money,
    /// The parameter set the period was fixed with: the one in force in its first month.
    pub params_from: Date,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub params_to: Option<Date>,
}

pub(crate) fn compute(
    input: &DibaoInput,
    household: &Household,
    as_of: Date,
    sets: &[Dated<DibaoParams>],
    place: &str,
    notices: &mut Vec<Notice>,
    tracing: bool,
) -> Result<(DibaoResult, bool), CalcError> {
    check::amount("dibao.annual_income", input.annual_income)?;
    let tekun = input
        .tekun_dispersed
        .saturating_add(input.tekun_centralized);
    check::range(
        DibaoParams::tekun_dispersed,
        "特困供养人数",
        tekun,
        0,
        household.size,
    )?;
    let mut trace = Tracer::new(tracing);
    // A taper was fixed when it began: it keeps the set in force in its first month, whatever set
    // is in force (or carried forward as the last known one) on the date asked about.
    let (p, notice) = in_force(sets, as_of, Calculator::Dibao, place)?;
    notices.extend(notice);
    let taper_set = match &input.taper {
        Some(t) => Some(taper_set(sets, t, place)?),
        None => None,
    };
    let size = household.size;
    let counted = size.saturating_sub(tekun);
    let standard = p.standard.v;

    if tekun > 0 {
        {
            let mut c = trace.cites();
            cite!(
                c,
                p.tekun_dispersed,
                DibaoParams::tekun_dispersed,
                format!("{}/人/年", p.tekun_dispersed.v.zh())
            );
            cite!(
                c,
                p.tekun_centralized,
                DibaoParams::tekun_centralized,
                format!("{}/人/年", p.tekun_centralized.v.zh())
            );
            step!(
                trace,
                c,
                "谁计入低保",
                if counted == 0 {
                    format!("家庭{size}人都享受特困供养（领特困供养金），不再计入低保（依据国务院关于特困人员救助供养的意见，本站未逐字核对原文）")
                } else {
                    format!(
                        "家庭{size}人，其中{tekun}人享受特困供养（领特困供养金），不再重复计入低保（依据国务院关于特困人员救助供养的意见，本站未逐字核对原文）；低保按其余{counted}人计算，家庭年收入不含特困供养金（本站算法，示例）"
                    )
                },
                format!("计入低保{counted}人")
            );
        }
        // How the others' income is divided is our reading, not a stated rule.
        if counted > 0 {
            trace.assume();
        }
    }

    let (per_capita, annual, monthly) = if counted == 0 {
        (Money::ZERO, Money::ZERO, Money::ZERO)
    } else {
        benefit(input.annual_income, counted, standard)
    };
    let eligible = counted > 0 && per_capita < standard;
    if counted == 0 {
        let c = trace.cites();
        step!(
            trace,
            c,
            "低保",
            "全家都享受特困供养，不再计算低保",
            "不计算低保"
        );
    } else {
        {
            let c = trace.cites();
            step!(
                trace,
                c,
                "家庭人均收入",
                if tekun > 0 {
                    format!(
                        "家庭年收入（不含特困供养金）{} ÷ 计入低保的{counted}人 = {per_capita}",
                        input.annual_income
                    )
                } else {
                    format!(
                        "家庭年收入 {} ÷ {counted}人 = {per_capita}",
                        input.annual_income
                    )
                },
                format!("{}/人/年", per_capita.zh())
            );
        }
        {
            let mut c = trace.cites();
            cite!(
                c,
                p.standard,
                DibaoParams::standard,
                format!("{}/人/年", standard.zh())
            );
            step!(trace, c, "是否符合低保收入条件", format!(
                "人均收入 {per_capita} {} 当地低保标准 {standard}（家庭财产等其他条件由村、乡镇入户核查，本计算不含）",
                if eligible { "低于" } else { "不低于" }
            ), if eligible { "收入条件符合" } else { "收入条件不符合" });
        }
    }
    if eligible {
        {
            let mut c = trace.cites();
            cite!(
                c,
                p.standard,
                DibaoParams::standard,
                format!("{}/人/年", standard.zh())
            );
            step!(
                trace,
                c,
                "低保金（补差）",
                format!(
                    "({standard} − {per_capita}) × {counted}人 = {annual}/年；÷ 12 = {monthly}/月"
                ),
                format!("{}/月", monthly.zh())
            );
        }
    }

    let taper = match (&input.taper, taper_set) {
        (Some(t), Some(set)) if !eligible => {
            Some(taper(t, household, counted, as_of, set, &mut trace)?)
        }
        (Some(_), _) if counted > 0 => {
            {
                let c = trace.cites();
                step!(
                    trace,
                    c,
                    "渐退",
                    "目前收入仍低于低保标准，按正常低保发放，不进入渐退期",
                    "不适用"
                );
            }
            None
        }
        _ => None,
    };

    let tekun_annual = p
        .tekun_dispersed
        .v
        .times(input.tekun_dispersed)
        .plus(p.tekun_centralized.v.times(input.tekun_centralized));
    if tekun > 0 {
        {
            let mut c = trace.cites();
            cite!(
                c,
                p.tekun_dispersed,
                DibaoParams::tekun_dispersed,
                format!("{}/人/年", p.tekun_dispersed.v.zh())
            );
            cite!(
                c,
                p.tekun_centralized,
                DibaoParams::tekun_centralized,
                format!("{}/人/年", p.tekun_centralized.v.zh())
            );
            step!(
                trace,
                c,
                "特困人员基本生活费",
                format!(
                    "分散供养{}人 × {} + 集中供养{}人 × {} = {tekun_annual}/年",
                    input.tekun_dispersed,
                    p.tekun_dispersed.v,
                    input.tekun_centralized,
                    p.tekun_centralized.v
                ),
                format!("{}/年", tekun_annual.zh())
            );
        }
    }

    let assumed = trace.assumed();
    let result = DibaoResult {
        tekun_members: tekun,
        members_counted: counted,
        per_capita_income: per_capita,
        standard,
        eligible,
        annual_benefit: if eligible { annual } else { Money::ZERO },
        monthly_benefit: if eligible { monthly } else { Money::ZERO },
        taper,
        tekun_annual,
        trace: trace.finish(),
    };
    Ok((result, assumed))
}

/// (per-capita income, yearly benefit, monthly benefit) for a household income.
fn benefit(income: Money, size: u32, standard: Money) -> (Money, Money, Money) {
    let per_capita = income.mul_div(1, i64::from(size.max(1)));
    let annual = standard.minus(per_capita).times(size);
    (per_capita, annual, annual.mul_div(1, 12))
}

/// The parameter set in force in the taper's first month, or the error naming the ranges there are.
fn taper_set<'a>(
    sets: &'a [Dated<DibaoParams>],
    t: &TaperInput,
    place: &str,
) -> Result<&'a Dated<DibaoParams>, CalcError> {
    let start = t
        .stopped_month
        .plus(1)
        .and_then(|m| m.first_day())
        .ok_or_else(|| {
            CalcError::new(
                "dibao.taper.stopped_month",
                "渐退期超出可计算的年份",
                "the taper period runs past the supported years",
            )
        })?;
    if let Some(set) = sets.iter().find(|s| s.covers(start)) {
        return Ok(set);
    }
    // The general rule may still give a set for this date (the last one known): use that one.
    let (p, _) = in_force(sets, start, Calculator::Dibao, place).map_err(|e| {
        CalcError::new(
            "dibao.taper.stopped_month",
            format!("渐退期从{}开始：{}", start.month().zh(), e.zh),
            format!("the taper starts {start}: {}", e.en),
        )
    })?;
    sets.iter()
        .find(|s| std::ptr::eq(&s.params, p))
        .ok_or_else(|| CalcError::new("dibao.as_of", "参数有误", "parameter set not found"))
}

fn range_zh<T>(set: &Dated<T>) -> String {
    match set.to {
        Some(to) => format!("{}至{}", set.from.zh(), to.zh()),
        None => format!("{}起", set.from.zh()),
    }
}

fn taper(
    t: &TaperInput,
    household: &Household,
    counted: u32,
    as_of: Date,
    set: &Dated<DibaoParams>,
    trace: &mut Tracer,
) -> Result<TaperResult, CalcError> {
    let p = &set.params;
    if counted == 0 {
        return Err(CalcError::new(
            "dibao.taper",
            "全家都享受特困供养，不计算低保，也没有低保渐退",
            "every member is in 特困 support: no 低保 and no taper",
        ));
    }
    check::amount(
        "dibao.taper.previous_annual_income",
        t.previous_annual_income,
    )?;
    if t.stopped_month > as_of.month() {
        return Err(CalcError::new(
            "dibao.taper.stopped_month",
            format!("收入超标的月份{}晚于计算日期{as_of}", t.stopped_month),
            "the month income rose is after the as-of date",
        ));
    }
    let (_, _, monthly) = benefit(t.previous_annual_income, counted, p.standard.v);
    if monthly == Money::ZERO {
        return Err(CalcError::new(
            "dibao.taper.previous_annual_income",
            "按原收入计算不享受低保金，没有渐退",
            "the previous income gave no benefit, so there is nothing to taper",
        ));
    }
    let months_p = if household.has_disabled_member {
        &p.taper_months_disabled
    } else {
        &p.taper_months
    };
    let path = if household.has_disabled_member {
        DibaoParams::taper_months_disabled
    } else {
        DibaoParams::taper_months
    };
    let months = months_p.v;
    let out_of_range = || {
        CalcError::new(
            "dibao.taper.stopped_month",
            "渐退期超出可计算的年份",
            "the taper period runs past the supported years",
        )
    };
    let first = t.stopped_month.plus(1).ok_or_else(out_of_range)?;
    let last = t.stopped_month.plus(months).ok_or_else(out_of_range)?;
    let now = as_of.month();
    let from = if now > first { now } else { first };
    let months_left = u32::try_from(from.months_until(last).saturating_add(1).max(0)).unwrap_or(0);
    let amount_left = monthly.times(months_left);
    {
        let mut c = trace.cites();
        cite!(c, months_p, path, format!("{months}个月"));
        cite!(
            c,
            p.standard,
            DibaoParams::standard,
            format!("{}/人/年", p.standard.v.zh())
        );
        step!(trace, c, "渐退期", format!(
            "{}收入超过标准，从{}起按原标准继续发放{months}个月{}，至{}止，按渐退开始时在力的参数（{}）；截至{}还剩{months_left}个月 × {monthly} = {amount_left}",
            t.stopped_month.zh(),
            first.zh(),
            if household.has_disabled_member { "（家中有残疾人）" } else { "" },
            last.zh(),
            range_zh(set),
            as_of.zh(),
        ), format!("还剩{months_left}个月，{}", amount_left.zh()));
    }
    Ok(TaperResult {
        months,
        first_month: first,
        last_month: last,
        months_left,
        monthly_benefit: monthly,
        amount_left,
        params_from: set.from,
        params_to: set.to,
    })
}
