//! 大病保险: on the year's cumulative remainder of the visits it covers, above its 起付线, paid band
//! by band; `serious.poor` lowers the 起付线, raises the bands' rates and can lift the yearly limit
//! for the groups it names. The clause behind each figure is the source of its parameter.

use super::*;

pub(super) fn serious_layer(
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
