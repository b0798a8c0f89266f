//! The honesty checks of `mingbai check`, run on loaded content:
//!
//! - every value marked `S` (种子报告) — a parameter, `issuer`, `effective` or `expires` — has a
//!   quote in `<jurisdiction>/_quotes.toml` whose text is in the seed report
//!   `content/_seeds/<seed>.txt`, and no quote is kept for a value that is not S;
//! - a document's `status` is no stronger than its weakest value (parameters, issuer and dates),
//!   and a document whose text states an assumption (示例) is marked A;
//! - a number written as words in a title, summary or body does not contradict a figure of the
//!   same document (see `content/README.md`, “数字与参数不一致”).
//!
//! Loading (`crate::load`) does not run these, so the calculator and the site keep working while
//! an editor is still collecting quotes; `mingbai check` fails on them.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use mingbai_calc::Status;
use serde::Deserialize;
use serde_json::Value;

use crate::figures::Figure;
use crate::{
    split_shortcodes, Content, ContentError, Document, Errors, Jurisdiction, Piece, QUOTES_FILE,
    SEEDS_DIR,
};

/// One S value and the seed line it is quoted from, for `mingbai check --quotes`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuotedValue {
    /// The document and the line of the value.
    pub file: PathBuf,
    pub line: Option<usize>,
    /// `params.relocation.build_subsidy.centralized`, `effective`, `issuer`.
    pub field: String,
    /// As printed: `25000元`.
    pub value: String,
    pub seed: String,
    /// `content/_seeds/000.txt` and the line the quote starts on.
    pub seed_file: PathBuf,
    pub seed_line: usize,
    pub text: String,
    pub note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct QuotesFile {
    #[serde(default)]
    quote: Vec<QuoteEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct QuoteEntry {
    doc: String,
    path: String,
    seed: String,
    text: String,
    #[serde(default)]
    note: Option<String>,
}

/// A seed report with its whitespace removed, for whitespace-insensitive search.
struct Seed {
    file: PathBuf,
    /// Characters that are not whitespace, and the line each came from.
    chars: Vec<(char, usize)>,
    squeezed: String,
}

impl Seed {
    fn read(file: PathBuf) -> std::io::Result<Seed> {
        let text = fs::read_to_string(&file)?;
        let mut chars = Vec::new();
        let mut line = 1;
        for c in text.chars() {
            if c == '\n' {
                line += 1;
            }
            if !c.is_whitespace() {
                chars.push((c, line));
            }
        }
        let squeezed = chars.iter().map(|(c, _)| *c).collect();
        Ok(Seed {
            file,
            chars,
            squeezed,
        })
    }

    /// The line where `quote` starts in the seed, comparing without whitespace.
    fn find(&self, quote: &str) -> Option<usize> {
        let q: String = quote.chars().filter(|c| !c.is_whitespace()).collect();
        if q.is_empty() {
            return None;
        }
        let byte = self.squeezed.find(&q)?;
        let index = self.squeezed[..byte].chars().count();
        self.chars.get(index).map(|(_, l)| *l)
    }
}

/// A value of a document that carries a status: a figure, or (with sourced dates) a date or issuer.
struct Valued {
    field: String,
    /// The key a quote names: the figure path, or `effective` / `expires` / `issuer`.
    key: String,
    line: Option<usize>,
    value: String,
    status: Status,
}

fn values(d: &Document) -> Vec<Valued> {
    let dated = |key: &str, value: String, status: Status| Valued {
        field: key.to_string(),
        key: key.to_string(),
        line: d.lines.find(key),
        value,
        status,
    };
    let mut out: Vec<Valued> = d
        .figures
        .iter()
        .flat_map(|g| &g.rows)
        .map(|f| Valued {
            field: format!("params.{}", f.path),
            key: f.path.clone(),
            line: f.line,
            value: f.value.clone(),
            status: f.status,
        })
        .collect();
    if let Some(i) = &d.issuer {
        out.push(dated("issuer", i.v.clone(), i.s));
    }
    out.push(dated("effective", d.effective.v.zh(), d.effective.s));
    if let Some(e) = &d.expires {
        out.push(dated("expires", e.v.zh(), e.s));
    }
    out
}

/// The letter written in content (`S`, `V`, …), from the status's own serialization so that a
/// new status needs no change here.
pub fn letter(s: Status) -> String {
    match serde_json::to_value(s) {
        Ok(Value::String(l)) => l,
        _ => format!("{s:?}"),
    }
}

/// Runs every check; on success returns the S values with their quotes.
pub fn audit(content: &Content) -> Result<Vec<QuotedValue>, Errors> {
    let mut errors = Errors::default();
    let seeds = read_seeds(&content.root, &mut errors);
    let mut quoted = Vec::new();
    for j in &content.jurisdictions {
        quotes(j, &content.root, &seeds, &mut quoted, &mut errors);
        for d in &j.docs {
            status(d, &mut errors);
            contradictions(d, &mut errors);
        }
    }
    let errors = errors.finish();
    if errors.is_empty() {
        quoted.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
        Ok(quoted)
    } else {
        Err(errors)
    }
}

fn read_seeds(root: &Path, errors: &mut Errors) -> BTreeMap<String, Seed> {
    let dir = root.join(SEEDS_DIR);
    let mut seeds = BTreeMap::new();
    let Ok(rd) = fs::read_dir(&dir) else {
        return seeds;
    };
    for e in rd.filter_map(Result::ok) {
        let p = e.path();
        let Some(id) = p
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.strip_suffix(".txt"))
        else {
            continue;
        };
        let id = id.to_string();
        match Seed::read(p.clone()) {
            Ok(s) => {
                seeds.insert(id, s);
            }
            Err(e) => errors.push(ContentError::new(
                &p,
                None,
                None,
                format!("读不出种子报告：{e}"),
            )),
        }
    }
    seeds
}

