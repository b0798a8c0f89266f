//! What content is, once loaded: the site settings, jurisdictions, documents and the names the
//! generator reserves.

use std::collections::BTreeMap;
use std::path::PathBuf;

use mingbai_calc::{Calculator, Date, JurisdictionParams, Status};
use serde::Deserialize;
use serde_json::{Map, Value};

use crate::{Example, Figure, FigureGroup, Lines};

/// `content/_site.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Site {
    pub title: String,
    /// Absolute URL the site is published at, ending in `/`.
    pub base_url: String,
    pub language: String,
}

impl Site {
    /// Whether `base_url` is an address nobody can open (a documentation domain such as
    /// example.org, or this machine): printed QR codes would then point nowhere.
    pub fn placeholder_base_url(&self) -> bool {
        let rest = self
            .base_url
            .split_once("://")
            .map_or(self.base_url.as_str(), |(_, r)| r);
        let host = rest.split(['/', ':']).next().unwrap_or_default();
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        let reserved = ["example.org", "example.com", "example.net"];
        host.is_empty()
            || host == "localhost"
            || host.starts_with("127.")
            || host == "0.0.0.0"
            || reserved
                .iter()
                .any(|r| host == *r || host.ends_with(&format!(".{r}")))
            || [".example", ".test", ".invalid", ".localhost", ".local"]
                .iter()
                .any(|t| host.ends_with(t))
    }
}

/// Where a jurisdiction sits: a national or provincial document is written once and applies to
/// every county below it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    National,
    Province,
    County,
}

impl Level {
    /// The word written in `_index.md` (`level = "省"`).
    pub fn key(self) -> &'static str {
        match self {
            Level::National => "全国",
            Level::Province => "省",
            Level::County => "县",
        }
    }
    /// How a card names a policy of this level.
    pub fn policy_zh(self) -> &'static str {
        match self {
            Level::National => "国家政策",
            Level::Province => "省级政策",
            Level::County => "本县政策",
        }
    }
    pub(crate) fn of(s: &str) -> Option<Level> {
        [Level::National, Level::Province, Level::County]
            .into_iter()
            .find(|l| l.key() == s)
    }
}

/// One jurisdiction — the nation, a province, or a county or city — with its `_index.md` and its
/// own policy documents (the ones it inherits are in `Content::docs_for`).
#[derive(Debug, Clone)]
pub struct Jurisdiction {
    pub id: String,
    pub level: Level,
    /// The jurisdiction above it (`parent = "shanxi"`), whose documents it inherits.
    pub parent: Option<String>,
    pub parent_line: Option<usize>,
    pub name: String,
    pub full_name: String,
    pub code: String,
    pub seed: Option<String>,
    pub period: Option<String>,
    pub calculators: Vec<Calculator>,
    pub calculators_line: Option<usize>,
    /// Introduction, Markdown.
    pub intro: String,
    pub intro_line: usize,
    pub file: PathBuf,
    /// Sorted by slug.
    pub docs: Vec<Document>,
}

/// One policy document.
#[derive(Debug, Clone)]
pub struct Document {
    pub slug: String,
    pub jurisdiction: String,
    pub file: PathBuf,
    /// Plain text: `{{ param("…") }}` quotes are replaced by the figure (`25000元`).
    pub title: String,
    /// The title as written in the file, with its shortcodes.
    pub title_src: String,
    pub category: String,
    /// Who issued it, when a source names them; `None` reads 未见公开资料.
    pub issuer: Option<Sourced<String>>,
    pub doc_number: Option<String>,
    pub effective: Sourced<Date>,
    /// `None`: no end date is known (open-ended).
    pub expires: Option<Sourced<Date>>,
    pub eligibility: Vec<String>,
    pub how_to_apply: String,
    pub hotline: Option<String>,
    /// Plain text, like `title`.
    pub summary: String,
    pub summary_src: String,
    pub source: String,
    pub status: Status,
    pub tags: Vec<String>,
    /// `params.<calc>` tables, with every figure's `src` and `doc` filled in.
    pub params: BTreeMap<Calculator, Map<String, Value>>,
    /// Lines of the front matter keys (paths such as `params.medical.basic.rate`).
    pub lines: Lines,
    /// Markdown body.
    pub body: String,
    /// Line of the file where the body starts.
    pub body_line: usize,
    /// The document's own figures, for its card (rendered from `params`, never retyped).
    pub figures: Vec<FigureGroup>,
    /// For a local file adjusting a document above: where its own text starts in `body` (byte
    /// offset) and on which line of its file.
    pub local_body: Option<(usize, usize)>,
    /// The body with its quotes resolved (filled in by `load`): what the site renders.
    pub body_pieces: Vec<BodyPiece>,
    /// When this file has the slug of a document above it: that document, and what this one changes.
    pub base: Option<Base>,
    /// The front matter as merged (figures with their `src`), which a document below builds on.
    pub(crate) front: Map<String, Value>,
}

/// A piece of a document's body: text, or a quoted figure resolved while loading.
#[derive(Debug, Clone)]
pub enum BodyPiece {
    Text(String),
    Figure(Figure),
}

