//! A filled-in form as a short text: the link that reopens a calculation (in the URL fragment,
//! `#v1=…`, which a browser never sends to a server) and the copy kept on the phone
//! (localStorage) so a reload loses nothing.
//!
//! Version 1, before base64url (no padding): four header lines — jurisdiction, tab, the visit
//! count of each person (comma-separated), the number of children — then one line per field,
//! `N\tSUFFIX\tVALUE`, where the path is the previous one's first N bytes followed by SUFFIX (the
//! paths are sorted, so most share a long prefix). A new format gets a new version number; an old
//! page meeting a newer link, or a link too damaged to read, says so instead of guessing.

use crate::form::Form;
use std::collections::BTreeMap;

pub const VERSION: u32 = 1;

/// The longest link text read: far above a full form (30 visits × 10 persons), far below what
/// would slow a phone.
const MAX_TEXT: usize = 256 * 1024;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Saved {
    pub jurisdiction: String,
    /// The tab open when it was saved (`medical`, …, `summary`); empty on a one-calculator page.
    pub tab: String,
    pub form: Form,
}

/// Whether a path names a person (names are left out of a shared link unless asked for).
pub fn is_name(path: &str) -> bool {
    path.ends_with(".name")
}

/// The fragment text (without `#`) for `saved`; names kept only with `with_names`.
pub fn encode(saved: &Saved, with_names: bool) -> String {
    let clean = |s: &str| s.replace(['\t', '\n', '\r'], " ");
    let (persons, children) = saved.form.counts();
    let mut text = format!(
        "{}\n{}\n{}\n{}\n",
        clean(&saved.jurisdiction),
        clean(&saved.tab),
        persons
            .iter()
            .map(usize::to_string)
            .collect::<Vec<_>>()
            .join(","),
        children
    );
    let mut previous = "";
    for (path, value) in saved.form.values() {
        let shared = previous
            .bytes()
            .zip(path.bytes())
            .take_while(|(a, b)| a == b)
            .count();
        let value = if !with_names && is_name(path) {
            String::new()
        } else {
            clean(value)
        };
        text.push_str(&format!(
            "{shared}\t{}\t{value}\n",
            path.get(shared..).unwrap_or_default()
        ));
        previous = path;
    }
    format!("v{VERSION}={}", base64url(text.as_bytes()))
}

/// What a fragment holds: nothing of ours (an anchor such as `#calc-medical`), a form, or a
/// reason in Chinese why the link cannot be opened.
#[derive(Debug, PartialEq, Eq)]
pub enum Opened {
    None,
    Form(Box<Saved>),
    Refused(String),
}

const DAMAGED: &str = "这个链接不完整或已损坏，无法恢复所填内容。请让对方重新发一次链接。";

pub fn decode(fragment: &str) -> Opened {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    let Some((tag, data)) = fragment.split_once('=') else {
        return Opened::None;
    };
    let Some(version) = tag
        .strip_prefix('v')
        .filter(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
    else {
        return Opened::None;
    };
    match version.parse::<u32>() {
        Ok(VERSION) => {}
        Ok(v) if v > VERSION => {
            return Opened::Refused(format!(
                "这个链接是用更新版本的计算器保存的（格式第{v}版），本页只认第{VERSION}版，无法打开。请刷新页面（联网后）再打开这个链接。"
            ))
        }
        _ => {
            return Opened::Refused(format!(
                "这个链接的格式（第{version}版）已经不再使用，无法打开。请重新填写，再保存新的链接。"
            ))
        }
    }
    match read(data) {
        Some(saved) => Opened::Form(Box::new(saved)),
        None => Opened::Refused(DAMAGED.to_string()),
    }
}

fn read(data: &str) -> Option<Saved> {
    if data.len() > MAX_TEXT {
        return None;
    }
    let text = String::from_utf8(unbase64url(data)?).ok()?;
    let mut lines = text.split('\n');
    let jurisdiction = lines.next()?.to_string();
    let tab = lines.next()?.to_string();
    let persons: Vec<usize> = match lines.next()? {
        "" => Vec::new(),
        l => l
            .split(',')
            .map(|n| n.parse().ok())
            .collect::<Option<_>>()?,
    };
    let children: usize = lines.next()?.parse().ok()?;
    let mut values = BTreeMap::new();
    let mut previous = String::new();
    for line in lines {
        if line.is_empty() {
            continue;
        }
        let mut parts = line.splitn(3, '\t');
        let shared: usize = parts.next()?.parse().ok()?;
        let suffix = parts.next()?;
        let value = parts.next()?;
        let path = format!("{}{suffix}", previous.get(..shared)?);
        let plain = path
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"_.[]".contains(&b));
        if path.is_empty() || !plain {
            return None;
        }
        values.insert(path.clone(), value.to_string());
        previous = path;
    }
    Some(Saved {
        jurisdiction,
        tab,
        form: Form::from_parts(values, persons, children)?,
    })
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

fn base64url(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk.first().copied().unwrap_or(0),
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..=chunk.len() {
            let six = (n >> (18 - 6 * i)) & 63;
            out.push(char::from(ALPHABET[six as usize]));
        }
    }
    out
}

