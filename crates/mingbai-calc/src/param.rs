//! One figure of a policy with its provenance.

use serde::{Deserialize, Serialize};

/// How sure we are of a figure (see shared/policy-reference.md).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Status {
    /// stated in a seed report
    S,
    /// stated in a public text
    V,
    /// a national rule whose wording was not re-checked
    R,
    /// a named provincial or prefectural rule whose wording was not re-checked (省级规定): weaker
    /// than a national rule because it holds in one province only and is seldom published whole
    L,
    /// an assumption made for a complete example: shown as 示例
    A,
}

impl Status {
    pub fn zh(self) -> &'static str {
        match self {
            Status::S => "种子报告",
            Status::V => "公开报道",
            Status::R => "国家规定",
            Status::L => "省级规定",
            Status::A => "示例",
        }
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
