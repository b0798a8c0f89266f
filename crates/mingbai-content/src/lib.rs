//! Loads `content/` (see `content/README.md`): the site settings, the jurisdictions, their policy
//! documents, and the calculator parameters merged per date range and checked by `mingbai-calc`.
//!
//! Every problem is reported with the file, the line and the reason, and loading goes on after a
//! problem so that one run reports all of them.

pub mod audit;
mod error;
mod examples;
pub mod figures;
mod params;
mod shortcode;
mod tree;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use mingbai_calc::{Calculator, Date, JurisdictionParams, Status};
use serde::Deserialize;
use serde_json::{Map, Value};

pub use error::{ContentError, Errors};
pub use examples::Example;
pub use figures::{Figure, FigureGroup};
pub use shortcode::{split_shortcodes, Piece};
pub use tree::Lines;

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

/// One county or city: its `_index.md` and its policy documents.
#[derive(Debug, Clone)]
pub struct Jurisdiction {
    pub id: String,
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
    pub fn docs(&self) -> impl Iterator<Item = &Document> {
        self.jurisdictions.iter().flat_map(|j| &j.docs)
    }
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

fn status_of(s: &str) -> Option<Status> {
    match s {
        "S" => Some(Status::S),
        "V" => Some(Status::V),
        "R" => Some(Status::R),
        "L" => Some(Status::L),
        "A" => Some(Status::A),
        _ => None,
    }
}

fn calculator_of(s: &str) -> Option<Calculator> {
    Calculator::ALL.into_iter().find(|c| c.key() == s)
}

/// Loads and checks everything under `root`. `root`'s own path is used as the prefix of file
/// names in messages.
pub fn load(root: &Path) -> Result<Content, Errors> {
    let mut errors = Errors::default();
    let site = load_site(root, &mut errors);

    let mut dirs: Vec<PathBuf> = match fs::read_dir(root) {
        Ok(rd) => rd
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .filter(|p| p.is_dir())
            .filter(|p| {
                !p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with(['.', '_']))
            })
            .collect(),
        Err(e) => {
            errors.push(ContentError::new(
                root,
                None,
                None,
                format!("cannot read the content folder: {e}"),
            ));
            return Err(errors);
        }
    };
    dirs.sort();

    let mut jurisdictions = Vec::new();
    // Jurisdictions with a document that did not load: their merged parameters and quotes would
    // only repeat that error in other words, so they are not checked further.
    let mut incomplete = Vec::new();
    for dir in dirs {
        let before = errors.len();
        if let Some(j) = load_jurisdiction(&dir, &mut errors) {
            if errors.len() > before {
                incomplete.push(j.id.clone());
            }
            jurisdictions.push(j);
        }
    }
    if jurisdictions.is_empty() && errors.is_empty() {
        errors.push(ContentError::new(
            root,
            None,
            None,
            "no jurisdiction folder (with an _index.md) found",
        ));
    }

    let mut all_params = BTreeMap::new();
    for j in jurisdictions.iter().filter(|j| !incomplete.contains(&j.id)) {
        match params::build(j) {
            Ok(p) => {
                all_params.insert(j.id.clone(), p);
            }
            Err(e) => errors.extend(e),
        }
    }

    // Shortcodes are checked here so that `mingbai check` finds them without building pages.
    for j in jurisdictions
        .iter_mut()
        .filter(|j| !incomplete.contains(&j.id))
    {
        let mut plain = Vec::new();
        for d in &j.docs {
            if let Err(e) = split_shortcodes(&d.body, d.body_line, &d.file, |path| {
                resolve_figure(j, d, path).is_some()
            }) {
                errors.extend(e);
            }
            let title = plain_text(j, d, "title", &d.title_src, &mut errors);
            let summary = plain_text(j, d, "summary", &d.summary_src, &mut errors);
            plain.push((title, summary));
        }
        for (d, (title, summary)) in j.docs.iter_mut().zip(plain) {
            d.title = title;
            d.summary = summary;
        }
    }

