//! Markdown → safe HTML: tables, footnotes, heading ids, internal links checked and rewritten, a
//! line break between Chinese characters adds no space, raw HTML sanitized.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::OnceLock;

use mingbai_content::{ContentError, Errors};
use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

/// What a body may link to, and how to write the link from the page being rendered.
pub struct LinkContext<'a> {
    /// The file the Markdown comes from, for messages.
    pub file: &'a Path,
    /// Line of the file where the Markdown starts.
    pub first_line: usize,
    /// The jurisdiction folder the file is in (relative `x.md` links resolve there).
    pub jurisdiction: &'a str,
    /// Relative prefix from the page to the site root (`../../`).
    pub root: &'a str,
    /// Site paths that exist (`daixian/jiankang/`, `daixian/`, `daixian/photo.jpg`).
    pub pages: &'a BTreeSet<String>,
}

/// Ids of the page templates and scripts (site/templates, search.js, the calculator).
const RESERVED_IDS: &[&str] = &[
    "main",
    "q",
    "search",
    "search-results",
    "search-hint",
    "section",
];
/// Id prefixes of the same: a content heading starting with one is renamed `sec-…`.
const RESERVED_ID_PREFIXES: &[&str] =
    &["calc", "mingbai", "h-", "fn-", "fnref-", "card-", "search-"];
/// Deeper nesting is no policy text, and the HTML sanitizer is slow on it.
const MAX_NESTING: usize = 64;

/// Placeholders that survive Markdown and sanitizing untouched: private-use characters.
pub const MARK_OPEN: char = '\u{E000}';
pub const MARK_CLOSE: char = '\u{E001}';

/// Quoted figures, filled in after sanitizing (trusted HTML made by the generator).
///
/// Content may not hold the marker characters, but Markdown and HTML decode `&#xE000;`, so a
/// marker also carries a token derived from the document's own text: content cannot forge it
/// (it would have to contain its own hash). A marker without the token, or one that ended up
/// inside a tag, is dropped.
pub struct Figures {
    token: String,
    html: Vec<String>,
}

impl Figures {
    /// Figures for the document whose Markdown source is `source`.
    pub fn for_source(source: &str) -> Figures {
        use std::hash::{Hash, Hasher};
        // SipHash with fixed keys: the same source gives the same token in every build.
        let mut h = std::hash::DefaultHasher::new();
        source.hash(&mut h);
        Figures {
            token: format!("{:016x}", h.finish()),
            html: Vec::new(),
        }
    }
    /// Adds a figure and returns the placeholder to put in the Markdown in its place.
    pub fn add(&mut self, html: String) -> String {
        let marker = format!("{MARK_OPEN}{}:{}{MARK_CLOSE}", self.token, self.html.len());
        self.html.push(html);
        marker
    }
    fn get(&self, marker: &str) -> Option<&str> {
        let (token, n) = marker.split_once(':')?;
        (token == self.token)
            .then(|| self.html.get(n.parse::<usize>().ok()?).map(String::as_str))?
    }
}

