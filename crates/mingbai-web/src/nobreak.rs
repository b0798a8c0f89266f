//! An amount and its 元 on one line: the calculator's sentences are split so that each amount
//! ("7306.10元", "1.4万元") is its own `<span class="nw">` (`white-space: nowrap` in site.css),
//! as mingbai-site does for the pages it writes.

use yew::prelude::*;

/// The text, its amounts wrapped.
pub fn text(s: &str) -> Html {
    let mut parts: Vec<Html> = Vec::new();
    let mut plain = 0;
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() || (i > 0 && b[i - 1].is_ascii_digit()) {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len()
            && (b[i].is_ascii_digit()
                || (matches!(b[i], b'.' | b',') && b.get(i + 1).is_some_and(u8::is_ascii_digit)))
        {
            i += 1;
        }
        let rest = &s[i..];
        let unit = ["万元", "亿元", "元"]
            .iter()
            .find(|u| rest.starts_with(**u));
        if let Some(u) = unit {
            let end = i + u.len();
            if plain < start {
                parts.push(html! { {s[plain..start].to_string()} });
            }
            parts.push(html! { <span class="nw">{s[start..end].to_string()}</span> });
            plain = end;
            i = end;
        }
    }
    if plain < s.len() {
        parts.push(html! { {s[plain..].to_string()} });
    }
    html! { <>{ for parts }</> }
}
