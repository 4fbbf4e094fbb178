//! Values shown the way Vietnamese documents write them: 08:30, 19/08/2026,
//! 1.534, 1,5, 1.500.000 đ.

use crate::text::day::Day;

/// Formats minutes after midnight as `HH:MM`.
pub fn format_hhmm(minutes: u16) -> String {
    format!("{:02}:{:02}", (minutes / 60) % 24, minutes % 60)
}

/// Minutes after local midnight of a Unix time in ms, for a UTC offset in minutes.
pub fn local_minutes(unix_ms: u64, utc_offset_minutes: i32) -> u16 {
    let minutes = (unix_ms / 60_000) as i64 + i64::from(utc_offset_minutes);
    minutes.rem_euclid(24 * 60) as u16
}

/// "HH:MM ngày DD/MM/YYYY" for a Unix time in ms at a UTC offset, as a
/// Vietnamese document writes a date and time.
pub fn format_date_time(unix_ms: u64, utc_offset_minutes: i32) -> String {
    let offset = time::UtcOffset::from_whole_seconds(utc_offset_minutes * 60)
        .unwrap_or(time::UtcOffset::UTC);
    match time::OffsetDateTime::from_unix_timestamp((unix_ms / 1000) as i64) {
        Ok(at) => {
            let at = at.to_offset(offset);
            format!(
                "{:02}:{:02} ngày {:02}/{:02}/{}",
                at.hour(),
                at.minute(),
                at.day(),
                u8::from(at.month()),
                at.year()
            )
        }
        Err(_) => String::new(),
    }
}

/// A date as a document's place-and-date line writes it, by Decree
/// 30/2020/NĐ-CP: "ngày 07 tháng 02 năm 2026", "ngày 20 tháng 8 năm 2026".
/// Every such line (the report's, the banner's) is written by this one
/// function, so they cannot drift apart.
pub fn format_document_date(date: Day) -> String {
    format!(
        "ngày {} tháng {} năm {}",
        day_number(date.day()),
        month_number(date.month()),
        date.year()
    )
}

/// Decree 30/2020/NĐ-CP: days below 10 are written with a leading zero.
fn day_number(day: u8) -> String {
    format!("{day:02}")
}

/// Decree 30/2020/NĐ-CP: months 1 and 2 take a leading zero (so that "tháng
/// 1" cannot be lengthened into "tháng 10" by hand), the others not.
fn month_number(month: u8) -> String {
    if month <= 2 {
        format!("{month:02}")
    } else {
        month.to_string()
    }
}

/// Formats an integer scaled by 10^decimals the Vietnamese way: points
/// between thousands, a comma before decimals, no trailing zeros
/// (1500 with 3 decimals is "1,5"; 1234567 with none is "1.234.567").
pub fn format_decimal(value: u64, decimals: u32) -> String {
    let scale = 10u64.pow(decimals);
    let whole = (value / scale).to_string();
    let mut out = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    let frac = value % scale;
    if frac > 0 {
        let frac = format!("{frac:0width$}", width = decimals as usize);
        out.push(',');
        out.push_str(frac.trim_end_matches('0'));
    }
    out
}

/// An amount of money: "1.500.000 đ".
pub fn format_money(dong: u64) -> String {
    format!("{} đ", format_decimal(dong, 0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{parse_decimal, parse_hhmm};

    #[test]
    fn date_and_time_in_vietnam() {
        // 2026-08-19 01:30 UTC is 08:30 in Việt Nam.
        assert_eq!(
            format_date_time(1_787_103_000_000, 420),
            "08:30 ngày 19/08/2026"
        );
    }

    #[test]
    fn document_dates_follow_decree_30() {
        let on = |date: &str| format_document_date(Day::parse(date).unwrap());
        assert_eq!(on("2026-12-07"), "ngày 07 tháng 12 năm 2026");
        assert_eq!(on("2026-02-15"), "ngày 15 tháng 02 năm 2026");
        assert_eq!(on("2027-01-31"), "ngày 31 tháng 01 năm 2027");
        assert_eq!(on("2026-08-20"), "ngày 20 tháng 8 năm 2026");
        assert_eq!(on("2026-10-01"), "ngày 01 tháng 10 năm 2026");
    }

    #[test]
    fn local_minutes_applies_the_offset() {
        // 2026-08-19T00:30:00Z is 07:30 in Việt Nam (UTC+7).
        let ms = 1_787_099_400_000;
        assert_eq!(local_minutes(ms, 0), 30);
        assert_eq!(local_minutes(ms, 420), 450);
        assert_eq!(local_minutes(ms, -60), 24 * 60 - 30);
    }

    #[test]
    fn numbers_are_written_the_vietnamese_way_and_read_back() {
        assert_eq!(format_hhmm(450), "07:30");
        assert_eq!(parse_hhmm(&format_hhmm(450)), Ok(450));
        assert_eq!(format_decimal(1500, 3), "1,5");
        assert_eq!(format_decimal(1_234_567, 0), "1.234.567");
        assert_eq!(format_decimal(100, 0), "100");
        assert_eq!(format_decimal(250, 3), "0,25");
        assert_eq!(format_money(1_500_000), "1.500.000 đ");
        for (value, decimals) in [(1500, 3), (1_234_567, 0), (250, 3)] {
            assert_eq!(
                parse_decimal(&format_decimal(value, decimals), decimals),
                Some(value)
            );
        }
    }
}
