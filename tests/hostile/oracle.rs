//! The safety oracle shared by the hostile-content tests (`crates/mingbai-site/tests/hostile.rs`)
//! and the content fuzz target (`fuzz/fuzz_targets/content_pipeline.rs`), both of which include
//! this file with `#[path]`: one definition of "a safe page" for both.
//!
//! It is a small HTML tokenizer, not a validator: it finds every real tag of a generated page (text
//! is escaped, so a raw `<` followed by a letter is a tag) and refuses what would run script or load
//! another origin — `<script>` other than the page's own, event-handler attributes, `javascript:`,
//! `vbscript:` and `data:` URLs, frames, objects, `<base>`, `<meta http-equiv=refresh>` — and checks
//! that the embedded parameters (`<script type="application/json">`) are still valid JSON, which
//! they would not be if content had closed the element early.

#![allow(dead_code)]

/// One tag: lower-cased name, attributes (lower-cased name, raw value), closing or not.
#[derive(Debug)]
pub struct Tag {
    pub name: String,
    pub attrs: Vec<(String, Option<String>)>,
    pub closing: bool,
}

impl Tag {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .and_then(|(_, v)| v.as_deref())
    }
}

/// Decodes the character references a browser would decode in an attribute value, enough to see
/// `java&#x73;cript:` and `&colon;` for what they are.
pub fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let end = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '#'))
            .unwrap_or(after.len());
        let name = &after[..end];
        let decoded = if let Some(num) = name.strip_prefix('#') {
            let n = if let Some(hex) = num.strip_prefix(['x', 'X']) {
                u32::from_str_radix(hex, 16).ok()
            } else {
                num.parse::<u32>().ok()
            };
            n.and_then(char::from_u32)
        } else {
            match name.to_ascii_lowercase().as_str() {
                "colon" => Some(':'),
                "tab" => Some('\t'),
                "newline" => Some('\n'),
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "sol" => Some('/'),
                "lpar" => Some('('),
                _ => None,
            }
        };
        match decoded {
            Some(c) => {
                out.push(c);
                let skip = if after[end..].starts_with(';') {
                    end + 1
                } else {
                    end
                };
                rest = &after[skip..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The scheme a browser would see in a URL attribute: control characters and whitespace are
/// dropped (browsers strip them), case folded.
pub fn url_scheme(value: &str) -> Option<String> {
    let cleaned: String = decode_entities(value)
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    let colon = cleaned.find(':')?;
    let scheme = &cleaned[..colon];
    if scheme.contains(['/', '?', '#']) {
        return None;
    }
    Some(scheme.to_string())
}

const URL_ATTRS: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "data",
    "poster",
    "background",
    "cite",
    "srcset",
    "ping",
];
const FORBIDDEN_TAGS: &[&str] = &[
    "iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal",
];

/// Every tag of `html`, skipping comments, doctype and the text of raw-text elements; the text of
/// each `<script>` is returned with its tag.
pub fn tags(html: &str) -> Result<Vec<(Tag, Option<String>)>, String> {
    let b = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'<' {
            i += 1;
            continue;
        }
        if html[i..].starts_with("<!--") {
            match html[i + 4..].find("-->") {
                Some(e) => {
                    i = i + 4 + e + 3;
                    continue;
                }
                None => return Err("unterminated comment".into()),
            }
        }
        if html[i..].starts_with("<!") || html[i..].starts_with("<?") {
            match html[i..].find('>') {
                Some(e) => {
                    i += e + 1;
                    continue;
                }
                None => return Err("unterminated declaration".into()),
            }
        }
        let mut j = i + 1;
        let closing = b.get(j) == Some(&b'/');
        if closing {
            j += 1;
        }
        if !b.get(j).is_some_and(|c| c.is_ascii_alphabetic()) {
            // A browser reads this `<` as text.
            i += 1;
            continue;
        }
        let start = j;
        while j < b.len() && !(b[j].is_ascii_whitespace() || b[j] == b'>' || b[j] == b'/') {
            j += 1;
        }
        let name = html[start..j].to_ascii_lowercase();
        let mut attrs = Vec::new();
        loop {
            while j < b.len() && (b[j].is_ascii_whitespace() || b[j] == b'/') {
                j += 1;
            }
            if j >= b.len() {
                return Err(format!("unterminated tag <{name}"));
            }
            if b[j] == b'>' {
                j += 1;
                break;
            }
            let a = j;
            while j < b.len()
                && !(b[j].is_ascii_whitespace() || b[j] == b'>' || b[j] == b'=' || b[j] == b'/')
            {
                j += 1;
            }
            let aname = html[a..j].to_ascii_lowercase();
            while j < b.len() && b[j].is_ascii_whitespace() {
                j += 1;
            }
            let mut value = None;
            if b.get(j) == Some(&b'=') {
                j += 1;
                while j < b.len() && b[j].is_ascii_whitespace() {
                    j += 1;
                }
                match b.get(j) {
                    Some(&q) if q == b'"' || q == b'\'' => {
                        let v0 = j + 1;
                        let Some(e) = html[v0..].find(q as char) else {
                            return Err(format!("unterminated attribute value in <{name}"));
                        };
                        value = Some(html[v0..v0 + e].to_string());
                        j = v0 + e + 1;
                    }
                    _ => {
                        let v0 = j;
                        while j < b.len() && !(b[j].is_ascii_whitespace() || b[j] == b'>') {
                            j += 1;
                        }
                        value = Some(html[v0..j].to_string());
                    }
                }
            }
            if !aname.is_empty() {
                attrs.push((aname, value));
            }
        }
        let raw_text =
            !closing && matches!(name.as_str(), "script" | "style" | "textarea" | "title");
        let mut text = None;
        if raw_text {
            let lower = html[j..].to_ascii_lowercase();
            let end_tag = format!("</{name}");
            let Some(e) = lower.find(&end_tag) else {
                return Err(format!("<{name}> is never closed"));
            };
            text = Some(html[j..j + e].to_string());
            j += e;
        }
        out.push((
            Tag {
                name,
                attrs,
                closing,
            },
            text,
        ));
        i = j;
    }
    Ok(out)
}

/// Checks one generated HTML page; `Err` names the first unsafe thing found.
pub fn check_page(html: &str) -> Result<(), String> {
    let mut ids = std::collections::BTreeSet::new();
    for (tag, text) in tags(html)? {
        if tag.closing {
            continue;
        }
        // The page's scripts find their elements by id: content must not be able to take one.
        if let Some(id) = tag.attr("id") {
            if !ids.insert(id.to_string()) {
                return Err(format!("id \"{id}\" is used twice (on <{}>)", tag.name));
            }
        }
        if FORBIDDEN_TAGS.contains(&tag.name.as_str()) {
            return Err(format!("forbidden element <{}>: {:?}", tag.name, tag.attrs));
        }
        if tag.name == "meta"
            && tag
                .attr("http-equiv")
                .is_some_and(|v| v.eq_ignore_ascii_case("refresh"))
        {
            return Err("<meta http-equiv=refresh>".into());
        }
        for (name, value) in &tag.attrs {
            if name.starts_with("on") {
                return Err(format!(
                    "event-handler attribute {name} on <{}> ({value:?})",
                    tag.name
                ));
            }
            if name == "srcdoc" {
                return Err(format!("srcdoc attribute on <{}>", tag.name));
            }
            if let Some(v) = value {
                if URL_ATTRS.contains(&name.as_str()) {
                    let scheme = url_scheme(v);
                    let bad = match scheme.as_deref() {
                        Some("javascript" | "vbscript") => true,
                        // Inline pictures are allowed by the CSP (img-src data:), nothing else.
                        Some("data") => !(tag.name == "img" && name == "src"),
                        _ => false,
                    };
                    if bad {
                        return Err(format!("{name}=\"{v}\" on <{}>", tag.name));
                    }
                    if tag.name == "script" || tag.name == "link" {
                        let lower = v.to_ascii_lowercase();
                        if lower.contains("://") || lower.starts_with("//") {
                            return Err(format!(
                                "<{} {name}=\"{v}\"> loads another origin",
                                tag.name
                            ));
                        }
                    }
                }
            }
        }
        if tag.name == "script" {
            let is_params = tag.attr("type") == Some("application/json");
            let is_file = tag.attr("src").is_some();
            if !(is_params || is_file) {
                return Err(format!("inline script: <script {:?}>{:?}", tag.attrs, text));
            }
            if is_params {
                let json = text.unwrap_or_default();
                if let Err(e) = serde_json::from_str::<serde_json::Value>(&json) {
                    return Err(format!("the embedded JSON was cut or altered: {e}"));
                }
            } else if !text.unwrap_or_default().trim().is_empty() {
                return Err("a <script src> with inline text".into());
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod self_test {
    use super::*;

    #[test]
    fn the_oracle_catches_what_it_should() {
        for bad in [
            "<p>x</p><script>alert(1)</script>",
            "<p onclick=\"x()\">x</p>",
            "<h1 ONMOUSEOVER=x>t</h1>",
            "<a href=\"javascript:alert(1)\">x</a>",
            "<a href=\"java&#x73;cript:alert(1)\">x</a>",
            "<a href=\" &#9;JaVaScRiPt&colon;alert(1)\">x</a>",
            "<iframe src=\"x.html\"></iframe>",
            "<a href=\"data:text/html,x\">x</a>",
            "<script type=\"application/json\">{\"a\":\"</script><script>alert(1)</script>",
            "<script src=\"https://evil.example/x.js\"></script>",
            "<section id=\"calculator\"></section><h2 id=\"calculator\">x</h2>",
        ] {
            assert!(check_page(bad).is_err(), "not caught: {bad}");
        }
        for good in [
            "<!DOCTYPE html><p title=\"a onclick=b\">&lt;script&gt; onclick=</p>",
            "<a href=\"../../x/\">x</a><img src=\"data:image/png;base64,AA\">",
            "<script type=\"application/json\" id=\"mingbai-params\">{\"a\":\"\\u003c/script\\u003e\"}</script>",
            "<script src=\"../../search.js\" defer></script>",
            "<p>1 < 2</p>",
        ] {
            assert_eq!(check_page(good), Ok(()), "{good}");
        }
    }
}
