//! The household keeps what it computed: "打印本户明白卡" (the card of crates/mingbai-card, from
//! this page's `#mingbai-policies`), "分享/保存链接" (the form in the URL fragment, with its QR
//! code) and the copy on the phone (localStorage) that a reload or a crashed tab reads back;
//! "清空" forgets it. Nothing here sends anything: the fragment never leaves the browser.

use crate::form::Form;
use crate::link::{self, Opened, Saved};
use crate::page::PageSetup;
use mingbai_calc::{Calculator, Case, Summary};
use mingbai_card::{CardInput, Paper, Policies, Policy};
use std::rc::Rc;
use yew::prelude::*;

/// How the calculator opens: a shared link, else the copy kept on the phone, else empty.
pub struct Start {
    pub form: Option<Form>,
    pub tab: Option<String>,
    /// Why a link could not be opened, in Chinese.
    pub message: Option<String>,
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// One saved form per calculator page (a policy page's compact form and the county's full
/// calculator keep theirs apart).
fn storage_key(setup: &PageSetup) -> String {
    let calcs: Vec<&str> = setup.calcs.iter().map(|c| c.key()).collect();
    format!("mingbai-form:{}:{}", setup.params.id, calcs.join("+"))
}

pub fn start(setup: &PageSetup) -> Start {
    let window = web_sys::window();
    let hash = window
        .as_ref()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default();
    let mut message = None;
    match link::decode(&hash) {
        Opened::Form(saved) if saved.jurisdiction == setup.params.id => {
            // The link has done its work: a reload should show what was typed since, not the
            // link's form again.
            forget_fragment();
            return Start {
                form: Some(saved.form),
                tab: Some(saved.tab),
                message: None,
            };
        }
        Opened::Form(saved) => {
            message = Some(format!(
                "这个链接是另一个地方（{}）的计算，请在那里的计算器页面打开。",
                saved.jurisdiction
            ))
        }
        Opened::Refused(why) => message = Some(why),
        Opened::None => {}
    }
    let kept = storage()
        .and_then(|s| s.get_item(&storage_key(setup)).ok().flatten())
        .and_then(|text| match link::decode(&text) {
            Opened::Form(saved) if saved.jurisdiction == setup.params.id => Some(saved),
            _ => None,
        });
    Start {
        tab: kept.as_ref().map(|s| s.tab.clone()),
        form: kept.map(|s| s.form),
        message,
    }
}

fn forget_fragment() {
    let Some(w) = web_sys::window() else { return };
    let (Ok(path), Ok(search), Ok(history)) =
        (w.location().pathname(), w.location().search(), w.history())
    else {
        return;
    };
    let _ = history.replace_state_with_url(
        &wasm_bindgen::JsValue::NULL,
        "",
        Some(&format!("{path}{search}")),
    );
}

pub fn save(setup: &PageSetup, form: &Form, tab: &str) {
    let saved = Saved {
        jurisdiction: setup.params.id.clone(),
        tab: tab.to_string(),
        form: form.clone(),
    };
    if let Some(s) = storage() {
        let _ = s.set_item(&storage_key(setup), &link::encode(&saved, true));
    }
}

pub fn clear(setup: &PageSetup) {
    if let Some(s) = storage() {
        let _ = s.remove_item(&storage_key(setup));
    }
}

/// The policies this page lists for the card (`site/templates/partials/policies.html`).
pub fn policies_from_page() -> Policies {
    let mut out = Policies::new();
    let Some(list) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector_all("#mingbai-policies > li").ok())
    else {
        return out;
    };
    for i in 0..list.length() {
        let Some(el) = list
            .item(i)
            .and_then(|n| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(n).ok())
        else {
            continue;
        };
        let attr = |name: &str| el.get_attribute(name).unwrap_or_default();
        let Some(doc) = el.get_attribute("data-doc") else {
            continue;
        };
        let calculators = attr("data-calculators")
            .split_whitespace()
            .filter_map(Calculator::from_key)
            .collect();
        out.insert(
            doc,
            Policy {
                title: el.text_content().unwrap_or_default().trim().to_string(),
                url: attr("data-url"),
                condition: attr("data-condition"),
                how_to_apply: attr("data-apply"),
                calculators,
            },
        );
    }
    out
}

const HOST: &str = "mb-card-print";

