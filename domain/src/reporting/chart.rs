//! The dashboard's two charts as SVG documents, small enough to read at
//! 360 px and to turn into PNG: participation per unit (horizontal bars,
//! the unit's name above its bar, so long names fit a phone) and reporting
//! progress over the days around the deadline (a step line of the units
//! that have reported, against the number expected).

use crate::kinds::event::Day;
use crate::text::format::format_decimal;
use crate::text::markup::escape_markup;
use std::fmt::Write;

/// Width of every chart, in SVG units (it scales to its box).
pub const WIDTH: u32 = 360;

/// A chart: its SVG document, its size in SVG units, and its figures as
/// text (what a screen reader reads instead of the picture).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chart {
    /// The SVG document.
    pub svg: String,
    /// Its height (its width is [`WIDTH`]).
    pub height: u32,
    /// Its title.
    pub title: String,
    /// What it shows, row by row: a label and its value as written.
    pub figures: Vec<(String, String)>,
}
const FONT: &str = "font-family=\"Roboto, Arial, sans-serif\" font-size=\"12\"";

/// Horizontal bars: one per `(label, value)`, longest for the largest.
pub fn bars(title: &str, rows: &[(String, u64)]) -> Chart {
    bars_of(title, rows, 0)
}

/// [`bars`] of values stored with `decimals` places (kg stored in grams:
/// 3), written as officers read them ("1,5").
pub fn bars_of(title: &str, rows: &[(String, u64)], decimals: u32) -> Chart {
    let row_h = 34;
    let top = 24;
    let height = top + row_h * rows.len().max(1) as u32 + 8;
    let max = rows.iter().map(|(_, v)| *v).max().unwrap_or(0).max(1);
    let mut svg = header(height, title);
    for (i, (label, value)) in rows.iter().enumerate() {
        let y = top + row_h * i as u32;
        let w = (u64::from(WIDTH - 70) * value / max) as u32;
        let _ = write!(
            svg,
            "<text x=\"4\" y=\"{}\" {FONT} fill=\"#222\">{}</text>\
             <rect x=\"4\" y=\"{}\" width=\"{}\" height=\"12\" fill=\"#b71c1c\"/>\
             <text x=\"{}\" y=\"{}\" {FONT} fill=\"#222\">{}</text>",
            y + 12,
            escape_markup(label),
            y + 16,
            w.max(1),
            w + 10,
            y + 27,
            format_decimal(*value, decimals)
        );
    }
    svg.push_str("</svg>");
    Chart {
        svg,
        height,
        title: title.to_string(),
        figures: rows
            .iter()
            .map(|(label, value)| (label.clone(), format_decimal(*value, decimals)))
            .collect(),
    }
}

/// Units reported by each day from two weeks before `due` to a week after
/// (or `today`, if later): `reported_on` holds the day each unit's report
/// came; `expected` draws the target line.
pub fn progress(title: &str, due: Day, today: Day, reported_on: &[Day], expected: u64) -> Chart {
    let start = -14i64;
    let end = today.days_until(due).min(0).abs().max(7);
    let days = (end - start + 1) as u32;
    let (left, top, plot_w, plot_h) = (30u32, 28u32, WIDTH - 40, 140u32);
    let height = top + plot_h + 34;
    let max = expected.max(reported_on.len() as u64).max(1);
    let x = |d: i64| left + (plot_w * (d - start) as u32) / (days - 1).max(1);
    let y = |n: u64| top + plot_h - (plot_h as u64 * n / max) as u32;
    let mut svg = header(height, title);
    // The target and the deadline.
    let (ty, dx, bottom) = (y(expected), x(0), top + plot_h);
    let _ = write!(
        svg,
        "<line x1=\"{left}\" y1=\"{ty}\" x2=\"{right}\" y2=\"{ty}\" stroke=\"#888\" stroke-dasharray=\"4 3\"/>\
         <text x=\"2\" y=\"{ly}\" {FONT} fill=\"#555\">{expected}</text>\
         <line x1=\"{dx}\" y1=\"{top}\" x2=\"{dx}\" y2=\"{bottom}\" stroke=\"#b71c1c\"/>\
         <text x=\"{tx}\" y=\"{dy}\" {FONT} fill=\"#b71c1c\">Hạn {:02}/{:02}</text>",
        due.day(),
        due.month(),
        right = left + plot_w,
        ly = ty + 4,
        tx = dx.saturating_sub(30),
        dy = bottom + 16,
    );
    // The step line: reports received by the end of each day.
    let mut points = String::new();
    let mut figures = Vec::new();
    for d in start..=end {
        let by = reported_on
            .iter()
            .filter(|r| due.days_until(**r) <= d)
            .count() as u64;
        let _ = write!(points, "{},{} ", x(d), y(by));
        let day = due.plus_days(d);
        figures.push((
            format!("{:02}/{:02}", day.day(), day.month()),
            format!("{by} / {expected}"),
        ));
    }
    let sent = reported_on
        .iter()
        .filter(|r| today.days_until(**r) <= 0)
        .count();
    let _ = write!(
        svg,
        "<polyline points=\"{}\" fill=\"none\" stroke=\"#1565c0\" stroke-width=\"2\"/>\
         <line x1=\"{left}\" y1=\"{bottom}\" x2=\"{right}\" y2=\"{bottom}\" stroke=\"#222\"/>\
         <text x=\"{left}\" y=\"{ly}\" {FONT} fill=\"#222\">Đã gửi {sent} / {expected}</text></svg>",
        points.trim_end(),
        right = left + plot_w,
        ly = bottom + 30,
    );
    Chart {
        svg,
        height,
        title: title.to_string(),
        figures,
    }
}

fn header(height: u32, title: &str) -> String {
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {height}\" width=\"{WIDTH}\" height=\"{height}\" role=\"img\" aria-label=\"{t}\">\
         <rect width=\"{WIDTH}\" height=\"{height}\" fill=\"#fff\"/>\
         <text x=\"4\" y=\"16\" font-family=\"Roboto, Arial, sans-serif\" font-size=\"13\" font-weight=\"700\" fill=\"#222\">{t}</text>",
        t = escape_markup(title)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_largest_and_escape_names() {
        let svg = bars(
            "Số người tham dự",
            &[("Xã <A>".into(), 1_534), ("Xã B".into(), 767)],
        )
        .svg;
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(svg.contains("Xã &lt;A&gt;"));
        assert!(svg.contains(">1.534<"));
        assert!(svg.contains("width=\"290\""), "{svg}");
        assert!(svg.contains("width=\"145\""), "{svg}");
        assert!(!bars("Trống", &[]).svg.contains("<rect x=\"4\""));
    }

    #[test]
    fn progress_counts_reports_by_day_against_the_target() {
        let due = Day::parse("2026-08-25").unwrap();
        let today = Day::parse("2026-08-27").unwrap();
        let sent = [
            Day::parse("2026-08-20").unwrap(),
            Day::parse("2026-08-25").unwrap(),
            Day::parse("2026-08-26").unwrap(),
        ];
        let svg = progress("Tiến độ gửi báo cáo", due, today, &sent, 4).svg;
        assert!(svg.contains("Hạn 25/08"));
        assert!(svg.contains("Đã gửi 3 / 4"));
        // The line ends at 3 of 4: 140 - 140 * 3 / 4 = 35 below the top.
        let last = svg
            .split("points=\"")
            .nth(1)
            .and_then(|p| p.split('"').next())
            .and_then(|p| p.split(' ').next_back())
            .unwrap();
        assert!(last.ends_with(&format!(",{}", 28 + 35)), "{last}");
    }
}
