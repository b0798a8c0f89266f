//! Pages: which template renders which page, with which view models.

use std::collections::BTreeSet;
use std::path::Path;

use mingbai_content::{Content, ContentError, Document, Errors, Jurisdiction, CATEGORIES};
use mingbai_search::SearchDoc;
use minijinja::{context, Environment, Value};
use serde::Serialize;

use crate::markdown::{self, Figures, LinkContext};
use crate::{nobreak, one_error, qr};

use super::model::*;
use super::queue::Job;

pub(crate) struct Ctx<'a> {
    pub(crate) env: &'a Environment<'static>,
    pub(crate) site: SiteView,
    pub(crate) jurisdictions: Vec<JurView>,
    pub(crate) categories: Vec<CategoryView>,
    /// Worked examples by jurisdiction id.
    pub(crate) examples: std::collections::BTreeMap<String, Vec<ExampleView>>,
}

impl Ctx<'_> {
    pub(crate) fn page(
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
        tmpl.render(ctx).map(nobreak::page(template)).map_err(|e| {
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

pub(crate) fn root_of(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

#[derive(Clone, Copy)]
pub(crate) enum SitePage {
    /// home and 404
    Home,
    Search,
    Feed,
    /// `/roster/`: rosters computed in the browser, and the empty roster to download.
    Roster,
}

/// What lists of all policies (search page, feed) need of each: not its figures.
#[derive(Serialize)]
pub(crate) struct Brief<'a> {
    pub(crate) url: &'a str,
    pub(crate) abs_url: &'a str,
    pub(crate) title: &'a str,
    pub(crate) jurisdiction: &'a str,
    pub(crate) jurisdiction_name: &'a str,
    pub(crate) category: &'a str,
    pub(crate) summary: &'a str,
    pub(crate) effective_zh: &'a str,
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

pub(crate) struct Shared<'a> {
    pub(crate) content: &'a Content,
    pub(crate) ctx: &'a Ctx<'a>,
    pub(crate) views: &'a [(usize, usize, PolicyView)],
    pub(crate) all_views: &'a [&'a PolicyView],
    pub(crate) pages: &'a BTreeSet<String>,
    /// Per jurisdiction, the policies in force there (see [`Shared::cards_of`]), worked out by
    /// the first job that needs them: its page, its calculator or one of its policy pages.
    pub(crate) cards: &'a [std::sync::OnceLock<Vec<usize>>],
}

impl Shared<'_> {
    pub(crate) fn run(&self, job: Job) -> Result<Vec<(String, Vec<u8>)>, Errors> {
        match job {
            Job::Policy(i) => {
                let (ji, di, v) = &self.views[i];
                let j = &self.content.jurisdictions[*ji];
                let d = &j.docs[*di];
                // A page with a calculator prints the household's card, which names the county's
                // policies as the calculator page does.
                let cards = if v.calculators.is_empty() {
                    Value::UNDEFINED
                } else {
                    Value::from_serialize(self.cards_of(*ji))
                };
                Ok(vec![policy_page(
                    self.content,
                    self.ctx,
                    (j, d, v),
                    cards,
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

    /// The policies in force in a jurisdiction — its own and those it inherits from the levels
    /// above — in the order its pages list them: by category, newest first.
    pub(crate) fn cards_of(&self, ji: usize) -> Vec<&PolicyView> {
        let indices = self.cards[ji].get_or_init(|| {
            let in_force = self.content.docs_for(&self.content.jurisdictions[ji]);
            let mut found: Vec<usize> = (0..self.views.len())
                .filter(|&i| {
                    let (k, di, _) = &self.views[i];
                    let d = &self.content.jurisdictions[*k].docs[*di];
                    in_force.iter().any(|x| std::ptr::eq(*x, d))
                })
                .collect();
            found.sort_by(|&a, &b| {
                let (a, b) = (&self.views[a].2, &self.views[b].2);
                cat_order(&a.category)
                    .cmp(&cat_order(&b.category))
                    .then(b.effective.cmp(&a.effective))
                    .then(a.slug.cmp(&b.slug))
            });
            found
        });
        indices.iter().map(|&i| &self.views[i].2).collect()
    }

    pub(crate) fn jurisdiction(&self, ji: usize) -> Result<Vec<(String, Vec<u8>)>, Errors> {
        let (content, ctx) = (self.content, self.ctx);
        let j = &content.jurisdictions[ji];
        let jv = &ctx.jurisdictions[ji];
        let mut files = Vec::new();
        let mut errors = Errors::default();
        let cards = self.cards_of(ji);
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

        // Policies written above it keep an address under the county, pointing to their one page.
        for v in &cards {
            if v.jurisdiction != j.id {
                let path = format!("{}/{}/index.html", j.id, v.slug);
                files.push((path.clone(), ctx.page("alias.html", &root_of(&path), &path, context! { jur => Value::from_serialize(jv), p => Value::from_serialize(v) })?));
            }
        }

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

    pub(crate) fn site_page(&self, which: SitePage) -> Result<Vec<(String, Vec<u8>)>, Errors> {
        let ctx = self.ctx;
        let mut files = Vec::new();
        match which {
            SitePage::Home => {
                // A county's adjustment of a national policy is that policy, already listed.
                let mut recent: Vec<&PolicyView> = self
                    .all_views
                    .iter()
                    .copied()
                    .filter(|v| v.scope.as_ref().is_none_or(|s| s.base.is_none()))
                    .collect();
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
            SitePage::Roster => {
                let csv = mingbai_roster::template_csv();
                let xlsx = mingbai_roster::template_xlsx()
                    .map_err(|e| crate::one_error(Path::new("roster/template.xlsx"), e))?;
                // What each household's card says of each policy (crates/mingbai-card), by
                // county: its own policies and those it inherits (national, provincial).
                let mut policies: std::collections::BTreeMap<&str, Vec<serde_json::Value>> =
                    Default::default();
                for j in &self.content.jurisdictions {
                    let in_force = self.content.docs_for(j);
                    for (k, di, v) in self.views {
                        let d = &self.content.jurisdictions[*k].docs[*di];
                        if !in_force.iter().any(|x| std::ptr::eq(*x, d)) {
                            continue;
                        }
                        policies.entry(j.id.as_str()).or_default().push(serde_json::json!({
                                "doc": v.slug,
                                "title": v.title,
                                "url": v.abs_url,
                                "condition": v.eligibility.first().cloned().unwrap_or_default(),
                                "apply": v.how_to_apply,
                                "calculators": v.calculators.iter().map(|c| c.key).collect::<Vec<_>>(),
                        }));
                    }
                }
                let [header, example] = mingbai_roster::template_rows();
                let columns: Vec<Value> = mingbai_roster::COLUMNS
                    .iter()
                    .zip(example)
                    .map(|(c, ex)| context! { name => c.name, required => c.required, what => c.what, example => ex })
                    .collect();
                files.push((
                    "roster/index.html".to_string(),
                    ctx.page(
                        "roster.html",
                        "../",
                        "roster/index.html",
                        context! { params_json => script_json(&self.content.params), policies_json => script_json(&policies), card_css => mingbai_card::CSS_PATH, columns => columns, header_count => header.len() },
                    )?,
                ));
                files.push(("roster/template.csv".to_string(), csv));
                files.push(("roster/template.xlsx".to_string(), xlsx));
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

pub(crate) fn search_doc(d: &Document, v: &PolicyView) -> SearchDoc {
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
pub(crate) fn calculator_doc(j: &JurView) -> Option<SearchDoc> {
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

pub(crate) fn cat_order(name: &str) -> usize {
    CATEGORIES
        .iter()
        .position(|(n, _)| *n == name)
        .unwrap_or(usize::MAX)
}

pub(crate) fn policy_page(
    content: &Content,
    ctx: &Ctx<'_>,
    (j, d, v): (&Jurisdiction, &Document, &PolicyView),
    cards: Value,
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
        context! { jur => Value::from_serialize(jv), p => Value::from_serialize(v), body => body, params_json => params_json, calc_keys => keys.join(" "), calc_list => keys, cards => cards, examples => Value::from_serialize(&examples) },
    )?;
    Ok((path, bytes))
}
