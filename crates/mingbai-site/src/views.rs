//! What the templates see, and which page is rendered with which template.

use std::collections::BTreeSet;
use std::path::Path;

use mingbai_calc::{Calculator, Status};
use mingbai_content::{
    resolve_figure, split_shortcodes, Content, ContentError, Document, Errors, Figure,
    Jurisdiction, Piece, CATEGORIES,
};
use mingbai_search::SearchDoc;
use minijinja::{context, Environment, Value};
use pulldown_cmark::{Event, Parser};
use serde::Serialize;

use crate::markdown::{self, Figures, LinkContext};
use crate::{one_error, qr, Output};

#[derive(Serialize, Clone)]
struct SiteView {
    title: String,
    base_url: String,
    /// Path part of the base URL (`/mingbai/`): the 404 page is served at any depth.
    base_path: String,
    language: String,
}

#[derive(Serialize, Clone)]
struct CalcView {
    key: &'static str,
    zh: &'static str,
    url: String,
}

#[derive(Serialize, Clone)]
struct CategoryView {
    name: &'static str,
    slug: &'static str,
    url: String,
    count: usize,
}

#[derive(Serialize, Clone)]
struct JurView {
    id: String,
    name: String,
    full_name: String,
    code: String,
    seed: Option<String>,
    period: Option<String>,
    url: String,
    count: usize,
    calculators: Vec<CalcView>,
}

#[derive(Serialize, Clone)]
struct RowView {
    path: String,
    label: String,
    value: String,
    status: &'static str,
    status_zh: &'static str,
    src: String,
}

#[derive(Serialize, Clone)]
struct GroupView {
    title: String,
    note: Option<String>,
    rows: Vec<RowView>,
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
    figures: Vec<GroupView>,
    /// The first figures, labelled with their group, for the printed card.
    key_rows: Vec<RowView>,
    pub figure_count: usize,
    calculators: Vec<CalcView>,
    pub tags: Vec<String>,
    /// What the 朗读 button speaks: the card written for listening by the engine's plain module.
    pub spoken: String,
}

/// A worked example (`content/<j>/examples/`), as computed at build time.
#[derive(Serialize, Clone)]
struct ExampleView {
    name: String,
    title: String,
    /// The case's date and household, in plain words.
    inputs: String,
    /// The figures used include an assumption: the 示例 notice goes with it.
    assumed: bool,
    /// The date is after the last known parameters: what the engine says about it.
    notices: Vec<String>,
    /// One part per calculator the case asks about.
    parts: Vec<ExamplePart>,
    #[serde(skip)]
    as_of: mingbai_calc::Date,
    /// Calculators computed with their last known parameters, and the day those are known until.
    #[serde(skip)]
    known_until: Vec<(Calculator, mingbai_calc::Date)>,
}

#[derive(Serialize, Clone)]
struct ExamplePart {
    key: &'static str,
    /// The answer first, in the engine's plain words; what waits for a condition apart.
    answer: Vec<String>,
    later: Vec<String>,
    /// The answer written for listening (the 朗读 button).
    spoken: String,
    figures: Vec<(&'static str, String)>,
    steps: Vec<StepView>,
}

/// One reason of "为什么是这个数": a plain sentence and the figures it rests on, by their Chinese
/// names (never a code path), each linking to the card that states it.
#[derive(Serialize, Clone)]
struct StepView {
    text: String,
    figures: Vec<StepFigure>,
}

#[derive(Serialize, Clone)]
struct StepFigure {
    label: String,
    value: String,
    status: &'static str,
    status_zh: &'static str,
    /// The card, relative to a page of the same county (`../jiankang/`): calculator and card pages
    /// are both one folder below the county.
    href: Option<String>,
}

fn steps_of<'a>(
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

fn part(
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
    }
}

