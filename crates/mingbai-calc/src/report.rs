//! The readable Chinese explanation of a [`Summary`], as the command line prints it.

use crate::param::ASSUMPTION_NOTICE;
use crate::{Status, Summary, Trace};
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
    if let Some(m) = &s.medical {
        let _ = writeln!(out, "\n一、医疗费用报销");
        for p in &m.persons {
            let _ = writeln!(
                out,
                "  {}（{}）：总费用 {}，报销 {}（基本医保 {}，大病保险 {}，医疗救助 {}，兜底 {}），个人负担 {}，实际报销比例 {}",
                p.name,
                p.category.zh(),
                p.total.zh(),
                p.fund_total.zh(),
                p.basic.zh(),
                p.serious.zh(),
                p.assistance.zh(),
                p.full_aid.plus(p.ratio_topup).plus(p.cap_fund).zh(),
                p.patient_total.zh(),
                p.effective_ratio.percent()
            );
            steps(&mut out, &p.trace);
        }
    }
    if let Some(r) = &s.relocation {
        let _ = writeln!(out, "\n二、住房补助");
        for item in &r.items {
            let when = match (item.condition, item.paid) {
                (None, _) => String::new(),
                (Some(c), true) => format!("（{}，已满足）", c.zh()),
                (Some(c), false) => format!("（{}后发放）", c.zh()),
            };
            let _ = writeln!(out, "  {}：{}{when}", item.name, item.amount.zh());
        }
        let _ = writeln!(
            out,
            "  合计 {}，其中现已可领 {}",
            r.total.zh(),
            r.paid_now.zh()
        );
        if let Some(pays) = r.household_pays {
            let _ = writeln!(out, "  家庭还需自筹 {}", pays.zh());
        }
        if r.area_over_cap == Some(true) {
            let _ = writeln!(
                out,
                "  ⚠ 住房面积超标准（上限 {}平方米）",
                r.area_cap_m2.unwrap_or(0)
            );
        }
        steps(&mut out, &r.trace);
    }
    if let Some(e) = &s.education {
        let _ = writeln!(out, "\n三、教育资助");
        for c in &e.children {
            let _ = writeln!(
                out,
                "  {}（{}）：补助 {}，可申请贷款 {}",
                c.name,
                c.stage.zh(),
                c.grants_total.zh(),
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
            steps(&mut out, &c.trace);
        }
    }
    if let Some(d) = &s.dibao {
        let _ = writeln!(out, "\n四、低保");
        if d.eligible {
            let _ = writeln!(
                out,
                "  每月低保金 {}（每年 {}）",
                d.monthly_benefit.zh(),
                d.annual_benefit.zh()
            );
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
                "  渐退：{}至{}共{}个月，还剩{}个月，每月 {}，共 {}",
                t.first_month.zh(),
                t.last_month.zh(),
                t.months,
                t.months_left,
                t.monthly_benefit.zh(),
                t.amount_left.zh()
            );
        }
        steps(&mut out, &d.trace);
    }
    let t = &s.totals;
    let _ = writeln!(out, "\n合计：可获得 {}（不含贷款）", t.received.zh());
    out
}

fn steps(out: &mut String, trace: &Trace) {
    let _ = writeln!(out, "  为什么是这个数：");
    for (i, step) in trace.steps.iter().enumerate() {
        let _ = writeln!(
            out,
            "   {}. {}：{} → {}",
            i.saturating_add(1),
            step.label,
            step.formula,
            step.result
        );
        for p in &step.params {
            let badge = if p.status == Status::A {
                ASSUMPTION_NOTICE
            } else {
                p.status.zh()
            };
            let src = p
                .src
                .as_deref()
                .map(|s| format!("；依据：{s}"))
                .unwrap_or_default();
            let _ = writeln!(out, "      - {} = {}（{badge}{src}）", p.path, p.value);
        }
    }
}
