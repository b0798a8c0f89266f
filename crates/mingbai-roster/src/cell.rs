//! Parsers for one spreadsheet cell. Each returns the value or the reason in Chinese; the caller
//! adds the row and the column. They accept what cadres actually type (全角 digits, `3人`,
//! `2019/9/1`, `12,000`) but never guess at a value that could mean two things.

use mingbai_calc::education::Stage;
use mingbai_calc::medical::Level;
use mingbai_calc::relocation::{Area, Condition, Mode, Scheme};
use mingbai_calc::{AmountError, Category, Date, Money, Month};
use serde::de::value::{Error as ValueError, StrDeserializer};
use serde::Deserialize;

/// Full-width digits and punctuation as typed with a Chinese input method, turned to ASCII.
pub fn ascii_digits(text: &str) -> String {
    text.trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => {
                char::from_u32(u32::from(c) - u32::from('０') + u32::from('0')).unwrap_or(c)
            }
            '．' => '.',
            '－' => '-',
            '／' => '/',
            _ => c,
        })
        .collect()
}

/// Splits a cell holding several values (`12000;8000`, `拆旧、复垦`).
pub fn list(text: &str) -> Vec<&str> {
    text.split([';', '；', '、', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect()
}

/// An amount in yuan, at most two decimals, not negative: `1234.5`, `3000元`, `12,000`, `1.2万`.
/// Read by the engine's [`Money::parse_lenient`], the same rules as the browser's form.
pub fn money(text: &str) -> Result<Money, String> {
    let m = Money::parse_lenient(text).map_err(|e| match e {
        AmountError::Decimals => format!("“{text}”最多两位小数（到分）"),
        AmountError::NotAmount | AmountError::TooLarge => {
            format!("“{text}”不是金额（应填数字，如 12000 或 1234.50）")
        }
    })?;
    if m.is_negative() {
        return Err(format!("金额不能为负数（{text}）"));
    }
    if m > Money::MAX_INPUT {
        return Err(format!("金额“{text}”超过1亿元，请检查是否输错"));
    }
    Ok(m)
}

/// A whole number of people, years or the like: `3`, `3人`, `65岁`.
pub fn count(text: &str, unit_zh: &str) -> Result<u32, String> {
    let t = ascii_digits(text);
    let t = t
        .trim_end_matches(['人', '户', '岁', '周', '名', '个'])
        .trim();
    // Excel may write a whole number as `3.0`.
    let t = t.strip_suffix(".0").unwrap_or(t);
    if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("“{text}”不是{unit_zh}（应填整数）"));
    }
    t.parse::<u32>().map_err(|_| format!("“{text}”过大"))
}

/// `2019-09-01`, `2019/9/1`, `2019.9.1`, `2019年9月1日`, `20190901`; a time after it is ignored.
pub fn date(text: &str) -> Result<Date, String> {
    let bad = || format!("“{text}”不是日期（应写成 2019-09-01）");
    let t = ascii_digits(text);
    let t = t.split_whitespace().next().unwrap_or("");
    let t = t
        .trim_end_matches('日')
        .replace(['年', '月', '/', '.'], "-");
    let parts: Vec<&str> = if t.len() == 8 && t.bytes().all(|b| b.is_ascii_digit()) {
        vec![
            t.get(0..4).unwrap_or(""),
            t.get(4..6).unwrap_or(""),
            t.get(6..8).unwrap_or(""),
        ]
    } else {
        t.split('-').collect()
    };
    let [y, m, d] = parts.as_slice() else {
        return Err(bad());
    };
    let num = |s: &str, max_len: usize| {
        (!s.is_empty() && s.len() <= max_len && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u16>().ok())
            .flatten()
    };
    let (Some(y), Some(m), Some(d)) = (num(y, 4).filter(|_| y.len() == 4), num(m, 2), num(d, 2))
    else {
        return Err(bad());
    };
    let (Ok(m), Ok(d)) = (u8::try_from(m), u8::try_from(d)) else {
        return Err(bad());
    };
    Date::new(y, m, d).ok_or_else(|| format!("“{text}”不是有效日期"))
}

/// `2019-05`, `2019/5`, `2019年5月`, or a whole date whose month is meant.
pub fn month(text: &str) -> Result<Month, String> {
    if let Ok(d) = date(text) {
        return Ok(d.month());
    }
    let bad = || format!("“{text}”不是月份（应写成 2019-05）");
    let t = ascii_digits(text);
    let t = t.trim_end_matches('月').replace(['年', '/', '.'], "-");
    let (y, m) = t.split_once('-').ok_or_else(bad)?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if y.len() != 4 || !digits(y) || m.len() > 2 || !digits(m) {
        return Err(bad());
    }
    let (Ok(y), Ok(m)) = (y.parse::<u16>(), m.parse::<u8>()) else {
        return Err(bad());
    };
    Month::new(y, m).ok_or_else(bad)
}

