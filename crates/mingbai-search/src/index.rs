//! Building the index file (`search-index.json`) and reading it back.
//!
//! Format, version 1 (one JSON object, keys in this order):
//! - `v`: 1.
//! - `fold`: traditional→simplified pairs as one string, `"國国圖图…"` (traditional, then its
//!   simplified form), sorted by the traditional character. Only pairs whose simplified form
//!   occurs in some term are kept: a query character that folds to anything else cannot match
//!   either way, so the browser gets the whole effect of the fold from a few kilobytes.
//! - `docs`: one array per document, `[url, title, jurisdiction, category, summary]`, in the
//!   order given to [`build_index`]; a document's number is its position here.
//! - `terms`: an object from token to postings, keys sorted. Postings are numbers, one per
//!   document containing the token, in document order: `(doc − previous doc) × 16 + flags`
//!   (the previous doc starts at 0), where flags bit 0 = in the title, bit 1 = in the
//!   jurisdiction, category or summary, bits 2–3 = occurrences in the text, capped at 3.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::fold::{is_han, t2s_table};
use crate::tokenize::{tokenize, tokenize_with_pairs};

/// The version written in the index's `v` field.
pub const FORMAT_VERSION: u32 = 1;

const IN_TITLE: u64 = 1;
const IN_META: u64 = 2;
const TF_SHIFT: u32 = 2;
const TF_CAP: u64 = 3;
const FLAG_BITS: u64 = 16;

/// Weights of a token's places in a document; a title hit outweighs anything the text can give.
const TITLE_WEIGHT: u32 = 8;
const META_WEIGHT: u32 = 3;

/// One page to be found: what the search matches on and what a result shows.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchDoc {
    /// Link to the page, relative to the site root (`daixian/yulu-plan/`): the browser prefixes
    /// it with the root the search page declares, so the site works under any path.
    pub url: String,
    pub title: String,
    pub jurisdiction: String,
    pub category: String,
    pub summary: String,
    /// The body as plain text (Markdown stripped). Tags and other keywords may be appended.
    pub text: String,
}

/// One search result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SearchHit {
    pub url: String,
    pub title: String,
    pub jurisdiction: String,
    pub category: String,
    pub summary: String,
    pub score: u32,
}

#[derive(Serialize, Deserialize)]
struct IndexFile {
    v: u32,
    fold: String,
    docs: Vec<[String; 5]>,
    terms: BTreeMap<String, Vec<u64>>,
}

/// Builds the index file for `docs`. The same documents in the same order always give
/// byte-identical output.
pub fn build_index(docs: &[SearchDoc]) -> String {
    let mut postings: HashMap<String, Vec<u64>> = HashMap::new();
    let mut last_doc: HashMap<String, u64> = HashMap::new();
    for (n, doc) in docs.iter().enumerate() {
        let n = n as u64;
        let mut flags: HashMap<String, u64> = HashMap::new();
        for token in tokenize(&doc.title) {
            *flags.entry(token).or_default() |= IN_TITLE;
        }
        for field in [&doc.jurisdiction, &doc.category, &doc.summary] {
            for token in tokenize(field) {
                *flags.entry(token).or_default() |= IN_META;
            }
        }
        for token in tokenize(&doc.text) {
            let f = flags.entry(token).or_default();
            if (*f >> TF_SHIFT) < TF_CAP {
                *f += 1 << TF_SHIFT;
            }
        }
        for (term, f) in flags {
            let prev = last_doc.insert(term.clone(), n).unwrap_or(0);
            postings
                .entry(term)
                .or_default()
                .push((n - prev) * FLAG_BITS + f);
        }
    }
    let terms: BTreeMap<String, Vec<u64>> = postings.into_iter().collect();

    let used: BTreeSet<char> = terms.keys().flat_map(|t| t.chars()).collect();
    let fold = t2s_table()
        .iter()
        .filter(|(_, s)| used.contains(s))
        .flat_map(|(&t, &s)| [t, s])
        .collect();

    let file = IndexFile {
        v: FORMAT_VERSION,
        fold,
        docs: docs
            .iter()
            .map(|d| {
                [
                    d.url.clone(),
                    d.title.clone(),
                    d.jurisdiction.clone(),
                    d.category.clone(),
                    d.summary.clone(),
                ]
            })
            .collect(),
        terms,
    };
    // Serializing strings, numbers and maps with string keys cannot fail.
    serde_json::to_string(&file).unwrap_or_default()
}

