//! A household's own 明白卡: what this household gets, from which policy, on what condition, how
//! to apply, with a QR code to each policy's page — as an HTML fragment, escaped, ready to print.
//!
//! Plain Rust with no web dependencies, so the browser calculator (crates/mingbai-web) and the
//! roster page print the same card from the same code. The card's look is the stylesheet
//! `site/static/css/household-card.css` (the site's CSP forbids inline styles); a page that shows
//! cards links it.
//!
//! ```text
//! let html = mingbai_card::card(&CardInput { summary: &s, policies: &p, household: None });
//! let back = mingbai_card::back(&s, &mingbai_chart::pictures(&case, &params, &s, "card"));
//! let sheet = mingbai_card::sheet(&[html].into_iter().chain(back).collect::<Vec<_>>(), Paper::A5);
//! ```

#![forbid(unsafe_code)]

mod qr;

use mingbai_calc::{plain, Calculator, Status, Summary, Trace, ASSUMPTION_NOTICE};
pub use mingbai_chart::escape;
use mingbai_chart::Picture;
use std::collections::BTreeMap;
use std::fmt::Write;

pub use qr::svg as qr_svg;

/// The site path of the card stylesheet, relative to the site root.
pub const CSS_PATH: &str = "css/household-card.css";

/// What the card says about one policy document: from its front matter (`title`,
/// `eligibility`, `how_to_apply`) and its page's absolute address (for the QR code).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Policy {
    pub title: String,
    /// Absolute URL of the policy's page (a printed QR code must open from any phone).
    pub url: String,
    /// The key condition: the document's first `eligibility` line.
    pub condition: String,
    pub how_to_apply: String,
    /// The calculators whose parameters the document states: used to name the policies of a
    /// result computed without traces (`mingbai_calc::compute_figures`).
    pub calculators: Vec<Calculator>,
}

/// The policies of one jurisdiction, by document slug (the `doc` of every figure).
pub type Policies = BTreeMap<String, Policy>;

pub struct CardInput<'a> {
    /// The household's results, from `mingbai_calc::compute` (its traces name the policies used).
    pub summary: &'a Summary,
    pub policies: &'a Policies,
    /// A line naming the household ("户主 张三", "名册第3行"), or `None`: a blank to write by hand.
    pub household: Option<&'a str>,
}

/// Paper for [`sheet`]: A4 holds two cards (cut along the marks), A5 one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Paper {
    A4,
    A5,
}

impl Paper {
    pub fn key(self) -> &'static str {
        match self {
            Paper::A4 => "a4",
            Paper::A5 => "a5",
        }
    }
}

/// One used policy: its slug and whether an assumed figure of it was used.
struct Used {
    doc: String,
    assumed: bool,
}

fn collect(used: &mut Vec<Used>, t: &Trace) {
    for p in t.steps.iter().flat_map(|s| &s.params) {
        let Some(doc) = &p.doc else { continue };
        let assumed = p.status == Status::A;
        match used.iter_mut().find(|u| &u.doc == doc) {
            Some(u) => u.assumed |= assumed,
            None => used.push(Used {
                doc: doc.clone(),
                assumed,
            }),
        }
    }
}

/// A calculator's part of the card: its answer sentences and the policies its figures came from.
struct Part {
    calc: Calculator,
    now: Vec<String>,
    later: Vec<String>,
    used: Vec<Used>,
}

fn parts(s: &Summary) -> Vec<Part> {
    let mut out = Vec::new();
    let mut push = |calc: Calculator, a: plain::Answer, traces: Vec<&Trace>| {
        let mut used = Vec::new();
        for t in traces {
            collect(&mut used, t);
        }
        out.push(Part {
            calc,
            now: a.now,
            later: a.later,
            used,
        });
    };
    if let Some(m) = &s.medical {
        push(
            Calculator::Medical,
            plain::medical(m),
            m.persons.iter().map(|p| &p.trace).collect(),
        );
    }
    if let Some(r) = &s.relocation {
        push(Calculator::Relocation, plain::relocation(r), vec![&r.trace]);
    }
    if let Some(e) = &s.education {
        push(
            Calculator::Education,
            plain::education(e),
            e.children.iter().map(|c| &c.trace).collect(),
        );
    }
    if let Some(d) = &s.dibao {
        push(Calculator::Dibao, plain::dibao(d), vec![&d.trace]);
    }
    out
}