/// 是/否 and the usual ways of writing them.
pub fn yes_no(text: &str) -> Result<bool, String> {
    match text.trim() {
        "是" | "有" | "Y" | "y" | "YES" | "Yes" | "yes" | "1" | "√" | "✓" | "TRUE" | "True"
        | "true" => Ok(true),
        "否" | "无" | "没有" | "N" | "n" | "NO" | "No" | "no" | "0" | "×" | "FALSE" | "False"
        | "false" => Ok(false),
        _ => Err(format!("“{text}”应填“是”或“否”")),
    }
}

pub fn category(text: &str) -> Result<Category, String> {
    // The vocabulary's own names and keys first, then the names rosters use.
    if let Some(c) = Category::ALL
        .iter()
        .find(|c| c.zh() == text.trim() || c.key() == text.trim())
    {
        return Ok(*c);
    }
    Ok(match text.trim() {
        "建档立卡" | "建档立卡贫困户" | "贫困户" | "脱贫户" => Category::Jiandang,
        "低保" => Category::Dibao,
        "特困" | "特困户" | "特困供养" | "特困人员" | "五保" | "五保户" => {
            Category::Tekun
        }
        "边缘" | "边缘易致贫户" | "监测户" | "监测对象" | "防返贫监测户" => {
            Category::Edge
        }
        "一般" | "一般户" | "非贫困户" => Category::General,
        other => {
            return Err(format!(
                "“{other}”不是户类别（可填：建档立卡、低保、特困、边缘、一般）"
            ))
        }
    })
}

pub fn level(text: &str) -> Result<Level, String> {
    if let Some(l) = Level::ALL
        .iter()
        .find(|l| l.zh() == text.trim() || l.key() == text.trim())
    {
        return Ok(*l);
    }
    Ok(match text.trim() {
        "乡镇" | "乡镇级" | "乡级" | "一级" => Level::Township,
        "县" | "县级" | "二级" | "县医院" => Level::County,
        "市" | "市级" | "三级" | "市医院" => Level::City,
        "省" | "省级" | "省医院" => Level::Province,
        other => {
            return Err(format!(
                "“{other}”不是医院级别（可填：乡镇、县级、市级、省级）"
            ))
        }
    })
}

/// 安置方式: relocation (with its mode) or 就地危房改造.
pub fn scheme(text: &str) -> Result<(Scheme, Option<Mode>), String> {
    Ok(match text.trim() {
        "集中" | "集中安置" | "centralized" => (Scheme::Relocation, Some(Mode::Centralized)),
        "分散" | "分散安置" | "dispersed" => (Scheme::Relocation, Some(Mode::Dispersed)),
        "危房改造" | "就地危房改造" | "危改" | "renovation" => {
            (Scheme::Renovation, None)
        }
        other => {
            return Err(format!(
                "“{other}”不是安置方式（可填：集中安置、分散安置、危房改造）"
            ))
        }
    })
}

pub fn conditions(text: &str) -> Result<Vec<Condition>, String> {
    let mut out = Vec::new();
    for part in text
        .split([';', '；', '、', ',', '，', ' ', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        let c = match part {
            "拆旧" | "拆除旧房" | "旧房拆除" | "已拆旧" | "demolition" => {
                Condition::Demolition
            }
            "复垦" | "旧宅基地复垦" | "已复垦" | "reclamation" => Condition::Reclamation,
            "腾退" | "腾退旧宅基地" | "旧宅基地腾退" | "已腾退" | "vacate" => {
                Condition::Vacate
            }
            "双签"
            | "已双签"
            | "签协议"
            | "已签协议"
            | "签订拆旧复垦协议"
            | "拆旧复垦协议"
            | "agreements" => Condition::Agreements,
            other => {
                return Err(format!(
                    "“{other}”不是可识别的条件（可填：双签、拆旧、复垦、腾退，用顿号隔开）"
                ))
            }
        };
        if !out.contains(&c) {
            out.push(c);
        }
    }
    Ok(out)
}

/// Floor area in square metres, through the engine's own parser.
pub fn area(text: &str) -> Result<Area, String> {
    let t = ascii_digits(text);
    let t = t
        .trim_end_matches("平方米")
        .trim_end_matches("平米")
        .trim_end_matches('㎡')
        .trim_end_matches("m2")
        .trim();
    Area::deserialize(StrDeserializer::<ValueError>::new(t)).map_err(|e| {
        let reason = e.to_string();
        if reason.contains('“') {
            reason
        } else {
            format!("“{text}”：{reason}")
        }
    })
}

/// One child as written in 子女学段: a stage and optional marks, in any order:
/// `小学寄宿`, `中职2年级`, `高三`, `本科1年级二本B类学费7000`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChildSpec {
    pub stage: Stage,
    pub year: Option<u32>,
    pub boarding: bool,
    pub key_university: bool,
    pub tuition_and_lodging: Option<Money>,
}

