//! A document's parameters as a table people read: Chinese label, value with unit, status.
//!
//! This is the one place that knows the Chinese name of every parameter path. A figure on a card
//! and a figure quoted in a body (`{{ param("…") }}`) are both rendered from here, from the same
//! value the calculator uses.

use std::path::Path;

use mingbai_calc::education::{Boarding, Kind as EduKind, Period, Requirement, Stage};
use mingbai_calc::labels::{group_title, label, Kind};
use mingbai_calc::medical::{Level, VisitKind};
use mingbai_calc::relocation::Condition;
use mingbai_calc::{Date, Group, Money, Rate, Status};
use serde_json::{Map, Value};

use crate::{ContentError, Document, Errors};

/// One figure, ready to print.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Figure {
    /// Path used by `param("…")`: `medical.backstop.oop_cap.city`; items of `[[…]]` arrays are
    /// named by their `id` (`education.items.yulu.amount`).
    pub path: String,
    pub label: String,
    /// Value with its unit: `3000元`, `80%`, `12个月`.
    pub value: String,
    pub status: Status,
    pub src: String,
    pub line: Option<usize>,
}

/// Figures of one parameter table, under a heading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FigureGroup {
    pub title: String,
    /// Who it applies to, from the table's `categories`, and other plain settings.
    pub note: Option<String>,
    pub rows: Vec<Figure>,
}

pub fn category_zh(c: &str) -> Option<&'static str> {
    Group::from_key(c).map(Group::zh)
}

pub fn stage_zh(s: &str) -> Option<&'static str> {
    Stage::from_key(s).map(Stage::zh)
}

fn kind_zh(k: &str) -> Option<&'static str> {
    VisitKind::from_key(k).map(VisitKind::zh)
}

fn short_level_zh(l: &str) -> Option<&'static str> {
    Level::from_key(l).map(Level::zh)
}

/// `各级医院` when all four levels are listed, else the levels in their fixed order.
fn levels_text(v: &Value) -> Result<String, String> {
    let items = v.as_array().ok_or("expected a list of hospital levels")?;
    let mut names = Vec::new();
    for l in Level::ALL {
        if items.iter().any(|i| i.as_str() == Some(l.key())) {
            names.push(l.zh());
        }
    }
    for i in items {
        if i.as_str().and_then(short_level_zh).is_none() {
            return Err(format!(
                "unknown hospital level {i} (township, county, city, province)"
            ));
        }
    }
    if names.is_empty() {
        return Err("at least one hospital level is needed".into());
    }
    Ok(if names.len() == 4 {
        "各级医院".to_string()
    } else {
        names.join("、")
    })
}

fn zh_list(items: &[Value], f: fn(&str) -> Option<&'static str>) -> Option<String> {
    let mut out = Vec::new();
    for i in items {
        out.push(f(i.as_str()?)?);
    }
    Some(out.join("、"))
}

