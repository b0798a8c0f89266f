//! The work queue: every page is a job, run on all cores, merged into one sorted output.

use std::collections::BTreeSet;
use std::path::Path;

use mingbai_content::{Content, Errors, Level, CATEGORIES};
use minijinja::{context, Environment};

use crate::{one_error, Output};

use super::model::*;
use super::pages::*;

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
        calculator: existing.contains_key("calc/calc.js"),
        roster: existing.contains_key("roster/pkg/mingbai_roster_web.js"),
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
            count: content.docs_for(j).len(),
            county: j.level == Level::County,
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
        for d in content.docs_for(j) {
            pages.insert(format!("{}/{}/", j.id, d.slug));
        }
    }
    for c in &categories {
        pages.insert(c.url.clone());
    }

    let examples = content
        .examples
        .iter()
        .map(|(id, list)| {
            let views = list
                .iter()
                .map(|e| example_view(e, content.params.get(&e.case.jurisdiction)))
                .collect();
            (id.clone(), views)
        })
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
        Job::Site(SitePage::Roster),
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
    let cards: Vec<std::sync::OnceLock<Vec<usize>>> = content
        .jurisdictions
        .iter()
        .map(|_| std::sync::OnceLock::new())
        .collect();
    let shared = Shared {
        content,
        ctx: &ctx,
        views: &views,
        all_views: &all_views,
        pages: &pages,
        cards: &cards,
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
    // A county's address for a national policy only points to its one page: not listed.
    let aliases: BTreeSet<String> = content
        .jurisdictions
        .iter()
        .flat_map(|j| {
            content
                .docs_for(j)
                .into_iter()
                .filter(move |d| d.jurisdiction != j.id)
                .map(move |d| format!("{}/{}/", j.id, d.slug))
        })
        .collect();
    let mut urls: Vec<(String, Option<String>)> = Vec::new();
    for k in out.keys().filter(|k| k.ends_with("index.html")) {
        let u = k.strip_suffix("index.html").unwrap_or(k).to_string();
        if aliases.contains(&u) {
            continue;
        }
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
pub(crate) enum Job {
    /// A jurisdiction's page, print sheets and calculator page.
    Jurisdiction(usize),
    Category(usize),
    Site(SitePage),
    /// `search-index.json`, by mingbai-search.
    SearchIndex,
    Policy(usize),
}
