//! 医疗救助: a rate of what is left after 基本医保 and 大病保险 on the visits it covers, for the
//! groups it names, up to its yearly limit. It must cover every visit 大病保险 covers (checked when
//! loading; see the note on attribution in `medical`).

use super::*;

pub(super) fn assistance_layer(
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
