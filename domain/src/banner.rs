//! The stage backdrop's title (khánh tiết), from the template of Decree
//! 111/2018/NĐ-CP as plans write it:
//!
//! ```text
//! TÊN CƠ QUAN, ĐƠN VỊ TỔ CHỨC
//! NGÀY HỘI
//! TOÀN DÂN BẢO VỆ AN NINH TỔ QUỐC NĂM 2026
//! Tân Lập, ngày 19 tháng 8 năm 2026
//! ```

use crate::event::EventMeta;

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
