//! TOML front matter → `serde_json::Value` plus the line of every key.
//!
//! serde's TOML deserializer forgets where a value came from; we keep a map from the dotted path
//! of each key (`params.medical.basic.rate`, `params.education.items[1].amount`) to its line so a
//! semantic error found much later (a bad rate, a duplicated figure) can still name the line.

use std::collections::BTreeMap;

use serde_json::{Map, Number, Value};
use toml::de::{DeTable, DeValue};
use toml::Spanned;

/// Lines of keys, by dotted path (same format as `serde_path_to_error::Path`'s Display).
#[derive(Debug, Clone, Default)]
pub struct Lines {
    map: BTreeMap<String, usize>,
    /// paths whose value was a TOML date (not a quoted string)
    dates: std::collections::BTreeSet<String>,
}

impl Lines {
    /// The line of `path`, or of its nearest ancestor that has one.
    pub fn find(&self, path: &str) -> Option<usize> {
        let mut p = path;
        loop {
            if let Some(l) = self.map.get(p) {
                return Some(*l);
            }
            let cut = p.rfind(['.', '['])?;
            p = &p[..cut];
        }
    }

    pub fn get(&self, path: &str) -> Option<usize> {
        self.map.get(path).copied()
    }

    pub fn is_date(&self, path: &str) -> bool {
        self.dates.contains(path)
    }
}

/// Maps byte offsets to 1-based line numbers.
pub struct LineIndex {
    starts: Vec<usize>,
    /// line number of the first line of the text (front matter starts after `+++`)
    first_line: usize,
}

impl LineIndex {
    pub fn new(text: &str, first_line: usize) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts, first_line }
    }

    pub fn line(&self, offset: usize) -> usize {
        let i = match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        i + self.first_line
    }
}

/// An error found while converting: a line and a reason.
#[derive(Debug)]
pub struct TreeError {
    pub line: usize,
    pub path: String,
    pub reason: String,
}

/// A date the TOML reader refused (`2019-13-01`): the field is the key on its line, and the
/// message says how a date is written.
fn bad_date(text: &str, nth: usize, line: usize, reason: &str) -> TreeError {
    let src = text.lines().nth(nth).unwrap_or_default();
    let (key, value) = src.split_once('=').unwrap_or(("", src));
    let key = key.trim().trim_matches('"');
    // `effective = { v = 2019-13-01, … }`: the date is the table's `v`.
    let path = if value.trim_start().starts_with('{') {
        format!("{key}.v")
    } else {
        key.to_string()
    };
    let found = value
        .split(|c: char| !(c.is_ascii_digit() || c == '-'))
        .find(|w| w.len() >= 8 && w.contains('-'))
        .unwrap_or("");
    TreeError {
        line,
        path,
        reason: format!(
            "“{found}”不是有效日期：日期写成 年-月-日，月 01–12，日不超过当月天数，如 2019-02-28（不加引号）（{reason}）"
        ),
    }
}

/// Parses `text` (the front matter, whose first line is line `first_line` of the file).
pub fn parse(text: &str, first_line: usize) -> Result<(Map<String, Value>, Lines), Vec<TreeError>> {
    let index = LineIndex::new(text, first_line);
    let doc = match DeTable::parse(text) {
        Ok(d) => d,
        Err(e) => {
            let line = e.span().map(|s| index.line(s.start)).unwrap_or(first_line);
            let reason = e.message().trim().replace('\n', " ");
            if reason.starts_with("invalid date") {
                return Err(vec![bad_date(
                    text,
                    line.saturating_sub(first_line),
                    line,
                    &reason,
                )]);
            }
            return Err(vec![TreeError {
                line,
                path: String::new(),
                reason: format!("TOML syntax: {reason}"),
            }]);
        }
    };
    let mut lines = Lines::default();
    let mut errors = Vec::new();
    let table = convert_table(doc.get_ref(), "", &index, &mut lines, &mut errors);
    if errors.is_empty() {
        Ok((table, lines))
    } else {
        Err(errors)
    }
}