/// The card of one household, an `<article class="mbc-card">` fragment.
pub fn card(input: &CardInput) -> String {
    let s = input.summary;
    let mut h = String::with_capacity(16 * 1024);
    let _ = write!(
        h,
        r#"<article class="mbc-card" data-jurisdiction="{}" data-as-of="{}">"#,
        escape(&s.jurisdiction),
        s.as_of
    );
    let _ = write!(
        h,
        r#"<header class="mbc-head"><h2>{}本户政策明白卡</h2><p class="mbc-date">按{}计算</p><p class="mbc-who">{}</p></header>"#,
        escape(&s.jurisdiction_name),
        s.as_of.zh(),
        match input.household {
            Some(who) => format!("户：{}", escape(who)),
            None => "户主：＿＿＿＿＿＿＿＿".to_string(),
        }
    );
    if s.uses_assumption {
        let _ = write!(
            h,
            r#"<p class="mbc-note">标<span class="mbc-a">示例</span>的是示例参数，{}。</p>"#,
            &ASSUMPTION_NOTICE["示例参数，".len()..]
        );
    }
    for n in &s.notices {
        let _ = write!(h, r#"<p class="mbc-note">{}</p>"#, escape(&n.zh));
    }

    // Policies are numbered once for the whole card: a document two calculators use is printed
    // once, and each part points to it by number.
    let all = parts(s);
    let mut order: Vec<(String, bool)> = Vec::new();
    let mut refs: Vec<Vec<usize>> = Vec::new();
    for part in &all {
        let mut mine = Vec::new();
        let fallback: Vec<Used>;
        let used: &[Used] = if part.used.is_empty() {
            fallback = input
                .policies
                .iter()
                .filter(|(_, p)| p.calculators.contains(&part.calc))
                .map(|(slug, _)| Used {
                    doc: slug.clone(),
                    assumed: false,
                })
                .collect();
            &fallback
        } else {
            &part.used
        };
        for u in used {
            let i = match order.iter().position(|(d, _)| *d == u.doc) {
                Some(i) => {
                    if let Some(o) = order.get_mut(i) {
                        o.1 |= u.assumed;
                    }
                    i
                }
                None => {
                    order.push((u.doc.clone(), u.assumed));
                    order.len() - 1
                }
            };
            if !mine.contains(&i) {
                mine.push(i);
            }
        }
        refs.push(mine);
    }

    h.push_str(r#"<div class="mbc-parts">"#);
    for (part, mine) in all.iter().zip(&refs) {
        let _ = write!(
            h,
            r#"<section class="mbc-part" data-calculator="{}"><h3>{}"#,
            part.calc.key(),
            part.calc.zh()
        );
        if !mine.is_empty() {
            let nums: Vec<String> = mine.iter().map(|i| mark(*i)).collect();
            let _ = write!(h, r#" <span class="mbc-ref">依据{}</span>"#, nums.join(""));
        }
        h.push_str("</h3><ul>");
        for line in &part.now {
            let _ = write!(h, "<li>{}</li>", escape(line));
        }
        for line in &part.later {
            let _ = write!(h, r#"<li class="mbc-later">{}</li>"#, escape(line));
        }
        h.push_str("</ul></section>");
    }
    if all.len() > 1 {
        let _ = write!(
            h,
            r#"<p class="mbc-total">{}</p>"#,
            escape(&plain::totals(s))
        );
    }
    h.push_str("</div>");

    if !order.is_empty() {
        h.push_str(r#"<ol class="mbc-policies">"#);
        for (i, (doc, assumed)) in order.iter().enumerate() {
            let p = input.policies.get(doc);
            let _ = write!(h, r#"<li data-doc="{}">"#, escape(doc));
            if let Some(svg) = p
                .filter(|p| !p.url.is_empty())
                .and_then(|p| qr::svg(&p.url).ok())
            {
                h.push_str(&svg);
            }
            // A document the page does not list has no title to show; its slug is a code, never
            // words for a household.
            let title = p.map_or("当地政策文件（请向村里询问）", |p| {
                p.title.as_str()
            });
            let _ = write!(
                h,
                r#"<div><p class="mbc-pt">{}《{}》{}</p>"#,
                mark(i),
                escape(title),
                if *assumed {
                    r#"<span class="mbc-a">示例</span>"#
                } else {
                    ""
                }
            );
            if let Some(p) = p {
                if !p.condition.is_empty() {
                    let _ = write!(h, "<p><b>条件</b>{}</p>", escape(&p.condition));
                }
                if !p.how_to_apply.is_empty() {
                    let _ = write!(h, "<p><b>办理</b>{}</p>", escape(&p.how_to_apply));
                }
            }
            h.push_str("</div></li>");
        }
        h.push_str("</ol>");
    }
    h.push_str(
        r#"<footer class="mbc-foot"><p>帮扶干部（手写）：姓名＿＿＿＿＿＿＿＿ 电话＿＿＿＿＿＿＿＿＿＿＿</p><p>扫二维码看政策原文和计算依据。以上按所填情况计算，以有关部门核定为准。</p></footer></article>"#,
    );
    h
}

/// The back of a household's card: its pictures (crates/mingbai-chart), so a household that reads
/// pictures faster than numbers has them on paper too. Printed on the other side of an A5 sheet,
/// or on the lower half of an A4 page below the card. `None` when there is no picture.
pub fn back(summary: &Summary, pictures: &[Picture]) -> Option<String> {
    if pictures.is_empty() {
        return None;
    }
    let mut h = String::with_capacity(pictures.iter().map(|p| p.html.len()).sum::<usize>() + 512);
    let _ = write!(
        h,
        r#"<article class="mbc-card mbc-back"><header class="mbc-head"><h2>{}本户明白卡 · 看图</h2><p class="mbc-date">按{}计算</p></header><div class="mbc-pics">"#,
        escape(&summary.jurisdiction_name),
        summary.as_of.zh()
    );
    for p in pictures {
        h.push_str(&p.html);
    }
    h.push_str("</div></article>");
    Some(h)
}

/// ①②③… for the first twenty policies, then (21)…: a card seldom cites more than ten.
fn mark(i: usize) -> String {
    u32::try_from(i)
        .ok()
        .filter(|i| *i < 20)
        .and_then(|i| char::from_u32(0x2460 + i))
        .map_or_else(|| format!("({})", i.saturating_add(1)), String::from)
}

/// Cards laid out for printing: A4 pages of two cards with a cut line between them, or one card
/// per A5 page. The stylesheet ([`CSS_PATH`]) gives each paper its page size.
pub fn sheet(cards: &[String], paper: Paper) -> String {
    let mut h = String::new();
    let _ = write!(h, r#"<div class="mbc-sheet mbc-{}">"#, paper.key());
    match paper {
        Paper::A4 => {
            for pair in cards.chunks(2) {
                h.push_str(r#"<div class="mbc-page">"#);
                for (i, c) in pair.iter().enumerate() {
                    if i > 0 {
                        h.push_str(r#"<div class="mbc-cut" aria-hidden="true"></div>"#);
                    }
                    h.push_str(c);
                }
                h.push_str("</div>");
            }
        }
        Paper::A5 => {
            for c in cards {
                let _ = write!(h, r#"<div class="mbc-page">{c}</div>"#);
            }
        }
    }
    h.push_str("</div>");
    h
}
