//! Results and their reasons ("为什么是这个数"): every step with its numbers, the status of each
//! figure, 示例 where a figure is an assumption, and a link to the policy card that states it.

use crate::nobreak;
use crate::page::PageSetup;
use mingbai_calc::dibao::DibaoResult;
use mingbai_calc::education::EducationResult;
use mingbai_calc::medical::MedicalResult;
use mingbai_calc::present::{Part, Presentation, Shown};
use mingbai_calc::relocation::RelocationResult;
use mingbai_calc::{
    plain, Calculator, Category, Line, Money, Status, Summary, Trace, ASSUMPTION_NOTICE,
};
use mingbai_chart::Picture;
use yew::prelude::*;

/// A labelled figure. `out` is the figure's path in the engine's `Summary` (its JSON form), so a
/// test can read every figure on screen and compare it with `mingbai calc --json`.
fn line(label: &str, out: Option<String>, value: String) -> Html {
    html! { <li><span>{label.to_string()}</span><span data-out={out}>{nobreak::text(&value)}</span></li> }
}

fn out(path: String) -> Option<String> {
    Some(path)
}

fn shown(l: &Shown) -> Html {
    line(l.label(), l.out.map(|o| o.to_string()), l.value.zh())
}

/// The lines of the one presentation (`mingbai_calc::present`) a list shows: all but those where
/// zero means none and those the view has already said in a sentence above the list.
fn lines<'a>(ls: &'a [Shown], said: &'a [Line]) -> impl Iterator<Item = Html> + 'a {
    ls.iter()
        .filter(move |l| !l.quiet && !said.contains(&l.line))
        .map(shown)
}

fn badge(s: Status) -> Html {
    let class = format!("mb-badge mb-badge-{}", s.key());
    let text = s.zh();
    let title = if s == Status::A {
        Some(ASSUMPTION_NOTICE)
    } else {
        None
    };
    html! { <span {class} {title}>{text}</span> }
}

/// One figure a reason used: its Chinese name, value and status first (what a household reads),
/// then the source and the card that states it. The code path stays in `data-path` only.
fn figure(setup: &PageSetup, f: &plain::Figure) -> Html {
    html! {
        <li data-path={f.path.clone()}>
            {format!("{}：", f.label)}<strong>{&f.value}</strong>{" "}{ badge(f.status) }
            if let Some(src) = &f.src { {format!("。依据：{src}")} }
            if let Some(doc) = &f.doc {
                {" "}<a href={setup.card_url(doc)}>{"看政策明白卡"}</a>
            }
        </li>
    }
}

/// "为什么是这个数": numbered plain sentences from the engine, each with the figures it rests on.
/// The 示例 notice is said once for the result (see [`notice`]), each assumed figure keeps its mark.
pub fn trace(setup: &PageSetup, t: &Trace, category: Option<Category>) -> Html {
    html! {
        <details class="mb-why">
            <summary>{"为什么是这个数"}</summary>
            <ol class="mb-steps">
                { for plain::reasons(t, category).iter().map(|r| html! {
                    <li>
                        <p class="mb-step-text">{nobreak::text(&r.text)}</p>
                        if !r.figures.is_empty() {
                            <ul class="mb-params">{ for r.figures.iter().map(|f| figure(setup, f)) }</ul>
                        }
                    </li>
                }) }
            </ol>
        </details>
    }
}

