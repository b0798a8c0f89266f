//! The four calculators' forms, the household fields they share, and the example a form opens with.

use crate::case::{condition_key, default_as_of, pilot_places, CONDITIONS};
use crate::field::{Ctx, Input};
use crate::form::{Form, List};
use crate::page::{Mode, PageSetup};
use mingbai_calc::education::Stage;
use mingbai_calc::medical::{Level, VisitKind};
use mingbai_calc::relocation::{Condition, Mode as Placement, Scheme};
use mingbai_calc::{Calculator, Category, Date, JurisdictionParams};
use yew::prelude::*;

// Every choice's words come from the engine's one vocabulary.
pub const CATEGORIES: &[(&str, &str)] = Category::CHOICES;
const LEVELS: &[(&str, &str)] = Level::CHOICES;
const KINDS: &[(&str, &str)] = VisitKind::CHOICES;
const SCHEMES: &[(&str, &str)] = Scheme::CHOICES;
const MODES: &[(&str, &str)] = Placement::CHOICES;
const STAGES: &[(&str, &str)] = Stage::CHOICES;

/// The form a page opens with: empty where only the household knows the answer (a stranger's
/// numbers would be taken for one's own, and typing into them appended to them); the worked
/// examples on the page and each field's placeholder show what to type. Only the date, and the
/// choices that have an obvious first answer, are set.
pub fn example(setup: &PageSetup) -> Form {
    let mut f = Form::default();
    let as_of = default_as_of(&setup.params, &setup.offered(), setup.today);
    let as_of_text = as_of.map(|d| d.to_string()).unwrap_or_default();
    f.set("as_of", as_of_text.clone());
    f.set("as_of_year", as_of_text.get(..4).unwrap_or_default());
    f.set("as_of_month", as_of_text.get(5..7).unwrap_or_default());
    f.set("household.size", "");
    // A 低保 page is for a 低保 household; elsewhere the household says what it is.
    let category = if setup.mode == Mode::One(Calculator::Dibao) {
        "dibao"
    } else {
        ""
    };
    f.set("household.category", category);
    f.set("household.place", "");
    add_person(&mut f, &as_of_text);
    add_child(&mut f);
    f.set("relocation.scheme", "relocation");
    f.set("relocation.mode", "centralized");
    f.set("relocation.jiandang_members", "");
    f.set("relocation.tongbu_members", "");
    f.set("relocation.area_m2", "");
    f.set("relocation.cost", "");
    f.set("dibao.annual_income", "");
    f.set(
        "dibao.taper.stopped_month",
        as_of.map(month_before).unwrap_or_default(),
    );
    f.set("dibao.taper.previous_annual_income", "");
    f.set("dibao.tekun_dispersed", "");
    f.set("dibao.tekun_centralized", "");
    for &c in Calculator::ALL {
        f.set_flag(format!("summary.{}", c.key()), true);
    }
    f
}

/// What a change of household size fills in: the fields that are the household size unless the
/// household says otherwise. Filled only while empty or still equal to the previous size, so that
/// a number the user typed is never overwritten.
pub fn follow_household_size(f: &mut Form, previous: &str, size: &str) {
    // (低保 reads the household size itself; it has no field of its own to fill.)
    let path = "relocation.jiandang_members";
    let now = f.get(path).trim().to_string();
    if now.is_empty() || now == previous.trim() {
        f.set(path, size.trim());
    }
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
        f.set(format!("{p}.age"), "");
        f.set(format!("{p}.category"), "");
        add_visit(f, i.saturating_sub(1), as_of);
    }
}

/// A new visit is dated inside the year being computed (the last visit's date, else the
/// computation date), so the one date the user picked carries through.
pub fn add_visit(f: &mut Form, person: usize, as_of: &str) {
    let n = f.len(List::Visits(person));
    let date = match n.checked_sub(1) {
        Some(last) => f
            .get(&format!("{}.date", List::Visits(person).item(last)))
            .to_string(),
        None => as_of.to_string(),
    };
    let date = if date.get(..4) == as_of.get(..4) {
        date
    } else {
        as_of.to_string()
    };
    if let Some(v) = f.push(List::Visits(person)) {
        f.set(format!("{v}.date"), date);
        f.set(format!("{v}.level"), "");
        f.set(format!("{v}.kind"), "inpatient");
        f.set(format!("{v}.total"), "");
        f.set(format!("{v}.compliant"), "");
    }
}

