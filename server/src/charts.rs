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

const WIDTH: u32 = 720;
const BAR_HEIGHT: u32 = 46;
const LABEL_CHARS: usize = 30;

fn short(label: &str) -> String {
    if label.chars().count() <= LABEL_CHARS {
        label.to_owned()
    } else {
        let cut: String = label.chars().take(LABEL_CHARS - 1).collect();
        format!("{}…", cut.trim_end())
    }
}

/// Horizontal bars from 0 to `x_max`, one per label, with optional interval whiskers.
pub fn bar_chart(title: &str, x_label: &str, bars: &[Bar], x_max: f64, colour: RGBColor) -> String {
    // Text is measured with the embedded font, also for SVG.
    crate::card::register_fonts();
    let mut svg = String::new();
    let height = 90 + BAR_HEIGHT * bars.len().max(1) as u32;
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, height)).into_drawing_area();
        let drawn = (|| -> Result<(), Box<dyn std::error::Error + '_>> {
            root.fill(&WHITE)?;
            let labels: Vec<String> = bars.iter().map(|b| short(&b.label)).collect();
            let mut chart = ChartBuilder::on(&root)
                .caption(title, ("sans-serif", 18))
                .margin(10)
                .x_label_area_size(40)
                .y_label_area_size(230)
                .build_cartesian_2d(0f64..x_max, (0..bars.len()).into_segmented())?;
            chart
                .configure_mesh()
                .disable_y_mesh()
                .x_desc(x_label)
                .y_label_formatter(&|v| match v {
                    SegmentValue::CenterOf(i) | SegmentValue::Exact(i) => {
                        labels.get(*i).cloned().unwrap_or_default()
                    }
                    SegmentValue::Last => String::new(),
                })
                .label_style(("sans-serif", 13))
                .draw()?;
            chart.draw_series(bars.iter().enumerate().map(|(i, bar)| {
                let mut rect = Rectangle::new(
                    [
                        (0.0, SegmentValue::Exact(i)),
                        (bar.value, SegmentValue::Exact(i + 1)),
                    ],
                    colour.filled(),
                );
                rect.set_margin(8, 8, 0, 0);
                rect
            }))?;
            chart.draw_series(bars.iter().enumerate().filter_map(|(i, bar)| {
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
            root.present()?;
            Ok(())
        })();
        if let Err(error) = drawn {
            tracing::warn!(%error, "drawing a chart");
        }
    }
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bar_chart_is_an_svg_with_its_title_axis_and_escaped_labels() {
        let svg = bar_chart(
            "First choice (n = 20)",
            "Share of members",
            &[
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
            1.0,
            RGBColor(29, 78, 137),
        );
        assert!(svg.starts_with("<svg"), "{svg}");
        assert!(svg.contains("First choice (n = 20)"));
        assert!(svg.contains("Share of members"));
        assert!(svg.contains("Identity &lt;me&gt; &amp; mine"));
        assert!(!svg.contains("<me>"));
    }
}
