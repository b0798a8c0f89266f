//! 兜底: what a jurisdiction adds after the three layers, each optional — full aid of the
//! compliant cost in named places (阜平), a minimum inpatient ratio (镇巴), and a yearly cap on what
//! the patient pays by hospital level (Shanxi's "136"). Each covers only the visits in its scope,
//! and the yearly layers are counted towards those visits first (see `medical`).

use super::*;

pub(super) fn in_place(rule: &FullAid, household: &Household) -> bool {
    rule.places.is_empty()
        || household
            .place
            .as_ref()
            .is_some_and(|p| rule.places.contains(p))
}

pub(super) fn full_aid_layer(
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
pub(super) fn ratio_layer(
    rule: &MinInpatientRatio,
    category: Category,
    disabled: bool,
    visits: &[Visit],
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
pub(super) fn cap_layer(
    rule: &OopCap,
    visits: &[Visit],
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
