//! Validation of the free text officers type.

use crate::error::DomainError;

/// Longest name, title or place, in characters.
pub const MAX_TEXT: usize = 200;

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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn local_minutes_applies_the_offset() {
        // 2026-08-19T00:30:00Z is 07:30 in Việt Nam (UTC+7).
        let ms = 1_787_099_400_000;
        assert_eq!(local_minutes(ms, 0), 30);
        assert_eq!(local_minutes(ms, 420), 450);
        assert_eq!(local_minutes(ms, -60), 24 * 60 - 30);
    }
}
