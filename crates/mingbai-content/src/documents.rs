//! Loading one folder: `_site.toml`, a jurisdiction's `_index.md` and its policy documents.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::{Map, Value};

use crate::front::{
    calculator_of, check_chars, date_of, sourced, split_front_matter, status_of, typed, typed_all,
    valid_slug, Need, EXAMPLE_ISSUER,
};
use mingbai_calc::Calculator;

use crate::{
    category_slug, figures, params, tree, Base, ContentError, Document, Errors, Jurisdiction,
    Level, Site, Sourced, CATEGORIES, QUOTES_FILE, RESERVED_IN_JURISDICTION, RESERVED_TOP,
};

pub(crate) fn load_site(root: &Path, errors: &mut Errors) -> Option<Site> {
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
    #[serde(default)]
    level: Option<String>,
    #[serde(default)]
    parent: Option<String>,
}

/// The keys of `_index.md`, as [`IndexFront`] reads them.
const INDEX_KEYS: &[(&str, Need)] = &[
    ("name", Need::Text),
    ("full_name", Need::Text),
    ("code", Need::Text),
    ("seed", Need::Optional),
    ("period", Need::Optional),
    ("calculators", Need::Optional),
    ("level", Need::Optional),
    ("parent", Need::Optional),
];

/// A jurisdiction's `_index.md`, without its documents (they are read once the documents above
/// it are known, see `load_docs`). The flag says whether the index itself was sound.
pub(crate) fn load_index(dir: &Path, errors: &mut Errors) -> Option<(Jurisdiction, bool)> {
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
    let (f, _) = typed_all::<IndexFront>(map, INDEX_KEYS, &index, &lines, errors);
    let f = f?;
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
    let level = match f.level.as_deref() {
        None => Level::County,
        Some(l) => Level::of(l).unwrap_or_else(|| {
            errors.push(ContentError::new(
                &index,
                lines.get("level"),
                Some("level"),
                format!("“{l}”不是层级：写“全国”“省”或“县”，不写就是县（expected 全国, 省 or 县）"),
            ));
            ok = false;
            Level::County
        }),
    };
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

    Some((
        Jurisdiction {
            id,
            level,
            parent: f.parent,
            parent_line: lines.get("parent"),
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
            docs: Vec::new(),
        },
        ok,
    ))
}

