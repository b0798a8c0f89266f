//! Results and their reasons ("为什么是这个数"): every step with its numbers, the status of each
//! figure, 示例 where a figure is an assumption, and a link to the policy card that states it.

use crate::page::PageSetup;
use mingbai_calc::dibao::DibaoResult;
use mingbai_calc::education::EducationResult;
use mingbai_calc::medical::MedicalResult;
use mingbai_calc::relocation::RelocationResult;
use mingbai_calc::{Money, ParamUse, Status, Summary, Trace, ASSUMPTION_NOTICE};
use yew::prelude::*;

/// A labelled figure. `out` is the figure's path in the engine's `Summary` (its JSON form), so a
/// test can read every figure on screen and compare it with `mingbai calc --json`.
fn line(label: &str, out: Option<String>, value: String) -> Html {
    html! { <li><span>{label.to_string()}</span><span data-out={out}>{value}</span></li> }
}

fn out(path: String) -> Option<String> {
    Some(path)
}

fn badge(s: Status) -> Html {
    let (class, text) = match s {
        Status::S => ("mb-badge mb-badge-S", "种子报告"),
        Status::V => ("mb-badge mb-badge-V", "公开报道"),
        Status::R => ("mb-badge mb-badge-R", "国家规定"),
        Status::L => ("mb-badge mb-badge-L", "省级规定"),
        Status::A => ("mb-badge mb-badge-A", "示例"),
    };
    let title = if s == Status::A {
        Some(ASSUMPTION_NOTICE)
    } else {
        None
    };
    html! { <span {class} {title}>{text}</span> }
}

/// One figure a step used: value and status first (what a household reads), then the source,
/// the card that states it, and the parameter's path (for a cadre checking the content).
fn param(setup: &PageSetup, p: &ParamUse) -> Html {
    html! {
        <li>
            <strong>{&p.value}</strong>{" "}{ badge(p.status) }
            if p.status == Status::A { {format!(" {ASSUMPTION_NOTICE}")} }
            if let Some(src) = &p.src { {format!("。依据：{src}")} }
            if let Some(doc) = &p.doc {
                {" "}<a href={setup.card_url(doc)}>{"看政策明白卡"}</a>
            }
            {" "}<code class="mb-path">{&p.path}</code>
        </li>
    }
}

pub fn trace(setup: &PageSetup, t: &Trace) -> Html {
    html! {
        <details class="mb-why">
            <summary>{"为什么是这个数"}</summary>
            <ol class="mb-steps">
                { for t.steps.iter().map(|s| html! {
                    <li>
                        <span class="mb-step-label">{&s.label}</span>
                        <code class="mb-formula">{&s.formula}</code>
                        <span>{"结果："}</span><span class="mb-step-result">{&s.result}</span>
                        if !s.params.is_empty() {
                            <ul class="mb-params">{ for s.params.iter().map(|p| param(setup, p)) }</ul>
                        }
                    </li>
                }) }
            </ol>
        </details>
    }
}

pub fn notice(uses_assumption: bool) -> Html {
    if !uses_assumption {
        return html! {};
    }
    html! {
        <p class="mb-notice">
            { badge(Status::A) }{format!(" 结果用到了标“示例”的参数：{ASSUMPTION_NOTICE}。")}
        </p>
    }
}

/// The date is after the last day the parameters are known for: the result uses the last known
/// standard, and says so before any figure.
pub fn date_notices(notices: &[mingbai_calc::Notice]) -> Html {
    html! {
        { for notices.iter().map(|n| html! { <p class="mb-notice mb-notice-date">{ &n.zh }</p> }) }
    }
}

pub fn medical(setup: &PageSetup, m: &MedicalResult) -> Html {
    html! {
        <>
            { for m.persons.iter().enumerate().map(|(i, p)| {
                let at = format!("medical.persons[{i}]");
                let backstop = p.full_aid.plus(p.ratio_topup).plus(p.cap_fund);
                html! {
                    <section class="mb-person">
                        <h4>{format!("{}（{}）", p.name, p.category.zh())}</h4>
                        <p>{"报销合计 "}<strong class="mb-total" data-out={format!("{at}.fund_total")}>{p.fund_total.zh()}</strong></p>
                        <ul class="mb-lines">
                            { line("医疗总费用", out(format!("{at}.total")), p.total.zh()) }
                            { line("其中合规费用", out(format!("{at}.compliant")), p.compliant.zh()) }
                            { line("基本医保", out(format!("{at}.basic")), p.basic.zh()) }
                            { line("大病保险", out(format!("{at}.serious")), p.serious.zh()) }
                            { line("医疗救助", out(format!("{at}.assistance")), p.assistance.zh()) }
                            if backstop != Money::ZERO { { line("兜底保障", None, backstop.zh()) } }
                            { line("个人负担（合规内）", out(format!("{at}.patient_compliant")), p.patient_compliant.zh()) }
                            { line("个人负担（目录外）", out(format!("{at}.patient_noncompliant")), p.patient_noncompliant.zh()) }
                            { line("个人共负担", out(format!("{at}.patient_total")), p.patient_total.zh()) }
                            { line("实际报销比例", out(format!("{at}.effective_ratio")), p.effective_ratio.percent()) }
                            if let Some(cap) = p.cap { { line("个人年度自付封顶", out(format!("{at}.cap")), cap.zh()) } }
                        </ul>
                        { trace(setup, &p.trace) }
                    </section>
                }
            }) }
            if m.persons.len() > 1 {
                <ul class="mb-lines">
                    { line("全家报销合计", out("medical.fund_total".into()), m.fund_total.zh()) }
                    { line("全家个人负担", out("medical.patient_total".into()), m.patient_total.zh()) }
                </ul>
            }
        </>
    }
}

