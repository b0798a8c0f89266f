//! The Chinese name of every parameter path: the one table shared by the cards (mingbai-content's
//! figure tables) and the plain explanations of a result ("为什么是这个数"), so a figure is called the
//! same on a card and under a result, and no page has to show a code path.

use crate::medical::Level;
use crate::schema::{Field, Table};

/// The one name of the hospital level `l` names (`township` → 乡镇卫生院).
pub fn level_zh(l: &str) -> Option<&'static str> {
    Level::from_key(l).map(Level::zh)
}

/// How a figure's value reads.
#[derive(Clone, Copy, Debug)]
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

/// Label and kind of the figure `key` in the table at `group`, from the table's declaration.
pub fn label(group: &str, key: &str) -> Option<(String, Kind)> {
    let parts: Vec<&str> = group.split('.').collect();
    // One table, two places: the 起付线 of 门诊慢特病 is yearly, that of 普通门诊 per visit.
    let when = match (parts.as_slice(), key) {
        (["medical", "basic", "chronic_outpatient"], "deductible") => "（每年）",
        (["medical", "basic", "outpatient"], "deductible") => "（每次）",
        _ => "",
    };
    let (label, kind) = fields_at(&parts)?.iter().find(|f| f.key == key)?.label?;
    Some((format!("{label}{when}"), kind))
}

/// The declared table at a place in the parameter tree (items of arrays share their array's).
fn fields_at(parts: &[&str]) -> Option<&'static [Field]> {
    use crate::dibao::DibaoParams;
    use crate::education::Item;
    use crate::medical::*;
    use crate::relocation::{BuildSubsidy, Caps, Renovation, Reward};
    Some(match parts {
        ["medical", "basic"] => BasicParams::fields(),
        ["medical", "basic", "inpatient", _] => InpatientLevel::fields(),
        ["medical", "basic", "chronic_outpatient" | "outpatient"] => OutpatientParams::fields(),
        ["medical", "basic", "poor"] => BasicPoor::fields(),
        ["medical", "serious"] => SeriousParams::fields(),
        ["medical", "serious", "poor"] => SeriousPoor::fields(),
        ["medical", "assistance"] => AssistanceParams::fields(),
        ["medical", "backstop", "full_aid"] => FullAid::fields(),
        ["medical", "backstop", "min_inpatient_ratio"] => MinInpatientRatio::fields(),
        ["medical", "backstop", "oop_cap"] => OopCap::fields(),
        ["relocation", "build_subsidy"] => BuildSubsidy::fields(),
        ["relocation", "caps"] => Caps::fields(),
        ["relocation", "renovation"] => Renovation::fields(),
        ["relocation", "rewards"] => Reward::fields(),
        ["education", "items"] => Item::fields(),
        ["dibao"] => DibaoParams::fields(),
        _ => return None,
    })
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
