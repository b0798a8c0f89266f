//! Checks a rendered site: every `href` and `src` inside it leads to a file of the site (and to
//! an existing `id` when it has a `#fragment`), and nothing is loaded from another origin.

use std::collections::{BTreeMap, BTreeSet};

use crate::Output;

/// Problems found, as `page: reason`. `base_path` (`/mingbai/`) is where site-absolute links
/// (used only by the 404 page) start.
pub fn check(output: &Output, base_path: &str) -> Vec<String> {
    let mut ids: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for (path, bytes) in output {
        if path.ends_with(".html") {
            let text = String::from_utf8_lossy(bytes);
            ids.insert(path, attributes(&text, "id").into_iter().collect());
        }
    }
    let mut problems = Vec::new();
    for (path, bytes) in output {
        if !path.ends_with(".html") {
            continue;
        }
        let text = String::from_utf8_lossy(bytes);
        let dir = path
            .rsplit_once('/')
            .map(|(d, _)| format!("{d}/"))
            .unwrap_or_default();
        for attr in ["href", "src", "action"] {
            for url in attributes(&text, attr) {
                let lower = url.to_ascii_lowercase();
                if lower.starts_with("mailto:") || lower.starts_with("tel:") {
                    continue;
                }
                if lower.starts_with("http:")
                    || lower.starts_with("https:")
                    || lower.starts_with("//")
                {
                    // Navigation away is fine; loading anything from elsewhere is not.
                    if attr != "href"
                        || text.contains(&format!("<link rel=\"stylesheet\" href=\"{url}\""))
                    {
                        problems.push(format!(
                            "{path}: {attr}=\"{url}\" loads from another origin"
                        ));
                    }
                    continue;
                }
                let (target, frag) = match url.split_once('#') {
                    Some((t, f)) => (t.to_string(), Some(f.to_string())),
                    None => (url.clone(), None),
                };
                let target = target.split('?').next().unwrap_or("").to_string();
                let resolved = if target.is_empty() {
                    path.clone()
                } else if let Some(abs) = target.strip_prefix(base_path) {
                    resolve("", abs)
                } else if target.starts_with('/') {
                    problems.push(format!(
                        "{path}: {attr}=\"{url}\" is outside the site's base path {base_path}"
                    ));
                    continue;
                } else {
                    resolve(&dir, &target)
                };
                let file = if resolved.is_empty() || resolved.ends_with('/') {
                    format!("{resolved}index.html")
                } else {
                    resolved
                };
                if !output.contains_key(&file) {
                    problems.push(format!("{path}: {attr}=\"{url}\" → {file} does not exist"));
                    continue;
                }
                if let Some(f) = frag.filter(|f| !f.is_empty()) {
                    let decoded = f.clone();
                    if file.ends_with(".html")
                        && !ids.get(file.as_str()).is_some_and(|s| s.contains(&decoded))
                    {
                        problems.push(format!("{path}: {attr}=\"{url}\" → no id “{f}” in {file}"));
                    }
                }
            }
        }
    }
    problems
}

fn resolve(dir: &str, rel: &str) -> String {
    let mut parts: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    let trailing = rel.ends_with('/');
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    let mut s = parts.join("/");
    if trailing && !s.is_empty() {
        s.push('/');
    }
    s
}

/// Values of `name="…"` attributes (the generator always quotes with `"`).
fn attributes(html: &str, name: &str) -> Vec<String> {
    let needle = format!(" {name}=\"");
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(&needle) {
        let after = &rest[i + needle.len()..];
        let Some(end) = after.find('"') else { break };
        out.push(unescape(&after[..end]));
        rest = &after[end..];
    }
    out
}

fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_broken_links_and_fragments() {
        let mut o = Output::new();
        o.insert("index.html".into(), b"<a href=\"a/\">a</a> <a href=\"a/#x\">x</a> <a href=\"b/\">b</a> <img src=\"https://cdn.example/x.png\">".to_vec());
        o.insert(
            "a/index.html".into(),
            b"<h2 id=\"y\">y</h2><a href=\"../\">up</a>".to_vec(),
        );
        let p = check(&o, "/");
        assert_eq!(
            p,
            vec![
                "index.html: href=\"a/#x\" → no id “x” in a/index.html".to_string(),
                "index.html: href=\"b/\" → b/index.html does not exist".to_string(),
                "index.html: src=\"https://cdn.example/x.png\" loads from another origin"
                    .to_string(),
            ]
        );
    }
}