pub fn relocation(setup: &PageSetup, r: &RelocationResult) -> Html {
    html! {
        <>
            <p>{"补助合计 "}<strong class="mb-total" data-out="relocation.total">{r.total.zh()}</strong></p>
            <ul class="mb-lines">
                { for r.items.iter().enumerate().map(|(k, i)| {
                    let when = match (i.condition, i.paid) {
                        (None, _) => String::new(),
                        (Some(c), true) => format!("（{}，已满足）", c.zh()),
                        (Some(c), false) => format!("（{}后发放）", c.zh()),
                    };
                    line(&format!("{}{when}", i.name), out(format!("relocation.items[{k}].amount")), i.amount.zh())
                }) }
                { line("现在可领", out("relocation.paid_now".into()), r.paid_now.zh()) }
                if let Some(pays) = r.household_pays { { line("家庭还需自筹", out("relocation.household_pays".into()), pays.zh()) } }
                if let Some(cap) = r.self_funding_cap { { line("自筹上限", out("relocation.self_funding_cap".into()), cap.zh()) } }
            </ul>
            if r.self_funding_within_cap == Some(false) {
                <p class="mb-blocked">{"⚠ 家庭自筹超过上限，请向乡镇核实建房标准。"}</p>
            }
            if r.area_over_cap == Some(true) {
                <p class="mb-blocked">{format!("⚠ 住房面积超标准（人均上限{}平方米）", r.area_cap_m2.unwrap_or(0))}</p>
            }
            { trace(setup, &r.trace) }
        </>
    }
}

pub fn education(setup: &PageSetup, e: &EducationResult) -> Html {
    html! {
        <>
            <p>{"本学年补助合计 "}<strong class="mb-total" data-out="education.grants_total">{e.grants_total.zh()}</strong></p>
            if e.loans_total != Money::ZERO { <p>{"可申请助学贷款 "}<strong data-out="education.loans_total">{e.loans_total.zh()}</strong></p> }
            { for e.children.iter().enumerate().map(|(ci, c)| html! {
                <section class="mb-child">
                    <h4>{format!("{}（{}）", c.name, c.stage.zh())}</h4>
                    if c.items.is_empty() { <p>{"按所填情况，没有符合条件的资助项目。"}</p> }
                    <ul class="mb-lines">
                        { for c.items.iter().enumerate().map(|(k, i)| {
                            let amount = i.amount.map_or_else(|| i.kind.zh().to_string(), |a| a.zh());
                            line(&format!("{}（{}，{}）", i.name, i.period.zh(), i.kind.zh()), i.amount.and(out(format!("education.children[{ci}].items[{k}].amount"))), amount)
                        }) }
                    </ul>
                    { trace(setup, &c.trace) }
                </section>
            }) }
        </>
    }
}

pub fn dibao(setup: &PageSetup, d: &DibaoResult) -> Html {
    html! {
        <>
            if d.eligible {
                <p>{"每月低保金 "}<strong class="mb-total" data-out="dibao.monthly_benefit">{d.monthly_benefit.zh()}</strong></p>
            } else {
                <p>{format!("家庭人均收入{}不低于低保标准{}，收入条件不符合。", d.per_capita_income.zh(), d.standard.zh())}</p>
            }
            <ul class="mb-lines">
                { line("家庭人均年收入", out("dibao.per_capita_income".into()), d.per_capita_income.zh()) }
                { line("低保标准（每人每年）", out("dibao.standard".into()), d.standard.zh()) }
                if d.eligible { { line("每年低保金", out("dibao.annual_benefit".into()), d.annual_benefit.zh()) } }
                if let Some(t) = &d.taper {
                    { line("渐退期", None, format!("{}至{}，共{}个月", t.first_month.zh(), t.last_month.zh(), t.months)) }
                    { line("还剩", out("dibao.taper.months_left".into()), format!("{}个月", t.months_left)) }
                    { line("渐退期每月", out("dibao.taper.monthly_benefit".into()), t.monthly_benefit.zh()) }
                    { line("渐退期还可领", out("dibao.taper.amount_left".into()), t.amount_left.zh()) }
                }
                if d.tekun_annual != Money::ZERO { { line("特困供养金（每年）", out("dibao.tekun_annual".into()), d.tekun_annual.zh()) } }
            </ul>
            <p class="mb-hint">{"低保还要看家庭财产等条件，这里只算收入部分，以民政部门审核为准。"}</p>
            { trace(setup, &d.trace) }
        </>
    }
}

pub fn totals(s: &Summary) -> Html {
    let t = &s.totals;
    html! {
        <>
            <p>{"全家可获得 "}<strong class="mb-total" data-out="totals.received">{t.received.zh()}</strong>{"（不含贷款）"}</p>
            <ul class="mb-lines">
                if s.medical.is_some() {
                    { line("医疗报销", out("totals.medical_reimbursed".into()), t.medical_reimbursed.zh()) }
                    { line("看病个人负担", out("totals.medical_patient_pays".into()), t.medical_patient_pays.zh()) }
                }
                if s.relocation.is_some() { { line("住房补助", out("totals.housing_subsidy".into()), t.housing_subsidy.zh()) } }
                if s.education.is_some() {
                    { line("教育补助", out("totals.education_grants".into()), t.education_grants.zh()) }
                    { line("助学贷款（需归还）", out("totals.education_loans".into()), t.education_loans.zh()) }
                }
                if s.dibao.is_some() { { line("低保与特困供养", out("totals.social_assistance".into()), t.social_assistance.zh()) } }
            </ul>
        </>
    }
}
