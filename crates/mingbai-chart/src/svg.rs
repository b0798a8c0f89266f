//! The few SVG pieces the pictures are made of: wrapped text rows, bars of exact amounts, keys with
//! a swatch, hatch patterns, and the table of numbers that goes with each picture.

use mingbai_calc::Money;
use std::fmt::{self, Write as _};

/// A length in user units, written as `{:.N}` would write it (no precision: a whole number) but
/// with integer arithmetic: formatting an `f64` pulls Rust's float printing (about 25 KB) into
/// the calculator's wasm. Halves round to even, as `{:.N}` does.
#[derive(Clone, Copy)]
pub(crate) struct U(pub(crate) f64);

impl fmt::Display for U {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digits = f.precision().unwrap_or(0).min(3);
        let scale = 10_u64.pow(digits as u32);
        let n = (self.0 * scale as f64).round_ties_even() as i64;
        let sign = if n < 0 { "-" } else { "" };
        let (whole, frac) = (n.unsigned_abs() / scale, n.unsigned_abs() % scale);
        if digits == 0 {
            write!(f, "{sign}{whole}")
        } else {
            write!(f, "{sign}{whole}.{frac:0digits$}")
        }
    }
}

/// Width of every picture in user units; text is `FONT` units. Drawn 267 px wide or more, the text
/// is at least 16 px.
pub(crate) const W: f64 = 300.0;
const FONT: f64 = 18.0;
const LINE: f64 = 26.0;
const BAR: f64 = 30.0;

