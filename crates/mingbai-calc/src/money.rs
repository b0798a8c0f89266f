//! Exact money in integer 分.
//!
//! Rounding rule (the only one in the engine): a product of an amount and a rate, or a quotient, is
//! rounded to the nearest 分, halves away from zero. Sums are exact.
//!
//! Amounts a user can enter are bounded (see [`Money::MAX_INPUT`]), so sums of them stay far from
//! `i64`'s range; arithmetic saturates anyway so that no input can make the engine panic.

use serde::{de, Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Money(i64);

impl Money {
    pub const ZERO: Money = Money(0);
    /// 1 亿元: above this an entered amount is taken as a typing mistake.
    pub const MAX_INPUT: Money = Money(10_000_000_000);

    pub const fn from_fen(fen: i64) -> Money {
        Money(fen)
    }
    pub const fn yuan(yuan: i64) -> Money {
        Money(yuan.saturating_mul(100))
    }
    pub const fn fen(self) -> i64 {
        self.0
    }
    pub fn is_negative(self) -> bool {
        self.0 < 0
    }
    pub fn plus(self, other: Money) -> Money {
        Money(self.0.saturating_add(other.0))
    }
    /// Difference, never below zero: what is "left" of something.
    pub fn minus(self, other: Money) -> Money {
        Money(self.0.saturating_sub(other.0).max(0))
    }
    pub fn times(self, n: u32) -> Money {
        Money(self.0.saturating_mul(i64::from(n)))
    }
    pub fn mul_rate(self, rate: crate::Rate) -> Money {
        // A rate is at most 10 000, so the product fits in i64 for any amount below ~9.2e14 分
        // (every real one): the 64-bit division is several times cheaper than the 128-bit one and
        // rounds the same way (`mul_rate_matches_the_wide_path` checks it against the i128 path).
        match self.0.checked_mul(i64::from(rate.per_10k())) {
            Some(product) => Money(div_round_10k(product)),
            None => Money(div_round(
                i128::from(self.0).saturating_mul(i128::from(rate.per_10k())),
                10_000,
            )),
        }
    }
    /// `self × num / den`, rounded; zero when `den` is zero.
    pub fn mul_div(self, num: i64, den: i64) -> Money {
        Money(div_round(
            i128::from(self.0).saturating_mul(i128::from(num)),
            i128::from(den),
        ))
    }
    pub fn sum<I: IntoIterator<Item = Money>>(items: I) -> Money {
        items.into_iter().fold(Money::ZERO, Money::plus)
    }

    /// Parses "1234", "1234.5", "1234.50" (yuan). At most two decimals.
    pub fn parse(text: &str) -> Result<Money, String> {
        let t = text.trim().trim_end_matches('元');
        Money::digits(t, 0).map_err(|e| match e {
            AmountError::NotAmount => format!("“{text}”不是金额"),
            AmountError::Decimals => format!("“{text}”最多两位小数（到分）"),
            AmountError::TooLarge => format!("“{text}”金额过大"),
        })
    }

    /// The one reading of `[-]digits[.digits]` in units of 10^`shift` yuan, shared by the strict
    /// and the lenient reader: at most `shift + 2` decimals (to the 分), at most 12 digits of yuan.
    fn digits(t: &str, shift: usize) -> Result<Money, AmountError> {
        let (neg, t) = match t.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, t),
        };
        let (int, frac) = t.split_once('.').unwrap_or((t, ""));
        let digits_ok = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if int.is_empty()
            || !digits_ok(int)
            || !digits_ok(frac)
            || (t.contains('.') && frac.is_empty())
        {
            return Err(AmountError::NotAmount);
        }
        let places = shift.saturating_add(2);
        if frac.len() > places {
            return Err(AmountError::Decimals);
        }
        if int.len().saturating_add(shift) > 12 {
            return Err(AmountError::TooLarge);
        }
        let mut fen: i64 = 0;
        for b in int
            .bytes()
            .chain(frac.bytes())
            .chain(std::iter::repeat_n(b'0', places.saturating_sub(frac.len())))
        {
            fen = fen
                .saturating_mul(10)
                .saturating_add(i64::from(b.saturating_sub(b'0')));
        }
        Ok(Money(if neg { fen.saturating_neg() } else { fen }))
    }
}

