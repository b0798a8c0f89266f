//! A result in plain words: the answer a household wants first ("今年看病您自己一共付…"), the
//! reasons as numbered sentences, and a text written for listening (朗读). Every page and the
//! command line take their sentences from here, so the spoken text and the printed one agree.

use crate::dibao::DibaoResult;
use crate::education::{ChildResult, EducationResult, Kind as EduKind, Period};
use crate::medical::MedicalResult;
use crate::relocation::RelocationResult;
use crate::{Category, Money, ParamUse, Rate, Status, Step, Summary, Trace};

/// The answer to a result: what is paid now (or what the household pays), and apart from it what
/// waits for a condition not met yet.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Answer {
    pub now: Vec<String>,
    pub later: Vec<String>,
}

impl Answer {
    fn extend(&mut self, other: Answer) {
        self.now.extend(other.now);
        self.later.extend(other.later);
    }
}

pub fn medical(m: &MedicalResult) -> Answer {
    let mut now = Vec::new();
    if let [p] = m.persons.as_slice() {
        now.push(format!(
            "今年看病您自己一共付{}（医保和救助报销{}）。",
            p.patient_total.zh(),
            p.fund_total.zh()
        ));
    } else {
        for p in &m.persons {
            now.push(format!(
                "{}今年看病自己一共付{}（医保和救助报销{}）。",
                p.name,
                p.patient_total.zh(),
                p.fund_total.zh()
            ));
        }
        now.push(format!(
            "全家自己一共付{}（医保和救助报销{}）。",
            m.patient_total.zh(),
            m.fund_total.zh()
        ));
    }
    Answer {
        now,
        later: Vec::new(),
    }
}

pub fn relocation(r: &RelocationResult) -> Answer {
    let paid: Vec<String> = r
        .items
        .iter()
        .filter(|i| i.paid)
        .map(|i| format!("{}{}", i.name, i.amount.zh()))
        .collect();
    let mut now = vec![if paid.is_empty() {
        "按所填情况，现在没有可领的住房补助。".to_string()
    } else if let [one] = paid.as_slice() {
        format!("现在可领{one}。")
    } else {
        format!(
            "现在可领住房补助{}（{}）。",
            r.paid_now.zh(),
            paid.join("，")
        )
    }];
    if let Some(pays) = r.household_pays {
        now.push(format!("建房家里还要自己出{}。", pays.zh()));
    }
    let mut later = Vec::new();
    if r.to_come != Money::ZERO {
        later.push(format!(
            "还有奖励{}要等条件满足后才发，不算在现在可领里：",
            r.to_come.zh()
        ));
        for i in r.items.iter().filter(|i| !i.paid) {
            let left: Vec<&str> = i.waiting_for.iter().map(|c| c.zh()).collect();
            later.push(format!(
                "{}{}，要等{}后才发。",
                i.name,
                i.amount.zh(),
                left.join("、")
            ));
        }
    }
    Answer { now, later }
}

fn child(c: &ChildResult) -> String {
    let who = format!("{}（{}）", c.name, c.stage.zh());
    if c.items.is_empty() {
        return format!("{who}按所填情况，没有符合条件的资助。");
    }
    let of = |kind: EduKind, period: Option<Period>| -> Vec<String> {
        c.items
            .iter()
            .filter(|i| i.kind == kind && period.is_none_or(|p| i.period == p))
            .map(|i| match i.amount {
                Some(a) => format!("{}{}", i.name, a.zh()),
                None => i.name.clone(),
            })
            .collect()
    };
    let annual: Money = Money::sum(
        c.items
            .iter()
            .filter(|i| i.kind == EduKind::Grant && i.period == Period::Annual)
            .filter_map(|i| i.amount),
    );
    let mut parts = Vec::new();
    let yearly = of(EduKind::Grant, Some(Period::Annual));
    if !yearly.is_empty() {
        parts.push(format!(
            "这个学年可领补助{}（{}）",
            annual.zh(),
            yearly.join("，")
        ));
    }
    let once = of(EduKind::Grant, Some(Period::Once));
    if !once.is_empty() {
        parts.push(format!("一次性补助{}", once.join("，")));
    }
    let waived = of(EduKind::Waiver, None);
    if !waived.is_empty() {
        // the items' own names say what is waived ("免学杂费")
        parts.push(format!("还可享受{}", waived.join("，")));
    }
    let loans = of(EduKind::Loan, None);
    if !loans.is_empty() {
        parts.push(format!("可以申请贷款{}，贷款要还", loans.join("，")));
    }
    format!("{who}{}。", parts.join("；"))
}

