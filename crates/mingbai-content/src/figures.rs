//! A document's parameters as a table people read: Chinese label, value with unit, status.
//!
//! This is the one place that knows the Chinese name of every parameter path. A figure on a card
//! and a figure quoted in a body (`{{ param("…") }}`) are both rendered from here, from the same
//! value the calculator uses.

use std::path::Path;

use mingbai_calc::{Date, Money, Rate, Status};
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
    Some(match c {
        "jiandang" => "建档立卡户（脱贫户）",
        "dibao" => "低保户",
        "tekun" => "特困供养人员",
        "edge" => "边缘户/监测户",
        "general" => "一般农户",
        _ => return None,
    })
}

pub fn stage_zh(s: &str) -> Option<&'static str> {
    Some(match s {
        "preschool" => "学前教育",
        "primary" => "小学",
        "junior" => "初中",
        "senior" => "普通高中",
        "vocational" => "中职",
        "higher_vocational" => "高职",
        "undergraduate" => "本科",
        _ => return None,
    })
}

fn level_zh(l: &str) -> Option<&'static str> {
    Some(match l {
        "township" => "乡镇（一级）医院",
        "county" => "县级（二级）医院",
        "city" => "市级（三级）医院",
        "province" => "省级医院",
        _ => return None,
    })
}

