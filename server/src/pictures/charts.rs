//! Server-rendered charts (plotters): SVG for the page, PNG at 2.25× (1,620 px wide) for slides.
//! Each has a title with its n and a labelled axis — percentages wherever the tables give
//! percentages — and the page shows the same numbers in a table beside it, for screen readers and
//! for copying. Bars run horizontally, so labels can be long: they are wrapped onto lines, never
//! cut. Text is escaped by plotters' SVG backend; right-to-left labels are prepared by `bidi`.

use super::bidi::TextOrder;
use super::{encode_png, register_fonts};
use plotters::coord::ranged1d::SegmentedCoord;
use plotters::coord::types::{RangedCoordf64, RangedCoordusize};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

pub struct Bar {
    pub label: String,
    pub value: f64,
    /// A 95% interval drawn as an error bar.
    pub interval: Option<(f64, f64)>,
}

/// A horizontal bar chart: its title (with n), axis label and bars.
pub struct ChartSpec {
    pub title: String,
    pub x_label: String,
    pub bars: Vec<Bar>,
    /// The end of the value axis (1 for shares).
    pub x_max: f64,
    /// Whether values are shares, shown on a percentage axis.
    pub percent: bool,
    /// Draws the overlap picture (two circles, apart to almost one) beside each of seven bars.
    pub overlap_pictures: bool,
}

impl ChartSpec {
    /// Shares from 0 to 1, on a percentage axis.
    pub fn new(title: String, x_label: &str, bars: Vec<Bar>) -> Self {
        Self {
            title,
            x_label: x_label.to_owned(),
            bars,
            x_max: 1.0,
            percent: true,
            overlap_pictures: false,
        }
    }

    /// Counts rather than shares: the axis runs to the largest bar.
    pub fn counts(mut self) -> Self {
        self.x_max = self.bars.iter().map(|b| b.value).fold(1.0, f64::max) * 1.05;
        self.percent = false;
        self
    }

    /// The seven overlap pictures drawn on the axis beside their bars.
    pub fn with_overlap_pictures(mut self) -> Self {
        self.overlap_pictures = true;
        self
    }

    fn height(&self) -> u32 {
        90 + row_height(self.bars.iter().map(|b| b.label.as_str())) * self.bars.len().max(1) as u32
    }
}

/// Width of the SVG (and of the chart on the page), in CSS pixels.
const WIDTH: u32 = 720;
/// How much larger the PNG is drawn, for slides: 720 × 2.25 = 1,620 pixels wide.
pub const PNG_SCALE: f64 = 2.25;
/// The most rows of pixels a PNG is drawn with (1,620 × 6,000 × 3 bytes ≈ 29 MB while drawing).
const MAX_PNG_HEIGHT: u32 = 6_000;
/// Characters per line of a wrapped label.
const LABEL_CHARS: usize = 28;
/// Height of one line of label text at 1×.
const LINE: u32 = 16;
const LABEL_AREA: u32 = 240;
const BRAND: RGBColor = RGBColor(29, 78, 137);

/// Sizes in pixels at 1×, multiplied for the drawing at hand.
#[derive(Clone, Copy)]
struct Px(f64);

impl Px {
    fn u(self, v: u32) -> u32 {
        (f64::from(v) * self.0).round() as u32
    }

    fn i(self, v: u32) -> i32 {
        self.u(v) as i32
    }

    fn font(self, size: u32) -> f64 {
        f64::from(size) * self.0
    }
}

