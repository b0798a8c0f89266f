//! Pictures a household reads at a glance, written as plain SVG strings from the engine's results:
//! who paid the hospital bill, what 低保 does as income rises (and the 渐退 months), the housing cost
//! and who pays it, a child's aid from 学前 to 大学.
//!
//! One code path for the pages without JavaScript (the worked examples), the browser calculator
//! and the printed household card, so a picture cannot disagree with the figures beside it. No
//! chart library: the calculator's wasm budget is small, and a bar is a `<rect>`.
//!
//! Amounts are exact integer 分 from the engine, written into `data-fen` attributes and labels;
//! floats are used only for coordinates. Curves and timelines are computed by calling the engine
//! at other incomes or school stages, never by re-deriving its rules here.
//!
//! Every picture: `role="img"` with a `<title>` and a `<desc>` sentence, a viewBox 300 units wide
//! with 18-unit text (≥ 16 px wherever it is drawn at least 267 px wide), hatch patterns and labels
//! as well as colour (it prints in black and white), and its numbers as a table for screen readers.

#![forbid(unsafe_code)]
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

mod svg;

use mingbai_calc::dibao::{DibaoInput, DibaoResult};
use mingbai_calc::education::{Child, EducationResult, Kind, Period, Stage};
use mingbai_calc::medical::{MedicalResult, PersonResult};
use mingbai_calc::relocation::RelocationResult;
use mingbai_calc::{compute_figures, Calculator, Case, JurisdictionParams, Line, Money, Summary};
pub use svg::escape;
use svg::{Canvas, Look, Table, U, W};

/// One picture: the calculator it belongs to and its HTML (a `<figure>` holding the SVG and the
/// table of its numbers).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Picture {
    pub calculator: Calculator,
    pub html: String,
}

/// Every picture of a household's results. `id` makes the SVG ids unique on a page that shows
/// several results (letters, digits and `-` only).
pub fn pictures(
    case: &Case,
    params: &JurisdictionParams,
    summary: &Summary,
    id: &str,
) -> Vec<Picture> {
    let mut out = Vec::new();
    if let Some(m) = &summary.medical {
        out.extend(medical(m, &format!("{id}-med")));
    }
    if let Some(r) = &summary.relocation {
        out.extend(housing(r, &format!("{id}-house")));
    }
    if let Some(e) = &summary.education {
        out.extend(education(case, params, e, &format!("{id}-edu")));
    }
    if let Some(d) = &summary.dibao {
        out.extend(dibao(case, params, d, &format!("{id}-dibao")));
        out.extend(taper_strip(summary, d, &format!("{id}-taper")));
    }
    out
}

// ---------------------------------------------------------------- 谁付了住院费

const MED_LOOKS: [Look; 6] = [
    Look::Solid("#1f4e79"),
    Look::Diag("#1b5e20"),
    Look::Cross("#4a148c"),
    Look::Dots("#6b4200"),
    Look::Lines("#8a0d0d"),
    Look::Solid("#8a0d0d"),
];

/// The parts of one person's bill, in the order the layers pay: (name, amount, the patient's own).
type Parts = [(String, Money, bool); 6];

fn bill_parts(p: &PersonResult) -> Parts {
    let backstop: Vec<&str> = [
        (p.full_aid, "全额救助"),
        (p.ratio_topup, "补足报销比例"),
        (p.cap_fund, "自付封顶"),
    ]
    .iter()
    .filter(|(m, _)| *m != Money::ZERO)
    .map(|(_, n)| *n)
    .collect();
    let backstop = if backstop.is_empty() {
        Line::Backstop.zh().to_string()
    } else {
        format!("{}（{}）", Line::Backstop.zh(), backstop.join("、"))
    };
    [
        (Line::Basic.zh().to_string(), p.basic, false),
        (Line::Serious.zh().to_string(), p.serious, false),
        (Line::Assistance.zh().to_string(), p.assistance, false),
        (
            backstop,
            p.full_aid.plus(p.ratio_topup).plus(p.cap_fund),
            false,
        ),
        (
            Line::PatientNoncompliant.zh().to_string(),
            p.patient_noncompliant,
            true,
        ),
        (
            Line::PatientCompliant.zh().to_string(),
            p.patient_compliant,
            true,
        ),
    ]
}

