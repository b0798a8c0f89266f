//! The readable Chinese explanation of a [`Summary`], as the command line prints it.

use crate::param::ASSUMPTION_NOTICE;
use crate::{Calculator, Category, Line, Status, Summary, Trace};
use std::fmt::Write;

pub fn render_text(s: &Summary) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "【{}】计算日期 {}", s.jurisdiction_name, s.as_of.zh());
    if s.uses_assumption {
        let _ = writeln!(
            out,
            "※ 部分数字是示例参数（标有“示例”），以当地最新文件为准。"
        );
    }
    for n in &s.notices {
        let _ = writeln!(out, "※ {}", n.zh);
    }
    // The answer the household wants comes first; what waits for a condition is listed apart.
    let answer = crate::plain::answer(s);
    let _ = writeln!(out, "\n答：");
    for line in &answer.now {
        let _ = writeln!(out, "  {line}");
    }
    if !answer.later.is_empty() {
        let _ = writeln!(out, "  条件还没满足的：");
        for line in &answer.later {
            let _ = writeln!(out, "  · {line}");
        }
    }
    if let Some(m) = &s.medical {
        let _ = writeln!(out, "\n一、{}", Calculator::Medical.zh());
        for p in &m.persons {
            let _ = writeln!(
                out,
                "  {}（{}）：{} {}，{} {}（{} {}，{} {}，{} {}，{} {}），{} {}，{} {}",
                p.name,
                p.category.zh(),
                Line::MedicalTotal.zh(),
                p.total.zh(),
                Line::Reimbursed.zh(),
                p.fund_total.zh(),
                Line::Basic.zh(),
                p.basic.zh(),
                Line::Serious.zh(),
                p.serious.zh(),
                Line::Assistance.zh(),
                p.assistance.zh(),
                Line::Backstop.zh(),
                p.full_aid.plus(p.ratio_topup).plus(p.cap_fund).zh(),
                Line::PatientPays.zh(),
                p.patient_total.zh(),
                Line::EffectiveRatio.zh(),
                p.effective_ratio.percent()
            );
            steps(&mut out, &p.trace, Some(p.category));
        }
    }
    if let Some(r) = &s.relocation {
        let _ = writeln!(out, "\n二、{}", Calculator::Relocation.zh());
        for item in r.items.iter().filter(|i| i.paid) {
            let when = match item.condition {
                None => String::new(),
                Some(c) => format!("（{}，已满足）", c.zh()),
            };
            let _ = writeln!(out, "  {}：{}{when}", item.name, item.amount.zh());
        }
        let _ = writeln!(out, "  {} {}", Line::HousingNow.zh(), r.paid_now.zh());
        if r.to_come != crate::Money::ZERO {
            let _ = writeln!(
                out,
                "  {} {}（不计入上面的数）：",
                Line::HousingToCome.zh(),
                r.to_come.zh()
            );
            for item in r.items.iter().filter(|i| !i.paid) {
                let left: Vec<&str> = item.waiting_for.iter().map(|c| c.zh()).collect();
                let _ = writeln!(
                    out,
                    "    · {}：{}，还要{}",
                    item.name,
                    item.amount.zh(),
                    left.join("、")
                );
            }
        }
        if let Some(pays) = r.household_pays {
            let _ = writeln!(out, "  {} {}", Line::HouseholdPays.zh(), pays.zh());
        }
        if r.area_over_cap == Some(true) {
            let _ = writeln!(
                out,
                "  ⚠ 住房面积超标准（上限 {}平方米）",
                r.area_cap_m2.unwrap_or(0)
            );
        }
        steps(&mut out, &r.trace, None);
    }
    if let Some(e) = &s.education {
        let _ = writeln!(out, "\n三、{}", Calculator::Education.zh());
        for c in &e.children {
            let _ = writeln!(
                out,
                "  {}（{}）：{} {}，{} {}",
                c.name,
                c.stage.zh(),
                Line::EducationGrants.zh(),
                c.grants_total.zh(),
                Line::EducationLoans.zh(),
                c.loans_total.zh()
            );
            for item in &c.items {
                let amount = item
                    .amount
                    .map_or_else(|| item.kind.zh().to_string(), |a| a.zh());
                let _ = writeln!(
                    out,
                    "    · {}：{}（{}，{}）",
                    item.name,
                    amount,
                    item.period.zh(),
                    item.kind.zh()
                );
            }
            steps(&mut out, &c.trace, None);
        }
    }
    if let Some(d) = &s.dibao {
        let _ = writeln!(out, "\n四、{}", Calculator::Dibao.zh());
        let tekun = d.tekun_members;
        if tekun > 0 && d.members_counted > 0 {
            let _ = writeln!(
                out,
                "  家中{tekun}人享受特困供养，不再计入低保；低保按{}人计算",
                d.members_counted
            );
        }
        if d.eligible {
            let _ = writeln!(
                out,
                "  {} {}（{} {}）",
                Line::DibaoMonthly.zh(),
                d.monthly_benefit.zh(),
                Line::DibaoYearly.zh(),
                d.annual_benefit.zh()
            );
        } else if d.members_counted == 0 {
            let _ = writeln!(out, "  全家都享受特困供养，不再计算低保");
        } else {
            let _ = writeln!(
                out,
                "  家庭人均收入 {} 不低于低保标准 {}，收入条件不符合",
                d.per_capita_income.zh(),
                d.standard.zh()
            );
        }
        if let Some(t) = &d.taper {
            let _ = writeln!(
                out,
                "  {}：{}至{}共{}个月；{} {}个月，{} {}，{} {}",
                Line::TaperPeriod.zh(),
                t.first_month.zh(),
                t.last_month.zh(),
                t.months,
                Line::TaperMonthsLeft.zh(),
                t.months_left,
                Line::TaperMonthly.zh(),
                t.monthly_benefit.zh(),
                Line::TaperAmountLeft.zh(),
                t.amount_left.zh()
            );
            let _ = writeln!(
                out,
                "  渐退期开始时已确定，按当时在力的参数（{}起）计算",
                t.params_from.zh()
            );
        }
        if d.tekun_annual != crate::Money::ZERO {
            let _ = writeln!(out, "  {} {}", Line::Tekun.zh(), d.tekun_annual.zh());
        }
        steps(&mut out, &d.trace, None);
    }
    let t = &s.totals;
    let _ = writeln!(
        out,
        "\n合计（按发放周期分开算，不同周期不相加；不含贷款）："
    );
    for (line, amount) in [
        (Line::OneTime, t.one_time),
        (Line::Yearly, t.yearly),
        (Line::Monthly, t.monthly),
    ] {
        if amount != crate::Money::ZERO {
            let _ = writeln!(out, "  {} {}", line.zh(), amount.zh());
        }
    }
    if t.one_time == crate::Money::ZERO
        && t.yearly == crate::Money::ZERO
        && t.monthly == crate::Money::ZERO
    {
        let _ = writeln!(out, "  {}", crate::Money::ZERO.zh());
    }
    if t.housing_to_come != crate::Money::ZERO {
        let _ = writeln!(
            out,
            "  另有{} {}（验收后发）",
            Line::HousingToCome.zh(),
            t.housing_to_come.zh()
        );
    }
    out
}

fn steps(out: &mut String, trace: &Trace, category: Option<Category>) {
    let _ = writeln!(out, "  为什么是这个数：");
    for (i, r) in crate::plain::reasons(trace, category).iter().enumerate() {
        let _ = writeln!(out, "   {}. {}", i.saturating_add(1), r.text);
        for f in &r.figures {
            let badge = if f.status == Status::A {
                ASSUMPTION_NOTICE
            } else {
                f.status.zh()
            };
            let src = f
                .src
                .as_deref()
                .map(|s| format!("；依据：{s}"))
                .unwrap_or_default();
            let _ = writeln!(out, "      - {}：{}（{badge}{src}）", f.label, f.value);
        }
    }
}
