//! Calculator parameters: every figure gets its `src` and `doc`; then, per jurisdiction and
//! calculator, the tables of the documents in force on each date range are merged and handed to
//! `mingbai-calc` to type and validate.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use mingbai_calc::{
    Calculator, Date, Dated, DibaoParams, EducationParams, JurisdictionParams, MedicalParams,
    RelocationParams,
};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::{ContentError, Document, Errors, Jurisdiction, Lines};

/// Whether `v` is one figure `{ v = …, s = … }` rather than a table of them.
pub(crate) fn is_figure(v: &Value) -> bool {
    v.as_object().is_some_and(|m| m.contains_key("v"))
}

/// Whether `v` is an array of tables (`[[…]]`), which merges by concatenation.
fn is_table_array(v: &Value) -> bool {
    v.as_array()
        .is_some_and(|a| !a.is_empty() && a.iter().all(|x| x.is_object() && !is_figure(x)))
}

/// Checks each figure's keys and fills in `src` (the document's `source`) and `doc` (its slug).
pub(crate) fn fill_figures(
    table: &mut Map<String, Value>,
    prefix: &str,
    slug: &str,
    source: &str,
    file: &Path,
    lines: &Lines,
    errors: &mut Errors,
) {
    for (key, value) in table.iter_mut() {
        let path = format!("{prefix}.{key}");
        fill_value(value, &path, slug, source, file, lines, errors);
    }
}

fn fill_value(
    value: &mut Value,
    path: &str,
    slug: &str,
    source: &str,
    file: &Path,
    lines: &Lines,
    errors: &mut Errors,
) {
    let mut err = |field: &str, reason: String| {
        errors.push(ContentError::new(
            file,
            lines.find(field),
            Some(field),
            reason,
        ))
    };
    match value {
        Value::Object(m) if m.contains_key("v") => {
            for k in m.keys() {
                if !matches!(k.as_str(), "v" | "s" | "src") {
                    err(
                        &format!("{path}.{k}"),
                        format!(
                            "unknown key “{k}” in a figure (a figure has v, s and optionally src)"
                        ),
                    );
                }
            }
            match m.get("s").and_then(Value::as_str) {
                Some("S" | "V" | "R" | "L" | "A") => {}
                Some(other) => err(
                    &format!("{path}.s"),
                    format!("“{other}”不是状态：写 S（种子报告）、V（公开报道）、R（国家规定）、L（省级规定）或 A（示例）（expected S, V, R, L or A）"),
                ),
                None => err(
                    path,
                    "a figure needs its status s = \"S\", \"V\", \"R\", \"L\" or \"A\"".to_string(),
                ),
            }
            if !m.contains_key("src") {
                m.insert("src".into(), Value::String(source.to_string()));
            }
            m.insert("doc".into(), Value::String(slug.to_string()));
        }
        Value::Object(m) => {
            for (k, v) in m.iter_mut() {
                fill_value(v, &format!("{path}.{k}"), slug, source, file, lines, errors);
            }
        }
        Value::Array(items) if is_table_array(&Value::Array(items.clone())) => {
            for (i, v) in items.iter_mut().enumerate() {
                fill_value(
                    v,
                    &format!("{path}[{i}]"),
                    slug,
                    source,
                    file,
                    lines,
                    errors,
                );
            }
        }
        _ => {}
    }
}

/// Where a merged value came from: the document and the value's path inside that document.
#[derive(Clone)]
struct Origin {
    doc: usize,
    path: String,
}

struct Merger<'a> {
    docs: &'a [&'a Document],
    calc: Calculator,
    origins: BTreeMap<String, Origin>,
    errors: Errors,
}

