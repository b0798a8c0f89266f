//! Reads the page's `JurisdictionParams` JSON without serde's derived deserializers.
//!
//! Why: in the wasm module the derived deserializers of the parameter types (with serde_json)
//! weighed ~53 KB gzip of ~206 KB — measured by building the module with and without them. This
//! reader builds the same values from a small JSON tree with a handful of generic helpers. The
//! engine's types are built with struct literals, so a field added to them fails the build here;
//! the tests check that every jurisdiction's parameters read back equal to serde's reading.
//!
//! Accepted input is what the generator writes (`serde_json` output of `JurisdictionParams`), and
//! what serde would accept of it: unknown keys are errors, as with `deny_unknown_fields`.

use mingbai_calc::education::{Boarding, EducationParams, Item, Kind, Period, Requirement, Stage};
use mingbai_calc::medical::{
    AssistanceParams, Backstop, Band, BandsFrom, BasicParams, BasicPoor, FullAid, InpatientLevel,
    InpatientLevels, Level, LevelRule, MedicalParams, MinInpatientRatio, OopCap, OutpatientParams,
    Scope, SeriousParams, SeriousPoor, VisitKind,
};
use mingbai_calc::relocation::{
    BuildSubsidy, Caps, Condition, RelocationParams, Renovation, Reward,
};
use mingbai_calc::{Date, Dated, DibaoParams, Group, JurisdictionParams, Money, Rate, Status, P};
use serde::de::value::{Error as DeError, StrDeserializer};
use serde::de::{DeserializeOwned, IntoDeserializer};

// ---------------------------------------------------------------- a small JSON tree

#[derive(Debug, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    /// The number as written: amounts stay exact, never pass through a float.
    Num(String),
    Str(String),
    Arr(Vec<Json>),
    Obj(Vec<(String, Json)>),
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
}

/// Nesting deeper than this is not a parameter file (and would overflow the stack).
const MAX_DEPTH: usize = 64;

pub fn parse_json(text: &str) -> Result<Json, String> {
    let mut p = Parser {
        s: text.as_bytes(),
        i: 0,
    };
    let v = p.value(0)?;
    p.ws();
    if p.i != p.s.len() {
        return Err(p.err("多余的内容"));
    }
    Ok(v)
}