pub fn medical(m: &MedicalResult, id: &str) -> Vec<Picture> {
    let mut rows: Vec<(String, Parts, Money)> = m
        .persons
        .iter()
        .map(|p| {
            let name = if p.name.is_empty() {
                "病人".to_string()
            } else {
                p.name.to_string()
            };
            (name, bill_parts(p), p.patient_total)
        })
        .collect();
    if m.persons.len() > 1 {
        let mut sum: Parts = Default::default();
        for (_, parts, _) in &rows {
            for (s, part) in sum.iter_mut().zip(parts) {
                if s.0.is_empty() || s.0 != part.0 {
                    s.0 = if s.0.is_empty() {
                        part.0.clone()
                    } else {
                        Line::Backstop.zh().to_string()
                    };
                }
                s.1 = s.1.plus(part.1);
                s.2 = part.2;
            }
        }
        rows.push(("全家合计".to_string(), sum, m.patient_total));
    }
    let mut c = Canvas::new(id, &MED_LOOKS);
    let mut t = Table::new(["谁", "谁付的", "金额"]);
    for (name, parts, own) in &rows {
        let total = Money::sum(parts.iter().map(|p| p.1));
        c.gap(8.0);
        c.para(0.0, &format!("{name}：花费{}", total.zh()), true);
        c.open_group(&format!(
            r#"class="mb-bar" data-total-fen="{}""#,
            total.fen()
        ));
        c.bar(parts.iter().enumerate().map(|(i, p)| (i, p.1, p.2)), total);
        for (i, (label, amount, mine)) in parts.iter().enumerate() {
            if *amount == Money::ZERO {
                continue;
            }
            c.key_row(i, &format!("{label} {}", amount.zh()), *mine);
            t.row([name.clone(), label.clone(), amount.zh()]);
        }
        c.close_group();
        c.para(0.0, &format!("自己一共付 {}", own.zh()), true);
    }
    let desc = match rows.last() {
        Some((name, parts, own)) => format!(
            "{name}看病花费{}，医保和救助付了{}，自己付{}。",
            Money::sum(parts.iter().map(|p| p.1)).zh(),
            Money::sum(parts.iter().filter(|p| !p.2).map(|p| p.1)).zh(),
            own.zh()
        ),
        None => "没有看病费用。".to_string(),
    };
    vec![Picture {
        calculator: Calculator::Medical,
        html: svg::figure(
            "medical",
            "谁付了看病的钱",
            &c.finish("谁付了看病的钱", &desc),
            &t,
        ),
    }]
}

// ---------------------------------------------------------------- 住房

const HOUSE_LOOKS: [Look; 4] = [
    Look::Solid("#1f4e79"),
    Look::Diag("#6b4200"),
    Look::Dots("#8a0d0d"),
    Look::Solid("#8a0d0d"),
];

