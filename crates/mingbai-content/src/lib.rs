//! Loads `content/` (see `content/README.md`): the site settings, the jurisdictions, their policy
//! documents, and the calculator parameters merged per date range and checked by `mingbai-calc`.
//!
//! Every problem is reported with the file, the line and the reason, and loading goes on after a
//! problem so that one run reports all of them.

pub mod audit;
mod documents;
mod error;
mod examples;
pub mod figures;
mod front;
mod model;
pub mod needed;
mod params;
mod shortcode;
mod tree;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use documents::{load_docs, load_index, load_site};
pub use error::{ContentError, Errors};
pub use examples::Example;
pub use figures::{Figure, FigureGroup};
pub use model::*;
pub use shortcode::{split_shortcodes, Piece};
pub use tree::Lines;

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

    // Jurisdictions with a document that did not load: their merged parameters and quotes would
    // only repeat that error in other words, so they are not checked further.
    let mut incomplete = Vec::new();
    let mut indexes = Vec::new();
    for dir in dirs {
        let before = errors.len();
        if let Some((j, ok)) = load_index(&dir, &mut errors) {
            if errors.len() > before {
                incomplete.push(j.id.clone());
            }
            indexes.push((dir, j, ok));
        }
    }
    let mut jurisdictions: Vec<Jurisdiction> = indexes.iter().map(|(_, j, _)| j.clone()).collect();
    check_parents(&jurisdictions, &mut incomplete, &mut errors);
    // Documents are read from the top down, so a county's file can adjust the national one.
    let mut order: Vec<usize> = (0..jurisdictions.len()).collect();
    order.sort_by_key(|&i| model::chain(&jurisdictions, &jurisdictions[i]).len());
    for i in order {
        let inherited: BTreeMap<String, Document> = match &jurisdictions[i].parent {
            Some(p) => match jurisdictions.iter().find(|x| &x.id == p) {
                Some(parent) => model::docs_for(&jurisdictions, parent)
                    .into_iter()
                    .map(|d| (d.slug.clone(), d.clone()))
                    .collect(),
                None => BTreeMap::new(),
            },
            None => BTreeMap::new(),
        };
        let (dir, j, _) = &indexes[i];
        let before = errors.len();
        let docs = load_docs(dir, &j.id, &inherited, &mut errors);
        if errors.len() > before && !incomplete.contains(&j.id) {
            incomplete.push(j.id.clone());
        }
        jurisdictions[i].docs = docs;
    }
    // A jurisdiction whose index is unsound is dropped (its documents were still checked), and
    // one below an incomplete level is incomplete too.
    let sound: Vec<String> = indexes
        .iter()
        .filter(|(_, _, ok)| *ok)
        .map(|(_, j, _)| j.id.clone())
        .collect();
    jurisdictions.retain(|j| sound.contains(&j.id));
    for j in &jurisdictions {
        if model::chain(&jurisdictions, j)
            .iter()
            .any(|x| incomplete.contains(&x.id))
            && !incomplete.contains(&j.id)
        {
            incomplete.push(j.id.clone());
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
        match params::build(j, &model::docs_for(&jurisdictions, j)) {
            // Levels above a county are checked here but offer no calculator of their own: a
            // household lives in a county.
            Ok(p) if j.level == Level::County => {
                all_params.insert(j.id.clone(), p);
            }
            Ok(_) => {}
            Err(e) => errors.extend(e),
        }
    }

    // Quotes are resolved once, here: `mingbai check` finds a bad one without building pages,
    // and the site receives figures, not shortcodes.
    let mut resolved = Vec::new();
    for (ji, j) in jurisdictions.iter().enumerate() {
        if incomplete.contains(&j.id) {
            continue;
        }
        let docs = model::docs_for(&jurisdictions, j);
        for (di, d) in j.docs.iter().enumerate() {
            // An adjustment's own text is resolved apart, so that its errors name its lines.
            let parts = match d.local_body {
                Some((at, line)) if d.body.is_char_boundary(at) => {
                    vec![(&d.body[..at], d.body_line), (&d.body[at..], line)]
                }
                _ => vec![(d.body.as_str(), d.body_line)],
            };
            let mut body = Vec::new();
            for (text, line) in parts {
                match split_shortcodes(text, line, &d.file, |path| {
                    resolve_figure(&docs, d, path).is_some()
                }) {
                    Ok(pieces) => body.extend(pieces.into_iter().map(|p| {
                        match p {
                            Piece::Text(t) => BodyPiece::Text(t.to_string()),
                            Piece::Param { path, .. } => BodyPiece::Figure(
                                resolve_figure(&docs, d, path)
                                    .expect("checked by split_shortcodes")
                                    .clone(),
                            ),
                        }
                    })),
                    Err(e) => {
                        for mut e in e.0 {
                            list_known_figures(&docs, d, &mut e);
                            errors.push(e);
                        }
                    }
                }
            }
            let title = plain_text(&docs, d, "title", &d.title_src, &mut errors);
            let summary = plain_text(&docs, d, "summary", &d.summary_src, &mut errors);
            resolved.push((ji, di, title, summary, body));
        }
    }
    for (ji, di, title, summary, body) in resolved {
        let d = &mut jurisdictions[ji].docs[di];
        d.title = title;
        d.summary = summary;
        d.body_pieces = body;
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

/// For an unknown `param("…")`: the paths this document can quote, nearest to the written one
/// first, so a misspelling is fixed by reading the first one or two.
fn list_known_figures(docs: &[&Document], d: &Document, e: &mut ContentError) {
    let Some(path) = e
        .reason
        .strip_prefix("param(\"")
        .and_then(|r| r.split_once("\")："))
        .map(|(p, _)| p.to_string())
    else {
        return;
    };
    let mut known: Vec<&str> = docs
        .iter()
        .flat_map(|o| o.figures.iter().flat_map(|g| &g.rows))
        .map(|f| f.path.as_str())
        .filter(|p| resolve_figure(docs, d, p).is_some())
        .collect();
    known.sort();
    known.dedup();
    if known.is_empty() {
        e.reason
            .push_str("。本县还没有写任何参数，先在文件开头 +++ 之间写 [params.…]");
        return;
    }
    let sorted = error::nearest_first(&path, &known);
    let shown: Vec<String> = sorted
        .iter()
        .take(8)
        .map(|p| format!("param(\"{p}\")"))
        .collect();
    let more = if sorted.len() > 8 {
        format!("，共{}个", sorted.len())
    } else {
        String::new()
    };
    e.reason.push_str(&format!(
        "。可引用的数字（最接近的在前）：{}{more}",
        shown.join("、")
    ));
}

/// `title` or `summary` with its `{{ param("…") }}` quotes replaced by the figures' values, so
/// page titles, cards, print sheets, the feed and the search index all read the current figure.
fn plain_text(
    docs: &[&Document],
    d: &Document,
    field: &str,
    text: &str,
    errors: &mut Errors,
) -> String {
    let line = d.lines.get(field).unwrap_or(1);
    match split_shortcodes(text, line, &d.file, |path| {
        resolve_figure(docs, d, path).is_some()
    }) {
        Ok(pieces) => pieces
            .into_iter()
            .map(|p| match p {
                Piece::Text(t) => t.to_string(),
                Piece::Param { path, .. } => resolve_figure(docs, d, path)
                    .map(|f| f.value.clone())
                    .unwrap_or_default(),
            })
            .collect(),
        Err(e) => {
            for mut e in e.0 {
                e.field = Some(field.to_string());
                list_known_figures(docs, d, &mut e);
                errors.push(e);
            }
            text.to_string()
        }
    }
}

/// A figure quoted from a document's body: the document's own first, else the one document in
/// force for its jurisdiction (`docs`, see `Content::docs_for`) that defines it.
pub fn resolve_figure<'a>(
    docs: &[&'a Document],
    d: &'a Document,
    path: &str,
) -> Option<&'a Figure> {
    if let Some(f) = d.figure(path) {
        return Some(f);
    }
    let mut found = docs.iter().filter_map(|o| o.figure(path));
    let first = found.next()?;
    // Two documents stating it: the quote is ambiguous, so it is not resolved.
    found.next().is_none().then_some(first)
}

/// Each `parent` names a jurisdiction of a higher level, and following parents never loops.
fn check_parents(all: &[Jurisdiction], incomplete: &mut Vec<String>, errors: &mut Errors) {
    for j in all {
        let Some(p) = &j.parent else {
            continue;
        };
        let reason = match all.iter().find(|x| &x.id == p) {
            None => Some(format!(
                "没有“{p}”这个文件夹：parent 写上一级的文件夹名，如 parent = \"shanxi\"（no jurisdiction “{p}”）"
            )),
            Some(x) if x.level >= j.level => Some(format!(
                "“{p}”是{}，不在{}之上：parent 写上一级（全国在省之上，省在县之上）（parent must be a higher level）",
                x.level.key(),
                j.level.key()
            )),
            Some(_) => None,
        };
        if let Some(reason) = reason {
            errors.push(ContentError::new(
                &j.file,
                j.parent_line,
                Some("parent"),
                reason,
            ));
            incomplete.push(j.id.clone());
        }
    }
}