/// `label` broken into lines of at most `LABEL_CHARS` characters, at spaces where it can be (a
/// longer word is split).
fn wrap(label: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in label.split_whitespace() {
        let mut word: Vec<char> = word.chars().collect();
        while word.len() > LABEL_CHARS {
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            lines.push(word.drain(..LABEL_CHARS).collect());
        }
        let word: String = word.into_iter().collect();
        if word.is_empty() {
            continue;
        }
        if line.is_empty() {
            line = word;
        } else if line.chars().count() + 1 + word.chars().count() <= LABEL_CHARS {
            line.push(' ');
            line.push_str(&word);
        } else {
            lines.push(std::mem::replace(&mut line, word));
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// Height of a bar's row at 1×: enough for the longest wrapped label, at least 46 pixels.
fn row_height<'a>(labels: impl Iterator<Item = &'a str>) -> u32 {
    let lines = labels.map(|l| wrap(l).len() as u32).max().unwrap_or(1);
    (LINE * lines + 14).max(46)
}

type BarCoord = Cartesian2d<RangedCoordf64, SegmentedCoord<RangedCoordusize>>;

/// The segment of the `i`th of `n` rows: the axis counts from the bottom, the rows read from the
/// top, so the first (best) row is drawn highest.
fn row(i: usize, n: usize) -> usize {
    n.saturating_sub(1 + i)
}

/// What every bar chart shares: a white ground, the title, the value axis over `x_range`
/// (as percentages when `percent`, without sign, so a diverging chart's left half reads as
/// shares too) with its label and no minor grid, and one row per bar named by its label, wrapped
/// onto as many lines as it needs.
#[allow(clippy::too_many_arguments)]
fn bar_frame<'a, 'b, DB: DrawingBackend>(
    root: &'a DrawingArea<DB, plotters::coord::Shift>,
    px: Px,
    order: TextOrder,
    title: &str,
    x_label: &str,
    (x_min, x_max): (f64, f64),
    percent: bool,
    labels: impl Iterator<Item = &'b str>,
    label_indent: u32,
) -> Result<ChartContext<'a, DB, BarCoord>, DrawingAreaErrorKind<DB::ErrorType>> {
    root.fill(&WHITE)?;
    let labels: Vec<Vec<String>> = labels
        .map(|l| {
            wrap(l)
                .iter()
                .map(|line| order.apply(line).into_owned())
                .collect()
        })
        .collect();
    let mut chart = ChartBuilder::on(root)
        .caption(order.apply(title), ("sans-serif", px.font(18)))
        .margin(px.u(10))
        // Room for the last tick's label ("100%") to the right of the axis's end.
        .margin_right(px.u(28))
        .x_label_area_size(px.u(44))
        .y_label_area_size(px.u(LABEL_AREA))
        // An integer axis 0..k holds k + 1 values: k = rows − 1 gives one segment per row.
        .build_cartesian_2d(
            x_min..x_max,
            (0..labels.len().saturating_sub(1).max(1)).into_segmented(),
        )?;
    let as_percent = |v: &f64| format!("{:.0}%", (v * 100.0).abs());
    let as_count = |v: &f64| format!("{v:.0}");
    chart
        .configure_mesh()
        .disable_y_mesh()
        .light_line_style(TRANSPARENT)
        // Whole counts only: an axis to 3 has the ticks 0, 1, 2, 3, not 0, 0.5, 1 ….
        .x_labels(if percent {
            (((x_max - x_min) / 0.2).round() as usize + 1).clamp(3, 11)
        } else {
            (x_max.floor() as usize + 1).clamp(2, 6)
        })
        .x_desc(order.apply(x_label))
        .x_label_formatter(if percent { &as_percent } else { &as_count })
        .y_label_formatter(&|_| String::new())
        .label_style(("sans-serif", px.font(13)))
        .axis_desc_style(("sans-serif", px.font(13)))
        .draw()?;
    // The labels, each line right-aligned against the axis, the lines centred on the bar.
    let style = ("sans-serif", px.font(13))
        .into_font()
        .color(&BLACK)
        .pos(Pos::new(HPos::Right, VPos::Center));
    for (i, lines) in labels.iter().enumerate() {
        let at = SegmentValue::CenterOf(row(i, labels.len()));
        let (axis_x, centre_y) = chart.backend_coord(&(x_min, at));
        let right = axis_x - px.i(8 + label_indent);
        let top = centre_y - px.i(LINE) * (lines.len() as i32 - 1) / 2;
        for (n, line) in lines.iter().enumerate() {
            root.draw(&Text::new(
                line.clone(),
                (right, top + px.i(LINE) * n as i32),
                &style,
            ))?;
        }
    }
    Ok(chart)
}

/// The overlap picture `n` of 7 (1 = apart, 7 = almost one): two circles, "you" and the
/// organisation, centred on (`x`, `y`).
fn overlap_picture<DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    px: Px,
    (x, y): (i32, i32),
    n: usize,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let r = px.i(9);
    // From a gap of a fifth of a radius (1) to circles all but on top of each other (7).
    let apart = 2.2 - 1.9 * (n.saturating_sub(1) as f64 / 6.0);
    let half = (f64::from(r) * apart / 2.0).round() as i32;
    let stroke = BRAND.stroke_width(px.u(2).max(1));
    root.draw(&Circle::new((x - half, y), r, stroke))?;
    root.draw(&Circle::new((x + half, y), r, stroke))?;
    Ok(())
}