pub fn housing(r: &RelocationResult, id: &str) -> Vec<Picture> {
    let mut c = Canvas::new(id, &HOUSE_LOOKS);
    let mut t = Table::new(["项目", "说明", "金额"]);
    let (parts, whole) = match r.household_pays {
        Some(pays) => {
            let back = if r.to_come < pays { r.to_come } else { pays };
            (
                [
                    ("现在就发的补助", r.paid_now),
                    ("条件满足后再发的奖励", back),
                    ("家里自己出", pays.minus(back)),
                ],
                "建房花费",
            )
        }
        None => (
            [
                ("现在就发的补助", r.paid_now),
                ("条件满足后再发的奖励", r.to_come),
                ("家里自己出", Money::ZERO),
            ],
            "补助和奖励",
        ),
    };
    let total = Money::sum(parts.iter().map(|p| p.1));
    c.gap(8.0);
    c.para(0.0, &format!("{whole}：{}", total.zh()), true);
    c.open_group(&format!(
        r#"class="mb-bar" data-total-fen="{}""#,
        total.fen()
    ));
    c.bar(
        parts.iter().enumerate().map(|(i, p)| (i, p.1, i == 2)),
        total,
    );
    for (i, (label, amount)) in parts.iter().enumerate() {
        if *amount == Money::ZERO {
            continue;
        }
        c.key_row(i, &format!("{label} {}", amount.zh()), i == 2);
        t.row([label.to_string(), String::new(), amount.zh()]);
    }
    c.close_group();
    if r.household_pays.is_none() {
        c.para(0.0, "没有填建房花费，算不出家里出多少。", false);
    }
    for item in r.items.iter().filter(|i| !i.paid) {
        let when: Vec<&str> = item.waiting_for.iter().map(|w| w.zh()).collect();
        let text = format!(
            "还没发：{}{}，要等{}以后",
            item.name,
            item.amount.zh(),
            when.join("、")
        );
        c.para(0.0, &text, false);
        t.row([
            item.name.clone(),
            format!("{}后发", when.join("、")),
            item.amount.zh(),
        ]);
    }
    if let (Some(pays), Some(cap)) = (r.household_pays, r.self_funding_cap) {
        c.gap(12.0);
        c.para(0.0, &format!("家里出的钱和自筹上限 {}", cap.zh()), true);
        let scale = if pays > cap { pays } else { cap };
        c.open_group(&format!(
            r#"class="mb-cap" data-pays-fen="{}" data-cap-fen="{}""#,
            pays.fen(),
            cap.fen()
        ));
        c.bar([(3, pays, true)].into_iter(), scale);
        c.marker(cap, scale, "上限");
        c.close_group();
        let verdict = if pays > cap {
            format!("超过上限 {}", pays.minus(cap).zh())
        } else {
            "没有超过上限".to_string()
        };
        c.para(0.0, &format!("家里出 {}，{verdict}", pays.zh()), true);
        t.row([Line::SelfFundingCap.zh().to_string(), verdict, cap.zh()]);
    }
    let desc = match r.household_pays {
        Some(pays) => format!(
            "建房花费{}：现在就发补助{}，条件满足后再发奖励{}，家里自己出{}。",
            total.zh(),
            r.paid_now.zh(),
            r.to_come.zh(),
            pays.zh()
        ),
        None => format!(
            "现在就发补助{}，条件满足后再发奖励{}。",
            r.paid_now.zh(),
            r.to_come.zh()
        ),
    };
    vec![Picture {
        calculator: Calculator::Relocation,
        html: svg::figure(
            "relocation",
            "建房的钱谁出",
            &c.finish("建房的钱谁出", &desc),
            &t,
        ),
    }]
}

// ---------------------------------------------------------------- 低保

const DIBAO_LOOKS: [Look; 4] = [
    Look::Solid("#1f4e79"),
    Look::Diag("#6b4200"),
    Look::Solid("#8a0d0d"),
    Look::Outline,
];

/// The 低保 of the same household at another income: the engine's own answer.
fn dibao_at(case: &Case, params: &JurisdictionParams, input: DibaoInput) -> Option<DibaoResult> {
    let c = Case {
        medical: None,
        relocation: None,
        education: None,
        dibao: Some(input),
        ..case.clone()
    };
    compute_figures(&c, params).ok()?.dibao
}