fn join(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_string()
    } else {
        format!("{prefix}.{key}")
    }
}

fn convert_table(
    t: &DeTable<'_>,
    prefix: &str,
    index: &LineIndex,
    lines: &mut Lines,
    errors: &mut Vec<TreeError>,
) -> Map<String, Value> {
    let mut out = Map::new();
    for (k, v) in t.iter() {
        let path = join(prefix, k.get_ref());
        lines.map.insert(path.clone(), index.line(k.span().start));
        let value = convert(v, &path, index, lines, errors);
        out.insert(k.get_ref().to_string(), value);
    }
    out
}

fn convert(
    v: &Spanned<DeValue<'_>>,
    path: &str,
    index: &LineIndex,
    lines: &mut Lines,
    errors: &mut Vec<TreeError>,
) -> Value {
    let line = index.line(v.span().start);
    match v.get_ref() {
        DeValue::String(s) => {
            if let Some(c) = s.chars().find(|c| forbidden(*c)) {
                errors.push(TreeError {
                    line,
                    path: path.to_string(),
                    reason: format!("contains the control character U+{:04X}", c as u32),
                });
            }
            Value::String(s.to_string())
        }
        DeValue::Integer(i) => match i64::from_str_radix(i.as_str(), i.radix()) {
            Ok(n) => Value::Number(n.into()),
            Err(_) => {
                errors.push(TreeError {
                    line,
                    path: path.to_string(),
                    reason: format!("integer {} out of range", i.as_str()),
                });
                Value::Null
            }
        },
        DeValue::Float(f) => {
            // Keep floats visible as numbers so the calc crate can say "expected a string";
            // money and rates are never floats.
            match f.as_str().parse::<f64>().ok().and_then(Number::from_f64) {
                Some(n) => Value::Number(n),
                None => {
                    errors.push(TreeError {
                        line,
                        path: path.to_string(),
                        reason: format!("float {} is not allowed here", f.as_str()),
                    });
                    Value::Null
                }
            }
        }
        DeValue::Boolean(b) => Value::Bool(*b),
        DeValue::Datetime(d) => match (d.date, d.time, d.offset) {
            (Some(date), None, None) => {
                let s = format!("{:04}-{:02}-{:02}", date.year, date.month, date.day);
                if !valid_date(date.year, date.month, date.day) {
                    errors.push(TreeError {
                        line,
                        path: path.to_string(),
                        reason: format!("{s} is not a calendar date"),
                    });
                }
                // Recorded so that fields that must be TOML dates can tell them from strings.
                lines.dates.insert(path.to_string());
                Value::String(s)
            }
            _ => {
                errors.push(TreeError {
                    line,
                    path: path.to_string(),
                    reason: format!("{d} is not a plain date (YYYY-MM-DD without time)"),
                });
                Value::Null
            }
        },
        DeValue::Array(a) => {
            let mut out = Vec::with_capacity(a.len());
            for (i, item) in a.iter().enumerate() {
                let p = format!("{path}[{i}]");
                lines.map.insert(p.clone(), index.line(item.span().start));
                out.push(convert(item, &p, index, lines, errors));
            }
            Value::Array(out)
        }
        DeValue::Table(t) => Value::Object(convert_table(t, path, index, lines, errors)),
    }
}

pub fn valid_date(y: u16, m: u8, d: u8) -> bool {
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    d >= 1 && d <= days
}

/// Characters that may not appear in content: control characters other than tab and line
/// breaks (they corrupt pages and feeds), and the two private-use characters the generator uses
/// as placeholders for quoted figures.
pub fn forbidden(c: char) -> bool {
    (c < ' ' && !matches!(c, '\t' | '\n' | '\r'))
        || ('\u{7f}'..='\u{9f}').contains(&c)
        || c == '\u{E000}'
        || c == '\u{E001}'
}

/// The line and character of the first forbidden character in `text`.
pub fn find_forbidden(text: &str) -> Option<(usize, char)> {
    let (i, c) = text.char_indices().find(|(_, c)| forbidden(*c))?;
    Some((text[..i].matches('\n').count() + 1, c))
}