fn quotes(
    j: &Jurisdiction,
    root: &Path,
    seeds: &BTreeMap<String, Seed>,
    quoted: &mut Vec<QuotedValue>,
    errors: &mut Errors,
) {
    let file = j
        .file
        .parent()
        .map(|p| p.join(QUOTES_FILE))
        .unwrap_or_else(|| PathBuf::from(QUOTES_FILE));
    let mut entries = Vec::new();
    let mut lines = crate::Lines::default();
    if let Ok(text) = fs::read_to_string(&file) {
        match crate::tree::parse(&text, 1) {
            Ok((map, l)) => {
                if let Some(q) =
                    crate::front::typed::<QuotesFile>(Value::Object(map), &file, &l, "", errors)
                {
                    entries = q.quote;
                }
                lines = l;
            }
            Err(es) => {
                for e in es {
                    errors.push(ContentError::new(
                        &file,
                        Some(e.line),
                        Some(&e.path),
                        e.reason,
                    ));
                }
                // The quotes cannot be read: saying that every S value lacks one adds nothing.
                return;
            }
        }
    }
    let seeds_dir = root.join(SEEDS_DIR);
    // (doc, key) of every value that has a quote entry, even a wrong one.
    let mut has_quote: Vec<(String, String)> = Vec::new();
    for (i, q) in entries.iter().enumerate() {
        let at = |k: &str| format!("quote[{i}].{k}");
        let mut err = |k: &str, reason: String| {
            let field = at(k);
            errors.push(ContentError::new(
                &file,
                lines.find(&field),
                Some(&field),
                reason,
            ));
        };
        let Some(d) = j.docs.iter().find(|d| d.slug == q.doc) else {
            err(
                "doc",
                format!("本辖区没有文件 {}.md（doc 写文件名，不带 .md）", q.doc),
            );
            continue;
        };
        has_quote.push((q.doc.clone(), q.path.clone()));
        let vals = values(d);
        let Some(v) = vals.iter().find(|v| v.key == q.path) else {
            err(
                "path",
                format!(
                    "{}.md 没有数值 {}（写参数路径，如 relocation.build_subsidy.centralized，或 effective、expires、issuer）",
                    q.doc, q.path
                ),
            );
            continue;
        };
        if v.status != Status::S {
            err(
                "path",
                format!(
                    "{}.md 的 {} 标为 {}（{}），不是种子报告（S）：种子引文只用于 S 数值；删去这条引文，或核对后把数值改为 S",
                    q.doc,
                    q.path,
                    letter(v.status),
                    v.status.zh()
                ),
            );
            continue;
        }
        let Some(seed) = seeds.get(&q.seed) else {
            err(
                "seed",
                format!(
                    "没有种子报告 {}（应在 {}/{}.txt）",
                    q.seed,
                    seeds_dir.display(),
                    q.seed
                ),
            );
            continue;
        };
        match seed.find(&q.text) {
            Some(seed_line) => quoted.push(QuotedValue {
                file: d.file.clone(),
                line: v.line,
                field: v.field.clone(),
                value: v.value.clone(),
                seed: q.seed.clone(),
                seed_file: seed.file.clone(),
                seed_line,
                text: q.text.clone(),
                note: q.note.clone().filter(|n| !n.trim().is_empty()),
            }),
            None => err(
                "text",
                format!(
                    "种子报告{}（{}）里找不到这段引文（比较时不计空白）；请逐字照抄原文，繁体照繁体，标点照原样",
                    q.seed,
                    seed.file.display()
                ),
            ),
        }
    }
    for d in &j.docs {
        for v in values(d).into_iter().filter(|v| v.status == Status::S) {
            if !has_quote.contains(&(d.slug.clone(), v.key.clone())) {
                errors.push(ContentError::new(
                    &d.file,
                    v.line,
                    Some(&v.field),
                    format!(
                        "标为种子报告（S），但 {} 里没有它的引文；请加一条 [[quote]] doc = \"{}\" path = \"{}\" seed = \"…\" text = \"种子原文\"，种子没有写明的就改为 V、R 或 A 并写明 src",
                        file.display(),
                        d.slug,
                        v.key
                    ),
                ));
            }
        }
    }
}