    let examples = examples::load_all(
        jurisdictions.iter().filter(|j| !incomplete.contains(&j.id)),
        &all_params,
        &mut errors,
    );

    let errors = errors.finish();
    match site {
        Some(site) if errors.is_empty() => Ok(Content {
            root: root.to_path_buf(),
            site,
            jurisdictions,
            params: all_params,
            examples,
        }),
        _ => Err(errors),
    }
}

/// `title` or `summary` with its `{{ param("…") }}` quotes replaced by the figures' values, so
/// page titles, cards, print sheets, the feed and the search index all read the current figure.
fn plain_text(
    j: &Jurisdiction,
    d: &Document,
    field: &str,
    text: &str,
    errors: &mut Errors,
) -> String {
    let line = d.lines.get(field).unwrap_or(1);
    match split_shortcodes(text, line, &d.file, |path| {
        resolve_figure(j, d, path).is_some()
    }) {
        Ok(pieces) => pieces
            .into_iter()
            .map(|p| match p {
                Piece::Text(t) => t.to_string(),
                Piece::Param { path, .. } => resolve_figure(j, d, path)
                    .map(|f| f.value.clone())
                    .unwrap_or_default(),
            })
            .collect(),
        Err(e) => {
            for mut e in e.0 {
                e.field = Some(field.to_string());
                errors.push(e);
            }
            text.to_string()
        }
    }
}

/// A figure quoted from a document's body: the document's own first, else the one document of the
/// same jurisdiction that defines it.
pub fn resolve_figure<'a>(j: &'a Jurisdiction, d: &'a Document, path: &str) -> Option<&'a Figure> {
    if let Some(f) = d.figure(path) {
        return Some(f);
    }
    let mut found = j.docs.iter().filter_map(|o| o.figure(path));
    let first = found.next()?;
    // Two documents stating it: the quote is ambiguous, so it is not resolved.
    found.next().is_none().then_some(first)
}

fn load_site(root: &Path, errors: &mut Errors) -> Option<Site> {
    let file = root.join("_site.toml");
    let text = match fs::read_to_string(&file) {
        Ok(t) => t,
        Err(e) => {
            errors.push(ContentError::new(
                &file,
                None,
                None,
                format!("cannot read: {e}"),
            ));
            return None;
        }
    };
    if !check_chars(&file, &text, errors) {
        return None;
    }
    let (map, lines) = match tree::parse(&text, 1) {
        Ok(x) => x,
        Err(es) => {
            for e in es {
                errors.push(ContentError::new(
                    &file,
                    Some(e.line),
                    Some(&e.path),
                    e.reason,
                ));
            }
            return None;
        }
    };
    let site: Site = typed(Value::Object(map), &file, &lines, "", errors)?;
    if !(site.base_url.starts_with("https://") || site.base_url.starts_with("http://"))
        || !site.base_url.ends_with('/')
    {
        errors.push(ContentError::new(
            &file,
            lines.get("base_url"),
            Some("base_url"),
            format!(
                "“{}” must be an absolute http(s) URL ending in /",
                site.base_url
            ),
        ));
        return None;
    }
    Some(site)
}

/// Deserializes `value` into `T`, reporting the path and line of the first problem.
fn typed<T: serde::de::DeserializeOwned>(
    value: Value,
    file: &Path,
    lines: &Lines,
    prefix: &str,
    errors: &mut Errors,
) -> Option<T> {
    match serde_path_to_error::deserialize::<_, T>(value) {
        Ok(t) => Some(t),
        Err(e) => {
            let mut path = e.path().to_string();
            if path == "." {
                path.clear();
            }
            let inner = e.inner().to_string();
            // serde names an unknown key in the message, not in the path.
            if let Some(key) = inner
                .strip_prefix("unknown field `")
                .and_then(|r| r.split('`').next())
            {
                if path.rsplit('.').next() != Some(key) {
                    path = if path.is_empty() {
                        key.to_string()
                    } else {
                        format!("{path}.{key}")
                    };
                }
            }
            let full = match (prefix.is_empty(), path.is_empty()) {
                (true, _) => path.clone(),
                (false, true) => prefix.to_string(),
                (false, false) => format!("{prefix}.{path}"),
            };
            let line = lines.find(&full);
            errors.push(ContentError::new(file, line, Some(&full), inner));
            None
        }
    }
}

