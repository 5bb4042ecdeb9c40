//! Server-rendered charts (plotters, SVG). Each has a title with its n and a labelled axis; the
//! page shows the same numbers in a table beside it, for screen readers and for copying. Text is
//! escaped by plotters' SVG backend; right-to-left labels are prepared by `bidi`.

use super::bidi::TextOrder;
use super::{encode_png, register_fonts};
use plotters::coord::ranged1d::SegmentedCoord;
use plotters::coord::types::{RangedCoordf64, RangedCoordusize};
use plotters::prelude::*;

pub struct Bar {
    pub label: String,
    pub value: f64,
    /// A 95% interval drawn as an error bar.
    pub interval: Option<(f64, f64)>,
}

/// A horizontal bar chart from 0 to 1: its title (with n), axis label and bars.
pub struct ChartSpec {
    pub title: String,
    pub x_label: String,
    pub bars: Vec<Bar>,
    /// The end of the value axis (1 for shares).
    pub x_max: f64,
}

impl ChartSpec {
    pub fn new(title: String, x_label: &str, bars: Vec<Bar>) -> Self {
        Self {
            title,
            x_label: x_label.to_owned(),
            bars,
            x_max: 1.0,
        }
    }

    /// Counts rather than shares: the axis runs to the largest bar.
    pub fn counts(mut self) -> Self {
        self.x_max = self.bars.iter().map(|b| b.value).fold(1.0, f64::max) * 1.05;
        self
    }

    fn height(&self) -> u32 {
        90 + BAR_HEIGHT * self.bars.len().max(1) as u32
    }
}

const WIDTH: u32 = 720;
const BAR_HEIGHT: u32 = 46;
const LABEL_CHARS: usize = 30;
const BRAND: RGBColor = RGBColor(29, 78, 137);

fn short(label: &str) -> String {
    if label.chars().count() <= LABEL_CHARS {
        label.to_owned()
    } else {
        let cut: String = label.chars().take(LABEL_CHARS - 1).collect();
        format!("{}…", cut.trim_end())
    }
}

type BarCoord = Cartesian2d<RangedCoordf64, SegmentedCoord<RangedCoordusize>>;

/// What every bar chart shares: a white ground, the title, the value axis from 0 to `x_max` with
/// its label, and one row per bar named by its (shortened) label.
fn bar_frame<'a, 'b, DB: DrawingBackend>(
    root: &'a DrawingArea<DB, plotters::coord::Shift>,
    order: TextOrder,
    title: &str,
    x_label: &str,
    x_max: f64,
    labels: impl Iterator<Item = &'b str>,
) -> Result<ChartContext<'a, DB, BarCoord>, DrawingAreaErrorKind<DB::ErrorType>> {
    root.fill(&WHITE)?;
    let labels: Vec<String> = labels
        .map(|l| order.apply(&short(l)).into_owned())
        .collect();
    let mut chart = ChartBuilder::on(root)
        .caption(order.apply(title), ("sans-serif", 18))
        .margin(10)
        .x_label_area_size(40)
        .y_label_area_size(230)
        .build_cartesian_2d(0f64..x_max, (0..labels.len()).into_segmented())?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .x_desc(order.apply(x_label))
        .y_label_formatter(&|v| match v {
            SegmentValue::CenterOf(i) | SegmentValue::Exact(i) => {
                labels.get(*i).cloned().unwrap_or_default()
            }
            SegmentValue::Last => String::new(),
        })
        .label_style(("sans-serif", 13))
        .draw()?;
    Ok(chart)
}