impl Parser<'_> {
    fn err(&self, what: &str) -> String {
        format!("JSON 第{}个字节处{what}", self.i + 1)
    }
    fn ws(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.s.get(self.i) {
            self.i += 1;
        }
    }
    fn eat(&mut self, b: u8) -> bool {
        self.ws();
        if self.s.get(self.i) == Some(&b) {
            self.i += 1;
            true
        } else {
            false
        }
    }
    fn word(&mut self, w: &str, v: Json) -> Result<Json, String> {
        if self.s.get(self.i..self.i + w.len()) == Some(w.as_bytes()) {
            self.i += w.len();
            Ok(v)
        } else {
            Err(self.err("不是有效的值"))
        }
    }
    fn value(&mut self, depth: usize) -> Result<Json, String> {
        if depth > MAX_DEPTH {
            return Err(self.err("嵌套过深"));
        }
        self.ws();
        match self.s.get(self.i) {
            Some(b'{') => {
                self.i += 1;
                let mut fields = Vec::new();
                if self.eat(b'}') {
                    return Ok(Json::Obj(fields));
                }
                loop {
                    self.ws();
                    let key = self.string()?;
                    if !self.eat(b':') {
                        return Err(self.err("缺少冒号"));
                    }
                    fields.push((key, self.value(depth + 1)?));
                    if self.eat(b',') {
                        continue;
                    }
                    if self.eat(b'}') {
                        return Ok(Json::Obj(fields));
                    }
                    return Err(self.err("缺少逗号或右花括号"));
                }
            }
            Some(b'[') => {
                self.i += 1;
                let mut items = Vec::new();
                if self.eat(b']') {
                    return Ok(Json::Arr(items));
                }
                loop {
                    items.push(self.value(depth + 1)?);
                    if self.eat(b',') {
                        continue;
                    }
                    if self.eat(b']') {
                        return Ok(Json::Arr(items));
                    }
                    return Err(self.err("缺少逗号或右方括号"));
                }
            }
            Some(b'"') => self.string().map(Json::Str),
            Some(b't') => self.word("true", Json::Bool(true)),
            Some(b'f') => self.word("false", Json::Bool(false)),
            Some(b'n') => self.word("null", Json::Null),
            Some(b'-' | b'0'..=b'9') => {
                let start = self.i;
                while let Some(b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9') = self.s.get(self.i)
                {
                    self.i += 1;
                }
                let text = std::str::from_utf8(self.s.get(start..self.i).unwrap_or_default())
                    .unwrap_or_default();
                Ok(Json::Num(text.to_string()))
            }
            _ => Err(self.err("不是有效的值")),
        }
    }
    fn hex4(&mut self) -> Result<u32, String> {
        let digits = self
            .s
            .get(self.i..self.i + 4)
            .ok_or_else(|| self.err("转义不完整"))?;
        let text = std::str::from_utf8(digits).map_err(|_| self.err("转义无效"))?;
        let n = u32::from_str_radix(text, 16).map_err(|_| self.err("转义无效"))?;
        self.i += 4;
        Ok(n)
    }
    fn string(&mut self) -> Result<String, String> {
        if self.s.get(self.i) != Some(&b'"') {
            return Err(self.err("应为字符串"));
        }
        self.i += 1;
        let mut out = String::new();
        loop {
            let start = self.i;
            while let Some(&b) = self.s.get(self.i) {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.i += 1;
            }
            // The input is a &str and the stop bytes are ASCII, so the run is valid UTF-8.
            out.push_str(
                std::str::from_utf8(self.s.get(start..self.i).unwrap_or_default())
                    .unwrap_or_default(),
            );
            match self.s.get(self.i) {
                Some(b'"') => {
                    self.i += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.i += 1;
                    let c = *self.s.get(self.i).ok_or_else(|| self.err("转义不完整"))?;
                    self.i += 1;
                    let ch = match c {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            let hi = self.hex4()?;
                            let code = if (0xD800..0xDC00).contains(&hi) {
                                if self.s.get(self.i..self.i + 2) != Some(b"\\u") {
                                    return Err(self.err("代理对不完整"));
                                }
                                self.i += 2;
                                let lo = self.hex4()?;
                                if !(0xDC00..0xE000).contains(&lo) {
                                    return Err(self.err("代理对无效"));
                                }
                                0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                            } else {
                                hi
                            };
                            char::from_u32(code).ok_or_else(|| self.err("转义无效"))?
                        }
                        _ => return Err(self.err("转义无效")),
                    };
                    out.push(ch);
                }
                _ => return Err(self.err("字符串未结束")),
            }
        }
    }
}

// ---------------------------------------------------------------- from the tree to the engine's types

type R<T> = Result<T, String>;

fn fail<T>(path: &str, what: &str) -> R<T> {
    Err(format!("{path}：{what}"))
}

/// An object's fields, with the path for messages.
struct Obj<'a> {
    fields: &'a [(String, Json)],
    path: &'a str,
}

impl<'a> Obj<'a> {
    fn new(j: &'a Json, path: &'a str, keys: &[&str]) -> R<Obj<'a>> {
        let Json::Obj(fields) = j else {
            return fail(path, "应为对象");
        };
        if let Some((k, _)) = fields.iter().find(|(k, _)| !keys.contains(&k.as_str())) {
            return fail(path, &format!("未知的键“{k}”"));
        }
        Ok(Obj { fields, path })
    }
    fn get(&self, key: &str) -> Option<&'a Json> {
        self.fields
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
            .filter(|v| **v != Json::Null)
    }
    fn req<T: FromJson>(&self, key: &str) -> R<T> {
        let path = format!("{}.{key}", self.path);
        match self.get(key) {
            Some(v) => T::from_json(v, &path),
            None => fail(&path, "缺少"),
        }
    }
    fn opt<T: FromJson>(&self, key: &str) -> R<Option<T>> {
        self.get(key)
            .map(|v| T::from_json(v, &format!("{}.{key}", self.path)))
            .transpose()
    }
    fn or_default<T: FromJson + Default>(&self, key: &str) -> R<T> {
        Ok(self.opt(key)?.unwrap_or_default())
    }
    fn if_any<T: FromJson + Default>(&self, key: &str) -> R<T> {
        self.or_default(key)
    }
}

trait FromJson: Sized {
    fn from_json(j: &Json, path: &str) -> R<Self>;
}

fn text<'a>(j: &'a Json, path: &str) -> R<&'a str> {
    match j {
        Json::Str(s) => Ok(s),
        _ => fail(path, "应为字符串"),
    }
}

impl FromJson for String {
    fn from_json(j: &Json, path: &str) -> R<Self> {
        text(j, path).map(str::to_string)
    }
}