fn draw<DB: DrawingBackend>(
    root: DrawingArea<DB, plotters::coord::Shift>,
    px: Px,
    order: TextOrder,
    spec: &ChartSpec,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let labels = spec.bars.iter().map(|b| b.label.as_str());
    let indent = if spec.overlap_pictures { 44 } else { 0 };
    let mut chart = bar_frame(
        &root,
        px,
        order,
        &spec.title,
        &spec.x_label,
        (0.0, spec.x_max),
        spec.percent,
        labels,
        indent,
    )?;
    let n = spec.bars.len();
    chart.draw_series(spec.bars.iter().enumerate().map(|(i, bar)| {
        let mut rect = Rectangle::new(
            [
                (0.0, SegmentValue::Exact(row(i, n))),
                (bar.value, SegmentValue::Exact(row(i, n) + 1)),
            ],
            BRAND.filled(),
        );
        rect.set_margin(px.u(8), px.u(8), 0, 0);
        rect
    }))?;
    chart.draw_series(spec.bars.iter().enumerate().filter_map(|(i, bar)| {
        bar.interval.map(|(low, high)| {
            ErrorBar::new_horizontal(
                SegmentValue::CenterOf(row(i, n)),
                low,
                bar.value,
                high,
                BLACK.stroke_width(px.u(2)),
                px.u(10),
            )
        })
    }))?;
    if spec.overlap_pictures {
        for i in 0..spec.bars.len() {
            let (axis_x, y) = chart.backend_coord(&(0.0, SegmentValue::CenterOf(row(i, n))));
            overlap_picture(&root, px, (axis_x - px.i(26), y), i + 1)?;
        }
    }
    root.present()
}

/// Shades of the brand blue for the parts of a stacked bar, darkest first.
const SHADES: [RGBColor; 6] = [
    RGBColor(22, 59, 104),
    RGBColor(29, 78, 137),
    RGBColor(74, 118, 171),
    RGBColor(126, 160, 201),
    RGBColor(178, 199, 226),
    RGBColor(221, 229, 240),
];

/// Bars split into parts (shares adding up to 1 per bar), e.g. how many put each reason 1st,
/// 2nd, 3rd: a stacked rank distribution.
pub struct StackedSpec {
    pub title: String,
    pub x_label: String,
    pub rows: Vec<(String, Vec<f64>)>,
    pub parts: Vec<String>,
}

/// Height of one line of the key under a stacked chart, at 1×.
const KEY_HEIGHT: u32 = 34;
/// Width of a key entry's swatch and the gaps around it, at 1×.
const KEY_SWATCH: u32 = 34;
/// A generous width of one character of the key's 12-pixel text, at 1×, for breaking it into
/// lines before it is drawn.
const KEY_CHAR: u32 = 7;

/// The key's entries (by their names) broken into lines that fit the chart's width: each line
/// the indices of its entries.
fn key_lines(names: &[&str]) -> Vec<Vec<usize>> {
    let room = WIDTH - 20;
    let mut lines: Vec<Vec<usize>> = vec![Vec::new()];
    let mut used = 0;
    for (i, name) in names.iter().enumerate() {
        let width = KEY_SWATCH + KEY_CHAR * name.chars().count() as u32;
        let line = lines.last_mut().expect("never empty");
        if !line.is_empty() && used + width > room {
            lines.push(vec![i]);
            used = width;
        } else {
            line.push(i);
            used += width;
        }
    }
    lines
}

/// Height of the key of these entries, at 1×.
fn key_height(names: &[&str]) -> u32 {
    KEY_HEIGHT * key_lines(names).len() as u32
}

/// Draws a key (a swatch and a name per entry) into `key`, from its left edge, on as many lines
/// as [`key_lines`] gives.
fn draw_key<DB: DrawingBackend>(
    key: &DrawingArea<DB, plotters::coord::Shift>,
    px: Px,
    order: TextOrder,
    parts: &[(&str, RGBColor)],
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let style = ("sans-serif", px.font(12))
        .into_font()
        .color(&BLACK)
        .pos(Pos::new(HPos::Left, VPos::Center));
    let names: Vec<&str> = parts.iter().map(|(name, _)| *name).collect();
    for (line, entries) in key_lines(&names).into_iter().enumerate() {
        let mut x = px.i(10);
        let y = px.i(KEY_HEIGHT) * line as i32 + px.i(KEY_HEIGHT) / 2;
        for i in entries {
            let (name, colour) = parts[i];
            let swatch = [(x, y - px.i(6)), (x + px.i(12), y + px.i(6))];
            key.draw(&Rectangle::new(swatch, colour.filled()))?;
            key.draw(&Rectangle::new(swatch, BLACK.mix(0.4)))?;
            let text = order.apply(name).into_owned();
            let width = key
                .estimate_text_size(&text, &style)
                .map_or(px.u(80), |(w, _)| w);
            key.draw(&Text::new(text, (x + px.i(18), y), &style))?;
            x += px.i(18 + 16) + width as i32;
        }
    }
    Ok(())
}

impl StackedSpec {
    fn height(&self) -> u32 {
        parted_height(&self.rows, &self.parts)
    }

    /// Each part's start and end along a row: one after another from zero.
    fn spans(shares: &[f64]) -> Vec<(f64, f64)> {
        let mut start = 0.0;
        shares
            .iter()
            .map(|share| {
                let span = (start, start + share);
                start += share;
                span
            })
            .collect()
    }
}

