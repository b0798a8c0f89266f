//! View models: what the templates see of a policy, a jurisdiction, an example.

use std::collections::BTreeSet;

use mingbai_calc::{present, Calculator, Status};
use mingbai_content::{BodyPiece, Content, Document, Errors, Figure, Jurisdiction, Level};
use pulldown_cmark::{Event, Parser};
use serde::Serialize;

use crate::markdown::{self, Figures, LinkContext};

#[derive(Serialize, Clone)]
pub(crate) struct SiteView {
    pub(crate) title: String,
    pub(crate) base_url: String,
    /// Path part of the base URL (`/mingbai/`): the 404 page is served at any depth.
    pub(crate) base_path: String,
    pub(crate) language: String,
    /// Whether the built browser calculator is published with the site (under `calc/`); without
    /// it the calculator pages say so and load no script.
    pub(crate) calculator: bool,
    /// Whether the roster page's module is published (under `roster/pkg/`).
    pub(crate) roster: bool,
}

#[derive(Serialize, Clone)]
pub(crate) struct CalcView {
    pub(crate) key: &'static str,
    pub(crate) zh: &'static str,
    pub(crate) url: String,
}

#[derive(Serialize, Clone)]
pub(crate) struct CategoryView {
    pub(crate) name: &'static str,
    pub(crate) slug: &'static str,
    pub(crate) url: String,
    pub(crate) count: usize,
}

#[derive(Serialize, Clone)]
pub(crate) struct JurView {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) full_name: String,
    pub(crate) code: String,
    pub(crate) seed: Option<String>,
    pub(crate) period: Option<String>,
    pub(crate) url: String,
    pub(crate) count: usize,
    pub(crate) calculators: Vec<CalcView>,
    /// A county or city (menus list these); national and provincial policies are on their pages.
    pub(crate) county: bool,
}

#[derive(Serialize, Clone)]
pub(crate) struct RowView {
    pub(crate) path: String,
    pub(crate) label: String,
    pub(crate) value: String,
    pub(crate) status: &'static str,
    pub(crate) status_zh: &'static str,
    pub(crate) src: String,
}

#[derive(Serialize, Clone)]
pub(crate) struct GroupView {
    pub(crate) title: String,
    pub(crate) note: Option<String>,
    pub(crate) rows: Vec<RowView>,
}

/// The status of a date or an issuer, with its source (shown in full when it is 示例).
#[derive(Serialize, Clone)]
pub struct BadgeView {
    pub status: &'static str,
    pub status_zh: &'static str,
    pub src: String,
    /// For an assumption, its basis in words after the 示例 badge (without a second “示例：”).
    pub basis: Option<String>,
}

impl<T> From<&mingbai_content::Sourced<T>> for BadgeView {
    fn from(x: &mingbai_content::Sourced<T>) -> Self {
        let basis = (x.s == Status::A).then(|| {
            ["示例：", "示例解释：", "示例"]
                .iter()
                .find_map(|p| x.src.strip_prefix(p))
                .unwrap_or(&x.src)
                .to_string()
        });
        BadgeView {
            status: status_letter(x.s),
            status_zh: status_zh(x.s),
            src: x.src.clone(),
            basis,
        }
    }
}

/// A policy as a card and as a page.
#[derive(Serialize, Clone)]
pub struct PolicyView {
    pub jurisdiction: String,
    pub jurisdiction_name: String,
    pub slug: String,
    /// relative to the site root: `daixian/jiankang/`
    pub url: String,
    pub abs_url: String,
    pub title: String,
    pub category: String,
    pub category_url: String,
    /// `None`: no source names the issuer (the card says 未见公开资料).
    pub issuer: Option<String>,
    pub issuer_badge: Option<BadgeView>,
    pub doc_number: Option<String>,
    pub effective: String,
    pub effective_zh: String,
    pub effective_badge: BadgeView,
    pub expires: Option<String>,
    pub expires_zh: Option<String>,
    pub expires_badge: Option<BadgeView>,
    pub eligibility: Vec<String>,
    pub how_to_apply: String,
    pub hotline: Option<String>,
    pub summary: String,
    pub source: String,
    pub status: &'static str,
    pub status_zh: &'static str,
    /// Whether any figure is an assumption (shown as 示例).
    pub has_assumed: bool,
    /// Statuses of the figures, for the badges.
    pub statuses: Vec<(&'static str, &'static str)>,
    pub(crate) figures: Vec<GroupView>,
    /// The first figures, labelled with their group, for the printed card.
    pub(crate) key_rows: Vec<RowView>,
    pub figure_count: usize,
    pub(crate) calculators: Vec<CalcView>,
    pub tags: Vec<String>,
    /// What the 朗读 button speaks: the card written for listening by the engine's plain module.
    pub spoken: String,
    /// A national or provincial policy (where it applies), or a county's adjustment of one.
    pub scope: Option<ScopeView>,
}

