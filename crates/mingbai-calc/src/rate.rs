//! Exact rates in parts per 10 000 (万分之一), between 0 and 1.

use serde::{de, Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Rate(u32);

impl Rate {
    pub const ZERO: Rate = Rate(0);
    pub const ONE: Rate = Rate(10_000);

    /// Values above 10 000 are clamped to 100%.
    pub const fn from_per_10k(n: u32) -> Rate {
        Rate(if n > 10_000 { 10_000 } else { n })
    }
    pub const fn per_10k(self) -> u32 {
        self.0
    }
    /// Adds percentage points, never above 100%.
    pub fn plus_points(self, bonus: Rate) -> Rate {
        Rate::from_per_10k(self.0.saturating_add(bonus.0))
    }
    pub fn complement(self) -> Rate {
        Rate(10_000u32.saturating_sub(self.0))
    }

    /// Parses "0.8", "0.055", "80%", "5.5%".
    pub fn parse(text: &str) -> Result<Rate, String> {
        let t = text.trim();
        let (t, percent) = match t.strip_suffix('%') {
            Some(rest) => (rest.trim(), true),
            None => (t, false),
        };
        let (int, frac) = t.split_once('.').unwrap_or((t, ""));
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if !digits(int) || (t.contains('.') && !digits(frac)) || int.len() > 6 {
            return Err(format!("“{text}”不是比例（应写成 \"0.80\" 或 \"80%\"）"));
        }
        let scale: usize = if percent { 2 } else { 4 };
        if frac.len() > scale {
            return Err(format!("“{text}”小数位过多（最多精确到万分之一）"));
        }
        let mut n: u64 = 0;
        for b in int.bytes().chain(frac.bytes()) {
            n = n
                .saturating_mul(10)
                .saturating_add(u64::from(b.saturating_sub(b'0')));
        }
        for _ in frac.len()..scale {
            n = n.saturating_mul(10);
        }
        if n > 10_000 {
            return Err(format!(
                "{text} is not a rate between 0 and 1（比例应在0到1之间）"
            ));
        }
        Ok(Rate(u32::try_from(n).unwrap_or(10_000)))
    }

    /// `80%`, `5.5%`: how a rate reads on a card.
    pub fn percent(self) -> String {
        let whole = self.0 / 100;
        let rest = self.0 % 100;
        if rest == 0 {
            format!("{whole}%")
        } else if rest.is_multiple_of(10) {
            format!("{whole}.{}%", rest / 10)
        } else {
            format!("{whole}.{rest:02}%")
        }
    }
}

impl fmt::Display for Rate {
    /// `0.8`, `0.055`, `1`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0 == 10_000 {
            return f.write_str("1");
        }
        let frac = format!("{:04}", self.0);
        write!(f, "0.{}", frac.trim_end_matches('0').max("0"))
    }
}

impl Serialize for Rate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Rate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Rate, D::Error> {
        struct V;
        impl de::Visitor<'_> for V {
            type Value = Rate;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("比例：字符串，如 \"0.80\" 或 \"80%\"")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Rate, E> {
                Rate::parse(v).map_err(E::custom)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Rate, E> {
                match v {
                    0 => Ok(Rate::ZERO),
                    1 => Ok(Rate::ONE),
                    _ => Err(E::custom(format!(
                        "{v} is not a rate between 0 and 1（比例应在0到1之间）"
                    ))),
                }
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Rate, E> {
                match u64::try_from(v) {
                    Ok(u) => self.visit_u64(u),
                    Err(_) => Err(E::custom(format!(
                        "{v} is not a rate between 0 and 1（比例应在0到1之间）"
                    ))),
                }
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints() {
        assert_eq!(Rate::parse("0.8"), Ok(Rate(8000)));
        assert_eq!(Rate::parse("80%"), Ok(Rate(8000)));
        assert_eq!(Rate::parse("5.5%"), Ok(Rate(550)));
        assert_eq!(Rate::parse("0.055"), Ok(Rate(550)));
        assert_eq!(Rate::parse("1"), Ok(Rate(10_000)));
        assert!(Rate::parse("1.2")
            .unwrap_err()
            .contains("1.2 is not a rate between 0 and 1"));
        assert!(Rate::parse("0.12345").is_err());
        assert!(Rate::parse("-0.1").is_err());
        assert_eq!(Rate(8000).to_string(), "0.8");
        assert_eq!(Rate(550).to_string(), "0.055");
        assert_eq!(Rate(0).to_string(), "0.0");
        assert_eq!(Rate(550).percent(), "5.5%");
        assert_eq!(Rate(8000).percent(), "80%");
        assert_eq!(Rate(8000).plus_points(Rate(3000)), Rate::ONE);
    }
}
