//! The Chinese name of every parameter path: the one table shared by the cards (mingbai-content's
//! figure tables) and the plain explanations of a result ("为什么是这个数"), so a figure is called the
//! same on a card and under a result, and no page has to show a code path.

pub fn level_zh(l: &str) -> Option<&'static str> {
    Some(match l {
        "township" => "乡镇（一级）医院",
        "county" => "县级（二级）医院",
        "city" => "市级（三级）医院",
        "province" => "省级医院",
        _ => return None,
    })
}

/// How a figure's value reads.
#[derive(Clone, Copy)]
pub enum Kind {
    Money,
    Rate,
    /// a rate added to another: `5个百分点`
    Points,
    /// a multiplier of an amount: `×0.5`, `0` = waived
    Factor,
    Count(&'static str),
    Bool,
    Date,
    Bands,
    /// bands whose limits count from the 起付线 (`bands_from = "threshold"` beside them)
    BandsFromThreshold,
    BandsFrom,
    LevelRule,
    /// visit kinds and hospital levels a layer covers
    Scope,
    /// a list of hospital levels
    Levels,
}

/// Title of the table at `path` (relative to `params`), when it has figures of its own.
pub fn group_title(path: &str) -> Option<String> {
    let parts: Vec<&str> = path.split('.').collect();
    Some(match parts.as_slice() {
        ["medical", "basic"] => "基本医保".into(),
        ["medical", "basic", "inpatient", lvl] => format!("基本医保住院 · {}", level_zh(lvl)?),
        ["medical", "basic", "chronic_outpatient"] => "基本医保门诊慢特病".into(),
        ["medical", "basic", "outpatient"] => "基本医保普通门诊".into(),
        ["medical", "basic", "poor"] => "基本医保对困难群众的倾斜".into(),
        ["medical", "serious"] => "大病保险".into(),
        ["medical", "serious", "poor"] => "大病保险对困难群众的倾斜".into(),
        ["medical", "assistance"] => "医疗救助".into(),
        ["medical", "backstop", "full_aid"] => "兜底：合规费用全额保障".into(),
        ["medical", "backstop", "min_inpatient_ratio"] => "兜底：住院报销比例保底".into(),
        ["medical", "backstop", "oop_cap"] => "兜底：个人年度自付封顶".into(),
        ["relocation", "build_subsidy"] => "易地搬迁建房补助".into(),
        ["relocation", "caps"] => "易地搬迁面积与自筹上限".into(),
        ["relocation", "renovation"] => "危房改造补助".into(),
        ["dibao"] => "低保、渐退与特困供养".into(),
        _ => return None,
    })
}

/// Label and kind of the figure `key` in the table at `group`.
pub fn label(group: &str, key: &str) -> Option<(String, Kind)> {
    let parts: Vec<&str> = group.split('.').collect();
    let l = |s: &str, k: Kind| Some((s.to_string(), k));
    match (parts.as_slice(), key) {
        (["medical", "basic"], "annual_limit") => {
            l("年度统筹基金最高支付限额（每人）", Kind::Money)
        }
        (["medical", "basic", "inpatient", _], "deductible") => {
            l("住院起付线（每次）", Kind::Money)
        }
        (["medical", "basic", "inpatient", _], "rate") => l("住院报销比例", Kind::Rate),
        (["medical", "basic", "chronic_outpatient"], "deductible") => {
            l("起付线（每年）", Kind::Money)
        }
        (["medical", "basic", "outpatient"], "deductible") => l("起付线（每次）", Kind::Money),
        (["medical", "basic", _], "rate") => l("报销比例", Kind::Rate),
        (["medical", "basic", _], "annual_cap") => l("年度限额", Kind::Money),
        (["medical", "basic", "poor"], "deductible_factor") => l("住院起付线", Kind::Factor),
        (["medical", "basic", "poor"], "inpatient_rate_bonus") => {
            l("住院报销比例提高", Kind::Points)
        }
        (["medical", "basic", "poor"], "chronic_outpatient_rate_bonus") => {
            l("门诊慢特病报销比例提高", Kind::Points)
        }
        (["medical", "serious"], "threshold") => {
            l("起付线（年度累计个人负担合规费用）", Kind::Money)
        }
        (["medical", "serious"], "bands") => l("分段报销比例", Kind::Bands),
        (["medical", "serious"], "bands_from") => l("分段金额怎么算", Kind::BandsFrom),
        (["medical", ..], "scope") => l("适用范围（就诊类型；医院）", Kind::Scope),
        (["medical", "basic", "poor"], "chronic_outpatient_levels") => {
            l("门诊慢特病提高比例适用的医院", Kind::Levels)
        }
        (["medical", "serious"], "annual_cap") => l("年度最高支付限额", Kind::Money),
        (["medical", "serious", "poor"], "threshold_factor") => l("起付线", Kind::Factor),
        (["medical", "serious", "poor"], "band_rate_bonus") => l("各段报销比例提高", Kind::Points),
        (["medical", "serious", "poor"], "uncapped") => l("取消年度最高支付限额", Kind::Bool),
        (["medical", "assistance"], "deductible") => l("起付线", Kind::Money),
        (["medical", "assistance"], "rate") => l("救助比例", Kind::Rate),
        (["medical", "assistance"], "annual_cap") => l("年度救助限额", Kind::Money),
        (["medical", "backstop", "full_aid"], "min_age") => l("年龄", Kind::Count("周岁及以上")),
        (["medical", "backstop", "full_aid"], "in_county_only") => l("仅限县域内就医", Kind::Bool),
        (["medical", "backstop", "full_aid"], "from") => l("就医日期自", Kind::Date),
        (["medical", "backstop", "min_inpatient_ratio"], "ratio") => {
            l("住院合规费用报销比例不低于", Kind::Rate)
        }
        (
            ["medical", "backstop", "oop_cap"],
            lvl @ ("township" | "county" | "city" | "province"),
        ) => Some((
            format!("在{}就医，个人年度自付最多", level_zh(lvl)?),
            Kind::Money,
        )),
        (["medical", "backstop", "oop_cap"], "level_rule") => {
            l("在多级医院就医时", Kind::LevelRule)
        }
        (["medical", "backstop", "oop_cap"], "counts_noncompliant") => {
            l("目录外（不合规）费用计入封顶", Kind::Bool)
        }
        (["relocation", "build_subsidy"], "centralized") => l("集中安置（每人）", Kind::Money),
        (["relocation", "build_subsidy"], "dispersed") => l("分散安置（每人）", Kind::Money),
        (["relocation", "build_subsidy"], "tongbu_centralized") => {
            l("同步搬迁人口集中安置（每人）", Kind::Money)
        }
        (["relocation", "build_subsidy"], "tongbu_dispersed") => {
            l("同步搬迁人口分散安置（每人）", Kind::Money)
        }
        (["relocation", "caps"], "area_per_person_m2") => {
            l("人均住房面积不超过", Kind::Count("平方米"))
        }
        (["relocation", "caps"], "self_funding_per_person") => l("人均自筹不超过", Kind::Money),
        (["relocation", "caps"], "self_funding_per_household") => l("户均自筹不超过", Kind::Money),
        (["relocation", "renovation"], "per_household") => l("每户补助", Kind::Money),
        (["relocation", "rewards"], "per_person") => l("每人奖励", Kind::Money),
        (["relocation", "rewards"], "whole_village_only") => l("只发给整村搬迁户", Kind::Bool),
        (["relocation", "rewards"], "agreements_required") => l("要先签订拆旧复垦协议", Kind::Bool),
        (["relocation", "rewards"], "tongbu_counted") => l("同步搬迁人口也按人计", Kind::Bool),
        (["education", "items"], "amount") => l("金额", Kind::Money),
        (["education", "items"], "loan_floor") => l("最低贷款额", Kind::Money),
        (["dibao"], "standard") => l("农村低保标准（每人每年）", Kind::Money),
        (["dibao"], "taper_months") => l("收入超过标准后渐退期", Kind::Count("个月")),
        (["dibao"], "taper_months_disabled") => l("渐退期（家中有残疾人）", Kind::Count("个月")),
        (["dibao"], "tekun_dispersed") => l("特困人员分散供养标准（每人每年）", Kind::Money),
        (["dibao"], "tekun_centralized") => l("特困人员集中供养标准（每人每年）", Kind::Money),
        _ => None,
    }
}

/// The Chinese name of a parameter as a trace cites it (`medical.basic.inpatient.city.deductible`
/// → "基本医保住院 · 市级（三级）医院：住院起付线（每次）"). Items of `[[…]]` arrays are cited under
/// their `id` (`education.items.yulu.amount`), which names no table of its own: the label of the
/// array's figures is used. `None` for a path the table does not know (a test keeps that empty).
pub fn param_label(path: &str) -> Option<String> {
    let (group, key) = path.rsplit_once('.')?;
    let parts: Vec<&str> = group.split('.').collect();
    let table = match parts.as_slice() {
        ["education", "items", _] => "education.items".to_string(),
        ["relocation", "rewards", _] => "relocation.rewards".to_string(),
        _ => group.to_string(),
    };
    let (label, _) = label(&table, key)?;
    let title = match parts.as_slice() {
        ["education", "items", _] => Some("教育资助".to_string()),
        ["relocation", "rewards", "demolition"] => Some("拆旧奖励".to_string()),
        ["relocation", "rewards", "reclamation"] => Some("复垦奖励".to_string()),
        ["relocation", "rewards", _] => Some("搬迁奖励".to_string()),
        _ => group_title(group),
    };
    Some(match title {
        Some(t) => format!("{t}：{label}"),
        None => label,
    })
}
