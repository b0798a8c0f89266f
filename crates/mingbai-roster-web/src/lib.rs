//! The roster page's module: the same `mingbai-roster` code as `mingbai batch`, on a roster the
//! page read from the cadre's disk. Nothing leaves the device: the file comes in as bytes, the
//! result CSV goes back as bytes.

use std::cell::RefCell;
use std::collections::BTreeMap;

use mingbai_calc::JurisdictionParams;
use wasm_bindgen::prelude::*;

/// Every jurisdiction's parameters, as the site generator wrote them into the page.
pub fn read_params(json: &str) -> Result<BTreeMap<String, JurisdictionParams>, String> {
    serde_json::from_str(json).map_err(|e| format!("本页的政策参数读不出来（{e}），请刷新网页"))
}

thread_local! {
    /// The parameters given by `set_params`: read once per page, not once per roster (reading
    /// them takes longer than computing a village).
    static PARAMS: RefCell<BTreeMap<String, JurisdictionParams>> = const { RefCell::new(BTreeMap::new()) };
}

/// Reads every jurisdiction's parameters (the page's `roster-params` JSON) for the rosters to come.
#[wasm_bindgen]
pub fn set_params(params_json: &str) -> Result<(), JsError> {
    let params = read_params(params_json).map_err(|e| JsError::new(&e))?;
    PARAMS.with(|p| *p.borrow_mut() = params);
    Ok(())
}

/// Computes the roster `bytes` (its file name gives the type) with the parameters of `set_params`. Returns
/// `{ csv: Uint8Array, summary: string, rows, computed, errors }`; throws the Chinese reason when
/// the file as a whole cannot be used. `progress` is called with the rows done so far.
#[wasm_bindgen]
pub fn run_roster(
    bytes: Vec<u8>,
    name: &str,
    progress: &js_sys::Function,
) -> Result<JsValue, JsError> {
    PARAMS.with(|params| run_with(bytes, name, &params.borrow(), progress))
}

fn run_with(
    bytes: Vec<u8>,
    name: &str,
    params: &BTreeMap<String, JurisdictionParams>,
    progress: &js_sys::Function,
) -> Result<JsValue, JsError> {
    let mut tell = |rows: u64| {
        let _ = progress.call1(&JsValue::NULL, &JsValue::from_f64(rows as f64));
    };
    let (report, csv) = mingbai_roster::run_bytes(
        bytes,
        name,
        params,
        &mingbai_roster::Options::default(),
        &mut tell,
    )
    .map_err(|e| JsError::new(&e.to_string()))?;
    let out = js_sys::Object::new();
    let set = |k: &str, v: JsValue| js_sys::Reflect::set(&out, &JsValue::from_str(k), &v);
    set("csv", js_sys::Uint8Array::from(csv.as_slice()).into()).map_err(js_error)?;
    set("summary", JsValue::from_str(&summary(&report))).map_err(js_error)?;
    set("rows", JsValue::from_f64(report.rows as f64)).map_err(js_error)?;
    set("computed", JsValue::from_f64(report.computed as f64)).map_err(js_error)?;
    set("errors", JsValue::from_f64(report.errors as f64)).map_err(js_error)?;
    Ok(out.into())
}

/// One policy as the page lists it for the cards (see the roster page's `roster-policies`).
#[derive(serde::Deserialize)]
struct PagePolicy {
    doc: String,
    title: String,
    url: String,
    condition: String,
    apply: String,
    calculators: Vec<String>,
}

/// The policies of every jurisdiction, by jurisdiction id, as the card wants them.
pub fn read_policies(json: &str) -> Result<BTreeMap<String, mingbai_card::Policies>, String> {
    let page: BTreeMap<String, Vec<PagePolicy>> = serde_json::from_str(json)
        .map_err(|e| format!("本页的政策列表读不出来（{e}），请刷新网页"))?;
    Ok(page
        .into_iter()
        .map(|(jur, list)| {
            let policies = list
                .into_iter()
                .map(|p| {
                    let calculators = mingbai_calc::Calculator::ALL
                        .iter()
                        .copied()
                        .filter(|c| p.calculators.iter().any(|k| k == c.key()))
                        .collect();
                    let policy = mingbai_card::Policy {
                        title: p.title,
                        url: p.url,
                        condition: p.condition,
                        how_to_apply: p.apply,
                        calculators,
                    };
                    (p.doc, policy)
                })
                .collect();
            (jur, policies)
        })
        .collect())
}

