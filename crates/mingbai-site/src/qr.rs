//! QR codes as small inline SVG: one path, dark modules merged into horizontal runs.
//!
//! The `qrcode` crate encodes; the mask is chosen here with the standard's penalty rules
//! (ISO/IEC 18004 §7.8.3, N1–N4) on bit rows, because the crate's own choice costs about 0.3 ms a
//! code — most of the time of a 10 000-page build.

use qrcode::bits::encode_auto;
use qrcode::canvas::{Canvas, MaskPattern};
use qrcode::{ec, Color, EcLevel};

/// Quiet zone in modules. The standard asks for 4; printed cards keep that.
const QUIET: usize = 4;

const MASKS: [MaskPattern; 8] = [
    MaskPattern::Checkerboard,
    MaskPattern::HorizontalLines,
    MaskPattern::VerticalLines,
    MaskPattern::DiagonalLines,
    MaskPattern::LargeCheckerboard,
    MaskPattern::Fields,
    MaskPattern::Diamonds,
    MaskPattern::Meadow,
];

/// The modules of the QR code of `data` (row-major, `true` = dark) and its width.
pub fn matrix(data: &str) -> Result<(usize, Vec<bool>), String> {
    let bits =
        encode_auto(data.as_bytes(), EcLevel::M).map_err(|e| format!("QR code for {data}: {e}"))?;
    let version = bits.version();
    let (encoded, ec_data) = ec::construct_codewords(&bits.into_bytes(), version, EcLevel::M)
        .map_err(|e| format!("QR code for {data}: {e}"))?;
    let mut canvas = Canvas::new(version, EcLevel::M);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&encoded, &ec_data);
    let width = usize::try_from(version.width()).map_err(|_| "bad QR width".to_string())?;
    if width + 8 > 128 {
        return Err(format!(
            "{data} is too long for a QR code on a printed card"
        ));
    }
    let mut best: Option<(u32, Vec<bool>)> = None;
    for mask in MASKS {
        let mut c = canvas.clone();
        c.apply_mask(mask);
        let modules: Vec<bool> = c
            .into_colors()
            .into_iter()
            .map(|m| m == Color::Dark)
            .collect();
        let score = penalty(width, &modules);
        if best.as_ref().is_none_or(|(b, _)| score < *b) {
            best = Some((score, modules));
        }
    }
    let (_, modules) = best.ok_or("no mask")?;
    Ok((width, modules))
}

/// The standard's penalty score of a masked symbol (lower is easier to scan). Rows and columns
/// are bit sets (bit x = dark), so each rule is a few shifts and popcounts per line.
fn penalty(w: usize, m: &[bool]) -> u32 {
    let rows: Vec<u128> = (0..w)
        .map(|y| (0..w).fold(0u128, |acc, x| acc | (u128::from(m[y * w + x]) << x)))
        .collect();
    let cols: Vec<u128> = (0..w)
        .map(|x| (0..w).fold(0u128, |acc, y| acc | (u128::from(m[y * w + x]) << y)))
        .collect();
    let full: u128 = (1u128 << w) - 1;
    let mut score = 0u32;
    for line in rows.iter().chain(&cols) {
        // N1: runs of five or more modules of one colour score 3 + (length − 5).
        // A run ends where the colour changes (bit x differs from bit x+1) or at the edge.
        let mut ends = (line ^ (line >> 1)) & (full >> 1);
        ends |= 1u128 << (w - 1);
        let mut start = 0u32;
        while ends != 0 {
            let end = ends.trailing_zeros();
            let len = end + 1 - start;
            if len >= 5 {
                score += len - 2;
            }
            start = end + 1;
            ends &= ends - 1;
        }
        // N3: finder-like 1:1:3:1:1 with four light modules on one side; outside is light.
        let padded = line << 4;
        for shift in 0..=(w + 8 - 11) {
            let window = (padded >> shift) & 0x7FF;
            if window == 0b000_0101_1101 || window == 0b101_1101_0000 {
                score += 40;
            }
        }
    }
    // N2: 2×2 blocks of one colour.
    let inner = full >> 1;
    for y in 0..w - 1 {
        let (a, b) = (rows[y], rows[y + 1]);
        let same = !(a ^ b) & !(a ^ (a >> 1)) & !(b ^ (b >> 1)) & inner;
        score += 3 * same.count_ones();
    }
    // N4: balance of dark and light.
    let dark: usize = rows.iter().map(|r| r.count_ones() as usize).sum();
    let percent = dark * 100 / (w * w);
    score += (percent.abs_diff(50) / 5) as u32 * 10;
    score
}