/// The policy documents of the folder `dir` of jurisdiction `id`, sorted by slug. `inherited` are
/// the documents in force above it, by slug: a file with one of their names adjusts that document.
pub(crate) fn load_docs(
    dir: &Path,
    id: &str,
    inherited: &BTreeMap<String, Document>,
    errors: &mut Errors,
) -> Vec<Document> {
    let mut files: Vec<PathBuf> = match fs::read_dir(dir) {
        Ok(rd) => rd.filter_map(|e| e.ok()).map(|e| e.path()).collect(),
        Err(e) => {
            errors.push(ContentError::new(
                dir,
                None,
                None,
                format!("cannot read: {e}"),
            ));
            return Vec::new();
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
        if let Some(d) = load_document(&file, id, stem, inherited.get(stem), errors) {
            docs.push(d);
        }
    }
    docs.sort_by(|a, b| a.slug.cmp(&b.slug));
    docs
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

/// The keys of a policy document, as [`DocFront`] reads them.
const DOC_KEYS: &[(&str, Need)] = &[
    ("title", Need::Text),
    ("category", Need::Text),
    ("issuer", Need::Optional),
    ("doc_number", Need::Optional),
    ("effective", Need::Table),
    ("expires", Need::Optional),
    ("eligibility", Need::List),
    ("how_to_apply", Need::Text),
    ("hotline", Need::Optional),
    ("summary", Need::Text),
    ("source", Need::Text),
    ("status", Need::Text),
    ("tags", Need::Optional),
    ("params", Need::Optional),
];

pub(crate) fn load_document(
    file: &Path,
    jurisdiction: &str,
    slug: &str,
    base: Option<&Document>,
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
    let (mut map, lines) = match tree::parse(front, front_line) {
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
    let base = base.map(|b| {
        let mut overrides = over_base(&mut map, &b.front);
        if !body.trim().is_empty() {
            overrides.push("body".to_string());
        }
        (b, overrides)
    });
    // A local file's own text follows the inherited text, as what the county adds to it; where
    // it starts is kept so that a problem in it names this file's line.
    let joined;
    let mut local_body = None;
    let (body, body_line) = match base {
        Some((b, _)) if body.trim().is_empty() => (b.body.as_str(), b.body_line),
        Some((b, _)) => {
            let own = body.trim_start();
            let skipped = body[..body.len() - own.len()].matches('\n').count();
            let head = format!("{}\n\n## 本地补充\n\n", b.body.trim_end());
            local_body = Some((head.len(), body_line + skipped));
            joined = head + own;
            (joined.as_str(), b.body_line)
        }
        None => (body, body_line),
    };
    let raw = map.clone();
    let before = errors.len();
    let (f, bad) = typed_all::<DocFront>(map, DOC_KEYS, file, &lines, errors);
    let f = f?;
    // A key already reported (missing, unknown, mistyped) holds a stand-in: no second message.
    let mut err = |field: &str, reason: String| {
        if !bad.contains(field) {
            errors.push(ContentError::new(
                file,
                lines.find(field),
                Some(field),
                reason,
            ));
        }
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
        if !bad.contains(field) {
            errors.push(ContentError::new(
                file,
                lines.find(field),
                Some(field),
                reason,
            ));
        }
    };
    if category_slug(&f.category).is_none() {
        let names: Vec<&str> = CATEGORIES.iter().map(|(n, _)| *n).collect();
        err(
            "category",
            format!(
                "不认识的类别“{}”：{}（unknown category）",
                f.category,
                crate::error::did_you_mean(&f.category, &names)
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
        body_pieces: Vec::new(),
        local_body,
        base: base.map(|(b, overrides)| Base {
            jurisdiction: b.jurisdiction.clone(),
            overrides,
        }),
        front: Map::new(),
    };
    doc.front = front_of(raw, &doc.params);
    match figures::render(&doc) {
        Ok(groups) => doc.figures = groups,
        Err(e) => {
            errors.extend(e);
            return None;
        }
    }
    Some(doc)
}

/// Lays a local file's front matter over its base's: the keys it writes win, `params` merge figure
/// by figure (items of a list by their `id`). Returns what the local file writes.
fn over_base(map: &mut Map<String, Value>, base: &Map<String, Value>) -> Vec<String> {
    let mut overrides: Vec<String> = map.keys().filter(|k| *k != "params").cloned().collect();
    if let Some(Value::Object(p)) = map.get("params") {
        for (k, v) in p {
            figure_paths(v, k, &mut overrides);
        }
    }
    for (k, bv) in base {
        match map.get_mut(k) {
            None => {
                map.insert(k.clone(), bv.clone());
            }
            Some(v) if k == "params" => merge_value(v, bv),
            Some(_) => {}
        }
    }
    overrides
}

fn figure_paths(v: &Value, path: &str, out: &mut Vec<String>) {
    if params::is_figure(v) {
        out.push(path.to_string());
        return;
    }
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                figure_paths(x, &format!("{path}.{k}"), out);
            }
        }
        Value::Array(a) => {
            for x in a {
                if let Some(id) = x.get("id").and_then(Value::as_str) {
                    figure_paths(x, &format!("{path}.{id}"), out);
                }
            }
        }
        _ => {}
    }
}

fn merge_value(local: &mut Value, base: &Value) {
    if params::is_figure(local) || params::is_figure(base) {
        return;
    }
    match (local, base) {
        (Value::Object(l), Value::Object(b)) => {
            for (k, bv) in b {
                match l.get_mut(k) {
                    Some(lv) => merge_value(lv, bv),
                    None => {
                        l.insert(k.clone(), bv.clone());
                    }
                }
            }
        }
        (Value::Array(l), Value::Array(b)) => {
            let id = |x: &Value| x.get("id").and_then(Value::as_str).map(str::to_string);
            // Items by `id`: a local item adjusts the base item of the same id; the base's order
            // is kept and new local items follow.
            let mut out = Vec::with_capacity(b.len() + l.len());
            for bi in b {
                match id(bi).and_then(|i| l.iter().position(|li| id(li).as_deref() == Some(&i))) {
                    Some(pos) => {
                        let mut li = l.remove(pos);
                        merge_value(&mut li, bi);
                        out.push(li);
                    }
                    None => out.push(bi.clone()),
                }
            }
            out.append(l);
            *l = out;
        }
        _ => {}
    }
}

/// The merged front matter, with each figure's `src` as filled in (so a document below that
/// changes `source` does not change where an inherited figure came from) and without `doc`.
fn front_of(
    mut raw: Map<String, Value>,
    params: &BTreeMap<Calculator, Map<String, Value>>,
) -> Map<String, Value> {
    fn strip(v: &mut Value) {
        match v {
            Value::Object(m) => {
                m.remove("doc");
                m.values_mut().for_each(strip);
            }
            Value::Array(a) => a.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let mut p: Map<String, Value> = params
        .iter()
        .map(|(c, t)| (c.key().to_string(), Value::Object(t.clone())))
        .collect();
    p.values_mut().for_each(strip);
    if !p.is_empty() {
        raw.insert("params".into(), Value::Object(p));
    }
    raw
}