/// Why an amount typed by a person could not be read: each reader words its own message (a form
/// names the field, a roster the cell), from the same rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AmountError {
    /// Not a number at all (`abc`, `1.`, `1.2.3`).
    NotAmount,
    /// More than two decimals of a yuan (`1.234`, `1.234567万`).
    Decimals,
    /// More digits than any real amount has.
    TooLarge,
}

impl AmountError {
    /// The message a form shows for `text`.
    pub fn message(self, text: &str) -> String {
        match self {
            AmountError::NotAmount => format!("“{text}”不是金额（应填数字，如 12000 或 1.2万）"),
            AmountError::Decimals => format!("“{text}”最多两位小数（到分）"),
            AmountError::TooLarge => format!("“{text}”金额过大"),
        }
    }
}

/// Full-width digits and punctuation as a Chinese input method types them, turned to ASCII; both
/// points (`．` and the sentence-ending `。`, which IMEs put where a point was meant) become `.`,
/// and separators (`,` `，` spaces) are dropped.
pub fn half_width(text: &str) -> String {
    text.trim()
        .chars()
        .filter_map(|c| match c {
            '０'..='９' => char::from_u32(
                u32::from(c)
                    .saturating_sub(u32::from('０'))
                    .saturating_add(u32::from('0')),
            ),
            '．' | '。' => Some('.'),
            '，' | ',' | ' ' | '\u{3000}' => None,
            '－' | '−' => Some('-'),
            c => Some(c),
        })
        .collect()
}

impl Money {
    /// Reads an amount as people type it, in a form or a spreadsheet cell: `12000`, `１２０００`,
    /// `12,000`, `12000元`, `1.2万`, `1.2万元`, `1234。5`. Negative amounts are returned as such:
    /// the caller says why they are wrong where they are wrong. Never guesses: `1.2.3`, `12k`
    /// and `1.234` are refused.
    pub fn parse_lenient(text: &str) -> Result<Money, AmountError> {
        let t = half_width(text);
        let t = t.strip_suffix('元').unwrap_or(&t);
        let (t, shift) = match t.strip_suffix('万') {
            Some(rest) => (rest, 4usize),
            None => (t, 0),
        };
        Money::digits(t, shift)
    }
}

/// `num / 10 000` rounded to the nearest, halves away from zero: [`div_round`] for the one
/// denominator of rates, in 64 bits.
fn div_round_10k(num: i64) -> i64 {
    let q = num / 10_000;
    let r = num % 10_000;
    if r >= 5_000 {
        q.saturating_add(1)
    } else if r <= -5_000 {
        q.saturating_sub(1)
    } else {
        q
    }
}

fn div_round(num: i128, den: i128) -> i64 {
    if den == 0 {
        return 0;
    }
    let q = num.checked_div(den).unwrap_or(0);
    let r = num.checked_rem(den).unwrap_or(0);
    let twice = r.saturating_abs().saturating_mul(2);
    let q = if twice >= den.saturating_abs() {
        if (num < 0) == (den < 0) {
            q.saturating_add(1)
        } else {
            q.saturating_sub(1)
        }
    } else {
        q
    };
    i64::try_from(q).unwrap_or(if q < 0 { i64::MIN } else { i64::MAX })
}

impl fmt::Display for Money {
    /// `1234.50`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        write!(f, "{sign}{}.{:02}", abs / 100, abs % 100)
    }
}

impl Money {
    /// `1234.50元`, or `1234元` when whole: how a figure reads on a card.
    pub fn zh(self) -> String {
        if self.0 % 100 == 0 {
            format!("{}元", self.0 / 100)
        } else {
            format!("{self}元")
        }
    }
}

