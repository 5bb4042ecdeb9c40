//! Server-rendered charts (plotters, SVG). Each has a title with its n and a labelled axis; the
//! page shows the same numbers in a table beside it, for screen readers and for copying. Text is
//! escaped by plotters' SVG backend.

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

fn draw<DB: DrawingBackend>(
    root: DrawingArea<DB, plotters::coord::Shift>,
    spec: &ChartSpec,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    root.fill(&WHITE)?;
    let labels: Vec<String> = spec.bars.iter().map(|b| short(&b.label)).collect();
    let mut chart = ChartBuilder::on(&root)
        .caption(&spec.title, ("sans-serif", 18))
        .margin(10)
        .x_label_area_size(40)
        .y_label_area_size(230)
        .build_cartesian_2d(0f64..spec.x_max, (0..spec.bars.len()).into_segmented())?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .x_desc(spec.x_label.as_str())
        .y_label_formatter(&|v| match v {
            SegmentValue::CenterOf(i) | SegmentValue::Exact(i) => {
                labels.get(*i).cloned().unwrap_or_default()
            }
            SegmentValue::Last => String::new(),
        })
        .label_style(("sans-serif", 13))
        .draw()?;
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

/// The chart as SVG (text escaped by plotters).
pub fn svg(spec: &ChartSpec) -> String {
    // Text is measured with the embedded font, also for SVG.
    crate::card::register_fonts();
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (WIDTH, spec.height())).into_drawing_area();
        if let Err(error) = draw(root, spec) {
            tracing::warn!(%error, "drawing a chart");
        }
    }
    out
}

/// The chart as PNG, at twice the size for print, with the embedded font.
pub fn png(spec: &ChartSpec) -> anyhow::Result<Vec<u8>> {
    crate::card::register_fonts();
    let (width, height) = (WIDTH, spec.height());
    let mut pixels = vec![0u8; (width * height * 3) as usize];
    {
        let root = BitMapBackend::with_buffer(&mut pixels, (width, height)).into_drawing_area();
        draw(root, spec).map_err(|e| anyhow::anyhow!("drawing a chart: {e}"))?;
    }
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.write_header()?.write_image_data(&pixels)?;
    Ok(out)
}

/// `GET /surveys/{id}/charts/{file}`: `<chart>.svg` or `<chart>.png`, with the page's filters.
pub async fn download_chart(
    axum::extract::State(state): axum::extract::State<crate::state::AppState>,
    axum::extract::Path((id, file)): axum::extract::Path<(i64, String)>,
    headers: axum::http::HeaderMap,
    axum::extract::RawQuery(query): axum::extract::RawQuery,
) -> axum::response::Response {
    use app::backend::Insights;
    use axum::http::{HeaderValue, StatusCode, header};
    use axum::response::IntoResponse;
    let Some(caller) = crate::logos::session_caller(&state, &headers).await else {
        return axum::response::Redirect::to("/login").into_response();
    };
    let Some((name, format)) = file.rsplit_once('.') else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let query = crate::export::query_from_pairs(query.as_deref().unwrap_or_default());
    let results = match state.backend.results(&caller, id, query).await {
        Ok(results) => results,
        Err(e) => {
            let status = StatusCode::from_u16(e.status_code()).unwrap_or(StatusCode::BAD_REQUEST);
            return (status, e.to_string()).into_response();
        }
    };
    let Some(spec) = crate::backend::chart_named(&results, name) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let disposition = HeaderValue::from_str(&format!(
        "attachment; filename=\"survey-{id}-{name}.{format}\""
    ))
    .unwrap_or(HeaderValue::from_static("attachment"));
    match format {
        "svg" => (
            [
                (
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("image/svg+xml"),
                ),
                (header::CONTENT_DISPOSITION, disposition),
            ],
            svg(&spec),
        )
            .into_response(),
        "png" => match tokio::task::spawn_blocking(move || png(&spec)).await {
            Ok(Ok(bytes)) => (
                [
                    (header::CONTENT_TYPE, HeaderValue::from_static("image/png")),
                    (header::CONTENT_DISPOSITION, disposition),
                ],
                bytes,
            )
                .into_response(),
            _ => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
        },
        _ => StatusCode::NOT_FOUND.into_response(),
    }
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
        let png = png(&spec).unwrap();
        assert!(png.starts_with(b"\x89PNG"));
        let svg = svg(&spec);
        assert!(svg.starts_with("<svg"), "{svg}");
        assert!(svg.contains("First choice (n = 20)"));
        assert!(svg.contains("Share of members"));
        assert!(svg.contains("Identity &lt;me&gt; &amp; mine"));
        assert!(!svg.contains("<me>"));
    }
}
