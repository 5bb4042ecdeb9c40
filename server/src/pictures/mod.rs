//! The pictures Kindred draws on the server: the dashboard's charts, the identity card and the QR
//! code of a survey's link, each as SVG and PNG. Text in them is escaped, laid out in its own
//! direction (`bidi`), and drawn in PNGs with DejaVu Sans compiled into the binary, so no system
//! font is needed.

pub mod bidi;
pub mod card;
pub mod charts;
pub mod qr;

use plotters::style::{FontStyle, register_font};
use std::sync::Once;

static REGULAR: &[u8] = include_bytes!("../../fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../../fonts/DejaVuSans-Bold.ttf");

/// Registers the embedded fonts with plotters once per process.
pub fn register_fonts() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let _ = register_font("sans-serif", FontStyle::Normal, REGULAR);
        let _ = register_font("sans-serif", FontStyle::Bold, BOLD);
    });
}

/// RGB pixels as a PNG file.
pub fn encode_png(width: u32, height: u32, pixels: &[u8]) -> anyhow::Result<Vec<u8>> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.write_header()?.write_image_data(pixels)?;
    Ok(out)
}