impl FromJson for bool {
    fn from_json(j: &Json, path: &str) -> R<Self> {
        match j {
            Json::Bool(b) => Ok(*b),
            _ => fail(path, "应为 true 或 false"),
        }
    }
}

impl FromJson for u32 {
    fn from_json(j: &Json, path: &str) -> R<Self> {
        match j {
            Json::Num(n) => n.parse().or_else(|_| fail(path, "应为非负整数")),
            _ => fail(path, "应为整数"),
        }
    }
}

impl FromJson for Money {
    /// Yuan, as an integer or a string with at most two decimals (as serde reads `Money`).
    fn from_json(j: &Json, path: &str) -> R<Self> {
        match j {
            Json::Num(n) => match n.parse::<i64>() {
                Ok(y) if y.unsigned_abs() <= 1_000_000_000_000 => Ok(Money::yuan(y)),
                _ => fail(path, &format!("“{n}”不是整数金额")),
            },
            Json::Str(s) => Money::parse(s).or_else(|e| fail(path, &e)),
            _ => fail(path, "应为金额"),
        }
    }
}

impl FromJson for Rate {
    /// A string ("0.80", "80%"), or the integers 0 and 1 (as serde reads `Rate`).
    fn from_json(j: &Json, path: &str) -> R<Self> {
        match j {
            Json::Num(n) if n == "0" => Ok(Rate::ZERO),
            Json::Num(n) if n == "1" => Ok(Rate::ONE),
            _ => Rate::parse(text(j, path)?).or_else(|e| fail(path, &e)),
        }
    }
}

impl FromJson for Date {
    fn from_json(j: &Json, path: &str) -> R<Self> {
        Date::parse(text(j, path)?).or_else(|e| fail(path, &e))
    }
}

/// Unit enums named by a string (`"jiandang"`, `"S"`): read with the engine's own deserializer,
/// which is small for unit enums.
fn named<T: DeserializeOwned>(j: &Json, path: &str) -> R<T> {
    let s = text(j, path)?;
    let d: StrDeserializer<'_, DeError> = s.into_deserializer();
    T::deserialize(d).or_else(|_| fail(path, &format!("未知的取值“{s}”")))
}

macro_rules! named {
    ($($t:ty),*) => {$(
        impl FromJson for $t {
            fn from_json(j: &Json, path: &str) -> R<Self> {
                named(j, path)
            }
        }
    )*};
}

named!(
    Status,
    Group,
    LevelRule,
    Level,
    VisitKind,
    BandsFrom,
    Condition,
    Stage,
    Boarding,
    Kind,
    Period,
    Requirement
);

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(j: &Json, path: &str) -> R<Self> {
        let Json::Arr(items) = j else {
            return fail(path, "应为数组");
        };
        items
            .iter()
            .enumerate()
            .map(|(i, v)| T::from_json(v, &format!("{path}[{i}]")))
            .collect()
    }
}

impl<T: FromJson> FromJson for P<T> {
    fn from_json(j: &Json, path: &str) -> R<Self> {
        let o = Obj::new(j, path, &["v", "s", "src", "doc"])?;
        Ok(P {
            v: o.req("v")?,
            s: o.req("s")?,
            src: o.opt("src")?,
            doc: o.opt("doc")?,
        })
    }
}

macro_rules! object {
    ($t:ty, [$($key:literal),* $(,)?], |$o:ident| $body:expr) => {
        impl FromJson for $t {
            fn from_json(j: &Json, path: &str) -> R<Self> {
                let $o = Obj::new(j, path, &[$($key),*])?;
                Ok($body)
            }
        }
    };
}

