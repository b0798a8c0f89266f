//! What the templates see, and which page is rendered with which template.

use std::collections::BTreeSet;
use std::path::Path;

use mingbai_calc::{Calculator, Status};
use mingbai_content::{resolve_figure, split_shortcodes, Content, ContentError, Document, Errors, Figure, Jurisdiction, Piece, CATEGORIES};
use mingbai_search::SearchDoc;
use minijinja::{context, Environment, Value};
use pulldown_cmark::{Event, Parser};
use serde::Serialize;

use crate::markdown::{self, LinkContext, MARK_CLOSE, MARK_OPEN};
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
    pub issuer: String,
    pub doc_number: Option<String>,
    pub effective: String,
    pub effective_zh: String,
    pub expires: Option<String>,
    pub expires_zh: Option<String>,
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
}

/// How many figures a printed A6 card has room for; the QR code leads to the rest.
const PRINTED_FIGURES: usize = 5;

fn status_letter(s: Status) -> &'static str {
    match s {
        Status::S => "S",
        Status::V => "V",
        Status::R => "R",
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
    j.calculators.iter().copied().filter(|c| params.is_some_and(|p| p.offers(*c))).collect()
}

fn calc_views(content: &Content, j: &Jurisdiction, only: Option<&[Calculator]>) -> Vec<CalcView> {
    offered(content, j)
        .into_iter()
        .filter(|c| only.is_none_or(|o| o.contains(c)))
        .map(|c| CalcView { key: c.key(), zh: c.zh(), url: format!("{}/calculator/#calc-{}", j.id, c.key()) })
        .collect()
}

fn category_url(name: &str) -> String {
    mingbai_content::category_slug(name).map(|s| format!("category/{s}/")).unwrap_or_default()
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
    let url = format!("{}/{}/", j.id, d.slug);
    PolicyView {
        jurisdiction: j.id.clone(),
        jurisdiction_name: j.name.clone(),
        slug: d.slug.clone(),
        abs_url: format!("{}{url}", content.site.base_url),
        url,
        title: d.title.clone(),
        category: d.category.clone(),
        category_url: category_url(&d.category),
        issuer: d.issuer.clone(),
        doc_number: d.doc_number.clone(),
        effective: d.effective.to_string(),
        effective_zh: d.effective.zh(),
        expires: d.expires.map(|e| e.to_string()),
        expires_zh: d.expires.map(|e| e.zh()),
        eligibility: d.eligibility.clone(),
        how_to_apply: d.how_to_apply.clone(),
        hotline: d.hotline.clone(),
        summary: d.summary.clone(),
        source: d.source.clone(),
        status: status_letter(d.status),
        status_zh: status_zh(d.status),
        has_assumed: statuses.contains(&Status::A),
        statuses: statuses.iter().map(|s| (status_letter(*s), status_zh(*s))).collect(),
        figure_count: figures.iter().map(|g| g.rows.len()).sum(),
        key_rows: figures
            .iter()
            .flat_map(|g| g.rows.iter().map(move |r| RowView { label: format!("{} · {}", g.title, r.label), ..r.clone() }))
            .take(PRINTED_FIGURES)
            .collect(),
        figures,
        calculators: calc_views(content, j, Some(&calcs)),
        tags: d.tags.clone(),
    }
}

/// A quoted figure as HTML: value and status badge.
fn figure_html(f: &Figure) -> String {
    let esc = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;");
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
    let pieces = split_shortcodes(&d.body, d.body_line, &d.file, |p| resolve_figure(j, d, p).is_some())?;
    let mut md = String::with_capacity(d.body.len());
    let mut figs = Vec::new();
    for p in pieces {
        match p {
            Piece::Text(t) => md.push_str(t),
            Piece::Param { path, .. } => {
                let f = resolve_figure(j, d, path).expect("checked by split_shortcodes");
                md.push(MARK_OPEN);
                md.push_str(&figs.len().to_string());
                md.push(MARK_CLOSE);
                figs.push(figure_html(f));
            }
        }
    }
    let ctx = LinkContext { file: &d.file, first_line: d.body_line, jurisdiction: &j.id, root: "../../", pages };
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
    serde_json::to_string(v).unwrap_or_else(|_| "null".into()).replace('<', "\\u003c").replace('>', "\\u003e").replace('&', "\\u0026")
}

struct Ctx<'a> {
    env: &'a Environment<'static>,
    site: SiteView,
    jurisdictions: Vec<JurView>,
    categories: Vec<CategoryView>,
}

impl Ctx<'_> {
    fn page(&self, template: &str, root: &str, path: &str, extra: Value) -> Result<Vec<u8>, Errors> {
        let tmpl = self.env.get_template(template).map_err(|e| one_error(Path::new("site/templates"), e.to_string()))?;
        let canonical = format!("{}{}", self.site.base_url, path.strip_suffix("index.html").unwrap_or(path));
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
            one_error(Path::new(&format!("site/templates/{}", e.name().unwrap_or(template))), format!("line {}: {msg} (rendering {path})", e.line().unwrap_or(0)))
        })
    }
}

