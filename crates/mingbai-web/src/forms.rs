//! The four calculators' forms, the household fields they share, and the example a form opens with.

use crate::case::{condition_key, default_as_of, pilot_places, CONDITIONS};
use crate::field::{Ctx, Input};
use crate::form::{Form, List};
use crate::page::{Mode, PageSetup};
use mingbai_calc::{Calculator, Date};
use yew::prelude::*;

pub const CATEGORIES: &[(&str, &str)] = &[
    ("jiandang", "建档立卡户（脱贫户）"),
    ("dibao", "低保户"),
    ("tekun", "特困供养人员"),
    ("edge", "边缘户（监测户）"),
    ("general", "一般农户"),
];
const PERSON_CATEGORIES: &[(&str, &str)] = &[
    ("", "与家庭相同"),
    ("jiandang", "建档立卡户（脱贫户）"),
    ("dibao", "低保户"),
    ("tekun", "特困供养人员"),
    ("edge", "边缘户（监测户）"),
    ("general", "一般农户"),
];
const LEVELS: &[(&str, &str)] = &[
    ("township", "乡镇卫生院（一级）"),
    ("county", "县级医院（二级）"),
    ("city", "市级医院（三级）"),
    ("province", "省级医院"),
];
const KINDS: &[(&str, &str)] = &[
    ("inpatient", "住院"),
    ("chronic_outpatient", "门诊慢特病"),
    ("outpatient", "普通门诊"),
];
const SCHEMES: &[(&str, &str)] = &[
    ("relocation", "易地扶贫搬迁"),
    ("renovation", "危房改造（就地）"),
];
const MODES: &[(&str, &str)] = &[("centralized", "集中安置"), ("dispersed", "分散安置")];
const STAGES: &[(&str, &str)] = &[
    ("preschool", "学前教育"),
    ("primary", "小学"),
    ("junior", "初中"),
    ("senior", "普通高中"),
    ("vocational", "中职"),
    ("higher_vocational", "高职（专科）"),
    ("undergraduate", "本科"),
];

/// The form a page opens with: a worked example, so that a result and its reasons are on screen
/// at once and each field shows what kind of entry it wants.
pub fn example(setup: &PageSetup) -> Form {
    let mut f = Form::default();
    let as_of = default_as_of(&setup.params, &setup.offered(), setup.today);
    let as_of_text = as_of.map(|d| d.to_string()).unwrap_or_default();
    f.set("as_of", as_of_text.clone());
    f.set("household.size", "3");
    // A 低保 page opens for a 低保 household; the rest for a registered poor household.
    let category = if setup.mode == Mode::One(Calculator::Dibao) {
        "dibao"
    } else {
        "jiandang"
    };
    f.set("household.category", category);
    f.set("household.place", "");
    add_person(&mut f, &as_of_text);
    add_child(&mut f);
    f.set("relocation.scheme", "relocation");
    f.set("relocation.mode", "centralized");
    f.set("relocation.jiandang_members", "3");
    f.set("relocation.tongbu_members", "0");
    f.set("relocation.area_m2", "");
    f.set("relocation.cost", "");
    f.set("dibao.annual_income", "6000");
    f.set(
        "dibao.taper.stopped_month",
        as_of.map(month_before).unwrap_or_default(),
    );
    f.set("dibao.taper.previous_annual_income", "6000");
    f.set("dibao.tekun_dispersed", "0");
    f.set("dibao.tekun_centralized", "0");
    for c in Calculator::ALL {
        f.set_flag(format!("summary.{}", c.key()), true);
    }
    f
}

fn month_before(d: Date) -> String {
    let (y, m) = (
        d.year(),
        d.to_string()
            .get(5..7)
            .and_then(|m| m.parse::<u16>().ok())
            .unwrap_or(1),
    );
    if m <= 1 {
        format!("{}-12", y.saturating_sub(1))
    } else {
        format!("{y}-{:02}", m - 1)
    }
}

pub fn add_person(f: &mut Form, as_of: &str) {
    if let Some(p) = f.push(List::Persons) {
        let i = f.len(List::Persons);
        f.set(format!("{p}.name"), "");
        f.set(format!("{p}.age"), if i == 1 { "45" } else { "" });
        f.set(format!("{p}.category"), "");
        add_visit(f, i.saturating_sub(1), as_of);
    }
}

pub fn add_visit(f: &mut Form, person: usize, as_of: &str) {
    let first = f.len(List::Visits(person)) == 0;
    if let Some(v) = f.push(List::Visits(person)) {
        f.set(format!("{v}.date"), as_of);
        f.set(format!("{v}.level"), "county");
        f.set(format!("{v}.kind"), "inpatient");
        f.set(format!("{v}.total"), if first { "12000" } else { "" });
        f.set(format!("{v}.compliant"), if first { "10000" } else { "" });
    }
}