pub fn education(e: &EducationResult) -> Answer {
    Answer {
        now: e.children.iter().map(child).collect(),
        later: Vec::new(),
    }
}

pub fn dibao(d: &DibaoResult) -> Answer {
    let mut now = Vec::new();
    let tapering = d.taper.as_ref().filter(|t| t.months_left > 0);
    // A family still paid in its 渐退 months hears that first: the income test it no longer
    // passes is why the payments end, not what it gets now.
    if let Some(t) = tapering {
        now.push(format!(
            "您家在渐退期，还能领{}个月，每月{}，一共{}。",
            t.months_left,
            t.monthly_benefit.zh(),
            t.amount_left.zh()
        ));
    }
    if d.eligible {
        now.push(format!(
            "您家每月可领低保金{}（每年{}）。",
            d.monthly_benefit.zh(),
            d.annual_benefit.zh()
        ));
    } else if d.members_counted == 0 {
        now.push("全家都享受特困供养，不再计算低保。".to_string());
    } else if tapering.is_some() {
        now.push(format!(
            "渐退期满以后就不再发：按所填收入，家庭每人每年{}，不低于低保标准{}。",
            d.per_capita_income.zh(),
            d.standard.zh()
        ));
    } else if let Some(t) = &d.taper {
        now.push(format!(
            "渐退期已在{}结束；按所填收入，家庭每人每年{}，不低于低保标准{}，不符合低保收入条件。",
            t.last_month.zh(),
            d.per_capita_income.zh(),
            d.standard.zh()
        ));
    } else {
        now.push(format!(
            "按所填收入，家庭每人每年{}，不低于低保标准{}，不符合低保收入条件。",
            d.per_capita_income.zh(),
            d.standard.zh()
        ));
    }
    if d.tekun_members > 0 && d.tekun_annual != Money::ZERO {
        now.push(format!(
            "家中{}人享受特困供养，每年特困供养金{}。",
            d.tekun_members,
            d.tekun_annual.zh()
        ));
    }
    Answer {
        now,
        later: Vec::new(),
    }
}

/// The whole household's answer per period: amounts paid once, yearly and monthly are named
/// apart and never added together.
pub fn totals(s: &Summary) -> String {
    let t = &s.totals;
    let parts: Vec<String> = [
        ("一次性", t.one_time),
        ("每年", t.yearly),
        ("每月", t.monthly),
    ]
    .into_iter()
    .filter(|(_, m)| *m != Money::ZERO)
    .map(|(p, m)| format!("{p}{}", m.zh()))
    .collect();
    if parts.is_empty() {
        return "按所填情况，全家现在没有可领的钱。".to_string();
    }
    let mut out = format!("全家可领：{}", parts.join("，"));
    if parts.len() > 1 {
        out.push_str("（不同周期的钱分开算，不相加）");
    }
    if t.education_loans != Money::ZERO {
        out.push_str(&format!(
            "；另可申请助学贷款{}，要还",
            t.education_loans.zh()
        ));
    }
    out.push('。');
    out
}

/// Every calculator's answer in the engine's order, and the per-period line when more than one
/// calculator was asked.
pub fn answer(s: &Summary) -> Answer {
    let mut a = Answer::default();
    let mut asked = 0u8;
    if let Some(m) = &s.medical {
        a.extend(medical(m));
        asked = asked.saturating_add(1);
    }
    if let Some(r) = &s.relocation {
        a.extend(relocation(r));
        asked = asked.saturating_add(1);
    }
    if let Some(e) = &s.education {
        a.extend(education(e));
        asked = asked.saturating_add(1);
    }
    if let Some(d) = &s.dibao {
        a.extend(dibao(d));
        asked = asked.saturating_add(1);
    }
    if asked > 1 {
        a.now.push(totals(s));
    }
    a
}

/// The text the 朗读 button speaks for a result: the answer, what waits for a condition, and the
/// 示例 notice, written for listening.
pub fn spoken(s: &Summary) -> String {
    let a = answer(s);
    let mut parts = a.now;
    parts.extend(a.later);
    if s.uses_assumption {
        parts.push("部分数字是示例参数，以当地最新文件为准。".to_string());
    }
    for n in &s.notices {
        parts.push(n.zh.clone());
    }
    for_listening(&parts.join(""))
}