/// A document's status is the weakest status of what it states.
fn status(d: &Document, errors: &mut Errors) {
    let line = d.lines.get("status");
    // Dates and the issuer carry badges of their own on the card; counting them here would turn
    // nearly every card 示例 (most end dates are assumptions) and the badge would tell nothing.
    let figures = values(d)
        .into_iter()
        .filter(|v| !matches!(v.key.as_str(), "issuer" | "effective" | "expires"));
    if let Some(weakest) = figures.max_by_key(|v| (v.status, v.line)) {
        if d.status < weakest.status {
            errors.push(ContentError::new(
                &d.file,
                line,
                Some("status"),
                format!(
                    "文件标为 {}（{}），但 {} 是 {}（{}）：文件的状态不能强于其中最弱的数值；请改为 status = \"{}\"",
                    letter(d.status),
                    d.status.zh(),
                    weakest.field,
                    letter(weakest.status),
                    weakest.status.zh(),
                    letter(weakest.status)
                ),
            ));
        }
    }
    if d.status != Status::A {
        let texts = [&d.title_src, &d.summary_src, &d.how_to_apply, &d.body]
            .into_iter()
            .chain(&d.eligibility);
        // `见《看病住院怎么报》（示例参数）` names another document's status, not an assumption here.
        let own = |t: &str| t.replace("》（示例参数）", "》").contains("示例");
        if texts.into_iter().any(|t| own(t)) {
            errors.push(ContentError::new(
                &d.file,
                line,
                Some("status"),
                format!(
                    "文中写有“示例”（本站的假设），文件却标为 {}（{}）：写了假设的文件应标 status = \"A\"",
                    letter(d.status),
                    d.status.zh()
                ),
            ));
        }
    }
}

/// What a figure or a written number measures, so only like is compared with like.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Unit {
    Yuan,
    Percent,
    Months,
    Age,
    SquareMetres,
}

/// A number as ten-thousandths, so `2.5万元` and `25000元` compare equal.
fn scaled(digits: &str) -> Option<i128> {
    let (whole, frac) = digits.split_once('.').unwrap_or((digits, ""));
    if whole.is_empty() || frac.len() > 4 || whole.len() > 20 {
        return None;
    }
    let mut f = frac.to_string();
    while f.len() < 4 {
        f.push('0');
    }
    Some(whole.parse::<i128>().ok()? * 10_000 + f.parse::<i128>().ok()?)
}

