//! Which parameters a calculator needs, read from the engine's own serde types: the types are
//! typed against a table that grows by one stand-in per “missing field” until they read it. The
//! same walk over a county's merged table names everything it still lacks, all at once.
//! To be replaced by the one parameter declaration in mingbai-calc once it exists.

use mingbai_calc::{Calculator, DibaoParams, EducationParams, MedicalParams, RelocationParams};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

/// Values tried, in order, where a field is missing: a table (nested parameters, a figure), a
/// list, a number (money, rate, count), a status, a flag, a date.
fn stand_ins() -> [Value; 6] {
    [
        Value::Object(Map::new()),
        Value::Array(Vec::new()),
        Value::from(1),
        Value::from("A"),
        Value::Bool(true),
        Value::from("2019-01-01"),
    ]
}

/// A figure's own keys: `standard.v` and `standard.s` are the figure `standard`.
const FIGURE_PARTS: [&str; 4] = ["v", "s", "src", "doc"];

fn segments(path: &str) -> Vec<Seg> {
    let mut out = Vec::new();
    for part in path.split('.').filter(|p| !p.is_empty() && *p != "?") {
        let mut name = part;
        let mut idx = Vec::new();
        while let Some(open) = name.rfind('[') {
            if let Ok(i) = name[open + 1..].trim_end_matches(']').parse::<usize>() {
                idx.push(i);
            }
            name = &name[..open];
        }
        if !name.is_empty() {
            out.push(Seg::Key(name.to_string()));
        }
        out.extend(idx.into_iter().rev().map(Seg::Index));
    }
    out
}

enum Seg {
    Key(String),
    Index(usize),
}

fn set_at(root: &mut Value, path: &[Seg], v: Value) -> bool {
    let Some((first, rest)) = path.split_first() else {
        *root = v;
        return true;
    };
    let next = match (first, root) {
        (Seg::Key(k), Value::Object(m)) => m.entry(k.clone()).or_insert(Value::Null),
        (Seg::Index(i), Value::Array(a)) => match a.get_mut(*i) {
            Some(x) => x,
            None => return false,
        },
        _ => return false,
    };
    set_at(next, rest, v)
}

/// Dotted paths of the fields `T` needs and `start` lacks, in the order serde asks for them;
/// a figure is named once (`standard`, not `standard.v`).
pub fn missing<T: DeserializeOwned>(start: Value) -> Vec<String> {
    let mut root = start;
    let mut out: Vec<String> = Vec::new();
    let mut tried: std::collections::BTreeMap<String, usize> = Default::default();
    for _ in 0..2000 {
        let e = match serde_path_to_error::deserialize::<_, T>(root.clone()) {
            Ok(_) => break,
            Err(e) => e,
        };
        let at = e.path().to_string();
        let at = if at == "." { String::new() } else { at };
        let inner = e.inner().to_string();
        let (path, value) = if let Some(field) = inner
            .strip_prefix("missing field `")
            .and_then(|r| r.split('`').next())
        {
            let path = if at.is_empty() {
                field.to_string()
            } else {
                format!("{at}.{field}")
            };
            let shown: Vec<&str> = path
                .split('.')
                .filter(|p| !FIGURE_PARTS.contains(p))
                .collect();
            let shown = shown.join(".");
            if !out.contains(&shown) {
                out.push(shown);
            }
            tried.insert(path.clone(), 0);
            (path, stand_ins()[0].clone())
        } else if let Some(variant) = inner
            .split("expected one of `")
            .nth(1)
            .or_else(|| inner.split("expected `").nth(1))
            .and_then(|r| r.split('`').next())
        {
            // A named choice (`bands_from = "threshold"`): the first one the type lists.
            (at.clone(), Value::from(variant))
        } else {
            let n = tried.entry(at.clone()).or_insert(0);
            *n += 1;
            match stand_ins().get(*n) {
                Some(v) => (at.clone(), v.clone()),
                None => break,
            }
        };
        if !set_at(&mut root, &segments(&path), value) {
            break;
        }
    }
    out
}

/// What `calc` needs, as paths under its key (`dibao.standard`).
pub fn needed(calc: Calculator) -> Vec<String> {
    missing_for(calc, Value::Object(Map::new()))
}

/// What `table` (a calculator's merged parameters) still lacks, as paths under its key.
pub fn missing_for(calc: Calculator, table: Value) -> Vec<String> {
    let paths = match calc {
        Calculator::Medical => missing::<MedicalParams>(table),
        Calculator::Relocation => missing::<RelocationParams>(table),
        Calculator::Education => missing::<EducationParams>(table),
        Calculator::Dibao => missing::<DibaoParams>(table),
    };
    let paths: Vec<String> = paths
        .into_iter()
        .map(|p| format!("{}.{p}", calc.key()))
        .collect();
    leaves(paths)
}

/// The parameters one writes: a table (`medical.basic`) is left out where its figures are
/// listed, and the parts of a labelled figure (`scope.kinds`) are the figure (`scope`).
fn leaves(paths: Vec<String>) -> Vec<String> {
    let labelled = |p: &str| mingbai_calc::labels::param_label(p).is_some();
    paths
        .iter()
        .filter(|p| {
            let inside_figure = paths
                .iter()
                .any(|q| p.starts_with(&format!("{q}.")) && labelled(q));
            let table = paths.iter().any(|q| q.starts_with(&format!("{p}.")));
            !inside_figure && (labelled(p) || !table)
        })
        .cloned()
        .collect()
}

/// The list for `content/README.md` and `mingbai params --needed`: each calculator, each
/// parameter it needs with its Chinese name.
pub fn needed_markdown() -> String {
    let mut s = String::new();
    for &calc in Calculator::ALL {
        s.push_str(&format!("- `[params.{}]`（{}）：\n", calc.key(), calc.zh()));
        for p in needed(calc) {
            let label = mingbai_calc::labels::param_label(&p)
                .map(|l| format!(" — {l}"))
                .unwrap_or_default();
            s.push_str(&format!("  - `{p}`{label}\n"));
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dibao_needs_its_five_figures() {
        assert_eq!(
            needed(Calculator::Dibao),
            [
                "dibao.standard",
                "dibao.taper_months",
                "dibao.taper_months_disabled",
                "dibao.tekun_dispersed",
                "dibao.tekun_centralized"
            ]
        );
    }
}
