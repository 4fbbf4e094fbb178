//! Validation of the free text officers type.

use crate::error::DomainError;

/// Longest name, title or place, in characters.
pub const MAX_TEXT: usize = 200;

/// Longest free text (an opinion, an answer), in characters.
pub const MAX_LONG_TEXT: usize = 2000;

/// Trims `input` and checks it is present and not too long.
pub fn required(field: &'static str, input: &str) -> Result<String, DomainError> {
    let text = optional(field, input)?;
    if text.is_empty() {
        return Err(DomainError::Empty { field });
    }
    Ok(text)
}

/// Trims `input` and checks it is not too long; empty is allowed.
pub fn optional(field: &'static str, input: &str) -> Result<String, DomainError> {
    let text = input.trim();
    if text.chars().count() > MAX_TEXT {
        return Err(DomainError::TooLong {
            field,
            max: MAX_TEXT,
        });
    }
    Ok(text.to_string())
}

/// Checks a stored text (from a bundle or storage) is within the limit.
pub fn check_len(field: &'static str, text: &str) -> Result<(), DomainError> {
    if text.chars().count() > MAX_TEXT {
        return Err(DomainError::TooLong {
            field,
            max: MAX_TEXT,
        });
    }
    Ok(())
}

/// Parses a time of day `HH:MM` into minutes after midnight.
pub fn parse_hhmm(input: &str) -> Result<u16, DomainError> {
    let bad = || DomainError::InvalidTime(input.to_string());
    let (h, m) = input.trim().split_once(':').ok_or_else(bad)?;
    if h.is_empty() || h.len() > 2 || m.len() != 2 {
        return Err(bad());
    }
    let h: u16 = h.parse().map_err(|_| bad())?;
    let m: u16 = m.parse().map_err(|_| bad())?;
    if h > 23 || m > 59 {
        return Err(bad());
    }
    Ok(h * 60 + m)
}

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

/// Parses a non-negative number with up to `decimals` decimal places, as
/// Vietnamese write it ("1,5") or with a point ("1.5"), into an integer
/// scaled by 10^decimals. Thousands separators are refused where they would
/// be ambiguous: with no decimals, "1.000" and "1,000" are read as 1000.
pub fn parse_decimal(input: &str, decimals: u32) -> Option<u64> {
    let input = input.trim().replace(' ', "");
    if input.is_empty() {
        return None;
    }
    let scale = 10u64.checked_pow(decimals)?;
    if decimals == 0 {
        // Whole numbers: "1.000" and "1,000" are thousands separators, and
        // only that ("1,5" guns is a typo, not fifteen).
        let mut groups = input.split(['.', ',']);
        let first = groups.next().unwrap_or("");
        let rest: Vec<&str> = groups.collect();
        let is_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if !is_digits(first)
            || (!rest.is_empty() && first.len() > 3)
            || rest.iter().any(|g| g.len() != 3 || !is_digits(g))
        {
            return None;
        }
        return input.replace(['.', ','], "").parse().ok();
    }
    let (whole, frac) = match input.split_once([',', '.']) {
        Some((w, f)) => (w, f),
        None => (input.as_str(), ""),
    };
    let is_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !is_digits(whole) || !is_digits(frac) || frac.len() > decimals as usize {
        return None;
    }
    let whole: u64 = whole.parse().ok()?;
    let frac: u64 = if frac.is_empty() {
        0
    } else {
        frac.parse::<u64>().ok()? * 10u64.pow(decimals - frac.len() as u32)
    };
    whole.checked_mul(scale)?.checked_add(frac)
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

/// Text made safe to place inside HTML or SVG markup, as content or as a
/// quoted attribute: names typed by officers or brought by a file may hold
/// anything.
pub fn escape_markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
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

    #[test]
    fn date_and_time_in_vietnam() {
        // 2026-08-19 01:30 UTC is 08:30 in Việt Nam.
        assert_eq!(
            format_date_time(1_787_103_000_000, 420),
            "08:30 ngày 19/08/2026"
        );
    }

    #[test]
    fn required_trims_and_refuses_empty() {
        assert_eq!(required("title", "  Lễ chào cờ ").unwrap(), "Lễ chào cờ");
        assert_eq!(
            required("title", "   "),
            Err(DomainError::Empty { field: "title" })
        );
    }

    #[test]
    fn length_counts_characters_not_bytes() {
        // 200 Vietnamese letters are 400 bytes but allowed.
        assert!(optional("place", &"ạ".repeat(200)).is_ok());
        assert!(optional("place", &"ạ".repeat(201)).is_err());
    }

    #[test]
    fn hhmm_round_trip() {
        assert_eq!(parse_hhmm("07:30"), Ok(450));
        assert_eq!(parse_hhmm("7:05"), Ok(425));
        assert!(parse_hhmm("24:00").is_err());
        assert!(parse_hhmm("07:3").is_err());
        assert!(parse_hhmm("abc").is_err());
        assert_eq!(format_hhmm(450), "07:30");
    }

    #[test]
    fn decimals_read_and_write_the_vietnamese_way() {
        assert_eq!(parse_decimal("1,5", 3), Some(1500));
        assert_eq!(parse_decimal("1.5", 3), Some(1500));
        assert_eq!(parse_decimal("12", 3), Some(12000));
        assert_eq!(parse_decimal("1.500.000", 0), Some(1_500_000));
        assert_eq!(parse_decimal("1 500 000", 0), Some(1_500_000));
        assert_eq!(parse_decimal("-1", 0), None);
        assert_eq!(parse_decimal("1,5", 0), None);
        assert_eq!(parse_decimal("1500.00", 0), None);
        assert_eq!(parse_decimal("abc", 0), None);
        assert_eq!(parse_decimal(",5", 3), None);
        assert_eq!(parse_decimal("99999999999999999999", 0), None);
        assert_eq!(format_decimal(1500, 3), "1,5");
        assert_eq!(format_decimal(1_234_567, 0), "1.234.567");
        assert_eq!(format_decimal(100, 0), "100");
        assert_eq!(format_decimal(250, 3), "0,25");
        assert_eq!(format_money(1_500_000), "1.500.000 đ");
        assert_eq!(
            escape_markup(r#"<img src=x onerror="a('b')">&"#),
            "&lt;img src=x onerror=&quot;a(&#39;b&#39;)&quot;&gt;&amp;"
        );
    }

    #[test]
    fn local_minutes_applies_the_offset() {
        // 2026-08-19T00:30:00Z is 07:30 in Việt Nam (UTC+7).
        let ms = 1_787_099_400_000;
        assert_eq!(local_minutes(ms, 0), 30);
        assert_eq!(local_minutes(ms, 420), 450);
        assert_eq!(local_minutes(ms, -60), 24 * 60 - 30);
    }
}