impl Serialize for Money {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Money, D::Error> {
        struct V;
        impl de::Visitor<'_> for V {
            type Value = Money;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("金额（元）：整数，或最多两位小数的字符串，如 \"1234.50\"")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Money, E> {
                if v.unsigned_abs() > 1_000_000_000_000 {
                    return Err(E::custom(format!("“{v}”金额过大")));
                }
                Ok(Money::yuan(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Money, E> {
                let v = i64::try_from(v).map_err(|_| E::custom("金额过大"))?;
                self.visit_i64(v)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Money, E> {
                Money::parse(v).map_err(E::custom)
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
        assert_eq!(Money::parse("1234.5"), Ok(Money(123_450)));
        assert_eq!(Money::parse("3000元"), Ok(Money(300_000)));
        assert_eq!(Money::parse("-2.05"), Ok(Money(-205)));
        assert!(Money::parse("1.234").is_err());
        assert!(Money::parse("abc").is_err());
        assert!(Money::parse("1.").is_err());
        assert!(Money::parse("").is_err());
        assert_eq!(Money(123_450).to_string(), "1234.50");
        assert_eq!(Money(-5).to_string(), "-0.05");
        assert_eq!(Money(300_000).zh(), "3000元");
    }

    #[test]
    fn reads_amounts_as_people_type_them() {
        use AmountError::*;
        let table: &[(&str, Result<i64, AmountError>)] = &[
            ("12000", Ok(1_200_000)),
            ("１２０００", Ok(1_200_000)),
            ("12000元", Ok(1_200_000)),
            ("１２，０００．５０元", Ok(1_200_050)),
            ("1,200", Ok(120_000)),
            ("3 000", Ok(300_000)),
            ("1.2万", Ok(1_200_000)),
            ("1.2万元", Ok(1_200_000)),
            ("０．５万", Ok(500_000)),
            ("1.2345678万", Err(Decimals)),
            ("1.234566万", Ok(1_234_566)),
            ("3万", Ok(3_000_000)),
            ("1234。5", Ok(123_450)),
            ("1234．50", Ok(123_450)),
            (" 88 ", Ok(8_800)),
            ("-5", Ok(-500)),
            ("－5", Ok(-500)),
            ("1.234", Err(Decimals)),
            ("1.", Err(NotAmount)),
            (".5", Err(NotAmount)),
            ("1.2.3", Err(NotAmount)),
            ("12k", Err(NotAmount)),
            ("万", Err(NotAmount)),
            ("元", Err(NotAmount)),
            ("", Err(NotAmount)),
            ("abc", Err(NotAmount)),
            ("1万2", Err(NotAmount)),
            ("1234567890123", Err(TooLarge)),
            ("123456789万", Err(TooLarge)),
        ];
        for (text, want) in table {
            assert_eq!(Money::parse_lenient(text), want.map(Money), "{text:?}");
        }
        assert!(AmountError::NotAmount.message("x").contains("不是金额"));
    }

    /// The rounding of `mul_rate` before its 64-bit fast path, kept as the reference.
    fn mul_rate_wide(m: Money, rate: crate::Rate) -> Money {
        Money(div_round(
            i128::from(m.0).saturating_mul(i128::from(rate.per_10k())),
            10_000,
        ))
    }

    proptest::proptest! {
        #[test]
        fn mul_rate_matches_the_wide_path(fen in proptest::prelude::any::<i64>(), small in -20_000_000_000i64..20_000_000_000, per_10k in 0u32..=10_000) {
            let rate = crate::Rate::from_per_10k(per_10k);
            for m in [Money(fen), Money(small), Money(small.saturating_mul(10_000).saturating_add(fen % 10_000))] {
                proptest::prop_assert_eq!(m.mul_rate(rate), mul_rate_wide(m, rate), "{:?} × {:?}", m, rate);
            }
        }
    }

    #[test]
    fn mul_rate_fast_path_edges() {
        for fen in [
            0,
            1,
            -1,
            4999,
            5000,
            -5000,
            -5001,
            15_000,
            i64::MAX,
            i64::MIN,
            i64::MAX / 10_000,
            i64::MIN / 10_000,
            i64::MAX / 10_000 + 1,
        ] {
            for per_10k in [0, 1, 5000, 9999, 10_000] {
                let rate = crate::Rate::from_per_10k(per_10k);
                assert_eq!(
                    Money(fen).mul_rate(rate),
                    mul_rate_wide(Money(fen), rate),
                    "{fen} × {per_10k}"
                );
            }
        }
    }

    #[test]
    fn rounds_half_away_from_zero() {
        assert_eq!(Money(5).mul_rate(crate::Rate::from_per_10k(5000)), Money(3));
        assert_eq!(
            Money(-5).mul_rate(crate::Rate::from_per_10k(5000)),
            Money(-3)
        );
        assert_eq!(Money(270_000).mul_div(1, 12), Money(22_500));
        assert_eq!(Money(100).mul_div(1, 3), Money(33));
        assert_eq!(Money(100).mul_div(1, 0), Money(0));
    }
}
