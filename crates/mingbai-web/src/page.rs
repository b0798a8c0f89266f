//! What the page tells the calculator: the parameters (embedded JSON), which calculator, where
//! the site's root is (for links to policy cards), and today's date.

use mingbai_calc::{Calculator, Date, JurisdictionParams};

/// One calculator (the compact form on a policy page) or several, with the household summary
/// (the jurisdiction's calculator page).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    One(Calculator),
    Full,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PageSetup {
    pub params: JurisdictionParams,
    /// The calculators the page offers, in the engine's order; never empty.
    pub calcs: Vec<Calculator>,
    pub mode: Mode,
    /// The site root, ending in `/`: a policy card is at `{root}{jurisdiction}/{slug}/`.
    pub root: String,
    pub today: Option<Date>,
}

impl PageSetup {
    /// Reads the embedded parameters and the section's data attributes (`data-calculator`: the
    /// calculators to offer, space-separated; none = all the parameters allow). Errors are
    /// Chinese sentences for the page.
    pub fn from_parts(
        params_json: Option<&str>,
        jurisdiction: Option<&str>,
        calculators: Option<&str>,
        root: Option<&str>,
        today: Option<Date>,
    ) -> Result<PageSetup, String> {
        let json = params_json
            .map(str::trim)
            .filter(|j| !j.is_empty())
            .ok_or("页面缺少计算参数（#mingbai-params）")?;
        let params: JurisdictionParams =
            crate::params_json::read_params(json).map_err(|e| format!("计算参数无法读取：{e}"))?;
        params
            .validate()
            .map_err(|e| format!("计算参数有误：{e}"))?;
        if let Some(j) = jurisdiction.filter(|j| !j.is_empty()) {
            if j != params.id {
                return Err(format!(
                    "页面的地区“{j}”与计算参数的地区“{}”不符",
                    params.id
                ));
            }
        }
        let asked: Vec<&str> = calculators.unwrap_or("").split_whitespace().collect();
        for key in &asked {
            if Calculator::from_key(key).is_none() {
                return Err(format!("没有名为“{key}”的计算器"));
            }
        }
        let calcs: Vec<Calculator> = Calculator::ALL
            .iter()
            .copied()
            .filter(|c| asked.is_empty() || asked.contains(&c.key()))
            .filter(|c| params.offers(*c))
            .collect();
        let mode = match calcs.as_slice() {
            [] => return Err(format!("{}暂未提供这项计算的参数", params.name)),
            [one] => Mode::One(*one),
            _ => Mode::Full,
        };
        let root = root
            .map(|r| {
                if r.ends_with('/') {
                    r.to_string()
                } else {
                    format!("{r}/")
                }
            })
            .unwrap_or_else(|| "../../".into());
        Ok(PageSetup {
            params,
            calcs,
            mode,
            root,
            today,
        })
    }

    /// The calculators the page offers, in the engine's order.
    pub fn offered(&self) -> Vec<Calculator> {
        self.calcs.clone()
    }

    pub fn card_url(&self, doc: &str) -> String {
        format!("{}{}/{}/", self.root, self.params.id, doc)
    }
}

/// Finds `#calculator`, reads the page's setup and hands both to `render` (the app: this module
/// knows the page, not the app, so the two do not import each other); browser only (web-sys calls
/// fail elsewhere).
pub fn mount(render: impl FnOnce(web_sys::Element, PageSetup)) {
    use wasm_bindgen::JsCast;

    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(section) = document.get_element_by_id("calculator") else {
        return;
    };
    let params = document
        .get_element_by_id("mingbai-params")
        .and_then(|e| e.text_content());
    let setup = PageSetup::from_parts(
        params.as_deref(),
        section.get_attribute("data-jurisdiction").as_deref(),
        section.get_attribute("data-calculator").as_deref(),
        section.get_attribute("data-site-root").as_deref(),
        js_today(),
    );
    // The page's own text stays readable without JavaScript; once the calculator is up it takes
    // the place of that fallback (headings stay).
    let Ok(host) = document.create_element("div") else {
        return;
    };
    host.set_class_name("mb-calc");
    let children = section.children();
    for i in 0..children.length() {
        if let Some(el) = children
            .item(i)
            .and_then(|c| c.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let keep = matches!(el.tag_name().as_str(), "H1" | "H2" | "H3")
                || el.has_attribute("data-keep");
            if !keep {
                el.set_hidden(true);
            }
        }
    }
    let _ = section.append_child(&host);
    // A panic aborts the module (profile `wasm`: panic = "abort"); calc.js then shows a message in
    // the page. Yew's default hook would only add a console printer (and its size) to that.
    yew::set_custom_panic_hook(Box::new(|_| {}));
    match setup {
        Ok(setup) => render(host, setup),
        Err(msg) => {
            if let Ok(p) = document.create_element("p") {
                p.set_class_name("mb-fail");
                let _ = p.set_attribute("role", "alert");
                p.set_text_content(Some(&format!("计算器无法使用：{msg}")));
                let _ = host.append_child(&p);
            }
        }
    }
}

fn js_today() -> Option<Date> {
    let d = js_sys::Date::new_0();
    let (y, m, day) = (
        d.get_full_year(),
        d.get_month().saturating_add(1),
        d.get_date(),
    );
    Date::new(
        u16::try_from(y).ok()?,
        u8::try_from(m).ok()?,
        u8::try_from(day).ok()?,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const PARAMS: &str = r#"{"id":"baoding","name":"保定市","dibao":[{"from":"2016-01-01","params":{
        "standard":{"v":2900,"s":"S"},"taper_months":{"v":12,"s":"S"},"taper_months_disabled":{"v":18,"s":"S"},
        "tekun_dispersed":{"v":4000,"s":"S"},"tekun_centralized":{"v":6000,"s":"S"}}}]}"#;

    #[test]
    fn reads_mode_and_checks_the_page() {
        let s = PageSetup::from_parts(
            Some(PARAMS),
            Some("baoding"),
            Some("dibao"),
            Some("/m"),
            None,
        )
        .unwrap();
        assert_eq!(s.mode, Mode::One(Calculator::Dibao));
        assert_eq!(s.card_url("dibao-2016"), "/m/baoding/dibao-2016/");
        let s =
            PageSetup::from_parts(Some(PARAMS), None, Some("medical dibao"), None, None).unwrap();
        assert_eq!(
            s.mode,
            Mode::One(Calculator::Dibao),
            "medical has no parameters here"
        );
        assert_eq!(s.offered(), vec![Calculator::Dibao]);
        let e = PageSetup::from_parts(Some(PARAMS), None, Some("dibao lottery"), None, None)
            .unwrap_err();
        assert!(e.contains("lottery"), "{e}");

        let e = PageSetup::from_parts(Some(PARAMS), Some("baoding"), Some("medical"), None, None)
            .unwrap_err();
        assert!(e.contains("暂未提供"), "{e}");
        let e = PageSetup::from_parts(Some(PARAMS), Some("daixian"), None, None, None).unwrap_err();
        assert!(e.contains("不符"), "{e}");
        let e = PageSetup::from_parts(None, None, None, None, None).unwrap_err();
        assert!(e.contains("缺少"), "{e}");
        let e = PageSetup::from_parts(Some("{"), None, None, None, None).unwrap_err();
        assert!(e.contains("无法读取"), "{e}");
    }
}