/// Puts the card sheet where print shows it (a child of `<body>`; household-card.css hides the
/// rest of the page when printing), or takes it away.
fn print_host(sheet: Option<&str>) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let (Some(body), Some(root)) = (doc.body(), doc.document_element()) else {
        return;
    };
    let host = doc.get_element_by_id(HOST);
    match sheet {
        Some(html) => {
            let host = host.or_else(|| {
                let el = doc.create_element("div").ok()?;
                el.set_id(HOST);
                body.append_child(&el).ok()?;
                Some(el)
            });
            if let Some(h) = host {
                h.set_inner_html(html);
            }
            let _ = root.class_list().add_1("mbc-printing");
        }
        None => {
            if let Some(h) = host {
                h.remove();
            }
            let _ = root.class_list().remove_1("mbc-printing");
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Panel {
    Closed,
    Card(Paper),
    Link { names: bool },
}

#[derive(Properties, PartialEq)]
pub struct ShareProps {
    pub setup: Rc<PageSetup>,
    pub form: Rc<Form>,
    pub tab: String,
    pub summary: Option<Rc<Summary>>,
    pub case: Option<Rc<Case>>,
    pub on_clear: Callback<()>,
    pub message: Option<String>,
}

#[function_component(Share)]
pub fn share(props: &ShareProps) -> Html {
    let panel = use_state(|| Panel::Closed);
    let policies = use_memo((), |_| policies_from_page());

    // The card's back carries the pictures: A5 prints it as a second page (the other side of the
    // sheet), A4 on the lower half of the same page. The preview and the printed copy each draw
    // their own: an SVG pattern is looked up by id in the whole page, and the preview's copy is
    // hidden on paper, so a shared id would print its hatching blank.
    let mut has_back = false;
    let sheets = match (*panel, &props.summary, &props.case) {
        (Panel::Card(paper), Some(s), Some(case)) => {
            let mut sheet = |id: &str| {
                let front = mingbai_card::card(&CardInput {
                    summary: s,
                    policies: &policies,
                    household: None,
                });
                let pictures = mingbai_chart::pictures(case, &props.setup.params, s, id);
                let back = mingbai_card::back(s, &pictures);
                has_back = back.is_some();
                let sides: Vec<String> = std::iter::once(front).chain(back).collect();
                mingbai_card::sheet(&sides, paper)
            };
            Some((sheet("card"), sheet("print")))
        }
        _ => None,
    };
    let (sheet, printed) = sheets.unzip();
    use_effect_with(printed, move |printed| {
        print_host(printed.as_deref());
        || print_host(None)
    });

    let set = |p: Panel| {
        let panel = panel.clone();
        Callback::from(move |_: MouseEvent| panel.set(if *panel == p { Panel::Closed } else { p }))
    };
    let print = Callback::from(|_: MouseEvent| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    });
    let clear = {
        let (setup, on_clear, panel) = (props.setup.clone(), props.on_clear.clone(), panel.clone());
        Callback::from(move |_: MouseEvent| {
            let sure = web_sys::window()
                .and_then(|w| w.confirm_with_message("清空所填的全部内容？").ok())
                .unwrap_or(true);
            if sure {
                clear(&setup);
                panel.set(Panel::Closed);
                on_clear.emit(());
            }
        })
    };
    let can_card = props.summary.is_some() && !policies.is_empty();

    let body = match *panel {
        Panel::Card(paper) => match &sheet {
            Some(html) => {
                let other = match paper {
                    Paper::A4 => Paper::A5,
                    Paper::A5 => Paper::A4,
                };
                let label = match (other, has_back) {
                    (Paper::A4, true) => "改用A4纸（上半张明白卡，下半张看图）",
                    (Paper::A4, false) => "改用A4纸",
                    (Paper::A5, true) => "改用A5纸（正面明白卡，背面看图）",
                    (Paper::A5, false) => "改用A5纸",
                };
                html! {
                    <div class="mb-card-preview" data-paper={paper.key()}>
                        <p class="mb-share-bar">
                            <button type="button" data-card-print="" onclick={print}>{"打印"}</button>
                            <button type="button" data-paper-switch="" onclick={set(Panel::Card(other))}>{label}</button>
                            <button type="button" onclick={set(*panel)}>{"收起"}</button>
                        </p>
                        { Html::from_html_unchecked(AttrValue::from(html.clone())) }
                    </div>
                }
            }
            None => html! { <p class="mb-hint">{"先把上面填完整、算出结果，才能打印明白卡。"}</p> },
        },
        Panel::Link { names } => {
            let saved = Saved {
                jurisdiction: props.setup.params.id.clone(),
                tab: props.tab.clone(),
                form: (*props.form).clone(),
            };
            let fragment = link::encode(&saved, names);
            let base = web_sys::window()
                .and_then(|w| w.location().href().ok())
                .unwrap_or_default();
            let url = format!("{}#{fragment}", base.split('#').next().unwrap_or_default());
            let qr = mingbai_card::qr_svg(&url).ok();
            let toggle = {
                let panel = panel.clone();
                Callback::from(move |_: Event| panel.set(Panel::Link { names: !names }))
            };
            html! {
                <div class="mb-link">
                    <p>{"这个链接里存着所填的内容（在“#”后面，打开时不会发给任何网站）。收藏它、发给家人，或让对方用手机扫下面的二维码，打开就是这次的计算。"}</p>
                    <label class="mb-check"><input type="checkbox" data-link-names="" checked={names} onchange={toggle}/>{"链接里包括姓名"}</label>
                    <p><a class="mb-link-url" href={url.clone()} data-link="">{"打开这个链接"}</a></p>
                    <input type="text" readonly=true class="mb-link-text" aria-label="链接" value={url}/>
                    if let Some(svg) = qr { <div class="mb-link-qr">{ Html::from_html_unchecked(AttrValue::from(svg)) }</div> }
                    <p><button type="button" onclick={set(*panel)}>{"收起"}</button></p>
                </div>
            }
        }
        Panel::Closed => html! {},
    };

    html! {
        <section class="mb-share" aria-label="保存和打印">
            if let Some(m) = &props.message { <p class="mb-err" role="alert" data-link-error="">{m}</p> }
            <p class="mb-share-bar">
                if can_card {
                    <button type="button" data-card="" aria-pressed={matches!(*panel, Panel::Card(_)).to_string()} onclick={set(Panel::Card(Paper::A5))}>{"打印本户明白卡"}</button>
                }
                <button type="button" data-share="" aria-pressed={matches!(*panel, Panel::Link { .. }).to_string()} onclick={set(Panel::Link { names: false })}>{"分享/保存链接"}</button>
                <button type="button" data-clear="" onclick={clear}>{"清空"}</button>
            </p>
            { body }
            <p class="mb-hint">{"所填内容会保存在这部手机上，刷新页面也不会丢；点“清空”就删掉。"}</p>
        </section>
    }
}