/// The number and unit of a rendered figure value (`25000元`, `80%`, `12个月`).
fn figure_number(value: &str) -> Option<(i128, Unit)> {
    let end = value
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(value.len());
    let n = scaled(&value[..end])?;
    let unit = match &value[end..] {
        "元" => Unit::Yuan,
        "%" => Unit::Percent,
        "个月" => Unit::Months,
        u if u.starts_with("周岁") => Unit::Age,
        "平方米" => Unit::SquareMetres,
        _ => return None,
    };
    Some((n, unit))
}

/// Words that name a figure in prose; a number written right after one of them is read as that
/// figure. Generic words (报销比例, 起付线) may name several figures of a document: a number is
/// then fine when it equals any of them.
fn keywords(f: &Figure, group: &str) -> Vec<String> {
    let p: Vec<&str> = f.path.split('.').collect();
    let level = |l: &str| -> &'static [&'static str] {
        match l {
            "township" => &["乡镇", "一级"],
            "county" => &["县级", "县内", "二级"],
            "city" => &["市级", "三级"],
            "province" => &["省级"],
            _ => &[],
        }
    };
    let words: Vec<&str> = match p.as_slice() {
        ["relocation", "build_subsidy", "centralized"] => vec!["集中安置"],
        ["relocation", "build_subsidy", "dispersed"] => vec!["分散安置"],
        ["relocation", "build_subsidy", "tongbu_centralized" | "tongbu_dispersed"] => {
            vec!["同步搬迁"]
        }
        ["relocation", "caps", "area_per_person_m2"] => vec!["人均住房面积", "住房面积"],
        ["relocation", "caps", "self_funding_per_person"] => vec!["人均自筹"],
        ["relocation", "caps", "self_funding_per_household"] => vec!["户均自筹"],
        ["relocation", "renovation", "per_household"] => vec!["危房改造", "危改", "每户补助"],
        ["relocation", "rewards", _, "per_person"] => vec!["奖励"],
        ["education", "items", _, "amount" | "loan_floor"] => vec![],
        ["dibao", "standard"] => vec!["低保标准"],
        ["dibao", "taper_months"] => vec!["渐退期", "继续给予"],
        ["dibao", "taper_months_disabled"] => vec!["延长至"],
        ["dibao", "tekun_dispersed"] => vec!["分散供养"],
        ["dibao", "tekun_centralized"] => vec!["集中供养"],
        ["medical", "backstop", "oop_cap", l] => level(l).to_vec(),
        ["medical", "backstop", "min_inpatient_ratio", "ratio"] => vec!["报销比例"],
        ["medical", "basic", "inpatient", _, "rate"] => vec!["报销比例"],
        ["medical", _, .., "deductible" | "threshold"] => vec!["起付线"],
        ["medical", "assistance", "rate"] => vec!["救助比例"],
        ["medical", ..] if p.last() == Some(&"annual_cap") || p.last() == Some(&"annual_limit") => {
            vec!["最高支付限额", "封顶线", "年度限额"]
        }
        _ => vec![],
    };
    let mut out: Vec<String> = words.into_iter().map(str::to_string).collect();
    // An item of a list (`education.items.yulu.amount`) is named by its own name on the card.
    if let ["education", "items", ..] = p.as_slice() {
        out.push(group.to_string());
    }
    out
}

/// Characters that end the clause a keyword governs.
fn clause_end(c: char) -> bool {
    matches!(
        c,
        '，' | '。' | '；' | ';' | ',' | '：' | ':' | '\n' | '！' | '？' | '!' | '?' | '、' | '|'
    )
}

/// How far (in characters) a number may follow the word that names it.
const NEAR: usize = 12;

/// A number written in prose, with its unit.
struct Written {
    /// Byte range in the text, number and unit.
    start: usize,
    end: usize,
    number: i128,
    unit: Unit,
}

fn written_numbers(text: &str) -> Vec<Written> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit()
            || (i > 0 && (bytes[i - 1] == b'.' || bytes[i - 1].is_ascii_alphanumeric()))
        {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && (bytes[i].is_ascii_digit() || bytes[i] == b'.') {
            i += 1;
        }
        let digits = text[start..i].trim_end_matches('.');
        let rest = &text[start + digits.len()..];
        let (mult, rest2) = match rest.strip_prefix('万') {
            Some(r) => (10_000, r),
            None => (1, rest),
        };
        let units: [(&str, Unit); 8] = [
            ("元", Unit::Yuan),
            ("%", Unit::Percent),
            ("％", Unit::Percent),
            ("个月", Unit::Months),
            ("周岁", Unit::Age),
            ("岁", Unit::Age),
            ("平方米", Unit::SquareMetres),
            ("㎡", Unit::SquareMetres),
        ];
        let found = units.iter().find(|(u, _)| rest2.starts_with(u));
        if let (Some((u, unit)), Some(n)) = (found, scaled(digits)) {
            if mult == 1 || *unit == Unit::Yuan {
                let end = text.len() - rest2.len() + u.len();
                out.push(Written {
                    start,
                    end,
                    number: n * mult,
                    unit: *unit,
                });
                i = end;
            }
        }
    }
    out
}

