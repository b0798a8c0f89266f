//! Golden pictures: for every golden calc case (`tests/golden/calc/NAME.case.json`) the engine's
//! result against the real `content/`, drawn, must equal `tests/golden/charts/NAME-PICTURE.svg`
//! (`UPDATE_GOLDEN=1` rewrites them; review the diff). Each picture is also read back: its parts
//! must add up to the totals the engine reports, every part is labelled, every SVG has its title
//! and description. A property test does the same for random households.

use mingbai_calc::{compute, Case, JurisdictionParams, Money, Summary};
use mingbai_chart::{pictures, Picture};
use proptest::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn content() -> &'static mingbai_content::Content {
    static C: OnceLock<mingbai_content::Content> = OnceLock::new();
    C.get_or_init(|| mingbai_content::load(&repo().join("content")).unwrap())
}

// ---------------------------------------------------------------- a tiny reader of our own SVG

/// Every start tag `<name …>` of the text, as its attribute text.
fn tags<'a>(svg: &'a str, name: &str) -> Vec<&'a str> {
    let open = format!("<{name} ");
    svg.match_indices(&open)
        .map(|(i, _)| {
            let rest = &svg[i + open.len()..];
            &rest[..rest.find('>').unwrap()]
        })
        .collect()
}

fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!("{name}=\"");
    let at = tag
        .match_indices(&key)
        .map(|(i, _)| i)
        .find(|&i| i == 0 || tag[..i].ends_with(' '))?;
    let rest = &tag[at + key.len()..];
    Some(&rest[..rest.find('"')?])
}

fn fen(tag: &str, name: &str) -> i64 {
    attr(tag, name)
        .unwrap_or_else(|| panic!("no {name} in {tag}"))
        .parse()
        .unwrap()
}

fn num(tag: &str, name: &str) -> f64 {
    attr(tag, name).unwrap().parse().unwrap()
}

/// The text drawn, line by line.
fn texts(svg: &str) -> Vec<String> {
    svg.split("<text ")
        .skip(1)
        .map(|t| {
            let body = &t[t.find('>').unwrap() + 1..t.find("</text>").unwrap()];
            body.replace("&amp;", "&")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
        })
        .collect()
}

/// The pieces between `<g class="CLASS"` and the `</g>` closing it (groups of one class do not nest).
fn groups<'a>(svg: &'a str, class: &str) -> Vec<(&'a str, &'a str)> {
    let open = format!("<g class=\"{class}\"");
    svg.match_indices(&open)
        .map(|(i, _)| {
            let rest = &svg[i..];
            let head_end = rest.find('>').unwrap();
            let mut depth = 0;
            let mut end = rest.len();
            for (j, _) in rest.match_indices('<') {
                if rest[j..].starts_with("<g ") || rest[j..].starts_with("<g>") {
                    depth += 1;
                } else if rest[j..].starts_with("</g>") {
                    depth -= 1;
                    if depth == 0 {
                        end = j;
                        break;
                    }
                }
            }
            (&rest[..head_end], &rest[head_end..end])
        })
        .collect()
}

fn svg_of(p: &Picture) -> &str {
    let start = p.html.find("<svg").unwrap();
    let end = p.html.find("</svg>").unwrap() + "</svg>".len();
    &p.html[start..end]
}

/// The bars of a picture: (total, parts, widths); checks parts add up to the total, no width is
/// negative and the widths add up to the bar.
fn bars(svg: &str, what: &str) -> Vec<(i64, Vec<(i64, bool)>)> {
    groups(svg, "mb-bar")
        .into_iter()
        .map(|(head, body)| {
            let total = fen(head, "data-total-fen");
            let segs: Vec<&str> = tags(body, "rect")
                .into_iter()
                .filter(|t| t.contains("class=\"mb-seg\""))
                .collect();
            let parts: Vec<(i64, bool)> = segs
                .iter()
                .map(|t| (fen(t, "data-fen"), t.contains("data-own=\"1\"")))
                .collect();
            assert_eq!(
                parts.iter().map(|p| p.0).sum::<i64>(),
                total,
                "{what}: parts add up to the bar's total"
            );
            let mut widths = 0.0;
            for t in &segs {
                let w = num(t, "width");
                assert!(w >= 0.0 && w.is_finite(), "{what}: width {w}");
                assert!(fen(t, "data-fen") >= 0, "{what}: negative part");
                widths += w;
            }
            if total > 0 {
                assert!((widths - 298.0).abs() < 0.1, "{what}: widths {widths}");
            }
            (total, parts)
        })
        .collect()
}