impl Merger<'_> {
    fn full(&self, o: &Origin) -> String {
        format!("params.{}.{}", self.calc.key(), o.path)
    }

    fn line(&self, o: &Origin) -> Option<usize> {
        self.docs[o.doc].lines.find(&self.full(o))
    }

    fn record(&mut self, merged: &str, value: &Value, origin: Origin) {
        // Every nested key is recorded so an error deep inside a merged value finds its line.
        self.origins.insert(merged.to_string(), origin.clone());
        match value {
            Value::Object(m) => {
                for (k, v) in m {
                    self.record(
                        &format!("{merged}.{k}"),
                        v,
                        Origin {
                            doc: origin.doc,
                            path: format!("{}.{k}", origin.path),
                        },
                    );
                }
            }
            Value::Array(a) => {
                for (i, v) in a.iter().enumerate() {
                    self.record(
                        &format!("{merged}[{i}]"),
                        v,
                        Origin {
                            doc: origin.doc,
                            path: format!("{}[{i}]", origin.path),
                        },
                    );
                }
            }
            _ => {}
        }
    }

    fn merge(
        &mut self,
        dst: &mut Map<String, Value>,
        src: &Map<String, Value>,
        doc: usize,
        prefix: &str,
        src_prefix: &str,
    ) {
        for (key, value) in src {
            let merged = if prefix.is_empty() {
                key.clone()
            } else {
                format!("{prefix}.{key}")
            };
            let src_path = if src_prefix.is_empty() {
                key.clone()
            } else {
                format!("{src_prefix}.{key}")
            };
            match dst.get_mut(key) {
                None => {
                    self.record(
                        &merged,
                        value,
                        Origin {
                            doc,
                            path: src_path,
                        },
                    );
                    dst.insert(key.clone(), value.clone());
                }
                Some(Value::Object(d))
                    if value.is_object() && !is_figure(value) && !d.contains_key("v") =>
                {
                    let s = value.as_object().expect("checked is_object");
                    self.merge(d, s, doc, &merged, &src_path);
                }
                Some(Value::Array(d))
                    if is_table_array(value)
                        && d.iter().all(|x| x.is_object() && !is_figure(x)) =>
                {
                    let base = d.len();
                    for (i, item) in value.as_array().expect("checked").iter().enumerate() {
                        self.record(
                            &format!("{merged}[{}]", base + i),
                            item,
                            Origin {
                                doc,
                                path: format!("{src_path}[{i}]"),
                            },
                        );
                        d.push(item.clone());
                    }
                }
                Some(_) => {
                    let first = self.origins.get(&merged).cloned().unwrap_or(Origin {
                        doc,
                        path: src_path.clone(),
                    });
                    let second = Origin {
                        doc,
                        path: src_path,
                    };
                    let (a, b) = (&self.docs[first.doc], &self.docs[second.doc]);
                    let field = self.full(&second);
                    let first_line = self
                        .line(&first)
                        .map(|l| format!(":{l}"))
                        .unwrap_or_default();
                    self.errors.push(ContentError::new(
                        &b.file,
                        self.line(&second),
                        Some(&field),
                        format!(
                            "defined twice for the same dates: here and in {}{first_line} (both in force {})",
                            a.file.display(),
                            overlap(a, b)
                        ),
                    ));
                }
            }
        }
    }

    /// The file, line and full field of a path in the merged value.
    fn locate(&self, path: &str) -> (usize, Option<usize>, String) {
        let mut p = path;
        loop {
            if let Some(o) = self.origins.get(p) {
                let rest = &path[p.len()..];
                let full = format!("{}{rest}", self.full(o));
                let line = self.docs[o.doc].lines.find(&full);
                return (o.doc, line, full);
            }
            match p.rfind(['.', '[']) {
                Some(cut) => p = &p[..cut],
                None => return (0, None, format!("params.{}.{path}", self.calc.key())),
            }
        }
    }
}

fn overlap(a: &Document, b: &Document) -> String {
    let from = a.effective.v.max(b.effective.v);
    let to = match (
        a.expires.as_ref().map(|e| e.v),
        b.expires.as_ref().map(|e| e.v),
    ) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, y) => x.or(y),
    };
    match to {
        Some(to) => format!("{from}–{to}"),
        None => format!("from {from}"),
    }
}

fn day_after(d: Date) -> Option<Date> {
    let s = d.to_string();
    let (y, m, dd): (u16, u8, u8) = (
        s[0..4].parse().ok()?,
        s[5..7].parse().ok()?,
        s[8..10].parse().ok()?,
    );
    Date::new(y, m, dd + 1)
        .or_else(|| Date::new(y, m + 1, 1))
        .or_else(|| Date::new(y + 1, 1, 1))
}

fn day_before(d: Date) -> Option<Date> {
    let s = d.to_string();
    let (y, m, dd): (u16, u8, u8) = (
        s[0..4].parse().ok()?,
        s[5..7].parse().ok()?,
        s[8..10].parse().ok()?,
    );
    if dd > 1 {
        return Date::new(y, m, dd - 1);
    }
    if m > 1 {
        return (28..=31).rev().find_map(|last| Date::new(y, m - 1, last));
    }
    Date::new(y - 1, 12, 31)
}

/// The outcome of one calculator over all its date ranges.
struct Built<T> {
    sets: Vec<Dated<T>>,
    /// Why ranges were incomplete, for the message when none is complete.
    gaps: Vec<String>,
}