fn draw<DB: DrawingBackend>(
    root: DrawingArea<DB, plotters::coord::Shift>,
    order: TextOrder,
    spec: &ChartSpec,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let labels = spec.bars.iter().map(|b| b.label.as_str());
    let mut chart = bar_frame(&root, order, &spec.title, &spec.x_label, spec.x_max, labels)?;
    chart.draw_series(spec.bars.iter().enumerate().map(|(i, bar)| {
        let mut rect = Rectangle::new(
            [
                (0.0, SegmentValue::Exact(i)),
                (bar.value, SegmentValue::Exact(i + 1)),
            ],
            BRAND.filled(),
        );
        rect.set_margin(8, 8, 0, 0);
        rect
    }))?;
    chart.draw_series(spec.bars.iter().enumerate().filter_map(|(i, bar)| {
        bar.interval.map(|(low, high)| {
            ErrorBar::new_horizontal(
                SegmentValue::CenterOf(i),
                low,
                bar.value,
                high,
                BLACK.stroke_width(2),
                10,
            )
        })
    }))?;
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

fn draw_stacked<DB: DrawingBackend>(
    root: DrawingArea<DB, plotters::coord::Shift>,
    order: TextOrder,
    spec: &StackedSpec,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let labels = spec.rows.iter().map(|(label, _)| label.as_str());
    let mut chart = bar_frame(&root, order, &spec.title, &spec.x_label, 1.0, labels)?;
    for (part, name) in spec.parts.iter().enumerate() {
        let colour = SHADES[part.min(SHADES.len() - 1)];
        chart
            .draw_series(spec.rows.iter().enumerate().map(|(i, (_, shares))| {
                let start: f64 = shares[..part].iter().sum();
                let end = start + shares.get(part).copied().unwrap_or(0.0);
                let mut rect = Rectangle::new(
                    [
                        (start, SegmentValue::Exact(i)),
                        (end, SegmentValue::Exact(i + 1)),
                    ],
                    colour.filled(),
                );
                rect.set_margin(8, 8, 0, 0);
                rect
            }))?
            .label(name.as_str())
            .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 10, y + 5)], colour.filled()));
    }
    chart
        .configure_series_labels()
        .background_style(WHITE.mix(0.9))
        .border_style(BLACK)
        .position(SeriesLabelPosition::UpperRight)
        .label_font(("sans-serif", 12))
        .draw()?;
    root.present()
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

fn draw_quadrant<DB: DrawingBackend>(
    root: DrawingArea<DB, plotters::coord::Shift>,
    order: TextOrder,
    spec: &QuadrantSpec,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    root.fill(&WHITE)?;
    let mut chart = ChartBuilder::on(&root)
        .caption(order.apply(&spec.title), ("sans-serif", 18))
        .margin(15)
        .x_label_area_size(40)
        .y_label_area_size(50)
        .build_cartesian_2d(
            spec.x_range.0..spec.x_range.1,
            spec.y_range.0..spec.y_range.1,
        )?;
    chart
        .configure_mesh()
        .x_desc(order.apply(&spec.x_label))
        .y_desc(order.apply(&spec.y_label))
        .label_style(("sans-serif", 13))
        .draw()?;
    let (cx, cy) = spec.cross;
    let dashed = BLACK.mix(0.5).stroke_width(1);
    chart.draw_series(DashedLineSeries::new(
        [(cx, spec.y_range.0), (cx, spec.y_range.1)],
        6,
        4,
        dashed,
    ))?;
    chart.draw_series(DashedLineSeries::new(
        [(spec.x_range.0, cy), (spec.x_range.1, cy)],
        6,
        4,
        dashed,
    ))?;
    chart.draw_series(
        spec.points
            .iter()
            .map(|(_, x, y)| Circle::new((*x, *y), 6, BRAND.filled())),
    )?;
    chart.draw_series(spec.points.iter().map(|(label, x, y)| {
        Text::new(
            order.apply(&short(label)).into_owned(),
            (*x, *y),
            ("sans-serif", 13).into_font().color(&BLACK),
        )
    }))?;
    root.present()
}

/// Any of the dashboard's charts, as the page and its downloads draw it.
pub enum Chart {
    Bars(ChartSpec),
    Stacked(StackedSpec),
    Quadrant(QuadrantSpec),
}

impl Chart {
    fn height(&self) -> u32 {
        match self {
            Chart::Bars(spec) => spec.height(),
            Chart::Stacked(spec) => 120 + BAR_HEIGHT * spec.rows.len().max(1) as u32,
            Chart::Quadrant(_) => 420,
        }
    }

    fn draw<DB: DrawingBackend>(
        &self,
        root: DrawingArea<DB, plotters::coord::Shift>,
        order: TextOrder,
    ) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
        match self {
            Chart::Bars(spec) => draw(root, order, spec),
            Chart::Stacked(spec) => draw_stacked(root, order, spec),
            Chart::Quadrant(spec) => draw_quadrant(root, order, spec),
        }
    }

    pub fn svg(&self) -> String {
        render_svg(self.height(), |root| self.draw(root, TextOrder::Isolated))
    }

    pub fn png(&self) -> anyhow::Result<Vec<u8>> {
        register_fonts();
        let (width, height) = (WIDTH, self.height());
        let mut pixels = vec![0u8; (width * height * 3) as usize];
        {
            let root = BitMapBackend::with_buffer(&mut pixels, (width, height)).into_drawing_area();
            self.draw(root, TextOrder::Visual)
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
    render_svg(spec.height(), |root| draw(root, TextOrder::Isolated, spec))
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
    }
}
