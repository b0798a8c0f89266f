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