/// Renders a figure's `v`; `Err` carries the reason it cannot be read.
fn format_value(kind: Kind, v: &Value) -> Result<String, String> {
    // The engine says what is wrong; a publicity office also needs to see how to write it.
    let money = |v: &Value| {
        serde_json::from_value::<Money>(v.clone()).map_err(|e| {
            let e = e.to_string();
            if e.ends_with("不是金额") {
                format!("{e}：请写成整数，如 20000（单位是元，不加引号；有角分的写 3500.50）")
            } else {
                e
            }
        })
    };
    let rate = |v: &Value| serde_json::from_value::<Rate>(v.clone()).map_err(|e| e.to_string());
    Ok(match kind {
        Kind::Money => money(v)?.zh(),
        Kind::Rate => rate(v)?.percent(),
        Kind::Points => format!("{}个百分点", rate(v)?.percent().trim_end_matches('%')),
        Kind::Factor => {
            let r = rate(v)?;
            let pct = r.percent();
            if pct == "0%" {
                "免除".to_string()
            } else if pct == "50%" {
                "减半".to_string()
            } else {
                format!("按{}计", r.percent())
            }
        }
        Kind::Count(unit) => format!("{}{unit}", v.as_u64().ok_or("expected a whole number")?),
        Kind::Bool => (if v.as_bool().ok_or("expected true or false")? {
            "是"
        } else {
            "否"
        })
        .to_string(),
        Kind::Date => Date::parse(v.as_str().ok_or("expected a date")?)?.zh(),
        Kind::Levels => levels_text(v)?,
        Kind::Scope => {
            let o = v
                .as_object()
                .ok_or("a scope is { kinds = [...], levels = [...] }")?;
            let kinds = o
                .get("kinds")
                .and_then(Value::as_array)
                .ok_or("a scope needs kinds = [...]")?;
            let mut names = Vec::new();
            for k in VisitKind::ALL {
                if kinds.iter().any(|i| i.as_str() == Some(k.key())) {
                    names.push(k.zh());
                }
            }
            if let Some(bad) = kinds
                .iter()
                .find(|i| i.as_str().and_then(kind_zh).is_none())
            {
                return Err(format!(
                    "unknown visit kind {bad} (inpatient, chronic_outpatient, outpatient)"
                ));
            }
            if names.is_empty() {
                return Err("at least one visit kind is needed".into());
            }
            let levels = levels_text(o.get("levels").ok_or("a scope needs levels = [...]")?)?;
            format!("{}；{levels}", names.join("、"))
        }
        Kind::BandsFrom => match v.as_str().ok_or("expected \"zero\" or \"threshold\"")? {
            "zero" => "各段上限按全年累计金额算（从0元算起），第一段从起付线开始".to_string(),
            "threshold" => "各段金额从起付线算起：起付线以上的费用，每段按所列金额".to_string(),
            other => return Err(format!("unknown reading “{other}” (zero, threshold)")),
        },
        Kind::BandsFromThreshold => {
            let bands = v.as_array().ok_or("expected a list of bands")?;
            let mut parts = Vec::new();
            let mut lower: Option<String> = None;
            for b in bands {
                let b = b.as_object().ok_or("a band is { upto = …, rate = … }")?;
                let r = rate(b.get("rate").ok_or("a band needs a rate")?)?.percent();
                match (b.get("upto"), &lower) {
                    (Some(u), None) => {
                        let u = money(u)?.zh();
                        parts.push(format!("起付线以上的前{u}：{r}"));
                        lower = Some(u);
                    }
                    (Some(u), Some(l)) => {
                        let u = money(u)?.zh();
                        parts.push(format!("起付线以上{l}至{u}：{r}"));
                        lower = Some(u);
                    }
                    (None, Some(l)) => parts.push(format!("起付线以上超过{l}的部分：{r}")),
                    (None, None) => parts.push(format!("起付线以上：{r}")),
                }
            }
            parts.join("；")
        }
        Kind::LevelRule => match v.as_str().ok_or("expected a rule name")? {
            "highest_level_used" => "按年内就诊的最高医院级别封顶".to_string(),
            "lowest_level_used" => "按年内就诊的最低医院级别封顶".to_string(),
            "per_level" => "各级医院分别封顶".to_string(),
            other => return Err(format!("unknown rule “{other}”")),
        },
        Kind::Bands => {
            let bands = v.as_array().ok_or("expected a list of bands")?;
            let mut parts = Vec::new();
            let mut lower: Option<String> = None;
            for b in bands {
                let b = b.as_object().ok_or("a band is { upto = …, rate = … }")?;
                let r = rate(b.get("rate").ok_or("a band needs a rate")?)?.percent();
                let from = lower
                    .clone()
                    .map(|l| format!("{l}以上"))
                    .unwrap_or_else(|| "起付线以上".to_string());
                match b.get("upto") {
                    Some(u) => {
                        let u = money(u)?.zh();
                        parts.push(format!("{from}至{u}：{r}"));
                        lower = Some(u);
                    }
                    None => parts.push(format!("{from}：{r}")),
                }
            }
            parts.join("；")
        }
    })
}

/// The loader has refused a figure without a known status before figures are rendered; a value
/// that got here unknown is an error, not an assumption.
fn status_of(v: &Value) -> Result<Status, String> {
    v.as_str()
        .and_then(Status::from_key)
        .ok_or_else(|| format!("unknown status {v} (S, V, R, L, A)"))
}

/// Every figure key the label table knows, to suggest the nearest one for a misspelt key (the
/// table is a `match`, which cannot list its keys). To be derived from the one parameter
/// declaration once mingbai-calc has it; `every_figure_key_has_a_label` keeps it honest till then.
const FIGURE_KEYS: &[&str] = &[
    "annual_limit",
    "deductible",
    "rate",
    "annual_cap",
    "deductible_factor",
    "inpatient_rate_bonus",
    "chronic_outpatient_rate_bonus",
    "threshold",
    "bands",
    "bands_from",
    "scope",
    "chronic_outpatient_levels",
    "threshold_factor",
    "band_rate_bonus",
    "uncapped",
    "min_age",
    "in_county_only",
    "from",
    "ratio",
    "township",
    "county",
    "city",
    "province",
    "level_rule",
    "counts_noncompliant",
    "centralized",
    "dispersed",
    "tongbu_centralized",
    "tongbu_dispersed",
    "area_per_person_m2",
    "self_funding_per_person",
    "self_funding_per_household",
    "per_household",
    "per_person",
    "whole_village_only",
    "agreements_required",
    "tongbu_counted",
    "amount",
    "loan_floor",
    "standard",
    "taper_months",
    "taper_months_disabled",
    "tekun_dispersed",
    "tekun_centralized",
];