/// How a figure's value reads.
#[derive(Clone, Copy)]
enum Kind {
    Money,
    Rate,
    /// a rate added to another: `5个百分点`
    Points,
    /// a multiplier of an amount: `×0.5`, `0` = waived
    Factor,
    Count(&'static str),
    Bool,
    Date,
    Bands,
    LevelRule,
}

/// Title of the table at `path` (relative to `params`), when it has figures of its own.
fn group_title(path: &str) -> Option<String> {
    let parts: Vec<&str> = path.split('.').collect();
    Some(match parts.as_slice() {
        ["medical", "basic"] => "基本医保".into(),
        ["medical", "basic", "inpatient", lvl] => format!("基本医保住院 · {}", level_zh(lvl)?),
        ["medical", "basic", "chronic_outpatient"] => "基本医保门诊慢特病".into(),
        ["medical", "basic", "outpatient"] => "基本医保普通门诊".into(),
        ["medical", "basic", "poor"] => "基本医保对困难群众的倾斜".into(),
        ["medical", "serious"] => "大病保险".into(),
        ["medical", "serious", "poor"] => "大病保险对困难群众的倾斜".into(),
        ["medical", "assistance"] => "医疗救助".into(),
        ["medical", "backstop", "full_aid"] => "兜底：合规费用全额保障".into(),
        ["medical", "backstop", "min_inpatient_ratio"] => "兜底：住院报销比例保底".into(),
        ["medical", "backstop", "oop_cap"] => "兜底：个人年度自付封顶".into(),
        ["relocation", "build_subsidy"] => "易地搬迁建房补助".into(),
        ["relocation", "caps"] => "易地搬迁面积与自筹上限".into(),
        ["relocation", "renovation"] => "危房改造补助".into(),
        ["dibao"] => "低保、渐退与特困供养".into(),
        _ => return None,
    })
}

/// Label and kind of the figure `key` in the table at `group`.
fn label(group: &str, key: &str) -> Option<(String, Kind)> {
    let parts: Vec<&str> = group.split('.').collect();
    let l = |s: &str, k: Kind| Some((s.to_string(), k));
    match (parts.as_slice(), key) {
        (["medical", "basic"], "annual_limit") => {
            l("年度统筹基金最高支付限额（每人）", Kind::Money)
        }
        (["medical", "basic", "inpatient", _], "deductible") => {
            l("住院起付线（每次）", Kind::Money)
        }
        (["medical", "basic", "inpatient", _], "rate") => l("住院报销比例", Kind::Rate),
        (["medical", "basic", "chronic_outpatient"], "deductible") => {
            l("起付线（每年）", Kind::Money)
        }
        (["medical", "basic", "outpatient"], "deductible") => l("起付线（每次）", Kind::Money),
        (["medical", "basic", _], "rate") => l("报销比例", Kind::Rate),
        (["medical", "basic", _], "annual_cap") => l("年度限额", Kind::Money),
        (["medical", "basic", "poor"], "deductible_factor") => l("住院起付线", Kind::Factor),
        (["medical", "basic", "poor"], "inpatient_rate_bonus") => {
            l("住院报销比例提高", Kind::Points)
        }
        (["medical", "basic", "poor"], "chronic_outpatient_rate_bonus") => {
            l("门诊慢特病报销比例提高", Kind::Points)
        }
        (["medical", "serious"], "threshold") => {
            l("起付线（年度累计个人负担合规费用）", Kind::Money)
        }
        (["medical", "serious"], "bands") => l("分段报销比例", Kind::Bands),
        (["medical", "serious"], "annual_cap") => l("年度最高支付限额", Kind::Money),
        (["medical", "serious", "poor"], "threshold_factor") => l("起付线", Kind::Factor),
        (["medical", "serious", "poor"], "band_rate_bonus") => l("各段报销比例提高", Kind::Points),
        (["medical", "serious", "poor"], "uncapped") => l("取消年度最高支付限额", Kind::Bool),
        (["medical", "assistance"], "deductible") => l("起付线", Kind::Money),
        (["medical", "assistance"], "rate") => l("救助比例", Kind::Rate),
        (["medical", "assistance"], "annual_cap") => l("年度救助限额", Kind::Money),
        (["medical", "backstop", "full_aid"], "min_age") => l("年龄", Kind::Count("周岁及以上")),
        (["medical", "backstop", "full_aid"], "in_county_only") => l("仅限县域内就医", Kind::Bool),
        (["medical", "backstop", "full_aid"], "from") => l("就医日期自", Kind::Date),
        (["medical", "backstop", "min_inpatient_ratio"], "ratio") => {
            l("住院合规费用报销比例不低于", Kind::Rate)
        }
        (
            ["medical", "backstop", "oop_cap"],
            lvl @ ("township" | "county" | "city" | "province"),
        ) => Some((
            format!("在{}就医，个人年度自付最多", level_zh(lvl)?),
            Kind::Money,
        )),
        (["medical", "backstop", "oop_cap"], "level_rule") => {
            l("在多级医院就医时", Kind::LevelRule)
        }
        (["medical", "backstop", "oop_cap"], "counts_noncompliant") => {
            l("目录外（不合规）费用计入封顶", Kind::Bool)
        }
        (["relocation", "build_subsidy"], "centralized") => l("集中安置（每人）", Kind::Money),
        (["relocation", "build_subsidy"], "dispersed") => l("分散安置（每人）", Kind::Money),
        (["relocation", "build_subsidy"], "tongbu_centralized") => {
            l("同步搬迁人口集中安置（每人）", Kind::Money)
        }
        (["relocation", "build_subsidy"], "tongbu_dispersed") => {
            l("同步搬迁人口分散安置（每人）", Kind::Money)
        }
        (["relocation", "caps"], "area_per_person_m2") => {
            l("人均住房面积不超过", Kind::Count("平方米"))
        }
        (["relocation", "caps"], "self_funding_per_person") => l("人均自筹不超过", Kind::Money),
        (["relocation", "caps"], "self_funding_per_household") => l("户均自筹不超过", Kind::Money),
        (["relocation", "renovation"], "per_household") => l("每户补助", Kind::Money),
        (["relocation", "rewards"], "per_person") => l("每人奖励", Kind::Money),
        (["education", "items"], "amount") => l("金额", Kind::Money),
        (["education", "items"], "loan_floor") => l("最低贷款额", Kind::Money),
        (["dibao"], "standard") => l("农村低保标准（每人每年）", Kind::Money),
        (["dibao"], "taper_months") => l("收入超过标准后渐退期", Kind::Count("个月")),
        (["dibao"], "taper_months_disabled") => l("渐退期（家中有残疾人）", Kind::Count("个月")),
        (["dibao"], "tekun_dispersed") => l("特困人员分散供养标准（每人每年）", Kind::Money),
        (["dibao"], "tekun_centralized") => l("特困人员集中供养标准（每人每年）", Kind::Money),
        _ => None,
    }
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
    let money = |v: &Value| serde_json::from_value::<Money>(v.clone()).map_err(|e| e.to_string());
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

fn status_of(v: &Value) -> Status {
    match v.as_str() {
        Some("S") => Status::S,
        Some("V") => Status::V,
        Some("R") => Status::R,
        Some("L") => Status::L,
        _ => Status::A,
    }
}

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
                let Some((label, kind)) = label(label_group, key) else {
                    self.err(&sp, format!("no Chinese label for the figure “{label_group}.{key}” (labels live in crates/mingbai-content/src/figures.rs)"));
                    continue;
                };
                match format_value(kind, &fig["v"]) {
                    Ok(value) => rows.push(Figure {
                        path: p,
                        label,
                        value,
                        status: status_of(&fig["s"]),
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
                Value::String(s) => match (key.as_str(), s.as_str()) {
                    ("period", "annual") => notes.push("每学年".into()),
                    ("period", "once") => notes.push("一次性".into()),
                    ("kind", "waiver") => notes.push("免除".into()),
                    ("kind", "loan") => notes.push("贷款".into()),
                    ("boarding", "boarding") => notes.push("限寄宿生".into()),
                    ("boarding", "non_boarding") => notes.push("限非寄宿生".into()),
                    ("requires", "key_university") => notes.push("限考入二本B类及以上的新生".into()),
                    ("condition", "demolition") => notes.push("条件：按期拆除旧房".into()),
                    ("condition", "reclamation") => notes.push("条件：旧宅基地复垦".into()),
                    ("condition", "vacate") => notes.push("条件：腾退旧宅基地".into()),
                    _ => {}
                },
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
        assert!(format_value(Kind::Rate, &json!("1.2")).is_err());
    }
}
