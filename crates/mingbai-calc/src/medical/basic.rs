//! 基本医保: visit by visit, in date order. An inpatient stay pays its hospital level's 起付线 and
//! that level's rate on the compliant amount above it; 门诊慢特病 visits share one yearly 起付线 and
//! a yearly cap. The groups named in `basic.poor` (建档立卡 and others) get its 起付线 factor for
//! inpatient stays and its rate bonus. The clause behind each figure is its parameter's source,
//! which every step cites.

use super::*;

pub(super) fn basic_layer(
    visits: &[Visit],
    category: Category,
    disabled: bool,
    p: &MedicalParams,
    t: &mut Tracer,
) -> Buf<Money> {
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
    let mut out = Buf::from_fn(visits.len(), |_| Money::ZERO);
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
        if let Some(o) = out.get_mut(i) {
            *o = pay;
        }
    }
    out
}