/// Renders `md` to HTML, filling in the `figures` whose placeholders it holds.
pub fn render(md: &str, ctx: &LinkContext<'_>, figures: &Figures) -> Result<String, Errors> {
    let mut errors = Errors::default();
    let opts = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let line_of = |offset: usize| ctx.first_line + md[..offset.min(md.len())].matches('\n').count();

    let mut events: Vec<Event<'_>> = Vec::new();
    let mut raw_html = false;
    let mut ids: BTreeSet<String> = BTreeSet::new();
    let mut footnotes: BTreeMap<String, usize> = BTreeMap::new();
    let mut heading_at: Option<usize> = None;
    // Ids the page's own markup and scripts use are taken: a heading gets the next free one.
    for id in RESERVED_IDS {
        ids.insert((*id).to_string());
    }
    let mut depth = 0usize;
    // Open raw-HTML elements: the sanitizer's cost grows with the square of their nesting.
    let mut html_depth = 0usize;

    for (event, range) in Parser::new_ext(md, opts).into_offset_iter() {
        match &event {
            Event::Start(_) => {
                depth += 1;
                if depth > MAX_NESTING {
                    errors.push(ContentError::new(
                        ctx.file,
                        Some(line_of(range.start)),
                        None,
                        format!("lists, quotes or other blocks nested more than {MAX_NESTING} levels deep"),
                    ));
                    return Err(errors);
                }
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
        match event {
            Event::Html(ref h) | Event::InlineHtml(ref h) => {
                raw_html = true;
                let (change, peak) = tag_depth_change(h);
                let deepest = html_depth.saturating_add_signed(peak);
                html_depth = html_depth.saturating_add_signed(change);
                if deepest > MAX_NESTING {
                    errors.push(ContentError::new(
                        ctx.file,
                        Some(line_of(range.start)),
                        None,
                        format!("raw HTML nested more than {MAX_NESTING} elements deep"),
                    ));
                    return Err(errors);
                }
                events.push(event);
            }
            Event::Start(Tag::Heading { level, id, .. }) => {
                // Ids are filled in at the heading's end, when its text is known. Classes and
                // attributes (`{.x onclick=…}`) are dropped: the sanitizer may never see them.
                heading_at = Some(events.len());
                events.push(Event::Start(Tag::Heading {
                    level,
                    id,
                    classes: Vec::new(),
                    attrs: Vec::new(),
                }));
            }
            Event::End(TagEnd::Heading(level)) => {
                if let Some(at) = heading_at.take() {
                    let text: String = events[at + 1..]
                        .iter()
                        .filter_map(|e| match e {
                            Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                            _ => None,
                        })
                        .collect();
                    if let Event::Start(Tag::Heading { id, .. }) = &mut events[at] {
                        let mut base = slugify(id.as_deref().unwrap_or(&text));
                        if RESERVED_ID_PREFIXES.iter().any(|p| base.starts_with(p)) {
                            base = format!("sec-{base}");
                        }
                        // The first free of base, base-1, base-2, …: a heading written "a-1"
                        // must not take the id a second "a" already got.
                        let mut unique = base.clone();
                        let mut n = 0usize;
                        while ids.contains(&unique) {
                            n += 1;
                            unique = format!("{base}-{n}");
                        }
                        ids.insert(unique.clone());
                        *id = Some(CowStr::from(unique));
                    }
                }
                events.push(Event::End(TagEnd::Heading(level)));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest = match rewrite_link(&dest_url, ctx) {
                    Ok(d) => d,
                    Err(reason) => {
                        errors.push(ContentError::new(
                            ctx.file,
                            Some(line_of(range.start)),
                            None,
                            format!("link “{dest_url}”: {reason}"),
                        ));
                        dest_url.to_string()
                    }
                };
                events.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url: dest.into(),
                    title,
                    id,
                }));
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest = if is_external(&dest_url) {
                    errors.push(ContentError::new(
                        ctx.file,
                        Some(line_of(range.start)),
                        None,
                        format!("image “{dest_url}”: pictures must be files in the content folder (the site loads nothing from other sites)"),
                    ));
                    dest_url.to_string()
                } else {
                    match rewrite_link(&dest_url, ctx) {
                        Ok(d) => d,
                        Err(reason) => {
                            errors.push(ContentError::new(
                                ctx.file,
                                Some(line_of(range.start)),
                                None,
                                format!("image “{dest_url}”: {reason}"),
                            ));
                            dest_url.to_string()
                        }
                    }
                };
                events.push(Event::Start(Tag::Image {
                    link_type,
                    dest_url: dest.into(),
                    title,
                    id,
                }));
            }
            Event::FootnoteReference(label) => {
                let next = footnotes.len() + 1;
                let n = *footnotes.entry(label.to_string()).or_insert(next);
                let id = footnote_id(&label);
                events.push(Event::Html(
                    format!(
                        "<sup class=\"fnref\"><a href=\"#fn-{id}\" id=\"fnref-{id}\">{n}</a></sup>"
                    )
                    .into(),
                ));
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                let id = footnote_id(&label);
                events.push(Event::Html(format!("<div class=\"footnote\" id=\"fn-{id}\"><span class=\"fn-label\">注{}</span>", footnotes.get(label.as_ref()).copied().unwrap_or(0)).into()));
            }
            Event::End(TagEnd::FootnoteDefinition) => events.push(Event::Html("</div>\n".into())),
            other => events.push(other),
        }
    }

    join_cjk_breaks(&mut events);
    let events = cjk_strong(events);

    // Headings keep a link type field unused here; silence the import of LinkType for clarity.
    let _ = LinkType::Inline;
    let _ = HeadingLevel::H1;

    let mut html = String::with_capacity(md.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());

    // Without raw HTML in the source, pulldown-cmark's output is already escaped; links were
    // checked above. Only then is the (slow) sanitizer skipped.
    let html = if raw_html || html.contains("javascript:") {
        sanitizer().clean(&html).to_string()
    } else {
        html
    };

    let html = if html.contains(MARK_OPEN) || html.contains(MARK_CLOSE) {
        fill_figures(&html, figures)
    } else {
        html
    };
    if errors.is_empty() {
        Ok(html)
    } else {
        Err(errors)
    }
}