/// The 明白卡 of the roster's good rows, A4 sheets of two with cut marks: every good row when
/// `rows` is empty, else the rows of those numbers (行号). Each card is computed with its traces
/// (`mingbai_calc::compute`), so it names the policy of each figure.
pub fn cards_html(
    bytes: Vec<u8>,
    name: &str,
    params: &BTreeMap<String, JurisdictionParams>,
    policies: &BTreeMap<String, mingbai_card::Policies>,
    rows: &[u32],
) -> Result<(String, usize), String> {
    let wanted = |n: u64| rows.is_empty() || rows.iter().any(|r| u64::from(*r) == n);
    let cases = mingbai_roster::cases_bytes(
        bytes,
        name,
        params,
        &mingbai_roster::Options::default(),
        &wanted,
    )
    .map_err(|e| e.to_string())?;
    let empty = mingbai_card::Policies::new();
    let mut cards = Vec::with_capacity(cases.len());
    for c in &cases {
        let Some(p) = params.get(&c.case.jurisdiction) else {
            continue;
        };
        let Ok(summary) = mingbai_calc::compute(&c.case, p) else {
            continue;
        };
        let household = if c.head.trim().is_empty() {
            format!("名册第{}行", c.number)
        } else {
            format!("户主 {}（名册第{}行）", c.head.trim(), c.number)
        };
        cards.push(mingbai_card::card(&mingbai_card::CardInput {
            summary: &summary,
            policies: policies.get(&c.case.jurisdiction).unwrap_or(&empty),
            household: Some(&household),
        }));
    }
    let n = cards.len();
    Ok((mingbai_card::sheet(&cards, mingbai_card::Paper::A4), n))
}

/// `cards_html` for the page: returns `{ html, count }`, throws the Chinese reason.
#[wasm_bindgen]
pub fn roster_cards(
    bytes: Vec<u8>,
    name: &str,
    policies_json: &str,
    rows: Vec<u32>,
) -> Result<JsValue, JsError> {
    let policies = read_policies(policies_json).map_err(|e| JsError::new(&e))?;
    let (html, count) = PARAMS
        .with(|params| cards_html(bytes, name, &params.borrow(), &policies, &rows))
        .map_err(|e| JsError::new(&e))?;
    let out = js_sys::Object::new();
    js_sys::Reflect::set(&out, &"html".into(), &JsValue::from_str(&html)).map_err(js_error)?;
    js_sys::Reflect::set(&out, &"count".into(), &JsValue::from_f64(count as f64))
        .map_err(js_error)?;
    Ok(out.into())
}

fn js_error(_: JsValue) -> JsError {
    JsError::new("结果交不回网页")
}

/// The report as the page shows it: the CLI's summary without the output file and the sample
/// errors (the table shows every error in its row).
pub fn summary(r: &mingbai_roster::BatchReport) -> String {
    let mut s = format!("共{}户：计算{}户，出错{}户", r.rows, r.computed, r.errors);
    if r.errors > 0 {
        s.push_str("（原因见表中红字）");
    }
    s.push('。');
    if r.with_assumptions > 0 {
        s.push_str(&format!(
            "其中{}户的结果用到示例参数：{}。",
            r.with_assumptions,
            mingbai_calc::ASSUMPTION_NOTICE
        ));
    }
    if r.past_known > 0 {
        s.push_str(&format!(
            "其中{}户的计算日期晚于本站掌握的参数的最后日期，按最后已知的标准计算，以当地最新文件为准。",
            r.past_known
        ));
    }
    if !r.ignored_columns.is_empty() {
        s.push_str(&format!(
            "以下列不是花名册的列，未参与计算：{}。",
            r.ignored_columns.join("、")
        ));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    /// The parameters go through JSON into the page and back out unchanged, so the page computes
    /// what `mingbai batch` computes.
    #[test]
    fn params_round_trip_through_json() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content");
        let content = mingbai_content::load(&root).unwrap_or_else(|e| panic!("{e:?}"));
        let json = serde_json::to_string(&content.params).unwrap();
        assert_eq!(read_params(&json).unwrap(), content.params);
    }

    /// Every good row of the example roster gets its card, in roster order; the ticked rows only
    /// when rows are given.
    #[test]
    fn a_card_per_good_row() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let content =
            mingbai_content::load(&root.join("content")).unwrap_or_else(|e| panic!("{e:?}"));
        let bytes = std::fs::read(root.join("examples/roster/roster.csv")).unwrap();
        let policies = BTreeMap::new();
        let (all, n) =
            cards_html(bytes.clone(), "roster.csv", &content.params, &policies, &[]).unwrap();
        let (report, _) = mingbai_roster::run_bytes(
            bytes.clone(),
            "roster.csv",
            &content.params,
            &Default::default(),
            &mut |_| {},
        )
        .unwrap();
        assert_eq!(n as u64, report.computed);
        assert_eq!(all.matches("class=\"mbc-card").count(), n);
        let (some, n) =
            cards_html(bytes, "roster.csv", &content.params, &policies, &[3, 2]).unwrap();
        assert_eq!(n, 2);
        let (a, b) = (
            some.find("名册第2行").unwrap(),
            some.find("名册第3行").unwrap(),
        );
        assert!(a < b, "cards in roster order");
    }
}