fn build_calc<T: DeserializeOwned + PartialEq>(
    all: &[&Document],
    calc: Calculator,
    validate: fn(&T) -> Result<(), mingbai_calc::CalcError>,
    errors: &mut Errors,
) -> Built<T> {
    let docs: Vec<&Document> = all
        .iter()
        .copied()
        .filter(|d| d.params.contains_key(&calc))
        .collect();
    let mut bounds: BTreeSet<Date> = BTreeSet::new();
    for d in &docs {
        bounds.insert(d.effective.v);
        if let Some(after) = d.expires.as_ref().and_then(|e| day_after(e.v)) {
            bounds.insert(after);
        }
    }
    let bounds: Vec<Date> = bounds.into_iter().collect();
    let mut built = Built {
        sets: Vec::new(),
        gaps: Vec::new(),
    };
    let mut reported: BTreeSet<String> = BTreeSet::new();
    for (i, &from) in bounds.iter().enumerate() {
        let to = bounds.get(i + 1).and_then(|&b| day_before(b));
        let active: Vec<usize> = (0..docs.len())
            .filter(|&k| docs[k].in_force(from))
            .collect();
        if active.is_empty() {
            continue;
        }
        let mut m = Merger {
            docs: &docs,
            calc,
            origins: BTreeMap::new(),
            errors: Errors::default(),
        };
        let mut merged = Map::new();
        for &k in &active {
            m.merge(&mut merged, &docs[k].params[&calc], k, "", "");
        }
        if !m.errors.is_empty() {
            errors.extend(std::mem::take(&mut m.errors));
            continue;
        }
        let range = match to {
            Some(to) => format!("{from}–{to}"),
            None => format!("from {from}"),
        };
        let table = Value::Object(merged);
        match serde_path_to_error::deserialize::<_, T>(table.clone()) {
            Ok(params) => match validate(&params) {
                Ok(()) => {
                    // Adjacent ranges with equal parameters are one range.
                    match built.sets.last_mut() {
                        Some(last)
                            if last.params == params
                                && last.to.and_then(day_after) == Some(from) =>
                        {
                            last.to = to
                        }
                        _ => built.sets.push(Dated { from, to, params }),
                    }
                }
                Err(e) => {
                    let path = e
                        .field
                        .strip_prefix(&format!("{}.", calc.key()))
                        .unwrap_or(&e.field)
                        .to_string();
                    let (doc, line, field) = m.locate(&path);
                    let key = format!("{field}{}", e.zh);
                    if reported.insert(key) {
                        errors.push(ContentError::new(
                            &docs[doc].file,
                            line,
                            Some(&field),
                            format!("{}（{}）", e.zh, e.en),
                        ));
                    }
                }
            },
            Err(e) => {
                let inner = e.inner().to_string();
                let mut path = e.path().to_string();
                if path == "." {
                    path.clear();
                }
                if inner.starts_with("missing field") {
                    // Everything missing at once, not one field per run.
                    let all = crate::needed::missing_for(calc, table);
                    built.gaps.push(format!("{range} 缺少 {}", all.join("、")));
                    continue;
                }
                if let Some(key) = inner
                    .strip_prefix("unknown field `")
                    .and_then(|r| r.split('`').next())
                {
                    path = if path.is_empty() {
                        key.to_string()
                    } else {
                        format!("{path}.{key}")
                    };
                }
                // `rate.v` is the figure `rate`; name the figure.
                let figure_path = path.strip_suffix(".v").unwrap_or(&path).to_string();
                let (doc, line, field) = m.locate(&figure_path);
                let key = format!("{field}{inner}");
                if reported.insert(key) {
                    errors.push(ContentError::new(
                        &docs[doc].file,
                        line,
                        Some(&field),
                        inner,
                    ));
                }
            }
        }
    }
    built
}

/// The parameters of a jurisdiction, or the errors found building them.
/// `docs`: the documents in force for `j`, its own and those it inherits.
pub(crate) fn build(j: &Jurisdiction, docs: &[&Document]) -> Result<JurisdictionParams, Errors> {
    let mut errors = Errors::default();
    let mut out = JurisdictionParams {
        id: j.id.clone(),
        name: j.name.clone(),
        ..Default::default()
    };
    let mut gaps: BTreeMap<Calculator, Vec<String>> = BTreeMap::new();
    for &calc in Calculator::ALL {
        let offered = j.calculators.contains(&calc);
        macro_rules! run {
            ($t:ty, $field:ident) => {{
                let b = build_calc::<$t>(docs, calc, <$t>::validate, &mut errors);
                if offered {
                    out.$field = b.sets;
                    gaps.insert(calc, b.gaps);
                }
            }};
        }
        match calc {
            Calculator::Medical => run!(MedicalParams, medical),
            Calculator::Relocation => run!(RelocationParams, relocation),
            Calculator::Education => run!(EducationParams, education),
            Calculator::Dibao => run!(DibaoParams, dibao),
        }
    }
    if errors.is_empty() {
        for calc in &j.calculators {
            if !out.offers(*calc) {
                let why = gaps
                    .get(calc)
                    .filter(|g| !g.is_empty())
                    .map(|g| format!("：{}", g.join("；")))
                    .unwrap_or_else(|| format!("：没有哪个文件写了 [params.{}]", calc.key()));
                errors.push(ContentError::new(
                    &j.file,
                    j.calculators_line,
                    Some("calculators"),
                    format!("提供了“{}”计算器，但没有哪一段日期的参数是齐的{why}（calculator “{}” is offered but its parameters are complete on no date；each calculator's parameters: mingbai params --needed）", calc.zh(), calc.key()),
                ));
            }
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}
