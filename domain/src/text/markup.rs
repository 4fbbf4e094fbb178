//! Text placed inside HTML or SVG markup that the app builds as a string
//! (the banner's SVG, search highlights), and in the cells of a CSV file it
//! writes: escaped so that whatever an officer typed shows as text and never
//! runs.

use std::borrow::Cow;

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

/// A cell of a CSV file the app writes, made safe to open in a spreadsheet
/// (OWASP's advice against CSV injection): a cell a spreadsheet would take
/// for a formula, one starting with `=`, `+`, `-`, `@`, a tab or a carriage
/// return (spaces before it included, as a spreadsheet may drop them), gets
/// a leading apostrophe and shows as text. Every CSV writer passes every
/// cell through it. A plain number (digits, perhaps a minus sign and a
/// decimal point) runs nothing and is left as it is, so figures stay
/// numbers.
pub fn csv_cell(text: &str) -> Cow<'_, str> {
    let body = text.trim_start_matches(' ');
    if body.starts_with(['=', '+', '-', '@', '\t', '\r']) && !is_plain_number(body) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// A CSV document for Excel: UTF-8 with a byte-order mark (so Excel shows
/// the diacritics), CRLF line ends, every cell through [`csv_cell`].
pub fn csv_document(rows: &[Vec<String>]) -> String {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    for row in rows {
        // Writing to memory cannot fail.
        for cell in row {
            let _ = w.write_field(csv_cell(cell).as_bytes());
        }
        let _ = w.write_record(None::<&[u8]>);
    }
    let bytes = w.into_inner().unwrap_or_default();
    format!("\u{feff}{}", String::from_utf8_lossy(&bytes))
}

/// A number in stored units as a CSV cell: plain, no thousands points (the
/// receiving sheet formats it), a point before decimals ("1534",
/// "1.500" for 1,5 kg stored in grams).
pub fn csv_number(value: u64, decimals: u32) -> String {
    if decimals == 0 {
        value.to_string()
    } else {
        let d = 10u64.pow(decimals);
        format!("{}.{:0w$}", value / d, value % d, w = decimals as usize)
    }
}

/// `-12`, `1534`, `1.500`: a number as the app writes it in a CSV.
fn is_plain_number(text: &str) -> bool {
    let unsigned = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, "0"));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    digits(whole) && digits(fraction)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_that_would_run_as_formulas_are_text() {
        for (typed, written) in [
            (
                "=HYPERLINK(\"http://x\",\"y\")",
                "'=HYPERLINK(\"http://x\",\"y\")",
            ),
            ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
            ("-abc", "'-abc"),
            ("-1+2", "'-1+2"),
            ("-", "'-"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=1+1", "'\t=1+1"),
            ("\r=1+1", "'\r=1+1"),
            ("  =1+1", "'  =1+1"),
            // Numbers the sheet writes, and plain text, stay as they are.
            ("1534", "1534"),
            ("1.500", "1.500"),
            ("-12", "-12"),
            ("-0.5", "-0.5"),
            ("Xã Tân Lập", "Xã Tân Lập"),
            ("Tổng = 3", "Tổng = 3"),
            ("", ""),
        ] {
            assert_eq!(csv_cell(typed), written, "{typed:?}");
        }
        assert!(matches!(csv_cell("1534"), Cow::Borrowed(_)));
    }

    #[test]
    fn markup_in_typed_text_shows_as_text() {
        assert_eq!(
            escape_markup(r#"<img src=x onerror="a('b')">&"#),
            "&lt;img src=x onerror=&quot;a(&#39;b&#39;)&quot;&gt;&amp;"
        );
    }
}
