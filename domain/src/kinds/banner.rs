//! The stage backdrop's title (khánh tiết), from the template of Decree
//! 111/2018/NĐ-CP as plans write it:
//!
//! ```text
//! TÊN CƠ QUAN, ĐƠN VỊ TỔ CHỨC
//! NGÀY HỘI
//! TOÀN DÂN BẢO VỆ AN NINH TỔ QUỐC NĂM 2026
//! Tân Lập, ngày 19 tháng 8 năm 2026
//! ```

use crate::error::DomainError;
use crate::kinds::event::EventMeta;
use crate::merge::items::{self, item};
use crate::text::format::format_document_date;

/// The backdrop's default width and height, in centimetres: a common
/// commune-hall backdrop of 6 m × 3 m.
pub const DEFAULT_SIZE_CM: (u32, u32) = (600, 300);

/// The largest backdrop side, in centimetres.
pub const MAX_SIDE_CM: u32 = 5_000;

/// The most lines a banner holds.
pub const MAX_LINES: usize = 8;

item! {
    /// The event's banner as officers adjusted it; one per event, with the
    /// event's id. Without it, or with no lines, the banner follows the
    /// template (so fixing the host name fixes the banner).
    pub struct Banner / BannerFields {
        /// The lines as edited; empty means "the template's lines".
        pub lines: Vec<String>,
        /// Backdrop width in centimetres; 0 means the default.
        pub width_cm: u32,
        /// Backdrop height in centimetres; 0 means the default.
        pub height_cm: u32,
    }
}

impl Banner {
    fn check_fields(f: &mut BannerFields) -> Result<(), DomainError> {
        if f.lines.len() > MAX_LINES {
            return Err(DomainError::OutOfRange("lines"));
        }
        for line in &mut f.lines {
            items::optional("line", line)?;
        }
        items::at_most("size", f.width_cm.into(), MAX_SIDE_CM.into())?;
        items::at_most("size", f.height_cm.into(), MAX_SIDE_CM.into())
    }
}

impl BannerFields {
    /// Sets the field a form control names (`line0`…, `width_m`,
    /// `height_m`); a name no control has is refused.
    pub fn set(&mut self, name: &str, value: &str) -> Result<(), DomainError> {
        let metres = |v: &str| {
            crate::text::parse_decimal(v, 2)
                .and_then(|cm| u32::try_from(cm).ok())
                .ok_or_else(|| DomainError::InvalidNumber(v.trim().to_string()))
        };
        match name {
            "width_m" => self.width_cm = metres(value)?,
            "height_m" => self.height_cm = metres(value)?,
            _ => {
                if let Some(i) = name
                    .strip_prefix("line")
                    .and_then(|i| i.parse::<usize>().ok())
                {
                    if i >= MAX_LINES {
                        return Err(DomainError::OutOfRange("lines"));
                    }
                    if self.lines.len() <= i {
                        self.lines.resize(i + 1, String::new());
                    }
                    self.lines[i] = value.to_string();
                } else {
                    return Err(DomainError::UnknownControl(name.to_string()));
                }
            }
        }
        Ok(())
    }
}

impl BannerFields {
    /// The lines to print: the edited ones, else the template's.
    pub fn effective_lines(&self, meta: &EventMeta) -> Vec<String> {
        if self.lines.iter().any(|l| !l.trim().is_empty()) {
            self.lines.clone()
        } else {
            lines(meta).to_vec()
        }
    }

    /// Keeps lines equal to the template's as "follow the template", so a
    /// later change of host name or date still reaches the banner.
    pub fn settle(&mut self, meta: &EventMeta) {
        let template = lines(meta);
        let trimmed: Vec<&str> = self.lines.iter().map(|l| l.trim()).collect();
        if trimmed.iter().all(|l| l.is_empty())
            || trimmed == template.iter().map(String::as_str).collect::<Vec<_>>()
        {
            self.lines.clear();
        }
    }

    /// Width and height in centimetres, defaults filled in.
    pub fn size_cm(&self) -> (u32, u32) {
        let pick = |v: u32, d: u32| if v == 0 { d } else { v };
        (
            pick(self.width_cm, DEFAULT_SIZE_CM.0),
            pick(self.height_cm, DEFAULT_SIZE_CM.1),
        )
    }
}

/// The four lines of the banner for an event.
pub fn lines(meta: &EventMeta) -> [String; 4] {
    let date = meta.date.value;
    let place = meta.place.value.trim();
    let place = if place.is_empty() { "....." } else { place };
    [
        meta.host_name.value.trim().to_uppercase(),
        "NGÀY HỘI".to_string(),
        format!("TOÀN DÂN BẢO VỆ AN NINH TỔ QUỐC NĂM {}", meta.year()),
        format!("{place}, {}", format_document_date(date)),
    ]
}