/// How a part is filled: colour and a pattern, so that black-and-white print and colour-blind
/// readers still tell the parts apart (every part is also labelled).
#[derive(Clone, Copy, Debug)]
pub(crate) enum Look {
    Solid(&'static str),
    Diag(&'static str),
    Cross(&'static str),
    Dots(&'static str),
    Lines(&'static str),
    /// White, drawn with a heavy outline.
    Outline,
}

/// HTML (and SVG) text and attribute escaping; the household card uses it too.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Estimated width of a text at `FONT`: a Han character is a square, Latin and digits about half.
fn width(text: &str) -> f64 {
    text.chars()
        .map(|c| if c.is_ascii() { FONT * 0.56 } else { FONT })
        .sum()
}

/// Lines of at most `max` units; a number (`1234.50`) is never split, and closing punctuation stays
/// with the text before it.
fn wrap(text: &str, max: f64) -> Vec<String> {
    let mut tokens: Vec<String> = Vec::new();
    for ch in text.chars() {
        let glue_ascii = ch.is_ascii_alphanumeric() || ch == '.';
        let glue_punct = "，。、）：；！？".contains(ch) || ch == '元';
        match tokens.last_mut() {
            Some(last)
                if glue_punct
                    || last.ends_with(['（', '“'])
                    || (glue_ascii
                        && last
                            .chars()
                            .last()
                            .is_some_and(|l| l.is_ascii_alphanumeric() || l == '.')) =>
            {
                last.push(ch)
            }
            _ => tokens.push(ch.to_string()),
        }
    }
    let mut lines = vec![String::new()];
    for t in tokens {
        let Some(line) = lines.last_mut() else { break };
        if !line.is_empty() && width(line) + width(&t) > max {
            lines.push(t.trim_start().to_string());
        } else {
            line.push_str(&t);
        }
    }
    lines
}

pub(crate) struct Canvas {
    id: String,
    looks: &'static [Look],
    body: String,
    /// The top of the next row.
    pub(crate) y: f64,
}

impl Canvas {
    pub(crate) fn new(id: &str, looks: &'static [Look]) -> Canvas {
        Canvas {
            id: id.to_string(),
            looks,
            body: String::new(),
            y: 0.0,
        }
    }

    pub(crate) fn raw(&mut self, s: &str) {
        self.body.push_str(s);
    }

    pub(crate) fn gap(&mut self, h: f64) {
        self.y += h;
    }

    pub(crate) fn fill(&self, look: usize) -> String {
        match self.looks.get(look) {
            Some(Look::Solid(c)) => (*c).to_string(),
            Some(Look::Outline) | None => "#fff".to_string(),
            Some(_) => format!("url(#{}-p{look})", self.id),
        }
    }

    pub(crate) fn para(&mut self, x: f64, text: &str, bold: bool) {
        let weight = if bold { r#" font-weight="700""# } else { "" };
        for line in wrap(text, W - x) {
            let _ = write!(
                self.body,
                r#"<text x="{x:.1}" y="{:.1}"{weight}>{}</text>"#,
                U(self.y + FONT),
                escape(&line),
                x = U(x)
            );
            self.y += LINE;
        }
    }

    pub(crate) fn indent_para(&mut self, x: f64, text: &str, bold: bool) {
        self.para(x, text, bold);
    }

    pub(crate) fn open_group(&mut self, attrs: &str) {
        let _ = write!(self.body, "<g {attrs}>");
    }

    pub(crate) fn close_group(&mut self) {
        self.body.push_str("</g>");
    }

    /// One bar of `total`, its parts side by side (look, amount, the household's own money — drawn
    /// with a heavy outline). Widths are the parts' share of `total`.
    pub(crate) fn bar(&mut self, parts: impl Iterator<Item = (usize, Money, bool)>, total: Money) {
        let inner = W - 2.0;
        let mut x = 1.0;
        let y = self.y + 2.0;
        let mut own = String::new();
        for (look, amount, mine) in parts {
            let w = if total.fen() > 0 {
                inner * amount.fen().max(0) as f64 / total.fen() as f64
            } else {
                0.0
            };
            let _ = write!(
                self.body,
                r##"<rect class="mb-seg" data-fen="{}"{} x="{x:.2}" y="{y:.1}" width="{w:.2}" height="{BAR}" fill="{}"/>"##,
                amount.fen(),
                if mine { r#" data-own="1""# } else { "" },
                self.fill(look),
                x = U(x),
                y = U(y),
                w = U(w),
                BAR = U(BAR)
            );
            if mine && w > 0.0 {
                let _ = write!(
                    own,
                    r##"<rect x="{:.2}" y="{:.1}" width="{:.2}" height="{}" fill="none" stroke="#1a1a1a" stroke-width="3"/>"##,
                    U(x + 1.5),
                    U(y + 1.5),
                    U((w - 3.0).max(0.5)),
                    U(BAR - 3.0)
                );
            }
            x += w;
        }
        self.body.push_str(&own);
        let _ = write!(
            self.body,
            r##"<rect x="1" y="{y:.1}" width="{inner}" height="{BAR}" fill="none" stroke="#1a1a1a" stroke-width="1"/>"##,
            y = U(y),
            inner = U(inner),
            BAR = U(BAR)
        );
        self.y += BAR + 10.0;
    }

    /// A dashed mark across the bar just drawn, at `value` of `scale`, named below it.
    pub(crate) fn marker(&mut self, value: Money, scale: Money, name: &str) {
        let x = if scale.fen() > 0 {
            1.0 + (W - 2.0) * (value.fen().max(0) as f64 / scale.fen() as f64).min(1.0)
        } else {
            1.0
        };
        let top = self.y - BAR - 12.0;
        let _ = write!(
            self.body,
            r##"<path class="mb-mark" data-fen="{}" d="M{x:.1} {top:.1}V{:.1}" stroke="#1a1a1a" stroke-width="3" stroke-dasharray="5 3"/>"##,
            value.fen(),
            U(self.y - 2.0),
            x = U(x),
            top = U(top)
        );
        let anchor = if x > W - 40.0 {
            "end"
        } else if x < 40.0 {
            "start"
        } else {
            "middle"
        };
        let _ = write!(
            self.body,
            r#"<text x="{x:.1}" y="{:.1}" text-anchor="{anchor}" font-weight="700">{}</text>"#,
            U(self.y + FONT),
            escape(name),
            x = U(x)
        );
        self.y += LINE;
    }

    fn key_text(&mut self, text: &str, bold: bool) {
        self.para(28.0, text, bold);
        self.y += 2.0;
    }

    pub(crate) fn key_row(&mut self, look: usize, text: &str, bold: bool) {
        let sw = if bold { 3 } else { 1 };
        let _ = write!(
            self.body,
            r##"<rect x="1.5" y="{:.1}" width="20" height="20" fill="{}" stroke="#1a1a1a" stroke-width="{sw}"/>"##,
            U(self.y + 3.0),
            self.fill(look)
        );
        self.key_text(text, bold);
    }

    pub(crate) fn key_dot(&mut self, look: usize, text: &str) {
        let _ = write!(
            self.body,
            r##"<circle cx="11" cy="{:.1}" r="8" fill="{}" stroke="#1a1a1a" stroke-width="2"/>"##,
            U(self.y + 13.0),
            self.fill(look)
        );
        self.key_text(text, false);
    }

    pub(crate) fn key_line(&mut self, dash: &str, text: &str) {
        let (stroke, w, dash) = if dash.is_empty() {
            ("#1f4e79", 4, String::new())
        } else {
            ("#1a1a1a", 2, format!(r#" stroke-dasharray="{dash}""#))
        };
        let _ = write!(
            self.body,
            r#"<path d="M1 {:.1}H21" stroke="{stroke}" stroke-width="{w}"{dash}/>"#,
            U(self.y + 13.0)
        );
        self.key_text(text, false);
    }

    fn defs(&self) -> String {
        let mut d = String::new();
        for (i, look) in self.looks.iter().enumerate() {
            let p = format!(
                r#"<pattern id="{}-p{i}" width="8" height="8" patternUnits="userSpaceOnUse""#,
                self.id
            );
            let bg = r##"<rect width="8" height="8" fill="#fff"/>"##;
            let _ = match look {
                Look::Diag(c) => write!(
                    d,
                    r#"{p} patternTransform="rotate(45)">{bg}<rect width="4" height="8" fill="{c}"/></pattern>"#
                ),
                Look::Cross(c) => write!(
                    d,
                    r#"{p}>{bg}<path d="M0 0L8 8M8 0L0 8" stroke="{c}" stroke-width="2.5"/></pattern>"#
                ),
                Look::Dots(c) => write!(
                    d,
                    r#"{p}>{bg}<circle cx="4" cy="4" r="2.6" fill="{c}"/></pattern>"#
                ),
                Look::Lines(c) => write!(
                    d,
                    r#"{p}>{bg}<rect width="8" height="3.5" fill="{c}"/></pattern>"#
                ),
                Look::Solid(_) | Look::Outline => Ok(()),
            };
        }
        d
    }

    pub(crate) fn finish(&self, title: &str, desc: &str) -> String {
        let h = (self.y + 6.0).ceil();
        format!(
            r##"<svg xmlns="http://www.w3.org/2000/svg" class="mb-pic-svg" viewBox="0 0 {W} {h}" role="img" aria-labelledby="{id}-t" aria-describedby="{id}-d" font-size="{FONT}" fill="#1a1a1a"><title id="{id}-t">{}</title><desc id="{id}-d">{}</desc><defs>{}</defs>{}</svg>"##,
            escape(title),
            escape(desc),
            self.defs(),
            self.body,
            id = self.id,
            W = U(W),
            h = U(h),
            FONT = U(FONT)
        )
    }
}

/// The numbers of a picture as a table (three columns: it fits a 360 px screen).
pub(crate) struct Table {
    head: [&'static str; 3],
    rows: Vec<[String; 3]>,
}

impl Table {
    pub(crate) fn new(head: [&'static str; 3]) -> Table {
        Table {
            head,
            rows: Vec::new(),
        }
    }

    pub(crate) fn row(&mut self, row: [String; 3]) {
        self.rows.push(row);
    }
}

/// A picture with its title shown above it and its table of numbers folded below.
pub(crate) fn figure(kind: &str, title: &str, svg: &str, t: &Table) -> String {
    let mut out = format!(
        r#"<figure class="mb-pic" data-pic="{kind}"><figcaption>{}</figcaption>{svg}<details class="mb-pic-table"><summary>看数字表</summary><table><caption>{}的数字</caption><thead><tr>"#,
        escape(title),
        escape(title)
    );
    for h in t.head {
        let _ = write!(out, r#"<th scope="col">{h}</th>"#);
    }
    out.push_str("</tr></thead><tbody>");
    for [a, b, c] in &t.rows {
        let _ = write!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(a),
            escape(b),
            escape(c)
        );
    }
    out.push_str("</tbody></table></details></figure>");
    out
}