fn footnote_id(label: &str) -> String {
    label
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .collect()
}

/// How many elements a piece of raw HTML opens, less those it closes, and the most it has open
/// at once (void elements and `<x/>` open none). A rough count is enough: it only bounds the
/// sanitizer's work.
fn tag_depth_change(html: &str) -> (isize, isize) {
    const VOID: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr",
    ];
    let mut change = 0isize;
    let mut peak = 0isize;
    for (i, _) in html.match_indices('<') {
        let tag = &html[i + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            if name.starts_with(|c: char| c.is_ascii_alphabetic()) {
                change -= 1;
            }
        } else if tag.starts_with(|c: char| c.is_ascii_alphabetic()) {
            let name: String = tag
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect::<String>()
                .to_ascii_lowercase();
            let end = tag.find('>').map_or(tag, |e| &tag[..e]);
            if !VOID.contains(&name.as_str()) && !end.ends_with('/') {
                change += 1;
                peak = peak.max(change);
            }
        }
    }
    (change, peak)
}

/// Replaces each genuine placeholder in text by its figure and drops every other marker
/// character: forged ones, and any inside a tag (a figure's HTML in an attribute would break it).
fn fill_figures(html: &str, figures: &Figures) -> String {
    #[derive(PartialEq)]
    enum At {
        Text,
        Tag,
        Quoted(char),
    }
    let mut out =
        String::with_capacity(html.len() + figures.html.iter().map(String::len).sum::<usize>());
    let mut at = At::Text;
    let mut rest = html;
    while let Some(c) = rest.chars().next() {
        let len = c.len_utf8();
        match (&at, c) {
            (At::Text, MARK_OPEN) => {
                let after = &rest[len..];
                let filled = after.find(MARK_CLOSE).and_then(|end| {
                    figures
                        .get(&after[..end])
                        .map(|fig| (fig, end + MARK_CLOSE.len_utf8()))
                });
                match filled {
                    Some((fig, used)) => {
                        out.push_str(fig);
                        rest = &after[used..];
                    }
                    None => rest = after,
                }
                continue;
            }
            (_, MARK_OPEN | MARK_CLOSE) => {}
            (At::Text, '<') => {
                at = At::Tag;
                out.push(c);
            }
            (At::Tag, '>') => {
                at = At::Text;
                out.push(c);
            }
            (At::Tag, '"' | '\'') => {
                at = At::Quoted(c);
                out.push(c);
            }
            (At::Quoted(q), _) if *q == c => {
                at = At::Tag;
                out.push(c);
            }
            _ => out.push(c),
        }
        rest = &rest[len..];
    }
    out
}

/// `**强调**` next to Chinese punctuation is left as literal asterisks by CommonMark's flanking
/// rules (“**“136”**这几项” has a closing `**` after `”` and before a letter). Text outside code
/// that still holds a pair of `**` after parsing is made strong here.
fn cjk_strong(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let mut out: Vec<Event<'_>> = Vec::with_capacity(events.len());
    let mut in_code = false;
    for e in events {
        match &e {
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            _ => {}
        }
        // Adjacent text is one run: the parser splits it at the delimiters it gave up on.
        if let (Event::Text(t), false, Some(Event::Text(prev))) = (&e, in_code, out.last_mut()) {
            let joined = format!("{prev}{t}");
            *prev = CowStr::from(joined);
            continue;
        }
        out.push(e);
    }
    let mut result = Vec::with_capacity(out.len());
    let mut in_code = false;
    for e in out {
        match &e {
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            _ => {}
        }
        match e {
            Event::Text(t) if !in_code && t.matches("**").count() >= 2 => {
                let mut rest: &str = &t;
                while let Some(a) = rest.find("**") {
                    let Some(b) = rest[a + 2..].find("**").map(|b| a + 2 + b) else {
                        break;
                    };
                    if b == a + 2 {
                        break;
                    }
                    result.push(Event::Text(CowStr::from(rest[..a].to_string())));
                    result.push(Event::Start(Tag::Strong));
                    result.push(Event::Text(CowStr::from(rest[a + 2..b].to_string())));
                    result.push(Event::End(TagEnd::Strong));
                    rest = &rest[b + 2..];
                }
                result.push(Event::Text(CowStr::from(rest.to_string())));
            }
            other => result.push(other),
        }
    }
    result
}

/// East Asian wide characters, between which a line break is not a space.
fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}

