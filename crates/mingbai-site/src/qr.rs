//! QR codes as small inline SVG: one path, dark modules merged into horizontal runs.

use qrcode::{Color, EcLevel, QrCode};

/// Quiet zone in modules. The standard asks for 4; printed cards keep that.
const QUIET: usize = 4;

/// An SVG QR code of `data`, scaled by its container (`width`/`height` set by CSS).
pub fn svg(data: &str, label: &str) -> Result<String, String> {
    let code = QrCode::with_error_correction_level(data.as_bytes(), EcLevel::M).map_err(|e| format!("QR code for {data}: {e}"))?;
    let w = code.width();
    let colors = code.to_colors();
    let size = w + 2 * QUIET;
    let mut path = String::with_capacity(w * w);
    for y in 0..w {
        let mut x = 0;
        while x < w {
            if colors[y * w + x] == Color::Dark {
                let start = x;
                while x < w && colors[y * w + x] == Color::Dark {
                    x += 1;
                }
                path.push_str(&format!("M{} {}h{}v1h-{}z", start + QUIET, y + QUIET, x - start, x - start));
            } else {
                x += 1;
            }
        }
    }
    Ok(format!(
        "<svg class=\"qr\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"{}\"><rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path fill=\"#000\" d=\"{path}\"/></svg>",
        escape_attr(label)
    ))
}

fn escape_attr(s: &str) -> String {
    s.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;").replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    #[test]
    fn encodes_a_url_deterministically() {
        let a = super::svg("https://example.org/mingbai/daixian/jiankang/", "二维码").unwrap();
        let b = super::svg("https://example.org/mingbai/daixian/jiankang/", "二维码").unwrap();
        assert_eq!(a, b);
        assert!(a.starts_with("<svg class=\"qr\""));
        // version 4 (33 modules) + quiet zone
        assert!(a.contains("viewBox=\"0 0 41 41\""), "{a}");
    }
}
