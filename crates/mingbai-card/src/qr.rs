//! A QR code as a small inline SVG (no `style`: the site's CSP forbids inline styles).

use qrcode::{Color, EcLevel, QrCode};
use std::fmt::Write;

/// Quiet zone in modules. Printed cards keep the standard's 4.
const QUIET: usize = 4;

/// The QR code of `data` as `<svg class="mbc-qr">`: one path, dark modules as horizontal runs.
pub fn svg(data: &str) -> Result<String, String> {
    let code = QrCode::with_error_correction_level(data.as_bytes(), EcLevel::M)
        .map_err(|e| format!("二维码无法生成：{e}"))?;
    let w = code.width();
    let colors = code.to_colors();
    let size = w.saturating_add(2 * QUIET);
    let mut path = String::with_capacity(w.saturating_mul(w) / 2);
    for (y, row) in colors.chunks(w.max(1)).enumerate() {
        let mut x = 0;
        while x < row.len() {
            if row.get(x) == Some(&Color::Dark) {
                let start = x;
                while row.get(x) == Some(&Color::Dark) {
                    x += 1;
                }
                let _ = write!(path, "M{} {}.5h{}", start + QUIET, y + QUIET, x - start);
            } else {
                x += 1;
            }
        }
    }
    Ok(format!(
        r#"<svg class="mbc-qr" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" role="img" aria-label="二维码：{}"><path fill="white" d="M0 0h{size}v{size}H0z"/><path stroke="black" d="{path}"/></svg>"#,
        crate::escape(data)
    ))
}