/// What every picture keeps: title and description named by the SVG, Chinese text only, a viewBox
/// 300 wide, labels for every non-zero part.
fn common(p: &Picture, what: &str) {
    let svg = svg_of(p);
    let head = tags(svg, "svg")[0];
    assert_eq!(attr(head, "role"), Some("img"), "{what}");
    assert!(
        attr(head, "viewBox").unwrap().starts_with("0 0 300 "),
        "{what}"
    );
    let t = attr(head, "aria-labelledby").unwrap();
    let d = attr(head, "aria-describedby").unwrap();
    assert!(
        svg.contains(&format!("<title id=\"{t}\">")),
        "{what}: title"
    );
    assert!(svg.contains(&format!("<desc id=\"{d}\">")), "{what}: desc");
    let desc = &svg[svg.find("<desc").unwrap()..svg.find("</desc>").unwrap()];
    assert!(
        desc.ends_with('。'),
        "{what}: the description is a sentence"
    );
    let drawn = texts(svg);
    for line in &drawn {
        assert!(
            // A policy's own name may hold a letter (二本B类); a word of two is English or code.
            !line
                .as_bytes()
                .windows(2)
                .any(|w| w.iter().all(u8::is_ascii_alphabetic)),
            "{what}: no English or code on a picture: {line}"
        );
    }
    let all: String = drawn.concat();
    for (_, body) in groups(svg, "mb-bar") {
        for r in tags(body, "rect")
            .into_iter()
            .filter(|t| t.contains("mb-seg"))
        {
            let f = fen(r, "data-fen");
            if f > 0 {
                let label = Money::from_fen(f).zh();
                assert!(all.contains(&label), "{what}: part {label} labelled");
            }
        }
    }
    assert!(
        p.html.contains("<table>") && p.html.contains("<caption>"),
        "{what}: table"
    );
}

