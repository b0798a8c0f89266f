//! One figure of a policy with its provenance.

use serde::{Deserialize, Serialize};

crate::vocab! {
    /// How sure we are of a figure (see shared/policy-reference.md). Its word here is the only
    /// one any page, badge or roster shows.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
    pub enum Status {
        /// stated in a seed report
        S = "S" => "种子报告",
        /// stated in a public text
        V = "V" => "公开报道",
        /// a national rule whose wording was not re-checked
        R = "R" => "国家规定",
        /// a named provincial or prefectural rule whose wording was not re-checked: weaker than a
        /// national rule because it holds in one province only and is seldom published whole
        L = "L" => "省级规定",
        /// an assumption made for a complete example: shown as 示例
        A = "A" => "示例",
    }
}

/// The label every result and card using an assumed figure must carry.
pub const ASSUMPTION_NOTICE: &str = "示例参数，以当地最新文件为准";

/// A figure: its value, status, source text and the content document (slug) that states it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct P<T> {
    pub v: T,
    pub s: Status,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub src: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
}

impl<T: Copy> P<T> {
    pub fn get(&self) -> T {
        self.v
    }
}

/// A figure as used in a trace step.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParamUse {
    pub path: String,
    pub value: String,
    pub status: Status,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub src: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
}
