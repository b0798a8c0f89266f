//! Worked examples: `content/<j>/examples/<name>.json`, each a title and a calculator case,
//! computed at load time by the same engine the calculator uses, so the printed example cannot
//! drift from the parameters.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use mingbai_calc::{Calculator, Case, JurisdictionParams, Summary};
use serde::Deserialize;

use crate::front::valid_slug;
use crate::{ContentError, Errors, Jurisdiction};

/// One worked example and its result.
#[derive(Debug, Clone)]
pub struct Example {
    /// The file stem: `daixian-medical-city`.
    pub name: String,
    pub file: PathBuf,
    pub title: String,
    pub case: Case,
    pub summary: Summary,
}

impl Example {
    /// The calculators the case asks about, in the engine's order.
    pub fn calculators(&self) -> Vec<Calculator> {
        calculators_of(&self.case)
    }
}

fn calculators_of(c: &Case) -> Vec<Calculator> {
    [
        (Calculator::Medical, c.medical.is_some()),
        (Calculator::Relocation, c.relocation.is_some()),
        (Calculator::Education, c.education.is_some()),
        (Calculator::Dibao, c.dibao.is_some()),
    ]
    .into_iter()
    .filter_map(|(k, asked)| asked.then_some(k))
    .collect()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ExampleFile {
    title: String,
    case: Case,
}

/// Loads and computes the examples of `j` (none when it has no `examples/` folder), sorted by
/// file name. `params` is `None` when the jurisdiction's parameters did not build.
pub(crate) fn load(
    j: &Jurisdiction,
    params: Option<&JurisdictionParams>,
    errors: &mut Errors,
) -> Vec<Example> {
    let Some(dir) = j.file.parent().map(|d| d.join("examples")) else {
        return Vec::new();
    };
    if !dir.is_dir() {
        return Vec::new();
    }
    let mut files: Vec<PathBuf> = match fs::read_dir(&dir) {
        Ok(rd) => rd.filter_map(|e| e.ok()).map(|e| e.path()).collect(),
        Err(e) => {
            errors.push(ContentError::new(
                &dir,
                None,
                None,
                format!("cannot read: {e}"),
            ));
            return Vec::new();
        }
    };
    files.sort();
    let mut out = Vec::new();
    for file in files {
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        if name.starts_with('.') {
            continue;
        }
        let stem = match name.strip_suffix(".json") {
            Some(s) if valid_slug(s) && !file.is_dir() => s.to_string(),
            _ => {
                errors.push(ContentError::new(
                    &file,
                    None,
                    None,
                    "an example is a file <name>.json (name: lowercase ASCII letters, digits and '-')",
                ));
                continue;
            }
        };
        if let Some(e) = load_one(j, params, &file, stem, errors) {
            out.push(e);
        }
    }
    out
}

fn load_one(
    j: &Jurisdiction,
    params: Option<&JurisdictionParams>,
    file: &Path,
    name: String,
    errors: &mut Errors,
) -> Option<Example> {
    let err =
        |line, field: Option<&str>, reason: String| ContentError::new(file, line, field, reason);
    let text = match fs::read_to_string(file) {
        Ok(t) => t,
        Err(e) => {
            errors.push(err(None, None, format!("cannot read: {e}")));
            return None;
        }
    };
    let mut de = serde_json::Deserializer::from_str(&text);
    let result = serde_path_to_error::deserialize::<_, ExampleFile>(&mut de)
        .map_err(|e| {
            let path = e.path().to_string();
            (
                if path == "." { String::new() } else { path },
                e.into_inner(),
            )
        })
        .and_then(|v| de.end().map(|()| v).map_err(|e| (String::new(), e)));
    let parsed = match result {
        Ok(v) => v,
        Err((mut field, inner)) => {
            // serde names an unknown key in the message, not in the path.
            let msg = inner.to_string();
            if let Some(key) = msg
                .strip_prefix("unknown field `")
                .and_then(|r| r.split('`').next())
            {
                if field.rsplit('.').next() != Some(key) {
                    field = if field.is_empty() {
                        key.to_string()
                    } else {
                        format!("{field}.{key}")
                    };
                }
            }
            let reason = msg
                .split(" at line ")
                .next()
                .unwrap_or_default()
                .to_string();
            let line = (inner.line() > 0).then_some(inner.line());
            errors.push(err(line, Some(&field), reason));
            return None;
        }
    };
    if parsed.title.trim().is_empty() {
        errors.push(err(None, Some("title"), "the title is empty".into()));
        return None;
    }
    let case = parsed.case;
    if case.jurisdiction != j.id {
        errors.push(err(
            None,
            Some("case.jurisdiction"),
            format!(
                "the example is in {}/ but is for “{}”",
                j.id, case.jurisdiction
            ),
        ));
        return None;
    }
    let params = params?;
    for c in calculators_of(&case) {
        if !(j.calculators.contains(&c) && params.offers(c)) {
            errors.push(err(
                None,
                Some(&format!("case.{}", c.key())),
                format!("{} does not offer the {} calculator", j.id, c.key()),
            ));
            return None;
        }
    }
    match mingbai_calc::compute(&case, params) {
        Ok(summary) => Some(Example {
            name,
            file: file.to_path_buf(),
            title: parsed.title,
            case,
            summary,
        }),
        Err(e) => {
            errors.push(err(
                None,
                Some(&format!("case.{}", e.field)),
                format!("{}（{}）", e.zh, e.en),
            ));
            None
        }
    }
}

/// Every jurisdiction's examples, by jurisdiction id.
pub(crate) fn load_all<'a>(
    jurisdictions: impl Iterator<Item = &'a Jurisdiction>,
    params: &BTreeMap<String, JurisdictionParams>,
    errors: &mut Errors,
) -> BTreeMap<String, Vec<Example>> {
    jurisdictions
        .map(|j| (j.id.clone(), load(j, params.get(&j.id), errors)))
        .filter(|(_, v)| !v.is_empty())
        .collect()
}
