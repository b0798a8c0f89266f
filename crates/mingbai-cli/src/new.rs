//! `mingbai new`: a starter county that checks, builds and computes at once. Its own figures are
//! placeholders marked 示例 for the office to replace; everything the province and the nation
//! already state is inherited, not copied.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use mingbai_calc::{Calculator, Date};
use mingbai_content::{Content, Jurisdiction, Level};
use serde_json::{Map, Value};

/// What `mingbai new` was asked for.
pub struct Request {
    pub id: String,
    pub name: String,
    pub parent: String,
    pub code: Option<String>,
    /// The starter's placeholder 施行日期 (`YYYY-MM-DD`); 1 January of this year when left out.
    pub from: Option<String>,
    pub content: PathBuf,
}

/// A starter policy document for a calculator whose parameters the levels above do not supply.
struct Starter {
    calc: Calculator,
    slug: &'static str,
    text: &'static str,
    example: &'static str,
}

const STARTERS: &[Starter] = &[
    Starter {
        calc: Calculator::Medical,
        slug: "medical",
        text: include_str!("../starter/medical.md"),
        example: include_str!("../starter/examples/medical.json"),
    },
    Starter {
        calc: Calculator::Relocation,
        slug: "relocation",
        text: include_str!("../starter/relocation.md"),
        example: include_str!("../starter/examples/relocation.json"),
    },
    Starter {
        calc: Calculator::Dibao,
        slug: "dibao",
        text: include_str!("../starter/dibao.md"),
        example: include_str!("../starter/examples/dibao.json"),
    },
];

const INDEX: &str = include_str!("../starter/_index.md");
/// Education items differ by stage and school; a county gets the calculator only where the levels
/// above already state them (the nation does), so there is a worked example but no starter text.
const EDUCATION_EXAMPLE: &str = include_str!("../starter/examples/education.json");

