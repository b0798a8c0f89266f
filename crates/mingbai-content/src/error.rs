use std::fmt;
use std::path::{Path, PathBuf};

/// One problem in `content/`: where it is and why it is wrong.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ContentError {
    /// The file, as given relative to the folder the content was loaded from (`content/daixian/x.md`).
    pub file: PathBuf,
    /// 1-based line, when the problem is at one place in the file.
    pub line: Option<usize>,
    /// The dotted field (`params.medical.basic.rate`, `effective`) when there is one.
    pub field: Option<String>,
    pub reason: String,
}

impl ContentError {
    pub fn new(
        file: &Path,
        line: Option<usize>,
        field: Option<&str>,
        reason: impl Into<String>,
    ) -> Self {
        ContentError {
            file: file.to_path_buf(),
            line,
            field: field.filter(|f| !f.is_empty()).map(str::to_string),
            reason: reason.into(),
        }
    }
}

impl fmt::Display for ContentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        f.write_str(": ")?;
        if let Some(field) = &self.field {
            write!(f, "{field}: ")?;
        }
        f.write_str(&self.reason)
    }
}

impl std::error::Error for ContentError {}

/// All problems found in one pass, sorted by file and line so reports are stable.
#[derive(Debug, Clone, Default)]
pub struct Errors(pub Vec<ContentError>);

impl Errors {
    pub fn push(&mut self, e: ContentError) {
        self.0.push(e);
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn len(&self) -> usize {
        self.0.len()
    }
    pub fn extend(&mut self, other: Errors) {
        self.0.extend(other.0);
    }
    pub fn finish(mut self) -> Self {
        self.0.sort();
        self.0.dedup();
        self
    }
}

impl fmt::Display for Errors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Errors {}

/// Levenshtein distance in characters: how far a misspelt key is from a known one.
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            let next = (row[j] + 1).min(row[j + 1] + 1).min(prev + cost);
            prev = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

/// `candidates` sorted nearest first to `word` (stable, so equally near ones keep their order).
pub(crate) fn nearest_first<'a>(word: &str, candidates: &[&'a str]) -> Vec<&'a str> {
    let mut v: Vec<(usize, &str)> = candidates
        .iter()
        .map(|c| (edit_distance(word, c), *c))
        .collect();
    v.sort_by_key(|(d, _)| *d);
    v.into_iter().map(|(_, c)| c).collect()
}

/// The fix for a misspelt `key` among `known`: “是否应为 x？” when one is near (a third of its
/// length or two letters, whichever is more), else the list of what may be written there.
pub(crate) fn did_you_mean(key: &str, known: &[&str]) -> String {
    let sorted = nearest_first(key, known);
    match sorted.first() {
        Some(best) if edit_distance(key, best) <= (key.chars().count() / 3).max(2) => {
            format!("是否应为 {best}？")
        }
        _ => format!("这里可写的有：{}", known.join("、")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_near_key_is_suggested_a_far_one_lists_the_choices() {
        assert_eq!(edit_distance("centralised", "centralized"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        let known = ["centralized", "dispersed", "tongbu_centralized"];
        assert_eq!(
            did_you_mean("centralised", &known),
            "是否应为 centralized？"
        );
        assert_eq!(
            did_you_mean("xyz", &known),
            "这里可写的有：centralized、dispersed、tongbu_centralized"
        );
    }
}
