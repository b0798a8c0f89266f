//! The explanation behind every figure: ordered steps, each with its formula, numbers and sources.

use crate::param::{ParamUse, Status};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trace {
    pub steps: Vec<Step>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    /// What this step works out, in Chinese: "基本医保报销（第1次住院）".
    pub label: String,
    /// The rule with the numbers put in: "(25000.00 − 600.00) × 75% = 18300.00".
    pub formula: String,
    /// The outcome as shown: "18300.00元", "符合", "12个月".
    pub result: String,
    pub params: Vec<ParamUse>,
}

impl Trace {
    pub fn step(
        &mut self,
        label: impl Into<String>,
        formula: impl Into<String>,
        result: impl Into<String>,
        params: Vec<ParamUse>,
    ) {
        self.steps.push(Step {
            label: label.into(),
            formula: formula.into(),
            result: result.into(),
            params,
        });
    }
    /// Whether any figure used is an assumption, so the result must carry the 示例 notice.
    pub fn uses_assumption(&self) -> bool {
        self.steps
            .iter()
            .flat_map(|s| &s.params)
            .any(|p| p.status == Status::A)
    }
}
