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
use crate::event::EventMeta;
use crate::items::{self, item};

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
    pub struct Banner / BannerFields as Banner {
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
    /// The lines to print: the edited ones, else the template's.
    pub fn effective_lines(&self, meta: &EventMeta) -> Vec<String> {
        if self.lines.iter().any(|l| !l.trim().is_empty()) {
            self.lines.clone()
        } else {
            lines(meta).to_vec()
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
        format!(
            "{place}, ngày {} tháng {} năm {}",
            day_number(date.day()),
            month_number(date.month()),
            date.year()
        ),
    ]
}

/// Decree 30/2020/NĐ-CP: days below 10 are written with a leading zero.
fn day_number(day: u8) -> String {
    format!("{day:02}")
}

/// Decree 30/2020/NĐ-CP: months 1 and 2 take a leading zero, the others not.
fn month_number(month: u8) -> String {
    if month <= 2 {
        format!("{month:02}")
    } else {
        month.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::{DeviceId, Stamp};
    use crate::event::{Day, EventId, NewEvent};

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
}
