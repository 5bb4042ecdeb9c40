//! QR codes for a survey's public link, as SVG (for print) and PNG (for slides and chat). They
//! encode only the public link.

use qrcode::render::svg;
use qrcode::{Color, EcLevel, QrCode};

/// Modules of white space around the code, as the QR standard asks.
const QUIET_ZONE: usize = 4;
/// Pixels per module in the PNG: a 29-module code becomes 296 px square.
const PNG_SCALE: usize = 8;

fn code(url: &str) -> Result<QrCode, qrcode::types::QrError> {
    // Level M survives a little damage or a logo sticker and keeps the code small.
    QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M)
}

pub fn svg(url: &str) -> Result<String, qrcode::types::QrError> {
    Ok(code(url)?
        .render::<svg::Color<'_>>()
        .min_dimensions(256, 256)
        .quiet_zone(true)
        .build())
}

pub fn png(url: &str) -> anyhow::Result<Vec<u8>> {
    let code = code(url)?;
    let modules = code.width();
    let colors = code.to_colors();
    let side = (modules + 2 * QUIET_ZONE) * PNG_SCALE;
    let mut pixels = vec![255u8; side * side];
    for (index, color) in colors.iter().enumerate() {
        if *color == Color::Dark {
            let (mx, my) = (index % modules + QUIET_ZONE, index / modules + QUIET_ZONE);
            for y in my * PNG_SCALE..(my + 1) * PNG_SCALE {
                pixels[y * side + mx * PNG_SCALE..y * side + (mx + 1) * PNG_SCALE].fill(0);
            }
        }
    }
    let mut bytes = Vec::new();
    let side = u32::try_from(side)?;
    let mut encoder = png::Encoder::new(&mut bytes, side, side);
    encoder.set_color(png::ColorType::Grayscale);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.write_header()?.write_image_data(&pixels)?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_svg_is_a_scalable_picture_without_any_text() {
        let svg = svg("https://kindred.example.org/s/abcdefghijklmnop").unwrap();
        assert!(svg.contains("<svg") && svg.contains("</svg>"), "{svg}");
        assert!(
            !svg.contains("kindred.example.org"),
            "the link is drawn, not written"
        );
    }

    #[test]
    fn the_png_is_square_with_a_quiet_zone() {
        let bytes = png("https://kindred.example.org/s/abcdefghijklmnop").unwrap();
        let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
        let mut reader = decoder.read_info().unwrap();
        let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut pixels).unwrap();
        assert_eq!(info.width, info.height);
        assert_eq!(info.width as usize % PNG_SCALE, 0);
        let width = info.width as usize;
        // The quiet zone is white; the finder pattern's corner just inside it is black.
        assert_eq!(pixels[0], 255);
        let corner = QUIET_ZONE * PNG_SCALE;
        assert_eq!(pixels[corner * width + corner], 0);
    }
}