/// The date computed for when the household picks a year: its last day, so that every visit and
/// every month of that year falls on or before it.
pub fn year_end(year: &str) -> Option<String> {
    let y: u16 = year.trim().parse().ok()?;
    Date::new(y, 12, 31).map(|d| d.to_string())
}

/// The date computed for when a 渐退 family picks a month of the picked year: its last day, so
/// that the month counts as one still paid whatever day the payment falls on.
pub fn month_end(year: &str, month: &str) -> Option<String> {
    let y: u16 = year.trim().parse().ok()?;
    let m: u8 = month.trim().parse().ok()?;
    (28..=31)
        .rev()
        .find_map(|d| Date::new(y, m, d))
        .map(|d| d.to_string())
}

/// Sets the computation date (picked as a year, or typed exactly) and keeps the year choice in
/// step. Visits still on the old computation date were dated by the form, not by the household,
/// so they move with it; a date the household typed stays as typed.
pub fn set_as_of(f: &mut Form, new: &str) {
    let old = f.get("as_of").to_string();
    if !old.is_empty() && old != new {
        for p in 0..f.len(List::Persons) {
            for v in 0..f.len(List::Visits(p)) {
                let path = format!("{}.date", List::Visits(p).item(v));
                if f.get(&path) == old {
                    f.set(path, new);
                }
            }
        }
    }
    f.set("as_of", new);
    if let Some(y) = new.get(..4).filter(|y| y.parse::<u16>().is_ok()) {
        f.set("as_of_year", y);
    }
    if let Some(m) = new.get(5..7).filter(|m| m.parse::<u8>().is_ok()) {
        f.set("as_of_month", m);
    }
}

