//! `{{ param("medical.backstop.oop_cap.city") }}` in a document body: a figure quoted by path, so
//! prose and figure cannot drift apart.

use std::path::Path;

use crate::{ContentError, Errors};

/// A run of body text or a quoted figure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece<'a> {
    Text(&'a str),
    Param { path: &'a str, line: usize },
}

/// Splits `body` into text and `{{ param("…") }}` quotes. `exists` says whether a path can be
/// resolved; unknown paths and malformed `{{ … }}` are errors with the file and line.
pub fn split_shortcodes<'a>(
    body: &'a str,
    first_line: usize,
    file: &Path,
    exists: impl Fn(&str) -> bool,
) -> Result<Vec<Piece<'a>>, Errors> {
    let mut pieces = Vec::new();
    let mut errors = Errors::default();
    let mut rest = body;
    let mut consumed = 0;
    while let Some(start) = rest.find("{{") {
        let line = first_line + body[..consumed + start].matches('\n').count();
        if start > 0 {
            pieces.push(Piece::Text(&rest[..start]));
        }
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else {
            errors.push(ContentError::new(
                file,
                Some(line),
                None,
                "“{{” without a closing “}}”",
            ));
            return Err(errors);
        };
        let inner = after[..end].trim();
        match parse_param(inner) {
            Some(path) if exists(path) => pieces.push(Piece::Param { path, line }),
            Some(path) => errors.push(ContentError::new(
                file,
                Some(line),
                None,
                format!("param(\"{path}\")：本文件和本县其他文件里都没有这个数字（no such figure in this document or (once) in its jurisdiction）"),
            )),
            None => errors.push(ContentError::new(file, Some(line), None, format!("“{{{{ {inner} }}}}” is not a shortcode; write {{{{ param(\"medical.basic.annual_limit\") }}}}"))),
        }
        let skip = start + 2 + end + 2;
        consumed += skip;
        rest = &rest[skip..];
    }
    if !rest.is_empty() {
        pieces.push(Piece::Text(rest));
    }
    if errors.is_empty() {
        Ok(pieces)
    } else {
        Err(errors)
    }
}

fn parse_param(inner: &str) -> Option<&str> {
    let args = inner
        .strip_prefix("param")?
        .trim_start()
        .strip_prefix('(')?
        .strip_suffix(')')?
        .trim();
    let path = args
        .strip_prefix('"')
        .and_then(|a| a.strip_suffix('"'))
        .or_else(|| args.strip_prefix('\'').and_then(|a| a.strip_suffix('\'')))?;
    (!path.is_empty() && !path.contains(['"', '\''])).then_some(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_and_reports_lines() {
        let body = "a\nb {{ param(\"x.y\") }} c\n{{ param('z') }}";
        let p = split_shortcodes(body, 10, Path::new("f.md"), |p| p == "x.y" || p == "z").unwrap();
        assert_eq!(
            p,
            vec![
                Piece::Text("a\nb "),
                Piece::Param {
                    path: "x.y",
                    line: 11
                },
                Piece::Text(" c\n"),
                Piece::Param {
                    path: "z",
                    line: 12
                }
            ]
        );
        let e = split_shortcodes(body, 10, Path::new("f.md"), |p| p == "x.y").unwrap_err();
        assert_eq!(
            e.to_string(),
            "f.md:12: param(\"z\")：本文件和本县其他文件里都没有这个数字（no such figure in this document or (once) in its jurisdiction）"
        );
        let e = split_shortcodes("x {{ foo }}", 3, Path::new("f.md"), |_| true).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("f.md:3: “{{ foo }}” is not a shortcode"),
            "{e}"
        );
    }
}
