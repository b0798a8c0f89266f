//! The readable Chinese explanation of a [`Summary`], as the command line prints it.

use crate::param::ASSUMPTION_NOTICE;
use crate::present::{Presentation, Shown};
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
    // Every line of the presentation, each calculator in turn: the CLI shows all of them.
    let shown = crate::present(s);
    if let Some(m) = &s.medical {
        let _ = writeln!(out, "\n一、{}", Calculator::Medical.zh());
        let part = shown.part(Calculator::Medical);
        let members = part.map(|p| p.members.as_slice()).unwrap_or_default();
        for (p, member) in m.persons.iter().zip(members) {
            let _ = writeln!(
                out,
                "  {}（{}）：{}",
                member.name,
                member.about,
                joined(&member.lines)
            );
            steps(&mut out, &p.trace, Some(p.category));
        }
        if m.persons.len() > 1 {
            let _ = writeln!(
                out,
                "  全家：{}",
                joined(part.map(|p| p.lines.as_slice()).unwrap_or_default())
            );
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
        for l in lines(&shown, Calculator::Relocation) {
            match l.line {
                // Each waiting reward is listed with its own conditions just below.
                Line::HousingToComeNeeds => {}
                Line::HousingToCome => {
                    let _ = writeln!(out, "  {} {}（不计入上面的数）：", l.label(), l.value.zh());
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
                _ => {
                    let _ = writeln!(out, "  {} {}", l.label(), l.value.zh());
                }
            }
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
        for l in lines(&shown, Calculator::Education) {
            let _ = writeln!(out, "  {} {}", l.label(), l.value.zh());
        }
        let members = shown
            .part(Calculator::Education)
            .map(|p| p.members.as_slice())
            .unwrap_or_default();
        for (c, member) in e.children.iter().zip(members) {
            let _ = writeln!(
                out,
                "  {}（{}）：{}",
                member.name,
                member.about,
                joined(&member.lines)
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
        if d.members_counted == 0 {
            let _ = writeln!(out, "  全家都享受特困供养，不再计算低保");
        } else if !d.eligible {
            let _ = writeln!(
                out,
                "  家庭人均收入 {} 不低于低保标准 {}，收入条件不符合",
                d.per_capita_income.zh(),
                d.standard.zh()
            );
        }
        for l in lines(&shown, Calculator::Dibao) {
            let _ = writeln!(out, "  {} {}", l.label(), l.value.zh());
        }
        steps(&mut out, &d.trace, None);
    }
    let _ = writeln!(
        out,
        "\n合计（按发放周期分开算，不同周期不相加；不含贷款）："
    );
    let mut any = false;
    for l in shown.periods.iter().filter(|l| !l.quiet) {
        let _ = writeln!(out, "  {} {}", l.label(), l.value.zh());
        any = true;
    }
    if !any {
        let _ = writeln!(out, "  {}", crate::Money::ZERO.zh());
    }
    if let Some(l) = shown
        .kinds
        .iter()
        .find(|l| l.line == Line::HousingToCome && !l.quiet)
    {
        let _ = writeln!(out, "  另有{} {}（验收后发）", l.label(), l.value.zh());
    }
    out
}

/// The household lines of a calculator a reader is shown (not the quiet ones).
fn lines(p: &Presentation, calc: Calculator) -> impl Iterator<Item = &Shown> {
    p.part(calc)
        .into_iter()
        .flat_map(|p| &p.lines)
        .filter(|l| !l.quiet)
}

/// `报销合计 1200元，基本医保 800元，…`: a member's lines on one row.
fn joined(lines: &[Shown]) -> String {
    lines
        .iter()
        .filter(|l| !l.quiet)
        .map(|l| format!("{} {}", l.label(), l.value.zh()))
        .collect::<Vec<_>>()
        .join("，")
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