/// Yearly income → monthly 低保, the household's own point, the 低保 line and the 渐退 months.
pub fn dibao(case: &Case, params: &JurisdictionParams, d: &DibaoResult, id: &str) -> Vec<Picture> {
    let Some(input) = &case.dibao else {
        return Vec::new();
    };
    if d.members_counted == 0 {
        return Vec::new();
    }
    let at = |income: Money, taper| {
        dibao_at(
            case,
            params,
            DibaoInput {
                annual_income: income,
                taper,
                ..input.clone()
            },
        )
    };
    let line = d.standard.times(d.members_counted);
    let income = input.annual_income;
    let wide = line.mul_div(3, 2);
    let right = if income.mul_div(11, 10) > wide {
        income.mul_div(11, 10)
    } else {
        wide
    };
    let mut samples: Vec<(Money, Money)> = (0..=24)
        .map(|i| right.mul_div(i, 24))
        .chain([line])
        .filter_map(|x| at(x, None).map(|r| (x, r.monthly_benefit)))
        .collect();
    samples.sort();
    samples.dedup();
    let top = samples.first().map_or(Money::ZERO, |s| s.1);
    if top == Money::ZERO || right == Money::ZERO {
        return Vec::new();
    }
    // What 渐退 adds: the household's own period, or the one it would have if its income passed
    // the line now (asked of the engine with the income it has today as the income before).
    let taper = d.taper.clone().or_else(|| {
        let before = if d.eligible { income } else { Money::ZERO };
        at(
            line,
            Some(mingbai_calc::dibao::TaperInput {
                stopped_month: case.as_of.month(),
                previous_annual_income: before,
            }),
        )
        .and_then(|r| r.taper)
    });
    let now = match d.taper.as_ref().filter(|t| t.months_left > 0) {
        Some(t) if !d.eligible => t.monthly_benefit,
        _ => d.monthly_benefit,
    };

    let mut c = Canvas::new(id, &DIBAO_LOOKS);
    let (left, pw, ph) = (4.0, W - 8.0, 140.0);
    c.para(0.0, &format!("↑ 每月领多少（最多{}）", top.zh()), false);
    let y0 = c.y + 4.0;
    let bottom = y0 + ph;
    let px = |m: Money| left + pw * ratio(m, right);
    let py = |m: Money| bottom - ph * ratio(m, top);
    let band = taper
        .as_ref()
        .map(|t| t.monthly_benefit)
        .filter(|m| d.eligible || d.taper.is_some() && *m != Money::ZERO);
    if let (Some(t), Some(h)) = (&taper, band) {
        c.raw(&format!(
            r##"<rect class="mb-taper" data-months="{}" data-fen="{}" x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="{}" stroke="#1a1a1a"/>"##,
            t.months,
            h.fen(), U(px(line)), U(py(h)), U(left + pw - px(line)), U(bottom - py(h)),
            c.fill(1)
        ));
    }
    c.raw(&format!(
        r##"<path d="M{left:.1} {y0:.1}V{bottom:.1}H{:.1}" fill="none" stroke="#1a1a1a" stroke-width="2"/>"##, U(left + pw), left = U(left), y0 = U(y0), bottom = U(bottom)));
    let pts: Vec<String> = samples
        .iter()
        .map(|(x, y)| format!("{:.1},{:.1}", U(px(*x)), U(py(*y))))
        .collect();
    let data: Vec<String> = samples
        .iter()
        .map(|(x, y)| format!("{}:{}", x.fen(), y.fen()))
        .collect();
    c.raw(&format!(
        r##"<polyline class="mb-curve" data-samples="{}" points="{}" fill="none" stroke="#1f4e79" stroke-width="4"/>"##,
        data.join(" "),
        pts.join(" ")
    ));
    c.raw(&format!(
        r##"<line class="mb-line" data-fen="{}" x1="{x:.1}" y1="{y0:.1}" x2="{x:.1}" y2="{bottom:.1}" stroke="#1a1a1a" stroke-width="2" stroke-dasharray="6 4"/>"##,
        line.fen(),
        x = U(px(line))
    , y0 = U(y0), bottom = U(bottom)));
    c.raw(&format!(
        r##"<circle class="mb-point" data-income-fen="{}" data-fen="{}" cx="{:.1}" cy="{:.1}" r="8" fill="#8a0d0d" stroke="#1a1a1a" stroke-width="2"/>"##,
        income.fen(),
        now.fen(), U(px(income)), U(py(now))));
    let (lx, anchor) = if px(income) > W / 2.0 {
        (px(income) - 12.0, "end")
    } else {
        (px(income) + 12.0, "start")
    };
    let ly = if py(now) - 12.0 < y0 + 18.0 {
        py(now) + 26.0
    } else {
        py(now) - 12.0
    };
    c.raw(&format!(
        r#"<text x="{lx:.1}" y="{ly:.1}" text-anchor="{anchor}" font-weight="700">您家</text>"#,
        lx = U(lx),
        ly = U(ly)
    ));
    c.y = bottom + 22.0;
    c.raw(&format!(
        r#"<text x="{left:.1}" y="{:.1}">0</text><text x="{:.1}" y="{:.1}" text-anchor="end">全家年收入 →</text>"#, U(c.y), U(W), U(c.y), left = U(left)));
    c.y += 30.0;
    c.key_dot(
        2,
        &format!("您家：年收入{}，每月领{}", income.zh(), now.zh()),
    );
    c.key_line(
        "6 4",
        &format!(
            "低保线：全家年收入{}（每人{} × {}人）",
            line.zh(),
            d.standard.zh(),
            d.members_counted
        ),
    );
    c.key_line("", "粗实线：收入越多，每月领得越少");
    let mut t = Table::new(["全家年收入", "每月低保", "说明"]);
    for (i, (x, y)) in samples.iter().enumerate() {
        let note = if *x == line {
            "低保线"
        } else if i % 4 == 0 {
            ""
        } else {
            continue;
        };
        t.row([x.zh(), y.zh(), note.to_string()]);
    }
    t.row([income.zh(), now.zh(), "您家".to_string()]);
    let mut desc = format!(
        "全家年收入低于{}就能领低保，收入越多领得越少；您家年收入{}，每月领{}。",
        line.zh(),
        income.zh(),
        now.zh()
    );
    if let Some(t_) = &taper {
        let words = format!(
            "收入超过低保线以后，不会马上停：还按原来的金额再领{}个月（渐退）",
            t_.months
        );
        match band {
            Some(h) => c.key_row(1, &format!("{words}，每月{}", h.zh()), false),
            None => c.para(0.0, &words, false),
        }
        desc.push_str(&words);
        desc.push('。');
        t.row([
            "超过低保线".to_string(),
            band.map_or_else(|| "按原金额".to_string(), Money::zh),
            format!("渐退{}个月", t_.months),
        ]);
    }
    vec![Picture {
        calculator: Calculator::Dibao,
        html: svg::figure(
            "dibao",
            "收入增加会怎样",
            &c.finish("收入增加会怎样", &desc),
            &t,
        ),
    }]
}

fn ratio(part: Money, whole: Money) -> f64 {
    if whole.fen() <= 0 {
        return 0.0;
    }
    (part.fen().max(0) as f64 / whole.fen() as f64).min(1.0)
}

/// The 渐退 period month by month: paid, this month, still to come.
pub fn taper_strip(s: &Summary, d: &DibaoResult, id: &str) -> Vec<Picture> {
    let Some(t) = &d.taper else {
        return Vec::new();
    };
    if t.months == 0 {
        return Vec::new();
    }
    let now_in = t.months_left > 0 && s.as_of.month() >= t.first_month;
    let paid = t.months.saturating_sub(t.months_left);
    let mut c = Canvas::new(id, &DIBAO_LOOKS);
    c.para(
        0.0,
        &format!("渐退共{}个月，每月{}", t.months, t.monthly_benefit.zh()),
        true,
    );
    let cw = W / f64::from(t.months);
    let y = c.y + 26.0;
    c.raw(r#"<g class="mb-strip">"#);
    for i in 0..t.months {
        let (state, look) = if i < paid {
            ("paid", 0)
        } else if i == paid && now_in {
            ("now", 3)
        } else {
            ("left", 1)
        };
        let x = f64::from(i) * cw;
        let sw = if state == "now" { 4 } else { 1 };
        c.raw(&format!(
            r##"<rect data-state="{state}" data-fen="{}" x="{:.1}" y="{y:.1}" width="{:.1}" height="36" fill="{}" stroke="#1a1a1a" stroke-width="{sw}"/>"##,
            t.monthly_benefit.fen(), U(x + 1.0), U((cw - 2.0).max(1.0)),
            c.fill(look)
        , y = U(y)));
        if state == "now" {
            let mid = x + cw / 2.0;
            let anchor = if mid < 40.0 {
                "start"
            } else if mid > W - 40.0 {
                "end"
            } else {
                "middle"
            };
            c.raw(&format!(
                r#"<text x="{:.1}" y="{:.1}" text-anchor="{anchor}" font-weight="700">本月▼</text>"#, U(mid.clamp(0.0, W)), U(y - 6.0)));
        }
    }
    c.raw("</g>");
    c.y = y + 36.0 + 22.0;
    c.raw(&format!(
        r#"<text x="0" y="{:.1}">{}</text>"#,
        U(c.y),
        escape(&t.first_month.zh())
    ));
    c.y += 24.0;
    c.raw(&format!(
        r#"<text x="{W}" y="{:.1}" text-anchor="end">到{}</text>"#,
        U(c.y),
        escape(&t.last_month.zh()),
        W = U(W)
    ));
    c.y += 30.0;
    let later = if now_in {
        t.months_left.saturating_sub(1)
    } else {
        t.months_left
    };
    let mut tb = Table::new(["月份", "几个月", "金额"]);
    if paid > 0 {
        c.key_row(0, &format!("已经发了{paid}个月"), false);
        tb.row([
            "已发".to_string(),
            format!("{paid}个月"),
            t.monthly_benefit.times(paid).zh(),
        ]);
    }
    if now_in {
        c.key_row(3, &format!("本月照发 {}", t.monthly_benefit.zh()), true);
        tb.row([
            "本月".to_string(),
            "1个月".to_string(),
            t.monthly_benefit.zh(),
        ]);
    }
    if later > 0 {
        c.key_row(1, &format!("以后还发{later}个月"), false);
        tb.row([
            "以后".to_string(),
            format!("{later}个月"),
            t.monthly_benefit.times(later).zh(),
        ]);
    }
    c.para(
        0.0,
        &format!("还剩{}个月，共{}", t.months_left, t.amount_left.zh()),
        true,
    );
    let desc = format!(
        "渐退期从{}到{}，共{}个月，每月{}；已经发了{}个月，还剩{}个月（含本月），共{}。",
        t.first_month.zh(),
        t.last_month.zh(),
        t.months,
        t.monthly_benefit.zh(),
        paid,
        t.months_left,
        t.amount_left.zh()
    );
    vec![Picture {
        calculator: Calculator::Dibao,
        html: svg::figure(
            "taper",
            "渐退还剩几个月",
            &c.finish("渐退还剩几个月", &desc),
            &tb,
        ),
    }]
}

// ---------------------------------------------------------------- 孩子的资助

const EDU_LOOKS: [Look; 2] = [Look::Solid("#1f4e79"), Look::Outline];

/// The stages a child goes through, 学前 to 大学, on its own track (普高 or 中职, 本科 or 高职).
fn path_of(stage: Stage) -> [Stage; 5] {
    let high = if matches!(stage, Stage::Vocational | Stage::HigherVocational) {
        Stage::Vocational
    } else {
        Stage::Senior
    };
    let uni = if matches!(stage, Stage::Vocational | Stage::HigherVocational) {
        Stage::HigherVocational
    } else {
        Stage::Undergraduate
    };
    [Stage::Preschool, Stage::Primary, Stage::Junior, high, uni]
}

pub fn education(
    case: &Case,
    params: &JurisdictionParams,
    e: &EducationResult,
    id: &str,
) -> Vec<Picture> {
    let Some(input) = &case.education else {
        return Vec::new();
    };
    input
        .children
        .iter()
        .zip(&e.children)
        .enumerate()
        .map(|(n, (child, result))| {
            let name = if child.name.is_empty() {
                format!("第{}个孩子", n + 1)
            } else {
                child.name.clone()
            };
            let id = format!("{id}{n}");
            let mut c = Canvas::new(&id, &EDU_LOOKS);
            let mut t = Table::new(["学段", "资助", "金额"]);
            let stages = path_of(child.stage);
            let mut stage_zh = Vec::new();
            for (k, stage) in stages.iter().enumerate() {
                let current = *stage == child.stage;
                // The stage the child is in is the engine's answer already; the others are asked
                // of it with the same child one stage earlier or later.
                let items = if current {
                    Some(result.items.clone())
                } else {
                    let other = Child {
                        stage: *stage,
                        year: 1,
                        key_university: false,
                        tuition_and_lodging: None,
                        ..child.clone()
                    };
                    let case = Case {
                        medical: None,
                        relocation: None,
                        dibao: None,
                        education: Some(mingbai_calc::education::EducationInput {
                            children: vec![other],
                        }),
                        ..case.clone()
                    };
                    compute_figures(&case, params)
                        .ok()
                        .and_then(|s| s.education)
                        .and_then(|e| e.children.into_iter().next())
                        .map(|c| c.items)
                };
                let top = c.y + 4.0;
                c.open_group(&format!(
                    r#"class="mb-stage" data-stage="{}"{}"#,
                    stage.key(),
                    if current { r#" data-current="1""# } else { "" }
                ));
                c.gap(6.0);
                let head = if current {
                    format!("{}（现在）", stage.zh())
                } else {
                    stage.zh().to_string()
                };
                c.indent_para(28.0, &head, true);
                let items = items.unwrap_or_default();
                if items.is_empty() {
                    c.indent_para(28.0, "没有查到资助", false);
                    t.row([stage.zh().to_string(), "没有查到资助".to_string(), String::new()]);
                }
                for item in &items {
                    let once = if item.period == Period::Once {
                        "★一次性 "
                    } else {
                        ""
                    };
                    let amount = match (item.kind, item.amount) {
                        (Kind::Waiver, None) => "免交".to_string(),
                        (Kind::Loan, Some(a)) => format!("最多{}（要还）", a.zh()),
                        (_, Some(a)) => format!("{}{}", a.zh(), if item.period == Period::Annual { "/年" } else { "" }),
                        (_, None) => String::new(),
                    };
                    let fen = item.amount.map_or(0, Money::fen);
                    c.raw(&format!(
                        r#"<g class="mb-item" data-kind="{}" data-period="{}" data-fen="{fen}">"#,
                        item.kind.key(),
                        item.period.key()
                    ));
                    c.indent_para(28.0, &format!("{once}{} {amount}", item.name), false);
                    c.raw("</g>");
                    t.row([
                        stage.zh().to_string(),
                        format!("{once}{}（{}）", item.name, item.kind.zh()),
                        amount,
                    ]);
                }
                let bottom = c.y - 8.0;
                let look = if current { 0 } else { 1 };
                c.raw(&format!(
                    r##"<circle cx="10" cy="{:.1}" r="{}" fill="{}" stroke="#1a1a1a" stroke-width="2"/>"##, U(top + 12.0),
                    if current { 9 } else { 6 },
                    c.fill(look)
                ));
                if k + 1 < stages.len() {
                    c.raw(&format!(
                        r##"<path d="M10 {:.1}V{:.1}" stroke="#1a1a1a" stroke-width="2"/>"##, U(top + 22.0), U(bottom + 22.0)));
                }
                c.close_group();
                stage_zh.push(stage.zh());
            }
            c.para(0.0, "★ 一次性的，只发一次", false);
            let desc = format!(
                "{name}从{}到{}各学段能得到的资助；现在读{}，这一学年补助{}{}。",
                stage_zh.first().copied().unwrap_or_default(),
                stage_zh.last().copied().unwrap_or_default(),
                child.stage.zh(),
                result.grants_total.zh(),
                if result.loans_total == Money::ZERO {
                    String::new()
                } else {
                    format!("，可贷款{}", result.loans_total.zh())
                }
            );
            let title = format!("{name}的资助，从学前到大学");
            Picture {
                calculator: Calculator::Education,
                html: svg::figure("education", &title, &c.finish(&title, &desc), &t),
            }
        })
        .collect()
}