/// The text spoken for one calculator's answer (the browser's 朗读 button under a result).
pub fn spoken_answer(a: &Answer, uses_assumption: bool) -> String {
    let mut parts = a.now.clone();
    parts.extend(a.later.iter().cloned());
    if uses_assumption {
        parts.push("部分数字是示例参数，以当地最新文件为准。".to_string());
    }
    for_listening(&parts.join(""))
}

/// The text the 朗读 button of a policy card speaks: its title, summary, key figures (Chinese
/// label and value, as the card prints them), how to apply, and the 示例 notice when the card uses
/// an assumption.
pub fn card_spoken(
    title: &str,
    summary: &str,
    figures: &[(String, String)],
    how_to_apply: &str,
    assumed: bool,
) -> String {
    let mut text = format!("{title}。{summary}");
    if !text.ends_with('。') {
        text.push('。');
    }
    if !figures.is_empty() {
        let said: Vec<String> = figures
            .iter()
            .map(|(label, value)| format!("{label}，{value}"))
            .collect();
        text.push_str(&format!("主要数字：{}。", said.join("；")));
    }
    if !how_to_apply.is_empty() {
        text.push_str(&format!("怎么办理：{how_to_apply}"));
        if !text.ends_with('。') {
            text.push('。');
        }
    }
    if assumed {
        text.push_str("标示例的数字是示例参数，以当地最新文件为准。");
    }
    for_listening(&text)
}

// ---------------------------------------------------------------- listening

/// An amount as it is said: 7306.10 → "7306元1角", 0.05 → "5分", 1000.00 → "1000元",
/// 12.04 → "12元零4分". Digits stay digits: every Chinese voice reads them as a number.
pub fn money_spoken(m: Money) -> String {
    let fen = m.fen();
    let sign = if fen < 0 { "负" } else { "" };
    let abs = fen.unsigned_abs();
    let (yuan, jiao, f) = (abs / 100, abs / 10 % 10, abs % 10);
    let mut out = sign.to_string();
    if yuan > 0 || (jiao == 0 && f == 0) {
        out.push_str(&format!("{yuan}元"));
    }
    if jiao > 0 {
        out.push_str(&format!("{jiao}角"));
    } else if yuan > 0 && f > 0 {
        out.push('零');
    }
    if f > 0 {
        out.push_str(&format!("{f}分"));
    }
    out
}

/// Rewrites printed text for a voice: amounts in 元/角/分, "65%" as "百分之65", no symbols,
/// brackets turned into pauses.
pub fn for_listening(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::new();
    let mut i = 0usize;
    while let Some(&c) = chars.get(i) {
        if c.is_ascii_digit() {
            let start = i;
            while chars
                .get(i)
                .is_some_and(|c| c.is_ascii_digit() || *c == '.' || *c == ',')
            {
                i = i.saturating_add(1);
            }
            let mut number: String = chars
                .get(start..i)
                .unwrap_or_default()
                .iter()
                .filter(|c| **c != ',')
                .collect();
            // a sentence's full stop is not a decimal point
            while number.ends_with('.') {
                number.pop();
            }
            let mut after = i;
            while chars.get(after) == Some(&' ') {
                after = after.saturating_add(1);
            }
            match chars.get(after) {
                Some('元') => {
                    match Money::parse(&number) {
                        Ok(m) => out.push_str(&money_spoken(m)),
                        Err(_) => {
                            out.push_str(&number);
                            out.push('元');
                        }
                    }
                    i = after.saturating_add(1);
                }
                Some('%') => {
                    out.push_str("百分之");
                    out.push_str(&number);
                    i = after.saturating_add(1);
                }
                _ => out.push_str(&number),
            }
            continue;
        }
        match c {
            '（' | '(' | '）' | ')' | '·' | '；' | ';' | '：' | ':' => out.push('，'),
            '×' => out.push('乘'),
            '−' => out.push('减'),
            '+' => out.push('加'),
            '=' => out.push_str("等于"),
            '¥' | '￥' | '※' | '⚠' | '“' | '”' | '"' | '*' | '|' => {}
            c if c.is_whitespace() => {}
            c => out.push(c),
        }
        i = i.saturating_add(1);
    }
    tidy(&out)
}