/// Why an index file could not be read.
#[derive(Debug)]
pub enum IndexError {
    Json(serde_json::Error),
    Version(u32),
    Fold(String),
    Postings { term: String, reason: String },
}

impl fmt::Display for IndexError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IndexError::Json(e) => write!(f, "search index is not valid JSON: {e}"),
            IndexError::Version(v) => write!(
                f,
                "search index has format version {v}, this build reads {FORMAT_VERSION}"
            ),
            IndexError::Fold(why) => write!(f, "search index field `fold`: {why}"),
            IndexError::Postings { term, reason } => {
                write!(f, "search index postings of term {term:?}: {reason}")
            }
        }
    }
}

impl std::error::Error for IndexError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            IndexError::Json(e) => Some(e),
            _ => None,
        }
    }
}

/// A parsed index file, ready to answer queries exactly as `search.js` does.
pub struct Index {
    docs: Vec<[String; 5]>,
    fold: HashMap<char, char>,
    /// Decoded postings: (document number, flags).
    terms: BTreeMap<String, Vec<(usize, u64)>>,
}

impl Index {
    /// Parses and checks an index file written by [`build_index`].
    pub fn from_json(json: &str) -> Result<Index, IndexError> {
        let file: IndexFile = serde_json::from_str(json).map_err(IndexError::Json)?;
        if file.v != FORMAT_VERSION {
            return Err(IndexError::Version(file.v));
        }
        let chars: Vec<char> = file.fold.chars().collect();
        if chars.len() % 2 != 0 {
            return Err(IndexError::Fold("odd number of characters".into()));
        }
        let fold = chars.chunks(2).map(|p| (p[0], p[1])).collect();
        let n = file.docs.len();
        let mut terms = BTreeMap::new();
        for (term, codes) in file.terms {
            let mut decoded = Vec::with_capacity(codes.len());
            let mut doc = 0usize;
            for (i, code) in codes.into_iter().enumerate() {
                let delta = usize::try_from(code / FLAG_BITS).unwrap_or(usize::MAX);
                let flags = code % FLAG_BITS;
                let bad = |reason: &str| IndexError::Postings {
                    term: term.clone(),
                    reason: format!("entry {i}: {reason}"),
                };
                if i > 0 && delta == 0 {
                    return Err(bad("document listed twice"));
                }
                doc = doc
                    .checked_add(delta)
                    .filter(|&d| d < n)
                    .ok_or_else(|| bad(&format!("document number beyond the {n} documents")))?;
                if flags == 0 {
                    return Err(bad("no flags set"));
                }
                decoded.push((doc, flags));
            }
            terms.insert(term, decoded);
        }
        Ok(Index {
            docs: file.docs,
            fold,
            terms,
        })
    }

    /// Number of documents in the index.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// Documents matching `query`, best first: see [`Index::search_from`] with no home county.
    pub fn search(&self, query: &str) -> Vec<SearchHit> {
        self.search_from(query, None)
    }