/// Height at 1× of a chart of bars split into parts, with its key.
fn parted_height(rows: &[(String, Vec<f64>)], parts: &[String]) -> u32 {
    let names: Vec<&str> = parts.iter().map(String::as_str).collect();
    90 + key_height(&names)
        + row_height(rows.iter().map(|(l, _)| l.as_str())) * rows.len().max(1) as u32
}

/// What a chart of bars split into parts draws: the rows, an axis over `x_range`, each part of a
/// row over the span `spans` gives it in its colour, and the key of the parts under the chart
/// (never over its bars).
struct Parted<'a> {
    title: &'a str,
    x_label: &'a str,
    x_range: (f64, f64),
    rows: &'a [(String, Vec<f64>)],
    parts: Vec<(&'a str, RGBColor)>,
    spans: fn(&[f64]) -> Vec<(f64, f64)>,
    /// Draws the line at zero that the parts grow from on both sides.
    zero_line: bool,
}

fn draw_parted<DB: DrawingBackend>(
    root: DrawingArea<DB, plotters::coord::Shift>,
    px: Px,
    order: TextOrder,
    spec: Parted,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    root.fill(&WHITE)?;
    let names: Vec<&str> = spec.parts.iter().map(|(name, _)| *name).collect();
    let (_, height) = root.dim_in_pixel();
    let (plot, key) = root.split_vertically(height.saturating_sub(px.u(key_height(&names))));
    draw_key(&key, px, order, &spec.parts)?;
    let mut chart = bar_frame(
        &plot,
        px,
        order,
        spec.title,
        spec.x_label,
        spec.x_range,
        true,
        spec.rows.iter().map(|(label, _)| label.as_str()),
        0,
    )?;
    let n = spec.rows.len();
    let colours: Vec<RGBColor> = spec.parts.iter().map(|(_, colour)| *colour).collect();
    chart.draw_series(spec.rows.iter().enumerate().flat_map(|(i, (_, shares))| {
        (spec.spans)(shares)
            .into_iter()
            .zip(colours.clone())
            .filter(|((start, end), _)| end > start)
            .map(move |((start, end), colour)| {
                let mut rect = Rectangle::new(
                    [
                        (start, SegmentValue::Exact(row(i, n))),
                        (end, SegmentValue::Exact(row(i, n) + 1)),
                    ],
                    colour.filled(),
                );
                rect.set_margin(px.u(8), px.u(8), 0, 0);
                rect
            })
    }))?;
    if spec.zero_line {
        chart.draw_series(std::iter::once(PathElement::new(
            vec![
                (0.0, SegmentValue::Exact(0)),
                (0.0, SegmentValue::Exact(n.max(1))),
            ],
            BLACK.stroke_width(px.u(1).max(1)),
        )))?;
    }
    root.present()
}

fn draw_stacked<DB: DrawingBackend>(
    root: DrawingArea<DB, plotters::coord::Shift>,
    px: Px,
    order: TextOrder,
    spec: &StackedSpec,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let parts = spec
        .parts
        .iter()
        .enumerate()
        .map(|(part, name)| (name.as_str(), SHADES[part.min(SHADES.len() - 1)]))
        .collect();
    draw_parted(
        root,
        px,
        order,
        Parted {
            title: &spec.title,
            x_label: &spec.x_label,
            x_range: (0.0, 1.0),
            rows: &spec.rows,
            parts,
            spans: StackedSpec::spans,
            zero_line: false,
        },
    )
}

/// Agreement colours, from the neutral middle outwards: oranges for disagreeing, blues for
/// agreeing, each darker the further from the middle (a colour-blind-safe diverging scheme).
const DISAGREE: [RGBColor; 3] = [
    RGBColor(253, 184, 99),
    RGBColor(230, 97, 1),
    RGBColor(153, 52, 4),
];
const AGREE: [RGBColor; 3] = [
    RGBColor(146, 197, 222),
    RGBColor(67, 147, 195),
    RGBColor(29, 78, 137),
];
const NEUTRAL: RGBColor = RGBColor(204, 204, 204);

/// Diverging stacked bars: for each row (a statement) the shares choosing each point of a scale
/// from 1 to k, drawn with disagreeing to the left of zero, agreeing to the right and the middle
/// point (of an odd scale) centred on zero, so rows compare by how far each side reaches.
pub struct DivergingSpec {
    pub title: String,
    pub x_label: String,
    /// (label, shares of points 1..=k), each row's shares adding up to 1 (or 0 when nobody
    /// answered).
    pub rows: Vec<(String, Vec<f64>)>,
    /// The name of each point, 1 to k, for the key.
    pub points: Vec<String>,
}

impl DivergingSpec {
    fn height(&self) -> u32 {
        parted_height(&self.rows, &self.points)
    }

