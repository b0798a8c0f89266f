//! Cards that agree with the engine: every `tests/golden/cards/*.toml` names a policy document, one
//! or more calculator cases, and claims — a piece of text the card really prints and the figure the
//! engine must compute for it. A claim fails when the card no longer says it (a figure changed, the
//! sentence was edited) or when the engine computes something else, so the card and the calculator
//! cannot drift apart unnoticed. The format is described in `content/README.md`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use mingbai_content::{resolve_figure, split_shortcodes, Content, Document, Piece};
use serde::Deserialize;
use serde_json::Value;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CardFile {
    /// `<jurisdiction>/<slug>`
    card: String,
    #[serde(rename = "case")]
    cases: Vec<CardCase>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CardCase {
    /// What the case is, in a few words (for the failure message).
    about: String,
    /// The case, exactly the JSON `mingbai calc` reads.
    json: String,
    /// A case outside the card's clause (a household it does not cover, for contrast; its claims
    /// say what the card does not pay): the result need not use the card's figures. Every other
    /// case must, so that a claim cannot pass on figures from elsewhere.
    #[serde(default)]
    outside: bool,
    #[serde(rename = "claim")]
    claims: Vec<Claim>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Claim {
    /// Text the card prints (title, summary, who qualifies, how to apply or body, with every
    /// `{{ param() }}` replaced by the figure as printed); spaces and `**` do not count.
    text: String,
    /// Where the engine's figure is in the result (`mingbai calc --json`), e.g.
    /// `medical.persons[0].cap_fund`.
    field: String,
    /// The figure: money compares as an amount (`2200` = `2200.00`), anything else as text;
    /// `absent` says the engine must not give it at all (an item the card's clause excludes).
    value: String,
}

fn load_content() -> Content {
    match mingbai_content::load(&repo().join("content")) {
        Ok(c) => c,
        Err(e) => panic!("content does not load:\n{e}"),
    }
}

/// Everything the card prints in words, figures substituted as printed, without spaces and `**`.
fn card_text(docs: &[&Document], d: &Document) -> String {
    let mut out = String::new();
    let parts = [
        (d.title.as_str(), 0),
        (d.summary.as_str(), 0),
        (d.how_to_apply.as_str(), 0),
        (d.body.as_str(), d.body_line),
    ];
    let eligibility = d.eligibility.join("\n");
    for (text, line) in parts
        .into_iter()
        .chain(std::iter::once((eligibility.as_str(), 0)))
    {
        let pieces = split_shortcodes(text, line, &d.file, |p| {
            resolve_figure(docs, d, p).is_some()
        })
        .unwrap_or_else(|e| panic!("{}: {e}", d.file.display()));
        for piece in pieces {
            match piece {
                Piece::Text(t) => out.push_str(t),
                Piece::Param { path, .. } => out.push_str(
                    &resolve_figure(docs, d, path)
                        .map(|f| f.value.clone())
                        .unwrap(),
                ),
            }
        }
        out.push('\n');
    }
    normalize(&out)
}

fn normalize(s: &str) -> String {
    s.replace("**", "")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// `a.b[0].c` or `a.items[id=x].amount` in a JSON value.
fn at<'a>(v: &'a Value, path: &str) -> Option<&'a Value> {
    let mut cur = v;
    for part in path.split('.') {
        let (key, rest) = part.split_once('[').unwrap_or((part, ""));
        if !key.is_empty() {
            cur = cur.get(key)?;
        }
        for idx in rest.split('[').filter(|s| !s.is_empty()) {
            let idx = idx.strip_suffix(']')?;
            cur = match idx.split_once('=') {
                // `items[id=senior-grant]`: the entry whose `id` is that, wherever it is listed.
                Some((k, want)) => cur
                    .as_array()?
                    .iter()
                    .find(|e| e.get(k).and_then(Value::as_str) == Some(want))?,
                None => cur.get(idx.parse::<usize>().ok()?)?,
            };
        }
    }
    Some(cur)
}

/// An amount in 分, when `s` reads as one (`2200`, `2200.00`, `-3.5`).
fn cents(s: &str) -> Option<i64> {
    let (neg, s) = s.strip_prefix('-').map_or((false, s), |r| (true, r));
    let (whole, frac) = s.split_once('.').unwrap_or((s, ""));
    if whole.is_empty()
        || frac.len() > 2
        || !(whole.chars().chain(frac.chars())).all(|c| c.is_ascii_digit())
    {
        return None;
    }
    let frac = format!("{frac:0<2}");
    let v = whole.parse::<i64>().ok()? * 100 + frac.parse::<i64>().ok()?;
    Some(if neg { -v } else { v })
}

fn same(got: &Value, want: &str) -> bool {
    let got = match got {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    match (cents(&got), cents(want)) {
        (Some(a), Some(b)) => a == b,
        _ => got == want,
    }
}

/// Whether the result draws on the card: a figure of it in a trace, or one of its education items.
fn cites(result: &Value, d: &Document) -> bool {
    fn walk(v: &Value, slug: &str, ids: &BTreeSet<String>) -> bool {
        match v {
            Value::Object(m) => {
                m.get("doc").and_then(Value::as_str) == Some(slug)
                    || m.get("id")
                        .and_then(Value::as_str)
                        .is_some_and(|id| ids.contains(id))
                    || m.values().any(|x| walk(x, slug, ids))
            }
            Value::Array(a) => a.iter().any(|x| walk(x, slug, ids)),
            _ => false,
        }
    }
    let ids: BTreeSet<String> = d
        .params
        .values()
        .filter_map(|m| m.get("items"))
        .filter_map(Value::as_array)
        .flatten()
        .filter_map(|i| i.get("id").and_then(Value::as_str))
        .map(String::from)
        .collect();
    walk(result, &d.slug, &ids)
}

fn card_files() -> Vec<PathBuf> {
    let dir = repo().join("tests/golden/cards");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    files
}

fn read_card_file(file: &Path) -> CardFile {
    let text = std::fs::read_to_string(file).unwrap();
    toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()))
}