fn root_of(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

/// Renders every page. `existing` holds the files already in the output (static, attachments).
pub(crate) fn render_pages(content: &Content, env: &Environment<'static>, existing: &Output) -> Result<Output, Errors> {
    let base_path = content.site.base_url.splitn(4, '/').nth(3).map(|p| format!("/{p}")).unwrap_or_else(|| "/".into());
    let site = SiteView { title: content.site.title.clone(), base_url: content.site.base_url.clone(), base_path, language: content.site.language.clone() };

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
        .map(|(name, slug)| CategoryView { name, slug, url: format!("category/{slug}/"), count: content.docs().filter(|d| d.category == *name).count() })
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

    let ctx = Ctx { env, site, jurisdictions, categories };
    let mut out = Output::new();
    let mut errors = Errors::default();

    // Policy views (cheap) for every document, in content order.
    let views: Vec<(usize, PolicyView)> = content
        .jurisdictions
        .iter()
        .enumerate()
        .flat_map(|(ji, j)| j.docs.iter().map(move |d| (ji, d)))
        .map(|(ji, d)| (ji, policy_view(content, &content.jurisdictions[ji], d)))
        .collect();

    // Policy pages: the bulk of the work, rendered on all cores.
    let docs: Vec<(&Jurisdiction, &Document, &PolicyView)> =
        views.iter().map(|(ji, v)| (&content.jurisdictions[*ji], content.jurisdictions[*ji].docs.iter().find(|d| d.slug == v.slug).expect("same docs"), v)).collect();
    let threads = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1).clamp(1, 8);
    let chunk = docs.len().div_ceil(threads).max(1);
    let results: Vec<(Output, Errors, Vec<SearchDoc>)> = std::thread::scope(|s| {
        let handles: Vec<_> = docs
            .chunks(chunk)
            .map(|part| {
                let ctx = &ctx;
                let pages = &pages;
                s.spawn(move || {
                    let mut out = Output::new();
                    let mut errors = Errors::default();
                    let mut search = Vec::new();
                    for (j, d, v) in part {
                        match policy_page(content, ctx, j, d, v, pages) {
                            Ok((path, bytes)) => {
                                out.insert(path, bytes);
                            }
                            Err(e) => errors.extend(e),
                        }
                        let mut text = plain_text(&d.body);
                        for line in d.eligibility.iter().chain([&d.how_to_apply]).chain(d.tags.iter()) {
                            text.push(' ');
                            text.push_str(line);
                        }
                        for f in d.figures.iter().flat_map(|g| &g.rows) {
                            text.push_str(&format!(" {}{}", f.label, f.value));
                        }
                        search.push(SearchDoc {
                            url: v.url.clone(),
                            title: v.title.clone(),
                            jurisdiction: v.jurisdiction_name.clone(),
                            category: v.category.clone(),
                            summary: v.summary.clone(),
                            text,
                        });
                    }
                    (out, errors, search)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap_or_else(|_| (Output::new(), one_error(Path::new("."), "a render thread panicked".into()), Vec::new()))).collect()
    });
    let mut search_docs = Vec::new();
    for (o, e, s) in results {
        out.extend(o);
        errors.extend(e);
        search_docs.extend(s);
    }

    let all_views: Vec<&PolicyView> = views.iter().map(|(_, v)| v).collect();

    // Home.
    let mut recent: Vec<&PolicyView> = all_views.clone();
    recent.sort_by(|a, b| b.effective.cmp(&a.effective).then(a.url.cmp(&b.url)));
    recent.truncate(10);
    macro_rules! push {
        ($path:expr, $r:expr $(,)?) => {
            match $r {
                Ok(b) => {
                    out.insert($path, b);
                }
                Err(e) => errors.extend(e),
            }
        };
    }
    push!("index.html".into(), ctx.page("home.html", "", "index.html", context! { recent => Value::from_serialize(&recent) }));

    for (ji, j) in content.jurisdictions.iter().enumerate() {
        let jv = &ctx.jurisdictions[ji];
        let mut cards: Vec<&PolicyView> = views.iter().filter(|(k, _)| *k == ji).map(|(_, v)| v).collect();
        cards.sort_by(|a, b| cat_order(&a.category).cmp(&cat_order(&b.category)).then(b.effective.cmp(&a.effective)).then(a.slug.cmp(&b.slug)));
        let intro_ctx = LinkContext { file: &j.file, first_line: j.intro_line, jurisdiction: &j.id, root: "../", pages: &pages };
        let intro = match markdown::render(&j.intro, &intro_ctx, &[]) {
            Ok(h) => h,
            Err(e) => {
                errors.extend(e);
                String::new()
            }
        };
        let path = format!("{}/index.html", j.id);
        push!(path.clone(), ctx.page("jurisdiction.html", &root_of(&path), &path, context! { jur => Value::from_serialize(jv), intro => intro, cards => Value::from_serialize(&cards) }));

        // Print sheets: cards with QR codes to each policy's page.
        let mut printed = Vec::new();
        for v in &cards {
            match qr::svg(&v.abs_url, &format!("二维码：{}", v.abs_url)) {
                Ok(svg) => printed.push(context! { p => Value::from_serialize(v), qr => svg }),
                Err(e) => errors.push(ContentError::new(&j.file, None, None, e)),
            }
        }
        for (kind, template) in [("a6", "print_a6.html"), ("a4", "print_a4.html")] {
            let path = format!("{}/print/{kind}/index.html", j.id);
            let sheets: Vec<Vec<Value>> = printed.chunks(4).map(|c| c.to_vec()).collect();
            push!(path.clone(), ctx.page(template, &root_of(&path), &path, context! { jur => Value::from_serialize(jv), cards => printed.clone(), sheets => sheets }));
        }

        if let (false, Some(params)) = (jv.calculators.is_empty(), content.params.get(&j.id)) {
            let path = format!("{}/calculator/index.html", j.id);
            let keys: Vec<&str> = jv.calculators.iter().map(|c| c.key).collect();
            push!(
                path.clone(),
                ctx.page(
                    "calculator.html",
                    &root_of(&path),
                    &path,
                    context! { jur => Value::from_serialize(jv), params_json => script_json(params), calc_keys => keys.join(" "), calc_list => keys, cards => Value::from_serialize(&cards) },
                ),
            );
        }
    }

    for c in &ctx.categories {
        let mut cards: Vec<&PolicyView> = all_views.iter().copied().filter(|v| v.category == c.name).collect();
        cards.sort_by(|a, b| a.jurisdiction.cmp(&b.jurisdiction).then(b.effective.cmp(&a.effective)).then(a.slug.cmp(&b.slug)));
        let path = format!("category/{}/index.html", c.slug);
        push!(path.clone(), ctx.page("category.html", &root_of(&path), &path, context! { category => Value::from_serialize(c), cards => Value::from_serialize(&cards) }));
    }

    let mut sorted_views = all_views.clone();
    sorted_views.sort_by(|a, b| a.url.cmp(&b.url));
    push!("search/index.html".into(), ctx.page("search.html", "../", "search/index.html", context! { all => Value::from_serialize(&sorted_views) }));
    push!("404.html".into(), ctx.page("404.html", &ctx.site.base_path, "404.html", context! {}));

    // Feed of policy changes: a document taking effect, and one expiring, are changes.
    let mut changes: Vec<(String, &'static str, &PolicyView)> = Vec::new();
    for v in &all_views {
        changes.push((v.effective.clone(), "effective", v));
        if let Some(e) = &v.expires {
            changes.push((e.clone(), "expires", v));
        }
    }
    changes.sort_by(|a, b| b.0.cmp(&a.0).then(a.2.url.cmp(&b.2.url)).then(a.1.cmp(b.1)));
    let updated = changes.first().map(|c| c.0.clone()).unwrap_or_else(|| "2000-01-01".into());
    let entries: Vec<Value> = changes
        .iter()
        .map(|(date, key, v)| context! { date => date, key => key, what => if *key == "effective" { "施行" } else { "到期" }, p => Value::from_serialize(v) })
        .collect();
    push!("feed.xml".into(), ctx.page("feed.xml", "", "feed.xml", context! { entries => entries, updated => updated }));

    let mut urls: Vec<(String, Option<String>)> = Vec::new();
    for k in out.keys().filter(|k| k.ends_with("index.html")) {
        let u = k.strip_suffix("index.html").unwrap_or(k).to_string();
        let lastmod = all_views.iter().find(|v| v.url == u).map(|v| v.effective.clone());
        urls.push((u, lastmod));
    }
    urls.sort();
    push!("sitemap.xml".into(), ctx.page("sitemap.xml", "", "sitemap.xml", context! { urls => urls }));

    search_docs.sort_by(|a, b| a.url.cmp(&b.url));
    out.insert("search-index.json".into(), mingbai_search::build_index(&search_docs).into_bytes());

    let errors = errors.finish();
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

fn cat_order(name: &str) -> usize {
    CATEGORIES.iter().position(|(n, _)| *n == name).unwrap_or(usize::MAX)
}

fn policy_page(content: &Content, ctx: &Ctx<'_>, j: &Jurisdiction, d: &Document, v: &PolicyView, pages: &BTreeSet<String>) -> Result<(String, Vec<u8>), Errors> {
    let body = body_html(j, d, pages)?;
    let path = format!("{}/{}/index.html", j.id, d.slug);
    let jv = ctx.jurisdictions.iter().find(|x| x.id == j.id).expect("same jurisdictions");
    let keys: Vec<&str> = v.calculators.iter().map(|c| c.key).collect();
    let params_json = if keys.is_empty() { String::new() } else { content.params.get(&j.id).map(script_json).unwrap_or_default() };
    let bytes = ctx.page(
        "policy.html",
        "../../",
        &path,
        context! { jur => Value::from_serialize(jv), p => Value::from_serialize(v), body => body, params_json => params_json, calc_keys => keys.join(" "), calc_list => keys },
    )?;
    Ok((path, bytes))
}