    /// Each point's colour, 1 to k.
    fn colours(&self) -> Vec<RGBColor> {
        let k = self.points.len();
        (0..k)
            .map(|p| {
                let shade = |distance: usize| distance.clamp(1, 3) - 1;
                if k % 2 == 1 && p == k / 2 {
                    NEUTRAL
                } else if p < k / 2 {
                    DISAGREE[shade(k / 2 - p)]
                } else {
                    AGREE[shade(p + 1 - k.div_ceil(2))]
                }
            })
            .collect()
    }

    /// Where each point's part of a row starts and ends on the axis (shares, negative to the
    /// left of zero): the middle point centred on zero, the others stacked outwards from it.
    pub fn spans(shares: &[f64]) -> Vec<(f64, f64)> {
        let k = shares.len();
        let middle = if k % 2 == 1 { shares[k / 2] } else { 0.0 };
        let mut spans = vec![(0.0, 0.0); k];
        if k % 2 == 1 {
            spans[k / 2] = (-middle / 2.0, middle / 2.0);
        }
        let mut left = -middle / 2.0;
        for p in (0..k / 2).rev() {
            spans[p] = (left - shares[p], left);
            left -= shares[p];
        }
        let mut right = middle / 2.0;
        for p in k.div_ceil(2)..k {
            spans[p] = (right, right + shares[p]);
            right += shares[p];
        }
        spans
    }

    /// The axis's reach on each side: the furthest any row goes, rounded up to a fifth, at
    /// least 40% and at most 100%.
    fn reach(&self) -> f64 {
        let furthest = self
            .rows
            .iter()
            .flat_map(|(_, shares)| Self::spans(shares))
            .map(|(start, end)| start.abs().max(end.abs()))
            .fold(0.0, f64::max);
        ((furthest * 5.0 - 1e-9).ceil() / 5.0).clamp(0.4, 1.0)
    }
}

fn draw_diverging<DB: DrawingBackend>(
    root: DrawingArea<DB, plotters::coord::Shift>,
    px: Px,
    order: TextOrder,
    spec: &DivergingSpec,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let reach = spec.reach();
    let parts = spec
        .points
        .iter()
        .map(String::as_str)
        .zip(spec.colours())
        .collect();
    draw_parted(
        root,
        px,
        order,
        Parted {
            title: &spec.title,
            x_label: &spec.x_label,
            x_range: (-reach, reach),
            rows: &spec.rows,
            parts,
            spans: DivergingSpec::spans,
            zero_line: true,
        },
    )
}

/// A point per group: x and y in the given ranges, with the group's label, and dashed lines at
/// `cross` dividing the plane into quadrants.
pub struct QuadrantSpec {
    pub title: String,
    pub x_label: String,
    pub y_label: String,
    pub x_range: (f64, f64),
    pub y_range: (f64, f64),
    pub cross: (f64, f64),
    pub points: Vec<(String, f64, f64)>,
}

/// Where each point's label goes, in pixels: beside its dot to the right, else to the left, above,
/// below or at a corner — the first place that overlaps no label placed before it and stays in
/// the plot — and, when every place near the dot is taken, the same places further out (then a
/// thin line joins label and dot). `sizes` are the labels' (width, height) and `bounds` the
/// plot's (left, top, right, bottom); returns each label's top-left corner and whether it stands
/// off its dot.
fn place_labels(
    dots: &[(i32, i32)],
    sizes: &[(i32, i32)],
    gap: i32,
    bounds: (i32, i32, i32, i32),
) -> Vec<((i32, i32), bool)> {
    let overlaps = |a: (i32, i32, i32, i32), b: (i32, i32, i32, i32)| {
        a.0 < b.0 + b.2 && b.0 < a.0 + a.2 && a.1 < b.1 + b.3 && b.1 < a.1 + a.3
    };
    let inside = |r: (i32, i32, i32, i32)| {
        r.0 >= bounds.0 && r.1 >= bounds.1 && r.0 + r.2 <= bounds.2 && r.1 + r.3 <= bounds.3
    };
    // The dots themselves are kept clear too.
    let mut placed: Vec<(i32, i32, i32, i32)> = dots
        .iter()
        .map(|&(x, y)| (x - gap / 2, y - gap / 2, gap, gap))
        .collect();
    dots.iter()
        .zip(sizes)
        .map(|(&(x, y), &(w, h))| {
            let candidates = [1, 3, 5, 8].into_iter().flat_map(|reach| {
                let g = gap * reach;
                [
                    (x + g, y - h / 2),
                    (x - g - w, y - h / 2),
                    (x - w / 2, y - g - h),
                    (x - w / 2, y + g),
                    (x + g, y - g - h),
                    (x + g, y + g),
                    (x - g - w, y - g - h),
                    (x - g - w, y + g),
                ]
                .map(move |corner| (corner, reach > 1))
            });
            let chosen = candidates
                .clone()
                .find(|&((cx, cy), _)| {
                    let r = (cx, cy, w, h);
                    inside(r) && !placed.iter().any(|p| overlaps(*p, r))
                })
                .unwrap_or(((x + gap, y - h / 2), false));
            placed.push((chosen.0.0, chosen.0.1, w, h));
            chosen
        })
        .collect()
}

