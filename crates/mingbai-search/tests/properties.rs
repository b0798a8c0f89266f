//! Invariants checked on generated input: the tokenizer's output shape, and that the index
//! answers every query exactly as a brute-force search over the documents does.

use std::collections::HashMap;

use mingbai_search::{build_index, fold_char, is_han, tokenize, Index, SearchDoc};
use proptest::prelude::*;

/// Characters that exercise every rule: simplified and traditional forms of the same words,
/// digits and the thousands comma, full-width forms, latin, punctuation, an astral ideograph.
const ALPHABET: &[char] = &[
    '雨', '露', '计', '計', '划', '劃', '贫', '貧', '困', '元', '低', '保', '3', '0', '1', ',',
    '，', ' ', 'a', 'B', 'Ａ', '３', '。', '𠀀',
];

fn text(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(ALPHABET), 0..max)
        .prop_map(|chars| chars.into_iter().collect())
}

fn doc() -> impl Strategy<Value = SearchDoc> {
    (text(6), text(4), text(8), text(24)).prop_map(|(title, category, summary, text)| SearchDoc {
        url: String::new(),
        title,
        jurisdiction: "代县".into(),
        category,
        summary,
        text,
    })
}

fn docs() -> impl Strategy<Value = Vec<SearchDoc>> {
    prop::collection::vec(doc(), 1..7).prop_map(|mut docs| {
        for (i, d) in docs.iter_mut().enumerate() {
            d.url = format!("d{i}/");
        }
        docs
    })
}

/// The ranking rules written out plainly, on the documents rather than on the index.
fn brute_force(docs: &[SearchDoc], query: &str) -> Vec<(String, u32)> {
    let mut tokens = tokenize(query);
    let mut seen = std::collections::HashSet::new();
    tokens.retain(|t| seen.insert(t.clone()));
    if tokens.is_empty() {
        return Vec::new();
    }
    let mut scored = Vec::new();
    for (n, d) in docs.iter().enumerate() {
        let title = tokenize(&d.title);
        let meta: Vec<String> = [&d.jurisdiction, &d.category, &d.summary]
            .iter()
            .flat_map(|f| tokenize(f))
            .collect();
        let mut counts: HashMap<String, u32> = HashMap::new();
        for t in tokenize(&d.text) {
            *counts.entry(t).or_default() += 1;
        }
        let terms: Vec<&String> = title.iter().chain(&meta).chain(counts.keys()).collect();
        let strong = |q: &String| !(q.chars().count() == 1 && q.chars().all(is_han));
        let any_strong = tokens.iter().any(strong);
        let counted = tokens.iter().filter(|q| !any_strong || strong(q)).count();
        let mut total = 0;
        let mut matched = 0;
        for q in &tokens {
            let lone_han = q.chars().count() == 1 && q.chars().all(is_han);
            let best = terms
                .iter()
                .filter(|t| **t == q || (lone_han && t.contains(q.as_str())))
                .map(|t| {
                    8 * u32::from(title.contains(t))
                        + 3 * u32::from(meta.contains(t))
                        + counts.get(*t).copied().unwrap_or(0).min(3)
                })
                .max();
            if let Some(s) = best {
                total += s;
                if !any_strong || strong(q) {
                    matched += 1;
                }
            }
        }
        // At least half of the counted tokens, rounded up.
        if matched >= 1 && 2 * matched >= counted {
            scored.push((n, matched, total));
        }
    }
    scored.sort_by(|a, b| b.1.cmp(&a.1).then(b.2.cmp(&a.2)).then(a.0.cmp(&b.0)));
    scored
        .into_iter()
        .map(|(n, _, s)| (docs[n].url.clone(), s))
        .collect()
}

proptest! {
    #[test]
    fn tokens_are_well_formed(s in any::<String>()) {
        for token in tokenize(&s) {
            let chars: Vec<char> = token.chars().collect();
            prop_assert!(!chars.is_empty());
            prop_assert!(chars.iter().all(|&c| fold_char(c) == c), "{token:?} not normalized");
            let han = chars.iter().filter(|c| is_han(**c)).count();
            if han > 0 {
                prop_assert!(han == chars.len() && chars.len() <= 2, "{token:?}");
            } else {
                let digits = chars.iter().all(char::is_ascii_digit);
                let latin = chars.iter().all(char::is_ascii_lowercase);
                prop_assert!(digits || latin, "{token:?}");
            }
        }
    }

    #[test]
    fn tokenizing_is_idempotent_on_normalized_text(s in text(30)) {
        let normalized: String = s.chars().map(fold_char).collect();
        prop_assert_eq!(tokenize(&s), tokenize(&normalized));
    }

    #[test]
    fn index_answers_like_brute_force(docs in docs(), query in text(6)) {
        let json = build_index(&docs);
        let index = Index::from_json(&json).expect("own index parses");
        let got: Vec<(String, u32)> = index.search(&query).into_iter().map(|h| (h.url, h.score)).collect();
        prop_assert_eq!(got, brute_force(&docs, &query));
    }

    #[test]
    fn any_documents_give_a_deterministic_parseable_index(
        docs in prop::collection::vec(
            (any::<String>(), any::<String>(), any::<String>()).prop_map(|(url, title, text)| SearchDoc {
                url, title, text, ..Default::default()
            }),
            0..5,
        )
    ) {
        let json = build_index(&docs);
        prop_assert_eq!(&json, &build_index(&docs));
        let index = Index::from_json(&json).expect("own index parses");
        prop_assert_eq!(index.len(), docs.len());
    }
}