/// Words around a number that make it an earlier value (`由3000元提高到4000元`) rather than the
/// figure in force.
fn is_earlier_value(before: &str, after: &str) -> bool {
    let tail: String = before
        .chars()
        .rev()
        .take(NEAR)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let head: String = after.chars().take(4).collect();
    ["由", "原", "从"].iter().any(|w| tail.contains(w))
        || ["提高", "提至", "调整", "增加", "上调", "调至", "增至"]
            .iter()
            .any(|w| head.starts_with(w))
}

/// The last `n` characters of `clause`: the words between a keyword and its number.
fn gap_of(clause: &str, n: usize) -> String {
    let chars: Vec<char> = clause.chars().collect();
    chars[chars.len().saturating_sub(n)..].iter().collect()
}

/// `提高20%`: a change, not the level a figure states (`提高到2900元` is a level).
fn is_change(gap: &str) -> bool {
    ["提高", "增加", "降低", "下降", "减少", "提高了", "增加了"]
        .iter()
        .any(|w| gap.ends_with(w))
}

/// Whether a sum of money is written per person, household, year or month.
fn per_unit(gap: &str, after: &str) -> bool {
    ["每", "人均", "户均", "/人", "/户"]
        .iter()
        .any(|w| gap.contains(w))
        || ["/", "每"].iter().any(|w| after.starts_with(w))
}

/// Numbers written in `text` (a run between quoted figures) that follow a word naming one of the
/// document's figures and equal none of the figures that word names.
fn check_text(
    d: &Document,
    field: &str,
    text: &str,
    line_of: impl Fn(usize) -> usize,
    errors: &mut Errors,
) {
    let figs: Vec<(&Figure, Vec<String>, (i128, Unit))> = d
        .figures
        .iter()
        .flat_map(|g| g.rows.iter().map(move |f| (f, g.title.as_str())))
        .filter_map(|(f, g)| Some((f, keywords(f, g), figure_number(&f.value)?)))
        .collect();
    let money: Vec<&Figure> = figs
        .iter()
        .filter(|(_, _, (_, u))| *u == Unit::Yuan)
        .map(|(f, _, _)| *f)
        .collect();
    let headline = field == "title" || field == "summary";
    let named_any = figs.iter().any(|(_, k, _)| !k.is_empty());
    if !named_any && (!headline || money.is_empty()) {
        return;
    }
    for w in written_numbers(text) {
        let before = &text[..w.start];
        // The clause the number is in, up to the number.
        let clause_start = before
            .char_indices()
            .rev()
            .find(|(_, c)| clause_end(*c))
            .map_or(0, |(i, c)| i + c.len_utf8());
        let clause = &before[clause_start..];
        // The nearest word naming a figure of the same unit, with nothing numeric in between.
        let mut best: Option<usize> = None;
        let mut named: Vec<&Figure> = Vec::new();
        for (f, words, (_, unit)) in &figs {
            if *unit != w.unit {
                continue;
            }
            for k in words {
                let Some(pos) = clause.rfind(k.as_str()) else {
                    continue;
                };
                let gap = &clause[pos + k.len()..];
                if gap.chars().count() > NEAR || gap.chars().any(|c| c.is_ascii_digit()) {
                    continue;
                }
                let dist = gap.chars().count();
                match best {
                    Some(b) if dist > b => {}
                    Some(b) if dist == b => named.push(f),
                    _ => {
                        best = Some(dist);
                        named = vec![f];
                    }
                }
            }
        }
        if is_earlier_value(clause, &text[w.end..]) {
            continue;
        }
        if named.is_empty() {
            if headline && w.unit == Unit::Yuan && !money.is_empty() {
                headline_amount(d, field, text, clause, &w, &money, &line_of, errors);
            }
            continue;
        }
        let gap = gap_of(clause, best.unwrap_or(0));
        if is_change(&gap) {
            continue;
        }
        // Money figures are amounts per person, household or year; a sum without a “每 …” or
        // “… /年” is a total (402.5万元 for 161 people), not the figure.
        if w.unit == Unit::Yuan && !per_unit(&gap, &text[w.end..]) {
            continue;
        }
        let same = |f: &&Figure| figure_number(&f.value).is_some_and(|(n, _)| n == w.number);
        if named.iter().any(same) {
            continue;
        }
        let f = named[0];
        errors.push(ContentError::new(
            &d.file,
            Some(line_of(w.start)),
            Some(field),
            format!(
                "写的“{}”与本文件的参数“{}”（{}，现为{}）不一致；请改用 {{{{ param(\"{}\") }}}}",
                &text[w.start..w.end],
                f.label,
                f.path,
                f.value,
                f.path
            ),
        ));
    }
}