fn draw_quadrant<DB: DrawingBackend>(
    root: DrawingArea<DB, plotters::coord::Shift>,
    px: Px,
    order: TextOrder,
    spec: &QuadrantSpec,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    root.fill(&WHITE)?;
    let mut chart = ChartBuilder::on(&root)
        .caption(order.apply(&spec.title), ("sans-serif", px.font(18)))
        .margin(px.u(15))
        .x_label_area_size(px.u(44))
        .y_label_area_size(px.u(56))
        .build_cartesian_2d(
            spec.x_range.0..spec.x_range.1,
            spec.y_range.0..spec.y_range.1,
        )?;
    chart
        .configure_mesh()
        .light_line_style(TRANSPARENT)
        .x_labels(6)
        .x_label_formatter(&|v| format!("{:.0}%", v * 100.0))
        .x_desc(order.apply(&spec.x_label))
        .y_desc(order.apply(&spec.y_label))
        .label_style(("sans-serif", px.font(13)))
        .axis_desc_style(("sans-serif", px.font(13)))
        .draw()?;
    let (cx, cy) = spec.cross;
    let dashed = BLACK.mix(0.5).stroke_width(px.u(1));
    chart.draw_series(DashedLineSeries::new(
        [(cx, spec.y_range.0), (cx, spec.y_range.1)],
        px.u(6),
        px.u(4),
        dashed,
    ))?;
    chart.draw_series(DashedLineSeries::new(
        [(spec.x_range.0, cy), (spec.x_range.1, cy)],
        px.u(6),
        px.u(4),
        dashed,
    ))?;
    chart.draw_series(
        spec.points
            .iter()
            .map(|(_, x, y)| Circle::new((*x, *y), px.u(6), BRAND.filled())),
    )?;
    let style = ("sans-serif", px.font(13)).into_font().color(&BLACK);
    let texts: Vec<String> = spec
        .points
        .iter()
        .map(|(label, _, _)| order.apply(label).into_owned())
        .collect();
    let dots: Vec<(i32, i32)> = spec
        .points
        .iter()
        .map(|(_, x, y)| chart.backend_coord(&(*x, *y)))
        .collect();
    let sizes: Vec<(i32, i32)> = texts
        .iter()
        .map(|t| {
            root.estimate_text_size(t, &style)
                .map_or((px.i(80), px.i(LINE)), |(w, h)| (w as i32, h as i32))
        })
        .collect();
    let (xs, ys) = chart.plotting_area().get_pixel_range();
    let corners = place_labels(&dots, &sizes, px.i(9), (xs.start, ys.start, xs.end, ys.end));
    let leader = BLACK.mix(0.45).stroke_width(px.u(1).max(1));
    for (((text, (corner, off)), dot), (w, h)) in
        texts.into_iter().zip(corners).zip(&dots).zip(&sizes)
    {
        if off {
            // To the nearest point of the label's box.
            let end = (
                dot.0.clamp(corner.0, corner.0 + w),
                dot.1.clamp(corner.1, corner.1 + h),
            );
            root.draw(&PathElement::new(vec![*dot, end], leader))?;
        }
        root.draw(&Text::new(text, corner, &style))?;
    }
    root.present()
}

/// Any of the dashboard's charts, as the page and its downloads draw it.
pub enum Chart {
    Bars(ChartSpec),
    Stacked(StackedSpec),
    Diverging(DivergingSpec),
    Quadrant(QuadrantSpec),
}

impl Chart {
    /// Height at 1×, in pixels.
    fn height(&self) -> u32 {
        match self {
            Chart::Bars(spec) => spec.height(),
            Chart::Stacked(spec) => spec.height(),
            Chart::Diverging(spec) => spec.height(),
            Chart::Quadrant(_) => 440,
        }
    }