/// Collapses the pauses brackets leave ("，，", "，。", a leading "，").
fn tidy(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        let last = out.chars().last();
        match (last, c) {
            (None, '，' | '。' | '、') => {}
            (Some('，' | '。' | '、'), '，') => {}
            (Some('，' | '、'), '。') => {
                out.pop();
                out.push('。');
            }
            _ => out.push(c),
        }
    }
    while out.ends_with('，') {
        out.pop();
    }
    out
}

// ---------------------------------------------------------------- 为什么是这个数

/// One figure a reason rests on, as a page shows it: its Chinese name, never its code path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Figure {
    pub label: String,
    pub value: String,
    pub status: Status,
    pub src: Option<String>,
    /// The card (content slug) that states it: the clause link.
    pub doc: Option<String>,
    /// The code path, for `data-` attributes and the JSON output only.
    pub path: String,
}

/// One numbered reason: a plain sentence and the figures it uses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reason {
    pub text: String,
    pub figures: Vec<Figure>,
}

fn figure(p: &ParamUse) -> Figure {
    Figure {
        label: crate::labels::param_label(&p.path).unwrap_or_else(|| "政策规定".to_string()),
        value: p.value.clone(),
        status: p.status,
        src: p.src.clone(),
        doc: p.doc.clone(),
        path: p.path.clone(),
    }
}

/// The reasons of a trace in plain sentences. `category` is the household's, for saying why a
/// figure was lowered or raised ("您是建档立卡户，起付线减半").
pub fn reasons(t: &Trace, category: Option<Category>) -> Vec<Reason> {
    t.steps
        .iter()
        .map(|s| Reason {
            text: sentence(s, category),
            figures: s.params.iter().map(figure).collect(),
        })
        .collect()
}

fn find<'a>(s: &'a Step, suffix: &str) -> Option<&'a ParamUse> {
    s.params.iter().find(|p| p.path.ends_with(suffix))
}

/// "60%" → 6000 parts per 10 000; "+5%" → 500.
fn rate_of(text: &str) -> Option<i64> {
    let t = text.trim().trim_start_matches('+').trim_end_matches('%');
    Money::parse(t).ok().map(Money::fen)
}

fn sentence(s: &Step, category: Option<Category>) -> String {
    let who = category.map_or_else(
        || "困难群众".to_string(),
        |c| c.zh().trim_end_matches('）').replace('（', "、"),
    );
    let mut lead = Vec::new();
    // The 起付线 and 报销比例 a poor household gets are the general ones changed by a rule: say
    // how, with the numbers, before the formula that uses them.
    let lowered_pairs = [
        (".deductible", "poor.deductible_factor", "起付线"),
        (
            "serious.threshold",
            "poor.threshold_factor",
            "大病保险起付线",
        ),
    ];
    for (d, f, name) in lowered_pairs
        .iter()
        .filter_map(|(base, factor, name)| Some((find(s, base)?, find(s, factor)?, name)))
    {
        let factor = f.value.trim_start_matches('×');
        if let (Ok(base), Ok(k)) = (Money::parse(&d.value), Money::parse(factor)) {
            let lowered = base.mul_rate(Rate::from_per_10k(
                u32::try_from(k.fen().saturating_mul(100)).unwrap_or(0),
            ));
            let how = match k.fen() {
                0 => "免除".to_string(),
                50 => "减半".to_string(),
                _ => "降低".to_string(),
            };
            lead.push(format!(
                "您是{who}，{name}{how}：{} × {factor} = {}",
                base.zh(),
                lowered.zh()
            ));
        }
    }
    if let (Some(r), Some(b)) = (
        s.params
            .iter()
            .find(|p| p.path.ends_with(".rate") && !p.path.contains("assistance")),
        find(s, "_rate_bonus"),
    ) {
        if let (Some(base), Some(bonus)) = (rate_of(&r.value), rate_of(&b.value)) {
            let sum = Rate::from_per_10k(u32::try_from(base.saturating_add(bonus)).unwrap_or(0));
            let points = Rate::from_per_10k(u32::try_from(bonus).unwrap_or(0)).percent();
            lead.push(format!(
                "报销比例{} 加 {} 个百分点 = {}",
                r.value,
                points.trim_end_matches('%'),
                sum.percent()
            ));
        }
    }
    let mut out = String::new();
    for l in lead {
        out.push_str(&l);
        out.push('。');
    }
    out.push_str(&format!(
        "{}：{}，得{}。",
        s.label,
        amounts(&s.formula),
        s.result
    ));
    out
}