struct Walk<'a> {
    doc: &'a Document,
    groups: Vec<FigureGroup>,
    errors: Errors,
}

impl Walk<'_> {
    fn err(&mut self, field: &str, reason: String) {
        let file: &Path = &self.doc.file;
        self.errors.push(ContentError::new(
            file,
            self.doc.lines.find(field),
            Some(field),
            reason,
        ));
    }

    /// `path`: the path for `param()`; `src_path`: the path in the front matter (for lines);
    /// `label_group`: the path used to look labels up (array items share their array's).
    fn table(
        &mut self,
        t: &Map<String, Value>,
        path: &str,
        src_path: &str,
        label_group: &str,
        title: Option<String>,
    ) {
        let mut rows = Vec::new();
        let mut notes = Vec::new();
        for (key, value) in t {
            let p = format!("{path}.{key}");
            let sp = format!("{src_path}.{key}");
            if let Some(fig) = value.as_object().filter(|m| m.contains_key("v")) {
                let Some((label, mut kind)) = label(label_group, key) else {
                    let here: Vec<&str> = FIGURE_KEYS
                        .iter()
                        .copied()
                        .filter(|k| label(label_group, k).is_some())
                        .collect();
                    self.err(
                        &sp,
                        format!(
                            "不认识的参数“{key}”：{}（unknown parameter “{label_group}.{key}”）",
                            crate::error::did_you_mean(key, &here)
                        ),
                    );
                    continue;
                };
                let from_threshold = t
                    .get("bands_from")
                    .and_then(|b| b.get("v"))
                    .and_then(Value::as_str)
                    == Some("threshold");
                if matches!(kind, Kind::Bands) && from_threshold {
                    kind = Kind::BandsFromThreshold;
                }
                match format_value(kind, &fig["v"]).and_then(|v| Ok((v, status_of(&fig["s"])?))) {
                    Ok((value, status)) => rows.push(Figure {
                        path: p,
                        label,
                        value,
                        status,
                        src: fig
                            .get("src")
                            .and_then(Value::as_str)
                            .unwrap_or_default()
                            .to_string(),
                        line: self.doc.lines.find(&sp),
                    }),
                    Err(reason) => self.err(&sp, reason),
                }
                continue;
            }
            match value {
                Value::Object(m) => {
                    let lg = format!("{label_group}.{key}");
                    let t = group_title(&lg);
                    self.table(m, &p, &sp, &lg, t);
                }
                Value::Array(items) if items.iter().all(Value::is_object) => {
                    let lg = format!("{label_group}.{key}");
                    for (i, item) in items.iter().enumerate() {
                        let m = item.as_object().expect("checked");
                        let id = m.get("id").and_then(Value::as_str).map(str::to_string).unwrap_or_else(|| i.to_string());
                        let name = m.get("name").and_then(Value::as_str).unwrap_or(&id).to_string();
                        self.table(m, &format!("{p}.{id}"), &format!("{sp}[{i}]"), &lg, Some(name));
                    }
                }
                Value::Array(items) if key == "categories" => match zh_list(items, category_zh) {
                    Some(s) => notes.push(format!("适用：{s}")),
                    None => self.err(&sp, "unknown household category (jiandang, dibao, tekun, edge, general)".to_string()),
                },
                Value::Array(items) if key == "stages" => match zh_list(items, stage_zh) {
                    Some(s) => notes.push(format!("学段：{s}")),
                    None => self.err(&sp, "unknown school stage (preschool primary junior senior vocational higher_vocational undergraduate)".to_string()),
                },
                Value::Array(items) if key == "years" => {
                    let ys: Vec<String> = items.iter().map(|y| format!("第{y}学年")).collect();
                    notes.push(format!("限{}", ys.join("、")));
                }
                Value::String(s) => {
                    let word = match key.as_str() {
                        "period" => Period::from_key(s).map(Period::zh),
                        "kind" => EduKind::from_key(s).filter(|k| *k != EduKind::Grant).map(EduKind::zh),
                        "boarding" => Boarding::from_key(s).filter(|b| *b != Boarding::Any).map(Boarding::zh),
                        "requires" => Requirement::from_key(s).map(Requirement::zh),
                        "condition" => Condition::from_key(s).map(|c| c.zh()),
                        _ => None,
                    };
                    match (key.as_str(), word) {
                        ("condition", Some(w)) => notes.push(format!("条件：{w}")),
                        (_, Some(w)) => notes.push(w.to_string()),
                        _ => {}
                    }
                }
                _ => {}
            }
        }
        // JSON maps are sorted by key; the author's order (the line) reads better.
        rows.sort_by_key(|r| r.line.unwrap_or(usize::MAX));
        if !rows.is_empty() || !notes.is_empty() {
            let title = title.unwrap_or_else(|| label_group.to_string());
            self.groups.push(FigureGroup {
                title,
                note: (!notes.is_empty()).then(|| notes.join("；")),
                rows,
            });
        }
    }
}