pub fn add_child(f: &mut Form) {
    if let Some(c) = f.push(List::Children) {
        f.set(format!("{c}.name"), "");
        f.set(format!("{c}.stage"), "vocational");
        f.set(format!("{c}.year"), "1");
        f.set(format!("{c}.tuition_and_lodging"), "");
    }
}

/// Actions the forms send besides typing.
#[derive(Clone, PartialEq)]
pub struct ListOps {
    pub add: Callback<List>,
    pub remove: Callback<(List, usize)>,
}

pub fn as_of(ctx: &Ctx, setup: &PageSetup, calcs: &[Calculator]) -> Html {
    let ranges: Vec<String> = calcs
        .iter()
        .flat_map(|c| -> Vec<(Date, Option<Date>)> {
            let p = &setup.params;
            match c {
                Calculator::Medical => p.medical.iter().map(|d| (d.from, d.to)).collect(),
                Calculator::Relocation => p.relocation.iter().map(|d| (d.from, d.to)).collect(),
                Calculator::Education => p.education.iter().map(|d| (d.from, d.to)).collect(),
                Calculator::Dibao => p.dibao.iter().map(|d| (d.from, d.to)).collect(),
            }
        })
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .map(|(from, to)| match to {
            Some(to) => format!("{}至{}", from.zh(), to.zh()),
            None => format!("{}起", from.zh()),
        })
        .collect();
    let hint = format!(
        "按这一天有效的政策计算。本地参数有效期：{}；更晚的日期按最后已知的标准计算。",
        ranges.join("；")
    );
    ctx.field("as_of", "计算日期", Some(&hint), Input::Date)
}

pub fn household(ctx: &Ctx, setup: &PageSetup, calcs: &[Calculator]) -> Html {
    // Where the household lives matters only to a medical pilot rule (阜平).
    let places = if calcs.contains(&Calculator::Medical) {
        pilot_places(&setup.params)
    } else {
        Vec::new()
    };
    let options: Vec<(&str, &str)> = std::iter::once(("", "其他地方"))
        .chain(places.iter().map(|p| (p.as_str(), p.as_str())))
        .collect();
    html! {
        <fieldset>
            <legend>{"家庭情况"}</legend>
            <div class="mb-grid">
                { ctx.field("household.size", "家庭人口（人）", None, Input::Integer) }
                { ctx.field("household.category", "家庭类别", None, Input::Select(CATEGORIES)) }
            </div>
            if !places.is_empty() {
                { ctx.field("household.place", "所在县（区）", Some("部分政策只在试点县实行"), Input::Select(&options)) }
            }
            { ctx.check("household.has_disabled_member", "家中有残疾人") }
        </fieldset>
    }
}

fn remove_button(ops: &ListOps, list: List, i: usize, what: &str) -> Html {
    let remove = ops.remove.clone();
    let onclick = Callback::from(move |_: MouseEvent| remove.emit((list, i)));
    html! { <button type="button" class="mb-remove" data-remove={list.item(i)} {onclick}>{format!("删除{what}")}</button> }
}

fn add_button(ops: &ListOps, ctx: &Ctx, list: List, what: &str) -> Html {
    if ctx.form.len(list) >= list.max() {
        return html! { <p class="mb-hint">{format!("最多{}项", list.max())}</p> };
    }
    let add = ops.add.clone();
    let onclick = Callback::from(move |_: MouseEvent| add.emit(list));
    html! { <button type="button" data-add={list.path()} {onclick}>{format!("＋ 添加{what}")}</button> }
}

pub fn medical(ctx: &Ctx, ops: &ListOps) -> Html {
    let persons = ctx.form.len(List::Persons);
    html! {
        <>
            { ctx.message("medical.persons") }
            { for (0..persons).map(|i| person(ctx, ops, i, persons)) }
            <div class="mb-row">{ add_button(ops, ctx, List::Persons, "一位就医人员") }</div>
        </>
    }
}

fn person(ctx: &Ctx, ops: &ListOps, i: usize, count: usize) -> Html {
    let at = List::Persons.item(i);
    let visits = ctx.form.len(List::Visits(i));
    html! {
        <fieldset key={at.clone()}>
            <legend>{format!("就医人员 {}", i + 1)}</legend>
            { ctx.message(&at) }
            <div class="mb-grid">
                { ctx.field(&format!("{at}.name"), "称呼（可不填）", None, Input::Text) }
                { ctx.field(&format!("{at}.age"), "年龄（岁）", None, Input::Integer) }
            </div>
            { ctx.field(&format!("{at}.category"), "人员类别", None, Input::Select(PERSON_CATEGORIES)) }
            { ctx.message(&List::Visits(i).path()) }
            { for (0..visits).map(|j| visit(ctx, ops, i, j)) }
            <div class="mb-row">
                { add_button(ops, ctx, List::Visits(i), "一次就诊") }
                if count > 1 { { remove_button(ops, List::Persons, i, "这位人员") } }
            </div>
        </fieldset>
    }
}