/// Reads the pictures back against the engine's figures.
fn check(summary: &Summary, pics: &[Picture], what: &str) {
    for p in pics {
        common(p, what);
    }
    let of = |key: &'static str| pics.iter().filter(move |p| p.calculator.key() == key);
    if let Some(m) = &summary.medical {
        let p = of("medical").next().expect("a medical picture");
        let bars = bars(svg_of(p), what);
        let expected = m.persons.len() + usize::from(m.persons.len() > 1);
        assert_eq!(
            bars.len(),
            expected,
            "{what}: one bar per person and the household"
        );
        for (person, (total, parts)) in m.persons.iter().zip(&bars) {
            assert_eq!(*total, person.total.fen(), "{what}: {}'s bill", person.name);
            let own: i64 = parts.iter().filter(|p| p.1).map(|p| p.0).sum();
            assert_eq!(own, person.patient_total.fen(), "{what}: the patient's own");
            assert_eq!(*total - own, person.fund_total.fen(), "{what}: the funds");
        }
        if m.persons.len() > 1 {
            let (total, parts) = bars.last().unwrap();
            let own: i64 = parts.iter().filter(|p| p.1).map(|p| p.0).sum();
            assert_eq!(own, m.patient_total.fen(), "{what}: the household pays");
            assert_eq!(
                *total - own,
                m.fund_total.fen(),
                "{what}: funds for the household"
            );
        }
    }
    if let Some(r) = &summary.relocation {
        let p = of("relocation").next().expect("a housing picture");
        let svg = svg_of(p);
        let bars = bars(svg, what);
        let (total, parts) = &bars[0];
        assert_eq!(parts[0].0, r.paid_now.fen(), "{what}: paid now");
        match r.household_pays {
            Some(pays) => assert_eq!(*total, r.paid_now.plus(pays).fen(), "{what}"),
            None => assert_eq!(*total, r.paid_now.plus(r.to_come).fen(), "{what}"),
        }
        if let (Some(pays), Some(cap)) = (r.household_pays, r.self_funding_cap) {
            let (head, _) = groups(svg, "mb-cap")[0];
            assert_eq!(fen(head, "data-pays-fen"), pays.fen(), "{what}");
            assert_eq!(fen(head, "data-cap-fen"), cap.fen(), "{what}");
        }
    }
    if let Some(d) = &summary.dibao {
        if d.members_counted > 0 {
            let p = of("dibao")
                .find(|p| p.html.contains("data-pic=\"dibao\""))
                .expect("a 低保 picture");
            let svg = svg_of(p);
            let line = tags(svg, "line")
                .into_iter()
                .find(|t| t.contains("mb-line"))
                .unwrap();
            assert_eq!(
                fen(line, "data-fen"),
                d.standard.times(d.members_counted).fen()
            );
            let point = tags(svg, "circle")
                .into_iter()
                .find(|t| t.contains("mb-point"))
                .unwrap();
            let now = match d.taper.as_ref().filter(|t| t.months_left > 0) {
                Some(t) if !d.eligible => t.monthly_benefit,
                _ => d.monthly_benefit,
            };
            assert_eq!(
                fen(point, "data-fen"),
                now.fen(),
                "{what}: the household's point"
            );
            let curve = tags(svg, "polyline")[0];
            let samples: Vec<(i64, i64)> = attr(curve, "data-samples")
                .unwrap()
                .split(' ')
                .map(|s| {
                    let (x, y) = s.split_once(':').unwrap();
                    (x.parse().unwrap(), y.parse().unwrap())
                })
                .collect();
            assert!(samples.len() >= 20, "{what}: the curve is sampled");
            for w in samples.windows(2) {
                assert!(
                    w[0].0 < w[1].0 && w[0].1 >= w[1].1,
                    "{what}: more income, less 低保"
                );
            }
            let line_fen = d.standard.times(d.members_counted).fen();
            assert!(
                samples.contains(&(line_fen, 0)),
                "{what}: nothing at the line"
            );
        }
        if let Some(t) = &d.taper {
            let p = of("dibao")
                .find(|p| p.html.contains("data-pic=\"taper\""))
                .expect("a 渐退 strip");
            let cells: Vec<&str> = tags(svg_of(p), "rect")
                .into_iter()
                .filter(|r| r.contains("data-state"))
                .collect();
            assert_eq!(cells.len(), t.months as usize, "{what}: one cell a month");
            let left: i64 = cells
                .iter()
                .filter(|c| !c.contains("\"paid\""))
                .map(|c| fen(c, "data-fen"))
                .sum();
            assert_eq!(
                left,
                t.amount_left.fen(),
                "{what}: what is left of the 渐退"
            );
        }
    }
    if let Some(e) = &summary.education {
        let pics: Vec<&Picture> = of("education").collect();
        assert_eq!(
            pics.len(),
            e.children.len(),
            "{what}: one timeline per child"
        );
        for (p, child) in pics.iter().zip(&e.children) {
            let svg = svg_of(p);
            let stages = groups(svg, "mb-stage");
            assert_eq!(stages.len(), 5, "{what}: 学前 to 大学");
            let (_, now) = stages
                .iter()
                .find(|(h, _)| h.contains("data-current"))
                .expect("the child's stage marked");
            let items: Vec<&str> = tags(now, "g")
                .into_iter()
                .filter(|g| g.contains("mb-item"))
                .collect();
            let sum = |kind: &str| -> i64 {
                items
                    .iter()
                    .filter(|g| attr(g, "data-kind") == Some(kind))
                    .map(|g| fen(g, "data-fen"))
                    .sum()
            };
            assert_eq!(sum("grant"), child.grants_total.fen(), "{what}: grants");
            assert_eq!(sum("loan"), child.loans_total.fen(), "{what}: loans");
            let once = child
                .items
                .iter()
                .any(|i| i.period == mingbai_calc::education::Period::Once);
            assert_eq!(
                texts(svg).concat().contains("★一次性"),
                once || stages
                    .iter()
                    .any(|(_, b)| b.contains("data-period=\"once\"")),
                "{what}: one-time items marked"
            );
        }
    }
}

fn cases() -> Vec<(String, Case, Summary, &'static JurisdictionParams)> {
    let dir = repo().join("tests/golden/calc");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| {
            e.unwrap()
                .file_name()
                .to_str()?
                .strip_suffix(".case.json")
                .map(str::to_string)
        })
        .collect();
    names.sort();
    names
        .into_iter()
        .filter_map(|name| {
            let text = std::fs::read_to_string(dir.join(format!("{name}.case.json"))).unwrap();
            let case: Case = serde_json::from_str(&text).ok()?;
            let params = content().params.get(&case.jurisdiction)?;
            let summary = compute(&case, params).ok()?;
            Some((name, case, summary, params))
        })
        .collect()
}

