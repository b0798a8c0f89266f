//! The explanation behind every figure: ordered steps, each with its formula, numbers and sources.
//!
//! Explaining costs far more than computing (the strings), so the calculators write through a
//! [`Tracer`] that can be switched off: [`crate::compute_figures`] gives the same figures without the
//! steps, for batches. Whether an assumed figure was used is recorded either way.

use crate::param::{ParamUse, Status, P};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trace {
    pub steps: Vec<Step>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    /// What this step works out, in Chinese: "基本医保：第1次就诊（2019年4月10日 市级住院）".
    pub label: String,
    /// The rule with the numbers put in: "(合规 25000.00 − 起付线 600.00) × 75% = 18300.00".
    pub formula: String,
    /// The outcome as shown: "18300元", "收入条件符合", "还剩6个月，3199.98元".
    pub result: String,
    pub params: Vec<ParamUse>,
}

/// Collects a result's steps while it is computed (or only notes the statuses used, when off).
pub(crate) struct Tracer {
    on: bool,
    assumed: bool,
    steps: Vec<Step>,
}

impl Tracer {
    pub(crate) fn new(on: bool) -> Tracer {
        Tracer {
            on,
            assumed: false,
            steps: Vec::new(),
        }
    }
    pub(crate) fn on(&self) -> bool {
        self.on
    }
    pub(crate) fn cites(&self) -> Cites {
        Cites {
            on: self.on,
            assumed: false,
            list: Vec::new(),
        }
    }
    pub(crate) fn push(&mut self, cites: Cites, step: impl FnOnce(Vec<ParamUse>) -> Step) {
        self.assumed |= cites.assumed;
        if self.on {
            self.steps.push(step(cites.list));
        }
    }
    /// Whether any figure used is an assumption, so the result must carry the 示例 notice.
    pub(crate) fn assumed(&self) -> bool {
        self.assumed
    }
    pub(crate) fn finish(self) -> Trace {
        Trace { steps: self.steps }
    }
}

/// The parameters one step rests on.
pub(crate) struct Cites {
    on: bool,
    assumed: bool,
    list: Vec<ParamUse>,
}

impl Cites {
    /// Cites `p` under its dotted path, shown as `shown`; the two strings are made only when tracing.
    pub(crate) fn add<T>(
        &mut self,
        p: &P<T>,
        path: impl FnOnce() -> String,
        shown: impl FnOnce() -> String,
    ) {
        self.assumed |= p.s == Status::A;
        if self.on {
            self.list.push(ParamUse {
                path: path(),
                value: shown(),
                status: p.s,
                src: p.src.clone(),
                doc: p.doc.clone(),
            });
        }
    }
}

/// `cite!(cites, param, path, shown)`: adds a parameter to a step's sources, lazily.
macro_rules! cite {
    ($cites:expr, $p:expr, $path:expr, $shown:expr) => {
        $cites.add(
            &$p,
            || ::std::string::String::from($path),
            || ::std::string::ToString::to_string(&$shown),
        )
    };
}

/// `step!(tracer, cites, label, formula, result)`: records a step; the strings are made only when tracing.
macro_rules! step {
    ($t:expr, $cites:expr, $label:expr, $formula:expr, $result:expr) => {
        $t.push($cites, |params| $crate::trace::Step {
            label: ::std::string::String::from($label),
            formula: ::std::string::String::from($formula),
            result: ::std::string::String::from($result),
            params,
        })
    };
}

/// `text!(on, "...", args)`: a formatted string, or an empty one when not tracing.
macro_rules! text {
    ($on:expr, $($arg:tt)*) => {
        if $on { format!($($arg)*) } else { ::std::string::String::new() }
    };
}

pub(crate) use {cite, step, text};