    fn draw<DB: DrawingBackend>(
        &self,
        root: DrawingArea<DB, plotters::coord::Shift>,
        px: Px,
        order: TextOrder,
    ) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
        match self {
            Chart::Bars(spec) => draw(root, px, order, spec),
            Chart::Stacked(spec) => draw_stacked(root, px, order, spec),
            Chart::Diverging(spec) => draw_diverging(root, px, order, spec),
            Chart::Quadrant(spec) => draw_quadrant(root, px, order, spec),
        }
    }

    pub fn svg(&self) -> String {
        render_svg(self.height(), |root| {
            self.draw(root, Px(1.0), TextOrder::Isolated)
        })
    }

    /// The chart as a PNG at [`PNG_SCALE`] times the page's size (1,620 pixels wide), every
    /// line and letter drawn at that size, so it stays crisp on a slide.
    pub fn png(&self) -> anyhow::Result<Vec<u8>> {
        register_fonts();
        // A very tall chart (years of weeks) is drawn smaller, so that no picture holds more
        // than MAX_PNG_HEIGHT rows of pixels; never below the page's own size.
        let scale = PNG_SCALE
            .min(f64::from(MAX_PNG_HEIGHT) / f64::from(self.height()))
            .max(1.0);
        let px = Px(scale);
        let (width, height) = (px.u(WIDTH), px.u(self.height()));
        let mut pixels = vec![0u8; width as usize * height as usize * 3];
        {
            let root = BitMapBackend::with_buffer(&mut pixels, (width, height)).into_drawing_area();
            self.draw(root, px, TextOrder::Visual)
                .map_err(|e| anyhow::anyhow!("drawing a chart: {e}"))?;
        }
        encode_png(width, height, &pixels)
    }
}

/// Draws into an SVG string of the charts' width; a drawing error is logged and leaves what was
/// drawn so far. Text is measured with the embedded font, also for SVG.
fn render_svg(
    height: u32,
    draw: impl FnOnce(
        DrawingArea<SVGBackend<'_>, plotters::coord::Shift>,
    ) -> Result<(), DrawingAreaErrorKind<std::io::Error>>,
) -> String {
    register_fonts();
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (WIDTH, height)).into_drawing_area();
        if let Err(error) = draw(root) {
            tracing::warn!(%error, "drawing a chart");
        }
    }
    out
}

