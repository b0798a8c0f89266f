//! Character normalization shared by the index and the query: full-width ASCII to ASCII, ASCII
//! lowercase, traditional Han characters to simplified.
//!
//! The browser repeats the first two steps with arithmetic and the third with the fold pairs the
//! index carries (see [`crate::build_index`]), so the rules here and in `site/static/search.js`
//! must stay in step; the golden files under `tests/` check that they do.

use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The kind of a normalized character, which decides how a run of it becomes tokens.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Class {
    Digit,
    Latin,
    Han,
    Separator,
}

pub(crate) fn class(c: char) -> Class {
    match c {
        '0'..='9' => Class::Digit,
        'a'..='z' => Class::Latin,
        _ if is_han(c) => Class::Han,
        _ => Class::Separator,
    }
}

/// Han ideographs: the unified blocks, extension A, the compatibility block, planes 2 and 3
/// (extensions B onwards) and 〇, which counts as a digit in dates like 二〇一九.
pub fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3007 | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF)
}

/// Full-width digits and letters (what a Chinese IME types in full-width mode) become ASCII;
/// ASCII letters become lowercase. Everything else is returned unchanged.
pub(crate) fn width_and_case(c: char) -> char {
    let u = c as u32;
    let ascii = match u {
        0xFF10..=0xFF19 => u - 0xFF10 + u32::from(b'0'),
        0xFF21..=0xFF3A => u - 0xFF21 + u32::from(b'a'),
        0xFF41..=0xFF5A => u - 0xFF41 + u32::from(b'a'),
        _ => return c.to_ascii_lowercase(),
    };
    char::from_u32(ascii).unwrap_or(c)
}

/// The traditional→simplified table, one character to one character, taken from `fast2s`.
///
/// `fast2s::convert` also has a handful of two-character context rules (计畫 vs 畫圖); a search
/// fold must not depend on neighbours, or the browser would need those rules too. Converting
/// each character on its own gives the plain table with no context.
pub fn t2s_table() -> &'static BTreeMap<char, char> {
    static TABLE: OnceLock<BTreeMap<char, char>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = BTreeMap::new();
        let mut buf = [0u8; 4];
        // fast2s converts three-byte (BMP) characters only, so the BMP Han blocks are enough.
        let ranges = [0x3400..=0x4DBF_u32, 0x4E00..=0x9FFF, 0xF900..=0xFAFF];
        for c in ranges.into_iter().flatten().filter_map(char::from_u32) {
            let converted = fast2s::convert(c.encode_utf8(&mut buf));
            let mut chars = converted.chars();
            if let (Some(s), None) = (chars.next(), chars.next()) {
                if s != c && is_han(s) {
                    table.insert(c, s);
                }
            }
        }
        // A fold must be idempotent, or a folded document and a folded query could differ.
        let snapshot = table.clone();
        for s in table.values_mut() {
            while let Some(&next) = snapshot.get(s) {
                if next == *s {
                    break;
                }
                *s = next;
            }
        }
        table
    })
}

/// Normalizes one character with the full traditional→simplified table.
pub fn fold_char(c: char) -> char {
    let c = width_and_case(c);
    t2s_table().get(&c).copied().unwrap_or(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_idempotent_and_han_only() {
        let table = t2s_table();
        assert!(table.len() > 2000, "table has {} pairs", table.len());
        for (&t, &s) in table {
            assert!(is_han(t) && is_han(s));
            assert_ne!(t, s);
            assert!(!table.contains_key(&s), "{t}→{s} but {s} folds again");
        }
    }

    #[test]
    fn known_pairs() {
        for (t, s) in [
            ('貧', '贫'),
            ('計', '计'),
            ('劃', '划'),
            ('畫', '画'),
            ('裡', '里'),
            ('爲', '为'),
        ] {
            assert_eq!(fold_char(t), s, "{t}");
        }
        // Simplified characters and characters outside the table stay as they are.
        for c in ['贫', '覆', '元', '〇', '。'] {
            assert_eq!(fold_char(c), c);
        }
    }

    #[test]
    fn width_and_case_folding() {
        assert_eq!(fold_char('３'), '3');
        assert_eq!(fold_char('Ａ'), 'a');
        assert_eq!(fold_char('ｚ'), 'z');
        assert_eq!(fold_char('Q'), 'q');
        assert_eq!(fold_char('　'), '　');
    }
}