/// The answer first, in words: what the household gets now (or pays), what waits for a condition
/// listed apart, and a 朗读 button that speaks the same answer (site/static/speak.js).
pub fn answer(s: &Summary) -> Html {
    let a = plain::answer(s);
    html! {
        <div class="mb-answer">
            { for a.now.iter().map(|l| html! { <p class="mb-answer-now">{nobreak::text(l)}</p> }) }
            if !a.later.is_empty() {
                <div class="mb-answer-later">
                    <p><strong>{"条件还没满足的（不算在上面）"}</strong></p>
                    <ul>{ for a.later.iter().map(|l| html! { <li>{nobreak::text(l)}</li> }) }</ul>
                </div>
            }
            <p><button type="button" class="mb-speak speak" data-speak={plain::spoken(s)}>{"朗读"}</button></p>
        </div>
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

pub fn medical(setup: &PageSetup, m: &MedicalResult, part: &Part) -> Html {
    html! {
        <>
            { for m.persons.iter().zip(&part.members).map(|(p, member)| {
                let pays = member.lines.iter().find(|l| l.line == Line::PatientPays);
                html! {
                    <section class="mb-person">
                        <h4>{format!("{}（{}）", member.name, member.about)}</h4>
                        if let Some(pays) = pays {
                            <p>{"自己一共付 "}<strong class="mb-total" data-out={pays.out.map(|o| o.to_string())}>{pays.value.zh()}</strong></p>
                        }
                        <ul class="mb-lines">{ for lines(&member.lines, &[Line::PatientPays]) }</ul>
                        { trace(setup, &p.trace, Some(p.category)) }
                    </section>
                }
            }) }
            if m.persons.len() > 1 {
                <ul class="mb-lines">
                    { for part.lines.iter().filter(|l| !l.quiet).map(|l| {
                        line(&format!("全家{}", l.label()), l.out.map(|o| o.to_string()), l.value.zh())
                    }) }
                </ul>
            }
        </>
    }
}

pub fn relocation(setup: &PageSetup, r: &RelocationResult, part: &Part) -> Html {
    html! {
        <>
            <p>{Line::HousingNow.zh()}{" "}<strong class="mb-total" data-out="relocation.paid_now">{r.paid_now.zh()}</strong></p>
            <ul class="mb-lines">
                { for r.items.iter().enumerate().filter(|(_, i)| i.paid).map(|(k, i)| {
                    let when = i.condition.map_or_else(String::new, |c| format!("（{}，已满足）", c.zh()));
                    line(&format!("{}{when}", i.name), out(format!("relocation.items[{k}].amount")), i.amount.zh())
                }) }
                { for lines(&part.lines, &[Line::HousingNow, Line::HousingToCome, Line::HousingToComeNeeds]) }
            </ul>
            if r.to_come != Money::ZERO {
                <p>{Line::HousingToCome.zh()}{"，不算在现在可领里 "}<strong data-out="relocation.to_come">{r.to_come.zh()}</strong></p>
                <ul class="mb-lines">
                    { for r.items.iter().enumerate().filter(|(_, i)| !i.paid).map(|(k, i)| {
                        let left: Vec<&str> = i.waiting_for.iter().map(|c| c.zh()).collect();
                        line(&format!("{}（还要{}）", i.name, left.join("、")), out(format!("relocation.items[{k}].amount")), i.amount.zh())
                    }) }
                </ul>
            }
            if r.self_funding_within_cap == Some(false) {
                <p class="mb-blocked">{"⚠ 家庭自筹超过上限，请向乡镇核实建房标准。"}</p>
            }
            if r.area_over_cap == Some(true) {
                <p class="mb-blocked">{format!("⚠ 住房面积超标准（人均上限{}平方米）", r.area_cap_m2.unwrap_or(0))}</p>
            }
            { trace(setup, &r.trace, None) }
        </>
    }
}

pub fn education(setup: &PageSetup, e: &EducationResult) -> Html {
    html! {
        <>
            <p>{Line::EducationGrants.zh()}{"（本学年） "}<strong class="mb-total" data-out="education.grants_total">{e.grants_total.zh()}</strong></p>
            if e.loans_total != Money::ZERO { <p>{Line::EducationLoans.zh()}{"，可申请 "}<strong data-out="education.loans_total">{e.loans_total.zh()}</strong></p> }
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
                    { trace(setup, &c.trace, None) }
                </section>
            }) }
        </>
    }
}

pub fn dibao(setup: &PageSetup, d: &DibaoResult, part: &Part) -> Html {
    html! {
        <>
            if let Some(t) = d.taper.as_ref().filter(|t| t.months_left > 0 && !d.eligible) {
                <p>{Line::TaperMonthly.zh()}{" "}<strong class="mb-total">{t.monthly_benefit.zh()}</strong>{format!("（还剩{}个月）", t.months_left)}</p>
            } else if d.eligible {
                <p>{Line::DibaoMonthly.zh()}{" "}<strong class="mb-total" data-out="dibao.monthly_benefit">{d.monthly_benefit.zh()}</strong></p>
            } else if d.members_counted == 0 {
                <p>{"全家都享受特困供养，领特困供养金，不再计算低保。"}</p>
            } else {
                <p>{format!("家庭人均收入{}不低于低保标准{}，收入条件不符合。", d.per_capita_income.zh(), d.standard.zh())}</p>
            }
            if d.tekun_members > 0 {
                <p>{format!("家中{}人享受特困供养，不再计入低保；低保按{}人计算（家庭收入不含特困供养金，示例算法）。", d.tekun_members, d.members_counted)}</p>
            }
            <ul class="mb-lines">
                { for lines(&part.lines, &[Line::MembersCounted, Line::DibaoMonthly]) }
            </ul>
            <p class="mb-hint">{"低保还要看家庭财产等条件，这里只算收入部分，以民政部门审核为准。"}</p>
            { trace(setup, &d.trace, None) }
        </>
    }
}

pub fn totals(shown: &Presentation) -> Html {
    html! {
        <>
            <p>{"全家可获得（按发放周期分开算，不同周期不相加；不含贷款）"}</p>
            <ul class="mb-lines">{ for lines(&shown.periods, &[]) }</ul>
            <ul class="mb-lines">{ for lines(&shown.kinds, &[]) }</ul>
        </>
    }
}

/// The pictures of one calculator's result (crates/mingbai-chart): SVG this crate's engine wrote
/// and escaped, the same as the worked examples show without JavaScript.
pub fn pictures(pictures: &[Picture], calc: Calculator) -> Html {
    let html: String = pictures
        .iter()
        .filter(|p| p.calculator == calc)
        .map(|p| p.html.as_str())
        .collect();
    if html.is_empty() {
        return html! {};
    }
    html! { <div class="pictures">{ Html::from_html_unchecked(AttrValue::from(html)) }</div> }
}
