//! The identity card as an image: SVG (text stays text, escaped) and PNG (drawn with plotters and
//! DejaVu Sans, which is compiled into the binary, so no system font is needed).

use super::bidi::TextOrder;
use super::{encode_png, register_fonts};
use app::api::types::IdentityCard;
use domain::brand::{Colour, text_on};
use domain::typed_text::escape_markup;
use plotters::prelude::*;
use plotters::style::FontStyle;

pub const WIDTH: u32 = 1200;
pub const HEIGHT: u32 = 630;
const FALLBACK_COLOUR: &str = "#1d4e89";
/// Characters per line of the statement at its size on the card.
const LINE_CHARS: usize = 30;

/// Word wrap to `width` characters (a word longer than that gets a line of its own).
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let options = textwrap::Options::new(width).break_words(false);
    textwrap::wrap(text, options)
        .into_iter()
        .map(std::borrow::Cow::into_owned)
        .collect()
}

/// Where everything goes on the card, shared by the SVG and the PNG.
struct Layout {
    background: Colour,
    ink: Colour,
    brand: String,
    lines: Vec<String>,
    signature: Option<String>,
}

fn layout(card: &IdentityCard) -> Layout {
    let background = card
        .colour
        .as_deref()
        .and_then(|c| Colour::parse("colour", c).ok())
        .or_else(|| Colour::parse("colour", FALLBACK_COLOUR).ok())
        .unwrap_or(domain::brand::BLACK);
    Layout {
        background,
        ink: text_on(background),
        brand: card.brand_name.clone(),
        lines: wrap(&card.statement, LINE_CHARS)
            .into_iter()
            .take(5)
            .collect(),
        signature: card.display_name.as_ref().map(|n| format!("— {n}")),
    }
}

const STATEMENT_TOP: i32 = 200;
const LINE_HEIGHT: i32 = 72;

pub fn svg(card: &IdentityCard) -> String {
    let l = layout(card);
    let mut lines = String::new();
    for (i, line) in l.lines.iter().enumerate() {
        lines.push_str(&format!(
            r#"<text x="80" y="{}" font-size="56" font-weight="bold">{}</text>"#,
            STATEMENT_TOP + LINE_HEIGHT * i as i32,
            escape_markup(&TextOrder::Isolated.apply(line))
        ));
    }
    let signature = l.signature.as_deref().map_or(String::new(), |s| {
        format!(
            r#"<text x="80" y="540" font-size="34">{}</text>"#,
            escape_markup(&TextOrder::Isolated.apply(s))
        )
    });
    format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{label}"><rect width="100%" height="100%" fill="{bg}"/><g fill="{ink}" font-family="DejaVu Sans, Verdana, sans-serif"><text x="80" y="110" font-size="34" letter-spacing="2">{brand}</text>{lines}{signature}<text x="80" y="590" font-size="24" opacity="0.85">Why members join · made with Kindred</text></g></svg>"#,
        label = escape_markup(&card.statement),
        bg = l.background,
        ink = l.ink,
        brand = escape_markup(&TextOrder::Isolated.apply(&l.brand.to_uppercase())),
    )
}

pub fn png(card: &IdentityCard) -> anyhow::Result<Vec<u8>> {
    register_fonts();
    let l = layout(card);
    let mut pixels = vec![0u8; (WIDTH * HEIGHT * 3) as usize];
    {
        let root = BitMapBackend::with_buffer(&mut pixels, (WIDTH, HEIGHT)).into_drawing_area();
        let rgb = |c: Colour| RGBColor(c.r, c.g, c.b);
        root.fill(&rgb(l.background))?;
        let ink = rgb(l.ink);
        let font =
            |size: f64, style: FontStyle| ("sans-serif", size).into_font().style(style).color(&ink);
        // plotters places text by its top-left corner; the SVG by its baseline.
        let visual = |text: &str| TextOrder::Visual.apply(text).into_owned();
        root.draw_text(
            &visual(&l.brand.to_uppercase()),
            &font(34.0, FontStyle::Normal),
            (80, 110 - 30),
        )?;
        for (i, line) in l.lines.iter().enumerate() {
            let y = STATEMENT_TOP + LINE_HEIGHT * i as i32 - 50;
            root.draw_text(&visual(line), &font(56.0, FontStyle::Bold), (80, y))?;
        }
        if let Some(signature) = &l.signature {
            root.draw_text(
                &visual(signature),
                &font(34.0, FontStyle::Normal),
                (80, 540 - 30),
            )?;
        }
        root.draw_text(
            "Why members join · made with Kindred",
            &font(24.0, FontStyle::Normal),
            (80, 590 - 21),
        )?;
        root.present()?;
    }
    encode_png(WIDTH, HEIGHT, &pixels)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card(statement: &str, name: Option<&str>) -> IdentityCard {
        IdentityCard {
            token: "t".into(),
            brand_name: "Friends <of> the Park".into(),
            colour: Some("#fde047".into()),
            statement: statement.into(),
            display_name: name.map(str::to_owned),
            share_url: "http://x/c/t".into(),
            image_url: "http://x/c/t/card.png".into(),
            survey_path: None,
        }
    }

    #[test]
    fn lines_wrap_at_word_boundaries() {
        assert_eq!(
            wrap(
                "I'm part of Friends of the Park because it says who I am.",
                30
            ),
            [
                "I'm part of Friends of the",
                "Park because it says who I am."
            ]
        );
        assert_eq!(
            wrap("a verylongwordthatdoesnotfit b", 5),
            ["a", "verylongwordthatdoesnotfit", "b"]
        );
    }

    #[test]
    fn the_svg_escapes_every_user_text() {
        let svg = svg(&card(
            "I'm part of <script>alert(1)</script> & more",
            Some("Ana \"A\""),
        ));
        assert!(!svg.contains("<script>"), "{svg}");
        assert!(svg.contains("&lt;script&gt;"));
        assert!(svg.contains("FRIENDS &lt;OF&gt; THE PARK"));
        assert!(svg.contains("— Ana &quot;A&quot;"));
        // A pale brand colour gets black text.
        assert!(svg.contains(r##"fill="#000000""##));
    }

    #[test]
    fn the_png_is_a_real_image_of_the_card_size() {
        let bytes = png(&card("I'm part of F because it says who I am.", None)).unwrap();
        if let Ok(path) = std::env::var("KINDRED_CARD_PNG") {
            std::fs::write(path, &bytes).unwrap();
        }
        let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
        let reader = decoder.read_info().unwrap();
        assert_eq!((reader.info().width, reader.info().height), (WIDTH, HEIGHT));
    }
}