const STAGES: &[(&str, Stage)] = &[
    ("学前教育", Stage::Preschool),
    ("中等职业", Stage::Vocational),
    ("普通高中", Stage::Senior),
    ("高职高专", Stage::HigherVocational),
    ("学前", Stage::Preschool),
    ("幼儿园", Stage::Preschool),
    ("小学", Stage::Primary),
    ("初中", Stage::Junior),
    ("高中", Stage::Senior),
    ("中职", Stage::Vocational),
    ("中专", Stage::Vocational),
    ("技校", Stage::Vocational),
    ("职高", Stage::Vocational),
    ("高职", Stage::HigherVocational),
    ("专科", Stage::HigherVocational),
    ("大专", Stage::HigherVocational),
    ("本科", Stage::Undergraduate),
    ("大学", Stage::Undergraduate),
];

/// Shorthands that give both the stage and the year: 初一, 高三, 大二.
const STAGE_YEARS: &[(&str, Stage)] = &[
    ("初", Stage::Junior),
    ("高", Stage::Senior),
    ("大", Stage::Undergraduate),
];

const NUMERALS: &[(char, u32)] = &[
    ('一', 1),
    ('二', 2),
    ('三', 3),
    ('四', 4),
    ('五', 5),
    ('六', 6),
    ('七', 7),
    ('八', 8),
];

fn numeral(c: char) -> Option<u32> {
    NUMERALS
        .iter()
        .find(|(n, _)| *n == c)
        .map(|(_, v)| *v)
        .or_else(|| c.to_digit(10))
}

/// Removes the first occurrence of `pat` from `s`; whether it was there.
fn take(s: &mut String, pat: &str) -> bool {
    match s.find(pat) {
        Some(i) => {
            s.replace_range(i..i + pat.len(), " ");
            true
        }
        None => false,
    }
}