/// A bar chart as SVG (text escaped by plotters).
pub fn svg(spec: &ChartSpec) -> String {
    render_svg(spec.height(), |root| {
        draw(root, Px(1.0), TextOrder::Isolated, spec)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bar_chart_is_an_svg_with_its_title_axis_and_escaped_labels() {
        let spec = ChartSpec::new(
            "First choice (n = 20)".into(),
            "Share of members",
            vec![
                Bar {
                    label: "Identity <me> & mine".into(),
                    value: 0.5,
                    interval: Some((0.3, 0.7)),
                },
                Bar {
                    label: "Connections".into(),
                    value: 0.3,
                    interval: None,
                },
            ],
        );
        let svg = svg(&spec);
        let png = Chart::Bars(spec).png().unwrap();
        assert!(png.starts_with(b"\x89PNG"));
        assert!(svg.starts_with("<svg"), "{svg}");
        assert!(svg.contains("First choice (n = 20)"));
        assert!(svg.contains("Share of members"));
        assert!(svg.contains("Identity &lt;me&gt; &amp; mine"));
        assert!(!svg.contains("<me>"));
        // A share axis is in percentages.
        assert!(svg.contains("\n20%\n"), "{svg}");
        // The first bar is drawn above the second.
        let y_of = |text: &str| -> f64 {
            let at = svg.find(text).unwrap();
            let element = &svg[svg[..at].rfind("<text").unwrap()..at];
            let y = element.split(" y=\"").nth(1).unwrap();
            y.split('"').next().unwrap().parse().unwrap()
        };
        assert!(y_of("Identity") < y_of("Connections"));
    }

    #[test]
    fn long_labels_wrap_onto_lines_and_are_never_cut() {
        let label = "It makes me part of something bigger than myself, and my neighbours too";
        let lines = wrap(label);
        assert!(
            lines.iter().all(|l| l.chars().count() <= LABEL_CHARS),
            "{lines:?}"
        );
        assert_eq!(lines.join(" "), label);
        assert_eq!(wrap(&"x".repeat(60)).concat(), "x".repeat(60));
        let spec = ChartSpec::new(
            "T".into(),
            "Share",
            vec![Bar {
                label: label.into(),
                value: 0.4,
                interval: None,
            }],
        );
        let svg = svg(&spec);
        for line in &lines {
            assert!(svg.contains(line.as_str()), "{line} in {svg}");
        }
        assert!(!svg.contains('…'));
    }

    #[test]
    fn the_png_is_drawn_large_enough_for_a_slide() {
        let spec = ChartSpec::new(
            "T".into(),
            "Share",
            vec![Bar {
                label: "A".into(),
                value: 0.4,
                interval: None,
            }],
        );
        let png = Chart::Bars(spec).png().unwrap();
        // Width and height from the IHDR chunk.
        let width = u32::from_be_bytes(png[16..20].try_into().unwrap());
        let height = u32::from_be_bytes(png[20..24].try_into().unwrap());
        assert_eq!(width, 1620);
        assert!(height >= 300, "{height}");
    }

    #[test]
    fn quadrant_labels_are_placed_without_overlapping() {
        // Three dots almost on top of each other, each label 60 × 14.
        let dots = [(200, 200), (202, 201), (204, 199)];
        let sizes = [(60, 14); 3];
        let corners: Vec<_> = place_labels(&dots, &sizes, 8, (0, 0, 700, 400))
            .into_iter()
            .map(|(corner, _)| corner)
            .collect();
        for (i, a) in corners.iter().enumerate() {
            for b in &corners[i + 1..] {
                let apart =
                    a.0 + 60 <= b.0 || b.0 + 60 <= a.0 || a.1 + 14 <= b.1 || b.1 + 14 <= a.1;
                assert!(apart, "{corners:?}");
            }
        }
    }

    #[test]
    fn a_stacked_chart_keeps_its_key_below_the_bars() {
        let spec = StackedSpec {
            title: "Where members put each reason (n = 10)".into(),
            x_label: "Share of members".into(),
            rows: vec![("Identity".into(), vec![0.5, 0.3, 0.2, 0.0])],
            parts: vec![
                "1st place".into(),
                "2nd place".into(),
                "3rd place".into(),
                "Not ranked".into(),
            ],
        };
        let height = spec.height();
        let svg = Chart::Stacked(spec).svg();
        // The key's text sits in its own strip at the bottom.
        let at = svg.find("Not ranked").unwrap();
        let element = &svg[svg[..at].rfind("<text").unwrap()..at];
        let y: f64 = element
            .split(" y=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        assert!(
            y > f64::from(height - KEY_HEIGHT),
            "{y} in a chart {height} high"
        );
    }

    #[test]
    fn diverging_bars_put_disagreeing_left_of_zero_and_centre_the_middle_point() {
        // 5 points: 10% 1, 20% 2, 20% 3 (neutral), 30% 4, 20% 5.
        let spans = DivergingSpec::spans(&[0.1, 0.2, 0.2, 0.3, 0.2]);
        let close =
            |a: (f64, f64), b: (f64, f64)| (a.0 - b.0).abs() < 1e-9 && (a.1 - b.1).abs() < 1e-9;
        assert!(close(spans[2], (-0.1, 0.1)), "{spans:?}");
        assert!(close(spans[1], (-0.3, -0.1)), "{spans:?}");
        assert!(close(spans[0], (-0.4, -0.3)), "{spans:?}");
        assert!(close(spans[3], (0.1, 0.4)), "{spans:?}");
        assert!(close(spans[4], (0.4, 0.6)), "{spans:?}");
        // An even scale has no middle: agreeing starts at zero.
        let even = DivergingSpec::spans(&[0.25, 0.25, 0.5, 0.0]);
        assert!(
            close(even[1], (-0.25, 0.0)) && close(even[2], (0.0, 0.5)),
            "{even:?}"
        );
    }

    #[test]
    fn a_diverging_chart_has_a_key_for_every_point_and_an_axis_that_reaches_its_longest_side() {
        let spec = DivergingSpec {
            title: "Brand fit: each statement (n = 10)".into(),
            x_label: "Share of respondents".into(),
            rows: vec![
                (
                    "I <b>feel</b> part of it".into(),
                    vec![0.0, 0.0, 0.1, 0.2, 0.7],
                ),
                (
                    "It is not for me (reversed)".into(),
                    vec![0.5, 0.3, 0.2, 0.0, 0.0],
                ),
            ],
            points: vec![
                "1 Strongly disagree".into(),
                "2".into(),
                "3".into(),
                "4".into(),
                "5 Strongly agree".into(),
            ],
        };
        // The furthest reach is 0.05 + 0.2 + 0.7 = 0.95: the axis runs to 100% each side.
        assert!((spec.reach() - 1.0).abs() < 1e-9, "{}", spec.reach());
        let colours = spec.colours();
        assert_eq!(colours[2], NEUTRAL);
        assert_eq!(colours[0], DISAGREE[1]);
        assert_eq!(colours[4], AGREE[1]);
        let svg = Chart::Diverging(spec).svg();
        for name in [
            "1 Strongly disagree",
            "5 Strongly agree",
            "I &lt;b&gt;feel&lt;/b&gt; part of it",
        ] {
            assert!(svg.contains(name), "{name} missing");
        }
        assert!(!svg.contains("<b>"));
        // The axis labels shares on both sides without a sign.
        assert!(
            svg.contains("\n100%\n") && !svg.contains("\n-"),
            "axis labels"
        );
    }

    #[test]
    fn a_key_too_long_for_one_line_wraps_onto_another() {
        let long: Vec<String> = (1..=7)
            .map(|p| format!("{p} Somewhat longer end label"))
            .collect();
        let names: Vec<&str> = long.iter().map(String::as_str).collect();
        let lines = key_lines(&names);
        assert!(lines.len() > 1);
        assert_eq!(lines.concat(), (0..7).collect::<Vec<_>>());
        assert_eq!(key_height(&names), KEY_HEIGHT * lines.len() as u32);
    }
}