    /// Documents matching `query` by bigram overlap, best first, documents of `home` (the
    /// searcher's own county, as in the `jurisdiction` field) before all others.
    ///
    /// A query token is strong unless it is one Han character (`元` in `3000元`, which matches
    /// nearly everything). A document is a hit when it contains at least half (rounded up) of the
    /// query's distinct strong tokens, or of all its tokens when none is strong: 搬迁补助 (搬迁
    /// 迁补 补助) finds 易地扶贫搬迁建房补助 by 搬迁 and 补助. A token scores, per document, 8
    /// for a title hit + 3 for a jurisdiction, category or summary hit + its occurrences in the
    /// text (at most 3); a one-character Han token matches every term containing that character,
    /// since in running text the character sits inside bigrams, and scores as the best such
    /// term. Order: home county first, then more strong tokens matched, then the score summed
    /// over all tokens, then document order.
    pub fn search_from(&self, query: &str, home: Option<&str>) -> Vec<SearchHit> {
        let mut tokens = tokenize_with_pairs(query, &self.fold);
        let mut seen = std::collections::HashSet::new();
        tokens.retain(|t| seen.insert(t.clone()));
        if tokens.is_empty() {
            return Vec::new();
        }
        let any_strong = tokens.iter().any(|t| is_strong(t));
        let counted = tokens
            .iter()
            .filter(|t| !any_strong || is_strong(t))
            .count();
        let need = counted.div_ceil(2);
        let mut total = vec![0u32; self.docs.len()];
        let mut matched = vec![0usize; self.docs.len()];
        for token in &tokens {
            let counts = !any_strong || is_strong(token);
            let mut best: BTreeMap<usize, u32> = BTreeMap::new();
            for postings in self.matching_terms(token) {
                for &(doc, flags) in postings {
                    let s = score(flags);
                    let e = best.entry(doc).or_insert(s);
                    *e = (*e).max(s);
                }
            }
            for (doc, s) in best {
                total[doc] += s;
                matched[doc] += usize::from(counts);
            }
        }
        let at_home = |d: usize| home.is_some_and(|h| !h.is_empty() && self.docs[d][2] == h);
        let mut hits: Vec<usize> = (0..self.docs.len())
            .filter(|&d| matched[d] >= need.max(1))
            .collect();
        hits.sort_by(|&a, &b| {
            at_home(b)
                .cmp(&at_home(a))
                .then(matched[b].cmp(&matched[a]))
                .then(total[b].cmp(&total[a]))
                .then(a.cmp(&b))
        });
        hits.into_iter()
            .map(|d| {
                let [url, title, jurisdiction, category, summary] = self.docs[d].clone();
                SearchHit {
                    url,
                    title,
                    jurisdiction,
                    category,
                    summary,
                    score: total[d],
                }
            })
            .collect()
    }

    fn matching_terms<'a>(&'a self, token: &str) -> Vec<&'a Vec<(usize, u64)>> {
        let mut chars = token.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) if is_han(c) => self
                .terms
                .iter()
                .filter(|(term, _)| term.starts_with(c) || term.ends_with(c))
                .map(|(_, p)| p)
                .collect(),
            _ => self.terms.get(token).into_iter().collect(),
        }
    }
}

/// Whether a query token counts towards a document's match: all but a lone Han character.
fn is_strong(token: &str) -> bool {
    let mut chars = token.chars();
    !matches!((chars.next(), chars.next()), (Some(c), None) if is_han(c))
}

fn score(flags: u64) -> u32 {
    let mut s = (flags >> TF_SHIFT) as u32;
    if flags & IN_TITLE != 0 {
        s += TITLE_WEIGHT;
    }
    if flags & IN_META != 0 {
        s += META_WEIGHT;
    }
    s
}

/// Parses `index_json` and runs one query: see [`Index::search`].
pub fn search(index_json: &str, query: &str) -> Result<Vec<SearchHit>, IndexError> {
    Ok(Index::from_json(index_json)?.search(query))
}

/// Parses `index_json` and runs one query from a home county: see [`Index::search_from`].
pub fn search_from(
    index_json: &str,
    query: &str,
    home: Option<&str>,
) -> Result<Vec<SearchHit>, IndexError> {
    Ok(Index::from_json(index_json)?.search_from(query, home))
}