/// Whether `text` is free of control characters; reports the first one otherwise.
fn check_chars(file: &Path, text: &str, errors: &mut Errors) -> bool {
    match tree::find_forbidden(text) {
        Some((line, c)) => {
            errors.push(ContentError::new(
                file,
                Some(line),
                None,
                format!(
                    "contains the control character U+{:04X}; save the file as plain UTF-8 text",
                    c as u32
                ),
            ));
            false
        }
        None => true,
    }
}

/// Splits `+++` front matter from the body. Returns (front matter, its first line, body, body's first line).
fn split_front_matter(text: &str) -> Option<(&str, usize, &str, usize)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let rest = text
        .strip_prefix("+++\n")
        .or_else(|| text.strip_prefix("+++\r\n"))?;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "+++" {
            let front = &rest[..offset];
            let body = &rest[offset + line.len()..];
            let front_lines = front.matches('\n').count();
            return Some((front, 2, body, 2 + front_lines + 1));
        }
        offset += line.len();
    }
    None
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct IndexFront {
    name: String,
    full_name: String,
    code: String,
    #[serde(default)]
    seed: Option<String>,
    #[serde(default)]
    period: Option<String>,
    #[serde(default)]
    calculators: Vec<String>,
}

fn valid_slug(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
}

fn load_jurisdiction(dir: &Path, errors: &mut Errors) -> Option<Jurisdiction> {
    let id = dir.file_name()?.to_string_lossy().to_string();
    let index = dir.join("_index.md");
    if !valid_slug(&id) {
        errors.push(ContentError::new(
            dir,
            None,
            None,
            format!("folder name “{id}” must be lowercase ASCII letters, digits and '-'"),
        ));
        return None;
    }
    if RESERVED_TOP.contains(&id.as_str()) {
        errors.push(ContentError::new(
            dir,
            None,
            None,
            format!("folder name “{id}” is taken by a generated page"),
        ));
        return None;
    }
    let text = match fs::read_to_string(&index) {
        Ok(t) => t,
        Err(e) => {
            errors.push(ContentError::new(
                &index,
                None,
                None,
                format!("cannot read: {e}"),
            ));
            return None;
        }
    };
    if !check_chars(&index, &text, errors) {
        return None;
    }
    let Some((front, front_line, body, body_line)) = split_front_matter(&text) else {
        errors.push(ContentError::new(
            &index,
            Some(1),
            None,
            "missing +++ front matter (first line must be +++, closed by a line +++)",
        ));
        return None;
    };
    let parsed = match tree::parse(front, front_line) {
        Ok(x) => x,
        Err(es) => {
            for e in es {
                errors.push(ContentError::new(
                    &index,
                    Some(e.line),
                    Some(&e.path),
                    e.reason,
                ));
            }
            None?
        }
    };
    let (map, lines) = parsed;
    let f: IndexFront = typed(Value::Object(map), &index, &lines, "", errors)?;
    let mut ok = true;
    if f.code.len() != 6 || !f.code.bytes().all(|b| b.is_ascii_digit()) {
        errors.push(ContentError::new(
            &index,
            lines.get("code"),
            Some("code"),
            format!("行政区划代码 “{}” must be 6 digits", f.code),
        ));
        ok = false;
    }
    let mut calculators = Vec::new();
    for (i, c) in f.calculators.iter().enumerate() {
        match calculator_of(c) {
            Some(c) if !calculators.contains(&c) => calculators.push(c),
            Some(_) => {
                errors.push(ContentError::new(
                    &index,
                    lines.find(&format!("calculators[{i}]")),
                    Some("calculators"),
                    format!("“{c}” is listed twice"),
                ));
                ok = false;
            }
            None => {
                errors.push(ContentError::new(
                    &index,
                    lines.find(&format!("calculators[{i}]")),
                    Some("calculators"),
                    format!("unknown calculator “{c}” (expected medical, relocation, education or dibao)"),
                ));
                ok = false;
            }
        }
    }

    let mut files: Vec<PathBuf> = match fs::read_dir(dir) {
        Ok(rd) => rd.filter_map(|e| e.ok()).map(|e| e.path()).collect(),
        Err(e) => {
            errors.push(ContentError::new(
                dir,
                None,
                None,
                format!("cannot read: {e}"),
            ));
            return None;
        }
    };
    files.sort();
    let mut docs: Vec<Document> = Vec::new();
    let mut seen: BTreeMap<String, PathBuf> = BTreeMap::new();
    for file in files {
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        // `_quotes.toml` holds the seed quotes (see `audit`); it is not a document.
        if name == "_index.md" || name == QUOTES_FILE || name.starts_with('.') || file.is_dir() {
            continue;
        }
        let Some(stem) = name.strip_suffix(".md") else {
            // Pictures or attachments may sit next to documents; anything else is probably a typo.
            if name.ends_with(".markdown") || name.ends_with(".MD") || name.ends_with(".toml") {
                errors.push(ContentError::new(
                    &file,
                    None,
                    None,
                    "policy documents must end in .md",
                ));
            }
            continue;
        };
        if !valid_slug(stem) {
            errors.push(ContentError::new(
                &file,
                None,
                None,
                format!(
                    "file name “{stem}” is not a slug: use lowercase ASCII letters, digits and '-'"
                ),
            ));
            continue;
        }
        if RESERVED_IN_JURISDICTION.contains(&stem) {
            errors.push(ContentError::new(
                &file,
                None,
                None,
                format!("duplicate slug “{stem}”: the generated page {id}/{stem}/ uses it"),
            ));
            continue;
        }
        let key = stem.to_string();
        if let Some(prev) = seen.get(&key) {
            errors.push(ContentError::new(
                &file,
                None,
                None,
                format!("duplicate slug “{stem}”, also used by {}", prev.display()),
            ));
            continue;
        }
        seen.insert(key, file.clone());
        if let Some(d) = load_document(&file, &id, stem, errors) {
            docs.push(d);
        }
    }
    docs.sort_by(|a, b| a.slug.cmp(&b.slug));
    if !ok {
        return None;
    }
    Some(Jurisdiction {
        id,
        name: f.name,
        full_name: f.full_name,
        code: f.code,
        seed: f.seed,
        period: f.period,
        calculators,
        calculators_line: lines.get("calculators"),
        intro: body.to_string(),
        intro_line: body_line,
        file: index,
        docs,
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DocFront {
    title: String,
    category: String,
    #[serde(default)]
    issuer: Option<Value>,
    #[serde(default)]
    doc_number: Option<String>,
    effective: Value,
    #[serde(default)]
    expires: Option<Value>,
    eligibility: Vec<String>,
    how_to_apply: String,
    #[serde(default)]
    hotline: Option<String>,
    summary: String,
    source: String,
    status: String,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    params: Map<String, Value>,
}

fn load_document(
    file: &Path,
    jurisdiction: &str,
    slug: &str,
    errors: &mut Errors,
) -> Option<Document> {
    let text = match fs::read_to_string(file) {
        Ok(t) => t,
        Err(e) => {
            errors.push(ContentError::new(
                file,
                None,
                None,
                format!("cannot read: {e}"),
            ));
            return None;
        }
    };
    if !check_chars(file, &text, errors) {
        return None;
    }
    let Some((front, front_line, body, body_line)) = split_front_matter(&text) else {
        errors.push(ContentError::new(
            file,
            Some(1),
            None,
            "missing +++ front matter (first line must be +++, closed by a line +++)",
        ));
        return None;
    };
    let (map, lines) = match tree::parse(front, front_line) {
        Ok(x) => x,
        Err(es) => {
            for e in es {
                errors.push(ContentError::new(
                    file,
                    Some(e.line),
                    Some(&e.path),
                    e.reason,
                ));
            }
            return None;
        }
    };
    let f: DocFront = typed(Value::Object(map), file, &lines, "", errors)?;
    let before = errors.len();
    let mut err = |field: &str, reason: String| {
        errors.push(ContentError::new(
            file,
            lines.find(field),
            Some(field),
            reason,
        ));
    };

    let effective = sourced(&f.effective, "effective", true, &lines)
        .map_err(|r| err("effective", r))
        .ok()
        .and_then(|x| {
            date_of(x, "effective")
                .map_err(|r| err("effective", r))
                .ok()
        });
    let expires = match &f.expires {
        None => Some(None),
        Some(v) => sourced(v, "expires", true, &lines)
            .and_then(|x| date_of(x, "expires"))
            .map(Some)
            .map_err(|r| err("expires", r))
            .ok(),
    };
    let issuer = match &f.issuer {
        None => Some(None),
        Some(v) => sourced(v, "issuer", false, &lines)
            .and_then(|x| match x.v.as_str() {
                Some(name) if !name.trim().is_empty() => Ok(Some(Sourced {
                    v: name.to_string(),
                    s: x.s,
                    src: x.src,
                })),
                _ => Err(format!(
                    "发文单位要写成文字，如 {}；没有资料写明发文单位时，删去这一行（expected a non-empty name）",
                    EXAMPLE_ISSUER
                )),
            })
            .map_err(|r| err("issuer", r))
            .ok(),
    };
    if let (Some(from), Some(Some(to))) = (&effective, &expires) {
        if to.v < from.v {
            err(
                "expires",
                format!(
                    "结束日期{}早于开始日期{}（expires is before effective）",
                    to.v.zh(),
                    from.v.zh()
                ),
            );
        }
    }
    let mut err = |field: &str, reason: String| {
        errors.push(ContentError::new(
            file,
            lines.find(field),
            Some(field),
            reason,
        ));
    };
    if category_slug(&f.category).is_none() {
        let names: Vec<&str> = CATEGORIES.iter().map(|(n, _)| *n).collect();
        err(
            "category",
            format!(
                "unknown category “{}” (one of {})",
                f.category,
                names.join(" ")
            ),
        );
    }
    let status = status_of(&f.status);
    if status.is_none() {
        err(
            "status",
            format!("“{}”不是状态：写 S（种子报告）、V（公开报道）、R（国家规定）、L（省级规定）或 A（示例）（expected S, V, R, L or A）", f.status),
        );
    }
    for (field, value) in [
        ("title", &f.title),
        ("summary", &f.summary),
        ("source", &f.source),
        ("how_to_apply", &f.how_to_apply),
    ] {
        if value.trim().is_empty() {
            err(field, "must not be empty".to_string());
        }
    }
    if f.eligibility.is_empty() || f.eligibility.iter().any(|e| e.trim().is_empty()) {
        err(
            "eligibility",
            "list who qualifies, one non-empty line each".to_string(),
        );
    }
    if let Some(h) = &f.hotline {
        if h.trim().is_empty()
            || !h.chars().all(|c| {
                c.is_ascii_digit() || matches!(c, '-' | ' ' | '(' | ')' | '（' | '）' | '、' | '/')
            })
        {
            err(
                "hotline",
                format!(
                    "“{h}” is not a phone number (digits and '-'; leave the key out when unknown)"
                ),
            );
        }
    }
    let doc_number = f.doc_number.filter(|d| !d.trim().is_empty());

    let mut params = BTreeMap::new();
    for (key, value) in f.params {
        let field = format!("params.{key}");
        let Some(calc) = calculator_of(&key) else {
            errors.push(ContentError::new(
                file,
                lines.find(&field),
                Some(&field),
                format!(
                    "unknown calculator “{key}” (expected medical, relocation, education or dibao)"
                ),
            ));
            continue;
        };
        let Value::Object(mut table) = value else {
            errors.push(ContentError::new(
                file,
                lines.find(&field),
                Some(&field),
                "must be a table",
            ));
            continue;
        };
        params::fill_figures(&mut table, &field, slug, &f.source, file, &lines, errors);
        params.insert(calc, table);
    }
    if errors.len() > before {
        return None;
    }
    let mut doc = Document {
        slug: slug.to_string(),
        jurisdiction: jurisdiction.to_string(),
        file: file.to_path_buf(),
        title: f.title.clone(),
        title_src: f.title,
        category: f.category,
        issuer: issuer?,
        doc_number,
        effective: effective?,
        expires: expires?,
        eligibility: f.eligibility,
        how_to_apply: f.how_to_apply,
        hotline: f.hotline,
        summary: f.summary.clone(),
        summary_src: f.summary,
        source: f.source,
        status: status?,
        tags: f.tags,
        params,
        lines,
        body: body.to_string(),
        body_line,
        figures: Vec::new(),
    };
    match figures::render(&doc) {
        Ok(groups) => doc.figures = groups,
        Err(e) => {
            errors.extend(e);
            return None;
        }
    }
    Some(doc)
}

const EXAMPLE_ISSUER: &str =
    r#"issuer = { v = "镇巴县脱贫攻坚领导小组（指挥部）", s = "S", src = "种子报告002落款" }"#;

/// `{ v, s, src }` of a date or issuer, before its `v` is read.
struct RawSourced {
    v: Value,
    s: Status,
    src: String,
}

/// Reads `{ v = …, s = "S", src = "…" }`; the reason, when it cannot, shows the expected form.
fn sourced(value: &Value, field: &str, is_date: bool, lines: &Lines) -> Result<RawSourced, String> {
    let example = if is_date {
        format!(r#"{field} = {{ v = 2019-02-28, s = "S", src = "种子报告002落款日期" }}"#)
    } else {
        EXAMPLE_ISSUER.to_string()
    };
    let form = format!("要写成带出处的表，如 {example}（expected {{ v, s, src }}）");
    let Value::Object(t) = value else {
        return Err(match value.as_str() {
            Some(text) => format!("“{text}”没有写出处和状态，{form}"),
            None => form,
        });
    };
    if let Some(k) = t.keys().find(|k| !matches!(k.as_str(), "v" | "s" | "src")) {
        return Err(format!("不认识的键“{k}”：{form}"));
    }
    let (Some(v), Some(s), Some(src)) = (t.get("v"), t.get("s"), t.get("src")) else {
        return Err(format!("v、s、src三项都要写：{form}"));
    };
    let status = s.as_str().and_then(status_of).ok_or_else(|| {
        format!(
            "“{}”不是状态：s 写 S（种子报告）、V（公开报道）、R（国家规定）、L（省级规定）或 A（示例）（expected S, V, R, L or A）",
            s.as_str().unwrap_or("?")
        )
    })?;
    let src = src.as_str().map(str::trim).unwrap_or_default();
    if src.is_empty() {
        return Err(format!(
            "src 要写出处（种子报告哪一句、哪篇报道）；是假定的写“示例：……”及其依据（expected a non-empty src）；{form}"
        ));
    }
    if is_date && !lines.is_date(&format!("{field}.v")) {
        return Err(format!(
            "“{}”要写成不加引号的日期，如 {example}（expected a TOML date without quotes）",
            v.as_str().unwrap_or("?")
        ));
    }
    Ok(RawSourced {
        v: v.clone(),
        s: status,
        src: src.to_string(),
    })
}

fn date_of(x: RawSourced, field: &str) -> Result<Sourced<Date>, String> {
    let text = x.v.as_str().unwrap_or_default();
    let v = Date::parse(text).map_err(|e| format!("{field}.v：{e}"))?;
    Ok(Sourced {
        v,
        s: x.s,
        src: x.src,
    })
}