pub fn run(req: &Request) -> ExitCode {
    let from = match req.from.as_deref() {
        Some(text) => match Date::parse(text) {
            Ok(d) => d,
            Err(e) => {
                eprintln!("mingbai new: --from {e}：写起步文件的施行日期，如 --from 2026-01-01（the date must be YYYY-MM-DD）");
                return ExitCode::FAILURE;
            }
        },
        None => match Date::new(this_year(), 1, 1) {
            Some(d) => d,
            None => {
                eprintln!("mingbai new: 读不出今天的年份，请用 --from 写起步文件的施行日期，如 --from 2026-01-01");
                return ExitCode::FAILURE;
            }
        },
    };
    match create(req, from) {
        Ok(report) => {
            print!("{report}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}

/// Writes the county and returns what to tell the office; on any refusal or failure nothing is
/// left in `content/`.
fn create(req: &Request, from: Date) -> Result<String, String> {
    let id = req.id.as_str();
    if !valid_id(id) {
        return Err(format!(
            "mingbai new: 县的文件夹名“{id}”不能用：只能用小写英文字母、数字和“-”，不能以“-”开头或结尾，\
             如 mingbai new shilixian --name 示例县 --parent shanxi（the id must be lowercase ASCII letters, digits and '-'）"
        ));
    }
    if mingbai_content::RESERVED_TOP.contains(&id) {
        return Err(format!(
            "mingbai new: 文件夹名“{id}”是网站自己的页面用的，请换一个，如 {id}xian（the id is taken by a generated page）"
        ));
    }
    let name = req.name.trim();
    if name.is_empty()
        || name
            .chars()
            .any(|c| c.is_control() || c == '"' || c == '\\')
    {
        return Err(format!(
            "mingbai new: --name “{}”不能用：写县的名称，不带引号，如 --name 示例县（the name may not be empty or contain quotes）",
            req.name
        ));
    }
    if let Some(code) = &req.code {
        if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!(
                "mingbai new: --code “{code}”不是行政区划代码：写6位数字，如 --code 140923（the code must be 6 digits）"
            ));
        }
    }
    let target = req.content.join(id);
    if target.exists() {
        return Err(format!(
            "mingbai new: {} 已经有了，没有改动任何文件：换一个文件夹名，或者直接编辑这个文件夹里的文件（the folder exists）",
            target.display()
        ));
    }
    let loaded = mingbai_content::load(&req.content).map_err(|e| {
        format!(
            "{e}\nmingbai new: 现有内容有{}个错误，先按上面的提示改好（mingbai check 会再列一遍），再新建县；没有改动任何文件（the content has errors）",
            e.len()
        )
    })?;
    let provinces = || -> String {
        let list: Vec<String> = loaded
            .jurisdictions
            .iter()
            .filter(|j| j.level == Level::Province)
            .map(|j| format!("{}（{}）", j.id, j.name))
            .collect();
        list.join("、")
    };
    let parent = match loaded.jurisdiction(&req.parent) {
        None => {
            return Err(format!(
                "mingbai new: 没有“{}”这个省：--parent 写省的文件夹名，可选：{}（no province “{}”）",
                req.parent,
                provinces(),
                req.parent
            ))
        }
        Some(p) if p.level != Level::Province => {
            return Err(format!(
                "mingbai new: “{}”（{}）是{}一级，不是省：新县的上一级是省，--parent 可选：{}（the parent must be a province）",
                req.parent,
                p.name,
                p.level.key(),
                provinces()
            ))
        }
        Some(p) => p,
    };

    let files = plan(&loaded, parent, req, name, from);
    write_atomically(&req.content, id, &files)?;
    // Whatever the starter writes must load with the rest; if it does not, that is a fault of
    // the starter, and the office is left with the content as it was.
    if let Err(e) = mingbai_content::load(&req.content) {
        let _ = fs::remove_dir_all(&target);
        return Err(format!(
            "{e}\nmingbai new: 新县的起步内容没有通过检查，已经删掉，没有改动任何文件；请把上面的错误报告给本站维护人员（the starter did not load）"
        ));
    }
    Ok(report(&target, parent, name, &files))
}

fn valid_id(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
}

/// One file to write, relative to the new folder, and what it is for the closing message.
struct File {
    path: String,
    text: String,
    about: String,
}

/// The files of the new county. A calculator is offered when the levels above supply all of it
/// (no file) or when a starter fills what they lack (its figures already stated above are left
/// out, so no figure is defined twice).
fn plan(
    loaded: &Content,
    parent: &Jurisdiction,
    req: &Request,
    name: &str,
    from: Date,
) -> Vec<File> {
    let inherited_docs: Vec<_> = loaded
        .docs_for(parent)
        .into_iter()
        .filter(|d| d.in_force(from))
        .collect();
    let fill = |t: &str| {
        t.replace("@@ID@@", &req.id)
            .replace("@@NAME@@", name)
            .replace("@@FROM@@", &from.to_string())
            .replace("@@PROVINCE@@", &parent.name)
    };
    let mut calculators = Vec::new();
    let mut own = Vec::new();
    let mut files = Vec::new();
    for &calc in Calculator::ALL {
        let mut merged = Map::new();
        for d in &inherited_docs {
            if let Some(p) = d.params.get(&calc) {
                merge(&mut merged, p);
            }
        }
        let complete =
            mingbai_content::needed::missing_for(calc, Value::Object(merged.clone())).is_empty();
        let example = if complete {
            match calc {
                Calculator::Education => Some(EDUCATION_EXAMPLE),
                _ => STARTERS.iter().find(|s| s.calc == calc).map(|s| s.example),
            }
        } else {
            let Some(starter) = STARTERS.iter().find(|s| s.calc == calc) else {
                continue;
            };
            let mut have = BTreeSet::new();
            leaves(&Value::Object(merged), calc.key(), &mut have);
            let text = without_inherited(&fill(starter.text), &have);
            // A file of the same name as one above would adjust that one instead of standing alone.
            let slug = if inherited_docs.iter().any(|d| d.slug == starter.slug) {
                format!("{}-{}", req.id, starter.slug)
            } else {
                starter.slug.to_string()
            };
            files.push(File {
                path: format!("{slug}.md"),
                text,
                about: format!("{}的示例参数，换成本县的数字", calc.zh()),
            });
            own.push(calc.zh());
            Some(starter.example)
        };
        if let Some(example) = example {
            calculators.push(calc);
            files.push(File {
                path: format!("examples/{}.json", calc.key()),
                text: fill(example),
                about: format!("{}的算例，页面上显示算出的结果", calc.zh()),
            });
        }
    }
    let full_name = format!("{}{name}", parent.full_name);
    let (code, code_note) = match &req.code {
        Some(c) => (c.clone(), String::new()),
        None => (
            format!("{}9999", parent.code.get(..2).unwrap_or("00")),
            "：占位代码，请改成本县的代码".to_string(),
        ),
    };
    let calc_list: Vec<String> = calculators
        .iter()
        .map(|c| format!("\"{}\"", c.key()))
        .collect();
    let own_text = if own.is_empty() {
        "没有".to_string()
    } else {
        own.join("、")
    };
    let index = fill(INDEX)
        .replace("@@FULL_NAME@@", &full_name)
        .replace("@@CODE@@", &code)
        .replace("@@CODE_NOTE@@", &code_note)
        .replace("@@PARENT@@", &parent.id)
        .replace("@@CALCULATORS@@", &calc_list.join(", "))
        .replace("@@OWN@@", &own_text);
    files.push(File {
        path: "_index.md".into(),
        text: index,
        about: format!("县的名称、代码、上一级（{}）和提供的计算器", parent.name),
    });
    // The index first, then the documents to edit, then the examples.
    files.sort_by_key(|f| (!f.path.starts_with('_'), f.path.starts_with("examples/")));
    files
}

/// Tables merge key by key and arrays of tables add up, as the loader merges documents.
fn merge(into: &mut Map<String, Value>, from: &Map<String, Value>) {
    for (k, v) in from {
        match (into.get_mut(k), v) {
            (Some(Value::Object(a)), Value::Object(b)) if !is_figure(v) => merge(a, b),
            (Some(Value::Array(a)), Value::Array(b)) => a.extend(b.iter().cloned()),
            _ => {
                into.insert(k.clone(), v.clone());
            }
        }
    }
}

fn is_figure(v: &Value) -> bool {
    v.as_object().is_some_and(|m| m.contains_key("v"))
}

/// The paths a table states: figures, plain lists and arrays of tables, each once.
fn leaves(v: &Value, path: &str, out: &mut BTreeSet<String>) {
    match v {
        Value::Object(m) if !is_figure(v) => {
            for (k, x) in m {
                leaves(x, &format!("{path}.{k}"), out);
            }
        }
        _ => {
            out.insert(path.to_string());
        }
    }
}

/// The starter text without the lines of figures already stated above, and without a table left
/// with no line.
fn without_inherited(text: &str, have: &BTreeSet<String>) -> String {
    if have.is_empty() {
        return text.to_string();
    }
    let mut kept: Vec<&str> = Vec::new();
    let mut table: Option<String> = None;
    let mut in_front = 0;
    for line in text.lines() {
        if line == "+++" {
            in_front += 1;
        }
        let trimmed = line.trim();
        if in_front == 1 {
            if let Some(t) = trimmed
                .strip_prefix("[params.")
                .and_then(|r| r.strip_suffix(']'))
            {
                table = Some(t.to_string());
            } else if let (Some(t), Some((key, _))) = (&table, trimmed.split_once(" = ")) {
                if have.contains(&format!("{t}.{}", key.trim())) {
                    continue;
                }
            }
        }
        kept.push(line);
    }
    // A table header followed by nothing of its own (a blank line, another header, the end) goes.
    let mut out: Vec<&str> = Vec::new();
    for (i, line) in kept.iter().enumerate() {
        let header = line.starts_with("[params.");
        let next = kept.get(i + 1).map(|l| l.trim()).unwrap_or_default();
        if header && (next.is_empty() || next.starts_with('[') || next == "+++") {
            continue;
        }
        if line.is_empty() && out.last().is_some_and(|l| l.is_empty()) {
            continue;
        }
        out.push(line);
    }
    let mut s = out.join("\n");
    s.push('\n');
    s
}

/// Into a hidden folder beside the target (the loader skips names starting with '.'), then one
/// rename: the county appears whole or not at all.
fn write_atomically(content: &Path, id: &str, files: &[File]) -> Result<(), String> {
    let tmp = content.join(format!(".new-{id}-{}", std::process::id()));
    let target = content.join(id);
    let result = (|| -> std::io::Result<()> {
        let _ = fs::remove_dir_all(&tmp);
        for f in files {
            let path = tmp.join(&f.path);
            if let Some(dir) = path.parent() {
                fs::create_dir_all(dir)?;
            }
            fs::write(&path, &f.text)?;
        }
        fs::rename(&tmp, &target)
    })();
    result.map_err(|e| {
        let _ = fs::remove_dir_all(&tmp);
        format!(
            "mingbai new: 写不进 {}：{e}。没有改动任何文件；请检查文件夹是否可写、磁盘是否已满（cannot write）",
            target.display()
        )
    })
}

fn report(target: &Path, parent: &Jurisdiction, name: &str, files: &[File]) -> String {
    let mut s = format!("已新建{name}：{}\n", target.display());
    for f in files {
        s.push_str(&format!("  {:<26}{}\n", f.path, f.about));
    }
    s.push_str(&format!(
        "国家和{}的政策自动适用于{name}，不用抄。\n\
         下一步：把每个文件里标“示例”的数字、日期和出处换成本县文件的（写明出处后把 s = \"A\" 改成相应的状态），\
         改好代码和介绍，然后运行 mingbai check。\n",
        parent.name
    ));
    s
}

/// The current year (UTC): by default the starter's placeholder dates start with it, so its
/// examples compute with today's inherited parameters.
fn this_year() -> u16 {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default();
    year_of_days(secs / 86_400)
}

/// The civil (proleptic Gregorian) year of a day count since 1970-01-01.
fn year_of_days(days: u64) -> u16 {
    // Days from 0000-03-01, then 400-year eras (Howard Hinnant's civil_from_days).
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + u64::from(month <= 2);
    u16::try_from(year).unwrap_or(u16::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn year_of_known_days() {
        assert_eq!(year_of_days(0), 1970);
        assert_eq!(year_of_days(364), 1970);
        assert_eq!(year_of_days(365), 1971);
        // 2024-12-31 and 2025-01-01.
        assert_eq!(year_of_days(20_088), 2024);
        assert_eq!(year_of_days(20_089), 2025);
    }

    #[test]
    fn inherited_figures_and_empty_tables_are_left_out() {
        let text = "+++\ntitle = \"x\"\n\n[params.dibao]\nstandard = { v = 1, s = \"A\" }\n\n[params.dibao.x]\na = { v = 1, s = \"A\" }\n+++\nbody\n";
        let have: BTreeSet<String> = ["dibao.x.a".to_string()].into();
        let out = without_inherited(text, &have);
        assert_eq!(
            out,
            "+++\ntitle = \"x\"\n\n[params.dibao]\nstandard = { v = 1, s = \"A\" }\n\n+++\nbody\n"
        );
    }
}