/// Which level a policy comes from: the counties a national or provincial one applies to, or, for
/// a county's own version of it, the original and what the county changed.
#[derive(Serialize, Clone)]
pub struct ScopeView {
    /// 国家政策, 省级政策
    pub level_zh: &'static str,
    pub places: Vec<LinkView>,
    /// The document the county adjusts.
    pub base: Option<LinkView>,
    /// What differs, in words (开始日期, a figure's label).
    pub changed: Vec<String>,
    /// The calculators of the counties it applies to that use its figures: the one page of a
    /// national policy has no county's calculator of its own.
    pub calculators: Vec<LinkView>,
}

#[derive(Serialize, Clone)]
pub struct LinkView {
    pub name: String,
    pub url: String,
}

/// A front matter key as the card names it.
pub(crate) fn field_zh(key: &str) -> &str {
    match key {
        "title" => "标题",
        "category" => "类别",
        "issuer" => "发文单位",
        "doc_number" => "文号",
        "effective" => "开始日期",
        "expires" => "结束日期",
        "eligibility" => "适用对象",
        "how_to_apply" => "怎么申请",
        "hotline" => "咨询电话",
        "summary" => "摘要",
        "source" => "出处",
        "status" => "状态",
        "tags" => "标签",
        "body" => "本地补充内容",
        other => other,
    }
}

pub(crate) fn scope_view(content: &Content, j: &Jurisdiction, d: &Document) -> Option<ScopeView> {
    if let Some(b) = &d.base {
        let base_j = content.jurisdiction(&b.jurisdiction)?;
        return Some(ScopeView {
            level_zh: base_j.level.policy_zh(),
            places: Vec::new(),
            base: Some(LinkView {
                name: base_j.name.clone(),
                url: format!("{}/{}/", base_j.id, d.slug),
            }),
            changed: b
                .overrides
                .iter()
                .map(|k| match d.figure(k) {
                    Some(f) => f.label.clone(),
                    None => field_zh(k).to_string(),
                })
                .collect(),
            calculators: Vec::new(),
        });
    }
    if j.level == Level::County {
        return None;
    }
    Some(ScopeView {
        level_zh: j.level.policy_zh(),
        places: content
            .applies_to(d)
            .into_iter()
            .map(|c| {
                let own = content
                    .docs_for(c)
                    .into_iter()
                    .find(|x| x.slug == d.slug)
                    .filter(|x| !std::ptr::eq(*x, d));
                match own {
                    Some(x) => LinkView {
                        name: format!("{}（有本地调整）", c.name),
                        url: format!("{}/{}/", x.jurisdiction, x.slug),
                    },
                    None => LinkView {
                        name: c.name.clone(),
                        url: format!("{}/", c.id),
                    },
                }
            })
            .collect(),
        base: None,
        changed: Vec::new(),
        calculators: content
            .applies_to(d)
            .into_iter()
            .filter(|c| offered(content, c).iter().any(|k| d.params.contains_key(k)))
            .map(|c| LinkView {
                name: c.name.clone(),
                url: format!("{}/calculator/", c.id),
            })
            .collect(),
    })
}

/// A worked example (`content/<j>/examples/`), as computed at build time.
#[derive(Serialize, Clone)]
pub(crate) struct ExampleView {
    pub(crate) name: String,
    pub(crate) title: String,
    /// The case's date and household, in plain words.
    pub(crate) inputs: String,
    /// The figures used include an assumption: the 示例 notice goes with it.
    pub(crate) assumed: bool,
    /// The date is after the last known parameters: what the engine says about it.
    pub(crate) notices: Vec<String>,
    /// One part per calculator the case asks about.
    pub(crate) parts: Vec<ExamplePart>,
    #[serde(skip)]
    pub(crate) as_of: mingbai_calc::Date,
    /// Calculators computed with their last known parameters, and the day those are known until.
    #[serde(skip)]
    pub(crate) known_until: Vec<(Calculator, mingbai_calc::Date)>,
}