/// "172000.00" → "172000元" in a formula: an amount with 分 reads as money, not as a code.
fn amounts(formula: &str) -> String {
    let chars: Vec<char> = formula.chars().collect();
    let mut out = String::new();
    let mut i = 0usize;
    while let Some(&c) = chars.get(i) {
        if !c.is_ascii_digit() {
            out.push(c);
            i = i.saturating_add(1);
            continue;
        }
        let start = i;
        while chars
            .get(i)
            .is_some_and(|c| c.is_ascii_digit() || *c == '.')
        {
            i = i.saturating_add(1);
        }
        let number: String = chars.get(start..i).unwrap_or_default().iter().collect();
        let next = chars.get(i).copied();
        let is_money = number.split_once('.').is_some_and(|(_, f)| f.len() == 2)
            && !matches!(next, Some('%' | '元'));
        match Money::parse(&number) {
            Ok(m) if is_money => out.push_str(&m.zh()),
            _ => out.push_str(&number),
        }
    }
    out
}

/// Whether any figure of the reasons is an assumption: the result then carries the 示例 notice
/// once (each such figure keeps only its 示例 mark).
pub fn any_assumed(reasons: &[Reason]) -> bool {
    reasons
        .iter()
        .flat_map(|r| &r.figures)
        .any(|f| f.status == Status::A)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_said_in_yuan_jiao_fen() {
        assert_eq!(money_spoken(Money::from_fen(5)), "5分");
        assert_eq!(money_spoken(Money::from_fen(100_000)), "1000元");
        assert_eq!(money_spoken(Money::from_fen(730_610)), "7306元1角");
        assert_eq!(money_spoken(Money::from_fen(1_204)), "12元零4分");
        assert_eq!(money_spoken(Money::from_fen(1_234)), "12元3角4分");
        assert_eq!(money_spoken(Money::from_fen(50)), "5角");
        assert_eq!(money_spoken(Money::ZERO), "0元");
    }

    #[test]
    fn text_for_listening_has_no_symbols() {
        assert_eq!(
            for_listening("今年看病您自己一共付7306.10元（医保和救助报销92693.90元）。"),
            "今年看病您自己一共付7306元1角，医保和救助报销92693元9角。"
        );
        assert_eq!(
            for_listening("报销比例 65%，¥ 2000 × 0.5 = 1000元。"),
            "报销比例百分之65，2000乘0.5等于1000元。"
        );
    }

    #[test]
    fn every_cited_path_has_a_label() {
        for path in [
            "medical.basic.inpatient.city.deductible",
            crate::medical::BasicPoor::deductible_factor,
            crate::medical::SeriousParams::bands,
            crate::medical::OopCap::province,
            "relocation.rewards.demolition.per_person",
            "education.items.yulu.amount",
            crate::dibao::DibaoParams::taper_months,
        ] {
            let l = crate::labels::param_label(path);
            assert!(l.is_some(), "{path}");
            assert!(!l.unwrap_or_default().contains('.'), "{path}");
        }
    }

    #[test]
    fn a_lowered_deductible_and_a_raised_rate_are_said_in_words() {
        let p = |path: &str, value: &str| ParamUse {
            path: path.into(),
            value: value.into(),
            status: Status::A,
            src: None,
            doc: None,
        };
        let step = Step {
            label: "基本医保：第1次就诊".into(),
            formula: "(合规 25000.00 − 起付线 1000.00) × 65% = 15600.00".into(),
            result: "15600元".into(),
            params: vec![
                p("medical.basic.inpatient.city.deductible", "2000元"),
                p("medical.basic.inpatient.city.rate", "60%"),
                p(crate::medical::BasicPoor::inpatient_rate_bonus, "+5%"),
                p(crate::medical::BasicPoor::deductible_factor, "×0.5"),
            ],
        };
        let text = sentence(&step, Some(Category::Jiandang));
        assert!(text.contains("起付线减半：2000元 × 0.5 = 1000元"), "{text}");
        assert!(text.contains("报销比例60% 加 5 个百分点 = 65%"), "{text}");
        assert!(text.contains("(合规 25000元 − 起付线 1000元) × 65% = 15600元"));
    }
}
