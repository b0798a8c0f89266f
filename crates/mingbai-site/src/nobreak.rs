//! Keeps an amount with its unit on one line: a phone line may break between any two Chinese
//! characters, and "3000" at the end of one line with "元" at the start of the next is misread.
//! Every amount in a page's text ("3000元", "1.4万元", "1,200.50元") is wrapped in
//! `<span class="nw">` (`white-space: nowrap` in site.css). Text inside tags (attributes such as
//! `data-speak`), and inside elements whose text is not laid out as HTML, is left alone.

/// Elements whose content is not HTML text, or that may not hold a `<span>` (an SVG picture lays
/// out its own text: a `<span>` in it is not drawn at all).
const RAW: &[&str] = &["script", "style", "title", "textarea", "option", "svg"];

/// A rendered page as written: HTML pages with their amounts kept whole, other files (feed,
/// sitemap) as they are.
pub fn page(template: &str) -> impl Fn(String) -> Vec<u8> {
    let html = template.ends_with(".html");
    move |rendered| {
        if html {
            amounts(&rendered).into_bytes()
        } else {
            rendered.into_bytes()
        }
    }
}

pub fn amounts(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 16);
    let mut rest = html;
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            wrap_text(rest, &mut out);
            break;
        };
        wrap_text(&rest[..lt], &mut out);
        rest = &rest[lt..];
        let end = tag_end(rest);
        let tag = &rest[..end];
        out.push_str(tag);
        rest = &rest[end..];
        // A raw element: copy up to its closing tag untouched.
        if let Some(name) = RAW.iter().find(|n| opens(tag, n)) {
            let close = format!("</{name}");
            let stop = rest.find(&close).unwrap_or(rest.len());
            out.push_str(&rest[..stop]);
            rest = &rest[stop..];
        }
    }
    out
}

/// Whether `tag` (starting with '<') opens element `name`.
fn opens(tag: &str, name: &str) -> bool {
    tag.get(1..=name.len())
        .is_some_and(|n| n.eq_ignore_ascii_case(name))
        && tag[1 + name.len()..]
            .chars()
            .next()
            .is_some_and(|c| c == '>' || c == '/' || c.is_ascii_whitespace())
}

/// The length of the tag at the start of `s` (through its '>'), quotes in attributes respected;
/// a comment runs to its "-->".
fn tag_end(s: &str) -> usize {
    if s.starts_with("<!--") {
        return s.find("-->").map_or(s.len(), |i| i + 3);
    }
    let mut quote: Option<char> = None;
    for (i, c) in s.char_indices().skip(1) {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '>') => return i + 1,
            _ => {}
        }
    }
    s.len()
}

fn wrap_text(text: &str, out: &mut String) {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut copied = 0;
    let mut i = 0;
    while i < chars.len() {
        let (start, c) = chars[i];
        let after_digit = i > 0 && chars[i - 1].1.is_ascii_digit();
        if !c.is_ascii_digit() || after_digit {
            i += 1;
            continue;
        }
        // digits, with separators only between digits
        let mut j = i + 1;
        while j < chars.len()
            && (chars[j].1.is_ascii_digit()
                || (matches!(chars[j].1, '.' | ',')
                    && chars.get(j + 1).is_some_and(|n| n.1.is_ascii_digit())))
        {
            j += 1;
        }
        if j < chars.len() && matches!(chars[j].1, '万' | '亿') {
            j += 1;
        }
        if j < chars.len() && chars[j].1 == '元' {
            let end = chars[j].0 + '元'.len_utf8();
            out.push_str(&text[copied..start]);
            out.push_str("<span class=\"nw\">");
            out.push_str(&text[start..end]);
            out.push_str("</span>");
            copied = end;
            i = j + 1;
        } else {
            i = j;
        }
    }
    out.push_str(&text[copied..]);
}

#[cfg(test)]
mod tests {
    use super::amounts;

    #[test]
    fn amounts_in_text_are_kept_whole_and_nothing_else_changes() {
        assert_eq!(
            amounts("<p>每人3000元，共1.4万元；2019年</p>"),
            "<p>每人<span class=\"nw\">3000元</span>，共<span class=\"nw\">1.4万元</span>；2019年</p>"
        );
        assert_eq!(
            amounts("<td>1,200.50元/人</td>"),
            "<td><span class=\"nw\">1,200.50元</span>/人</td>"
        );
        // Attributes, titles, scripts and options are not text to lay out.
        for same in [
            "<button data-speak=\"付3000元\">朗读</button>",
            "<title>3000元</title>",
            "<script>var a = '5元';</script>",
            "<option value=\"1\">1000元</option>",
            "<svg viewBox=\"0 0 300 40\"><desc>付3000元</desc><text x=\"0\" y=\"18\">3000元</text></svg>",
            "<!-- 5元 -->",
            "<p>12个月，2019年</p>",
        ] {
            assert_eq!(amounts(same), same);
        }
    }
}