/// A soft break next to a Chinese character is dropped (as CSS Text 3 segment-break rules say),
/// so “第一行\n第二行” reads as one line without a stray space. Linear: the nearest text on each
/// side of every break is found in one pass each way.
fn join_cjk_breaks(events: &mut [Event<'_>]) {
    let mut before: Vec<Option<char>> = Vec::with_capacity(events.len());
    let mut last = None;
    for e in events.iter() {
        before.push(last);
        if let Event::Text(t) = e {
            if let Some(c) = t.chars().last() {
                last = Some(c);
            }
        }
    }
    let mut next = None;
    for i in (0..events.len()).rev() {
        match &events[i] {
            Event::SoftBreak if before[i].is_some_and(is_wide) || next.is_some_and(is_wide) => {
                events[i] = Event::Text(CowStr::Borrowed(""));
            }
            Event::Text(t) => {
                if let Some(c) = t.chars().next() {
                    next = Some(c);
                }
            }
            _ => {}
        }
    }
}

/// A heading's id: its text, lower-cased, with runs of anything but letters and digits as '-'.
pub fn slugify(text: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in text.trim().chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c);
        } else {
            dash = true;
        }
    }
    if out.is_empty() {
        "section".to_string()
    } else {
        out
    }
}

fn is_external(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("//")
}

/// Resolves an internal link (`other.md`, `../baoding/yiliao.md#注`, `/daixian/`) to a URL
/// relative to the page; external links pass unchanged.
fn rewrite_link(url: &str, ctx: &LinkContext<'_>) -> Result<String, String> {
    let lower = url.to_ascii_lowercase();
    if is_external(url)
        || lower.starts_with("mailto:")
        || lower.starts_with("tel:")
        || url.starts_with('#')
    {
        return Ok(url.to_string());
    }
    if lower.contains(':') && !lower.contains('/')
        || lower.starts_with("javascript:")
        || lower.starts_with("data:")
        || lower.starts_with("vbscript:")
    {
        return Err("only http(s), mailto, tel and links inside the site are allowed".to_string());
    }
    let (path, frag) = match url.split_once('#') {
        Some((p, f)) => (p, format!("#{f}")),
        None => (url, String::new()),
    };
    let target = if let Some(abs) = path.strip_prefix('/') {
        abs.to_string()
    } else {
        // Relative to the document's folder, `content/<jurisdiction>/`.
        let mut parts: Vec<&str> = vec![ctx.jurisdiction];
        for seg in path.split('/') {
            match seg {
                "" | "." => {}
                ".." => {
                    if parts.pop().is_none() {
                        return Err("leads outside the content folder".to_string());
                    }
                }
                s => parts.push(s),
            }
        }
        let joined = parts.join("/");
        if let Some(stem) = joined.strip_suffix("/_index.md") {
            format!("{stem}/")
        } else if let Some(stem) = joined.strip_suffix(".md") {
            format!("{stem}/")
        } else {
            joined
        }
    };
    let target = if target.is_empty() {
        String::new()
    } else {
        target
    };
    if !(target.is_empty() || ctx.pages.contains(&target)) {
        return Err(format!("no such page or file in the site ({target})"));
    }
    Ok(format!("{}{target}{frag}", ctx.root))
}

fn sanitizer() -> &'static ammonia::Builder<'static> {
    static B: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    B.get_or_init(|| {
        let mut b = ammonia::Builder::default();
        b.add_generic_attributes(["id"])
            .add_allowed_classes("sup", ["fnref"])
            .add_allowed_classes("div", ["footnote"])
            .add_allowed_classes("span", ["fn-label"])
            .link_rel(None)
            .url_schemes(["http", "https", "mailto", "tel"].into_iter().collect())
            .attribute_filter(|_element, attribute, value| {
                // Ids the page's own scripts look for cannot be taken by content.
                if attribute == "id"
                    && (value.starts_with("calculator")
                        || value.starts_with("mingbai")
                        || value.starts_with("search"))
                {
                    None
                } else {
                    Some(value.into())
                }
            });
        b
    })
}

#[cfg(test)]
mod tests {
    fn none() -> Figures {
        Figures::for_source("")
    }
    use super::*;