#[test]
fn golden_pictures() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let out = repo().join("tests/golden/charts");
    std::fs::create_dir_all(&out).unwrap();
    let mut failures = Vec::new();
    let mut written = std::collections::BTreeSet::new();
    let all = cases();
    assert!(all.len() >= 50, "the golden calc cases are read");
    for (name, case, summary, params) in &all {
        let pics = pictures(case, params, summary, name);
        check(summary, &pics, name);
        let again = pictures(case, params, summary, name);
        assert_eq!(pics, again, "{name}: deterministic");
        let mut count = std::collections::BTreeMap::new();
        for p in &pics {
            let kind = p.html["<figure class=\"mb-pic\" data-pic=\"".len()..]
                .split('"')
                .next()
                .unwrap()
                .to_string();
            let n = count.entry(kind.clone()).or_insert(0);
            *n += 1;
            let file = if kind == "education" {
                format!("{name}-{kind}-{n}.svg")
            } else {
                format!("{name}-{kind}.svg")
            };
            let text = format!("{}\n", svg_of(p));
            let path = out.join(&file);
            written.insert(file.clone());
            if update {
                std::fs::write(&path, &text).unwrap();
            } else if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
                failures.push(file);
            }
        }
    }
    for e in std::fs::read_dir(&out).unwrap() {
        let e = e.unwrap();
        let file = e.file_name().to_string_lossy().to_string();
        if !written.contains(&file) {
            if update {
                std::fs::remove_file(e.path()).unwrap();
            } else {
                failures.push(format!("{file} (no case draws it)"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "pictures differ (UPDATE_GOLDEN=1 rewrites; review the diff): {failures:?}"
    );
}

// ---------------------------------------------------------------- random households

fn base(jurisdiction: &str, file: &str) -> Case {
    let text = std::fs::read_to_string(repo().join(format!("tests/golden/calc/{file}.case.json")))
        .unwrap();
    let mut c: Case = serde_json::from_str(&text).unwrap();
    c.jurisdiction = jurisdiction.to_string();
    c
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn medical_parts_add_up(bills in prop::collection::vec((1i64..40_000_000, 0u8..=100), 1..4)) {
        let mut case = base("daixian", "daixian-medical-several-levels");
        let m = case.medical.as_mut().unwrap();
        let visits = m.persons[0].visits.clone();
        for (person, (total, share)) in m.persons.iter_mut().zip(bills.iter().cycle()) {
            person.visits = visits.iter().take(1).cloned().map(|mut v| {
                v.total = Money::from_fen(*total);
                v.compliant = Money::from_fen(total * i64::from(*share) / 100);
                v
            }).collect();
        }
        let params = &content().params["daixian"];
        if let Ok(summary) = compute(&case, params) {
            check(&summary, &pictures(&case, params, &summary, "p"), "random medical");
        }
    }

    #[test]
    fn dibao_parts_add_up(income in 0i64..6_000_000, size in 1u32..7, disabled: bool, before in 0i64..1_000_000, ago in 0u16..22) {
        let mut case = base("baoding", "baoding-dibao-taper");
        case.household.size = size;
        case.household.has_disabled_member = disabled;
        let d = case.dibao.as_mut().unwrap();
        d.annual_income = Money::from_fen(income);
        let t = d.taper.as_mut().unwrap();
        t.previous_annual_income = Money::from_fen(before);
        t.stopped_month = mingbai_calc::Month::new(2015 + ago / 12, (ago % 12 + 1) as u8).unwrap();
        let params = &content().params["baoding"];
        if let Ok(summary) = compute(&case, params) {
            check(&summary, &pictures(&case, params, &summary, "p"), "random 低保");
        }
    }

    #[test]
    fn housing_parts_add_up(cost in prop::option::of(0i64..50_000_000), members in 1u32..8, met in any::<bool>()) {
        let mut case = base("daixian", "daixian-relocation-centralized");
        case.household.size = members.max(case.household.size);
        let r = case.relocation.as_mut().unwrap();
        r.cost = cost.map(Money::from_fen);
        if !met {
            r.conditions_met.clear();
        }
        let params = &content().params["daixian"];
        if let Ok(summary) = compute(&case, params) {
            check(&summary, &pictures(&case, params, &summary, "p"), "random housing");
        }
    }
}