#[derive(Serialize, Clone)]
pub(crate) struct ExamplePart {
    pub(crate) key: &'static str,
    /// The answer first, in the engine's plain words; what waits for a condition apart.
    pub(crate) answer: Vec<String>,
    pub(crate) later: Vec<String>,
    /// The answer written for listening (the 朗读 button).
    pub(crate) spoken: String,
    pub(crate) figures: Vec<(&'static str, String)>,
    pub(crate) steps: Vec<StepView>,
    /// The pictures of this result (`mingbai-chart`): SVG and a table of numbers, our own escaped
    /// HTML, so a page read without JavaScript shows them too.
    pub(crate) pictures: String,
}

/// One reason of "为什么是这个数": a plain sentence and the figures it rests on, by their Chinese
/// names (never a code path), each linking to the card that states it.
#[derive(Serialize, Clone)]
pub(crate) struct StepView {
    pub(crate) text: String,
    pub(crate) figures: Vec<StepFigure>,
}

#[derive(Serialize, Clone)]
pub(crate) struct StepFigure {
    pub(crate) label: String,
    pub(crate) value: String,
    pub(crate) status: &'static str,
    pub(crate) status_zh: &'static str,
    /// The card, relative to a page of the same county (`../jiankang/`): calculator and card pages
    /// are both one folder below the county.
    pub(crate) href: Option<String>,
}

pub(crate) fn steps_of<'a>(
    traces: impl IntoIterator<Item = (&'a mingbai_calc::Trace, Option<mingbai_calc::Category>)>,
) -> Vec<StepView> {
    traces
        .into_iter()
        .flat_map(|(t, c)| mingbai_calc::plain::reasons(t, c))
        .map(|r| StepView {
            text: r.text,
            figures: r
                .figures
                .iter()
                .map(|f| StepFigure {
                    label: f.label.clone(),
                    value: f.value.clone(),
                    status: status_letter(f.status),
                    status_zh: status_zh(f.status),
                    href: f.doc.as_ref().map(|d| format!("../{d}/")),
                })
                .collect(),
        })
        .collect()
}

pub(crate) fn part(
    key: &'static str,
    answer: mingbai_calc::plain::Answer,
    assumed: bool,
    figures: Vec<(&'static str, String)>,
    steps: Vec<StepView>,
) -> ExamplePart {
    ExamplePart {
        key,
        spoken: mingbai_calc::plain::spoken_answer(&answer, assumed),
        answer: answer.now,
        later: answer.later,
        figures,
        steps,
        pictures: String::new(),
    }
}

/// The figures a worked example shows: the answer's lines of the one presentation
/// (`mingbai_calc::present`), named and valued as the CLI, the browser and the roster show them.
fn main_figures(part: Option<&present::Part>) -> Vec<(&'static str, String)> {
    part.map_or_else(Vec::new, |p| {
        p.lines
            .iter()
            .filter(|l| l.main && !l.quiet)
            .map(|l| (l.label(), l.value.zh()))
            .collect()
    })
}

pub(crate) fn example_view(
    e: &mingbai_content::Example,
    params: Option<&mingbai_calc::JurisdictionParams>,
) -> ExampleView {
    let s = &e.summary;
    let h = &e.case.household;
    let shown = present::present(s);
    let figures = |c: Calculator| main_figures(shown.part(c));
    let mut parts = Vec::new();
    if let Some(m) = &s.medical {
        parts.push(part(
            Calculator::Medical.key(),
            mingbai_calc::plain::medical(m),
            s.uses_assumption,
            figures(Calculator::Medical),
            steps_of(m.persons.iter().map(|p| (&p.trace, Some(p.category)))),
        ));
    }
    if let Some(r) = &s.relocation {
        parts.push(part(
            Calculator::Relocation.key(),
            mingbai_calc::plain::relocation(r),
            s.uses_assumption,
            figures(Calculator::Relocation),
            steps_of([(&r.trace, None)]),
        ));
    }
    if let Some(ed) = &s.education {
        parts.push(part(
            Calculator::Education.key(),
            mingbai_calc::plain::education(ed),
            s.uses_assumption,
            figures(Calculator::Education),
            steps_of(ed.children.iter().map(|c| (&c.trace, None))),
        ));
    }
    if let Some(d) = &s.dibao {
        let mut figures = figures(Calculator::Dibao);
        // Not eligible, the 低保 lines are quiet: a headline of words says why instead.
        if !d.eligible {
            let why = if d.members_counted == 0 {
                "全家都享受特困供养，不再计算"
            } else {
                "收入条件不符合"
            };
            let at = usize::from(d.tekun_members > 0);
            figures.insert(at.min(figures.len()), ("低保", why.to_string()));
        }
        parts.push(part(
            Calculator::Dibao.key(),
            mingbai_calc::plain::dibao(d),
            s.uses_assumption,
            figures,
            steps_of([(&d.trace, None)]),
        ));
    }
    let mut inputs = format!(
        "按{}的政策计算；{}，家庭{}人",
        e.case.as_of.zh(),
        h.category.zh(),
        h.size
    );
    if h.has_disabled_member {
        inputs.push_str("，有残疾人");
    }
    if let Some(place) = &h.place {
        inputs.push_str(&format!("，住{place}"));
    }
    if let Some(params) = params {
        // Ids unique on the page: one example shows on a page once per calculator.
        let id: String = e
            .name
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect();
        let pictures = mingbai_chart::pictures(&e.case, params, s, &format!("ex-{id}"));
        for part in &mut parts {
            part.pictures = pictures
                .iter()
                .filter(|p| p.calculator.key() == part.key)
                .map(|p| p.html.as_str())
                .collect();
        }
    }
    ExampleView {
        name: e.name.clone(),
        title: e.title.clone(),
        inputs,
        assumed: s.uses_assumption,
        notices: s.notices.iter().map(|n| n.zh.clone()).collect(),
        known_until: s
            .notices
            .iter()
            .map(|n| (n.calculator, n.known_until))
            .collect(),
        parts,
        as_of: e.case.as_of,
    }
}

/// The feed carries the latest changes; older ones are on the pages themselves.
pub(crate) const FEED_ENTRIES: usize = 200;

/// How many figures a printed A6 card has room for; the QR code leads to the rest.
pub(crate) const PRINTED_FIGURES: usize = 5;

pub(crate) fn status_letter(s: Status) -> &'static str {
    s.key()
}

pub(crate) fn status_zh(s: Status) -> &'static str {
    s.zh()
}

