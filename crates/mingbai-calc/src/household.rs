//! Who the household is: the facts every calculator shares.

use crate::error::check;
use crate::CalcError;
use serde::{Deserialize, Serialize};

/// The household's registered category.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// 建档立卡贫困户 / 脱贫户
    Jiandang,
    /// 低保户
    Dibao,
    /// 特困供养
    Tekun,
    /// 边缘户 / 监测户
    Edge,
    /// 一般农户
    General,
}

impl Category {
    pub fn zh(self) -> &'static str {
        match self {
            Category::Jiandang => "建档立卡户",
            Category::Dibao => "低保户",
            Category::Tekun => "特困供养人员",
            Category::Edge => "边缘户",
            Category::General => "一般农户",
        }
    }
}

/// A group a policy is for: a category, or households with a disabled member.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Group {
    Jiandang,
    Dibao,
    Tekun,
    Edge,
    General,
    /// 贫困残疾人家庭: a household with a disabled member
    Disabled,
}

impl Group {
    pub fn zh(self) -> &'static str {
        match self {
            Group::Jiandang => Category::Jiandang.zh(),
            Group::Dibao => Category::Dibao.zh(),
            Group::Tekun => Category::Tekun.zh(),
            Group::Edge => Category::Edge.zh(),
            Group::General => Category::General.zh(),
            Group::Disabled => "有残疾人的家庭",
        }
    }
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