fn visit(ctx: &Ctx, ops: &ListOps, person: usize, j: usize) -> Html {
    let at = List::Visits(person).item(j);
    html! {
        <fieldset key={at.clone()}>
            <legend>{format!("第{}次就诊", j + 1)}</legend>
            { ctx.message(&at) }
            <div class="mb-grid">
                { ctx.field(&format!("{at}.date"), "就诊（出院）日期", None, Input::Date) }
                { ctx.field(&format!("{at}.kind"), "就诊类型", None, Input::Select(KINDS)) }
                { ctx.field(&format!("{at}.level"), "医院级别", None, Input::Select(LEVELS)) }
                { ctx.field(&format!("{at}.total"), "总费用（元）", Some("发票上的医疗费用总额"), Input::Decimal) }
                { ctx.field(&format!("{at}.compliant"), "合规费用（元）", Some("政策范围内（目录内）的费用，见结算单"), Input::Decimal) }
            </div>
            { ctx.check(&format!("{at}.out_of_county"), "在县外医院就诊") }
            <div class="mb-row">{ remove_button(ops, List::Visits(person), j, "这次就诊") }</div>
        </fieldset>
    }
}

pub fn relocation(ctx: &Ctx) -> Html {
    let relocating = ctx.form.get("relocation.scheme") != "renovation";
    html! {
        <fieldset>
            <legend>{"住房补助"}</legend>
            { ctx.field("relocation.scheme", "补助类型", None, Input::Select(SCHEMES)) }
            if relocating {
                { ctx.field("relocation.mode", "安置方式", None, Input::Select(MODES)) }
                <div class="mb-grid">
                    { ctx.field("relocation.jiandang_members", "建档立卡搬迁人数", None, Input::Integer) }
                    { ctx.field("relocation.tongbu_members", "同步搬迁人数", Some("随迁的非贫困人口，没有就填0"), Input::Integer) }
                </div>
            }
            <div class="mb-grid">
                { ctx.field("relocation.area_m2", "住房面积（平方米，可不填）", None, Input::Decimal) }
                { ctx.field("relocation.cost", "建房总造价（元，可不填）", Some("填写后可算出家庭自筹多少"), Input::Decimal) }
            </div>
            if relocating {
                <fieldset>
                    <legend>{"已经做到的（有奖励）"}</legend>
                    { for CONDITIONS.iter().map(|c| ctx.check(&format!("relocation.conditions_met.{}", condition_key(*c)), c.zh())) }
                </fieldset>
            }
        </fieldset>
    }
}

pub fn education(ctx: &Ctx, ops: &ListOps) -> Html {
    let children = ctx.form.len(List::Children);
    html! {
        <>
            { ctx.message("education.children") }
            { for (0..children).map(|i| {
                let at = List::Children.item(i);
                html! {
                    <fieldset key={at.clone()}>
                        <legend>{format!("在读子女 {}", i + 1)}</legend>
                        { ctx.message(&at) }
                        <div class="mb-grid">
                            { ctx.field(&format!("{at}.name"), "称呼（可不填）", None, Input::Text) }
                            { ctx.field(&format!("{at}.stage"), "就读阶段", None, Input::Select(STAGES)) }
                            { ctx.field(&format!("{at}.year"), "第几学年", Some("如一年级填1"), Input::Integer) }
                            { ctx.field(&format!("{at}.tuition_and_lodging"), "每年学费和住宿费（元，可不填）", Some("用于计算助学贷款额度"), Input::Decimal) }
                        </div>
                        { ctx.check(&format!("{at}.boarding"), "住校（寄宿生）") }
                        { ctx.check(&format!("{at}.key_university"), "今年考入二本B类及以上高校") }
                        if children > 1 { <div class="mb-row">{ remove_button(ops, List::Children, i, "这个孩子") }</div> }
                    </fieldset>
                }
            }) }
            <div class="mb-row">{ add_button(ops, ctx, List::Children, "一个孩子") }</div>
        </>
    }
}

pub fn dibao(ctx: &Ctx) -> Html {
    let tapering = ctx.form.flag("dibao.tapering");
    html! {
        <fieldset>
            <legend>{"低保与特困"}</legend>
            { ctx.field("dibao.annual_income", "全家一年总收入（元）", Some("所有家庭成员的年收入合计"), Input::Decimal) }
            { ctx.check("dibao.tapering", "家庭收入已经超过低保标准（渐退）") }
            if tapering {
                <div class="mb-grid">
                    { ctx.field("dibao.taper.stopped_month", "收入超过标准的月份", None, Input::Month) }
                    { ctx.field("dibao.taper.previous_annual_income", "超过标准前的全家年收入（元）", None, Input::Decimal) }
                </div>
            }
            <div class="mb-grid">
                { ctx.field("dibao.tekun_dispersed", "特困分散供养人数", Some("在家供养的特困人员，没有就填0"), Input::Integer) }
                { ctx.field("dibao.tekun_centralized", "特困集中供养人数", Some("在敬老院等机构供养，没有就填0"), Input::Integer) }
            </div>
        </fieldset>
    }
}