#[test]
fn cards_say_what_the_engine_computes() {
    let content = load_content();
    let mut failures = Vec::new();
    for file in card_files() {
        let name = file.file_name().unwrap().to_string_lossy().to_string();
        let cf = read_card_file(&file);
        let Some((jid, slug)) = cf.card.split_once('/') else {
            failures.push(format!(
                "{name}: card = \"{}\" is not <jurisdiction>/<slug>",
                cf.card
            ));
            continue;
        };
        // A county's card is the one in force there, written by the county or inherited.
        let docs = content
            .jurisdiction(jid)
            .map(|j| content.docs_for(j))
            .unwrap_or_default();
        let Some(d) = docs.iter().copied().find(|d| d.slug == slug) else {
            failures.push(format!("{name}: no card {}", cf.card));
            continue;
        };
        let text = card_text(&docs, d);
        if cf.cases.is_empty() {
            failures.push(format!("{name}: no [[case]]"));
        }
        for (i, c) in cf.cases.iter().enumerate() {
            let at_case = format!("{name} case {} “{}”", i + 1, c.about);
            let case: mingbai_calc::Case = match serde_json::from_str(&c.json) {
                Ok(x) => x,
                Err(e) => {
                    failures.push(format!("{at_case}: json: {e}"));
                    continue;
                }
            };
            if case.jurisdiction != jid {
                failures.push(format!("{at_case}: the case is for {}", case.jurisdiction));
                continue;
            }
            if !c.outside && !d.in_force(case.as_of) {
                failures.push(format!(
                    "{at_case}: the card is not in force on {}",
                    case.as_of
                ));
            }
            let Some(params) = content.params.get(jid) else {
                failures.push(format!("{at_case}: {jid} has no calculator parameters"));
                continue;
            };
            let result = match mingbai_calc::compute(&case, params) {
                Ok(s) => serde_json::to_value(&s).unwrap(),
                Err(e) => {
                    failures.push(format!(
                        "{at_case}: the engine refuses it: {} {}",
                        e.field, e.zh
                    ));
                    continue;
                }
            };
            if !c.outside && !cites(&result, d) {
                failures.push(format!(
                    "{at_case}: the result uses no figure or item of {} (a contrast case says outside = true)",
                    cf.card
                ));
            }
            if c.claims.is_empty() {
                failures.push(format!("{at_case}: no [[case.claim]]"));
            }
            for claim in &c.claims {
                if !text.contains(&normalize(&claim.text)) {
                    failures.push(format!("{at_case}: the card does not say “{}”", claim.text));
                }
                match at(&result, &claim.field) {
                    None if claim.value == "absent" => {}
                    Some(got) if same(got, &claim.value) => {}
                    Some(got) => failures.push(format!(
                        "{at_case}: “{}”: the card says {}, the engine computes {} = {got}",
                        claim.text, claim.value, claim.field
                    )),
                    None => failures.push(format!(
                        "{at_case}: “{}”: no field {} in the result",
                        claim.text, claim.field
                    )),
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "cards and engine disagree:\n{}",
        failures.join("\n")
    );
}

#[test]
fn every_calculator_card_has_a_golden_case() {
    let content = load_content();
    let covered: BTreeSet<String> = card_files()
        .iter()
        .map(|f| read_card_file(f).card)
        .collect();
    let missing: Vec<String> = content
        .jurisdictions
        .iter()
        .flat_map(|j| {
            j.docs
                .iter()
                .filter(|d| d.calculators().any(|c| j.calculators.contains(&c)))
                .map(|d| format!("{}/{}", j.id, d.slug))
        })
        .filter(|card| !covered.contains(card))
        .collect();
    assert!(
        missing.is_empty(),
        "calculator cards without tests/golden/cards/*.toml:\n{}",
        missing.join("\n")
    );
}

#[test]
fn amounts_compare_as_amounts() {
    assert!(same(&Value::String("2200.00".into()), "2200"));
    assert!(same(&Value::String("0.50".into()), "0.5"));
    assert!(!same(&Value::String("2200.01".into()), "2200"));
    assert!(same(&Value::String("waiver".into()), "waiver"));
    assert!(!same(&Value::String("waiver".into()), "grant"));
    assert_eq!(normalize("超出的 **2200** 元"), "超出的2200元");
}