fn unbase64url(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut n: u32 = 0;
    let mut bits = 0;
    for c in text.bytes() {
        let v = ALPHABET.iter().position(|a| *a == c)?;
        n = (n << 6) | v as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((n >> bits) as u8);
            n &= (1 << bits) - 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::form::List;

    fn sample() -> Saved {
        let mut f = Form::default();
        f.set("as_of", "2019-09-01");
        f.set("household.size", "5");
        for i in 0..2 {
            let p = f.push(List::Persons).unwrap();
            f.set(format!("{p}.name"), format!("张三\t{i}"));
            f.set(format!("{p}.age"), "67");
            for _ in 0..5 {
                let v = f.push(List::Visits(i)).unwrap();
                f.set(format!("{v}.total"), "1234.5");
                f.set(format!("{v}.compliant"), "");
            }
        }
        f.push(List::Children);
        Saved {
            jurisdiction: "daixian".into(),
            tab: "summary".into(),
            form: f,
        }
    }

    #[test]
    fn a_form_comes_back_whole_with_names_when_asked() {
        let s = sample();
        let link = encode(&s, true);
        assert!(link.starts_with("v1="), "{link}");
        assert!(link
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_=".contains(&b)));
        let Opened::Form(back) = decode(&format!("#{link}")) else {
            panic!("{link}")
        };
        assert_eq!(back.jurisdiction, "daixian");
        assert_eq!(back.tab, "summary");
        assert_eq!(back.form.counts(), (&[5usize, 5][..], 1));
        assert_eq!(back.form.get("medical.persons[0].name"), "张三 0");
        assert_eq!(
            back.form.get("medical.persons[1].visits[4].total"),
            "1234.5"
        );
        assert!(back.form.has("medical.persons[1].visits[4].compliant"));
        let mut expected = s.form.clone();
        for i in 0..2 {
            expected.set(format!("medical.persons[{i}].name"), format!("张三 {i}"));
        }
        assert_eq!(back.form, expected);
    }

    #[test]
    fn names_stay_out_unless_ticked() {
        let Opened::Form(back) = decode(&encode(&sample(), false)) else {
            panic!()
        };
        assert_eq!(back.form.get("medical.persons[0].name"), "");
        assert!(back.form.has("medical.persons[0].name"));
        assert_eq!(back.form.get("medical.persons[0].age"), "67");
    }

    #[test]
    fn other_fragments_and_versions() {
        assert_eq!(decode("#calc-medical"), Opened::None);
        assert_eq!(decode(""), Opened::None);
        assert_eq!(decode("#x=1"), Opened::None);
        let Opened::Refused(newer) = decode("#v2=AAAA") else {
            panic!()
        };
        assert!(newer.contains("第2版"), "{newer}");
        let Opened::Refused(older) = decode("#v0=AAAA") else {
            panic!()
        };
        assert!(older.contains("不再使用"), "{older}");
        for bad in ["#v1=", "#v1=!!!", "#v1=5Lit5paH", "#v1=YQpiCgoxCjk5OQ"] {
            assert_eq!(decode(bad), Opened::Refused(DAMAGED.into()), "{bad}");
        }
    }

    #[test]
    fn base64url_round_trips_every_length() {
        for n in 0..20u8 {
            let bytes: Vec<u8> = (0..n)
                .map(|i| i.wrapping_mul(37).wrapping_add(200))
                .collect();
            assert_eq!(unbase64url(&base64url(&bytes)).unwrap(), bytes);
        }
        assert_eq!(base64url(b"\xfb\xff"), "-_8");
    }
}
