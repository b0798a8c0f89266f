//! Calendar dates and months, without a clock: the engine is told the date it computes for.

use crate::CalcError;
use serde::{de, Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    year: u16,
    month: u8,
}

/// Policies in scope start in the 1980s; anything outside this is a typing mistake.
const YEARS: std::ops::RangeInclusive<u16> = 1980..=2100;

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        _ => 28,
    }
}

fn number<T: std::str::FromStr>(s: &str, len: usize) -> Option<T> {
    (s.len() == len && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok())?
}

impl Date {
    pub fn new(year: u16, month: u8, day: u8) -> Option<Date> {
        (YEARS.contains(&year)
            && (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month))
        .then_some(Date { year, month, day })
    }
    pub fn parse(text: &str) -> Result<Date, String> {
        let mut parts = text.trim().split('-');
        let (y, m, d) = (parts.next(), parts.next(), parts.next());
        let parsed = match (y, m, d, parts.next()) {
            (Some(y), Some(m), Some(d), None) => number(y, 4)
                .zip(number(m, 2))
                .zip(number(d, 2))
                .map(|((y, m), d)| (y, m, d)),
            _ => None,
        };
        let (y, m, d) = parsed.ok_or_else(|| format!("“{text}”不是日期（应写成 2019-06-01）"))?;
        Date::new(y, m, d).ok_or_else(|| format!("“{text}”不是有效日期"))
    }
    pub fn year(self) -> u16 {
        self.year
    }
    pub fn month(self) -> Month {
        Month {
            year: self.year,
            month: self.month,
        }
    }
    pub fn zh(self) -> String {
        format!("{}年{}月{}日", self.year, self.month, self.day)
    }
}

impl Month {
    pub fn new(year: u16, month: u8) -> Option<Month> {
        (YEARS.contains(&year) && (1..=12).contains(&month)).then_some(Month { year, month })
    }
    pub fn parse(text: &str) -> Result<Month, String> {
        let parsed = text
            .trim()
            .split_once('-')
            .and_then(|(y, m)| number(y, 4).zip(number(m, 2)))
            .and_then(|(y, m)| Month::new(y, m));
        parsed.ok_or_else(|| format!("“{text}”不是月份（应写成 2019-05）"))
    }
    fn index(self) -> i64 {
        i64::from(self.year)
            .saturating_mul(12)
            .saturating_add(i64::from(self.month).saturating_sub(1))
    }
    fn from_index(i: i64) -> Option<Month> {
        let year = u16::try_from(i.div_euclid(12)).ok()?;
        let month = u8::try_from(i.rem_euclid(12).saturating_add(1)).ok()?;
        Month::new(year, month)
    }
    /// The month `n` months later; `None` past the supported years.
    pub fn plus(self, n: u32) -> Option<Month> {
        Month::from_index(self.index().saturating_add(i64::from(n)))
    }
    /// Whole months from `self` to `later` (negative when `later` is earlier).
    pub fn months_until(self, later: Month) -> i64 {
        later.index().saturating_sub(self.index())
    }
    /// The first day of the month.
    pub fn first_day(self) -> Option<Date> {
        Date::new(self.year, self.month, 1)
    }
    pub fn zh(self) -> String {
        format!("{}年{}月", self.year, self.month)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}
impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

macro_rules! string_serde {
    ($t:ty, $expect:literal) => {
        impl Serialize for $t {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }
        impl<'de> Deserialize<'de> for $t {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<$t, D::Error> {
                struct V;
                impl de::Visitor<'_> for V {
                    type Value = $t;
                    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                        f.write_str($expect)
                    }
                    fn visit_str<E: de::Error>(self, v: &str) -> Result<$t, E> {
                        <$t>::parse(v).map_err(E::custom)
                    }
                }
                d.deserialize_str(V)
            }
        }
    };
}
string_serde!(Date, "日期字符串，如 \"2019-06-01\"");
string_serde!(Month, "月份字符串，如 \"2019-05\"");

/// Checks that `date` lies in the calendar year of `as_of` and not after it.
pub(crate) fn within_year_of(
    date: Date,
    as_of: Date,
    field: impl crate::error::check::Field,
) -> Result<(), CalcError> {
    if date > as_of {
        return Err(CalcError::new(
            field.path(),
            format!("就诊日期{date}晚于计算日期{as_of}"),
            format!("date {date} is after the as-of date {as_of}"),
        ));
    }
    if date.year != as_of.year {
        return Err(CalcError::new(
            field.path(),
            format!("就诊日期{date}不在{}年度内（按年度累计计算）", as_of.year),
            format!("date {date} is not in the year {}", as_of.year),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert!(Date::parse("2019-02-29").is_err());
        assert!(Date::parse("2020-02-29").is_ok());
        assert!(Date::parse("20191115").is_err());
        assert!(Date::parse("2019-6-1").is_err());
        assert!(Date::parse("3019-06-01").is_err());
        assert_eq!(
            Date::parse("2019-06-01").map(|d| d.to_string()),
            Ok("2019-06-01".into())
        );
    }

    #[test]
    fn months() -> Result<(), String> {
        let m = Month::parse("2019-11")?;
        assert_eq!(m.plus(2).map(|m| m.to_string()), Some("2020-01".into()));
        assert_eq!(m.months_until(Month::parse("2020-11")?), 12);
        assert!(Month::parse("2019-13").is_err());
        Ok(())
    }
}