/// An SVG QR code of `data`, scaled by its container (`width`/`height` set by CSS).
pub fn svg(data: &str, label: &str) -> Result<String, String> {
    let (w, modules) = matrix(data)?;
    let size = w + 2 * QUIET;
    // One stroked path: each run of dark modules is a horizontal line through the middle of its
    // row; moves between runs are relative, which keeps the SVG about 2.5 KB.
    let mut path = String::with_capacity(w * w / 2);
    use std::fmt::Write;
    for y in 0..w {
        let mut x = 0;
        let mut pen: Option<usize> = None;
        while x < w {
            if modules[y * w + x] {
                let start = x;
                while x < w && modules[y * w + x] {
                    x += 1;
                }
                let _ = match pen {
                    None => write!(path, "M{} {}.5h{}", start + QUIET, y + QUIET, x - start),
                    Some(at) => write!(path, "m{} 0h{}", start - at, x - start),
                };
                pen = Some(x);
            } else {
                x += 1;
            }
        }
    }
    Ok(format!(
        "<svg class=\"qr\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"{}\"><rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path stroke=\"#000\" d=\"{path}\"/></svg>",
        escape_attr(label)
    ))
}

fn escape_attr(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_a_url_deterministically() {
        let a = svg("https://example.org/mingbai/daixian/jiankang/", "二维码").unwrap();
        let b = svg("https://example.org/mingbai/daixian/jiankang/", "二维码").unwrap();
        assert_eq!(a, b);
        assert!(a.starts_with("<svg class=\"qr\""));
        // version 4 (33 modules) + quiet zone
        assert!(a.contains("viewBox=\"0 0 41 41\""), "{a}");
    }

    #[test]
    fn same_symbol_as_the_qrcode_crate_up_to_the_mask_choice() {
        // Our mask choice follows the same rules as the crate's; both must give a valid symbol of
        // the same size, with the finder patterns in place.
        let url = "https://example.org/mingbai/zhenba/medical-insurance/";
        let (w, m) = matrix(url).unwrap();
        let theirs = qrcode::QrCode::with_error_correction_level(url, EcLevel::M).unwrap();
        assert_eq!(w, theirs.width());
        let finder = |x0: usize, y0: usize| {
            (0..7).all(|i| {
                m[y0 * w + x0 + i]
                    && m[(y0 + 6) * w + x0 + i]
                    && m[(y0 + i) * w + x0]
                    && m[(y0 + i) * w + x0 + 6]
            })
        };
        assert!(finder(0, 0) && finder(w - 7, 0) && finder(0, w - 7));
        // Functional modules (finders, timing, alignment) agree with the crate's symbol.
        let colors = theirs.to_colors();
        for y in 0..w {
            for x in 0..w {
                if theirs.is_functional(x, y) && !(x == 8 || y == 8) {
                    assert_eq!(m[y * w + x], colors[y * w + x] == Color::Dark, "({x},{y})");
                }
            }
        }
    }

    #[test]
    fn codes_decode_to_their_url() {
        for url in [
            "https://example.org/mingbai/daixian/health-136/",
            "https://example.org/mingbai/baoding/fuping-full-aid/",
            "https://county.gov.cn/明白/x/",
        ] {
            let (w, m) = matrix(url).unwrap();
            let scale = 4;
            let size = (w + 2 * QUIET) * scale;
            let mut img = rqrr::PreparedImage::prepare_from_greyscale(size, size, |x, y| {
                let (mx, my) = (
                    (x / scale).wrapping_sub(QUIET),
                    (y / scale).wrapping_sub(QUIET),
                );
                if mx < w && my < w && m[my * w + mx] {
                    0
                } else {
                    255
                }
            });
            let grids = img.detect_grids();
            assert_eq!(grids.len(), 1, "{url}");
            let (_, content) = grids[0].decode().unwrap();
            assert_eq!(content, url);
        }
    }

    #[test]
    fn penalty_counts_runs_blocks_and_balance() {
        // 5×5 all dark: N1 rows+cols 10×(5−2)=30, N2 16 blocks ×3 = 48, N4 100% → 10×10 = 100.
        // N3: a run of dark modules is never 1:1:3:1:1.
        assert_eq!(penalty(5, &[true; 25]), 30 + 48 + 100);
    }
}