/// The figure table of a document, in the order of the calculators and then of the keys.
pub(crate) fn render(doc: &Document) -> Result<Vec<FigureGroup>, Errors> {
    let mut w = Walk {
        doc,
        groups: Vec::new(),
        errors: Errors::default(),
    };
    for (calc, table) in &doc.params {
        let key = calc.key();
        let start = w.groups.len();
        w.table(table, key, &format!("params.{key}"), key, group_title(key));
        let first_line = |g: &FigureGroup| {
            g.rows
                .iter()
                .filter_map(|r| r.line)
                .min()
                .unwrap_or(usize::MAX)
        };
        w.groups[start..].sort_by_key(first_line);
    }
    if w.errors.is_empty() {
        Ok(w.groups)
    } else {
        Err(w.errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_figure_key_has_a_label() {
        let groups = [
            "medical.basic",
            "medical.basic.inpatient.city",
            "medical.basic.chronic_outpatient",
            "medical.basic.poor",
            "medical.serious",
            "medical.serious.poor",
            "medical.assistance",
            "medical.backstop.full_aid",
            "medical.backstop.min_inpatient_ratio",
            "medical.backstop.oop_cap",
            "relocation.build_subsidy",
            "relocation.caps",
            "relocation.renovation",
            "relocation.rewards",
            "education.items",
            "dibao",
        ];
        for k in FIGURE_KEYS {
            assert!(groups.iter().any(|g| label(g, k).is_some()), "{k}");
        }
    }

    #[test]
    fn formats_values() {
        assert_eq!(format_value(Kind::Money, &json!(3000)).unwrap(), "3000元");
        assert_eq!(
            format_value(Kind::Money, &json!("1234.50")).unwrap(),
            "1234.50元"
        );
        assert_eq!(format_value(Kind::Rate, &json!("0.80")).unwrap(), "80%");
        assert_eq!(
            format_value(Kind::Points, &json!("0.05")).unwrap(),
            "5个百分点"
        );
        assert_eq!(format_value(Kind::Factor, &json!("0.5")).unwrap(), "减半");
        assert_eq!(format_value(Kind::Factor, &json!("0")).unwrap(), "免除");
        assert_eq!(
            format_value(
                Kind::Bands,
                &json!([{"upto": 50000, "rate": "0.6"}, {"rate": "0.8"}])
            )
            .unwrap(),
            "起付线以上至50000元：60%；50000元以上：80%"
        );
        assert_eq!(
            format_value(
                Kind::BandsFromThreshold,
                &json!([{"upto": 50000, "rate": "0.6"}, {"upto": 100000, "rate": "0.7"}, {"rate": "0.8"}])
            )
            .unwrap(),
            "起付线以上的前50000元：60%；起付线以上50000元至100000元：70%；起付线以上超过100000元的部分：80%"
        );
        assert_eq!(
            format_value(
                Kind::Scope,
                &json!({"kinds": ["chronic_outpatient", "inpatient"], "levels": ["province", "township", "county", "city"]})
            )
            .unwrap(),
            "住院、门诊慢特病；各级医院"
        );
        assert_eq!(
            format_value(Kind::Levels, &json!(["county", "township"])).unwrap(),
            "乡镇卫生院、县级医院"
        );
        assert!(format_value(
            Kind::Scope,
            &json!({"kinds": ["dental"], "levels": ["county"]})
        )
        .is_err());
        assert!(format_value(Kind::Rate, &json!("1.2")).is_err());
    }
}
