//! The tokenizer. `site/static/search.js` implements the same function; keep them in step
//! (`tests/golden/tokens.json` is the contract both are tested against).

use crate::fold::{class, fold_char, width_and_case, Class};

/// Splits text into search tokens.
///
/// Every character is first normalized (full-width → ASCII, ASCII lowercase, traditional →
/// simplified), then the text is cut into runs of one class:
/// - a run of Han characters gives its overlapping bigrams (`雨露计划` → `雨露 露计 计划`),
///   or the character itself when the run is one character long (`3000元` → `3000 元`);
/// - a run of ASCII digits is one token (`136`, `3000`); an ASCII comma between two digits is
///   a thousands separator and is skipped (`150,000` → `150000`);
/// - a run of ASCII letters is one lowercase token;
/// - anything else (punctuation, spaces, other scripts) separates runs and is dropped.
///
/// Tokens come in text order, repeats included.
pub fn tokenize(text: &str) -> Vec<String> {
    tokenize_with(text, fold_char)
}

/// [`tokenize`] with the traditional→simplified step limited to the pairs an index carries.
pub(crate) fn tokenize_with_pairs(
    text: &str,
    pairs: &std::collections::HashMap<char, char>,
) -> Vec<String> {
    tokenize_with(text, |c| {
        let c = width_and_case(c);
        pairs.get(&c).copied().unwrap_or(c)
    })
}

fn tokenize_with(text: &str, fold: impl Fn(char) -> char) -> Vec<String> {
    let mut tokens = Vec::new();
    let mut run: Vec<char> = Vec::new();
    let mut run_class = Class::Separator;
    let chars: Vec<char> = text.chars().map(fold).collect();
    for (i, &c) in chars.iter().enumerate() {
        let next_is_digit = chars.get(i + 1).is_some_and(char::is_ascii_digit);
        if c == ',' && run_class == Class::Digit && next_is_digit {
            continue;
        }
        let k = class(c);
        if k != run_class {
            flush(&mut tokens, &run, run_class);
            run.clear();
            run_class = k;
        }
        if k != Class::Separator {
            run.push(c);
        }
    }
    flush(&mut tokens, &run, run_class);
    tokens
}

fn flush(tokens: &mut Vec<String>, run: &[char], k: Class) {
    match k {
        Class::Separator => {}
        Class::Digit | Class::Latin => tokens.push(run.iter().collect()),
        Class::Han if run.len() == 1 => tokens.push(run[0].to_string()),
        Class::Han => tokens.extend(run.windows(2).map(|w| w.iter().collect::<String>())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Vec<String> {
        tokenize(s)
    }

    #[test]
    fn han_bigrams() {
        assert_eq!(t("雨露计划"), ["雨露", "露计", "计划"]);
        assert_eq!(t("低保"), ["低保"]);
        assert_eq!(t("元"), ["元"]);
        assert_eq!(t(""), Vec::<String>::new());
    }

    #[test]
    fn digits_kept_whole_and_split_from_han() {
        assert_eq!(t("3000元"), ["3000", "元"]);
        assert_eq!(t("“136”兜底保障"), ["136", "兜底", "底保", "保障"]);
        assert_eq!(t("每人3000元以内"), ["每人", "3000", "元以", "以内"]);
        assert_eq!(t("1234.50元"), ["1234", "50", "元"]);
        assert_eq!(t("８０％"), ["80"]);
        assert_eq!(t("150,000元"), ["150000", "元"]);
        assert_eq!(t("第1,2条"), ["第", "12", "条"]);
        assert_eq!(t("1, 2,a"), ["1", "2", "a"]);
    }

    #[test]
    fn latin_lowercased_and_split_from_digits() {
        assert_eq!(t("QR Code 5G"), ["qr", "code", "5", "g"]);
        assert_eq!(t("ＷｅＣｈａｔ微信"), ["wechat", "微信"]);
    }

    #[test]
    fn punctuation_and_other_scripts_separate() {
        assert_eq!(t("兜底，保障。"), ["兜底", "保障"]);
        assert_eq!(t("医保·救助"), ["医保", "救助"]);
        assert_eq!(t("café"), ["caf"]);
        assert_eq!(t("二〇一九年"), ["二〇", "〇一", "一九", "九年"]);
    }

    #[test]
    fn traditional_and_simplified_give_the_same_tokens() {
        let pairs = [
            ("雨露計劃", "雨露计划"),
            (
                "貧困學生補助生活費（每人3000元）",
                "贫困学生补助生活费（每人3000元）",
            ),
            ("農村低保標準提高到2900元/年", "农村低保标准提高到2900元/年"),
            ("易地扶貧搬遷集中安置", "易地扶贫搬迁集中安置"),
            ("醫療救助", "医疗救助"),
        ];
        for (traditional, simplified) in pairs {
            assert_eq!(t(traditional), t(simplified), "{traditional}");
            assert!(!t(simplified).is_empty());
        }
    }

    #[test]
    fn astral_han_is_han() {
        assert_eq!(t("𠀀𠀁"), ["𠀀𠀁"]);
    }
}