pub fn child(item: &str) -> Result<ChildSpec, String> {
    let mut rest = ascii_digits(item);
    let mut stage = None;
    let mut year = None;

    // Tuition first: its digits must not be read as a year.
    let mut tuition = None;
    for label in ["学费住宿费", "学费和住宿费", "学费"] {
        if let Some(i) = rest.find(label) {
            let after = &rest[i + label.len()..];
            let digits: String = after
                .chars()
                .take_while(|c| c.is_ascii_digit() || *c == '.')
                .collect();
            if digits.is_empty() {
                return Err(format!("“{item}”：“{label}”后面要写金额，如 {label}7000"));
            }
            let mut end = i + label.len() + digits.len();
            if rest[end..].starts_with('元') {
                end += '元'.len_utf8();
            }
            tuition = Some(money(&digits)?);
            rest.replace_range(i..end, " ");
            break;
        }
    }

    // `N年级` / `一年级`
    if let Some(i) = rest.find("年级") {
        let before = &rest[..i];
        if let Some(c) = before.chars().next_back() {
            if let Some(n) = numeral(c) {
                year = Some(n);
                rest.replace_range(i - c.len_utf8()..i + "年级".len(), " ");
            }
        }
        if year.is_none() {
            return Err(format!("“{item}”：年级要写成“2年级”或“二年级”"));
        }
    }
    for (word, s) in STAGES {
        if take(&mut rest, word) {
            stage = Some(*s);
            break;
        }
    }
    if year.is_none() {
        for (prefix, s) in STAGE_YEARS {
            let found = NUMERALS.iter().find_map(|(c, n)| {
                let pat = format!("{prefix}{c}");
                rest.find(&pat).map(|i| (i, pat.len(), *n))
            });
            if let Some((i, len, n)) = found {
                if stage.is_some_and(|st| st != *s) {
                    return Err(format!("“{item}”：学段前后矛盾"));
                }
                stage = Some(*s);
                year = Some(n);
                rest.replace_range(i..i + len, " ");
                break;
            }
        }
    }
    let stage = stage.ok_or_else(|| {
        format!("“{item}”没有写学段（可填：学前、小学、初中、高中、中职、高职、本科）")
    })?;

    let boarding = if take(&mut rest, "非寄宿") || take(&mut rest, "走读") {
        false
    } else {
        take(&mut rest, "寄宿") || take(&mut rest, "住校")
    };
    let mut key_university = false;
    for (word, key) in [
        ("二本B类及以上", true),
        ("二本B类以上", true),
        ("二本B类", true),
        ("二本A类", true),
        ("一本", true),
        ("二本C类", false),
        ("三本", false),
    ] {
        if take(&mut rest, word) {
            key_university = key;
            break;
        }
    }
    let left: String = rest
        .chars()
        .filter(|c| {
            !matches!(
                c,
                ' ' | ',' | '，' | '(' | ')' | '（' | '）' | '+' | '＋' | '-'
            )
        })
        .collect();
    if !left.is_empty() {
        return Err(format!("“{item}”中的“{left}”无法识别"));
    }
    Ok(ChildSpec {
        stage,
        year,
        boarding,
        key_university,
        tuition_and_lodging: tuition,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_cells() {
        assert_eq!(money("12000"), Ok(Money::yuan(12000)));
        assert_eq!(money(" 1,234.5元 "), Ok(Money::from_fen(123_450)));
        assert_eq!(money("１２０００"), Ok(Money::yuan(12000)));
        assert!(money("12a00").unwrap_err().contains("不是金额"));
        assert!(money("-5").unwrap_err().contains("负数"));
        assert!(money("1.234").unwrap_err().contains("两位小数"));
        assert!(money("200000000").unwrap_err().contains("1亿"));
        // Refused before the parser was shared with the browser's form, accepted now.
        assert_eq!(money("1.2万"), Ok(Money::yuan(12000)));
        assert_eq!(money("1234。5"), Ok(Money::from_fen(123_450)));
    }

    #[test]
    fn dates_and_months() {
        let d = |s| date(s).map(|d| d.to_string());
        assert_eq!(d("2019-09-01"), Ok("2019-09-01".into()));
        assert_eq!(d("2019/9/1"), Ok("2019-09-01".into()));
        assert_eq!(d("2019年9月1日"), Ok("2019-09-01".into()));
        assert_eq!(d("20190901"), Ok("2019-09-01".into()));
        assert_eq!(d("2019/9/1 0:00"), Ok("2019-09-01".into()));
        assert!(d("2019-02-30").is_err());
        assert!(d("19-9-1").is_err());
        assert!(d("九月").is_err());
        let m = |s| month(s).map(|m| m.to_string());
        assert_eq!(m("2019-05"), Ok("2019-05".into()));
        assert_eq!(m("2019年5月"), Ok("2019-05".into()));
        assert_eq!(m("2019/5/20"), Ok("2019-05".into()));
        assert!(m("2019-13").is_err());
    }

    #[test]
    fn children() {
        let c = child("小学寄宿").unwrap();
        assert_eq!((c.stage, c.boarding, c.year), (Stage::Primary, true, None));
        let c = child("中职2年级").unwrap();
        assert_eq!((c.stage, c.year), (Stage::Vocational, Some(2)));
        let c = child("高三").unwrap();
        assert_eq!((c.stage, c.year), (Stage::Senior, Some(3)));
        let c = child("本科一年级 二本B类 学费7000元").unwrap();
        assert_eq!(
            (c.stage, c.year, c.key_university),
            (Stage::Undergraduate, Some(1), true)
        );
        assert_eq!(c.tuition_and_lodging, Some(Money::yuan(7000)));
        let c = child("初中非寄宿").unwrap();
        assert!(!c.boarding);
        assert!(child("大学生").unwrap_err().contains("无法识别"));
        assert!(child("寄宿").unwrap_err().contains("学段"));
        assert!(child("高中3年级学费").unwrap_err().contains("金额"));
    }

    #[test]
    fn words() {
        assert_eq!(category("脱贫户"), Ok(Category::Jiandang));
        assert!(category("富裕户").unwrap_err().contains("户类别"));
        assert_eq!(level("三级"), Ok(Level::City));
        assert_eq!(scheme("危房改造").map(|s| s.0), Ok(Scheme::Renovation));
        assert_eq!(
            conditions("拆旧、复垦"),
            Ok(vec![Condition::Demolition, Condition::Reclamation])
        );
        assert_eq!(count("3人", "人数"), Ok(3));
        assert!(count("三", "人数").is_err());
        assert_eq!(
            area("75.5"),
            Ok(Area::deserialize(StrDeserializer::<ValueError>::new("75.50")).unwrap())
        );
        assert!(area("-3").is_err());
    }
}