/// The document of a higher level that a local one adjusts (same file name): the local file writes
/// only what differs, everything else is read from the base.
#[derive(Debug, Clone)]
pub struct Base {
    /// The jurisdiction whose document is adjusted.
    pub jurisdiction: String,
    /// What the local file writes: front matter keys (`effective`, `issuer`) and figure paths
    /// (`education.items.boarding-primary.amount`), in file order; `body` when it has its own text.
    pub overrides: Vec<String>,
}

/// A date or an issuer with its source and status, written like a figure:
/// `effective = { v = 2019-02-28, s = "S", src = "种子报告002落款日期" }`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sourced<T> {
    pub v: T,
    pub s: Status,
    pub src: String,
}

impl Document {
    /// Whether the document is in force on `date`.
    pub fn in_force(&self, date: Date) -> bool {
        self.effective.v <= date && self.expires.as_ref().is_none_or(|e| date <= e.v)
    }
    /// The calculators this document carries parameters for.
    pub fn calculators(&self) -> impl Iterator<Item = Calculator> + '_ {
        self.params.keys().copied()
    }
    /// One of the document's own figures by path (`medical.backstop.oop_cap.city`,
    /// `education.items.yulu.amount`).
    pub fn figure(&self, path: &str) -> Option<&Figure> {
        self.figures
            .iter()
            .flat_map(|g| &g.rows)
            .find(|f| f.path == path)
    }
}

/// Everything in `content/`, checked.
#[derive(Debug, Clone)]
pub struct Content {
    pub root: PathBuf,
    pub site: Site,
    /// Sorted by id.
    pub jurisdictions: Vec<Jurisdiction>,
    /// Merged, validated calculator parameters per jurisdiction id.
    pub params: BTreeMap<String, JurisdictionParams>,
    /// Worked examples (`<j>/examples/*.json`), computed, by jurisdiction id; sorted by file name.
    pub examples: BTreeMap<String, Vec<Example>>,
}

impl Content {
    pub fn jurisdiction(&self, id: &str) -> Option<&Jurisdiction> {
        self.jurisdictions.iter().find(|j| j.id == id)
    }
    /// Every document once, national ones included once (not per county).
    pub fn docs(&self) -> impl Iterator<Item = &Document> {
        self.jurisdictions.iter().flat_map(|j| &j.docs)
    }
    /// `j` and the jurisdictions above it, nearest first.
    pub fn chain<'a>(&'a self, j: &'a Jurisdiction) -> Vec<&'a Jurisdiction> {
        chain(&self.jurisdictions, j)
    }
    /// The documents in force for `j`: its own and every one above it that a nearer level does
    /// not replace (a file with the same name), sorted by slug.
    pub fn docs_for<'a>(&'a self, j: &'a Jurisdiction) -> Vec<&'a Document> {
        docs_for(&self.jurisdictions, j)
    }
    /// The counties (and cities) a document applies to, in id order: every county below its
    /// jurisdiction, including those that adjust it with a file of the same name.
    pub fn applies_to(&self, d: &Document) -> Vec<&Jurisdiction> {
        self.jurisdictions
            .iter()
            .filter(|j| j.level == Level::County)
            .filter(|j| self.chain(j).iter().any(|x| x.id == d.jurisdiction))
            .collect()
    }
}

pub(crate) fn chain<'a>(all: &'a [Jurisdiction], j: &'a Jurisdiction) -> Vec<&'a Jurisdiction> {
    let mut out = vec![j];
    let mut at = j;
    while let Some(p) = at
        .parent
        .as_deref()
        .and_then(|p| all.iter().find(|x| x.id == p))
    {
        // Cycles are refused while loading; the bound only keeps a bad tree from looping.
        if out.len() > all.len() {
            break;
        }
        out.push(p);
        at = p;
    }
    out
}

pub(crate) fn docs_for<'a>(all: &'a [Jurisdiction], j: &'a Jurisdiction) -> Vec<&'a Document> {
    let mut by_slug: BTreeMap<&str, &Document> = BTreeMap::new();
    for level in chain(all, j) {
        for d in &level.docs {
            by_slug.entry(d.slug.as_str()).or_insert(d);
        }
    }
    by_slug.into_values().collect()
}

/// The categories a document may have, with the URL slug of their page.
pub const CATEGORIES: &[(&str, &str)] = &[
    ("健康扶贫", "jiankang"),
    ("易地搬迁", "banqian"),
    ("教育扶贫", "jiaoyu"),
    ("兜底保障", "doudi"),
    ("产业扶贫", "chanye"),
    ("就业扶贫", "jiuye"),
    ("金融扶贫", "jinrong"),
    ("危房改造", "weifang"),
    ("综合保障", "zonghe"),
];

pub fn category_slug(name: &str) -> Option<&'static str> {
    CATEGORIES.iter().find(|(n, _)| *n == name).map(|(_, s)| *s)
}

/// Names the generator uses for its own pages; a jurisdiction or document may not take them.
pub const RESERVED_TOP: &[&str] = &[
    "category",
    "search",
    "static",
    "feed.xml",
    "sitemap.xml",
    "404",
];
/// The seed quotes of a jurisdiction, next to its `_index.md`.
pub const QUOTES_FILE: &str = "_quotes.toml";
/// The folder of seed reports, `content/_seeds/<id>.txt`.
pub const SEEDS_DIR: &str = "_seeds";

pub const RESERVED_IN_JURISDICTION: &[&str] = &["print", "calculator", "index"];