/// A title or summary is a headline of the document's own figures: an amount it writes per person,
/// household or year (`每人20000元`, `2900元/年`) must be one of the document's money parameters,
/// even when no word names which one.
#[allow(clippy::too_many_arguments)]
fn headline_amount(
    d: &Document,
    field: &str,
    text: &str,
    clause: &str,
    w: &Written,
    money: &[&Figure],
    line_of: &impl Fn(usize) -> usize,
    errors: &mut Errors,
) {
    let tail = gap_of(clause, NEAR);
    // Another number close before it: a worked example (`4口之家每年…`).
    if tail.chars().any(|c| c.is_ascii_digit())
        || is_change(&tail)
        || !per_unit(&tail, &text[w.end..])
    {
        return;
    }
    if money
        .iter()
        .any(|f| figure_number(&f.value).is_some_and(|(n, _)| n == w.number))
    {
        return;
    }
    let list: Vec<String> = money
        .iter()
        .map(|f| format!("{}（{}）", f.path, f.value))
        .collect();
    errors.push(ContentError::new(
        &d.file,
        Some(line_of(w.start)),
        Some(field),
        format!(
            "写的“{}”不是本文件任何金额参数的值（{}）；请改用 {{{{ param(\"{}\") }}}} 这样引用对应的参数",
            &text[w.start..w.end],
            list.join("、"),
            money[0].path
        ),
    ));
}

fn contradictions(d: &Document, errors: &mut Errors) {
    let fields = [
        ("title", &d.title_src, d.lines.get("title").unwrap_or(1)),
        (
            "summary",
            &d.summary_src,
            d.lines.get("summary").unwrap_or(1),
        ),
        ("body", &d.body, d.body_line),
    ];
    for (field, text, first) in fields {
        // Shortcodes were checked by `load`; a failure here only means nothing to compare.
        let Ok(pieces) = split_shortcodes(text, first, &d.file, |_| true) else {
            continue;
        };
        for p in pieces {
            if let Piece::Text(t) = p {
                let offset = t.as_ptr() as usize - text.as_ptr() as usize;
                let line_of = |i: usize| first + text[..offset + i].matches('\n').count();
                check_text(d, field, t, line_of, errors);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_numbers_carry_their_unit() {
        let w = written_numbers("集中安置每人2.5万元，报销80%，领12个月，3000/5000元，2019年");
        let got: Vec<(i128, Unit)> = w.iter().map(|w| (w.number / 10_000, w.unit)).collect();
        assert_eq!(
            got,
            [
                (25000, Unit::Yuan),
                (80, Unit::Percent),
                (12, Unit::Months),
                (5000, Unit::Yuan)
            ]
        );
    }

    #[test]
    fn earlier_values_and_per_unit_amounts() {
        assert!(is_earlier_value("五保标准由每人每年", "提高到4000元"));
        assert!(!is_earlier_value("低保标准提高到", "/年"));
        assert!(per_unit("提高到", "/年"));
        assert!(per_unit("每人", "，"));
        assert!(!per_unit("建房补助", "，涉及161人"));
        assert!(is_change("报销比例提高"));
        assert!(!is_change("提高到"));
    }
}
