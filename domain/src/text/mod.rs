//! Reading what officers type: free text checked against its limits,
//! times and decimal numbers parsed. Showing values is in [`crate::text::format`].

pub mod csv;
pub mod day;
pub mod format;
pub mod markup;
pub mod month;
pub mod search;

use crate::error::DomainError;

/// Longest name, title or place, in characters.
pub const MAX_TEXT: usize = 200;

/// Longest free text (an opinion, an answer), in characters.
pub const MAX_LONG_TEXT: usize = 2000;

/// [`MAX_TEXT`] as a form control's `maxlength`: written out, so that a
/// form states its limit as plain markup instead of formatting a number
/// each time it is drawn (the compiler checks the two agree).
pub const MAX_TEXT_ATTR: &str = "200";

/// [`MAX_LONG_TEXT`] as a form control's `maxlength`.
pub const MAX_LONG_TEXT_ATTR: &str = "2000";

const _: () = assert!(digits(MAX_TEXT_ATTR) == MAX_TEXT);
const _: () = assert!(digits(MAX_LONG_TEXT_ATTR) == MAX_LONG_TEXT);

/// The number a string of decimal digits spells, at compile time.
const fn digits(text: &str) -> usize {
    let bytes = text.as_bytes();
    let (mut i, mut n) = (0, 0);
    while i < bytes.len() {
        assert!(bytes[i].is_ascii_digit());
        n = n * 10 + (bytes[i] - b'0') as usize;
        i += 1;
    }
    n
}

/// Trims `input` and checks it is present and not too long.
pub fn required(field: &'static str, input: &str) -> Result<String, DomainError> {
    let text = optional(field, input)?;
    if text.is_empty() {
        return Err(DomainError::Empty { field });
    }
    Ok(text)
}

/// Trims `input` and checks it is not too long and holds no NUL character
/// (no database column keeps one; PostgreSQL refuses it); empty is allowed.
pub fn optional(field: &'static str, input: &str) -> Result<String, DomainError> {
    let text = input.trim();
    check_len(field, text)?;
    Ok(text.to_string())
}

/// Checks a stored text (from a bundle or storage) is within the limit and
/// holds no NUL character, which the app never writes.
pub fn check_len(field: &'static str, text: &str) -> Result<(), DomainError> {
    if text.chars().count() > MAX_TEXT {
        return Err(DomainError::TooLong {
            field,
            max: MAX_TEXT,
        });
    }
    if text.contains('\0') {
        return Err(DomainError::NulInText { field });
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

/// The non-empty lines of a multi-line text, trimmed (a list an officer
/// typed one item per line, a paragraph per line).
pub fn lines_of(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_nul_character_is_refused_with_a_message() {
        let refused = optional("place", "Nhà văn hoá\0").unwrap_err();
        assert_eq!(refused, DomainError::NulInText { field: "place" });
        assert!(refused.message_vi().contains("không hợp lệ"));
        assert!(check_len("place", "a\0b").is_err());
        assert_eq!(optional("place", " Sân \u{1ec7} ").unwrap(), "Sân \u{1ec7}");
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
    fn hhmm_reads_only_times_of_a_day() {
        assert_eq!(parse_hhmm("07:30"), Ok(450));
        assert_eq!(parse_hhmm("7:05"), Ok(425));
        assert!(parse_hhmm("24:00").is_err());
        assert!(parse_hhmm("07:3").is_err());
        assert!(parse_hhmm("abc").is_err());
    }

    #[test]
    fn decimals_read_the_vietnamese_way() {
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
    }
}