pub(crate) fn offered(content: &Content, j: &Jurisdiction) -> Vec<Calculator> {
    let params = content.params.get(&j.id);
    j.calculators
        .iter()
        .copied()
        .filter(|c| params.is_some_and(|p| p.offers(*c)))
        .collect()
}

pub(crate) fn calc_views(
    content: &Content,
    j: &Jurisdiction,
    only: Option<&[Calculator]>,
) -> Vec<CalcView> {
    offered(content, j)
        .into_iter()
        .filter(|c| only.is_none_or(|o| o.contains(c)))
        .map(|c| CalcView {
            key: c.key(),
            zh: c.zh(),
            url: format!("{}/calculator/#calc-{}", j.id, c.key()),
        })
        .collect()
}

pub(crate) fn category_url(name: &str) -> String {
    mingbai_content::category_slug(name)
        .map(|s| format!("category/{s}/"))
        .unwrap_or_default()
}

pub(crate) fn policy_view(content: &Content, j: &Jurisdiction, d: &Document) -> PolicyView {
    let calcs: Vec<Calculator> = d.calculators().collect();
    let mut statuses: BTreeSet<Status> = BTreeSet::new();
    let figures: Vec<GroupView> = d
        .figures
        .iter()
        .map(|g| GroupView {
            title: g.title.clone(),
            note: g.note.clone(),
            rows: g
                .rows
                .iter()
                .map(|f| {
                    statuses.insert(f.status);
                    RowView {
                        path: f.path.clone(),
                        label: f.label.clone(),
                        value: f.value.clone(),
                        status: status_letter(f.status),
                        status_zh: status_zh(f.status),
                        src: f.src.clone(),
                    }
                })
                .collect(),
        })
        .collect();
    statuses.insert(d.status);
    // The dates and the issuer are statements like figures: their statuses count for the badges
    // and for the 示例 notice.
    statuses.insert(d.effective.s);
    statuses.extend(d.expires.iter().map(|e| e.s));
    statuses.extend(d.issuer.iter().map(|i| i.s));
    // A card whose own words state an assumption carries the 示例 badge and notice even when every
    // figure is sourced: an S badge alone would vouch for the assumption too.
    if d.body.contains("示例") || d.summary.contains("示例") {
        statuses.insert(Status::A);
    }
    let url = format!("{}/{}/", j.id, d.slug);
    let key: Vec<(String, String)> = figures
        .iter()
        .flat_map(|g| {
            // the group's name is said once, before its first figure
            g.rows.iter().enumerate().map(|(i, r)| {
                let label = if i == 0 {
                    format!("{}：{}", g.title, r.label)
                } else {
                    r.label.clone()
                };
                (label, r.value.clone())
            })
        })
        .take(PRINTED_FIGURES)
        .collect();
    let spoken = mingbai_calc::plain::card_spoken(
        &d.title,
        &d.summary,
        &key,
        &d.how_to_apply,
        statuses.contains(&Status::A),
    );
    PolicyView {
        scope: scope_view(content, j, d),
        spoken,
        jurisdiction: j.id.clone(),
        jurisdiction_name: j.name.clone(),
        slug: d.slug.clone(),
        abs_url: format!("{}{url}", content.site.base_url),
        url,
        title: d.title.clone(),
        category: d.category.clone(),
        category_url: category_url(&d.category),
        issuer: d.issuer.as_ref().map(|i| i.v.clone()),
        issuer_badge: d.issuer.as_ref().map(BadgeView::from),
        doc_number: d.doc_number.clone(),
        effective: d.effective.v.to_string(),
        effective_zh: d.effective.v.zh(),
        effective_badge: BadgeView::from(&d.effective),
        expires: d.expires.as_ref().map(|e| e.v.to_string()),
        expires_zh: d.expires.as_ref().map(|e| e.v.zh()),
        expires_badge: d.expires.as_ref().map(BadgeView::from),
        eligibility: d.eligibility.clone(),
        how_to_apply: d.how_to_apply.clone(),
        hotline: d.hotline.clone(),
        summary: d.summary.clone(),
        source: d.source.clone(),
        status: status_letter(d.status),
        status_zh: status_zh(d.status),
        has_assumed: statuses.contains(&Status::A),
        statuses: statuses
            .iter()
            .map(|s| (status_letter(*s), status_zh(*s)))
            .collect(),
        figure_count: figures.iter().map(|g| g.rows.len()).sum(),
        key_rows: figures
            .iter()
            .flat_map(|g| {
                g.rows.iter().map(move |r| RowView {
                    label: format!("{} · {}", g.title, r.label),
                    ..r.clone()
                })
            })
            .take(PRINTED_FIGURES)
            .collect(),
        figures,
        calculators: calc_views(content, j, Some(&calcs)),
        tags: d.tags.clone(),
    }
}

