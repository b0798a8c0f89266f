use serde::{Deserialize, Serialize};
use std::fmt;

/// Why a case or a parameter set could not be computed: the field it concerns (a dotted path such as
/// `medical.persons[0].visits[1].compliant`), and the reason in Chinese and in English.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalcError {
    pub field: String,
    pub zh: String,
    pub en: String,
}

impl CalcError {
    pub fn new(
        field: impl Into<String>,
        zh: impl Into<String>,
        en: impl Into<String>,
    ) -> CalcError {
        CalcError {
            field: field.into(),
            zh: zh.into(),
            en: en.into(),
        }
    }
}

impl fmt::Display for CalcError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}（{}）", self.field, self.zh, self.en)
    }
}

impl std::error::Error for CalcError {}

/// Small checks shared by input and parameter validation.
pub(crate) mod check {
    use super::CalcError;
    use crate::Money;

    /// A field's dotted path, or a closure making it: paths are built only for an error.
    pub trait Field {
        fn path(self) -> String;
    }
    impl Field for &str {
        fn path(self) -> String {
            self.to_string()
        }
    }
    impl Field for &String {
        fn path(self) -> String {
            self.clone()
        }
    }
    impl<F: FnOnce() -> String> Field for F {
        fn path(self) -> String {
            self()
        }
    }

    pub fn amount(field: impl Field, m: Money) -> Result<(), CalcError> {
        if !m.is_negative() && m <= Money::MAX_INPUT {
            return Ok(());
        }
        let field = field.path();
        if m.is_negative() {
            return Err(CalcError::new(
                field,
                format!("金额不能为负数（{m}）"),
                format!("{m} is negative"),
            ));
        }
        if m > Money::MAX_INPUT {
            return Err(CalcError::new(
                field,
                format!("金额{}超过1亿元，请检查是否输错", m.zh()),
                format!("{m} is above 100 million yuan"),
            ));
        }
        Ok(())
    }

    pub fn range(
        field: impl Field,
        what_zh: &str,
        v: u32,
        lo: u32,
        hi: u32,
    ) -> Result<(), CalcError> {
        if v < lo || v > hi {
            return Err(CalcError::new(
                field.path(),
                format!("{what_zh}应在{lo}到{hi}之间（现为{v}）"),
                format!("{v} is not between {lo} and {hi}"),
            ));
        }
        Ok(())
    }
}