fn example_view(e: &mingbai_content::Example) -> ExampleView {
    let s = &e.summary;
    let h = &e.case.household;
    let mut parts = Vec::new();
    if let Some(m) = &s.medical {
        parts.push(part(
            Calculator::Medical.key(),
            mingbai_calc::plain::medical(m),
            s.uses_assumption,
            vec![
                ("个人负担", m.patient_total.zh()),
                ("报销合计", m.fund_total.zh()),
            ],
            steps_of(m.persons.iter().map(|p| (&p.trace, Some(p.category)))),
        ));
    }
    if let Some(r) = &s.relocation {
        // Only what is paid now is a headline; rewards waiting for a condition are shown apart.
        let mut figures = vec![("现在可领", r.paid_now.zh())];
        if r.to_come != mingbai_calc::Money::ZERO {
            figures.push(("待发奖励（条件满足后才发）", r.to_come.zh()));
        }
        if let Some(pays) = r.household_pays {
            figures.push(("家庭自筹", pays.zh()));
        }
        parts.push(part(
            Calculator::Relocation.key(),
            mingbai_calc::plain::relocation(r),
            s.uses_assumption,
            figures,
            steps_of([(&r.trace, None)]),
        ));
    }
    if let Some(ed) = &s.education {
        let mut figures = vec![("补助合计", ed.grants_total.zh())];
        if ed.loans_total != mingbai_calc::Money::ZERO {
            figures.push(("可申请贷款", ed.loans_total.zh()));
        }
        parts.push(part(
            Calculator::Education.key(),
            mingbai_calc::plain::education(ed),
            s.uses_assumption,
            figures,
            steps_of(ed.children.iter().map(|c| (&c.trace, None))),
        ));
    }
    if let Some(d) = &s.dibao {
        let mut figures = Vec::new();
        if d.tekun_members > 0 {
            figures.push((
                "计入低保人数",
                format!(
                    "{}人（{}人享受特困供养，不重复计入）",
                    d.members_counted, d.tekun_members
                ),
            ));
        }
        if d.eligible {
            figures.push(("每月低保金", d.monthly_benefit.zh()));
            figures.push(("每年低保金", d.annual_benefit.zh()));
        } else if d.members_counted == 0 {
            figures.push(("低保", "全家都享受特困供养，不再计算".to_string()));
        } else {
            figures.push(("低保", "收入条件不符合".to_string()));
        }
        if let Some(t) = &d.taper {
            figures.push((
                "渐退剩余",
                format!("{}个月，共{}", t.months_left, t.amount_left.zh()),
            ));
            figures.push((
                "渐退期按哪年的参数",
                format!("{}起的参数（渐退开始时已确定）", t.params_from.zh()),
            ));
        }
        if d.tekun_annual != mingbai_calc::Money::ZERO {
            figures.push(("特困供养金（每年）", d.tekun_annual.zh()));
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
const FEED_ENTRIES: usize = 200;

/// How many figures a printed A6 card has room for; the QR code leads to the rest.
const PRINTED_FIGURES: usize = 5;

fn status_letter(s: Status) -> &'static str {
    match s {
        Status::S => "S",
        Status::V => "V",
        Status::R => "R",
        Status::L => "L",
        Status::A => "A",
    }
}

fn status_zh(s: Status) -> &'static str {
    match s {
        Status::A => "示例",
        other => other.zh(),
    }
}

fn offered(content: &Content, j: &Jurisdiction) -> Vec<Calculator> {
    let params = content.params.get(&j.id);
    j.calculators
        .iter()
        .copied()
        .filter(|c| params.is_some_and(|p| p.offers(*c)))
        .collect()
}

fn calc_views(content: &Content, j: &Jurisdiction, only: Option<&[Calculator]>) -> Vec<CalcView> {
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

fn category_url(name: &str) -> String {
    mingbai_content::category_slug(name)
        .map(|s| format!("category/{s}/"))
        .unwrap_or_default()
}

fn policy_view(content: &Content, j: &Jurisdiction, d: &Document) -> PolicyView {
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
fn figure_html(f: &Figure) -> String {
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
fn body_html(j: &Jurisdiction, d: &Document, pages: &BTreeSet<String>) -> Result<String, Errors> {
    let pieces = split_shortcodes(&d.body, d.body_line, &d.file, |p| {
        resolve_figure(j, d, p).is_some()
    })?;
    let mut md = String::with_capacity(d.body.len());
    let mut figs = Figures::for_source(&d.body);
    for p in pieces {
        match p {
            Piece::Text(t) => md.push_str(t),
            Piece::Param { path, .. } => {
                let f = resolve_figure(j, d, path).expect("checked by split_shortcodes");
                md.push_str(&figs.add(figure_html(f)));
            }
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
fn plain_text(md: &str) -> String {
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
fn script_json<T: Serialize>(v: &T) -> String {
    serde_json::to_string(v)
        .unwrap_or_else(|_| "null".into())
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

struct Ctx<'a> {
    env: &'a Environment<'static>,
    site: SiteView,
    jurisdictions: Vec<JurView>,
    categories: Vec<CategoryView>,
    /// Worked examples by jurisdiction id.
    examples: std::collections::BTreeMap<String, Vec<ExampleView>>,
}

impl Ctx<'_> {
    fn page(
        &self,
        template: &str,
        root: &str,
        path: &str,
        extra: Value,
    ) -> Result<Vec<u8>, Errors> {
        let tmpl = self
            .env
            .get_template(template)
            .map_err(|e| one_error(Path::new("site/templates"), e.to_string()))?;
        let canonical = format!(
            "{}{}",
            self.site.base_url,
            path.strip_suffix("index.html").unwrap_or(path)
        );
        let ctx = context! {
            site => Value::from_serialize(&self.site),
            root => root,
            path => path,
            canonical => canonical,
            jurisdictions => Value::from_serialize(&self.jurisdictions),
            categories => Value::from_serialize(&self.categories),
            ..extra
        };
        tmpl.render(ctx).map(String::into_bytes).map_err(|e| {
            let mut msg = format!("{e}");
            let mut src = std::error::Error::source(&e);
            while let Some(s) = src {
                msg.push_str(&format!(": {s}"));
                src = s.source();
            }
            one_error(
                Path::new(&format!("site/templates/{}", e.name().unwrap_or(template))),
                format!("line {}: {msg} (rendering {path})", e.line().unwrap_or(0)),
            )
        })
    }
}

fn root_of(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

/// Renders every page. `existing` holds the files already in the output (static, attachments).
pub(crate) fn render_pages(
    content: &Content,
    env: &Environment<'static>,
    existing: &Output,
) -> Result<Output, Errors> {
    let base_path = content
        .site
        .base_url
        .splitn(4, '/')
        .nth(3)
        .map(|p| format!("/{p}"))
        .unwrap_or_else(|| "/".into());
    let site = SiteView {
        title: content.site.title.clone(),
        base_url: content.site.base_url.clone(),
        base_path,
        language: content.site.language.clone(),
    };

    let jurisdictions: Vec<JurView> = content
        .jurisdictions
        .iter()
        .map(|j| JurView {
            id: j.id.clone(),
            name: j.name.clone(),
            full_name: j.full_name.clone(),
            code: j.code.clone(),
            seed: j.seed.clone(),
            period: j.period.clone(),
            url: format!("{}/", j.id),
            count: j.docs.len(),
            calculators: calc_views(content, j, None),
        })
        .collect();
    let categories: Vec<CategoryView> = CATEGORIES
        .iter()
        .map(|(name, slug)| CategoryView {
            name,
            slug,
            url: format!("category/{slug}/"),
            count: content.docs().filter(|d| d.category == *name).count(),
        })
        .filter(|c| c.count > 0)
        .collect();

    // Every path a body may link to.
    let mut pages: BTreeSet<String> = existing.keys().cloned().collect();
    pages.insert("search/".into());
    for j in &content.jurisdictions {
        pages.insert(format!("{}/", j.id));
        pages.insert(format!("{}/print/a6/", j.id));
        pages.insert(format!("{}/print/a4/", j.id));
        if !offered(content, j).is_empty() {
            pages.insert(format!("{}/calculator/", j.id));
        }
        for d in &j.docs {
            pages.insert(format!("{}/{}/", j.id, d.slug));
        }
    }
    for c in &categories {
        pages.insert(c.url.clone());
    }

    let examples = content
        .examples
        .iter()
        .map(|(id, list)| (id.clone(), list.iter().map(example_view).collect()))
        .collect();
    let ctx = Ctx {
        env,
        site,
        jurisdictions,
        categories,
        examples,
    };

    // Policy views (cheap) for every document, in content order.
    let views: Vec<(usize, usize, PolicyView)> = content
        .jurisdictions
        .iter()
        .enumerate()
        .flat_map(|(ji, j)| j.docs.iter().enumerate().map(move |(di, d)| (ji, di, d)))
        .map(|(ji, di, d)| (ji, di, policy_view(content, &content.jurisdictions[ji], d)))
        .collect();
    let all_views: Vec<&PolicyView> = views.iter().map(|(_, _, v)| v).collect();

    // Every page is a job; jobs run on all cores, biggest first, and their results are merged
    // into a sorted map, so the output does not depend on which thread did what.
    let mut jobs: Vec<Job> = Vec::new();
    jobs.extend((0..ctx.categories.len()).map(Job::Category));
    jobs.extend([
        Job::Site(SitePage::Search),
        Job::Site(SitePage::Feed),
        Job::Site(SitePage::Home),
    ]);
    jobs.extend((0..content.jurisdictions.len()).map(Job::Jurisdiction));
    jobs.extend((0..views.len()).map(Job::Policy));
    // The search index is the longest single job: it goes first.
    jobs.insert(0, Job::SearchIndex);
    let next = std::sync::atomic::AtomicUsize::new(0);
    // MINGBAI_TIMING=1 prints where render time goes (for the bench).
    let timing = std::env::var_os("MINGBAI_TIMING").is_some();
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, 8);
    let shared = Shared {
        content,
        ctx: &ctx,
        views: &views,
        all_views: &all_views,
        pages: &pages,
    };
    let results: Vec<(Output, Errors)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                let (jobs, next, shared) = (&jobs, &next, &shared);
                s.spawn(move || {
                    let mut out = Output::new();
                    let mut errors = Errors::default();
                    let mut spent = [0f64; 5];
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(job) = jobs.get(i) else { break };
                        let t = std::time::Instant::now();
                        match shared.run(*job) {
                            Ok(files) => out.extend(files),
                            Err(e) => errors.extend(e),
                        }
                        if timing {
                            let kind = match job {
                                Job::Jurisdiction(_) => 0,
                                Job::Category(_) => 1,
                                Job::Site(_) => 2,
                                Job::Policy(_) => 3,
                                Job::SearchIndex => 4,
                            };
                            spent[kind] += t.elapsed().as_secs_f64();
                        }
                    }
                    if timing {
                        eprintln!(
                            "  thread: jurisdictions {:.2}s, categories {:.2}s, site {:.2}s, policies {:.2}s, search index {:.2}s",
                            spent[0], spent[1], spent[2], spent[3], spent[4]
                        );
                    }
                    (out, errors)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join().unwrap_or_else(|_| {
                    (
                        Output::new(),
                        one_error(Path::new("."), "a render thread panicked".into()),
                    )
                })
            })
            .collect()
    });
    let mut out = Output::new();
    let mut errors = Errors::default();
    for (o, e) in results {
        out.extend(o);
        errors.extend(e);
    }

    // The sitemap lists the pages made above.
    let dates: std::collections::HashMap<&str, &str> = all_views
        .iter()
        .map(|v| (v.url.as_str(), v.effective.as_str()))
        .collect();
    let mut urls: Vec<(String, Option<String>)> = Vec::new();
    for k in out.keys().filter(|k| k.ends_with("index.html")) {
        let u = k.strip_suffix("index.html").unwrap_or(k).to_string();
        let lastmod = dates.get(u.as_str()).map(|d| d.to_string());
        urls.push((u, lastmod));
    }
    urls.sort();
    match ctx.page("sitemap.xml", "", "sitemap.xml", context! { urls => urls }) {
        Ok(b) => {
            out.insert("sitemap.xml".into(), b);
        }
        Err(e) => errors.extend(e),
    }

    let errors = errors.finish();
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

#[derive(Clone, Copy)]
enum SitePage {
    /// home and 404
    Home,
    Search,
    Feed,
}

/// What lists of all policies (search page, feed) need of each: not its figures.
#[derive(Serialize)]
struct Brief<'a> {
    url: &'a str,
    abs_url: &'a str,
    title: &'a str,
    jurisdiction: &'a str,
    jurisdiction_name: &'a str,
    category: &'a str,
    summary: &'a str,
    effective_zh: &'a str,
}

impl<'a> From<&'a PolicyView> for Brief<'a> {
    fn from(v: &'a PolicyView) -> Self {
        Brief {
            url: &v.url,
            abs_url: &v.abs_url,
            title: &v.title,
            jurisdiction: &v.jurisdiction,
            jurisdiction_name: &v.jurisdiction_name,
            category: &v.category,
            summary: &v.summary,
            effective_zh: &v.effective_zh,
        }
    }
}

#[derive(Clone, Copy)]
enum Job {
    /// A jurisdiction's page, print sheets and calculator page.
    Jurisdiction(usize),
    Category(usize),
    Site(SitePage),
    /// `search-index.json`, by mingbai-search.
    SearchIndex,
    Policy(usize),
}

struct Shared<'a> {
    content: &'a Content,
    ctx: &'a Ctx<'a>,
    views: &'a [(usize, usize, PolicyView)],
    all_views: &'a [&'a PolicyView],
    pages: &'a BTreeSet<String>,
}

impl Shared<'_> {
    fn run(&self, job: Job) -> Result<Vec<(String, Vec<u8>)>, Errors> {
        match job {
            Job::Policy(i) => {
                let (ji, di, v) = &self.views[i];
                let j = &self.content.jurisdictions[*ji];
                let d = &j.docs[*di];
                Ok(vec![policy_page(
                    self.content,
                    self.ctx,
                    j,
                    d,
                    v,
                    self.pages,
                )?])
            }
            Job::Jurisdiction(ji) => self.jurisdiction(ji),
            Job::Category(ci) => {
                let c = &self.ctx.categories[ci];
                let mut cards: Vec<&PolicyView> = self
                    .all_views
                    .iter()
                    .copied()
                    .filter(|v| v.category == c.name)
                    .collect();
                cards.sort_by(|a, b| {
                    a.jurisdiction
                        .cmp(&b.jurisdiction)
                        .then(b.effective.cmp(&a.effective))
                        .then(a.slug.cmp(&b.slug))
                });
                let path = format!("category/{}/index.html", c.slug);
                let page = self.ctx.page("category.html", &root_of(&path), &path, context! { category => Value::from_serialize(c), cards => Value::from_serialize(&cards) })?;
                Ok(vec![(path, page)])
            }
            Job::Site(which) => self.site_page(which),
            Job::SearchIndex => {
                let mut docs: Vec<SearchDoc> = self
                    .views
                    .iter()
                    .map(|(ji, di, v)| search_doc(&self.content.jurisdictions[*ji].docs[*di], v))
                    .collect();
                docs.extend(self.ctx.jurisdictions.iter().filter_map(calculator_doc));
                docs.sort_by(|a, b| a.url.cmp(&b.url));
                Ok(vec![(
                    "search-index.json".to_string(),
                    mingbai_search::build_index(&docs).into_bytes(),
                )])
            }
        }
    }

    fn jurisdiction(&self, ji: usize) -> Result<Vec<(String, Vec<u8>)>, Errors> {
        let (content, ctx) = (self.content, self.ctx);
        let j = &content.jurisdictions[ji];
        let jv = &ctx.jurisdictions[ji];
        let mut files = Vec::new();
        let mut errors = Errors::default();
        let mut cards: Vec<&PolicyView> = self
            .views
            .iter()
            .filter(|(k, _, _)| *k == ji)
            .map(|(_, _, v)| v)
            .collect();
        cards.sort_by(|a, b| {
            cat_order(&a.category)
                .cmp(&cat_order(&b.category))
                .then(b.effective.cmp(&a.effective))
                .then(a.slug.cmp(&b.slug))
        });
        let cards_value = Value::from_serialize(&cards);
        let intro_ctx = LinkContext {
            file: &j.file,
            first_line: j.intro_line,
            jurisdiction: &j.id,
            root: "../",
            pages: self.pages,
        };
        let intro = markdown::render(&j.intro, &intro_ctx, &Figures::for_source(&j.intro))?;
        let path = format!("{}/index.html", j.id);
        files.push((path.clone(), ctx.page("jurisdiction.html", &root_of(&path), &path, context! { jur => Value::from_serialize(jv), intro => intro, cards => cards_value.clone() })?));

        // Print sheets: cards with QR codes to each policy's page.
        let mut printed = Vec::new();
        for v in &cards {
            match qr::svg(&v.abs_url, &format!("二维码：{}", v.abs_url)) {
                Ok(svg) => printed.push(context! { p => Value::from_serialize(v), qr => svg }),
                Err(e) => errors.push(ContentError::new(&j.file, None, None, e)),
            }
        }
        let sheets: Vec<Vec<Value>> = printed.chunks(4).map(|c| c.to_vec()).collect();
        for (kind, template) in [("a6", "print_a6.html"), ("a4", "print_a4.html")] {
            let path = format!("{}/print/{kind}/index.html", j.id);
            files.push((path.clone(), ctx.page(template, &root_of(&path), &path, context! { jur => Value::from_serialize(jv), cards => printed.clone(), sheets => sheets.clone() })?));
        }

        if let (false, Some(params)) = (jv.calculators.is_empty(), content.params.get(&j.id)) {
            let path = format!("{}/calculator/index.html", j.id);
            let keys: Vec<&str> = jv.calculators.iter().map(|c| c.key).collect();
            files.push((
                path.clone(),
                ctx.page(
                    "calculator.html",
                    &root_of(&path),
                    &path,
                    context! { jur => Value::from_serialize(jv), params_json => script_json(params), calc_keys => keys.join(" "), calc_list => keys, cards => cards_value, examples => Value::from_serialize(ctx.examples.get(&j.id).map(Vec::as_slice).unwrap_or_default()) },
                )?,
            ));
        }
        if errors.is_empty() {
            Ok(files)
        } else {
            Err(errors)
        }
    }

    fn site_page(&self, which: SitePage) -> Result<Vec<(String, Vec<u8>)>, Errors> {
        let ctx = self.ctx;
        let mut files = Vec::new();
        match which {
            SitePage::Home => {
                let mut recent: Vec<&PolicyView> = self.all_views.to_vec();
                recent.sort_by(|a, b| b.effective.cmp(&a.effective).then(a.url.cmp(&b.url)));
                recent.truncate(10);
                let recent: Vec<Brief<'_>> = recent.into_iter().map(Brief::from).collect();
                files.push((
                    "index.html".to_string(),
                    ctx.page(
                        "home.html",
                        "",
                        "index.html",
                        context! { recent => Value::from_serialize(&recent) },
                    )?,
                ));
                files.push((
                    "404.html".to_string(),
                    ctx.page("404.html", &ctx.site.base_path, "404.html", context! {})?,
                ));
                // What the service worker shows for a page not yet visited, with no network.
                files.push((
                    "offline.html".to_string(),
                    ctx.page(
                        "offline.html",
                        &ctx.site.base_path,
                        "offline.html",
                        context! {},
                    )?,
                ));
            }
            SitePage::Search => {
                // Grouped here: a template filtering all policies per jurisdiction is quadratic.
                let groups: Vec<Value> = ctx
                    .jurisdictions
                    .iter()
                    .map(|j| {
                        let mut list: Vec<Brief<'_>> = self.all_views.iter().filter(|v| v.jurisdiction == j.id).map(|v| Brief::from(*v)).collect();
                        list.sort_by(|a, b| a.url.cmp(b.url));
                        context! { jur => Value::from_serialize(j), policies => Value::from_serialize(&list) }
                    })
                    .collect();
                files.push((
                    "search/index.html".to_string(),
                    ctx.page(
                        "search.html",
                        "../",
                        "search/index.html",
                        context! { groups => groups, total => self.all_views.len() },
                    )?,
                ));
            }
            SitePage::Feed => {
                // Policy changes: a document taking effect, and one expiring, are changes.
                let mut changes: Vec<(&str, &'static str, &PolicyView)> = Vec::new();
                for v in self.all_views {
                    changes.push((&v.effective, "effective", v));
                    if let Some(e) = &v.expires {
                        changes.push((e, "expires", v));
                    }
                }
                changes.sort_by(|a, b| b.0.cmp(a.0).then(a.2.url.cmp(&b.2.url)).then(a.1.cmp(b.1)));
                let updated = changes
                    .first()
                    .map(|c| c.0.to_string())
                    .unwrap_or_else(|| "2000-01-01".into());
                changes.truncate(FEED_ENTRIES);
                let entries: Vec<Value> = changes
                    .iter()
                    .map(|(date, key, v)| context! { date => date, key => key, what => if *key == "effective" { "施行" } else { "到期" }, p => Value::from_serialize(Brief::from(*v)) })
                    .collect();
                files.push((
                    "feed.xml".to_string(),
                    ctx.page(
                        "feed.xml",
                        "",
                        "feed.xml",
                        context! { entries => entries, updated => updated },
                    )?,
                ));
            }
        }
        Ok(files)
    }
}

fn search_doc(d: &Document, v: &PolicyView) -> SearchDoc {
    let mut text = plain_text(&d.body);
    for line in d
        .eligibility
        .iter()
        .chain([&d.how_to_apply])
        .chain(d.tags.iter())
    {
        text.push(' ');
        text.push_str(line);
    }
    for f in d.figures.iter().flat_map(|g| &g.rows) {
        text.push(' ');
        text.push_str(&f.label);
        text.push_str(&f.value);
    }
    SearchDoc {
        url: v.url.clone(),
        title: v.title.clone(),
        jurisdiction: v.jurisdiction_name.clone(),
        category: v.category.clone(),
        summary: v.summary.clone(),
        text,
    }
}

/// A county's calculator page as a search result, found by the words people use for what it
/// computes (住院报销, 看病, 搬迁补助, 计算器) and not only by the policies' own titles.
fn calculator_doc(j: &JurView) -> Option<SearchDoc> {
    if j.calculators.is_empty() {
        return None;
    }
    let what: Vec<&str> = j
        .calculators
        .iter()
        .map(|c| match c.key {
            "medical" => "看病住院报销",
            "relocation" => "搬迁建房补助",
            "education" => "上学资助",
            "dibao" => "低保和渐退",
            _ => c.zh,
        })
        .collect();
    let mut text = String::from("计算器 算一算 能领多少 能报销多少 自己付多少");
    for c in &j.calculators {
        text.push(' ');
        text.push_str(c.zh);
        text.push(' ');
        text.push_str(match c.key {
            "medical" => "看病 住院 住院报销 门诊 慢性病 医疗费用 医保 大病保险 医疗救助 自付",
            "relocation" => "搬迁补助 易地扶贫搬迁 建房补助 危房改造 盖房",
            "education" => "上学 教育资助 雨露计划 助学金 学费",
            "dibao" => "低保 渐退 低保金 特困供养 每月能领",
            _ => "",
        });
    }
    Some(SearchDoc {
        url: format!("{}/calculator/", j.id),
        title: format!("{}计算器：{}", j.name, what.join("、")),
        jurisdiction: j.name.clone(),
        category: "计算器".into(),
        summary: "算一算我能领多少：填上家庭情况，算出能报销多少、自己付多少、能领多少补助。"
            .into(),
        text,
    })
}

fn cat_order(name: &str) -> usize {
    CATEGORIES
        .iter()
        .position(|(n, _)| *n == name)
        .unwrap_or(usize::MAX)
}

fn policy_page(
    content: &Content,
    ctx: &Ctx<'_>,
    j: &Jurisdiction,
    d: &Document,
    v: &PolicyView,
    pages: &BTreeSet<String>,
) -> Result<(String, Vec<u8>), Errors> {
    let body = body_html(j, d, pages)?;
    let path = format!("{}/{}/index.html", j.id, d.slug);
    let jv = ctx
        .jurisdictions
        .iter()
        .find(|x| x.id == j.id)
        .expect("same jurisdictions");
    let keys: Vec<&str> = v.calculators.iter().map(|c| c.key).collect();
    let params_json = if keys.is_empty() {
        String::new()
    } else {
        content
            .params
            .get(&j.id)
            .map(script_json)
            .unwrap_or_default()
    };
    // The examples of this page's calculators computed with this document in force, or with the
    // last known parameters when this document was in force on their last day.
    let examples: Vec<&ExampleView> = ctx
        .examples
        .get(&j.id)
        .into_iter()
        .flatten()
        .filter(|e| {
            let with_this = d.in_force(e.as_of)
                || e.known_until
                    .iter()
                    .any(|(c, until)| d.params.contains_key(c) && d.in_force(*until));
            with_this && e.parts.iter().any(|p| keys.contains(&p.key))
        })
        .collect();
    let bytes = ctx.page(
        "policy.html",
        "../../",
        &path,
        context! { jur => Value::from_serialize(jv), p => Value::from_serialize(v), body => body, params_json => params_json, calc_keys => keys.join(" "), calc_list => keys, examples => Value::from_serialize(&examples) },
    )?;
    Ok((path, bytes))
}