    fn ctx<'a>(pages: &'a BTreeSet<String>) -> LinkContext<'a> {
        LinkContext {
            file: Path::new("content/x/a.md"),
            first_line: 10,
            jurisdiction: "x",
            root: "../../",
            pages,
        }
    }

    #[test]
    fn chinese_line_break_adds_no_space() {
        let pages = BTreeSet::new();
        let html = render("第一行\n第二行\nand English\nwords", &ctx(&pages), &none()).unwrap();
        assert_eq!(html, "<p>第一行第二行and English\nwords</p>\n");
    }

    #[test]
    fn strong_next_to_chinese_punctuation() {
        let pages = BTreeSet::new();
        let html = render(
            "群众对**移民搬迁、健康扶贫“136”**这几项不清楚。`**x**`",
            &ctx(&pages),
            &none(),
        )
        .unwrap();
        assert_eq!(html, "<p>群众对<strong>移民搬迁、健康扶贫“136”</strong>这几项不清楚。<code>**x**</code></p>\n");
        let html = render("```\n**a** **b**\n```\n", &ctx(&pages), &none()).unwrap();
        assert!(html.contains("**a** **b**"), "{html}");
    }

    #[test]
    fn script_never_reaches_the_page() {
        let pages = BTreeSet::new();
        let html = render("正文<script>alert(1)</script>\n\n<div onclick=\"x()\" id=\"calculator\">块</div>\n\n<a href=\"javascript:alert(1)\">x</a>", &ctx(&pages), &none()).unwrap();
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("onclick"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(!html.contains("id=\"calculator\""), "{html}");
        assert!(html.contains("块"), "{html}");
    }

    #[test]
    fn links_are_checked_and_rewritten() {
        let pages: BTreeSet<String> = ["x/b/".to_string(), "y/c/".to_string(), "x/".to_string()]
            .into_iter()
            .collect();
        let html = render(
            "[b](b.md) [c](../y/c.md#s) [x](_index.md) [w](https://gov.cn/)",
            &ctx(&pages),
            &none(),
        )
        .unwrap();
        assert!(html.contains("href=\"../../x/b/\""), "{html}");
        assert!(html.contains("href=\"../../y/c/#s\""), "{html}");
        assert!(html.contains("href=\"../../x/\""), "{html}");
        let err = render("text\n\n[z](zz.md)", &ctx(&pages), &none()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "content/x/a.md:12: link “zz.md”: no such page or file in the site (x/zz/)"
        );
    }

    #[test]
    fn headings_get_unique_ids_and_tables_render() {
        let pages = BTreeSet::new();
        let html = render(
            "## 报销 比例\n\n## 报销 比例\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
            &ctx(&pages),
            &none(),
        )
        .unwrap();
        assert!(html.contains("<h2 id=\"报销-比例\">"), "{html}");
        assert!(html.contains("<h2 id=\"报销-比例-1\">"), "{html}");
        assert!(html.contains("<table>"), "{html}");
    }

    #[test]
    fn headings_cannot_take_page_ids_or_add_attributes() {
        let pages = BTreeSet::new();
        let html = render("## a {#calculator .x onclick=alert(1)}\n\n## 搜索 {#search}\n\n## b {#mingbai-params}\n", &ctx(&pages), &none()).unwrap();
        assert!(
            !html.contains("onclick") && !html.contains("class="),
            "{html}"
        );
        assert!(html.contains("<h2 id=\"sec-calculator\">"), "{html}");
        assert!(html.contains("<h2 id=\"search-1\">"), "{html}");
        assert!(html.contains("<h2 id=\"sec-mingbai-params\">"), "{html}");
    }

    #[test]
    fn nesting_is_limited() {
        let pages = BTreeSet::new();
        let err = render(
            &format!("正文\n\n{}深处\n", "> ".repeat(100)),
            &ctx(&pages),
            &none(),
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "content/x/a.md:12: lists, quotes or other blocks nested more than 64 levels deep"
        );
        assert!(render(&format!("{}浅\n", "> ".repeat(10)), &ctx(&pages), &none()).is_ok());
    }

    #[test]
    fn footnotes_link_both_ways() {
        let pages = BTreeSet::new();
        let html = render("正文[^a]。\n\n[^a]: 注释。\n", &ctx(&pages), &none()).unwrap();
        assert!(html.contains("href=\"#fn-a\""), "{html}");
        assert!(html.contains("id=\"fn-a\""), "{html}");
    }

    #[test]
    fn deep_raw_html_is_refused_with_its_line() {
        let pages = BTreeSet::new();
        let md = format!("正文\n\n{}深{}\n", "<div>".repeat(65), "</div>".repeat(65));
        let err = render(&md, &ctx(&pages), &none()).unwrap_err();
        assert!(
            format!("{err:?}").contains("raw HTML nested more than 64"),
            "{err:?}"
        );
        let ok = format!(
            "{}浅<br><img src=\"a.png\"/>{}",
            "<div>".repeat(60),
            "</div>".repeat(60)
        );
        assert!(render(&ok, &ctx(&pages), &none()).is_ok());
    }
}