object!(Scope, ["kinds", "levels"], |o| Scope {
    kinds: o.req("kinds")?,
    levels: o.req("levels")?
});
/// The parameter tables' readers, from the engine's one declaration of them: a key added there
/// is read here without a change.
macro_rules! reader {
    ($(
        $(#[$m:meta])*
        table $name:ident $(at $at:literal)? {
            $( $(#[$fm:meta])* $key:ident : $mode:ident $ty:ty $(=> $label:expr, $kind:ident $(($unit:literal))?)? ),* $(,)?
        }
    )*) => {$(
        impl FromJson for $name {
            fn from_json(j: &Json, path: &str) -> R<Self> {
                let o = Obj::new(j, path, &[$(stringify!($key)),*])?;
                Ok($name { $($key: o.$mode(stringify!($key))?),* })
            }
        }
    )*};
}

mingbai_calc::medical_tables!(reader);
mingbai_calc::relocation_tables!(reader);
mingbai_calc::education_tables!(reader);
mingbai_calc::dibao_tables!(reader);

impl<T: FromJson> FromJson for Dated<T> {
    fn from_json(j: &Json, path: &str) -> R<Self> {
        let o = Obj::new(j, path, &["from", "to", "params"])?;
        Ok(Dated {
            from: o.req("from")?,
            to: o.opt("to")?,
            params: o.req("params")?,
        })
    }
}

/// The parameters embedded in a page.
pub fn read_params(text: &str) -> R<JurisdictionParams> {
    let json = parse_json(text)?;
    let o = Obj::new(
        &json,
        "参数",
        &["id", "name", "medical", "relocation", "education", "dibao"],
    )?;
    Ok(JurisdictionParams {
        id: o.req("id")?,
        name: o.req("name")?,
        medical: o.or_default("medical")?,
        relocation: o.or_default("relocation")?,
        education: o.or_default("education")?,
        dibao: o.or_default("dibao")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    /// Every jurisdiction's real parameters, as the generator embeds them, read back equal to
    /// serde's reading.
    #[test]
    fn reads_what_serde_reads_for_every_jurisdiction() {
        let content =
            mingbai_content::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content"))
                .unwrap();
        assert!(
            content.params.len() >= 3,
            "too few jurisdictions with parameters"
        );
        for (id, params) in &content.params {
            // As the generator writes it into the page (views.rs script_json).
            let json = serde_json::to_string(params)
                .unwrap()
                .replace('<', "\\u003c")
                .replace('>', "\\u003e")
                .replace('&', "\\u0026");
            let serde_reading: JurisdictionParams = serde_json::from_str(&json).unwrap();
            assert_eq!(&serde_reading, params);
            assert_eq!(
                read_params(&json).unwrap_or_else(|e| panic!("{id}: {e}")),
                serde_reading,
                "{id}"
            );
        }
    }

    #[test]
    fn json_edge_cases() {
        assert_eq!(
            parse_json(r#" {"a" : [1, -2.5e3, "x\u00e9\ud83d\ude00\n", true, null, {}]} "#)
                .unwrap(),
            Json::Obj(vec![(
                "a".into(),
                Json::Arr(vec![
                    Json::Num("1".into()),
                    Json::Num("-2.5e3".into()),
                    Json::Str("xé😀\n".into()),
                    Json::Bool(true),
                    Json::Null,
                    Json::Obj(vec![])
                ])
            )])
        );
        for bad in [
            "",
            "{",
            "[1,]",
            r#"{"a" 1}"#,
            r#""\ud800""#,
            r#""\x""#,
            "tru",
            "[1] 2",
            "\"a",
        ] {
            assert!(parse_json(bad).is_err(), "{bad:?} accepted");
        }
        let deep = "[".repeat(1000) + &"]".repeat(1000);
        assert!(parse_json(&deep).unwrap_err().contains("嵌套过深"));
    }

    #[test]
    fn wrong_parameters_are_refused_with_their_path() {
        let good = r#"{"id":"x","name":"X","dibao":[{"from":"2016-01-01","params":{"standard":{"v":2900,"s":"S"},
            "taper_months":{"v":12,"s":"S"},"taper_months_disabled":{"v":18,"s":"S"},
            "tekun_dispersed":{"v":"4000.50","s":"S"},"tekun_centralized":{"v":6000,"s":"A","doc":"d"}}}]}"#;
        let p = read_params(good).unwrap();
        assert_eq!(p.dibao[0].params.tekun_dispersed.v, Money::from_fen(400050));
        assert_eq!(
            p.dibao[0].params.tekun_centralized.doc.as_deref(),
            Some("d")
        );
        for (bad, path) in [
            (
                good.replace("\"S\"}", "\"Q\"}"),
                "参数.dibao[0].params.standard.s",
            ),
            (
                good.replace("2900", "\"29x\""),
                "参数.dibao[0].params.standard.v",
            ),
            (
                good.replace("\"taper_months\"", "\"taper_month\""),
                "参数.dibao[0].params",
            ),
            (
                good.replace("2016-01-01", "2016-02-30"),
                "参数.dibao[0].from",
            ),
            (
                good.replace("{\"v\":12", "{\"v\":-12"),
                "参数.dibao[0].params.taper_months.v",
            ),
        ] {
            let e = read_params(&bad).unwrap_err();
            assert!(e.starts_with(path), "{e}");
        }
    }
}