pub fn add_child(f: &mut Form) {
    if let Some(c) = f.push(List::Children) {
        f.set(format!("{c}.name"), "");
        f.set(format!("{c}.stage"), "");
        f.set(format!("{c}.year"), "");
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
    let years = offered_years(setup, ctx.form.get("as_of_year"));
    let labels: Vec<(String, String)> = years
        .iter()
        .map(|y| (y.to_string(), format!("{y}年")))
        .collect();
    let options: Vec<(&str, &str)> = labels
        .iter()
        .map(|(k, zh)| (k.as_str(), zh.as_str()))
        .collect();
    html! {
        <>
            { ctx.field(
                "as_of_year",
                "算哪一年",
                Some("选好年份，就按这一年的12月31日有效的政策算；看病的日期也会放在这一年里。"),
                Input::Select(&options),
            ) }
            // Open when the exact date has something to say: an error in a closed box is unseen.
            <details class="mb-exact-date" open={ctx.error("as_of").is_some()}>
                <summary>{"指定具体日期"}</summary>
                { ctx.field("as_of", "计算日期", Some(&hint), Input::Date) }
            </details>
        </>
    }
}

/// The years offered: from the first year any parameter set starts through two years after the
/// last one known (later years compute with the last known figures and say so), plus the year
/// picked if it is outside.
fn offered_years(setup: &PageSetup, picked: &str) -> Vec<u16> {
    let p = &setup.params;
    let bounds: Vec<(Date, Option<Date>)> = p
        .medical
        .iter()
        .map(|d| (d.from, d.to))
        .chain(p.relocation.iter().map(|d| (d.from, d.to)))
        .chain(p.education.iter().map(|d| (d.from, d.to)))
        .chain(p.dibao.iter().map(|d| (d.from, d.to)))
        .collect();
    let first = bounds.iter().map(|(f, _)| f.year()).min();
    let last = bounds
        .iter()
        .map(|(f, t)| t.unwrap_or(*f).year())
        .chain(setup.today.map(Date::year))
        .max();
    let mut years: Vec<u16> = match (first, last) {
        (Some(a), Some(b)) => (a..=b.saturating_add(2)).collect(),
        _ => Vec::new(),
    };
    if let Ok(y) = picked.parse::<u16>() {
        if !years.contains(&y) {
            years.push(y);
            years.sort_unstable();
        }
    }
    years
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
    let person_categories: Vec<(&str, &str)> = std::iter::once(("", "与家庭相同"))
        .chain(CATEGORIES.iter().copied())
        .collect();
    html! {
        <fieldset key={at.clone()}>
            <legend>{format!("就医人员 {}", i + 1)}</legend>
            { ctx.message(&at) }
            <div class="mb-grid">
                { ctx.field(&format!("{at}.name"), "称呼（可不填）", None, Input::Text) }
                { ctx.field(&format!("{at}.age"), "年龄（岁）", None, Input::Integer) }
            </div>
            { ctx.field(&format!("{at}.category"), "人员类别", None, Input::Select(&person_categories)) }
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

/// What the county's relocation parameters pay for, on any of its dates: 危房改造 only where a
/// set has its figure, and only the conditions its rewards name (with 整村搬迁 where a reward
/// asks for it). The form asks nothing the county does not pay.
pub struct RelocationOffers {
    pub renovation: bool,
    pub conditions: Vec<Condition>,
    pub whole_village: bool,
}

pub fn relocation_offers(p: &JurisdictionParams) -> RelocationOffers {
    let sets = || p.relocation.iter().map(|d| &d.params);
    let rewards = || sets().flat_map(|s| &s.rewards);
    let yes = |f: &Option<mingbai_calc::P<bool>>| f.as_ref().is_some_and(|b| b.v);
    RelocationOffers {
        renovation: sets().any(|s| s.renovation.is_some()),
        conditions: CONDITIONS
            .into_iter()
            .filter(|c| {
                rewards().any(|r| {
                    r.condition == *c
                        || (*c == Condition::Agreements && yes(&r.agreements_required))
                })
            })
            .collect(),
        whole_village: rewards().any(|r| yes(&r.whole_village_only)),
    }
}

pub fn relocation(ctx: &Ctx, params: &JurisdictionParams) -> Html {
    let offers = relocation_offers(params);
    let relocating = !offers.renovation || ctx.form.get("relocation.scheme") != "renovation";
    html! {
        <fieldset>
            <legend>{"住房补助"}</legend>
            if offers.renovation {
                { ctx.field("relocation.scheme", "补助类型", None, Input::Select(SCHEMES)) }
            }
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
            if relocating && offers.whole_village {
                { ctx.check("relocation.whole_village", "整村搬迁（全村一起搬；拆旧复垦奖励只发给整村搬迁户）") }
            }
            if relocating && !offers.conditions.is_empty() {
                <fieldset>
                    <legend>{"已经做到的（有奖励；没做到的奖励单独列为待发，不算进现在可领）"}</legend>
                    { for offers.conditions.iter().map(|c| ctx.check(&format!("relocation.conditions_met.{}", condition_key(*c)), c.zh())) }
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
    // A 渐退 family is paid month by month: the months left depend on the month asked about, a
    // month of the year picked above (the one date of the form, kept by `set_as_of`).
    let year = ctx.form.get("as_of_year");
    let month_labels: Vec<(String, String)> = (1..=12)
        .map(|m| (format!("{m:02}"), format!("{year}年{m}月")))
        .collect();
    let month_options: Vec<(&str, &str)> = month_labels
        .iter()
        .map(|(k, zh)| (k.as_str(), zh.as_str()))
        .collect();
    html! {
        <fieldset>
            <legend>{"低保与特困"}</legend>
            { ctx.field("dibao.annual_income", "全家一年总收入（元）", Some("所有家庭成员的年收入合计，不含特困供养金"), Input::Decimal) }
            { ctx.check("dibao.tapering", "家庭收入已经超过低保标准（渐退）") }
            if tapering {
                <div class="mb-grid">
                    { ctx.field("dibao.taper.stopped_month", "收入超过标准的月份", None, Input::Month) }
                    { ctx.field("dibao.taper.previous_annual_income", "超过标准前的全家年收入（元）", None, Input::Decimal) }
                </div>
                { ctx.field(
                    "as_of_month",
                    "算到哪个月",
                    Some("渐退期按月算：选好月份，就算从这个月起还能领几个月。年份在上面“算哪一年”里选。"),
                    Input::Select(&month_options),
                ) }
            }
            <div class="mb-grid">
                { ctx.field("dibao.tekun_dispersed", "特困分散供养人数", Some("在家供养的特困人员，没有就填0；特困人员领特困供养金，不再计入低保人数"), Input::Integer) }
                { ctx.field("dibao.tekun_centralized", "特困集中供养人数", Some("在敬老院等机构供养，没有就填0"), Input::Integer) }
            </div>
        </fieldset>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 代县 pays 危房改造 and rewards; the test county pays one reward and no 危房改造, and its form
    /// asks only about that (it used to offer both, then say “当地没有危房改造补助参数”).
    #[test]
    fn the_relocation_form_offers_only_what_the_county_pays() {
        let at = |p: &str| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(p);
        let real = mingbai_content::load(&at("../../content")).unwrap();
        let dai = relocation_offers(&real.params["daixian"]);
        assert!(dai.renovation && dai.conditions.len() > 1);
        let test = mingbai_content::load(&at("../mingbai-content/tests/fixtures/good")).unwrap();
        let ceshi = relocation_offers(&test.params["ceshi"]);
        assert!(!ceshi.renovation && !ceshi.whole_village);
        assert_eq!(ceshi.conditions, [Condition::Demolition]);
    }

    #[test]
    fn a_picked_year_moves_the_visits_the_form_dated_but_not_typed_ones() {
        assert_eq!(year_end("2019").as_deref(), Some("2019-12-31"));
        assert_eq!(year_end("二〇一九"), None);
        let mut f = Form::default();
        f.set("as_of", "2020-06-30");
        add_person(&mut f, "2020-06-30");
        add_visit(&mut f, 0, "2020-06-30");
        let v0 = format!("{}.date", List::Visits(0).item(0));
        let v1 = format!("{}.date", List::Visits(0).item(1));
        f.set(v1.clone(), "2020-03-04");
        set_as_of(&mut f, &year_end("2019").unwrap());
        assert_eq!(f.get("as_of"), "2019-12-31");
        assert_eq!(f.get("as_of_year"), "2019");
        assert_eq!(f.get(&v0), "2019-12-31", "defaulted: moves");
        assert_eq!(f.get(&v1), "2020-03-04", "typed: stays");
        let as_of = f.get("as_of").to_string();
        add_visit(&mut f, 0, &as_of);
        let v2 = format!("{}.date", List::Visits(0).item(2));
        assert_eq!(
            f.get(&v2),
            "2019-12-31",
            "a new visit is inside the picked year"
        );
        // An exact date typed in the 指定具体日期 box sets the year too.
        set_as_of(&mut f, "2018-05-01");
        assert_eq!(f.get("as_of_year"), "2018");
        assert_eq!(f.get(&v0), "2018-05-01");
    }

    #[test]
    fn a_picked_month_is_its_last_day_and_keeps_the_year() {
        assert_eq!(month_end("2020", "02").as_deref(), Some("2020-02-29"));
        assert_eq!(month_end("2019", "02").as_deref(), Some("2019-02-28"));
        assert_eq!(month_end("2020", "04").as_deref(), Some("2020-04-30"));
        assert_eq!(month_end("2020", "13"), None);
        let mut f = Form::default();
        set_as_of(&mut f, &month_end("2020", "03").unwrap());
        assert_eq!(f.get("as_of"), "2020-03-31");
        assert_eq!(f.get("as_of_year"), "2020");
        assert_eq!(f.get("as_of_month"), "03");
        // A year picked afterwards is the year's end: the month follows it to 12.
        set_as_of(&mut f, &year_end("2019").unwrap());
        assert_eq!(f.get("as_of_month"), "12");
    }
}
