//! Reading front matter: splitting it from the body, typing it with the line of each problem,
//! and the `{ v, s, src }` form of sourced dates and issuers.

use std::path::Path;

use mingbai_calc::{Calculator, Date, Status};
use serde_json::Value;

use crate::{tree, ContentError, Errors, Lines, Sourced};

pub(crate) fn status_of(s: &str) -> Option<Status> {
    Status::from_key(s)
}

pub(crate) fn calculator_of(s: &str) -> Option<Calculator> {
    Calculator::from_key(s)
}

/// Deserializes `value` into `T`, reporting the path and line of the first problem.
pub(crate) fn typed<T: serde::de::DeserializeOwned>(
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
pub(crate) fn check_chars(file: &Path, text: &str, errors: &mut Errors) -> bool {
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
pub(crate) fn split_front_matter(text: &str) -> Option<(&str, usize, &str, usize)> {
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

pub(crate) fn valid_slug(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
}

pub(crate) const EXAMPLE_ISSUER: &str =
    r#"issuer = { v = "镇巴县脱贫攻坚领导小组（指挥部）", s = "S", src = "种子报告002落款" }"#;

/// `{ v, s, src }` of a date or issuer, before its `v` is read.
pub(crate) struct RawSourced {
    pub(crate) v: Value,
    pub(crate) s: Status,
    pub(crate) src: String,
}

/// Reads `{ v = …, s = "S", src = "…" }`; the reason, when it cannot, shows the expected form.
pub(crate) fn sourced(
    value: &Value,
    field: &str,
    is_date: bool,
    lines: &Lines,
) -> Result<RawSourced, String> {
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
    // A field not written in this file was inherited from a document above, and checked there.
    if is_date && lines.get(field).is_some() && !lines.is_date(&format!("{field}.v")) {
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

pub(crate) fn date_of(x: RawSourced, field: &str) -> Result<Sourced<Date>, String> {
    let text = x.v.as_str().unwrap_or_default();
    let v = Date::parse(text).map_err(|e| format!("{field}.v：{e}"))?;
    Ok(Sourced {
        v,
        s: x.s,
        src: x.src,
    })
}

/// What a front-matter key holds. A required key has a stand-in, put in its place once it is
/// found missing or wrong, so that the rest of the file is still checked in the same run.
#[derive(Clone, Copy)]
pub(crate) enum Need {
    Optional,
    Text,
    List,
    /// a value read later (a sourced date: `{ v, s, src }`)
    Table,
}

impl Need {
    fn stand_in(self) -> Option<Value> {
        match self {
            Need::Optional => None,
            Need::Text => Some(Value::String(String::new())),
            Need::List => Some(Value::Array(Vec::new())),
            Need::Table => Some(Value::Null),
        }
    }
    fn example(self, key: &str) -> String {
        match self {
            Need::List => format!(r#"{key} = ["……"]"#),
            Need::Table => {
                format!(r#"{key} = {{ v = 2019-02-28, s = "S", src = "种子报告002落款日期" }}"#)
            }
            _ => format!(r#"{key} = "……""#),
        }
    }
}

fn near(written: &str, key: &str) -> bool {
    crate::error::did_you_mean(written, &[key]).starts_with("是否")
}

/// Types the front matter `map` as `T` and reports every problem of its keys at once: each
/// unknown key (with the nearest known one), each missing one, each of the wrong type. Returns
/// `T` with stand-ins where a key was wrong, and the keys that were, so that the caller checks
/// the rest without reporting them twice.
pub(crate) fn typed_all<T: serde::de::DeserializeOwned>(
    mut map: serde_json::Map<String, Value>,
    keys: &[(&str, Need)],
    file: &Path,
    lines: &Lines,
    errors: &mut Errors,
) -> (Option<T>, std::collections::BTreeSet<String>) {
    let mut bad = std::collections::BTreeSet::new();
    let known: Vec<&str> = keys.iter().map(|(k, _)| *k).collect();
    let unknown: Vec<String> = map
        .keys()
        .filter(|k| !known.contains(&k.as_str()))
        .cloned()
        .collect();
    for k in unknown {
        errors.push(ContentError::new(
            file,
            lines.find(&k),
            Some(&k),
            format!(
                "不认识的键“{k}”：{}（unknown key）",
                crate::error::did_you_mean(&k, &known)
            ),
        ));
        map.remove(&k);
        bad.insert(k);
    }
    for (k, need) in keys {
        // A misspelt key already pointed here (“是否应为 title？”): one message is enough.
        if map.contains_key(*k) || bad.iter().any(|u| near(u, k)) {
            if let Some(v) = need.stand_in().filter(|_| !map.contains_key(*k)) {
                map.insert(k.to_string(), v);
                bad.insert(k.to_string());
            }
            continue;
        }
        if let Some(v) = need.stand_in() {
            errors.push(ContentError::new(
                file,
                None,
                Some(k),
                format!(
                    "缺少必填的“{k}”：请在 +++ 之间加一行，如 {}（missing field）",
                    need.example(k)
                ),
            ));
            map.insert(k.to_string(), v);
            bad.insert(k.to_string());
        }
    }
    // serde stops at the first value of the wrong type: set it aside and type the rest again.
    for _ in 0..=keys.len() {
        let e = match serde_path_to_error::deserialize::<_, T>(Value::Object(map.clone())) {
            Ok(t) => return (Some(t), bad),
            Err(e) => e,
        };
        let path = e.path().to_string();
        let top = path
            .split(['.', '['])
            .next()
            .unwrap_or_default()
            .to_string();
        let Some(&(_, need)) = keys.iter().find(|(k, _)| *k == top) else {
            break;
        };
        let inner = e.inner().to_string();
        let zh = if inner.contains("expected a sequence") {
            format!("要写成列表，如 {}", need.example(&top))
        } else if inner.contains("expected a string") {
            format!("要写成加引号的文字，如 {}", need.example(&top))
        } else {
            format!("写法不对，应如 {}", need.example(&top))
        };
        errors.push(ContentError::new(
            file,
            lines.find(&path),
            Some(&path),
            format!("{zh}（{inner}）"),
        ));
        match need.stand_in() {
            Some(v) => map.insert(top.clone(), v),
            None => map.remove(&top),
        };
        bad.insert(top);
    }
    // Not a key's problem (cannot happen with the tables above): report it as serde says.
    let _ = typed::<T>(Value::Object(map), file, lines, "", errors);
    (None, bad)
}