/// A quoted figure as HTML: value and status badge.
pub(crate) fn figure_html(f: &Figure) -> String {
    let esc = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
    };
    format!(
        "<span class=\"fig\" title=\"{}\">{}<span class=\"badge st-{}\">{}</span></span>",
        esc(&f.label),
        esc(&f.value),
        status_letter(f.status),
        status_zh(f.status)
    )
}

/// The body of a document as HTML, with quoted figures.
pub(crate) fn body_html(
    j: &Jurisdiction,
    d: &Document,
    pages: &BTreeSet<String>,
) -> Result<String, Errors> {
    let mut md = String::with_capacity(d.body.len());
    let mut figs = Figures::for_source(&d.body);
    for p in &d.body_pieces {
        match p {
            BodyPiece::Text(t) => md.push_str(t),
            BodyPiece::Figure(f) => md.push_str(&figs.add(figure_html(f))),
        }
    }
    let ctx = LinkContext {
        file: &d.file,
        first_line: d.body_line,
        jurisdiction: &j.id,
        root: "../../",
        pages,
    };
    markdown::render(&md, &ctx, &figs)
}

/// Plain text of a Markdown body, for the search index.
pub(crate) fn plain_text(md: &str) -> String {
    let mut out = String::with_capacity(md.len());
    for e in Parser::new(md) {
        match e {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::End(_) => out.push(' '),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// JSON for a `<script type="application/json">`: `<` escaped so no `</script>` can end it early.
pub(crate) fn script_json<T: Serialize>(v: &T) -> String {
    serde_json::to_string(v)
        .unwrap_or_else(|_| "null".into())
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}
