//! Who the household is: the facts every calculator shares.

use crate::error::check;
use crate::CalcError;
use serde::{Deserialize, Serialize};

crate::vocab! {
    /// The household's registered category. The names are the seed reports' (建档立卡…户, 边缘户).
    #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
    pub enum Category {
        /// also 脱贫户 since 2021
        Jiandang = "jiandang" => "建档立卡户",
        Dibao = "dibao" => "低保户",
        Tekun = "tekun" => "特困供养人员",
        /// also 监测户 / 监测对象
        Edge = "edge" => "边缘户",
        General = "general" => "一般农户",
    }
}

crate::vocab! {
    /// A group a policy is for: a category, or households with a disabled member.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
    pub enum Group {
        Jiandang = "jiandang" => Category::Jiandang.zh(),
        Dibao = "dibao" => Category::Dibao.zh(),
        Tekun = "tekun" => Category::Tekun.zh(),
        Edge = "edge" => Category::Edge.zh(),
        General = "general" => Category::General.zh(),
        /// 贫困残疾人家庭
        Disabled = "disabled" => "有残疾人的家庭",
    }
}

impl Group {
    fn of(category: Category) -> Group {
        match category {
            Category::Jiandang => Group::Jiandang,
            Category::Dibao => Group::Dibao,
            Category::Tekun => Group::Tekun,
            Category::Edge => Group::Edge,
            Category::General => Group::General,
        }
    }
}

/// Whether someone of `category` (with or without a disabled member) is among `groups`.
pub fn belongs(groups: &[Group], category: Category, disabled: bool) -> bool {
    groups.contains(&Group::of(category)) || (disabled && groups.contains(&Group::Disabled))
}

pub fn groups_zh(groups: &[Group]) -> String {
    groups.iter().map(|g| g.zh()).collect::<Vec<_>>().join("、")
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Household {
    /// 家庭人口
    pub size: u32,
    pub category: Category,
    #[serde(default)]
    pub has_disabled_member: bool,
    /// 所在县（区）, for rules that apply to part of a jurisdiction only (a pilot county).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
}

impl Household {
    pub(crate) fn validate(&self) -> Result<(), CalcError> {
        check::range("household.size", "家庭人口", self.size, 1, 30)?;
        if self.place.as_ref().is_some_and(|p| p.chars().count() > 20) {
            return Err(CalcError::new(
                "household.place",
                "所在县（区）名称过长",
                "place name too long",
            ));
        }
        Ok(())
    }
}