/// The banner drawn at the backdrop's proportions, as an SVG document in
/// centimetres (the print shop's unit). Each line gets a share of the
/// height by its weight (the title largest) and, if it would overflow the
/// width, is squeezed to fit (`textLength`), so any text fits itself.
pub fn svg(lines: &[String], width_cm: u32, height_cm: u32) -> String {
    let (w, h) = (f64::from(width_cm.max(1)), f64::from(height_cm.max(1)));
    let weights: Vec<f64> = (0..lines.len())
        .map(|i| match (lines.len(), i) {
            (4, 0) => 0.9,
            (4, 1) => 1.7,
            (4, 2) => 1.15,
            (4, 3) => 0.75,
            _ => 1.0,
        })
        .collect();
    let total: f64 = weights.iter().sum::<f64>().max(1.0);
    // Text fills 72% of the height; each line is 1.3 times its font size.
    let unit = h * 0.72 / total / 1.3;
    let mut y = h * 0.14;
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}cm\" height=\"{h}cm\" \
         viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"{label}\">\
         <rect width=\"{w}\" height=\"{h}\" fill=\"#b71c1c\"/>\
         <rect x=\"{m}\" y=\"{m}\" width=\"{iw}\" height=\"{ih}\" fill=\"none\" \
         stroke=\"#ffd54f\" stroke-width=\"{sw}\"/>",
        m = h * 0.03,
        iw = w - h * 0.06,
        ih = h * 0.94,
        sw = h * 0.008,
        // Named by its words, for a screen reader on the page and in the
        // file the print shop opens.
        label = crate::text::markup::escape_markup(&lines.join(" / ")),
    );
    for (i, (line, weight)) in lines.iter().zip(&weights).enumerate() {
        let size = unit * weight;
        y += size * 1.3;
        let last = lines.len() == 4 && i == 3;
        // Bold capitals average about 0.68 em wide; allow 90% of the width.
        let natural = line.chars().count() as f64 * size * if last { 0.5 } else { 0.68 };
        let fit = if natural > w * 0.9 {
            format!(
                " textLength=\"{}\" lengthAdjust=\"spacingAndGlyphs\"",
                w * 0.9
            )
        } else {
            String::new()
        };
        out.push_str(&format!(
            "<text x=\"{x}\" y=\"{y:.2}\" font-size=\"{size:.2}\" text-anchor=\"middle\" \
             font-family=\"Times New Roman, serif\" font-weight=\"{weight}\" \
             font-style=\"{style}\" fill=\"{fill}\"{fit}>{text}</text>",
            x = w / 2.0,
            weight = if last { "normal" } else { "bold" },
            style = if last { "italic" } else { "normal" },
            fill = if i == 1 || i == 2 {
                "#ffeb3b"
            } else {
                "#ffffff"
            },
            text = crate::text::markup::escape_markup(line),
        ));
        y -= size * 0.3;
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kinds::event::{Day, EventId, NewEvent};
    use crate::merge::clock::{DeviceId, Stamp};

    fn meta(host: &str, place: &str, date: &str) -> EventMeta {
        let stamp = Stamp {
            wall: 1,
            counter: 0,
            device: DeviceId(uuid::Uuid::nil()),
        };
        let new = NewEvent {
            host_name: host.into(),
            place: place.into(),
            date: Day::parse(date).unwrap(),
            ..NewEvent::example()
        };
        EventMeta::create(EventId(uuid::Uuid::nil()), new, stamp)
    }

    #[test]
    fn the_banner_follows_the_template_with_vietnamese_capitals() {
        let m = meta("Ủy ban nhân dân xã Tân Lập", "Tân Lập", "2026-08-19");
        assert_eq!(
            lines(&m),
            [
                "ỦY BAN NHÂN DÂN XÃ TÂN LẬP".to_string(),
                "NGÀY HỘI".to_string(),
                "TOÀN DÂN BẢO VỆ AN NINH TỔ QUỐC NĂM 2026".to_string(),
                "Tân Lập, ngày 19 tháng 8 năm 2026".to_string(),
            ]
        );
    }

    #[test]
    fn dates_follow_the_decree_and_a_missing_place_is_left_to_fill() {
        let m = meta("Công an phường Đống Đa", "", "2027-02-05");
        assert_eq!(lines(&m)[0], "CÔNG AN PHƯỜNG ĐỐNG ĐA");
        assert_eq!(lines(&m)[2], "TOÀN DÂN BẢO VỆ AN NINH TỔ QUỐC NĂM 2027");
        assert_eq!(lines(&m)[3], "....., ngày 05 tháng 02 năm 2027");
    }

    #[test]
    fn the_svg_keeps_the_proportions_and_squeezes_long_lines() {
        let m = meta("Ủy ban nhân dân xã Tân Lập", "Tân Lập", "2026-08-19");
        let text = svg(&lines(&m), 600, 300);
        assert!(text.contains("viewBox=\"0 0 600 300\""));
        assert!(text.contains("width=\"600cm\""));
        assert!(text.contains(">NGÀY HỘI</text>"));
        // The longest line would overflow 6 m at its size: it is squeezed.
        assert_eq!(text.matches("textLength").count(), 2);
        let narrow = svg(&["A & <B>".to_string()], 100, 300);
        assert!(narrow.contains(">A &amp; &lt;B&gt;</text>"));
    }

    #[test]
    fn lines_equal_to_the_template_keep_following_it() {
        let m = meta("Ủy ban nhân dân xã Tân Lập", "Tân Lập", "2026-08-19");
        let mut f = BannerFields {
            lines: lines(&m).to_vec(),
            ..Default::default()
        };
        f.settle(&m);
        assert!(f.lines.is_empty());
        f.set("line0", "UBND XÃ TÂN LẬP").unwrap();
        f.settle(&m);
        assert_eq!(f.lines, vec!["UBND XÃ TÂN LẬP".to_string()]);
        f.set("width_m", "8,5").unwrap();
        assert_eq!(f.width_cm, 850);
        assert!(f.set("line9", "x").is_err());
    }
}
